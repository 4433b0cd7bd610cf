"""Where the plugin lives and what metadata.txt says about it (no QGIS needed)."""
import configparser
from pathlib import Path

PLUGIN_DIR = Path(__file__).resolve().parent
ICON_PATH = PLUGIN_DIR / "resources" / "icons" / "wertvoll.svg"


def plugin_metadata(key, default=""):
    """A value of the ``[general]`` section of metadata.txt."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(PLUGIN_DIR / "metadata.txt", encoding="utf-8")
    return parser.get("general", key, fallback=default)

"""metadata.txt is complete for the official QGIS plugin repository."""
import configparser
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def read_metadata():
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive (qgisMinimumVersion)
    parser.read(ROOT / "metadata.txt", encoding="utf-8")
    return parser["general"]


def test_required_keys_present_and_filled():
    meta = read_metadata()
    for key in ("name", "qgisMinimumVersion", "description", "about", "version", "author", "email"):
        assert meta.get(key, "").strip(), f"metadata.txt: {key} is empty"


def test_versions_and_flags():
    meta = read_metadata()
    assert meta["qgisMinimumVersion"] == "3.22"
    assert meta["qgisMaximumVersion"] == "4.99"
    assert meta["hasProcessingProvider"] == "yes"
    assert meta["experimental"] in ("True", "False")
    assert re.fullmatch(r"\d+\.\d+\.\d+", meta["version"])
    assert (ROOT / meta["icon"]).is_file()
    assert meta["category"] and len(meta["tags"].split(",")) >= 5


def test_german_and_english_texts():
    meta = read_metadata()
    assert meta["description[de]"] != meta["description"]
    assert "Kompensation" in meta["about[de]"] and "compensation" in meta["about"]


def test_changelog_matches_version():
    meta = read_metadata()
    assert meta["changelog"].startswith(meta["version"])
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{meta['version']}]" in changelog, "CHANGELOG.md has no section for this version"


def test_no_invented_addresses():
    """homepage/tracker/repository stay empty until publication, with a marked line to fill in."""
    meta = read_metadata()
    for key in ("homepage", "tracker", "repository"):
        assert key not in meta, f"{key} must not be invented before publication"
    assert "TO FILL IN AT PUBLICATION" in (ROOT / "metadata.txt").read_text(encoding="utf-8")

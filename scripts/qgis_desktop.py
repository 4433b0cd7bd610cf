"""Start the real QGIS desktop (``qgis.bin`` under ``xvfb-run``) with a throw-away profile.

Shared by the desktop test (tests/desktop/test_desktop.py) and ``make screenshots``
(scripts/screenshots.py): the packaged zip (``make package`` -> dist/wertvoll-<version>.zip)
is unpacked into a fresh profile and enabled, QGIS speaks German (``userLocale=de``), runs a
Python script at startup (``--code``) and nothing of the user's own profile or settings is
touched (``HOME`` points into the throw-away folder)::

    from qgis_desktop import make_profile, desktop_command, desktop_env
    profiles, plugins_dir = make_profile(tmp, zip_path, "wertvoll_test")
    subprocess.run(desktop_command(profiles, "wertvoll_test", script), env=desktop_env(tmp), timeout=240)
"""
import os
import shutil
import signal
import subprocess
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ("qgis.bin", "xvfb-run")
SCREEN = "1600x1000x24"


def missing_tools():
    """The programs needed for the desktop that are not on PATH (``make setup`` installs them)."""
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def plugin_zip(build_dir):
    """The zip ``make package`` built; built into *build_dir* only when it is missing."""
    import package

    built = ROOT / "dist" / f"wertvoll-{package.version()}.zip"
    if built.exists():
        return built
    print(f"{built} missing: building it (make builds it first)")
    return package.build(Path(build_dir) / "dist")


def make_profile(base, zip_path, name, locale="de", settings=""):
    """A QGIS profile *name* under ``base/profiles_root`` with the zip's plugin installed and enabled.

    *settings* is appended to QGIS3.ini (more ``[section]`` blocks). Returns
    ``(profiles_root, plugins_dir)``.
    """
    profiles = Path(base) / "profiles_root"
    profile = profiles / "profiles" / name
    plugins_dir = profile / "python" / "plugins"
    plugins_dir.mkdir(parents=True)
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(plugins_dir)
    ini = profile / "QGIS" / "QGIS3.ini"
    ini.parent.mkdir(parents=True)
    ini.write_text(
        "[PythonPlugins]\nwertvoll=true\n\n"
        "[qgis]\ncheckVersion=false\nshowTips=false\nallowVersionCheck=false\n\n"
        f"[locale]\noverrideFlag=true\nuserLocale={locale}\n" + (f"\n{settings}" if settings else ""),
        encoding="utf-8",
    )
    return profiles, plugins_dir


def desktop_env(home, **extra):
    """The environment for qgis.bin: a real (Xvfb) display, no plugin path of the caller, *home* as HOME."""
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "QGIS_PLUGINPATH")}
    env.update({key: str(value) for key, value in extra.items()}, HOME=str(home))
    return env


def desktop_command(profiles, name, code, screen=SCREEN):
    """qgis.bin under xvfb-run with the profile *name* and the startup script *code*."""
    return [
        "xvfb-run", "-a", "-s", f"-screen 0 {screen}",
        "qgis.bin", "--profiles-path", str(profiles), "--profile", name,
        "--nologo", "--noversioncheck", "--code", str(code),
    ]


def run_desktop(log_path, command, env, timeout):
    """Run *command* in its own process group, output to *log_path*; its exit code, None on time-out.

    On time-out the whole group ends (xvfb-run, Xvfb, qgis.bin): TERM, then KILL; nothing is left running.
    """
    log_path = Path(log_path)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "w", encoding="utf-8") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            return process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.killpg(process.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    process.wait(timeout=10)
                    break
                except subprocess.TimeoutExpired:
                    continue
            return None

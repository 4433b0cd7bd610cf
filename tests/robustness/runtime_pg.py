"""A throw-away PostgreSQL + PostGIS cluster on loopback for the PostGIS tests (issue #9).

:func:`start_cluster` runs ``initdb`` into a fresh temporary folder, starts the server with
``pg_ctl`` on a free port of 127.0.0.1 (its unix socket in the same folder, fsync off), creates
a database with ``CREATE EXTENSION postgis`` and returns a :class:`Cluster`; ``stop()`` shuts
it down and removes the folder. PostgreSQL refuses to run as root: as root the server runs as
the ``postgres`` user of the Debian package (via ``runuser``, else ``setpriv``), which owns the
folder. Needs the Debian packages postgresql and postgresql-15-postgis-3 (scripts/setup_system.sh
installs them); when something is missing, :class:`Unavailable` says what.
"""
import atexit
import glob
import os
import shutil
import socket
import stat
import subprocess
import tempfile
from pathlib import Path

DATABASE = "wertvoll_test"
USER = "wertvoll"


class Unavailable(Exception):
    """PostgreSQL/PostGIS cannot be started here; the message says why."""


def _bindir():
    """The bin folder of the newest installed PostgreSQL server that has PostGIS next to it."""
    found = []
    for initdb in glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        version = initdb.split("/")[4]
        if Path(f"/usr/share/postgresql/{version}/extension/postgis.control").exists():
            found.append((float(version), Path(initdb).parent))
    if not found:
        if not glob.glob("/usr/lib/postgresql/*/bin/initdb"):
            raise Unavailable("PostgreSQL is not installed (Debian: postgresql; scripts/setup_system.sh "
                              "installs it)")
        raise Unavailable("PostGIS is not installed for PostgreSQL (Debian: postgresql-15-postgis-3; "
                          "scripts/setup_system.sh installs it)")
    return sorted(found)[-1][1]


def _run_as():
    """Command prefix that runs the server as a non-root user (PostgreSQL refuses root)."""
    if os.geteuid() != 0:
        return [], None
    import pwd

    try:
        user = pwd.getpwnam("postgres")
    except KeyError as error:
        raise Unavailable("running as root and there is no 'postgres' user to run the server as") from error
    if shutil.which("runuser"):
        return ["runuser", "-u", "postgres", "--"], user
    if shutil.which("setpriv"):
        return ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--init-groups"], user
    raise Unavailable("running as root without runuser or setpriv to start the server as 'postgres'")


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _base_folder():
    """A temp folder every user can traverse (the server user must reach its data folder)."""
    base = Path(tempfile.gettempdir()).resolve()
    for folder in [base, *base.parents]:
        if not folder.stat().st_mode & stat.S_IXOTH:
            return "/tmp"
    return str(base)


class Cluster:
    """A running throw-away cluster; :attr:`uri` is the QGIS connection string of its database."""

    def __init__(self, folder, bindir, prefix, port):
        self.folder, self.bindir, self.prefix, self.port = folder, bindir, prefix, port
        self.host = "127.0.0.1"
        self.dbname = DATABASE
        self.uri = f"dbname='{DATABASE}' host={self.host} port={port} user='{USER}' sslmode=disable"

    def psql(self, sql, database=DATABASE):
        """Run *sql* with psql; returns its output (unaligned, tuples only)."""
        result = subprocess.run(
            [str(self.bindir / "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", self.host,
             "-p", str(self.port), "-U", USER, "-d", database, "-c", sql],
            capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            raise RuntimeError(f"psql failed: {result.stderr.strip()}")
        return result.stdout.strip()

    def layer_uri(self, table, geometry="geom", key=None, schema="public"):
        """QGIS 'postgres' provider source of *table* (``geometry`` None: a table without geometry)."""
        uri = self.uri
        if key:
            uri += f" key='{key}'"
        uri += f' table="{schema}"."{table}"'
        if geometry:
            uri += f" ({geometry})"
        return uri + " sql="

    def tables(self):
        return sorted(self.psql("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").split())

    def stop(self):
        """Shut the server down and remove its folder (again: nothing happens)."""
        if not self.folder.exists():
            return
        subprocess.run(self.prefix + [str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"), "-m",
                                      "immediate", "-w", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(self.folder, ignore_errors=True)


def start_cluster():
    """Start a throw-away cluster with a PostGIS database; raises :class:`Unavailable` with the reason."""
    bindir = _bindir()
    prefix, user = _run_as()
    folder = Path(tempfile.mkdtemp(prefix="wertvoll-pg-", dir=_base_folder()))
    try:
        if user is not None:
            os.chown(folder, user.pw_uid, user.pw_gid)
        run = dict(capture_output=True, text=True, timeout=120, cwd=str(folder))
        result = subprocess.run(prefix + [str(bindir / "initdb"), "-D", str(folder / "data"), "-U", USER,
                                          "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], **run)
        if result.returncode != 0:
            raise Unavailable(f"initdb failed: {(result.stderr or result.stdout).strip()[-400:]}")
        port = _free_port()
        options = (f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={folder} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=32MB "
                   "-c max_connections=40")
        result = subprocess.run(prefix + [str(bindir / "pg_ctl"), "-D", str(folder / "data"), "-l",
                                          str(folder / "server.log"), "-o", options, "-w", "-t", "60",
                                          "start"], **run)
        if result.returncode != 0:
            log = (folder / "server.log").read_text(errors="replace") if (folder / "server.log").exists() else ""
            raise Unavailable(f"pg_ctl start failed: {(result.stderr or result.stdout).strip()} {log[-400:]}")
        cluster = Cluster(folder, bindir, prefix, port)
        atexit.register(cluster.stop)  # also when the session ends without the fixture's teardown
        try:
            cluster.psql(f"CREATE DATABASE {DATABASE}", database="postgres")
            cluster.psql("CREATE EXTENSION postgis")
        except (RuntimeError, subprocess.TimeoutExpired) as error:
            cluster.stop()
            raise Unavailable(f"cannot create the PostGIS database: {error}") from error
        return cluster
    except BaseException:
        if folder.exists():
            subprocess.run(prefix + [str(bindir / "pg_ctl"), "-D", str(folder / "data"), "-m", "immediate",
                                     "stop"], capture_output=True, timeout=60)
            shutil.rmtree(folder, ignore_errors=True)
        raise

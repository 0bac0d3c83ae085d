"""A throwaway PostgreSQL + PostGIS server for the tests and the benchmarks.

Debian's server binaries (``make postgres`` installs ``postgresql-15`` and
``postgresql-15-postgis-3``) run a cluster made by ``initdb`` in a temporary folder, listening on
a free localhost port; it is stopped and the folder removed when the context ends, whatever
happened inside. ``initdb`` refuses to run as root: as root the cluster belongs to the
unprivileged ``postgres`` user (made by Debian's package) and its commands run through
``runuser``.

A template database with PostGIS is made once; :func:`new_database` copies it, so each test
gets a fresh, empty database in a fraction of a second.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)

TEMPLATE = "incidents_template"
SUPERUSER = "postgres"
START_TIMEOUT_S = 60
_counter = itertools.count(1)


class PostgresMissingError(RuntimeError):
    """No PostgreSQL server binaries (or no PostGIS) on this machine."""


def server_bin() -> Path:
    """The folder of ``initdb``/``pg_ctl``: Debian's newest ``/usr/lib/postgresql/N/bin``, else
    the one on ``PATH``."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
    )
    if found:
        return found[-1].parent
    on_path = shutil.which("pg_ctl")
    if on_path:
        return Path(on_path).resolve().parent
    raise PostgresMissingError(
        "no PostgreSQL server (pg_ctl): run `make postgres` "
        "(apt-get install postgresql-15 postgresql-15-postgis-3)"
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_owner(command: list[str]) -> list[str]:
    """``command`` run as the cluster's owner: ``postgres`` when we are root, else ourselves."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", SUPERUSER, "--", *command]


def _run(command: list[str]) -> None:
    done = subprocess.run(_as_owner(command), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")


@contextlib.contextmanager
def throwaway_postgis(*, durable: bool = False, **settings: str) -> Iterator[str]:
    """Start a PostgreSQL cluster with PostGIS; yield the URL of its template database.

    Parameters
    ----------
    durable : bool
        Keep ``fsync`` and synchronous commits on (the benchmarks, for figures a real server
        would give); the tests turn them off, as nothing must outlive the run.
    **settings
        Server settings (``shared_buffers="1GB"``), passed as ``-c name=value``.
    """
    import psycopg

    bindir = server_bin()
    home = Path(tempfile.mkdtemp(prefix="incident-map-pg-"))
    data = home / "data"
    if os.geteuid() == 0:
        owner = pwd.getpwnam(SUPERUSER)
        os.chown(home, owner.pw_uid, owner.pw_gid)
    os.chmod(home, 0o700)
    port = _free_port()
    options = [
        f"-p {port}",
        "-c listen_addresses=127.0.0.1",
        f"-c unix_socket_directories={home}",
        "-c max_connections=200",
    ]
    options += [f"-c {name}={value}" for name, value in settings.items()]
    if not durable:
        options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
    started = False
    try:
        _run(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
            ]
        )
        _run(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(home / "server.log"),
                "-o",
                " ".join(options),
                "-w",
                "-t",
                str(START_TIMEOUT_S),
                "start",
            ]
        )
        started = True
        base = f"postgresql://{SUPERUSER}@127.0.0.1:{port}"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as con:
            con.execute(f"CREATE DATABASE {TEMPLATE}")
        with psycopg.connect(f"{base}/{TEMPLATE}", autocommit=True) as con:
            try:
                con.execute("CREATE EXTENSION postgis")
            except psycopg.Error as err:
                raise PostgresMissingError(
                    f"PostGIS is missing ({err}): run `make postgres` "
                    "(apt-get install postgresql-15-postgis-3)"
                ) from err
        log.info("throwaway PostGIS on port %d in %s", port, home)
        yield f"{base}/{TEMPLATE}"
    finally:
        if started:
            try:
                _run([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"])
            except RuntimeError as err:
                log.warning("stopping the throwaway server: %s", err)
                _run([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"])
        shutil.rmtree(home, ignore_errors=True)


def new_database(template_url: str, *, name: str | None = None) -> str:
    """A new, empty database copied from the template (PostGIS in it); return its URL."""
    import psycopg

    base, _, template = template_url.rpartition("/")
    name = name or f"store_{os.getpid()}_{next(_counter)}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
    return f"{base}/{name}"

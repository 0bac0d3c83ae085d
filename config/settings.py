"""Every setting of the app in one frozen value, read once from the environment.

One prefix, ``INCIDENT_MAP_``; defaults under the project's data folder whatever the working
directory. The names of earlier versions (``MAPS_CHROMIUM``, ``INCIDENTS_GEOCODER_ONLINE``,
``INCIDENTS_GEOCODER_USER_AGENT``) are still read, with a warning, so no set-up breaks.

=====================================  ==================================================
``INCIDENT_MAP_DATA``                  folder of what the app writes (``data/``)
``INCIDENT_MAP_DB``                    the store: a SQLite file (``<data>/incidents.sqlite``),
                                       or ``postgresql://user@host/db`` for a shared
                                       PostgreSQL + PostGIS store
``INCIDENT_MAP_GEOCACHE``              the geocoder's cache (beside the store)
``INCIDENT_MAP_SEEDS``                 articles for a first start (``seeds/``)
``INCIDENT_MAP_CHROMIUM``              browser for the PNG export (``/usr/bin/chromium``)
``INCIDENT_MAP_GEOCODER_ONLINE``       ``1`` asks Nominatim for unknown names (off)
``INCIDENT_MAP_GEOCODER_USER_AGENT``   the user agent sent to Nominatim
=====================================  ==================================================
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

ENV_PREFIX = "INCIDENT_MAP_"
PROJECT = Path(__file__).resolve().parents[1]
DEFAULT_USER_AGENT = "incident-map (offline-first conflict dashboard)"
_OLD_NAMES = {
    "CHROMIUM": "MAPS_CHROMIUM",
    "GEOCODER_ONLINE": "INCIDENTS_GEOCODER_ONLINE",
    "GEOCODER_USER_AGENT": "INCIDENTS_GEOCODER_USER_AGENT",
}
_TRUE = {"1", "true", "yes", "on"}
#: What a database URL starts with; anything else in ``INCIDENT_MAP_DB`` is a file path.
DATABASE_URL_SCHEMES = ("postgresql://", "postgres://")
_PASSWORD = re.compile(r"^(\w+://[^:/@]*):[^@/]*@")


def is_database_url(target: object) -> bool:
    """True when ``target`` is a PostgreSQL URL rather than a file path."""
    return isinstance(target, str) and target.startswith(DATABASE_URL_SCHEMES)


def shown(target: str | Path) -> str:
    """The store as messages may name it: a URL without its password."""
    return _PASSWORD.sub(r"\1@", str(target))


@dataclass(frozen=True)
class Settings:
    """What the environment sets (see the module's table for each name and default)."""

    data_dir: Path
    db: Path  # the SQLite file (unused when db_url is set)
    db_url: str | None  # a PostgreSQL store's URL, when INCIDENT_MAP_DB is one
    geocache: Path | None  # set explicitly, else beside the store (see geocache_for)
    seeds: Path
    chromium: str | None
    geocoder_online: bool
    geocoder_user_agent: str

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read the settings from ``environ`` (the process environment by default)."""
        env = os.environ if environ is None else environ

        def get(name: str) -> str | None:
            value = env.get(ENV_PREFIX + name)
            old = _OLD_NAMES.get(name)
            if value is None and old and env.get(old) is not None:
                log.warning("%s is deprecated: set %s%s instead", old, ENV_PREFIX, name)
                value = env.get(old)
            return value.strip() if value is not None and value.strip() else None

        data_dir = Path(get("DATA") or PROJECT / "data")
        target = get("DB")
        url = target if is_database_url(target) else None
        db = Path(target) if target and not url else data_dir / "incidents.sqlite"
        return cls(
            data_dir=data_dir,
            db=db,
            db_url=url,
            geocache=Path(geocache) if (geocache := get("GEOCACHE")) else None,
            seeds=Path(get("SEEDS") or PROJECT / "seeds"),
            chromium=get("CHROMIUM"),
            geocoder_online=(get("GEOCODER_ONLINE") or "").lower() in _TRUE,
            geocoder_user_agent=get("GEOCODER_USER_AGENT") or DEFAULT_USER_AGENT,
        )

    @property
    def store(self) -> str | Path:
        """The store to open: the PostgreSQL URL when set, else the SQLite file."""
        return self.db_url or self.db

    def geocache_for(self, db: str | Path | None = None) -> Path:
        """The geocoder's cache: the one set, else beside ``db`` (the store by default), or
        in the data folder when the store is a database server."""
        if self.geocache:
            return self.geocache
        target = db or self.store
        if is_database_url(target):
            return self.data_dir / "geocache.sqlite"
        return Path(target).with_name("geocache.sqlite")


def load_settings() -> Settings:
    """The settings of this process, read from its environment now."""
    return Settings.from_env()

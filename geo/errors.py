"""The exceptions of the ``geo`` package: one tree, leaves also inheriting a builtin.

::

    GeoError(Exception)
    ├── GazetteerError(GeoError, ValueError)      the gazetteer file or one of its rows is invalid
    ├── GeonamesIndexError(GeoError, OSError)     the GeoNames index cannot be built or read
    └── CacheError(GeoError, OSError)             the resolution cache cannot be used
        ├── CorruptCacheError(CacheError)         not our SQLite cache: set aside and rebuilt
        ├── CacheUnavailableError(CacheError)     cannot be opened or written (read-only, missing
        │                                         folder, full disk, I/O error, lock): not corrupt
        └── CacheRowError(CacheError, ValueError) a row is unreadable: dropped and resolved again

Errors of the online service (``geopy.exc.GeopyError``) never leave the package: the resolver logs
them and falls back to the offline answer. Cache errors do not leave it either when the cache is
built by ``build_resolver()``: resolution then goes on without (or with a read-only) cache.
"""

from __future__ import annotations


class GeoError(Exception):
    """Base of every error raised by the ``geo`` package."""


class GazetteerError(GeoError, ValueError):
    """The gazetteer file cannot be read or one of its rows is invalid."""


class GeonamesIndexError(GeoError, OSError):
    """The GeoNames world index cannot be built or loaded."""


class CacheError(GeoError, OSError):
    """The SQLite resolution cache cannot be used."""


class CorruptCacheError(CacheError):
    """The cache file exists but is not our SQLite database (damaged, foreign, wrong schema)."""


class CacheUnavailableError(CacheError):
    """The cache file cannot be opened or written now; its content is not in question."""


class CacheRowError(CacheError, ValueError):
    """One cached row is not a valid place or "not found" record."""

"""The exceptions of the ``geo`` package: one tree, leaves also inheriting a builtin.

::

    GeoError(Exception)
    ├── GazetteerError(GeoError, ValueError)      the gazetteer file or one of its rows is invalid
    ├── GeonamesIndexError(GeoError, OSError)     the GeoNames index cannot be built or read
    └── CacheError(GeoError, OSError)             the resolution cache cannot be opened or written
        └── CorruptCacheError(CacheError)         the cache file is not a usable SQLite database

Errors of the online service (``geopy.exc.GeopyError``) never leave the package: the resolver logs
them and falls back to the offline answer.
"""

from __future__ import annotations


class GeoError(Exception):
    """Base of every error raised by the ``geo`` package."""


class GazetteerError(GeoError, ValueError):
    """The gazetteer file cannot be read or one of its rows is invalid."""


class GeonamesIndexError(GeoError, OSError):
    """The GeoNames world index cannot be built or loaded."""


class CacheError(GeoError, OSError):
    """The SQLite resolution cache cannot be opened or written."""


class CorruptCacheError(CacheError):
    """The cache file exists but is not a usable SQLite database."""

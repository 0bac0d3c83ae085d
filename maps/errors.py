"""The exceptions of ``maps``: one tree, each leaf also a builtin.

::

    MapsError
    ├── AssetsError (FileNotFoundError)          a vendored JS/CSS/data file is missing
    └── SnapshotError (RuntimeError)             a PNG snapshot could not be made
        └── BrowserUnavailableError              no Chromium to render it with

Foreign errors (Playwright's, OSError) are translated in one place with
``raise ... from err``.
"""

from __future__ import annotations


class MapsError(Exception):
    """Base of every error raised by ``maps``."""


class AssetsError(MapsError, FileNotFoundError):
    """A browser asset is missing from ``node_modules/`` or ``static/vendor/``."""


class SnapshotError(MapsError, RuntimeError):
    """A map snapshot could not be rendered."""


class BrowserUnavailableError(SnapshotError):
    """No headless Chromium (Playwright or the browser binary is missing)."""

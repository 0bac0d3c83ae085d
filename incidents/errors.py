"""The exception tree of the ``incidents`` package.

Every error the package raises on purpose is an :class:`IncidentsError`; each leaf also
inherits the builtin a caller would naturally catch::

    IncidentsError
    ├── ArticleError
    │   ├── EmptyArticleError          (ValueError)   nothing but whitespace
    │   ├── BinaryArticleError         (ValueError)   not text (NUL bytes, undecodable)
    │   ├── ArticleTooLargeError       (ValueError)   over MAX_ARTICLE_BYTES
    │   ├── UnsupportedLanguageError   (ValueError)   neither French nor English
    │   ├── ArticleNotFoundError       (FileNotFoundError)
    │   └── ArticleTimeoutError        (TimeoutError) processing ran past its deadline
    └── StoreError
        ├── StoreUnavailableError      (OSError)      the SQLite file cannot be opened or written
        ├── StoreCorruptError          (StoreUnavailableError) the file is damaged: recover it
        ├── InvalidRecordError         (ValueError)   one stored row cannot be read back
        ├── NameTakenError             (ValueError)   another text is stored under that name
        └── UnknownIncidentError       (KeyError)     no incident with that id in the store

Foreign errors (``UnicodeDecodeError``, ``sqlite3.Error``, ``OSError``) are translated in one
place with ``raise ... from err``.
"""

from __future__ import annotations


class IncidentsError(Exception):
    """Root of every error the ``incidents`` package raises."""


class ArticleError(IncidentsError):
    """An article cannot be read or is not one the pipeline handles."""


class EmptyArticleError(ArticleError, ValueError):
    """The article holds no text."""


class BinaryArticleError(ArticleError, ValueError):
    """The article is binary data, not text."""


class ArticleTooLargeError(ArticleError, ValueError):
    """The article is larger than the size limit."""


class UnsupportedLanguageError(ArticleError, ValueError):
    """The article is in a language the pipeline does not parse."""


class ArticleNotFoundError(ArticleError, FileNotFoundError):
    """No file at the given path."""


class ArticleTimeoutError(ArticleError, TimeoutError):
    """Processing the article ran past its deadline (``ARTICLE_DEADLINE_S``)."""


class StoreError(IncidentsError):
    """The incident store failed."""


class StoreUnavailableError(StoreError, OSError):
    """The SQLite store cannot be opened or written."""


class StoreCorruptError(StoreUnavailableError):
    """The SQLite file is damaged (not a database, failed integrity check): recover it by hand."""


class InvalidRecordError(StoreError, ValueError):
    """One stored row cannot be read back (bad JSON, missing field, impossible value)."""


class NameTakenError(StoreError, ValueError):
    """Another text is already stored under the article's name."""


class UnknownIncidentError(StoreError, KeyError):
    """No incident with that id in the store."""

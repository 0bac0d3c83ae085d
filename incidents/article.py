"""Read an article: decode, normalise, split off the ``date`` line, detect the language.

An article is a ``.txt`` file (or text given in memory) whose first line may be
``date YYYY-MM`` or ``date YYYY-MM-DD``. Bytes are decoded as UTF-8 (with or without BOM),
falling back to cp1252. Typographic apostrophes and quotes are replaced one character for
one (``’`` -> ``'``) before any NLP: spaCy's French tokenizer cuts ``l’ambassade`` wrongly.

Articles larger than :data:`MAX_ARTICLE_BYTES` (1 MB, some hundred times a long news story)
are refused with :class:`~incidents.errors.ArticleTooLargeError`: a file that big is a dump or a
mistake, and parsing it would stall the dashboard for minutes.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from incidents.errors import (
    ArticleNotFoundError,
    ArticleTooLargeError,
    BinaryArticleError,
    EmptyArticleError,
    UnsupportedLanguageError,
)
from incidents.fuzzydate import FuzzyDate, Precision
from incidents.model import Article

log = logging.getLogger(__name__)

MAX_ARTICLE_BYTES = 1_048_576  # 1 MB as Streamlit's uploader counts it (max_upload_size=1)
SUPPORTED_LANGUAGES = ("fr", "en")

# One character for one, so offsets computed on normalised text stay simple.
_TYPOGRAPHIC = str.maketrans(
    {
        "\u2019": "'",  # right single quotation mark
        "\u2018": "'",
        "\u201a": "'",
        "\u02bc": "'",  # modifier letter apostrophe
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',  # «
        "\u00bb": '"',  # »
        "\u00a0": " ",  # no-break space
        "\u202f": " ",  # narrow no-break space
        "\u2009": " ",
        "\u2010": "-",
        "\u2011": "-",
    }
)
_DATE_LINE = re.compile(
    r"\A\s*date\s*:?\s+([0-9]{4})-([0-9]{1,2})(?:-([0-9]{1,2}))?(?![0-9-])[ \t]*(?:\r?\n)?",
    re.IGNORECASE,
)
# Control characters (Unicode category Cc: U+0000-U+001F, U+007F-U+009F) but line breaks, tabs
# and form feeds: a text made of them is binary. One regex, not a category lookup per character.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# Documents a user may rename to .txt; their first bytes say what they are (their own
# specifications), whatever text they may also hold ("%PDF-1.4 ... (Two rockets hit) Tj").
_DOCUMENT_SIGNATURES = (
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP (Word, OpenDocument, EPUB)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Microsoft Office (Word 97-2003)"),
    (b"{\\rtf", "RTF"),
    (b"%!PS", "PostScript"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\x1f\x8b", "gzip"),
)
# Code points no UTF-8 text can hold: halves of UTF-16 surrogate pairs, alone in a str.
_SURROGATE = re.compile("[\ud800-\udfff]")


def decode_bytes(data: bytes) -> str:
    """Return the text of ``data``: UTF-8 (BOM or not), else cp1252.

    Raises
    ------
    BinaryArticleError
        On NUL bytes, undecodable bytes or a text made mostly of control characters.
    """
    for magic, kind in _DOCUMENT_SIGNATURES:
        if data.lstrip(b"\xef\xbb\xbf \t\r\n")[: len(magic)] == magic:
            raise BinaryArticleError(
                f"binary file ({kind}), not a text article: save or copy its text as .txt"
            )
    if b"\x00" in data[:65536]:
        raise BinaryArticleError("binary file (NUL bytes), not a text article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as err:
            raise BinaryArticleError("neither UTF-8 nor cp1252 text") from err
        log.info("decoded as cp1252")
    sample = text[:65536]
    if sample:
        bad = len(_CONTROL.findall(sample))
        if bad / len(sample) > 0.01:
            raise BinaryArticleError("binary file (control characters), not a text article")
    return text


def normalise_text(text: str) -> str:
    """Return ``text`` in NFC with typographic apostrophes, quotes and spaces made plain."""
    return unicodedata.normalize("NFC", text).translate(_TYPOGRAPHIC).replace("\r\n", "\n")


@lru_cache(maxsize=1)
def _detector(preloaded: bool = False):
    from lingua import Language, LanguageDetectorBuilder

    languages = [
        Language.FRENCH,
        Language.ENGLISH,
        Language.GERMAN,
        Language.SPANISH,
        Language.ITALIAN,
        Language.PORTUGUESE,
        Language.DUTCH,
        Language.ARABIC,
        Language.PERSIAN,
        Language.TURKISH,
        Language.RUSSIAN,
        Language.POLISH,
    ]
    builder = LanguageDetectorBuilder.from_languages(*languages)
    if preloaded:
        builder = builder.with_preloaded_language_models()
    return builder.build()


_preloaded = False


def preload_language_models() -> None:
    """Load all the language detector's models now, some seconds, rather than the first time
    a text needs each (then one text can take seconds): for a worker that reads many
    articles. A single article is quicker without."""
    global _preloaded
    if not _preloaded:
        _detector.cache_clear()
        _detector(preloaded=True)
        _preloaded = True


def detect_language(text: str) -> str:
    """Return the ISO 639-1 code of ``text``'s language (``fr`` or ``en``).

    Raises
    ------
    UnsupportedLanguageError
        When the text is in another language or no language can be told.
    """
    found = _detector(preloaded=_preloaded).detect_language_of(text[:5000])
    if found is None:
        raise UnsupportedLanguageError(
            "cannot tell the article's language (French or English expected)"
        )
    code = found.iso_code_639_1.name.lower()
    if code not in SUPPORTED_LANGUAGES:
        raise UnsupportedLanguageError(
            f"article in {found.name.title()} ({code}); only French and English are supported"
        )
    return code


@dataclass(frozen=True)
class DateLine:
    """What the first line of an article says of its date: the one reader of ``date`` lines.

    Attributes
    ----------
    date : FuzzyDate or None
        The publication date (precision day or month), or None with no valid date line.
    written : str or None
        The date as written when the text starts with a date line, valid or not
        (``"2020-13-40"``); None when it has none.
    rest : str
        The text after a valid date line (the whole text otherwise).
    end : int
        Where the date line ends in the text, valid or not (0 when there is none): what a
        new date line replaces.
    """

    date: FuzzyDate | None
    written: str | None
    rest: str
    end: int = 0


def read_date_line(text: str) -> DateLine:
    """Read the optional ``date YYYY-MM`` / ``date YYYY-MM-DD`` line that opens ``text``.

    An invalid date line is left in the text (``written`` says what it was): an impossible
    date (``date 2020-13``, ``date 2021-02-30``, year 0000) or digits other than ASCII
    ``0-9``. Any real date from year 1 to 9999 is taken as written; a date relative to it
    ("hier" in an article dated ``0001-01-01``) that would leave that range gives no date (see
    :mod:`incidents.dates`).
    """
    match = _DATE_LINE.match(text)
    if not match:
        return DateLine(None, None, text)
    year, month, day = match.groups()
    written = f"{year}-{month}" + (f"-{day}" if day else "")
    try:
        value = FuzzyDate.of(
            date(int(year), int(month), int(day) if day else 1),
            Precision.DAY if day else Precision.MONTH,
        )
    except ValueError:
        log.warning("ignoring invalid date line %r", match.group(0).strip())
        return DateLine(None, written, text, match.end())
    return DateLine(value, written, text[match.end() :].lstrip(), match.end())


def split_date_line(text: str) -> tuple[date | None, str | None, str]:
    """Return ``(pub_date, pub_precision, rest)``: :func:`read_date_line` as plain values.

    ``pub_date`` is the first day of the month for a ``date YYYY-MM`` line (precision
    ``month``).
    """
    line = read_date_line(text)
    if line.date is None:
        return None, None, text
    return line.date.day, line.date.precision.value, line.rest


def article_from_text(text: str | bytes, *, source: str, language: str | None = None) -> Article:
    """Return the :class:`Article` of ``text`` (str or bytes), named ``source``.

    Parameters
    ----------
    text : str or bytes
        The article, optionally starting with a ``date YYYY-MM[-DD]`` line.
    source : str
        Its name (the file name for a file), kept on every incident.
    language : str, optional
        ``fr`` or ``en`` to skip detection.

    Raises
    ------
    EmptyArticleError, BinaryArticleError, ArticleTooLargeError, UnsupportedLanguageError

    Notes
    -----
    A ``str`` may hold lone surrogates (U+D800 to U+DFFF: text decoded with
    ``surrogateescape``, or a broken UTF-16 source) that no UTF-8 file can: each is replaced
    with U+FFFD, the replacement character, as a decoder does for a bad byte, and the rest
    of the article is read. The size limit is counted on the cleaned text.
    """
    if isinstance(text, bytes | bytearray):
        if len(text) > MAX_ARTICLE_BYTES:
            raise ArticleTooLargeError(
                f"{len(text):,} bytes, over the {MAX_ARTICLE_BYTES:,}-byte limit for one article"
            )
        text = decode_bytes(bytes(text))
    else:
        text = _SURROGATE.sub("\ufffd", text)
    if len(text.encode("utf-8")) > MAX_ARTICLE_BYTES:
        raise ArticleTooLargeError(f"over the {MAX_ARTICLE_BYTES:,}-byte limit for one article")
    text = normalise_text(text.lstrip("\ufeff"))
    if "\x00" in text:
        raise BinaryArticleError("binary data (NUL characters), not a text article")
    pub_date, pub_precision, body = split_date_line(text)
    body = body.strip()
    if not body:
        raise EmptyArticleError("the article has no text")
    if language is None:
        language = detect_language(body)
    elif language not in SUPPORTED_LANGUAGES:
        raise UnsupportedLanguageError(f"language {language!r} is not supported (fr, en)")
    head = f"{pub_date.isoformat()[: 7 if pub_precision == 'month' else 10]}" if pub_date else ""
    digest = hashlib.sha256(f"{head}\n{body}".encode()).hexdigest()
    return Article(
        source=source,
        text=body,
        language=language,
        pub_date=pub_date,
        pub_precision=pub_precision,
        sha256=digest,
    )


def read_article_bytes(path: str | Path) -> bytes:
    """Return the bytes of the article file at ``path``, checked as :func:`read_article`
    checks them before decoding (what a worker process is sent to read).

    Raises
    ------
    ArticleNotFoundError, ArticleTooLargeError, EmptyArticleError
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_ARTICLE_BYTES + 1)
    except FileNotFoundError as err:
        raise ArticleNotFoundError(f"{path}: no such file") from err
    except IsADirectoryError as err:
        raise ArticleNotFoundError(f"{path}: is a directory") from err
    if len(data) > MAX_ARTICLE_BYTES:
        size = path.stat().st_size
        raise ArticleTooLargeError(
            f"{path.name}: {size:,} bytes, over the {MAX_ARTICLE_BYTES:,}-byte limit"
        )
    if not data.strip():
        raise EmptyArticleError(f"{path.name}: empty file")
    return data


def read_article(path: str | Path, *, language: str | None = None) -> Article:
    """Return the :class:`Article` in the file at ``path`` (source = the file name).

    Raises
    ------
    ArticleNotFoundError, EmptyArticleError, BinaryArticleError, ArticleTooLargeError,
    UnsupportedLanguageError
    """
    return article_from_text(read_article_bytes(path), source=Path(path).name, language=language)

"""What an upload or a pasted text becomes: its name, its date line, the checks before storing.

Plain functions the dashboard's forms call (and any other front end could): the page only
gathers the fields, calls :func:`prepare_article` then :func:`add_article`, and shows the
:class:`Outcome`.

- A pasted text with no name is named after its first words
  (``pasted-deux-roquettes-sont-tombees-sur-1a2b3c.txt``); a name typed without an extension
  gets ``.txt``; anything but ``.txt`` is refused.
- A publication date typed in the form (``YYYY-MM`` or ``YYYY-MM-DD``, a real day, not in the
  future) replaces the date line the text may have.
- The same text already stored under another name is not stored again (:class:`Outcome` says
  under which name it is).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from geo.normalize import fold
from incidents.article import article_from_text, decode_bytes, read_date_line
from incidents.coded import CodedFileError, read_coded
from incidents.errors import ArticleError, IncidentsError
from incidents.fuzzydate import FuzzyDate
from incidents.model import Article, Incident
from incidents.store import IncidentStore

# What the form's date field takes: a month or a day (a year alone is no publication date).
_DATE_FIELD = re.compile(r"[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?")


class IntakeError(ArticleError, ValueError):
    """What was submitted cannot become an article (no text, not a .txt name, a bad date)."""


@dataclass(frozen=True)
class Outcome:
    """What adding an article did, for the page to show.

    Attributes
    ----------
    kind : str
        ``success``, ``warning`` or ``error``.
    message : str
        One sentence naming the article (plain text: the page escapes it).
    source : str or None
        The stored article to show next (the new one, or the stored twin of its text).
    """

    kind: str
    message: str
    source: str | None = None


def date_field_problem(field: str, *, today: date) -> str | None:
    """Why a publication date typed in a form is not usable, or None."""
    if not _DATE_FIELD.fullmatch(field):
        return f"The date must be YYYY-MM or YYYY-MM-DD, not {field!r}."
    try:
        value = FuzzyDate.parse(field)
    except ValueError:
        return f"{field} is not a calendar date."
    if value.day > today:
        return f"{field} is in the future: an article cannot be published after today."
    return None


def pasted_name(text: str) -> str:
    """A name for pasted text from its first words: "pasted-deux-roquettes-ont-vise-1a2b3c.txt"."""
    body = text[read_date_line(text).end :]
    lines = [line for line in body.splitlines() if line.strip()]
    words = fold(lines[0] if lines else "").split()[:5]
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:6]
    return "-".join(["pasted", *words, digest]) + ".txt"


def submission_name(*, upload_name: str | None, typed: str, pasted: str) -> str:
    """The article's name: the uploaded file's, else the one typed, else one from its words.

    Raises
    ------
    IntakeError
        When the name is not a ``.txt`` file's.
    """
    if upload_name is not None:
        name = Path(upload_name).name
    else:
        name = typed.strip()
        if name and "." not in name:
            name += ".txt"  # a name typed without its extension
        name = name or pasted_name(pasted)
    if not name.lower().endswith(".txt"):
        raise IntakeError(f"{name}: only .txt articles are accepted.")
    return name


def prepare_article(
    *,
    upload: tuple[str, bytes] | None,
    pasted: str,
    typed_name: str = "",
    date_field: str = "",
    today: date,
) -> Article:
    """The :class:`Article` an upload (name, bytes) or a pasted text makes.

    Raises
    ------
    IntakeError
        Nothing submitted, a name that is not ``.txt``, or an unusable date field.
    ArticleError
        The text itself is refused (empty, binary, too large, another language).
    """
    date_field = date_field.strip()
    if date_field and (problem := date_field_problem(date_field, today=today)):
        raise IntakeError(problem)
    pasted = pasted.strip()
    if upload is None and not pasted:
        raise IntakeError("Choose a .txt file or paste the article's text first.")
    name = submission_name(
        upload_name=upload[0] if upload else None, typed=typed_name, pasted=pasted
    )
    text: str | bytes = upload[1] if upload else pasted
    if date_field:  # the field replaces a date line the text may already have
        body = decode_bytes(text) if isinstance(text, bytes) else text
        text = f"date {date_field}\n" + body[read_date_line(body).end :].lstrip()
    return article_from_text(text, source=name)


def add_article(
    store: IncidentStore,
    article: Article,
    *,
    extract: Callable[[Article], Sequence[Incident]],
    today: date,
) -> Outcome:
    """Store ``article`` with the incidents ``extract`` finds, unless its text is stored already.

    Errors of the pipeline or the store (:class:`~incidents.errors.IncidentsError`) are
    raised for the caller to show.
    """
    twin = store.source_of_text(article.sha256)
    if twin is not None and twin != article.source:
        return Outcome(
            "warning",
            f"{article.source}: the same text is already stored as {twin}; nothing added.",
            twin,
        )
    added = store.ingest(article, extract(article))
    notes = _date_notes(article, today=today)
    if added:
        kind = "warning" if notes else "success"
        return Outcome(kind, f"{article.source}: {added} incident(s) added.{notes}", article.source)
    return Outcome(
        "warning",
        f"{article.source}: stored, but no new incident (none reported, or already stored).{notes}",
        article.source,
    )


def _date_notes(article: Article, *, today: date) -> str:
    """What the page should say of the article's own date line, if anything."""
    # An invalid date line stays at the head of the article's text.
    if article.pub_date is None and read_date_line(article.text).written is not None:
        return " Its date line is not a valid date: it is stored undated."
    if article.pub_date is not None and article.pub_date > today:
        return f" Its date, {article.pub_date}, is in the future: check it."
    return ""


def submit_article(
    store: IncidentStore,
    *,
    upload: tuple[str, bytes] | None,
    pasted: str,
    typed_name: str = "",
    date_field: str = "",
    extract: Callable[[Article], Sequence[Incident]],
    today: date,
) -> Outcome:
    """:func:`prepare_article` then :func:`add_article`; an error becomes an ``error``
    outcome naming what was submitted."""
    try:
        article = prepare_article(
            upload=upload, pasted=pasted, typed_name=typed_name, date_field=date_field,
            today=today,
        )  # fmt: skip
        return add_article(store, article, extract=extract, today=today)
    except IncidentsError as err:
        name = upload[0] if upload is not None else typed_name.strip()
        return Outcome("error", f"{name}: {err}" if name else str(err))


def import_dataset(store: IncidentStore, *, name: str, data: bytes, origin: str) -> Outcome:
    """Import an ACLED or UCDP GED CSV (``origin`` "acled" or "ucdp"): the rows read, the
    new ones, and each bad row by line (the first ten named)."""
    name = Path(name).name
    try:
        read = read_coded(data, origin=origin, source=name)
        added = store.import_coded(read.incidents, dataset=name)
    except (CodedFileError, IncidentsError) as err:
        return Outcome("error", f"{name}: {err}")
    message = (
        f"{name}: {len(read.incidents)} event(s) read, {added} new "
        f"({len(read.incidents) - added} already stored)."
    )
    if read.errors:
        shown = "; ".join(str(e) for e in read.errors[:10])
        more = f" and {len(read.errors) - 10} more" if len(read.errors) > 10 else ""
        message += f" {len(read.errors)} bad row(s) left out: {shown}{more}."
    return Outcome("warning" if read.errors else "success", message)

"""Glue: files or text in, articles and their incidents out, one result per article.

The heavy objects (spaCy pipelines, the resolver) are built by the caller, once, and passed
in; :func:`load_resources` builds them the way the CLI does. :class:`LazyPipelines` loads a
language's spaCy pipeline the first time an article in it shows up, so an English-only run
never loads the French model.

Files go in batches (:data:`BATCH_SIZE`): :func:`read_file` reads one's bytes (what a worker
process is sent), :func:`process_files` decodes a batch, parses its texts together with
``nlp.pipe`` (:func:`incidents.nlp.parse_many`, one call per language) and extracts each
article's incidents; one article's failure is its result's error, never the batch's. An article
with no event word and no casualty cue (:func:`incidents.extract.screen.may_report_incident`)
reports no incident: it is stored without being parsed.
"""

from __future__ import annotations

import gc
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from config import load_settings
from geo.gazetteer import load_gazetteer
from geo.resolve import build_resolver
from geo.surface import surface_forms
from incidents.actors import ActorTable, load_actor_table, with_actors
from incidents.article import SUPPORTED_LANGUAGES, article_from_text, read_article_bytes
from incidents.errors import ArticleNotFoundError, ArticleTimeoutError, IncidentsError
from incidents.extract import ARTICLE_DEADLINE_S, PlaceResolver, extract_incidents
from incidents.extract.lookup import PlaceNames, add_place_lookup
from incidents.extract.screen import may_report_incident
from incidents.model import Article, Incident
from incidents.nlp import MAX_PARSE_CHARS, Parsed, country_forms, parse_many

log = logging.getLogger(__name__)

T = TypeVar("T")

BATCH_SIZE = 32
"""Articles read, parsed (``nlp.pipe``) and stored (one transaction) together."""


def default_db() -> str | Path:
    """The store: ``$INCIDENT_MAP_DB`` (a file, or a ``postgresql://`` URL), else
    ``data/incidents.sqlite`` (read at each call)."""
    return load_settings().store


def default_geocache(db_path: str | Path | None = None) -> Path:
    """The geocoder's cache: ``$INCIDENT_MAP_GEOCACHE``, else beside the store (in the data
    folder for a database server)."""
    return load_settings().geocache_for(db_path or None)


@dataclass(frozen=True)
class Result:
    """What one input gave: its article and incidents, or the error that stopped it."""

    path: str
    article: Article | None = None
    incidents: tuple[Incident, ...] = ()
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class ArticleFile:
    """An article file's bytes as read, or why it could not be read: what a worker is sent
    (a worker on another machine cannot open the path)."""

    path: str
    data: bytes | None = None
    error: str | None = None


class LazyPipelines(Mapping):
    """``{"fr": nlp, "en": nlp}`` whose pipelines are built on first use.

    Parameters
    ----------
    gazetteer :
        Passed to :func:`incidents.nlp.load_pipeline`.
    place_names : callable, optional
        Builds the gazetteer's names for place spotting by lookup
        (:func:`incidents.extract.lookup.add_place_lookup`), called once, when the first
        pipeline loads; None: no lookup (the model's and the entity ruler's places only).
    """

    def __init__(
        self, gazetteer: Any, *, place_names: Callable[[], PlaceNames] | None = None
    ) -> None:
        self._gazetteer = gazetteer
        self._place_names = place_names
        self._names: PlaceNames | None = None
        self._loaded: dict[str, Any] = {}

    def __getitem__(self, language: str) -> Any:
        if language not in SUPPORTED_LANGUAGES:
            raise KeyError(language)
        if language not in self._loaded:
            from incidents.nlp import load_pipeline

            nlp = load_pipeline(language, self._gazetteer)
            if self._place_names is not None:
                if self._names is None:
                    self._names = self._place_names()
                add_place_lookup(nlp, self._names, countries=country_forms(nlp))
            self._loaded[language] = nlp
            # The model, the gazetteer and the names live as long as the process: Python's
            # full collections need not walk them again (the first one after a load took
            # 0.4 s of a 200-article run); see :func:`gc.freeze`.
            gc.freeze()
        return self._loaded[language]

    def __iter__(self) -> Iterator[str]:
        return iter(SUPPORTED_LANGUAGES)

    def __len__(self) -> int:
        return len(SUPPORTED_LANGUAGES)


MEMO_SIZE = 20_000
"""Answers a :class:`MemoResolver` keeps in memory (then it starts again empty)."""

_UNSEEN = object()


class MemoResolver:
    """A resolver whose answers this process remembers, in front of its SQLite cache.

    The extraction asks the same names again and again ("Mali", "Bamako" in article after
    article): the offline resolver's answer to a request (mention, country hint, ``near``)
    never changes, so it is taken from a dict instead of the cache file (a query and a JSON
    decoding each time). A resolver with the online service on is asked every time (a name the
    service did not answer is asked again later). Every other attribute is the wrapped
    resolver's (``geocoder``, ``cache``, ``unresolved``).

    Parameters
    ----------
    resolver :
        ``geo.resolve``'s resolver (anything with ``resolve(mention, *, country_hint, near)``).
    size : int
        Answers kept; when full, the memory starts again empty.
    """

    def __init__(self, resolver: Any, *, size: int = MEMO_SIZE) -> None:
        self.resolver = resolver
        self.size = size
        self._answers: dict[tuple[str, str | None, Any], Any] = {}

    def resolve(self, mention: str, *, country_hint: str | None = None, near: Any = None) -> Any:
        if getattr(self.resolver, "online", None) is not None:
            return self.resolver.resolve(mention, country_hint=country_hint, near=near)
        key = (mention, country_hint, near)
        place = self._answers.get(key, _UNSEEN)
        if place is _UNSEEN:
            place = self.resolver.resolve(mention, country_hint=country_hint, near=near)
            if len(self._answers) >= self.size:
                self._answers.clear()
            self._answers[key] = place
        return place

    def __getattr__(self, name: str) -> Any:
        if name == "resolver":  # not set yet (a copy being built): no recursion
            raise AttributeError(name)
        return getattr(self.resolver, name)


def load_resources(*, geocache: str | Path | None = None) -> tuple[LazyPipelines, PlaceResolver]:
    """Return ``(nlp_by_language, resolver)``: the heavy objects the pipeline is given.

    The spaCy pipelines load on first use; the resolver is ``geo``'s offline default (online
    only when its environment setting asks), caching in ``geocache``, its answers remembered
    in memory too (:class:`MemoResolver`).
    """
    cache = Path(geocache) if geocache is not None else default_geocache()
    cache.parent.mkdir(parents=True, exist_ok=True)
    gazetteer = load_gazetteer()
    resolver = build_resolver(cache_path=cache)

    def place_names() -> PlaceNames:
        return surface_forms(resolver.geocoder.geonames, gazetteer)

    return LazyPipelines(gazetteer, place_names=place_names), MemoResolver(resolver)


def article_paths(inputs: Iterable[str | Path]) -> list[Path]:
    """Return the ``.txt`` files of ``inputs`` (files as given, folders searched, sorted).

    Raises
    ------
    ArticleNotFoundError
        When an input does not exist.
    """
    paths: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            paths.extend(sorted(p for p in path.rglob("*.txt") if p.is_file()))
        elif path.exists():
            paths.append(path)
        else:
            raise ArticleNotFoundError(f"{path}: no such file or directory")
    return paths


def process_article(
    article: Article,
    *,
    nlp_by_language: Mapping[str, Any],
    resolver: PlaceResolver,
    deadline_s: float | None = ARTICLE_DEADLINE_S,
    actors: ActorTable | None = None,
    parsed: Parsed | None = None,
) -> list[Incident]:
    """Return the incidents of ``article`` with the pipeline of its language, each with its
    actors (:func:`incidents.actors.with_actors`; ``actors``: the table, by default
    :func:`~incidents.actors.load_actor_table`'s, read once; ``parsed``: the text's analysis
    when the caller parsed it already, see :func:`incidents.extract.extract_incidents`).

    An article with no event word and no casualty cue gives none without being parsed
    (:func:`incidents.extract.screen.may_report_incident`).

    Raises
    ------
    ArticleTimeoutError
        When the extraction runs past ``deadline_s`` seconds (None: no limit).
    """
    if not may_report_incident(article.text, language=article.language):
        return []
    return _extract(
        article,
        nlp_by_language=nlp_by_language,
        resolver=resolver,
        deadline_s=deadline_s,
        actors=actors,
        parsed=parsed,
    )


def _extract(
    article: Article,
    *,
    nlp_by_language: Mapping[str, Any],
    resolver: PlaceResolver,
    deadline_s: float | None,
    actors: ActorTable | None = None,
    parsed: Parsed | None = None,
) -> list[Incident]:
    """:func:`process_article` of an article that passed the screen already."""
    table = actors if actors is not None else load_actor_table()
    return [
        with_actors(incident, table=table, context=article.text)
        for incident in extract_incidents(
            article,
            nlp=nlp_by_language[article.language],
            resolver=resolver,
            deadline_s=deadline_s,
            parsed=parsed,
        )
    ]


def process_text(
    text: str | bytes,
    *,
    source: str,
    nlp_by_language: Mapping[str, Any],
    resolver: PlaceResolver,
    deadline_s: float | None = ARTICLE_DEADLINE_S,
) -> Result:
    """Return the :class:`Result` of an article given in memory (an upload).

    An article that cannot be read, or whose extraction runs past ``deadline_s`` seconds
    (:class:`~incidents.errors.ArticleTimeoutError`), gives a result with ``error`` set.
    """
    try:
        article = article_from_text(text, source=source)
    except IncidentsError as err:
        return Result(source, error=str(err))
    try:
        incidents = process_article(
            article, nlp_by_language=nlp_by_language, resolver=resolver, deadline_s=deadline_s
        )
    except ArticleTimeoutError as err:
        log.warning("%s", err)
        return Result(source, error=str(err))
    return Result(source, article, tuple(incidents))


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last one shorter), read lazily."""
    if size < 1:
        raise ValueError(f"a batch holds at least one item, not {size}")
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def read_file(path: str | Path) -> ArticleFile:
    """Return the bytes of the article file at ``path``, or why they cannot be read."""
    try:
        return ArticleFile(str(path), read_article_bytes(path))
    except IncidentsError as err:
        return ArticleFile(str(path), error=str(err))
    except OSError as err:  # permission denied, an I/O error: this file only
        return ArticleFile(str(path), error=f"{path}: cannot be read: {err.strerror or err}")


def _parse_short_texts(
    articles: Sequence[Article], nlp_by_language: Mapping[str, Any]
) -> list[Parsed | Exception | None]:
    """Each article's text parsed with ``nlp.pipe`` alongside the others of its language, or
    the error its parse (or its pipeline's loading) raised; None for a text longer than one
    piece, which the extraction parses by itself, its deadline checked between pieces."""
    answers: list[Parsed | Exception | None] = [None] * len(articles)
    by_language: dict[str, list[int]] = defaultdict(list)
    for index, article in enumerate(articles):
        if len(article.text) <= MAX_PARSE_CHARS:
            by_language[article.language].append(index)
    for language, indexes in by_language.items():
        try:
            nlp = nlp_by_language[language]
            parsed = parse_many(nlp, [articles[i].text for i in indexes])
        except Exception as err:  # the pipeline did not load: each article says so
            log.exception("the %s pipeline failed", language)
            parsed = [err] * len(indexes)
        for index, answer in zip(indexes, parsed, strict=True):
            answers[index] = answer
    return answers


def process_files(
    files: Sequence[ArticleFile],
    *,
    nlp_by_language: Mapping[str, Any],
    resolver: PlaceResolver,
    deadline_s: float | None = ARTICLE_DEADLINE_S,
) -> list[Result]:
    """Return one :class:`Result` per file of a batch, in order.

    The texts of the batch are parsed together (``nlp.pipe``, one call per language), then
    each article's incidents are extracted, each within its own ``deadline_s``; an article
    that cannot report an incident (no event word, no casualty cue:
    :func:`incidents.extract.screen.may_report_incident`) is neither parsed nor extracted, its
    result has no incidents. A file that
    cannot be read or decoded, an article past its deadline and one that trips a bug
    (logged with its traceback) give a result with ``error`` set; the others are processed.
    """
    results: list[Result | None] = [None] * len(files)
    articles: list[tuple[int, Article]] = []
    for index, file in enumerate(files):
        if file.data is None:
            results[index] = Result(file.path, error=file.error or "not read")
            continue
        try:
            articles.append((index, article_from_text(file.data, source=Path(file.path).name)))
        except IncidentsError as err:
            log.debug("%s: %s", file.path, err)
            results[index] = Result(file.path, error=str(err))
        except Exception as err:  # a bug on one article must not stop the batch
            log.exception("%s: internal error", file.path)
            results[index] = Result(file.path, error=f"internal error, article skipped: {err!r}")
    reporting: list[tuple[int, Article]] = []
    for index, article in articles:
        if may_report_incident(article.text, language=article.language):
            reporting.append((index, article))
        else:  # no event word, no casualty cue: no incident, nothing to parse
            results[index] = Result(files[index].path, article)
    articles = reporting
    parsed = _parse_short_texts([article for _, article in articles], nlp_by_language)
    for (index, article), answer in zip(articles, parsed, strict=True):
        path = files[index].path
        try:
            if isinstance(answer, Exception):
                raise answer
            incidents = _extract(  # screened above
                article,
                nlp_by_language=nlp_by_language,
                resolver=resolver,
                deadline_s=deadline_s,
                parsed=answer,
            )
            results[index] = Result(path, article, tuple(incidents))
        except IncidentsError as err:
            log.debug("%s: %s", path, err)
            results[index] = Result(path, error=str(err))
        except Exception as err:  # a bug on one article must not stop the batch
            log.exception("%s: internal error", path)
            results[index] = Result(path, error=f"internal error, article skipped: {err!r}")
    return [result for result in results if result is not None]


def process_paths(
    paths: Iterable[str | Path],
    *,
    nlp_by_language: Mapping[str, Any],
    resolver: PlaceResolver,
    on_result: Callable[[Result], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> list[Result]:
    """Return one :class:`Result` per article file under ``paths``, in order.

    A file that cannot be read (empty, binary, too large, unsupported language, past its
    deadline) gives a result with ``error`` set; the others are still processed. So does an
    article that trips a bug (logged with its traceback): one article never stops a batch.

    Parameters
    ----------
    paths : iterable of str or Path
        Article files (:func:`article_paths` finds those of folders).
    nlp_by_language : mapping
        ``{"fr": nlp, "en": nlp}``, e.g. :class:`LazyPipelines`.
    resolver :
        ``geo.resolve``'s resolver.
    on_result : callable, optional
        Called with each result as soon as its batch is done (progress bars, storing).
    batch_size : int
        Articles parsed together (:func:`process_files`).
    """
    results = []
    for chunk in batches(paths, batch_size):
        for result in process_files(
            [read_file(path) for path in chunk], nlp_by_language=nlp_by_language, resolver=resolver
        ):
            if on_result is not None:
                on_result(result)
            results.append(result)
    return results

"""Glue: files or text in, articles and their incidents out, one result per article.

The heavy objects (spaCy pipelines, the resolver) are built by the caller, once, and passed
in; :func:`load_resources` builds them the way the CLI does. :class:`LazyPipelines` loads a
language's spaCy pipeline the first time an article in it shows up, so an English-only run
never loads the French model.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from config import load_settings
from geo.gazetteer import load_gazetteer
from geo.resolve import build_resolver
from incidents.actors import ActorTable, load_actor_table, with_actors
from incidents.article import SUPPORTED_LANGUAGES, article_from_text, read_article
from incidents.errors import ArticleNotFoundError, ArticleTimeoutError, IncidentsError
from incidents.extract import ARTICLE_DEADLINE_S, PlaceResolver, extract_incidents
from incidents.model import Article, Incident

log = logging.getLogger(__name__)


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


class LazyPipelines(Mapping):
    """``{"fr": nlp, "en": nlp}`` whose pipelines are built on first use.

    Parameters
    ----------
    gazetteer :
        Passed to :func:`incidents.nlp.load_pipeline`.
    """

    def __init__(self, gazetteer: Any) -> None:
        self._gazetteer = gazetteer
        self._loaded: dict[str, Any] = {}

    def __getitem__(self, language: str) -> Any:
        if language not in SUPPORTED_LANGUAGES:
            raise KeyError(language)
        if language not in self._loaded:
            from incidents.nlp import load_pipeline

            self._loaded[language] = load_pipeline(language, self._gazetteer)
        return self._loaded[language]

    def __iter__(self) -> Iterator[str]:
        return iter(SUPPORTED_LANGUAGES)

    def __len__(self) -> int:
        return len(SUPPORTED_LANGUAGES)


def load_resources(*, geocache: str | Path | None = None) -> tuple[LazyPipelines, PlaceResolver]:
    """Return ``(nlp_by_language, resolver)``: the heavy objects the pipeline is given.

    The spaCy pipelines load on first use; the resolver is ``geo``'s offline default (online
    only when its environment setting asks), caching in ``geocache``.
    """
    cache = Path(geocache) if geocache is not None else default_geocache()
    cache.parent.mkdir(parents=True, exist_ok=True)
    return LazyPipelines(load_gazetteer()), build_resolver(cache_path=cache)


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
) -> list[Incident]:
    """Return the incidents of ``article`` with the pipeline of its language, each with its
    actors (:func:`incidents.actors.with_actors`; ``actors``: the table, by default
    :func:`~incidents.actors.load_actor_table`'s, read once).

    Raises
    ------
    ArticleTimeoutError
        When the extraction runs past ``deadline_s`` seconds (None: no limit).
    """
    table = actors if actors is not None else load_actor_table()
    return [
        with_actors(incident, table=table, context=article.text)
        for incident in extract_incidents(
            article, nlp=nlp_by_language[article.language], resolver=resolver, deadline_s=deadline_s
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


def process_paths(
    paths: Iterable[str | Path],
    *,
    nlp_by_language: Mapping[str, Any],
    resolver: PlaceResolver,
    on_result: Callable[[Result], None] | None = None,
) -> list[Result]:
    """Return one :class:`Result` per article file under ``paths``.

    A file that cannot be read (empty, binary, too large, unsupported language, past its
    deadline) gives a result with ``error`` set; the others are still processed. So does an
    article that trips a bug (logged with its traceback): one article never stops a batch.

    Parameters
    ----------
    paths : iterable of str or Path
        Files and folders (searched for ``*.txt``).
    nlp_by_language : mapping
        ``{"fr": nlp, "en": nlp}``, e.g. :class:`LazyPipelines`.
    resolver :
        ``geo.resolve``'s resolver.
    on_result : callable, optional
        Called with each result as soon as it is ready (progress bars, storing).
    """
    results = []
    for path in paths:
        try:
            article = read_article(path)
            incidents = process_article(article, nlp_by_language=nlp_by_language, resolver=resolver)
            result = Result(str(path), article, tuple(incidents))
        except IncidentsError as err:
            log.debug("%s: %s", path, err)
            result = Result(str(path), error=str(err))
        except Exception as err:  # a bug on one article must not stop the batch
            log.exception("%s: internal error", path)
            result = Result(str(path), error=f"internal error, article skipped: {err!r}")
        if on_result is not None:
            on_result(result)
        results.append(result)
    return results

"""The pipeline's screen (:mod:`incidents.extract.screen`): an article with no event word and no
casualty cue is stored unparsed, and the screen never turns away an article the extraction
finds an incident in (real articles, their paragraphs, the real pipeline)."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

import pytest

from incidents.article import article_from_text
from incidents.casualties import may_state_casualties, sentence_casualties
from incidents.errors import IncidentsError
from incidents.extract import extract_incidents
from incidents.extract.screen import may_report_incident
from incidents.model import Article
from incidents.pipeline import ArticleFile, process_files
from tests.common import DEVSET, REPO, pipeline, pipelines, resolver

QUIET_FR = (
    "date 2021-03-02\nLe ministre de l'Éducation a inauguré mardi une école à Bamako, en "
    "présence du maire de la ville et de nombreux parents d'élèves.\n"
)
EVENT_FR = (
    "date 2021-03-02\nUne roquette est tombée mardi sur le quartier de Karrada à Bagdad, "
    "blessant deux civils.\n"
)
_PARAGRAPHS = re.compile(r"\n\s*\n|\n")
_SENTENCE_ENDS = re.compile(r"(?<=[.!?;])\s+|\n+")


@lru_cache(maxsize=1)
def real_articles() -> tuple[Article, ...]:
    """The seeds, the development set and the development part of the evaluation corpus (never
    its test part), each whole and each of its paragraphs under its date line (those the reader
    takes: a list of names may read as another language)."""
    folders = [REPO / "seeds", DEVSET / "articles"]
    with (REPO / "eval" / "split.csv").open(encoding="utf-8", newline="") as handle:
        dev = {row["file"] for row in csv.DictReader(handle) if row["part"] == "dev"}
    paths = [p for folder in folders if folder.is_dir() for p in sorted(folder.glob("*.txt"))]
    paths += [
        p
        for language in ("fr", "en")
        for p in sorted((REPO / "eval" / "corpus" / language / "articles").glob("*.txt"))
        if p.name in dev
    ]
    texts = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        texts.append((path.name, text))
        head, _, body = text.partition("\n") if text.startswith("date") else ("", "", text)
        for number, paragraph in enumerate(_PARAGRAPHS.split(body)):
            if len(paragraph.strip()) >= 40:
                texts.append((f"{path.name}#{number}", f"{head}\n{paragraph.strip()}\n"))
    articles = []
    for name, text in texts:
        try:
            articles.append(article_from_text(text, source=name))
        except IncidentsError:
            continue
    return tuple(articles)


class CountingPipelines(Mapping):
    """The real pipelines; every text given to ``nlp.pipe`` is recorded."""

    def __init__(self, real: Mapping[str, Any]) -> None:
        self._real = real
        self.piped: list[str] = []

    def __getitem__(self, language: str) -> Any:
        return _Counting(self._real[language], self.piped)

    def __iter__(self) -> Iterator[str]:
        return iter(self._real)

    def __len__(self) -> int:
        return len(self._real)


class _Counting:
    def __init__(self, nlp: Any, piped: list[str]) -> None:
        self._nlp = nlp
        self._piped = piped

    def pipe(self, texts, **options):
        texts = list(texts)
        self._piped.extend(texts)
        return self._nlp.pipe(texts, **options)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._nlp, name)


def test_an_article_with_no_event_word_or_casualty_cue_is_stored_without_being_parsed():
    counting = CountingPipelines(pipelines())
    quiet, event = process_files(
        [
            ArticleFile("quiet_fr.txt", QUIET_FR.encode()),
            ArticleFile("event_fr.txt", EVENT_FR.encode()),
        ],
        nlp_by_language=counting,
        resolver=resolver(),
    )
    assert quiet.ok and quiet.article is not None and quiet.incidents == ()
    assert event.ok and len(event.incidents) == 1
    assert event.incidents[0].injured == 2
    assert len(counting.piped) == 1 and "roquette" in counting.piped[0]


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("Aucun blessé n'est à déplorer.", "fr"),
        ("Le bilan s'élève à 12 selon la préfecture.", "fr"),
        ("Le nombre de morts est de 5.", "fr"),
        ("Deux soldats ont été tués.", "fr"),
        ("No one was hurt.", "en"),
        ("The death toll rose to 9.", "en"),
        ("Three people were killed.", "en"),
    ],
)
def test_each_kind_of_casualty_cue_passes_the_screen(sentence, language):
    assert sentence_casualties(sentence, language=language).spans
    assert may_state_casualties(sentence, language=language)
    assert may_report_incident(sentence, language=language)


def test_every_sentence_the_rules_read_casualties_in_has_a_cue():
    checked = 0
    for article in real_articles():
        for sentence in _SENTENCE_ENDS.split(article.text):
            if sentence_casualties(sentence, language=article.language).spans:
                checked += 1
                assert may_state_casualties(sentence, language=article.language), sentence
    assert checked >= 50


def test_the_screen_turns_away_no_article_the_extraction_finds_an_incident_in():
    turned_away = 0
    for article in real_articles():
        if may_report_incident(article.text, language=article.language):
            continue
        turned_away += 1
        found = extract_incidents(article, nlp=pipeline(article.language), resolver=resolver())
        assert found == [], article.source
    assert turned_away >= 10  # the screen is exercised, not only passed


def test_the_screens_one_pattern_finds_what_the_event_words_one_by_one_find():
    from incidents.extract.event_type import TRIGGER_PATTERNS
    from incidents.extract.screen import _event_words

    for article in real_articles():
        one_by_one = any(p.search(article.text) for p, _, _ in TRIGGER_PATTERNS[article.language])
        assert bool(_event_words(article.language).search(article.text)) == one_by_one

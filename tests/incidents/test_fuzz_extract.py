"""Property-based tests of the extractor over generated text (marker ``fuzz``).

Whatever the text, reading it and extracting its incidents gives a list of incidents or an
error of the package's documented tree (:class:`~incidents.errors.IncidentsError`), within
``FUZZ_INPUT_LIMIT_S`` seconds, with counts that are None or plausible. Generated texts mix
any Unicode (surrogates included), numbers of every size, ``date`` lines at the calendar's
ends, template and Markdown syntax and long repeats with real sentence fragments, so the
casualty and date readers are reached, not only the language detector.
"""

from __future__ import annotations

import time
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from incidents.article import article_from_text
from incidents.casualties import MAX_PLAUSIBLE_COUNT, parse_count, sentence_casualties
from incidents.dates import date_mentions
from incidents.errors import IncidentsError
from incidents.extract import extract_incidents
from incidents.model import Incident
from incidents.pipeline import load_resources
from tests.conftest import FUZZ_INPUT_LIMIT_S

pytestmark = pytest.mark.fuzz

FRAGMENTS = [
    "killed",
    "were killed",
    "wounded",
    "tués",
    "ont été tués",
    "blessés",
    "morts",
    "Two rockets hit",
    "rockets hit",
    "Deux roquettes ont frappé",
    "Baghdad",
    "Bagdad",
    "Erbil",
    "Ain al-Asad air base",
    "la base aérienne d'Aïn al-Asad",
    "le 18 juin",
    "mercredi",
    "hier soir",
    "on Monday",
    "last night",
    "two days ago",
    "la veille",
    "le lendemain",
    "three days after a similar attack",
    "the death toll rose to",
    "faisant",
    "at least",
    "au moins",
    "and",
    "et",
    ",",
    ".",
    "\n",
    "\n\n",
    "un",
    "a",
    "another",
    "trente et un",
    "twenty-one",
    "million",
    "1,500",
    "Col. Wayne Marotto said",
    "General Qassem Soleimani and nine others",
]
SYNTAX = ["{{ x }}", "{% if x %}", "{# c #}", "![x](http://e)", "[a](javascript:x)", "<b>", "`"]

any_characters = st.characters(exclude_categories=())  # every category, surrogates included
numbers = st.one_of(
    st.integers(min_value=0, max_value=10**60).map(str),
    st.text("0123456789", min_size=1, max_size=5000),
    st.text(st.characters(categories=["Nd", "No", "Nl"]), min_size=1, max_size=4),
    st.from_regex(r"[0-9]{1,3}([,. ][0-9]{3}){1,4}", fullmatch=True),
)
date_lines = st.builds(
    "date {:04d}-{:02d}-{:02d}\n".format,
    st.sampled_from([0, 1, 2, 1900, 2020, 9998, 9999]) | st.integers(0, 9999),
    st.integers(0, 13),
    st.integers(0, 32),
) | st.builds("date {:04d}-{:02d}\n".format, st.integers(0, 9999), st.integers(0, 13))
pieces = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.sampled_from(FRAGMENTS),
    numbers,
    st.sampled_from(SYNTAX),
    st.text(any_characters, max_size=30),
    st.builds(lambda part, n: (part + " ") * n, st.sampled_from(FRAGMENTS), st.integers(1, 60)),
)
article_texts = st.builds(
    lambda head, parts: head + " ".join(parts),
    st.just("") | date_lines,
    st.lists(pieces, min_size=1, max_size=25),
)


@pytest.fixture(scope="module")
def resources(tmp_path_factory: pytest.TempPathFactory):
    """``(nlp_by_language, resolver)`` as the CLI builds them, both pipelines loaded."""
    nlp_by_language, resolver = load_resources(
        geocache=tmp_path_factory.mktemp("geo") / "geocache.sqlite"
    )
    for language in nlp_by_language:
        nlp_by_language[language]
    return nlp_by_language, resolver


def check_incidents(incidents: list[Incident]) -> None:
    assert isinstance(incidents, list)
    for incident in incidents:
        assert isinstance(incident, Incident)
        for count in (incident.fatalities, incident.injured):
            assert count is None or (type(count) is int and 0 <= count <= MAX_PLAUSIBLE_COUNT)


def run_article(resources, text: str | bytes, language: str | None) -> None:
    nlp_by_language, resolver = resources
    started = time.monotonic()
    try:
        article = article_from_text(text, source="fuzz.txt", language=language)
        incidents = extract_incidents(
            article, nlp=nlp_by_language[article.language], resolver=resolver
        )
    except IncidentsError:
        incidents = []  # documented: unreadable, unsupported, too long to read in time
    elapsed = time.monotonic() - started
    check_incidents(incidents)
    assert elapsed < FUZZ_INPUT_LIMIT_S, f"{elapsed:.1f} s for {text[:200]!r}"


@given(text=article_texts, language=st.sampled_from(["fr", "en"]))
def test_any_text_gives_incidents_or_a_documented_error(resources, text, language):
    run_article(resources, text, language)


@given(text=article_texts)
def test_any_text_with_language_detection_gives_incidents_or_a_documented_error(resources, text):
    run_article(resources, text, None)


@given(data=st.binary(max_size=400) | article_texts.map(lambda t: t.encode("utf-8", "replace")))
def test_any_bytes_give_incidents_or_a_documented_error(resources, data):
    run_article(resources, data, None)


@given(text=numbers | st.text(any_characters, max_size=40), language=st.sampled_from(["fr", "en"]))
def test_parse_count_gives_a_plausible_count_or_none(text, language):
    value = parse_count(text, language)
    assert value is None or (type(value) is int and 0 <= value <= MAX_PLAUSIBLE_COUNT)


@given(
    parts=st.lists(pieces, min_size=1, max_size=30),
    language=st.sampled_from(["fr", "en"]),
)
def test_sentence_casualties_gives_plausible_counts(parts, language):
    found = sentence_casualties(" ".join(parts), language=language)
    for count in (found.killed, found.injured):
        assert count is None or (type(count) is int and 0 <= count <= MAX_PLAUSIBLE_COUNT)


@given(
    parts=st.lists(pieces, min_size=1, max_size=20),
    language=st.sampled_from(["fr", "en"]),
    pub_date=st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
    | st.sampled_from([date(1, 1, 1), date(1, 1, 7), date(9999, 12, 31)]),
    precision=st.sampled_from(["day", "month"]),
)
def test_date_mentions_never_leave_the_calendar(parts, language, pub_date, precision):
    for mention in date_mentions(
        " ".join(parts), language=language, pub_date=pub_date, pub_precision=precision
    ):
        assert mention.value is None or 4 <= len(mention.value) <= 10

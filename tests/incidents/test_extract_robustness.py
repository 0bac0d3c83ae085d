"""Extraction on hostile input: odd digits, huge numbers, dates at the calendar's ends, broken
Unicode, megabyte articles and a deadline. Each input here crashed or stalled the extractor.
"""

from __future__ import annotations

import itertools
import statistics
import time
from collections.abc import Iterator
from datetime import date

import pytest

import incidents.extract.deadline
from incidents.article import MAX_ARTICLE_BYTES, article_from_text
from incidents.casualties import MAX_PLAUSIBLE_COUNT, parse_count, sentence_casualties
from incidents.dates import date_mentions, resolve_date_phrase
from incidents.errors import ArticleTimeoutError
from incidents.extract import ARTICLE_DEADLINE_S, extract_incidents
from incidents.model import Incident
from incidents.nlp import MAX_PARSE_CHARS, parse, text_chunks
from incidents.pipeline import load_resources, process_text

# Acceptance target of a 1 MB article, and of growth that is not quadratic: 4x the text, at
# most 10x the time (a quadratic step makes it 16x). Linear growth measures 3.4-4.7x on a
# quiet machine; on a shared one even CPU time reached 6.8x, so 6x made the test flaky.
ONE_MEGABYTE_LIMIT_S = 10.0
LINEAR_RATIO_LIMIT = 10.0


@pytest.fixture(scope="module")
def resources(tmp_path_factory: pytest.TempPathFactory):
    """``(nlp_by_language, resolver)`` as the CLI builds them, with a throwaway geocache."""
    return load_resources(geocache=tmp_path_factory.mktemp("geo") / "geocache.sqlite")


def extract(resources, text: str, language: str, **options) -> list[Incident]:
    nlp_by_language, resolver = resources
    article = article_from_text(text, source="hostile.txt", language=language)
    return extract_incidents(article, nlp=nlp_by_language[language], resolver=resolver, **options)


def repeated(unit: str, size: int) -> str:
    """``unit`` repeated to ``size`` UTF-8 bytes at most."""
    text = unit * (size // len(unit.encode()) + 1)
    return text.encode()[:size].decode("utf-8", "ignore")


# --- counts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("digit", ["²", "①", "₅", "፫", "٣", "３"])
def test_unicode_digits_are_not_counts(digit):
    assert parse_count(digit, "en") is None
    english = f"The rockets hit Baghdad, killing {digit} people."
    assert sentence_casualties(english, language="en").killed is None
    french = f"L'attaque a fait {digit} morts et {digit} blessés."
    found = sentence_casualties(french, language="fr")
    assert (found.killed, found.injured) == (None, None)


def test_unicode_digits_in_an_article_give_no_crash(resources):
    found = extract(resources, "Two rockets hit Baghdad on Monday, killing ² people ① ₅ ፫.", "en")
    assert all(i.fatalities is None for i in found)


def test_a_5000_digit_number_is_not_a_count_and_does_not_crash(resources):
    number = "9" * 5000
    assert parse_count(number, "en") is None
    assert sentence_casualties(f"{number} people were killed.", language="en").killed is None
    found = extract(resources, f"Two rockets hit Baghdad on Monday, killing {number} people.", "en")
    assert [i.fatalities for i in found] == [None]


def test_a_toll_over_the_ceiling_is_unknown(resources):
    text = "Une attaque à la roquette à Bagdad, faisant 10000000000000000000000000 morts."
    (found,) = extract(resources, text, "fr")
    assert found.fatalities is None
    ceiling = f"L'attaque a fait {MAX_PLAUSIBLE_COUNT} morts."
    assert sentence_casualties(ceiling, language="fr").killed == MAX_PLAUSIBLE_COUNT
    over = f"L'attaque a fait {MAX_PLAUSIBLE_COUNT + 1} morts."
    assert sentence_casualties(over, language="fr").killed is None


def test_counts_with_thousands_separators_are_read_whole():
    assert parse_count("1,500", "en") == 1500
    assert parse_count("2.000", "fr") == 2000
    found = sentence_casualties("L'attaque a fait 1,500 morts et 2.000 blessés.", language="fr")
    assert (found.killed, found.injured) == (1500, 2000)


def test_added_counts_over_the_ceiling_are_unknown():
    from incidents.casualties import story_total

    counts = [("Le séisme a fait 90000 morts.", 90000), ("Il y a aussi 20000 morts.", 20000)]
    assert story_total(counts) is None


# --- dates ----------------------------------------------------------------------------------


def test_a_weekday_in_an_article_dated_year_one_gives_no_crash(resources):
    found = extract(resources, "date 0001-01-01\nmercredi, une roquette a frappé Bagdad.", "fr")
    assert len(found) == 1
    assert found[0].date == "0001-01-01"  # the article's date: mercredi would be year 0


@pytest.mark.parametrize(
    ("phrase", "kind", "pub"),
    [
        ("mercredi", "relative", date(1, 1, 1)),
        ("hier", "relative", date(1, 1, 1)),
        ("il y a deux jours", "ago", date(1, 1, 1)),
        ("il y a deux semaines", "ago", date(1, 1, 3)),
        ("le 18 juin", "absolute", date(1, 1, 1)),
        ("demain", "relative", date(9999, 12, 31)),
    ],
)
def test_dates_beyond_the_calendar_are_no_dates(phrase, kind, pub):
    value, precision = resolve_date_phrase(
        phrase, language="fr", kind=kind, pub_date=pub, pub_precision="day"
    )
    assert value is None or len(value) >= 4  # a date or nothing, never an OverflowError
    if value is None:
        assert precision == "unknown"


def test_story_dates_past_the_year_9999_give_no_crash(resources):
    found = extract(
        resources,
        "date 9999-12-31\nUne roquette a frappé Bagdad. Le lendemain, une autre roquette a "
        "frappé Erbil. Un mois plus tard, une attaque a visé Kirkouk.",
        "fr",
    )
    assert all(i.date is None or i.date.startswith("9999") for i in found)


def test_a_date_line_with_unicode_digits_is_left_in_the_text():
    text = "date ٢٠٢٠-٠١-٠١\nUne roquette a frappé Bagdad."
    article = article_from_text(text, source="a.txt", language="fr")
    assert article.pub_date is None
    assert article.text.startswith("date")


# --- broken Unicode -------------------------------------------------------------------------


def test_a_lone_surrogate_is_replaced_by_the_replacement_character(resources):
    article = article_from_text(
        "Two rockets hit Baghdad \ud800 on Monday, killing two.\udfff", source="s.txt"
    )
    assert "\ufffd" in article.text
    assert "\ud800" not in article.text and "\udfff" not in article.text
    article.text.encode("utf-8")  # a valid text from here on
    nlp_by_language, resolver = resources
    (found,) = extract_incidents(article, nlp=nlp_by_language["en"], resolver=resolver)
    assert found.fatalities == 2


def test_a_lone_surrogate_through_the_upload_api_gives_a_result(resources):
    nlp_by_language, resolver = resources
    result = process_text(
        "Une roquette a frappé Bagdad \udc80 mercredi.",
        source="u.txt",
        nlp_by_language=nlp_by_language,
        resolver=resolver,
    )
    assert result.ok, result.error


# --- size and time --------------------------------------------------------------------------


def test_long_texts_are_parsed_in_pieces_spacy_accepts():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 50_000  # spaCy refuses longer texts with E088
    text = repeated("rocket ", 200_000) + repeated("Two rockets hit Baghdad.\n\n", 100_000)
    ranges = text_chunks(text)
    assert ranges[0][0] == 0 and ranges[-1][1] == len(text)
    assert all(a < b <= a + MAX_PARSE_CHARS for a, b in ranges)
    assert all(b == c for (_, b), (c, _) in itertools.pairwise(ranges))
    parsed = parse(nlp, text)
    assert parsed.text == text
    assert parsed.sentences[0][0] == 0 and parsed.sentences[-1][1] == len(text)


@pytest.mark.parametrize(
    ("unit", "language"),
    [("Two rockets hit Baghdad. ", "en"), ("killed ", "en")],
)
def test_a_one_megabyte_article_finishes_in_time(resources, unit, language):
    text = repeated(unit, MAX_ARTICLE_BYTES)
    started = time.monotonic()
    try:
        found = extract(resources, text, language)
    except ArticleTimeoutError:
        found = None  # refused with the documented error: allowed, if in time
    elapsed = time.monotonic() - started
    assert elapsed < ONE_MEGABYTE_LIMIT_S
    assert found is None or all(isinstance(i, Incident) for i in found)


def cpu_time(resources, text: str, language: str, runs: int) -> float:
    """The median CPU time of this process over ``runs`` extractions: CPU, not wall time,
    so other processes on a shared machine do not change the ratio (wall time did: 8.5×
    at a load average of 10 for a 4× text), and the median, not the least, so one lucky
    run of the small text does not make the ratio (0.23 s against a usual 0.33-0.44 s)."""
    times = []
    for _ in range(runs):
        started = time.process_time()
        extract(resources, text, language, deadline_s=None)
        times.append(time.process_time() - started)
    return statistics.median(times)


@pytest.mark.parametrize(
    ("unit", "language"),
    [
        ("killed ", "en"),
        ("Two rockets hit Baghdad. ", "en"),
        ("rocket ", "en"),
        (
            "Le 18 juin 2019, deux roquettes ont tué trois soldats à Bagdad et blessé un enfant. ",
            "fr",
        ),
    ],
)
def test_extraction_time_grows_linearly_with_text_size(resources, unit, language):
    extract(resources, repeated(unit, 5_000), language)  # warm up caches and the model
    small = cpu_time(resources, repeated(unit, 25_000), language, runs=5)
    large = cpu_time(resources, repeated(unit, 100_000), language, runs=3)
    assert large / small <= LINEAR_RATIO_LIMIT, f"{small:.2f} s then {large:.2f} s"


# --- the deadline ---------------------------------------------------------------------------


@pytest.fixture
def slow_clock(monkeypatch) -> Iterator[list[float]]:
    """A clock that moves one second each time it is read (no real waiting)."""
    now = [0.0]

    def tick() -> float:
        now[0] += 1.0
        return now[0]

    monkeypatch.setattr(incidents.extract.deadline, "_clock", tick)
    yield now


def test_the_deadline_raises_article_timeout_error(resources, slow_clock):
    text = "Two rockets hit Baghdad on Monday. " * 20
    with pytest.raises(ArticleTimeoutError, match=r"hostile\.txt.*5 s deadline"):
        extract(resources, text, "en", deadline_s=5)
    assert slow_clock[0] < 10  # it stopped as soon as the deadline passed


def test_the_deadline_is_the_documented_default(resources, slow_clock):
    sentences = " ".join(f"Rockets hit Baghdad on {day}." for day in ("Monday", "Tuesday") * 20)
    with pytest.raises(ArticleTimeoutError):
        extract(resources, sentences, "en")
    assert ARTICLE_DEADLINE_S <= slow_clock[0] <= ARTICLE_DEADLINE_S + 3


def test_no_deadline_when_none_is_given(resources, slow_clock):
    found = extract(resources, "Two rockets hit Baghdad on Monday. " * 20, "en", deadline_s=None)
    assert len(found) == 1


def test_an_upload_past_its_deadline_gives_a_result_with_the_error(resources, slow_clock):
    nlp_by_language, resolver = resources
    result = process_text(
        "Two rockets hit Baghdad on Monday. " * 20,
        source="late.txt",
        nlp_by_language=nlp_by_language,
        resolver=resolver,
        deadline_s=3,
    )
    assert not result.ok and "late.txt" in result.error and "deadline" in result.error


def test_date_mentions_calls_its_check_once_per_phrase():
    calls = []
    date_mentions(
        "le 18 juin et le 19 juin, puis mercredi",
        language="fr",
        pub_date=date(2020, 7, 4),
        pub_precision="day",
        check=lambda: calls.append(1),
    )
    assert len(calls) == 3

"""What an upload or a paste becomes: its name, its date line, the checks before storing."""

from __future__ import annotations

from datetime import date

import pytest

from incidents.errors import ArticleError
from incidents.intake import (
    IntakeError,
    date_field_problem,
    pasted_name,
    prepare_article,
    submission_name,
)

TODAY = date(2026, 12, 7)
TEXT = "Deux roquettes sont tombées sur la base d'Ain al-Asad le 12 août. Trois soldats blessés."


@pytest.mark.parametrize(
    ("field", "problem"),
    [
        ("2020-08", None),
        ("2020-08-12", None),
        ("2021-13-45", "not a calendar date"),
        ("2021-02-30", "not a calendar date"),
        ("2999-01-01", "future"),
        ("July", "YYYY-MM"),
        ("2020", "YYYY-MM"),
    ],
)
def test_a_typed_publication_date_is_checked_with_its_reason(field, problem):
    found = date_field_problem(field, today=TODAY)
    assert (found is None) if problem is None else (problem in found)


def test_pasted_text_is_named_after_its_first_words_not_its_date_line():
    name = pasted_name("date 2020-09\n" + TEXT)
    assert name.startswith("pasted-deux-roquettes-sont-tombees-sur-") and name.endswith(".txt")
    assert pasted_name(TEXT) != name  # the digest tells two texts apart


def test_a_typed_name_gets_txt_and_other_extensions_are_refused():
    assert submission_name(upload_name=None, typed="ain-al-asad", pasted=TEXT) == "ain-al-asad.txt"
    assert submission_name(upload_name="dir/a.txt", typed="", pasted="") == "a.txt"
    with pytest.raises(IntakeError, match=r"only \.txt"):
        submission_name(upload_name="report.pdf", typed="", pasted="")


def test_the_date_field_replaces_the_texts_own_date_line_valid_or_not():
    for head in ("date 2019-01\n", "date 2020-13-40\n", ""):
        article = prepare_article(
            upload=("a.txt", (head + TEXT).encode("cp1252")), pasted="", date_field="2020-08",
            today=TODAY,
        )  # fmt: skip
        assert (article.pub_date, article.pub_precision) == (date(2020, 8, 1), "month")
        assert article.text.startswith("Deux roquettes")


def test_nothing_submitted_and_bad_text_are_refused_with_a_documented_error():
    with pytest.raises(IntakeError, match="paste"):
        prepare_article(upload=None, pasted="   ", today=TODAY)
    with pytest.raises(ArticleError):
        prepare_article(upload=("x.txt", b"%PDF-1.4\n..."), pasted="", today=TODAY)

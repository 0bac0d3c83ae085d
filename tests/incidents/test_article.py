"""Reading articles: encodings, the date line, language, bad inputs."""

from __future__ import annotations

from datetime import date

import pytest

from incidents.article import MAX_ARTICLE_BYTES, article_from_text, read_article
from incidents.errors import (
    ArticleError,
    ArticleNotFoundError,
    ArticleTooLargeError,
    BinaryArticleError,
    EmptyArticleError,
    UnsupportedLanguageError,
)

FR = "Une roquette a frappé la base aérienne de Ain al-Asad dans la province d’Anbar hier soir."
EN = "A rocket struck the Ain al-Asad air base in Anbar province last night, officials said."


def test_utf8_with_bom_and_month_date_line(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbf" + f"date 2020-07\n{FR}\n".encode())
    article = read_article(path)
    assert article.source == "a.txt"
    assert article.pub_date == date(2020, 7, 1)
    assert article.pub_precision == "month"
    assert article.language == "fr"
    assert article.text.startswith("Une roquette")


def test_day_date_line_and_date_on_the_same_line_as_text(tmp_path):
    path = tmp_path / "b.txt"
    path.write_text(f" date 2021-02-15 {EN}", encoding="utf-8")
    article = read_article(path)
    assert (article.pub_date, article.pub_precision) == (date(2021, 2, 15), "day")
    assert article.text.startswith("A rocket")
    assert article.language == "en"


def test_cp1252_file_is_decoded(tmp_path):
    path = tmp_path / "c.txt"
    path.write_bytes(f"date 2020-03\n{FR}".encode("cp1252", errors="replace"))
    article = read_article(path)
    assert "frappé" in article.text
    assert "aérienne" in article.text


def test_no_date_line_is_accepted(tmp_path):
    path = tmp_path / "d.txt"
    path.write_text(EN, encoding="utf-8")
    article = read_article(path)
    assert article.pub_date is None and article.pub_precision is None
    assert article.text == EN


def test_typographic_apostrophes_and_quotes_are_normalised():
    article = article_from_text(f"date 2020-07\n{FR} « Inacceptable » dit-il.", source="x")
    assert "d'Anbar" in article.text
    assert "’" not in article.text and "«" not in article.text


def test_bytes_and_text_give_the_same_article():
    text = f"date 2020-07\n{FR}"
    assert article_from_text(text, source="x") == article_from_text(text.encode(), source="x")


def test_content_hash_ignores_encoding_but_not_text():
    a = article_from_text(f"date 2020-07\n{FR}".encode("cp1252", "replace"), source="a")
    b = article_from_text(f"\ufeffdate 2020-07\n{FR}", source="b")
    c = article_from_text(f"date 2020-08\n{FR}", source="a")
    assert a.sha256 == b.sha256 != c.sha256


@pytest.mark.parametrize("content", [b"", b"   \n\n  ", b"date 2020-07\n  \n"])
def test_empty_file_is_a_clear_error(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(EmptyArticleError):
        read_article(path)


def test_binary_file_is_a_clear_error(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    with pytest.raises(BinaryArticleError, match="binary"):
        read_article(path)


def test_control_character_soup_is_binary():
    with pytest.raises(BinaryArticleError):
        article_from_text(bytes(range(1, 32)) * 40, source="x")


def test_five_megabyte_file_is_refused_with_the_limit_in_the_message(tmp_path):
    path = tmp_path / "big.txt"
    line = (EN + "\n").encode()
    path.write_bytes(b"date 2020-01\n" + line * (5 * 1024 * 1024 // len(line) + 1))
    assert path.stat().st_size >= 5 * 1024 * 1024
    with pytest.raises(ArticleTooLargeError, match=f"{MAX_ARTICLE_BYTES:,}"):
        read_article(path)


def test_text_over_the_limit_in_memory_is_refused():
    with pytest.raises(ArticleTooLargeError):
        article_from_text("a" * (MAX_ARTICLE_BYTES + 1), source="x")


@pytest.mark.parametrize(
    "text",
    [
        "Eine Rakete hat gestern Abend den Luftwaffenstützpunkt in der Provinz Anbar getroffen, "
        "teilten die Behörden mit.",
        "Un cohete alcanzó anoche la base aérea de Ain al-Asad en la provincia de Anbar, "
        "según informaron las autoridades.",
        "سقط صاروخ على قاعدة عين الأسد الجوية في محافظة الأنبار الليلة الماضية",
    ],
)
def test_other_language_is_a_clear_error(text):
    with pytest.raises(UnsupportedLanguageError, match="only French and English"):
        article_from_text(text, source="x")


def test_missing_file_is_an_article_error(tmp_path):
    with pytest.raises(ArticleNotFoundError):
        read_article(tmp_path / "nope.txt")


def test_every_article_error_is_also_a_builtin():
    for cls in (EmptyArticleError, BinaryArticleError, ArticleTooLargeError):
        assert issubclass(cls, ArticleError) and issubclass(cls, ValueError)
    assert issubclass(ArticleNotFoundError, FileNotFoundError)


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}}", "RTF"),
    ],
)
def test_a_document_renamed_txt_is_refused_by_what_it_is(tmp_path, head, kind):
    path = tmp_path / "report.txt"
    # Readable text inside is no excuse: the file is a document, not an article.
    path.write_bytes(head + b"BT (Two rockets hit Baghdad, killing three people.) Tj ET\n" * 20)
    with pytest.raises(BinaryArticleError, match=kind):
        read_article(path)

"""The disk cache of a compiled regular expression gives what ``re.compile`` gives, and a
damaged cache file is compiled again, never used."""

from __future__ import annotations

import re
from re import _compiler  # type: ignore[attr-defined]

from incidents import regexcache


def compile_fresh(pattern: str) -> re.Pattern[str]:
    """What re.compile gives, bypassing re's cache."""
    return _compiler.compile(pattern, 0)


PATTERN = r"(?iu)(?P<word>[\w-]+)-(?:t-)?(?P<pronoun>il|elle|on)\b|aujourd'hui|\d{1,3}(?:\.\d{3})*"


def test_the_program_read_back_is_the_one_re_compiles(tmp_path):
    re.purge()
    assert regexcache.warm(PATTERN, tmp_path) is False  # compiled and kept
    assert len(list(tmp_path.glob("re-*.bin"))) == 1
    re.purge()
    assert regexcache.warm(PATTERN, tmp_path) is True  # read back
    warmed = re.compile(PATTERN)
    assert warmed == compile_fresh(PATTERN)
    assert warmed.groupindex == {"word": 1, "pronoun": 2}
    match = warmed.match("Peut-Elle venir")
    assert match is not None and match.group("word", "pronoun") == ("Peut", "Elle")


def test_a_damaged_cache_file_is_compiled_again(tmp_path):
    regexcache.warm(PATTERN, tmp_path)
    (path,) = tmp_path.glob("re-*.bin")
    path.write_bytes(b"{not json" + b"\0" * 10)
    re.purge()
    assert regexcache.warm(PATTERN, tmp_path) is False
    assert re.compile(PATTERN) == compile_fresh(PATTERN)
    re.purge()
    assert regexcache.warm(PATTERN, tmp_path) is True  # rewritten whole


def test_the_french_tokenizer_gets_the_program_spacy_would_compile():
    import spacy.lang.fr.tokenizer_exceptions as exceptions

    from tests.common import pipeline

    token_match = pipeline("fr").tokenizer.token_match
    assert token_match.__self__ == compile_fresh(exceptions.TOKEN_MATCH.__self__.pattern)
    assert [t.text for t in pipeline("fr")("Aujourd'hui, peut-être à Saint-Denis.")][:3] == [
        "Aujourd'hui",
        ",",
        "peut-être",
    ]

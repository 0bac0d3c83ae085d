"""Many distinct short articles cut from the real ones: the corpus of the ingest benchmark and
of the tests that need a few hundred articles (worker pools, a Dask worker killed mid-run).

Each article of the evaluation corpus (``eval/corpus/<language>/articles``) and of the
development set is cut into paragraphs; every run of one, two or three consecutive paragraphs
of one article becomes a new article, under the date line of the article it comes from. Runs
of one article differ in what they hold, so every text is distinct (its content hash too);
texts repeated across articles are kept once, and a run whose language the article reader
would not recognise (a list of names) is left out.

Run ``python -m bench.corpus OUT_DIR [--language fr] [--count 200]`` to write them as
``.txt`` files.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS_FOLDERS = (
    REPO / "eval" / "corpus" / "fr" / "articles",
    REPO / "eval" / "corpus" / "en" / "articles",
    REPO.parent / "shared" / "devset" / "articles",
)
_DATE_LINE = re.compile(r"\A\s*date\s*:?\s+[0-9-]+[ \t]*\n")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")
MIN_PARAGRAPH_CHARS = 80


@dataclass(frozen=True)
class SampleArticle:
    """One article of the corpus: a file name and its text (date line first)."""

    name: str
    text: str


def _language_of(path: Path) -> str:
    """``fr`` or ``en`` from the file name's ``NNN_fr_...`` part."""
    parts = path.stem.split("_")
    return parts[1] if len(parts) > 1 and parts[1] in ("fr", "en") else "?"


def _paragraphs(text: str) -> tuple[str, list[str]]:
    """The article's date line (or ``""``) and its paragraphs of at least 80 characters."""
    match = _DATE_LINE.match(text)
    head = match.group(0).strip() if match else ""
    body = text[match.end() :] if match else text
    return head, [p.strip() for p in _PARAGRAPH_BREAK.split(body) if len(p.strip()) >= 80]


def sample_articles(
    *,
    language: str = "fr",
    count: int = 200,
    folders: Iterable[Path] = CORPUS_FOLDERS,
    max_run: int = 3,
) -> list[SampleArticle]:
    """Return ``count`` distinct articles in ``language`` cut from the articles in ``folders``.

    Runs of one paragraph come first (every paragraph once), then runs of two, then three,
    so the corpus is as short-article-like as it can be for its size.

    Raises
    ------
    ValueError
        When the folders cannot give ``count`` distinct articles.
    """
    sources = []
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.glob("*.txt")):
                if _language_of(path) == language:
                    sources.append((path.stem, *_paragraphs(path.read_text(encoding="utf-8"))))
    from incidents.article import detect_language
    from incidents.errors import IncidentsError

    found: list[SampleArticle] = []
    seen: set[str] = set()
    for run in range(1, max_run + 1):
        for stem, head, paragraphs in sources:
            for start in range(len(paragraphs) - run + 1):
                body = "\n\n".join(paragraphs[start : start + run])
                digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
                if digest in seen:
                    continue
                seen.add(digest)
                try:
                    if detect_language(body) != language:
                        continue  # a list of names the detector reads as another language
                except IncidentsError:
                    continue
                text = f"{head}\n{body}\n" if head else f"{body}\n"
                found.append(SampleArticle(f"{stem}-p{start + 1}x{run}.txt", text))
                if len(found) == count:
                    return found
    raise ValueError(f"only {len(found)} distinct {language} articles in the corpus, not {count}")


def write_articles(articles: Iterable[SampleArticle], folder: Path) -> list[Path]:
    """Write each article as ``folder/<name>``; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for article in articles:
        path = folder / article.name
        path.write_text(article.text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.corpus")
    parser.add_argument("out", type=Path, help="folder to write the articles into")
    parser.add_argument("--language", choices=("fr", "en"), default="fr")
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args(argv)
    paths = write_articles(sample_articles(language=args.language, count=args.count), args.out)
    sys.stderr.write(f"{len(paths)} articles in {args.out}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

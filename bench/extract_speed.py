"""Time per article of the extraction pipeline, over seeds/ and the development set.

Run ``.venv/bin/python -m bench.extract_speed [--repeat N]``. Prints the one-off load times
(spaCy pipelines, resolver, the gazetteer's names for place lookup), then the time per article
(read + extract, warm) with place spotting by lookup (:mod:`incidents.extract.lookup`) and,
in the same passes, without it (the baseline: its component disabled), their ratio, and the
development-set recall and precision.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from incidents.article import read_article
from incidents.evaluate import read_expected, score
from incidents.extract import extract_incidents

REPO = Path(__file__).resolve().parents[1]
DEVSET = REPO.parent / "shared" / "devset"


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.extract_speed")
    parser.add_argument("--repeat", type=int, default=5, help="passes over the articles")
    args = parser.parse_args(argv)

    from geo.gazetteer import load_gazetteer
    from geo.resolve import build_resolver
    from geo.surface import surface_forms
    from incidents.extract.lookup import PIPE_NAME, add_place_lookup
    from incidents.nlp import country_forms, load_pipeline

    paths = sorted((REPO / "seeds").glob("*.txt"))
    if (DEVSET / "articles").is_dir():
        paths += sorted((DEVSET / "articles").glob("*.txt"))
    start = time.perf_counter()
    gazetteer = load_gazetteer()
    nlp = {}
    for language in ("fr", "en"):
        t0 = time.perf_counter()
        nlp[language] = load_pipeline(language, gazetteer)
        _say(f"load {language} pipeline: {time.perf_counter() - t0:.2f} s")
    t0 = time.perf_counter()
    cache = Path(tempfile.mkdtemp(prefix="bench-")) / "geocache.sqlite"
    resolver = build_resolver(cache_path=cache, online=False)
    _say(f"build resolver: {time.perf_counter() - t0:.2f} s")
    t0 = time.perf_counter()
    names = surface_forms(resolver.geocoder.geonames, gazetteer)
    for language in ("fr", "en"):
        add_place_lookup(nlp[language], names, countries=country_forms(nlp[language]))
    _say(f"build place names ({len(names):,}) and add the lookup: {time.perf_counter() - t0:.2f} s")
    _say(f"total start-up: {time.perf_counter() - start:.2f} s")

    timings: list[float] = []
    baseline: list[float] = []
    incidents = []
    chars = 0
    for run in range(args.repeat):
        for path in paths:
            t0 = time.perf_counter()
            article = read_article(path)
            found = extract_incidents(article, nlp=nlp[article.language], resolver=resolver)
            timings.append(time.perf_counter() - t0)
            with nlp[article.language].select_pipes(disable=[PIPE_NAME]):
                t0 = time.perf_counter()
                article = read_article(path)
                extract_incidents(article, nlp=nlp[article.language], resolver=resolver)
                baseline.append(time.perf_counter() - t0)
            if run == 0:
                incidents += found
                chars += len(article.text)
    first = timings[: len(paths)]
    _say(
        f"{len(paths)} articles ({chars:,} characters), {args.repeat} passes: "
        f"first pass (cold geocache) {1000 * statistics.mean(first):.0f} ms/article, "
        f"median {1000 * statistics.median(timings):.0f} ms/article, "
        f"max {1000 * max(timings):.0f} ms"
    )
    _say(f"{1e6 * sum(first) / chars:.0f} µs per character (first pass)")
    # warm passes only: the first pass with the lookup warms the geocache the one without reads
    warm_with = statistics.median(timings[len(paths) :] or timings)
    warm_without = statistics.median(baseline[len(paths) :] or baseline)
    _say(
        f"warm passes (2nd on): median {1000 * warm_with:.0f} ms/article with the place lookup, "
        f"{1000 * warm_without:.0f} ms/article without it (same passes); ratio "
        f"{warm_with / warm_without:.2f}"
    )
    if (DEVSET / "expected.csv").exists():
        rows = read_expected(DEVSET / "expected.csv")
        _say("dev set, main rows: " + score(rows, incidents, role="main").summary())
        _say("dev set, background rows: " + score(rows, incidents, role="background").summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())

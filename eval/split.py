"""Split the evaluation corpus once, by event, into a development part and a frozen test third.

Files that tell the same event (the same ``event_id`` in ``expected.csv``) are joined into one
group, with everything those files tell; a group goes whole to one side, so no event is seen
while tuning and then scored as unseen. Within each language the groups are ordered by a hash
of their sorted file names (no look at their content) and every third goes to the test part.

Run once, before any tuning: ``python -m eval.split`` writes ``eval/split.csv``; it refuses
to overwrite an existing split unless ``--force`` (a new split means new first figures).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import logging
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

log = logging.getLogger(__name__)

CORPUS = Path(__file__).resolve().parent / "corpus"
SPLIT = Path(__file__).resolve().parent / "split.csv"
TEST_EVERY = 3


def read_expected(corpus: Path = CORPUS) -> list[dict[str, str]]:
    """Every row of every ``corpus/<lang>/expected.csv``."""
    rows: list[dict[str, str]] = []
    for path in sorted(corpus.glob("*/expected.csv")):
        with path.open(encoding="utf-8", newline="") as file:
            rows.extend(csv.DictReader(file))
    return rows


def event_groups(rows: Iterable[dict[str, str]]) -> list[set[str]]:
    """Files joined when they share an event id (union-find over files)."""
    parent: dict[str, str] = {}

    def find(item: str) -> str:
        while parent.setdefault(item, item) != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    first_file: dict[str, str] = {}
    for row in rows:
        find(row["file"])
        other = first_file.setdefault(row["event_id"], row["file"])
        parent[find(row["file"])] = find(other)
    groups: dict[str, set[str]] = defaultdict(set)
    for item in parent:
        groups[find(item)].add(item)
    return list(groups.values())


def split(rows: Sequence[dict[str, str]], articles: Iterable[str]) -> dict[str, str]:
    """``{file: "dev" | "test"}`` for every article file (one without rows is a group alone)."""
    groups = event_groups(rows)
    grouped = set().union(*groups) if groups else set()
    groups += [{name} for name in articles if name not in grouped]
    by_language: dict[str, list[set[str]]] = defaultdict(list)
    for group in groups:
        by_language[min(group).split("_")[1]].append(group)
    parts: dict[str, str] = {}
    for language_groups in by_language.values():
        ordered = sorted(
            language_groups,
            key=lambda g: hashlib.sha256("|".join(sorted(g)).encode()).hexdigest(),
        )
        for index, group in enumerate(ordered):
            for name in group:
                parts[name] = "test" if index % TEST_EVERY == TEST_EVERY - 1 else "dev"
    return parts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.split", description=__doc__)
    parser.add_argument("--force", action="store_true", help="overwrite an existing split")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if SPLIT.exists() and not args.force:
        log.error("%s exists: the split is frozen (use --force to redo it, and say so)", SPLIT)
        return 1
    articles = sorted(p.name for p in CORPUS.glob("*/articles/*.txt"))
    parts = split(read_expected(), articles)
    with SPLIT.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(["file", "part"])
        writer.writerows(sorted(parts.items()))
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for name, part in parts.items():
        counts[(name.split("_")[1], part)] += 1
    log.info("wrote %s: %s", SPLIT, dict(sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())

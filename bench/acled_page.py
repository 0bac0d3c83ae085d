"""Issue 13's acceptance: 100,000 events imported from an ACLED-format file paint, and change
with a ``?month=`` filter, within twice the time the seed's page takes in the same run.

``.venv/bin/python -m bench.acled_page [--rows 100000] [--repeat 3]``; also the "acled"
section of ``make bench`` (:func:`section`). In one run:

1. the synthetic ACLED file (:mod:`bench.make_acled`) is imported into a new store by the
   command a user types, ``python -m incidents import acled FILE.csv --db STORE`` (timed);
2. two real dashboards (``streamlit run dashboard.py``, :mod:`bench.streamlit_server`): the
   seed's (an empty store, which ingests ``seeds/`` on its first run) and the imported
   store's; each is opened once to warm it (the server's imports, the seed's ingest);
3. headless Chromium (Playwright) opens each page, the seed's and the import's one after the
   other, ``--repeat`` times: *paint* is the time from navigation to the first bubble or marker
   in the map's frame, on ``/``; *month* the same on ``/?month=M`` (M a month of each store:
   :data:`SEED_MONTH`, :data:`ACLED_MONTH`), a filter change as a shared link makes it. Each
   figure is the median of the runs; the ratio is the import's over the seed's (≤ 2 passes).

The browser test ``tests/browser/test_browser_acled_scale.py`` runs the same measure once and
asserts what the pages show, not the ratio (timings are this bench's).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.make_acled import default_path, write_acled
from bench.streamlit_server import REPO, streamlit_dashboard

log = logging.getLogger(__name__)

CHROMIUM = os.environ.get("INCIDENT_MAP_CHROMIUM", "/usr/bin/chromium")
MAP_FRAME = '[data-stale="false"] iframe[title="streamlit_folium.st_folium"]'
PAINTED = ".incident-cell, .incident-marker"
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
SEED_MONTH = "2020-07"
ACLED_MONTH = "2023-03"
ROWS = 100_000
MAX_RATIO = 2.0
PAINT_TIMEOUT_MS = 300_000
START_TIMEOUT_S = 120


@dataclass(frozen=True)
class PageTimes:
    """Median seconds from navigation to the map's first bubble or marker."""

    paint_s: float
    month_s: float


@dataclass(frozen=True)
class Acceptance:
    """The run's figures: the import, both pages, their ratios."""

    rows: int
    import_s: float
    seed: PageTimes
    acled: PageTimes

    @property
    def paint_ratio(self) -> float:
        return self.acled.paint_s / self.seed.paint_s

    @property
    def month_ratio(self) -> float:
        return self.acled.month_s / self.seed.month_s

    def lines(self) -> list[str]:
        return [
            f"import of {self.rows:,} ACLED rows (`python -m incidents import acled`): "
            f"{self.import_s:.1f} s",
            f"paint: seed {self.seed.paint_s:.2f} s, ACLED {self.acled.paint_s:.2f} s, "
            f"ratio {self.paint_ratio:.2f} (≤ {MAX_RATIO:g} passes)",
            f"?month=: seed ({SEED_MONTH}) {self.seed.month_s:.2f} s, ACLED ({ACLED_MONTH}) "
            f"{self.acled.month_s:.2f} s, ratio {self.month_ratio:.2f} (≤ {MAX_RATIO:g} passes)",
        ]


def import_acled(rows: int, store: Path) -> float:
    """Import the synthetic file of ``rows`` rows into ``store`` with the command line;
    return the seconds it took (the command's whole run, start-up included)."""
    path = default_path(rows)
    if not path.exists():
        write_acled(path, rows)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "incidents", "import", "acled", str(path), "--db", str(store)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"the import failed ({done.returncode}): {done.stderr[-2000:]}")
    log.warning("imported %s rows in %.1f s: %s", f"{rows:,}", seconds, done.stderr.strip())
    return seconds


@contextlib.contextmanager
def dashboard(store: Path, tmp: Path, *, seeds: Path) -> Iterator[str]:
    """``streamlit run dashboard.py`` on ``store`` (``seeds`` ingested when it is empty)."""
    env = {
        **os.environ,
        "INCIDENT_MAP_DB": str(store),
        "INCIDENT_MAP_SEEDS": str(seeds),
        "INCIDENT_MAP_GEOCACHE": str(tmp / "geocache.sqlite"),
        "PYTHONUNBUFFERED": "1",
    }
    log_path = tmp / f"streamlit-{store.stem}.log"
    with streamlit_dashboard(env, log_path, start_timeout_s=START_TIMEOUT_S) as (url, _):
        yield url


def paint_seconds(browser: Any, url: str) -> float:
    """Seconds from navigation to ``url`` to the first bubble or marker in the map; the
    page is closed once its run is over."""
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    try:
        started = time.perf_counter()
        page.goto(url)
        page.frame_locator(MAP_FRAME).locator(PAINTED).first.wait_for(timeout=PAINT_TIMEOUT_MS)
        painted = time.perf_counter() - started
        log.warning("%s: painted in %.2f s", url, painted)
        page.locator(IDLE).wait_for(state="attached", timeout=PAINT_TIMEOUT_MS)
        return painted
    finally:
        page.close()


def measure(browser: Any, seed_url: str, acled_url: str, *, repeat: int) -> tuple[PageTimes, ...]:
    """Both pages' times, warmed once, then timed ``repeat`` times one after the other."""
    for url in (seed_url, acled_url):
        paint_seconds(browser, url)  # warm: the server's imports, the seed's ingest
    runs: dict[tuple[str, str], list[float]] = {}
    for _ in range(repeat):
        for url, month in ((seed_url, SEED_MONTH), (acled_url, ACLED_MONTH)):
            runs.setdefault((url, "paint"), []).append(paint_seconds(browser, url + "/"))
            runs.setdefault((url, "month"), []).append(
                paint_seconds(browser, f"{url}/?month={month}")
            )
    return tuple(
        PageTimes(statistics.median(runs[url, "paint"]), statistics.median(runs[url, "month"]))
        for url in (seed_url, acled_url)
    )


def launch(playwright: Any) -> Any:
    from maps.snapshot import CHROMIUM_ARGS

    return playwright.chromium.launch(
        executable_path=CHROMIUM if Path(CHROMIUM).is_file() else shutil.which("chromium"),
        headless=True,
        args=list(CHROMIUM_ARGS),
    )


def run(*, rows: int = ROWS, repeat: int = 3, imported: Path | None = None) -> Acceptance:
    """The whole run; ``imported``: a store already holding the import (a copy is served,
    the import not timed again: its time is then 0)."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="acled-page-") as folder:
        tmp = Path(folder)
        (tmp / "seed").mkdir()
        (tmp / "acled").mkdir()
        acled_store = tmp / "acled" / "incidents.sqlite"
        if imported is not None:
            shutil.copyfile(imported, acled_store)
            import_s = 0.0
        else:
            import_s = import_acled(rows, acled_store)
        with (
            dashboard(
                tmp / "seed" / "incidents.sqlite", tmp / "seed", seeds=REPO / "seeds"
            ) as seed_url,
            dashboard(acled_store, tmp / "acled", seeds=tmp / "no-seeds") as acled_url,
            sync_playwright() as playwright,
        ):
            browser = launch(playwright)
            try:
                seed, acled = measure(browser, seed_url, acled_url, repeat=repeat)
            finally:
                browser.close()
    return Acceptance(rows, import_s, seed, acled)


def section(*, full: bool = False) -> str:
    """The "acled" section of ``make bench`` (markdown)."""
    result = run()
    return "\n".join(f"- {line}" for line in result.lines()) + (
        "\n\nMedian of 3 warm page loads each, navigation to the first bubble or marker; the "
        "seed's page and the import's served side by side in the same run."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.acled_page")
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--store", type=Path, help="a store already holding the import")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    result = run(rows=args.rows, repeat=args.repeat, imported=args.store)
    sys.stdout.write("\n".join(result.lines()) + "\n")
    ok = result.paint_ratio <= MAX_RATIO and result.month_ratio <= MAX_RATIO
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""Fixtures for the browser tests: a real ``streamlit run dashboard.py`` and headless Chromium.

One server per test module (the machine has 2 cores), on a free localhost port, with its own
store in a temporary directory; Debian's Chromium driven by Playwright.

In CI (``CI`` set) the suite must run complete: a skipped test (no Chromium, no development
set beside the checkout) fails the run instead of passing unnoticed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from bench.streamlit_server import streamlit_dashboard
from maps.snapshot import CHROMIUM_ARGS
from tests.common import REPO
from tests.pgserver import PostgresMissingError, new_database, throwaway_postgis
from tests.stores import BACKENDS

logger = logging.getLogger(__name__)

ROOT = REPO
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("INCIDENT_MAP_CHROMIUM", "/usr/bin/chromium")
SERVER_START_TIMEOUT_S = 90

# Property-based and fuzz tests (marker ``fuzz``): ``make test`` runs the "ci" profile (at
# least 2,000 generated cases over the suite), ``make fuzz`` the "fuzz" profile (ten times as
# many). No per-example deadline from Hypothesis: each fuzz test bounds its own time per input
# with ``FUZZ_INPUT_LIMIT_S`` so a slow input is reported as such, not as a flaky deadline.
FUZZ_INPUT_LIMIT_S = 10.0
settings.register_profile(
    "ci",
    max_examples=400,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "fuzz",
    max_examples=4000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@contextlib.contextmanager
def serve_dashboard(tmp: Path, **env_overrides: str) -> Iterator[str]:
    """Run ``streamlit run dashboard.py`` with its store in ``tmp``; yield its base URL."""
    env = {
        **os.environ,
        "INCIDENT_MAP_DB": str(tmp / "incidents.sqlite"),
        "INCIDENT_MAP_SEEDS": str(ROOT / "seeds"),
        "INCIDENT_MAP_GEOCACHE": str(tmp / "geocache.sqlite"),
        "PYTHONUNBUFFERED": "1",
        **env_overrides,
    }
    log = tmp / "streamlit.log"
    try:
        with streamlit_dashboard(env, log, start_timeout_s=SERVER_START_TIMEOUT_S) as (url, _):
            yield url
    finally:
        logger.info("streamlit log:\n%s", log.read_text()[-4000:])


@pytest.fixture(scope="module")
def dashboard_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a ``streamlit run dashboard.py`` on an empty store (it ingests ``seeds/``)."""
    with serve_dashboard(tmp_path_factory.mktemp("dashboard")) as url:
        yield url


@pytest.fixture(scope="session")
def postgis_template() -> Iterator[str]:
    """A throwaway PostgreSQL + PostGIS server for the whole run (stopped and removed at the
    end); yields the URL of its template database."""
    with contextlib.ExitStack() as stack:
        try:
            url = stack.enter_context(throwaway_postgis())
        except PostgresMissingError as err:
            pytest.skip(str(err))
        yield url


@pytest.fixture
def postgis_url(postgis_template: str) -> str:
    """The URL of a new, empty PostGIS database for one test."""
    return new_database(postgis_template)


@pytest.fixture(params=BACKENDS)
def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> str | Path:
    """Where a new store lives, once per backend: a SQLite file, or a PostGIS database URL."""
    if request.param == "postgres":
        return request.getfixturevalue("postgis_url")
    return tmp_path / "data" / "incidents.sqlite"


@pytest.fixture(scope="module", params=BACKENDS)
def module_store_target(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> str | Path:
    """As ``store_target``, shared by the tests of a module."""
    if request.param == "postgres":
        return new_database(request.getfixturevalue("postgis_template"))
    return tmp_path_factory.mktemp("store") / "incidents.sqlite"


# Playwright's default bound on an action or a wait is 30 s; on a loaded 2-core machine a
# Streamlit page's run (and so the element it renders) can take longer. Every page the tests
# open gets this bound instead; a wait whose time is what the test checks says its own.
BROWSER_TIMEOUT_MS = 120_000


class _PatientBrowser:
    """The Playwright browser, whose new contexts and pages wait up to ``BROWSER_TIMEOUT_MS``."""

    def __init__(self, browser) -> None:
        self._browser = browser

    def new_context(self, **options):
        context = self._browser.new_context(**options)
        context.set_default_timeout(BROWSER_TIMEOUT_MS)
        return context

    def new_page(self, **options):
        page = self._browser.new_page(**options)
        page.set_default_timeout(BROWSER_TIMEOUT_MS)
        return page

    def __getattr__(self, name: str):
        return getattr(self._browser, name)


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium through Playwright (skipped, with the reason, when absent);
    its pages wait up to ``BROWSER_TIMEOUT_MS`` unless told otherwise."""
    if not (Path(CHROMIUM).is_file() or shutil.which("chromium")):
        pytest.skip(f"no Chromium at {CHROMIUM}: run `make chromium` (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).is_file() else shutil.which("chromium"),
            headless=True,
            args=list(CHROMIUM_ARGS),
        )
        yield _PatientBrowser(browser)
        browser.close()


IDLE_APP = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def wait_idle(page, *, timeout_ms: int = 120_000) -> None:
    """Wait until the page's script run is over (Streamlit marks its root ``notRunning``)."""
    page.locator(IDLE_APP).wait_for(state="attached", timeout=timeout_ms)


def wait_settled(page, *, timeout_ms: int = 30_000) -> None:
    """Wait until the page and its frames have their fonts and no animation running (a
    Leaflet zoom or a fading popup), so a screenshot shows the page at rest."""
    for frame in page.frames:
        frame.wait_for_function(
            """() => document.fonts.status === 'loaded'
                && document.getAnimations().every(a => a.playState !== 'running')""",
            timeout=timeout_ms,
        )


@pytest.fixture
def screenshots() -> Path:
    """Where browser tests save their screenshots (git-ignored; named in the README)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI, a run with skipped tests fails: nothing the suite needs may be missing there."""
    if not os.environ.get("CI") or exitstatus != pytest.ExitCode.OK:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        logger.error("CI: %d test(s) skipped; the suite must run complete here", len(skipped))
        reporter.write_line(f"CI: {len(skipped)} test(s) skipped, which fails the run", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED

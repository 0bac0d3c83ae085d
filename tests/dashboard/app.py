"""The dashboard run in Streamlit's AppTest (no browser), as the tests of this folder run it."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.common import REPO

TIMEOUT_S = 240


def run_app(**query: str) -> AppTest:
    """Run ``dashboard.py`` once with ``query`` as its URL's parameters; it must not raise."""
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=TIMEOUT_S)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at

"""How long the extraction of one article may take (:data:`ARTICLE_DEADLINE_S`), and the
:class:`Deadline` each stage checks (its clock, ``_clock``, is replaced in tests).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from incidents.errors import ArticleTimeoutError

ARTICLE_DEADLINE_S = 8.0
"""Seconds :func:`extract_incidents` may spend on one article before it gives up.

A news story of some thousand words takes well under a second, and a 1 MB English article
(:data:`incidents.article.MAX_ARTICLE_BYTES`) four to six seconds on a two-core machine: the
deadline is a safety net against a text that would hold the dashboard for minutes, and it
keeps the answer for any article under ten seconds. French goes through a statistical parser:
some 37 kB a second in all, so a French text over about 250 kB is refused
(:class:`~incidents.errors.ArticleTimeoutError`) rather than waited for.
"""
# The clock of the deadline: monotonic, replaced in tests (never a real wait).
_clock = time.monotonic


@dataclass(frozen=True)
class Deadline:
    """When the extraction of one article must stop (``at`` on :data:`_clock`, None: never)."""

    source: str
    limit_s: float | None
    at: float | None

    @classmethod
    def start(cls, source: str, limit_s: float | None) -> Deadline:
        return cls(source, limit_s, None if limit_s is None else _clock() + limit_s)

    def check(self, stage: str) -> None:
        """Raise :class:`ArticleTimeoutError` once the deadline has passed."""
        if self.at is not None and _clock() > self.at:
            raise ArticleTimeoutError(
                f"{self.source}: extraction stopped after its {self.limit_s:g} s deadline "
                f"while {stage}; the article is too long or too unusual to read in time"
            )

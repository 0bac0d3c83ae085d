"""The online opt-in: geopy's ``Nominatim`` behind a ``RateLimiter``, failing fast and softly.

Turned on by ``INCIDENT_MAP_GEOCODER_ONLINE=1`` (see :func:`geo.resolve.build_resolver`). The
geocoder is wrapped, not subclassed: ``RateLimiter(geocoder.geocode, min_delay_seconds=1,
max_retries=0, swallow_exceptions=False)`` (its default of two retries costs 5 s per failure when
the network is down), with a short timeout. Any ``geopy`` error is logged and answered with None,
and the service is then left alone for ``cooldown_seconds``, so an unreachable network costs one
failed request, not one per name. Clock and sleep are injectable so tests never really wait.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import Any

from geopy.adapters import RequestsAdapter
from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from config import load_settings
from geo.place import Place

logger = logging.getLogger(__name__)


# Nominatim ``addresstype`` -> (feature, UCDP where_prec)
_ADDRESS_TYPES = {
    "country": ("country", 6),
    "state": ("governorate", 4),
    "province": ("governorate", 4),
    "region": ("region", 4),
    "county": ("district", 3),
    "state_district": ("district", 3),
    "district": ("district", 3),
    "city": ("city", 1),
    "town": ("town", 1),
    "village": ("town", 1),
    "hamlet": ("town", 1),
    "suburb": ("neighbourhood", 1),
    "neighbourhood": ("neighbourhood", 1),
    "quarter": ("neighbourhood", 1),
    "aeroway": ("airport", 1),
    "military": ("military base", 1),
}


def place_from_location(location: Location) -> Place:
    """Turn a Nominatim ``Location`` into a :class:`~geo.place.Place`.

    Parameters
    ----------
    location : geopy.location.Location
        ``raw`` is Nominatim's JSON record.

    Returns
    -------
    Place
    """
    raw = location.raw or {}
    kind = raw.get("addresstype") or raw.get("type") or ""
    feature, precision = _ADDRESS_TYPES.get(kind, (kind or "place", 2))
    country = (raw.get("address") or {}).get("country_code")
    osm = f"{raw['osm_type']}/{raw['osm_id']}" if "osm_type" in raw and "osm_id" in raw else None
    return Place(
        name=raw.get("name") or location.address.split(",")[0],
        lat=float(location.latitude),
        lon=float(location.longitude),
        geo_precision=precision,
        feature=feature,
        country_code=country.upper() if country else None,
        source="nominatim",
        place_id=osm,
    )


class OnlineLookup:
    """Ask an online geocoder for one name at a time, politely, never raising.

    Parameters
    ----------
    geocoder : geopy.geocoders.base.Geocoder
        ``Nominatim`` in production, a fake in tests.
    timeout : float
        Seconds per request.
    min_delay_seconds : float
        At most one request per this many seconds (Nominatim's policy: 1).
    max_retries : int
        Retries after a failure; 0 on purpose, so an offline machine falls back at once.
    cooldown_seconds : float
        How long the service is left alone after a failure.
    clock, sleep : callable
        ``time.monotonic`` and ``time.sleep`` by default.
    """

    def __init__(
        self,
        geocoder: Geocoder,
        *,
        timeout: float = 2.0,
        min_delay_seconds: float = 1.0,
        max_retries: int = 0,
        cooldown_seconds: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.geocoder = geocoder
        self.timeout = timeout
        self.cooldown_seconds = cooldown_seconds
        self._clock = clock
        self.rate_limiter = RateLimiter(
            geocoder.geocode,
            min_delay_seconds=min_delay_seconds,
            max_retries=max_retries,
            error_wait_seconds=max(min_delay_seconds, 1.0),
            swallow_exceptions=False,
        )
        # geopy's own tests replace these two methods; instance attributes shadow them.
        self.rate_limiter._clock = clock
        self.rate_limiter._sleep = sleep
        self._down_until: float | None = None
        self.calls = 0

    def __call__(self, query: str, *, country_code: str | None = None) -> Place | None:
        """Return the service's answer for ``query``, or None (not found, error, cooling down)."""
        return self.lookup(query, country_code=country_code)[1]

    def lookup(self, query: str, *, country_code: str | None = None) -> tuple[bool, Place | None]:
        """Ask the service; return ``(answered, place)``.

        ``answered`` is False when the service failed or was cooling down: the name was not
        really asked, and should be asked again later.
        """
        if self._down_until is not None and self._clock() < self._down_until:
            return False, None
        self.calls += 1
        kwargs: dict[str, object] = {"exactly_one": True, "timeout": self.timeout}
        if country_code:
            kwargs["country_codes"] = [country_code.lower()]
        try:
            location = self.rate_limiter(query, **kwargs)
        except GeopyError as err:
            self._down_until = self._clock() + self.cooldown_seconds
            logger.warning("online geocoder failed for %r (%s): offline answer used", query, err)
            return False, None
        self._down_until = None
        return True, place_from_location(location) if location is not None else None


def build_online_lookup(
    *,
    user_agent: str | None = None,
    timeout: float = 2.0,
    adapter_factory: Callable[..., Any] | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> OnlineLookup:
    """Return an :class:`OnlineLookup` over ``Nominatim`` with a real user agent.

    Parameters
    ----------
    user_agent : str, optional
        ``$INCIDENT_MAP_GEOCODER_USER_AGENT`` (:mod:`config.settings`) by default.
    timeout : float
        Seconds per request.
    adapter_factory : callable, optional
        geopy's HTTP adapter factory (tests pass a fake: the network's edge). By default
        ``RequestsAdapter`` with urllib3's own retries off (geopy's default retries twice,
        which would triple the time a dead network costs).
    clock, sleep : callable
        See :class:`OnlineLookup`.

    Returns
    -------
    OnlineLookup
    """
    agent = user_agent or load_settings().geocoder_user_agent
    if adapter_factory is None:
        adapter_factory = functools.partial(RequestsAdapter, max_retries=0)
    nominatim = Nominatim(user_agent=agent, timeout=timeout, adapter_factory=adapter_factory)
    return OnlineLookup(nominatim, timeout=timeout, clock=clock, sleep=sleep)

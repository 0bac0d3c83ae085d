"""The online opt-in: Nominatim behind a RateLimiter, faked at the HTTP adapter (no network)."""

from __future__ import annotations

import time
from typing import ClassVar
from urllib.parse import parse_qs, urlparse

import pytest
from geopy.adapters import BaseSyncAdapter
from geopy.exc import GeocoderTimedOut, GeocoderUnavailable
from geopy.geocoders import Nominatim

from config.settings import DEFAULT_USER_AGENT
from geo.online import OnlineLookup, build_online_lookup
from geo.resolve import ENV_ONLINE, build_resolver, online_from_env

SPRINGFIELD = [
    {
        "place_id": 1,
        "osm_type": "relation",
        "osm_id": 123,
        "lat": "39.7990",
        "lon": "-89.6440",
        "name": "Springfield",
        "display_name": "Springfield, Sangamon County, Illinois, United States",
        "addresstype": "city",
        "address": {"country_code": "us"},
    }
]


class FakeClock:
    """A clock that only moves when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class FakeAdapter(BaseSyncAdapter):
    """geopy's HTTP edge: records each request and answers, or fails, without a network."""

    requests: ClassVar[list[dict]] = []
    answer: ClassVar[object] = SPRINGFIELD

    def __init__(self, *, proxies, ssl_context):
        super().__init__(proxies=proxies, ssl_context=ssl_context)

    def get_json(self, url, *, timeout, headers):
        FakeAdapter.requests.append({"url": url, "timeout": timeout, "headers": headers})
        if isinstance(FakeAdapter.answer, Exception):
            raise FakeAdapter.answer
        return FakeAdapter.answer

    def get_text(self, url, *, timeout, headers):  # pragma: no cover - not used by Nominatim
        raise NotImplementedError


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def edge(clock):
    FakeAdapter.requests = []
    FakeAdapter.answer = SPRINGFIELD
    return build_online_lookup(adapter_factory=FakeAdapter, clock=clock, sleep=clock.sleep)


def test_online_service_is_off_unless_the_environment_turns_it_on(monkeypatch):
    assert online_from_env({}) is False
    assert online_from_env({ENV_ONLINE: "0"}) is False
    assert online_from_env({ENV_ONLINE: "1"}) is True
    assert online_from_env({ENV_ONLINE: "yes"}) is True
    monkeypatch.delenv(ENV_ONLINE, raising=False)
    assert build_resolver(cache_path=None, world=False).online is None
    monkeypatch.setenv(ENV_ONLINE, "1")
    fake = OnlineLookup(Nominatim(user_agent="test", adapter_factory=FakeAdapter))
    assert build_resolver(cache_path=None, world=False, online_lookup=fake).online is fake


def test_nominatim_has_a_real_user_agent_a_short_timeout_and_a_deliberate_rate_limiter():
    lookup = build_online_lookup(adapter_factory=FakeAdapter)
    assert isinstance(lookup.geocoder, Nominatim)
    assert lookup.geocoder.headers["User-Agent"] == DEFAULT_USER_AGENT
    assert "geopy" not in lookup.geocoder.headers["User-Agent"].split("/")[0]
    assert lookup.timeout <= 5
    limiter = lookup.rate_limiter
    assert limiter.min_delay_seconds == 1
    assert limiter.max_retries in (0, 1)
    assert limiter.swallow_exceptions is False


def test_nominatim_answer_becomes_a_place_through_the_fake_edge(edge):
    place = edge("Springfield", country_code="US")
    assert place is not None and place.source == "nominatim"
    assert (place.name, place.country_code, place.feature) == ("Springfield", "US", "city")
    assert place.lat == pytest.approx(39.799) and place.place_id == "relation/123"
    (request,) = FakeAdapter.requests
    query = parse_qs(urlparse(request["url"]).query)
    assert query["q"] == ["Springfield"] and query["countrycodes"] == ["us"]
    assert request["headers"]["User-Agent"] == DEFAULT_USER_AGENT
    assert request["timeout"] == edge.timeout


def test_online_service_is_asked_only_for_names_the_gazetteer_lacks(edge):
    resolver = build_resolver(cache_path=None, online=True, online_lookup=edge)
    assert resolver.resolve("camp Taji").source == "gazetteer"
    assert resolver.resolve("zone verte", country_hint="IQ").source == "gazetteer"
    assert FakeAdapter.requests == []
    assert resolver.resolve("Qzxv Springfield").source == "nominatim"
    assert len(FakeAdapter.requests) == 1


def test_rate_limiter_spaces_requests_one_second_apart_without_really_sleeping(edge, clock):
    started = time.monotonic()
    for _ in range(3):
        edge("Springfield")
    assert len(FakeAdapter.requests) == 3
    assert clock.sleeps == pytest.approx([1.0, 1.0])
    assert time.monotonic() - started < 0.5


@pytest.mark.parametrize("error", [GeocoderTimedOut("slow"), GeocoderUnavailable("offline")])
def test_online_failure_falls_back_to_the_offline_answer_fast(edge, clock, error):
    FakeAdapter.answer = error
    resolver = build_resolver(cache_path=None, online=True, online_lookup=edge)
    started = time.monotonic()
    place = resolver.resolve("Sacramento", country_hint="US")  # GeoNames knows it
    assert time.monotonic() - started < 0.5
    assert place is not None and place.source == "geonames" and place.country_code == "US"
    assert len(FakeAdapter.requests) == 1  # max_retries=0: no second attempt
    assert clock.sleeps == []
    assert resolver.resolve("Xqzvw") is None  # cooling down: not asked again
    assert len(FakeAdapter.requests) == 1


def test_service_is_asked_again_after_the_cooldown(edge, clock):
    FakeAdapter.answer = GeocoderUnavailable("offline")
    assert edge("Springfield") is None
    FakeAdapter.answer = SPRINGFIELD
    assert edge("Springfield") is None
    clock.now += edge.cooldown_seconds + 1
    assert edge("Springfield") is not None
    assert len(FakeAdapter.requests) == 2


def test_default_http_adapter_does_not_retry_either():
    lookup = build_online_lookup()
    adapter = lookup.geocoder.adapter
    retries = adapter.session.get_adapter("https://nominatim.openstreetmap.org").max_retries
    assert retries.total == 0


def test_a_name_not_really_asked_is_asked_again_once_the_service_is_back(edge, clock, tmp_path):
    FakeAdapter.answer = GeocoderUnavailable("offline")
    path = tmp_path / "geocache.sqlite"
    resolver = build_resolver(cache_path=path, online=True, online_lookup=edge, world=False)
    assert resolver.resolve("Qzxv Springfield") is None
    assert resolver.resolve("Qzxv Springfield") is None  # cooling down: not asked
    assert len(FakeAdapter.requests) == 1
    FakeAdapter.answer = SPRINGFIELD
    clock.now += edge.cooldown_seconds + 1
    place = resolver.resolve("Qzxv Springfield")
    assert place is not None and place.source == "nominatim"
    assert len(FakeAdapter.requests) == 2

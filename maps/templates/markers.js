function (group, data, functions) {
    // A bounded number of incidents, each a marker with its popup and tooltip, drawn with
    // the functions of the per-incident map (point_to_layer.js, on_each_feature.js).
    var shared = group.incidentMap = group.incidentMap || {listeners: []};
    // A pan (a popup's own autoPan among them) makes a new layer, and Leaflet closes a popup
    // whose marker goes: the incident whose popup the last swap closed opens again here.
    var reopen = window.incidentMapOpenPopup || null;
    window.incidentMapOpenPopup = null;
    var layers = [];
    L.geoJson(data.features, {
        pointToLayer: functions.pointToLayer,
        onEachFeature: functions.onEachFeature,
        style: functions.style
    }).eachLayer(function (layer) {
        layers.push(layer);
        group.addLayer(layer);
        var id = layer.feature.properties.id;
        layer.on('popupopen', function () { window.incidentMapOpenPopup = id; });
        layer.on('popupclose', function () {
            setTimeout(function () {  // closed by the user: its marker is still on the map
                if (layer._map && window.incidentMapOpenPopup === id) {
                    window.incidentMapOpenPopup = null;
                }
            }, 0);
        });
    });
    var again = reopen === null ? null : layers.filter(function (layer) {
        return layer.feature.properties.id === reopen;
    })[0];
    if (again) {
        if (group._map) { again.openPopup(); }
        else { group.once('add', function () { again.openPopup(); }); }
    }
    shared.listeners.push(function (upTo) {
        layers.forEach(function (layer) {
            var period = layer.feature.properties.period;
            var shown = upTo === null || period === null || period <= upTo;
            if (shown && !group.hasLayer(layer)) { group.addLayer(layer); }
            if (!shown && group.hasLayer(layer)) { group.removeLayer(layer); }
        });
    });
}

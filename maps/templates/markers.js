function (group, data, functions) {
    // A bounded number of incidents, each a marker with its popup and tooltip, drawn with
    // the functions of the per-incident map (point_to_layer.js, on_each_feature.js).
    var shared = group.incidentMap = group.incidentMap || {listeners: []};
    var layers = [];
    L.geoJson(data.features, {
        pointToLayer: functions.pointToLayer,
        onEachFeature: functions.onEachFeature,
        style: functions.style
    }).eachLayer(function (layer) {
        layers.push(layer);
        group.addLayer(layer);
    });
    shared.listeners.push(function (upTo) {
        layers.forEach(function (layer) {
            var period = layer.feature.properties.period;
            var shown = upTo === null || period === null || period <= upTo;
            if (shown && !group.hasLayer(layer)) { group.addLayer(layer); }
            if (!shown && group.hasLayer(layer)) { group.removeLayer(layer); }
        });
    });
}

function (group, data) {
    // A box of (already escaped) HTML on the map while the layer is on it.
    var control = L.control({position: data.position});
    control.onAdd = function () {
        var div = L.DomUtil.create('div', data.cssClass);
        div.innerHTML = data.html;
        L.DomEvent.disableClickPropagation(div);
        return div;
    };
    function show(map) { control.addTo(map); }
    if (group._map) { show(group._map); }
    group.on('add', function () { show(group._map); });
    group.on('remove', function () { control.remove(); });
}

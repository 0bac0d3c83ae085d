function (feature, layer) {
    var p = feature.properties;
    if (p.kind === 'incident') {
        layer.bindPopup(p.popup_html, {maxWidth: 380, minWidth: 240});
        layer.bindTooltip(p.tooltip_html, {direction: 'top', offset: [0, -4]});
    }
}

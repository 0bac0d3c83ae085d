function (feature, layer) {
    var p = feature.properties;
    if (p.kind === 'incident') {
        // Popups pan into view clear of the controls: the layer button and caption at the
        // top, the timeline bar at the bottom (the legend closes when a popup opens).
        layer.bindPopup(p.popup_html, {
            maxWidth: 360, minWidth: 200, autoPan: true,
            autoPanPaddingTopLeft: L.point(12, 86), autoPanPaddingBottomRight: L.point(12, 130)
        });
        layer.bindTooltip(p.tooltip_html, {direction: 'top', offset: [0, -4]});
    }
}

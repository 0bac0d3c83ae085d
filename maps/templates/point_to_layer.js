function (feature, latlng) {
    var p = feature.properties;
    if (p.kind === 'uncertainty') {
        return L.circle(latlng, {
            radius: p.radius_m, color: p.color, weight: 1, opacity: 0.45,
            fillColor: p.color, fillOpacity: 0.05, dashArray: '3 4',
            interactive: false, className: 'incident-uncertainty'
        });
    }
    if (p.kind === 'launch_site') {
        return L.circleMarker(latlng, {
            radius: 4, color: p.color, weight: 2, opacity: 0.9, fill: true,
            fillColor: '#ffffff', fillOpacity: 0.9, className: 'incident-launch-site'
        }).bindTooltip(p.tooltip_html);
    }
    if (p.origin !== 'news') {
        return L.circleMarker(latlng, {
            radius: p.radius, color: p.color, weight: 2.5, opacity: 0.95,
            fill: true, fillOpacity: 0, pane: 'markerPane',
            className: 'incident-marker incident-coded ' + p.origin_class + ' ' + p.css_class
        });
    }
    return L.circleMarker(latlng, {
        radius: p.radius, color: '#222222', weight: 1, opacity: 0.9,
        fillColor: p.color, fillOpacity: 0.85, pane: 'markerPane',
        className: 'incident-marker incident-news ' + p.css_class
    });
}

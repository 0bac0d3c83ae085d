function (feature) {
    var p = feature.properties;
    if (p.kind === 'launch') {
        return {color: p.color, weight: 2, opacity: 0.85, dashArray: '6 5',
                className: 'incident-launch-line', interactive: false};
    }
    return {};
}

function (feature, layer) {
    var p = feature.properties;
    layer.bindTooltip(p.label, {direction: 'right', offset: [4, 0], className: 'reference-label'});
}

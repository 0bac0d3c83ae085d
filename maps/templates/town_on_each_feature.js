function (feature, layer) {
    var p = feature.properties;
    layer.bindTooltip(p.label, {
        permanent: p.labelled, direction: 'right', offset: [4, 0],
        className: 'reference-label' + (p.labelled ? ' reference-label-permanent' : '')
    });
}

function (group, data) {
    // Grid cells as bubbles: the count on each, a click zooms to the cell's box.
    var shared = group.incidentMap = group.incidentMap || {listeners: []};
    function short(n) {
        if (n >= 1e6) { return (n / 1e6).toFixed(n >= 1e7 ? 0 : 1) + 'M'; }
        if (n >= 1e4) { return Math.round(n / 1e3) + 'k'; }
        if (n >= 1e3) { return (n / 1e3).toFixed(1) + 'k'; }
        return String(n);
    }
    function icon(count) {
        var size = Math.round(26 + 9 * Math.log10(Math.max(count, 1)));
        var band = count >= 1000 ? 'large' : (count >= 100 ? 'medium' : 'small');
        var html = document.createElement('div');
        var span = document.createElement('span');
        span.textContent = short(count);
        html.appendChild(span);
        return L.divIcon({
            html: html, iconSize: [size, size],
            className: 'incident-cell incident-cell-' + band
        });
    }
    var bubbles = data.cells.map(function (c) {
        var marker = L.marker([c[0], c[1]], {icon: icon(c[2]), keyboard: false});
        marker.cell = c;
        marker.shownCount = c[2];
        marker.bindTooltip(
            c[2].toLocaleString('en') + ' incidents · ' + c[3].toLocaleString('en') +
            ' killed<br>click to zoom in', {direction: 'top'});
        marker.on('click', function () {
            if (group._map) {
                group._map.fitBounds([[c[4], c[5]], [c[6], c[7]]], {maxZoom: 18});
            }
        });
        marker.on('add', function () {
            var element = marker.getElement();
            if (element) { element.setAttribute('data-count', String(marker.shownCount)); }
        });
        group.addLayer(marker);
        return marker;
    });
    shared.listeners.push(function (upTo) {
        // Up to period ``upTo`` (null: every period): the count of each cell by then.
        bubbles.forEach(function (marker) {
            var c = marker.cell, periods = c[8] || [], count = c[2];
            if (upTo !== null && periods.length) {
                count = 0;
                for (var i = 0; i < periods.length; i += 2) {
                    if (periods[i] <= upTo) { count += periods[i + 1]; }
                }
            }
            if (count === marker.shownCount) { return; }
            marker.shownCount = count;
            if (count === 0) {
                group.removeLayer(marker);
            } else {
                marker.setIcon(icon(count));
                if (!group.hasLayer(marker)) { group.addLayer(marker); }
                var element = marker.getElement();
                if (element) { element.setAttribute('data-count', String(count)); }
            }
        });
    });
}

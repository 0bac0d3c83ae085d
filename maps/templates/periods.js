function (group, data) {
    // The timeline at scale: a bar per period (count of incidents), a slider and a play
    // button; the layer shows the incidents up to the chosen period (all of them at the end).
    // Playing walks every period of the calendar, each for its own time (periods[i][4], ms):
    // an empty one passes quickly, a busy one stays by how many it holds.
    var shared = group.incidentMap = group.incidentMap || {listeners: []};
    var periods = data.periods;
    if (!periods.length) { return; }
    var last = periods.length - 1, current = last, timer = null;
    var control = L.control({position: 'bottomleft'});
    var label, slider, bars = [], button;
    function total(upTo) {
        var sum = 0;
        for (var i = 0; i <= upTo; i++) { sum += periods[i][2]; }
        return sum;
    }
    function show(index) {
        current = index;
        slider.value = String(index);
        bars.forEach(function (bar, i) { bar.classList.toggle('after', i > index); });
        label.textContent = periods[index][1] + ': ' + periods[index][2].toLocaleString('en') +
            ' incidents · ' + total(index).toLocaleString('en') + ' up to then';
        shared.listeners.forEach(function (listener) {
            listener(index === last ? null : index);
        });
    }
    function stop() {
        if (timer !== null) { clearTimeout(timer); timer = null; }
        button.textContent = '▶';
    }
    control.onAdd = function () {
        var div = L.DomUtil.create('div', 'incident-periods');
        var chart = L.DomUtil.create('div', 'incident-periods-chart', div);
        var most = Math.max.apply(null, periods.map(function (p) { return p[2]; })) || 1;
        periods.forEach(function (p, i) {
            var bar = L.DomUtil.create('span', 'incident-periods-bar', chart);
            bar.style.height = Math.max(1, Math.round(36 * p[2] / most)) + 'px';
            bar.title = p[1] + ': ' + p[2] + ' incidents, ' + p[3] + ' killed';
            bar.addEventListener('click', function () { stop(); show(i); });
            bars.push(bar);
        });
        var row = L.DomUtil.create('div', 'incident-periods-row', div);
        button = L.DomUtil.create('button', 'incident-periods-play', row);
        button.type = 'button';
        button.textContent = '▶';
        button.title = 'Play: ' + data.granularity + ' by ' + data.granularity;
        slider = L.DomUtil.create('input', 'incident-periods-slider', row);
        slider.type = 'range';
        slider.min = '0';
        slider.max = String(last);
        slider.step = '1';
        slider.addEventListener('input', function () { stop(); show(parseInt(slider.value, 10)); });
        label = L.DomUtil.create('div', 'incident-periods-label', div);
        button.addEventListener('click', function () {
            if (timer !== null) { stop(); return; }
            button.textContent = '❚❚';
            var start = current >= last ? 0 : current + 1;
            function next() {
                if (current >= last) { stop(); return; }
                show(current + 1);
                timer = setTimeout(next, periods[current][4]);
            }
            show(start);
            timer = setTimeout(next, periods[start][4]);
        });
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        show(last);
        return div;
    };
    if (group._map) { control.addTo(group._map); }
    group.on('add', function () { control.addTo(group._map); });
    group.on('remove', function () { stop(); control.remove(); });
}

function (map, slider, timeline) {
    /* The timeline bar's tools: go to the start, a speed, and a window ("the last 30 / 7
       days" as it plays, beside everything so far); the time reads as the period of the
       incidents it stops on ("July 2020" for month-precision ones). The window is applied
       by the cluster's sync (_TimelineCluster), which reads map._timelineWindowDays. */
    var baseDuration = slider.options.duration;
    var byStart = {};
    function precisionAt(t) {
        var found = byStart[t];
        if (!found) { return null; }
        if (found.day) { return 'day'; }
        return found.month ? 'month' : 'year';
    }
    slider.timelines.forEach(function (tl) {
        tl.ranges.overlap(-Infinity, Infinity).forEach(function (feature) {
            var p = feature.properties || {};
            if (p.kind !== 'incident') { return; }
            var t = new Date(p.start).getTime();
            var entry = byStart[t] || (byStart[t] = {day: false, month: false, year: false});
            entry[p.date_precision === 'month' ? 'month'
                  : p.date_precision === 'year' ? 'year' : 'day'] = true;
        });
    });
    slider.options.formatOutput = function (t) {
        var m = moment(t);
        var precision = precisionAt(t);
        if (precision === 'month') { return m.format('MMMM YYYY'); }
        if (precision === 'year') { return m.format('YYYY'); }
        return m.format('YYYY-MM-DD');
    };
    slider.setTime(slider.time === undefined ? slider.end : slider.time);

    var tools = L.DomUtil.create('div', 'timeline-tools', slider.container);
    L.DomEvent.disableClickPropagation(tools);
    var start = L.DomUtil.create('button', 'timeline-start', tools);
    start.type = 'button';
    start.textContent = 'start';
    start.title = 'Go to the start';
    start.setAttribute('aria-label', 'Go to the start');
    start.addEventListener('click', function () { slider.pause(); slider.setTime(slider.start); });
    function choice(css, label, options, onChange) {
        var select = L.DomUtil.create('select', css, tools);
        select.setAttribute('aria-label', label);
        select.title = label;
        options.forEach(function (option) {
            var el = document.createElement('option');
            el.value = option[0];
            el.textContent = option[1];
            select.appendChild(el);
        });
        select.addEventListener('change', function () { onChange(select.value); });
        return select;
    }
    choice('timeline-speed', 'Playback speed',
           [['1', '1×'], ['0.5', '½×'], ['2', '2×'], ['4', '4×']], function (value) {
        slider.options.duration = baseDuration / parseFloat(value);
        slider._stepDuration = Math.max(1, slider.options.duration / slider.options.steps);
    });
    choice('timeline-window', 'Incidents shown',
           [['0', 'all so far'], ['30', 'last 30 days'], ['7', 'last 7 days']], function (value) {
        map._timelineWindowDays = parseInt(value, 10);
        timeline.fire('change');
    });
    map._timelineWindowDays = 0;
}

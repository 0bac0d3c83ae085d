function (map, slider, timeline, plan) {
    /* The timeline bar's tools: playback by calendar time, go to the start, a speed, and a
       window ("the last 30 / 7 days" as it plays, beside everything so far); the time reads
       as the period of the incidents it stops on ("July 2020" for month-precision ones), and
       such incidents fade in over their month (or year). The window is applied by the
       cluster's sync (_TimelineCluster), which reads map._timelineWindowDays.

       plan: [[period start, period end (ms since 1970), ms to cross it at 1×], ...] (see
       maps.timeline.playback_plan): the time runs evenly through each period, an empty one
       quickly, a busy one slower. */
    var TICK_MS = 50;
    var speed = 1, timer = null;
    function periodAt(t) {
        for (var i = 0; i < plan.length; i++) { if (t < plan[i][1]) { return i; } }
        return plan.length;
    }
    function stop() {
        if (timer !== null) { clearTimeout(timer); timer = null; }
        slider._playing = false;
        if (slider.container) { slider.container.classList.remove('playing'); }
    }
    slider.pause = function () { stop(); };
    slider.play = function () {
        stop();
        if (!plan.length) { return; }
        var t = slider.time >= slider.end ? slider.start : slider.time;
        var i = periodAt(t), last = performance.now();
        slider._playing = true;
        slider.container.classList.add('playing');
        slider.setTime(t);
        function step() {
            var now = performance.now(), wall = (now - last) * speed, crossed = false;
            last = now;
            while (wall > 0 && i < plan.length) {
                var p = plan[i], from = Math.max(t, p[0]);
                var rate = (p[1] - p[0]) / Math.max(p[2], 1);  // calendar ms per wall ms
                var need = (p[1] - from) / rate;
                if (wall < need) { t = from + wall * rate; wall = 0; }
                // A late tick never skips a whole period: it stops inside the next one.
                else if (crossed) { t = from + need * rate / 2; wall = 0; }
                else { t = p[1]; wall -= need; i++; crossed = true; }
            }
            var done = i >= plan.length || t >= slider.end;
            slider.setTime(done ? slider.end : t);
            if (done) { stop(); } else { timer = setTimeout(step, TICK_MS); }
        }
        timer = setTimeout(step, TICK_MS);
    };
    // Incidents known to the month or the year: faint at the start of their period, whole
    // at its end (after the cluster's sync has put them on the map).
    function fade() {
        var time = timeline.time;
        timeline.getLayers().forEach(function (layer) {
            var p = layer.feature && layer.feature.properties;
            if (!p || p.kind !== 'incident' || !p.fade_end || !layer.setStyle) { return; }
            if (!layer._fadeBase) {
                layer._fadeBase = {opacity: layer.options.opacity,
                                   fillOpacity: layer.options.fillOpacity};
            }
            var from = new Date(p.start).getTime(), to = new Date(p.fade_end).getTime();
            var share = to > from ? Math.min(1, Math.max(0, (time - from) / (to - from))) : 1;
            var seen = 0.15 + 0.85 * share;
            layer.setStyle({opacity: layer._fadeBase.opacity * seen,
                            fillOpacity: layer._fadeBase.fillOpacity * seen});
            layer._fadeShare = share;
        });
    }
    timeline.on('change', fade);
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
        speed = parseFloat(value);
    });
    choice('timeline-window', 'Incidents shown',
           [['0', 'all so far'], ['30', 'last 30 days'], ['7', 'last 7 days']], function (value) {
        map._timelineWindowDays = parseInt(value, 10);
        timeline.fire('change');
    });
    map._timelineWindowDays = 0;
    fade();
}

function (map, slider, timeline, reportTimeline) {
    /* Tell the page (st_folium's returned value) what the map shows: the incident whose
       popup opened ("selected": its id; a marker click) and, when asked, the timeline's
       position ("timeline": {time, end, window_days}, once it stops moving). Only inside
       st_folium's frame: its page-side value is whatever window.Streamlit sends, so every
       value it sends carries these keys too. A standalone page is left alone. */
    var S = window.Streamlit, data = window.__GLOBAL_DATA__;
    if (!S || typeof S.setComponentValue !== 'function' || !data) { return; }
    if (!S._incidentMapMerged) {
        var send = S.setComponentValue;
        S.setComponentValue = function (value) {
            return send.call(S, Object.assign({}, value, window.incidentMapReport || {}));
        };
        S._incidentMapMerged = true;
    }
    var report = window.incidentMapReport = {};
    function sendNow() { S.setComponentValue(data.previous_data || {}); }
    map.on('popupopen', function (e) {
        var p = e.popup._source && e.popup._source.feature &&
                e.popup._source.feature.properties;
        if (p && p.kind === 'incident' && report.selected !== p.id) {
            report.selected = p.id;
            sendNow();
        }
    });
    if (!reportTimeline || !slider) { return; }
    function position() {
        return {time: Math.round(slider.time), end: Math.round(slider.end),
                window_days: map._timelineWindowDays || 0};
    }
    report.timeline = position();
    var timer = null;
    timeline.on('change', function () {
        clearTimeout(timer);
        timer = setTimeout(function () {
            if (slider._playing) { return; }  // reported where it stops
            var now = position();
            if (JSON.stringify(now) !== JSON.stringify(report.timeline)) {
                report.timeline = now;
                sendNow();
            }
        }, 400);
    });
}

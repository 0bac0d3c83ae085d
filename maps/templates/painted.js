function (map) {
    /* Tell the page once the map has painted its first layer: st_folium's returned value
       gets "painted": true. The dashboard sends the rest of itself (table, chart, exports,
       forms) only then: rendering them takes the browser's main thread, which this
       same-origin frame shares, and would hold back the map's first paint. Until then the
       values st_folium sends (its first report of the view comes as soon as the map is
       made, before the layer is drawn) are held, and the last one goes with "painted": a
       run of the page asked before the paint would mark the map stale and redraw its
       layer while it paints. Sent after the next frame (st_folium adds the data layer right
       after this script, in the same task, so that frame holds it), or after 3 s at the
       latest (a hidden frame draws no frame). Only inside st_folium's frame; a standalone
       page is left alone. */
    var S = window.Streamlit, data = window.__GLOBAL_DATA__;
    if (!S || typeof S.setComponentValue !== 'function' || !data) { return; }
    var sent = false, held = null;
    var pass = S.setComponentValue;
    S.setComponentValue = function (value) {
        if (!sent) { held = value; return undefined; }
        return pass.call(S, value);
    };
    function send() {
        if (sent) { return; }
        sent = true;
        pass.call(S, Object.assign({}, held || data.previous_data || {}, {painted: true}));
    }
    window.requestAnimationFrame(function () { setTimeout(send, 0); });
    setTimeout(send, 3000);
}

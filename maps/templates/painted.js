function (map) {
    /* Tell the page once the map has painted its first layer: st_folium's returned value
       gets "painted": true. The dashboard sends the rest of itself (table, chart, exports,
       forms) only then: rendering them takes the browser's main thread, which this
       same-origin frame shares, and would hold back the map's first paint. Sent after the
       next frame (st_folium adds the data layer right after this script, in the same task,
       so that frame holds it), or after 3 s at the latest (a hidden frame draws no frame).
       Only inside st_folium's frame; a standalone page is left alone. */
    var S = window.Streamlit, data = window.__GLOBAL_DATA__;
    if (!S || typeof S.setComponentValue !== 'function' || !data) { return; }
    var sent = false;
    function send() {
        if (sent) { return; }
        sent = true;
        S.setComponentValue(Object.assign({}, data.previous_data || {}, {painted: true}));
    }
    window.requestAnimationFrame(function () { setTimeout(send, 0); });
    setTimeout(send, 3000);
}

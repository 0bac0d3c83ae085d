/* Map labels that never overlap: one manager per map places them by priority.
   Each label is a DivIcon marker in the 'labels' pane holding a <span> whose text is set
   with textContent (never parsed as HTML). After every move or zoom the manager shows the
   labels of the zoom band in priority order, hiding any whose box meets a box already placed
   or an incident marker. Its state is readable by tests: el.dataset.placed, and the map
   container's dataset.labels ('pending' while a layout is due, 'placed' once done). */
(function () {
  if (window.IncidentMapLabels) { return; }
  var GAP = 3;  // px kept free around each label

  function overlaps(a, b) {
    return a.left < b.right + GAP && b.left < a.right + GAP &&
           a.top < b.bottom + GAP && b.top < a.bottom + GAP;
  }

  function Manager(map) {
    this.map = map;
    this.items = [];
    this.pending = null;
    var pane = map.createPane('labels');
    pane.style.zIndex = 450;
    pane.style.pointerEvents = 'none';
    var self = this;
    map.on('zoomend moveend resize', function () { self.schedule(); });
    map.on('layeradd layerremove', function (e) {
      if (!e.layer.isMapLabel) { self.schedule(); }
    });
  }

  Manager.prototype.schedule = function () {
    var self = this;
    if (this.pending) { return; }
    this.map.getContainer().dataset.labels = 'pending';
    this.pending = window.requestAnimationFrame(function () {
      self.pending = null;
      self.layout();
    });
  };

  /* item: {lat, lon, text, css, priority, minZoom, maxZoom, owner (a layer: the label
     shows while it is on the map), alternates (optional: classes placing it elsewhere,
     tried in turn when its first place is taken)} */
  Manager.prototype.add = function (item) {
    var span = document.createElement('span');
    span.textContent = item.text;
    item.marker = L.marker([item.lat, item.lon], {
      icon: L.divIcon({className: 'map-label ' + item.css, html: span, iconSize: null}),
      pane: 'labels', interactive: false, keyboard: false
    });
    item.marker.isMapLabel = true;
    this.items.push(item);
    this.sorted = false;
    this.schedule();
  };

  Manager.prototype.obstacles = function () {
    var boxes = [];
    // The incidents and the controls (legend, layer button, timeline bar) come first.
    var container = this.map.getContainer();
    container.querySelectorAll(
      '.incident-marker, .marker-cluster, .leaflet-control'
    ).forEach(function (el) {
      var r = el.getBoundingClientRect();
      if (r.width > 0) { boxes.push(r); }
    });
    return boxes;
  };

  Manager.prototype.layout = function () {
    var map = this.map;
    if (map._animatingZoom) { this.schedule(); return; }  // boxes are moving: measure after
    if (!this.sorted) {
      this.items.sort(function (a, b) { return b.priority - a.priority; });
      this.sorted = true;
    }
    var zoom = map.getZoom();
    var view = map.getBounds().pad(0.05);
    var placed = this.obstacles();
    var frame = map.getContainer().getBoundingClientRect();
    this.items.forEach(function (item) {
      var wanted = zoom >= item.minZoom && zoom <= item.maxZoom &&
        map.hasLayer(item.owner) && view.contains([item.lat, item.lon]);
      if (!wanted) {
        if (map.hasLayer(item.marker)) { map.removeLayer(item.marker); }
        return;
      }
      if (!map.hasLayer(item.marker)) { item.marker.addTo(map); }
      var el = item.marker.getElement();
      el.style.display = '';
      // A label with other places (a town's: left of its dot) tries them before giving up.
      var places = [''].concat(item.alternates || []);
      var box = null, free = false;
      for (var n = 0; n < places.length && !free; n++) {
        places.forEach(function (css) { if (css) { el.classList.remove(css); } });
        if (places[n]) { el.classList.add(places[n]); }
        box = el.firstChild.getBoundingClientRect();
        var inside = box.left >= frame.left && box.right <= frame.right &&
                     box.top >= frame.top && box.bottom <= frame.bottom;
        free = inside && !placed.some(function (other) { return overlaps(box, other); });
      }
      el.style.display = free ? '' : 'none';
      el.dataset.placed = free ? 'yes' : 'no';
      if (free) { placed.push(box); }
    });
    map.getContainer().dataset.labels = 'placed';
  };

  window.IncidentMapLabels = {
    forMap: function (map) {
      if (!map._incidentLabels) { map._incidentLabels = new Manager(map); }
      return map._incidentLabels;
    }
  };
})();

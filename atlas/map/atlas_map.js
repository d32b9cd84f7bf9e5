/* Checkpoint Atlas: the map's own script (a fixed file; every value it shows comes as JSON data and is set as
 * text, never as HTML). atlasMap(map, config, labelsGroup, routesGroup) adds:
 *  - place names placed without overlap (AtlasLabels), again at every zoom and pan;
 *  - the southern Damascus inset on the overview, with its own names;
 *  - tooltips kept inside the map (never clipped at its edge);
 *  - atlasHighlight(spec): the selected event's route and places drawn out;
 *  - each route's arrowheads and outcome end mark, computed from its line (no shapes travel in the page);
 *  - Leaflet's own words (zoom and layers buttons' titles, scale units) in the map's language;
 *  - atlasColumns: the columnar page's tables made into features and tooltips (atlas.map.columns), loaded before
 *    the layers.
 * One file (~560 lines) because it is one script in the page, placed and run once per map (and again by the live
 * map on each update); its parts share the escaping and projection helpers. */
(function () {
  "use strict";
  // Run once per frame. The live map (atlas/ui/live_map.js) drops the globals a map's script made before it runs the
  // next one: the runtime stays on L (which it keeps), so the names' measured sizes (SIZES) last the frame's life
  // and L.GeoJSON's addData is wrapped once (run again, this file measured every name anew on each filter change
  // and wrapped addData once more each time).
  if (L.atlasRuntime) {
    window.atlasMap = L.atlasRuntime.atlasMap;
    window.atlasColumns = L.atlasRuntime.atlasColumns;
    return;
  }
  var PAD = 2;

  function overlaps(a, b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  }

  function controlBoxes(map) {
    var origin = map.getContainer().getBoundingClientRect(), boxes = [];
    var nodes = map.getContainer().querySelectorAll(".leaflet-control");
    var overlays = document.querySelectorAll(".atlas-box");
    [].slice.call(nodes).concat([].slice.call(overlays)).forEach(function (node) {
      var r = node.getBoundingClientRect();
      if (r.width && r.height && getComputedStyle(node).display !== "none") {
        boxes.push({x: r.left - origin.left, y: r.top - origin.top, w: r.width, h: r.height});
      }
    });
    return boxes;
  }

  // -- place names ---------------------------------------------------------------------------
  // Each name's measured box, kept for the frame's life: the live map makes its names anew on every filter change,
  // and measuring them all (a layout of every name in view, ~450 at 10,000 events) was most of placing them. Only
  // sizes measured in the page's own fonts are kept; while a font still loads, the names are measured again once it
  // has (a size measured in a fallback font would place them wrong).
  var SIZES = {};
  function fontsLoading() { return !!(document.fonts && document.fonts.status === "loading"); }

  var AtlasLabels = L.Layer.extend({
    initialize: function (candidates, obstacles, options) {
      this._items = candidates.map(function (c) { return {c: c, el: null, w: 0, h: 0}; });
      this._obstacles = obstacles || [];
      this.options = options || {};
      this.placed = [];
    },
    onAdd: function (map) {
      this._map = map;
      var name = this.options.pane || "atlas-labels";
      this._pane = map.getPane(name) || map.createPane(name);
      this._pane.style.zIndex = 620;
      this._pane.style.pointerEvents = "none";
      this._layer = L.DomUtil.create("div", "atlas-label-layer", this._pane);
      map.on("zoomend moveend resize viewreset", this._schedule, this);
      this.place();
    },
    _sizeKey: function (c) { return [this.options.pane || "", c.kind, c.dir, c.lang, c.text].join("\u0000"); },
    _afterFonts: function () {      // names measured while a font loaded: measured again (and kept) once it has
      if (this._waiting || !fontsLoading()) { return; }
      this._waiting = true;
      var self = this;
      document.fonts.ready.then(function () {
        self._waiting = false;
        SIZES = {};
        self._measured = false;
        self._schedule();
      });
    },
    onRemove: function (map) {
      map.off("zoomend moveend resize viewreset", this._schedule, this);
      L.DomUtil.remove(this._layer);
      this._items.forEach(function (item) { item.el = null; });
      this.placed = [];
      map.getContainer().setAttribute("data-atlas-labels", "0");
    },
    _schedule: function () {
      if (this._pending) { return; }
      this._pending = true;
      var self = this;
      L.Util.requestAnimFrame(function () { self._pending = false; if (self._map) { self.place(); } });
    },
    _element: function (item) {
      if (item.el) { return item.el; }
      var c = item.c, el = L.DomUtil.create("div", "atlas-place-label atlas-label-" + c.kind, this._layer);
      el.setAttribute("data-id", c.id);
      if (c.dot) { L.DomUtil.create("span", "atlas-label-dot", el); }
      var text = L.DomUtil.create("span", "atlas-label-text", el);
      text.textContent = c.text;
      text.setAttribute("dir", c.dir);
      text.setAttribute("lang", c.lang);
      item.el = el;
      item.text = text;
      return el;
    },
    place: function () {
      var map = this._map;
      if (!map) { return; }
      var size = map.getSize(), zoom = map.getZoom(), taken = controlBoxes(map), placed = [];
      var markers = this._obstacles.map(function (o) {
        var p = map.latLngToContainerPoint([o[0], o[1]]), r = o[2];
        return {x: p.x - r, y: p.y - r, w: 2 * r, h: 2 * r, id: o[3]};
      });
      var view = map.getBounds().pad(0.05), shown = [], unmeasured = [], i, item, c, el;
      // Reads apart from writes: every name measured in one layout, then all placed (a read after each write
      // made the browser lay the map out again per name).
      for (i = 0; i < this._items.length; i++) {
        item = this._items[i];
        c = item.c;
        if (zoom >= c.minZoom && zoom <= c.maxZoom && view.contains([c.lat, c.lon])) {
          shown.push(item);
          if (!item.w || !this._measured) {
            var known = SIZES[this._sizeKey(c)];
            if (known) { item.w = known[0]; item.h = known[1]; } else { this._element(item); unmeasured.push(item); }
          }
        } else if (item.el) { item.el.classList.remove("atlas-shown"); }
      }
      unmeasured.forEach(function (it) { it.el.classList.add("atlas-measuring"); });
      unmeasured.forEach(function (it) { it.w = it.text.offsetWidth; it.h = it.text.offsetHeight; });
      unmeasured.forEach(function (it) { it.el.classList.remove("atlas-measuring"); });
      if (fontsLoading()) { this._afterFonts(); }
      else {
        for (i = 0; i < unmeasured.length; i++) { SIZES[this._sizeKey(unmeasured[i].c)] = [unmeasured[i].w, unmeasured[i].h]; }
      }
      for (i = 0; i < shown.length; i++) {
        item = shown[i];
        c = item.c;
        var anchor = map.latLngToContainerPoint([c.lat, c.lon]);
        var box = this._fit(item, anchor, size, taken, markers);
        if (!box) { if (item.el) { item.el.classList.remove("atlas-shown"); } continue; }
        el = this._element(item);     // a name known from before is made only once it has a place
        taken.push(box.text);
        if (box.dot) { taken.push(box.dot); }
        placed.push({id: c.id, text: c.text, kind: c.kind});
        var at = map.containerPointToLayerPoint(anchor).round();   // left/top: no compositing layer a name
        el.style.left = at.x + "px";
        el.style.top = at.y + "px";
        item.text.style.left = box.dx + "px";
        item.text.style.top = box.dy + "px";
        el.classList.add("atlas-shown");
      }
      this._measured = true;
      this.placed = placed;
      map.getContainer().setAttribute("data-atlas-labels", String(placed.length));
      map.getContainer().setAttribute("data-atlas-labels-measured", String(unmeasured.length));   // (tests)
      map.fire("atlas:labels", {placed: placed});
    },
    _fit: function (item, anchor, size, taken, markers) {
      var c = item.c, w = item.w, h = item.h, g = c.gap;
      var spots = c.kind === "governorate" || c.kind === "water" || c.kind === "road"
        ? [[-w / 2, -h / 2]]
        : c.kind === "city" ? ring(g).concat(ring(g + 16), ring(g + 34)) : ring(g);
      function ring(g) {
        var d = g * 0.72;
        return [[g, -h / 2], [-g - w, -h / 2], [-w / 2, -g - h], [-w / 2, g], [d, -d - h], [d, d], [-d - w, -d - h],
                [-d - w, d]];
      }
      if (c.dir === "rtl" && spots.length > 1) {   // Arabic names read best to the left of their point
        for (var k = 0; k + 1 < spots.length; k += 8) { var first = spots[k]; spots[k] = spots[k + 1]; spots[k + 1] = first; }
      }
      var own = c.id.split("|");
      var dot = c.dot ? {x: anchor.x - 3, y: anchor.y - 3, w: 6, h: 6} : null;
      for (var s = 0; s < spots.length; s++) {
        var box = {x: anchor.x + spots[s][0] - PAD, y: anchor.y + spots[s][1] - PAD, w: w + 2 * PAD, h: h + 2 * PAD};
        if (box.x < 0 || box.y < 0 || box.x + box.w > size.x || box.y + box.h > size.y) { continue; }
        var free = true, j;
        for (j = 0; free && j < taken.length; j++) { free = !overlaps(box, taken[j]); }
        for (j = 0; free && j < markers.length; j++) {
          free = own.indexOf(markers[j].id) >= 0 || !overlaps(box, markers[j]);
        }
        if (free && dot) {
          for (j = 0; free && j < taken.length; j++) { free = !overlaps(dot, taken[j]); }
        }
        if (free) { return {text: box, dot: dot, dx: spots[s][0], dy: spots[s][1]}; }
      }
      return null;
    }
  });

  // -- tooltips stay inside the map --------------------------------------------------------------
  function keepTooltipsInside() {
    if (L.Tooltip.prototype._atlasKeptInside) { return; }
    var setPosition = L.Tooltip.prototype._setPosition;
    L.Tooltip.prototype._setPosition = function (pos) {
      setPosition.call(this, pos);
      var map = this._map, el = this._container;
      if (!map || !el) { return; }
      var mapRect = map.getContainer().getBoundingClientRect(), r = el.getBoundingClientRect();
      var dx = 0, dy = 0, margin = 4;
      if (r.right > mapRect.right - margin) { dx = mapRect.right - margin - r.right; }
      if (r.left + dx < mapRect.left + margin) { dx = mapRect.left + margin - r.left; }
      if (r.bottom > mapRect.bottom - margin) { dy = mapRect.bottom - margin - r.bottom; }
      if (r.top + dy < mapRect.top + margin) { dy = mapRect.top + margin - r.top; }
      if (dx || dy) {
        var at = L.DomUtil.getPosition(el);
        L.DomUtil.setPosition(el, L.point(at.x + dx, at.y + dy));
      }
    };
    L.Tooltip.prototype._atlasKeptInside = true;
  }

  // -- marker icons copied, not parsed -----------------------------------------------------------------
  // A big map's few hundred markers (events at a place, checkpoints) are L.DivIcon markup (an SVG shape each), made
  // anew on every filter change: parsing each icon's text was most of adding them. Each markup is parsed once per
  // frame and every icon of it is a copy of those nodes (the same nodes as parsed: the page is the same).
  var PARSED_MOST = 5000, parsed = {}, parsedCount = 0;
  function copyIcons() {
    var createIcon = L.DivIcon.prototype.createIcon;
    L.DivIcon.prototype.createIcon = function (oldIcon) {
      var html = this.options.html;
      if (oldIcon || typeof html !== "string" || !html || this.options.bgPos) { return createIcon.call(this, oldIcon); }
      var model = parsed[html];
      if (!model) {
        if (parsedCount >= PARSED_MOST) { parsed = {}; parsedCount = 0; }
        model = parsed[html] = document.createElement("div");
        model.innerHTML = html;
        parsedCount += 1;
      }
      var div = model.cloneNode(true);
      this._setIconStyles(div, "icon");
      return div;
    };
  }
  copyIcons();

  // -- the inset -----------------------------------------------------------------------------------
  function addInset(map, spec) {
    var bounds = L.latLngBounds(spec.bounds);
    var Inset = L.Control.extend({
      onAdd: function () {
        var box = L.DomUtil.create("div", "atlas-inset leaflet-bar");
        var title = L.DomUtil.create("div", "atlas-inset-title", box);
        title.textContent = spec.title;
        title.dir = "auto";
        this._mapDiv = L.DomUtil.create("div", "atlas-inset-map", box);
        box.setAttribute("role", "button");
        box.setAttribute("tabindex", "0");
        box.setAttribute("aria-label", spec.title + ": zoom the map there");
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.on(box, "click", function () { map.fitBounds(bounds); });
        L.DomEvent.on(box, "keydown", function (e) { if (e.key === "Enter") { map.fitBounds(bounds); } });
        return box;
      }
    });
    var control = new Inset({position: "bottomleft"}).addTo(map);
    var inset = L.map(control._mapDiv, {attributionControl: false, zoomControl: false, dragging: false,
      scrollWheelZoom: false, doubleClickZoom: false, boxZoom: false, keyboard: false, touchZoom: false,
      zoomSnap: 0.25, fadeAnimation: false, zoomAnimation: false, markerZoomAnimation: false});
    var basemapPane = inset.createPane("basemap");
    basemapPane.style.zIndex = 250;
    basemapPane.style.pointerEvents = "none";
    function insetClass(name) { return name ? name.replace(/\batlas-/g, "atlas-inset-") : name; }
    map.eachLayer(function (layer) {
      if (layer instanceof L.GeoJSON && !layer.options.atlasNoInset) {
        var each = layer.options.onEachFeature;
        // The inset's copies draw the same, but answer to no hover or click and carry classes of their own
        // (atlas-inset-*), so nothing that looks for the map's features finds them twice.
        var options = L.extend({}, layer.options, {interactive: false, onEachFeature: function (feature, copy) {
          if (each) { each(feature, copy); }
          copy.unbindTooltip();
          if (feature.properties && feature.properties.atlasMarks) { drawsMarks(copy, feature.properties.atlasMarks); }
          copy.options.className = insetClass(copy.options.className);
          var icon = copy.options.icon;
          if (icon && icon.options) {
            copy.setIcon(L.divIcon(L.extend({}, icon.options, {className: insetClass(icon.options.className),
              html: insetClass(icon.options.html || "")})));
          }
        }});
        var inside = [];     // only what the inset frames: copying a big map whole took a second
        layer.eachLayer(function (part) {
          if (part instanceof L.AtlasLines) { part.atlasCopyWithin(bounds).addTo(inset); return; }
          var where = null;
          try {    // a circle off the map (its layer unticked) has no bounds yet: copied anyway
            where = part.getBounds ? part.getBounds() : L.latLngBounds([part.getLatLng()]);
          } catch (e) { where = null; }
          if (!where || !where.isValid() || where.intersects(bounds)) { inside.push(part.feature || part.toGeoJSON()); }
        });
        if (inside.length) { L.geoJSON({type: "FeatureCollection", features: inside}, options).addTo(inset); }
      }
    });
    var frame = L.rectangle(bounds, {color: "#222", weight: 1.2, dashArray: "4 3", fill: false,
      interactive: false});
    inset.fitBounds(bounds, {padding: [4, 4]});
    new AtlasLabels(spec.labels, spec.obstacles, {pane: "atlas-inset-labels"}).addTo(inset);
    function toggle() {
      var show = map.getZoom() < spec.hideAtZoom;
      control.getContainer().style.display = show ? "" : "none";
      if (show) { frame.addTo(map); inset.invalidateSize(); inset.fitBounds(bounds, {padding: [4, 4]}); }
      else { map.removeLayer(frame); }
    }
    map.on("zoomend resize", toggle);   // resize: a snapshot moves the corner above its footer once loaded
    toggle();
    return inset;
  }

  // -- the selected event ----------------------------------------------------------------------------
  function highlighter(map) {
    var pane = map.getPane("atlas-highlight") || map.createPane("atlas-highlight");
    pane.style.zIndex = 390;
    pane.style.pointerEvents = "none";
    var ringsPane = map.getPane("atlas-highlight-rings") || map.createPane("atlas-highlight-rings");
    ringsPane.style.zIndex = 615;
    ringsPane.style.pointerEvents = "none";
    var group = L.layerGroup().addTo(map);
    return function (spec) {
      group.clearLayers();
      map.getContainer().setAttribute("data-atlas-highlight", spec ? String((spec.lines || []).length +
        (spec.points || []).length) : "0");
      if (!spec) { return; }
      var all = [];
      (spec.lines || []).forEach(function (line) {
        L.polyline(line, {pane: "atlas-highlight", color: "#FFD21F", weight: 14, opacity: 0.75,
          lineCap: "round", lineJoin: "round", interactive: false, className: "atlas-highlight"}).addTo(group);
        all = all.concat(line);
      });
      (spec.points || []).forEach(function (point) {
        L.circleMarker(point, {pane: "atlas-highlight-rings", radius: 15, color: "#1A1A1A", weight: 3,
          fill: false, interactive: false, className: "atlas-highlight-ring"}).addTo(group);
        all.push(point);
      });
      if (all.length) {
        var target = L.latLngBounds(all);
        if (!map.getBounds().contains(target)) { map.fitBounds(target.pad(0.3), {maxZoom: map.getZoom()}); }
      }
    };
  }

  // -- arrowheads and outcome marks, drawn from the route lines (no shapes travel in the page) -----------
  // On a local equirectangular plane (longitudes shrunk by cos(latitude)), which keeps the shapes true at the few
  // hundred km a route spans. A point is [lat, lon]; shapes are GeoJSON rings ([lon, lat]).
  function plane(a, b) {
    var scale = Math.cos((a[0] + b[0]) / 2 * Math.PI / 180), ax = a[1] * scale, ay = a[0];
    var dx = b[1] * scale - ax, dy = b[0] - ay, length = Math.sqrt(dx * dx + dy * dy);
    return {x: ax, y: ay, ux: length ? dx / length : 0, uy: length ? dy / length : 0, length: length,
      back: function (x, y) { return [x / scale, y]; }};
  }

  function closed(ring) { return ring.concat([ring[0]]); }

  // A triangle pointing from a to b, 6% of the segment long, its tip at 63% along it.
  function arrowhead(a, b) {
    var p = plane(a, b), size = 0.06 * p.length;
    if (!p.length) { return null; }
    var tx = p.x + p.ux * (0.6 * p.length + size / 2), ty = p.y + p.uy * (0.6 * p.length + size / 2);
    var bx = tx - p.ux * size, by = ty - p.uy * size, half = size * 0.45;
    return [closed([p.back(tx, ty), p.back(bx - p.uy * half, by + p.ux * half),
      p.back(bx + p.uy * half, by - p.ux * half)])];
  }

  // The outcome's mark near the end of the last segment, as polygons: a cross (captured), a bar across the line
  // (blocked), a ring (unknown); none for "arrow" and "none".
  function endMark(a, b, mark) {
    var p = plane(a, b);
    if (!p.length || mark === "arrow" || mark === "none") { return []; }
    var cx = p.x + p.ux * p.length * 0.88, cy = p.y + p.uy * p.length * 0.88, half = p.length * 0.025;
    var px = -p.uy, py = p.ux, r = Math.SQRT1_2;
    function rect(dx, dy, long, short) {
      var ox = -dy, oy = dx;
      return [closed([p.back(cx + dx * long + ox * short, cy + dy * long + oy * short),
        p.back(cx - dx * long + ox * short, cy - dy * long + oy * short),
        p.back(cx - dx * long - ox * short, cy - dy * long - oy * short),
        p.back(cx + dx * long - ox * short, cy + dy * long - oy * short)])];
    }
    function circle(radius, step) {
      var ring = [];
      for (var i = 0; i < 16; i++) {
        var angle = 2 * Math.PI * i * step / 16;
        ring.push(p.back(cx + Math.cos(angle) * radius, cy + Math.sin(angle) * radius));
      }
      return closed(ring);
    }
    if (mark === "bar") { return [rect(px, py, half * 1.3, half * 0.28)]; }
    if (mark === "cross") {
      return [rect((p.ux + px) * r, (p.uy + py) * r, half * 1.2, half * 0.25),
        rect((p.ux - px) * r, (p.uy - py) * r, half * 1.2, half * 0.25)];
    }
    if (mark === "ring") { return [[circle(half, 1), circle(half * 0.55, -1)]]; }
    return [];
  }

  // A line on a canvas draws its own arrowheads and end mark (line.atlasMarks, GeoJSON polygons) right after
  // itself, projected with it: no layer a shape (thousands of them took a second to add on a big map).
  function drawsMarks(line, shapes) {
    line.atlasMarks = line.feature.properties.atlasMarks = shapes;     // the inset's copy draws them too
    var project = line._project, update = line._updatePath;
    line._project = function () {
      project.call(this);
      var map = this._map;
      this._markRings = [];
      for (var i = 0; i < shapes.length; i++) {
        for (var j = 0; j < shapes[i].length; j++) {
          this._markRings.push(shapes[i][j].map(function (c) { return map.latLngToLayerPoint([c[1], c[0]]); }));
        }
      }
    };
    line._updatePath = function () {
      update.call(this);
      var ctx = this._renderer && this._renderer._ctx, rings = this._markRings;
      if (!ctx || !rings || !this._parts.length) { return; }
      ctx.save();
      ctx.setLineDash([]);
      ctx.beginPath();
      rings.forEach(function (ring) {
        ring.forEach(function (p, k) { if (k) { ctx.lineTo(p.x, p.y); } else { ctx.moveTo(p.x, p.y); } });
        ctx.closePath();
      });
      ctx.globalAlpha = 0.95;
      ctx.fillStyle = this.options.color;
      ctx.fill("evenodd");
      ctx.globalAlpha = 1;
      ctx.lineWidth = 1;
      ctx.strokeStyle = this.options.color;
      ctx.stroke();
      ctx.restore();
    };
    if (line._map && line._renderer) { line._project(); line._renderer._requestRedraw(line); }
  }

  // Each route's arrowheads and end mark: drawn with its line on a canvas (drawsMarks); on SVG, one shape-only
  // layer (no hover, no click: those reach the line beneath) beside each route layer of the group.
  function addArrows(group, marks) {
    group.eachLayer(function (routes) {
      if (!(routes instanceof L.GeoJSON) || !/\batlas-route\b/.test(routes.options.className || "")) { return; }
      var outcome = (/\batlas-outcome-(\w+)/.exec(routes.options.className) || [])[1];
      var features = [];
      routes.eachLayer(function (line) {
        if (line instanceof L.AtlasLines) { line.atlasSetMark(marks[outcome] || "ring"); return; }
        var points = line.feature.geometry.coordinates.map(function (c) { return [c[1], c[0]]; });
        var shapes = [];
        for (var i = 0; i + 1 < points.length; i++) {
          var head = arrowhead(points[i], points[i + 1]);
          if (head) { shapes.push(head); }
        }
        if (points.length > 1) { shapes = shapes.concat(endMark(points[points.length - 2], points[points.length - 1], marks[outcome] || "ring")); }
        if (!shapes.length) { return; }
        if (routes.options.atlasCanvas) { drawsMarks(line, shapes); return; }
        var colour = (line.feature.properties.style || {}).color;
        features.push({type: "Feature", geometry: {type: "MultiPolygon", coordinates: shapes},
          properties: {style: {color: colour, weight: 1, fillColor: colour, fillOpacity: 0.95, opacity: 1}}});
      });
      if (!features.length) { return; }
      L.geoJSON({type: "FeatureCollection", features: features}, {className: "atlas-arrow", interactive: false,
        onEachFeature: function (feature, layer) { layer.setStyle(feature.properties.style); }}).addTo(group);
    });
  }

  // -- the columnar page (atlas.map.columns): tables in, features and tooltips out ---------------------------
  // atlasColumns.load(tables) runs before the layers; each layer's data is atlasColumns.<kind>({rows: ...}), a
  // FeatureCollection whose features carry their style or icon and a tooltip made on first hover from the tables.
  // Every value from the tables is escaped before it meets markup: names and summaries are user text.
  var ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"};
  function esc(text) { return String(text).replace(/[&<>"']/g, function (c) { return ESCAPES[c]; }); }

  function Tables(data) {
    var disputed = this.disputed = {};       // the page lists the disputed lines' indexes
    this.places = data.places;
    this.events = data.events;
    this.styles = data.styles;
    this.words = data.words;
    data.events.disputed.forEach(function (k) { disputed[k] = true; });
  }
  Tables.prototype.digits = function (n) {
    var digits = this.words.digits;
    return String(n).replace(/[0-9]/g, function (d) { return digits.charAt(+d); });
  };
  Tables.prototype.fill = function (template, values) {    // "{count} more" with values (Python's str.format)
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : all;
    });
  };
  Tables.prototype.label = function (i) {      // 'English / عربي', each isolated
    var html = "<bdi>" + esc(this.places.en[i]) + "</bdi>", arabic = this.places.ar[i];
    return arabic ? html + ' / <bdi dir="rtl" lang="ar">' + esc(arabic) + "</bdi>" : html;
  };
  // "• summary [date; count] (disputed)" for each listed line, then "… and N more" of ``total`` events. ``listed``:
  // the lines' indexes, or the first of them when they follow one another (as many as the tooltip lists).
  Tables.prototype.eventLines = function (listed, total) {
    if (typeof listed === "number") {
      var first = listed;
      listed = [];
      for (var k = first; k < first + Math.min(total, this.words.listed); k++) { listed.push(k); }
    }
    var events = this.events, disputed = this.disputed, word = this.words.disputed, lines = listed.map(function (k) {
      var rest = "[" + events.whens[events.when[k]] + "; " + events.counts[events.count[k]] + "]" +
        (disputed[k] ? word : "");
      return "• <bdi>" + esc(events.summary[k]) + "</bdi> " + esc(rest);
    });
    var more = total - listed.length;
    if (more > 0) { lines.push(esc(this.fill(this.words.more, {count: this.digits(more)}))); }
    return lines;
  };
  Tables.prototype.tip = function (lines, token) {     // each line isolated, then the hidden selection key
    var w = this.words, open = w.direction === "rtl"
      ? '<div class="atlas-tip" dir="rtl" lang="' + esc(w.lang) + '">' : '<div class="atlas-tip">';
    return open + lines.map(function (line) { return "<bdi>" + line + "</bdi>"; }).join("<br>") +
      '<span style="display:none">' + esc("\u27e6" + token + "\u27e7") + "</span></div>";
  };

  function once(make) {
    var made = null;
    return function () { if (made === null) { made = make(); } return made; };
  }

  function collection(features) { return {type: "FeatureCollection", features: features}; }

  var columns = window.atlasColumns = {tables: null};
  columns.load = function (data) { columns.tables = new Tables(data); };

  // The basemap's lines and rings come as encoded polylines (atlas/map/polyline.py): [lon, lat] positions again.
  function decodeLine(text) {
    var positions = [], index = 0, lat = 0, lon = 0;
    while (index < text.length) {
      var pair = [0, 0];
      for (var k = 0; k < 2; k++) {
        var shift = 0, value = 0, chunk;
        do {
          chunk = text.charCodeAt(index++) - 63;
          value |= (chunk & 31) << shift;
          shift += 5;
        } while (chunk >= 32);
        pair[k] = (value & 1) ? ~(value >> 1) : (value >> 1);
      }
      lat += pair[0];
      lon += pair[1];
      positions.push([lon / 1e5, lat / 1e5]);
    }
    return positions;
  }
  function decodeLines(coordinates) {
    return typeof coordinates === "string" ? decodeLine(coordinates) : coordinates.map(decodeLines);
  }
  columns.lines = function (encoded) {
    return collection(encoded.features.map(function (f) {
      var g = f.geometry;
      if (!g || g.type === "Point" || g.type === "MultiPoint") { return f; }
      var feature = {};
      Object.keys(f).forEach(function (key) { feature[key] = f[key]; });
      feature.geometry = {type: g.type, coordinates: decodeLines(g.coordinates)};
      return feature;
    }));
  };

  // A route: [places, style, events, people, approximate, draft note, event lines]; data.outcome. The page
  // says atlasColumns.routes(data); the route layer makes of it one canvas layer of lines (a big map, L.AtlasLines
  // in atlas_lines.js) or a GeoJSON feature a route (an SVG path each).
  columns.routes = function (data) { return {type: "AtlasRoutes", data: data}; };

  // [{at: [[lat, lon], ...], style, tip}] for L.AtlasLines; with ``lonLat`` the places as GeoJSON orders them.
  columns.routeLines = function (data, lonLat) {
    var T = columns.tables, outcome = data.outcome;
    return data.rows.map(function (r) {
      return {at: r[0].map(function (i) { var at = T.places.at[i]; return lonLat ? at : [at[1], at[0]]; }),
        style: T.styles[r[1]],
        tip: once(function () {
          var path = r[0].map(function (i) { return "<bdi>" + esc(T.places.en[i]) + "</bdi>"; }).join(" \u2192 ");
          var counts = T.fill(T.words.counts, {count: T.digits(r[2]), people: r[3],
            outcome: T.words.outcomes[outcome] || outcome}) + (r[4] ? T.words.approx : "");
          var lines = [path, esc(counts)];
          if (r[5]) { lines.push(esc(r[5])); }
          var key = r[0].map(function (i) { return T.places.id[i]; }).concat([outcome]).join(">");
          return T.tip(lines.concat(T.eventLines(r[6], r[2])), "route:" + key);
        })};
    });
  };

  columns.routeFeatures = function (data) {
    return collection(columns.routeLines(data, true).map(function (line) {
      return {type: "Feature", properties: {style: line.style, tip: line.tip},
        geometry: {type: "LineString", coordinates: line.at}};
    }));
  };

  var addData = L.GeoJSON.prototype.addData;
  L.GeoJSON.prototype.addData = function (geojson) {
    if (geojson && geojson.type === "AtlasRoutes") {
      if (this.options.atlasCanvas) {
        return this.addLayer(new L.AtlasLines(columns.routeLines(geojson.data),
          {className: this.options.className, interactive: this.options.interactive !== false}));
      }
      geojson = columns.routeFeatures(geojson.data);
    }
    return addData.call(this, geojson);
  };

  // The events at a place: [place, marker style, size, types, draft note, event lines, events].
  columns.points = function (data) {
    var T = columns.tables;
    return collection(data.rows.map(function (r) {
      var size = r[2];
      return {type: "Feature", geometry: {type: "Point", coordinates: T.places.at[r[0]]},
        properties: {icon: {className: "atlas-point-icon", iconSize: [size, size], iconAnchor: [size / 2, size / 2],
          html: T.styles[r[1]].html}, tip: once(function () {
          var lines = [T.label(r[0]), esc(r[3])];
          if (r[4]) { lines.push(esc(r[4])); }
          return T.tip(lines.concat(T.eventLines(r[5], r[6])), "events@" + T.places.id[r[0]]);
        })}};
    }));
  };

  // Places, halos, checkpoints: [place, tooltip words, (halo: radius)]; data.style or data.icon for all. A
  // checkpoint's icon names it (aria-label) in data.icon.label's words; its tooltip opens with words.checkpoint.
  columns.places = function (data) {
    var T = columns.tables;
    return collection(data.rows.map(function (r) {
      var style = data.style ? (r.length > 2 ? L.extend({}, data.style, {radius: r[2]}) : data.style) : null;
      var icon = null;
      if (data.icon) {
        var name = esc(data.icon.label + " " + T.places.en[r[0]]);   // (a function: "$`" in a name is no pattern)
        icon = L.extend({}, data.icon, {html: data.icon.html.replace("ATLASLABEL", function () { return name; })});
        delete icon.label;
      }
      return {type: "Feature", geometry: {type: "Point", coordinates: T.places.at[r[0]]},
        properties: {style: style, icon: icon, tip: once(function () {
          var first = data.icon ? esc(T.words.checkpoint) + " " + T.label(r[0]) : T.label(r[0]);
          return T.tip([first, esc(r[1])], "place:" + T.places.id[r[0]]);
        })}};
    }));
  };

  // -- Leaflet's own words in the map's language (button titles, scale units: config.words) ------------------
  function frameWords(map, words) {
    var container = map.getContainer();
    [[".leaflet-control-zoom-in", words.zoomIn], [".leaflet-control-zoom-out", words.zoomOut],
     [".leaflet-control-layers-toggle", words.layers]].forEach(function (pair) {
      var button = container.querySelector(pair[0]);
      if (button && pair[1]) { button.title = pair[1]; button.setAttribute("aria-label", pair[1]); }
    });
    var layers = container.querySelector(".leaflet-control-layers");
    if (layers && words.direction) { layers.dir = words.direction; }     // Arabic names read from the right
    var scale = map.atlasScale;
    if (scale && words.m && words.km) {
      scale._updateMetric = function (maxMeters) {
        var meters = this._getRoundNum(maxMeters);
        var label = meters < 1000 ? meters + " " + words.m : (meters / 1000) + " " + words.km;
        this._updateScale(this._mScale, label, meters / maxMeters);
      };
      scale._update();
    }
  }

  // {columns, rows} back to records (atlas.map.interactive.as_table); records pass as they are.
  function records(table) {
    if (!table || !table.rows) { return table; }
    return table.rows.map(function (row) {
      var record = {};
      table.columns.forEach(function (key, i) { record[key] = row[i]; });
      return record;
    });
  }

  window.atlasMap = function (map, config, labelsGroup, routesGroup) {
    config.labels = records(config.labels);
    if (config.inset) { config.inset.labels = records(config.inset.labels); }
    keepTooltipsInside();
    if (config.words) { frameWords(map, config.words); }
    var labels = new AtlasLabels(config.labels, config.obstacles);
    labels.addTo(labelsGroup && map.hasLayer(labelsGroup) ? labelsGroup : map);
    if (labelsGroup && !map.hasLayer(labelsGroup)) { map.removeLayer(labels); labelsGroup.addLayer(labels); }
    if (routesGroup && config.arrows) { addArrows(routesGroup, config.arrows); }
    if (config.inset) { addInset(map, config.inset); }
    // Controls first in the page order, so the keyboard reaches zoom and layers before the many markers (the
    // controls sit above the map whatever their order).
    var container = map.getContainer();
    if (map._controlContainer) { container.insertBefore(map._controlContainer, container.firstChild); }
    window.atlasMainMap = map;
    window.atlasLabels = labels;
    window.atlasHighlight = highlighter(map);
    if (window.atlasPendingHighlight !== undefined) { window.atlasHighlight(window.atlasPendingHighlight); }
    map.getContainer().setAttribute("data-atlas-ready", "1");
  };
  L.atlasRuntime = {atlasMap: window.atlasMap, atlasColumns: columns};
})();

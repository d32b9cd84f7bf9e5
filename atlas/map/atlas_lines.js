/* Checkpoint Atlas: a big map's route lines, one canvas layer per route layer (L.AtlasLines).
 * A Leaflet polyline per route took ~1 s to make at 10,000 events on 5,000 routes (objects, tooltips, events,
 * projection one by one). Here one layer holds all the lines of a route layer: it projects them once per zoom, draws
 * them in one pass per style (thickest first) with their arrowheads and outcome end mark computed in pixels, and
 * finds the line under the pointer itself, so hover shows that line's tooltip (made on first hover) and a click
 * returns it (streamlit-folium reads getTooltip().getContent() of the clicked layer). It is a Leaflet Path on the
 * map's shared canvas (L.atlasCanvas), so the layer control, map.removeLayer and the live map treat it as any layer.
 * Small maps keep one SVG path a route (atlas_map.js, atlasColumns.routeFeatures). */
(function () {
  "use strict";
  if (L.AtlasLines) { return; }

  function dashes(text) {
    return text ? String(text).split(/[ ,]+/).filter(Boolean).map(Number) : [];
  }

  var SMALLEST_MARK = 2;
  /* Marks smaller than this (px) are not drawn: they would be a dot under the line, and the ~15,000 of them on a
   * big map's overview took ~0.5 s to rasterise. Zoomed in, the segments grow and their marks appear. */

  // The line's path, cut to ``clip`` (the canvas) where it leaves it: zoomed in (and in the inset) a line is tens of
  // thousands of pixels long, and a dashed one drawn whole made the software canvas dash all of it.
  function trace(ctx, line, box, clip) {
    var j;
    if (box[0] >= clip.min.x && box[2] <= clip.max.x && box[1] >= clip.min.y && box[3] <= clip.max.y) {
      ctx.moveTo(line[0].x, line[0].y);
      for (j = 1; j < line.length; j++) { ctx.lineTo(line[j].x, line[j].y); }
      return;
    }
    var last = null;
    for (j = 1; j < line.length; j++) {
      var part = L.LineUtil.clipSegment(line[j - 1], line[j], clip, false, false);     // (rounding could loop)
      if (!part) { last = null; continue; }
      if (!last || !last.equals(part[0])) { ctx.moveTo(part[0].x, part[0].y); }
      ctx.lineTo(part[1].x, part[1].y);
      last = part[1];
    }
  }

  // Whether a mark of radius r around (x, y) can touch ``clip`` (none given: it can). Zoomed in (and in the inset)
  // a segment runs far off the canvas and its marks grow with it: thousands of arrowheads hundreds of pixels wide,
  // filled mostly off the canvas, took most of the inset's drawing time.
  function touches(clip, x, y, r) {
    return !clip || (x + r >= clip.min.x && x - r <= clip.max.x && y + r >= clip.min.y && y - r <= clip.max.y);
  }

  // A triangle pointing from a to b, 6% of the segment long, its tip at 63% along it (pixels); none off ``clip``.
  function arrowhead(ctx, a, b, always, clip) {
    var dx = b.x - a.x, dy = b.y - a.y, length = Math.sqrt(dx * dx + dy * dy);
    var ux = dx / length, uy = dy / length, size = 0.06 * length, half = size * 0.45;
    if (!length || (size < SMALLEST_MARK && !always)) { return; }
    if (!touches(clip, a.x + ux * 0.6 * length, a.y + uy * 0.6 * length, size)) { return; }
    var tx = a.x + ux * (0.6 * length + size / 2), ty = a.y + uy * (0.6 * length + size / 2);
    var bx = tx - ux * size, by = ty - uy * size;
    ctx.moveTo(tx, ty);
    ctx.lineTo(bx - uy * half, by + ux * half);
    ctx.lineTo(bx + uy * half, by - ux * half);
    ctx.closePath();
  }

  // The outcome's mark near the end of the last segment: a cross (captured), a bar across the line (blocked), a
  // ring (unknown); none for "arrow" and "none", nor off ``clip``. Every shape wound the same way: one nonzero fill
  // draws them all.
  function endMark(ctx, a, b, mark, clip) {
    var dx = b.x - a.x, dy = b.y - a.y, length = Math.sqrt(dx * dx + dy * dy);
    var ux = dx / length, uy = dy / length, px = -uy, py = ux, r = Math.SQRT1_2;
    var cx = a.x + ux * length * 0.88, cy = a.y + uy * length * 0.88, half = length * 0.025;
    if (!length || mark === "arrow" || mark === "none" || 2 * half < SMALLEST_MARK) { return; }
    if (!touches(clip, cx, cy, 1.4 * half)) { return; }     // the bar, the widest, reaches 1.33 half
    function rect(dx, dy, long, short) {
      var ox = -dy, oy = dx;
      ctx.moveTo(cx + dx * long + ox * short, cy + dy * long + oy * short);
      ctx.lineTo(cx - dx * long + ox * short, cy - dy * long + oy * short);
      ctx.lineTo(cx - dx * long - ox * short, cy - dy * long - oy * short);
      ctx.lineTo(cx + dx * long - ox * short, cy + dy * long - oy * short);
      ctx.closePath();
    }
    if (mark === "bar") { rect(px, py, half * 1.3, half * 0.28); }
    else if (mark === "cross") {
      rect((ux + px) * r, (uy + py) * r, half * 1.2, half * 0.25);
      rect((ux - px) * r, (uy - py) * r, half * 1.2, half * 0.25);
    } else {     // a ring: the inner circle wound the other way is its hole
      ctx.moveTo(cx + half, cy);
      ctx.arc(cx, cy, half, 0, 2 * Math.PI, false);
      ctx.moveTo(cx + half * 0.55, cy);
      ctx.arc(cx, cy, half * 0.55, 0, 2 * Math.PI, true);
      ctx.closePath();
    }
  }

  // lines: [{at: [[lat, lon], ...], style: {color, weight, opacity, dashArray, lineCap, lineJoin}, tip: function}]
  L.AtlasLines = L.Path.extend({
    options: {interactive: true, bubblingMouseEvents: true},
    setStyle: null,     // each line has its own style (folium's GeoJSON.setStyle(feature => ...) passes it by)

    initialize: function (lines, options) {
      L.setOptions(this, options);
      this._lines = lines;
      this._mark = null;
      this._hit = -1;
      var byStyle = [], order = [];
      lines.forEach(function (line, i) {
        var k = byStyle.indexOf(line.style);
        if (k < 0) { k = byStyle.push(line.style) - 1; order.push([]); }
        order[k].push(i);
      });
      // Thick lines first, so the thin ones stay visible on top (the rows come busiest first).
      this._groups = byStyle.map(function (style, k) { return {style: style, lines: order[k]}; })
        .sort(function (a, b) { return (b.style.weight || 0) - (a.style.weight || 0); });
      this._drawn = [].concat.apply([], this._groups.map(function (g) { return g.lines; }));
      this._maxWeight = Math.max.apply(null, [1].concat(byStyle.map(function (s) { return s.weight || 1; })));
      var self = this;
      this.bindTooltip(L.atlasTip(function () { return self.atlasTip(self._hit); }, this));
      this.on("mouseover mousemove", function () {
        if (this._hit >= 0 && this._hit !== this._tipShown && this._tooltip && this.isTooltipOpen()) {
          this._tipShown = this._hit;
          this._tooltip.update();
        }
      });
      this.on("mouseout", function () { this._tipShown = -1; });
    },

    beforeAdd: function (map) {
      this.options.renderer = L.atlasCanvas(map);
      return L.Path.prototype.beforeAdd.call(this, map);
    },

    atlasTip: function (i) { return i >= 0 ? this._lines[i].tip() : ""; },
    atlasTips: function () { return this._lines.map(function (line) { return line.tip(); }); },
    atlasLatLngs: function (i) { return this._lines[i].at.map(function (p) { return L.latLng(p[0], p[1]); }); },
    atlasCount: function () { return this._lines.length; },
    atlasFirstArrowheads: function () {      // each drawn line's first arrowhead as drawn, [lon, lat] corners (tests)
      var map = this._map;
      return (this._points || []).filter(function (line) { return line.length > 1; }).map(function (line) {
        var ring = [];
        function add(x, y) { var at = map.layerPointToLatLng([x, y]); ring.push([at.lng, at.lat]); }
        arrowhead({moveTo: add, lineTo: add, closePath: function () {}}, line[0], line[1], true);
        return ring;
      });
    },

    // The end mark of this layer's outcome ("arrow", "cross", "bar", "ring", "none"): arrowheads are drawn too.
    atlasSetMark: function (mark) {
      this._mark = mark;
      if (this._map) { this.redraw(); }
      return this;
    },

    // A copy of the lines that cross ``bounds``, answering to nothing (the inset's).
    atlasCopyWithin: function (bounds) {
      var inside = this._lines.filter(function (line) { return L.latLngBounds(line.at).intersects(bounds); });
      var copy = new L.AtlasLines(inside, L.extend({}, this.options, {interactive: false, renderer: null}));
      copy.unbindTooltip();
      copy._mark = this._mark;
      return copy;
    },

    getBounds: function () {
      var bounds = L.latLngBounds([]);
      this._lines.forEach(function (line) { bounds.extend(line.at); });
      return bounds;
    },

    _project: function () {
      var map = this._map, points = [], boxes = [], all = null, origin = map.getPixelOrigin(), zoom = map.getZoom();
      for (var i = 0; i < this._lines.length; i++) {
        var at = this._lines[i].at, line = [], x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
        for (var j = 0; j < at.length; j++) {
          var p = map.project(at[j], zoom)._subtract(origin);     // unrounded: short lines keep their direction
          line.push(p);
          if (p.x < x0) { x0 = p.x; } if (p.x > x1) { x1 = p.x; }
          if (p.y < y0) { y0 = p.y; } if (p.y > y1) { y1 = p.y; }
        }
        points.push(line);
        boxes.push([x0, y0, x1, y1]);
        if (at.length) {
          if (!all) { all = L.bounds([x0, y0], [x1, y1]); } else { all.extend(L.point(x0, y0)); all.extend(L.point(x1, y1)); }
        }
      }
      this._points = points;
      this._boxes = boxes;
      var pad = L.point(this._maxWeight + 6, this._maxWeight + 6);     // the hover tolerance too
      this._pxBounds = all ? L.bounds(all.min.subtract(pad), all.max.add(pad)) : L.bounds([0, 0], [0, 0]);
    },

    _update: function () {
      if (this._map) { this._updatePath(); }
    },

    _updatePath: function () {
      var renderer = this._renderer;
      if (!renderer._drawing || !this._points) { return; }
      var ctx = renderer._ctx, view = renderer._redrawBounds || renderer._bounds, points = this._points;
      var boxes = this._boxes, mark = this._mark;
      ctx.save();
      for (var g = 0; g < this._groups.length; g++) {
        var group = this._groups[g], style = group.style, shown = [], i, j, k, line, box;
        var pad = (style.weight || 1) + 2, clip = L.bounds(view.min.subtract([pad, pad]), view.max.add([pad, pad]));
        for (k = 0; k < group.lines.length; k++) {
          i = group.lines[k];
          box = boxes[i];
          if (points[i].length > 1 && box[0] - pad <= view.max.x && box[2] + pad >= view.min.x &&
              box[1] - pad <= view.max.y && box[3] + pad >= view.min.y) { shown.push(i); }
        }
        if (!shown.length) { continue; }
        ctx.setLineDash(dashes(style.dashArray));
        ctx.lineCap = style.lineCap || "round";
        ctx.lineJoin = style.lineJoin || "round";
        ctx.globalAlpha = style.opacity === undefined ? 1 : style.opacity;
        ctx.lineWidth = style.weight || 1;
        ctx.strokeStyle = style.color;
        // A stroke a line (the style set once): one path of thousands of long lines was no faster to rasterise
        // in Chromium's software canvas (every line's edges on every row of pixels).
        for (k = 0; k < shown.length; k++) {
          line = points[shown[k]];
          ctx.beginPath();
          trace(ctx, line, boxes[shown[k]], clip);
          ctx.stroke();
        }
        if (!mark) { continue; }
        ctx.beginPath();
        for (k = 0; k < shown.length; k++) {
          line = points[shown[k]];
          for (j = 0; j + 1 < line.length; j++) { arrowhead(ctx, line[j], line[j + 1], false, clip); }
          endMark(ctx, line[line.length - 2], line[line.length - 1], mark, clip);
        }
        ctx.setLineDash([]);
        ctx.globalAlpha = 0.95;
        ctx.fillStyle = style.color;
        ctx.fill();
        ctx.globalAlpha = 1;
        ctx.lineWidth = 1;
        ctx.lineJoin = "round";
        ctx.stroke();
      }
      ctx.restore();
    },

    // The topmost line within its half width (and the canvas's tolerance) of p, kept as this._hit.
    _containsPoint: function (p) {
      var points = this._points, boxes = this._boxes, tolerance = this._renderer.options.tolerance || 0;
      this._hit = -1;
      if (!points || !this._pxBounds.contains(p)) { return false; }
      for (var d = this._drawn.length - 1; d >= 0; d--) {
        var i = this._drawn[d], box = boxes[i], w = (this._lines[i].style.weight || 1) / 2 + tolerance;
        if (p.x < box[0] - w || p.x > box[2] + w || p.y < box[1] - w || p.y > box[3] + w) { continue; }
        var line = points[i];
        for (var j = 0; j + 1 < line.length; j++) {
          if (L.LineUtil.pointToSegmentDistance(p, line[j], line[j + 1]) <= w) { this._hit = i; return true; }
        }
      }
      return false;
    }
  });
})();

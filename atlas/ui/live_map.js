/* Checkpoint Atlas: keeps the dashboard's map alive across filter changes (streamlit-folium 0.27's frame).
 * atlasLive.first(run, name): runs the first map's script (run()) and notes what it adds to the map beyond Leaflet's
 * own (controls, map event handlers), so that a later atlasLive.update(run, name) (run from streamlit-folium's
 * feature-group slot) can take the previous content off the live map and run the new map's script onto it: its
 * L.map call gets the live map, its fitBounds is skipped (the view stays where the analyst had it), and the
 * frame, Leaflet and the assets stay loaded. The same name twice does nothing (the selection changed only).
 * atlasLive.updateFrom(url, shared, name, failed): the same for a big map's script, fetched without blocking the
 * page (the rest of the rerun is drawn meanwhile); a newer selection arriving first wins. */
(function () {
  "use strict";
  if (window.atlasLive) { return; }
  // The basemap's data, fetched once per frame (atlas.map_scripts, atlas.map.page.SHARED_DATA): made here, before
  // any map's script runs, so that it is not among the globals a map's script adds (which the next map drops).
  window.atlasShared = window.atlasShared || {};
  var live = window.atlasLive = {map: null, name: null, controls: [], handlers: [], others: [], globals: [], base: []};
  // The basemap (outlines, rivers, roads: the "basemap" pane) is the same on every map of a frame (the frame is kept
  // per view, language and drawing settings): an update keeps its layers, in the order the new script makes them,
  // instead of drawing them again; only a layer whose data differs is filled anew.
  var BASE_PANE = "basemap";

  function fingerprint(data) {
    var features = (data && data.features) || [];
    return features.length + ":" + JSON.stringify(features.length ? features[0].properties : null) + ":" +
      JSON.stringify(features.length ? features[features.length - 1].properties : null);
  }

  function keepingBase(previous) {
    var makeGeoJson = L.geoJson, made = [];
    L.geoJson = L.geoJSON = function (data, options) {
      // folium makes a layer empty, then adds its data once (the inset's copies come with theirs: not kept)
      if (!options || options.pane !== BASE_PANE || data !== null) { return makeGeoJson.apply(this, arguments); }
      var old = previous[made.length], layer;
      if (old) {
        layer = old;
        layer.addData = function (added) {
          delete this.addData;             // the prototype's again
          if (fingerprint(added) !== this.atlasFingerprint) { this.clearLayers(); this.addData(added); }
          this.atlasFingerprint = fingerprint(added);
          return this;
        };
      } else {
        layer = makeGeoJson.apply(this, arguments);
        var addData = layer.addData;
        layer.addData = function (added) {     // (Leaflet adds a collection by adding each feature: noted last)
          var print = fingerprint(added), result = addData.apply(this, arguments);
          this.atlasFingerprint = print;
          return result;
        };
      }
      made.push(layer);
      return layer;
    };
    return function stop() {
      L.geoJson = makeGeoJson;
      L.geoJSON = makeGeoJson;
      return made;
    };
  }

  // A marker the new map draws where the previous one drew the same (its layer, place, icon, and kind of tooltip)
  // is that marker, kept: its icon stays in the page (a window moved by a week keeps nearly all of a big map's few
  // hundred markers; making each anew, its icon, listeners and layout, was most of adding them), and it takes the new
  // marker's feature and tooltip content. The icons are then put in the order the new map made its markers in (the
  // order decides which of two icons at the same height is on top).
  function markerKey(group, marker) {
    var icon = marker.options.icon, at = marker.getLatLng();
    if (!(icon instanceof L.DivIcon) || typeof icon.options.html !== "string") { return null; }
    var tip = marker._tooltip ? typeof marker._tooltip._content : "";
    return [group.options.className || "", at.lat, at.lng, icon.options.className || "", icon.options.html,
      icon.options.iconSize || "", icon.options.iconAnchor || "", tip].join("\u0000");
  }

  function keptMarkers(map, kept) {
    var pool = {};
    map.eachLayer(function (group) {
      if (!(group instanceof L.GeoJSON) || kept[L.stamp(group)]) { return; }
      group.eachLayer(function (marker) {
        var key = marker instanceof L.Marker && marker._icon ? markerKey(group, marker) : null;
        if (key === null) { return; }
        delete group._layers[L.stamp(marker)];    // out of its group, still on the map: its group goes
        marker.removeEventParent(group);
        (pool[key] = pool[key] || []).push(marker);
        kept[L.stamp(marker)] = true;
      });
    });
    return pool;
  }

  function adopting(pool) {
    var proto = L.GeoJSON.prototype, own = proto.hasOwnProperty("addLayer"), addLayer = proto.addLayer, made = [];
    proto.addLayer = function (layer) {
      var key = layer instanceof L.Marker && layer.feature ? markerKey(this, layer) : null;
      var old = key !== null && pool[key] ? pool[key].shift() : null;
      if (old) {
        old.feature = layer.feature;
        if (old._tooltip) { old._tooltip.setContent(layer._tooltip._content); }
        layer = old;
      }
      if (layer instanceof L.Marker) { made.push(layer); }
      return addLayer.call(this, layer);
    };
    return function stop() {
      if (own) { proto.addLayer = addLayer; } else { delete proto.addLayer; }
      return made;
    };
  }

  // The icons of ``made`` (in their order) in the same order in their pane: the ones out of it (the longest run
  // already in order stays) are moved, so a kept icon is not taken out and put back for nothing.
  function ordered(made) {
    var icons = made.filter(function (m) { return m._icon && m._icon.parentNode; })
      .map(function (m) { return m._icon; });
    if (!icons.length) { return; }
    var pane = icons[0].parentNode, rank = new Map(), now = [];
    icons.forEach(function (icon, i) { if (icon.parentNode === pane) { rank.set(icon, i); } });
    [].forEach.call(pane.children, function (child) { if (rank.has(child)) { now.push(rank.get(child)); } });
    var tails = [], links = [], i;     // the longest increasing run of ``now`` (patience sorting)
    for (i = 0; i < now.length; i++) {
      var lo = 0, hi = tails.length;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (now[tails[mid]] < now[i]) { lo = mid + 1; } else { hi = mid; } }
      links[i] = lo ? tails[lo - 1] : -1;
      tails[lo] = i;
    }
    var stays = new Set();
    for (i = tails.length ? tails[tails.length - 1] : -1; i >= 0; i = links[i]) { stays.add(now[i]); }
    var next = null;
    for (i = icons.length - 1; i >= 0; i--) {
      if (icons[i].parentNode !== pane) { continue; }
      if (!stays.has(i)) { pane.insertBefore(icons[i], next ? next : null); }
      next = icons[i];
    }
  }

  function recording(map, keepView) {
    var addTo = L.Control.prototype.addTo;
    map.on = function () {
      live.handlers.push([].slice.call(arguments));
      return L.Map.prototype.on.apply(this, arguments);
    };
    L.Control.prototype.addTo = function (target) {
      if (target === map) { live.controls.push(this); }
      return addTo.apply(this, arguments);
    };
    if (keepView) { map.fitBounds = function () { return this; }; }
    return function stop() {
      delete map.on;
      delete map.fitBounds;
      L.Control.prototype.addTo = addTo;
    };
  }

  function overlays(map) {
    var found = [];
    live.controls.forEach(function (control) {
      if (control._map === map && control instanceof L.Control.Layers) {
        found = found.concat(control._layers.filter(function (entry) { return entry.overlay; }));
      }
    });
    return found;
  }

  // The map's script declares its layers as globals (var geo_json_…, with new names each map): the names the
  // previous script added are dropped, or every map drawn would stay in memory.
  function running(run) {
    live.globals.forEach(function (name) { try { delete window[name]; } catch (e) { /* not deletable */ } });
    var before = {};
    Object.keys(window).forEach(function (name) { before[name] = true; });
    try { run(); } finally {
      live.globals = Object.keys(window).filter(function (name) { return !before[name]; });
    }
  }

  // streamlit-folium reports a click through one handler it puts on every layer of the map right after running the
  // feature-group slot: layers a fetched map draws later get it here (the handler most layers have).
  function clickHandler(map) {
    var counts = new Map(), most = null;
    map.eachLayer(function (layer) {
      ((layer._events && layer._events.click) || []).forEach(function (listener) {
        counts.set(listener.fn, (counts.get(listener.fn) || 0) + 1);
        if (most === null || counts.get(listener.fn) > counts.get(most)) { most = listener.fn; }
      });
    });
    return most;
  }

  function reportingClicks(map, handler) {
    if (!handler) { return; }
    map.eachLayer(function (layer) {
      if (typeof layer.on === "function") { layer.off("click", handler); layer.on("click", handler); }
    });
  }

  function shown(name) {
    live.name = name;
    document.body.dataset.atlasMapVersion = name;
  }

  live.first = function (run, name) {
    var makeMap = L.map, stop = null;
    L.map = function () {
      var made = makeMap.apply(this, arguments);
      if (!live.map) { live.map = made; stop = recording(made, false); } else { live.others.push(made); }
      return made;
    };
    var base = keepingBase([]);
    try { running(run); } finally { L.map = makeMap; if (stop) { stop(); } live.base = base(); }
    shown(name);
  };

  live.update = function (run, name) {
    var map = live.map;
    live.wanted = name;
    if (!map || live.name === name) { return; }
    var started = performance.now();
    var unticked = overlays(map).filter(function (entry) { return !map.hasLayer(entry.layer); })
      .map(function (entry) { return entry.name; });
    live.others.forEach(function (other) { other.remove(); });     // the inset's map
    live.handlers.forEach(function (args) { map.off.apply(map, args); });
    live.controls.forEach(function (control) {
      if (control._map === map && control !== map.zoomControl && control !== map.attributionControl) {
        control.remove();
      }
    });
    live.handlers = [];
    live.controls = [];
    live.others = [];
    var kept = {}, canvas = map._atlasCanvas;
    // A big map's shared canvas (L.atlasCanvas) stays: the new map's lines draw on it, no canvas made anew.
    if (canvas && map.hasLayer(canvas)) { kept[L.stamp(canvas)] = true; }
    live.base.forEach(function (group) {
      kept[L.stamp(group)] = true;
      group.eachLayer(function (layer) {
        kept[L.stamp(layer)] = true;
        if (layer._renderer) { kept[L.stamp(layer._renderer)] = true; }   // the basemap pane's own SVG
      });
    });
    var pool = keptMarkers(map, kept);
    map.eachLayer(function (layer) { if (!kept[L.stamp(layer)]) { map.removeLayer(layer); } });
    var previousBase = live.base, base = keepingBase(previousBase), adopted = adopting(pool), markers = [];
    var makeMap = L.map, taken = false, stop = recording(map, true);
    L.map = function (element) {     // the map's own L.map("map_…") call: the live map; the inset's: a new one
      if (!taken && typeof element === "string") { taken = true; return map; }
      var made = makeMap.apply(this, arguments);
      live.others.push(made);
      return made;
    };
    try { running(run); } finally { L.map = makeMap; stop(); live.base = base(); markers = adopted(); }
    Object.keys(pool).forEach(function (key) {     // markers the new map does not draw
      pool[key].forEach(function (marker) { map.removeLayer(marker); });
    });
    ordered(markers);
    if (canvas && map.hasLayer(canvas) && !canvas._drawFirst) { map.removeLayer(canvas); }   // not drawn on
    previousBase.forEach(function (group) {      // a basemap layer the new map does not have
      if (live.base.indexOf(group) === -1) { map.removeLayer(group); }
    });
    overlays(map).forEach(function (entry) {     // what the analyst had unticked stays unticked
      if (unticked.indexOf(entry.name) !== -1) { map.removeLayer(entry.layer); }
    });
    shown(name);
    document.body.dataset.atlasUpdateMs = String(Math.round(performance.now() - started));   // for benchmarks
  };

  function fetched(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.text();
    });
  }

  // (returns a promise settled once the map is drawn, or dropped: for tests). ``failed``: what to say if a fetch
  // fails, "{reason}" in it (atlas.map_scripts.LOAD_FAILED in the page's language).
  live.updateFrom = function (url, shared, name, failed) {
    var map = live.map;
    live.wanted = name;
    if (!map || live.name === name) { return Promise.resolve(); }
    live.onClick = live.onClick || clickHandler(map);
    var needed = Object.keys(shared).filter(function (key) { return !(key in window.atlasShared); });
    var urls = [url].concat(needed.map(function (key) { return shared[key]; }));
    return Promise.all(urls.map(fetched)).then(function (texts) {
      if (live.wanted !== name) { return; }          // a newer selection came meanwhile: it draws instead
      texts.slice(1).forEach(function (text) { (0, eval)(text); });     // basemap data the frame lacked
      live.update(function () { (0, eval)(texts[0]); }, name);
      reportingClicks(map, live.onClick);
    }).catch(function (error) {
      if (live.wanted !== name) { return; }
      document.body.insertAdjacentText("beforeend", String(failed || "{reason}").replace("{reason}",
        (error && error.message) || "network error"));
    });
  };
})();

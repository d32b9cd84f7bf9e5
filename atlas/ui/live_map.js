/* Checkpoint Atlas: keeps the dashboard's map alive across filter changes (streamlit-folium 0.27's frame).
 * atlasLive.first(run, name): runs the first map's script (run()) and notes what it adds to the map beyond Leaflet's
 * own (controls, map event handlers), so that a later atlasLive.update(run, name) (run from streamlit-folium's
 * feature-group slot) can take the previous content off the live map and run the new map's script onto it: its
 * L.map call gets the live map, its fitBounds is skipped (the view stays where the analyst had it), and the
 * frame, Leaflet and the assets stay loaded. The same name twice does nothing (the selection changed only). */
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
    map.eachLayer(function (layer) { if (!kept[L.stamp(layer)]) { map.removeLayer(layer); } });
    var previousBase = live.base, base = keepingBase(previousBase);
    var makeMap = L.map, taken = false, stop = recording(map, true);
    L.map = function (element) {     // the map's own L.map("map_…") call: the live map; the inset's: a new one
      if (!taken && typeof element === "string") { taken = true; return map; }
      var made = makeMap.apply(this, arguments);
      live.others.push(made);
      return made;
    };
    try { running(run); } finally { L.map = makeMap; stop(); live.base = base(); }
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
})();

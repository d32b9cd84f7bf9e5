"""The pure parts of scripts/build_gazetteer.py (the npm download itself is not run in tests)."""
import importlib.util
import random

import pytest
from shapely.geometry import shape


@pytest.fixture(scope="module")
def build(project_root):
    spec = importlib.util.spec_from_file_location("build_gazetteer", project_root / "scripts" / "build_gazetteer.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def encode(rings, scale):
    """Quantize and delta-encode rings as TopoJSON arcs (one arc per ring)."""
    arcs = []
    for ring in rings:
        q = [(round(x / scale[0]), round(y / scale[1])) for x, y in ring]
        arcs.append([q[0]] + [(b[0] - a[0], b[1] - a[1]) for a, b in zip(q, q[1:])])
    return arcs


@pytest.mark.parametrize("seed", range(5))
def test_topojson_decoding_round_trips_random_polygons(build, seed):
    rng = random.Random(seed)
    scale = (0.001, 0.001)
    ring = [(round(rng.uniform(35, 42), 3), round(rng.uniform(32, 37), 3)) for _ in range(rng.randint(3, 9))]
    ring.append(ring[0])
    topo = {"transform": {"scale": list(scale), "translate": [0, 0]}, "arcs": encode([ring], scale),
            "objects": {"countries": {"geometries": [
                {"type": "Polygon", "arcs": [[0]], "id": "1", "properties": {"name": "A"}},
                {"type": "MultiPolygon", "arcs": [[[~0]]], "id": "2", "properties": {"name": "B"}},
                {"type": "Point", "coordinates": [0, 0], "properties": {"name": "skipped"}},
            ]}}}
    features = build.topojson_features(topo, "countries")
    assert [f["properties"]["name"] for f in features] == ["A", "B"]
    decoded = features[0]["geometry"]["coordinates"][0]
    assert [tuple(pytest.approx(c, abs=1e-9) for c in p) for p in decoded] == ring
    assert features[1]["geometry"]["coordinates"][0][0] == decoded[::-1]   # ~arc = reversed arc


def test_topojson_arcs_are_joined_without_repeating_shared_points(build):
    topo = {"transform": {"scale": [1, 1], "translate": [10, 20]},
            "arcs": [[[0, 0], [1, 0], [0, 1]], [[1, 1], [-1, 0], [0, -1]]],
            "objects": {"o": {"geometries": [{"type": "Polygon", "arcs": [[0, 1]], "properties": {}}]}}}
    ring = build.topojson_features(topo, "o")[0]["geometry"]["coordinates"][0]
    assert ring == [(10, 20), (11, 20), (11, 21), (10, 21), (10, 20)]
    assert shape({"type": "Polygon", "coordinates": [ring]}).area == 1


@pytest.mark.parametrize("record,expected_name", [
    # Babila: GeoNames also carries "باب بيلا"; the script must not choose a wrong or Persian form
    ({"name": "Babīlā", "alternatenames": ["Babila", "باب بيلا", "ببيلا"]}, {"", "ببيلا"}),
    ({"name": "Inkhil", "alternatenames": ["Inkhel", "انخل"]}, {"انخل"}),
    ({"name": "Al Mayādīn", "alternatenames": ["الميادين", "ميادين"]}, {"الميادين"}),
    ({"name": "Qārah", "alternatenames": ["قارة", "کارا"]}, {"قارة"}),             # Persian kaf dropped
    ({"name": "Ar Rawḑah", "alternatenames": ["الروضة", "بزاق"]}, {"الروضة"}),     # unrelated name dropped
    ({"name": "Tall Tamr", "alternatenames": ["تل تمر", "گرێ خورما"]}, {"تل تمر"}),
    ({"name": "Kobani", "alternatenames": ["کۆبانی"]}, {""}),                     # only Kurdish script
    ({"name": "Xyz", "alternatenames": ["دمشق"]}, {""}),                           # consonants disagree
])
def test_arabic_display_names_are_trusted_or_left_empty(build, record, expected_name):
    name, variants = build.arabic_name(record)
    assert name in expected_name
    assert name not in variants
    assert all(build.ARABIC_ONLY.match(v) for v in variants)


def test_latin_variants_leave_out_codes_and_machine_transliterations(build):
    city = {"name": "Damascus", "alternatenames": ["DAM", "Sam", "dmshq", "Dimashq", "Şam", "Δαμασκός", "Damaskus"]}
    assert build.latin_variants(city) == ["Damascus", "Damaskus", "Dimashq"]


def test_settlement_uncertainty_grows_with_population(build):
    sizes = [0, 19_999, 20_000, 99_999, 100_000, 999_999, 1_000_000, 5_000_000]
    radii = [build.settlement_uncertainty(n) for n in sizes]
    assert radii == sorted(radii) and radii[0] > 0 and radii[-1] > radii[0]

"""The map's marker shapes as PNG icons for a KMZ (atlas.exports.icons)."""
import io

import pytest
from PIL import Image

from atlas.exports.icons import ICON_PX, icon_png
from atlas.map.style import SHAPE_PATHS


def pixels(shape, colour="#cc79a7"):
    return Image.open(io.BytesIO(icon_png(shape, colour))).convert("RGBA")


@pytest.mark.parametrize("shape", sorted(set(SHAPE_PATHS) - {"ring"}))
def test_the_centre_has_the_colour(shape):
    image = pixels(shape)
    assert image.size == (ICON_PX, ICON_PX)
    r, g, b, a = image.getpixel((ICON_PX // 2, ICON_PX // 2))
    assert a == 255 and (abs(r - 0xcc), abs(g - 0x79), abs(b - 0xa7)) < (8, 8, 8)


def test_a_ring_has_a_hole_and_a_square_fills_its_corners_a_circle_does_not():
    assert pixels("ring").getpixel((ICON_PX // 2, ICON_PX // 2))[3] == 0
    corner = (5, 5)
    assert pixels("square").getpixel(corner)[3] > 200 and pixels("circle").getpixel(corner)[3] < 20


def test_shapes_differ_and_an_unknown_shape_is_a_circle():
    drawn = {shape: icon_png(shape, "#0072b2") for shape in SHAPE_PATHS}
    assert len(set(drawn.values())) == len(SHAPE_PATHS)
    assert icon_png("blob", "#0072b2") == drawn["circle"]

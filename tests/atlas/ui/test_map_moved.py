"""When the map counts as moved (its centre and zoom then go into the address)."""
import pytest

from atlas.ui.map_panel import moved


@pytest.mark.parametrize("first, here, expected", [
    ((34.8573, 39.0514, 6.0), (34.8499, 39.0454, 6.0), False),   # nudged as it first drew (a fraction of a pixel)
    ((34.85, 39.05, 6.0), (34.85, 39.05, 7.0), True),            # zoomed
    ((34.85, 39.05, 6.0), (34.85, 40.05, 6.0), True),            # panned about 45 px at zoom 6
    ((33.50, 36.30, 13.0), (33.50, 36.306, 13.0), True),         # about 35 px at zoom 13
    ((33.50, 36.30, 13.0), (33.50, 36.3002, 13.0), False),       # about 5 px
])
def test_moved(first, here, expected):
    assert moved(first, here) is expected

"""Standalone interactive HTML: the same folium map with the briefing frame, assets inlined (works offline)."""
from __future__ import annotations


def render(briefing) -> bytes:
    from atlas.snapshot import snapshot_html

    return snapshot_html(briefing).encode("utf-8")

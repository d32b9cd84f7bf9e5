"""PNG snapshot for slides, drawn by headless Chromium from the standalone HTML."""
from __future__ import annotations


def render(briefing) -> bytes:
    from atlas.snapshot import render_png

    return render_png(briefing)

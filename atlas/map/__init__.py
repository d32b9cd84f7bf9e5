"""The event map, one module per concept (the Streamlit component adapter is atlas.ui.folium_component):

- :mod:`atlas.map.build`: ``build_map(events, gazetteer, view=..., layers=...)``, the dashboard's and the snapshot's map;
- :mod:`atlas.map.groups`: events sharing a journey's line (``events.geo.event_geometry``) and an outcome;
- :mod:`atlas.map.layers`: route lines (their arrowheads: ``atlas_map.js``), events at a place, checkpoints, places, name labels;
- :mod:`atlas.map.basemap`: the shipped outlines and the views' framing;
- :mod:`atlas.map.style`: colours, widths, precision in words (read by the legend and the KML too);
- :mod:`atlas.map.markup`: tooltip and details text, escaped and isolated;
- :mod:`atlas.map.selection`: what a click picked, back to events;
- :mod:`atlas.map.page`: features as JSON data in plain script text (never template source);
- :mod:`atlas.map.details`: the details panel's HTML; :mod:`atlas.map.reader`: the report reader's place map.
"""
from atlas.map.basemap import VIEWS
from atlas.map.build import build_map
from atlas.map.layers import LAYERS

__all__ = ["VIEWS", "LAYERS", "build_map"]

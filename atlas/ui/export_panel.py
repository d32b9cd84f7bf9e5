"""Streamlit panel: download what is on screen as data (CSV, GeoJSON, KML, GeoPackage), its places, or a snapshot.

Files are made only when a button is clicked (``data=`` takes a callable), so the dashboard does
not render a PNG on every rerun. All the work is in ``atlas.exports`` and ``atlas.snapshot``.
"""
from __future__ import annotations

import datetime as dt

import streamlit as st

from atlas import settings, ui
from atlas.exc import AtlasError
from atlas.snapshot import SnapshotError, chromium_path
from atlas.ui.text import isolated, plain
from events.exc import EventsError
from atlas.exports import DATA_FORMATS, EXPORTERS, PLACE_FORMATS, Briefing, ExportError
from events.importing import ImportLimits, import_stream

SNAPSHOT_SIZES = {"1600 x 900 (slide)": 1, "3200 x 1800 (print, 2x)": 2}


def _file_stem() -> str:
    return f"checkpoint-atlas-{dt.date.today().isoformat()}"


def bounds_from_st_folium(result) -> tuple | None:
    """((south, west), (north, east)) from st_folium's return value (``returned_objects`` with "bounds")."""
    corners = (result or {}).get("bounds") or {}
    south_west, north_east = corners.get("_southWest"), corners.get("_northEast")
    if not (south_west and north_east) or None in (*south_west.values(), *north_east.values()):
        return None
    return (south_west["lat"], south_west["lng"]), (north_east["lat"], north_east["lng"])


def _download(exporter_name: str, briefing: Briefing, stem: str, key: str, label: str | None = None) -> None:
    exporter = EXPORTERS[exporter_name]
    st.download_button(label or exporter.label, data=lambda: exporter.render(briefing),
                       file_name=exporter.file_name(stem), mime=exporter.media_type, key=key,
                       on_click="ignore", icon=":material/download:")


def render_export_panel(events, gazetteer, event_filter=None, *, view: str = "overview", layers=None,
                        bounds=None, key: str = "export") -> None:
    """Download buttons for the filtered events and snapshot buttons for the current map view and layers.

    ``bounds`` ((south, west), (north, east)), e.g. from :func:`bounds_from_st_folium`, frames the
    snapshot as the analyst panned it; None frames it as the view does.
    """
    st.subheader("Export")
    events = list(events)
    stem = _file_stem()
    st.caption(f"{len(events)} event(s) in the current selection: "
               f"{plain(event_filter.describe()) if event_filter is not None else 'all events'}")
    if layers is not None:
        st.caption(f"Snapshot layers, as ticked on the map: {', '.join(layers) or 'none'}")
    title = st.text_input("Snapshot title", value="Checkpoint Atlas: movements through checkpoints",
                          key=f"{key}-title", max_chars=120)
    size = st.radio("Snapshot size", list(SNAPSHOT_SIZES), horizontal=True, key=f"{key}-size")
    try:
        briefing = Briefing(events, gazetteer, event_filter=event_filter, title=title or "Checkpoint Atlas",
                            view=view, layers=layers, bounds=bounds,
                            scale=SNAPSHOT_SIZES[size])
    except ExportError as error:
        st.error(plain(error))
        return
    data_column, snapshot_column = st.columns(2)
    with data_column:
        st.markdown("**Data**")
        for name in DATA_FORMATS:
            _download(name, briefing, stem, key=f"{key}-{name}")
        st.markdown("**Places of these events**")
        for name in PLACE_FORMATS:
            _download(name, briefing, stem, key=f"{key}-{name}")
    with snapshot_column:
        st.markdown("**Snapshot of the map**")
        _download("html", briefing, stem, key=f"{key}-html")
        try:
            chromium_path()
        except SnapshotError as error:
            st.warning(plain(error))
        else:
            _download("png", briefing, stem, key=f"{key}-png", label=f"PNG {size.split(' (')[0]}")


def render_import_panel(store, gazetteer, user: str, *, key: str = "import") -> None:
    """Upload an Atlas CSV/GeoJSON export and add its events to the store (for editors only: the caller checks).

    All or nothing: if any row is rejected, every rejected row is listed (CSV line or GeoJSON feature,
    field, reason) and nothing is added; a file that is not an export adds nothing either. The upload
    is read as a stream, twice (check, then write), within ATLAS_IMPORT_MAX_BYTES / _MAX_DEPTH.
    When the team store cannot take changes (``store`` None: it cannot even be set up), the reason
    shows instead of the panel.
    """
    st.subheader("Import events")
    store = store or ui.team_store()
    problem = ui.store_problem(store)
    if problem is not None:
        st.info(f"Import is off: {plain(problem)}", icon=":material/block:")
        return
    upload = st.file_uploader("CSV or GeoJSON written by an Atlas export", type=["csv", "geojson", "json"],
                              key=f"{key}-file", help="Imported whole or not at all: a file with a bad row "
                                                      "adds nothing and lists every bad row.")
    if upload is None:
        return
    if not st.button(f"Import {isolated(upload.name)}", key=f"{key}-run", type="primary"):
        return
    secrets = ui.secrets()
    try:
        limits = ImportLimits(max_bytes=settings.get("ATLAS_IMPORT_MAX_BYTES", secrets=secrets),
                              max_depth=settings.get("ATLAS_IMPORT_MAX_DEPTH", secrets=secrets))
        report = import_stream(upload, upload.name, store, gazetteer, user, limits=limits,
                               allow_self_review=settings.get("ATLAS_ALLOW_SELF_REVIEW", secrets=secrets))
    except (EventsError, AtlasError) as error:      # the message quotes the file (name, columns): escaped
        st.error(f"Nothing was imported: {plain(error)}")
        return
    if report.rejected:
        st.warning(f"Nothing was imported: {len(report.rejected)} row(s) rejected. A file is imported whole or "
                   "not at all: fix these rows and import it again.")
        unit = report.rejected[0].unit
        st.dataframe([{unit: r.row, "event": r.event_id, "field": r.field, "reason": r.message}
                      for r in report.rejected], key=f"{key}-rejected", hide_index=True)
    else:
        st.success(f"{len(report.added)} event(s) added.")


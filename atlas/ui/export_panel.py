"""Streamlit panel: download what is on screen as data (CSV, GeoJSON, KML, GeoPackage), its places, or a snapshot
(importing a file is atlas.ui.import_panel).

Files are made only when a button is clicked (``data=`` takes a callable), so the dashboard does
not render a PNG on every rerun. All the work is in ``atlas.exports`` and ``atlas.snapshot``.
"""
from __future__ import annotations

import datetime as dt

import streamlit as st

from atlas import settings, ui
from atlas.exports import DATA_FORMATS, EXPORTERS, PLACE_FORMATS, Briefing, ExportError
from atlas.i18n import N_
from atlas.snapshot import SnapshotError, chromium_path
from atlas.ui.language import _, labels, place_name, t, words
from atlas.ui.text import plain
from atlas.words import describe_filter

SNAPSHOT_SIZES = {N_("1600 x 900 (slide)"): 1, N_("3200 x 1800 (print, 2x)"): 2}


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
    st.download_button(label or _(exporter.label), data=lambda: exporter.render(briefing),
                       file_name=exporter.file_name(stem), mime=exporter.media_type, key=key,
                       on_click="ignore", icon=":material/download:")


def render_export_panel(events, gazetteer, event_filter=None, *, view: str = "overview", layers=None,
                        bounds=None, key: str = "export", config: settings.Settings | None = None,
                        language: str = "en") -> None:
    """Download buttons for the filtered events and snapshot buttons for the current map view and layers (the
    dashboard's Export tab: drawn only while that tab is open, its fields kept meanwhile by ``persist_state``).

    ``bounds`` ((south, west), (north, east)), e.g. from :func:`bounds_from_st_folium`, frames the
    snapshot as the analyst panned it; None frames it as the view does. ``config``: the app's settings
    for this run (the Chromium that draws PNGs, where the assets are). ``language``: of the place names.
    """
    config = config or ui.app_settings()
    events = list(events)
    stem = _file_stem()
    described = (describe_filter(event_filter, t(), lambda pid: place_name(gazetteer.get(pid), pid))
                 if event_filter is not None else _("All events"))
    st.caption(t().ngettext("{count} event in the current selection: {words}",
                            "{count} events in the current selection: {words}", len(events)).format(
        count=t().digits(len(events)), words=plain(described)))
    if layers is not None:
        word = words()
        st.caption(_("Snapshot layers, as ticked on the map: {layers}").format(
            layers=("، " if t().direction == "rtl" else ", ").join(word(layer) for layer in layers) or _("none")))
    title = st.text_input(_("Snapshot title"), value=_("Checkpoint Atlas: movements through checkpoints"),
                          key=f"{key}-title", max_chars=120, persist_state="session")
    size = st.radio(_("Snapshot size"), list(SNAPSHOT_SIZES), horizontal=True, key=f"{key}-size",
                    persist_state="session", format_func=labels({size: size for size in SNAPSHOT_SIZES}))
    include_drafts = st.toggle(_("Include unreviewed drafts"), value=False, key=f"{key}-drafts",
                               persist_state="session",
                               help=_("Left out by default; when included, every file says 'includes unreviewed "
                                      "drafts'"))
    headers = False
    if t().language != "en":
        headers = st.toggle(_("Column headers in the interface language (CSV)"), value=False, key=f"{key}-headers",
                            persist_state="session",
                            help=_("For reading in a spreadsheet; a file with translated headers cannot be "
                                   "imported back"))
    try:
        briefing = Briefing(events, gazetteer, event_filter=event_filter, title=title or _("Checkpoint Atlas"),
                            chromium=config["ATLAS_CHROMIUM"], static_url=config["ATLAS_STATIC_URL"],
                            view=view, layers=layers, bounds=bounds, language=language,
                            scale=SNAPSHOT_SIZES[size], include_drafts=include_drafts, translated_headers=headers,
                            digits=t().digit_style)
    except ExportError as error:
        st.error(plain(t().error(error)))
        return
    if briefing.drafts_left_out:
        st.caption(t().ngettext("{count} unreviewed draft left out of these files.",
                                "{count} unreviewed drafts left out of these files.", briefing.drafts_left_out).format(
            count=t().digits(briefing.drafts_left_out)))
    elif briefing.draft_stamp:
        st.caption(_("These files say: {stamp}.").format(stamp=briefing.draft_stamp))
    data_column, snapshot_column = st.columns(2)
    with data_column:
        st.markdown("**" + _("Data") + "**")
        for name in DATA_FORMATS:
            _download(name, briefing, stem, key=f"{key}-{name}")
        st.markdown("**" + _("Places of these events") + "**")
        for name in PLACE_FORMATS:
            _download(name, briefing, stem, key=f"{key}-{name}")
    with snapshot_column:
        st.markdown("**" + _("Snapshot of the map") + "**")
        _download("html", briefing, stem, key=f"{key}-html")
        try:
            chromium_path(config["ATLAS_CHROMIUM"])
        except SnapshotError as error:
            st.warning(plain(t().error(error)))
        else:
            _download("png", briefing, stem, key=f"{key}-png", label=f"PNG {size.split(' (')[0]}")

"""Streamlit panel: add the events of an Atlas CSV/GeoJSON export to the team store (editors only)."""
from __future__ import annotations

import streamlit as st

from atlas import settings, ui
from atlas.exc import AtlasError
from atlas.ui.language import _, t, w
from atlas.ui.text import isolated, plain
from events.exc import EventsError
from events.import_files import ImportLimits
from events.importing import import_stream


def render_import_panel(store, gazetteer, user: str, *, key: str = "import",
                        config: settings.Settings | None = None) -> None:
    """Upload an Atlas CSV/GeoJSON export and add its events to the store (for editors only: the caller checks).

    All or nothing: if any row is rejected, every rejected row is listed (CSV line or GeoJSON feature,
    field, reason) and nothing is added; a file that is not an export adds nothing either. The upload
    is read as a stream, twice (check, then write), within ATLAS_IMPORT_MAX_BYTES / _MAX_DEPTH.
    When the team store cannot take changes (``store`` None: it cannot even be set up), the reason
    shows instead of the panel.
    """
    st.subheader(_("Import events"))
    store = store or ui.team_store()
    problem = ui.store_problem(store)
    if problem is not None:
        st.info(_("Import is off: {problem}").format(problem=plain(t().error(problem))),
                icon=":material/block:")
        return
    upload = st.file_uploader(_("CSV or GeoJSON written by an Atlas export"), type=["csv", "geojson", "json"],
                              key=f"{key}-file", help=_("Imported whole or not at all: a file with a bad row "
                                                        "adds nothing and lists every bad row."))
    if upload is None:
        return
    if not st.button(_("Import {file}").format(file=isolated(upload.name)), key=f"{key}-run", type="primary"):
        return
    config = config or ui.app_settings()
    try:
        limits = ImportLimits(max_bytes=config["ATLAS_IMPORT_MAX_BYTES"], max_depth=config["ATLAS_IMPORT_MAX_DEPTH"])
        report = import_stream(upload, upload.name, store, gazetteer, user, limits=limits,
                               allow_self_review=config["ATLAS_ALLOW_SELF_REVIEW"])
    except (EventsError, AtlasError) as error:      # the message quotes the file (name, columns): escaped
        st.error(_("Nothing was imported: {problem}").format(problem=plain(t().error(error))))
        return
    if report.rejected:
        st.warning(t().ngettext("Nothing was imported: {count} row rejected. A file is imported whole or not at all: "
                                "fix this row and import it again.",
                                "Nothing was imported: {count} rows rejected. A file is imported whole or not at "
                                "all: fix these rows and import it again.",
                                len(report.rejected)).format(count=t().digits(len(report.rejected))))
        unit = report.rejected[0].unit
        st.dataframe([{w(unit): r.row, _("event"): r.event_id, _("field"): r.field,
                       _("reason"): t().message(r.message)}
                      for r in report.rejected], key=f"{key}-rejected", hide_index=True)
    else:
        st.success(t().ngettext("{count} event added.", "{count} events added.", len(report.added)).format(
            count=t().digits(len(report.added))))


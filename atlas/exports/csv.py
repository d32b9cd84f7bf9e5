"""CSV for spreadsheets: UTF-8 with a BOM (so Excel reads Arabic), formulas neutralised (the columns and the
formula guard are ``events.csv_format``'s, shared with the import). With ``Briefing.translated_headers`` the
header row is in the briefing's language (for reading; the import needs the codes, so such a file is not for
re-import)."""
from __future__ import annotations

import csv
import io

from atlas.i18n import N_
from events.csv_format import COLUMNS, COMMENT, neutralise_cell

EXTRA_HEADERS = {"id": N_("Event id"), "status": N_("Status"), "added_by": N_("Added by"),
                 "precision": N_("Location precision"), "uncertainty_m": N_("Uncertainty (m)"),
                 "corroboration": N_("Independent outlets")}
"""Headers of the columns the entry form has no label for (the rest are atlas.forms.LABELS)."""


def headers(briefing) -> list[str]:
    """The header row: the column codes, or (``translated_headers``) their labels in the briefing's language."""
    if not getattr(briefing, "translated_headers", False):
        return list(COLUMNS)
    from atlas.forms import LABELS

    _ = briefing.translator.gettext
    return [_({**LABELS, **EXTRA_HEADERS}.get(name, name)) for name in COLUMNS]


def event_rows(briefing) -> list[dict]:
    """One row an event: its record, its further sources (JSON), precision and corroboration."""
    from events.geo import event_geometry, event_properties

    return [event_properties(event, event_geometry(event, briefing.gazetteer)) for event in briefing.events]


def render(briefing) -> bytes:
    buffer = io.StringIO(newline="")
    if briefing.draft_stamp:   # a note line before the header: spreadsheets show it, import skips it
        note = briefing.translator.gettext("Checkpoint Atlas export, {stamp}: rows with status 'draft' have not been "
                                           "checked by an editor").format(stamp=briefing.draft_stamp)
        buffer.write(f"{COMMENT} {note}\r\n")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers(briefing))
    writer.writerows([neutralise_cell(row.get(name)) for name in COLUMNS] for row in event_rows(briefing))
    return buffer.getvalue().encode("utf-8-sig")

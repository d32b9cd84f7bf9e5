"""The details panel beside the map: everything an analyst checks about one event, escaped and isolated."""
from __future__ import annotations

from markupsafe import Markup

from atlas.map.markup import bdi, count_text, date_text, place_label_html
from atlas.map.source_details import SOURCES_CSS, source_rows
from atlas.map.style import precision_text
from events.schema import Event
from events.vocabulary import PLACE_ROLES


# -- the details panel beside the map ---------------------------------------------------------
def _place_html(places, place_id: str) -> Markup:
    place = places.get(place_id) if place_id else None
    if place is None:
        return bdi(place_id)
    return place_label_html(place) + f" ({precision_text(place)})"


def _joined(items, separator: str = ", ") -> Markup:
    return Markup(separator).join(bdi(item) for item in items)


NOTE_PREVIEW = 240
"""Characters of a note shown before "more" (the rest opens in place)."""


def collapsed(text: str, limit: int = NOTE_PREVIEW) -> Markup:
    """``text`` isolated; when longer than ``limit``, its start (cut at a space) with a "more" that opens the rest
    in place (``<details>``, no script)."""
    if len(text) <= limit:
        return bdi(text)
    cut = text.rfind(" ", 0, limit)
    cut = cut if cut > limit // 2 else limit
    return Markup('<details class="atlas-more"><summary>{}… <span class="atlas-more-label">more</span></summary>'
                  '{}</details>').format(bdi(text[:cut]), bdi(text[cut:]))


def event_details_html(event: Event, places) -> str:
    """Everything an analyst checks about one event, as HTML with every value escaped and every piece of
    user text isolated (``<bdi>``), so direction controls in it cannot reorder the panel.

    The Arabic quote is its own right-to-left block (``dir="rtl"``) so punctuation and mixed
    Latin digits fall where a reader of Arabic expects them.
    """
    date = Markup("{}").format(date_text(event))
    if event.date_relative:
        date += Markup(" — “{}”").format(bdi(event.date_relative))
    if event.date_basis:
        date += Markup("; {}").format(bdi(event.date_basis))
    rows = [("Type", f"{event.event_type}; outcome {event.outcome}; status {event.status}; "
                     f"confidence {event.confidence}"), ("Date", date)]
    route = [Markup("{}: {}").format(role, _place_html(places, getattr(event, role)))
             for role in PLACE_ROLES if getattr(event, role)]
    rows.append(("Places", Markup(" · ").join(route)))
    rows.append(("Count", count_text(event)))
    if event.paid_usd_min is not None:
        high = "" if event.paid_usd_max in (None, event.paid_usd_min) else f"–{event.paid_usd_max:,.0f}"
        floor = "at least " if event.paid_usd_max is None else ""
        rows.append(("Paid (USD)", f"{floor}{event.paid_usd_min:,.0f}{high}"))
    if event.names:
        rows.append(("Names", _joined(event.names)))
    if event.actors:
        rows.append(("Actors", _joined(event.actors)))
    source = bdi(event.outlet)
    if event.cited_outlet:
        source += Markup(", citing {}").format(bdi(event.cited_outlet))
    if event.seed:
        source += Markup("; seed {}").format(bdi(event.seed))
    if event.url:
        source += Markup("; {}").format(bdi(event.url))
    rows.append(("Source", source))
    rows.extend(source_rows(event))               # every report, stances, disagreeing figures
    if event.disputed or event.dispute_note or event.related:
        dispute = Markup("DISPUTED. " if event.disputed else "") + (collapsed(event.dispute_note)
                                                                     if event.dispute_note else "")
        if event.related:
            dispute += Markup(" (related: {})").format(_joined(event.related))
        rows.append(("Dispute", dispute))
    if event.notes:
        rows.append(("Notes", collapsed(event.notes)))
    if event.added_by:
        rows.append(("Added by", bdi(event.added_by)))
    body = Markup("").join(Markup("<dt>{}</dt><dd>{}</dd>").format(label, value) for label, value in rows)
    badges = Markup("" if event.is_dated else ' <span class="atlas-undated">undated</span>')
    if event.status == "draft":
        badges += Markup(' <span class="atlas-undated atlas-draft-badge">draft, unreviewed</span>')
    if event.disputed:
        badges += Markup(' <span class="atlas-disputed">disputed</span>')
    return SOURCES_CSS + str(Markup('<div class="atlas-details" data-event="{id}"><div class="atlas-summary">{summary}{badges}</div>'
                      '<div class="atlas-event-id">{id}</div><dl>{body}</dl>'
                      '<div class="atlas-quote" dir="rtl" lang="ar">{quote}</div></div>').format(
        id=event.id, summary=bdi(event.summary_en), badges=badges, body=body, quote=event.quote_ar))

"""The details panel beside the map: everything an analyst checks about one event, escaped and isolated."""
from __future__ import annotations

from markupsafe import Markup

from atlas.i18n import DEFAULT_LANGUAGE, Translator, translator
from atlas.map.markup import bdi, bdi_by_majority, count_text, date_text, place_label_html
from atlas.map.source_details import SOURCES_CSS, source_rows
from atlas.map.style import precision_text, precision_words
from atlas.words import word
from events.schema import Event
from events.vocabulary import PLACE_ROLES


# -- the details panel beside the map ---------------------------------------------------------
def place_name_html(place, t: Translator) -> Markup:
    """A place's name in ``t``'s language, its name in the other language on hover (``title``); escaped and
    isolated."""
    arabic = t.language == "ar" and bool(place.name_ar)
    shown, other = (place.name_ar, place.name_en) if arabic else (place.name_en or place.name_ar, place.name_ar)
    if other == shown:
        other = ""
    direction = Markup(' dir="rtl" lang="ar"') if arabic else Markup("")
    if not other:
        return Markup("<bdi{}>{}</bdi>").format(direction, shown)
    return Markup('<bdi{} title="{}">{}</bdi>').format(direction, other, shown)


def _place_html(places, place_id: str, t: Translator | None = None) -> Markup:
    place = places.get(place_id) if place_id else None
    if place is None:
        return bdi(place_id)
    if t is None or t.language == DEFAULT_LANGUAGE:
        return place_label_html(place) + f" ({precision_text(place)})"
    return place_name_html(place, t) + f" ({precision_words(place, t)})"


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


def event_details_html(event: Event, places, t: Translator | None = None) -> str:
    """Everything an analyst checks about one event, as HTML with every value escaped and every piece of
    user text isolated (``<bdi>``), so direction controls in it cannot reorder the panel.

    The Arabic quote is its own right-to-left block (``dir="rtl"``) so punctuation and mixed
    Latin digits fall where a reader of Arabic expects them. ``t``: the translator of the labels (English when
    None); in Arabic the panel itself is right to left and places show their Arabic names (English on hover).
    """
    t = t or translator(DEFAULT_LANGUAGE)
    _ = t.gettext
    english = t.language == DEFAULT_LANGUAGE
    date = Markup("{}").format(date_text(event, t))
    if event.date_relative:
        date += Markup(" — “{}”").format(bdi(event.date_relative))
    if event.date_basis:
        date += Markup("; {}").format(bdi_by_majority(event.date_basis))
    def w(code: str) -> str:
        return code if english else word(code, t)

    rows = [(_("Type"), _("{type}; outcome {outcome}; status {status}; confidence {confidence}").format(
        type=w(event.event_type), outcome=w(event.outcome), status=w(event.status), confidence=w(event.confidence))),
        (_("Date"), date)]
    route = [Markup("{}: {}").format(w(role), _place_html(places, getattr(event, role), t))
             for role in PLACE_ROLES if getattr(event, role)]
    rows.append((_("Places"), Markup(" · ").join(route)))
    rows.append((_("Count"), count_text(event, t)))
    if event.paid_usd_min is not None:
        high = "" if event.paid_usd_max in (None, event.paid_usd_min) else f"–{event.paid_usd_max:,.0f}"
        amount = t.digits(f"{event.paid_usd_min:,.0f}{high}")
        rows.append((_("Paid (USD)"), _("at least {amount}").format(amount=amount) if event.paid_usd_max is None
                     else amount))
    if event.names:
        rows.append((_("Names"), _joined(event.names)))
    if event.actors:
        rows.append((_("Actors"), _joined(event.actors)))
    source = bdi(event.outlet)
    if event.cited_outlet:
        source += Markup(_(", citing {outlet}")).format(outlet=bdi(event.cited_outlet))
    if event.seed:
        source += Markup(_("; seed {seed}")).format(seed=bdi(event.seed))
    if event.url:
        source += Markup("; {}").format(bdi(event.url))
    rows.append((_("Source"), source))
    rows.extend(source_rows(event, t))            # every report, stances, disagreeing figures
    if event.disputed or event.dispute_note or event.related:
        dispute = Markup(_("DISPUTED. ") if event.disputed else "") + (collapsed(event.dispute_note)
                                                                        if event.dispute_note else "")
        if event.related:
            dispute += Markup(_(" (related: {events})")).format(events=_joined(event.related))
        rows.append((_("Dispute"), dispute))
    if event.notes:
        rows.append((_("Notes"), collapsed(event.notes)))
    if event.added_by:
        rows.append((_("Added by"), bdi(event.added_by)))
    body = Markup("").join(Markup("<dt>{}</dt><dd>{}</dd>").format(label, value) for label, value in rows)
    badges = Markup("") if event.is_dated else Markup(' <span class="atlas-undated">{}</span>').format(_("undated"))
    if event.status == "draft":
        badges += Markup(' <span class="atlas-undated atlas-draft-badge">{}</span>').format(_("draft, unreviewed"))
    if event.disputed:
        badges += Markup(' <span class="atlas-disputed">{}</span>').format(_("disputed"))
    return SOURCES_CSS + str(Markup('<div class="atlas-details" data-event="{id}" dir="{dir}" lang="{lang}">'
                                    '<div class="atlas-summary">{summary}{badges}</div>'
                                    '<div class="atlas-event-id">{id}</div><dl>{body}</dl>'
                                    '<div class="atlas-quote" dir="rtl" lang="ar">{quote}</div></div>').format(
        id=event.id, summary=bdi(event.summary_en), badges=badges, body=body, quote=event.quote_ar,
        dir=t.direction, lang=t.language))

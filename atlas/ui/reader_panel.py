"""Streamlit panel "Read a report": paste a report, see what the reader finds, send a draft to the form.

All the reading is in :mod:`reader`; this module only wires widgets to it. Nothing is saved
here. Each draft shows the sentences it rests on, highlighted, and its fields; the analyst accepts it
("Send to the entry form", to edit and save there) or rejects it (hidden, can be restored).
"Send to the entry form" puts the draft under ``st.session_state[DRAFT_STATE_KEY]``:

    st.session_state["reader_draft"] = {field: value for field in events.schema.FIELDS}

values as in ``Event.to_record()`` (ISO dates, numbers, lists joined with "|", "" when unknown),
``status`` "draft". The entry form (``atlas.ui.entry_form``) pops it and prefills itself; the
analyst edits it there and saves, or not.
"""
from __future__ import annotations

import datetime as dt
import html

import pandas as pd
import streamlit as st

from atlas import forms, ui
from atlas.i18n import N_
from atlas.map.reader import places_map
from atlas.ui import folium_component
from atlas.ui.language import _, place_name, t, w
from atlas.ui.text import plain
from events.vocabulary import PLACE_ROLES
from geodata.gazetteer import Gazetteer
from reader import ReaderError, Reading, highlight_html, read_report, sentences_html
from reader.highlight import STYLES
from reader.quantities import figure

DRAFT_STATE_KEY = "reader_draft"
MAP_HEIGHT = 380
LEGEND_WORDS = (("place", N_("place")), ("date", N_("date")), ("count", N_("count")), ("money", N_("dollars")))


def legend_html() -> str:
    """The highlight colours' legend in this session's language (fixed words, escaped anyway)."""
    return " ".join(f'<span style="{STYLES[kind]}">{html.escape(_(label))}</span>' for kind, label in LEGEND_WORDS)
FIELD_WORDS = {**forms.LABELS, "price": N_("price"), "alternatives": N_("alternatives"), "journey": N_("journey"),
               "count as written": N_("count as written")}
"""Row labels of a draft's suggested fields."""
QUOTE_CSS = ("font-family:'Noto Naskh Arabic','Noto Sans Arabic',serif;font-size:1.05rem;line-height:1.9;"
             "border-right:4px solid #c27c0e;padding:.2rem .7rem;background:#faf7f2")
NOTES_CSS = "font-size:.85rem;color:#4a4a4a;margin:.3rem 0 .6rem"
READER_CSS = """<style>
.reader-text{font-family:'Noto Naskh Arabic','Noto Sans Arabic',serif;font-size:1.1rem;border:1px solid #ddd;
 border-radius:6px;padding:.6rem .9rem;max-height:480px;overflow-y:auto;background:#fff}
</style>"""


@st.cache_resource(show_spinner=False, max_entries=8)
def _rendered_map(places: tuple, _gazetteer, static_url: str) -> folium_component.RenderedMap:
    """One map per set of places as drawn, rendered once: a rerun hands the component the same strings.
    (Rendering the same folium map twice breaks its script: the map went blank after a rerun with
    "geo_json_<id> is not defined".)"""
    return folium_component.render(places_map([p.id for p in places], _gazetteer, static_url=static_url))


def _send_draft(draft: dict, key: str) -> None:
    st.session_state[DRAFT_STATE_KEY] = dict(draft)
    st.session_state[f"{key}-sent"] = draft["id"]    # the form pops DRAFT_STATE_KEY; remember what went


def _reject_draft(draft_id: str, key: str) -> None:
    st.session_state[f"{key}-rejected"] = {*st.session_state.get(f"{key}-rejected", ()), draft_id}


def _restore_drafts(key: str) -> None:
    st.session_state[f"{key}-rejected"] = set()


def _input_css(key: str) -> str:
    """Each pasted paragraph runs in its own direction (Arabic right-to-left, English left-to-right)."""
    return (f"<style>.st-key-{key}-text textarea{{unicode-bidi:plaintext;text-align:start;"
            f"font-family:'Noto Naskh Arabic','Noto Sans Arabic',sans-serif}}</style>")


def render_reader_panel(gazetteer: Gazetteer, *, key: str = "reader", user: str = "") -> Reading | None:
    """The whole panel. ``gazetteer`` may be the gazetteer or ``atlas.catalog.CombinedPlaces`` (then
    the team's own places are found in the text too). Returns the current reading (None before "Read")."""
    st.subheader(_("Read a report"))
    st.caption(_("Paste the text of an Arabic (or English) report. The reader suggests places, dates, counts "
                 "and event drafts; nothing is saved unless you send a draft to the entry form and save it there."))
    st.markdown(_input_css(key), unsafe_allow_html=True)  # static CSS; the key is ours, never user text
    with st.form(f"{key}-form"):
        text = st.text_area(_("Report text"), height=220, key=f"{key}-text", placeholder="الصق نص التقرير هنا")
        outlet_column, url_column = st.columns(2)
        outlet = outlet_column.text_input(_("Outlet"), key=f"{key}-outlet")
        url = url_column.text_input(_("Source URL"), key=f"{key}-url")
        published = st.date_input(_("Publication date (leave empty when the report gives none)"), value=None,
                                  key=f"{key}-published", min_value=dt.date(1990, 1, 1),
                                  max_value=dt.date(2100, 12, 31), format="YYYY-MM-DD")
        submitted = st.form_submit_button(_("Read"))
    if submitted and not text.strip():
        st.warning(_("Paste the text of a report first."))
    elif submitted:
        try:
            st.session_state[f"{key}-reading"] = read_report(
                text, publication_date=published, outlet=outlet, url=url, user=user,
                gazetteer=gazetteer)
        except ReaderError as error:
            st.error(plain(t().error(error)))
    reading: Reading | None = st.session_state.get(f"{key}-reading")
    if reading is None or not reading.text.strip():
        return reading
    if reading.publication_date is None:
        st.info(_("No publication date: relative dates (أمس، فجر الخميس، الشهر الماضي …) are shown but left open."))
    # st.html, not st.markdown: pasted text is never read as Markdown (a blank line would end the HTML block
    # and let "![](http://...)" in the report fetch an image); highlight_html escapes every piece of it.
    st.html(READER_CSS + f'<div style="font-size:.85rem;margin-bottom:.3rem">{legend_html()}</div>'
            + highlight_html(reading, gazetteer))
    _render_places(reading, gazetteer, key)
    _render_findings(reading)
    _render_drafts(reading, gazetteer, key)
    return reading


def _render_places(reading: Reading, gazetteer: Gazetteer, key: str) -> None:
    st.markdown("**" + _("Places found ({count})").format(count=t().digits(len(reading.place_ids()))) + "**")
    if not reading.places:
        st.caption(_("No gazetteer place is named in the text."))
        return
    mentions: dict[str, list[str]] = {}
    for mention in reading.places:
        mentions.setdefault(mention.place_id, []).append(mention.text)
    rows = []
    for place_id, texts in mentions.items():
        place = gazetteer.get(place_id)
        others = {c for m in reading.places if m.place_id == place_id for c in m.candidates} - {place_id}
        rows.append({_("place"): place_name(place, place_id),
                     _("other name"): (place.name_en if t().language == "ar" else place.name_ar) if place else "",
                     _("kind"): w(place.kind) if place else "", _("precision"): w(place.precision) if place else "",
                     _("id"): place_id, _("mentions"): len(texts), _("as written"): " · ".join(dict.fromkeys(texts)),
                     _("could also be"): ", ".join(sorted(others))})
    table_column, map_column = st.columns([3, 2])
    table_column.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key=f"{key}-places")
    with map_column:
        drawn = tuple(p for p in (gazetteer.get(pid) for pid in mentions) if p is not None)
        rendered = _rendered_map(drawn, gazetteer, ui.app_settings()["ATLAS_STATIC_URL"])
        folium_component.show(rendered, rendered.script, f"{key}-map", height=MAP_HEIGHT, returned_objects=[],
                              on_change=lambda _component_key: None)


def _render_findings(reading: Reading) -> None:
    dates_column, counts_column = st.columns(2)
    with dates_column:
        st.markdown("**" + _("Dates ({count})").format(count=t().digits(len(reading.dates))) + "**")
        if reading.dates:
            st.dataframe(pd.DataFrame([{
                _("as written"): d.text,
                _("window"): ("" if not d.is_resolved else t().day(d.date_start) if d.date_start == d.date_end
                              else f"{t().day(d.date_start)} – {t().day(d.date_end)}"),
                _("precision"): w(d.precision), _("how"): d.basis} for d in reading.dates]),
                hide_index=True, width="stretch")
        else:
            st.caption(_("No date expressions found."))
    with counts_column:
        st.markdown("**" + _("Counts and amounts ({count})").format(
            count=t().digits(len(reading.counts) + len(reading.amounts))) + "**")
        rows = [{_("as written"): c.text, _("figure"): figure(c.minimum, c.maximum),
                 _("unit"): w(c.unit) if c.unit else _("(unknown)"), _("approximate"): c.approximate}
                for c in reading.counts]
        rows += [{_("as written"): a.text, _("figure"): figure(a.minimum, a.maximum, thousands=True),
                  _("unit"): _("USD per person") if a.per_person else "USD", _("approximate"): a.approximate}
                 for a in reading.amounts]
        if rows:
            st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        else:
            st.caption(_("No counts of people or dollar amounts found."))


def _render_drafts(reading: Reading, gazetteer: Gazetteer, key: str) -> None:
    st.markdown("**" + _("Event drafts ({count})").format(count=t().digits(len(reading.drafts))) + "**")
    if not reading.drafts:
        st.caption(_("No sentence both names a place and says someone moved."))
        return
    if not (reading.drafts[0]["url"] or reading.drafts[0]["seed"]):
        st.caption(_("Add the source URL in the form: a saved event cites its URL or seed file."))
    sent = st.session_state.get(f"{key}-sent")
    rejected = st.session_state.get(f"{key}-rejected", set())
    details = reading.details or tuple(None for _draft in reading.drafts)
    for index, (draft, detail) in enumerate(zip(reading.drafts, details)):
        if draft["id"] in rejected:
            continue
        with st.expander(plain(draft["summary_en"]), expanded=index == 0):
            if detail is not None and detail.sentences:
                # the sentences the draft rests on, with what the reader found marked; escaped in sentences_html
                st.html(f'<div style="{QUOTE_CSS}">{sentences_html(reading, detail.sentences, gazetteer)}</div>')
            else:
                st.html(f'<div dir="rtl" lang="ar" style="{QUOTE_CSS}">{html.escape(draft["quote_ar"])}</div>')
            shown = {field: draft[field] for field in (
                "event_type", "outcome", "origin", "via", "destination", "location", "date_start", "date_end",
                "date_precision", "date_relative", "count_min", "count_max", "count_unit", "paid_usd_min",
                "paid_usd_max", "names") if draft[field] not in ("", None)}
            for role in PLACE_ROLES:
                if shown.get(role):
                    place = gazetteer.get(shown[role])
                    shown[role] = f"{place_name(place)} ({shown[role]})" if place else shown[role]
            if detail is not None:
                shown.update(_detail_fields(detail, gazetteer))
            words = {"event_type", "outcome", "date_precision", "count_unit"}
            st.dataframe(pd.DataFrame({_("field"): [_(FIELD_WORDS.get(f, f)) for f in shown],
                                       _("suggested"): [w(v) if f in words else str(v) for f, v in shown.items()]}),
                         hide_index=True, width="stretch", key=f"{key}-fields-{index}")
            # the notes say where a borrowed origin or destination came from: the analyst must see it
            st.html(f'<div class="reader-notes" dir="auto" style="{NOTES_CSS}">{html.escape(draft["notes"])}</div>')
            accept_column, reject_column = st.columns(2)
            accept_column.button(_("Send to the entry form"), key=f"{key}-send-{index}", on_click=_send_draft,
                                 args=(draft, key),
                                 help=_("Prefills the sidebar form with every field; you edit and save it there. "
                                        "Nothing is saved now."))
            reject_column.button(_("Reject"), key=f"{key}-reject-{index}", on_click=_reject_draft,
                                 args=(draft["id"], key), help=_("Hides this draft. Nothing is saved either way."))
            if sent == draft["id"]:
                st.success(_("Sent to the entry form in the sidebar. Review it there; nothing has been saved."))
    hidden = sum(1 for d in reading.drafts if d["id"] in rejected)
    if hidden:
        st.caption(t().ngettext("{count} draft rejected.", "{count} drafts rejected.", hidden).format(
            count=t().digits(hidden)))
        st.button(_("Show the rejected drafts again"), key=f"{key}-restore", on_click=_restore_drafts, args=(key,))


def _detail_fields(detail, gazetteer: Gazetteer) -> dict:
    """What the draft knows beyond the record's fields (it is also in the notes the form receives)."""
    def label(place_id: str) -> str:
        place = gazetteer.get(place_id)
        return place_name(place) if place else place_id
    found = {}
    if detail.per_person:
        found["price"] = _("per person")
    if detail.alternatives:
        found["alternatives"] = ", ".join(label(p) for p in detail.alternatives)
    if detail.legs:
        found["journey"] = (" ← " if t().direction == "rtl" else " → ").join(label(p) for p in detail.legs)
    if detail.count is not None and detail.count.text:
        found["count as written"] = detail.count.text
    return found

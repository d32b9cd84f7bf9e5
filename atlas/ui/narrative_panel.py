"""Streamlit panel: briefing narratives. Build one from the dashboard ("add this view as a step"), edit, reorder
and delete steps, play it step by step (buttons, or the keyboard's left and right arrows) with the map moving to
each step's view, save it to the team store or as JSON, and export it as a slide deck.

A step's view is the address of the view (atlas.ui.view_state), so playing a step puts its view in the address
with ``narrative`` and ``step``: :func:`apply_address` (called before ``view_state.read_address``) turns an
address naming a narrative and step into that step's view, so a link opens the same step. The logic is
atlas.narratives and atlas.deck; this module only draws.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re

import streamlit as st

from atlas import settings, ui
from atlas.deck import DeckError, build_deck, render
from atlas.exc import AtlasError
from atlas.i18n import translator
from atlas.narratives import Citation, Narrative, NarrativeError, Step, pinned, stale_citations
from atlas.snapshot import SnapshotError
from atlas.ui import view_state
from atlas.ui.text import isolated, plain
from events.exc import EventsError
from events.filters import EventFilter

PARAMS = ("narrative", "step")


def _usable(store):
    """The team store when it works (as atlas.ui.catalog found it this run), else None: narratives then live in
    this session and in files only, and the one warning of the page says what is wrong."""
    if store is None:
        return None
    try:
        return store if ui.store_problem(store) is None else None
    except Exception:  # noqa: BLE001 - a failing store must not cost the page; the catalog warned already
        return None


def _state(key: str) -> dict:
    """This session's narrative work: the narrative, its stored version, the step shown, the widgets' revision."""
    return st.session_state.setdefault(f"{key}-state", {"narrative": None, "version": None, "playing": None,
                                                        "applied": None, "revision": 0, "deck": None,
                                                        "error": ""})


def current(key: str = "narrative") -> Narrative | None:
    return _state(key)["narrative"]


def _set(key: str, narrative: Narrative | None, *, version=None, structural: bool = True, keep_version=False) -> None:
    state = _state(key)
    state["narrative"] = narrative
    if not keep_version:
        state["version"] = version
    state["deck"] = None
    if structural:
        state["revision"] += 1


def _step_address(narrative: Narrative, number: int) -> dict[str, str]:
    return {**narrative.steps[number - 1].params, "narrative": narrative.id, "step": str(number)}


def _go(key: str, number: int) -> None:
    """Show step ``number`` (1-based): its view goes into the address, read back before the widgets draw."""
    narrative = current(key)
    if narrative is None or not narrative.steps:
        return
    number = min(max(number, 1), len(narrative.steps))
    _state(key)["playing"] = number
    st.query_params.from_dict(_step_address(narrative, number))


def _stop(key: str) -> None:
    state = _state(key)
    state["playing"] = state["applied"] = None
    st.query_params.from_dict({k: v for k, v in st.query_params.to_dict().items() if k not in PARAMS})


def apply_address(store, *, key: str = "narrative") -> None:
    """Before ``view_state.read_address``: an address naming a narrative (this session's, else the team
    store's) and a step not shown yet gets that step's view. An unknown narrative is named in a notice."""
    state, store = _state(key), _usable(store)
    params = st.query_params.to_dict()
    wanted = params.get("narrative")
    if not wanted:
        state["playing"] = state["applied"] = None
        return
    narrative = current(key)
    if narrative is None or narrative.id != wanted:
        stored = None
        try:
            stored = store.get_narrative(wanted) if store is not None else None
        except (AtlasError, EventsError):
            stored = None
        if stored is None:
            state["error"] = f"narrative: {wanted[:64]!r} is not a narrative of this team store"
            _stop(key)
            return
        _set(key, stored.narrative, version=stored.version)
        narrative = stored.narrative
    if not narrative.steps:
        return
    try:
        number = min(max(int(params.get("step", "1")), 1), len(narrative.steps))
    except ValueError:
        number = 1
    shown = (narrative.id, number, narrative.steps[number - 1])
    state["playing"] = number
    if state["applied"] != shown:
        state["applied"] = shown
        st.query_params.from_dict(_step_address(narrative, number))


def address_extra(key: str = "narrative") -> dict[str, str]:
    """The narrative and step being played, for ``view_state.write_address`` to keep in the address."""
    state = _state(key)
    narrative, playing = state["narrative"], state["playing"]
    if narrative is None or not playing:
        return {}
    return {"narrative": narrative.id, "step": str(playing)}


# -- the player, over the map ---------------------------------------------------------------------------

def render_player(*, key: str = "narrative", language: str = "en") -> None:
    """While a narrative plays: its title, the step's title and caption, previous / next (arrow keys too)."""
    _ = translator(language).gettext
    state = _state(key)
    narrative, number = state["narrative"], state["playing"]
    if state.get("error"):
        st.info(plain(state["error"]), icon=":material/link_off:")
        state["error"] = ""
    if narrative is None or not number or not narrative.steps:
        return
    step = narrative.steps[number - 1]
    with st.container(border=True, key=f"{key}-player"):
        back, middle, forward, stop = st.columns([2, 7, 2, 1.3])
        back.button(_("◀ previous"), key=f"{key}-previous", on_click=_go, args=(key, number - 1),
                    disabled=number <= 1, shortcut="Left", help=_("Previous step (left arrow)"))
        forward.button(_("next ▶"), key=f"{key}-next", on_click=_go, args=(key, number + 1),
                       disabled=number >= len(narrative.steps), shortcut="Right", help=_("Next step (right arrow)"))
        stop.button(_("Stop"), key=f"{key}-stop", on_click=_stop, args=(key,))
        lang, title = step.title_in(narrative.language)
        caption_lang, caption = step.caption_in(lang or narrative.language)
        with middle:
            st.markdown(f"**{isolated(narrative.title_in()[1])}** · "
                        + _("step {n} of {total}").format(n=number, total=len(narrative.steps))
                        + f": **{isolated(title)}**")
            if caption:
                st.caption(isolated(caption))


# -- the editor -----------------------------------------------------------------------------------------

def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:48]
    return slug or "narrative"


def _add_step(key: str, span, events, selected: list[str]) -> None:
    state = _state(key)
    params = view_state.address_of(st.session_state, span=span, map_view=st.session_state.get("map-moved"))
    number = len(current(key).steps) + 1 if current(key) else 1
    step = Step(title={"en": f"Step {number}"}, view=params, cite=tuple(selected))
    narrative = current(key) or Narrative(id=f"briefing-{dt.date.today().isoformat()}", title={"en": "Briefing"})
    _set(key, pinned(narrative.with_step(step), events), keep_version=True)
    state["playing"] = None


def _edit_step(key: str, index: int, field: str, language: str, widget: str, events) -> None:
    narrative = current(key)
    step = narrative.steps[index]
    value = st.session_state.get(widget)
    try:
        if field == "cite":
            step = pinned(Narrative(id="x", title="x", steps=(dataclasses.replace(
                step, cite=tuple(Citation(i) for i in value or ())),)), events).steps[0]
        else:
            texts = dict(getattr(step, field))
            texts[language] = value or ""
            step = dataclasses.replace(step, **{field: {k: v for k, v in texts.items() if v.strip()}})
    except NarrativeError as error:
        _state(key)["error"] = str(error)
        return
    _set(key, narrative.with_changed_step(index, step), structural=False, keep_version=True)


def _edit_narrative(key: str, field: str, widget: str) -> None:
    narrative = current(key)
    value = st.session_state.get(widget) or ""
    try:
        if field in ("en", "ar"):
            texts = {**dict(narrative.title), field: value}
            narrative = dataclasses.replace(narrative, title={k: v for k, v in texts.items() if v.strip()})
        elif field == "id":
            narrative = dataclasses.replace(narrative, id=_slug(value))
        else:
            narrative = dataclasses.replace(narrative, **{field: value})
    except NarrativeError as error:
        _state(key)["error"] = str(error)
        return
    _set(key, narrative, structural=False, keep_version=True)


def _structural(key: str, change) -> None:
    narrative = current(key)
    try:
        _set(key, change(narrative), keep_version=True)
    except NarrativeError as error:
        _state(key)["error"] = str(error)
    _state(key)["playing"] = None


def _load_file(key: str, widget: str) -> None:
    upload = st.session_state.get(widget)
    if upload is None:
        return
    try:
        narrative = Narrative.loads(upload.getvalue().decode("utf-8"))
    except UnicodeDecodeError:
        _state(key)["error"] = f"{upload.name}: not UTF-8 text"
        return
    except NarrativeError as error:
        _state(key)["error"] = f"{upload.name}: {error}"
        return
    _set(key, narrative)


def _load_stored(key: str, store, widget: str) -> None:
    chosen = st.session_state.get(widget)
    if not chosen:
        return
    stored = store.get_narrative(chosen)
    if stored is not None:
        _set(key, stored.narrative, version=stored.version)


def _save(key: str, store, user: str) -> None:
    state = _state(key)
    try:
        stored = store.save_narrative(current(key), user, expected_version=state["version"])
    except (AtlasError, EventsError) as error:
        state["error"] = str(error)
        return
    state["version"] = stored.version


def _review(key: str, store, user: str, status: str, allow_self_review: bool) -> None:
    state = _state(key)
    try:
        stored = store.set_narrative_status(current(key).id, status, user, expected_version=state["version"],
                                            allow_self_review=allow_self_review)
    except (AtlasError, EventsError) as error:
        state["error"] = str(error)
        return
    state["version"] = stored.version


def _make_deck(key: str, kind: str, events, places, include_drafts: bool, config) -> None:
    state = _state(key)
    try:
        deck = build_deck(current(key), events, places, include_drafts=include_drafts,
                          refuse_stale=config["ATLAS_DECK_REFUSE_STALE"], chromium=config["ATLAS_CHROMIUM"],
                          static_url=config["ATLAS_STATIC_URL"])
        state["deck"] = (kind, render(deck, kind, chromium=config["ATLAS_CHROMIUM"]))
    except (DeckError, SnapshotError, AtlasError, EventsError) as error:
        state["error"] = str(error)
        state["deck"] = None


def retracted_events(stored) -> list:
    """The retracted team events of ``stored`` (``ui.stored_events``' lookup), which a step may still cite: taken
    from its columns, so only these become ``Event`` objects (one lookup per stored event took seconds at 100,000)."""
    return stored.table.take(stored.table.mask(EventFilter(statuses=("retracted",)))).events()


def render_narrative_panel(events, places, *, span, store=None, editor: str | None = None, key: str = "narrative",
                           config: settings.Settings | None = None, language: str = "en") -> None:
    """The narrative editor. ``events``: every event of the catalogue (a step's citations choose among them);
    ``editor``: who saves and reviews (None: a reader, who may still build, play and export a narrative)."""
    _ = translator(language).gettext
    config = config or ui.app_settings()
    state, store = _state(key), _usable(store)
    events = list(events)
    known = events
    if store is not None:
        try:
            by_id, _labels = ui.stored_events(store)
            known = events + retracted_events(by_id)
        except (AtlasError, EventsError):
            pass
    if state.get("error"):
        st.error(plain(state["error"]))
        state["error"] = ""
    selected = view_state.address_of(st.session_state, span=span, map_view=None).get("event")
    top = st.columns([2, 2, 3])
    top[0].button(_("Add this view as a step"), key=f"{key}-add", on_click=_add_step,
                  args=(key, span, known, [selected] if selected else []), icon=":material/add_photo_alternate:",
                  help=_("The filters, date window, map view, centre and zoom, language and selected event"))
    with top[1]:   # the file box only when asked for: the page's one upload box otherwise is the editors' import
        if st.toggle(_("Open a narrative file (JSON)"), key=f"{key}-open-file"):
            st.file_uploader(_("Narrative file"), type=["json"], key=f"{key}-upload", on_change=_load_file,
                             args=(key, f"{key}-upload"))
    stored_list = []
    if store is not None:
        try:
            stored_list = store.list_narratives()
        except (AtlasError, EventsError) as error:
            st.caption(plain(error))
    if stored_list:
        top[2].selectbox(_("Open from the team store"), [""] + [s.narrative.id for s in stored_list],
                         key=f"{key}-stored", on_change=_load_stored, args=(key, store, f"{key}-stored"),
                         format_func=lambda i: next((f"{s.narrative.title_in()[1]} [{s.status}, v{s.version}]"
                                                     for s in stored_list if s.narrative.id == i), "—"))
    narrative = current(key)
    if narrative is None:
        st.caption(_("No narrative yet: set up a view of the map and add it as the first step."))
        return
    revision = state["revision"]
    ident, title_en, title_ar = st.columns([2, 3, 3])
    ident.text_input(_("Name in the address"), value=narrative.id, key=f"{key}-id-{revision}",
                     on_change=_edit_narrative, args=(key, "id", f"{key}-id-{revision}"), max_chars=64)
    for column, lang, label in ((title_en, "en", _("Title (English)")), (title_ar, "ar", _("Title (Arabic)"))):
        column.text_input(label, value=dict(narrative.title).get(lang, ""), key=f"{key}-title-{lang}-{revision}",
                          on_change=_edit_narrative, args=(key, lang, f"{key}-title-{lang}-{revision}"), max_chars=200)
    st.radio(_("Slides and player in"), ("en", "ar"), index=("en", "ar").index(narrative.language), horizontal=True,
             format_func={"en": "English", "ar": "العربية"}.get, key=f"{key}-language-{revision}",
             on_change=_edit_narrative, args=(key, "language", f"{key}-language-{revision}"),
             help=_("The titles and captions the slides show (Arabic slides run right to left)"))
    stale = {(s.step, s.event_id): s for s in stale_citations(narrative, known)}
    ids = [e.id for e in events]
    for index, step in enumerate(narrative.steps):
        number = index + 1
        flagged = [s for (n, _id), s in stale.items() if n == number]
        label = f"{number}. {step.title_in(narrative.language)[1]}" + (" ⚠" if flagged else "")
        with st.expander(label, expanded=number == len(narrative.steps)):
            for problem in flagged:
                st.warning(plain(problem), icon=":material/warning:")
            st.caption(_("View: {view}").format(view=plain(", ".join(f"{k}={v}" for k, v in step.view) or "default")))
            columns = st.columns(2)
            for column, lang in zip(columns, ("en", "ar")):
                widget = f"{key}-s{index}-title-{lang}-{revision}"
                column.text_input(_("Title ({lang})").format(lang=lang), value=dict(step.title).get(lang, ""),
                                  key=widget, max_chars=200, on_change=_edit_step,
                                  args=(key, index, "title", lang, widget, known))
                widget = f"{key}-s{index}-caption-{lang}-{revision}"
                column.text_area(_("Caption ({lang})").format(lang=lang), value=dict(step.caption).get(lang, ""),
                                 key=widget, max_chars=2000, on_change=_edit_step,
                                 args=(key, index, "caption", lang, widget, known))
            widget = f"{key}-s{index}-cite-{revision}"
            st.multiselect(_("Events cited"), sorted(set(ids) | set(step.cited_ids)), default=list(step.cited_ids),
                           key=widget, on_change=_edit_step, args=(key, index, "cite", "", widget, known))
            show, up, down, delete = st.columns(4)
            show.button(_("Show"), key=f"{key}-s{index}-show-{revision}", on_click=_go, args=(key, number))
            up.button(_("Move up"), key=f"{key}-s{index}-up-{revision}", disabled=index == 0, on_click=_structural,
                      args=(key, lambda n, i=index: n.moved(i, -1)))
            down.button(_("Move down"), key=f"{key}-s{index}-down-{revision}",
                        disabled=index == len(narrative.steps) - 1, on_click=_structural,
                        args=(key, lambda n, i=index: n.moved(i, 1)))
            delete.button(_("Delete"), key=f"{key}-s{index}-delete-{revision}", on_click=_structural,
                          args=(key, lambda n, i=index: n.without_step(i)))
    if not narrative.steps:
        return
    play, save_json, save_store, review = st.columns(4)
    play.button(_("▶ Play from step 1"), key=f"{key}-play", on_click=_go, args=(key, 1))
    save_json.download_button(_("Save as JSON"), data=narrative.dumps().encode("utf-8"),
                              file_name=f"{narrative.id}.json", mime="application/json", key=f"{key}-json",
                              on_click="ignore", icon=":material/download:")
    if editor is not None and store is not None:
        save_store.button(_("Save to the team store"), key=f"{key}-save", on_click=_save, args=(key, store, editor))
        if state["version"]:
            stored = store.get_narrative(narrative.id)
            if stored is not None:
                allow = bool(config["ATLAS_ALLOW_SELF_REVIEW"])
                review.caption(_("Stored: version {v}, {status}").format(v=stored.version, status=stored.status))
                target = "reviewed" if stored.status == "draft" else "draft"
                review.button(_("Mark reviewed") if target == "reviewed" else _("Back to draft"),
                              key=f"{key}-review", on_click=_review, args=(key, store, editor, target, allow))
    include_drafts = st.toggle(_("Include unreviewed drafts in the slides"), value=False, key=f"{key}-drafts")
    pptx, pdf = st.columns(2)
    pptx.button(_("Make slides (PPTX)"), key=f"{key}-make-pptx", on_click=_make_deck,
                args=(key, "pptx", known, places, include_drafts, config))
    pdf.button(_("Make slides (PDF)"), key=f"{key}-make-pdf", on_click=_make_deck,
               args=(key, "pdf", known, places, include_drafts, config))
    if state["deck"] is not None:
        kind, data = state["deck"]
        mime = {"pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                "pdf": "application/pdf"}[kind]
        st.download_button(_("Download the slides ({kind})").format(kind=kind.upper()), data=data,
                           file_name=f"{narrative.id}.{kind}", mime=mime, key=f"{key}-deck-download",
                           on_click="ignore", icon=":material/download:")

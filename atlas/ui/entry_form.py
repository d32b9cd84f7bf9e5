"""Streamlit sidebar: the team's event entry form (the editors' review below it is atlas.ui.review_panel).

All checks live in :mod:`atlas.forms`; every database call goes through :class:`atlas.store.EventStore`.
Every widget has a ``key=`` under ``entry_`` and keeps its value for the whole session, so a
validation error, a busy database or a collapsed section never loses what was typed. User text is
shown only as escaped Markdown or inside tables (which render text, never HTML).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Mapping

import pandas as pd
import streamlit as st

from atlas import forms, settings, ui
from atlas.auth import READ_ONLY, UNVERIFIED, auth_mode, can_edit, is_logged_in, user_label
from atlas.catalog import CombinedPlaces, all_events
from atlas.exc import AtlasError, AuthConfigError, StoreError
from atlas.form_places import CLICK_KINDS, CLICK_PRECISIONS
from atlas.i18n import N_
from atlas.store import EventStore, new_team_id
from atlas.ui.form_state import (
    FORM_OPEN,
    PREFIX,
    STATE,
    form_values,
    reset_form,
    set_sources,
    sources_editor_key,
    store_error_beside_form,
)
from atlas.ui.language import _, t, w, words
from atlas.ui.reader_panel import DRAFT_STATE_KEY as READER_DRAFT_KEY
from atlas.ui.review_panel import render_review_panel
from atlas.ui.text import isolated, plain
from events import limits
from events.exc import EventsError
from events.sources import SOURCE_FIELDS
from events.vocabulary import COUNT_UNITS, PLACE_ROLES, SOURCE_STANCES

EARLIEST_DATE = dt.date(1990, 1, 1)

RTL_CSS = """
<style>
.st-key-entry_quote_ar textarea, .st-key-entry_new_place_name_ar input { direction: rtl; text-align: right; }
.st-key-entry_names textarea, .st-key-entry_actors textarea, .st-key-entry_outlet input,
.st-key-entry_cited_outlet input { unicode-bidi: plaintext; }
</style>
"""


open_store = ui.event_store   # the app's one EventStore (kept under this name for callers of the form)


def set_map_click(lat: float, lon: float) -> bool:
    """Take the point last clicked on the map as the position of a place not in the gazetteer.

    Call it before :func:`render_entry_form` in the same run (or rerun after it). Returns True when
    the point changed.
    """
    point = (float(lat), float(lon))
    if (st.session_state.get(f"{PREFIX}new_place_lat"), st.session_state.get(f"{PREFIX}new_place_lon")) == point:
        return False
    st.session_state[f"{PREFIX}new_place_lat"], st.session_state[f"{PREFIX}new_place_lon"] = point
    return True


def map_click_from_state(map_key: str) -> tuple[float, float] | None:
    """The last point clicked on the st_folium map keyed ``map_key`` (its value in session state)."""
    value = st.session_state.get(map_key)
    clicked = value.get("last_clicked") if isinstance(value, Mapping) else None
    if isinstance(clicked, Mapping) and clicked.get("lat") is not None and clicked.get("lng") is not None:
        return float(clicked["lat"]), float(clicked["lng"])
    return None


def _take_reader_draft() -> None:
    """Prefill the form from a draft the report reader sent (an event record), once."""
    record = st.session_state.pop(READER_DRAFT_KEY, None)
    if not record:
        return
    reset_form()
    for name, value in forms.values_from_record(record).items():
        st.session_state[PREFIX + name] = value
    set_sources(forms.source_records(record.get("sources") or ()))
    st.session_state[FORM_OPEN] = True
    st.session_state[STATE + "errors"] = {}
    st.session_state[STATE + "duplicates"] = []
    st.session_state[STATE + "notice"] = _("Prefilled from the report reader: check every field, add the source, "
                                            "then save.")


def _init_state() -> None:
    for name, default in forms.DEFAULTS.items():
        st.session_state.setdefault(PREFIX + name, default)
    st.session_state.setdefault(STATE + "sources_base", [])
    st.session_state.setdefault(STATE + "event_id", new_team_id())
    st.session_state.setdefault(STATE + "editing", None)
    st.session_state.setdefault(STATE + "errors", {})
    st.session_state.setdefault(STATE + "notice", "")
    st.session_state.setdefault(STATE + "duplicates", [])
    st.session_state.setdefault(STATE + "allow_duplicates", False)


# -- callbacks (run before the script, so they may set widget values) ----------------------------
@store_error_beside_form
def _on_save(store: EventStore, places: CombinedPlaces, user: str) -> None:
    values = form_values()
    editing = st.session_state.get(STATE + "editing")
    if editing:
        errors, notice = _save_edit(store, places, user, values, *editing)
        duplicates = []
    else:
        existing = _existing_events(store)
        result = forms.submit(values, places, store, user=user, event_id=st.session_state[STATE + "event_id"],
                              existing=existing, allow_duplicates=st.session_state.get(STATE + "allow_duplicates"))
        errors, duplicates = dict(result.errors), list(result.duplicates)
        notice = _("Saved {event} as a draft.").format(event=result.saved.id) if result.saved else ""
    st.session_state[STATE + "errors"] = errors
    st.session_state[STATE + "duplicates"] = [] if notice else duplicates
    if notice:
        reset_form()
    st.session_state[STATE + "notice"] = notice


def _save_edit(store, places, user, values, event_id: str, version: int) -> tuple[dict, str]:
    old = store.get_event(event_id)
    if old is None:
        return {forms.FORM_ERROR: _("event {event} is no longer in the store").format(event=event_id)}, ""
    draft = forms.build_draft(values, places, user=old.added_by or user, event_id=event_id, status=old.status)
    if not isinstance(draft, forms.Draft):
        return draft, ""
    try:
        store.update_event(event_id, forms.changes_between(old, draft.event), user, expected_version=version,
                           new_places=draft.new_places)
    except (AtlasError, EventsError) as exc:
        return forms.error_beside_field(exc), ""
    return {}, _("Saved your changes to {event}.").format(event=event_id)


def _existing_events(store: EventStore) -> list:
    try:
        return all_events(store, include_drafts=True)
    except (AtlasError, EventsError):
        return store.list_events(include_drafts=True)


# -- rendering ------------------------------------------------------------------------------------
def _field_error(name: str) -> None:
    message = st.session_state.get(STATE + "errors", {}).get(name)
    if message:
        label = _("Not saved") if name == forms.FORM_ERROR else _(forms.LABELS.get(name, name))
        st.error(f"{label}: {plain(t().message(message))}", icon=":material/error:")


def _field_warning(name: str) -> None:
    """A warning beside the field as it is typed (saving is still allowed)."""
    value = st.session_state.get(PREFIX + name)
    message = forms.warnings({name: value}).get(name) if isinstance(value, str) else None
    if message:
        st.warning(f"{_(forms.LABELS.get(name, name))}: {plain(t().message(message))}", icon=":material/warning:")


def _widget(kind, name: str, **kwargs):
    """One keyed, session-persistent widget with its error (or warning) beside it; text widgets take at
    most the characters events.limits allows (and say so in their help)."""
    if kind in (st.text_input, st.text_area):
        found = forms.widget_limits(name)
        if "max_chars" in found:
            kwargs.setdefault("max_chars", found["max_chars"])
        if found.get("help"):
            kwargs["help"] = " ".join(part for part in (kwargs.get("help"), t().message(found["help"])) if part)
    if kind is st.selectbox and name in forms.OPTIONS and "format_func" not in kwargs:
        kwargs["format_func"] = words()
    value = kind(_(forms.LABELS[name]), key=PREFIX + name, persist_state="session", **kwargs)
    _field_error(name)
    _field_warning(name)
    return value


def _on_place_query(role: str, places: CombinedPlaces) -> None:
    """Typing a name picks its best suggestion (the list below offers the others)."""
    found = places.search(st.session_state.get(f"{PREFIX}{role}_query") or "", limit=1)
    if found:
        st.session_state[PREFIX + role] = found[0].id


def _place_picker(role: str, places: CombinedPlaces) -> None:
    query = st.text_input(_("{field}: search (Arabic or Latin)").format(field=_(forms.LABELS[role])),
                          key=f"{PREFIX}{role}_query", persist_state="session",
                          placeholder=_("e.g. الحجر الأسود or Hajar"),
                          on_change=_on_place_query, args=(role, places))
    current = st.session_state.get(PREFIX + role) or ""
    options = [""] + [p.id for p in places.search(query, limit=8)]
    if current and current not in options:
        options.insert(1, current)
    options.append(forms.NEW_PLACE)

    word, none, new, unknown = (words(), _("(none)"),
                                      _("Not in the gazetteer: the point I click on the map"), _("{place} (unknown)"))
    comma, arabic = ("، ", True) if t().direction == "rtl" else (", ", False)

    def label(place_id: str) -> str:     # (bound to this run's language: see atlas.ui.language.words)
        if not place_id:
            return none
        if place_id == forms.NEW_PLACE:
            return new
        place = places.get(place_id)
        if place is None:
            return unknown.format(place=place_id)
        names = (" / ".join(dict.fromkeys(n for n in (place.name_ar, place.name_en) if n)) if arabic
                 else place.label())
        return f"{names} ({word(place.kind)}{comma}{word(place.precision)})"

    _widget(st.selectbox, role, options=options, format_func=label)


def _new_place_section() -> None:
    lat = st.session_state.get(PREFIX + "new_place_lat")
    lon = st.session_state.get(PREFIX + "new_place_lon")
    st.markdown("**" + _("New place") + "** " + _("(click the map to set its point)"))
    st.caption(_("Point: {lat}, {lon}").format(lat=t().digits(f"{lat:.5f}"), lon=t().digits(f"{lon:.5f}"))
               if lat is not None and lon is not None else _("Point: not clicked yet"))
    _field_error("new_place_lat")
    _widget(st.text_input, "new_place_name_en")
    _widget(st.text_input, "new_place_name_ar")
    _widget(st.selectbox, "new_place_kind", options=CLICK_KINDS)
    _widget(st.selectbox, "new_place_precision", options=CLICK_PRECISIONS,
            help=_("How well do you know where it is? A click is never exact."))
    _widget(st.text_input, "new_place_uncertainty_m", help=_("How far off the point may be, in metres."))


def _section(title: str, names: tuple[str, ...]):
    """A collapsible group of optional fields, opened when one of them has an error."""
    errors = st.session_state.get(STATE + "errors", {})
    return st.expander(_(title), expanded=any(name in errors for name in names))


def _entry_widgets(places: CombinedPlaces) -> None:
    _widget(st.selectbox, "event_type", options=forms.OPTIONS["event_type"])
    _widget(st.selectbox, "outcome", options=forms.OPTIONS["outcome"])
    st.markdown("**" + _("When") + "**")
    today = dt.date.today()
    _widget(st.date_input, "date_start", min_value=EARLIEST_DATE, max_value=today, format="YYYY-MM-DD")
    _widget(st.date_input, "date_end", min_value=EARLIEST_DATE, max_value=today, format="YYYY-MM-DD")
    _widget(st.selectbox, "date_precision", options=forms.OPTIONS["date_precision"],
            help=_("day / week / month / year: the widest the window may be. 'unknown': no dates."))
    with _section(N_("How the date was read"), ("date_relative", "date_basis")):
        _widget(st.text_input, "date_relative", placeholder=_("e.g. فجر الخميس"))
        _widget(st.text_input, "date_basis")
    st.markdown("**" + _("Where") + "**")
    for role in PLACE_ROLES:
        _place_picker(role, places)
    if any(st.session_state.get(PREFIX + role) == forms.NEW_PLACE for role in PLACE_ROLES):
        _new_place_section()
    st.markdown("**" + _("How many") + "**")
    _widget(st.text_input, "count_min")
    _widget(st.text_input, "count_max", help=_("Leave empty for 'at least'; equal to the minimum for an exact figure."))
    _widget(st.selectbox, "count_unit", options=forms.OPTIONS["count_unit"],
            format_func=lambda unit, word=words(), none=_("(no count)"): word(unit) if unit else none)
    with _section(N_("Money, names, actors"), ("paid_usd_min", "paid_usd_max", "names", "actors")):
        _widget(st.text_input, "paid_usd_min")
        _widget(st.text_input, "paid_usd_max")
        _widget(st.text_area, "names", height=68)
        _widget(st.text_area, "actors", height=68)
    st.markdown("**" + _("Source") + "**")
    _widget(st.text_input, "outlet")
    _widget(st.text_input, "cited_outlet")
    _widget(st.text_input, "url", placeholder="https://...")
    _widget(st.text_input, "seed", help=_("For reports kept in seeds/: the file name. Otherwise give the URL."))
    _widget(st.text_area, "quote_ar")
    _widget(st.text_area, "summary_en")
    with _section(N_("Further sources (other reports of this event)"), ("sources",)):
        _sources_editor()
    _widget(st.selectbox, "confidence", options=forms.OPTIONS["confidence"])
    with _section(N_("Dispute, related events, notes"), ("disputed", "dispute_note", "related", "notes")):
        _widget(st.checkbox, "disputed")
        _widget(st.text_input, "dispute_note")
        _widget(st.text_area, "related", height=68)
        _widget(st.text_area, "notes", height=68)


def _sources_editor() -> None:
    """Other reports of the event, one row each: the outlet above is the first source. Rows can be added and
    deleted; a figure that differs from the event's stays with its source (shown side by side in Details)."""
    st.caption(_("The outlet above is the first source. Add a row for each other report: it confirms, denies or "
                 "carries a claim; give the count or date it states when it differs."))
    base = pd.DataFrame(st.session_state.get(STATE + "sources_base") or [],
                        columns=list(dict.fromkeys([*forms.SOURCE_EDITOR_COLUMNS, *SOURCE_FIELDS])))
    titles = {"outlet": _("outlet"), "published": _("published"), "quote": _("quote"), "url": _("URL"),
              "cited_outlet": _("cited outlet"), "note": _("note")}
    text = {name: st.column_config.TextColumn(titles[name], max_chars=limits.max_chars(name))
            for name in ("outlet", "published", "quote", "url", "cited_outlet", "note")}
    st.data_editor(base.astype(object), key=sources_editor_key(), num_rows="dynamic", hide_index=True,
                   column_order=forms.SOURCE_EDITOR_COLUMNS, width="stretch",
                   column_config={**text,
                                  "stance": st.column_config.SelectboxColumn(_("stance"), options=SOURCE_STANCES),
                                  "count_unit": st.column_config.SelectboxColumn(_("count unit"), options=COUNT_UNITS),
                                  "count_min": st.column_config.NumberColumn(_("count, at least"), min_value=0,
                                                                             step=1),
                                  "count_max": st.column_config.NumberColumn(_("count, at most"), min_value=0, step=1)})
    _field_error("sources")


def _duplicates_warning() -> None:
    duplicates = st.session_state.get(STATE + "duplicates") or []
    if not duplicates:
        return
    lines = "\n".join(f"- {plain(e.id)} ({plain(w(e.status))}): {isolated(e.summary_en)}" for e in duplicates)
    st.warning(t().ngettext("Possible duplicate of {count} event with the same dates, places and counts:",
                            "Possible duplicate of {count} events with the same dates, places and counts:",
                            len(duplicates)).format(count=t().digits(len(duplicates))) + f"\n\n{lines}")
    st.checkbox(_("It is a different event: save it anyway"), key=STATE + "allow_duplicates")


@dataclass(frozen=True)
class PreparedForm:
    """The form's state for this run, read before anything is drawn: the preview the map shows, and what
    :func:`draw_entry_form` needs. Preparing and drawing apart lets the dashboard draw the map (with the preview)
    before the form's few dozen sidebar widgets, so a filter change does not wait for them."""

    draft: forms.Draft | None = None
    problem: str = ""                   # settings nobody may write under: the form is off, this says why
    may_edit: bool = False
    store_problem: StoreError | None = None
    store: EventStore | None = None
    places: CombinedPlaces | None = None
    user_info: Mapping[str, Any] | None = None
    auth: Mapping[str, Any] | None = None
    config: settings.Settings | None = None
    user: str = ""


def render_entry_form(store: EventStore | None, gazetteer, *, map_key: str | None = None,
                      user_info: Mapping[str, Any] | None = None,
                      auth: Mapping[str, Any] | None = None,
                      config: settings.Settings | None = None) -> forms.Draft | None:
    """The sidebar form (for those who may edit). Returns the valid preview for the map, or None.
    ``config``: the app's settings for this run (resolved here when not given).

    ``gazetteer`` is the gazetteer or a CombinedPlaces; ``map_key`` is the key of the st_folium map
    whose last click places a point that is not in the gazetteer (read at the start of each run,
    so the click shows at once). When the team store cannot take changes (``store`` None: it cannot
    even be set up), the form and the review panel are off and the reason shows in their place.
    """
    form = prepare_entry_form(store, gazetteer, map_key=map_key, user_info=user_info, auth=auth, config=config)
    draw_entry_form(form)
    return form.draft


def prepare_entry_form(store: EventStore | None, gazetteer, *, map_key: str | None = None,
                       user_info: Mapping[str, Any] | None = None, auth: Mapping[str, Any] | None = None,
                       config: settings.Settings | None = None) -> PreparedForm:
    """Everything :func:`render_entry_form` does before drawing: the map's click taken, the state set up, a
    reader's draft taken over, the store checked, and the preview built from the values in session state
    (each widget's value is there before the run; the widgets drawn later show the same values)."""
    user_info, auth = ui.visitor(user_info, auth)
    if isinstance(gazetteer, CombinedPlaces):
        gazetteer = gazetteer.gazetteer
    if map_key:
        click = map_click_from_state(map_key)
        if click is not None:
            set_map_click(*click)
    problem = _config_problem(auth)
    if problem:
        return PreparedForm(problem=problem, auth=auth)
    if not can_edit(user_info, auth):
        return PreparedForm(user_info=user_info, auth=auth)
    _init_state()
    _take_reader_draft()
    places = None
    try:
        store = store or ui.event_store()
        store_problem = ui.store_problem(store)
        if store_problem is None:
            places = CombinedPlaces.from_store(store, gazetteer)
            ui.stored_events(store)   # read before drawing, so a failing store draws no half form
    except StoreError as error:
        store_problem = error
    if store_problem is not None:
        return PreparedForm(may_edit=True, store_problem=store_problem, auth=auth)
    typed_name = str(st.session_state.get(PREFIX + "user") or "") if auth_mode(auth) == "none" else ""
    user = user_label(user_info, auth, typed_name)
    return PreparedForm(draft=forms.preview(form_values(), places, user=user), may_edit=True, store=store,
                        places=places, user_info=user_info, auth=auth, config=config or ui.app_settings(),
                        user=user)


def draw_entry_form(form: PreparedForm) -> None:
    """The form of :func:`prepare_entry_form` in the sidebar (or why it is off, or the sign-in button)."""
    with st.sidebar:
        if form.problem:   # configuration that cannot be trusted: fail closed, say what to fix
            switched_off = _("Editing is switched off.")
            st.error(f"{switched_off} {plain(t().message(form.problem))} {_(READ_ONLY)}", icon=":material/lock:")
        elif not form.may_edit:
            _sign_in_or_out(form.user_info, form.auth)
        elif form.store_problem is not None:
            _store_off(form.store_problem)
        else:
            _editor_sidebar(form)


def _config_problem(auth: Mapping[str, Any]) -> str:
    """Why nobody may write under these auth settings ('' if nothing), also for settings given by a caller."""
    try:
        auth_mode(auth)
    except AuthConfigError as error:
        first = error.args[0] if error.args else ""
        return first if hasattr(first, "template") else str(error)     # a Message stays one: shown translated
    return str(auth.get("problem") or "")


def _sign_in_or_out(user_info, auth) -> None:
    """For those who may not write: a sign-in button, or who they are signed in as and a sign-out button."""
    if auth_mode(auth) != "oidc":
        return
    if not is_logged_in(user_info):
        st.button(_("Editors: sign in"), key=PREFIX + "login", on_click=st.login)
        return
    st.caption(_("Signed in as {user}, a reader; only editors listed in ATLAS_EDITORS add events.").format(
        user=plain(user_label(user_info, auth) or _("a user with no e-mail"))))
    st.button(_("Sign out"), key=PREFIX + "logout", on_click=st.logout)


def _store_off(problem: StoreError) -> None:
    st.header(_("Add an event"))
    st.info(_("Adding, reviewing and importing events is off: {problem}").format(
        problem=plain(t().error(problem))), icon=":material/block:")


def _event_form(form: PreparedForm) -> None:
    """The form's fields, its notices and errors, and the save button."""
    editing = st.session_state.get(STATE + "editing")
    if editing:
        st.info(_("Editing {event}. Saving records your changes in its history.").format(event=plain(editing[0])))
        st.button(_("Cancel editing"), key=STATE + "cancel_edit", on_click=reset_form)
    notice = st.session_state.get(STATE + "notice")
    if notice:
        st.success(plain(notice))
    _entry_widgets(form.places)
    st.caption(_("Preview shown on the map.") if form.draft else _("The preview appears on the map once the form is valid."))
    _duplicates_warning()
    _field_error(forms.FORM_ERROR)
    errors = st.session_state.get(STATE + "errors")
    if errors:
        st.error(t().ngettext("Not saved: {count} problem, shown beside its field. Nothing you typed was lost.",
                              "Not saved: {count} problems, shown beside the fields. Nothing you typed was lost.",
                              len(errors)).format(count=t().digits(len(errors))))
    st.button(_("Save changes") if editing else _("Save as draft"), key=STATE + "save", type="primary",
              on_click=_on_save, args=(form.store, form.places, form.user))


def _editor_sidebar(form: PreparedForm) -> None:
    store, auth, config = form.store, form.auth, form.config
    st.markdown(RTL_CSS, unsafe_allow_html=True)  # static CSS only; no user text
    st.header(_("Add an event"))
    if auth_mode(auth) == "none":
        st.text_input(_("Your name or initials"), key=PREFIX + "user", persist_state="session",
                      help=_("No sign-in is configured: changes are recorded under this name, "
                             "marked ({mark}), since nobody checks it.").format(mark=UNVERIFIED))
        st.caption(_("Recorded as: {user}").format(user=plain(form.user)))
    else:
        st.caption(_("Signed in as {user} (editor).").format(user=isolated(form.user)))
        st.button(_("Sign out"), key=PREFIX + "logout", on_click=st.logout)
    # Drawn only while open (a lazy expander): closed, a filter change does not redraw its ~30 widgets.
    fields = st.expander(_("Event form"), key=FORM_OPEN, on_change="rerun")
    if fields.open:
        with fields:
            _event_form(form)
    else:
        st.caption(_("A draft is being entered: it is previewed on the map, and opening the form shows it.")
                   if form.draft else _("Open the form to add an event; what is typed in it is kept while it is "
                                        "closed."))
    st.divider()
    try:
        render_review_panel(store, form.user, config=config)
    except StoreError as error:
        st.error(_("The review panel stopped: {problem}").format(problem=plain(t().error(error))))

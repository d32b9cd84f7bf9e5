"""Streamlit sidebar: the editors' review of team events: verify drafts, retract or restore, open one in
the entry form, read its history. Four eyes: an editor does not verify what they created or last changed
(unless ATLAS_ALLOW_SELF_REVIEW). Every click carries the version shown, so a stale one changes nothing."""
from __future__ import annotations

from typing import Any

import streamlit as st

from atlas import settings, ui
from atlas.exc import AtlasError
from atlas.store import EventStore, self_review_role
from atlas.ui.form_state import PREFIX, STATE, load_for_edit
from atlas.ui.language import _, t, w
from atlas.ui.pickers import event_picker
from atlas.ui.text import isolated, plain
from events.exc import EventsError
from events.vocabulary import STATUS_CHANGES


def _on_status(store: EventStore, event_id: str, status: str, user: str, version: int,
               allow_self_review: bool) -> None:
    """A review button: carries the version the reviewer was shown, so a stale click changes nothing."""
    reason = st.session_state.get(PREFIX + "review_reason", "")
    try:
        if status == "retracted":
            store.retract(event_id, user, reason, expected_version=version)
        else:
            store.set_status(event_id, status, user, reason=reason, expected_version=version,
                             allow_self_review=allow_self_review)
    except (AtlasError, EventsError) as exc:
        first = exc.args[0] if exc.args else ""
        st.session_state[STATE + "review_error"] = first if hasattr(first, "template") else str(exc)   # translatable
        return
    st.session_state[STATE + "review_error"] = ""
    st.session_state[PREFIX + "review_reason"] = ""


def render_review_panel(store: EventStore, user: str, *, config: settings.Settings | None = None) -> None:
    """Editors' review: verify drafts, retract or restore, open an event in the form, read its history."""
    st.header(_("Review team events"))
    by_id, labels = ui.stored_events(store)
    if not by_id:
        st.caption(_("No team events yet."))
        return
    event_id = event_picker(_("Team event"), labels, key=PREFIX + "review_id")
    chosen = by_id[event_id]
    st.markdown(f"**{isolated(chosen.event.summary_en)}**  \n" + _(
        "Status: {status} · version {version} · added by {created_by} · last change by {updated_by}").format(
        status=plain(w(chosen.event.status)), version=t().digits(chosen.version),
        created_by=isolated(chosen.created_by), updated_by=isolated(chosen.updated_by)))
    st.text_input(_("Reason (needed to retract)"), key=PREFIX + "review_reason")
    error = st.session_state.get(STATE + "review_error")
    if error:
        st.error(plain(t().message(error)))
    allow_self_review = bool((config or ui.app_settings())["ATLAS_ALLOW_SELF_REVIEW"])
    role = "" if allow_self_review else self_review_role(chosen, user)
    own = ""
    if role:
        did = _("created") if role == "created" else _("last changed")
        own = _("Four eyes: you ({user}) {role} this event, so another editor verifies it. A one-person team can "
                "allow self-review with the setting ATLAS_ALLOW_SELF_REVIEW=true.").format(user=user, role=did)
    labels = {"verified": _("Mark verified"), "draft": _("Back to draft"), "retracted": _("Retract")}
    for status in STATUS_CHANGES[chosen.event.status]:
        label = _("Restore as draft") if chosen.event.status == "retracted" else labels[status]
        refused = status == "verified" and bool(own)
        st.button(label, key=f"{STATE}status_{status}", on_click=_on_status, disabled=refused,
                  help=plain(own) if refused else None,
                  args=(store, event_id, status, user, chosen.version, allow_self_review))
        if refused:
            st.caption(plain(own))
    if chosen.event.status != "retracted":
        st.button(_("Edit in the form"), key=STATE + "edit", on_click=load_for_edit, args=(store, event_id))
    history = store.history(event_id)
    rows = [{_("version"): h.version, _("who"): h.changed_by, _("action"): h.action, _("field"): name,
             _("old"): _cell(change.get("old")), _("new"): _cell(change.get("new")), _("reason"): h.reason,
             _("when"): h.changed_at.strftime("%Y-%m-%d %H:%M UTC")}
            for h in history for name, change in (h.changes or {"": {}}).items()]
    with st.expander(t().ngettext("History: {count} change", "History: {count} changes", len(history)).format(
            count=t().digits(len(history)))):
        st.dataframe(rows, hide_index=True, key=PREFIX + "history", width="stretch")


def _cell(value: Any) -> str:
    return "" if value is None else str(value)

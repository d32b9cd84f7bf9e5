"""Streamlit panels of the dashboard (the only Streamlit code outside ``dashboard.py``).

This module holds the process-wide resources every panel shares, each built once per server
process with ``st.cache_resource``: the offline assets, the gazetteer and the event store; and what
the panels need to know when the team store fails (:func:`store_problem`).
"""
from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging
from typing import Any, Mapping

import streamlit as st
from streamlit import runtime

from atlas import assets, settings
from atlas.auth import auth_settings, can_edit, user_label
from atlas.cache_keys import EventList, catalog_key, stored_key
from atlas.catalog import CombinedPlaces, catalog_table
from atlas.exc import AtlasError, StoreError, StoreFullError, StoreReadOnlyError
from atlas.store import EventStore
from atlas.store_schema import StoredEvent
from atlas.store_table import StoredEvents, StoredLabels
from events.curated import files_stamp, load_curated
from events.filters import EventFilter
from events.vocabulary import SHOWN_TEAM_STATUSES


@st.cache_resource(show_spinner=False)
def offline_assets() -> str:
    """Copy Leaflet & co. into ``static/vendor`` once per process (idempotent across processes)."""
    return str(assets.install_assets())


@st.cache_resource(show_spinner=False)
def gazetteer():
    from geodata.gazetteer import load_gazetteer
    return load_gazetteer()


def _read_secrets() -> tuple[dict[str, Any], str]:
    """Streamlit secrets as a plain dict, and '' or why the secrets file could not be read."""
    try:
        return dict(st.secrets), ""
    except Exception as error:  # noqa: BLE001 - FileNotFoundError or Streamlit's StreamlitSecretNotFoundError
        if getattr(error, "error_id", None) in (None, "no-secrets-found") and isinstance(error, FileNotFoundError):
            return {}, ""    # no secrets file at all: every setting from the environment or its default
        reason = " ".join(str(error.__cause__ or "it is not valid TOML or not readable").split())[:200]
        return {}, (f"The secrets file could not be read ({reason}), so settings kept there (ATLAS_AUTH among "
                    "them) are unknown. Fix the file (see README, Security).")   # no path: readers see this


def secrets() -> dict[str, Any]:
    """Streamlit secrets as a plain dict, so settings kept only in ``.streamlit/secrets.toml`` count.

    Empty when there is no secrets file or it cannot be read (:func:`visitor` then locks writing).
    """
    return _read_secrets()[0]


settings.use_secrets(secrets)   # every settings.get() in the app: environment, then these secrets, then default


def _bind_address() -> str | None:
    """The address this Streamlit server listens on; None when no real server runs (AppTest, bare)."""
    if not runtime.exists() or type(runtime.get_instance()) is not runtime.Runtime:   # AppTest mocks it
        return None
    return str(st.get_option("server.address") or "")   # unset: Streamlit listens on every interface


def settle_memory() -> int:
    """After each run: hand the memory it freed back to the system (the rows and charts of the first run, and
    every run's copies of the chart and table data Streamlit serialised to send; a millisecond or a few). Once per
    server process, after its first full run, also exempt what is alive by then (libraries, gazetteer, cached
    resources) from Python's garbage collector, which otherwise re-scans all of it in each full collection, a pause
    of ~100 ms on a random rerun with 10k events loaded. Returns how many objects were exempted."""
    frozen = _freeze_once()
    _trim_heap()
    return frozen


@st.cache_resource(show_spinner=False)
def _freeze_once() -> int:
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def _trim_heap() -> None:
    """glibc keeps freed memory for the process; ``malloc_trim`` returns it (elsewhere: nothing to do)."""
    try:
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


@st.cache_resource(show_spinner=False)
def _store_at(url: str) -> EventStore:
    return EventStore(url)


def app_settings() -> settings.Settings:
    """Every setting, resolved for this run: the environment, then Streamlit's secrets, then the defaults.
    The dashboard resolves them once a run and hands them to the panels."""
    return settings.resolve(secrets=secrets())


def _store_url(config: settings.Settings | None = None) -> str:
    return (config or app_settings()).database_url


def event_store(url: str | None = None, config: settings.Settings | None = None) -> EventStore:
    """The app's one EventStore (shared by sessions): ``url``, else the settings' (EVENTS_DB_URL, else a file
    in ATLAS_DATA_DIR). Raises StoreError when that URL is unusable."""
    return _store_at(url or _store_url(config))


def team_store(config: settings.Settings | None = None) -> EventStore | None:
    """The app's EventStore, or None when it cannot even be set up (:func:`store_problem` says why)."""
    try:
        return event_store(config=config)
    except StoreError:
        return None


MAIN_TABS = "main-tabs"
"""The key of the dashboard's tabs under the timeline (events, totals, reader, narrative, export, import): the chosen
tab is kept across reruns, and only its panel runs."""

_PROBLEM_STATE = "atlas__store_problem"   # (store url, problem or None) as catalog() found them this run
_log = logging.getLogger(__name__)


def store_problem(store: EventStore | None = None) -> StoreError | None:
    """Why the team store cannot take changes now, or None. The form, the review and the import
    panel show this reason instead of themselves. What :func:`catalog` found in this run is reused,
    so a store that hangs is asked once per run; otherwise the store is checked (EventStore.problem)."""
    if store is None:
        try:
            store = event_store()
        except StoreError as error:
            return error
    found = st.session_state.get(_PROBLEM_STATE)
    if found is not None and found[0] == store.url:
        return found[1]
    return store.problem()


def store_warning(problem: AtlasError, team_shown: bool) -> str:
    """The one warning of the page when the team store fails: what is wrong, what to do, what is shown."""
    from atlas.ui.entry_form import plain  # (entry_form imports this module)
    from atlas.ui.language import _, t

    what = t().error(problem).rstrip(".")
    shown = _("Team events are shown as last read") if team_shown else _("Showing the curated events only")
    return plain(_("{problem}. {shown}; adding, reviewing and importing events is off until this is fixed.").format(
        problem=f"{what[:1].upper()}{what[1:]}", shown=shown))


def visitor(user_info: Mapping[str, Any] | None = None,
            auth: Mapping[str, Any] | None = None) -> tuple[Mapping[str, Any] | None, Mapping[str, Any]]:
    """Who is using the app and under which auth settings: ``(user_info, auth)`` for atlas.auth.

    Given values are kept (tests pass their own); otherwise the auth settings come from the
    environment/secrets, with ``auth["problem"]`` saying why nobody may write (an unreadable secrets
    file, an empty or unknown ATLAS_AUTH, oidc without [auth], no sign-in on a network address), and the
    user from ``st.user`` (with oidc: the identity Streamlit's sign-in verified).
    """
    if auth is None:
        found, problem = _read_secrets()
        auth = auth_settings(secrets=found, secrets_problem=problem, bind_address=_bind_address())
    if user_info is None and str(auth.get("ATLAS_AUTH") or "").strip().lower() == "oidc":
        user_info = st.user.to_dict()
    return user_info, auth


def editor_name(user_info: Mapping[str, Any] | None = None, auth: Mapping[str, Any] | None = None) -> str | None:
    """The name recorded for this visitor's changes (imports, reviews, edits), or None when they may not edit.

    With oidc it is the signed-in e-mail. With no sign-in, the name typed in the entry form (``entry_user``,
    else ``analyst``) marked as typed and unverified.
    """
    user_info, auth = visitor(user_info, auth)
    if not can_edit(user_info, auth):
        return None
    return user_label(user_info, auth, st.session_state.get("entry_user", ""))


def catalog(config: settings.Settings | None = None) -> tuple[EventList, CombinedPlaces]:
    """Curated + team events and the places they use. When the team store fails, one warning says
    what is wrong and what to do, and the curated events stay (with the team events too when the
    store can still be read, e.g. read-only or full); never a traceback.

    Read once per change: a rerun asks the store only for its revision and stats the curated files,
    since reading 10k team events back took ~300 ms of every filter change.
    """
    config = config or app_settings()     # resolved once, for the read and for the problem's store URL
    found, problem = read_catalog(config)
    st.session_state[_PROBLEM_STATE] = (_store_url(config), problem if isinstance(problem, StoreError) else None)
    if problem is not None:
        st.warning(store_warning(problem, team_shown=found is not None), icon=":material/warning:")
    return found or (EventList(load_curated()), CombinedPlaces(gazetteer()))


def read_catalog(config: settings.Settings | None = None) -> tuple[tuple[EventList, CombinedPlaces] | None,
                                                                    AtlasError | None]:
    """The catalog of the store's newest revision (None when the store cannot be read) and what is wrong with the
    store (None: nothing), without a session: :func:`catalog` shows the problem, the server's warm-up
    (``atlas.serve``) reads the catalog into the cache before the first visitor asks."""
    url, problem, found = _store_url(config), None, None
    try:
        store = _store_at(url)
        problem = store.problem()
        if problem is None or isinstance(problem, (StoreReadOnlyError, StoreFullError)):
            revision = store.revision()
            found = _catalog_at(catalog_key(url, revision, files_stamp()), store, revision)
    except AtlasError as error:
        problem = error
    except Exception as error:  # noqa: BLE001 - a bug must not cost the curated events; the log has it
        _log.exception("reading the team store failed")
        problem = StoreError(f"reading the team store failed unexpectedly ({type(error).__name__}); the app's "
                             "log has the details")
    return found, problem


CATALOGS_KEPT = 1
"""Store revisions whose catalog (and stored events) stay cached: every session reads the newest revision on its
next run, and each older one kept held another copy of every team event."""


@st.cache_resource(show_spinner=False, max_entries=CATALOGS_KEPT)
def _catalog_at(cache_key: tuple, _store: EventStore, revision) -> tuple[EventList, CombinedPlaces]:
    # The team events are the review panel's read (one read of the store per revision, as columns).
    stored, _ = _stored_at(stored_key(_store.url, revision), _store)
    team = stored.table.take(stored.table.mask(EventFilter(statuses=SHOWN_TEAM_STATUSES)))
    events = EventList.of_table(catalog_table(load_curated(), team), derived_from=cache_key)
    return events, CombinedPlaces.from_store(_store, gazetteer())


def stored_events(store: EventStore) -> tuple[Mapping[str, StoredEvent], Mapping[str, str]]:
    """Every team event with its version and authorship (drafts and retracted too) by id, and a label
    for each, for the review panel: read again only when the store's revision changed, like
    :func:`catalog`."""
    return _stored_at(stored_key(store.url, store.revision()), store)


@st.cache_resource(show_spinner=False, max_entries=CATALOGS_KEPT)
def _stored_at(cache_key: tuple, _store: EventStore) -> tuple[StoredEvents, StoredLabels]:
    by_id = StoredEvents(_store.read_table())
    return by_id, StoredLabels(by_id)

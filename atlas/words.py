"""The words of the fixed vocabularies as the interface shows them, marked for translation.

The vocabularies themselves (``events.vocabulary``, ``geodata.place``) are codes stored in the data and written in
exports; this table gives each code its English label (``N_``, so the catalogs hold it), translated where it is
shown: :func:`word`. Every code has a label (tests/atlas/test_words.py checks it).
"""
from __future__ import annotations

from atlas.i18n import DEFAULT_LANGUAGE, N_, Translator

WORDS = {
    # event types
    "exit": N_("exit"), "exit_attempt": N_("exit attempt"), "capture": N_("capture"), "arrest": N_("arrest"),
    "defection": N_("defection"), "agreement": N_("agreement"), "road_closure": N_("road closure"),
    "road_opening": N_("road opening"), "security_campaign": N_("security campaign"),
    "movement_blocked": N_("movement blocked"), "claim": N_("claim"), "denial": N_("denial"), "other": N_("other"),
    # outcomes
    "arrived": N_("arrived"), "captured": N_("captured"), "blocked": N_("blocked"), "unknown": N_("unknown"),
    "not_applicable": N_("not applicable"),
    # date precisions
    "day": N_("day"), "week": N_("week"), "month": N_("month"), "year": N_("year"), "window": N_("window"),
    # confidences
    "high": N_("high"), "medium": N_("medium"), "low": N_("low"),
    # count units
    "people": N_("people"), "fighters": N_("fighters"), "families": N_("families"), "civilians": N_("civilians"),
    "leaders": N_("leaders"),
    # place roles
    "origin": N_("origin"), "via": N_("via"), "destination": N_("destination"), "location": N_("location"),
    # statuses
    "curated": N_("curated"), "draft": N_("draft"), "verified": N_("verified"), "retracted": N_("retracted"),
    "reviewed": N_("reviewed"),
    # where an import's rejected row is (events.importing.Rejection.unit)
    "line": N_("line"), "feature": N_("feature"),
    # map layers (atlas.map.layers.LAYERS), as the snapshot's caption names them
    "basemap": N_("basemap"), "places": N_("places"), "labels": N_("labels"), "checkpoints": N_("checkpoints"),
    "routes": N_("routes"), "events": N_("events"), "uncertainty": N_("uncertainty"),
    # how an event sits on the timeline (atlas.timeline)
    "exact day": N_("exact day"), "date window": N_("date window"),
    # source stances
    "reports": N_("reports"), "confirms": N_("confirms"), "denies": N_("denies"), "claims": N_("claims"),
    # place kinds and precisions
    "country": N_("country"), "governorate": N_("governorate"), "region": N_("region"), "city": N_("city"),
    "town": N_("town"), "neighbourhood": N_("neighbourhood"), "camp": N_("camp"), "checkpoint": N_("checkpoint"),
    "crossing": N_("crossing"), "site": N_("site"), "exact": N_("exact"), "between": N_("between"),
    "settlement": N_("settlement"),
}


def word(code: str, t: Translator) -> str:
    """The label of a vocabulary code in ``t``'s language (a code with no label shows as it is)."""
    label = WORDS.get(code)
    return t.gettext(label) if label else code


STATUS_PHRASES = {
    frozenset({"curated", "verified"}): N_("draft (unverified) team events hidden"),
    frozenset({"curated"}): N_("curated table only"),
    frozenset({"draft", "verified"}): N_("team events only"),
    frozenset({"verified"}): N_("team events only, drafts hidden"),
}
"""As events.filters.STATUS_WORDS, for the interface."""


def describe_filter(event_filter, t: Translator, place_name=lambda place_id: place_id) -> str:
    """events.filters.EventFilter.describe in ``t``'s language (dates in its form, vocabulary as its words,
    places by ``place_name``); user text (outlets, a name) quoted and isolated."""
    from events.filters import _quoted  # the one way user text is quoted in a description
    from events.vocabulary import PLACE_ROLES, VISIBLE_STATUSES

    _ = t.gettext

    def w(code: str) -> str:      # English keeps the codes, as events.filters.describe writes them
        return code if t.language == DEFAULT_LANGUAGE else word(code, t)
    parts = []
    if event_filter.date_from or event_filter.date_to:
        parts.append(_("dates {start} to {end}").format(start=t.day(event_filter.date_from) or _("any"),
                                                        end=t.day(event_filter.date_to) or _("any"))
                     + ("" if event_filter.include_undated else _(", undated events hidden")))
    elif not event_filter.include_undated:
        parts.append(_("undated events hidden"))
    comma = "، " if t.direction == "rtl" else ", "
    if event_filter.event_types:
        parts.append(_("types: {values}").format(values=comma.join(w(v) for v in event_filter.event_types)))
    if event_filter.outcomes:
        parts.append(_("outcomes: {values}").format(values=comma.join(w(v) for v in event_filter.outcomes)))
    if event_filter.outlets:
        parts.append(_("outlets: {values}").format(values=comma.join(map(_quoted, event_filter.outlets))))
    if event_filter.places:
        names = comma.join(place_name(p) for p in event_filter.places)
        if set(event_filter.place_roles) == set(PLACE_ROLES):
            parts.append(_("places: {names}").format(names=names))
        else:
            parts.append(_("places: {names} (as {roles})").format(
                names=names, roles="/".join(w(r) for r in event_filter.place_roles)))
    if event_filter.person:
        parts.append(_("names containing {name}").format(name=_quoted(event_filter.person)))
    if event_filter.disputed is not None:
        parts.append(_("disputed only") if event_filter.disputed else _("undisputed only"))
    if event_filter.min_outlets > 1:
        parts.append(_("at least {count} independent outlets").format(count=t.digits(event_filter.min_outlets)))
    statuses = frozenset(event_filter.statuses)
    if statuses in STATUS_PHRASES:
        parts.append(_(STATUS_PHRASES[statuses]))
    elif statuses != set(VISIBLE_STATUSES):
        parts.append(_("statuses: {values}").format(values=comma.join(w(s) for s in event_filter.statuses)
                                                    or _("any")))
    return _("All events") if not parts else _("Events with {parts}").format(parts="؛ ".join(parts)
                                                                             if t.direction == "rtl"
                                                                             else "; ".join(parts))

"""Totals per period under the map: people moved (or events) per week or month, stacked by checkpoint or
destination. One set of rows (:func:`period_rows`) feeds both the dashboard's altair chart, whose bars set
the date window when clicked, and the static SVG drawn into snapshots (:func:`period_svg`, no script, no
network). An event counts in the period holding the start of its date window; undated events go to a
last "undated" bar so they are counted, not hidden. Drafts are their own hollow, dashed segments.
"""
from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache

import altair as alt
import numpy as np
from markupsafe import Markup, escape

from atlas.i18n import DEFAULT_LANGUAGE, N_, translator
from atlas.timeline import DRAFT, REVIEW_DASH, REVIEW_FILL, REVIEWED, review_label, review_legend, unit_period
from atlas.words import word
from events.schema import Event
from events.table import EventTable

PERIOD_UNITS = ("week", "month")
GROUPINGS = {"checkpoint": "via", "destination": "destination"}
MEASURES = {"people": N_("People moved (at least)"), "events": N_("Events")}
CHART_HEIGHT = {"ltr": 240, "rtl": 320}
"""The chart's height in px by the text's direction, its axis' labels and legend included. Arabic period words
('كانون الأول 2017'), rotated, take ~80 px more than ISO periods: at 240 px they left the bars ~20 px."""
UNDATED = "undated"
NONE_LABEL = N_("(none)")
# A colour-blind-safe palette for the stacked places (Tableau 10); more places than colours repeat it.
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
           "#bab0ac")
SELECTION = "period"            # the name of the chart's click selection (Streamlit reports it under this name)
DATASET = "atlas-periods"
"""The chart's rows are the dataset of this one name for any selection, and carry the axis' words and order: the
spec then stays the same from one selection to the next, in every language, and the browser replaces the drawn
chart's data (Streamlit draws a chart anew, a Vega embed, whenever its spec changes)."""


def period_label(start: dt.date, unit: str) -> str:
    return start.strftime("%Y-%m") if unit == "month" else start.isoformat()


def period_rows(events: Iterable[Event] | EventTable, places, unit: str = "week", grouping: str = "checkpoint",
                language: str = "en") -> list[dict]:
    """One row per (period, place, review): how many events and at least how many people, with the
    period's first and last day. Sorted by period (undated last), then place (named in ``language``).
    ``events``: events or their columns (an :class:`EventTable`): each period, name and review is worked out once
    per distinct value and the rows are counted on the columns (walking 100,000 events took over a second)."""
    if unit not in PERIOD_UNITS:
        raise ValueError(f"unit {unit!r} is not one of {', '.join(PERIOD_UNITS)}")
    table = events if isinstance(events, EventTable) else EventTable.from_events(events)
    role = GROUPINGS[grouping]
    none_label = translator(language).gettext(NONE_LABEL)

    def period(event):
        if not event.is_dated:
            return UNDATED, "", ""
        start, end = unit_period(event.date_start, unit)
        return period_label(start, unit), start.isoformat(), end.isoformat()

    def name(event):
        place_id = getattr(event, role)
        place = places.get(place_id) if place_id and places is not None else None
        if place is None:
            return place_id or none_label
        return (place.name_ar or place.name_en) if language == "ar" else place.name_en
    parts = [_merged(*table.per_distinct(fields, function)) for fields, function in (
        (("date_start",), period), ((role,), name), (("status",), review_label))]
    key = np.zeros(len(table), np.int64)
    for codes, values in parts:      # one integer a (period, place, review): a few thousand of each at most
        key = key * max(len(values), 1) + codes
    cells, cell_of_row = np.unique(key, return_inverse=True)
    cell_of_row = cell_of_row.ravel()
    people_codes, people = table.per_distinct(("count_min",), lambda e: e.count_min or 0)
    counts = np.bincount(cell_of_row, minlength=len(cells))
    totals = np.bincount(cell_of_row, weights=np.asarray(people, dtype=np.float64)[people_codes],
                         minlength=len(cells)) if len(people_codes) else counts
    rows = []
    for cell, n, total in zip(cells.tolist(), counts, totals):
        codes = []
        for _codes, values in reversed(parts):
            cell, code = divmod(cell, max(len(values), 1))
            codes.append(values[code])
        review, place, (p, s, e) = codes
        rows.append({"period": p, "start": s, "end": e, "place": place, "review": review, "events": int(n),
                     "people": int(round(total))})
    return sorted(rows, key=lambda r: (r["period"] == UNDATED, r["period"], r["place"], r["review"]))


def _merged(codes: np.ndarray, values: list) -> tuple[np.ndarray, list]:
    """Codes of equal values made one (two dates in one week, two place ids with one name)."""
    distinct = list(dict.fromkeys(values))
    position = {value: i for i, value in enumerate(distinct)}
    remap = np.asarray([position[value] for value in values], dtype=np.int64)
    return (remap[codes] if len(codes) else np.zeros(0, np.int64)), distinct


def period_window(rows: Sequence[dict], period: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day of a clicked period (None for the undated bar or an unknown label)."""
    for row in rows:
        if row["period"] == period and row["start"]:
            return dt.date.fromisoformat(row["start"]), dt.date.fromisoformat(row["end"])
    return None


def _axis_word(row: dict, t) -> str:
    """A bar's words on the x axis: the undated bar's word; in English the ISO period code; in another language
    the period's own words ('كانون الأول 2017' / '11 كانون الأول 2017'), as the snapshot's SVG names them."""
    if t.language == DEFAULT_LANGUAGE and row["period"] != UNDATED:
        return row["period"]
    return _shown_period(row["period"], row["start"], t)


def chart_values(rows: Sequence[dict], t) -> list[dict]:
    """The rows as the chart reads them: new dicts, each with its axis words (``label``) and its period's place on
    the axis (``position``, undated last). Both are data, so the spec is the same for any rows (see :data:`DATASET`)."""
    position = {period: i for i, period in enumerate(_period_order(rows))}
    return [{**row, "label": _axis_word(row, t), "position": position[row["period"]]} for row in rows]


def _period_order(rows: Sequence[dict]) -> list[str]:
    return sorted({r["period"] for r in rows}, key=lambda p: (p == UNDATED, p))


def period_chart(rows: Sequence[dict], measure: str = "people", *, height: int = 240, t=None) -> alt.Chart:
    """Stacked bars per period; clicking one selects its period (``SELECTION``). ``t``: the translator of its
    titles (English when None)."""
    t = t or translator(DEFAULT_LANGUAGE)
    _ = t.gettext
    legend = review_legend(t)
    if t.language != DEFAULT_LANGUAGE:   # the review codes stay the data (their fill and dash); their words are shown
        legend = alt.Legend(**{**legend.to_dict(), "labelExpr": f"datum.label == {json.dumps(DRAFT)} ? "
                                                                f"{json.dumps(word(DRAFT, t))} : "
                                                                f"{json.dumps(word(REVIEWED, t))}"})
    pick = alt.selection_point(name=SELECTION, fields=["period"], on="click")
    return alt.Chart(alt.Data(name=DATASET)).mark_bar(strokeWidth=1.5).encode(
        x=alt.X("label:O", sort=alt.EncodingSortField("position", op="min"), title=_("Period"),   # (bars' ARIA)
                axis=alt.Axis(labelAngle=-45, title=None),
                scale=alt.Scale(reverse=t.direction == "rtl")),      # right to left: the first period on the right
        y=alt.Y(f"sum({measure}):Q", title=_(MEASURES[measure])),
        color=alt.Color("place:N", scale=alt.Scale(range=list(PALETTE)),
                        legend=alt.Legend(orient="right", title=None, labelLimit=180)),
        stroke=alt.Stroke("place:N", scale=alt.Scale(range=list(PALETTE)), legend=None),
        detail=alt.Detail("period:N"),     # kept through the bars' sums, so that a click selects a period
        fillOpacity=alt.FillOpacity("review:N", scale=alt.Scale(domain=list(REVIEW_FILL),
                                                                range=list(REVIEW_FILL.values())), legend=legend),
        strokeDash=alt.StrokeDash("review:N", scale=alt.Scale(domain=list(REVIEW_DASH),
                                                              range=list(REVIEW_DASH.values())),
                                  legend=legend),
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.45)),
        order=alt.Order("review:N", sort="descending"),
        tooltip=[alt.Tooltip("label:O", title=_("Period")), alt.Tooltip("place:N", title=_("Place")),
                 alt.Tooltip("review:N", title=_("Review")),
                 alt.Tooltip(f"sum({measure}):Q", title=_(MEASURES[measure]))],
    ).add_params(pick).properties(height=height, datasets={DATASET: chart_values(rows, t)})


@lru_cache(maxsize=16)
def _spec_without_rows(measure: str, height: int, t) -> str:
    """The chart built and validated by altair with no rows (JSON), once per measure and language: ~0.3–0.8 s of
    altair a build, which every new selection paid before."""
    return json.dumps(period_chart([], measure, height=height, t=t).to_dict())


def period_spec(rows: Sequence[dict], measure: str = "people", *, height: int = 240, t=None) -> dict:
    """``period_chart(rows, measure, t=t).to_dict()``, with altair paid once per measure and language: the rows
    (:func:`chart_values`) go into a spec built without rows, as its one dataset."""
    t = t or translator(DEFAULT_LANGUAGE)
    spec = json.loads(_spec_without_rows(measure, height, t))
    spec["datasets"] = {DATASET: chart_values(rows, t)}
    return spec


def _colours(rows: Sequence[dict]) -> dict[str, str]:
    places = sorted({r["place"] for r in rows})
    return {place: PALETTE[i % len(PALETTE)] for i, place in enumerate(places)}


def _shown_period(period: str, row_start: str, t) -> str:
    """A period label in ``t``'s language: 'آذار 2019' for a month, the first day for a week, 'undated'."""
    if period == UNDATED:
        return t.gettext("undated")
    if not row_start:
        return period
    start = dt.date.fromisoformat(row_start)
    return t.date(start, month_only=len(period) == 7)


def period_svg(rows: Sequence[dict], measure: str = "people", *, title: str = "", width: int = 460,
               height: int = 170, t=None) -> Markup:
    """The same stacked bars as a static SVG (for snapshots: no script, works offline). Text is escaped; words,
    dates and digits in ``t``'s language (English when None)."""
    t = t or translator(DEFAULT_LANGUAGE)
    starts = {r["period"]: r["start"] for r in rows}
    label = {period: _shown_period(period, starts.get(period, ""), t) for period in starts}
    periods = _period_order(rows)
    totals = defaultdict(int)
    for row in rows:
        totals[row["period"]] += row[measure]
    top = max(totals.values(), default=0) or 1
    colours = _colours(rows)
    left, bottom, head = 34, 34, 16
    plot_w, plot_h = width - left - 110, height - bottom - head
    step = plot_w / max(len(periods), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" class="atlas-period-chart" role="img">',
             f'<text x="0" y="11" font-size="11" font-weight="600">{escape(title or t.gettext(MEASURES[measure]))}'
             '</text>',
             f'<text x="{left - 4}" y="{head + 8}" font-size="9" text-anchor="end">{t.digits(top)}</text>',
             f'<line x1="{left}" y1="{head + plot_h}" x2="{left + plot_w}" y2="{head + plot_h}" stroke="#444"/>']
    for i, period in enumerate(periods):
        x, y = left + i * step + step * 0.12, head + plot_h
        for row in sorted((r for r in rows if r["period"] == period), key=lambda r: (r["review"] == DRAFT, r["place"])):
            h = plot_h * row[measure] / top
            if h <= 0:
                continue
            y -= h
            colour, draft = colours[row["place"]], row["review"] == DRAFT
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{step * 0.76:.1f}" height="{h:.1f}" '
                         f'fill="{colour}" fill-opacity="{REVIEW_FILL[row["review"]]}" stroke="{colour}" '
                         f'stroke-width="1.2"' + (' stroke-dasharray="4 2"' if draft else '') +
                         f' data-review="{row["review"]}"><title>{escape(label[period])} · {escape(row["place"])} · '
                         f'{escape(word(row["review"], t))}: {t.digits(row[measure])}</title></rect>')
        if len(periods) <= 16 or i % max(1, len(periods) // 12) == 0:
            parts.append(f'<text x="{x + step * 0.38:.1f}" y="{head + plot_h + 12}" font-size="8" '
                         f'text-anchor="end" transform="rotate(-35 {x + step * 0.38:.1f} {head + plot_h + 12})">'
                         f'{escape(label[period])}</text>')
    for i, (place, colour) in enumerate(list(colours.items())[:8]):
        y = head + 4 + i * 13
        parts.append(f'<rect x="{width - 104}" y="{y}" width="9" height="9" fill="{colour}"/>'
                     f'<text x="{width - 91}" y="{y + 8}" font-size="9"><tspan>{escape(place[:18])}</tspan></text>')
    if any(r["review"] == DRAFT for r in rows):
        y = head + 4 + min(len(colours), 8) * 13
        parts.append(f'<rect x="{width - 104}" y="{y}" width="9" height="9" fill="none" stroke="#444" '
                     f'stroke-dasharray="3 2"/><text x="{width - 91}" y="{y + 8}" font-size="9">'
                     f'{escape(word("draft", t))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


__all__ = [
    "DATASET",
    "DRAFT",
    "GROUPINGS",
    "MEASURES",
    "PERIOD_UNITS",
    "REVIEWED",
    "UNDATED",
    "chart_values",
    "period_chart",
    "period_rows",
    "period_svg",
    "period_window",
]

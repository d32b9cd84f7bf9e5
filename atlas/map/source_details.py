"""Every source of an event for the details panel: outlet, publication date, stance and quote, one row a
report, and the figures they give differently side by side, each with its source. Escaped and isolated."""
from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup

from atlas.i18n import DEFAULT_LANGUAGE, N_, Translator, translator
from atlas.map.markup import bdi
from atlas.words import word
from events.exc import EventTableError
from events.schema import Event
from events.seed_manifest import load_seed_manifest
from events.sources import all_sources, corroboration, figure_conflicts

SOURCES_CSS = """<style>
.atlas-sources{border-collapse:collapse;font-size:.85rem;width:100%}.atlas-sources td,.atlas-sources th{
border-top:1px solid #ddd;padding:2px 4px;vertical-align:top;text-align:left}
.atlas-sources .atlas-src-quote{font-family:'Noto Naskh Arabic','Noto Sans Arabic',serif;text-align:right;min-width:14em}
.atlas-sources .atlas-src-where{overflow-wrap:anywhere;font-size:.75rem;color:#555}
.atlas-stance{font-size:.7rem;padding:0 5px;border-radius:6px;background:#eef}.atlas-stance-denies{background:#fde0dd}
</style>"""


@lru_cache(maxsize=1)
def _published_by_seed() -> dict[str, str]:
    """Seed file -> its publication date in words, from the seeds manifest ({} when it cannot be read)."""
    try:
        return {name: report.published_text for name, report in load_seed_manifest().items()}
    except (OSError, EventTableError):
        return {}


def _short_where(where: str, keep: int = 28) -> Markup:
    """A source's address cut to its first ``keep`` characters (the whole of it on hover), so a long URL does not
    squeeze the quote beside it into a column of single words."""
    shown = where.removeprefix("https://").removeprefix("http://")
    if len(shown) <= keep:
        return bdi(where)
    return Markup('<bdi dir="ltr" title="{}">{}…</bdi>').format(where, shown[:keep])


def sources_table_html(event: Event, t: Translator | None = None) -> Markup:
    """One row per source: outlet (and whom it cites) with its address under it, publication date, stance, quote
    (labels in ``t``'s language, English when None). The address shares the outlet's cell: in a column of its own,
    beside the quote's, a narrow panel squeezed it to a character a line."""
    t = t or translator(DEFAULT_LANGUAGE)
    _ = t.gettext
    published = _published_by_seed().get(event.seed, "")
    rows = []
    for source in all_sources(event, published):
        outlet = bdi(source.outlet) + (Markup(_(", citing {outlet}")).format(outlet=bdi(source.cited_outlet))
                                       if source.cited_outlet else "")
        where = _short_where(source.url or source.seed)
        stance = source.stance if t.language == DEFAULT_LANGUAGE else word(source.stance, t)
        rows.append(Markup('<tr><td>{}<div class="atlas-src-where">{}</div></td><td>{}</td>'
                           '<td><span class="atlas-stance atlas-stance-{}">{}</span></td>'
                           '<td class="atlas-src-quote" dir="rtl" lang="ar">{}</td></tr>').format(
            outlet, where, Markup('<bdi dir="ltr">{}</bdi>').format(source.published) if source.published else "—",
            source.stance, stance, source.quote[:400]))
    head = Markup("<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>").format(
        _("Outlet"), _("Published"), _("Stance"), _("Quote"))
    return Markup('<table class="atlas-sources">{}{}</table>').format(head, Markup("").join(rows))


FIGURE_LABELS = {"count": N_("How many"), "paid_usd": N_("Paid per person"), "date": N_("When")}
"""events.sources.FIGURES, for the interface."""


def _figure_words(source, figure: str, text: str, t: Translator) -> str:
    """One source's figure in ``t``'s language (events.sources.figure_text writes the English ``text``)."""
    if t.language == DEFAULT_LANGUAGE:
        return text
    if figure == "date":
        start, end = source.date_start, source.date_end
        return t.day(start) if end in (None, start) else f"{t.day(start)} – {t.day(end)}"
    low, high, unit = ((source.count_min, source.count_max, word(source.count_unit, t) if source.count_unit else "")
                       if figure == "count" else (source.paid_usd_min, source.paid_usd_max, "USD"))
    figures = [t.digits(f"{n:,.0f}" if float(n).is_integer() else f"{n:,}") for n in (low, high) if n is not None]
    if high is None:
        return t.gettext("at least {count} {unit}").format(count=figures[0], unit=unit).strip()
    return f"{'–'.join(dict.fromkeys(figures))} {unit}".strip()


def conflicts_html(event: Event, t: Translator | None = None) -> Markup:
    """The figures sources disagree on, each value with its outlet; '' when they agree."""
    t = t or translator(DEFAULT_LANGUAGE)
    conflicts = figure_conflicts(event)
    parts = [Markup("<div><b>{}</b>: {}</div>").format(
        t.gettext(FIGURE_LABELS[figure]), Markup(" | ").join(
            Markup("{} <i>({})</i>").format(_figure_words(source, figure, text, t), bdi(source.outlet))
            for text, source in given))
        for figure, given in conflicts.items()]
    return Markup("").join(parts)


def source_rows(event: Event, t: Translator | None = None) -> list[tuple[str, Markup]]:
    """Rows for the details list: the sources, and the conflicting figures when there are any."""
    t = t or translator(DEFAULT_LANGUAGE)
    count = corroboration(event)
    outlets = t.ngettext("{count} independent outlet", "{count} independent outlets", count).format(
        count=t.digits(count))
    rows = [(t.gettext("Sources ({count}; {outlets})").format(count=t.digits(len(event.sources) + 1),
                                                              outlets=outlets),
             sources_table_html(event, t))]
    conflicts = conflicts_html(event, t)
    if conflicts:
        rows.append((t.gettext("Figures that disagree"), conflicts))
    return rows

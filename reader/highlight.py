"""The pasted text as HTML with the findings marked; every piece of user text is escaped."""
from __future__ import annotations

import html

from geodata.gazetteer import Gazetteer
from reader.quantities import figure
from reader.reading import Reading
from reader.text import is_mostly_arabic

# kind -> (css class, inline style): inline so the markup also reads right outside the app.
STYLES = {
    "place": "background:#ffe08a;border-radius:3px;padding:0 2px",
    "date": "background:#b9e3ff;border-radius:3px;padding:0 2px",
    "count": "background:#c9f2c7;border-radius:3px;padding:0 2px",
    "money": "background:#f7c6e0;border-radius:3px;padding:0 2px",
}


def _marks(reading: Reading, gazetteer: Gazetteer | None):
    for place in reading.places:
        target = gazetteer.get(place.place_id) if gazetteer else None
        title = target.label() if target else place.place_id
        if place.is_ambiguous:
            title += f" (or: {', '.join(c for c in place.candidates if c != place.place_id)})"
        yield place.start, place.end, "place", f"{title} [{place.place_id}]"
    for date in reading.dates:
        window = (f"{date.date_start} – {date.date_end}" if date.date_start != date.date_end else f"{date.date_start}") \
            if date.is_resolved else "open"
        yield date.start, date.end, "date", f"{window} ({date.precision}); {date.basis}"
    for count in reading.counts:
        text = figure(count.minimum, count.maximum)
        yield count.start, count.end, "count", f"{'~' if count.approximate else ''}{text} {count.unit or '(unit?)'}"
    for amount in reading.amounts:
        text = figure(amount.minimum, amount.maximum, thousands=True)
        yield amount.start, amount.end, "money", f"{text} USD" + (" per person" if amount.per_person else "")


def _chosen(reading: Reading, gazetteer: Gazetteer | None) -> list[tuple[int, int, str, str]]:
    chosen, taken_until = [], -1
    for start, end, kind, title in sorted(_marks(reading, gazetteer), key=lambda m: (m[0], -(m[1] - m[0]))):
        if start >= taken_until:          # overlapping findings: the earlier, longer one wins
            chosen.append((start, end, kind, title))
            taken_until = end
    return chosen


def _marked(text: str, chosen, first: int, last: int) -> str:
    """``text[first:last]`` escaped, with the findings inside it in <mark>."""
    pieces, position = [], first
    for start, end, kind, title in chosen:
        if start < first or end > last:
            continue
        pieces.append(html.escape(text[position:start]))
        pieces.append(f'<mark class="reader-{kind}" style="{STYLES[kind]}" title="{html.escape(title, quote=True)}">'
                      f"{html.escape(text[start:end])}</mark>")
        position = end
    pieces.append(html.escape(text[position:last]))
    return "".join(pieces)


def _div(css_class: str, text: str, inner: str) -> str:
    direction, lang = ("rtl", "ar") if is_mostly_arabic(text) else ("ltr", "en")
    return (f'<div class="{css_class}" dir="{direction}" lang="{lang}" '
            f'style="white-space:pre-wrap;unicode-bidi:plaintext;line-height:1.9;text-align:start">{inner}</div>')


def highlight_html(reading: Reading, gazetteer: Gazetteer | None = None) -> str:
    """A <div> with the text right-to-left (left-to-right for Latin text), findings in <mark>."""
    return _div("reader-text", reading.text, _marked(reading.text, _chosen(reading, gazetteer), 0, len(reading.text)))


def sentences_html(reading: Reading, spans, gazetteer: Gazetteer | None = None) -> str:
    """The sentences a draft rests on (``Draft.sentences``), each on its own line with its findings
    marked, in a <div class="reader-source">; "…" stands for the text left out between them."""
    chosen = _chosen(reading, gazetteer)
    lines = [_marked(reading.text, chosen, span.start, span.end) for span in spans]
    return _div("reader-source", " ".join(span.text for span in spans), "<br>… ".join(lines))

"""User text in Streamlit's Markdown-rendering calls (captions, alerts, labels): shown as typed, never run.

``st.markdown``, ``st.caption``, ``st.error`` and the like render Markdown: an ``![](http://...)`` in a
note would make every viewer's browser fetch that image (a tracking beacon, and a network call in
an air-gapped room), and a link would be clickable. :func:`plain` backslash-escapes every Markdown
and HTML punctuation mark, so the text shows exactly as typed; :func:`user` also isolates it
(FSI…PDI), so direction controls in it cannot reorder the sentence around it. HTML panels (details,
reader) go through ``st.html`` with every value escaped by ``markupsafe`` instead.
"""
from __future__ import annotations

import re
from typing import Any

from geodata.plaintext import isolate

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>&'\"=:$^%@])")


def plain(text: Any) -> str:
    """Text made inert for Markdown: every punctuation mark Markdown or HTML could read, backslash-escaped.

    Streamlit renders no raw HTML without ``unsafe_allow_html``, and the escapes also stop links,
    images, entities, emphasis and directives (``:material/...:``), so the text shows as typed.
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def isolated(text: Any) -> str:
    """:func:`plain`, isolated from the sentence it is put in (Unicode's plain-text ``<bdi>``)."""
    return isolate(plain(text))

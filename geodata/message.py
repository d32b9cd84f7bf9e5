"""A message for the user that the interface can translate: English text that remembers its template.

Lower layers (geodata, events, reader) cannot use the app's translator (``atlas.i18n``), so a message they
raise or return is a :class:`Message`: it *is* the English text (a ``str``, for logs, the CLI and tests) and
carries the template and values it was made from, so the interface shows ``_(template).format(**values)``.
Babel extracts ``Message("...")`` templates into the catalogs like ``_("...")``.
"""
from __future__ import annotations

from typing import Any


class Message(str):
    """``Message("{value!r} is not a date", value="x")`` == "'x' is not a date", with ``.template``/``.values``."""

    template: str
    values: dict[str, Any]

    def __new__(cls, template: str, **values: Any) -> "Message":
        made = super().__new__(cls, template.format(**values) if values else template)
        made.template, made.values = template, values
        return made

    def __reduce__(self):
        return (_rebuild, (self.template, self.values))


def _rebuild(template: str, values: dict[str, Any]) -> Message:
    return Message(template, **values)

"""Exceptions of the geodata package: one root, mixed with builtins (after geopy's exc.py).

"Not found" is never an exception here: lookups return ``None``.
"""


class GeodataError(Exception):
    """Root of every error raised by geodata."""


class GeodataValueError(GeodataError, ValueError):
    """A value (coordinate, precision, kind, id) is not acceptable."""


class GazetteerDataError(GeodataError, ValueError):
    """The gazetteer file is malformed; the message names the row and the field."""


class AmbiguousPlaceError(GeodataError, LookupError):
    """A name matches several places equally well; ``candidates`` lists them."""

    def __init__(self, query: str, candidates):
        self.query = query
        self.candidates = list(candidates)
        names = ", ".join(f"{c.id} ({c.name_en}, {c.governorate_id})" for c in self.candidates)
        super().__init__(f"{query!r} is ambiguous; candidates: {names}")

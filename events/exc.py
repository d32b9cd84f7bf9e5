"""Exceptions of the events package: one root, mixed with builtins."""


class EventsError(Exception):
    """Root of every error raised by the events package."""


class EventValidationError(EventsError, ValueError):
    """A value of an event is not acceptable. ``field`` names it; ``row`` is set by loaders."""

    def __init__(self, field: str, message: str, *, row: int | None = None, event_id: str = ""):
        self.field = field
        self.message = message
        self.row = row
        self.event_id = event_id
        super().__init__(self._text())

    def _text(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.event_id:
            where.append(f"event {self.event_id}")
        prefix = (", ".join(where) + ": ") if where else ""
        return f"{prefix}field '{self.field}': {self.message}"

    def at(self, row: int | None = None, event_id: str = "") -> "EventValidationError":
        """The same error, located at a row / event (loaders call this)."""
        return EventValidationError(self.field, self.message, row=row, event_id=event_id or self.event_id)


class EventTableError(EventsError, ValueError):
    """A whole table failed to load; ``errors`` lists every EventValidationError found."""

    def __init__(self, source: str, errors):
        self.source = source
        self.errors = list(errors)
        lines = "\n".join(f"  - {e}" for e in self.errors)
        super().__init__(f"{source}: {len(self.errors)} invalid row(s)\n{lines}")

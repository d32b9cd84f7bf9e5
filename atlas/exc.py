"""Exceptions of the atlas package: one root, mixed with builtins.

"Not found" is not an exception for lookups (they return ``None``); it is one only when an
operation needs the thing to exist (editing an event that is not there).
"""
from __future__ import annotations

from geodata.message import Message


class AtlasError(Exception):
    """Root of every error raised by the atlas package."""


class StoreError(AtlasError):
    """Something went wrong in the team event store."""


class StoreBusyError(StoreError, TimeoutError):
    """The database stayed locked/busy through every retry. Nothing was written; try again."""

    def __init__(self, operation: str, attempts: int, cause: BaseException | None = None):
        self.operation = operation
        self.attempts = attempts
        self.cause = cause
        super().__init__(Message(
            "the event store is busy (locked by another user or program); {operation} did not go through after "
            "{attempts} attempt(s). Nothing was lost: try again in a moment.", operation=operation,
            attempts=attempts))


class StoreFaultError(StoreError):
    """The store itself is unusable (cannot be opened, read or written). ``problem`` says what is wrong,
    ``advice`` what to do, ``store`` which store (a file path, or a URL with the password hidden);
    the message is ``"{problem}; {advice}"``, one line, with no credentials in it."""

    def __init__(self, problem: str, advice: str, *, store: str = ""):
        self.problem = problem
        self.advice = advice
        self.store = store
        super().__init__(Message("{problem}; {advice}", problem=problem, advice=advice))   # translatable, whole


class StoreUnavailableError(StoreFaultError):
    """The store cannot be reached or opened: server down, login refused, database or folder missing."""


class StoreCorruptError(StoreFaultError):
    """The store file is not a readable SQLite database (garbage or truncated). It is never rewritten."""


class StoreReadOnlyError(StoreFaultError):
    """The store refuses writes: read-only file or folder, read-only database or server."""


class StoreFullError(StoreFaultError):
    """The disk holding the store (or the store's size limit) is full."""


class StoreSchemaTooNewError(StoreFaultError):
    """The store's schema was written by a newer version of the app; it is neither migrated nor changed."""

    def __init__(self, problem: str, advice: str, *, store: str = "", revisions: tuple[str, ...] = ()):
        self.revisions = revisions
        super().__init__(problem, advice, store=store)


class StoreValueError(StoreError, ValueError):
    """A value handed to the store is not acceptable; ``field`` names it."""

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(f"field '{field}': {message}")


class UnknownEventError(StoreError, LookupError):
    """An edit names an event id the store does not hold."""

    def __init__(self, event_id: str):
        self.event_id = event_id
        super().__init__(f"no team event with id {event_id!r}")


class DuplicateIdError(StoreError, ValueError):
    """An event or place with this id is already stored (ids are never reused)."""

    def __init__(self, kind: str, item_id: str):
        self.kind = kind
        self.item_id = item_id
        super().__init__(f"a {kind} with id {item_id!r} already exists")


class EditConflictError(StoreError, RuntimeError):
    """Someone else changed the event since it was loaded (optimistic concurrency)."""

    def __init__(self, event_id: str, expected: int, actual: int):
        self.event_id = event_id
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"event {event_id!r} was changed by someone else (you edited version {expected}, "
            f"it is now at version {actual}); reload it and apply your change again")


class StaleReviewError(EditConflictError):
    """A review action (verify, back to draft, retract, restore) on a version the reviewer no longer sees."""

    def __init__(self, event_id: str, expected: int, actual: int, action: str = "review"):
        StoreError.__init__(
            self, f"event {event_id!r} changed since you looked at it (you saw version {expected}, it is now at "
                  f"version {actual}); nothing was changed: look at it again before you {action} it")
        self.event_id, self.expected, self.actual, self.action = event_id, expected, actual, action


class SelfReviewError(StoreError, PermissionError):
    """Four eyes: an editor may not verify an event they created or last changed (``field`` is 'status')."""

    def __init__(self, event_id: str, user: str, role: str):
        self.event_id, self.user, self.role = event_id, user, role
        self.field = "status"
        self.message = (f"{user} {role} this event, so another editor must verify it (four eyes; "
                        "a one-person team can allow self-review with the setting ATLAS_ALLOW_SELF_REVIEW=true)")
        super().__init__(f"event {event_id!r}: {self.message}" if event_id else self.message)


class StatusChangeError(StoreError, ValueError):
    """A status change that the review workflow does not allow."""


class CatalogError(AtlasError, ValueError):
    """Curated and team events cannot be shown together (e.g. an id used by both)."""


class SettingValueError(AtlasError, ValueError):
    """A setting holds a value of the wrong kind (e.g. text where a whole number is needed)."""


class AuthConfigError(AtlasError, ValueError):
    """The authentication settings are not usable (unknown ATLAS_AUTH mode)."""

"""Plain values as typed or read from a file -> checked Python values: dates, numbers, lists, yes/no.

Shared by the event (events.schema), its further sources (events.sources) and the form; every problem is an
EventValidationError naming the field.
"""
from __future__ import annotations

import datetime as dt

from events import limits
from events.exc import EventValidationError
from geodata.message import Message

LIST_SEPARATOR = "|"


def reject(field_name: str, message: str):
    raise EventValidationError(field_name, message)


def parse_date(value, field_name: str) -> dt.date | None:
    """ISO date (YYYY-MM-DD) or empty -> date or None. Anything else is a clear error."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        reject(field_name, Message("{value!r} is not a date in YYYY-MM-DD form", value=text))


def parse_number(value, field_name: str, *, integer: bool = False):
    """Number or empty -> number or None; negative, non-numeric and too large values are errors.

    The largest value of each field is in :mod:`events.limits` (the same on every database).
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        reject(field_name, Message("{value!r} is not a number", value=value))
    if isinstance(value, int):
        number = value                     # exact, however large: compared with the limit below
    else:
        try:
            number = float(value) if isinstance(value, float) else float(str(value).strip().replace(",", ""))
        except (ValueError, OverflowError):
            reject(field_name, Message("{value!r} is not a number", value=value))
    if number != number or number in (float("inf"), float("-inf")):
        reject(field_name, Message("{value!r} is not a finite number", value=value))
    if number < 0:
        reject(field_name, Message("{value!r} must not be negative", value=value))
    too_large = limits.number_problem(field_name, number)
    if too_large:
        reject(field_name, too_large)
    if integer:
        if number != int(number):
            reject(field_name, f"{value!r} must be a whole number")
        return int(number)
    return float(number)


def parse_list(value) -> tuple[str, ...]:
    """'a | b' / ['a', 'b'] -> ('a', 'b'); blanks dropped."""
    if value is None or value == "":
        return ()
    items = value.split(LIST_SEPARATOR) if isinstance(value, str) else list(value)
    return tuple(str(v).strip() for v in items if str(v).strip())


def parse_bool(value, field_name: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().lower()
    if text in ("true", "yes", "1", "y"):
        return True
    if text in ("false", "no", "0", "n", ""):
        return False
    reject(field_name, f"{value!r} is not yes/no")

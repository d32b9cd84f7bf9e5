"""Movement events from Arabic reports: schema, curated table, geometry, filters, exports."""
from events.exc import EventTableError, EventValidationError, EventsError
from events.schema import FIELDS, Event
from events.vocabulary import EVENT_TYPES, OUTCOMES

__all__ = ["Event", "EVENT_TYPES", "OUTCOMES", "FIELDS", "EventsError", "EventValidationError", "EventTableError"]

"""Exceptions of the report reader: one root, mixed with builtins."""
from __future__ import annotations


class ReaderError(Exception):
    """Root of every error raised by reader."""


class ReaderValueError(ReaderError, ValueError):
    """An input to the reader is not acceptable; ``field`` names it."""

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(f"field '{field}': {message}")

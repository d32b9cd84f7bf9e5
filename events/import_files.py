"""Reading an import file, streaming: its format, its size, its columns, and its rows as raw records with the
line (CSV: the physical line where a row starts, header = 1) or feature number (GeoJSON, from 1) they came
from. GeoJSON goes through ijson's event stream, never into one big object, and nesting deeper than the
limit is refused before the parser goes deeper. What the rows mean is checked in events.importing."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator

import ijson

from events.csv_format import COLUMNS, COMMENT, restore_cell
from events.exc import EventsError
from events.schema import FIELDS
from geodata.message import Message

REQUIRED_COLUMNS = ("id", "event_type", "outlet", "quote_ar", "summary_en")


FORMATS = ("csv", "geojson")


BOM = b"\xef\xbb\xbf"


DEFAULT_MAX_BYTES = 256 * 1024 * 1024


DEFAULT_MAX_DEPTH = 32     # our GeoJSON exports nest 6 levels (collection, features, feature, geometry, ...)


class ImportFormatError(EventsError, ValueError):
    """The file as a whole cannot be read as one of our exports; nothing was imported."""


@dataclass(frozen=True)
class ImportLimits:
    """How large a file and how deep a JSON nesting import accepts, and the settings that say so
    (named in the error, so the user knows what to change)."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_depth: int = DEFAULT_MAX_DEPTH
    bytes_setting: str = "ATLAS_IMPORT_MAX_BYTES"
    depth_setting: str = "ATLAS_IMPORT_MAX_DEPTH"


@dataclass(frozen=True)
class RawRecord:
    """One row as read, before validation; ``problem`` says why it cannot even be read as a record."""

    row: int
    record: dict
    unit: str = "line"
    problem: str = ""


def detect_format(name: str, head: bytes | str) -> str:
    """csv or geojson, from the file name's suffix, else from its first character."""
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".geojson", ".json"):
        return "geojson"
    if isinstance(head, bytes):
        head = head.removeprefix(BOM).decode("utf-8", "replace")
    return "geojson" if head.lstrip().startswith("{") else "csv"


def _check_columns(columns, name: str) -> None:
    columns = list(columns)
    doubled = sorted({c for c in columns if columns.count(c) > 1})
    unknown = [c for c in columns if c not in COLUMNS]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    problems = []
    if doubled:
        problems.append(Message("repeated column(s): {columns}", columns=", ".join(doubled)))
    if unknown:
        problems.append(Message("unknown column(s): {columns}", columns=", ".join(map(repr, unknown[:8]))))
    if missing:
        problems.append(Message("missing column(s): {columns}", columns=", ".join(missing)))
    if problems:
        raise ImportFormatError(Message("{name}: wrong columns for an event export ({problems}); expected the columns "
                                        "of an Atlas export: {fields}", name=name,
                                        problems=_joined(problems),
                                        fields=", ".join(FIELDS)))


def _joined(parts: list[Message]) -> Message:
    """Several problems as one message that still translates part by part."""
    joined = parts[0]
    for more in parts[1:]:
        joined = Message("{first}; {more}", first=joined, more=more)
    return joined


_UNDECODABLE = re.compile("[\udc80-\udcff]")   # bytes that are not UTF-8, as surrogateescape keeps them


def _text_lines(text: io.TextIOBase, name: str) -> Iterator[str]:
    """The file's physical lines, with a clear error naming the first line that is not UTF-8."""
    number = 0
    for number, line in enumerate(iter(text.readline, ""), start=1):
        if _UNDECODABLE.search(line):
            raise ImportFormatError(Message("{name}: not UTF-8 text (a bad byte on line {number}); save the file "
                                            "as UTF-8 (Excel: 'CSV UTF-8')", name=name, number=number))
        yield line


def _csv_records(binary: BinaryIO, name: str) -> Iterator[RawRecord]:
    text = io.TextIOWrapper(binary, encoding="utf-8-sig", errors="surrogateescape", newline="")
    try:
        reader = csv.reader(_text_lines(text, name))
        header, start = None, 1
        while header is None:
            start = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                raise ImportFormatError(Message("{name}: the file is empty", name=name)) from None
            except csv.Error as exc:
                raise ImportFormatError(Message("{name}: line {start}: not a readable CSV file ({problem})", name=name,
                                                start=start, problem=str(exc))) from None
            if any(cell.strip() for cell in cells) and not cells[0].startswith(COMMENT):   # a note line (drafts stamp)
                header = [restore_cell(cell).strip() for cell in cells]
        if any("\x00" in cell for cell in header):     # UTF-16 or a binary file that happens to decode
            raise ImportFormatError(Message("{name}: the header contains NUL bytes; this is not a text export",
                                            name=name))
        _check_columns(header, name)
        while True:
            start = reader.line_num + 1    # the physical line where the next row starts
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:       # e.g. a cell longer than any field holds (an unclosed quote)
                raise ImportFormatError(Message("{name}: line {start}: not a readable CSV row ({problem}); no field "
                                                "of an event holds that much: is a quote (\") left open?", name=name,
                                                start=start, problem=str(exc))) from None
            if not any(cell.strip() for cell in cells):
                continue  # blank line (e.g. at the end of a hand-edited file)
            if len(cells) != len(header):
                yield RawRecord(start, {}, problem=Message("has {cells} cells, the header has {columns}",
                                                           cells=len(cells), columns=len(header)))
                continue
            yield RawRecord(start, {col: restore_cell(cell) for col, cell in zip(header, cells)})
    finally:
        text.detach()   # hand the binary stream back unclosed: the second pass reads it again


class _CountingReader:
    """A binary stream as ijson reads it: counts the bytes (for error positions)."""

    def __init__(self, binary: BinaryIO):
        self.binary = binary
        self.offset = 0
        head = binary.read(len(BOM))
        self._pending = b"" if head == BOM else head

    def read(self, size: int = -1) -> bytes:
        if size == 0:          # ijson asks for 0 bytes to learn whether the stream gives bytes or text
            return b""
        if self._pending:
            data, self._pending = self._pending, b""
            return data
        data = self.binary.read(size)
        self.offset += len(data)
        return data


_OPENING = {"start_map": "end_map", "start_array": "end_array"}


def _json_events(reader: _CountingReader, name: str, limits: ImportLimits) -> Iterator[tuple[str, object]]:
    """ijson's flat event stream, refused as soon as it nests deeper than ``limits.max_depth``."""
    depth = 0
    parser = ijson.basic_parse(reader, use_float=True)
    while True:
        try:
            event, value = next(parser)
        except StopIteration:
            return
        except ijson.JSONError as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else "unreadable"
            if "UTF8" in first:
                message = Message("{name}: not UTF-8 text (near byte {offset:,}: {problem})", name=name,
                                  offset=reader.offset, problem=first)
            else:
                message = Message("{name}: not valid JSON (near byte {offset:,}: {problem})", name=name,
                                  offset=reader.offset, problem=first)
            raise ImportFormatError(message) from None
        if event in _OPENING:
            depth += 1
            if depth > limits.max_depth:
                raise ImportFormatError(Message(
                    "{name}: JSON nested deeper than {depth} levels (near byte {offset:,}); an Atlas GeoJSON export "
                    "nests 6. Refused (setting {setting}).", name=name, depth=limits.max_depth, offset=reader.offset,
                    setting=limits.depth_setting))
        elif event in ("end_map", "end_array"):
            depth -= 1
        yield event, value


def _value(first: tuple[str, object], events: Iterator[tuple[str, object]]):
    """The whole JSON value that starts with ``first`` (built without recursion)."""
    event, value = first
    if event not in _OPENING:
        return value
    builder = ijson.ObjectBuilder()
    builder.event(event, value)
    depth = 1
    for event, value in events:
        builder.event(event, value)
        depth += 1 if event in _OPENING else -1 if event in ("end_map", "end_array") else 0
        if depth == 0:
            return builder.value
    return builder.value


def _not_collection(name: str) -> ImportFormatError:
    return ImportFormatError(Message("{name}: not a GeoJSON FeatureCollection (expected {shape})", name=name,
                                     shape='{"type": "FeatureCollection", "features": [...]}'))


def _geojson_records(binary: BinaryIO, name: str, limits: ImportLimits) -> Iterator[RawRecord]:
    reader = _CountingReader(binary)
    events = _json_events(reader, name, limits)
    first = next(events, None)
    if first is None:
        raise ImportFormatError(Message("{name}: the file is empty", name=name))
    if first[0] != "start_map":
        raise _not_collection(name)
    kind, had_features, columns = None, False, set()
    for event, key in events:
        if event == "end_map":
            break
        # event is a map_key of the top-level object
        following = next(events)
        if key == "type":
            kind = _value(following, events)
        elif key == "features":
            if following[0] != "start_array":
                raise _not_collection(name)
            had_features = True
            index = 0
            for item in events:
                if item[0] == "end_array":
                    break
                index += 1
                feature = _value(item, events)
                properties = feature.get("properties") if isinstance(feature, dict) else None
                if not isinstance(properties, dict):
                    yield RawRecord(index, {}, "feature", problem=Message("is not a GeoJSON feature with properties"))
                    continue
                unknown = set(properties) - set(COLUMNS)
                if unknown:
                    _check_columns(sorted(properties), name)
                columns.update(properties)
                yield RawRecord(index, properties, "feature")
        else:
            _value(following, events)     # bbox, crs, name, ...: read past, still depth-checked
    if kind != "FeatureCollection" or not had_features:
        raise _not_collection(name)
    if columns:
        _check_columns(sorted(columns), name)
    for _ in events:                        # the parser checks that nothing follows the object
        pass


def iter_records(binary: BinaryIO, name: str = "file", fmt: str | None = None,
                 limits: ImportLimits = ImportLimits()) -> Iterator[RawRecord]:
    """Every row of an export read from ``binary`` (from its start), one at a time. Raises
    ImportFormatError, while iterating, for a file that is not ours."""
    head = binary.read(64)
    binary.seek(0)
    fmt = fmt or detect_format(name, head)
    if fmt not in FORMATS:
        raise ImportFormatError(Message("format: {fmt!r} is not one of {formats}", fmt=fmt, formats=", ".join(FORMATS)))
    if fmt == "csv":
        return _csv_records(binary, name)
    return _geojson_records(binary, name, limits)


def read_records(data: bytes, name: str = "file", fmt: str | None = None,
                 limits: ImportLimits = ImportLimits()) -> list[RawRecord]:
    """Every row of a file held in memory (small files, tests). Raises ImportFormatError."""
    check_size(len(data), name, limits)
    return list(iter_records(io.BytesIO(data), name, fmt, limits))


def check_size(size: int, name: str, limits: ImportLimits) -> None:
    if size > limits.max_bytes:
        raise ImportFormatError(Message(
            "{name}: the file has {size:,} bytes, more than the import limit of {limit:,} bytes (setting {setting}); "
            "split it into smaller files or raise the setting", name=name, size=size, limit=limits.max_bytes,
            setting=limits.bytes_setting))

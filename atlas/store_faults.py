"""What a database or OS error of the team store means for its user, as an ``atlas.exc`` error.

:class:`atlas.store.EventStore` hands every error of the database driver (and of creating its data
folder) to :func:`translate`; each kind a user can act on becomes its own class with a one-line
message saying what is wrong and what to do. A store is named by its file path, or by its URL with
the password hidden; no message ever quotes a password.
"""
from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from atlas.exc import (StoreBusyError, StoreCorruptError, StoreError, StoreFullError, StoreReadOnlyError,
                       StoreSchemaTooNewError, StoreUnavailableError)
from geodata.message import Message

# SQLite primary result codes (the low byte of an extended code), https://sqlite.org/rescode.html
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 3, 5, 6, 8
_SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 10, 11, 13, 14, 26
# PostgreSQL SQLSTATEs meaning "try again": serialization failure, deadlock, lock not available.
PG_RETRY_STATES = {"40001", "40P01", "55P03"}
MIN_FREE_BYTES = 1024 * 1024   # below this the disk of a SQLite store counts as full
_URL_PASSWORD = re.compile(r"(\b[a-z][a-z0-9+.-]*://[^\s:/@]*:)[^\s@]*@", re.IGNORECASE)
_DATA_DIR_ADVICE = Message("or set ATLAS_DATA_DIR (or EVENTS_DB_URL) to another place")


@dataclass(frozen=True)
class Location:
    """Which store, for messages: ``label`` is the SQLite file path or the URL with its password hidden."""

    label: str
    path: Path | None = None          # the SQLite file (None in memory or on a server)
    password: str | None = None       # only to scrub it from driver messages, never shown

    @classmethod
    def of(cls, url: sa.URL) -> "Location":
        if url.get_backend_name() == "sqlite":
            if url.database and url.database != ":memory:":
                return cls(url.database, Path(url.database))
            return cls("in memory")
        return cls(url.render_as_string(hide_password=True), password=url.password or None)

    @property
    def folder(self) -> Path | None:
        return self.path.parent if self.path is not None else None


def hide_passwords(text: str, password: str | None = None) -> str:
    """``text`` with the password of any ``scheme://user:password@`` URL (and ``password``) replaced by ***."""
    if password:
        text = text.replace(password, "***")
    return _URL_PASSWORD.sub(r"\1***@", text)


def _detail(orig: BaseException, where: Location) -> str:
    """The driver's own words, on one line, without its class prefix or a password."""
    lines = [line.strip() for line in str(orig).splitlines() if line.strip()]
    text = lines[0] if lines else type(orig).__name__
    if "failed: " in text:           # libpq: 'connection to server at "h", port p failed: FATAL:  why'
        text = text.rsplit("failed: ", 1)[1]
    text = re.sub(r"^(FATAL|ERROR):\s+", "", text)
    return hide_passwords(text, where.password)


# -- errors made by the store itself -----------------------------------------------------------------
def bad_url(problem: str) -> StoreUnavailableError:
    return StoreUnavailableError(
        Message("the team store setting EVENTS_DB_URL is not a usable database URL ({problem})", problem=problem),
        Message("give a SQLAlchemy URL such as sqlite:////path/to/atlas.sqlite3 or "
                "postgresql+psycopg://user:password@host/dbname"))


def folder_fault(where: Location, error: OSError) -> StoreUnavailableError:
    """The data folder of a SQLite store is missing and cannot be created."""
    folder = where.folder
    if folder is not None and folder.exists() and not folder.is_dir():
        problem = Message("the data folder {folder} of the team store is a file, not a folder", folder=folder)
    else:
        problem = Message("the data folder {folder} of the team store does not exist and cannot be created "
                          "({why})", folder=folder, why=error.strerror or error)
    return StoreUnavailableError(problem, Message("create it, writable by the user running Checkpoint Atlas, "
                                                  "{data_dir}", data_dir=_DATA_DIR_ADVICE), store=where.label)


def schema_too_new(where: Location, unknown: tuple[str, ...], head: str) -> StoreSchemaTooNewError:
    return StoreSchemaTooNewError(
        Message("the team store {store} has schema revision {revisions}, which this version of Checkpoint Atlas "
                "does not know (its newest is {head}): it was written by a newer version", store=where.label,
                revisions=", ".join(unknown), head=head),
        Message("update Checkpoint Atlas to the version that wrote it; the store was not migrated or changed"),
        store=where.label, revisions=unknown)


def full(where: Location, why: str) -> StoreFullError:
    return StoreFullError(Message("the team store {store} is full ({why})", store=where.label, why=why),
                          Message("free some disk space (or raise the store's size limit), then try again; nothing "
                                  "saved before was lost"), store=where.label)


def corrupt(where: Location, detail: str) -> StoreCorruptError:
    return StoreCorruptError(
        Message("the team store {store} is not a readable SQLite database (corrupt or truncated: {detail})",
                store=where.label, detail=detail),
        Message("it was left untouched: restore it from a backup, or move it aside to start an empty store"),
        store=where.label)


def read_only(where: Location, why: str, advice: str) -> StoreReadOnlyError:
    return StoreReadOnlyError(Message("the team store {store} cannot be written: {why}", store=where.label, why=why),
                              advice, store=where.label)


def folder_read_only(where: Location) -> StoreReadOnlyError:
    return read_only(where, Message("its folder {folder} is read-only", folder=where.folder),
                     Message("make the folder writable for the user running Checkpoint Atlas (SQLite keeps its "
                             "journal files beside the store), {data_dir}", data_dir=_DATA_DIR_ADVICE))


def disk_free_bytes(folder: Path) -> int:
    """Bytes this process may still write on the disk holding ``folder`` (root may use the reserve)."""
    stat = os.statvfs(folder)
    return (stat.f_bfree if os.geteuid() == 0 else stat.f_bavail) * stat.f_frsize


# -- translation of driver errors --------------------------------------------------------------------
def translate(exc: BaseException, where: Location, operation: str) -> StoreError | None:
    """The atlas error for a driver error (``sqlalchemy.exc.DBAPIError`` or a raw ``sqlite3.Error``),
    or None for errors that are not faults of the store (constraint and programming errors)."""
    orig = exc.orig if isinstance(exc, sa.exc.DBAPIError) else exc
    if isinstance(orig, sqlite3.Error):
        fault = _sqlite_fault(orig, where, operation)
    else:
        fault = _server_fault(orig, where, operation)
    if fault is not None:
        return fault
    if isinstance(orig, (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.DataError,
                         sqlite3.NotSupportedError, sqlite3.InterfaceError)) or isinstance(
            exc, (sa.exc.IntegrityError, sa.exc.ProgrammingError, sa.exc.DataError, sa.exc.NotSupportedError)):
        return None
    return StoreError(Message("the team store {store} failed while {operation} ({detail}); nothing was changed by "
                              "it: try again, and if it happens again check the database", store=where.label,
                              operation=operation, detail=_detail(orig, where)))


def _sqlite_fault(orig: sqlite3.Error, where: Location, operation: str) -> StoreError | None:
    code = getattr(orig, "sqlite_errorcode", None)
    primary = code & 0xFF if code is not None else None
    name = getattr(orig, "sqlite_errorname", "") or ""
    detail = _detail(orig, where)
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return StoreBusyError(operation, 1, orig)
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return corrupt(where, detail)
    if primary == _SQLITE_FULL:
        return full(where, Message("the disk holding it has no room left, or the store reached its size limit"))
    if primary == _SQLITE_READONLY:
        folder = where.folder
        if name == "SQLITE_READONLY_DIRECTORY" or (folder is not None and not os.access(folder, os.W_OK)):
            return folder_read_only(where)
        return read_only(where, Message("the file is read-only"),
                         Message("make it and its -wal and -shm files beside it writable for the user running "
                                 "Checkpoint Atlas (e.g. chmod u+w {store}*), {data_dir}", store=where.label,
                                 data_dir=_DATA_DIR_ADVICE))
    if primary in (_SQLITE_CANTOPEN, _SQLITE_PERM):
        return _cannot_open(where, detail)
    if primary == _SQLITE_IOERR:
        return StoreUnavailableError(Message("reading or writing the team store {store} failed with a disk error "
                                             "({detail})", store=where.label, detail=detail),
                                     Message("check the disk or network share it is on, then try again"),
                                     store=where.label)
    return None


def _cannot_open(where: Location, detail: str) -> StoreError:
    path, folder = where.path, where.folder
    advice = Message("make it readable and writable for the user running Checkpoint Atlas, {data_dir}",
                     data_dir=_DATA_DIR_ADVICE)
    if folder is not None and not folder.is_dir():
        return folder_fault(where, FileNotFoundError(2, "No such file or directory"))
    if path is not None and path.exists() and not os.access(path, os.R_OK | os.W_OK):
        if os.access(path, os.R_OK):
            return read_only(where, Message("the file is read-only"), advice)
        return StoreUnavailableError(Message("the team store {store} cannot be opened (permission denied)",
                                             store=where.label), advice, store=where.label)
    if folder is not None and not os.access(folder, os.W_OK):
        return folder_read_only(where)
    return StoreUnavailableError(Message("the team store {store} cannot be opened ({detail})", store=where.label,
                                         detail=detail), advice, store=where.label)


def _server_fault(orig: BaseException, where: Location, operation: str) -> StoreError | None:
    state = getattr(orig, "sqlstate", None) or ""
    detail = _detail(orig, where)
    if state in PG_RETRY_STATES:
        return StoreBusyError(operation, 1, orig)
    if state == "3D000" or (not state and re.search(r'database ".*" does not exist', detail)):
        return StoreUnavailableError(Message("the database of the team store {store} does not exist", store=where.label),
                                     Message("create it (e.g. createdb NAME) or correct EVENTS_DB_URL"),
                                     store=where.label)
    if state.startswith("28") or (not state and re.search(
            r"authentication|role \".*\" does not exist|pg_hba\.conf|password", detail, re.IGNORECASE)):
        return StoreUnavailableError(Message("the database server refused the login to the team store {store} "
                                             "({detail})", store=where.label, detail=detail),
                                     Message("check the user name and password in EVENTS_DB_URL, or ask the "
                                             "database administrator for access"), store=where.label)
    if state.startswith("08") or state in ("57P01", "57P02", "57P03") or (
            not state and type(orig).__name__ in ("OperationalError", "InterfaceError")):
        return StoreUnavailableError(Message("cannot reach the database server of the team store {store} "
                                             "({detail})", store=where.label, detail=detail),
                                     Message("check that the server is running and reachable and that "
                                             "EVENTS_DB_URL names the right host and port, then try again"),
                                     store=where.label)
    if state == "25006":
        return read_only(where, Message("the database only allows reading ({detail})", detail=detail),
                         Message("ask the database administrator to allow writes (default_transaction_read_only "
                                 "off, the primary server rather than a standby)"))
    if state == "42501":
        return read_only(where, Message("its database user may not change it ({detail})", detail=detail),
                         Message("grant the user the rights to insert and update the store's tables, or use an "
                                 "account that has them"))
    if state == "53100":
        return full(where, Message("the database server's disk is full"))
    if state.startswith("53") or state.startswith("58"):
        return StoreUnavailableError(Message("the database server of the team store {store} cannot serve it now "
                                             "({detail})", store=where.label, detail=detail),
                                     Message("try again later, or ask the database administrator"),
                                     store=where.label)
    if state in ("XX001", "XX002"):
        return StoreCorruptError(Message("the database server reports corrupt data in the team store {store} "
                                         "({detail})", store=where.label, detail=detail),
                                 Message("ask the database administrator to restore it from a backup"),
                                 store=where.label)
    return None


__all__ = ["Location", "translate", "hide_passwords", "bad_url", "folder_fault", "schema_too_new", "full",
           "corrupt", "read_only", "folder_read_only", "disk_free_bytes", "PG_RETRY_STATES", "MIN_FREE_BYTES"]

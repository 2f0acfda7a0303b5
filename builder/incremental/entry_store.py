"""Cache entries by key in one SQLite file: the converted articles of every build.

One file per entry made a cold build of 10,000 articles create 10,000 files, and on a
file system that has just deleted as many (the last output and cache), choosing an
inode for each new file took three seconds where one SQLite file takes a fifth of one
(bench/RESULTS.md). SQLite keeps the file whole when a build is killed while writing,
and lets the build's processes read and write it at once.

Everything here is tolerant, as the rest of the cache is: a file that is not a database
of this layout (damaged, planted, from an older version) is replaced by an empty one, and
a store that cannot be opened or written reads as empty and keeps nothing. Only the one
table is ever read, by its key, so a planted file can run nothing: its schema must be
exactly ours before any query touches it.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
from functools import lru_cache
from pathlib import Path

# Rows keep SQLite's own increasing row ids and the key has an index of its own: a new
# entry is appended to the table instead of being placed by its (random) key, and an
# entry of a few kilobytes fits one page instead of spilling over into others, which at
# 100,000 entries reads three times and writes twice as fast as a table keyed by the key.
_SCHEMA = "CREATE TABLE entries (key TEXT NOT NULL UNIQUE, data BLOB NOT NULL)"
_BUSY_MS = 60_000  # another process of the build (or the preview) writing: wait for it
_SUFFIXES = ("", "-wal", "-shm", "-journal")
_KEYS_PER_QUERY = 500  # under SQLite's oldest limit of 999 values in one statement


@lru_cache(maxsize=1)
def _expected_master() -> list[tuple]:
    """What sqlite_master holds in a store of our layout and nothing else."""
    memory = sqlite3.connect(":memory:")
    try:
        memory.execute(_SCHEMA)
        return _master(memory)
    finally:
        memory.close()


class EntryStore:
    """Bytes by key in one SQLite file; each process opens its own connection (a build's
    forked workers read and write it too, and a connection must not cross a fork)."""

    def __init__(self, path: Path):
        self.path = path
        self._connections: dict[int, sqlite3.Connection | None] = {}

    def get(self, key: str) -> bytes | None:
        """The entry stored under `key`, or None."""
        connection = self._connection()
        if connection is None:
            return None
        try:
            row = connection.execute("SELECT data FROM entries WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        return row[0] if row and type(row[0]) is bytes else None

    def get_many(self, keys: list[str]) -> dict[str, bytes]:
        """The entries stored under any of `keys`, by key (one query: a query per key
        cost a new process 25 µs an article, 1.2 s of a one-article build at 100,000)."""
        connection = self._connection() if keys else None
        if connection is None:
            return {}
        found = {}
        try:
            for start in range(0, len(keys), _KEYS_PER_QUERY):
                part = keys[start:start + _KEYS_PER_QUERY]
                found.update(connection.execute(
                    f"SELECT key, data FROM entries WHERE key IN ({','.join('?' * len(part))})",
                    part))
        except sqlite3.Error:
            return {}
        return {key: data for key, data in found.items() if type(data) is bytes}

    def put_many(self, entries: list[tuple[str, bytes]]) -> None:
        """Store (key, data) pairs in one transaction (a store that cannot be written keeps
        nothing): a commit each cost a cold build's processes as much as the writing, and
        made them wait for each other's locks."""
        connection = self._connection() if entries else None
        if connection is None:
            return
        with contextlib.suppress(sqlite3.Error):
            with connection:
                connection.executemany(
                    "INSERT OR REPLACE INTO entries (key, data) VALUES (?, ?)", entries)

    def keys(self) -> set[str]:
        """The keys of every entry (none when the store cannot be read)."""
        connection = self._connection()
        if connection is None:
            return set()
        try:
            return {key for key, in connection.execute("SELECT key FROM entries")}
        except sqlite3.Error:
            return set()

    def delete(self, keys: list[str]) -> None:
        """Delete the entries of these keys (a store that cannot be written keeps them)."""
        connection = self._connection() if keys else None
        if connection is None:
            return
        with contextlib.suppress(sqlite3.Error):
            with connection:
                connection.executemany("DELETE FROM entries WHERE key = ?",
                                       [(key,) for key in keys])

    def keep_only(self, keys: set[str]) -> None:
        """Delete every entry whose key is not in `keys`."""
        connection = self._connection()
        if connection is None:
            return
        with contextlib.suppress(sqlite3.Error):
            with connection:
                # An edit leaves one stale entry among thousands: finding it by the keys
                # costs a read of the key index, where handing SQLite every kept key to
                # compare took an edit at 10,000 articles 0.08 s.
                stale = [(rowid,) for rowid, key in
                         connection.execute("SELECT rowid, key FROM entries") if key not in keys]
                connection.executemany("DELETE FROM entries WHERE rowid = ?", stale)

    def close(self) -> None:
        """Close this process's connection (the next use opens it again)."""
        connection = self._connections.pop(os.getpid(), None)
        if connection is not None:
            connection.close()

    def _connection(self) -> sqlite3.Connection | None:
        """This process's connection, opened on first use; None if the store is unusable."""
        pid = os.getpid()
        if pid not in self._connections:
            self._connections[pid] = self._open()
        return self._connections[pid]

    def _open(self) -> sqlite3.Connection | None:
        """A connection to a store of our layout, made afresh when the file is not one."""
        for attempt in range(2):
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                connection = sqlite3.connect(self.path, timeout=_BUSY_MS / 1000,
                                             isolation_level=None)
            except (OSError, sqlite3.Error):
                return None
            try:
                if _prepared(connection):
                    return connection
            except sqlite3.Error:
                pass
            connection.close()
            if attempt == 0 and not _remove(self.path):
                return None
        return None


def _prepared(connection: sqlite3.Connection) -> bool:
    """Set the connection up; True if its file is (now) a store of our layout."""
    connection.execute("PRAGMA trusted_schema = OFF")  # no function runs from the schema
    if not _master(connection):
        with contextlib.suppress(sqlite3.OperationalError):  # another process was first
            with connection:
                connection.execute(_SCHEMA)
    if _master(connection) != _expected_master():
        return False
    # Readers never wait for a writer; a cache needs no flush to disk after each entry
    # (a power cut may lose the last ones, never the file). The switch waits its turn.
    with contextlib.suppress(sqlite3.OperationalError):
        connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    return True


def _master(connection: sqlite3.Connection) -> list[tuple]:
    """The file's schema, as sqlite_master lists it."""
    return connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()


def _remove(path: Path) -> bool:
    """Delete a store file and its companions; False if it could not be."""
    try:
        for suffix in _SUFFIXES:
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    except OSError:
        return False
    return True

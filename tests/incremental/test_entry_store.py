"""The content cache's store: bytes by key in one SQLite file, tolerant of anything."""
from __future__ import annotations

import multiprocessing
import os
import sqlite3

import pytest

from builder.incremental.entry_store import EntryStore


def test_what_is_put_is_got_back(tmp_path):
    store = EntryStore(tmp_path / "c" / "s.sqlite")
    assert store.get("k") is None
    store.put_many([("k", b"\x00v\xff")])
    store.put_many([("k2", b"")])
    assert store.get("k") == b"\x00v\xff"
    assert store.get("k2") == b""
    store.put_many([("k", b"new")])
    store.close()
    again = EntryStore(tmp_path / "c" / "s.sqlite")
    assert again.get("k") == b"new"
    again.close()


def test_entries_put_together_are_all_got_back(tmp_path):
    store = EntryStore(tmp_path / "s.sqlite")
    store.put_many([("a", b"old")])
    store.put_many([("a", b"new"), ("b", b"\x00"), ("c", b"")])
    store.put_many([])
    assert [store.get(k) for k in ("a", "b", "c", "d")] == [b"new", b"\x00", b"", None]
    store.close()


def test_many_entries_are_got_back_at_once(tmp_path):
    """More keys than one query takes, some never stored: those found, by key."""
    store = EntryStore(tmp_path / "s.sqlite")
    store.put_many([(f"k{n}", f"v{n}".encode()) for n in range(0, 1200, 2)])
    keys = [f"k{n}" for n in range(1200)]
    assert store.get_many(keys) == {f"k{n}": f"v{n}".encode() for n in range(0, 1200, 2)}
    assert store.get_many([]) == {} and store.get_many(["khác"]) == {}
    store.close()


def test_keep_only_deletes_the_rest(tmp_path):
    store = EntryStore(tmp_path / "s.sqlite")
    for key in ("a", "b", "c"):
        store.put_many([(key, key.encode())])
    store.keep_only({"a", "c", "never-stored"})
    assert [store.get(k) for k in ("a", "b", "c")] == [b"a", None, b"c"]
    store.keep_only(set())
    assert store.get("a") is None
    store.close()


@pytest.mark.parametrize("content", [b"", b"not a database at all" * 100,
                                     b"SQLite format 3\x00" + b"\x00" * 200])
def test_a_damaged_file_is_replaced_by_an_empty_store(tmp_path, content):
    path = tmp_path / "s.sqlite"
    path.write_bytes(content)
    store = EntryStore(path)
    assert store.get("k") is None
    store.put_many([("k", b"v")])
    assert store.get("k") == b"v"
    store.close()


def test_a_store_of_another_shape_is_replaced(tmp_path):
    path = tmp_path / "s.sqlite"
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("CREATE TABLE entries (key TEXT, data TEXT)")
        connection.execute("INSERT INTO entries VALUES ('k', 'text, not bytes')")
    connection.close()
    store = EntryStore(path)
    assert store.get("k") is None
    store.put_many([("k", b"v")])
    store.close()
    fresh = EntryStore(tmp_path / "fresh.sqlite")
    fresh.put_many([("k", b"v")])
    fresh.close()
    assert _schema(path) == _schema(tmp_path / "fresh.sqlite")
    assert "text, not bytes" not in str(_schema(path))


def _schema(path) -> list[tuple]:
    """What sqlite_master lists for the file at `path`."""
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"
                                  " ORDER BY name").fetchall()
    finally:
        connection.close()


def test_a_value_that_is_not_bytes_reads_as_missing(tmp_path):
    path = tmp_path / "s.sqlite"
    store = EntryStore(path)
    store.put_many([("k", b"v")])
    store.close()
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE entries SET data = 'text'")
    connection.close()
    assert EntryStore(path).get("k") is None


def test_a_store_in_place_of_a_folder_keeps_nothing(tmp_path):
    # The store's name taken by a folder: it cannot be opened, nor deleted as a file.
    (tmp_path / "s.sqlite").mkdir()
    store = EntryStore(tmp_path / "s.sqlite")
    store.put_many([("k", b"v")])
    assert store.get("k") is None
    store.keep_only(set())
    assert (tmp_path / "s.sqlite").is_dir()


def _write_many(path, start: int) -> None:
    """A worker of the build: its own connection, entries of its own."""
    store = EntryStore(path)
    for i in range(start, start + 200):
        store.put_many([(f"k{i}", str(i).encode())])
    store.close()


def test_processes_write_at_once(tmp_path):
    # The build's forked workers each write the entries they made, while the main
    # process holds a connection of its own.
    path = tmp_path / "s.sqlite"
    store = EntryStore(path)
    store.put_many([("main", b"m")])
    context = multiprocessing.get_context("fork" if os.name != "nt" else "spawn")
    workers = [context.Process(target=_write_many, args=(path, n * 1000)) for n in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    assert store.get("main") == b"m"
    assert all(store.get(f"k{n * 1000 + i}") == str(n * 1000 + i).encode()
               for n in range(4) for i in range(200))
    store.close()

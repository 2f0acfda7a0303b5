"""Issue 17, item 2: nothing read from the cache folder can run code.

Every file the cache holds is replaced by a pickle that would create a file when
unpickled (the planted `pages.pickle` of the issue, and the same in every article entry
of the store, the page digests and the compiled templates, which Jinja itself would load
with pickle and marshal). The next build must ignore them all, build the same site and
run nothing. The store itself, planted whole, is a file of another shape: replaced.
"""
from __future__ import annotations

import os
import pickle
import shutil
import sqlite3

import jinja2.bccache

from builder.incremental import plain_data
from builder.incremental.cache import STORE_NAME
from builder.publish.output import SPARE_SITE
from builder.core.frozen import FrozenMap
from tests.conftest import ROOT, run_build_py
from tests.faults.helpers import tree_hash


class Planted:
    """Unpickling this runs a shell command."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def _built_sample(folder) -> str:
    """Build a copy of the sample site in `folder`; the output's tree hash."""
    shutil.copytree(ROOT / "content", folder / "content")
    shutil.copy(ROOT / "site.toml", folder / "site.toml")
    assert run_build_py("build", "--jobs", "1", cwd=folder).returncode == 0
    return tree_hash(folder / "output")


def _rebuilt(folder):
    """Build again with every article touched, so it cannot skip as "nothing changed"."""
    for article in (folder / "content").rglob("*.md"):
        os.utime(article)
    result = run_build_py("build", "--jobs", "1", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert "(không có gì thay đổi)" not in result.stdout
    return result


def test_planted_cache_files_never_run(tmp_path):
    marker = tmp_path / "PWNED"
    good = _built_sample(tmp_path)
    payload = pickle.dumps(Planted(str(marker)))
    planted = _plant_entries(tmp_path / ".cache" / STORE_NAME, payload)
    assert planted >= 21  # one entry per article of the sample site
    for path in (tmp_path / ".cache").rglob("*"):
        # The photo cache holds encoded images (bytes that are copied, never run); the
        # spare site's files are the live site's own (links of them, never read as code):
        # writing into one writes into the site itself. Its journal is planted too.
        if (path.is_file() and path.name != "stamp.json" and "photos" not in path.parts
                and SPARE_SITE not in path.parts and not path.name.startswith(STORE_NAME)):
            # Compiled templates start with Jinja's magic header, then a pickle.
            head = jinja2.bccache.bc_magic if "templates" in path.parts else b""
            path.write_bytes(head + payload)
            planted += 1
    (tmp_path / ".cache" / "pages.pickle").write_bytes(payload)
    assert planted > 30
    _rebuilt(tmp_path)
    assert not marker.exists(), "a planted cache file ran code"
    assert tree_hash(tmp_path / "output") == good


def _plant_entries(store, payload: bytes) -> int:
    """Replace every entry of the content store by `payload`; how many there were."""
    connection = sqlite3.connect(store)
    try:
        with connection:
            return connection.execute("UPDATE entries SET data = ?", (payload,)).rowcount
    finally:
        connection.close()


def test_a_planted_store_is_replaced(tmp_path):
    marker = tmp_path / "PWNED"
    good = _built_sample(tmp_path)
    store = tmp_path / ".cache" / STORE_NAME
    for suffix in ("-wal", "-shm"):
        store.with_name(store.name + suffix).unlink(missing_ok=True)
    store.unlink()
    # Our table, and beside it a trigger that would run on every entry the build
    # writes: a store of any other shape than ours is never used.
    connection = sqlite3.connect(store)
    with connection:
        connection.execute("CREATE TABLE entries (key TEXT NOT NULL UNIQUE,"
                           " data BLOB NOT NULL)")
        connection.execute("CREATE TABLE log (x)")
        connection.execute(f"CREATE TRIGGER t AFTER INSERT ON entries BEGIN "
                           f"INSERT INTO log VALUES ('{marker}'); END")
    connection.close()
    # Without the stamp the build cannot take the quick path, which needs no store when
    # every article is only touched: the content stage opens the store.
    (tmp_path / ".cache" / "stamp.json").unlink()
    _rebuilt(tmp_path)
    assert tree_hash(tmp_path / "output") == good
    connection = sqlite3.connect(store)
    try:
        tables = connection.execute("SELECT name FROM sqlite_master WHERE type != 'index'"
                                    ).fetchall()
        entries = connection.execute("SELECT count(*) FROM entries").fetchone()[0]
    finally:
        connection.close()
    assert tables == [("entries",)]  # the trigger and its table are gone
    assert entries >= 21


def test_the_format_gives_back_only_known_types():
    class Other:
        pass
    value = {"a": (1, 2.5, None, True, "Đức Huệ\ud800"), "b": [b"\x00", FrozenMap({"k": ()})]}
    assert plain_data.loads(plain_data.dumps(value)) == value
    for bad in (b'{"C":"Article","f":[["x",1]]}', b'{"__reduce__":1}', b"\x80\x04K\x01.",
                b'{"D":[[[1],2]]}'):
        try:
            plain_data.loads(bad)
        except plain_data.NotPlainData:
            continue
        raise AssertionError(bad)
    try:
        plain_data.dumps(Other())
    except plain_data.NotPlainData:
        return
    raise AssertionError("an unknown type was stored")

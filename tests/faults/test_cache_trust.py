"""Issue 17, item 2: nothing read from the cache folder can run code.

Every file the cache holds is replaced by a pickle that would create a file when
unpickled (the planted `pages.pickle` of the issue, and the same in every article entry,
the page digests and the compiled templates, which Jinja itself would load with pickle
and marshal). The next build must ignore them all, build the same site and run nothing.
"""
from __future__ import annotations

import os
import pickle
import shutil

import jinja2.bccache

from builder.incremental import plain_data
from builder.core.frozen import FrozenMap
from tests.conftest import ROOT, run_build_py
from tests.faults.helpers import tree_hash


class Planted:
    """Unpickling this runs a shell command."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_planted_cache_files_never_run(tmp_path):
    marker = tmp_path / "PWNED"
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copy(ROOT / "site.toml", tmp_path / "site.toml")
    assert run_build_py("build", "--jobs", "1", cwd=tmp_path).returncode == 0
    good = tree_hash(tmp_path / "output")
    payload = pickle.dumps(Planted(str(marker)))
    planted = 0
    for path in (tmp_path / ".cache").rglob("*"):
        # The photo cache holds encoded images (bytes that are copied, never run).
        if path.is_file() and path.name != "stamp.json" and "photos" not in path.parts:
            # Compiled templates start with Jinja's magic header, then a pickle.
            head = jinja2.bccache.bc_magic if "templates" in path.parts else b""
            path.write_bytes(head + payload)
            planted += 1
    (tmp_path / ".cache" / "pages.pickle").write_bytes(payload)
    assert planted > 20
    for article in (tmp_path / "content").rglob("*.md"):
        os.utime(article)  # so the build cannot skip as "nothing changed"
    result = run_build_py("build", "--jobs", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not marker.exists(), "a planted cache file ran code"
    assert tree_hash(tmp_path / "output") == good
    assert "(không có gì thay đổi)" not in result.stdout


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

"""The dev server's request rules, one request at a time."""
from __future__ import annotations

import os

import pytest
from hypothesis import given, strategies as st

from builder.preview.guard import (allowed_host_names, host_allowed, host_name, is_loopback,
                                 lookup, origin_allowed)


@pytest.fixture
def root(tmp_path):
    """An output folder with a page, a folder index, a hidden file and a secret beside it."""
    out = tmp_path / "output"
    (out / "tags").mkdir(parents=True)
    (out / "index.html").write_text("home")
    (out / "tags" / "index.html").write_text("tags")
    (out / "tags" / "dan-van.html").write_text("tag")
    (out / ".campaign-news-site").write_text("marker")
    (tmp_path / "secret.txt").write_text("secret")
    return out


def test_files_and_folder_indexes(root):
    assert lookup(root, "index.html").file == (root / "index.html").resolve()
    assert lookup(root, "").file == (root / "index.html").resolve()
    assert lookup(root, "tags/").file == (root / "tags" / "index.html").resolve()
    assert lookup(root, "tags") == lookup(root, "tags").__class__(302, location="/tags/")
    assert lookup(root, "tags//dan-van.html").status == 200
    assert lookup(root, "nope.html").status == 404


@pytest.mark.parametrize("path", ["../secret.txt", "tags/../../secret.txt", "..", ".",
                                  "tags/./dan-van.html", "..\\secret.txt", "\\..\\secret.txt",
                                  "a\0b"])
def test_dot_segments_and_backslashes_are_forbidden(root, path):
    assert lookup(root, path).status == 403


def test_hidden_files_are_not_served(root):
    assert lookup(root, ".campaign-news-site").status == 404


def test_symlinks_out_of_the_root_are_forbidden(root, tmp_path):
    os.symlink(tmp_path / "secret.txt", root / "leak.txt")
    os.symlink(tmp_path, root / "up")
    os.symlink(tmp_path / "secret.txt", root / "tags" / "index2.html")
    assert lookup(root, "leak.txt").status == 403
    assert lookup(root, "up/secret.txt").status == 403
    assert lookup(root, "up/").status == 403
    assert lookup(root, "tags/index2.html").status == 403


def test_symlinks_inside_the_root_are_followed(root):
    os.symlink(root / "tags" / "dan-van.html", root / "alias.html")
    assert lookup(root, "alias.html").status == 200


def test_a_folder_index_that_points_outside_is_forbidden(root, tmp_path):
    (root / "sub").mkdir()
    os.symlink(tmp_path / "secret.txt", root / "sub" / "index.html")
    assert lookup(root, "sub/").status == 403


def test_missing_root_answers_404(tmp_path):
    assert lookup(tmp_path / "none", "index.html").status == 404


@given(st.lists(st.sampled_from(["/", ".", "..", "\\", "%2e", "a", "z", "\0", "tags", "//",
                                 "index.html"]), max_size=12).map("".join))
def test_no_path_resolves_outside(tmp_path_factory, path):
    base = tmp_path_factory.getbasetemp() / "guard"
    root = base / "output"
    if not root.exists():
        (root / "tags").mkdir(parents=True)
        (root / "index.html").write_text("home")
        (root / "tags" / "index.html").write_text("tags")
        (base / "index.html").write_text("outside")
        os.symlink(base, root / "z")  # a way out, which must stay closed
    found = lookup(root, path)
    if found.file is not None:
        assert found.file.is_relative_to(root.resolve())
        assert found.file.read_text() in ("home", "tags")


def test_hosts_for_a_loopback_bind():
    allowed = allowed_host_names("127.0.0.1")
    for ok in ("127.0.0.1:8000", "LOCALHOST:8000", "localhost", "[::1]:8000", None, ""):
        assert host_allowed(ok, allowed), ok
    for bad in ("evil.example", "evil.example:8000", "127.0.0.1.evil.example",
                "localhost.evil.example:8000", "[::2]:8000"):
        assert not host_allowed(bad, allowed), bad


def test_hosts_for_other_binds():
    assert host_allowed("192.168.1.5:8000", allowed_host_names("192.168.1.5"))
    assert host_allowed("[::1]:8000", allowed_host_names("::1"))


def test_host_name():
    assert host_name("[::1]:8000") == "[::1]"
    assert host_name("Example.ORG:80") == "example.org"
    assert host_name("example.org") == "example.org"


def test_loopback():
    assert is_loopback("127.0.0.1") and is_loopback("127.1.2.3") and is_loopback("::1")
    assert is_loopback("localhost") and is_loopback("[::1]")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")
    assert not is_loopback("example.org")


def test_origins():
    assert origin_allowed("http://127.0.0.1:8000", "127.0.0.1:8000")
    assert origin_allowed("http://LOCALHOST:8000", "localhost:8000")
    for bad in ("http://evil.example", "null", "http://127.0.0.1:8001", "file://",
                "http://127.0.0.1:8000.evil.example", "ftp://127.0.0.1:8000", ""):
        assert not origin_allowed(bad, "127.0.0.1:8000"), bad
    assert not origin_allowed("http://127.0.0.1:8000", None)


def test_hosts_when_listening_on_all_interfaces():
    """Issue 17: with --host 0.0.0.0 any Host was answered (DNS rebinding)."""
    import socket

    for wildcard in ("0.0.0.0", "::"):
        rule = allowed_host_names(wildcard, ("tin.phong.local",))
        for ok in ("localhost:8000", "192.168.1.5:8000", "[fe80::1]:8000", "10.0.0.7",
                   f"{socket.gethostname()}:8000", "TIN.phong.local:8000"):
            assert host_allowed(ok, rule), ok
        for bad in ("rebind.attacker.example", "rebind.attacker.example:8000",
                    "192.168.1.5.nip.io:8000", "phong.local"):
            assert not host_allowed(bad, rule), bad


def test_overlong_paths_are_414_and_unnameable_ones_404(tmp_path):
    """Issue 17: 1-64 KB paths gave 500 and a traceback (File name too long)."""
    (tmp_path / "index.html").write_text("home")
    assert lookup(tmp_path, "a" * 300 + ".html").status == 404  # one name over 255 bytes
    assert lookup(tmp_path, "/".join(["a"] * 900)).status == 404
    for size in (2001, 64 * 1024):
        assert lookup(tmp_path, "x" * size).status == 414
    assert lookup(tmp_path, "/".join(["a"] * 20000)).status == 414

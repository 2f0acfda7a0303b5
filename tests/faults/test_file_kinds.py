"""Issue 17, item 8: a FIFO, socket or device named like an article is reported by its
path and never read (reading a FIFO waits forever; a device may never end)."""
from __future__ import annotations

import os
import socket
import sys

import pytest

from tests.conftest import run_build_py

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and sockets: POSIX")


def test_special_files_named_md_are_reported_not_read(tmp_path):
    content = tmp_path / "content"
    (content / "2020").mkdir(parents=True)
    (content / "tin.md").write_text("---\ntitle: Tin\ndate: 2020-01-01\n---\nA\n")
    os.mkfifo(content / "2020" / "ong-dan.md")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(content / "o-cam.md"))
    (content / "thiet-bi.md").symlink_to("/dev/zero")  # a device, through a link inside
    try:
        result = run_build_py("build", cwd=tmp_path, timeout=60)
    finally:
        server.close()
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    for name in ("content/2020/ong-dan.md", "content/o-cam.md"):
        assert f"{name}: không phải tệp thường (là ống dẫn, socket hay thiết bị); không đọc" \
            in lines
    assert any(line.startswith("content/thiet-bi.md: ") for line in lines)
    assert not (tmp_path / "output").exists()

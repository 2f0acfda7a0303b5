"""The preview never exposes the machine: loopback only, no way out of output/, no crash."""
from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from tests.devserver.serve_process import ROOT, project, serve  # noqa: F401 (fixtures)

SECRET = "BÍ-MẬT-NGOÀI-THƯ-MỤC"


def listening_addresses(port: int) -> set[str]:
    """Local addresses (hex, as in /proc/net/tcp*) with a socket listening on `port`."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = open(table).read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            address, hex_port = fields[1].rsplit(":", 1)
            if int(hex_port, 16) == port and fields[3] == "0A":  # 0A = LISTEN
                found.add(address)
    return found


def non_loopback_address() -> str | None:
    """This machine's address on its default route, if it has one."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # TEST-NET: no packet is sent for UDP connect
        address = probe.getsockname()[0]
    except OSError:
        return None
    finally:
        probe.close()
    return None if address.startswith("127.") else address


def raw_status(port: int, request: bytes) -> int:
    """Send bytes as they are; the status code of the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(request)
        head = conn.recv(4096).decode("latin-1")
    return int(head.split(" ", 2)[1])


def test_listens_on_127_0_0_1_only(serve):
    server = serve()
    assert server.host == "127.0.0.1"
    assert listening_addresses(server.port) == {"0100007F"}  # 127.0.0.1, nothing else
    other = non_loopback_address()
    if other:
        with pytest.raises(OSError):
            socket.create_connection((other, server.port), timeout=2).close()


TRAVERSALS = [
    "/../secret.txt",
    "/%2e%2e/secret.txt",
    "/..%2fsecret.txt",
    "/%2e%2e%2fsecret.txt",
    "/%252e%252e/secret.txt",
    "/%5c..%5csecret.txt",
    "/..\\secret.txt",
    "/assets/../../secret.txt",
    "/assets/%2e%2e/%2e%2e/secret.txt",
    "//../secret.txt",
    "/..",
    "/%00",
    "/%ff%fe",
    "/.campaign-news-site",
    "/leak.txt",
    "/leak-dir/secret.txt",
    "/leak-dir/",
    "/leak-dir",
]


def test_nothing_outside_the_output_folder_is_served(serve, project):
    server = serve()
    (project / "secret.txt").write_text(SECRET, "utf-8")
    # Symlinks inside output/ pointing outside it (the build itself never makes these).
    os.symlink(project / "secret.txt", server.site / "leak.txt")
    os.symlink(project, server.site / "leak-dir")
    for path in TRAVERSALS:
        status, _, body = server.request(path)
        assert status in (400, 403, 404), (path, status)
        assert SECRET.encode() not in body, path
        assert b"Traceback" not in body, path
        assert server.request("/index.html")[0] == 200, path
    assert server.alive()


def test_directories_redirect_to_their_index(serve):
    server = serve()
    status, headers, _ = server.request("/tags")
    assert (status, headers["Location"]) == (302, "/tags/")
    assert server.request("/")[0] == 200


def test_websocket_from_a_foreign_origin_is_refused(serve):
    server = serve()
    upgrade = ("GET /livereload HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
               "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
               "Sec-WebSocket-Version: 13\r\nOrigin: {origin}\r\n\r\n")
    port = server.port
    for origin in ("http://evil.example", "null", f"http://localhost.evil.example:{port}",
                   f"http://127.0.0.1:{port}.evil.example"):
        assert raw_status(port, upgrade.format(port=port, origin=origin).encode()) == 403, origin
    assert raw_status(port, upgrade.format(port=port, origin=f"http://127.0.0.1:{port}")
                      .encode()) == 101
    assert server.request("/index.html")[0] == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:80", "127.0.0.1.evil.example"])
def test_foreign_host_header_is_refused(serve, host):
    server = serve()
    assert server.request("/index.html", headers={"Host": host})[0] == 403
    assert server.request("/livereload.js", headers={"Host": host})[0] == 403
    for ours in (f"127.0.0.1:{server.port}", f"localhost:{server.port}", "localhost"):
        assert server.request("/index.html", headers={"Host": ours})[0] == 200


def test_garbage_requests_do_not_kill_it(serve):
    server = serve()
    for junk in (b"\x00\xff\r\n\r\n", b"GET\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n",
                 b"POST /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 999999999\r\n\r\n"):
        try:
            with socket.create_connection(("127.0.0.1", server.port), timeout=5) as conn:
                conn.sendall(junk)
                conn.recv(1024)
        except OSError:
            pass
    assert server.request("/index.html", method="DELETE")[0] == 405
    assert server.request("/forcereload")[0] == 404  # livereload's reload-everyone URL: not here
    assert server.request("/index.html")[0] == 200
    assert server.alive()


def test_wildcard_host_warns(serve):
    server = serve("--host", "0.0.0.0")
    server.wait_for_line(r"cảnh báo: máy chủ xem trước mở cho 0\.0\.0\.0")
    assert listening_addresses(server.port) == {"00000000"}


def test_port_in_use_is_a_clear_error(project):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, str(ROOT / "build.py"), "serve", "--port",
                                 str(port)], cwd=project, capture_output=True, text=True,
                                timeout=60)
    assert result.returncode == 1
    assert f"127.0.0.1:{port}: cổng đã có chương trình khác dùng" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("port", ["70000", "-1", "http"])
def test_impossible_port_is_a_usage_error(project, port):
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "serve", "--port", port],
                            cwd=project, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        f"build.py serve: lỗi: đối số --port: '{port}' không phải số cổng (0-65535)")
    assert "Traceback" not in result.stderr

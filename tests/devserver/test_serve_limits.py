"""Issue 17, items 5-7 end to end: a real `serve` answers only its own host names on all
interfaces, answers overlong paths with 414 and no traceback, and survives running out of
file descriptors (128, with 200 idle connections) without spinning or flooding its log."""
from __future__ import annotations

import os
import re
import resource
import socket
import subprocess
import sys
import time

import pytest

from tests.devserver.serve_process import ROOT, ServeProcess, project  # noqa: F401 (fixture)

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc, sets rlimits")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_all_interfaces_answer_only_own_names(project):
    server = ServeProcess(project, "--host", "0.0.0.0", "--allow-host", "tin.phong.local")
    try:
        for host, status in (("rebind.attacker.example", 403),
                             ("rebind.attacker.example:80", 403),
                             (f"127.0.0.1:{server.port}", 200), ("localhost", 200),
                             (socket.gethostname(), 200), ("tin.phong.local:80", 200)):
            got, _, _ = server.request("/index.html", headers={"Host": host}, host="127.0.0.1")
            assert got == status, host
    finally:
        server.stop()


def test_overlong_paths_get_414_without_a_traceback(project):
    server = ServeProcess(project)
    try:
        for path in ("/" + "a" * 1024, "/" + "a" * 60000, "/" + "a/" * 20000,
                     "/" + "b" * 300 + ".html"):
            status, _, _ = server.request(path)
            assert status in (404, 414), (len(path), status)
        assert server.request("/index.html")[0] == 200
        assert "Traceback" not in server.output and "Errno 36" not in server.output
    finally:
        server.stop()


def limit_descriptors() -> None:
    """In the child: 128 file descriptors, as on a crowded machine."""
    resource.setrlimit(resource.RLIMIT_NOFILE, (128, 128))


def test_running_out_of_descriptors_pauses_instead_of_spinning(project, tmp_path):
    log = open(tmp_path / "serve.log", "w+b")
    proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--port", "0"],
                            cwd=project, stdout=subprocess.PIPE, stderr=log,
                            preexec_fn=limit_descriptors, start_new_session=True)
    idle: list[socket.socket] = []
    try:
        line = b""
        while b"http://" not in line:
            line = proc.stdout.readline()
            assert line, "serve ended before printing its address"
        port = int(re.search(rb":(\d+)/", line)[1])
        for _ in range(200):
            # Without waiting: connections beyond the listen backlog stay half-open.
            sock = socket.socket()
            sock.setblocking(False)
            sock.connect_ex(("127.0.0.1", port))
            idle.append(sock)
        time.sleep(1)
        started, cpu = time.monotonic(), cpu_seconds(proc.pid)
        time.sleep(4)
        used = cpu_seconds(proc.pid) - cpu
        assert used < 1.0, f"{used:.2f} s of CPU in 4 s with 200 idle connections"
        assert os.path.getsize(tmp_path / "serve.log") < 50_000
        for sock in idle[:190]:  # 10 stay open, fewer than the ceiling
            sock.close()
        del idle[:190]
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
                    conn.sendall(b"GET /index.html HTTP/1.0\r\nHost: localhost\r\n\r\n")
                    answer = conn.recv(100)
                if answer.startswith(b"HTTP/1.1 200"):
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "no answer after the connections closed"
            time.sleep(0.2)
        assert proc.poll() is None
        log.seek(0)
        assert b"Traceback" not in log.read()
    finally:
        for sock in idle:
            sock.close()
        proc.kill()
        proc.wait()
        log.close()

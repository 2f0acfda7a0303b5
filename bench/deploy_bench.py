#!/usr/bin/env python3
"""Requests and bytes that `deploy` sends for a 10,000-article site, over SFTP and FTP.

Generates the corpus (shared/bench/make_corpus.py), builds it, starts OpenSSH's sshd and
pyftpdlib on 127.0.0.1 (each in its own process), and deploys in this process with the real
transports: a first deploy, a deploy with nothing changed, and one after one sentence was
added to one article. For each it reports the requests the transport made, the bytes this
process sent on its sockets (counted in socket.send/sendall, so the wire bytes with SSH
encryption and FTP commands included), the bytes of file data, and the time. Linux only
(sshd).

    python bench/deploy_bench.py [--count 10000] [--corpus-script PATH] [--work DIR]
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from builder.pipeline import NoProgress  # noqa: E402
from builder.publish.deploy.engine import deploy  # noqa: E402
from builder.publish.deploy.ftp import FtpTransport  # noqa: E402
from builder.publish.deploy.sftp import SftpTransport  # noqa: E402
from builder.publish.deploy.target import parse_target  # noqa: E402
from tests.deploy import servers  # noqa: E402

SENTENCE = "\n\nCập nhật: địa phương tiếp tục nhân rộng mô hình (bản đo triển khai).\n"


SENT = [0]


def count_socket_sends() -> None:
    """Count every byte this process sends on a plain socket (paramiko and ftplib use them)."""
    send, sendall = socket.socket.send, socket.socket.sendall

    def counted_send(self, data, *args):
        sent = send(self, data, *args)
        SENT[0] += sent
        return sent

    def counted_sendall(self, data, *args):
        sendall(self, data, *args)
        SENT[0] += len(data)

    socket.socket.send, socket.socket.sendall = counted_send, counted_sendall


def written_bytes() -> int:
    """Bytes sent on sockets so far."""
    return SENT[0]


def build(site: Path) -> None:
    """`python build.py build` in the site folder."""
    subprocess.run([sys.executable, str(PROJECT / "build.py"), "build", "--jobs", "2"],
                   cwd=site, check=True, stdout=subprocess.DEVNULL)


def measure(name: str, make_transport, output: Path) -> dict:
    """One deploy with its requests, wire bytes, file bytes and seconds."""
    transport = make_transport()
    before = written_bytes()
    report = deploy(output, transport, NoProgress())
    return {"step": name, "uploaded": report.uploaded, "deleted": report.deleted,
            "requests": report.requests, "wire_bytes": written_bytes() - before,
            "file_bytes": report.bytes_sent, "seconds": report.seconds}


def start_ftp_process(root: Path, port: int) -> subprocess.Popen:
    """pyftpdlib's own command-line server (a separate process, so its writes stay apart)."""
    root.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen([sys.executable, "-m", "pyftpdlib", "-i", "127.0.0.1",
                                "-p", str(port), "-w", "-d", str(root), "-u", "bench",
                                "-P", "bench"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    servers.wait_for_port(port)
    return process


def main() -> int:
    """Run the measurements and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--corpus-script", default=str(PROJECT.parent / "shared/bench/"
                                                       "make_corpus.py"))
    parser.add_argument("--work", default=str(PROJECT / "bench/work/deploy"))
    args = parser.parse_args()
    work = Path(args.work)
    site = work / f"site-{args.count}"
    if not (site / "content").is_dir():
        spec = importlib.util.spec_from_file_location("make_corpus", args.corpus_script)
        corpus = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(corpus)
        corpus.main(["--count", str(args.count), "--out", str(site), "--format", "ours",
                     "--seed", "0"])
    build(site)
    count_socket_sends()
    output = site / "output"
    files = sum(1 for p in output.rglob("*") if p.is_file())
    sshd = servers.start_sshd(work / f"sshd-{os.getpid()}")
    ftp_port = servers.free_port()
    ftp = start_ftp_process(work / f"ftp-{os.getpid()}", ftp_port)
    os.environ["HOME"] = str(sshd.home)  # paramiko finds the key and known_hosts there
    os.environ["CAMPAIGN_NEWS_PASSWORD"] = "bench"
    os.environ.pop("SSH_AUTH_SOCK", None)
    sftp_target = parse_target(f"sftp://{sshd.user}@127.0.0.1:{sshd.port}"
                               f"{work / f'www-{os.getpid()}'}")
    ftp_target = parse_target(f"ftp://bench@127.0.0.1:{ftp_port}/www")
    kinds = {"SFTP": lambda: SftpTransport(sftp_target), "FTP": lambda: FtpTransport(ftp_target)}
    rows = []
    try:
        for step in ("first", "no change"):
            for kind, make in kinds.items():
                rows.append({"kind": kind, **measure(step, make, output)})
        article = sorted((site / "content").rglob("*.md"))[args.count // 2]
        original = article.read_text("utf-8")
        article.write_text(original + SENTENCE, "utf-8")
        build(site)
        for kind, make in kinds.items():
            rows.append({"kind": kind, **measure("one article edited", make, output)})
        article.write_text(original, "utf-8")
    finally:
        servers.kill_process(sshd.process)
        servers.kill_process(ftp)
    print(f"{args.count} articles, {files} files in output/\n")
    print("| target | deploy | files up | files deleted | requests | bytes sent (wire) "
          "| file data | seconds |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row['kind']} | {row['step']} | {row['uploaded']} | {row['deleted']} | "
              f"{row['requests']:,} | {row['wire_bytes']:,} | {row['file_bytes']:,} | "
              f"{row['seconds']:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

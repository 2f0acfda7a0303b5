"""The deployment guide, run as written: nginx, GitHub Pages (a sub-path), an S3 bucket.

The commands and the nginx block are read out of docs/deploy.md, with only host names,
ports, folders and the git remote swapped for local stand-ins, so the guide cannot drift
from what was verified. Servers listen on 127.0.0.1 only and are stopped at the end.
The deploy command itself, target by target, is tested in tests/deploy/.
"""
from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import subprocess
import tarfile
import threading
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ElementTree
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path

import pytest

from tests.conftest import ROOT, ensure_debian_package, run_build_py, venv_program

from .conftest import build_fixture

GUIDE = ROOT / "docs" / "deploy.md"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


def guide_block(section: str, language: str) -> str:
    """The first fenced block in `language` under the heading that starts with `section`."""
    text = GUIDE.read_text("utf-8")
    start = text.index(f"\n## {section}")
    end = text.find("\n## ", start + 1)
    found = re.search(rf"```{language}\n(.*?)```", text[start:end if end > 0 else None], re.S)
    assert found, f"no {language} block in section {section}"
    return found[1]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, seconds: float = 15) -> None:
    """Wait until a server accepts connections on 127.0.0.1:port."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on port {port}")


def fetch(url: str) -> tuple[int, str, bytes]:
    """(status, content type, body) of a GET, 4xx answers included."""
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.headers.get("Content-Type", ""), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def public_urls(site: Path) -> list[str]:
    """Every address the site publishes: sitemap entries, feeds and their entries."""
    urls = [loc.text for loc in ElementTree.parse(site / "sitemap.xml").iter(f"{SM}loc")]
    for feed in sorted((site / "feeds").rglob("*.xml")):
        root = ElementTree.parse(feed).getroot()
        urls += [link.get("href") for link in root.iter(f"{ATOM}link")]
    return sorted(set(urls))


def assert_all_answer(site: Path, base: str) -> int:
    """Every published address under `base` answers 200 with the built file's bytes."""
    urls = public_urls(site)
    for url in urls:
        assert url.startswith(base), url
        status, _, body = fetch(url)
        assert status == 200, url
        path = url[len(base):] or "index.html"
        assert body == (site / path).read_bytes(), url
    return len(urls)


@contextmanager
def static_server(folder: Path, port: int):
    """A plain static file server for `folder` on 127.0.0.1:port."""
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            """No request log in the test output."""

    server = ThreadingHTTPServer(("127.0.0.1", port), partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def running(command: list[str], port: int, **kwargs):
    """A server process we start, waited for, and stopped by its own pid."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               **kwargs)
    try:
        wait_for_port(port)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# ---------------------------------------------------------------------------- nginx --

def test_nginx_block_of_the_guide_serves_the_site_under_a_sub_path(tmp_path):
    ensure_debian_package(Path("/usr/sbin/nginx"), "nginx")
    port = free_port()
    base = f"http://127.0.0.1:{port}/tin-tuc/"
    site = build_fixture("good", tmp_path / "srv" / "output", "--base-url", base)
    block = guide_block("4. nginx", "nginx")
    assert "listen 80;" in block and "/srv/tin-tuc/output/" in block
    block = block.replace("listen 80;", f"listen 127.0.0.1:{port};")
    block = block.replace("/srv/tin-tuc/output/", f"{site}/")
    (tmp_path / "logs").mkdir()
    config = tmp_path / "nginx.conf"
    # pytest's temporary folders are private to us: workers must run as we do to read them.
    user = "user root;\n" if os.geteuid() == 0 else ""
    config.write_text(
        f"daemon off;\n{user}"
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/logs/error.log;\n"
        "events {}\n"
        "http {\n    include /etc/nginx/mime.types;\n    access_log off;\n"
        f"{block}}}\n", "utf-8")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    with running([nginx, "-c", str(config), "-p", f"{tmp_path}/"], port):
        status, kind, _ = fetch(base)
        assert (status, kind) == (200, "text/html; charset=utf-8")
        status, kind, _ = fetch(base + "feeds/tags/duc-hue.xml")
        assert (status, kind) == (200, "application/atom+xml; charset=utf-8")
        assert_all_answer(site, base)
        status, kind, body = fetch(base + "khong-co/trang/cu.html")
        assert status == 404 and body == (site / "404.html").read_bytes()
        # The not-found page keeps its style at any depth.
        styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', body.decode("utf-8"))
        assert styles and all(href.startswith("/tin-tuc/assets/") for href in styles)
        assert all(fetch(f"http://127.0.0.1:{port}{href}")[0] == 200 for href in styles)
        assert fetch(base + ".campaign-news-site")[0] == 404


# --------------------------------------------------------------------- GitHub Pages --

def test_github_pages_command_publishes_a_branch_that_works_under_the_repo_path(tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}/REPO/"
    project = tmp_path / "project"
    shutil.copytree(ROOT / "tests/publishing/sites/good", project)
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    (command,) = guide_block("2. GitHub Pages", "sh").strip().splitlines()
    words = shlex.split(command.replace("https://USER.github.io/REPO/", base)
                        .replace("git+ssh://git@github.com/USER/REPO.git", f"git+file://{remote}"))
    assert words[:2] == ["campaign-news", "deploy"]
    result = run_build_py(*words[1:], cwd=project)
    assert result.returncode == 0, result.stderr
    site = project / "output"
    names = subprocess.run(["git", "--git-dir", str(remote), "ls-tree", "-r", "--name-only",
                            "gh-pages"], capture_output=True, text=True, check=True).stdout
    names = set(names.split())
    assert {"index.html", ".nojekyll", "404.html", "sitemap.xml", "feeds/atom.xml"} <= names
    assert ".campaign-news-site" not in names
    archive = subprocess.run(["git", "--git-dir", str(remote), "archive", "gh-pages"],
                             capture_output=True, check=True).stdout
    served = tmp_path / "served" / "REPO"
    served.mkdir(parents=True)
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(served)
    with static_server(served.parent, port):
        assert assert_all_answer(site, base) > 20
        page = (site / "tags/duc-hue.html").read_text("utf-8")
        canonical = re.search(r'<link rel="canonical" href="([^"]+)">', page)[1]
        assert fetch(canonical)[2] == page.encode("utf-8")


# ------------------------------------------------------------------------------- S3 --

def _aws(line: str, endpoint: str, bucket: str, env: dict, cwd: Path) -> None:
    """Run one `aws ...` line of the guide against the local endpoint."""
    words = shlex.split(line.replace("BUCKET", bucket))
    assert words[0] == "aws"
    subprocess.run([venv_program("aws"), "--endpoint-url", endpoint, *words[1:]], cwd=cwd, env=env,
                   check=True, capture_output=True)


def test_s3_commands_of_the_guide_against_an_s3_emulator(tmp_path):
    import boto3
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    bucket = "tin-tuc-long-an"
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
           "AWS_DEFAULT_REGION": "us-east-1", "AWS_CONFIG_FILE": str(tmp_path / "none"),
           "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none")}
    project = tmp_path / "project"
    shutil.copytree(ROOT / "tests/publishing/sites/good", project)
    deploy_line, website_line = guide_block("6. An S3 bucket", "sh").strip().splitlines()
    base = f"http://{bucket}.s3-website-us-east-1.amazonaws.com/"
    words = shlex.split(deploy_line.replace("http://BUCKET.s3-website-REGION.amazonaws.com/", base)
                        .replace("BUCKET", bucket))
    assert words[:2] == ["campaign-news", "deploy"]

    def publish():
        """The guide's deploy line (against the emulator), then its website line."""
        result = run_build_py(*words[1:], "--endpoint-url", endpoint, cwd=project, env=env)
        assert result.returncode == 0, result.stderr
        _aws(website_line, endpoint, bucket, env, project)

    with running([venv_program("moto_server"), "-H", "127.0.0.1", "-p", str(port)], port, env=env):
        s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id="test", aws_secret_access_key="test")
        s3.create_bucket(Bucket=bucket)
        publish()
        site = project / "output"
        files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
        keys = {o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]}
        assert keys == files - {".campaign-news-site"} | {".campaign-news-manifest.json.gz"}
        head = partial(s3.head_object, Bucket=bucket)
        assert head(Key="feeds/atom.xml")["ContentType"] == "application/atom+xml; charset=utf-8"
        assert head(Key="feeds/tags/duc-hue.xml")["ContentType"].startswith(
            "application/atom+xml")
        assert head(Key="index.html")["ContentType"] == "text/html; charset=utf-8"
        copies = sorted(key for key in keys if key.startswith("media/2020/images/hoi-nghi-"))
        types = {head(Key=key)["ContentType"] for key in copies}
        assert types == {"image/jpeg", "image/webp"}
        body = s3.get_object(Bucket=bucket, Key="2020/09/" + next(
            p.name for p in (site / "2020/09").iterdir()))["Body"].read()
        assert body.startswith(b"<!DOCTYPE html>")
        website = s3.get_bucket_website(Bucket=bucket)
        assert website["IndexDocument"] == {"Suffix": "index.html"}
        assert website["ErrorDocument"] == {"Key": "404.html"}
        # An article deleted from the content disappears from the bucket on the next run.
        gone = "2020/09/tin-b-nong-b-la-dao-chieu-1-2-3-2.html"
        assert gone in keys
        (project / "content/2020/tin-ky-tu-dac-biet.md").unlink()
        publish()
        keys = {o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]}
        assert gone not in keys and "feeds/tags/a-b-script.xml" not in keys
        atom = s3.get_object(Bucket=bucket, Key="feeds/atom.xml")["Body"].read()
        assert atom == (site / "feeds/atom.xml").read_bytes()


def test_cron_line_of_the_guide_runs_deploy_daily_after_midnight():
    (line,) = guide_block("3. A server of your own", "cron").strip().splitlines()
    minute, hour, day, month, weekday, command = line.split(None, 5)
    assert (day, month, weekday) == ("*", "*", "*") and (int(hour), int(minute)) < (1, 0)
    assert "campaign-news deploy" in command and "git pull" in command

"""A generated site, and one deploy target of each kind on a real local server."""
from __future__ import annotations

import contextlib
import gzip
import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

from . import servers

ARTICLES = 60
MANIFEST = ".campaign-news-manifest.json.gz"
TOPICS = ["Dân vận khéo", "Đức Huệ", "Thi đua yêu nước", "Xây dựng nông thôn mới", "Thạnh Hóa"]


def article_text(number: int, extra: str = "") -> str:
    """One generated article with a downloadable document beside it."""
    tag = TOPICS[number % len(TOPICS)]
    return (f'---\ntitle: "Bài số {number}: phong trào thi đua ở xã {tag}"\n'
            f"date: 2024-{1 + number % 12:02d}-{1 + number % 27:02d} 08:{number % 60:02d}\n"
            f"tags: [{tag}]\ncategory: Tin hoạt động\n---\n\n"
            f"Đoạn mở đầu của bài {number}: Ủy ban nhân dân huyện tổ chức hội nghị.{extra}\n\n"
            f"[Tải văn bản](van-ban-{number}.pdf)\n")


def make_project(folder: Path) -> Path:
    """A site folder with site.toml and ARTICLES articles, each with a 30 KB document."""
    content = folder / "content" / "2024"
    content.mkdir(parents=True)
    (folder / "site.toml").write_text('title = "Tin thi đua"\n', "utf-8")
    rng = random.Random(7)
    for number in range(ARTICLES):
        (content / f"bai-{number}.md").write_text(article_text(number), "utf-8")
        (content / f"van-ban-{number}.pdf").write_bytes(rng.randbytes(30_000))
    return folder


def run_deploy(project: Path, *args: str, env: dict | None = None,
               timeout: float = 600) -> subprocess.CompletedProcess:
    """`python build.py deploy ARGS` in the project folder, as a publisher runs it."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "deploy", *args],
                          cwd=project, capture_output=True, text=True, timeout=timeout,
                          env=env)


def counts(stdout: str) -> tuple[int, int]:
    """(uploaded, deleted) from the summary line."""
    found = re.search(r"([\d.]+) tệp tải lên, ([\d.]+) tệp xoá, [\d,]+ MB, [\d,]+ s", stdout)
    assert found, stdout
    return int(found[1].replace(".", "")), int(found[2].replace(".", ""))


def site_files(output: Path) -> dict[str, bytes]:
    """Every file of a built site as the target must hold it (the marker stays home)."""
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*")
            if p.is_file() and p.name != ".campaign-news-site"}


class Kind:
    """One target: its address, the environment its credentials come from, and a way to
    read back what it holds."""

    name = ""

    def __init__(self, address: str, env: dict):
        self.address = address
        self.env = env

    def files(self) -> dict[str, bytes]:
        """path -> bytes of every file under the target path (the manifest included)."""
        raise NotImplementedError

    def plant(self, path: str, data: bytes) -> None:
        """Put a file there that the tool did not make."""
        raise NotImplementedError

    def manifest(self) -> dict | None:
        """The manifest's files, None when there is none (or it cannot be seen mid-way)."""
        data = self.files().get(MANIFEST)
        return json.loads(gzip.decompress(data))["files"] if data else None


class FolderKind(Kind):
    """SFTP and FTP: the server's folder is on this machine, so it is read directly."""

    def __init__(self, address: str, env: dict, folder: Path, bad_env: dict,
                 unreachable: str):
        super().__init__(address, env)
        self.folder = folder
        self.bad_env = bad_env
        self.unreachable = unreachable

    def files(self):
        """Files under the folder (polled while a deploy runs: a file the server renames
        or removes between the listing and the read is left out)."""
        found = {}
        for path in self.folder.rglob("*") if self.folder.exists() else ():
            with contextlib.suppress(FileNotFoundError, IsADirectoryError):
                found[path.relative_to(self.folder).as_posix()] = path.read_bytes()
        return found

    def plant(self, path, data):
        """Write straight into the folder."""
        (self.folder / path).parent.mkdir(parents=True, exist_ok=True)
        (self.folder / path).write_bytes(data)


class S3Kind(Kind):
    """Objects under a prefix of a bucket in moto's server."""

    def __init__(self, address, env, endpoint, bucket, prefix, bad_env, unreachable):
        super().__init__(address, env)
        self.endpoint, self.bucket, self.prefix = endpoint, bucket, prefix
        self.bad_env, self.unreachable = bad_env, unreachable

    def client(self):
        """A boto3 client of the moto server."""
        import boto3
        return boto3.client("s3", endpoint_url=self.endpoint, region_name="us-east-1",
                            aws_access_key_id="testing", aws_secret_access_key="testing")

    def files(self):
        """Objects under the prefix."""
        s3 = self.client()
        out = {}
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=self.bucket,
                                                                  Prefix=self.prefix + "/"):
            for item in page.get("Contents", []):
                out[item["Key"][len(self.prefix) + 1:]] = s3.get_object(
                    Bucket=self.bucket, Key=item["Key"])["Body"].read()
        return out

    def plant(self, path, data):
        """PUT an object."""
        self.client().put_object(Bucket=self.bucket, Key=f"{self.prefix}/{path}", Body=data)


class GitKind(Kind):
    """A branch of a bare repository (over file:// or over SSH to the test's sshd)."""

    def __init__(self, address, env, repository: Path, branch, bad_env, unreachable):
        super().__init__(address, env)
        self.repository, self.branch = repository, branch
        self.bad_env, self.unreachable = bad_env, unreachable

    def git(self, *args, **kw):
        """git in the bare repository."""
        return subprocess.run(["git", "-C", str(self.repository), *args], capture_output=True,
                              check=True, **kw)

    def files(self):
        """Files of the branch's last commit."""
        heads = self.git("branch", "--list", self.branch).stdout.strip()
        if not heads:
            return {}
        names = self.git("ls-tree", "-r", "-z", "--name-only", self.branch).stdout
        return {name.decode(): self.git("show", f"{self.branch}:{name.decode()}").stdout
                for name in names.split(b"\0") if name and name != b".nojekyll"}

    def manifest(self):
        """Only the pushed state can be seen: the manifest of the last commit."""
        return super().manifest()

    def plant(self, path, data):
        """Commit a file onto the branch from a scratch clone."""
        scratch = self.repository.parent / "plant"
        subprocess.run(["git", "clone", "-q", "-b", self.branch, str(self.repository),
                        str(scratch)], check=True)
        (scratch / path).parent.mkdir(parents=True, exist_ok=True)
        (scratch / path).write_bytes(data)
        for args in (["add", "-A"], ["-c", "user.name=x", "-c", "user.email=x@x", "commit",
                                     "-q", "-m", "by hand"], ["push", "-q"]):
            subprocess.run(["git", "-C", str(scratch), *args], check=True)
        servers.remove(scratch)


def clean_env(**extra) -> dict:
    """The environment of a deploy: no agent, no real credentials, plus `extra`."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("AWS_", "SSH_AUTH_SOCK", "CAMPAIGN_NEWS_PASSWORD"))}
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def sshd(tmp_path_factory):
    """OpenSSH's sshd on a free port."""
    server = servers.start_sshd(tmp_path_factory.mktemp("sshd"))
    yield server
    servers.kill_process(server.process)


@pytest.fixture(scope="module")
def moto(tmp_path_factory):
    """moto's S3 server."""
    server, port = servers.start_moto()
    yield f"http://127.0.0.1:{port}"
    server.stop()


KINDS = ["sftp", "ftp", "ftps", "s3", "git+file", "git+ssh"]


@pytest.fixture
def kind(request, tmp_path, sshd, moto) -> Kind:
    """A fresh, empty target of the kind named by the test's parameter."""
    name = request.param
    closed = servers.free_port()
    if name == "sftp":
        folder = tmp_path / "www" / "tin-tuc"
        home = clean_env(HOME=str(sshd.home))
        made = FolderKind(f"sftp://{sshd.user}@127.0.0.1:{sshd.port}{folder}", home, folder,
                          clean_env(HOME=str(sshd.stranger)),
                          f"sftp://{sshd.user}@127.0.0.1:{closed}{folder}")
    elif name in ("ftp", "ftps"):
        server = servers.start_ftp(tmp_path / "ftp", tls=name == "ftps")
        request.addfinalizer(server.stop)
        extra = {"SSL_CERT_FILE": str(server.cert)} if server.cert else {}
        home = tmp_path / "ftp-home"
        home.mkdir()
        # ftps: the password from ~/.netrc; ftp: from the environment
        if name == "ftps":
            (home / ".netrc").write_text(f"machine 127.0.0.1 login {servers.FTP_USER} "
                                         f"password {servers.FTP_PASSWORD}\n", "utf-8")
            os.chmod(home / ".netrc", 0o600)
            env = clean_env(HOME=str(home), **extra)
        else:
            env = clean_env(HOME=str(home), CAMPAIGN_NEWS_PASSWORD=servers.FTP_PASSWORD)
        user = servers.FTP_USER
        made = FolderKind(f"{name}://{user}@127.0.0.1:{server.port}/www/tin-tuc", env,
                          server.root / "www" / "tin-tuc",
                          clean_env(HOME=str(tmp_path), CAMPAIGN_NEWS_PASSWORD="sai-mat-khau",
                                    **extra),
                          f"{name}://{user}@127.0.0.1:{closed}/www/tin-tuc")
    elif name == "s3":
        bucket = f"tin-{tmp_path.name.lower().replace('_', '-')[-40:]}".rstrip("-")
        creds = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                 "AWS_DEFAULT_REGION": "us-east-1"}
        made = S3Kind(f"s3://{bucket}/tin-tuc", clean_env(HOME=str(tmp_path), **creds),
                      moto, bucket, "tin-tuc",
                      # no credentials anywhere in the chain
                      clean_env(HOME=str(tmp_path), AWS_DEFAULT_REGION="us-east-1",
                                AWS_CONFIG_FILE=str(tmp_path / "none"),
                                AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "none"),
                                AWS_EC2_METADATA_DISABLED="true"),
                      f"s3://{bucket}/tin-tuc")
        made.client().create_bucket(Bucket=bucket)
        made.endpoint_args = ["--endpoint-url", moto]
        made.unreachable_args = ["--endpoint-url", f"http://127.0.0.1:{closed}"]
    elif name == "git+file":
        repo = servers.bare_repository(tmp_path / "pages.git")
        made = GitKind(f"git+file://{repo}#gh-pages", clean_env(HOME=str(tmp_path)), repo,
                       "gh-pages", None, f"git+file://{tmp_path / 'khong-co.git'}#gh-pages")
    else:
        repo = servers.bare_repository(tmp_path / "pages.git")

        def ssh_env(home):
            """OpenSSH reads ~/.ssh of the passwd entry, not $HOME: name key and hosts."""
            return clean_env(HOME=str(home), GIT_SSH_COMMAND=(
                f"ssh -i {home}/.ssh/id_ed25519 -o IdentitiesOnly=yes -o BatchMode=yes "
                f"-o UserKnownHostsFile={home}/.ssh/known_hosts"))
        made = GitKind(f"git+ssh://{sshd.user}@127.0.0.1:{sshd.port}{repo}#gh-pages",
                       ssh_env(sshd.home), repo, "gh-pages", ssh_env(sshd.stranger),
                       f"git+ssh://{sshd.user}@127.0.0.1:{closed}{repo}#gh-pages")
    made.name = name
    return made


@pytest.fixture
def project(tmp_path) -> Path:
    """The generated site's folder."""
    return make_project(tmp_path / "du-an")


def deploy_args(kind: Kind) -> list[str]:
    """TARGET and any options the kind needs."""
    return [kind.address, *getattr(kind, "endpoint_args", [])]

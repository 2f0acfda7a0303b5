"""Faults on the target's side: a branch that holds a symbolic link, a manifest the server will
not hand over, a bad checkpoint setting, a connection that breaks mid-way."""
from __future__ import annotations

import ftplib
import subprocess
from pathlib import Path

import pytest

from builder.pipeline import NoProgress
from builder.publish.deploy.engine import deploy
from builder.publish.deploy.transport import DeployFailure, Transport

from . import servers
from .conftest import MANIFEST, clean_env, run_deploy


def git(*args: str, cwd: Path) -> None:
    """Run git quietly; fail the test on an error."""
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env=clean_env(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@localhost",
                                 GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@localhost"))


def test_a_symbolic_link_in_the_branch_is_never_followed(project, tmp_path):
    """A branch whose `media` is a link to a folder elsewhere: the deploy writes nothing
    through it, says so, and the branch is left as it was."""
    outside = tmp_path / "ngoai"
    outside.mkdir()
    repository = tmp_path / "trang.git"
    git("init", "-q", "--bare", str(repository), cwd=tmp_path)
    work = tmp_path / "lam"
    git("init", "-q", "-b", "gh-pages", str(work), cwd=tmp_path)
    (work / "media").symlink_to(outside)
    git("add", "-A", cwd=work)
    git("commit", "-q", "-m", "link", cwd=work)
    git("push", "-q", str(repository), "gh-pages", cwd=work)

    result = run_deploy(project, f"git+file://{repository}#gh-pages", env=clean_env())
    assert result.returncode == 1
    assert ": nhánh có một liên kết tượng trưng (symbolic link) ở đó; không đi theo nó" \
        in result.stderr and "Traceback" not in result.stderr
    english = run_deploy(project, f"git+file://{repository}#gh-pages", "--site", "output",
                         "--lang", "en", env=clean_env())
    assert english.returncode == 1
    assert ": the branch holds a symbolic link there; not following it); the next deploy " \
        "resumes it" in english.stderr
    assert list(outside.iterdir()) == []
    listed = subprocess.run(["git", "ls-tree", "-r", "--name-only", "gh-pages"],
                            cwd=repository, capture_output=True, text=True, check=True)
    assert listed.stdout.split() == ["media"]


def test_a_manifest_the_server_refuses_to_send_is_not_a_first_deploy(project, tmp_path):
    """550 also means "permission denied": taking it for "no manifest" would upload the whole
    site again and replace the manifest, forgetting the files it owns."""
    server = servers.start_ftp(tmp_path / "ftp", tls=False)
    try:
        env = clean_env(HOME=str(tmp_path), CAMPAIGN_NEWS_PASSWORD=servers.FTP_PASSWORD)
        address = f"ftp://{servers.FTP_USER}@127.0.0.1:{server.port}/www/tin-tuc"
        assert run_deploy(project, address, env=env).returncode == 0
        folder = server.root / "www" / "tin-tuc"
        manifest = (folder / MANIFEST).read_bytes()
        # the user may list and write the folder, no longer read (RETR answers 550)
        server.server.handler.authorizer.override_perm(servers.FTP_USER, str(folder),
                                                       "elawmfdMT", recursive=True)
        (project / "content/2024/bai-3.md").unlink()
        refused = run_deploy(project, address, env=env)
        assert refused.returncode == 1 and "Traceback" not in refused.stderr
        assert "550" in refused.stderr
        assert (folder / MANIFEST).read_bytes() == manifest
    finally:
        server.stop()


@pytest.mark.parametrize("value", ["nhanh", "0", "-5"])
def test_an_unusable_checkpoint_setting_is_a_message(project, tmp_path, value):
    target = tmp_path / "dich.git"
    result = run_deploy(project, f"git+file://{target}",
                        env=clean_env(CAMPAIGN_NEWS_DEPLOY_CHECKPOINT=value))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "CAMPAIGN_NEWS_DEPLOY_CHECKPOINT phải là một số nguyên" in result.stderr
    assert not target.exists()


class DroppingTransport(Transport):
    """A transport whose connection breaks at the third upload, the way ftplib reports it
    (`421 ... closing control connection` as error_temp, which is no OSError)."""

    failures = ftplib.all_errors

    def __init__(self):
        super().__init__()
        self.stored: dict[str, bytes] = {}

    def read(self, path):
        """Nothing deployed yet."""
        return self.stored.get(path)

    def upload(self, path, source):
        """Third file: the server hangs up."""
        if len(self.stored) >= 3:
            raise ftplib.error_temp("421 Timeout: closing control connection")
        self.stored[path] = source.read_bytes()

    def write_atomic(self, path, data):
        """Keep it."""
        self.stored[path] = data


def test_a_connection_lost_mid_way_is_a_deploy_failure(tmp_path):
    site = tmp_path / "site"
    for number in range(6):
        (site / f"bai-{number}.html").parent.mkdir(parents=True, exist_ok=True)
        (site / f"bai-{number}.html").write_text(f"<p>{number}</p>", "utf-8")
    with pytest.raises(DeployFailure, match="421 Timeout"):
        deploy(site, DroppingTransport(), NoProgress())

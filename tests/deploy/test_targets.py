"""`deploy` against real servers: each kind of target through first deploy, no change, one
edit, a deleted article, an interrupted deploy, wrong credentials and an unreachable host."""
from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT

from .conftest import (KINDS, MANIFEST, article_text, counts, deploy_args, run_deploy,
                       site_files)

pytestmark = pytest.mark.parametrize("kind", KINDS, indirect=True)


def published(kind) -> dict[str, bytes]:
    """What the target serves: its files less the manifest."""
    return {path: data for path, data in kind.files().items() if path != MANIFEST}


def dry_run_plan(project, kind) -> tuple[set, set]:
    """(uploads, deletions) that `--dry-run` lists for the built output."""
    result = run_deploy(project, *deploy_args(kind), "--dry-run", "--site", "output",
                        env=kind.env)
    assert result.returncode == 0, result.stderr
    uploads = {line.split(None, 2)[-1] for line in result.stdout.splitlines()
               if line.startswith("tải lên")}
    deletions = {line.split(None, 1)[-1].strip() for line in result.stdout.splitlines()
                 if line.startswith("xoá")}
    assert "chạy thử" in result.stdout
    return uploads, deletions


def build(project) -> dict[str, bytes]:
    """Build the site as `deploy` would; its files."""
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "build"], cwd=project,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return site_files(project / "output")


def test_first_deploy_no_change_one_edit_and_a_deleted_article(kind, project):
    # First deploy: everything, and the target then holds exactly the site.
    first = run_deploy(project, *deploy_args(kind), env=kind.env)
    assert first.returncode == 0, first.stderr
    site = site_files(project / "output")
    assert counts(first.stdout) == (len(site), 0)
    assert published(kind) == site
    assert set(kind.manifest()) == set(site)
    kind.plant("ghi-chu-cua-quan-tri.txt", "của người quản trị".encode())

    # No change: nothing sent.
    again = run_deploy(project, *deploy_args(kind), env=kind.env)
    assert again.returncode == 0, again.stderr
    assert counts(again.stdout) == (0, 0)

    # One article edited: exactly the files whose bytes changed, and the dry run said so.
    article = project / "content/2024/bai-7.md"
    article.write_text(article_text(7, " Thêm một câu về Đức Huệ."), "utf-8")
    before = site
    after = build(project)
    changed = {path for path in after if before.get(path) != after[path]}
    assert any(path.endswith(".html") and "2024/" in path for path in changed)
    left = set(before) - set(after)  # search index files are named by their content
    assert dry_run_plan(project, kind) == (changed, left)
    planted = {"ghi-chu-cua-quan-tri.txt": "của người quản trị".encode()}
    assert published(kind) == {**before, **planted}  # the dry run changed nothing
    edit = run_deploy(project, *deploy_args(kind), env=kind.env)
    assert edit.returncode == 0, edit.stderr
    assert counts(edit.stdout) == (len(changed), len(left))
    served = published(kind)
    assert served.pop("ghi-chu-cua-quan-tri.txt") == "của người quản trị".encode()
    assert served == after

    # An article deleted: its page and document leave the target; the planted file stays.
    page = next(p for p in after if p.endswith(".html") and "bai-so-12-" in p)
    (project / "content/2024/bai-12.md").unlink()
    (project / "content/2024/van-ban-12.pdf").unlink()
    gone = run_deploy(project, *deploy_args(kind), env=kind.env)
    assert gone.returncode == 0, gone.stderr
    final = site_files(project / "output")
    assert counts(gone.stdout)[1] == len(set(after) - set(final)) >= 2
    served = published(kind)
    assert page not in served and "media/2024/van-ban-12.pdf" not in served
    assert served.pop("ghi-chu-cua-quan-tri.txt") == "của người quản trị".encode()
    assert served == final


def test_interrupted_deploy_is_resumed_by_the_next(kind, project):
    build(project)
    env = {**kind.env, "CAMPAIGN_NEWS_DEPLOY_CHECKPOINT": "10"}
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "deploy",
                                *deploy_args(kind), "--site", "output"], cwd=project, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    done = 0
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        manifest = kind.manifest() if not kind.name.startswith("git") else None
        done = sum(1 for digest in (manifest or {}).values() if digest)
        if done >= 20 or (kind.name.startswith("git") and time.monotonic() > deadline - 59.5):
            break
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.communicate()
    site = site_files(project / "output")
    if process.returncode == -signal.SIGKILL and not kind.name.startswith("git"):
        assert 0 < done < len(site)  # stopped half-way, with part of the work recorded
    resumed = run_deploy(project, *deploy_args(kind), "--site", "output", env=kind.env)
    assert resumed.returncode == 0, resumed.stderr
    uploaded, deleted = counts(resumed.stdout)
    if not kind.name.startswith("git"):
        assert uploaded <= len(site) - done  # what was recorded as done is not sent again
    assert published(kind) == site
    assert counts(run_deploy(project, *deploy_args(kind), "--site", "output",
                             env=kind.env).stdout) == (0, 0)


def test_wrong_credentials_and_unreachable_host_delete_nothing(kind, project):
    first = run_deploy(project, *deploy_args(kind), env=kind.env)
    assert first.returncode == 0, first.stderr
    held = kind.files()
    (project / "content/2024/bai-3.md").unlink()  # the next deploy would delete its page
    if kind.bad_env is not None:
        refused = run_deploy(project, *deploy_args(kind), env=kind.bad_env)
        assert refused.returncode == 1
        assert "từ chối đăng nhập" in refused.stderr, refused.stderr
        assert "Traceback" not in refused.stderr and "mật-khẩu-thử" not in refused.stderr
        assert "sai-mat-khau" not in refused.stderr + refused.stdout
        assert kind.files() == held
    unreachable = run_deploy(project, kind.unreachable,
                             *getattr(kind, "unreachable_args", []), env=kind.env)
    assert unreachable.returncode == 1
    assert "không kết nối được" in unreachable.stderr, unreachable.stderr
    assert "Traceback" not in unreachable.stderr
    assert kind.files() == held

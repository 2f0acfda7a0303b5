"""The `deploy` command around the transports: what it deploys and what it refuses.
A local bare git repository is the target here (no server needed)."""
from __future__ import annotations

import gzip
import re
import subprocess

from .conftest import counts, make_project, run_deploy, site_files
from .servers import bare_repository


def branch_files(repo) -> set[str]:
    """Paths in the gh-pages branch of a bare repository."""
    listed = subprocess.run(["git", "-C", str(repo), "ls-tree", "-r", "--name-only",
                             "gh-pages"], capture_output=True, text=True)
    return set(listed.stdout.split()) if listed.returncode == 0 else set()


def test_target_from_site_toml_and_drafts_never_deployed(tmp_path):
    project = make_project(tmp_path / "p")
    repo = bare_repository(tmp_path / "r.git")
    (project / "site.toml").write_text(f'title = "Tin"\n[deploy]\ntarget = "git+file://{repo}"\n',
                                       "utf-8")
    (project / "content/2024/nhap.md").write_text(
        '---\ntitle: "Bản nháp chưa duyệt"\ndate: 2024-03-01\ndraft: true\n---\n\nChưa đăng.\n',
        "utf-8")
    (project / "content/2024/tuong-lai.md").write_text(
        '---\ntitle: "Bài hẹn giờ"\ndate: 2099-01-01\n---\n\nChưa đến ngày.\n', "utf-8")
    result = run_deploy(project, "--drafts")  # not an option of deploy
    assert result.returncode == 2
    result = run_deploy(project)
    assert result.returncode == 0, result.stderr
    assert re.search(r"^\d+ bài, \d+ trang", result.stdout, re.M)  # it built first
    assert re.search(r"^[\d.]+ tệp tải lên, 0 tệp xoá, [\d,]+ MB, [\d,]+ s$", result.stdout,
                     re.M)
    deployed = branch_files(repo)
    assert deployed == set(site_files(project / "output")) | {".campaign-news-manifest.json.gz",
                                                             ".nojekyll"}
    assert not [p for p in deployed if "ban-nhap" in p or "bai-hen-gio" in p]


def test_a_failed_build_deploys_nothing(tmp_path):
    project = make_project(tmp_path / "p")
    repo = bare_repository(tmp_path / "r.git")
    (project / "content/2024/hong.md").write_text('---\ntitle: "Hỏng"\ndate: 2024-13-45\n---\n',
                                                  "utf-8")
    result = run_deploy(project, f"git+file://{repo}")
    assert result.returncode == 1
    assert "content/2024/hong.md:3" in result.stderr and "Traceback" not in result.stderr
    assert branch_files(repo) == set()


def test_site_folder_must_carry_the_marker(tmp_path):
    project = make_project(tmp_path / "p")
    repo = bare_repository(tmp_path / "r.git")
    preview = project / "ban-xem-thu"
    preview.mkdir()
    (preview / "index.html").write_text("<p>bản nháp</p>", "utf-8")
    result = run_deploy(project, f"git+file://{repo}", "--site", "ban-xem-thu")
    assert result.returncode == 1
    assert "ban-xem-thu" in result.stderr and ".campaign-news-site" in result.stderr
    assert branch_files(repo) == set()


def test_no_target_and_bad_target(tmp_path):
    project = make_project(tmp_path / "p")
    result = run_deploy(project)
    assert result.returncode == 1 and "[deploy]" in result.stderr
    result = run_deploy(project, "sftp://tin:bi-mat@x.vn/srv")
    assert result.returncode == 1 and "bi-mat" not in result.stderr + result.stdout
    assert "không hợp lệ" in result.stderr


def test_messages_follow_the_site_language(tmp_path):
    project = make_project(tmp_path / "p")
    repo = bare_repository(tmp_path / "r.git")
    (project / "site.toml").write_text('title = "News"\nlanguage = "en"\n', "utf-8")
    result = run_deploy(project, f"git+file://{repo}", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert re.search(r"^[\d,]+ files uploaded, 0 files deleted, [\d.]+ MB, [\d.]+ s "
                     r"\(dry run: nothing was changed on the server\)$", result.stdout, re.M)
    assert "upload  index.html" in result.stdout
    assert branch_files(repo) == set()
    missing = run_deploy(project, f"git+file://{tmp_path / 'none.git'}")
    assert missing.returncode == 1 and "cannot connect" in missing.stderr


def test_a_manifest_this_tool_did_not_write_is_left_alone(tmp_path):
    project = make_project(tmp_path / "p")
    repo = bare_repository(tmp_path / "r.git")
    first = run_deploy(project, f"git+file://{repo}")
    assert counts(first.stdout)[0] > 0
    scratch = tmp_path / "s"
    subprocess.run(["git", "clone", "-q", "-b", "gh-pages", str(repo), str(scratch)], check=True)
    (scratch / ".campaign-news-manifest.json.gz").write_bytes(gzip.compress(
        b'{"generator": "campaign-news", "format": 1, "files": {"../../ngoai.txt": "x"}}'))
    for args in (["add", "-A"], ["-c", "user.name=x", "-c", "user.email=x@x", "commit", "-qm",
                                 "x"], ["push", "-q"]):
        subprocess.run(["git", "-C", str(scratch), *args], check=True)
    before = branch_files(repo)
    result = run_deploy(project, f"git+file://{repo}")
    assert result.returncode == 1 and "bản kê" in result.stderr
    assert branch_files(repo) == before


def test_a_bar_on_a_terminal_and_one_line_in_a_pipe(tmp_path):
    import os
    import pty
    import sys

    from tests.conftest import ROOT

    project = make_project(tmp_path / "p")
    repo = bare_repository(tmp_path / "r.git")
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "deploy",
                                f"git+file://{repo}"], cwd=project, stdout=subprocess.PIPE,
                               stderr=follower, env={**os.environ,
                                                     "CAMPAIGN_NEWS_PROGRESS_AFTER": "0"})
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    out = process.communicate(timeout=300)[0].decode("utf-8")
    os.close(leader)
    assert process.returncode == 0
    assert "Xuất bản" in shown.decode("utf-8", "replace") and "%|" in shown.decode("utf-8")
    assert counts(out)[0] > 0
    piped = run_deploy(project, f"git+file://{repo}")  # stderr to a pipe: no bar at all
    assert "%|" not in piped.stderr and counts(piped.stdout) == (0, 0)

"""`init DIR`: a new site that builds; refuses a folder that is not empty."""
from __future__ import annotations

import sys
import tomllib

import pytest
import yaml

from tests.conftest import ROOT, run_build_py

from .site_checks import assert_built, build_new_site

BUILD_PY = [sys.executable, str(ROOT / "build.py")]


def test_init_makes_a_site_that_builds(tmp_path):
    result = run_build_py("init", "trang-tin", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "trang-tin"
    assert "campaign-news build" in result.stdout and "trang-tin" in result.stdout
    settings = tomllib.loads((site / "site.toml").read_text("utf-8"))
    assert settings["language"] == "vi" and settings["timezone"] == "Asia/Ho_Chi_Minh"
    assert (site / "site.toml").read_text("utf-8").count("\n#") >= 10  # commented
    assert sorted(p.relative_to(site).as_posix() for p in (site / "content").rglob("*.md"))[1:] \
        == ["content/pages/gioi-thieu.md"]
    if not build_new_site(site, BUILD_PY):
        pytest.xfail("pages without a date (content/pages/) have not landed yet")
    assert_built(site, page_kept=True)


def test_gitignore_keeps_build_products_out(tmp_path):
    run_build_py("init", "s", cwd=tmp_path)
    site = tmp_path / "s"
    ignored = (site / ".gitignore").read_text("utf-8").splitlines()
    for pattern in ("/output/", "/.cache/", "*.lock", "*.zip", "/.output.*"):
        assert pattern in ignored
    import subprocess
    subprocess.run(["git", "init", "-q"], cwd=site, check=True)
    for name in ("output/index.html", ".output.lock", ".cache/x", "tin-tuc.zip",
                 ".output.staging-12/index.html"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text("x")
    status = subprocess.run(["git", "status", "--porcelain", "-uall"], cwd=site, check=True,
                            capture_output=True, text=True).stdout
    assert "output" not in status and ".cache" not in status and ".zip" not in status
    assert "site.toml" in status and "content/pages/gioi-thieu.md" in status


def test_workflow_publishes_to_pages_daily(tmp_path):
    run_build_py("init", "s", cwd=tmp_path)
    workflow = yaml.safe_load((tmp_path / "s/.github/workflows/publish.yml").read_text("utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"]
    minute, hour, *every_day = triggers["schedule"][0]["cron"].split()
    assert every_day == ["*", "*", "*"] and (int(hour) + 7) % 24 == 0  # just after midnight VN
    steps = workflow["jobs"]["build"]["steps"]
    commands = " ".join(step.get("run", "") for step in steps)
    assert "pip install -r requirements.txt" in commands and "campaign-news build" in commands
    assert any(step.get("uses", "").startswith("actions/upload-pages-artifact") and
               step["with"]["path"] == "output" for step in steps)
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages")
    assert workflow["permissions"]["pages"] == "write"
    requirement = (tmp_path / "s/requirements.txt").read_text("utf-8").splitlines()[-1]
    assert requirement.startswith("campaign-news==")


@pytest.mark.parametrize("language, words", [("vi", "không trống"), ("en", "not empty")])
def test_refuses_a_folder_that_is_not_empty(tmp_path, language, words):
    site = tmp_path / "co-san"
    site.mkdir()
    (site / "ghi-chu.txt").write_text("của biên tập viên", "utf-8")
    result = run_build_py("init", str(site), "--lang", language)
    assert result.returncode == 1
    assert words in result.stderr and "co-san" in result.stderr
    assert "Traceback" not in result.stderr
    assert [p.name for p in site.iterdir()] == ["ghi-chu.txt"]


def test_an_empty_folder_is_fine_and_a_file_is_refused(tmp_path):
    (tmp_path / "trong").mkdir()
    assert run_build_py("init", "trong", cwd=tmp_path).returncode == 0
    assert (tmp_path / "trong" / "site.toml").is_file()
    (tmp_path / "tep").write_text("x")
    result = run_build_py("init", "tep", cwd=tmp_path)
    assert result.returncode == 1 and "tep" in result.stderr

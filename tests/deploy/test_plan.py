"""The deploy plan, manifest and address rules, on plain data (no server needed)."""
from __future__ import annotations

import gzip
import json

import pytest

from builder.core.config import load_config
from builder.core.errors import ConfigError
from builder.publish.deploy.plan import (MANIFEST_NAME, PENDING, ManifestError, make_plan,
                                         manifest_bytes, read_manifest, scan_site)
from builder.publish.deploy.target import TargetError, parse_target


def test_uploads_go_media_articles_listings_feeds_search_front_page():
    local = {p: "d" for p in ["index.html", "search/p-0.js", "feeds/atom.xml", "tags/dan-van.html",
                              "2024/05/bai-moi.html", "assets/style.css", "media/2024/anh.jpg",
                              "search.html", "sitemap.xml", "archive/2024/05.html"]}
    plan = make_plan(local, {"2023/01/bai-cu.html": "x"})
    assert plan.uploads == ("assets/style.css", "media/2024/anh.jpg", "2024/05/bai-moi.html",
                            "archive/2024/05.html", "search.html", "tags/dan-van.html",
                            "feeds/atom.xml", "sitemap.xml", "search/p-0.js", "index.html")
    assert plan.deletions == ("2023/01/bai-cu.html",)


def test_only_new_changed_and_pending_files_are_uploaded():
    plan = make_plan({"a.html": "1", "b.html": "2", "c.html": "3"},
                     {"a.html": "1", "b.html": "old", "c.html": PENDING, "d.html": "4"})
    assert set(plan.uploads) == {"b.html", "c.html"} and plan.deletions == ("d.html",)
    assert make_plan({"a.html": "1"}, {"a.html": "1"}).empty


def test_manifest_round_trip_with_vietnamese_names():
    files = {"media/2024/văn-bản.pdf": "ab" * 32, "index.html": PENDING}
    assert read_manifest(manifest_bytes(files)) == files
    assert read_manifest(None) == {}


@pytest.mark.parametrize("text", [
    b"not json", b"[]", json.dumps({"generator": "hugo", "format": 1, "files": {}}).encode(),
    json.dumps({"generator": "campaign-news", "format": 1,
                "files": {"../../etc/passwd": "x"}}).encode(),
    json.dumps({"generator": "campaign-news", "format": 1, "files": {"/etc/passwd": "x"}}).encode(),
    json.dumps({"generator": "campaign-news", "format": 1, "files": {"a/./b": "x"}}).encode(),
    json.dumps({"generator": "campaign-news", "format": 1, "files": {"a\\..\\b": "x"}}).encode(),
])
def test_a_foreign_or_hostile_manifest_is_refused(text):
    with pytest.raises(ManifestError):
        read_manifest(gzip.compress(text))
    with pytest.raises(ManifestError):
        read_manifest(text)  # not gzipped at all


def test_scan_leaves_the_marker_and_manifest_at_home(tmp_path):
    (tmp_path / "2024").mkdir()
    (tmp_path / "2024" / "bài.html").write_text("Đức Huệ", "utf-8")
    (tmp_path / ".campaign-news-site").write_text("m")
    (tmp_path / MANIFEST_NAME).write_text("{}")
    assert list(scan_site(tmp_path)) == ["2024/bài.html"]


@pytest.mark.parametrize("address, scheme, host, port, user, path", [
    ("sftp://tin@may-chu.vn/var/www/tin", "sftp", "may-chu.vn", 22, "tin", "/var/www/tin"),
    ("sftp://tin@127.0.0.1:2222/srv/", "sftp", "127.0.0.1", 2222, "tin", "/srv"),
    ("ftp://bientap@ftp.vn/public_html", "ftp", "ftp.vn", 21, "bientap", "public_html"),
    ("ftps://bientap@ftp.vn:990/", "ftps", "ftp.vn", 990, "bientap", ""),
    ("s3://thu-vien/tin-tuc/", "s3", "thu-vien", None, "", "tin-tuc"),
])
def test_addresses(address, scheme, host, port, user, path):
    target = parse_target(address)
    assert (target.scheme, target.host, target.port, target.user, target.path) == \
        (scheme, host, port, user, path)


def test_git_addresses():
    local = parse_target("git+file:///srv/trang.git")
    assert (local.repository, local.branch) == ("/srv/trang.git", "gh-pages")
    remote = parse_target("git+ssh://git@github.com/so-noi-vu/tin.git#pages")
    assert (remote.repository, remote.branch) == ("ssh://git@github.com/so-noi-vu/tin.git",
                                                  "pages")


@pytest.mark.parametrize("address, key", [
    ("http://x.vn/", "unknown_scheme"), ("sftp://u:bi-mat@x.vn/srv", "password_in_address"),
    ("sftp://u@x.vn/../etc", "dot_dot"), ("ftp://u@x.vn/a/../../b", "dot_dot"),
    ("sftp://u@x.vn", "sftp_needs_folder"), ("s3:///tin", "no_host"),
    ("sftp://u@x.vn:port/srv", "port_not_number"), ("git+ssh://x.vn/r.git#a;rm", "bad_branch"),
    ("ftp://u@x.vn/www%0D%0ADELE%20index.html", "control_character"),
])
def test_bad_addresses(address, key):
    with pytest.raises(TargetError) as refused:
        parse_target(address)
    assert refused.value.key == key


@pytest.mark.parametrize("language, words", [
    ("vi", "x.vn/srv: địa chỉ xuất bản không hợp lệ: không ghi mật khẩu trong địa chỉ"),
    ("en", "x.vn/srv: not a valid deploy target: no password in the address"),
])
def test_a_bad_address_is_explained_in_the_run_s_language(tmp_path, language, words):
    from tests.conftest import run_build_py

    (tmp_path / "site.toml").write_text('title = "Tin"\n', "utf-8")
    refused = run_build_py("deploy", "sftp://u:bi-mat@x.vn/srv", "--lang", language, cwd=tmp_path)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert words in refused.stderr, refused.stderr
    assert "bi-mat" not in refused.stderr  # the password never printed


def test_deploy_table_in_site_toml(tmp_path):
    toml = tmp_path / "site.toml"
    toml.write_text('[deploy]\ntarget = "sftp://tin@may-chu.vn/var/www"\n'
                    'endpoint_url = "https://s3.vn"\n', "utf-8")
    config = load_config(toml)
    assert config.deploy_target == "sftp://tin@may-chu.vn/var/www"
    assert config.deploy_endpoint_url == "https://s3.vn"


@pytest.mark.parametrize("text, words", [
    ('[deploy]\ntarjet = "s3://b"\n', "did you mean 'target'"),
    ('[deploy]\ntarget = "http://x.vn"\n', "must start with one of"),
    ('[deploy]\ntarget = "ftp://u:bi-mat@x.vn/www"\n', "must not hold a password"),
    ('[deploy]\ntarget = 3\n', "must be text"),
    ('[deploy]\nendpoint_url = "s3.vn"\n', "http"),
])
def test_deploy_table_mistakes_are_reported_with_their_line(tmp_path, text, words):
    toml = tmp_path / "site.toml"
    toml.write_text('title = "Tin"\n' + text, "utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(toml)
    shown = [problem.render("en") for problem in raised.value.problems]
    assert any(words in line and ":3" in line for line in shown), shown
    assert "bi-mat" not in " ".join(shown)

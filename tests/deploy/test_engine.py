"""The engine's bookkeeping, through a transport that keeps files in a real folder."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builder.pipeline import NoProgress
from builder.publish.deploy.engine import deploy
from builder.publish.deploy.plan import MANIFEST_NAME, PENDING, read_manifest
from builder.publish.deploy.transport import DeployFailure, Transport


class FolderTransport(Transport):
    """Files in a local folder, recording each write; fails at the upload named `fail_at`
    (a full disk on the host, say)."""

    def __init__(self, root: Path, fail_at: str | None = None):
        super().__init__()
        self.root, self.fail_at = root, fail_at
        self.manifests: list[dict] = []

    def read(self, path):
        file = self.root / path
        return file.read_bytes() if file.is_file() else None

    def upload(self, path, source):
        if path == self.fail_at:
            raise DeployFailure("No space left on device")
        (self.root / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, self.root / path)

    def write_atomic(self, path, data):
        self.manifests.append(read_manifest(data))
        (self.root / path).write_bytes(data)

    def delete(self, path):
        (self.root / path).unlink(missing_ok=True)


def site(folder: Path, files: dict[str, str]) -> Path:
    """A built-looking folder with these files."""
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, "utf-8")
    (folder / ".campaign-news-site").write_text("m")
    return folder


def test_new_files_are_owned_before_they_are_sent_and_a_failure_resumes(tmp_path):
    target = tmp_path / "target"
    target.mkdir()
    one = site(tmp_path / "one", {"index.html": "Trang chủ", "2024/05/a.html": "A"})
    deploy(one, FolderTransport(target), NoProgress())
    two = site(tmp_path / "two", {"index.html": "Trang chủ mới", "2024/05/a.html": "A",
                                  "2024/06/b.html": "Bài mới", "media/anh.jpg": "ảnh"})
    failing = FolderTransport(target, fail_at="2024/06/b.html")
    with pytest.raises(DeployFailure):
        deploy(two, failing, NoProgress())
    # Only the new files were marked pending first; the changed index.html kept its digest.
    owned = failing.manifests[0]
    assert owned["2024/06/b.html"] == owned["media/anh.jpg"] == PENDING
    assert owned["index.html"] != PENDING
    assert (target / "media/anh.jpg").is_file() and (target / "index.html").read_text(
        "utf-8") == "Trang chủ"  # the front page waits for the pages it links to
    resumed = FolderTransport(target)
    report = deploy(two, resumed, NoProgress())
    assert set(report.plan.uploads) == {"index.html", "2024/06/b.html", "media/anh.jpg"}
    assert read_manifest((target / MANIFEST_NAME).read_bytes()) == report.plan.local


def test_an_edit_without_new_files_writes_the_manifest_once(tmp_path):
    target = tmp_path / "target"
    target.mkdir()
    deploy(site(tmp_path / "one", {"index.html": "1", "a.html": "A"}), FolderTransport(target),
           NoProgress())
    edited = FolderTransport(target)
    deploy(site(tmp_path / "two", {"index.html": "1", "a.html": "A sửa"}), edited, NoProgress())
    assert len(edited.manifests) == 1
    unchanged = FolderTransport(target)
    deploy(site(tmp_path / "two", {}), unchanged, NoProgress())
    assert unchanged.manifests == []

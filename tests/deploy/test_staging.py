"""A write cut short on a target that stages files beside their final name."""
from __future__ import annotations

import pytest

from builder.publish.deploy.transport import staging_name

from .conftest import MANIFEST, article_text, deploy_args, run_deploy, site_files
from .test_targets import build, published

# S3 puts are atomic and git commits whole trees: only these stage a copy on the target.
pytestmark = pytest.mark.parametrize("kind", ["sftp", "ftp", "ftps"], indirect=True)


def test_a_manifest_write_cut_short_leaves_nothing_behind(kind, project):
    """A kill during the manifest's write leaves its staging copy on the target; the next
    deploy writes through the same name, so the site readers get holds no stray file."""
    build(project)
    first = run_deploy(project, *deploy_args(kind), "--site", "output", env=kind.env)
    assert first.returncode == 0, first.stderr
    kind.plant(staging_name(MANIFEST), b"half a manifest")
    (project / "content/2024/bai-5.md").write_text(article_text(5, " Sửa lại."), "utf-8")
    build(project)
    again = run_deploy(project, *deploy_args(kind), "--site", "output", env=kind.env)
    assert again.returncode == 0, again.stderr
    assert published(kind) == site_files(project / "output")

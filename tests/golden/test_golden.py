"""Golden output: the fixture site builds to exactly the committed tree.

Regenerate on purpose (after a deliberate change to templates or output) with:
    UPDATE_GOLDEN=1 python -m pytest tests/golden
(only the value 1, never on CI; the run then fails: review the diff and run again)
Theme assets are compared by name only, so restyling CSS does not churn this test; the
golden copy keeps them as empty files (their text lives in templates/assets).
"""
import shutil
from pathlib import Path

from tests.conftest import run_build_py
from tests.update_switch import fail_if_rewritten, update_requested

HERE = Path(__file__).parent
SITE = HERE / "site"
EXPECTED = HERE / "expected"


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` by relative path (asset bytes left out)."""
    files = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            rel = path.relative_to(root).as_posix()
            files[rel] = b"" if rel.startswith("assets/") else path.read_bytes()
    return files


def build(out: Path) -> Path:
    result = run_build_py("build", "--content", str(SITE / "content"), "--config",
                          str(SITE / "site.toml"), "--output", str(out))
    assert result.returncode == 0, result.stderr
    return out


def test_fixture_site_matches_the_golden_tree(tmp_path):
    out = build(tmp_path / "output")
    if update_requested("UPDATE_GOLDEN"):
        before = tree(EXPECTED) if EXPECTED.exists() else {}
        shutil.rmtree(EXPECTED, ignore_errors=True)
        shutil.copytree(out, EXPECTED)
        for asset in (EXPECTED / "assets").rglob("*"):
            if asset.is_file():
                asset.write_bytes(b"")
        after = tree(EXPECTED)
        fail_if_rewritten(sorted(p for p in {*before, *after} if before.get(p) != after.get(p)))
    expected, actual = tree(EXPECTED), tree(out)
    assert sorted(actual) == sorted(expected)
    changed = [path for path in expected if actual[path] != expected[path]]
    assert changed == [], f"differs from the golden copy: {changed}"


def test_same_input_gives_byte_identical_output(tmp_path):
    first, second = tree(build(tmp_path / "a")), tree(build(tmp_path / "b"))
    assert first == second

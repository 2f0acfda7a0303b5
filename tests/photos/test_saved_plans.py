"""The photo plans a build saves for the next build in a new process (photos/store.py)."""
from __future__ import annotations

import json

from builder.photos import stage, store

from .test_photos import build_site, make_site, tree


def counting(monkeypatch, module, name: str) -> list:
    """Count the calls of `module.name` (the real function still runs)."""
    calls, real = [], getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def edit_an_article(root) -> None:
    """A sentence added to the article without photos: every photo stays as it was."""
    article = root / "content" / "2024" / "duong-lang.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nThêm một câu.\n",
                       encoding="utf-8")


def test_a_new_build_uses_the_saved_plans_and_equals_a_clean_build(tmp_path, monkeypatch):
    root = make_site(tmp_path, base_url="https://tin.example.vn/")
    build_site(root)
    saved = json.loads((root / ".cache" / "photos" / store.PLANS_FILE).read_text("utf-8"))
    assert len(saved["plans"]) == 6
    plans = counting(monkeypatch, stage, "plan")
    edit_an_article(root)
    build_site(root)  # a one-shot build: a fresh memo, as in a new process
    assert plans == []
    assert tree(root / "output") == tree(build_site(root, "clean", cache=None))


def test_plans_saved_by_other_code_are_made_again(tmp_path, monkeypatch):
    root = make_site(tmp_path)
    build_site(root)
    path = root / ".cache" / "photos" / store.PLANS_FILE
    saved = json.loads(path.read_text("utf-8"))
    path.write_text(json.dumps({**saved, "code": "older code"}), encoding="utf-8")
    plans = counting(monkeypatch, stage, "plan")
    edit_an_article(root)
    build_site(root)
    assert len(plans) == 6
    assert json.loads(path.read_text("utf-8"))["code"] == saved["code"]


def test_a_build_with_nothing_to_do_reads_nothing_of_the_photo_cache(tmp_path, monkeypatch):
    root = make_site(tmp_path)
    build_site(root)
    reads = counting(monkeypatch, store, "_read_json")
    build_site(root)
    assert reads == []
    edit_an_article(root)
    build_site(root)
    assert reads  # the check above could fail: a build with work reads them

"""UPDATE_GOLDEN / UPDATE_BROKEN: only `1`, never under CI, and a rewrite fails its test."""
import pytest

from tests.update_switch import REWRITTEN, fail_if_rewritten, update_requested


@pytest.mark.parametrize("value", ["0", "true", "yes", "2", " 1"])
def test_any_value_but_1_fails(monkeypatch, value):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("UPDATE_GOLDEN", value)
    with pytest.raises(pytest.fail.Exception, match="only UPDATE_GOLDEN=1"):
        update_requested("UPDATE_GOLDEN")


def test_1_turns_it_on_and_unset_or_empty_leaves_it_off(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("UPDATE_BROKEN", "1")
    assert update_requested("UPDATE_BROKEN") is True
    monkeypatch.setenv("UPDATE_BROKEN", "")
    assert update_requested("UPDATE_BROKEN") is False
    monkeypatch.delenv("UPDATE_BROKEN")
    assert update_requested("UPDATE_BROKEN") is False


def test_refused_under_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("UPDATE_BROKEN", "1")
    with pytest.raises(pytest.fail.Exception, match="under CI"):
        update_requested("UPDATE_BROKEN")


def test_a_rewrite_fails_with_the_review_message():
    with pytest.raises(pytest.fail.Exception, match="expected files rewritten; review the diff"):
        fail_if_rewritten(["tests/golden/expected/index.html"])
    fail_if_rewritten([])  # nothing rewritten: the test goes on to compare
    assert REWRITTEN == "expected files rewritten; review the diff"

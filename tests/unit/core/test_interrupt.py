"""Ctrl+C that Python could only print is kept and stops the build at its next stage."""
import subprocess
import sys
import textwrap
import threading
from types import SimpleNamespace

import pytest

from builder import cli, pipeline
from builder.core import interrupt
from tests.conftest import ROOT
from tests.faults.corpus import write_corpus
from tests.faults.helpers import leftovers, tree_hash

# Ctrl+C raised inside a weak reference's callback, as when it lands while an import
# finishes: Python cannot raise it there and hands it to sys.unraisablehook. Then the
# work goes on to where a stage of the build begins.
SCRIPT = textwrap.dedent("""
    import sys, weakref
    from builder.core.interrupt import keep_interrupt, raise_kept_interrupt
    if sys.argv[1] == "hooked":
        sys.unraisablehook = keep_interrupt
    class Lock:
        pass
    def callback(reference):
        raise KeyboardInterrupt
    lock = Lock()
    reference = weakref.ref(lock, callback)
    try:
        del lock
        raise_kept_interrupt()
        print("went on")
    except KeyboardInterrupt:
        print("stopped")
""")


def run(mode: str, script: str = SCRIPT) -> subprocess.CompletedProcess:
    """The script above in a new interpreter."""
    return subprocess.run([sys.executable, "-c", script, mode], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)


def test_ctrl_c_python_could_only_print_stops_the_work_without_a_traceback():
    hooked = run("hooked")
    assert hooked.stdout.strip() == "stopped"
    assert hooked.stderr == ""


def test_without_the_hook_python_prints_a_traceback_and_goes_on():
    # What the hook is for: Python's own handling of the same Ctrl+C.
    plain = run("plain")
    assert plain.stdout.strip() == "went on"
    assert "Exception ignored" in plain.stderr and "Traceback" in plain.stderr


def test_other_unraisable_errors_are_still_printed():
    result = run("hooked", SCRIPT.replace("raise KeyboardInterrupt", "raise ValueError('x')"))
    assert result.stdout.strip() == "went on"
    assert "Exception ignored" in result.stderr and "ValueError: x" in result.stderr


def test_a_kept_ctrl_c_stops_the_build_at_its_next_stage_and_keeps_the_old_site(
        tmp_path, monkeypatch, capsys):
    write_corpus(tmp_path / "content", 12)
    args = ["build", "--content", str(tmp_path / "content"), "--output",
            str(tmp_path / "output"), "--cache", str(tmp_path / ".cache"), "--lang", "en"]
    assert cli.main(args) == 0
    before = tree_hash(tmp_path / "output")
    (tmp_path / "content" / "moi.md").write_text(
        "---\ntitle: Bài mới\ndate: 2024-05-01\n---\nNội dung.\n", encoding="utf-8")
    load_all = pipeline.load_all

    def interrupted_while_loading(*args, **kwargs):
        """The content stage, with Ctrl+C landing where Python can only print it."""
        loaded = load_all(*args, **kwargs)
        sys.unraisablehook(SimpleNamespace(exc_type=KeyboardInterrupt,
                                           exc_value=KeyboardInterrupt(), exc_traceback=None,
                                           err_msg=None, object=None))
        return loaded

    monkeypatch.setattr(pipeline, "load_all", interrupted_while_loading)
    capsys.readouterr()
    assert cli.main(args) == 130
    said = capsys.readouterr().err
    assert "interrupted; the output folder was left as it was" in said and "Traceback" not in said
    assert tree_hash(tmp_path / "output") == before
    assert leftovers(tmp_path) == []
    assert sys.unraisablehook is not interrupt.keep_interrupt  # put back after the command


def test_a_kept_ctrl_c_is_raised_once():
    interrupt.keep_interrupt(SimpleNamespace(exc_type=KeyboardInterrupt))
    with pytest.raises(KeyboardInterrupt):
        interrupt.raise_kept_interrupt()
    interrupt.raise_kept_interrupt()  # nothing kept any more


def test_a_kept_ctrl_c_is_raised_in_the_main_thread_only():
    interrupt.keep_interrupt(SimpleNamespace(exc_type=KeyboardInterrupt))
    elsewhere = threading.Thread(target=interrupt.raise_kept_interrupt)
    elsewhere.start()
    elsewhere.join()
    with pytest.raises(KeyboardInterrupt):
        interrupt.raise_kept_interrupt()

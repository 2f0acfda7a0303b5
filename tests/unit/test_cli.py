"""The entry point's own handling: Ctrl+C that Python could only print is raised again."""
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Ctrl+C raised inside a weak reference's callback, as when it lands while an import
# finishes: Python cannot raise it there and hands it to sys.unraisablehook.
SCRIPT = textwrap.dedent("""
    import sys, time, weakref
    from builder.cli import interrupt_again
    if sys.argv[1] == "hooked":
        sys.unraisablehook = interrupt_again
    class Lock:
        pass
    def callback(reference):
        raise KeyboardInterrupt
    lock = Lock()
    reference = weakref.ref(lock, callback)
    try:
        del lock
        time.sleep(1)  # the build going on
        print("went on")
    except KeyboardInterrupt:
        print("stopped")
""")


def run(mode: str) -> subprocess.CompletedProcess:
    """The script above in a new interpreter."""
    return subprocess.run([sys.executable, "-c", SCRIPT, mode], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)


def test_ctrl_c_python_could_only_print_stops_the_run_without_a_traceback():
    hooked = run("hooked")
    assert hooked.stdout.strip() == "stopped"
    assert hooked.stderr == ""


def test_without_the_hook_python_prints_a_traceback_and_goes_on():
    # What the hook is for: Python's own handling of the same Ctrl+C.
    plain = run("plain")
    assert plain.stdout.strip() == "went on"
    assert "Exception ignored" in plain.stderr and "Traceback" in plain.stderr


def test_other_unraisable_errors_are_still_printed():
    script = SCRIPT.replace("raise KeyboardInterrupt", "raise ValueError('x')")
    result = subprocess.run([sys.executable, "-c", script, "hooked"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "went on"
    assert "Exception ignored" in result.stderr and "ValueError: x" in result.stderr

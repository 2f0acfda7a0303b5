"""builder/cli: how a command's process ends."""
from __future__ import annotations

import signal
import subprocess
import sys

import pytest

from tests.conftest import ROOT

# A process whose command is over: an exit handler (as the worker pools and temporary
# folders register) is still running when Ctrl+C comes.
ENDING = """
import atexit, sys, time
from builder.cli import leave_to_exit
atexit.register(time.sleep, 1.0)
leave_to_exit()
print("xong", flush=True)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="sends SIGINT to a child process")
def test_a_ctrl_c_after_the_command_is_over_ends_the_process_without_a_traceback():
    process = subprocess.Popen([sys.executable, "-c", ENDING], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout.readline() == b"xong\n"
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130  # an interrupted command's code, as the shell expects
    assert b"Traceback" not in stderr and b"KeyboardInterrupt" not in stderr

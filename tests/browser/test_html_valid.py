"""The Nu HTML checker (npm vnu-jar, run by the system Java) finds no error in the sample site."""
from __future__ import annotations

import json
import subprocess


def test_sample_site_is_valid_html(sample_site, vnu_command):
    """Every page of the built sample validates without errors."""
    result = subprocess.run([*vnu_command, "--errors-only", "--skip-non-html", "--format", "json",
                             str(sample_site)], capture_output=True, text=True, timeout=600)
    report = json.loads(result.stderr or result.stdout)  # vnu writes its report to stderr
    errors = [f"{'/'.join(m.get('url', '?').rsplit('/', 3)[-3:])}:{m.get('lastLine')}: {m['message']}"
              for m in report["messages"] if m["type"] in ("error", "non-document-error")]
    assert errors == []
    assert result.returncode == 0

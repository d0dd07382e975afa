"""static/js/realtime.js's repair of gaps and its close codes, run by Node against a fake
browser (tests/chat/js/realtime_gaps.test.js): the fault drills check the server's side with
a Python client that follows the same protocol."""

import shutil
import subprocess
from pathlib import Path

import pytest

NODE = shutil.which("node")
SCRIPT = Path(__file__).parent / "js" / "realtime_gaps.test.js"


@pytest.mark.skipif(NODE is None, reason="Node.js is not installed")
def test_realtime_js_repairs_gaps_and_honours_close_codes():
    result = subprocess.run([NODE, str(SCRIPT)], capture_output=True, text=True,  # noqa: S603
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "ok" in result.stdout

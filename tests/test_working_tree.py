"""The suite tests the code of the checkout it runs in, not a copy installed earlier:
pytest puts the checkout first on the path (`pythonpath` in pyproject.toml), and the
shipped data is found in the checkout too."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import constraints
import schedule_planner
from conftest import ROOT
from schedule_planner.loading import default_model_path

# pytest as its console script runs it: the current folder is not put on the path
BARE_PYTEST = [sys.executable, "-I", "-c", "import sys, pytest; sys.exit(pytest.main(sys.argv[1:]))"]


def test_the_code_and_data_under_test_are_the_checkouts():
    for module in (schedule_planner, constraints):
        assert Path(module.__file__).resolve().is_relative_to(ROOT)
    assert default_model_path().resolve().is_relative_to(ROOT)


def test_a_rule_broken_in_a_checkout_fails_its_tests(tmp_path):
    """A copy of the checkout with session-order broken: its own tests fail there, even
    though this environment has planner installed from elsewhere."""
    copy = tmp_path / "checkout"
    ignore = shutil.ignore_patterns("__pycache__", ".venv", "*.egg-info", ".pytest_cache")
    for name in ("schedule_planner", "constraints", "data", "tests", "examples"):
        shutil.copytree(ROOT / name, copy / name, ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    args = [
        *BARE_PYTEST,
        "tests/test_rules.py",
        "-q",
        "-o",
        "addopts=",
        "-p",
        "no:cacheprovider",
        "-k",
        "session-order",
    ]

    def run():
        return subprocess.run(args, cwd=copy, capture_output=True, text=True, timeout=300)

    intact = run()
    assert intact.returncode == 0, intact.stdout + intact.stderr
    rule = copy / "constraints" / "session_order.py"
    text = rule.read_text()
    assert "return next_start - prev_end - self.gap(problem, nxt)" in text
    rule.write_text(
        text.replace(
            "return next_start - prev_end - self.gap(problem, nxt)", "return next_start - prev_end + 10_000"
        )
    )
    broken = run()
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "session-order" in broken.stdout

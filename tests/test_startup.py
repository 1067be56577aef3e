"""What a command imports before it answers: `--help`, `--version` and `check` stay fast
(issue 21; bench/startup.py times them against `python -c "import click, yaml"`).
A library a command does not need is not loaded: said here by the modules a fresh
process holds after the command, never by timing it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import EXAMPLES

CODE = """\
import sys
from schedule_planner.cli import main
try:
    main({args!r}, standalone_mode=False)
except SystemExit:
    pass
print(' '.join(sorted(sys.modules)))
"""


def imported(args: list[str], tmp_path) -> set[str]:
    """The top-level names of the modules a fresh process holds after `planner ARGS`."""
    done = subprocess.run(
        [sys.executable, "-c", CODE.format(args=args)], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    return set(done.stdout.strip().splitlines()[-1].split())


@pytest.mark.parametrize(
    "args, absent",
    [
        # --help lists the commands and their options: none of the libraries they call
        (
            ["--help"],
            {"importlib.metadata", "hashlib", "pydantic", "rich.console", "holidays", "constraints"},
        ),
        # the version is looked up, nothing is loaded
        (["--version"], {"pydantic", "rich.console", "holidays", "constraints"}),
    ],
)
def test_a_command_imports_only_what_it_needs(args, absent, tmp_path):
    assert not absent & imported(args, tmp_path)


def test_version_is_the_installed_one(tmp_path):
    from schedule_planner import distribution_version

    done = subprocess.run(
        [sys.executable, "-m", "schedule_planner.cli", "--version"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0
    assert done.stdout == f"planner, version {distribution_version()}\n"


def test_check_still_imports_what_it_renders_with(tmp_path):
    """The fast paths' absences above are not vacuous: the module names are the ones
    a command that does need them holds."""
    assert {"pydantic", "rich.console", "constraints"} <= imported(
        ["check", str(EXAMPLES / "seed-dates.yaml")], tmp_path
    )


def test_text_is_let_through_at_once_only_without_a_character_it_may_refuse():
    """plain_text looks at a text a character at a time only when SUSPECT finds one in it:
    SUSPECT must find every character the look would refuse outside a web address."""
    from schedule_planner.domain.schema import SUSPECT, plain_text

    refused = set()
    for code in range(0x110000):
        try:
            plain_text(chr(code), "name")
        except ValueError:
            refused.add(chr(code))
    assert refused == {chr(c) for c in range(0x110000) if SUSPECT.match(chr(c))}
    assert plain_text("two\nlines", "task") == "two\nlines"

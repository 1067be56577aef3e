"""Hostile input and a hostile environment (issue 12): outputs never destroy inputs,
reads and work are bounded, interrupts and broken pipes end cleanly, every text field
is safe. Devices are never touched: FIFOs and temporary files stand in for them."""

from __future__ import annotations

import io
import os
import shutil

import pytest
from click.testing import CliRunner

from schedule_planner.cli import main

from conftest import EXAMPLES

MODEL = "include: [planner:ahc-cybercrime.yaml]\n"


def run(*args, input=None, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, env=env)


def error_of(result) -> str:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.output


# D1: -o never names an input


@pytest.fixture
def folder(tmp_path):
    shutil.copy(EXAMPLES / "broken-dates.yaml", tmp_path / "bd.yaml")
    (tmp_path / "m.yaml").write_text("include: [v.yaml]\n")
    (tmp_path / "v.yaml").write_text(MODEL)
    os.symlink("v.yaml", tmp_path / "link.yaml")
    os.link(tmp_path / "bd.yaml", tmp_path / "hard.yaml")
    return tmp_path


@pytest.mark.parametrize("args, victim", [
    (["check", "{d}/bd.yaml", "-o", "{d}/bd.yaml"], "bd.yaml"),
    (["check", "{d}/bd.yaml", "-o", "{d}/hard.yaml"], "bd.yaml"),          # a hard link
    (["solve", "{d}/m.yaml", "-f", "json", "-o", "{d}/m.yaml"], "m.yaml"),
    (["solve", "{d}/m.yaml", "-o", "{d}/v.yaml"], "v.yaml"),                # an include
    (["solve", "{d}/m.yaml", "-o", "{d}/link.yaml"], "v.yaml"),             # a link to one
    (["rules", "-m", "{d}/m.yaml", "--scenario", "{d}/bd.yaml", "-o", "{d}/bd.yaml"], "bd.yaml"),
    (["export", "json", "{d}/m.yaml", "--from", "{d}/bd.yaml", "-o", "{d}/bd.yaml"], "bd.yaml"),
    (["solve", "{d}/m.yaml", "--baseline", "{d}/bd.yaml", "-o", "{d}/bd.yaml"], "bd.yaml"),
    (["explain", "{d}/m.yaml", "--from", "{d}/bd.yaml", "-o", "{d}/../{d.name}/bd.yaml"], "bd.yaml"),
    (["diff", "{d}/bd.yaml", "{d}/m.yaml", "-o", "{d}/m.yaml"], "m.yaml"),
])
def test_output_naming_an_input_is_refused_and_the_input_kept(folder, args, victim):
    if args[0] == "rules":
        args = ["model", *args[1:]]          # `model -o` reads the model and its scenarios
    before = (folder / victim).read_bytes()
    result = run(*[a.format(d=folder) for a in args])
    assert result.exit_code == 2, result.output
    assert "is also the output file (-o)" in error_of(result)
    assert (folder / victim).read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["bd.yaml", "hard.yaml", "link.yaml", "m.yaml",
                                                        "v.yaml"]


def test_previous_calendar_may_be_the_output(tmp_path):
    """The documented exception: `export ics --previous X -o X` updates the calendar."""
    ics = tmp_path / "ahc.ics"
    assert run("export", "ics", "--events", "sessions", "-o", ics).exit_code == 0
    result = run("export", "ics", "--events", "sessions", "--previous", ics, "-o", ics)
    assert result.exit_code == 0, result.output
    assert ics.read_text().startswith("BEGIN:VCALENDAR")


def test_empty_output_name_is_a_usage_error_before_any_work(monkeypatch):
    from schedule_planner import app

    monkeypatch.setattr(app, "load", lambda *a, **k: pytest.fail("loaded before refusing -o ''"))
    result = run("solve", "-o", "")
    assert result.exit_code == 2 and "-o needs a file name" in result.output


# D3: bounded reads


def test_an_input_larger_than_the_cap_is_refused_naming_it(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text(MODEL + "#" * 2000 + "\n")
    result = run("validate", big, env={"PLANNER_MAX_INPUT_BYTES": "1000"})
    assert result.exit_code == 2
    assert f"{big}: is larger than 1,000 bytes" in result.output and "PLANNER_MAX_INPUT_BYTES" in result.output


def test_an_endless_include_or_stdin_stops_at_the_cap(tmp_path):
    """/dev/zero as an include, or `yes |` on standard input, is refused at the cap
    instead of being read to an end it never reaches."""
    (tmp_path / "m.yaml").write_text("include: [/dev/zero]\n")
    result = run("validate", tmp_path / "m.yaml", env={"PLANNER_MAX_INPUT_BYTES": "100000"})
    assert result.exit_code == 2 and "/dev/zero: is larger than 100,000 bytes" in result.output

    result = run("check", "-", input=Endless(), env={"PLANNER_MAX_INPUT_BYTES": "100000"})
    assert result.exit_code == 2 and "<stdin>: is larger than 100,000 bytes" in result.output


class Endless(io.RawIOBase):
    """`yes` on standard input: it never ends (a read past a few megabytes fails the test)."""

    given = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        self.given += len(buffer)
        assert self.given < 4_000_000, "standard input read without a bound"
        buffer[:] = b"y" * len(buffer)
        return len(buffer)


def test_bad_cap_setting_is_an_input_error(tmp_path):
    result = run("validate", env={"PLANNER_MAX_INPUT_BYTES": "16M"})
    assert result.exit_code == 2 and "PLANNER_MAX_INPUT_BYTES='16M'" in result.output


@pytest.mark.parametrize("text, what", [
    ("sessions:\n" + "  - {id: S1, start: 2021-08-02, end: 2021-08-13}\n" * 60_000, "more than 200,000 values"),
    ("a: " + "[" * 70 + "]" * 70 + "\n", "nests values more than 64 deep"),
])
def test_too_many_values_or_too_deep_nesting_refused_before_building(tmp_path, text, what):
    proposal = tmp_path / "p.yaml"
    proposal.write_text(text)
    result = run("check", proposal)
    assert result.exit_code == 2 and what in result.output and str(proposal) in result.output

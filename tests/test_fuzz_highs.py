"""Fuzzing `--backend highs` (issue 24, point 6): mutated models solved by HiGHS on the
translated model. Whatever the input, planner exits 0, 1 or 2 without a traceback; HiGHS
writes nothing on the process's own standard output (it prints from C, in a child); and
a timetable it writes is one `check` finds breaking no hard rule, at the cost solve
reports.

Small and derandomized by default, like tests/test_fuzz.py; the long profile runs it
too: `pytest tests/test_fuzz.py tests/test_fuzz_highs.py --hypothesis-profile=long`."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import example, given, settings

from schedule_planner.cli import main
from test_fuzz import FUZZ, LONG, MODEL, mutated


def solved_by_highs(model: str, capfd) -> None:
    with tempfile.TemporaryDirectory() as folder:
        m, out = Path(folder) / "model.yaml", Path(folder) / "t.json"
        m.write_text(model, encoding="utf-8", errors="surrogatepass")
        capfd.readouterr()
        args = ["solve", str(m), "--backend", "highs", "--time-limit", "5", "-f", "json", "-o", str(out)]
        result = CliRunner().invoke(main, args)
        assert capfd.readouterr().out == "", "HiGHS wrote on standard output"
        assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
        assert "Traceback" not in result.output
        if result.exit_code == 2:
            assert str(m) in result.output, result.output
        if result.exit_code != 0:
            return
        doc = json.loads(out.read_text())
        checked = CliRunner().invoke(main, ["check", str(out), "-m", str(m), "-f", "json"])
        assert checked.exit_code == 0, checked.output  # no hard rule broken
        assert json.loads(checked.stdout)["cost"] == doc["objective"]


@settings(FUZZ, max_examples=settings.default.max_examples // 10 if LONG else 6)
@given(model=mutated(MODEL))
@example(model=MODEL)
@example(model="include: [planner:ahc-cybercrime.yaml]\n")  # HiGHS printed on stdout for it
def test_mutated_models_solved_by_highs(model, capfd):
    solved_by_highs(model, capfd)

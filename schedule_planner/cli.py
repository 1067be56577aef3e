"""The `planner` command line: a thin layer over the library.

OR-Tools is imported only by `solve`: `check`, `--help` and `--version` stay fast.
"""

from __future__ import annotations

import os
import sys
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import click

from .errors import EXIT_INPUT, EXIT_OK, EXIT_VIOLATION, PlannerError

EXIT_CODES = f"""\b
Exit codes:
  {EXIT_OK}  success: a timetable was found, or the proposal breaks no hard rule
  {EXIT_VIOLATION}  no timetable exists, or the proposal breaks a hard rule
  {EXIT_INPUT}  usage or input error (the message names file, line and field)
"""


def _version() -> str:
    try:
        return version("schedule-planner")
    except PackageNotFoundError:  # running from a source tree
        return "unknown"


class Planner(click.Group):
    """Turns the library's errors into one clear message and a documented exit code."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except PlannerError as exc:
            err = click.ClickException(str(exc))
            err.exit_code = exc.exit_code
            raise err from None


@click.group(cls=Planner, epilog=EXIT_CODES, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(_version(), "--version", prog_name="planner")
def main():
    """Date the sessions of an intergovernmental negotiation with a constraint solver.

    A YAML model (venues and rooms, holidays, other bodies' meetings, sessions with
    lengths and windows, document lead times) goes to OR-Tools CP-SAT, which dates
    every session; `check` tests proposed dates against the very same rules. With no
    MODEL, the default model is the Ad Hoc Committee on cybercrime (A/AC.291/2).
    """


def _weights(ctx, param, values) -> dict[str, int]:
    out = {}
    for item in values:
        name, sep, value = item.partition("=")
        try:
            out[name.strip()] = int(value)
        except ValueError:
            raise click.BadParameter(f"'{item}' is not NAME=INTEGER, e.g. lost-meeting-day=20") from None
        if not sep:
            raise click.BadParameter(f"'{item}' is not NAME=INTEGER, e.g. lost-meeting-day=20")
    return out


model_argument = click.argument("model", required=False, type=click.Path(dir_okay=False))
weight_option = click.option("--weight", "weights", multiple=True, callback=_weights, metavar="RULE=N",
                             help="Override a soft rule's weight (repeatable).")
output_option = click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
                             help="Write to FILE (atomically) instead of standard output.")


def _load(model_path: str | None, weights: dict[str, int]):
    from .model import load_model
    from .plan import Problem

    return Problem(load_model(model_path, weights))


def _width(output: str | None) -> int | None:
    """The terminal's width when the table goes to one, else the stable default."""
    if (not output or output == "-") and sys.stdout.isatty():
        return max(100, min(os.get_terminal_size().columns, 200))
    return None


def _emit(text: str, output: str | None) -> None:
    """Write the whole output or nothing: a temporary file renamed into place."""
    if not output or output == "-":
        click.echo(text, nl=False)
        return
    target = Path(output)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent if str(target.parent) else ".",
                                   prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except OSError as exc:
        raise PlannerError(f"{output}: cannot write: {exc.strerror}") from None


@main.command()
@model_argument
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "json", "csv", "markdown"]),
              default="table", show_default=True, help="Output format.")
@output_option
@click.option("--time-limit", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              metavar="SECONDS", help="Stop searching after this many seconds.")
@click.option("--seed", type=int, default=0, show_default=True, help="CP-SAT's random seed.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Search workers. 1 is deterministic; more may find an equally good but "
                   "different timetable.")
@click.option("--log", is_flag=True, help="Print CP-SAT's search log on standard error.")
@weight_option
def solve(model, fmt, output, time_limit, seed, workers, log, weights):
    """Date every session of MODEL and print the timetable."""
    from . import render
    from .solver import solve as run

    problem = _load(model, weights)
    result = run(problem, time_limit=time_limit, seed=seed, workers=workers, log=log)
    rows = render.session_rows(problem, result.timetable)
    if fmt == "json":
        text = render.to_json(render.solve_document(problem, result))
    elif fmt == "csv":
        text = render.to_csv(rows)
    elif fmt == "markdown":
        text = render.to_markdown(problem, rows, result.findings, result.status, result.objective)
    else:
        text = render.render_table(problem, rows, _solve_summary(result), _width(output))
    _emit(text, output)


def _solve_summary(result) -> list[str]:
    from .render import cost_by_rule

    by_rule = cost_by_rule(result.findings)
    breakdown = ", ".join(f"{rule} {cost}" for rule, cost in by_rule.items())
    lines = [f"Status {result.status}; objective {result.objective}"
             + (f" ({breakdown})" if breakdown else "")
             + f"; solved in {result.wall_time:.2f} s"]
    if result.status != "OPTIMAL":
        lines.append(f"Best bound {result.bound}: the timetable may not be the best one.")
    if result.findings:
        lines.append("What the timetable trades:")
        lines += [f"  {f.line()}" for f in result.findings]
    else:
        lines.append("Every soft rule is met: nothing was traded.")
    return lines


@main.command()
@click.argument("proposal", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("-m", "--model", type=click.Path(dir_okay=False), help="Model file (default: built-in).")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Output format.")
@output_option
@weight_option
def check(proposal, model, fmt, output, weights):
    """Test the dates in PROPOSAL (YAML or JSON, - for stdin) against every rule.

    PROPOSAL holds a `sessions` list of `id`, `start`, `end` and optional `venue`,
    `room`: the shape `planner solve --format json` writes. Each finding names the
    session, the rule, its level and the numbers behind it.
    """
    from constraints import evaluate

    from . import render
    from .proposal import read_proposal

    problem = _load(model, weights)
    timetable, notes = read_proposal(proposal, problem)
    findings = evaluate(problem, timetable)
    hard = [f for f in findings if f.level == "hard"]
    if fmt == "json":
        text = render.to_json(render.check_document(problem, timetable, findings, notes))
    else:
        text = render.render_table(problem, render.session_rows(problem, timetable),
                                   _check_summary(findings, notes), _width(output))
    _emit(text, output)
    sys.exit(EXIT_VIOLATION if hard else EXIT_OK)


def _check_summary(findings, notes) -> list[str]:
    hard = [f for f in findings if f.level == "hard"]
    soft = [f for f in findings if f.level == "soft"]
    lines = [f"Note: {n}" for n in notes]
    if hard:
        lines.append(f"{len(hard)} hard rule{'s are' if len(hard) > 1 else ' is'} broken:")
        lines += [f"  {f.line()}" for f in hard]
    else:
        lines.append("No hard rule is broken.")
    if soft:
        lines.append(f"Soft-rule costs, {sum(f.cost for f in soft)} in all:")
        lines += [f"  {f.line()}" for f in soft]
    return lines


@main.command()
@click.option("-m", "--model", type=click.Path(dir_okay=False), help="Model file (default: built-in).")
@weight_option
def rules(model, weights):
    """List every rule: name, level, weight in the model, and what it asks."""
    from constraints import REGISTRY

    problem = _load(model, weights)
    for rule in REGISTRY:
        level = f"soft, weight {rule.weight(problem)}" if rule.soft else "hard"
        click.echo(f"{rule.name:<24} {level:<16} {rule.summary}")


@main.command()
@click.argument("years", nargs=-1, required=True, type=click.IntRange(1900, 2200))
def holidays(years):
    """Print derived holiday entries for YEARS, to add them to data/holidays.yaml."""
    from .holidays_gen import as_yaml

    click.echo(as_yaml(list(years)), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()

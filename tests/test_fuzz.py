"""Fuzzing (issue 12, item 7): mutated models and proposals, structure and text, run
through every kind of command in-process. Whatever the input, planner exits 0, 1 or 2,
never with a traceback, and an exit 2 names the file at fault.

The default run is small and derandomized (the same cases each time); the long one,
`pytest tests/test_fuzz.py --hypothesis-profile=long` (profile in
conftest.py), runs 10,000 cases of each test. Every failure found becomes an
`@example` below."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, event, example, given, settings, strategies as st

from conftest import small_model_dict
from schedule_planner.cli import main
from test_hostile_text import FIELDS, HOSTILE, OUTPUTS, hostile_model, no_controls

LONG = settings.default.max_examples > 100  # a profile asked for more than the default
FUZZ = settings(
    max_examples=settings.default.max_examples if LONG else 60,
    derandomize=not LONG,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)

MODEL = yaml.safe_dump(small_model_dict(), sort_keys=False)
PROPOSAL = """\
sessions:
  - {id: A, start: 2023-03-20, end: 2023-03-24, venue: vic, room: big}
  - id: B
    start: 2023-04-17
    end: 2023-04-28
  - {id: C, start: 2023-05-08, end: 2023-05-10}
"""
# values a hostile or careless author writes
ODD = [
    "",
    "0",
    "-1",
    "1_0",
    "١٢",
    " 5",
    "5.0",
    "1e3",
    "99999999999999999999",
    "2023-02-30",
    "2023-13-01",
    "1899-12-31",
    "2200-01-01",
    "null",
    "~",
    "yes",
    "a\x07b",
    "line\nbreak",
    "x" * 3000,
    "!!python/object x",
    "!tag x",
    "*alias",
    "&a x",
    "[",
    "{",
    "[1, [2]]",
    "{a: 1}",
    "<<: {a: 1}",
    "planner:venues.yaml",
    "../../etc/passwd",
    "/dev/zero",
    "\u202e",
    "10:00-13:00",
    "25:00-26:00",
    "A",
    "vic",
    "big",
    "Europe/Nowhere",
    "[vic, vic]",
    "\x00",
    "\ufeff",
    "'",
    '"',
    "- - -",
    "? a",
]


@st.composite
def mutated(draw, text: str) -> str:
    """The text with a few edits: a value replaced (raw or quoted), a line dropped,
    doubled or moved, an odd line inserted, or the text cut short."""
    lines = text.splitlines()
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["value", "value", "quoted", "drop", "double", "insert", "swap", "cut"]))
        odd = draw(st.sampled_from(ODD) | st.text(max_size=12))
        if op in ("value", "quoted") and ":" in lines[i]:
            key = lines[i][: lines[i].index(":") + 1]
            lines[i] = f"{key} {json.dumps(odd) if op == 'quoted' else odd}"
        elif op == "drop" and len(lines) > 1:
            del lines[i]
        elif op == "double":
            lines.insert(i, lines[i])
        elif op == "insert":
            lines.insert(i, odd)
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "cut":
            joined = "\n".join(lines)
            lines = joined[: draw(st.integers(0, len(joined)))].splitlines() or [""]
    return "\n".join(lines) + "\n"


COMMANDS = {  # what runs on the model M and the proposal P
    "validate": ["validate", "{M}"],
    "model": ["model", "{M}"],
    "rules": ["rules", "{M}"],
    "check": ["check", "{P}", "-m", "{M}", "-f", "json"],
    "explain": ["explain", "{M}", "--from", "{P}"],
    "export": ["export", "ics", "{M}", "--from", "{P}", "-o", "{D}/out.ics"],
    "diff": ["diff", "{P}", "{P}", "-m", "{M}"],
    "solve": ["solve", "{M}", "-f", "json", "--time-limit", "5"],
}


def run_case(command: str, model: str, proposal: str):
    with tempfile.TemporaryDirectory() as folder:
        m, p = Path(folder) / "model.yaml", Path(folder) / "proposal.yaml"
        m.write_text(model, encoding="utf-8", errors="surrogatepass")
        p.write_text(proposal, encoding="utf-8", errors="surrogatepass")
        run_args([a.format(M=m, P=p, D=folder) for a in COMMANDS[command]], str(m), str(p))


@FUZZ
@given(command=st.sampled_from([c for c in COMMANDS if c != "solve"]), model=mutated(MODEL))
@example(command="validate", model=MODEL.replace("weeks: 2", "weeks: 1_0"))
@example(command="validate", model=MODEL.replace("Test Committee", '"Test\\u0007Committee"'))
@example(command="check", model=MODEL.replace("name: Test Committee", "name: !!python/object x"))
@example(command="export", model=MODEL.replace("name: Test Committee", "name: |\n    Test\n    Committee"))
@example(command="validate", model=MODEL.replace("Europe/Vienna", "Europe"))  # found: a tz folder
def test_mutated_models(command, model):
    run_case(command, model, PROPOSAL)


@FUZZ
@given(command=st.sampled_from(["check", "explain", "export", "diff"]), proposal=mutated(PROPOSAL))
@example(command="export", proposal="sessions:\n  - {id: A, start: 1900-01-01, end: 2199-12-31}\n")
@example(command="check", proposal="sessions: [" * 80 + "\n")
def test_mutated_proposals(command, proposal):
    run_case(command, MODEL, proposal)


@settings(FUZZ, max_examples=settings.default.max_examples // 10 if LONG else 6)
@given(model=mutated(MODEL))
def test_mutated_models_solved(model):
    run_case("solve", model, PROPOSAL)


# ---------------------------------------------------------------- model text in every output (issue 24)

# text a model may hold, or must be refused: hostile strings, and any characters at all
# (bar lone surrogates, which no UTF-8 file holds)
MODEL_TEXT = st.sampled_from(list(HOSTILE.values())) | st.text(
    st.characters(blacklist_categories=("Cs",)), max_size=30
)
MOVED = PROPOSAL.replace("2023-05-08, end: 2023-05-10", "2023-05-15, end: 2023-05-17")


@FUZZ
@given(
    output=st.sampled_from([o for o in OUTPUTS if o[1][0] != "solve"]),  # a solve renders as export does
    where=st.sampled_from(["everywhere", *FIELDS]),
    text=MODEL_TEXT,
)
@example(output=OUTPUTS[0], where="everywhere", text="[/]")  # a traceback before issue 24
def test_model_text_is_data_in_every_output(output, where, text):
    """Whatever text a model holds, in any field or in all of them: refused with the
    file named, or in every output as data, never as markup, formula or escape."""
    data = hostile_model(text) if where == "everywhere" else small_model_dict()
    if where != "everywhere":
        FIELDS[where][0](data, text)
    with tempfile.TemporaryDirectory() as folder:
        paths = {
            k: str(Path(folder) / name) for k, name in (("M", "m.yaml"), ("P", "p.yaml"), ("Q", "q.yaml"))
        }
        paths["O"] = str(Path(folder) / "out")
        Path(paths["M"]).write_text(
            yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
        Path(paths["P"]).write_text(PROPOSAL)
        Path(paths["Q"]).write_text(MOVED)
        valid = CliRunner().invoke(main, ["validate", paths["M"]])
        no_controls(valid.output)
        event("refused" if valid.exit_code == 2 else "rendered")
        if valid.exit_code == 2:
            assert paths["M"] in valid.output, valid.output
            return
        assert valid.exit_code == 0, valid.output
        _, args, reader, _ = output
        result = CliRunner().invoke(main, [a.format(**paths) for a in args])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
        assert result.exit_code in (0, 1), (args, result.output)
        if "-o" in args:
            with open(paths["O"], encoding="utf-8", newline="") as fh:
                out = fh.read()
        else:
            out = result.stdout
        reader(out, text, False)


# ---------------------------------------------------------------- scenarios, --set,
# includes and generate's options (issue 24): hostile values on every way into a model

SCENARIO = """\
documents:
  min_gap_weeks: 3
window: {start: 2023-03-01, end: 2023-07-31}
sessions:
  - id: B
    length: {weeks: 1}
    preferred: {start: 2023-04-03, end: 2023-04-14}
venues:
  - id: vic
    meeting_hours: [10:00-13:00]
    rooms:
      - {id: big, seats: 400}
weights:
  lost-meeting-day: 20
"""
# the model without its venues, which it includes from VENUES instead
INCLUDING = yaml.safe_dump(
    {**{k: v for k, v in small_model_dict().items() if k != "venues"}, "include": ["venues.yaml"]},
    sort_keys=False,
)
VENUES = yaml.safe_dump({"venues": small_model_dict()["venues"]}, sort_keys=False)
SET_PATHS = [
    "window.start",
    "window.end",
    "documents.min_gap_weeks",
    "sessions[A].length.weeks",
    "sessions[B].price",
    "sessions[B].optional",
    "sessions[C].name",
    "venues[vic].timezone",
    "venues[vic].meeting_hours",
    "venues[vic].rooms[big].seats",
    "committee.name",
    "weights.lost-meeting-day",
    "sessions[Z].length.weeks",
    "sessions..x",
    "window[x].start",
]
NUMBERS = st.integers(-3, 400).map(str) | st.sampled_from(ODD) | st.text(max_size=8)


def run_args(args: list[str], *named: str):
    """planner with `args`: exit 0, 1 or 2, never a traceback, a message of bounded size,
    and an exit 2 that names one of `named` (a file, an option)."""
    result = CliRunner().invoke(main, args)
    out = result.output
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, out)
    assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exc_info)
    assert "Traceback" not in out
    if result.exit_code == 2:
        assert any(n in out for n in named), (args, out)
        assert len(out) < 20_000, (args[:3], len(out))  # bounded errors: at most 50 problems, values cut
    return result


@FUZZ
@given(scenario=mutated(SCENARIO))
@example(scenario="sessions:\n  - {id: A, optional: true, price: 99999999999999999999}\n")
@example(scenario="venues:\n  - {id: vic, timezone: localtime}\n")
@example(scenario="venues:\n  - {id: vic, meeting_hours: ['\u0661\u0660:00-13:00']}\n")
def test_hostile_scenarios(scenario):
    with tempfile.TemporaryDirectory() as folder:
        m, s = Path(folder) / "model.yaml", Path(folder) / "scenario.yaml"
        m.write_text(MODEL, encoding="utf-8")
        s.write_text(scenario, encoding="utf-8", errors="surrogatepass")
        run_args(["validate", str(m), "--scenario", str(s)], str(s), str(m), "--scenario")


@FUZZ
@given(
    sets=st.lists(
        st.tuples(
            st.sampled_from(SET_PATHS) | st.text(max_size=20), NUMBERS | st.sampled_from(SET_PATHS)
        ).map("=".join)
        | st.text(max_size=30),
        min_size=1,
        max_size=3,
    )
)
@example(sets=["sessions[B].price=1" + "0" * 30])
@example(sets=["venues[vic].timezone=Factory"])
@example(sets=["sessions[" + "A" * 5000 + "].length.weeks=1"])
def test_hostile_settings(sets):
    with tempfile.TemporaryDirectory() as folder:
        m = Path(folder) / "model.yaml"
        m.write_text(MODEL, encoding="utf-8")
        args = ["validate", str(m)] + [x for text in sets for x in ("--set", text)]
        run_args(args, str(m), "--set")


@FUZZ
@given(
    venues=mutated(VENUES), including=st.sampled_from([INCLUDING, INCLUDING.replace("venues.yaml", "v.json")])
)
@example(venues=VENUES.replace("Europe/Vienna", "localtime"), including=INCLUDING)
@example(venues=VENUES + "include: [venues.yaml]\n", including=INCLUDING)
def test_hostile_includes(venues, including):
    with tempfile.TemporaryDirectory() as folder:
        m = Path(folder) / "model.yaml"
        m.write_text(including, encoding="utf-8")
        for name in ("venues.yaml", "v.json"):
            (Path(folder) / name).write_text(venues, encoding="utf-8", errors="surrogatepass")
        run_args(["validate", str(m)], str(m), folder)


GENERATE = {  # generate's options, each with values it takes
    "--meetings": st.integers(1, 40).map(str),
    "--years": st.integers(1, 3).map(str),
    "--seed": st.integers(0, 99).map(str),
    "--load": st.sampled_from(["0.05", "0.7", "1", "2.5", "5"]),
}


@FUZZ
@given(
    options=st.fixed_dictionaries(GENERATE),
    hostile=st.sampled_from(list(GENERATE)),
    value=NUMBERS | st.floats().map(str),
)
@example(options={"--meetings": "10"}, hostile="--meetings", value="8000")
@example(options={"--meetings": "10"}, hostile="--load", value="nan")
@example(options={"--meetings": "10"}, hostile="--years", value="\u0662")
@example(options={"--meetings": "10"}, hostile="--seed", value="1_0")
def test_hostile_generate_options(options, hostile, value):
    """One of generate's options hostile: refused before writing, or what generate writes
    planner reads."""
    if hostile == "--meetings" and value.isascii() and value.isdigit() and int(value) > 300:
        value = "8000"  # the one large size: refused before writing (the rest take too long)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "centre.yaml"
        args = ["generate", *(x for o, v in {**options, hostile: value}.items() for x in (o, v))]
        result = run_args([*args, "-o", str(out)], hostile)
        assert (result.exit_code == 0) == out.exists(), (args, result.output)
        if result.exit_code == 0:
            assert CliRunner().invoke(main, ["validate", str(out)]).exit_code == 0, args

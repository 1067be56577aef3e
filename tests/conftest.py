"""Shared fixtures: the default model, and a small model built from a dict."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from textwrap import dedent

import pytest
import yaml

from constraints import LEVELS
from schedule_planner import loading
from schedule_planner.domain.problem import Problem
from schedule_planner.domain.schema import Body, Model, ModelFile, Shared
from schedule_planner.domain.timetable import Placement, Timetable

ROOT = Path(__file__).resolve().parent.parent
# Wall-clock limits for solves and diagnoses in tests: far above what they take (a few
# seconds at most), so that a loaded machine slows the suite but never changes a result.
LIMIT = 300
EXAMPLES = ROOT / "examples"

# UNIS Vienna, United Nations holidays 2023 (domain.md): the published list
VIENNA_2023 = [
    date(2023, 1, 2),
    date(2023, 4, 7),
    date(2023, 4, 10),
    date(2023, 4, 24),
    date(2023, 5, 1),
    date(2023, 6, 29),
    date(2023, 10, 26),
    date(2023, 12, 25),
    date(2023, 12, 26),
]

# A small committee: three sessions in a spring with Easter, one venue, two rooms.
SMALL = {
    "committee": {"id": "test", "name": "Test Committee"},
    "window": {"start": "2023-03-01", "end": "2023-07-31"},
    # its sessions stay where the other rules put them: spread has tests of its own
    "weights": {"spread": 0},
    "documents": {
        "contributions_weeks": 1,
        "consolidation_weeks": 0,
        "submission_weeks": 2,
        "issuance_weeks": 1,
    },
    "venues": [
        {
            "id": "vic",
            "name": "Vienna International Centre",
            "city": "Vienna",
            "timezone": "Europe/Vienna",
            "meeting_hours": ["10:00-13:00", "15:00-18:00"],
            "holidays": ["un", "at", "obs"],
            "interpretation_capacity": 2,
            "rooms": [
                {"id": "big", "name": "Big Room", "seats": 500, "interpretation": 6},
                {"id": "small", "name": "Small Room", "seats": 100, "interpretation": 6},
            ],
        }
    ],
    "holidays": [
        {
            "id": "un",
            "name": "UN",
            "kind": "closed",
            "days": [
                {"date": "2023-04-07", "name": "Good Friday", "source": "test"},
                {"date": "2023-04-10", "name": "Easter Monday", "source": "test"},
                {"date": "2023-05-01", "name": "Labour Day", "source": "test"},
            ],
        },
        {
            "id": "at",
            "name": "Austria",
            "kind": "national",
            "days": [{"date": "2023-07-04", "name": "Test Day", "source": "test"}],
        },
        {
            "id": "obs",
            "name": "GA 69/250",
            "kind": "observance",
            "days": [{"date": "2023-04-14", "name": "Orthodox Good Friday", "source": "test"}],
        },
    ],
    "meetings": [
        {"body": "CND", "venue": "vic", "start": "2023-03-13", "end": "2023-03-17", "rooms": ["big"]},
        {
            "body": "IAEA",
            "venue": "vic",
            "start": "2023-06-05",
            "end": "2023-06-09",
            "rooms": ["big", "small"],
            "interpretation": 2,
        },
    ],
    "sessions": [
        {"id": "A", "name": "First", "length": {"weeks": 1}, "room": {"seats": 200}},
        {
            "id": "B",
            "name": "Second",
            "length": {"weeks": 2},
            "room": {"seats": 200},
            "preferred": {"start": "2023-04-03", "end": "2023-04-28"},
        },
        {"id": "C", "name": "Third", "length": {"days": 3}, "room": {"seats": 50}},
    ],
}


# the small model's sessions placed (as `solve --format json` writes them): A, B, C at the VIC
SMALL_TIMETABLE = {
    "committee": "test",
    "sessions": [
        {"id": "A", "start": "2023-03-20", "end": "2023-03-24", "venue": "vic", "room": "big"},
        {"id": "B", "start": "2023-04-17", "end": "2023-04-28", "venue": "vic", "room": "big"},
        {"id": "C", "start": "2023-06-12", "end": "2023-06-14", "venue": "vic", "room": "small"},
    ],
}


# A second venue for models with several: its own zone, rooms and (no) holidays.
NYC = {
    "id": "nyc",
    "name": "UNHQ",
    "city": "New York",
    "timezone": "America/New_York",
    "meeting_hours": ["10:00-13:00"],
    "interpretation_capacity": 1,
    "rooms": [{"id": "cr4", "name": "Conference Room 4", "seats": 300, "interpretation": 6}],
}


def load_model(path=None, weights=None) -> Model:
    """A model file (None: the default model) loaded as the CLI loads it."""
    return loading.load_model(path, LEVELS, weights)


def model_from(data: dict) -> Model:
    """A model file's data (a dict) as the model, without writing a file."""
    return file_from(data).to_model()


def file_from(data: dict) -> ModelFile:
    meetings = [{"id": f"m{i}", **m} for i, m in enumerate(data.get("meetings", []))]
    return ModelFile.model_validate({**data, "meetings": meetings})


def model_of_bodies(data: dict, groups: list[list[str]]) -> Model:
    """A model file's data with its sessions shared among bodies, one per group of
    session ids (each body a copy of the file's committee, its id numbered)."""
    file = file_from(data)
    sessions = {s.id: s for s in file.sessions}
    bodies = [
        Body(
            **dict(file.committee),
            documents=file.documents,
            consultations=file.consultations,
            reports=file.reports if i == 0 else [],  # the first body's reports
            sessions=[sessions[s] for s in group],
        ).model_copy(update={"id": f"{file.committee.id}{i + 1}", "short_name": f"Body {i + 1}"})
        for i, group in enumerate(groups)
    ]
    return Model(bodies=bodies, **{k: getattr(file, k) for k in Shared.model_fields})


# a venue whose calendar is the holidays library's Kenya
NAIROBI = """\
holidays:
  - id: ke-public
    name: Public holidays in Kenya
    kind: national
    derived: {country: KE}
venues:
  - id: nairobi
    name: United Nations Office at Nairobi
    city: Nairobi
    timezone: Africa/Nairobi
    meeting_hours: ["10:00-13:00"]
    holidays: [ke-public]
    interpretation_capacity: 1
    rooms: [{id: cr1, name: Conference Room 1, seats: 600, interpretation: 6}]
"""


def small_model_dict() -> dict:
    return copy.deepcopy(SMALL)


def write_model(tmp_path: Path, data: dict, name: str = "model.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


@pytest.fixture(scope="session")
def default_problem() -> Problem:
    return Problem(load_model())


@pytest.fixture(scope="session")
def default_result(default_problem):
    from schedule_planner.solver import solve

    return solve(default_problem)


@pytest.fixture(scope="module")
def centre(tmp_path_factory) -> str:
    """A small generated centre: 16 meetings of several bodies, tight (load 1.2); HiGHS
    solves it at once."""
    from click.testing import CliRunner

    from schedule_planner.cli import main

    path = tmp_path_factory.mktemp("centre") / "centre.yaml"
    args = ["generate", "--meetings", "16", "--years", "1", "--seed", "1", "--load", "1.2", "-o", str(path)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return str(path)


@pytest.fixture
def small_problem(tmp_path) -> Problem:
    return Problem(load_model(write_model(tmp_path, small_model_dict())))


def P(session: str, start: str, end: str, room: str = "big", venue: str = "vic") -> Placement:
    """A placement of the small model, dates as ISO strings."""
    return Placement(session, venue, room, date.fromisoformat(start), date.fromisoformat(end))


# A timetable of the small model that breaks nothing and costs nothing.
GOOD = [
    P("A", "2023-03-06", "2023-03-10"),
    P("B", "2023-04-17", "2023-04-28"),
    P("C", "2023-06-12", "2023-06-14"),
]


def timetable(*placements: Placement) -> Timetable:
    return Timetable({p.session: p for p in placements})


# `pytest tests/test_fuzz.py --hypothesis-profile=long`: 10,000 fuzz cases a test, random
from hypothesis import settings as _settings  # noqa: E402

_settings.register_profile("long", max_examples=10_000, deadline=None)


def head(committee: str) -> str:
    """A small model file's own part (a committee of two one-week sessions at vic), for
    tests that write model files and include others."""
    return f"""\
committee: {{id: {committee}, name: Intergovernmental Negotiating Committee}}
window: {{start: 2022-01-01, end: 2022-12-31}}
sessions:
  - {{id: A, name: First, length: {{weeks: 1}}, venues: [vic]}}
  - {{id: B, name: Second, length: {{weeks: 1}}, venues: [vic]}}
"""


def write(folder: Path, name: str, text: str) -> Path:
    """A file of dedented text in a folder (made if need be)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(dedent(text))
    return path

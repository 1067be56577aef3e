"""Realistic instances of a whole conference centre: many bodies sharing the Vienna
International Centre's rooms, interpretation teams and translators (`planner generate`).

The pattern is the VIC's (../shared/domain.md, data/venues.yaml): a few large bodies
with a high priority, many smaller ones (subsidiary bodies, working groups), one or two
sessions a year in a season of their own, of one or two weeks (a working group: three
days), with pre-session documents of a few dozen to a few hundred pages. The centre is
the VIC (its rooms, holidays and the other bodies' meetings from the shipped data, the
real bodies' published and projected sessions among them) with as many further rooms as
the generated meetings need at the asked `load`; every generated session is optional,
so an overloaded centre leaves meetings out at their body's priority (dropped-session).

The generated bodies are generic (Expert Group 12): the real bodies meet as the shipped
data has them, never a second time as planned bodies; a generated name that a shipped
meeting's body holds is skipped (`shipped_bodies`, read from the loaded data).

Deterministic: the same arguments give the same file, byte for byte.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from functools import cache

import yaml

from . import yamlio
from .domain import YEARS
from .errors import InputError

SIZES = [  # generic bodies: (kind, priority, seats, weeks (0: three days), pages)
    ("Expert Group", 2, 300, 1, 80),
    ("Working Group", 1, 100, 0, 40),
    ("Intergovernmental Committee", 3, 600, 2, 250),
]
EXTRA_ROOM_SIZES = (600, 300, 300, 100)  # further rooms, cycling: the VIC's mix
PEAK = 2  # the busiest weeks against the mean
WEEKS_A_YEAR = 46  # working weeks without the summer and year-end breaks
FIRST_YEAR = 2021  # the default first year: the shipped meetings were published for 2021-2024


def centre(meetings: int, years: int, seed: int, load: float = 0.7, start: int = FIRST_YEAR) -> dict:
    """A model file's data: `meetings` sessions over `years` from `start`, the centre
    sized so that the sessions take about `load` of its rooms (above 1: overloaded)."""
    if not YEARS[0] <= start <= start + years - 1 <= YEARS[1]:
        raise InputError(
            f"{start}-{start + years - 1} is not within {YEARS[0]}-{YEARS[1]}, the years planner plans in",
            field="--start",
        )
    taken = shipped_bodies(start, years)
    rng = random.Random(seed)
    bodies, total, n = [], 0, 0
    while total < meetings:
        kind, priority, seats, weeks, pages = rng.choice(SIZES)
        short, name = f"{kind.split()[-1].upper()[:2]}{n + 1}", f"{kind} {n + 1}"
        per_year, month = rng.choice((1, 1, 2)), rng.randint(1, 12)
        pages = rng.randint(pages // 2, pages * 3 // 2)
        n += 1
        if {short.casefold(), name.casefold()} & taken:
            continue  # a real body: it meets as the shipped data has it
        count = min(per_year * years, meetings - total)
        bodies.append(_body(short, name, priority, seats, weeks, month, per_year, count, pages, start, rng))
        total += count
    weeks_needed = sum(_weeks(s) for b in bodies for s in b["sessions"])
    rooms = max(4, math.ceil(weeks_needed / (years * WEEKS_A_YEAR * load)))
    # translators: the mean week's pages (each session's over its 4 weeks between
    # submission and issuance) times PEAK for the busy seasons, at the load; never less
    # than one session's week
    session_pages = [b["documents"]["pages"] for b in bodies for _ in b["sessions"]]
    translation = max(
        max(session_pages) // 4 + 1, math.ceil(PEAK * sum(session_pages) / (years * WEEKS_A_YEAR) / load)
    )
    first, *others = bodies
    committee = {k: v for k, v in first.items() if k not in ("documents", "sessions")}
    return {
        **_shipped(start, years),
        "translation_capacity": translation,
        "venues": [
            {
                "id": "vic",
                "interpretation_capacity": max(2, math.ceil(rooms * 0.75)),
                "rooms": [
                    {
                        "id": f"cr{i}",
                        "name": f"Conference Room {i}",
                        "building": "generated",
                        "seats": EXTRA_ROOM_SIZES[i % len(EXTRA_ROOM_SIZES)],
                        "interpretation": 6,
                    }
                    for i in range(1, rooms - 4 + 1)
                ],
            }
        ],
        "committee": committee,
        "documents": first["documents"],
        "sessions": first["sessions"],
        "bodies": others,
    }


def _shipped(start: int, years: int) -> dict:
    """What a generated model takes from the shipped data: its includes, and its window."""
    return {
        "include": ["planner:venues.yaml", "planner:holidays.yaml"],
        "remove": ["unhq"],
        "window": {"start": date(start, 1, 1), "end": date(start + years - 1, 12, 31)},
    }


@cache
def shipped_bodies(start: int, years: int) -> frozenset[str]:
    """The bodies (their names, casefolded) that the shipped data holds meetings for, as
    a model including it from `start` for `years` loads them: published, and projected
    for the window's years."""
    import tempfile
    from pathlib import Path

    from .app import load

    probe = {
        **_shipped(start, years),
        "committee": {"id": "probe", "name": "Probe"},
        "sessions": [{"id": "probe", "name": "Probe", "length": {"days": 1}}],
    }
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "probe.yaml"
        path.write_text(yaml.dump(probe, Dumper=_Plain), encoding="utf-8")
        model = load(str(path)).model
    return frozenset(m.body.casefold() for m in model.meetings)


def _weeks(session: dict) -> int:
    return session["length"].get("weeks", 1)


def _body(short, name, priority, seats, weeks, month, per_year, count, pages, start, rng) -> dict:
    sessions = []
    offset = timedelta(days=rng.randint(0, 20))  # the body's own day in its months
    # a second session of the year half a year from the first (windows of 9 weeks leave
    # the 14 weeks the documents need between them), the year's sessions in month order
    # so that each window follows the one before it
    months = sorted({(month - 1 + 6 * k) % 12 + 1 for k in range(per_year)})
    for i in range(count):
        year = start + i // per_year
        m = months[i % per_year]
        opens = min(date(year, m, 1) + offset, date(year, 12, 1))
        window = (
            max(opens - timedelta(weeks=4), date(year, 1, 4)),
            min(opens + timedelta(weeks=5), date(year, 12, 18)),
        )
        preferred = (opens, opens + timedelta(weeks=max(weeks, 1) + 1))
        sessions.append(
            {
                "id": f"{short}-{i + 1}",
                "name": f"{name}, session {i + 1}",
                "length": {"weeks": weeks} if weeks else {"days": 3},
                "window": {"start": window[0], "end": window[1]},
                "preferred": {"start": preferred[0], "end": min(preferred[1], window[1])},
                "venues": ["vic"],
                "room": {"seats": seats},
                "optional": True,
            }
        )
    return {
        "id": short.lower(),
        "name": name,
        "short_name": short,
        "priority": priority,
        "documents": {"pages": pages},
        "sessions": sessions,
    }


def centre_yaml(meetings: int, years: int, seed: int, load: float = 0.7, start: int = FIRST_YEAR) -> str:
    """The model file's text; InputError if planner would refuse it as too large (more
    than yamlio.MAX_VALUES values), before anything is written."""
    data = centre(meetings, years, seed, load, start)
    size = yamlio.values(data)
    if size > yamlio.MAX_VALUES:
        fits, over = 0, meetings  # the most meetings that fit: fits does, over does not
        while over - fits > 1:
            middle = (fits + over) // 2
            if yamlio.values(centre(middle, years, seed, load, start)) <= yamlio.MAX_VALUES:
                fits = middle
            else:
                over = middle
        raise InputError(
            f"{meetings:,} sessions make a model of {size:,} values, more than the "
            f"{yamlio.MAX_VALUES:,} planner reads in one file: give at most {fits:,} "
            f"(with --start {start} --years {years} --seed {seed} --load {load:g})",
            field="--meetings",
        )
    head = (
        f"# A conference centre generated by `planner generate --meetings {meetings} --start {start} "
        f"--years {years} --seed {seed} --load {load:g}`:\n# {len(data['bodies']) + 1} bodies, "
        f"{meetings} sessions, every one optional (left out at its body's priority).\n"
    )
    return head + yaml.dump(data, Dumper=_Plain, sort_keys=False, width=100)


class _Plain(yaml.SafeDumper):
    """Every value written out: planner reads no YAML anchors or aliases."""

    def ignore_aliases(self, data) -> bool:
        return True

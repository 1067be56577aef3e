"""Reading proposed dates for `planner check`: a YAML or JSON file with a `sessions`
list of `id`, `start`, `end` and optional `venue`, `room`, and a `dropped` list of the
optional sessions it leaves out (ids, or objects with an `id`). `planner solve --format
json` writes the same shape (domain.outputs), so a solved timetable can be checked back;
every other key its documents declare is accepted and ignored."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, create_model

from constraints import best_room

from . import yamlio
from .domain.outputs import TIMETABLES, DroppedEntry, SessionEntry
from .domain.problem import Problem
from .domain.schema import ID, Span, Strict
from .domain.timetable import Placement, Timetable
from .errors import listed, shown
from .loading import validate

Reader = TypeVar("Reader", bound=BaseModel)
DEFERRED = ConfigDict(defer_build=True)


def accepting(*written: type) -> Callable[[type[Reader]], type[Reader]]:
    """The reader made to accept, and ignore, every other key the `written` documents
    (domain.outputs) declare: what is read back follows what is written. The reader
    declared defers its build (`DEFERRED`), so that pydantic builds only the class made
    here, once, when it first reads: not both at import."""

    def extend(reader: type[Reader]) -> type[Reader]:
        ignored: dict = {
            key: (object, None)
            for document in written
            for key in document.__annotations__
            if key not in reader.model_fields
        }
        return create_model(reader.__name__, __base__=reader, __module__=__name__, **ignored)

    return extend


@accepting(SessionEntry)
class ProposedSession(Span):
    model_config = DEFERRED
    id: str = Field(pattern=ID)
    venue: str | None = None
    room: str | None = None


@accepting(DroppedEntry)
class LeftOut(Strict):
    model_config = DEFERRED
    id: str = Field(pattern=ID)


@accepting(*TIMETABLES)
class Proposal(Strict):
    model_config = DEFERRED
    sessions: list[ProposedSession] = Field(min_length=1)
    dropped: list[str | LeftOut] = Field(default_factory=list)
    # what a solve or check recorded, as text: the committee is checked against the model's
    # and app.read_given reads the rest
    committee: object = None
    produced_by: object = None
    status: object = None
    objective: object = None
    bound: object = None


def read_proposal(path: str, problem: Problem) -> tuple[Timetable, list[str]]:
    """The proposal as a timetable, and notes on what was assumed or left out."""
    timetable, notes, _ = read_document(path, problem)
    return timetable, notes


def read_document(path: str, problem: Problem) -> tuple[Timetable, list[str], Proposal]:
    """`read_proposal`'s timetable and notes, and the document itself: what a solve
    recorded in it (`status`, `objective`, `bound`, `produced_by`), as text."""
    doc = yamlio.load(path)
    model_keys = [
        k
        for k in ("include", "window", "documents", "venues", "weights", "holidays")
        if isinstance(doc.data, dict) and k in doc.data
    ]
    if model_keys:
        raise doc.error(
            (model_keys[0],),
            "this is a model file, not a timetable: give a model "
            "with -m, and here the dates to judge (a proposal, or "
            "the JSON `planner solve -f json` writes)",
        )
    proposal = validate(Proposal, doc)
    model = problem.model
    bodies = [b.id for b in model.bodies]
    if proposal.committee is not None and proposal.committee not in bodies:
        raise doc.error(
            ("committee",),
            f"the timetable is for committee '{shown(proposal.committee)}' but "
            f"the model is for '{', '.join(bodies)}': give its model",
        )
    timetable, notes, seen = Timetable(), [], set()
    guessed: dict[str, list[str]] = {}  # room name -> sessions checked in it
    for i, item in enumerate(proposal.sessions):
        loc = ("sessions", i)
        session = model.session(item.id)
        if session is None:
            raise doc.error(
                loc + ("id",),
                f"unknown session id '{shown(item.id)}' (the model has {listed(s.id for s in model.sessions)})",
            )
        if item.id in seen:
            raise doc.error(loc + ("id",), f"session '{shown(item.id)}' is proposed twice")
        days, window = (item.end - item.start).days + 1, model.window
        if days > (window.end - window.start).days + 1:  # bounds what is derived from it
            raise doc.error(
                loc + ("end",),
                f"session '{shown(item.id)}' would last {days} days, longer than "
                f"the model's whole planning window ({window.start} to "
                f"{window.end})",
            )
        seen.add(item.id)
        venue_id = item.venue or model.session_venues(session)[0].id
        venue = model.venue(venue_id)
        if venue is None:
            raise doc.error(
                loc + ("venue",),
                f"unknown venue '{shown(venue_id)}' (the model has {listed(v.id for v in model.venues)})",
            )
        room = item.room
        if room is None:
            room = best_room(
                problem, session, Placement(item.id, venue.id, venue.rooms[0].id, item.start, item.end)
            ).room
            chosen = venue.room(room)
            assert chosen is not None  # best_room picks one of the venue's rooms
            if len(venue.rooms) > 1:  # with one room there was nothing to choose
                guessed.setdefault(f"{chosen.name} ({venue.name})", []).append(item.id)
        elif venue.room(room) is None:
            raise doc.error(
                loc + ("room",),
                f"unknown room '{shown(room)}' at {venue_id} (rooms: {listed(r.id for r in venue.rooms)})",
            )
        timetable.placements[item.id] = Placement(item.id, venue_id, room, item.start, item.end)
    dropped = []
    for i, item in enumerate(proposal.dropped):
        sid, loc = item if isinstance(item, str) else item.id, ("dropped", i)
        session = model.session(sid)
        if session is None:
            raise doc.error(
                loc,
                f"unknown session id '{shown(sid)}' (the model has {listed(s.id for s in model.sessions)})",
            )
        if sid in seen:
            raise doc.error(loc, f"session '{shown(sid)}' is both proposed and left out")
        if not problem.optional(session):
            why = "held" if session.id in problem.pinned else "not optional (`optional: true`)"
            raise doc.error(loc, f"session '{shown(sid)}' cannot be left out: it is {why}")
        seen.add(sid)
        dropped.append(sid)
    timetable.dropped = frozenset(dropped)
    for session in model.sessions:
        if session.status == "held" and session.id not in seen:  # neither proposed nor left out
            # it has met: a proposal need not restate it
            assert session.fixed is not None  # a held session has its dates (schema)
            timetable.placements[session.id] = best_room(
                problem, session, problem.at(session, session.fixed.start, session.fixed.end)
            )
            notes.append(
                f"{session.id} ({session.name}) is held: taken at its dates, "
                f"{session.fixed.start} to {session.fixed.end}"
            )
    timetable.placements = {
        s.id: timetable.placements[s.id] for s in model.sessions if s.id in timetable.placements
    }
    for room, ids in guessed.items():
        notes.append(
            f"no room given for {', '.join(ids)}: checked in {room}, the room with the fewest objections"
        )
    return timetable, notes, proposal


def missing(problem: Problem, timetable: Timetable) -> list[str]:
    """The model's sessions the timetable leaves out without saying so (not dropped)."""
    return [s.id for s in problem.sessions if timetable.get(s.id) is None and s.id not in timetable.dropped]

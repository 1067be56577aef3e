"""Loading a model file: YAML -> merged includes -> the typed model, or one InputError
naming the file, line and field.

A model file describes one committee (`committee`, `documents`, `sessions`) beside the
shared parts (`window`, `weights`, `venues`, `holidays`, `meetings`); it is read into
the domain model's one-body case. A file may `include:` others (paths relative to it)
whose top-level keys are merged in. The default model is `data/ahc-cybercrime.yaml`.

Weights name rules: the loader is given the rules' names and levels (a mapping), so
that it never reaches into the rule registry itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Mapping

from pydantic import ValidationError

from . import yamlio
from .domain.findings import Level
from .domain.schema import Model
from .domain.text import plural
from .errors import InputError

DEFAULT_MODEL = "ahc-cybercrime.yaml"
MAX_WEIGHT = 1_000_000
# the keys of a model file that describe its one body, and where they go in the model
BODY_KEYS = ("committee", "documents", "sessions")


def data_dir() -> Path:
    """The shipped data: inside the installed package, or `data/` of a source checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "data"
    return installed if installed.is_dir() else here.parent / "data"


def default_model_path() -> Path:
    return data_dir() / DEFAULT_MODEL


def load_model(path: Path | str | None, levels: Mapping[str, Level],
               weights: dict[str, int] | None = None) -> Model:
    """Read, merge and validate a model (None: the default one); `levels` names the rules
    a weight may refer to. Raise InputError naming file, line and field."""
    path = Path(path) if path is not None else default_model_path()
    doc = yamlio.load(path)
    _merge_includes(doc, path, seen={path.resolve()})
    model = validate(Model, doc, _as_bodies(doc), to_file=_file_loc)
    _cross_check(model, doc, levels)
    if weights:
        model = override_weights(model, weights, levels)
    return model


def _as_bodies(doc: yamlio.Document) -> dict:
    """The file's data in the model's shape, or an error at the key that prevents it."""
    if "bodies" in doc.data:
        raise doc.error(("bodies",), "unknown key 'bodies' (a model file describes one "
                                     "committee: give `committee`, `documents` and `sessions`)")
    if "committee" not in doc.data:
        raise doc.error(("committee",), "required field is missing")
    if not isinstance(doc.data["committee"], dict):
        raise doc.error(("committee",), "expected a mapping with the committee's id and name")
    return one_body(doc.data)


def one_body(data: dict) -> dict:
    """A model file's data in the model's shape: its committee, documents and sessions
    become the one body."""
    data = dict(data)
    body = dict(data.pop("committee"))
    for key in ("documents", "sessions"):
        if key in data:
            body[key] = data.pop(key)
    return {**data, "bodies": [body]}


def _file_loc(loc: tuple) -> tuple:
    """Where in the file a path into the model's data comes from."""
    if loc[:2] != ("bodies", 0):
        return loc
    rest = loc[2:]
    if rest and rest[0] in ("documents", "sessions"):
        return rest
    return ("committee", *rest)


def _merge_includes(doc: yamlio.Document, path: Path, seen: set) -> None:
    includes = doc.data.pop("include", None)
    if includes is None:
        return
    if isinstance(includes, str):
        includes = [includes]
    if not isinstance(includes, list):
        raise doc.error(("include",), "expected a list of file names")
    for i, name in enumerate(includes):
        if not isinstance(name, str):
            raise doc.error(("include", i), "expected a file name")
        sub_path = (path.parent / name)
        if sub_path.resolve() in seen:
            raise doc.error(("include", i), f"'{name}' is included twice or includes itself")
        seen.add(sub_path.resolve())
        if not sub_path.exists():
            raise doc.error(("include", i), f"included file '{name}' not found next to {path.name}")
        sub = yamlio.load(sub_path)
        _merge_includes(sub, sub_path, seen)
        for key, value in sub.data.items():
            if key in doc.data:
                raise sub.error((key,), f"key '{key}' is also given in {doc.locate((key,))[0]}")
            doc.data[key] = value
        doc.where.update({loc: at for loc, at in sub.where.items() if loc})


def validate(cls, doc: yamlio.Document, data=None, to_file=lambda loc: loc):
    """`data` (by default the document's) as a `cls`, or the first problem as an
    InputError at its place in the file (`to_file` maps a path in `data` to one in the
    file)."""
    try:
        return cls.model_validate(doc.data if data is None else data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        first = errors[0]
        message = _message(first)
        more = len(errors) - 1
        if more:
            message += f" (and {plural(more, 'more problem')})"
        raise doc.error(to_file(tuple(first["loc"])), message) from None


def _message(err: dict) -> str:
    kind, loc, value = err["type"], err["loc"], err.get("input")
    if kind == "extra_forbidden":
        return f"unknown key '{loc[-1]}'"
    if kind == "missing":
        return "required field is missing"
    text = err["msg"]
    if text.startswith("Value error, "):
        text = text[len("Value error, "):]
    if kind.startswith(("date_", "int_", "bool_", "float_")) and value is not None \
            and not isinstance(value, (dict, list)):
        return f"{text} (got '{value}')"
    return text


def _cross_check(model: Model, doc: yamlio.Document, levels: Mapping[str, Level]) -> None:
    """References between parts of the model: ids exist and are unique."""

    def error(loc: tuple, message: str) -> InputError:
        return doc.error(_file_loc(loc), message)

    def unique(items, what: str, loc: tuple):
        seen = set()
        for i, item in enumerate(items):
            if item.id in seen:
                raise error(loc + (i, "id"), f"duplicate {what} id '{item.id}'")
            seen.add(item.id)

    unique(model.bodies, "body", ("bodies",))
    sessions = [(("bodies", bi, "sessions", si), s) for bi, body in enumerate(model.bodies)
                for si, s in enumerate(body.sessions)]
    seen_sessions = set()
    for loc, session in sessions:   # unique across bodies: findings name sessions by id
        if session.id in seen_sessions:
            raise error(loc + ("id",), f"duplicate session id '{session.id}'")
        seen_sessions.add(session.id)
    unique(model.venues, "venue", ("venues",))
    unique(model.holidays, "holiday calendar", ("holidays",))
    for vi, venue in enumerate(model.venues):
        unique(venue.rooms, "room", ("venues", vi, "rooms"))
        for hi, cal in enumerate(venue.holidays):
            if model.calendar(cal) is None:
                raise error(("venues", vi, "holidays", hi),
                            f"unknown holiday calendar '{cal}'{_known(c.id for c in model.holidays)}")
    venue_ids = [v.id for v in model.venues]
    for loc, session in sessions:
        for i, vid in enumerate(session.venues or []):
            if vid not in venue_ids:
                raise error(loc + ("venues", i), f"unknown venue '{vid}'{_known(venue_ids)}")
        for key in ("window", "preferred", "fixed"):
            span = getattr(session, key)
            if span and (span.start > model.window.end or span.end < model.window.start):
                raise error(loc + (key,), f"{span.start} to {span.end} lies outside the planning "
                                          f"window {model.window.start} to {model.window.end}")
    for bi, body in enumerate(model.bodies):
        if body.documents.disorder():
            raise error(("bodies", bi, "documents"), body.documents.disorder())
    for loc, session in sessions:
        problem = model.documents_for(session).disorder()
        if problem:
            raise error(loc + ("documents",), f"{problem} (with the model's documents)")
    for mi, meeting in enumerate(model.meetings):
        venue = model.venue(meeting.venue)
        if venue is None:
            raise error(("meetings", mi, "venue"), f"unknown venue '{meeting.venue}'{_known(venue_ids)}")
        for ri, rid in enumerate(meeting.rooms):
            if venue.room(rid) is None:
                raise error(("meetings", mi, "rooms", ri),
                            f"unknown room '{rid}' at {venue.id}{_known(r.id for r in venue.rooms)}")
    for name, value in model.weights.items():
        problem = weight_problem(name, value, levels)
        if problem:
            raise error(("weights", name), problem)


def _known(ids) -> str:
    ids = list(ids)
    return f" (known: {', '.join(ids)})" if ids else ""


def weight_problem(name: str, value: int, levels: Mapping[str, Level]) -> str | None:
    """What is wrong with giving rule `name` the weight `value`, if anything."""
    level = levels.get(name)
    if level is None:
        return f"no rule is named '{name}'{_known(n for n, lv in levels.items() if lv == Level.SOFT)}"
    if level != Level.SOFT:
        return f"'{name}' is a hard rule; only soft rules take weights"
    if not 0 <= value <= MAX_WEIGHT:
        return f"the weight of '{name}' must be between 0 and {MAX_WEIGHT:,}, not {value}"
    return None


def override_weights(model: Model, weights: dict[str, int], levels: Mapping[str, Level]) -> Model:
    for name, value in weights.items():
        problem = weight_problem(name, value, levels)
        if problem:
            raise InputError(problem, field="--weight")
    return model.model_copy(update={"weights": {**model.weights, **weights}})

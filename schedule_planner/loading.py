"""Loading a model file: YAML -> includes merged -> the typed model, or the problems
found, every one naming its file, line and field.

A model file describes one committee (`committee`, `documents`, `sessions`) beside the
shared parts (`window`, `weights`, `venues`, `holidays`, `meetings`); it becomes the
domain model's one-body case. It may include other files, the shipped data among them
(`schedule_planner.includes`). Holiday calendars `derived` (from a country, or by one of
planner's patterns: `schedule_planner.holidays_gen`) are computed here, for the years the
model needs.

Weights and `rules:` settings name rules: the loader is given the rules' names, default
levels and whether a model may set them (a mapping), so that it never reaches into the
rule registry itself.
"""

from __future__ import annotations

import difflib
import functools
import heapq
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from . import assembly, yamlio
from .assembly import with_assembly
from .domain import YEARS
from .domain.findings import Level, RuleLevel
from .domain.schema import (
    ASSEMBLY_WINDOWS,
    GENERAL_ASSEMBLY,
    ID,
    MAX_WEIGHT,
    STAGE_WORDS,
    AssemblyPractice,
    Holiday,
    HolidayCalendar,
    Meeting,
    Model,
    ModelFile,
    Regular,
)
from .domain.text import fmt, ordinal
from .errors import MAX_PROBLEMS, MAX_SHOWN, InputError, listed, raise_all, shown
from .holidays_gen import derived_days, derived_problem
from .includes import document, not_before, resolve, scenario, setting, unavailable
from .regular import with_projected_meetings

DEFAULT_MODEL = "ahc-cybercrime.yaml"


def data_dir() -> Path:
    """The shipped data: inside the installed package, or `data/` of a source checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "data"
    return installed if installed.is_dir() else here.parent / "data"


def default_model_path() -> Path:
    return data_dir() / DEFAULT_MODEL


@dataclass(frozen=True)
class ModelSource:
    """Where a model comes from: its file (None: the default model), and what is merged
    onto it without editing it: scenario files, `--set PATH=VALUE` settings, rooms or
    venues `--unavailable` for a while, and a postponement `--not-before` a date."""

    path: str | None = None
    scenarios: tuple = ()
    sets: tuple = ()
    unavailable: tuple = ()
    not_before: str | None = None
    allow_outside: bool = False  # includes may lie outside the model's folder tree
    keep: frozenset[str] = frozenset()  # sessions --not-before leaves alone: pinned by --today

    def __bool__(self) -> bool:
        return any((self.path, self.scenarios, self.sets, self.unavailable, self.not_before))

    def __str__(self) -> str:
        changed = (
            [f"scenario {s}" for s in self.scenarios]
            + [f"--set {s}" for s in self.sets]
            + [f"--unavailable {u}" for u in self.unavailable]
            + ([f"--not-before {self.not_before}"] if self.not_before else [])
        )
        return (self.path or "the default model") + (f" with {', '.join(changed)}" if changed else "")


def read_model_file(
    source: ModelSource | Path | str | None, levels: Mapping[str, RuleLevel] | None = None
) -> tuple[ModelFile, yamlio.Document]:
    """The model file with its includes merged, then what the source merges onto it,
    validated as written (defaults filled in), with the place of every value; or
    InputError(s). Given the rules' levels, its references are checked too, and every
    problem of both kinds is reported at once."""
    if not isinstance(source, ModelSource):
        source = ModelSource(None if source is None else str(source))
    path = Path(source.path) if source.path is not None else default_model_path()
    node = resolve(path, data_dir(), source.allow_outside)
    for overlay in source.scenarios:
        node = scenario(node, _scenario_path(overlay))
    for text in source.sets:
        node = setting(node, text)
    for n, text in enumerate(source.unavailable, 1):
        node = unavailable(node, text, n)
    if source.not_before:
        node = not_before(node, source.not_before, source.keep)
    doc = document(node, str(path))
    return (validate(ModelFile, doc) if levels is None else checked_file(doc, levels)), doc


def _scenario_path(name) -> Path:
    """A scenario file: a path, or planner:scenarios/NAME.yaml for a shipped example."""
    name = str(name)
    if not name.startswith("planner:"):
        return Path(name)
    shipped = {f"planner:scenarios/{p.name}": p for p in sorted((data_dir() / "scenarios").glob("*.yaml"))}
    if name not in shipped:
        raise InputError(
            f"planner ships no scenario '{shown(name)}' (it ships: {', '.join(shipped)})", field="--scenario"
        )
    return shipped[name]


def load_model(
    source: ModelSource | Path | str | None,
    levels: Mapping[str, RuleLevel],
    weights: dict[str, int] | None = None,
) -> Model:
    """Read, merge and validate a model (a path, None for the default one, or a
    ModelSource with what it merges onto it); `levels` names the rules a weight may
    refer to. Raise InputError(s) naming file, line and field."""
    return load_scenario(source, levels, weights)[0]


def origin_text(where: tuple | None) -> str:
    """file:line, the shipped data as planner:NAME; `default` for a value not written."""
    if where is None:
        return "default"
    file, line = where
    path = Path(file)
    try:
        if path.resolve().parent == data_dir().resolve():
            file = f"planner:{path.name}"
    except OSError:
        pass
    return f"{file}:{line}" if line else str(file)


def load_scenario(
    source: ModelSource | Path | str | None,
    levels: Mapping[str, RuleLevel],
    weights: dict[str, int] | None = None,
) -> tuple[Model, set, Callable]:
    """The model as `load_model` reads it; what the source's scenarios, settings and
    disruptions set in it: (session id, or None for the whole model; field path such
    as `window` or `documents.min_gap_weeks`); and where a value is written, as
    `origin(session id or None, field path)` -> "file:line" (of the nearest written
    mapping around it, for a value left to its default)."""
    file, doc = read_model_file(source, levels)
    model = with_derived_holidays(file.to_model())
    model = with_assembly(model, needed_years(model))
    model = with_projected_meetings(model, needed_years(model))
    if weights:
        model = override_weights(model, weights, levels)
    origins = {"--set", "--not-before", "--unavailable"}
    if isinstance(source, ModelSource):
        origins |= {str(_scenario_path(s)) for s in source.scenarios}
    changed = set()

    def value_at(loc):
        data: typing.Any = doc.data
        for part in loc:
            data = data[part]
        return data

    for loc, (written_in, _) in doc.where.items():
        if written_in not in origins or not loc or isinstance(value_at(loc), (dict, list)):
            continue  # what the scenario wrote is its values, not the mappings around them
        names = [str(part) for part in loc if not isinstance(part, int)]
        if loc[0] == "sessions" and len(loc) > 2:
            changed.add((file.sessions[loc[1]].id, ".".join(names[1:])))
        elif loc[0] == "documents":
            changed.add((None, ".".join(names)))
        elif loc[:1] == ("bodies",) and len(loc) > 4 and loc[2] == "sessions":
            changed.add((file.bodies[loc[1]].sessions[loc[3]].id, ".".join(names[2:])))
        elif loc[:1] == ("bodies",) and len(loc) > 2 and loc[2] == "documents":
            # another body's pipeline: a change for its sessions alone
            changed |= {(s.id, ".".join(names[1:])) for s in file.bodies[loc[1]].sessions}
        elif loc[0] == "window":
            changed.add((None, "model." + ".".join(names)))
        elif loc[:2] == ("committee", "approval"):
            changed |= {(s.id, ".".join(names)) for s in file.sessions}
        elif loc[:1] == ("bodies",) and len(loc) > 2 and loc[2] == "approval":
            changed |= {(s.id, "committee." + ".".join(names[1:])) for s in file.bodies[loc[1]].sessions}
    # where each session and its body are written: the committee's at the top, another
    # body's under bodies[i]
    index: dict[str, tuple[tuple, tuple]] = {s.id: ((), ("sessions", i)) for i, s in enumerate(file.sessions)}
    index |= {
        s.id: (("bodies", b), ("bodies", b, "sessions", i))
        for b, body in enumerate(file.bodies or [])
        for i, s in enumerate(body.sessions)
    }

    # and where each body is written, for a body's own fields (its `rules`)
    bodies: dict[str, tuple] = {file.committee.id: ("committee",)}
    bodies |= {b.id: ("bodies", i) for i, b in enumerate(file.bodies or []) if b.id not in bodies}

    def origin(session: str | None, path: str) -> str:
        """`session`: a session's id, else a body's (its own fields), else None."""
        loc: tuple = tuple(path.split("."))
        if session in index:
            body, own = index[session]
            # a session's document field it does not set itself is its body's
            loc = own + loc if own + loc in doc.where or loc[0] != "documents" else body + loc
        elif session in bodies:
            loc = bodies[session] + loc
        return origin_text(doc.locate(loc))

    return model, changed, origin


def checked_file(doc: yamlio.Document, levels: Mapping[str, RuleLevel]) -> ModelFile:
    """The merged file validated, with its references checked; or every problem at once:
    those of each value, and the references between the parts that are valid."""
    try:
        file = validate(ModelFile, doc)
    except InputError as exc:
        problems = list(getattr(exc, "problems", [exc]))
        total = getattr(exc, "total", 1)
        partial = _partial(doc.data)
        if partial is not None:
            references = cross_check(partial, doc, levels)
            problems, total = problems + references, total + len(references)
        raise_all(sorted(problems, key=lambda p: _reading_order((p.file, p.line))), total)
    raise_all(cross_check(file, doc, levels))
    return file


def _partial(data) -> ModelFile | None:
    """The file's valid parts, an invalid entry of a list as None (so indices stay)."""
    if not isinstance(data, dict):
        return None
    parts: dict[str, typing.Any] = {}
    for name, field in ModelFile.model_fields.items():
        if name not in data:
            parts[name] = None if field.is_required() else field.get_default(call_default_factory=True)
            continue
        value, item = data[name], _model_in(field.annotation)
        if isinstance(value, list) and typing.get_origin(field.annotation) is list and item is not None:
            parts[name] = [_valid(TypeAdapter(item), v) for v in value]
        else:
            parts[name] = _valid(
                TypeAdapter(typing.Any if field.annotation is None else field.annotation), value
            )
    return ModelFile.model_construct(**parts)


def _valid(adapter: TypeAdapter, value):
    try:
        return adapter.validate_python(value)
    except ValidationError:
        return None


def validate(cls: type[BaseModel], doc: yamlio.Document):
    """The document's data as a `cls`, or the problems found, each at its place, in
    reading order: the first MAX_PROBLEMS of them, and how many there are."""
    try:
        return cls.model_validate(doc.data)
    except ValidationError as exc:
        total = exc.error_count()
        if total <= MAX_PROBLEMS:
            errors = exc.errors(include_url=False)
        else:  # only the first are shown: never build every error's input and message
            errors = heapq.nsmallest(
                MAX_PROBLEMS,
                exc.errors(include_url=False, include_input=False),
                key=lambda err: _reading_order(doc.locate(tuple(err["loc"]))),
            )
            for err in errors:
                err["input"] = _value_at(doc.data, err["loc"])
        problems = [doc.error(tuple(err["loc"]), _message(cls, err)) for err in errors]
        raise_all(sorted(problems, key=lambda p: _reading_order((p.file, p.line))), total)


def _reading_order(where: tuple) -> tuple:
    file, line = where
    return (file or "", line or 0)


def _value_at(data, loc):
    """The value at a validation error's place (a union's member names in it skipped)."""
    for part in loc:
        found = isinstance(data, dict) and part in data
        if found or (isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)):
            data = data[part]
    return data


def _message(cls: type[BaseModel], err: ErrorDetails) -> str:
    kind, loc, value = err["type"], tuple(err["loc"]), err.get("input")
    if kind == "extra_forbidden":
        known, key = _fields_at(cls, loc[:-1]), str(loc[-1])
        close = (difflib.get_close_matches(key, known, n=1, cutoff=0.6) if len(key) <= MAX_SHOWN else []) or [
            k for k in known if k[:5] == key[:5]
        ][:1]
        hint = (
            f" (did you mean '{shown(close[0])}'?)"
            if close
            else (f" (known: {', '.join(known)})" if known else "")
        )
        return f"unknown key '{shown(key)}'{hint}"
    if kind == "missing":
        return "required field is missing"
    if kind == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == ID:
        return (
            f"'{shown(value)}' is not an id: an id starts with a letter or digit and holds only "
            "letters, digits, '.', '_' and '-'"
        )
    if kind == "string_pattern_mismatch":
        return f"'{shown(value)}' is not in the form asked for"
    text = err["msg"]
    if text.startswith("Value error, "):
        text = text[len("Value error, ") :]
    if (
        kind.startswith(("date_", "int_", "bool_", "float_", "literal_"))
        and value is not None
        and not isinstance(value, (dict, list))
    ):
        return f"{text} (got '{shown(value)}')"
    return text


def _fields_at(cls, loc: tuple) -> list[str]:
    """The field names the schema allows at a path into a `cls` document."""
    for part in loc:
        if isinstance(part, int) or cls is None:
            continue
        field = getattr(cls, "model_fields", {}).get(part)
        cls = _model_in(field.annotation) if field else None
    return list(getattr(cls, "model_fields", {})) if cls else []


def _model_in(annotation):
    """The pydantic class an annotation holds (through list[...] and | None)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found:
            return found
    return None


def cross_check(file: ModelFile, doc: yamlio.Document, levels: Mapping[str, RuleLevel]) -> list[InputError]:
    """References between parts of the model: ids exist and are unique. Every problem."""
    out: list[InputError] = []

    def problem(loc: tuple, message: str):
        out.append(doc.error(loc, message))

    def unique(items, what: str, loc: tuple):
        seen = set()
        for i, item in enumerate(items or []):
            if item is None:
                continue  # invalid itself: reported as such
            if item.id in seen:
                problem(loc + (i, "id"), f"duplicate {what} id '{shown(item.id)}'")
            seen.add(item.id)

    # the committee and each other body: (where it is written, it, its documents, sessions)
    groups = [((), file.committee, file.documents, file.sessions, file.reports)] + [
        (("bodies", bi), b, b.documents, b.sessions, b.reports)
        for bi, b in enumerate(file.bodies or [])
        if b is not None
    ]
    seen_sessions: set = set()
    for at, _, _, ss, _ in groups:
        for si, s in enumerate(ss or []):
            if s is not None and s.id in seen_sessions:
                problem(at + ("sessions", si, "id"), f"duplicate session id '{shown(s.id)}'")
            elif s is not None:
                seen_sessions.add(s.id)
    for at, _, _, _, rs in groups:
        for ri, r in enumerate(rs or []):
            if r is not None and r.id in seen_sessions:
                problem(
                    at + ("reports", ri, "id"),
                    f"duplicate id '{shown(r.id)}' (the ids of sessions and reports are unique in the model)",
                )
            elif r is not None:
                seen_sessions.add(r.id)
    body_ids = {file.committee.id} if file.committee is not None else set()
    for bi, b in enumerate(file.bodies or []):
        if b is not None and b.id in body_ids:
            problem(
                ("bodies", bi, "id"),
                f"duplicate body id '{shown(b.id)}' (the committee's and each body's ids are unique)",
            )
        elif b is not None:
            body_ids.add(b.id)
    unique(file.venues, "venue", ("venues",))
    unique(file.holidays, "holiday calendar", ("holidays",))
    unique(file.meetings, "meeting", ("meetings",))
    # in a file with invalid entries (None here), a reference to an id is checked only
    # if every entry it could name is valid: never an "unknown" that is merely invalid
    holidays, venues = file.holidays or [], file.venues or []
    calendars = [c.id for c in holidays if c is not None] if None not in holidays else None
    for vi, venue in enumerate(venues):
        if venue is None:
            continue
        unique(venue.rooms, "room", ("venues", vi, "rooms"))
        for hi, cal_id in enumerate(venue.holidays):
            if calendars is not None and cal_id not in calendars:
                problem(
                    ("venues", vi, "holidays", hi),
                    f"unknown holiday calendar '{shown(cal_id)}'{_known(calendars)}",
                )
    venue_ids = [v.id for v in venues if v is not None] if None not in venues else None
    window = file.window
    deciding = deciding_bodies(file, problem)
    if file.assembly_practice is not None:
        check_practice(problem, file.assembly_practice, venues)
    for at, c, documents, ss, rs in groups:
        check_body(
            problem,
            at,
            c,
            documents,
            [(si, s) for si, s in enumerate(ss or []) if s is not None],
            venue_ids,
            window,
            whole=bool(ss) and None not in ss,
            venues=venues,
        )
        if ss and None not in ss:  # its sessions valid: what they name can be looked up
            check_calendar(
                problem,
                at,
                c,
                [(si, s) for si, s in enumerate(ss)],
                [(ri, r) for ri, r in enumerate(rs or []) if r is not None],
                deciding,
            )
    unique(file.regular, "regular series", ("regular",))
    # other bodies' meetings, published and regular: at a venue of the model, in its rooms
    held: list[tuple[str, int, Meeting | Regular]] = [
        ("meetings", i, m) for i, m in enumerate(file.meetings or [])
    ]
    held += [("regular", i, r) for i, r in enumerate(file.regular or [])]
    for key, mi, meeting in held:
        if meeting is None or venue_ids is None:
            continue
        met_at = next((v for v in venues if v.id == meeting.venue), None)
        if met_at is None:
            problem((key, mi, "venue"), f"unknown venue '{shown(meeting.venue)}'{_known(venue_ids)}")
            continue
        for ri, rid in enumerate(meeting.rooms):
            if met_at.room(rid) is None:
                problem(
                    (key, mi, "rooms", ri),
                    f"unknown room '{shown(rid)}' at {met_at.id}{_known(r.id for r in met_at.rooms)}",
                )
    priced: set = set()
    for pi, pair in enumerate(file.city_changes or []):
        if pair is None or venue_ids is None:
            continue
        ends = [next((v for v in venues if v.id == vid), None) for vid in pair.between]
        for i, (vid, end) in enumerate(zip(pair.between, ends, strict=True)):
            if end is None:
                problem(
                    ("city_changes", pi, "between", i), f"unknown venue '{shown(vid)}'{_known(venue_ids)}"
                )
        one, other = ends
        if one is None or other is None:
            continue
        if one.city_key == other.city_key:
            problem(
                ("city_changes", pi, "between"),
                f"{shown(one.id)} and {shown(other.id)} are both in {shown(one.city)}: a move between "
                "them is no change of city (give two venues in different cities)",
            )
        elif frozenset(pair.between) in priced:
            problem(
                ("city_changes", pi, "between"), f"{shown(one.id)} and {shown(other.id)} are priced twice"
            )
        priced.add(frozenset(pair.between))
    owners = {s.id: c for _, c, _, ss, _ in groups for s in ss or [] if s is not None and c is not None}
    for at, _, _, ss, _ in groups:
        if ss and None not in ss:
            check_resumed(problem, at, ss, owners)
    meetings: list[Meeting | Regular] = [*(file.meetings or []), *(file.regular or [])]
    if None not in meetings and all(c is not None for _, c, _, _, _ in groups):
        # an avoided body: another body's meetings or regular series (as they name it), or
        # a body of the model
        bodies = {m.body.casefold(): m.body for m in meetings} | {
            c.id.casefold(): c.id for _, c, _, _, _ in groups
        }
        for at, c, _, ss, _ in groups:
            named = [((at or ("committee",)) + ("avoid", i), n) for i, n in enumerate(c.avoid)]
            named += [
                (at + ("sessions", si, "avoid", i), n)
                for si, s in enumerate(ss or [])
                if s is not None
                for i, n in enumerate(s.avoid)
            ]
            for loc, n in named:
                if n.casefold() == c.id.casefold():
                    problem(loc, f"'{shown(n)}' is this body itself: name other bodies")
                elif n.casefold() not in bodies:
                    problem(
                        loc,
                        f"'{shown(n)}' names no body: neither a body of the model nor the body "
                        f"of one of its meetings{_known(sorted(set(bodies.values())))}",
                    )
    # `rules:` of the model, of each body and of each session: (where, its settings)
    scopes: list[tuple[tuple, dict]] = [(("rules",), file.rules or {})] + [
        ((at or ("committee",)) + ("rules",), c.rules) for at, c, _, _, _ in groups if c is not None
    ]
    scopes += [
        (at + ("sessions", si, "rules"), s.rules)
        for at, _, _, ss, _ in groups
        for si, s in enumerate(ss or [])
        if s is not None
    ]
    softened = {
        name for _, rules in scopes for name, r in rules.items() if r is not None and r.level == "soft"
    }
    for at, rules in scopes:
        for name, given in rules.items():
            wrong = setting_problem(name, given, levels, softened)
            if wrong:
                problem(at + (name,) + wrong[0], wrong[1])
            elif at == ("rules",) and given.weight is not None and name in (file.weights or {}):
                problem(
                    at + (name, "weight"),
                    f"`weights:` gives '{shown(name)}' a weight already: give it in one place",
                )
    for name, value in (file.weights or {}).items():
        why = weight_problem(name, value, levels, softened)
        if why:
            problem(("weights", name), why)
    for ci, cal in enumerate(holidays):
        lack = derived_problem(cal.derived) if cal is not None and cal.derived else None
        if lack:
            problem(("holidays", ci, "derived", lack[0]), lack[1])
    return out


def check_body(
    problem, at: tuple, c, documents, sessions, venue_ids, window, whole: bool, venues=None
) -> None:
    """The references of one body's part of the file (the committee's at `at` = (), another
    body's at ("bodies", i)): its sessions' venues and dates, positions, counts, pipeline.
    `whole`: every session of the body is valid (so that it can be counted)."""
    for si, session in sessions:
        for i, vid in enumerate(session.venues or []):
            if venue_ids is not None and vid not in venue_ids:
                problem(
                    at + ("sessions", si, "venues", i), f"unknown venue '{shown(vid)}'{_known(venue_ids)}"
                )
        if venues is not None and None not in venues:
            usable = [v for v in venues if session.venues is None or v.id in session.venues]
            rooms = [r.id for v in usable for r in v.rooms]
            for i, rid in enumerate(session.room.rooms):
                if rid not in rooms:
                    problem(
                        at + ("sessions", si, "room", "rooms", i),
                        f"no venue of {session.id} has a room '{shown(rid)}'{_known(rooms)}",
                    )
        for key in ("window", "preferred", "fixed"):
            span = getattr(session, key)
            if (
                span
                and window
                and session.is_session
                and (span.start > window.end or span.end < window.start)
                # a held session's dates are history, wherever they fall
                and not (key == "fixed" and session.status == "held")
            ):
                problem(
                    at + ("sessions", si, key),
                    f"{span.start} to {span.end} lies outside the "
                    f"planning window {window.start} to {window.end}",
                )
    for where in ("first", "last"):
        ids = [(si, s.id) for si, s in sessions if s.position == where]
        for si, _ in ids[1:]:
            problem(
                at + ("sessions", si, "position"),
                f"sessions {', '.join(i for _, i in ids)} are "
                f"all `position: {where}`: only one can be {where}",
            )
    if (
        c is not None
        and c.min_sessions is not None
        and c.max_sessions is not None
        and c.min_sessions > c.max_sessions
    ):
        problem(
            (at or ("committee",)) + ("max_sessions",),
            f"{c.max_sessions} is less than min_sessions ({c.min_sessions})",
        )
    elif c is not None and whole:
        # a resumed part is the session it resumes: it counts for nothing
        listed = sum(1 for _, s in sessions if s.is_session and s.resumes is None)
        required = sum(1 for _, s in sessions if s.is_session and s.resumes is None and not s.optional)
        if c.min_sessions is not None and c.min_sessions > listed:
            problem(
                (at or ("committee",)) + ("min_sessions",),
                f"{c.min_sessions} sessions cannot meet: the model lists {listed}",
            )
        if c.max_sessions is not None and c.max_sessions < required:
            problem(
                (at or ("committee",)) + ("max_sessions",),
                f"{c.max_sessions} is less than the {required} sessions that are not optional: "
                "mark some `optional: true`",
            )
    for i, vid in enumerate(c.required_venues if c is not None else []):
        if venue_ids is not None and vid not in venue_ids:
            problem(
                (at or ("committee",)) + ("required_venues", i),
                f"unknown venue '{shown(vid)}'{_known(venue_ids)}",
            )
    if documents is not None and documents.disorder():
        problem(at + ("documents",), documents.disorder())
    for si, session in sessions:
        if session.documents is not None and documents is not None:
            own = {k: getattr(session.documents, k) for k in session.documents.model_fields_set}
            disorder = documents.model_copy(update=own).disorder()
            if disorder:
                problem(at + ("sessions", si, "documents"), f"{disorder} (with the model's documents)")


def check_resumed(problem, at: tuple, sessions: list, owners: dict) -> None:
    """Each resumed part names a session of its own body (kind: session, not optional,
    itself no resumed part) listed before it, with no other session between them. A part
    resumes the session itself, never another part: INB9's parts all say `resumes: INB9`."""
    index = {s.id: i for i, s in enumerate(sessions)}
    for si, s in enumerate(sessions):
        if s.resumes is None:
            continue
        target = sessions[index[s.resumes]] if s.resumes in index else None
        between = [
            x.id
            for x in sessions[index.get(s.resumes, si) + 1 : si]
            if x.is_session and x.resumes != s.resumes
        ]
        if s.resumes == s.id:
            why = "is this session itself: name the session it continues"
        elif target is None and s.resumes in owners:
            why = (
                f"is a session of {owners[s.resumes].id}: a resumed part continues a session of its own body"
            )
        elif target is None:
            why = "is not a session of this body" + _known(
                x.id for x in sessions if x.is_session and x.resumes is None
            )
        elif not target.is_session:
            what = "an organizational session" if target.kind == "organizational" else "a consultation"
            why = f"is {what}: only a session (kind: session) is resumed"
        elif target.resumes is not None:
            why = f"is itself a resumed part of {target.resumes}: write `resumes: {target.resumes}`"
        elif index[s.resumes] > si:
            why = f"is listed after {s.id}: list a resumed part after the session it resumes"
        elif target.optional:
            why = (
                f"is optional, and {s.id} cannot meet without it: leave out its `optional`, or "
                f"make {s.id} a session of its own"
            )
        elif between:
            why = (
                f"is not the session before {s.id}: {', '.join(between)} "
                f"{'is' if len(between) == 1 else 'are'} listed between them (list a resumed part "
                "right after the session it resumes, or after its other parts)"
            )
        else:
            continue
        problem(at + ("sessions", si, "resumes"), f"'{shown(s.resumes)}' {why}")


def check_calendar(problem, at: tuple, c, sessions, reports, deciding) -> None:
    """The references of a body's consultations, reports and approval: the sessions and
    sessions of deciding bodies they go to (`deciding`: as deciding_bodies gives them)."""
    own = {s.id: s for _, s in sessions}
    gaps: dict[str, str] = {}
    for si, s in sessions:
        if s.kind != "consultation":
            continue
        after = own.get(s.after)
        if after is None or not after.is_session:
            known = [i for i, x in own.items() if x.is_session]
            problem(
                at + ("sessions", si, "after"),
                f"'{shown(s.after)}' is not a session of this body{_known(known)}",
            )
            continue
        if s.after in gaps:
            problem(
                at + ("sessions", si, "after"),
                f"{gaps[s.after]} already sits in the gap after {s.after}: one consultation a gap",
            )
        gaps.setdefault(s.after, s.id)
        if after.optional and not s.optional:
            problem(
                at + ("sessions", si, "optional"),
                f"{s.id} follows {s.after}, which is optional: "
                f"make {s.id} `optional: true` too, so that "
                f"both can be left out",
            )

    for ri, r in reports:
        if r.assembly is not None:
            check_target(problem, at + ("reports", ri), r, deciding)
        elif r.session not in own or not own[r.session].is_session:
            problem(
                at + ("reports", ri, "session"),
                f"'{shown(r.session)}' is not a session of this body"
                f"{_known(i for i, x in own.items() if x.is_session)}",
            )
    if c is not None and c.approval is not None:
        check_target(problem, (at or ("committee",)) + ("approval",), c.approval, deciding)


def deciding_bodies(file: ModelFile, problem) -> tuple[dict, bool, AssemblyPractice | None]:
    """Where reports and approvals may go, for check_target: {to (None: the General
    Assembly): (its name, where the model lists its sessions, {number: session}), or None
    when one of its sessions is invalid}, whether every deciding body is valid (else
    a `to` naming none is not called unknown: it may name the invalid one), and the
    Assembly's practice, which derives the sessions not listed. A duplicate id or session
    number, or an Assembly session outside the years planner knows, is a problem."""
    bodies = file.deciding or []
    groups = [(None, GENERAL_ASSEMBLY, "`assembly`", file.assembly, ("assembly",))] + [
        (d.id, d.name, f"`deciding[{d.id}].sessions`", d.sessions, ("deciding", di, "sessions"))
        for di, d in enumerate(bodies)
        if d is not None
    ]
    out: dict = {}
    for to, name, where, sittings, loc in groups:
        if to in out:
            problem(loc[:-1] + ("id",), f"duplicate deciding body id '{shown(to)}'")
            continue
        if sittings is None or None in sittings:
            out[to] = None
            continue
        numbers: dict = {}
        for i, sitting in enumerate(sittings):
            if sitting.session in numbers:
                problem(loc + (i, "session"), f"{name} session {sitting.session} is listed twice")
            elif to is None and not assembly.derivable(sitting.session):
                problem(loc + (i, "session"), out_of_range(sitting.session))
            numbers.setdefault(sitting.session, sitting)
        out[to] = (name, where, numbers)
    return out, file.deciding is not None and None not in bodies, file.assembly_practice


def out_of_range(number: int) -> str:
    first, last = YEARS
    return (
        f"the General Assembly's {ordinal(number)} session would open in {assembly.session_year(number)}: "
        f"planner knows the sessions that open in {first}-{last} (the 1st to the "
        f"{ordinal(last - assembly.FIRST_SESSION_YEAR)})"
    )


def check_practice(problem, practice, venues) -> None:
    """The General Assembly's practice: its published openings fall in their sessions'
    years, each window ends after it starts in every session, and the rooms its
    occupancy holds are the venue's (when the model has the venue)."""
    at = ("assembly_practice",)
    for loc, words in _practice_problems(practice.model_dump_json()):
        problem(at + loc, words)
    venue = next((v for v in venues if v is not None and v.id == practice.venue), None)
    if venue is None:
        return  # a model without the venue holds none of it
    rooms = [r.id for r in venue.rooms]
    for oi, held in enumerate(practice.occupancy):
        for ri, room in enumerate(held.rooms):
            if room not in rooms:
                problem(
                    at + ("occupancy", oi, "rooms", ri),
                    f"venue {venue.id} has no room '{shown(room)}'{_known(rooms)}",
                )


@functools.lru_cache(maxsize=8)
def _practice_problems(practice_json: str) -> tuple[tuple[tuple, str], ...]:
    """What is wrong with the practice's openings and windows, over every session planner
    knows: (place under `assembly_practice`, words). Once a run for a practice (as JSON):
    every load of a model that includes the shipped one asks again."""
    practice = AssemblyPractice.model_validate_json(practice_json)
    out: list[tuple[tuple, str]] = []
    for number, opens in practice.openings.items():
        if not assembly.derivable(number):
            out.append((("openings", number), out_of_range(number)))
        elif opens.year != assembly.session_year(number):
            out.append(
                (
                    ("openings", number),
                    f"the {ordinal(number)} session opens in {assembly.session_year(number)}, not {opens.year}",
                )
            )
    first, last = YEARS
    numbers = range(max(1, first - assembly.FIRST_SESSION_YEAR), last - assembly.FIRST_SESSION_YEAR + 1)
    openings = {number: assembly.opening(practice, number)[0] for number in numbers}  # once, not a window
    for window in ASSEMBLY_WINDOWS:
        for number in numbers:
            year = assembly.session_year(number)
            span = assembly.practice_span(practice, window, year, openings[number])
            if span is not None and span[1] < span[0]:
                out.append(
                    (
                        (window, "end"),
                        f"the {window} ends before it starts in the {ordinal(number)} session: "
                        f"{fmt(span[1])}, before {fmt(span[0])}",
                    )
                )
                break
    return tuple(out)


def check_target(problem, loc: tuple, target, deciding: tuple[dict, bool, AssemblyPractice | None]) -> None:
    """A report's or approval's target (at `loc`): a deciding body the model has, a
    session of it the model lists, and a window of that session for its stage."""
    known, complete, practice = deciding
    if target.to not in known:
        if complete:
            problem(
                loc + ("to",),
                f"'{shown(target.to)}' names no deciding body under `deciding`"
                f"{_known(k for k in known if k is not None)}; leave `to` out for the General Assembly",
            )
        return
    if known[target.to] is None:
        return  # an entry it could name is invalid: reported as such
    name, where, numbers = known[target.to]
    sitting = numbers.get(target.assembly)
    if sitting is None and target.to is None and practice is not None:
        if not assembly.derivable(target.assembly):
            problem(loc + ("assembly",), out_of_range(target.assembly))
            return
        try:
            sitting = assembly.derive(practice, target.assembly)
        except ValueError:
            return  # a window of the practice ends before it starts: reported as such
        where = "`assembly_practice`"
    if sitting is None:
        problem(
            loc + ("assembly",),
            f"the model has no {name} session {target.assembly} under {where}"
            f"{_known(map(str, sorted(numbers)))}"
            + ("; include planner:assembly.yaml to derive any session" if target.to is None else ""),
        )
    elif sitting.window(target.stage) is None:
        problem(
            loc + ("stage",),
            f"the model gives no window for the {STAGE_WORDS[target.stage]} ({target.stage}) of "
            f"{name} session {target.assembly} under {where}, only for: {listed(sitting.stages())}",
        )


def _known(ids) -> str:
    ids = list(ids)
    return f" (known: {listed(ids)})" if ids else ""


def unknown_rule(name: str, levels: Mapping[str, RuleLevel]) -> str | None:
    if name in levels:
        return None
    close = difflib.get_close_matches(name, list(levels), n=1)
    hint = f" (did you mean '{shown(close[0])}'?)" if close else _known(levels)
    return f"no rule is named '{shown(name)}'{hint}"


def weight_problem(
    name: str, value: int, levels: Mapping[str, RuleLevel], softened: typing.Collection[str] = ()
) -> str | None:
    """What is wrong with giving rule `name` the weight `value`, if anything: a hard rule
    takes one only if the model makes it soft somewhere (`softened`)."""
    unknown = unknown_rule(name, levels)
    if unknown:
        return unknown
    if levels[name].level != Level.SOFT and name not in softened:
        return (
            f"'{shown(name)}' is a hard rule; only soft rules take weights (make it soft "
            f"with `rules: {{{shown(name)}: {{level: soft}}}}`, for the model, a body or a session)"
        )
    if not 0 <= value <= MAX_WEIGHT:
        return f"the weight of '{shown(name)}' must be between 0 and {MAX_WEIGHT:,}, not {value}"
    return None


def setting_problem(
    name: str, setting, levels: Mapping[str, RuleLevel], softened
) -> tuple[tuple, str] | None:
    """What is wrong with a `rules:` entry, if anything: (the field within it, words)."""
    unknown = unknown_rule(name, levels)
    if unknown:
        return (), unknown
    if setting is None:
        return None  # invalid itself: reported as such
    if setting.level is None and setting.weight is None:
        return (
            (),
            f"'{shown(name)}' sets neither a level nor a weight: give `level: hard|soft` or `weight: N`",
        )
    if setting.level is not None and not levels[name].settable:
        return ("level",), f"'{shown(name)}' is always {levels[name].level}: a model cannot set its level"
    if setting.weight is not None:
        why = weight_problem(name, setting.weight, levels, softened)
        if why:
            return ("weight",), why
    return None


def override_weights(model: Model, weights: dict[str, int], levels: Mapping[str, RuleLevel]) -> Model:
    scopes = [model.rules] + [b.rules for b in model.bodies] + [s.rules for s in model.sessions]
    softened = {n for rules in scopes for n, r in rules.items() if r.level == "soft"}
    for name, value in weights.items():
        why = weight_problem(name, value, levels, softened)
        if why:
            raise InputError(why, field="--weight")
    # the model-wide weight, whether `weights:` or the top-level `rules:` gives it
    rules = {n: r.model_copy(update={"weight": None}) if n in weights else r for n, r in model.rules.items()}
    return model.model_copy(update={"weights": {**model.weights, **weights}, "rules": rules})


# ---------------------------------------------------------------- derived calendars

# Derived calendars cover the planning window and a year either side: the diagnosis and
# explain look at dates up to a year beyond it.
MARGIN_YEARS = 1


def needed_years(model: Model) -> list[int]:
    return list(range(model.window.start.year - MARGIN_YEARS, model.window.end.year + MARGIN_YEARS + 1))


def period_days(calendar: HolidayCalendar, years: list[int]) -> list[Holiday]:
    """The days of the calendar's periods in these years (a day of two periods: the first's)."""
    out: dict = {}
    for period in calendar.periods:
        for day in period.days(years):
            out.setdefault(day, Holiday(date=day, name=period.name, source=period.source or calendar.source))
    return list(out.values())


def calendar_days(cal: HolidayCalendar, years: list[int]) -> list[Holiday]:
    """The calendar's days in these years as planner uses them: the days it lists, its
    derived days and its periods' days on the dates it does not list (none in a year
    it lists as `published`), by date."""
    listed = [h for h in cal.days if h.date.year in years]
    taken = {h.date for h in listed}
    computed = {h.date: h for h in period_days(cal, years)}
    computed |= {h.date: h for h in derived_days(cal, years)} if cal.derived else {}
    return sorted([h for h in computed.values() if h.date not in taken] + listed, key=lambda h: h.date)


def with_derived_holidays(model: Model) -> Model:
    """Each derived calendar with its days computed, and each calendar's periods as days
    (for the planning window and a year either side); days the file lists win on their date,
    and a calendar's `published` years have only their listed days."""
    if not any(c.derived or c.periods for c in model.holidays):
        return model
    years = needed_years(model)
    calendars = []
    for cal in model.holidays:
        if cal.derived or cal.periods:
            other = [h for h in cal.days if h.date.year not in years]  # listed, outside the years
            cal = cal.model_copy(
                update={"days": sorted(other + calendar_days(cal, years), key=lambda h: h.date)}
            )
        calendars.append(cal)
    return model.model_copy(update={"holidays": calendars})

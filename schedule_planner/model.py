"""The typed planning model: committee, sessions, venues and rooms, holidays, other
bodies' meetings, the document pipeline and the weights of the soft rules.

A model file may `include:` other files (paths relative to it); their top-level keys
are merged in. The default model is `data/ahc-cybercrime.yaml`, which includes
`venues.yaml` and `holidays.yaml`.
"""

from __future__ import annotations

import re
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator,
                      model_validator)

from . import yamlio
from .errors import InputError

ID = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
DEFAULT_MODEL = "ahc-cybercrime.yaml"


def _iso_date(value):
    """Dates are written YYYY-MM-DD; no timestamps, no silent guesses."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d\d-\d\d", value.strip()):
        raise ValueError(f"expected a date written YYYY-MM-DD (got '{value}')")
    try:
        day = date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValueError(f"'{value}' is not a calendar date: {exc}") from None
    if not 1900 <= day.year <= 2199:
        raise ValueError(f"'{value}' is outside the years planner works with (1900-2199)")
    return day


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Span(Strict):
    """A closed range of calendar dates."""

    start: IsoDate
    end: IsoDate

    @model_validator(mode="after")
    def _ordered(self):
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class Length(Strict):
    """A session's length: whole weeks (Monday-Friday) or a number of meeting days."""

    weeks: int | None = Field(None, ge=1, le=12)
    days: int | None = Field(None, ge=1, le=60)

    @model_validator(mode="after")
    def _one(self):
        if (self.weeks is None) == (self.days is None):
            raise ValueError("give exactly one of 'weeks' or 'days'")
        return self

    @property
    def adjective(self) -> str:
        """2-week, 3-day: as in 'a 2-week session'."""
        return f"{self.weeks}-week" if self.weeks else f"{self.days}-day"

    def __str__(self) -> str:
        if self.weeks:
            return f"{self.weeks} week" + ("s" if self.weeks > 1 else "")
        return f"{self.days} meeting day" + ("s" if self.days > 1 else "")


class Documents(Strict):
    """The document pipeline between one session and the next, in weeks."""

    contributions_weeks: int = Field(2, ge=0, le=52)
    consolidation_weeks: int = Field(2, ge=0, le=52)
    submission_weeks: int = Field(10, ge=0, le=52)
    issuance_weeks: int = Field(6, ge=0, le=52)
    min_gap_weeks: int = Field(0, ge=0, le=104)

    def disorder(self) -> str | None:
        """Why these periods cannot hold together, if they cannot. Checked on the model's
        block and on each session's block merged with it (a session's block may give
        only some fields)."""
        if self.issuance_weeks > self.submission_weeks:
            return (f"issuance_weeks ({self.issuance_weeks}) cannot exceed submission_weeks "
                    f"({self.submission_weeks}): documents are issued after they are submitted")
        return None


class RoomNeed(Strict):
    seats: int = Field(0, ge=0)
    interpretation: int = Field(6, ge=0, le=6, description="official languages interpreted")


class Session(Strict):
    id: str = Field(pattern=ID)
    name: str
    task: str = ""
    length: Length
    window: Span | None = None
    preferred: Span | None = None
    fixed: Span | None = None
    status: Literal["planned", "announced", "held"] = "planned"
    venues: list[str] | None = Field(None, min_length=1)
    room: RoomNeed = RoomNeed()
    documents: Documents | None = None
    url: str | None = None


class Room(Strict):
    id: str = Field(pattern=ID)
    name: str
    building: str = ""
    seats: int = Field(ge=0)
    interpretation: int = Field(ge=0, le=6)


class Venue(Strict):
    id: str = Field(pattern=ID)
    name: str
    city: str
    country: str = ""
    timezone: str
    meeting_hours: list[str]
    holidays: list[str] = []
    interpretation_capacity: int = Field(ge=1)
    rooms: list[Room] = Field(min_length=1)

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone '{value}' (use an IANA name such as Europe/Vienna)")
        return value

    @field_validator("meeting_hours")
    @classmethod
    def _hours(cls, value: list[str]) -> list[str]:
        for item in value:
            m = re.fullmatch(r"(\d\d):(\d\d)-(\d\d):(\d\d)", item)
            if not m or not (int(m[1]) < 24 and int(m[3]) < 24 and int(m[2]) < 60 and int(m[4]) < 60) \
                    or m[1] + m[2] >= m[3] + m[4]:
                raise ValueError(f"'{item}' is not a time range such as 10:00-13:00")
        return value

    def room(self, room_id: str) -> Room | None:
        return next((r for r in self.rooms if r.id == room_id), None)


class Meeting(Span):
    """Another body's meeting that occupies rooms and interpreters at a venue."""

    body: str
    name: str = ""
    venue: str
    rooms: list[str] = []
    interpretation: int = Field(1, ge=0)
    source: str = ""


class Holiday(Strict):
    date: IsoDate
    name: str
    source: str


class HolidayCalendar(Strict):
    """closed: no meetings (UN holidays); national/observance: meetings possible, at a cost."""

    id: str = Field(pattern=ID)
    name: str
    kind: Literal["closed", "national", "observance"]
    source: str = ""
    days: list[Holiday] = []


class Committee(Strict):
    id: str = Field(pattern=ID)
    name: str
    short_name: str = ""
    url: str | None = None


class Model(Strict):
    committee: Committee
    window: Span
    documents: Documents = Documents()
    weights: dict[str, int] = {}
    sessions: list[Session] = Field(min_length=1)
    venues: list[Venue] = Field(min_length=1)
    holidays: list[HolidayCalendar] = []
    meetings: list[Meeting] = []

    def warnings(self) -> list[str]:
        """What the model leaves uncertain without being wrong: years of the planning
        window for which a venue's holiday calendars hold no date."""
        years = set(range(self.window.start.year, self.window.end.year + 1))
        out = []
        for venue in self.venues:
            for cal_id in venue.holidays:
                cal = self.calendar(cal_id)
                missing = sorted(years - {h.date.year for h in cal.days})
                if missing:
                    out.append(f"holiday calendar '{cal_id}' ({venue.name}) has no dates for "
                               f"{', '.join(map(str, missing))}: add them (`planner holidays "
                               f"{' '.join(map(str, missing))}` derives them) or meetings may "
                               "fall on holidays")
        return out

    def session(self, session_id: str) -> Session | None:
        return next((s for s in self.sessions if s.id == session_id), None)

    def venue(self, venue_id: str) -> Venue | None:
        return next((v for v in self.venues if v.id == venue_id), None)

    def calendar(self, cal_id: str) -> HolidayCalendar | None:
        return next((c for c in self.holidays if c.id == cal_id), None)

    def with_session(self, session_id: str, **changes) -> "Model":
        """A copy of the model with one session's fields changed."""
        sessions = [s.model_copy(update=changes) if s.id == session_id else s for s in self.sessions]
        return self.model_copy(update={"sessions": sessions})

    def documents_for(self, session: Session) -> Documents:
        """The model's pipeline, with the fields the session's own block gives."""
        if session.documents is None:
            return self.documents
        own = {k: getattr(session.documents, k) for k in session.documents.model_fields_set}
        return self.documents.model_copy(update=own)

    def with_documents(self, session_id: str, **changes) -> "Model":
        """A copy of the model in which one session's pipeline has these fields changed."""
        merged = self.documents_for(self.session(session_id)).model_copy(update=changes)
        return self.with_session(session_id, documents=Documents.model_construct(
            _fields_set=set(Documents.model_fields), **merged.model_dump()))

    def session_venues(self, session: Session) -> list[Venue]:
        if session.venues is None:
            return list(self.venues)
        return [self.venue(v) for v in session.venues]


# ---------------------------------------------------------------- loading

def default_model_path() -> Path:
    return Path(str(resources.files("schedule_planner.data").joinpath(DEFAULT_MODEL)))


def load_model(path: Path | str | None = None, weights: dict[str, int] | None = None) -> Model:
    """Read, merge and validate a model; raise InputError naming file, line and field."""
    path = Path(path) if path is not None else default_model_path()
    doc = yamlio.load(path)
    _merge_includes(doc, path, seen={path.resolve()})
    model = validate(Model, doc)
    _cross_check(model, doc)
    if weights:
        model = override_weights(model, weights)
    return model


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


def validate(cls, doc: yamlio.Document):
    try:
        return cls.model_validate(doc.data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        first = errors[0]
        loc = tuple(first["loc"])
        message = _message(first)
        more = len(errors) - 1
        if more:
            message += f" (and {more} more problem{'s' if more > 1 else ''})"
        raise doc.error(loc, message) from None


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


def _cross_check(model: Model, doc: yamlio.Document) -> None:
    """References between parts of the model: ids exist and are unique."""

    def unique(items, what: str, loc: tuple):
        seen = set()
        for i, item in enumerate(items):
            if item.id in seen:
                raise doc.error(loc + (i, "id"), f"duplicate {what} id '{item.id}'")
            seen.add(item.id)

    unique(model.sessions, "session", ("sessions",))
    unique(model.venues, "venue", ("venues",))
    unique(model.holidays, "holiday calendar", ("holidays",))
    for vi, venue in enumerate(model.venues):
        unique(venue.rooms, "room", ("venues", vi, "rooms"))
        for hi, cal in enumerate(venue.holidays):
            if model.calendar(cal) is None:
                raise doc.error(("venues", vi, "holidays", hi),
                                f"unknown holiday calendar '{cal}'{_known(c.id for c in model.holidays)}")
    venue_ids = [v.id for v in model.venues]
    for si, session in enumerate(model.sessions):
        for i, vid in enumerate(session.venues or []):
            if vid not in venue_ids:
                raise doc.error(("sessions", si, "venues", i), f"unknown venue '{vid}'{_known(venue_ids)}")
        for key in ("window", "preferred", "fixed"):
            span = getattr(session, key)
            if span and (span.start > model.window.end or span.end < model.window.start):
                raise doc.error(("sessions", si, key),
                                f"{span.start} to {span.end} lies outside the planning window "
                                f"{model.window.start} to {model.window.end}")
    if model.documents.disorder():
        raise doc.error(("documents",), model.documents.disorder())
    for si, session in enumerate(model.sessions):
        problem = model.documents_for(session).disorder()
        if problem:
            raise doc.error(("sessions", si, "documents"), f"{problem} (with the model's documents)")
    for mi, meeting in enumerate(model.meetings):
        venue = model.venue(meeting.venue)
        if venue is None:
            raise doc.error(("meetings", mi, "venue"), f"unknown venue '{meeting.venue}'{_known(venue_ids)}")
        for ri, rid in enumerate(meeting.rooms):
            if venue.room(rid) is None:
                raise doc.error(("meetings", mi, "rooms", ri),
                                f"unknown room '{rid}' at {venue.id}{_known(r.id for r in venue.rooms)}")
    for name, value in model.weights.items():
        problem = weight_problem(name, value)
        if problem:
            raise doc.error(("weights", name), problem)


def _known(ids) -> str:
    ids = list(ids)
    return f" (known: {', '.join(ids)})" if ids else ""


MAX_WEIGHT = 1_000_000


def weight_problem(name: str, value: int) -> str | None:
    """What is wrong with giving rule `name` the weight `value`, if anything."""
    from constraints import RULES  # the rule names a weight may refer to

    rule = RULES.get(name)
    if rule is None:
        return f"no rule is named '{name}'{_known(r.name for r in RULES.values() if r.soft)}"
    if not rule.soft:
        return f"'{name}' is a hard rule; only soft rules take weights"
    if not 0 <= value <= MAX_WEIGHT:
        return f"the weight of '{name}' must be between 0 and {MAX_WEIGHT:,}, not {value}"
    return None


def override_weights(model: Model, weights: dict[str, int]) -> Model:
    for name, value in weights.items():
        problem = weight_problem(name, value)
        if problem:
            raise InputError(problem, field="--weight")
    return model.model_copy(update={"weights": {**model.weights, **weights}})

"""The typed planning model: bodies and their sessions, venues and rooms, holidays,
other bodies' meetings, the document pipeline and the weights of the soft rules.

Validation here is of one value at a time (types, ranges, formats); references between
parts of the model are checked where a file is loaded (`schedule_planner.loading`).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from .text import plural

ID = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"


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
    """A session's length: whole weeks of the venue's working week, a number of meeting
    days (working days that are not UN holidays), or a number of consecutive calendar
    days on which it meets every day, weekends included."""

    weeks: int | None = Field(None, ge=1, le=12)
    days: int | None = Field(None, ge=1, le=60)
    calendar_days: int | None = Field(None, ge=1, le=84)

    @model_validator(mode="after")
    def _one(self):
        if sum(v is not None for v in (self.weeks, self.days, self.calendar_days)) != 1:
            raise ValueError("give exactly one of 'weeks' (whole working weeks), 'days' (meeting "
                             "days) or 'calendar_days' (consecutive days, weekends included)")
        return self

    @property
    def every_day(self) -> bool:
        """Whether the session meets every day, weekends included (calendar days)."""
        return self.calendar_days is not None

    @property
    def adjective(self) -> str:
        """2-week, 3-day, 7-calendar-day: as in 'a 2-week session'."""
        if self.weeks:
            return f"{self.weeks}-week"
        return f"{self.days}-day" if self.days else f"{self.calendar_days}-calendar-day"

    def __str__(self) -> str:
        if self.weeks:
            return plural(self.weeks, "week")
        return plural(self.days, "meeting day") if self.days else plural(self.calendar_days, "calendar day")


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


WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")   # as date.weekday() numbers them
WORKING_WEEK = WEEKDAYS[:5]
WEEKDAY_NAMES = ", ".join(WEEKDAYS[:-1]) + f" or {WEEKDAYS[-1]}"


def _weekday(value):
    if not isinstance(value, str) or value not in WEEKDAYS:
        raise ValueError(f"'{value}' is not a day of the week: write {WEEKDAY_NAMES}")
    return value


Weekday = Annotated[str, BeforeValidator(_weekday)]


class Venue(Strict):
    id: str = Field(pattern=ID)
    name: str
    city: str
    country: str = ""
    timezone: str
    meeting_hours: list[str]
    # the days of the week it meets on; its week begins on the first one named
    working_days: list[Weekday] = list(WORKING_WEEK)
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

    @field_validator("working_days")
    @classmethod
    def _week(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError(f"give at least one working day ({WEEKDAY_NAMES})")
        for i, item in enumerate(value):
            if item in value[:i]:
                raise ValueError(f"'{item}' is given twice")
        return value

    @property
    def weekdays(self) -> frozenset[int]:
        """The working days as `date.weekday()` numbers (Monday 0)."""
        return frozenset(WEEKDAYS.index(d) for d in self.working_days)

    @property
    def week_begins(self) -> int:
        """The `date.weekday()` on which a week at the venue begins: its first working day named."""
        return WEEKDAYS.index(self.working_days[0])

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


class Body(Strict):
    """A committee or other body whose sessions are planned: its sessions meet in the
    order given, and its document pipeline runs between them."""

    id: str = Field(pattern=ID)
    name: str
    short_name: str = ""
    url: str | None = None
    documents: Documents = Documents()
    sessions: list[Session] = Field(min_length=1)

    @property
    def label(self) -> str:
        return self.short_name or self.name


class Model(Strict):
    """Everything planned together: the bodies and their sessions, the planning window,
    the venues with their rooms and holidays, the other bodies' fixed meetings and the
    weights of the soft rules. A model file with one `committee` is the one-body case."""

    bodies: list[Body] = Field(min_length=1)
    window: Span
    weights: dict[str, int] = {}
    venues: list[Venue] = Field(min_length=1)
    holidays: list[HolidayCalendar] = []
    meetings: list[Meeting] = []

    @property
    def sessions(self) -> list[Session]:
        """Every session being planned, body by body, each body's in its order."""
        return [s for body in self.bodies for s in body.sessions]

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

    def body_of(self, session_id: str) -> Body | None:
        return next((b for b in self.bodies if any(s.id == session_id for s in b.sessions)), None)

    def venue(self, venue_id: str) -> Venue | None:
        return next((v for v in self.venues if v.id == venue_id), None)

    def calendar(self, cal_id: str) -> HolidayCalendar | None:
        return next((c for c in self.holidays if c.id == cal_id), None)

    def with_session(self, session_id: str, **changes) -> "Model":
        """A copy of the model with one session's fields changed."""
        bodies = [b.model_copy(update={"sessions": [s.model_copy(update=changes) if s.id == session_id
                                                    else s for s in b.sessions]})
                  if any(s.id == session_id for s in b.sessions) else b for b in self.bodies]
        return self.model_copy(update={"bodies": bodies})

    def documents_for(self, session: Session) -> Documents:
        """The session's body's pipeline, with the fields the session's own block gives."""
        base = self.body_of(session.id).documents
        if session.documents is None:
            return base
        own = {k: getattr(session.documents, k) for k in session.documents.model_fields_set}
        return base.model_copy(update=own)

    def with_documents(self, session_id: str, **changes) -> "Model":
        """A copy of the model in which one session's pipeline has these fields changed."""
        merged = self.documents_for(self.session(session_id)).model_copy(update=changes)
        return self.with_session(session_id, documents=Documents.model_construct(
            _fields_set=set(Documents.model_fields), **merged.model_dump()))

    def session_venues(self, session: Session) -> list[Venue]:
        if session.venues is None:
            return list(self.venues)
        return [self.venue(v) for v in session.venues]

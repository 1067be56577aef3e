"""The typed planning model: bodies and their sessions, venues and rooms, holidays,
other bodies' meetings, the document pipeline and the weights of the soft rules.

Validation here is of one value at a time (types, ranges, formats); references between
parts of the model are checked where a file is loaded (`schedule_planner.loading`).
"""

from __future__ import annotations

import functools
import re
import typing
import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)

from ..errors import shown
from . import YEARS
from .text import BIDI, fmt, ordinal, plural, whole_number

ID = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
# The largest weight of a rule, and price of a session: the largest price by default
# (dropped-session's weight times a body's priority, at most 1,000). A timetable's cost
# sums each weight times what its rule counts and the prices of the sessions left out:
# bounded so, it stays far within the 64-bit integers of CP-SAT's objective, which an
# unbounded price overflowed.
MAX_WEIGHT = 1_000_000
MAX_PRICE = MAX_WEIGHT * 1_000


def _iso_date(value):
    """Dates are written YYYY-MM-DD; no timestamps, no silent guesses."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
        raise ValueError(f"expected a date written YYYY-MM-DD (got '{value}')")
    try:
        day = date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValueError(f"'{value}' is not a calendar date: {exc}") from None
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise ValueError(f"'{value}' is outside the years planner works with ({YEARS[0]}-{YEARS[1]})")
    return day


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


# text fields that may run over several lines (a YAML block); every other text is one line
MULTILINE = {"task"}
# every character plain_text may refuse outside a web address: the controls (category
# Cc, line feeds among them), the other line breaks and the bidi controls. Text without
# one is let through without looking at it a character at a time.
SUSPECT = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029" + "".join(sorted(BIDI)) + "]")


def plain_text(value, field: str):
    """Text of the model as every output can carry it, and the texts in its lists and
    mappings: no control character (a line break only where the field may hold several
    lines), no bidi control, and a web address without spaces."""
    if isinstance(value, (list, tuple)):
        for v in value:
            plain_text(v, field)  # text is let through as it is, or refused
        return value
    if isinstance(value, dict):
        return {plain_text(k, field): plain_text(v, field) for k, v in value.items()}
    if not isinstance(value, str) or (field != "url" and SUSPECT.search(value) is None):
        return value
    for c in value:
        if c == "\n" and field in MULTILINE:
            continue
        if c in "\n\r\u2028\u2029\x85":
            raise ValueError("holds a line break: write it on one line")
        if unicodedata.category(c) == "Cc":
            raise ValueError(f"holds the control character U+{ord(c):04X}")
        if c in BIDI:
            raise ValueError(f"holds the bidirectional control character U+{ord(c):04X}")
        if field == "url" and c.isspace():
            raise ValueError("a web address holds no spaces")
    return value


@functools.cache
def _whole_number_field(cls: type[BaseModel], name: str) -> tuple[bool, bool]:
    """Whether a field maps to whole numbers, and whether its type is or holds int: read
    from its annotation once, not at every value validated."""
    kind = cls.model_fields[name].annotation
    return (
        typing.get_origin(kind) is dict and typing.get_args(kind)[1] is int,
        kind is int or int in typing.get_args(kind),
    )


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*", mode="before")
    @classmethod
    def _whole_numbers(cls, value, info):
        """Whole numbers written with the digits 0-9 only, wherever a field takes them."""
        mapping, whole = _whole_number_field(cls, info.field_name)
        if mapping and isinstance(value, dict):
            for item in value.values():
                whole_number(item)
        elif whole:
            whole_number(value)
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _plain_text(cls, value, info):
        return plain_text(value, info.field_name)


class Span(Strict):
    """A closed range of calendar dates."""

    start: IsoDate
    end: IsoDate

    @model_validator(mode="after")
    def _ordered(self):
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class Between(Strict):
    """A range of lengths: a session may take any length from `min` to `max`."""

    min: int = Field(ge=1, description="the shortest it may be")
    max: int = Field(ge=1, description="the longest it may be (the solver prefers it: short-session)")

    @model_validator(mode="after")
    def _ordered(self):
        if self.min > self.max:
            raise ValueError(f"min {self.min} is more than max {self.max}")
        return self


# the longest length of each unit
LONGEST = {"weeks": 12, "days": 60, "calendar_days": 84}


class Length(Strict):
    """A session's length: weeks (5 working days each at a Monday-Friday venue, from any
    working day), a number of meeting days (working days that are not UN holidays), or a
    number of consecutive calendar days on which it meets every day, weekends included.
    Each may be a range, {min: 8, max: 10}: the session takes any length in it."""

    weeks: int | Between | None = Field(
        None, description="whole weeks of the venue's working days, from any working day (1-12)"
    )
    days: int | Between | None = Field(None, description="meeting days (1-60)")
    calendar_days: int | Between | None = Field(
        None, description="consecutive days, weekends included (1-84)"
    )

    @field_validator("weeks", "days", "calendar_days", mode="before")
    @classmethod
    def _count(cls, value, info):
        """A number, or a range {min, max}: one message for what is wrong with either."""
        if value is None or isinstance(value, Between):
            return value
        parsed: int | Between
        if isinstance(value, dict):
            try:
                parsed = Between.model_validate(value)
            except ValidationError as exc:
                err = exc.errors(include_url=False)[0]
                where = ".".join(str(part) for part in err["loc"])
                text = err["msg"].removeprefix("Value error, ")
                raise ValueError(f"{where}: {text}" if where else text) from None
            ends = (parsed.min, parsed.max)
        else:
            try:
                parsed = TypeAdapter(int).validate_python(value)
            except ValidationError as exc:
                raise ValueError(
                    f"{exc.errors(include_url=False)[0]['msg']}, or a range such as {{min: 8, max: 10}} "
                    f"(got '{shown(value)}')"
                ) from None
            ends = (parsed, parsed)
        most = LONGEST[info.field_name]
        for n in ends:
            if not 1 <= n <= most:
                raise ValueError(
                    f"a length of {info.field_name.replace('_', ' ')} is from 1 to {most} (got {n})"
                )
        return parsed

    @model_validator(mode="after")
    def _one(self):
        if sum(v is not None for v in (self.weeks, self.days, self.calendar_days)) != 1:
            raise ValueError(
                "give exactly one of 'weeks' (whole working weeks), 'days' (meeting "
                "days) or 'calendar_days' (consecutive days, weekends included)"
            )
        return self

    @property
    def unit(self) -> str:
        """weeks, days or calendar_days: the one given."""
        return next(k for k in LONGEST if getattr(self, k) is not None)

    @property
    def counts(self) -> range:
        """The lengths it may take, in its unit: one, or every one of its range."""
        value = getattr(self, self.unit)
        return range(value.min, value.max + 1) if isinstance(value, Between) else range(value, value + 1)

    @property
    def every_day(self) -> bool:
        """Whether the session meets every day, weekends included (calendar days)."""
        return self.calendar_days is not None

    def _number(self, sep: str) -> str:
        n = self.counts
        return str(n[0]) if len(n) == 1 else f"{n[0]}{sep}{n[-1]}"

    @property
    def adjective(self) -> str:
        """2-week, 3-day, 7-calendar-day, 8-to-10-day: as in 'a 2-week session'."""
        word = {"weeks": "week", "days": "day", "calendar_days": "calendar-day"}[self.unit]
        return f"{self._number('-to-')}-{word}"

    @property
    def word(self) -> str:
        """What it counts, singular: week, meeting day, calendar day."""
        return {"weeks": "week", "days": "meeting day", "calendar_days": "calendar day"}[self.unit]

    def __str__(self) -> str:
        n = self.counts
        return plural(n[0], self.word) if len(n) == 1 else f"{n[0]} to {plural(n[-1], self.word)}"


class Documents(Strict):
    """The document pipeline between one session and the next, in weeks."""

    # left out of a dump when true (the default), so that a model without it keeps its digest
    new_text: bool = Field(
        True,
        exclude_if=lambda v: v is True,
        description="the session needs a new text, prepared by the pipeline before it (false: it "
        "continues one, and document-lead-time does not apply; a resumed part never needs one)",
    )

    contributions_weeks: int = Field(
        2, ge=0, le=52, description="Member States send contributions after a session (ASSUMED default)"
    )
    consolidation_weeks: int = Field(
        2,
        ge=0,
        le=52,
        description="the secretariat consolidates them into the revised draft (ASSUMED default)",
    )
    submission_weeks: int = Field(
        10,
        ge=0,
        le=52,
        description="the draft reaches conference services this long before the session (GA res. 49/221 B)",
    )
    issuance_weeks: int = Field(
        6,
        ge=0,
        le=52,
        description="documents are issued in the six languages this long before (GA res. 49/221 B)",
    )
    min_gap_weeks: int = Field(
        0, ge=0, le=104, description="between one session's close and the next one's opening"
    )
    pages: int = Field(
        0,
        ge=0,
        le=100_000,
        description="pages of pre-session documents translated "
        "between submission and issuance, spread "
        "evenly over those weeks (translation-capacity)",
    )

    def disorder(self) -> str | None:
        """Why these periods cannot hold together, if they cannot. Checked on the model's
        block and on each session's block merged with it (a session's block may give
        only some fields)."""
        if self.issuance_weeks > self.submission_weeks:
            return (
                f"issuance_weeks ({self.issuance_weeks}) cannot exceed submission_weeks "
                f"({self.submission_weeks}): documents are issued after they are submitted"
            )
        return None


class RoomNeed(Strict):
    seats: int = Field(0, ge=0, description="seats the session needs")
    interpretation: int = Field(
        6,
        ge=0,
        le=6,
        description="official languages interpreted (0: none, and no interpretation team is taken)",
    )
    rooms: list[str] = Field(
        [],
        description="ids of the only rooms it may use, the first preferred "
        "(default: any room that fits, in the venue's order)",
    )

    def allows(self, room_id: str) -> bool:
        return not self.rooms or room_id in self.rooms


Kind = Literal["session", "organizational", "consultation"]
KINDS: tuple[str, ...] = typing.get_args(Kind)


KIND_WORDS = {
    "session": "session",
    "organizational": "organizational session",
    "consultation": "consultation",
}
# where a deciding body takes a text or report up: the General Assembly's six Main
# Committees and its plenary; another organisation's body, its plenary (their names in
# words: STAGE_WORDS, from AssemblySession's fields)
Stage = Literal[
    "first_committee",
    "second_committee",
    "third_committee",
    "fourth_committee",
    "fifth_committee",
    "sixth_committee",
    "plenary",
]
STAGES: tuple[str, ...] = typing.get_args(Stage)
GENERAL_ASSEMBLY = "General Assembly"  # what `assembly:` lists the sessions of


def kinds_text(sessions) -> str:
    """'8 sessions, 1 organizational session and 7 consultations' (sessions always, the
    other kinds when there are some)."""
    parts = []
    for kind, word in KIND_WORDS.items():
        n = sum(1 for s in sessions if s.kind == kind)
        if n or kind == "session":
            parts.append(plural(n, word))
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


class RuleSetting(Strict):
    """A rule's level and weight where a model sets them: for the whole model, a body or
    one session (`rules:`), the narrowest scope winning."""

    level: Literal["hard", "soft"] | None = Field(
        None,
        description="hard: the rule must hold; soft: each unit of breach (a day late, a day "
        "outside, a day over capacity...) costs the weight",
    )
    weight: int | None = Field(
        None,
        ge=0,
        le=MAX_WEIGHT,
        description="cost per unit of breach where the rule is soft, from 0 to 1,000,000",
    )


RULES_DESCRIPTION = (
    "rule name: {level: hard|soft, weight: N} (planner rules lists them); a session's "
    "setting wins over its body's, a body's over the model's"
)


def rules_field():
    # left out of a dump when unset, so that a model without them keeps its digest
    return Field({}, exclude_if=lambda v: not v, description=RULES_DESCRIPTION)


class Session(Strict):
    """One meeting of a body: its length, the dates it may take, where it may meet and
    the room it needs. Most are its negotiating sessions (`kind: session`); beside them
    a body may hold an organizational session before its first session and informal
    consultations between two sessions. Only sessions meet in the body's order, with its
    document pipeline and minimum gap between them, within the planning window, and
    count towards min_sessions and max_sessions; the other kinds keep their own rules
    (organizational-first, consultation-distance)."""

    id: str = Field(pattern=ID, description="stable id, e.g. S1; unique in the model")
    kind: Kind = Field(
        "session",
        description="session: a negotiating session; organizational: the session "
        "before the first, on organizational matters; consultation: an "
        "informal meeting in the gap after the session `after` names",
    )
    after: str | None = Field(
        None,
        pattern=ID,
        description="a consultation: the id of the session "
        "whose gap it sits in, after its close "
        "and before the next session opens",
    )
    name: str = Field(description="as printed: Fourth session")
    task: str = Field("", description="what the session is to do")
    length: Length
    window: Span | None = Field(None, description="hard: the session lies within these dates")
    preferred: Span | None = Field(None, description="soft: each day outside costs preferred-window")
    fixed: Span | None = Field(None, description="the dates of a session held or announced")
    status: Literal["planned", "announced", "held"] = Field(
        "planned",
        description="planned: the solver dates it; announced: its fixed dates are "
        "published; held: it has met. Announced and held sessions need `fixed`",
    )
    venues: list[str] | None = Field(
        None,
        min_length=1,
        description="ids of the venues it may meet at, the first preferred (default: every venue)",
    )
    room: RoomNeed = Field(
        RoomNeed(),
        description="the room it needs (default: any seats, interpretation into the six languages)",
    )
    documents: Documents | None = Field(
        None, description="this session's own pipeline, field by field over its body's"
    )
    url: str | None = Field(None, description="the session's web page")
    optional: bool = Field(
        False,
        description="the solver may leave it out when the others cannot "
        "all meet otherwise, at its price (dropped-session)",
    )
    price: int | None = Field(
        None,
        ge=0,
        le=MAX_PRICE,
        description="what leaving out this optional session costs "
        "(default: dropped-session's weight times its "
        "body's priority), at most 1,000,000,000 (the largest default), so that the cost of "
        "a timetable stays within the solver's 64-bit integers",
    )
    position: Literal["first", "last"] | None = Field(
        None,
        description="first or last of its body's sessions, wherever it is listed (a "
        "concluding session: last)",
    )
    avoid: list[str] = Field(
        [],
        exclude_if=lambda v: not v,
        description="bodies whose meetings it must not overlap, over its body's `avoid` (keep-apart)",
    )
    rules: dict[str, RuleSetting] = rules_field()
    resumes: str | None = Field(
        None,
        pattern=ID,
        exclude_if=lambda v: v is None,
        description="a resumed part: the id of the session of its body it resumes, listed before "
        "it. It continues that session's text (no document pipeline, no minimum gap from it), "
        "counts as that session (session-count, sessions-per-year) and, without a `name`, is "
        "named after it: Resumed third session",
    )

    @model_validator(mode="after")
    def _status_has_dates(self):
        if self.status != "planned" and self.fixed is None:
            raise ValueError(
                f"session '{self.id}' is {self.status}, so it needs its dates: give "
                "`fixed: {start: YYYY-MM-DD, end: YYYY-MM-DD}` (or status: planned)"
            )
        if self.status == "held" and self.optional:
            raise ValueError(f"session '{self.id}' is held, so it cannot be optional: it has met")
        if self.price is not None and not self.optional:
            raise ValueError(
                f"session '{self.id}' has a price but is not optional: give "
                "`optional: true`, or leave the price out"
            )
        if (self.kind == "consultation") != (self.after is not None):
            raise ValueError(
                f"'{self.id}' is a consultation without `after`: name the session whose gap it sits in"
                if self.kind == "consultation"
                else f"'{self.id}' gives `after`, which only a `kind: consultation` takes"
            )
        if self.kind != "session":
            for key in ("position", "documents", "resumes"):
                if getattr(self, key) is not None:
                    what = "an organizational session" if self.kind == "organizational" else "a consultation"
                    raise ValueError(
                        f"'{self.id}' is {what} (kind: {self.kind}): `{key}` is for "
                        "the body's negotiating sessions (kind: session) only"
                    )
        if self.resumes is not None and self.position is not None:
            raise ValueError(
                f"'{self.id}' resumes {self.resumes}, so it follows it: `position` is for the "
                "session it resumes"
            )
        return self

    @property
    def is_session(self) -> bool:
        """A negotiating session: in its body's order, with its document pipeline."""
        return self.kind == "session"


def resumed_name(name: str, part: int) -> str:
    """A resumed part's name from the name of the session it resumes: Resumed third
    session; its second part: Resumed third session, part 2. A name that opens with a
    capitalised word (Third session) is lower-cased there; an acronym (INB9) is not."""
    if name[:1].isupper() and name[1:2].islower():
        name = name[0].lower() + name[1:]
    return f"Resumed {name}" + (f", part {part}" if part > 1 else "")


def name_resumed_parts(data):
    """A body's data with each resumed part that gives no `name` named after the session
    it resumes (`resumed_name`), before validation: a part naming no session of the list
    is named after the id it names (loading then refuses the id)."""
    if not isinstance(data, dict) or not isinstance(data.get("sessions"), list):
        return data
    listed = [s for s in data["sessions"] if isinstance(s, dict)]
    names = {s.get("id"): s.get("name") for s in listed if isinstance(s.get("name"), str)}
    parts: dict[str, int] = {}
    sessions = []
    for s in data["sessions"]:
        if isinstance(s, dict) and isinstance(s.get("resumes"), str):
            target = s["resumes"]
            parts[target] = parts.get(target, 0) + 1
            if "name" not in s:
                s = {**s, "name": resumed_name(names.get(target) or target, parts[target])}
        sessions.append(s)
    return {**data, "sessions": sessions}


class Consultations(Strict):
    """How far an intersessional consultation keeps from the sessions around it. The
    defaults are the nearest the committee's five consultations of 2022-2023 came:
    13-14 June 2022, 3 days after the second session closed; 6-7 March 2023, 35 days
    before the fifth opened (unodc.org, Ad Hoc Committee home page)."""

    after_days: int = Field(
        3, ge=0, le=365, description="days from the close of the session before it to its opening"
    )
    before_days: int = Field(
        35, ge=0, le=365, description="days from its close to the opening of the next session"
    )


def _plenary_elsewhere(data):
    """A target under `deciding` takes a text up in plenary: the stage when none is given."""
    if isinstance(data, dict) and data.get("to") is not None and "stage" not in data:
        return {**data, "stage": "plenary"}
    return data


TO = Field(
    None,
    pattern=ID,
    exclude_if=lambda v: v is None,
    description="the deciding body it goes to: the id of one under `deciding` (the World "
    "Health Assembly, UNEA, a COP); absent: the General Assembly (`assembly:`)",
)
STAGE = (
    "the window in which that session takes it up: one of the General Assembly's Main "
    "Committees (first_committee to sixth_committee) or its plenary; another body's, its "
    "plenary (the default there)"
)


class Report(Strict):
    """A progress report of a body: drafted after a meeting of the body, submitted to
    conference services and issued ahead of the deciding body's session (the General
    Assembly's, by default) or the committee session it goes to. It reports on a meeting
    that closes in time for it and after the cut-off of the body's report before it
    (progress-report)."""

    id: str = Field(pattern=ID, description="stable id, e.g. R76")
    name: str = Field(description="as printed: Progress report to the 76th session")
    to: str | None = TO
    assembly: int | None = Field(
        None,
        ge=1,
        le=999,
        description="the number of the deciding body's session it goes to (the General Assembly's 76th)",
    )
    stage: Stage = Field("third_committee", description=STAGE)
    session: str | None = Field(None, pattern=ID, description="or: the committee session it goes to")
    drafting_weeks: int = Field(
        2,
        ge=0,
        le=52,
        description="from the close of the meeting it "
        "reports on to its submission "
        "(post-session reports: 2 weeks)",
    )
    submission_weeks: int | None = Field(
        None, ge=0, le=52, description="submitted this long before (default: its body's)"
    )
    issuance_weeks: int | None = Field(
        None, ge=0, le=52, description="issued this long before (default: its body's)"
    )

    _stage = model_validator(mode="before")(_plenary_elsewhere)

    @model_validator(mode="after")
    def _one_target(self):
        if (self.assembly is None) == (self.session is None):
            raise ValueError(
                f"report '{self.id}' goes to one place: give `assembly` (the number of a General "
                "Assembly session, or of the session of the body `to` names) or `session` (a "
                "committee session's id)"
            )
        if self.session is not None and self.to is not None:
            raise ValueError(
                f"report '{self.id}' goes to committee session {self.session}: `to` names a "
                "deciding body, for a report given `assembly`"
            )
        return self


class Approval(Strict):
    """The adoption path: the text approved at the body's last session and sent to a
    session of a deciding body (the General Assembly's, by default), which takes it up in
    a window of its calendar (approval-in-time), and a possible conference for signature
    afterwards."""

    name: str = Field("Approval of the draft convention", description="as printed")
    to: str | None = TO
    assembly: int = Field(
        ge=1, le=999, description="the number of the deciding body's session it goes to (the 79th)"
    )
    stage: Stage = Field("third_committee", description=STAGE)
    signing: Span | None = Field(
        None, description="a possible high-level conference for signature: the dates it may take"
    )

    _stage = model_validator(mode="before")(_plenary_elsewhere)


class Sitting(Strict):
    """What the sessions of deciding bodies share: a number, a window for each stage they give."""

    session: int = Field(ge=1, le=999, description="its number: 79 (the 79th session)")

    def window(self, stage: str) -> Span | None:
        return getattr(self, stage, None) if stage in STAGES else None

    def stages(self) -> list[str]:
        """The stages it gives a window for, in the order of STAGES."""
        return [s for s in STAGES if self.window(s) is not None]


def _committee(ordinal_word: str) -> typing.Any:
    return Field(
        None,
        exclude_if=lambda v: v is None,
        title=f"{ordinal_word} Committee",
        description=f"when its {ordinal_word} Committee meets (absent: no text goes to it)",
    )


def _assembly_window(title: str, description: str) -> typing.Any:
    return Field(None, exclude_if=lambda v: v is None, title=title, description=description)


class AssemblySession(Sitting):
    """A regular session of the General Assembly: when it opens, and the windows in which
    its Main Committees meet and its plenary adopts what they send it. A session the
    model does not list is derived from `assembly_practice` (rule 1 and the practice)."""

    opens: IsoDate
    high_level_week: Span | None = _assembly_window(
        "high-level week", "the general debate and its high-level meetings (absent: from the practice)"
    )
    main_part: Span | None = _assembly_window(
        "main part", "from the opening to the December recess (absent: from the practice)"
    )
    first_committee: Span | None = _committee("First")
    second_committee: Span | None = _committee("Second")
    third_committee: Span | None = _committee("Third")
    fourth_committee: Span | None = _committee("Fourth")
    fifth_committee: Span | None = _committee("Fifth")
    sixth_committee: Span | None = _committee("Sixth")
    plenary: Span = Field(title="plenary", description="when its plenary adopts")
    source: str = ""
    derived: list[str] = Field(
        [],
        exclude_if=lambda v: not v,
        description="set by planner: the fields derived from rule 1 (opens) and the practice "
        "(its windows), not published",
    )


# the stages in words: the Main Committees' names and "plenary"
STAGE_WORDS = {stage: AssemblySession.model_fields[stage].title or stage for stage in STAGES}


# a day of a General Assembly session's year, in its practice: MM-DD (that day), `opening
# + N` (days after the session opens), `rule-1 + N` (after the day rule 1 gives, whether
# or not the session opened then), `WEEKDAY before MM-DD` (the last such weekday before it)
DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAY_RULE = (
    r"^\s*(?:(?P<day>[0-9]{2}-[0-9]{2})|(?P<base>opening|rule-1)(?:\s*(?P<sign>[+-])\s*(?P<n>[0-9]{1,3}))?"
    r"|(?P<weekday>" + "|".join(DAY_NAMES) + r")\s+before\s+(?P<before>[0-9]{2}-[0-9]{2}))\s*$"
)


def _day_rule(value: str) -> str:
    found = re.fullmatch(DAY_RULE, value)
    if found is None:
        raise ValueError(
            f"'{shown(value)}' is not a day of the session's year: write MM-DD (10-01), "
            "`opening + N`, `rule-1 + N` or `WEEKDAY before MM-DD` (friday before 12-25)"
        )
    for part in ("day", "before"):
        if found[part]:
            _month_day(found[part])
    return value


DayRule = Annotated[str, AfterValidator(_day_rule)]


class PracticeWindow(Strict):
    """A window of every General Assembly session, from its first to its last day."""

    start: DayRule = Field(
        description="first day: MM-DD, `opening + N`, `rule-1 + N` or `WEEKDAY before MM-DD`"
    )
    end: DayRule = Field(description="last day, in the same forms")
    source: str = Field("", description="where the practice comes from (ASSUMED if nowhere)")


def _practice_window(title: str) -> typing.Any:
    return Field(None, exclude_if=lambda v: v is None, title=title, description=f"its {title}'s days")


AssemblyWindow = Literal["high_level_week", "main_part", Stage]
ASSEMBLY_WINDOWS: tuple[str, ...] = typing.get_args(AssemblyWindow)


class Occupancy(Strict):
    """What the Assembly holds at its venue in one window of every session: projected
    meetings `<series>-<first day>`, replaced by a published meeting of the same series."""

    series: str = Field(pattern=ID, description="id of the projected meetings: ga-third-committee")
    window: AssemblyWindow = Field(description="the session's window it holds them in")
    name: str = Field(description="as printed: General Assembly, Third Committee")
    rooms: list[str] = Field([], description="ids of the rooms it holds at the venue")
    interpretation: int = Field(1, ge=0, description="interpretation teams it takes")
    source: str = ""


class AssemblyPractice(Strict):
    """How every General Assembly session runs, for the sessions the model does not list:
    it opens as rule 1 says (or as `openings` publish), and its windows follow these days."""

    venue: str = Field("unhq", pattern=ID, description="where it meets: its occupancy is held there")
    openings: dict[int, IsoDate] = Field(
        {}, description="published openings (session: date): they beat rule 1's day"
    )
    high_level_week: PracticeWindow | None = _practice_window("high-level week")
    main_part: PracticeWindow | None = _practice_window("main part")
    first_committee: PracticeWindow | None = _practice_window("First Committee")
    second_committee: PracticeWindow | None = _practice_window("Second Committee")
    third_committee: PracticeWindow | None = _practice_window("Third Committee")
    fourth_committee: PracticeWindow | None = _practice_window("Fourth Committee")
    fifth_committee: PracticeWindow | None = _practice_window("Fifth Committee")
    sixth_committee: PracticeWindow | None = _practice_window("Sixth Committee")
    plenary: PracticeWindow = Field(description="when its plenary adopts")
    occupancy: list[Occupancy] = Field([], description="the rooms and interpreters each window holds")
    source: str = ""


class DecidingSession(Sitting):
    """A session of another organisation's governing body: its number and its dates."""

    plenary: Span = Field(description="its dates: a text or report goes to it from its opening")
    source: str = Field("", description="where its dates come from (its page; ASSUMED if not published)")


class DecidingBody(Strict):
    """Another organisation's governing body that progress reports and a negotiated text
    can go to (`to:`), with the sessions the model needs: the World Health Assembly, the
    UN Environment Assembly, a Conference of the Parties, the International Labour
    Conference."""

    id: str = Field(pattern=ID, description="what `to:` names: wha")
    name: str = Field(description="as printed: World Health Assembly")
    short_name: str | None = Field(None, description="as printed in running text: WHA (default: name)")
    sessions: list[DecidingSession] = Field(
        min_length=1, description="the sessions reports and approvals go to (`assembly:` names one)"
    )

    @property
    def label(self) -> str:
        return self.short_name or self.name


class Room(Strict):
    id: str = Field(pattern=ID)
    name: str
    building: str = ""
    seats: int = Field(ge=0)
    interpretation: int = Field(ge=0, le=6, description="languages its booths interpret")


# the areas of the IANA time zone database's Area/Location names
ZONE_AREAS = {
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
    "Etc",
}
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")  # as date.weekday() numbers them
WORKING_WEEK = WEEKDAYS[:5]
WEEKDAY_NAMES = ", ".join(WEEKDAYS[:-1]) + f" or {WEEKDAYS[-1]}"


def _weekday(value):
    if not isinstance(value, str) or value not in WEEKDAYS:
        raise ValueError(f"'{value}' is not a day of the week: write {WEEKDAY_NAMES}")
    return value


Weekday = Annotated[str, BeforeValidator(_weekday)]


# what a change of city costs in a re-plan (city-changed) unless the model says:
# as much as postponing the session this many weeks
CITY_CHANGE_WEEKS = 8


class CityChange(Strict):
    """A change of city in a re-plan (city-changed), priced as a postponement."""

    weeks: int = Field(ge=0, le=520, description="it costs as much as postponing the session this many weeks")


class CityChangePair(CityChange):
    """The price of a change of city between two venues (either way)."""

    between: list[str] = Field(min_length=2, max_length=2, description="the two venues' ids")


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
    city_change: CityChange | None = Field(
        None,
        exclude_if=lambda v: v is None,
        description="in a re-plan, moving a session from or to this venue's city costs as much "
        "as postponing it this many weeks (city-changed); of two venues that say, the larger; "
        f"absent: {CITY_CHANGE_WEEKS} weeks",
    )

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str) -> str:
        if value.split("/")[0] not in ZONE_AREAS or value.count("/") < 1:
            # `localtime`, `Factory`, `EST5EDT`, `posix/...`: the machine's own, or no place
            raise ValueError(
                f"'{value}' is not a time zone of the IANA database's Area/Location form "
                "(such as Europe/Vienna or Etc/UTC): a venue's hours must not depend on the "
                "machine that reads them"
            )
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: "Europe" names a folder
            raise ValueError(
                f"unknown time zone '{value}' (use an IANA name such as Europe/Vienna)"
            ) from None
        return value

    @field_validator("meeting_hours")
    @classmethod
    def _hours(cls, value: list[str]) -> list[str]:
        for item in value:
            m = re.fullmatch(r"([0-9]{2}):([0-9]{2})-([0-9]{2}):([0-9]{2})", item)
            if (
                not m
                or not (int(m[1]) < 24 and int(m[3]) < 24 and int(m[2]) < 60 and int(m[4]) < 60)
                or m[1] + m[2] >= m[3] + m[4]
            ):
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
    def city_key(self) -> str:
        """Its city as two venues' are compared (a change of city): whatever the case or spacing."""
        return " ".join(self.city.split()).casefold()

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

    def meeting_times(self, day: date, start: time, end: time) -> tuple[datetime, datetime]:
        """When a block of meeting hours (`start`-`end`, the venue's clock) begins and ends on
        a day: in the venue's zone, or, on a day the clock changes within it (DST, `dst_change`),
        in UTC, the block beginning at `start` as RFC 5545 reads a local time (a time the clock
        skips: with the offset before the change; one it repeats: the first) and lasting its
        length, end - start, of elapsed time."""
        zone = ZoneInfo(self.timezone)
        first, last = datetime.combine(day, start, zone), datetime.combine(day, end, zone)
        if not dst_change(first, last):
            return first, last
        first = first.astimezone(UTC)
        return first, first + (datetime.combine(day, end) - datetime.combine(day, start))

    def dst_days(self, first: date, last: date, days: frozenset[int]) -> dict[str, list[date]]:
        """The days from `first` to `last`, of the weekdays `days`, on which the clock
        changes within a block of meeting hours (by block, as written)."""
        zone, out = ZoneInfo(self.timezone), {}
        for block in self.meeting_hours:
            start, end = (time.fromisoformat(t) for t in block.split("-"))
            week, found = first, []
            while week <= last:  # a week without a change has one offset at both ends
                after = min(week + timedelta(days=7), last + timedelta(days=1))
                if datetime.combine(week, time(0), zone).utcoffset() != datetime.combine(
                    after, time(0), zone
                ).utcoffset() or dst_change(*(datetime.combine(week, t, zone) for t in (start, end))):
                    found += [
                        d
                        for d in (week + timedelta(days=i) for i in range((after - week).days))
                        if d.weekday() in days
                        and dst_change(datetime.combine(d, start, zone), datetime.combine(d, end, zone))
                    ]
                week = after
            if found:
                out[block] = found
        return out


def dst_change(start: datetime, end: datetime) -> bool:
    """Whether local times of one zone are not plain clock times: the clock skips or
    repeats either of them, or changes between them."""
    return start.utcoffset() != end.utcoffset() or any(
        t.utcoffset() != t.replace(fold=1).utcoffset() for t in (start, end)
    )


class Meeting(Span):
    """Another body's meeting that occupies rooms and interpreters at a venue."""

    id: str = Field(
        pattern=ID,
        description="stable id; derived from body and start when not given (CND 2021-04-12: cnd-2021-04-12)",
    )
    body: str = Field(description="the body that meets: CND")
    name: str = ""
    venue: str = Field(description="id of the venue")
    rooms: list[str] = Field([], description="ids of the rooms it holds")
    interpretation: int = Field(1, ge=0, description="interpretation teams it takes")
    source: str = ""
    series: str | None = Field(
        None,
        exclude_if=lambda v: v is None,
        description="id of the regular series it is an occurrence of: a published meeting "
        "replaces that series' projected occurrence in its year",
    )
    projected: bool = Field(
        False,
        exclude_if=lambda v: not v,
        description="projected from a pattern, not published: findings ask to confirm it "
        "against the calendar of conferences",
    )


# how findings name a projected meeting, and what they ask of it (rules room-free,
# interpretation-capacity and keep-apart): the words live here, the mark in `projected`
CONFIRM = "projected: confirm against the calendar of conferences"


def meeting_words(who: str, projected: bool, detail: str) -> str:
    """Another body's meeting as a finding names it, with `detail` in brackets (its dates,
    the teams it takes): CND (14-18 Mar 2022); a projected one: CND (projected, 15-19 Mar
    2027)."""
    return f"{who} ({'projected, ' if projected else ''}{detail})"


def confirm_note(projected: bool) -> str:
    """What a finding that names a projected meeting ends with, once: "; projected:
    confirm against the calendar of conferences"."""
    return f"; {CONFIRM}" if projected else ""


class Recurrence(Strict):
    """When a regular series opens, as an RFC 5545 rule reads it (dateutil's rrule):
    every `every` years from `since`, in each of `months`, on the `week`-th `weekday` of
    the month."""

    since: int = Field(
        ge=YEARS[0],
        le=YEARS[1],
        description="the first year it is projected for (the rule's start): earlier years have its "
        "published meetings only; with `every: 2`, a year it meets in",
    )
    every: int = Field(1, ge=1, le=10, description="every how many years it meets: 2 for a biennial body")
    months: list[int] = Field(
        min_length=1, description="the months it opens in, 1-12: [3] for March, [3, 6] for March and June"
    )
    weekday: Weekday = Field("Mon", description="the day of the week it opens on")
    week: int = Field(
        ge=-4,
        le=4,
        description="which of the month's `weekday`s it opens on: 1 the first, 2 the second, -1 the last",
    )

    @field_validator("months")
    @classmethod
    def _months(cls, value: list[int]) -> list[int]:
        for i, month in enumerate(value):
            if not 1 <= month <= 12:
                raise ValueError(f"{month} is not a month: write 1 (January) to 12 (December)")
            if month in value[:i]:
                raise ValueError(f"month {month} is given twice")
        return value

    @field_validator("week")
    @classmethod
    def _week(cls, value: int) -> int:
        if value == 0:
            raise ValueError("0 is no week of the month: write 1 to 4 from its start, -1 to -4 from its end")
        return value


class Regular(Strict):
    """A regular body's recurring meeting: when it opens, how long it lasts, where it
    meets. Loading projects it for the years a model needs, as `meetings` marked
    `projected`; a published meeting naming it in `series` replaces its occurrence."""

    id: str = Field(
        pattern=ID,
        description="the series' id: its projected meetings' ids are ID-YYYY-MM-DD; a published "
        "meeting names it in `series`",
    )
    body: str = Field(description="the body that meets: CND (what `avoid:` names)")
    name: str = ""
    venue: str = Field(description="id of the venue")
    rooms: list[str] = Field([], description="ids of the rooms it holds")
    interpretation: int = Field(1, ge=0, description="interpretation teams it takes")
    recurs: Recurrence
    days: int = Field(
        ge=1,
        le=84,
        description="calendar days from its opening to its closing day, both counted: 5 for Mon-Fri",
    )
    source: str = Field(description="where the pattern comes from, and what is ASSUMED in it")


class Holiday(Strict):
    date: IsoDate
    name: str
    source: str
    status: Literal["published", "derived"] = Field(
        "published",
        exclude_if=lambda v: v == "published",
        description="published: read from a published list (the default for a listed day); "
        "derived: computed from a pattern or the `holidays` library",
    )
    confirm: str = Field(
        "",
        exclude_if=lambda v: not v,
        description="a derived date the derivation cannot be sure of (the Islamic calendar): "
        "the published list to confirm it against",
    )

    @property
    def label(self) -> str:
        """The day's name with its status, as findings and outputs say it: the one place
        these words are made."""
        if self.status == "published":
            return self.name
        if self.confirm:
            return f"{self.name} (derived: to confirm against {self.confirm})"
        return f"{self.name} (derived)"


class Derived(Strict):
    """Days computed for the years needed: a country's public holidays from the `holidays`
    library (`country`, `subdivision`), or one of planner's patterns (`pattern`)."""

    country: str | None = Field(None, pattern=r"^[A-Z]{2}$", description="ISO 3166 country code: KE, FR, US")
    subdivision: str | None = Field(
        None, description="with `country`: a state or province where the library has them: NY, QC, GE"
    )
    pattern: str | None = Field(
        None,
        description="a pattern planner derives: un-vienna, un-new-york, un-geneva, un-nairobi "
        "(UN official holidays at the duty station), ga-69-250 (the observances)",
    )
    confirm: str = Field(
        "",
        exclude_if=lambda v: not v,
        description="the published list to confirm uncertain derived dates (the Eids) against",
    )

    @model_validator(mode="after")
    def _one_source(self):
        if (self.country is None) == (self.pattern is None):
            raise ValueError("give `country` (the holidays library) or `pattern` (planner's), one of them")
        if self.subdivision is not None and self.country is None:
            raise ValueError("`subdivision` goes with `country`")
        return self


MONTH_DAY = r"^[0-9]{2}-[0-9]{2}$"


def _month_day(value: str) -> tuple[int, int]:
    """A day of every year, written MM-DD: (month, day)."""
    month, day = int(value[:2]), int(value[3:])
    try:
        date(2023, month, day)  # a year without 29 February: a day that every year has
    except ValueError:
        raise ValueError(f"'{value}' is not a day of every year written MM-DD (such as 12-24)") from None
    return month, day


class Period(Strict):
    """Days from `start` to `end`, both included: every year (MM-DD, such as 12-24 to
    01-01, which runs into the next year), or once (YYYY-MM-DD)."""

    start: str = Field(description="first day: MM-DD every year, or YYYY-MM-DD once")
    end: str = Field(description="last day, in the same form; MM-DD before `start` runs into the next year")
    name: str
    source: str = ""

    @model_validator(mode="after")
    def _days(self):
        recurring = [bool(re.fullmatch(MONTH_DAY, v.strip())) for v in (self.start, self.end)]
        if recurring == [True, True]:
            _month_day(self.start.strip())
            _month_day(self.end.strip())
        elif recurring == [False, False]:
            Span(start=_iso_date(self.start), end=_iso_date(self.end))
        else:
            raise ValueError(
                "write `start` and `end` alike: both MM-DD (every year) or both YYYY-MM-DD (once)"
            )
        return self

    def days(self, years: list[int]) -> list[date]:
        """Its days that fall in these years."""
        if not re.fullmatch(MONTH_DAY, self.start.strip()):
            spans = [(_iso_date(self.start), _iso_date(self.end))]
        else:
            (m1, d1), (m2, d2) = _month_day(self.start.strip()), _month_day(self.end.strip())
            spans = [
                (date(year, m1, d1), date(year + ((m2, d2) < (m1, d1)), m2, d2))
                for year in range(min(years) - 1, max(years) + 1)
            ]
        out = {first + timedelta(days=i) for first, last in spans for i in range((last - first).days + 1)}
        return sorted(d for d in out if d.year in years)


class HolidayCalendar(Strict):
    """closed: no meetings (UN holidays); national/observance: meetings possible, at a
    cost; recess: no meeting at all (recess)."""

    id: str = Field(pattern=ID)
    name: str
    kind: Literal["closed", "national", "observance", "recess"] = Field(
        description="closed: the venue is closed (UN holidays); national: public holidays, the "
        "building open (national-holiday); observance: days GA res. 69/250 asks to "
        "avoid (observance-day); recess: no session or consultation meets in them (recess)"
    )
    source: str = ""
    derived: Derived | None = Field(
        None,
        description="compute the days for every year needed (a country's from the `holidays` "
        "library, or a pattern of planner's); days listed below override them on their date, "
        "and a year in `published` has only its listed days",
    )
    periods: list[Period] = Field(
        [],
        exclude_if=lambda v: not v,
        description="spans of days, every year (MM-DD) or once (YYYY-MM-DD); days listed below override them",
    )
    published: list[Annotated[int, Field(ge=YEARS[0], le=YEARS[1])]] = Field(
        [],
        exclude_if=lambda v: not v,
        description="years whose days are all listed below from a published list: the "
        "derivation gives no day in them",
    )
    days: list[Holiday] = []


class PerYear(Strict):
    """How many of a body's sessions open in one calendar year: at least `min`, at most
    `max` (either may be left out)."""

    min: int | None = Field(None, ge=0, description="at least this many sessions open in each year")
    max: int | None = Field(None, ge=0, description="at most this many sessions open in each year")

    @model_validator(mode="after")
    def _bounds(self):
        if self.min is None and self.max is None:
            raise ValueError("give 'min', 'max' or both: the sessions that open in each calendar year")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min} is more than max {self.max}")
        return self


class Spread(Strict):
    """How a body's sessions spread over its mandate (spread): from the first day one of
    its sessions may open to its approval deadline (without approval: the last day one
    may close), less a margin at each end."""

    margin_weeks: int = Field(
        6,
        ge=0,
        le=104,
        description="the last session closes this long before the approval deadline (or the "
        "mandate's end) and a first session not fixed opens this long after the mandate's start "
        "(ASSUMED 6: the seed's own eighth session closes 6 weeks before its approval deadline)",
    )


class Committee(Strict):
    """The body a model file plans: its name as printed and its web page."""

    id: str = Field(pattern=ID, description="stable id; names its events in calendar files")
    name: str = Field(description="full name")
    short_name: str = Field("", description="as headings print it")
    url: str | None = Field(None, description="web page, linked from calendar events")
    priority: int = Field(
        1,
        ge=1,
        le=1000,
        description="what leaving out one of its optional sessions costs, in dropped-session's weights",
    )
    min_sessions: int | None = Field(
        None, ge=0, description="hard: at least this many of its sessions meet (session-count)"
    )
    max_sessions: int | None = Field(
        None, ge=0, description="hard: at most this many of its sessions meet (session-count)"
    )
    # left out of a dump when unset, so that a model without them keeps its digest
    sessions_per_year: PerYear | None = Field(
        None,
        exclude_if=lambda v: v is None,
        description="hard: how many of its sessions open in each calendar year in which its "
        "sessions' windows let one open (sessions-per-year)",
    )
    required_venues: list[str] = Field(
        [],
        exclude_if=lambda v: not v,
        description="ids of venues at each of which at least one of its sessions meets (required-venue)",
    )
    avoid: list[str] = Field(
        [],
        exclude_if=lambda v: not v,
        description="bodies whose meetings its sessions must not overlap (keep-apart): another "
        "body's name as its meetings give it (CND, matched ignoring case) or a body of the model",
    )
    approval: Approval | None = Field(None, description="the adoption path of its text")
    rules: dict[str, RuleSetting] = rules_field()
    spread: Spread | None = Field(
        None,
        exclude_if=lambda v: v is None,
        description="how its sessions spread over its mandate (spread; default: a 6-week margin)",
    )


class Body(Committee):
    """A committee or other body whose sessions are planned: its sessions meet in the
    order given, and its document pipeline runs between them."""

    documents: Documents = Documents()
    consultations: Consultations = Consultations()
    reports: list[Report] = []
    sessions: list[Session] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _named(cls, data):
        return name_resumed_parts(data)

    @property
    def label(self) -> str:
        return self.short_name or self.name

    @property
    def in_order(self) -> list[Session]:
        """Its sessions (kind: session) in the order they meet: as listed, with a `first`
        one before and a `last` one after all others, each resumed part right after the
        session it resumes (listed after it)."""
        where = {"first": 0, None: 1, "last": 2}
        own: dict[str | None, Session] = {s.id: s for s in self.sessions}

        def place(s: Session) -> int:  # a resumed part's: its session's
            return where[own.get(s.resumes, s).position]

        return sorted((s for s in self.sessions if s.is_session), key=place)

    @property
    def counted(self) -> list[Session]:
        """Its sessions in order without their resumed parts: what session-count and
        sessions-per-year count (a resumed part is the session it resumes)."""
        return [s for s in self.in_order if s.resumes is None]


class Shared(Strict):
    """What every body planned together shares: the planning window, the weights of the
    soft rules, the venues with their rooms and holidays, the other bodies' meetings."""

    window: Span = Field(description="the planning window: every session lies within it")
    weights: dict[str, int] = Field(
        {},
        description="soft rule name: cost per unit (planner rules lists them), from 0 to "
        "1,000,000, so that the cost of a timetable stays within the solver's 64-bit integers",
    )
    rules: dict[str, RuleSetting] = rules_field()
    venues: list[Venue] = Field(min_length=1)
    holidays: list[HolidayCalendar] = []
    meetings: list[Meeting] = Field([], description="other bodies' meetings, fixed")
    regular: list[Regular] = Field(
        [],
        exclude_if=lambda v: not v,
        description="regular bodies' recurring meetings, projected as `meetings` for the years "
        "the model needs (each marked `projected`), unless published ones replace them",
    )
    assembly: list[AssemblySession] = Field(
        [], description="the General Assembly's sessions: what reports and the adoption path go to"
    )
    assembly_practice: AssemblyPractice | None = Field(
        None,
        exclude_if=lambda v: v is None,
        description="how the General Assembly's sessions the model does not list run: derived for any session",
    )
    deciding: list[DecidingBody] = Field(
        [],
        exclude_if=lambda v: not v,
        description="other organisations' governing bodies that reports and the adoption path "
        "may go to (`to:`), with their sessions",
    )
    city_changes: list[CityChangePair] = Field(
        [],
        exclude_if=lambda v: not v,
        description="in a re-plan, what moving a session between two venues' cities costs, "
        "in weeks of postponement (city-changed): over what the venues' city_change say",
    )
    translation_capacity: int | None = Field(
        None,
        ge=1,
        description="pages a week the translation "
        "service handles for every body "
        "together (translation-capacity); "
        "absent: unlimited",
    )


class ModelFile(Shared):
    """A model file: one committee, its document pipeline and sessions, and the shared
    parts, merged from the files it includes."""

    include: list[str] = Field(
        [],
        description="files merged in first: paths next to this one, or "
        "planner:NAME for the shipped data (planner:venues.yaml)",
    )
    remove: list[str] = Field(
        [],
        description="ids of included entries to leave out (venues, holiday "
        "calendars, meetings, sessions; VENUE/ROOM for a room)",
    )
    committee: Committee
    documents: Documents = Field(Documents(), description="the pipeline between sessions, in weeks")
    consultations: Consultations = Field(
        Consultations(), description="how far its consultations keep from its sessions"
    )
    reports: list[Report] = Field([], description="its progress reports (progress-report)")
    sessions: list[Session] = Field(
        min_length=1, description="its sessions in the order they meet, and its other meetings"
    )

    @model_validator(mode="before")
    @classmethod
    def _named(cls, data):
        return name_resumed_parts(data)

    bodies: list[Body] = Field(
        [],
        description="other bodies planned with the committee, sharing "
        "its rooms, interpreters and translators: each with "
        "the committee's fields, its own `documents` and "
        "`sessions`",
    )

    def to_model(self) -> Model:
        body = Body(
            **dict(self.committee),
            documents=self.documents,
            sessions=self.sessions,
            consultations=self.consultations,
            reports=self.reports,
        )
        return Model(bodies=[body, *self.bodies], **{k: getattr(self, k) for k in Shared.model_fields})


class Model(Shared):
    """Everything planned together: the bodies and their sessions, and what they share.
    A model file with one `committee` is the one-body case."""

    bodies: list[Body] = Field(min_length=1)

    @property
    def sessions(self) -> list[Session]:
        """Every session being planned, body by body, each body's in its order."""
        return [s for body in self.bodies for s in body.sessions]

    def warnings(self) -> list[str]:
        """What the model leaves uncertain without being wrong: years in which a session
        could meet at a venue for which the venue's holiday calendars hold no date, or
        which no other body's meeting there is known for, before its regular bodies'
        projection begins; meeting hours in a daylight-saving change."""
        out = []
        for venue in self.venues:
            years = sorted(self.venue_years(venue.id))
            for cal_id in venue.holidays:
                cal = self.calendar(cal_id)
                assert cal is not None, cal_id  # loading rejects a venue's unknown calendar
                if cal.kind == "recess":
                    continue  # a recess need not fall in every year
                missing = sorted(set(years) - {h.date.year for h in cal.days})
                if missing:
                    out.append(
                        f"holiday calendar '{cal_id}' ({venue.name}) has no dates for "
                        f"{', '.join(map(str, missing))}: add them to your model (`planner "
                        f"holidays --calendar {cal_id} {' '.join(map(str, missing))}` prints "
                        "derived ones, or give the calendar `derived: {country: ..}` or `{pattern: ..}`), or "
                        "meetings may fall on holidays"
                    )
        for venue in self.venues:
            # the regular bodies there are projected from their series' first year: before
            # it, a year without a listed meeting shows the venue's rooms as free
            since = [r.recurs.since for r in self.regular if r.venue == venue.id]
            held = {m.start.year for m in self.meetings if m.venue == venue.id}
            bare = sorted(y for y in self.venue_years(venue.id) if since and y < min(since) and y not in held)
            if bare:
                whose = "that year's" if len(bare) == 1 else "those years'"
                out.append(
                    f"no other bodies' meetings at the {venue.name} in {', '.join(map(str, bare))}: "
                    f"its regular bodies are projected from {min(since)}; add {whose} calendar of "
                    "conferences to your model (`meetings:`, or a CSV file in `include:`), or its "
                    "rooms and interpreters look free"
                )
        for venue in self.venues:
            meets = self.venue_years(venue.id)
            if not meets:
                continue
            every_day = any(
                s.length.every_day for s in self.sessions if s.venues is None or venue.id in s.venues
            )
            weekdays = frozenset(range(7)) if every_day else venue.weekdays
            changes = venue.dst_days(date(min(meets), 1, 1), date(max(meets), 12, 31), weekdays)
            for block, days in changes.items():
                more = f" and {len(days) - 3} more" if len(days) > 3 else ""
                out.append(
                    f"meeting hours {block} at {venue.name} ({venue.timezone}) fall into a "
                    f"daylight-saving change on {', '.join(fmt(d) for d in days[:3])}{more}, "
                    "meeting days: the clock skips or repeats an hour then, so calendar events "
                    "of that block last its length of elapsed time from "
                    f"{block.split('-')[0]} (if skipped, from the hour after); "
                    "give meeting hours outside the change"
                )
        return out

    def venue_years(self, venue_id: str) -> set[int]:
        """The years in which some session could meet at the venue: the years of its fixed
        dates, else of its window, within the planning window."""
        years: set[int] = set()
        for session in self.sessions:
            if session.venues is not None and venue_id not in session.venues:
                continue
            span = session.fixed or session.window or self.window
            first, last = span.start, span.end
            if session.is_session:  # sessions lie within the planning window
                first, last = max(first, self.window.start), min(last, self.window.end)
            years |= set(range(first.year, last.year + 1))
        return years

    def session(self, session_id: str) -> Session | None:
        return next((s for s in self.sessions if s.id == session_id), None)

    def body_of(self, session_id: str) -> Body | None:
        return next((b for b in self.bodies if any(s.id == session_id for s in b.sessions)), None)

    def venue(self, venue_id: str) -> Venue | None:
        return next((v for v in self.venues if v.id == venue_id), None)

    def assembly_session(self, number: int) -> AssemblySession | None:
        return next((a for a in self.assembly if a.session == number), None)

    def deciding_body(self, to: str) -> DecidingBody | None:
        return next((d for d in self.deciding if d.id == to), None)

    def sitting(self, to: str | None, number: int) -> AssemblySession | DecidingSession | None:
        """Session `number` of the deciding body `to` (None: the General Assembly)."""
        if to is None:
            return self.assembly_session(number)
        body = self.deciding_body(to)
        return next((d for d in body.sessions if d.session == number), None) if body else None

    def deciding_names(self, to: str | None) -> tuple[str, str]:
        """The deciding body's name and its name in running text: (General Assembly,
        Assembly), (World Health Assembly, WHA)."""
        if to is None:
            return GENERAL_ASSEMBLY, "Assembly"
        body = self.deciding_body(to)
        assert body is not None, to  # loading rejects an unknown deciding body
        return body.name, body.label

    def session_words(self, to: str | None, number: int) -> str:
        """The General Assembly's 79th session; the World Health Assembly's 78th session."""
        name = self.deciding_names(to)[0]
        mark = "'" if name.endswith("s") else "'s"  # the Conference of the Parties'
        return f"the {name}{mark} {ordinal(number)} session"

    def goes_to(self, target: Report | Approval) -> str:
        """Where a report or text goes, in words: the General Assembly's 79th session
        (Second Committee); the World Health Assembly's 78th session (its plenary only)."""
        assert target.assembly is not None, target  # a report to a committee session: its own words
        words = self.session_words(target.to, target.assembly)
        if target.to is not None:
            return words
        note = self.derived_note(None, target.assembly, target.stage)
        return words + f" ({STAGE_WORDS[target.stage]}{', ' + note if note else ''})"

    def derived_note(self, to: str | None, number: int, stage: str) -> str:
        """'derived: confirm ...' for a window of a General Assembly session (`to` None)
        that its practice derives, none being published; else ''."""
        sitting = self.assembly_session(number) if to is None else None
        if sitting is None or stage not in sitting.derived:
            return ""
        return "derived: confirm against the Assembly's programme of work"

    def calendar(self, cal_id: str) -> HolidayCalendar | None:
        return next((c for c in self.holidays if c.id == cal_id), None)

    def with_session(self, session_id: str, **changes) -> Model:
        """A copy of the model with one session's fields changed."""
        bodies = [
            b.model_copy(
                update={
                    "sessions": [
                        s.model_copy(update=changes) if s.id == session_id else s for s in b.sessions
                    ]
                }
            )
            if any(s.id == session_id for s in b.sessions)
            else b
            for b in self.bodies
        ]
        return self.model_copy(update={"bodies": bodies})

    def documents_for(self, session: Session, body: Body | None = None) -> Documents:
        """The session's body's pipeline (its `body`, if the caller knows it), with the
        fields the session's own block gives."""
        body = body or self.body_of(session.id)
        assert body is not None, session.id  # every session of a model is a body's
        base = body.documents
        if session.documents is None:
            return base
        own = {k: getattr(session.documents, k) for k in session.documents.model_fields_set}
        return base.model_copy(update=own)

    def with_documents(self, session_id: str, **changes) -> Model:
        """A copy of the model in which one session's pipeline has these fields changed."""
        session = self.session(session_id)
        if session is None:
            raise KeyError(session_id)
        merged = self.documents_for(session).model_copy(update=changes)
        return self.with_session(
            session_id,
            documents=Documents.model_construct(
                _fields_set=set(Documents.model_fields), **merged.model_dump()
            ),
        )

    def with_body_documents(self, body_id: str, **changes) -> Model:
        """A copy of the model in which a body's pipeline has these fields changed (for
        every session of it that does not set them itself)."""
        bodies = [
            b.model_copy(update={"documents": b.documents.model_copy(update=changes)})
            if b.id == body_id
            else b
            for b in self.bodies
        ]
        return self.model_copy(update={"bodies": bodies})

    def session_venues(self, session: Session) -> list[Venue]:
        if session.venues is None:
            return list(self.venues)
        venues = {v.id: v for v in self.venues}
        return [venues[v] for v in session.venues]

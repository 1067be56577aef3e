"""Days and calendars: the derived facts every rule reads.

A *placement* (`timetable.Placement`) puts one session at a venue, in a room, from a
start date to an end date. The solver chooses one placement per session among the
candidates `Problem.candidates` enumerates; `check` builds placements from the dates
someone proposes. Both then go through the same rules in `constraints/`.

Days are `date` objects here and `date.toordinal()` integers in the solver, so lead
times are plain day arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property, lru_cache

from ..errors import InputError
from . import time_budget
from .schema import Body, Documents, Meeting, Model, Report, Session, Venue
from .timetable import Placement, Timetable

ONE_DAY = timedelta(days=1)


def weeks(n: int) -> timedelta:
    return timedelta(weeks=n)


@dataclass(frozen=True)
class VenueDays:
    """What a venue's calendars say about a day."""

    closed: dict[date, str]  # UN holidays: no meetings, date -> the holiday's label (Holiday.label)
    soft: dict[date, list[tuple[str, str]]]  # date -> [(calendar kind, holiday label)]
    meetings: dict[date, list[Meeting]]  # other bodies' meetings on that day
    working: frozenset[int] = frozenset(range(5))  # its working days, date.weekday() numbers
    week_begins: int = 0  # the weekday its week begins on (Monday 0)

    def week_of(self, day: date) -> date:
        """The first day of the venue's week that holds the day."""
        return day - timedelta(days=(day.weekday() - self.week_begins) % 7)


class Problem:
    """A validated model plus the derived calendar facts every rule reads.

    `baseline`: the timetable a re-solve should change least (the `moved-session` and
    `days-moved` rules price every difference from it). `today`: every session that
    opens before it is *pinned* at its dates in the baseline (or its fixed dates), and
    `held` sessions are pinned at their fixed dates whatever the day. A pinned session
    never moves, and what it breaks at its pinned dates is history, not a finding to act
    on (`is_history`)."""

    def __init__(
        self,
        model: Model,
        baseline: Timetable | None = None,
        today: date | None = None,
        firm: frozenset = frozenset(),
        origin=None,
    ):
        self.model = model
        # (session id or None, field path) -> "file:line" where the model writes the value
        # (or the nearest mapping around it): what advice tells the user to edit
        self.origin = origin
        self.baseline = baseline
        self.today = today
        # (rule, session id or None for every session): what the diagnosis never relaxes
        self.firm = firm
        self.sessions: list[Session] = model.sessions
        # each body's sessions in the order they meet: the chains pair rules run along
        self.chains: list[list[Session]] = [b.in_order for b in model.bodies]
        self._body = {s.id: b for b in model.bodies for s in b.sessions}
        self._chain = {s.id: chain for chain in self.chains for s in chain}
        self.days = {v.id: self._venue_days(v) for v in model.venues}
        self._meeting_days = lru_cache(maxsize=None)(self._compute_meeting_days)
        self._candidates: dict[tuple[str, int, bool], list[Placement]] = {}
        self._venues = {v.id: v for v in model.venues}
        self.memo: dict = {}  # facts a rule derives once per problem, keyed by the rule
        self.pinned: dict[str, Placement] = self._pinned()

    # ------------------------------------------------------------ rule levels
    def scopes(self, subject: str | None) -> list[tuple[str, dict]]:
        """The `rules:` settings that apply to a finding's subject (a session, a body or a
        report id; None: the model as a whole), narrowest first, each with its scope's name:
        a session's, its body's, the model's."""
        key = ("scopes", subject)
        if key not in self.memo:
            out: list[tuple[str, dict]] = []
            session = self.by_id.get(subject) if subject is not None else None
            body = self._body.get(subject) if subject is not None else None
            if body is None and subject is not None:
                body = next(
                    (
                        b
                        for b in self.model.bodies
                        if b.id == subject or any(r.id == subject for r in b.reports)
                    ),
                    None,
                )
            if session is not None:
                out.append((f"session {session.id}", session.rules))
            if body is not None:
                out.append((f"body {body.id}", body.rules))
            out.append(("model", self.model.rules))
            self.memo[key] = out
        return self.memo[key]

    def rule_setting(self, rule: str, subject: str | None) -> tuple[tuple, tuple]:
        """What the model sets of a rule for a subject: ((level, scope), (weight, scope)),
        None for each the model leaves to the rule's default. The top-level `weights` is
        the model's weight."""
        key = ("rule", rule, subject)
        if key not in self.memo:
            level: tuple = (None, "default")
            weight: tuple = (None, "default")
            for scope, rules in self.scopes(subject):
                setting = rules.get(rule)
                if setting is None:
                    continue
                if level[0] is None and setting.level is not None:
                    level = (setting.level, scope)
                if weight[0] is None and setting.weight is not None:
                    weight = (setting.weight, scope)
            if weight[0] is None and rule in self.model.weights:
                weight = (self.model.weights[rule], "model")
            self.memo[key] = (level, weight)
        return self.memo[key]

    def is_firm(self, rule: str, session_id: str) -> bool:
        return (rule, session_id) in self.firm or (rule, None) in self.firm

    # ------------------------------------------------------------ history
    def _pinned(self) -> dict[str, Placement]:
        """The placement each pinned session keeps: its baseline placement (a venue and
        room too) or, without one, its fixed dates at its first venue and room."""
        out: dict[str, Placement] = {}
        for s in self.sessions:
            was = self.baseline.get(s.id) if self.baseline is not None else None
            if s.status == "held":  # pinned whatever the day, --today or not
                assert s.fixed is not None  # a held session has its fixed dates (schema)
                if was is None or (was.start, was.end) != (s.fixed.start, s.fixed.end):
                    was = self.at(s, s.fixed.start, s.fixed.end)
            elif self.today is None:
                continue
            elif was is None and s.fixed is not None:
                was = self.at(s, s.fixed.start, s.fixed.end)
            elif was is None:
                latest = (s.window or self.model.window).end
                if latest < self.today:
                    raise InputError(
                        f"--today {self.today}: session {s.id} must open before "
                        f"{self.today} (its window ends {latest}), but neither the "
                        "baseline nor its fixed dates say when it did: give "
                        "--baseline with its dates, or its fixed dates"
                    )
                continue
            if s.status == "held" or (self.today is not None and was.start < self.today):
                out[s.id] = was
        return out

    def at(self, session: Session, start: date, end: date) -> Placement:
        """The session at those dates, at its first venue, in that venue's first room."""
        venue = self.model.session_venues(session)[0]
        return Placement(session.id, venue.id, venue.rooms[0].id, start, end)

    def fixed_dates(self, session: Session) -> tuple[date, date] | None:
        """The dates the session must keep: a pinned session's, else its fixed ones."""
        p = self.pinned.get(session.id)
        if p is not None:
            return p.start, p.end
        return (session.fixed.start, session.fixed.end) if session.fixed is not None else None

    def is_history(self, session_id: str, p: Placement | None) -> bool:
        """Whether the session is pinned and placed at its pinned dates: then what rules
        say of that placement is history, reported but not enforced or priced."""
        was = self.pinned.get(session_id)
        return was is not None and p is not None and (p.start, p.end) == (was.start, was.end)

    def history_note(self, session_id: str) -> str:
        session = self.by_id.get(session_id)  # None for a report's id
        if self.today is None or (session is not None and session.status == "held"):
            return "held"
        return f"held before {self.today}"

    # ------------------------------------------------------------ calendars
    def _venue_days(self, venue: Venue) -> VenueDays:
        closed: dict[date, str] = {}
        soft: dict[date, list[tuple[str, str]]] = {}
        for cal_id in venue.holidays:
            cal = self.model.calendar(cal_id)
            assert cal is not None, cal_id  # loading rejects a venue's unknown calendar
            for h in cal.days:  # named with its status: "Eid al-Fitr (derived: to confirm ...)"
                if cal.kind == "closed":
                    closed.setdefault(h.date, h.label)
                else:
                    soft.setdefault(h.date, []).append((cal.kind, h.label))
        meetings: dict[date, list[Meeting]] = {}
        for m in self.model.meetings:
            if m.venue == venue.id:
                day = m.start
                while day <= m.end:
                    meetings.setdefault(day, []).append(m)
                    day += ONE_DAY
        return VenueDays(closed, soft, meetings, venue.weekdays, venue.week_begins)

    # Meeting days. A session meets on the venue's working days that are not UN holidays,
    # or, if it is measured in calendar days (`every_day`), on every day that is not a UN
    # holiday. Every rule, the candidates and the rows ask here.
    def is_meeting_day(self, venue: str, day: date, every_day: bool = False) -> bool:
        vd = self.days[venue]
        return (every_day or day.weekday() in vd.working) and day not in vd.closed

    def closed_reason(self, venue: str, day: date, every_day: bool = False) -> str | None:
        """Why no meeting can be held that day, or None if one can."""
        vd = self.days[venue]
        if not every_day and day.weekday() not in vd.working:
            # a weekend says so itself; another day off needs saying
            return f"a {day:%A}" if day.weekday() >= 5 else f"a {day:%A}, not a working day"
        name = vd.closed.get(day)
        return f"{name}, a UN holiday" if name else None

    def meeting_days(self, venue: str, start: date, end: date, every_day: bool = False) -> tuple[date, ...]:
        """The meeting days from start to end: working days (every day, if `every_day`)
        that are not UN holidays."""
        return self._meeting_days(venue, start, end, every_day)

    def session_days(self, session: Session, p: Placement) -> tuple[date, ...]:
        """The days a session placed at p meets, as its length measures them."""
        return self._meeting_days(p.venue, p.start, p.end, session.length.every_day)

    def _compute_meeting_days(self, venue: str, start: date, end: date, every_day: bool) -> tuple[date, ...]:
        out, day = [], start
        while day <= end:
            if self.is_meeting_day(venue, day, every_day):
                out.append(day)
            day += ONE_DAY
        return tuple(out)

    # ------------------------------------------------------------ lengths
    def span_from(self, session: Session, venue: str, start: date, n: int) -> tuple[date, date] | None:
        """The dates a session of length n (in its length's unit) occupies from start.

        Weeks: the 7n days from start, a working day of the venue (5n working days in a
        Monday-Friday week, from any weekday), from the first meeting day among them to
        the last; a UN holiday on a working day among them is a lost meeting day. Days:
        n meeting days from the first meeting day on or after start; a holiday inside is
        skipped. Calendar days: n consecutive days from start, which it opens and closes
        on days that are not UN holidays; a holiday inside is a lost meeting day.
        """
        unit = session.length.unit
        if unit == "calendar_days":
            end = start + timedelta(days=n - 1)
            if not (self.is_meeting_day(venue, start, True) and self.is_meeting_day(venue, end, True)):
                return None
            return start, end
        if unit == "weeks":
            if start.weekday() not in self.days[venue].working:
                return None
            days = self.meeting_days(venue, start, start + timedelta(days=7 * n - 1))
            return (days[0], days[-1]) if days else None
        found: list[date] = []
        day = start
        limit = start + timedelta(days=7 * n + 30)
        while len(found) < n and day <= limit:
            if self.is_meeting_day(venue, day):
                found.append(day)
            day += ONE_DAY
        return (found[0], found[-1]) if len(found) == n else None

    def edges(self, session: Session, p: Placement) -> tuple[date, date]:
        """The first and last days the session placed at p meets: its dates, or for a
        session that does not meet every day, the nearest meeting days inside them (that
        it opens or closes on a day that is no meeting day is no-meeting-on-holiday's
        finding)."""
        opens, closes = p.start, p.end
        if session.length.every_day:
            return opens, closes
        while opens < closes and not self.is_meeting_day(p.venue, opens):
            opens += ONE_DAY
        while closes > opens and not self.is_meeting_day(p.venue, closes):
            closes -= ONE_DAY
        return opens, closes

    def readings(self, session: Session, p: Placement) -> list[tuple[date, int]]:
        """The (first day, length) from which the session's length gives p's dates (as
        `edges` reads them), earliest first: none if p's dates are no length it may take.
        A session of weeks may count its weeks from its opening or from a working day
        before it on which it cannot meet (a UN holiday): opening on the Tuesday after
        Easter Monday, it is two weeks from the Monday (closing on a Friday, the Monday
        lost) or from the Tuesday (closing on the Monday after)."""
        opens, closes = self.edges(session, p)
        if session.length.every_day:  # its dates as they are (opening on a holiday: no-meeting-on-holiday)
            n = (closes - opens).days + 1
            return [(opens, n)] if n in session.length.counts else []
        firsts = [opens]
        if session.length.unit == "weeks":
            day = opens - ONE_DAY
            while day > opens - timedelta(days=7) and not self.is_meeting_day(p.venue, day):
                firsts.insert(0, day)
                day -= ONE_DAY
        return [
            (first, n)
            for first in firsts
            for n in session.length.counts
            if self.span_from(session, p.venue, first, n) == (opens, closes)
        ]

    def week_start(self, session: Session, p: Placement) -> bool:
        """Whether a session of weeks placed at p counts its weeks from the first day of
        the venue's week (Monday): what monday-start prefers."""
        week = self.days[p.venue].week_of(p.start)
        return any(first == week for first, _ in self.readings(session, p))

    def candidates(self, session: Session, margin_weeks: int = 0, in_window: bool = False) -> list[Placement]:
        """Every placement of the session in the planning window (widened by a margin when
        diagnosing): each venue it may use, each room there, each opening the length
        allows. The rules then forbid or price them. `in_window`: only those within the
        session's own window too, all that session-window leaves to a solve (a window of
        weeks in a planning window of years: a fraction of the options to build)."""
        if in_window and (session.window is None or session.id in self.pinned):
            in_window = False
        key = (session.id, margin_weeks, in_window)
        if key not in self._candidates and session.id in self.pinned:
            # a pinned session keeps its dates: its options are its pinned placement and,
            # from a fixed date without a baseline, the venues and rooms of those dates
            was = self.pinned[session.id]
            same = [
                Placement(session.id, venue.id, room.id, was.start, was.end)
                for venue in self.model.session_venues(session)
                for room in venue.rooms
            ]
            self._candidates[key] = (
                [was]
                if self.baseline is not None and self.baseline.get(session.id) == was
                else [was] + [p for p in same if p != was]
            )
        if key not in self._candidates and session.status == "held":
            # it has met: at its dates, in any room it may have used, whatever the policy
            held = session.fixed
            assert held is not None  # a held session has its fixed dates (schema)
            self._candidates[key] = [
                Placement(session.id, venue.id, room.id, held.start, held.end)
                for venue in self.model.session_venues(session)
                for room in venue.rooms
                if session.room.allows(room.id)
            ]
        if key not in self._candidates:
            first, last = self.reach(session, margin_weeks, in_window)
            made: list[Placement] = []
            for venue in self.model.session_venues(session):
                time_budget.check()  # a planning window of centuries: seconds a venue
                made += [
                    Placement(session.id, venue.id, room.id, s, e)
                    for s, e in self.spans(session, venue.id, first, last)
                    for room in venue.rooms
                    if session.room.allows(room.id)
                ]
            self._candidates[key] = made
        return self._candidates[key]

    def size(self, margin_weeks: int = 0, in_window: bool = False) -> int:
        """About how many candidate placements `candidates` makes for every session, counted
        without making them: each venue's rooms times the days (working days, for a
        session of weeks) it could open on, times the lengths it may take. The cost of
        building a model grows with it."""
        total = 0
        for session in self.sessions:
            first, last = self.reach(session, margin_weeks, in_window)
            days = max(0, (last - first).days + 1) * len(session.length.counts)
            for v in self.model.session_venues(session):
                rooms = sum(1 for r in v.rooms if session.room.allows(r.id))
                total += rooms * (days * len(v.weekdays) // 7 if session.length.unit == "weeks" else days)
        return total

    def reach(self, session: Session, margin_weeks: int = 0, in_window: bool = False) -> tuple[date, date]:
        """The first and last day a session's candidates may take: the planning window
        (widened by the margin), within the session's own window if `in_window`. A meeting
        of another kind (an organizational session, a consultation) is not bound by the
        planning window: its own fixed dates or window, else the planning window."""
        span = self.model.window
        if not session.is_session:
            span = session.fixed or session.window or span
        first, last = span.start - weeks(margin_weeks), span.end + weeks(margin_weeks)
        if in_window and session.window is not None:
            first, last = max(first, session.window.start), min(last, session.window.end)
        return first, last

    def spans(
        self, session: Session, venue: str, first: date, last: date, like: Placement | None = None
    ) -> list[tuple[date, date]]:
        """Every (opening, closing) the session's length allows between two dates. `like`:
        only those of its length and, for a session of weeks, counted from the same
        weekday (the session moved by whole weeks, as `explain` moves it)."""
        counts: range | list[int] = self.session_lengths(session, like)
        if session.length.unit == "weeks":
            working = self.days[venue].working
            days = (first - timedelta(days=6) + i * ONE_DAY for i in range((last - first).days + 7))
            starts = [d for d in days if d.weekday() in working]
            if like is not None:
                weekday = min(self.readings(session, like) or [(like.start, 0)])[0].weekday()
                starts = [d for d in starts if d.weekday() == weekday]
        else:
            starts = list(self.meeting_days(venue, first, last, session.length.every_day))
        out: dict[tuple[date, date], None] = {}  # in order, each once (a list's `in` was
        # quadratic: a planning window of centuries took minutes)
        for day in starts:
            for n in counts:
                span = self.span_from(session, venue, day, n)
                if span and first <= span[0] and span[1] <= last:
                    out.setdefault(span)
        return list(out)

    def session_lengths(self, session: Session, like: Placement | None = None) -> range | list[int]:
        """The lengths (in its unit) the session may take; `like`: the one it takes there
        (its longest if its dates are no length it may take)."""
        if like is None:
            return session.length.counts
        return [max((n for _, n in self.readings(session, like)), default=session.length.counts[-1])]

    # ------------------------------------------------------------ placements
    def lost_days(self, session: Session, p: Placement) -> list[date]:
        """The meeting days a session loses to UN holidays inside its own dates: on the
        working days of a session of weeks (the 7n days it counts, `readings`: the reading
        that loses fewest), or on any day of a session of calendar days. A session of
        meeting days skips them instead."""
        vd = self.days[p.venue]
        if session.length.every_day:
            return sorted(d for d in vd.closed if p.start <= d <= p.end)
        if session.length.unit != "weeks":
            return []
        spans = [(first, first + timedelta(days=7 * n - 1)) for first, n in self.readings(session, p)]
        lost = [
            sorted(d for d in vd.closed if a <= d <= b and d.weekday() in vd.working)
            for a, b in spans or [(p.start, p.end)]
        ]
        return min(lost, key=len)

    def body(self, session: Session) -> Body:
        return self._body[session.id]

    # ------------------------------------------------------------ optional sessions
    def optional(self, session: Session) -> bool:
        """Whether the solver may leave the session out: optional and not pinned."""
        return session.optional and session.id not in self.pinned

    def essential(self) -> Problem:
        """The problem without the meetings that can always be left out: optional ones that
        are not sessions (a consultation), which no count holds and no other meeting
        needs. Leaving one out only frees what it takes, so they never make a model
        infeasible: the diagnosis works without them."""
        free = {s.id for s in self.sessions if s.kind == "consultation" and self.optional(s)}
        if not free:
            return self
        bodies = [
            b.model_copy(update={"sessions": [s for s in b.sessions if s.id not in free]})
            for b in self.model.bodies
        ]
        return Problem(
            self.model.model_copy(update={"bodies": bodies}),
            self.baseline,
            self.today,
            self.firm,
            self.origin,
        )

    def links(self, chain: list[Session]) -> list[tuple[Session, Session, list[Session]]]:
        """(previous, next, between): the pairs of a body's sessions that meet one after
        the other in some timetable, namely when every session between them (each one
        optional) is left out. Without optional sessions, the consecutive pairs."""
        out = []
        for i, prev in enumerate(chain):
            for j in range(i + 1, len(chain)):
                out.append((prev, chain[j], chain[i + 1 : j]))
                if not self.optional(chain[j]):
                    break
        return out

    def meeting(self, chain: list[Session], timetable: Timetable | None) -> list[Session]:
        """The chain's sessions that the timetable does not leave out."""
        return chain if timetable is None else [s for s in chain if s.id not in timetable.dropped]

    def previous(self, session: Session, timetable: Timetable | None = None) -> Session | None:
        """The session before this one in its body's order (of those the timetable does
        not leave out)."""
        chain = self.meeting(self._chain[session.id], timetable)
        i = chain.index(session)
        return chain[i - 1] if i > 0 else None

    def next(self, session: Session, timetable: Timetable | None = None) -> Session | None:
        chain = self.meeting(self._chain[session.id], timetable)
        i = chain.index(session)
        return chain[i + 1] if i + 1 < len(chain) else None

    def documents(self, session: Session) -> Documents:
        return self.model.documents_for(session, self.body(session))

    def new_text(self, session: Session) -> bool:
        """Whether a new text is prepared for the session by the document pipeline before
        it: not for a resumed part, which continues its session's text, nor for a session
        whose documents say `new_text: false`."""
        return session.resumes is None and self.documents(session).new_text

    def deadlines(self, session: Session, p: Placement, prev: Placement | None) -> dict[str, date]:
        """The document pipeline into the session, keyed as `deadlines.DEADLINES`: when
        contributions after the previous session close and the consolidated draft is
        ready (with a previous session), and the conference-services dates (submission,
        issuance in six languages) counted back from the opening. The one place these
        dates are computed. A session without a new text (`new_text`) has none."""
        docs = self.documents(session)
        out: dict[str, date] = {}
        if not self.new_text(session):
            return out
        if prev is not None:
            closes = prev.end + weeks(docs.contributions_weeks)
            out["contributions-close"] = closes
            out["draft-ready"] = closes + weeks(docs.consolidation_weeks)
        out["submission"] = p.start - weeks(docs.submission_weeks)
        out["issuance"] = p.start - weeks(docs.issuance_weeks)
        return out

    # ------------------------------------------------------------ the deciding bodies' calendars
    def approval_due(self, body: Body) -> tuple[date, date, int]:
        """(the day the body's last session closes by, the day its deciding body's window opens,
        the submission weeks between them) for its approved text."""
        a = body.approval
        if a is None:
            raise ValueError(f"body '{body.id}' has no approval to be due")
        opens = self._opens(a.to, a.assembly, a.stage)
        n = body.documents.submission_weeks
        return opens - weeks(n), opens, n

    def report_target(self, report: Report) -> date | None:
        """The day the window the report goes to opens (None: the report goes to a
        committee session, whose opening the timetable gives)."""
        if report.assembly is None:
            return None
        return self._opens(report.to, report.assembly, report.stage)

    def _opens(self, to: str | None, number: int, stage: str) -> date:
        """The day the window of that stage of that session of the deciding body `to`
        (None: the General Assembly) opens."""
        sitting = self.model.sitting(to, number)
        window = sitting.window(stage) if sitting is not None else None
        assert window is not None, (to, number, stage)  # loading rejects a target the data lacks
        return window.start

    def report_weeks(self, report: Report, body: Body) -> tuple[int, int]:
        """Its submission and issuance lead times: its own, else its body's."""
        return (
            report.submission_weeks
            if report.submission_weeks is not None
            else body.documents.submission_weeks,
            report.issuance_weeks if report.issuance_weeks is not None else body.documents.issuance_weeks,
        )

    def report_dates(self, report: Report, body: Body, target: date) -> dict[str, date]:
        """The report's pipeline towards a target opening: the last day a meeting it
        reports on may close (`cut-off`), its submission and its issuance deadlines."""
        submission, issuance = self.report_weeks(report, body)
        return {
            "cut-off": target - weeks(submission + report.drafting_weeks),
            "submission": target - weeks(submission),
            "issuance": target - weeks(issuance),
        }

    def venue(self, venue_id: str) -> Venue:
        return self._venues[venue_id]

    @cached_property
    def by_id(self) -> dict[str, Session]:
        return {s.id: s for s in self.sessions}

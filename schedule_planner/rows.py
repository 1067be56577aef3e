"""Timetable rows: what every renderer prints, computed once from a timetable.

A row holds real dates and the model's own objects (session, body, venue, room), the
meeting days, the days lost to holidays, the document deadlines and the row of the
session before it in its body's order; renderers turn them into text at the edge.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from constraints import registered
from constraints.approval_in_time import ApprovalInTime
from constraints.progress_report import ProgressReport, target_words

from .domain.findings import Finding, Level
from .domain.problem import Problem
from .domain.schema import STAGE_WORDS, Body, Documents, Report, Room, Session, Venue
from .domain.text import ordinal, plural
from .domain.timetable import Placement, Timetable


@dataclass(frozen=True)
class SessionRow:
    session: Session
    body: Body
    placement: Placement
    venue: Venue
    room: Room
    meeting_days: tuple[date, ...]
    lost_days: tuple[date, ...]
    documents: Documents  # the pipeline into the session
    deadlines: dict[str, date]  # keyed as domain.deadlines.DEADLINES, in its order
    previous: SessionRow | None  # the body's previous session, if the timetable places it

    @property
    def id(self) -> str:
        return self.session.id

    @property
    def start(self) -> date:
        return self.placement.start

    @property
    def end(self) -> date:
        return self.placement.end


def timetable_rows(problem: Problem, timetable: Timetable) -> list[SessionRow]:
    """One row per placed meeting, in date order (of meetings on the same dates, in the
    order the model lists bodies and their sessions): every body's sessions,
    organizational sessions and consultations. A session's document deadlines count
    from the previous session in its body's order; other meetings have none."""
    rows = []
    for body, chain in zip(problem.model.bodies, problem.chains):
        ours, prev = [], None
        for session in problem.meeting(chain, timetable):  # a session left out has no row
            p = timetable.get(session.id)
            if p is None:
                prev = None
                continue
            prev = _row(problem, session, p, prev)
            ours.append(prev)
        for session in body.sessions:
            p = timetable.get(session.id)
            if not session.is_session and p is not None and session.id not in timetable.dropped:
                ours.append(_row(problem, session, p, None))
        rows += ours
    listed = {s.id: i for i, s in enumerate(problem.model.sessions)}  # body by body, as written
    return sorted(rows, key=lambda r: (r.start, r.end, listed[r.id]))


def _row(problem: Problem, session: Session, p: Placement, prev: SessionRow | None) -> SessionRow:
    venue = problem.venue(p.venue)
    room = venue.room(p.room)
    assert room is not None  # a timetable's rooms are its venues' (a proposal's are checked on reading)
    return SessionRow(
        session,
        problem.body(session),
        p,
        venue,
        room,
        problem.session_days(session, p),
        tuple(problem.lost_days(session, p)),
        problem.documents(session),
        problem.deadlines(session, p, prev.placement if prev else None) if session.is_session else {},
        prev,
    )


@dataclass(frozen=True)
class ReportRow:
    """A progress report: where it goes, its deadlines and the meeting it reports on."""

    report: Report
    body: Body = field(repr=False)
    goes_to: str  # the General Assembly's 77th session (Third Committee), from the model's data
    opens: date | None  # the target's opening (None: its session is not placed)
    deadlines: dict[str, date]  # cut-off, submission, issuance
    basis: Session | None  # the meeting it reports on; None: none in time
    slack: int | None  # days that meeting could close later and still be in time

    @property
    def id(self) -> str:
        return self.report.id


@dataclass(frozen=True)
class Milestone:
    """A date on the adoption path: the text approved, the Assembly's consideration and
    adoption, a possible conference for signature."""

    id: str  # approval, consideration, adoption, signing
    body: Body = field(repr=False)
    name: str
    start: date
    end: date
    slack: int | None = None  # approval: days to spare before its deadline


def report_rows(problem: Problem, timetable: Timetable) -> list[ReportRow]:
    rule = registered(ProgressReport)
    out = []
    for body in problem.model.bodies:
        for report in body.reports:
            opens = problem.report_target(report)
            if opens is None:  # it goes to a committee session: it opens where the timetable puts it
                assert report.session is not None  # a report goes to an Assembly or a session (schema)
                target = timetable.get(report.session)
                opens = target.start if target is not None else None
            basis, slack = rule.basis_and_slack(problem, timetable, body, report) if opens else (None, None)
            out.append(
                ReportRow(
                    report,
                    body,
                    target_words(problem.model, report),
                    opens,
                    problem.report_dates(report, body, opens) if opens else {},
                    basis,
                    slack,
                )
            )
    return out


def milestones(problem: Problem, timetable: Timetable) -> list[Milestone]:
    out = []
    for body in problem.model.bodies:
        a = body.approval
        if a is None:
            continue
        sitting = problem.model.sitting(a.to, a.assembly)
        assert sitting is not None, a  # loading rejects a session the model's data lacks
        last, slack = registered(ApprovalInTime).last_and_slack(problem, timetable, body)
        if last is not None:
            closes = timetable.placements[last.id].end  # the body's last placed session
            out.append(Milestone("approval", body, a.name, closes, closes, slack))
        where = f"{problem.model.deciding_names(a.to)[0]}, {ordinal(a.assembly)} session"

        def marked(words: str, stage: str, a=a) -> str:
            note = problem.model.derived_note(a.to, a.assembly, stage)  # a derived window
            return f"{words} ({note})" if note else words

        considers = sitting.window(a.stage)
        if a.stage != "plenary" and considers is not None:
            out.append(
                Milestone(
                    "consideration",
                    body,
                    marked(f"{where}: the {STAGE_WORDS[a.stage]} considers the text", a.stage),
                    considers.start,
                    considers.end,
                )
            )
        out.append(
            Milestone(
                "adoption",
                body,
                marked(f"{where}: the plenary adopts", "plenary"),
                sitting.plenary.start,
                sitting.plenary.end,
            )
        )
        if a.signing is not None:
            out.append(
                Milestone(
                    "signing",
                    body,
                    "Possible high-level conference for signature",
                    a.signing.start,
                    a.signing.end,
                )
            )
    return out


# what the timetable trades: its findings one by one up to this many; beyond, grouped by
# rule, each with its largest few (the default model's one finding stays a line)
TRADES_LISTED = 20
LARGEST = 3


@dataclass(frozen=True)
class Trade:
    """A rule's findings on a timetable at one level, the largest first (by cost, then
    amount; then by date and meeting)."""

    rule: str
    level: Level
    findings: tuple[Finding, ...]

    @property
    def cost(self) -> int:
        return sum(f.cost for f in self.findings)

    @property
    def largest(self) -> tuple[Finding, ...]:
        return self.findings[:LARGEST]

    @property
    def more(self) -> int:
        """How many findings the largest leave unshown."""
        return len(self.findings) - len(self.largest)

    def head(self) -> str:
        """preferred-room (soft): 172 findings, cost 783"""
        cost = "" if self.level == Level.HARD else f", cost {self.cost}"
        return f"{self.rule} ({self.level}): {plural(len(self.findings), 'finding')}{cost}"


def trades(findings: Iterable[Finding]) -> list[Trade] | None:
    """The findings grouped by rule and level, hard rules first, then by cost (largest
    first), or None when there are TRADES_LISTED or fewer: each is then a line of its own.
    What the table, Markdown and the report print under "What the timetable trades"."""
    findings = list(findings)
    if len(findings) <= TRADES_LISTED:
        return None
    groups: dict[tuple[str, Level], list[Finding]] = {}
    for f in findings:
        groups.setdefault((f.rule, f.level), []).append(f)
    out = [
        Trade(rule, level, tuple(sorted(fs, key=lambda f: (-f.cost, -f.amount, f.date, f.session))))
        for (rule, level), fs in groups.items()
    ]
    return sorted(out, key=lambda t: (t.level != Level.HARD, -t.cost, -len(t.findings), t.rule))

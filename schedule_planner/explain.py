"""Why each session sits where it does: what binds it, how much slack each rule leaves,
and what the nearest dates earlier and later would break or cost.

Everything here is computed by the rules' own check face on timetables with one
session moved, so an explanation can never disagree with `planner check`. OR-Tools is
not needed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from constraints import (
    REGISTRY,
    DistanceRule,
    Finding,
    PairRule,
    SessionRule,
    best_room,
    registered,
    room_choice,
)
from constraints.approval_in_time import ApprovalInTime
from constraints.progress_report import ProgressReport, target_words

from .domain import time_budget
from .domain.findings import HARD, SOFT, Level
from .domain.problem import Problem
from .domain.text import fmt, fmt_range, plural
from .domain.timetable import Placement, Timetable
from .errors import Infeasible


@dataclass
class OtherDates:
    """The nearest dates earlier or later than a session's (not one of `solve
    --alternatives`' whole timetables): what they would break, mend and cost."""

    placement: Placement
    breaks: list[Finding]  # hard findings the move adds or makes worse
    cost_change: int  # soft cost of the moved session's rules, minus today's
    costs: list[Finding]  # soft findings at these dates
    repairs: list[str] = field(default_factory=list)  # hard rules broken today that it mends
    still: list[str] = field(default_factory=list)  # hard rules broken today that it leaves broken


@dataclass
class Binding:
    """A rule that holds the session where it is: moving it that way would break the rule
    (hard) or raise the rule's cost by `cost_change` (soft)."""

    rule: str
    level: Level
    direction: str  # earlier | later
    message: str
    cost_change: int = 0


@dataclass
class Slack:
    rule: str
    earlier: int | None  # days the session can move earlier before the rule breaks
    later: int | None  # None: no limit within the planning window


@dataclass
class SessionExplanation:
    session: str
    placement: Placement
    cost: int
    costs: list[Finding]
    binding: list[Binding] = field(default_factory=list)
    broken: list[Finding] = field(default_factory=list)  # hard rules its dates break now
    slack: list[Slack] = field(default_factory=list)
    earlier: OtherDates | None = None
    later: OtherDates | None = None
    admissible: Nearest | None = None  # for a session that breaks a hard rule now


@dataclass
class Nearest:
    """The nearest dates either side at which a session breaks no hard rule, the other
    sessions where they are; None on a side: none within HORIZON."""

    session: str
    earlier: OtherDates | None
    later: OtherDates | None


HORIZON = timedelta(days=366)  # how far either side nearest_admissible looks


def neighbours(problem: Problem, timetable: Timetable, session):
    """The nearest sessions of its body before and after this one that the timetable
    places (none for a meeting of another kind: it is outside its body's order)."""
    chain = next((c for c in problem.chains if session in c), None)
    if chain is None:
        return None, None
    placed = [s for s in chain if s is session or timetable.get(s.id)]
    i = placed.index(session)
    return (placed[i - 1] if i > 0 else None), (placed[i + 1] if i + 1 < len(placed) else None)


def seen(problem: Problem, timetable: Timetable) -> dict[str, dict]:
    """What each rule that reads every meeting needs of the timetable as a whole (its
    `seen`: what the timetable takes of each shared resource), worked out once: it serves
    for the timetable with any one session moved, so one serves every candidate date of
    every session judged against this timetable."""
    return {rule.name: rule.seen(problem, timetable) for rule in REGISTRY if rule.reads_every_meeting}


def local_findings(
    problem: Problem, timetable: Timetable, session_id: str, summary: dict[str, dict] | None = None
) -> list[Finding]:
    """Every finding that concerns one session, as `check` evaluates them: its own
    rules, the rules between it and its placed neighbours, and its share of every
    shared resource with all the timetable's sessions. `summary`: `seen` of this
    timetable, or of one that differs from it only in where this session is."""
    return list(_local(problem, timetable, session_id, summary))


def _local(problem: Problem, timetable: Timetable, session_id: str, summary: dict[str, dict] | None):
    """local_findings one by one, rule by rule in the registry's order (hard rules first),
    so that a search for a breach stops at the first."""
    if summary is None:
        summary = seen(problem, timetable)
    session = problem.by_id[session_id]
    prev, nxt = neighbours(problem, timetable, session)
    near = [s for s in (prev, session, nxt) if s is not None and timetable.get(s.id)]
    sub = Timetable({s.id: timetable.placements[s.id] for s in near})
    for rule in REGISTRY:
        judged = timetable if rule.reads_every_meeting else sub
        yield from rule.session_findings(problem, judged, session_id, summary.get(rule.name))
        if rule.reads_previous and nxt:  # its finding on the next session reads this one
            yield from rule.session_findings(problem, judged, nxt.id, summary.get(rule.name))


def _key(f: Finding) -> tuple:
    return (f.rule, f.session)


def explain(problem: Problem, timetable: Timetable) -> list[SessionExplanation]:
    summary = seen(problem, timetable)
    return [explain_session(problem, timetable, s, summary) for s in problem.sessions if timetable.get(s.id)]


@dataclass
class Explanations:
    """What `explain_in_time` explained, in the model's session order, and the placed
    sessions the time limit left unexplained (with the limit's words: `note`)."""

    sessions: list[SessionExplanation]
    unexplained: list[str] = field(default_factory=list)
    note: str = ""


def explain_in_time(problem: Problem, timetable: Timetable) -> Explanations:
    """`explain`, stopped between sessions where the command's time limit
    (`time_budget`) stops it: the sessions explained until then, and the rest."""
    summary = seen(problem, timetable)
    placed = [s for s in problem.sessions if timetable.get(s.id)]
    out: list[SessionExplanation] = []
    for session in placed:
        try:
            out.append(explain_session(problem, timetable, session, summary))
        except Infeasible as exc:
            if exc.status != "UNKNOWN":
                raise
            rest = [s.id for s in placed[len(out) :]]
            shown = ", ".join(rest[:10]) + (f" and {len(rest) - 10} more" if len(rest) > 10 else "")
            return Explanations(
                out,
                rest,
                f"explained {len(out)} of {plural(len(placed), 'session')}; not explained: {shown} ({exc})",
            )
    return Explanations(out)


def explain_session(
    problem: Problem, timetable: Timetable, session, summary: dict[str, dict] | None = None
) -> SessionExplanation:
    time_budget.check("explaining the timetable")
    if summary is None:
        summary = seen(problem, timetable)
    p = timetable.placements[session.id]  # an explained session is placed
    base = local_findings(problem, timetable, session.id, summary)
    base_hard = {_key(f): f.amount for f in base if f.hard}
    out = SessionExplanation(
        session.id,
        p,
        sum(f.cost for f in base if f.session == session.id),
        [f for f in base if not f.hard and f.session == session.id],
        broken=[f for f in base if f.hard and f.session == session.id],
    )
    # the session's possible dates in its room, a little beyond the planning window too,
    # so that the window shows as the limit it is; a meeting of another kind, a little
    # beyond its own dates or window
    first, last = problem.model.window.start, problem.model.window.end
    if not session.is_session:
        first, last = problem.reach(session, 0, True)
    same_room = [
        Placement(session.id, p.venue, p.room, s, e)
        for s, e in problem.spans(
            session, p.venue, first - timedelta(weeks=8), last + timedelta(weeks=8), like=p
        )
    ]
    earlier = sorted((c for c in same_room if c.start < p.start), key=lambda c: c.start, reverse=True)
    later = sorted((c for c in same_room if c.start > p.start), key=lambda c: c.start)

    rooms: dict[Placement, tuple[Placement, list]] = {}

    def room_of(dates: Placement) -> tuple[Placement, list]:  # memo: the slack scans ask again and again
        if dates not in rooms:
            rooms[dates] = room_choice(problem, session, dates)
        return rooms[dates]

    def other(dates: Placement) -> OtherDates:
        return _other_dates(problem, timetable, session, base, room_of(dates)[0], summary)

    out.earlier = other(earlier[0]) if earlier else None
    out.later = other(later[0]) if later else None
    base_soft = _by_rule(f for f in base if not f.hard)
    for direction, alt in (("earlier", out.earlier), ("later", out.later)):
        if alt is None:
            continue
        for f in alt.breaks:
            out.binding.append(Binding(f.rule, HARD, direction, f.message))
        if alt.breaks or alt.repairs or alt.cost_change <= 0:
            continue  # a soft rule holds the session only if the move costs more in all
        for rule, (cost, words) in _by_rule(alt.costs).items():
            change = cost - base_soft.get(rule, (0, ""))[0]
            if change > 0:
                out.binding.append(Binding(rule, SOFT, direction, words, change))
    out.slack = _slack(problem, timetable, session, p, earlier, later, base_hard, room_of, summary)
    if any(f.breach and f.session == session.id for f in base):
        out.admissible = nearest_admissible(problem, timetable, session, base, summary)
    return out


def _other_dates(
    problem: Problem,
    timetable: Timetable,
    session,
    base: list[Finding],
    alt: Placement,
    summary: dict[str, dict],
) -> OtherDates:
    """The session moved to `alt` (dates and room), the others where they are: what it
    breaks, mends and leaves broken, and its soft cost against `base`, today's findings."""
    base_hard = {_key(f): f.amount for f in base if f.hard}
    found = local_findings(problem, timetable.moved(alt), session.id, summary)
    hard = {_key(f): f for f in found if f.hard}
    breaks = [f for k, f in hard.items() if f.amount > base_hard.get(k, 0)]
    repairs = sorted({rule for rule, sid in base_hard if (rule, sid) not in hard})
    still = sorted({k[0] for k, f in hard.items() if k in base_hard and f.amount <= base_hard[k]})
    return OtherDates(
        alt,
        breaks,
        sum(f.cost for f in found) - sum(f.cost for f in base),
        [f for f in found if not f.hard],
        repairs,
        still,
    )


def nearest_admissible(
    problem: Problem,
    timetable: Timetable,
    session,
    base: list[Finding] | None = None,
    summary: dict[str, dict] | None = None,
) -> Nearest:
    """The nearest dates before and after the session's own, at any venue it may meet
    at (its own first on the same day) and in the best room there, at which it breaks no
    hard rule (as `check` would find, the other sessions where they are), and what they
    would cost; looked for no further than HORIZON either way. The session keeps its
    length and, of weeks, the weekday it counts them from (`Problem.spans` like it)."""
    time_budget.check("looking for the nearest admissible dates")
    p = timetable.placements[session.id]  # a session placed where it breaks a rule
    if summary is None:
        summary = seen(problem, timetable)
    if base is None:
        base = local_findings(problem, timetable, session.id, summary)
    spans = [
        Placement(session.id, venue.id, venue.rooms[0].id, s, e)
        for venue in problem.model.session_venues(session)
        for s, e in problem.spans(session, venue.id, p.start - HORIZON, p.end + HORIZON, like=p)
    ]
    elsewhere = lambda c: c.venue != p.venue  # noqa: E731
    earlier = sorted(
        (c for c in spans if c.start < p.start), key=lambda c: (-c.start.toordinal(), elsewhere(c))
    )
    later = sorted((c for c in spans if c.start > p.start), key=lambda c: (c.start, elsewhere(c)))

    def first(candidates) -> OtherDates | None:
        for dates in candidates:
            alt = best_room(problem, session, dates)
            if not any(f.breach for f in _local(problem, timetable.moved(alt), session.id, summary)):
                return _other_dates(problem, timetable, session, base, alt, summary)
        return None

    return Nearest(session.id, first(earlier), first(later))


def nearest_for_breaches(problem: Problem, timetable: Timetable, findings: list[Finding]) -> list[Nearest]:
    """nearest_admissible for every placed session that `findings` say breaks a hard rule,
    in the model's session order."""
    broken = {f.session for f in findings if f.breach}
    summary = seen(problem, timetable)
    return [
        nearest_admissible(problem, timetable, s, summary=summary)
        for s in problem.sessions
        if s.id in broken and timetable.get(s.id)
    ]


def _slack(problem, timetable, session, p, earlier, later, base_hard, room_of, summary) -> list[Slack]:
    placed_prev, placed_next = neighbours(problem, timetable, session)
    out = []
    for rule in REGISTRY:
        if rule.level_for(problem, session.id) != HARD:
            continue  # a price, never a limit on moving it
        if isinstance(rule, DistanceRule):
            out.append(Slack(rule.name, *rule.slack_around(problem, timetable, session.id)))
        elif isinstance(rule, PairRule):
            if not session.is_session:
                continue  # outside its body's order: the rules between sessions do not see it
            if rule.across_gaps:
                prev, nxt = placed_prev, placed_next
            else:
                prev, nxt = problem.previous(session, timetable), problem.next(session, timetable)
            before = (
                rule.slack(
                    problem, prev, session, timetable.get(prev.id).end.toordinal(), p.start.toordinal()
                )
                if prev and timetable.get(prev.id)
                else None
            )
            after = (
                rule.slack(problem, session, nxt, p.end.toordinal(), timetable.get(nxt.id).start.toordinal())
                if nxt and timetable.get(nxt.id)
                else None
            )
            out.append(Slack(rule.name, before, after))
        elif isinstance(rule, SessionRule):
            if (rule.name, session.id) in base_hard:  # broken already: no slack
                out.append(Slack(rule.name, 0, 0))
                continue
            out.append(
                Slack(
                    rule.name,
                    _scan(rule, problem, timetable, session, p, earlier, room_of, summary),
                    _scan(rule, problem, timetable, session, p, later, room_of, summary),
                )
            )
    return [s for s in out if s.earlier is not None or s.later is not None]


def _by_rule(findings) -> dict[str, tuple[int, str]]:
    out: dict[str, tuple[int, str]] = {}
    for f in findings:
        cost, words = out.get(f.rule, (0, ""))
        out[f.rule] = (cost + f.cost, f"{words}; {f.message}" if words else f.message)
    return out


def _scan(rule: SessionRule, problem, timetable, session, p, candidates, room_of, summary) -> int | None:
    """How far the session can move through its possible dates (each in its best room,
    the other sessions where they are) before the rule objects. A rule that reads no
    room is judged in the session's own room; one that reads the session's placement
    alone objects where it objected when the room was chosen."""
    reach = 0
    for alt in candidates:
        if rule.reads_room and not rule.reads_every_meeting:
            objects = rule in room_of(alt)[1]
        else:  # a rule that reads no room objects alike in every room: in the session's own
            q = room_of(alt)[0] if rule.reads_room else alt
            objects = rule.judge_in(problem, timetable, session, q, **summary.get(rule.name, {})) is not None
        if objects:
            return reach
        reach = abs((alt.start - p.start).days)
    return None


@dataclass
class ItemExplanation:
    """Why a report or the approved text is in time, or not: the rule, in words, and the
    days to spare (negative: short; None: nothing to measure)."""

    id: str
    rule: str
    message: str
    slack: int | None


def explain_calendar(problem: Problem, timetable: Timetable) -> list[ItemExplanation]:
    """Each progress report (the meeting it reports on and how much later that meeting
    could close) and each body's approved text (how far its last session closes before
    the text is due at its deciding body), from the rules' own faces."""
    reports, approval = registered(ProgressReport), registered(ApprovalInTime)
    out = []
    broken = {f.session: f for f in reports.check(problem, timetable)}
    for body in problem.model.bodies:
        for report in body.reports:
            if report.id in broken:
                f = broken[report.id]
                out.append(ItemExplanation(report.id, reports.name, f.message, -f.amount))
                continue
            basis, slack = reports.basis_and_slack(problem, timetable, body, report)
            if basis is None:
                continue  # it goes to a session the timetable does not place
            assert slack is not None  # a report's basis comes with its slack
            closes = timetable.placements[basis.id].end
            out.append(
                ItemExplanation(
                    report.id,
                    reports.name,
                    (
                        f"{report.name} reports on {basis.id}, which closes on {fmt(closes)}; a meeting "
                        f"must close by {fmt(closes + timedelta(days=slack))} for it to be drafted in "
                        f"{report.drafting_weeks} weeks and reach {target_words(problem.model, report)} in time: "
                        f"{basis.id} could close {plural(slack, 'day')} later"
                    ),
                    slack,
                )
            )
        if body.approval is not None:
            last, slack = approval.last_and_slack(problem, timetable, body)
            if last is None:
                continue
            closes = timetable.placements[last.id].end  # the body's last placed session
            due, opens, weeks = problem.approval_due(body)
            out.append(
                ItemExplanation(
                    "approval",
                    approval.name,
                    (
                        f"{body.approval.name}: {last.id} closes on {fmt(closes)}; the text is due "
                        f"{weeks} weeks before the {problem.model.deciding_names(body.approval.to)[1]} "
                        f"takes it up on {fmt(opens)}, by {fmt(due)}: "
                        + (
                            f"{plural(slack, 'day')} to spare"
                            if slack >= 0
                            else f"{plural(-slack, 'day')} late"
                        )
                    ),
                    slack,
                )
            )
    return out


# ---------------------------------------------------------------- output


def as_dict(items: list[SessionExplanation]) -> list[dict]:
    def alt(a: OtherDates | None):
        if a is None:
            return None
        return {
            "start": a.placement.start.isoformat(),
            "end": a.placement.end.isoformat(),
            "venue": a.placement.venue,
            "room": a.placement.room,
            "breaks": [f.as_dict() for f in a.breaks],
            "repairs": a.repairs,
            "still_breaks": a.still,
            "cost_change": a.cost_change,
            "costs": [f.as_dict() for f in a.costs],
        }

    return [
        {
            "id": e.session,
            "start": e.placement.start.isoformat(),
            "end": e.placement.end.isoformat(),
            "cost": e.cost,
            "costs": [f.as_dict() for f in e.costs],
            "broken": [f.as_dict() for f in e.broken],
            "binding": [
                {
                    "rule": b.rule,
                    "level": str(b.level),
                    "direction": b.direction,
                    "message": b.message,
                    "cost_change": b.cost_change,
                }
                for b in e.binding
            ],
            "slack": [{"rule": s.rule, "earlier_days": s.earlier, "later_days": s.later} for s in e.slack],
            "earlier": alt(e.earlier),
            "later": alt(e.later),
            "nearest_admissible": nearest_dict(e.admissible) if e.admissible else None,
        }
        for e in items
    ]


def nearest_dict(n: Nearest) -> dict:
    """JSON of nearest admissible dates: earlier and later, each null when there are none
    within HORIZON."""

    def side(a: OtherDates | None):
        if a is None:
            return None
        return {
            "start": a.placement.start.isoformat(),
            "end": a.placement.end.isoformat(),
            "venue": a.placement.venue,
            "room": a.placement.room,
            "cost_change": a.cost_change,
        }

    return {"earlier": side(n.earlier), "later": side(n.later)}


def nearest_line(n: Nearest, now: Placement | None = None) -> str:
    """'earlier Mon 3 - Fri 14 Apr 2023 (cost +10), later none within a year'; a venue and
    room are named when they are not those of `now`."""

    def side(a: OtherDates | None) -> str:
        if a is None:
            return "none within a year"
        q = a.placement
        where = (
            f" at {q.venue}/{q.room}"
            if now is None or q.venue != now.venue
            else f" in {q.room}"
            if q.room != now.room
            else ""
        )
        return f"{fmt_range(a.placement.start, a.placement.end)}{where} (cost {a.cost_change:+d})"

    return f"earlier {side(n.earlier)}, later {side(n.later)}"


def lines(problem: Problem, items: list[SessionExplanation]) -> list[str]:
    """Each explanation's heading, then its lines indented."""
    out = []
    for e in items:
        heading, said = words(problem, e)
        out += [heading] + [f"  {line}" for line in said]
    return out


def words(problem: Problem, e: SessionExplanation) -> tuple[str, list[str]]:
    """An explanation in words: the session and its dates (the heading), and what binds
    it, what the nearest dates either way would do and its slack (a line each)."""
    p = e.placement
    heading = f"{e.session} {problem.by_id[e.session].name}: {fmt_range(p.start, p.end)}" + (
        f" (cost {e.cost})" if e.cost else ""
    )
    out = []
    for f in e.broken:
        out.append(f"breaks {f.rule}: {f.message}")
    for f in e.costs:
        out.append(f"trades: {f.rule}: {f.message} (cost {f.cost})")
    held = []
    for direction in ("earlier", "later"):
        for level in (HARD, SOFT):
            names = sorted({b.rule for b in e.binding if (b.direction, b.level) == (direction, level)})
            if names:
                held.append(f"{direction} by {', '.join(names)} ({level})")
    if held:
        out.append("held " + "; ".join(held))
    elif not e.broken:
        out.append("held by nothing: the nearest dates either way break no rule and cost no more")
    for label, alt in (("earlier", e.earlier), ("later", e.later)):
        if alt is None:
            out.append(f"nearest {label}: none")
            continue
        when = fmt_range(alt.placement.start, alt.placement.end)
        mends = f"would mend {', '.join(alt.repairs)}" if alt.repairs else ""
        if alt.breaks:
            what = "would break " + "; ".join(f"{f.rule}: {f.message}" for f in alt.breaks)
            what = f"{mends} but {what}" if mends else what
        elif mends:
            what = mends + f" (soft cost {alt.cost_change:+d})"
        else:
            change = alt.cost_change
            what = (
                f"would cost {change} more"
                if change > 0
                else f"would cost {-change} less"
                if change < 0
                else "would cost the same"
            )
            rises = [
                f"{b.rule} +{b.cost_change}: {b.message}"
                for b in e.binding
                if b.direction == label and b.level == SOFT
            ]
            if rises:
                what += ": " + "; ".join(rises)
        if alt.still:
            what += f"; still breaks {', '.join(alt.still)}"
        out.append(f"nearest {label}, {when}, {what}")
    if e.admissible:
        out.append(f"nearest admissible dates: {nearest_line(e.admissible, p)}")
    if e.slack:
        tight = sorted(e.slack, key=lambda s: min(x for x in (s.earlier, s.later, 10**6) if x is not None))
        out.append("slack in days (earlier, later): " + "; ".join(_slack_words(s) for s in tight))
    return heading, out


def _slack_words(s: Slack) -> str:
    def side(days: int | None) -> str:
        return "-" if days is None else f"{plural(-days, 'day')} short" if days < 0 else str(days)

    return f"{s.rule} {side(s.earlier)}, {side(s.later)}"

"""The shape of a rule: one definition, two faces.

Every rule has a stable kebab-case `name`, a `level` (hard or soft) and, if soft, a
default weight the model may override. Its *encode* face adds it to the CP-SAT model
through the solver's `Encoding` facade; its *check* face evaluates a given timetable
and returns plain-language `Finding`s. Both faces call the same judging function, so
they cannot disagree. Rules come in three kinds:

- `SessionRule.judge(problem, session, placement)` rules on one placement of one
  session. Encoding calls it for every candidate placement (a hard verdict forbids the
  candidate, a soft one prices it); check calls it for the proposed placement.
- `PairRule.slack(problem, prev, nxt, prev_end, next_start)` is the days of slack
  between consecutive sessions of a body, written once as arithmetic that works on
  integers (check) and on CP-SAT linear expressions (encode, which requires slack >= 0).
- `ResourceRule.demand(problem, session, placement)` is what a placement takes of a
  shared resource (a room, a venue's interpretation teams) on each day. Encoding sums
  the placement Booleans covering each day (each day's sum <= what the other bodies'
  fixed meetings leave); check counts the same use per day across every session.

Levels and weights: a rule declares its default `level` and `default_weight`; a model
may set both for the whole model, a body or a session (`rules:`), the narrowest scope
winning (`level_for`, `weight_for`). Every kind reads them here and in the solver's
`Encoding`, never rule by rule: a hard rule made soft is priced per unit of the breach
its face already measures (a verdict's amount, a requirement's days short, a resource's
days over capacity), times its weight (SOFTENED_WEIGHT unless the model gives one); a
soft rule made hard forbids any cost. A rule whose level cannot change says so
(`level_settable`), and loading refuses a setting of it.

Nothing here imports OR-Tools: `planner check` must stay fast.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from itertools import pairwise
from typing import Any, ClassVar

from schedule_planner.domain import time_budget
from schedule_planner.domain.findings import HARD, SOFT, Finding, Level, Verdict
from schedule_planner.domain.schema import meeting_words
from schedule_planner.domain.text import fmt_range, plural

__all__ = [
    "HARD",
    "SOFT",
    "Finding",
    "Level",
    "Verdict",
    "Rule",
    "SessionRule",
    "PairRule",
    "ResourceRule",
    "DistanceRule",
    "Requirement",
    "Use",
    "Change",
    "days",
    "documents_scope",
    "SOFTENED_WEIGHT",
]

# what a unit of breach (a day late, a day over capacity, a session short...) of a hard
# rule made soft costs unless the model gives a weight: as much as moving a session
# (moved-session), ten times a lost meeting day, so that the solver breaks it only where
# the hard rules leave no other way, and a thousandth of leaving a session out
SOFTENED_WEIGHT = 100


def days(n: int) -> str:
    return plural(n, "day")


@dataclass(frozen=True)
class Change:
    """A change of the model that lets a rule give way: in words, as a function
    Model -> Model (so that changes compose), and as the values it sets: (session id, or
    None for the model's own; field path; new value), which say which line of the model
    to edit and the `--set` that does it."""

    advice: str
    apply: Callable
    settings: tuple[tuple[str | None, str, object], ...] = field(default=())


def documents_scope(problem, session, fields: tuple[str, ...], shared: bool = True) -> str | None:
    """Whose document fields a relaxation changes: the session's, if its own documents
    block sets one of them (or if not `shared`), else (None) its body's, shared by every
    session that does not."""
    own = session.documents.model_fields_set if session.documents is not None else set()
    return session.id if own & set(fields) or not shared else None


class Rule:
    name: ClassVar[str]
    level: ClassVar[Level]
    summary: ClassVar[str]  # one line for docs and `planner rules`
    default_weight: ClassVar[int] = 0
    # a soft rule priced per day a session meets (or lies outside a window): what moving a
    # session by a day can save at most, and so what days-moved outweighs
    priced_per_day: ClassVar[bool] = False

    # whether a model may set its level (`rules: {name: {level: ...}}`); False for a rule
    # whose other level means nothing (a session's fixed dates, leaving a session out)
    level_settable: ClassVar[bool] = True
    # a solve builds no option outside each session's own window (`Problem.candidates`'s
    # in_window): all this rule forbids there, so only while it is hard for the session
    narrows_candidates: ClassVar[bool] = False

    @property
    def soft(self) -> bool:
        """Its default level: `level_for` says what the model sets."""
        return self.level == SOFT

    def weight(self, problem) -> int:
        """Its weight for the whole model: the model's (`weights:` or `rules:`), else its
        default (SOFTENED_WEIGHT for a hard rule, which counts where a model softens it)."""
        weight = problem.rule_setting(self.name, None)[1][0]
        if weight is not None:
            return weight
        return self.default_weight if self.soft else SOFTENED_WEIGHT

    def level_for(self, problem, subject: str | None) -> Level:
        """Its level for a finding's subject (a session, body or report id), as the model
        sets it, narrowest scope first; else its default."""
        level = problem.rule_setting(self.name, subject)[0][0]
        return self.level if level is None else Level(level)

    def weight_for(self, problem, subject: str | None) -> int:
        """Its weight for a subject: the narrowest the model sets, else the model's."""
        weight = problem.rule_setting(self.name, subject)[1][0]
        return self.weight(problem) if weight is None else weight

    def hard_anywhere(self, problem) -> bool:
        """Hard for some subject: what a search for hard conflicts must encode."""
        if self.level == HARD:
            return True
        scopes = [problem.model.rules] + [b.rules for b in problem.model.bodies]
        scopes += [s.rules for s in problem.sessions]
        return any(r.get(self.name) is not None and r[self.name].level == HARD for r in scopes)

    def findings(self, problem, timetable) -> Iterable[Finding]:
        """Its check's findings at the levels the model sets: what `check`, the scores and
        `explain` read."""
        for f in self.check(problem, timetable):
            yield self.leveled(problem, f)

    def seen(self, problem, timetable) -> dict:
        """What judging one session against the timetable (`session_findings`) needs of
        the timetable as a whole, worked out once: nothing, except for rules on shared
        resources (what the timetable takes of them, a `Load`). What this returns for a
        timetable serves for that timetable with any ONE session moved (or placed, or
        left out): it passes over the judged session's body, so `explain` builds it once
        and judges every move of a session against it."""
        return {}

    def session_findings(
        self, problem, timetable, session_id: str, seen: dict | None = None
    ) -> list[Finding]:
        """Its findings on one session, exactly those of `findings` about it. `seen`: this
        rule's `seen` of the timetable, or of one that differs from it only in where
        `session_id` is (built once for many moves of that session). By default the
        whole check, filtered; a rule that judges each session by itself judges only
        this one."""
        return [f for f in self.findings(problem, timetable) if f.session == session_id]

    def leveled(self, problem, f: Finding) -> Finding:
        """A finding at its subject's level: a hard one made soft costs its amount times
        the weight (nothing in history), a soft one made hard costs nothing."""
        level = self.level_for(problem, f.session)
        if level == f.level:
            return f
        cost = 0 if level == HARD or f.history else f.amount * self.weight_for(problem, f.session)
        return replace(f, level=level, cost=cost)

    def encode(self, enc) -> None:
        raise NotImplementedError

    def check(self, problem, timetable) -> Iterable[Finding]:
        raise NotImplementedError

    # its finding on a session may depend on any meeting, not only on the session and its
    # neighbours in its body's order (which is all `explain` gives the other rules)
    reads_every_meeting: ClassVar[bool] = False
    # its finding on a session may depend on the session before it in its body's order
    reads_previous: ClassVar[bool] = False
    relaxable: ClassVar[bool] = False  # the model can be changed to let this rule give way
    # the fields its relaxation changes (a session's, or `model.`/`documents.` ones): a
    # scenario that sets one makes the rule firm there
    reads: ClassVar[tuple[str, ...]] = ()

    def relaxable_for(self, problem, session) -> bool:
        return self.relaxable

    def shared_breach(self, problem, session, placement) -> dict[str, int] | None:
        """For a rule whose relaxation is one change for all sessions (the planning
        window): the breach by side, priced once however many sessions share it."""
        return None

    def relaxation(self, problem, session, placement, amount: int, shared: bool = True) -> Change | None:
        """How to change the model so this rule allows `placement` (breached by `amount`),
        or None if the model cannot say. With a value several sessions share (`parameter`)
        the change is made there, for all of them; with `shared` False, for this session."""
        return None

    def parameter(self, problem, session) -> tuple:
        """What a relaxation of this rule for the session changes in the model: sessions
        with the same key share one value, so relaxing it for all is one change."""
        return (self.name, session.id)

    def finding(
        self, problem, session_id: str, placement, verdict: Verdict, history: bool = False
    ) -> Finding:
        """The finding in words; `history`: a pinned session's, at its pinned dates (no
        cost, never enforced: the solver's face leaves it out as well)."""
        level = self.level_for(problem, session_id)
        cost = 0 if history or level == HARD else verdict.amount * self.weight_for(problem, session_id)
        return Finding(
            self.name,
            level,
            session_id,
            placement.start.isoformat(),
            verdict.amount,
            cost,
            verdict.message,
            problem.history_note(session_id) if history else "",
            competing=verdict.competing,
        )


class SessionRule(Rule):
    """A rule on each session's placement by itself."""

    def judge(self, problem, session, placement) -> Verdict | None:
        raise NotImplementedError

    def judge_in(self, problem, timetable, session, placement) -> Verdict | None:
        """The verdict on the placement with the other sessions where the timetable
        puts them: the same as alone, except for rules on shared resources (which take
        what they need of the timetable as keywords, their `seen`)."""
        return self.judge(problem, session, placement)

    # whether its judgment reads the placement's room: if not, the encoding judges once
    # the options of a session alike but for their room (most of a centre's options) and
    # the verdict holds for each (tests/test_agreement.py checks the declaration)
    reads_room: ClassVar[bool] = True
    # whether it reads the placement's dates: if not, judged once per venue and room
    reads_dates: ClassVar[bool] = True

    def encode(self, enc) -> None:
        problem = enc.problem
        judge = partial(self.judge, problem)
        for session in problem.sessions:
            time_budget.check()
            soft = self.level_for(problem, session.id) == SOFT
            if soft and not enc.policy.prices_soft:
                continue
            weight = self.weight_for(problem, session.id) if soft else 0
            rooms: dict[tuple, Verdict | None] = {}  # (venue, room) -> verdict, if it reads no dates
            for run in enc.alike(session.id):
                if problem.is_history(session.id, run[0][0]):
                    continue  # a pinned session at its pinned dates: what it breaks is history
                if self.reads_room and not self.reads_dates:
                    judged = [
                        (
                            p,
                            lit,
                            rooms[where] if where in rooms else rooms.setdefault(where, judge(session, p)),
                        )
                        for p, lit in run
                        for where in [(p.venue, p.room)]
                    ]
                elif self.reads_room:
                    judged = [(p, lit, judge(session, p)) for p, lit in run]
                else:
                    verdict = judge(session, run[0][0])
                    judged = [(p, lit, verdict) for p, lit in run] if verdict is not None else []
                for placement, lit, verdict in judged:
                    if verdict is None:
                        continue
                    if soft:
                        enc.penalize(self.name, session.id, lit, verdict.amount * weight)
                    else:
                        enc.forbid(
                            self.name,
                            session.id,
                            lit,
                            verdict.amount,
                            self.shared_breach(problem, session, placement),
                        )

    def check(self, problem, timetable) -> Iterable[Finding]:
        seen = self.seen(problem, timetable)
        for session in problem.sessions:
            time_budget.check("judging the timetable")
            found = self.finding_on(problem, timetable, session, seen)
            if found is not None:
                yield found

    def session_findings(
        self, problem, timetable, session_id: str, seen: dict | None = None
    ) -> list[Finding]:
        """The session's placement judged alone (against `seen`, the timetable's), in time
        proportional to its own days."""
        session = problem.by_id.get(session_id)
        if session is None:
            return []
        found = self.finding_on(
            problem, timetable, session, self.seen(problem, timetable) if seen is None else seen
        )
        return [] if found is None else [self.leveled(problem, found)]

    def finding_on(self, problem, timetable, session, seen: dict) -> Finding | None:
        """The finding on one session's placement in the timetable, if any (a soft one only
        where it costs): the one judgment `check` makes of each session."""
        placement = timetable.get(session.id)
        if placement is None:
            return None
        verdict = self.judge_in(problem, timetable, session, placement, **seen)
        if verdict is None or (
            self.level_for(problem, session.id) != HARD
            and not verdict.amount * self.weight_for(problem, session.id)
        ):
            return None
        return self.finding(
            problem, session.id, placement, verdict, problem.is_history(session.id, placement)
        )


class PairRule(Rule):
    """A hard rule between each session and the one before it in its body's order (made
    soft, each day short costs its weight)."""

    level = HARD
    reads_previous = True
    # check a proposal that leaves sessions out between its nearest proposed sessions
    # (True), or only between sessions that follow each other in the model (False)
    across_gaps: ClassVar[bool] = False

    def slack(self, problem, prev, nxt, prev_end, next_start):
        """Days of slack (negative: broken); ints in check, linear expressions in encode."""
        raise NotImplementedError

    def most_relaxable(self, problem, nxt) -> int:
        """The largest breach (days) a change of the model could allow: the diagnosis's
        relaxed model never goes beyond it."""
        return 0

    def explain(self, problem, prev, nxt, prev_p, next_p, slack: int) -> str:
        raise NotImplementedError

    def pairs(self, problem, timetable) -> list[tuple]:
        """The (previous, next) sessions this rule holds between in a timetable:
        consecutive sessions of each body of those it does not leave out (dropped), and,
        where it leaves out sessions unsaid, its nearest placed ones if the rule holds
        across gaps."""
        out: list[tuple] = []
        for chain in problem.chains:
            chain = problem.meeting(chain, timetable)
            if self.across_gaps:
                chain = [s for s in chain if timetable.get(s.id) is not None]
            out += pairwise(chain)
        return out

    def encode(self, enc) -> None:
        """Between every two sessions that can meet one after the other: required while
        both meet and every (optional) session between them is left out."""
        for chain in enc.problem.chains:
            for prev, nxt, between in enc.problem.links(chain):
                if prev.id in enc.problem.pinned and nxt.id in enc.problem.pinned:
                    continue  # both keep their dates: what lies between them is history
                when = [enc.meets(prev.id), enc.meets(nxt.id)] + [enc.meets(s.id).Not() for s in between]
                enc.require(
                    self.name,
                    nxt.id,
                    self.slack(enc.problem, prev, nxt, enc.end[prev.id], enc.start[nxt.id]),
                    self.most_relaxable(enc.problem, nxt),
                    [w for w in when if w is not True],
                )

    def check(self, problem, timetable) -> Iterable[Finding]:
        for prev, nxt in self.pairs(problem, timetable):
            prev_p, next_p = timetable.get(prev.id), timetable.get(nxt.id)
            if prev_p is None or next_p is None:
                continue
            slack = self.slack(problem, prev, nxt, prev_p.end.toordinal(), next_p.start.toordinal())
            if slack < 0:
                yield self.finding(
                    problem,
                    nxt.id,
                    next_p,
                    Verdict(-slack, partial(self.explain, problem, prev, nxt, prev_p, next_p, slack)),
                    problem.is_history(prev.id, prev_p) and problem.is_history(nxt.id, next_p),
                )


@dataclass(frozen=True)
class Use:
    """Who takes how much of a resource on a day: another body's fixed meeting or a
    session being planned."""

    who: str  # CND, S3
    amount: int
    start: date  # the meeting's or session's dates, for the message
    end: date
    projected: bool = False  # another body's meeting projected from its pattern, not published

    def __str__(self) -> str:
        return meeting_words(self.who, self.projected, fmt_range(self.start, self.end))


class Load:
    """What a timetable takes of one resource rule's resources, by (resource, day): the
    other bodies' fixed meetings (the rule's `booked`) and each placed session's use, by
    body. Built once per timetable (`ResourceRule.load`); a placement is judged against
    it in time proportional to its own days. A body's own sessions never meet at once
    (session-order holds them apart), so a judgment passes over the judged session's
    body: the same load serves for any move of that session. The solver, check, explain,
    the greedy start and the views of the centre all count use here."""

    def __init__(self, rule: ResourceRule, problem) -> None:
        self.rule = rule
        self.problem = problem
        # (resource, day) -> [(body id, use)] of the sessions placed, in the order added
        self.taken: dict[tuple[Hashable, date], list[tuple[str, Use]]] = {}
        self.total: dict[tuple[Hashable, date], int] = {}  # the sessions' amounts summed
        # what the fixed meetings take, by (resource, day): the same for every load of the rule
        self.fixed: dict[tuple[Hashable, date], int] = problem.memo.setdefault((rule.name, "fixed"), {})

    def add(self, session, p) -> None:
        """Count a session's placement."""
        body = self.problem.body(session).id
        for resource, day, amount in self.rule.demand(self.problem, session, p):
            key = (resource, day)
            self.taken.setdefault(key, []).append((body, Use(session.id, amount, p.start, p.end)))
            self.total[key] = self.total.get(key, 0) + amount

    def booked(self, resource, day: date) -> int:
        """What the other bodies' fixed meetings take that day."""
        key = (resource, day)
        amount = self.fixed.get(key)
        if amount is None:
            amount = self.fixed[key] = sum(u.amount for u in self.rule._booked(self.problem, resource, day))
        return amount

    def used(self, resource, day: date, body: str | None = None) -> int:
        """What everyone takes that day, fixed meetings included, `body`'s sessions not."""
        key = (resource, day)
        fixed = self.fixed.get(key)
        if fixed is None:
            fixed = self.booked(resource, day)
        taken = self.taken.get(key)
        if not taken:
            return fixed
        own = sum(u.amount for b, u in taken if b == body) if body else 0
        return fixed + self.total[key] - own

    def uses(self, resource, day: date, body: str | None = None) -> list[Use]:
        """Who takes the resource that day: the fixed meetings, then the sessions (those
        of `body` passed over)."""
        return self.rule._booked(self.problem, resource, day) + [
            u for b, u in self.taken.get((resource, day), ()) if b != body
        ]

    def short(self, session, p, demand=None) -> list[tuple[Hashable, date, list[Use]]]:
        """Each day (resource, day, everyone else who takes it) on which the placement
        would take more than is left (`demand`: the rule's demand of it, if the caller
        has it)."""
        rule, problem = self.rule, self.problem
        body, out = problem.body(session).id, []
        for resource, day, amount in rule.demand(problem, session, p) if demand is None else demand:
            if self.used(resource, day, body) + amount > rule.capacity(problem, resource):
                out.append((resource, day, self.uses(resource, day, body)))
        return out

    def days(self) -> list[tuple[Hashable, date, int, int]]:
        """(resource, day, used, capacity) of every day a placed session takes the
        resource, in order of resource and day: what the views of the centre draw."""
        return [
            (resource, day, self.used(resource, day), self.rule.capacity(self.problem, resource))
            for resource, day in sorted(self.taken, key=lambda k: (str(k[0]), k[1]))
        ]


def days_short(short: list[tuple]) -> int:
    """A resource rule's breach: the days (`Load.short`'s) on which a placement takes
    more than is left, what its judgment, and so check and the solver, count."""
    return len({day for _, day, _ in short})


class ResourceRule(SessionRule):
    """A hard limit on a shared resource per day, across every session being planned and
    the other bodies' fixed meetings (made soft for a session, each day it meets while
    the resource is over capacity costs its weight). Its judgment of one placement alone sees only the
    fixed meetings; with a timetable, it sees the sessions of the other bodies too (a
    body's own sessions never meet at once: session-order holds them apart)."""

    level = HARD
    reads_every_meeting = True

    def demand(self, problem, session, p) -> Iterable[tuple[Hashable, date, int]]:
        """(resource, day, amount) for each day the placement takes the resource."""
        raise NotImplementedError

    def capacity(self, problem, resource) -> int:
        raise NotImplementedError

    def booked(self, problem, resource, day: date) -> list[Use]:
        """What the other bodies' fixed meetings take of the resource that day."""
        raise NotImplementedError

    def words(self, problem, session, p, short: list[tuple[Hashable, date, list[Use]]]) -> str:
        """The finding in words: `short` holds each day the resource falls short, with
        everyone else who takes it that day."""
        raise NotImplementedError

    def _booked(self, problem, resource, day: date) -> list[Use]:
        key = (self.name, resource, day)
        if key not in problem.memo:
            problem.memo[key] = self.booked(problem, resource, day)
        return problem.memo[key]

    def judge(self, problem, session, p):
        return self.judge_in(problem, None, session, p, self.alone(problem))

    def alone(self, problem) -> Load:
        """The load of the fixed meetings alone (nothing placed), built once: what a
        placement is judged against by itself."""
        key = (self.name, "nothing placed")
        if key not in problem.memo:
            problem.memo[key] = self.load(problem)
        return problem.memo[key]

    def judge_in(self, problem, timetable, session, p, load: Load | None = None):
        """The verdict on the placement against what the timetable's other bodies take
        (`load`: the timetable's `load`, when the caller judges many placements against
        one timetable; it serves for any move of the judged session, whose own body it
        passes over)."""
        if load is None:
            load = self.load(problem, timetable)
        short = load.short(session, p)
        if not short:
            return None
        n = days_short(short)
        competing = tuple(dict.fromkeys(u.who for _, _, uses in short for u in uses))
        return Verdict(n, lambda: self.words(problem, session, p, short), competing)

    def seen(self, problem, timetable) -> dict:
        return {"load": self.load(problem, timetable)}

    def load(self, problem, timetable=None) -> Load:
        """What the timetable's sessions (none without one) and the other bodies' fixed
        meetings take of this rule's resources, by day."""
        out = Load(self, problem)
        for other in problem.sessions if timetable is not None else ():
            q = timetable.get(other.id)
            if q is not None:
                out.add(other, q)
        return out

    def encode(self, enc) -> None:
        """Forbid the options the fixed meetings alone rule out (the judgment: a day on
        which the option would take more than they leave), then limit each day's sum of
        the options that take the resource to what is left. One pass over the options,
        each one's demand worked out once (once for a run of options alike but for their
        room, if the rule reads no room); the days' uses are held in arrays (a centre's
        options take millions of days)."""
        import numpy as np

        problem = enc.problem
        empty = self.alone(problem)
        keys: dict[tuple, int] = {}  # (resource, day) -> its number, in order first met
        left: list[int] = []  # by number: what the fixed meetings leave (Load.used)
        several = len(problem.chains) >= 2  # one body's sessions never meet at once
        # the live options that take the resource: (session, lit, history, soft)
        options: list[tuple] = []
        key_of, option_of, amount_of = array("q"), array("q"), array("q")  # each use of a day

        def uses(session, p) -> tuple[list[int], list[int], int]:
            """The placement's days (numbers), amounts and the days it is short of (its
            judgment's amount, against the fixed meetings alone)."""
            demand = list(self.demand(problem, session, p))
            ids, amounts = [], []
            for resource, day, amount in demand:
                k = keys.get((resource, day))
                if k is None:
                    k = keys[(resource, day)] = len(left)
                    left.append(self.capacity(problem, resource) - empty.used(resource, day))
                ids.append(k)
                amounts.append(amount)
            return ids, amounts, days_short(empty.short(session, p, demand))

        for session in problem.sessions:
            time_budget.check()
            soft = self.level_for(problem, session.id) == SOFT
            judged = not soft or enc.policy.prices_soft
            weight = self.weight_for(problem, session.id) if soft else 0
            for run in enc.alike(session.id):
                history = problem.is_history(session.id, run[0][0])
                shared = None if self.reads_room else uses(session, run[0][0])
                for p, lit in run:
                    ids, amounts, short = shared or uses(session, p)
                    forbidden = False  # (the policy may keep it live: a guarded option)
                    if short and judged and not history:
                        if soft:
                            enc.penalize(self.name, session.id, lit, short * weight)
                        else:
                            enc.forbid(
                                self.name, session.id, lit, short, self.shared_breach(problem, session, p)
                            )
                            forbidden = True
                    if several and ids and (not forbidden or enc.is_live(session.id, lit)):
                        key_of.extend(ids)
                        amount_of.extend(amounts)
                        option_of.extend([len(options)] * len(ids))
                        options.append((session, lit, history, soft))
        if not options:
            return
        self._limit(
            enc,
            keys,
            left,
            options,
            *(np.frombuffer(a, dtype=np.int64) for a in (key_of, option_of, amount_of)),
        )

    def _limit(self, enc, keys, left, options, key_of, option_of, amount_of) -> None:
        """Each (resource, day)'s limit, in the order the live options first take it:
        the sum of the options that take it stays within what the fixed meetings leave."""
        import numpy as np

        problem = enc.problem
        n = len(left)
        free = np.array(left, dtype=np.int64)
        bodies: dict[str, int] = {}
        body = np.array([bodies.setdefault(problem.body(s).id, len(bodies)) for s, *_ in options])
        history = np.array([h for _, _, h, _ in options], dtype=bool)
        # a body's sessions never meet at once (they meet in order), and each session takes
        # one option: the most a day can see is the sum of each body's largest use
        pairs, at = np.unique(key_of * len(bodies) + body[option_of], return_inverse=True)
        largest = np.zeros(len(pairs), dtype=np.int64)
        np.maximum.at(largest, at, amount_of)
        most = np.bincount(pairs // len(bodies), weights=largest, minlength=n)
        live = np.bincount(key_of[~history[option_of]], minlength=n)
        # room for all, or for none (the judgment forbade every option), or history
        needed = (most > free) & (free > 0) & (live > 0)
        order = np.argsort(key_of, kind="stable")
        bounds = np.searchsorted(key_of[order], np.arange(n + 1))
        first = np.full(n, len(key_of))
        np.minimum.at(first, key_of, np.arange(len(key_of)))
        names = list(keys)
        ids = np.empty(len(options), dtype=object)
        ids[:] = [s.id for s, *_ in options]
        lits = np.empty(len(options), dtype=object)
        lits[:] = [lit for _, lit, _, _ in options]
        plain = ~(history | np.array([soft for *_, soft in options], dtype=bool))
        for k in sorted(np.flatnonzero(needed).tolist(), key=lambda k: first[k]):
            resource, day = names[k]
            entries = order[bounds[k] : bounds[k + 1]]
            who = option_of[entries]
            terms = list(zip(ids[who].tolist(), lits[who].tolist(), amount_of[entries].tolist()))
            if plain[who].all():  # the usual day: every option hard for its session, none history
                enc.limit(self.name, terms, int(free[k]))
                continue
            uses = [(options[o], a) for o, a in zip(who.tolist(), amount_of[entries].tolist())]
            live_uses = [(s, lit, a) for (s, lit, h, _), a in uses if not h]
            soft = {s.id for (s, _, h, soft), _ in uses if soft and not h}
            hard = [lit for s, lit, _ in live_uses if s.id not in soft]
            when = None
            if len(hard) < len(uses):
                # pinned sessions at their pinned dates are history, and a session for which
                # the rule is soft pays for the day instead: as check says, the day is short
                # for a hard one, so the limit holds while one meets
                when = enc.cp.new_bool_var(f"{self.name}:{resource}:{day}")
                for lit in hard:
                    enc.cp.add_implication(lit, when)
            if hard:
                enc.limit(self.name, terms, int(free[k]), when)
            # a soft session's day over capacity, unless its judgment counted it already
            # (the fixed meetings alone leave it too little)
            priced = [
                (s.id, lit, self.weight_for(problem, s.id))
                for s, lit, a in live_uses
                if s.id in soft and a <= free[k]
            ]
            if priced and enc.policy.prices_soft:
                enc.overflow(self.name, terms, int(free[k]), priced)


@dataclass(frozen=True)
class Requirement:
    """One inequality between meetings' dates, written once: `slack` (days, >= 0 when it
    holds) is an int on a timetable's dates and a linear expression in the solver.
    It applies while every meeting in `meets` meets and none in `absent` does; `plus`
    are the meetings whose dates raise the slack as they move later, `minus` those that
    lower it (what `explain` reads as room to move)."""

    subject: str  # the meeting (or report) the finding is about
    slack: Any  # an int in check, a linear expression in encode (as PairRule.slack's)
    words: Callable[[int], str]  # the finding, given the slack (negative: days short)
    meets: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    plus: tuple[str, ...] = ()
    minus: tuple[str, ...] = ()
    most: int = 0  # the largest breach (days) a change of the model could allow


class Dates:
    """A timetable's dates as `DistanceRule.requirements` reads them: day numbers
    (`date.toordinal()`) of each placed meeting (0 for one not placed: a requirement on
    it does not apply)."""

    def __init__(self, timetable):
        self.timetable = timetable

    def start(self, sid: str) -> int:
        p = self.timetable.get(sid)
        return p.start.toordinal() if p is not None else 0

    def end(self, sid: str) -> int:
        p = self.timetable.get(sid)
        return p.end.toordinal() if p is not None else 0


class Variables:
    """The solver's dates, as `DistanceRule.requirements` reads them."""

    def __init__(self, enc):
        self.enc = enc

    def start(self, sid: str):
        return self.enc.start[sid]

    def end(self, sid: str):
        return self.enc.end[sid]


class DistanceRule(Rule):
    """A hard rule of distances between meetings, or between a meeting and a date of the
    General Assembly's calendar: its `requirements`, written once, are required by the
    solver (behind the literals that the meetings named meet) and evaluated by check."""

    level = HARD
    reads_every_meeting = True

    def requirements(self, problem, at) -> Iterable[Requirement]:
        """`at.start(id)`, `at.end(id)`: a meeting's first and last day, as day numbers
        or solver variables."""
        raise NotImplementedError

    def applies(self, problem, timetable, req: Requirement) -> bool:
        """Whether a requirement applies to the timetable: its meetings are placed and
        those it needs absent are left out (or not placed)."""
        needed = set(req.meets) | set(req.plus) | set(req.minus)
        return all(timetable.get(s) is not None and s not in timetable.dropped for s in needed) and not any(
            timetable.get(s) is not None and s not in timetable.dropped for s in req.absent
        )

    def is_history(self, problem, timetable, req: Requirement) -> bool:
        """Every meeting it reads is pinned at its pinned dates."""
        ids = set(req.plus) | set(req.minus)
        return bool(ids) and all(
            problem.is_history(s, timetable.get(s) if timetable else problem.pinned.get(s)) for s in ids
        )

    def encode(self, enc) -> None:
        for req in self.requirements(enc.problem, Variables(enc)):
            if self.is_history(enc.problem, None, req):
                continue
            needed = dict.fromkeys(req.meets + req.plus + req.minus)
            when = [enc.meets(s) for s in needed] + [
                enc.meets(s).Not() for s in req.absent if enc.meets(s) is not True
            ]
            if any(enc.meets(s) is True for s in req.absent):
                continue  # a meeting it needs absent always meets: never applies
            enc.require(self.name, req.subject, req.slack, req.most, [w for w in when if w is not True])

    def check(self, problem, timetable) -> Iterable[Finding]:
        for req in self.requirements(problem, Dates(timetable)):
            if not self.applies(problem, timetable, req) or req.slack >= 0:
                continue
            p = timetable.get(req.subject)
            yield Finding(
                self.name,
                self.level,
                req.subject,
                p.start.isoformat() if p else "",
                -req.slack,
                0,
                req.words(req.slack),
                problem.history_note(req.subject) if self.is_history(problem, timetable, req) else "",
            )

    def slack_around(self, problem, timetable, session_id: str) -> tuple[int | None, int | None]:
        """Days the meeting can move earlier and later before a requirement breaks, the
        others where the timetable puts them (None: no limit from this rule)."""
        earlier = later = None
        for req in self.requirements(problem, Dates(timetable)):
            if not self.applies(problem, timetable, req):
                continue
            if session_id in req.plus:
                earlier = req.slack if earlier is None else min(earlier, req.slack)
            if session_id in req.minus:
                later = req.slack if later is None else min(later, req.slack)
        return earlier, later

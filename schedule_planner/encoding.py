"""The rules in CP-SAT: a thin facade that knows each session's options and records
every constraint and price under its rule and session name, never a solver variable.

Formulation (time-indexed): every candidate placement of a session (venue, room,
opening, closing) is a Boolean; exactly one per session is chosen. Start and end days
are integers equal to the options' weighted sum, so rules between sessions are linear
constraints; a rule on a single placement forbids its Boolean or puts a price on it;
a rule on a shared resource limits each day's sum of the Booleans that take it.

What a hard rule's constraint becomes is the policy's choice:
- `Enforce` (solving): every hard rule holds, soft rules are priced and minimised;
- `Guard` (looking for a conflict): each (rule, session)'s constraints sit behind an
  assumption literal, soft rules are left out;
- `Relax` (the smallest relaxation): the given (rule, session) pairs may break; the
  number of distinct changes of the model this takes is minimised first (a value that
  several sessions share, like a body's minimum gap, is one change), then the days of
  breach, then the soft cost.

A rule's level is the model's for each session (`Rule.level_for`): where it makes a hard
rule soft, `require` prices each day short and `overflow` each day over capacity, the
policy's business only for what stays hard.
"""

from __future__ import annotations

from array import array
from datetime import timedelta

from ortools.sat.python import cp_model, cp_model_helper

from constraints import HARD, REGISTRY, RULES, SOFT, PairRule, registered
from constraints.consultation_distance import ConsultationDistance

from .domain import time_budget
from .domain.problem import Problem
from .domain.timetable import Placement, Timetable

# A relaxation considers no breach of a rule by more than this many weeks (a larger one
# is a new plan, not a relaxation; measured: it keeps the relaxed model of the default's
# infeasible variant under 1 s); it also looks this far beyond the planning window.
RELAX_WEEKS = 8
# Looking for a conflict, sessions may take dates this far beyond the planning window,
# so that a conflict it finds holds even if the window moved by up to a year (measured:
# 1.5 s for the default's infeasible variant, 2.2 s with two years).
CONFLICT_MARGIN_WEEKS = 52
# the most a rule made soft can be short (days, sessions): beyond any planning window
MOST_SHORT = 100_000


class Enforce:
    """Solving: hard rules hold, soft rules are priced and the total minimised."""

    margin_weeks = 0  # candidates this far beyond the planning window
    prices_soft = True
    # options only within each session's own window: those outside it are all that
    # session-window would forbid (a diagnosis keeps them, to name the window)
    in_window = True

    def forbid(self, enc: Encoding, rule, session, lit, amount, shared) -> None:
        enc.rule_out(session, lit)

    def require(self, enc: Encoding, rule, session, expr, most_relaxable, when) -> None:
        if enc.always(expr, when):
            return  # it holds whatever the meetings' options: nothing to state
        enc.cp.add(expr >= 0).only_enforce_if(when)

    def limit(self, enc: Encoding, rule, terms, capacity, when=None) -> None:
        _, lits, amounts = zip(*terms)
        held = enc.cp.add(cp_model.LinearExpr.weighted_sum(list(lits), list(amounts)) <= capacity)
        if when is not None:
            held.only_enforce_if(when)

    def finish(self, enc: Encoding) -> None:
        if enc.terms:
            enc.cp.minimize(enc.soft)


class Guard(Enforce):
    """Looking for a conflict: every (rule, session)'s constraints sit behind one
    assumption literal, so CP-SAT can name a set of them that cannot hold together.
    Sessions may take dates a year beyond the planning window, so that the window can
    show up in a conflict."""

    margin_weeks = CONFLICT_MARGIN_WEEKS
    prices_soft = False
    in_window = False

    def __init__(self):
        self.guards: dict[tuple[str, str], cp_model.IntVar] = {}
        self.guarded: dict[tuple[str, str], list] = {}  # the options each guard forbids

    def guard(self, enc: Encoding, rule: str, session: str):
        key = (rule, session)
        if key not in self.guards:
            self.guards[key] = enc.cp.new_bool_var(f"{rule}[{session}]")
        return self.guards[key]

    def forbid(self, enc, rule, session, lit, amount, shared) -> None:
        self.guarded.setdefault((rule, session), []).append(lit)

    def require(self, enc, rule, session, expr, most_relaxable, when) -> None:
        enc.cp.add(expr >= 0).only_enforce_if([self.guard(enc, rule, session)] + when)

    def limit(self, enc, rule, terms, capacity, when=None) -> None:
        # a session's use of the day counts only while the rule holds for that session:
        # dropping (rule, S) frees the resource of S's use alone
        guarded = []
        for session, lit, amount in terms:
            if RULES[rule].level_for(enc.problem, session) == SOFT:
                guarded.append((lit, amount))  # its use is a fact; only the hard sessions' rule is guarded
                continue
            on = enc.cp.new_bool_var(f"{rule}[{session}]:{lit.name}")
            enc.cp.add_implication(on, lit)
            enc.cp.add_implication(on, self.guard(enc, rule, session))
            enc.cp.add_bool_or([on, lit.Not(), self.guard(enc, rule, session).Not()])
            guarded.append((on, amount))
        held = enc.cp.add(
            cp_model.LinearExpr.weighted_sum([v for v, _ in guarded], [a for _, a in guarded]) <= capacity
        )
        if when is not None:
            held.only_enforce_if(when)

    def finish(self, enc) -> None:
        for (rule, session), lits in self.guarded.items():
            enc.cp.add_bool_and([lit.Not() for lit in lits]).only_enforce_if(self.guard(enc, rule, session))
        enc.cp.add_assumptions(list(self.guards.values()))


class Relax(Enforce):
    """The smallest relaxation: the (rule, session) pairs in `pairs` may break by up to
    RELAX_WEEKS, each day of breach costing one. The planning window gives way once for
    all sessions, by side. `fewest_changes`: a value several sessions share (a body's
    minimum gap or document periods: the rule's `parameter`) gives way once for all of
    them, by the days the neediest one needs; the number of values changed is
    minimised first, then the days of breach. Otherwise each session's breach is its
    own, and the days alone are minimised (the day-minimal relaxation)."""

    margin_weeks = RELAX_WEEKS
    in_window = False

    def __init__(self, pairs: frozenset, fewest_changes: bool = True):
        self.pairs = pairs
        self.fewest_changes = fewest_changes
        self.amounts: dict[tuple, cp_model.IntVar] = {}  # a shared value: the days it gives
        self.chosen: dict[tuple, list] = {}  # a session's value: options that break it

    def forbid(self, enc, rule, session, lit, amount, shared) -> None:
        if (rule, session) not in self.pairs or amount > 7 * RELAX_WEEKS:
            return super().forbid(enc, rule, session, lit, amount, shared)
        if shared is None:
            enc.violations.append((lit, max(1, amount)))
            self.chosen.setdefault((rule, session), []).append(lit)
        for side, days in (shared or {}).items():
            if days:
                enc.cp.add(self._amount(enc, (rule, side)) >= days).only_enforce_if(lit)

    def _amount(self, enc, key: tuple, limit: int = 7 * RELAX_WEEKS):
        if key not in self.amounts:
            self.amounts[key] = enc.cp.new_int_var(0, limit, f"give:{key}")
            enc.violations.append((self.amounts[key], 1))
        return self.amounts[key]

    def require(self, enc, rule, session, expr, most_relaxable, when) -> None:
        limit = min(most_relaxable, 7 * RELAX_WEEKS)
        if (rule, session) not in self.pairs or limit <= 0:
            return super().require(enc, rule, session, expr, most_relaxable, when)
        # the value gives up to what this pair may lose (a gap can shrink, never turn
        # into an overlap), and the neediest pair sets how much
        enc.cp.add(expr + limit >= 0).only_enforce_if(when)
        key = (
            RULES[rule].parameter(enc.problem, enc.problem.by_id[session])
            if self.fewest_changes
            else (rule, session)
        )
        enc.cp.add(expr + self._amount(enc, key) >= 0).only_enforce_if(when)

    def finish(self, enc) -> None:
        cost = enc.breach
        if self.fewest_changes:
            changes = []
            for key, var in self.amounts.items():
                made = enc.cp.new_bool_var(f"change:{key}")
                enc.cp.add(var == 0).only_enforce_if(made.Not())
                changes.append(made)
            for key, lits in self.chosen.items():
                made = enc.cp.new_bool_var(f"change:{key}")
                enc.cp.add(made == cp_model.LinearExpr.sum(lits))  # one option per session
                changes.append(made)
            # every change costs more than all the days of breach together can
            most = 7 * RELAX_WEEKS * (len(self.amounts) + len(self.chosen)) + 1
            cost = most * cp_model.LinearExpr.sum(changes) + enc.breach
        enc.relaxed = cost
        enc.cp.minimize(cost)  # then, with it fixed, the soft cost


def narrowed(problem: Problem, candidates: dict[str, list[Placement]]) -> dict[str, list[Placement]]:
    """Solving: each meeting's options less those no timetable can use, whatever the
    others take (bounds propagated before the search; measured on the General
    Assembly's re-plan of the default model, 1,000 fewer options for its sessions and
    consultations):
    - a session with fixed dates (or pinned ones) only at them (fixed-dates);
    - along each body's order, between two sessions that always meet with none that can
      meet between them, the later one opening where each rule between sessions leaves
      room after the earlier one's earliest close, and the earlier one closing where it
      leaves room before the later one's latest opening (repeated until nothing changes);
    - a consultation within its gap: from the earliest close of the session it follows,
      to the latest opening of the next session that always meets (consultation-distance).
    """
    out = dict(candidates)
    for s in problem.sessions:
        fixed = problem.fixed_dates(s)
        if fixed is not None:
            out[s.id] = [p for p in out[s.id] if (p.start, p.end) == fixed]
    pair_rules = [r for r in REGISTRY if isinstance(r, PairRule)]
    pairs = [
        (a, b)
        for chain in problem.chains
        for a, b, between in problem.links(chain)
        if not between
        and not problem.optional(a)
        and not problem.optional(b)
        and not (a.id in problem.pinned and b.id in problem.pinned)
    ]
    changed = True
    while changed:
        changed = False
        for a, b in pairs:
            if not out[a.id] or not out[b.id]:
                continue
            rules = [r for r in pair_rules if r.level_for(problem, b.id) == HARD]  # soft: priced
            closes = min(p.end for p in out[a.id]).toordinal()
            opens = max(p.start for p in out[b.id]).toordinal()
            later = [
                p
                for p in out[b.id]
                if all(r.slack(problem, a, b, closes, p.start.toordinal()) >= 0 for r in rules)
            ]
            earlier = [
                p
                for p in out[a.id]
                if all(r.slack(problem, a, b, p.end.toordinal(), opens) >= 0 for r in rules)
            ]
            if len(later) < len(out[b.id]) or len(earlier) < len(out[a.id]):
                out[b.id], out[a.id], changed = later, earlier, True
    gaps = registered(ConsultationDistance)
    for body, chain in zip(problem.model.bodies, problem.chains):
        for c in body.sessions:
            if c.kind != "consultation" or c.after is None or c.id in problem.pinned or not out[c.after]:
                continue
            if gaps.level_for(problem, c.id) != HARD:
                continue  # soft: each day too near is priced, never left out
            gap = body.consultations
            first = min(p.end for p in out[c.after]) + timedelta(days=gap.after_days)
            rest = chain[chain.index(problem.by_id[c.after]) + 1 :]
            nxt = next((s for s in rest if not problem.optional(s)), None)
            last = (
                max(p.start for p in out[nxt.id]) - timedelta(days=gap.before_days)
                if nxt is not None and out[nxt.id]
                else None
            )
            out[c.id] = [p for p in out[c.id] if p.start >= first and (last is None or p.end <= last)]
    return out


class Encoding:
    """The CP-SAT model of a problem under a policy. Rules talk to it through `live`,
    `forbid`, `penalize`, `require` and `limit`, naming their rule and session."""

    relaxed: cp_model.LinearExpr  # under Relax, the relaxation's cost (set by its finish)

    def __init__(self, problem: Problem, policy: Enforce | None = None):
        self.problem = problem
        self.policy = policy or Enforce()
        self.cp = cp_model.CpModel()
        self.forbidden: list[cp_model.IntVar] = []  # fixed false in one go at build
        self.violations: list[tuple[cp_model.LinearExpr, int]] = []  # (breach, price): Relax
        self.terms: list[tuple[str, str, cp_model.IntVar, int]] = []  # soft prices
        self.options: dict[str, list[tuple[Placement, cp_model.IntVar]]] = {}
        # each session's options no hard rule has ruled out, in runs of options alike but
        # for their room (same venue and dates, one after the other): (the first option's
        # literal index, each option's run, the runs by literal index)
        self._live: dict[str, tuple[int, array, list[dict[int, tuple[Placement, cp_model.IntVar]]]]] = {}
        self.start: dict[str, cp_model.IntVar] = {}
        self.end: dict[str, cp_model.IntVar] = {}
        # an optional session takes one option or none: then it is left out (dropped)
        self.dropped: dict[str, cp_model.IntVar] = {}
        # a start or end day's variable (its index): its session, and the first and last of
        # its options' days (0 being no day: the session left out)
        self._days: dict[int, tuple[str, int, int]] = {}
        time_budget.estimate(problem.size(self.policy.margin_weeks, self.policy.in_window), len(REGISTRY))
        narrowing = [r for r in REGISTRY if r.narrows_candidates]
        candidates = {
            s.id: problem.candidates(
                s,
                self.policy.margin_weeks,
                self.policy.in_window and all(r.level_for(problem, s.id) == HARD for r in narrowing),
            )
            for s in problem.sessions
        }
        if self.policy.in_window:  # solving: what the rules between meetings rule out, left out
            candidates = narrowed(problem, candidates)
        for session in problem.sessions:
            time_budget.check()
            opts = [
                (p, self.cp.new_bool_var(f"{p.session}@{p.venue}/{p.room}/{p.start}"))
                for p in candidates[session.id]
            ]
            self.options[session.id] = opts
            self._live[session.id] = self._runs(opts)
            if problem.optional(session):
                self.dropped[session.id] = self.cp.new_bool_var(f"{session.id}.dropped")
            self.cp.add_exactly_one([lit for _, lit in opts] + self._left_out(session.id))
            # start and end days as integers over the options' days (date.toordinal()),
            # equal to the options' weighted sum: rules between sessions propagate on small
            # domains, and the model keeps one equality per session instead of one
            # conditional constraint per option (measured: 0.16 s for the default solve
            # against 0.25 s)
            for name, day in (("start", lambda p: p.start), ("end", lambda p: p.end)):
                values = sorted(
                    {day(p).toordinal() for p, _ in opts} | ({0} if session.id in self.dropped else set())
                ) or [0]
                var = self.cp.new_int_var_from_domain(
                    cp_model.Domain.from_values(values), f"{session.id}.{name}"
                )
                self.cp.add(
                    var
                    == cp_model.LinearExpr.weighted_sum(
                        [lit for _, lit in opts], [day(p).toordinal() for p, _ in opts]
                    )
                )
                getattr(self, name)[session.id] = var
                days = [v for v in values if v]
                if days:
                    self._days[var.index] = (session.id, days[0], days[-1])

    @staticmethod
    def _runs(opts: list[tuple[Placement, cp_model.IntVar]]):
        """The options in runs alike but for their room (`alike`), and each option's run."""
        runs: list[dict[int, tuple[Placement, cp_model.IntVar]]] = []
        of, last = array("i"), None
        for option in opts:  # the options' own pairs: a centre has a million
            p, lit = option
            if (p.venue, p.start, p.end) != last:
                runs.append({})
                last = (p.venue, p.start, p.end)
            runs[-1][lit.index] = option
            of.append(len(runs) - 1)
        return (opts[0][1].index if opts else 0), of, runs

    # ------------------------------------------------------------ what rules call
    def live(self, session: str):
        """The session's options no hard rule has ruled out yet."""
        return [o for run in self._live[session][2] for o in run.values()]

    def is_live(self, session: str, lit) -> bool:
        """Whether no hard rule has ruled out the option yet."""
        first, of, runs = self._live[session]
        return lit.index in runs[of[lit.index - first]]

    def alike(self, session: str) -> list[list[tuple[Placement, cp_model.IntVar]]]:
        """The session's live options in runs of the same venue and dates, in `live`'s
        order: a rule that reads no room judges each run once (`SessionRule.encode`)."""
        return [list(run.values()) for run in self._live[session][2] if run]

    def forbid(self, rule: str, session: str, lit, amount: int = 1, shared: dict | None = None) -> None:
        """A hard rule excludes this option; `amount` is the size of the breach, `shared`
        its parts that one change for all sessions relaxes (priced once, by side)."""
        self.policy.forbid(self, rule, session, lit, amount, shared)

    def require(self, rule: str, session: str, expr, most_relaxable: int = 0, when=()) -> None:
        """A hard rule requires expr >= 0 (days of slack), while every literal in `when`
        holds; `most_relaxable` is the largest breach a change of the model could allow.
        Where the model makes the rule soft for `session`, each unit short costs its weight."""
        if isinstance(expr, int):  # a count that no decision changes
            expr = cp_model.LinearExpr.sum([]) + expr
        if RULES[rule].level_for(self.problem, session) == SOFT:
            if self.policy.prices_soft:
                short = self.cp.new_int_var(0, MOST_SHORT, f"{rule}[{session}].short")
                held = self.cp.add(expr + short >= 0)
                if when:
                    held.only_enforce_if(list(when))
                self.penalize(rule, session, short, RULES[rule].weight_for(self.problem, session))
            return
        self.policy.require(self, rule, session, expr, most_relaxable, list(when))

    def always(self, expr, when=()) -> bool:
        """Whether expr >= 0 holds for every choice of options while every literal of `when`
        holds: its least value, each start or end day taken at the end of its options' days
        that lowers it (0 if its session may be left out: `when` says when it meets), every
        other variable at the end of its domain that does. A rule between two meetings
        whose windows lie far apart then states nothing (measured: the generated
        800-meeting centre's 3,968 requirements between a body's sessions all hold so, and
        each was a big-M row in the MIP)."""
        flat = cp_model_helper.FlatIntExpr(expr)
        given = {lit.index for lit in when}
        least = flat.offset
        for var, coeff in zip(flat.vars, flat.coeffs):
            day = self._days.get(var.index)
            if day is not None and (day[0] not in self.dropped or self.dropped[day[0]].Not().index in given):
                low, high = day[1], day[2]
            else:
                domain = self.cp.proto.variables[var.index].domain
                low, high = domain[0], domain[len(domain) - 1]
            least += coeff * (low if coeff > 0 else high)
        return least >= 0

    def _left_out(self, session: str) -> list:
        return [self.dropped[session]] if session in self.dropped else []

    def meets(self, session: str):
        """True for a session that always meets; for an optional one, the literal that
        it meets (is not left out)."""
        return self.dropped[session].Not() if session in self.dropped else True

    def limit(self, rule: str, terms: list[tuple[str, object, int]], capacity: int, when=None) -> None:
        """A hard rule on a shared resource: the options' (session, Boolean, amount) use
        of it stays within capacity (only while the Boolean `when` holds, if given)."""
        self.policy.limit(self, rule, terms, capacity, when)

    def overflow(self, rule: str, terms: list[tuple[str, object, int]], capacity: int, priced) -> None:
        """A rule on a shared resource, soft for some sessions: while the options' (session,
        Boolean, amount) use of it exceeds capacity, each of `priced` (session, Boolean,
        weight) that is chosen costs its weight."""
        over = self.cp.new_bool_var(f"{rule}:over:{len(self.terms)}")
        self.cp.add(
            cp_model.LinearExpr.weighted_sum([lit for _, lit, _ in terms], [a for _, _, a in terms])
            <= capacity
        ).only_enforce_if(over.Not())
        for session, lit, weight in priced:
            both = self.cp.new_bool_var(f"{rule}[{session}]:{lit.name}:over")
            self.cp.add_bool_or([lit.Not(), over.Not(), both])
            self.penalize(rule, session, both, weight)

    def penalize(self, rule: str, session: str, lit, cost: int) -> None:
        """A soft rule prices this option."""
        if cost:
            self.terms.append((rule, session, lit, cost))

    # ------------------------------------------------------------ what policies call
    def rule_out(self, session: str, lit) -> None:
        first, of, runs = self._live[session]
        runs[of[lit.index - first]].pop(lit.index, None)
        self.forbidden.append(lit)

    def build(self) -> Encoding:
        for rule in REGISTRY:
            if not self.policy.prices_soft and not rule.hard_anywhere(self.problem):
                continue
            rule.encode(self)
        if self.forbidden:
            self.cp.add_bool_and([lit.Not() for lit in self.forbidden])
        self.soft = cp_model.LinearExpr.weighted_sum([t[2] for t in self.terms], [t[3] for t in self.terms])
        self.breach = cp_model.LinearExpr.weighted_sum(
            [v for v, _ in self.violations], [c for _, c in self.violations]
        )
        self.policy.finish(self)
        return self

    def hint(self, timetable: Timetable) -> None:
        """Suggest the timetable's placements to CP-SAT (a re-solve starts from the
        baseline): each session's option at its placement true, the others false."""
        self.cp.clear_hints()
        for session in self.problem.sessions:
            placement = timetable.get(session.id)
            if session.id in self.dropped:
                self.cp.add_hint(self.dropped[session.id], session.id in timetable.dropped)
                if session.id in timetable.dropped:
                    for _, lit in self.options[session.id]:
                        self.cp.add_hint(lit, False)
                    self.cp.add_hint(self.start[session.id], 0)
                    self.cp.add_hint(self.end[session.id], 0)
                    continue
            # only an option no hard rule forbids, and with its start and end days: a
            # hint at odds with the model, or of the Booleans alone, can crash CP-SAT
            # 9.15's presolve (absl::btree_map::at)
            if placement is None or placement not in {p for p, _ in self.live(session.id)}:
                continue
            # each option's hint at once (as add_hint states it: the options are variables)
            hints = self.cp.model_proto.solution_hint
            hints.vars.extend([lit.index for _, lit in self.options[session.id]])
            hints.values.extend([int(p == placement) for p, _ in self.options[session.id]])
            self.cp.add_hint(self.start[session.id], placement.start.toordinal())
            self.cp.add_hint(self.end[session.id], placement.end.toordinal())

    def values(self, timetable: Timetable) -> dict[int, int]:
        """The timetable as the model's variables' values (by index): each session's
        options, whether it is left out, its start and end days; no other variable."""
        out = {}
        for session in self.problem.sessions:
            placement = timetable.get(session.id)
            for p, lit in self.options[session.id]:
                out[lit.index] = int(p == placement)
            if session.id in self.dropped:
                out[self.dropped[session.id].index] = int(placement is None)
            out[self.start[session.id].index] = placement.start.toordinal() if placement else 0
            out[self.end[session.id].index] = placement.end.toordinal() if placement else 0
        return out

    def priced(self) -> dict[str, list[tuple[Placement, int]]]:
        """Each session's options no hard rule on one placement forbids, with the soft
        cost the rules put on them: what `greedy` needs, judged once."""
        cost: dict[int, int] = {}
        for _, _, lit, price in self.terms:
            cost[lit.index] = cost.get(lit.index, 0) + price
        return {s: [(p, cost.get(lit.index, 0)) for p, lit in self.live(s)] for s in self.options}

    def ranks(self) -> list[tuple[cp_model.IntVar, int]]:
        """Per session in model order, the rank of its chosen option in a total order of
        its options (opening, closing, the session's venue order, the venue's room
        order; being left out last) as an integer variable, with the number of values: the
        tie-break's key."""
        out = []
        for session in self.problem.sessions:
            venues = [v.id for v in self.problem.model.session_venues(session)]

            def key(p, venues=venues):
                v = venues.index(p.venue) if p.venue in venues else len(venues)
                rooms = [r.id for r in self.problem.venue(p.venue).rooms] if p.venue in venues else []
                return (p.start, p.end, v, rooms.index(p.room) if p.room in rooms else len(rooms), p)

            # the options no hard rule forbade (the others are false): fewer values, so more
            # sessions to a chunk of the tie-break
            lits = [lit for _, lit in sorted(self.live(session.id), key=lambda o: key(o[0]))]
            lits += self._left_out(session.id)
            n = max(1, len(lits))
            rank = self.cp.new_int_var(0, n - 1, f"{session.id}.rank")
            self.cp.add(rank == cp_model.LinearExpr.weighted_sum(lits, list(range(len(lits)))))
            out.append((rank, n))
        return out

    def decode(self, holds) -> Timetable:
        """The timetable a solution makes: `holds(literal)` says whether a literal is true
        in it (a CP-SAT solver's `boolean_value`, or a MIP's answer)."""
        tt = Timetable(dropped=frozenset(s for s, lit in self.dropped.items() if holds(lit)))
        for session in self.problem.sessions:
            for p, lit in self.options[session.id]:
                if holds(lit):
                    tt.placements[session.id] = p
                    break
        return tt

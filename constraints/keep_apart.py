"""keep-apart (hard): a session does not meet on the days of a body it avoids.

A body (`avoid` on the committee or a body) or a single session (`avoid` on the
session, adding to its body's) names the other bodies whose meetings it must not
overlap: delegations are shared between bodies, so meeting in the same days as CND, in
another room or at another venue, is what a secretariat avoids. The rule is about
dates, never rooms.

A name matches, ignoring case, the `body` of the model's other meetings (CND matches
`body: CND` wherever it meets, its projected regular sessions in any year too) and the
id of a body planned in the same model, whose sessions it then keeps apart from
wherever the solver puts them. Loading refuses a name
that matches neither. A day counts when the session meets on it (its meeting days) and
the avoided meeting spans it.
"""

from schedule_planner.domain.schema import confirm_note, meeting_words
from schedule_planner.domain.text import fmt_range

from .base import ResourceRule, Use, plural


class KeepApart(ResourceRule):
    name = "keep-apart"
    reads_room = False  # judged once for a session's options alike but for their room
    summary = "a session meets on no day of a meeting of a body it or its body avoids (avoid)"

    @staticmethod
    def avoided(problem, session) -> list[str]:
        """The names the session avoids, lower-cased: its body's, then its own."""
        names = problem.body(session).avoid + session.avoid
        return list(dict.fromkeys(n.casefold() for n in names))

    def _avoiders(self, problem) -> dict[str, list[str]]:
        """For each planned body's id (lower-cased): the bodies whose sessions avoid it."""
        key = (self.name, "avoiders")
        if key not in problem.memo:
            out: dict[str, list[str]] = {}
            for body in problem.model.bodies:
                names = {n.casefold() for s in body.sessions for n in body.avoid + s.avoid}
                for other in problem.model.bodies:
                    if other is not body and other.id.casefold() in names:
                        out.setdefault(other.id.casefold(), []).append(body.id)
            problem.memo[key] = out
        return problem.memo[key]

    def demand(self, problem, session, p):
        """Per meeting day: ("meetings", body, name) for each avoided name (the other
        bodies' fixed meetings book it), ("sessions", body, name) for each avoided planned
        body (its sessions take it too), and a planned body's sessions take the latter of
        each body that avoids it."""
        body = problem.body(session)
        names = self.avoided(problem, session)
        avoiders = self._avoiders(problem).get(body.id.casefold(), ())
        if not names and not avoiders:
            return []  # most sessions: nothing to keep apart from
        planned = {b.id.casefold() for b in problem.model.bodies if b is not body}
        resources = []
        for n in names:
            resources.append(("meetings", body.id, n))
            if n in planned:
                resources.append(("sessions", body.id, n))
        for avoider in avoiders:
            resources.append(("sessions", avoider, body.id.casefold()))
        return [(r, day, 1) for day in problem.session_days(session, p) for r in resources]

    def capacity(self, problem, resource) -> int:
        return 1

    def booked(self, problem, resource, day):
        kind, _, n = resource
        if kind != "meetings":
            return []
        return [
            Use(m.id, 1, m.start, m.end, m.projected)
            for m in problem.model.meetings
            if m.body.casefold() == n and m.start <= day <= m.end
        ]

    def describe(self, problem, use: Use) -> str:
        """A meeting or session kept apart from, as the finding names it."""
        meeting = next((m for m in problem.model.meetings if m.id == use.who), None)
        if meeting is not None and meeting.projected:  # named by its body: its name is the series'
            return meeting_words(meeting.body, True, f"{meeting.id}, {fmt_range(use.start, use.end)}")
        if meeting is not None:
            label = (
                meeting.name
                if meeting.name.casefold().startswith(meeting.body.casefold())
                else (f"{meeting.body}'s {meeting.name}" if meeting.name else meeting.body)
            )
            return f"{label} ({meeting.id}, {fmt_range(use.start, use.end)})"
        other = problem.model.session(use.who)
        label = f"{problem.body(other).label}'s {other.name}" if other is not None else use.who
        return f"{label} ({use.who}, {fmt_range(use.start, use.end)})"

    def words(self, problem, session, p, short):
        count: dict[tuple[Use, str], int] = {}  # each meeting kept apart from: days, who avoids it
        body = problem.body(session)
        for (_, avoider, n), _, uses in short:
            if avoider != body.id:
                who = next(b for b in problem.model.bodies if b.id == avoider).label
            elif n in {a.casefold() for a in body.avoid}:
                who = body.label
            else:
                who = "the session"
            for use in uses:
                count[use, who] = count.get((use, who), 0) + 1
        return (
            "meets "
            + "; ".join(
                f"{plural(n, 'day')} alongside {self.describe(problem, u)}, which {who} avoids"
                for (u, who), n in count.items()
            )
            + confirm_note(any(u.projected for u, _ in count))
        )

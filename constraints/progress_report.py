"""progress-report (hard): each progress report has a meeting to report on, in time.

A body's `reports` go, in the order listed, to sessions of a deciding body (the General
Assembly's by default, A/AC.291/2 para. 16: to its 76th-79th sessions; with `to:`,
another organisation's governing body under `deciding`) or to committee sessions. A
report is drafted in `drafting_weeks` after a meeting of its body (a session or the
organizational session) and must reach conference services `submission_weeks` before
the window in which the deciding body takes it up opens (`stage`: the Assembly's Third
Committee, by default, another Main Committee or its plenary; another body's plenary),
to be issued `issuance_weeks` before it: so a meeting of the body must close by the
report's cut-off, the target's opening less both periods. So that each report has new
work to report, that meeting closes after the cut-off of the body's report before it.
"""

from datetime import date

from schedule_planner.domain.schema import Session
from schedule_planner.domain.text import fmt

from .base import HARD, Dates, Finding, Rule, Variables, days


def bases(body):
    """The meetings a report can report on: the body's sessions and its organizational
    session, not its informal consultations."""
    return [s for s in body.sessions if s.kind != "consultation"]


def target_words(model, report) -> str:
    """Where the report goes, in words, from the model's deciding bodies."""
    return model.goes_to(report) if report.assembly is not None else f"session {report.session}"


class ProgressReport(Rule):
    name = "progress-report"
    level = HARD
    level_settable = False  # its encoding prices no days short: it stays hard
    summary = (
        "each report has a meeting of its body to report on that closes by its cut-off "
        "and after the previous report's"
    )

    def cutoffs(self, problem, body, at):
        """(report, its cut-off, the previous report's cut-off or None), as day numbers
        or, for a report to a committee session, a solver expression."""
        prev = None
        for report in body.reports:
            target = problem.report_target(report)
            submission, _ = problem.report_weeks(report, body)
            lead = 7 * (submission + report.drafting_weeks)
            cut = (target.toordinal() if target else at.start(report.session)) - lead
            yield report, cut, prev
            prev = cut

    @staticmethod
    def in_time(end, cut, prev) -> list:
        """When a meeting closing on `end` is one the report can report on: the slacks,
        each >= 0, of closing by the cut-off and after the previous report's. Day
        numbers in check, solver expressions in encode."""
        return [cut - end] + ([end - prev - 1] if prev is not None else [])

    def history(self, problem, report, body) -> bool:
        """A report whose cut-off has passed on --today: what it reported is history."""
        if problem.today is None:
            return False
        target = problem.report_target(report)
        if target is None:
            return report.session in problem.pinned
        return problem.report_dates(report, body, target)["cut-off"] < problem.today

    def encode(self, enc) -> None:
        for body in enc.problem.model.bodies:
            for report, cut, prev in self.cutoffs(enc.problem, body, Variables(enc)):
                if self.history(enc.problem, report, body):
                    continue
                chosen = []
                for m in bases(body):
                    b = enc.cp.new_bool_var(f"{self.name}:{report.id}:{m.id}")
                    if enc.meets(m.id) is not True:
                        enc.cp.add_implication(b, enc.meets(m.id))
                    for slack in self.in_time(enc.end[m.id], cut, prev):
                        enc.cp.add(slack >= 0).only_enforce_if(b)
                    chosen.append(b)
                goes = enc.meets(report.session) if report.session else True
                enc.require(self.name, report.id, sum(chosen) - 1, 0, [goes] if goes is not True else [])

    def basis(self, problem, timetable, body, cut: int, prev: int | None) -> list:
        """The placed meetings that close within (prev, cut], latest first."""
        out = []
        for m in bases(body):
            p = timetable.get(m.id)
            if p is None or m.id in timetable.dropped:
                continue
            if all(slack >= 0 for slack in self.in_time(p.end.toordinal(), cut, prev)):
                out.append((p.end, m))
        return [m for _, m in sorted(out, key=lambda x: x[0], reverse=True)]

    def check(self, problem, timetable):
        at = Dates(timetable)
        for body in problem.model.bodies:
            for report, cut, prev in self.cutoffs(problem, body, at):
                if report.session is not None and timetable.get(report.session) is None:
                    continue
                if self.basis(problem, timetable, body, cut, prev):
                    continue
                later = sorted(
                    (p.end, m.id)
                    for m in bases(body)
                    if (p := timetable.get(m.id)) is not None
                    and m.id not in timetable.dropped
                    and p.end.toordinal() > cut
                )
                short = (later[0][0].toordinal() - cut) if later else 1
                since = f" and after {fmt(date.fromordinal(prev))}" if prev is not None else ""
                words = (
                    f"{report.id} goes to {target_words(problem.model, report)}: a meeting of {body.label} must "
                    f"close by {fmt(date.fromordinal(cut))}{since} for it to be drafted in "
                    f"{report.drafting_weeks} weeks and submitted in time, and none does"
                    + (
                        f"; the nearest, {later[0][1]}, closes on {fmt(later[0][0])}, {days(short)} too late"
                        if later
                        else ""
                    )
                )
                yield Finding(
                    self.name,
                    self.level,
                    report.id,
                    date.fromordinal(cut).isoformat(),
                    short,
                    0,
                    words,
                    problem.history_note(report.id) if self.history(problem, report, body) else "",
                )

    def basis_and_slack(self, problem, timetable, body, report) -> tuple[Session | None, int | None]:
        """The meeting the report reports on (the latest that closes in time) and the
        days it can move later before it no longer does; (None, None) when none does."""
        for r, cut, prev in self.cutoffs(problem, body, Dates(timetable)):
            if r is report:
                found = self.basis(problem, timetable, body, cut, prev)
                if found:
                    return found[0], cut - timetable.get(found[0].id).end.toordinal()
        return None, None

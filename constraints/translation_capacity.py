"""translation-capacity (hard): the translators can translate every session's documents.

A session's pre-session documents (`documents.pages`, per body or per session) are
translated in the weeks between their submission to conference services and their
issuance in the six languages (GA res. 49/221 B: 10 and 6 weeks ahead), spread evenly
over those weeks. The model's `translation_capacity` is the pages a week the service
handles for every body together; without it, translation is unlimited.
"""

from datetime import timedelta

from schedule_planner.domain.text import fmt, plural

from .base import ResourceRule

RESOURCE = "translation"


class TranslationCapacity(ResourceRule):
    name = "translation-capacity"
    reads_room = False  # judged once for a session's options alike but for their room
    summary = (
        "each week the documents translated for every body's sessions stay within translation_capacity pages"
    )

    def weekly(self, problem, session, p) -> list[tuple[str, object, int]]:
        """(resource, first day of the week, pages) for each week of translation."""
        pages = problem.documents(session).pages if session.is_session and problem.new_text(session) else 0
        if problem.model.translation_capacity is None or not pages:
            return []
        deadlines = problem.deadlines(session, p, None)
        first = deadlines["submission"] - timedelta(days=deadlines["submission"].weekday())
        n = max(1, (deadlines["issuance"] - deadlines["submission"]).days // 7)
        return [(RESOURCE, first + timedelta(weeks=i), -(-pages // n)) for i in range(n)]

    def demand(self, problem, session, p):
        # the same for every venue and room of an opening, and for every opening in a week:
        # the deadlines are whole weeks before the opening (`Problem.deadlines`), so the
        # weeks of translation are those before the opening's week
        key = (self.name, "demand", session.id, p.start - timedelta(days=p.start.weekday()))
        if key not in problem.memo:
            problem.memo[key] = self.weekly(problem, session, p)
        return problem.memo[key]

    def capacity(self, problem, resource) -> int:
        return problem.model.translation_capacity

    def booked(self, problem, resource, day):
        return []  # other bodies' fixed meetings have had their documents translated

    def words(self, problem, session, p, short):
        _, week, uses = short[0]
        need = self.demand(problem, session, p)[0][2]
        return (
            f"translation takes {need} pages a week of the session's documents, and "
            + (", ".join(f"{u.who} ({u.amount})" for u in uses) or "nothing else")
            + f" the week of {fmt(week)}: more than the {problem.model.translation_capacity} "
            f"pages a week translators handle, in {plural(len(short), 'week')} from {fmt(week)}"
        )

"""preferred-venue (soft, per step): a session meets at the first venue its `venues` list names."""

from .base import SOFT, SessionRule, Verdict


class PreferredVenue(SessionRule):
    name = "preferred-venue"
    level = SOFT
    reads_room = False  # judged once for a session's options alike but for their room
    default_weight = 5
    summary = "each step down the session's list of venues"

    def judge(self, problem, session, p):
        venues = [v.id for v in problem.model.session_venues(session)]
        if p.venue not in venues or venues.index(p.venue) == 0:
            return None
        rank = venues.index(p.venue)
        return Verdict(
            rank,
            lambda: (
                f"meets at the {problem.venue(p.venue).name}, not at the "
                f"{problem.venue(venues[0]).name}, its first venue"
            ),
        )

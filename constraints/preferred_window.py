"""preferred-window (soft, per day): a session lies within its preferred dates."""

from schedule_planner.domain.text import fmt_range

from .base import SOFT, SessionRule, Verdict, days


class PreferredWindow(SessionRule):
    name = "preferred-window"
    level = SOFT
    reads_room = False  # judged once for a session's options alike but for their room
    priced_per_day = True
    default_weight = 1
    summary = "each day a session lies outside its preferred window"

    def judge(self, problem, session, p):
        pref = session.preferred
        if pref is None:
            return None
        early = max(0, (pref.start - p.start).days)
        late = max(0, (p.end - pref.end).days)
        if not early + late:
            return None
        side = " and ".join(w for w in (early and f"{days(early)} early", late and f"{days(late)} late") if w)
        return Verdict(
            early + late,
            lambda: (
                f"{fmt_range(p.start, p.end)} is {side} for its preferred "
                f"window {fmt_range(pref.start, pref.end)}"
            ),
        )

"""CSV: one line per session, for spreadsheets. A column named as a key of the JSON
contract means what it means there (lists as space-separated ISO dates); the number of
meeting days has a name of its own, `meeting_day_count`."""

from __future__ import annotations

import csv
import io

from ..domain.deadlines import KEYS
from ..rows import SessionRow


def to_csv(rows: list[SessionRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "name", "start", "end", "meeting_days", "meeting_day_count", "lost_days",
                     "venue", "room", *KEYS, "task"])
    for r in rows:
        writer.writerow([r.id, r.session.name, r.start.isoformat(), r.end.isoformat(),
                         _dates(r.meeting_days), len(r.meeting_days), _dates(r.lost_days),
                         r.venue.id, r.room.id,
                         *(r.deadlines[k].isoformat() if k in r.deadlines else "" for k in KEYS),
                         r.session.task])
    return out.getvalue()


def _dates(days) -> str:
    return " ".join(d.isoformat() for d in days)

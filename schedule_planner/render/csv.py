"""CSV: one line per session, for spreadsheets."""

from __future__ import annotations

import csv
import io

from ..domain.deadlines import KEYS
from ..rows import SessionRow


def to_csv(rows: list[SessionRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "name", "start", "end", "meeting_days", "lost_days", "venue", "room",
                     *KEYS, "task"])
    for r in rows:
        writer.writerow([r.id, r.session.name, r.start.isoformat(), r.end.isoformat(),
                         len(r.meeting_days), " ".join(d.isoformat() for d in r.lost_days),
                         r.venue.id, r.room.id,
                         *(r.deadlines[k].isoformat() if k in r.deadlines else "" for k in KEYS),
                         r.session.task])
    return out.getvalue()

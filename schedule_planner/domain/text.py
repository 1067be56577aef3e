"""Words and dates as a secretariat writes them."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

WHOLE = re.compile(r"-?[0-9]+")
# characters that reorder the text after them on a terminal or a page (the explicit bidi
# embeddings, overrides and isolates, and their ends): a name could show other words than
# it holds. Not the marks (LRM, RLM, ALM), which Arabic and Hebrew text may need and
# which reorder nothing but the punctuation beside them.
BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def visible(text: str) -> str:
    """A message as a terminal can show it: a control or bidi character it echoes from
    the input written as its escape (\\x1b, \\u202e), never acted on; line breaks kept."""
    return "".join(
        (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")
        if c != "\n" and (unicodedata.category(c) == "Cc" or c in BIDI)
        else c
        for c in text
    )


def whole_number(value):
    """A whole number written with the digits 0-9 and nothing else: no `1_000`, `١٢`,
    ` 5` or `5.0`, which Python's int() would silently accept."""
    if isinstance(value, str) and not WHOLE.fullmatch(value):
        raise ValueError(f"expected an integer written with the digits 0-9 (got '{value}')")
    return value


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 day', '2 days'; `many` for an irregular plural."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def fmt(day: date) -> str:
    """A date as a secretariat writes it: Mon 10 Apr 2023."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def fmt_range(start: date, end: date) -> str:
    """Mon 2 - Fri 13 Aug 2021; Mon 29 Aug - Fri 9 Sep 2022; across years in full."""
    if start == end:
        return fmt(start)
    if start.year != end.year:
        return f"{fmt(start)} - {fmt(end)}"
    if start.month != end.month:
        return f"{start:%a} {start.day} {start:%b} - {fmt(end)}"
    return f"{start:%a} {start.day} - {fmt(end)}"


def short_date(day: date) -> str:
    """12 Dec 2022: for narrow columns."""
    return f"{day.day} {day:%b %Y}"


def ordinal(n: int) -> str:
    """76th, 77th, 21st, 112th."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"

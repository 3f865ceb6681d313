"""A statement timeline drawn on the server as inline SVG: one linked dot per dated statement.

Month names, the dates in the dots' titles and the description come from the caller, in the
reader's language (api/i18n.py); a dot links only where ``api.links.safe_href`` allows.

>>> from datetime import date
>>> svg = timeline_svg([TimelineItem(date(2025, 3, 4), "/id/statement/x", "said")])
>>> svg.count("<circle"), 'href="/id/statement/x"' in svg
(1, True)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup, escape

from api.links import safe_href

WIDTH, MARGIN, AXIS_GAP, STEP, RADIUS = 760, 48, 34, 16, 6
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


@dataclass(frozen=True, slots=True)
class TimelineItem:
    when: date
    href: str
    title: str


def _ticks(first: date, last: date, months: Sequence[str] = MONTHS) -> list[tuple[date, str]]:
    """Year ticks over long spans, month ticks over shorter ones, day ticks under two months."""
    days = (last - first).days
    if days > 3 * 365:
        return [(date(y, 1, 1), str(y)) for y in range(first.year + 1, last.year + 1)]
    if days > 60:
        ticks, y, m = [], first.year, first.month
        every = 1 if days < 400 else 3
        while True:
            m += 1
            if m > 12:
                y, m = y + 1, 1
            tick = date(y, m, 1)
            if tick > last:
                return ticks
            if (m - 1) % every == 0:
                ticks.append((tick, f"{months[m - 1]} {y}"))
    step = max(1, days // 6)
    return [(first + timedelta(d), f"{(first + timedelta(d)).day} "
             f"{months[(first + timedelta(d)).month - 1]}") for d in range(step, days, step)]


def timeline_svg(items: list[TimelineItem], *, months: Sequence[str] = MONTHS,
                 label: str | None = None,
                 day_text: Callable[[date], str] = date.isoformat) -> Markup:
    """Dots on a time axis, stacked when they fall on the same spot; each dot links away.

    ``months`` names the months on the axis, ``label`` describes the figure (aria-label),
    ``day_text`` writes a dot's date in its title."""
    items = sorted(items, key=lambda i: (i.when, i.href))
    if not items:
        return Markup("")
    first, last = items[0].when, items[-1].when
    pad = max(timedelta(days=15), (last - first) / 12)
    first, last = first - pad, last + pad
    span = (last - first).days or 1

    def x_of(day: date) -> float:
        return MARGIN + (WIDTH - 2 * MARGIN) * (day - first).days / span

    stacks: dict[int, int] = {}
    dots = []
    for item in items:
        x = round(x_of(item.when))
        bucket = x // (2 * RADIUS + 2)
        level = stacks.get(bucket, 0)
        stacks[bucket] = level + 1
        dots.append((x, level, item))
    default_label = f"{len(items)} dated statements from {items[0].when} to {items[-1].when}"
    height = AXIS_GAP + STEP * max(stacks.values()) + 30
    axis_y = height - 30
    parts = [f'<svg class="timeline" xmlns="http://www.w3.org/2000/svg" role="img" '
             f'viewBox="0 0 {WIDTH} {height}" width="100%" '
             f'aria-label="{escape(label or default_label)}">',
             f'<line class="axis" x1="{MARGIN - 10}" y1="{axis_y}" x2="{WIDTH - MARGIN + 10}" '
             f'y2="{axis_y}"/>']
    for day, text in _ticks(first, last, months):
        x = round(x_of(day))
        parts.append(f'<line class="tick" x1="{x}" y1="{axis_y}" x2="{x}" y2="{axis_y + 5}"/>'
                     f'<text class="tick-label" x="{x}" y="{axis_y + 19}" '
                     f'text-anchor="middle">{escape(text)}</text>')
    for x, level, item in dots:
        y = axis_y - 14 - level * STEP
        href = safe_href(item.href)
        parts.append((f'<a href="{escape(href)}" class="dot">' if href else '<g class="dot">')
                     + f'<line class="stem" x1="{x}" y1="{axis_y}" x2="{x}" y2="{y}"/>'
                     f'<circle cx="{x}" cy="{y}" r="{RADIUS}">'
                     f'<title>{escape(day_text(item.when))}: {escape(item.title)}</title>'
                     f'</circle>' + ('</a>' if href else '</g>'))
    parts.append("</svg>")
    return Markup("".join(parts))

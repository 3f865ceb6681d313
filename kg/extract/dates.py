"""Dates: spans found with each language's lexicon, then fixed to ISO dates.

Absolute dates ("7 November 2024", "November 7, 2024", "07.11.2024", "٧ نوفمبر/تشرين الثاني
2024") are read directly. Relative ones ("yesterday", "منذ يومين") are handed to dateparser
with the publication date as base, and only when that date is known. A year-less date is
fixed only where the text fixes its year. Nothing is guessed.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from kg.extract.normalise import fold, normalise
from kg.model import DateRef


@dataclass(eq=False)     # hashed by identity: one compiled grammar per language
class DateGrammar:
    lang: str
    months: dict[str, int]
    weekdays: dict[str, int]
    relative: list[str]
    ordinals: dict[str, int]
    absolute: list[re.Pattern]
    yearless: list[re.Pattern]
    relative_re: re.Pattern | None
    weekday_re: re.Pattern | None
    weekday_prefixes: frozenset[str] = frozenset()   # "on" Monday, «يوم» الاثنين
    today: frozenset[str] = frozenset()          # "today": a full date after it is publication
    published_markers: frozenset[str] = frozenset()   # "date 2018-11-28" on a first line
    vague: frozenset[str] = frozenset()          # "last week": found, but no one day


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def compile_grammar(lang: str, spec: dict) -> DateGrammar:
    months = {fold(k): v for k, v in spec.get("months", {}).items()}
    weekdays = {fold(k): v for k, v in spec.get("weekdays", {}).items()}
    ordinals = {fold(k): v for k, v in spec.get("ordinals", {}).items()}
    relative = [fold(r) for r in spec.get("relative", [])]
    m = f"(?P<month>{_alt(months)})"
    m2 = f"(?:\\s*/\\s*(?:{_alt(months)}))?"          # "نوفمبر/تشرين الثاني"
    d = r"(?P<day>[0-3]?[0-9])(?:st|nd|rd|th)?(?:\s*-\s*[0-3]?[0-9](?:st|nd|rd|th)?)?"  # "28-29": start
    y = r"(?P<year>(?:19|20)[0-9]{2})"
    b, e = r"(?<![\w])", r"(?![\w])"
    absolute = [
        f"{b}{d}\\s+(?:of\\s+)?{m}{m2},?\\s+(?:عام\\s+|سنه\\s+)?{y}{e}",
        f"{b}{m}\\s+{d},?\\s+{y}{e}",
        f"{b}(?P<day>[0-3]?[0-9])[./](?P<mnum>[01]?[0-9])[./]{y}{e}",
        f"{b}{y}-(?P<mnum>[01][0-9])-(?P<day>[0-3][0-9]){e}",
    ]
    if ordinals:
        absolute.append(f"{b}(?:ال)?(?P<ordinal>{_alt(ordinals)})\\s+من\\s+{m}{m2}\\s+(?:عام\\s+)?{y}{e}")
    yearless = [f"{b}{d}\\s+(?:of\\s+)?{m}{m2}{e}", f"{b}{m}\\s+{d}{e}"]
    rel = re.compile(f"{b}(?:{_alt(relative)}){e}") if relative else None
    prefixes = [fold(w) for w in spec.get("weekday_prefixes", [])]
    pre = f"(?:(?:{_alt(prefixes)})\\s+)?" if prefixes else ""
    wd = re.compile(f"{b}{pre}(?P<weekday>{_alt(weekdays)}){e}") if weekdays else None
    return DateGrammar(lang, months, weekdays, relative, ordinals,
                       [re.compile(p) for p in absolute], [re.compile(p) for p in yearless],
                       rel, wd, frozenset(prefixes), frozenset(fold(w) for w in spec.get("today", [])),
                       frozenset(fold(w) for w in spec.get("published_markers", [])),
                       frozenset(fold(w) for w in spec.get("vague", [])))


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def find_dates(text: str, grammar: DateGrammar, published: str | None) -> list[DateRef]:
    """Every date expression in ``text``, resolved where the text allows (worked out once per
    text: the passes ask again for the whole text and for each line near the top)."""
    return list(_find_dates(text, grammar, published))


@functools.lru_cache(maxsize=512)
def _find_dates(text: str, grammar: DateGrammar, published: str | None) -> tuple[DateRef, ...]:
    spots, years = _spots(text, grammar)
    found = []
    for start, end, kind, rule, what in spots:
        if kind == "absolute":
            value = what
        elif kind == "yearless":
            value = _fix_year(*what, years.get(what), published)
        elif kind == "weekday":
            value, kind = _weekday(what, published), "relative"
        else:
            value = None if what else _relative(text[start:end], grammar.lang, published)
        found.append(DateRef(start, end, text[start:end], value, kind, rule))
    return tuple(_merge_weekdays(text, sorted(found, key=lambda r: r.start)))


@functools.lru_cache(maxsize=512)
def _spots(text: str, grammar: DateGrammar) -> tuple[tuple, dict]:
    """Where the text's date expressions stand, whatever the publication date:
    ``(start, end, kind, rule, what)`` with ``what`` the ISO date (absolute), (month, day)
    (yearless), the weekday (weekday) or whether the word is vague (relative); and the years
    the text gives each (month, day)."""
    norm = normalise(text)
    spots: list[tuple] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, z: int) -> bool:
        return all(z <= s or a >= e for s, e in taken)

    def spot(m, kind: str, rule: str, what) -> None:
        taken.append((m.start(), m.end()))
        spots.append((*norm.span(m.start(), m.end()), kind, rule, what))

    for k, rx in enumerate(grammar.absolute):
        for m in rx.finditer(norm.text):
            if not free(m.start(), m.end()):
                continue
            g = m.groupdict()
            month = int(g["mnum"]) if g.get("mnum") else grammar.months[g["month"]]
            day = grammar.ordinals[g["ordinal"]] if g.get("ordinal") else int(g["day"])
            value = _iso(int(g["year"]), month, day)
            if value is not None:
                spot(m, "absolute", f"{grammar.lang}.date.absolute.{k}", value)
    years: dict[tuple[int, int], set[int]] = {}  # (month, day) -> years the text gives
    for _start, _end, _kind, _rule, value in spots:
        y, mo, d = map(int, value.split("-"))
        years.setdefault((mo, d), set()).add(y)
    for k, rx in enumerate(grammar.yearless):
        for m in rx.finditer(norm.text):
            if free(m.start(), m.end()):
                g = m.groupdict()
                spot(m, "yearless", f"{grammar.lang}.date.yearless.{k}",
                     (grammar.months[g["month"]], int(g["day"])))
    for m in (grammar.relative_re.finditer(norm.text) if grammar.relative_re else ()):
        if free(m.start(), m.end()):
            spot(m, "relative", f"{grammar.lang}.date.relative", m.group(0) in grammar.vague)
    for m in (grammar.weekday_re.finditer(norm.text) if grammar.weekday_re else ()):
        if free(m.start(), m.end()):
            spot(m, "weekday", f"{grammar.lang}.date.weekday",
                 grammar.weekdays[m.group("weekday")])
    return tuple(spots), years


def _merge_weekdays(text: str, refs: list[DateRef]) -> list[DateRef]:
    """A weekday next to another date is one expression: "today, Tuesday" holds only if that
    day is a Tuesday (else the text contradicts itself and nothing is fixed); "Tuesday,
    7 November 2024" is the full date."""
    out: list[DateRef] = []
    for ref in refs:
        prev = out[-1] if out else None
        if prev is not None and _adjacent(text, prev, ref) and "weekday" in (prev.rule + ref.rule) \
                and not (prev.rule.endswith("weekday") and ref.rule.endswith("weekday")):
            week, other = (prev, ref) if prev.rule.endswith("weekday") else (ref, prev)
            value = other.value
            if other.kind == "relative" and value and week.value and \
                    dt.date.fromisoformat(value).weekday() != dt.date.fromisoformat(week.value).weekday():
                value = None
            out[-1] = DateRef(prev.start, ref.end, text[prev.start:ref.end], value, other.kind, other.rule)
            continue
        out.append(ref)
    return out


def _adjacent(text: str, a: DateRef, b: DateRef) -> bool:
    return not re.search(r"[^\s,،]", text[a.end:b.start])


def _fix_year(month: int, day: int, years: set[int] | None, published: str | None) -> str | None:
    if years and len(years) == 1:
        return _iso(next(iter(years)), month, day)
    if published:
        pub = dt.date.fromisoformat(published)
        for year in (pub.year, pub.year - 1):
            value = _iso(year, month, day)
            if value and value <= published:
                return value
    return None


def _weekday(weekday: int, published: str | None) -> str | None:
    """The most recent such weekday on or before publication (the press convention)."""
    if not published:
        return None
    pub = dt.date.fromisoformat(published)
    return (pub - dt.timedelta(days=(pub.weekday() - weekday) % 7)).isoformat()


@functools.lru_cache(maxsize=4096)
def _relative(expression: str, lang: str, published: str | None) -> str | None:
    if not published:
        return None
    import dateparser  # slow to import: only when a relative date needs it

    base = dt.datetime.fromisoformat(published).replace(hour=12)
    parsed = dateparser.parse(expression, languages=[lang],
                              settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"})
    return parsed.date().isoformat() if parsed else None


SEPARATORS = "-:|/.()"      # what follows the date of a dateline ("19 April 2024 -", "Nov 1 (Interfax)")


def dateline(text: str, grammar: DateGrammar, *, lines: int = 8) -> DateRef | None:
    """The date of a dateline near the top: the publication date (its value None when the line
    gives no year). A line that holds only a date (and maybe a weekday), or a full date with at
    most three other words ("Published 21.03.2025 | Politics"); a first line marked as the
    stored date ("date 2018-11-28 ..."); or a line that opens with a place and an agency before
    the date and a separator after it ("NEW YORK CITY, 19 April 2024 - ...", "TASHKENT. Nov 1
    (Interfax) - ...")."""
    offset = 0
    seen = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            seen += 1
            refs = [r for r in find_dates(line, grammar, None) if r.kind != "relative"]
            found = _date_line(line, stripped, refs, grammar) or _marked(line, refs, grammar) \
                or _opening(line, refs, grammar)
            if found is not None:
                return DateRef(found.start + offset, found.end + offset, found.surface,
                               found.value, found.kind, f"{grammar.lang}.date.dateline")
            if seen >= lines:
                break
        offset += len(line) + 1
    return None


@functools.lru_cache(maxsize=16)
def dateline_of(text: str, grammar: DateGrammar) -> DateRef | None:
    """``dateline`` once per article (every sentence asks which date is the dateline's)."""
    return dateline(text, grammar)


@functools.lru_cache(maxsize=16)
def datelines_of(text: str, grammar: DateGrammar, *, lines: int = 8) -> tuple[DateRef, ...]:
    """Every dateline near the top: a stored date line may precede the agency's own
    ("date 2025-12-05" ... "VIENNA, December 5. /TASS/.")."""
    found: list[DateRef] = []
    offset = 0
    while True:
        rest = text[offset:]
        skipped = sum(1 for ln in text[:offset].split("\n") if ln.strip())
        line = dateline(rest, grammar, lines=lines - skipped) if skipped < lines else None
        if line is None:
            return tuple(found)
        found.append(DateRef(line.start + offset, line.end + offset, line.surface, line.value,
                             line.kind, line.rule))
        nl = text.find("\n", line.end + offset)
        if nl < 0:
            return tuple(found)
        offset = nl + 1


def _date_line(line: str, stripped: str, refs: list[DateRef], grammar: DateGrammar):
    rest = line
    for r in refs:
        rest = rest[:r.start] + " " * (r.end - r.start) + rest[r.end:]
    leftover = fold(rest)
    for wd in grammar.weekdays:
        leftover = leftover.replace(wd, " ")
    others = re.findall(r"[^\W\d_]+", leftover)
    full = [r for r in refs if r.kind == "absolute"]
    if refs and not others or full and len(others) <= 3 and len(stripped) <= 60:
        return refs[0]
    return None


def _marked(line: str, refs: list[DateRef], grammar: DateGrammar):
    """"date 2018-11-28 MOSCOW. ...": a marker word, then the date."""
    if not refs or not grammar.published_markers:
        return None
    head = fold(line[:refs[0].start]).split()
    return refs[0] if len(head) == 1 and head[0] in grammar.published_markers else None


def _opening(line: str, refs: list[DateRef], grammar: DateGrammar):
    """A dateline opening a line: a short head of capitalised words (a place, an agency) that
    ends in punctuation, or a few words of a caseless script; the date; then a separator."""
    if not refs or refs[0].start > 70:
        return None
    r = refs[0]
    head = line[:r.start].strip()
    words = re.findall(r"[^\W\d_]+", re.sub(r"\.\w+", "", head))    # "Site.kz": one name
    if len(words) > 8 or any(w[0].islower() for w in words):
        return None
    cased = any(w[0].isupper() for w in words)
    if head and not (head[-1] in ",.|-(–—" or not cased and len(words) <= 3):
        return None
    after = fold(line[r.end:r.end + 40]).lstrip()
    if after[:1] and after[0] in SEPARATORS:
        return r
    nxt = re.match(r",\s*([^\W\d_]+)", line[r.end:r.end + 40])
    if nxt and (nxt.group(1).isupper() or not head and nxt.group(1)[0].isupper()):
        return r
    return None


def stated_today(text: str, grammar: DateGrammar) -> DateRef | None:
    """"today, Wednesday 8 May 2024", «اليوم الأربعاء 8 مايو 2024»: the text says which day
    it is, so that full date is the publication date."""
    if not grammar.today:
        return None
    for ref in find_dates(text, grammar, None):
        if ref.kind != "absolute":
            continue
        before = [w for w in re.findall(r"[^\W\d_]+", fold(text[max(0, ref.start - 40):ref.start]))]
        while before and (before[-1] in grammar.weekdays or before[-1] in grammar.weekday_prefixes):
            before.pop()
        if before and before[-1] in grammar.today:
            return ref
    return None


def publication(text: str, grammar: DateGrammar) -> str | None:
    """The publication date the text states: a dateline (year-less ones only where the text
    gives the same day and month with a year), else a full date the text calls today."""
    line = dateline(text, grammar)
    if line is not None and line.value:
        return line.value
    if line is not None:
        for d in find_dates(text, grammar, None):
            if d.start == line.start and d.value:
                return d.value
    today = stated_today(text, grammar)
    return today.value if today is not None else None

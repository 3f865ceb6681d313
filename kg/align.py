"""The same statement, and the same event, reported in two articles or two languages.

Statements (``seckg:sameStatementAs``). Two statements are candidates when they have the
same speaker and report the same occasion (events at the same place, or the same date).
Their similarity is the overlap of the language-independent content they carry: the
organisations, states and persons they name, their topics, and the numbers in them.
Reports keep the order of what was said, so a speaker's statements are paired one-to-one
by an order-preserving alignment (Needleman-Wunsch with free gaps) that keeps only pairs
above a threshold. A second pass links the parts of a quote one report splits and the
other gives whole: a statement left unpaired, next to a paired one in its own report, whose
content is contained in that partner's (sharing more than organisations and states), joins
the partner when the partner is longer than its pair predicts and long enough to hold both
(lengths compared with the ratio of the two reports' paired statements).

Events (``seckg:sameEventAs``). Two events of two articles are the same when they are of
the same kind, at the same place or on the same date with nothing conflicting, and either
statements linked above were made at them or tell of them, or both are dated and share
an organiser or attendee. Each event links to at most one event of the other article.

Cost. Nothing compares all pairs of articles: statements are bucketed by speaker and
occasion (each date and each place a statement can be tied to) and only articles that
meet in a bucket are aligned, for that speaker; events are compared only when linked
statements tie them, or when they share a kind, a date and a person.

>>> align([])
[]
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from statistics import median

from kg.extract.normalise import fold
from kg.iris import ID, event_iri, statement_iri
from kg.model import EventRecord, Extraction, StatementRecord

THRESHOLD = 0.34         # least similarity of a one-to-one pair
CONTAINMENT = 0.66       # least share of a part's features that the whole carries
LENGTH_FLOOR = 0.6       # least (length of the whole) / (length its parts predict)
WEAK = (f"{ID}org/", f"{ID}state/")   # names that, shared alone, make no part of a whole
NUMBER = re.compile(r"(?<![0-9])[0-9]{1,4}(?![0-9])")

Pair = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Reported:
    article: str               # article key
    record: StatementRecord
    event: EventRecord | None
    features: frozenset[str]

    @property
    def iri(self) -> str:
        return statement_iri(self.article, self.record.start, self.record.end)

    @property
    def length(self) -> int:
        return max(1, len(self.record.text))


@dataclass(frozen=True, slots=True)
class Alignment:
    statements: list[Pair]     # each pair once, sorted, (a, b) with a < b
    events: list[Pair]


def features(record: StatementRecord) -> frozenset[str]:
    nums = {f"#{n}" for n in NUMBER.findall(fold(record.text))}
    return frozenset({*record.mentions, *record.topics, *nums} - {record.speaker})


def similarity(a: Reported, b: Reported) -> float:
    fa, fb = a.features, b.features
    if not fa or not fb:
        return 0.0
    return len(fa & fb) / len(fa | fb)


def containment(part: Reported, whole: Reported) -> float:
    """The share of the part's features the whole carries (0 if they share only names of
    organisations and states, which a speaker repeats from quote to quote)."""
    shared = part.features & whole.features
    if not any(not f.startswith(WEAK) for f in shared):
        return 0.0
    return len(shared) / len(part.features)


def same_occasion(a: Reported, b: Reported) -> bool:
    if a.record.date and b.record.date:
        return a.record.date == b.record.date
    ea, eb = a.event, b.event
    if ea is None or eb is None:
        return False
    if ea.date and eb.date and ea.date != eb.date:
        return False
    return bool((ea.place and ea.place == eb.place) or (ea.date and ea.date == eb.date))


def align(extractions: list[tuple[str, Extraction]]) -> list[Pair]:
    """Pairs of statement IRIs that report the same statement (each pair once, sorted)."""
    return align_all(extractions).statements


def align_all(extractions: list[tuple[str, Extraction]]) -> Alignment:
    """Statements and events reported in two articles; the order of the input is irrelevant."""
    found = dict(sorted(extractions, key=lambda kv: kv[0]))
    reported = {key: statements_of(key, ex) for key, ex in found.items()}
    statements = _align_statements(reported)
    events = _align_events(found, reported, statements)
    return Alignment(statements, events)


def statements_of(key: str, found: Extraction) -> list[Reported]:
    """The attributed statements of one article (``key``), in text order."""
    events = {e.key: e for e in found.events}
    items = [Reported(key, r, events.get(r.event or ""), features(r)) for r in found.statements]
    return sorted(items, key=lambda r: (r.record.start, r.record.end))


# -- statements ------------------------------------------------------------------------

def _occasions(r: Reported) -> set[tuple[str, str]]:
    """Every date and place the statement can be tied to: two statements of the same
    occasion share at least one (see ``same_occasion``)."""
    keys = set()
    if r.record.date:
        keys.add(("date", r.record.date))
    if r.event is not None:
        if r.event.date:
            keys.add(("date", r.event.date))
        if r.event.place:
            keys.add(("place", r.event.place))
    return keys


def blocks(reported: dict[str, list[Reported]]) -> list[tuple[str, str, str]]:
    """(speaker, article a, article b), a < b: the only article pairs aligned for a speaker."""
    buckets: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for key, items in reported.items():
        for r in items:
            if r.record.speaker:
                for kind, value in _occasions(r):
                    buckets[(r.record.speaker, kind, value)].add(key)
    found = {(speaker, a, b) for (speaker, _k, _v), articles in buckets.items()
             for a, b in combinations(sorted(articles), 2)}
    return sorted(found)


def _align_statements(reported: dict[str, list[Reported]]) -> list[Pair]:
    by_speaker: dict[tuple[str, str | None], list[Reported]] = defaultdict(list)
    for key, items in reported.items():
        for r in items:
            by_speaker[(key, r.record.speaker)].append(r)
    paired = {}
    for speaker, a, b in blocks(reported):
        xs, ys = by_speaker[(a, speaker)], by_speaker[(b, speaker)]
        paired[(speaker, a, b)] = (xs, ys, _sequence_align(xs, ys))
    ratios = _length_ratios(paired.values())
    out: set[Pair] = set()
    for (_speaker, a, b), (xs, ys, pairs) in paired.items():
        ratio = ratios[(a, b)]
        anchors = pairs + _runs(xs, ys, pairs, ratio)
        anchors += _swap(_runs(ys, xs, _swap(anchors), 1 / ratio))
        links = anchors + _parts(xs, ys, anchors, ratio)
        links += _swap(_parts(ys, xs, _swap(anchors), 1 / ratio))
        out.update(tuple(sorted((xs[i].iri, ys[j].iri))) for i, j in links)
    return sorted(out)


def _swap(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [(j, i) for i, j in pairs]


def _length_ratios(paired: Iterable[tuple[list[Reported], list[Reported], list]]
                   ) -> dict[Pair, float]:
    """Per article pair, the median length of b's statement over a's in one-to-one pairs
    (with a prior of 1): how much longer one report's wording of the same words runs."""
    seen: dict[Pair, list[float]] = defaultdict(lambda: [1.0])
    for xs, ys, pairs in paired:
        ratios = seen[(xs[0].article, ys[0].article)]
        ratios.extend(ys[j].length / xs[i].length for i, j in pairs)
    return defaultdict(lambda: 1.0, {k: median(v) for k, v in seen.items()})


def _sequence_align(xs: list[Reported], ys: list[Reported]) -> list[tuple[int, int]]:
    n, m = len(xs), len(ys)
    sim = [[similarity(x, y) if same_occasion(x, y) else 0.0 for y in ys] for x in xs]
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            best = max(score[i - 1][j], score[i][j - 1])
            s = sim[i - 1][j - 1]
            if s >= THRESHOLD:
                best = max(best, score[i - 1][j - 1] + s)
            score[i][j] = best
    out = []
    i, j = n, m
    while i > 0 and j > 0:
        s = sim[i - 1][j - 1]
        if s >= THRESHOLD and abs(score[i][j] - (score[i - 1][j - 1] + s)) < 1e-9:
            out.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif score[i - 1][j] >= score[i][j - 1]:
            i -= 1
        else:
            j -= 1
    return list(reversed(out))


def _fits(whole: Reported, parts: list[Reported], ratio: float) -> float:
    """len(whole) over the length its parts predict (1: as expected)."""
    return whole.length / (ratio * sum(p.length for p in parts))


def _runs(xs: list[Reported], ys: list[Reported], pairs: list[tuple[int, int]],
          ratio: float) -> list[tuple[int, int]]:
    """(k, j) for each xs[k] of a run of two or three unpaired neighbours that together say
    what the unpaired ys[j] says, though none alone is similar enough: each part contained
    in it, the run as similar to it as a one-to-one pair must be, lengths that fit, and the
    run between the same pairs as ys[j] (order kept)."""
    anchors = sorted(pairs)
    out: list[tuple[int, int]] = []
    for j, whole in enumerate(ys):
        if any(jj == j for _i, jj in anchors):
            continue
        lo = max((i for i, jj in anchors if jj < j), default=-1)
        hi = min((i for i, jj in anchors if jj > j), default=len(xs))
        best: tuple[float, float, int, int] | None = None
        for start in range(lo + 1, hi):
            for size in (2, 3):
                run = [xs[k] for k in range(start, min(start + size, hi))]
                if len(run) < size or any(containment(p, whole) < CONTAINMENT
                                          or not same_occasion(p, whole) for p in run):
                    break
                union = frozenset().union(*(p.features for p in run))
                sim = len(union & whole.features) / len(union | whole.features)
                fit = _fits(whole, run, ratio)
                if sim >= THRESHOLD and LENGTH_FLOOR <= fit <= 1 / LENGTH_FLOOR:
                    option = (-sim, abs(math.log(fit)), start, size)
                    best = option if best is None else min(best, option)
        if best is not None:
            taken = [(k, j) for k in range(best[2], best[2] + best[3])]
            out += taken
            anchors = sorted(anchors + taken)
    return out


def _parts(xs: list[Reported], ys: list[Reported], pairs: list[tuple[int, int]],
           ratio: float) -> list[tuple[int, int]]:
    """(k, j): xs[k], left unpaired, is a part of ys[j], which is paired with a neighbour
    of xs[k] (or with a run of parts reaching it). ``ratio``: expected len(y) / len(x)."""
    linked = {i for i, _ in pairs}
    members: dict[int, list[int]] = defaultdict(list)     # whole -> its paired xs
    for i, j in pairs:
        members[j].append(i)
    proposals: dict[int, list[tuple[float, int, tuple[int, ...]]]] = defaultdict(list)
    for j, paired in sorted(members.items()):
        whole, run = ys[j], [xs[i] for i in paired]
        if _fits(whole, run, ratio) <= 1:         # no room for another part
            continue
        for step, edge in ((-1, min(paired)), (1, max(paired))):
            grown, k, chain = list(run), edge + step, ()
            while 0 <= k < len(xs) and k not in linked:
                part = xs[k]
                if containment(part, whole) < CONTAINMENT or not same_occasion(part, whole):
                    break
                grown.append(part)
                fit = _fits(whole, grown, ratio)
                if fit < LENGTH_FLOOR:
                    break
                proposals[k].append((abs(math.log(fit)), j, chain))
                chain, k = (*chain, k), k + step
    chosen = {k: min(options) for k, options in proposals.items()}
    return sorted((k, j) for k, (_misfit, j, chain) in chosen.items()
                  if all(chosen[c][1] == j for c in chain))


# -- events ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True, eq=False)
class Happening:
    """An event of one article (compared and hashed by identity: one per event)."""

    article: str
    record: EventRecord

    @property
    def iri(self) -> str:
        return event_iri(self.article, self.record.start)

    @property
    def people(self) -> frozenset[str]:
        return frozenset({self.record.organiser, *self.record.attendees} - {None, ""})


def compatible(a: Happening, b: Happening) -> bool:
    """Same kind, nothing conflicting, and the same place or the same date."""
    ra, rb = a.record, b.record
    if a.article == b.article or ra.kind != rb.kind:
        return False
    if (ra.place and rb.place and ra.place != rb.place) or (ra.date and rb.date and ra.date != rb.date):
        return False
    return bool((ra.place and ra.place == rb.place) or (ra.date and ra.date == rb.date))


def _told_in(events: list[Happening], r: Reported) -> list[Happening]:
    """Events whose word (``record.start:end``) lies inside the statement: told in it."""
    out = []
    for e in events:
        inside = min(e.record.end, r.record.end) - max(e.record.start, r.record.start)
        if inside * 2 > e.record.end - e.record.start:
            out.append(e)
    return out


def _align_events(found: dict[str, Extraction], reported: dict[str, list[Reported]],
                  statements: list[Pair]) -> list[Pair]:
    happenings = {key: [Happening(key, e) for e in ex.events] for key, ex in found.items()}
    by_key = {(h.article, h.record.key): h for hs in happenings.values() for h in hs}
    by_iri = {r.iri: r for items in reported.values() for r in items}
    votes: Counter[tuple[Happening, Happening]] = Counter()
    for sa, sb in statements:
        a, b = by_iri[sa], by_iri[sb]
        ea, eb = by_key.get((a.article, a.record.event)), by_key.get((b.article, b.record.event))
        if ea and eb:
            votes[(ea, eb)] += 1
        for ta in _told_in(happenings[a.article], a):
            for tb in _told_in(happenings[b.article], b):
                votes[(ta, tb)] += 1
    dated: dict[tuple[str, str, str], list[Happening]] = defaultdict(list)
    for h in (h for hs in happenings.values() for h in hs if h.record.date):
        for person in sorted(h.people):
            dated[(h.record.kind, h.record.date, person)].append(h)
    candidates = set(votes)
    for group in dated.values():
        candidates.update(combinations(group, 2))
    scored = []
    for a, b in candidates:
        a, b = sorted((a, b), key=lambda h: h.iri)
        if not compatible(a, b):
            continue
        n = votes[(a, b)] + votes[(b, a)]
        shared = len(a.people & b.people)
        if n or (shared and a.record.date and b.record.date):
            scored.append((-n, -shared, a.iri, b.iri, a.article, b.article))
    return _one_to_one(scored)


def _one_to_one(scored: list[tuple]) -> list[Pair]:
    """Best first, each event linked to at most one event of any other article."""
    taken: set[tuple[str, str]] = set()     # (event, other article)
    out = []
    for _n, _shared, a, b, art_a, art_b in sorted(set(scored)):
        if (a, art_b) in taken or (b, art_a) in taken:
            continue
        taken.update({(a, art_b), (b, art_a)})
        out.append((a, b))
    return sorted(out)

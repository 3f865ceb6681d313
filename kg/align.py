"""The same statement reported in two articles or two languages: ``seckg:sameStatementAs``.

Two statements are candidates when they have the same speaker and their articles report
the same occasion (events at the same place, or the same date). Their similarity is the
overlap of what language-independent content they carry: the organisations, states and
persons they name, their topics, and the numbers in them. Reports keep the order of what
was said, so statements are paired by an order-preserving alignment (Needleman-Wunsch
with free gaps) that keeps only pairs above a threshold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations

from kg.extract.normalise import fold
from kg.iris import statement_iri
from kg.model import EventRecord, Extraction, StatementRecord

THRESHOLD = 0.34
NUMBER = re.compile(r"(?<![0-9])[0-9]{1,4}(?![0-9])")


@dataclass(frozen=True, slots=True)
class Reported:
    article: str               # article key
    record: StatementRecord
    event: EventRecord | None

    @property
    def iri(self) -> str:
        return statement_iri(self.article, self.record.start, self.record.end)

    def features(self) -> frozenset[str]:
        nums = {f"#{n}" for n in NUMBER.findall(fold(self.record.text))}
        return frozenset({*self.record.mentions, *self.record.topics, *nums} - {self.record.speaker})


def similarity(a: Reported, b: Reported) -> float:
    fa, fb = a.features(), b.features()
    if not fa or not fb:
        return 0.0
    return len(fa & fb) / len(fa | fb)


def same_occasion(a: Reported, b: Reported) -> bool:
    if a.record.date and b.record.date:
        return a.record.date == b.record.date
    ea, eb = a.event, b.event
    if ea is None or eb is None:
        return False
    if ea.date and eb.date and ea.date != eb.date:
        return False
    return bool((ea.place and ea.place == eb.place) or (ea.date and ea.date == eb.date))


def _reported(key: str, found: Extraction) -> list[Reported]:
    events = {e.key: e for e in found.events}
    return [Reported(key, r, events.get(r.event or "")) for r in found.statements]


def align(extractions: list[tuple[str, Extraction]]) -> list[tuple[str, str]]:
    """Pairs of statement IRIs that report the same statement (each pair once, sorted)."""
    pairs: set[tuple[str, str]] = set()
    per_article = [(key, _reported(key, found)) for key, found in extractions]
    for (ka, ra), (kb, rb) in combinations(per_article, 2):
        if ka == kb:
            continue
        speakers = {r.record.speaker for r in ra} & {r.record.speaker for r in rb}
        for speaker in sorted(s for s in speakers if s):
            xs = [r for r in ra if r.record.speaker == speaker]
            ys = [r for r in rb if r.record.speaker == speaker]
            for x, y in _sequence_align(xs, ys):
                pairs.add(tuple(sorted((x.iri, y.iri))))
    return sorted(pairs)


def _sequence_align(xs: list[Reported], ys: list[Reported]) -> list[tuple[Reported, Reported]]:
    n, m = len(xs), len(ys)
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            best = max(score[i - 1][j], score[i][j - 1])
            s = similarity(xs[i - 1], ys[j - 1])
            if s >= THRESHOLD and same_occasion(xs[i - 1], ys[j - 1]):
                best = max(best, score[i - 1][j - 1] + s)
            score[i][j] = best
    out = []
    i, j = n, m
    while i > 0 and j > 0:
        s = similarity(xs[i - 1], ys[j - 1])
        if s >= THRESHOLD and same_occasion(xs[i - 1], ys[j - 1]) and \
                abs(score[i][j] - (score[i - 1][j - 1] + s)) < 1e-9:
            out.append((xs[i - 1], ys[j - 1]))
            i, j = i - 1, j - 1
        elif score[i - 1][j] >= score[i][j - 1]:
            i -= 1
        else:
            j -= 1
    return list(reversed(out))

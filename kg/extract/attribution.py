"""Statements: who said what, quoted directly or reported, from the attribution rules."""

from __future__ import annotations

from kg.extract.context import Context, Sentence
from kg.extract.dates import datelines_of
from kg.extract.morphology import GENDERS
from kg.extract.patterns import Item, match
from kg.extract.speakers import role_words, speaker_rules
from kg.model import Official, RoleRef, StatementRecord

IMPLICIT = "implicit"          # a rule with no {SPEAKER}: the last named speaker goes on
TRIM = " \t\n,،;:"
OPENING = "«“„‹\""


def attribute(ctx: Context, sentence: Sentence) -> None:
    _attribute(ctx, sentence)
    for item in sentence.items:
        person = person_of(item)
        if person:
            ctx.last_person = person
    if ctx.last_statement is not None and ctx.last_statement_sentence == sentence.index:
        ctx.last_person = ctx.last_speaker


def _attribute(ctx: Context, sentence: Sentence) -> None:
    claimed: set[int] = set()          # item indices of quotes already attributed
    reported_done = False
    for rule in ctx.rules.of("attribution"):
        m = match(rule.pattern, sentence.items, gap_max=rule.gap_max)
        if m is None:
            continue
        quote_rng = m.slots.get("QUOTE")
        if quote_rng and quote_rng[0] in claimed:
            continue
        if rule.mode == "reported" and reported_done and not rule.adds_clause:
            continue
        speaker, post, anonymous = _speaker(ctx, sentence, m)
        if speaker is None and not anonymous:
            continue
        verb = _verb(ctx, sentence, m)
        made = []
        if quote_rng:
            made.append(_direct(ctx, sentence.items[quote_rng[0]], rule.id))
            claimed.add(quote_rng[0])
        framed = "{COMP}" in rule.pattern.source or " that " in rule.pattern.source
        if "CONTENT" in m.slots and "SPEAKER" not in m.slots and not framed and \
                _has_subject(sentence.items, *m.slots["CONTENT"]):
            continue
        if "CONTENT" in m.slots:
            a, z = m.slots["CONTENT"]
            framed = "{COMP}" in rule.pattern.source or " that " in rule.pattern.source
            content = _content(ctx, sentence.items, a, z, claimed, framed=framed)
            if content is not None:
                # speech after a colon is direct unless a complementiser frames it
                mode = "reported" if _framed(sentence.items, a, z) else rule.mode
                if _unclosed_quote(ctx, *content):
                    mode = "direct"
                    content = _trim(ctx.text, content[0] + (ctx.text[content[0]] in OPENING),
                                    content[1])
                made.append(_span_statement(ctx, content[0], content[1], mode, rule.id))
                reported_done = True
            for q in range(a, z):
                inside = content is not None and \
                    content[0] <= sentence.items[q].start < content[1]
                titled = q > a and _titles(ctx, sentence.items[q - 1])
                if sentence.items[q].kind == "quote" and q not in claimed and not inside \
                        and not titled:
                    rec = _direct(ctx, sentence.items[q], rule.id)
                    if rec is not None:
                        made.append(rec)
                        claimed.add(q)
        if not quote_rng and "CONTENT" not in m.slots:
            # a reported rule points back («Об этом заявил X»), a direct one forward
            # («X сказал:» and a paragraph of speech opened by a dash)
            content = _previous_content(ctx, sentence) if rule.mode == "reported" \
                else _dash_paragraph(ctx, sentence)
            if content is not None:
                made.append(_span_statement(ctx, content[0], content[1], rule.mode, rule.id))
                reported_done = True
        for rec in made:
            if rec is None or _said_already(ctx, rec):
                continue
            rec.verb = verb or (ctx.last_statement.verb if ctx.last_statement else "")
            rec.speaker_post = post
            if speaker is None:
                ctx.result.unattributed.append(rec)
                continue
            rec.speaker = speaker
            ctx.result.statements.append(rec)
            ctx.last_speaker = speaker
            ctx.last_statement = rec
            ctx.last_statement_sentence = sentence.index


def _said_already(ctx: Context, rec: StatementRecord) -> bool:
    return any(s.start == rec.start and s.end == rec.end
               for s in (*ctx.result.statements, *ctx.result.unattributed))


def _previous_content(ctx: Context, sentence: Sentence) -> tuple[int, int] | None:
    """A reported rule with neither {CONTENT} nor {QUOTE} points back ("This was stated by
    X", «Об этом заявил X»): its content is the sentence before, unless that sentence is
    already a statement."""
    if sentence.index == 0:
        return None
    prev = ctx.sentences[sentence.index - 1]
    if any(prev.unit.start <= r.end and r.start < prev.unit.end
           for r in ctx.result.statements + ctx.result.unattributed):
        return None
    return _content(ctx, prev.items, 0, len(prev.items), set(), framed=True)


def _unclosed_quote(ctx: Context, start: int, end: int) -> bool:
    """Content that opens with a quotation mark never closed in it (a source's unbalanced
    marks, a page cut inside the quote) is the speaker's own words."""
    before = start
    while before > 0 and ctx.text[before - 1] == " ":
        before -= 1
    for opening, closing in ctx.common.get("quote_pairs", []):
        for at in (start, before - 1):
            if at >= 0 and ctx.text.startswith(opening, at):
                rest = ctx.text[at + 1:end + len(closing)] \
                    if ctx.text.startswith(closing, end) else ctx.text[at + 1:end]
                # the marks inside pair among themselves (a quoted name within the words)
                inner = rest.count(closing) if opening == closing else \
                    rest.count(closing) - rest.count(opening)
                if (inner % 2 == 0) if opening == closing else inner <= 0:
                    return True
    return False


def _dash_paragraph(ctx: Context, sentence: Sentence) -> tuple[int, int] | None:
    """The paragraph after this sentence when it opens with a dash (speech set out as in an
    interview), up to the paragraph's end."""
    following = ctx.sentences[sentence.index + 1:]
    if not following or not following[0].items or following[0].items[0].key != "-" or \
            "\n" not in ctx.text[sentence.unit.end:following[0].unit.start + 1]:
        return None
    end = following[0].unit.end
    for nxt in following[1:]:
        if "\n" in ctx.text[end:nxt.unit.start]:
            break
        end = nxt.unit.end
    start, end = _trim(ctx.text, following[0].items[0].end, end)
    return (start, end) if start < end else None


def _framed(items: list[Item], a: int, z: int) -> bool:
    """Content that opens with a complementiser ("that", «إن», «что») is reported."""
    while a < z and items[a].kind == "punct":
        a += 1
    return a < z and items[a].kind == "comp"


def _speaker(ctx: Context, sentence: Sentence, m) -> tuple[str | None, str | None, bool]:
    """(person, post given to them, anonymous?) for a match."""
    rng = m.slots.get("SPEAKER")
    if rng is None:
        if "QUOTE" in m.slots and len(m.slots) == 1:
            if sentence.index - ctx.last_statement_sentence > 3:
                return None, None, False     # a lone quote far from any speaker: not continued
            return ctx.last_speaker, _post_of(ctx, ctx.last_speaker, sentence.unit.start), False
        # a verb with no subject ("وأضاف أن", "موضحاً"): the person this sentence named
        # before it, else the last speaker, else the last person named
        person = _last_person_in(sentence, m.start) or ctx.last_speaker or ctx.last_person
        return person, _post_of(ctx, person, sentence.unit.start), False
    item = sentence.items[rng[0]]
    if item.kind == "official":
        off: Official = item.ref
        return off.person, off.post, False
    if item.kind == "person":
        person = item.ref.iri
        return person, _post_of(ctx, person, item.start), False
    if item.kind == "pronoun":
        # "..., he said": not a person named inside the content or quote before the pronoun
        said = [m.slots[s][0] for s in ("CONTENT", "QUOTE") if s in m.slots]
        person = _agreeing(ctx, _last_person(ctx, sentence, min([rng[0], *said])), item)
        return person, _post_of(ctx, person, item.start), False
    if item.kind == "anonymous":
        return None, None, True
    if item.kind == "roleref":
        ref: RoleRef = item.ref
        person = _resolve_role(ctx, ref, sentence)
        return person, ref.post, person is None
    if item.kind == "coref":
        roles = set(item.ref)
        qualified = _qualified(ctx, sentence.items, rng[0])
        if qualified is not None:
            return qualified, _post_of(ctx, qualified, item.start), False
        for off in reversed(ctx.officials_before(item.start)):
            if off.role in roles:
                return off.person, off.post, False
        return _holder_named_before(ctx, roles, item.start), None, False
    return None, None, False


def _agreeing(ctx: Context, person: str | None, pronoun: Item) -> str | None:
    """The pronoun's referent when their genders agree («она» is not Сергей Лавров), else
    the latest person named before it who agrees; genders from ``pronoun_genders`` in the
    lexicon and the language's name morphology."""
    want = ctx.rules.lexicon.get("pronoun_genders", {}).get(pronoun.key)
    gender_of = GENDERS.get(ctx.rules.speaker.get("normaliser", ""))
    if person is None or want is None or gender_of is None:
        return person

    def gender(iri: str) -> str | None:
        name = ctx.result.minted.get(iri, {}).get(ctx.lang) or ctx.gazetteer.label(iri, ctx.lang)
        return gender_of(name.split())

    if gender(person) in (want, None):
        return person
    for m in sorted(ctx.result.mentions, key=lambda m: -m.start):
        if m.kind == "person" and m.iri and m.start < pronoun.start and gender(m.iri) == want:
            return m.iri
    return None


def _holder_named_before(ctx: Context, roles: set[str], pos: int) -> str | None:
    """"The Secretary-General said" after the article named a reference person who holds
    that role (on the article's date, when it has one): the latest such person."""
    day = ctx.published
    for m in sorted(ctx.result.mentions, key=lambda m: -m.start):
        if m.kind != "person" or not m.iri or m.start >= pos:
            continue
        if any(t.role in roles and (day is None or t.covers(day))
               for t in ctx.gazetteer.roles_of(m.iri)):
            return m.iri
    return None


def _qualified(ctx: Context, items: list[Item], i: int) -> str | None:
    """"الوزير السويسري", "the Swiss minister": the last person whose post phrase carried the
    qualifying word next to the bare role, and whose post fits it."""
    near = [items[k] for k in (i - 1, i + 1) if 0 <= k < len(items)]
    quals = {it.key for it in near if it.kind == "word" and it.key}
    quals |= {it.ref.iri for it in near if it.kind in ("demonym", "state")
              and getattr(it.ref, "iri", None)}
    if not quals:
        return None
    head = items[i].key.split()[-1] if items[i].key else ""
    heads = {head, head[2:] if head.startswith("ال") else head}
    roles = set(items[i].ref or ())
    heads |= role_words(roles, speaker_rules(ctx))
    for off in reversed(ctx.officials_before(items[i].start)):
        fits = off.role in roles or heads & ctx.described.get(off.person, frozenset())
        if fits and quals & ctx.epithets.get(off.person, frozenset()):
            return off.person
    return None


def _last_person(ctx: Context, sentence: Sentence, before: int) -> str | None:
    """The person last named before item ``before`` of ``sentence`` (a pronoun's referent)."""
    for item in reversed(sentence.items[:before]):
        person = person_of(item)
        if person:
            return person
    return ctx.last_person or ctx.last_speaker


def _last_person_in(sentence: Sentence, before: int) -> str | None:
    for item in reversed(sentence.items[:before]):
        person = person_of(item)
        if person:
            return person
    return None


def person_of(item: Item) -> str | None:
    if item.kind == "official":
        return item.ref.person
    if item.kind == "person":
        return item.ref.iri
    if item.kind == "roleref":
        return item.ref.person
    return None


def _resolve_role(ctx: Context, ref: RoleRef, sentence: Sentence) -> str | None:
    """A role-only mention: the official this article named in that post, else the holder
    on the sentence's (or the article's) date; unresolved without a date."""
    for off in reversed(ctx.officials_before(ref.start)):
        if off.organisation == ref.organisation and off.role == ref.role:
            ref.person = off.person
            return off.person
    day = next((d.value for d in sentence.dates if d.value), None) or ctx.published
    if day and ref.organisation:
        ref.person = ctx.gazetteer.holder(ref.organisation, ref.role, day)
    return ref.person


def _post_of(ctx: Context, person: str | None, pos: int) -> str | None:
    """The post this article gives ``person`` (the nearest mention before ``pos``)."""
    if person is None:
        return None
    for off in reversed(ctx.result.officials):
        if off.person == person and off.post and off.start <= pos:
            return off.post
    for off in ctx.result.officials:
        if off.person == person and off.post:
            return off.post
    return None


def _verb(ctx: Context, sentence: Sentence, m) -> str:
    for slot in ("VERB", "ACCORDING", "PARTICIPLE"):
        rng = m.slots.get(slot)
        if rng:
            item = sentence.items[rng[0]]
            return ctx.text[item.start:item.end]
    return ""


def _direct(ctx: Context, item: Item, rule_id: str) -> StatementRecord | None:
    q = item.ref
    start, end = _trim(ctx.text, q.start, q.end)
    words = len(ctx.text[start:end].split())
    if words < ctx.common.get("min_quote_words", 3):
        return None
    return _span_statement(ctx, start, end, "direct", rule_id)


def _content(ctx: Context, items: list[Item], a: int, z: int, claimed: set[int], *,
             framed: bool):
    """The reported content of items[a:z]: up to the first quote that is a statement, trimmed.
    Words between a verb and a quote it introduces are no statement unless a complementiser
    ("that", "أن") frames them."""
    for k in range(a + 1, z):          # a new clause of speech ends this one
        if items[k].kind in ("participle", "verb") and items[k - 1].kind == "punct" or \
                items[k].kind == "verb" and items[k - 1].key in ctx.word_set("clause_joiners"):
            z = k
            break
    end_i = z
    for k in range(a, z):
        embedded = k > a and items[k - 1].kind not in ("punct", "comp", "verb", "participle")
        if items[k].kind == "quote" and not embedded and \
                (k in claimed or _quote_words(ctx, items[k]) >= ctx.common.get("min_quote_words", 3)):
            if not framed and any(items[j].kind == "quote" and j in claimed
                                  for j in range(len(items))):
                return None
            end_i = k
            break
    while end_i > a and items[end_i - 1].kind in ("punct", "participle", "comp"):
        end_i -= 1
    if end_i <= a:
        return None
    a = _after_dateline(ctx, items, a, end_i)
    while a < end_i and items[a].kind in ("punct", "comp"):
        a += 1
    if a >= end_i or items[a].key in ctx.word_set("content_blockers") or \
            items[a].kind == "participle":
        return None
    words = sum(1 for it in items[a:end_i] if it.kind not in ("punct",))
    if words < ctx.rules.lexicon.get("min_reported_words", ctx.common.get("min_reported_words", 4)):
        return None
    start, end = _trim(ctx.text, items[a].start, items[end_i - 1].end)
    if end < len(ctx.text) and ctx.text[end:end + 1] == "." and end_i == z:
        end += 1
    return start, end


SUBJECT_KINDS = {"official", "person", "roleref", "coref", "anonymous", "org", "state"}


def _titles(ctx: Context, item: Item) -> bool:
    """A quote right after an event word or a naming word is a title ("the conference
    "Asia: a space of peace"", "entitled "..."", «بعنوان»), not speech."""
    return item.kind.startswith("event") or item.key in ctx.word_set("title_words")


def _has_subject(items: list[Item], a: int, z: int) -> bool:
    """Content after a verb with no speaker that opens with a subject of its own ("وأكد الوزير
    الطاجيكي أن ...", "وذكرت وكالة ... أن ..."): the verb is that subject's, not a continuation
    of the last speaker's."""
    if a < z and items[a].kind in SUBJECT_KINDS:
        return True
    for k in range(a + 1, min(z, a + 6)):
        if items[k].kind == "comp":
            return True
        if items[k].kind in ("punct", "quote", "verb"):
            return False
    return False


def _after_dateline(ctx: Context, items: list[Item], a: int, z: int) -> int:
    """Content that opens with the dateline ("BISHKEK, March 3 (Kabar) - The bloc ...") starts
    after the dateline's dash."""
    if a >= z:
        return a
    start = items[a].start
    for line in datelines_of(ctx.text, ctx.grammar):
        if not start <= line.start <= start + 60 or "\n" in ctx.text[start:line.start]:
            continue
        for k in range(a, z):
            if items[k].start > line.end + 40:
                break
            if items[k].kind == "punct" and items[k].key == "-" and items[k].start >= line.end:
                return k + 1
    return a


def _quote_words(ctx: Context, item: Item) -> int:
    return len(ctx.text[item.ref.start:item.ref.end].split())


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end


def _span_statement(ctx: Context, start: int, end: int, mode: str, rule_id: str) -> StatementRecord:
    return StatementRecord(speaker=None, mode=mode, start=start, end=end,
                           text=ctx.text[start:end], verb="", rule=rule_id)

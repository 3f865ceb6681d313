"""One article through every pass: normalise, mentions, dates, sentences, roles, events,
statements, then dates/events/topics tied together. Text in, records out."""

from __future__ import annotations

import re

from kg.articles import Article
from kg.extract.attribution import attribute
from kg.extract.context import Context, Sentence
from kg.extract.dates import DateGrammar, compile_grammar, dateline, find_dates, publication
from kg.extract.events import find_events
from kg.extract.items import Lexicon, build_items, within
from kg.extract.language import language_of
from kg.extract.mentions import find_mentions
from kg.extract.morphology import GERUNDS, VERB_FORMS, generated
from kg.extract.names import mark_english_names
from kg.extract.normalise import fold
from kg.extract.patterns import Item
from kg.extract.quotes import find_quotes
from kg.extract.roles import apply_role_rules
from kg.extract.speakers import find_introduced, find_speakers
from kg.extract.tokens import tokenise
from kg.extract.topics import topics_of
from kg.extract.units import split_units
from kg.model import Extraction, Mention
from kg.ruleset import folded_list

ENTITY_KINDS = ("org", "state", "person", "place")


def extract(article: Article, ruleset) -> Extraction:
    text = article.text
    lang = language_of(article.meta.get("language"), text, ruleset.common, ruleset.languages,
                       article.source)
    rules = ruleset.for_language(lang)
    grammar = _grammar(ruleset, rules.language)
    tokens = tokenise(text)
    quotes = find_quotes(text, ruleset.common["quote_pairs"])
    mentions = _resolve_partials(find_mentions(text, tokens, ruleset.gazetteer))
    published = article.meta.get("published") or _published(text, grammar)
    result = Extraction(language=lang, published=published,
                        headline=article.meta.get("title") or headline(text))
    result.mentions = mentions
    result.dates = find_dates(text, grammar, published)
    if published is None:
        line = dateline(text, grammar)
        if line is not None:
            result.dates = [d for d in result.dates if d.start != line.start]
    ctx = Context(text, lang, rules, ruleset.common, ruleset.gazetteer, grammar,
                  _lexicon(ruleset, rules.language), tokens, quotes, result,
                  compiled=ruleset.compiled)
    units = split_units(text, quotes, ruleset.common["sentence_end"])
    stop = set(rules.lexicon.get("name_stopwords", []))
    titles = set(rules.lexicon.get("name_titles", []))
    for n, unit in enumerate(units):
        items = build_items(text, unit.start, unit.end, tokens, mentions, quotes, ctx.lexicon)
        items = _short_quotes(ctx, items, mentions)
        items = _coreference_items(_drop_modifiers(items, rules.lexicon), rules.lexicon)
        if rules.speaker.get("names", "capitalised") == "capitalised":
            items = mark_english_names(items, stop, titles)
        dates = [d for d in result.dates if unit.start <= d.start < unit.end]
        ctx.sentences.append(Sentence(n, unit, items, dates))
    _alias_named_people(ctx)
    for sentence in ctx.sentences:
        apply_role_rules(ctx, sentence)
    for sentence in ctx.sentences:
        _retag_minted(ctx, sentence)
        find_speakers(ctx, sentence)
    for sentence in ctx.sentences:
        find_introduced(ctx, sentence)
    for sentence in ctx.sentences:
        _retag_minted(ctx, sentence)
        find_events(ctx, sentence)
    for sentence in ctx.sentences:
        attribute(ctx, sentence)
    _tie_statements(ctx)
    for rec in result.statements:
        rec.mentions = _inside(ctx, rec.start, rec.end)
        rec.topics = topics_of(text[rec.start:rec.end], ruleset.gazetteer)
    return result


def _grammar(ruleset, lang: str) -> DateGrammar:
    cache = ruleset.compiled
    if ("dates", lang) not in cache:
        cache[("dates", lang)] = compile_grammar(lang, ruleset.for_language(lang).dates)
    return cache[("dates", lang)]


def _lexicon(ruleset, lang: str) -> Lexicon:
    cache = ruleset.compiled
    if ("lexicon", lang) in cache:
        return cache[("lexicon", lang)]
    lex = ruleset.for_language(lang).lexicon
    groups = {
        "verb": folded_list(lex.get("reporting_verbs", []) +
                            generated(lex, "reporting_verb_lemmas", VERB_FORMS)),
        "word": folded_list(lex.get("non_verbs", [])),
        "modifier": folded_list(lex.get("verb_modifiers", [])),
        "pronoun": folded_list(lex.get("pronouns", [])),
        "anonymous": folded_list(lex.get("anonymous_speakers", [])),
        "according": folded_list(lex.get("according", [])),
        "comp": folded_list(lex.get("complementisers", [])),
        "participle": folded_list(lex.get("participles", []) +
                                  generated(lex, "participle_lemmas", GERUNDS)),
    }
    for word, cls in ruleset.for_language(lang).events.get("words", {}).items():
        groups.setdefault(f"event:{cls}", []).extend(folded_list([word]))
    for k, entry in enumerate(lex.get("coreference", [])):
        groups[f"coref#{k}"] = folded_list([entry["words"]])
    cache[("lexicon", lang)] = Lexicon.build(groups)
    return cache[("lexicon", lang)]


def _coreference_items(items: list[Item], lexicon: dict) -> list[Item]:
    """"the minister", "الوزير": items that refer back to an official holding these roles."""
    from kg.iris import ID

    entries = lexicon.get("coreference", [])
    out = []
    for item in items:
        if item.kind.startswith("coref#"):
            roles = tuple(f"{ID}role/{r}" for r in entries[int(item.kind[6:])]["roles"])
            item = Item("coref", item.start, item.end, key=item.key, ref=roles)
        out.append(item)
    return out


def _short_quotes(ctx: Context, items: list[Item], mentions: list[Mention]) -> list[Item]:
    """A quote of fewer words than a statement needs is a name or a term («Иравунк», «МИР
    24»): its words stand as items of their own, so a name inside it is still that entity."""
    least = ctx.common.get("min_quote_words", 3)
    out: list[Item] = []
    for item in items:
        q = item.ref
        if item.kind == "quote" and len(ctx.text[q.start:q.end].split()) < least:
            out.extend(build_items(ctx.text, q.start, q.end, ctx.tokens, mentions, ctx.quotes,
                                   ctx.lexicon))
        else:
            out.append(item)
    return out


def _drop_modifiers(items: list[Item], lexicon: dict) -> list[Item]:
    """Adverbs and particles next to a reporting verb ("further stressed", "أشار إلى")."""
    out: list[Item] = []
    for i, item in enumerate(items):
        if item.kind == "modifier":
            prev_verb = bool(out) and out[-1].kind == "verb"
            next_verb = i + 1 < len(items) and items[i + 1].kind == "verb"
            after_speaker = len(out) >= 2 and out[-2].kind == "verb"
            if prev_verb or next_verb or after_speaker:
                continue
            item = Item("word", item.start, item.end, key=item.key)
        out.append(item)
    return out


def _resolve_partials(mentions: list[Mention]) -> list[Mention]:
    """A family name alone names the person the article named in full; otherwise it names
    nobody (a lone surname never resolves to a reference person the article does not name)."""
    full_people = [m.iri for m in mentions if m.kind == "person" and not m.partial and m.iri]
    out = []
    for m in mentions:
        if m.kind == "person" and (m.partial or m.iri is None):
            chosen = [c for c in m.candidates if c in full_people]
            if len(set(chosen)) == 1:
                m.iri = chosen[0]
            else:
                continue
        elif m.iri is None:
            continue
        out.append(m)
    return out


def _alias_named_people(ctx: Context) -> None:
    """The family name of a person the article names in full ("Olha Petrenka", where the
    reference data spells "Petrenko") names them later too."""
    for m in ctx.result.mentions:
        if m.kind == "person" and m.iri and not m.partial:
            words = fold(m.surface).split()
            if len(words) >= 2:
                ctx.minted_aliases.setdefault(words[-1], m.iri)


def _retag_minted(ctx: Context, sentence: Sentence) -> None:
    """Later mentions of a person minted from a role pattern ("Bekbolotov said")."""
    if not ctx.minted_aliases:
        return
    for i, item in enumerate(sentence.items):
        if item.kind in ("name", "word") and item.key in ctx.minted_aliases:
            iri = ctx.minted_aliases[item.key]
            mention = Mention("person", item.start, item.end, ctx.text[item.start:item.end], iri,
                              rule=f"{ctx.lang}.coreference.name")
            ctx.result.mentions.append(mention)
            sentence.items[i] = Item("person", item.start, item.end, key=item.key, ref=mention)


def _tie_statements(ctx: Context) -> None:
    """Statements to events and dates, where the text ties them (kg.extract.ties)."""
    from kg.extract.ties import tie_statements

    tie_statements(ctx)


def _inside(ctx: Context, start: int, end: int) -> list[str]:
    found = [m.iri for m in within(ctx.result.mentions, start, end)
             if m.kind in ("org", "state", "person") and m.iri]
    found += [o.person for o in within(ctx.result.officials, start, end)]
    return list(dict.fromkeys(found))


def headline(text: str) -> str | None:
    """The first short line that reads as a title (not a date, not a sentence)."""
    seen = 0
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        seen += 1
        if seen > 5:
            break
        words = line.split()
        if 4 <= len(words) <= 25 and not line.endswith((".", ":", "؟", "?")) \
                and re.search(r"[^\W\d_]{3}", line):
            return line
    return None


def _published(text: str, grammar: DateGrammar) -> str | None:
    """The publication date the text states (a dateline, a stored date line, or a full date
    the text calls today); None when it gives none or no year."""
    return publication(text, grammar)

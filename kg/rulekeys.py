"""Every key a rule file may hold, with what it means. A key the engine does not read is an
error at load time (``kg.ruleset``), so a typo never silently disables a rule. A new key is
code: add it here together with the code that reads it."""

from __future__ import annotations

ANY = "*"          # a table whose keys are data (month names, event words ...)

LANGUAGE_FILE: dict[str, dict[str, str] | str] = {
    "language": "the language code this file covers (ISO 639-1)",
    "lexicon": {
        "reporting_verbs": "speech verbs as written (multi-word allowed)",
        "reporting_verb_lemmas": "speech verbs as lemmas; their forms are generated",
        "participle_lemmas": "participles as lemmas; their forms are generated",
        "morphology": "which morphology generates forms from lemmas",
        "verb_modifiers": "adverbs and particles that may stand next to a verb",
        "pronouns": "pronouns that refer back to the last person named",
        "pronoun_genders": "the gender of each pronoun; its referent's name must agree",
        "anonymous_speakers": "speakers that are no identifiable person",
        "according": "frames that introduce a speaker ('according to')",
        "complementisers": "words that introduce reported content ('that', 'что', 'أن')",
        "participles": "participles that add a clause of speech ('adding', 'مشيرا')",
        "coreference": "bare nouns that refer to the last holder of these roles",
        "name_stopwords": "words never part of a person's name",
        "name_particles": "words that may continue a name ('عبد', 'الدين')",
        "name_titles": "courtesy titles before a name",
        "attendance_verbs": "verbs that tie a person to an event",
        "date_blockers": "words before a date that make it not the date of what is said",
        "clause_joiners": "words that join a second clause of speech ('and')",
        "content_blockers": "words reported content never starts with (frames)",
        "non_verbs": "multi-word readings in which a speech verb is a noun ('member states')",
        "title_words": "words after which a quotation is a title, not speech ('entitled')",
        "min_reported_words": "this language's minimum words of reported content (else common's)",
    },
    "dates": {
        "months": ANY, "weekdays": ANY, "ordinals": ANY,
        "relative": "relative date expressions resolved against the publication date",
        "today": "words that mean the publication day",
        "published_markers": "words that mark a date as the publication date",
        "tie_markers": "words that tie a date to the report rather than to what is said",
        "weekday_prefixes": "words before a weekday name ('on')",
        "vague": "expressions found but never turned into a day ('last week')",
    },
    "events": {
        "words": ANY,
        "place_prepositions": "prepositions before an event's place",
        "planned_markers": "words that mark an event as planned",
    },
    "speaker": {
        "role_heads": "nouns heading a description of a post",
        "ranks": "military and courtesy ranks, never part of a name",
        "phrase_words": "function words inside a role phrase",
        "modifiers": "words that qualify a post ('permanent', 'deputy')",
        "loose_words": "whether any word may stand in a role phrase",
        "blockers": "words that end a role phrase",
        "adjuncts": "items a verb may have before the speaker after it",
        "links": "prepositions inside a role phrase before a place or body",
        "bare_descriptions": "whether a post phrase without determiner describes a person",
        "describe_anywhere": "whether a post phrase introduces a name away from any verb",
        "determiners": "words that start a described speaker ('the envoy')",
        "indefinite": "words that start a speaker named only later ('a ... envoy')",
        "head_groups": "post words that describe the same person",
        "head_first": "whether a post's head noun comes first in the phrase",
        "after_verb": "'always' or 'inverted': where the speaker stands after its verb",
        "names": "'capitalised' or 'arabic': how names are found",
        "normaliser": "which morphology turns names to their dictionary form",
        "given_names": "given names that start a person's name",
        "patronymic_endings": "endings of patronymics and family names",
        "non_person_nouns": "nouns never minted as a person (agencies, documents)",
    },
    "role": ANY, "roleref": ANY, "attribution": ANY,    # [[rule]] tables, checked per rule
}

RULE = {
    "id": "stable id, becomes seckg:extractedBy",
    "pattern": "the pattern over slots and words (kg/extract/patterns.py)",
    "mode": "'direct' or 'reported' (attribution rules)",
    "examples": "sentences the rule must fire on",
    "counter_examples": "sentences it must not fire on",
    "gap_max": "how many items a {GAP} may span",
    "adds_clause": "fires beside a statement the sentence already gave",
}

COMMON_FILE: dict[str, dict[str, str] | str] = {
    "quote_pairs": "quotation marks as [opening, closing]",
    "sentence_end": "sentence-final punctuation",
    "min_quote_words": "a shorter quote is a name or a term, not a statement",
    "min_reported_words": "a shorter reported content is no statement",
    "scripts": ANY,
    "uncovered": ANY,
}


def unknown_keys(data: dict, schema: dict) -> list[str]:
    """Dotted names of the keys of ``data`` the schema does not know."""
    out = []
    for key, value in data.items():
        if key not in schema:
            out.append(key)
            continue
        sub = schema[key]
        if isinstance(sub, dict) and isinstance(value, dict):
            out += [f"{key}.{k}" for k in unknown_keys(value, sub)]
    return out

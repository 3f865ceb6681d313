"""The interface in the reader's language: one message catalogue per language, one place.

``api/messages/LANG.toml`` holds every text the pages show (headings, labels, buttons, month
names, the date pattern, quotation marks); ``en.toml`` is the reference and every other file
must hold exactly its keys, checked when the app starts (an error names the file and the key).
The reader's language is ``?lang=`` or Accept-Language (``api.labels.reader_language``); the
page then carries ``<html lang=".." dir="..">``.

Templates see ``_("key", name=value)`` (escaped, Markup arguments kept), ``_n("key", n)`` for
counted phrases (CLDR plural categories), the filters ``dir_of`` (a language tag's direction),
``fmt_date`` and ``quote`` (a text in its own language's quotation marks), and ``ui`` (the
interface language, its direction and the links to the other languages).

>>> direction("ar"), direction("ru-RU"), direction(None)
('rtl', 'ltr', None)
>>> plural_category("ru", 3), plural_category("ar", 11), plural_category("en", 1)
('few', 'many', 'one')
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlencode

from flask import Flask, Response, g, request
from markupsafe import Markup, escape

from api.labels import LANGUAGES, reader_language

FOLDER = Path(__file__).resolve().parent / "messages"
KEY = "seckg.messages"
#: primary language subtags written right to left
RTL = frozenset({"ar", "fa", "he", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"})
CATEGORIES = ("zero", "one", "two", "few", "many", "other")
#: the plural categories ``plural_category`` gives in each language: a counted message has each
PLURAL_FORMS = {"en": ("one", "other"), "ru": ("one", "few", "many"),
                "ar": ("zero", "one", "two", "few", "many", "other")}


class CatalogueError(ValueError):
    """A message file that is missing, unreadable or out of step with en.toml."""


def direction(tag: str | None) -> str | None:
    """``rtl`` or ``ltr`` for a language tag; None when there is no tag (let the text decide)."""
    if not tag:
        return None
    return "rtl" if tag.split("-")[0].lower() in RTL else "ltr"


def plural_category(lang: str, n: int) -> str:
    """The CLDR plural category of the integer ``n`` in ``lang`` (en, ru, ar; else en's)."""
    n = abs(int(n))
    if lang == "ru":
        if n % 10 == 1 and n % 100 != 11:
            return "one"
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return "few"
        return "many"
    if lang == "ar":
        if n in (0, 1, 2):
            return ("zero", "one", "two")[n]
        if 3 <= n % 100 <= 10:
            return "few"
        if 11 <= n % 100 <= 99:
            return "many"
        return "other"
    return "one" if n == 1 else "other"


def _flatten(table: dict, prefix: str = "") -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and not set(value) <= set(CATEGORIES):
            out.update(_flatten(value, name + "."))
        else:
            out[name] = value
    return out


def _shape(value: object) -> str:
    if isinstance(value, dict):
        return "plural"
    if isinstance(value, list):
        return f"list of {len(value)}"
    return type(value).__name__


def load_catalogues(folder: Path = FOLDER) -> dict[str, dict[str, object]]:
    """Every language's messages, flattened to dotted keys and checked against English."""
    catalogues = {}
    for lang in LANGUAGES:
        path = folder / f"{lang}.toml"
        try:
            catalogues[lang] = _flatten(tomllib.loads(path.read_text(encoding="utf-8")))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise CatalogueError(f"{path}: cannot read the message catalogue ({exc})") from None
    reference = catalogues["en"]
    for lang, messages in catalogues.items():
        path = folder / f"{lang}.toml"
        for key in sorted(set(reference) - set(messages)):
            raise CatalogueError(f"{path}: missing key {key!r} (en.toml has it; translate it)")
        for key in sorted(set(messages) - set(reference)):
            raise CatalogueError(f"{path}: unknown key {key!r} (add it to en.toml first, "
                                 "or remove it)")
        for key, value in messages.items():
            if isinstance(reference[key], dict) != isinstance(value, dict):
                raise CatalogueError(f"{path}: {key!r} is a {_shape(value)}, en.toml's is a "
                                     f"{_shape(reference[key])}")
            missing = [c for c in PLURAL_FORMS[lang] if isinstance(value, dict) and c not in value]
            if missing:
                raise CatalogueError(f"{path}: plural {key!r} lacks the form(s) "
                                     f"{', '.join(missing)} (categories of {lang}: "
                                     f"{', '.join(PLURAL_FORMS[lang])})")
            if isinstance(reference[key], list) != isinstance(value, list) or (
                    isinstance(value, list) and len(value) != len(reference[key])):
                raise CatalogueError(f"{path}: {key!r} is a {_shape(value)}, en.toml's is a "
                                     f"{_shape(reference[key])}")
        if messages.get("language") != lang:
            raise CatalogueError(f"{path}: 'language' must be {lang!r}")
    return catalogues


def ui_language() -> str:
    """The language of the interface for this request (the labels' language too)."""
    if "seckg_ui_lang" not in g:
        g.seckg_ui_lang = reader_language()
    return g.seckg_ui_lang


def _catalogue(lang: str | None = None) -> dict[str, object]:
    from flask import current_app

    return current_app.extensions[KEY][lang or ui_language()]


def message(key: str, lang: str | None = None) -> object:
    """The raw catalogue entry (a string, a list or a plural table); KeyError names the key."""
    messages = _catalogue(lang)
    if key not in messages:
        raise KeyError(f"no message {key!r} in api/messages/en.toml")
    return messages[key]


def gettext(key: str, /, *, default: str | None = None, **values: object) -> Markup:
    """The message ``key`` in the interface language, ``{name}`` placeholders filled (escaped);
    ``default`` (when given) stands in for a key the catalogue does not have."""
    if default is not None and key not in _catalogue():
        return Markup(escape(default))
    return Markup(escape(str(message(key)))).format(**values)


def ngettext(key: str, n: int, /, **values: object) -> Markup:
    """The counted message ``key`` for ``n`` (``{n}`` is filled in), in the right plural form."""
    forms = message(key)
    if not isinstance(forms, dict):
        raise KeyError(f"message {key!r} is not a plural table")
    lang = ui_language()
    text = forms[plural_category(lang, n)]
    return Markup(escape(str(text))).format(n=n, **values)


def format_date(value: object, lang: str | None = None) -> str:
    """``12 May 2025`` / ``12 مايو 2025`` / ``12 мая 2025`` for a date or ``YYYY-MM-DD`` text;
    anything else unchanged (a year alone, a date-time with a zone)."""
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value))
        except ValueError:
            return str(value)
    months = message("months.in_date", lang)
    pattern = str(message("date", lang))
    return pattern.format(day=day.day, month=months[day.month - 1], year=day.year)


def quote(text: str, lang: str | None) -> str:
    """``text`` in the quotation marks of its own language (the interface's when untagged);
    the marks belong inside the element that carries the text's ``lang`` and ``dir``."""
    tag = (lang or "").split("-")[0].lower()
    if not tag:
        marks_of = None                     # untagged: the interface's marks
    elif tag in LANGUAGES:
        marks_of = tag
    else:
        marks_of = "en"
    opening, closing = message("quotes", marks_of)
    return f"{opening}{text}{closing}"


@dataclass(frozen=True, slots=True)
class Interface:
    lang: str
    dir: str
    name: str
    languages: list[tuple[str, str, str, bool]]     # code, own name, href, current


def interface() -> Interface:
    """The interface language, its direction and a link to this page in every language."""
    lang = ui_language()
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    here = request.script_root + request.path
    links = [(code, str(message("name", code)), f"{here}?{urlencode([*args, ('lang', code)])}",
              code == lang) for code in LANGUAGES]
    return Interface(lang, direction(lang) or "ltr", str(message("name", lang)), links)


def client_messages() -> dict[str, object]:
    """What api/static/query.js shows, in the interface language (a data attribute)."""
    return {"lang": ui_language(), **{key.removeprefix("js."): value
                                      for key, value in _catalogue().items()
                                      if key.startswith("js.")}}


def _vary_on_language(response: Response) -> Response:
    if response.mimetype == "text/html" and "seckg_ui_lang" in g:
        response.vary.add("Accept-Language")
    return response


def init_app(app: Flask) -> None:
    """Load and check the catalogues once; give the templates ``_``, ``_n``, ``ui`` and filters."""
    if KEY in app.extensions:
        return
    app.extensions[KEY] = load_catalogues(Path(app.config.get("SECKG_MESSAGES_DIR", FOLDER)))
    app.jinja_env.globals.update(_=gettext, _n=ngettext, ui_message=message,
                                 ui_lang=ui_language, client_messages=client_messages)
    app.jinja_env.filters.update(dir_of=direction, fmt_date=format_date, quote=quote)
    app.context_processor(lambda: {"ui": interface()})
    app.after_request(_vary_on_language)

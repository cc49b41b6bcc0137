"""Languages: which one a request gets, the interface texts, and texts from the data files.

Interface texts are written in English in code and templates (gettext message ids);
app/translations/<lang>/LC_MESSAGES/messages.po holds each translation. The .po files are
read directly at start, so a fresh clone needs no compile step.
"""

import gettext
from functools import cache
from io import BytesIO
from pathlib import Path

from babel import Locale, negotiate_locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from app.config import DEFAULT_LANGUAGE, LANGUAGES

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"
SOURCE_LANGUAGE = "en"


def catalog_path(language: str) -> Path:
    return TRANSLATIONS_DIR / language / "LC_MESSAGES" / "messages.po"


@cache
def interface_languages() -> tuple[str, ...]:
    """The languages the interface can be shown in: those with a catalog, and English."""
    return tuple(
        language for language in LANGUAGES
        if language == SOURCE_LANGUAGE or catalog_path(language).is_file()
    )


@cache
def translations(language: str) -> gettext.NullTranslations:
    path = catalog_path(language)
    if language == SOURCE_LANGUAGE or not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled)


def choose_language(
    requested: str | None, remembered: str | None, accept_language: str | None
) -> str:
    """The query wins, then the cookie, then the browser's preference, then Dutch."""
    available = interface_languages()
    for candidate in (requested, remembered):
        if candidate in available:
            return candidate
    # Babel matches "tr-TR" to "tr" and knows the aliases; the header only gives the order.
    return negotiate_locale(_preferred(accept_language or ""), available, sep="-") \
        or DEFAULT_LANGUAGE


def _preferred(accept_language: str) -> list[str]:
    """The header's language tags, most wanted first; q=0 means "not this one"."""
    weighted = []
    for position, part in enumerate(accept_language.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                continue
        if tag.strip() and tag.strip() != "*" and weight > 0:
            weighted.append((-weight, position, tag.strip().lower()))
    return [tag for _, _, tag in sorted(weighted)]


def data_language(requested: str | None) -> str:
    """The language for texts from the data files; an unknown one falls back to Dutch."""
    return requested if requested in LANGUAGES else DEFAULT_LANGUAGE


def localized(texts: dict | None, language: str) -> str:
    if not texts:
        return ""
    return texts.get(language) or texts[DEFAULT_LANGUAGE]


@cache
def language_name(language: str) -> str:
    name = Locale.parse(language).get_display_name(language) or language
    return name[:1].upper() + name[1:]


@cache
def text_direction(language: str) -> str:
    return Locale.parse(language).text_direction

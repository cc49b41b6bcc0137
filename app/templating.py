"""Jinja2 environments, one per interface language, with the data-text filters."""

from functools import partial
from pathlib import Path
from urllib.parse import urlencode

from babel.dates import format_date, get_day_names
from babel.numbers import format_decimal
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from markupsafe import Markup
from starlette.templating import Jinja2Templates

from app.config import LANGUAGES
from app.services.i18n import localized, text_direction, translations
from app.services.matching import MAX_SCAN_LENGTH
from app.services.providers import possibly_outdated

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
WEEKDAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")


def phone_href(number: str) -> str:
    """tel: link for a Dutch number as written in the data ("0800-0113" -> tel:+318000113)."""
    digits = "".join(ch for ch in number if ch.isdigit() or ch == "+")
    if digits.startswith("0") and len(digits) >= 10:
        digits = "+31" + digits[1:]
    return f"tel:{digits}"


def whatsapp_href(number: str) -> str:
    digits = "".join(ch for ch in number if ch.isdigit())
    if digits.startswith("0"):
        digits = "31" + digits[1:]
    return f"https://wa.me/{digits}"


@pass_context
def outbound(context, url: str) -> str:
    """A link to another site; on a walk-in tablet it asks first (/verlaten)."""
    if context.get("kiosk"):
        return "/verlaten?" + urlencode({"naar": url})
    return url


def _environment(language: str) -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.install_gettext_translations(translations(language), newstyle=True)
    environment.filters["t"] = partial(localized, language=language)
    environment.filters["date"] = lambda value: format_date(value, "long", locale=language)
    environment.filters["tel"] = phone_href
    environment.filters["outbound"] = outbound
    environment.filters["whatsapp"] = whatsapp_href
    day_names = get_day_names("wide", locale=language)
    environment.filters["weekday"] = lambda day: day_names[WEEKDAYS.index(day)]
    environment.filters["outdated"] = possibly_outdated
    environment.filters["number"] = lambda value: format_decimal(value, locale=language)
    environment.globals["max_question_length"] = MAX_SCAN_LENGTH
    return environment


class PageTemplates:
    def __init__(self):
        self._by_language = {
            language: Jinja2Templates(env=_environment(language))
            for language in LANGUAGES
        }

    def for_language(self, language: str) -> Jinja2Templates:
        return self._by_language[language]

    def fragment(self, language: str, name: str, context: dict) -> Markup:
        """A part of a page in another language than the page: the client's handout."""
        template = self._by_language[language].env.get_template(name)
        return Markup(template.render(
            {"lang": language, "dir": text_direction(language), **context}))

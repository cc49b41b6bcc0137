"""Field types shared by the schemas of the data files."""

import re
import unicodedata
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints

from app.config import LANGUAGES

Language = Literal["nl", "en", "ar", "tr", "pl", "uk"]
DomainId = Literal["financien", "jeugd-gezin", "werken", "wonen", "gezondheid", "sociale-relaties"]
RoleId = Literal["toeleiden", "informeren-adviseren", "signaleren"]

# The European Netherlands: a coordinate outside these is a mistake.
LATITUDES = (50.7, 53.6)
LONGITUDES = (3.3, 7.3)

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_POSTCODE = re.compile(r"^([1-9][0-9]{3}) ?([A-Z]{2})?$")


def split_postcode(text: str) -> tuple[str, str | None] | None:
    """The digits and the letters (if any) of a Dutch postcode written as '2011',
    '2011AB' or '2011 ab', in any digits (Arabic-Indic '٢٠١١', Persian '۲۰۱۱'); None when
    it is not one."""
    match = _POSTCODE.match(_western_digits(text).strip().upper())
    return (match.group(1), match.group(2)) if match else None


def _western_digits(text: str) -> str:
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError(f"id '{value}' must be lowercase letters, digits and hyphens")
    return value


def _needs_dutch(texts: dict[str, str]) -> dict[str, str]:
    if "nl" not in texts:
        raise ValueError("a Dutch text (nl) is required")
    return texts


def _dutch_postcode(value: str) -> str:
    parts = split_postcode(value)
    if parts is None:
        raise ValueError(f"postcode '{value}' is not a Dutch postcode")
    digits, letters = parts
    return f"{digits} {letters}" if letters else digits


def _each_once(values: list) -> list:
    seen = set()
    for value in values:
        if value in seen:
            raise ValueError(f"'{value}' is listed twice")
        seen.add(value)
    return values


# A list where each value may appear once: a domain or role listed twice is a mistake.
EachOnce = AfterValidator(_each_once)
Slug = Annotated[str, AfterValidator(_slug)]
Translated = Annotated[dict[Language, NonEmpty], AfterValidator(_needs_dutch)]
DutchPostcode = Annotated[str, AfterValidator(_dutch_postcode)]


class Strict(BaseModel):
    """A record of a data file: unknown fields are errors, so typos do not pass silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


assert set(Language.__args__) == set(LANGUAGES)

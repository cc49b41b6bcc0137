"""Which interface texts exist in code and templates, and which a catalog lacks."""

from pathlib import Path

from babel.messages.extract import extract_from_dir

from app.config import PROJECT_DIR
from app.services.i18n import catalog_path

METHOD_MAP = [("app/**.py", "python"), ("app/templates/**.html", "jinja2")]
OPTIONS = {"app/templates/**.html": {"extensions": "jinja2.ext.i18n"}}


def interface_messages(root: Path = PROJECT_DIR) -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(root), METHOD_MAP, OPTIONS
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def untranslated(language: str, messages: set[str]) -> list[str]:
    from babel.messages.pofile import read_po

    path = catalog_path(language)
    if not path.is_file():
        return sorted(messages)
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    return sorted(
        message for message in messages
        if not (entry := catalog.get(message)) or not entry.string or entry.fuzzy
    )


def missing_data_texts(data, language: str) -> list[str]:
    """'file: path' of every text in the data files that lacks `language`."""
    from pydantic import BaseModel

    missing: list[str] = []

    def walk(value, where: str) -> None:
        if isinstance(value, BaseModel):
            for name in type(value).model_fields:
                walk(getattr(value, name), f"{where}.{name}")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                label = getattr(item, "id", None) or getattr(item, "level", None) or index
                walk(item, f"{where}[{label}]")
        elif isinstance(value, dict) and "nl" in value and all(
            isinstance(text, str | list) for text in value.values()
        ):
            if language not in value:
                missing.append(where)

    walk(data.wegwijzers, "wegwijzers.yaml")
    walk(data.red_flags, "red_flags.yaml")
    walk(data.providers, "providers.yaml")
    return missing

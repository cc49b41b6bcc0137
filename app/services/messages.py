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

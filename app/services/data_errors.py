"""Error messages about the data files, each naming file, line, record and field:
`providers.yaml:212: provider 'x': postcode '75AB' is not a Dutch postcode (field
locations[0].postcode)`."""

from typing import Any

from pydantic import ValidationError

from app.services.sourced_yaml import SourcedYaml

# How a record is named in an error: the collection key, its singular, its id field.
_RECORD_NAMES = {
    "domains": "domain",
    "roles": "role",
    "referrers": "referrer",
    "cells": "cell",
    "situations": "situation",
    "signals": "signal",
    "crisis_lines": "crisis line",
    "advice": "advice",
    "target_groups": "target group",
    "providers": "provider",
    "municipalities": "municipality",
}


def located(source: SourcedYaml, path: tuple, message: str) -> str:
    """`file:line: provider 'x': message (field a[0].b)` for a value at `path`."""
    line = source.line_of(path)
    subject, field_path = "", path
    if len(path) >= 2 and path[0] in _RECORD_NAMES and isinstance(path[1], int):
        record = (source.data or {}).get(path[0], [])[path[1]]
        label = _RECORD_NAMES[path[0]]
        record_id = _record_id(record)
        subject = f"{label} '{record_id}': " if record_id else f"{label} #{path[1] + 1}: "
        field_path = path[2:]
    field = _field_name(field_path)
    return f"{source.file}:{line}: {subject}{message}" + (f" (field {field})" if field else "")


def _record_id(record) -> str | None:
    if not isinstance(record, dict):
        return None
    if "domain" in record and "role" in record:
        return f"{record['domain']}/{record['role']}"
    return record.get("id", record.get("level", record.get("name")))


def _field_name(path: tuple) -> str:
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


def validation_messages(source: SourcedYaml, error: ValidationError) -> list[str]:
    messages = []
    for detail in error.errors():
        path = tuple(part for part in detail["loc"] if part != "[key]")
        messages.append(located(source, path, _describe(detail)))
    return messages


def _describe(detail: dict[str, Any]) -> str:
    kind, message, given = detail["type"], detail["msg"], detail.get("input")
    if kind == "missing":
        return "a required field is missing"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "value_error":
        return message.removeprefix("Value error, ")
    if isinstance(given, str | int | float | bool) or given is None:
        shown = repr(given)
        return f"{message}, not {shown[:60]}"
    return message

"""YAML that remembers where each value stood, so errors can name file and line."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

Path_ = tuple[str | int, ...]


@dataclass
class SourcedYaml:
    file: str
    data: Any
    lines: dict[Path_, int]

    def line_of(self, path: Path_) -> int:
        """The line of the value at `path`, or of its nearest parent that exists."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return 1


class YamlSyntaxError(ValueError):
    def __init__(self, file: str, line: int, message: str):
        super().__init__(f"{file}:{line}: {message}")


def read_sourced_yaml(path: Path, shown_as: str) -> SourcedYaml:
    text = path.read_text(encoding="utf-8")
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        lines: dict[Path_, int] = {}
        data = _construct(loader, root, (), lines, shown_as) if root is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlSyntaxError(shown_as, line, f"not valid YAML: {error.problem}") from None
    finally:
        loader.dispose()
    return SourcedYaml(shown_as, data, lines)


def _construct(loader: yaml.SafeLoader, node: yaml.Node, path: Path_, lines: dict, file: str):
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        mapping = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if key in mapping:
                raise YamlSyntaxError(
                    file, key_node.start_mark.line + 1, f"key '{key}' appears twice"
                )
            mapping[key] = _construct(loader, value_node, (*path, key), lines, file)
            # A value's error points at its key: a block below it starts a line later.
            lines[(*path, key)] = key_node.start_mark.line + 1
        return mapping
    if isinstance(node, yaml.SequenceNode):
        return [
            _construct(loader, item, (*path, index), lines, file)
            for index, item in enumerate(node.value)
        ]
    return loader.construct_object(node, deep=True)

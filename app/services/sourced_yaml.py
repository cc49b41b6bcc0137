"""YAML that can say where each value stood, so errors can name file and line.

The values are built straight from libyaml's event stream: no tree of nodes is kept, so a
file of 100,000 providers is read in a fraction of the time and memory. Where each value
stood is worked out only when an error needs it, by reading the text once more.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Path_ = tuple[str | int, ...]

# libyaml's parser where PyYAML was built with it, else the pure-Python one.
Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
STR_TAG = "tag:yaml.org,2002:str"
MERGE_TAG = "tag:yaml.org,2002:merge"


class YamlSyntaxError(ValueError):
    def __init__(self, file: str, line: int, message: str):
        super().__init__(f"{file}:{line}: {message}")


@dataclass
class SourcedYaml:
    file: str
    data: Any
    text: str = field(repr=False)
    _lines: dict[Path_, int] | None = field(default=None, repr=False)

    def line_of(self, path: Path_) -> int:
        """The line of the value at `path`, or of its nearest parent that exists."""
        if self._lines is None:
            self._lines = _Reader(self.text, self.file, record_lines=True).read()[1]
        for end in range(len(path), -1, -1):
            line = self._lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return 1


def read_sourced_yaml(path: Path, shown_as: str) -> SourcedYaml:
    text = path.read_text(encoding="utf-8")
    data, _ = _Reader(text, shown_as, record_lines=False).read()
    return SourcedYaml(shown_as, data, text)


class _Open:
    """A mapping or list being filled, and where it stands."""

    __slots__ = ("container", "path", "key", "key_line")

    def __init__(self, container, path: Path_):
        self.container = container
        self.path = path
        self.key: Any = _NO_KEY
        self.key_line = 0


_NO_KEY = object()


class _Reader:
    def __init__(self, text: str, file: str, record_lines: bool):
        self.text = text
        self.file = file
        self.record_lines = record_lines
        self.lines: dict[Path_, int] = {}
        self.anchors: dict[str, Any] = {}
        self.open: list[_Open] = []
        # Resolves plain scalars (true, 12, 2026-11-30) and builds their values.
        self.loader = yaml.SafeLoader("")
        self.tags: dict[str, str] = {}

    def read(self) -> tuple[Any, dict[Path_, int]]:
        root: Any = None
        documents = 0
        try:
            for event in yaml.parse(self.text, Loader=Parser):
                if isinstance(event, yaml.DocumentStartEvent):
                    documents += 1
                    if documents > 1:
                        raise YamlSyntaxError(self.file, event.start_mark.line + 1,
                                              "a data file holds one YAML document")
                elif isinstance(event, yaml.ScalarEvent):
                    root = self._add(self._scalar(event), event, root)
                elif isinstance(event, yaml.AliasEvent):
                    if event.anchor not in self.anchors:
                        raise YamlSyntaxError(self.file, event.start_mark.line + 1,
                                              f"alias '*{event.anchor}' has no anchor")
                    root = self._add(self.anchors[event.anchor], event, root)
                elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                    container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
                    path = self._path_of(container, event)
                    root = self._add(container, event, root, path)
                    self.open.append(_Open(container, path))
                elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                    self.open.pop()
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = mark.line + 1 if mark else 1
            raise YamlSyntaxError(self.file, line, f"not valid YAML: {error.problem}") from None
        finally:
            self.loader.dispose()
        return root, self.lines

    def _scalar(self, event: yaml.ScalarEvent) -> Any:
        if event.tag and event.tag != "!":
            tag = event.tag
        elif event.implicit[0]:
            tag = self.tags.get(event.value)
            if tag is None:
                tag = self.tags[event.value] = self.loader.resolve(
                    yaml.ScalarNode, event.value, (True, False))
        else:
            return event.value
        if tag == STR_TAG:
            return event.value
        if tag == MERGE_TAG:
            raise YamlSyntaxError(self.file, event.start_mark.line + 1,
                                  "merge keys (<<) are not supported: write the fields out")
        build = self.loader.yaml_constructors.get(tag)
        if build is None:
            raise YamlSyntaxError(self.file, event.start_mark.line + 1, f"unknown tag {tag}")
        return build(self.loader, yaml.ScalarNode(tag, event.value, event.start_mark,
                                                  event.end_mark, event.style))

    def _path_of(self, value, event) -> Path_:
        """Where a mapping or list that starts here will stand (the key is known)."""
        if not self.open:
            return ()
        top = self.open[-1]
        if isinstance(top.container, list):
            return (*top.path, len(top.container))
        if top.key is _NO_KEY:
            raise YamlSyntaxError(self.file, event.start_mark.line + 1,
                                  "a key must be a single value, not a list or mapping")
        return (*top.path, top.key)

    def _add(self, value, event, root, path: Path_ | None = None):
        line = event.start_mark.line + 1
        anchor = getattr(event, "anchor", None)
        if anchor and not isinstance(event, yaml.AliasEvent):
            self.anchors[anchor] = value
        if not self.open:
            if self.record_lines:
                self.lines[()] = line
            return value
        top = self.open[-1]
        container = top.container
        if isinstance(container, list):
            if self.record_lines:
                self.lines[path or (*top.path, len(container))] = line
            container.append(value)
            return root
        if top.key is _NO_KEY:
            try:
                hash(value)
            except TypeError:
                raise YamlSyntaxError(self.file, line, "a key must be a single value") from None
            if value in container:
                raise YamlSyntaxError(self.file, line, f"key '{value}' appears twice")
            top.key, top.key_line = value, line
            return root
        container[top.key] = value
        if self.record_lines:
            # A value's error points at its key: a block below it starts a line later.
            self.lines[(*top.path, top.key)] = top.key_line
        top.key = _NO_KEY
        return root

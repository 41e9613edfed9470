"""Read a YAML scenario safely, remembering the line of every value.

PyYAML's safe composer builds a node tree (no object construction, no tags
beyond the plain YAML types); we turn nodes into Python values ourselves so
that we can (1) record the line of each path for error messages, (2) refuse
duplicate keys, which PyYAML would silently overwrite, and (3) bound the size
of the expanded tree, which stops alias bombs and absurd nesting in bounded
time and memory.

Before any node is built, the parser's events are counted: a node tree costs
hundreds of bytes per element, so a flat list of millions of tiny elements
(well inside the file size limit) would otherwise take minutes and gigabytes
before the element limit could refuse it. Where libyaml is installed, it
parses (several times faster than pure Python); any YAML error is reported
from the pure-Python parser, whose messages are the ones users see.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

import yaml

from scheduler.errors import InputProblem, ScenarioError
from scheduler.references import Path

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_NODES = 1_000_000
MAX_DEPTH = 64

_STR_TAG = "tag:yaml.org,2002:str"
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


class LocatedYaml:
    """Raw data of a YAML file and the line of each path in it."""

    def __init__(self, data: Any, lines: dict[Path, int]) -> None:
        self.data = data
        self.lines = lines

    def locate(self, path: Path) -> tuple[int | None, str | None]:
        """Line of the path, or of its nearest ancestor that has one."""
        for end in range(len(path), 0, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line, None
        return None, None


def read_text(path: FsPath, source: str) -> str:
    """The file as text, or a ScenarioError naming what is wrong with it."""

    def fail(code: str, **params: Any) -> ScenarioError:
        return ScenarioError([InputProblem(source, "", code, params)])

    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise fail("file_too_large", size=size, limit=MAX_FILE_BYTES)
        data = path.read_bytes()
    except FileNotFoundError:
        raise fail("file_missing") from None
    except IsADirectoryError:
        raise fail("file_unreadable", detail="is a folder") from None
    except OSError as error:
        raise fail("file_unreadable", detail=error.strerror or str(error)) from None
    if not data.strip():
        raise fail("file_empty")
    if b"\x00" in data:
        raise fail("file_binary")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise fail("file_not_utf8", byte=data[error.start], offset=error.start) from None
    return text.removeprefix("\ufeff")


# libyaml when present: the same safe constructor and resolver, a faster parser.
_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str, source: str) -> LocatedYaml:
    """Parse YAML text into raw data with lines; raise ScenarioError on malformed YAML."""
    loader: Any = None
    node: yaml.Node | None = None
    counted = _count_events(text, source)
    if counted is not None and _FAST_LOADER is not yaml.SafeLoader:
        loader = _FAST_LOADER(text)
        try:
            node = loader.get_single_node()
        except yaml.YAMLError:
            loader.dispose()
            loader = None  # reported below, in the words of the pure-Python parser
    if loader is None:
        loader = yaml.SafeLoader(text)
        try:
            node = _compose(loader, source)
        except BaseException:
            loader.dispose()
            raise
    try:
        if node is None:
            raise ScenarioError([InputProblem(source, "", "file_empty", {})])
        # Without aliases the tree is no larger than the events counted (at most MAX_NODES).
        size = _expanded_size(node, {}, 0) if counted is None or counted.aliases else 0
        if size > MAX_NODES:
            raise ScenarioError(
                [InputProblem(source, "", "yaml_too_many_nodes", {"limit": MAX_NODES}, line=1)]
            )
        builder = _Builder(loader, source)
        data = builder.build(node, (), 0)
        if builder.problems:
            raise ScenarioError(builder.problems)
        return LocatedYaml(data, builder.lines)
    finally:
        loader.dispose()


@dataclass(frozen=True)
class _Counted:
    nodes: int
    aliases: bool


def _count_events(text: str, source: str) -> _Counted | None:
    """Refuse too many elements or too deep nesting before building any node.

    None when the text is not well-formed YAML: the caller then reports that.
    Only collections deeper than the builder's own limit stop here, so the
    builder still names the first node that is too deep.
    """
    nodes = depth = 0
    aliases = False
    try:
        for event in yaml.parse(text, Loader=_FAST_LOADER):
            if isinstance(event, yaml.AliasEvent):
                aliases = True
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH + 1:
                    raise _problem(source, "yaml_too_deep", event, limit=MAX_DEPTH)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
                continue
            elif not isinstance(event, yaml.NodeEvent):
                continue
            nodes += 1
            if nodes > MAX_NODES:
                raise _problem(source, "yaml_too_many_nodes", event, limit=MAX_NODES)
    except yaml.YAMLError:
        return None
    return _Counted(nodes, aliases)


def _problem(source: str, code: str, event: yaml.Event, **params: Any) -> ScenarioError:
    mark = event.start_mark
    line = mark.line + 1 if mark is not None else None
    return ScenarioError([InputProblem(source, "", code, params, line=line)])


def _compose(loader: yaml.SafeLoader, source: str) -> yaml.Node | None:
    """The node tree from the pure-Python parser; its errors become ScenarioErrors."""
    try:
        return loader.get_single_node()
    except RecursionError:
        raise ScenarioError(
            [InputProblem(source, "", "yaml_too_deep", {"limit": MAX_DEPTH})]
        ) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        detail = " ".join(part for part in (error.context, error.problem) if part)
        raise ScenarioError(
            [InputProblem(source, "", "yaml_syntax", {"detail": detail}, line=line)]
        ) from None
    except yaml.YAMLError as error:
        raise ScenarioError(
            [InputProblem(source, "", "yaml_syntax", {"detail": str(error)})]
        ) from None


def _expanded_size(node: yaml.Node, memo: dict[int, int], depth: int) -> int:
    """Nodes the tree would have with every alias expanded, counted without expanding."""
    known = memo.get(id(node))
    if known is not None:
        return known
    if depth > MAX_DEPTH:
        return 1  # the builder stops at this depth and says so
    size = 1
    if isinstance(node, yaml.SequenceNode):
        size += sum(_expanded_size(child, memo, depth + 1) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            size += _expanded_size(key, memo, depth + 1) + _expanded_size(value, memo, depth + 1)
    memo[id(node)] = min(size, MAX_NODES + 1)
    return memo[id(node)]


class _Builder:
    def __init__(self, loader: Any, source: str) -> None:
        self.loader = loader
        self.source = source
        self.lines: dict[Path, int] = {}
        self.nodes = 0
        self.problems: list[InputProblem] = []

    def _abort(self, code: str, node: yaml.Node, **params: Any) -> ScenarioError:
        line = node.start_mark.line + 1
        return ScenarioError([InputProblem(self.source, "", code, params, line=line)])

    def build(self, node: yaml.Node, path: Path, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self._abort("yaml_too_many_nodes", node, limit=MAX_NODES)
        if depth > MAX_DEPTH:
            raise self._abort("yaml_too_deep", node, limit=MAX_DEPTH)
        if node.tag not in _PLAIN_TAGS:
            raise self._abort("yaml_tag", node, tag=node.tag)
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR_TAG:
                return node.value  # what the safe constructor returns for a plain string
            return self.loader.construct_object(node)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, path + (i,), depth + 1) for i, child in enumerate(node.value)]
        assert isinstance(node, yaml.MappingNode)
        self.loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = self.build(key_node, path, depth + 1)
            line = key_node.start_mark.line + 1
            if not isinstance(key, str | int) or isinstance(key, bool):
                self.problems.append(
                    InputProblem(self.source, "", "yaml_bad_key", {"got": repr(key)}, line=line)
                )
                continue
            if key in result:
                self.problems.append(
                    InputProblem(
                        self.source,
                        "",
                        "yaml_duplicate_key",
                        {"key": key, "first": first_line[key]},
                        line=line,
                    )
                )
                continue
            first_line[key] = line
            self.lines[path + (key,)] = line
            result[key] = self.build(value_node, path + (key,), depth + 1)
        return result

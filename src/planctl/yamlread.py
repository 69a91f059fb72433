"""Fast, position-aware reading of one YAML file.

A read-only check never needs ruamel's round-trip loader (about six times
slower): we compose the node graph with the libyaml-backed C parser when it is
installed, falling back to the pure-Python composer, and build plain data from
the nodes ourselves. That gives us every key's and value's position, lets us
reject what a plan file never needs (aliases, merge keys, custom tags) before it
can do harm, and keeps every problem a diagnostic instead of an exception.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from planctl.diagnostics import Diagnostic, Severity, json_path
from planctl.i18n import lazy
from planctl.positions import JsonPath, Span


def compose_pure(text: str) -> Any:
    """The pure-Python composer: the fallback where ruamel.yaml.clib is not installed."""
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True).compose(text)


def release(loader: Any) -> None:
    """Free a ruamel loader now. It refers to itself (as its parser, composer, constructor and
    resolver), so only the cyclic collector frees it, and with it libyaml's buffers, about
    14 KB a file; while the collector is paused for a load (`planctl.gcpause`) a cold check
    of 100,000 files kept 700 MB of them in each parsing process."""
    loader.dispose()
    vars(loader).clear()


_RESOLVED: dict[tuple[str, Any], Any] = {}
"""(plain scalar, implicit flags) -> its resolved tag: a plan repeats a few thousand short
scalars (ids, statuses, dates), and ruamel's resolver tries a list of regular expressions on
each one (a tenth of the time to compose a file)."""

try:  # the C extension: ruamel.yaml.clib
    from ruamel.yaml.cyaml import CSafeLoader

    class _CLoader(CSafeLoader):
        """The C composer with its tag resolution remembered per short scalar (`_RESOLVED`).

        The resolver's answer depends only on the scalar, its two implicit flags and the
        resolver's table, which planctl never changes, so a remembered answer is exact."""

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            if kind is not ScalarNode or len(value) > SHARED_MAX:
                return CSafeLoader.resolve(self, kind, value, implicit)
            key = (value, implicit)
            tag = _RESOLVED.get(key)
            if tag is None:
                if len(_RESOLVED) > 200_000:
                    _RESOLVED.clear()
                tag = _RESOLVED[key] = CSafeLoader.resolve(self, kind, value, implicit)
            return tag

    def compose_c(text: str) -> Any:
        loader = _CLoader(text)
        try:
            return loader.get_single_node()
        finally:
            release(loader)

    _compose: Callable[[str], Any] = compose_c
    HAVE_C = True
except ImportError:
    _compose = compose_pure
    HAVE_C = False

SHARED_MAX = 64
_SHARED: dict[str, str] = {}


def share(text: str) -> str:
    """The first equal short string this process has read (ids, statuses, dates, tags, keys).

    A plan repeats the same few thousand short strings tens of thousands of
    times; sharing one object for each costs a dict lookup per scalar here and
    lets `marshal` store the parse cache with back-references, which halves the
    time to load it (0.046 s instead of 0.098 s for 10,000 initiatives).
    """
    if len(text) > SHARED_MAX:
        return text
    if len(_SHARED) > 500_000:  # a long-lived process reading many plans: start afresh
        _SHARED.clear()
    return _SHARED.setdefault(text, text)


MAX_DEPTH = 32
"""Plan files nest three levels deep; anything past this is hostile or broken."""

_CORE = "tag:yaml.org,2002:"
_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)
_DEEP_FLOW = re.compile(r"[\[{]")


@dataclass(slots=True)
class ParsedYaml:
    data: Any = None
    spans: dict[JsonPath, Span] = field(default_factory=dict)
    key_spans: dict[JsonPath, Span] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    text: str = ""


def _tag(node: Any) -> str:
    """The node's resolved tag. Reads the implicit (resolved) case without
    ruamel's `Node.tag` property, which rebuilds the string on every access."""
    ctag = node.ctag
    if ctag is None:
        return ""
    if ctag.handle is None and isinstance(ctag.suffix, str):
        return ctag.suffix
    return str(ctag)


def _span(node: Any) -> Span:
    s, e = node.start_mark, node.end_mark
    return Span(s.line + 1, s.column + 1, e.line + 1, e.column + 1)


class _Builder:
    """Turns a composed node graph into plain data, recording positions and problems."""

    def __init__(self, path: str, out: ParsedYaml, positions: bool = True) -> None:
        self.path = path
        self.out = out
        self.seen: set[int] = set()
        self.positions = positions

    def diag(self, code: str, message: str, span: Span, where: JsonPath, hint: str | None = None) -> None:
        self.out.diagnostics.append(
            Diagnostic(code, Severity.ERROR, message, self.path, span.line, span.col,
                       span.end_line, span.end_col, json_path=json_path(where), hint=hint)
        )

    def build(self, node: Any, where: JsonPath, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            self.diag("Y011", lazy("nesting deeper than {n} levels", n=MAX_DEPTH), _span(node), where)
            return None
        if id(node) in self.seen:
            self.diag("Y007", lazy("an alias re-uses data defined elsewhere; write the value out"), _span(node),
                      where, hint=lazy("plan files do not allow anchors (&name) and aliases (*name)"))
            return None
        self.seen.add(id(node))
        if self.positions:
            self.out.spans[where] = _span(node)
        tag = _tag(node)
        if isinstance(node, MappingNode):
            if tag != _CORE + "map":
                self._bad_tag(tag, _span(node), where)
            return self._mapping(node, where, depth)
        if isinstance(node, SequenceNode):
            if tag != _CORE + "seq":
                self._bad_tag(tag, _span(node), where)
            return [self.build(item, where + (i,), depth + 1) for i, item in enumerate(node.value)]
        return self._scalar(node, tag, where)

    def _mapping(self, node: MappingNode, where: JsonPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.value == "<<" and _tag(key_node) == _CORE + "merge":
                self.diag("Y008", lazy("merge keys (<<) are not allowed; write the fields out"), _span(key_node),
                          where)
                continue
            if not isinstance(key_node, ScalarNode):
                self.diag("Y010", lazy("a mapping key must be a plain string"), _span(key_node), where)
                continue
            self.seen.add(id(key_node))
            key = share(str(key_node.value))
            child = where + (key,)
            if key in first_line:
                self.diag("Y002", lazy("duplicate key '{key}'", key=key), _span(key_node), child,
                          hint=lazy("'{key}' is first defined on line {line}", key=key, line=first_line[key]))
                continue
            first_line[key] = key_node.start_mark.line + 1
            if self.positions:
                self.out.key_spans[child] = _span(key_node)
            result[key] = self.build(value_node, child, depth + 1)
        return result

    def _bad_tag(self, tag: str, span: Span, where: JsonPath) -> None:
        shown = "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag
        self.diag("Y006", lazy("the YAML tag '{tag}' is not allowed in a plan file", tag=shown), span, where,
                  hint=lazy("remove the tag; plan files hold plain strings, numbers, dates, lists and mappings"))

    def _scalar(self, node: ScalarNode, tag: str, where: JsonPath) -> Any:
        value = node.value
        if tag == _CORE + "str":
            return share(value)
        if tag == _CORE + "null":
            return None
        if tag == _CORE + "bool":
            return value.lower() in ("true", "yes", "on", "y")
        if tag == _CORE + "int":
            return _to_int(value)
        if tag == _CORE + "float":
            return _to_float(value)
        if tag == _CORE + "timestamp":
            # Kept as written: the schema's `date` format judges it, so loader and
            # schema agree that 2019-03-18 is valid and 2019-13-45 is not.
            return share(value)
        self._bad_tag(tag, _span(node), where)
        return value


def _to_int(text: str) -> int | str:
    cleaned = text.replace("_", "")
    try:
        if cleaned.lower().startswith(("0x", "-0x", "+0x")):
            return int(cleaned, 16)
        if cleaned.lower().startswith(("0o", "-0o", "+0o")):
            return int(cleaned, 8)
        return int(cleaned)
    except ValueError:
        return text


def _to_float(text: str) -> float | str:
    lowered = text.lower().replace("_", "")
    if lowered in (".inf", "+.inf"):
        return math.inf
    if lowered == "-.inf":
        return -math.inf
    if lowered == ".nan":
        return math.nan
    try:
        return float(lowered)
    except ValueError:
        return text


TAB = lazy("tab character in indentation")
TAB_HINT = lazy("indent with spaces")


def _error_diag(path: str, text: str, exc: YAMLError) -> Diagnostic:
    """One located diagnostic for a parser or composer error."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else 1
    col = mark.column + 1 if mark is not None else 1
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    if "another document" in str(problem):
        return Diagnostic("Y009", Severity.ERROR, lazy("a second YAML document ('---'); one file holds one entity"),
                          path, line, col)
    lines = text.splitlines()
    if 0 < line <= len(lines) and "\t" in lines[line - 1][: max(col, 1)]:
        return Diagnostic("Y003", Severity.ERROR, TAB, path, line, col, hint=TAB_HINT)
    # The parser's own words (English) are quoted as they are: they name YAML's terms.
    message = lazy("invalid YAML: {problem} ({context})", problem=str(problem), context=str(context)) if context \
        else lazy("invalid YAML: {problem}", problem=str(problem))
    return Diagnostic("Y001", Severity.ERROR, message, path, line, col)


def find_positions(text: str, path: str) -> tuple[dict[JsonPath, Span], dict[JsonPath, Span]]:
    """(value spans, key spans) of a file parsed before without them (see `Document`)."""
    parsed = parse_yaml(text, path)
    return parsed.spans, parsed.key_spans


def parse_yaml(text: str, path: str, *, positions: bool = True) -> ParsedYaml:
    """Parse one document. Never raises for bad input: problems land in `.diagnostics`.

    Without `positions` the spans of keys and values are not recorded (the data and the
    diagnostics are the same): for readers of plain data, such as `diff` of git blobs,
    which would spend a third of the parse on them."""
    out = ParsedYaml(text=text)
    tab_lines = {m.start() for m in _TAB_INDENT.finditer(text)}
    if tab_lines:
        for offset in sorted(tab_lines):
            line = text.count("\n", 0, offset) + 1
            col = text.index("\t", offset) - offset + 1
            out.diagnostics.append(Diagnostic("Y003", Severity.ERROR, TAB, path, line, col, hint=TAB_HINT))
        return out
    if "<<<<<<<" in text:
        conflict = _CONFLICT.search(text)
        if conflict is not None:
            line = text.count("\n", 0, conflict.start()) + 1
            out.diagnostics.append(Diagnostic(
                "Y001", Severity.ERROR, lazy("a git conflict marker ('<<<<<<<'): the file is mid-merge"), path,
                line, 1, line, 8,
                hint=lazy("resolve the conflict (keep one side between the markers), then 'git add' the file")))
            return out
    deep = too_deep(text)
    if deep is not None:
        line, col = deep
        out.diagnostics.append(Diagnostic("Y011", Severity.ERROR, lazy("nesting deeper than {n} levels", n=MAX_DEPTH),
                                          path, line, col))
        return out
    try:
        node = _compose(text)
    except MarkedYAMLError as exc:
        out.diagnostics.append(_error_diag(path, text, exc))
        return out
    except (YAMLError, RecursionError, ValueError, TypeError) as exc:
        out.diagnostics.append(Diagnostic("Y001", Severity.ERROR, lazy("invalid YAML: {problem}",
                                                                       problem=(str(exc).splitlines() or [""])[0]),
                                          path, 1, 1))
        return out
    if node is None or (isinstance(node, ScalarNode) and node.tag == _CORE + "null" and not node.value):
        out.diagnostics.append(
            Diagnostic("Y004", Severity.ERROR, lazy("the file is empty: it holds no YAML data"), path, 1, 1)
        )
        return out
    builder = _Builder(path, out, positions)
    out.data = builder.build(node, ())
    if not isinstance(node, MappingNode):
        span = _span(node)
        out.diagnostics.append(
            Diagnostic(
                "Y005",
                Severity.ERROR,
                lazy("the file holds a list; a plan file holds a mapping of fields") if isinstance(node, SequenceNode)
                else lazy("the file holds a single value; a plan file holds a mapping of fields"),
                path,
                span.line,
                span.col,
                hint=lazy("write one 'key: value' per line"),
            )
        )
        out.data = None
    return out


PRESCAN_MIN = 4 * MAX_DEPTH * MAX_DEPTH
"""Below this many characters (and with few brackets) no nesting can come near what the C
parser survives (it recurses per level and crashes somewhere past 10,000), so the
builder's own depth check suffices and the scan is skipped: most plan files are smaller."""

_BRACKET = re.compile(r"[\[\]{}]")
_BLOCK_SCALAR = re.compile(r"(?:^|[\s:])[|>][-+0-9]*[ \t]*(?:#.*)?$")
_CONFLICT = re.compile(r"^<{7}(?: |$)", re.MULTILINE)


def too_deep(text: str) -> tuple[int, int] | None:
    """Where (line, column) nesting first passes `MAX_DEPTH`, found before any parsing; None
    if it does not (or not so that the parser is at risk: the builder then finds it).

    The C parser recurses once per level and dies (SIGSEGV, printing nothing)
    somewhere past 10,000 levels: `[[[[...`, `{a: {a: ...` or 30,000 `- - -` on
    one line fit in 60 KB. So levels are counted on the text: each open
    bracket, and each column at which a block node starts (the indentation of
    a line and each compact `- ` or `? ` after it, kept on a stack like
    Python's tokenizer keeps indents). Block scalars (`|`, `>`) are skipped.
    The count reaches the builder's depth at the same node, so a deep file
    gets its Y011 at the same line and column whichever of the two finds it.
    """
    if len(text) < PRESCAN_MIN and text.count("[") + text.count("{") <= MAX_DEPTH:
        return None
    limit = MAX_DEPTH + 1  # levels, counting the document's top node as level 1 (depth 0)
    stack: list[int] = []
    flow = 0
    scalar_indent = -1  # inside a block scalar: lines indented more than this are its text
    for number, line in enumerate(text.split("\n"), start=1):
        if flow == 0:
            content = line.lstrip(" ")
            col = len(line) - len(content)
            if scalar_indent >= 0:
                if not content.strip() or col > scalar_indent:
                    continue
                scalar_indent = -1
            if not content or content[0] == "#" or (content.startswith(("---", "...")) and col == 0):
                continue
            while stack and stack[-1] >= col:
                stack.pop()
            indent = col
            while True:
                if content[0] in "[{":
                    break  # the bracket is the node: counted below
                stack.append(col)
                if len(stack) > limit:
                    return number, col + 1
                if content[0] in "-?" and (len(content) == 1 or content[1] == " "):
                    rest = content[1:].lstrip(" ")
                    if not rest:
                        break
                    col += len(content) - len(rest)
                    content = rest
                    continue
                break
            if _BLOCK_SCALAR.search(line):
                scalar_indent = indent
        if flow or "[" in line or "{" in line:
            for match in _BRACKET.finditer(line):
                if match.group() in "[{":
                    flow += 1
                    if len(stack) + flow > limit:
                        return number, match.start() + 1
                elif flow:
                    flow -= 1
    return None

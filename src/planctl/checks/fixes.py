"""Safe fixes, computed as new file texts: the one fix path of `check --fix` and `lint --fix`.

A rule's fix edits ruamel's round-trip data (`planctl.rtyaml`), so comments,
quoting and blank lines elsewhere in the file survive byte for byte; an unused
suppression is cut from the text itself. Nothing here writes: the commands hand
the result to the edit session, as every other edit does.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from planctl.diagnostics import Diagnostic
from planctl.model import Document, JsonPath, Plan

if TYPE_CHECKING:
    from planctl.checks.rule import Rule
    from planctl.edit.ops import Edit


@dataclass(slots=True)
class FileFix:
    path: str
    before: str
    after: str
    changes: list[tuple[str, str]] = field(default_factory=list)  # (code, what)

    def diff(self) -> str:
        """The fix as a unified diff for a terminal: a control or bidi character in the file's
        text is shown escaped (as every other output shows plan data), line ends as they are."""
        from planctl.render import printable

        lines = difflib.unified_diff(self.before.splitlines(keepends=True), self.after.splitlines(keepends=True),
                                     fromfile=f"a/{self.path}", tofile=f"b/{self.path}")
        out = []
        for line in lines:
            body = line.rstrip("\r\n")
            out.append(printable(body) + line[len(body):])
        return "".join(out)


def _parent(data: Any, path: JsonPath) -> tuple[Any, Any] | None:
    node = data
    for part in path[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return (node, path[-1]) if path else None


def strip_string(data: Any, path: JsonPath) -> bool:
    """Strip one string value in place, keeping its scalar style (quotes, folding)."""
    found = _parent(data, path)
    if found is None:
        return False
    node, key = found
    try:
        value = node[key]
    except (KeyError, IndexError, TypeError):
        return False
    if not isinstance(value, str):
        return False
    ending = value[len(value.rstrip("\n")):] if value.endswith("\n") else ""
    core = value[: len(value) - len(ending)] if ending else value
    stripped = core.strip() + ending
    if stripped == value:
        return False
    cls = type(value)
    new = cls(stripped) if cls is not str else stripped
    folds = getattr(value, "fold_pos", None)
    if folds:
        shift = len(core) - len(core.lstrip())
        # ruamel's FoldedScalarString declares `fold_pos` in __slots__ only, so no type knows it.
        setattr(new, "fold_pos", [p - shift for p in folds if 0 < p - shift < len(stripped)])  # noqa: B010
    node[key] = new
    return True


def reorder(mapping: Any, order: list[str]) -> None:
    """Reorder a CommentedMap's keys; each key's comments (ca.items) travel with it."""
    for key in order:
        mapping.move_to_end(key)


def plan_fixes(plan: Plan, diagnostics: list[Diagnostic]) -> tuple[Edit, list[FileFix]]:
    """The fixed text of every file with fixable diagnostics, as an edit (nothing is written).

    The one fix path of `check --fix`, `lint --fix` and both `--diff`s. Two kinds of fix
    meet here: a rule's `fix(data, kind, paths)` edits ruamel round-trip data (keys that
    move cannot be spliced), and an unused suppression (N001) is cut out of the text
    itself, byte for byte (`suppress.remove_codes`). A file that needs both gets the text
    fix first, then the round trip of the result. Each change keeps the file's byte-order
    mark and line endings; the edit session writes them (lock, guard, one transaction).
    """
    from planctl.checks.registry import rules
    from planctl.edit.ops import Change, Edit

    registry = rules()
    data_fixes: dict[str, dict[str, list[JsonPath]]] = {}
    text_fixes: dict[str, list[tuple[int, str]]] = {}
    for d in diagnostics:
        if not d.fixable:
            continue
        unused = d.extra.get("remove") if d.code == UNUSED_SUPPRESSION else None
        if isinstance(unused, str):
            text_fixes.setdefault(d.path, []).append((d.line, unused))
            continue
        rule = registry.get(d.code)
        if rule is not None and rule.fix is not None:
            where = d.extra.get("path", ())
            assert isinstance(where, (tuple, list)), "a fixable diagnostic carries its JSON path"
            data_fixes.setdefault(d.path, {}).setdefault(d.code, []).append(tuple(where))
    docs = {doc.path: doc for doc in plan.documents}
    changes: list[Change] = []
    fixes: list[FileFix] = []
    for rel in sorted(data_fixes.keys() | text_fixes.keys()):
        doc = docs.get(rel)
        if doc is None or doc.kind is None or doc.text is None or not isinstance(doc.data, dict):
            continue
        text, notes = _fix_text(doc, text_fixes.get(rel, []))
        codes = data_fixes.get(rel, {})
        if codes:
            from planctl import rtyaml

            data = rtyaml.load_file(text)
            found = [(code, what) for code in sorted(codes) for what in _fixer(registry, code)(data, doc.kind,
                                                                                              codes[code])]
            if found:
                text = rtyaml.dump_file(data, text)
                notes.extend(found)
        if notes and text != doc.text:
            notes.sort(key=lambda note: note[0])
            changes.append(Change(rel, doc.kind, text, doc.text, bom=doc.bom))
            fixes.append(FileFix(rel, doc.text, text, notes))
    from planctl.i18n import ngettext

    n = len(changes)
    return Edit(ngettext("fixed {n} file", "fixed {n} files", n).format(n=n), changes=changes), fixes


UNUSED_SUPPRESSION = "N001"


def _fixer(registry: Mapping[str, Rule], code: str) -> Callable[..., list[str]]:
    fixer = registry[code].fix
    assert fixer is not None
    return fixer


def _fix_text(doc: Document, removals: list[tuple[int, str]]) -> tuple[str, list[tuple[str, str]]]:
    """The document's text without the unused suppressions asked for, and a note for each.

    The suppressions were found by a text scan; a marker inside a quoted or block text is
    no comment, and cutting it would change the data. So the result must read back as the
    data the file held, or nothing is cut (and the N001 stays, to be fixed by hand).
    """
    from planctl.checks.suppress import remove_codes

    text = doc.text or ""
    if not removals:
        return text, []
    new, removed = remove_codes(text, removals)
    if not removed:
        return text, []
    from planctl.yamlread import parse_yaml

    parsed = parse_yaml(new, doc.path)
    if parsed.data != doc.data:
        return text, []
    from planctl.i18n import _

    return new, [(UNUSED_SUPPRESSION, _("removed the unused {code} from the {kind} comment on line {line}").format(
        code=code, kind=kind, line=line)) for line, kind, code in removed]


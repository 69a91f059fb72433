"""Load a plan repository into one in-memory `Plan` with source positions.

This is the only place that reads plan files for checking. Every problem with
a file - its bytes, its YAML, its place in the tree, its schema - becomes a
located diagnostic; nothing here raises for bad plan content.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from planctl.config import Config
from planctl.diagnostics import Diagnostic, Severity
from planctl.errors import UsageError
from planctl.model import KIND_DIRS, Document, Plan, build_entity
from planctl.yamlread import parse_yaml

YAML_SUFFIXES = (".yaml", ".yml")


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def discover(config: Config) -> tuple[list[tuple[Path, str | None]], list[Diagnostic]]:
    """Every YAML file under plan/, with the kind its folder gives (None: misplaced)."""
    root, plan_dir = config.root, config.plan_dir
    found: list[tuple[Path, str | None]] = []
    diags: list[Diagnostic] = []
    if not plan_dir.is_dir():
        return found, diags
    for dirpath, dirnames, filenames in os.walk(plan_dir, followlinks=False):
        dirnames.sort()
        folder = Path(dirpath)
        for dirname in list(dirnames):
            if dirname.lower().endswith(YAML_SUFFIXES):
                diags.append(Diagnostic("F003", Severity.ERROR, f"'{dirname}' is a folder, not a YAML file",
                                        _rel(root, folder / dirname)))
        for name in sorted(filenames):
            if not name.lower().endswith(YAML_SUFFIXES) or name.startswith("."):
                continue
            path = folder / name
            kind = KIND_DIRS.get(folder.name) if folder.parent == plan_dir else None
            found.append((path, kind))
    return found, diags


def select(config: Config, paths: Iterable[Path]) -> list[tuple[Path, str | None]]:
    """The plan files named on the command line (files or folders), confined to the plan."""
    everything, _ = discover(config)
    by_path = {p.resolve(): (p, k) for p, k in everything}
    chosen: dict[Path, tuple[Path, str | None]] = {}
    for raw in paths:
        target = raw.resolve()
        if not target.exists():
            raise UsageError(f"no such file or folder: {raw}")
        try:
            target.relative_to(config.root.resolve())
        except ValueError:
            raise UsageError(f"{raw} is outside the plan at {config.root}") from None
        if target.is_dir():
            for resolved, item in by_path.items():
                if resolved == target or target in resolved.parents:
                    chosen[resolved] = item
        elif target in by_path:
            chosen[target] = by_path[target]
        else:
            raise UsageError(f"{raw} is not a YAML file of the plan (plan/goals, plan/initiatives, plan/owners)")
    return sorted(chosen.values(), key=lambda item: str(item[0]))


def read_document(config: Config, path: Path, kind: str | None) -> tuple[Document, list[Diagnostic]]:
    """Read and parse one file. Returns the document and its load diagnostics."""
    rel = _rel(config.root, path)
    doc = Document(path=rel, kind=kind)
    diags: list[Diagnostic] = []

    def fail(code: str, message: str, line: int = 0, col: int = 0, hint: str | None = None) -> tuple[Document, list[Diagnostic]]:
        diags.append(Diagnostic(code, Severity.ERROR, message, rel, line, col, hint=hint))
        return doc, diags

    if kind is None:
        return fail("F003", "a YAML file outside plan/goals, plan/initiatives and plan/owners is not part of the plan",
                    hint="move it into the folder of its kind, or give it another extension")
    try:
        if path.is_symlink() and not _inside(path.resolve(), config.root.resolve()):
            return fail("F004", "a symbolic link pointing outside the plan root is not followed")
        if not path.is_file():
            return fail("F004", "not a regular file (a pipe, socket or device is never read)")
        size = path.stat().st_size
        if size > config.max_file_size:
            return fail("F005", f"the file is {size} bytes, over the limit of {config.max_file_size} bytes",
                        hint="raise [limits] max-file-size in planctl.toml if this is intended")
        raw = path.read_bytes()
    except OSError as exc:
        return fail("F004", f"cannot read the file: {exc.strerror or exc}")
    text = decode(raw)
    if isinstance(text, Diagnostic):
        diags.append(Diagnostic(text.code, text.severity, text.message, rel, text.line, text.col, hint=text.hint))
        return doc, diags
    doc.text = text
    parsed = parse_yaml(text, rel)
    diags.extend(parsed.diagnostics)
    if parsed.data is None or not isinstance(parsed.data, dict):
        return doc, diags
    doc.data, doc.spans, doc.key_spans = parsed.data, parsed.spans, parsed.key_spans
    ident = parsed.data.get("id")
    stem = path.name.rsplit(".", 1)[0]
    if isinstance(ident, str) and ident != stem:
        span = doc.span(("id",))
        diags.append(Diagnostic("F002", Severity.ERROR, f"the file is named '{path.name}' but its id is '{ident}'",
                                rel, span.line, span.col, span.end_line, span.end_col, entity=ident, json_path="$.id",
                                hint=f"rename the file to '{ident}{path.suffix}' or use 'planctl mv'"))
    return doc, diags


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def decode(raw: bytes) -> str | Diagnostic:
    """UTF-8 text (a byte-order mark is fine), or a located F001 saying why not."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Diagnostic("F001", Severity.ERROR, "the file is UTF-16; plan files are UTF-8", "", 1, 1,
                          hint="save the file as UTF-8")
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = _position(raw, nul)
        return Diagnostic("F001", Severity.ERROR, "the file holds a NUL byte: it is binary, not text", "", line, col)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _position(raw, exc.start)
        return Diagnostic("F001", Severity.ERROR, f"byte 0x{raw[exc.start]:02x} is not valid UTF-8", "", line, col,
                          hint="save the file as UTF-8 (it may be Latin-1 or Windows-1252)")


def _position(raw: bytes, offset: int) -> tuple[int, int]:
    line = raw.count(b"\n", 0, offset) + 1
    start = raw.rfind(b"\n", 0, offset) + 1
    return line, len(raw[start:offset].decode("utf-8", errors="replace")) + 1


def load_plan(config: Config, paths: Iterable[Path] | None = None, *, schema: bool = True) -> Plan:
    """Read the plan (or just `paths`), validating each document against its schema."""
    plan = Plan(root=config.root)
    if paths:
        files, layout_diags = select(config, paths), []
    else:
        files, layout_diags = discover(config)
    plan.diagnostics.extend(layout_diags)
    if schema:
        from planctl.schemas import validate_document
    for path, kind in files:
        doc, diags = read_document(config, path, kind)
        plan.documents.append(doc)
        plan.diagnostics.extend(diags)
        if doc.data is None:
            continue
        if schema:
            plan.diagnostics.extend(validate_document(doc))
        entity = build_entity(doc)
        if entity is not None:
            plan.add(entity)
    plan.files_checked = len(files)
    return plan

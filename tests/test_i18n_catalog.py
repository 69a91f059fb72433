"""No string left behind (issue 14): every marked message has a Swedish translation whose
placeholders match, the catalogue the install compiled is current, and no user-facing string
of a converted module goes unmarked.

How to mark a string and update the catalogue: docs/i18n.md.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from conftest import REPO

SRC = REPO / "src" / "planctl"
LOCALE = SRC / "locale"
PO = LOCALE / "sv" / "LC_MESSAGES" / "planctl.po"
POT = LOCALE / "planctl.pot"
KEYWORDS = {"_": None, "ngettext": (1, 2), "N_": None, "lazy": None, "lazy_plural": (1, 2)}
"""The marking functions of planctl.i18n, as Babel's extractor is told of them (`make catalog`)."""


def _hatch_build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("hatch_build", REPO / "hatch_build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hatch_build = _hatch_build()


def extracted() -> dict[str, str | None]:
    """Every message marked in the source: msgid -> its plural (None for a singular), with Babel's extractor."""
    from babel.messages.extract import extract_from_dir

    found: dict[str, str | None] = {}
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(SRC), method_map=[("**.py", "python")], keywords={**KEYWORDS}):
        if isinstance(message, tuple):
            found[message[0]] = message[1]
        else:
            found[message] = None
    return found


_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?:![rsa])?(?::[^{}]*)?\}|%\(([A-Za-z_]+)\)[sdr]")


def placeholders(text: str) -> list[str]:
    return sorted(a or b for a, b in _PLACEHOLDER.findall(text))


def problems(po_text: str, messages: dict[str, str | None]) -> list[str]:
    """What msgfmt --check would say, and more: a marked message missing from the catalogue or
    untranslated (or fuzzy), a plural without both forms, placeholders that differ."""
    entries = {e["id"]: e for e in hatch_build.read_po(po_text) if e["id"]}
    header = next((e for e in hatch_build.read_po(po_text) if not e["id"]), None)
    out = []
    if header is None or "Plural-Forms: nplurals=2; plural=(n != 1);" not in header["str"][0]:
        out.append("the header lacks Swedish plural forms (nplurals=2; plural=(n != 1))")
    for msgid, plural in sorted(messages.items()):
        entry = entries.get(msgid)
        if entry is None:
            out.append(f"not in the catalogue: {msgid!r}")
            continue
        forms = entry.get("str", [""])
        if "fuzzy" in entry.get("flags", ()):
            out.append(f"fuzzy (check the translation, then drop the flag): {msgid!r}")
        if plural is not None and (entry.get("plural") != plural or len(forms) != 2):
            out.append(f"plural forms missing: {msgid!r}")
        if not all(forms):
            out.append(f"untranslated: {msgid!r}")
            continue
        wanted = set(placeholders(msgid)) | set(placeholders(plural or ""))
        for form in forms:
            have = set(placeholders(form))
            # a singular may leave out the count ("ett fel" for "{n} error"), nothing else
            if have != wanted and not (plural is not None and wanted - have <= {"n"} and have <= wanted):
                out.append(f"placeholders differ: {msgid!r} has {sorted(wanted)}, {form!r} has {sorted(have)}")
    return out


def test_every_marked_message_has_a_swedish_translation() -> None:
    messages = extracted()
    assert len(messages) > 250  # the extractor found the marked messages
    assert problems(PO.read_text(encoding="utf-8"), messages) == []


def test_deleting_one_swedish_entry_fails_the_check(tmp_path: Path) -> None:
    """The check can fail: on a temporary copy of the catalogue with one entry removed, and
    with one placeholder mistranslated."""
    text = PO.read_text(encoding="utf-8")
    entry = 'msgid "the title ends with a full stop"\nmsgstr "rubriken slutar med punkt"\n'
    assert entry in text
    copy = tmp_path / "planctl.po"
    copy.write_text(text.replace(entry, ""), encoding="utf-8")
    assert problems(copy.read_text(encoding="utf-8"), extracted()) == [
        "not in the catalogue: 'the title ends with a full stop'"]
    broken = text.replace('msgstr "målet {id} saknar beskrivning"', 'msgstr "målet {ident} saknar beskrivning"')
    assert broken != text
    assert problems(broken, extracted()) == [
        "placeholders differ: 'the goal {id} has no description' has ['id'], 'målet {ident} saknar beskrivning' "
        "has ['ident']"]
    emptied = text.replace('msgstr[1] "{n} varningar"', 'msgstr[1] ""')
    assert problems(emptied, extracted()) == ["untranslated: '{n} warning'"]


def test_the_template_is_the_source_regenerated(tmp_path: Path) -> None:
    """src/planctl/locale/planctl.pot holds what `make catalog` extracts now."""
    fresh = tmp_path / "planctl.pot"
    proc = subprocess.run([str(Path(sys.executable).parent / "pybabel"), "extract", "--no-location", "--sort-output",
                           "--no-wrap", "--project", "planctl", "--version", "0.1.0", "-k", "lazy",
                           "-k", "lazy_plural:1,2", "-o", str(fresh), str(SRC)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr

    def ids(text: str) -> set[tuple[str, str | None]]:
        return {(e["id"], e.get("plural")) for e in hatch_build.read_po(text) if e["id"]}

    assert ids(fresh.read_text(encoding="utf-8")) == ids(POT.read_text(encoding="utf-8")), "run 'make catalog'"


def test_the_installed_catalogue_is_compiled_from_the_po_and_not_committed() -> None:
    mo = PO.with_suffix(".mo")
    assert mo.is_file(), "the install step (hatch_build.py) compiles it"
    assert mo.read_bytes() == hatch_build.compile_mo(hatch_build.read_po(PO.read_text(encoding="utf-8"))), \
        "the .po changed since the install: run make (or pip install -e .)"
    tracked = subprocess.run(["git", "ls-files", "src/planctl/locale"], cwd=REPO, capture_output=True, text=True)
    if tracked.returncode == 0:
        assert not [name for name in tracked.stdout.split() if name.endswith(".mo")]


def test_the_compiler_writes_what_gettext_reads(tmp_path: Path) -> None:
    import gettext

    po = ('msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n'
          '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
          'msgid "a"\nmsgstr "å"\n\n#, fuzzy\nmsgid "b"\nmsgstr "ä"\n\nmsgid "c"\nmsgstr ""\n\n'
          'msgid "{n} x"\nmsgid_plural "{n} xs"\nmsgstr[0] "{n} ö"\nmsgstr[1] "{n} öar"\n\n'
          'msgctxt "k"\nmsgid "d"\nmsgstr "e"\n\nmsgid ""\n"long "\n"text"\nmsgstr "lång "\n"text"\n')
    path = tmp_path / "t.mo"
    path.write_bytes(hatch_build.compile_mo(hatch_build.read_po(po)))
    catalog = gettext.GNUTranslations(path.open("rb"))
    assert catalog.gettext("a") == "å" and catalog.gettext("b") == "b" and catalog.gettext("c") == "c"
    assert catalog.ngettext("{n} x", "{n} xs", 1) == "{n} ö" and catalog.ngettext("{n} x", "{n} xs", 5) == "{n} öar"
    assert catalog.pgettext("k", "d") == "e" and catalog.gettext("long text") == "lång text"


# -- unmarked strings -------------------------------------------------------------------------------

# Issue 14's waves emptied this list: each entry was a module whose user-facing strings were not
# marked yet. Every module is converted now; a module put here would be skipped by the scan below.
NOT_YET_CONVERTED: set[str] = set()
CONVERTED_IN_UNCONVERTED: set[str] = set()
"""Converted already though their folder is not."""

ERRORS = {"PlanctlError", "UsageError", "ConfigError", "RefusedByPlan", "UnreadableEntity", "fail"}
DIAGNOSTIC_CALLS = {"Diagnostic", "diag", "_diag", "fail", "_error"}
PRINTERS = {"echo", "print", "secho", "write", "note", "error_line"}
MARKERS = {"_", "ngettext", "N_", "lazy", "lazy_plural", "did_you_mean", "a_kind", "kinds", "tr", "shown",
           "with_hint"}
RULE_TEXTS = {"SUMMARY", "EXPLANATION"}


def _is_text(node: ast.AST) -> bool:
    """A literal a person reads: an f-string, or a string with a letter and a space (not a code,
    a key or a path)."""
    if isinstance(node, ast.JoinedStr):  # f"{name}: {message}" puts texts together and says nothing itself
        return any(isinstance(v, ast.Constant) and any(c.isalpha() for c in str(v.value).replace("planctl", ""))
                   for v in node.values)  # "planctl: {message}" names the program and says nothing itself
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return " " in node.value.strip() and any(c.isalpha() for c in node.value)
    if isinstance(node, ast.BinOp):
        return _is_text(node.left) or _is_text(node.right)
    return False


def _name(func: ast.AST) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def unmarked(source: str, filename: str = "<src>") -> list[str]:
    """`file:line: text` of each user-facing literal in `source` that is not marked for translation:
    passed to an error, a diagnostic or a printer, or a rule's SUMMARY/EXPLANATION."""
    found = []
    tree = ast.parse(source, filename)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _name(node.func)
            args: list[ast.AST] = []
            if name in ERRORS or name in PRINTERS:
                args = [*node.args[:1], *(k.value for k in node.keywords if k.arg in ("message",))]
            elif name in DIAGNOSTIC_CALLS:
                args = [*node.args, *(k.value for k in node.keywords if k.arg in ("message", "hint"))]
            if name in MARKERS:
                continue
            args += [k.value for k in node.keywords if k.arg == "help"]
            for arg in args:
                if isinstance(arg, ast.Call) and _name(arg.func) == "format" and isinstance(arg.func, ast.Attribute):
                    arg = arg.func.value
                if _is_text(arg):
                    found.append(f"{filename}:{arg.lineno}: {ast.unparse(arg)[:80]}")
        elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id in RULE_TEXTS for t in node.targets):
            if not (isinstance(node.value, ast.Call) and _name(node.value.func) in MARKERS):
                found.append(f"{filename}:{node.lineno}: {ast.unparse(node.targets[0])} is not marked")
    return found


def _converted() -> list[Path]:
    out = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel in CONVERTED_IN_UNCONVERTED or not any(rel == m or (m.endswith("/") and rel.startswith(m))
                                                      for m in NOT_YET_CONVERTED):
            out.append(path)
    return out


def test_no_user_facing_string_of_a_converted_module_is_unmarked() -> None:
    found = []
    for path in _converted():
        found += unmarked(path.read_text(encoding="utf-8"), path.relative_to(SRC).as_posix())
    assert found == []
    assert len(_converted()) > 60  # the converted modules really are scanned


@pytest.mark.parametrize("source", [
    'raise UsageError(f"no such id {ident}")',
    'raise ConfigError("the file is broken")',
    'yield ctx.diag(ID, SEVERITY, doc, (), f"the {kind} is wrong", hint="fix it now")',
    'Diagnostic("F001", Severity.ERROR, "the file is binary", path)',
    'SUMMARY = "A rule that says something."',
    'typer.echo(f"added {ident}")',
    'typer.Option(None, "--x", help="What x does.")',
    'raise UsageError(("a {id} that is bad").format(id=x))',
])
def test_the_scan_finds_a_new_unmarked_string(source: str) -> None:
    assert unmarked(source) != []


@pytest.mark.parametrize("source", [
    'raise UsageError(_("no such id {id}").format(id=ident))',
    'yield ctx.diag(ID, SEVERITY, doc, (), lazy("the {kind} is wrong", kind=k), hint=lazy("fix it now"))',
    'Diagnostic("F001", Severity.ERROR, lazy("the file is binary"), path)',
    'SUMMARY = N_("A rule that says something.")',
    'raise UsageError(message)',
    'Diagnostic(code, Severity(sev), thaw(message), rel)',
])
def test_the_scan_accepts_marked_strings(source: str) -> None:
    assert unmarked(source) == []

"""`planctl rules`: every code listed (built-in too), one explained; every rule documented."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, invoke, run_planctl
from planctl.checks.registry import catalogue, rules
from planctl.checks.ruledoc import BEGIN, END, REGENERATE, generated_part
from planctl.codes import BUILTIN


def test_lists_every_code_installed() -> None:
    result = run_planctl("rules")
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.stdout.splitlines()[:-2]]
    assert listed == list(catalogue())
    assert set(BUILTIN) <= set(listed) and {"X001", "C001", "N001"} <= set(listed)


def test_at_least_twenty_lint_rules() -> None:
    lint = [code for code in rules() if code[0] not in "XG"]
    assert len(lint) >= 20


@pytest.mark.parametrize("code", sorted(rules()))
def test_every_rule_is_explained_with_examples(code: str) -> None:
    rule = rules()[code]
    assert rule.summary.endswith(".") and len(rule.summary) < 120
    assert "Bad" in rule.explanation and "Good" in rule.explanation


DOC = REPO / "docs" / "checks.md"
SCRIPT = REPO / "scripts" / "gen_checks_doc.py"


def test_docs_checks_md_is_the_registrys_reference() -> None:
    """The reference in docs/checks.md is what the installed planctl prints, byte for byte."""
    result = run_planctl("rules", "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    written = generated_part(DOC.read_text(encoding="utf-8"))
    assert written == result.stdout, (
        f"docs/checks.md and the rule registry disagree: run '{REGENERATE}' and commit docs/checks.md")
    for code in catalogue():
        assert f"\n### {code} {catalogue()[code].name}\n" in written


def test_markdown_of_one_code() -> None:
    result = invoke("rules", "T003", "-f", "markdown")
    assert result.exit_code == 0
    assert result.stdout.startswith("### T003 title-too-long\nA title is longer than `max-length` characters "
                                    "(default 80). Default severity **warning**; options: `max-length` "
                                    "(default `80`).\n\n")
    assert result.stdout in DOC.read_text(encoding="utf-8")
    assert "Default severity **info**, fixable." in invoke("rules", "L001", "-f", "markdown").stdout


def _script(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=60)


def test_the_script_rewrites_only_the_generated_part(tmp_path: Path) -> None:
    assert _script("--check").returncode == 0  # the repository's file is current
    current = DOC.read_text(encoding="utf-8")
    start, end = current.index(BEGIN), current.index(END)
    stale = (current[:start] + "Prose before, kept.\n" + current[start:end].replace("Default severity", "Severity", 3)
             + current[end:] + "Prose after, kept.\n")
    copy = tmp_path / "checks.md"
    copy.write_text(stale, encoding="utf-8")
    checked = _script("--check", "--doc", str(copy))
    assert checked.returncode == 1 and REGENERATE in checked.stderr
    assert copy.read_text(encoding="utf-8") == stale  # --check writes nothing
    assert _script("--doc", str(copy)).returncode == 0
    fixed = copy.read_text(encoding="utf-8")
    assert fixed == current[:start] + "Prose before, kept.\n" + current[start:] + "Prose after, kept.\n"
    assert _script("--check", "--doc", str(copy)).returncode == 0


def test_the_script_refuses_a_document_without_markers(tmp_path: Path) -> None:
    copy = tmp_path / "checks.md"
    copy.write_text("# Checks\n\nNo markers here.\n", encoding="utf-8")
    result = _script("--doc", str(copy))
    assert result.returncode == 2 and "needs exactly one" in result.stderr
    assert copy.read_text(encoding="utf-8") == "# Checks\n\nNo markers here.\n"


def test_explain_by_code_or_name() -> None:
    by_code = invoke("rules", "t003")
    assert by_code.exit_code == 0
    assert by_code.stdout.startswith("T003 title-too-long\n")
    assert "Options:  max-length = 80" in by_code.stdout
    assert invoke("rules", "title-too-long").stdout == by_code.stdout
    assert "Y002 duplicate-key" in invoke("rules", "Y002").stdout


def test_json_and_unknown() -> None:
    [row] = json.loads(invoke("rules", "L001", "-f", "json").stdout)["rules"]
    assert row["fixable"] is True and row["severity"] == "info"
    result = invoke("rules", "Q123")
    assert result.exit_code == 2 and "unknown code or rule 'Q123'" in result.stderr
    result = invoke("rules", "-f", "html")
    assert result.exit_code == 2 and "expected text, json or markdown" in result.stderr

"""`planctl rules`: every code listed (built-in too), one explained; every rule documented."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REPO, invoke, run_planctl

from planctl.checks.registry import catalogue, rules
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
def test_every_rule_is_documented(code: str) -> None:
    rule = rules()[code]
    assert rule.summary.endswith(".") and len(rule.summary) < 120
    assert "Bad" in rule.explanation and "Good" in rule.explanation
    docs = (REPO / "docs" / "checks.md").read_text(encoding="utf-8")
    assert f"### {code} " in docs


def test_explain_by_code_or_name() -> None:
    by_code = invoke("rules", "t003")
    assert by_code.exit_code == 0
    assert by_code.stdout.startswith("T003 title-too-long\n")
    assert "Options:  max-length = 80" in by_code.stdout
    assert invoke("rules", "title-too-long").stdout == by_code.stdout
    assert "Y002 duplicate-key" in invoke("rules", "Y002").stdout


def test_json_and_unknown() -> None:
    row = json.loads(invoke("rules", "L001", "-f", "json").stdout)
    assert row["fixable"] is True and row["severity"] == "info"
    result = invoke("rules", "Q123")
    assert result.exit_code == 2 and "unknown code or rule 'Q123'" in result.stderr

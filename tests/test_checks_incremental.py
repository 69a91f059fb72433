"""Document rules' findings come from the cache only where checking again would find the same."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
from pathlib import Path

import pytest

from checks_fixture import make_every_code_plan
from planctl.checks import incremental, run_checks
from planctl.checks.context import CheckContext
from planctl.checks.registry import Rule, rules
from planctl.config import load_config
from planctl.diagnostics import Severity
from planctl.loader import load_plan

TODAY = dt.date(2024, 5, 1)
DOCUMENT_RULES = [rule for rule in rules().values() if rule.type == "document"]


def everything(root: Path, *, cache: bool, today: dt.date = TODAY) -> list[tuple]:
    """Every field a user can see of every diagnostic, in order."""
    cfg = load_config(root)
    found = run_checks(load_plan(cfg, cache=cache), cfg, today=today)
    return [(d.code, d.severity, d.message, d.path, d.line, d.col, d.end_line, d.end_col, d.entity, d.json_path,
             d.hint, d.fixable, d.extra) for d in found]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_every_code_plan(tmp_path / "repo")


def test_every_document_rule_judges_each_file_on_its_own(root: Path) -> None:
    """The contract of TYPE = "document": a file's findings do not depend on the other files."""
    plan = load_plan(load_config(root))
    ctx = CheckContext(plan, TODAY)
    found_somewhere = set()
    for rule in DOCUMENT_RULES:
        assert rule.check is not None
        whole = sorted((d.path, d.line, d.col, d.message) for d in rule.check(plan, ctx))
        alone = sorted((d.path, d.line, d.col, d.message) for doc in plan.documents
                       for d in rule.check(incremental.subplan(plan, [doc]), ctx))
        assert alone == whole, rule.code
        if whole:
            found_somewhere.add(rule.code)
    assert len(found_somewhere) >= 15  # the fixture gives most of them something to find


def test_a_warm_run_reports_exactly_what_a_cold_run_does(root: Path) -> None:
    cold = everything(root, cache=False)
    assert {c[0] for c in cold} >= {"T005", "L001", "L002", "N001", "N002", "N003", "X001", "C003"}
    assert everything(root, cache=True) == cold  # fills the cache
    assert everything(root, cache=True) == cold  # answered from it


def test_only_changed_files_are_checked_again(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    everything(root, cache=True)
    checked: list[list[str]] = []
    real = incremental.subplan
    monkeypatch.setattr(incremental, "subplan",
                        lambda plan, docs: checked.append([d.path for d in docs]) or real(plan, docs))
    everything(root, cache=True)
    assert checked == []
    target = root / "plan/initiatives/INI-020.yaml"  # T005: a title ending in a full stop
    target.write_text(target.read_text().replace("informationsutbyte.", "informationsutbyte"))
    warm = everything(root, cache=True)
    assert checked == [["plan/initiatives/INI-020.yaml"]]
    assert warm == everything(root, cache=False)
    assert "plan/initiatives/INI-020.yaml" not in {c[3] for c in warm if c[0] == "T005"}


def test_a_duplicate_id_is_linted_the_same_warm_or_cold(root: Path) -> None:
    """The second file with an id is checked too, whichever of the two changed."""
    (root / "plan/initiatives/INI-099.yaml").write_text(
        "id: INI-002\ntitle: En dubblett.\ngoals: [FO1.1]\nowner: skr\nstatus: ongoing\n", encoding="utf-8")
    cold = everything(root, cache=False)
    assert ("T005", "plan/initiatives/INI-099.yaml") in {(c[0], c[3]) for c in cold}
    everything(root, cache=True)
    assert everything(root, cache=True) == cold


def test_another_date_or_option_checks_every_file_again(root: Path) -> None:
    everything(root, cache=True)
    later = dt.date(2030, 1, 1)
    assert everything(root, cache=True, today=later) == everything(root, cache=False, today=later)
    config = root / "planctl.toml"
    config.write_text(config.read_text() + "\n[lint.options.T003]\nmax-length = 30\n", encoding="utf-8")
    tighter = everything(root, cache=False)
    assert sum(c[0] == "T003" for c in tighter) > 1
    assert everything(root, cache=True) == tighter


def test_editing_a_rule_module_retires_its_findings(tmp_path: Path) -> None:
    """A development checkout edits rules without changing planctl's version."""
    source = tmp_path / "my_rule.py"
    source.write_text("def check(plan, ctx):\n    return iter(())\n", encoding="utf-8")
    spec = importlib.util.spec_from_file_location("my_rule", source)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rule = Rule("T999", "my-rule", Severity.INFO, "test", check=module.check, type="document")
    plan = load_plan(load_config(make_every_code_plan(tmp_path / "repo")))
    ctx = CheckContext(plan, TODAY)
    before = incremental.settings_digest([rule], ctx)
    assert incremental.settings_digest([rule], ctx) == before
    source.write_text("def check(plan, ctx):\n    return iter([])\n", encoding="utf-8")
    stamp = os.stat(source).st_mtime_ns + 1_000_000_000
    os.utime(source, ns=(stamp, stamp))
    assert incremental.settings_digest([rule], ctx) != before


def test_installed_check_is_the_same_warm_or_cold(root: Path) -> None:
    from conftest import run_planctl

    cold = run_planctl("check", "--no-cache", "--today", "2024-05-01", "-f", "json", cwd=root)
    first = run_planctl("check", "--today", "2024-05-01", "-f", "json", cwd=root)
    second = run_planctl("check", "--today", "2024-05-01", "-f", "json", cwd=root)
    assert cold.exit_code == first.exit_code == second.exit_code == 1
    assert cold.stdout == first.stdout == second.stdout
    assert (root / ".planctl_cache").is_dir()


def test_an_edit_keeps_what_its_checks_learnt(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`set` checks the plan before writing; the next `check` reuses that and checks only the edited file."""
    from conftest import invoke

    assert invoke("check", cwd=root).exit_code == 1
    assert invoke("set", "INI-012", "title=Insats 012 med ny titel", cwd=root).exit_code == 0
    checked: list[list[str]] = []
    real = incremental.subplan
    monkeypatch.setattr(incremental, "subplan",
                        lambda plan, docs: checked.append([d.path for d in docs]) or real(plan, docs))
    cfg = load_config(root)
    warm = run_checks(load_plan(cfg, cache=True), cfg)
    assert checked == [["plan/initiatives/INI-012.yaml"]]
    cold = run_checks(load_plan(cfg), cfg)
    assert [(d.code, d.path, d.line, d.message) for d in warm] == [(d.code, d.path, d.line, d.message) for d in cold]

"""An edit's guard judges only the files the edit can have changed (`planctl.checks.focus`),
and its verdict is exactly the one of diagnosing both plans whole: compared here on random
edits of random small plans, and on the cases each rule shape exists for."""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import SMALL_PLAN, invoke, write_plan
from planctl.checks import run_checks
from planctl.checks.focus import focused_checks
from planctl.config import load_config
from planctl.diagnostics import Diagnostic
from planctl.edit import guard
from planctl.loader import load_plan

EXAMPLES = int(os.environ.get("PLANCTL_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=max(25, EXAMPLES), deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

AREAS = ["FO1", "FO2"]
SUBS = ["FO1.1", "FO1.2", "FO2.1"]
OWNERS = ["skolverket", "skr", "ifous"]
INITIATIVES = ["INI-001", "INI-002", "INI-003", "INI-004"]
TITLES = ["Stöd för lärare", "stöd  för lärare", "Digital kompetens", "ETT ARBETE", "Slut."]
# What a reference may name: ids that exist, ids nobody has, ids of the wrong kind, focus areas.
GOAL_REFS = st.sampled_from([*SUBS, *AREAS, "FO9.9", "skr", "INI-001"])
OWNER_REFS = st.sampled_from([*OWNERS, "nobody", "FO1.1"])
IDS = st.sampled_from([*AREAS, *SUBS, *OWNERS, *INITIATIVES, "INI-009", "skolverket"])
SUPPRESS = st.sampled_from(["", "# planctl: ignore[C001] ingen insats än\n", "# planctl: ignore[X001] känt\n",
                            "# planctl: ignore[C003]\n", "# planctl: ignore-file[T007] same\n"])


def _items(name: str, values: list[str]) -> str:
    return f"{name}:\n" + "".join(f"  - {v}\n" for v in values) if values else ""


@st.composite
def goal(draw: Any, ident: str) -> tuple[str, str]:
    parent = "" if "." not in ident else f"parent: {draw(st.sampled_from([*AREAS, 'FO9', ident]))}\n"
    return (f"plan/goals/{ident}.yaml", f"{draw(SUPPRESS)}id: {draw(st.sampled_from([ident, ident, 'FO1.1']))}\n"
            f"title: {draw(st.sampled_from(TITLES))}\ndescription: Ett mål för alla elever.\n{parent}")


@st.composite
def owner(draw: Any, ident: str) -> tuple[str, str]:
    parent = draw(st.sampled_from(["", *OWNERS]))
    return (f"plan/owners/{ident}.yaml", f"{draw(SUPPRESS)}id: {ident}\nname: Aktör {ident}\nkind: agency\n"
            + (f"parent: {parent}\n" if parent else ""))  # its own parent too: a cycle


@st.composite
def initiative(draw: Any, ident: str) -> tuple[str, str]:
    goals = draw(st.lists(GOAL_REFS, min_size=0, max_size=3))
    participants = draw(st.lists(OWNER_REFS, max_size=2))
    own = draw(st.sampled_from([ident, ident, ident, "INI-001"]))
    return (f"plan/initiatives/{ident}.yaml",
            f"{draw(SUPPRESS)}id: {own}\ntitle: {draw(st.sampled_from(TITLES))}\n"
            f"description: En insats som stöder skolans digitalisering.\n{_items('goals', goals)}"
            f"owner: {draw(OWNER_REFS)}\n{_items('participants', participants)}"
            f"status: {draw(st.sampled_from(['ongoing', 'proposed', 'completed']))}\n")


@st.composite
def plans(draw: Any) -> dict[str, str]:
    files: dict[str, str] = {}
    for ident in AREAS + draw(st.lists(st.sampled_from(SUBS), min_size=1, max_size=3, unique=True)):
        path, text = draw(goal(ident))
        files[path] = text
    for ident in draw(st.lists(st.sampled_from(OWNERS), min_size=1, max_size=3, unique=True)):
        path, text = draw(owner(ident))
        files[path] = text
    for ident in draw(st.lists(st.sampled_from(INITIATIVES), min_size=1, max_size=4, unique=True)):
        path, text = draw(initiative(ident))
        files[path] = text
    if draw(st.booleans()):
        files["plan/initiatives/INI-007.yaml"] = "id: [broken\n"
    return files


@st.composite
def edits(draw: Any, files: dict[str, str]) -> dict[str, tuple[str | None, str | None]]:
    """One to three file changes: a file rewritten as another random entity, added, or removed."""
    kinds = {"goals": "goal", "owners": "owner", "initiatives": "initiative"}
    out: dict[str, tuple[str | None, str | None]] = {}
    for _ in range(draw(st.integers(1, 3))):
        what = draw(st.sampled_from(["rewrite", "add", "remove", "rename"]))
        existing = sorted(files)
        if what in ("rewrite", "remove", "rename"):
            path = draw(st.sampled_from(existing))
        else:
            kind = draw(st.sampled_from(["goals", "owners", "initiatives"]))
            path = f"plan/{kind}/{draw(IDS)}.yaml"
        folder = path.split("/")[1]
        ident = path.rsplit("/", 1)[1].removesuffix(".yaml")
        if what == "remove":
            out[path] = (kinds[folder], None)
            continue
        if what == "rename":  # as `mv` does: the file goes, its entity comes back under another id
            new = draw(IDS)
            out[path] = (kinds[folder], None)
            path, ident = f"plan/{folder}/{new}.yaml", new
        make = {"goals": goal, "owners": owner, "initiatives": initiative}[folder]
        out[path] = (kinds[folder], draw(make(ident))[1])
    return out


def _shown(diags: list[Diagnostic]) -> list[tuple[Any, ...]]:
    return [(d.code, d.path, d.line, d.col, str(d.message), str(d.hint), d.severity, d.entity) for d in diags]


def _verdicts(files: dict[str, str], change: dict[str, tuple[str | None, str | None]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = write_plan(Path(tmp) / "repo", files)
        cfg = load_config(root)
        before = load_plan(cfg)
        after = guard.plan_after(before, change)
        whole = guard.introduced(before, after, cfg, focused=False)
        focused = guard.introduced(before, after, cfg)
        assert _shown(focused.errors) == _shown(whole.errors)
        assert _shown(focused.warnings) == _shown(whole.warnings)
        # And more than the verdict: what changed between the plans, problem by problem.
        full = [Counter(guard._key(d) for d in run_checks(p, cfg)) for p in (before, after)]
        part = [Counter(guard._key(d) for d in found) for found in focused_checks(before, after, cfg)]
        assert part[1] - part[0] == full[1] - full[0]
        assert part[0] - part[1] == full[0] - full[1]


@FUZZ
@given(st.data())
def test_a_focused_verdict_is_the_full_verdict(data: st.DataObject) -> None:
    files = data.draw(plans())
    _verdicts(files, data.draw(edits(files)))


OWNED = {**SMALL_PLAN}


@pytest.mark.parametrize("change", [
    # C003: the owner's last reference goes, in a file the owner is not in.
    {"plan/initiatives/INI-002.yaml": ("initiative", None)},
    # X001 in a file the edit did not touch: the id it names is renamed away.
    {"plan/goals/FO1.1.yaml": ("goal", None),
     "plan/goals/FO1.9.yaml": ("goal", "id: FO1.9\ntitle: Nytt mål\ndescription: Ett mål.\nparent: FO1\n")},
    # X004 in another file: a second entity takes an id.
    {"plan/owners/kopia.yaml": ("owner", "id: skolverket\nname: Kopia\nkind: agency\n")},
])
def test_the_findings_an_edit_moves_elsewhere_are_judged(change: dict[str, tuple[str | None, str | None]]) -> None:
    _verdicts(OWNED, change)


def test_an_edit_of_an_unreferenced_entity_judges_its_file_only(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The guard's cost is the edit's: it checks the edited file's documents, not the plan's."""
    from planctl.checks import incremental

    root = write_plan(tmp_path / "repo", SMALL_PLAN)
    seen: list[int] = []
    real = incremental.document_findings

    def counting(plan: Any, ctx: Any, rules: Any) -> Any:
        seen.append(len(plan.documents))
        return real(plan, ctx, rules)

    monkeypatch.setattr(incremental, "document_findings", counting)
    result = invoke("set", "INI-001", "title=Ett nytt namn", cwd=root)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert seen == [1, 1]  # before and after: INI-001.yaml alone


def test_every_plan_rule_declares_how_an_edit_judges_it() -> None:
    """A plan rule without a shape runs whole on every edit, before and after: allowed, but a
    decision (docs/checks.md says which do and why), not an accident of a new rule."""
    from planctl.checks.registry import INCREMENTAL_SHAPES, rules

    whole = {"X006": "a cycle runs through any file", "G001": "compares with another revision"}
    for code, rule in rules().items():
        if rule.type == "plan":
            assert rule.incremental in INCREMENTAL_SHAPES or code in whole, code
            assert (rule.incremental == "groups") == (rule.group is not None), code

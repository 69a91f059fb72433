"""What an edit costs follows the edit: the files it changes are read back once and judged,
the rest of the plan comes from the cache and is not checked again (issue 17)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import invoke, write_plan
from planctl import yamlread
from planctl.checks import incremental
from planctl.edit import guard

AREA = "id: FO1\ntitle: Område\ndescription: Ett fokusområde för skolan.\n"


def _plan(referring: int, others: int) -> dict[str, str]:
    """FO1.1 served by `referring` initiatives, FO1.2 by `others`, one owner for all."""
    files = {"plan/goals/FO1.yaml": AREA,
             "plan/owners/skr.yaml": "id: skr\nname: SKR\nkind: association\n"}
    for goal in ("FO1.1", "FO1.2"):
        files[f"plan/goals/{goal}.yaml"] = f"id: {goal}\ntitle: Mål {goal}\ndescription: Ett mål.\nparent: FO1\n"
    for i in range(1, referring + others + 1):
        goal = "FO1.1" if i <= referring else "FO1.2"
        files[f"plan/initiatives/INI-{i:03d}.yaml"] = (
            f"id: INI-{i:03d}\ntitle: Insats nummer {i}\ndescription: En insats.\ngoals:\n  - {goal}\n"
            "owner: skr\nstatus: proposed\nhorizon: short\n")
    return files


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[Any]]:
    """Every YAML parse, and the documents each run of the document rules is given."""
    seen: dict[str, list[Any]] = {"parsed": [], "judged": []}
    parse, judge = yamlread.parse_yaml, incremental.document_findings

    def parsing(text: str, path: str) -> Any:
        if path != "-":  # "-": a new value, read to see what type it has (`values.scalar`)
            seen["parsed"].append(path)
        return parse(text, path)

    def judging(plan: Any, ctx: Any, rules: Any) -> Any:
        seen["judged"].append(sorted(d.path for d in plan.documents))
        return judge(plan, ctx, rules)

    monkeypatch.setattr(yamlread, "parse_yaml", parsing)
    monkeypatch.setattr(guard, "parse_yaml", parsing)
    monkeypatch.setattr(incremental, "document_findings", judging)
    return seen


@pytest.mark.parametrize("others", [5, 60])
def test_mv_reads_and_judges_the_referring_files_whatever_the_plan(tmp_path: Path, others: int,
                                                                   counted: dict[str, list[Any]]) -> None:
    root = write_plan(tmp_path / "repo", _plan(4, others))
    assert invoke("check", "-q", cwd=root).exit_code == 0  # a warm cache, as after a curator's check
    counted["parsed"].clear()
    counted["judged"].clear()
    result = invoke("mv", "FO1.1", "FO1.9", cwd=root)
    assert result.exit_code == 0, result.stdout + result.stderr
    changed = ["plan/goals/FO1.9.yaml", *[f"plan/initiatives/INI-{i:03d}.yaml" for i in range(1, 5)]]
    # Each changed file is read back once (by the splice, which the guard reuses); nothing else is parsed.
    assert sorted(counted["parsed"]) == sorted(["plan/goals/FO1.1.yaml", *changed[1:]])
    # Judged: the changed files as they were and as they are, and FO1, whose sub-goals changed.
    before, after = counted["judged"]
    assert after == sorted([*changed, "plan/goals/FO1.yaml"])
    assert before == sorted(["plan/goals/FO1.1.yaml", *changed[1:], "plan/goals/FO1.yaml"])
    assert "  - FO1.9\n" in (root / "plan/initiatives/INI-001.yaml").read_text(encoding="utf-8")


def test_set_of_an_unreferenced_initiative_parses_and_judges_its_file_only(tmp_path: Path,
                                                                           counted: dict[str, list[Any]]) -> None:
    root = write_plan(tmp_path / "repo", _plan(4, 40))
    assert invoke("check", "-q", cwd=root).exit_code == 0
    counted["parsed"].clear()
    counted["judged"].clear()
    assert invoke("set", "INI-030", "status=decided", cwd=root).exit_code == 0
    assert counted["parsed"] == ["plan/initiatives/INI-030.yaml"]
    assert counted["judged"] == [["plan/initiatives/INI-030.yaml"]] * 2

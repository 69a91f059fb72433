"""`planctl report`: the report to the government, from the data."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, SMALL_PLAN, invoke, run_planctl, write_plan


def test_bundled_report_lists_the_sub_goals_without_initiatives() -> None:
    result = run_planctl("report", cwd=REPO)
    assert result.exit_code == 0, result.stderr
    section = result.stdout.split("## Delmål som ingen insats bidrar till\n", 1)[1].split("\n## ", 1)[0]
    listed = [line.split("**")[1] for line in section.splitlines() if line.startswith("- **")]
    from planctl.config import load_config
    from planctl.loader import load_plan

    plan = load_plan(load_config(REPO))
    served = {g for i in plan.initiatives.values() for g in i.goals}
    expected = sorted(g.id for g in plan.goals.values() if not g.is_focus_area and g.id not in served)
    assert expected and listed == expected


def test_small_plan_report(plan_repo: Path) -> None:
    text = invoke("report", "--lang", "en", cwd=plan_repo).stdout
    assert "| Decided | 1 |" in text
    assert "| Being prepared or work under way | 1 |" in text
    assert "| Not started (proposed) | 0 |" in text
    assert "- **INI-002** Stöd för digital kompetens — Sveriges Kommuner och Regioner" in text
    assert "| Regeringen |  | INI-001 |  |" in text
    assert "*Every sub-goal has at least one initiative.*" in text


def test_proposed_initiatives_name_who_decides_and_who_acts(tmp_path: Path) -> None:
    files = dict(SMALL_PLAN)
    files["plan/initiatives/INI-003.yaml"] = """\
        id: INI-003
        title: Ny insats
        goals:
          - FO1.1
        owner: skolverket
        decided_by: regeringen
        participants:
          - skr
        status: proposed
        """
    root = write_plan(tmp_path / "repo", files)
    text = invoke("report", cwd=root).stdout
    assert "| INI-003 | Ny insats | Regeringen | Skolverket, Sveriges Kommuner och Regioner |" in text


def test_html_report_is_one_escaped_page_with_a_chart(tmp_path: Path) -> None:
    files = dict(SMALL_PLAN)
    files["plan/initiatives/INI-003.yaml"] = """\
        id: INI-003
        title: "<script>alert(1)</script>"
        goals:
          - FO1.1
        owner: skolverket
        status: proposed
        """
    root = write_plan(tmp_path / "repo", files)
    result = invoke("report", "--format", "html", "-o", "r.html", cwd=root)
    assert result.exit_code == 0, result.stderr
    page = (root / "r.html").read_text(encoding="utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="sv">')
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>" not in page
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")

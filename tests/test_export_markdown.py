"""Markdown handout: focus area → sub-goal → initiatives, then a table per owner."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, SMALL_PLAN, invoke, run_planctl, write_plan


def test_handout_of_the_small_plan(plan_repo: Path) -> None:
    result = invoke("export", "markdown", cwd=plan_repo)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == """\
# Testplan

*Mötesunderlag*

## FO1 Digital kompetens för alla

### FO1.1 Elevernas digitala kompetens

- **INI-002** Stöd för digital kompetens — Pågående, Sveriges Kommuner och Regioner, Medel (1–3 år)

### FO1.2 Strategisk ledning av digitaliseringen

- **INI-001** Skolverket samordnar statens arbete — Beslutad, Skolverket

## FO2 Likvärdig tillgång och användning

### FO2.1 Tillgång till digitala verktyg

- **INI-002** Stöd för digital kompetens — Pågående, Sveriges Kommuner och Regioner, Medel (1–3 år)

## Insatser per aktör

### Skolverket

| Id | Rubrik | Status | Tidshorisont |
|---|---|---|---|
| INI-001 | Skolverket samordnar statens arbete | Beslutad |  |

### Sveriges Kommuner och Regioner

| Id | Rubrik | Status | Tidshorisont |
|---|---|---|---|
| INI-002 | Stöd för digital kompetens | Pågående | Medel (1–3 år) |
"""


def test_markup_in_data_is_escaped(tmp_path: Path) -> None:
    files = dict(SMALL_PLAN)
    files["plan/initiatives/INI-003.yaml"] = """\
        id: INI-003
        title: "<script>x</script> a|b [l](http://x) *s*"
        goals:
          - FO1.1
        owner: skr
        status: proposed
        """
    root = write_plan(tmp_path / "repo", files)
    out = run_planctl("export", "markdown", "-o", "h.md", cwd=root)
    assert out.exit_code == 0, out.stderr
    text = (root / "h.md").read_text(encoding="utf-8")
    assert r"\<script\>x\</script\> a\|b \[l\](http\:\//x) \*s\*" in text
    assert "<script>" not in text


def test_bundled_plan_lists_sub_goals_without_initiatives() -> None:
    text = invoke("export", "markdown", "--lang", "en", cwd=REPO).stdout
    section = text.split("### FO2.3", 1)[1].split("###", 1)[0]
    assert "*No initiatives.*" in section

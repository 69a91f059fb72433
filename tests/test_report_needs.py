"""Part 1 of the report: the needs the school organisers raised, and which initiatives answer them.

A plan without needs says so plainly (tests/test_report.py); the bundled plan holds the
needs the sources give as examples, each saying so in its comment."""

from __future__ import annotations

from pathlib import Path

from conftest import SMALL_PLAN, invoke, run_planctl, write_plan
from test_report import _items, _section


def _plan(tmp_path: Path) -> Path:
    files = dict(SMALL_PLAN)
    files["plan/needs/BEH-001.yaml"] = """\
        id: BEH-001
        title: Nationell samordning
        description: Huvudmännen efterfrågar en nationell samordning av arbetet.
        raised_by:
          - skr
        raised_by_kinds:
          - municipal
          - independent
        goals:
          - FO1.2
        comment: Ett av exemplen i underlaget, inte en av de nio rubrikerna.
        """
    files["plan/needs/BEH-002.yaml"] = """\
        id: BEH-002
        title: Finansiering
        description: Huvudmännen behöver finansiering för arbetet.
        raised_by_kinds:
          - municipal
        """
    answers = "\n        needs:\n          - BEH-001\n"  # SMALL_PLAN's texts are indented by 8 (write_plan dedents)
    files["plan/initiatives/INI-001.yaml"] = SMALL_PLAN["plan/initiatives/INI-001.yaml"].replace(
        "  - FO1.2\n", "  - FO1.2" + answers)
    files["plan/initiatives/INI-002.yaml"] = SMALL_PLAN["plan/initiatives/INI-002.yaml"].replace(
        "  - FO2.1\n", "  - FO2.1" + answers)
    return write_plan(tmp_path / "repo", files)


def test_part_one_lists_each_need_with_who_raised_it_and_what_answers_it(tmp_path: Path) -> None:
    root = _plan(tmp_path)
    assert "needs:\n  - BEH-001" in (root / "plan/initiatives/INI-001.yaml").read_text(encoding="utf-8")
    result = run_planctl("report", "--lang", "en", cwd=root)
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    part = _section(text, "## 1. Needs raised by the school organisers")
    assert text.index("## 1. Needs") < text.index("## 2. Mapping") < text.index("## 3. Proposed")
    first = _section(text, "### BEH-001 Nationell samordning")
    assert first.startswith("\nHuvudmännen efterfrågar en nationell samordning av arbetet\\.\n")
    assert _items(first) == [
        "- Raised by: Sveriges Kommuner och Regioner",
        "- Kinds of school organiser: Municipal school organiser, Independent school organiser",
        "- Goals: FO1.2 Strategisk ledning av digitaliseringen",
        "- Initiatives answering the need: **INI-001** Skolverket samordnar statens arbete, "
        "**INI-002** Stöd för digital kompetens",
    ]
    assert "*Ett av exemplen i underlaget, inte en av de nio rubrikerna\\.*" in first
    assert _items(_section(text, "### BEH-002 Finansiering")) == [
        "- Kinds of school organiser: Municipal school organiser", "- *No initiative answers the need yet.*"]
    assert "No needs are recorded" not in part
    assert _items(_section(text, "### Needs no initiative answers")) == ["- **BEH-002** Finansiering"]


def test_part_one_in_html(tmp_path: Path) -> None:
    root = _plan(tmp_path)
    result = invoke("report", "-f", "html", cwd=root)
    assert result.exit_code == 0, result.stderr
    needs = result.stdout.split('<section id="needs">', 1)[1].split("</section>", 1)[0]
    assert "<h3>BEH-001 Nationell samordning</h3>" in needs
    assert ("<li>Insatser som svarar mot behovet: <strong>INI-001</strong> Skolverket samordnar statens arbete, "
            "<strong>INI-002</strong> Stöd för digital kompetens</li>") in needs
    assert "<li><em>Ingen insats svarar ännu mot behovet.</em></li>" in needs
    gaps = result.stdout.split('<section id="gaps">', 1)[1].split("</section>", 1)[0]
    assert "<h3>Behov som ingen insats svarar mot</h3><ul><li><strong>BEH-002</strong> Finansiering</li></ul>" in gaps


def test_the_bundled_plan_lists_its_needs_each_marked_as_an_example() -> None:
    from conftest import REPO
    from planctl.config import load_config
    from planctl.loader import load_plan

    plan = load_plan(load_config(REPO))
    needs = sorted(e.id for e in plan.entities if e.kind == "need")
    assert needs
    text = run_planctl("report", cwd=REPO).stdout
    part = _section(text, "## 1. Behov som huvudmännen har lyft")
    assert [line.split(" ", 2)[1] for line in part.splitlines() if line.startswith("### ")] == needs
    assert part.count("exempel") >= len(needs)  # each need's comment says it is one of the examples

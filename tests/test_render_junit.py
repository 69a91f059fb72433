"""JUnit XML: parses, one test case per file, errors and warnings as failures."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from checks_fixture import make_every_code_plan
from conftest import invoke, run_planctl, write_plan


def test_one_case_per_file_failures_per_problem(plan_repo: Path) -> None:
    write_plan(
        plan_repo,
        {
            "plan/initiatives/INI-002.yaml": (
                "id: INI-002\ntitle: STÖD TILL SKOLOR.\ndescription: Kort.\n"
                "goals: [FO1.1, FO2.1]\nowner: skolverk\nparticipants: [skr]\nstatus: ongoing\n"
            )
        },
    )
    result = invoke("check", "-f", "junit", cwd=plan_repo)
    assert result.exit_code == 1
    suites = ET.fromstring(result.stdout)
    cases = suites.findall("testsuite/testcase")
    assert len(cases) == 10 and suites.get("tests") == "10" and suites.get("failures") == "1"
    bad = next(c for c in cases if c.get("name") == "plan/initiatives/INI-002.yaml")
    assert [f.get("type") for f in bad.findall("failure")] == ["T006", "X001"]
    assert bad.find("failure").text == ("plan/initiatives/INI-002.yaml:2:8: T006 [error] the title is in capitals only"
                                        " (hint: write it in sentence case)").replace("[error]", "[warning]")
    notes = bad.find("system-out").text.splitlines()
    assert [line.split(": ")[1].split()[0] for line in notes] == ["T005", "T002"]
    clean = next(c for c in cases if c.get("name") == "plan/owners/skr.yaml")
    assert list(clean) == []


def test_every_code_parses_as_xml_installed(tmp_path: Path) -> None:
    root = make_every_code_plan(tmp_path / "repo")
    (root / "plan/owners/ctrl.yaml").write_text('id: ctrl\nname: "A\\x01B"\nkind: agency\n', encoding="utf-8")
    result = run_planctl("check", "-f", "junit", "--today", "2024-05-01", cwd=root)
    assert result.exit_code == 1
    suites = ET.fromstring(result.stdout)
    assert int(suites.get("failures")) > 30

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


# What the Jenkins xunit plugin's JUnit schema (model/xsd/junit-10.xsd, the type it validates a
# JUnit report against before reading it) allows, written out as data: per element, the
# attributes it may have, those it must have, and the elements it may hold.
XUNIT_JUNIT = {
    "testsuites": ({"name", "time", "tests", "failures", "errors"}, set(), {"testsuite"}),
    "testsuite": ({"name", "tests", "failures", "errors", "group", "time", "skipped", "timestamp", "hostname", "id",
                   "package", "file", "log", "url"}, {"name", "tests", "failures", "errors"},
                  {"testsuite", "properties", "testcase", "system-out", "system-err"}),
    "properties": (set(), set(), {"property"}),
    "property": ({"name", "value"}, {"name", "value"}, set()),
    "testcase": ({"name", "time", "classname", "group"}, {"name"},
                 {"skipped", "error", "failure", "rerunFailure", "rerunError", "flakyFailure", "flakyError",
                  "system-out", "system-err"}),
    "failure": ({"type", "message"}, set(), set()),
    "error": ({"type", "message"}, set(), set()),
    "skipped": ({"type", "message"}, set(), set()),
    "system-out": (set(), set(), set()),
    "system-err": (set(), set(), set()),
}
SUREFIRE_TIME = r"(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?"


def xunit_violations(element: ET.Element, root: bool = True) -> list[str]:
    """Where a JUnit document breaks the xunit schema (empty: it validates)."""
    import re

    if root and element.tag != "testsuites":
        return [f"root element <{element.tag}>"]
    if element.tag not in XUNIT_JUNIT:
        return [f"unknown element <{element.tag}>"]
    allowed, required, children = XUNIT_JUNIT[element.tag]
    found = [f"<{element.tag}> has no attribute {a!r}" for a in sorted(set(element.attrib) - allowed)]
    found += [f"<{element.tag}> lacks {a!r}" for a in sorted(required - set(element.attrib))]
    if element.tag in ("testsuites", "testsuite") and "time" in element.attrib \
            and not re.fullmatch(SUREFIRE_TIME, element.attrib["time"]):
        found.append(f"<{element.tag}> time {element.attrib['time']!r}")
    for child in element:
        if child.tag not in children:
            found.append(f"<{child.tag}> inside <{element.tag}>")
        else:
            found += xunit_violations(child, root=False)
    return found


def test_the_xunit_constraints_catch_what_jenkins_refuses() -> None:
    bad = ET.fromstring('<testsuites><testsuite name="s" tests="1" failures="0">'
                        '<testcase name="a" file="x.yaml"><failure type="X"><b/></failure></testcase>'
                        '</testsuite></testsuites>')
    assert xunit_violations(bad) == ["<testsuite> lacks 'errors'", "<testcase> has no attribute 'file'",
                                     "<b> inside <failure>"]


def test_every_code_validates_against_the_jenkins_xunit_schema(tmp_path: Path) -> None:
    root = make_every_code_plan(tmp_path / "repo")
    result = run_planctl("check", "-f", "junit", "--today", "2024-05-01", cwd=root, env={"GITLAB_CI": ""})
    assert result.exit_code == 1
    suites = ET.fromstring(result.stdout)
    assert suites.findall("testsuite/testcase/failure")
    assert xunit_violations(suites) == []
    assert all("file" not in case.attrib for case in suites.iter("testcase"))


def test_inside_gitlab_ci_a_case_names_its_file_from_the_repository_root(tmp_path: Path) -> None:
    """GitLab's JUnit reader shows and links `file`; only there is it written."""
    import subprocess

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    root = write_plan(tmp_path / "docs" / "plan", {"plan/owners/ensam.yaml": "id: ensam\nname: Ensam\nkind: agency\n"})
    result = run_planctl("check", "-f", "junit", "--strict", cwd=root, env={"GITLAB_CI": "true"})
    assert result.exit_code == 1
    cases = ET.fromstring(result.stdout).findall("testsuite/testcase")
    assert [(c.get("name"), c.get("file")) for c in cases] == [
        ("plan/owners/ensam.yaml", "docs/plan/plan/owners/ensam.yaml")]
    assert xunit_violations(ET.fromstring(result.stdout)) == ["<testcase> has no attribute 'file'"]

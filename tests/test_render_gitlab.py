"""GitLab Code Quality: the fields GitLab reads, fingerprints stable when lines move."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import invoke, write_plan

BROKEN = (
    "id: INI-002\ntitle: Stöd\n"
    "description: Stöd till huvudmännen för att stärka elevernas digitala kompetens i skolan.\n"
    "goals: [FO1.1, FO2.1]\nowner: skolverk\nparticipants: [skr]\nstatus: ongoing\n"
)


def _report(root: Path) -> list[dict]:
    result = invoke("check", "-f", "gitlab", cwd=root)
    assert result.exit_code == 1
    return json.loads(result.stdout)


def test_issue_fields(plan_repo: Path) -> None:
    write_plan(plan_repo, {"plan/initiatives/INI-002.yaml": BROKEN})
    [issue] = _report(plan_repo)
    assert issue["check_name"] == "X001" and issue["severity"] == "major" and issue["type"] == "issue"
    assert issue["location"] == {"path": "plan/initiatives/INI-002.yaml", "lines": {"begin": 5, "end": 5}}
    assert issue["description"].startswith("X001: owner: 'skolverk' is not the id of any owner")
    assert len(issue["fingerprint"]) == 64


def test_fingerprint_survives_moved_lines_and_differs_per_problem(plan_repo: Path) -> None:
    write_plan(plan_repo, {"plan/initiatives/INI-002.yaml": BROKEN})
    before = _report(plan_repo)[0]["fingerprint"]
    write_plan(plan_repo, {"plan/initiatives/INI-002.yaml": "# ny kommentar\n\n" + BROKEN})
    after = _report(plan_repo)
    assert after[0]["location"]["lines"]["begin"] == 7 and after[0]["fingerprint"] == before
    write_plan(
        plan_repo,
        {
            "plan/initiatives/INI-002.yaml": BROKEN.replace(
                "participants: [skr]", "participants: [skr, skolverkt, skolverk]"
            )
        },
    )
    prints = [i["fingerprint"] for i in _report(plan_repo)]
    assert len(prints) == 3 and len(set(prints)) == 3

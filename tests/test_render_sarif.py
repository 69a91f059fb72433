"""SARIF 2.1.0: valid against the official schema, stable, repository-relative, 1-based."""

from __future__ import annotations

import functools
import json
import subprocess
from pathlib import Path

import jsonschema

from checks_fixture import make_every_code_plan
from conftest import invoke, run_planctl, write_plan

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


@functools.cache
def _validator() -> jsonschema.Draft4Validator:
    return jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))


def _sarif(root: Path, *args: str) -> dict:
    result = invoke("check", "--today", "2024-05-01", "-f", "sarif", *args, cwd=root)
    assert result.exit_code == 1, result.stderr
    return json.loads(result.stdout)


def test_every_code_validates_against_the_schema(tmp_path: Path) -> None:
    document = _sarif(make_every_code_plan(tmp_path / "repo"))
    errors = sorted(_validator().iter_errors(document), key=str)
    assert errors == []
    run = document["runs"][0]
    assert len(run["results"]) == 59
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    for result in run["results"]:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        region = result["locations"][0]["physicalLocation"].get("region")
        if region:
            assert region["startLine"] >= 1 and region["startColumn"] >= 1


def test_result_shape(plan_repo: Path) -> None:
    write_plan(
        plan_repo,
        {
            "plan/initiatives/INI-002.yaml": (
                "id: INI-002\ntitle: Stöd\n"
                "description: Stöd till huvudmännen för att stärka elevernas digitala kompetens i skolan.\n"
                "goals: [FO1.1, FO2.1]\nowner: skolverk\nparticipants: [skr]\nstatus: ongoing\n"
            )
        },
    )
    result = _sarif(plan_repo)["runs"][0]["results"]
    assert result == [{
        "ruleId": "X001", "level": "error",
        "message": {"text": "owner: 'skolverk' is not the id of any owner (hint: did you mean 'skolverket'?)"},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": "plan/initiatives/INI-002.yaml", "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 5, "startColumn": 8, "endLine": 5, "endColumn": 16}}}],
        "partialFingerprints": result[0]["partialFingerprints"],
        "ruleIndex": result[0]["ruleIndex"],
    }]
    rule = _sarif(plan_repo)["runs"][0]["tool"]["driver"]["rules"][result[0]["ruleIndex"]]
    assert rule["id"] == "X001" and "Bad" in rule["help"]["text"]


def test_paths_are_relative_to_the_git_repository(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    plan = write_plan(
        tmp_path / "docs" / "plan-repo", {"plan/owners/ensam.yaml": "id: ensam\nname: Ensam\nkind: agency\n"}
    )
    result = run_planctl("check", "-f", "sarif", "--strict", cwd=plan)
    assert result.exit_code == 1
    uri = json.loads(result.stdout)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"][
        "uri"
    ]
    assert uri == "docs/plan-repo/plan/owners/ensam.yaml"


def test_output_is_identical_from_run_to_run(tmp_path: Path) -> None:
    root = make_every_code_plan(tmp_path / "repo")
    first = invoke("check", "--today", "2024-05-01", "-f", "sarif", cwd=root).stdout
    out = tmp_path / "report.sarif"
    assert invoke("check", "--today", "2024-05-01", "-f", "sarif", "-o", str(out), cwd=root).exit_code == 1
    assert out.read_text(encoding="utf-8") == first
    assert str(tmp_path) not in first


def _uris(document: dict) -> list[str]:
    return [loc["physicalLocation"]["artifactLocation"]["uri"]
            for result in document["runs"][0]["results"] for loc in result["locations"]]


def test_uris_are_percent_encoded_relative_references(tmp_path: Path) -> None:
    """A plan in `Skolans plan/Rådslag 2019` of its repository: GitHub and the SARIF multitool
    (SARIF1002) refuse a raw space or `å` in artifactLocation.uri; RFC 3986 wants UTF-8
    percent-encoding, and the path stays relative to the repository root (%SRCROOT%)."""
    from jsonschema import FormatChecker

    checker = FormatChecker()
    # Without rfc3987 (or rfc3986-validator) jsonschema has no uri-reference check and every
    # string would pass: make sure the check is real, and that it refuses the raw path.
    assert "uri-reference" in checker.checkers
    assert not checker.conforms("Skolans plan/Rådslag 2019/plan/owners/ensam.yaml", "uri-reference")
    assert not checker.conforms("a%zz", "uri-reference")

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    plan = write_plan(tmp_path / "Skolans plan" / "Rådslag 2019",
                      {"plan/owners/ensam.yaml": "id: ensam\nname: Ensam\nkind: agency\n",
                       "plan/goals/mål 100%.yaml": "id: FO9\ntitle: Fel namn\n"})
    result = run_planctl("check", "-f", "sarif", "--strict", cwd=plan)
    assert result.exit_code == 1, result.stderr
    document = json.loads(result.stdout)
    uris = _uris(document)
    assert "Skolans%20plan/R%C3%A5dslag%202019/plan/owners/ensam.yaml" in uris
    assert "Skolans%20plan/R%C3%A5dslag%202019/plan/goals/m%C3%A5l%20100%25.yaml" in uris
    for uri in uris:
        assert checker.conforms(uri, "uri-reference"), uri
        assert not uri.startswith("/") and "://" not in uri
    from urllib.parse import unquote

    assert unquote(uris[0]).startswith("Skolans plan/Rådslag 2019/plan/")
    for result_ in document["runs"][0]["results"]:
        assert result_["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    validator = jsonschema.Draft4Validator(_validator().schema, format_checker=checker)
    assert sorted(validator.iter_errors(document), key=str) == []
    # The same document with the raw path fails the schema's format: the validation above is not vacuous.
    raw = json.loads(result.stdout)
    raw["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = unquote(uris[0])
    assert [e.validator for e in validator.iter_errors(raw)] == ["format"]

"""JSON export: references resolved, stable bytes, valid against the shipped schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from hypothesis import given, settings, strategies as st

from conftest import REPO, SMALL_PLAN, invoke, run_planctl, write_plan
from planctl.schemas import schema_dir


def _schema() -> dict:
    return json.loads((schema_dir() / "export.schema.json").read_text(encoding="utf-8"))


def test_bundled_plan_matches_the_schema_and_is_stable() -> None:
    first = run_planctl("export", "json", cwd=REPO)
    assert first.exit_code == 0, first.stderr
    assert invoke("export", "json", cwd=REPO).stdout == first.stdout
    document = json.loads(first.stdout)
    jsonschema.Draft202012Validator(_schema()).validate(document)
    ini = next(i for i in document["initiatives"] if i["id"] == "INI-013")
    assert ini["owner"] == {"id": "skr", "name": "Sveriges Kommuner och Regioner (SKR)"}
    assert [p["id"] for p in ini["participants"]] == ["inera", "skl-kommentus"]
    assert ini["focus_areas"][0]["id"] == "FO2"
    assert list(document) == ["$schema", "format", "version", "plan", "counts", "goals", "initiatives", "owners",
                              "events", "needs"]


def test_public_leaves_out_a_persons_email(tmp_path: Path) -> None:
    files = dict(SMALL_PLAN)
    files["plan/owners/anna.yaml"] = "id: anna\nname: Anna Andersson\nkind: person\nemail: anna@example.se\n"
    root = write_plan(tmp_path / "repo", files)
    private = json.loads(invoke("export", "json", cwd=root).stdout)
    public = json.loads(invoke("export", "json", "--public", cwd=root).stdout)
    assert next(o for o in private["owners"] if o["id"] == "anna")["email"] == "anna@example.se"
    assert "email" not in next(o for o in public["owners"] if o["id"] == "anna")
    assert "anna@example.se" not in json.dumps(public)
    jsonschema.Draft202012Validator(_schema()).validate(public)


def test_schema_option_prints_the_shipped_schema() -> None:
    result = invoke("export", "json", "--schema", cwd=REPO)
    assert json.loads(result.stdout) == _schema()


def test_schema_is_in_the_wheel_config() -> None:
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert '"schema" = "planctl/schema"' in text and (REPO / "schema" / "export.schema.json").is_file()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=30)


@settings(max_examples=400, deadline=None)
@given(json_values)
def test_render_is_the_standard_librarys_indented_text(value: object) -> None:
    """`render` writes its own indented JSON for speed; it must be `json.dumps`' text exactly
    (every escape, NaN and Infinity, empty containers, nesting)."""
    from planctl.export.jsondoc import render

    assert render(value) == json.dumps(value, ensure_ascii=False, indent=2) + "\n"  # type: ignore[arg-type]


def test_render_takes_what_json_takes() -> None:
    import enum

    from planctl.export.jsondoc import render

    class Status(enum.StrEnum):
        ongoing = "ongoing"

    odd = {1: (1, 2), None: [], 2.5: {}, False: Status.ongoing, "tab\t": "\u2028<&>\x00", "é": -0.0}
    assert render(odd) == json.dumps(odd, ensure_ascii=False, indent=2) + "\n"

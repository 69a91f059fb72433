"""The schemas: documented, local, strict, and in agreement with the loader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import REPO
from planctl.model import Document
from planctl.schemas import format_checker, load_schema, schema_dir, schema_names, validate_document
from planctl.yamlread import parse_yaml


def doc(kind: str, text: str, path: str = "plan/x/X.yaml") -> Document:
    parsed = parse_yaml(text, path)
    assert parsed.diagnostics == []
    return Document(path, kind, text, parsed.data, parsed.spans, parsed.key_spans)


def found(kind: str, text: str) -> list[tuple[str, int, int]]:
    return [(d.code, d.line, d.col) for d in validate_document(doc(kind, text))]


def test_packaged_schemas_are_the_repository_schemas() -> None:
    for name in schema_names():
        assert (schema_dir() / name).read_bytes() == (REPO / "schema" / name).read_bytes()


def _walk(node: object, where: str = ""):
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from _walk(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{where}/{i}")


@pytest.mark.parametrize("name", schema_names())
def test_every_property_is_described_in_swedish_and_english(name: str) -> None:
    schema = load_schema(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert " — " in schema["description"]
    for where, node in _walk(schema):
        if "/if" in where:  # the if-clause only tests the id; it documents nothing
            continue
        for prop, sub in node.get("properties", {}).items():
            assert " — " in sub.get("description", ""), f"{name}{where}/properties/{prop} lacks a sv — en description"


@pytest.mark.parametrize("name", schema_names())
def test_refs_are_local_and_mappings_closed(name: str) -> None:
    for where, node in _walk(load_schema(name)):
        ref = node.get("$ref")
        if ref:
            assert not ref.startswith(("http:", "https:")), ref
        if node.get("type") == "object":
            assert node.get("additionalProperties") is False, f"{name}{where} is open"


def test_every_format_used_is_checked() -> None:
    used = {node["format"] for name in schema_names() for _, node in _walk(load_schema(name)) if "format" in node}
    assert used and used <= set(format_checker().checkers)


INI = "id: INI-003\ntitle: T\ngoals:\n  - FO1.1\nowner: skr\nstatus: ongoing\n"


def test_valid_initiative() -> None:
    assert (
        found(
            "initiative",
            INI
            + "start: 2019-03-18\nend: '2020-01-01'\nmilestones:\n  - title: m\n    due: 2019-05-01\n    done: true\n",
        )
        == []
    )


def test_the_four_classic_problems_each_exactly_located() -> None:
    text = "id: INI-003\ntitle: 42\ngoals:\n  - FO1.1\nstatus: pågående\nfärg: röd\n"
    assert sorted(found("initiative", text)) == sorted([
        ("S001", 2, 8),   # title: wrong type, at the value
        ("S002", 5, 9),   # status: not in enum, at the value
        ("S003", 1, 1),   # owner: missing, at the mapping
        ("S004", 6, 1),   # färg: unknown, at the key
    ])


def test_enum_message_is_readable() -> None:
    [d] = validate_document(doc("initiative", INI.replace("ongoing", "ongoin")))
    assert (
        d.message == "status: 'ongoin' is not one of: proposed, in-preparation, decided, ongoing, completed, cancelled"
    )
    assert d.hint == "did you mean 'ongoing'?"
    assert d.json_path == "$.status" and d.entity == "INI-003"


def test_invalid_date_is_reported_valid_date_is_not() -> None:
    assert found("initiative", INI + "start: 2019-13-45\n") == [("S006", 7, 8)]
    assert found("initiative", INI + "start: 2019-02-29\n") == [("S006", 7, 8)]
    assert found("initiative", INI + "start: 2020-02-29\n") == []
    assert found("initiative", INI + "start: 20190318\n") == [("S001", 7, 8)]


def test_nested_positions() -> None:
    text = INI + "milestones:\n  - title: a\n    due: 2019-13-01\n  - due: 2020-01-01\n"
    assert sorted(found("initiative", text)) == [("S003", 10, 5), ("S006", 9, 10)]


def test_id_patterns() -> None:
    assert found("initiative", INI.replace("INI-003", "INI-3")) == [("S005", 1, 5)]
    assert found("initiative", INI.replace("INI-003", "INI-1000")) == []
    assert found("owner", "id: Skolverket\nname: S\nkind: agency\n") == [("S005", 1, 5)]
    assert found("owner", "id: 'no'\nname: S\nkind: agency\n") == [("S005", 1, 5)]


def test_goal_parent_rules() -> None:
    assert found("goal", "id: FO1\ntitle: t\n") == []
    assert found("goal", "id: FO1.2\ntitle: t\n") == [("S003", 1, 1)]
    assert found("goal", "id: FO1\ntitle: t\nparent: FO2\n") == [("S008", 3, 1)]


def test_number_where_id_belongs_suggests_quoting() -> None:
    [d] = validate_document(doc("goal", "id: FO1\ntitle: 1.5\n"))
    assert d.code == "S001" and d.hint == "quote the value to make it a string"


def test_schema_command_prints_valid_json(plan_repo: Path) -> None:
    from conftest import invoke

    result = invoke("schema", "initiative", cwd=plan_repo)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"] == "planctl initiative"
    assert invoke("schema", "nope", cwd=plan_repo).exit_code == 2

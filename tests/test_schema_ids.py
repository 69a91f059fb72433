"""Every shipped schema has an `$id`, and every `$ref` between them resolves by `$id` alone (as ajv
and a `referencing` registry find schemas) and by file name beside the referring file (as an
editor or planctl's own compiled validator find them)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource

from conftest import REPO
from planctl.model import KIND_DIRS
from planctl.schemas import ID_BASE, SCHEMA_FILES, schema_dir
from planctl.yamlread import parse_yaml

NAMES = sorted(p.name for p in schema_dir().glob("*.schema.json"))


def _load(name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((schema_dir() / name).read_text(encoding="utf-8"))
    return document


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def _by_id_only() -> Registry[Any]:
    """The schemas under their `$id`s and nothing else: a lookup of any other URI (a file name,
    the network) fails instead of being retrieved."""
    def refuse(uri: str) -> Resource[Any]:
        raise NoSuchResource(ref=uri)

    resources = [Resource.from_contents(_load(name)) for name in NAMES]
    return Registry(retrieve=refuse).with_resources((r.id() or "", r) for r in resources)  # type: ignore[call-arg]


def test_every_schema_has_an_absolute_id_ending_in_its_file_name() -> None:
    assert {"defs.schema.json", "event.schema.json", "need.schema.json", "export.schema.json",
            "planctl-toml.schema.json", "output.schema.json"} <= set(NAMES)
    for name in NAMES:
        assert _load(name)["$id"] == ID_BASE + name, name


@pytest.mark.parametrize("name", NAMES)
def test_every_ref_resolves_by_id_alone_and_by_file_name(name: str) -> None:
    registry = _by_id_only()
    resolver = registry.resolver(base_uri=ID_BASE + name)
    for ref in _refs(_load(name)):
        assert resolver.lookup(ref).contents is not None, ref  # by $id: no file is read
        target, _, pointer = ref.partition("#")
        document = _load(target) if target else _load(name)  # by file name, next to the referring file
        for part in filter(None, pointer.split("/")):
            document = document[part]
        assert document, ref


@pytest.mark.parametrize("kind", sorted(SCHEMA_FILES))
def test_the_bundled_plan_validates_against_schemas_found_by_id(kind: str) -> None:
    validator = Draft202012Validator({"$ref": ID_BASE + SCHEMA_FILES[kind]}, registry=_by_id_only())
    folder = {v: k for k, v in KIND_DIRS.items()}[kind]
    files = sorted((REPO / "plan" / folder).glob("*.yaml"))
    assert files, folder
    for path in files:
        data = parse_yaml(path.read_text(encoding="utf-8"), str(path)).data
        assert list(validator.iter_errors(data)) == [], path
    broken = {"id": "X-1", "title": "", "start": "2026-02-30T10:00"}
    assert list(validator.iter_errors(broken)), "the refs really were followed"


def test_an_event_time_the_calendar_has_not_is_refused_by_a_plain_validator(tmp_path: Path) -> None:
    validator = Draft202012Validator({"$ref": ID_BASE + "event.schema.json"}, registry=_by_id_only())
    event = {"id": "EV-001", "title": "Rådslag", "kind": "consultation"}
    for good in ("2026-03-10", "2026-03-10T13:00", "2024-02-29T09:00:30+01:00", "2026-03-10T12:00Z"):
        assert validator.is_valid({**event, "start": good}), good
    for bad in ("2026-02-29", "2026-04-31T10:00", "2026-03-10T24:00", "2026-03-10 13:00", "2026-03-10T13"):
        assert not validator.is_valid({**event, "start": bad}), bad

"""The semantic comparison of two plans, and its text, Markdown and JSON forms."""

from __future__ import annotations

import json

from planctl.diffreport import describe_field, render
from planctl.semdiff import FieldChange, compare, kind_of_path, snapshots


def plan(*entities: tuple[str, dict]) -> dict:
    dirs = {"goal": "goals", "initiative": "initiatives", "owner": "owners"}
    return snapshots((f"plan/{dirs[kind]}/{data['id']}.yaml", kind, data) for kind, data in entities)


OLD = plan(("owner", {"id": "skr", "name": "SKR", "kind": "association"}),
           ("owner", {"id": "inera", "name": "Inera", "kind": "company"}),
           ("initiative", {"id": "INI-001", "title": "A", "goals": ["FO1.1"], "owner": "skr", "status": "ongoing",
                           "participants": ["inera"]}),
           ("initiative", {"id": "INI-002", "title": "B", "goals": ["FO1.1"], "owner": "skr", "status": "proposed"}))
NEW = plan(("owner", {"id": "skr", "name": "SKR", "kind": "association"}),
           ("owner", {"id": "inera", "name": "Inera", "kind": "company"}),
           ("initiative", {"id": "INI-001", "title": "A", "goals": ["FO1.1", "FO2.1"], "owner": "inera",
                           "status": "completed", "participants": ["inera"]}),
           ("initiative", {"id": "INI-003", "title": "C", "goals": ["FO1.1"], "owner": "skr", "status": "proposed"}))


def test_entities_matched_by_kind_and_id_fields_compared_one_by_one() -> None:
    diff = compare(OLD, NEW)
    assert [(c.change, c.ident) for c in diff.changes] == [
        ("changed", "INI-001"), ("removed", "INI-002"), ("added", "INI-003")]
    changed = diff.changed[0]
    assert [(f.field, f.old, f.new) for f in changed.fields] == [
        ("goals", ["FO1.1"], ["FO1.1", "FO2.1"]), ("owner", "skr", "inera"), ("status", "ongoing", "completed")]


def test_a_moved_file_with_the_same_entity_is_no_change() -> None:
    old = snapshots([("plan/owners/skr.yaml", "owner", {"id": "skr", "name": "SKR"})])
    new = snapshots([("plan/owners/skr.yml", "owner", {"id": "skr", "name": "SKR"})])
    assert not compare(old, new)


def test_field_descriptions() -> None:
    assert describe_field("initiative", FieldChange("status", "ongoing", "completed")) == "status: ongoing → completed"
    assert describe_field("initiative", FieldChange("goals", ["FO1.1"], ["FO2.1"])) == "goals: +FO2.1, -FO1.1"
    assert describe_field("initiative", FieldChange("tags", None, ["a"])) == "tags: +a"
    assert describe_field("initiative", FieldChange("horizon", None, "long")) == "horizon: (none) → long"
    assert describe_field("initiative", FieldChange("description", "x" * 80, "y" * 80)) == "description: changed"
    assert describe_field("initiative", FieldChange("milestones", [{"title": "a"}], [])) == "milestones: changed"
    labels = {("owner", "skr"): "SKR", ("owner", "inera"): "Inera"}
    assert describe_field("initiative", FieldChange("owner", "skr", "inera"), lambda k, i: labels.get((k, i))) == \
        'owner: skr "SKR" → inera "Inera"'


def test_json_lists_exactly_the_changed_fields() -> None:
    labels = {("owner", "skr"): "SKR", ("owner", "inera"): "Inera"}
    document = json.loads(render("json", compare(OLD, NEW), lambda k, i: labels.get((k, i)), old="a", new="b"))["diff"]
    assert document["added"] == [{"kind": "initiative", "id": "INI-003", "label": "C",
                                  "path": "plan/initiatives/INI-003.yaml"}]
    assert [e["id"] for e in document["removed"]] == ["INI-002"]
    assert document["changed"][0]["fields"] == [
        {"field": "goals", "old": ["FO1.1"], "new": ["FO1.1", "FO2.1"], "added": ["FO2.1"], "removed": [],
         "labels": {"FO1.1": None, "FO2.1": None}},
        {"field": "owner", "old": "skr", "new": "inera", "labels": {"skr": "SKR", "inera": "Inera"}},
        {"field": "status", "old": "ongoing", "new": "completed"},
    ]


def test_text_and_markdown() -> None:
    text = render("text", compare(OLD, NEW), old="v1", new="v2")
    assert text == ("Added:\n  initiative INI-003 \"C\"\n\nRemoved:\n  initiative INI-002 \"B\"\n\n"
                    "Changed:\n  initiative INI-001 \"A\"\n    goals: +FO2.1\n    owner: skr → inera\n"
                    "    status: ongoing → completed\n\n1 added, 1 removed, 1 changed between v1 and v2.\n")
    markdown = render("markdown", compare(OLD, NEW), old="v1", new="v2")
    assert markdown.startswith("## Changes to the plan (v1 → v2)\n\n### Added\n\n- **INI-003** (initiative) — C\n")
    assert render("text", compare(OLD, OLD)) == "No changes to the plan.\n"


def test_terminal_control_characters_are_escaped() -> None:
    new = plan(("owner", {"id": "x", "name": "Evil\x1b[31m", "kind": "company"}))
    assert "\\x1b[31m" in render("text", compare({}, new))


def test_kind_of_path() -> None:
    assert kind_of_path("sub/plan/initiatives/INI-001.yaml") == "initiative"
    assert kind_of_path("plan/.planctl-ids") is None
    assert kind_of_path("schema/goal.schema.json") is None

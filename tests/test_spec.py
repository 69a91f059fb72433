"""The spec of the format (`planctl.spec`) against the JSON Schemas, the model and every
other place that names a status or a kind: a new field is the spec plus the schema, and
these tests name whatever is missing."""

from __future__ import annotations

import copy
import dataclasses
import json
import re
import sys
from typing import Any

import pytest

from conftest import REPO
from planctl import model, spec
from planctl.config import load_config
from planctl.export import chart, labels
from planctl.loader import load_plan

SCHEMA = REPO / "schema"


def _schemas() -> tuple[dict[str, Any], dict[str, Any]]:
    defs = json.loads((SCHEMA / "defs.schema.json").read_text(encoding="utf-8"))
    kinds = {k: json.loads((SCHEMA / f"{k}.schema.json").read_text(encoding="utf-8")) for k in spec.KINDS}
    return kinds, defs


def _resolve(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """A property's schema with its `$ref` into defs.schema.json merged in."""
    ref = node.get("$ref")
    if not ref:
        return node
    target = defs["$defs"][ref.rsplit("/", 1)[-1]]
    return {**_resolve(target, defs), **{k: v for k, v in node.items() if k != "$ref"}}


def _value_problems(where: str, f: spec.Field, node: dict[str, Any], defs: dict[str, Any]) -> list[str]:
    """How one value of a field (one item of a list) differs from its schema."""
    out = []
    node = _resolve(node, defs)
    if f.type == "milestones":
        wanted = {m.name for m in spec.MILESTONE}
        if set(node.get("properties", {})) != wanted:
            out.append(f"{where}: milestone keys {sorted(node.get('properties', {}))} != spec {sorted(wanted)}")
        required = {m.name for m in spec.MILESTONE if m.required}
        if set(node.get("required", [])) != required:
            out.append(f"{where}: milestone required {node.get('required')} != spec {sorted(required)}")
        for m in spec.MILESTONE:
            out += _value_problems(f"{where}.{m.name}", m, node.get("properties", {}).get(m.name, {}), defs)
        return out
    expected_type = {"bool": "boolean"}.get(f.type, "string")
    if f.enum is not None:
        if tuple(node.get("enum", ())) != f.enum.values:
            out.append(f"{where}: enum {node.get('enum')} != spec {list(f.enum.values)}")
        return out
    if node.get("type") != expected_type:
        out.append(f"{where}: type {node.get('type')!r} != {expected_type!r} (spec type {f.type})")
    pattern = None
    if f.type == "id":
        pattern = spec.KIND[where.split(".")[0]].id_pattern
    elif f.ref is not None:
        pattern = f.pattern or spec.KIND[f.ref].id_pattern
    elif f.type == "datetime":
        pattern = spec.WHEN_PATTERN
    if node.get("pattern") != pattern:
        out.append(f"{where}: pattern {node.get('pattern')!r} != spec {pattern!r}")
    target = spec.KIND.get(f.ref or (where.split(".")[0] if f.type == "id" else ""))
    reserved = tuple(node.get("not", {}).get("enum", ()))
    if target is not None and reserved != target.reserved_ids:
        out.append(f"{where}: ids YAML misreads {list(reserved)} != spec {list(target.reserved_ids)}")
    if node.get("minLength", 0) != f.shortest:
        out.append(f"{where}: minLength {node.get('minLength', 0)} != spec {f.shortest}")
    if (node.get("format") == "date") != (f.type == "date"):
        out.append(f"{where}: format {node.get('format')!r} does not fit spec type {f.type}")
    return out


def differences(kind: spec.Kind, schema: dict[str, Any], defs: dict[str, Any]) -> list[str]:
    """Every way the spec of `kind` and its schema disagree, each a line naming the field."""
    out = []
    props = schema.get("properties", {})
    for name in props:
        if name not in kind.order:
            out.append(f"{kind.name}.{name}: in schema/{kind.name}.schema.json but not in planctl/spec.py")
    for f in kind.fields:
        where = f"{kind.name}.{f.name}"
        if f.name not in props:
            out.append(f"{where}: in planctl/spec.py but not in schema/{kind.name}.schema.json")
            continue
        node = props[f.name]
        if node.get("description") != f"{f.help_sv} — {f.help_en}":
            out.append(f"{where}: schema description {node.get('description')!r} != spec help "
                       f"{f.help_sv!r} — {f.help_en!r}")
        if f.many:
            if node.get("type") != "array":
                out.append(f"{where}: a list in the spec, {node.get('type') or node.get('$ref')} in the schema")
                continue
            if bool(node.get("uniqueItems")) != f.unique:
                out.append(f"{where}: uniqueItems {node.get('uniqueItems')} != spec unique {f.unique}")
            if node.get("minItems", 0) != f.min_items:
                out.append(f"{where}: minItems {node.get('minItems', 0)} != spec {f.min_items}")
            node = node.get("items", {})
        elif node.get("type") == "array":
            out.append(f"{where}: a list in the schema, not in the spec")
            continue
        out += _value_problems(where, f, node, defs)
    required = [f.name for f in kind.fields if f.required]
    if sorted(schema.get("required", [])) != sorted(required):
        out.append(f"{kind.name}: required {schema.get('required')} != spec {required}")
    if schema.get("additionalProperties") is not False:
        out.append(f"{kind.name}: the schema must refuse keys the spec does not know")
    return out


@pytest.mark.parametrize("kind", spec.KINDS)
def test_spec_and_schema_agree(kind: str) -> None:
    schemas, defs = _schemas()
    assert differences(spec.KIND[kind], schemas[kind], defs) == []


def test_the_comparison_names_what_is_missing() -> None:
    """A field added to one side only, or a changed enum or pattern, is named."""
    schemas, defs = _schemas()
    schema = copy.deepcopy(schemas["initiative"])
    schema["properties"]["budget"] = {"type": "string", "description": "x"}
    del schema["properties"]["tags"]
    schema["required"].remove("status")
    bad_defs = copy.deepcopy(defs)
    bad_defs["$defs"]["status"]["enum"].append("paused")
    bad_defs["$defs"]["ownerId"]["pattern"] = "^[a-z]+$"
    found = differences(spec.INITIATIVE, schema, bad_defs)
    assert "initiative.budget: in schema/initiative.schema.json but not in planctl/spec.py" in found
    assert "initiative.tags: in planctl/spec.py but not in schema/initiative.schema.json" in found
    assert any(line.startswith("initiative: required") for line in found)
    assert any(line.startswith("initiative.status: enum") and "'paused'" in line for line in found)
    assert any(line.startswith("initiative.owner: pattern '^[a-z]+$'") for line in found)
    assert any(line.startswith("initiative.participants: pattern") for line in found)


def test_model_dataclasses_hold_the_spec_fields_in_file_order() -> None:
    classes = {"goal": model.Goal, "initiative": model.Initiative, "owner": model.Owner, "event": model.Event,
               "need": model.Need}
    assert set(classes) == set(spec.KIND)
    for name, kind in spec.KIND.items():
        attrs = [f.name for f in dataclasses.fields(classes[name]) if f.name not in ("doc", "kind")]
        assert attrs == [f.attribute for f in kind.fields], name
    assert [f.name for f in dataclasses.fields(model.Milestone)] == [m.name for m in spec.MILESTONE]


def test_model_constants_come_from_the_spec() -> None:
    assert model.KINDS == ("goal", "initiative", "owner", "event", "need")
    assert model.KIND_DIRS == {"goals": "goal", "initiatives": "initiative", "owners": "owner", "events": "event",
                               "needs": "need"}
    assert model.FIELD_ORDER["initiative"][:4] == ("id", "title", "description", "goals")
    assert model.STATUSES == spec.STATUS.values and model.HORIZONS == spec.HORIZON.values


def test_entity_rows_keep_their_shape_and_leniency() -> None:
    """The cache stores these tuples: their shape is the spec's fields in file order."""
    data = {"id": "INI-001", "title": "T", "goals": ["FO1.1", 7], "owner": ["not", "a", "string"],
            "status": "ongoing", "start": "2020-01-31", "end": "2020-02-30",
            "milestones": [{"title": "M", "due": "2020-03-01", "done": True}, "junk", {"done": "yes"}],
            "tags": ["a"]}
    row = model.entity_row("initiative", data)
    assert row == ("INI-001", "T", None, ["FO1.1"], [], None, None, [], "ongoing", None, "2020-01-31", None,
                   [("M", "2020-03-01", True), (None, None, False)], [], ["a"], None)
    assert model.entity_row("owner", {"name": "no id"}) is None
    ini = model.entity_from_row("initiative", row, model.Document("x", "initiative"))
    assert isinstance(ini, model.Initiative)
    assert ini.start is not None and ini.start.isoformat() == "2020-01-31" and ini.end is None
    assert ini.milestones[0].due is not None and ini.milestones[0].done
    ini.tags.append("b")
    assert row[14] == ["a"], "an entity's lists are its own, never the cached row's"


def _plan() -> model.Plan:
    return load_plan(load_config(REPO))


def test_every_editable_column_reads_back_what_it_writes() -> None:
    """Export and import of a column are one codec: a cell read back is the plan's value."""
    from planctl.export.table import COLUMNS, Context

    plan = _plan()
    ctx = Context(plan)
    checked = 0
    for folder in ("initiatives", "events", "needs"):
        for col in COLUMNS[folder]:
            if not col.editable or col.field is None:
                continue
            for entity in plan.of(spec.FOLDERS[folder]).values():
                value = getattr(entity, col.field.attribute)
                cell = col.text(col.get(entity, ctx), "sv")
                back = col.field.from_cell(cell, ctx)
                assert (back or None) == (value or None), (entity.id, col.key, cell)
                checked += 1
    assert checked > 150


def test_status_and_kind_enums_agree_everywhere() -> None:
    _, defs = _schemas()
    export = json.loads((SCHEMA / "export.schema.json").read_text(encoding="utf-8"))
    statuses = list(spec.STATUS.values)
    assert defs["$defs"]["status"]["enum"] == statuses
    assert defs["$defs"]["horizon"]["enum"] == list(spec.HORIZON.values)
    assert defs["$defs"]["ownerKind"]["enum"] == list(spec.OWNER_KIND.values)
    assert defs["$defs"]["eventKind"]["enum"] == list(spec.EVENT_KIND.values)
    assert defs["$defs"]["schoolOrganiserKind"]["enum"] == list(spec.SCHOOL_ORGANISER_KIND.values)
    assert defs["$defs"]["dateTime"]["pattern"] == spec.WHEN_PATTERN
    assert export["$defs"]["event"]["properties"]["kind"]["enum"] == [*spec.EVENT_KIND.values, None]
    assert export["$defs"]["need"]["properties"]["raised_by_kinds"]["items"]["enum"] == list(
        spec.SCHOOL_ORGANISER_KIND.values)
    for kind in ("event", "need"):  # the export's keys of a kind: its fields, then who refers to it
        keys = set(export["$defs"][kind]["properties"])
        assert keys == {*spec.KIND[kind].order, *(f.inverse.json for _, f in spec.inverses(kind) if f.inverse)}
    ini = export["$defs"]["initiative"]["properties"]
    assert ini["status"]["enum"] == [*statuses, None]
    assert ini["horizon"]["enum"] == [*spec.HORIZON.values, None]
    assert export["$defs"]["goal"]["properties"]["kind"]["enum"] == list(spec.GOAL_KIND.values)
    for name, enum in spec.ENUMS.items():
        assert [labels.enum_label(name, v, "sv") for v in enum.values] == [c.sv for c in enum.choices]
    assert list(chart.STATUS_COLOURS) == statuses
    css = (REPO / "src/planctl/export/site/style.css").read_text(encoding="utf-8")
    assert re.findall(r"^\.status-([a-z-]+) \{", css, re.M) == statuses
    from planctl.report import GROUPS

    assert sorted(s for _, group in GROUPS for s in group) == sorted(statuses), "each status in one group"
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import generate
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    assert list(generate.STATUSES) == statuses
    assert set(generate.KINDS) <= set(spec.OWNER_KIND.values)
    docs = (REPO / "docs/exports.md").read_text(encoding="utf-8").split("Status labels", 1)[1].split("Horizons")[0]
    table = re.findall(r"^\| ([a-z-]+) \| ([^|]+) \| ([^|]+) \|$", docs, re.M)
    assert [(v, sv.strip(), en.strip()) for v, sv, en in table if v != "value"] == [(c.value, c.sv, c.en)
                                                                     for c in spec.STATUS.choices]


def test_spec_is_a_leaf() -> None:
    """The spec imports nothing of planctl: every module may use it without a cycle."""
    source = (REPO / "src/planctl/spec.py").read_text(encoding="utf-8")
    assert not re.findall(r"^\s*(?:from|import) planctl", source, re.M)


def test_one_module_names_each_field() -> None:
    """Only the spec and the model's dataclass name a field such as decided_by (issue 12)."""
    src = REPO / "src/planctl"
    for name in ("decided_by", "participants"):
        found = sorted(str(p.relative_to(src)) for p in src.rglob("*.py") if name in p.read_text(encoding="utf-8"))
        assert found == ["model.py", "spec.py"], name


def test_labels_of_a_kind_are_unique() -> None:
    """A header or a --where field named by its label must name one column."""
    from planctl.export.table import COLUMNS

    for kind, columns in COLUMNS.items():
        for lang in spec.LANGS:
            names = [c.label(lang).casefold() for c in columns]
            assert len(names) == len(set(names)), (kind, lang, names)

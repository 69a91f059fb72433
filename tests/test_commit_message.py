"""Commit message headers, bodies and trailers built from a semantic diff."""

from __future__ import annotations

from planctl.git.message import build_message, header
from planctl.semdiff import compare, snapshots


def snap(*items: tuple[str, dict]) -> dict:
    dirs = {"goal": "goals", "initiative": "initiatives", "owner": "owners"}
    return snapshots((f"plan/{dirs[k]}/{d['id']}.yaml", k, d) for k, d in items)


INI = {"id": "INI-007", "title": "Skolverket samordnar", "status": "ongoing", "owner": "skr"}


def test_one_added_initiative() -> None:
    assert header(compare({}, snap(("initiative", INI)))) == 'feat(initiatives): add INI-007 "Skolverket samordnar"'


def test_one_field_set() -> None:
    diff = compare(snap(("initiative", INI)), snap(("initiative", {**INI, "status": "completed"})))
    assert header(diff) == "chore(initiatives): set INI-007 status to completed"


def test_several_fields_and_long_titles() -> None:
    diff = compare(snap(("initiative", INI)), snap(("initiative", {**INI, "status": "completed", "owner": "x"})))
    assert header(diff) == "chore(initiatives): update INI-007 (owner, status)"
    long = {**INI, "title": "Ett mycket långt namn " * 8}
    assert header(compare({}, snap(("initiative", long)))).endswith('…"')
    assert len(header(compare({}, snap(("initiative", long))))) <= 100


def test_several_changes_are_counted_per_kind() -> None:
    new = snap(("initiative", INI), ("initiative", {**INI, "id": "INI-008"}), ("owner", {"id": "skr", "name": "SKR"}))
    assert header(compare({}, new)) == "feat(plan): add 1 owner and 2 initiatives"
    old = snap(("initiative", INI), ("initiative", {**INI, "id": "INI-008"}), ("initiative", {**INI, "id": "INI-009"}))
    new = snap(("initiative", {**INI, "status": "decided"}), ("initiative", {**INI, "id": "INI-008", "status": "x"}))
    assert header(compare(old, new)) == "chore(initiatives): update 3 initiatives"


def test_rename_is_a_refactor() -> None:
    old = snap(("initiative", INI), ("initiative", {**INI, "id": "INI-001", "title": "Annan", "owner": "skr"}))
    new = snap(("initiative", {**INI, "id": "INI-024"}), ("initiative", {**INI, "id": "INI-001", "title": "Annan"}))
    assert header(compare(old, new)) == "refactor(initiatives): rename INI-007 to INI-024"


def test_only_trailers_in_the_last_paragraph() -> None:
    diff = compare(snap(("initiative", INI), ("owner", {"id": "old", "name": "Old"})),
                   snap(("initiative", {**INI, "status": "completed"}), ("goal", {"id": "FO1", "title": "F"})))
    message = build_message(diff, version="9.9")
    assert message == (
        "chore(plan): update 1 goal, 1 owner and 1 initiative\n\n"
        'Added:\n- FO1 "F"\n\nRemoved:\n- old "Old"\n\nChanged:\n- INI-007 status: ongoing → completed\n\n'
        "Plan-Added: FO1\nPlan-Changed: INI-007\nPlan-Removed: old\nPlanctl-Version: 9.9\n")


def test_schema_only_change() -> None:
    assert build_message(compare({}, {}), version="1") == \
        "chore(plan): update schema and configuration\n\nPlanctl-Version: 1\n"

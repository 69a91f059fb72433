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


def _trailer_lines(message: str) -> list[str]:
    return message.rstrip("\n").split("\n\n")[-1].splitlines()


def test_a_title_with_newlines_adds_no_line_and_no_trailer() -> None:
    evil = {**INI, "title": "Ny\n\nSigned-off-by: Mallory <m@evil.example>\nPlan-Removed: INI-001\n"}
    message = build_message(compare({}, snap(("initiative", evil))), version="0.1.0")
    assert _trailer_lines(message) == ["Plan-Added: INI-007", "Planctl-Version: 0.1.0"]
    assert "\nSigned-off-by:" not in message and "\nPlan-Removed:" not in message
    assert '- INI-007 "Ny Signed-off-by: Mallory <m@evil.example> Plan-Removed: INI-001"' in message


def test_control_and_bidi_characters_are_escaped_in_header_and_body() -> None:
    evil = {**INI, "title": "Röd \x1b[31mtext\x1b[0m \u202eevil \x07"}
    message = build_message(compare({}, snap(("initiative", evil))), version="0.1.0")
    assert "\x1b" not in message and "\u202e" not in message and "\x07" not in message
    assert message.splitlines()[0] == 'feat(initiatives): add INI-007 "Röd \\x1b[31mtext\\x1b[0m \\u202eevil \\x07"'
    changed = compare(snap(("initiative", INI)), snap(("initiative", {**INI, "status": "x\rPlan-Removed: INI-1"})))
    text = build_message(changed, version="0.1.0")
    assert "\r" not in text and _trailer_lines(text) == ["Plan-Changed: INI-007", "Planctl-Version: 0.1.0"]


def test_trailer_values_are_one_token() -> None:
    from planctl.git.message import trailer_value

    assert trailer_value("INI-007") == "INI-007" and trailer_value("0.1.0") == "0.1.0"
    assert trailer_value("INI-098\n") == "INI-098\\x0a"
    assert trailer_value("a b") == "a\\x20b"
    odd = {**INI, "id": "INI-098\n"}
    message = build_message(compare({}, snap(("initiative", odd))), version="0.1.0")
    assert _trailer_lines(message) == ["Plan-Added: INI-098\\x0a", "Planctl-Version: 0.1.0"]


def test_user_message_keeps_its_paragraphs_before_the_trailers() -> None:
    diff = compare({}, snap(("initiative", INI)))
    message = build_message(diff, user_message="fix: x \x1b[2J\n\nPlan-Removed: INI-001", version="0.1.0")
    assert message.startswith("fix: x \\x1b[2J\n\nPlan-Removed: INI-001\n\n")
    assert _trailer_lines(message) == ["Plan-Added: INI-007", "Planctl-Version: 0.1.0"]


def _parsed_trailers(message: str) -> list[str]:
    import os
    import subprocess

    from gitplan import ISOLATED

    return subprocess.run(["git", "interpret-trailers", "--parse"], input=message, capture_output=True, text=True,
                          check=True, env={**os.environ, **ISOLATED}).stdout.splitlines()


def test_a_rename_has_a_plan_renamed_trailer_git_parses() -> None:
    diff = compare(snap(("initiative", INI)), snap(("initiative", {**INI, "id": "INI-024"})))
    message = build_message(diff, version="9.9")
    assert message == ("refactor(initiatives): rename INI-007 to INI-024\n\n"
                       'Renamed initiative INI-007 to INI-024.\n\nAdded:\n- INI-024 "Skolverket samordnar"\n\n'
                       'Removed:\n- INI-007 "Skolverket samordnar"\n\n'
                       "Plan-Added: INI-024\nPlan-Removed: INI-007\nPlan-Renamed: INI-007 -> INI-024\n"
                       "Planctl-Version: 9.9\n")
    assert _parsed_trailers(message) == ["Plan-Added: INI-024", "Plan-Removed: INI-007",
                                         "Plan-Renamed: INI-007 -> INI-024", "Planctl-Version: 9.9"]


def test_a_renamed_id_that_is_no_token_cannot_forge_a_trailer() -> None:
    """Only with --no-verify can such ids be committed; each side stays one escaped token."""
    evil = "x\nPlan-Removed: INI-001 ->"
    diff = compare(snap(("owner", {"id": "skr", "name": "SKR"})), snap(("owner", {"id": evil, "name": "SKR"})))
    renamed = [line for line in _parsed_trailers(build_message(diff, version="1")) if line.startswith("Plan-Ren")]
    assert renamed == ["Plan-Renamed: skr -> x\\x0aPlan-Removed:\\x20INI-001\\x20->"]
    assert "Plan-Removed: INI-001" not in _parsed_trailers(build_message(diff, version="1"))

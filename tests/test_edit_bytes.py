"""Byte for byte (issue 11): an edit changes the bytes of the values it changes, and nothing else.

The cases a curator met, and the formats people write: long lines, folded
texts, flow and block lists, comments, CRLF and a byte-order mark, tabs and
odd indentation, `---`/`...`, anchors and aliases. The random-format
properties are in tests/test_edit_bytes_fuzz.py.
"""

from __future__ import annotations

import difflib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, SMALL_PLAN, invoke, run_planctl, write_plan

LONG = ("Staten ska analysera vilka effekter och konsekvenser strategin och handlingsplanen får, och analysen ska ge "
        "underlag för att bedöma och utveckla det fortsatta arbetet med digitalisering.")


@pytest.fixture
def bundled(tmp_path: Path) -> Path:
    root = tmp_path / "bundled"
    shutil.copytree(REPO / "plan", root / "plan")
    shutil.copy(REPO / "planctl.toml", root / "planctl.toml")
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.glob("plan/*/*.yaml"))}


def diff_lines(before: bytes, after: bytes) -> tuple[list[str], list[str]]:
    """The removed and the added lines between two versions of a file."""
    old, new = before.decode().splitlines(), after.decode().splitlines()
    removed, added = [], []
    for line in difflib.unified_diff(old, new, lineterm="", n=0):
        if line.startswith("-") and not line.startswith("---"):
            removed.append(line[1:])
        elif line.startswith("+") and not line.startswith("+++"):
            added.append(line[1:])
    return removed, added


# -- the two cases of the issue --------------------------------------------------------------

def test_a_170_character_line_stays_one_line_after_setting_another_field(bundled: Path) -> None:
    assert len(LONG) >= 170
    path = bundled / "plan/initiatives/INI-020.yaml"
    text = path.read_text(encoding="utf-8")
    folded = text[text.index("description:"):text.index("goals:")]
    original = text.replace(folded, f"description: {LONG}\n")
    path.write_text(original, encoding="utf-8")
    result = run_planctl("set", "INI-020", "horizon=long", cwd=bundled)  # the installed command
    assert result.exit_code == 0, result.stderr
    assert path.read_text(encoding="utf-8") == original.replace("status: proposed\n",
                                                               "status: proposed\nhorizon: long\n")


def test_mv_of_a_goal_on_the_bundled_plan_changes_only_the_reference_lines(bundled: Path) -> None:
    before = snapshot(bundled)
    result = invoke("mv", "FO1.1", "FO1.99", cwd=bundled)
    assert result.exit_code == 0, result.stderr
    after = snapshot(bundled)
    assert set(after) == set(before) - {"plan/goals/FO1.1.yaml"} | {"plan/goals/FO1.99.yaml"}
    assert diff_lines(before["plan/goals/FO1.1.yaml"], after["plan/goals/FO1.99.yaml"]) == \
        (["id: FO1.1"], ["id: FO1.99"])
    assert all(after[rel] == raw for rel, raw in before.items() if rel != "plan/goals/FO1.1.yaml")


def test_mv_of_a_referenced_goal_rewrites_one_line_per_reference(bundled: Path) -> None:
    before = snapshot(bundled)
    assert invoke("mv", "FO2.2", "FO2.99", cwd=bundled).exit_code == 0
    after = snapshot(bundled)
    changed = {rel for rel in before if after.get(rel) != before[rel]}
    assert changed == {"plan/goals/FO2.2.yaml", "plan/initiatives/INI-011.yaml", "plan/initiatives/INI-013.yaml",
                       "plan/initiatives/INI-023.yaml"}
    for rel in sorted(changed - {"plan/goals/FO2.2.yaml"}):
        assert diff_lines(before[rel], after[rel]) == (["  - FO2.2"], ["  - FO2.99"]), rel
    assert invoke("mv", "FO2.99", "FO2.2", cwd=bundled).exit_code == 0
    assert snapshot(bundled) == before


def test_mv_on_a_generated_plan_touches_only_reference_lines(tmp_path: Path) -> None:
    """The issue's 70 rewritten files: every folded description of the generated plan stays as it was."""
    root = tmp_path / "generated"
    subprocess.run([sys.executable, str(REPO / "benchmarks/generate.py"), "400", str(root)], check=True,
                   capture_output=True)
    before = snapshot(root)
    referring = {rel for rel, raw in before.items() if b"- FO1.1\n" in raw or b"parent: FO1.1\n" in raw}
    assert len(referring) >= 5
    result = invoke("mv", "FO1.1", "FO1.99", cwd=root)
    assert result.exit_code == 0, result.stderr
    after = snapshot(root)
    added = removed = 0
    for rel, raw in before.items():
        new = after.get(rel) or after[rel.replace("FO1.1.yaml", "FO1.99.yaml")]
        gone, came = diff_lines(raw, new)
        assert [line.replace("FO1.1", "FO1.99") for line in gone] == came, rel
        removed, added = removed + len(gone), added + len(came)
    references = sum(raw.count(b"- FO1.1\n") for raw in before.values()) + 1  # and the goal's own id
    assert (removed, added) == (references, references)


# -- formats ---------------------------------------------------------------------------------

FLOW = """\
id: INI-003
title: Flödeslistor
goals: [FO1.1, 'FO2.1']   # två mål
owner: skr
participants: [skolverket,regeringen]
status: ongoing
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return write_plan(tmp_path / "repo", {**SMALL_PLAN, "plan/initiatives/INI-003.yaml": FLOW})


def read(root: Path) -> str:
    return (root / "plan/initiatives/INI-003.yaml").read_text(encoding="utf-8")


def test_a_reference_inside_a_flow_list_is_rewritten_in_place(repo: Path) -> None:
    assert invoke("mv", "FO2.1", "FO2.9", cwd=repo).exit_code == 0
    assert read(repo) == FLOW.replace("'FO2.1'", "'FO2.9'")
    assert invoke("mv", "regeringen", "riksdagen", cwd=repo).exit_code == 0
    assert read(repo) == FLOW.replace("'FO2.1'", "'FO2.9'").replace(",regeringen]", ",riksdagen]")


def test_flow_list_items_are_added_and_removed_in_place(repo: Path) -> None:
    assert invoke("set", "INI-003", "goals+=FO1.2", "participants-=skolverket", cwd=repo).exit_code == 0
    assert read(repo) == FLOW.replace("'FO2.1']", "'FO2.1', FO1.2]").replace("[skolverket,regeringen]", "[regeringen]")


def test_a_new_list_follows_the_files_flow_style(repo: Path) -> None:
    assert invoke("set", "INI-003", "tags=a,b", cwd=repo).exit_code == 0
    assert read(repo) == FLOW + "tags: [a, b]\n"


def test_setting_a_list_changes_only_the_items_that_differ(plan_repo: Path) -> None:
    path = plan_repo / "plan/initiatives/INI-002.yaml"
    before = path.read_bytes()
    assert invoke("set", "INI-002", "goals=FO1.2,FO2.1", cwd=plan_repo).exit_code == 0
    assert diff_lines(before, path.read_bytes()) == (["  - FO1.1"], ["  - FO1.2"])
    assert invoke("set", "INI-002", "goals=FO1.1,FO2.1", cwd=plan_repo).exit_code == 0
    assert path.read_bytes() == before


ODD = """\
---
# Indraget med fyra blanksteg och tabbar före kommentarerna
id: INI-003
title:\tUdda indrag\t# tabb
description: >-
   Tre blanksteg in, en rad som är längre än hundra tecken och som aldrig får brytas om av ett verktyg som planctl.
   Andra raden.
goals:
    - FO1.1
    -   FO2.1\t# två blanksteg efter strecket
owner: skr
status: ongoing
...
"""


def test_odd_indentation_tabs_and_document_markers_are_kept(tmp_path: Path) -> None:
    root = write_plan(tmp_path / "repo", {**SMALL_PLAN, "plan/initiatives/INI-003.yaml": ODD})
    assert invoke("set", "INI-003", "title=Nytt namn", "goals+=FO1.2", "horizon=long", cwd=root).exit_code == 0
    assert read(root) == (ODD.replace("title:\tUdda indrag\t#", "title:\tNytt namn\t#")
                          .replace("strecket\n", "strecket\n    - FO1.2\n")
                          .replace("status: ongoing\n", "status: ongoing\nhorizon: long\n"))
    assert invoke("set", "INI-003", "title=Udda indrag", "goals-=FO1.2", "horizon=", cwd=root).exit_code == 0
    assert read(root) == ODD


def test_a_folded_text_set_anew_keeps_its_indentation(tmp_path: Path) -> None:
    root = write_plan(tmp_path / "repo", {**SMALL_PLAN, "plan/initiatives/INI-003.yaml": ODD})
    assert invoke("set", "INI-003", "description=Kort.", cwd=root).exit_code == 0
    assert ">-\n   Kort.\ngoals:" in read(root)


def test_crlf_and_a_byte_order_mark_survive_set_mv_and_rm_reassign(repo: Path) -> None:
    path = repo / "plan/initiatives/INI-003.yaml"
    original = b"\xef\xbb\xbf" + FLOW.replace("\n", "\r\n").encode()
    path.write_bytes(original)
    assert invoke("set", "INI-003", "status=completed", "end=2022-12-31", cwd=repo).exit_code == 0
    assert path.read_bytes() == original.replace(b"status: ongoing\r\n", b"status: completed\r\nend: 2022-12-31\r\n")
    assert invoke("set", "INI-003", "status=ongoing", "end=", cwd=repo).exit_code == 0
    assert path.read_bytes() == original
    assert invoke("mv", "FO1.1", "FO1.8", cwd=repo).exit_code == 0
    assert path.read_bytes() == original.replace(b"[FO1.1,", b"[FO1.8,")


def test_removing_a_field_takes_its_own_comment_lines_only(tmp_path: Path) -> None:
    text = ("id: INI-003\ntitle: Kommentarer\ngoals:\n  - FO1.1\n  # FO2.1 enligt beslutet i maj\n  - FO2.1  # sent\n"
            "  # efter sista målet\nowner: skr\n\n# Status enligt lägesrapporten\nstatus: ongoing\n"
            "# Horisonten är uppskattad\nhorizon: long\n# slut\n")
    root = write_plan(tmp_path / "repo", {**SMALL_PLAN, "plan/initiatives/INI-003.yaml": text})
    assert invoke("set", "INI-003", "goals-=FO2.1", "horizon=", cwd=root).exit_code == 0
    assert read(root) == text.replace("  # FO2.1 enligt beslutet i maj\n  - FO2.1  # sent\n", "") \
        .replace("# Horisonten är uppskattad\nhorizon: long\n", "")


def test_a_long_new_description_is_folded_and_a_long_plain_one_stays_plain(plan_repo: Path) -> None:
    path = plan_repo / "plan/initiatives/INI-001.yaml"
    assert invoke("set", "INI-001", f"comment={LONG}", cwd=plan_repo).exit_code == 0
    text = path.read_text(encoding="utf-8")
    comment = text[text.index("comment:"):]
    assert comment.startswith("comment: >-\n  Staten") and all(len(line) < 120 for line in comment.splitlines())
    path.write_text(text.replace(comment, f"comment: {LONG}\n"), encoding="utf-8")
    assert invoke("set", "INI-001", f"comment={LONG} Slut.", cwd=plan_repo).exit_code == 0
    assert path.read_text(encoding="utf-8").endswith(f"comment: {LONG} Slut.\n")


# -- anchors and aliases ---------------------------------------------------------------------

ALIASED = """\
id: INI-003
title: Alias
goals: &mal
  - FO1.1
owner: skr
participants: *mal
status: ongoing
"""


def test_an_edit_that_would_break_an_alias_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    root = write_plan(tmp_path / "repo", {**SMALL_PLAN, "plan/initiatives/INI-003.yaml": ALIASED})
    result = invoke("set", "INI-003", "goals+=FO2.1", cwd=root)
    assert result.exit_code == 2
    assert result.stderr == (
        "planctl: error: plan/initiatives/INI-003.yaml:3: goals is inside the value &mal, which an alias (*mal) "
        "repeats; changing it would change both: write the value out in full, without the anchor and the alias, "
        "then edit it\n")
    assert invoke("mv", "FO1.1", "FO1.8", cwd=root).exit_code == 2
    assert read(root) == ALIASED and (root / "plan/goals/FO1.1.yaml").exists()
    assert invoke("set", "INI-003", "status=completed", cwd=root).exit_code == 0  # elsewhere in the file
    assert read(root) == ALIASED.replace("status: ongoing", "status: completed")


# -- reading back ----------------------------------------------------------------------------

def test_a_splice_that_would_not_read_back_is_never_written(plan_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import planctl.edit.splice as splice

    monkeypatch.setattr(splice, "render", lambda value, indent, flow=False: ("'broken", []))
    path = plan_repo / "plan/initiatives/INI-001.yaml"
    before = path.read_bytes()
    result = invoke("set", "INI-001", "status=completed", cwd=plan_repo)
    assert result.exit_code == 2
    assert result.stderr.startswith("planctl: error: plan/initiatives/INI-001.yaml: planctl could not write this "
                                    "edit so that the file reads back as intended; nothing written")
    assert path.read_bytes() == before


# -- rm --reassign ---------------------------------------------------------------------------

def test_rm_reassign_never_lists_the_owner_among_the_participants(plan_repo: Path) -> None:
    two = plan_repo / "plan/initiatives/INI-002.yaml"
    two.write_text(two.read_text(encoding="utf-8").replace("  - skolverket\n", "  - skolverket\n  - regeringen\n"),
                   encoding="utf-8")
    before = two.read_text(encoding="utf-8")
    result = invoke("rm", "skolverket", "--reassign", "skr", cwd=plan_repo)
    assert result.exit_code == 0, result.stderr
    # INI-002: owner skr, participants skolverket and regeringen: skolverket's entry goes, not skr twice.
    assert two.read_text(encoding="utf-8") == before.replace("  - skolverket\n", "")
    # INI-001: the owner itself is reassigned.
    assert "owner: skr\ndecided_by: regeringen\n" in (plan_repo / "plan/initiatives/INI-001.yaml").read_text()
    assert invoke("validate", cwd=plan_repo).exit_code == 0


def test_rm_reassign_of_the_owner_drops_the_participant_it_now_equals(plan_repo: Path) -> None:
    one = plan_repo / "plan/initiatives/INI-001.yaml"
    text = one.read_text(encoding="utf-8").replace("decided_by: regeringen\n", "participants:\n  - skr\n")
    one.write_text(text, encoding="utf-8")
    assert invoke("rm", "skolverket", "--reassign", "skr", cwd=plan_repo).exit_code == 0
    expected = text.replace("owner: skolverket\nparticipants:\n  - skr\n", "owner: skr\n")
    assert one.read_text(encoding="utf-8") == expected


def test_rm_reassign_leaves_a_duplicate_it_did_not_make(plan_repo: Path) -> None:
    two = plan_repo / "plan/initiatives/INI-002.yaml"
    text = two.read_text(encoding="utf-8").replace("  - skolverket\n", "  - skr\n  - skolverket\n")
    two.write_text(text, encoding="utf-8")  # skr is owner and participant already: not this edit's business
    assert invoke("rm", "skolverket", "--reassign", "regeringen", cwd=plan_repo).exit_code == 0
    assert two.read_text(encoding="utf-8") == text.replace("  - skolverket\n", "  - regeringen\n")


def test_an_item_added_to_an_empty_field_starts_its_list(tmp_path: Path) -> None:
    text = ("id: INI-003\ntitle: Tom lista\ngoals:\n  - FO1.1\nowner: skr\nparticipants:   # ingen ännu\n"
            "status: ongoing\n")
    root = write_plan(tmp_path / "repo", {**SMALL_PLAN, "plan/initiatives/INI-003.yaml": text})
    assert invoke("set", "INI-003", "participants+=skolverket", cwd=root).exit_code == 0
    assert read(root) == text.replace("# ingen ännu\n", "# ingen ännu\n  - skolverket\n")


# -- the splicing itself, in-process ---------------------------------------------------------

def spliced(text: str, *steps: tuple[str, tuple[object, ...], object]) -> str:
    from planctl.edit.splice import SourceFile
    from planctl.yamlread import parse_yaml

    source = SourceFile("x.yaml", text, parse_yaml(text, "x").data)
    for op, path, value in steps:
        if op == "replace":
            source.replace(path, value)  # type: ignore[arg-type]
        elif op == "append":
            source.append(path, value)  # type: ignore[arg-type]
        elif op == "remove":
            source.remove(path)  # type: ignore[arg-type]
        else:  # insert KEY at the end of the mapping at `path`
            key, new = value  # type: ignore[misc]
            source.insert_key(path, key, new, 99)  # type: ignore[arg-type]
    return source.result()


def test_a_kept_block_text_keeps_its_trailing_line_breaks_when_a_key_follows() -> None:
    from planctl.edit.values import Scalar

    text = "id: X\ncomment: |+\n  rad\n\n"
    assert spliced(text, ("insert", (), ("tags", [Scalar("a")]))) == "id: X\ncomment: |+\n  rad\n\ntags:\n  - a\n"


def test_an_empty_value_a_scalar_list_and_flow_mappings() -> None:
    from planctl.edit.values import Scalar

    assert spliced("id: X\nowner:   # vem?\n", ("replace", ("owner",), Scalar("skr"))) == "id: X\nowner: skr   # vem?\n"
    assert spliced("id: X\ngoals: FO1.1  # fel\n", ("replace", ("goals",), [Scalar("FO1.1")])) == \
        "id: X\ngoals:  # fel\n  - FO1.1\n"
    text = "id: X\nmilestones: [{title: A}, {title: B, due: 2020-01-01}]\n"
    assert spliced(text, ("insert", ("milestones", 1), ("done", Scalar(True)))) == \
        text.replace("2020-01-01}", "2020-01-01, done: true}")
    assert spliced("id: X\nmilestones:\n- title: A\n  done: true\n", ("remove", ("milestones", 0, "title"), None)) == \
        "id: X\nmilestones:\n- done: true\n"


def test_removing_an_alias_itself_is_allowed() -> None:
    text = "id: X\ngoals: &g [FO1.1]\ntags: *g\nowner: skr\n"
    assert spliced(text, ("remove", ("tags",), None)) == "id: X\ngoals: &g [FO1.1]\nowner: skr\n"


def test_a_file_changed_on_disk_meanwhile_is_not_written() -> None:
    from planctl.edit.splice import SourceFile, SpliceFailed
    from planctl.edit.values import Scalar

    source = SourceFile("x.yaml", "id: X\ntitle: ny\nstatus: a\n", {"id": "X", "title": "gammal", "status": "a"})
    source.replace(("status",), Scalar("b"))
    with pytest.raises(SpliceFailed, match=r"x\.yaml changed while the edit was computed; nothing written"):
        source.result()

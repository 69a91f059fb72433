"""Unused suppressions (N001) are fixable, like ruff's RUF100: `--fix` takes the stale code out
of the comment, or the whole comment when no code is left, and every other byte stays."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SMALL_PLAN, invoke, run_planctl, write_plan
from planctl.checks.suppress import remove_codes

SKR = "plan/owners/skr.yaml"  # referred to by INI-002: C003 never fires here
ENSAM = "plan/owners/ensam.yaml"  # referred to by nothing: C003 fires, so ignore[C003] is used


def _repo(tmp_path: Path, files: dict[str, str]) -> Path:
    """The small plan plus `files`, written as UTF-8 exactly as given (line endings, BOM)."""
    root = write_plan(tmp_path / "repo", SMALL_PLAN)
    for rel, text in files.items():
        (root / rel).write_bytes(text.encode("utf-8"))
    return root


def _on_disk(root: Path, rel: str) -> str:
    """The file's bytes exactly (UTF-8 decoding is one to one: no newline translation, the BOM kept)."""
    return (root / rel).read_bytes().decode("utf-8")


def _fix(root: Path, *args: str) -> str:
    result = invoke("check", "--fix", *args, cwd=root)
    assert result.exit_code == 0, result.stdout + result.stderr
    return result.stdout


CASES = {
    "one unused code: the comment line goes": (
        SKR,
        "id: skr\n# planctl: ignore[C003] nämns i underlaget\nname: Sveriges Kommuner och Regioner\n"
        "kind: association  # en förening\n",
        "id: skr\nname: Sveriges Kommuner och Regioner\nkind: association  # en förening\n",
    ),
    "one of two codes unused: only it and its comma go": (
        ENSAM,
        "# planctl: ignore[T005, C003] nämns i underlaget\nid: ensam\nname: Ensam\nkind: agency\n",
        "# planctl: ignore[C003] nämns i underlaget\nid: ensam\nname: Ensam\nkind: agency\n",
    ),
    "the last of two codes unused": (
        ENSAM,
        "# planctl: ignore[C003,T005]   skäl\nid: ensam\nname: Ensam\nkind: agency\n",
        "# planctl: ignore[C003]   skäl\nid: ensam\nname: Ensam\nkind: agency\n",
    ),
    "a file-level suppression, both codes unused": (
        SKR,
        "# Huvudmännens organisation\nid: skr\nname: Sveriges Kommuner och Regioner\nkind: association\n"
        "# planctl: ignore-file[C003,T010] hela filen\n",
        "# Huvudmännens organisation\nid: skr\nname: Sveriges Kommuner och Regioner\nkind: association\n",
    ),
    "a file-level suppression, one code still used": (
        ENSAM,
        "id: ensam\nname: Ensam\nkind: agency\n# planctl: ignore-file[X001, C003] hela filen\n",
        "id: ensam\nname: Ensam\nkind: agency\n# planctl: ignore-file[C003] hela filen\n",
    ),
    "CRLF line endings, with a byte-order mark": (
        SKR,
        "\ufeff# Huvudmän\r\nid: skr\r\n# planctl: ignore[C003] nämns\r\n"
        "name: Sveriges Kommuner och Regioner\r\nkind: association  # kvar\r\n",
        "\ufeff# Huvudmän\r\nid: skr\r\nname: Sveriges Kommuner och Regioner\r\n"
        "kind: association  # kvar\r\n",
    ),
    "a comment after a value: it and the blanks before it go": (
        SKR,
        "id: skr  # kort namn\nname: Sveriges Kommuner och Regioner   # planctl: ignore[T005] gammal\n"
        "kind: association\n",
        "id: skr  # kort namn\nname: Sveriges Kommuner och Regioner\nkind: association\n",
    ),
    "a comment after a value, CRLF, the last line without a line break": (
        SKR,
        "id: skr\r\nname: Sveriges Kommuner och Regioner\r\nkind: association\t# planctl: ignore[T005]",
        "id: skr\r\nname: Sveriges Kommuner och Regioner\r\nkind: association",
    ),
}


@pytest.mark.parametrize("rel, before, after", CASES.values(), ids=list(CASES))
def test_fix_removes_exactly_the_unused_code(tmp_path: Path, rel: str, before: str, after: str) -> None:
    root = _repo(tmp_path, {rel: before})
    others = {p: p.read_bytes() for p in (root / "plan").rglob("*.yaml") if p != root / rel}
    out = _fix(root)
    assert _on_disk(root, rel) == after
    assert {p: p.read_bytes() for p in others} == others
    assert f"fixed {rel}: N001 removed the unused " in out
    files, fixed = len(SMALL_PLAN) + (rel not in SMALL_PLAN), out.count(": N001 removed the unused ")
    assert out.endswith(f"All checks passed ({files} files checked).\nFixed {fixed} problem"
                        f"{'s' if fixed > 1 else ''} (0 remaining).\n"), out
    again = invoke("check", cwd=root)
    assert "N001" not in again.stdout, again.stdout


def test_two_unused_codes_of_three(tmp_path: Path) -> None:
    root = _repo(tmp_path, {ENSAM: "# planctl: ignore[T005, C003, T010] skäl\nid: ensam\nname: Ensam\n"
                                   "kind: agency\n"})
    out = _fix(root)
    assert _on_disk(root, ENSAM) == "# planctl: ignore[C003] skäl\nid: ensam\nname: Ensam\nkind: agency\n"
    assert out.splitlines() == [
        f"fixed {ENSAM}: N001 removed the unused T005 from the ignore comment on line 1",
        f"fixed {ENSAM}: N001 removed the unused T010 from the ignore comment on line 1",
        "All checks passed (11 files checked).",
        "Fixed 2 problems (0 remaining).",
    ]


def test_a_marker_inside_a_quoted_text_is_not_cut(tmp_path: Path) -> None:
    """The scan is textual; a `#` inside quotes is no comment, and the fix must not change the
    data: the file is left as it is and the N001 stays for a person to look at."""
    text = 'id: skr\nname: "Sveriges Kommuner # planctl: ignore[T005] och Regioner"\nkind: association\n'
    root = _repo(tmp_path, {SKR: text})
    result = invoke("check", "--fix", cwd=root)
    assert _on_disk(root, SKR) == text
    assert "N001" in result.stdout and "Fixed" not in result.stdout
    assert result.exit_code == 0  # N001 is a warning


def test_unused_suppression_and_a_rule_fix_in_one_file(tmp_path: Path) -> None:
    """Text fix first, then the round trip for the key order: both land, comments kept."""
    before = ("# planctl: ignore[T005] gammal\nname: Sveriges Kommuner och Regioner  # namnet\nid: skr\n"
              "kind: association\n")
    root = _repo(tmp_path, {SKR: before})
    out = _fix(root)
    assert _on_disk(root, SKR) == ("id: skr\nname: Sveriges Kommuner och Regioner  # namnet\n"
                                         "kind: association\n")
    assert out.splitlines()[:2] == [
        f"fixed {SKR}: L001 put the fields in canonical order",
        f"fixed {SKR}: N001 removed the unused T005 from the ignore comment on line 1",
    ]


def test_a_code_not_run_is_not_removed(tmp_path: Path) -> None:
    """--select without T005: the run cannot know T005 is unused, so nothing is reported or cut."""
    text = "id: skr\n# planctl: ignore[T005] gammal\nname: Sveriges Kommuner och Regioner\nkind: association\n"
    root = _repo(tmp_path, {SKR: text})
    result = invoke("check", "--fix", "--select", "N,C", cwd=root)
    assert result.exit_code == 0 and _on_disk(root, SKR) == text


def test_unsuppressable_code_is_removed(tmp_path: Path) -> None:
    text = "# planctl: ignore-file[Y002, C003] nej\nid: ensam\nname: Ensam\nkind: agency\n"
    root = _repo(tmp_path, {ENSAM: text})
    _fix(root)
    assert _on_disk(root, ENSAM) == "# planctl: ignore-file[C003] nej\nid: ensam\nname: Ensam\nkind: agency\n"


def test_diff_of_the_installed_planctl(tmp_path: Path) -> None:
    root = _repo(tmp_path, {SKR: CASES["a comment after a value: it and the blanks before it go"][1]})
    result = run_planctl("check", "--diff", cwd=root)
    assert result.exit_code == 1, result.stderr
    assert result.stdout == (
        f"--- a/{SKR}\n+++ b/{SKR}\n@@ -1,3 +1,3 @@\n id: skr  # kort namn\n"
        "-name: Sveriges Kommuner och Regioner   # planctl: ignore[T005] gammal\n"
        "+name: Sveriges Kommuner och Regioner\n kind: association\n")
    assert result.stderr == "Would fix 1 problem.\n"


def test_json_marks_n001_fixable(tmp_path: Path) -> None:
    import json

    root = _repo(tmp_path, {SKR: CASES["one unused code: the comment line goes"][1]})
    found = json.loads(invoke("check", "-f", "json", cwd=root).stdout)["diagnostics"]
    assert [(d["code"], d["fixable"]) for d in found] == [("N001", True)]


@pytest.mark.parametrize("text, removals, expected", [
    ("# planctl: ignore[A001] x\n", [(1, "A001")], ""),
    ("a: 1\n# planctl: ignore[A001] x", [(2, "A001")], "a: 1\n"),
    ("# planctl: ignore[ A001 , B002 ] x\n", [(1, "A001")], "# planctl: ignore[ B002 ] x\n"),
    ("# planctl: ignore[A001, B002, C003] x\n", [(1, "B002")], "# planctl: ignore[A001, C003] x\n"),
    ("# planctl: ignore[a001,A001] x\n", [(1, "A001"), (1, "A001")], ""),
    ("# planctl: ignore[A001,A001] x\n", [(1, "A001")], "# planctl: ignore[A001] x\n"),
    ("# planctl: ignore[A001,] x\n", [(1, "A001")], ""),
    ("# note  # planctl: ignore[A001] x\n", [(1, "A001")], "# note\n"),
    ("a: 1\r\n#planctl:ignore-file[A001]\r\nb: 2\r\n", [(2, "A001")], "a: 1\r\nb: 2\r\n"),
    ("a: 1\u2028# planctl: ignore[A001]\u2028b: 2\n", [(2, "A001")], "a: 1\u2028b: 2\n"),
    ("# planctl: ignore[A001] x\n", [(1, "B002")], "# planctl: ignore[A001] x\n"),  # not there: nothing
    ("# planctl: ignore[A001] x\n", [(7, "A001")], "# planctl: ignore[A001] x\n"),  # no such line
])
def test_remove_codes(text: str, removals: list[tuple[int, str]], expected: str) -> None:
    assert remove_codes(text, removals)[0] == expected

"""`planctl lint --fix` / `--diff`: safe fixes through round-trip YAML, byte-identical elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SMALL_PLAN, invoke, run_planctl, write_plan

FILE = "plan/initiatives/INI-009.yaml"
BEFORE = """\
# yaml-language-server: $schema=../../schema/initiative.schema.json
# Insatsen läggs till för test.
id: INI-009
status: ongoing   # status enligt 2020
title: "Ett test av fixar "
description: >-
  Insatsen ger huvudmännen stöd i att välja och använda digitala verktyg i
  undervisningen, med en längre text.

goals:
  - FO1.1   # härlett
owner: 'skr'
tags:
  - " skoldigistod"
  - annat
comment: |
  Rad ett.
  Rad två.
"""
AFTER = """\
# yaml-language-server: $schema=../../schema/initiative.schema.json
# Insatsen läggs till för test.
id: INI-009
title: "Ett test av fixar"
description: >-
  Insatsen ger huvudmännen stöd i att välja och använda digitala verktyg i
  undervisningen, med en längre text.

goals:
  - FO1.1   # härlett
owner: 'skr'
status: ongoing   # status enligt 2020
tags:
  - "skoldigistod"
  - annat
comment: |
  Rad ett.
  Rad två.
"""


def _repo(tmp_path: Path, text: str = BEFORE) -> Path:
    return write_plan(tmp_path / "repo", {**SMALL_PLAN, FILE: text})


def test_fix_keeps_every_other_byte(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    untouched = (root / "plan/initiatives/INI-001.yaml").read_bytes()
    result = invoke("lint", "--fix", cwd=root)
    assert result.exit_code == 0, result.stdout
    assert (root / FILE).read_text(encoding="utf-8") == AFTER
    assert result.stdout.splitlines() == [
        f"fixed {FILE}: L001 put the fields in canonical order",
        f"fixed {FILE}: L002 stripped whitespace in tags.0",
        f"fixed {FILE}: T004 removed spaces around the title",
        "All checks passed (11 files checked).",
        "Fixed 3 problems (0 remaining).",
    ]
    assert (root / "plan/initiatives/INI-001.yaml").read_bytes() == untouched
    assert not list((root / "plan/initiatives").glob(".*.tmp"))


def test_fix_again_changes_nothing(tmp_path: Path) -> None:
    root = _repo(tmp_path, AFTER)
    mtime = (root / FILE).stat().st_mtime_ns
    result = invoke("lint", "--fix", cwd=root)
    assert result.exit_code == 0 and "fixed" not in result.stdout
    assert (root / FILE).stat().st_mtime_ns == mtime


def test_diff_shows_and_writes_nothing_installed(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    result = run_planctl("lint", "--diff", cwd=root)
    assert result.exit_code == 1
    assert result.stdout.startswith(f"--- a/{FILE}\n+++ b/{FILE}\n")
    assert '-title: "Ett test av fixar "\n+title: "Ett test av fixar"\n' in result.stdout
    assert (root / FILE).read_text(encoding="utf-8") == BEFORE


def test_last_key_moving_keeps_its_comment(tmp_path: Path) -> None:
    text = ("id: INI-009\ntitle: Insats om digitala verktyg\n"
            "description: Insatsen ger huvudmännen stöd i att välja och använda digitala verktyg.\n"
            "goals: [FO1.1]\nowner: skr\ntags: [a]  # etikett\nstatus: ongoing  # sist\n")
    root = _repo(tmp_path, text)
    assert invoke("lint", "--fix", cwd=root).exit_code == 0
    assert (
        (root / FILE)
        .read_text(encoding="utf-8")
        .endswith("owner: skr\nstatus: ongoing  # sist\ntags: [a]  # etikett\n")
    )


def test_suppressed_spot_is_not_fixed(tmp_path: Path) -> None:
    text = BEFORE.replace(
        'tags:\n  - " skoldigistod"', 'tags:\n  # planctl: ignore[L002] avsiktligt\n  - " skoldigistod"'
    )
    text = text.replace("status: ongoing   # status enligt 2020\n", "").replace(
        "owner: 'skr'\n", "owner: 'skr'\nstatus: ongoing\n"
    )
    root = _repo(tmp_path, text)
    result = invoke("lint", "--fix", cwd=root)
    assert result.stdout.splitlines()[0] == f"fixed {FILE}: T004 removed spaces around the title"
    assert '  - " skoldigistod"' in (root / FILE).read_text(encoding="utf-8")


def test_fix_with_diff_shows_the_diff_and_writes_nothing(tmp_path: Path) -> None:
    """As `ruff check --fix --diff`: --diff wins, whether --fix is given or not."""
    root = _repo(tmp_path)
    alone, both = invoke("lint", "--diff", cwd=root), invoke("lint", "--fix", "--diff", cwd=root)
    assert (both.exit_code, both.stdout, both.stderr) == (alone.exit_code, alone.stdout, alone.stderr)
    assert both.exit_code == 1 and both.stdout.startswith(f"--- a/{FILE}\n")
    assert both.stderr == "Would fix 3 problems.\n"
    assert (root / FILE).read_text(encoding="utf-8") == BEFORE


def test_diff_cannot_commit(plan_repo: Path) -> None:
    result = invoke("lint", "--diff", "--commit", cwd=plan_repo)
    assert result.exit_code == 2
    assert result.stderr.startswith("planctl: error: --diff writes nothing")


def test_crlf_and_byte_order_mark_are_kept(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    (root / FILE).write_bytes(b"\xef\xbb\xbf" + BEFORE.replace("\n", "\r\n").encode("utf-8"))
    assert invoke("lint", "--fix", cwd=root).exit_code == 0
    assert (root / FILE).read_bytes() == b"\xef\xbb\xbf" + AFTER.replace("\n", "\r\n").encode("utf-8")


def test_fix_from_findings_the_cache_kept(tmp_path: Path, monkeypatch) -> None:
    """A check fills the cache; --fix then works from findings it did not compute itself."""
    monkeypatch.setattr("planctl.cache.RACY_NS", 0)  # vouch for the files just written
    root = _repo(tmp_path)
    assert invoke("check", cwd=root).exit_code == 0  # warnings only
    assert invoke("check", cwd=root).exit_code == 0  # now every file is vouched for by its stat
    result = invoke("lint", "--fix", cwd=root)
    assert result.exit_code == 0, result.stdout
    assert (root / FILE).read_text(encoding="utf-8") == AFTER


def test_diff_shows_a_bidi_override_escaped_and_a_clean_line_as_it_is(tmp_path: Path) -> None:
    """A title with U+202E (valid YAML, raw in the file) would reorder the diff a reader sees."""
    plan = dict(SMALL_PLAN)
    plan["plan/initiatives/INI-001.yaml"] = plan["plan/initiatives/INI-001.yaml"].replace(
        "title: Skolverket samordnar statens arbete", 'title: "  Skolverket samordnar\u202e  "')
    root = write_plan(tmp_path / "repo", plan)
    result = run_planctl("lint", "--diff", cwd=root)
    assert result.exit_code == 1, result.stderr
    assert '-title: "  Skolverket samordnar\\u202e  "\n+title: "Skolverket samordnar\\u202e"\n' in result.stdout
    assert "\u202e" not in result.stdout
    assert " # Samordningsansvaret\n id: INI-001\n" in result.stdout


# -- check --fix / --diff: the same fix path as lint, reported as ruff does ---------------------------------

BROKEN = BEFORE.replace("owner: 'skr'", "owner: 'skrr'")  # X001: not fixable, it remains
BROKEN_AFTER = AFTER.replace("owner: 'skr'", "owner: 'skrr'")


def test_check_fix_reports_what_remains_and_exits_1_for_a_remaining_error(tmp_path: Path) -> None:
    root = _repo(tmp_path, BROKEN)
    result = invoke("check", "--fix", "-f", "concise", cwd=root)
    assert result.exit_code == 1
    assert (root / FILE).read_text(encoding="utf-8") == BROKEN_AFTER
    assert result.stdout.splitlines() == [
        f"fixed {FILE}: L001 put the fields in canonical order",
        f"fixed {FILE}: L002 stripped whitespace in tags.0",
        f"fixed {FILE}: T004 removed spaces around the title",
        f"{FILE}:11:8: X001 [error] owner: 'skrr' is not the id of any owner",
        "Fixed 3 problems (1 remaining).",
    ]


def test_check_fix_exits_0_when_nothing_remains_installed(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    result = run_planctl("check", "--fix", cwd=root)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout.endswith("All checks passed (11 files checked).\nFixed 3 problems (0 remaining).\n")
    assert (root / FILE).read_text(encoding="utf-8") == AFTER


def test_check_and_lint_fix_the_same_bytes(tmp_path: Path) -> None:
    """One fix path: `check --fix` and `lint --fix` leave the same files and print the same lines."""
    a, b = _repo(tmp_path / "a", BROKEN), _repo(tmp_path / "b", BROKEN)
    by_check, by_lint = invoke("check", "--fix", cwd=a), invoke("lint", "--fix", cwd=b)
    assert (by_check.exit_code, by_check.stdout) == (by_lint.exit_code, by_lint.stdout)
    assert (a / FILE).read_bytes() == (b / FILE).read_bytes() == BROKEN_AFTER.encode("utf-8")


@pytest.mark.parametrize("args", [["--diff"], ["--fix", "--diff"]])
def test_check_diff_writes_nothing_and_exits_1_installed(tmp_path: Path, args: list[str]) -> None:
    root = _repo(tmp_path, BROKEN)
    result = run_planctl("check", *args, cwd=root)
    assert result.exit_code == 1
    assert result.stdout == invoke("lint", "--diff", cwd=root).stdout
    assert result.stdout.startswith(f"--- a/{FILE}\n+++ b/{FILE}\n")
    assert result.stderr == "Would fix 3 problems.\n"
    assert (root / FILE).read_text(encoding="utf-8") == BROKEN


def test_check_diff_with_nothing_to_fix_exits_0_even_with_errors(tmp_path: Path) -> None:
    """As ruff: --diff answers "would anything change?"; the remaining problems are check's business."""
    root = _repo(tmp_path, BROKEN_AFTER)
    result = invoke("check", "--diff", cwd=root)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert invoke("check", cwd=root).exit_code == 1


def test_check_fix_exit_zero_and_strict(tmp_path: Path) -> None:
    root = _repo(tmp_path, BROKEN)
    assert invoke("check", "--fix", "--exit-zero", cwd=root).exit_code == 0
    assert (root / FILE).read_text(encoding="utf-8") == BROKEN_AFTER
    warned = _repo(tmp_path / "w", BEFORE.replace("title: \"Ett test av fixar \"", "title: \"Ett test av fixar.\""))
    assert invoke("check", "--fix", cwd=warned).exit_code == 0  # T005 (info) remains
    assert invoke("check", "--fix", "--strict", cwd=warned).exit_code == 0  # info never fails a run


def test_check_fix_json_keeps_stdout_parseable(tmp_path: Path) -> None:
    import json

    root = _repo(tmp_path, BROKEN)
    result = invoke("check", "--fix", "-f", "json", cwd=root)
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert [d["code"] for d in report["diagnostics"]] == ["X001"]
    assert result.stderr.splitlines()[-1] == "Fixed 3 problems (1 remaining)."
    assert f"fixed {FILE}: T004 removed spaces around the title" in result.stderr


def test_check_fix_only_in_the_paths_given(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    result = invoke("check", "--fix", "plan/goals", cwd=root)
    assert result.exit_code == 0 and "Fixed" not in result.stdout
    assert (root / FILE).read_text(encoding="utf-8") == BEFORE


def test_check_fix_paths_are_shown_from_the_cwd(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    result = invoke("check", "--fix", "-f", "concise", cwd=root / "plan" / "initiatives")
    assert result.stdout.splitlines()[0] == "fixed INI-009.yaml: L001 put the fields in canonical order"


def test_check_fix_with_a_report_file_says_what_it_fixed_on_stdout(tmp_path: Path) -> None:
    import json

    root = _repo(tmp_path, BROKEN)
    result = invoke("check", "--fix", "-f", "json", "-o", "report.json", cwd=root)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == "Fixed 3 problems (1 remaining)."
    assert [d["code"] for d in json.loads((root / "report.json").read_text())["diagnostics"]] == ["X001"]


def test_check_fix_quiet_leaves_out_what_was_fixed(tmp_path: Path) -> None:
    """-q: the problems that remain and nothing else, as ruff's -q; the fixes are still made."""
    root = _repo(tmp_path, BROKEN)
    result = invoke("check", "--fix", "-q", "-f", "concise", cwd=root)
    assert result.exit_code == 1
    assert result.stdout == f"{FILE}:11:8: X001 [error] owner: 'skrr' is not the id of any owner\n"
    assert (root / FILE).read_text(encoding="utf-8") == BROKEN_AFTER
    assert invoke("check", "--diff", "-q", cwd=_repo(tmp_path / "d", BROKEN)).stderr == ""

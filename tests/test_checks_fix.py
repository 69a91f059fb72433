"""`planctl lint --fix` / `--diff`: safe fixes through round-trip YAML, byte-identical elsewhere."""

from __future__ import annotations

from pathlib import Path

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

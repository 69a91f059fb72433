"""The edit operations on files: exact bytes after add, set, rm and mv."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from conftest import SMALL_PLAN, invoke, write_plan
from gitplan import isolate

COMMENTED = """\
# yaml-language-server: $schema=../../schema/initiative.schema.json
# Insatsen följs upp av SKR.
id: INI-003
title: 'Stöd: upphandling'   # citattecknen är avsiktliga

description: >-
  Insatsen ger huvudmännen stöd i upphandling och i val av tekniska lösningar och infrastruktur
  samt i att ordna pedagogisk och teknisk support.
goals:
  - FO2.1   # härledd koppling
owner: skr
participants:
  - skolverket

# Status enligt lägesbeskrivningen november 2019.
status: ongoing
horizon: medium
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    isolate(monkeypatch)
    return write_plan(tmp_path / "repo", {**SMALL_PLAN, "plan/initiatives/INI-003.yaml": COMMENTED})


def read(root: Path, rel: str) -> str:
    return (root / rel).read_text(encoding="utf-8")


def test_set_changes_only_the_lines_of_that_field(repo: Path) -> None:
    result = invoke("set", "INI-003", "status=completed", cwd=repo)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "changed INI-003 (plan/initiatives/INI-003.yaml)\n"
    assert read(repo, "plan/initiatives/INI-003.yaml") == COMMENTED.replace("status: ongoing", "status: completed")


def test_set_and_set_back_gives_identical_bytes(repo: Path) -> None:
    path = repo / "plan/initiatives/INI-003.yaml"
    before = path.read_bytes()
    for args in (("status=decided", "horizon=long", "goals+=FO1.1", "participants-=skolverket"),
                 ("status=ongoing", "horizon=medium", "goals-=FO1.1", "participants+=skolverket")):
        assert invoke("set", "INI-003", *args, cwd=repo).exit_code == 0
    assert path.read_bytes() == before


def test_set_keeps_quoting_and_inserts_new_fields_in_canonical_order(repo: Path) -> None:
    result = invoke("set", "INI-003", "title=Stöd vid upphandling", "decided_by=regeringen", "start=2020-01-01",
                    cwd=repo)
    assert result.exit_code == 0, result.stderr
    # The end-of-line comment keeps its gap to the value (three spaces), so set and set back
    # give the same bytes whatever the lengths (tests/test_fuzz_edit.py).
    expected = (COMMENTED
                .replace("title: 'Stöd: upphandling'   #", "title: 'Stöd vid upphandling'   #")
                .replace("owner: skr\n", "owner: skr\ndecided_by: regeringen\n")
                .replace("horizon: medium\n", "horizon: medium\nstart: 2020-01-01\n"))
    assert read(repo, "plan/initiatives/INI-003.yaml") == expected


def test_set_quotes_what_yaml_1_1_would_misread(repo: Path) -> None:
    assert invoke("set", "INI-002", "comment=1:1", "tags=yes,no", cwd=repo).exit_code == 0
    text = read(repo, "plan/initiatives/INI-002.yaml")
    assert "comment: '1:1'\n" in text
    assert "tags:\n  - 'yes'\n  - 'no'\n" in text


def test_removing_a_list_keeps_the_comment_that_followed_it(repo: Path) -> None:
    assert invoke("set", "INI-003", "participants-=skolverket", cwd=repo).exit_code == 0
    assert read(repo, "plan/initiatives/INI-003.yaml") == COMMENTED.replace("participants:\n  - skolverket\n", "")


def test_set_empty_value_removes_an_optional_field(repo: Path) -> None:
    assert invoke("set", "INI-003", "horizon=", cwd=repo).exit_code == 0
    assert read(repo, "plan/initiatives/INI-003.yaml") == COMMENTED.replace("horizon: medium\n", "")


@pytest.mark.parametrize("args, message", [
    (("INI-003", "id=INI-009"), "planctl mv"),
    (("INI-003", "nosuch=1"), "has no field 'nosuch'"),
    (("INI-003", "status+=x"), "status is not a list"),
    (("INI-003", "goals-=FO9.9"), "INI-003 has no 'FO9.9' in goals"),
    (("INI-003", "milestones=x"), "planctl milestone add|done|rm"),
    (("INI-099", "status=ongoing"), "no initiative has the id 'INI-099'"),
    (("INI-003", "status"), "is not FIELD=VALUE"),
    (("INI-003", "start=2020-13-01"), "is not a date"),
])
def test_set_usage_errors_exit_2_and_write_nothing(repo: Path, args: tuple[str, ...], message: str) -> None:
    result = invoke("set", *args, cwd=repo)
    # what the plan does not hold is the plan's answer (1); a malformed argument is usage (2)
    assert result.exit_code == (1 if "has no '" in message or "no initiative" in message else 2)
    assert message in result.stderr
    assert read(repo, "plan/initiatives/INI-003.yaml") == COMMENTED


def test_add_writes_canonical_order_in_house_style(repo: Path) -> None:
    (repo / "schema").mkdir()
    (repo / "schema/initiative.schema.json").write_text("{}", encoding="utf-8")
    long = ("Ett digitalt processtöd hjälper huvudmännen att planera och prioritera sitt arbete "
            "med digitalisering och att hitta resurser.")
    result = invoke("add", "initiative", "--status", "proposed", "--owner", "skr", "--goal", "FO1.2",
                    "--goal", "FO2.1", "--title", "Digitalt processtöd", "--description", long,
                    "--start", "2020-03-01", "--tag", "yes", cwd=repo)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "added INI-004 (plan/initiatives/INI-004.yaml)\n"
    assert read(repo, "plan/initiatives/INI-004.yaml") == textwrap.dedent("""\
        # yaml-language-server: $schema=../../schema/initiative.schema.json
        id: INI-004
        title: Digitalt processtöd
        description: >-
          Ett digitalt processtöd hjälper huvudmännen att planera och prioritera sitt arbete med digitalisering
          och att hitta resurser.
        goals:
          - FO1.2
          - FO2.1
        owner: skr
        status: proposed
        start: 2020-03-01
        tags:
          - 'yes'
        """)
    assert invoke("validate", cwd=repo).exit_code == 0


def test_add_goal_and_owner(repo: Path) -> None:
    assert invoke("add", "goal", "--parent", "FO1", "--title", "Personalens kompetens", cwd=repo).stdout == \
        "added FO1.3 (plan/goals/FO1.3.yaml)\n"
    assert read(repo, "plan/goals/FO1.3.yaml") == "id: FO1.3\ntitle: Personalens kompetens\nparent: FO1\n"
    assert invoke("add", "goal", "--id", "FO2.4", "--title", "Administration", cwd=repo).exit_code == 0
    assert read(repo, "plan/goals/FO2.4.yaml") == "id: FO2.4\ntitle: Administration\nparent: FO2\n"
    result = invoke("add", "owner", "--id", "inera", "--name", "Inera", "--kind", "company", cwd=repo)
    assert result.exit_code == 0, result.stderr
    assert read(repo, "plan/owners/inera.yaml") == "id: inera\nname: Inera\nkind: company\n"


def test_add_refuses_an_entity_that_breaks_the_plan(repo: Path) -> None:
    result = invoke("add", "initiative", "--title", "X", "--goal", "FO1.1", "--owner", "skr",
                    "--status", "ongoing", "--start", "2026-01-01", "--end", "2025-01-01", cwd=repo)
    assert result.exit_code == 1
    assert "2025-01-01" in result.stdout
    assert "nothing written" in result.stderr
    assert not (repo / "plan/initiatives/INI-004.yaml").exists()


def test_add_refuses_an_existing_id(repo: Path) -> None:
    result = invoke("add", "owner", "--id", "skr", "--name", "SKR", "--kind", "association", cwd=repo)
    assert result.exit_code == 1
    assert "skr exists already" in result.stderr


def test_rm_of_a_referenced_owner_is_refused_listing_referrers(repo: Path) -> None:
    result = invoke("rm", "skolverket", cwd=repo)
    assert result.exit_code == 1
    assert result.stderr == (
        "planctl: error: skolverket is referred to by 3 entities; pass --reassign NEW_ID to move the references,"
        " or change them first\n"
        "  INI-001 owner (plan/initiatives/INI-001.yaml): Skolverket samordnar statens arbete\n"
        "  INI-002 participants (plan/initiatives/INI-002.yaml): Stöd för digital kompetens\n"
        "  INI-003 participants (plan/initiatives/INI-003.yaml): Stöd: upphandling\n")
    assert (repo / "plan/owners/skolverket.yaml").exists()


def test_rm_with_reassign_moves_references_then_deletes(repo: Path) -> None:
    result = invoke("rm", "skolverket", "--reassign", "regeringen", cwd=repo)
    assert result.exit_code == 0, result.stderr
    assert not (repo / "plan/owners/skolverket.yaml").exists()
    assert read(repo, "plan/initiatives/INI-003.yaml") == COMMENTED.replace("  - skolverket", "  - regeringen")
    assert "owner: regeringen\ndecided_by: regeringen\n" in read(repo, "plan/initiatives/INI-001.yaml")


def test_rm_of_an_unreferenced_initiative(repo: Path) -> None:
    result = invoke("rm", "INI-003", cwd=repo)
    assert (result.exit_code, result.stdout) == (0, "removed INI-003\n")
    assert not (repo / "plan/initiatives/INI-003.yaml").exists()


def test_mv_renames_file_and_rewrites_every_reference(repo: Path) -> None:
    result = invoke("mv", "skr", "sveriges-kommuner", cwd=repo)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ("renamed skr to sveriges-kommuner; references rewritten in 2 files "
                             "(plan/owners/sveriges-kommuner.yaml)\n")
    assert not (repo / "plan/owners/skr.yaml").exists()
    assert read(repo, "plan/owners/sveriges-kommuner.yaml") == textwrap.dedent(SMALL_PLAN["plan/owners/skr.yaml"]) \
        .replace("id: skr", "id: sveriges-kommuner")
    assert read(repo, "plan/initiatives/INI-003.yaml") == COMMENTED.replace("owner: skr", "owner: sveriges-kommuner")
    assert invoke("validate", cwd=repo).exit_code == 0


def test_mv_refuses_an_existing_target_and_a_bad_id(repo: Path) -> None:
    assert "exists already" in invoke("mv", "skr", "skolverket", cwd=repo).stderr
    result = invoke("mv", "INI-003", "INI-3", cwd=repo)
    assert result.exit_code == 1
    assert "S005" in result.stdout
    assert (repo / "plan/initiatives/INI-003.yaml").exists()


def test_every_bundled_initiative_survives_set_and_set_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The real plan's comments, folded texts and quoting come back byte for byte."""
    import shutil

    from conftest import REPO

    isolate(monkeypatch)
    root = tmp_path / "bundled"
    shutil.copytree(REPO / "plan", root / "plan")
    shutil.copy(REPO / "planctl.toml", root / "planctl.toml")
    files = sorted((root / "plan/initiatives").glob("*.yaml"))
    before = {p: p.read_bytes() for p in files}
    for path in files:
        ident = path.stem
        text = path.read_text(encoding="utf-8")
        status = next(line.split(": ", 1)[1] for line in text.splitlines() if line.startswith("status: "))
        assert invoke("set", ident, "status=cancelled", "tags+=tillfällig", cwd=root).exit_code == 0
        assert path.read_bytes() != before[path]
        back = invoke("set", ident, f"status={status}", "tags-=tillfällig", cwd=root)
        assert back.exit_code == 0, back.stderr + back.stdout
        assert path.read_bytes() == before[path], ident


def test_windows_line_endings_are_kept(repo: Path) -> None:
    path = repo / "plan/initiatives/INI-003.yaml"
    path.write_bytes(COMMENTED.replace("\n", "\r\n").encode("utf-8"))
    assert invoke("set", "INI-003", "status=completed", cwd=repo).exit_code == 0
    assert path.read_bytes() == COMMENTED.replace("status: ongoing", "status: completed").replace("\n", "\r\n") \
        .encode("utf-8")


def test_a_byte_order_mark_survives_set_and_mv(repo: Path) -> None:
    path = repo / "plan/initiatives/INI-003.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + COMMENTED.encode("utf-8"))
    assert invoke("set", "INI-003", "status=completed", cwd=repo).exit_code == 0
    assert path.read_bytes() == b"\xef\xbb\xbf" + COMMENTED.replace("status: ongoing", "status: completed").encode()
    assert invoke("mv", "INI-003", "INI-004", cwd=repo).exit_code == 0
    moved = (repo / "plan/initiatives/INI-004.yaml").read_bytes()
    assert moved.startswith(b"\xef\xbb\xbf# yaml-language-server") and b"id: INI-004" in moved


@pytest.mark.parametrize("text", ["0\x85", "a\u2028b", "slut\u2029", "x\ry"])
def test_yaml_line_break_characters_read_back(plan_repo: Path, text: str) -> None:
    """U+0085, U+2028, U+2029 and CR are line breaks to libyaml: only double quotes keep them."""
    from planctl.yamlread import parse_yaml

    assert invoke("set", "INI-001", f"comment={text}", cwd=plan_repo).exit_code == 0
    written = (plan_repo / "plan/initiatives/INI-001.yaml").read_text(encoding="utf-8")
    assert parse_yaml(written, "x").data["comment"] == text

"""Edge cases of single rules: what each must and must not report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import SMALL_PLAN, write_plan
from planctl.checks import run_checks
from planctl.checks.rules.bad_link import is_web_url
from planctl.config import load_config
from planctl.loader import load_plan

HEAD = ("id: INI-003\ntitle: Stöd för upphandling\n"
        "description: Stöd till huvudmännen vid upphandling av digitala lärresurser och tjänster.\n"
        "goals: [FO1.1]\nowner: skr\n")


def _codes(tmp_path: Path, files: dict[str, str], today: dt.date = dt.date(2024, 5, 1)) -> list[tuple[str, int]]:
    root = write_plan(tmp_path / "repo", {**SMALL_PLAN, **files})
    cfg = load_config(root)
    return [(d.code, d.line) for d in run_checks(load_plan(cfg), cfg, today=today)]


@pytest.mark.parametrize("url, ok", [
    ("https://www.skolverket.se", True), ("http://räksmörgås.se/a?b=1#c", True), ("https://a.se:8080/p", True),
    ("www.skr.se", False), ("https://localhost", False), ("mailto:a@b.se", False), ("ftp://a.se", False),
    ("https://skr.se/a b", False), ("https://.se", False),
])
def test_web_urls(url: str, ok: bool) -> None:
    assert is_web_url(url) is ok


def test_block_scalar_with_indentation_indicator_is_padded(tmp_path: Path) -> None:
    text = HEAD + "status: ongoing\ncomment: |2\n    indraget\n"
    assert _codes(tmp_path, {"plan/initiatives/INI-003.yaml": text}) == [("L002", 7)]


def test_block_scalar_final_newline_is_not_padding(tmp_path: Path) -> None:
    text = HEAD + "status: ongoing\ncomment: |\n  Rad ett.\n  Rad två.\n"
    assert _codes(tmp_path, {"plan/initiatives/INI-003.yaml": text}) == []


@pytest.mark.parametrize("title, codes", [
    ("LIKA", []), ("Stöd till LIKA och SKR", []), ("STÖD TILL LIKA", ["T006"]),
    ("Stöd och så vidare...", []), ("Stöd.", ["T005"]),
])
def test_title_rules(tmp_path: Path, title: str, codes: list[str]) -> None:
    text = HEAD.replace("Stöd för upphandling", title) + "status: ongoing\n"
    assert [c for c, _ in _codes(tmp_path, {"plan/initiatives/INI-003.yaml": text})] == codes


def test_done_milestone_with_future_start(tmp_path: Path) -> None:
    text = HEAD + "status: decided\nstart: 2025-01-01\nmilestones:\n  - title: Förstudie\n    done: true\n"
    assert _codes(tmp_path, {"plan/initiatives/INI-003.yaml": text}) == [("D006", 10)]
    assert _codes(tmp_path, {"plan/initiatives/INI-003.yaml": text}, today=dt.date(2025, 2, 1)) == []


def test_end_passed_only_for_ongoing_and_decided(tmp_path: Path) -> None:
    for status, expected in (("ongoing", [("D003", 7)]), ("decided", [("D003", 7)]), ("cancelled", [])):
        text = HEAD + f"status: {status}\nend: 2024-04-30\n"
        assert _codes(tmp_path, {"plan/initiatives/INI-003.yaml": text}) == expected


def test_self_parent_is_a_cycle(tmp_path: Path) -> None:
    files = {"plan/owners/skr.yaml": "id: skr\nname: SKR\nkind: association\nparent: skr\n"}
    assert _codes(tmp_path, files) == [("X006", 4)]


def test_owner_named_only_by_itself_is_unreferenced(tmp_path: Path) -> None:
    files = {"plan/owners/ensam.yaml": "id: ensam\nname: Ensam\nkind: agency\nparent: ensam\n"}
    assert _codes(tmp_path, files) == [("C003", 1), ("X006", 4)]


def test_emails(tmp_path: Path) -> None:
    def owner(email: str) -> dict[str, str]:
        return {"plan/owners/skr.yaml": f"id: skr\nname: SKR\nkind: association\nemail: '{email}'\n"}
    assert _codes(tmp_path, owner("info@skr.se")) == []
    assert _codes(tmp_path, owner("info at skr.se")) == [("T010", 4)]
    assert _codes(tmp_path, owner("info@skr")) == [("T010", 4)]

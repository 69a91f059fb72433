"""Round-trip house style: an untouched plan file comes back byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO
from planctl import rtyaml

BUNDLED = sorted((REPO / "plan").rglob("*.yaml"))


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_bundled_files_round_trip_byte_identical(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert rtyaml.dump(rtyaml.load(text)) == text


def test_comments_quotes_and_blank_lines_survive_an_edit() -> None:
    text = "# head\nid: INI-001  # id\ntitle: 'Quoted'\n\nstatus: ongoing # now\ngoals:\n  - FO1.1  # main\n"
    data = rtyaml.load(text)
    data["status"] = "completed"
    assert rtyaml.dump(data) == text.replace("ongoing # now", "completed # now")


def test_lint_fix_round_trip_never_rewraps_a_long_line() -> None:
    """`lint --fix` still loads and dumps: a 170-character line must stay one line."""
    long = "ord " * 44 + "slut"
    text = (f"id: INI-001\ndescription: {long}\ntitle: '{long}'\ncomment: >-\n  {long} och\n  kort\n")
    assert len(long) >= 170
    assert rtyaml.dump(rtyaml.load(text)) == text

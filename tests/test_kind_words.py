"""KIND in Swedish: `planctl list insatser`, `add insats`, `export csv -k aktörer` mean what their
English names mean (`spec.kind_named` is the one place that knows the words)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import invoke, run_planctl
from planctl import spec


@pytest.mark.parametrize(("typed", "kind"), [
    ("initiatives", "initiative"), ("Initiative", "initiative"), ("insats", "initiative"),
    ("Insatser", "initiative"), ("mål", "goal"), ("MÅL", "goal"), ("mal", "goal"), ("delmål", "goal"),
    ("aktörer", "owner"), ("Ägare", "owner"), ("agare", "owner"), ("evenemang", "event"),
    ("händelser", "event"), ("behov", "need"), (" needs ", "need"),
    ("Aktörer", "owner"),  # NFD, as a macOS terminal may send it
])
def test_kind_named_takes_english_and_swedish_words(typed: str, kind: str) -> None:
    import unicodedata

    found = spec.kind_named(unicodedata.normalize("NFD", typed) if typed == "Aktörer" else typed)
    assert found is not None and found.name == kind


@pytest.mark.parametrize("typed", ["", "things", "insatse", "INI", "plan"])
def test_other_words_name_no_kind(typed: str) -> None:
    assert spec.kind_named(typed) is None


def test_list_in_swedish_is_the_same_table(plan_repo: Path) -> None:
    english = invoke("list", "owners", cwd=plan_repo)
    swedish = invoke("list", "aktörer", cwd=plan_repo)
    assert english.exit_code == swedish.exit_code == 0
    assert swedish.stdout == english.stdout and "skolverket" in swedish.stdout


def test_export_csv_kind_in_swedish_gives_the_same_bytes(plan_repo: Path) -> None:
    a = run_planctl("export", "csv", "-k", "goals", "-o", "-", cwd=plan_repo)
    b = run_planctl("export", "csv", "-k", "Mål", "-o", "-", cwd=plan_repo)
    assert a.exit_code == b.exit_code == 0
    assert b.stdout == a.stdout and "FO1.1" in b.stdout


def test_add_insats_writes_an_initiative(plan_repo: Path) -> None:
    before = sorted(p.name for p in (plan_repo / "plan/initiatives").iterdir())
    result = run_planctl("add", "insats", "--title", "Ny insats för lärarna", "--goal", "FO1.1",
                         "--owner", "skr", "--status", "proposed", cwd=plan_repo)
    assert result.exit_code == 0, result.stderr
    new = sorted({p.name for p in (plan_repo / "plan/initiatives").iterdir()} - set(before))
    assert len(new) == 1
    text = (plan_repo / "plan/initiatives" / new[0]).read_text(encoding="utf-8")
    assert "title: Ny insats för lärarna\n" in text and "status: proposed\n" in text


def test_an_unknown_kind_is_a_one_line_usage_error(plan_repo: Path) -> None:
    result = run_planctl("add", "insatse", cwd=plan_repo)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == ("planctl: error: invalid value for 'KIND': 'insatse' is not one of "
                                             "'goal', 'initiative', 'owner', 'event', 'need'")
    swedish = run_planctl("--lang", "sv", "export", "csv", "-k", "saker", "-o", "-", cwd=plan_repo)
    assert swedish.exit_code == 2
    assert swedish.stderr.startswith("planctl: fel: ogiltigt värde för '--kind' / '-k': 'saker' ")
    assert "Traceback" not in result.stderr + swedish.stderr

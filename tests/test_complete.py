"""Shell completion through the real mechanism: the variables typer's completion scripts set
(`_PLANCTL_COMPLETE=complete_bash` with COMP_WORDS/COMP_CWORD; zsh and fish pass
_TYPER_COMPLETE_ARGS), against the installed planctl and in-process."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import PLANCTL, SMALL_PLAN, invoke, run_planctl, write_plan
from planctl.cli._complete import milestone_titles

MILESTONES = textwrap.dedent(SMALL_PLAN["plan/initiatives/INI-002.yaml"]) + textwrap.dedent("""\
        milestones:
          - title: Förstudie
            done: true
          # nästa
          - title: Slutrapport
            due: 2026-03-01
        """)
PLAN = {**SMALL_PLAN, "plan/initiatives/INI-002.yaml": MILESTONES}
ALL_IDS = ["FO1", "FO1.1", "FO1.2", "FO2", "FO2.1", "INI-001", "INI-002", "regeringen", "skolverket", "skr"]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return write_plan(tmp_path / "repo", PLAN)


def bash(line: str) -> dict[str, str]:
    """What bash's completion function passes for `line` (the cursor at its end): the words as
    bash splits them (`=` breaks a word, as in its COMP_WORDBREAKS) and the current word's index."""
    words = line.replace("=", " = ").split()
    cword = len(words) if line.endswith(" ") else len(words) - 1
    if line.endswith("="):
        cword = len(words) - 1  # the cursor is on the "=" word
    return {"_PLANCTL_COMPLETE": "complete_bash", "COMP_WORDS": " ".join(words), "COMP_CWORD": str(cword)}


def complete(line: str, cwd: Path, *, installed: bool = False, env: dict[str, str] | None = None) -> list[str]:
    variables = {**bash(line), **(env or {})}
    result = run_planctl(cwd=cwd, env=variables) if installed else invoke(cwd=cwd, env=variables)
    assert result.exit_code == 0 and result.stderr == "", result.stderr
    return result.stdout.strip("\n").splitlines()  # one empty line for no completion


CASES = [
    ("planctl show ", ALL_IDS),
    ("planctl show INI-", ["INI-001", "INI-002"]),
    ("planctl refs sk", ["skolverket", "skr"]),
    ("planctl rm FO1.", ["FO1.1", "FO1.2"]),
    ("planctl mv reg", ["regeringen"]),
    ("planctl mv INI-001 ", []),  # NEW: a new id is the user's to choose
    ("planctl set FO", ["FO1", "FO1.1", "FO1.2", "FO2", "FO2.1"]),
    ("planctl set INI-001 sta", ["status=", "start="]),
    ("planctl set INI-001 go", ["goals=", "goals+=", "goals-="]),
    ("planctl set INI-001 ho", [f"horizon={v}" for v in ("short", "medium", "long")]),
    ("planctl set INI-001 status=", ["proposed", "in-preparation", "decided", "ongoing", "completed", "cancelled"]),
    ("planctl set INI-001 status=on", ["ongoing"]),
    ("planctl set INI-001 title=Ny status=c", ["completed", "cancelled"]),
    ("planctl set INI-001 goals+=FO", ["FO1.1", "FO1.2", "FO2.1"]),  # sub-goals only (X003)
    ("planctl set INI-001 goals=FO1.1,FO", ["FO1.1,FO1.2", "FO1.1,FO2.1"]),
    ("planctl set INI-001 owner=sk", ["skolverket", "skr"]),
    ("planctl set INI-001 title=", []),
    ("planctl set FO1.1 parent=", ["FO1", "FO2"]),  # a sub-goal's parent is a focus area
    ("planctl set skr ", ["name=", "kind=", "parent=", "url=", "email="]),
    ("planctl set skr kind=sch", ["school-organiser"]),
    ("planctl list ", ["goals", "initiatives", "owners", "events", "needs"]),
    ("planctl add ", ["goal", "initiative", "owner", "event", "need"]),
    ("planctl milestone done ", ["INI-001", "INI-002"]),
    ("planctl milestone rm INI-002 ", ["1", "2", "Förstudie", "Slutrapport"]),
    ("planctl milestone done INI-001 ", []),
    ("planctl milestone add INI-00", ["INI-001", "INI-002"]),
]


@pytest.mark.parametrize("line, expected", CASES, ids=[c[0] for c in CASES])
def test_bash_in_process(repo: Path, line: str, expected: list[str]) -> None:
    assert complete(line, repo) == expected


@pytest.mark.parametrize("line, expected", [CASES[1], CASES[11], CASES[14], CASES[23]],
                         ids=lambda c: str(c) if isinstance(c, str) else "")
def test_bash_installed(repo: Path, line: str, expected: list[str]) -> None:
    assert complete(line, repo, installed=True) == expected


def zsh(line: str, cwd: Path) -> str:
    result = run_planctl(cwd=cwd, env={"_PLANCTL_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line})
    assert result.exit_code == 0 and result.stderr == "", result.stderr
    return result.stdout


def test_zsh_gets_field_and_value_in_one_word(repo: Path) -> None:
    """zsh does not split at `=`: the whole `status=ongoing` is the completion."""
    assert zsh("planctl set INI-001 status=on", repo) == "_arguments '*: :((\"status=ongoing\"))'\n"
    assert zsh("planctl set INI-001 goals=FO1.1,FO2", repo) == "_arguments '*: :((\"goals=FO1.1,FO2.1\"))'\n"
    assert zsh("planctl show INI-00", repo) == "_arguments '*: :((\"INI-001\"\n\"INI-002\"))'\n"


def test_fish(repo: Path) -> None:
    result = run_planctl(cwd=repo, env={"_PLANCTL_COMPLETE": "complete_fish", "_TYPER_COMPLETE_FISH_ACTION": "get-args",
                                        "_TYPER_COMPLETE_ARGS": "planctl set skolverket kind=a"})
    assert result.stdout.splitlines() == ["kind=agency", "kind=association"]


def test_root_option_and_outside_any_plan(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    assert complete(f"planctl --root {repo} show INI-", outside) == ["INI-001", "INI-002"]
    assert complete(f"planctl show --root {repo} INI-", outside) == ["INI-001", "INI-002"]  # after the command
    assert complete(f"planctl milestone rm --root {repo} INI-002 ", outside) == ["1", "2", "Förstudie", "Slutrapport"]
    assert complete("planctl show INI-", outside) == []  # no plan here: nothing, and no error


def test_ids_come_from_file_names_in_subfolders_not_hidden_ones(repo: Path) -> None:
    (repo / "plan/owners/arkiv").mkdir()
    (repo / "plan/owners/arkiv/sveriges-radio.yml").write_text("id: sveriges-radio\n", encoding="utf-8")
    (repo / "plan/owners/.skolverket-kopia.yaml").write_text("id: x\n", encoding="utf-8")
    (repo / "plan/owners/.git").mkdir()
    (repo / "plan/owners/.git/smyg.yaml").write_text("id: smyg\n", encoding="utf-8")
    (repo / "plan/owners/anteckning.txt").write_text("x\n", encoding="utf-8")
    assert complete("planctl show s", repo) == ["skolverket", "skr", "sveriges-radio"]


def test_only_the_command_being_completed_is_built_and_nothing_heavy_is_imported(repo: Path) -> None:
    """Building all 25 commands is a third of a Tab press; completing `show`'s id needs only `show`."""
    probe = ("import sys\nfrom planctl.cli import main\nfrom planctl.cli.app import app\ntry:\n    main([])\n"
             "except SystemExit:\n    pass\n"
             "names = sorted(c.name or c.callback.__name__ for c in app.registered_commands)\n"
             "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'ruamel', 'jsonschema', 'git', 'rich'})\n"
             "sys.stderr.write(f'COMMANDS={names} HEAVY={heavy}\\n')\n")
    env = {**bash("planctl show INI-"), "PATH": ""}
    proc = subprocess.run([sys.executable, "-c", probe], cwd=repo, env=env, capture_output=True, text=True)
    assert proc.stdout.splitlines() == ["INI-001", "INI-002"]
    assert "COMMANDS=['show'] HEAVY=[]\n" in proc.stderr, proc.stderr
    env = {**bash("planctl milestone rm INI-002 "), "PATH": ""}
    proc = subprocess.run([sys.executable, "-c", probe], cwd=repo, env=env, capture_output=True, text=True)
    assert proc.stdout.strip("\n").splitlines() == ["1", "2", "Förstudie", "Slutrapport"]
    assert "HEAVY=[]\n" in proc.stderr, proc.stderr


def test_a_command_name_still_completes_among_all(repo: Path) -> None:
    assert complete("planctl mi", repo, installed=True) == ["milestone"]
    assert complete("planctl milestone d", repo) == ["done"]


def test_install_completion_is_offered() -> None:
    result = subprocess.run([str(PLANCTL), "--help"], capture_output=True, text=True, env={"COLUMNS": "100"})
    assert "--install-completion" in result.stdout and "--show-completion" in result.stdout


@pytest.mark.parametrize("text, titles", [
    ("id: INI-002\nmilestones:\n  - title: A\n    due: 2020-01-01\n  # c\n  - due: 2021-01-01\n    title: B  # sist\n"
     "tags: [a]\n", ["A", "B"]),
    ("milestones:\n- title: A\n-   title: 'B c'\n-\n  title: \"D\"\n", ["A", "B c", "D"]),
    ("milestones:  # delleveranser\n  - title: A\n    extra:\n      - title: inte\n", ["A"]),
    ("milestones:\n  - title: >-\n      lång\n  - title: \"a\\tb\"\n  - done: true\n", ["", "", ""]),
    ("milestones: [{title: Slutrapport, due: 2026-03-01}]\n", [""]),
    ("milestones: [{title: A}, {title: 'B, c]'},]\n", ["", ""]),
    ("milestones: [\n  {title: A},\n  {title: B}\n]\n", ["", ""]),
    ("milestones: []\n", []),
    ("title: Inga\n", []),
])
def test_milestone_titles(text: str, titles: list[str]) -> None:
    assert milestone_titles(text) == titles


def test_milestone_titles_for_zsh_and_fish_too(repo: Path) -> None:
    """zsh and fish escape a title with blanks when they insert it; bash would not, so bash gets
    only the titles that are one word as they stand."""
    (repo / "plan/initiatives/INI-002.yaml").write_text(
        textwrap.dedent(SMALL_PLAN["plan/initiatives/INI-002.yaml"])
        + "milestones:\n  - title: Första rapporten\n  - title: Slutrapport\n  - title: '2024'\n",
        encoding="utf-8")
    assert complete("planctl milestone done INI-002 ", repo) == ["1", "2", "3", "Slutrapport"]
    assert zsh("planctl milestone done INI-002 F", repo) == "_arguments '*: :((\"Första rapporten\"))'\n"

"""Interactive `add`: every answer checked as it is given, the entity shown before it is written.

The conversations run the installed `planctl` on a real pseudo-terminal (`pty.fork`: the
child gets it as its controlling terminal, so Ctrl-C is a real SIGINT from the line
discipline). Every read has a deadline: a question that never comes fails the test with
what was on the screen, it never hangs it. The reasons for each refusal are tested on the
core (`planctl.edit.answers`) and in-process, where they are cheap.
"""

from __future__ import annotations

import io
import os
import re
import select
import sys
import time
from pathlib import Path

import pytest

from conftest import PLANCTL, SMALL_PLAN, invoke, write_plan
from gitplan import ISOLATED

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "win32", reason="needs a pseudo-terminal")

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]")
DEADLINE = 30.0
"""Seconds one question may take to appear on a loaded 2-core machine."""


class Terminal:
    """`planctl ARGS` on a pseudo-terminal, read with a deadline and answered line by line."""

    def __init__(self, *args: str, cwd: Path) -> None:
        import pty

        env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "GITHUB_ACTIONS")}
        env.update(ISOLATED, NO_COLOR="1", TERM="dumb", COLUMNS="100")
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: planctl, with the terminal as stdin, stdout and stderr
            try:
                os.chdir(cwd)
                os.execve(str(PLANCTL), [str(PLANCTL), *args], env)
            finally:
                os._exit(127)
        self.screen = ""
        self.read_to = 0
        self.code: int | None = None

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            return False
        if not chunk:
            return False
        self.screen += ANSI.sub("", chunk.decode("utf-8", errors="replace")).replace("\r\n", "\n")
        return True

    def expect(self, text: str) -> str:
        """Wait for `text` after what was read before; the screen from there up to and with it."""
        deadline = time.monotonic() + DEADLINE
        while text not in self.screen[self.read_to:]:
            left = deadline - time.monotonic()
            if left <= 0 or not self._read(min(left, 0.5)):
                if text in self.screen[self.read_to:]:
                    break
                raise AssertionError(f"{text!r} did not appear; the screen after the last answer:\n"
                                     f"{self.screen[self.read_to:]}")
        end = self.screen.index(text, self.read_to) + len(text)
        seen, self.read_to = self.screen[self.read_to:end], end
        return seen

    def answer(self, prompt: str, line: str) -> str:
        """Wait for `prompt`, then type `line` and Enter; what was shown before the prompt."""
        seen = self.expect(prompt)
        time.sleep(0.05)  # let it reach input(): typed-ahead text would be echoed before the prompt
        os.write(self.fd, line.encode() + b"\r")
        return seen

    def key(self, prompt: str, byte: bytes) -> None:
        self.expect(prompt)
        time.sleep(0.3)  # waiting at the question, as a person is
        os.write(self.fd, byte)

    def wait(self) -> int:
        """The exit code, reading what is left on the screen meanwhile."""
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                while self._read(0.1) and select.select([self.fd], [], [], 0)[0]:
                    pass
                self.code = os.waitstatus_to_exitcode(status)
                return self.code
            self._read(0.2)
        raise AssertionError(f"planctl did not end; the screen:\n{self.screen}")

    def close(self) -> None:
        if self.code is None:
            try:
                os.kill(self.pid, 9)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        os.close(self.fd)


@pytest.fixture
def terminal():
    opened: list[Terminal] = []

    def start(*args: str, cwd: Path) -> Terminal:
        opened.append(Terminal(*args, cwd=cwd))
        return opened[-1]

    yield start
    for t in opened:
        t.close()


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the repository but the parse cache (which a read may write)."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".planctl_cache" not in p.parts}


# -- on a real terminal ---------------------------------------------------------------------------


def test_a_focus_area_given_as_a_goal_is_asked_again_then_the_file_is_previewed_and_written(
        plan_repo: Path, terminal) -> None:
    t = terminal("add", "initiative", cwd=plan_repo)
    t.answer("Title: ", "Fortbildning i digitala verktyg")
    t.answer("Description: ", "Lärare erbjuds fortbildning i att välja och använda digitala verktyg.")
    shown = t.answer("Goals: ", "FO1")
    # only the sub-goals are offered, numbered
    assert "  1  FO1.1  Elevernas digitala kompetens\n  2  FO1.2  Strategisk ledning av digitaliseringen\n" \
           "  3  FO2.1  Tillgång till digitala verktyg\n" in shown
    assert "FO1 " not in shown.replace("FO1 is", "")
    again = t.answer("Goals: ", "FO1.2")
    assert "  FO1 is a focus area; goals names sub-goals: name one of its sub-goals (FO1.1, FO1.2)\n" in again
    t.answer("Needs: ", "")
    owners = t.answer("Owner: ", "skr")
    assert ("  1  regeringen  Regeringen\n  2  skolverket  Skolverket\n"
            "  3  skr         Sveriges Kommuner och Regioner\n") in owners
    t.answer("Decided by: ", "")
    t.answer("Participants: ", "")
    statuses = t.answer("Status: ", "ongoing")
    assert "  2  in-preparation  In preparation\n  3  decided\n  4  ongoing\n" in statuses  # English labels
    t.answer("Horizon: ", "")
    t.answer("Start: ", "2026-01-15")
    t.answer("End: ", "")
    t.answer("Link 1: ", "")
    t.answer("Tag 1: ", "")
    preview = t.answer("Comment: ", "")
    preview = t.answer("Write plan/initiatives/INI-003.yaml? [Y/n, or a field to change]: ", "y")
    assert "plan/initiatives/INI-003.yaml will hold:\n    id: INI-003\n    title: Fortbildning i digitala verktyg\n" \
           in preview
    t.expect("added INI-003 (plan/initiatives/INI-003.yaml)\n")
    assert t.wait() == 0, t.screen
    assert (plan_repo / "plan/initiatives/INI-003.yaml").read_bytes() == (
        b"id: INI-003\n"
        b"title: Fortbildning i digitala verktyg\n"
        b"description: L\xc3\xa4rare erbjuds fortbildning i att v\xc3\xa4lja och anv\xc3\xa4nda digitala verktyg.\n"
        b"goals:\n"
        b"  - FO1.2\n"
        b"owner: skr\n"
        b"status: ongoing\n"
        b"start: 2026-01-15\n")


def test_an_id_that_exists_is_refused_with_the_reason_and_asked_again(plan_repo: Path, terminal) -> None:
    t = terminal("add", "owner", cwd=plan_repo)
    t.answer("Id: ", "skr")
    again = t.answer("Id: ", "inera")
    assert "  skr exists already (plan/owners/skr.yaml)\n" in again
    t.answer("Name: ", "Inera")
    t.answer("Kind: ", "company")
    t.answer("Part of: ", "")
    t.answer("Website: ", "")
    t.answer("Email: ", "")
    preview = t.answer("Write plan/owners/inera.yaml? [Y/n, or a field to change]: ", "")
    assert "plan/owners/inera.yaml will hold:\n    id: inera\n    name: Inera\n    kind: company\n" in preview
    # what the new file causes is said before it is written: nothing refers to the owner yet
    assert "plan/owners/inera.yaml:1:5: C003 [warning] nothing refers to owner 'inera'\n" in preview
    t.expect("added inera (plan/owners/inera.yaml)\n")
    assert t.wait() == 0, t.screen
    assert (plan_repo / "plan/owners/inera.yaml").read_bytes() == b"id: inera\nname: Inera\nkind: company\n"


def test_ctrl_c_at_a_question_writes_nothing_and_exits_130(plan_repo: Path, terminal) -> None:
    before = snapshot(plan_repo)
    t = terminal("add", "initiative", cwd=plan_repo)
    t.answer("Title: ", "Ny insats")
    t.answer("Description: ", "")
    t.key("Goals: ", b"\x03")  # Ctrl-C: the terminal sends SIGINT
    assert t.wait() == 130, t.screen
    assert t.screen.rstrip().endswith("planctl: interrupted")
    assert "Aborted" not in t.screen and "Traceback" not in t.screen
    assert snapshot(plan_repo) == before


def test_ctrl_c_at_the_confirmation_writes_nothing(plan_repo: Path, terminal) -> None:
    before = snapshot(plan_repo)
    t = terminal("add", "goal", "--parent", "FO2", "--title", "Nytt delmål", "--description", "Vad det innebär.",
                 "--id", "FO2.2", cwd=plan_repo)
    assert t.wait() == 0  # everything given: nothing is asked, as in a script
    assert (plan_repo / "plan/goals/FO2.2.yaml").is_file()
    (plan_repo / "plan/goals/FO2.2.yaml").unlink()
    t = terminal("add", "goal", "--parent", "FO2", cwd=plan_repo)
    t.answer("Title: ", "Nytt delmål")  # only the required field that is missing is asked
    t.key("Write plan/goals/FO2.2.yaml? [Y/n, or a field to change]: ", b"\x03")
    assert t.wait() == 130, t.screen
    assert t.screen.rstrip().endswith("planctl: interrupted")
    assert snapshot(plan_repo) == before


def test_ctrl_d_at_a_question_writes_nothing_and_exits_2(plan_repo: Path, terminal) -> None:
    before = snapshot(plan_repo)
    t = terminal("add", "owner", cwd=plan_repo)
    t.key("Id: ", b"\x04")  # Ctrl-D: the input ends
    assert t.wait() == 2, t.screen
    assert t.screen.rstrip().endswith("planctl: error: the input ended before the question was answered")
    assert snapshot(plan_repo) == before


def test_declining_writes_nothing_and_a_field_can_be_changed_first(plan_repo: Path, terminal) -> None:
    before = snapshot(plan_repo)
    t = terminal("add", "goal", "--title", "Nytt fokusområde", "--description", "Vad det innebär.",
                 "--indicator", "Andel", "--parent", "FO1", "--id", "FO1.9", cwd=plan_repo)
    assert t.wait() == 0  # nothing asked: all given
    (plan_repo / "plan/goals/FO1.9.yaml").unlink()
    t = terminal("add", "goal", cwd=plan_repo)
    shown = t.answer("Focus area: ", "2")
    assert "  1  FO1  Digital kompetens för alla\n  2  FO2  Likvärdig tillgång och användning\n" in shown
    t.answer("Id [FO2.2]: ", "")
    t.answer("Title: ", "Ny")
    t.answer("Description: ", "")
    t.answer("Indicator 1: ", "")
    t.answer("Write plan/goals/FO2.2.yaml? [Y/n, or a field to change]: ", "parent")
    t.answer("Focus area: ", "FO1")
    t.answer("Id [FO1.3]: ", "")  # the id follows the new parent
    t.answer("Write plan/goals/FO1.3.yaml? [Y/n, or a field to change]: ", "n")
    t.expect("nothing written\n")
    assert t.wait() == 0, t.screen
    assert snapshot(plan_repo) == before


# -- each reason, on the core ---------------------------------------------------------------------


@pytest.fixture
def interview(plan_repo: Path):
    from planctl.config import load_config
    from planctl.edit.answers import Interview
    from planctl.loader import load_plan

    def start(kind: str, **fields: object) -> Interview:
        cfg = load_config(plan_repo)
        return Interview(cfg, load_plan(cfg), kind, dict(fields))

    return start


@pytest.mark.parametrize(("kind", "fields", "name", "text", "reason"), [
    ("owner", {}, "id", "Inera", "'Inera' is not an owner id; did you mean 'inera'? "
                                 "(it must match [a-z][a-z0-9]*(-[a-z0-9]+)*, like regeringen, skolverket)"),
    ("owner", {}, "id", "yes", "'yes' is a word YAML reads as true, false or null: it cannot be an id"),
    ("owner", {}, "id", "a/b", "an id cannot hold '/' or '\\' or start with '.': it names a file in the plan's folder"),
    ("owner", {}, "id", "skr", "skr exists already (plan/owners/skr.yaml)"),
    ("goal", {"parent": "FO1"}, "id", "FO1.2",
     "FO1.2 exists already (plan/goals/FO1.2.yaml); the next free id under FO1 is FO1.3"),
    ("goal", {"parent": "FO2"}, "id", "FO1.3",
     "FO1.3 cannot be a sub-goal of FO2: a sub-goal's id starts with its focus area's (FO1); "
     "the next free id under FO2 is FO2.2"),
    ("goal", {}, "id", "FO1.3", "FO1.3 is a sub-goal's id, but no focus area was given; as a new focus area it "
                                "would be FO3"),
    ("goal", {}, "parent", "FO1.1", "FO1.1 is a sub-goal; parent names a focus area (did you mean FO1?)"),
    ("goal", {}, "parent", "FO9", "no goal has the id 'FO9'"),
    ("initiative", {}, "start", "2026/01/15", "'2026/01/15' is not a date: write it YYYY-MM-DD, e.g. 2026-08-31"),
    ("initiative", {}, "start", "2026-02-30", "'2026-02-30' is not a date: write it YYYY-MM-DD, e.g. 2026-08-31"),
    ("initiative", {"start": "2026-01-15"}, "end", "2025-12-31", "end 2025-12-31 is before start 2026-01-15"),
    ("initiative", {}, "owner", "nobody", "no owner has the id 'nobody'"),
    ("initiative", {}, "owner", "skolverkt", "no owner has the id 'skolverkt'; did you mean 'skolverket'?"),
    ("initiative", {}, "owner", "FO1.1", "FO1.1 is a goal; owner names owners"),
    ("initiative", {}, "owner", "s", "'s' could be skolverket, skr: type more of it"),
    ("initiative", {}, "goals", "FO1", "FO1 is a focus area; goals names sub-goals: name one of its sub-goals "
                                       "(FO1.1, FO1.2)"),
    ("initiative", {}, "goals", "FO1.1, FO2.1, FO1.1", "FO1.1 is given twice; goals holds each once"),
    ("initiative", {}, "goals", "FO1.9", "no goal has the id 'FO1.9'; FO1's sub-goals are FO1.1 and FO1.2"),
    ("initiative", {}, "goals", "FO9.9", "no goal has the id 'FO9.9'"),
    ("initiative", {}, "goals", "", "goals is required"),
    ("initiative", {"owner": "skr"}, "participants", "skolverket, skr",
     "skr is the owner already; participants lists the others taking part"),
    ("initiative", {}, "status", "done", "'done' is not a status (one of: proposed, in-preparation, decided, "
                                         "ongoing, completed, cancelled)"),
    ("initiative", {}, "title", "   ", "title is required"),
])
def test_each_answer_is_refused_with_its_reason(interview, kind, fields, name, text, reason) -> None:
    from planctl.edit.answers import Invalid

    with pytest.raises(Invalid) as exc:
        interview(kind, **fields).check(name, text)
    assert str(exc.value) == reason


@pytest.mark.parametrize(("kind", "fields", "name", "text", "value"), [
    ("initiative", {}, "goals", "1, 3", ["FO1.1", "FO2.1"]),  # numbers of the choices offered
    ("initiative", {}, "goals", "fo1.2", ["FO1.2"]),  # any case: the start of one id
    ("initiative", {}, "owner", "skolv", "skolverket"),  # the start of an id
    ("initiative", {}, "owner", "Sveriges kommuner och regioner", "skr"),  # its name
    ("initiative", {}, "status", "pågående", "ongoing"),  # the label of the plan's language
    ("initiative", {}, "status", "4", "ongoing"),
    ("initiative", {}, "status", "ong", "ongoing"),
    ("initiative", {}, "horizon", "", None),  # optional: left empty
    ("goal", {"parent": "FO2"}, "id", "", "FO2.2"),  # the default: the next free id
])
def test_an_answer_may_be_a_number_a_prefix_a_name_or_a_label(interview, kind, fields, name, text, value) -> None:
    assert interview(kind, **fields).check(name, text) == value


def test_only_what_the_field_may_hold_is_offered(interview) -> None:
    ini = interview("initiative", owner="skr")
    assert [c.value for c in ini.question("goals").choices] == ["FO1.1", "FO1.2", "FO2.1"]
    assert [c.value for c in ini.question("owner").choices] == ["regeringen", "skolverket", "skr"]
    assert [c.value for c in ini.question("participants").choices] == ["regeringen", "skolverket"]  # not the owner
    assert [(c.value, c.label) for c in ini.question("status").choices][:2] == [("proposed", ""),
                                                                              ("in-preparation", "In preparation")]
    from planctl import i18n

    i18n.configure("sv")  # the labels of the language the questions are asked in
    assert [(c.value, c.label) for c in ini.question("status").choices][:2] == [("proposed", "Föreslagen"),
                                                                              ("in-preparation", "Under beredning")]
    assert [c.value for c in interview("goal").question("parent").choices] == ["FO1", "FO2"]
    assert [c.value for c in interview("owner", id="skr").question("parent").choices] == ["regeringen", "skolverket"]


def test_the_questions_follow_the_spec(interview) -> None:
    from planctl import spec
    from planctl.edit.answers import asked_fields

    # every field a command line can give, in the file's order; a goal's id after its parent; no serial id
    assert [f.name for f in asked_fields("initiative")] == [
        f.name for f in spec.INITIATIVE.fields if f.name not in ("id", "milestones")]
    assert [f.name for f in asked_fields("goal")] == ["parent", "id", "title", "description", "indicators"]
    assert [f.name for f in asked_fields("owner")] == [f.name for f in spec.OWNER.fields]
    assert interview("initiative").to_ask(everything=False) == ["title", "goals", "owner", "status"]
    assert interview("goal", parent="FO1").to_ask(everything=False) == ["title"]


# -- in-process conversations ---------------------------------------------------------------------


def converse(monkeypatch: pytest.MonkeyPatch, root: Path, answers: list[str], *args: str):
    """`planctl add ARGS` as if on a terminal, the answers read from stdin."""
    from planctl.cli import add as add_module

    monkeypatch.setattr(add_module, "interactive", lambda: True)
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(a + "\n" for a in answers)))
    return invoke("add", *args, cwd=root)


def test_a_given_field_the_checks_refuse_is_asked_again(plan_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = converse(monkeypatch, plan_repo, ["Ny insats", "skr", "proposed", "FO2.1", "y"],
                      "initiative", "--goal", "FO2")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "  goals: 'FO2' is a focus area; initiatives serve sub-goals (name one of its sub-goals: FO2.1)\n" \
        in result.stdout
    assert result.stdout.endswith("added INI-003 (plan/initiatives/INI-003.yaml)\n")
    assert (plan_repo / "plan/initiatives/INI-003.yaml").read_text(encoding="utf-8") == (
        "id: INI-003\ntitle: Ny insats\ngoals:\n  - FO2.1\nowner: skr\nstatus: proposed\n")


def test_dry_run_shows_the_entity_and_asks_nothing_more(plan_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(plan_repo)
    result = converse(monkeypatch, plan_repo, ["Inera", "company"], "owner", "--id", "inera", "--dry-run",
                      "--name", "Inera")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "plan/owners/inera.yaml will hold:\n    id: inera\n    name: Inera\n    kind: company\n" in result.stdout
    assert result.stdout.endswith("would have added inera; nothing written (--dry-run)\n"
                                  "  write  plan/owners/inera.yaml\n")
    assert snapshot(plan_repo) == before


def test_without_a_terminal_nothing_is_asked(tmp_path: Path) -> None:
    root = write_plan(tmp_path / "repo", SMALL_PLAN)
    result = invoke("add", "initiative", cwd=root)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("planctl: error: missing --title, --goal, --owner, --status (required for an "
                             "initiative; there is no terminal to ask on)\n")


def test_an_edit_that_cannot_be_made_is_refused_before_the_questions(plan_repo: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    result = converse(monkeypatch, plan_repo, ["Ny insats"], "initiative", "-m", "feat: x")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "planctl: error: -m/--message needs --commit\n"
    result = converse(monkeypatch, plan_repo, ["Ny insats"], "initiative", "--commit")  # not a git repository
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("planctl: error: ") and len(result.stderr.splitlines()) == 1

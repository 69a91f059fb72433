"""One option name per idea, global options on either side of the command, -q and --color.

The old spellings (`--output`, `init --language`) keep working but are not shown; `-n` is
`--dry-run` wherever there is one; `lint` takes check's report options; a global option given
after the command is parsed by the command's own parser (so `-m --debug` is a message) and sets
the same state as before it, for any option of the app callback.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
import typer

from conftest import SMALL_PLAN, invoke, run_planctl, write_plan
from gitplan import env, git, isolate, plan_git_repo

ANSI = "\x1b["

# A plan with one warning (D001: completed without an end date) and nothing else.
WARNED = {**SMALL_PLAN, "plan/initiatives/INI-003.yaml": """\
    id: INI-003
    title: Avslutad insats
    description: En insats som är klar men saknar slutdatum.
    goals:
      - FO1.1
    owner: skr
    status: completed
    """}
# And one with an error too (X001: a goal that does not exist).
BROKEN = {**WARNED, "plan/initiatives/INI-004.yaml": """\
    id: INI-004
    title: Trasig insats
    description: En insats med ett mål som inte finns.
    goals:
      - FO9.9
    owner: skr
    status: proposed
    """}


def all_commands() -> list[list[str]]:
    """Every command path, groups included: [[], ['add'], ..., ['export', 'csv'], ...]."""
    from typer.main import get_command

    from planctl.cli import _register_commands
    from planctl.cli.app import app

    _register_commands()

    def walk(command: object, path: list[str]) -> list[list[str]]:
        found = [path]
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            found += walk(sub, [*path, name])
        return found

    return walk(get_command(app), [])


COMMANDS = all_commands()


# --- one name per idea, old spellings hidden ------------------------------------------------------


@pytest.mark.parametrize("spelling", ["--output-file", "--output", "-o"])
def test_check_writes_the_report_with_the_name_or_its_old_spelling(plan_repo: Path, spelling: str) -> None:
    write_plan(plan_repo, BROKEN)
    printed = invoke("check", "--format", "concise", cwd=plan_repo)
    result = invoke("check", "--format", "concise", spelling, "report.txt", cwd=plan_repo)
    assert (result.exit_code, result.stdout) == (1, "")
    assert (plan_repo / "report.txt").read_text(encoding="utf-8") == printed.stdout
    assert "plan/initiatives/INI-004.yaml:5:5: X001" in printed.stdout


@pytest.mark.parametrize("args", [["export", "csv"], ["export", "json"], ["export", "markdown"], ["report"],
                                  ["validate"], ["lint"]])
def test_output_file_is_the_name_everywhere_and_output_still_works(plan_repo: Path, args: list[str]) -> None:
    new = invoke(*args, "--output-file", "new.out", cwd=plan_repo)
    old = invoke(*args, "--output=old.out", cwd=plan_repo)
    assert new.exit_code == old.exit_code == 0, (new, old)
    assert (plan_repo / "new.out").read_bytes() == (plan_repo / "old.out").read_bytes() != b""


def test_export_html_writes_to_output_dir_and_output_still_works(plan_repo: Path) -> None:
    assert invoke("export", "html", "--output-dir", "new", cwd=plan_repo).exit_code == 0
    assert invoke("export", "html", "--output", "old", cwd=plan_repo).exit_code == 0
    assert invoke("export", "html", "-o", "short", cwd=plan_repo).exit_code == 0
    pages = sorted(p.relative_to(plan_repo / "new").as_posix() for p in (plan_repo / "new").rglob("*.html"))
    assert "index.html" in pages
    for other in ("old", "short"):
        assert sorted(p.relative_to(plan_repo / other).as_posix() for p in (plan_repo / other).rglob("*.html")) == pages


@pytest.mark.parametrize("spelling", ["--lang", "--language"])
def test_init_takes_lang_and_its_old_spelling(tmp_path: Path, spelling: str) -> None:
    result = invoke("init", str(tmp_path / "ny"), spelling, "en", "--no-git")
    assert result.exit_code == 0, result
    assert 'language = "en"' in (tmp_path / "ny" / "planctl.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize("args, shown, hidden", [
    (["check"], "--output-file", "--output "),
    (["export", "csv"], "--output-file", "--output "),
    (["export", "html"], "--output-dir", "--output "),
    (["init"], "--lang", "--language"),
])
def test_old_spellings_are_not_shown_in_help(args: list[str], shown: str, hidden: str) -> None:
    text = invoke(*args, "--help", env={"COLUMNS": "100"}).stdout
    assert shown in text and hidden not in text


def test_an_old_spelling_is_only_an_alias_where_the_new_name_exists(plan_repo: Path) -> None:
    result = invoke("show", "INI-001", "--output", "x", cwd=plan_repo)
    assert result.exit_code == 2 and result.stderr.startswith("planctl: error: no such option: --output")


def test_every_dry_run_has_n_and_every_shared_idea_one_name() -> None:
    """Walks every command: -n is --dry-run (on log, git's --max-count: log has no dry run), -o is
    --output-file (or --output-dir for a folder), -f is --format, -m is --message, -w is --where,
    -q is --quiet."""
    from typer.main import get_command

    from planctl.cli.app import app

    expected = {"-n": ("--dry-run", "--max-count"), "-o": ("--output-file", "--output-dir"), "-f": "--format",
                "-m": "--message", "-w": "--where", "-q": "--quiet", "-h": "--help"}
    root = get_command(app)
    with_dry_run = []
    for path in COMMANDS:
        command = root
        for name in path:
            command = command.commands[name]  # type: ignore[attr-defined]
        for param in command.params:
            names = [*param.opts, *param.secondary_opts]
            if "--dry-run" in names:
                with_dry_run.append(path)
                assert "-n" in names, path
            if "--max-count" in names:
                assert path == ["log"], path
            for short, long in expected.items():
                if short in names:
                    assert any(n in names for n in ([long] if isinstance(long, str) else long)), (path, names)
            assert "--output" not in names and "--language" not in names, (path, names)
    assert len(with_dry_run) >= 9  # add set rm mv milestone add/done/rm import lint commit


def test_n_is_dry_run(plan_repo: Path) -> None:
    before = (plan_repo / "plan/initiatives/INI-002.yaml").read_bytes()
    result = invoke("set", "INI-002", "horizon=long", "-n", cwd=plan_repo)
    assert result.exit_code == 0 and result.stdout.startswith("would have "), result
    assert (plan_repo / "plan/initiatives/INI-002.yaml").read_bytes() == before


# --- lint has check's report options --------------------------------------------------------------


def test_lint_strict_exit_zero_and_statistics(plan_repo: Path) -> None:
    write_plan(plan_repo, WARNED)
    assert invoke("lint", cwd=plan_repo).exit_code == 0  # a warning alone passes
    assert invoke("lint", "--strict", cwd=plan_repo).exit_code == 1
    write_plan(plan_repo, BROKEN)
    assert invoke("lint", cwd=plan_repo).exit_code == 1
    assert invoke("lint", "--exit-zero", cwd=plan_repo).exit_code == 0
    stats = invoke("lint", "--statistics", cwd=plan_repo)
    assert stats.exit_code == 1
    assert re.search(r"^\s+1  D001 .*completed-without-end$", stats.stdout, re.M), stats.stdout
    assert re.search(r"^\s+1  X001 .*unknown-reference$", stats.stdout, re.M), stats.stdout
    assert "Found" not in stats.stdout


def test_lint_output_file_and_no_cache(plan_repo: Path) -> None:
    write_plan(plan_repo, BROKEN)
    result = invoke("lint", "--no-cache", "-f", "json", "-o", "lint.json", cwd=plan_repo)
    assert (result.exit_code, result.stdout) == (1, "")
    report = json.loads((plan_repo / "lint.json").read_text(encoding="utf-8"))
    assert report["command"] == "lint" and {d["code"] for d in report["diagnostics"]} == {"D001", "X001"}
    assert not (plan_repo / ".planctl_cache").exists()
    assert invoke("lint", cwd=plan_repo).exit_code == 1
    assert (plan_repo / ".planctl_cache").exists()


# --- global options after the command -------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ["check"], ["show", "INI-001"], ["list", "goals"], ["summary", "-f", "json"], ["export", "csv", "-o", "-"],
    ["milestone", "add", "INI-001", "Klart", "-n"], ["refs", "skr"],
])
def test_root_after_the_command_is_root_before_it(plan_repo: Path, tmp_path: Path, args: list[str]) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    before = invoke("--root", str(plan_repo), *args, cwd=elsewhere)
    after = invoke(*args, "--root", str(plan_repo), cwd=elsewhere)
    assert before.exit_code == 0, before
    assert (after.exit_code, after.stdout, after.stderr) == (before.exit_code, before.stdout, before.stderr)


def test_a_global_option_between_a_group_and_its_command(plan_repo: Path, tmp_path: Path) -> None:
    before = invoke("--root", str(plan_repo), "export", "csv", "-o", "-", cwd=tmp_path)
    between = invoke("export", "--root", str(plan_repo), "csv", "-o", "-", cwd=tmp_path)
    assert between.exit_code == 0 and between.stdout == before.stdout


def test_the_installed_planctl_reads_root_and_quiet_after_the_command(plan_repo: Path, tmp_path: Path) -> None:
    write_plan(plan_repo, BROKEN)
    result = run_planctl("check", "--root", str(plan_repo), "-q", "--format", "concise", cwd=tmp_path)
    assert result.exit_code == 1
    # paths from where the user stands (tmp_path, above the plan), and no summary line
    assert result.stdout.splitlines() == [
        "repo/plan/initiatives/INI-003.yaml:7:9: D001 [warning] status is 'completed' but there is no end date",
        "repo/plan/initiatives/INI-004.yaml:5:5: X001 [error] goals: 'FO9.9' is not the id of any goal"]


def test_given_after_the_command_wins(plan_repo: Path, tmp_path: Path) -> None:
    result = invoke("--root", str(tmp_path / "nowhere"), "check", "--root", str(plan_repo), cwd=tmp_path)
    assert result.exit_code == 0, result


def test_debug_after_the_command_shows_the_traceback(plan_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import planctl.checks.views

    def boom(*_a: object, **_k: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(planctl.checks.views, "load_view", boom)
    assert invoke("show", "INI-001", cwd=plan_repo).stderr.startswith("planctl: internal error: RuntimeError")
    with pytest.raises(RuntimeError, match="kaboom"):
        invoke("show", "INI-001", "--debug", cwd=plan_repo)


def test_an_option_value_that_looks_like_a_global_option_is_a_value(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    isolate(monkeypatch)
    root = plan_git_repo(tmp_path)
    assert invoke("set", "INI-002", "title=--root", cwd=root).exit_code == 0
    assert b"title: --root\n" in (root / "plan/initiatives/INI-002.yaml").read_bytes()
    result = invoke("commit", "-m", "--debug", cwd=root)
    assert result.exit_code == 0, result
    assert git(root, "log", "-1", "--format=%s") == "--debug\n"


def test_any_option_of_the_app_callback_works_after_any_command() -> None:
    """Generic, not a list of names: a new global option (say --lang, or --loud/-L) works after
    a command at once; a command's own option of the same name is the command's."""
    from planctl.cli._command import PlanctlTyper

    toy = PlanctlTyper(name="toy")
    seen: dict[str, object] = {}

    @toy.callback()
    def options(lang: str = typer.Option("sv", "--lang"), loud: bool = typer.Option(False, "--loud", "-L")) -> None:
        seen.update(lang=lang, loud=loud)

    @toy.command()
    def hello(name: str = typer.Argument(...)) -> None:
        seen["name"] = name

    @toy.command()
    def own(lang: str = typer.Option("xx", "--lang")) -> None:
        seen["own"] = lang

    toy(["hello", "Ada", "--lang", "en", "-L"], standalone_mode=False)
    assert seen == {"lang": "en", "loud": True, "name": "Ada"}
    seen.clear()
    toy(["-L", "own", "--lang", "de"], standalone_mode=False)
    assert seen == {"lang": "sv", "loud": True, "own": "de"}


def test_a_command_s_help_lists_the_global_options() -> None:
    text = invoke("show", "--help", env={"COLUMNS": "100"}).stdout
    panel = text.split("Global options", 1)[1].split("╰", 1)[0]
    for name in ("--root", "--quiet", "--color", "--no-pager", "--debug"):
        assert name in panel
    assert "--version" not in panel  # it acts before any command


@pytest.mark.parametrize("args, module", [
    (["check", "--root", "x"], "check"),
    (["show", "INI-001", "--debug"], "show"),
    (["--color", "never", "show", "INI-001"], "show"),
    (["--color=never", "-q", "log"], "log"),
    (["-q", "--no-pager", "list"], "list_"),
    (["--root", "check", "show", "X"], "show"),  # the value of --root, then the command
    (["--quiet", "--root=r", "import", "csv", "x.csv"], "import_"),
    (["--bogus", "check"], None),
    (["--root"], None),
])
def test_command_module_steps_over_global_options_by_their_arity(args: list[str], module: str | None) -> None:
    from planctl.cli import command_module

    assert command_module(args) == module


def test_command_module_knows_every_global_option_of_the_app() -> None:
    """Its arity table comes from the app callback, so it can never lack an option there."""
    from typer.main import get_command

    from planctl.cli import _global_options
    from planctl.cli.app import app

    group = get_command(app)
    spellings = {s for p in group.params if p.expose_value for s in (*p.opts, *p.secondary_opts)}
    table = _global_options()
    assert set(table) == spellings
    assert table["--root"] and table["--color"] and not table["--quiet"] and not table["-q"]


def test_only_the_command_run_is_registered_with_global_options_after_it(plan_repo: Path) -> None:
    import subprocess
    import sys

    probe = ("import sys\nfrom planctl.cli import main\nfrom planctl.cli.app import app\n"
             f"try:\n    main(['show', 'INI-001', '--root', {str(plan_repo)!r}, '-q'])\nexcept SystemExit:\n    pass\n"
             "sys.stderr.write('COMMANDS=' + ','.join(sorted(c.name or c.callback.__name__ "
             "for c in app.registered_commands)) + '\\n')\n")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env={"PATH": "", "LANG": "C"})
    assert "COMMANDS=show\n" in proc.stderr, proc.stderr
    assert proc.stdout.startswith("INI-001  (initiative")


# --- --quiet --------------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_check_prints_the_problems_only_and_still_fails(plan_repo: Path, where: str) -> None:
    write_plan(plan_repo, BROKEN)
    loud = invoke("check", cwd=plan_repo)
    args = ["-q", "check"] if where == "before" else ["check", "--quiet"]
    quiet = invoke(*args, cwd=plan_repo)
    assert loud.stdout.rstrip("\n").endswith("Found 1 error, 1 warning in 2 of 12 files.")
    assert quiet.exit_code == 1
    assert quiet.stdout == loud.stdout[: loud.stdout.rindex("\n\nFound")] + "\n"
    assert re.search(r"^plan/initiatives/INI-004\.yaml:5:5: X001", quiet.stdout, re.M)


def test_quiet_on_a_clean_plan_prints_nothing(plan_repo: Path) -> None:
    assert invoke("check", cwd=plan_repo).stdout.startswith("All checks passed")
    assert (invoke("check", "-q", cwd=plan_repo).exit_code, invoke("check", "-q", cwd=plan_repo).stdout) == (0, "")
    assert invoke("validate", "-q", "-f", "grouped", cwd=plan_repo).stdout == ""


def test_quiet_leaves_out_counts_and_next_lines(plan_repo: Path, tmp_path: Path) -> None:
    listed = invoke("list", cwd=plan_repo).stdout
    assert listed.endswith("\n2 initiatives\n")
    assert invoke("list", "-q", cwd=plan_repo).stdout == listed.removesuffix("2 initiatives\n")
    assert invoke("refs", "skr", "-q", cwd=plan_repo).stdout.count("\n") == \
        invoke("refs", "skr", cwd=plan_repo).stdout.count("\n") - 1
    assert "fixable with" not in invoke("rules", "-q", cwd=plan_repo).stdout
    created = invoke("-q", "init", str(tmp_path / "ny"), "--no-git")
    assert (created.exit_code, created.stdout) == (0, "")
    assert (tmp_path / "ny" / "planctl.toml").is_file()


def test_quiet_edit_prints_nothing_but_dry_run_still_shows_what_it_would_do(plan_repo: Path) -> None:
    dry = invoke("set", "INI-002", "horizon=long", "-n", "-q", cwd=plan_repo)
    assert dry.exit_code == 0 and "would have" in dry.stdout
    done = invoke("set", "INI-002", "horizon=long", "-q", cwd=plan_repo)
    assert (done.exit_code, done.stdout, done.stderr) == (0, "", "")
    assert b"horizon: long" in (plan_repo / "plan/initiatives/INI-002.yaml").read_bytes()


@pytest.mark.parametrize("command", ["lint", "check"])
def test_quiet_fix_says_nothing_of_what_it_fixed(plan_repo: Path, command: str) -> None:
    owner = plan_repo / "plan/owners/skr.yaml"
    owner.write_text("name: Sveriges Kommuner och Regioner\nid: skr\nkind: association\n", encoding="utf-8")
    if command == "lint":  # check previews with --diff
        dry = invoke(command, "--fix", "-n", "-q", cwd=plan_repo)
        assert dry.stdout.startswith("would fix plan/owners/skr.yaml: L001 ") and "nothing written" not in dry.stdout
    done = invoke(command, "--fix", "-q", cwd=plan_repo)
    assert (done.exit_code, done.stdout, done.stderr) == (0, "", "")
    assert owner.read_text(encoding="utf-8").startswith("id: skr\nname: ")


def test_quiet_commit_prints_no_summary_line(tmp_path: Path) -> None:
    root = plan_git_repo(tmp_path)
    assert run_planctl("set", "INI-002", "horizon=long", cwd=root, env=env()).exit_code == 0
    result = run_planctl("commit", "-q", cwd=root, env=env())
    assert (result.exit_code, result.stdout) == (0, "")
    assert git(root, "rev-list", "--count", "HEAD") == "2\n" and git(root, "status", "--porcelain") == ""


# --- --color --------------------------------------------------------------------------------------


@pytest.mark.parametrize("flag, environ, painted", [
    ("always", {}, True),
    ("never", {}, False),
    ("always", {"NO_COLOR": "1"}, True),  # the flag wins
    ("never", {"FORCE_COLOR": "1"}, False),
    ("auto", {"FORCE_COLOR": "1"}, True),
    ("auto", {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
    ("auto", {}, False),  # a pipe
    (None, {}, False),
])
def test_color_into_a_pipe(plan_repo: Path, flag: str | None, environ: dict[str, str], painted: bool) -> None:
    write_plan(plan_repo, BROKEN)
    args = ["check"] + (["--color", flag] if flag else [])
    result = run_planctl(*args, cwd=plan_repo, env=environ)
    assert result.exit_code == 1 and "X001" in result.stdout
    assert (ANSI in result.stdout) is painted, result.stdout


def test_color_always_paints_the_list_table_too(plan_repo: Path) -> None:
    assert ANSI in run_planctl("--color", "always", "list", cwd=plan_repo).stdout
    assert ANSI not in run_planctl("list", "--color=never", cwd=plan_repo, env={"FORCE_COLOR": "1"}).stdout


def test_color_never_applies_to_help(plan_repo: Path) -> None:
    assert ANSI in run_planctl("check", "--help", env={"FORCE_COLOR": "1"}).stdout
    assert ANSI not in run_planctl("--color", "never", "check", "--help", env={"FORCE_COLOR": "1"}).stdout
    assert ANSI not in run_planctl("check", "--color", "never", "--help", env={"FORCE_COLOR": "1"}).stdout


def test_a_bad_color_is_a_usage_error(plan_repo: Path) -> None:
    result = invoke("check", "--color", "sometimes", cwd=plan_repo)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0].startswith("planctl: error: invalid value for '--color'")


# --- help at 80 columns ---------------------------------------------------------------------------

PLACEHOLDER_NOISE = re.compile(r"<[a-z]+(\|[a-z0-9-]+)*>|\bTEXT\b|\{|\u2039|\bINTEGER\b")
"""What typer shows without a placeholder: `<str>`, `<initiatives|goals|owners>`, `TEXT`, `{kind}`."""


def _cells(panel: list[str]) -> list[list[str]]:
    """The rows of a Rich options table: a row starts where its first columns are not blank."""
    indents = [len(line) - len(line.lstrip()) for line in panel]
    rows: list[list[str]] = []
    for line, indent in zip(panel, indents, strict=True):
        if not rows or indent < max(indents) or max(indents) == min(indents):
            rows.append([line])
        else:
            rows[-1].append(line)
    return rows


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) or "planctl" for p in COMMANDS])
def test_help_reads_at_80_columns(path: list[str]) -> None:
    result = invoke(*path, "--help", env={"COLUMNS": "80"})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    usage = next(line for line in lines if "Usage:" in line)
    assert not PLACEHOLDER_NOISE.search(result.stdout), result.stdout
    assert usage.strip().startswith(f"Usage: {' '.join(['planctl', *path])} [OPTIONS]")
    # an example, each on one line of its own
    assert "Examples:" in result.stdout, result.stdout
    examples = result.stdout.split("Examples:", 1)[1].strip("\n").splitlines()
    assert examples and all(line.startswith("   planctl ") for line in examples if line.strip()), examples
    # no option or argument cell wraps onto four lines or more
    panel: list[str] = []
    for line in [*lines, "╰"]:
        if line.startswith("│"):
            panel.append(line[2:-1].rstrip())
        elif panel:
            for row in _cells(panel):
                assert len(row) <= 3, "\n".join(row)
            panel = []


def test_usage_shows_placeholders() -> None:
    usage = {" ".join(args): next(line.strip() for line in invoke(*args, "--help", env={"COLUMNS": "80"})
                                  .stdout.splitlines() if "Usage:" in line)
             for args in (["add"], ["set"], ["log"], ["diff"], ["check"], ["import"], ["milestone", "done"])}
    assert usage == {
        "add": "Usage: planctl add [OPTIONS] KIND",
        "set": "Usage: planctl set [OPTIONS] ID FIELD=VALUE...",
        "log": "Usage: planctl log [OPTIONS] [ID]",
        "diff": "Usage: planctl diff [OPTIONS] [REV1] [REV2]",
        "check": "Usage: planctl check [OPTIONS] [PATH]...",
        "import": "Usage: planctl import [OPTIONS] csv|xlsx FILE",
        "milestone done": "Usage: planctl milestone done [OPTIONS] ID MILESTONE",
    }


@pytest.mark.parametrize("line", [
    line for path in COMMANDS
    for line in invoke(*path, "--help", env={"COLUMNS": "80"}).stdout.split("Examples:", 1)[-1].splitlines()
    if line.strip().startswith("planctl ")
])
def test_every_example_in_help_parses(line: str) -> None:
    """An example is a command planctl accepts: its options exist and take what it gives them."""
    from typer.core import TyperGroup
    from typer.main import get_command

    from planctl.cli.app import app

    args = shlex.split(line.strip())[1:]
    if ">" in args:  # a shell redirection ends the command
        args = args[: args.index(">")]
    command = get_command(app)
    ctx = command.make_context("planctl", args)
    while isinstance(command, TyperGroup):
        name, sub, rest = command.resolve_command(ctx, [*ctx._protected_args, *ctx.args])
        assert sub is not None and name is not None
        ctx = sub.make_context(name, rest, parent=ctx)
        command = sub
    assert ctx.args == []


# --- schema ---------------------------------------------------------------------------------------


def test_schema_lists_every_schema_file(plan_repo: Path) -> None:
    from conftest import REPO

    result = invoke("schema", "--list", cwd=plan_repo)
    assert result.exit_code == 0
    rows = [line.split() for line in result.stdout.splitlines()]
    files = sorted(p.name for p in (REPO / "schema").glob("*.schema.json"))
    assert sorted(row[1] for row in rows) == files
    assert {row[0] for row in rows} >= {"initiative", "output", "output-list", "output-diagnostics", "export",
                                        "planctl-toml"}
    assert any(row[0] == "output-log" and "log" in row[2:] for row in rows)


@pytest.mark.parametrize("name, file", [("output-list", "output-list.schema.json"), ("output", "output.schema.json"),
                                        ("output-diagnostics.schema.json", "output-diagnostics.schema.json"),
                                        ("export", "export.schema.json"), ("config", "planctl-toml.schema.json"),
                                        ("initiative", "initiative.schema.json")])
def test_schema_prints_one_schema(plan_repo: Path, name: str, file: str) -> None:
    from conftest import REPO

    result = invoke("schema", name, cwd=plan_repo)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json.loads((REPO / "schema" / file).read_text(encoding="utf-8"))


def test_schema_prints_all_of_them_and_refuses_an_unknown_name(plan_repo: Path) -> None:
    from conftest import REPO

    everything = json.loads(invoke("schema", cwd=plan_repo).stdout)
    assert sorted(everything) == sorted(p.name for p in (REPO / "schema").glob("*.schema.json"))
    wrong = invoke("schema", "outputs", cwd=plan_repo)
    assert wrong.exit_code == 2
    assert wrong.stderr == "planctl: error: unknown schema 'outputs' (run 'planctl schema --list' for the names)\n"


# --- the README's options table -------------------------------------------------------------------


def _readme_options() -> dict[str, set[str]]:
    """command path -> the option spellings its row of README's options table names."""
    from conftest import REPO

    section = (REPO / "README.md").read_text(encoding="utf-8").split("\n### Options\n", 1)[1].split("\n### ", 1)[0]
    rows: dict[str, set[str]] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.replace("\\|", "¦").strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0].startswith("`") and not cells[0].startswith("`-"):
            words = cells[0].strip("`").split()
            path = " ".join(w for w in words if w.islower() and w.isalpha())
            rows[path] = {s for opt in re.findall(r"`([^`]+)`", cells[1]) for s in opt.split()[0].split("/")}
    return rows


def test_readme_lists_every_option_of_every_command() -> None:
    from typer.main import get_command

    from planctl.cli.app import app

    rows = _readme_options()
    root = get_command(app)
    leaves = [path for path in COMMANDS if not getattr(_command(root, path), "commands", None)]
    assert sorted(rows) == sorted(" ".join(path) for path in leaves)
    for path in leaves:
        shown = {s for p in _command(root, path).params if p.param_type_name == "option" and not p.hidden
                 for s in (*p.opts, *p.secondary_opts)}
        assert rows[" ".join(path)] == shown, path


def _command(root: object, path: list[str]) -> object:
    for name in path:
        root = root.commands[name]  # type: ignore[attr-defined]
    return root

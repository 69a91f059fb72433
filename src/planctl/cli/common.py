"""What every command shares: global options, finding the plan, printing a report.

Commands stay thin: parse arguments, call the core, render. Core modules never
print and never exit; this module is where output and exit codes happen.
"""

from __future__ import annotations

import enum
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from planctl.i18n import N_, _

if TYPE_CHECKING:
    from planctl.config import Config
    from planctl.diagnostics import Diagnostic
    from planctl.model import Plan

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


@dataclass
class State:
    """Global options, set by the app callback before any command runs (and again when some
    were given after the command)."""

    root: Path | None = None
    debug: bool = False
    quiet: bool = False
    """--quiet: problems and data only; no summary, count, progress or 'Next:' lines."""
    color: str = "auto"
    """--color: auto, always or never."""
    pager: bool = True
    """False with --no-pager."""

    def reset(self) -> None:
        """Back to the defaults: each run starts from them (tests run many in one process)."""
        for f in fields(self):
            setattr(self, f.name, f.default)


state = State()


class ColorChoice(enum.StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


class OutputFormat(enum.StrEnum):
    text = "text"
    full = "full"
    grouped = "grouped"
    concise = "concise"
    json = "json"
    github = "github"
    sarif = "sarif"
    junit = "junit"
    gitlab = "gitlab"


def default_format(chosen: OutputFormat | None) -> str:
    """Explicit choice wins; inside GitHub Actions annotations are the natural default."""
    if chosen is not None:
        return chosen.value
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def use_color(stream: object = None) -> bool:
    """Colour for a terminal. `--color always|never` wins; with `auto` (the default) NO_COLOR
    (https://no-color.org) turns it off, then FORCE_COLOR on, then only a terminal gets it."""
    if state.color != "auto":
        return state.color == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    stream = stream or sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)())


def config() -> Config:
    from planctl.config import find_root, load_config

    root = state.root.resolve() if state.root else find_root(Path.cwd())
    if state.root and not root.is_dir():
        from planctl.errors import ConfigError

        raise ConfigError(_("--root {path}: no such folder").format(path=state.root))
    cfg = load_config(root)
    from planctl import i18n

    i18n.use_plan_language(cfg.section("plan").get("language"))  # when neither --lang nor the locale says
    recover_interrupted_write(cfg)
    return cfg


def plan_language() -> str | None:
    """`[plan] language` of the plan this run is in, for a command that never reads the plan
    (`planctl rules` in a Swedish plan speaks Swedish too); None when there is none to read.
    Read without `load_config`, whose errors are messages that would ask for the language."""
    import tomllib

    from planctl import safefs
    from planctl.config import CONFIG_NAME, MAX_CONFIG_SIZE, find_root
    from planctl.errors import PlanctlError

    try:
        root = state.root.resolve() if state.root else find_root(Path.cwd())
        raw = tomllib.loads(safefs.read_regular(root / CONFIG_NAME, MAX_CONFIG_SIZE).decode("utf-8"))
    except (PlanctlError, OSError, ValueError):  # no plan, or one `load_config` will report
        return None
    plan = raw.get("plan")
    language = plan.get("language") if isinstance(plan, dict) else None
    return language if isinstance(language, str) else None


def recover_interrupted_write(cfg: Config) -> None:
    """Finish or undo a write a killed planctl left (`planctl.txn`), saying so in one line,
    and remove a lock file it left. Two lstats when there is nothing to do."""
    from planctl.fsutil import journal_pending

    journal = journal_pending(cfg.root)
    if not journal and not os.path.lexists(cfg.root / ".planctl.lock"):
        return
    from planctl.edit.session import recover_interrupted
    from planctl.errors import PlanctlError
    from planctl.fsutil import UnsafePath

    try:
        line = recover_interrupted(cfg, wait=False)
    except PlanctlError as exc:  # a reader still reads; an edit refuses when it takes the lock
        if journal:
            sys.stderr.write(warning_line(_("an interrupted write was not recovered: {reason}").format(reason=exc)))
        elif isinstance(exc, UnsafePath):  # a FIFO or symlink planted as the lock: say so, once a run
            sys.stderr.write(warning_line(str(exc)))
        return
    if line:
        sys.stderr.write(f"planctl: {line}\n")


PROGRESS_MIN_FILES = 1000
"""About a second of parsing on a 2-core machine: below this a bar only flickers."""


def load(cfg: Config, paths: list[Path] | None = None, *, cache: bool = True, schema: bool = True) -> Plan:
    """Load the plan, with a progress bar on stderr when a person is watching a long parse.

    Nothing changes in pipes or CI logs: the bar needs stderr to be a terminal.
    """
    from planctl.loader import load_plan

    if not sys.stderr.isatty() or os.environ.get("CI") or state.quiet:
        return load_plan(cfg, paths or None, cache=cache, schema=schema)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

    bar: Progress | None = None
    task = TaskID(0)

    def update(done: int, total: int) -> None:
        nonlocal bar, task
        if bar is None:
            if total < PROGRESS_MIN_FILES:
                return
            bar = Progress(TextColumn("parsing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                           console=Console(stderr=True), transient=True)
            bar.start()
            task = bar.add_task("parse", total=total)
        bar.update(task, completed=done)

    try:
        return load_plan(cfg, paths or None, cache=cache, schema=schema, progress=update)
    finally:
        if bar is not None:
            bar.stop()


def dash_is_stdout(value: Path | None) -> Path | None:
    """Typer callback for `-o/--output`: `-` is standard output, as for git, ruff and tar.

    Commands then see None, which every one of them already writes to stdout. A file
    named `-` is still reachable by its full path.
    """
    return None if value is not None and str(value) == "-" else value


# The options of more than one command, each declared once (typer reads these as metadata, so one
# instance serves every command). The old spelling --output of OUTPUT_FILE_OPTION is accepted
# everywhere as a hidden alias (`planctl.cli._command.ALIASES`).
REPORT_FORMAT_OPTION = typer.Option(
    None, "--format", "-f", metavar="FORMAT", show_default=False,
    help=N_("text, full, grouped, concise, json, github, sarif, junit or gitlab (default: text; github in "
            "GitHub Actions)."))
OUTPUT_FILE_OPTION = typer.Option(
    None, "--output-file", "-o", metavar="FILE", callback=dash_is_stdout,
    help=N_("Write to FILE instead of stdout ('-': stdout)."))
STATISTICS_OPTION = typer.Option(False, "--statistics", help=N_("Count the problems per code instead of listing them."))
STRICT_OPTION = typer.Option(False, "--strict", help=N_("Warnings fail the run too (exit 1)."))
EXIT_ZERO_OPTION = typer.Option(False, "--exit-zero", help=N_("Exit 0 even when problems are found."))
NO_CACHE_OPTION = typer.Option(False, "--no-cache",
                               help=N_("Parse every file afresh: neither read nor write the cache."))
SELECT_OPTION = typer.Option(None, "--select", metavar="CODE",
                             help=N_("Only these codes, families or rule names (repeatable; wins over planctl.toml)."))
IGNORE_OPTION = typer.Option(None, "--ignore", metavar="CODE", help=N_("Not these codes (repeatable)."))
TODAY_OPTION = typer.Option(None, "--today", metavar="DATE",
                            help=N_("Judge dates against DATE (YYYY-MM-DD), not today."))


def note(text: str, *, err: bool = False) -> None:
    """A summary, count, progress or 'Next:' line: what --quiet leaves out (ruff's and git's -q)."""
    if not state.quiet:
        typer.echo(text, err=err)


def examples(*lines: str) -> str:
    """A command's help epilog: `Examples:` and one indented command line each.

    It starts with a newline because typer dedents the epilog as a docstring (the indent of
    the second line on); Rich markup in a line is escaped, not read."""
    return "\n" + N_("Examples:") + "\n" + "\n".join("  " + line.replace("[", "\\[") for line in lines)


def emit(text: str, output_file: Path | None = None) -> None:
    """Print to stdout, or write the file atomically."""
    if output_file is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    write_output(output_file, text)


def write_output(path: Path, data: bytes | str) -> None:
    """Write the `-o` file atomically. A failure is the user's to fix (a missing permission, a
    file where a folder should be), so it is a UsageError naming the path as they typed it:
    never the temporary file beside it, nor the path made relative to the plan."""
    from planctl.errors import UsageError
    from planctl.fsutil import atomic_write

    try:
        atomic_write(path, data)
    except OSError as exc:
        if isinstance(exc, IsADirectoryError):
            reason = _("it is a folder")
        elif isinstance(exc, (FileExistsError, NotADirectoryError)):  # a file where a folder on the way belongs
            reason = _("a part of the path is a file, not a folder")
        else:
            reason = exc.strerror or str(exc)
        raise UsageError(_("{path}: cannot write: {reason}").format(path=path, reason=reason)) from None


def report(
    diagnostics: list[Diagnostic],
    fmt: str,
    *,
    root: Path,
    files_checked: int,
    sources: Mapping[str, str | None],
    output_file: Path | None = None,
    command: str = "check",
    statistics: bool = False,
) -> None:
    """Print the diagnostics in `fmt` (or write them to `output_file`). With `statistics`
    (`--statistics`, as ruff's), stdout gets the counts per code instead; a report asked
    for with `-o FILE` is still written."""
    if statistics:
        from planctl.checks.runner import statistics as counts_per_code

        if output_file is not None:
            report(diagnostics, fmt, root=root, files_checked=files_checked, sources=sources,
                   output_file=output_file, command=command)
        emit(counts_per_code(diagnostics))
        return
    from planctl import __version__
    from planctl.render import RenderContext, from_cwd, render

    ctx = RenderContext(
        root=root,
        files_checked=files_checked,
        color=output_file is None and use_color(),
        source=sources.get,
        line=getattr(sources, "line", None),
        tool_version=__version__,
        paths=tuple(sorted(sources)),
        command=command,
        display=from_cwd(root),
        quiet=state.quiet,
    )
    emit(render(fmt, diagnostics, ctx), output_file)
    if fmt == "github" and output_file is None and diagnostics:
        # The runner turns annotations into marks on the diff and hides them from the
        # log; the log keeps the full, readable list.
        emit(render("concise", diagnostics, ctx))


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    sys.stderr.write(error_line(message))
    return typer.Exit(code)


def error_line(message: str, prefix: str | None = None) -> str:
    """One line, whatever the message holds: a newline or an escape from an argument or the
    plan is shown escaped, so it can neither forge a second `planctl: error:` line nor paint
    the terminal. The prefix is in the language of the run, as git's `fel:` is."""
    from planctl.render import printable

    if prefix is None:
        prefix = _("planctl: error: ")
    return f"{prefix}{printable(message)}\n"


UNREADABLE = N_("{path}: cannot be read in {version}; its entity is compared as empty (run 'planctl check')")
"""What diff and report say of a file that no revision's parser could read."""


def warning_line(message: str) -> str:
    """`planctl: warning: …` (`planctl: varning: …`), one line, escaped as `error_line`."""
    return error_line(message, _("planctl: warning: "))


def id_argument(param: typer.CallbackParam, value: object) -> object:
    """Typer callback for an id argument or option: refused (exit 2, one line) when no file could
    ever hold it (a newline, NUL, `../`, a look-alike letter...), before anything is read."""
    from planctl.idsyntax import unsafe

    for text in value if isinstance(value, (list, tuple)) else [value]:
        reason = unsafe(text) if isinstance(text, str) else None
        if reason:
            from planctl.errors import UsageError

            name = (param.opts[0] if param.opts and param.opts[0].startswith("-")
                    else (param.metavar or param.name or "ID"))
            raise UsageError(f"{name} {text!r}: {reason}")
    return value


def kind_argument(plural: bool) -> Callable[[typer.CallbackParam, object], object]:
    """Typer callback for a KIND argument or option: the kind's name (`initiative`) or, with
    `plural`, its folder (`initiatives`), from any word `spec.kind_named` knows (English or
    Swedish, singular or plural: `insats`, `Aktörer`). Anything else is click's own usage error."""

    def convert(param: typer.CallbackParam, value: object) -> object:
        if not isinstance(value, str):
            return value
        from planctl import spec

        found = spec.kind_named(value)
        if found is None:
            choices = ", ".join(repr(k.folder if plural else k.name) for k in spec.KIND.values())
            raise typer.BadParameter(f"{value!r} is not one of {choices}.")
        return found.folder if plural else found.name

    return convert


def exit_code(diagnostics: list[Diagnostic], *, strict: bool = False) -> int:
    from planctl.diagnostics import Severity

    threshold = Severity.WARNING if strict else Severity.ERROR
    return EXIT_PROBLEMS if any(d.severity >= threshold for d in diagnostics) else EXIT_OK

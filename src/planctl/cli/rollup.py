"""`planctl rollup`: the national picture from every member plan of a federation."""

from __future__ import annotations

from pathlib import Path

import typer

from planctl.cli import common
from planctl.cli.app import app
from planctl.i18n import N_, _

FEDERATION_OPTION = typer.Option(Path("federation.toml"), "--federation", metavar="FILE",
                                 help=N_("The federation: national plan and members."))
OUTPUT_DIR_OPTION = typer.Option(None, "--output-dir", "-o", metavar="DIR", show_default=False,
                                 help=N_("Where the CSV, XLSX, JSON, Markdown and HTML files go (default: "
                                        "out/rollup beside the federation file)."))
FORMAT_OPTION = typer.Option("text", "--format", "-f", metavar="FORMAT", help=N_("text or json (on stdout)."))
LANG_OPTION = typer.Option(None, "--lang", metavar="LANG", show_default=False,
                           help=N_("sv or en: the sheets' and the section's language (default: sv)."))
JOBS_OPTION = typer.Option(None, "--jobs", "-j", metavar="N", show_default=False,
                           help=N_("Members fetched at once (default: [federation] jobs, else 8)."))
WRITE_CI_OPTION = typer.Option(False, "--write-ci",
                               help=N_("Write the scheduled CI jobs of the roll-up (GitHub Actions, GitLab CI) "
                                      "and a federation.toml to start from, then stop."))
TIMEOUT_OPTION = typer.Option(None, "--timeout", metavar="SECONDS", show_default=False,
                              help=N_("Time one member's fetch may take (default: [federation] timeout, else 60)."))


@app.command(rich_help_panel=N_("Plan"),
             short_help=N_("Check a federation's member plans; count who serves what."),
             epilog=common.examples("planctl rollup", "planctl rollup --federation federation.toml -o out/rollup",
                                    "planctl rollup -f json --jobs 16", "planctl rollup --write-ci"),
             help=N_("Fetch every member plan of federation.toml, check each against the national plan, and "
                     "write per national sub-goal how many members serve it with how many initiatives by status, "
                     "and which members have problems, cannot be reached or are pinned to an old national "
                     "revision. Exit 0: every member is clean; 1: some member has problems or cannot be read; "
                     "2: the federation file or the national plan is broken."))
def rollup(
    federation_file: Path = FEDERATION_OPTION,
    output_dir: Path | None = OUTPUT_DIR_OPTION,
    fmt: str = FORMAT_OPTION,
    lang: str | None = LANG_OPTION,
    jobs: int | None = JOBS_OPTION,
    timeout: float | None = TIMEOUT_OPTION,
    write_ci: bool = WRITE_CI_OPTION,
) -> None:
    from planctl.config import DEFAULT_MAX_FILE_SIZE, LANGUAGES
    from planctl.federation import outputs
    from planctl.federation.members import load_federation
    from planctl.federation.national import load_national
    from planctl.federation.rollup import cache_folder, cache_folder_of, read_valid, run_rollup, write_valid
    from planctl.i18n import chosen

    if write_ci:
        from planctl.federation.ci import write_rollup_ci

        folder = federation_file.resolve().parent
        for rel in write_rollup_ci(folder):
            common.note(_("created {path}").format(path=rel))
        return
    if fmt not in ("text", "json"):
        raise common.fail(_("unknown format {fmt!r} (expected text or json)").format(fmt=fmt))
    language = lang or chosen() or "sv"
    if language not in LANGUAGES:
        raise common.fail(_("--lang must be one of {langs}, not {lang!r}").format(langs=", ".join(LANGUAGES),
                                                                                  lang=language))
    if jobs is not None and not 1 <= jobs <= 64:
        raise common.fail(_("--jobs must be between 1 and 64, not {n}").format(n=jobs))
    if timeout is not None and timeout <= 0:
        raise common.fail(_("--timeout must be more than 0 seconds"))
    federation_path = federation_file.resolve()
    valid = read_valid(federation_path.parent)
    federation = load_federation(federation_path, valid, cache_folder_of(federation_path.parent))
    write_valid(federation_path.parent, valid)
    federation.jobs = jobs or federation.jobs
    federation.timeout = timeout or federation.timeout
    national = load_national(federation, cache_folder(federation), limit=DEFAULT_MAX_FILE_SIZE)
    result = run_rollup(federation, national, limit=DEFAULT_MAX_FILE_SIZE)
    target = output_dir if output_dir is not None else federation.folder / "out" / "rollup"
    target.mkdir(parents=True, exist_ok=True)
    written: dict[str, str | bytes] = {
        "rollup.csv": outputs.as_csv(result, language), "members.csv": outputs.members_csv(result, language),
        "rollup.json": outputs.as_json(result), "rollup.md": outputs.as_markdown(result, language),
        "rollup.html": outputs.as_html(result, language), "rollup.xlsx": outputs.as_xlsx(result, language)}
    for name, data in written.items():
        outputs.write_if_changed(target / name, data)
    if fmt == "json":
        common.emit(str(written["rollup.json"]))
    else:
        common.emit(outputs.as_text(result))
        common.note(outputs.summary_line(result))
        common.note(_("wrote {files} to {dir}").format(files=", ".join(written), dir=target))
    if result.exit_code:
        raise typer.Exit(result.exit_code)

"""`planctl check`: exit codes, --strict/--exit-zero, --statistics, --output-file, GitHub Actions."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import SMALL_PLAN, invoke, run_planctl, write_plan

WARN = ("id: INI-003\ntitle: Stöd för upphandling\n"
        "description: Stöd till huvudmännen vid upphandling av digitala lärresurser och tjänster.\n"
        "goals: [FO1.1]\nowner: skr\nstatus: ongoing\nend: 2023-12-31\nlinks: [www.skr.se]\n")


def _repo(tmp_path: Path, **files: str) -> Path:
    return write_plan(tmp_path / "repo", {**SMALL_PLAN, **files})


def test_warnings_exit_0_unless_strict(tmp_path: Path) -> None:
    root = _repo(tmp_path, **{"plan/initiatives/INI-003.yaml": WARN})
    result = invoke("check", "--today", "2024-05-01", cwd=root)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "Found 2 warnings in 1 of 11 files."
    assert invoke("check", "--today", "2024-05-01", "--strict", cwd=root).exit_code == 1
    assert invoke("check", "--today", "2020-05-01", "--strict", "--select", "D", cwd=root).exit_code == 0


def test_exit_zero(tmp_path: Path) -> None:
    root = _repo(tmp_path, **{"plan/initiatives/INI-003.yaml": WARN.replace("owner: skr", "owner: nobody")})
    assert invoke("check", cwd=root).exit_code == 1
    assert run_planctl("check", "--exit-zero", cwd=root).exit_code == 0


def test_text_report_has_source_and_caret(tmp_path: Path) -> None:
    root = _repo(tmp_path, **{"plan/initiatives/INI-003.yaml": WARN})
    out = invoke("check", "--today", "2024-05-01", cwd=root).stdout
    assert (
        "plan/initiatives/INI-003.yaml:8:9: T009 [warning] 'www.skr.se' is not an http(s) URL\n"
        "  |\n"
        "8 | links: [www.skr.se]\n"
        "  |         ^^^^^^^^^^\n"
        "  |\n"
        "  = hint: write the full address, starting with https://\n"
        in out
    )


def test_default_locations_open_from_where_the_user_stands(tmp_path: Path) -> None:
    """`path:line:col:` headers, relative to the cwd, so a terminal or editor can open them."""
    root = _repo(tmp_path, **{"plan/initiatives/INI-003.yaml": WARN.replace("FO1.1", "FO9.9")})
    header = re.compile(r"^plan/initiatives/INI-\d+\.yaml:4:9: X001", re.M)
    at_root = run_planctl("check", "--today", "2024-05-01", cwd=root)
    assert at_root.exit_code == 1 and header.search(at_root.stdout)
    assert at_root.stdout.startswith(
        "plan/initiatives/INI-003.yaml:4:9: X001 [error] goals: 'FO9.9' is not the id of any goal\n")
    inside = run_planctl("check", "--today", "2024-05-01", cwd=root / "plan" / "initiatives")
    assert inside.exit_code == 1 and re.search(r"^INI-\d+\.yaml:4:9: X001", inside.stdout, re.M)
    assert "plan/" not in inside.stdout
    above = run_planctl("--root", str(root), "check", "--today", "2024-05-01", cwd=tmp_path)
    assert re.search(r"^repo/plan/initiatives/INI-003\.yaml:4:9: X001", above.stdout, re.M)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    away = run_planctl("--root", str(root), "check", "-f", "concise", "--today", "2024-05-01", cwd=elsewhere)
    target = root.resolve() / "plan/initiatives/INI-003.yaml"
    assert away.stdout.splitlines()[0] == f"{target}:4:9: X001 [error] goals: 'FO9.9' is not the id of any goal"
    assert Path(away.stdout.split(":", 1)[0]).is_file()
    concise = run_planctl("check", "-f", "concise", "--today", "2024-05-01", cwd=root / "plan")
    assert concise.stdout.splitlines()[0].startswith("initiatives/INI-003.yaml:4:9: X001 [error] ")
    machine = json.loads(run_planctl("check", "-f", "json", "--today", "2024-05-01", cwd=root / "plan").stdout)
    assert machine["diagnostics"][0]["path"] == "plan/initiatives/INI-003.yaml"
    grouped = run_planctl("check", "-f", "grouped", "--today", "2024-05-01", cwd=root).stdout.splitlines()
    assert grouped[:2] == ["plan/initiatives/INI-003.yaml",
                           "  4:9     error   X001  goals: 'FO9.9' is not the id of any goal"]
    lint = invoke("lint", cwd=root / "plan" / "initiatives")
    assert lint.stdout.startswith("INI-003.yaml:4:9: X001 [error] goals: 'FO9.9' is not the id of any goal\n")


def test_statistics(tmp_path: Path) -> None:
    root = _repo(tmp_path, **{"plan/initiatives/INI-003.yaml": WARN + "tags: [' a', ' b']\n"})
    result = invoke("check", "--today", "2024-05-01", "--statistics", cwd=root)
    assert result.stdout == ("    2  L002  [*] string-whitespace\n"
                             "    1  D003      end-passed\n"
                             "    1  T009      bad-link\n"
                             "[*] fixable with 'planctl lint --fix'\n")


def test_output_file_and_statistics_on_stdout(tmp_path: Path) -> None:
    root = _repo(tmp_path, **{"plan/initiatives/INI-003.yaml": WARN})
    out = tmp_path / "reports" / "planctl.json"
    result = run_planctl("check", "--today", "2024-05-01", "-f", "json", "-o", str(out), "--statistics", cwd=root)
    assert result.exit_code == 0
    assert [d["code"] for d in json.loads(out.read_text(encoding="utf-8"))["diagnostics"]] == ["D003", "T009"]
    assert result.stdout == "    1  D003      end-passed\n    1  T009      bad-link\n"


def test_github_actions_annotations_and_log(tmp_path: Path) -> None:
    root = _repo(
        tmp_path, **{"plan/initiatives/INI-003.yaml": WARN.replace("Stöd för upphandling", "'Stöd, 100%: upphandling'")}
    )
    result = invoke("check", "--today", "2024-05-01", cwd=root, env={"GITHUB_ACTIONS": "true"})
    lines = result.stdout.splitlines()
    assert lines[0] == ("::warning file=plan/initiatives/INI-003.yaml,line=7,col=6,endColumn=16,"
                        "title=planctl D003::status is 'ongoing' but the end date 2023-12-31 has passed "
                        "(hint: update the status (completed? cancelled?) or the end date)")
    assert (
        lines[2]
        == "plan/initiatives/INI-003.yaml:7:6: D003 [warning] status is 'ongoing' "
        "but the end date 2023-12-31 has passed"
    )
    assert len(lines) == 4


def test_paths_limit_the_report_not_the_check(tmp_path: Path) -> None:
    root = _repo(tmp_path, **{"plan/initiatives/INI-003.yaml": WARN.replace("owner: skr", "owner: nobody")})
    assert invoke("check", "plan/owners", cwd=root).exit_code == 0
    result = invoke("check", "-f", "concise", "plan/initiatives/INI-003.yaml", cwd=root)
    assert result.exit_code == 1 and "X001" in result.stdout


def test_bad_today_exits_2(plan_repo: Path) -> None:
    result = run_planctl("check", "--today", "igår", cwd=plan_repo)
    assert result.exit_code == 2 and result.stderr == "planctl: error: --today 'igår' is not a date (YYYY-MM-DD)\n"


def test_help_lists_the_formats() -> None:
    out = invoke("check", "--help").stdout
    for fmt in ("sarif", "junit", "gitlab", "github"):
        assert fmt in out

"""Every command over every odd file planctl keeps at the plan root (issue 11's "Must show").

The lock, the id mark, the config, the journal, the cache (its folder and its file) and the
kind folders are each made a FIFO, a character device, a link to /dev/zero and a link to a
good file or folder outside the repository; then every command is run: the read-only ones,
the exports, the edits, `import`, `commit` and `init`. Each must end (a watchdog stops a hang),
with exit 0, 1 or 2 and only `planctl:` lines (and export html's `wrote N files`) on stderr
(one naming the odd file when it fails), never show data from outside (the outside copies carry a marker), and leave the
outside untouched. In-process for the whole matrix; the installed `planctl` as a subprocess
for one command of each case, in turn, so every command also runs as a user runs it.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import FrameType

import pytest

from conftest import PLANCTL, SMALL_PLAN, invoke, write_plan
from gitplan import ISOLATED, git, init_repo, isolate
from test_hostile_fs import IS_ROOT, Target, _make, _snapshot

MARK = "UTANFÖRMARKERING"
"""In every title and name outside the repository: seen in an output, outside data was read."""
WATCHDOG = 10.0  # seconds for one command; a run takes well under one

TARGETS = [
    Target("planctl.toml", False, 2, 2, "error"),
    Target(".planctl.lock", False, 0, 2, "error"),
    Target(".planctl-journal", False, 0, 2, "error"),
    Target("plan/.planctl-ids", False, 0, 2, "error"),
    Target(".planctl_cache", True, 0, 0, "warning"),
    Target(".planctl_cache/parse-v3.bin", False, 0, 0, "warning"),
    Target("plan", True, 2, 2, "error"),
    Target("plan/goals", True, 2, 2, "error"),
    Target("plan/initiatives", True, 2, 2, "error"),
    Target("plan/owners", True, 2, 2, "error"),
]
ODDITIES = [o for o in ("fifo", "device", "dev-link", "link-out") if o != "device" or IS_ROOT]


def commands(out: Path, sheet: Path) -> list[tuple[str, ...]]:
    """Every command, read-only ones first, in an order where each edit can still apply."""
    return [
        ("check",), ("validate",), ("lint",), ("list",), ("list", "owners"), ("show", "INI-001"),
        ("refs", "skr"), ("summary",), ("export", "csv", "-o", str(out / "p.csv")),
        ("export", "xlsx", "-o", str(out / "p.xlsx")), ("export", "json", "-o", str(out / "p.json")),
        ("export", "markdown", "-o", str(out / "p.md")), ("export", "html", "-o", str(out / "site")),
        ("report",), ("diff",), ("log",), ("import", "csv", str(sheet), "--dry-run"),
        ("lint", "--fix"), ("set", "INI-001", "horizon=long"),
        ("milestone", "add", "INI-001", "Första steget", "--due", "2027-01-01"),
        ("add", "owner", "--id", "nyagare", "--name", "Ny ägare", "--kind", "agency"),
        ("add", "initiative", "--title", "Ny satsning", "--goal", "FO1.1", "--owner", "skr",
         "--status", "proposed", "--description", "En ny satsning, beskriven så att ingen regel varnar."),
        ("import", "csv", str(sheet)), ("rm", "nyagare"), ("mv", "INI-002", "INI-099"), ("commit",),
        ("set", "INI-001", "horizon=short", "--commit"), ("init",),
    ]


WARNING_LINE = re.compile(r"^\S+:\d+:\d+: [A-Z]\d{3} \[(warning|info)\] ")


class _Hang(BaseException):
    """Raised by the watchdog; a BaseException so no `except Exception` in planctl swallows it."""


def _watchdog(_signum: int, _frame: FrameType | None) -> None:
    raise _Hang


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A committed SMALL_PLAN with a warm cache, and a sheet that changes one horizon."""
    folder = tmp_path_factory.mktemp("odd-commands")
    root = write_plan(folder / "repo", SMALL_PLAN)
    init_repo(root)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "chore: the plan")
    env = {**os.environ, **ISOLATED, "NO_COLOR": "1"}
    sheet = folder / "sheet.csv"
    subprocess.run([str(PLANCTL), "export", "csv", "-o", str(sheet)], cwd=root, check=True, env=env)
    sheet.write_text(sheet.read_text(encoding="utf-8-sig").replace("Medel (1–3 år)", "Lång (3–5 år)"),
                     encoding="utf-8-sig")
    subprocess.run([str(PLANCTL), "check"], cwd=root, check=True, env=env, capture_output=True)
    return folder


def _prepare(base: Path, case: Path, target: Target, oddity: str) -> tuple[Path, Path, Path]:
    case.mkdir(parents=True)
    root = case / "repo"
    shutil.copytree(base / "repo", root, symlinks=True)
    outside, out = case / "outside", case / "out"
    outside.mkdir()
    out.mkdir()
    (outside / "secret.txt").write_text("not plan data\n", encoding="utf-8")
    _make(root, outside, target, oddity)
    for path in outside.rglob("*"):  # mark what lies outside, so a read of it shows in an output
        if path.is_file() and not path.is_symlink() and path.suffix in (".yaml", ".toml"):
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace("title: ", f"title: {MARK} ").replace("name: ", f"name: {MARK} ")
                            .replace('name = "', f'name = "{MARK} '), encoding="utf-8")
    return root, outside, out


def _problems(target: Target, oddity: str, args: tuple[str, ...], code: int, stdout: str, stderr: str,
              out: Path) -> list[str]:
    where = f"{target.path} as {oddity}: planctl {' '.join(args[:3])}"
    if code == -1:
        return [f"{where}: did not end within {WATCHDOG:g} s"]
    problems = []
    lines = stderr.splitlines()
    if code not in (0, 1, 2):
        problems.append(f"{where}: exit {code}")
    # an edit's warnings (`rm nyagare` may leave nothing to warn of, `add owner` does: C003) are planctl's too
    ours = all(line.startswith(("planctl: ", "wrote ")) or WARNING_LINE.match(line) for line in lines)
    if "Traceback" in stderr or "internal error" in stderr or not ours:
        problems.append(f"{where}: stderr is not planctl's one-line messages: {stderr[:300]!r}")
    named = "planctl.toml" if args == ("init",) else target.path.rsplit("/", 1)[-1]
    if code == 2 and not any(named in line for line in lines) and "nothing to commit" not in stderr:
        problems.append(f"{where}: exit 2 without a line naming {named}: {stderr.strip()[:300]}")
    shown = stdout + stderr + "".join(p.read_text(encoding="utf-8", errors="replace")
                                      for p in out.rglob("*") if p.is_file() and p.suffix != ".xlsx")
    if MARK in shown:
        problems.append(f"{where}: data from outside the repository was read")
    return problems


def _in_process(root: Path, args: tuple[str, ...]) -> tuple[int, str, str]:
    old = signal.signal(signal.SIGALRM, _watchdog)
    signal.setitimer(signal.ITIMER_REAL, WATCHDOG)
    try:
        result = invoke(*args, cwd=root, env={"NO_COLOR": "1"})
    except _Hang:
        return -1, "", ""
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    return result.exit_code, result.stdout, result.stderr


def _subprocess(root: Path, args: tuple[str, ...]) -> tuple[int, str, str]:
    try:
        proc = subprocess.run([str(PLANCTL), *args], cwd=root, capture_output=True, text=True, timeout=WATCHDOG,
                              env={**os.environ, **ISOLATED, "NO_COLOR": "1"})
    except subprocess.TimeoutExpired:
        return -1, "", ""
    return proc.returncode, proc.stdout, proc.stderr


@pytest.mark.skipif(os.name != "posix", reason="FIFOs, devices and SIGALRM are POSIX")
@pytest.mark.parametrize("target", TARGETS, ids=[t.path for t in TARGETS])
def test_every_command_over_an_odd_file(base: Path, tmp_path: Path, target: Target,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    isolate(monkeypatch)
    problems: list[str] = []
    by_subprocess = []
    for number, oddity in enumerate(ODDITIES):
        root, outside, out = _prepare(base, tmp_path / oddity, target, oddity)
        before = _snapshot(outside)
        for args in commands(out, base / "sheet.csv"):
            problems += _problems(target, oddity, args, *_in_process(root, args), out)
        if _snapshot(outside) != before:
            problems.append(f"{target.path} as {oddity}: something outside the repository changed")
        if any(line.startswith("120000 ") for line in git(root, "ls-tree", "-r", "HEAD").splitlines()):
            problems.append(f"{target.path} as {oddity}: a symbolic link was committed")
        # The installed planctl, on a fresh copy: one command per case, a different one for each
        # target and oddity, so that across the targets every command runs as a subprocess.
        again = _prepare(base, tmp_path / f"{oddity}-installed", target, oddity)
        every = commands(again[2], base / "sheet.csv")
        by_subprocess.append((oddity, again, every[(TARGETS.index(target) * len(ODDITIES) + number) % len(every)]))

    def installed(item: tuple[str, tuple[Path, Path, Path], tuple[str, ...]]) -> list[str]:
        oddity, (root, outside, out), args = item
        before = _snapshot(outside)
        found = _problems(target, oddity, args, *_subprocess(root, args), out)
        if _snapshot(outside) != before:
            found.append(f"{target.path} as {oddity}: installed planctl {args[0]} changed the outside")
        return found

    with ThreadPoolExecutor(max_workers=2) as pool:
        for found in pool.map(installed, by_subprocess):
            problems += found
    assert not problems, "\n".join(problems)

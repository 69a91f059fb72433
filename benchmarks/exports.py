"""Export, report and check benchmark: each command beside its floor, as ratios from one run.

For each size a generated plan (benchmarks/generate.py) is made once and kept under
/tmp/exports-bench/N (made again only when the generator changes), checked once so
that planctl's parse cache is warm, as it is for a curator who ran `check` before an
export. Then, round-robin in one session, every command runs as a whole process
(wall clock, CPU time of it and its children, peak RSS of its largest process):

| work | planctl | floor |
|---|---|---|
| exports, report | `export csv/xlsx/json/markdown/ics/html`, `report` (markdown, html) | the libyaml parse |
| xlsx | `export xlsx` | openpyxl write-only of the same rows (values only) |
| cold check | `check --no-cache` | the libyaml parse |
| warm check | `check`, one file changed | (goal: seconds) |
| start-up | `planctl --help` | `python -c pass` |

The parse floor (benchmarks/floors.py) reads every plan file and parses it with PyYAML's
CSafeLoader when PyYAML has libyaml, else composes it with ruamel's C parser; the output
says which. Checks run with `--today 2021-06-01` (the generated plan's dates are current
then) and the report with `--date 2021-06-01`.

    python benchmarks/exports.py --sizes 1000 10000 50000 --repeat 3
    python benchmarks/exports.py --sizes 100000 --repeat 2 --only floor check-cold check-warm

The goals (issue 17): every export and the report at 50,000 initiatives ≤ 2.5x the parse
floor, growth 10k -> 50k ≤ 5.5x; export xlsx ≤ 2x openpyxl; --help ≤ 0.25 s; warm check at
100,000 ≤ 4 s, cold ≤ 1.2x the parse floor; cold peak ≤ 500 MiB at 100,000, ≤ 120 MiB at 10,000.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from edits import timed  # noqa: E402 - after the sys.path line above
from floors import parser  # noqa: E402
from generate import TODAY as _TODAY  # noqa: E402
from run import BIN, touch_one  # noqa: E402

CACHE = Path("/tmp/exports-bench")
TODAY = _TODAY.isoformat()
PLANCTL = str(BIN / "planctl")
PYTHON = sys.executable
FLOORS = str(HERE / "floors.py")
Figures = dict[str, dict[str, Any]]
"""Per command key: its label, median wall and CPU seconds, peak RSS, and the key of its floor."""


@dataclass
class Scenario:
    """One command to time; `before` runs untimed ahead of each run (e.g. removes the last output)."""

    key: str
    label: str
    cmd: list[str]
    floor: str | None = None  # the key of the scenario it is divided by
    before: Callable[[], None] | None = None
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss: int = 0


def plan_for(n: int) -> Path:
    """The generated plan of n initiatives, made once per version of the generator."""
    root = CACHE / str(n)
    key = hashlib.sha256((HERE / "generate.py").read_bytes()).hexdigest() + f" {n}"
    marker = root / ".bench-generated"
    if not (marker.exists() and marker.read_text(encoding="utf-8") == key):
        # In a process of its own, as is everything that grows with the plan: a child's peak RSS
        # counts its parent's peak before the exec, so this process must stay small.
        subprocess.run([PYTHON, str(HERE / "generate.py"), str(n), str(root)], check=True)
        marker.write_text(key, encoding="utf-8")
    return root


def run_ok(cmd: list[str], root: Path) -> tuple[float, float, int]:
    wall, cpu, code, rss = timed(cmd, root)
    if code != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {code} in {root}")
    return wall, cpu, rss


def scenarios(root: Path, out: Path) -> list[Scenario]:
    def fresh(path: Path) -> Callable[[], None]:
        return lambda: shutil.rmtree(path, ignore_errors=True)

    rows = out / "rows.pickle"
    runs = itertools.count()
    return [
        Scenario("floor", "parse floor (libyaml)", [PYTHON, FLOORS, "parse", str(root)]),
        Scenario("check-cold", "check --no-cache (cold)",
                 [PLANCTL, "check", "-q", "--no-cache", "--today", TODAY], floor="floor"),
        Scenario("check-warm", "check, warm, 1 file changed", [PLANCTL, "check", "-q", "--today", TODAY],
                 before=lambda: touch_one(root, next(runs))),
        Scenario("csv", "export csv", [PLANCTL, "export", "csv", "-o", str(out / "plan.csv")], floor="floor"),
        Scenario("xlsx", "export xlsx", [PLANCTL, "export", "xlsx", "-o", str(out / "plan.xlsx")], floor="floor"),
        Scenario("openpyxl", "openpyxl write-only, same rows", [PYTHON, FLOORS, "xlsx", str(rows),
                                                                  str(out / "floor.xlsx")]),
        Scenario("json", "export json", [PLANCTL, "export", "json", "-o", str(out / "plan.json")], floor="floor"),
        Scenario("markdown", "export markdown", [PLANCTL, "export", "markdown", "-o", str(out / "plan.md")],
                 floor="floor"),
        Scenario("ics", "export ics", [PLANCTL, "export", "ics", "-o", str(out / "plan.ics")], floor="floor"),
        Scenario("html", "export html (fresh folder)", [PLANCTL, "export", "html", "-o", str(out / "site")],
                 floor="floor", before=fresh(out / "site")),
        Scenario("report-md", "report (markdown)",
                 [PLANCTL, "report", "--date", TODAY, "-o", str(out / "report.md")], floor="floor"),
        Scenario("report-html", "report --format html",
                 [PLANCTL, "report", "-f", "html", "--date", TODAY, "-o", str(out / "report.html")], floor="floor"),
    ]


def bench_size(n: int, repeat: int, only: set[str] | None) -> Figures:
    root = plan_for(n)
    out = CACHE / f"out-{n}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    shutil.rmtree(root / ".planctl_cache", ignore_errors=True)
    steps = [s for s in scenarios(root, out) if only is None or s.key in only]
    keys = {s.key for s in steps}
    run_ok([PLANCTL, "check", "-q", "--today", TODAY], root)  # the parse cache, and the OS's file cache
    if "openpyxl" in keys:
        run_ok([PLANCTL, "export", "xlsx", "-o", str(out / "plan.xlsx")], root)
        run_ok([PYTHON, FLOORS, "rows", str(out / "plan.xlsx"), str(out / "rows.pickle")], root)
    for _ in range(repeat):
        for step in steps:
            if step.before is not None:
                step.before()
            wall, cpu, rss = run_ok(step.cmd, root)
            step.wall.append(wall)
            step.cpu.append(cpu)
            step.rss = max(step.rss, rss)
    figures = {s.key: {"label": s.label, "median": statistics.median(s.wall), "cpu": statistics.median(s.cpu),
                       "peak_rss_mib": s.rss, "floor": s.floor} for s in steps}
    shutil.rmtree(out, ignore_errors=True)
    return figures


def startup(repeat: int) -> Figures:
    """`planctl --help` and `python -c pass`, interleaved."""
    cmds = {"help": [PLANCTL, "--help"], "python": [PYTHON, "-c", "pass"]}
    walls: dict[str, list[float]] = {k: [] for k in cmds}
    cpus: dict[str, list[float]] = {k: [] for k in cmds}
    for _ in range(repeat):
        for key, cmd in cmds.items():
            wall, cpu, _rss = run_ok(cmd, HERE)
            walls[key].append(wall)
            cpus[key].append(cpu)
    return {k: {"median": statistics.median(walls[k]), "cpu": statistics.median(cpus[k])} for k in cmds}


GOAL_RATIO = {"csv": 2.5, "xlsx": 2.5, "json": 2.5, "markdown": 2.5, "ics": 2.5, "html": 2.5, "report-md": 2.5,
              "report-html": 2.5, "check-cold": 1.2}


def ratio_table(n: int, figures: Figures, repeat: int) -> None:
    """Wall-clock ratios (what the goals name), and CPU ratios beside them: on a loaded machine a
    process's own CPU time moves less than its wall time (the cold check uses both cores, so its
    CPU time is above its wall time)."""
    print(f"\n{n:,} initiatives (median of {repeat}; ratio: wall / the floor's wall, CPU / the floor's CPU)")
    print("| command | wall s | CPU s | peak RSS MiB | ratio wall | ratio CPU | goal |\n"
          "|---|---:|---:|---:|---:|---:|---|")
    for key, f in figures.items():
        wall, cpu, goal = [], [], ""
        floor = f.get("floor")
        if floor and floor in figures:
            base = figures[floor]
            wall.append(f"{f['median'] / base['median']:.2f}x parse")
            cpu.append(f"{f['cpu'] / base['cpu']:.2f}x parse")
            goal = f"≤ {GOAL_RATIO[key]}x parse" if key in GOAL_RATIO else ""
        if key == "xlsx" and "openpyxl" in figures:
            wall.append(f"{f['median'] / figures['openpyxl']['median']:.2f}x openpyxl")
            cpu.append(f"{f['cpu'] / figures['openpyxl']['cpu']:.2f}x openpyxl")
            goal += ", ≤ 2x openpyxl"
        if key == "check-warm":
            goal = "≤ 4 s at 100k"
        if key == "check-cold":
            goal += ", ≤ 500 MiB at 100k, ≤ 120 MiB at 10k"
        print(f"| {f['label']} | {f['median']:.2f} | {f['cpu']:.2f} | {f['peak_rss_mib']} | {', '.join(wall)} | "
              f"{', '.join(cpu)} | {goal} |")
    sys.stdout.flush()


def growth_table(results: dict[int, Figures]) -> None:
    sizes = sorted(results)
    keys = [k for k in results[sizes[0]] if all(k in results[n] for n in sizes)]
    print("\nGrowth (median wall s at each size; in brackets: x the size before)")
    print("| command | " + " | ".join(f"{n:,}" for n in sizes) + " |\n|---|" + "---:|" * len(sizes))
    for key in keys:
        cells = []
        for i, n in enumerate(sizes):
            t = results[n][key]["median"]
            cells.append(f"{t:.2f}" + (f" ({t / results[sizes[i - 1]][key]['median']:.1f}x)" if i else ""))
        print(f"| {results[sizes[0]][key]['label']} | " + " | ".join(cells) + " |")


def main() -> None:
    parser_ = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser_.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser_.add_argument("--repeat", type=int, default=3)
    parser_.add_argument("--only", nargs="+", metavar="KEY",
                         help="only these: floor check-cold check-warm csv xlsx openpyxl json markdown ics html "
                              "report-md report-html")
    parser_.add_argument("--json", type=Path, help="also write the figures here")
    parser_.add_argument("--planctl", help="the planctl to measure (default: this environment's)")
    args = parser_.parse_args()
    if args.planctl:
        global PLANCTL
        PLANCTL = args.planctl
    # As benchmarks/run.py: an editable checkout is timed with its bytecode compiled, like a wheel.
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(HERE.parent / "src" / "planctl")], check=True,
                   stdout=subprocess.DEVNULL, env={**os.environ, "PYTHONDONTWRITEBYTECODE": ""})
    print(f"parse floor: {parser()[0]}; {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    s = startup(max(10, args.repeat * 4))
    print(f"planctl --help {s['help']['median']:.3f} s (CPU {s['help']['cpu']:.3f} s), python -c pass "
          f"{s['python']['median']:.3f} s (CPU {s['python']['cpu']:.3f} s); goal --help ≤ 0.25 s")
    results: dict[int, Figures] = {}
    only = set(args.only) if args.only else None
    for n in args.sizes:
        results[n] = bench_size(n, args.repeat, only)
        ratio_table(n, results[n], args.repeat)
    if len(results) > 1:
        growth_table(results)
    if args.json:
        args.json.write_text(json.dumps({"startup": s, "parse_floor": parser()[0],
                                         **{str(n): r for n, r in results.items()}}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()

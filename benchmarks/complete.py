"""What one Tab press costs: planctl's shell completion, run as the shell runs it.

Each request is a new `planctl` process with the variables typer's bash script
sets (`_PLANCTL_COMPLETE=complete_bash`, `COMP_WORDS`, `COMP_CWORD`), on the
bundled plan and on a generated 10,000-initiative plan, round-robin with two
baselines in the same session: Python starting and exiting, and a bare typer
app answering `--version` (the floor for any typer CLI). The machine is shared,
so the minimum (what a Tab press costs when the machine is free) and the CPU
time of the process are reported beside the median.

    python benchmarks/complete.py --repeat 20
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402 - after the sys.path line above

REQUESTS = [  # (what is typed, COMP_CWORD)
    ("planctl show INI-01", 2),
    ("planctl show ", 2),
    ("planctl set INI-001 sta", 3),
    ("planctl set INI-001 status = on", 5),
    ("planctl set INI-001 owner = sk", 5),
    ("planctl milestone done INI-004 ", 4),
    ("planctl list ", 2),
    ("planctl sh", 1),
]


def once(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, int]:
    """(wall ms, CPU ms of the process, lines printed)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return wall, cpu, len(out.stdout.splitlines())


def bench(plans: dict[str, Path], repeat: int) -> list[tuple[str, str, list[tuple[float, float, int]]]]:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_COMPLETE")}
    cases: list[tuple[str, str, list[str], Path, dict[str, str]]] = [
        ("-", "python -c pass", [sys.executable, "-c", "pass"], REPO, env),
        ("-", "bare typer app --version", [sys.executable, str(HERE / "bare_typer.py"), "--version"], REPO, env),
    ]
    for plan, root in plans.items():
        for words, cword in REQUESTS:
            request = dict(env, _PLANCTL_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=str(cword))
            cases.append((plan, words, [str(BIN / "planctl")], root, request))
    samples: list[list[tuple[float, float, int]]] = [[] for _ in cases]
    for _ in range(repeat):
        for i, (_plan, _what, cmd, cwd, case_env) in enumerate(cases):
            samples[i].append(once(cmd, cwd, case_env))
    return [(plan, what, s) for (plan, what, *_), s in zip(cases, samples, strict=True)]


def main() -> None:
    parser = argparse.ArgumentParser(description="planctl shell completion, one Tab press at a time")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--size", type=int, default=10000, help="initiatives in the generated plan")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "plan"
        generate(args.size, big)
        rows = bench({"bundled": REPO, f"{args.size:,}": big}, args.repeat)
    print("| plan | request | lines | wall min | wall median | CPU min | CPU median |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for plan, what, s in rows:
        wall, cpu = [x[0] for x in s], [x[1] for x in s]
        print(f"| {plan} | `{what}` | {s[-1][2]} | {min(wall):.0f} ms | {statistics.median(wall):.0f} ms "
              f"| {min(cpu):.0f} ms | {statistics.median(cpu):.0f} ms |")


if __name__ == "__main__":
    main()

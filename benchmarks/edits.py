"""Edit benchmark: planctl's edits, `commit` and `mv` beside what the same change costs without planctl.

For each size a generated plan (benchmarks/generate.py) is committed to git and
checked once, so that the cache is warm, as it is for a curator who ran `check`.
Then, round-robin in one session, each edit runs and, in the same state of the
repository, its floor: the least any tool can do for the same change.

| work | planctl | floor |
|---|---|---|
| set | `set INI-k title=...` | `sed -i` of the one file (writing the file) |
| add / rm | `add initiative ...` / `rm` of it | writing / deleting the one file |
| milestone | `milestone add` / `milestone rm` | `sed -i` of the one file (a comment line) |
| commit | `commit -m` after one change | `git add -A && git commit` of the same change |
| mv | `mv FO1.1 FO1.99` (a sub-goal N initiatives serve) | `grep -l` + `sed -i` + `mv` |

INI-k is an initiative nothing refers to. Every command is timed as a whole process
(wall clock, median of the rounds; CPU time too), and a `planctl check` (not timed)
runs after each change so that the next command meets a warm cache again. The cold
`check --no-cache` is run once per size for its peak memory.

    python benchmarks/edits.py --sizes 1000 10000 50000 100000 --repeat 3
    python benchmarks/edits.py --sizes 100000 --repeat 1 --keep /tmp/bench --only set commit --no-cold

The goals (issue 17): set/add/milestone/rm at 100,000 initiatives ≤ 1.0 s; commit ≤ 2x its
floor; mv grows with the number of referring files, not with the plan; cold check peak
≤ 500 MiB at 100,000 and ≤ 120 MiB at 10,000.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402 - after the sys.path line above
from history import GIT_ENV  # noqa: E402
from run import BIN  # noqa: E402

PLANCTL = str(BIN / "planctl")


def timed(cmd: list[str] | str, cwd: Path) -> tuple[float, float, int, int]:
    """(wall s, CPU s of the process and its children, exit code, peak RSS MiB) of one command."""
    env = {**os.environ, **GIT_ENV}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                            shell=isinstance(cmd, str))
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status), usage.ru_maxrss // 1024


def quiet(cmd: list[str] | str, cwd: Path) -> None:
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, **GIT_ENV}, shell=isinstance(cmd, str))


def warm(root: Path) -> None:
    """A check, as a curator runs one: the next command finds every file in the cache."""
    subprocess.run([PLANCTL, "check", "-q"], cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False)


def prepare(n: int, workdir: Path, keep: Path | None = None) -> Path:
    """The plan of `n` initiatives in git, checked once. With `keep`, generated and committed once
    in `keep/src-N` (a 100,000-initiative plan takes minutes) and copied for each run."""
    root = workdir / f"plan-{n}"
    source = keep / f"src-{n}" if keep is not None else None
    if source is not None and (source / ".git").is_dir():
        shutil.copytree(source, root, symlinks=True)
        shutil.rmtree(root / ".planctl_cache", ignore_errors=True)
    else:
        generate(n, root)
        quiet("git init -q && git add -A && git commit -qm plan", root)
        if source is not None:
            shutil.copytree(root, source, symlinks=True)
    warm(root)
    return root


class Scenarios:
    """Each scenario: (planctl command, floor command), both taking the repository from one
    state to another; `step` runs the pair and leaves the plan as it found it."""

    def __init__(self, root: Path, n: int) -> None:
        self.root = root
        self.ini = f"INI-{n // 2 + 1}"  # nothing refers to an initiative; an odd one has no milestones
        self.path = f"plan/initiatives/{self.ini}.yaml"
        self.flip = False
        self.added = ""

    def all(self) -> dict[str, Callable[[], tuple[tuple[float, float], tuple[float, float]]]]:
        return {"set": self.set_, "add": self.add, "rm": self.rm, "milestone add": self.milestone_add,
                "milestone rm": self.milestone_rm, "commit": self.commit, "mv": self.mv}

    def _pair(self, ours: list[str] | str, floor: list[str] | str, undo: list[str] | str | None = None
              ) -> tuple[tuple[float, float], tuple[float, float]]:
        a = timed(ours, self.root)
        if a[2] != 0:
            raise SystemExit(f"{ours} exited {a[2]} in {self.root}")
        if undo is not None:
            quiet(undo, self.root)
        b = timed(floor, self.root)
        if b[2] != 0:
            raise SystemExit(f"{floor} exited {b[2]}")
        warm(self.root)
        return (a[0], a[1]), (b[0], b[1])

    def set_(self) -> tuple[tuple[float, float], tuple[float, float]]:
        self.flip = not self.flip
        title = "Mätt titel A" if self.flip else "Mätt titel B"
        return self._pair([PLANCTL, "set", self.ini, f"title={title}"],
                          f"sed -i 's/^title: .*/title: {title} igen/' {self.path}")

    def add(self) -> tuple[tuple[float, float], tuple[float, float]]:
        folder = self.root / "plan/initiatives"
        there = set(os.listdir(folder))
        a = timed([PLANCTL, "add", "initiative", "--title", "Ny insats för mätning", "--owner", "aktor-0001",
                   "--goal", "FO1.1", "--status", "proposed", "--horizon", "short"], self.root)
        new = {name for name in set(os.listdir(folder)) - there if name.endswith(".yaml")}
        if a[2] != 0 or len(new) != 1:
            raise SystemExit(f"add exited {a[2]} in {self.root}, new files {sorted(new)}")
        self.added = new.pop().removesuffix(".yaml")
        b = timed(f"cp {self.path} plan/initiatives/copy.yml.txt", self.root)  # a file, not a plan file
        warm(self.root)
        return (a[0], a[1]), (b[0], b[1])

    def rm(self) -> tuple[tuple[float, float], tuple[float, float]]:
        return self._pair([PLANCTL, "rm", self.added], "rm plan/initiatives/copy.yml.txt")

    def milestone_add(self) -> tuple[tuple[float, float], tuple[float, float]]:
        return self._pair([PLANCTL, "milestone", "add", self.ini, "Mätt delleverans", "--due", "2030-01-01"],
                          f"sed -i '$a # golv' {self.path}")  # writing the one file

    def milestone_rm(self) -> tuple[tuple[float, float], tuple[float, float]]:
        return self._pair([PLANCTL, "milestone", "rm", self.ini, "Mätt delleverans"],
                          f"sed -i '/^# golv$/d' {self.path}")

    def commit(self) -> tuple[tuple[float, float], tuple[float, float]]:
        quiet("git add -A && git commit -qm 'bench: what the other scenarios changed'", self.root)
        quiet(f"sed -i 's/^title: .*/title: Inför commit A/' {self.path}", self.root)
        warm(self.root)
        a = timed([PLANCTL, "commit", "-m", "bench: one change"], self.root)
        quiet(f"sed -i 's/^title: .*/title: Inför commit B/' {self.path}", self.root)
        b = timed("git add -A && git commit -qm 'bench: one change'", self.root)
        warm(self.root)
        return (a[0], a[1]), (b[0], b[1])

    def mv(self) -> tuple[tuple[float, float], tuple[float, float]]:
        a = timed([PLANCTL, "mv", "FO1.1", "FO1.99"], self.root)
        if a[2] != 0:
            raise SystemExit(f"mv exited {a[2]}")
        b = timed("{ grep -rlZ -e '- FO1.99$' plan; printf 'plan/goals/FO1.99.yaml\\0'; } | xargs -0 sed -i "
                  "'s/^\\(  - \\)FO1\\.99$/\\1FO1.1/; s/^id: FO1\\.99$/id: FO1.1/' "
                  "&& mv plan/goals/FO1.99.yaml plan/goals/FO1.1.yaml", self.root)
        if b[2] != 0 or not (self.root / "plan/goals/FO1.1.yaml").read_text(encoding="utf-8").startswith("id: FO1.1\n"):
            raise SystemExit("the floor of mv did not move FO1.99 back")
        warm(self.root)
        return (a[0], a[1]), (b[0], b[1])


def bench_size(n: int, repeat: int, workdir: Path, keep: Path | None = None,
               only: list[str] | None = None, cold_check: bool = True) -> dict[str, object]:
    root = prepare(n, workdir, keep)
    cold = timed([PLANCTL, "check", "--no-cache", "-q"], root) if cold_check else (0.0, 0.0, 0, 0)
    scenarios = Scenarios(root, n)
    referring = subprocess.run("grep -rl -e '- FO1.1$' plan/initiatives | wc -l", cwd=root, shell=True,
                               capture_output=True, text=True, check=True).stdout.strip()
    times: dict[str, list[tuple[tuple[float, float], tuple[float, float]]]] = {}
    for _ in range(repeat):
        for name, step in scenarios.all().items():
            if only and name.split()[0] not in only and name not in only:
                continue
            times.setdefault(name, []).append(step())
    shutil.rmtree(root)
    rows = {}
    for name, runs in times.items():
        ours = statistics.median(r[0][0] for r in runs)
        floor = statistics.median(r[1][0] for r in runs)
        rows[name] = {"planctl": ours, "planctl_cpu": statistics.median(r[0][1] for r in runs), "floor": floor,
                      "ratio": ours / floor if floor else float("inf")}
    return {"rows": rows, "cold_check_s": cold[0], "cold_check_peak_mib": cold[3], "mv_referring": referring}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--keep", type=Path, help="generate each plan once into this folder and reuse it")
    parser.add_argument("--only", nargs="+", help="run only these scenarios (e.g. set commit)")
    parser.add_argument("--no-cold", action="store_true", help="leave out the cold check (its peak memory)")
    parser.add_argument("--planctl", help="the planctl to measure (default: this environment's), e.g. "
                                          "another checkout's, for its figures before a change")
    args = parser.parse_args()
    if args.planctl:
        global PLANCTL
        PLANCTL = args.planctl
    results: dict[int, dict[str, object]] = {}
    with tempfile.TemporaryDirectory(prefix="planctl-edits-") as tmp:
        for n in args.sizes:
            results[n] = bench_size(n, args.repeat, Path(tmp), args.keep, args.only, not args.no_cold)
            figures = results[n]
            rows = figures["rows"]
            assert isinstance(rows, dict)
            print(f"\n{n:,} initiatives (median of {args.repeat}, wall clock; mv: FO1.1, "
                  f"{figures['mv_referring']} referring files)")
            print("| work | planctl s | CPU s | floor s | ratio |\n|---|---:|---:|---:|---:|")
            for name, row in rows.items():
                print(f"| {name} | {row['planctl']:.2f} | {row['planctl_cpu']:.2f} | {row['floor']:.3f} | "
                      f"{row['ratio']:.1f}x |")
            print(f"cold check --no-cache: {figures['cold_check_s']:.1f} s, peak {figures['cold_check_peak_mib']} MiB")
            sys.stdout.flush()
    sizes = sorted(results)
    if len(sizes) > 1:
        print(f"\nGrowth (median planctl time at each size / at {sizes[0]:,})")
        print("| work | " + " | ".join(f"{n:,}" for n in sizes) + " |\n|---|" + "---:|" * len(sizes))
        first = results[sizes[0]]["rows"]
        assert isinstance(first, dict)
        for name in first:
            cells = []
            for n in sizes:
                rows = results[n]["rows"]
                assert isinstance(rows, dict)
                cells.append(f"{rows[name]['planctl']:.2f} s ({rows[name]['planctl'] / first[name]['planctl']:.1f}x)")
            print(f"| {name} | " + " | ".join(cells) + " |")
        print("| cold check peak | " + " | ".join(f"{results[n]['cold_check_peak_mib']} MiB" for n in sizes) + " |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()

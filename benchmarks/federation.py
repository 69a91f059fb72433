"""Federation benchmark: `planctl rollup` against the git fetches and the check it cannot avoid.

Builds a national plan and N member plans of M initiatives each (benchmarks/generate.py,
each member's goals rewritten to the national plan's namespaced sub-goals, `nat:FO1.2`),
every member a local bare repository (made with git fast-import: no network, no work
tree). Then, in one session:

- cold: `planctl rollup` with an empty cache, against the sum of a bare `git fetch` of
  every member into an empty repository, one after the other, plus one `planctl check
  --no-cache` of the largest member (its upstream already fetched);
- warm: one member pushes a change, `planctl rollup` again, against one member's
  `planctl check --no-cache`;
- the peak memory (RSS) of the roll-up.

    python benchmarks/federation.py --members 300 --initiatives 50

The goals (issue 16): cold ≤ 1.5 x (fetches + one check); warm ≤ 2 x one member's check.
Wall-clock times on a shared machine are noisy: the ratios, taken in one run, are what
to compare (CPU times of the child processes are given beside them).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
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

GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "Bench",
           "GIT_AUTHOR_EMAIL": "bench@example.se", "GIT_COMMITTER_NAME": "Bench",
           "GIT_COMMITTER_EMAIL": "bench@example.se"}
ENV = {**os.environ, **GIT_ENV}


def git(cwd: Path, *args: str, stdin: bytes | None = None) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, check=True, env=ENV)
    return done.stdout.decode()


def _fast_import(bare: Path, files: dict[str, bytes], message: str, parent: bool = False) -> None:
    """One commit of `files` on main of the bare repository (created when missing)."""
    if not (bare / "HEAD").exists():
        git(bare.parent, "init", "-q", "--bare", "-b", "main", str(bare))
    stream = [b"commit refs/heads/main\n", b"committer Bench <bench@example.se> 1700000000 +0100\n",
              b"data %d\n%s\n" % (len(message.encode()), message.encode())]
    if parent:
        stream.append(b"from refs/heads/main^0\n")
    else:
        stream.append(b"deleteall\n")
    for path, data in sorted(files.items()):
        stream.append(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(data), data))
    git(bare, "fast-import", "--quiet", stdin=b"".join(stream))


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def build(members: int, initiatives: int, work: Path) -> tuple[Path, Path, str]:
    """(federation folder, national bare repository, national commit); members in work/remotes."""
    national_src = work / "national-src"
    generate(20, national_src, seed=1)
    national = work / "national.git"
    _fast_import(national, _files(national_src), "feat(plan): the national plan")
    rev = git(national, "rev-parse", "main").strip()
    upstream = f'\n[upstream]\nurl = "{national}"\nrev = "{rev}"\nref = "main"\nnamespace = "nat"\n'
    lines = [f'[federation]\nname = "Benchmark"\nnational = "{national}"\n']
    src = work / "member-src"
    for i in range(members):
        generate(initiatives + (i % 7), src, seed=100 + i)  # sizes differ a little; the largest is checked alone
        files = {}
        for rel, data in _files(src).items():
            if rel.startswith("plan/goals/"):
                continue  # a member serves the national sub-goals
            if rel.startswith("plan/initiatives/"):
                data = data.replace(b"\n  - FO", b"\n  - nat:FO")
            if rel == "planctl.toml":
                data = data.replace(b"Syntetisk plan", f"Huvudman {i}".encode()) + upstream.encode()
            files[rel] = data
        bare = work / "remotes" / f"m{i:03d}.git"
        bare.parent.mkdir(parents=True, exist_ok=True)
        _fast_import(bare, files, f"feat(plan): member {i}")
        lines.append(f'[[member]]\nname = "Huvudman {i:03d}"\nurl = "{bare}"\nref = "main"\nkind = "municipal"\n'
                     f'code = "{1000 + i}"\n')
    folder = work / "fed"
    folder.mkdir()
    (folder / "federation.toml").write_text("\n".join(lines), encoding="utf-8")
    return folder, national, rev


def timed(cmd: list[str], cwd: Path) -> dict[str, float]:
    """Wall seconds, CPU seconds of the process and its children, peak RSS (MiB), exit code."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "rss_mib": usage.ru_maxrss / 1024, "exit": os.waitstatus_to_exitcode(status)}


def fetch_all(work: Path, members: int) -> dict[str, float]:
    """A bare `git fetch` of every member into an empty repository, one after another."""
    target = work / "fetch-baseline"
    wall = cpu = 0.0
    for i in range(members):
        repo = target / f"m{i:03d}.git"
        git(target.parent, "init", "-q", "--bare", str(repo))
        t = timed(["git", "--git-dir", str(repo), "fetch", "-q", "--no-tags", str(work / "remotes" / f"m{i:03d}.git"),
                   "+main:refs/heads/main"], work)
        wall, cpu = wall + t["wall"], cpu + t["cpu"]
    return {"wall": wall, "cpu": cpu}


def member_checkout(work: Path, i: int) -> Path:
    out = work / f"checkout-{i}"
    git(work, "clone", "-q", str(work / "remotes" / f"m{i:03d}.git"), str(out))
    subprocess.run([str(BIN / "planctl"), "check", "-q", "--exit-zero"], cwd=out, env=ENV, capture_output=True)
    return out  # the upstream is in its cache now, as for any member that checked once


def main() -> None:
    parser = argparse.ArgumentParser(description="planctl rollup vs git fetch + planctl check")
    parser.add_argument("--members", type=int, default=300)
    parser.add_argument("--initiatives", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3, help="warm runs (the cold one runs once)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "src" / "planctl")],
                   check=True, stdout=subprocess.DEVNULL, env={**os.environ, "PYTHONDONTWRITEBYTECODE": ""})
    work = Path(tempfile.mkdtemp(prefix="planctl-fed-bench-"))
    planctl = str(BIN / "planctl")
    try:
        t0 = time.perf_counter()
        folder, _national, _rev = build(args.members, args.initiatives, work)
        print(f"built {args.members} members in {time.perf_counter() - t0:.1f} s")
        largest = max(range(args.members), key=lambda i: i % 7)
        checkout = member_checkout(work, largest)
        fetches = fetch_all(work, args.members)
        check = timed([planctl, "check", "-q", "--exit-zero", "--no-cache"], checkout)
        cold = timed([planctl, "rollup", "-q"], folder)
        warm_runs = []
        for r in range(args.repeat):
            _push(work, r)
            warm_runs.append(timed([planctl, "rollup", "-q"], folder))
        unchanged = sorted((timed([planctl, "rollup", "-q"], folder) for _ in range(args.repeat)),
                           key=lambda t: t["wall"])[args.repeat // 2]
        checks = [timed([planctl, "check", "-q", "--exit-zero", "--no-cache"], checkout) for _ in range(args.repeat)]
        warm = sorted(warm_runs, key=lambda t: t["wall"])[len(warm_runs) // 2]
        one = sorted(checks, key=lambda t: t["wall"])[len(checks) // 2]
        baseline = fetches["wall"] + check["wall"]
        figures = {
            "members": args.members, "initiatives": args.initiatives, "cpus": os.cpu_count(),
            "cold_rollup": cold, "fetch_all": fetches, "check_largest": check, "warm_rollup": warm,
            "check_one": one, "unchanged_rollup": unchanged,
            "cold_ratio": cold["wall"] / baseline, "cold_ratio_cpu": cold["cpu"] / (fetches["cpu"] + check["cpu"]),
            "warm_ratio": warm["wall"] / one["wall"], "warm_ratio_cpu": warm["cpu"] / one["cpu"],
            "unchanged_ratio": unchanged["wall"] / one["wall"], "unchanged_ratio_cpu": unchanged["cpu"] / one["cpu"],
            "peak_rss_mib": {"cold": cold["rss_mib"], "warm": warm["rss_mib"], "check": one["rss_mib"]},
        }
        print(f"| measure | wall s | CPU s |\n|---|---:|---:|\n"
              f"| cold rollup ({args.members} members) | {cold['wall']:.2f} | {cold['cpu']:.2f} |\n"
              f"| git fetch of every member, one by one | {fetches['wall']:.2f} | {fetches['cpu']:.2f} |\n"
              f"| planctl check of the largest member | {check['wall']:.2f} | {check['cpu']:.2f} |\n"
              f"| warm rollup, one member changed | {warm['wall']:.2f} | {warm['cpu']:.2f} |\n"
              f"| warm rollup, nothing changed | {unchanged['wall']:.2f} | {unchanged['cpu']:.2f} |\n"
              f"| planctl check of one member | {one['wall']:.2f} | {one['cpu']:.2f} |")
        print(f"\ncold ratio {figures['cold_ratio']:.2f} (CPU {figures['cold_ratio_cpu']:.2f}), goal <= 1.5; "
              f"warm ratio {figures['warm_ratio']:.2f} (CPU {figures['warm_ratio_cpu']:.2f}), goal <= 2; "
              f"nothing changed {figures['unchanged_ratio']:.2f} (CPU {figures['unchanged_ratio_cpu']:.2f}); "
              f"peak RSS of the roll-up {cold['rss_mib']:.0f} MiB (warm {warm['rss_mib']:.0f} MiB, "
              f"one check {one['rss_mib']:.0f} MiB)")
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2) + "\n")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _push(work: Path, r: int) -> None:
    """Member 0 changes one initiative's status (a new commit on its main): its counts change,
    so the roll-up's every output (the workbook too) is written again."""
    bare = work / "remotes" / "m000.git"
    path = "plan/initiatives/INI-001.yaml"
    text = git(bare, "show", f"main:{path}")
    status = ("proposed", "decided")[r % 2]
    lines = [f"status: {status}" if line.startswith("status:") else line for line in text.splitlines()]
    _fast_import(bare, {path: ("\n".join(lines) + "\n").encode()}, f"fix(plan): status {status}", parent=True)


if __name__ == "__main__":
    main()

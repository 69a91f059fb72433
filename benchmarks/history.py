"""History benchmark: `planctl diff` and `planctl log` against `git diff --stat` and `git log --stat`.

Builds a generated plan of N initiatives (benchmarks/generate.py), commits it, then adds
COMMITS commits on top that each touch a few initiatives, the way curators work: fields
set with planctl-style trailers, initiatives added, removed and renamed (with a
`Plan-Renamed` trailer, and by hand without one), and some plain `git commit`s. Every
command then runs round-robin in the same session, and we report medians and ratios:
the machine is shared and noisy, so only a ratio taken in one run is worth comparing.

    pip install -e '.[bench]'
    python benchmarks/history.py --sizes 10000 50000 --repeat 5

The goals (issue 17): `planctl diff HEAD~300 HEAD` ≤ 3 x `git diff --stat HEAD~300 HEAD`
+ planctl's start-up, whatever the plan's size; `planctl log` ≤ 1.5 x `git log --stat`.
planctl's start-up is measured as `planctl diff HEAD HEAD` in the same repository: the
interpreter, the imports, the configuration and the repository, and no change to read.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import STATUSES, generate  # noqa: E402 - after the sys.path line above
from run import BIN, REPO, run  # noqa: E402

GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "Bench",
           "GIT_AUTHOR_EMAIL": "bench@example.se", "GIT_COMMITTER_NAME": "Bench",
           "GIT_COMMITTER_EMAIL": "bench@example.se"}


def git(root: Path, *args: str, stdin: bytes | None = None) -> str:
    done = subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True, check=True,
                          env={**os.environ, **GIT_ENV})
    return done.stdout.decode()


def _data(text: str) -> bytes:
    raw = text.encode("utf-8")
    return b"data %d\n" % len(raw) + raw + b"\n"


def build_history(n: int, commits: int, root: Path, seed: int = 17) -> dict[str, int]:
    """The plan committed once, then `commits` commits of a few initiatives each (git fast-import:
    committing 300 times through a 50,000-file index would take minutes). Returns what was made."""
    rng = random.Random(seed)
    generate(n, root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "initial plan")
    live = [f"INI-{i:03d}" for i in range(1, n + 1)]
    content: dict[str, str] = {}
    next_id = n + 1
    made = {"changed": 0, "added": 0, "removed": 0, "renamed (trailer)": 0, "renamed (by hand)": 0, "plain": 0}

    def text(ident: str) -> str:
        if ident not in content:
            content[ident] = (root / "plan" / "initiatives" / f"{ident}.yaml").read_text(encoding="utf-8")
        return content[ident]

    stream: list[bytes] = []
    when = 1_600_000_000
    for c in range(commits):
        when += 3600
        ops: list[bytes] = []
        roll = rng.random()
        trailers: list[str] = []
        if roll < 0.10:  # add an initiative
            ident = f"INI-{next_id:03d}"
            next_id += 1
            base = text(rng.choice(live)).splitlines()
            body = "\n".join(f"id: {ident}" if line.startswith("id: ") else
                             f"title: Ny insats {ident} om {rng.choice(('stöd', 'kompetens', 'verktyg'))}"
                             if line.startswith("title: ") else line for line in base) + "\n"
            content[ident] = body
            live.append(ident)
            ops.append(f"M 100644 inline plan/initiatives/{ident}.yaml\n".encode() + _data(body))
            subject, trailers = f"feat(initiatives): add {ident}", [f"Plan-Added: {ident}"]
            made["added"] += 1
        elif roll < 0.15:  # remove one
            ident = live.pop(rng.randrange(len(live)))
            ops.append(f"D plan/initiatives/{ident}.yaml\n".encode())
            subject, trailers = f"chore(initiatives): remove {ident}", [f"Plan-Removed: {ident}"]
            made["removed"] += 1
        elif roll < 0.25:  # rename one, with the trailer `planctl mv` writes, or by hand without it
            old = live.pop(rng.randrange(len(live)))
            new = f"INI-{next_id:03d}"
            next_id += 1
            body = text(old).replace(f"id: {old}\n", f"id: {new}\n")
            content[new] = body
            live.append(new)
            ops.append(f"D plan/initiatives/{old}.yaml\n".encode())
            ops.append(f"M 100644 inline plan/initiatives/{new}.yaml\n".encode() + _data(body))
            if roll < 0.20:
                subject = f"refactor(initiatives): rename {old} to {new}"
                trailers = [f"Plan-Added: {new}", f"Plan-Removed: {old}", f"Plan-Renamed: {old} -> {new}"]
                made["renamed (trailer)"] += 1
            else:
                subject = f"{old} heter nu {new}"
                made["renamed (by hand)"] += 1
        else:  # set fields on a few initiatives
            touched = rng.sample(live, rng.randint(1, 4))
            for ident in touched:
                lines = text(ident).splitlines()
                status = rng.choice(STATUSES)
                lines = [f"status: {status}" if line.startswith("status: ") else line for line in lines]
                if rng.random() < 0.3:
                    lines = [line + " (reviderad)" if line.startswith("title: ") else line for line in lines]
                content[ident] = "\n".join(lines) + "\n"
                ops.append(f"M 100644 inline plan/initiatives/{ident}.yaml\n".encode() + _data(content[ident]))
            plain = roll > 0.92
            subject = "uppdatering efter mötet" if plain else f"chore(initiatives): update {len(touched)} initiatives"
            trailers = [] if plain else [f"Plan-Changed: {ident}" for ident in touched]
            made["plain" if plain else "changed"] += 1
        message = subject + ("\n\n" + "\n".join([*trailers, "Planctl-Version: 0.1.0"]) if trailers else "") + "\n"
        stream.append(b"commit refs/heads/main\n")
        stream.append(f"committer Bench <bench@example.se> {when} +0100\n".encode())
        stream.append(_data(message))
        if c == 0:
            stream.append(b"from refs/heads/main^0\n")
        stream.extend(ops)
        stream.append(b"\n")
    git(root, "fast-import", "--quiet", "--force", stdin=b"".join(stream))
    git(root, "reset", "-q", "--hard")
    return made


def scenarios(commits: int) -> dict[str, list[str]]:
    planctl = str(BIN / "planctl")
    return {
        "git diff --stat": ["git", "diff", "--stat", f"HEAD~{commits}", "HEAD"],
        "planctl diff (cold blob cache)": [planctl, "diff", f"HEAD~{commits}", "HEAD"],
        "planctl diff (warm)": [planctl, "diff", f"HEAD~{commits}", "HEAD"],
        "planctl start-up (diff HEAD HEAD)": [planctl, "diff", "HEAD", "HEAD"],
        "git log --stat": ["git", "log", "--stat"],
        "planctl log": [planctl, "log"],
    }


def clear_blob_cache(root: Path) -> None:
    for path in (root / ".planctl_cache").glob("blobs*"):
        path.unlink()


def bench_size(n: int, commits: int, repeat: int, workdir: Path) -> dict[str, object]:
    root = workdir / f"history-{n}-{commits}"
    made_file = workdir / f"history-{n}-{commits}.json"
    if made_file.exists() and (root / ".git").is_dir():  # kept from an earlier run (--keep)
        made = json.loads(made_file.read_text(encoding="utf-8"))
    else:
        made = build_history(n, commits, root)
        made_file.write_text(json.dumps(made), encoding="utf-8")
    steps = scenarios(commits)
    times: dict[str, list[float]] = {name: [] for name in steps}
    memory: dict[str, int] = dict.fromkeys(steps, 0)
    for cmd in steps.values():  # once each: the OS file cache, git's packs, planctl's bytecode
        run(cmd, root)
    for _ in range(repeat):
        for name, cmd in steps.items():
            if "cold" in name:
                clear_blob_cache(root)
            elapsed, code, rss = run(cmd, root)
            if code != 0:
                raise SystemExit(f"{' '.join(cmd)} exited {code} in {root}")
            times[name].append(elapsed)
            memory[name] = max(memory[name], rss)
    figures: dict[str, object] = {name: {"median": statistics.median(t), "min": min(t), "peak_rss_mib": memory[name]}
                                  for name, t in times.items()}
    figures["history"] = made
    return figures


def report(n: int, figures: dict[str, object], repeat: int) -> None:
    med = {name: f["median"] for name, f in figures.items() if isinstance(f, dict) and "median" in f}
    print(f"\n{n} initiatives, history: {figures['history']} (median of {repeat})")
    print("| command | median s | peak RSS MiB |\n|---|---:|---:|")
    for name, f in figures.items():
        if isinstance(f, dict) and "median" in f:
            print(f"| {name} | {f['median']:.3f} | {f['peak_rss_mib']} |")
    git_stat, start = med["git diff --stat"], med["planctl start-up (diff HEAD HEAD)"]
    for name in ("planctl diff (cold blob cache)", "planctl diff (warm)"):
        print(f"{name}: {med[name] / git_stat:.2f}x git diff --stat; goal 3 x git diff --stat + start-up = "
              f"{3 * git_stat + start:.3f} s -> {med[name] / (3 * git_stat + start):.2f} of the goal")
    print(f"planctl log: {med['planctl log'] / med['git log --stat']:.2f}x git log --stat (goal <= 1.5)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 50000])
    parser.add_argument("--commits", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build the repositories here and keep them (reused next time)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "src" / "planctl")],
                   check=True, stdout=subprocess.DEVNULL, env={**os.environ, "PYTHONDONTWRITEBYTECODE": ""})
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="planctl-history-"))
    workdir.mkdir(parents=True, exist_ok=True)
    results: dict[str, object] = {"cpus": os.cpu_count(), "python": sys.version.split()[0],
                                  "git": git(REPO, "--version").strip()}
    try:
        for n in args.sizes:
            figures = bench_size(n, args.commits, args.repeat, workdir)
            results[str(n)] = figures
            report(n, figures, args.repeat)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2) + "\n")
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

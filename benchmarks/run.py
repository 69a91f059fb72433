"""Side-by-side benchmark: planctl check vs check-jsonschema vs yamllint on the same files.

Every tool runs on the same generated plan in one session, round-robin, and we
report medians and *ratios*: the machine is shared and noisy, so a ratio taken
in the same run is the only figure worth comparing across runs.

    pip install -e '.[bench]'
    python benchmarks/run.py --sizes 1000 10000 --repeat 5

check-jsonschema gets planctl's own schemas (schema only: no cross-references,
no lint), one invocation per kind, each schema bundled into one file with the
shared definitions inlined: its best case (with `$ref`s across files it runs
about three times slower). yamllint runs with its `relaxed` preset.

The last table compares planctl check with check-jsonschema on the bundled
national plan in `plan/`.
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
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE))

from generate import TODAY as _TODAY, generate  # noqa: E402 - after the sys.path line above

TODAY = _TODAY.isoformat()


def run(cmd: list[str], cwd: Path) -> tuple[float, int, int]:
    """Wall time (s), exit code and peak RSS (MiB) of the command's main process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, proc.returncode, usage.ru_maxrss // 1024


def bundle_schemas(out: Path) -> Path:
    """Each kind's schema as one file, `$ref`s into defs.schema.json inlined as local `$defs`."""
    out.mkdir(parents=True, exist_ok=True)
    defs = json.loads((REPO / "schema" / "defs.schema.json").read_text(encoding="utf-8"))["$defs"]

    def local(node: object) -> object:
        if isinstance(node, dict):
            return {k: ("#/$defs/" + v.rsplit("/", 1)[-1] if k == "$ref" and str(v).startswith("defs.schema.json#")
                        else local(v)) for k, v in node.items()}
        if isinstance(node, list):
            return [local(v) for v in node]
        return node

    for kind in ("goal", "initiative", "owner"):
        schema = local(json.loads((REPO / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8")))
        assert isinstance(schema, dict), "a schema file holds an object"
        schema["$defs"] = defs
        (out / f"{kind}.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    return out


def check_jsonschema(root: Path, schema: Path) -> list[list[str]]:
    cj = str(BIN / "check-jsonschema")
    return [
        [cj, "--schemafile", str(schema / f"{kind}.schema.json"),
         *sorted(str(p) for p in (root / "plan" / folder).glob("*.yaml"))]
        for kind, folder in (("goal", "goals"), ("initiative", "initiatives"), ("owner", "owners"))
    ]


def scenarios(root: Path, schema: Path) -> dict[str, list[list[str]]]:
    planctl = str(BIN / "planctl")
    return {
        "planctl check (cold cache)": [[planctl, "check", "--no-cache", "--today", TODAY]],
        "planctl check (warm cache, 1 file changed)": [[planctl, "check", "--today", TODAY]],
        "check-jsonschema (schema only)": check_jsonschema(root, schema),
        "yamllint (relaxed)": [[str(BIN / "yamllint"), "-d", "relaxed", "-f", "parsable", "plan"]],
    }


def touch_one(root: Path, n: int) -> None:
    """Change one initiative's bytes so a warm run has exactly one cache miss."""
    path = root / "plan" / "initiatives" / "INI-001.yaml"
    text = path.read_text(encoding="utf-8")
    marker = "# benchmark run "
    lines = [line for line in text.splitlines() if not line.startswith(marker)]
    path.write_text("\n".join(lines + [f"{marker}{n}"]) + "\n", encoding="utf-8")


def bench_size(n: int, repeat: int, workdir: Path) -> dict[str, dict[str, float]]:
    root = workdir / f"plan-{n}"
    generate(n, root)
    steps = scenarios(root, bundle_schemas(workdir / "schemas"))
    times: dict[str, list[float]] = {name: [] for name in steps}
    memory: dict[str, int] = dict.fromkeys(steps, 0)
    for cmd in steps["planctl check (cold cache)"]:
        run(cmd[:2], root)  # warm the OS file cache and planctl's cache once
    for i in range(repeat):
        for name, cmds in steps.items():
            if "warm" in name:
                touch_one(root, i)
            total = 0.0
            for cmd in cmds:
                elapsed, _code, rss = run(cmd, root)
                total += elapsed
                memory[name] = max(memory[name], rss)
            times[name].append(total)
    return {name: {"median": statistics.median(t), "min": min(t), "peak_rss_mib": memory[name]}
            for name, t in times.items()}


def bundled_plan(repeat: int, workdir: Path) -> dict[str, float]:
    """planctl check vs check-jsonschema alone on the national plan in plan/."""
    planctl = [str(BIN / "planctl"), "check"]
    cj = check_jsonschema(REPO, bundle_schemas(workdir / "schemas"))
    a, b = [], []
    for _ in range(repeat * 2):
        a.append(run(planctl, REPO)[0])
        b.append(sum(run(cmd, REPO)[0] for cmd in cj))
    return {"planctl check": statistics.median(a), "check-jsonschema": statistics.median(b)}


def startup(repeat: int) -> dict[str, float]:
    planctl = [str(BIN / "planctl"), "--version"]
    bare = [sys.executable, str(HERE / "bare_typer.py"), "--version"]
    a, b = [], []
    for _ in range(repeat * 4):
        a.append(run(planctl, REPO)[0])
        b.append(run(bare, REPO)[0])
    return {"planctl --version": statistics.median(a), "bare typer app --version": statistics.median(b)}


def main() -> None:
    parser = argparse.ArgumentParser(description="planctl vs check-jsonschema vs yamllint")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    for tool in ("check-jsonschema", "yamllint"):
        if not (BIN / tool).exists():
            sys.exit(f"{tool} is missing: pip install -e '.[bench]'")
    # An installed wheel has its bytecode compiled; an editable checkout compiles each module
    # on first import, and never keeps it where PYTHONDONTWRITEBYTECODE is set (as on some CI
    # images). Compile once, so planctl is timed like the other tools: installed.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "src" / "planctl")],
                   check=True, stdout=subprocess.DEVNULL, env={**os.environ, "PYTHONDONTWRITEBYTECODE": ""})
    workdir = Path(tempfile.mkdtemp(prefix="planctl-bench-"))
    results: dict[str, object] = {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
    sizes: dict[int, dict[str, dict[str, float]]] = {}
    try:
        for n in args.sizes:
            figures = bench_size(n, args.repeat, workdir)
            results[str(n)] = figures
            sizes[n] = figures
            base = figures["check-jsonschema (schema only)"]["median"]
            print(f"\n{n} initiatives (median of {args.repeat}; ratio to check-jsonschema)")
            print("| tool | median s | ratio | peak RSS MiB |\n|---|---:|---:|---:|")
            for name, f in figures.items():
                print(f"| {name} | {f['median']:.2f} | {f['median'] / base:.3f} | {f['peak_rss_mib']} |")
        if len(args.sizes) > 1:
            small, large = str(min(args.sizes)), str(max(args.sizes))
            cold = "planctl check (cold cache)"
            growth = sizes[max(args.sizes)][cold]["median"] / sizes[min(args.sizes)][cold]["median"]
            results["growth"] = growth
            print(f"\nplanctl check growth {small} -> {large} initiatives: {growth:.1f}x")
        b = bundled_plan(args.repeat, workdir)
        results["bundled"] = b
        print(f"\nbundled plan: planctl check {b['planctl check']:.2f} s, check-jsonschema "
              f"{b['check-jsonschema']:.2f} s, ratio {b['planctl check'] / b['check-jsonschema']:.2f}")
        s = startup(args.repeat)
        results["startup"] = s
        print(f"\nplanctl --version {s['planctl --version'] * 1000:.0f} ms, bare typer app "
              f"{s['bare typer app --version'] * 1000:.0f} ms, ratio "
              f"{s['planctl --version'] / s['bare typer app --version']:.2f}")
        if args.json:
            args.json.write_text(json.dumps(results, indent=2) + "\n")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

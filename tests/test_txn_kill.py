"""SIGKILL at random moments: `mv`, `set`, `import` and `lint --fix` on a plan of 2,000 initiatives
are killed (with their whole process group, as a power cut would) at random delays, and after each
kill the next planctl run leaves every plan file wholly old or wholly new, no temporary file, no
journal and no held lock.

Bounded for `make test` (3 kills per command, about 20 s); PLANCTL_KILL_ROUNDS=50 runs a longer pass, and
PLANCTL_KILL_SEED repeats a failing one (the seed is in every assertion message).
"""

from __future__ import annotations

import csv
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLANCTL = str(Path(sys.executable).with_name("planctl"))
ROUNDS = int(os.environ.get("PLANCTL_KILL_ROUNDS", "3"))
SEED = int(os.environ.get("PLANCTL_KILL_SEED", str(random.SystemRandom().randrange(1 << 30))))
TEMPORARY = re.compile(r"^\..*\.tmp$")
COMMANDS = {
    "mv": ["mv", "FO1.1", "FO1.99"],  # the goal file and the 85 initiatives that serve it
    "set": ["set", "INI-1000", "horizon=long", "status=ongoing"],
    "import": ["import", "csv", "SHEET"],  # 120 rows change their horizon
    "lint --fix": ["lint", "--fix", "--today", "2021-06-01"],  # 120 titles lose their stray spaces
}
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="process groups and SIGKILL are POSIX")


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in (root / "plan").rglob("*") if p.is_file()}


def restore(root: Path, state: dict[str, bytes]) -> None:
    """Put back only the files that differ, so the rest keep their stat and the cache stays warm."""
    for path in list((root / "plan").rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and rel not in state:
            path.unlink()
    for rel, data in state.items():
        path = root / rel
        if not path.is_file() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)


def run(args: list[str], cwd: Path, sheet: Path) -> subprocess.CompletedProcess[str]:
    args = [str(sheet) if a == "SHEET" else a for a in args]
    return subprocess.run([PLANCTL, *args], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "NO_COLOR": "1"})


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    base = tmp_path_factory.mktemp("kill") / "plan-2000"
    generate(2000, base)
    for number in range(1, 121):  # something for lint --fix to fix in 120 files
        path = base / f"plan/initiatives/INI-{number:03d}.yaml"
        text = path.read_text(encoding="utf-8")
        title = re.search(r"^title: (.*)$", text, re.M)
        assert title is not None
        path.write_text(text.replace(title.group(0), f'title: "{title.group(1)} "', 1), encoding="utf-8")
    sheet = base.parent / "sheet.csv"
    assert run(["export", "csv", "-o", str(sheet)], base, sheet).returncode == 0
    with sheet.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    other = {"Lång (3–5 år)": "Kort (inom ett år)", "Kort (inom ett år)": "Medel (1–3 år)",
             "Medel (1–3 år)": "Lång (3–5 år)"}
    for row in rows[1:121]:
        row[3] = other[row[3]]
    with sheet.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    assert run(["validate"], base, sheet).returncode in (0, 1)  # warm the cache
    return base, sheet


@pytest.mark.parametrize("name", list(COMMANDS))
def test_sigkill_at_random_moments_leaves_the_plan_wholly_old_or_new(big: tuple[Path, Path], name: str) -> None:
    base, sheet = big
    rng = random.Random(f"{SEED}-{name}")
    old = snapshot(base)
    started = time.monotonic()
    finished = run(COMMANDS[name], base, sheet)  # to the end, once: what "wholly new" is
    duration = time.monotonic() - started
    assert finished.returncode == 0, finished.stderr
    new = snapshot(base)
    restore(base, old)
    changed = {p for p in set(old) | set(new) if old.get(p) != new.get(p)}
    assert len(changed) >= (1 if name == "set" else 80), name
    outcomes = []
    try:
        for round_ in range(ROUNDS):
            # Half the kills anywhere in the run, half in its last third, where the writing is.
            delay = rng.uniform(0, duration) if round_ % 2 == 0 else rng.uniform(duration * 0.66, duration * 1.05)
            proc = subprocess.Popen([PLANCTL, *[str(sheet) if a == "SHEET" else a for a in COMMANDS[name]]],
                                    cwd=base, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                    start_new_session=True, env={**os.environ, "NO_COLOR": "1"})
            time.sleep(delay)
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()
            where = f"seed {SEED}, {name}, round {round_}, killed after {delay:.3f} s of {duration:.3f} s"
            after_kill = run(["validate"], base, sheet)
            assert after_kill.returncode in (0, 1), f"{where}: {after_kill.stderr}"
            notes = [line for line in after_kill.stderr.splitlines() if line.startswith("planctl: ")]
            assert len(notes) <= 1 and not any("error" in n or "warning" in n for n in notes), f"{where}: {notes}"
            now = snapshot(base)
            state = "old" if now == old else "new" if now == new else None
            if state is None:
                mixed = sorted(p for p in changed if now.get(p) not in (old.get(p), new.get(p)))
                halves = sorted(p for p in changed if now.get(p) == new.get(p))
                pytest.fail(f"{where}: the plan is neither old nor new: {len(halves)} of {len(changed)} files "
                            f"new, torn: {mixed[:5]}; recovery said {notes}")
            stray = [p.name for p in base.rglob("*") if TEMPORARY.match(p.name) and ".planctl_cache" not in p.parts]
            assert stray == [], f"{where}: stray temporary files {stray[:5]}"
            assert not (base / ".planctl-journal").exists(), where
            assert not (base / ".planctl.lock").exists(), f"{where}: a lock file is left"
            outcomes.append((round(delay, 3), state, bool(notes)))
            restore(base, old)
    finally:
        restore(base, old)
    assert len(outcomes) == ROUNDS, outcomes

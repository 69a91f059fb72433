"""Generate a synthetic plan repository of N initiatives, shaped like the national plan.

Three focus areas, up to 50 sub-goals, about N/20 owners, Swedish text with
å/ä/ö, comments, and every optional field used somewhere. Deterministic for a
given N and seed, so that runs compare like with like.

    python benchmarks/generate.py 10000 /tmp/plan-10k
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

WORDS = ("digital kompetens skolväsendet huvudmän lärresurser infrastruktur uppföljning forskning "
         "elever förskola rektorer stöd utveckling likvärdig tillgång användning samverkan "
         "lärare undervisning verktyg säkerhet informationsutbyte kvalitet nätverk övergripande").split()
KINDS = ("agency", "municipality", "school-organiser", "association", "research", "company", "non-profit", "group")
STATUSES = ("proposed", "in-preparation", "decided", "ongoing", "completed", "cancelled")
SUB_GOALS_PER_AREA = (16, 17, 17)  # 50 sub-goals in all
TODAY = dt.date(2021, 6, 1)
"""The date the plan is "current" at: run checks with `--today 2021-06-01` (benchmarks/run.py does)."""


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize()


def generate(n: int, out: Path, seed: int = 2017) -> None:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    for kind in ("goals", "initiatives", "owners"):
        (out / "plan" / kind).mkdir(parents=True)
    (out / "planctl.toml").write_text(
        '[plan]\nname = "Syntetisk plan"\nlanguage = "sv"\nformat = 1\n', encoding="utf-8"
    )
    sub_goals: list[str] = []
    for area, count in enumerate(SUB_GOALS_PER_AREA, start=1):
        (out / f"plan/goals/FO{area}.yaml").write_text(
            f"# Fokusområde {area}\nid: FO{area}\ntitle: {sentence(rng, 4)} område {area}\n"
            f"description: >-\n  {sentence(rng, 12)}.\n  {sentence(rng, 10)}.\n", encoding="utf-8")
        for k in range(1, count + 1):
            gid = f"FO{area}.{k}"
            sub_goals.append(gid)
            indicators = f"indicators:\n  - Andel {rng.choice(WORDS)} med {rng.choice(WORDS)}\n" if k % 3 == 0 else ""
            (out / f"plan/goals/{gid}.yaml").write_text(
                f"id: {gid}\ntitle: {sentence(rng, 5)} {gid}\ndescription: >-\n  {sentence(rng, 14)}.\n"
                f"  {sentence(rng, 9)}.\nparent: FO{area}\n{indicators}", encoding="utf-8")
    owners = [f"aktor-{i:04d}" for i in range(max(2, n // 20))]
    for i, oid in enumerate(owners):
        kind = "person" if i % 50 == 7 else KINDS[i % len(KINDS)]
        parent = f"parent: {owners[0]}\n" if kind == "person" else ""
        email = f"email: {oid}@example.se\n" if kind == "person" else ""
        url = f"url: https://{oid}.example.se\n" if i % 4 == 0 else ""
        (out / f"plan/owners/{oid}.yaml").write_text(
            f"id: {oid}\nname: {sentence(rng, 2)} {i}\nkind: {kind}\n{parent}{url}{email}", encoding="utf-8")
    for i in range(1, n + 1):
        iid = f"INI-{i:03d}"
        status = STATUSES[i % len(STATUSES)]
        # Dates that fit the status as of TODAY, so the plan is as clean as a kept plan.
        past = TODAY - dt.timedelta(days=rng.randrange(30, 700))
        future = TODAY + dt.timedelta(days=rng.randrange(30, 1100))
        start, end = {
            "proposed": (None, None),
            "in-preparation": (future, None),
            "decided": (future, future + dt.timedelta(days=rng.randrange(100, 900))),
            "ongoing": (past, future),
            "completed": (past - dt.timedelta(days=rng.randrange(100, 700)), past),
            "cancelled": (past, None),
        }[status]
        lines = [f"# Insats {i}", f"id: {iid}", f"title: {sentence(rng, 5)} {i}", "description: >-",
                 f"  {sentence(rng, 15)}.", f"  {sentence(rng, 12)}.", "goals:"]
        lines += [f"  - {g}" for g in sorted(set(rng.sample(sub_goals, rng.randint(1, 3))))]
        lines.append(f"owner: {rng.choice(owners)}  # ansvarig aktör")
        if i % 2:
            lines.append(f"decided_by: {owners[i % len(owners)]}")
        if i % 3 == 0:
            lines += ["participants:", *[f"  - {o}" for o in sorted(set(rng.sample(owners, 2)))]]
        lines.append(f"status: {status}")
        lines.append(f"horizon: {('short', 'medium', 'long')[i % 3]}")
        if start:
            lines.append(f"start: {start.isoformat()}")
        if end:
            lines.append(f"end: {end.isoformat()}")
        if i % 4 == 0 and start:
            due = min(end or start + dt.timedelta(days=100), start + dt.timedelta(days=100))
            done = status in ("completed", "ongoing") and due < TODAY
            lines += ["milestones:", f"  - title: Första {rng.choice(WORDS)}", f"    due: {due.isoformat()}",
                      f"    done: {'true' if done else 'false'}"]
        if i % 5 == 0:
            lines += ["links:", f"  - https://example.se/insats/{i}"]
        if i % 7 == 0:
            lines += ["tags:", f"  - {rng.choice(WORDS)}"]
        if i % 11 == 0:
            lines.append(f"comment: Osäkert om {rng.choice(WORDS)} och {rng.choice(WORDS)}.")
        (out / f"plan/initiatives/{iid}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of initiatives")
    parser.add_argument("out", type=Path, help="folder to create (replaced if it exists)")
    parser.add_argument("--seed", type=int, default=2017)
    args = parser.parse_args()
    generate(args.n, args.out, args.seed)


if __name__ == "__main__":
    main()

"""Helpers for the federation tests (not a test module): a national plan as a git
repository, member plans that serve it, and bare repositories as their remotes."""

from __future__ import annotations

from pathlib import Path

from conftest import CONFIG, SMALL_PLAN, write_plan
from gitplan import git, init_repo

NATIONAL_GOALS = {k: v for k, v in SMALL_PLAN.items() if k.startswith("plan/goals/")}
NATIONAL = {**SMALL_PLAN}


def national_repo(tmp_path: Path, name: str = "national") -> tuple[Path, str]:
    """The national plan (SMALL_PLAN) committed in a git repository: (root, commit)."""
    root = write_plan(tmp_path / name, NATIONAL)
    init_repo(root)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "feat(plan): the national plan")
    return root, head(root)


def head(root: Path) -> str:
    return git(root, "rev-parse", "HEAD").strip()


def upstream_config(url: str, rev: str, namespace: str = "nat", ref: str = "") -> str:
    table = f'[upstream]\nurl = "{url}"\nrev = "{rev}"\nnamespace = "{namespace}"\n'
    return CONFIG + "\n" + table + (f'ref = "{ref}"\n' if ref else "")


def member_files(goals: list[str], *, owner: str = "kommunen", title: str = "Lokal fortbildning",
                 n: int = 1, status: str = "ongoing") -> dict[str, str]:
    """A member plan: one local focus area and sub-goal, one owner, `n` initiatives serving `goals`."""
    listed = "".join(f"\n  - {g}" for g in goals)
    files = {
        "plan/goals/FO1.yaml": ("id: FO1\ntitle: Lokal digital kompetens\n"
                                "description: Kommunens eget mål för den digitala kompetensen i skolan.\n"),
        "plan/goals/FO1.1.yaml": ("id: FO1.1\ntitle: Personalens kompetens\n"
                                  "description: Kommunens eget delmål för personalens digitala kompetens i skolan.\n"
                                  "parent: FO1\n"),
        f"plan/owners/{owner}.yaml": f"id: {owner}\nname: Kommunen\nkind: municipality\n",
    }
    for i in range(1, n + 1):
        files[f"plan/initiatives/INI-{i:03d}.yaml"] = (
            f"id: INI-{i:03d}\ntitle: {title} {i}\n"
            "description: En lokal insats i kommunens skolor som tjänar de nationella delmålen.\n"
            f"goals:{listed}\n  - FO1.1\nowner: {owner}\nstatus: {status}\n")
    return files


def member_repo(tmp_path: Path, name: str, url: str, rev: str, goals: list[str], **kw: object) -> Path:
    root = write_plan(tmp_path / name, member_files(goals, **kw),  # type: ignore[arg-type]
                      config=upstream_config(url, rev))
    return root


def bare_remote(tmp_path: Path, name: str, files: dict[str, str], config: str | None) -> Path:
    """`files` (and planctl.toml) committed in a work repository, pushed to a bare one: the remote."""
    work = write_plan(tmp_path / "work" / name, files, config=config)
    init_repo(work)
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "feat(plan): the plan")
    bare = tmp_path / "remotes" / f"{name}.git"
    bare.parent.mkdir(parents=True, exist_ok=True)
    git(tmp_path, "clone", "-q", "--bare", str(work), str(bare))
    return bare


def push_change(tmp_path: Path, name: str, rel: str, text: str) -> None:
    """The member `name` changes one file and pushes."""
    work = tmp_path / "work" / name
    path = work / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "feat(plan): a change")
    git(work, "push", "-q", str(tmp_path / "remotes" / f"{name}.git"), "HEAD:main")


def federation_text(national: Path, members: list[tuple[str, str, str, str]], extra: str = "") -> str:
    """federation.toml for (name, url, kind, code) members."""
    out = [f'[federation]\nname = "Testfederation"\nnational = "{national}"\n{extra}']
    for name, url, kind, code in members:
        out.append(f'[[member]]\nname = "{name}"\nurl = "{url}"\nkind = "{kind}"\n' + (f'code = "{code}"\n'
                                                                                       if code else ""))
    return "\n".join(out)

"""Hostile input and output, data-driven: imported sheets, ids and paths, output injection.

Each case in tests/data/hostile/io/*.toml is one command of the installed `planctl`, run as a
subprocess with a timeout in a small plan repository, and says what must come out: the exit
code, the located one-line message, what must never be printed, and, for a refusal, that no
plan file changed. What a case may say is described in tests/data/hostile/io/README.md.
"""

from __future__ import annotations

import os
import re
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import SMALL_PLAN, Result, invoke, run_planctl, write_plan
from gitplan import ISOLATED, git, init_repo
from hostile_sheets import XLSX_BUILDERS

CASES_DIR = Path(__file__).parent / "data" / "hostile" / "io"
KNOWN_KEYS = {"name", "argv", "exit", "files", "git", "later_files", "sheet", "stdout", "stderr", "forbid",
              "lines", "unchanged", "trailers", "message_forbid", "render", "env", "why", "outside"}
ALWAYS_FORBIDDEN = ("Traceback", "internal error")


def _cases() -> list[Any]:
    out = []
    for path in sorted(CASES_DIR.glob("*.toml")):
        for case in tomllib.loads(path.read_text(encoding="utf-8"))["case"]:
            out.append(pytest.param(case, id=f"{path.stem}:{case['name']}"))
    return out


CASES = _cases()


def test_the_corpus_is_large_and_well_formed() -> None:
    names = [c.values[0]["name"] for c in CASES]
    assert len(names) == len(set(names)), "case names must be unique"
    assert len(CASES) >= 80
    for param in CASES:
        case = param.values[0]
        assert set(case) <= KNOWN_KEYS, (case["name"], set(case) - KNOWN_KEYS)
        assert case["exit"] in (0, 1, 2) and case.get("why"), case["name"]
        if case.get("sheet", {}).get("builder"):
            assert case["sheet"]["builder"] in XLSX_BUILDERS


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".git" not in p.parts and ".planctl_cache" not in p.parts
            and not p.name.startswith("s.") and p.name != ".planctl.lock"}


_EXPORTS: dict[tuple[str, str], bytes] = {}


def _export(root: Path, fmt: str, key: str) -> bytes:
    """The plan's export, made once per plan (an XLSX export costs a fifth of a second)."""
    if (fmt, key) not in _EXPORTS:
        exported = root / f"export.{fmt}"
        result = invoke("export", fmt, "-o", str(exported), cwd=root)
        assert result.exit_code == 0, result.stderr
        _EXPORTS[fmt, key] = exported.read_bytes()
        exported.unlink()
    return _EXPORTS[fmt, key]


def _make_sheet(root: Path, spec: dict[str, Any], key: str) -> str:
    name = spec.get("name", "s.csv" if spec.get("export", "csv") == "csv" else "s.xlsx")
    fmt = spec.get("export", "csv")
    if "text" in spec:
        data = spec["text"].encode(spec.get("encoding", "utf-8"), errors=spec.get("errors", "strict"))
        if spec.get("bom"):
            data = b"\xef\xbb\xbf" + data
    elif "hex" in spec:
        data = bytes.fromhex(spec["hex"])
    else:
        data = _export(root, fmt, key)
        if fmt == "csv":
            text = data.decode("utf-8-sig")
            for old, new in spec.get("replace", []):
                assert old in text, (old, text)
                text = text.replace(old, new, 1)
            text += spec.get("append", "")
            for token, size in spec.get("expand", {}).items():  # TOML cannot say "a megabyte of x"
                text = text.replace(token, "x" * size)
            encoding = spec.get("encoding", "utf-8-sig")
            data = text.encode(encoding, errors=spec.get("errors", "strict"))
        elif spec.get("builder"):
            data = XLSX_BUILDERS[spec["builder"]](data)
    path = root / name
    if spec.get("sparse_size"):
        with open(path, "wb") as handle:
            handle.truncate(int(spec["sparse_size"]))
    else:
        path.write_bytes(data)
    return name


def _render_markdown(text: str) -> list[str]:
    import cmarkgfm
    from markdown_it import MarkdownIt

    gfm = cmarkgfm.github_flavored_markdown_to_html(text)
    linkified = MarkdownIt("commonmark", {"linkify": True}).enable("linkify").enable("table").render(text)
    return [gfm, linkified]


@dataclass
class Prepared:
    base: Path
    root: Path
    outside: Path
    before: dict[str, bytes]
    argv: list[str]
    env: dict[str, str]


def _prepare(base: Path, case: dict[str, Any]) -> Prepared:
    root = write_plan(base / "repo", SMALL_PLAN)
    for rel, text in case.get("files", {}).items():  # written as they are, not dedented
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    if case.get("git"):
        init_repo(root)
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "start")
    for rel, text in case.get("later_files", {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    sheet = _make_sheet(root, case["sheet"], repr(sorted(case.get("files", {}).items()))) if "sheet" in case else ""
    outside = base / "outside"
    outside.mkdir()
    argv = [a.replace("{sheet}", sheet) for a in case["argv"]]
    return Prepared(base, root, outside, _snapshot(root), argv, {**ISOLATED, **case.get("env", {})})


def _run(prepared: Prepared) -> Result | Exception:
    try:
        return run_planctl(*prepared.argv, cwd=prepared.root, env=prepared.env, timeout=60)
    except Exception as exc:  # noqa: BLE001 - a timeout is reported by the case it belongs to
        return exc


WORKERS = min(4, (os.cpu_count() or 1) + 1)


@pytest.fixture(scope="module")
def outcomes(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every selected case prepared in turn (in-process exports are not thread-safe), then all
    run a few at a time: each is a subprocess, so an idle two-core machine runs the corpus in
    about half the time."""
    wanted = [item.callspec.params["case"] for item in request.session.items
              if item.module is request.module and hasattr(item, "callspec") and "case" in item.callspec.params]
    prepared = {case["name"]: _prepare(tmp_path_factory.mktemp("case"), case) for case in wanted}
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = dict(zip(prepared, pool.map(_run, prepared.values()), strict=True))
    return {name: (prepared[name], results[name]) for name in prepared}


@pytest.mark.parametrize("case", CASES)
def test_hostile_case(outcomes: dict[str, Any], case: dict[str, Any]) -> None:
    prepared, result = outcomes[case["name"]]
    if isinstance(result, Exception):
        raise result
    root, before, outside, tmp_path = prepared.root, prepared.before, prepared.outside, prepared.base
    shown = f"exit {result.exit_code}\nstdout: {result.stdout[:2000]!r}\nstderr: {result.stderr[:2000]!r}"

    assert result.exit_code == case["exit"], shown
    for text in (*ALWAYS_FORBIDDEN, *case.get("forbid", [])):
        assert text not in result.stdout + result.stderr, (text, shown)
    for text in case.get("stderr", []):
        assert text in result.stderr, (text, shown)
    for text in case.get("stdout", []):
        assert text in result.stdout, (text, shown)
    if "lines" in case:
        assert result.stderr.count("\n") == case["lines"] and result.stderr.endswith("\n"), shown
    elif case["exit"] == 2:
        # A usage, configuration or sheet error is one located line.
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("planctl: error: "), shown
    if case.get("unchanged", case["exit"] != 0):
        assert _snapshot(root) == before, "a refused command changed the plan"
    assert list(outside.iterdir()) == [], "something was written outside the repository"
    assert not any(p.name.endswith(".yaml") for p in tmp_path.iterdir()), (
        "a plan file was written beside the repository"
    )
    if "trailers" in case:
        message = git(root, "log", "-1", "--format=%B")
        trailers = [line for line in git(root, "log", "-1", "--format=%(trailers:only,unfold)").splitlines() if line]
        assert trailers == case["trailers"], message
        for text in case.get("message_forbid", []):
            assert text not in message, (text, message)
        assert all(not line or line.isprintable() for line in message.splitlines()), message
    if case.get("render") == "markdown":
        for html in _render_markdown(result.stdout):
            assert not re.search(r"<(a|script|img|iframe)\b", html), html


def test_git_interprets_the_trailers_planctl_wrote(tmp_path: Path) -> None:
    """`git interpret-trailers --parse`, not only git log's view, sees only planctl's trailers."""
    import subprocess

    files = dict(SMALL_PLAN)
    root = write_plan(tmp_path / "repo", files)
    init_repo(root)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start")
    (root / "plan/initiatives/INI-003.yaml").write_text(
        'id: INI-003\ntitle: "Ny\\n\\nSigned-off-by: Mallory <m@evil.example>\\nPlan-Removed: INI-001"\n'
        "goals: [FO1.1]\nowner: skr\nstatus: proposed\n", encoding="utf-8")
    assert run_planctl("commit", cwd=root, env=ISOLATED).exit_code == 0
    message = git(root, "log", "-1", "--format=%B")
    env = {**os.environ, **ISOLATED}
    parsed = subprocess.run(["git", "interpret-trailers", "--parse"], input=message, capture_output=True,
                            text=True, cwd=root, env=env, check=True).stdout
    assert parsed.splitlines() == ["Plan-Added: INI-003", "Planctl-Version: 0.1.0"]

"""The loader: files in the tree become documents, entities and located diagnostics."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import SMALL_PLAN, write_plan
from planctl.config import load_config
from planctl.loader import load_plan


def load(root: Path):
    return load_plan(load_config(root))


def test_small_plan_loads_clean(plan_repo: Path) -> None:
    plan = load(plan_repo)
    assert plan.diagnostics == []
    assert plan.files_checked == len(SMALL_PLAN)
    assert set(plan.goals) == {"FO1", "FO1.1", "FO1.2", "FO2", "FO2.1"}
    ini = plan.initiatives["INI-001"]
    assert ini.owner == "skolverket" and ini.decided_by == "regeringen"
    assert str(ini.start) == "2019-03-18"
    assert ini.doc.path == "plan/initiatives/INI-001.yaml"
    assert ini.doc.span(("owner",)).line == 9  # the comment line is line 1


def one(root: Path, rel: str, content: str | bytes) -> list[tuple[str, int, int]]:
    write_plan(root, {rel: content})
    return [(d.code, d.line, d.col) for d in load(root).diagnostics if d.path == rel]


def test_bom_is_fine(tmp_path: Path) -> None:
    assert one(tmp_path, "plan/owners/a.yaml", "\ufeffid: a\nname: A\nkind: agency\n".encode("utf-8")) == []


def test_crlf_is_fine(tmp_path: Path) -> None:
    assert one(tmp_path, "plan/owners/a.yaml", b"id: a\r\nname: A\r\nkind: agency\r\n") == []


def test_invalid_utf8_is_located(tmp_path: Path) -> None:
    assert one(tmp_path, "plan/owners/a.yaml", b"id: a\nname: G\xf6teborg\nkind: agency\n") == [("F001", 2, 8)]


def test_utf16_and_nul(tmp_path: Path) -> None:
    assert one(tmp_path, "plan/owners/a.yaml", "id: a\n".encode("utf-16")) == [("F001", 1, 1)]
    assert one(tmp_path, "plan/owners/b.yaml", b"id: b\nname: \x00\n") == [("F001", 2, 7)]


def test_file_name_differs_from_id(tmp_path: Path) -> None:
    assert one(tmp_path, "plan/owners/a.yaml", "id: b\nname: B\nkind: agency\n") == [("F002", 1, 5)]


def test_yaml_outside_the_three_folders(tmp_path: Path) -> None:
    assert one(tmp_path, "plan/notes.yaml", "a: 1\n") == [("F003", 0, 0)]
    assert one(tmp_path, "plan/goals/old/FO9.yml", "id: FO9\ntitle: x\n") == [("F003", 0, 0)]


def test_folder_named_like_yaml(tmp_path: Path) -> None:
    write_plan(tmp_path, {})
    (tmp_path / "plan/goals/x.yaml").mkdir()
    assert [d.code for d in load(tmp_path).diagnostics] == ["F003"]


def test_yml_extension_is_read(tmp_path: Path) -> None:
    assert one(tmp_path, "plan/owners/a.yml", "id: a\nname: A\nkind: agency\n") == []


def test_file_over_size_limit(tmp_path: Path) -> None:
    config = '[plan]\nname = "t"\n[limits]\nmax-file-size = 100\n'
    write_plan(tmp_path, {"plan/owners/a.yaml": "id: a\nname: " + "x" * 200 + "\nkind: agency\n"}, config=config)
    assert [d.code for d in load(tmp_path).diagnostics] == ["F005"]


def test_symlink_outside_root_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text("id: a\nname: A\nkind: agency\n")
    write_plan(tmp_path / "repo", {})
    os.symlink(outside, tmp_path / "repo/plan/owners/a.yaml")
    assert [d.code for d in load(tmp_path / "repo").diagnostics] == ["F004"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file(tmp_path: Path) -> None:
    write_plan(tmp_path, {"plan/owners/a.yaml": "id: a\n"})
    (tmp_path / "plan/owners/a.yaml").chmod(0)
    assert [d.code for d in load(tmp_path).diagnostics] == ["F004"]


def test_fifo_is_not_read(tmp_path: Path) -> None:
    write_plan(tmp_path, {})
    os.mkfifo(tmp_path / "plan/owners/a.yaml")
    assert [d.code for d in load(tmp_path).diagnostics] == ["F004"]


def test_invalid_entities_still_yield_usable_fields(tmp_path: Path) -> None:
    write_plan(
        tmp_path, {"plan/initiatives/INI-009.yaml": "id: INI-009\ntitle: 5\ngoals: [FO1.1]\nowner: skr\nstatus: nope\n"}
    )
    plan = load(tmp_path)
    ini = plan.initiatives["INI-009"]
    assert ini.title is None and ini.goals == ["FO1.1"] and ini.owner == "skr"
    assert sorted(d.code for d in plan.diagnostics) == ["S001", "S002"]


def test_paths_select_files(plan_repo: Path) -> None:
    plan = load_plan(load_config(plan_repo), [plan_repo / "plan/owners"])
    assert plan.files_checked == 3 and set(plan.owners) == {"skolverket", "skr", "regeringen"}


def test_invalid_utf8_after_a_bom_is_located(tmp_path: Path) -> None:
    raw = b"\xef\xbb\xbfid: a\nname: G\xf6teborg\nkind: agency\n"
    assert one(tmp_path, "plan/owners/a.yaml", raw) == [("F001", 2, 8)]


# Parallel parsing: the pool's workers end with planctl, however planctl ends.

def _children(pid: int) -> list[int]:
    """Live (not zombie) processes whose parent is `pid`, from /proc."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists() or (os.cpu_count() or 1) < 2,
                    reason="needs /proc and two cores for a process pool")
@pytest.mark.parametrize("signal_name", ["SIGKILL", "SIGTERM"])
def test_pool_workers_die_with_planctl(tmp_path: Path, signal_name: str) -> None:
    import signal
    import subprocess
    import time

    from conftest import PLANCTL
    from planctl.loader import POOL_THRESHOLD

    files = {f"plan/initiatives/INI-{i:04d}.yaml":
             f"id: INI-{i:04d}\ntitle: T\ndescription: >-\n  {'ord ' * 1500}\ngoals: [FO1.1]\nowner: skr\n"
             f"status: proposed\n" for i in range(1, 2 * POOL_THRESHOLD + 200)}
    root = write_plan(tmp_path / "repo", files)
    proc = subprocess.Popen([str(PLANCTL), "check", "--no-cache"], cwd=root, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    workers: list[int] = []
    deadline = time.monotonic() + 20
    while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
        workers = _children(proc.pid)
        time.sleep(0.01)
    try:
        assert len(workers) >= 2, "the parse ended before its workers were seen"
        proc.send_signal(getattr(signal, signal_name))
        proc.wait(timeout=10)
        deadline = time.monotonic() + 5
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [w for w in workers if _alive(w)], "pool workers outlived planctl"
    finally:
        for pid in [proc.pid, *workers]:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


def _facts(plan: object) -> tuple[object, ...]:
    from planctl.diagnostics import sort_diagnostics
    from planctl.model import Plan

    assert isinstance(plan, Plan)
    return (tuple(sort_diagnostics(plan.diagnostics)), [(d.path, d.kind, d.data) for d in plan.documents],
            [(e.kind, e.id, e.doc.path) for e in plan.entities], plan.files_checked)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_view_load_through_the_cache_is_the_load_without_it(tmp_path: Path, jobs: int) -> None:
    """`show`, `list`, `refs` and `summary` load without the schema (a plan with errors must
    still show) and through the parse cache. The cache's entries hold the schema's findings
    too; such a load must give exactly what a load without the schema and without the cache
    gives, cold or warm, whichever command filled the cache, and for a file whose problems
    were capped only because the schema's counted."""
    from planctl import loader

    files = dict(SMALL_PLAN)
    files["plan/initiatives/INI-003.yaml"] = "id: INI-003\ntitle: Okänt fält\nbogus: 1\ngoals: [FO1.1]\nowner: skr\n"
    files["plan/initiatives/INI-004.yaml"] = "title: [oavslutad\n"
    files["plan/initiatives/INI-005.yaml"] = "title: Inget id\nstatus: pågående\n"
    # 60 duplicate keys (the parser's) and 120 unknown fields (the schema's): capped only with both.
    files["plan/owners/many.yaml"] = "id: many\nname: M\nkind: agency\n" + "x: 1\n" * 61 + "".join(
        f"f{i}: 1\n" for i in range(120))
    files["plan/owners/few.yaml"] = "id: few\nname: F\nkind: agency\n" + "".join(f"g{i}: 1\n" for i in range(150))
    root = write_plan(tmp_path / "repo", files)
    config = load_config(root)
    old = loader.POOL_THRESHOLD
    loader.POOL_THRESHOLD = 1  # the pool's path too, with jobs=2
    try:
        expected = _facts(load_plan(config, schema=False, jobs=jobs))
        assert any(d.code == "Y002" for d in expected[0]) and not any(d.code.startswith("S") for d in expected[0])
        for first in ("view", "check"):
            cache_dir = root / ".planctl_cache"
            if cache_dir.exists():
                import shutil

                shutil.rmtree(cache_dir)
            if first == "check":  # the cache filled by a load with the schema
                load_plan(config, cache=True, jobs=jobs).save_cache()
            for _ in range(3):  # cold (or filled by check), then warm twice
                plan = load_plan(config, schema=False, cache=True, jobs=jobs)
                plan.save_cache()
                assert _facts(plan) == expected
            with_schema = load_plan(config, cache=True, jobs=jobs)  # and the check after it is a check's
            assert _facts(with_schema) == _facts(load_plan(config, jobs=jobs))
    finally:
        loader.POOL_THRESHOLD = old


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the workers are forked")
def test_pool_workers_read_their_own_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A load without the cache sends the pool names, not bytes: the parent reads no file (the
    workers do, each its own), and the plan is the one a single process loads, texts and
    positions included; a file that turned into something else is refused as before."""
    from planctl import loader

    files = dict(SMALL_PLAN)
    files["plan/initiatives/INI-004.yaml"] = "title: [oavslutad\n"
    files["plan/initiatives/INI-005.yaml"] = "id: INI-005\ntitle: Fel\nstatus: pågående\ngoals: [FO1.1]\nowner: skr\n"
    root = write_plan(tmp_path / "repo", files)
    config = load_config(root)
    expected = load_plan(config, jobs=1)
    monkeypatch.setattr(loader, "POOL_THRESHOLD", 1)
    read: list[str] = []
    real = loader._read_all

    def spy(path: str, *rest: int) -> bytes:
        read.append(path.rsplit("/", 1)[-1])
        return real(path, *rest)

    monkeypatch.setattr(loader, "_read_all", spy)
    plan = load_plan(config, jobs=2)
    assert read == []  # every read was a worker's, in its own process
    assert _facts(plan) == _facts(expected)
    texts = {d.path: d.text for d in plan.documents if d.data is not None}
    assert texts == {d.path: d.text for d in expected.documents if d.data is not None}
    bad = [d for d in plan.diagnostics if d.path.endswith("INI-005.yaml")]
    assert [(d.code, d.line, d.col) for d in bad] == [(d.code, d.line, d.col) for d in expected.diagnostics
                                                      if d.path.endswith("INI-005.yaml")] != []


def test_a_document_parsed_before_reads_its_text_again_only_if_unchanged(tmp_path: Path) -> None:
    """A file whose data came from the cache (or a parsing process) keeps no copy of its bytes:
    its text is read again when asked for, and a file changed since reads as unknown, never
    as text whose positions belong to other data."""
    root = write_plan(tmp_path / "repo", SMALL_PLAN)
    cfg = load_config(root)
    load_plan(cfg, cache=True).save_cache()
    plan = load_plan(cfg, cache=True)
    docs = {d.path: d for d in plan.documents}
    same, changed = docs["plan/goals/FO1.yaml"], docs["plan/owners/skr.yaml"]
    assert not same.is_read and not changed.is_read
    (root / changed.path).write_text("id: skr\nname: Ändrad\nkind: association\n", encoding="utf-8")
    assert same.text == (root / same.path).read_text(encoding="utf-8")
    assert changed.text is None

"""The parse cache and the process pool make runs faster, never different."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import SMALL_PLAN, invoke, write_plan
from planctl import loader
from planctl.cache import CACHE_DIR, CACHE_FILE, ParseCache
from planctl.config import load_config
from planctl.errors import PlanctlWarning
from planctl.loader import cache_identity, load_plan

BROKEN = {
    "plan/initiatives/INI-003.yaml": "id: INI-003\ntitle: 42\ngoals:\n  - FO1.1\nstatus: pågående\nfärg: röd\n",
    "plan/owners/bad.yaml": "id: bad\n\tname: x\n",
    "plan/goals/FO7.yaml": "id: FO8\ntitle: Fel namn\n",
}


def outcome(root: Path, **kw) -> tuple[list, list]:
    plan = load_plan(load_config(root), **kw)
    plan.save_cache()
    diags = sorted((d.code, d.path, d.line, d.col, d.message, d.entity) for d in plan.diagnostics)
    entities = sorted((e.kind, e.id, e.doc.path) for e in plan.entities)
    return diags, entities


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return write_plan(tmp_path / "repo", {**SMALL_PLAN, **BROKEN})


def test_warm_cache_gives_the_same_result(repo: Path) -> None:
    expected = outcome(repo)
    assert outcome(repo, cache=True) == expected  # cold: fills the cache
    assert (repo / CACHE_DIR / CACHE_FILE).is_file()
    assert (repo / CACHE_DIR / ".gitignore").read_text().endswith("*\n")
    assert outcome(repo, cache=True) == expected  # warm


def test_warm_cache_still_finds_positions(repo: Path) -> None:
    outcome(repo, cache=True)
    plan = load_plan(load_config(repo), cache=True)
    ini = plan.initiatives["INI-002"]
    assert ini.doc.span(("owner",)).line == 9  # found again on demand


def test_a_changed_file_is_parsed_again(repo: Path) -> None:
    outcome(repo, cache=True)
    (repo / "plan/initiatives/INI-002.yaml").write_text(
        (repo / "plan/initiatives/INI-002.yaml").read_text().replace("status: ongoing", "status: klar"))
    diags, _ = outcome(repo, cache=True)
    assert ("S002", "plan/initiatives/INI-002.yaml") in [(c, p) for c, p, *_ in diags]


@pytest.mark.parametrize("damage", ["truncate", "garbage", "foreign", "flipped", "empty", "directory"])
def test_a_damaged_cache_is_ignored_and_rebuilt(repo: Path, damage: str) -> None:
    expected = outcome(repo)
    outcome(repo, cache=True)
    path = repo / CACHE_DIR / CACHE_FILE
    blob = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(blob[: len(blob) // 2])
    elif damage == "garbage":
        path.write_bytes(os.urandom(len(blob)))
    elif damage == "foreign":
        path.write_bytes(b"planctl-cache\n{\"planctl\": \"0.0.0\"}\n00\n" + blob[-100:])
    elif damage == "flipped":
        path.write_bytes(blob[:-10] + bytes([blob[-10] ^ 0xFF]) + blob[-9:])
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        path.unlink()
        path.mkdir()
    if damage == "directory":  # not a file at all: skipped, with one warning
        with pytest.warns(PlanctlWarning, match="parse-v3.bin: a folder, not a regular file"):
            assert outcome(repo, cache=True) == expected
        return
    assert outcome(repo, cache=True) == expected
    if damage != "directory":
        assert outcome(repo, cache=True) == expected
        assert ParseCache(repo, cache_identity()).entries  # rebuilt and readable again


def test_process_pool_gives_the_same_result(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = outcome(repo)
    monkeypatch.setattr(loader, "POOL_THRESHOLD", 2)
    assert outcome(repo, jobs=2) == expected


def test_no_cache_flag_writes_nothing(repo: Path) -> None:
    assert invoke("validate", "--no-cache", cwd=repo).exit_code == 1
    assert not (repo / CACHE_DIR).exists()
    assert invoke("validate", cwd=repo).exit_code == 1
    assert (repo / CACHE_DIR / CACHE_FILE).exists()


def test_read_only_plan_still_checks(repo: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can write anywhere")
    repo.chmod(0o555)
    try:
        assert outcome(repo, cache=True) == outcome(repo)
    finally:
        repo.chmod(0o755)


# --- files the cache vouches for by their stat --------------------------------

def _count_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    read: list[str] = []
    real = loader._read_all

    def spy(path, *rest):  # type: ignore[no-untyped-def]
        read.append(os.fspath(path).rsplit("/", 1)[-1])
        return real(path, *rest)

    monkeypatch.setattr(loader, "_read_all", spy)
    return read


def test_unchanged_files_are_not_even_read(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("planctl.cache.RACY_NS", 0)  # trust files written a moment ago
    expected = outcome(repo)
    outcome(repo, cache=True)
    read = _count_reads(monkeypatch)
    assert outcome(repo, cache=True) == expected
    assert read == []
    target = repo / "plan/initiatives/INI-002.yaml"
    target.write_text(target.read_text().replace("status: ongoing", "status: klar"))
    diags, _ = outcome(repo, cache=True)
    assert read == ["INI-002.yaml"]
    assert ("S002", "plan/initiatives/INI-002.yaml") in [(c, p) for c, p, *_ in diags]


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ctime, which no program can set back, gives the edit away."""
    monkeypatch.setattr("planctl.cache.RACY_NS", 0)
    outcome(repo, cache=True)
    target = repo / "plan/initiatives/INI-002.yaml"
    before = target.stat()
    text = target.read_text()
    assert "status: ongoing" in text
    target.write_text(text.replace("status: ongoing", "status: ONGOING"))  # same size
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert target.stat().st_size == before.st_size and target.stat().st_mtime_ns == before.st_mtime_ns
    diags, _ = outcome(repo, cache=True)
    assert ("S002", "plan/initiatives/INI-002.yaml") in [(c, p) for c, p, *_ in diags]


def test_a_file_changed_just_before_the_run_is_not_vouched_for(repo: Path) -> None:
    """Written within RACY_NS of the run: a second write in the same clock tick could hide."""
    outcome(repo, cache=True)
    assert ParseCache(repo, cache_identity()).files == {}
    old = (os.stat(repo).st_mtime_ns // 1_000_000_000 - 60) * 1_000_000_000
    # ctime cannot be set back; a file only becomes trustworthy by ageing. Simulate that:
    cache = ParseCache(repo, cache_identity())
    cache.record("plan/owners/skr.yaml", (1, 2, old, 3), "k", started_ns=old + 10 * 1_000_000_000)
    assert cache.files["plan/owners/skr.yaml"] == (1, 2, old, 3, "k")
    cache.record("plan/owners/x.yaml", (1, 2, old, 3), "k", started_ns=old + 1_000_000_000)
    assert "plan/owners/x.yaml" not in cache.files
    cache.record("plan/owners/y.yaml", (1, 2, 0, 3), "k", started_ns=old)  # no ctime: never vouched for
    assert "plan/owners/y.yaml" not in cache.files


def test_a_run_that_changed_little_writes_a_small_delta(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from planctl.cache import DELTA_FILE

    monkeypatch.setattr("planctl.cache.RACY_NS", 0)
    expected_before = outcome(repo)
    outcome(repo, cache=True)
    base = (repo / CACHE_DIR / CACHE_FILE).read_bytes()
    target = repo / "plan/initiatives/INI-002.yaml"
    target.write_text(target.read_text() + "# en kommentar\n")
    expected = outcome(repo)
    assert outcome(repo, cache=True) == expected
    assert (repo / CACHE_DIR / CACHE_FILE).read_bytes() == base  # the base is left alone
    delta = repo / CACHE_DIR / DELTA_FILE
    assert 0 < delta.stat().st_size < len(base)
    read = _count_reads(monkeypatch)
    assert outcome(repo, cache=True) == expected
    assert read == []  # the delta vouches for the edited file
    # A delta that does not belong to the base (or is damaged) is ignored, never trusted.
    delta.write_bytes(delta.read_bytes()[:-3])
    assert outcome(repo, cache=True) == expected
    target.write_text(target.read_text().replace("# en kommentar\n", ""))
    assert outcome(repo, cache=True) == expected_before


def test_a_partial_run_keeps_the_entries_of_other_files(repo: Path) -> None:
    outcome(repo, cache=True)
    entries = len(ParseCache(repo, cache_identity()).entries)
    plan = load_plan(load_config(repo), [repo / "plan/owners"], cache=True)
    plan.save_cache()
    assert len(ParseCache(repo, cache_identity()).entries) == entries


def test_a_well_formed_cache_of_another_shape_is_ignored(repo: Path) -> None:
    """Intact (the checksum matches) but not what this planctl writes: ignored, never a crash."""
    import hashlib
    import marshal

    expected = outcome(repo)
    outcome(repo, cache=True)
    path = repo / CACHE_DIR / CACHE_FILE
    magic, header = path.read_bytes().split(b"\n", 2)[:2]
    cache = ParseCache(repo, cache_identity())
    entries, files = cache.entries, cache.files
    short = {key: entry[:2] for key, entry in entries.items()}  # the right keys, an entry too short
    half = {rel: seen[:4] for rel, seen in files.items()}  # the right files, no content key
    for parts in ((files, short), (half, entries), ([1, 2],), (files, [1, 2]), ([1, 2], entries)):
        chunks = [marshal.dumps(part) for part in parts]
        body = b",".join(str(len(c)).encode() for c in chunks) + b"\n" + b"".join(chunks)
        digest = hashlib.sha256(body).hexdigest().encode()
        path.write_bytes(b"\n".join([magic, header, digest, body]))
        assert outcome(repo, cache=True) == expected


def test_entities_from_the_cache_equal_entities_built_afresh(repo: Path) -> None:
    """Field by field (dates, milestones, lists), not just by id."""
    target = repo / "plan/initiatives/INI-002.yaml"
    target.write_text(target.read_text() + "start: 2021-01-15\nend: 2023-12-31\n"
                      "milestones:\n  - title: Förstudie\n    due: 2021-06-01\n    done: true\n  - title: Slut\n"
                      "tags: [a, 7, b]\n", encoding="utf-8")
    cold = load_plan(load_config(repo)).entities
    first = load_plan(load_config(repo), cache=True)
    first.save_cache()
    warm = load_plan(load_config(repo), cache=True).entities
    assert warm == cold
    ini = next(e for e in warm if e.id == "INI-002")
    assert ini.tags == ["a", "b"] and ini.milestones[0].done and str(ini.start) == "2021-01-15"


def test_changing_an_entity_never_changes_the_cache(repo: Path) -> None:
    plan = load_plan(load_config(repo), cache=True)
    plan.save_cache()
    plan = load_plan(load_config(repo), cache=True)
    plan.initiatives["INI-002"].goals.append("FO9.9")
    plan.save_cache()
    assert load_plan(load_config(repo), cache=True).initiatives["INI-002"].goals == ["FO1.1", "FO2.1"]


def test_a_file_never_read_still_knows_its_text_and_byte_order_mark(repo: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("planctl.cache.RACY_NS", 0)
    target = repo / "plan/initiatives/INI-002.yaml"
    target.write_bytes(b"\xef\xbb\xbf" + target.read_bytes())
    outcome(repo, cache=True)
    read = _count_reads(monkeypatch)
    plan = load_plan(load_config(repo), cache=True)
    doc = plan.initiatives["INI-002"].doc
    assert read == []  # vouched for by its stat
    assert doc.bom and doc.text is not None and doc.text.startswith("id: INI-002")
    assert doc.span(("owner",)).line == 9
    monkeypatch.undo()
    assert invoke("set", "INI-002", "status=completed", cwd=repo).exit_code == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbfid: INI-002")


def test_files_of_an_earlier_cache_format_are_removed(repo: Path) -> None:
    old = repo / CACHE_DIR / "parse-v2.bin"
    old.parent.mkdir()
    old.write_bytes(b"planctl-cache\n{}\n00\n")
    outcome(repo, cache=True)
    assert sorted(p.name for p in (repo / CACHE_DIR).iterdir()) == [".gitignore", CACHE_FILE]


def test_temporary_files_of_a_killed_cache_write_are_removed_by_the_next_save(tmp_path: Path) -> None:
    """A SIGKILL during a cache write leaves `.parse-v3.bin.*.tmp`; the next run that saves drops
    it, but not a fresh one (another run's write at this very moment)."""
    from conftest import run_planctl

    root = write_plan(tmp_path / "repo", SMALL_PLAN)
    assert run_planctl("check", cwd=root).exit_code == 0
    stale = root / CACHE_DIR / ".parse-v3.bin.k1ll3d.tmp"
    fresh = root / CACHE_DIR / ".parse-v3.bin.l1ve.tmp"
    for path in (stale, fresh):
        path.write_bytes(b"half a cache")
    os.utime(stale, (1_600_000_000, 1_600_000_000))
    initiative = root / "plan/initiatives/INI-002.yaml"
    initiative.write_text(initiative.read_text(encoding="utf-8").replace("medium", "long"), encoding="utf-8")
    os.utime(initiative, (1_600_000_000, 1_600_000_000))  # old enough to be remembered: the cache saves
    assert run_planctl("check", cwd=root).exit_code == 0
    assert not stale.exists() and fresh.exists()


@pytest.mark.parametrize("fmt", ["text", "grouped"])
def test_a_warm_report_quotes_its_code_frames_without_reading_the_files(
        repo: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    """The lines a report quotes are kept with each file's cache entry: a warm check prints the
    same report as an uncached one and reads none of the files its findings are in, until one
    of them changes."""
    from planctl import model

    monkeypatch.setattr("planctl.cache.RACY_NS", 0)
    (repo / "plan/initiatives/INI-002.yaml").write_text(  # a document rule's finding (T003) too
        (repo / "plan/initiatives/INI-002.yaml").read_text().replace("title: ", "title: " + "Lång " * 40, 1))
    args = ("check", "--format", fmt, "--today", "2024-05-01")
    expected = invoke(*args, "--no-cache", cwd=repo)
    assert expected.exit_code == 1 and " | " in expected.stdout
    assert invoke(*args, cwd=repo).stdout == expected.stdout  # cold: fills the cache
    texts: list[str | None] = []
    real = model._read
    monkeypatch.setattr(model, "_read", lambda source: texts.append(source) or real(source))
    read = _count_reads(monkeypatch)
    for _ in range(2):
        warm = invoke(*args, cwd=repo)
        assert (warm.exit_code, warm.stdout) == (expected.exit_code, expected.stdout)
    # FO7.yaml's F002 (its name) and the plan rules' findings are located on the file's text,
    # which is read for that; every other file with a finding is quoted from the cache.
    assert read == [] and {t.rsplit("/", 1)[-1] for t in texts if t} == {"FO7.yaml"}
    target = repo / "plan/initiatives/INI-002.yaml"
    target.write_text(target.read_text().replace("Lång ", "Kort ", 1))
    changed = invoke(*args, cwd=repo)
    assert read == ["INI-002.yaml"]
    assert "Kort Lång" in changed.stdout and changed.stdout == invoke(*args, "--no-cache", cwd=repo).stdout


def test_a_cache_written_in_many_chunks_reads_back_whole(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The entries are marshalled in chunks (a 100,000-file cache in one marshal cost 220 MB at
    the peak): every chunk comes back, and the checks answer as without the cache."""
    from planctl import cache

    monkeypatch.setattr(cache, "CHUNK", 2)
    expected = outcome(repo)
    outcome(repo, cache=True)
    blob = (repo / CACHE_DIR / CACHE_FILE).read_bytes()
    assert len(blob.split(b"\n", 4)[3].split(b",")) > 3  # the file records and several chunks
    read = ParseCache(repo, cache_identity())
    assert len(read.entries) == len(set((repo / "plan").rglob("*.yaml")))
    assert outcome(repo, cache=True) == expected

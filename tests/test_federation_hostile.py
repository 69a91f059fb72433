"""A hostile member cannot reach outside its folder of the cache, nor into the roll-up's outputs."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import invoke
from fedplans import federation_text, member_files, national_repo, upstream_config
from gitplan import git, init_repo, isolate


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate(monkeypatch)


def _hostile_remote(tmp_path: Path, national: Path, rev: str) -> Path:
    from conftest import write_plan

    files = member_files(["nat:FO1.1"], title="\x1b[31mröd\x1b[0m <img src=x onerror=alert(1)> | =1+1")
    files["plan/initiatives/INI-002.yaml"] = ("id: INI-002\ntitle: '\u202eevil'\ngoals:\n  - nat:FO1.1\n"
                                              "owner: saknas\nstatus: ongoing\n")
    config = upstream_config(str(national), rev) + '[limits]\nmax-file-size = 999999999999\n'
    work = write_plan(tmp_path / "hostile", files, config=config)
    secret = tmp_path / "secret.yaml"
    secret.write_text("id: INI-099\ntitle: Hemlig\n", encoding="utf-8")
    os.symlink(secret, work / "plan/initiatives/INI-003.yaml")
    os.symlink("/etc", work / "plan/needs")
    init_repo(work)
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "evil")
    bare = tmp_path / "hostile.git"
    git(tmp_path, "clone", "-q", "--bare", str(work), str(bare))
    return bare


def test_a_hostile_member_is_read_as_data_only(tmp_path: Path) -> None:
    national, rev = national_repo(tmp_path)
    hostile = _hostile_remote(tmp_path, national, rev)
    folder = tmp_path / "fed"
    folder.mkdir()
    (folder / "federation.toml").write_text(
        federation_text(national, [("Elak | <script>", str(hostile), "independent", "")]), encoding="utf-8")
    result = invoke("rollup", cwd=folder)
    assert result.exit_code == 1, result.stdout + result.stderr
    # the terminal gets no escape sequence or bidi override from the member's data
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    document = json.loads((folder / "out/rollup/rollup.json").read_text(encoding="utf-8"))
    member = document["rollup"]["members"][0]
    messages = " ".join(p["message"] for p in member["problems"])
    assert "saknas" in messages  # its own X001 is reported
    assert "INI-003.yaml" in messages or any(p["path"] == "plan/initiatives/INI-003.yaml" for p in member["problems"])
    # the link was never followed: its target's title is nowhere, and no link exists in the cache
    cache = folder / ".planctl_cache"
    for path in cache.rglob("*"):
        assert not path.is_symlink(), path
    assert "Hemlig" not in json.dumps(document, ensure_ascii=False)
    assert not list(cache.rglob("passwd"))
    markdown = (folder / "out/rollup/rollup.md").read_text(encoding="utf-8")
    assert "<script>" not in markdown and "| <" not in markdown
    members = (folder / "out/rollup/members.csv").read_text(encoding="utf-8-sig")
    assert all(not cell.startswith(("=", "+", "@")) for line in members.splitlines() for cell in line.split(";"))

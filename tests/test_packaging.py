"""The wheel carries what planctl needs at run time, so it works outside this repository."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, SMALL_PLAN, write_plan


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
                          capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {proc.stderr.strip().splitlines()[-1:]}")
    [built] = out.glob("planctl-*.whl")
    return built


def test_wheel_holds_schemas_and_site_assets(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    outputs = ("diagnostics", "summary", "show", "diff", "list", "refs", "log", "rules")
    for schema in ("defs", "goal", "initiative", "owner", "event", "need", "export", "planctl-toml", "output",
                   *(f"output-{c}" for c in outputs)):
        assert f"planctl/schema/{schema}.schema.json" in names
    for asset in ("filter.js", "page.html", "style.css"):
        assert f"planctl/export/site/{asset}" in names
    for name in names:
        if name.startswith("planctl/schema/"):
            assert zipfile.ZipFile(wheel).read(name) == (REPO / "schema" / name.rsplit("/", 1)[1]).read_bytes()


def test_unpacked_wheel_validates_a_plan_far_from_the_repository(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    root = write_plan(tmp_path / "elsewhere", {**SMALL_PLAN, "plan/owners/bad.yaml": "id: bad\nname: B\nkind: bank\n"})
    # The unpacked wheel comes first on the path, before the editable install of src/.
    env = {**os.environ, "PYTHONPATH": str(site)}
    code = "import sys, planctl.schemas as s; print(s.schema_dir()); from planctl.entry import main; main(sys.argv[1:])"
    proc = subprocess.run([sys.executable, "-c", code, "validate", "-f", "concise"], cwd=root, env=env,
                          capture_output=True, text=True)
    assert proc.stdout.splitlines()[0] == str(site / "planctl" / "schema"), proc.stdout + proc.stderr
    assert proc.returncode == 1 and "plan/owners/bad.yaml:3:7: S002" in proc.stdout, proc.stdout + proc.stderr


@pytest.mark.skipif(sys.pycache_prefix is None, reason="a venv not made by make: bytecode beside the sources")
def test_the_field_names_live_in_at_most_three_files_and_no_bytecode_in_src() -> None:
    """Issue 12: `grep -rl decided_by src/planctl` lists at most 3 files, also after planctl ran
    with bytecode writing on (make's venv keeps bytecode in .venv/pycache, not in src/)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    subprocess.run([sys.executable, "-c", "import planctl.cli.app, planctl.spec, planctl.model, planctl.importer"],
                   check=True, env=env)
    src = REPO / "src" / "planctl"
    assert sorted(src.rglob("__pycache__")) == []
    for name in (b"decided_by", b"participants"):
        holding = [p.relative_to(src).as_posix() for p in src.rglob("*") if p.is_file() and name in p.read_bytes()]
        assert len(holding) <= 3, (name, holding)

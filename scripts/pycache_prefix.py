"""Keep the bytecode of this checkout's venv out of the source tree (`make` runs this once).

An editable install imports planctl from `src/`, and Python writes each module's bytecode
into a `__pycache__` folder beside it: `grep -r decided_by src/planctl` then lists the
compiled copies too, and every run leaves build output in the work tree. A `.pth` file in
the venv sets `sys.pycache_prefix` (what PYTHONPYCACHEPREFIX sets) to `.venv/pycache` for
every Python of the venv, unless the user chose a prefix already; the bytecode that
earlier runs left in `src/` and `tests/` is removed.

Python then looks for all bytecode there, the standard library's and the dependencies'
too. Where PYTHONDONTWRITEBYTECODE is set (some CI images) nothing would ever be written
and every run would compile what it imports, so the modules planctl imports are compiled
into the prefix here, once: start-up stays as fast as with `__pycache__` folders.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import py_compile
import shutil
import sys
import sysconfig
from pathlib import Path

DEPENDENCIES = ("typer", "click", "rich", "ruamel.yaml", "jsonschema", "referencing", "git", "openpyxl",
                "csv", "difflib", "json", "marshal", "multiprocessing", "sqlite3", "tomllib", "xml.etree.ElementTree",
                "zipfile", "pytest", "hypothesis")
"""Imported inside functions by some commands (and the test suite): compiled too."""
LINE = "import sys, os; sys.pycache_prefix = sys.pycache_prefix or os.path.join(sys.prefix, 'pycache')\n"


def main() -> None:
    Path(sysconfig.get_path("purelib"), "planctl-pycache-prefix.pth").write_text(LINE, encoding="utf-8")
    repo = Path(__file__).resolve().parent.parent
    for top in ("src", "tests", "benchmarks", "scripts"):
        for folder in sorted((repo / top).rglob("__pycache__")):
            shutil.rmtree(folder, ignore_errors=True)
    sys.pycache_prefix = sys.pycache_prefix or str(Path(sys.prefix, "pycache"))
    import planctl

    for info in pkgutil.walk_packages(planctl.__path__, "planctl."):
        if info.name.endswith(".__main__"):  # importing it would run planctl
            continue
        try:
            importlib.import_module(info.name)
        except Exception:  # noqa: BLE001 - a module that needs Windows, say: not ours to judge here
            pass
    for name in DEPENDENCIES:
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    compiled = 0
    for module in list(sys.modules.values()):
        source = getattr(module, "__file__", None)
        if not source or not source.endswith(".py"):
            continue
        try:
            py_compile.compile(source, cfile=importlib.util.cache_from_source(source), doraise=True)
            compiled += 1
        except (OSError, py_compile.PyCompileError):
            pass
    sys.stdout.write(f"bytecode goes to {sys.pycache_prefix} ({compiled} modules compiled)\n")


if __name__ == "__main__":
    main()

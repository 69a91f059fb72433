"""The floors of benchmarks/exports.py, each run as its own process so that it is timed as planctl is.

    python benchmarks/floors.py parse ROOT       # read and parse every plan file, nothing else
    python benchmarks/floors.py xlsx ROWS OUT    # write ROWS (a pickle of sheets) with openpyxl write-only
    python benchmarks/floors.py rows XLSX ROWS   # the values of a workbook's sheets, for `xlsx`

`parse` is the least any YAML tool pays to read the plan: each file's bytes, parsed
by libyaml into Python objects (PyYAML's `CSafeLoader`), or, without PyYAML's libyaml
binding, composed by ruamel's C parser. It prints which it used. `xlsx` writes the
same rows as `planctl export xlsx` (values only: no widths, styles, links or filter),
the least openpyxl pays for the workbook.
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path

FOLDERS = ("goals", "initiatives", "owners")


def parser() -> tuple[str, Callable[[bytes], object]]:
    """The fastest parse at hand, and its name."""
    try:
        import yaml  # type: ignore[import-untyped]  # no stubs needed for a benchmark

        if yaml.__with_libyaml__:
            return "PyYAML CSafeLoader (libyaml)", lambda data: yaml.load(data, Loader=yaml.CSafeLoader)
    except ImportError:
        pass
    from ruamel.yaml import YAML

    loader = YAML(typ="safe", pure=False)  # the C parser; compose only, as planctl does

    def compose(data: bytes) -> object:
        return loader.compose(data)

    return "ruamel.yaml CParser compose", compose


def parse(root: Path) -> int:
    name, load = parser()
    files = 0
    for folder in FOLDERS:
        base = root / "plan" / folder
        for entry in os.scandir(base):
            if entry.name.endswith((".yaml", ".yml")):
                with open(entry.path, "rb") as handle:
                    load(handle.read())
                files += 1
    print(f"{name}: {files} files")
    return files


def xlsx(rows: Path, out: Path) -> None:
    from openpyxl import Workbook

    sheets: list[tuple[str, list[list[object]]]] = pickle.loads(rows.read_bytes())
    workbook = Workbook(write_only=True)
    for title, values in sheets:
        sheet = workbook.create_sheet(title)
        for row in values:
            sheet.append(row)
    workbook.save(out)


def rows(workbook: Path, out: Path) -> None:
    """The values of every sheet of planctl's workbook, for `xlsx` to write again."""
    from openpyxl import load_workbook

    book = load_workbook(workbook, read_only=True)
    sheets = [(sheet.title, [list(row) for row in sheet.iter_rows(values_only=True)]) for sheet in book.worksheets]
    book.close()
    out.write_bytes(pickle.dumps(sheets))


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "parse":
        parse(Path(sys.argv[2]))
    elif len(sys.argv) == 4 and sys.argv[1] in ("xlsx", "rows"):
        (xlsx if sys.argv[1] == "xlsx" else rows)(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()

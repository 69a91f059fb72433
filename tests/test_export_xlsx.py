"""XLSX export: opens with openpyxl, frozen header, autofilter, real dates, hyperlinks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from conftest import REPO, SMALL_PLAN, invoke, run_planctl, write_plan


def test_bundled_plan_workbook(tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    result = run_planctl("export", "xlsx", "-o", str(out), cwd=REPO)
    assert result.exit_code == 0, result.stderr
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Insatser", "Mål", "Aktörer", "Evenemang", "Behov"]
    sheet = book["Insatser"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:L{sheet.max_row}"
    assert [c.value for c in sheet[1]][:3] == ["Id", "Rubrik", "Status"]
    assert sheet.max_row == 1 + 9
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width
    owners = book["Aktörer"]
    skolverket = next(row for row in owners.iter_rows(min_row=2) if row[0].value == "skolverket")
    assert skolverket[4].hyperlink.target == "https://www.skolverket.se"


def test_dates_are_dates_and_formulas_are_text(tmp_path: Path) -> None:
    files = dict(SMALL_PLAN)
    files["plan/initiatives/INI-003.yaml"] = """\
        id: INI-003
        title: "=1+1"
        goals:
          - FO2.1
        owner: skr
        status: proposed
        start: 2020-02-29
        links:
          - https://example.se/a
        """
    root = write_plan(tmp_path / "repo", files)
    result = invoke("export", "xlsx", "-o", "p.xlsx", "--lang", "en", cwd=root)
    assert result.exit_code == 0, result.stderr
    sheet = openpyxl.load_workbook(root / "p.xlsx")["Initiatives"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "INI-003")
    assert row[1].value == "'=1+1" and row[1].data_type == "s"
    assert row[9].value == dt.datetime(2020, 2, 29) and row[9].is_date
    assert row[2].value == "Proposed"


def test_the_same_plan_gives_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An export kept in git changes only when the plan does, not with the clock."""
    import io
    import time
    import zipfile

    root = write_plan(tmp_path / "repo", SMALL_PLAN)
    assert invoke("export", "xlsx", "-o", "a.xlsx", cwd=root).exit_code == 0
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 86_400 * 400)  # the zip entries' clock
    assert invoke("export", "xlsx", "-o", "b.xlsx", cwd=root).exit_code == 0
    assert (root / "a.xlsx").read_bytes() == (root / "b.xlsx").read_bytes()
    with zipfile.ZipFile(root / "a.xlsx") as archive:  # not the clock's second, which made this flaky
        core = archive.read("docProps/core.xml")
    assert b"<dcterms:modified xsi:type=\"dcterms:W3CDTF\">1980-01-01T00:00:00Z</dcterms:modified>" in core
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert invoke("export", "xlsx", "-o", "c.xlsx", cwd=root).exit_code == 0
    with zipfile.ZipFile(io.BytesIO((root / "c.xlsx").read_bytes())) as archive:
        assert b"2023-11-14T22:13:20Z" in archive.read("docProps/core.xml")
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    assert openpyxl.load_workbook(root / "c.xlsx").sheetnames  # still a workbook Excel opens


def test_characters_xml_cannot_hold_are_written_escaped(tmp_path: Path) -> None:
    """A control character `set` accepts made openpyxl raise IllegalCharacterError."""
    import openpyxl

    from conftest import SMALL_PLAN, run_planctl, write_plan

    files = dict(SMALL_PLAN)
    files["plan/initiatives/INI-003.yaml"] = ('id: INI-003\ntitle: "Röd \\e[31m \\x00 \\x08\\x0b\\x0c slut"\n'
                                              "goals: [FO1.1]\nowner: skr\nstatus: proposed\n")
    root = write_plan(tmp_path / "repo", files)
    result = run_planctl("export", "xlsx", "-o", "p.xlsx", cwd=root)
    assert result.exit_code == 0, result.stderr
    sheet = openpyxl.load_workbook(root / "p.xlsx").worksheets[0]
    titles = {row[0].value: row[1].value for row in sheet.iter_rows(min_row=2)}
    assert titles["INI-003"] == "Röd \\x1b[31m \\x00 \\x08\\x0b\\x0c slut"
    back = run_planctl("import", "xlsx", "p.xlsx", cwd=root)
    assert back.exit_code == 0 and back.stdout.endswith(": no changes\n"), back


def test_cell_text_cuts_at_excels_limit() -> None:
    from planctl.export.xlsx import CELL_MAX, cell_text

    long = "x" * (CELL_MAX + 10)
    assert len(cell_text(long)) == CELL_MAX and cell_text(long).endswith("…")
    assert cell_text("a\tb\nc\r") == "a\tb\nc\r"
    assert cell_text("\ud800\ufffe") == "\\ud800\\ufffe"


def _ordinary_workbook(tables: list, raw: bool) -> bytes:
    """The workbook as planctl wrote it before it streamed its sheets (an ordinary openpyxl
    workbook, a cell object per cell, the zip rewritten with fixed times): the oracle that
    the streamed workbook must equal byte for byte."""
    import io
    import zipfile

    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    from planctl.export.xlsx import MAX_WIDTH, MIN_WIDTH, _cell_value, cell_text, fixed_time, sheet_title

    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    stamp = fixed_time()
    workbook.properties.created = workbook.properties.modified = stamp
    workbook.properties.creator = "planctl"
    for table in tables:
        sheet = workbook.create_sheet(sheet_title(table.kind, table.lang))
        sheet.append(table.headers())
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        widths = [len(h) for h in table.headers()]
        for r, values in enumerate(table.values, start=2):
            for c, value in enumerate(values):
                cell = sheet.cell(row=r, column=c + 1, value=_cell_value(table, c, value, raw))
                col = table.columns[c]
                if col.type == "date" and value is not None:
                    cell.number_format = "yyyy-mm-dd"
                    widths[c] = max(widths[c], 10)
                    continue
                if col.type in ("url", "links") and value:
                    target = value[0] if isinstance(value, list) else value
                    if str(target).startswith(("http://", "https://")) and cell_text(str(target)) == target:
                        cell.hyperlink = str(target)
                        cell.style = "Hyperlink"
                if col.type == "email" and value and cell_text(str(value)) == value:
                    cell.hyperlink = f"mailto:{value}"
                    cell.style = "Hyperlink"
                widths[c] = max(widths[c], len(str(cell.value or "")))
        for c, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(c)].width = max(MIN_WIDTH, min(MAX_WIDTH, width + 2))
        sheet.freeze_panes = "A2"
        last = get_column_letter(max(1, len(table.columns)))
        sheet.auto_filter.ref = f"A1:{last}{max(1, len(table.values) + 1)}"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).save()
    fixed = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as src, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            entry.create_system = 3
            dst.writestr(entry, src.read(info.filename))
    return fixed.getvalue()


@pytest.mark.parametrize("plan", ["bundled", "generated", "odd"])
def test_the_streamed_workbook_is_the_ordinary_one_byte_for_byte(plan: str, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The sheets are streamed (openpyxl's write-only mode) for speed; what comes out is the
    workbook an ordinary openpyxl workbook of the same cells gives, to the byte: header font,
    frozen pane, filter, widths, date formats, links, formulas kept as text."""
    import subprocess
    import sys

    from planctl.config import load_config
    from planctl.export.table import KINDS, build_table
    from planctl.export.xlsx import render
    from planctl.loader import load_plan

    if plan == "bundled":
        root = REPO
    elif plan == "generated":
        root = tmp_path / "gen"
        subprocess.run([sys.executable, str(REPO / "benchmarks/generate.py"), "300", str(root)], check=True)
    else:
        files = dict(SMALL_PLAN)
        files["plan/initiatives/INI-003.yaml"] = (
            'id: INI-003\ntitle: "=1+1"\ngoals: [FO2.1]\nowner: skr\nstatus: proposed\nstart: 2020-02-29\n'
            "links:\n  - https://example.se/a\n  - javascript:alert(1)\ncomment: \"+tal \\x1b och @x\"\n")
        files["plan/owners/anna.yaml"] = "id: anna\nname: '-Anna'\nkind: person\nemail: anna@example.se\n"
        root = write_plan(tmp_path / "repo", files)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    loaded = load_plan(load_config(root))
    for lang, public, raw in (("sv", False, False), ("en", True, True)):
        tables = [build_table(loaded, kind, lang=lang, public=public) for kind in KINDS]
        assert render(tables, raw=raw) == _ordinary_workbook(tables, raw)

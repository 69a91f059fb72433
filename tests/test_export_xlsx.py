"""XLSX export: opens with openpyxl, frozen header, autofilter, real dates, hyperlinks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from conftest import REPO, SMALL_PLAN, invoke, run_planctl, write_plan


def test_bundled_plan_workbook(tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    result = run_planctl("export", "xlsx", "-o", str(out), cwd=REPO)
    assert result.exit_code == 0, result.stderr
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Insatser", "Mål", "Aktörer"]
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

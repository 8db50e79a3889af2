#!/usr/bin/env python3
"""Reads an XLSX with openpyxl (a reader independent of abbild's writer) and prints every
sheet as JSON: name, visibility state, and all cell values row by row.

Used by crates/service/tests/report.rs to check that the regional report's workbook opens
in a second implementation and holds the same cells as the HTML and PDF.
"""
import json
import sys

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1], read_only=False, data_only=True)
out = {
    "sheets": [
        {
            "name": ws.title,
            "state": ws.sheet_state,
            "rows": [[c for c in row] for row in ws.iter_rows(values_only=True)],
        }
        for ws in wb.worksheets
    ],
    "defined_names": len(list(wb.defined_names)),
}
json.dump(out, sys.stdout, ensure_ascii=False, default=str)

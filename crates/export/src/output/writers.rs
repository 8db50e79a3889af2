//! One writer per format. They know nothing about the content: a [`Sheet`] comes in, and the
//! cells are written by their kind (a share as a share in every format).

use super::{Cell, Sheet};
use crate::{CsvStyle, ExportError};
use abbild_i18n::{I18n, Lang, Tr};
use rust_xlsxwriter::{Format as XFormat, Workbook};
use std::io::Write;

/// Aligned table for the terminal, one block per sheet: its name, the protection line and
/// the grid.
pub fn table(sheets: &[Sheet], tr: &Tr) -> String {
    let mut out = String::new();
    for s in sheets {
        out.push_str(&format!("{}\n{}\n", tr.get(s.name), s.note));
        out.push_str(&grid(s, tr, false));
        out.push('\n');
    }
    out
}

/// The rows of a sheet as an aligned grid: text left, figures right, a rule under the header
/// and (with `total`) above the last row.
pub fn grid(sheet: &Sheet, tr: &Tr, total: bool) -> String {
    let head: Vec<String> = sheet.cols.iter().map(|c| c.header(tr)).collect();
    let body: Vec<Vec<(String, bool)>> = sheet
        .rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| {
                    let left = matches!(c, Cell::Text(_) | Cell::Term { .. });
                    (c.for_people(tr), !left)
                })
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = head.iter().map(|h| h.chars().count()).collect();
    for r in &body {
        for (i, (c, _)) in r.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(c.chars().count());
            }
        }
    }
    let rule = widths
        .iter()
        .map(|w| "─".repeat(*w))
        .collect::<Vec<_>>()
        .join("─┼─");
    let line = |cells: Vec<(&str, bool)>, out: &mut String| {
        let l: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|((v, right), w)| {
                let pad = " ".repeat(w.saturating_sub(v.chars().count()));
                if *right {
                    format!("{pad}{v}")
                } else {
                    format!("{v}{pad}")
                }
            })
            .collect();
        out.push_str(l.join(" │ ").trim_end());
        out.push('\n');
    };
    let mut out = String::new();
    line(head.iter().map(|h| (h.as_str(), false)).collect(), &mut out);
    for (i, r) in body.iter().enumerate() {
        if i == 0 || (total && i + 1 == body.len() && i > 0) {
            out.push_str(&rule);
            out.push('\n');
        }
        line(
            r.iter().map(|(v, right)| (v.as_str(), *right)).collect(),
            &mut out,
        );
    }
    out
}

/// A figure for machines: plain digits, a decimal point (comma in German Excel); empty
/// where no figure is shown, whatever the reason.
fn for_machines(c: &Cell, german: bool) -> String {
    let real = |x: f64| {
        let s = x.to_string();
        if german {
            s.replace('.', ",")
        } else {
            s
        }
    };
    match c {
        Cell::Text(s) => s.clone(),
        Cell::Term { code, words } => if german { words } else { code }.clone(),
        Cell::Int(v) => v.map_or(String::new(), |x| x.to_string()),
        Cell::Signed(v) => v.map_or(String::new(), |x| x.to_string()),
        Cell::Pct(v) | Cell::Num(v) | Cell::P(v) => v.map_or(String::new(), real),
        Cell::Bool(v) => v.map_or(String::new(), |b| b.to_string()),
        Cell::Interval(v) => v.map_or(String::new(), |(l, h)| format!("{}–{}", real(l), real(h))),
        Cell::Withheld(_) => String::new(),
    }
}

/// CSV of one sheet: codes as headers for scripts, German headers and decimal commas for
/// German Excel; the protection note is the last row (`# …`).
pub fn csv<W: Write>(sheet: &Sheet, style: CsvStyle, out: W) -> Result<(), ExportError> {
    let german = style == CsvStyle::GermanExcel;
    let de = Tr::new(I18n::global(), Lang::De);
    let mut w = crate::CsvOut::new(out, style)?;
    if german {
        w.record(sheet.cols.iter().map(|c| c.header(&de)))?;
    } else {
        w.record(sheet.cols.iter().map(|c| c.code))?;
    }
    for r in &sheet.rows {
        w.record(r.iter().map(|c| for_machines(c, german)))?;
    }
    // A sheet whose rows name their protection themselves carries no note row.
    if !sheet.note.is_empty() {
        w.record([format!("# {}", sheet.note)])?;
    }
    w.finish()?;
    Ok(())
}

/// Number formats of a workbook, made once: every XLSX abbild writes (downloads and the
/// report) formats a unit the same way.
#[derive(Debug)]
pub struct XlsxFormats {
    pub bold: XFormat,
    pct: XFormat,
    int: XFormat,
    signed: XFormat,
    num: XFormat,
    p: XFormat,
}

impl Default for XlsxFormats {
    fn default() -> Self {
        XlsxFormats {
            bold: XFormat::new().set_bold(),
            pct: XFormat::new().set_num_format("0.0%"),
            int: XFormat::new().set_num_format("#,##0"),
            signed: XFormat::new().set_num_format("#,##0;−#,##0;0"),
            num: XFormat::new().set_num_format("0.00"),
            p: XFormat::new().set_num_format("0.0000"),
        }
    }
}

/// Writes one cell: a figure as a number in its unit's format, words as text, `–` where no
/// figure exists and the catalogue's word where one is withheld.
pub fn write_xlsx_cell(
    ws: &mut rust_xlsxwriter::Worksheet,
    (y, x): (u32, u16),
    c: &Cell,
    f: &XlsxFormats,
    tr: &Tr,
) -> Result<(), ExportError> {
    match c {
        Cell::Text(t) | Cell::Term { words: t, .. } => ws.write_string(y, x, t)?,
        Cell::Int(Some(v)) => ws.write_number_with_format(y, x, *v as f64, &f.int)?,
        Cell::Signed(Some(v)) => ws.write_number_with_format(y, x, *v as f64, &f.signed)?,
        Cell::Pct(Some(v)) => ws.write_number_with_format(y, x, *v, &f.pct)?,
        Cell::Num(Some(v)) => ws.write_number_with_format(y, x, *v, &f.num)?,
        Cell::P(Some(v)) => ws.write_number_with_format(y, x, *v, &f.p)?,
        Cell::Bool(Some(_)) | Cell::Interval(Some(_)) | Cell::Withheld(_) => {
            ws.write_string(y, x, c.for_people(tr))?
        }
        Cell::Int(None)
        | Cell::Signed(None)
        | Cell::Pct(None)
        | Cell::Num(None)
        | Cell::P(None)
        | Cell::Bool(None)
        | Cell::Interval(None) => ws.write_string(y, x, "–")?,
    };
    Ok(())
}

/// One worksheet per sheet with headers in the reader's language and number formats, plus a
/// note sheet with each sheet's protection line.
pub fn xlsx(sheets: &[Sheet], tr: &Tr) -> Result<Vec<u8>, ExportError> {
    xlsx_with_notes(sheets, &[], tr)
}

/// [`xlsx`] with further lines (what, text) on the note sheet: method, cities, warnings.
pub fn xlsx_with_notes(
    sheets: &[Sheet],
    notes: &[(String, String)],
    tr: &Tr,
) -> Result<Vec<u8>, ExportError> {
    let mut wb = Workbook::new();
    let f = XlsxFormats::default();
    for s in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(tr.get(s.name))?;
        for (i, c) in s.cols.iter().enumerate() {
            let x = u16::try_from(i).unwrap_or(u16::MAX);
            let h = c.header(tr);
            ws.write_string_with_format(0, x, &h, &f.bold)?;
            ws.set_column_width(x, (h.chars().count() as f64 + 2.0).clamp(8.0, 40.0))?;
        }
        ws.set_freeze_panes(1, 0)?;
        for (ri, r) in s.rows.iter().enumerate() {
            let y = u32::try_from(ri + 1).unwrap_or(u32::MAX);
            for (ci, c) in r.iter().enumerate() {
                let x = u16::try_from(ci).unwrap_or(u16::MAX);
                write_xlsx_cell(ws, (y, x), c, &f, tr)?;
            }
        }
    }
    let ws = wb.add_worksheet();
    ws.set_name(tr.get("out-sheet-notes"))?;
    ws.write_string_with_format(0, 0, tr.get("out-col-sheet"), &f.bold)?;
    ws.write_string_with_format(0, 1, tr.get("out-col-notes"), &f.bold)?;
    ws.set_column_width(0, 24.0)?;
    ws.set_column_width(1, 120.0)?;
    let lines = sheets
        .iter()
        .map(|s| (tr.get(s.name), s.note.clone()))
        .chain(notes.iter().cloned());
    for (i, (what, text)) in lines.enumerate() {
        let y = u32::try_from(i + 1).unwrap_or(u32::MAX);
        ws.write_string(y, 0, what)?;
        ws.write_string(y, 1, text)?;
    }
    Ok(wb.save_to_buffer()?)
}

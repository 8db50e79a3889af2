//! A flat sheet of typed cells, written as a terminal table, CSV or XLSX.
//!
//! The pipeline, retention and projection outputs have nested JSON but one row per
//! transition (or line, or year) in every tabular format. Each module flattens its report
//! into [`Sheet`]s once; the writers here know nothing about the content, so all formats
//! show the same numbers by construction.

use crate::{CsvStyle, ExportError};
use rust_xlsxwriter::{Format as XFormat, Workbook};
use std::io::Write;

/// One cell. `None` is a missing or withheld value: empty in CSV/XLSX, `–` for people.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(Option<u64>),
    /// A signed whole number (gap in heads: negative is a shortfall).
    Signed(Option<i64>),
    /// A share, 0..=1 (German: `22,3 %`).
    Pct(Option<f64>),
    /// A ratio or other real number (two decimals for people).
    Num(Option<f64>),
    /// A p-value (four decimals, `< 0,0001` for people).
    P(Option<f64>),
    Bool(Option<bool>),
}

/// A column: canonical (English code) and German header.
#[derive(Debug, Clone, Copy)]
pub struct Col {
    pub code: &'static str,
    pub de: &'static str,
}

pub const fn col(code: &'static str, de: &'static str) -> Col {
    Col { code, de }
}

#[derive(Debug, Clone)]
pub struct Sheet {
    /// XLSX sheet name (≤ 31 characters).
    pub name: &'static str,
    pub cols: Vec<Col>,
    pub rows: Vec<Vec<Cell>>,
    /// The protection line, shown above tables, as a comment row in CSV and a note sheet.
    pub note: String,
}

fn for_people(c: &Cell) -> String {
    c.for_people_in(false)
}

impl Cell {
    /// The cell as people read it: German (`22,3 %`, `1.234`) or English (`22.3 %`, `1,234`);
    /// a missing or withheld value is `–` in both.
    pub fn for_people_in(&self, english: bool) -> String {
        let en = |s: String| {
            if english {
                s.replace('.', "\u{1}")
                    .replace(',', ".")
                    .replace('\u{1}', ",")
            } else {
                s
            }
        };
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(v) => v.map_or("–".to_owned(), |x| {
                en(crate::de_int(i64::try_from(x).unwrap_or(i64::MAX)))
            }),
            Cell::Signed(v) => v.map_or("–".to_owned(), |x| {
                let s = en(crate::de_int(x));
                if x > 0 {
                    format!("+{s}")
                } else {
                    s
                }
            }),
            Cell::Pct(v) => en(crate::de_pct(*v)),
            Cell::Num(v) => en(crate::de_ratio(*v)),
            Cell::P(v) => match v {
                None => "–".to_owned(),
                Some(p) if *p < 0.0001 => en("< 0,0001".to_owned()),
                Some(p) => en(format!("{p:.4}").replace('.', ",")),
            },
            Cell::Bool(v) => match v {
                None => "–".to_owned(),
                Some(true) => if english { "yes" } else { "ja" }.to_owned(),
                Some(false) => if english { "no" } else { "nein" }.to_owned(),
            },
        }
    }
}

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
        Cell::Int(v) => v.map_or(String::new(), |x| x.to_string()),
        Cell::Signed(v) => v.map_or(String::new(), |x| x.to_string()),
        Cell::Pct(v) | Cell::Num(v) | Cell::P(v) => v.map_or(String::new(), real),
        Cell::Bool(v) => v.map_or(String::new(), |b| b.to_string()),
    }
}

/// Aligned German table for the terminal, one block per sheet.
pub fn table(sheets: &[Sheet]) -> String {
    let mut out = String::new();
    for s in sheets {
        out.push_str(&format!("{}\n{}\n", s.name, s.note));
        let cells: Vec<Vec<String>> = s
            .rows
            .iter()
            .map(|r| r.iter().map(for_people).collect())
            .collect();
        let mut width: Vec<usize> = s.cols.iter().map(|c| c.de.chars().count()).collect();
        for r in &cells {
            for (i, c) in r.iter().enumerate() {
                if let Some(w) = width.get_mut(i) {
                    *w = (*w).max(c.chars().count());
                }
            }
        }
        let line = |vals: Vec<&str>, out: &mut String| {
            let mut l = String::new();
            for (i, v) in vals.iter().enumerate() {
                let pad = width[i].saturating_sub(v.chars().count());
                if i > 0 {
                    l.push_str("  ");
                }
                l.push_str(v);
                l.push_str(&" ".repeat(pad));
            }
            out.push_str(l.trim_end());
            out.push('\n');
        };
        line(s.cols.iter().map(|c| c.de).collect(), &mut out);
        for r in &cells {
            line(r.iter().map(String::as_str).collect(), &mut out);
        }
        out.push('\n');
    }
    out
}

/// CSV of one sheet; the protection note is the last row (`# …`).
pub fn csv<W: Write>(sheet: &Sheet, style: CsvStyle, out: W) -> Result<(), ExportError> {
    let german = style == CsvStyle::GermanExcel;
    let mut w = crate::CsvOut::new(out, style)?;
    w.record(
        sheet
            .cols
            .iter()
            .map(|c| if german { c.de } else { c.code }),
    )?;
    for r in &sheet.rows {
        w.record(r.iter().map(|c| for_machines(c, german)))?;
    }
    w.record([format!("# {}", sheet.note)])?;
    w.finish()?;
    Ok(())
}

/// One worksheet per sheet with German headers and number formats, plus a note sheet.
pub fn xlsx(sheets: &[Sheet]) -> Result<Vec<u8>, ExportError> {
    let mut wb = Workbook::new();
    let bold = XFormat::new().set_bold();
    let pct = XFormat::new().set_num_format("0.0%");
    let int = XFormat::new().set_num_format("#,##0");
    let num = XFormat::new().set_num_format("0.00");
    let p = XFormat::new().set_num_format("0.0000");
    for s in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(s.name)?;
        for (i, c) in s.cols.iter().enumerate() {
            let x = u16::try_from(i).unwrap_or(u16::MAX);
            ws.write_string_with_format(0, x, c.de, &bold)?;
            ws.set_column_width(x, (c.de.chars().count() as f64 + 2.0).clamp(8.0, 40.0))?;
        }
        ws.set_freeze_panes(1, 0)?;
        for (ri, r) in s.rows.iter().enumerate() {
            let y = u32::try_from(ri + 1).unwrap_or(u32::MAX);
            for (ci, c) in r.iter().enumerate() {
                let x = u16::try_from(ci).unwrap_or(u16::MAX);
                match c {
                    Cell::Text(t) => {
                        ws.write_string(y, x, t)?;
                    }
                    Cell::Int(Some(v)) => {
                        ws.write_number_with_format(y, x, *v as f64, &int)?;
                    }
                    Cell::Signed(Some(v)) => {
                        ws.write_number_with_format(y, x, *v as f64, &int)?;
                    }
                    Cell::Pct(Some(v)) => {
                        ws.write_number_with_format(y, x, *v, &pct)?;
                    }
                    Cell::Num(Some(v)) => {
                        ws.write_number_with_format(y, x, *v, &num)?;
                    }
                    Cell::P(Some(v)) => {
                        ws.write_number_with_format(y, x, *v, &p)?;
                    }
                    Cell::Bool(Some(b)) => {
                        ws.write_string(y, x, if *b { "ja" } else { "nein" })?;
                    }
                    Cell::Int(None)
                    | Cell::Signed(None)
                    | Cell::Pct(None)
                    | Cell::Num(None)
                    | Cell::P(None)
                    | Cell::Bool(None) => {
                        ws.write_string(y, x, "–")?;
                    }
                }
            }
        }
    }
    let ws = wb.add_worksheet();
    ws.set_name("Hinweise")?;
    ws.write_string_with_format(0, 0, "Tabelle", &bold)?;
    ws.write_string_with_format(0, 1, "Geheimhaltung und Hinweise", &bold)?;
    ws.set_column_width(0, 24.0)?;
    ws.set_column_width(1, 120.0)?;
    for (i, s) in sheets.iter().enumerate() {
        let y = u32::try_from(i + 1).unwrap_or(u32::MAX);
        ws.write_string(y, 0, s.name)?;
        ws.write_string(y, 1, &s.note)?;
    }
    Ok(wb.save_to_buffer()?)
}

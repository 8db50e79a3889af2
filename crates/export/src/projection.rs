//! The projection (`abbild project`, the scenario page) as table, JSON or CSV.
//!
//! A projection is not a table of counts of persons: it is a model run on a scenario whose
//! initial state is either typed in or taken from the *published* (protected) age view, so
//! it carries nothing the disclosure gate has not released already. It therefore takes a
//! plain [`Projection`], not a `Released` one.

use crate::output::{self, col, Cell, Col, Sheet};
use crate::{CsvStyle, ExportError, Format};
use abbild_core::projection::Projection;
use abbild_i18n::{fmt, Tr};

const COLS: [Col; 8] = [
    col("year", "out-year"),
    col("headcount", "out-headcount"),
    col("with", "out-projection-with"),
    col("share", "out-share"),
    col("target", "out-projection-target"),
    col("p05", "out-projection-p05"),
    col("p50", "out-projection-p50"),
    col("p95", "out-projection-p95"),
];

/// One row per year; the summary (parity year, required hiring share, equilibrium) is the note.
pub fn sheet(p: &Projection, tr: &Tr) -> Sheet {
    let rows = p
        .years
        .iter()
        .map(|y| {
            vec![
                Cell::Text(y.year.to_string()),
                Cell::Num(Some(y.headcount)),
                Cell::Num(Some(y.with)),
                Cell::Pct(Some(y.share)),
                Cell::Pct(Some(y.target)),
                Cell::Pct(y.p05),
                Cell::Pct(y.p50),
                Cell::Pct(y.p95),
            ]
        })
        .collect();
    Sheet {
        name: "out-sheet-projection",
        cols: COLS.to_vec(),
        rows,
        note: summary(p, tr),
    }
}

/// `Parität: 2041; nötiger Einstellungsanteil: 38,2 %; Gleichgewicht …: 41,0 %.`
pub fn summary(p: &Projection, tr: &Tr) -> String {
    tr.args(
        "out-projection-summary",
        &[
            (
                "parity",
                p.parity_year
                    .map_or_else(|| tr.get("out-projection-no-parity"), |y| y.to_string()),
            ),
            (
                "hire",
                p.required_hire_share.map_or_else(
                    || tr.get("out-projection-no-hire"),
                    |h| fmt::pct(Some(h), tr.lang),
                ),
            ),
            ("equilibrium", fmt::pct(Some(p.equilibrium_share), tr.lang)),
        ],
    )
}

/// The projection in `format` (XLSX: one sheet plus the note sheet).
pub fn render(
    p: &Projection,
    format: Format,
    style: CsvStyle,
    tr: &Tr,
) -> Result<Vec<u8>, ExportError> {
    let s = sheet(p, tr);
    Ok(match format {
        Format::Table => output::table(std::slice::from_ref(&s), tr).into_bytes(),
        Format::Json => serde_json::to_string_pretty(p)?.into_bytes(),
        Format::Csv => {
            let mut buf = Vec::new();
            output::csv(&s, style, &mut buf)?;
            buf
        }
        Format::Xlsx => output::xlsx(std::slice::from_ref(&s), tr)?,
    })
}

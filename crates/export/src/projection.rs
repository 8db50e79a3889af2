//! The projection (`abbild project`, the scenario page) as table, JSON or CSV.
//!
//! A projection is not a table of counts of persons: it is a model run on a scenario whose
//! initial state is either typed in or taken from the *published* (protected) age view, so
//! it carries nothing the disclosure gate has not released already. It therefore takes a
//! plain [`Projection`], not a `Released` one.

use crate::flat::{self, col, Cell, Col, Sheet};
use crate::{CsvStyle, ExportError, Format};
use abbild_core::projection::Projection;

const COLS: [Col; 8] = [
    col("year", "Jahr"),
    col("headcount", "Beschäftigte"),
    col("with", "mit Migrationsgeschichte"),
    col("share", "Anteil"),
    col("target", "Ziel"),
    col("p05", "Anteil 5 %"),
    col("p50", "Anteil 50 %"),
    col("p95", "Anteil 95 %"),
];

/// One row per year; the summary (parity year, required hiring share, equilibrium) is the note.
pub fn sheet(p: &Projection) -> Sheet {
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
        name: "Projektion",
        cols: COLS.to_vec(),
        rows,
        note: summary_de(p),
    }
}

/// `Parität 2041; nötiger Einstellungsanteil 38,2 % bis 2055; Gleichgewicht 41,0 %.`
pub fn summary_de(p: &Projection) -> String {
    format!(
        "Parität: {}; nötiger Einstellungsanteil: {}; Gleichgewicht bei gleichbleibendem Personal: {}.",
        p.parity_year
            .map_or("nicht im Zeitraum".to_owned(), |y| y.to_string()),
        p.required_hire_share
            .map_or("auch 100 % reichen nicht".to_owned(), |h| crate::de_pct(Some(h))),
        crate::de_pct(Some(p.equilibrium_share)),
    )
}

/// The projection in `format` (XLSX: one sheet plus the note sheet).
pub fn render(p: &Projection, format: Format, style: CsvStyle) -> Result<Vec<u8>, ExportError> {
    let s = sheet(p);
    Ok(match format {
        Format::Table => flat::table(std::slice::from_ref(&s)).into_bytes(),
        Format::Json => serde_json::to_string_pretty(p)?.into_bytes(),
        Format::Csv => {
            let mut buf = Vec::new();
            flat::csv(&s, style, &mut buf)?;
            buf
        }
        Format::Xlsx => flat::xlsx(std::slice::from_ref(&s))?,
    })
}

//! Renders results that have passed the disclosure gate.
//!
//! Every public function takes a [`Released`] value: the type system guarantees that only
//! gated results are rendered. Each format carries the protection status with it (a banner
//! in tables, a `protection` object in JSON, a comment row in CSV, a note sheet in XLSX).

pub mod chart;
mod csv_out;
pub mod labels;
pub mod output;
pub mod pipeline;
pub mod projection;
pub mod representation;
pub mod tables;

pub use abbild_core::disclosure::Released;
pub use csv_out::{neutralise, CsvOut};

/// Output format of a table (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Aligned, readable German table for the terminal.
    #[default]
    Table,
    Json,
    Csv,
    Xlsx,
}

impl Format {
    pub fn parse(raw: &str) -> Result<Self, abbild_core::ParseError> {
        match abbild_core::fold(raw).as_str() {
            "table" | "tabelle" => Ok(Format::Table),
            "json" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            "xlsx" | "excel" => Ok(Format::Xlsx),
            _ => Err(abbild_core::ParseError::new(
                raw,
                abbild_core::one_of(&["table", "json", "csv", "xlsx"]),
            )),
        }
    }
}

/// CSV dialect: canonical (comma, dot decimal, UTF-8) for scripts, or German Excel
/// (semicolon, decimal comma, UTF-8 with BOM) for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CsvStyle {
    #[default]
    Canonical,
    GermanExcel,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("XLSX: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("Ausgabe: {0}")]
    Io(#[from] std::io::Error),
}

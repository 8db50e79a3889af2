//! The regional report for the state government (issue 7).
//!
//! One [`Report`] value, assembled by [`build`] from results that passed the disclosure-control
//! step, rendered three ways: [`html`] (one self-contained accessible file), [`pdf`] (typst as
//! a library, tagged PDF/UA-1) and [`xlsx`] (one sheet per table plus a sources sheet). The
//! renderers only walk the model, so every format shows the same cells.

mod build;
mod html;
mod inputs;
pub mod letters;
mod model;
pub mod pdf;
mod xlsx;

pub use build::build;
pub use html::html;
pub use inputs::{CityInputs, Inputs, ProjectionInput, Scope, Views};
pub use letters::{letters_pdf, LetterText, LettersError};
pub use model::{Block, Chapter, Figure, Lang, Report, Table};
pub use pdf::pdf;
pub use xlsx::xlsx;

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("PDF: {0}")]
    Pdf(String),
    #[error("XLSX: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("Bericht: {0}")]
    Input(String),
    #[error(transparent)]
    Export(#[from] abbild_export::ExportError),
}

//! Use cases shared by the command line and (later) the web application.
//!
//! Glue only: reading goes through `abbild-import`, storage through `abbild-store`, and all
//! computing through the pure `abbild-core`. Results are returned un-released; the caller
//! chooses the disclosure door (see `abbild_core::disclosure`).

pub mod accounts;
pub mod analyze;
pub mod import;
pub mod pipeline;
pub mod projection;
pub mod releases;
pub mod report;
pub mod scoped;
pub mod survey;

use abbild_core::ParseError;
use abbild_i18n::{Described, Message};

/// Everything that can go wrong in a use case, with messages meant for the user.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error(transparent)]
    Import(#[from] abbild_import::ImportError),
    #[error(transparent)]
    Store(#[from] abbild_store::StoreError),
    #[error(transparent)]
    Analysis(#[from] abbild_core::representation::AnalysisError),
    #[error(transparent)]
    Benchmark(#[from] abbild_core::benchmark::BenchmarkError),
    #[error(transparent)]
    Parse(#[from] ParseError),
    #[error(transparent)]
    Sdc(#[from] abbild_core::sdc::SdcError),
    /// The request cannot be served as asked; the reason as a catalogue message.
    #[error("{0}")]
    Input(Message),
    /// A table that cannot be published safely given earlier releases; the reason in words.
    #[error("{0}")]
    Withheld(Message),
}

impl Described for ServiceError {
    fn message(&self) -> Message {
        match self {
            ServiceError::Import(e) => Message::new("err-import").with("detail", e),
            ServiceError::Store(e) => e.message(),
            ServiceError::Analysis(e) => e.message(),
            ServiceError::Benchmark(e) => e.message(),
            ServiceError::Parse(e) => e.message(),
            ServiceError::Sdc(e) => e.message(),
            ServiceError::Input(m) | ServiceError::Withheld(m) => m.clone(),
        }
    }
}

/// Progress of a long run, for a progress bar on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Rows read so far from one input file.
    Rows { file: &'static str, rows: u64 },
    /// Cities analysed out of a total.
    Cities { done: u64, total: u64 },
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod message_tests {
    use super::*;
    use abbild_i18n::{I18n, Lang, Tr};

    /// A parse error reached through a use case says what was expected in the reader's
    /// language, not in German inside an English sentence.
    #[test]
    fn parse_errors_keep_their_expectation_translatable() {
        let e = ServiceError::Parse(abbild_core::Level::parse("gehobn").unwrap_err());
        let en = e.message().render(&Tr::new(I18n::global(), Lang::En));
        assert!(en.contains("expected") && en.contains(" or hoeher"), "{en}");
        assert!(e.to_string().contains("erwartet") && e.to_string().contains(" oder hoeher"));
    }
}

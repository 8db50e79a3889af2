//! PDF/UA-1 through typst used as a library (stub; see issue 7).

use crate::{Report, ReportError};

/// The report as a tagged PDF/UA-1 document.
pub fn pdf(report: &Report) -> Result<Vec<u8>, ReportError> {
    let _ = report;
    Err(ReportError::Pdf("noch nicht gebaut".into()))
}

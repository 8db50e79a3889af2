//! PDF/UA-1 through typst used as a library.
//!
//! The report becomes typst markup ([`markup`]), every user string passed as a string
//! literal; a small in-memory [`world`] serves that markup, the chart SVGs and the fonts
//! bundled with `typst-assets` (so the PDF embeds them, whatever the machine has installed).
//! The PDF is tagged and checked against PDF/UA-1 by typst; no clock and a fixed document
//! identifier make the same report give the same bytes.

mod markup;
mod world;

pub(crate) use markup::lit;
pub(crate) use world::figure_path;

use typst::diag::{Severity, SourceDiagnostic, Warned};
use typst::foundations::Smart;
use typst::World as _;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use crate::{Report, ReportError};
use world::ReportWorld;

/// The report as a tagged PDF/UA-1 document.
pub fn pdf(report: &Report) -> Result<Vec<u8>, ReportError> {
    render(report).map(|(bytes, _warnings)| bytes)
}

/// The PDF and typst's warnings (tests insist there are none).
pub(crate) fn render(report: &Report) -> Result<(Vec<u8>, Vec<String>), ReportError> {
    let mut svgs = Vec::new();
    let source = markup::markup(report, &mut svgs);
    let ident = format!(
        "abbild-report/{}/{}/{}",
        report.lang().code(),
        report.title(),
        report.subtitle()
    );
    compile(source, svgs, ident).map(|c| (c.bytes, c.warnings))
}

/// A compiled document: the PDF, typst's warnings and the number of pages.
#[derive(Debug)]
pub(crate) struct Compiled {
    pub(crate) bytes: Vec<u8>,
    pub(crate) warnings: Vec<String>,
    pub(crate) pages: usize,
}

/// Typst markup (with `svgs` served as [`world::figure_path`]) to tagged PDF/UA-1; shared by
/// the report and the survey letters. `ident` names the document: its hash is the PDF's
/// fixed identifier, so the same input gives the same bytes.
pub(crate) fn compile(
    source: String,
    svgs: Vec<String>,
    ident: String,
) -> Result<Compiled, ReportError> {
    let world =
        ReportWorld::new(source, svgs).map_err(|e| ReportError::Pdf(format!("Quelle: {e}")))?;

    let Warned { output, warnings } = typst::compile(&world);
    let warnings: Vec<String> = warnings.iter().map(|d| describe(&world, d)).collect();
    let document = output.map_err(|errors| failure(&world, &errors))?;

    let standards = PdfStandards::new(&[PdfStandard::Ua_1])
        .map_err(|e| ReportError::Pdf(e.message().to_string()))?;
    let options = PdfOptions {
        ident: Smart::Custom(ident),
        creator: Smart::Custom(Some("abbild (typst)".to_owned())),
        timestamp: None,
        page_ranges: None,
        standards,
        tagged: true,
        pretty: false,
    };
    let bytes = typst_pdf::pdf(&document, &options).map_err(|errors| failure(&world, &errors))?;
    let pages = document.pages().len();
    // Memoised layout results of this document are of no use for the next one.
    typst::comemo::evict(0);
    Ok(Compiled {
        bytes,
        warnings,
        pages,
    })
}

fn failure(world: &ReportWorld, diags: &[SourceDiagnostic]) -> ReportError {
    let lines: Vec<String> = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| describe(world, d))
        .collect();
    ReportError::Pdf(lines.join("; "))
}

/// Message, hints and (for errors in the generated markup) the offending source line.
fn describe(world: &ReportWorld, d: &SourceDiagnostic) -> String {
    let mut s = d.message.to_string();
    for hint in &d.hints {
        s.push_str(" (hint: ");
        s.push_str(&hint.v);
        s.push(')');
    }
    let main = world.main_source();
    if d.span.id() == Some(world.main()) {
        if let Some(range) = typst::WorldExt::range(world, d.span) {
            let text = main.text();
            let start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
            let end = text[range.end..]
                .find('\n')
                .map_or(text.len(), |i| range.end + i);
            let line = text[..range.start].matches('\n').count() + 1;
            let snippet: String = text[start..end].chars().take(160).collect();
            s.push_str(&format!(" [main.typ:{line}: {snippet}]"));
        }
    }
    s
}

#[cfg(test)]
pub(crate) mod tests;

//! The appendix (every table once, the target of the figures' data links) and the sources
//! that the imprint and the XLSX sources sheet list.

use super::Builder;
use crate::inputs::{Inputs, Scope};
use crate::model::{Block, Chapter, APPENDIX};

pub(super) fn chapter(b: &Builder) -> Chapter {
    Chapter {
        id: APPENDIX.into(),
        title: b.get("report-appendix"),
        blocks: std::iter::once(Block::Para(b.get("report-appendix-intro")))
            .chain((0..b.tables.len()).map(Block::Table))
            .collect(),
    }
}

/// Pairs of what and where from; then each city's warnings about its data.
pub(super) fn sources(b: &Builder, inputs: &Inputs) -> Vec<(String, String)> {
    let year = inputs.year.to_string();
    let report = match inputs.scope {
        Scope::Region => b.tr.arg("report-source-report-region", "year", &year),
        Scope::City(a) => b.tr.args(
            "report-source-report-city",
            &[("year", year.clone()), ("ags", a.to_string())],
        ),
    };
    let mut out: Vec<(String, String)> = [
        ("report-source-report", report),
        ("report-col-staff", b.get("report-source-staff")),
        ("report-source-survey", b.get("report-source-survey-text")),
        (
            "report-source-population",
            b.get("report-source-population-text"),
        ),
        (
            "report-source-pipeline",
            b.get("report-source-pipeline-text"),
        ),
        (
            "report-confidentiality",
            b.get("report-source-confidentiality"),
        ),
    ]
    .into_iter()
    .map(|(what, text)| (b.get(what), text))
    .collect();
    for c in &inputs.cities {
        let Some(rel) = &c.views.fields else { continue };
        for w in rel.body().cities.iter().flat_map(|cw| &cw.warnings) {
            out.push((b.tr.arg("report-source-note", "city", &c.name), w.clone()));
        }
    }
    out
}

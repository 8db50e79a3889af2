//! Methods: definitions, benchmark and data sources, intervals and weighting, response,
//! confidentiality (with the suppression count of every table so far) and the projection
//! model. Comes after the result chapters, so that it can count their suppressed cells.

use super::columns::{col, Col};
use super::{Builder, Suppression};
use crate::inputs::Inputs;
use crate::model::{Block, Chapter};
use abbild_export::output::Cell;

/// A row of the sources table: one city's benchmark and data.
struct Source {
    city: String,
    source: String,
    benchmark_year: String,
    definition: String,
    staff_year: String,
    wave: String,
}

const SOURCES: [Col<Source>; 6] = [
    col("report-col-city", |r, _| Cell::Text(r.city.clone())),
    col("report-col-benchmark-source", |r, _| {
        Cell::Text(r.source.clone())
    }),
    col("report-col-benchmark-year", |r, _| {
        Cell::Text(r.benchmark_year.clone())
    }),
    col("report-col-definition", |r, _| {
        Cell::Text(r.definition.clone())
    }),
    col("report-col-staff-year", |r, _| {
        Cell::Text(r.staff_year.clone())
    }),
    col("report-col-survey-wave", |r, _| Cell::Text(r.wave.clone())),
];

const SUPPRESSED: [Col<Suppression>; 5] = [
    col("report-col-table", |s, _| Cell::Text(s.table.clone())),
    col("report-col-title", |s, _| Cell::Text(s.title.clone())),
    col("report-col-threshold", |s, _| Cell::Int(s.k)),
    col("report-col-primary", |s, _| {
        Cell::Int(s.primary.map(|v| v as u64))
    }),
    col("report-col-secondary", |s, _| {
        Cell::Int(s.secondary.map(|v| v as u64))
    }),
];

pub(super) fn chapter(b: &mut Builder, inputs: &Inputs) -> Chapter {
    let mut blocks = definitions(b, inputs);
    benchmark(b, inputs, &mut blocks);
    blocks.push(Block::Heading(b.get("report-intervals-weighting")));
    blocks.push(Block::Para(b.get("report-text-intervals")));
    blocks.push(Block::Para(b.get("report-text-weighting")));
    blocks.push(Block::Heading(b.get("report-response")));
    blocks.push(Block::Para(b.get("report-text-response")));
    confidentiality(b, &mut blocks);
    blocks.push(Block::Heading(b.get("report-projection")));
    blocks.push(Block::Para(b.get("report-text-projection-method")));
    Chapter {
        id: "methoden".into(),
        title: b.get("report-methods"),
        blocks,
    }
}

/// The three definitions of a migration history, and the one this report uses.
fn definitions(b: &Builder, inputs: &Inputs) -> Vec<Block> {
    let mut blocks = vec![
        Block::Heading(b.get("report-definitions")),
        Block::Para(b.get("report-text-definitions-intro")),
        Block::Bullets(
            [
                "report-text-definition-mh",
                "report-text-definition-eg",
                "report-text-definition-eg-nrw",
            ]
            .map(|k| b.get(k))
            .into(),
        ),
    ];
    let definition = inputs
        .cities
        .iter()
        .find_map(|c| c.views.fields.as_ref().map(|r| r.body().definition));
    if let Some(d) = definition {
        blocks.push(Block::Para(b.tr.args(
            "report-definition-used",
            &[
                ("label", abbild_export::labels::definition(d, &b.tr)),
                ("code", d.code().to_owned()),
            ],
        )));
    }
    blocks
}

/// The benchmark and the data of each city.
fn benchmark(b: &mut Builder, inputs: &Inputs, blocks: &mut Vec<Block>) {
    let rows: Vec<Source> = inputs
        .cities
        .iter()
        .filter_map(|c| {
            let rel = c.views.fields.as_ref()?;
            let cw = rel.body().cities.first()?;
            Some(Source {
                city: c.name.clone(),
                source: abbild_export::labels::source(cw.benchmark.source, &b.tr),
                benchmark_year: cw.benchmark.year.to_string(),
                definition: abbild_export::labels::definition(cw.benchmark.definition, &b.tr),
                staff_year: cw.year.to_string(),
                wave: cw.wave.to_string(),
            })
        })
        .collect();
    blocks.push(Block::Heading(b.get("report-benchmark-data")));
    blocks.push(Block::Para(b.get("report-text-benchmark")));
    let t = b.table_of(
        b.get("report-sources-table"),
        &SOURCES,
        &rows,
        None,
        Some(b.get("report-metadata-note")),
    );
    blocks.push(Block::Table(t));
}

/// How the tables are protected, and how many cells each lost.
fn confidentiality(b: &mut Builder, blocks: &mut Vec<Block>) {
    blocks.push(Block::Heading(b.get("report-confidentiality")));
    blocks.push(Block::Para(b.get("report-text-confidentiality")));
    let primary: usize = b.suppression.iter().filter_map(|s| s.primary).sum();
    let secondary: usize = b.suppression.iter().filter_map(|s| s.secondary).sum();
    blocks.push(Block::Para(b.tr.args(
        "report-suppressed-total",
        &[
            ("primary", b.int(primary as u64)),
            ("secondary", b.int(secondary as u64)),
        ],
    )));
    // The table lists the tables before it; it is itself unprotected, so it adds no row.
    let suppression = std::mem::take(&mut b.suppression);
    let t = b.table_of(
        b.get("report-suppressed-table"),
        &SUPPRESSED,
        &suppression,
        None,
        Some(b.get("report-suppressed-note")),
    );
    b.suppression = suppression;
    blocks.push(Block::Table(t));
}

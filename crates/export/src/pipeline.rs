//! Apprentice pipeline and retention reports in every format (`abbild analyze pipeline`,
//! `abbild analyze retention`, the web downloads). Only [`Released`] reports come in.

use crate::labels;
use crate::output::{self, col, Cell, Col, Sheet};
use crate::{CsvStyle, ExportError, Format, Released};
use abbild_core::disclosure::Protection;
use abbild_core::pipeline::PipelineReport;
use abbild_core::retention::RetentionReport;
use abbild_i18n::Tr;

const PIPELINE_COLS: [Col; 23] = [
    col("ags", "out-ags"),
    col("year", "out-year"),
    col("occupation", "out-pipeline-occupation"),
    col("applicant_share", "out-pipeline-applicant-share"),
    col("outreach_benchmark", "out-pipeline-outreach-benchmark"),
    col("from", "out-pipeline-from"),
    col("to", "out-pipeline-to"),
    col("with_in", "out-pipeline-with-in"),
    col("with_out", "out-pipeline-with-out"),
    col("with_rate", "out-pipeline-with-rate"),
    col("without_in", "out-pipeline-without-in"),
    col("without_out", "out-pipeline-without-out"),
    col("without_rate", "out-pipeline-without-rate"),
    col("impact_ratio", "out-pipeline-impact-ratio"),
    col("ci_low", "out-ci-low"),
    col("ci_high", "out-ci-high"),
    col("relative_likelihood", "out-pipeline-relative-likelihood"),
    col("fisher_p_two_sided", "out-fisher-p-two-sided"),
    col("fisher_p_less", "out-pipeline-fisher-p-less"),
    col("four_fifths", "out-pipeline-four-fifths"),
    col("shortfall", "out-pipeline-shortfall"),
    col(
        "cumulative_impact_ratio",
        "out-pipeline-cumulative-impact-ratio",
    ),
    col("status", "out-status"),
];

fn note(p: &Protection, tr: &Tr) -> String {
    output::protection_technical(p, tr)
}

/// The row's status word; in a withheld row every empty figure from `figures_from` on (the
/// counts and what follows from them, not the row's context) says why it is empty.
fn finish(mut row: Vec<Cell>, figures_from: usize, suppressed: bool, tr: &Tr) -> Vec<Cell> {
    if suppressed {
        for c in row.iter_mut().skip(figures_from) {
            *c = std::mem::replace(c, Cell::Int(None)).withheld_if_empty();
        }
    }
    row.push(Cell::Text(tr.get(if suppressed {
        "out-status-withheld"
    } else {
        "out-status-ok"
    })));
    row
}

/// A selection stage: its code for scripts, its name for people (`Vorstellungsgespräch`);
/// a city's own stage names stay as they came.
fn stage(s: &abbild_core::records::StageName, tr: &Tr) -> Cell {
    let code = s.to_string();
    let words = tr
        .try_get(&format!("stage-{}", s.as_str().to_lowercase()))
        .unwrap_or_else(|| code.clone());
    Cell::Term { code, words }
}

/// One row per city, year, occupation and transition.
pub fn pipeline_sheet(rel: &Released<PipelineReport>, tr: &Tr) -> Sheet {
    use abbild_core::pipeline::FigureStatus;
    let mut rows = Vec::new();
    for c in &rel.body().cities {
        for o in &c.occupations {
            for t in &o.transitions {
                let row = vec![
                    Cell::Text(c.ags.to_string()),
                    Cell::Text(c.year.to_string()),
                    Cell::Text(o.occupation.to_string()),
                    Cell::Pct(o.applicant_share),
                    Cell::Pct(o.outreach_benchmark),
                    stage(&t.from, tr),
                    stage(&t.to, tr),
                    Cell::Int(t.with.entered),
                    Cell::Int(t.with.advanced),
                    Cell::Pct(t.with.rate),
                    Cell::Int(t.without.entered),
                    Cell::Int(t.without.advanced),
                    Cell::Pct(t.without.rate),
                    Cell::Num(t.impact_ratio),
                    Cell::Num(t.ci_low),
                    Cell::Num(t.ci_high),
                    Cell::Num(t.relative_likelihood),
                    Cell::P(t.fisher_p_two_sided),
                    Cell::P(t.fisher_p_less),
                    Cell::Bool(t.four_fifths),
                    Cell::Num(t.shortfall),
                    Cell::Num(t.cumulative_impact_ratio),
                ];
                rows.push(finish(row, 7, t.status == FigureStatus::Suppressed, tr));
            }
        }
    }
    Sheet {
        name: "out-sheet-pipeline",
        cols: PIPELINE_COLS.to_vec(),
        rows,
        note: note(rel.protection(), tr),
    }
}

const RETENTION_COLS: [Col; 16] = [
    col("ags", "out-ags"),
    col("year", "out-year"),
    col("segment", "out-segment"),
    col("reason", "out-retention-reason"),
    col("with_headcount", "out-retention-with-headcount"),
    col("with_exits", "out-retention-with-exits"),
    col("with_rate", "out-retention-with-rate"),
    col("without_headcount", "out-retention-without-headcount"),
    col("without_exits", "out-retention-without-exits"),
    col("without_rate", "out-retention-without-rate"),
    col("exit_ratio", "out-retention-exit-ratio"),
    col("ci_low", "out-ci-low"),
    col("ci_high", "out-ci-high"),
    col("fisher_p_two_sided", "out-fisher-p-two-sided"),
    col("fisher_p_greater", "out-retention-fisher-p-greater"),
    col("status", "out-status"),
];

/// One row per city, year, segment and reason line.
pub fn retention_sheet(rel: &Released<RetentionReport>, tr: &Tr) -> Sheet {
    use abbild_core::pipeline::FigureStatus;
    let mut rows = Vec::new();
    for c in &rel.body().cities {
        for s in &c.segments {
            let seg = s.segment.to_string();
            for l in &s.lines {
                let row = vec![
                    Cell::Text(c.ags.to_string()),
                    Cell::Text(c.year.to_string()),
                    Cell::Text(if seg.is_empty() {
                        tr.get("out-all")
                    } else {
                        seg.clone()
                    }),
                    Cell::Text(labels::reason(l.reason, tr)),
                    Cell::Int(l.with.headcount),
                    Cell::Int(l.with.exits),
                    Cell::Pct(l.with.rate),
                    Cell::Int(l.without.headcount),
                    Cell::Int(l.without.exits),
                    Cell::Pct(l.without.rate),
                    Cell::Num(l.exit_ratio),
                    Cell::Num(l.ci_low),
                    Cell::Num(l.ci_high),
                    Cell::P(l.fisher_p_two_sided),
                    Cell::P(l.fisher_p_greater),
                ];
                rows.push(finish(row, 4, l.status == FigureStatus::Suppressed, tr));
            }
        }
    }
    Sheet {
        name: "out-sheet-retention",
        cols: RETENTION_COLS.to_vec(),
        rows,
        note: note(rel.protection(), tr),
    }
}

fn render<T: serde::Serialize>(
    rel: &Released<T>,
    sheet: Sheet,
    format: Format,
    style: CsvStyle,
    tr: &Tr,
) -> Result<Vec<u8>, ExportError> {
    Ok(match format {
        Format::Table => output::table(std::slice::from_ref(&sheet), tr).into_bytes(),
        Format::Json => serde_json::to_string_pretty(rel)?.into_bytes(),
        Format::Csv => {
            let mut buf = Vec::new();
            output::csv(&sheet, style, &mut buf)?;
            buf
        }
        Format::Xlsx => output::xlsx(std::slice::from_ref(&sheet), tr)?,
    })
}

/// The pipeline report in `format` (CSV in `style`; table and XLSX in `tr`'s language).
pub fn pipeline(
    rel: &Released<PipelineReport>,
    format: Format,
    style: CsvStyle,
    tr: &Tr,
) -> Result<Vec<u8>, ExportError> {
    render(rel, pipeline_sheet(rel, tr), format, style, tr)
}

/// The retention report in `format` (CSV in `style`; table and XLSX in `tr`'s language).
pub fn retention(
    rel: &Released<RetentionReport>,
    format: Format,
    style: CsvStyle,
    tr: &Tr,
) -> Result<Vec<u8>, ExportError> {
    render(rel, retention_sheet(rel, tr), format, style, tr)
}

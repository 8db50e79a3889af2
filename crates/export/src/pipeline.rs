//! Apprentice pipeline and retention reports in every format (`abbild analyze pipeline`,
//! `abbild analyze retention`, the web downloads). Only [`Released`] reports come in.

use crate::flat::{self, col, Cell, Col, Sheet};
use crate::{CsvStyle, ExportError, Format, Released};
use abbild_core::disclosure::Protection;
use abbild_core::pipeline::PipelineReport;
use abbild_core::retention::{ReasonLine, RetentionReport};

const PIPELINE_COLS: [Col; 23] = [
    col("ags", "AGS"),
    col("year", "Jahr"),
    col("occupation", "Ausbildungsberuf"),
    col("applicant_share", "Anteil mit MH unter Bewerbungen"),
    col("outreach_benchmark", "Bevölkerung 15–24 mit MH"),
    col("from", "von Stufe"),
    col("to", "zu Stufe"),
    col("with_in", "mit MH: auf Stufe"),
    col("with_out", "mit MH: weiter"),
    col("with_rate", "mit MH: Quote"),
    col("without_in", "ohne MH: auf Stufe"),
    col("without_out", "ohne MH: weiter"),
    col("without_rate", "ohne MH: Quote"),
    col("impact_ratio", "Quotenverhältnis"),
    col("ci_low", "Intervall unten"),
    col("ci_high", "Intervall oben"),
    col(
        "relative_likelihood",
        "Relative Wahrscheinlichkeit (ohne/mit)",
    ),
    col("fisher_p_two_sided", "Fisher p (zweiseitig)"),
    col("fisher_p_less", "Fisher p (einseitig, geringer)"),
    col("four_fifths", "unter 4/5"),
    col("shortfall", "Fehlbetrag (Personen)"),
    col("cumulative_impact_ratio", "Quotenverhältnis kumuliert"),
    col("status", "Status"),
];

fn note(p: &Protection) -> String {
    p.summary_de()
}

fn status(suppressed: bool) -> Cell {
    Cell::Text(if suppressed { "gesperrt" } else { "ok" }.to_owned())
}

/// One row per city, year, occupation and transition.
pub fn pipeline_sheet(rel: &Released<PipelineReport>) -> Sheet {
    use abbild_core::pipeline::FigureStatus;
    let mut rows = Vec::new();
    for c in &rel.body().cities {
        for o in &c.occupations {
            for t in &o.transitions {
                rows.push(vec![
                    Cell::Text(c.ags.to_string()),
                    Cell::Text(c.year.to_string()),
                    Cell::Text(o.occupation.to_string()),
                    Cell::Pct(o.applicant_share),
                    Cell::Pct(o.outreach_benchmark),
                    Cell::Text(t.from.to_string()),
                    Cell::Text(t.to.to_string()),
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
                    status(t.status == FigureStatus::Suppressed),
                ]);
            }
        }
    }
    Sheet {
        name: "Ausbildung",
        cols: PIPELINE_COLS.to_vec(),
        rows,
        note: note(rel.protection()),
    }
}

const RETENTION_COLS: [Col; 16] = [
    col("ags", "AGS"),
    col("year", "Jahr"),
    col("segment", "Gruppe"),
    col("reason", "Grund"),
    col("with_headcount", "mit MH: Beschäftigte"),
    col("with_exits", "mit MH: Abgänge"),
    col("with_rate", "mit MH: Abgangsquote"),
    col("without_headcount", "ohne MH: Beschäftigte"),
    col("without_exits", "ohne MH: Abgänge"),
    col("without_rate", "ohne MH: Abgangsquote"),
    col("exit_ratio", "Verhältnis der Abgangsquoten"),
    col("ci_low", "Intervall unten"),
    col("ci_high", "Intervall oben"),
    col("fisher_p_two_sided", "Fisher p (zweiseitig)"),
    col("fisher_p_greater", "Fisher p (einseitig, höher)"),
    col("status", "Status"),
];

/// The reason of a line, in German.
pub fn reason_de(r: ReasonLine) -> &'static str {
    match r {
        ReasonLine::All => "alle Gründe",
        ReasonLine::One(x) => x.label_de(),
    }
}

/// One row per city, year, segment and reason line.
pub fn retention_sheet(rel: &Released<RetentionReport>) -> Sheet {
    use abbild_core::pipeline::FigureStatus;
    let mut rows = Vec::new();
    for c in &rel.body().cities {
        for s in &c.segments {
            let seg = s.segment.to_string();
            for l in &s.lines {
                rows.push(vec![
                    Cell::Text(c.ags.to_string()),
                    Cell::Text(c.year.to_string()),
                    Cell::Text(if seg.is_empty() {
                        "alle".to_owned()
                    } else {
                        seg.clone()
                    }),
                    Cell::Text(reason_de(l.reason).to_owned()),
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
                    status(l.status == FigureStatus::Suppressed),
                ]);
            }
        }
    }
    Sheet {
        name: "Verbleib",
        cols: RETENTION_COLS.to_vec(),
        rows,
        note: note(rel.protection()),
    }
}

fn render<T: serde::Serialize>(
    rel: &Released<T>,
    sheet: Sheet,
    format: Format,
    style: CsvStyle,
) -> Result<Vec<u8>, ExportError> {
    Ok(match format {
        Format::Table => flat::table(std::slice::from_ref(&sheet)).into_bytes(),
        Format::Json => serde_json::to_string_pretty(rel)?.into_bytes(),
        Format::Csv => {
            let mut buf = Vec::new();
            flat::csv(&sheet, style, &mut buf)?;
            buf
        }
        Format::Xlsx => flat::xlsx(std::slice::from_ref(&sheet))?,
    })
}

/// The pipeline report in `format` (CSV in `style`).
pub fn pipeline(
    rel: &Released<PipelineReport>,
    format: Format,
    style: CsvStyle,
) -> Result<Vec<u8>, ExportError> {
    render(rel, pipeline_sheet(rel), format, style)
}

/// The retention report in `format` (CSV in `style`).
pub fn retention(
    rel: &Released<RetentionReport>,
    format: Format,
    style: CsvStyle,
) -> Result<Vec<u8>, ExportError> {
    render(rel, retention_sheet(rel), format, style)
}

//! Apprenticeships and retention: the selection of apprentices (overview across cities, then
//! each occupation's steps with a funnel chart) and the exits by reason. Selection steps and
//! exit reasons share one comparison table (see [`columns::comparison`]).

use super::columns::{self, col, Col, Compared, Comparison, Group};
use super::{alt_of_table, combined_protection, Builder};
use crate::inputs::{CityInputs, Inputs};
use crate::model::{Block, Chapter};
use abbild_core::disclosure::Released;
use abbild_core::pipeline::{OccupationPipeline, PipelineReport, Transition};
use abbild_core::retention::{ExitLine, ReasonLine, RetentionReport};
use abbild_export::chart::{self, FunnelChart, FunnelLabels, FunnelStage};
use abbild_export::output::Cell;

/// One occupation of one city in the overview.
struct Overview {
    city: String,
    year: String,
    applicant_share: Option<f64>,
    outreach: Option<f64>,
    cumulative: Option<f64>,
    flagged: usize,
}

const OVERVIEW: [Col<Overview>; 6] = [
    col("report-col-city", |r, _| Cell::Text(r.city.clone())),
    col("report-col-year", |r, _| Cell::Text(r.year.clone())),
    col("report-col-applicant-share", |r, _| {
        Cell::Pct(r.applicant_share)
    }),
    col("report-col-outreach", |r, _| Cell::Pct(r.outreach)),
    col("report-col-cumulative-ratio", |r, _| {
        Cell::Num(r.cumulative)
    }),
    col("report-col-flagged", |r, _| {
        Cell::Int(Some(r.flagged as u64))
    }),
];

pub(super) fn chapter(b: &mut Builder, inputs: &Inputs) -> Chapter {
    let mut blocks = vec![Block::Para(b.get("report-text-pipeline"))];
    overview(b, inputs, &mut blocks);
    for c in &inputs.cities {
        if c.pipeline.is_none() && c.retention.is_none() {
            continue;
        }
        blocks.push(Block::Heading(c.name.clone()));
        if let Some(rel) = &c.pipeline {
            selection(b, c, rel, &mut blocks);
        }
        if let Some(rel) = &c.retention {
            exits(b, c, rel, &mut blocks);
        }
    }
    Chapter {
        id: "ausbildung".into(),
        title: b.get("report-pipeline"),
        blocks,
    }
}

/// Applications and selection across cities, one row per city and occupation.
fn overview(b: &mut Builder, inputs: &Inputs, blocks: &mut Vec<Block>) {
    let mut rows = Vec::new();
    let mut protections = Vec::new();
    for c in &inputs.cities {
        let Some(rel) = &c.pipeline else { continue };
        protections.push(rel.protection());
        for cp in &rel.body().cities {
            rows.extend(cp.occupations.iter().map(|o| {
                Overview {
                    city: c.name.clone(),
                    year: cp.year.to_string(),
                    applicant_share: o.applicant_share,
                    outreach: o.outreach_benchmark,
                    cumulative: o.transitions.last().and_then(|t| t.cumulative_impact_ratio),
                    flagged: o
                        .transitions
                        .iter()
                        .filter(|t| t.four_fifths == Some(true))
                        .count(),
                }
            }));
        }
    }
    if rows.is_empty() {
        return;
    }
    let note = combined_protection(b, &protections);
    let t = b.table_of(
        b.get("report-pipeline-table"),
        &OVERVIEW,
        &rows,
        None,
        Some(note),
    );
    blocks.push(Block::Table(t));
}

fn step(t: &Transition) -> Comparison {
    Comparison {
        label: format!("{} → {}", t.from, t.to),
        with: Group {
            base: t.with.entered,
            events: t.with.advanced,
            rate: t.with.rate,
        },
        without: Group {
            base: t.without.entered,
            events: t.without.advanced,
            rate: t.without.rate,
        },
        ratio: t.impact_ratio,
        ci_low: t.ci_low,
        ci_high: t.ci_high,
        p: t.fisher_p_less,
        four_fifths: t.four_fifths,
        shortfall: t.shortfall,
    }
}

/// Each occupation's selection steps: table and funnel chart.
fn selection(
    b: &mut Builder,
    c: &CityInputs,
    rel: &Released<PipelineReport>,
    blocks: &mut Vec<Block>,
) {
    for cp in &rel.body().cities {
        for o in &cp.occupations {
            let rows: Vec<Comparison> = o.transitions.iter().map(step).collect();
            let title = b.tr.args(
                "report-selection-title",
                &[
                    ("city", c.name.clone()),
                    ("year", cp.year.to_string()),
                    ("occupation", o.occupation.to_string()),
                ],
            );
            let cols = columns::comparison(Compared::Selection);
            let t = b.table_of(title.clone(), &cols, &rows, Some(rel.protection()), None);
            let svg = chart::funnel(&FunnelChart {
                id: format!("fig-funnel-{}-{}", c.ags, b.tables.len()),
                title: title.clone(),
                desc: b.get("report-funnel-desc"),
                stages: funnel_stages(o),
                labels: funnel_labels(b),
            });
            let alt = alt_of_table(b, t, &[0, 3, 6, 7]);
            blocks.push(b.figure(svg, alt, &title, t));
        }
    }
}

/// The funnel's stages; each after the first carries the ratio of its step.
fn funnel_stages(o: &OccupationPipeline) -> Vec<FunnelStage> {
    o.stages
        .iter()
        .enumerate()
        .map(|(s, st)| FunnelStage {
            label: st.stage.to_string(),
            with: st.with,
            without: st.without,
            ratio: if s == 0 {
                None
            } else {
                o.transitions.get(s - 1).and_then(|t| t.impact_ratio)
            },
        })
        .collect()
}

fn funnel_labels(b: &Builder) -> FunnelLabels {
    let mut l = FunnelLabels::german();
    l.with = b.get("report-funnel-with");
    l.without = b.get("report-funnel-without");
    l.ratio = b.get("report-funnel-ratio");
    l.suppressed = b.get("report-chart-suppressed");
    l.four_fifths_flag = b.get("report-col-below-four-fifths");
    if b.en() {
        l.number = |v| format!("{v:.2}");
        l.percent = chart::en_percent;
        l.count = |v| abbild_i18n::fmt::int(v, abbild_i18n::Lang::En);
    }
    l
}

fn exit_line(b: &Builder, l: &ExitLine) -> Comparison {
    let label = match l.reason {
        ReasonLine::All => b.get("exits-all-reasons"),
        ReasonLine::One(r) => b.get(&format!("report-reason-{}", r.code().replace('_', "-"))),
    };
    Comparison {
        label,
        with: Group {
            base: l.with.headcount,
            events: l.with.exits,
            rate: l.with.rate,
        },
        without: Group {
            base: l.without.headcount,
            events: l.without.exits,
            rate: l.without.rate,
        },
        ratio: l.exit_ratio,
        ci_low: l.ci_low,
        ci_high: l.ci_high,
        p: l.fisher_p_greater,
        four_fifths: None,
        shortfall: None,
    }
}

/// Exits by reason, one table per city and year.
fn exits(
    b: &mut Builder,
    c: &CityInputs,
    rel: &Released<RetentionReport>,
    blocks: &mut Vec<Block>,
) {
    for cr in &rel.body().cities {
        let rows: Vec<Comparison> = cr
            .segments
            .iter()
            .flat_map(|s| &s.lines)
            .map(|l| exit_line(b, l))
            .collect();
        let title = b.tr.args(
            "report-exits-title",
            &[("city", c.name.clone()), ("year", cr.year.to_string())],
        );
        let cols = columns::comparison(Compared::Exits);
        let t = b.table_of(title, &cols, &rows, Some(rel.protection()), None);
        blocks.push(Block::Table(t));
    }
}

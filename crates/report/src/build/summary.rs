//! The summary: where each city stands (ranked by ratio), one sentence per city, and when
//! parity is within reach.

use super::columns::{self as c, col, Col, MetricRow};
use super::{alt_of_table, combined_protection, confidence_pct, Builder};
use crate::inputs::{CityInputs, Inputs, ProjectionInput};
use crate::model::{Block, Chapter};
use abbild_core::disclosure::{Protection, Released};
use abbild_core::representation::{Metrics, RepresentationReport};
use abbild_export::chart::{self, ShareChart, ShareRow};
use abbild_export::labels;
use abbild_export::output::Cell;
use abbild_i18n::fmt;

/// The overview table: one row per city.
const OVERVIEW: [Col<MetricRow>; 14] = [
    c::label("report-col-city"),
    c::WAVE,
    c::STAFF,
    c::RESPONSES,
    c::RESPONSE_RATE,
    c::SHARE,
    c::CI_LOW,
    c::CI_HIGH,
    c::POPULATION_TOTAL,
    c::POPULATION_STD,
    c::RATIO,
    c::GAP,
    c::CHANGE,
    c::ASSESSMENT,
];

/// The headline row of a city: its field × level view's overall figures.
pub(super) fn headline(c: &CityInputs) -> Option<(&Released<RepresentationReport>, &Metrics)> {
    let rel = c.views.fields.as_ref()?;
    let city = rel.body().cities.first()?;
    Some((rel, &city.overall.metrics))
}

/// Share change against the previous wave, in percentage points.
fn change_pp(c: &CityInputs) -> Option<f64> {
    let shares: Vec<Option<f64>> = c
        .trend
        .iter()
        .filter_map(|r| r.body().cities.first())
        .map(|x| x.overall.metrics.share)
        .collect();
    match shares.as_slice() {
        [.., Some(prev), Some(now)] => Some((now - prev) * 100.0),
        _ => None,
    }
}

fn year_of(c: &CityInputs) -> Option<String> {
    let rel = c.views.fields.as_ref()?;
    rel.body().cities.first().map(|x| x.wave.to_string())
}

pub(super) fn chapter(b: &mut Builder, inputs: &Inputs) -> Chapter {
    let mut blocks = vec![
        Block::Para(b.get("report-text-goals")),
        Block::Para(b.get("report-text-how-to-read")),
    ];
    where_cities_stand(b, inputs, &mut blocks);
    parity_table(b, inputs, &mut blocks);
    Chapter {
        id: "zusammenfassung".into(),
        title: b.get("report-summary"),
        blocks,
    }
}

/// Cities ranked by ratio, lowest first: where the gap is largest; suppressed ratios last.
fn ranked(inputs: &Inputs) -> Vec<&CityInputs> {
    let mut ranked: Vec<&CityInputs> = inputs.cities.iter().collect();
    ranked.sort_by(|x, y| {
        let r = |c: &CityInputs| {
            headline(c)
                .and_then(|(_, m)| m.ratio)
                .unwrap_or(f64::INFINITY)
        };
        r(x).total_cmp(&r(y)).then(x.ags.cmp(&y.ags))
    });
    ranked
}

/// The overview table with its chart, and one sentence per city.
fn where_cities_stand(b: &mut Builder, inputs: &Inputs, blocks: &mut Vec<Block>) {
    let mut rows = Vec::new();
    let mut bars = Vec::new();
    let mut bullets = Vec::new();
    let mut protections: Vec<&Protection> = Vec::new();
    let mut confidence = "95".to_owned();
    for c in ranked(inputs) {
        let Some((rel, m)) = headline(c) else {
            bullets.push(b.tr.arg("report-summary-no-survey", "city", &c.name));
            continue;
        };
        confidence = confidence_pct(rel.body().confidence);
        protections.push(rel.protection());
        let change = change_pp(c);
        bullets.push(city_sentence(b, c, m, change));
        bars.push(ShareRow {
            label: c.name.clone(),
            share: m.share,
            lo: m.ci_low,
            hi: m.ci_high,
            benchmark: m.benchmark_standardized.or(Some(m.benchmark_total)),
        });
        rows.push(MetricRow {
            label: c.name.clone(),
            metrics: m.clone(),
            wave: year_of(c).unwrap_or_default(),
            change,
        });
    }
    let title = b.get("report-summary-table");
    let note = combined_protection(b, &protections);
    let t01 = b.table_of(title.clone(), &OVERVIEW, &rows, None, Some(note));
    let svg = chart::share_bars(&ShareChart {
        axis_max: None,
        id: "fig-region".into(),
        title: title.clone(),
        desc: b.get("report-summary-chart-desc"),
        rows: bars,
        labels: b.chart_labels(&confidence),
    });
    let alt = alt_of_table(b, t01, &[0, 5, 9]);
    blocks.push(Block::Heading(b.get("report-summary-where")));
    blocks.push(b.figure(svg, alt, &title, t01));
    blocks.push(Block::Table(t01));
    blocks.push(Block::Bullets(bullets));
}

/// One sentence per city for the summary.
fn city_sentence(b: &Builder, c: &CityInputs, m: &Metrics, change: Option<f64>) -> String {
    let l = b.lang.i18n();
    let pct = |v: Option<f64>| fmt::pct(v, l);
    let gap = m.gap_heads.map_or("–".to_owned(), |g| {
        let s = fmt::signed(g, l);
        if g > 0 {
            format!("+{s}")
        } else {
            s
        }
    });
    let mut args = vec![
        ("city", c.name.clone()),
        ("share", pct(m.share)),
        ("low", pct(m.ci_low)),
        ("high", pct(m.ci_high)),
        ("benchmark", pct(m.benchmark_standardized)),
        ("ratio", fmt::ratio(m.ratio, l)),
        ("gap", gap),
        ("assessment", labels::assessment(m.assessment, &b.tr)),
    ];
    let Some(d) = change else {
        return b.tr.args("report-summary-city", &args);
    };
    let s = fmt::dec(d, 2, l);
    args.push(("change", if d > 0.0 { format!("+{s}") } else { s }));
    b.tr.args("report-summary-city-change", &args)
}

/// The projection across cities: parity year and required hiring share.
const PARITY: [Col<Row>; 11] = [
    col("report-col-city", |r, _| Cell::Text(r.city.clone())),
    col("report-col-scenario", |r, _| Cell::Text(r.scenario.clone())),
    col("report-col-start-year", |r, _| {
        Cell::Text(r.p.scenario.start_year.to_string())
    }),
    col("report-col-start-share", |r, _| {
        Cell::Pct(r.p.result.years.first().map(|y| y.share))
    }),
    col("report-col-target", |r, _| {
        Cell::Pct(Some(r.p.scenario.target.share))
    }),
    col("report-col-scenario-hiring", |r, _| {
        Cell::Pct(Some(r.p.scenario.hire_share))
    }),
    col("report-col-staff-change", |r, _| {
        Cell::Pct(Some(r.p.scenario.headcount_growth))
    }),
    col("report-col-parity-year", |r, _| {
        Cell::Text(r.parity.clone())
    }),
    col("report-col-required-hiring", |r, _| {
        Cell::Pct(r.p.result.required_hire_share)
    }),
    col("report-col-by-year", |r, _| {
        let sc = &r.p.scenario;
        Cell::Text(
            sc.required_by
                .unwrap_or_else(|| {
                    abbild_core::Year::new(sc.start_year.get().saturating_add(sc.horizon))
                        .unwrap_or(sc.start_year)
                })
                .to_string(),
        )
    }),
    col("report-col-equilibrium", |r, _| {
        Cell::Pct(Some(r.p.result.equilibrium_share))
    }),
];

/// A row of [`PARITY`]: a city's projection with the words it needs.
struct Row {
    city: String,
    scenario: String,
    parity: String,
    p: ProjectionInput,
}

fn parity_table(b: &mut Builder, inputs: &Inputs, blocks: &mut Vec<Block>) {
    let rows: Vec<Row> = inputs
        .cities
        .iter()
        .filter_map(|c| {
            let p = c.projection.as_ref()?;
            Some(Row {
                city: c.name.clone(),
                scenario: p
                    .saved_as
                    .clone()
                    .unwrap_or_else(|| b.get("report-scenario-default")),
                parity: p
                    .result
                    .parity_year
                    .map_or_else(|| b.get("report-not-reached"), |y| y.to_string()),
                p: p.clone(),
            })
        })
        .collect();
    if rows.is_empty() {
        return;
    }
    let t = b.table_of(
        b.get("report-summary-projection-table"),
        &PARITY,
        &rows,
        None,
        Some(b.get("report-summary-projection-note")),
    );
    blocks.push(Block::Heading(b.get("report-summary-parity")));
    blocks.push(Block::Table(t));
}

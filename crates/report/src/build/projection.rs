//! The projection per city: the scenario's assumptions, the projected share by year and its
//! chart. A model run, not a count of persons.

use super::columns::{col, Col};
use super::Builder;
use crate::inputs::{CityInputs, Inputs, ProjectionInput};
use crate::model::{Block, Chapter};
use abbild_core::projection::{Projection, ProjectionYear};
use abbild_export::chart::{self, ProjectionChart, ProjectionLabels, ProjectionPoint};
use abbild_export::output::Cell;
use abbild_i18n::fmt;

/// Expected persons of the model, rounded for the table.
fn persons(v: f64) -> Cell {
    // Whole persons; the cast is exact for any realistic head count.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Cell::Int(Some(v.round().max(0.0) as u64))
}

const YEARS: [Col<ProjectionYear>; 7] = [
    col("report-col-year", |y, _| Cell::Text(y.year.to_string())),
    col("report-col-staff", |y, _| persons(y.headcount)),
    col("report-col-with-mh", |y, _| persons(y.with)),
    col("report-col-share", |y, _| Cell::Pct(Some(y.share))),
    col("report-col-target", |y, _| Cell::Pct(Some(y.target))),
    col("report-col-share-p05", |y, _| Cell::Pct(y.p05)),
    col("report-col-share-p95", |y, _| Cell::Pct(y.p95)),
];

pub(super) fn chapter(b: &mut Builder, inputs: &Inputs) -> Chapter {
    let mut blocks = vec![Block::Para(b.get("report-text-projection"))];
    for c in &inputs.cities {
        let Some(p) = &c.projection else { continue };
        blocks.push(Block::Heading(c.name.clone()));
        blocks.push(assumptions(b, p));
        projection(b, c, p, &mut blocks);
    }
    Chapter {
        id: "projektion".into(),
        title: b.get("report-projection"),
        blocks,
    }
}

/// The scenario's assumptions as key figures.
fn assumptions(b: &Builder, p: &ProjectionInput) -> Block {
    let sc = &p.scenario;
    let pct = |v: f64| b.show(&Cell::Pct(Some(v)));
    Block::Facts(vec![
        (
            b.get("report-col-scenario"),
            p.saved_as
                .clone()
                .unwrap_or_else(|| b.get("report-fact-scenario-default")),
        ),
        (b.get("report-col-staff-change"), pct(sc.headcount_growth)),
        (b.get("report-fact-hiring"), pct(sc.hire_share)),
        (
            b.get("report-fact-exit-rates"),
            format!("{} / {}", pct(sc.attrition.with), pct(sc.attrition.without)),
        ),
        (
            b.get("report-fact-retirement"),
            sc.retirement_age.to_string(),
        ),
        (b.get("report-col-target"), pct(sc.target.share)),
    ])
}

/// Parity year, required hiring share and equilibrium in one sentence.
fn summary(b: &Builder, p: &Projection) -> String {
    let l = b.lang.i18n();
    b.tr.args(
        "report-projection-summary",
        &[
            (
                "parity",
                p.parity_year
                    .map_or_else(|| b.get("report-projection-parity-none"), |y| y.to_string()),
            ),
            (
                "required",
                p.required_hire_share.map_or_else(
                    || b.get("report-projection-required-none"),
                    |h| fmt::pct(Some(h), l),
                ),
            ),
            ("equilibrium", fmt::pct(Some(p.equilibrium_share), l)),
        ],
    )
}

/// The projected share by year: table and chart.
fn projection(b: &mut Builder, c: &CityInputs, p: &ProjectionInput, blocks: &mut Vec<Block>) {
    let title = b.tr.arg("report-projection-title", "city", &c.name);
    let summary = summary(b, &p.result);
    let t = b.table_of(
        title.clone(),
        &YEARS,
        &p.result.years,
        None,
        Some(b.tr.arg("report-projection-note", "summary", &summary)),
    );
    let points = p
        .result
        .years
        .iter()
        .map(|y| ProjectionPoint {
            label: y.year.to_string(),
            share: Some(y.share),
            p05: y.p05,
            p95: y.p95,
            target: Some(y.target),
        })
        .collect();
    let svg = chart::projection(&ProjectionChart {
        id: format!("fig-projection-{}", c.ags),
        title: title.clone(),
        desc: summary.clone(),
        points,
        parity_year: p.result.parity_year.map(|y| y.to_string()),
        compare: None,
        labels: ProjectionLabels {
            share: b.get("report-chart-model-share"),
            band: b.get("report-chart-band"),
            target: b.get("report-col-target"),
            parity: b.get("report-chart-parity"),
            percent: b.percent(),
        },
    });
    blocks.push(b.figure(svg, format!("{title}. {summary}"), &title, t));
}

//! Representation per city: the trend over the waves and the four views of the report
//! year's wave (field × level, age, status, leadership).

use super::columns::{self as c, Col, MetricRow};
use super::{alt_of_table, combined_protection, confidence_pct, Builder};
use crate::inputs::{CityInputs, Inputs};
use crate::model::{Block, Chapter};
use abbild_core::disclosure::Released;
use abbild_core::representation::RepresentationReport;
use abbild_export::chart::{self, ShareChart, ShareRow, TrendChart, TrendPoint};
use abbild_export::labels;

/// Most bars in one chart of the report: sixteen rows fill an A4 page at full width.
const MAX_CHART_ROWS: usize = 16;

const TREND: [Col<MetricRow>; 8] = [
    c::label("report-col-wave"),
    c::STAFF,
    c::RESPONSES,
    c::SHARE,
    c::CI_LOW,
    c::CI_HIGH,
    c::POPULATION_STD,
    c::RATIO,
];

/// A view's table after its label column.
const VIEW: [Col<MetricRow>; 10] = [
    c::STAFF,
    c::RESPONSES,
    c::RESPONSE_RATE,
    c::SHARE,
    c::CI_LOW,
    c::CI_HIGH,
    c::POPULATION_STD,
    c::RATIO,
    c::GAP,
    c::ASSESSMENT,
];

/// A view of the chapter: the result, the key of its name in the title and the key of its
/// label column's header.
type ViewSpec<'a> = (
    &'a Option<Released<RepresentationReport>>,
    &'static str,
    &'static str,
);

pub(super) fn chapter(b: &mut Builder, inputs: &Inputs) -> Chapter {
    let mut blocks = vec![Block::Para(b.get("report-text-representation"))];
    for c in &inputs.cities {
        blocks.push(Block::Heading(c.name.clone()));
        for gap in &c.gaps {
            blocks.push(Block::Para(gap.clone()));
        }
        if c.trend.len() >= 2 {
            trend(b, c, &mut blocks);
        }
        let views: [ViewSpec; 4] = [
            (
                &c.views.fields,
                "report-view-fields",
                "report-col-field-level",
            ),
            (&c.views.age, "report-view-age", "report-col-age-group"),
            (&c.views.status, "report-view-status", "report-col-status"),
            (
                &c.views.leadership,
                "report-view-leadership",
                "report-col-leadership",
            ),
        ];
        for (rel, name, head) in views {
            if let Some(rel) = rel {
                view(b, c, rel, (name, head), &mut blocks);
            }
        }
    }
    Chapter {
        id: "repraesentation".into(),
        title: b.get("report-representation"),
        blocks,
    }
}

/// The city's overall figures over the waves, as a line chart with its table.
fn trend(b: &mut Builder, c: &CityInputs, blocks: &mut Vec<Block>) {
    let mut rows = Vec::new();
    let mut points = Vec::new();
    let mut protections = Vec::new();
    let mut conf = "95".to_owned();
    for rel in &c.trend {
        let Some(cw) = rel.body().cities.first() else {
            continue;
        };
        conf = confidence_pct(rel.body().confidence);
        protections.push(rel.protection());
        let m = &cw.overall.metrics;
        points.push(TrendPoint {
            label: cw.wave.to_string(),
            share: m.share,
            lo: m.ci_low,
            hi: m.ci_high,
            benchmark: m.benchmark_standardized.or(Some(m.benchmark_total)),
        });
        rows.push(MetricRow {
            label: cw.wave.to_string(),
            metrics: m.clone(),
            wave: cw.wave.to_string(),
            change: None,
        });
    }
    let title = b.tr.arg("report-trend-title", "city", &c.name);
    let note = combined_protection(b, &protections);
    let t = b.table_of(title.clone(), &TREND, &rows, None, Some(note));
    let svg = chart::trend_lines(&TrendChart {
        id: format!("fig-trend-{}", c.ags),
        title: title.clone(),
        desc: b.get("report-trend-desc"),
        points,
        labels: b.chart_labels(&conf),
    });
    let alt = alt_of_table(b, t, &[0, 3, 6]);
    blocks.push(b.figure(svg, alt, &title, t));
}

/// One view: its table (segments and total) and its bar chart, in parts if it is long.
fn view(
    b: &mut Builder,
    c: &CityInputs,
    rel: &Released<RepresentationReport>,
    (name, head): (&str, &'static str),
    blocks: &mut Vec<Block>,
) {
    let Some(cw) = rel.body().cities.first() else {
        return;
    };
    let mut rows = Vec::new();
    let mut bars = Vec::new();
    let row = |label: String, m: &abbild_core::representation::Metrics| MetricRow {
        label,
        metrics: m.clone(),
        wave: String::new(),
        change: None,
    };
    for s in &cw.segments {
        let label = labels::segment_label(&s.key, b.catalog, &b.tr);
        bars.push(ShareRow {
            label: label.clone(),
            share: s.metrics.share,
            lo: s.metrics.ci_low,
            hi: s.metrics.ci_high,
            benchmark: s
                .metrics
                .benchmark_standardized
                .or(Some(s.metrics.benchmark_total)),
        });
        rows.push(row(label, &s.metrics));
    }
    rows.push(row(b.get("report-total"), &cw.overall.metrics));
    let title = b.tr.args(
        "report-view-title",
        &[
            ("city", c.name.clone()),
            ("view", b.get(name)),
            ("wave", cw.wave.to_string()),
        ],
    );
    let mut cols = vec![c::label(head)];
    cols.extend(VIEW);
    let t = b.table_of(title.clone(), &cols, &rows, Some(rel.protection()), None);
    let conf = confidence_pct(rel.body().confidence);
    let alt = alt_of_table(b, t, &[0, 4, 7]);
    share_charts(b, c, (&title, t), &bars, (&conf, &alt), blocks);
}

/// The bars of a view, drawn in parts when there are more than a page holds at full width
/// (field × level: forty), each legible on its page, all on one axis so that they compare.
fn share_charts(
    b: &mut Builder,
    c: &CityInputs,
    (title, t): (&str, usize),
    bars: &[ShareRow],
    (conf, alt): (&str, &str),
    blocks: &mut Vec<Block>,
) {
    let parts = bars.len().div_ceil(MAX_CHART_ROWS).max(1);
    let per_part = bars.len().div_ceil(parts).max(1);
    let axis = bars
        .iter()
        .flat_map(|r| [r.share, r.hi, r.benchmark])
        .flatten()
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    for (i, chunk) in bars.chunks(per_part).enumerate() {
        let part_title = if parts > 1 {
            b.tr.args(
                "report-chart-part",
                &[
                    ("title", title.to_owned()),
                    ("part", b.int(i as u64 + 1)),
                    ("parts", b.int(parts as u64)),
                ],
            )
        } else {
            title.to_owned()
        };
        let svg = chart::share_bars(&ShareChart {
            axis_max: Some(axis),
            id: format!("fig-{}-{}-{i}", c.ags, b.tables.len()),
            title: part_title.clone(),
            desc: b.get("report-view-desc"),
            rows: chunk.to_vec(),
            labels: b.chart_labels(conf),
        });
        blocks.push(b.figure(svg, alt.to_owned(), &part_title, t));
    }
}

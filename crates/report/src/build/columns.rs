//! Columns declared once: each header's catalogue key next to the cell it shows, so that a
//! header and its cells cannot drift apart, and a column shared by several tables has one
//! wording everywhere.

use crate::model::Lang;
use abbild_core::representation::Metrics;
use abbild_export::labels;
use abbild_export::output::Cell;

/// A column header: a catalogue key, or one of the two groups compared ("mit
/// Einwanderungsgeschichte: Quote") with the key of what is counted.
#[derive(Debug, Clone, Copy)]
pub(super) enum Head {
    Key(&'static str),
    With(&'static str),
    Without(&'static str),
}

/// One column of a table of rows `R`.
pub(super) struct Col<R> {
    pub head: Head,
    pub cell: fn(&R, Lang) -> Cell,
}

impl<R> Clone for Col<R> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<R> Copy for Col<R> {}

/// A column headed by a catalogue key.
pub(super) const fn col<R>(key: &'static str, cell: fn(&R, Lang) -> Cell) -> Col<R> {
    Col {
        head: Head::Key(key),
        cell,
    }
}

/// A row of a representation table: a label (a city, a wave or a group) and its figures.
pub(super) struct MetricRow {
    pub label: String,
    pub metrics: Metrics,
    /// The survey wave (the summary names it per city).
    pub wave: String,
    /// Share change against the previous wave in percentage points (summary only).
    pub change: Option<f64>,
}

/// The label column, under the header `key`.
pub(super) const fn label(key: &'static str) -> Col<MetricRow> {
    col(key, |r, _| Cell::Text(r.label.clone()))
}

pub(super) const WAVE: Col<MetricRow> = col("report-col-wave", |r, _| Cell::Text(r.wave.clone()));
pub(super) const STAFF: Col<MetricRow> = col("report-col-staff", |r, _| {
    Cell::Int(Some(r.metrics.headcount))
});
pub(super) const RESPONSES: Col<MetricRow> = col("report-col-responses", |r, _| {
    Cell::Int(r.metrics.respondents)
});
pub(super) const RESPONSE_RATE: Col<MetricRow> = col("report-col-response-rate", |r, _| {
    Cell::Pct(r.metrics.response_rate)
});
pub(super) const SHARE: Col<MetricRow> = col("report-col-share", |r, _| Cell::Pct(r.metrics.share));
pub(super) const CI_LOW: Col<MetricRow> =
    col("report-col-ci-low", |r, _| Cell::Pct(r.metrics.ci_low));
pub(super) const CI_HIGH: Col<MetricRow> =
    col("report-col-ci-high", |r, _| Cell::Pct(r.metrics.ci_high));
pub(super) const POPULATION_TOTAL: Col<MetricRow> = col("report-col-population-total", |r, _| {
    Cell::Pct(Some(r.metrics.benchmark_total))
});
pub(super) const POPULATION_STD: Col<MetricRow> = col("report-col-population-std", |r, _| {
    Cell::Pct(r.metrics.benchmark_standardized)
});
pub(super) const RATIO: Col<MetricRow> = col("report-col-ratio", |r, _| Cell::Num(r.metrics.ratio));
pub(super) const GAP: Col<MetricRow> =
    col("report-col-gap", |r, _| Cell::Signed(r.metrics.gap_heads));
pub(super) const CHANGE: Col<MetricRow> = col("report-col-change", |r, _| Cell::Num(r.change));
pub(super) const ASSESSMENT: Col<MetricRow> = col("report-col-assessment", |r, l| {
    Cell::Text(labels::assessment(r.metrics.assessment, &l.tr()))
});

/// The two groups' counts at one step: how many were there (applicants at a stage, staff),
/// how many moved on (advanced, left) and the rate.
#[derive(Debug, Clone, Copy)]
pub(super) struct Group {
    pub base: Option<u64>,
    pub events: Option<u64>,
    pub rate: Option<f64>,
}

/// A row comparing the groups with and without a migration history: a selection step of the
/// apprenticeship pipeline, or an exit reason.
pub(super) struct Comparison {
    pub label: String,
    pub with: Group,
    pub without: Group,
    pub ratio: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// One-sided Fisher p in the direction of disadvantage.
    pub p: Option<f64>,
    /// Selection only: below four fifths, and the shortfall in persons.
    pub four_fifths: Option<bool>,
    pub shortfall: Option<f64>,
}

/// What a comparison table counts: selection steps or exits.
#[derive(Debug, Clone, Copy)]
pub(super) enum Compared {
    Selection,
    Exits,
}

/// The columns of a comparison table; the pipeline and the retention tables differ only in
/// their words and the pipeline's two extra columns.
pub(super) fn comparison(kind: Compared) -> Vec<Col<Comparison>> {
    let (label, base, events, ratio) = match kind {
        Compared::Selection => (
            "report-col-step",
            "report-part-at-stage",
            "report-part-advanced",
            "report-col-impact-ratio",
        ),
        Compared::Exits => (
            "report-col-reason",
            "report-part-staff",
            "report-part-exits",
            "report-col-exit-ratio",
        ),
    };
    let mut cols = vec![
        col(label, |r: &Comparison, _| Cell::Text(r.label.clone())),
        Col {
            head: Head::With(base),
            cell: |r, _| Cell::Int(r.with.base),
        },
        Col {
            head: Head::With(events),
            cell: |r, _| Cell::Int(r.with.events),
        },
        Col {
            head: Head::With("report-part-rate"),
            cell: |r, _| Cell::Pct(r.with.rate),
        },
        Col {
            head: Head::Without(base),
            cell: |r, _| Cell::Int(r.without.base),
        },
        Col {
            head: Head::Without(events),
            cell: |r, _| Cell::Int(r.without.events),
        },
        Col {
            head: Head::Without("report-part-rate"),
            cell: |r, _| Cell::Pct(r.without.rate),
        },
        col(ratio, |r, _| Cell::Num(r.ratio)),
        col("report-col-ci-low", |r, _| Cell::Num(r.ci_low)),
        col("report-col-ci-high", |r, _| Cell::Num(r.ci_high)),
        col("report-col-fisher", |r, _| Cell::P(r.p)),
    ];
    if let Compared::Selection = kind {
        cols.push(col("report-col-below-four-fifths", |r, _| {
            Cell::Bool(r.four_fifths)
        }));
        cols.push(col("report-col-shortfall", |r, _| Cell::Num(r.shortfall)));
    }
    cols
}

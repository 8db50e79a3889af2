//! Share bars: the staff share per segment as horizontal bars, with interval whiskers and the
//! population benchmark.

use super::axis::ValueAxis;
use super::frame::{Frame, Layout};
use super::legend::Glyph;
use super::marks::{h_whisker, solid_rect, v_dash};
use super::style::{BAR_LEFT, FONT, HALO_LABEL, HALO_VALUE, MUTED, SUPPRESSED, TEXT, WIDTH};
use super::svg::{clean, interval, label, max_share, text};
use super::ChartLabels;

/// One row of [`share_bars`]: one staff segment.
///
/// Every number is optional because each can be missing for its own reason: `share` is
/// `None` when disclosure control suppressed the cell (the row then shows
/// [`ChartLabels::suppressed`] and, since an interval would reveal the hidden value, no
/// whiskers either); `lo`/`hi` are `None` when no interval could be computed (both are needed
/// to draw one); `benchmark` is `None` when there is no population figure for the segment.
/// The benchmark is public population data, so it is drawn even for a suppressed row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ShareRow {
    /// Segment label, e.g. "Kita / Erziehung · gehoben".
    pub label: String,
    /// Staff share with a migration history, `0..=1`.
    pub share: Option<f64>,
    /// Lower end of the interval, `0..=1`.
    pub lo: Option<f64>,
    /// Upper end of the interval, `0..=1`.
    pub hi: Option<f64>,
    /// Population share (the benchmark), `0..=1`.
    pub benchmark: Option<f64>,
}

/// Input of [`share_bars`]: horizontal bars, one row per segment, on a fixed 0–100 % axis.
///
/// The axis starts at 0 and ends at a round value above the largest figure (or `axis_max`), so
/// that shares of 17–34 % use the width; bars always start at 0, so no share looks larger
/// than it is. Its tick labels say where it ends.
#[derive(Debug, Clone)]
pub struct ShareChart {
    /// End of the axis (a share); `None`: a round value just above the largest figure. Parts
    /// of one chart share one axis.
    pub axis_max: Option<f64>,
    /// Unique id prefix within the page; the `<title>` gets `{id}-title`, the `<desc>`
    /// `{id}-desc`. Characters other than ASCII letters, digits, `-` and `_` become `_`
    /// (an id must not contain spaces: `aria-labelledby` is a space-separated list).
    pub id: String,
    /// Short accessible name, e.g. "Anteil mit Einwanderungsgeschichte je Tätigkeitsfeld".
    pub title: String,
    /// Accessible description carrying the message of the chart (what a sighted reader takes
    /// from it), e.g. which segments lie below the benchmark.
    pub desc: String,
    pub rows: Vec<ShareRow>,
    pub labels: ChartLabels,
}

/// The plot's right edge; the rest holds the value labels' overhang.
const BAR_RIGHT: f64 = WIDTH - 32.0;
/// A row: label line, then the bar.
const ROW_H: f64 = 52.0;
const BAR_OFFSET: f64 = 24.0;
const BAR_H: f64 = 16.0;

/// Horizontal bars of the staff share per segment, with interval whiskers and a dashed
/// benchmark marker, on an axis from 0 to a round value above the largest figure.
pub fn share_bars(chart: &ShareChart) -> String {
    let l = &chart.labels;
    let top = max_share(chart.rows.iter().flat_map(|r| [r.share, r.hi, r.benchmark]));
    let axis = ValueAxis::nice(chart.axis_max.unwrap_or(top).max(top));
    let mut frame = Frame::open(&Layout {
        id: &chart.id,
        title: &chart.title,
        desc: &chart.desc,
        legend: &[
            (Glyph::Bar, l.staff.as_str()),
            (Glyph::HWhisker, l.interval.as_str()),
            (Glyph::VDash, l.benchmark.as_str()),
        ],
        legend_right: BAR_RIGHT,
        left: BAR_LEFT,
        right: BAR_RIGHT,
        gap: 8.0,
        height: ROW_H * chart.rows.len() as f64,
        foot: 24.0,
    });
    // Gridlines first, so bars and marks are drawn over them.
    frame.value_grid_x(axis, l.percent);
    let rows_top = frame.plot.top;
    for (i, row) in chart.rows.iter().enumerate() {
        frame.group("row", |f| {
            share_row(f, axis, l, row, rows_top + ROW_H * i as f64)
        });
    }
    frame.close()
}

/// One row from `top`: its label and value above the bar, the bar with its whisker (or the
/// "suppressed" note), and the benchmark marker.
fn share_row(f: &mut Frame, axis: ValueAxis, l: &ChartLabels, row: &ShareRow, top: f64) {
    let plot = f.plot;
    let x_of = |v: f64| plot.x_of(axis, v);
    let bar_y = top + BAR_OFFSET;
    let mid = bar_y + BAR_H / 2.0;
    f.push(&label(BAR_LEFT, top + 15.0, FONT, HALO_LABEL, &row.label));
    match clean(row.share) {
        Some(share) => {
            let value = value_label(l.percent, share);
            f.push(&text(
                BAR_RIGHT,
                top + 15.0,
                FONT,
                TEXT,
                "end",
                HALO_VALUE,
                &value,
            ));
            f.push(&solid_rect(
                "bar",
                BAR_LEFT,
                bar_y,
                x_of(share) - BAR_LEFT,
                BAR_H,
            ));
            if let Some((lo, hi)) = interval(row.lo, row.hi) {
                f.push(&h_whisker(x_of(lo), x_of(hi), mid, 5.0));
            }
        }
        None => f.push(&text(
            BAR_LEFT + 6.0,
            mid + 5.0,
            FONT,
            MUTED,
            "start",
            SUPPRESSED,
            &l.suppressed,
        )),
    }
    if let Some(b) = clean(row.benchmark) {
        f.push(&v_dash(x_of(b), bar_y - 5.0, bar_y + BAR_H + 5.0));
    }
}

/// A figure with one decimal even where the axis formatter drops ",0": "10 %" beside
/// "18,1 %" reads as a different precision.
fn value_label(percent: fn(f64) -> String, v: f64) -> String {
    let s = percent(v);
    if s.contains([',', '.']) {
        return s;
    }
    let sep = if percent(0.125).contains(',') {
        ','
    } else {
        '.'
    };
    s.replacen(" %", &format!("{sep}0 %"), 1)
}

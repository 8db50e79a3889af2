//! What the charts over the years (trend, projection) share: their layout, the year slots on
//! the x axis, and each series as a line with markers.

use super::axis::ValueAxis;
use super::frame::{Frame, Layout, Plot};
use super::legend::Glyph;
use super::marks::Line;
use super::style::WIDTH;
use super::svg::{clean, path_data};

/// Room left of the plot for the value labels.
const LEFT: f64 = 56.0;
const RIGHT: f64 = WIDTH - 16.0;
const PLOT_H: f64 = 220.0;

/// The layout of a chart over the years; `extra_gap` is room above the plot for marks
/// labelled there (the projection's parity year).
pub(super) fn years_layout<'a>(
    id: &'a str,
    title: &'a str,
    desc: &'a str,
    legend: &'a [(Glyph, &'a str)],
    extra_gap: f64,
) -> Layout<'a> {
    Layout {
        id,
        title,
        desc,
        legend,
        legend_right: RIGHT,
        left: LEFT,
        right: RIGHT,
        gap: 16.0 + extra_gap,
        height: PLOT_H,
        foot: 30.0,
    }
}

/// A point per year: present values as coordinates, missing ones as gaps.
pub(super) type Points = Vec<Option<(f64, f64)>>;

/// The plot of a chart over `n` years: equal slots across the width, a year in the middle of
/// its slot, values on a vertical axis.
#[derive(Debug, Clone, Copy)]
pub(super) struct YearPlot {
    pub plot: Plot,
    pub axis: ValueAxis,
    /// Width of one year's slot.
    pub slot: f64,
}

impl YearPlot {
    pub(super) fn new(plot: Plot, axis: ValueAxis, n: usize) -> Self {
        let slot = plot.width() / n.max(1) as f64;
        YearPlot { plot, axis, slot }
    }

    /// The x of the `i`-th year.
    pub(super) fn x(&self, i: usize) -> f64 {
        self.plot.left + self.slot * (i as f64 + 0.5)
    }

    /// The y of value `v`.
    pub(super) fn y(&self, v: f64) -> f64 {
        self.plot.y_of(self.axis, v)
    }

    /// A series from one value (or none) per year, in year order.
    pub(super) fn points(&self, values: impl Iterator<Item = Option<f64>>) -> Points {
        values
            .enumerate()
            .map(|(i, v)| clean(v).map(|v| (self.x(i), self.y(v))))
            .collect()
    }
}

impl Frame {
    /// A series' line in `<g class="{class}">`; the group stays empty without points.
    pub(super) fn series_line(&mut self, class: &str, line: Line, points: &[Option<(f64, f64)>]) {
        self.group(class, |f| {
            if let Some(d) = path_data(points) {
                f.push(&line.path(&d));
            }
        });
    }

    /// A series' markers in `<g class="{class}">`.
    pub(super) fn series_markers(
        &mut self,
        class: &str,
        line: Line,
        points: &[Option<(f64, f64)>],
    ) {
        self.group(class, |f| {
            for (x, y) in points.iter().flatten() {
                f.push(&line.marker(*x, *y));
            }
        });
    }
}

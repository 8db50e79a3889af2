//! The value axis every chart measures shares on: it starts at 0 (so no share looks larger
//! than it is) and ends at a round value, with a gridline and a label at every step.

use super::frame::{Frame, Plot};
use super::style::{AXIS, GRID, MUTED, SMALL_FONT};
use super::svg::{num, text};

/// A value axis from 0 to `step × ticks`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct ValueAxis {
    step: f64,
    ticks: u32,
}

impl ValueAxis {
    /// 0–100 % in quarters, for charts whose shares are always of a whole (the funnel).
    pub(super) const QUARTERS: ValueAxis = ValueAxis {
        step: 0.25,
        ticks: 4,
    };

    /// A round axis for shares up to `max`: the smallest step from a 1–2–2.5–5 series that
    /// covers `max` in at most five ticks, never beyond 100 %, so that shares of 17–34 % use
    /// the width instead of its left quarter.
    pub(super) fn nice(max: f64) -> Self {
        const STEPS: [f64; 8] = [0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25, 0.5];
        // Even an empty chart gets a sensible axis; a tiny tolerance keeps 0.3 at three ticks
        // of 0.1 although 0.3 / 0.1 is 2.9999999999999996 in binary.
        let max = max.clamp(0.05, 1.0);
        for step in STEPS {
            let ticks = (max / step - 1e-9).ceil();
            if ticks <= 5.0 {
                return ValueAxis {
                    step,
                    ticks: ticks.max(1.0) as u32,
                };
            }
        }
        ValueAxis {
            step: 0.2,
            ticks: 5,
        }
    }

    /// The end of the axis.
    fn max(self) -> f64 {
        self.step * f64::from(self.ticks)
    }

    /// Where `v` (at least 0) lies along the axis, `0..=1`; beyond the end it sits at the end.
    pub(super) fn fraction(self, v: f64) -> f64 {
        (v / self.max()).min(1.0)
    }

    /// Every tick's value with the colour of its gridline: the zero line is the axis.
    fn ticks(self) -> impl Iterator<Item = (f64, &'static str)> {
        (0..=self.ticks).map(move |k| {
            let colour = if k == 0 { AXIS } else { GRID };
            (f64::from(k) * self.step, colour)
        })
    }
}

impl Frame {
    /// The grid of a bar chart, whose values run left to right: a vertical line per tick
    /// across the rows, its label centred below them.
    pub(super) fn value_grid_x(&mut self, axis: ValueAxis, percent: fn(f64) -> String) {
        let plot = self.plot;
        self.group("grid", |f| {
            for (v, colour) in axis.ticks() {
                let x = plot.x_of(axis, v);
                f.push(&format!(
                    "<line x1=\"{x}\" y1=\"{y1}\" x2=\"{x}\" y2=\"{y2}\" stroke=\"{colour}\" stroke-width=\"1\"/>\n",
                    x = num(x),
                    y1 = num(plot.top),
                    y2 = num(plot.bottom()),
                ));
                f.push(&tick_label(x, plot.bottom() + 16.0, "middle", &percent(v)));
            }
        });
    }

    /// The grid of a chart over the years, whose values run bottom to top: a horizontal line
    /// per tick, its label left of the plot; then each `(x, label)` of the year axis below.
    pub(super) fn value_grid_y<'a>(
        &mut self,
        axis: ValueAxis,
        percent: fn(f64) -> String,
        years: impl Iterator<Item = (f64, &'a str)>,
    ) {
        let plot = self.plot;
        self.group("grid", |f| {
            for (v, colour) in axis.ticks() {
                let y = plot.y_of(axis, v);
                f.push(&format!(
                    "<line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{colour}\" stroke-width=\"1\"/>\n",
                    num(plot.left),
                    num(plot.right),
                    y = num(y),
                ));
                f.push(&tick_label(plot.left - 8.0, y + 4.0, "end", &percent(v)));
            }
            for (x, year) in years {
                f.push(&tick_label(x, plot.bottom() + 18.0, "middle", year));
            }
        });
    }
}

/// A muted small label at an axis.
fn tick_label(x: f64, y: f64, anchor: &str, content: &str) -> String {
    text(x, y, SMALL_FONT, MUTED, anchor, "", content)
}

impl Plot {
    /// The x of value `v` on a value axis running left to right.
    pub(super) fn x_of(&self, axis: ValueAxis, v: f64) -> f64 {
        self.left + axis.fraction(v) * self.width()
    }

    /// The y of value `v` on a value axis running bottom to top.
    pub(super) fn y_of(&self, axis: ValueAxis, v: f64) -> f64 {
        self.bottom() - axis.fraction(v) * self.height
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scale(max: f64) -> (f64, u32) {
        let a = ValueAxis::nice(max);
        (a.step, a.ticks)
    }

    #[test]
    fn nice_scales() {
        assert_eq!(scale(0.0), (0.01, 5));
        assert_eq!(scale(0.3), (0.1, 3));
        assert_eq!(scale(0.31), (0.1, 4));
        assert_eq!(scale(0.12), (0.025, 5));
        assert_eq!(scale(0.45), (0.1, 5));
        assert_eq!(scale(0.6), (0.2, 3));
        assert_eq!(scale(1.0), (0.2, 5));
        assert_eq!(scale(7.0), (0.2, 5));
    }

    #[test]
    fn values_beyond_the_end_sit_at_the_end() {
        let a = ValueAxis::nice(0.3);
        assert!((a.fraction(0.15) - 0.5).abs() < 1e-12);
        assert_eq!(a.fraction(0.9), 1.0);
        assert_eq!(ValueAxis::QUARTERS.fraction(0.5), 0.5);
    }
}

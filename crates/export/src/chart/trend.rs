//! Trend lines: staff share and population benchmark over the waves.

use super::axis::ValueAxis;
use super::frame::Frame;
use super::legend::Glyph;
use super::marks::{v_whisker, Line};
use super::series::{years_layout, YearPlot};
use super::svg::{clean, interval, max_share};
use super::ChartLabels;

/// One wave (or year) of [`trend_lines`]. Missing values (`None`) leave a gap in the line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrendPoint {
    /// Label on the x axis, e.g. "2024" or "W1".
    pub label: String,
    /// Staff share, `0..=1`; `None` when not surveyed or suppressed.
    pub share: Option<f64>,
    /// Lower end of the staff interval (both ends are needed to draw one).
    pub lo: Option<f64>,
    /// Upper end of the staff interval.
    pub hi: Option<f64>,
    /// Population share (the benchmark), `0..=1`.
    pub benchmark: Option<f64>,
}

/// Input of [`trend_lines`]: staff share and population benchmark over the waves.
///
/// The y axis starts at 0 and ends at a round value just above the largest value shown
/// (interval ends included): a trend of shares around 10 % must stay readable, and a zero
/// baseline keeps the two series honestly comparable.
#[derive(Debug, Clone)]
pub struct TrendChart {
    /// Unique id prefix, see [`super::ShareChart::id`].
    pub id: String,
    /// Short accessible name.
    pub title: String,
    /// Accessible description carrying the message (e.g. "the gap narrowed from … to …").
    pub desc: String,
    /// Points in x order, one per wave.
    pub points: Vec<TrendPoint>,
    pub labels: ChartLabels,
}

/// Staff share (solid line, circles, interval whiskers) and population benchmark (dashed
/// line, squares) over the waves, on a y axis from 0 to a round maximum.
pub fn trend_lines(chart: &TrendChart) -> String {
    let l = &chart.labels;
    let legend = [
        (Glyph::Line(Line::Solid), l.staff.as_str()),
        (Glyph::VWhisker, l.interval.as_str()),
        (Glyph::Line(Line::Dashed), l.benchmark.as_str()),
    ];
    let mut frame = Frame::open(&years_layout(
        &chart.id,
        &chart.title,
        &chart.desc,
        &legend,
        0.0,
    ));
    let values = chart
        .points
        .iter()
        .flat_map(|p| [p.share, p.hi, p.benchmark]);
    let axis = ValueAxis::nice(max_share(values));
    let years = YearPlot::new(frame.plot, axis, chart.points.len());
    let labels = chart.points.iter().map(|p| p.label.as_str());
    frame.value_grid_y(
        axis,
        l.percent,
        labels.enumerate().map(|(i, s)| (years.x(i), s)),
    );

    let bench = years.points(chart.points.iter().map(|p| p.benchmark));
    let staff = years.points(chart.points.iter().map(|p| p.share));
    // Lines first, whiskers, then markers on top (staff last: it is the subject).
    frame.series_line("benchmark-line", Line::Dashed, &bench);
    frame.series_line("staff-line", Line::Solid, &staff);
    frame.group("intervals", |f| {
        // No whisker without its share: it would reveal a suppressed value.
        for (i, p) in chart.points.iter().enumerate() {
            if let (Some(_), Some((lo, hi))) = (clean(p.share), interval(p.lo, p.hi)) {
                f.push(&v_whisker(years.x(i), years.y(hi), years.y(lo), 5.0));
            }
        }
    });
    frame.series_markers("benchmark-markers", Line::Dashed, &bench);
    frame.series_markers("staff-markers", Line::Solid, &staff);
    frame.close()
}

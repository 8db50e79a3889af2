//! The projected share over the years: deterministic path, Monte Carlo band, target, an
//! optional saved scenario for comparison and the year of parity.

use super::axis::ValueAxis;
use super::de_percent;
use super::frame::Frame;
use super::legend::Glyph;
use super::marks::{band_rect, band_style, Line};
use super::series::{years_layout, YearPlot};
use super::style::{SMALL_FONT, TEXT};
use super::svg::{interval, max_share, num, text};

/// At most this many x labels (more would collide at 30–40 years).
const MAX_X_LABELS: usize = 10;

/// Words and number formatting of [`projection`], localised by the caller
/// ([`ProjectionLabels::german`] gives the German defaults).
#[derive(Debug, Clone)]
pub struct ProjectionLabels {
    /// Legend entry of the deterministic share (solid line, circles), e.g. "Anteil (Projektion)".
    pub share: String,
    /// Legend entry of the p05–p95 band, e.g. "5.–95. Perzentil (Monte-Carlo)".
    pub band: String,
    /// Legend entry of the target (dashed line, squares), e.g. "Zielanteil".
    pub target: String,
    /// Text at the parity marker, written "{parity} {year}", e.g. "Parität".
    pub parity: String,
    /// Formats a share for axis ticks (`0.25` → `"25 %"`).
    pub percent: fn(f64) -> String,
}

impl ProjectionLabels {
    /// German labels and [`de_percent`].
    pub fn german() -> Self {
        ProjectionLabels {
            share: "Anteil (Projektion)".to_owned(),
            band: "5.–95. Perzentil (Monte-Carlo)".to_owned(),
            target: "Zielanteil".to_owned(),
            parity: "Parität".to_owned(),
            percent: de_percent,
        }
    }
}

/// One year of [`projection`]. Every value is a share in `0..=1` (clamped; non-finite counts
/// as missing); a missing share or target leaves a gap in its line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProjectionPoint {
    /// Label on the x axis, the year, e.g. "2031".
    pub label: String,
    /// Deterministic projected share.
    pub share: Option<f64>,
    /// 5th percentile of the Monte Carlo runs.
    pub p05: Option<f64>,
    /// 95th percentile of the Monte Carlo runs.
    pub p95: Option<f64>,
    /// Target share (e.g. the population share the city aims at).
    pub target: Option<f64>,
}

/// Input of [`projection`].
///
/// The band is drawn only over the years that have both `p05` and `p95`; consecutive such
/// years form one area, a lone year a narrow rectangle. The y axis runs from 0 to a round
/// value just above the largest value shown, as in [`super::trend_lines`].
#[derive(Debug, Clone)]
pub struct ProjectionChart {
    /// Unique id prefix within the page, see [`super::ShareChart::id`].
    pub id: String,
    /// Short accessible name.
    pub title: String,
    /// Accessible description carrying the message (e.g. "parity is reached in 2041 at the
    /// earliest, in 2047 in the median …").
    pub desc: String,
    /// Points in x order, one per year.
    pub points: Vec<ProjectionPoint>,
    /// The label of the point where parity is reached: drawn as a vertical rule with the text
    /// "{parity} {year}". Nothing is drawn when it is `None` or matches no point's label.
    pub parity_year: Option<String>,
    /// A saved scenario to compare with: its name (the legend entry) and its share per point,
    /// in the order of `points` (missing or surplus entries are ignored); drawn as a dotted
    /// line with triangles.
    pub compare: Option<(String, Vec<Option<f64>>)>,
    pub labels: ProjectionLabels,
}

/// Room above the plot for the parity text.
const PARITY_H: f64 = 18.0;

/// The smallest step from 1, 2, 5, 10, 20, 50, … that labels at most [`MAX_X_LABELS`] of `n`
/// points (every `step`-th label from the first is shown).
fn label_step(n: usize) -> usize {
    let mut base = 1;
    loop {
        for m in [1, 2, 5] {
            let step = base * m;
            if n.div_ceil(step) <= MAX_X_LABELS {
                return step;
            }
        }
        base *= 10;
    }
}

/// The projected share (solid line, circles) inside its Monte Carlo band (outlined area),
/// the target (dashed line, squares), an optional compared scenario (dotted line,
/// triangles) and the parity year (vertical rule with text), on a y axis from 0 to a round
/// maximum.
pub fn projection(chart: &ProjectionChart) -> String {
    let l = &chart.labels;
    let legend = legend_items(chart);
    let parity = parity_point(chart);
    let parity_h = if parity.is_some() { PARITY_H } else { 0.0 };
    let mut frame = Frame::open(&years_layout(
        &chart.id,
        &chart.title,
        &chart.desc,
        &legend,
        parity_h,
    ));
    let axis =
        ValueAxis::nice(max_share(chart.points.iter().enumerate().flat_map(
            |(i, p)| [p.share, p.p05, p.p95, p.target, compared(chart, i)],
        )));
    let years = YearPlot::new(frame.plot, axis, chart.points.len());
    let every = label_step(chart.points.len());
    let labels = chart.points.iter().map(|p| p.label.as_str()).enumerate();
    let labels = labels.step_by(every).map(|(i, s)| (years.x(i), s));
    frame.value_grid_y(axis, l.percent, labels);
    draw_band(&mut frame, chart, &years);
    if let Some((i, year)) = parity {
        draw_parity(&mut frame, &years, i, &format!("{} {year}", l.parity));
    }
    draw_series(&mut frame, chart, &years);
    frame.close()
}

/// Share, band and target, and the compared scenario if there is one.
fn legend_items(chart: &ProjectionChart) -> Vec<(Glyph, &str)> {
    let l = &chart.labels;
    let mut items = vec![
        (Glyph::Line(Line::Solid), l.share.as_str()),
        (Glyph::Band, l.band.as_str()),
        (Glyph::Line(Line::Dashed), l.target.as_str()),
    ];
    if let Some((name, _)) = &chart.compare {
        items.push((Glyph::Line(Line::Dotted), name.as_str()));
    }
    items
}

/// The index and label of the parity year, if it is one of the points.
fn parity_point(chart: &ProjectionChart) -> Option<(usize, &str)> {
    let year = chart.parity_year.as_deref()?;
    let i = chart.points.iter().position(|p| p.label == year)?;
    Some((i, year))
}

/// The compared scenario's share in year `i`.
fn compared(chart: &ProjectionChart, i: usize) -> Option<f64> {
    chart
        .compare
        .as_ref()
        .and_then(|(_, values)| values.get(i).copied().flatten())
}

/// The band: one area per run of consecutive years with both percentiles.
fn draw_band(frame: &mut Frame, chart: &ProjectionChart, years: &YearPlot) {
    frame.group("band", |f| {
        let mut run: Vec<(f64, f64, f64)> = Vec::new();
        for (i, p) in chart.points.iter().enumerate() {
            if let Some((lo, hi)) = interval(p.p05, p.p95) {
                run.push((years.x(i), years.y(hi), years.y(lo)));
            } else {
                f.push(&band_area(&run, years.slot));
                run.clear();
            }
        }
        f.push(&band_area(&run, years.slot));
    });
}

/// The parity year `i`: a rule through the plot into the room above it, where `text` stands
/// on the side with more space.
fn draw_parity(frame: &mut Frame, years: &YearPlot, i: usize, label: &str) {
    let plot = years.plot;
    let x = years.x(i);
    let (tx, anchor) = if x > (plot.left + plot.right) / 2.0 {
        (x - 5.0, "end")
    } else {
        (x + 5.0, "start")
    };
    frame.group("parity", |f| {
        f.push(&format!(
            "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"{TEXT}\" stroke-width=\"1.5\"/>\n",
            num(plot.top - PARITY_H + 2.0),
            num(plot.bottom()),
            x = num(x),
        ));
        let class = "class=\"parity-label\"";
        f.push(&text(tx, plot.top - 6.0, SMALL_FONT, TEXT, anchor, class, label));
    });
}

/// Lines first, then markers on top (the projected share last: it is the subject).
fn draw_series(frame: &mut Frame, chart: &ProjectionChart, years: &YearPlot) {
    let share = years.points(chart.points.iter().map(|p| p.share));
    let target = years.points(chart.points.iter().map(|p| p.target));
    let scenario = years.points((0..chart.points.len()).map(|i| compared(chart, i)));
    let compare = chart.compare.is_some();
    frame.series_line("target-line", Line::Dashed, &target);
    if compare {
        frame.series_line("compare-line", Line::Dotted, &scenario);
    }
    frame.series_line("share-line", Line::Solid, &share);
    frame.series_markers("target-markers", Line::Dashed, &target);
    if compare {
        frame.series_markers("compare-markers", Line::Dotted, &scenario);
    }
    frame.series_markers("share-markers", Line::Solid, &share);
}

/// One band area through `(x, y_p95, y_p05)` points: along the upper edge, back along the
/// lower one. A single point becomes a rectangle a little narrower than its slot.
fn band_area(run: &[(f64, f64, f64)], slot: f64) -> String {
    match run {
        [] => String::new(),
        [(x, top, bottom)] => {
            let half = (slot * 0.3).min(5.0);
            band_rect("band-area", x - half, *top, 2.0 * half, bottom - top)
        }
        _ => {
            let upper = run.iter().map(|(x, top, _)| (*x, *top));
            let lower = run.iter().rev().map(|(x, _, bottom)| (*x, *bottom));
            let d: Vec<String> = upper
                .chain(lower)
                .enumerate()
                .map(|(k, (x, y))| {
                    format!("{}{},{}", if k == 0 { 'M' } else { 'L' }, num(x), num(y))
                })
                .collect();
            format!(
                "<path class=\"band-area\" d=\"{} Z\" {}/>\n",
                d.join(" "),
                band_style()
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_steps() {
        assert_eq!(label_step(0), 1);
        assert_eq!(label_step(10), 1);
        assert_eq!(label_step(11), 2);
        assert_eq!(label_step(20), 2);
        assert_eq!(label_step(21), 5);
        assert_eq!(label_step(36), 5);
        assert_eq!(label_step(50), 5);
        assert_eq!(label_step(51), 10);
        assert_eq!(label_step(1000), 100);
    }
}

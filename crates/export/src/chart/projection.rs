//! The projected share over the years: deterministic path, Monte Carlo band, target, an
//! optional saved scenario for comparison and the year of parity.

use super::{
    band_rect, band_style, circle, clean, de_percent, dotted, interval, legend, nice_scale, num,
    open, path_data, square, text, triangle, y_grid, Glyph, BENCHMARK, MUTED, SMALL_FONT, STAFF,
    TEXT, TREND_LEFT, TREND_PLOT_H, TREND_RIGHT,
};

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
    let mut items = vec![
        (Glyph::LineCircle, l.share.as_str()),
        (Glyph::Band, l.band.as_str()),
        (Glyph::DashSquare, l.target.as_str()),
    ];
    if let Some((name, _)) = &chart.compare {
        items.push((Glyph::DotTriangle, name.as_str()));
    }
    let (legend, legend_h) = legend(&items, TREND_LEFT, 8.0, TREND_RIGHT);

    let parity = chart.parity_year.as_deref().and_then(|year| {
        let i = chart.points.iter().position(|p| p.label == year)?;
        Some((i, year))
    });
    let plot_top = 8.0 + legend_h + 16.0 + if parity.is_some() { PARITY_H } else { 0.0 };
    let plot_bottom = plot_top + TREND_PLOT_H;
    let height = plot_bottom + 30.0;

    let compare = |i: usize| {
        chart
            .compare
            .as_ref()
            .and_then(|(_, values)| values.get(i).copied().flatten())
    };
    let max_value = chart
        .points
        .iter()
        .enumerate()
        .flat_map(|(i, p)| [p.share, p.p05, p.p95, p.target, compare(i)])
        .filter_map(clean)
        .fold(0.0_f64, f64::max);
    let (step, ticks) = nice_scale(max_value);
    let y_max = step * f64::from(ticks);
    let y_of = |v: f64| plot_bottom - (v.min(y_max) / y_max) * TREND_PLOT_H;

    let n = chart.points.len().max(1) as f64;
    let slot = (TREND_RIGHT - TREND_LEFT) / n;
    let x_of = |i: usize| TREND_LEFT + slot * (i as f64 + 0.5);

    let mut svg = open(&chart.id, &chart.title, &chart.desc, height);
    svg.push_str(&legend);

    svg.push_str("<g class=\"grid\">\n");
    y_grid(&mut svg, step, ticks, &y_of, l.percent);
    let every = label_step(chart.points.len());
    for (i, p) in chart.points.iter().enumerate().step_by(every) {
        svg.push_str(&text(
            x_of(i),
            plot_bottom + 18.0,
            SMALL_FONT,
            MUTED,
            "middle",
            "",
            &p.label,
        ));
    }
    svg.push_str("</g>\n");

    // The band: one area per run of consecutive years with both percentiles.
    svg.push_str("<g class=\"band\">\n");
    let mut run: Vec<(f64, f64, f64)> = Vec::new();
    for (i, p) in chart.points.iter().enumerate() {
        if let Some((lo, hi)) = interval(p.p05, p.p95) {
            run.push((x_of(i), y_of(hi), y_of(lo)));
        } else {
            svg.push_str(&band_area(&run, slot));
            run.clear();
        }
    }
    svg.push_str(&band_area(&run, slot));
    svg.push_str("</g>\n");

    if let Some((i, year)) = parity {
        let x = x_of(i);
        let (tx, anchor) = if x > (TREND_LEFT + TREND_RIGHT) / 2.0 {
            (x - 5.0, "end")
        } else {
            (x + 5.0, "start")
        };
        svg.push_str("<g class=\"parity\">\n");
        svg.push_str(&format!(
            "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"{TEXT}\" stroke-width=\"1.5\"/>\n",
            num(plot_top - PARITY_H + 2.0),
            num(plot_bottom),
            x = num(x),
        ));
        svg.push_str(&text(
            tx,
            plot_top - 6.0,
            SMALL_FONT,
            TEXT,
            anchor,
            "class=\"parity-label\"",
            &format!("{} {year}", l.parity),
        ));
        svg.push_str("</g>\n");
    }

    let series =
        |value: &dyn Fn(usize, &ProjectionPoint) -> Option<f64>| -> Vec<Option<(f64, f64)>> {
            chart
                .points
                .iter()
                .enumerate()
                .map(|(i, p)| clean(value(i, p)).map(|v| (x_of(i), y_of(v))))
                .collect()
        };
    let share = series(&|_, p| p.share);
    let target = series(&|_, p| p.target);
    let scenario = series(&|i, _| compare(i));

    // Lines first, then markers on top (the projected share last: it is the subject).
    svg.push_str("<g class=\"target-line\">\n");
    if let Some(d) = path_data(&target) {
        svg.push_str(&format!(
            "<path d=\"{d}\" fill=\"none\" stroke=\"{BENCHMARK}\" stroke-width=\"2\" stroke-dasharray=\"7 4\"/>\n"
        ));
    }
    svg.push_str("</g>\n");
    if chart.compare.is_some() {
        svg.push_str("<g class=\"compare-line\">\n");
        if let Some(d) = path_data(&scenario) {
            svg.push_str(&format!("<path d=\"{d}\" {}/>\n", dotted()));
        }
        svg.push_str("</g>\n");
    }
    svg.push_str("<g class=\"share-line\">\n");
    if let Some(d) = path_data(&share) {
        svg.push_str(&format!(
            "<path d=\"{d}\" fill=\"none\" stroke=\"{STAFF}\" stroke-width=\"2.5\"/>\n"
        ));
    }
    svg.push_str("</g>\n");
    svg.push_str("<g class=\"target-markers\">\n");
    for (x, y) in target.iter().flatten() {
        svg.push_str(&square(*x, *y, 4.0));
    }
    svg.push_str("</g>\n");
    if chart.compare.is_some() {
        svg.push_str("<g class=\"compare-markers\">\n");
        for (x, y) in scenario.iter().flatten() {
            svg.push_str(&triangle(*x, *y, 5.0));
        }
        svg.push_str("</g>\n");
    }
    svg.push_str("<g class=\"share-markers\">\n");
    for (x, y) in share.iter().flatten() {
        svg.push_str(&circle(*x, *y, 4.5));
    }
    svg.push_str("</g>\n");

    svg.push_str("</svg>\n");
    svg
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

//! Server-rendered SVG charts for the web pages and the PDF report.
//!
//! Pure functions: data in, an SVG `String` out, no IO. The SVG is meant to be embedded inline
//! in HTML (so there is no XML declaration) and can also be handed to an SVG-to-PDF renderer
//! as is (so it carries `xmlns`, a `viewBox` and every style as a presentation attribute: no
//! outside CSS, no `currentColor`, nothing lost when printing).
//!
//! Accessibility (WCAG 2.1 AA / BITV 2.0), decided here once so every page gets it:
//! - the root is `<svg role="img" aria-labelledby="{id}-title {id}-desc">` with a `<title>`
//!   and a `<desc>`; a screen reader announces those two and nothing inside the drawing, so
//!   the caller's description must carry the message and the page should offer the numbers
//!   as a table as well;
//! - colours are the Okabe–Ito palette (safe for the common colour-vision deficiencies);
//!   every text is dark grey or black on white (contrast ≥ 7:1), every graphical mark has
//!   ≥ 3:1 against white (WCAG 1.4.11);
//! - no meaning rests on colour alone: the staff share is a filled bar or a solid line with
//!   circles, the interval is a whisker with end caps, the population benchmark is a dashed
//!   line (with squares in the trend chart), and a legend names all three; the same holds for
//!   the recruitment [`funnel()`] (solid bars against hatched, outlined bars, the four-fifths
//!   flag as text) and the [`projection()`] (outlined band, solid line with circles, dashed line
//!   with squares, dotted line with triangles, the parity year as a labelled rule);
//! - sizes are user units in a `viewBox`, so the chart scales with the page and with zoom;
//!   fonts are `system-ui, sans-serif`.
//!
//! Callers pass already-localised strings ([`ChartLabels`], titles); this module escapes XML
//! special characters itself. Values are shares in `0..=1`; anything outside is clamped and
//! non-finite values count as missing, so bad input can never draw outside the plot.
//!
//! The title is not drawn visibly: pages and the report put their own caption (`<figcaption>`
//! or heading) next to the chart.

mod funnel;
mod projection;

pub use funnel::{funnel, FunnelChart, FunnelLabels, FunnelStage};
pub use projection::{projection, ProjectionChart, ProjectionLabels, ProjectionPoint};

/// Width of every chart in user units (the `viewBox` width).
const WIDTH: f64 = 640.0;

/// Okabe–Ito blue: staff share (5.2:1 on white).
const STAFF: &str = "#0072B2";
/// Okabe–Ito vermillion: population benchmark, and the comparison group (without a migration
/// history) in the funnel (3.9:1 on white, a graphical object).
const BENCHMARK: &str = "#D55E00";
/// Okabe–Ito bluish green: a saved scenario compared in the projection (3.4:1 on white).
const COMPARE: &str = "#009E73";
/// Okabe–Ito sky blue: the tint of the projection band. The tint alone is too light to be a
/// graphical object (WCAG 1.4.11), so the band always carries a [`STAFF`] outline as well.
const BAND_TINT: &str = "#56B4E9";
/// Okabe–Ito black: interval whiskers.
const INTERVAL: &str = "#000000";
/// Body text (16:1 on white).
const TEXT: &str = "#1A1A1A";
/// Axis labels, the "suppressed" note (7:1 on white).
const MUTED: &str = "#595959";
/// Gridlines (decorative, the labels carry the values).
const GRID: &str = "#D0D0D0";
/// The zero line / axis.
const AXIS: &str = "#595959";

const FONT: f64 = 14.0;
const SMALL_FONT: f64 = 12.0;

/// Words and number formatting the charts need, localised by the caller.
///
/// The charts are drawn on the server for German pages first, but the strings come from the
/// caller so that this module never has to know a language; [`ChartLabels::german`] gives
/// the German defaults.
#[derive(Debug, Clone)]
pub struct ChartLabels {
    /// Legend entry for the staff share (bar / solid line), e.g. "Beschäftigte".
    pub staff: String,
    /// Legend entry for the interval whiskers, e.g. "95-%-Intervall".
    pub interval: String,
    /// Legend entry for the population benchmark (dashed), e.g. "Bevölkerung (Vergleich)".
    pub benchmark: String,
    /// Text drawn instead of a bar when disclosure control suppressed the value, e.g. "gesperrt".
    pub suppressed: String,
    /// Formats a share (`0.25`) for axis ticks and value labels (`"25 %"`). A plain function
    /// pointer keeps the struct `Clone` and `Debug` and covers every locale we need.
    pub percent: fn(f64) -> String,
}

impl ChartLabels {
    /// German labels and German percent formatting ([`de_percent`]).
    pub fn german() -> Self {
        ChartLabels {
            staff: "Beschäftigte".to_owned(),
            interval: "95-%-Intervall".to_owned(),
            benchmark: "Bevölkerung (Vergleich)".to_owned(),
            suppressed: "gesperrt".to_owned(),
            percent: de_percent,
        }
    }
}

/// German percent with at most one decimal: `0.25` → `"25 %"`, `0.2234` → `"22,3 %"`.
pub fn de_percent(share: f64) -> String {
    abbild_i18n::fmt::tick_pct(share, abbild_i18n::Lang::De)
}

/// English percent with at most one decimal: `0.25` → `"25 %"`, `0.2234` → `"22.3 %"`.
pub fn en_percent(share: f64) -> String {
    abbild_i18n::fmt::tick_pct(share, abbild_i18n::Lang::En)
}

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
    /// Unique id prefix, see [`ShareChart::id`].
    pub id: String,
    /// Short accessible name.
    pub title: String,
    /// Accessible description carrying the message (e.g. "the gap narrowed from … to …").
    pub desc: String,
    /// Points in x order, one per wave.
    pub points: Vec<TrendPoint>,
    pub labels: ChartLabels,
}

// ---------------------------------------------------------------------------------------------
// Share bars

const BAR_LEFT: f64 = 24.0;
const BAR_RIGHT: f64 = WIDTH - 32.0;
const ROW_H: f64 = 52.0;
const BAR_OFFSET: f64 = 24.0;
const BAR_H: f64 = 16.0;

/// Horizontal bars of the staff share per segment, with interval whiskers and a dashed
/// benchmark marker, on an axis from 0 to a round value above the largest figure.
pub fn share_bars(chart: &ShareChart) -> String {
    let l = &chart.labels;
    let plot_w = BAR_RIGHT - BAR_LEFT;
    // The axis ends at a round value just above the largest figure, so that shares of
    // 17–34 % fill the width instead of its left quarter.
    let top = chart
        .rows
        .iter()
        .flat_map(|r| [clean(r.share), clean(r.hi), clean(r.benchmark)])
        .flatten()
        .fold(0.0, f64::max);
    let (step, ticks) = nice_scale(chart.axis_max.unwrap_or(top).max(top));
    let axis_max = step * f64::from(ticks);
    let x_of = |v: f64| BAR_LEFT + (v / axis_max).min(1.0) * plot_w;

    let (legend, legend_h) = legend(
        &[
            (Glyph::Bar, l.staff.as_str()),
            (Glyph::HWhisker, l.interval.as_str()),
            (Glyph::VDash, l.benchmark.as_str()),
        ],
        BAR_LEFT,
        8.0,
        BAR_RIGHT,
    );
    let rows_top = 8.0 + legend_h + 8.0;
    let rows_bottom = rows_top + ROW_H * chart.rows.len() as f64;
    let height = rows_bottom + 24.0;

    let mut svg = open(&chart.id, &chart.title, &chart.desc, height);
    svg.push_str(&legend);

    // Gridlines first, so bars and marks are drawn over them.
    svg.push_str("<g class=\"grid\">\n");
    for k in 0..=ticks {
        let v = f64::from(k) * step;
        let x = x_of(v);
        let colour = if k == 0 { AXIS } else { GRID };
        svg.push_str(&format!(
            "<line x1=\"{x}\" y1=\"{y1}\" x2=\"{x}\" y2=\"{y2}\" stroke=\"{colour}\" stroke-width=\"1\"/>\n",
            x = num(x),
            y1 = num(rows_top),
            y2 = num(rows_bottom),
        ));
        svg.push_str(&text(
            x,
            rows_bottom + 16.0,
            SMALL_FONT,
            MUTED,
            "middle",
            "",
            &(l.percent)(v),
        ));
    }
    svg.push_str("</g>\n");

    for (i, row) in chart.rows.iter().enumerate() {
        let top = rows_top + ROW_H * i as f64;
        let bar_y = top + BAR_OFFSET;
        let mid = bar_y + BAR_H / 2.0;
        svg.push_str("<g class=\"row\">\n");
        svg.push_str(&text(
            BAR_LEFT,
            top + 15.0,
            FONT,
            TEXT,
            "start",
            HALO_LABEL,
            &row.label,
        ));
        match clean(row.share) {
            Some(share) => {
                svg.push_str(&text(
                    BAR_RIGHT,
                    top + 15.0,
                    FONT,
                    TEXT,
                    "end",
                    HALO_VALUE,
                    &value_label(l.percent, share),
                ));
                svg.push_str(&format!(
                    "<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{STAFF}\"/>\n",
                    num(BAR_LEFT),
                    num(bar_y),
                    num(x_of(share) - BAR_LEFT),
                    num(BAR_H),
                ));
                if let Some((lo, hi)) = interval(row.lo, row.hi) {
                    svg.push_str(&h_whisker(x_of(lo), x_of(hi), mid, 5.0));
                }
            }
            None => svg.push_str(&text(
                BAR_LEFT + 6.0,
                mid + 5.0,
                FONT,
                MUTED,
                "start",
                "class=\"suppressed\" font-style=\"italic\"",
                &l.suppressed,
            )),
        }
        if let Some(b) = clean(row.benchmark) {
            svg.push_str(&v_dash(x_of(b), bar_y - 5.0, bar_y + BAR_H + 5.0));
        }
        svg.push_str("</g>\n");
    }

    svg.push_str("</svg>\n");
    svg
}

// ---------------------------------------------------------------------------------------------
// Trend lines

const TREND_LEFT: f64 = 56.0;
const TREND_RIGHT: f64 = WIDTH - 16.0;
const TREND_PLOT_H: f64 = 220.0;

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

/// Labels drawn over gridlines get a white halo, so no line runs through their letters.
const HALO_LABEL: &str =
    "class=\"label\" stroke=\"#ffffff\" stroke-width=\"4\" paint-order=\"stroke\" stroke-linejoin=\"round\"";
const HALO_VALUE: &str =
    "class=\"value\" stroke=\"#ffffff\" stroke-width=\"4\" paint-order=\"stroke\" stroke-linejoin=\"round\"";

/// Staff share (solid line, circles, interval whiskers) and population benchmark (dashed
/// line, squares) over the waves, on a y axis from 0 to a round maximum.
pub fn trend_lines(chart: &TrendChart) -> String {
    let l = &chart.labels;
    let (legend, legend_h) = legend(
        &[
            (Glyph::LineCircle, l.staff.as_str()),
            (Glyph::VWhisker, l.interval.as_str()),
            (Glyph::DashSquare, l.benchmark.as_str()),
        ],
        TREND_LEFT,
        8.0,
        TREND_RIGHT,
    );
    let plot_top = 8.0 + legend_h + 16.0;
    let plot_bottom = plot_top + TREND_PLOT_H;
    let height = plot_bottom + 30.0;

    let max_value = chart
        .points
        .iter()
        .flat_map(|p| [p.share, p.hi, p.benchmark])
        .filter_map(clean)
        .fold(0.0_f64, f64::max);
    let (step, ticks) = nice_scale(max_value);
    let y_max = step * f64::from(ticks);
    let y_of = |v: f64| plot_bottom - (v.min(y_max) / y_max) * TREND_PLOT_H;

    let n = chart.points.len().max(1) as f64;
    let band = (TREND_RIGHT - TREND_LEFT) / n;
    let x_of = |i: usize| TREND_LEFT + band * (i as f64 + 0.5);

    let mut svg = open(&chart.id, &chart.title, &chart.desc, height);
    svg.push_str(&legend);

    svg.push_str("<g class=\"grid\">\n");
    y_grid(&mut svg, step, ticks, &y_of, l.percent);
    for (i, p) in chart.points.iter().enumerate() {
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

    let bench: Vec<Option<(f64, f64)>> = chart
        .points
        .iter()
        .enumerate()
        .map(|(i, p)| clean(p.benchmark).map(|v| (x_of(i), y_of(v))))
        .collect();
    let staff: Vec<Option<(f64, f64)>> = chart
        .points
        .iter()
        .enumerate()
        .map(|(i, p)| clean(p.share).map(|v| (x_of(i), y_of(v))))
        .collect();

    // Lines first, whiskers, then markers on top (staff last: it is the subject).
    svg.push_str("<g class=\"benchmark-line\">\n");
    if let Some(d) = path_data(&bench) {
        svg.push_str(&format!(
            "<path d=\"{d}\" fill=\"none\" stroke=\"{BENCHMARK}\" stroke-width=\"2\" stroke-dasharray=\"7 4\"/>\n"
        ));
    }
    svg.push_str("</g>\n");
    svg.push_str("<g class=\"staff-line\">\n");
    if let Some(d) = path_data(&staff) {
        svg.push_str(&format!(
            "<path d=\"{d}\" fill=\"none\" stroke=\"{STAFF}\" stroke-width=\"2.5\"/>\n"
        ));
    }
    svg.push_str("</g>\n");
    svg.push_str("<g class=\"intervals\">\n");
    for (i, p) in chart.points.iter().enumerate() {
        if clean(p.share).is_none() {
            continue;
        }
        if let Some((lo, hi)) = interval(p.lo, p.hi) {
            svg.push_str(&v_whisker(x_of(i), y_of(hi), y_of(lo), 5.0));
        }
    }
    svg.push_str("</g>\n");
    svg.push_str("<g class=\"benchmark-markers\">\n");
    for (x, y) in bench.iter().flatten() {
        svg.push_str(&square(*x, *y, 4.0));
    }
    svg.push_str("</g>\n");
    svg.push_str("<g class=\"staff-markers\">\n");
    for (x, y) in staff.iter().flatten() {
        svg.push_str(&circle(*x, *y, 4.5));
    }
    svg.push_str("</g>\n");

    svg.push_str("</svg>\n");
    svg
}

/// Horizontal gridlines with percent labels for the charts over years (trend, projection).
fn y_grid(
    svg: &mut String,
    step: f64,
    ticks: u32,
    y_of: &dyn Fn(f64) -> f64,
    percent: fn(f64) -> String,
) {
    for k in 0..=ticks {
        let v = step * f64::from(k);
        let y = y_of(v);
        let colour = if k == 0 { AXIS } else { GRID };
        svg.push_str(&format!(
            "<line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{colour}\" stroke-width=\"1\"/>\n",
            num(TREND_LEFT),
            num(TREND_RIGHT),
            y = num(y),
        ));
        svg.push_str(&text(
            TREND_LEFT - 8.0,
            y + 4.0,
            SMALL_FONT,
            MUTED,
            "end",
            "",
            &percent(v),
        ));
    }
}

/// A round axis maximum for shares up to `max`: the smallest step from a 1–2–2.5–5 series
/// that covers `max` in at most five ticks, never beyond 100 %.
fn nice_scale(max: f64) -> (f64, u32) {
    const STEPS: [f64; 8] = [0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25, 0.5];
    // Even an empty chart gets a sensible axis; a tiny tolerance keeps 0.3 at three ticks of
    // 0.1 although 0.3 / 0.1 is 2.9999999999999996 in binary.
    let max = max.clamp(0.05, 1.0);
    for step in STEPS {
        let ticks = (max / step - 1e-9).ceil();
        if ticks <= 5.0 {
            return (step, ticks.max(1.0) as u32);
        }
    }
    (0.2, 5)
}

/// SVG path data through the present points; a missing point starts a new sub-path.
fn path_data(points: &[Option<(f64, f64)>]) -> Option<String> {
    let mut d = String::new();
    let mut pen_down = false;
    for p in points {
        match p {
            Some((x, y)) => {
                if !d.is_empty() {
                    d.push(' ');
                }
                d.push(if pen_down { 'L' } else { 'M' });
                d.push_str(&format!("{},{}", num(*x), num(*y)));
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    (!d.is_empty()).then_some(d)
}

// ---------------------------------------------------------------------------------------------
// Marks

/// Horizontal interval whisker from `x1` to `x2` at height `y`, caps of half-height `cap`.
fn h_whisker(x1: f64, x2: f64, y: f64, cap: f64) -> String {
    format!(
        "<path class=\"interval\" d=\"M{x1},{y} H{x2} M{x1},{t} V{b} M{x2},{t} V{b}\" fill=\"none\" stroke=\"{INTERVAL}\" stroke-width=\"1.5\"/>\n",
        x1 = num(x1),
        x2 = num(x2),
        y = num(y),
        t = num(y - cap),
        b = num(y + cap),
    )
}

/// Vertical interval whisker from `y1` (top) to `y2` (bottom) at `x`.
fn v_whisker(x: f64, y1: f64, y2: f64, cap: f64) -> String {
    format!(
        "<path class=\"interval\" d=\"M{x},{y1} V{y2} M{l},{y1} H{r} M{l},{y2} H{r}\" fill=\"none\" stroke=\"{INTERVAL}\" stroke-width=\"1.5\"/>\n",
        x = num(x),
        y1 = num(y1),
        y2 = num(y2),
        l = num(x - cap),
        r = num(x + cap),
    )
}

/// The benchmark marker of a bar row: a dashed vertical line on a white halo, so that it
/// stays visible where it crosses the blue bar.
fn v_dash(x: f64, y1: f64, y2: f64) -> String {
    let (x, y1, y2) = (num(x), num(y1), num(y2));
    format!(
        "<g class=\"benchmark\">\
<line x1=\"{x}\" y1=\"{y1}\" x2=\"{x}\" y2=\"{y2}\" stroke=\"#FFFFFF\" stroke-width=\"5\"/>\
<line x1=\"{x}\" y1=\"{y1}\" x2=\"{x}\" y2=\"{y2}\" stroke=\"{BENCHMARK}\" stroke-width=\"2.5\" stroke-dasharray=\"4 2.5\"/>\
</g>\n"
    )
}

fn circle(x: f64, y: f64, r: f64) -> String {
    format!(
        "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{STAFF}\" stroke=\"#FFFFFF\" stroke-width=\"1.5\"/>\n",
        num(x),
        num(y),
        num(r)
    )
}

/// An upward triangle around (`x`, `y`): the marker of a compared scenario.
fn triangle(x: f64, y: f64, r: f64) -> String {
    let dx = r * 0.866;
    format!(
        "<path d=\"M{},{} L{},{} L{},{} Z\" fill=\"{COMPARE}\" stroke=\"#FFFFFF\" stroke-width=\"1.5\"/>\n",
        num(x),
        num(y - r),
        num(x + dx),
        num(y + r / 2.0),
        num(x - dx),
        num(y + r / 2.0),
    )
}

/// A white rectangle with a [`BENCHMARK`] outline and diagonal hatching: the bar of the
/// comparison group, told apart from the solid [`STAFF`] bar by its pattern, not only by its
/// colour. The hatch lines are computed (no `<pattern>`, no ids, no `url()` references), so
/// the mark prints the same in every renderer. `class` is literal markup (never user data).
fn hatched_rect(class: &str, x: f64, y: f64, w: f64, h: f64) -> String {
    const GAP: f64 = 5.0;
    let (w, h) = (w.max(0.0), h.max(0.0));
    let class = if class.is_empty() {
        String::new()
    } else {
        format!(" class=\"{class}\"")
    };
    let mut out = format!(
        "<g{class}>\n<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#FFFFFF\" stroke=\"{BENCHMARK}\" stroke-width=\"1.5\"/>\n",
        num(x),
        num(y),
        num(w),
        num(h),
    );
    // Lines `x' + y' = k` ("/" on screen), k on a fixed grid so neighbouring bars line up,
    // each clipped to the rectangle.
    let mut d = String::new();
    let mut k = ((x + y) / GAP).floor() * GAP + GAP;
    while k < x + w + y + h {
        let x_start = x.max(k - (y + h));
        let x_end = (x + w).min(k - y);
        if x_end - x_start > 0.5 {
            if !d.is_empty() {
                d.push(' ');
            }
            d.push_str(&format!(
                "M{},{} L{},{}",
                num(x_start),
                num(k - x_start),
                num(x_end),
                num(k - x_end)
            ));
        }
        k += GAP;
    }
    if !d.is_empty() {
        out.push_str(&format!(
            "<path d=\"{d}\" fill=\"none\" stroke=\"{BENCHMARK}\" stroke-width=\"1.5\"/>\n"
        ));
    }
    out.push_str("</g>\n");
    out
}

fn square(x: f64, y: f64, half: f64) -> String {
    format!(
        "<rect x=\"{}\" y=\"{}\" width=\"{w}\" height=\"{w}\" fill=\"{BENCHMARK}\" stroke=\"#FFFFFF\" stroke-width=\"1.5\"/>\n",
        num(x - half),
        num(y - half),
        w = num(2.0 * half),
    )
}

// ---------------------------------------------------------------------------------------------
// Legend

#[derive(Debug, Clone, Copy)]
enum Glyph {
    Bar,
    HWhisker,
    VDash,
    LineCircle,
    VWhisker,
    DashSquare,
    /// The comparison group's bar in the funnel ([`hatched_rect`]).
    HatchBar,
    /// The projection's p05–p95 band: tinted area with an outline.
    Band,
    /// A compared scenario: dotted line with triangles.
    DotTriangle,
}

const GLYPH_W: f64 = 24.0;

/// Stroke of a compared scenario's line (round dots): attribute markup.
fn dotted() -> String {
    format!(
        "fill=\"none\" stroke=\"{COMPARE}\" stroke-width=\"2.5\" stroke-dasharray=\"1 5\" stroke-linecap=\"round\""
    )
}

/// Fill and outline of the projection band (an area, named in the legend): attribute markup.
fn band_style() -> String {
    format!("fill=\"{BAND_TINT}\" fill-opacity=\"0.3\" stroke=\"{STAFF}\" stroke-width=\"1\"")
}

/// A rectangle in the band style (legend sample, or a band of a single point). `class` is
/// literal markup (never user data).
fn band_rect(class: &str, x: f64, y: f64, w: f64, h: f64) -> String {
    let class = if class.is_empty() {
        String::new()
    } else {
        format!("class=\"{class}\" ")
    };
    format!(
        "<rect {class}x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" {}/>\n",
        num(x),
        num(y),
        num(w.max(0.0)),
        num(h.max(0.0)),
        band_style(),
    )
}

/// The legend: items left to right from (`x0`, `y0`), wrapping before `x_max`. SVG text has
/// no measured width on the server, so widths are estimated generously (0.6 em per char).
/// Returns the markup and its height.
fn legend(items: &[(Glyph, &str)], x0: f64, y0: f64, x_max: f64) -> (String, f64) {
    const LINE_H: f64 = 22.0;
    let mut out = String::from("<g class=\"legend\">\n");
    let (mut x, mut y) = (x0, y0);
    for (glyph, label) in items {
        let w = GLYPH_W + 6.0 + label.chars().count() as f64 * FONT * 0.6;
        if x > x0 && x + w > x_max {
            x = x0;
            y += LINE_H;
        }
        let mid = y + 8.0;
        out.push_str(&match glyph {
            Glyph::Bar => format!(
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"12\" fill=\"{STAFF}\"/>\n",
                num(x),
                num(mid - 6.0),
                num(GLYPH_W)
            ),
            Glyph::HWhisker => h_whisker(x + 2.0, x + GLYPH_W - 2.0, mid, 5.0),
            Glyph::VDash => v_dash(x + GLYPH_W / 2.0, mid - 8.0, mid + 8.0),
            Glyph::LineCircle => format!(
                "<line x1=\"{}\" y1=\"{m}\" x2=\"{}\" y2=\"{m}\" stroke=\"{STAFF}\" stroke-width=\"2.5\"/>\n{}",
                num(x),
                num(x + GLYPH_W),
                circle(x + GLYPH_W / 2.0, mid, 4.5),
                m = num(mid),
            ),
            Glyph::VWhisker => v_whisker(x + GLYPH_W / 2.0, mid - 7.0, mid + 7.0, 5.0),
            Glyph::DashSquare => format!(
                "<line x1=\"{}\" y1=\"{m}\" x2=\"{}\" y2=\"{m}\" stroke=\"{BENCHMARK}\" stroke-width=\"2\" stroke-dasharray=\"7 4\"/>\n{}",
                num(x - 3.0),
                num(x + GLYPH_W + 3.0),
                square(x + GLYPH_W / 2.0, mid, 4.0),
                m = num(mid),
            ),
            Glyph::HatchBar => hatched_rect("", x, mid - 6.0, GLYPH_W, 12.0),
            Glyph::Band => band_rect("", x, mid - 7.0, GLYPH_W, 14.0),
            Glyph::DotTriangle => format!(
                "<line x1=\"{}\" y1=\"{m}\" x2=\"{}\" y2=\"{m}\" {}/>\n{}",
                num(x - 3.0),
                num(x + GLYPH_W + 3.0),
                dotted(),
                triangle(x + GLYPH_W / 2.0, mid, 5.0),
                m = num(mid),
            ),
        });
        out.push_str(&text(
            x + GLYPH_W + 6.0,
            mid + 5.0,
            FONT,
            TEXT,
            "start",
            "",
            label,
        ));
        x += w + 18.0;
    }
    out.push_str("</g>\n");
    (out, y - y0 + LINE_H - 6.0)
}

// ---------------------------------------------------------------------------------------------
// Plumbing

/// The root element with its accessible name and description.
fn open(id: &str, title: &str, desc: &str, height: f64) -> String {
    let id = clean_id(id);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" \
viewBox=\"0 0 {w} {h}\" font-family=\"system-ui, sans-serif\">\n\
<title id=\"{id}-title\">{title}</title>\n\
<desc id=\"{id}-desc\">{desc}</desc>\n\
<rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"#FFFFFF\"/>\n",
        w = num(WIDTH),
        h = num(height),
        title = esc(title),
        desc = esc(desc),
    )
}

/// A `<text>` element; `extra` is literal attribute markup (never user data).
fn text(x: f64, y: f64, size: f64, fill: &str, anchor: &str, extra: &str, content: &str) -> String {
    let extra = if extra.is_empty() {
        String::new()
    } else {
        format!(" {extra}")
    };
    format!(
        "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{fill}\" text-anchor=\"{anchor}\"{extra}>{}</text>\n",
        num(x),
        num(y),
        num(size),
        esc(content)
    )
}

/// A share for drawing: finite values clamped to `0..=1`, everything else missing.
fn clean(v: Option<f64>) -> Option<f64> {
    v.filter(|x| x.is_finite()).map(|x| x.clamp(0.0, 1.0))
}

/// Both interval ends, cleaned and in order.
fn interval(lo: Option<f64>, hi: Option<f64>) -> Option<(f64, f64)> {
    let (lo, hi) = (clean(lo)?, clean(hi)?);
    Some((lo.min(hi), lo.max(hi)))
}

/// Coordinates with at most two decimals and no trailing zeros: compact, deterministic.
fn num(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// Escapes text and attribute content; drops control characters that XML 1.0 forbids.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// An id usable in `aria-labelledby` (a space-separated list): ASCII letters, digits, `-`,
/// `_`; anything else becomes `_`.
fn clean_id(id: &str) -> String {
    let id: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if id.is_empty() {
        "chart".to_owned()
    } else {
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_labels() {
        assert_eq!(de_percent(0.25), "25 %");
        assert_eq!(de_percent(0.2234), "22,3 %");
        assert_eq!(de_percent(0.0), "0 %");
        assert_eq!(de_percent(-0.0001), "0 %");
        assert_eq!(de_percent(1.0), "100 %");
        assert_eq!(de_percent(0.3 * 1.0000000001), "30 %");
    }

    #[test]
    fn nice_scales() {
        assert_eq!(nice_scale(0.0), (0.01, 5));
        assert_eq!(nice_scale(0.3), (0.1, 3));
        assert_eq!(nice_scale(0.31), (0.1, 4));
        assert_eq!(nice_scale(0.12), (0.025, 5));
        assert_eq!(nice_scale(0.45), (0.1, 5));
        assert_eq!(nice_scale(0.6), (0.2, 3));
        assert_eq!(nice_scale(1.0), (0.2, 5));
        assert_eq!(nice_scale(7.0), (0.2, 5));
    }

    #[test]
    fn numbers_and_ids() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.345), "12.35");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(0.5), "0.5");
        assert_eq!(clean_id("a b\"c"), "a_b_c");
        assert_eq!(clean_id(""), "chart");
        assert_eq!(esc("a<b&\"c'\u{1}"), "a&lt;b&amp;&quot;c&apos;");
    }

    #[test]
    fn path_breaks_at_gaps() {
        let d = path_data(&[Some((1.0, 2.0)), Some((3.0, 4.0)), None, Some((5.0, 6.0))]);
        assert_eq!(d.as_deref(), Some("M1,2 L3,4 M5,6"));
        assert_eq!(path_data(&[None, None]), None);
    }
}

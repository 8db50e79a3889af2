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
//!
//! The parts: `frame` is the scaffold every chart is drawn in (root element with its
//! accessible name, legend, plot area), `axis` its value axis and grid, `legend` and `marks`
//! the glyphs all charts share, `series` what the charts over the years share; `share`,
//! `trend`, `funnel` and `projection` are the charts.

mod axis;
mod frame;
mod funnel;
mod legend;
mod marks;
mod projection;
mod series;
mod share;
mod style;
mod svg;
mod trend;

pub use funnel::{funnel, FunnelChart, FunnelLabels, FunnelStage};
pub use projection::{projection, ProjectionChart, ProjectionLabels, ProjectionPoint};
pub use share::{share_bars, ShareChart, ShareRow};
pub use trend::{trend_lines, TrendChart, TrendPoint};

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
}

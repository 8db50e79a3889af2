//! The legend above every chart: a sample of each mark and its name.

use super::marks::{band_rect, h_whisker, hatched_rect, solid_rect, v_dash, v_whisker, Line};
use super::style::FONT;
use super::svg::{label, num};

/// The sample drawn before a legend entry; the same marks as in the plot.
#[derive(Debug, Clone, Copy)]
pub(super) enum Glyph {
    Bar,
    HWhisker,
    VDash,
    /// A series over the years: a piece of its line with its marker.
    Line(Line),
    VWhisker,
    /// The comparison group's bar in the funnel ([`hatched_rect`]).
    HatchBar,
    /// The projection's p05–p95 band: tinted area with an outline.
    Band,
}

const GLYPH_W: f64 = 24.0;
const LINE_H: f64 = 22.0;

/// The legend: items left to right from (`x0`, `y0`), wrapping before `x_max`. SVG text has
/// no measured width on the server, so widths are estimated generously (0.6 em per char).
/// Returns the markup and its height.
pub(super) fn legend(items: &[(Glyph, &str)], x0: f64, y0: f64, x_max: f64) -> (String, f64) {
    let mut out = String::from("<g class=\"legend\">\n");
    let (mut x, mut y) = (x0, y0);
    for (glyph, name) in items {
        let w = GLYPH_W + 6.0 + name.chars().count() as f64 * FONT * 0.6;
        if x > x0 && x + w > x_max {
            x = x0;
            y += LINE_H;
        }
        let mid = y + 8.0;
        out.push_str(&sample(*glyph, x, mid));
        out.push_str(&label(x + GLYPH_W + 6.0, mid + 5.0, FONT, "", name));
        x += w + 18.0;
    }
    out.push_str("</g>\n");
    (out, y - y0 + LINE_H - 6.0)
}

/// The glyph of one entry, starting at `x`, centred on `mid`.
fn sample(glyph: Glyph, x: f64, mid: f64) -> String {
    match glyph {
        Glyph::Bar => solid_rect("", x, mid - 6.0, GLYPH_W, 12.0),
        Glyph::HWhisker => h_whisker(x + 2.0, x + GLYPH_W - 2.0, mid, 5.0),
        Glyph::VDash => v_dash(x + GLYPH_W / 2.0, mid - 8.0, mid + 8.0),
        Glyph::VWhisker => v_whisker(x + GLYPH_W / 2.0, mid - 7.0, mid + 7.0, 5.0),
        Glyph::HatchBar => hatched_rect("", x, mid - 6.0, GLYPH_W, 12.0),
        Glyph::Band => band_rect("", x, mid - 7.0, GLYPH_W, 14.0),
        Glyph::Line(line) => {
            // The solid line spans the glyph; the patterned ones reach a little beyond it so
            // that at least one full dash or dot shows.
            let (x1, x2, fill) = match line {
                Line::Solid => (x, x + GLYPH_W, ""),
                Line::Dashed => (x - 3.0, x + GLYPH_W + 3.0, ""),
                Line::Dotted => (x - 3.0, x + GLYPH_W + 3.0, "fill=\"none\" "),
            };
            format!(
                "<line x1=\"{}\" y1=\"{m}\" x2=\"{}\" y2=\"{m}\" {fill}{}/>\n{}",
                num(x1),
                num(x2),
                line.stroke(),
                line.marker(x + GLYPH_W / 2.0, mid),
                m = num(mid),
            )
        }
    }
}

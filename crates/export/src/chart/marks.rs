//! The marks the charts draw with. Each pairs a colour with a shape or a line pattern, so
//! that no meaning rests on colour alone; the legend draws its samples with the same marks.

use super::style::{BAND_TINT, BENCHMARK, COMPARE, INTERVAL, STAFF};
use super::svg::num;

/// Horizontal interval whisker from `x1` to `x2` at height `y`, caps of half-height `cap`.
pub(super) fn h_whisker(x1: f64, x2: f64, y: f64, cap: f64) -> String {
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
pub(super) fn v_whisker(x: f64, y1: f64, y2: f64, cap: f64) -> String {
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
pub(super) fn v_dash(x: f64, y1: f64, y2: f64) -> String {
    let (x, y1, y2) = (num(x), num(y1), num(y2));
    format!(
        "<g class=\"benchmark\">\
<line x1=\"{x}\" y1=\"{y1}\" x2=\"{x}\" y2=\"{y2}\" stroke=\"#FFFFFF\" stroke-width=\"5\"/>\
<line x1=\"{x}\" y1=\"{y1}\" x2=\"{x}\" y2=\"{y2}\" stroke=\"{BENCHMARK}\" stroke-width=\"2.5\" stroke-dasharray=\"4 2.5\"/>\
</g>\n"
    )
}

/// A solid [`STAFF`] bar; `class` is literal markup (never user data), empty for none.
pub(super) fn solid_rect(class: &str, x: f64, y: f64, w: f64, h: f64) -> String {
    format!(
        "<rect {}x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{STAFF}\"/>\n",
        class_attr(class),
        num(x),
        num(y),
        num(w),
        num(h),
    )
}

/// A white rectangle with a [`BENCHMARK`] outline and diagonal hatching: the bar of the
/// comparison group, told apart from the solid [`STAFF`] bar by its pattern, not only by its
/// colour. The hatch lines are computed (no `<pattern>`, no ids, no `url()` references), so
/// the mark prints the same in every renderer. `class` is literal markup (never user data).
pub(super) fn hatched_rect(class: &str, x: f64, y: f64, w: f64, h: f64) -> String {
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
    let d = hatching(x, y, w, h);
    if !d.is_empty() {
        out.push_str(&format!(
            "<path d=\"{d}\" fill=\"none\" stroke=\"{BENCHMARK}\" stroke-width=\"1.5\"/>\n"
        ));
    }
    out.push_str("</g>\n");
    out
}

/// Path data of the hatching: lines `x' + y' = k` ("/" on screen), k on a fixed grid so
/// neighbouring bars line up, each clipped to the rectangle.
fn hatching(x: f64, y: f64, w: f64, h: f64) -> String {
    const GAP: f64 = 5.0;
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
    d
}

/// Fill and outline of the projection band (an area, named in the legend): attribute markup.
pub(super) fn band_style() -> String {
    format!("fill=\"{BAND_TINT}\" fill-opacity=\"0.3\" stroke=\"{STAFF}\" stroke-width=\"1\"")
}

/// A rectangle in the band style (legend sample, or a band of a single point). `class` is
/// literal markup (never user data).
pub(super) fn band_rect(class: &str, x: f64, y: f64, w: f64, h: f64) -> String {
    format!(
        "<rect {}x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" {}/>\n",
        class_attr(class),
        num(x),
        num(y),
        num(w.max(0.0)),
        num(h.max(0.0)),
        band_style(),
    )
}

/// `class="…" ` (with the trailing space), or nothing for an empty class.
fn class_attr(class: &str) -> String {
    if class.is_empty() {
        String::new()
    } else {
        format!("class=\"{class}\" ")
    }
}

/// How a series over the years is drawn: a line pattern and a marker shape that go together
/// (and with the legend's sample), so the series differ by more than their colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Line {
    /// The subject (staff share, projected share): solid [`STAFF`] line, circles.
    Solid,
    /// A level to compare with (benchmark, target): dashed [`BENCHMARK`] line, squares.
    Dashed,
    /// A saved scenario: dotted [`COMPARE`] line, triangles.
    Dotted,
}

impl Line {
    /// Stroke attributes of the line (also used by the legend's sample).
    pub(super) fn stroke(self) -> String {
        match self {
            Line::Solid => format!("stroke=\"{STAFF}\" stroke-width=\"2.5\""),
            Line::Dashed => {
                format!("stroke=\"{BENCHMARK}\" stroke-width=\"2\" stroke-dasharray=\"7 4\"")
            }
            Line::Dotted => format!(
                "stroke=\"{COMPARE}\" stroke-width=\"2.5\" stroke-dasharray=\"1 5\" stroke-linecap=\"round\""
            ),
        }
    }

    /// The line through path data `d`.
    pub(super) fn path(self, d: &str) -> String {
        format!("<path d=\"{d}\" fill=\"none\" {}/>\n", self.stroke())
    }

    /// The marker at (`x`, `y`).
    pub(super) fn marker(self, x: f64, y: f64) -> String {
        match self {
            Line::Solid => circle(x, y, 4.5),
            Line::Dashed => square(x, y, 4.0),
            Line::Dotted => triangle(x, y, 5.0),
        }
    }
}

fn circle(x: f64, y: f64, r: f64) -> String {
    format!(
        "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{STAFF}\" stroke=\"#FFFFFF\" stroke-width=\"1.5\"/>\n",
        num(x),
        num(y),
        num(r)
    )
}

fn square(x: f64, y: f64, half: f64) -> String {
    format!(
        "<rect x=\"{}\" y=\"{}\" width=\"{w}\" height=\"{w}\" fill=\"{BENCHMARK}\" stroke=\"#FFFFFF\" stroke-width=\"1.5\"/>\n",
        num(x - half),
        num(y - half),
        w = num(2.0 * half),
    )
}

/// An upward triangle around (`x`, `y`).
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

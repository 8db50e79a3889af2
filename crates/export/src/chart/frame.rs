//! The scaffold every chart is drawn in: the root `<svg>` with its accessible name and
//! description, a white background, the legend above the plot area, and the closing tag.
//! Decided here once, so every chart is announced the same way (see the module docs of
//! [`super`]) and the plot area sits in the same place below the legend.

use super::legend::{legend, Glyph};
use super::style::WIDTH;
use super::svg::{clean_id, esc, num};

/// The legend's top edge; the legend starts at the plot's left edge.
const LEGEND_TOP: f64 = 8.0;

/// What a chart tells its scaffold.
#[derive(Debug)]
pub(super) struct Layout<'a> {
    /// Id prefix, accessible name and description (see [`super::ShareChart`]).
    pub id: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
    /// The legend entries, left to right.
    pub legend: &'a [(Glyph, &'a str)],
    /// Where legend lines wrap.
    pub legend_right: f64,
    /// The plot area's left and right edge.
    pub left: f64,
    pub right: f64,
    /// Space between the legend and the plot area.
    pub gap: f64,
    /// Height of the plot area.
    pub height: f64,
    /// Space below the plot area (for the axis labels).
    pub foot: f64,
}

/// The plot area: where the marks go, between the legend and the axis labels.
#[derive(Debug, Clone, Copy)]
pub(super) struct Plot {
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub height: f64,
}

impl Plot {
    pub(super) fn bottom(&self) -> f64 {
        self.top + self.height
    }

    pub(super) fn width(&self) -> f64 {
        self.right - self.left
    }
}

/// A chart being drawn: the SVG so far and its plot area.
#[derive(Debug)]
pub(super) struct Frame {
    svg: String,
    pub plot: Plot,
}

impl Frame {
    /// The root element with its accessible name and description, the background and the
    /// legend; the plot area starts `gap` below the legend.
    pub(super) fn open(layout: &Layout) -> Self {
        let (legend, legend_h) =
            legend(layout.legend, layout.left, LEGEND_TOP, layout.legend_right);
        let plot = Plot {
            left: layout.left,
            right: layout.right,
            top: LEGEND_TOP + legend_h + layout.gap,
            height: layout.height,
        };
        let mut svg = root(layout, plot.bottom() + layout.foot);
        svg.push_str(&legend);
        Frame { svg, plot }
    }

    pub(super) fn push(&mut self, markup: &str) {
        self.svg.push_str(markup);
    }

    /// A `<g class="{class}">` around what `body` draws; `class` is literal markup.
    pub(super) fn group(&mut self, class: &str, body: impl FnOnce(&mut Self)) {
        self.push(&format!("<g class=\"{class}\">\n"));
        body(self);
        self.push("</g>\n");
    }

    /// The finished SVG.
    pub(super) fn close(mut self) -> String {
        self.svg.push_str("</svg>\n");
        self.svg
    }
}

/// The root element with its accessible name and description, and the white background
/// (so the chart prints and embeds the same on any page colour).
fn root(layout: &Layout, height: f64) -> String {
    let id = clean_id(layout.id);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" \
viewBox=\"0 0 {w} {h}\" font-family=\"system-ui, sans-serif\">\n\
<title id=\"{id}-title\">{title}</title>\n\
<desc id=\"{id}-desc\">{desc}</desc>\n\
<rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"#FFFFFF\"/>\n",
        w = num(WIDTH),
        h = num(height),
        title = esc(layout.title),
        desc = esc(layout.desc),
    )
}

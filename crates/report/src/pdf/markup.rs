//! Typst markup for a [`Report`].
//!
//! No user text is ever spliced into markup: every string of the model goes into the source
//! as a typst *string literal* ([`lit`]), so `# * _ $ [ ] < > @ \` and quotes in the text are
//! just characters. Only the fixed scaffolding below is markup.

use std::fmt::Write as _;

use abbild_export::output::Cell;

use super::world::figure_path;
use crate::{Block, Report, Table};

/// A typst string literal (`"…"`) holding `text` verbatim.
pub(crate) fn lit(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Fixed layout: page, fonts, headings, tables. Only constants, no report text.
const PREAMBLE: &str = r#"#set text(font: "Libertinus Serif", size: 10.5pt, hyphenate: false)
#set par(justify: false, leading: 0.65em, spacing: 1.1em)
#set heading(numbering: none)
#show heading.where(level: 1): it => { pagebreak(weak: true); set text(size: 17pt); block(below: 1em, sticky: true, it) }
#show heading.where(level: 2): set text(size: 13pt)
#show outline.entry.where(level: 1): set text(weight: "bold")
#show figure.where(kind: table): set block(breakable: true)
#show figure.where(kind: table): set figure.caption(position: top)
#show figure.caption: set text(size: 9.5pt)
#show figure: set block(above: 1.4em, below: 0.8em)
#show table.cell.where(y: 0): set text(weight: "bold", hyphenate: true)
#set table(inset: (x: 3pt, y: 3pt), stroke: none)
"#;

/// The whole document. `svgs` receives the figure SVGs in the order of their virtual paths.
pub(crate) fn markup(report: &Report, svgs: &mut Vec<String>) -> String {
    let lang = report.lang();
    let mut m = String::new();
    let _ = writeln!(
        m,
        "#set document(title: {}, author: {}, date: none)",
        lit(report.title()),
        lit(report.author())
    );
    let _ = writeln!(m, "#set text(lang: {})", lit(lang.code()));
    m.push_str(PREAMBLE);
    let tr = lang.tr();
    // The footer reads "Seite 3 von 102": the words need the spaces around the numbers.
    let page = format!("{} ", tr.get("report-footer-page"));
    let of = format!(" {} ", tr.get("report-footer-of"));
    let _ = writeln!(
        m,
        "#set page(paper: \"a4\", margin: (x: 2.3cm, top: 2.5cm, bottom: 2.8cm), \
         footer: context align(center, text(size: 9pt, {{ {}; counter(page).display(); {}; \
         str(counter(page).final().first()) }})))",
        lit(&page),
        lit(&of)
    );

    // Title page.
    m.push_str("#page(footer: none)[\n#v(28%)\n#title()\n#v(1em)\n");
    let _ = writeln!(m, "#text(size: 14pt, {})\n", lit(report.subtitle()));
    let _ = writeln!(m, "#v(2em)\n#text(size: 12pt, {})\n]", lit(report.author()));

    let _ = writeln!(
        m,
        "#outline(title: {}, depth: 2)",
        lit(&tr.get("report-contents"))
    );

    for chapter in report.chapters() {
        let _ = writeln!(m, "\n#heading(level: 1, {})\n", lit(&chapter.title));
        // The appendix holds every table once, with a label the figures link to.
        let anchor = chapter.id == crate::model::APPENDIX;
        // Consecutive wide tables share landscape pages, so that a run of them (the
        // appendix) does not start a fresh page for each.
        let mut landscape = false;
        for block in &chapter.blocks {
            let wide = is_wide(report, block);
            if wide != landscape {
                m.push_str(if wide {
                    "#page(flipped: true)[\n"
                } else {
                    "]\n"
                });
                landscape = wide;
            }
            block_markup(&mut m, report, block, svgs, anchor);
        }
        if landscape {
            m.push_str("]\n");
        }
    }

    if !report.sources().is_empty() {
        let _ = writeln!(
            m,
            "\n#heading(level: 1, {})\n",
            lit(&tr.get("report-sources"))
        );
        terms(&mut m, report.sources());
    }
    m
}

fn block_markup(
    m: &mut String,
    report: &Report,
    block: &Block,
    svgs: &mut Vec<String>,
    anchor: bool,
) {
    match block {
        Block::Heading(text) => {
            let _ = writeln!(m, "#heading(level: 2, {})\n", lit(text));
        }
        Block::Para(text) => {
            let _ = writeln!(m, "#par({})\n", lit(text));
        }
        Block::Bullets(items) => {
            m.push_str("#list(");
            for item in items {
                let _ = write!(m, "{}, ", lit(item));
            }
            m.push_str(")\n\n");
        }
        Block::Facts(pairs) => terms(m, pairs),
        Block::Figure(fig) => {
            let path = figure_path(svgs.len());
            svgs.push(fig.svg.clone());
            // The data table sits in the appendix (once, so the PDF stays short); the
            // caption links to it.
            let link = report.tables().get(fig.table).map_or(String::new(), |t| {
                format!(
                    " + \" \" + link(label({}), {})",
                    lit(&t.id),
                    lit(&report.lang().tr().arg("report-data-table", "id", &t.id))
                )
            });
            let _ = writeln!(
                m,
                "#figure(image({}, alt: {}, {}), numbering: none, caption: [#({}{link})])\n",
                lit(&path),
                lit(&fig.alt),
                image_size(&fig.svg),
                lit(&fig.caption)
            );
        }
        Block::Table(i) => {
            if let Some(t) = report.tables().get(*i) {
                table(m, report, t, anchor);
            }
        }
    }
}

/// Text width and the tallest figure that still leaves room for a heading and its caption on
/// an A4 page (cm).
const TEXT_WIDTH_CM: f64 = 16.4;
const MAX_FIGURE_CM: f64 = 19.0;

/// Full width, unless that makes a tall chart (a field × level chart with forty rows) higher
/// than a page: then capped height, so the chart stays on the page of its heading.
fn image_size(svg: &str) -> String {
    let ratio = view_box(svg).map_or(0.0, |(w, h)| if w > 0.0 { h / w } else { 0.0 });
    if ratio * TEXT_WIDTH_CM > MAX_FIGURE_CM {
        format!("height: {MAX_FIGURE_CM}cm")
    } else {
        "width: 100%".to_owned()
    }
}

/// Width and height of an SVG's `viewBox`.
fn view_box(svg: &str) -> Option<(f64, f64)> {
    let start = svg.find("viewBox=\"")? + 9;
    let rest = &svg[start..];
    let v: Vec<f64> = rest[..rest.find('"')?]
        .split([' ', ','])
        .filter(|t| !t.is_empty())
        .filter_map(|t| t.parse().ok())
        .collect();
    match v.as_slice() {
        [_, _, w, h] => Some((*w, *h)),
        _ => None,
    }
}

fn terms(m: &mut String, pairs: &[(String, String)]) {
    m.push_str("#terms(separator: h(0.6em), ");
    for (term, value) in pairs {
        let _ = write!(m, "terms.item({}, {}), ", lit(term), lit(value));
    }
    m.push_str(")\n\n");
}

fn is_text(c: &Cell) -> bool {
    matches!(c, Cell::Text(_))
}

/// A table in full: id and title as caption above, header row repeated on every page,
/// numbers right-aligned, the protection note below in small type.
fn table(m: &mut String, report: &Report, t: &Table, anchor: bool) {
    let ncols = columns(t);
    // A column is right-aligned unless most of its cells are text; cells that differ from
    // their column get their own alignment.
    let right: Vec<bool> = (0..ncols)
        .map(|c| {
            let (text, other) =
                t.rows
                    .iter()
                    .filter_map(|r| r.get(c))
                    .fold((0usize, 0usize), |(a, b), cell| {
                        if is_text(cell) {
                            (a + 1, b)
                        } else {
                            (a, b + 1)
                        }
                    });
            other > text
        })
        .collect();
    let align = |r: bool| if r { "right" } else { "left" };

    let caption = format!("{} {}", t.id, t.title);
    // A short table moves whole to the next page rather than leave its caption (or its
    // protection note) behind; a long one breaks and repeats its header.
    let breakable = t.rows.len() > UNBROKEN_ROWS;
    let _ = writeln!(m, "#block(breakable: {breakable}, width: 100%)[");
    let _ = writeln!(
        m,
        "#figure(kind: table, numbering: none, caption: {}, {{",
        lit(&caption)
    );
    // Wide tables get a smaller type; the widest are also set in landscape.
    let size = if ncols > 8 { "8pt" } else { "9pt" };
    let _ = writeln!(
        m,
        "set text(number-width: \"tabular\", size: {size})\ntable("
    );
    if ncols > 8 {
        // Wide tables share the width: the label column twice as wide as each figure column,
        // so long names wrap instead of running into the next column.
        let mut cols = vec!["2fr"];
        cols.extend(std::iter::repeat_n("1fr", ncols - 1));
        let _ = writeln!(m, "columns: ({}),", cols.join(", "));
    } else {
        let _ = writeln!(m, "columns: {ncols},");
    }
    let aligns: Vec<&str> = right.iter().map(|&r| align(r)).collect();
    let _ = writeln!(m, "align: ({},),", aligns.join(", "));
    m.push_str("table.header(repeat: true, table.hline(stroke: 0.8pt), ");
    for c in 0..ncols {
        let _ = write!(m, "{}, ", lit(t.cols.get(c).map_or("", String::as_str)));
    }
    m.push_str("table.hline(stroke: 0.5pt)),\n");
    for row in &t.rows {
        for (c, &col_right) in right.iter().enumerate() {
            match row.get(c) {
                None => m.push_str("[], "),
                Some(cell) => {
                    let want_right = !is_text(cell);
                    // A number never breaks between value and unit (`22,3 %`).
                    let shown = report.show(cell);
                    let shown = lit(&if want_right {
                        shown.replace(' ', "\u{a0}")
                    } else {
                        shown
                    });
                    if want_right == col_right {
                        let _ = write!(m, "{shown}, ");
                    } else {
                        let _ = write!(m, "table.cell(align: {}, {shown}), ", align(want_right));
                    }
                }
            }
        }
        m.push('\n');
    }
    m.push_str("table.hline(stroke: 0.8pt))\n})");
    if anchor {
        let _ = write!(m, " <{}>", t.id);
    }
    m.push('\n');
    if !t.note.is_empty() {
        let _ = writeln!(m, "#par(text(size: 8.5pt, {}))", lit(&t.note));
    }
    m.push_str("]\n\n");
}

/// Columns of a table as drawn.
fn columns(t: &Table) -> usize {
    t.cols
        .len()
        .max(t.rows.iter().map(Vec::len).max().unwrap_or(0))
        .max(1)
}

/// More than ten columns do not fit the portrait text width without breaking every header
/// over several lines: such a table is set on a landscape page.
fn is_wide(report: &Report, block: &Block) -> bool {
    match block {
        Block::Table(i) => report
            .tables()
            .get(*i)
            .is_some_and(|t| columns(t) > LANDSCAPE_COLUMNS),
        _ => false,
    }
}

/// Widest table set in portrait.
const LANDSCAPE_COLUMNS: usize = 10;

/// Longest table kept on one page with its caption and note.
const UNBROKEN_ROWS: usize = 30;

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn tall_charts_are_capped_to_a_page() {
        assert_eq!(image_size(r#"<svg viewBox="0 0 720 300">"#), "width: 100%");
        assert_eq!(
            image_size(r#"<svg viewBox="0 0 720 1600">"#),
            "height: 19cm"
        );
        assert_eq!(image_size("<svg>"), "width: 100%");
    }

    #[test]
    fn literals_escape_quotes_backslashes_and_controls() {
        assert_eq!(lit(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(lit("x\ny\u{7}"), r#""x\ny\u{7}""#);
        assert_eq!(lit("#*_$[]<>@"), "\"#*_$[]<>@\"");
    }

    #[test]
    fn no_user_text_outside_literals() {
        let r = Report::sample();
        let mut svgs = Vec::new();
        let m = markup(&r, &mut svgs);
        assert_eq!(svgs.len(), 1);
        // The tricky paragraph only appears as an escaped literal.
        assert!(
            m.contains(r#"#par("Text mit # und * und _ und $ und \"Zeichen\" [x] <y> @z \\.")"#)
        );
    }
}

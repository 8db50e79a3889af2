//! The report as one self-contained, accessible HTML file: no scripts, no external
//! resources, inline SVG charts with their data tables, a table of contents and print styles.

use crate::model::{Block, Report, Table};
use abbild_export::output::Cell;
use std::fmt::Write as _;

const STYLE: &str = r#"
:root { color-scheme: light; }
body { font-family: "Source Sans 3", "Segoe UI", Arial, sans-serif; line-height: 1.5; color: #1a1a1a; background: #fff; margin: 0; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; outline: 3px solid #0072B2; }
header, nav, main, footer { max-width: 62rem; margin: 0 auto; padding: 1rem 1.5rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin-bottom: .25rem; }
h2 { font-size: 1.5rem; border-bottom: 2px solid #0072B2; padding-bottom: .2rem; margin-top: 2.5rem; }
h3 { font-size: 1.2rem; margin-top: 1.8rem; }
a { color: #005a8c; }
a:focus { outline: 3px solid #0072B2; outline-offset: 2px; }
.subtitle { font-size: 1.1rem; margin: 0; }
.author { color: #4d4d4d; margin-top: .25rem; }
nav ol { padding-left: 1.5rem; }
figure { margin: 1.5rem 0; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: .95rem; color: #333; }
.table-wrap { overflow-x: auto; margin: 1rem 0; }
@media screen { .table-wrap { max-height: 80vh; overflow: auto; } .table-wrap thead th { position: sticky; top: 0; } }
table { border-collapse: collapse; font-size: .9rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border: 1px solid #8c8c8c; padding: .25rem .45rem; vertical-align: top; }
thead th { background: #e8eef4; text-align: left; }
td.num { text-align: right; white-space: nowrap; }
tbody th { text-align: left; font-weight: normal; }
.note { font-size: .85rem; color: #4d4d4d; margin-top: .25rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
@media print {
  .skip, nav { display: none; }
  h2 { break-before: page; }
  figure, tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"#;

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

fn is_number(c: &Cell) -> bool {
    !matches!(c, Cell::Text(_))
}

fn table(out: &mut String, r: &Report, t: &Table, anchor: bool) {
    let id = if anchor {
        t.id.clone()
    } else {
        format!("{}-text", t.id)
    };
    let _ = write!(
        out,
        "<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"{id}-cap\" tabindex=\"0\">\n<table id=\"{id}\">\n<caption id=\"{id}-cap\">{} {}</caption>\n<thead><tr>",
        esc(&t.id),
        esc(&t.title)
    );
    for c in &t.cols {
        let _ = write!(out, "<th scope=\"col\">{}</th>", esc(c));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        out.push_str("<tr>");
        for (i, c) in row.iter().enumerate() {
            let text = esc(&r.show(c));
            if i == 0 {
                let _ = write!(out, "<th scope=\"row\">{text}</th>");
            } else if is_number(c) {
                let _ = write!(out, "<td class=\"num\">{text}</td>");
            } else {
                let _ = write!(out, "<td>{text}</td>");
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
    if !t.note.is_empty() {
        let _ = writeln!(out, "<p class=\"note\">{}</p>", esc(&t.note));
    }
}

/// The report as one HTML document (UTF-8 bytes). Deterministic.
pub fn html(r: &Report) -> Vec<u8> {
    let lang = r.lang();
    let tr = lang.tr();
    let mut out = String::with_capacity(1 << 20);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"author\" content=\"{}\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<a class=\"skip\" href=\"#inhalt\">{}</a>\n<header>\n<h1>{}</h1>\n<p class=\"subtitle\">{}</p>\n<p class=\"author\">{}</p>\n</header>\n",
        lang.code(),
        esc(r.author()),
        esc(r.title()),
        esc(&tr.get("report-skip")),
        esc(r.title()),
        esc(r.subtitle()),
        esc(r.author()),
    );
    let _ = write!(
        out,
        "<nav aria-labelledby=\"toc-h\">\n<h2 id=\"toc-h\">{}</h2>\n<ol>\n",
        esc(&tr.get("report-contents"))
    );
    for c in r.chapters() {
        let _ = writeln!(
            out,
            "<li><a href=\"#{}\">{}</a></li>",
            esc(&c.id),
            esc(&c.title)
        );
    }
    out.push_str("</ol>\n</nav>\n<main id=\"inhalt\">\n");
    for c in r.chapters() {
        let appendix = c.id == crate::model::APPENDIX;
        let _ = write!(
            out,
            "<section aria-labelledby=\"{0}\">\n<h2 id=\"{0}\">{1}</h2>\n",
            esc(&c.id),
            esc(&c.title)
        );
        for b in &c.blocks {
            match b {
                Block::Heading(h) => {
                    let _ = writeln!(out, "<h3>{}</h3>", esc(h));
                }
                Block::Para(p) => {
                    let _ = writeln!(out, "<p>{}</p>", esc(p));
                }
                Block::Bullets(items) => {
                    out.push_str("<ul>\n");
                    for i in items {
                        let _ = writeln!(out, "<li>{}</li>", esc(i));
                    }
                    out.push_str("</ul>\n");
                }
                Block::Facts(pairs) => {
                    out.push_str("<dl class=\"facts\">\n");
                    for (k, v) in pairs {
                        let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", esc(k), esc(v));
                    }
                    out.push_str("</dl>\n");
                }
                Block::Figure(f) => {
                    let t = &r.tables()[f.table];
                    let _ = write!(
                        out,
                        "<figure>\n{}\n<figcaption>{} <a href=\"#{}\">{}</a></figcaption>\n</figure>\n",
                        f.svg,
                        esc(&f.caption),
                        esc(&t.id),
                        esc(&tr.arg("report-data-table", "id", &t.id))
                    );
                }
                Block::Table(i) => table(&mut out, r, &r.tables()[*i], appendix),
            }
        }
        out.push_str("</section>\n");
    }
    out.push_str("</main>\n<footer>\n");
    let _ = write!(
        out,
        "<h2 id=\"quellen\">{}</h2>\n<dl class=\"facts\">\n",
        esc(&tr.get("report-sources"))
    );
    for (k, v) in r.sources() {
        let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", esc(k), esc(v));
    }
    out.push_str("</dl>\n</footer>\n</body>\n</html>\n");
    out.into_bytes()
}

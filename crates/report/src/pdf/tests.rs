#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use abbild_export::chart::{share_bars, ChartLabels, ShareChart, ShareRow};
use abbild_export::output::Cell;

use super::{pdf, render};
use crate::{Block, Lang, Report};

/// Writes the PDF to a fresh temporary file (removed on drop).
pub(crate) struct TempPdf(PathBuf);

impl TempPdf {
    pub(crate) fn new(bytes: &[u8]) -> Self {
        static N: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "abbild-report-pdf-{}-{}.pdf",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::write(&path, bytes).expect("write temporary PDF");
        TempPdf(path)
    }
}

impl Drop for TempPdf {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Runs a poppler tool; panics (never skips) if it is missing or fails.
pub(crate) fn poppler(tool: &str, args: &[&str], file: &TempPdf) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(&file.0)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| {
            panic!("{tool} could not be run ({e}); install poppler-utils, these tests need it")
        });
    assert!(
        out.status.success(),
        "{tool} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("poppler output is UTF-8")
}

pub(crate) fn words(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every row's cells appear in the text, in order (whitespace normalised).
fn assert_rows_in_text(report: &Report, text: &str, how: &str) {
    let text = words(text);
    for t in report.tables() {
        for row in &t.rows {
            let cells: Vec<String> = row.iter().map(|c| words(&report.show(c))).collect();
            let line = cells.join(" ");
            assert!(
                text.contains(&line),
                "{how}: row {line:?} of {} not found in\n{text}",
                t.id
            );
        }
        assert!(text.contains(&words(&t.title)), "{how}: title of {}", t.id);
    }
}

fn check(report: &Report) -> Vec<u8> {
    let start = Instant::now();
    let (bytes, warnings) = render(report).unwrap_or_else(|e| panic!("{e}"));
    eprintln!(
        "{} PDF: {} bytes in {:?}",
        report.lang().code(),
        bytes.len(),
        start.elapsed()
    );
    assert!(warnings.is_empty(), "typst warnings: {warnings:#?}");
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");

    let file = TempPdf::new(&bytes);
    let info = poppler("pdfinfo", &[], &file);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Tagged:") && l.ends_with("yes")),
        "not tagged:\n{info}"
    );
    assert!(
        info.lines()
            .any(|l| l.starts_with("Title:") && l.contains(report.title())),
        "title missing:\n{info}"
    );
    assert!(
        info.lines()
            .any(|l| l.starts_with("Author:") && l.contains(report.author())),
        "author missing:\n{info}"
    );
    assert!(
        info.lines()
            .any(|l| l.starts_with("Page size:") && l.contains("(A4)")),
        "not A4:\n{info}"
    );

    let layout = poppler("pdftotext", &["-layout"], &file);
    let raw = poppler("pdftotext", &["-raw"], &file);
    assert_rows_in_text(report, &layout, "pdftotext -layout");
    assert_rows_in_text(report, &raw, "pdftotext -raw");
    let raw_words = words(&raw);
    for t in report.tables() {
        assert!(
            raw_words.contains(&words(&t.cols.join(" "))),
            "header of {}",
            t.id
        );
        assert!(raw_words.contains(&words(&t.note)), "note of {}", t.id);
    }
    let (page, of, contents) = match report.lang() {
        Lang::De => ("Seite", "von", "Inhalt"),
        Lang::En => ("Page", "of", "Contents"),
    };
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count");
    assert!(
        raw_words.contains(&format!("{page} 2 {of} {pages}")),
        "footer of page 2 missing"
    );
    assert!(raw_words.contains(contents), "table of contents missing");
    for ch in report.chapters() {
        assert!(
            raw_words.contains(&words(&ch.title)),
            "chapter {}",
            ch.title
        );
    }
    bytes
}

/// With `ABBILD_PDF_OUT=dir`, keeps the PDF for a look (`dir/{name}.pdf`).
fn keep(bytes: &[u8], name: &str) {
    if let Some(dir) = std::env::var_os("ABBILD_PDF_OUT") {
        std::fs::write(PathBuf::from(dir).join(format!("{name}.pdf")), bytes).expect("keep PDF");
    }
}

#[test]
fn german_sample_is_tagged_pdf_ua_with_every_cell() {
    let report = Report::sample();
    let bytes = check(&report);
    keep(&bytes, "sample-de");
    let file = TempPdf::new(&bytes);
    let raw = words(&poppler("pdftotext", &["-raw"], &file));
    // Markup characters in the text come out as plain characters.
    assert!(
        raw.contains(r#"Text mit # und * und _ und $ und "Zeichen" [x] <y> @z \."#),
        "{raw}"
    );
    // The SVG's own text is drawn (as text, with the document font).
    assert!(raw.contains("22,3 %"), "{raw}");
    assert!(raw.contains("Seite 2 von"), "{raw}");
    // PDF/UA-1 identification in the XMP metadata.
    let haystack = String::from_utf8_lossy(&bytes);
    assert!(haystack.contains("pdfuaid"), "no PDF/UA identification");
}

fn english() -> Report {
    let mut r = Report::sample();
    r.lang = Lang::En;
    r.title = "Regional report 2024".into();
    r.subtitle = "Reporting year 2024 · 2 cities".into();
    r.tables[0].title = "Share by city".into();
    r.tables[0].cols = vec!["City".into(), "Staff".into(), "Share".into()];
    r.tables[0].note = "Disclosure control: threshold k = 5; 1 cell suppressed.".into();
    r.chapters[0].title = "Summary".into();
    r
}

#[test]
fn english_sample_uses_english_numbers_and_footer() {
    let report = english();
    let bytes = check(&report);
    let file = TempPdf::new(&bytes);
    let raw = words(&poppler("pdftotext", &["-raw"], &file));
    assert!(raw.contains("Herne 4,210 22.3 %"), "{raw}");
    assert!(raw.contains("Page 2 of"), "{raw}");
}

#[test]
fn same_report_gives_same_pdf() {
    let report = Report::sample();
    let a = pdf(&report).unwrap();
    let b = pdf(&report).unwrap();
    let (fa, fb) = (TempPdf::new(&a), TempPdf::new(&b));
    for how in ["-layout", "-raw"] {
        assert_eq!(
            poppler("pdftotext", &[how], &fa),
            poppler("pdftotext", &[how], &fb)
        );
    }
    assert_eq!(poppler("pdfinfo", &[], &fa), poppler("pdfinfo", &[], &fb));
    assert!(a == b, "PDF bytes differ between two compilations");
}

#[test]
fn typst_errors_become_report_errors() {
    let mut report = Report::sample();
    if let Some(Block::Figure(f)) = report.chapters[0]
        .blocks
        .iter_mut()
        .find(|b| matches!(b, Block::Figure(_)))
    {
        f.svg = "<svg not really".into();
    }
    let err = pdf(&report).expect_err("broken SVG must fail");
    let msg = err.to_string();
    assert!(msg.starts_with("PDF: "), "{msg}");
    assert!(msg.contains("SVG"), "{msg}");
}

#[test]
fn real_chart_svg_text_is_drawn() {
    let mut report = Report::sample();
    let chart = ShareChart {
        axis_max: None,
        id: "c1".into(),
        title: "Anteil".into(),
        desc: "Balken".into(),
        rows: vec![ShareRow {
            label: "Kita / Erziehung".into(),
            share: Some(0.223),
            lo: Some(0.2),
            hi: Some(0.25),
            benchmark: Some(0.3),
        }],
        labels: ChartLabels::german(),
    };
    if let Some(Block::Figure(f)) = report.chapters[0]
        .blocks
        .iter_mut()
        .find(|b| matches!(b, Block::Figure(_)))
    {
        f.svg = share_bars(&chart);
    }
    let (bytes, warnings) = render(&report).unwrap_or_else(|e| panic!("{e}"));
    assert!(warnings.is_empty(), "{warnings:?}");
    let raw = words(&poppler("pdftotext", &["-raw"], &TempPdf::new(&bytes)));
    for label in [
        "Kita / Erziehung",
        "Beschäftigte",
        "Bevölkerung (Vergleich)",
    ] {
        assert!(raw.contains(label), "chart text {label:?} missing in {raw}");
    }
}

#[test]
fn long_table_breaks_across_pages_with_repeated_header() {
    let mut report = Report::sample();
    let t = &mut report.tables[0];
    t.rows = (0..120u64)
        .map(|k| {
            vec![
                Cell::Text(format!("Stadt {k}")),
                Cell::Int(Some(k * 1000 + 7)),
                Cell::Pct(Some(k as f64 / 200.0)),
            ]
        })
        .collect();
    // Once after the figure, once as a table block: every row must be there twice.
    let bytes = check(&report);
    let raw = poppler("pdftotext", &["-raw"], &TempPdf::new(&bytes));
    let headers = raw.matches("Stadt Beschäftigte Anteil").count();
    assert!(headers >= 4, "header repeated only {headers} times:\n{raw}");
    assert_eq!(raw.matches("Stadt 119 ").count(), 2, "{raw}");
}

#[test]
fn figure_without_alt_text_is_refused_by_pdf_ua() {
    let mut report = Report::sample();
    for block in &mut report.chapters[0].blocks {
        if let Block::Figure(f) = block {
            f.alt.clear();
        }
    }
    let msg = pdf(&report)
        .expect_err("PDF/UA-1 accepted a figure without alt text")
        .to_string();
    assert!(
        msg.contains("PDF/UA-1") && msg.contains("alt text"),
        "{msg}"
    );
}

/// Text of one page.
pub(crate) fn page_text(file: &TempPdf, page: usize) -> String {
    let p = page.to_string();
    words(&poppler("pdftotext", &["-raw", "-f", &p, "-l", &p], file))
}

pub(crate) fn page_count(file: &TempPdf) -> usize {
    poppler("pdfinfo", &[], file)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count")
}

/// A field × level chart with forty rows is taller than a page at full width. Before, typst
/// moved it to the next page and left its heading alone on a page (ten such pages in the W1
/// report); now its height is capped and it stays with its heading.
#[test]
fn a_tall_chart_stays_on_the_page_of_its_heading() {
    let mut report = Report::sample();
    let chart = ShareChart {
        axis_max: None,
        id: "tall".into(),
        title: "Felder".into(),
        desc: "Balken".into(),
        rows: (0..40)
            .map(|i| ShareRow {
                label: format!("Segment {i}"),
                share: Some(0.2),
                lo: Some(0.15),
                hi: Some(0.25),
                benchmark: Some(0.3),
            })
            .collect(),
        labels: ChartLabels::german(),
    };
    let blocks = &mut report.chapters[0].blocks;
    let at = blocks
        .iter()
        .position(|b| matches!(b, Block::Figure(_)))
        .unwrap();
    blocks.insert(at, Block::Para("Ein Absatz vor der Abbildung.".into()));
    if let Block::Figure(f) = &mut blocks[at + 1] {
        f.svg = share_bars(&chart);
    }
    let (bytes, _) = render(&report).unwrap_or_else(|e| panic!("{e}"));
    keep(&bytes, "tall-chart");
    let file = TempPdf::new(&bytes);
    let n = page_count(&file);
    // The outline lists the heading too: the body's is on the last page that names it.
    let heading_page = (1..=n)
        .rev()
        .find(|&p| page_text(&file, p).contains("Städte"))
        .unwrap();
    let text = page_text(&file, heading_page);
    assert!(
        text.contains("Segment 0"),
        "heading without its chart:\n{text}"
    );
    assert!(text.contains("Segment 39"), "chart cut:\n{text}");
}

/// Fourteen columns in portrait broke every header over several lines; such a table now
/// gets a landscape page, and a short table keeps its caption and note on one page.
#[test]
fn a_wide_table_is_set_in_landscape() {
    let mut report = Report::sample();
    let t = &mut report.tables[0];
    t.cols = (0..14).map(|i| format!("Spalte {i}")).collect();
    t.rows = vec![(0..14)
        .map(|i| Cell::Int(Some(1000 + i)))
        .collect::<Vec<_>>()];
    let (bytes, _) = render(&report).unwrap_or_else(|e| panic!("{e}"));
    keep(&bytes, "wide-table");
    let file = TempPdf::new(&bytes);
    let n = page_count(&file);
    let info = poppler("pdfinfo", &["-f", "1", "-l", &n.to_string()], &file);
    let landscape: Vec<usize> = info
        .lines()
        .filter_map(|l| {
            let rest = l.strip_prefix("Page")?.trim_start();
            let (num, size) = rest.split_once(" size:")?;
            let dims: Vec<f64> = size
                .split_whitespace()
                .filter_map(|t| t.parse().ok())
                .collect();
            (dims.len() >= 2 && dims[0] > dims[1]).then(|| num.trim().parse().ok())?
        })
        .collect();
    assert!(!landscape.is_empty(), "no landscape page:\n{info}");
    let text: String = landscape.iter().map(|&p| page_text(&file, p)).collect();
    assert!(text.contains("T01 Anteil nach Stadt"), "{text}");
    assert!(text.contains("Spalte 13"), "{text}");
    assert!(
        text.contains("Geheimhaltung"),
        "note apart from its table:\n{text}"
    );
}

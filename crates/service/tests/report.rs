//! The regional report from a real database (Herne's test files in SQLite): the three formats
//! agree cell by cell, nothing suppressed leaks (tables, charts, alt texts, hidden sheets),
//! the workbook opens in openpyxl, the PDF is tagged, and the same database gives the same
//! bytes. The files and PNGs of the PDF pages go to `target/test-output/report/`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use abbild_core::access::RegionRead;
use abbild_core::{Ags, Dim, DimSet, FieldCatalog, Wave, Year};
use abbild_export::output::Cell;
use abbild_import::Kind;
use abbild_service::analyze::{representation_from_db, Request};
use abbild_service::import::import_file;
use abbild_service::report::{self, Lang, Report, ReportFormat, ReportRequest, Scope};
use abbild_store::AnyStore;
use calamine::{Data, Reader, Xlsx};
use std::path::{Path, PathBuf};
use std::process::Command;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../cli/tests/data")
        .join(name)
}

fn out_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"),
        PathBuf::from,
    );
    let d = target.join("test-output/report");
    std::fs::create_dir_all(&d).unwrap();
    d
}

async fn herne() -> AnyStore {
    let cat = FieldCatalog::default();
    let s = AnyStore::open("sqlite::memory:", cat.clone())
        .await
        .unwrap();
    for (kind, file) in [
        (Kind::Staff, "herne_staff.csv"),
        (Kind::Responses, "herne_responses.csv"),
        (Kind::Population, "herne_population.csv"),
        (Kind::Pipeline, "herne_pipeline.csv"),
        (Kind::Exits, "herne_exits.csv"),
    ] {
        import_file(&s, kind, &data(file), &cat).await.unwrap();
    }
    s
}

/// Herne with a second, earlier survey wave (the same answers as wave 2023), so the report
/// has a trend over two waves.
async fn herne_two_waves() -> (AnyStore, tempfile::TempDir) {
    let s = herne().await;
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(data("herne_responses.csv")).unwrap();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    assert!(text.contains(";2024;"));
    let earlier = dir.path().join("herne_responses_2023.csv");
    // Same bytes except the wave column (the file is Latin-1; only ASCII is replaced).
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(b";2024;") {
            out.extend_from_slice(b";2023;");
            i += 6;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    std::fs::write(&earlier, out).unwrap();
    import_file(&s, Kind::Responses, &earlier, &FieldCatalog::default())
        .await
        .unwrap();
    (s, dir)
}

const YEAR: u16 = 2024;

async fn build(store: &AnyStore, lang: Lang) -> Report {
    let req = ReportRequest {
        year: Year::new(YEAR).unwrap(),
        lang,
    };
    report::regional(
        store,
        &RegionRead::local_operator(),
        &req,
        &[],
        &FieldCatalog::default(),
    )
    .await
    .unwrap()
}

/// Runs a poppler tool; a missing tool fails the test (CI installs poppler-utils).
fn poppler(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} fehlt (apt-get install poppler-utils): {e}"));
    assert!(
        out.status.success(),
        "{tool} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // `pdfinfo -struct` prints headings in the PDF's own encoding: lossy is enough here.
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn words(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The body rows of `<table id="{id}">` as cell texts.
fn html_rows(html: &str, id: &str) -> Vec<Vec<String>> {
    let start = html
        .find(&format!("<table id=\"{id}\">"))
        .unwrap_or_else(|| panic!("HTML: Tabelle {id} fehlt"));
    let body = &html[start..];
    let body = &body[body.find("<tbody>").unwrap()..body.find("</tbody>").unwrap()];
    body.split("<tr>")
        .skip(1)
        .map(|tr| {
            let mut cells = Vec::new();
            let mut rest = tr;
            while let Some(open) = rest.find("<t") {
                let after = &rest[open..];
                let Some(gt) = after.find('>') else { break };
                let Some(close) = after.find("</t") else {
                    break;
                };
                cells.push(unescape(&after[gt + 1..close]));
                rest = &after[close + 3..];
            }
            cells
        })
        .collect()
}

fn xlsx_cell(d: &Data) -> Option<String> {
    match d {
        Data::Empty => None,
        Data::String(s) => Some(s.clone()),
        Data::Float(f) => Some(format!("{f:?}")),
        Data::Int(i) => Some(i.to_string()),
        other => Some(format!("{other:?}")),
    }
}

/// What the workbook must hold for a model cell: the number itself, or the text.
fn expected_xlsx(r: &Report, c: &Cell) -> String {
    match c {
        Cell::Int(Some(v)) => format!("{:?}", *v as f64),
        Cell::Signed(Some(v)) => format!("{:?}", *v as f64),
        Cell::Pct(Some(v)) | Cell::Num(Some(v)) | Cell::P(Some(v)) => format!("{v:?}"),
        other => r.show(other),
    }
}

#[tokio::test]
async fn html_pdf_and_xlsx_agree_cell_by_cell_and_leak_nothing() {
    let (store, _dir) = herne_two_waves().await;
    let r = build(&store, Lang::De).await;
    // The trend over the two waves is one of the tables, and the summary shows the change.
    assert!(
        r.tables()
            .iter()
            .any(|t| t.title.contains("Entwicklung über die Wellen") && t.rows.len() == 2),
        "no trend table"
    );
    assert!(r.tables().len() >= 8, "{} tables", r.tables().len());
    let files = report::render(&r, &ReportFormat::ALL, "herne").unwrap();
    let dir = out_dir();
    for f in &files {
        std::fs::write(dir.join(&f.name), &f.bytes).unwrap();
    }
    let html = String::from_utf8(files[0].bytes.clone()).unwrap();
    let pdf_path = dir.join("herne.pdf");
    let xlsx_path = dir.join("herne.xlsx");

    // PDF: tagged, and its text in reading order.
    let info = poppler("pdfinfo", &[pdf_path.to_str().unwrap()]);
    assert!(info.contains("Tagged:          yes"), "{info}");
    assert!(
        info.contains("Title:           Vielfalt in den Stadtverwaltungen"),
        "{info}"
    );
    // veraPDF-style checks with poppler: PDF/UA-1 identification and language in the XMP
    // metadata, every font embedded, and a structure tree with tables, header cells and one
    // figure per chart.
    let meta = poppler("pdfinfo", &["-meta", pdf_path.to_str().unwrap()]);
    assert!(meta.contains("<pdfuaid:part>1</pdfuaid:part>"), "{meta}");
    assert!(meta.contains("<rdf:li>de</rdf:li>"), "{meta}");
    let fonts = poppler("pdffonts", &[pdf_path.to_str().unwrap()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in &rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let emb = cols[cols.len() - 5];
        assert_eq!(emb, "yes", "font not embedded: {row}");
    }
    let structure = poppler("pdfinfo", &["-struct", pdf_path.to_str().unwrap()]);
    let count = |tag: &str| {
        structure
            .lines()
            .filter(|l| l.trim_start().starts_with(tag))
            .count()
    };
    let figures = r
        .chapters()
        .iter()
        .flat_map(|c| &c.blocks)
        .filter(|b| matches!(b, abbild_service::report::Block::Figure(_)))
        .count();
    assert_eq!(count("Figure"), figures, "one Figure element per chart");
    assert!(
        count("Table") >= r.tables().len(),
        "{} tables tagged",
        count("Table")
    );
    assert!(count("TH") > 0 && count("TD") > 0 && count("Caption") > 0);
    let raw = words(&poppler(
        "pdftotext",
        &["-raw", pdf_path.to_str().unwrap(), "-"],
    ));
    // Every page as PNG, kept as CI artefacts.
    poppler(
        "pdftoppm",
        &[
            "-r",
            "60",
            "-png",
            pdf_path.to_str().unwrap(),
            dir.join("herne-page").to_str().unwrap(),
        ],
    );
    assert!(std::fs::read_dir(&dir).unwrap().any(|e| e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .starts_with("herne-page")));

    // XLSX through calamine: a sources sheet, then one sheet per table.
    let mut wb: Xlsx<_> = calamine::open_workbook(&xlsx_path).unwrap();
    let names = wb.sheet_names();
    assert_eq!(names.len(), r.tables().len() + 1, "{names:?}");

    let mut checked = 0usize;
    for t in r.tables() {
        // HTML, from the appendix (the anchored copy).
        let rows = html_rows(&html, &t.id);
        assert_eq!(rows.len(), t.rows.len(), "{}: rows in HTML", t.id);
        let range = wb.worksheet_range(&t.sheet_name()).unwrap();
        let grid: Vec<Vec<Option<String>>> = range
            .rows()
            .map(|row| row.iter().map(xlsx_cell).collect())
            .collect();
        let header: Vec<String> = grid[0]
            .iter()
            .map(|c| c.clone().unwrap_or_default())
            .collect();
        assert_eq!(header, t.cols, "{}: XLSX header", t.id);
        for (i, row) in t.rows.iter().enumerate() {
            let shown: Vec<String> = row.iter().map(|c| r.show(c)).collect();
            assert_eq!(rows[i], shown, "{} row {i}: HTML", t.id);
            let in_xlsx: Vec<String> = grid[i + 1]
                .iter()
                .take(row.len())
                .map(|c| c.clone().unwrap_or_default())
                .collect();
            let want: Vec<String> = row.iter().map(|c| expected_xlsx(&r, c)).collect();
            assert_eq!(in_xlsx, want, "{} row {i}: XLSX", t.id);
            let line = words(&shown.join(" "));
            assert!(raw.contains(&line), "{} row {i}: PDF lacks «{line}»", t.id);
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} rows checked");

    // Suppressed shares: the unprotected value appears in no chart, alt text or sheet.
    let herne = Ags::parse("05916000").unwrap();
    let mut leaks_checked = 0;
    for by in [
        DimSet::EMPTY.with(Dim::Field).with(Dim::Level),
        DimSet::EMPTY.with(Dim::Age),
        DimSet::EMPTY.with(Dim::Status),
        DimSet::EMPTY.with(Dim::Leadership),
    ] {
        // Herne's test files carry field, level and age only; other views are absent.
        let Ok(raw_report) = representation_from_db(
            &store,
            &Request {
                by,
                definition: None,
                interval: abbild_core::stats::IntervalMethod::WilsonFpc,
                confidence: abbild_core::stats::Confidence::DEFAULT,
                year: Some(Year::new(YEAR).unwrap()),
                wave: Some(Wave::new(YEAR).unwrap()),
                city_waves: Default::default(),
                cities: vec![herne],
            },
            &FieldCatalog::default(),
        )
        .await
        else {
            continue;
        };
        for seg in &raw_report.cities[0].segments {
            let Some(p) = seg.metrics.share else { continue };
            let label = abbild_export::labels::segment_label(
                &seg.key,
                &FieldCatalog::default(),
                &abbild_i18n::Tr::new(abbild_i18n::I18n::global(), abbild_i18n::Lang::De),
            );
            // The released row of this segment, in whichever table shows this view.
            for (ti, t) in r.tables().iter().enumerate() {
                let Some(row) = t
                    .rows
                    .iter()
                    .find(|row| row[0] == Cell::Text(label.clone()))
                else {
                    continue;
                };
                if t.cols.get(4).map(String::as_str) != Some("Anteil") || row[4] != Cell::Pct(None)
                {
                    continue;
                }
                let pct = abbild_export::chart::de_percent(p);
                let cell = r.show(&Cell::Pct(Some(p)));
                // A published cell of the same table may carry the same figure by chance.
                let published: Vec<String> = t
                    .rows
                    .iter()
                    .flat_map(|row| row.iter().map(|c| r.show(c)))
                    .collect();
                for ch in r.chapters() {
                    for b in &ch.blocks {
                        if let abbild_service::report::Block::Figure(f) = b {
                            if f.table == ti {
                                // Axis ticks (0 %, 10 %, …) are in every chart: look at
                                // everything but the gridlines.
                                if !published.contains(&cell) {
                                    let marks = without_grid(&f.svg);
                                    // Value labels always carry one decimal ("10,0 %").
                                    let one = if pct.contains(',') {
                                        pct.clone()
                                    } else {
                                        pct.replace(" %", ",0 %")
                                    };
                                    assert!(
                                        !marks.contains(&pct) && !marks.contains(&one),
                                        "{}: chart shows {pct}",
                                        t.id
                                    );
                                }
                                if !published.contains(&cell) {
                                    assert!(
                                        !f.alt.contains(&cell),
                                        "{}: alt text shows {cell}",
                                        t.id
                                    );
                                }
                                leaks_checked += 1;
                            }
                        }
                    }
                }
                let range = wb.worksheet_range(&t.sheet_name()).unwrap();
                assert!(
                    !range
                        .rows()
                        .flatten()
                        .any(|d| matches!(d, Data::Float(f) if *f == p)),
                    "{}: XLSX holds the suppressed share {p}",
                    t.id
                );
            }
        }
    }
    assert!(
        leaks_checked > 0,
        "Herne's test data must have a suppressed share"
    );

    // No hidden sheets, no defined names, and the same cells for a second reader (openpyxl).
    let out = Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tools/report/read_xlsx.py"))
        .arg(&xlsx_path)
        .output()
        .expect("python3 fehlt");
    assert!(
        out.status.success(),
        "openpyxl (pip install openpyxl): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let sheets = v["sheets"].as_array().unwrap();
    assert_eq!(sheets.len(), r.tables().len() + 1);
    assert_eq!(v["defined_names"], 0);
    for (s, t) in sheets.iter().skip(1).zip(r.tables()) {
        assert_eq!(s["state"], "visible", "{}", t.id);
        assert_eq!(s["name"], t.sheet_name());
        let rows = s["rows"].as_array().unwrap();
        for (i, row) in t.rows.iter().enumerate() {
            for (j, c) in row.iter().enumerate() {
                let got = &rows[i + 1][j];
                match c {
                    Cell::Int(Some(x)) => {
                        assert_eq!(got.as_f64(), Some(*x as f64), "{} {i} {j}", t.id)
                    }
                    Cell::Signed(Some(x)) => {
                        assert_eq!(got.as_f64(), Some(*x as f64), "{} {i} {j}", t.id)
                    }
                    Cell::Pct(Some(x)) | Cell::Num(Some(x)) | Cell::P(Some(x)) => {
                        // openpyxl parses the XML text itself: equal to the last bit or one off.
                        let g = got.as_f64().unwrap_or(f64::NAN);
                        assert!(
                            (g - x).abs() <= 4.0 * f64::EPSILON * x.abs(),
                            "{} {i} {j}: {g} vs {x}",
                            t.id
                        );
                    }
                    other => assert_eq!(
                        got.as_str(),
                        Some(r.show(other).as_str()),
                        "{} {i} {j}",
                        t.id
                    ),
                }
            }
        }
    }
    assert!(sheets.iter().all(|s| s["state"] == "visible"));
}

#[tokio::test]
async fn the_same_database_gives_the_same_bytes() {
    let store = herne().await;
    let a = report::render(&build(&store, Lang::De).await, &ReportFormat::ALL, "a").unwrap();
    let b = report::render(&build(&store, Lang::De).await, &ReportFormat::ALL, "b").unwrap();
    for (x, y) in a.iter().zip(&b) {
        assert!(
            x.bytes == y.bytes,
            "{:?} differs between two runs",
            x.format
        );
    }
}

#[tokio::test]
async fn english_edition_and_city_scope() {
    let store = herne().await;
    let r = build(&store, Lang::En).await;
    let html = String::from_utf8(
        report::render(&r, &[ReportFormat::Html], "en").unwrap()[0]
            .bytes
            .clone(),
    )
    .unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.contains("Appendix: all tables") && html.contains("Methods"));
    assert!(!html.contains("Zusammenfassung"));
    let herne = Ags::parse("05916000").unwrap();
    assert_eq!(
        report::stem(Scope::City(herne), Year::new(YEAR).unwrap(), Lang::En),
        "abbild_bericht_05916000_2024_en"
    );
    // A year without staff data is an empty report with the reason, not an error.
    let req = ReportRequest {
        year: Year::new(2019).unwrap(),
        lang: Lang::De,
    };
    let early = report::regional(
        &store,
        &RegionRead::local_operator(),
        &req,
        &[],
        &FieldCatalog::default(),
    )
    .await
    .unwrap();
    let html = String::from_utf8(
        report::render(&early, &[ReportFormat::Html], "x").unwrap()[0]
            .bytes
            .clone(),
    )
    .unwrap();
    assert!(html.contains("keine Befragung bis 2019"), "{html}");
}

/// A chart's SVG without its gridline groups (axis ticks name round percentages).
fn without_grid(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(i) = rest.find("<g class=\"grid\">") {
        out.push_str(&rest[..i]);
        rest = rest[i..].find("</g>").map_or("", |j| &rest[i + j + 4..]);
    }
    out.push_str(rest);
    out
}

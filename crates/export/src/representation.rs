//! The representation report (SPEC §4) in every format: its columns are declared once here
//! and written by the one output model's writers.

use crate::output::{self, col, Cell, Col, Sheet};
use crate::{CsvStyle, ExportError, Released};
use abbild_core::representation::{CityRepresentation, Metrics, RepresentationReport};
use abbild_core::Dim;
use abbild_i18n::{fmt, Tr};
use std::io::Write;

/// City names of the cooperation, for headings only (AGS stays the key).
pub fn city_name(ags: &str) -> Option<&'static str> {
    Some(match ags {
        "05112000" => "Duisburg",
        "05113000" => "Essen",
        "05117000" => "Mülheim an der Ruhr",
        "05119000" => "Oberhausen",
        "05512000" => "Bottrop",
        "05513000" => "Gelsenkirchen",
        "05911000" => "Bochum",
        "05913000" => "Dortmund",
        "05914000" => "Hagen",
        "05915000" => "Hamm",
        "05916000" => "Herne",
        _ => return None,
    })
}

/// A dimension as a column: its code and the catalogue key of its name.
fn dim_col(d: Dim) -> Col {
    const KEYS: [(&str, &str); 6] = [
        ("field", "out-dim-field"),
        ("level", "out-dim-level"),
        ("status", "out-dim-status"),
        ("leadership", "out-dim-leadership"),
        ("age", "out-dim-age"),
        ("sex", "out-dim-sex"),
    ];
    let (code, key) = KEYS
        .into_iter()
        .find(|(c, _)| *c == d.code())
        .unwrap_or(("field", "out-dim-field"));
    col(code, key)
}

/// How a metric's cell is read off the metrics.
type Extract = fn(&Metrics, &Tr) -> Cell;

/// One metric of SPEC §4, declared once: its code, the header people read on pages and in
/// the terminal (`None`: not shown there), the header of CSV and XLSX (`None`: files only
/// have its parts) and the cell.
struct MetricCol {
    code: &'static str,
    people: Option<&'static str>,
    file: Option<&'static str>,
    cell: Extract,
}

/// Every metric in the order of both tables: people see the interval in one column, files
/// carry its ends and the count with a migration history.
const METRICS: [MetricCol; 13] = [
    MetricCol {
        code: "headcount",
        people: Some("col-headcount"),
        file: Some("out-headcount"),
        cell: |m, _| Cell::Int(Some(m.headcount)),
    },
    MetricCol {
        code: "respondents",
        people: Some("col-respondents"),
        file: Some("out-respondents"),
        cell: |m, _| Cell::Int(m.respondents),
    },
    MetricCol {
        code: "with_migration",
        people: None,
        file: Some("out-with-migration"),
        cell: |m, _| Cell::Int(m.with_migration),
    },
    MetricCol {
        code: "response_rate",
        people: Some("col-response"),
        file: Some("out-response-rate"),
        cell: |m, _| Cell::Pct(m.response_rate),
    },
    MetricCol {
        code: "share",
        people: Some("col-share"),
        file: Some("out-share"),
        cell: |m, _| Cell::Pct(m.share),
    },
    MetricCol {
        code: "interval",
        people: Some("col-interval"),
        file: None,
        cell: |m, _| Cell::Interval(m.ci_low.zip(m.ci_high)),
    },
    MetricCol {
        code: "ci_low",
        people: None,
        file: Some("out-ci-low"),
        cell: |m, _| Cell::Pct(m.ci_low),
    },
    MetricCol {
        code: "ci_high",
        people: None,
        file: Some("out-ci-high"),
        cell: |m, _| Cell::Pct(m.ci_high),
    },
    MetricCol {
        code: "benchmark_total",
        people: Some("col-benchmark"),
        file: Some("out-benchmark-total"),
        cell: |m, _| Cell::Pct(Some(m.benchmark_total)),
    },
    MetricCol {
        code: "benchmark_standardized",
        people: Some("col-benchmark-std"),
        file: Some("out-benchmark-standardized"),
        cell: |m, _| Cell::Pct(m.benchmark_standardized),
    },
    MetricCol {
        code: "ratio",
        people: Some("col-ratio"),
        file: Some("out-ratio"),
        cell: |m, _| Cell::Num(m.ratio),
    },
    MetricCol {
        code: "gap_heads",
        people: Some("col-gap"),
        file: Some("out-gap-heads"),
        cell: |m, _| Cell::Signed(m.gap_heads),
    },
    MetricCol {
        code: "assessment",
        people: Some("col-assessment"),
        file: Some("out-assessment"),
        cell: assessment_cell,
    },
];

/// The metrics people read, with their headers.
fn people_cols() -> impl Iterator<Item = (Col, Extract)> {
    METRICS
        .iter()
        .filter_map(|m| m.people.map(|key| (col(m.code, key), m.cell)))
}

/// The metrics of CSV and XLSX, with their headers.
fn file_cols() -> impl Iterator<Item = (Col, Extract)> {
    METRICS
        .iter()
        .filter_map(|m| m.file.map(|key| (col(m.code, key), m.cell)))
}

/// The assessment; a withheld segment says in plain words why it shows no figures.
fn assessment_cell(m: &Metrics, tr: &Tr) -> Cell {
    let words = if m.assessment == abbild_core::representation::Assessment::Suppressed {
        tr.get("withheld-reason")
    } else {
        crate::labels::assessment(m.assessment, tr)
    };
    Cell::Term {
        code: serde_json::to_value(m.assessment)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default(),
        words,
    }
}

/// Rows of metrics for people under a row header (`first`, e.g. the wave), with the people
/// columns named by `codes` in that order: a trend or an overview shows a choice of the
/// columns the segment table shows, worded and formatted the same.
pub fn metrics_sheet(first: Col, rows: &[(String, &Metrics)], codes: &[&str], tr: &Tr) -> Sheet {
    let chosen: Vec<(Col, Extract)> = codes
        .iter()
        .filter_map(|code| people_cols().find(|(c, _)| c.code == *code))
        .collect();
    let mut cols = vec![first];
    cols.extend(chosen.iter().map(|c| c.0));
    let rows = rows
        .iter()
        .map(|(head, m)| {
            let mut row = vec![Cell::Text(head.clone())];
            row.extend(metric_row(m, tr, chosen.iter().map(|c| c.1)));
            row
        })
        .collect();
    Sheet {
        name: "out-sheet-representation",
        cols,
        rows,
        note: String::new(),
    }
}

/// The segments of one city for people: a row header (the segment in words, made by
/// `label`) and the people columns. The field × level page renders exactly this sheet.
pub fn segment_sheet(
    c: &CityRepresentation,
    label: impl Fn(&abbild_core::representation::SegmentLabel) -> String,
    tr: &Tr,
) -> Sheet {
    let mut cols = vec![col("segment", "col-segment")];
    cols.extend(people_cols().map(|c| c.0));
    let rows = c
        .segments
        .iter()
        .map(|s| {
            let mut row = vec![Cell::Text(label(&s.key))];
            row.extend(people_metrics(&s.metrics, tr));
            row
        })
        .collect();
    Sheet {
        name: "out-sheet-representation",
        cols,
        rows,
        note: String::new(),
    }
}

/// In a withheld segment every empty figure is withheld, not "not estimable".
fn metric_row(m: &Metrics, tr: &Tr, cols: impl Iterator<Item = Extract>) -> Vec<Cell> {
    let withheld = m.assessment == abbild_core::representation::Assessment::Suppressed;
    cols.map(|f| f(m, tr))
        .map(|c| if withheld { c.withheld_if_empty() } else { c })
        .collect()
}

fn people_metrics(m: &Metrics, tr: &Tr) -> Vec<Cell> {
    metric_row(m, tr, people_cols().map(|c| c.1))
}

/// First lines of every people-facing table: the warning, or what protection was applied.
fn protection_banner<T>(rel: &Released<T>, tr: &Tr) -> String {
    match rel.protection().warning() {
        Some(w) => format!("!! {w}\n\n"),
        None => format!("{}\n\n", output::protection_technical(rel.protection(), tr)),
    }
}

fn source(c: &CityRepresentation, tr: &Tr) -> String {
    let b = &c.benchmark;
    let label = crate::labels::source(b.source, tr);
    if label.ends_with(&b.year.to_string()) {
        label
    } else {
        format!("{label} {}", b.year)
    }
}

use crate::labels::definition;

fn city_heading(c: &CityRepresentation, tr: &Tr) -> String {
    let ags = c.ags.to_string();
    tr.args(
        "out-repr-city",
        &[
            (
                "name",
                city_name(&ags).map_or(String::new(), |n| format!("{n} ")),
            ),
            ("ags", ags),
            ("year", c.year.to_string()),
            ("wave", c.wave.to_string()),
            ("source", source(c, tr)),
            ("definition", definition(c.benchmark.definition, tr)),
        ],
    )
}

/// `95-%-KI`: the confidence level in the title line.
fn confidence(r: &RepresentationReport, tr: &Tr) -> String {
    let level = fmt::dec(r.confidence.get() * 100.0, 1, tr.lang);
    let level = level
        .strip_suffix(",0")
        .or_else(|| level.strip_suffix(".0"))
        .unwrap_or(&level)
        .to_owned();
    tr.arg("out-confidence", "level", &level)
}

fn title_args(r: &RepresentationReport, tr: &Tr) -> Vec<(&'static str, String)> {
    vec![
        ("definition", definition(r.definition, tr)),
        (
            "method",
            tr.get(&format!("out-method-{}", r.interval.code())),
        ),
        ("confidence", confidence(r, tr)),
    ]
}

/// One grid per city, each with its stratified total, under the protection banner.
pub fn table(rel: &Released<RepresentationReport>, tr: &Tr) -> String {
    let r = rel.body();
    let mut out = protection_banner(rel, tr);
    let by = if r.by.iter().count() == 0 {
        tr.get("col-city")
    } else {
        r.by.iter()
            .map(|d| crate::labels::dim(d, tr))
            .collect::<Vec<_>>()
            .join(" × ")
    };
    let mut args = title_args(r, tr);
    args.push(("by", by));
    out.push_str(&tr.args("out-repr-title", &args));
    out.push('\n');
    for c in &r.cities {
        out.push('\n');
        out.push_str(&city_heading(c, tr));
        out.push('\n');
        out.push_str(&output::grid(&city_sheet(r, c, tr), tr, true));
        let o = &c.overall;
        out.push_str(
            &tr.args(
                "out-repr-uncovered",
                &[
                    ("uncovered", fmt::int(o.uncovered_headcount, tr.lang)),
                    (
                        "unassigned",
                        c.unassigned_respondents
                            .map_or_else(|| tr.get("out-withheld"), |n| fmt::int(n, tr.lang)),
                    ),
                    ("unclassified", fmt::int(c.unclassified_responses, tr.lang)),
                ],
            ),
        );
        out.push('\n');
        for w in &c.warnings {
            out.push_str(&tr.arg("out-warning", "text", w));
            out.push('\n');
        }
    }
    out
}

/// A city's segments and its stratified total, for people.
fn city_sheet(r: &RepresentationReport, c: &CityRepresentation, tr: &Tr) -> Sheet {
    let mut cols: Vec<Col> = r.by.iter().map(dim_col).collect();
    let keyless = cols.is_empty();
    if keyless {
        cols.push(col("segment", "out-segment"));
    }
    cols.extend(people_cols().map(|c| c.0));
    let mut rows: Vec<Vec<Cell>> = c
        .segments
        .iter()
        .map(|s| {
            let mut row: Vec<Cell> = s.key.0.iter().map(|(_, v)| Cell::Text(v.clone())).collect();
            if keyless {
                row.push(Cell::Text(String::new()));
            }
            row.extend(people_metrics(&s.metrics, tr));
            row
        })
        .collect();
    let key_cols = cols.len() - people_cols().count();
    let mut total = vec![Cell::Text(String::new()); key_cols];
    total[0] = Cell::Text(tr.get(if keyless {
        "out-total"
    } else {
        "out-total-stratified"
    }));
    total.extend(people_metrics(&c.overall.metrics, tr));
    rows.push(total);
    Sheet {
        name: "out-sheet-representation",
        cols,
        rows,
        note: String::new(),
    }
}

/// One row per city with its stratified overall figures: the city overview.
pub fn overview_table(rel: &Released<RepresentationReport>, tr: &Tr) -> String {
    let r = rel.body();
    let mut out = protection_banner(rel, tr);
    out.push_str(&tr.args("out-repr-overview-title", &title_args(r, tr)));
    out.push_str("\n\n");
    let mut cols = vec![col("city", "col-city")];
    cols.extend(people_cols().map(|c| c.0));
    let rows = r
        .cities
        .iter()
        .map(|c| {
            let ags = c.ags.to_string();
            let mut row = vec![Cell::Text(
                city_name(&ags).map_or(ags.clone(), |n| format!("{n} ({ags})")),
            )];
            row.extend(people_metrics(&c.overall.metrics, tr));
            row
        })
        .collect();
    let sheet = Sheet {
        name: "out-sheet-representation",
        cols,
        rows,
        note: String::new(),
    };
    out.push_str(&output::grid(&sheet, tr, false));
    if let Some(c) = r.cities.first() {
        out.push('\n');
        out.push_str(&tr.args(
            "out-repr-overview-foot",
            &[
                ("year", c.year.to_string()),
                ("wave", c.wave.to_string()),
                ("source", source(c, tr)),
            ],
        ));
        out.push('\n');
    }
    out
}

/// JSON: the report with a `protection` object.
pub fn json(rel: &Released<RepresentationReport>) -> Result<String, ExportError> {
    Ok(serde_json::to_string_pretty(rel)?)
}

/// One row per segment and one `overall` row per city. Every row names its protection
/// status, so it survives any later filtering of the file.
pub fn sheet(rel: &Released<RepresentationReport>, tr: &Tr) -> Sheet {
    let r = rel.body();
    let mut cols = vec![
        col("ags", "out-ags"),
        col("year", "out-year"),
        col("wave", "out-wave"),
        col("definition", "out-definition"),
        col("scope", "out-scope"),
    ];
    cols.extend(r.by.iter().map(dim_col));
    cols.extend(file_cols().map(|c| c.0));
    cols.push(col("uncovered_headcount", "out-uncovered-headcount"));
    cols.push(col("protection", "out-protection"));
    let term = |code: &str, key: &str| Cell::Term {
        code: code.to_owned(),
        words: tr.get(key),
    };
    let protection = if rel.protection().is_protected() {
        term("protected", "out-protection-protected")
    } else {
        term("unprotected", "out-protection-unprotected")
    };
    let def = Cell::Term {
        code: r.definition.code().to_owned(),
        words: definition(r.definition, tr),
    };
    let mut rows = Vec::new();
    for c in &r.cities {
        let head = |scope: Cell| {
            vec![
                Cell::Text(c.ags.to_string()),
                Cell::Int(Some(u64::from(c.year.get()))),
                Cell::Int(Some(u64::from(c.wave.get()))),
                def.clone(),
                scope,
            ]
        };
        for s in &c.segments {
            let mut row = head(term("segment", "out-scope-segment"));
            row.extend(s.key.0.iter().map(|(_, v)| Cell::Text(v.clone())));
            row.extend(metric_row(&s.metrics, tr, file_cols().map(|c| c.1)));
            row.extend([Cell::Int(None), protection.clone()]);
            rows.push(row);
        }
        let mut row = head(term("overall", "out-scope-overall"));
        row.extend(r.by.iter().map(|_| Cell::Text(String::new())));
        row.extend(metric_row(&c.overall.metrics, tr, file_cols().map(|c| c.1)));
        row.extend([
            Cell::Int(Some(c.overall.uncovered_headcount)),
            protection.clone(),
        ]);
        rows.push(row);
    }
    Sheet {
        name: "out-sheet-representation",
        cols,
        rows,
        note: output::protection_technical(rel.protection(), tr),
    }
}

/// CSV (canonical for scripts, or as German Excel writes it).
pub fn csv<W: Write>(
    rel: &Released<RepresentationReport>,
    style: CsvStyle,
    out: W,
) -> Result<(), ExportError> {
    let de = Tr::new(abbild_i18n::I18n::global(), abbild_i18n::Lang::De);
    let mut s = sheet(rel, &de);
    // Every row names its protection (last column), so the file needs no note row.
    s.note.clear();
    output::csv(&s, style, out)
}

/// XLSX with headers in the reader's language and number formats, plus a sheet with notes
/// on method and protection.
pub fn xlsx(rel: &Released<RepresentationReport>, tr: &Tr) -> Result<Vec<u8>, ExportError> {
    let r = rel.body();
    let mut notes = vec![
        (tr.get("out-definition"), definition(r.definition, tr)),
        (
            tr.get("out-interval"),
            tr.args(
                "out-interval-line",
                &[
                    (
                        "method",
                        tr.get(&format!("out-method-{}", r.interval.code())),
                    ),
                    ("level", r.confidence.to_string()),
                ],
            ),
        ),
    ];
    for c in &r.cities {
        notes.push((
            tr.arg("out-city-line", "ags", &c.ags.to_string()),
            city_heading(c, tr),
        ));
        for w in &c.warnings {
            notes.push((
                tr.arg("out-warning-line", "ags", &c.ags.to_string()),
                w.clone(),
            ));
        }
    }
    output::xlsx_with_notes(&[sheet(rel, tr)], &notes, tr)
}

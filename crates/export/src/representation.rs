//! Renders the representation report (SPEC §4) in every format.

use crate::format::{de_int, de_pct, de_ratio};
use crate::{CsvStyle, ExportError, Released};
use abbild_core::disclosure::Protection;
use abbild_core::representation::{CityRepresentation, Metrics, RepresentationReport};
use abbild_core::Dim;
use rust_xlsxwriter::{Format as XFormat, Workbook};
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

/// First lines of every people-facing table: the warning, or what protection was applied.
fn protection_banner(p: &Protection) -> String {
    match p.warning() {
        Some(w) => format!("!! {w}\n\n"),
        None => format!("{}\n\n", p.summary_de()),
    }
}

fn city_heading(c: &CityRepresentation) -> String {
    let ags = c.ags.to_string();
    let name = city_name(&ags).map_or(String::new(), |n| format!("{n} "));
    format!(
        "{name}(AGS {ags}) · Personal {} · Befragung {} · Benchmark: {}, {}",
        c.year,
        c.wave,
        benchmark_source(&c.benchmark),
        c.benchmark.definition.label_de()
    )
}

fn conf_label(r: &RepresentationReport) -> String {
    let pct = (r.confidence.get() * 100.0 * 10.0).round() / 10.0;
    format!("{}-%-KI", pct.to_string().replace('.', ","))
}

fn metric_cells(m: &Metrics) -> Vec<String> {
    let ci = match (m.ci_low, m.ci_high) {
        (Some(l), Some(h)) => format!("{} – {}", de_pct(Some(l)), de_pct(Some(h))),
        _ => "–".to_owned(),
    };
    vec![
        de_int(m.headcount as i64),
        m.respondents.map_or("–".to_owned(), |v| de_int(v as i64)),
        de_pct(m.response_rate),
        de_pct(m.share),
        ci,
        de_pct(Some(m.benchmark_total)),
        de_pct(m.benchmark_standardized),
        de_ratio(m.ratio),
        m.gap_heads.map_or("–".to_owned(), de_int),
        m.assessment.label_de().to_owned(),
    ]
}

/// An aligned German table per city, with the protection banner first.
pub fn table(rel: &Released<RepresentationReport>) -> String {
    let r = rel.body();
    let mut out = String::new();
    out.push_str(&protection_banner(rel.protection()));
    out.push_str(&format!(
        "Repräsentation nach {} · Definition: {} · Intervall: {}, {}\n",
        if r.by.iter().count() == 0 {
            "Stadt".to_owned()
        } else {
            r.by.iter()
                .map(Dim::label_de)
                .collect::<Vec<_>>()
                .join(" × ")
        },
        r.definition.label_de(),
        r.interval.label_de(),
        conf_label(r)
    ));
    let mut header: Vec<String> = r.by.iter().map(|d| d.label_de().to_owned()).collect();
    header.extend(
        [
            "Beschäftigte",
            "Antworten",
            "Quote",
            "Anteil",
            &conf_label(r),
            "Bevölk.",
            "Bevölk. std.",
            "Verhältnis",
            "Lücke (Köpfe)",
            "Bewertung",
        ]
        .map(str::to_owned),
    );
    let numeric_from = r.by.iter().count();
    for c in &r.cities {
        out.push('\n');
        out.push_str(&city_heading(c));
        out.push('\n');
        let mut rows: Vec<Vec<String>> = vec![header.clone()];
        for s in &c.segments {
            let mut row: Vec<String> = s.key.0.iter().map(|(_, v)| v.clone()).collect();
            row.extend(metric_cells(&s.metrics));
            rows.push(row);
        }
        let mut total: Vec<String> = vec![String::new(); numeric_from];
        if let Some(first) = total.first_mut() {
            *first = "Gesamt (geschichtet)".to_owned();
        }
        total.extend(metric_cells(&c.overall.metrics));
        if numeric_from == 0 {
            total.insert(0, "Gesamt".to_owned());
            for row in &mut rows {
                if row.len() < total.len() {
                    row.insert(0, String::new());
                }
            }
        }
        rows.push(total);
        out.push_str(&grid(&rows, numeric_from.max(1), true));
        let o = &c.overall;
        out.push_str(&format!(
            "Nicht abgedeckt (Segmente mit < 2 Antworten): {} Beschäftigte · ohne Segmentangabe: {} Antworten · \
             nicht zuordenbar (Definition): {} Antworten\n",
            de_int(o.uncovered_headcount as i64),
            c.unassigned_respondents
                .map_or_else(|| "gesperrt".to_owned(), |n| de_int(n as i64)),
            de_int(c.unclassified_responses as i64)
        ));
        for w in &c.warnings {
            out.push_str(&format!("Hinweis: {w}\n"));
        }
    }
    out
}

/// Renders rows (first = header) as an aligned grid: the first `left` columns and the last
/// column left-aligned, the numbers in between right-aligned; rules under the header and
/// above the last row (the total).
fn grid(rows: &[Vec<String>], left: usize, has_total: bool) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let sep: String = widths
        .iter()
        .map(|w| "─".repeat(*w))
        .collect::<Vec<_>>()
        .join("─┼─");
    let mut out = String::new();
    for (ri, row) in rows.iter().enumerate() {
        if ri == 1 || (has_total && ri == rows.len() - 1 && ri > 1) {
            out.push_str(&sep);
            out.push('\n');
        }
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let pad = " ".repeat(widths[i].saturating_sub(v.chars().count()));
                if i >= left && ri > 0 && i + 1 < cols {
                    format!("{pad}{v}")
                } else {
                    format!("{v}{pad}")
                }
            })
            .collect();
        out.push_str(cells.join(" │ ").trim_end());
        out.push('\n');
    }
    out
}

/// One row per city with its stratified overall figures: the city overview.
pub fn overview_table(rel: &Released<RepresentationReport>) -> String {
    let r = rel.body();
    let mut out = String::new();
    out.push_str(&protection_banner(rel.protection()));
    out.push_str(&format!(
        "Städteübersicht · Definition: {} · Intervall: {}, {}\n\n",
        r.definition.label_de(),
        r.interval.label_de(),
        conf_label(r)
    ));
    let mut rows = vec![[
        "Stadt",
        "Beschäftigte",
        "Antworten",
        "Quote",
        "Anteil",
        &conf_label(r),
        "Bevölk.",
        "Bevölk. std.",
        "Verhältnis",
        "Lücke (Köpfe)",
        "Bewertung",
    ]
    .map(str::to_owned)
    .to_vec()];
    for c in &r.cities {
        let ags = c.ags.to_string();
        let mut row = vec![city_name(&ags).map_or(ags.clone(), |n| format!("{n} ({ags})"))];
        row.extend(metric_cells(&c.overall.metrics));
        rows.push(row);
    }
    out.push_str(&grid(&rows, 1, false));
    if let Some(c) = r.cities.first() {
        out.push_str(&format!(
            "\nPersonal {} · Befragung {} · Benchmark: {}; Anteil geschichtet über Segmente, \
             „Bevölk. std.“ = nach Altersstruktur des Personals standardisiert.\n",
            c.year,
            c.wave,
            benchmark_source(&c.benchmark)
        ));
    }
    out
}

/// `Zensus 2022` with year 2022 reads as `Zensus 2022`; other sources get their year.
fn benchmark_source(b: &abbild_core::benchmark::BenchmarkInfo) -> String {
    let label = b.source.label_de();
    if label.ends_with(&b.year.to_string()) {
        label.to_owned()
    } else {
        format!("{label} {}", b.year)
    }
}

/// JSON: the report with a `protection` object.
pub fn json(rel: &Released<RepresentationReport>) -> Result<String, ExportError> {
    Ok(serde_json::to_string_pretty(rel)?)
}

const METRIC_KEYS: [&str; 13] = [
    "headcount",
    "respondents",
    "with_migration",
    "response_rate",
    "share",
    "ci_low",
    "ci_high",
    "benchmark_total",
    "benchmark_standardized",
    "ratio",
    "gap_heads",
    "assessment",
    "uncovered_headcount",
];

fn metric_header_de(key: &str) -> &'static str {
    match key {
        "headcount" => "Beschäftigte",
        "respondents" => "Antworten",
        "with_migration" => "mit Migrationsgeschichte",
        "response_rate" => "Rücklaufquote",
        "share" => "Anteil",
        "ci_low" => "KI unten",
        "ci_high" => "KI oben",
        "benchmark_total" => "Bevölkerungsanteil",
        "benchmark_standardized" => "Bevölkerungsanteil altersstandardisiert",
        "ratio" => "Verhältnis",
        "gap_heads" => "Lücke (Köpfe)",
        "assessment" => "Bewertung",
        "uncovered_headcount" => "nicht abgedeckt (Beschäftigte)",
        _ => "",
    }
}

/// One flat row per segment and per city overall.
struct FlatRow {
    ags: String,
    year: u16,
    wave: u16,
    scope: &'static str,
    key: Vec<String>,
    metrics: Metrics,
    uncovered: Option<u64>,
}

fn flat_rows(r: &RepresentationReport) -> Vec<FlatRow> {
    let mut rows = Vec::new();
    for c in &r.cities {
        for s in &c.segments {
            rows.push(FlatRow {
                ags: c.ags.to_string(),
                year: c.year.get(),
                wave: c.wave.get(),
                scope: "segment",
                key: s.key.0.iter().map(|(_, v)| v.clone()).collect(),
                metrics: s.metrics.clone(),
                uncovered: None,
            });
        }
        rows.push(FlatRow {
            ags: c.ags.to_string(),
            year: c.year.get(),
            wave: c.wave.get(),
            scope: "overall",
            key: r.by.iter().map(|_| String::new()).collect(),
            metrics: c.overall.metrics.clone(),
            uncovered: Some(c.overall.uncovered_headcount),
        });
    }
    rows
}

fn protection_code(p: &Protection) -> &'static str {
    if p.is_protected() {
        "protected"
    } else {
        "unprotected"
    }
}

/// CSV with one row per segment and one `overall` row per city. Every row names its
/// protection status, so it survives any later filtering of the file.
pub fn csv<W: Write>(
    rel: &Released<RepresentationReport>,
    style: CsvStyle,
    out: W,
) -> Result<(), ExportError> {
    let r = rel.body();
    let german = style == CsvStyle::GermanExcel;
    let mut w = crate::CsvOut::new(out, style)?;
    let mut header: Vec<String> = if german {
        ["AGS", "Jahr", "Welle", "Definition", "Ebene der Zeile"]
            .map(str::to_owned)
            .to_vec()
    } else {
        ["ags", "year", "wave", "definition", "scope"]
            .map(str::to_owned)
            .to_vec()
    };
    header.extend(r.by.iter().map(|d| {
        if german {
            d.label_de().to_owned()
        } else {
            d.code().to_owned()
        }
    }));
    header.extend(METRIC_KEYS.iter().map(|k| {
        if german {
            metric_header_de(k).to_owned()
        } else {
            (*k).to_owned()
        }
    }));
    header.push(if german { "Schutz" } else { "protection" }.to_owned());
    w.record(&header)?;
    let num = |v: Option<f64>| {
        v.map_or(String::new(), |x| {
            if german {
                x.to_string().replace('.', ",")
            } else {
                x.to_string()
            }
        })
    };
    for row in flat_rows(r) {
        let m = &row.metrics;
        let mut rec = vec![
            row.ags,
            row.year.to_string(),
            row.wave.to_string(),
            r.definition.code().to_owned(),
            row.scope.to_owned(),
        ];
        rec.extend(row.key);
        rec.extend([
            m.headcount.to_string(),
            m.respondents.map_or(String::new(), |v| v.to_string()),
            m.with_migration.map_or(String::new(), |v| v.to_string()),
            num(m.response_rate),
            num(m.share),
            num(m.ci_low),
            num(m.ci_high),
            num(Some(m.benchmark_total)),
            num(m.benchmark_standardized),
            num(m.ratio),
            m.gap_heads.map_or(String::new(), |g| g.to_string()),
            if german {
                m.assessment.label_de().to_owned()
            } else {
                serde_json::to_value(m.assessment)?
                    .as_str()
                    .unwrap_or("")
                    .to_owned()
            },
            row.uncovered.map_or(String::new(), |u| u.to_string()),
            protection_code(rel.protection()).to_owned(),
        ]);
        w.record(&rec)?;
    }
    w.finish()?;
    Ok(())
}

/// XLSX with German headers and number formats, plus a sheet with notes on method and
/// protection.
pub fn xlsx(rel: &Released<RepresentationReport>) -> Result<Vec<u8>, ExportError> {
    let r = rel.body();
    let mut wb = Workbook::new();
    let bold = XFormat::new().set_bold();
    let pct = XFormat::new().set_num_format("0.0%");
    let int = XFormat::new().set_num_format("#,##0");
    let ratio = XFormat::new().set_num_format("0.00");
    {
        let ws = wb.add_worksheet();
        ws.set_name("Repräsentation")?;
        let mut header: Vec<String> = ["AGS", "Jahr", "Welle", "Zeile"]
            .map(str::to_owned)
            .to_vec();
        header.extend(r.by.iter().map(|d| d.label_de().to_owned()));
        header.extend(METRIC_KEYS.iter().map(|k| metric_header_de(k).to_owned()));
        for (i, h) in header.iter().enumerate() {
            let col = u16::try_from(i).unwrap_or(u16::MAX);
            ws.write_string_with_format(0, col, h, &bold)?;
            ws.set_column_width(col, (h.chars().count() as f64 + 2.0).clamp(8.0, 30.0))?;
        }
        ws.set_freeze_panes(1, 0)?;
        for (ri, row) in flat_rows(r).into_iter().enumerate() {
            let y = u32::try_from(ri + 1).unwrap_or(u32::MAX);
            let m = &row.metrics;
            ws.write_string(y, 0, &row.ags)?;
            ws.write_number(y, 1, f64::from(row.year))?;
            ws.write_number(y, 2, f64::from(row.wave))?;
            ws.write_string(
                y,
                3,
                if row.scope == "overall" {
                    "Gesamt"
                } else {
                    "Segment"
                },
            )?;
            let mut col: u16 = 4;
            for v in &row.key {
                ws.write_string(y, col, v)?;
                col += 1;
            }
            let opt = |ws: &mut rust_xlsxwriter::Worksheet,
                       c: u16,
                       v: Option<f64>,
                       f: &XFormat|
             -> Result<(), ExportError> {
                if let Some(v) = v {
                    ws.write_number_with_format(y, c, v, f)?;
                }
                Ok(())
            };
            opt(ws, col, Some(m.headcount as f64), &int)?;
            opt(ws, col + 1, m.respondents.map(|v| v as f64), &int)?;
            opt(ws, col + 2, m.with_migration.map(|v| v as f64), &int)?;
            opt(ws, col + 3, m.response_rate, &pct)?;
            opt(ws, col + 4, m.share, &pct)?;
            opt(ws, col + 5, m.ci_low, &pct)?;
            opt(ws, col + 6, m.ci_high, &pct)?;
            opt(ws, col + 7, Some(m.benchmark_total), &pct)?;
            opt(ws, col + 8, m.benchmark_standardized, &pct)?;
            opt(ws, col + 9, m.ratio, &ratio)?;
            opt(ws, col + 10, m.gap_heads.map(|g| g as f64), &int)?;
            ws.write_string(y, col + 11, m.assessment.label_de())?;
            opt(ws, col + 12, row.uncovered.map(|u| u as f64), &int)?;
        }
    }
    let notes = wb.add_worksheet();
    notes.set_name("Hinweise")?;
    notes.set_column_width(0, 28)?;
    notes.set_column_width(1, 100)?;
    let mut lines: Vec<(String, String)> = vec![
        ("Schutz".into(), rel.protection().summary_de()),
        ("Definition".into(), r.definition.label_de().to_owned()),
        (
            "Intervall".into(),
            format!(
                "{}, Konfidenzniveau {}",
                r.interval.label_de(),
                r.confidence
            ),
        ),
    ];
    for c in &r.cities {
        lines.push((format!("Stadt {}", c.ags), city_heading(c)));
        for w in &c.warnings {
            lines.push((format!("Hinweis {}", c.ags), w.clone()));
        }
    }
    for (i, (k, v)) in lines.iter().enumerate() {
        let y = u32::try_from(i).unwrap_or(u32::MAX);
        notes.write_string_with_format(y, 0, k, &bold)?;
        notes.write_string(y, 1, v)?;
    }
    Ok(wb.save_to_buffer()?)
}

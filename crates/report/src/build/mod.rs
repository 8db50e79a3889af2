//! Assembles the [`Report`] from [`Inputs`]: the only place that turns protected results
//! into report tables, so every format shows the same cells. One module per chapter; every
//! word comes from the catalogue (`report.ftl`).

mod appendix;
mod columns;
mod methods;
mod pipeline;
mod projection;
mod representation;
mod summary;

use crate::inputs::{Inputs, Scope};
use crate::model::{Block, Figure, Lang, Report, Table};
use abbild_core::disclosure::Protection;
use abbild_core::FieldCatalog;
use abbild_export::chart::{self, ChartLabels};
use abbild_export::output::Cell;
use abbild_i18n::{fmt, Tr};
use columns::{Col, Head};

/// One row of the suppression overview in the methods chapter.
struct Suppression {
    table: String,
    title: String,
    k: Option<u64>,
    primary: Option<usize>,
    secondary: Option<usize>,
}

/// What the chapters share while the report is assembled: the words, the tables so far
/// (numbered in order) and the figure count.
struct Builder<'a> {
    lang: Lang,
    tr: Tr,
    catalog: &'a FieldCatalog,
    tables: Vec<Table>,
    suppression: Vec<Suppression>,
    figures: usize,
}

impl Builder<'_> {
    fn get(&self, key: &str) -> String {
        self.tr.get(key)
    }

    fn en(&self) -> bool {
        self.lang == Lang::En
    }

    fn head(&self, h: Head) -> String {
        match h {
            Head::Key(k) => self.get(k),
            Head::With(part) => self.tr.arg("report-col-with", "what", &self.get(part)),
            Head::Without(part) => self.tr.arg("report-col-without", "what", &self.get(part)),
        }
    }

    fn protection_line(&self, p: &Protection) -> String {
        abbild_export::output::protection_technical(p, &self.tr)
    }

    /// Adds a table whose columns are declared once (header and cell side by side); `items`
    /// are its rows. See [`Builder::table`].
    fn table_of<R>(
        &mut self,
        title: String,
        cols: &[Col<R>],
        items: &[R],
        protection: Option<&Protection>,
        note: Option<String>,
    ) -> usize {
        let heads = cols.iter().map(|c| self.head(c.head)).collect();
        let rows = items
            .iter()
            .map(|r| cols.iter().map(|c| (c.cell)(r, self.lang)).collect())
            .collect();
        self.table(title, heads, rows, protection, note)
    }

    /// Adds a table; `protection` is `None` for tables that count no persons (model runs,
    /// metadata). Returns its index.
    fn table(
        &mut self,
        title: String,
        cols: Vec<String>,
        rows: Vec<Vec<Cell>>,
        protection: Option<&Protection>,
        note: Option<String>,
    ) -> usize {
        let id = format!("T{:02}", self.tables.len() + 1);
        let mut lines = Vec::new();
        if let Some(p) = protection {
            lines.push(self.protection_line(p));
            let (k, primary, secondary) = match p {
                Protection::Protected {
                    k,
                    primary,
                    secondary,
                    ..
                } => (Some(*k), Some(*primary), Some(*secondary)),
                Protection::Unprotected { .. } => (None, None, None),
            };
            self.suppression.push(Suppression {
                table: id.clone(),
                title: title.clone(),
                k,
                primary,
                secondary,
            });
        }
        lines.extend(note);
        self.tables.push(Table {
            id,
            title,
            cols,
            rows,
            note: lines.join(" "),
        });
        self.tables.len() - 1
    }

    fn figure(&mut self, svg: String, alt: String, title: &str, table: usize) -> Block {
        self.figures += 1;
        let caption = self.tr.args(
            "report-figure-caption",
            &[
                ("number", fmt::int(self.figures as u64, self.lang.i18n())),
                ("title", title.to_owned()),
            ],
        );
        Block::Figure(Figure {
            svg,
            alt,
            caption,
            table,
        })
    }

    fn percent(&self) -> fn(f64) -> String {
        if self.en() {
            chart::en_percent
        } else {
            chart::de_percent
        }
    }

    fn chart_labels(&self, confidence: &str) -> ChartLabels {
        ChartLabels {
            staff: self.get("report-col-staff"),
            interval: self
                .tr
                .arg("report-chart-interval", "confidence", confidence),
            benchmark: self.get("report-chart-benchmark"),
            suppressed: self.get("report-chart-suppressed"),
            percent: self.percent(),
        }
    }

    fn show(&self, c: &Cell) -> String {
        c.for_people(&self.tr)
    }

    /// A whole number in running text.
    fn int(&self, v: u64) -> String {
        fmt::int(v, self.lang.i18n())
    }
}

fn confidence_pct(c: abbild_core::stats::Confidence) -> String {
    format!("{:.0}", c.get() * 100.0)
}

/// The protection line of a table that repeats figures of several protected tables.
fn combined_protection(b: &Builder, ps: &[&Protection]) -> String {
    let (mut primary, mut secondary) = (0, 0);
    let mut k = None;
    for p in ps {
        if let Protection::Protected {
            k: kk,
            primary: a,
            secondary: s,
            ..
        } = p
        {
            primary += a;
            secondary += s;
            k = Some(*kk);
        }
    }
    b.tr.args(
        "report-combined-protection",
        &[
            ("k", k.map_or("–".to_owned(), |k| b.int(k))),
            ("primary", b.int(primary as u64)),
            ("secondary", b.int(secondary as u64)),
        ],
    )
}

/// A text alternative listing the first column and some value columns of each row.
fn alt_of_table(b: &Builder, t: usize, cols: &[usize]) -> String {
    let table = &b.tables[t];
    let rows: Vec<String> = table
        .rows
        .iter()
        .map(|r| {
            cols.iter()
                .filter_map(|&i| {
                    let cell = r.get(i)?;
                    Some(if i == cols[0] {
                        b.show(cell)
                    } else {
                        format!("{} {}", table.cols[i], b.show(cell))
                    })
                })
                .collect::<Vec<_>>()
                .join(", ")
        })
        .collect();
    format!("{}: {}.", table.title, rows.join("; "))
}

/// Builds the report. Deterministic: the same inputs give the same report.
pub fn build(inputs: &Inputs, lang: Lang, catalog: &FieldCatalog) -> Report {
    let mut b = Builder {
        lang,
        tr: lang.tr(),
        catalog,
        tables: Vec::new(),
        suppression: Vec::new(),
        figures: 0,
    };
    let (title, subtitle) = title_page(&b, inputs);
    let summary = summary::chapter(&mut b, inputs);
    let representation = representation::chapter(&mut b, inputs);
    let pipeline = pipeline::chapter(&mut b, inputs);
    let projection = projection::chapter(&mut b, inputs);
    let methods = methods::chapter(&mut b, inputs);
    let appendix = appendix::chapter(&b);
    let sources = appendix::sources(&b, inputs);
    Report {
        lang,
        title,
        subtitle,
        author: b.get("report-author"),
        chapters: vec![
            summary,
            representation,
            pipeline,
            projection,
            methods,
            appendix,
        ],
        tables: b.tables,
        sources,
    }
}

/// Title and subtitle: the region with its cities, or the one city.
fn title_page(b: &Builder, inputs: &Inputs) -> (String, String) {
    let year = inputs.year.to_string();
    let names: Vec<&str> = inputs.cities.iter().map(|c| c.name.as_str()).collect();
    match inputs.scope {
        Scope::Region => (
            b.tr.arg("report-title-region", "year", &year),
            b.tr.args(
                "report-subtitle-region",
                &[
                    ("year", year.clone()),
                    ("count", b.int(inputs.cities.len() as u64)),
                    ("cities", names.join(", ")),
                ],
            ),
        ),
        Scope::City(_) => (
            b.tr.args(
                "report-title-city",
                &[
                    (
                        "city",
                        names.first().copied().unwrap_or_default().to_owned(),
                    ),
                    ("year", year.clone()),
                ],
            ),
            b.tr.arg("report-subtitle-city", "year", &year),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use abbild_core::records::ExitReason;

    /// A missing key would show itself in the report instead of a word: every key the crate
    /// names exists in both languages.
    #[test]
    fn every_key_is_in_the_catalogue() {
        let sources = [
            include_str!("mod.rs"),
            include_str!("appendix.rs"),
            include_str!("columns.rs"),
            include_str!("methods.rs"),
            include_str!("pipeline.rs"),
            include_str!("projection.rs"),
            include_str!("representation.rs"),
            include_str!("summary.rs"),
            include_str!("../html.rs"),
            include_str!("../xlsx.rs"),
            include_str!("../pdf/markup.rs"),
        ];
        let mut keys: Vec<String> = ExitReason::ALL
            .iter()
            .map(|r| format!("report-reason-{}", r.code().replace('_', "-")))
            .collect();
        keys.push("exits-all-reasons".into());
        for src in sources {
            for (i, _) in src.match_indices("\"report-") {
                let key: String = src[i + 1..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                if !key.ends_with('-') {
                    keys.push(key);
                }
            }
        }
        assert!(keys.len() > 100, "{}", keys.len());
        for lang in [Lang::De, Lang::En] {
            let tr = lang.tr();
            for k in &keys {
                assert!(tr.try_get(k).is_some(), "{k} fehlt ({})", lang.code());
            }
        }
    }
}

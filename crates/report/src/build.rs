//! Assembles the [`Report`] from [`Inputs`]: the only place that turns protected results
//! into report tables, so every format shows the same cells.

use crate::inputs::{CityInputs, Inputs, ProjectionInput, Scope};
use crate::model::{Block, Chapter, Figure, Lang, Report, Table};
use crate::text;
use abbild_core::disclosure::{Protection, Released};
use abbild_core::pipeline::PipelineReport;
use abbild_core::representation::{Metrics, RepresentationReport};
use abbild_core::retention::RetentionReport;
use abbild_core::FieldCatalog;
use abbild_export::chart::{
    self, ChartLabels, FunnelChart, FunnelLabels, FunnelStage, ProjectionChart, ProjectionLabels,
    ProjectionPoint, ShareChart, ShareRow, TrendChart, TrendPoint,
};
use abbild_export::flat::Cell;
use abbild_export::labels;

/// A column header in both languages.
type Head = (&'static str, &'static str);

/// Column headers used by more than one table: one wording everywhere.
mod head {
    use super::Head;
    pub const CITY: Head = ("Stadt", "City");
    pub const WAVE: Head = ("Welle", "Wave");
    pub const YEAR: Head = ("Jahr", "Year");
    pub const STAFF: Head = ("Beschäftigte", "Staff");
    pub const RESPONSES: Head = ("Antworten", "Responses");
    pub const RESPONSE_RATE: Head = ("Rücklaufquote", "Response rate");
    pub const SHARE: Head = ("Anteil", "Share");
    pub const CI_LOW: Head = ("KI unten", "CI low");
    pub const CI_HIGH: Head = ("KI oben", "CI high");
    pub const BENCH_STD: Head = (
        "Bevölkerung altersstandardisiert",
        "Population age-standardised",
    );
    pub const RATIO: Head = ("Verhältnis", "Ratio");
    pub const GAP: Head = ("Lücke (Köpfe)", "Gap (heads)");
    pub const ASSESSMENT: Head = ("Bewertung", "Assessment");
    pub const TARGET: Head = ("Ziel", "Target");
    pub const SCENARIO: Head = ("Szenario", "Scenario");
    pub const STAFF_CHANGE: Head = ("Personalveränderung je Jahr", "Staff change per year");
    pub const FISHER_ONE_SIDED: Head = ("Fisher p (einseitig)", "Fisher p (one-sided)");
    pub const WITH_RATE: Head = ("mit Einwanderungsgeschichte: Quote", "with MH: rate");
    pub const WITHOUT_RATE: Head = ("ohne Einwanderungsgeschichte: Quote", "without MH: rate");
}

/// A view of the representation chapter: the result, its name (de, en) and the header of
/// its label column (de, en).
type ViewSpec<'a> = (
    &'a Option<Released<RepresentationReport>>,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// One row of the suppression overview in the methods chapter.
struct Suppression {
    table: String,
    title: String,
    k: Option<u64>,
    primary: Option<usize>,
    secondary: Option<usize>,
}

struct Builder<'a> {
    lang: Lang,
    catalog: &'a FieldCatalog,
    tables: Vec<Table>,
    suppression: Vec<Suppression>,
    figures: usize,
}

impl Builder<'_> {
    fn t<'s>(&self, de: &'s str, en: &'s str) -> &'s str {
        self.lang.t(de, en)
    }

    fn h(&self, h: Head) -> &'static str {
        self.lang.t(h.0, h.1)
    }

    fn en(&self) -> bool {
        self.lang == Lang::En
    }

    /// The catalogue in the edition's language.
    fn tr(&self) -> abbild_i18n::Tr {
        tr_of(self.lang)
    }

    fn protection_line(&self, p: &Protection) -> String {
        match self.lang {
            Lang::De => p.summary_de(),
            Lang::En => p.summary_en(),
        }
    }

    /// Adds a table; `protection` is `None` for tables that count no persons (model runs,
    /// metadata). Returns its index.
    fn table(
        &mut self,
        title: String,
        cols: Vec<&str>,
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
            cols: cols.into_iter().map(str::to_owned).collect(),
            rows,
            note: lines.join(" "),
        });
        self.tables.len() - 1
    }

    fn figure(&mut self, svg: String, alt: String, title: &str, table: usize) -> Block {
        self.figures += 1;
        let caption = format!(
            "{} {}: {}.",
            self.t("Abbildung", "Figure"),
            self.figures,
            title
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
            staff: self.t("Beschäftigte", "Staff").to_owned(),
            interval: format!("{} ({confidence} %)", self.t("Intervall", "Interval")),
            benchmark: self
                .t(
                    "Bevölkerung (altersstandardisiert)",
                    "Population (age-standardised)",
                )
                .to_owned(),
            suppressed: self.t("gesperrt", "suppressed").to_owned(),
            percent: self.percent(),
        }
    }

    fn show(&self, c: &Cell) -> String {
        c.for_people_in(self.en())
    }
}

fn confidence_pct(c: abbild_core::stats::Confidence) -> String {
    format!("{:.0}", c.get() * 100.0)
}

/// The headline row of a city: its field × level view's overall figures.
fn headline(c: &CityInputs) -> Option<(&Released<RepresentationReport>, &Metrics)> {
    let rel = c.views.fields.as_ref()?;
    let city = rel.body().cities.first()?;
    Some((rel, &city.overall.metrics))
}

/// Share change against the previous wave, in percentage points.
fn change_pp(c: &CityInputs) -> Option<f64> {
    let shares: Vec<Option<f64>> = c
        .trend
        .iter()
        .filter_map(|r| r.body().cities.first())
        .map(|x| x.overall.metrics.share)
        .collect();
    match shares.as_slice() {
        [.., Some(prev), Some(now)] => Some((now - prev) * 100.0),
        _ => None,
    }
}

fn year_of(c: &CityInputs) -> Option<String> {
    let rel = c.views.fields.as_ref()?;
    rel.body().cities.first().map(|x| x.wave.to_string())
}

/// Builds the report. Deterministic: the same inputs give the same report.
pub fn build(inputs: &Inputs, lang: Lang, catalog: &FieldCatalog) -> Report {
    let mut b = Builder {
        lang,
        catalog,
        tables: Vec::new(),
        suppression: Vec::new(),
        figures: 0,
    };
    let year = inputs.year;
    let names: Vec<&str> = inputs.cities.iter().map(|c| c.name.as_str()).collect();
    let (title, subtitle) = match inputs.scope {
        Scope::Region => (
            format!(
                "{} {year}",
                b.t(
                    "Vielfalt in den Stadtverwaltungen: Regionalbericht",
                    "Diversity in the city administrations: regional report"
                )
            ),
            format!(
                "{} {year} · {} {} ({})",
                b.t("Berichtsjahr", "Reporting year"),
                inputs.cities.len(),
                b.t("Städte", "cities"),
                names.join(", ")
            ),
        ),
        Scope::City(_) => (
            format!(
                "{} {} {year}",
                b.t(
                    "Vielfalt in der Stadtverwaltung: Bericht",
                    "Diversity in the city administration: report"
                ),
                names.first().copied().unwrap_or_default()
            ),
            format!("{} {year}", b.t("Berichtsjahr", "Reporting year")),
        ),
    };
    let summary = summary_chapter(&mut b, inputs);
    let representation = representation_chapter(&mut b, inputs);
    let pipeline = pipeline_chapter(&mut b, inputs);
    let projection = projection_chapter(&mut b, inputs);
    let methods = methods_chapter(&mut b, inputs);
    let appendix = Chapter {
        id: crate::model::APPENDIX.into(),
        title: b.t("Anhang: alle Tabellen", "Appendix: all tables").into(),
        blocks: std::iter::once(Block::Para(
            b.t(
                "Jede Tabelle des Berichts in voller Länge, in derselben Nummerierung wie im Text und in der Excel-Datei (ein Blatt je Tabelle). „–“ steht für einen gesperrten oder nicht berechenbaren Wert.",
                "Every table of the report in full, numbered as in the text and in the Excel file (one sheet per table). “–” marks a suppressed or not computable value.",
            )
            .to_owned(),
        ))
        .chain((0..b.tables.len()).map(Block::Table))
        .collect(),
    };
    let sources = sources(&b, inputs);
    Report {
        lang,
        title,
        subtitle,
        author: b
            .t(
                "Kooperation der Ruhrgebietsstädte · erstellt mit abbild",
                "Cooperation of Ruhr cities · made with abbild",
            )
            .to_owned(),
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

fn summary_chapter(b: &mut Builder, inputs: &Inputs) -> Chapter {
    let mut blocks = vec![
        Block::Para(text::goals(b.lang).to_owned()),
        Block::Para(text::how_to_read(b.lang).to_owned()),
    ];
    // Ranked by ratio, lowest first: where the gap is largest; suppressed ratios last.
    let mut ranked: Vec<&CityInputs> = inputs.cities.iter().collect();
    ranked.sort_by(|x, y| {
        let r = |c: &CityInputs| {
            headline(c)
                .and_then(|(_, m)| m.ratio)
                .unwrap_or(f64::INFINITY)
        };
        r(x).total_cmp(&r(y)).then(x.ags.cmp(&y.ags))
    });
    let mut rows = Vec::new();
    let mut bars = Vec::new();
    let mut bullets = Vec::new();
    let mut protections: Vec<&Protection> = Vec::new();
    let mut confidence = "95".to_owned();
    for c in &ranked {
        let Some((rel, m)) = headline(c) else {
            bullets.push(format!(
                "{}: {}",
                c.name,
                b.t(
                    "keine auswertbare Befragung im Berichtsjahr",
                    "no usable survey in the reporting year"
                )
            ));
            continue;
        };
        confidence = confidence_pct(rel.body().confidence);
        protections.push(rel.protection());
        let change = change_pp(c);
        let row = vec![
            Cell::Text(c.name.clone()),
            Cell::Text(year_of(c).unwrap_or_default()),
            Cell::Int(Some(m.headcount)),
            Cell::Int(m.respondents),
            Cell::Pct(m.response_rate),
            Cell::Pct(m.share),
            Cell::Pct(m.ci_low),
            Cell::Pct(m.ci_high),
            Cell::Pct(Some(m.benchmark_total)),
            Cell::Pct(m.benchmark_standardized),
            Cell::Num(m.ratio),
            Cell::Signed(m.gap_heads),
            Cell::Num(change),
            Cell::Text(labels::assessment(m.assessment, &b.tr())),
        ];
        bullets.push(city_sentence(b, c, m, change));
        rows.push(row);
        bars.push(ShareRow {
            label: c.name.clone(),
            share: m.share,
            lo: m.ci_low,
            hi: m.ci_high,
            benchmark: m.benchmark_standardized.or(Some(m.benchmark_total)),
        });
    }
    let title = b
        .t(
            "Anteil mit Einwanderungsgeschichte je Stadt, nach Verhältnis zum Vergleichswert",
            "Share with a migration history per city, by ratio to the benchmark",
        )
        .to_owned();
    let note = combined_protection(b, &protections);
    let t01 = b.table(
        title.clone(),
        vec![
            b.h(head::CITY),
            b.h(head::WAVE),
            b.h(head::STAFF),
            b.h(head::RESPONSES),
            b.h(head::RESPONSE_RATE),
            b.h(head::SHARE),
            b.h(head::CI_LOW),
            b.h(head::CI_HIGH),
            b.t("Bevölkerung gesamt", "Population total"),
            b.h(head::BENCH_STD),
            b.h(head::RATIO),
            b.h(head::GAP),
            b.t(
                "Veränderung zur Vorwelle (Pp.)",
                "Change since previous wave (pp)",
            ),
            b.h(head::ASSESSMENT),
        ],
        rows,
        None,
        Some(note),
    );
    let svg = chart::share_bars(&ShareChart {
        axis_max: None,
        id: "fig-region".into(),
        title: title.clone(),
        desc: b
            .t(
                "Balken: Anteil der Beschäftigten je Stadt mit Intervall; gestrichelt: altersstandardisierter Bevölkerungsanteil.",
                "Bars: staff share per city with interval; dashed: age-standardised population share.",
            )
            .to_owned(),
        rows: bars,
        labels: b.chart_labels(&confidence),
    });
    let alt = alt_of_table(b, t01, &[0, 5, 9]);
    blocks.push(Block::Heading(
        b.t("Wo jede Stadt steht", "Where each city stands").into(),
    ));
    blocks.push(b.figure(svg, alt, &title, t01));
    blocks.push(Block::Table(t01));
    blocks.push(Block::Bullets(bullets));
    // Projection summary across cities.
    let mut rows = Vec::new();
    for c in &inputs.cities {
        let Some(p) = &c.projection else { continue };
        rows.push(projection_summary_row(b, c, p));
    }
    if !rows.is_empty() {
        let t = b.table(
            b.t(
                "Projektion: Paritätsjahr und nötiger Einstellungsanteil je Stadt",
                "Projection: parity year and required hiring share per city",
            )
            .to_owned(),
            vec![
                b.h(head::CITY),
                b.h(head::SCENARIO),
                b.t("Startjahr", "Start year"),
                b.t("Anteil am Start", "Share at start"),
                b.h(head::TARGET),
                b.t("Einstellungsanteil im Szenario", "Hiring share in scenario"),
                b.h(head::STAFF_CHANGE),
                b.t("Paritätsjahr", "Parity year"),
                b.t("Nötiger Einstellungsanteil", "Required hiring share"),
                b.t("Bis Jahr", "By year"),
                b.t("Gleichgewichtsanteil", "Equilibrium share"),
            ],
            rows,
            None,
            Some(
                b.t(
                    "Modellrechnung (SPEC §4) auf dem veröffentlichten Altersaufbau; keine Personenzählung. „nicht erreicht“: Ziel im Zeitraum nicht erreicht; „–“ beim nötigen Anteil: auch mit 100 % nicht erreichbar.",
                    "Model run (SPEC §4) on the published age structure; not a count of persons. “not reached”: target not reached within the horizon; “–” for the required share: not reachable even with 100 %.",
                )
                .to_owned(),
            ),
        );
        blocks.push(Block::Heading(
            b.t("Wann Parität erreichbar ist", "When parity is within reach")
                .into(),
        ));
        blocks.push(Block::Table(t));
    }
    Chapter {
        id: "zusammenfassung".into(),
        title: b.t("Zusammenfassung", "Summary").into(),
        blocks,
    }
}

/// One sentence per city for the summary.
fn city_sentence(b: &Builder, c: &CityInputs, m: &Metrics, change: Option<f64>) -> String {
    let pct = |v: Option<f64>| b.show(&Cell::Pct(v));
    let change = change.map_or(String::new(), |d| {
        let s = b.show(&Cell::Num(Some(d)));
        let s = if d > 0.0 { format!("+{s}") } else { s };
        match b.lang {
            Lang::De => format!("; Veränderung zur Vorwelle {s} Prozentpunkte"),
            Lang::En => format!("; change since the previous wave {s} points"),
        }
    });
    match b.lang {
        Lang::De => format!(
            "{}: Anteil {} (Intervall {} bis {}), altersstandardisierter Bevölkerungsanteil {}, Verhältnis {}, Lücke {} Köpfe; {}{}.",
            c.name,
            pct(m.share),
            pct(m.ci_low),
            pct(m.ci_high),
            pct(m.benchmark_standardized),
            b.show(&Cell::Num(m.ratio)),
            b.show(&Cell::Signed(m.gap_heads)),
            labels::assessment(m.assessment, &tr_of(Lang::De)),
            change
        ),
        Lang::En => format!(
            "{}: share {} (interval {} to {}), age-standardised population share {}, ratio {}, gap {} heads; {}{}.",
            c.name,
            pct(m.share),
            pct(m.ci_low),
            pct(m.ci_high),
            pct(m.benchmark_standardized),
            b.show(&Cell::Num(m.ratio)),
            b.show(&Cell::Signed(m.gap_heads)),
            labels::assessment(m.assessment, &tr_of(Lang::En)),
            change
        ),
    }
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
    let k = k.map_or("–".to_owned(), |k| k.to_string());
    match b.lang {
        Lang::De => format!(
            "Gesamtzeilen der geschützten Tabellen je Stadt (Schwelle k = {k}; dort insgesamt {primary} Zellen primär und {secondary} sekundär gesperrt)."
        ),
        Lang::En => format!(
            "Overall rows of each city's protected tables (threshold k = {k}; {primary} cells suppressed as sensitive and {secondary} to protect them in those tables)."
        ),
    }
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

fn representation_cols<'s>(b: &Builder, first: &'s str) -> Vec<&'s str>
where
    's: 'static,
{
    let mut v = vec![first];
    v.extend([
        b.h(head::STAFF),
        b.h(head::RESPONSES),
        b.h(head::RESPONSE_RATE),
        b.h(head::SHARE),
        b.h(head::CI_LOW),
        b.h(head::CI_HIGH),
        b.h(head::BENCH_STD),
        b.h(head::RATIO),
        b.h(head::GAP),
        b.h(head::ASSESSMENT),
    ]);
    v
}

fn metric_cells(b: &Builder, label: String, m: &Metrics) -> Vec<Cell> {
    vec![
        Cell::Text(label),
        Cell::Int(Some(m.headcount)),
        Cell::Int(m.respondents),
        Cell::Pct(m.response_rate),
        Cell::Pct(m.share),
        Cell::Pct(m.ci_low),
        Cell::Pct(m.ci_high),
        Cell::Pct(m.benchmark_standardized),
        Cell::Num(m.ratio),
        Cell::Signed(m.gap_heads),
        Cell::Text(labels::assessment(m.assessment, &b.tr())),
    ]
}

/// Most bars in one chart of the report: sixteen rows fill an A4 page at full width.
const MAX_CHART_ROWS: usize = 16;

fn representation_chapter(b: &mut Builder, inputs: &Inputs) -> Chapter {
    let mut blocks = vec![Block::Para(text::representation_intro(b.lang).to_owned())];
    for c in &inputs.cities {
        blocks.push(Block::Heading(c.name.clone()));
        for gap in &c.gaps {
            blocks.push(Block::Para(gap.clone()));
        }
        // Trend over the waves.
        if c.trend.len() >= 2 {
            let mut rows = Vec::new();
            let mut points = Vec::new();
            let mut protections = Vec::new();
            let mut conf = "95".to_owned();
            for rel in &c.trend {
                let Some(cw) = rel.body().cities.first() else {
                    continue;
                };
                conf = confidence_pct(rel.body().confidence);
                protections.push(rel.protection());
                let m = &cw.overall.metrics;
                rows.push(vec![
                    Cell::Text(cw.wave.to_string()),
                    Cell::Int(Some(m.headcount)),
                    Cell::Int(m.respondents),
                    Cell::Pct(m.share),
                    Cell::Pct(m.ci_low),
                    Cell::Pct(m.ci_high),
                    Cell::Pct(m.benchmark_standardized),
                    Cell::Num(m.ratio),
                ]);
                points.push(TrendPoint {
                    label: cw.wave.to_string(),
                    share: m.share,
                    lo: m.ci_low,
                    hi: m.ci_high,
                    benchmark: m.benchmark_standardized.or(Some(m.benchmark_total)),
                });
            }
            let title = format!(
                "{}: {}",
                c.name,
                b.t("Entwicklung über die Wellen", "trend over the waves")
            );
            let note = combined_protection(b, &protections);
            let t = b.table(
                title.clone(),
                vec![
                    b.h(head::WAVE),
                    b.h(head::STAFF),
                    b.h(head::RESPONSES),
                    b.h(head::SHARE),
                    b.h(head::CI_LOW),
                    b.h(head::CI_HIGH),
                    b.h(head::BENCH_STD),
                    b.h(head::RATIO),
                ],
                rows,
                None,
                Some(note),
            );
            let svg = chart::trend_lines(&TrendChart {
                id: format!("fig-trend-{}", c.ags),
                title: title.clone(),
                desc: b
                    .t(
                        "Linie: Anteil der Beschäftigten je Welle mit Intervall; gestrichelt: Bevölkerungsanteil.",
                        "Line: staff share per wave with interval; dashed: population share.",
                    )
                    .to_owned(),
                points,
                labels: b.chart_labels(&conf),
            });
            let alt = alt_of_table(b, t, &[0, 3, 6]);
            blocks.push(b.figure(svg, alt, &title, t));
        }
        let views: [ViewSpec; 4] = [
            (
                &c.views.fields,
                "Tätigkeitsfeld und Laufbahn",
                "field and career level",
                "Feld · Laufbahn",
                "Field · level",
            ),
            (
                &c.views.age,
                "Altersgruppe",
                "age group",
                "Altersgruppe",
                "Age group",
            ),
            (
                &c.views.status,
                "Beschäftigungsstatus (Auszubildende)",
                "employment status (apprentices)",
                "Status",
                "Status",
            ),
            (
                &c.views.leadership,
                "Führungsaufgabe",
                "leadership role",
                "Führung",
                "Leadership",
            ),
        ];
        for (rel, de, en, col_de, col_en) in views {
            let Some(rel) = rel else { continue };
            let Some(cw) = rel.body().cities.first() else {
                continue;
            };
            let mut rows = Vec::new();
            let mut bars = Vec::new();
            for s in &cw.segments {
                let label = labels::segment_label(&s.key, b.catalog, &b.tr());
                bars.push(ShareRow {
                    label: label.clone(),
                    share: s.metrics.share,
                    lo: s.metrics.ci_low,
                    hi: s.metrics.ci_high,
                    benchmark: s
                        .metrics
                        .benchmark_standardized
                        .or(Some(s.metrics.benchmark_total)),
                });
                rows.push(metric_cells(b, label, &s.metrics));
            }
            rows.push(metric_cells(
                b,
                b.t("Gesamt", "Total").to_owned(),
                &cw.overall.metrics,
            ));
            let title = format!(
                "{}: {} {}, {} {}",
                c.name,
                b.t("nach", "by"),
                b.t(de, en),
                b.t("Welle", "wave"),
                cw.wave
            );
            let conf = confidence_pct(rel.body().confidence);
            let t = b.table(
                title.clone(),
                representation_cols(b, b.t(col_de, col_en)),
                rows,
                Some(rel.protection()),
                None,
            );
            // A chart of more rows than a page holds at full width (field × level: forty)
            // is drawn in parts, each legible on its page.
            let parts = bars.len().div_ceil(MAX_CHART_ROWS).max(1);
            let per_part = bars.len().div_ceil(parts).max(1);
            let alt = alt_of_table(b, t, &[0, 4, 7]);
            // One axis for all parts, so that they compare.
            let axis = bars
                .iter()
                .flat_map(|r| [r.share, r.hi, r.benchmark])
                .flatten()
                .filter(|v| v.is_finite())
                .fold(0.0, f64::max);
            for (i, chunk) in bars.chunks(per_part).enumerate() {
                let part_title = if parts > 1 {
                    format!(
                        "{title} ({} {} {} {parts})",
                        b.t("Teil", "part"),
                        i + 1,
                        b.t("von", "of")
                    )
                } else {
                    title.clone()
                };
                let svg = chart::share_bars(&ShareChart {
                    axis_max: Some(axis),
                    id: format!("fig-{}-{}-{i}", c.ags, b.tables.len()),
                    title: part_title.clone(),
                    desc: b
                        .t(
                            "Balken: Anteil der Beschäftigten je Gruppe mit Intervall; gestrichelt: Bevölkerungsanteil; schraffiert: gesperrt.",
                            "Bars: staff share per group with interval; dashed: population share; hatched: suppressed.",
                        )
                        .to_owned(),
                    rows: chunk.to_vec(),
                    labels: b.chart_labels(&conf),
                });
                blocks.push(b.figure(svg, alt.clone(), &part_title, t));
            }
        }
    }
    Chapter {
        id: "repraesentation".into(),
        title: b.t("Repräsentation", "Representation").into(),
        blocks,
    }
}

fn pipeline_chapter(b: &mut Builder, inputs: &Inputs) -> Chapter {
    let mut blocks = vec![Block::Para(text::pipeline_intro(b.lang).to_owned())];
    // Overview across cities.
    let mut rows = Vec::new();
    let mut protections = Vec::new();
    for c in &inputs.cities {
        let Some(rel) = &c.pipeline else { continue };
        protections.push(rel.protection());
        for cp in &rel.body().cities {
            for o in &cp.occupations {
                let flagged = o
                    .transitions
                    .iter()
                    .filter(|t| t.four_fifths == Some(true))
                    .count();
                let cumulative = o.transitions.last().and_then(|t| t.cumulative_impact_ratio);
                rows.push(vec![
                    Cell::Text(c.name.clone()),
                    Cell::Text(cp.year.to_string()),
                    Cell::Pct(o.applicant_share),
                    Cell::Pct(o.outreach_benchmark),
                    Cell::Num(cumulative),
                    Cell::Int(Some(flagged as u64)),
                ]);
            }
        }
    }
    if !rows.is_empty() {
        let note = combined_protection(b, &protections);
        let t = b.table(
            b.t(
                "Ausbildung: Bewerbungen und Auswahl je Stadt (alle Ausbildungsberufe)",
                "Apprenticeships: applications and selection per city (all occupations)",
            )
            .to_owned(),
            vec![
                b.h(head::CITY),
                b.h(head::YEAR),
                b.t(
                    "Anteil mit Einwanderungsgeschichte unter Bewerbungen",
                    "Share with MH among applicants",
                ),
                b.t(
                    "Bevölkerung 15–24 mit Einwanderungsgeschichte",
                    "Population 15–24 with MH",
                ),
                b.t(
                    "Quotenverhältnis Bewerbung bis Einstellung",
                    "Impact ratio application to hire",
                ),
                b.t("Übergänge unter 4/5", "Transitions below 4/5"),
            ],
            rows,
            None,
            Some(note),
        );
        blocks.push(Block::Table(t));
    }
    for c in &inputs.cities {
        if c.pipeline.is_none() && c.retention.is_none() {
            continue;
        }
        blocks.push(Block::Heading(c.name.clone()));
        if let Some(rel) = &c.pipeline {
            pipeline_city(b, c, rel, &mut blocks);
        }
        if let Some(rel) = &c.retention {
            retention_city(b, c, rel, &mut blocks);
        }
    }
    Chapter {
        id: "ausbildung".into(),
        title: b
            .t("Ausbildung und Verbleib", "Apprenticeships and retention")
            .into(),
        blocks,
    }
}

fn pipeline_city(
    b: &mut Builder,
    c: &CityInputs,
    rel: &Released<PipelineReport>,
    blocks: &mut Vec<Block>,
) {
    for cp in &rel.body().cities {
        for o in &cp.occupations {
            let rows: Vec<Vec<Cell>> = o
                .transitions
                .iter()
                .map(|t| {
                    vec![
                        Cell::Text(format!("{} → {}", t.from, t.to)),
                        Cell::Int(t.with.entered),
                        Cell::Int(t.with.advanced),
                        Cell::Pct(t.with.rate),
                        Cell::Int(t.without.entered),
                        Cell::Int(t.without.advanced),
                        Cell::Pct(t.without.rate),
                        Cell::Num(t.impact_ratio),
                        Cell::Num(t.ci_low),
                        Cell::Num(t.ci_high),
                        Cell::P(t.fisher_p_less),
                        Cell::Bool(t.four_fifths),
                        Cell::Num(t.shortfall),
                    ]
                })
                .collect();
            let title = format!(
                "{}: {} {}, {}",
                c.name,
                b.t("Auswahlverfahren", "selection"),
                cp.year,
                o.occupation
            );
            let t = b.table(
                title.clone(),
                vec![
                    b.t("Übergang", "Step"),
                    b.t(
                        "mit Einwanderungsgeschichte: auf Stufe",
                        "with MH: at stage",
                    ),
                    b.t("mit Einwanderungsgeschichte: weiter", "with MH: advanced"),
                    b.h(head::WITH_RATE),
                    b.t(
                        "ohne Einwanderungsgeschichte: auf Stufe",
                        "without MH: at stage",
                    ),
                    b.t(
                        "ohne Einwanderungsgeschichte: weiter",
                        "without MH: advanced",
                    ),
                    b.h(head::WITHOUT_RATE),
                    b.t("Quotenverhältnis", "Impact ratio"),
                    b.h(head::CI_LOW),
                    b.h(head::CI_HIGH),
                    b.h(head::FISHER_ONE_SIDED),
                    b.t("unter 4/5", "below 4/5"),
                    b.t("Fehlbetrag (Personen)", "Shortfall (persons)"),
                ],
                rows,
                Some(rel.protection()),
                None,
            );
            let stages: Vec<FunnelStage> = o
                .stages
                .iter()
                .enumerate()
                .map(|(s, st)| FunnelStage {
                    label: st.stage.to_string(),
                    with: st.with,
                    without: st.without,
                    ratio: if s == 0 {
                        None
                    } else {
                        o.transitions.get(s - 1).and_then(|t| t.impact_ratio)
                    },
                })
                .collect();
            let svg = chart::funnel(&FunnelChart {
                id: format!("fig-funnel-{}-{}", c.ags, b.tables.len()),
                title: title.clone(),
                desc: b
                    .t(
                        "Je Stufe zwei Balken: Personen mit und ohne Einwanderungsgeschichte; rechts das Verhältnis der Quoten.",
                        "Two bars per stage: persons with and without a migration history; on the right the ratio of the rates.",
                    )
                    .to_owned(),
                stages,
                labels: funnel_labels(b),
            });
            let alt = alt_of_table(b, t, &[0, 3, 6, 7]);
            blocks.push(b.figure(svg, alt, &title, t));
        }
    }
}

fn funnel_labels(b: &Builder) -> FunnelLabels {
    let mut l = FunnelLabels::german();
    if b.en() {
        l.with = "with a migration history".into();
        l.without = "without a migration history".into();
        l.ratio = "ratio of rates".into();
        l.suppressed = "suppressed".into();
        l.four_fifths_flag = "below 4/5".into();
        l.number = |v| format!("{v:.2}");
        l.percent = chart::en_percent;
        l.count = |v| Cell::Int(Some(v)).for_people_in(true);
    }
    l
}

fn retention_city(
    b: &mut Builder,
    c: &CityInputs,
    rel: &Released<RetentionReport>,
    blocks: &mut Vec<Block>,
) {
    for cr in &rel.body().cities {
        let mut rows = Vec::new();
        for s in &cr.segments {
            for l in &s.lines {
                let reason = match l.reason {
                    abbild_core::retention::ReasonLine::All => {
                        b.t("alle Gründe", "all reasons").to_owned()
                    }
                    abbild_core::retention::ReasonLine::One(r) => {
                        if b.en() {
                            r.code().replace('_', " ")
                        } else {
                            r.label_de().to_owned()
                        }
                    }
                };
                rows.push(vec![
                    Cell::Text(reason),
                    Cell::Int(l.with.headcount),
                    Cell::Int(l.with.exits),
                    Cell::Pct(l.with.rate),
                    Cell::Int(l.without.headcount),
                    Cell::Int(l.without.exits),
                    Cell::Pct(l.without.rate),
                    Cell::Num(l.exit_ratio),
                    Cell::Num(l.ci_low),
                    Cell::Num(l.ci_high),
                    Cell::P(l.fisher_p_greater),
                ]);
            }
        }
        let title = format!(
            "{}: {} {}",
            c.name,
            b.t("Abgänge nach Grund", "exits by reason"),
            cr.year
        );
        let t = b.table(
            title,
            vec![
                b.t("Grund", "Reason"),
                b.t(
                    "mit Einwanderungsgeschichte: Beschäftigte",
                    "with MH: staff",
                ),
                b.t("mit Einwanderungsgeschichte: Abgänge", "with MH: exits"),
                b.h(head::WITH_RATE),
                b.t(
                    "ohne Einwanderungsgeschichte: Beschäftigte",
                    "without MH: staff",
                ),
                b.t("ohne Einwanderungsgeschichte: Abgänge", "without MH: exits"),
                b.h(head::WITHOUT_RATE),
                b.t("Abgangsverhältnis", "Exit ratio"),
                b.h(head::CI_LOW),
                b.h(head::CI_HIGH),
                b.h(head::FISHER_ONE_SIDED),
            ],
            rows,
            Some(rel.protection()),
            None,
        );
        blocks.push(Block::Table(t));
    }
}

fn projection_summary_row(b: &Builder, c: &CityInputs, p: &ProjectionInput) -> Vec<Cell> {
    let sc = &p.scenario;
    let first = p.result.years.first();
    vec![
        Cell::Text(c.name.clone()),
        Cell::Text(
            p.saved_as
                .clone()
                .unwrap_or_else(|| b.t("Standard", "default").to_owned()),
        ),
        Cell::Text(sc.start_year.to_string()),
        Cell::Pct(first.map(|y| y.share)),
        Cell::Pct(Some(sc.target.share)),
        Cell::Pct(Some(sc.hire_share)),
        Cell::Pct(Some(sc.headcount_growth)),
        Cell::Text(p.result.parity_year.map_or_else(
            || b.t("nicht erreicht", "not reached").to_owned(),
            |y| y.to_string(),
        )),
        Cell::Pct(p.result.required_hire_share),
        Cell::Text(
            sc.required_by
                .unwrap_or_else(|| {
                    abbild_core::Year::new(sc.start_year.get().saturating_add(sc.horizon))
                        .unwrap_or(sc.start_year)
                })
                .to_string(),
        ),
        Cell::Pct(Some(p.result.equilibrium_share)),
    ]
}

fn projection_chapter(b: &mut Builder, inputs: &Inputs) -> Chapter {
    let mut blocks = vec![Block::Para(text::projection_intro(b.lang).to_owned())];
    for c in &inputs.cities {
        let Some(p) = &c.projection else { continue };
        blocks.push(Block::Heading(c.name.clone()));
        let sc = &p.scenario;
        blocks.push(Block::Facts(vec![
            (
                b.h(head::SCENARIO).into(),
                p.saved_as.clone().unwrap_or_else(|| {
                    b.t(
                        "Standard (keine gespeicherte Annahme)",
                        "default (no saved scenario)",
                    )
                    .to_owned()
                }),
            ),
            (
                b.h(head::STAFF_CHANGE).into(),
                b.show(&Cell::Pct(Some(sc.headcount_growth))),
            ),
            (
                b.t(
                    "Einstellungsanteil mit Einwanderungsgeschichte",
                    "Hiring share with MH",
                )
                .into(),
                b.show(&Cell::Pct(Some(sc.hire_share))),
            ),
            (
                b.t(
                    "Abgangsquote mit / ohne Einwanderungsgeschichte",
                    "Exit rate with / without MH",
                )
                .into(),
                format!(
                    "{} / {}",
                    b.show(&Cell::Pct(Some(sc.attrition.with))),
                    b.show(&Cell::Pct(Some(sc.attrition.without)))
                ),
            ),
            (
                b.t("Ruhestandsalter", "Retirement age").into(),
                sc.retirement_age.to_string(),
            ),
            (
                b.h(head::TARGET).into(),
                b.show(&Cell::Pct(Some(sc.target.share))),
            ),
        ]));
        let rows: Vec<Vec<Cell>> = p
            .result
            .years
            .iter()
            .map(|y| {
                vec![
                    Cell::Text(y.year.to_string()),
                    Cell::Int(Some(y.headcount.round().max(0.0) as u64)),
                    Cell::Int(Some(y.with.round().max(0.0) as u64)),
                    Cell::Pct(Some(y.share)),
                    Cell::Pct(Some(y.target)),
                    Cell::Pct(y.p05),
                    Cell::Pct(y.p95),
                ]
            })
            .collect();
        let title = format!(
            "{}: {}",
            c.name,
            b.t("Projektion des Anteils", "projected share")
        );
        let summary = match b.lang {
            Lang::De => abbild_export::projection::summary(&p.result, &tr_of(Lang::De)),
            Lang::En => format!(
                "Parity {}; required hiring share {}; equilibrium {}.",
                p.result
                    .parity_year
                    .map_or("not reached".to_owned(), |y| y.to_string()),
                b.show(&Cell::Pct(p.result.required_hire_share)),
                b.show(&Cell::Pct(Some(p.result.equilibrium_share)))
            ),
        };
        let t = b.table(
            title.clone(),
            vec![
                b.h(head::YEAR),
                b.h(head::STAFF),
                b.t("mit Einwanderungsgeschichte", "with MH"),
                b.h(head::SHARE),
                b.h(head::TARGET),
                b.t("Anteil 5 %", "Share 5 %"),
                b.t("Anteil 95 %", "Share 95 %"),
            ],
            rows,
            None,
            Some(format!(
                "{} {}",
                b.t(
                    "Modellrechnung, keine Personenzählung; Personen gerundet.",
                    "Model run, not a count of persons; persons rounded."
                ),
                summary
            )),
        );
        let points = p
            .result
            .years
            .iter()
            .map(|y| ProjectionPoint {
                label: y.year.to_string(),
                share: Some(y.share),
                p05: y.p05,
                p95: y.p95,
                target: Some(y.target),
            })
            .collect();
        let svg = chart::projection(&ProjectionChart {
            id: format!("fig-projection-{}", c.ags),
            title: title.clone(),
            desc: summary.clone(),
            points,
            parity_year: p.result.parity_year.map(|y| y.to_string()),
            compare: None,
            labels: ProjectionLabels {
                share: b.t("Anteil (Modell)", "Share (model)").into(),
                band: b.t("90-%-Band", "90 % band").into(),
                target: b.h(head::TARGET).into(),
                parity: b.t("Parität", "Parity").into(),
                percent: b.percent(),
            },
        });
        blocks.push(b.figure(svg, format!("{title}. {summary}"), &title, t));
    }
    Chapter {
        id: "projektion".into(),
        title: b.t("Projektion", "Projection").into(),
        blocks,
    }
}

fn methods_chapter(b: &mut Builder, inputs: &Inputs) -> Chapter {
    let mut blocks = Vec::new();
    let definition = inputs
        .cities
        .iter()
        .find_map(|c| c.views.fields.as_ref().map(|r| r.body().definition));
    blocks.push(Block::Heading(b.t("Definitionen", "Definitions").into()));
    blocks.push(Block::Para(text::definitions_intro(b.lang).to_owned()));
    blocks.push(Block::Bullets(
        text::definitions(b.lang)
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
    ));
    if let Some(d) = definition {
        blocks.push(Block::Para(match b.lang {
            Lang::De => format!(
                "Alle Anteile dieses Berichts (Beschäftigte, Bevölkerung, Ausbildung, Verbleib) verwenden die Definition „{}“ ({}). Der Vergleichswert der Bevölkerung nennt dieselbe Definition.",
                d.label_de(),
                d.code()
            ),
            Lang::En => format!(
                "Every share in this report (staff, population, apprenticeships, retention) uses the definition “{}” ({}). The population benchmark names the same definition.",
                d.label_de(),
                d.code()
            ),
        }));
    }
    // Benchmarks per city.
    let rows: Vec<Vec<Cell>> = inputs
        .cities
        .iter()
        .filter_map(|c| {
            let rel = c.views.fields.as_ref()?;
            let cw = rel.body().cities.first()?;
            Some(vec![
                Cell::Text(c.name.clone()),
                Cell::Text(cw.benchmark.source.label_de().to_owned()),
                Cell::Text(cw.benchmark.year.to_string()),
                Cell::Text(cw.benchmark.definition.label_de().to_owned()),
                Cell::Text(cw.year.to_string()),
                Cell::Text(cw.wave.to_string()),
            ])
        })
        .collect();
    blocks.push(Block::Heading(
        b.t("Vergleichswert und Daten", "Benchmark and data").into(),
    ));
    blocks.push(Block::Para(text::benchmark(b.lang).to_owned()));
    let t = b.table(
        b.t("Quellen je Stadt", "Sources per city").into(),
        vec![
            b.h(head::CITY),
            b.t("Quelle des Vergleichswerts", "Benchmark source"),
            b.t("Jahr des Vergleichswerts", "Benchmark year"),
            b.t("Definition", "Definition"),
            b.t("Personaljahr", "Staff year"),
            b.t("Befragungswelle", "Survey wave"),
        ],
        rows,
        None,
        Some(
            b.t(
                "Metadaten, keine Personenzählung.",
                "Metadata, not a count of persons.",
            )
            .into(),
        ),
    );
    blocks.push(Block::Table(t));
    blocks.push(Block::Heading(
        b.t("Intervalle und Gewichtung", "Intervals and weighting")
            .into(),
    ));
    blocks.push(Block::Para(text::intervals(b.lang).to_owned()));
    blocks.push(Block::Para(text::weighting(b.lang).to_owned()));
    blocks.push(Block::Heading(b.t("Rücklauf", "Response").into()));
    blocks.push(Block::Para(text::response(b.lang).to_owned()));
    blocks.push(Block::Heading(
        b.t("Geheimhaltung", "Confidentiality").into(),
    ));
    blocks.push(Block::Para(text::confidentiality(b.lang).to_owned()));
    let (mut primary, mut secondary) = (0usize, 0usize);
    let rows: Vec<Vec<Cell>> = b
        .suppression
        .iter()
        .map(|s| {
            primary += s.primary.unwrap_or(0);
            secondary += s.secondary.unwrap_or(0);
            vec![
                Cell::Text(s.table.clone()),
                Cell::Text(s.title.clone()),
                Cell::Int(s.k),
                Cell::Int(s.primary.map(|v| v as u64)),
                Cell::Int(s.secondary.map(|v| v as u64)),
            ]
        })
        .collect();
    blocks.push(Block::Para(match b.lang {
        Lang::De => format!(
            "Über alle geschützten Tabellen des Berichts wurden {primary} Zellen gesperrt, weil sie weniger als k Personen zählen (primär), und {secondary} weitere, damit sich die gesperrten nicht aus Summen und Differenzen zurückrechnen lassen (sekundär). Eine Lineare-Programmierungs-Prüfung hat für jede sensible Zelle gezeigt, dass sie nur auf ein Intervall der Breite von mindestens k eingegrenzt werden kann."
        ),
        Lang::En => format!(
            "Across all protected tables of the report, {primary} cells were suppressed because they count fewer than k persons (primary), and {secondary} more so that the suppressed ones cannot be recomputed from sums and differences (secondary). A linear-programming audit showed for every sensitive cell that it can only be narrowed to an interval at least k wide."
        ),
    }));
    let t = b.table(
        b.t("Gesperrte Zellen je Tabelle", "Suppressed cells per table").into(),
        vec![
            b.t("Tabelle", "Table"),
            b.t("Titel", "Title"),
            b.t("Schwelle k", "Threshold k"),
            b.t("primär gesperrt", "primary"),
            b.t("sekundär gesperrt", "secondary"),
        ],
        rows,
        None,
        Some(
            b.t(
                "Primär: Zählung zwischen 1 und k − 1 (oder davon abgeleitet). Sekundär: gesperrt, damit primäre Zellen nicht rückrechenbar sind. Zählungen der Gruppe „unbekannt“ werden nie veröffentlicht.",
                "Primary: a count between 1 and k − 1 (or derived from one). Secondary: suppressed so that primary cells cannot be recomputed. Counts of the group “unknown” are never published.",
            )
            .into(),
        ),
    );
    blocks.push(Block::Table(t));
    blocks.push(Block::Heading(b.t("Projektion", "Projection").into()));
    blocks.push(Block::Para(text::projection_method(b.lang).to_owned()));
    Chapter {
        id: "methoden".into(),
        title: b.t("Methoden", "Methods").into(),
        blocks,
    }
}

fn sources(b: &Builder, inputs: &Inputs) -> Vec<(String, String)> {
    let mut out = vec![
        (
            b.t("Bericht", "Report").to_owned(),
            format!(
                "{} {} · {}",
                b.t("Berichtsjahr", "Reporting year"),
                inputs.year,
                match inputs.scope {
                    Scope::Region => b.t("Region", "region").to_owned(),
                    Scope::City(a) => format!("{} {a}", b.t("Stadt", "city")),
                }
            ),
        ),
        (
            b.h(head::STAFF).to_owned(),
            b.t(
                "Personalstatistik der Städte (Köpfe nach Feld, Laufbahn, Status, Alter, Führung), Stichtag des Berichtsjahres.",
                "The cities' staff statistics (heads by field, level, status, age, leadership) for the reporting year.",
            )
            .to_owned(),
        ),
        (
            b.t("Befragung", "Survey").to_owned(),
            b.t(
                "Anonyme Beschäftigtenbefragung mit abbild (Einmalcodes, keine Verknüpfung mit Personen).",
                "Anonymous staff survey with abbild (one-time codes, no link to persons).",
            )
            .to_owned(),
        ),
        (
            b.t("Bevölkerung", "Population").to_owned(),
            b.t(
                "Zensus 2022 (Statistische Ämter des Bundes und der Länder), Einwanderungsgeschichte nach Altersgruppen; je Stadt siehe Tabelle „Quellen je Stadt“.",
                "Census 2022 (Federal and State Statistical Offices), migration history by age group; per city see table “Sources per city”.",
            )
            .to_owned(),
        ),
        (
            b.t("Ausbildung und Abgänge", "Apprenticeships and exits").to_owned(),
            b.t(
                "Bewerbungs- und Auswahldaten sowie Abgänge der Städte im Berichtsjahr.",
                "The cities' application and selection data and exits in the reporting year.",
            )
            .to_owned(),
        ),
        (
            b.t("Geheimhaltung", "Confidentiality").to_owned(),
            b.t(
                "Jede Tabelle hat den Geheimhaltungsschritt von abbild durchlaufen (SPEC §5); gesperrte Werte sind leer bzw. „–“.",
                "Every table passed abbild's confidentiality step (SPEC §5); suppressed values are empty or “–”.",
            )
            .to_owned(),
        ),
    ];
    for c in &inputs.cities {
        if let Some(rel) = &c.views.fields {
            for cw in &rel.body().cities {
                for w in &cw.warnings {
                    out.push((
                        format!("{} ({})", b.t("Hinweis", "Note"), c.name),
                        w.clone(),
                    ));
                }
            }
        }
    }
    out
}

/// The catalogue in `lang`.
fn tr_of(lang: Lang) -> abbild_i18n::Tr {
    let l = match lang {
        Lang::De => abbild_i18n::Lang::De,
        Lang::En => abbild_i18n::Lang::En,
    };
    abbild_i18n::Tr::new(abbild_i18n::I18n::global(), l)
}

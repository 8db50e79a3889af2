//! Turns protected results into what the templates show: formatted numbers in the request's
//! language, segment labels, chart data. Only `Released` values come in.

use crate::i18n::{Lang, Tr};
use abbild_core::disclosure::Released;
use abbild_core::representation::{Assessment, CityRepresentation, Metrics, SegmentLabel};
use abbild_core::{Dim, DimSet, FieldCatalog};
use abbild_export::chart::{ChartLabels, ShareRow};
use abbild_export::labels;

/// The segment views of a city, as they appear in URLs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Fields,
    Age,
    Status,
    Leadership,
}

impl View {
    pub const ALL: [View; 4] = [View::Fields, View::Age, View::Status, View::Leadership];

    pub fn slug(self) -> &'static str {
        match self {
            View::Fields => "felder",
            View::Age => "alter",
            View::Status => "status",
            View::Leadership => "fuehrung",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        View::ALL.into_iter().find(|v| v.slug() == s)
    }
    pub fn dims(self) -> DimSet {
        match self {
            View::Fields => DimSet::EMPTY.with(Dim::Field).with(Dim::Level),
            View::Age => DimSet::EMPTY.with(Dim::Age),
            View::Status => DimSet::EMPTY.with(Dim::Status),
            View::Leadership => DimSet::EMPTY.with(Dim::Leadership),
        }
    }
    pub fn title_key(self) -> &'static str {
        match self {
            View::Fields => "view-fields-title",
            View::Age => "view-age-title",
            View::Status => "view-status-title",
            View::Leadership => "view-leadership-title",
        }
    }
    pub fn nav_key(self) -> &'static str {
        match self {
            View::Fields => "nav-fields",
            View::Age => "nav-age",
            View::Status => "nav-status",
            View::Leadership => "nav-leadership",
        }
    }
}

/// The dimensions the overall share is stratified by (field × level corrects for response
/// rates that differ between segments).
pub fn overview_dims() -> DimSet {
    View::Fields.dims()
}

pub use crate::i18n::fmt::{int, interval, pct, ratio, signed};

pub fn assessment(a: Assessment, lang: Lang) -> String {
    labels::assessment(a, &Tr::new(crate::i18n::I18n::global(), lang))
}

pub fn segment_label(key: &SegmentLabel, catalog: &FieldCatalog, lang: Lang) -> String {
    labels::segment_label(key, catalog, &Tr::new(crate::i18n::I18n::global(), lang))
}

/// A table of the one output model as a page shows it: the first column heads each row.
/// Pages render sheets through this one writer (`templates/sheet.html`), so a page shows
/// the cells the downloads and the report show, formatted once.
#[derive(Debug, Clone, Default)]
pub struct PageTable {
    /// Header of a leading rank column (the rows' order says something, e.g. the region's
    /// largest gaps first); `None` for no such column.
    pub rank: Option<String>,
    pub head: Vec<String>,
    pub rows: Vec<PageRow>,
}

#[derive(Debug, Clone)]
pub struct PageRow {
    /// Where the row head leads (the city's own page), if anywhere.
    pub link: Option<String>,
    pub head: String,
    /// (text, is a figure): figures are right-aligned.
    pub cells: Vec<(String, bool)>,
    /// A row the protection step withheld (its figures read "–", its last words say why).
    pub withheld: bool,
}

impl PageTable {
    pub fn of(sheet: &abbild_export::output::Sheet, tr: &Tr) -> Self {
        use abbild_export::output::Cell;
        let rows = sheet
            .rows
            .iter()
            .map(|r| {
                let withheld = r.iter().any(|c| matches!(c, Cell::Withheld(_)));
                let mut cells = r.iter().map(|c| {
                    let figure = !matches!(c, Cell::Text(_) | Cell::Term { .. });
                    // One plain sentence per withheld row instead of a word in every cell.
                    let text = if matches!(c, Cell::Withheld(_)) {
                        "–".to_owned()
                    } else {
                        c.for_people(tr)
                    };
                    (text, figure)
                });
                let head = cells.next().map(|c| c.0).unwrap_or_default();
                PageRow {
                    link: None,
                    head,
                    cells: cells.collect(),
                    withheld,
                }
            })
            .collect();
        PageTable {
            rank: None,
            head: sheet.cols.iter().map(|c| c.header(tr)).collect(),
            rows,
        }
    }

    /// Numbers the rows 1, 2, … in a leading column headed `header`.
    #[must_use]
    pub fn ranked(mut self, header: String) -> Self {
        self.rank = Some(header);
        self
    }

    /// Links each row head to the address of the same position.
    #[must_use]
    pub fn linked(mut self, links: Vec<String>) -> Self {
        for (r, l) in self.rows.iter_mut().zip(links) {
            r.link = Some(l);
        }
        self
    }
}

pub fn share_row(label: String, m: &Metrics) -> ShareRow {
    ShareRow {
        label,
        share: m.share,
        lo: m.ci_low,
        hi: m.ci_high,
        benchmark: m.benchmark_standardized.or(Some(m.benchmark_total)),
    }
}

pub fn chart_labels(t: &Tr, confidence_pct: &str) -> ChartLabels {
    ChartLabels {
        staff: t.get("legend-share"),
        interval: format!("{} ({confidence_pct} %)", t.get("legend-interval")),
        benchmark: t.get("legend-benchmark"),
        suppressed: t.get("suppressed"),
        percent: if t.lang == Lang::De {
            abbild_export::chart::de_percent
        } else {
            en_percent
        },
    }
}

pub use abbild_export::chart::en_percent;

/// The city's name for headings, with the AGS for unknown cities.
pub fn city_name(ags: abbild_core::Ags) -> String {
    let code = ags.to_string();
    abbild_export::representation::city_name(&code).map_or(code, str::to_owned)
}

/// The one city of a protected city report.
pub fn only_city(
    rel: &Released<abbild_core::representation::RepresentationReport>,
) -> Option<&CityRepresentation> {
    rel.body().cities.first()
}

/// Protection line for the page, in the request's language and in plain words: what was
/// withheld and why, and that it was checked. The methods words (primary, secondary, linear
/// programme) stay in the downloads and the report's methods chapter.
pub fn protection_note<T>(rel: &Released<T>, lang: Lang) -> String {
    use abbild_core::disclosure::Protection;
    let tr = Tr::new(crate::i18n::I18n::global(), lang);
    match rel.protection() {
        Protection::Unprotected { warning } => warning.clone(),
        Protection::Protected {
            k,
            primary,
            secondary,
            audit_cells,
            ..
        } => {
            let n = |v: usize| int(v as u64, lang);
            if primary + secondary == 0 {
                tr.arg("protection-none", "k", &k.to_string())
            } else {
                tr.args(
                    "protection-plain",
                    &[
                        ("k", k.to_string()),
                        ("withheld", n(primary + secondary)),
                        ("small", n(*primary)),
                        ("derived", n(*secondary)),
                        ("checked", n(*audit_cells)),
                    ],
                )
            }
        }
    }
}

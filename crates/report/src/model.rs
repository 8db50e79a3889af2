//! The report as one value: chapters of text, charts and tables.
//!
//! Every renderer (HTML, PDF, XLSX) walks the same [`Report`], and a `Report` can only be
//! made by [`crate::build`] from [`Released`](abbild_core::disclosure::Released) results. So
//! the three formats cannot disagree, and none of them can show a figure that did not pass
//! the disclosure-control step.

use abbild_export::output::Cell;

/// Id of the appendix chapter: it holds every table once; figures link there.
pub(crate) const APPENDIX: &str = "anhang";

/// Language of an edition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    De,
    En,
}

impl Lang {
    pub fn parse(raw: &str) -> Result<Self, abbild_core::ParseError> {
        match abbild_core::fold(raw).as_str() {
            "de" | "deutsch" | "german" => Ok(Lang::De),
            "en" | "englisch" | "english" => Ok(Lang::En),
            _ => Err(abbild_core::ParseError::new(
                raw,
                abbild_core::one_of(&["de", "en"]),
            )),
        }
    }
    /// BCP 47 code for `lang` attributes and the PDF catalogue.
    pub fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }
    /// The catalogue's language: every word of the report comes from there.
    pub fn i18n(self) -> abbild_i18n::Lang {
        match self {
            Lang::De => abbild_i18n::Lang::De,
            Lang::En => abbild_i18n::Lang::En,
        }
    }
    /// The translator of an edition.
    pub(crate) fn tr(self) -> abbild_i18n::Tr {
        abbild_i18n::Tr::new(abbild_i18n::I18n::global(), self.i18n())
    }
}

/// One table: the unit that the appendix lists, the XLSX holds as a sheet, and that each
/// chart carries as its data table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// `T01`, `T02`, …: the same number in every format.
    pub id: String,
    pub title: String,
    /// Column headers in the edition's language.
    pub cols: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// What the protection step did to this table (shown under it, and on the source sheet).
    pub note: String,
}

impl Table {
    /// XLSX sheet name: the id and as much of the title as fits in 31 characters, without
    /// the characters Excel forbids.
    pub fn sheet_name(&self) -> String {
        let clean: String = format!("{} {}", self.id, self.title)
            .chars()
            .map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c })
            .collect();
        clean
            .chars()
            .take(31)
            .collect::<String>()
            .trim_end()
            .to_owned()
    }
}

/// A chart: the SVG of the web app, a text alternative and the table with its data.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub svg: String,
    /// Short text alternative (alt text, PDF `/Alt`).
    pub alt: String,
    pub caption: String,
    /// Index into [`Report::tables`].
    pub table: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A subheading within a chapter (level 2).
    Heading(String),
    Para(String),
    Bullets(Vec<String>),
    /// Pairs of term and value (key figures, definitions).
    Facts(Vec<(String, String)>),
    Figure(Figure),
    /// A table shown in full at this place (index into [`Report::tables`]).
    Table(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Chapter {
    /// Anchor: `zusammenfassung`, `methoden`, …
    pub id: String,
    pub title: String,
    pub blocks: Vec<Block>,
}

/// The whole report. Fields are read-only outside this crate: only [`crate::build`] makes one.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub(crate) lang: Lang,
    pub(crate) title: String,
    pub(crate) subtitle: String,
    /// Who publishes it, for the PDF metadata and the title page.
    pub(crate) author: String,
    pub(crate) chapters: Vec<Chapter>,
    /// Every table of the report, in order; the appendix repeats each one.
    pub(crate) tables: Vec<Table>,
    /// Rows of the XLSX sources sheet and the HTML/PDF imprint: (what, text).
    pub(crate) sources: Vec<(String, String)>,
}

impl Report {
    pub fn lang(&self) -> Lang {
        self.lang
    }
    pub fn title(&self) -> &str {
        &self.title
    }
    pub fn subtitle(&self) -> &str {
        &self.subtitle
    }
    pub fn author(&self) -> &str {
        &self.author
    }
    pub fn chapters(&self) -> &[Chapter] {
        &self.chapters
    }
    pub fn tables(&self) -> &[Table] {
        &self.tables
    }
    pub fn sources(&self) -> &[(String, String)] {
        &self.sources
    }
    /// A cell as the reader sees it in HTML and PDF (and the test compares with XLSX).
    pub fn show(&self, c: &Cell) -> String {
        c.for_people(&self.lang.tr())
    }
}

#[cfg(test)]
impl Report {
    /// A small report for renderer tests (not reachable from outside the crate).
    pub(crate) fn sample() -> Self {
        let t = Table {
            id: "T01".into(),
            title: "Anteil nach Stadt".into(),
            cols: vec!["Stadt".into(), "Beschäftigte".into(), "Anteil".into()],
            rows: vec![
                vec![
                    Cell::Text("Herne".into()),
                    Cell::Int(Some(4210)),
                    Cell::Pct(Some(0.223)),
                ],
                vec![
                    Cell::Text("Bochum".into()),
                    Cell::Int(None),
                    Cell::Pct(None),
                ],
            ],
            note: "Geheimhaltung: Schwelle k = 5; 1 Zelle primär gesperrt.".into(),
        };
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 60" role="img" aria-labelledby="s-t s-d"><title id="s-t">Anteil</title><desc id="s-d">Balken</desc><rect x="10" y="10" width="120" height="20" fill="#0072B2"/><text x="140" y="25" font-size="12">22,3 %</text></svg>"##;
        Report {
            lang: Lang::De,
            title: "Regionalbericht 2024".into(),
            subtitle: "Berichtsjahr 2024 · 2 Städte".into(),
            author: "Kooperation Ruhr".into(),
            chapters: vec![
                Chapter {
                    id: "zusammenfassung".into(),
                    title: "Zusammenfassung".into(),
                    blocks: vec![
                        Block::Para(
                            "Text mit # und * und _ und $ und \"Zeichen\" [x] <y> @z \\.".into(),
                        ),
                        Block::Bullets(vec!["eins".into(), "zwei".into()]),
                        Block::Facts(vec![("Anteil".into(), "22,3 %".into())]),
                        Block::Heading("Städte".into()),
                        Block::Figure(Figure {
                            svg: svg.into(),
                            alt: "Balken: Herne 22,3 %".into(),
                            caption: "Abbildung 1: Anteil".into(),
                            table: 0,
                        }),
                        Block::Table(0),
                    ],
                },
                Chapter {
                    id: APPENDIX.into(),
                    title: "Anhang".into(),
                    blocks: vec![Block::Table(0)],
                },
            ],
            tables: vec![t],
            sources: vec![("Bevölkerung".into(), "Zensus 2022".into())],
        }
    }
}

//! The one output model: every protected result leaves abbild as [`Sheet`]s of typed
//! [`Cell`]s under declared [`Col`]umns, and one writer per format renders them
//! ([`table`] for the terminal, [`csv()`] in both dialects, [`xlsx`]; the report's HTML, PDF
//! and XLSX walk the same cells). Builders (`pipeline`, `retention`, `projection`,
//! `representation`) only say which columns a result has and how to fill a row; how a
//! share, a count or a withheld cell looks is decided here once, so the formats cannot
//! disagree.

mod text;
mod writers;

pub use text::protection_technical;
pub use writers::{csv, grid, table, write_xlsx_cell, xlsx, xlsx_with_notes, XlsxFormats};

use abbild_i18n::Tr;

/// Why a cell shows no figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Withheld {
    /// Fewer than k persons, or computable from published figures (SPEC §5): withheld to
    /// protect the respondents.
    Protected,
}

/// One cell. `None` is a figure that does not exist or cannot be estimated (`–`);
/// [`Cell::Withheld`] a figure that exists but is not shown, with its reason.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(Option<u64>),
    /// A signed whole number (gap in heads: negative is a shortfall).
    Signed(Option<i64>),
    /// A share, 0..=1 (`22,3 %`).
    Pct(Option<f64>),
    /// A ratio or other real number (two decimals for people).
    Num(Option<f64>),
    /// A p-value (four decimals, `< 0,0001` for people).
    P(Option<f64>),
    Bool(Option<bool>),
    /// An interval of shares (`19,3 – 23,7 %`); people tables show it in one column.
    Interval(Option<(f64, f64)>),
    /// A coded value: the code for scripts (canonical CSV), the words for people.
    Term {
        code: String,
        words: String,
    },
    Withheld(Withheld),
}

impl Cell {
    /// Whether the cell holds no figure (missing, not estimable or withheld).
    pub fn is_empty(&self) -> bool {
        matches!(
            self,
            Cell::Int(None)
                | Cell::Signed(None)
                | Cell::Pct(None)
                | Cell::Num(None)
                | Cell::P(None)
                | Cell::Bool(None)
                | Cell::Interval(None)
                | Cell::Withheld(_)
        )
    }

    /// In a row whose figures the protection step withheld, an empty figure is withheld,
    /// not "not estimable": the reader is told why it is missing.
    #[must_use]
    pub fn withheld_if_empty(self) -> Cell {
        if self.is_empty() {
            Cell::Withheld(Withheld::Protected)
        } else {
            self
        }
    }

    /// The cell as people read it, in `lang`: `22,3 %`, `1.234`, `ja`; `–` where no figure
    /// exists, the catalogue's word for a withheld one.
    pub fn for_people(&self, tr: &Tr) -> String {
        text::for_people(self, tr)
    }
}

/// A column: its canonical code (CSV for scripts, JSON keys) and the catalogue key of the
/// header people read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Col {
    pub code: &'static str,
    pub key: &'static str,
}

pub const fn col(code: &'static str, key: &'static str) -> Col {
    Col { code, key }
}

impl Col {
    /// The header in the reader's language.
    pub fn header(&self, tr: &Tr) -> String {
        tr.get(self.key)
    }
}

/// One table of a result: the unit of a CSV file, an XLSX sheet and a terminal block.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// Catalogue key of the XLSX sheet name (≤ 31 characters in both languages).
    pub name: &'static str,
    pub cols: Vec<Col>,
    pub rows: Vec<Vec<Cell>>,
    /// The protection line in the sheet's language: above tables, as a comment row in CSV,
    /// on the note sheet of an XLSX.
    pub note: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CsvStyle;
    use abbild_i18n::{I18n, Lang};

    fn sheet() -> Sheet {
        Sheet {
            name: "out-sheet-pipeline",
            cols: vec![
                col("stage", "out-pipeline-from"),
                col("with_in", "out-pipeline-with-in"),
                col("share", "out-share"),
            ],
            rows: vec![
                vec![
                    Cell::Term {
                        code: "interview".into(),
                        words: "Vorstellungsgespräch".into(),
                    },
                    Cell::Int(Some(1234)),
                    Cell::Pct(Some(0.2234)),
                ],
                vec![
                    Cell::Term {
                        code: "offer".into(),
                        words: "Angebot".into(),
                    },
                    Cell::Withheld(Withheld::Protected),
                    Cell::Pct(None),
                ],
            ],
            note: "Geheimhaltung".into(),
        }
    }

    /// One cell reads the same in every format: a withheld figure says so for people and is
    /// empty for scripts; a term is its code for scripts and its words for people.
    #[test]
    fn every_writer_renders_the_same_cells() {
        let de = Tr::new(I18n::global(), Lang::De);
        let en = Tr::new(I18n::global(), Lang::En);
        let t = table(&[sheet()], &de);
        assert!(
            t.contains("Vorstellungsgespräch │             1.234 │ 22,3 %"),
            "{t}"
        );
        assert!(t.contains("gesperrt"), "{t}");
        let t = table(&[sheet()], &en);
        assert!(
            t.contains("1,234") && t.contains("withheld") && t.contains("22.3 %"),
            "{t}"
        );
        let mut out = Vec::new();
        csv(&sheet(), CsvStyle::Canonical, &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(
            out,
            "stage,with_in,share\ninterview,1234,0.2234\noffer,,\n# Geheimhaltung\n"
        );
        let mut out = Vec::new();
        csv(&sheet(), CsvStyle::GermanExcel, &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.contains(
                "von Stufe;mit MH: auf Stufe;Anteil\nVorstellungsgespräch;1234;0,2234\nAngebot;;\n"
            ),
            "{out}"
        );
        assert_eq!(&xlsx(&[sheet()], &de).unwrap()[..2], b"PK");
    }
}

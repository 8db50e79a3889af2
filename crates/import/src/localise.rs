//! Import errors in the reader's language, from the one catalogue (`abbild-i18n`).
//!
//! `Display` is the German catalogue text (the command line); the web app shows
//! [`ImportError::messages_in`] in the reader's language, including what a cell was expected
//! to hold (`RowError::expected`, a catalogue message from the parsers).

use crate::error::{FileError, ImportError, RowError, MAX_ROW_ERRORS};
use abbild_i18n::{I18n, Lang, Tr};

/// The German translator, for `Display`.
pub(crate) fn german() -> Tr {
    Tr::new(I18n::global(), Lang::De)
}

fn quoted(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("\"{s}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

impl FileError {
    /// The message in the translator's language.
    pub fn message(&self, tr: &Tr) -> String {
        match self {
            FileError::Read { reason } => tr.arg("import-read", "reason", reason),
            FileError::Format { reason } => tr.arg("import-format", "reason", reason),
            FileError::NotXlsx => tr.get("import-not-xlsx"),
            FileError::Xlsx { reason } => tr.arg("import-xlsx", "reason", reason),
            FileError::SheetNotFound { sheet, available } => tr.args(
                "import-sheet",
                &[("sheet", sheet.clone()), ("available", quoted(available))],
            ),
            FileError::Empty => tr.get("import-empty"),
            FileError::NoRows => tr.get("import-no-rows"),
            FileError::UnknownColumn {
                column,
                position,
                allowed,
                belongs_to,
                suggestion,
            } => {
                let mut m = tr.args(
                    "import-unknown-column",
                    &[("column", column.clone()), ("position", position.clone())],
                );
                if let Some(k) = belongs_to {
                    m.push_str(&tr.arg("import-belongs-to", "kind", k));
                } else if let Some(s) = suggestion {
                    m.push_str(&tr.arg("import-did-you-mean", "column", s));
                }
                m.push_str(&tr.arg("import-allowed", "allowed", &allowed.join(", ")));
                m
            }
            FileError::MissingColumn { code, header_de } => tr.args(
                "import-missing-column",
                &[("header", header_de.clone()), ("code", code.clone())],
            ),
            FileError::DuplicateColumn {
                column,
                first,
                second,
            } => tr.args(
                "import-duplicate-column",
                &[
                    ("column", column.clone()),
                    ("first", first.clone()),
                    ("second", second.clone()),
                ],
            ),
            FileError::AgePair { present, missing } => tr.args(
                "import-age-pair",
                &[("present", present.clone()), ("missing", missing.clone())],
            ),
        }
    }
}

impl RowError {
    /// The message in the translator's language.
    pub fn message(&self, tr: &Tr) -> String {
        let key = if self.column.is_empty() {
            "import-row"
        } else {
            "import-row-column"
        };
        tr.args(
            key,
            &[
                ("file", self.file.clone()),
                ("row", self.row.to_string()),
                ("column", self.column.clone()),
                ("value", self.value.clone()),
                ("expected", self.expected.render(tr)),
            ],
        )
    }
}

impl ImportError {
    /// One message per problem in the translator's language, each naming the file.
    pub fn messages_in(&self, tr: &Tr) -> Vec<String> {
        let mut out: Vec<String> = self
            .file_errors
            .iter()
            .map(|e| format!("{}: {}", self.file, e.message(tr)))
            .chain(self.row_errors.iter().map(|e| e.message(tr)))
            .collect();
        if self.truncated {
            out.push(tr.arg("import-truncated", "max", &MAX_ROW_ERRORS.to_string()));
        }
        out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use abbild_i18n::Message;

    fn samples() -> Vec<FileError> {
        vec![
            FileError::Read { reason: "x".into() },
            FileError::Format {
                reason: "altes Excel-Format (.xls) – bitte als XLSX oder CSV speichern".into(),
            },
            FileError::NotXlsx,
            FileError::Xlsx { reason: "y".into() },
            FileError::SheetNotFound {
                sheet: "Daten".into(),
                available: vec!["Tabelle1".into(), "Hilfe".into()],
            },
            FileError::Empty,
            FileError::NoRows,
            FileError::UnknownColumn {
                column: "feld".into(),
                position: "C".into(),
                allowed: vec!["ags [AGS]".into(), "field [Tätigkeitsfeld]".into()],
                belongs_to: None,
                suggestion: Some("\"field\" („Tätigkeitsfeld“)".into()),
            },
            FileError::UnknownColumn {
                column: "Welle".into(),
                position: "E".into(),
                allowed: vec!["ags [AGS]".into()],
                belongs_to: Some("Befragungsantworten".into()),
                suggestion: None,
            },
            FileError::MissingColumn {
                code: "headcount".into(),
                header_de: "Beschäftigte".into(),
            },
            FileError::DuplicateColumn {
                column: "Jahr".into(),
                first: "B".into(),
                second: "D".into(),
            },
            FileError::AgePair {
                present: "Alter von".into(),
                missing: "Alter bis".into(),
            },
        ]
    }

    #[test]
    fn german_catalogue_text_is_the_display_text() {
        let de = Tr::new(I18n::global(), Lang::De);
        for e in samples() {
            assert_eq!(e.message(&de), e.to_string());
        }
        let row = RowError::new("a.csv", 7, "Jahr", "20x4", Message::new("exp-year"));
        assert_eq!(row.message(&de), row.to_string());
        let whole = RowError::new(
            "a.csv",
            7,
            "",
            "",
            Message::new("exp-once-segment").with("row", 3),
        );
        assert_eq!(whole.message(&de), whole.to_string());
        let e = ImportError {
            file: "a.csv".into(),
            file_errors: vec![FileError::Empty],
            row_errors: vec![row],
            truncated: true,
        };
        assert_eq!(e.messages_in(&de), e.messages());
    }

    #[test]
    fn english_has_no_german_frame() {
        let en = Tr::new(I18n::global(), Lang::En);
        for e in samples() {
            let m = e.message(&en);
            for german in ["Spalte", "Datei", "fehlt", "erlaubt", "Tabellenblatt"] {
                assert!(!m.contains(german), "{m}");
            }
        }
        let row = RowError::new("a.csv", 7, "Jahr", "20x4", Message::new("exp-year"));
        assert_eq!(
            row.message(&en),
            "a.csv, row 7, column \"Jahr\": value \"20x4\" – expected a year between 1950 and 2200"
        );
    }
}

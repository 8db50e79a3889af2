//! Column specifications of the input files (SPEC §3) and the header mapping.
//!
//! Each column has a canonical English code and a German header; files may use either, in
//! any case and with or without umlauts. Unknown columns are refused rather than ignored:
//! a misspelt `Ebnee` would otherwise silently drop the level from the analysis.

use crate::error::{column_letter, FileError};
use crate::Kind;
use abbild_core::dims::{Level, Sex};
use abbild_core::records::{ExitReason, Source};
use abbild_core::{fold, Definition, FieldCatalog, Item};
use std::sync::LazyLock;

/// A column that some input file may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Col {
    Ags,
    Year,
    Wave,
    Field,
    Level,
    Status,
    Leadership,
    AgeFrom,
    AgeTo,
    Sex,
    Headcount,
    Item(Item),
    Languages,
    Definition,
    Source,
    Persons,
    WithMigration,
    /// Apprentice pipeline: training occupation.
    Occupation,
    /// Apprentice pipeline: name of the recruitment stage.
    Stage,
    /// Apprentice pipeline: position of the stage in the funnel (1 = first).
    StageOrder,
    /// Pipeline and exits: migration-history group (`with`/`without`/`unknown`).
    Group,
    /// Apprentice pipeline: persons of the group who reached the stage.
    Count,
    /// Exits: headcount of the group at the start of the year. Same code and German header
    /// as [`Col::Headcount`], but its own column so that the template explains the reference
    /// date (a staff headcount is a stock at the reference date, this one a start-of-year base).
    HeadcountStart,
    /// Exits: persons who left during the year.
    Exits,
    /// Exits: why they left (optional).
    Reason,
}

/// Number of distinct [`Col`] values (for slot arrays).
pub(crate) const SLOTS: usize = 31;

impl Col {
    /// Dense index, so that a header mapping is a small array instead of a map.
    pub(crate) fn slot(self) -> usize {
        match self {
            Col::Ags => 0,
            Col::Year => 1,
            Col::Wave => 2,
            Col::Field => 3,
            Col::Level => 4,
            Col::Status => 5,
            Col::Leadership => 6,
            Col::AgeFrom => 7,
            Col::AgeTo => 8,
            Col::Sex => 9,
            Col::Headcount => 10,
            Col::Languages => 11,
            Col::Definition => 12,
            Col::Source => 13,
            Col::Persons => 14,
            Col::WithMigration => 15,
            Col::Item(i) => 16 + i as usize,
            Col::Occupation => 23,
            Col::Stage => 24,
            Col::StageOrder => 25,
            Col::Group => 26,
            Col::Count => 27,
            Col::HeadcountStart => 28,
            Col::Exits => 29,
            Col::Reason => 30,
        }
    }

    /// Canonical English header.
    pub fn code(self) -> &'static str {
        match self {
            Col::Ags => "ags",
            Col::Year => "year",
            Col::Wave => "wave",
            Col::Field => "field",
            Col::Level => "level",
            Col::Status => "status",
            Col::Leadership => "leadership",
            Col::AgeFrom => "age_from",
            Col::AgeTo => "age_to",
            Col::Sex => "sex",
            Col::Headcount => "headcount",
            Col::Item(i) => i.code(),
            Col::Languages => "languages",
            Col::Definition => "definition",
            Col::Source => "source",
            Col::Persons => "persons",
            Col::WithMigration => "with_migration",
            Col::Occupation => "occupation",
            Col::Stage => "stage",
            Col::StageOrder => "stage_order",
            Col::Group => "group",
            Col::Count => "count",
            Col::HeadcountStart => "headcount",
            Col::Exits => "exits",
            Col::Reason => "reason",
        }
    }

    /// German header, as used by the templates.
    pub fn header_de(self) -> &'static str {
        match self {
            Col::Ags => "AGS",
            Col::Year => "Jahr",
            Col::Wave => "Welle",
            Col::Field => "Tätigkeitsfeld",
            Col::Level => "Ebene",
            Col::Status => "Status",
            Col::Leadership => "Leitung",
            Col::AgeFrom => "Alter von",
            Col::AgeTo => "Alter bis",
            Col::Sex => "Geschlecht",
            Col::Headcount => "Beschäftigte",
            Col::Item(i) => i.header_de(),
            Col::Languages => "Sprachen",
            Col::Definition => "Definition",
            Col::Source => "Quelle",
            Col::Persons => "Einwohner",
            Col::WithMigration => "mit Migrationsgeschichte",
            Col::Occupation => "Ausbildungsberuf",
            Col::Stage => "Stufe",
            Col::StageOrder => "Reihenfolge",
            Col::Group => "Gruppe",
            Col::Count => "Anzahl",
            Col::HeadcountStart => "Beschäftigte",
            Col::Exits => "Abgänge",
            Col::Reason => "Grund",
        }
    }

    /// What the column means, in German.
    pub fn meaning_de(self) -> &'static str {
        match self {
            Col::Ags => "Amtlicher Gemeindeschlüssel der Stadt (8 Ziffern)",
            Col::Year => "Stichtagsjahr der Daten",
            Col::Wave => "Befragungswelle (Jahr der Befragung)",
            Col::Field => "Tätigkeitsfeld der Beschäftigten",
            Col::Level => "Qualifikationsebene (Laufbahngruppe) oder Entgelt-/Besoldungsgruppe",
            Col::Status => "Beschäftigungsstatus",
            Col::Leadership => "Leitungsfunktion",
            Col::AgeFrom => "Untere Grenze des Altersbands (einschließlich)",
            Col::AgeTo => "Obere Grenze des Altersbands (einschließlich)",
            Col::Sex => "Geschlecht",
            Col::Headcount => "Anzahl der Beschäftigten (Köpfe) in diesem Segment",
            Col::Item(i) => i.question_de(),
            Col::Languages => {
                "Sprachen außer Deutsch, in denen die Person Bürgerinnen und Bürger beraten kann"
            }
            Col::Definition => "Definition der Migrationsgeschichte, nach der gezählt wurde",
            Col::Source => "Datenquelle der Bevölkerungszahlen",
            Col::Persons => "Einwohnerinnen und Einwohner in diesem Altersband",
            Col::WithMigration => "davon mit Migrationsgeschichte (nach der genannten Definition)",
            Col::Occupation => "Ausbildungsberuf oder Laufbahn, für die ausgewählt wurde",
            Col::Stage => "Stufe des Auswahlverfahrens (Name wie in der Stadt üblich)",
            Col::StageOrder => "Position der Stufe im Verfahren: 1 = Bewerbung, dann aufsteigend",
            Col::Group => "Gruppe nach Migrationsgeschichte (mit, ohne, unbekannt)",
            Col::Count => "Personen dieser Gruppe, die diese Stufe erreicht haben",
            Col::HeadcountStart => "Beschäftigte dieser Gruppe und dieses Segments zu Jahresbeginn",
            Col::Exits => "davon im Lauf des Jahres ausgeschieden (aus dem genannten Grund)",
            Col::Reason => "Grund des Ausscheidens (leer = nicht erfasst)",
        }
    }

    /// What the column means, in English.
    pub fn meaning_en(self) -> &'static str {
        match self {
            Col::Ags => "Official municipality key of the city (8 digits)",
            Col::Year => "Reference year of the data",
            Col::Wave => "Survey wave (year of the survey)",
            Col::Field => "Field of activity",
            Col::Level => "Career level or pay grade",
            Col::Status => "Employment status",
            Col::Leadership => "Holds a leadership position",
            Col::AgeFrom => "Lower bound of the age band (inclusive)",
            Col::AgeTo => "Upper bound of the age band (inclusive)",
            Col::Sex => "Sex",
            Col::Headcount => "Number of employees (heads) in this segment",
            Col::Item(Item::SelfBornAbroad) => "Born outside today's Germany",
            Col::Item(Item::SelfGermanAtBirth) => "German citizen by birth",
            Col::Item(Item::SelfGermanNow) => "German citizen now",
            Col::Item(Item::MotherBornAbroad) => "Mother born outside today's Germany",
            Col::Item(Item::FatherBornAbroad) => "Father born outside today's Germany",
            Col::Item(Item::MotherGermanAtBirth) => "Mother German citizen by birth",
            Col::Item(Item::FatherGermanAtBirth) => "Father German citizen by birth",
            Col::Languages => "Languages besides German the person can use to advise citizens",
            Col::Definition => "Definition of migration history used for counting",
            Col::Source => "Source of the population figures",
            Col::Persons => "Residents in this age band",
            Col::WithMigration => "Of whom with migration history (under the definition named)",
            Col::Occupation => "Training occupation or career track selected for",
            Col::Stage => "Stage of the selection procedure (named as the city does)",
            Col::StageOrder => {
                "Position of the stage in the procedure: 1 = applied, then ascending"
            }
            Col::Group => "Group by migration history (with, without, unknown)",
            Col::Count => "Persons of this group who reached this stage",
            Col::HeadcountStart => "Employees of this group and segment at the start of the year",
            Col::Exits => "Of whom left during the year (for the reason given)",
            Col::Reason => "Reason for leaving (empty = not recorded)",
        }
    }

    /// Accepted values with their meaning (value, meaning), for templates and help texts.
    pub fn allowed(self, catalog: &FieldCatalog) -> Vec<(String, String)> {
        let pair = |a: &str, b: &str| (a.to_owned(), b.to_owned());
        match self {
            Col::Ags => vec![
                pair("05916000", "Herne"),
                pair("05513000", "Gelsenkirchen"),
                pair("05113000", "Essen"),
            ],
            Col::Year | Col::Wave => vec![pair("1950 … 2200", "Jahreszahl, z. B. 2024")],
            Col::Field => catalog
                .iter()
                .map(|(_, d)| (d.code.clone(), d.label_de.clone()))
                .collect(),
            Col::Level => {
                let mut v: Vec<_> = Level::ALL
                    .iter()
                    .map(|l| pair(l.code(), l.label_de()))
                    .collect();
                v.push(pair("EG 1 … EG 4, A 2 … A 5, S 2 … S 3", "→ einfach"));
                v.push(pair("EG 5 … EG 9a, A 6 … A 8, S 4 … S 8a", "→ mittel"));
                v.push(pair("EG 9b … EG 12, A 9 … A 12, S 8b … S 18", "→ gehoben"));
                v.push(pair("EG 13 … EG 15, A 13 … A 16, B, R, W", "→ hoeher"));
                v
            }
            Col::Status => abbild_core::Status::ALL
                .iter()
                .map(|s| pair(s.code(), s.label_de()))
                .collect(),
            Col::Leadership => vec![
                pair("ja", "mit Leitungsfunktion (auch yes, 1)"),
                pair("nein", "ohne Leitungsfunktion (auch no, 0)"),
            ],
            Col::AgeFrom | Col::AgeTo => vec![pair("0 … 120", "ganze Zahl (Jahre)")],
            Col::Sex => Sex::ALL
                .iter()
                .map(|s| pair(s.code(), s.label_de()))
                .collect(),
            Col::Headcount
            | Col::Persons
            | Col::WithMigration
            | Col::Count
            | Col::HeadcountStart
            | Col::Exits => vec![pair(
                "0, 1, 2, …",
                "ganze Zahl ohne Tausendertrennzeichen (12,0 wird als 12 gelesen)",
            )],
            Col::Item(_) => vec![
                pair("ja", "yes"),
                pair("nein", "no"),
                pair("weiß nicht", "unknown (auch leer)"),
            ],
            Col::Languages => vec![pair(
                "tr;ar;pl",
                "ISO-639-1-Codes, mit Semikolon getrennt (leer = keine)",
            )],
            Col::Definition => Definition::ALL
                .iter()
                .map(|d| pair(d.code(), d.label_de()))
                .collect(),
            Col::Source => Source::ALL
                .iter()
                .map(|s| pair(s.code(), s.label_de()))
                .collect(),
            Col::Occupation => vec![
                pair(
                    "Verwaltungsfachangestellte/r",
                    "Name des Berufs, bis 120 Zeichen",
                ),
                pair(
                    "Stadtinspektoranwärter/in",
                    "auch Laufbahnen der Beamtenausbildung",
                ),
            ],
            Col::Stage => vec![pair(
                "beworben, test, gespräch, angebot, eingestellt",
                "frei benennbar (bis 60 Zeichen); die Spalte „Reihenfolge“ ordnet die Stufen",
            )],
            Col::StageOrder => vec![pair(
                "1, 2, 3, …",
                "ganze Zahl ab 1; je Beruf und Jahr gehört jede Zahl zu genau einer Stufe",
            )],
            Col::Group => vec![
                pair("with", "mit Migrationsgeschichte (auch: mit)"),
                pair("without", "ohne Migrationsgeschichte (auch: ohne)"),
                pair("unknown", "unbekannt, keine Angabe"),
            ],
            Col::Reason => {
                let mut v: Vec<_> = ExitReason::ALL
                    .iter()
                    .map(|r| pair(r.code(), r.label_de()))
                    .collect();
                v.push(pair("(leer)", "Grund nicht erfasst"));
                v
            }
        }
    }

    /// An example value (German spelling), for the explanation sheet of the template.
    pub fn example(self, catalog: &FieldCatalog) -> String {
        match self {
            Col::Ags => "05916000".into(),
            Col::Year | Col::Wave => "2024".into(),
            Col::Field => catalog
                .iter()
                .next()
                .map(|(_, d)| d.code.clone())
                .unwrap_or_default(),
            Col::Level => "EG 9b".into(),
            Col::Status => "tarif".into(),
            Col::Leadership => "nein".into(),
            Col::AgeFrom => "30".into(),
            Col::AgeTo => "34".into(),
            Col::Sex => "w".into(),
            Col::Headcount => "17".into(),
            Col::Item(_) => "nein".into(),
            Col::Languages => "tr;ar".into(),
            Col::Definition => "eg".into(),
            Col::Source => "zensus2022".into(),
            Col::Persons => "12345".into(),
            Col::WithMigration => "4321".into(),
            Col::Occupation => "Verwaltungsfachangestellte/r".into(),
            Col::Stage => "beworben".into(),
            Col::StageOrder => "1".into(),
            Col::Group => "mit".into(),
            Col::Count => "120".into(),
            Col::HeadcountStart => "250".into(),
            Col::Exits => "12".into(),
            Col::Reason => "Kündigung".into(),
        }
    }
}

/// One column of a file kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnSpec {
    pub col: Col,
    pub required: bool,
}

const fn req(col: Col) -> ColumnSpec {
    ColumnSpec {
        col,
        required: true,
    }
}

const fn opt(col: Col) -> ColumnSpec {
    ColumnSpec {
        col,
        required: false,
    }
}

const STAFF: &[ColumnSpec] = &[
    req(Col::Ags),
    req(Col::Year),
    opt(Col::Field),
    opt(Col::Level),
    opt(Col::Status),
    opt(Col::Leadership),
    opt(Col::AgeFrom),
    opt(Col::AgeTo),
    opt(Col::Sex),
    req(Col::Headcount),
];

const RESPONSES: &[ColumnSpec] = &[
    req(Col::Ags),
    req(Col::Wave),
    opt(Col::Field),
    opt(Col::Level),
    opt(Col::Status),
    opt(Col::Leadership),
    opt(Col::AgeFrom),
    opt(Col::AgeTo),
    opt(Col::Sex),
    opt(Col::Item(Item::SelfBornAbroad)),
    opt(Col::Item(Item::SelfGermanAtBirth)),
    opt(Col::Item(Item::SelfGermanNow)),
    opt(Col::Item(Item::MotherBornAbroad)),
    opt(Col::Item(Item::FatherBornAbroad)),
    opt(Col::Item(Item::MotherGermanAtBirth)),
    opt(Col::Item(Item::FatherGermanAtBirth)),
    opt(Col::Languages),
];

const POPULATION: &[ColumnSpec] = &[
    req(Col::Ags),
    req(Col::Year),
    req(Col::Definition),
    req(Col::Source),
    req(Col::AgeFrom),
    req(Col::AgeTo),
    opt(Col::Sex),
    req(Col::Persons),
    req(Col::WithMigration),
];

const PIPELINE: &[ColumnSpec] = &[
    req(Col::Ags),
    req(Col::Year),
    req(Col::Occupation),
    req(Col::Stage),
    req(Col::StageOrder),
    req(Col::Group),
    req(Col::Count),
];

const EXITS: &[ColumnSpec] = &[
    req(Col::Ags),
    req(Col::Year),
    opt(Col::Field),
    opt(Col::Level),
    opt(Col::Status),
    opt(Col::Leadership),
    opt(Col::AgeFrom),
    opt(Col::AgeTo),
    opt(Col::Sex),
    req(Col::Group),
    opt(Col::Reason),
    req(Col::HeadcountStart),
    req(Col::Exits),
];

/// The columns of a file kind, in template order.
pub fn columns(kind: Kind) -> &'static [ColumnSpec] {
    match kind {
        Kind::Staff => STAFF,
        Kind::Responses => RESPONSES,
        Kind::Population => POPULATION,
        Kind::Pipeline => PIPELINE,
        Kind::Exits => EXITS,
    }
}

/// Normalises a header for comparison: folded, and spaces/hyphens/underscores unified, so
/// that `Age From`, `age-from`, `AGE_FROM` and `Alter  von` all match.
fn norm(h: &str) -> String {
    let f = fold(h);
    let mut out = String::with_capacity(f.len());
    let mut gap = false;
    for c in f.chars() {
        if c == ' ' || c == '-' || c == '_' || c == '\t' {
            gap = true;
        } else {
            if gap && !out.is_empty() {
                out.push('_');
            }
            gap = false;
            out.push(c);
        }
    }
    out
}

/// Normalised code and German header of every column of every kind, computed once.
static NORMALISED: LazyLock<Vec<(Kind, Col, String, String)>> = LazyLock::new(|| {
    Kind::ALL
        .into_iter()
        .flat_map(|k| {
            columns(k)
                .iter()
                .map(move |s| (k, s.col, norm(s.col.code()), norm(s.col.header_de())))
        })
        .collect()
});

/// Maps one header cell to a column of `kind`, or `None` if it is not one of them.
pub fn match_header(kind: Kind, header: &str) -> Option<Col> {
    let h = header.trim();
    // Fast path: the canonical code exactly as written.
    if let Some(s) = columns(kind).iter().find(|s| s.col.code() == h) {
        return Some(s.col);
    }
    let n = norm(h);
    NORMALISED
        .iter()
        .find(|(k, _, code, de)| *k == kind && (*code == n || *de == n))
        .map(|(_, c, _, _)| *c)
}

/// The columns found in a file: which file column holds which [`Col`].
#[derive(Debug, Clone)]
pub struct Layout {
    pub kind: Kind,
    /// File column index per [`Col::slot`].
    pos: [Option<usize>; SLOTS],
    /// Header cells as written (trimmed), by file column.
    names: Vec<String>,
    /// Columns with an empty header cell: tolerated (Excel leaves trailing `;`), but they
    /// must stay empty.
    pub(crate) blank: Vec<usize>,
    /// Columns found, in file order.
    pub cols: Vec<Col>,
}

impl Layout {
    /// File column index of `col`, if present.
    pub fn index(&self, col: Col) -> Option<usize> {
        self.pos[col.slot()]
    }

    /// Header of `col` as written in the file (or its code if absent).
    pub fn name(&self, col: Col) -> &str {
        self.index(col)
            .and_then(|i| self.names.get(i))
            .map_or(col.code(), String::as_str)
    }

    pub fn has(&self, col: Col) -> bool {
        self.index(col).is_some()
    }

    /// Number of header cells (including blank ones).
    pub fn width(&self) -> usize {
        self.names.len()
    }
}

/// Maps a header row to the columns of `kind`, collecting every problem at once so that
/// one round of corrections suffices.
pub fn map_headers<S: AsRef<str>>(kind: Kind, headers: &[S]) -> Result<Layout, Vec<FileError>> {
    let mut errors = Vec::new();
    let mut layout = Layout {
        kind,
        pos: [None; SLOTS],
        names: headers
            .iter()
            .map(|h| h.as_ref().trim().to_owned())
            .collect(),
        blank: Vec::new(),
        cols: Vec::new(),
    };
    for (i, h) in headers.iter().enumerate() {
        let h = h.as_ref().trim();
        if h.is_empty() {
            layout.blank.push(i);
            continue;
        }
        match match_header(kind, h) {
            Some(col) => {
                if let Some(first) = layout.pos[col.slot()] {
                    errors.push(FileError::DuplicateColumn {
                        column: h.to_owned(),
                        first: column_letter(first),
                        second: column_letter(i),
                    });
                } else {
                    layout.pos[col.slot()] = Some(i);
                    layout.cols.push(col);
                }
            }
            None => errors.push(FileError::UnknownColumn {
                column: h.to_owned(),
                position: column_letter(i),
                allowed: columns(kind)
                    .iter()
                    .map(|s| format!("{} [{}]", s.col.code(), s.col.header_de()))
                    .collect(),
                belongs_to: Kind::ALL
                    .into_iter()
                    .find(|k| *k != kind && match_header(*k, h).is_some())
                    .map(|k| k.label_de().to_owned()),
                suggestion: closest_column(kind, h),
            }),
        }
    }
    for s in columns(kind) {
        if s.required && !layout.has(s.col) {
            errors.push(FileError::MissingColumn {
                code: s.col.code().to_owned(),
                header_de: s.col.header_de().to_owned(),
            });
        }
    }
    // Only relevant where the pair is optional; for population both are required anyway.
    for (a, b) in [(Col::AgeFrom, Col::AgeTo), (Col::AgeTo, Col::AgeFrom)] {
        let required = columns(kind).iter().any(|s| s.col == b && s.required);
        if layout.has(a) && !layout.has(b) && !required {
            errors.push(FileError::AgePair {
                present: layout.name(a).to_owned(),
                missing: b.header_de().to_owned(),
            });
        }
    }
    if errors.is_empty() {
        Ok(layout)
    } else {
        Err(errors)
    }
}

/// The allowed column a mistyped header most likely means: the code or German header within
/// two edits of it (`feld` → `field`, `Ebnee` → `Ebene`), as `"level" („Ebene“)`.
fn closest_column(kind: Kind, header: &str) -> Option<String> {
    let h = norm(header);
    columns(kind)
        .iter()
        .filter_map(|s| {
            let d = [s.col.code(), s.col.header_de()]
                .iter()
                .map(|c| edit_distance(&h, &norm(c)))
                .min()?;
            (d <= 2 && d < h.chars().count()).then_some((d, s.col))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| format!("\"{}\" („{}“)", c.code(), c.header_de()))
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_code_german_and_variants() {
        for h in [
            "age_from",
            "Alter von",
            "ALTER VON",
            "Age From",
            "alter-von",
        ] {
            assert_eq!(match_header(Kind::Staff, h), Some(Col::AgeFrom), "{h}");
        }
        assert_eq!(
            match_header(Kind::Staff, "TAETIGKEITSFELD"),
            Some(Col::Field)
        );
        assert_eq!(
            match_header(Kind::Staff, "Beschaeftigte"),
            Some(Col::Headcount)
        );
        assert_eq!(match_header(Kind::Staff, "wave"), None);
        assert_eq!(
            match_header(Kind::Responses, "Selbst im Ausland geboren"),
            Some(Col::Item(Item::SelfBornAbroad))
        );
        assert_eq!(
            match_header(Kind::Population, "mit Migrationsgeschichte"),
            Some(Col::WithMigration)
        );
        assert_eq!(
            match_header(Kind::Pipeline, "AUSBILDUNGSBERUF"),
            Some(Col::Occupation)
        );
        assert_eq!(
            match_header(Kind::Pipeline, "stage order"),
            Some(Col::StageOrder)
        );
        assert_eq!(match_header(Kind::Exits, "Abgaenge"), Some(Col::Exits));
        assert_eq!(
            match_header(Kind::Exits, "Beschäftigte"),
            Some(Col::HeadcountStart)
        );
        assert_eq!(match_header(Kind::Staff, "Gruppe"), None);
    }

    #[test]
    fn slots_are_dense_and_distinct() {
        let mut seen = [false; SLOTS];
        for k in Kind::ALL {
            for s in columns(k) {
                seen[s.col.slot()] = true;
            }
        }
        assert!(seen.iter().all(|s| *s));
    }
}

//! Dimensions of SPEC §2: the keys by which staff, answers and benchmarks are grouped.

use crate::{fold, Field, ParseError};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Amtlicher Gemeindeschlüssel: 8 digits, leading zeros significant (`05916000` = Herne).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ags(u32);

impl Ags {
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let t = raw.trim();
        // Excel likes to turn `05916000` into the number 5916000; accept 7 digits and restore the zero.
        let ok = (t.len() == 8 || t.len() == 7) && t.bytes().all(|b| b.is_ascii_digit());
        if !ok {
            return Err(ParseError::new(raw, abbild_i18n::Message::new("exp-ags")));
        }
        t.parse()
            .map(Ags)
            .map_err(|_| ParseError::new(raw, abbild_i18n::Message::new("exp-ags")))
    }
    pub fn from_u32(v: u32) -> Option<Self> {
        (v <= 99_999_999).then_some(Ags(v))
    }
    pub fn get(self) -> u32 {
        self.0
    }
}

impl fmt::Display for Ags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:08}", self.0)
    }
}

impl Serialize for Ags {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Ags {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ags::parse(&s).map_err(serde::de::Error::custom)
    }
}

macro_rules! year_like {
    ($name:ident, $what:literal) => {
        #[doc = concat!($what, ": a calendar year between 1950 and 2200.")]
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(u16);

        impl $name {
            pub fn parse(raw: &str) -> Result<Self, ParseError> {
                let t = raw.trim();
                let t = t.strip_suffix(".0").unwrap_or(t);
                match t.parse::<u16>() {
                    Ok(v) if (1950..=2200).contains(&v) => Ok($name(v)),
                    _ => Err(ParseError::new(raw, abbild_i18n::Message::new("exp-year"))),
                }
            }
            pub fn new(v: u16) -> Option<Self> {
                (1950..=2200).contains(&v).then_some($name(v))
            }
            pub fn get(self) -> u16 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}
year_like!(Year, "Reference year of staff and population data (Jahr)");
year_like!(Wave, "Survey wave (Welle), named by its year");

/// Declares a closed code list with canonical code, German label and accepted aliases.
macro_rules! code_enum {
    ($(#[$m:meta])* $name:ident, $expected:literal, { $($var:ident = $code:literal, $label:literal, [$($alias:literal),*];)+ }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($var),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$var),+];
            /// Canonical English code as used in files and JSON.
            pub fn code(self) -> &'static str { match self { $($name::$var => $code),+ } }
            /// German label for tables and templates.
            pub fn label_de(self) -> &'static str { match self { $($name::$var => $label),+ } }
            /// Aliases accepted on input besides the code and the label.
            pub fn aliases(self) -> &'static [&'static str] { match self { $($name::$var => &[$($alias),*]),+ } }
            pub fn parse(raw: &str) -> Result<Self, ParseError> {
                // Fast path: files written by abbild or its templates carry the exact code.
                if let Some(v) = Self::ALL.iter().find(|v| v.code() == raw) {
                    return Ok(*v);
                }
                let f = fold(raw);
                for v in Self::ALL {
                    if f == v.code() || f == fold(v.label_de()) || v.aliases().iter().any(|a| *a == f) {
                        return Ok(*v);
                    }
                }
                Err(ParseError::new(raw, abbild_i18n::Message::new($expected)))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.code()) }
        }
    };
}

code_enum!(
    /// Qualifikationsebene (Laufbahngruppe / Entgeltgruppe band), SPEC §2.
    Level, "exp-level", {
    Einfach = "einfach", "Einfacher Dienst (LG 1.1)", ["einfacher dienst", "lg 1.1", "lg1.1", "1.1"];
    Mittel = "mittel", "Mittlerer Dienst (LG 1.2)", ["mittlerer dienst", "lg 1.2", "lg1.2", "1.2"];
    Gehoben = "gehoben", "Gehobener Dienst (LG 2.1)", ["gehobener dienst", "lg 2.1", "lg2.1", "2.1"];
    Hoeher = "hoeher", "Höherer Dienst (LG 2.2)", ["hoeherer dienst", "lg 2.2", "lg2.2", "2.2"];
});

code_enum!(
    /// Beschäftigungsstatus, SPEC §2.
    Status, "exp-status", {
    Beamte = "beamte", "Beamtinnen und Beamte", ["beamtin", "beamter", "beamt", "beamte/r", "verbeamtet"];
    Tarif = "tarif", "Tarifbeschäftigte", ["tarifbeschaeftigt", "tarifbeschaeftigte", "angestellte", "beschaeftigte", "tvoed"];
    Azubi = "azubi", "Auszubildende und Anwärter", ["auszubildende", "auszubildender", "azubis", "anwaerter", "anwaerterin", "auszubildende und anwaerter/innen"];
});

code_enum!(
    /// Geschlecht, SPEC §2 (`x` = keine Angabe).
    Sex, "exp-sex", {
    W = "w", "weiblich", ["f", "female", "frau"];
    M = "m", "männlich", ["male", "mann"];
    D = "d", "divers", ["diverse"];
    X = "x", "keine Angabe", ["ohne angabe", "k. a.", "ka", "not stated"];
});

/// Parses a yes/no cell (`Leitung`): `yes`/`no`, `ja`/`nein`, `1`/`0`, `true`/`false`.
pub fn parse_yes_no(raw: &str) -> Result<bool, ParseError> {
    match raw {
        "yes" => return Ok(true),
        "no" => return Ok(false),
        _ => {}
    }
    match fold(raw).as_str() {
        "yes" | "ja" | "j" | "y" | "1" | "true" | "wahr" | "x" => Ok(true),
        "no" | "nein" | "n" | "0" | "false" | "falsch" => Ok(false),
        _ => Err(ParseError::new(
            raw,
            abbild_i18n::Message::new("exp-yes-no"),
        )),
    }
}

/// An age band with inclusive bounds. Bands are data, not labels (SPEC §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct AgeBand {
    pub from: u8,
    pub to: u8,
}

impl AgeBand {
    pub const MAX_AGE: u8 = 120;
    pub fn new(from: u8, to: u8) -> Result<Self, ParseError> {
        if from > to || to > Self::MAX_AGE {
            return Err(ParseError::new(
                &format!("{from}-{to}"),
                abbild_i18n::Message::new("exp-age-band"),
            ));
        }
        Ok(AgeBand { from, to })
    }
    /// Parses one bound (`age_from` or `age_to`); accepts `25`, `25.0`, `25,0`.
    pub fn parse_bound(raw: &str) -> Result<u8, ParseError> {
        let t = raw.trim();
        let t = t
            .strip_suffix(".0")
            .or_else(|| t.strip_suffix(",0"))
            .unwrap_or(t);
        match t.parse::<u8>() {
            Ok(v) if v <= Self::MAX_AGE => Ok(v),
            _ => Err(ParseError::new(raw, abbild_i18n::Message::new("exp-age"))),
        }
    }
    pub fn contains(self, other: AgeBand) -> bool {
        self.from <= other.from && other.to <= self.to
    }
    pub fn overlaps(self, other: AgeBand) -> bool {
        self.from <= other.to && other.from <= self.to
    }
    pub fn width(self) -> u32 {
        u32::from(self.to - self.from) + 1
    }
}

impl fmt::Display for AgeBand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.from, self.to)
    }
}

/// A grouping dimension (`--by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dim {
    Field,
    Level,
    Status,
    Leadership,
    Age,
    Sex,
}

impl Dim {
    pub const ALL: [Dim; 6] = [
        Dim::Field,
        Dim::Level,
        Dim::Status,
        Dim::Leadership,
        Dim::Age,
        Dim::Sex,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Dim::Field => "field",
            Dim::Level => "level",
            Dim::Status => "status",
            Dim::Leadership => "leadership",
            Dim::Age => "age",
            Dim::Sex => "sex",
        }
    }
    pub fn label_de(self) -> &'static str {
        match self {
            Dim::Field => "Tätigkeitsfeld",
            Dim::Level => "Ebene",
            Dim::Status => "Status",
            Dim::Leadership => "Leitung",
            Dim::Age => "Alter",
            Dim::Sex => "Geschlecht",
        }
    }
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let f = fold(raw);
        Dim::ALL
            .into_iter()
            .find(|d| d.code() == f || fold(d.label_de()) == f)
            .ok_or_else(|| {
                ParseError::new(
                    raw,
                    crate::one_of(&["field", "level", "status", "leadership", "age", "sex"]),
                )
            })
    }
    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

impl fmt::Display for Dim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A set of dimensions, e.g. the segment columns a file carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct DimSet(u8);

impl DimSet {
    pub const EMPTY: DimSet = DimSet(0);
    pub fn with(self, d: Dim) -> Self {
        DimSet(self.0 | d.bit())
    }
    pub fn without(self, d: Dim) -> Self {
        DimSet(self.0 & !d.bit())
    }
    pub fn contains(self, d: Dim) -> bool {
        self.0 & d.bit() != 0
    }
    pub fn is_superset(self, other: DimSet) -> bool {
        self.0 & other.0 == other.0
    }
    pub fn intersect(self, other: DimSet) -> DimSet {
        DimSet(self.0 & other.0)
    }
    pub fn union(self, other: DimSet) -> DimSet {
        DimSet(self.0 | other.0)
    }
    pub fn iter(self) -> impl Iterator<Item = Dim> {
        Dim::ALL.into_iter().filter(move |d| self.contains(*d))
    }
    /// Parses `field,level` (comma-separated dimension names).
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        raw.split(',')
            .filter(|s| !s.trim().is_empty())
            .try_fold(DimSet::EMPTY, |acc, part| {
                Dim::parse(part).map(|d| acc.with(d))
            })
    }
}

impl FromIterator<Dim> for DimSet {
    fn from_iter<I: IntoIterator<Item = Dim>>(iter: I) -> Self {
        iter.into_iter().fold(DimSet::EMPTY, DimSet::with)
    }
}

impl fmt::Display for DimSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<_> = self.iter().map(Dim::code).collect();
        f.write_str(&parts.join(","))
    }
}

/// The segment a staff row or a response belongs to. `None` = the column is absent or, in a
/// survey answer, "keine Angabe". Small and `Copy` so that millions of rows aggregate cheaply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct SegmentKey {
    pub field: Option<Field>,
    pub level: Option<Level>,
    pub status: Option<Status>,
    pub leadership: Option<bool>,
    pub age: Option<AgeBand>,
    pub sex: Option<Sex>,
}

impl SegmentKey {
    /// Keeps only the dimensions in `dims`; the rest become `None`.
    pub fn project(&self, dims: DimSet) -> SegmentKey {
        SegmentKey {
            field: self.field.filter(|_| dims.contains(Dim::Field)),
            level: self.level.filter(|_| dims.contains(Dim::Level)),
            status: self.status.filter(|_| dims.contains(Dim::Status)),
            leadership: self.leadership.filter(|_| dims.contains(Dim::Leadership)),
            age: self.age.filter(|_| dims.contains(Dim::Age)),
            sex: self.sex.filter(|_| dims.contains(Dim::Sex)),
        }
    }
    /// True if every dimension of `dims` has a value.
    pub fn is_complete(&self, dims: DimSet) -> bool {
        dims.iter().all(|d| self.has(d))
    }
    pub fn has(&self, d: Dim) -> bool {
        match d {
            Dim::Field => self.field.is_some(),
            Dim::Level => self.level.is_some(),
            Dim::Status => self.status.is_some(),
            Dim::Leadership => self.leadership.is_some(),
            Dim::Age => self.age.is_some(),
            Dim::Sex => self.sex.is_some(),
        }
    }
}

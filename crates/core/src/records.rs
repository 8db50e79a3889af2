//! Validated input records of SPEC §3: what the importers produce and the store keeps.

use crate::answers::Answers;
use crate::definition::Definition;
use crate::dims::{AgeBand, Ags, SegmentKey, Sex, Wave, Year};
use crate::{fold, ParseError};
use serde::{Deserialize, Serialize};
use std::fmt;

/// One row of the HR headcount file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaffRecord {
    pub ags: Ags,
    pub year: Year,
    pub key: SegmentKey,
    pub headcount: u32,
}

/// ISO 639-1 language code (two lower-case letters), e.g. `tr`, `ar`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Lang([u8; 2]);

impl Lang {
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let t = raw.trim().to_ascii_lowercase();
        match t.as_bytes() {
            [a, b] if a.is_ascii_lowercase() && b.is_ascii_lowercase() => Ok(Lang([*a, *b])),
            _ => Err(ParseError::new(
                raw,
                abbild_i18n::Message::new("exp-language"),
            )),
        }
    }
    pub fn as_str(&self) -> &str {
        // Both bytes are ASCII lower-case letters by construction.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
    /// Parses a `;`-separated list (`tr;ar`), ignoring empty parts, de-duplicated and sorted.
    pub fn parse_list(raw: &str) -> Result<Vec<Lang>, ParseError> {
        let mut out = raw
            .split([';', ',', ' '])
            .filter(|p| !p.trim().is_empty())
            .map(Lang::parse)
            .collect::<Result<Vec<_>, _>>()?;
        out.sort();
        out.dedup();
        Ok(out)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One survey response. Deliberately carries nothing that could identify or order it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseRecord {
    pub ags: Ags,
    pub wave: Wave,
    pub key: SegmentKey,
    pub answers: Answers,
    pub languages: Vec<Lang>,
}

/// Source of a population benchmark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Zensus2022,
    Mikrozensus,
    Register,
}

impl Source {
    pub const ALL: [Source; 3] = [Source::Zensus2022, Source::Mikrozensus, Source::Register];
    pub fn code(self) -> &'static str {
        match self {
            Source::Zensus2022 => "zensus2022",
            Source::Mikrozensus => "mikrozensus",
            Source::Register => "register",
        }
    }
    pub fn label_de(self) -> &'static str {
        match self {
            Source::Zensus2022 => "Zensus 2022",
            Source::Mikrozensus => "Mikrozensus",
            Source::Register => "Melderegister",
        }
    }
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        match fold(raw).as_str() {
            "zensus2022" | "zensus 2022" | "zensus" | "census2022" => Ok(Source::Zensus2022),
            "mikrozensus" | "mz" => Ok(Source::Mikrozensus),
            "register" | "melderegister" | "einwohnermelderegister" | "migrapro" => {
                Ok(Source::Register)
            }
            _ => Err(ParseError::new(
                raw,
                crate::one_of(&["zensus2022", "mikrozensus", "register"]),
            )),
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One row of the population benchmark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PopulationRecord {
    pub ags: Ags,
    pub year: Year,
    pub definition: Definition,
    pub source: Source,
    pub age: AgeBand,
    pub sex: Option<Sex>,
    pub persons: u64,
    pub with_migration: u64,
}

/// A training occupation (`Ausbildungsberuf`) as the city names it, e.g.
/// `Verwaltungsfachangestellte/r`. Free text from HR, so only trimmed and bounded.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Occupation(String);

impl Occupation {
    pub const MAX_CHARS: usize = 120;
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let t = raw.trim();
        if t.is_empty() || t.chars().count() > Self::MAX_CHARS || t.chars().any(char::is_control) {
            return Err(ParseError::new(
                raw,
                abbild_i18n::Message::new("exp-occupation"),
            ));
        }
        Ok(Self(t.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Occupation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A recruitment stage (`Stufe`), e.g. `beworben`, `test`, `gespräch`, `angebot`, `eingestellt`.
/// Named by the city; its place in the funnel comes from `stage_order`, not the name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct StageName(String);

impl StageName {
    pub const MAX_CHARS: usize = 60;
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let t = raw.trim();
        if t.is_empty() || t.chars().count() > Self::MAX_CHARS || t.chars().any(char::is_control) {
            return Err(ParseError::new(raw, abbild_i18n::Message::new("exp-stage")));
        }
        Ok(Self(t.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for StageName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One row of the apprentice pipeline file (SPEC §3): persons of `group` who reached `stage`.
/// `group` uses the classes of the representation (`with`/`without`/`unknown`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PipelineRecord {
    pub ags: Ags,
    pub year: Year,
    pub occupation: Occupation,
    pub stage: StageName,
    /// 1 for the first stage (applied), increasing along the funnel.
    pub stage_order: u16,
    pub group: crate::Class,
    pub count: u32,
}

/// Why someone left (`Grund`), SPEC §3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExitReason {
    Retirement,
    Resignation,
    ContractEnd,
    NotTakenOver,
    Other,
}

impl ExitReason {
    pub const ALL: [ExitReason; 5] = [
        ExitReason::Retirement,
        ExitReason::Resignation,
        ExitReason::ContractEnd,
        ExitReason::NotTakenOver,
        ExitReason::Other,
    ];
    pub fn code(self) -> &'static str {
        match self {
            ExitReason::Retirement => "retirement",
            ExitReason::Resignation => "resignation",
            ExitReason::ContractEnd => "contract_end",
            ExitReason::NotTakenOver => "not_taken_over",
            ExitReason::Other => "other",
        }
    }
    pub fn label_de(self) -> &'static str {
        match self {
            ExitReason::Retirement => "Ruhestand",
            ExitReason::Resignation => "Kündigung",
            ExitReason::ContractEnd => "Vertragsende",
            ExitReason::NotTakenOver => "Nicht übernommen",
            ExitReason::Other => "Sonstiges",
        }
    }
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        match fold(raw).as_str() {
            "retirement" | "ruhestand" | "rente" | "pension" => Ok(ExitReason::Retirement),
            "resignation" | "kuendigung" | "eigenkuendigung" => Ok(ExitReason::Resignation),
            "contract_end" | "vertragsende" | "befristung" | "befristungsende" => {
                Ok(ExitReason::ContractEnd)
            }
            "not_taken_over" | "nicht uebernommen" | "keine uebernahme" => {
                Ok(ExitReason::NotTakenOver)
            }
            "other" | "sonstiges" | "sonstige" | "andere" => Ok(ExitReason::Other),
            _ => Err(ParseError::new(
                raw,
                abbild_i18n::Message::new("exp-exit-reason"),
            )),
        }
    }
}

impl fmt::Display for ExitReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One row of the exits file (SPEC §3): of `headcount` persons of `group` at the start of
/// `year` in the segment `key`, `exits` left during the year (for `reason`, when given).
/// Rows that differ only in `reason` repeat the same `headcount`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExitRecord {
    pub ags: Ags,
    pub year: Year,
    pub key: SegmentKey,
    pub group: crate::Class,
    pub reason: Option<ExitReason>,
    pub headcount: u32,
    pub exits: u32,
}

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
                "ISO-639-1-Sprachcode aus zwei Buchstaben, z. B. tr, ar, pl",
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
                "zensus2022, mikrozensus oder register",
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

//! Apprentice recruitment pipeline by stage and group (SPEC §3 "Apprentice pipeline", §4
//! "Pipeline"): where in the funnel applicants with migration history fall behind.
//!
//! Focal group is `with`, reference group `without` (SPEC §4). Applicants whose group is
//! `unknown` are excluded from every rate, ratio, test and total, exactly as item
//! non-response is excluded from the representation; their count per stage is carried in
//! [`StageCounts::unknown`] so the reader sees how many were left out.
//!
//! The report only computes. What leaves abbild goes through
//! [`crate::disclosure::protect_pipeline`], which suppresses small counts and every figure
//! derived from them.

mod figures;
mod input;
mod outreach;

pub(crate) use figures::recompute;
pub use figures::{FigureStatus, GroupFlow, Transition, WithheldCount};
pub use input::PipelineError;
pub use outreach::{youth_benchmark, YouthBenchmark, YouthBenchmarkError, YOUTH_AGES};

use crate::definition::Class;
use crate::dims::{Ags, Year};
use crate::records::{Occupation, PipelineRecord, StageName};
use crate::stats::Confidence;
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

/// What to pool before computing: small cities have few apprentices per occupation and
/// year, so pooling years and/or occupations is often the only way to get figures that
/// survive disclosure control.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pool {
    /// One line per city, year and occupation.
    #[default]
    None,
    /// All years of a city together (shown as `2022–2024`).
    Years,
    /// All occupations of a city and year together (`alle Berufe`).
    Occupations,
    /// All years and all occupations of a city together.
    Both,
}

impl Pool {
    /// `none`, `years`, `occupations`, `both` (also `years,occupations` and German words).
    pub fn parse(raw: &str) -> Result<Self, crate::ParseError> {
        let f = crate::fold(raw);
        let parts: Vec<&str> = f.split([',', '+', ' ']).filter(|p| !p.is_empty()).collect();
        let (mut y, mut o) = (false, false);
        for p in &parts {
            match *p {
                "none" | "keine" | "nein" => {}
                "years" | "jahre" => y = true,
                "occupations" | "berufe" => o = true,
                "both" | "beide" => (y, o) = (true, true),
                _ => {
                    return Err(crate::ParseError::new(
                        raw,
                        abbild_i18n::Message::new("exp-pool"),
                    ))
                }
            }
        }
        Ok(match (y, o) {
            (false, false) => Pool::None,
            (true, false) => Pool::Years,
            (false, true) => Pool::Occupations,
            (true, true) => Pool::Both,
        })
    }
    /// The canonical code (`none`, `years`, `occupations`, `both`).
    pub fn code(self) -> &'static str {
        match self {
            Pool::None => "none",
            Pool::Years => "years",
            Pool::Occupations => "occupations",
            Pool::Both => "both",
        }
    }
    fn years(self) -> bool {
        matches!(self, Pool::Years | Pool::Both)
    }
    fn occupations(self) -> bool {
        matches!(self, Pool::Occupations | Pool::Both)
    }
}

/// How to compute the report.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PipelineOptions {
    pub pool: Pool,
    /// Level of the Katz interval of the impact ratio.
    pub confidence: Confidence,
    /// Outreach benchmark per city and year: the share with migration history among residents
    /// aged 15–24 (see [`youth_benchmark`]). Pooled years get the mean of the years that have
    /// one. Population figures are public, so they are not subject to disclosure control.
    pub outreach: BTreeMap<(Ags, Year), f64>,
}

/// The years a line covers: one year, or the pooled years of a city.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearSpan(Vec<Year>);

impl YearSpan {
    /// `years` sorted and de-duplicated; `None` if empty.
    pub fn new(mut years: Vec<Year>) -> Option<Self> {
        years.sort();
        years.dedup();
        (!years.is_empty()).then_some(Self(years))
    }
    pub fn single(year: Year) -> Self {
        Self(vec![year])
    }
    pub fn years(&self) -> &[Year] {
        &self.0
    }
    pub fn is_pooled(&self) -> bool {
        self.0.len() > 1
    }
}

impl fmt::Display for YearSpan {
    /// `2023`; consecutive years `2022–2024`; otherwise `2021, 2023`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.as_slice() {
            [] => Ok(()),
            [one] => write!(f, "{one}"),
            [first, .., last] if usize::from(last.get() - first.get()) + 1 == self.0.len() => {
                write!(f, "{first}–{last}")
            }
            years => {
                let parts: Vec<String> = years.iter().map(Year::to_string).collect();
                f.write_str(&parts.join(", "))
            }
        }
    }
}

impl Serialize for YearSpan {
    /// Always a string label, also for a single year, so the JSON field has one type.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// An occupation, or all occupations of a city pooled.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OccupationLabel {
    One(Occupation),
    All,
}

impl OccupationLabel {
    /// Label of the pooled line.
    pub const ALL_DE: &'static str = "alle Berufe";
    pub const ALL_EN: &'static str = "all";
}

impl fmt::Display for OccupationLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OccupationLabel::One(o) => f.write_str(o.as_str()),
            OccupationLabel::All => f.write_str(Self::ALL_DE),
        }
    }
}

impl Serialize for OccupationLabel {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Persons per group who reached one stage. `None` only when withheld by disclosure control.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageCounts {
    pub stage: StageName,
    pub order: u16,
    pub with: Option<u64>,
    pub without: Option<u64>,
    /// Group not known: excluded from every rate and ratio, shown for transparency.
    pub unknown: Option<u64>,
}

impl StageCounts {
    pub fn get(&self, group: Class) -> Option<u64> {
        match group {
            Class::With => self.with,
            Class::Without => self.without,
            Class::Unknown => self.unknown,
        }
    }
    pub(crate) fn slot(&mut self, group: Class) -> &mut Option<u64> {
        match group {
            Class::With => &mut self.with,
            Class::Without => &mut self.without,
            Class::Unknown => &mut self.unknown,
        }
    }
}

/// One occupation (or all pooled) of one city and year span.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OccupationPipeline {
    pub occupation: OccupationLabel,
    /// `with / (with + without)` at the first stage (the applicants); `unknown` excluded.
    pub applicant_share: Option<f64>,
    /// The city's share with migration history among residents aged 15–24, if given.
    pub outreach_benchmark: Option<f64>,
    /// Counts per stage in funnel order.
    pub stages: Vec<StageCounts>,
    /// One per pair of consecutive stages.
    pub transitions: Vec<Transition>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CityPipeline {
    pub ags: Ags,
    pub year: YearSpan,
    pub occupations: Vec<OccupationPipeline>,
}

/// The pipeline report: `{"confidence", "cities":[{"ags","year","occupations":[…]}]}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PipelineReport {
    /// Level of the Katz intervals.
    pub confidence: Confidence,
    pub cities: Vec<CityPipeline>,
}

/// Builds the report from pipeline rows of one city or many.
///
/// Refuses (see [`PipelineError`]) duplicate rows, two stage names for one `stage_order` (or
/// one name with two orders), an occupation lacking a stage its city uses that year, a funnel
/// that grows (more persons at a stage than at the one before, per group), and pooling years
/// whose stage ladders differ.
pub fn build(
    records: &[PipelineRecord],
    opts: &PipelineOptions,
) -> Result<PipelineReport, PipelineError> {
    let units = input::aggregate(records, opts.pool)?;
    let mut cities = Vec::with_capacity(units.len());
    for unit in units {
        let outreach = mean(
            unit.years
                .years()
                .iter()
                .filter_map(|y| opts.outreach.get(&(unit.ags, *y)).copied()),
        );
        let occupations = unit
            .occupations
            .into_iter()
            .map(|(occupation, counts)| {
                let stages: Vec<StageCounts> = unit
                    .ladder
                    .iter()
                    .zip(&counts)
                    .map(|((order, stage), c)| StageCounts {
                        stage: stage.clone(),
                        order: *order,
                        with: Some(c[0]),
                        without: Some(c[1]),
                        unknown: Some(c[2]),
                    })
                    .collect();
                figures::occupation(occupation, outreach, stages, opts.confidence)
            })
            .collect();
        cities.push(CityPipeline {
            ags: unit.ags,
            year: unit.years,
            occupations,
        });
    }
    Ok(PipelineReport {
        confidence: opts.confidence,
        cities,
    })
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (n, sum) = values.fold((0u32, 0.0), |(n, s), v| (n + 1, s + v));
    (n > 0).then(|| sum / f64::from(n))
}

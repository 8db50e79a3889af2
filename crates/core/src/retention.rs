//! Exits and retention by group (SPEC §3 "Exits", §4 "Retention"): "Potenziale halten".
//!
//! Per city, year and segment, one line for all reasons together and, when the file gives
//! reasons, one line per reason. The exit rate of a group is `exits / headcount` (headcount at
//! the start of the year); `exit_ratio = rate_with / rate_without`, so > 1 is adverse: persons
//! with migration history leave more often. A reason line compares leaving *for that reason*
//! with not leaving for it (the others stay in the denominator, cause-specific rates).
//! `unknown` is excluded from rates, ratios and tests and shown for transparency.
//!
//! What leaves abbild goes through [`crate::disclosure::protect_retention`].

use crate::definition::Class;
use crate::dims::{Ags, Dim, DimSet, SegmentKey, Year};
use crate::field::FieldCatalog;
use crate::pipeline::FigureStatus;
use crate::records::{ExitReason, ExitRecord};
use crate::representation::SegmentLabel;
use crate::stats::{finite, fisher_exact, relative_risk, Confidence};
use serde::{Serialize, Serializer};
use std::collections::{BTreeMap, BTreeSet};

/// How to compute the report.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RetentionOptions {
    /// Segment columns to report by (empty: the whole city). Columns the file does not carry
    /// show as `-`.
    pub by: DimSet,
    pub confidence: Confidence,
}

/// Why exit rows cannot be analysed. German first, then English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RetentionError {
    MixedReasons {
        ags: Ags,
        year: Year,
    },
    Duplicate {
        ags: Ags,
        year: Year,
        segment: String,
        group: Class,
        reason: Option<ExitReason>,
    },
    HeadcountDiffers {
        ags: Ags,
        year: Year,
        segment: String,
        group: Class,
        first: u32,
        second: u32,
    },
    ExitsExceedHeadcount {
        ags: Ags,
        year: Year,
        segment: String,
        group: Class,
        exits: u64,
        headcount: u64,
    },
}

impl abbild_i18n::Described for RetentionError {
    fn message(&self) -> abbild_i18n::Message {
        use abbild_i18n::Message;
        let at = |key, ags: &Ags, year: &Year, segment: &str, group: &Class| {
            Message::new(key)
                .with("ags", ags)
                .with("year", year)
                .with("segment", segment)
                .with("group", group.code())
        };
        match self {
            RetentionError::MixedReasons { ags, year } => {
                Message::new("err-retention-mixed-reasons")
                    .with("ags", ags)
                    .with("year", year)
            }
            RetentionError::Duplicate {
                ags,
                year,
                segment,
                group,
                reason,
            } => at("err-retention-duplicate", ags, year, segment, group)
                .with("reason", reason.map_or("-", ExitReason::code)),
            RetentionError::HeadcountDiffers {
                ags,
                year,
                segment,
                group,
                first,
                second,
            } => at("err-retention-headcount-differs", ags, year, segment, group)
                .with("first", first)
                .with("second", second),
            RetentionError::ExitsExceedHeadcount {
                ags,
                year,
                segment,
                group,
                exits,
                headcount,
            } => at("err-retention-exits-exceed", ags, year, segment, group)
                .with("exits", exits)
                .with("headcount", headcount),
        }
    }
}
abbild_i18n::described_error!(RetentionError);

/// All reasons together, or one reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReasonLine {
    All,
    One(ExitReason),
}

impl Serialize for ReasonLine {
    /// `"all"` or the reason's code.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(match self {
            ReasonLine::All => "all",
            ReasonLine::One(r) => r.code(),
        })
    }
}

/// One group's headcount, exits and exit rate. Counts are `None` only when withheld by
/// disclosure control.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GroupExits {
    pub headcount: Option<u64>,
    pub exits: Option<u64>,
    /// `exits / headcount`; `None` if the headcount is 0 or a count is withheld.
    pub rate: Option<f64>,
}

/// Which count of which group a withheld figure would use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExitCount {
    Headcount,
    Exits,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WithheldExitCount {
    pub group: Class,
    pub count: ExitCount,
}

/// One line: all reasons or one reason, both groups compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExitLine {
    pub reason: ReasonLine,
    pub with: GroupExits,
    pub without: GroupExits,
    pub unknown: GroupExits,
    /// `rate_with / rate_without` (> 1 adverse).
    pub exit_ratio: Option<f64>,
    /// Katz log interval of the exit ratio.
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// Fisher's exact test on `[[exits_with, stay_with], [exits_without, stay_without]]`
    /// (stay = headcount − exits of this line).
    pub fisher_p_two_sided: Option<f64>,
    /// One-sided in the adverse direction (scipy `alternative='greater'`): `with` leaves more
    /// often.
    pub fisher_p_greater: Option<f64>,
    pub status: FigureStatus,
    pub withheld: Vec<WithheldExitCount>,
}

/// Counts of one segment: per group (`with`, `without`, `unknown`) the headcount, all exits,
/// and exits per reason (empty when the file gives no reasons). `None` = withheld.
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentCounts {
    pub headcount: [Option<u64>; 3],
    pub exits: [Option<u64>; 3],
    pub by_reason: Vec<(ExitReason, [Option<u64>; 3])>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SegmentRetention {
    pub segment: SegmentLabel,
    /// `all` first, then one line per reason of the city and year.
    pub lines: Vec<ExitLine>,
}

impl SegmentRetention {
    /// The counts the lines show (the `all` line carries headcounts and all exits, each
    /// reason line its exits). `None` if there is no `all` line.
    pub fn counts(&self) -> Option<SegmentCounts> {
        let all = self.lines.iter().find(|l| l.reason == ReasonLine::All)?;
        let per = |l: &ExitLine, f: fn(&GroupExits) -> Option<u64>| {
            [f(&l.with), f(&l.without), f(&l.unknown)]
        };
        Some(SegmentCounts {
            headcount: per(all, |g| g.headcount),
            exits: per(all, |g| g.exits),
            by_reason: self
                .lines
                .iter()
                .filter_map(|l| match l.reason {
                    ReasonLine::One(r) => Some((r, per(l, |g| g.exits))),
                    ReasonLine::All => None,
                })
                .collect(),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CityRetention {
    pub ags: Ags,
    pub year: Year,
    pub segments: Vec<SegmentRetention>,
}

/// `{"confidence", "by", "cities":[{"ags","year","segments":[{"segment","lines":[…]}]}]}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RetentionReport {
    pub confidence: Confidence,
    #[serde(serialize_with = "ser_dims")]
    pub by: DimSet,
    pub cities: Vec<CityRetention>,
}

fn ser_dims<S: Serializer>(d: &DimSet, s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(d.iter().map(Dim::code))
}

fn gi(g: Class) -> usize {
    match g {
        Class::With => 0,
        Class::Without => 1,
        Class::Unknown => 2,
    }
}

/// One (city, year, full segment key, group) as read: headcount and exits per reason.
#[derive(Default)]
struct Cell {
    headcount: Option<u32>,
    exits: BTreeMap<Option<ExitReason>, u64>,
}

/// Builds the report. Refuses duplicate rows, rows of one group and segment that repeat
/// different headcounts, more exits than headcount, and files mixing rows with and without
/// a reason in one city and year.
pub fn build(
    records: &[ExitRecord],
    opts: &RetentionOptions,
    catalog: &FieldCatalog,
) -> Result<RetentionReport, RetentionError> {
    type Key = (Ags, Year, SegmentKey, Class);
    let mut cells: BTreeMap<Key, Cell> = BTreeMap::new();
    let mut with_reason: BTreeMap<(Ags, Year), (bool, bool)> = BTreeMap::new();
    let label = |k: &SegmentKey| {
        let all: DimSet = Dim::ALL.into_iter().filter(|d| k.has(*d)).collect();
        SegmentLabel::of(k, all, catalog).to_string()
    };
    for r in records {
        let e = with_reason.entry((r.ags, r.year)).or_default();
        if r.reason.is_some() {
            e.0 = true;
        } else {
            e.1 = true;
        }
        if e.0 && e.1 {
            return Err(RetentionError::MixedReasons {
                ags: r.ags,
                year: r.year,
            });
        }
        let cell = cells.entry((r.ags, r.year, r.key, r.group)).or_default();
        if cell.exits.insert(r.reason, u64::from(r.exits)).is_some() {
            return Err(RetentionError::Duplicate {
                ags: r.ags,
                year: r.year,
                segment: label(&r.key),
                group: r.group,
                reason: r.reason,
            });
        }
        match cell.headcount {
            Some(first) if first != r.headcount => {
                return Err(RetentionError::HeadcountDiffers {
                    ags: r.ags,
                    year: r.year,
                    segment: label(&r.key),
                    group: r.group,
                    first,
                    second: r.headcount,
                })
            }
            _ => cell.headcount = Some(r.headcount),
        }
    }
    // Check, then sum the full keys into the reported segments.
    type Acc = ([u64; 3], [u64; 3], BTreeMap<ExitReason, [u64; 3]>);
    let mut cities: BTreeMap<(Ags, Year), BTreeMap<SegmentKey, Acc>> = BTreeMap::new();
    let mut reasons: BTreeMap<(Ags, Year), BTreeSet<ExitReason>> = BTreeMap::new();
    for ((ags, year, key, group), cell) in &cells {
        let headcount = u64::from(cell.headcount.unwrap_or(0));
        let exits: u64 = cell.exits.values().sum();
        if exits > headcount {
            return Err(RetentionError::ExitsExceedHeadcount {
                ags: *ags,
                year: *year,
                segment: label(key),
                group: *group,
                exits,
                headcount,
            });
        }
        let acc = cities
            .entry((*ags, *year))
            .or_default()
            .entry(key.project(opts.by))
            .or_default();
        let g = gi(*group);
        acc.0[g] += headcount;
        acc.1[g] += exits;
        for (reason, n) in &cell.exits {
            if let Some(r) = reason {
                acc.2.entry(*r).or_default()[g] += n;
                reasons.entry((*ags, *year)).or_default().insert(*r);
            }
        }
    }
    let cities = cities
        .into_iter()
        .map(|((ags, year), segments)| {
            let city_reasons = reasons.remove(&(ags, year)).unwrap_or_default();
            let segments = segments
                .into_iter()
                .map(|(key, (headcount, exits, by_reason))| {
                    let counts = SegmentCounts {
                        headcount: headcount.map(Some),
                        exits: exits.map(Some),
                        by_reason: city_reasons
                            .iter()
                            .map(|r| (*r, by_reason.get(r).copied().unwrap_or([0; 3]).map(Some)))
                            .collect(),
                    };
                    SegmentRetention {
                        segment: SegmentLabel::of(&key, opts.by, catalog),
                        lines: lines(&counts, opts.confidence),
                    }
                })
                .collect();
            CityRetention {
                ags,
                year,
                segments,
            }
        })
        .collect();
    Ok(RetentionReport {
        confidence: opts.confidence,
        by: opts.by,
        cities,
    })
}

/// The lines of one segment from its counts: `all`, then one per reason. A `None` count
/// (withheld) makes every figure that uses it `None`.
pub fn lines(counts: &SegmentCounts, confidence: Confidence) -> Vec<ExitLine> {
    let mut out = vec![line(
        ReasonLine::All,
        counts.headcount,
        counts.exits,
        confidence,
    )];
    for (r, exits) in &counts.by_reason {
        out.push(line(
            ReasonLine::One(*r),
            counts.headcount,
            *exits,
            confidence,
        ));
    }
    out
}

fn group(headcount: Option<u64>, exits: Option<u64>) -> GroupExits {
    GroupExits {
        headcount,
        exits,
        rate: headcount
            .zip(exits)
            .and_then(|(h, e)| (h > 0).then(|| e as f64 / h as f64)),
    }
}

fn line(
    reason: ReasonLine,
    headcount: [Option<u64>; 3],
    exits: [Option<u64>; 3],
    confidence: Confidence,
) -> ExitLine {
    let mut withheld = Vec::new();
    for g in [Class::With, Class::Without] {
        if headcount[gi(g)].is_none() {
            withheld.push(WithheldExitCount {
                group: g,
                count: ExitCount::Headcount,
            });
        }
        if exits[gi(g)].is_none() {
            withheld.push(WithheldExitCount {
                group: g,
                count: ExitCount::Exits,
            });
        }
    }
    let mut l = ExitLine {
        reason,
        with: group(headcount[0], exits[0]),
        without: group(headcount[1], exits[1]),
        unknown: group(headcount[2], exits[2]),
        exit_ratio: None,
        ci_low: None,
        ci_high: None,
        fisher_p_two_sided: None,
        fisher_p_greater: None,
        status: if withheld.is_empty() {
            FigureStatus::Ok
        } else {
            FigureStatus::Suppressed
        },
        withheld,
    };
    let (Some(h_w), Some(e_w), Some(h_o), Some(e_o)) =
        (headcount[0], exits[0], headcount[1], exits[1])
    else {
        return l;
    };
    if let Some(rr) = relative_risk(e_w, h_w, e_o, h_o, confidence) {
        l.exit_ratio = finite(rr.relative_risk);
        l.ci_low = finite(rr.low);
        l.ci_high = finite(rr.high);
    }
    if h_w > 0 && h_o > 0 {
        let f = fisher_exact([
            [e_w, h_w.saturating_sub(e_w)],
            [e_o, h_o.saturating_sub(e_o)],
        ]);
        l.fisher_p_two_sided = Some(f.two_sided);
        l.fisher_p_greater = Some(f.greater);
    }
    l
}

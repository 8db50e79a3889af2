//! Disclosure control of the exits report (SPEC §5).
//!
//! Finest cells: segment × group × reason × outcome (`exited` with its reason; `stayed` with
//! reason `-`); without reasons in the file, segment × group × outcome. The whole table is
//! published with its margins: headcount per segment and group, exits (all and per reason),
//! so every count the report shows is a cell of the audit.

use super::units::{gi, group_labels, invalid, run, CellRef, Summary, GROUPS};
use super::{Released, SdcUnit};
use crate::definition::Class;
use crate::dims::Ags;
use crate::retention::{self, ReasonLine, RetentionReport, SegmentCounts};
use crate::sdc::{self, Microdata, Publish, SdcError};

const EXITED: u32 = 0;
const STAYED: u32 = 1;

/// The protection problems of an exits report, one per city and year.
pub fn retention_units(report: &RetentionReport) -> Result<Vec<SdcUnit>, SdcError> {
    report
        .cities
        .iter()
        .map(|city| {
            let counts = city
                .segments
                .iter()
                .map(|s| {
                    s.counts().ok_or_else(|| {
                        invalid(format!(
                            "{} {}: keine Zeile `all` / no `all` line",
                            city.ags, s.segment
                        ))
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            retention_unit(
                city.ags,
                &city.year.to_string(),
                city.segments
                    .iter()
                    .map(|s| s.segment.to_string())
                    .collect(),
                &counts,
            )
        })
        .collect()
}

/// Dimension layout of an exits unit: with reasons `segment, group, reason, outcome`,
/// without `segment, group, outcome`.
fn has_reasons(counts: &[SegmentCounts]) -> bool {
    counts.iter().any(|c| !c.by_reason.is_empty())
}

fn headcount_cell(s: u32, g: Class) -> CellRef {
    (vec![0, 1], vec![s, gi(g)])
}

fn exits_cell(s: u32, g: Class, reasons: bool, reason: Option<u32>) -> CellRef {
    match (reasons, reason) {
        (true, Some(r)) => (vec![0, 1, 2, 3], vec![s, gi(g), r, EXITED]),
        (true, None) => (vec![0, 1, 3], vec![s, gi(g), EXITED]),
        (false, _) => (vec![0, 1, 2], vec![s, gi(g), EXITED]),
    }
}

fn retention_unit(
    ags: Ags,
    year: &str,
    segments: Vec<String>,
    counts: &[SegmentCounts],
) -> Result<SdcUnit, SdcError> {
    let reasons = has_reasons(counts);
    let reason_list: Vec<String> = counts
        .first()
        .map(|c| {
            c.by_reason
                .iter()
                .map(|(r, _)| r.code().to_owned())
                .collect()
        })
        .unwrap_or_default();
    let mut dims = vec!["segment".to_owned(), "group".to_owned()];
    let mut labels = vec![segments, group_labels()];
    if reasons {
        dims.push("reason".to_owned());
        let mut l = reason_list.clone();
        l.push("-".to_owned());
        labels.push(l);
    }
    dims.push("outcome".to_owned());
    labels.push(vec!["exited".to_owned(), "stayed".to_owned()]);
    let stayed_reason = u32::try_from(reason_list.len()).map_err(|_| SdcError::TooLarge)?;
    let mut cells = Vec::new();
    for (s, c) in counts.iter().enumerate() {
        let s = u32::try_from(s).map_err(|_| SdcError::TooLarge)?;
        let listed: Vec<String> = c
            .by_reason
            .iter()
            .map(|(r, _)| r.code().to_owned())
            .collect();
        if listed != reason_list {
            return Err(invalid(format!(
                "{ags} {year}: Segmente mit verschiedenen Gründen / segments with different reasons"
            )));
        }
        for g in GROUPS {
            let i = gi(g) as usize;
            let missing = || {
                invalid(format!("{ags} {year}: Zählung fehlt (schon geschützt?) / a count is missing (already protected?)"))
            };
            let headcount = c.headcount[i].ok_or_else(missing)?;
            let exits = c.exits[i].ok_or_else(missing)?;
            let stayed = headcount.checked_sub(exits).ok_or_else(|| {
                invalid(format!(
                    "{ags} {year}: mehr Abgänge als Beschäftigte / more exits than headcount"
                ))
            })?;
            if reasons {
                let mut sum = 0;
                for (r, (_, by_group)) in c.by_reason.iter().enumerate() {
                    let e = by_group[i].ok_or_else(missing)?;
                    sum += e;
                    let r = u32::try_from(r).map_err(|_| SdcError::TooLarge)?;
                    cells.push((vec![s, gi(g), r, EXITED], e));
                }
                if sum != exits {
                    return Err(invalid(format!(
                        "{ags} {year}: Abgänge nach Gründen ergeben nicht alle Abgänge / exits by reason do not add up"
                    )));
                }
                cells.push((vec![s, gi(g), stayed_reason, STAYED], stayed));
            } else {
                cells.push((vec![s, gi(g), EXITED], exits));
                cells.push((vec![s, gi(g), STAYED], stayed));
            }
        }
    }
    let publish = vec![Publish::new(0..dims.len())];
    Ok(SdcUnit {
        ags,
        years: year.to_owned(),
        data: Microdata::from_coded(dims, labels, cells)?,
        publish,
        class_dim: 1,
    })
}

/// Protects an exits report (SPEC §5): small headcounts and exit counts, and the counts
/// that would reveal them, are withheld, and so is every rate, ratio, interval and p-value
/// that uses one.
pub fn protect_retention(
    mut report: RetentionReport,
    cfg: &sdc::Config,
) -> Result<Released<RetentionReport>, SdcError> {
    let units = retention_units(&report)?;
    let mut summary = Summary::new();
    let confidence = report.confidence;
    for (city, unit) in report.cities.iter_mut().zip(&units) {
        let published = run(unit, cfg, &mut summary)?;
        for (s, seg) in city.segments.iter_mut().enumerate() {
            let Some(mut counts) = seg.counts() else {
                continue;
            };
            let reasons = !counts.by_reason.is_empty();
            let s = u32::try_from(s).map_err(|_| SdcError::TooLarge)?;
            // Unknown group: never published (see `GROUPS`).
            let u = 2;
            counts.headcount[u] = None;
            counts.exits[u] = None;
            for (_, by_group) in counts.by_reason.iter_mut() {
                by_group[u] = None;
            }
            for g in GROUPS {
                let i = gi(g) as usize;
                if !published(&headcount_cell(s, g)) {
                    counts.headcount[i] = None;
                }
                if !published(&exits_cell(s, g, reasons, None)) {
                    counts.exits[i] = None;
                }
                for (r, (_, by_group)) in counts.by_reason.iter_mut().enumerate() {
                    let r = u32::try_from(r).map_err(|_| SdcError::TooLarge)?;
                    if !published(&exits_cell(s, g, reasons, Some(r))) {
                        by_group[i] = None;
                    }
                }
            }
            seg.lines = retention::lines(&counts, confidence);
            debug_assert!(seg
                .lines
                .first()
                .is_some_and(|l| l.reason == ReasonLine::All));
        }
    }
    Ok(Released {
        protection: summary.protection(cfg.k),
        body: report,
    })
}

//! Disclosure control of the apprentice pipeline (SPEC §5).
//!
//! # The pipeline as microdata
//! The stage counts are nested: everybody at stage j was at stage j−1. Publishing them as
//! independent tables would let the audit assume that stage j could exceed stage j−1, so it
//! would over-estimate how far an attacker is in the dark. Instead the finest cells are the
//! persons by occupation, group and *outcome*: the last stage reached ("dropped out after
//! stage i", or "final"). For every stage j ≥ 2 a derived yes/no dimension `reached j` (a
//! function of the outcome) is added, and for each j the table occupation × group ×
//! reached j is published with all its margins. Its cells are exactly what the report shows
//! and what can be derived from it: persons at stage j (`yes`), drop-outs before j (`no`),
//! the first-stage counts (margin occupation × group), and totals over occupations and
//! groups. Non-monotone combinations of the `reached` dimensions never occur among the
//! finest cells, so the audit's attacker knows the funnel cannot grow, as the real one does.
//!
//! The persons who left between two consecutive stages (`in − out` of a transition) are a
//! difference of two published cells, not a cell of their own, so they are not
//! primary-sensitive: SPEC §5 protects table cells. Publishing the outcome table as well
//! would make every small drop-out step sensitive and withhold most late-stage counts.

use super::units::{gi, group_labels, invalid, run, CellRef, Summary, GROUPS};
use super::{Released, SdcUnit};
use crate::definition::Class;
use crate::dims::Ags;
use crate::pipeline::{recompute, OccupationPipeline, PipelineReport, YearSpan};
use crate::sdc::{self, Microdata, Publish, SdcError};

const YES: u32 = 0;
const NO: u32 = 1;

/// Which published cell holds stage `s` (0-based) of occupation `o` and group `g`: the first
/// stage is the margin occupation × group, a later stage j the `yes` cell of reached j.
pub(super) fn stage_cell(o: u32, s: usize, g: Class) -> CellRef {
    if s == 0 {
        (vec![0, 1], vec![o, gi(g)])
    } else {
        (vec![0, 1, 2 + s], vec![o, gi(g), YES])
    }
}

/// The protection problems of a pipeline report, one per city and year span.
pub fn pipeline_units(report: &PipelineReport) -> Result<Vec<SdcUnit>, SdcError> {
    report
        .cities
        .iter()
        .map(|city| pipeline_unit(city.ags, &city.year, &city.occupations))
        .collect()
}

fn pipeline_unit(
    ags: Ags,
    years: &YearSpan,
    occupations: &[OccupationPipeline],
) -> Result<SdcUnit, SdcError> {
    let where_ = || format!("{ags} {years}");
    let ladder: Vec<String> = occupations
        .first()
        .map(|o| o.stages.iter().map(|s| s.stage.to_string()).collect())
        .unwrap_or_default();
    let n = ladder.len();
    if n == 0 {
        return Err(invalid(format!("{}: keine Stufen / no stages", where_())));
    }
    let mut dims = vec![
        "occupation".to_owned(),
        "group".to_owned(),
        "outcome".to_owned(),
    ];
    let mut labels = vec![
        occupations
            .iter()
            .map(|o| o.occupation.to_string())
            .collect(),
        group_labels(),
        (0..n)
            .map(|i| {
                if i + 1 == n {
                    "final".to_owned()
                } else {
                    format!("left after {}", ladder[i])
                }
            })
            .collect::<Vec<_>>(),
    ];
    for stage in ladder.iter().skip(1) {
        dims.push(format!("reached {stage}"));
        labels.push(vec!["yes".to_owned(), "no".to_owned()]);
    }
    let mut cells = Vec::with_capacity(occupations.len() * 3 * n);
    for (o, occ) in occupations.iter().enumerate() {
        let names: Vec<String> = occ.stages.iter().map(|s| s.stage.to_string()).collect();
        if names != ladder {
            return Err(invalid(format!(
                "{}: Berufe mit verschiedenen Stufen / occupations with different stages",
                where_()
            )));
        }
        let o = u32::try_from(o).map_err(|_| SdcError::TooLarge)?;
        for g in GROUPS {
            let counts = occ
                .stages
                .iter()
                .map(|s| s.get(g))
                .collect::<Option<Vec<u64>>>()
                .ok_or_else(|| {
                    invalid(format!(
                        "{} {}: Zählung fehlt (schon geschützt?) / a count is missing (already protected?)",
                        where_(),
                        occ.occupation
                    ))
                })?;
            for out in 0..n {
                let next = counts.get(out + 1).copied().unwrap_or(0);
                let left = counts[out].checked_sub(next).ok_or_else(|| {
                    invalid(format!(
                        "{} {}: Stufe {} hat mehr Personen als die vorige / a stage exceeds the one before",
                        where_(),
                        occ.occupation,
                        ladder[out + 1]
                    ))
                })?;
                let mut key = vec![
                    o,
                    gi(g),
                    u32::try_from(out).map_err(|_| SdcError::TooLarge)?,
                ];
                key.extend((1..n).map(|j| if out >= j { YES } else { NO }));
                cells.push((key, left));
            }
        }
    }
    let publish = if n == 1 {
        vec![Publish::new([0, 1])]
    } else {
        (1..n).map(|j| Publish::new([0, 1, 2 + j])).collect()
    };
    Ok(SdcUnit {
        ags,
        years: years.to_string(),
        data: Microdata::from_coded(dims, labels, cells)?,
        publish,
        class_dim: 1,
    })
}

/// Protects a pipeline report (SPEC §5): small counts and the counts that would reveal them
/// are withheld, and so is every rate, ratio, interval, p-value, shortfall, cumulative ratio
/// and applicant share that uses one; each transition says which counts it misses.
pub fn protect_pipeline(
    mut report: PipelineReport,
    cfg: &sdc::Config,
) -> Result<Released<PipelineReport>, SdcError> {
    let units = pipeline_units(&report)?;
    let mut summary = Summary::new();
    let confidence = report.confidence;
    for (city, unit) in report.cities.iter_mut().zip(&units) {
        let published = run(unit, cfg, &mut summary)?;
        for (o, occ) in city.occupations.iter_mut().enumerate() {
            let o = u32::try_from(o).map_err(|_| SdcError::TooLarge)?;
            for (s, stage) in occ.stages.iter_mut().enumerate() {
                *stage.slot(Class::Unknown) = None;
                for g in GROUPS {
                    if !published(&stage_cell(o, s, g)) {
                        *stage.slot(g) = None;
                    }
                }
            }
            recompute(occ, confidence);
        }
    }
    Ok(Released {
        protection: summary.protection(cfg.k),
        body: report,
    })
}

//! Validation and pooling of pipeline rows: one funnel per city, year span and occupation.
//!
//! The checks exist because a wrong funnel gives plausible but false ratios: a stage with
//! more persons than the one before (a typo, or counts of another year) would show a
//! "rate" above 1; two names for one stage order would silently merge stages.

use super::{OccupationLabel, Pool, YearSpan};
use crate::definition::Class;
use crate::dims::{Ags, Year};
use crate::records::{Occupation, PipelineRecord, StageName};
use std::collections::{BTreeMap, BTreeSet};

/// Why pipeline rows cannot be analysed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PipelineError {
    Duplicate {
        ags: Ags,
        year: Year,
        occupation: Occupation,
        stage: StageName,
        group: Class,
    },
    SameOrder {
        ags: Ags,
        year: Year,
        order: u16,
        first: StageName,
        second: StageName,
    },
    StageTwoOrders {
        ags: Ags,
        year: Year,
        stage: StageName,
        first: u16,
        second: u16,
    },
    MissingStage {
        ags: Ags,
        year: Year,
        occupation: Occupation,
        stage: StageName,
    },
    FunnelGrows {
        ags: Ags,
        year: Year,
        occupation: Occupation,
        group: Class,
        from: StageName,
        from_count: u64,
        to: StageName,
        to_count: u64,
    },
    LadderMismatch {
        ags: Ags,
        first: Year,
        second: Year,
    },
}

impl abbild_i18n::Described for PipelineError {
    fn message(&self) -> abbild_i18n::Message {
        use abbild_i18n::Message;
        let at =
            |key, ags: &Ags, year: &Year| Message::new(key).with("ags", ags).with("year", year);
        match self {
            PipelineError::Duplicate {
                ags,
                year,
                occupation,
                stage,
                group,
            } => at("err-pipeline-duplicate", ags, year)
                .with("occupation", occupation)
                .with("stage", stage)
                .with("group", group.code()),
            PipelineError::SameOrder {
                ags,
                year,
                order,
                first,
                second,
            } => at("err-pipeline-same-order", ags, year)
                .with("order", order)
                .with("first", first)
                .with("second", second),
            PipelineError::StageTwoOrders {
                ags,
                year,
                stage,
                first,
                second,
            } => at("err-pipeline-two-orders", ags, year)
                .with("stage", stage)
                .with("first", first)
                .with("second", second),
            PipelineError::MissingStage {
                ags,
                year,
                occupation,
                stage,
            } => at("err-pipeline-missing-stage", ags, year)
                .with("occupation", occupation)
                .with("stage", stage),
            PipelineError::FunnelGrows {
                ags,
                year,
                occupation,
                group,
                from,
                from_count,
                to,
                to_count,
            } => at("err-pipeline-funnel-grows", ags, year)
                .with("occupation", occupation)
                .with("group", group.code())
                .with("from", from)
                .with("from_count", from_count)
                .with("to", to)
                .with("to_count", to_count),
            PipelineError::LadderMismatch { ags, first, second } => {
                Message::new("err-pipeline-ladder-mismatch")
                    .with("ags", ags)
                    .with("first", first)
                    .with("second", second)
            }
        }
    }
}
abbild_i18n::described_error!(PipelineError);

/// Stage order → name, in funnel order.
pub(super) type Ladder = Vec<(u16, StageName)>;

/// Persons per stage (funnel order) and group (`with`, `without`, `unknown`).
pub(super) type Funnel = Vec<[u64; 3]>;

/// One city and year span, ready for the figures.
#[derive(Debug)]
pub(super) struct Unit {
    pub ags: Ags,
    pub years: YearSpan,
    pub ladder: Ladder,
    pub occupations: BTreeMap<OccupationLabel, Funnel>,
}

fn group_index(g: Class) -> usize {
    match g {
        Class::With => 0,
        Class::Without => 1,
        Class::Unknown => 2,
    }
}

/// One city and year as read: its ladder and a funnel per occupation.
struct CityYear {
    ladder: Ladder,
    funnels: BTreeMap<Occupation, Funnel>,
}

pub(super) fn aggregate(
    records: &[PipelineRecord],
    pool: Pool,
) -> Result<Vec<Unit>, PipelineError> {
    let mut by_city_year: BTreeMap<(Ags, Year), Vec<&PipelineRecord>> = BTreeMap::new();
    for r in records {
        by_city_year.entry((r.ags, r.year)).or_default().push(r);
    }
    let mut read: BTreeMap<Ags, Vec<(Year, CityYear)>> = BTreeMap::new();
    for ((ags, year), rows) in by_city_year {
        let cy = city_year(ags, year, &rows)?;
        read.entry(ags).or_default().push((year, cy));
    }
    let mut units = Vec::new();
    for (ags, years) in read {
        let groups: Vec<Vec<(Year, CityYear)>> = if pool.years() {
            vec![years]
        } else {
            years.into_iter().map(|y| vec![y]).collect()
        };
        for group in groups {
            units.push(pool_years(ags, group, pool.occupations())?);
        }
    }
    Ok(units)
}

/// Sums the years of one city (all with the same ladder), optionally over occupations too.
fn pool_years(
    ags: Ags,
    years: Vec<(Year, CityYear)>,
    all_occupations: bool,
) -> Result<Unit, PipelineError> {
    let mut ladder: Option<(Year, Ladder)> = None;
    let mut span = Vec::with_capacity(years.len());
    let mut occupations: BTreeMap<OccupationLabel, Funnel> = BTreeMap::new();
    for (year, cy) in years {
        match &ladder {
            None => ladder = Some((year, cy.ladder.clone())),
            Some((first, l)) if *l != cy.ladder => {
                return Err(PipelineError::LadderMismatch {
                    ags,
                    first: *first,
                    second: year,
                })
            }
            Some(_) => {}
        }
        span.push(year);
        for (occ, funnel) in cy.funnels {
            let label = if all_occupations {
                OccupationLabel::All
            } else {
                OccupationLabel::One(occ)
            };
            let acc = occupations
                .entry(label)
                .or_insert_with(|| vec![[0; 3]; funnel.len()]);
            for (a, f) in acc.iter_mut().zip(&funnel) {
                for g in 0..3 {
                    a[g] += f[g];
                }
            }
        }
    }
    let (ladder, years) = match (ladder, YearSpan::new(span)) {
        (Some((_, l)), Some(y)) => (l, y),
        // Not reached: a unit is made from at least one city-year.
        _ => (Vec::new(), YearSpan(Vec::new())),
    };
    Ok(Unit {
        ags,
        years,
        ladder,
        occupations,
    })
}

/// Reads and checks the rows of one city and year.
fn city_year(ags: Ags, year: Year, rows: &[&PipelineRecord]) -> Result<CityYear, PipelineError> {
    // The ladder: one name per order and one order per name.
    let mut by_order: BTreeMap<u16, &StageName> = BTreeMap::new();
    let mut by_name: BTreeMap<&StageName, u16> = BTreeMap::new();
    for r in rows {
        if let Some(first) = by_order.insert(r.stage_order, &r.stage) {
            if *first != r.stage {
                return Err(PipelineError::SameOrder {
                    ags,
                    year,
                    order: r.stage_order,
                    first: first.clone(),
                    second: r.stage.clone(),
                });
            }
        }
        if let Some(first) = by_name.insert(&r.stage, r.stage_order) {
            if first != r.stage_order {
                return Err(PipelineError::StageTwoOrders {
                    ags,
                    year,
                    stage: r.stage.clone(),
                    first,
                    second: r.stage_order,
                });
            }
        }
    }
    let ladder: Ladder = by_order.into_iter().map(|(o, n)| (o, n.clone())).collect();
    let position: BTreeMap<u16, usize> = ladder
        .iter()
        .enumerate()
        .map(|(i, (o, _))| (*o, i))
        .collect();
    // Counts, refusing duplicates; which stages each occupation has rows for.
    let mut seen: BTreeSet<(&Occupation, u16, Class)> = BTreeSet::new();
    let mut funnels: BTreeMap<Occupation, Funnel> = BTreeMap::new();
    let mut present: BTreeMap<&Occupation, BTreeSet<u16>> = BTreeMap::new();
    for r in rows {
        if !seen.insert((&r.occupation, r.stage_order, r.group)) {
            return Err(PipelineError::Duplicate {
                ags,
                year,
                occupation: r.occupation.clone(),
                stage: r.stage.clone(),
                group: r.group,
            });
        }
        present
            .entry(&r.occupation)
            .or_default()
            .insert(r.stage_order);
        let funnel = funnels
            .entry(r.occupation.clone())
            .or_insert_with(|| vec![[0; 3]; ladder.len()]);
        if let Some(&i) = position.get(&r.stage_order) {
            funnel[i][group_index(r.group)] += u64::from(r.count);
        }
    }
    for (occ, orders) in &present {
        if let Some((_, stage)) = ladder.iter().find(|(o, _)| !orders.contains(o)) {
            return Err(PipelineError::MissingStage {
                ags,
                year,
                occupation: (*occ).clone(),
                stage: stage.clone(),
            });
        }
    }
    for (occ, funnel) in &funnels {
        for (i, pair) in funnel.windows(2).enumerate() {
            for g in [Class::With, Class::Without, Class::Unknown] {
                let (from, to) = (pair[0][group_index(g)], pair[1][group_index(g)]);
                if to > from {
                    return Err(PipelineError::FunnelGrows {
                        ags,
                        year,
                        occupation: occ.clone(),
                        group: g,
                        from: ladder[i].1.clone(),
                        from_count: from,
                        to: ladder[i + 1].1.clone(),
                        to_count: to,
                    });
                }
            }
        }
    }
    Ok(CityYear { ladder, funnels })
}

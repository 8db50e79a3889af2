//! The outreach benchmark (SPEC §4 "Outreach gap"): the share with migration history among
//! the city's residents aged 15–24, the age of school leavers and apprentices. The `with`
//! share among applicants is compared with it.

use crate::benchmark::{Benchmark, BenchmarkError, BenchmarkInfo};
use crate::definition::Definition;
use crate::dims::{AgeBand, Ags, Year};
use crate::records::{PopulationRecord, Source};

/// The ages of the outreach benchmark, inclusive.
pub const YOUTH_AGES: AgeBand = AgeBand { from: 15, to: 24 };

/// The youth share and where it comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct YouthBenchmark {
    /// `with_migration / persons` over the bands that make up ages 15–24.
    pub share: f64,
    pub persons: u64,
    pub with_migration: u64,
    /// Source and year actually used (the year may differ from the pipeline's).
    pub info: BenchmarkInfo,
}

/// Why there is no youth benchmark. German first, then English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum YouthBenchmarkError {
    NoPopulation {
        ags: Ags,
        definition: Definition,
    },
    NotCoverable {
        ags: Ags,
        data_source: Source,
        year: Year,
        reason: BenchmarkError,
    },
}

impl abbild_i18n::Described for YouthBenchmarkError {
    fn message(&self) -> abbild_i18n::Message {
        use abbild_i18n::Message;
        match self {
            YouthBenchmarkError::NoPopulation { ags, definition } => {
                Message::new("err-youth-no-population")
                    .with("ags", ags)
                    .with("definition", definition)
            }
            YouthBenchmarkError::NotCoverable {
                ags,
                data_source,
                year,
                reason,
            } => Message::new("err-youth-not-coverable")
                .with("ags", ags)
                .with("source", data_source)
                .with("year", year)
                .nested("reason", abbild_i18n::Described::message(reason)),
        }
    }
}
abbild_i18n::described_error!(YouthBenchmarkError);

/// The share with migration history among residents aged 15–24 of city `ags` under
/// `definition`.
///
/// The population's age bands must cover 15–24 exactly as a union of whole bands (e.g.
/// 15–17, 18–20, 21–24; or 15–19, 20–24); a band reaching across 15 or 24 (10–19) would mix
/// in other ages and is refused. Among the years and sources with rows for the city and
/// definition, the year closest to `year_hint` whose bands cover 15–24 is used; on a tie the
/// earlier year (figures available at the time), then the source in the order of
/// [`Source::ALL`]. Rows by sex are summed. If no year covers 15–24, the error names the
/// closest year's problem.
pub fn youth_benchmark(
    pop: &[PopulationRecord],
    ags: Ags,
    year_hint: Year,
    definition: Definition,
) -> Result<YouthBenchmark, YouthBenchmarkError> {
    let mut candidates: Vec<(Year, Source)> = pop
        .iter()
        .filter(|r| r.ags == ags && r.definition == definition)
        .map(|r| (r.year, r.source))
        .collect();
    candidates.sort_by_key(|&(y, s)| (y.get().abs_diff(year_hint.get()), y, s));
    candidates.dedup();
    let mut first_error = None;
    for (year, source) in candidates {
        let info = BenchmarkInfo {
            source,
            year,
            definition,
        };
        match youth_share(pop, ags, info) {
            Ok(b) => return Ok(b),
            Err(e) => {
                first_error.get_or_insert(YouthBenchmarkError::NotCoverable {
                    ags,
                    data_source: source,
                    year,
                    reason: e,
                });
            }
        }
    }
    Err(first_error.unwrap_or(YouthBenchmarkError::NoPopulation { ags, definition }))
}

fn youth_share(
    pop: &[PopulationRecord],
    ags: Ags,
    info: BenchmarkInfo,
) -> Result<YouthBenchmark, BenchmarkError> {
    let bench = Benchmark::from_records(ags, info, pop)?;
    // `share_in` checks that the bands overlapping 15–24 make it up exactly.
    let share = bench.share_in(YOUTH_AGES)?;
    let (persons, with_migration) = bench
        .bands()
        .iter()
        .filter(|b| YOUTH_AGES.contains(b.age))
        .fold((0, 0), |(p, w), b| (p + b.persons, w + b.with_migration));
    Ok(YouthBenchmark {
        share,
        persons,
        with_migration,
        info,
    })
}

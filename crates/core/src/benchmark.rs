//! The population benchmark of a city: crude share and age-standardised share (SPEC §4).

use crate::definition::Definition;
use crate::dims::{AgeBand, Ags, Year};
use crate::records::{PopulationRecord, Source};
use serde::Serialize;
use std::collections::BTreeMap;

/// Where a benchmark comes from; printed next to every comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BenchmarkInfo {
    pub source: Source,
    pub year: Year,
    pub definition: Definition,
}

/// Age-specific persons and persons with migration history, summed over sex.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Band {
    pub age: AgeBand,
    pub persons: u64,
    pub with_migration: u64,
}

/// A city's benchmark for one year, definition and source: non-overlapping age bands.
#[derive(Debug, Clone, PartialEq)]
pub struct Benchmark {
    pub ags: Ags,
    pub info: BenchmarkInfo,
    bands: Vec<Band>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BenchmarkError {
    Empty {
        ags: Ags,
        what: String,
    },
    Overlap {
        ags: Ags,
        a: AgeBand,
        b: AgeBand,
    },
    NotAUnion {
        ags: Ags,
        staff: AgeBand,
        bands: String,
    },
    NoPersons {
        ags: Ags,
        band: AgeBand,
    },
    Ambiguous {
        ags: Ags,
        found: String,
    },
}

impl abbild_i18n::Described for BenchmarkError {
    fn message(&self) -> abbild_i18n::Message {
        use abbild_i18n::Message;
        match self {
            BenchmarkError::Empty { ags, what } => Message::new("err-benchmark-empty")
                .with("ags", ags)
                .with("what", what),
            BenchmarkError::Overlap { ags, a, b } => Message::new("err-benchmark-overlap")
                .with("ags", ags)
                .with("a", a)
                .with("b", b),
            BenchmarkError::NotAUnion { ags, staff, bands } => {
                Message::new("err-benchmark-not-a-union")
                    .with("ags", ags)
                    .with("staff", staff)
                    .with("bands", bands)
            }
            BenchmarkError::NoPersons { ags, band } => Message::new("err-benchmark-no-persons")
                .with("ags", ags)
                .with("band", band),
            BenchmarkError::Ambiguous { ags, found } => Message::new("err-benchmark-ambiguous")
                .with("ags", ags)
                .with("found", found),
        }
    }
}
abbild_i18n::described_error!(BenchmarkError);

impl Benchmark {
    /// Builds the benchmark from the records of ONE city, year, definition and source.
    /// Rows by sex are summed per band; overlapping bands are refused.
    pub fn from_records(
        ags: Ags,
        info: BenchmarkInfo,
        records: &[PopulationRecord],
    ) -> Result<Self, BenchmarkError> {
        let mut by_band: BTreeMap<AgeBand, (u64, u64)> = BTreeMap::new();
        for r in records.iter().filter(|r| {
            r.ags == ags
                && r.year == info.year
                && r.definition == info.definition
                && r.source == info.source
        }) {
            let e = by_band.entry(r.age).or_default();
            e.0 += r.persons;
            e.1 += r.with_migration;
        }
        if by_band.is_empty() {
            return Err(BenchmarkError::Empty {
                ags,
                what: format!("{} {} {}", info.source, info.year, info.definition),
            });
        }
        let bands: Vec<Band> = by_band
            .into_iter()
            .map(|(age, (persons, with_migration))| Band {
                age,
                persons,
                with_migration,
            })
            .collect();
        for w in bands.windows(2) {
            if w[0].age.overlaps(w[1].age) {
                return Err(BenchmarkError::Overlap {
                    ags,
                    a: w[0].age,
                    b: w[1].age,
                });
            }
        }
        Ok(Benchmark { ags, info, bands })
    }

    /// Chooses the benchmark among a city's records: the given definition (or the only one
    /// present) and the latest year not after `year`, if given.
    pub fn select(
        ags: Ags,
        records: &[PopulationRecord],
        definition: Option<Definition>,
        year: Option<Year>,
    ) -> Result<Self, BenchmarkError> {
        let mut keys: Vec<(Definition, Source, Year)> = records
            .iter()
            .filter(|r| r.ags == ags)
            .filter(|r| definition.is_none_or(|d| r.definition == d))
            .filter(|r| year.is_none_or(|y| r.year <= y))
            .map(|r| (r.definition, r.source, r.year))
            .collect();
        keys.sort();
        keys.dedup();
        let what = || {
            let d = definition.map_or("beliebige Definition".to_owned(), |d| d.code().to_owned());
            let y = year.map_or(String::new(), |y| format!(", Jahr ≤ {y}"));
            format!("{d}{y}")
        };
        let latest_year = keys
            .iter()
            .map(|k| k.2)
            .max()
            .ok_or_else(|| BenchmarkError::Empty { ags, what: what() })?;
        let candidates: Vec<_> = keys.into_iter().filter(|k| k.2 == latest_year).collect();
        match candidates.as_slice() {
            [(definition, source, year)] => Self::from_records(
                ags,
                BenchmarkInfo {
                    source: *source,
                    year: *year,
                    definition: *definition,
                },
                records,
            ),
            many => Err(BenchmarkError::Ambiguous {
                ags,
                found: many
                    .iter()
                    .map(|(d, s, y)| format!("{d}/{s}/{y}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
        }
    }

    pub fn bands(&self) -> &[Band] {
        &self.bands
    }

    /// Crude share b = Σ with / Σ persons: the contract's literal goal.
    pub fn total(&self) -> f64 {
        let (p, m) = self.bands.iter().fold((0u64, 0u64), |(p, m), b| {
            (p + b.persons, m + b.with_migration)
        });
        if p == 0 {
            0.0
        } else {
            m as f64 / p as f64
        }
    }

    /// M_a / P_a for a staff band a, which must be exactly a union of benchmark bands.
    pub fn share_in(&self, staff: AgeBand) -> Result<f64, BenchmarkError> {
        let mut covered_to: Option<u8> = None;
        let (mut persons, mut with) = (0u64, 0u64);
        let names = || {
            self.bands
                .iter()
                .map(|b| b.age.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        for b in &self.bands {
            if !b.age.overlaps(staff) {
                continue;
            }
            if !staff.contains(b.age) {
                return Err(BenchmarkError::NotAUnion {
                    ags: self.ags,
                    staff,
                    bands: names(),
                });
            }
            let expected_from = covered_to.map_or(staff.from, |t| t.saturating_add(1));
            if b.age.from != expected_from {
                return Err(BenchmarkError::NotAUnion {
                    ags: self.ags,
                    staff,
                    bands: names(),
                });
            }
            covered_to = Some(b.age.to);
            persons += b.persons;
            with += b.with_migration;
        }
        if covered_to != Some(staff.to) {
            return Err(BenchmarkError::NotAUnion {
                ags: self.ags,
                staff,
                bands: names(),
            });
        }
        if persons == 0 {
            return Err(BenchmarkError::NoPersons {
                ags: self.ags,
                band: staff,
            });
        }
        Ok(with as f64 / persons as f64)
    }

    /// b* = Σ_a (N_a/N)·(M_a/P_a): the staff age structure applied to age-specific shares.
    /// `None` if there is no staff.
    pub fn standardized(
        &self,
        staff_by_age: &[(AgeBand, u64)],
    ) -> Result<Option<f64>, BenchmarkError> {
        let total: u64 = staff_by_age.iter().map(|(_, n)| n).sum();
        if total == 0 {
            return Ok(None);
        }
        let mut acc = 0.0;
        for (band, n) in staff_by_age {
            if *n > 0 {
                acc += (*n as f64 / total as f64) * self.share_in(*band)?;
            }
        }
        Ok(Some(acc))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(from: u8, to: u8, persons: u64, with: u64) -> PopulationRecord {
        PopulationRecord {
            ags: Ags::parse("05916000").unwrap(),
            year: Year::new(2022).unwrap(),
            definition: Definition::Eg,
            source: Source::Zensus2022,
            age: AgeBand::new(from, to).unwrap(),
            sex: None,
            persons,
            with_migration: with,
        }
    }

    fn bench(recs: &[PopulationRecord]) -> Benchmark {
        Benchmark::select(recs[0].ags, recs, None, None).unwrap()
    }

    #[test]
    fn union_of_bands_is_accepted_and_gaps_are_refused() {
        let b = bench(&[
            rec(0, 19, 100, 40),
            rec(20, 24, 50, 10),
            rec(25, 29, 50, 20),
            rec(30, 120, 300, 30),
        ]);
        assert!((b.share_in(AgeBand::new(20, 29).unwrap()).unwrap() - 0.3).abs() < 1e-15);
        let err = b.share_in(AgeBand::new(22, 29).unwrap()).unwrap_err();
        assert!(err.to_string().contains("22-29"), "{err}");
        assert!((b.total() - 0.2).abs() < 1e-15);
        let std = b
            .standardized(&[
                (AgeBand::new(20, 24).unwrap(), 1),
                (AgeBand::new(25, 29).unwrap(), 3),
            ])
            .unwrap();
        assert!((std.unwrap() - (0.25 * 0.2 + 0.75 * 0.4)).abs() < 1e-15);
    }

    #[test]
    fn overlapping_bands_are_refused() {
        let recs = [rec(0, 19, 100, 40), rec(15, 24, 50, 10)];
        let err = Benchmark::select(recs[0].ags, &recs, None, None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Bevölkerungsbenchmark 05916000: Altersbänder 0-19 und 15-24 überschneiden sich"
        );
    }
}

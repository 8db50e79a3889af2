//! W1 only: the apprentice pipeline and the exits of one year (SPEC §3), written next to the
//! other files as `pipeline.csv` and `exits.csv`.
//!
//! Both draw from their own random streams, so that adding them left `staff.csv`,
//! `responses.csv` and `population.csv` byte-identical for every seed. The shapes (not real
//! figures, none are published per group) are documented in `docs/CALIBRATION.md`:
//!
//! - pipeline: about 35 % of applicants with migration history (more in cities with a higher
//!   population share), stage pass rates of the `without` group per [`PASS`], and a lower
//!   test pass rate for `with` in the occupations where [`Occupation::test_with`] < 1, the
//!   kind of adverse impact the monitoring has to reveal;
//! - exits: about 6 % per year, retirements from the oldest age band, apprentices not taken
//!   over, fixed-term contracts ending, and resignations somewhat more frequent for `with`.

use crate::driver::{rng_for, Csv, Municipality, STAFF_YEAR};
use crate::math::normal;
use crate::model::{Cell, FIELD_CODES, STAFF_AGES, STATUSES};
use crate::{SynthError, Workload};
use abbild_core::records::ExitReason;
use abbild_core::{Class, Status};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::path::{Path, PathBuf};

pub const PIPELINE_HEADER: &str = "ags,year,occupation,stage,stage_order,group,count";
pub const EXITS_HEADER: &str = "ags,year,field,group,reason,headcount,exits";

/// Stages of every selection procedure, in funnel order (`stage_order` = index + 1).
pub const STAGES: [&str; 5] = ["applied", "test", "interview", "offer", "hired"];

/// Pass rate of the `without` group from each stage to the next.
pub const PASS: [f64; 4] = [0.55, 0.45, 0.55, 0.85];

/// Share of the headcount hired as apprentices per year.
const INTAKE: f64 = 0.025;

/// A training occupation of the synthetic cities.
#[derive(Debug, Clone, Copy)]
pub struct Occupation {
    pub name: &'static str,
    /// Share of the apprentices hired.
    pub share: f64,
    /// Test pass rate of `with` relative to `without` (1 = no difference).
    pub test_with: f64,
}

pub const OCCUPATIONS: [Occupation; 6] = [
    Occupation {
        name: "Verwaltungsfachangestellte/r",
        share: 0.30,
        test_with: 0.80,
    },
    Occupation {
        name: "Stadtinspektoranwärter/in",
        share: 0.20,
        test_with: 0.78,
    },
    Occupation {
        name: "Erzieher/in (PiA)",
        share: 0.18,
        test_with: 1.0,
    },
    Occupation {
        name: "Brandmeisteranwärter/in",
        share: 0.12,
        test_with: 0.90,
    },
    Occupation {
        name: "Fachinformatiker/in",
        share: 0.10,
        test_with: 1.0,
    },
    Occupation {
        name: "Straßenbauer/in",
        share: 0.10,
        test_with: 1.0,
    },
];

/// Groups in file order. `unknown`: applicants who did not answer the voluntary question.
const GROUPS: [Class; 3] = [Class::With, Class::Without, Class::Unknown];

/// Random stream offsets: far above the per-municipality streams `1 + idx` of the driver.
const PIPELINE_STREAM: u64 = 1 << 40;
const EXITS_STREAM: u64 = 2 << 40;

/// Both files while they are written.
pub(crate) struct Flows {
    pipeline: Csv,
    exits: Csv,
    pub(crate) pipeline_rows: u64,
    pub(crate) exit_rows: u64,
    line: String,
}

/// Number of `n` trials that succeed with probability `p`. The counts here are small (a few
/// thousand applicants per city), so plain Bernoulli trials are fast enough and exact.
fn binomial(rng: &mut ChaCha8Rng, n: u64, p: f64) -> u64 {
    (0..n).filter(|_| rng.random::<f64>() < p).count() as u64
}

impl Flows {
    pub(crate) fn create(dir: &Path) -> Result<Self, SynthError> {
        Ok(Flows {
            pipeline: Csv::create(dir, "pipeline.csv", PIPELINE_HEADER)?,
            exits: Csv::create(dir, "exits.csv", EXITS_HEADER)?,
            pipeline_rows: 0,
            exit_rows: 0,
            line: String::with_capacity(128),
        })
    }

    /// Writes one city's funnel for every occupation.
    pub(crate) fn pipeline(
        &mut self,
        seed: u64,
        idx: usize,
        m: &Municipality,
    ) -> Result<(), SynthError> {
        use std::fmt::Write;
        let mut rng = rng_for(Workload::W1, seed, PIPELINE_STREAM + idx as u64);
        let hires = m.staff as f64 * INTAKE;
        let funnel: f64 = PASS.iter().product();
        let with_share = (0.35 + 0.5 * (m.share - 0.28)).clamp(0.2, 0.5);
        let shares = [with_share, 0.96 - with_share, 0.04];
        for occ in OCCUPATIONS {
            let expected = hires * occ.share / funnel * (0.1 * normal(&mut rng)).exp();
            let applicants = expected.round().max(1.0) as u64;
            // Split the applicants into the groups, then let each group pass the stages.
            let mut left = applicants;
            let mut split = [0u64; 3];
            for (g, share) in shares.iter().enumerate() {
                let rest: f64 = shares[g..].iter().sum();
                split[g] = if g + 1 == shares.len() {
                    left
                } else {
                    binomial(&mut rng, left, share / rest)
                };
                left -= split[g];
            }
            for (g, group) in GROUPS.iter().enumerate() {
                let mut n = split[g];
                for (k, stage) in STAGES.iter().enumerate() {
                    if k > 0 {
                        let mut p = PASS[k - 1];
                        if *group == Class::With {
                            p *= if k == 1 { occ.test_with } else { 0.97 };
                        }
                        n = binomial(&mut rng, n, p);
                    }
                    self.line.clear();
                    // Writing into a String cannot fail.
                    let _ = writeln!(
                        self.line,
                        "{},{},{},{},{},{},{}",
                        m.ags,
                        STAFF_YEAR,
                        occ.name,
                        stage,
                        k + 1,
                        group.code(),
                        n
                    );
                    self.pipeline.write(self.line.as_bytes())?;
                    self.pipeline_rows += 1;
                }
            }
        }
        Ok(())
    }

    /// Writes one city's exits by field, group and reason, drawn per employee of the staff
    /// file (so the headcounts add up to the city's staff).
    pub(crate) fn exits(
        &mut self,
        seed: u64,
        idx: usize,
        m: &Municipality,
        persons: impl Iterator<Item = (Cell, bool)>,
    ) -> Result<(), SynthError> {
        use std::fmt::Write;
        let mut rng = rng_for(Workload::W1, seed, EXITS_STREAM + idx as u64);
        // [field][group: with, without][reason]
        let mut heads = [[0u64; 2]; FIELD_CODES.len()];
        let mut exits = [[[0u64; 5]; 2]; FIELD_CODES.len()];
        let oldest = STAFF_AGES.len() - 1;
        for (cell, with) in persons {
            let g = usize::from(!with);
            heads[cell.field][g] += 1;
            let status = STATUSES[cell.status];
            let young = cell.age <= 1;
            let resign = if with { 0.029 } else { 0.020 } * if young { 1.5 } else { 1.0 };
            let p = [
                if cell.age == oldest { 0.15 } else { 0.0 },
                resign,
                if status == Status::Tarif { 0.012 } else { 0.0 },
                if status == Status::Azubi { 0.10 } else { 0.0 },
                0.005,
            ];
            let mut u = rng.random::<f64>();
            for (r, pr) in p.iter().enumerate() {
                if u < *pr {
                    exits[cell.field][g][r] += 1;
                    break;
                }
                u -= pr;
            }
        }
        for (f, code) in FIELD_CODES.iter().enumerate() {
            for (g, group) in [Class::With, Class::Without].iter().enumerate() {
                if heads[f][g] == 0 {
                    continue;
                }
                for (r, reason) in ExitReason::ALL.iter().enumerate() {
                    self.line.clear();
                    let _ = writeln!(
                        self.line,
                        "{},{},{},{},{},{},{}",
                        m.ags,
                        STAFF_YEAR,
                        code,
                        group.code(),
                        reason.code(),
                        heads[f][g],
                        exits[f][g][r]
                    );
                    self.exits.write(self.line.as_bytes())?;
                    self.exit_rows += 1;
                }
            }
        }
        Ok(())
    }

    pub(crate) fn finish(self) -> Result<[PathBuf; 2], SynthError> {
        Ok([self.pipeline.finish()?, self.exits.finish()?])
    }
}

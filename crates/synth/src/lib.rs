//! abbild-synth: the deterministic workload generator of SPEC §7.
//!
//! [`generate`] writes CSV files in the canonical format of SPEC §3 (English header codes,
//! comma-separated, UTF-8) into an output directory:
//!
//! - `staff.csv`: `ags,year,field,level,status,leadership,age_from,age_to,sex,headcount`,
//!   one row per non-empty segment of each municipality;
//! - `responses.csv`: `ags,wave,<segment columns>,<the seven answer items>,languages`, one row
//!   per survey response;
//! - `population.csv`: `ags,year,definition,source,age_from,age_to,sex,persons,with_migration`,
//!   the Zensus-2022-shaped benchmark in 5-year bands × sex;
//! - W1 only: `pipeline.csv` (`ags,year,occupation,stage,stage_order,group,count`, the
//!   apprentice selection funnel per occupation and group) and `exits.csv`
//!   (`ags,year,field,group,reason,headcount,exits`, consistent with `staff.csv`).
//!
//! The same workload and seed always give byte-identical files. The calibration (which real
//! figures the shares, structures and response rates follow) is described in
//! `docs/CALIBRATION.md`.

mod data;
mod driver;
mod flows;
mod math;
mod model;
mod population;
mod w1;
mod w2;

use std::fmt;
use std::path::{Path, PathBuf};

pub use data::{age_profile, ruhr_cities, City, TenYearProfile};
pub use model::{Latent, FIELD_CODES, STAFF_AGES};
pub use population::POP_BANDS;

/// Which workload of SPEC §7 to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Workload {
    /// W1 regional: the 10 member cities of the Städtekooperation, 80,000 staff.
    W1,
    /// W2 national: 11,000 municipalities, 5,000,000 staff.
    W2,
}

impl Workload {
    /// Parses `w1` or `w2` (case-insensitive).
    pub fn parse(raw: &str) -> Result<Self, SynthError> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "w1" => Ok(Workload::W1),
            "w2" => Ok(Workload::W2),
            _ => Err(SynthError::UnknownWorkload(raw.to_owned())),
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Workload::W1 => "w1",
            Workload::W2 => "w2",
        }
    }
}

impl fmt::Display for Workload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for Workload {
    type Err = SynthError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Workload::parse(s)
    }
}

/// What [`generate`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// `staff.csv`, `responses.csv`, `population.csv` (in that order) inside `out_dir`; for W1
    /// then `pipeline.csv` and `exits.csv`.
    pub files: Vec<PathBuf>,
    /// Data rows of `staff.csv` (without the header).
    pub staff_rows: u64,
    /// Sum of `headcount` over `staff.csv`.
    pub headcount: u64,
    /// Data rows of `responses.csv` (one per response).
    pub responses: u64,
    /// Data rows of `population.csv`.
    pub population_rows: u64,
    /// Data rows of `pipeline.csv` (0 for W2, which has none).
    pub pipeline_rows: u64,
    /// Data rows of `exits.csv` (0 for W2, which has none).
    pub exit_rows: u64,
    /// Number of municipalities (distinct `ags`).
    pub municipalities: u64,
}

/// Progress report, sent after each municipality.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub municipalities_done: u64,
    pub municipalities_total: u64,
    pub staff_rows: u64,
    pub responses: u64,
}

/// Errors of the generator.
#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    #[error("unbekannte Last {0:?}: erwartet w1 oder w2")]
    UnknownWorkload(String),
    #[error("Ausgabeverzeichnis {path} kann nicht angelegt werden: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} kann nicht geschrieben werden: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("eingebettete Referenzdaten fehlerhaft: {0}")]
    Data(String),
}

/// Headcount of W1 (all ten cities together).
pub const W1_STAFF: u64 = 80_000;
/// Headcount of W2.
pub const W2_STAFF: u64 = 5_000_000;
/// Number of municipalities of W2.
pub const W2_MUNICIPALITIES: usize = 11_000;
/// Overall survey response share of both workloads (exact: responses = 25 % of headcount).
pub const RESPONSE_SHARE: f64 = 0.25;

/// Generates `workload` with `seed` into `out_dir` (created if missing; existing files of the
/// same names are overwritten). `progress` is called after each municipality.
pub fn generate(
    workload: Workload,
    seed: u64,
    out_dir: &Path,
    progress: &mut dyn FnMut(Progress),
) -> Result<Generated, SynthError> {
    std::fs::create_dir_all(out_dir).map_err(|source| SynthError::CreateDir {
        path: out_dir.to_owned(),
        source,
    })?;
    let munis = match workload {
        Workload::W1 => w1::municipalities(seed)?,
        Workload::W2 => w2::municipalities(seed),
    };
    // W1 is shaped like NRW, W2 like Germany as a whole.
    let region = match workload {
        Workload::W1 => "Nordrhein-Westfalen",
        Workload::W2 => "Deutschland",
    };
    let profile = population::FiveYearProfile::from_ten_year(&data::age_profile(region)?);
    driver::run(workload, seed, &munis, &profile, out_dir, progress)
}

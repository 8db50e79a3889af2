//! Projection of the share of staff with migration history (SPEC §4 "Projection").
//!
//! A [`Scenario`] (TOML for the CLI, JSON for the web) gives the initial state by age band,
//! exit rates, retirement age, headcount growth, the hire share h and the hiring age
//! profile. [`project`] returns per year from `start_year` (year 0, the initial state) to
//! `start_year + horizon`: headcount, with, share and target of the deterministic model
//! ([`model`]), the 5/50/95 % Monte Carlo bands of the share ([`monte_carlo`]), and the
//! parity year, the required hire share and the equilibrium share ([`solve`]).
//!
//! Semantics fixed here (the SPEC leaves them open):
//! * **ages are integers**; in step 2 everyone's age rises by one and whoever's new age is
//!   ≥ R leaves: a person aged R − 1 at the end of a year is aged R in step 2 of the next
//!   and leaves; persons aged ≥ R in the initial state (working past the retirement age) leave
//!   in the first projected year. Hires are aged 15 to R − 1.
//! * **year 0** is the initial state; the headcount of year t ≥ 1 is counted after the
//!   hires of step 4.
//! * **target(t)** = `target.share + trend_per_year·(t − start_year)`, clipped to [0, 1].
//! * **parity_year** counts the start year: a city already at parity gets `start_year`.
//! * **required_hire_share** is for `required_by`, default `start_year + horizon`.
//! * **equilibrium_share**: the share after 200 years at growth 0, other settings unchanged.
//! * **quantiles** of the bands: type 7 (linear interpolation, R/NumPy default).
//!
//! Pure code: no IO; the Monte Carlo may use threads ([`MonteCarloOptions::threads`]) without
//! changing its result.

mod binomial;
pub mod model;
pub mod monte_carlo;
pub mod scenario;
pub mod solve;

pub use model::{DeterministicModel, Trajectory};
pub use monte_carlo::{quantile_type7, Bands, MonteCarlo, MonteCarloOptions, RunPath};
pub use scenario::{Attrition, HireBand, InitialBand, Scenario, ScenarioError, Target};
pub use solve::{equilibrium_share, parity_year, required_hire_share, EQUILIBRIUM_YEARS};

use crate::dims::Year;
use serde::Serialize;

/// One year of a projection.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectionYear {
    pub year: Year,
    pub headcount: f64,
    pub with: f64,
    pub share: f64,
    pub target: f64,
    /// Monte Carlo quantiles of the share; `None` without runs.
    pub p05: Option<f64>,
    pub p50: Option<f64>,
    pub p95: Option<f64>,
}

/// The result of [`project`]; serialises to the JSON of the CLI and the web.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Projection {
    pub years: Vec<ProjectionYear>,
    pub parity_year: Option<Year>,
    pub required_hire_share: Option<f64>,
    pub equilibrium_share: f64,
}

/// The full projection of a scenario (validated here; `initial` must be filled in).
/// `mc.runs == 0` leaves the bands out.
pub fn project(scenario: &Scenario, mc: &MonteCarloOptions) -> Result<Projection, ScenarioError> {
    let model = DeterministicModel::new(scenario)?;
    let path = model.path();
    let bands = if mc.runs > 0 {
        Some(MonteCarlo::new(scenario)?.bands(mc))
    } else {
        None
    };
    let band = |t: usize, pick: fn(&Bands) -> &Vec<Option<f64>>| {
        bands
            .as_ref()
            .and_then(|b| pick(b).get(t).copied().flatten())
    };
    let mut years = Vec::with_capacity(path.len());
    for t in 0..path.len() {
        let Some(year) = Year::new(path.start_year + t as u16) else {
            break; // not reached: validation keeps start_year + horizon ≤ 2200
        };
        years.push(ProjectionYear {
            year,
            headcount: path.headcount[t],
            with: path.with[t],
            share: path.share(t),
            target: model.target(t),
            p05: band(t, |b| &b.p05),
            p50: band(t, |b| &b.p50),
            p95: band(t, |b| &b.p95),
        });
    }
    Ok(Projection {
        years,
        parity_year: parity_year(&model, &path),
        required_hire_share: required_hire_share(&model, scenario.required_year()),
        equilibrium_share: equilibrium_share(&model),
    })
}

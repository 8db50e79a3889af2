//! W1 regional: the ten member cities of the Städtekooperation "Interkulturelle Städteregion
//! Ruhr" with their real Zensus 2022 populations and shares.

use crate::data::ruhr_cities;
use crate::driver::{rng_for, Municipality};
use crate::math::{apportion, normal};
use crate::model::{SizeClass, Structure};
use crate::{SynthError, Workload, RESPONSE_SHARE, W1_STAFF};

/// Expected staff share with Einwanderungsgeschichte relative to the population share
/// (0.82 × the regional 27.96 % ≈ 23 % true staff share, ≈ 22 % among respondents).
pub const STAFF_TO_POPULATION: f64 = 0.87;

pub fn municipalities(seed: u64) -> Result<Vec<Municipality>, SynthError> {
    let cities: Vec<_> = ruhr_cities()?.into_iter().filter(|c| c.member).collect();
    let mut rng = rng_for(Workload::W1, seed, 0);
    let pops: Vec<f64> = cities.iter().map(|c| c.population as f64).collect();
    let staff = apportion(W1_STAFF, &pops);
    // Response quotas: 25 % overall, cities differing by a few points.
    let propensity: Vec<f64> = staff
        .iter()
        .map(|s| *s as f64 * (0.08 * normal(&mut rng)).exp())
        .collect();
    let total_responses = (W1_STAFF as f64 * RESPONSE_SHARE).round() as u64;
    let responses = apportion(total_responses, &propensity);
    Ok(cities
        .iter()
        .zip(staff.iter().zip(&responses))
        .map(|(c, (&s, &r))| Municipality {
            ags: c.ags,
            population: c.population,
            share: c.share_eg,
            age_tilt: 0.0,
            staff: s,
            staff_target: STAFF_TO_POPULATION * c.share_eg,
            responses: r.min(s),
            structure: Structure {
                field_weights: SizeClass::of(c.population).field_weights(),
                beamte_factor: 1.0,
            },
        })
        .collect())
}

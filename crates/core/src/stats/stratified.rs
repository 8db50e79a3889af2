//! The stratified estimate of a city's share over its segments (SPEC §4, "City overall").

use super::Confidence;
use serde::Serialize;

/// One stratum: headcount N, classified respondents n, of them x with migration history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stratum {
    pub headcount: u64,
    pub respondents: u64,
    pub with_migration: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct StratifiedEstimate {
    pub share: f64,
    pub variance: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    /// Headcount of strata left out because they have fewer than 2 respondents.
    pub uncovered_headcount: u64,
}

/// Weights W_s = N_s / ΣN over strata with n_s ≥ 2; p̂ = Σ W_s p̂_s;
/// var = Σ W_s² (1 − n_s/N_s) p̂_s(1 − p̂_s)/(n_s − 1); normal interval clipped to [0, 1].
/// `None` if no stratum has two respondents.
pub fn stratified(strata: &[Stratum], confidence: Confidence) -> Option<StratifiedEstimate> {
    let covered = |s: &&Stratum| s.respondents >= 2;
    let total: u64 = strata.iter().filter(covered).map(|s| s.headcount).sum();
    let uncovered_headcount = strata
        .iter()
        .filter(|s| s.respondents < 2)
        .map(|s| s.headcount)
        .sum();
    if total == 0 {
        return None;
    }
    let (mut share, mut variance) = (0.0, 0.0);
    for s in strata.iter().filter(covered) {
        let w = s.headcount as f64 / total as f64;
        let n = s.respondents as f64;
        let p = s.with_migration as f64 / n;
        let fpc = (1.0 - n / s.headcount as f64).max(0.0);
        share += w * p;
        variance += w * w * fpc * p * (1.0 - p) / (n - 1.0);
    }
    let half = confidence.z() * variance.sqrt();
    Some(StratifiedEstimate {
        share,
        variance,
        ci_low: (share - half).max(0.0),
        ci_high: (share + half).min(1.0),
        uncovered_headcount,
    })
}

//! W2 national: 11,000 synthetic municipalities with valid, unique 8-digit AGS, populations
//! and shares shaped like Germany's (Zensus 2022 state totals, Mikrozensus state pattern).

use crate::driver::{rng_for, Municipality};
use crate::math::{apportion, normal};
use crate::model::{SizeClass, Structure};
use crate::w1::STAFF_TO_POPULATION;
use crate::{Workload, RESPONSE_SHARE, W2_MUNICIPALITIES, W2_STAFF};
use abbild_core::Ags;
use rand::seq::SliceRandom;

/// One Land: code, number of Gemeinden (2023), population in thousands (Zensus 2022),
/// share with migration history in % (Mikrozensus pattern; NRW pinned to Zensus 24.7 %),
/// kreisfreie Städte, Kreise, Regierungsbezirk digits, spread (σ) of log population,
/// Beamte factor.
struct Land {
    code: u32,
    gemeinden: u32,
    pop_k: u64,
    share_pct: f64,
    kreisfrei: usize,
    kreise: usize,
    rb: &'static [u32],
    sigma: f64,
    beamte: f64,
}

const LAENDER: [Land; 16] = [
    Land {
        code: 1,
        gemeinden: 1104,
        pop_k: 2_922,
        share_pct: 14.4,
        kreisfrei: 4,
        kreise: 11,
        rb: &[0],
        sigma: 1.45,
        beamte: 1.0,
    },
    Land {
        code: 2,
        gemeinden: 1,
        pop_k: 1_808,
        share_pct: 35.0,
        kreisfrei: 1,
        kreise: 0,
        rb: &[0],
        sigma: 0.0,
        beamte: 1.2,
    },
    Land {
        code: 3,
        gemeinden: 942,
        pop_k: 7_944,
        share_pct: 21.1,
        kreisfrei: 8,
        kreise: 37,
        rb: &[1, 2, 3, 4],
        sigma: 1.1,
        beamte: 1.0,
    },
    Land {
        code: 4,
        gemeinden: 2,
        pop_k: 676,
        share_pct: 35.1,
        kreisfrei: 2,
        kreise: 0,
        rb: &[0],
        sigma: 0.0,
        beamte: 1.2,
    },
    Land {
        code: 5,
        gemeinden: 396,
        pop_k: 17_890,
        share_pct: 24.7,
        kreisfrei: 22,
        kreise: 31,
        rb: &[1, 3, 5, 7, 9],
        sigma: 0.9,
        beamte: 1.0,
    },
    Land {
        code: 6,
        gemeinden: 421,
        pop_k: 6_240,
        share_pct: 31.1,
        kreisfrei: 5,
        kreise: 21,
        rb: &[4, 5, 6],
        sigma: 1.0,
        beamte: 1.0,
    },
    Land {
        code: 7,
        gemeinden: 2301,
        pop_k: 4_100,
        share_pct: 22.64,
        kreisfrei: 12,
        kreise: 24,
        rb: &[1, 2, 3],
        sigma: 1.45,
        beamte: 1.0,
    },
    Land {
        code: 8,
        gemeinden: 1101,
        pop_k: 11_100,
        share_pct: 28.0,
        kreisfrei: 9,
        kreise: 35,
        rb: &[1, 2, 3, 4],
        sigma: 1.1,
        beamte: 1.0,
    },
    Land {
        code: 9,
        gemeinden: 2056,
        pop_k: 13_040,
        share_pct: 23.0,
        kreisfrei: 25,
        kreise: 71,
        rb: &[1, 2, 3, 4, 5, 6, 7],
        sigma: 1.3,
        beamte: 1.0,
    },
    Land {
        code: 10,
        gemeinden: 52,
        pop_k: 985,
        share_pct: 20.6,
        kreisfrei: 0,
        kreise: 6,
        rb: &[0],
        sigma: 0.8,
        beamte: 1.0,
    },
    Land {
        code: 11,
        gemeinden: 1,
        pop_k: 3_597,
        share_pct: 35.0,
        kreisfrei: 1,
        kreise: 0,
        rb: &[0],
        sigma: 0.0,
        beamte: 1.2,
    },
    Land {
        code: 12,
        gemeinden: 413,
        pop_k: 2_536,
        share_pct: 6.5,
        kreisfrei: 4,
        kreise: 14,
        rb: &[0],
        sigma: 1.1,
        beamte: 0.3,
    },
    Land {
        code: 13,
        gemeinden: 726,
        pop_k: 1_575,
        share_pct: 6.3,
        kreisfrei: 2,
        kreise: 6,
        rb: &[0],
        sigma: 1.45,
        beamte: 0.3,
    },
    Land {
        code: 14,
        gemeinden: 418,
        pop_k: 4_040,
        share_pct: 7.2,
        kreisfrei: 3,
        kreise: 10,
        rb: &[5, 6, 7],
        sigma: 1.0,
        beamte: 0.3,
    },
    Land {
        code: 15,
        gemeinden: 218,
        pop_k: 2_146,
        share_pct: 6.5,
        kreisfrei: 3,
        kreise: 11,
        rb: &[0],
        sigma: 1.0,
        beamte: 0.3,
    },
    Land {
        code: 16,
        gemeinden: 605,
        pop_k: 2_110,
        share_pct: 6.0,
        kreisfrei: 6,
        kreise: 17,
        rb: &[0],
        sigma: 1.3,
        beamte: 0.3,
    },
];

/// National share with Einwanderungsgeschichte, Zensus 2022: 18,142,064 / 82,719,540.
pub const NATIONAL_SHARE: f64 = 18_142_064.0 / 82_719_540.0;

/// State shares: the Mikrozensus pattern, NRW pinned at 24.7 %, the others scaled so that
/// the population-weighted mean is the national Zensus share.
fn state_shares() -> [f64; 16] {
    let total_pop: f64 = LAENDER.iter().map(|l| l.pop_k as f64).sum();
    let nrw = &LAENDER[4];
    let others_pop = total_pop - nrw.pop_k as f64;
    let others_with: f64 = LAENDER
        .iter()
        .filter(|l| l.code != 5)
        .map(|l| l.pop_k as f64 * l.share_pct / 100.0)
        .sum();
    let k = (NATIONAL_SHARE * total_pop - nrw.pop_k as f64 * nrw.share_pct / 100.0) / others_with;
    let mut out = [0.0; 16];
    for (o, l) in out.iter_mut().zip(&LAENDER) {
        *o = if l.code == 5 {
            l.share_pct / 100.0
        } else {
            k * l.share_pct / 100.0
        };
    }
    debug_assert!(others_pop > 0.0);
    out
}

/// Number of municipalities per Land: the real counts scaled up to 11,000 (city states fixed).
fn municipality_counts() -> Vec<u64> {
    let fixed: u64 = LAENDER
        .iter()
        .filter(|l| l.gemeinden <= 2)
        .map(|l| u64::from(l.gemeinden))
        .sum();
    let weights: Vec<f64> = LAENDER
        .iter()
        .map(|l| {
            if l.gemeinden <= 2 {
                0.0
            } else {
                f64::from(l.gemeinden)
            }
        })
        .collect();
    let spread = apportion(W2_MUNICIPALITIES as u64 - fixed, &weights);
    LAENDER
        .iter()
        .zip(spread)
        .map(|(l, s)| {
            if l.gemeinden <= 2 {
                u64::from(l.gemeinden)
            } else {
                s
            }
        })
        .collect()
}

struct Draft {
    ags: u32,
    land: usize,
    population: u64,
    share: f64,
}

pub fn municipalities(seed: u64) -> Vec<Municipality> {
    let mut rng = rng_for(Workload::W2, seed, 0);
    let counts = municipality_counts();
    let shares = state_shares();
    let mut drafts: Vec<Draft> = Vec::with_capacity(W2_MUNICIPALITIES);

    for (li, (l, &n)) in LAENDER.iter().zip(&counts).enumerate() {
        let n = usize::try_from(n).unwrap_or(0);
        let pop_total = l.pop_k * 1000;
        // City states: fixed AGS.
        let city_state: Option<&[(u32, f64)]> = match l.code {
            2 => Some(&[(2_000_000, 1.0)]),
            11 => Some(&[(11_000_000, 1.0)]),
            4 => Some(&[(4_011_000, 0.833), (4_012_000, 0.167)]),
            _ => None,
        };
        if let Some(parts) = city_state {
            let w: Vec<f64> = parts.iter().map(|p| p.1).collect();
            for ((ags, _), pop) in parts.iter().zip(apportion(pop_total, &w)) {
                drafts.push(Draft {
                    ags: *ags,
                    land: li,
                    population: pop,
                    share: shares[li],
                });
            }
            continue;
        }
        // Populations: log-normal, the three largest boosted (state capitals and the like).
        let mut raw: Vec<f64> = (0..n).map(|_| (l.sigma * normal(&mut rng)).exp()).collect();
        raw.sort_by(|a, b| b.total_cmp(a));
        for (r, boost) in raw.iter_mut().zip([2.5, 1.8, 1.4]) {
            *r *= boost;
        }
        let min_pop = 60u64;
        let pops: Vec<u64> = apportion(pop_total - min_pop * n as u64, &raw)
            .into_iter()
            .map(|p| p + min_pop)
            .collect();
        // AGS: the largest are kreisfrei (Gemeinde part 000), the rest spread over the Kreise.
        let units = l.kreisfrei + l.kreise;
        let unit_code = |u: usize| -> u32 {
            let rb = l.rb[u % l.rb.len()];
            let kk = u32::try_from(u / l.rb.len() + 1).unwrap_or(99);
            l.code * 1_000_000 + rb * 100_000 + kk * 1000
        };
        let mut kreis_members: Vec<usize> = (l.kreisfrei..n).collect();
        kreis_members.shuffle(&mut rng);
        let mut next_gemeinde = vec![1u32; units];
        let mut ags = vec![0u32; n];
        for (u, a) in ags.iter_mut().enumerate().take(l.kreisfrei.min(n)) {
            *a = unit_code(u);
        }
        for (j, &m) in kreis_members.iter().enumerate() {
            let u = l.kreisfrei + j % l.kreise.max(1);
            ags[m] = unit_code(u) + next_gemeinde[u];
            next_gemeinde[u] += 1;
        }
        // Shares: larger places have higher shares; scaled to the state's share.
        let mut sorted = pops.clone();
        sorted.sort_unstable();
        let median = sorted[sorted.len() / 2].max(1) as f64;
        let raw_share: Vec<f64> = pops
            .iter()
            .map(|&p| (p as f64 / median).powf(0.12) * (0.2 * normal(&mut rng)).exp())
            .collect();
        let with: f64 = pops
            .iter()
            .zip(&raw_share)
            .map(|(&p, s)| p as f64 * s)
            .sum();
        let k = shares[li] * pop_total as f64 / with;
        for i in 0..n {
            drafts.push(Draft {
                ags: ags[i],
                land: li,
                population: pops[i],
                share: (k * raw_share[i]).clamp(0.005, 0.65),
            });
        }
    }
    drafts.sort_by_key(|d| d.ags);

    // Staff: grows slightly faster than population (larger places carry more tasks).
    let staff_w: Vec<f64> = drafts
        .iter()
        .map(|d| (d.population as f64).powf(0.95) * (0.15 * normal(&mut rng)).exp())
        .collect();
    let n = drafts.len() as u64;
    let staff: Vec<u64> = apportion(W2_STAFF - n, &staff_w)
        .into_iter()
        .map(|s| s + 1)
        .collect();
    let propensity: Vec<f64> = staff
        .iter()
        .map(|s| *s as f64 * (0.08 * normal(&mut rng)).exp())
        .collect();
    let total_responses = (W2_STAFF as f64 * RESPONSE_SHARE).round() as u64;
    let responses = apportion(total_responses, &propensity);

    drafts
        .iter()
        .zip(staff.iter().zip(&responses))
        .filter_map(|(d, (&s, &r))| {
            let size = SizeClass::of(d.population);
            let mut field_weights = size.field_weights();
            for w in &mut field_weights {
                *w *= (0.15 * normal(&mut rng)).exp();
            }
            let tilt = (0.05 * (4.3 - (d.population.max(1) as f64).log10())
                + 0.03 * normal(&mut rng))
            .clamp(-0.25, 0.25);
            let staff_target =
                (STAFF_TO_POPULATION * d.share * (0.1 * normal(&mut rng)).exp()).min(0.7);
            // Codes are < 17,000,000 by construction, so `from_u32` never refuses.
            Some(Municipality {
                ags: Ags::from_u32(d.ags)?,
                population: d.population,
                share: d.share,
                age_tilt: tilt,
                staff: s,
                staff_target,
                responses: r.min(s),
                structure: Structure {
                    field_weights,
                    beamte_factor: LAENDER[d.land].beamte,
                },
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn eleven_thousand_unique_valid_ags_and_exact_totals() {
        let m = municipalities(5);
        assert_eq!(m.len(), W2_MUNICIPALITIES);
        let codes: BTreeSet<String> = m.iter().map(|x| x.ags.to_string()).collect();
        assert_eq!(codes.len(), W2_MUNICIPALITIES, "AGS must be unique");
        for c in &codes {
            assert_eq!(c.len(), 8);
            assert_eq!(
                Ags::parse(c).map(|a| a.to_string()).as_deref(),
                Ok(c.as_str())
            );
            let land: u32 = c[..2].parse().expect("digits");
            assert!((1..=16).contains(&land), "{c}");
        }
        for special in ["02000000", "11000000", "04011000", "04012000", "05101000"] {
            assert!(codes.contains(special), "{special}");
        }
        assert_eq!(m.iter().map(|x| x.staff).sum::<u64>(), W2_STAFF);
        assert_eq!(m.iter().map(|x| x.responses).sum::<u64>(), 1_250_000);
        assert!(m.iter().all(|x| x.staff >= 1 && x.responses <= x.staff));
        let pop: u64 = m.iter().map(|x| x.population).sum();
        assert_eq!(pop, LAENDER.iter().map(|l| l.pop_k * 1000).sum::<u64>());
        let with: f64 = m.iter().map(|x| x.population as f64 * x.share).sum();
        assert!((with / pop as f64 - NATIONAL_SHARE).abs() < 0.003);
        // Heavily skewed: many small, few large.
        let small = m.iter().filter(|x| x.population < 5_000).count();
        let large = m.iter().filter(|x| x.population >= 100_000).count();
        assert!(
            small > 6_000 && (30..=150).contains(&large),
            "{small} small, {large} large"
        );
        // Rural lower, cities higher.
        let mean = |f: &dyn Fn(&Municipality) -> bool| {
            let v: Vec<f64> = m.iter().filter(|x| f(x)).map(|x| x.share).collect();
            v.iter().sum::<f64>() / v.len() as f64
        };
        assert!(mean(&|x| x.population >= 100_000) > mean(&|x| x.population < 5_000) + 0.05);
    }

    #[test]
    fn same_seed_same_municipalities() {
        let a = municipalities(9);
        let b = municipalities(9);
        assert!(a
            .iter()
            .zip(&b)
            .all(|(x, y)| x.ags == y.ags && x.staff == y.staff && x.share == y.share));
        let c = municipalities(10);
        assert!(a.iter().zip(&c).any(|(x, y)| x.staff != y.staff));
    }
}

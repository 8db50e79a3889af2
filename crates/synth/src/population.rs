//! The population benchmark (SPEC §3): 5-year age bands × sex, shaped like the Zensus 2022
//! NRW age profile and scaled to a municipality's total and share with Einwanderungsgeschichte.

use crate::data::TenYearProfile;
use crate::math::{apportion, bisect, logistic, logit};
use abbild_core::{AgeBand, Sex};

/// The benchmark's age bands: 0–4, 5–9, …, 85–89, 90–120 (19 bands).
pub const POP_BANDS: [(u8, u8); 19] = [
    (0, 4),
    (5, 9),
    (10, 14),
    (15, 19),
    (20, 24),
    (25, 29),
    (30, 34),
    (35, 39),
    (40, 44),
    (45, 49),
    (50, 54),
    (55, 59),
    (60, 64),
    (65, 69),
    (70, 74),
    (75, 79),
    (80, 84),
    (85, 89),
    (90, 120),
];

/// Share of men per band (Germany, population by age and sex, rounded; the 80+ bands reflect
/// women's higher life expectancy).
const MALE_SHARE: [f64; 19] = [
    0.513, 0.513, 0.514, 0.516, 0.520, 0.516, 0.511, 0.506, 0.502, 0.500, 0.500, 0.496, 0.487,
    0.476, 0.462, 0.445, 0.410, 0.350, 0.260,
];

/// Split of the open group 80+ into 80–84, 85–89, 90+ (Germany 2022, rounded).
const SPLIT_80_PLUS: [f64; 3] = [0.56, 0.30, 0.14];

/// Persons and persons with Einwanderungsgeschichte per 5-year band (absolute, NRW).
#[derive(Debug, Clone, PartialEq)]
pub struct FiveYearProfile {
    pub persons: [f64; 19],
    pub with: [f64; 19],
}

/// Splits 10-year groups into 5-year bands with a mean-preserving linear density through
/// each group whose slope comes from the neighbouring groups.
fn split_groups(groups: &[f64; 9]) -> [f64; 19] {
    let density = |g: usize| -> f64 {
        if g == 8 {
            // Ages 80–89 carry 86 % of the open group.
            groups[8] * (SPLIT_80_PLUS[0] + SPLIT_80_PLUS[1]) / 10.0
        } else {
            groups[g] / 10.0
        }
    };
    let mut out = [0.0; 19];
    for g in 0..8 {
        let d = density(g);
        let slope = if g == 0 {
            (density(1) - d) / 10.0
        } else {
            (density(g + 1) - density(g - 1)) / 20.0
        };
        let lower = if d > 0.0 {
            (0.5 - 1.25 * slope / d).clamp(0.3, 0.7)
        } else {
            0.5
        };
        out[2 * g] = groups[g] * lower;
        out[2 * g + 1] = groups[g] * (1.0 - lower);
    }
    for (k, f) in SPLIT_80_PLUS.iter().enumerate() {
        out[16 + k] = groups[8] * f;
    }
    out
}

impl FiveYearProfile {
    pub fn from_ten_year(p: &TenYearProfile) -> Self {
        let mut without = [0.0; 9];
        for ((o, all), with) in without.iter_mut().zip(&p.persons).zip(&p.with) {
            *o = (all - with).max(0.0);
        }
        let with = split_groups(&p.with);
        let without = split_groups(&without);
        let mut persons = [0.0; 19];
        for b in 0..19 {
            persons[b] = with[b] + without[b];
        }
        FiveYearProfile { persons, with }
    }
}

/// One benchmark row of one municipality.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PopCell {
    pub band: AgeBand,
    pub sex: Sex,
    pub persons: u64,
    pub with: u64,
}

/// The benchmark of one municipality: `total` persons of whom `round(share · total)` have an
/// Einwanderungsgeschichte; the age profile is `profile` tilted by `tilt` (> 0: older).
pub fn benchmark(profile: &FiveYearProfile, total: u64, share: f64, tilt: f64) -> Vec<PopCell> {
    let weights: Vec<f64> = (0..19)
        .map(|b| {
            let (from, to) = POP_BANDS[b];
            let mid = (f64::from(from) + f64::from(to.min(95))) / 2.0;
            profile.persons[b] * (tilt * (mid - 42.0) / 20.0).exp()
        })
        .collect();
    let persons = apportion(total, &weights);
    let total_f = total as f64;
    let with_total = ((share * total_f).round() as u64).min(total);
    let base: Vec<f64> = (0..19)
        .map(|b| logit((profile.with[b] / profile.persons[b]).clamp(1e-4, 1.0 - 1e-4)))
        .collect();
    let expected = |delta: f64| -> f64 {
        (0..19)
            .map(|b| persons[b] as f64 * logistic(base[b] + delta))
            .sum::<f64>()
    };
    let target = with_total as f64;
    let delta = bisect(|d| expected(d) - target, -20.0, 20.0);
    let exact: Vec<f64> = (0..19)
        .map(|b| persons[b] as f64 * logistic(base[b] + delta))
        .collect();
    let with = apportion_capped(with_total, &exact, &persons);

    let mut out = Vec::with_capacity(38);
    for b in 0..19 {
        let (from, to) = POP_BANDS[b];
        let band = AgeBand { from, to };
        let p_m = ((persons[b] as f64) * MALE_SHARE[b]).round() as u64;
        let p_m = p_m.min(persons[b]);
        let p_w = persons[b] - p_m;
        // Immigrants of working age are slightly more often men.
        let male_with = if (3..=8).contains(&b) {
            MALE_SHARE[b] + 0.02
        } else {
            MALE_SHARE[b]
        };
        let w_m = ((with[b] as f64) * male_with).round() as u64;
        let w_m = w_m.clamp(with[b].saturating_sub(p_w), with[b].min(p_m));
        let w_w = with[b] - w_m;
        out.push(PopCell {
            band,
            sex: Sex::W,
            persons: p_w,
            with: w_w,
        });
        out.push(PopCell {
            band,
            sex: Sex::M,
            persons: p_m,
            with: w_m,
        });
    }
    out
}

/// Largest-remainder rounding of `exact` (which sums to about `total`) to integers summing to
/// `total`, never exceeding `cap`.
fn apportion_capped(total: u64, exact: &[f64], cap: &[u64]) -> Vec<u64> {
    let mut out: Vec<u64> = exact
        .iter()
        .zip(cap)
        .map(|(x, c)| (x.max(0.0).floor() as u64).min(*c))
        .collect();
    let mut assigned: u64 = out.iter().sum();
    let mut order: Vec<usize> = (0..exact.len()).collect();
    order.sort_by(|a, b| {
        let fa = exact[*a] - exact[*a].floor();
        let fb = exact[*b] - exact[*b].floor();
        fb.total_cmp(&fa).then(a.cmp(b))
    });
    while assigned < total {
        let mut progressed = false;
        for &i in &order {
            if assigned == total {
                break;
            }
            if out[i] < cap[i] {
                out[i] += 1;
                assigned += 1;
                progressed = true;
            }
        }
        if !progressed {
            break;
        }
    }
    while assigned > total {
        let mut progressed = false;
        for &i in order.iter().rev() {
            if assigned == total {
                break;
            }
            if out[i] > 0 {
                out[i] -= 1;
                assigned -= 1;
                progressed = true;
            }
        }
        if !progressed {
            break;
        }
    }
    out
}

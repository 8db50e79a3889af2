//! Parity year, required hire share and equilibrium share of the deterministic model.
//!
//! # Is share(Y) monotone in the hire share h?
//!
//! `required_hire_share` searches the smallest h with share(Y) ≥ target(Y), which is a
//! bisection problem exactly when share(Y) is non-decreasing in h. That holds, for every
//! year and with the `max(0, ·)` of step 4, in two cases:
//!
//! * **equal exit rates** (`attrition.with == attrition.without`): steps 1–2 treat both groups
//!   alike, so the headcount by age — and with it H(t) — does not depend on h; every with
//!   count `W[a](t)` is then an affine function of h with non-negative slope and the
//!   headcount is fixed, so share(t) is non-decreasing in h;
//! * **nobody retires by year Y** (oldest initial age and oldest hiring age + (Y − start) < R):
//!   ages then do not matter and the state is the pair of totals (W, U). One year maps it to
//!   `W' = W₁ + h·max(0, T − W₁ − U₁)`, `U' = U₁ + (1−h)·max(0, T − W₁ − U₁)` with
//!   `W₁ = (1−s_w)W`, `U₁ = (1−s_u)U`. This map is continuous and piecewise linear with
//!   ∂W'/∂W₁ ∈ {1, 1−h} ≥ 0, ∂W'/∂U₁ ∈ {0, −h} ≤ 0, ∂W'/∂h = max(0, ·) ≥ 0, and
//!   symmetrically U' rises in U₁ and falls in W₁ and h. So "more W, less U" is preserved
//!   year by year, and share = W/(W+U) rises in W and falls in U: share(t) is
//!   non-decreasing in h by induction.
//!
//! With **unequal** exit rates **and** retirement it is not true in general: more with-hires
//! change how many persons leave, hence how many are hired next year, and ages decide who
//! retires when. In random searches over valid scenarios (a Python re-implementation,
//! thousands of cases per setting) share paths that fall with h appeared (a) with extreme
//! exit rates (e.g. s_w = 0.99, s_u ≈ 0 and a one-year hiring band, even at growth 0 — the
//! regression test in `tests/projection.rs` keeps one such case) and (b) with negative
//! growth, where step 4's clip switches hiring off and on (e.g. −4.4 %/year with exit rates
//! 0.19/0.005 and hiring at 56–61: share lower by 1.8e-5; −9 %/year: by 3e-4). None appeared
//! with growth ≥ 0 and exit rates ≤ 0.3.
//!
//! The search therefore does not rely on monotonicity for its guarantee: it scans h on the
//! grid k/64 for the first grid point that reaches the target and bisects only inside that
//! grid step. The returned h always reaches the target and h − 2⁻²⁰ does not (so neither
//! does h − 1e-6 under monotonicity); in the two monotone cases it is the smallest such h to
//! within 2⁻²⁰ < 1e-6. Without monotonicity, a set of reaching h narrower than 1/64 below
//! the first reaching grid point can be missed.

use super::model::{DeterministicModel, Trajectory};
use crate::dims::Year;

/// Years of the equilibrium run (constant headcount, the scenario's other settings).
pub const EQUILIBRIUM_YEARS: usize = 200;
/// Coarse grid of the hire share search: h = k / 64.
const SCAN_STEPS: u32 = 64;
/// Bisection steps inside one grid step: 1/64 · 2⁻¹⁴ = 2⁻²⁰ ≈ 9.5e-7 < 1e-6.
const BISECTION_STEPS: u32 = 14;

/// First year with share ≥ target, **the start year included** (a city already at parity in
/// the initial state gets `start_year`); `None` if no year of the path reaches the target.
pub fn parity_year(model: &DeterministicModel, path: &Trajectory) -> Option<Year> {
    (0..path.len())
        .find(|&t| path.share(t) >= model.target(t))
        .and_then(|t| Year::new(path.start_year + t as u16))
}

/// Smallest h in [0, 1] (to 2⁻²⁰ < 1e-6) with share(Y) ≥ target(Y) for `year` = Y; `None`
/// if even h = 1 does not reach it (or Y lies before the start). `Some(0.0)` if h = 0 does.
/// See the module documentation for the search and when it is exact.
pub fn required_hire_share(model: &DeterministicModel, year: Year) -> Option<f64> {
    let t = usize::from(year.get().checked_sub(model.start_year())?);
    let target = model.target(t);
    let reaches = |h: f64| model.share_after(h, model.growth(), t) >= target;
    if reaches(0.0) {
        return Some(0.0);
    }
    let k = (1..=SCAN_STEPS).find(|&k| reaches(f64::from(k) / f64::from(SCAN_STEPS)))?;
    let (mut lo, mut hi) = (
        f64::from(k - 1) / f64::from(SCAN_STEPS),
        f64::from(k) / f64::from(SCAN_STEPS),
    );
    // Invariant: lo does not reach the target, hi does. Midpoints are dyadic, hence exact.
    for _ in 0..BISECTION_STEPS {
        let mid = 0.5 * (lo + hi);
        if reaches(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some(hi)
}

/// share after [`EQUILIBRIUM_YEARS`] years at constant headcount (growth 0) with the
/// scenario's initial state, exit rates, retirement age, hire share and profile.
///
/// For exit rates that are not tiny this is the stationary share
/// `h·L_w / (h·L_w + (1−h)·L_u)` with `L_g = Σ_b p_b Σ_{k=0}^{R−1−b} (1−s_g)^k`, the expected
/// number of year-end states a hire of group g is counted in (`p_b` the hiring profile);
/// without retirement `L_g = 1/s_g` and the share is `h·s_u / (h·s_u + (1−h)·s_w)`.
/// With tiny exit rates and a narrow profile, cohort waves may not have died out after 200
/// years; the value is then literally the share of year 200.
pub fn equilibrium_share(model: &DeterministicModel) -> f64 {
    model.share_after(model.hire_share(), 0.0, EQUILIBRIUM_YEARS)
}

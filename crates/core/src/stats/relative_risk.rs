//! Relative risk of two proportions with the Katz log interval, as scipy's
//! `relative_risk(...).confidence_interval()` computes it (SPEC §4: impact ratio of the
//! apprentice pipeline, exit ratio of retention).
//!
//! The values keep scipy's IEEE special values (`0`, `inf`, `NaN`) so that they can be
//! compared with scipy case by case; reports turn every non-finite value into "undefined"
//! (`None`, JSON `null`) with [`finite`].

use super::Confidence;

/// Relative risk p₁/p₂ of the exposed (focal) group against the control (reference) group
/// with its Katz log interval. Fields may be `inf` or `NaN` exactly where scipy's are.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RelativeRisk {
    pub relative_risk: f64,
    pub low: f64,
    pub high: f64,
}

/// `relative_risk(exposed_cases, exposed_total, control_cases, control_total)` with the
/// Katz interval `exp(ln rr ∓ z·√(1/a − 1/n₁ + 1/c − 1/n₂))`.
///
/// Special cases as in scipy:
/// - `exposed_cases = 0` (control > 0): rr = 0, low = 0, high = NaN;
/// - `control_cases = 0` (exposed > 0): rr = inf, low = NaN, high = inf;
/// - both 0: everything NaN.
///
/// `None` where scipy raises: a total of 0, or more cases than the total.
pub fn relative_risk(
    exposed_cases: u64,
    exposed_total: u64,
    control_cases: u64,
    control_total: u64,
    confidence: Confidence,
) -> Option<RelativeRisk> {
    if exposed_total == 0
        || control_total == 0
        || exposed_cases > exposed_total
        || control_cases > control_total
    {
        return None;
    }
    let (a, n1, c, n2) = (
        exposed_cases as f64,
        exposed_total as f64,
        control_cases as f64,
        control_total as f64,
    );
    let p1 = a / n1;
    let p2 = c / n2;
    // 0/0 = NaN and x/0 = inf, as numpy's division under `errstate(ignore)`.
    let rr = p1 / p2;
    let (low, high) = match (exposed_cases, control_cases) {
        (0, 0) => (f64::NAN, f64::NAN),
        (0, _) => (0.0, f64::NAN),
        (_, 0) => (f64::NAN, f64::INFINITY),
        _ => {
            let se = (1.0 / a - 1.0 / n1 + 1.0 / c - 1.0 / n2).sqrt();
            let delta = confidence.z() * se;
            (rr * (-delta).exp(), rr * delta.exp())
        }
    };
    Some(RelativeRisk {
        relative_risk: rr,
        low,
        high,
    })
}

/// `Some(x)` for a finite `x`; `None` for `inf` and `NaN` (shown as "not defined").
pub fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn katz_by_hand() {
        // 10/50 vs 20/50: rr = 0.5, se = √(1/10 − 1/50 + 1/20 − 1/50) = √0.11.
        let r = relative_risk(10, 50, 20, 50, Confidence::DEFAULT).unwrap();
        let z = Confidence::DEFAULT.z();
        assert!((r.relative_risk - 0.5).abs() < 1e-15);
        assert!((r.low - 0.5 * (-z * 0.11f64.sqrt()).exp()).abs() < 1e-15);
        assert!((r.high - 0.5 * (z * 0.11f64.sqrt()).exp()).abs() < 1e-15);
        assert!(relative_risk(1, 0, 1, 2, Confidence::DEFAULT).is_none());
        assert!(relative_risk(3, 2, 1, 2, Confidence::DEFAULT).is_none());
    }
}

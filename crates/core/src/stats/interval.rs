//! Interval estimates for a share x/n in a segment of N staff (SPEC §4).

use super::special::beta_quantile;
use super::Confidence;
use crate::ParseError;
use serde::Serialize;
use std::fmt;

/// Which interval to compute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IntervalMethod {
    /// Wilson score interval on the FPC-effective sample size (default). Why: respondents
    /// are a large fraction of small segments; ignoring that overstates the uncertainty.
    #[default]
    WilsonFpc,
    /// Wilson score interval, no finite population correction.
    Wilson,
    /// Exact (Clopper–Pearson) interval, no finite population correction.
    ClopperPearson,
}

impl IntervalMethod {
    pub const ALL: [IntervalMethod; 3] = [
        IntervalMethod::WilsonFpc,
        IntervalMethod::Wilson,
        IntervalMethod::ClopperPearson,
    ];
    pub fn code(self) -> &'static str {
        match self {
            IntervalMethod::WilsonFpc => "wilson_fpc",
            IntervalMethod::Wilson => "wilson",
            IntervalMethod::ClopperPearson => "clopper_pearson",
        }
    }
    pub fn label_de(self) -> &'static str {
        match self {
            IntervalMethod::WilsonFpc => "Wilson mit Endlichkeitskorrektur",
            IntervalMethod::Wilson => "Wilson",
            IntervalMethod::ClopperPearson => "Clopper-Pearson (exakt)",
        }
    }
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let f = crate::fold(raw);
        IntervalMethod::ALL
            .into_iter()
            .find(|m| m.code() == f || m.code().replace('_', "-") == f)
            .ok_or_else(|| {
                ParseError::new(
                    raw,
                    crate::one_of(&["wilson_fpc", "wilson", "clopper_pearson"]),
                )
            })
    }
}

impl fmt::Display for IntervalMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A closed interval [low, high] within [0, 1].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
}

impl Interval {
    pub fn point(p: f64) -> Self {
        Interval { low: p, high: p }
    }
    pub fn contains(&self, p: f64) -> bool {
        self.low <= p && p <= self.high
    }
}

/// Wilson score interval for a (possibly non-integer) effective count x of n.
pub fn wilson(x: f64, n: f64, confidence: Confidence) -> Interval {
    let p = x / n;
    let z = confidence.z();
    let z2 = z * z;
    let denom = 1.0 + z2 / n;
    let center = (p + z2 / (2.0 * n)) / denom;
    let half = z / denom * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    Interval {
        low: (center - half).max(0.0),
        high: (center + half).min(1.0),
    }
}

/// Wilson on the finite-population-corrected effective sample n' = n(N−1)/(N−n), x' = p̂n'.
/// For n = N the share is known exactly: the interval is the point.
pub fn wilson_fpc(x: u64, n: u64, population: u64, confidence: Confidence) -> Interval {
    let p = x as f64 / n as f64;
    if n >= population {
        return Interval::point(p);
    }
    let (nf, big) = (n as f64, population as f64);
    let n_eff = nf * (big - 1.0) / (big - nf);
    wilson(p * n_eff, n_eff, confidence)
}

/// Exact Clopper–Pearson interval from beta quantiles.
pub fn clopper_pearson(x: u64, n: u64, confidence: Confidence) -> Interval {
    let alpha = 1.0 - confidence.get();
    let (xf, nf) = (x as f64, n as f64);
    let low = if x == 0 {
        0.0
    } else {
        beta_quantile(alpha / 2.0, xf, nf - xf + 1.0)
    };
    let high = if x == n {
        1.0
    } else {
        beta_quantile(1.0 - alpha / 2.0, xf + 1.0, nf - xf)
    };
    Interval { low, high }
}

/// The interval of `method` for x of n respondents in a segment of `population` staff.
/// `None` when n = 0 (nothing to estimate).
pub fn interval(
    method: IntervalMethod,
    x: u64,
    n: u64,
    population: u64,
    confidence: Confidence,
) -> Option<Interval> {
    if n == 0 || x > n {
        return None;
    }
    Some(match method {
        IntervalMethod::WilsonFpc => wilson_fpc(x, n, population, confidence),
        IntervalMethod::Wilson => wilson(x as f64, n as f64, confidence),
        IntervalMethod::ClopperPearson => clopper_pearson(x, n, confidence),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Every interval contains the estimate and lies in [0, 1].
        #[test]
        fn contains_estimate(n in 1u64..500, xs in 0.0f64..=1.0, extra in 0u64..2000, m in 0usize..3, c in 0.5f64..0.999) {
            let x = ((n as f64) * xs).floor() as u64;
            let conf = Confidence::new(c).unwrap();
            let iv = interval(IntervalMethod::ALL[m], x, n, n + extra, conf).unwrap();
            let p = x as f64 / n as f64;
            prop_assert!(iv.low <= p + 1e-12 && p <= iv.high + 1e-12, "{iv:?} vs {p}");
            prop_assert!((0.0..=1.0).contains(&iv.low) && (0.0..=1.0).contains(&iv.high));
        }

        /// The FPC interval shrinks to the point as n approaches N, and is never wider than plain Wilson.
        #[test]
        fn fpc_shrinks(n in 2u64..300, xs in 0.0f64..=1.0, extra in 0u64..300) {
            let x = ((n as f64) * xs).floor() as u64;
            let conf = Confidence::DEFAULT;
            let plain = wilson(x as f64, n as f64, conf);
            let fpc = wilson_fpc(x, n, n + extra, conf);
            prop_assert!(fpc.high - fpc.low <= plain.high - plain.low + 1e-12);
            let full = wilson_fpc(x, n, n, conf);
            prop_assert_eq!(full.low, full.high);
            if extra > 0 {
                let closer = wilson_fpc(x, n, n + extra + 1, conf);
                prop_assert!(fpc.high - fpc.low <= closer.high - closer.low + 1e-12);
            }
        }
    }
}

//! Fisher's exact test on a 2×2 table, as scipy's `fisher_exact` computes it (SPEC §4).
//!
//! With the margins fixed, the top-left cell `a` of [[a, b], [c, d]] follows a hypergeometric
//! distribution. Its probabilities are computed in log space (ln-factorials through
//! [`ln_gamma`]) and normalised by their sum over the whole support, so counts in the tens of
//! thousands neither overflow nor lose the small tails, and the constant parts of the
//! ln-factorials (where the rounding is largest) cancel.

use super::special::ln_gamma;

/// Relative tolerance of the two-sided test: tables whose probability is at most
/// `p_observed · (1 + 1e-7)` count as "at least as extreme". scipy and R use the same
/// tolerance so that tables of mathematically equal probability are not lost to rounding.
const TWO_SIDED_TOLERANCE: f64 = 1e-7;

/// The three p-values of Fisher's exact test for one table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FisherExact {
    /// Sum of the probabilities of all tables no more likely than the observed one.
    pub two_sided: f64,
    /// P(X ≤ a): the top-left cell is small (the focal group is selected less often).
    pub less: f64,
    /// P(X ≥ a): the top-left cell is large.
    pub greater: f64,
}

/// Fisher's exact test on `[[a, b], [c, d]]` (scipy `fisher_exact`, all three alternatives).
///
/// A table with an all-zero row or column has a one-point support: every p-value is 1,
/// as in scipy.
pub fn fisher_exact(table: [[u64; 2]; 2]) -> FisherExact {
    let [[a, b], [c, d]] = table;
    let n = a + b + c + d;
    let row1 = a + b;
    let col1 = a + c;
    // Support of the top-left cell given the margins.
    let lo = (row1 + col1).saturating_sub(n);
    let hi = row1.min(col1);
    let ln_fact = |x: u64| ln_gamma(x as f64 + 1.0);
    // ln P(X = x) up to a constant: −ln[x! (row1−x)! (col1−x)! (n−row1−col1+x)!].
    let log_weight = |x: u64| {
        -(ln_fact(x) + ln_fact(row1 - x) + ln_fact(col1 - x) + ln_fact(n + x - row1 - col1))
    };
    let logs: Vec<f64> = (lo..=hi).map(log_weight).collect();
    let max = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let weights: Vec<f64> = logs.iter().map(|l| (l - max).exp()).collect();
    let total: f64 = weights.iter().sum();
    let at = |x: u64| weights[(x - lo) as usize];
    let observed = at(a);
    let sum_where = |keep: &dyn Fn(u64, f64) -> bool| -> f64 {
        let s: f64 = (lo..=hi)
            .zip(&weights)
            .filter(|(x, w)| keep(*x, **w))
            .map(|(_, w)| w)
            .sum();
        (s / total).min(1.0)
    };
    let limit = observed * (1.0 + TWO_SIDED_TOLERANCE);
    FisherExact {
        two_sided: sum_where(&|_, w| w <= limit),
        less: sum_where(&|x, _| x <= a),
        greater: sum_where(&|x, _| x >= a),
    }
}

/// The sample odds ratio a·d / (b·c) as scipy reports it: `inf` when only b·c is 0,
/// `NaN` when both products are 0.
pub fn sample_odds_ratio(table: [[u64; 2]; 2]) -> f64 {
    let [[a, b], [c, d]] = table;
    let num = a as f64 * d as f64;
    let den = b as f64 * c as f64;
    if den == 0.0 {
        if num == 0.0 {
            f64::NAN
        } else {
            f64::INFINITY
        }
    } else {
        num / den
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn hand_checked_small_table() {
        // [[1, 1], [1, 1]]: margins 2/2, support {0, 1, 2} with probabilities 1/6, 4/6, 1/6.
        let f = fisher_exact([[1, 1], [1, 1]]);
        assert!((f.two_sided - 1.0).abs() < 1e-15);
        assert!((f.less - 5.0 / 6.0).abs() < 1e-15);
        assert!((f.greater - 5.0 / 6.0).abs() < 1e-15);
        let f = fisher_exact([[0, 2], [2, 0]]);
        assert!((f.two_sided - 2.0 / 6.0).abs() < 1e-15);
        assert!((f.less - 1.0 / 6.0).abs() < 1e-15);
    }

    proptest! {
        /// less + greater = 1 + P(X = a) ≥ 1, every p in [0, 1], two-sided ≥ min(less, greater).
        #[test]
        fn p_values_are_consistent(a in 0u64..60, b in 0u64..60, c in 0u64..60, d in 0u64..60) {
            let f = fisher_exact([[a, b], [c, d]]);
            for p in [f.two_sided, f.less, f.greater] {
                prop_assert!((0.0..=1.0).contains(&p), "{f:?}");
            }
            prop_assert!(f.less + f.greater >= 1.0 - 1e-12);
            prop_assert!(f.two_sided >= f.less.min(f.greater) - 1e-12);
            // Transposing the table does not change the test.
            let t = fisher_exact([[a, c], [b, d]]);
            prop_assert!((t.two_sided - f.two_sided).abs() < 1e-10);
            prop_assert!((t.less - f.less).abs() < 1e-10);
        }
    }
}

//! Small numeric helpers: rounding that keeps totals, root finding, logistic, normal draws.

use rand::Rng;

/// Largest-remainder rounding: non-negative integers proportional to `weights` that sum to
/// exactly `total` (ties go to the lower index, so the result is deterministic).
pub fn apportion(total: u64, weights: &[f64]) -> Vec<u64> {
    let sum: f64 = weights.iter().map(|w| w.max(0.0)).sum();
    if weights.is_empty() {
        return Vec::new();
    }
    if sum <= 0.0 {
        // Nothing to go by: spread evenly.
        let n = weights.len() as u64;
        return (0..n)
            .map(|i| total / n + u64::from(i < total % n))
            .collect();
    }
    let exact: Vec<f64> = weights
        .iter()
        .map(|w| total as f64 * w.max(0.0) / sum)
        .collect();
    let mut out: Vec<u64> = exact.iter().map(|x| x.floor() as u64).collect();
    let assigned: u64 = out.iter().sum();
    let mut order: Vec<usize> = (0..exact.len()).collect();
    order.sort_by(|a, b| {
        let fa = exact[*a] - exact[*a].floor();
        let fb = exact[*b] - exact[*b].floor();
        fb.total_cmp(&fa).then(a.cmp(b))
    });
    if assigned <= total {
        let missing = total - assigned;
        for &i in order
            .iter()
            .cycle()
            .take(usize::try_from(missing).unwrap_or(usize::MAX))
        {
            out[i] += 1;
        }
    } else {
        // Floating error made the floors overshoot: take back from the smallest remainders.
        let mut excess = assigned - total;
        for &i in order.iter().rev() {
            if excess == 0 {
                break;
            }
            let take = out[i].min(excess);
            out[i] -= take;
            excess -= take;
        }
    }
    out
}

/// Root of an increasing function on `[lo, hi]` by bisection (60 halvings).
pub fn bisect(f: impl Fn(f64) -> f64, mut lo: f64, mut hi: f64) -> f64 {
    for _ in 0..60 {
        let mid = 0.5 * (lo + hi);
        if f(mid) < 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

pub fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

pub fn logit(p: f64) -> f64 {
    (p / (1.0 - p)).ln()
}

/// A standard normal draw (Box–Muller).
pub fn normal(rng: &mut impl Rng) -> f64 {
    let u1: f64 = 1.0 - rng.random::<f64>(); // (0, 1]
    let u2: f64 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// Index drawn from unnormalised weights.
pub fn pick(rng: &mut impl Rng, weights: &[f64]) -> usize {
    let sum: f64 = weights.iter().sum();
    let mut u = rng.random::<f64>() * sum;
    for (i, w) in weights.iter().enumerate() {
        if u < *w {
            return i;
        }
        u -= w;
    }
    // Rounding left u at the very end: the last positive weight.
    weights.iter().rposition(|w| *w > 0.0).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportion_keeps_the_total() {
        assert_eq!(apportion(10, &[1.0, 1.0, 1.0]), vec![4, 3, 3]);
        assert_eq!(apportion(0, &[1.0, 2.0]), vec![0, 0]);
        assert_eq!(apportion(7, &[0.0, 0.0]), vec![4, 3]);
        let w = [0.1, 0.7, 3.3, 9.9, 0.0];
        assert_eq!(apportion(1_000_003, &w).iter().sum::<u64>(), 1_000_003);
    }

    #[test]
    fn bisect_finds_the_root() {
        let r = bisect(|x| x * x * x - 8.0, -10.0, 10.0);
        assert!((r - 2.0).abs() < 1e-9);
    }
}

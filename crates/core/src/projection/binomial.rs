//! Binomial variates for the Monte Carlo bands, without a distributions crate.
//!
//! Two exact algorithms, chosen by the mean as in the literature (and in NumPy):
//! * `n·min(p, 1−p) ≤ 30`: inversion by sequential search from 0 (BINV of Kachitvichyanukul &
//!   Schmeiser 1988), expected cost `O(n·p)`. This is the hot path (an age cell of a hundred
//!   persons with an exit rate of a few percent has a mean of a few persons); for the exit
//!   rates the CDF rows of small n are tabulated and X is the number of row entries below
//!   the uniform, which gives the same X as the search without its unpredictable branches;
//! * otherwise BTPE (Kachitvichyanukul & Schmeiser, "Binomial random variate generation",
//!   Comm. ACM 31 (1988) 216–222): triangle/parallelogram/exponential-tail rejection with
//!   squeeze and Stirling-corrected acceptance, expected cost `O(1)`.
//!
//! `p > 1/2` is handled by symmetry (`n − X` with `X ~ Bin(n, 1 − p)`). The uniforms are
//! the top 53 bits of the generator's `u64`, in [0, 1).

use rand_chacha::rand_core::RngCore;

/// A uniform double in [0, 1) from the top 53 bits of one `u64`.
#[inline]
pub(crate) fn unit(rng: &mut impl RngCore) -> f64 {
    const SCALE: f64 = 1.0 / (1u64 << 53) as f64;
    (rng.next_u64() >> 11) as f64 * SCALE
}

/// Longest sequential search of the inversion (K&S: restart beyond 110).
const INVERSION_MAX: usize = 110;

/// `1/x` for `x = 0..=110` (entry 0 unused): the search multiplies instead of dividing.
const RECIPROCAL: [f64; INVERSION_MAX + 1] = {
    let mut t = [0.0; INVERSION_MAX + 1];
    let mut i = 1;
    while i <= INVERSION_MAX {
        t[i] = 1.0 / i as f64;
        i += 1;
    }
    t
};

/// Width of a tabulated CDF row: P(X ≤ k) for k = 0..16.
const ROW: usize = 16;
/// Rows are tabulated while the mean n·p is at most this (then P(X ≥ 16) < 0.004).
const ROW_MEAN_MAX: f64 = 8.0;
/// At most this many rows (n = 0..2048) per probability.
const ROWS_MAX: usize = 2048;

/// A binomial success probability prepared for repeated draws with varying `n`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Binomial {
    /// min(p, 1 − p).
    p: f64,
    /// 1 − `p`.
    q: f64,
    /// ln `q`, for `q^n = exp(n ln q)`.
    ln_q: f64,
    /// `p / q`.
    s: f64,
    /// The caller's p was above 1/2: draws are `n − X`.
    flip: bool,
    /// Row n: P(X ≤ k), k = 0..16, by exactly the arithmetic of the sequential search, so a
    /// draw from the table equals the search's draw from the same uniform; the count of
    /// entries below u is X without a data-dependent branch.
    cdf: Vec<[f64; ROW]>,
}

impl Binomial {
    /// `p` must lie in [0, 1] (the scenario is validated before).
    pub(crate) fn new(p: f64) -> Self {
        let p = p.clamp(0.0, 1.0);
        let flip = p > 0.5;
        let p = if flip { 1.0 - p } else { p };
        let q = 1.0 - p;
        Binomial {
            p,
            q,
            ln_q: q.ln(),
            s: p / q,
            flip,
            cdf: Vec::new(),
        }
    }

    /// As [`Binomial::new`], with the CDF tabulated for `n ≤ max_n` of small mean (for
    /// probabilities drawn from very often, like the exit rates).
    pub(crate) fn tabulated(p: f64, max_n: usize) -> Self {
        let mut b = Binomial::new(p);
        if b.p > 0.0 {
            let rows = (ROW_MEAN_MAX / b.p).floor().min(max_n.min(ROWS_MAX) as f64) as usize;
            b.cdf = (0..=rows as u64).map(|n| b.cdf_row(n)).collect();
        }
        b
    }

    fn q_n(&self, n: u64) -> f64 {
        (n as f64 * self.ln_q).exp()
    }

    fn cdf_row(&self, n: u64) -> [f64; ROW] {
        let a = (n as f64 + 1.0) * self.s;
        let mut row = [0.0; ROW];
        let mut px = self.q_n(n);
        let mut cum = px;
        row[0] = cum;
        for (k, c) in row.iter_mut().enumerate().skip(1) {
            if k as u64 > n {
                px = 0.0;
            } else {
                px *= a * RECIPROCAL[k] - self.s;
                cum += px;
            }
            *c = cum;
        }
        row
    }

    /// One draw of Bin(n, p).
    #[inline]
    pub(crate) fn sample(&self, n: u64, rng: &mut impl RngCore) -> u64 {
        let x = if n == 0 || self.p == 0.0 {
            0
        } else if let Some(row) = self.cdf.get(n as usize) {
            let u = unit(rng);
            let x: usize = row.iter().map(|&c| usize::from(c < u)).sum();
            if x < ROW {
                x as u64
            } else {
                self.search(n, u, rng)
            }
        } else if n as f64 * self.p <= 30.0 {
            let u = unit(rng);
            self.search(n, u, rng)
        } else {
            btpe(n, self.p, self.q, rng)
        };
        if self.flip {
            n - x
        } else {
            x
        }
    }

    /// BINV (sequential search from 0) for the uniform `u`: X = min{k : u ≤ P(X ≤ k)} with
    /// P(0) = qⁿ, P(k) = P(k−1)·((n+1)s/k − s). As in the paper, the search restarts with a
    /// new uniform beyond k = 110 (the mean is ≤ 30 here, so that tail has mass < 1e-30 and
    /// the restart only guards rounding).
    #[inline(never)]
    fn search(&self, n: u64, mut u: f64, rng: &mut impl RngCore) -> u64 {
        let a = (n as f64 + 1.0) * self.s;
        let bound = n.min(INVERSION_MAX as u64) as usize;
        let q_n = self.q_n(n);
        loop {
            let mut px = q_n;
            let mut cum = px;
            let mut x = 0usize;
            loop {
                if u <= cum {
                    return x as u64;
                }
                x += 1;
                if x > bound {
                    break;
                }
                px *= a * RECIPROCAL[x] - self.s;
                cum += px;
            }
            u = unit(rng);
        }
    }
}

/// Values drawn one at a time from a discrete distribution by Walker's alias method, with
/// one 32-bit uniform `x` per draw: `x·K / 2³²` picks the column (its integer part) and
/// decides between the column and its alias (its fractional part, uniform on [0, 1) in steps
/// of K·2⁻³²). The probabilities are exact to about K·2⁻³² ≈ 1e-8.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AliasTable {
    /// Threshold · 2³² of keeping the column (2³² = always).
    keep: Vec<u64>,
    /// Per column: its own value and its alias' value (indexed by "not kept", no branch:
    /// the choice is random, a branch would be mispredicted half the time).
    pick: Vec<[u32; 2]>,
}

impl AliasTable {
    /// `values[i]` with weight `weights[i]` (non-negative, not all zero; zero is never drawn).
    pub(crate) fn new(values: &[u32], weights: &[f64]) -> Self {
        let k = weights.len();
        let total: f64 = weights.iter().sum();
        let mut scaled: Vec<f64> = weights.iter().map(|w| w * k as f64 / total).collect();
        let mut keep = vec![1u64 << 32; k];
        let mut pick: Vec<[u32; 2]> = values.iter().map(|&v| [v, v]).collect();
        let (mut small, mut large): (Vec<usize>, Vec<usize>) =
            (0..k).partition(|&i| scaled[i] < 1.0);
        while let (Some(&s), Some(&l)) = (small.last(), large.last()) {
            small.pop();
            keep[s] = (scaled[s] * 4_294_967_296.0).round() as u64;
            pick[s][1] = values[l];
            scaled[l] -= 1.0 - scaled[s];
            if scaled[l] < 1.0 {
                large.pop();
                small.push(l);
            }
        }
        // Columns left over (only by rounding) keep their own value always.
        AliasTable { keep, pick }
    }

    #[inline]
    pub(crate) fn draw(&self, x: u32) -> u32 {
        let y = u64::from(x) * self.keep.len() as u64;
        let col = (y >> 32) as usize;
        self.pick[col][usize::from((y & 0xFFFF_FFFF) >= self.keep[col])]
    }
}

/// Stirling series correction 1/(12x) − 1/(360x³) + 1/(1260x⁵) − 1/(1680x⁷) + 1/(1188x⁹)
/// (= 13860/166320 …) of BTPE's final acceptance test.
#[inline]
fn stirling_tail(x: f64) -> f64 {
    let x2 = x * x;
    (13860.0 - (462.0 - (132.0 - (99.0 - 140.0 / x2) / x2) / x2) / x2) / x / 166_320.0
}

/// BTPE for `p ≤ 1/2` and `n·p > 30` (step numbers of the paper in the comments).
#[inline(never)]
fn btpe(n: u64, p: f64, q: f64, rng: &mut impl RngCore) -> u64 {
    let nf = n as f64;
    // Step 0: set-up.
    let npq = nf * p * q;
    let f_m = nf * p + p;
    let m = f_m.floor();
    let p1 = (2.195 * npq.sqrt() - 4.6 * q).floor() + 0.5;
    let x_m = m + 0.5;
    let x_l = x_m - p1;
    let x_r = x_m + p1;
    let c = 0.134 + 20.5 / (15.3 + m);
    let a = (f_m - x_l) / (f_m - x_l * p);
    let lambda_l = a * (1.0 + 0.5 * a);
    let a = (x_r - f_m) / (x_r * q);
    let lambda_r = a * (1.0 + 0.5 * a);
    let p2 = p1 * (1.0 + 2.0 * c);
    let p3 = p2 + c / lambda_l;
    let p4 = p3 + c / lambda_r;
    let s = p / q;
    let a_rec = (nf + 1.0) * s;
    loop {
        // Step 1: triangular region, immediate acceptance.
        let u = unit(rng) * p4;
        let mut v = unit(rng);
        let y: f64;
        if u <= p1 {
            return (x_m - p1 * v + u).floor() as u64;
        } else if u <= p2 {
            // Step 2: parallelograms.
            let x = x_l + (u - p1) / c;
            v = v * c + 1.0 - (m - x + 0.5).abs() / p1;
            if v > 1.0 {
                continue;
            }
            y = x.floor();
        } else if u <= p3 {
            // Step 3: left exponential tail.
            if v == 0.0 {
                continue;
            }
            y = (x_l + v.ln() / lambda_l).floor();
            if y < 0.0 {
                continue;
            }
            v *= (u - p2) * lambda_l;
        } else {
            // Step 4: right exponential tail.
            if v == 0.0 {
                continue;
            }
            y = (x_r - v.ln() / lambda_r).floor();
            if y > nf {
                continue;
            }
            v *= (u - p3) * lambda_r;
        }
        // Step 5: acceptance test.
        let k = (y - m).abs();
        if k <= 20.0 || k >= npq / 2.0 - 1.0 {
            // Step 5.1: explicit ratio f(y)/f(m) by the recurrence.
            let mut f = 1.0;
            if m < y {
                let mut i = m + 1.0;
                while i <= y {
                    f *= a_rec / i - s;
                    i += 1.0;
                }
            } else if m > y {
                let mut i = y + 1.0;
                while i <= m {
                    f /= a_rec / i - s;
                    i += 1.0;
                }
            }
            if v <= f {
                return y as u64;
            }
            continue;
        }
        // Step 5.2: squeeze on ln f(y)/f(m).
        let rho = (k / npq) * ((k * (k / 3.0 + 0.625) + 1.0 / 6.0) / npq + 0.5);
        let t = -k * k / (2.0 * npq);
        let a_log = v.ln();
        if a_log < t - rho {
            return y as u64;
        }
        if a_log > t + rho {
            continue;
        }
        // Step 5.3: final comparison with Stirling's formula.
        let x1 = y + 1.0;
        let f1 = m + 1.0;
        let z = nf + 1.0 - m;
        let w = nf - y + 1.0;
        let bound = x_m * (f1 / x1).ln()
            + (nf - m + 0.5) * (z / w).ln()
            + (y - m) * (w * p / (x1 * q)).ln()
            + stirling_tail(f1)
            + stirling_tail(z)
            + stirling_tail(x1)
            + stirling_tail(w);
        if a_log <= bound {
            return y as u64;
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use rand_chacha::rand_core::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    /// Exact Bin(n, p) probabilities by the log-space recurrence.
    fn pmf(n: u64, p: f64) -> Vec<f64> {
        let mut out = Vec::with_capacity(n as usize + 1);
        let mut ln = n as f64 * (1.0 - p).ln();
        for k in 0..=n {
            out.push(ln.exp());
            ln += ((n - k) as f64 / (k + 1) as f64).ln() + (p / (1.0 - p)).ln();
        }
        out
    }

    /// Draws `reps` variates and checks the empirical distribution against the exact pmf:
    /// total variation distance and a chi-square over cells with expected count ≥ 5.
    fn check(n: u64, p: f64, reps: usize) {
        check_with(&Binomial::new(p), n, p, reps);
        check_with(&Binomial::tabulated(p, n as usize), n, p, reps);
    }

    fn check_with(b: &Binomial, n: u64, p: f64, reps: usize) {
        let mut rng = ChaCha8Rng::seed_from_u64(n ^ p.to_bits());
        let mut counts = vec![0u64; n as usize + 1];
        for _ in 0..reps {
            let x = b.sample(n, &mut rng);
            assert!(x <= n, "Bin({n}, {p}) gave {x}");
            counts[x as usize] += 1;
        }
        let probs = pmf(n, p);
        let tv: f64 = counts
            .iter()
            .zip(&probs)
            .map(|(&c, &pr)| (c as f64 / reps as f64 - pr).abs())
            .sum::<f64>()
            / 2.0;
        let (mut chi2, mut df, mut rest_o, mut rest_e) = (0.0, 0usize, 0.0, 0.0);
        for (&c, &pr) in counts.iter().zip(&probs) {
            let e = pr * reps as f64;
            if e >= 5.0 {
                chi2 += (c as f64 - e).powi(2) / e;
                df += 1;
            } else {
                rest_o += c as f64;
                rest_e += e;
            }
        }
        if rest_e > 0.0 {
            chi2 += (rest_o - rest_e).powi(2) / rest_e.max(1.0);
            df += 1;
        }
        // Chi-square with df degrees of freedom: mean df, sd sqrt(2 df); 6 sd is a generous
        // bound that a wrong sampler (e.g. an off-by-one mode) exceeds by far.
        let limit = df as f64 + 6.0 * (2.0 * df as f64).sqrt();
        assert!(chi2 < limit, "Bin({n}, {p}): chi2 {chi2:.1} over df {df}");
        assert!(tv < 0.01, "Bin({n}, {p}): total variation {tv}");
    }

    #[test]
    fn inversion_regime_matches_pmf() {
        check(1, 0.3, 100_000);
        check(40, 0.03, 200_000);
        check(100, 0.2, 200_000);
        check(60, 0.5, 200_000);
    }

    #[test]
    fn btpe_regime_matches_pmf() {
        check(200, 0.2, 300_000);
        check(1000, 0.35, 300_000);
        check(5000, 0.5, 300_000);
        check(100_000, 0.01, 300_000);
    }

    #[test]
    fn symmetry_for_large_p() {
        check(50, 0.97, 200_000);
        check(2000, 0.9, 200_000);
    }

    #[test]
    fn table_gives_the_same_draws() {
        for (p, n) in [
            (0.035, 300u64),
            (0.8, 25),
            (0.2, 140),
            (0.01, 5000),
            (0.3, 12),
        ] {
            let (a, b) = (Binomial::new(p), Binomial::tabulated(p, 2000));
            assert!(!b.cdf.is_empty());
            let mut r1 = ChaCha8Rng::seed_from_u64(3);
            let mut r2 = ChaCha8Rng::seed_from_u64(3);
            for m in 0..=n {
                assert_eq!(
                    a.sample(m, &mut r1),
                    b.sample(m, &mut r2),
                    "p = {p}, n = {m}"
                );
            }
        }
    }

    #[test]
    fn alias_table_matches_weights() {
        let weights = [3.0, 0.5, 0.0, 1.5, 5.0, 0.25, 0.25];
        let table = AliasTable::new(&[10, 11, 12, 13, 14, 15, 16], &weights);
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        let reps = 400_000;
        let mut counts = [0u64; 7];
        for _ in 0..reps {
            counts[table.draw(rng.next_u32()) as usize - 10] += 1;
        }
        assert_eq!(counts[2], 0);
        let total: f64 = weights.iter().sum();
        let mut chi2 = 0.0;
        for (c, w) in counts.iter().zip(weights).filter(|(_, w)| *w > 0.0) {
            let e = w / total * reps as f64;
            chi2 += (*c as f64 - e).powi(2) / e;
        }
        assert!(chi2 < 5.0 + 6.0 * 10f64.sqrt(), "chi2 {chi2}");
    }

    #[test]
    fn degenerate_probabilities() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        assert_eq!(Binomial::new(0.0).sample(17, &mut rng), 0);
        assert_eq!(Binomial::new(1.0).sample(17, &mut rng), 17);
        assert_eq!(Binomial::new(0.4).sample(0, &mut rng), 0);
        assert_eq!(Binomial::tabulated(0.0, 100).sample(17, &mut rng), 0);
        assert_eq!(Binomial::tabulated(1.0, 100).sample(17, &mut rng), 17);
    }

    #[test]
    fn mean_of_a_large_draw() {
        let b = Binomial::new(0.123);
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let n = 1_000_000_000u64;
        let reps = 2000;
        let mean: f64 = (0..reps).map(|_| b.sample(n, &mut rng) as f64).sum::<f64>() / reps as f64;
        let sd = (n as f64 * 0.123 * 0.877).sqrt() / (reps as f64).sqrt();
        assert!((mean - n as f64 * 0.123).abs() < 5.0 * sd, "mean {mean}");
    }
}

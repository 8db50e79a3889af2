//! Monte Carlo bands: the steps of the deterministic model with whole persons and chance.
//!
//! Per run and year, in the order of SPEC §4:
//! 1. exits per age and group `~ Binomial(N[a][g], s_g)`;
//! 2. ageing and retirement exactly as in the deterministic model (no chance);
//! 3. `T(t+1) = T(t)·(1 + growth)` in real numbers from `T(start) =` the integer initial
//!    headcount; the integer target is `round(T(t+1))` (half away from zero);
//! 4. `H = max(0, round(T(t+1)) − headcount)` hires, of which `~ Binomial(H, h)` with migration
//!    history; the ages of each group's hires are multinomial over the hiring profile's single
//!    ages: drawn person by person with Walker's alias method while there are at most 8 hires
//!    per hiring age, else as a chain of conditional binomials (cost by ages, not persons).
//!
//! The integer initial state is the same in every run: the band counts (with and without,
//! all bands together) are rounded to integers by the largest-remainder method so that they
//! sum to `round(Σ initial)` (ties: the earlier band, `with` before `without`); each band's
//! integer count `c` is then spread over its `w` ages as evenly as possible, age `j` of the
//! band getting `⌊(j+1)c/w + ½⌋ − ⌊jc/w + ½⌋` persons (centred: one person in a 10-year band
//! sits at the band's 5th age, not at an edge).
//!
//! Run `i` draws from ChaCha8 seeded with `seed` on stream `i` (`set_stream`), so each run's
//! numbers depend only on (seed, i): results are identical for any number of threads.
//!
//! Percentiles per year are over the runs' shares `with / headcount` by the **type 7**
//! quantile (linear interpolation between order statistics at `h = (n−1)·p`, the default of
//! R, NumPy and Excel's `QUANTILE.INKL`). A run whose headcount is 0 in a year (possible only
//! when the rounded target falls to 0) has no share that year and is left out; a year with no
//! share at all gets `None`.

use super::binomial::{AliasTable, Binomial};
use super::model::{age_axis, hire_profile};
use super::scenario::{InitialBand, Scenario, ScenarioError};
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Largest target headcount the simulation accepts (persons are counted in `u64`, and a
/// larger staff is not a city).
pub const MAX_HEADCOUNT: u64 = 1_000_000_000;
/// Longest table of `q^n` for the exit draws (cells larger than this use `exp`).
const EXIT_TABLE_MAX: usize = 1 << 14;
/// Hires per hiring age up to which ages are drawn person by person (alias method); above,
/// by the chain of conditional binomials. Both draw the same multinomial; this only picks
/// the cheaper way.
const PER_PERSON_HIRES_PER_AGE: u64 = 8;
/// Default seed of the bands (`--seed`).
pub const DEFAULT_SEED: u64 = 20_240_601;
/// Default number of runs (`--runs`).
pub const DEFAULT_RUNS: u32 = 1000;

/// How many runs, which seed, how many threads (the result does not depend on `threads`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonteCarloOptions {
    /// 0 = no bands.
    pub runs: u32,
    pub seed: u64,
    /// Worker threads; 0 or 1 = the calling thread only.
    pub threads: usize,
}

impl Default for MonteCarloOptions {
    fn default() -> Self {
        MonteCarloOptions {
            runs: DEFAULT_RUNS,
            seed: DEFAULT_SEED,
            threads: 1,
        }
    }
}

/// 5 %, 50 % and 95 % quantiles (type 7) of the share per year, index `t` = year `start + t`.
#[derive(Debug, Clone, PartialEq)]
pub struct Bands {
    pub p05: Vec<Option<f64>>,
    pub p50: Vec<Option<f64>>,
    pub p95: Vec<Option<f64>>,
}

/// One run: headcount and persons with migration history per year (index `t` as in [`Bands`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunPath {
    pub headcount: Vec<u64>,
    pub with: Vec<u64>,
}

/// The prepared simulation of one scenario.
#[derive(Debug, Clone)]
pub struct MonteCarlo {
    horizon: usize,
    retirement_age: usize,
    exit_with: Binomial,
    exit_without: Binomial,
    split: Binomial,
    /// Hiring ages with the conditional probability `p_a / Σ_{b ≥ a} p_b` of the chain.
    hire_ages: Vec<(usize, Binomial)>,
    /// The same ages for one draw per person (few hires).
    hire_alias: AliasTable,
    init_with: Vec<u64>,
    init_without: Vec<u64>,
    /// round(T(t)) for `t = 0..=horizon`.
    targets: Vec<u64>,
}

/// Per-thread buffers, allocated once.
struct Scratch {
    with: Vec<u64>,
    without: Vec<u64>,
    headcount: Vec<u64>,
    with_total: Vec<u64>,
}

impl MonteCarlo {
    /// Validates the scenario; `initial` must be present.
    pub fn new(s: &Scenario) -> Result<Self, ScenarioError> {
        s.validate()?;
        let initial = s.initial.as_deref().ok_or(ScenarioError::MissingInitial)?;
        let len = age_axis(s, initial);
        let (init_with, init_without) = integer_initial(initial, len);
        let start: u64 = init_with.iter().chain(&init_without).sum();
        if start == 0 {
            return Err(ScenarioError::EmptyInitial);
        }
        let horizon = usize::from(s.horizon);
        let mut targets = Vec::with_capacity(horizon + 1);
        let mut t_real = start as f64;
        for t in 0..=horizon {
            if t > 0 {
                t_real *= 1.0 + s.headcount_growth;
            }
            let rounded = t_real.round();
            if rounded.is_nan() || rounded > MAX_HEADCOUNT as f64 {
                return Err(ScenarioError::TooLarge {
                    headcount: rounded,
                    year: u32::from(s.start_year.get()) + t as u32,
                    max: MAX_HEADCOUNT,
                });
            }
            targets.push(rounded as u64);
        }
        let profile = hire_profile(s);
        let mut rest: f64 = profile.iter().sum();
        let mut hire_ages = Vec::new();
        let last = profile.iter().rposition(|&p| p > 0.0).unwrap_or(0);
        for (a, &p) in profile.iter().enumerate().filter(|(_, &p)| p > 0.0) {
            // The last age takes whatever is left (probability exactly 1, no rounding drift).
            let cond = if a == last { 1.0 } else { (p / rest).min(1.0) };
            hire_ages.push((a, Binomial::new(cond)));
            rest -= p;
        }
        let ages: Vec<u32> = hire_ages.iter().map(|&(a, _)| a as u32).collect();
        let weights: Vec<f64> = hire_ages.iter().map(|&(a, _)| profile[a]).collect();
        let hire_alias = AliasTable::new(&ages, &weights);
        // No age cell ever holds more persons than the largest headcount.
        let largest = targets.iter().copied().max().unwrap_or(0).max(start);
        let table = usize::try_from(largest)
            .unwrap_or(usize::MAX)
            .min(EXIT_TABLE_MAX);
        Ok(MonteCarlo {
            horizon,
            retirement_age: usize::from(s.retirement_age),
            exit_with: Binomial::tabulated(s.attrition.with, table),
            exit_without: Binomial::tabulated(s.attrition.without, table),
            split: Binomial::new(s.hire_share),
            hire_ages,
            hire_alias,
            init_with,
            init_without,
            targets,
        })
    }

    /// The integer initial state by single age: (with, without).
    pub fn initial(&self) -> (&[u64], &[u64]) {
        (&self.init_with, &self.init_without)
    }

    /// round(T(t)) for `t = 0..=horizon`.
    pub fn targets(&self) -> &[u64] {
        &self.targets
    }

    /// Run number `run` of the bands with `seed`.
    pub fn run(&self, run: u32, seed: u64) -> RunPath {
        let mut sc = self.scratch();
        self.run_into(run, seed, &mut sc);
        RunPath {
            headcount: sc.headcount,
            with: sc.with_total,
        }
    }

    /// Runs `opts.runs` runs and returns the quantiles per year.
    pub fn bands(&self, opts: &MonteCarloOptions) -> Bands {
        let years = self.horizon + 1;
        let runs = opts.runs as usize;
        let mut shares = vec![f64::NAN; runs * years];
        let threads = opts.threads.clamp(1, runs.max(1));
        if threads == 1 {
            self.fill(0, opts.seed, &mut shares);
        } else {
            let rows = runs.div_ceil(threads);
            std::thread::scope(|scope| {
                for (i, chunk) in shares.chunks_mut(rows * years).enumerate() {
                    scope.spawn(move || self.fill(i * rows, opts.seed, chunk));
                }
            });
        }
        let mut bands = Bands {
            p05: Vec::with_capacity(years),
            p50: Vec::with_capacity(years),
            p95: Vec::with_capacity(years),
        };
        let mut year = Vec::with_capacity(runs);
        for t in 0..years {
            year.clear();
            year.extend(
                shares
                    .chunks_exact(years)
                    .map(|row| row[t])
                    .filter(|x| !x.is_nan()),
            );
            year.sort_unstable_by(f64::total_cmp);
            bands.p05.push(quantile_type7(&year, 0.05));
            bands.p50.push(quantile_type7(&year, 0.50));
            bands.p95.push(quantile_type7(&year, 0.95));
        }
        bands
    }

    fn scratch(&self) -> Scratch {
        let years = self.horizon + 1;
        Scratch {
            with: vec![0; self.init_with.len()],
            without: vec![0; self.init_with.len()],
            headcount: vec![0; years],
            with_total: vec![0; years],
        }
    }

    /// Runs `first_run, first_run + 1, …` into the rows of `out` (one row of shares per run).
    fn fill(&self, first_run: usize, seed: u64, out: &mut [f64]) {
        let years = self.horizon + 1;
        let mut sc = self.scratch();
        for (k, row) in out.chunks_exact_mut(years).enumerate() {
            self.run_into((first_run + k) as u32, seed, &mut sc);
            for (x, (&n, &w)) in row.iter_mut().zip(sc.headcount.iter().zip(&sc.with_total)) {
                *x = if n > 0 { w as f64 / n as f64 } else { f64::NAN };
            }
        }
    }

    fn run_into(&self, run: u32, seed: u64, sc: &mut Scratch) {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(u64::from(run));
        let Scratch {
            with,
            without,
            headcount,
            with_total,
        } = sc;
        with.copy_from_slice(&self.init_with);
        without.copy_from_slice(&self.init_without);
        let len = with.len();
        let r = self.retirement_age;
        headcount[0] = self.targets[0];
        with_total[0] = with.iter().sum();
        for t in 1..=self.horizon {
            // (1) Exits, per age and group.
            for x in with.iter_mut().filter(|x| **x > 0) {
                *x -= self.exit_with.sample(*x, &mut rng);
            }
            for x in without.iter_mut().filter(|x| **x > 0) {
                *x -= self.exit_without.sample(*x, &mut rng);
            }
            // (2) Ageing; new age ≥ R leaves.
            for v in [&mut *with, &mut *without] {
                v.copy_within(0..len - 1, 1);
                v[0] = 0;
                v[r..].fill(0);
            }
            // (3) + (4) Hires up to the rounded target.
            let remaining: u64 = with.iter().sum::<u64>() + without.iter().sum::<u64>();
            let hires = self.targets[t].saturating_sub(remaining);
            let hires_with = self.split.sample(hires, &mut rng);
            self.place_hires(hires_with, with, &mut rng);
            self.place_hires(hires - hires_with, without, &mut rng);
            headcount[t] = remaining + hires;
            with_total[t] = with.iter().sum();
        }
    }

    /// Multinomial(n, profile) added to `into`: one alias draw per person when few, else the
    /// chain of conditional binomials.
    fn place_hires(&self, n: u64, into: &mut [u64], rng: &mut ChaCha8Rng) {
        if n <= PER_PERSON_HIRES_PER_AGE * self.hire_ages.len() as u64 {
            // 32 random bits per person, fetched in blocks.
            let mut buf = [0u8; 4 * 64];
            let mut left = n as usize;
            while left > 0 {
                let take = left.min(64);
                let bytes = &mut buf[..4 * take];
                rng.fill_bytes(bytes);
                for b in bytes.chunks_exact(4) {
                    let x = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
                    into[self.hire_alias.draw(x) as usize] += 1;
                }
                left -= take;
            }
            return;
        }
        let mut rest = n;
        for (a, cond) in &self.hire_ages {
            if rest == 0 {
                break;
            }
            let x = cond.sample(rest, rng);
            into[*a] += x;
            rest -= x;
        }
    }
}

/// The integer initial state (see the module documentation): largest remainder over the
/// band × group counts, then a centred even spread over each band's ages.
pub(crate) fn integer_initial(bands: &[InitialBand], len: usize) -> (Vec<u64>, Vec<u64>) {
    let values: Vec<f64> = bands.iter().flat_map(|b| [b.with, b.without]).collect();
    let total = values.iter().sum::<f64>().round() as u64;
    let mut counts: Vec<u64> = values.iter().map(|v| v.floor() as u64).collect();
    let missing = total.saturating_sub(counts.iter().sum());
    let mut order: Vec<usize> = (0..values.len()).collect();
    // Stable sort: equal remainders keep the band order.
    order.sort_by(|&i, &j| {
        (values[j] - values[j].floor()).total_cmp(&(values[i] - values[i].floor()))
    });
    for &i in order.iter().take(missing as usize) {
        counts[i] += 1;
    }
    let mut with = vec![0u64; len];
    let mut without = vec![0u64; len];
    for (b, pair) in bands.iter().zip(counts.chunks_exact(2)) {
        let width = u64::from(b.age_to - b.age_from) + 1;
        for (dest, c) in [(&mut with, pair[0]), (&mut without, pair[1])] {
            // cum(j) = ⌊j·c/w + ½⌋ = ⌊(2jc + w) / 2w⌋.
            let cum = |j: u64| (2 * j * c + width) / (2 * width);
            for j in 0..width {
                dest[usize::from(b.age_from) + j as usize] += cum(j + 1) - cum(j);
            }
        }
    }
    (with, without)
}

/// Type 7 quantile of ascending `sorted` values: `x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋])`
/// with `h = (n − 1)·p`; `None` for no values.
pub fn quantile_type7(sorted: &[f64], p: f64) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let h = (n - 1) as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    Some(sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]))
}

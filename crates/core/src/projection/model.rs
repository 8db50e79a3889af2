//! The deterministic projection of SPEC §4, step by step as written there.

use super::scenario::{InitialBand, Scenario, ScenarioError, Target};

/// The yearly path (trajectory) of a projection: index `t` is year `start_year + t`, `t = 0` the initial state.
#[derive(Debug, Clone, PartialEq)]
pub struct Trajectory {
    pub start_year: u16,
    pub headcount: Vec<f64>,
    pub with: Vec<f64>,
}

impl Trajectory {
    /// Number of years on the path including year 0 (= projected years + 1).
    pub fn len(&self) -> usize {
        self.headcount.len()
    }
    pub fn is_empty(&self) -> bool {
        self.headcount.is_empty()
    }
    /// share(t) = with / headcount (headcount is positive in every year, see [`DeterministicModel`]).
    pub fn share(&self, t: usize) -> f64 {
        self.with[t] / self.headcount[t]
    }
    pub fn shares(&self) -> impl Iterator<Item = f64> + '_ {
        (0..self.len()).map(|t| self.share(t))
    }
}

/// Persons by single-year age spread uniformly within each band: `count / width` per age.
pub(crate) fn spread_bands(bands: &[InitialBand], len: usize) -> (Vec<f64>, Vec<f64>) {
    let mut with = vec![0.0; len];
    let mut without = vec![0.0; len];
    for b in bands {
        let width = f64::from(b.age_to - b.age_from) + 1.0;
        for a in usize::from(b.age_from)..=usize::from(b.age_to) {
            with[a] += b.with / width;
            without[a] += b.without / width;
        }
    }
    (with, without)
}

/// Length of the age axis: ages `0..len` hold everyone, i.e. `max(R, oldest initial age + 1)`.
pub(crate) fn age_axis(s: &Scenario, initial: &[InitialBand]) -> usize {
    let oldest = initial.iter().map(|b| usize::from(b.age_to) + 1).max();
    oldest.unwrap_or(0).max(usize::from(s.retirement_age))
}

/// Share of hires at every single age `0..R`: band weight / total weight / band width.
pub(crate) fn hire_profile(s: &Scenario) -> Vec<f64> {
    let mut p = vec![0.0; usize::from(s.retirement_age)];
    let total: f64 = s.hire_age_profile.iter().map(|b| b.weight).sum();
    for b in &s.hire_age_profile {
        let width = f64::from(b.age_to - b.age_from) + 1.0;
        for x in &mut p[usize::from(b.age_from)..=usize::from(b.age_to)] {
            *x += b.weight / total / width;
        }
    }
    p
}

/// The deterministic model: state `N[a][g]` over single-year ages `a` and groups
/// `g ∈ {with, without}`; each year, in this order (SPEC §4):
///
/// 1. non-retirement exits: `N[a][g] ×= (1 − s_g)`;
/// 2. ageing: `N[a+1][g] ← N[a][g]`, age 0 empty; whoever's new age is ≥ R leaves (someone aged
///    R − 1 turns R and leaves; someone already R or older in the initial state — working
///    beyond the retirement age — leaves in the first year);
/// 3. target headcount `T(t+1) = T(t)·(1 + growth)`, `T(start) =` initial headcount;
/// 4. hires `H = max(0, T(t+1) − headcount)`, `h·H` with and `(1−h)·H` without migration
///    history, spread over ages by the hiring profile; nobody is dismissed when headcount
///    exceeds the target.
///
/// Headcount is positive in every year: year 0 by validation, later years because step 4
/// lifts it to at least `T(t) > 0`.
#[derive(Debug, Clone)]
pub struct DeterministicModel {
    start_year: u16,
    horizon: u16,
    retirement_age: usize,
    growth: f64,
    /// 1 − s_with, 1 − s_without.
    keep_with: f64,
    keep_without: f64,
    hire_share: f64,
    target: Target,
    profile: Vec<f64>,
    init_with: Vec<f64>,
    init_without: Vec<f64>,
    /// Σ with and Σ (with + without) over the initial bands, summed band by band (not from
    /// the spread ages, so year 0 reproduces the input exactly).
    init_with_total: f64,
    init_total: f64,
}

impl DeterministicModel {
    /// Validates the scenario; `initial` must be present (filled in by the service).
    pub fn new(s: &Scenario) -> Result<Self, ScenarioError> {
        s.validate()?;
        let initial = s.initial.as_deref().ok_or(ScenarioError::MissingInitial)?;
        let len = age_axis(s, initial);
        let (init_with, init_without) = spread_bands(initial, len);
        let init_with_total: f64 = initial.iter().map(|b| b.with).sum();
        let init_total = init_with_total + initial.iter().map(|b| b.without).sum::<f64>();
        Ok(DeterministicModel {
            start_year: s.start_year.get(),
            horizon: s.horizon,
            retirement_age: usize::from(s.retirement_age),
            growth: s.headcount_growth,
            keep_with: 1.0 - s.attrition.with,
            keep_without: 1.0 - s.attrition.without,
            hire_share: s.hire_share,
            target: s.target,
            profile: hire_profile(s),
            init_with,
            init_without,
            init_with_total,
            init_total,
        })
    }

    pub fn start_year(&self) -> u16 {
        self.start_year
    }
    pub fn horizon(&self) -> u16 {
        self.horizon
    }
    pub fn hire_share(&self) -> f64 {
        self.hire_share
    }
    pub fn growth(&self) -> f64 {
        self.growth
    }
    /// T(start): the initial headcount.
    pub fn initial_headcount(&self) -> f64 {
        self.init_total
    }

    /// target(t) = target.share + trend·t for `t` years after the start, clipped to [0, 1].
    pub fn target(&self, t: usize) -> f64 {
        (self.target.share + self.target.trend_per_year * t as f64).clamp(0.0, 1.0)
    }

    /// The scenario's path over its horizon.
    pub fn path(&self) -> Trajectory {
        self.path_with(self.hire_share, self.growth, usize::from(self.horizon))
    }

    /// The path over `years` years with hire share `hire_share` and growth `growth` instead
    /// of the scenario's (everything else as in the scenario).
    pub fn path_with(&self, hire_share: f64, growth: f64, years: usize) -> Trajectory {
        let mut path = Trajectory {
            start_year: self.start_year,
            headcount: Vec::with_capacity(years + 1),
            with: Vec::with_capacity(years + 1),
        };
        self.simulate(hire_share, growth, years, |_, headcount, with| {
            path.headcount.push(headcount);
            path.with.push(with);
        });
        path
    }

    /// share after `years` years with hire share `hire_share` and growth `growth` (no path kept).
    pub fn share_after(&self, hire_share: f64, growth: f64, years: usize) -> f64 {
        let mut last = (1.0, 0.0);
        self.simulate(hire_share, growth, years, |_, headcount, with| {
            last = (headcount, with);
        });
        last.1 / last.0
    }

    /// Runs steps 1–4 for `years` years; `visit(t, headcount, with)` for `t = 0..=years`.
    fn simulate(&self, h: f64, growth: f64, years: usize, mut visit: impl FnMut(usize, f64, f64)) {
        let mut with = self.init_with.clone();
        let mut without = self.init_without.clone();
        let len = with.len();
        let r = self.retirement_age;
        let mut target = self.init_total;
        visit(0, target, self.init_with_total);
        for t in 1..=years {
            // (1) Non-retirement exits.
            for x in &mut with {
                *x *= self.keep_with;
            }
            for x in &mut without {
                *x *= self.keep_without;
            }
            // (2) Ageing; new age ≥ R leaves.
            for v in [&mut with, &mut without] {
                v.copy_within(0..len - 1, 1);
                v[0] = 0.0;
                v[r..].fill(0.0);
            }
            // (3) Target headcount.
            target *= 1.0 + growth;
            // (4) Hires up to the target, none dismissed above it.
            let remaining: f64 = with.iter().sum::<f64>() + without.iter().sum::<f64>();
            let hires = (target - remaining).max(0.0);
            let (hire_with, hire_without) = (h * hires, (1.0 - h) * hires);
            for (a, &p) in self.profile.iter().enumerate() {
                with[a] += hire_with * p;
                without[a] += hire_without * p;
            }
            let w: f64 = with.iter().sum();
            visit(t, w + without.iter().sum::<f64>(), w);
        }
    }
}

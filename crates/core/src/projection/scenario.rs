//! The scenario of a projection: what the CLI reads from TOML and the web saves as JSON.

use crate::dims::{Ags, Wave, Year};
use abbild_i18n::{Described, Message};
use serde::{Deserialize, Serialize};

/// SPEC §4: the default retirement age R.
pub const DEFAULT_RETIREMENT_AGE: u8 = 67;
/// Youngest age a hiring profile may start at.
pub const MIN_HIRE_AGE: u8 = 15;
/// Oldest age an initial band may reach ([`crate::AgeBand::MAX_AGE`]).
pub const MAX_AGE: u8 = crate::AgeBand::MAX_AGE;

fn default_retirement_age() -> u8 {
    DEFAULT_RETIREMENT_AGE
}

/// A projection scenario (SPEC §4 "Projection"). All rates are per year.
///
/// `initial` may be absent: then `city` and `wave` name the database state the service fills
/// it from (headcount by age from the staff file, shares by age band from the survey).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Year 0 of the projection: the year of the initial state.
    pub start_year: Year,
    /// Number of projected years (1..=100); outputs run from `start_year` to `start_year + horizon`.
    pub horizon: u16,
    /// R: who reaches this age (integer age after the yearly ageing step) leaves (50..=75).
    #[serde(default = "default_retirement_age")]
    pub retirement_age: u8,
    /// Yearly growth of the target headcount, in (−0.5, 0.5); e.g. −0.01 = −1 %/year.
    #[serde(default)]
    pub headcount_growth: f64,
    /// Yearly non-retirement exit rates s_g per group, each in [0, 1).
    pub attrition: Attrition,
    /// h: share of hires with migration history, in [0, 1].
    pub hire_share: f64,
    /// Ages of hires: non-overlapping bands within 15..retirement_age with positive weights.
    pub hire_age_profile: Vec<HireBand>,
    /// The target share and its yearly trend.
    pub target: Target,
    /// Year Y for `required_hire_share`; default `start_year + horizon`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_by: Option<Year>,
    /// Initial state by age band; absent = filled by the service from `city` and `wave`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial: Option<Vec<InitialBand>>,
    /// City whose staff and survey give the initial state when `initial` is absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<Ags>,
    /// Survey wave for the shares by age band when `initial` is absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wave: Option<Wave>,
}

/// Yearly non-retirement exit rates by group.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attrition {
    pub with: f64,
    pub without: f64,
}

/// `target(t) = share + trend_per_year · (t − start_year)`, clipped to [0, 1].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub share: f64,
    #[serde(default)]
    pub trend_per_year: f64,
}

/// One band of the hiring age profile: hires are spread uniformly over its ages by weight.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HireBand {
    pub age_from: u8,
    pub age_to: u8,
    pub weight: f64,
}

/// One band of the initial state: persons with and without migration history (may be
/// fractional, e.g. headcount × estimated share), spread uniformly over its ages.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InitialBand {
    pub age_from: u8,
    pub age_to: u8,
    pub with: f64,
    pub without: f64,
}

/// Why a scenario cannot be projected. Messages are German, keys are the scenario's English
/// key names (`attrition.with`, `hire_age_profile[1].weight`, …).
#[derive(Debug, Clone, PartialEq)]
pub enum ScenarioError {
    Invalid {
        key: String,
        value: String,
        expected: Message,
    },
    Overlap {
        key: &'static str,
        a: String,
        b: String,
    },
    EmptyProfile,
    EmptyInitial,
    NoInitialSource,
    MissingInitial,
    TooLarge {
        headcount: f64,
        year: u32,
        max: u64,
    },
}

impl Described for ScenarioError {
    fn message(&self) -> Message {
        match self {
            ScenarioError::Invalid {
                key,
                value,
                expected,
            } => Message::new("err-scenario-invalid")
                .with("key", key)
                .with("value", value)
                .nested("expected", expected.clone()),
            ScenarioError::Overlap { key, a, b } => Message::new("err-scenario-overlap")
                .with("key", key)
                .with("a", a)
                .with("b", b),
            ScenarioError::EmptyProfile => Message::new("err-scenario-empty-profile"),
            ScenarioError::EmptyInitial => Message::new("err-scenario-empty-initial"),
            ScenarioError::NoInitialSource => Message::new("err-scenario-no-initial-source"),
            ScenarioError::MissingInitial => Message::new("err-scenario-missing-initial"),
            ScenarioError::TooLarge {
                headcount,
                year,
                max,
            } => Message::new("err-scenario-too-large")
                .with("headcount", format!("{headcount:.0}"))
                .with("year", year)
                .with("max", max),
        }
    }
}
abbild_i18n::described_error!(ScenarioError);

fn invalid(key: impl Into<String>, value: impl ToString, expected: Message) -> ScenarioError {
    ScenarioError::Invalid {
        key: key.into(),
        value: value.to_string(),
        expected,
    }
}

fn between(min: u32, max: u32) -> Message {
    Message::new("exp-between")
        .with("min", min)
        .with("max", max)
}

fn within(range: &str) -> Message {
    Message::new("exp-within").with("range", range)
}

fn band(from: u8, to: u8) -> String {
    format!("{from}–{to}")
}

/// Sorted by `age_from`; the first pair of neighbours that overlaps.
fn first_overlap(mut bands: Vec<(u8, u8)>) -> Option<((u8, u8), (u8, u8))> {
    bands.sort_unstable();
    bands
        .windows(2)
        .find(|w| w[1].0 <= w[0].1)
        .map(|w| (w[0], w[1]))
}

impl Scenario {
    /// The year for `required_hire_share`: `required_by`, or the last projected year.
    pub fn required_year(&self) -> Year {
        self.required_by
            .or_else(|| Year::new(self.start_year.get().saturating_add(self.horizon)))
            .unwrap_or(self.start_year)
    }

    /// Checks every key; the first problem found, in the order of the keys above.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        match self.problems().into_iter().next() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// All problems of the scenario (empty = valid), e.g. for a web form.
    pub fn problems(&self) -> Vec<ScenarioError> {
        let mut out = Vec::new();
        let start = self.start_year.get();
        if Year::new(start).is_none() {
            out.push(invalid("start_year", start, between(1950, 2200)));
        }
        if !(1..=100).contains(&self.horizon) {
            out.push(invalid("horizon", self.horizon, between(1, 100)));
        } else if u32::from(start) + u32::from(self.horizon) > 2200 {
            out.push(invalid(
                "horizon",
                self.horizon,
                Message::new("exp-horizon-after")
                    .with("end", u32::from(start) + u32::from(self.horizon)),
            ));
        }
        let r = self.retirement_age;
        let r_ok = (50..=75).contains(&r);
        if !r_ok {
            out.push(invalid("retirement_age", r, between(50, 75)));
        }
        let g = self.headcount_growth;
        if !(g > -0.5 && g < 0.5) {
            out.push(invalid("headcount_growth", g, within("(-0.5, 0.5)")));
        }
        for (key, s) in [
            ("attrition.with", self.attrition.with),
            ("attrition.without", self.attrition.without),
        ] {
            if !(0.0..1.0).contains(&s) {
                out.push(invalid(key, s, within("[0, 1)")));
            }
        }
        if !(0.0..=1.0).contains(&self.hire_share) {
            out.push(invalid("hire_share", self.hire_share, within("[0, 1]")));
        }
        self.check_profile(r_ok, &mut out);
        let t = self.target;
        if !(0.0..=1.0).contains(&t.share) {
            out.push(invalid("target.share", t.share, within("[0, 1]")));
        }
        if !(-1.0..=1.0).contains(&t.trend_per_year) {
            out.push(invalid(
                "target.trend_per_year",
                t.trend_per_year,
                within("[-1, 1]"),
            ));
        }
        if let Some(y) = self.required_by {
            let end = u32::from(start) + u32::from(self.horizon);
            if !(u32::from(start)..=end).contains(&u32::from(y.get())) {
                out.push(invalid(
                    "required_by",
                    y,
                    Message::new("exp-required-by")
                        .with("start", start)
                        .with("end", end),
                ));
            }
        }
        match &self.initial {
            Some(bands) => check_initial(bands, &mut out),
            None if self.city.is_none() || self.wave.is_none() => {
                out.push(ScenarioError::NoInitialSource)
            }
            None => {}
        }
        out
    }

    fn check_profile(&self, r_ok: bool, out: &mut Vec<ScenarioError>) {
        if self.hire_age_profile.is_empty() {
            out.push(ScenarioError::EmptyProfile);
            return;
        }
        let r = self.retirement_age;
        for (i, b) in self.hire_age_profile.iter().enumerate() {
            let inside =
                b.age_from >= MIN_HIRE_AGE && b.age_from <= b.age_to && (!r_ok || b.age_to < r);
            if !inside {
                out.push(invalid(
                    format!("hire_age_profile[{i}]"),
                    band(b.age_from, b.age_to),
                    Message::new("exp-hire-band")
                        .with("min", MIN_HIRE_AGE)
                        .with("max", r.saturating_sub(1)),
                ));
            }
            if !(b.weight > 0.0 && b.weight.is_finite()) {
                out.push(invalid(
                    format!("hire_age_profile[{i}].weight"),
                    b.weight,
                    Message::new("exp-positive-finite"),
                ));
            }
        }
        let bands = self
            .hire_age_profile
            .iter()
            .map(|b| (b.age_from, b.age_to))
            .collect();
        if let Some((a, b)) = first_overlap(bands) {
            out.push(ScenarioError::Overlap {
                key: "hire_age_profile",
                a: band(a.0, a.1),
                b: band(b.0, b.1),
            });
        }
    }
}

fn check_initial(bands: &[InitialBand], out: &mut Vec<ScenarioError>) {
    let mut total = 0.0;
    let mut values_ok = true;
    for (i, b) in bands.iter().enumerate() {
        if b.age_from > b.age_to || b.age_to > MAX_AGE {
            out.push(invalid(
                format!("initial[{i}]"),
                band(b.age_from, b.age_to),
                Message::new("exp-initial-band").with("max", MAX_AGE),
            ));
        }
        for (what, v) in [("with", b.with), ("without", b.without)] {
            if !(v >= 0.0 && v.is_finite()) {
                values_ok = false;
                out.push(invalid(
                    format!("initial[{i}].{what}"),
                    v,
                    Message::new("exp-finite-nonneg"),
                ));
            } else {
                total += v;
            }
        }
    }
    if let Some((a, b)) = first_overlap(bands.iter().map(|b| (b.age_from, b.age_to)).collect()) {
        out.push(ScenarioError::Overlap {
            key: "initial",
            a: band(a.0, a.1),
            b: band(b.0, b.1),
        });
    }
    if values_ok && !(total > 0.0 && total.is_finite()) {
        out.push(ScenarioError::EmptyInitial);
    }
}

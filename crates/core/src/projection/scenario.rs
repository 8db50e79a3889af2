//! The scenario of a projection: what the CLI reads from TOML and the web saves as JSON.

use crate::dims::{Ags, Wave, Year};
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
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScenarioError {
    #[error("{key} = {value}: {expected}")]
    Invalid {
        key: String,
        value: String,
        expected: String,
    },
    #[error("{key}: Altersbänder {a} und {b} überschneiden sich")]
    Overlap {
        key: &'static str,
        a: String,
        b: String,
    },
    #[error("hire_age_profile ist leer: mindestens ein Altersband mit Gewicht > 0 nötig")]
    EmptyProfile,
    #[error("initial: Anfangsbestand ist 0 Personen; mindestens eine Person nötig")]
    EmptyInitial,
    #[error("initial fehlt: Anfangsbestand als initial = [...] angeben oder city und wave für die Datenbank")]
    NoInitialSource,
    #[error("initial fehlt: der Anfangsbestand muss vor der Projektion aus der Datenbank ergänzt werden (city, wave)")]
    MissingInitial,
    #[error(
        "Zielbestand {headcount:.0} im Jahr {year} ist für die Monte-Carlo-Simulation zu groß \
         (höchstens {max}); headcount_growth oder horizon verkleinern"
    )]
    TooLarge { headcount: f64, year: u32, max: u64 },
}

fn invalid(
    key: impl Into<String>,
    value: impl ToString,
    expected: impl Into<String>,
) -> ScenarioError {
    ScenarioError::Invalid {
        key: key.into(),
        value: value.to_string(),
        expected: expected.into(),
    }
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
            out.push(invalid(
                "start_year",
                start,
                "muss zwischen 1950 und 2200 liegen",
            ));
        }
        if !(1..=100).contains(&self.horizon) {
            out.push(invalid(
                "horizon",
                self.horizon,
                "muss zwischen 1 und 100 liegen",
            ));
        } else if u32::from(start) + u32::from(self.horizon) > 2200 {
            out.push(invalid(
                "horizon",
                self.horizon,
                format!(
                    "start_year + horizon = {} liegt nach 2200",
                    u32::from(start) + u32::from(self.horizon)
                ),
            ));
        }
        let r = self.retirement_age;
        let r_ok = (50..=75).contains(&r);
        if !r_ok {
            out.push(invalid(
                "retirement_age",
                r,
                "muss zwischen 50 und 75 liegen",
            ));
        }
        let g = self.headcount_growth;
        if !(g > -0.5 && g < 0.5) {
            out.push(invalid("headcount_growth", g, "muss in (-0.5, 0.5) liegen"));
        }
        for (key, s) in [
            ("attrition.with", self.attrition.with),
            ("attrition.without", self.attrition.without),
        ] {
            if !(0.0..1.0).contains(&s) {
                out.push(invalid(key, s, "muss in [0, 1) liegen"));
            }
        }
        if !(0.0..=1.0).contains(&self.hire_share) {
            out.push(invalid(
                "hire_share",
                self.hire_share,
                "muss in [0, 1] liegen",
            ));
        }
        self.check_profile(r_ok, &mut out);
        let t = self.target;
        if !(0.0..=1.0).contains(&t.share) {
            out.push(invalid("target.share", t.share, "muss in [0, 1] liegen"));
        }
        if !(-1.0..=1.0).contains(&t.trend_per_year) {
            out.push(invalid(
                "target.trend_per_year",
                t.trend_per_year,
                "muss in [-1, 1] liegen",
            ));
        }
        if let Some(y) = self.required_by {
            let end = u32::from(start) + u32::from(self.horizon);
            if !(u32::from(start)..=end).contains(&u32::from(y.get())) {
                out.push(invalid(
                    "required_by",
                    y,
                    format!("muss zwischen start_year = {start} und start_year + horizon = {end} liegen"),
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
                    format!(
                        "Altersband muss innerhalb von {MIN_HIRE_AGE} bis retirement_age − 1 = {} liegen (age_from ≤ age_to)",
                        r.saturating_sub(1)
                    ),
                ));
            }
            if !(b.weight > 0.0 && b.weight.is_finite()) {
                out.push(invalid(
                    format!("hire_age_profile[{i}].weight"),
                    b.weight,
                    "muss positiv und endlich sein",
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
                format!("Altersband mit 0 ≤ age_from ≤ age_to ≤ {MAX_AGE} erwartet"),
            ));
        }
        for (what, v) in [("with", b.with), ("without", b.without)] {
            if !(v >= 0.0 && v.is_finite()) {
                values_ok = false;
                out.push(invalid(
                    format!("initial[{i}].{what}"),
                    v,
                    "muss eine endliche Zahl ≥ 0 sein",
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

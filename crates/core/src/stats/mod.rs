//! Statistics of SPEC §4: interval estimates for a share, the stratified city estimate, and
//! the two-group comparisons of the pipeline and retention (Fisher's exact test, relative
//! risk with the Katz interval).
//!
//! Implemented here rather than taken from a crate because the set is small, the formulas
//! are exact in the SPEC, and the values are checked against scipy/statsmodels fixtures
//! (`crates/core/tests/fixtures`). Special functions live in [`special`].

pub mod fisher;
pub mod interval;
pub mod relative_risk;
pub mod special;
pub mod stratified;

pub use fisher::{fisher_exact, FisherExact};
pub use interval::{Interval, IntervalMethod};
pub use relative_risk::{finite, relative_risk, RelativeRisk};
pub use stratified::{stratified, StratifiedEstimate, Stratum};

use crate::ParseError;
use serde::{Serialize, Serializer};
use std::fmt;

/// Confidence level strictly between 0 and 1 (e.g. 0.95).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Confidence(f64);

impl Confidence {
    pub const DEFAULT: Confidence = Confidence(0.95);
    pub fn new(v: f64) -> Option<Self> {
        (v > 0.0 && v < 1.0 && v.is_finite()).then_some(Confidence(v))
    }
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let t = raw.trim().replace(',', ".");
        let v = t.strip_suffix('%').map_or_else(
            || t.parse::<f64>(),
            |p| p.trim().parse::<f64>().map(|x| x / 100.0),
        );
        v.ok()
            .and_then(Confidence::new)
            .ok_or_else(|| ParseError::new(raw, abbild_i18n::Message::new("exp-confidence")))
    }
    pub fn get(self) -> f64 {
        self.0
    }
    /// Two-sided normal quantile z = Φ⁻¹(1 − α/2).
    pub fn z(self) -> f64 {
        special::normal_quantile(1.0 - (1.0 - self.0) / 2.0)
    }
}

impl Default for Confidence {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl fmt::Display for Confidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Serialize for Confidence {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.0)
    }
}

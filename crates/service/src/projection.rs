//! Projection to parity (SPEC §4): fill a scenario's initial state from the database, run
//! the model, and keep a city's saved scenarios.
//!
//! The initial state comes from the *protected* age view of the city's survey wave: the
//! staff headcount per age band (HR figures, not survey counts) times the published share
//! with migration history. A band whose share is withheld gets the city's published overall
//! share; nothing withheld ever enters the projection, so its output reveals nothing the
//! age view does not.

use crate::ServiceError;
use abbild_core::access::CityRead;
use abbild_core::disclosure::Released;
use abbild_core::projection::{
    self, Attrition, HireBand, InitialBand, MonteCarloOptions, Projection, Scenario, Target,
};
use abbild_core::representation::RepresentationReport;
use abbild_core::{Ags, Dim, DimSet, FieldCatalog, Wave, Year};
use abbild_i18n::Described;
use abbild_store::Store;

/// Where each band's share came from, for the page and the report.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct InitialState {
    pub wave: Wave,
    pub bands: Vec<InitialBand>,
    /// Age bands that took the city's overall share because their own was withheld.
    pub filled_from_overall: Vec<String>,
    pub headcount: f64,
    pub share: f64,
}

/// The initial state of `cap`'s city from its protected age view of `wave` (default: the
/// latest wave).
pub async fn initial_from_db<S: Store + abbild_store::Releases>(
    store: &S,
    cap: &CityRead,
    wave: Option<Wave>,
    catalog: &FieldCatalog,
    channel: crate::releases::Channel,
) -> Result<InitialState, ServiceError> {
    let by = DimSet::EMPTY.with(Dim::Age);
    let rel = crate::scoped::city_representation(store, cap, by, wave, catalog, channel).await?;
    initial_from_report(&rel, cap.ags())
}

/// The initial state from a city's protected age view (`by = age`), e.g. one the web app
/// already holds in its cache.
pub fn initial_from_report(
    rel: &Released<RepresentationReport>,
    ags: abbild_core::Ags,
) -> Result<InitialState, ServiceError> {
    let city = rel.body().cities.first().ok_or_else(|| {
        ServiceError::Input(abbild_i18n::Message::new("err-projection-no-survey").with("ags", ags))
    })?;
    let overall = city.overall.metrics.share.ok_or_else(|| {
        ServiceError::Input(abbild_i18n::Message::new("err-projection-share-withheld"))
    })?;
    let mut bands = Vec::new();
    let mut filled = Vec::new();
    for s in &city.segments {
        let Some((_, code)) = s.key.0.iter().find(|(d, _)| *d == Dim::Age) else {
            continue;
        };
        let Some((from, to)) = code.split_once('-') else {
            continue; // respondents without an age band: not a band of the state
        };
        let (Ok(from), Ok(to)) = (from.parse::<u8>(), to.parse::<u8>()) else {
            continue;
        };
        let share = match s.metrics.share {
            Some(p) => p,
            None => {
                filled.push(code.clone());
                overall
            }
        };
        let n = s.metrics.headcount as f64;
        bands.push(InitialBand {
            age_from: from,
            age_to: to,
            with: n * share,
            without: n * (1.0 - share),
        });
    }
    if bands.is_empty() {
        return Err(ServiceError::Input(abbild_i18n::Message::new(
            "err-projection-no-age-bands",
        )));
    }
    let headcount: f64 = bands.iter().map(|b| b.with + b.without).sum();
    let with: f64 = bands.iter().map(|b| b.with).sum();
    Ok(InitialState {
        wave: city.wave,
        bands,
        filled_from_overall: filled,
        headcount,
        share: if headcount > 0.0 {
            with / headcount
        } else {
            0.0
        },
    })
}

/// Where new staff start: mostly after training or university, some later.
pub fn default_hire_profile() -> Vec<HireBand> {
    vec![
        HireBand {
            age_from: 18,
            age_to: 29,
            weight: 0.6,
        },
        HireBand {
            age_from: 30,
            age_to: 44,
            weight: 0.3,
        },
        HireBand {
            age_from: 45,
            age_to: 59,
            weight: 0.1,
        },
    ]
}

/// The scenario a city gets when it saved none (the scenario page's starting values): 1 %
/// fewer staff a year, hires with today's share, 5 % exits a year in both groups, retirement
/// at 67, 30 years, target `target` (the age-standardised benchmark).
pub fn default_scenario(
    initial: &InitialState,
    city: Ags,
    target: f64,
) -> Result<Scenario, ServiceError> {
    let start_year = Year::new(initial.wave.get()).ok_or_else(|| {
        ServiceError::Input(
            abbild_i18n::Message::new("err-wave-not-year").with("wave", initial.wave),
        )
    })?;
    Ok(Scenario {
        start_year,
        horizon: 30,
        retirement_age: 67,
        headcount_growth: -0.01,
        attrition: Attrition {
            with: 0.05,
            without: 0.05,
        },
        hire_share: initial.share.clamp(0.0, 1.0),
        hire_age_profile: default_hire_profile(),
        target: Target {
            share: target,
            trend_per_year: 0.0,
        },
        required_by: None,
        initial: Some(initial.bands.clone()),
        city: Some(city),
        wave: Some(initial.wave),
    })
}

/// Runs a scenario whose initial state is filled in (see [`initial_from_db`]).
pub fn run(scenario: &Scenario, mc: &MonteCarloOptions) -> Result<Projection, ServiceError> {
    projection::project(scenario, mc).map_err(|e| ServiceError::Input(e.message()))
}

/// Parses a scenario file (TOML) with a message that names the file and the key.
pub fn parse_toml(name: &str, text: &str) -> Result<Scenario, ServiceError> {
    let s: Scenario = toml::from_str(text).map_err(|e| {
        ServiceError::Input(
            abbild_i18n::Message::new("err-scenario-toml")
                .with("file", name)
                .with("detail", e.to_string().trim_end()),
        )
    })?;
    let problems: Vec<abbild_i18n::Message> = s.problems().iter().map(|p| p.message()).collect();
    if !problems.is_empty() {
        return Err(ServiceError::Input(
            abbild_i18n::Message::new("err-with-file")
                .with("file", name)
                .joined("cause", problems),
        ));
    }
    Ok(s)
}

//! What the report is made of: protected results per city, gathered by the service layer.
//!
//! Everything about persons arrives as [`Released`]; the projection is a model run whose
//! initial state comes from a released age view (see `abbild_export::projection`).

use abbild_core::disclosure::Released;
use abbild_core::pipeline::PipelineReport;
use abbild_core::projection::{Projection, Scenario};
use abbild_core::representation::RepresentationReport;
use abbild_core::retention::RetentionReport;
use abbild_core::{Ags, Year};

/// Whom the report is for: the whole region (coordinator) or one city (its analyst).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Region,
    City(Ags),
}

/// The representation views of one city and wave, each protected as the web pages are.
#[derive(Debug, Clone, Default)]
pub struct Views {
    /// Field × level; its overall row is the city's headline figure.
    pub fields: Option<Released<RepresentationReport>>,
    pub age: Option<Released<RepresentationReport>>,
    pub status: Option<Released<RepresentationReport>>,
    pub leadership: Option<Released<RepresentationReport>>,
}

/// The projection shown for a city: a saved scenario or the default one.
#[derive(Debug, Clone)]
pub struct ProjectionInput {
    /// Name of the saved scenario; `None`: the default scenario.
    pub saved_as: Option<String>,
    pub scenario: Scenario,
    pub result: Projection,
}

/// Everything about one city.
#[derive(Debug, Clone)]
pub struct CityInputs {
    pub ags: Ags,
    pub name: String,
    /// The views of the report year's wave.
    pub views: Views,
    /// Field × level of every wave up to the report year, ascending (the trend), the report
    /// year's wave included.
    pub trend: Vec<Released<RepresentationReport>>,
    /// Pipeline of the report year, pooled over occupations.
    pub pipeline: Option<Released<PipelineReport>>,
    /// Exits of the report year, by reason.
    pub retention: Option<Released<RetentionReport>>,
    pub projection: Option<ProjectionInput>,
    /// Why a part is missing (no data, too few answers …), in the edition's language.
    pub gaps: Vec<String>,
}

/// The whole input of [`crate::build`].
#[derive(Debug, Clone)]
pub struct Inputs {
    pub year: Year,
    pub scope: Scope,
    /// Cities ordered by AGS.
    pub cities: Vec<CityInputs>,
}

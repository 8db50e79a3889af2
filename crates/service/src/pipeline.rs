//! Apprentice pipeline and retention (SPEC §4): load, analyse, protect. Files (CLI) and the
//! database (CLI, web) take the same path from records to a [`Released`] report.

use crate::ServiceError;
use abbild_core::access::{CityRead, RegionRead};
use abbild_core::disclosure::{protect_pipeline, protect_retention, Released};
use abbild_core::pipeline::{self, PipelineOptions, PipelineReport, Pool};
use abbild_core::records::{ExitRecord, PipelineRecord, PopulationRecord};
use abbild_core::retention::{self, RetentionOptions, RetentionReport};
use abbild_core::sdc;
use abbild_core::stats::Confidence;
use abbild_core::{Ags, Definition, DimSet, FieldCatalog, Year};
use abbild_i18n::Described;
use abbild_store::Store;
use std::collections::{BTreeMap, BTreeSet};

/// What to compute; the threshold `k` of the protection step comes with it.
#[derive(Debug, Clone, Copy)]
pub struct PipelineRequest {
    pub pool: Pool,
    pub confidence: Confidence,
    pub k: u64,
}

impl Default for PipelineRequest {
    fn default() -> Self {
        PipelineRequest {
            pool: Pool::None,
            confidence: Confidence::default(),
            k: crate::scoped::K,
        }
    }
}

/// The outreach benchmark (share with migration history among residents aged 15–24) per
/// city and pipeline year, from whichever population rows fit (SPEC §4). Cities or years
/// without usable rows get none; the report then shows no benchmark, not a wrong one.
pub fn outreach(
    records: &[PipelineRecord],
    population: &[PopulationRecord],
) -> BTreeMap<(Ags, Year), f64> {
    let keys: BTreeSet<(Ags, Year)> = records.iter().map(|r| (r.ags, r.year)).collect();
    let mut out = BTreeMap::new();
    for (ags, year) in keys {
        // The definition the city's benchmark rows use; EG first, as the contract counts it.
        let defs: BTreeSet<Definition> = population
            .iter()
            .filter(|p| p.ags == ags)
            .map(|p| p.definition)
            .collect();
        let preferred = [Definition::Eg, Definition::EgNrw, Definition::Mh];
        for d in preferred.into_iter().filter(|d| defs.contains(d)) {
            if let Ok(b) = pipeline::youth_benchmark(population, ags, year, d) {
                out.insert((ags, year), b.share);
                break;
            }
        }
    }
    out
}

/// Analyses and protects pipeline records (one or many cities).
pub fn pipeline_from_records(
    records: &[PipelineRecord],
    population: &[PopulationRecord],
    req: &PipelineRequest,
) -> Result<Released<PipelineReport>, ServiceError> {
    let opts = PipelineOptions {
        pool: req.pool,
        confidence: req.confidence,
        outreach: outreach(records, population),
    };
    let report = pipeline::build(records, &opts).map_err(|e| ServiceError::Input(e.message()))?;
    Ok(protect_pipeline(report, &sdc::Config::with_k(req.k))?)
}

/// Analyses and protects exit records.
pub fn retention_from_records(
    records: &[ExitRecord],
    by: DimSet,
    confidence: Confidence,
    k: u64,
    catalog: &FieldCatalog,
) -> Result<Released<RetentionReport>, ServiceError> {
    let opts = RetentionOptions { by, confidence };
    let report =
        retention::build(records, &opts, catalog).map_err(|e| ServiceError::Input(e.message()))?;
    Ok(protect_retention(report, &sdc::Config::with_k(k))?)
}

async fn city_inputs<S: Store>(
    store: &S,
    ags: Ags,
) -> Result<(Vec<PipelineRecord>, Vec<PopulationRecord>), ServiceError> {
    let records = store.pipeline_records(ags).await?;
    let population = store.population(ags, None).await?;
    Ok((records, population))
}

/// The city's pipeline, protected. `Ok(None)`: the city has no pipeline data.
pub async fn city_pipeline<S: Store>(
    store: &S,
    cap: &CityRead,
    req: &PipelineRequest,
) -> Result<Option<Released<PipelineReport>>, ServiceError> {
    let (records, population) = city_inputs(store, cap.ags()).await?;
    if records.is_empty() {
        return Ok(None);
    }
    pipeline_from_records(&records, &population, req).map(Some)
}

/// Every city's pipeline, protected together (the coordinator's view).
pub async fn region_pipeline<S: Store>(
    store: &S,
    _cap: &RegionRead,
    req: &PipelineRequest,
) -> Result<Released<PipelineReport>, ServiceError> {
    let mut records = Vec::new();
    let mut population = Vec::new();
    for ags in store.cities().await? {
        let (r, p) = city_inputs(store, ags).await?;
        records.extend(r);
        population.extend(p);
    }
    pipeline_from_records(&records, &population, req)
}

/// The city's retention, protected. `Ok(None)`: the city has no exits data.
pub async fn city_retention<S: Store>(
    store: &S,
    cap: &CityRead,
    by: DimSet,
    confidence: Confidence,
    catalog: &FieldCatalog,
) -> Result<Option<Released<RetentionReport>>, ServiceError> {
    let records = store.exit_records(cap.ags()).await?;
    if records.is_empty() {
        return Ok(None);
    }
    retention_from_records(&records, by, confidence, crate::scoped::K, catalog).map(Some)
}

/// Every city's retention, protected (CLI `--db` without `--ags`, coordinator).
pub async fn region_retention<S: Store>(
    store: &S,
    _cap: &RegionRead,
    by: DimSet,
    confidence: Confidence,
    catalog: &FieldCatalog,
) -> Result<Released<RetentionReport>, ServiceError> {
    let mut records = Vec::new();
    for ags in store.cities().await? {
        records.extend(store.exit_records(ags).await?);
    }
    retention_from_records(&records, by, confidence, crate::scoped::K, catalog)
}

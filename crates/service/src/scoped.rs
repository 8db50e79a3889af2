//! Use cases behind a capability. The web application and the API reach city data only
//! through these functions, and each takes the capability (`CityRead`, `CityWrite`,
//! `RegionRead`) that `abbild_core::access` hands out per role and city; what they return has
//! passed the disclosure-control gate.

use crate::analyze::{representation_from_db, Request};
use crate::releases::{protect_recorded, Channel};
use crate::ServiceError;
use abbild_core::access::{CityRead, CityWrite, RegionRead};
use abbild_core::disclosure::Released;
use abbild_core::representation::RepresentationReport;
use abbild_core::stats::{Confidence, IntervalMethod};
use abbild_core::{sdc, DimSet, FieldCatalog, Wave, Year};
use abbild_store::{Accounts, ImportId, ImportInfo, Releases, Store};
use std::collections::BTreeMap;

/// Threshold of the web application's tables (SPEC §5 default).
pub const K: u64 = 5;

fn request(
    by: DimSet,
    year: Option<Year>,
    wave: Option<Wave>,
    cities: Vec<abbild_core::Ags>,
) -> Request {
    Request {
        by,
        definition: None,
        interval: IntervalMethod::WilsonFpc,
        confidence: Confidence::DEFAULT,
        year,
        wave,
        city_waves: Default::default(),
        cities,
    }
}

/// One city's representation by `by`, protected given every earlier release of the same
/// data and recorded (the latest staff year).
pub async fn city_representation<S: Store + Releases>(
    store: &S,
    cap: &CityRead,
    by: DimSet,
    wave: Option<Wave>,
    catalog: &FieldCatalog,
    channel: Channel,
) -> Result<Released<RepresentationReport>, ServiceError> {
    city_representation_in(store, cap, by, None, wave, catalog, channel).await
}

/// [`city_representation`] for a given staff year (`None`: the latest), as the report needs.
pub async fn city_representation_in<S: Store + Releases>(
    store: &S,
    cap: &CityRead,
    by: DimSet,
    year: Option<Year>,
    wave: Option<Wave>,
    catalog: &FieldCatalog,
    channel: Channel,
) -> Result<Released<RepresentationReport>, ServiceError> {
    let report =
        representation_from_db(store, &request(by, year, wave, vec![cap.ags()]), catalog).await?;
    protect_recorded(store, report, &sdc::Config::with_k(K), catalog, channel).await
}

/// Every city's representation by `by`, each city's table protected given its earlier
/// releases and recorded.
pub async fn region_representation<S: Store + Releases>(
    store: &S,
    cap: &RegionRead,
    by: DimSet,
    catalog: &FieldCatalog,
    channel: Channel,
) -> Result<Released<RepresentationReport>, ServiceError> {
    region_representation_of(store, cap, by, &BTreeMap::new(), catalog, channel).await
}

/// [`region_representation`] with a chosen wave for some cities (the others: their latest).
pub async fn region_representation_of<S: Store + Releases>(
    store: &S,
    _cap: &RegionRead,
    by: DimSet,
    waves: &BTreeMap<abbild_core::Ags, Wave>,
    catalog: &FieldCatalog,
    channel: Channel,
) -> Result<Released<RepresentationReport>, ServiceError> {
    let mut req = request(by, None, None, Vec::new());
    req.city_waves.clone_from(waves);
    let report = representation_from_db(store, &req, catalog).await?;
    protect_recorded(store, report, &sdc::Config::with_k(K), catalog, channel).await
}

/// Survey waves of a city, ascending.
pub async fn city_waves<S: Store>(store: &S, cap: &CityRead) -> Result<Vec<Wave>, ServiceError> {
    Ok(store.waves(cap.ags()).await?)
}

/// Imports that cover the city.
pub async fn city_imports<S: Store>(
    store: &S,
    cap: &CityRead,
) -> Result<Vec<ImportInfo>, ServiceError> {
    Ok(store
        .list_imports()
        .await?
        .into_iter()
        .filter(|i| i.cities.contains(&cap.ags()))
        .collect())
}

/// Deletes an import of the city. An import that also covers other cities belongs to the
/// installation, not to one city, and is refused.
pub async fn delete_city_import<S: Store + Accounts>(
    store: &S,
    cap: &CityWrite,
    actor: &str,
    id: ImportId,
) -> Result<(), ServiceError> {
    let info = store
        .list_imports()
        .await?
        .into_iter()
        .find(|i| i.id == id && i.cities.contains(&cap.ags()))
        .ok_or(abbild_store::StoreError::NotFound(id))?;
    if info.cities != [cap.ags()] {
        return Err(ServiceError::Input(
            abbild_i18n::Message::new("err-import-shared").with("id", id),
        ));
    }
    store.delete_import(id).await?;
    store
        .audit(
            crate::accounts::now(),
            actor,
            "import.delete",
            &format!(
                "Import {id} ({}, „{}“), Stadt {}",
                info.kind,
                info.file_name,
                cap.ags()
            ),
        )
        .await?;
    Ok(())
}

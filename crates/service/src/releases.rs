//! The release registry's use cases (SPEC §5: releases build on each other). Every protected
//! representation table from stored data leaves through [`protect_recorded`]: it is protected
//! given every earlier release of the same data, whatever its grouping, and then recorded.

use crate::ServiceError;
use abbild_core::disclosure::{protect_representation_linked, Finest, Linked, Recorded, Released};
use abbild_core::representation::RepresentationReport;
use abbild_core::{sdc, Ags, FieldCatalog};
use abbild_store::{ReleaseEntry, ReleaseScope, Releases, Store};
use std::collections::BTreeMap;

/// Where a release leaves abbild (recorded with it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// A page of the web application or its downloads.
    Page,
    /// The JSON API.
    Api,
    /// The command line, from the database.
    Cli,
    /// The regional or city report.
    Report,
}

impl Channel {
    pub fn code(self) -> &'static str {
        match self {
            Channel::Page => "page",
            Channel::Api => "api",
            Channel::Cli => "cli",
            Channel::Report => "report",
        }
    }
}

/// Protection and recording run one at a time in this process: two groupings requested at
/// once must not both be protected without the other.
static REGISTRY: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn sha(s: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(s.as_bytes()))
}

/// Protects `report` (analysed from the store) given every earlier release of the same data
/// and records what it publishes. Refused with a reason if earlier releases alone already
/// narrow one of its sensitive cells.
pub async fn protect_recorded<S: Store + Releases>(
    store: &S,
    report: RepresentationReport,
    cfg: &sdc::Config,
    catalog: &FieldCatalog,
    channel: Channel,
) -> Result<Released<RepresentationReport>, ServiceError> {
    let _one = REGISTRY.lock().await;
    let dims = report.by.to_string();
    let mut linked = BTreeMap::new();
    let mut scopes = BTreeMap::new();
    for city in &report.cities {
        let cells = store.response_cells(city.ags, city.wave).await?;
        let staff = store.staff_cells(city.ags, city.year).await?;
        // The answers the analysis kept (SPEC: answers that contradict the staff file are
        // set aside before anything is analysed).
        let cells =
            abbild_core::plausibility::plausible_responses(&staff, &cells, catalog).responses;
        let finest = Finest::from_responses(&cells, report.definition, catalog);
        let scope = ReleaseScope {
            ags: city.ags,
            scope: format!("{}/{}", city.wave, report.definition.code()),
            data_sha: sha(&finest.canonical()),
        };
        let mut prior = Vec::new();
        let mut repeat = None;
        for r in store.releases_of(&scope).await? {
            let rec = parse(&r)?;
            prior.extend(rec.cells.iter().cloned());
            if r.dims == dims {
                repeat = Some(rec);
            }
        }
        prior.sort();
        prior.dedup();
        linked.insert(
            city.ags,
            Linked {
                finest,
                prior,
                repeat,
            },
        );
        scopes.insert(city.ags, scope);
    }
    let (rel, cells) = protect_representation_linked(report, cfg, &linked).map_err(refusal)?;
    for (ags, cells) in cells {
        let Some(scope) = scopes.get(&ags) else {
            continue;
        };
        let json = serde_json::to_string(&cells)
            .map_err(|e| abbild_store::StoreError::Inconsistent(e.to_string()))?;
        store
            .record_release(scope, &dims, channel.code(), &json)
            .await?;
    }
    Ok(rel)
}

/// An earlier release that already narrows a sensitive cell makes this table unpublishable:
/// say so in plain words.
fn refusal(e: sdc::SdcError) -> ServiceError {
    match e {
        sdc::SdcError::PriorDiscloses { .. } | sdc::SdcError::PriorMismatch { .. } => {
            ServiceError::Withheld(abbild_i18n::Message::new("err-withheld-grouping"))
        }
        other => ServiceError::Sdc(other),
    }
}

/// Every recorded release (of one city or all), newest first.
pub async fn list<S: Releases>(
    store: &S,
    ags: Option<Ags>,
) -> Result<Vec<ReleaseEntry>, ServiceError> {
    Ok(store.list_releases(ags).await?)
}

fn parse(r: &ReleaseEntry) -> Result<Recorded, ServiceError> {
    serde_json::from_str(&r.cells).map_err(|e| {
        ServiceError::Store(abbild_store::StoreError::Inconsistent(format!(
            "Veröffentlichung {}: {e}",
            r.id
        )))
    })
}

/// Number of published cells of a recorded release.
pub fn cell_count(entry: &ReleaseEntry) -> usize {
    parse(entry).map_or(0, |r| r.cells.len())
}

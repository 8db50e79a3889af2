//! Importing a file into the store: validate everything first, then one transaction.

use crate::ServiceError;
use abbild_core::FieldCatalog;
use abbild_import::Kind;
use abbild_store::{ImportMeta, ImportOutcome, Store};
use std::path::Path;

/// Reads and validates `path` completely, then stores it all-or-nothing. A file that fails
/// validation never reaches the store.
pub async fn import_file<S: Store>(
    store: &S,
    kind: Kind,
    path: &Path,
    catalog: &FieldCatalog,
) -> Result<(ImportOutcome, u64), ServiceError> {
    let opts = abbild_import::Options {
        catalog,
        sheet: None,
    };
    let file_name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    match kind {
        Kind::Staff => {
            let mut rows = Vec::new();
            let s = abbild_import::read_staff(path, &opts, |r| rows.push(r))?;
            let meta = ImportMeta {
                file_name,
                sha256: s.sha256,
                dims: s.dims,
            };
            Ok((store.import_staff(meta, &rows).await?, s.rows))
        }
        Kind::Responses => {
            let mut rows = Vec::new();
            let s = abbild_import::read_responses(path, &opts, |r| rows.push(r))?;
            let meta = ImportMeta {
                file_name,
                sha256: s.sha256,
                dims: s.dims,
            };
            Ok((store.import_responses(meta, &rows).await?, s.rows))
        }
        Kind::Population => {
            let mut rows = Vec::new();
            let s = abbild_import::read_population(path, &opts, |r| rows.push(r))?;
            let meta = ImportMeta {
                file_name,
                sha256: s.sha256,
                dims: s.dims,
            };
            Ok((store.import_population(meta, &rows).await?, s.rows))
        }
        Kind::Pipeline => {
            let mut rows = Vec::new();
            let s = abbild_import::read_pipeline(path, &opts, |r| rows.push(r))?;
            let meta = ImportMeta {
                file_name,
                sha256: s.sha256,
                dims: s.dims,
            };
            Ok((store.import_pipeline(meta, &rows).await?, s.rows))
        }
        Kind::Exits => {
            let mut rows = Vec::new();
            let s = abbild_import::read_exits(path, &opts, |r| rows.push(r))?;
            let meta = ImportMeta {
                file_name,
                sha256: s.sha256,
                dims: s.dims,
            };
            Ok((store.import_exits(meta, &rows).await?, s.rows))
        }
    }
}

/// Imports an uploaded file for one city: like [`import_file`], and additionally every row must
/// belong to the city the uploader may write. A row of another city fails the whole file.
pub async fn import_upload<S: Store>(
    store: &S,
    cap: &abbild_core::access::CityWrite,
    kind: Kind,
    file_name: &str,
    bytes: &[u8],
    catalog: &FieldCatalog,
) -> Result<(ImportOutcome, u64), ServiceError> {
    let opts = abbild_import::Options {
        catalog,
        sheet: None,
    };
    let city = cap.ags();
    let mut foreign: Vec<abbild_import::RowError> = Vec::new();
    let mut check = |i: usize, ags: abbild_core::Ags| {
        if ags != city && foreign.len() < abbild_import::MAX_ROW_ERRORS {
            foreign.push(abbild_import::RowError::new(
                file_name,
                i as u64 + 2,
                "ags",
                &ags.to_string(),
                abbild_i18n::Message::new("exp-own-ags").with("ags", city),
            ));
        }
    };
    macro_rules! read {
        ($reader:path, $store_fn:ident) => {{
            let mut rows = Vec::new();
            let s = $reader(file_name, bytes, &opts, |r| {
                check(rows.len(), r.ags);
                rows.push(r)
            })?;
            if !foreign.is_empty() {
                return Err(ServiceError::Import(abbild_import::ImportError {
                    file: file_name.to_owned(),
                    file_errors: Vec::new(),
                    row_errors: foreign,
                    truncated: false,
                }));
            }
            let meta = ImportMeta {
                file_name: file_name.to_owned(),
                sha256: s.sha256,
                dims: s.dims,
            };
            Ok((store.$store_fn(meta, &rows).await?, s.rows))
        }};
    }
    match kind {
        Kind::Staff => read!(abbild_import::read_staff_bytes, import_staff),
        Kind::Responses => read!(abbild_import::read_responses_bytes, import_responses),
        Kind::Population => read!(abbild_import::read_population_bytes, import_population),
        Kind::Pipeline => read!(abbild_import::read_pipeline_bytes, import_pipeline),
        Kind::Exits => read!(abbild_import::read_exits_bytes, import_exits),
    }
}

/// Imports a LimeSurvey export through a mapping file (see `abbild_import::limesurvey`); the
/// export's metadata columns (dates, IP address, token) are dropped unread.
pub async fn import_limesurvey<S: Store>(
    store: &S,
    export: &Path,
    mapping: &Path,
    ags: abbild_core::Ags,
    wave: Option<abbild_core::Wave>,
    catalog: &FieldCatalog,
) -> Result<(ImportOutcome, u64), ServiceError> {
    let read = |p: &Path| {
        let name = p.file_name().map_or_else(
            || p.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        std::fs::read(p).map(|b| (name.clone(), b)).map_err(|e| {
            ServiceError::Input(
                abbild_i18n::Message::new("err-file-unreadable")
                    .with("file", &name)
                    .with("detail", e),
            )
        })
    };
    let (map_name, map_bytes) = read(mapping)?;
    let (name, bytes) = read(export)?;
    let mapping = abbild_import::limesurvey::Mapping::read(&map_name, &map_bytes)?;
    let opts = abbild_import::Options {
        catalog,
        sheet: None,
    };
    let mut rows = Vec::new();
    let s = abbild_import::limesurvey::read_limesurvey_bytes(
        &name,
        &bytes,
        &mapping,
        ags,
        wave,
        &opts,
        |r| rows.push(r),
    )?;
    let meta = ImportMeta {
        file_name: name,
        sha256: s.sha256,
        dims: s.dims,
    };
    Ok((store.import_responses(meta, &rows).await?, s.rows))
}

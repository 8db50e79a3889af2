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
    }
}

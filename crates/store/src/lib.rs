//! Storage of imported staff, survey, population, apprentice-pipeline and exits data (SPEC §3)
//! behind one trait, [`Store`].
//!
//! Two backends share one implementation of the logic (`sql.rs`, generic over the sqlx
//! database) and differ only in connection setup and schema dialect:
//! [`SqliteStore`] (embedded default, one file) and [`PgStore`] (production). [`AnyStore`]
//! picks one at run time from a path or URL.
//!
//! The store keeps imports all-or-nothing and never duplicated, and it only *aggregates*:
//! the analysis itself runs in the pure `abbild-core`.
//!
//! Anonymity by design (SPEC §6) starts in the schema: survey responses carry no id that
//! could order them (the key is 128 random bits), no timestamp and no link to an access code.
//! See `migrations/*/0001_init.sql` for exactly what is stored.

mod accounts;
mod any;
mod date;
mod error;
mod migrations;
mod postgres;
mod releases;
mod scenarios;
mod sql;
mod sqlite;
mod survey;

pub use accounts::{Accounts, AuditEntry, SessionInfo};
pub use any::AnyStore;
pub use error::StoreError;
pub use postgres::PgStore;
pub use releases::{ReleaseEntry, ReleaseScope, Releases};
pub use scenarios::{SavedScenario, Scenarios};
pub use sqlite::SqliteStore;
pub use survey::{ReleaseCheck, ReleaseInfo, ReleaseKind, SubmitOutcome, Survey, WaveInfo};

use abbild_core::records::{
    ExitRecord, Lang, PipelineRecord, PopulationRecord, ResponseRecord, StaffRecord,
};
use abbild_core::{Ags, Answers, DimSet, FieldCatalog, SegmentKey, Wave, Year};
use std::fmt;
use std::future::Future;

/// Id of one imported file (the `imports` row). Never reused after deletion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ImportId(pub i64);

impl fmt::Display for ImportId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// What an imported file contained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ImportKind {
    Staff,
    Responses,
    Population,
    /// Apprentice recruitment pipeline.
    Pipeline,
    Exits,
}

impl ImportKind {
    pub const ALL: [ImportKind; 5] = [
        ImportKind::Staff,
        ImportKind::Responses,
        ImportKind::Population,
        ImportKind::Pipeline,
        ImportKind::Exits,
    ];
    /// Code as stored in the `imports.kind` column.
    pub fn code(self) -> &'static str {
        match self {
            ImportKind::Staff => "staff",
            ImportKind::Responses => "responses",
            ImportKind::Population => "population",
            ImportKind::Pipeline => "pipeline",
            ImportKind::Exits => "exits",
        }
    }
    pub fn label_de(self) -> &'static str {
        match self {
            ImportKind::Staff => "Personaldaten",
            ImportKind::Responses => "Befragungsantworten",
            ImportKind::Population => "Bevölkerungsdaten",
            ImportKind::Pipeline => "Bewerbungsverfahren Ausbildung",
            ImportKind::Exits => "Abgänge",
        }
    }
    pub fn from_code(code: &str) -> Option<Self> {
        ImportKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

impl fmt::Display for ImportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Facts about the file being imported, supplied by the importer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportMeta {
    /// File name as the user knows it (shown in lists and conflict messages).
    pub file_name: String,
    /// SHA-256 of the file's bytes, 64 hex digits; identifies "the same file" for idempotency.
    pub sha256: String,
    /// Segment columns the file carried (the analysis groups only by columns both sides carry).
    pub dims: DimSet,
}

/// Result of an import that did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportOutcome {
    /// The rows were stored under a new import.
    Imported { id: ImportId, rows: u64 },
    /// The same file (kind and SHA-256) was imported before; nothing changed.
    AlreadyImported { id: ImportId },
}

impl ImportOutcome {
    pub fn id(self) -> ImportId {
        match self {
            ImportOutcome::Imported { id, .. } | ImportOutcome::AlreadyImported { id } => id,
        }
    }
}

/// One entry of [`Store::list_imports`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportInfo {
    pub id: ImportId,
    pub kind: ImportKind,
    pub file_name: String,
    pub sha256: String,
    /// Number of data rows stored (responses: number of responses).
    pub rows: u64,
    pub dims: DimSet,
    /// Cities covered, ascending.
    pub cities: Vec<Ags>,
    /// Years covered (staff, population, pipeline, exits) or waves (responses), ascending.
    pub periods: Vec<u16>,
    /// Day of the import, ISO `YYYY-MM-DD` (UTC). Day precision on purpose (SPEC §6).
    pub imported_on: String,
}

/// The storage interface. Every method is one short transaction or one read.
///
/// Methods return `Send` futures so that generic callers (`S: Store`) can run them on a
/// multi-threaded runtime, e.g. inside `tokio::spawn` or an HTTP handler.
pub trait Store: Send + Sync {
    /// The field classification used to map stored codes back to [`abbild_core::Field`].
    fn catalog(&self) -> &FieldCatalog;

    /// Stores an HR headcount file. One transaction: all rows or none.
    ///
    /// Same file again → [`ImportOutcome::AlreadyImported`]; a different file covering a city
    /// and year already stored → [`StoreError::Conflict`].
    fn import_staff(
        &self,
        meta: ImportMeta,
        rows: &[StaffRecord],
    ) -> impl Future<Output = Result<ImportOutcome, StoreError>> + Send;

    /// Stores survey responses; overlap is judged per city and wave. See [`Store::import_staff`].
    fn import_responses(
        &self,
        meta: ImportMeta,
        rows: &[ResponseRecord],
    ) -> impl Future<Output = Result<ImportOutcome, StoreError>> + Send;

    /// Stores a population benchmark; overlap is judged per city, year, definition and source.
    fn import_population(
        &self,
        meta: ImportMeta,
        rows: &[PopulationRecord],
    ) -> impl Future<Output = Result<ImportOutcome, StoreError>> + Send;

    /// Stores an apprentice pipeline file; overlap is judged per city and year, as for staff.
    fn import_pipeline(
        &self,
        meta: ImportMeta,
        rows: &[PipelineRecord],
    ) -> impl Future<Output = Result<ImportOutcome, StoreError>> + Send;

    /// Stores an exits file; overlap is judged per city and year, as for staff.
    fn import_exits(
        &self,
        meta: ImportMeta,
        rows: &[ExitRecord],
    ) -> impl Future<Output = Result<ImportOutcome, StoreError>> + Send;

    /// All imports, oldest first.
    fn list_imports(&self) -> impl Future<Output = Result<Vec<ImportInfo>, StoreError>> + Send;

    /// Removes an import and all its rows in one transaction.
    fn delete_import(&self, id: ImportId) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Cities with any stored data, ascending.
    fn cities(&self) -> impl Future<Output = Result<Vec<Ags>, StoreError>> + Send;

    /// Years with staff data for a city, ascending.
    fn staff_years(&self, ags: Ags) -> impl Future<Output = Result<Vec<Year>, StoreError>> + Send;

    /// Survey waves with responses for a city, ascending.
    fn waves(&self, ags: Ags) -> impl Future<Output = Result<Vec<Wave>, StoreError>> + Send;

    /// Years with population data for a city, ascending.
    fn population_years(
        &self,
        ags: Ags,
    ) -> impl Future<Output = Result<Vec<Year>, StoreError>> + Send;

    /// Years with apprentice pipeline data for a city, ascending.
    fn pipeline_years(
        &self,
        ags: Ags,
    ) -> impl Future<Output = Result<Vec<Year>, StoreError>> + Send;

    /// Years with exits data for a city, ascending.
    fn exit_years(&self, ags: Ags) -> impl Future<Output = Result<Vec<Year>, StoreError>> + Send;

    /// Summed headcount per full segment key, sorted by key.
    fn staff_cells(
        &self,
        ags: Ags,
        year: Year,
    ) -> impl Future<Output = Result<Vec<(SegmentKey, u64)>, StoreError>> + Send;

    /// Segment columns of the staff file stored for this city and year
    /// ([`DimSet::EMPTY`] if there is none).
    fn staff_dims(
        &self,
        ags: Ags,
        year: Year,
    ) -> impl Future<Output = Result<DimSet, StoreError>> + Send;

    /// Number of responses per segment key and answer pattern, sorted.
    fn response_cells(
        &self,
        ags: Ags,
        wave: Wave,
    ) -> impl Future<Output = Result<Vec<(SegmentKey, Answers, u64)>, StoreError>> + Send;

    /// Segment columns of the survey file stored for this city and wave
    /// ([`DimSet::EMPTY`] if there is none).
    fn response_dims(
        &self,
        ags: Ags,
        wave: Wave,
    ) -> impl Future<Output = Result<DimSet, StoreError>> + Send;

    /// Number of respondents per segment key who can advise citizens in each language, sorted.
    fn language_cells(
        &self,
        ags: Ags,
        wave: Wave,
    ) -> impl Future<Output = Result<Vec<(SegmentKey, Lang, u64)>, StoreError>> + Send;

    /// Population benchmark rows of a city (all years if `year` is `None`), sorted by year,
    /// definition, source, age band and sex.
    fn population(
        &self,
        ags: Ags,
        year: Option<Year>,
    ) -> impl Future<Output = Result<Vec<PopulationRecord>, StoreError>> + Send;

    /// Pipeline rows of a city (all years) as imported, sorted by year, occupation, stage
    /// order, stage and group.
    fn pipeline_records(
        &self,
        ags: Ags,
    ) -> impl Future<Output = Result<Vec<PipelineRecord>, StoreError>> + Send;

    /// Exits rows of a city (all years) as imported, sorted by year, segment, group and reason.
    fn exit_records(
        &self,
        ags: Ags,
    ) -> impl Future<Output = Result<Vec<ExitRecord>, StoreError>> + Send;
}

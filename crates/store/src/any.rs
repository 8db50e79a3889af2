//! Backend chosen at run time from the configured location.

use crate::{
    Accounts, AuditEntry, ImportId, ImportInfo, ImportMeta, ImportOutcome, PgStore, SessionInfo,
    SqliteStore, Store, StoreError, SubmitOutcome, Survey, WaveInfo,
};
use abbild_core::access::{Account, Role, UserId, UserName};
use abbild_core::records::{
    ExitRecord, Lang, PipelineRecord, PopulationRecord, ResponseRecord, StaffRecord,
};
use abbild_core::{Ags, Answers, DimSet, FieldCatalog, SegmentKey, Wave, Year};

/// Either backend, so that binaries need not be generic over [`Store`].
#[derive(Debug, Clone)]
pub enum AnyStore {
    Sqlite(SqliteStore),
    Postgres(PgStore),
}

impl AnyStore {
    /// `postgres://…` or `postgresql://…` connects to PostgreSQL; anything else is a SQLite
    /// file path or `sqlite:` URL (file and directories are created if missing). Migrates.
    pub async fn open(url_or_path: &str, catalog: FieldCatalog) -> Result<Self, StoreError> {
        if url_or_path.starts_with("postgres://") || url_or_path.starts_with("postgresql://") {
            Ok(AnyStore::Postgres(
                PgStore::connect(url_or_path, catalog).await?,
            ))
        } else {
            Ok(AnyStore::Sqlite(
                SqliteStore::open(url_or_path, catalog).await?,
            ))
        }
    }

    /// Closes all connections.
    pub async fn close(&self) {
        match self {
            AnyStore::Sqlite(s) => s.close().await,
            AnyStore::Postgres(s) => s.close().await,
        }
    }
}

/// Forwards one call to whichever backend is inside.
macro_rules! forward {
    ($self:ident, $s:ident => $call:expr) => {
        match $self {
            AnyStore::Sqlite($s) => $call.await,
            AnyStore::Postgres($s) => $call.await,
        }
    };
}

impl Store for AnyStore {
    fn catalog(&self) -> &FieldCatalog {
        match self {
            AnyStore::Sqlite(s) => s.catalog(),
            AnyStore::Postgres(s) => s.catalog(),
        }
    }
    async fn import_staff(
        &self,
        meta: ImportMeta,
        rows: &[StaffRecord],
    ) -> Result<ImportOutcome, StoreError> {
        forward!(self, s => s.import_staff(meta, rows))
    }
    async fn import_responses(
        &self,
        meta: ImportMeta,
        rows: &[ResponseRecord],
    ) -> Result<ImportOutcome, StoreError> {
        forward!(self, s => s.import_responses(meta, rows))
    }
    async fn import_population(
        &self,
        meta: ImportMeta,
        rows: &[PopulationRecord],
    ) -> Result<ImportOutcome, StoreError> {
        forward!(self, s => s.import_population(meta, rows))
    }
    async fn import_pipeline(
        &self,
        meta: ImportMeta,
        rows: &[PipelineRecord],
    ) -> Result<ImportOutcome, StoreError> {
        forward!(self, s => s.import_pipeline(meta, rows))
    }
    async fn import_exits(
        &self,
        meta: ImportMeta,
        rows: &[ExitRecord],
    ) -> Result<ImportOutcome, StoreError> {
        forward!(self, s => s.import_exits(meta, rows))
    }
    async fn list_imports(&self) -> Result<Vec<ImportInfo>, StoreError> {
        forward!(self, s => s.list_imports())
    }
    async fn delete_import(&self, id: ImportId) -> Result<(), StoreError> {
        forward!(self, s => s.delete_import(id))
    }
    async fn cities(&self) -> Result<Vec<Ags>, StoreError> {
        forward!(self, s => s.cities())
    }
    async fn staff_years(&self, ags: Ags) -> Result<Vec<Year>, StoreError> {
        forward!(self, s => s.staff_years(ags))
    }
    async fn waves(&self, ags: Ags) -> Result<Vec<Wave>, StoreError> {
        forward!(self, s => s.waves(ags))
    }
    async fn population_years(&self, ags: Ags) -> Result<Vec<Year>, StoreError> {
        forward!(self, s => s.population_years(ags))
    }
    async fn pipeline_years(&self, ags: Ags) -> Result<Vec<Year>, StoreError> {
        forward!(self, s => s.pipeline_years(ags))
    }
    async fn exit_years(&self, ags: Ags) -> Result<Vec<Year>, StoreError> {
        forward!(self, s => s.exit_years(ags))
    }
    async fn staff_cells(
        &self,
        ags: Ags,
        year: Year,
    ) -> Result<Vec<(SegmentKey, u64)>, StoreError> {
        forward!(self, s => s.staff_cells(ags, year))
    }
    async fn staff_dims(&self, ags: Ags, year: Year) -> Result<DimSet, StoreError> {
        forward!(self, s => s.staff_dims(ags, year))
    }
    async fn response_cells(
        &self,
        ags: Ags,
        wave: Wave,
    ) -> Result<Vec<(SegmentKey, Answers, u64)>, StoreError> {
        forward!(self, s => s.response_cells(ags, wave))
    }
    async fn response_dims(&self, ags: Ags, wave: Wave) -> Result<DimSet, StoreError> {
        forward!(self, s => s.response_dims(ags, wave))
    }
    async fn language_cells(
        &self,
        ags: Ags,
        wave: Wave,
    ) -> Result<Vec<(SegmentKey, Lang, u64)>, StoreError> {
        forward!(self, s => s.language_cells(ags, wave))
    }
    async fn population(
        &self,
        ags: Ags,
        year: Option<Year>,
    ) -> Result<Vec<PopulationRecord>, StoreError> {
        forward!(self, s => s.population(ags, year))
    }
    async fn pipeline_records(&self, ags: Ags) -> Result<Vec<PipelineRecord>, StoreError> {
        forward!(self, s => s.pipeline_records(ags))
    }
    async fn exit_records(&self, ags: Ags) -> Result<Vec<ExitRecord>, StoreError> {
        forward!(self, s => s.exit_records(ags))
    }
}

impl Accounts for AnyStore {
    async fn create_user(
        &self,
        name: &UserName,
        password_hash: &str,
        role: Role,
        city: Option<Ags>,
        now: i64,
    ) -> Result<UserId, StoreError> {
        forward!(self, s => s.create_user(name, password_hash, role, city, now))
    }
    async fn user_by_name(&self, name: &UserName) -> Result<Option<(Account, String)>, StoreError> {
        forward!(self, s => s.user_by_name(name))
    }
    async fn list_users(&self) -> Result<Vec<Account>, StoreError> {
        forward!(self, s => s.list_users())
    }
    async fn set_password(&self, name: &UserName, password_hash: &str) -> Result<(), StoreError> {
        forward!(self, s => s.set_password(name, password_hash))
    }
    async fn set_disabled(&self, name: &UserName, disabled: bool) -> Result<(), StoreError> {
        forward!(self, s => s.set_disabled(name, disabled))
    }
    async fn create_session(
        &self,
        token_hash: &str,
        user: UserId,
        csrf: &str,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        forward!(self, s => s.create_session(token_hash, user, csrf, expires_at))
    }
    async fn session(&self, token_hash: &str, now: i64) -> Result<Option<SessionInfo>, StoreError> {
        forward!(self, s => s.session(token_hash, now))
    }
    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        forward!(self, s => s.delete_session(token_hash))
    }
    async fn purge_sessions(&self, now: i64) -> Result<u64, StoreError> {
        forward!(self, s => s.purge_sessions(now))
    }
    async fn create_api_token(
        &self,
        token_hash: &str,
        user: UserId,
        label: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        forward!(self, s => s.create_api_token(token_hash, user, label, now))
    }
    async fn api_token(&self, token_hash: &str) -> Result<Option<Account>, StoreError> {
        forward!(self, s => s.api_token(token_hash))
    }
    async fn audit(
        &self,
        at: i64,
        actor: &str,
        action: &str,
        detail: &str,
    ) -> Result<(), StoreError> {
        forward!(self, s => s.audit(at, actor, action, detail))
    }
    async fn audit_log(&self, limit: u32) -> Result<Vec<AuditEntry>, StoreError> {
        forward!(self, s => s.audit_log(limit))
    }
}

impl crate::Releases for AnyStore {
    async fn record_release(
        &self,
        scope: &crate::ReleaseScope,
        dims: &str,
        channel: &str,
        cells_json: &str,
    ) -> Result<bool, StoreError> {
        forward!(self, s => s.record_release(scope, dims, channel, cells_json))
    }
    async fn releases_of(
        &self,
        scope: &crate::ReleaseScope,
    ) -> Result<Vec<crate::ReleaseEntry>, StoreError> {
        forward!(self, s => s.releases_of(scope))
    }
    async fn list_releases(
        &self,
        ags: Option<Ags>,
    ) -> Result<Vec<crate::ReleaseEntry>, StoreError> {
        forward!(self, s => s.list_releases(ags))
    }
}

impl crate::Scenarios for AnyStore {
    async fn save_scenario(
        &self,
        ags: Ags,
        name: &str,
        body: &str,
        saved_by: &str,
    ) -> Result<(), StoreError> {
        forward!(self, s => s.save_scenario(ags, name, body, saved_by))
    }
    async fn scenarios(&self, ags: Ags) -> Result<Vec<crate::SavedScenario>, StoreError> {
        forward!(self, s => s.scenarios(ags))
    }
    async fn delete_scenario(&self, ags: Ags, name: &str) -> Result<bool, StoreError> {
        forward!(self, s => s.delete_scenario(ags, name))
    }
}

impl Survey for AnyStore {
    async fn open_wave(
        &self,
        ags: Ags,
        wave: Wave,
        code_hashes: &[String],
    ) -> Result<ImportId, StoreError> {
        forward!(self, s => s.open_wave(ags, wave, code_hashes))
    }
    async fn close_wave(&self, ags: Ags, wave: Wave) -> Result<(), StoreError> {
        forward!(self, s => s.close_wave(ags, wave))
    }
    async fn wave_info(&self, ags: Ags, wave: Wave) -> Result<Option<WaveInfo>, StoreError> {
        forward!(self, s => s.wave_info(ags, wave))
    }
    async fn reshuffle_wave(&self, ags: Ags, wave: Wave) -> Result<u64, StoreError> {
        forward!(self, s => s.reshuffle_wave(ags, wave))
    }
    async fn release_wave(
        &self,
        ags: Ags,
        wave: Wave,
        check: crate::ReleaseCheck,
    ) -> Result<crate::ReleaseInfo, StoreError> {
        forward!(self, s => s.release_wave(ags, wave, check))
    }
    async fn releases(&self, ags: Ags, wave: Wave) -> Result<Vec<crate::ReleaseInfo>, StoreError> {
        forward!(self, s => s.releases(ags, wave))
    }
    async fn survey_waves(&self, ags: Ags) -> Result<Vec<WaveInfo>, StoreError> {
        forward!(self, s => s.survey_waves(ags))
    }
    async fn submit(
        &self,
        code_hash: &str,
        answers: abbild_core::survey::SurveyAnswers,
    ) -> Result<SubmitOutcome, StoreError> {
        forward!(self, s => s.submit(code_hash, answers))
    }
    async fn submit_batch(
        &self,
        items: Vec<(String, abbild_core::survey::SurveyAnswers)>,
    ) -> Result<Vec<SubmitOutcome>, StoreError> {
        forward!(self, s => s.submit_batch(items))
    }
    async fn forget_order(&self, patience: std::time::Duration) -> Result<(), StoreError> {
        forward!(self, s => s.forget_order(patience))
    }
    async fn survey_responses(
        &self,
        ags: Ags,
        wave: Wave,
    ) -> Result<Vec<ResponseRecord>, StoreError> {
        forward!(self, s => s.survey_responses(ags, wave))
    }
}

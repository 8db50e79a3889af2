//! The store's logic, written once and generic over the sqlx database.
//!
//! Both schemas have the same tables and columns, all SQL here is plain (`$n` placeholders,
//! which sqlx accepts for SQLite too), and the two dialect differences are the `BEGIN`
//! statement ([`Dialect`]) and the DDL in `migrations/`. Values travel as `i64`, `String`,
//! `bool` and byte vectors only, which both drivers encode and decode the same way.

use crate::date;
use crate::{ImportId, ImportInfo, ImportKind, ImportMeta, ImportOutcome, StoreError};
use abbild_core::records::{
    ExitReason, ExitRecord, Lang, Occupation, PipelineRecord, PopulationRecord, ResponseRecord,
    Source, StaffRecord, StageName,
};
use abbild_core::{
    AgeBand, Ags, Answer, Answers, Class, Definition, Dim, DimSet, FieldCatalog, Item, Level,
    SegmentKey, Sex, Status, Wave, Year,
};
use abbild_i18n::Message;
use rand::Rng;
use sqlx::error::ErrorKind;
use sqlx::{ColumnIndex, Database, Decode, Encode, Executor, IntoArguments, Pool, Row, Type};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::Arc;

/// What differs between the backends at run time.
pub(crate) trait Dialect: Database {
    /// Starts a write transaction. SQLite takes the write lock up front (`IMMEDIATE`), so
    /// two writers queue on `busy_timeout` instead of failing when a read lock is upgraded.
    const BEGIN_WRITE: &'static str;
    /// Whether bulk INSERTs number their placeholders (`$1, $2`) or use anonymous `?`.
    /// SQLite looks each named parameter up in a linear list while preparing, which is
    /// quadratic in a statement with thousands of them; `?` avoids that.
    const NUMBERED_PLACEHOLDERS: bool;
    /// Whether rewriting a wave also rewrites its code rows. PostgreSQL stamps the code row a
    /// submission marks used with the submission's transaction id (`xmin`), the same id as
    /// the response's; SQLite updates the flag in place and stamps nothing.
    const REWRITE_CODES: bool;
    /// Run after a wave was rewritten, outside the transaction: removes the dead row versions
    /// that still carry the old order (see `Survey::reshuffle_wave`). SQLite's write-ahead
    /// log is emptied separately, and verified, by `Survey::forget_order`.
    const COMPACT_AFTER_REWRITE: &'static [&'static str];
    /// Taken first in every transaction that stores submissions: lets submissions run side
    /// by side but waits for a running release, close or rewrite of the responses.
    /// SQLite needs none (`BEGIN IMMEDIATE` serialises all writers).
    const LOCK_FOR_SUBMIT: Option<&'static str>;
    /// Taken first when a wave is released, closed or rewritten: waits for running submissions
    /// and holds new ones back until the commit, so the rows checked are the rows released.
    const LOCK_FOR_RELEASE: Option<&'static str>;
    /// Rows changed by a statement (sqlx has no trait for it).
    fn rows_affected(r: &Self::QueryResult) -> u64;
}

impl Dialect for sqlx::Sqlite {
    const BEGIN_WRITE: &'static str = "BEGIN IMMEDIATE";
    const NUMBERED_PLACEHOLDERS: bool = false;
    const REWRITE_CODES: bool = false;
    // Rows sit in random key order (WITHOUT ROWID) and secure_delete zeroes freed content;
    // the write-ahead log is the callers' business (`Survey::forget_order`).
    const COMPACT_AFTER_REWRITE: &'static [&'static str] = &[];
    const LOCK_FOR_SUBMIT: Option<&'static str> = None;
    const LOCK_FOR_RELEASE: Option<&'static str> = None;
    fn rows_affected(r: &Self::QueryResult) -> u64 {
        r.rows_affected()
    }
}

impl Dialect for sqlx::Postgres {
    const BEGIN_WRITE: &'static str = "BEGIN";
    const NUMBERED_PLACEHOLDERS: bool = true;
    const REWRITE_CODES: bool = true;
    const COMPACT_AFTER_REWRITE: &'static [&'static str] =
        &["VACUUM FULL responses", "VACUUM FULL survey_codes"];
    // ROW EXCLUSIVE does not conflict with itself; SHARE ROW EXCLUSIVE conflicts with both.
    const LOCK_FOR_SUBMIT: Option<&'static str> =
        Some("LOCK TABLE responses IN ROW EXCLUSIVE MODE");
    const LOCK_FOR_RELEASE: Option<&'static str> =
        Some("LOCK TABLE responses IN SHARE ROW EXCLUSIVE MODE");
    fn rows_affected(r: &Self::QueryResult) -> u64 {
        r.rows_affected()
    }
}

/// Segment key columns, in the order [`Engine::key_at`] reads them.
pub(crate) const KEY_COLS: &str = "field, level, status, leadership, age_from, age_to, sex";
/// Answer columns, in the order of [`Item::ALL`].
pub(crate) const ANSWER_COLS: &str = "self_born_abroad, self_german_at_birth, self_german_now, \
     mother_born_abroad, father_born_abroad, mother_german_at_birth, father_german_at_birth";
pub(crate) const KEY_WIDTH: usize = 7;
/// Condition on `import_scope s` (kind responses): the wave's answers are (partly) released.
/// Imported waves are released at import; a survey wave once it has a release point.
const RELEASED_WAVE: &str = "NOT EXISTS (SELECT 1 FROM survey_waves w WHERE w.ags = s.ags \
     AND w.wave = s.period AND NOT EXISTS (SELECT 1 FROM survey_releases r \
     WHERE r.ags = w.ags AND r.wave = w.wave))";

/// Bind parameters per INSERT statement: below SQLite's limit of 32766 and PostgreSQL's 65535,
/// and large enough that a statement carries hundreds of rows.
const MAX_BINDS: usize = 30_000;
const MAX_ROWS_PER_INSERT: usize = 1_000;

/// One bind value of a prepared data row.
#[derive(Debug)]
pub(crate) enum Val {
    Int(i64),
    OptInt(Option<i64>),
    Text(String),
    OptText(Option<String>),
    OptBool(Option<bool>),
    Blob(Vec<u8>),
}

/// The part of the data an import covers; two imports may never share one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Scope {
    pub(crate) ags: Ags,
    pub(crate) period: u16,
    /// Population only; empty otherwise.
    pub(crate) definition: &'static str,
    pub(crate) source: &'static str,
}

impl Scope {
    /// The stored part in words, for the conflict message.
    fn describe(&self, kind: ImportKind) -> Message {
        let key = match kind {
            ImportKind::Staff => "err-scope-staff",
            ImportKind::Responses => "err-scope-responses",
            ImportKind::Population => "err-scope-population",
            ImportKind::Pipeline => "err-scope-pipeline",
            ImportKind::Exits => "err-scope-exits",
        };
        Message::new(key)
            .with("ags", self.ags)
            .with("period", self.period)
            .with("definition", self.definition)
            .with("source", self.source)
    }
}

/// Rows of one file turned into bind values, ready for multi-row INSERTs.
#[derive(Debug)]
pub(crate) struct Prepared {
    pub(crate) kind: ImportKind,
    /// `INSERT INTO …(…)` head; the first column is always `import_id`.
    pub(crate) insert: &'static str,
    /// Values per row, without `import_id`.
    pub(crate) width: usize,
    pub(crate) rows: Vec<Vec<Val>>,
    pub(crate) scopes: BTreeSet<Scope>,
}

/// The shared implementation; `SqliteStore` and `PgStore` wrap one each.
pub(crate) struct Engine<DB: Database> {
    pub(crate) pool: Pool<DB>,
    pub(crate) catalog: Arc<FieldCatalog>,
}

impl<DB: Database> Clone for Engine<DB> {
    fn clone(&self) -> Self {
        Engine {
            pool: self.pool.clone(),
            catalog: Arc::clone(&self.catalog),
        }
    }
}

impl<DB: Database> fmt::Debug for Engine<DB> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Engine")
            .field("backend", &DB::NAME)
            .field("fields", &self.catalog.len())
            .finish_non_exhaustive()
    }
}

// ---------------------------------------------------------------------------------------------
// Turning records into rows. Pure, synchronous: random ids are drawn here, never across an await.

pub(crate) fn int(v: impl Into<i64>) -> Val {
    Val::Int(v.into())
}

fn key_vals(catalog: &FieldCatalog, k: &SegmentKey, out: &mut Vec<Val>) {
    out.push(Val::OptText(k.field.map(|f| catalog.code(f).to_owned())));
    out.push(Val::OptText(k.level.map(|l| l.code().to_owned())));
    out.push(Val::OptText(k.status.map(|s| s.code().to_owned())));
    out.push(Val::OptBool(k.leadership));
    out.push(Val::OptInt(k.age.map(|a| i64::from(a.from))));
    out.push(Val::OptInt(k.age.map(|a| i64::from(a.to))));
    out.push(Val::OptText(k.sex.map(|s| s.code().to_owned())));
}

/// Refuses a row that has a value in a column the file (per `meta.dims`) did not carry:
/// the analysis trusts `dims` to know which groupings are possible.
fn check_dims(row: usize, key: &SegmentKey, dims: DimSet) -> Result<(), StoreError> {
    match Dim::ALL
        .into_iter()
        .find(|d| key.has(*d) && !dims.contains(*d))
    {
        Some(d) => Err(StoreError::Invalid(
            Message::new("err-store-column-not-carried")
                .with("row", row + 1)
                .with("column", d.code())
                .with(
                    "columns",
                    if dims == DimSet::EMPTY {
                        "–".to_owned()
                    } else {
                        dims.to_string()
                    },
                ),
        )),
        None => Ok(()),
    }
}

fn prepare_staff(
    catalog: &FieldCatalog,
    dims: DimSet,
    rows: &[StaffRecord],
) -> Result<Prepared, StoreError> {
    let mut out = Vec::with_capacity(rows.len());
    let mut scopes = BTreeSet::new();
    for (i, r) in rows.iter().enumerate() {
        check_dims(i, &r.key, dims)?;
        scopes.insert(Scope {
            ags: r.ags,
            period: r.year.get(),
            definition: "",
            source: "",
        });
        let mut v = Vec::with_capacity(10);
        v.push(int(r.ags.get()));
        v.push(int(r.year.get()));
        key_vals(catalog, &r.key, &mut v);
        v.push(int(r.headcount));
        out.push(v);
    }
    Ok(Prepared {
        kind: ImportKind::Staff,
        insert: "INSERT INTO staff (import_id, ags, year, field, level, status, leadership, \
                 age_from, age_to, sex, headcount) ",
        width: 10,
        rows: out,
        scopes,
    })
}

/// `release(i)`: the release mark of `rows[i]` (`None`: not released yet; files: `Some(0)`).
pub(crate) fn prepare_responses(
    catalog: &FieldCatalog,
    dims: DimSet,
    rows: &[ResponseRecord],
    release: impl Fn(usize) -> Option<i64>,
) -> Result<Prepared, StoreError> {
    let mut scopes = BTreeSet::new();
    for (i, r) in rows.iter().enumerate() {
        check_dims(i, &r.key, dims)?;
        scopes.insert(Scope {
            ags: r.ags,
            period: r.wave.get(),
            definition: "",
            source: "",
        });
    }
    // 128 random bits per response from the thread-local CSPRNG (ChaCha, seeded by the OS).
    // Rows are inserted sorted by this key, so neither the order of the file nor the order of
    // insertion survives in the database (PostgreSQL heaps keep insertion order; SQLite
    // WITHOUT ROWID tables keep key order anyway).
    let mut rng = rand::rng();
    let mut keyed: Vec<([u8; 16], usize, &ResponseRecord)> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (rng.random::<u128>().to_be_bytes(), i, r))
        .collect();
    keyed.sort_unstable_by_key(|a| a.0);
    let out = keyed
        .into_iter()
        .map(|(id, i, r)| {
            let mut v = Vec::with_capacity(19);
            v.push(Val::Blob(id.to_vec()));
            v.push(int(r.ags.get()));
            v.push(int(r.wave.get()));
            key_vals(catalog, &r.key, &mut v);
            for item in Item::ALL {
                v.push(Val::Text(r.answers.get(item).code().to_owned()));
            }
            v.push(Val::Text(join_languages(&r.languages)));
            v.push(Val::OptInt(release(i)));
            v
        })
        .collect();
    Ok(Prepared {
        kind: ImportKind::Responses,
        insert: "INSERT INTO responses (import_id, id, ags, wave, field, level, status, \
                 leadership, age_from, age_to, sex, self_born_abroad, self_german_at_birth, \
                 self_german_now, mother_born_abroad, father_born_abroad, \
                 mother_german_at_birth, father_german_at_birth, languages, release_no) ",
        width: 19,
        rows: out,
        scopes,
    })
}

/// Sorted, de-duplicated, `;`-joined: equal sets give equal strings, so they group in SQL.
fn join_languages(langs: &[Lang]) -> String {
    let set: BTreeSet<&str> = langs.iter().map(|l| l.as_str()).collect();
    set.into_iter().collect::<Vec<_>>().join(";")
}

fn prepare_population(rows: &[PopulationRecord]) -> Result<Prepared, StoreError> {
    let mut out = Vec::with_capacity(rows.len());
    let mut scopes = BTreeSet::new();
    let big = |row: usize, what: &str, v: u64| {
        i64::try_from(v).map_err(|_| {
            StoreError::Invalid(
                Message::new("err-store-too-large")
                    .with("row", row + 1)
                    .with("column", what)
                    .with("value", v),
            )
        })
    };
    for (i, r) in rows.iter().enumerate() {
        scopes.insert(Scope {
            ags: r.ags,
            period: r.year.get(),
            definition: r.definition.code(),
            source: r.source.code(),
        });
        out.push(vec![
            int(r.ags.get()),
            int(r.year.get()),
            Val::Text(r.definition.code().to_owned()),
            Val::Text(r.source.code().to_owned()),
            int(r.age.from),
            int(r.age.to),
            Val::OptText(r.sex.map(|s| s.code().to_owned())),
            Val::Int(big(i, "persons", r.persons)?),
            Val::Int(big(i, "with_migration", r.with_migration)?),
        ]);
    }
    Ok(Prepared {
        kind: ImportKind::Population,
        insert: "INSERT INTO population (import_id, ags, year, definition, source, age_from, \
                 age_to, sex, persons, with_migration) ",
        width: 9,
        rows: out,
        scopes,
    })
}

/// Scope of the kinds that are judged per city and year only (staff, pipeline, exits).
fn year_scope(ags: Ags, year: Year) -> Scope {
    Scope {
        ags,
        period: year.get(),
        definition: "",
        source: "",
    }
}

const CLASSES: [Class; 3] = [Class::With, Class::Without, Class::Unknown];

fn prepare_pipeline(rows: &[PipelineRecord]) -> Prepared {
    let mut scopes = BTreeSet::new();
    let out = rows
        .iter()
        .map(|r| {
            scopes.insert(year_scope(r.ags, r.year));
            vec![
                int(r.ags.get()),
                int(r.year.get()),
                Val::Text(r.occupation.as_str().to_owned()),
                Val::Text(r.stage.as_str().to_owned()),
                int(r.stage_order),
                Val::Text(r.group.code().to_owned()),
                int(r.count),
            ]
        })
        .collect();
    Prepared {
        kind: ImportKind::Pipeline,
        insert: "INSERT INTO pipeline (import_id, ags, year, occupation, stage, stage_order, \
                 migration_group, persons) ",
        width: 7,
        rows: out,
        scopes,
    }
}

fn prepare_exits(
    catalog: &FieldCatalog,
    dims: DimSet,
    rows: &[ExitRecord],
) -> Result<Prepared, StoreError> {
    let mut out = Vec::with_capacity(rows.len());
    let mut scopes = BTreeSet::new();
    for (i, r) in rows.iter().enumerate() {
        check_dims(i, &r.key, dims)?;
        scopes.insert(year_scope(r.ags, r.year));
        let mut v = Vec::with_capacity(13);
        v.push(int(r.ags.get()));
        v.push(int(r.year.get()));
        key_vals(catalog, &r.key, &mut v);
        v.push(Val::Text(r.group.code().to_owned()));
        v.push(Val::OptText(r.reason.map(|x| x.code().to_owned())));
        v.push(int(r.headcount));
        v.push(int(r.exits));
        out.push(v);
    }
    Ok(Prepared {
        kind: ImportKind::Exits,
        insert: "INSERT INTO exits (import_id, ags, year, field, level, status, leadership, \
                 age_from, age_to, sex, migration_group, reason, headcount, exits) ",
        width: 13,
        rows: out,
        scopes,
    })
}

fn check_meta(meta: &mut ImportMeta, rows: usize) -> Result<(), StoreError> {
    let sha = meta.sha256.trim().to_ascii_lowercase();
    if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(StoreError::Invalid(
            Message::new("err-store-sha").with("value", &meta.sha256),
        ));
    }
    meta.sha256 = sha;
    if rows == 0 {
        return Err(StoreError::Invalid(
            Message::new("err-store-no-rows").with("file", &meta.file_name),
        ));
    }
    Ok(())
}

fn is_kind(e: &sqlx::Error, kind: ErrorKind) -> bool {
    e.as_database_error().is_some_and(|d| d.kind() == kind)
}

fn inconsistent(column: &str, value: &str) -> StoreError {
    StoreError::Inconsistent(format!("Spalte {column}: unbekannter Wert {value:?}"))
}

fn u16_of(column: &str, v: i64) -> Result<u16, StoreError> {
    u16::try_from(v).map_err(|_| inconsistent(column, &v.to_string()))
}

fn u64_of(column: &str, v: i64) -> Result<u64, StoreError> {
    u64::try_from(v).map_err(|_| inconsistent(column, &v.to_string()))
}

pub(crate) fn ags_of(v: i64) -> Result<Ags, StoreError> {
    u32::try_from(v)
        .ok()
        .and_then(Ags::from_u32)
        .ok_or_else(|| inconsistent("ags", &v.to_string()))
}

pub(crate) fn wave_of(v: i64) -> Result<Wave, StoreError> {
    u16::try_from(v)
        .ok()
        .and_then(Wave::new)
        .ok_or_else(|| inconsistent("wave", &v.to_string()))
}

fn year_of(column: &str, v: i64) -> Result<u16, StoreError> {
    let y = u16_of(column, v)?;
    Year::new(y)
        .map(|_| y)
        .ok_or_else(|| inconsistent(column, &v.to_string()))
}

pub(crate) fn answer_of(column: &str, v: &str) -> Result<Answer, StoreError> {
    match v {
        "yes" => Ok(Answer::Yes),
        "no" => Ok(Answer::No),
        "unknown" => Ok(Answer::Unknown),
        _ => Err(inconsistent(column, v)),
    }
}

fn code_of<T: Copy>(
    column: &str,
    all: &[T],
    code: fn(T) -> &'static str,
    v: &str,
) -> Result<T, StoreError> {
    all.iter()
        .copied()
        .find(|x| code(*x) == v)
        .ok_or_else(|| inconsistent(column, v))
}

// ---------------------------------------------------------------------------------------------

impl<DB> Engine<DB>
where
    DB: Dialect,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB>,
    for<'q> String: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> Option<String>: Encode<'q, DB>,
    for<'q> bool: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> Option<bool>: Encode<'q, DB>,
    for<'q> Vec<u8>: Encode<'q, DB> + Type<DB>,
    usize: ColumnIndex<DB::Row>,
{
    pub(crate) fn catalog(&self) -> &FieldCatalog {
        &self.catalog
    }

    pub(crate) async fn import_staff(
        &self,
        mut meta: ImportMeta,
        rows: &[StaffRecord],
    ) -> Result<ImportOutcome, StoreError> {
        check_meta(&mut meta, rows.len())?;
        let prepared = prepare_staff(&self.catalog, meta.dims, rows)?;
        self.import(meta, prepared).await
    }

    pub(crate) async fn import_responses(
        &self,
        mut meta: ImportMeta,
        rows: &[ResponseRecord],
    ) -> Result<ImportOutcome, StoreError> {
        check_meta(&mut meta, rows.len())?;
        // Answers from a file are published as a whole: released at import (mark 0).
        let prepared = prepare_responses(&self.catalog, meta.dims, rows, |_| Some(0))?;
        self.import(meta, prepared).await
    }

    pub(crate) async fn import_population(
        &self,
        mut meta: ImportMeta,
        rows: &[PopulationRecord],
    ) -> Result<ImportOutcome, StoreError> {
        check_meta(&mut meta, rows.len())?;
        let prepared = prepare_population(rows)?;
        self.import(meta, prepared).await
    }

    pub(crate) async fn import_pipeline(
        &self,
        mut meta: ImportMeta,
        rows: &[PipelineRecord],
    ) -> Result<ImportOutcome, StoreError> {
        check_meta(&mut meta, rows.len())?;
        // The file has no segment columns; a caller that claims some is confused.
        if meta.dims != DimSet::EMPTY {
            return Err(StoreError::Invalid(
                Message::new("err-store-pipeline-dims").with("dims", meta.dims),
            ));
        }
        self.import(meta, prepare_pipeline(rows)).await
    }

    pub(crate) async fn import_exits(
        &self,
        mut meta: ImportMeta,
        rows: &[ExitRecord],
    ) -> Result<ImportOutcome, StoreError> {
        check_meta(&mut meta, rows.len())?;
        let prepared = prepare_exits(&self.catalog, meta.dims, rows)?;
        self.import(meta, prepared).await
    }

    async fn import(&self, meta: ImportMeta, p: Prepared) -> Result<ImportOutcome, StoreError> {
        let kind = p.kind;
        let scopes = p.scopes.clone();
        match self.write_import(&meta, p).await {
            // A unique key fired although the checks passed: a concurrent import of the same
            // file or of overlapping data committed in between. Report what is there now.
            Err(StoreError::Database(e)) if is_kind(&e, ErrorKind::UniqueViolation) => {
                let mut tx = self.pool.begin().await?;
                if let Some(id) = Self::find_same_file(&mut tx, kind, &meta.sha256).await? {
                    return Ok(ImportOutcome::AlreadyImported { id });
                }
                Self::check_overlap(&mut tx, kind, &scopes).await?;
                Err(StoreError::Database(e))
            }
            Err(StoreError::Database(e)) if is_kind(&e, ErrorKind::CheckViolation) => {
                Err(StoreError::Invalid(Message::new("err-store-check").with(
                    "detail",
                    e.as_database_error().map(|d| d.message()).unwrap_or(""),
                )))
            }
            other => other,
        }
    }

    /// The import proper: one transaction; any error before `commit` rolls everything back
    /// (the transaction is rolled back when dropped).
    async fn write_import(
        &self,
        meta: &ImportMeta,
        p: Prepared,
    ) -> Result<ImportOutcome, StoreError> {
        let mut tx = self.pool.begin_with(DB::BEGIN_WRITE).await?;
        if let Some(id) = Self::find_same_file(&mut tx, p.kind, &meta.sha256).await? {
            return Ok(ImportOutcome::AlreadyImported { id });
        }
        Self::check_overlap(&mut tx, p.kind, &p.scopes).await?;

        let row_count = p.rows.len() as u64;
        let row: DB::Row = sqlx::query(
            "INSERT INTO imports (kind, file_name, sha256, dims, row_count, imported_on) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(p.kind.code().to_owned())
        .bind(meta.file_name.clone())
        .bind(meta.sha256.clone())
        .bind(meta.dims.to_string())
        .bind(i64::try_from(row_count).unwrap_or(i64::MAX))
        .bind(date::today_iso())
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = row.try_get(0)?;

        let scope_rows = p
            .scopes
            .iter()
            .map(|s| {
                vec![
                    Val::Text(p.kind.code().to_owned()),
                    int(s.ags.get()),
                    int(s.period),
                    Val::Text(s.definition.to_owned()),
                    Val::Text(s.source.to_owned()),
                ]
            })
            .collect();
        Self::insert_rows(
            &mut tx,
            "INSERT INTO import_scope (import_id, kind, ags, period, definition, source) ",
            5,
            id,
            scope_rows,
        )
        .await?;
        Self::insert_rows(&mut tx, p.insert, p.width, id, p.rows).await?;
        tx.commit().await?;
        Ok(ImportOutcome::Imported {
            id: ImportId(id),
            rows: row_count,
        })
    }

    /// Multi-row INSERTs of at most [`MAX_ROWS_PER_INSERT`] rows each: few round trips, and
    /// full chunks share one SQL text and hence one cached prepared statement.
    pub(crate) async fn insert_rows(
        tx: &mut sqlx::Transaction<'static, DB>,
        head: &'static str,
        width: usize,
        import_id: i64,
        rows: Vec<Vec<Val>>,
    ) -> Result<(), StoreError> {
        let per_insert = (MAX_BINDS / (width + 1)).clamp(1, MAX_ROWS_PER_INSERT);
        let full_sql = values_sql(head, width + 1, per_insert, DB::NUMBERED_PLACEHOLDERS);
        let mut rows = rows.into_iter().peekable();
        while rows.peek().is_some() {
            let chunk: Vec<Vec<Val>> = rows.by_ref().take(per_insert).collect();
            let partial_sql;
            let sql = if chunk.len() == per_insert {
                &full_sql
            } else {
                partial_sql = values_sql(head, width + 1, chunk.len(), DB::NUMBERED_PLACEHOLDERS);
                &partial_sql
            };
            let mut q = sqlx::query(sql);
            for row in chunk {
                q = q.bind(import_id);
                for v in row {
                    q = match v {
                        Val::Int(x) => q.bind(x),
                        Val::OptInt(x) => q.bind(x),
                        Val::Text(x) => q.bind(x),
                        Val::OptText(x) => q.bind(x),
                        Val::OptBool(x) => q.bind(x),
                        Val::Blob(x) => q.bind(x),
                    };
                }
            }
            q.execute(&mut **tx).await?;
        }
        Ok(())
    }

    async fn find_same_file(
        tx: &mut sqlx::Transaction<'static, DB>,
        kind: ImportKind,
        sha256: &str,
    ) -> Result<Option<ImportId>, StoreError> {
        let row = sqlx::query("SELECT id FROM imports WHERE kind = $1 AND sha256 = $2")
            .bind(kind.code().to_owned())
            .bind(sha256.to_owned())
            .fetch_optional(&mut **tx)
            .await?;
        Ok(match row {
            Some(r) => Some(ImportId(r.try_get(0)?)),
            None => None,
        })
    }

    /// Fails with [`StoreError::Conflict`] naming the first stored import that covers any of
    /// `scopes`. Reads all scopes of the kind: there are few (cities × years), far fewer than rows.
    pub(crate) async fn check_overlap(
        tx: &mut sqlx::Transaction<'static, DB>,
        kind: ImportKind,
        scopes: &BTreeSet<Scope>,
    ) -> Result<(), StoreError> {
        let rows = sqlx::query(
            "SELECT s.ags, s.period, s.definition, s.source, i.id, i.file_name, i.imported_on \
             FROM import_scope s JOIN imports i ON i.id = s.import_id WHERE s.kind = $1",
        )
        .bind(kind.code().to_owned())
        .fetch_all(&mut **tx)
        .await?;
        let mut hits = Vec::new();
        for r in rows {
            let definition: String = r.try_get(2)?;
            let source: String = r.try_get(3)?;
            let stored = Scope {
                ags: ags_of(r.try_get(0)?)?,
                period: u16_of("period", r.try_get(1)?)?,
                // Matched against the new file's scopes, whose codes are 'static.
                definition: Definition::ALL
                    .iter()
                    .map(|d| d.code())
                    .find(|c| *c == definition)
                    .unwrap_or(""),
                source: Source::ALL
                    .iter()
                    .map(|s| s.code())
                    .find(|c| *c == source)
                    .unwrap_or(""),
            };
            if scopes.contains(&stored) {
                hits.push((stored, r));
            }
        }
        hits.sort_by_key(|h| h.0);
        match hits.into_iter().next() {
            None => Ok(()),
            Some((scope, r)) => {
                let on: String = r.try_get(6)?;
                Err(StoreError::Conflict {
                    id: ImportId(r.try_get(4)?),
                    kind,
                    file_name: r.try_get(5)?,
                    imported_on: date::german(&on),
                    what: scope.describe(kind),
                })
            }
        }
    }

    pub(crate) async fn list_imports(&self) -> Result<Vec<ImportInfo>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, kind, file_name, sha256, dims, row_count, imported_on FROM imports",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut out = BTreeMap::new();
        for r in rows {
            let id: i64 = r.try_get(0)?;
            let kind: String = r.try_get(1)?;
            let dims: String = r.try_get(4)?;
            out.insert(
                id,
                ImportInfo {
                    id: ImportId(id),
                    kind: ImportKind::from_code(&kind)
                        .ok_or_else(|| inconsistent("kind", &kind))?,
                    file_name: r.try_get(2)?,
                    sha256: r.try_get(3)?,
                    rows: u64_of("row_count", r.try_get(5)?)?,
                    dims: DimSet::parse(&dims).map_err(|_| inconsistent("dims", &dims))?,
                    cities: Vec::new(),
                    periods: Vec::new(),
                    imported_on: r.try_get(6)?,
                },
            );
        }
        let scopes = sqlx::query("SELECT DISTINCT import_id, ags, period FROM import_scope")
            .fetch_all(&self.pool)
            .await?;
        let mut cover: BTreeMap<i64, (BTreeSet<Ags>, BTreeSet<u16>)> = BTreeMap::new();
        for r in scopes {
            let e = cover.entry(r.try_get(0)?).or_default();
            e.0.insert(ags_of(r.try_get(1)?)?);
            e.1.insert(u16_of("period", r.try_get(2)?)?);
        }
        for (id, (cities, periods)) in cover {
            if let Some(info) = out.get_mut(&id) {
                info.cities = cities.into_iter().collect();
                info.periods = periods.into_iter().collect();
            }
        }
        Ok(out.into_values().collect())
    }

    pub(crate) async fn delete_import(&self, id: ImportId) -> Result<(), StoreError> {
        let mut tx = self.pool.begin_with(DB::BEGIN_WRITE).await?;
        let found = sqlx::query("SELECT id FROM imports WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&mut *tx)
            .await?;
        if found.is_none() {
            return Err(StoreError::NotFound(id));
        }
        let wave = sqlx::query("SELECT ags, wave FROM survey_waves WHERE import_id = $1")
            .bind(id.0)
            .fetch_optional(&mut *tx)
            .await?;
        if let Some(row) = wave {
            return Err(StoreError::InUse {
                id,
                ags: ags_of(row.try_get(0)?)?,
                wave: wave_of(row.try_get(1)?)?,
            });
        }
        for table in [
            "staff",
            "responses",
            "population",
            "pipeline",
            "exits",
            "import_scope",
            "imports",
        ] {
            let column = if table == "imports" {
                "id"
            } else {
                "import_id"
            };
            sqlx::query(&format!("DELETE FROM {table} WHERE {column} = $1"))
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub(crate) async fn cities(&self) -> Result<Vec<Ags>, StoreError> {
        sqlx::query("SELECT DISTINCT ags FROM import_scope ORDER BY ags")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| ags_of(r.try_get(0)?))
            .collect()
    }

    async fn periods(&self, kind: ImportKind, ags: Ags) -> Result<Vec<u16>, StoreError> {
        sqlx::query(
            "SELECT DISTINCT period FROM import_scope WHERE kind = $1 AND ags = $2 \
             ORDER BY period",
        )
        .bind(kind.code().to_owned())
        .bind(i64::from(ags.get()))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| year_of("period", r.try_get(0)?))
        .collect()
    }

    pub(crate) async fn staff_years(&self, ags: Ags) -> Result<Vec<Year>, StoreError> {
        let p = self.periods(ImportKind::Staff, ags).await?;
        Ok(p.into_iter().filter_map(Year::new).collect())
    }

    pub(crate) async fn population_years(&self, ags: Ags) -> Result<Vec<Year>, StoreError> {
        let p = self.periods(ImportKind::Population, ags).await?;
        Ok(p.into_iter().filter_map(Year::new).collect())
    }

    pub(crate) async fn pipeline_years(&self, ags: Ags) -> Result<Vec<Year>, StoreError> {
        let p = self.periods(ImportKind::Pipeline, ags).await?;
        Ok(p.into_iter().filter_map(Year::new).collect())
    }

    pub(crate) async fn exit_years(&self, ags: Ags) -> Result<Vec<Year>, StoreError> {
        let p = self.periods(ImportKind::Exits, ags).await?;
        Ok(p.into_iter().filter_map(Year::new).collect())
    }

    /// Waves with released answers: imported ones, and survey waves with at least one release
    /// point. A survey wave with nothing released does not exist for the analyses.
    pub(crate) async fn waves(&self, ags: Ags) -> Result<Vec<Wave>, StoreError> {
        sqlx::query(&format!(
            "SELECT DISTINCT s.period FROM import_scope s WHERE s.kind = $1 AND s.ags = $2 \
             AND {RELEASED_WAVE} ORDER BY s.period"
        ))
        .bind(ImportKind::Responses.code().to_owned())
        .bind(i64::from(ags.get()))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| wave_of(r.try_get(0)?))
        .collect()
    }

    async fn dims(&self, kind: ImportKind, ags: Ags, period: u16) -> Result<DimSet, StoreError> {
        let row = sqlx::query(
            "SELECT i.dims FROM import_scope s JOIN imports i ON i.id = s.import_id \
             WHERE s.kind = $1 AND s.ags = $2 AND s.period = $3",
        )
        .bind(kind.code().to_owned())
        .bind(i64::from(ags.get()))
        .bind(i64::from(period))
        .fetch_optional(&self.pool)
        .await?;
        match row {
            None => Ok(DimSet::EMPTY),
            Some(r) => {
                let dims: String = r.try_get(0)?;
                DimSet::parse(&dims).map_err(|_| inconsistent("dims", &dims))
            }
        }
    }

    pub(crate) async fn staff_dims(&self, ags: Ags, year: Year) -> Result<DimSet, StoreError> {
        self.dims(ImportKind::Staff, ags, year.get()).await
    }

    pub(crate) async fn response_dims(&self, ags: Ags, wave: Wave) -> Result<DimSet, StoreError> {
        if !self.waves(ags).await?.contains(&wave) {
            return Ok(DimSet::EMPTY);
        }
        self.dims(ImportKind::Responses, ags, wave.get()).await
    }

    /// Reads the seven key columns starting at column `at`.
    /// The seven answer columns starting at column `at` (in [`ANSWER_COLS`] order).
    pub(crate) fn answers_at(r: &DB::Row, at: usize) -> Result<Answers, StoreError> {
        let mut answers = Answers::default();
        for (i, item) in Item::ALL.into_iter().enumerate() {
            let v: String = r.try_get(at + i)?;
            answers.set(item, answer_of(item.code(), &v)?);
        }
        Ok(answers)
    }

    pub(crate) fn key_at(&self, r: &DB::Row, at: usize) -> Result<SegmentKey, StoreError> {
        let field: Option<String> = r.try_get(at)?;
        let level: Option<String> = r.try_get(at + 1)?;
        let status: Option<String> = r.try_get(at + 2)?;
        let leadership: Option<bool> = r.try_get(at + 3)?;
        let age_from: Option<i64> = r.try_get(at + 4)?;
        let age_to: Option<i64> = r.try_get(at + 5)?;
        let sex: Option<String> = r.try_get(at + 6)?;
        let field = match field {
            None => None,
            Some(code) => Some(self.catalog.by_code(&code).ok_or_else(|| {
                StoreError::Inconsistent(format!(
                    "Tätigkeitsfeld {code:?} ist im konfigurierten Katalog nicht (mehr) enthalten"
                ))
            })?),
        };
        let age = match (age_from, age_to) {
            (Some(f), Some(t)) => Some(age_band(f, t)?),
            (None, None) => None,
            _ => return Err(inconsistent("age_from/age_to", "nur eine Grenze")),
        };
        Ok(SegmentKey {
            field,
            level: level
                .map(|v| code_of("level", Level::ALL, Level::code, &v))
                .transpose()?,
            status: status
                .map(|v| code_of("status", Status::ALL, Status::code, &v))
                .transpose()?,
            leadership,
            age,
            sex: sex
                .map(|v| code_of("sex", Sex::ALL, Sex::code, &v))
                .transpose()?,
        })
    }

    pub(crate) async fn staff_cells(
        &self,
        ags: Ags,
        year: Year,
    ) -> Result<Vec<(SegmentKey, u64)>, StoreError> {
        let sql = format!(
            "SELECT {KEY_COLS}, CAST(SUM(headcount) AS BIGINT) FROM staff \
             WHERE ags = $1 AND year = $2 GROUP BY {KEY_COLS}"
        );
        let rows = sqlx::query(&sql)
            .bind(i64::from(ags.get()))
            .bind(i64::from(year.get()))
            .fetch_all(&self.pool)
            .await?;
        let mut out = rows
            .iter()
            .map(|r| {
                Ok((
                    self.key_at(r, 0)?,
                    u64_of("headcount", r.try_get(KEY_WIDTH)?)?,
                ))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        out.sort_unstable();
        Ok(out)
    }

    pub(crate) async fn response_cells(
        &self,
        ags: Ags,
        wave: Wave,
    ) -> Result<Vec<(SegmentKey, Answers, u64)>, StoreError> {
        let sql = format!(
            "SELECT {KEY_COLS}, {ANSWER_COLS}, COUNT(*) FROM responses \
             WHERE ags = $1 AND wave = $2 AND release_no IS NOT NULL \
             GROUP BY {KEY_COLS}, {ANSWER_COLS}"
        );
        let rows = sqlx::query(&sql)
            .bind(i64::from(ags.get()))
            .bind(i64::from(wave.get()))
            .fetch_all(&self.pool)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let key = self.key_at(r, 0)?;
            let answers = Self::answers_at(r, KEY_WIDTH)?;
            let n = u64_of("count", r.try_get(KEY_WIDTH + Item::ALL.len())?)?;
            out.push((key, answers, n));
        }
        out.sort_unstable();
        Ok(out)
    }

    pub(crate) async fn language_cells(
        &self,
        ags: Ags,
        wave: Wave,
    ) -> Result<Vec<(SegmentKey, Lang, u64)>, StoreError> {
        // Group by the whole language list in SQL (few distinct lists), split in Rust: splitting
        // strings in SQL is not portable.
        let sql = format!(
            "SELECT {KEY_COLS}, languages, COUNT(*) FROM responses \
             WHERE ags = $1 AND wave = $2 AND release_no IS NOT NULL AND languages <> '' \
             GROUP BY {KEY_COLS}, languages"
        );
        let rows = sqlx::query(&sql)
            .bind(i64::from(ags.get()))
            .bind(i64::from(wave.get()))
            .fetch_all(&self.pool)
            .await?;
        let mut cells: BTreeMap<(SegmentKey, Lang), u64> = BTreeMap::new();
        for r in &rows {
            let key = self.key_at(r, 0)?;
            let list: String = r.try_get(KEY_WIDTH)?;
            let n = u64_of("count", r.try_get(KEY_WIDTH + 1)?)?;
            for code in list.split(';') {
                let lang = Lang::parse(code).map_err(|_| inconsistent("languages", &list))?;
                *cells.entry((key, lang)).or_default() += n;
            }
        }
        Ok(cells.into_iter().map(|((k, l), n)| (k, l, n)).collect())
    }

    pub(crate) async fn population(
        &self,
        ags: Ags,
        year: Option<Year>,
    ) -> Result<Vec<PopulationRecord>, StoreError> {
        const COLS: &str =
            "year, definition, source, age_from, age_to, sex, persons, with_migration";
        let rows = match year {
            Some(y) => {
                sqlx::query(&format!(
                    "SELECT {COLS} FROM population WHERE ags = $1 AND year = $2"
                ))
                .bind(i64::from(ags.get()))
                .bind(i64::from(y.get()))
                .fetch_all(&self.pool)
                .await?
            }
            None => {
                sqlx::query(&format!("SELECT {COLS} FROM population WHERE ags = $1"))
                    .bind(i64::from(ags.get()))
                    .fetch_all(&self.pool)
                    .await?
            }
        };
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let definition: String = r.try_get(1)?;
            let source: String = r.try_get(2)?;
            let sex: Option<String> = r.try_get(5)?;
            let year = year_of("year", r.try_get(0)?)?;
            out.push(PopulationRecord {
                ags,
                year: Year::new(year).ok_or_else(|| inconsistent("year", &year.to_string()))?,
                definition: code_of(
                    "definition",
                    &Definition::ALL,
                    Definition::code,
                    &definition,
                )?,
                source: code_of("source", &Source::ALL, Source::code, &source)?,
                age: age_band(r.try_get(3)?, r.try_get(4)?)?,
                sex: sex
                    .map(|v| code_of("sex", Sex::ALL, Sex::code, &v))
                    .transpose()?,
                persons: u64_of("persons", r.try_get(6)?)?,
                with_migration: u64_of("with_migration", r.try_get(7)?)?,
            });
        }
        out.sort_unstable_by_key(|p| (p.year, p.definition, p.source, p.age, p.sex));
        Ok(out)
    }

    /// Every pipeline row of one city: the file is small (occupations × stages × groups), and
    /// the funnel analysis needs all of it.
    pub(crate) async fn pipeline_records(
        &self,
        ags: Ags,
    ) -> Result<Vec<PipelineRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT year, occupation, stage, stage_order, migration_group, persons \
             FROM pipeline WHERE ags = $1",
        )
        .bind(i64::from(ags.get()))
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let year = year_of("year", r.try_get(0)?)?;
            let occupation: String = r.try_get(1)?;
            let stage: String = r.try_get(2)?;
            let group: String = r.try_get(4)?;
            let count = u64_of("persons", r.try_get(5)?)?;
            out.push(PipelineRecord {
                ags,
                year: Year::new(year).ok_or_else(|| inconsistent("year", &year.to_string()))?,
                occupation: Occupation::parse(&occupation)
                    .map_err(|_| inconsistent("occupation", &occupation))?,
                stage: StageName::parse(&stage).map_err(|_| inconsistent("stage", &stage))?,
                stage_order: u16_of("stage_order", r.try_get(3)?)?,
                group: code_of("migration_group", &CLASSES, Class::code, &group)?,
                count: u32::try_from(count)
                    .map_err(|_| inconsistent("persons", &count.to_string()))?,
            });
        }
        out.sort_unstable_by(|a, b| {
            (a.year, &a.occupation, a.stage_order, &a.stage, a.group).cmp(&(
                b.year,
                &b.occupation,
                b.stage_order,
                &b.stage,
                b.group,
            ))
        });
        Ok(out)
    }

    /// Every exits row of one city, as imported.
    pub(crate) async fn exit_records(&self, ags: Ags) -> Result<Vec<ExitRecord>, StoreError> {
        let sql = format!(
            "SELECT year, {KEY_COLS}, migration_group, reason, headcount, exits FROM exits \
             WHERE ags = $1"
        );
        let rows = sqlx::query(&sql)
            .bind(i64::from(ags.get()))
            .fetch_all(&self.pool)
            .await?;
        let count = |column: &str, v: i64| {
            u32::try_from(v).map_err(|_| inconsistent(column, &v.to_string()))
        };
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let year = year_of("year", r.try_get(0)?)?;
            let group: String = r.try_get(1 + KEY_WIDTH)?;
            let reason: Option<String> = r.try_get(2 + KEY_WIDTH)?;
            out.push(ExitRecord {
                ags,
                year: Year::new(year).ok_or_else(|| inconsistent("year", &year.to_string()))?,
                key: self.key_at(r, 1)?,
                group: code_of("migration_group", &CLASSES, Class::code, &group)?,
                reason: reason
                    .map(|v| code_of("reason", &ExitReason::ALL, ExitReason::code, &v))
                    .transpose()?,
                headcount: count("headcount", r.try_get(3 + KEY_WIDTH)?)?,
                exits: count("exits", r.try_get(4 + KEY_WIDTH)?)?,
            });
        }
        out.sort_unstable_by_key(|e| (e.year, e.key, e.group, e.reason, e.headcount, e.exits));
        Ok(out)
    }
}

/// `head VALUES ($1, …, $w), ($w+1, …), …` (or with `?`) for `rows` rows of `width` values.
fn values_sql(head: &str, width: usize, rows: usize, numbered: bool) -> String {
    use std::fmt::Write;
    let mut sql = String::with_capacity(head.len() + 8 + rows * width * 8);
    sql.push_str(head);
    sql.push_str("VALUES ");
    let mut n = 0;
    for r in 0..rows {
        sql.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..width {
            n += 1;
            let sep = if c == 0 { "" } else { ", " };
            // Writing into a String cannot fail.
            let _ = if numbered {
                write!(sql, "{sep}${n}")
            } else {
                write!(sql, "{sep}?")
            };
        }
        sql.push(')');
    }
    sql
}

fn age_band(from: i64, to: i64) -> Result<AgeBand, StoreError> {
    let bad = || inconsistent("age_from/age_to", &format!("{from}-{to}"));
    let f = u8::try_from(from).map_err(|_| bad())?;
    let t = u8::try_from(to).map_err(|_| bad())?;
    AgeBand::new(f, t).map_err(|_| bad())
}

/// Implements [`crate::Store`] for a wrapper type with an `engine` field by delegation.
macro_rules! store_via_engine {
    ($ty:ty) => {
        impl $crate::Store for $ty {
            fn catalog(&self) -> &::abbild_core::FieldCatalog {
                self.engine.catalog()
            }
            async fn import_staff(
                &self,
                meta: $crate::ImportMeta,
                rows: &[::abbild_core::records::StaffRecord],
            ) -> Result<$crate::ImportOutcome, $crate::StoreError> {
                self.engine.import_staff(meta, rows).await
            }
            async fn import_responses(
                &self,
                meta: $crate::ImportMeta,
                rows: &[::abbild_core::records::ResponseRecord],
            ) -> Result<$crate::ImportOutcome, $crate::StoreError> {
                self.engine.import_responses(meta, rows).await
            }
            async fn import_population(
                &self,
                meta: $crate::ImportMeta,
                rows: &[::abbild_core::records::PopulationRecord],
            ) -> Result<$crate::ImportOutcome, $crate::StoreError> {
                self.engine.import_population(meta, rows).await
            }
            async fn import_pipeline(
                &self,
                meta: $crate::ImportMeta,
                rows: &[::abbild_core::records::PipelineRecord],
            ) -> Result<$crate::ImportOutcome, $crate::StoreError> {
                self.engine.import_pipeline(meta, rows).await
            }
            async fn import_exits(
                &self,
                meta: $crate::ImportMeta,
                rows: &[::abbild_core::records::ExitRecord],
            ) -> Result<$crate::ImportOutcome, $crate::StoreError> {
                self.engine.import_exits(meta, rows).await
            }
            async fn list_imports(&self) -> Result<Vec<$crate::ImportInfo>, $crate::StoreError> {
                self.engine.list_imports().await
            }
            async fn delete_import(&self, id: $crate::ImportId) -> Result<(), $crate::StoreError> {
                self.engine.delete_import(id).await
            }
            async fn cities(&self) -> Result<Vec<::abbild_core::Ags>, $crate::StoreError> {
                self.engine.cities().await
            }
            async fn staff_years(
                &self,
                ags: ::abbild_core::Ags,
            ) -> Result<Vec<::abbild_core::Year>, $crate::StoreError> {
                self.engine.staff_years(ags).await
            }
            async fn waves(
                &self,
                ags: ::abbild_core::Ags,
            ) -> Result<Vec<::abbild_core::Wave>, $crate::StoreError> {
                self.engine.waves(ags).await
            }
            async fn population_years(
                &self,
                ags: ::abbild_core::Ags,
            ) -> Result<Vec<::abbild_core::Year>, $crate::StoreError> {
                self.engine.population_years(ags).await
            }
            async fn pipeline_years(
                &self,
                ags: ::abbild_core::Ags,
            ) -> Result<Vec<::abbild_core::Year>, $crate::StoreError> {
                self.engine.pipeline_years(ags).await
            }
            async fn exit_years(
                &self,
                ags: ::abbild_core::Ags,
            ) -> Result<Vec<::abbild_core::Year>, $crate::StoreError> {
                self.engine.exit_years(ags).await
            }
            async fn staff_cells(
                &self,
                ags: ::abbild_core::Ags,
                year: ::abbild_core::Year,
            ) -> Result<Vec<(::abbild_core::SegmentKey, u64)>, $crate::StoreError> {
                self.engine.staff_cells(ags, year).await
            }
            async fn staff_dims(
                &self,
                ags: ::abbild_core::Ags,
                year: ::abbild_core::Year,
            ) -> Result<::abbild_core::DimSet, $crate::StoreError> {
                self.engine.staff_dims(ags, year).await
            }
            async fn response_cells(
                &self,
                ags: ::abbild_core::Ags,
                wave: ::abbild_core::Wave,
            ) -> Result<
                Vec<(::abbild_core::SegmentKey, ::abbild_core::Answers, u64)>,
                $crate::StoreError,
            > {
                self.engine.response_cells(ags, wave).await
            }
            async fn response_dims(
                &self,
                ags: ::abbild_core::Ags,
                wave: ::abbild_core::Wave,
            ) -> Result<::abbild_core::DimSet, $crate::StoreError> {
                self.engine.response_dims(ags, wave).await
            }
            async fn language_cells(
                &self,
                ags: ::abbild_core::Ags,
                wave: ::abbild_core::Wave,
            ) -> Result<
                Vec<(::abbild_core::SegmentKey, ::abbild_core::records::Lang, u64)>,
                $crate::StoreError,
            > {
                self.engine.language_cells(ags, wave).await
            }
            async fn population(
                &self,
                ags: ::abbild_core::Ags,
                year: Option<::abbild_core::Year>,
            ) -> Result<Vec<::abbild_core::records::PopulationRecord>, $crate::StoreError> {
                self.engine.population(ags, year).await
            }
            async fn pipeline_records(
                &self,
                ags: ::abbild_core::Ags,
            ) -> Result<Vec<::abbild_core::records::PipelineRecord>, $crate::StoreError> {
                self.engine.pipeline_records(ags).await
            }
            async fn exit_records(
                &self,
                ags: ::abbild_core::Ags,
            ) -> Result<Vec<::abbild_core::records::ExitRecord>, $crate::StoreError> {
                self.engine.exit_records(ags).await
            }
        }
    };
}
pub(crate) use store_via_engine;

//! The survey's storage (SPEC §6): waves, hashed single-use codes, and submission in one
//! transaction. What is stored and why: docs/ANONYMITY.md.

use crate::sql::{
    ags_of, prepare_responses, wave_of, Dialect, Engine, Scope, ANSWER_COLS, KEY_COLS, KEY_WIDTH,
};
use crate::{date, ImportId, ImportKind, StoreError};
use abbild_core::answers::Item;
use abbild_core::records::{Lang, ResponseRecord};
use abbild_core::survey::SurveyAnswers;
use abbild_core::{Ags, Dim, DimSet, SegmentKey, Wave};
use sqlx::{ColumnIndex, Decode, Encode, Executor, IntoArguments, Row, Type};
use std::collections::BTreeSet;
use std::future::Future;

/// State of one survey wave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaveInfo {
    pub ags: Ags,
    pub wave: Wave,
    pub import_id: ImportId,
    pub open: bool,
    pub opened_on: String,
    pub closed_on: Option<String>,
    pub codes: u64,
    pub used: u64,
    /// Answers released so far (interim releases and the final one at closing).
    pub released: u64,
}

/// What kind of release point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReleaseKind {
    /// While the wave is open, when every affected segment gained at least k answers.
    Interim,
    /// At the closing of the wave: everything not yet released.
    Final,
}

impl ReleaseKind {
    pub fn code(self) -> &'static str {
        match self {
            ReleaseKind::Interim => "interim",
            ReleaseKind::Final => "final",
        }
    }
}

/// One release point of a wave (a row of `survey_releases`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseInfo {
    pub ags: Ags,
    pub wave: Wave,
    /// 1, 2, … per wave; the mark on the released answers.
    pub release_no: u32,
    /// Day of the release, ISO `YYYY-MM-DD`.
    pub released_on: String,
    /// Answers released at this point.
    pub responses: u64,
    pub kind: ReleaseKind,
}

/// The check of an interim release: gets the answers not yet released, counted per full
/// segment key, and says why they may not be released (`Err`) or agrees (`Ok`).
pub type ReleaseCheck =
    Box<dyn FnOnce(&[(SegmentKey, u64)]) -> Result<(), abbild_i18n::Message> + Send>;

fn no_wave(wave: Wave, ags: Ags) -> StoreError {
    StoreError::Invalid(
        abbild_i18n::Message::new("err-store-no-wave")
            .with("wave", wave)
            .with("ags", ags),
    )
}

/// What became of a submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubmitOutcome {
    /// Stored; the code is used up.
    Stored,
    /// The code was used before (or concurrently); nothing stored.
    UsedCode,
    /// No such code; nothing stored.
    UnknownCode,
    /// The code's wave is closed; nothing stored.
    Closed,
}

/// Storage of the survey. Implemented by every backend.
pub trait Survey: Send + Sync {
    /// Opens a wave with the hashes of its access codes. The wave's responses are stored under
    /// a new import, so an import of the same city and wave from elsewhere is refused (and the
    /// other way round).
    fn open_wave(
        &self,
        ags: Ags,
        wave: Wave,
        code_hashes: &[String],
    ) -> impl Future<Output = Result<ImportId, StoreError>> + Send;

    /// Stops submissions and releases every answer not yet released (the final release
    /// point), in one transaction. Codes stay, so a late submission gets "closed", not
    /// "unknown".
    fn close_wave(
        &self,
        ags: Ags,
        wave: Wave,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    fn wave_info(
        &self,
        ags: Ags,
        wave: Wave,
    ) -> impl Future<Output = Result<Option<WaveInfo>, StoreError>> + Send;

    /// Every survey wave of a city, ascending.
    fn survey_waves(
        &self,
        ags: Ags,
    ) -> impl Future<Output = Result<Vec<WaveInfo>, StoreError>> + Send;

    /// Checks the code, marks it used and stores the answers, in one transaction.
    fn submit(
        &self,
        code_hash: &str,
        answers: SurveyAnswers,
    ) -> impl Future<Output = Result<SubmitOutcome, StoreError>> + Send;

    /// Several submissions in one transaction (group commit): one outcome per item, in order.
    /// A database error fails all of them; nothing is stored then.
    fn submit_batch(
        &self,
        items: Vec<(String, SurveyAnswers)>,
    ) -> impl Future<Output = Result<Vec<SubmitOutcome>, StoreError>> + Send;

    /// Rewrites every response of the wave with fresh random keys, in random order, in one
    /// transaction; returns how many. Why: PostgreSQL stamps each row with the id of the
    /// transaction that wrote it (`xmin`) and keeps the heap in insertion order, which
    /// reveals the order *between* commits. After the rewrite all rows carry one `xmin` and
    /// a random place; the dead old versions are then removed (`VACUUM FULL` on PostgreSQL;
    /// SQLite runs with `secure_delete`). On PostgreSQL the wave's code rows are rewritten
    /// too: a code row marked used carries the submission's transaction id, the same as its
    /// response's. Runs when a wave closes and periodically while open; callers then run
    /// [`Survey::forget_order`].
    fn reshuffle_wave(
        &self,
        ags: Ags,
        wave: Wave,
    ) -> impl Future<Output = Result<u64, StoreError>> + Send;

    /// Makes the files forget the order of the last transactions: on SQLite, moves the
    /// write-ahead log into the main file and truncates it to zero bytes (`wal_checkpoint
    /// (TRUNCATE)`), verified by the checkpoint's result and the log's size, retrying while
    /// another reader holds the log, for at most `patience`; then lets one harmless
    /// transaction (the header page only) overwrite the page list the wal-index (`-shm`)
    /// keeps of the last one, and empties the log again. Until then the log holds every
    /// commit in order, a code's "used" mark next to its answer.
    /// [`StoreError::LogBusy`] if the log could not be emptied in time. PostgreSQL: nothing
    /// to do (its system columns are handled by [`Survey::reshuffle_wave`]).
    fn forget_order(
        &self,
        patience: std::time::Duration,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// An interim release of an open wave: in one transaction that holds submissions back,
    /// counts the unreleased answers per segment key, asks `check`, and, if it agrees, marks
    /// them released under the next release number. `check`'s refusal becomes
    /// [`StoreError::Invalid`]; so does a closed wave or one with no new answers.
    fn release_wave(
        &self,
        ags: Ags,
        wave: Wave,
        check: ReleaseCheck,
    ) -> impl Future<Output = Result<ReleaseInfo, StoreError>> + Send;

    /// The release points of a wave, ascending.
    fn releases(
        &self,
        ags: Ags,
        wave: Wave,
    ) -> impl Future<Output = Result<Vec<ReleaseInfo>, StoreError>> + Send;

    /// The wave's *released* responses in the import format, sorted by content (the order says
    /// nothing). Answers of an open wave that are not released yet are not included.
    fn survey_responses(
        &self,
        ags: Ags,
        wave: Wave,
    ) -> impl Future<Output = Result<Vec<ResponseRecord>, StoreError>> + Send;
}

fn all_dims() -> DimSet {
    Dim::ALL.into_iter().fold(DimSet::EMPTY, |s, d| s.with(d))
}

impl<DB> Engine<DB>
where
    DB: Dialect,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB> + Decode<'q, DB>,
    for<'q> String: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> Option<String>: Encode<'q, DB> + Decode<'q, DB>,
    for<'q> bool: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> Option<bool>: Encode<'q, DB>,
    for<'q> Vec<u8>: Encode<'q, DB> + Type<DB>,
    usize: ColumnIndex<DB::Row>,
{
    pub(crate) async fn open_wave(
        &self,
        ags: Ags,
        wave: Wave,
        code_hashes: &[String],
    ) -> Result<ImportId, StoreError> {
        if code_hashes.iter().any(|h| h.len() != 64) {
            return Err(StoreError::Invalid(abbild_i18n::Message::new(
                "err-store-code-hash",
            )));
        }
        let mut tx = self.pool.begin_with(DB::BEGIN_WRITE).await?;
        let exists = sqlx::query("SELECT open FROM survey_waves WHERE ags = $1 AND wave = $2")
            .bind(i64::from(ags.get()))
            .bind(i64::from(wave.get()))
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_some() {
            return Err(StoreError::Invalid(
                abbild_i18n::Message::new("err-store-wave-exists")
                    .with("wave", wave)
                    .with("ags", ags),
            ));
        }
        let scopes: BTreeSet<Scope> = [Scope {
            ags,
            period: wave.get(),
            definition: "",
            source: "",
        }]
        .into();
        Self::check_overlap(&mut tx, ImportKind::Responses, &scopes).await?;
        // The import row of the wave. Its "file" is the survey itself; the hash is of its name,
        // which is unique per city and wave.
        let name = format!("abbild-Befragung {ags} Welle {wave}");
        let sha = {
            use sha2::Digest;
            hex::encode(sha2::Sha256::digest(name.as_bytes()))
        };
        let row: DB::Row = sqlx::query(
            "INSERT INTO imports (kind, file_name, sha256, dims, row_count, imported_on) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(ImportKind::Responses.code().to_owned())
        .bind(name)
        .bind(sha)
        .bind(all_dims().to_string())
        .bind(0i64)
        .bind(date::today_iso())
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = row.try_get(0)?;
        sqlx::query(
            "INSERT INTO import_scope (import_id, kind, ags, period, definition, source) \
             VALUES ($1, $2, $3, $4, '', '')",
        )
        .bind(id)
        .bind(ImportKind::Responses.code().to_owned())
        .bind(i64::from(ags.get()))
        .bind(i64::from(wave.get()))
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO survey_waves (ags, wave, import_id, open, opened_on) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(i64::from(ags.get()))
        .bind(i64::from(wave.get()))
        .bind(id)
        .bind(true)
        .bind(date::today_iso())
        .execute(&mut *tx)
        .await?;
        for chunk in code_hashes.chunks(500) {
            let mut sql =
                String::from("INSERT INTO survey_codes (code_hash, ags, wave, used) VALUES ");
            for (i, _) in chunk.iter().enumerate() {
                if i > 0 {
                    sql.push(',');
                }
                let b = 4 * i;
                sql.push_str(&format!("(${}, ${}, ${}, ${})", b + 1, b + 2, b + 3, b + 4));
            }
            let mut q = sqlx::query(&sql);
            for h in chunk {
                q = q
                    .bind(h.clone())
                    .bind(i64::from(ags.get()))
                    .bind(i64::from(wave.get()))
                    .bind(false);
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(ImportId(id))
    }

    pub(crate) async fn close_wave(&self, ags: Ags, wave: Wave) -> Result<(), StoreError> {
        let mut tx = self.pool.begin_with(DB::BEGIN_WRITE).await?;
        if let Some(lock) = DB::LOCK_FOR_RELEASE {
            sqlx::query(lock).execute(&mut *tx).await?;
        }
        let open: Option<bool> =
            sqlx::query_scalar("SELECT open FROM survey_waves WHERE ags = $1 AND wave = $2")
                .bind(i64::from(ags.get()))
                .bind(i64::from(wave.get()))
                .fetch_optional(&mut *tx)
                .await?;
        match open {
            None => return Err(no_wave(wave, ags)),
            // Closing twice changes nothing (and records no second final release).
            Some(false) => return Ok(()),
            Some(true) => {}
        }
        sqlx::query(
            "UPDATE survey_waves SET open = $1, closed_on = $2 WHERE ags = $3 AND wave = $4",
        )
        .bind(false)
        .bind(date::today_iso())
        .bind(i64::from(ags.get()))
        .bind(i64::from(wave.get()))
        .execute(&mut *tx)
        .await?;
        Self::release_in(&mut tx, ags, wave, ReleaseKind::Final).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Marks every unreleased answer of the wave with the next release number and records the
    /// release point. Runs inside the caller's transaction, after `LOCK_FOR_RELEASE`.
    async fn release_in(
        tx: &mut sqlx::Transaction<'static, DB>,
        ags: Ags,
        wave: Wave,
        kind: ReleaseKind,
    ) -> Result<ReleaseInfo, StoreError> {
        let last: Option<i64> = sqlx::query_scalar(
            "SELECT MAX(release_no) FROM survey_releases WHERE ags = $1 AND wave = $2",
        )
        .bind(i64::from(ags.get()))
        .bind(i64::from(wave.get()))
        .fetch_one(&mut **tx)
        .await?;
        let no = last.unwrap_or(0) + 1;
        let r = sqlx::query(
            "UPDATE responses SET release_no = $1 \
             WHERE ags = $2 AND wave = $3 AND release_no IS NULL",
        )
        .bind(no)
        .bind(i64::from(ags.get()))
        .bind(i64::from(wave.get()))
        .execute(&mut **tx)
        .await?;
        let n = DB::rows_affected(&r);
        let on = date::today_iso();
        sqlx::query(
            "INSERT INTO survey_releases (ags, wave, release_no, released_on, responses, kind) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(i64::from(ags.get()))
        .bind(i64::from(wave.get()))
        .bind(no)
        .bind(on.clone())
        .bind(i64::try_from(n).unwrap_or(i64::MAX))
        .bind(kind.code().to_owned())
        .execute(&mut **tx)
        .await?;
        Ok(ReleaseInfo {
            ags,
            wave,
            release_no: u32::try_from(no).unwrap_or(u32::MAX),
            released_on: on,
            responses: n,
            kind,
        })
    }

    pub(crate) async fn release_wave(
        &self,
        ags: Ags,
        wave: Wave,
        check: ReleaseCheck,
    ) -> Result<ReleaseInfo, StoreError> {
        let mut tx = self.pool.begin_with(DB::BEGIN_WRITE).await?;
        if let Some(lock) = DB::LOCK_FOR_RELEASE {
            sqlx::query(lock).execute(&mut *tx).await?;
        }
        let open: Option<bool> =
            sqlx::query_scalar("SELECT open FROM survey_waves WHERE ags = $1 AND wave = $2")
                .bind(i64::from(ags.get()))
                .bind(i64::from(wave.get()))
                .fetch_optional(&mut *tx)
                .await?;
        match open {
            None => return Err(no_wave(wave, ags)),
            Some(false) => {
                return Err(StoreError::Invalid(
                    abbild_i18n::Message::new("err-store-wave-closed").with("wave", wave),
                ))
            }
            Some(true) => {}
        }
        let sql = format!(
            "SELECT {KEY_COLS}, COUNT(*) FROM responses \
             WHERE ags = $1 AND wave = $2 AND release_no IS NULL GROUP BY {KEY_COLS}"
        );
        let rows = sqlx::query(&sql)
            .bind(i64::from(ags.get()))
            .bind(i64::from(wave.get()))
            .fetch_all(&mut *tx)
            .await?;
        let mut cells = Vec::with_capacity(rows.len());
        for r in &rows {
            let n: i64 = r.try_get(KEY_WIDTH)?;
            cells.push((self.key_at(r, 0)?, u64::try_from(n).unwrap_or(0)));
        }
        cells.sort_unstable();
        if cells.iter().all(|c| c.1 == 0) {
            return Err(StoreError::Invalid(
                abbild_i18n::Message::new("err-store-nothing-new").with("wave", wave),
            ));
        }
        check(&cells).map_err(StoreError::Invalid)?;
        let info = Self::release_in(&mut tx, ags, wave, ReleaseKind::Interim).await?;
        tx.commit().await?;
        Ok(info)
    }

    pub(crate) async fn releases(
        &self,
        ags: Ags,
        wave: Wave,
    ) -> Result<Vec<ReleaseInfo>, StoreError> {
        let rows = sqlx::query(
            "SELECT release_no, released_on, responses, kind FROM survey_releases \
             WHERE ags = $1 AND wave = $2 ORDER BY release_no",
        )
        .bind(i64::from(ags.get()))
        .bind(i64::from(wave.get()))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let no: i64 = r.try_get(0)?;
                let n: i64 = r.try_get(2)?;
                let kind: String = r.try_get(3)?;
                Ok(ReleaseInfo {
                    ags,
                    wave,
                    release_no: u32::try_from(no).unwrap_or(0),
                    released_on: r.try_get(1)?,
                    responses: u64::try_from(n).unwrap_or(0),
                    kind: match kind.as_str() {
                        "interim" => ReleaseKind::Interim,
                        "final" => ReleaseKind::Final,
                        other => {
                            return Err(StoreError::Inconsistent(format!(
                                "Spalte kind: unbekannter Wert {other:?}"
                            )))
                        }
                    },
                })
            })
            .collect()
    }

    fn wave_at(r: &DB::Row) -> Result<WaveInfo, StoreError> {
        Ok(WaveInfo {
            ags: ags_of(r.try_get(0)?)?,
            wave: wave_of(r.try_get(1)?)?,
            import_id: ImportId(r.try_get(2)?),
            open: r.try_get(3)?,
            opened_on: r.try_get(4)?,
            closed_on: r.try_get(5)?,
            codes: u64::try_from(r.try_get::<i64, _>(6)?).unwrap_or(0),
            used: u64::try_from(r.try_get::<i64, _>(7)?).unwrap_or(0),
            released: u64::try_from(r.try_get::<i64, _>(8)?).unwrap_or(0),
        })
    }

    const WAVE_SQL: &'static str = "SELECT w.ags, w.wave, w.import_id, w.open, w.opened_on, \
         w.closed_on, (SELECT COUNT(*) FROM survey_codes c WHERE c.ags = w.ags AND c.wave = w.wave), \
         (SELECT COUNT(*) FROM survey_codes c WHERE c.ags = w.ags AND c.wave = w.wave AND c.used), \
         (SELECT COUNT(*) FROM responses r WHERE r.import_id = w.import_id \
          AND r.release_no IS NOT NULL) \
         FROM survey_waves w";

    pub(crate) async fn wave_info(
        &self,
        ags: Ags,
        wave: Wave,
    ) -> Result<Option<WaveInfo>, StoreError> {
        let sql = format!("{} WHERE w.ags = $1 AND w.wave = $2", Self::WAVE_SQL);
        let row = sqlx::query(&sql)
            .bind(i64::from(ags.get()))
            .bind(i64::from(wave.get()))
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| Self::wave_at(&r)).transpose()
    }

    pub(crate) async fn survey_waves(&self, ags: Ags) -> Result<Vec<WaveInfo>, StoreError> {
        let sql = format!("{} WHERE w.ags = $1 ORDER BY w.wave", Self::WAVE_SQL);
        sqlx::query(&sql)
            .bind(i64::from(ags.get()))
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(Self::wave_at)
            .collect()
    }

    pub(crate) async fn submit(
        &self,
        code_hash: &str,
        answers: SurveyAnswers,
    ) -> Result<SubmitOutcome, StoreError> {
        let mut out = self
            .submit_batch(vec![(code_hash.to_owned(), answers)])
            .await?;
        out.pop()
            .ok_or_else(|| StoreError::Inconsistent("leeres Ergebnis".into()))
    }

    pub(crate) async fn submit_batch(
        &self,
        items: Vec<(String, SurveyAnswers)>,
    ) -> Result<Vec<SubmitOutcome>, StoreError> {
        // Work through the batch in random order: on PostgreSQL the heap keeps insertion
        // order, so within one transaction nothing follows the order of arrival.
        let mut order: Vec<usize> = (0..items.len()).collect();
        {
            use rand::seq::SliceRandom;
            order.shuffle(&mut rand::rng());
        }
        let mut items: Vec<Option<(String, SurveyAnswers)>> = items.into_iter().map(Some).collect();
        let mut out = vec![SubmitOutcome::UnknownCode; items.len()];
        let mut tx = self.pool.begin_with(DB::BEGIN_WRITE).await?;
        if let Some(lock) = DB::LOCK_FOR_SUBMIT {
            sqlx::query(lock).execute(&mut *tx).await?;
        }
        for i in order {
            if let Some((code_hash, answers)) = items[i].take() {
                out[i] = Self::submit_in(&mut tx, &self.catalog, &code_hash, answers).await?;
            }
        }
        tx.commit().await?;
        Ok(out)
    }

    async fn submit_in(
        tx: &mut sqlx::Transaction<'static, DB>,
        catalog: &abbild_core::FieldCatalog,
        code_hash: &str,
        answers: SurveyAnswers,
    ) -> Result<SubmitOutcome, StoreError> {
        let row = sqlx::query(
            "SELECT c.ags, c.wave, c.used, w.open, w.import_id FROM survey_codes c \
             JOIN survey_waves w ON w.ags = c.ags AND w.wave = c.wave WHERE c.code_hash = $1",
        )
        .bind(code_hash.to_owned())
        .fetch_optional(&mut **tx)
        .await?;
        let Some(r) = row else {
            return Ok(SubmitOutcome::UnknownCode);
        };
        let (ags, wave, used, open, import_id): (i64, i64, bool, bool, i64) = (
            r.try_get(0)?,
            r.try_get(1)?,
            r.try_get(2)?,
            r.try_get(3)?,
            r.try_get(4)?,
        );
        if !open {
            return Ok(SubmitOutcome::Closed);
        }
        if used {
            return Ok(SubmitOutcome::UsedCode);
        }
        // The guard `NOT used` makes two concurrent submissions of one code store one response.
        let upd =
            sqlx::query("UPDATE survey_codes SET used = $1 WHERE code_hash = $2 AND used = $3")
                .bind(true)
                .bind(code_hash.to_owned())
                .bind(false)
                .execute(&mut **tx)
                .await?;
        if DB::rows_affected(&upd) != 1 {
            return Ok(SubmitOutcome::UsedCode);
        }
        let record = answers.into_record(ags_of(ags)?, wave_of(wave)?);
        // Not released: invisible to every analysis until a release point (SPEC §6).
        let p = prepare_responses(catalog, all_dims(), std::slice::from_ref(&record), |_| None)?;
        Self::insert_rows(tx, p.insert, p.width, import_id, p.rows).await?;
        sqlx::query("UPDATE imports SET row_count = row_count + 1 WHERE id = $1")
            .bind(import_id)
            .execute(&mut **tx)
            .await?;
        Ok(SubmitOutcome::Stored)
    }

    pub(crate) async fn reshuffle_wave(&self, ags: Ags, wave: Wave) -> Result<u64, StoreError> {
        let mut tx = self.pool.begin_with(DB::BEGIN_WRITE).await?;
        // Holds submissions back: one committed between the read and the DELETE below would
        // otherwise be lost.
        if let Some(lock) = DB::LOCK_FOR_RELEASE {
            sqlx::query(lock).execute(&mut *tx).await?;
        }
        let import_id: Option<i64> =
            sqlx::query_scalar("SELECT import_id FROM survey_waves WHERE ags = $1 AND wave = $2")
                .bind(i64::from(ags.get()))
                .bind(i64::from(wave.get()))
                .fetch_optional(&mut *tx)
                .await?;
        let Some(import_id) = import_id else {
            return Err(no_wave(wave, ags));
        };
        if DB::REWRITE_CODES {
            Self::rewrite_codes(&mut tx, ags, wave).await?;
        }
        let (records, marks): (Vec<ResponseRecord>, Vec<Option<i64>>) = self
            .responses_in(&mut *tx, ags, wave, false)
            .await?
            .into_iter()
            .unzip();
        sqlx::query("DELETE FROM responses WHERE import_id = $1")
            .bind(import_id)
            .execute(&mut *tx)
            .await?;
        // prepare_responses draws fresh random keys and orders the rows by them; each row
        // keeps its release mark.
        let n = records.len() as u64;
        let p = prepare_responses(&self.catalog, all_dims(), &records, |i| marks[i])?;
        Self::insert_rows(&mut tx, p.insert, p.width, import_id, p.rows).await?;
        tx.commit().await?;
        for sql in DB::COMPACT_AFTER_REWRITE {
            sqlx::query(sql).execute(&self.pool).await?;
        }
        Ok(n)
    }

    /// Deletes the wave's code rows and inserts them again, hash and used flag unchanged, in
    /// random order: afterwards they carry this transaction's id, not the ids of the
    /// submissions that used them. `DELETE … RETURNING` yields the versions it deleted, so a
    /// submission committing meanwhile (its row lock makes the DELETE wait) keeps its mark.
    async fn rewrite_codes(
        tx: &mut sqlx::Transaction<'static, DB>,
        ags: Ags,
        wave: Wave,
    ) -> Result<(), StoreError> {
        let rows = sqlx::query(
            "DELETE FROM survey_codes WHERE ags = $1 AND wave = $2 RETURNING code_hash, used",
        )
        .bind(i64::from(ags.get()))
        .bind(i64::from(wave.get()))
        .fetch_all(&mut **tx)
        .await?;
        let mut codes = rows
            .iter()
            .map(|r| Ok((r.try_get::<String, _>(0)?, r.try_get::<bool, _>(1)?)))
            .collect::<Result<Vec<_>, StoreError>>()?;
        {
            use rand::seq::SliceRandom;
            codes.shuffle(&mut rand::rng());
        }
        for chunk in codes.chunks(500) {
            let mut sql =
                String::from("INSERT INTO survey_codes (code_hash, ags, wave, used) VALUES ");
            for i in 0..chunk.len() {
                if i > 0 {
                    sql.push(',');
                }
                let b = 4 * i;
                sql.push_str(&format!("(${}, ${}, ${}, ${})", b + 1, b + 2, b + 3, b + 4));
            }
            let mut q = sqlx::query(&sql);
            for (h, used) in chunk {
                q = q
                    .bind(h.clone())
                    .bind(i64::from(ags.get()))
                    .bind(i64::from(wave.get()))
                    .bind(*used);
            }
            q.execute(&mut **tx).await?;
        }
        Ok(())
    }

    pub(crate) async fn survey_responses(
        &self,
        ags: Ags,
        wave: Wave,
    ) -> Result<Vec<ResponseRecord>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        Ok(self
            .responses_in(&mut *conn, ags, wave, true)
            .await?
            .into_iter()
            .map(|(r, _)| r)
            .collect())
    }

    /// The wave's responses with their release marks (`released_only`: only released ones),
    /// sorted by content.
    async fn responses_in(
        &self,
        conn: &mut DB::Connection,
        ags: Ags,
        wave: Wave,
        released_only: bool,
    ) -> Result<Vec<(ResponseRecord, Option<i64>)>, StoreError> {
        let sql = format!(
            "SELECT {KEY_COLS}, {ANSWER_COLS}, languages, release_no FROM responses \
             WHERE ags = $1 AND wave = $2{}",
            if released_only {
                " AND release_no IS NOT NULL"
            } else {
                ""
            }
        );
        let rows = sqlx::query(&sql)
            .bind(i64::from(ags.get()))
            .bind(i64::from(wave.get()))
            .fetch_all(&mut *conn)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let key = self.key_at(r, 0)?;
            let answers = Self::answers_at(r, KEY_WIDTH)?;
            let langs: String = r.try_get(KEY_WIDTH + Item::ALL.len())?;
            let languages = Lang::parse_list(&langs)
                .map_err(|_| StoreError::Inconsistent(format!("languages {langs}")))?;
            let mark: Option<i64> = r.try_get(KEY_WIDTH + Item::ALL.len() + 1)?;
            out.push((
                ResponseRecord {
                    ags,
                    wave,
                    key,
                    answers,
                    languages,
                },
                mark,
            ));
        }
        out.sort_unstable_by(|(a, x), (b, y)| {
            (a.key, a.answers, &a.languages, x).cmp(&(b.key, b.answers, &b.languages, y))
        });
        Ok(out)
    }
}

/// Implements [`Survey`] for a wrapper type with an `engine` field by delegation.
macro_rules! survey_via_engine {
    ($ty:ty) => {
        impl $crate::Survey for $ty {
            async fn open_wave(
                &self,
                ags: ::abbild_core::Ags,
                wave: ::abbild_core::Wave,
                code_hashes: &[String],
            ) -> Result<$crate::ImportId, $crate::StoreError> {
                self.engine.open_wave(ags, wave, code_hashes).await
            }
            async fn close_wave(
                &self,
                ags: ::abbild_core::Ags,
                wave: ::abbild_core::Wave,
            ) -> Result<(), $crate::StoreError> {
                self.engine.close_wave(ags, wave).await
            }
            async fn reshuffle_wave(
                &self,
                ags: ::abbild_core::Ags,
                wave: ::abbild_core::Wave,
            ) -> Result<u64, $crate::StoreError> {
                self.engine.reshuffle_wave(ags, wave).await
            }
            async fn release_wave(
                &self,
                ags: ::abbild_core::Ags,
                wave: ::abbild_core::Wave,
                check: $crate::ReleaseCheck,
            ) -> Result<$crate::ReleaseInfo, $crate::StoreError> {
                self.engine.release_wave(ags, wave, check).await
            }
            async fn releases(
                &self,
                ags: ::abbild_core::Ags,
                wave: ::abbild_core::Wave,
            ) -> Result<Vec<$crate::ReleaseInfo>, $crate::StoreError> {
                self.engine.releases(ags, wave).await
            }
            async fn wave_info(
                &self,
                ags: ::abbild_core::Ags,
                wave: ::abbild_core::Wave,
            ) -> Result<Option<$crate::WaveInfo>, $crate::StoreError> {
                self.engine.wave_info(ags, wave).await
            }
            async fn survey_waves(
                &self,
                ags: ::abbild_core::Ags,
            ) -> Result<Vec<$crate::WaveInfo>, $crate::StoreError> {
                self.engine.survey_waves(ags).await
            }
            async fn submit(
                &self,
                code_hash: &str,
                answers: ::abbild_core::survey::SurveyAnswers,
            ) -> Result<$crate::SubmitOutcome, $crate::StoreError> {
                self.engine.submit(code_hash, answers).await
            }
            async fn submit_batch(
                &self,
                items: Vec<(String, ::abbild_core::survey::SurveyAnswers)>,
            ) -> Result<Vec<$crate::SubmitOutcome>, $crate::StoreError> {
                self.engine.submit_batch(items).await
            }
            async fn forget_order(
                &self,
                patience: ::std::time::Duration,
            ) -> Result<(), $crate::StoreError> {
                self.empty_log(patience).await
            }
            async fn survey_responses(
                &self,
                ags: ::abbild_core::Ags,
                wave: ::abbild_core::Wave,
            ) -> Result<Vec<::abbild_core::records::ResponseRecord>, $crate::StoreError> {
                self.engine.survey_responses(ags, wave).await
            }
        }
    };
}
pub(crate) use survey_via_engine;

//! SQLite backend: the embedded default, one file per installation.

use crate::accounts::accounts_via_engine;
use crate::migrations;
use crate::releases::releases_via_engine;
use crate::scenarios::scenarios_via_engine;
use crate::sql::{store_via_engine, Engine};
use crate::survey::survey_via_engine;
use crate::StoreError;
use abbild_core::FieldCatalog;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::Row;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Store in a SQLite file.
///
/// Connection settings and why: WAL (readers never block the one writer), `synchronous=FULL`
/// (a committed import survives a power cut), foreign keys on, a busy timeout (writers queue
/// instead of failing), and `secure_delete` (deleted imports are overwritten in the file, not
/// merely unlinked, so deleted survey answers cannot be recovered from it). The file and its
/// side files (`-wal`, `-shm`, which SQLite creates with the file's mode) are readable by
/// their owner only.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    engine: Engine<sqlx::Sqlite>,
    /// The database file; `None` in memory.
    file: Option<PathBuf>,
}

/// The busy wait of one checkpoint attempt. Short, because a waiting `TRUNCATE` checkpoint
/// holds off every writer; [`SqliteStore::empty_log`] retries instead.
const CHECKPOINT_BUSY_MS: u32 = 20;
/// The connections' usual busy wait (writers queue instead of failing).
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

impl SqliteStore {
    /// Opens (creating file and parent directories if missing) and migrates a database.
    ///
    /// `path_or_url` is a file path or a `sqlite:` URL (`sqlite:data/abbild.db`,
    /// `sqlite::memory:`).
    pub async fn open(path_or_url: &str, catalog: FieldCatalog) -> Result<Self, StoreError> {
        let in_memory = path_or_url.contains(":memory:") || path_or_url.contains("mode=memory");
        let options = if path_or_url.starts_with("sqlite:") {
            SqliteConnectOptions::from_str(path_or_url)?
        } else {
            SqliteConnectOptions::new().filename(path_or_url)
        };
        let file = (!in_memory).then(|| options.get_filename().to_path_buf());
        if let Some(f) = &file {
            create_parent(f)?;
            make_private(f)?;
        }
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT)
            .pragma("secure_delete", "ON");
        let pool = if in_memory {
            // An in-memory database lives only as long as a connection to it: keep one.
            SqlitePoolOptions::new()
                .max_connections(1)
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None)
        } else {
            SqlitePoolOptions::new().max_connections(4)
        }
        .connect_with(options)
        .await?;
        migrations::SQLITE.migrator().await?.run(&pool).await?;
        Ok(SqliteStore {
            engine: Engine {
                pool,
                catalog: Arc::new(catalog),
            },
            file,
        })
    }

    /// The connection pool, for callers that need SQL the trait does not offer (and for tests).
    pub fn pool(&self) -> &SqlitePool {
        &self.engine.pool
    }

    /// [`crate::Survey::forget_order`] for SQLite.
    pub(crate) async fn empty_log(&self, patience: Duration) -> Result<(), StoreError> {
        let Some(file) = &self.file else {
            return Ok(());
        };
        let wal = side_file(file, "-wal");
        let deadline = Instant::now() + patience;
        let mut pause = Duration::from_millis(2);
        // First empty the log; then one write of the header page alone, so that the
        // wal-index's page list (cleared only by the next write) names that page instead of
        // the pages of the last submissions; then empty the log again.
        let mut padded = false;
        loop {
            if self.checkpoint(&wal).await? {
                if padded {
                    return Ok(());
                }
                self.pad().await?;
                padded = true;
                continue;
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(StoreError::LogBusy);
            }
            tokio::time::sleep(pause.min(deadline - now)).await;
            pause = (pause * 2).min(Duration::from_millis(100));
        }
    }

    /// One truncating checkpoint; whether the log is empty afterwards.
    async fn checkpoint(&self, wal: &Path) -> Result<bool, StoreError> {
        let mut conn = self.engine.pool.acquire().await?;
        sqlx::query(&format!("PRAGMA busy_timeout = {CHECKPOINT_BUSY_MS}"))
            .execute(&mut *conn)
            .await?;
        let result = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .fetch_one(&mut *conn)
            .await;
        let restored = sqlx::query(&format!(
            "PRAGMA busy_timeout = {}",
            BUSY_TIMEOUT.as_millis()
        ))
        .execute(&mut *conn)
        .await;
        if restored.is_err() {
            // Never hand a connection with the short wait back to the pool.
            let _ = conn.close().await;
        }
        let row = match result {
            Ok(row) => row,
            Err(sqlx::Error::Database(e)) if is_busy(e.code().as_deref()) => return Ok(false),
            Err(e) => return Err(e.into()),
        };
        restored?;
        // (busy, frames in the log, frames moved): a reader on an older snapshot or a
        // writer makes it busy; after a completed TRUNCATE the log has no frames.
        let (busy, log): (i64, i64) = (row.try_get(0)?, row.try_get(1)?);
        if busy != 0 || log > 0 {
            return Ok(false);
        }
        match std::fs::metadata(wal) {
            Ok(m) => Ok(m.len() == 0),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(true),
            Err(source) => Err(StoreError::Io {
                path: wal.display().to_string(),
                source,
            }),
        }
    }

    /// A write transaction that changes nothing but the header page (page 1, which holds
    /// the schema, never a code or an answer): its first frame clears the wal-index's list
    /// of the pages written since the last reset.
    async fn pad(&self) -> Result<(), StoreError> {
        let mut conn = self.engine.pool.acquire().await?;
        let v: i64 = sqlx::query_scalar("PRAGMA user_version")
            .fetch_one(&mut *conn)
            .await?;
        sqlx::query(&format!("PRAGMA user_version = {v}"))
            .execute(&mut *conn)
            .await?;
        Ok(())
    }

    /// Closes all connections (checkpointing the WAL into the main file).
    pub async fn close(&self) {
        self.engine.pool.close().await;
    }
}

/// `SQLITE_BUSY` (5) or `SQLITE_LOCKED` (6), also as extended codes.
fn is_busy(code: Option<&str>) -> bool {
    code.and_then(|c| c.parse::<i32>().ok())
        .is_some_and(|c| matches!(c & 0xff, 5 | 6))
}

fn side_file(file: &Path, suffix: &str) -> PathBuf {
    let mut s = file.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Creates the database file readable by its owner only (SQLite gives `-wal` and `-shm` the
/// file's mode), and narrows the modes of existing files: a copy of them can show which
/// codes are used, and until the log is emptied, more.
fn make_private(file: &Path) -> Result<(), StoreError> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| StoreError::FileMode { path, source }
    };
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(file)
    {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(io(file)(e)),
    }
    for f in [
        file.to_path_buf(),
        side_file(file, "-wal"),
        side_file(file, "-shm"),
    ] {
        match std::fs::metadata(&f) {
            Ok(m) if m.permissions().mode() & 0o077 != 0 => {
                std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o600))
                    .map_err(io(&f))?;
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(&f)(e)),
        }
    }
    Ok(())
}

fn create_parent(file: &Path) -> Result<(), StoreError> {
    match file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() && !dir.exists() => std::fs::create_dir_all(dir)
            .map_err(|source| StoreError::Io {
                path: dir.display().to_string(),
                source,
            }),
        _ => Ok(()),
    }
}

store_via_engine!(SqliteStore);
accounts_via_engine!(SqliteStore);
scenarios_via_engine!(SqliteStore);
releases_via_engine!(SqliteStore);
survey_via_engine!(SqliteStore);

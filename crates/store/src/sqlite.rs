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
use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

/// Store in a SQLite file.
///
/// Connection settings and why: WAL (readers never block the one writer), `synchronous=FULL`
/// (a committed import survives a power cut), foreign keys on, a busy timeout (writers queue
/// instead of failing), and `secure_delete` (deleted imports are overwritten in the file, not
/// merely unlinked, so deleted survey answers cannot be recovered from it).
#[derive(Debug, Clone)]
pub struct SqliteStore {
    engine: Engine<sqlx::Sqlite>,
}

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
        if !in_memory {
            create_parent(options.get_filename())?;
        }
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(30))
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
        })
    }

    /// The connection pool, for callers that need SQL the trait does not offer (and for tests).
    pub fn pool(&self) -> &SqlitePool {
        &self.engine.pool
    }

    /// Closes all connections (checkpointing the WAL into the main file).
    pub async fn close(&self) {
        self.engine.pool.close().await;
    }
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

//! PostgreSQL backend, for production installations with several users.

use crate::accounts::accounts_via_engine;
use crate::migrations;
use crate::releases::releases_via_engine;
use crate::scenarios::scenarios_via_engine;
use crate::sql::{store_via_engine, Engine};
use crate::survey::survey_via_engine;
use crate::StoreError;
use abbild_core::FieldCatalog;
use sqlx::postgres::{PgPool, PgPoolOptions};
use std::sync::Arc;

/// Store in a PostgreSQL database.
#[derive(Debug, Clone)]
pub struct PgStore {
    engine: Engine<sqlx::Postgres>,
}

impl PgStore {
    /// Connects to `url` (`postgres://user@host/db`) and migrates the schema.
    pub async fn connect(url: &str, catalog: FieldCatalog) -> Result<Self, StoreError> {
        let pool = PgPoolOptions::new().max_connections(8).connect(url).await?;
        migrations::POSTGRES.migrator().await?.run(&pool).await?;
        Ok(PgStore {
            engine: Engine {
                pool,
                catalog: Arc::new(catalog),
            },
        })
    }

    /// The connection pool, for callers that need SQL the trait does not offer (and for tests).
    pub fn pool(&self) -> &PgPool {
        &self.engine.pool
    }

    /// [`crate::Survey::forget_order`]: PostgreSQL keeps no log a copy of the data files
    /// would show in commit order to us; its system columns are rewritten by
    /// `reshuffle_wave`.
    async fn empty_log(&self, _patience: std::time::Duration) -> Result<(), StoreError> {
        Ok(())
    }

    /// Closes all connections.
    pub async fn close(&self) {
        self.engine.pool.close().await;
    }
}

store_via_engine!(PgStore);
accounts_via_engine!(PgStore);
scenarios_via_engine!(PgStore);
releases_via_engine!(PgStore);
survey_via_engine!(PgStore);

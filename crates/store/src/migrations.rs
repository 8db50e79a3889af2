//! Schema migrations, embedded in the binary.
//!
//! `sqlx::migrate!` needs sqlx's `macros` feature, which the workspace does not enable. Reading
//! the directory at run time (`Migrator::new(Path)`) would make a deployed binary depend on
//! files next to it. So the SQL is embedded with `include_str!` and handed to sqlx's own
//! [`Migrator`] through a [`MigrationSource`]: same `_sqlx_migrations` table, checksums and
//! (on PostgreSQL) advisory locking as the macro would give.

use sqlx::error::BoxDynError;
use sqlx::migrate::{Migration, MigrationSource, MigrationType, Migrator};
use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;

/// One dialect's migrations, in version order.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Embedded(&'static [(i64, &'static str, &'static str)]);

pub(crate) const SQLITE: Embedded = Embedded(&[
    (
        1,
        "init",
        include_str!("../migrations/sqlite/0001_init.sql"),
    ),
    (
        2,
        "accounts",
        include_str!("../migrations/sqlite/0002_accounts.sql"),
    ),
    (
        3,
        "survey",
        include_str!("../migrations/sqlite/0003_survey.sql"),
    ),
    (
        5,
        "scenarios",
        include_str!("../migrations/sqlite/0005_scenarios.sql"),
    ),
]);

pub(crate) const POSTGRES: Embedded = Embedded(&[
    (
        1,
        "init",
        include_str!("../migrations/postgres/0001_init.sql"),
    ),
    (
        2,
        "accounts",
        include_str!("../migrations/postgres/0002_accounts.sql"),
    ),
    (
        3,
        "survey",
        include_str!("../migrations/postgres/0003_survey.sql"),
    ),
    (
        5,
        "scenarios",
        include_str!("../migrations/postgres/0005_scenarios.sql"),
    ),
]);

impl MigrationSource<'static> for Embedded {
    fn resolve(
        self,
    ) -> Pin<Box<dyn Future<Output = Result<Vec<Migration>, BoxDynError>> + Send + 'static>> {
        let migrations = self
            .0
            .iter()
            .map(|(version, description, sql)| {
                Migration::new(
                    *version,
                    Cow::Borrowed(*description),
                    MigrationType::Simple,
                    Cow::Borrowed(*sql),
                    false,
                )
            })
            .collect();
        Box::pin(std::future::ready(Ok(migrations)))
    }
}

impl Embedded {
    pub(crate) async fn migrator(self) -> Result<Migrator, sqlx::migrate::MigrateError> {
        Migrator::new(self).await
    }
}

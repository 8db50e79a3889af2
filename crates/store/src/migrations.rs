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
        4,
        "pipeline",
        include_str!("../migrations/sqlite/0004_pipeline.sql"),
    ),
    (
        5,
        "scenarios",
        include_str!("../migrations/sqlite/0005_scenarios.sql"),
    ),
    (
        6,
        "release points",
        include_str!("../migrations/sqlite/0006_release_points.sql"),
    ),
    (
        7,
        "releases",
        include_str!("../migrations/sqlite/0007_releases.sql"),
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
        4,
        "pipeline",
        include_str!("../migrations/postgres/0004_pipeline.sql"),
    ),
    (
        5,
        "scenarios",
        include_str!("../migrations/postgres/0005_scenarios.sql"),
    ),
    (
        6,
        "release points",
        include_str!("../migrations/postgres/0006_release_points.sql"),
    ),
    (
        7,
        "releases",
        include_str!("../migrations/postgres/0007_releases.sql"),
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
    use sqlx::Row;

    /// 0004 rebuilds `imports` and `import_scope` in SQLite. On a database that already holds
    /// imports (and a deleted one), every row, every reference and the id counter must survive.
    #[tokio::test]
    async fn sqlite_0004_keeps_imports_references_and_the_id_counter() {
        let dir = tempfile::tempdir().unwrap();
        let options = SqliteConnectOptions::new()
            .filename(dir.path().join("alt.db"))
            .create_if_missing(true)
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await
            .unwrap();
        let Embedded(all) = SQLITE;
        Migrator::new(Embedded(&all[..3]))
            .await
            .unwrap()
            .run(&pool)
            .await
            .unwrap();
        let sha = |c: char| c.to_string().repeat(64);
        for (kind, c) in [("staff", 'a'), ("responses", 'b'), ("population", 'c')] {
            sqlx::query(
                "INSERT INTO imports (kind, file_name, sha256, dims, row_count, imported_on) \
                 VALUES ($1, 'f.csv', $2, '', 1, '2025-01-02')",
            )
            .bind(kind)
            .bind(sha(c))
            .execute(&pool)
            .await
            .unwrap();
        }
        for sql in [
            "INSERT INTO import_scope (kind, ags, period, import_id) VALUES ('staff', 5916000, 2024, 1)",
            "INSERT INTO import_scope (kind, ags, period, import_id) VALUES ('responses', 5916000, 2024, 2)",
            "INSERT INTO staff (import_id, ags, year, headcount) VALUES (1, 5916000, 2024, 7)",
            "INSERT INTO survey_waves (ags, wave, import_id, open, opened_on) VALUES (5916000, 2024, 2, 1, '2025-01-02')",
            // The newest import is deleted: its id must not come back.
            "DELETE FROM imports WHERE id = 3",
        ] {
            sqlx::query(sql).execute(&pool).await.unwrap();
        }
        let imports = "SELECT id, kind, sha256 FROM imports ORDER BY id";
        let before: Vec<(i64, String, String)> =
            sqlx::query_as(imports).fetch_all(&pool).await.unwrap();

        SQLITE.migrator().await.unwrap().run(&pool).await.unwrap();

        let after: Vec<(i64, String, String)> =
            sqlx::query_as(imports).fetch_all(&pool).await.unwrap();
        assert_eq!(after, before);
        let scopes: i64 = sqlx::query("SELECT count(*) FROM import_scope")
            .fetch_one(&pool)
            .await
            .unwrap()
            .get(0);
        assert_eq!(scopes, 2);
        let broken = sqlx::query("PRAGMA foreign_key_check")
            .fetch_all(&pool)
            .await
            .unwrap();
        assert!(broken.is_empty(), "{} dangling references", broken.len());
        let index: i64 = sqlx::query(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'import_scope_import'",
        )
        .fetch_one(&pool)
        .await
        .unwrap()
        .get(0);
        assert_eq!(index, 1);
        // No helper table left behind.
        let helpers: i64 =
            sqlx::query("SELECT count(*) FROM sqlite_schema WHERE name LIKE '%_0004'")
                .fetch_one(&pool)
                .await
                .unwrap()
                .get(0);
        assert_eq!(helpers, 0);

        // The new kinds are admitted; the counter continues after the deleted id 3.
        let id: i64 = sqlx::query(
            "INSERT INTO imports (kind, file_name, sha256, dims, row_count, imported_on) \
             VALUES ('pipeline', 'p.csv', $1, '', 1, '2025-01-03') RETURNING id",
        )
        .bind(sha('d'))
        .fetch_one(&pool)
        .await
        .unwrap()
        .get(0);
        assert_eq!(id, 4);
        sqlx::query("INSERT INTO import_scope (kind, ags, period, import_id) VALUES ('pipeline', 5916000, 2024, 4)")
            .execute(&pool)
            .await
            .unwrap();
        // Foreign keys still bind the rebuilt table.
        let orphan = sqlx::query(
            "INSERT INTO staff (import_id, ags, year, headcount) VALUES (99, 1, 2024, 1)",
        )
        .execute(&pool)
        .await;
        assert!(orphan.is_err());
        // And an unknown kind is still refused.
        let bad = sqlx::query(
            "INSERT INTO imports (kind, file_name, sha256, dims, row_count, imported_on) \
             VALUES ('other', 'o.csv', $1, '', 1, '2025-01-03')",
        )
        .bind(sha('e'))
        .execute(&pool)
        .await;
        assert!(bad.is_err());
        pool.close().await;
    }
}

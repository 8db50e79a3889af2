//! Test harness: the same cases run against a fresh SQLite file and a fresh PostgreSQL
//! database each.

#![allow(dead_code)]

pub mod fixtures;

use abbild_core::records::{Lang, PopulationRecord};
use abbild_core::{Ags, Answers, DimSet, FieldCatalog, SegmentKey};
use abbild_store::{ImportInfo, PgStore, SqliteStore, Store};
use sqlx::Executor;
use std::future::Future;
use std::panic::resume_unwind;

/// Admin URL of the test server; each test creates and drops its own database there.
pub fn pg_admin_url() -> String {
    std::env::var("ABBILD_TEST_PG")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// `url` with its database name replaced by `db`.
fn with_database(url: &str, db: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let base = match base[after_scheme..].find('/') {
        Some(i) => &base[..after_scheme + i],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{db}?{q}"),
        None => format!("{base}/{db}"),
    }
}

/// A fresh, uniquely named PostgreSQL database. Fails loudly if the server is unreachable.
pub struct PgTestDb {
    admin: sqlx::PgPool,
    pub name: String,
    pub url: String,
}

impl PgTestDb {
    pub async fn create() -> PgTestDb {
        let admin_url = pg_admin_url();
        let admin = sqlx::postgres::PgPoolOptions::new()
            .max_connections(1)
            .acquire_timeout(std::time::Duration::from_secs(5))
            .connect(&admin_url)
            .await
            .unwrap_or_else(|e| {
                panic!(
                    "PostgreSQL test server unreachable at {admin_url} ({e}); \
                     start it or set ABBILD_TEST_PG"
                )
            });
        let name = format!("abbild_test_{:016x}", rand::random::<u64>());
        // CREATE DATABASE copies template1 and fails while another session copies it; retry.
        let mut tries = 0;
        loop {
            match admin
                .execute(format!("CREATE DATABASE {name}").as_str())
                .await
            {
                Ok(_) => break,
                Err(e) if tries < 20 && e.to_string().contains("accessed by other users") => {
                    tries += 1;
                    tokio::time::sleep(std::time::Duration::from_millis(50 * tries)).await;
                }
                Err(e) => panic!("CREATE DATABASE {name}: {e}"),
            }
        }
        let url = with_database(&admin_url, &name);
        PgTestDb { admin, name, url }
    }

    pub async fn drop_db(self) {
        self.admin
            .execute(format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name).as_str())
            .await
            .expect("drop test database");
        self.admin.close().await;
    }
}

/// Runs `test` against a fresh SQLite file (in a directory that does not exist yet).
pub async fn run_sqlite<F, Fut>(test: F)
where
    F: FnOnce(SqliteStore) -> Fut,
    Fut: Future<Output = ()>,
{
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("nested/dir/abbild.db");
    let store = SqliteStore::open(path.to_str().expect("utf-8 path"), FieldCatalog::default())
        .await
        .expect("open sqlite");
    test(store.clone()).await;
    store.close().await;
}

/// Runs `test` against a fresh PostgreSQL database, dropped afterwards even if the test panics.
pub async fn run_pg<F, Fut>(test: F)
where
    F: FnOnce(PgStore) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let db = PgTestDb::create().await;
    let store = match PgStore::connect(&db.url, FieldCatalog::default()).await {
        Ok(s) => s,
        Err(e) => {
            db.drop_db().await;
            panic!("connect/migrate test database: {e}");
        }
    };
    let result = tokio::spawn(test(store.clone())).await;
    store.close().await;
    db.drop_db().await;
    if let Err(e) = result {
        resume_unwind(e.into_panic());
    }
}

/// Everything the read side of a store can tell, for before/after comparisons.
#[derive(Debug, PartialEq)]
pub struct Snapshot {
    pub imports: Vec<ImportInfo>,
    pub cities: Vec<CitySnapshot>,
}

pub type StaffCells = Vec<(SegmentKey, u64)>;
pub type ResponseCells = Vec<(SegmentKey, Answers, u64)>;
pub type LanguageCells = Vec<(SegmentKey, Lang, u64)>;

#[derive(Debug, PartialEq)]
pub struct CitySnapshot {
    pub ags: Ags,
    /// Per year: dims and cells.
    pub staff: Vec<(u16, DimSet, StaffCells)>,
    /// Per wave: dims, answer cells and language cells.
    pub responses: Vec<(u16, DimSet, ResponseCells, LanguageCells)>,
    pub population: Vec<PopulationRecord>,
    pub population_years: Vec<u16>,
}

pub async fn snapshot<S: Store>(s: &S) -> Snapshot {
    let mut cities = Vec::new();
    for ags in s.cities().await.expect("cities") {
        let mut staff = Vec::new();
        for y in s.staff_years(ags).await.expect("staff_years") {
            staff.push((
                y.get(),
                s.staff_dims(ags, y).await.expect("staff_dims"),
                s.staff_cells(ags, y).await.expect("staff_cells"),
            ));
        }
        let mut responses = Vec::new();
        for w in s.waves(ags).await.expect("waves") {
            responses.push((
                w.get(),
                s.response_dims(ags, w).await.expect("response_dims"),
                s.response_cells(ags, w).await.expect("response_cells"),
                s.language_cells(ags, w).await.expect("language_cells"),
            ));
        }
        cities.push(CitySnapshot {
            ags,
            staff,
            responses,
            population: s.population(ags, None).await.expect("population"),
            population_years: s
                .population_years(ags)
                .await
                .expect("population_years")
                .into_iter()
                .map(|y| y.get())
                .collect(),
        });
    }
    Snapshot {
        imports: s.list_imports().await.expect("list_imports"),
        cities,
    }
}

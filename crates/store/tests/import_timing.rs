//! Import speed on the W1 shape (SPEC §7): 20,000 responses and ~8,000 staff rows
//! (80,000 headcount) into SQLite with durability on. The bound is loose because tests run
//! unoptimised; `cargo bench -p abbild-store` gives the release figure.

// Tests: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]
#![allow(clippy::print_stderr)]

mod common;

use abbild_core::{Dim, DimSet, FieldCatalog};
use abbild_store::{SqliteStore, Store};
use common::fixtures::*;
use std::time::Instant;

#[tokio::test]
async fn w1_import_into_sqlite() {
    let cities = [
        "05911000", "05913000", "05112000", "05113000", "05117000", "05119000", "05513000",
        "05916000", "05512000", "05914000",
    ];
    let staff_dims: DimSet = [Dim::Field, Dim::Level, Dim::Status, Dim::Age, Dim::Sex]
        .into_iter()
        .collect();
    let mut staff = staff(1, &cities, &[2024], 800, staff_dims);
    for r in &mut staff {
        r.headcount = 10;
    }
    let resp = responses(2, &cities, &[2024], 2_000, all_dims());
    assert_eq!(resp.len(), 20_000);
    assert_eq!(
        staff.iter().map(|r| u64::from(r.headcount)).sum::<u64>(),
        80_000
    );

    let dir = tempfile::tempdir().unwrap();
    let s = SqliteStore::open(
        dir.path().join("w1.db").to_str().unwrap(),
        FieldCatalog::default(),
    )
    .await
    .unwrap();
    let t = Instant::now();
    s.import_responses(meta("w1_responses.csv", 1, all_dims()), &resp)
        .await
        .unwrap();
    let t_resp = t.elapsed();
    let t = Instant::now();
    s.import_staff(meta("w1_staff.csv", 2, staff_dims), &staff)
        .await
        .unwrap();
    let t_staff = t.elapsed();
    let t = Instant::now();
    let mut cells = 0;
    for c in &cities {
        cells += s.response_cells(ags(c), wave(2024)).await.unwrap().len();
    }
    let t_read = t.elapsed();
    eprintln!(
        "W1 SQLite import (debug build): 20,000 responses {t_resp:?}, {} staff rows {t_staff:?}; \
         response_cells for 10 cities ({cells} cells) {t_read:?}",
        staff.len()
    );
    assert!(
        t_resp.as_secs_f64() < 5.0,
        "responses import took {t_resp:?}"
    );
    s.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn w1_import_into_postgres() {
    let resp = responses(2, &["05916000", "05113000"], &[2024], 10_000, all_dims());
    let db = common::PgTestDb::create().await;
    let s = abbild_store::PgStore::connect(&db.url, FieldCatalog::default())
        .await
        .unwrap();
    let t = Instant::now();
    let r = s
        .import_responses(meta("w1_responses.csv", 1, all_dims()), &resp)
        .await;
    let t_resp = t.elapsed();
    s.close().await;
    db.drop_db().await;
    r.unwrap();
    eprintln!("W1 PostgreSQL import (debug build): 20,000 responses {t_resp:?}");
    assert!(
        t_resp.as_secs_f64() < 10.0,
        "responses import took {t_resp:?}"
    );
}

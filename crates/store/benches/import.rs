//! Release-build import timings for SQLite on the W1 shape (SPEC §7):
//! `cargo bench -p abbild-store --bench import`.

#[path = "../tests/common/fixtures.rs"]
mod fixtures;

use abbild_core::{Dim, DimSet, FieldCatalog};
use abbild_store::{SqliteStore, Store};
use criterion::{criterion_group, criterion_main, Criterion};
use fixtures::*;
use std::time::{Duration, Instant};

const CITIES: [&str; 10] = [
    "05911000", "05913000", "05112000", "05113000", "05117000", "05119000", "05513000", "05916000",
    "05512000", "05914000",
];

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let resp = responses(2, &CITIES, &[2024], 2_000, all_dims());
    let staff_dims: DimSet = [Dim::Field, Dim::Level, Dim::Status, Dim::Age, Dim::Sex]
        .into_iter()
        .collect();
    let mut staff = staff(1, &CITIES, &[2024], 800, staff_dims);
    for r in &mut staff {
        r.headcount = 10;
    }

    let mut g = c.benchmark_group("sqlite_import");
    g.sample_size(10);
    g.bench_function("responses_20000", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let dir = tempfile::tempdir().expect("tempdir");
                    let path = dir.path().join("b.db");
                    let s =
                        SqliteStore::open(path.to_str().expect("path"), FieldCatalog::default())
                            .await
                            .expect("open");
                    let t = Instant::now();
                    s.import_responses(meta("r.csv", 1, all_dims()), &resp)
                        .await
                        .expect("import");
                    total += t.elapsed();
                    s.close().await;
                }
                total
            })
        })
    });
    g.bench_function("staff_8000_rows_80000_heads", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let dir = tempfile::tempdir().expect("tempdir");
                    let path = dir.path().join("b.db");
                    let s =
                        SqliteStore::open(path.to_str().expect("path"), FieldCatalog::default())
                            .await
                            .expect("open");
                    let t = Instant::now();
                    s.import_staff(meta("s.csv", 2, staff_dims), &staff)
                        .await
                        .expect("import");
                    total += t.elapsed();
                    s.close().await;
                }
                total
            })
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Property: whatever valid records go in, the aggregates that come out are exactly the
//! aggregates computed in Rust. SQLite only (a fresh file per case).

// Tests: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use abbild_core::records::{Lang, ResponseRecord, StaffRecord};
use abbild_core::{
    AgeBand, Ags, Answer, Answers, Dim, DimSet, FieldCatalog, Level, SegmentKey, Sex, Status, Wave,
    Year,
};
use abbild_store::{ImportMeta, SqliteStore, Store};
use common::fixtures::{expected_languages, expected_responses, expected_staff};
use proptest::prelude::*;
use std::collections::BTreeSet;

const CITIES: [u32; 3] = [5_916_000, 5_113_000, 5_513_000];

fn key() -> impl Strategy<Value = SegmentKey> {
    let fields = FieldCatalog::default().len();
    (
        proptest::option::of(0..fields),
        proptest::option::of(0..Level::ALL.len()),
        proptest::option::of(0..Status::ALL.len()),
        proptest::option::of(any::<bool>()),
        proptest::option::of((0u8..=120, 0u8..=20)),
        proptest::option::of(0..Sex::ALL.len()),
    )
        .prop_map(|(f, l, s, le, a, x)| {
            let catalog = FieldCatalog::default();
            let fields: Vec<_> = catalog.iter().map(|(f, _)| f).collect();
            SegmentKey {
                field: f.map(|i| fields[i]),
                level: l.map(|i| Level::ALL[i]),
                status: s.map(|i| Status::ALL[i]),
                leadership: le,
                age: a.map(|(from, w)| {
                    AgeBand::new(from, from.saturating_add(w).min(AgeBand::MAX_AGE)).unwrap()
                }),
                sex: x.map(|i| Sex::ALL[i]),
            }
        })
}

fn staff_row() -> impl Strategy<Value = StaffRecord> {
    (0..CITIES.len(), 2020u16..2023, key(), 0u32..100_000).prop_map(|(c, y, key, headcount)| {
        StaffRecord {
            ags: Ags::from_u32(CITIES[c]).unwrap(),
            year: Year::new(y).unwrap(),
            key,
            headcount,
        }
    })
}

fn response_row() -> impl Strategy<Value = ResponseRecord> {
    let langs = ["tr", "ar", "pl", "ru", "uk", "en"];
    (
        0..CITIES.len(),
        2023u16..2025,
        key(),
        proptest::collection::vec(0usize..3, 7),
        proptest::collection::btree_set(0..langs.len(), 0..4),
    )
        .prop_map(move |(c, w, key, a, l)| ResponseRecord {
            ags: Ags::from_u32(CITIES[c]).unwrap(),
            wave: Wave::new(w).unwrap(),
            key,
            answers: Answers::from_fn(|i| Answer::ALL[a[i as usize]]),
            languages: l
                .into_iter()
                .map(|i| Lang::parse(langs[i]).unwrap())
                .collect(),
        })
}

fn all_dims() -> DimSet {
    Dim::ALL.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn read_back_equals_rust_aggregation(
        staff in proptest::collection::vec(staff_row(), 1..300),
        resp in proptest::collection::vec(response_row(), 1..300),
    ) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("p.db");
            let s = SqliteStore::open(path.to_str().unwrap(), FieldCatalog::default()).await.unwrap();
            let meta = |seed: u64| ImportMeta {
                file_name: format!("{seed}.csv"),
                sha256: format!("{seed:064x}"),
                dims: all_dims(),
            };
            s.import_staff(meta(1), &staff).await.unwrap();
            s.import_responses(meta(2), &resp).await.unwrap();

            let cities: BTreeSet<Ags> =
                staff.iter().map(|r| r.ags).chain(resp.iter().map(|r| r.ags)).collect();
            assert_eq!(s.cities().await.unwrap(), cities.iter().copied().collect::<Vec<_>>());
            for a in cities {
                let years: BTreeSet<Year> =
                    staff.iter().filter(|r| r.ags == a).map(|r| r.year).collect();
                assert_eq!(s.staff_years(a).await.unwrap(), years.iter().copied().collect::<Vec<_>>());
                for y in years {
                    assert_eq!(s.staff_cells(a, y).await.unwrap(), expected_staff(&staff, a, y));
                }
                let waves: BTreeSet<Wave> =
                    resp.iter().filter(|r| r.ags == a).map(|r| r.wave).collect();
                assert_eq!(s.waves(a).await.unwrap(), waves.iter().copied().collect::<Vec<_>>());
                for w in waves {
                    assert_eq!(s.response_cells(a, w).await.unwrap(), expected_responses(&resp, a, w));
                    assert_eq!(s.language_cells(a, w).await.unwrap(), expected_languages(&resp, a, w));
                }
            }
            s.close().await;
        });
    }
}

//! Apprentice pipeline and exits imports, run against both backends (`sqlite::*` and
//! `postgres::*`). PostgreSQL: see `backends.rs` (`ABBILD_TEST_PG`).

// Tests: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use abbild_core::records::{ExitReason, ExitRecord, Occupation, PipelineRecord, StageName};
use abbild_core::{AgeBand, Ags, Class, Dim, DimSet, FieldCatalog, Level, SegmentKey, Sex};
use common::fixtures::*;
use common::snapshot;

const STAGES: [&str; 5] = ["applied", "test", "interview", "offer", "hired"];
const OCCUPATIONS: [&str; 3] = [
    "Verwaltungsfachangestellte/r",
    "Fachinformatiker/in",
    "Brandmeisteranwärter/in",
];
const GROUPS: [Class; 3] = [Class::With, Class::Without, Class::Unknown];

/// A plausible funnel for each city, year, occupation and group.
fn pipeline_rows(cities: &[&str], years: &[u16], base: u32) -> Vec<PipelineRecord> {
    let mut out = Vec::new();
    for c in cities {
        for &y in years {
            for (o, occ) in OCCUPATIONS.iter().enumerate() {
                for (g, group) in GROUPS.iter().enumerate() {
                    let mut n = base + 10 * o as u32 + 3 * g as u32 + u32::from(y % 7);
                    for (i, stage) in STAGES.iter().enumerate() {
                        out.push(PipelineRecord {
                            ags: ags(c),
                            year: year(y),
                            occupation: Occupation::parse(occ).unwrap(),
                            stage: StageName::parse(stage).unwrap(),
                            stage_order: i as u16 + 1,
                            group: *group,
                            count: n,
                        });
                        n = n * 3 / 5;
                    }
                }
            }
        }
    }
    out
}

fn exit_dims() -> DimSet {
    [Dim::Field, Dim::Level, Dim::Age, Dim::Sex]
        .into_iter()
        .collect()
}

/// Exits by segment, group and reason; rows of one group repeat its headcount.
fn exit_rows(cities: &[&str], years: &[u16], base: u32) -> Vec<ExitRecord> {
    let cat = FieldCatalog::default();
    let fields: Vec<_> = cat.iter().map(|(f, _)| f).take(3).collect();
    let mut out = Vec::new();
    for c in cities {
        for &y in years {
            for (fi, f) in fields.iter().enumerate() {
                for (li, level) in [Level::Mittel, Level::Gehoben].into_iter().enumerate() {
                    let key = SegmentKey {
                        field: Some(*f),
                        level: Some(level),
                        age: Some(AgeBand::new(25, 34).unwrap()),
                        sex: Some(if li == 0 { Sex::W } else { Sex::M }),
                        ..SegmentKey::default()
                    };
                    for (g, group) in GROUPS.iter().enumerate() {
                        let headcount = base + 17 * fi as u32 + 5 * li as u32 + g as u32;
                        let reasons: &[Option<ExitReason>] = if g == 2 {
                            &[None]
                        } else {
                            &[
                                Some(ExitReason::Resignation),
                                Some(ExitReason::Retirement),
                                Some(ExitReason::NotTakenOver),
                            ]
                        };
                        for (ri, reason) in reasons.iter().enumerate() {
                            out.push(ExitRecord {
                                ags: ags(c),
                                year: year(y),
                                key,
                                group: *group,
                                reason: *reason,
                                headcount,
                                exits: (headcount / 20 + ri as u32) % (headcount / 4 + 1),
                            });
                        }
                    }
                }
            }
        }
    }
    out
}

fn for_city(rows: &[PipelineRecord], c: Ags) -> Vec<PipelineRecord> {
    let mut v: Vec<_> = rows.iter().filter(|r| r.ags == c).cloned().collect();
    v.sort_by(|a, b| {
        (a.year, &a.occupation, a.stage_order, &a.stage, a.group).cmp(&(
            b.year,
            &b.occupation,
            b.stage_order,
            &b.stage,
            b.group,
        ))
    });
    v
}

fn exits_for_city(rows: &[ExitRecord], c: Ags) -> Vec<ExitRecord> {
    let mut v: Vec<_> = rows.iter().filter(|r| r.ags == c).cloned().collect();
    v.sort_by_key(|e| (e.year, e.key, e.group, e.reason, e.headcount, e.exits));
    v
}

mod cases {
    use super::*;
    use abbild_store::{ImportId, ImportKind, ImportOutcome, Store, StoreError};

    fn imported(o: ImportOutcome) -> ImportId {
        match o {
            ImportOutcome::Imported { id, .. } => id,
            other => panic!("expected Imported, got {other:?}"),
        }
    }

    pub async fn round_trip_and_tenant_scoping<S: Store>(s: S) {
        let pipe = pipeline_rows(&[HERNE, ESSEN], &[2023, 2024], 200);
        let ex = exit_rows(&[HERNE, ESSEN], &[2024], 60);
        let o = s
            .import_pipeline(meta("bewerbungen.csv", 100, DimSet::EMPTY), &pipe)
            .await
            .unwrap();
        assert_eq!(
            o,
            ImportOutcome::Imported {
                id: o.id(),
                rows: pipe.len() as u64
            }
        );
        imported(
            s.import_exits(meta("abgaenge.csv", 101, exit_dims()), &ex)
                .await
                .unwrap(),
        );

        for c in [HERNE, ESSEN] {
            assert_eq!(
                s.pipeline_records(ags(c)).await.unwrap(),
                for_city(&pipe, ags(c))
            );
            assert_eq!(
                s.exit_records(ags(c)).await.unwrap(),
                exits_for_city(&ex, ags(c))
            );
            assert_eq!(
                s.pipeline_years(ags(c)).await.unwrap(),
                vec![year(2023), year(2024)]
            );
            assert_eq!(s.exit_years(ags(c)).await.unwrap(), vec![year(2024)]);
        }
        // Another city sees nothing of these rows.
        assert!(s
            .pipeline_records(ags(GELSENKIRCHEN))
            .await
            .unwrap()
            .is_empty());
        assert!(s.exit_records(ags(GELSENKIRCHEN)).await.unwrap().is_empty());
        assert!(s
            .pipeline_years(ags(GELSENKIRCHEN))
            .await
            .unwrap()
            .is_empty());
        // The other kinds' readers are untouched.
        assert!(s.staff_years(ags(HERNE)).await.unwrap().is_empty());
        assert_eq!(s.cities().await.unwrap(), vec![ags(ESSEN), ags(HERNE)]);

        let list = s.list_imports().await.unwrap();
        assert_eq!(list.len(), 2);
        let (p, e) = (&list[0], &list[1]);
        assert_eq!((p.kind, e.kind), (ImportKind::Pipeline, ImportKind::Exits));
        assert_eq!(p.file_name, "bewerbungen.csv");
        assert_eq!(p.rows, pipe.len() as u64);
        assert_eq!(p.dims, DimSet::EMPTY);
        assert_eq!(p.cities, vec![ags(ESSEN), ags(HERNE)]);
        assert_eq!(p.periods, vec![2023, 2024]);
        assert_eq!(e.rows, ex.len() as u64);
        assert_eq!(e.dims, exit_dims());
        assert_eq!(e.periods, vec![2024]);
        assert_eq!(
            ImportKind::from_code("pipeline"),
            Some(ImportKind::Pipeline)
        );
        assert_eq!(ImportKind::from_code("exits"), Some(ImportKind::Exits));
    }

    pub async fn reimport_is_idempotent_and_overlap_refused<S: Store>(s: S) {
        let pipe = pipeline_rows(&[HERNE], &[2024], 100);
        let ex = exit_rows(&[HERNE], &[2024], 40);
        let id_p = imported(
            s.import_pipeline(meta("p.csv", 110, DimSet::EMPTY), &pipe)
                .await
                .unwrap(),
        );
        let id_e = imported(
            s.import_exits(meta("e.csv", 111, exit_dims()), &ex)
                .await
                .unwrap(),
        );
        // Staff of the same city and year is another kind: no overlap.
        let staff_rows = staff(112, &[HERNE], &[2024], 20, all_dims());
        imported(
            s.import_staff(meta("s.csv", 112, all_dims()), &staff_rows)
                .await
                .unwrap(),
        );
        let before = snapshot(&s).await;
        let pipe_before = s.pipeline_records(ags(HERNE)).await.unwrap();
        let exits_before = s.exit_records(ags(HERNE)).await.unwrap();

        // The same bytes again: nothing new, the existing import named.
        let mut again = meta("p (Kopie).csv", 110, DimSet::EMPTY);
        again.sha256 = again.sha256.to_uppercase();
        assert_eq!(
            s.import_pipeline(again, &pipe).await.unwrap(),
            ImportOutcome::AlreadyImported { id: id_p }
        );
        assert_eq!(
            s.import_exits(meta("e.csv", 111, exit_dims()), &ex)
                .await
                .unwrap(),
            ImportOutcome::AlreadyImported { id: id_e }
        );

        // A different file for Herne 2024 (and new Essen data): refused as a whole.
        let other = pipeline_rows(&[ESSEN, HERNE], &[2024], 90);
        let err = s
            .import_pipeline(meta("p_neu.csv", 113, DimSet::EMPTY), &other)
            .await
            .expect_err("overlap");
        match &err {
            StoreError::Conflict {
                id,
                kind,
                file_name,
                what,
                ..
            } => {
                assert_eq!((*id, *kind), (id_p, ImportKind::Pipeline));
                assert_eq!(file_name, "p.csv");
                assert_eq!(
                    what.to_string(),
                    "Bewerbungsverfahren Ausbildung für 05916000, Jahr 2024"
                );
            }
            other => panic!("expected Conflict, got {other:?}"),
        }
        assert!(err.to_string().contains(&format!("Import {id_p} löschen")));
        let other = exit_rows(&[HERNE], &[2024], 41);
        let err = s
            .import_exits(meta("e_neu.csv", 114, exit_dims()), &other)
            .await
            .expect_err("overlap");
        match &err {
            StoreError::Conflict { id, kind, what, .. } => {
                assert_eq!((*id, *kind), (id_e, ImportKind::Exits));
                assert_eq!(what.to_string(), "Abgänge für 05916000, Jahr 2024");
            }
            other => panic!("expected Conflict, got {other:?}"),
        }

        assert_eq!(snapshot(&s).await, before);
        assert_eq!(s.pipeline_records(ags(HERNE)).await.unwrap(), pipe_before);
        assert!(s.pipeline_records(ags(ESSEN)).await.unwrap().is_empty());
        assert_eq!(s.exit_records(ags(HERNE)).await.unwrap(), exits_before);

        // Another year is not an overlap.
        imported(
            s.import_exits(
                meta("e_2023.csv", 115, exit_dims()),
                &exit_rows(&[HERNE], &[2023], 41),
            )
            .await
            .unwrap(),
        );
        assert_eq!(
            s.exit_years(ags(HERNE)).await.unwrap(),
            vec![year(2023), year(2024)]
        );
    }

    pub async fn delete_import_removes_its_rows<S: Store>(s: S) {
        let pipe = pipeline_rows(&[HERNE], &[2024], 100);
        let ex = exit_rows(&[HERNE], &[2024], 40);
        let id_p = imported(
            s.import_pipeline(meta("p.csv", 120, DimSet::EMPTY), &pipe)
                .await
                .unwrap(),
        );
        let id_e = imported(
            s.import_exits(meta("e.csv", 121, exit_dims()), &ex)
                .await
                .unwrap(),
        );
        s.delete_import(id_p).await.unwrap();
        assert!(s.pipeline_records(ags(HERNE)).await.unwrap().is_empty());
        assert!(s.pipeline_years(ags(HERNE)).await.unwrap().is_empty());
        assert_eq!(s.exit_records(ags(HERNE)).await.unwrap().len(), ex.len());
        s.delete_import(id_e).await.unwrap();
        assert!(s.exit_records(ags(HERNE)).await.unwrap().is_empty());
        assert!(s.list_imports().await.unwrap().is_empty());
        assert!(s.cities().await.unwrap().is_empty());

        // The corrected file goes in under a new id.
        let fixed = pipeline_rows(&[HERNE], &[2024], 101);
        let id_p2 = imported(
            s.import_pipeline(meta("p_neu.csv", 122, DimSet::EMPTY), &fixed)
                .await
                .unwrap(),
        );
        assert!(id_p2 > id_e, "{id_p2} reused an id");
        assert_eq!(
            s.pipeline_records(ags(HERNE)).await.unwrap(),
            for_city(&fixed, ags(HERNE))
        );
    }

    pub async fn invalid_input_stores_nothing<S: Store>(s: S) {
        let pipe = pipeline_rows(&[HERNE], &[2024], 100);
        imported(
            s.import_pipeline(meta("p.csv", 130, DimSet::EMPTY), &pipe)
                .await
                .unwrap(),
        );
        let before = snapshot(&s).await;

        // Exits above the headcount deep inside a large file: the database refuses the row
        // after earlier INSERT statements ran; everything is rolled back.
        let mut ex = exit_rows(&[ESSEN], &(2000..2100).collect::<Vec<_>>(), 40);
        assert!(ex.len() > 2500, "{}", ex.len());
        ex[2400].exits = ex[2400].headcount + 1;
        let err = s
            .import_exits(meta("e.csv", 131, exit_dims()), &ex)
            .await
            .expect_err("CHECK violation");
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");

        // Segment values in a column the file did not carry.
        let ex = exit_rows(&[ESSEN], &[2024], 40);
        let err = s
            .import_exits(meta("e.csv", 132, DimSet::EMPTY.with(Dim::Field)), &ex)
            .await
            .expect_err("dims");
        assert!(err.to_string().contains("Datenzeile 1"), "{err}");

        // A pipeline file has no segment columns.
        let err = s
            .import_pipeline(
                meta("p2.csv", 133, DimSet::EMPTY.with(Dim::Sex)),
                &pipeline_rows(&[ESSEN], &[2024], 100),
            )
            .await
            .expect_err("dims");
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
        assert!(matches!(
            s.import_pipeline(meta("leer.csv", 134, DimSet::EMPTY), &[])
                .await,
            Err(StoreError::Invalid(_))
        ));

        assert_eq!(snapshot(&s).await, before);
        assert!(s.exit_records(ags(ESSEN)).await.unwrap().is_empty());
        assert!(s.pipeline_records(ags(ESSEN)).await.unwrap().is_empty());
        // The refused file was not recorded: once fixed, it goes in.
        imported(
            s.import_exits(meta("e.csv", 131, exit_dims()), &ex)
                .await
                .unwrap(),
        );
    }

    /// Stored text comes back exactly, umlauts and slashes included, and a large count too.
    pub async fn text_and_extremes_survive<S: Store>(s: S) {
        let rec = PipelineRecord {
            ags: ags(HERNE),
            year: year(2024),
            occupation: Occupation::parse(&"ä/ß ".repeat(30)).unwrap(),
            stage: StageName::parse(&"Gespräch".repeat(7)).unwrap(),
            stage_order: u16::MAX,
            group: Class::Unknown,
            count: u32::MAX,
        };
        imported(
            s.import_pipeline(
                meta("x.csv", 140, DimSet::EMPTY),
                std::slice::from_ref(&rec),
            )
            .await
            .unwrap(),
        );
        assert_eq!(s.pipeline_records(ags(HERNE)).await.unwrap(), vec![rec]);
        let ex = ExitRecord {
            ags: ags(HERNE),
            year: year(2024),
            key: SegmentKey::default(),
            group: Class::With,
            reason: Some(ExitReason::ContractEnd),
            headcount: u32::MAX,
            exits: u32::MAX,
        };
        imported(
            s.import_exits(meta("y.csv", 141, DimSet::EMPTY), std::slice::from_ref(&ex))
                .await
                .unwrap(),
        );
        assert_eq!(s.exit_records(ags(HERNE)).await.unwrap(), vec![ex]);
    }
}

macro_rules! both_backends {
    ($($case:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $case() {
                    crate::common::run_sqlite(crate::cases::$case).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    crate::common::run_pg(crate::cases::$case).await;
                }
            )*
        }
    };
}

both_backends!(
    round_trip_and_tenant_scoping,
    reimport_is_idempotent_and_overlap_refused,
    delete_import_removes_its_rows,
    invalid_input_stores_nothing,
    text_and_extremes_survive,
);

/// The dispatcher forwards the new methods.
#[tokio::test]
async fn any_store_forwards() {
    use abbild_store::AnyStore;
    let s = AnyStore::open("sqlite::memory:", FieldCatalog::default())
        .await
        .unwrap();
    cases::round_trip_and_tenant_scoping(s.clone()).await;
    s.close().await;
}

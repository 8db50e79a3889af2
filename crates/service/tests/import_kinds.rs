//! Pipeline and exits files through the service: from a path (CLI) and as an upload of one
//! city, where a row of another city fails the whole file.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use abbild_core::access::CityWrite;
use abbild_core::{Ags, FieldCatalog};
use abbild_import::Kind;
use abbild_service::import::{import_file, import_upload};
use abbild_service::ServiceError;
use abbild_store::{AnyStore, ImportKind, ImportOutcome, Store};

const PIPELINE: &str = "AGS;Jahr;Ausbildungsberuf;Stufe;Reihenfolge;Gruppe;Anzahl\n\
05916000;2024;Fachinformatiker/in;beworben;1;mit;40\n\
05916000;2024;Fachinformatiker/in;eingestellt;2;mit;4\n";

const EXITS: &str = "ags;year;field;group;headcount;exits\n\
05916000;2024;kita;with;250;12\n\
05916000;2024;kita;without;700;30\n";

async fn store() -> AnyStore {
    AnyStore::open("sqlite::memory:", FieldCatalog::default())
        .await
        .unwrap()
}

#[tokio::test]
async fn upload_of_own_city_is_stored() {
    let s = store().await;
    let cat = FieldCatalog::default();
    let herne = CityWrite::local_operator(Ags::parse("05916000").unwrap());
    let (o, rows) = import_upload(
        &s,
        &herne,
        Kind::Pipeline,
        "p.csv",
        PIPELINE.as_bytes(),
        &cat,
    )
    .await
    .unwrap();
    assert!(matches!(o, ImportOutcome::Imported { rows: 2, .. }));
    assert_eq!(rows, 2);
    let (o, _) = import_upload(&s, &herne, Kind::Exits, "e.csv", EXITS.as_bytes(), &cat)
        .await
        .unwrap();
    assert!(matches!(o, ImportOutcome::Imported { rows: 2, .. }));
    let kinds: Vec<ImportKind> = s
        .list_imports()
        .await
        .unwrap()
        .iter()
        .map(|i| i.kind)
        .collect();
    assert_eq!(kinds, vec![ImportKind::Pipeline, ImportKind::Exits]);
    let exits = s.exit_records(herne.ags()).await.unwrap();
    assert_eq!(exits.len(), 2);
    assert!(exits.iter().all(|e| e.key.field.is_some()));
}

#[tokio::test]
async fn upload_with_a_row_of_another_city_stores_nothing() {
    let s = store().await;
    let cat = FieldCatalog::default();
    let bochum = CityWrite::local_operator(Ags::parse("05911000").unwrap());
    for (kind, text) in [(Kind::Pipeline, PIPELINE), (Kind::Exits, EXITS)] {
        let err = import_upload(&s, &bochum, kind, "x.csv", text.as_bytes(), &cat)
            .await
            .expect_err("foreign rows");
        let ServiceError::Import(e) = err else {
            panic!("expected an import error, got {err:?}");
        };
        assert_eq!(e.row_errors.len(), 2);
        assert_eq!(
            e.row_errors[0].to_string(),
            "x.csv, Zeile 2, Spalte \"ags\": Wert \"05916000\" – erwartet den \
             Gemeindeschlüssel Ihrer Stadt (05911000)"
        );
    }
    assert!(s.list_imports().await.unwrap().is_empty());
}

#[tokio::test]
async fn import_file_reads_both_kinds_and_reports_row_errors() {
    let s = store().await;
    let cat = FieldCatalog::default();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bewerbungen.csv");
    let e = dir.path().join("abgaenge.csv");
    std::fs::write(&p, PIPELINE).unwrap();
    std::fs::write(&e, EXITS).unwrap();
    let (o, _) = import_file(&s, Kind::Pipeline, &p, &cat).await.unwrap();
    let id = o.id();
    // Same file again: idempotent.
    assert_eq!(
        import_file(&s, Kind::Pipeline, &p, &cat).await.unwrap().0,
        ImportOutcome::AlreadyImported { id }
    );
    import_file(&s, Kind::Exits, &e, &cat).await.unwrap();

    let bad = dir.path().join("kaputt.csv");
    std::fs::write(&bad, EXITS.replace("700;30", "700;701")).unwrap();
    let err = import_file(&s, Kind::Exits, &bad, &cat)
        .await
        .expect_err("exits above headcount");
    assert_eq!(
        err.to_string(),
        "kaputt.csv, Zeile 3, Spalte \"exits\": Wert \"701\" – erwartet höchstens so viele wie \
         \"headcount\" (700)"
    );
    assert_eq!(s.list_imports().await.unwrap().len(), 2);
}

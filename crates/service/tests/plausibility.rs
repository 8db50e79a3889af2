//! Twelve survey answers that claim a segment with fewer staff must not take down a page
//! (issue 14): the region and the city pages stay up, the contradicting answers are set
//! aside with a warning that names the segment, and nothing else changes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use abbild_core::access::RegionRead;
use abbild_core::stats::{Confidence, IntervalMethod};
use abbild_core::{Dim, DimSet, FieldCatalog};
use abbild_import::Kind;
use abbild_service::analyze::{representation_from_db, Request};
use abbild_service::import::import_file;
use abbild_service::releases::Channel;
use abbild_service::scoped::{city_representation, region_representation};
use abbild_store::AnyStore;

const HERNE: &str = "05916000";
const BOCHUM: &str = "05911000";

/// W1 (seed 1) for Herne and Bochum; `extra` answers are appended to the responses file.
async fn w1_two_cities(extra: &str) -> (AnyStore, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    abbild_synth::generate(abbild_synth::Workload::W1, 1, dir.path(), &mut |_| {}).unwrap();
    for name in ["staff.csv", "responses.csv", "population.csv"] {
        let p = dir.path().join(name);
        let text = std::fs::read_to_string(&p).unwrap();
        let mut out = String::new();
        for (i, line) in text.lines().enumerate() {
            if i == 0 || line.starts_with(HERNE) || line.starts_with(BOCHUM) {
                out.push_str(line);
                out.push('\n');
            }
        }
        if name == "responses.csv" {
            out.push_str(extra);
        }
        std::fs::write(&p, out).unwrap();
    }
    let cat = FieldCatalog::default();
    let s = AnyStore::open("sqlite::memory:", cat.clone())
        .await
        .unwrap();
    for (kind, name) in [
        (Kind::Staff, "staff.csv"),
        (Kind::Responses, "responses.csv"),
        (Kind::Population, "population.csv"),
    ] {
        import_file(&s, kind, &dir.path().join(name), &cat)
            .await
            .unwrap();
    }
    (s, dir)
}

/// Twelve answers for Herne's feuerwehr/einfach (3 staff in W1), with a key the staff file has.
fn twelve_claims(dir: &std::path::Path) -> String {
    let staff = std::fs::read_to_string(dir.join("staff.csv")).unwrap();
    let row = staff
        .lines()
        .find(|l| l.starts_with(&format!("{HERNE},2024,feuerwehr,einfach,")))
        .expect("W1 Herne has staff in feuerwehr/einfach");
    let f: Vec<&str> = row.split(',').collect();
    let key = f[2..9].join(",");
    let mut out = String::new();
    for _ in 0..12 {
        out.push_str(&format!("{HERNE},2024,{key},yes,no,no,yes,yes,no,no,\n"));
    }
    out
}

#[tokio::test]
async fn answers_claiming_a_small_segment_are_set_aside_not_fatal() {
    let probe = tempfile::tempdir().unwrap();
    abbild_synth::generate(abbild_synth::Workload::W1, 1, probe.path(), &mut |_| {}).unwrap();
    let extra = twelve_claims(probe.path());
    let (clean, _d1) = w1_two_cities("").await;
    let (store, _d2) = w1_two_cities(&extra).await;
    let cat = FieldCatalog::default();
    let by: DimSet = [Dim::Field, Dim::Level].into_iter().collect();

    // The region page: every city is there, Herne with a warning naming the segment.
    let rel = region_representation(
        &store,
        &RegionRead::local_operator(),
        by,
        &cat,
        Channel::Page,
    )
    .await
    .expect("the region page stays up");
    let cities = &rel.body().cities;
    assert_eq!(cities.len(), 2);
    let herne = cities.iter().find(|c| c.ags.to_string() == HERNE).unwrap();
    let warning = herne
        .warnings
        .iter()
        .find(|w| w.contains("Nicht ausgewertet"))
        .expect("Herne says which answers were set aside");
    assert!(
        warning.contains("field=feuerwehr, level=einfach"),
        "{warning}"
    );
    assert!(
        !warning.contains("12"),
        "no count of the set-aside answers: {warning}"
    );
    let bochum = cities.iter().find(|c| c.ags.to_string() == BOCHUM).unwrap();
    assert!(bochum
        .warnings
        .iter()
        .all(|w| !w.contains("Nicht ausgewertet")));

    // The city page: the same.
    let cap = RegionRead::local_operator().city(herne.ags);
    city_representation(&store, &cap, by, None, &cat, Channel::Page)
        .await
        .expect("the city page stays up");

    // Before protection: every other segment exactly as without the twelve answers.
    let req = Request {
        by,
        definition: None,
        interval: IntervalMethod::WilsonFpc,
        confidence: Confidence::DEFAULT,
        year: None,
        wave: None,
        city_waves: Default::default(),
        cities: vec![herne.ags],
    };
    let with = representation_from_db(&store, &req, &cat).await.unwrap();
    let without = representation_from_db(&clean, &req, &cat).await.unwrap();
    let (a, b) = (&with.cities[0].segments, &without.cities[0].segments);
    assert_eq!(a.len(), b.len());
    let mut compared = 0;
    for (x, y) in a.iter().zip(b) {
        assert_eq!(x.key, y.key);
        if x.key.get(Dim::Field) == Some("feuerwehr") && x.key.get(Dim::Level) == Some("einfach") {
            // Only answers with exactly the overclaimed key go (the twelve, and any original
            // answer with the same key: they cannot be told apart).
            let n = x.metrics.respondents.unwrap();
            assert!(
                n <= y.metrics.respondents.unwrap() && n <= x.metrics.headcount,
                "{:?}",
                x.metrics
            );
        } else {
            assert_eq!(x.metrics, y.metrics, "{:?}", x.key);
            compared += 1;
        }
    }
    assert!(compared > 10);
}

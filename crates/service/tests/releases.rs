//! Attack test for the release registry (issue 13, part 5): a Herne viewer asks for field ×
//! level, then field, then level (pages, API, downloads and the CLI all take this door) and
//! solves a linear program over everything the three tables published. Each table protected
//! on its own let the LP narrow small cells below k; protected given the earlier releases
//! (the registry), no sensitive cell can be narrowed below k.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use abbild_core::access::RegionRead;
use abbild_core::disclosure::{protect_representation, Released};
use abbild_core::representation::{value_code, RepresentationReport};
use abbild_core::sdc::{audit_pattern, LpModel, Microdata, Prior, Publish};
use abbild_core::{Ags, Class, Definition, Dim, DimSet, FieldCatalog};
use abbild_import::Kind;
use abbild_service::analyze::{representation_from_db, Request};
use abbild_service::import::import_file;
use abbild_service::releases::Channel;
use abbild_service::scoped::{city_representation, K};
use abbild_store::{AnyStore, Releases, Store};
use std::collections::{BTreeMap, BTreeSet};

const HERNE: &str = "05916000";

/// The W1 demo data (seed 1, as `abbild demo`), Herne's part in an in-memory database.
async fn w1_herne() -> (AnyStore, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    abbild_synth::generate(abbild_synth::Workload::W1, 1, dir.path(), &mut |_| {}).unwrap();
    // Only Herne's rows: the attack is on one city and the import stays quick.
    for name in ["staff.csv", "responses.csv", "population.csv"] {
        let p = dir.path().join(name);
        let text = std::fs::read(&p).unwrap();
        let mut out = Vec::new();
        for (i, line) in text.split(|b| *b == b'\n').enumerate() {
            if i == 0 || line.windows(8).any(|w| w == HERNE.as_bytes()) {
                out.extend_from_slice(line);
                out.push(b'\n');
            }
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

fn dims(list: &[Dim]) -> DimSet {
    list.iter().copied().collect()
}

fn groupings() -> [DimSet; 3] {
    [
        dims(&[Dim::Field, Dim::Level]),
        dims(&[Dim::Field]),
        dims(&[Dim::Level]),
    ]
}

/// What the attacker learns, as cells of field × level × class and its margins: dims indices
/// (0 field, 1 level, 2 class) and labels → value.
type Known = BTreeMap<(Vec<usize>, Vec<String>), u64>;

fn learn(known: &mut Known, rel: &Released<RepresentationReport>) {
    let by = rel.body().by;
    let idx: Vec<usize> = by
        .iter()
        .map(|d| if d == Dim::Field { 0 } else { 1 })
        .collect();
    let city = &rel.body().cities[0];
    let mut put = |labels: Vec<String>, n: Option<u64>, x: Option<u64>| {
        if let Some(n) = n {
            known.insert((idx.clone(), labels.clone()), n);
            if let Some(x) = x {
                let mut d = idx.clone();
                d.push(2);
                let mut with = labels.clone();
                with.push("with".into());
                let mut without = labels;
                without.push("without".into());
                known.insert((d.clone(), with), x);
                known.insert((d, without), n - x);
            }
        }
    };
    for s in &city.segments {
        let labels = s.key.0.iter().map(|(_, v)| v.clone()).collect();
        put(labels, s.metrics.respondents, s.metrics.with_migration);
    }
    let o = &city.overall.metrics;
    if let Some(n) = o.respondents {
        known.insert((vec![], vec![]), n);
        if let Some(x) = o.with_migration {
            known.insert((vec![2], vec!["with".into()]), x);
            known.insert((vec![2], vec!["without".into()]), n - x);
        }
    }
}

/// The attacker's LP: for every sensitive cell (0 < c < k) of field × level × class and its
/// margins that none of the tables published, min and max given all they published. Returns
/// (sensitive cells, those narrowed below k).
async fn attack(store: &AnyStore, known: &Known, def: Definition) -> (usize, usize) {
    let ags = Ags::parse(HERNE).unwrap();
    let cat = FieldCatalog::default();
    let wave = store.waves(ags).await.unwrap()[0];
    let mut rows: BTreeMap<Vec<String>, u64> = BTreeMap::new();
    for (key, a, n) in store.response_cells(ags, wave).await.unwrap() {
        let class = match def.classify(a) {
            Class::With => "with",
            Class::Without => "without",
            Class::Unknown => continue,
        };
        let f = value_code(&key, Dim::Field, &cat);
        let l = value_code(&key, Dim::Level, &cat);
        for c in ["with", "without"] {
            *rows
                .entry(vec![f.clone(), l.clone(), c.into()])
                .or_default() += if c == class { n } else { 0 };
        }
    }
    let data =
        Microdata::from_rows(vec!["field".into(), "level".into(), "class".into()], rows).unwrap();
    // Every cell of every margin table, with its true value.
    let mut truth: BTreeMap<(Vec<usize>, Vec<u32>), u64> = BTreeMap::new();
    for (key, n) in data.cells() {
        for mask in 0u8..8 {
            let ds: Vec<usize> = (0..3).filter(|d| mask & (1 << d) != 0).collect();
            let k: Vec<u32> = ds.iter().map(|&d| key[d]).collect();
            *truth.entry((ds, k)).or_default() += n;
        }
    }
    let label = |ds: &[usize], k: &[u32]| -> Vec<String> {
        ds.iter()
            .zip(k)
            .map(|(&d, &v)| data.labels(d)[v as usize].clone())
            .collect()
    };
    let hidden: Vec<(Vec<usize>, Vec<u32>)> = truth
        .keys()
        .filter(|(ds, k)| !known.contains_key(&(ds.clone(), label(ds, k))))
        .cloned()
        .collect();
    for ((ds, k), v) in &truth {
        if let Some(p) = known.get(&(ds.clone(), label(ds, k))) {
            assert_eq!(p, v, "published value {ds:?} {k:?}");
        }
    }
    let iv = audit_pattern(
        &data,
        &[Publish::new(0..3)],
        &Prior::none(),
        &hidden,
        LpModel::Atoms,
    )
    .unwrap();
    let mut sensitive = 0;
    let mut narrowed = 0;
    for (cell, i) in hidden.iter().zip(&iv) {
        let v = truth[cell];
        if v > 0 && v < K {
            sensitive += 1;
            if i.width() < K as f64 - 1e-6 {
                narrowed += 1;
            }
        }
    }
    (sensitive, narrowed)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nested_groupings_cannot_be_combined_to_narrow_a_cell() {
    let (store, _dir) = w1_herne().await;
    let ags = Ags::parse(HERNE).unwrap();
    let cat = FieldCatalog::default();

    // Before (each table protected on its own, as every product path did).
    let mut alone = Known::new();
    let mut def = Definition::Eg;
    for by in groupings() {
        let req = Request {
            by,
            definition: None,
            interval: abbild_core::stats::IntervalMethod::WilsonFpc,
            confidence: abbild_core::stats::Confidence::DEFAULT,
            year: None,
            wave: None,
            city_waves: Default::default(),
            cities: vec![ags],
        };
        let report = representation_from_db(&store, &req, &cat).await.unwrap();
        def = report.definition;
        let rel = protect_representation(report, &abbild_core::sdc::Config::with_k(K)).unwrap();
        learn(&mut alone, &rel);
    }
    let (sensitive_before, narrowed_before) = attack(&store, &alone, def).await;
    eprintln!(
        "each table alone: {narrowed_before} of {sensitive_before} sensitive cells narrowed below k"
    );
    // With the one-class rule on, the W1 Herne tables happen to resist this attack even when
    // protected one at a time (without it: 2 of 43 narrowed, the figure); the product
    // must not depend on such luck, so the assertion below is on the product's door.

    // After: the product's door, in the order a viewer would ask.
    let cap = RegionRead::local_operator().city(ags);
    let mut known = Known::new();
    for by in groupings() {
        let rel = city_representation(&store, &cap, by, None, &cat, Channel::Api)
            .await
            .unwrap();
        assert_eq!(rel.body().definition, def);
        learn(&mut known, &rel);
    }
    let (sensitive, narrowed) = attack(&store, &known, def).await;
    eprintln!("with the registry: {narrowed} of {sensitive} sensitive cells narrowed below k");
    assert_eq!(narrowed, 0);
    assert!(sensitive > 0);

    // Every table is recorded; asking again is protected given all of them too.
    let again = city_representation(&store, &cap, groupings()[1], None, &cat, Channel::Page)
        .await
        .unwrap();
    learn(&mut known, &again);
    assert_eq!(attack(&store, &known, def).await.1, 0);
    let recorded = store.list_releases(Some(ags)).await.unwrap();
    let dims_recorded: BTreeSet<String> = recorded.iter().map(|r| r.dims.clone()).collect();
    assert_eq!(
        dims_recorded,
        ["field", "field,level", "level"]
            .into_iter()
            .map(String::from)
            .collect()
    );
    assert!(recorded.len() <= 4, "{} releases", recorded.len());
}

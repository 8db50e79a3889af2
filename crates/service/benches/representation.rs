//! SPEC §7 W1: the representation analysis of all 10 cities from files (read, aggregate,
//! analyse), for three groupings. The files come from the deterministic generator.

use abbild_core::stats::{Confidence, IntervalMethod};
use abbild_core::{DimSet, FieldCatalog};
use abbild_service::analyze::{representation_from_files, Files, Request};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

fn w1(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    abbild_synth::generate(abbild_synth::Workload::W1, 1, dir.path(), &mut |_| {})
        .expect("generate W1");
    let files = Files {
        staff: dir.path().join("staff.csv"),
        responses: dir.path().join("responses.csv"),
        population: dir.path().join("population.csv"),
    };
    let catalog = FieldCatalog::default();
    let mut group = c.benchmark_group("w1_representation_from_files");
    for by in ["field,level", "field,level,status,age,sex", ""] {
        let req = Request {
            by: DimSet::parse(by).expect("dims"),
            definition: None,
            interval: IntervalMethod::WilsonFpc,
            confidence: Confidence::DEFAULT,
            year: None,
            wave: None,
            city_waves: Default::default(),
            cities: Vec::new(),
        };
        let name = if by.is_empty() { "city" } else { by };
        group.bench_function(name, |b| {
            b.iter(|| {
                black_box(
                    representation_from_files(&files, &req, &catalog, &|_| {}).expect("analysis"),
                )
            })
        });
    }
    let req = Request {
        by: DimSet::parse("field,level").expect("dims"),
        definition: None,
        interval: IntervalMethod::ClopperPearson,
        confidence: Confidence::DEFAULT,
        year: None,
        wave: None,
        city_waves: Default::default(),
        cities: Vec::new(),
    };
    group.bench_function("field,level/clopper_pearson", |b| {
        b.iter(|| {
            black_box(representation_from_files(&files, &req, &catalog, &|_| {}).expect("analysis"))
        })
    });
    group.finish();
}

criterion_group!(benches, w1);
criterion_main!(benches);

//! Deterministic test data and the expected aggregates, computed independently in Rust.

#![allow(dead_code)]

use abbild_core::records::{Lang, PopulationRecord, ResponseRecord, Source, StaffRecord};
use abbild_core::{
    AgeBand, Ags, Answer, Answers, Definition, Dim, DimSet, FieldCatalog, Level, SegmentKey, Sex,
    Status, Wave, Year,
};
use abbild_store::ImportMeta;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::BTreeMap;

pub const HERNE: &str = "05916000";
pub const ESSEN: &str = "05113000";
pub const GELSENKIRCHEN: &str = "05513000";

pub fn ags(s: &str) -> Ags {
    Ags::parse(s).expect("ags")
}
pub fn year(y: u16) -> Year {
    Year::new(y).expect("year")
}
pub fn wave(y: u16) -> Wave {
    Wave::new(y).expect("wave")
}

/// A SHA-256-shaped string that differs per `seed`.
pub fn sha(seed: u64) -> String {
    format!("{seed:064x}")
}

pub fn meta(file: &str, seed: u64, dims: DimSet) -> ImportMeta {
    ImportMeta {
        file_name: file.to_owned(),
        sha256: sha(seed),
        dims,
    }
}

pub fn all_dims() -> DimSet {
    Dim::ALL.into_iter().collect()
}

pub const AGE_BANDS: [(u8, u8); 6] = [(16, 24), (25, 34), (35, 44), (45, 54), (55, 59), (60, 67)];

fn pick<T: Copy>(rng: &mut StdRng, xs: &[T]) -> T {
    xs[rng.random_range(0..xs.len())]
}

fn random_key(rng: &mut StdRng, catalog: &FieldCatalog, dims: DimSet, missing: f64) -> SegmentKey {
    let fields: Vec<_> = catalog.iter().map(|(f, _)| f).collect();
    let mut some = |d: Dim| dims.contains(d) && !rng.random_bool(missing);
    let (f, l, s, le, a, x) = (
        some(Dim::Field),
        some(Dim::Level),
        some(Dim::Status),
        some(Dim::Leadership),
        some(Dim::Age),
        some(Dim::Sex),
    );
    SegmentKey {
        field: f.then(|| pick(rng, &fields)),
        level: l.then(|| pick(rng, Level::ALL)),
        status: s.then(|| pick(rng, Status::ALL)),
        leadership: le.then(|| rng.random_bool(0.1)),
        age: a.then(|| {
            let (from, to) = pick(rng, &AGE_BANDS);
            AgeBand::new(from, to).expect("band")
        }),
        sex: x.then(|| pick(rng, Sex::ALL)),
    }
}

/// `n` staff rows for each (city, year); keys repeat, so the store must sum them.
pub fn staff(
    seed: u64,
    cities: &[&str],
    years: &[u16],
    n: usize,
    dims: DimSet,
) -> Vec<StaffRecord> {
    let catalog = FieldCatalog::default();
    let mut rng = StdRng::seed_from_u64(seed);
    let mut out = Vec::new();
    for c in cities {
        for y in years {
            for _ in 0..n {
                out.push(StaffRecord {
                    ags: ags(c),
                    year: year(*y),
                    key: random_key(&mut rng, &catalog, dims, 0.0),
                    headcount: rng.random_range(0..40),
                });
            }
        }
    }
    out
}

pub fn responses(
    seed: u64,
    cities: &[&str],
    waves: &[u16],
    n: usize,
    dims: DimSet,
) -> Vec<ResponseRecord> {
    let catalog = FieldCatalog::default();
    let mut rng = StdRng::seed_from_u64(seed);
    let langs: Vec<Lang> = ["tr", "ar", "pl", "ru", "en", "fr"]
        .iter()
        .map(|l| Lang::parse(l).expect("lang"))
        .collect();
    let mut out = Vec::new();
    for c in cities {
        for w in waves {
            for _ in 0..n {
                let key = random_key(&mut rng, &catalog, dims, 0.05);
                let answers = Answers::from_fn(|_| {
                    // Mostly complete answers, so that patterns repeat and counts exceed 1.
                    if rng.random_bool(0.1) {
                        Answer::Unknown
                    } else if rng.random_bool(0.7) {
                        Answer::No
                    } else {
                        Answer::Yes
                    }
                });
                let k = rng.random_range(0..3);
                let mut languages: Vec<Lang> = (0..k).map(|_| pick(&mut rng, &langs)).collect();
                languages.sort();
                languages.dedup();
                out.push(ResponseRecord {
                    ags: ags(c),
                    wave: wave(*w),
                    key,
                    answers,
                    languages,
                });
            }
        }
    }
    out
}

pub fn population(
    seed: u64,
    cities: &[&str],
    years: &[u16],
    definition: Definition,
    source: Source,
) -> Vec<PopulationRecord> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut out = Vec::new();
    for c in cities {
        for y in years {
            for from in (0..=85u8).step_by(5) {
                for sex in [Some(Sex::W), Some(Sex::M), None] {
                    let persons = rng.random_range(0..20_000u64);
                    out.push(PopulationRecord {
                        ags: ags(c),
                        year: year(*y),
                        definition,
                        source,
                        age: AgeBand::new(from, if from == 85 { 120 } else { from + 4 })
                            .expect("band"),
                        sex,
                        persons,
                        with_migration: rng.random_range(0..=persons),
                    });
                }
            }
        }
    }
    out
}

pub fn expected_staff(rows: &[StaffRecord], a: Ags, y: Year) -> Vec<(SegmentKey, u64)> {
    let mut m: BTreeMap<SegmentKey, u64> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.ags == a && r.year == y) {
        *m.entry(r.key).or_default() += u64::from(r.headcount);
    }
    m.into_iter().collect()
}

pub fn expected_responses(
    rows: &[ResponseRecord],
    a: Ags,
    w: Wave,
) -> Vec<(SegmentKey, Answers, u64)> {
    let mut m: BTreeMap<(SegmentKey, Answers), u64> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.ags == a && r.wave == w) {
        *m.entry((r.key, r.answers)).or_default() += 1;
    }
    m.into_iter().map(|((k, a), n)| (k, a, n)).collect()
}

pub fn expected_languages(
    rows: &[ResponseRecord],
    a: Ags,
    w: Wave,
) -> Vec<(SegmentKey, Lang, u64)> {
    let mut m: BTreeMap<(SegmentKey, Lang), u64> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.ags == a && r.wave == w) {
        for l in &r.languages {
            *m.entry((r.key, *l)).or_default() += 1;
        }
    }
    m.into_iter().map(|((k, l), n)| (k, l, n)).collect()
}

pub fn expected_population(
    rows: &[PopulationRecord],
    a: Ags,
    y: Option<Year>,
) -> Vec<PopulationRecord> {
    let mut v: Vec<_> = rows
        .iter()
        .filter(|r| r.ags == a && y.is_none_or(|y| r.year == y))
        .copied()
        .collect();
    v.sort_by_key(|p| (p.year, p.definition, p.source, p.age, p.sex));
    v
}

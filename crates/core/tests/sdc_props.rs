//! Property tests of the protection step on random small tables: the exact LP audit holds,
//! no published cell is sensitive, published values are the truth, and the two LP models
//! (finest cells vs. linked tables) agree.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers may panic: a panic is a failed test

use abbild_core::sdc::{
    audit_pattern, protect, AuditMethod, CellStatus, Config, LpModel, Microdata, Prior, Protection,
    Publish,
};
use proptest::prelude::*;

/// A random complete table over `sizes` with skewed counts (many small, some large).
fn table(sizes: &[usize], counts: &[u64]) -> Microdata {
    let dims: Vec<String> = (0..sizes.len()).map(|d| format!("d{d}")).collect();
    let labels: Vec<Vec<String>> = sizes
        .iter()
        .enumerate()
        .map(|(d, &n)| (0..n).map(|v| format!("v{d}{v}")).collect())
        .collect();
    let total: usize = sizes.iter().product();
    let mut cells = Vec::with_capacity(total);
    for i in 0..total {
        let mut rest = i;
        let mut key = vec![0u32; sizes.len()];
        for d in (0..sizes.len()).rev() {
            key[d] = (rest % sizes[d]) as u32;
            rest /= sizes[d];
        }
        cells.push((key, counts[i % counts.len()]));
    }
    Microdata::from_coded(dims, labels, cells).unwrap()
}

fn skewed() -> impl Strategy<Value = u64> {
    prop_oneof![3 => 0u64..3, 3 => 1u64..8, 2 => 5u64..30, 1 => 30u64..200]
}

/// Layouts: one 2-way table; two linked tables sharing a dimension; a 3-way table.
fn layout() -> impl Strategy<Value = (Vec<usize>, Vec<Vec<usize>>)> {
    prop_oneof![
        (2usize..5, 2usize..5).prop_map(|(a, b)| (vec![a, b], vec![vec![0, 1]])),
        (2usize..4, 2usize..4, 2usize..4)
            .prop_map(|(a, b, c)| (vec![a, b, c], vec![vec![0, 1], vec![1, 2]])),
        (2usize..4, 2usize..3, 2usize..4)
            .prop_map(|(a, b, c)| (vec![a, b, c], vec![vec![0, 1, 2]])),
        // W1 in miniature: city, field, level, status, age, class; three linked 4-way tables.
        (2usize..3, 2usize..4).prop_map(|(c, f)| (
            vec![c, f, 2, 2, 2, 2],
            vec![vec![0, 1, 2, 5], vec![0, 1, 4, 5], vec![0, 2, 3, 5]]
        )),
    ]
}

/// A hierarchy: municipality (4..7) within state (municipality / 3), by field (2..4);
/// tables municipality × field and state × field.
fn hierarchy(munis: usize, fields: usize, counts: &[u64]) -> Microdata {
    let dims = vec!["muni".to_string(), "state".to_string(), "field".to_string()];
    let states = munis.div_ceil(3);
    let labels = vec![
        (0..munis).map(|m| format!("m{m}")).collect(),
        (0..states).map(|s| format!("s{s}")).collect(),
        (0..fields).map(|f| format!("f{f}")).collect(),
    ];
    let mut cells = Vec::new();
    for m in 0..munis {
        for f in 0..fields {
            cells.push((
                vec![m as u32, (m / 3) as u32, f as u32],
                counts[(m * fields + f) % counts.len()],
            ));
        }
    }
    Microdata::from_coded(dims, labels, cells).unwrap()
}

/// [`hierarchy`] with a class dimension (2 values): municipality (m / 3 is its state),
/// state, field, class.
fn hierarchy_by_class(munis: usize, fields: usize, counts: &[u64]) -> Microdata {
    let dims = ["muni", "state", "field", "class"]
        .map(String::from)
        .to_vec();
    let states = munis.div_ceil(3);
    let labels = vec![
        (0..munis).map(|m| format!("m{m}")).collect(),
        (0..states).map(|s| format!("s{s}")).collect(),
        (0..fields).map(|f| format!("f{f}")).collect(),
        vec!["without".to_string(), "with".to_string()],
    ];
    let mut cells = Vec::new();
    for m in 0..munis {
        for f in 0..fields {
            for k in 0..2 {
                let i = (m * fields + f) * 2 + k;
                cells.push((
                    vec![m as u32, (m / 3) as u32, f as u32, k as u32],
                    counts[i % counts.len()],
                ));
            }
        }
    }
    Microdata::from_coded(dims, labels, cells).unwrap()
}

/// Checks the invariants of a protection against the exact audit of its own pattern.
fn check(data: &Microdata, publish: &[Publish], cfg: &Config, p: &Protection) {
    let truth = |dims: &[usize], key: &[u32]| -> u64 {
        data.cells()
            .iter()
            .filter(|(k, _)| dims.iter().zip(key).all(|(&d, &v)| k[d] == v))
            .map(|(_, c)| c)
            .sum()
    };
    let mut suppressed = Vec::new();
    let mut sensitive = Vec::new();
    for c in &p.cells {
        assert_eq!(c.value, truth(&c.dims, &c.key), "value of {c:?}");
        let small = c.value > 0 && c.value < cfg.k;
        if small {
            assert_eq!(
                c.status,
                CellStatus::Primary,
                "sensitive cell published: {c:?}"
            );
        }
        if c.is_suppressed() {
            suppressed.push((c.dims.clone(), c.key.clone()));
            sensitive.push(c.status == CellStatus::Primary);
        }
    }
    assert_eq!(
        p.primary,
        p.cells
            .iter()
            .filter(|c| c.status == CellStatus::Primary)
            .count()
    );
    let exact = audit_pattern(data, publish, &Prior::none(), &suppressed, LpModel::Atoms).unwrap();
    for (iv, &s) in exact.iter().zip(&sensitive) {
        if s {
            assert!(
                iv.width() >= cfg.protection - 1e-6,
                "cell {:?} narrowed to [{}, {}]",
                suppressed[iv.cell],
                iv.min,
                iv.max
            );
        }
    }
    // The reported intervals are attained: inside the exact ones.
    for iv in &p.audit.intervals {
        let c = &p.cells[iv.cell];
        let e = exact[suppressed
            .iter()
            .position(|(d, k)| *d == c.dims && *k == c.key)
            .unwrap()];
        assert!(
            iv.min >= e.min - 1e-6 && iv.max <= e.max + 1e-6,
            "{iv:?} vs {e:?}"
        );
        assert!(iv.width() >= cfg.protection - 1e-6);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn protection_holds((sizes, tables) in layout(), counts in prop::collection::vec(skewed(), 64), k in 3u64..6) {
        let data = table(&sizes, &counts);
        let publish: Vec<Publish> = tables.iter().map(|t| Publish::new(t.iter().copied())).collect();
        for audit in [AuditMethod::Proven, AuditMethod::ExactLp] {
            let cfg = Config { audit, ..Config::with_k(k) };
            let p = protect(&data, &publish, &cfg, &Prior::none()).unwrap();
            check(&data, &publish, &cfg, &p);
        }
    }

    #[test]
    fn hierarchy_holds(munis in 4usize..8, fields in 2usize..4, counts in prop::collection::vec(skewed(), 32)) {
        let data = hierarchy(munis, fields, &counts);
        let publish = [Publish::new([0, 2]), Publish::new([1, 2])];
        let cfg = Config::default();
        let p = protect(&data, &publish, &cfg, &Prior::none()).unwrap();
        check(&data, &publish, &cfg, &p);
    }

    /// The parallel per-state pass (`threads >= 2`): municipality within state by field and
    /// class, tables municipality × field × class and state × field × class; the pattern
    /// holds under the exact audit and does not depend on the number of threads.
    #[test]
    fn parallel_blocks_hold(
        munis in 6usize..13,
        fields in 2usize..4,
        counts in prop::collection::vec(skewed(), 48),
    ) {
        let data = hierarchy_by_class(munis, fields, &counts);
        let publish = [Publish::new([0, 2, 3]), Publish::new([1, 2, 3])];
        let cfg = Config { threads: 2, audit: AuditMethod::Proven, ..Config::default() };
        let p = protect(&data, &publish, &cfg, &Prior::none()).unwrap();
        check(&data, &publish, &cfg, &p);
        let p3 = protect(&data, &publish, &Config { threads: 3, ..cfg.clone() }, &Prior::none()).unwrap();
        prop_assert_eq!(p.cells, p3.cells);
    }

    #[test]
    fn models_agree(
        (sizes, tables) in layout(),
        counts in prop::collection::vec(skewed(), 64),
        mask in prop::collection::vec(any::<bool>(), 128),
    ) {
        let data = table(&sizes, &counts);
        let publish: Vec<Publish> = tables.iter().map(|t| Publish::new(t.iter().copied())).collect();
        // A random pattern over the cells of the published tables.
        let p = protect(&data, &publish, &Config::default(), &Prior::none()).unwrap();
        let pattern: Vec<(Vec<usize>, Vec<u32>)> = p
            .cells
            .iter()
            .enumerate()
            .filter(|(i, _)| mask[i % mask.len()])
            .map(|(_, c)| (c.dims.clone(), c.key.clone()))
            .collect();
        let a = audit_pattern(&data, &publish, &Prior::none(), &pattern, LpModel::Atoms).unwrap();
        let t = audit_pattern(&data, &publish, &Prior::none(), &pattern, LpModel::Auto).unwrap();
        for (x, y) in a.iter().zip(&t) {
            prop_assert!((x.min - y.min).abs() < 1e-6, "{:?}: {x:?} vs {y:?}", pattern[x.cell]);
            prop_assert!(x.max == y.max || (x.max - y.max).abs() < 1e-6, "{:?}: {x:?} vs {y:?}", pattern[x.cell]);
        }
    }

    #[test]
    fn lower_k_never_needs_more_primary(
        (sizes, tables) in layout(),
        counts in prop::collection::vec(skewed(), 64),
    ) {
        // Only the primary count is monotone in k; secondary counts of a heuristic are not.
        let data = table(&sizes, &counts);
        let publish: Vec<Publish> = tables.iter().map(|t| Publish::new(t.iter().copied())).collect();
        let p3 = protect(&data, &publish, &Config::with_k(3), &Prior::none()).unwrap();
        let p5 = protect(&data, &publish, &Config::with_k(5), &Prior::none()).unwrap();
        prop_assert!(p3.primary <= p5.primary);
    }
}

#[test]
fn regression_linked_2x3x2() {
    let counts = [0u64, 0, 0, 0, 0, 0, 2, 0, 2, 5, 1, 0];
    let data = table(&[2, 3, 2], &counts);
    let publish = [Publish::new([0, 1]), Publish::new([1, 2])];
    for k in 3..6 {
        for audit in [AuditMethod::Proven, AuditMethod::ExactLp] {
            let cfg = Config {
                audit,
                ..Config::with_k(k)
            };
            let p = protect(&data, &publish, &cfg, &Prior::none()).unwrap();
            for c in &p.cells {
                eprintln!(
                    "k={k} audit={audit:?} {:?} {:?} {} {:?}",
                    c.dims, c.key, c.value, c.status
                );
            }
            eprintln!("{:?}", p.audit);
            check(&data, &publish, &cfg, &p);
        }
    }
}

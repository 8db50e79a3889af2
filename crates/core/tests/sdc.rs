//! Hand-checked tables for the protection step (issue 3).

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers may panic: a panic is a failed test

use abbild_core::sdc::{
    audit_pattern, protect, AuditMethod, CellStatus, Config, LpModel, Microdata, Prior, Protection,
    Publish,
};

fn data(dims: &[&str], rows: &[(&[&str], u64)]) -> Microdata {
    Microdata::from_rows(
        dims.iter().map(|s| s.to_string()).collect(),
        rows.iter()
            .map(|(k, c)| (k.iter().map(|s| s.to_string()).collect(), *c)),
    )
    .unwrap()
}

fn status(p: &Protection, d: &Microdata, dims: &[usize], labels: &[&str]) -> CellStatus {
    let key: Vec<u32> = dims
        .iter()
        .zip(labels)
        .map(|(&dim, l)| d.labels(dim).iter().position(|x| x == l).unwrap() as u32)
        .collect();
    p.find(dims, &key).unwrap().status
}

#[test]
fn two_by_two_one_small_cell() {
    let d = data(
        &["row", "col"],
        &[
            (&["a", "x"], 1),
            (&["a", "y"], 10),
            (&["b", "x"], 10),
            (&["b", "y"], 10),
        ],
    );
    let p = protect(
        &d,
        &[Publish::new([0, 1])],
        &Config::default(),
        &Prior::none(),
    )
    .unwrap();
    println!("{p:#?}");
    assert_eq!(p.primary, 1);
    assert_eq!(p.secondary, 3);
    assert_eq!(status(&p, &d, &[0, 1], &["a", "x"]), CellStatus::Primary);
    for k in [["a", "y"], ["b", "x"], ["b", "y"]] {
        assert_eq!(status(&p, &d, &[0, 1], &k), CellStatus::Secondary);
    }
    assert_eq!(p.audit.cells, 1);
    assert!((p.audit.intervals[0].min - 0.0).abs() < 1e-6);
    assert!((p.audit.intervals[0].max - 11.0).abs() < 1e-6);
}

#[test]
fn everything_suppressed_is_unbounded() {
    let mut rows = Vec::new();
    let vals = [1u64, 4, 2, 7, 3, 5, 8, 1];
    let mut i = 0;
    for a in ["a0", "a1"] {
        for b in ["b0", "b1"] {
            for c in ["c0", "c1"] {
                rows.push((vec![a.to_string(), b.to_string(), c.to_string()], vals[i]));
                i += 1;
            }
        }
    }
    let d = Microdata::from_rows(vec!["a".into(), "b".into(), "c".into()], rows).unwrap();
    let publish = [Publish::new([0, 1]), Publish::new([1, 2])];
    let mut all = Vec::new();
    for dims in [vec![], vec![0], vec![1], vec![2], vec![0, 1], vec![1, 2]] {
        let n = dims.len();
        for code in 0..(1u32 << n) {
            all.push((
                dims.clone(),
                (0..n).map(|j| (code >> j) & 1).collect::<Vec<u32>>(),
            ));
        }
    }
    for model in [LpModel::Auto, LpModel::Atoms] {
        let iv = audit_pattern(&d, &publish, &Prior::none(), &all, model).unwrap();
        for i in &iv {
            assert_eq!(i.min, 0.0, "{model:?} {:?}", all[i.cell]);
            assert_eq!(i.max, f64::INFINITY, "{model:?} {:?}", all[i.cell]);
        }
    }
}

fn suppressed_labels(p: &Protection, d: &Microdata) -> Vec<(Vec<String>, CellStatus)> {
    let mut out: Vec<(Vec<String>, CellStatus)> = p
        .cells
        .iter()
        .filter(|c| c.is_suppressed())
        .map(|c| {
            (
                c.dims
                    .iter()
                    .zip(&c.key)
                    .map(|(&dim, &k)| d.labels(dim)[k as usize].clone())
                    .collect(),
                c.status,
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn exact() -> Config {
    Config {
        audit: AuditMethod::ExactLp,
        ..Config::default()
    }
}

#[test]
fn two_linked_tables_share_the_row_margin() {
    // Finest cells row × c1 × c2; tables row × c1 and row × c2 share the row totals.
    let d = data(
        &["row", "c1", "c2"],
        &[
            (&["r0", "x0", "y0"], 1),
            (&["r0", "x0", "y1"], 0),
            (&["r0", "x1", "y0"], 10),
            (&["r0", "x1", "y1"], 10),
            (&["r1", "x0", "y0"], 10),
            (&["r1", "x0", "y1"], 10),
            (&["r1", "x1", "y0"], 10),
            (&["r1", "x1", "y1"], 10),
        ],
    );
    let publish = [Publish::new([0, 1]), Publish::new([0, 2])];
    let p = protect(&d, &publish, &exact(), &Prior::none()).unwrap();
    // The 2×2 cycle in the first table leaves every shared margin unchanged: nothing in the
    // second table needs to go.
    let s = suppressed_labels(&p, &d);
    let names: Vec<Vec<&str>> = s
        .iter()
        .map(|(k, _)| k.iter().map(String::as_str).collect())
        .collect();
    assert_eq!(
        names,
        vec![
            vec!["r0", "x0"],
            vec!["r0", "x1"],
            vec!["r1", "x0"],
            vec!["r1", "x1"]
        ]
    );
    assert_eq!((p.primary, p.secondary), (1, 3));
    let iv = p.audit.intervals[0];
    assert!(
        (iv.min - 0.0).abs() < 1e-6 && (iv.max - 21.0).abs() < 1e-6,
        "{iv:?}"
    );
}

#[test]
fn hierarchy_municipality_within_state() {
    // State s0 = {m0, m1, m2}, s1 = {m3}; tables municipality × field and state × field.
    let rows: Vec<(Vec<&str>, u64)> = vec![
        (vec!["m0", "s0", "f0"], 2),
        (vec!["m0", "s0", "f1"], 12),
        (vec!["m1", "s0", "f0"], 9),
        (vec!["m1", "s0", "f1"], 9),
        (vec!["m2", "s0", "f0"], 30),
        (vec!["m2", "s0", "f1"], 30),
        (vec!["m3", "s1", "f0"], 20),
        (vec!["m3", "s1", "f1"], 20),
    ];
    let rows: Vec<(&[&str], u64)> = rows.iter().map(|(k, c)| (k.as_slice(), *c)).collect();
    let d = data(&["muni", "state", "field"], &rows);
    let publish = [Publish::new([0, 2]), Publish::new([1, 2])];
    let p = protect(&d, &publish, &exact(), &Prior::none()).unwrap();
    // Cheapest: the 2×2 with the smaller neighbour in the same state; state cells stay.
    let s = suppressed_labels(&p, &d);
    let names: Vec<Vec<&str>> = s
        .iter()
        .map(|(k, _)| k.iter().map(String::as_str).collect())
        .collect();
    assert_eq!(
        names,
        vec![
            vec!["m0", "f0"],
            vec!["m0", "f1"],
            vec!["m1", "f0"],
            vec!["m1", "f1"]
        ]
    );
    let iv = p.audit.intervals[0];
    assert!(
        (iv.min - 0.0).abs() < 1e-6 && (iv.max - 11.0).abs() < 1e-6,
        "{iv:?}"
    );
}

#[test]
fn k_below_three_is_refused() {
    let d = data(&["a"], &[(&["x"], 1)]);
    let err = protect(&d, &[Publish::new([0])], &Config::with_k(2), &Prior::none()).unwrap_err();
    assert_eq!(err, abbild_core::sdc::SdcError::KTooSmall(2));
}

#[test]
fn one_class_and_zero_rules() {
    // Segment s0: everybody "with" (7 and 0); s1 mixed; s2: everybody "without" (0 and 6);
    // s3: nobody answered.
    let d = data(
        &["seg", "class"],
        &[
            (&["s0", "with"], 7),
            (&["s0", "without"], 0),
            (&["s1", "with"], 8),
            (&["s1", "without"], 20),
            (&["s2", "with"], 0),
            (&["s2", "without"], 6),
            (&["s3", "with"], 0),
            (&["s3", "without"], 0),
        ],
    );
    let publish = [Publish::new([0, 1])];
    // Without a class dimension there are no classes: nothing is sensitive.
    let plain = protect(&d, &publish, &Config::default(), &Prior::none()).unwrap();
    assert_eq!(plain.primary, 0);
    // With one, the one-class rule applies (there is no switch to turn it off).
    let cfg = Config {
        class_dim: Some(1),
        ..Config::default()
    };
    let p = protect(&d, &publish, &cfg, &Prior::none()).unwrap();
    // Both class cells of a one-class segment: the full one and the empty one.
    for seg in ["s0", "s2"] {
        for class in ["with", "without"] {
            assert_eq!(
                status(&p, &d, &[0, 1], &[seg, class]),
                CellStatus::Primary,
                "{seg} {class}"
            );
        }
    }
    // Mixed segments and segments without respondents are not sensitive.
    for seg in ["s1", "s3"] {
        for class in ["with", "without"] {
            assert_ne!(
                status(&p, &d, &[0, 1], &[seg, class]),
                CellStatus::Primary,
                "{seg} {class}"
            );
        }
    }
    assert_eq!(p.primary, 4);
    assert!(p.audit.min_width >= 5.0 - 1e-6);
    // The exact LP audit of the pattern: the attacker can neither prove that s2 has nobody
    // "with" (max > 0) nor that s0 has nobody "without".
    let suppressed: Vec<(Vec<usize>, Vec<u32>)> = p
        .cells
        .iter()
        .filter(|c| c.is_suppressed())
        .map(|c| (c.dims.clone(), c.key.clone()))
        .collect();
    let exact = audit_pattern(&d, &publish, &Prior::none(), &suppressed, LpModel::Atoms).unwrap();
    let interval = |seg: &str, class: &str| {
        let i = suppressed
            .iter()
            .position(|(dims, key)| {
                dims == &[0, 1]
                    && d.labels(0)[key[0] as usize] == seg
                    && d.labels(1)[key[1] as usize] == class
            })
            .unwrap();
        exact.iter().find(|iv| iv.cell == i).copied().unwrap()
    };
    for (seg, empty) in [("s0", "without"), ("s2", "with")] {
        let iv = interval(seg, empty);
        assert!(
            iv.min.abs() < 1e-6 && iv.max >= 5.0 - 1e-6,
            "{seg} {empty}: {iv:?}"
        );
    }
    for (seg, full, n) in [("s0", "with", 7.0), ("s2", "without", 6.0)] {
        let iv = interval(seg, full);
        assert!(
            iv.width() >= 5.0 - 1e-6 && iv.min < n - 1e-6,
            "{seg} {full}: {iv:?}"
        );
    }
    // The class margin is a segment too (the grand total): "everybody here is without".
    let d = data(
        &["seg", "class"],
        &[
            (&["s0", "with"], 0),
            (&["s0", "without"], 9),
            (&["s1", "with"], 0),
            (&["s1", "without"], 12),
        ],
    );
    let p = protect(&d, &publish, &cfg, &Prior::none()).unwrap();
    for class in ["with", "without"] {
        assert_eq!(status(&p, &d, &[1], &[class]), CellStatus::Primary);
    }
    assert!(p.audit.min_width >= 5.0 - 1e-6);
    let cfg = Config {
        zeros_sensitive: true,
        ..Config::default()
    };
    let d = data(
        &["seg", "class"],
        &[
            (&["s0", "with"], 7),
            (&["s0", "without"], 0),
            (&["s1", "with"], 8),
            (&["s1", "without"], 20),
        ],
    );
    let p = protect(&d, &publish, &cfg, &Prior::none()).unwrap();
    assert_eq!(
        status(&p, &d, &[0, 1], &["s0", "without"]),
        CellStatus::Primary
    );
}

#[test]
fn prior_release_that_already_discloses_is_an_error() {
    let d = data(
        &["a", "b"],
        &[
            (&["a0", "b0"], 1),
            (&["a0", "b1"], 10),
            (&["a1", "b0"], 10),
            (&["a1", "b1"], 10),
        ],
    );
    // Published before: the row a0 and the cell (a0, b1); so (a0, b0) = 11 - 10 is known.
    let mut prior = Prior::none();
    prior.push(vec![0], vec![0], 11);
    prior.push(vec![0, 1], vec![0, 1], 10);
    let err = protect(&d, &[Publish::new([0, 1])], &Config::default(), &prior).unwrap_err();
    match err {
        abbild_core::sdc::SdcError::PriorDiscloses { dims, key, .. } => {
            assert_eq!(dims, vec!["a", "b"]);
            assert_eq!(key, vec!["a0", "b0"]);
        }
        other => panic!("{other:?}"),
    }
    // A prior value that is not the truth of these data.
    let mut wrong = Prior::none();
    wrong.push(vec![0], vec![0], 12);
    assert!(matches!(
        protect(&d, &[Publish::new([0, 1])], &Config::default(), &wrong),
        Err(abbild_core::sdc::SdcError::PriorMismatch { .. })
    ));
}

#[test]
fn later_release_builds_on_the_earlier_one() {
    let mut rows = Vec::new();
    let counts = [1u64, 9, 7, 12, 3, 15, 8, 6, 2, 11, 14, 5];
    let mut i = 0;
    for a in ["a0", "a1"] {
        for b in ["b0", "b1", "b2"] {
            for c in ["c0", "c1"] {
                rows.push((vec![a.to_string(), b.to_string(), c.to_string()], counts[i]));
                i += 1;
            }
        }
    }
    let d = Microdata::from_rows(vec!["a".into(), "b".into(), "c".into()], rows).unwrap();
    let first = protect(
        &d,
        &[Publish::new([0, 1])],
        &Config::default(),
        &Prior::none(),
    )
    .unwrap();
    let prior = Prior::from_protection(&first);
    let publish = [Publish::new([0, 1]), Publish::new([1, 2])];
    let second = protect(&d, &publish, &Config::default(), &prior).unwrap();
    // Everything published before is published again (it cannot be taken back) ...
    for c in first.cells.iter().filter(|c| !c.is_suppressed()) {
        let again = second.find(&c.dims, &c.key).unwrap();
        assert_eq!(again.status, CellStatus::Published, "{c:?}");
        assert!(again.prior);
    }
    // ... and the union of both releases passes the exact audit.
    let pattern: Vec<(Vec<usize>, Vec<u32>)> = second
        .cells
        .iter()
        .filter(|c| c.is_suppressed())
        .map(|c| (c.dims.clone(), c.key.clone()))
        .collect();
    let iv = audit_pattern(&d, &publish, &prior, &pattern, LpModel::Atoms).unwrap();
    for (i, c) in pattern.iter().enumerate() {
        let cell = second.find(&c.0, &c.1).unwrap();
        if cell.status == CellStatus::Primary {
            assert!(iv[i].width() >= 5.0 - 1e-6, "{c:?}: {:?}", iv[i]);
        }
    }
}

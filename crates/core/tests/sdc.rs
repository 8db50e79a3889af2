//! Hand-checked tables for the protection step (issue 3).

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers may panic: a panic is a failed test

use abbild_core::sdc::{protect, CellStatus, Config, Microdata, Prior, Protection, Publish};

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
    use abbild_core::sdc::{audit_pattern, LpModel};
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

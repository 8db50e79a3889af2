//! The crate's LP audit against an independent LP: `tools/sdc/audit_reference.py` solved the
//! same patterns with scipy.optimize.linprog (HiGHS) and stored the intervals in
//! `tests/fixtures/sdc/*.json`. Both of the crate's LP models must match to 1e-6.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers may panic: a panic is a failed test

use abbild_core::sdc::{audit_pattern, LpModel, Microdata, Prior, Publish};
use serde_json::Value;

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

/// Dimension indices and value indices of a `{dims, key}` object.
fn cell_ref(data: &Microdata, v: &Value) -> (Vec<usize>, Vec<u32>) {
    let dims = strings(&v["dims"]);
    let key = strings(&v["key"]);
    let mut pairs: Vec<(usize, u32)> = dims
        .iter()
        .zip(&key)
        .map(|(d, k)| {
            let di = data.dim(d).unwrap();
            let ki = data.labels(di).iter().position(|l| l == k).unwrap() as u32;
            (di, ki)
        })
        .collect();
    pairs.sort_unstable();
    pairs.into_iter().unzip()
}

fn check(name: &str) {
    let path = format!(
        "{}/tests/fixtures/sdc/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let fx: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert!(fx["computed_by"].as_str().unwrap().contains("scipy"));
    let dims = strings(&fx["dims"]);
    let rows = fx["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (strings(&c["key"]), c["count"].as_u64().unwrap()));
    let data = Microdata::from_rows(dims, rows).unwrap();
    let publish: Vec<Publish> = fx["publish"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let names = strings(t);
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            Publish::by_names(&data, &names).unwrap()
        })
        .collect();
    let mut prior = Prior::none();
    for p in fx["prior"].as_array().map(Vec::as_slice).unwrap_or(&[]) {
        let (d, k) = cell_ref(&data, p);
        prior.push(d, k, p["value"].as_u64().unwrap());
    }
    let pattern: Vec<(Vec<usize>, Vec<u32>)> = fx["suppressed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| cell_ref(&data, c))
        .collect();
    let expected = fx["intervals"].as_array().unwrap();
    for model in [LpModel::Auto, LpModel::Atoms] {
        let got = audit_pattern(&data, &publish, &prior, &pattern, model).unwrap();
        assert_eq!(got.len(), expected.len());
        for (g, e) in got.iter().zip(expected) {
            let min = e["min"].as_f64().unwrap();
            let max = e["max"].as_f64().unwrap_or(f64::INFINITY);
            let at = &pattern[g.cell];
            assert!(
                (g.min - min).abs() < 1e-6,
                "{name} {model:?} {at:?}: min {} vs {min}",
                g.min
            );
            assert!(
                (g.max == max) || (g.max - max).abs() < 1e-6,
                "{name} {model:?} {at:?}: max {} vs {max}",
                g.max
            );
        }
    }
}

#[test]
fn two_by_two() {
    check("two_by_two");
}

#[test]
fn two_by_two_with_margin() {
    check("two_by_two_with_margin");
}

#[test]
fn linked_tables() {
    check("linked_tables");
}

#[test]
fn hierarchy() {
    check("hierarchy");
}

#[test]
fn three_tables_structural_zeros() {
    check("three_tables_structural_zeros");
}

#[test]
fn prior_release() {
    check("prior_release");
}

//! Checks the statistics against independently computed reference values.
//!
//! The fixtures in `fixtures/` are made by `tools/fixtures/make_fixtures.py` with scipy,
//! statsmodels and mpmath; each file's `source` field says exactly how.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers may panic: a panic is a failed test

use abbild_core::benchmark::Benchmark;
use abbild_core::records::{PopulationRecord, Source};
use abbild_core::stats::interval::{clopper_pearson, wilson, wilson_fpc};
use abbild_core::stats::special::{beta_cdf, beta_quantile, normal_quantile};
use abbild_core::stats::{stratified, Confidence, Stratum};
use abbild_core::{AgeBand, Ags, Definition, Year};
use serde_json::Value;

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let v: Value = serde_json::from_str(&text).unwrap();
    assert!(
        v["source"].as_str().is_some_and(|s| !s.is_empty()),
        "{name} must say where its values come from"
    );
    v
}

fn f(v: &Value, k: &str) -> f64 {
    v[k].as_f64().unwrap_or_else(|| panic!("{k} in {v}"))
}

fn u(v: &Value, k: &str) -> u64 {
    v[k].as_u64().unwrap_or_else(|| panic!("{k} in {v}"))
}

fn close(a: f64, b: f64, tol: f64, what: &str) {
    assert!(
        (a - b).abs() <= tol,
        "{what}: got {a}, expected {b} (diff {:e})",
        (a - b).abs()
    );
}

fn conf(v: &Value) -> Confidence {
    Confidence::new(f(v, "confidence")).unwrap()
}

#[test]
fn normal_quantile_matches_scipy() {
    let fx = fixture("normal_quantile.json");
    for c in fx["cases"].as_array().unwrap() {
        let (p, z) = (f(c, "p"), f(c, "z"));
        close(
            normal_quantile(p),
            z,
            1e-14 * z.abs().max(1.0),
            &format!("ppf({p})"),
        );
    }
}

#[test]
fn beta_cdf_and_quantile_match_scipy() {
    let fx = fixture("beta_quantile.json");
    for c in fx["ppf"].as_array().unwrap() {
        let (a, b, q, x) = (f(c, "a"), f(c, "b"), f(c, "q"), f(c, "x"));
        close(
            beta_quantile(q, a, b),
            x,
            1e-10 * x.max(1e-6),
            &format!("beta.ppf({q}, {a}, {b})"),
        );
    }
    for c in fx["cdf"].as_array().unwrap() {
        let (a, b, x, p) = (f(c, "a"), f(c, "b"), f(c, "x"), f(c, "cdf"));
        close(
            beta_cdf(x, a, b),
            p,
            1e-11,
            &format!("betainc({a}, {b}, {x})"),
        );
    }
}

#[test]
fn wilson_matches_statsmodels() {
    let fx = fixture("wilson.json");
    let cases = fx["cases"].as_array().unwrap();
    assert!(cases.len() > 100);
    for c in cases {
        let iv = wilson(f(c, "x"), f(c, "n"), conf(c));
        close(iv.low, f(c, "low"), 1e-13, &format!("wilson low {c}"));
        close(iv.high, f(c, "high"), 1e-13, &format!("wilson high {c}"));
    }
}

#[test]
fn clopper_pearson_matches_statsmodels() {
    let fx = fixture("clopper_pearson.json");
    for c in fx["cases"].as_array().unwrap() {
        let iv = clopper_pearson(u(c, "x"), u(c, "n"), conf(c));
        close(iv.low, f(c, "low"), 1e-11, &format!("cp low {c}"));
        close(iv.high, f(c, "high"), 1e-11, &format!("cp high {c}"));
    }
}

#[test]
fn wilson_fpc_matches_independent_computation() {
    let fx = fixture("wilson_fpc.json");
    for c in fx["cases"].as_array().unwrap() {
        let iv = wilson_fpc(u(c, "x"), u(c, "n"), u(c, "N"), conf(c));
        close(iv.low, f(c, "low"), 1e-13, &format!("fpc low {c}"));
        close(iv.high, f(c, "high"), 1e-13, &format!("fpc high {c}"));
    }
}

#[test]
fn stratified_estimate_matches_numpy() {
    let fx = fixture("stratified.json");
    for c in fx["cases"].as_array().unwrap() {
        let strata: Vec<Stratum> = c["segments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| Stratum {
                headcount: u(s, "N"),
                respondents: u(s, "n"),
                with_migration: u(s, "x"),
            })
            .collect();
        let est = stratified(&strata, conf(c));
        if c["share"].is_null() {
            assert!(est.is_none(), "{}", c["name"]);
            continue;
        }
        let est = est.unwrap();
        let name = c["name"].as_str().unwrap();
        close(est.share, f(c, "share"), 1e-14, name);
        close(est.variance, f(c, "variance"), 1e-15, name);
        close(est.ci_low, f(c, "ci_low"), 1e-13, name);
        close(est.ci_high, f(c, "ci_high"), 1e-13, name);
        assert_eq!(
            est.uncovered_headcount,
            u(c, "uncovered_headcount"),
            "{name}"
        );
    }
}

#[test]
fn standardized_benchmark_matches_numpy() {
    let fx = fixture("standardized_benchmark.json");
    let ags = Ags::parse("05916000").unwrap();
    for c in fx["cases"].as_array().unwrap() {
        let band = |v: &Value| {
            AgeBand::new(
                u8::try_from(u(v, "age_from")).unwrap(),
                u8::try_from(u(v, "age_to")).unwrap(),
            )
            .unwrap()
        };
        let recs: Vec<PopulationRecord> = c["population"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| PopulationRecord {
                ags,
                year: Year::new(2022).unwrap(),
                definition: Definition::Eg,
                source: Source::Zensus2022,
                age: band(p),
                sex: None,
                persons: u(p, "persons"),
                with_migration: u(p, "with_migration"),
            })
            .collect();
        let staff: Vec<(AgeBand, u64)> = c["staff"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (band(s), u(s, "N")))
            .collect();
        let b = Benchmark::select(ags, &recs, None, None).unwrap();
        let name = c["name"].as_str().unwrap();
        close(b.total(), f(c, "benchmark_total"), 1e-15, name);
        close(
            b.standardized(&staff).unwrap().unwrap(),
            f(c, "benchmark_standardized"),
            1e-15,
            name,
        );
    }
}

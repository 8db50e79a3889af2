//! Fisher's exact test and the relative risk with the Katz interval against scipy
//! (`fixtures/fisher.json`, `fixtures/relative_risk.json`, made by
//! `tools/fixtures/make_fixtures.py`). Every case of both files is checked.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers may panic: a panic is a failed test

use abbild_core::stats::fisher::{fisher_exact, sample_odds_ratio};
use abbild_core::stats::{relative_risk, Confidence};
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

fn u(v: &Value, k: &str) -> u64 {
    v[k].as_u64().unwrap_or_else(|| panic!("{k} in {v}"))
}

/// Relative closeness, with an absolute floor for values near 0.
fn close_rel(got: f64, want: f64, tol: f64, what: &str) {
    let scale = want.abs().max(1e-300);
    assert!(
        (got - want).abs() <= tol * scale || got == want,
        "{what}: got {got:e}, expected {want:e} (rel diff {:e})",
        (got - want).abs() / scale
    );
}

/// A fixture value: a number, or `null` plus `special[key]` naming `nan`, `inf` or `-inf`.
fn expected(case: &Value, key: &str, special: &str) -> f64 {
    match &case[key] {
        Value::Number(n) => n.as_f64().unwrap(),
        Value::Null => match case[special][key].as_str() {
            Some("nan") => f64::NAN,
            Some("inf") => f64::INFINITY,
            Some("-inf") => f64::NEG_INFINITY,
            other => panic!("{key} is null without a special value ({other:?}) in {case}"),
        },
        other => panic!("{key}: unexpected {other} in {case}"),
    }
}

fn same_special_or_close(got: f64, want: f64, tol: f64, what: &str) {
    if want.is_nan() {
        assert!(got.is_nan(), "{what}: got {got}, expected NaN");
    } else if want.is_infinite() {
        assert_eq!(got, want, "{what}");
    } else {
        close_rel(got, want, tol, what);
    }
}

#[test]
fn fisher_exact_matches_scipy_in_every_case() {
    let fx = fixture("fisher.json");
    let cases = fx["cases"].as_array().unwrap();
    assert!(cases.len() >= 18, "{} cases", cases.len());
    for c in cases {
        let table = [[u(c, "a"), u(c, "b")], [u(c, "c"), u(c, "d")]];
        let f = fisher_exact(table);
        for (got, key) in [
            (f.two_sided, "p_two_sided"),
            (f.less, "p_less"),
            (f.greater, "p_greater"),
        ] {
            let want = c[key].as_f64().unwrap();
            close_rel(got, want, 1e-9, &format!("{key} of {table:?}"));
        }
        // odds_ratio: null + odds_ratio_special for scipy's nan/inf.
        let want = match &c["odds_ratio"] {
            Value::Null => match c["odds_ratio_special"].as_str() {
                Some("nan") => f64::NAN,
                Some("inf") => f64::INFINITY,
                other => panic!("odds_ratio_special {other:?} in {c}"),
            },
            v => v.as_f64().unwrap(),
        };
        same_special_or_close(
            sample_odds_ratio(table),
            want,
            1e-12,
            &format!("odds ratio of {table:?}"),
        );
    }
}

#[test]
fn relative_risk_matches_scipy_in_every_case() {
    let fx = fixture("relative_risk.json");
    let cases = fx["cases"].as_array().unwrap();
    assert!(cases.len() >= 13, "{} cases", cases.len());
    for c in cases {
        let conf = Confidence::new(c["confidence"].as_f64().unwrap()).unwrap();
        let args = (
            u(c, "exposed_cases"),
            u(c, "exposed_total"),
            u(c, "control_cases"),
            u(c, "control_total"),
        );
        let r = relative_risk(args.0, args.1, args.2, args.3, conf)
            .unwrap_or_else(|| panic!("defined for {args:?}"));
        for (got, key) in [
            (r.relative_risk, "relative_risk"),
            (r.low, "low"),
            (r.high, "high"),
        ] {
            let want = expected(c, key, "special");
            same_special_or_close(got, want, 1e-9, &format!("{key} of {args:?}"));
        }
    }
}

#[test]
fn relative_risk_is_undefined_where_scipy_raises() {
    let conf = Confidence::DEFAULT;
    assert!(relative_risk(0, 0, 1, 10, conf).is_none());
    assert!(relative_risk(1, 10, 0, 0, conf).is_none());
}

#[test]
fn fisher_exact_handles_large_counts() {
    // Symmetric table: the two tails are equal and the two-sided p is their sum (no
    // table other than the mirror image has the observed probability).
    let f = fisher_exact([[9_000, 11_000], [11_000, 9_000]]);
    assert!(f.two_sided > 0.0 && f.two_sided < 1e-50, "{f:?}");
    assert!((f.two_sided - 2.0 * f.less).abs() <= 1e-9 * f.two_sided);
    assert!((f.greater - 1.0).abs() < 1e-12);
    // Equal proportions: nothing unusual.
    let f = fisher_exact([[10_000, 10_000], [10_000, 10_000]]);
    assert!((f.two_sided - 1.0).abs() < 1e-9, "{f:?}");
}

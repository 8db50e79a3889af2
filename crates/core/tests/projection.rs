//! The projection of SPEC §4 against closed forms, an independent implementation
//! (`tools/projection/reference.py`), properties, and a snapshot.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers may panic: a panic is a failed test

use abbild_core::projection::{
    equilibrium_share, parity_year, project, quantile_type7, required_hire_share, Attrition,
    DeterministicModel, HireBand, InitialBand, MonteCarlo, MonteCarloOptions, Scenario,
    ScenarioError, Target,
};
use abbild_core::Year;
use proptest::prelude::*;
use serde_json::Value;

fn year(y: u16) -> Year {
    Year::new(y).unwrap()
}

fn band(age_from: u8, age_to: u8, with: f64, without: f64) -> InitialBand {
    InitialBand {
        age_from,
        age_to,
        with,
        without,
    }
}

fn hire(age_from: u8, age_to: u8, weight: f64) -> HireBand {
    HireBand {
        age_from,
        age_to,
        weight,
    }
}

/// A valid scenario to modify: 2025 + 20 years, R = 67, no growth, 4 %/3 % exits, h = 0.3.
fn base() -> Scenario {
    Scenario {
        start_year: year(2025),
        horizon: 20,
        retirement_age: 67,
        headcount_growth: 0.0,
        attrition: Attrition {
            with: 0.04,
            without: 0.03,
        },
        hire_share: 0.3,
        hire_age_profile: vec![hire(18, 29, 2.0), hire(30, 45, 1.0)],
        target: Target {
            share: 0.3,
            trend_per_year: 0.0,
        },
        required_by: None,
        initial: Some(vec![
            band(20, 34, 30.0, 100.0),
            band(35, 49, 20.0, 150.0),
            band(50, 66, 10.0, 200.0),
        ]),
        city: None,
        wave: None,
    }
}

fn close(a: f64, b: f64, tol: f64, what: &str) {
    assert!(
        (a - b).abs() <= tol,
        "{what}: got {a}, expected {b} (diff {:e})",
        (a - b).abs()
    );
}

// ---------------------------------------------------------------------------------------
// Closed forms
// ---------------------------------------------------------------------------------------

/// Constant headcount T, equal exit rates s, nobody reaching R within the horizon: every
/// year sT persons leave and sT are hired, so with(t+1) = with(t)(1 − s) + h·sT and
/// share(t) = h + (p0 − h)(1 − s)^t.
#[test]
fn closed_form_equal_exit_rates() {
    for (s, h, p_with, p_without) in [
        (0.07, 0.4, 10.0, 90.0),
        (0.2, 0.05, 60.0, 40.0),
        (0.0, 0.5, 3.0, 7.0),
    ] {
        let mut sc = base();
        sc.horizon = 40;
        sc.retirement_age = 75;
        sc.attrition = Attrition {
            with: s,
            without: s,
        };
        sc.hire_share = h;
        // Oldest initial age 29 and oldest hire 30: after 40 years at most 70 < 75.
        sc.initial = Some(vec![
            band(20, 24, p_with * 0.3, p_without * 0.5),
            band(25, 29, p_with * 0.7, p_without * 0.5),
        ]);
        sc.hire_age_profile = vec![hire(20, 24, 1.0), hire(25, 30, 3.0)];
        let path = DeterministicModel::new(&sc).unwrap().path();
        let p0 = p_with / (p_with + p_without);
        for t in 0..path.len() {
            let want = h + (p0 - h) * (1.0 - s).powi(t as i32);
            close(path.share(t), want, 1e-12, &format!("s={s} h={h} t={t}"));
            close(path.headcount[t], p_with + p_without, 1e-10, "headcount");
        }
    }
}

/// Unequal exit rates, constant headcount T, nobody retiring. With x = with/T:
/// hires H = s_w·W + s_u·(T − W), so
///   x' = x(1 − s_w) + h(s_w x + s_u(1 − x)) = c·x + h·s_u,   c = (1−s_w)(1−h) + h(1−s_u).
/// The fixed point x* = h s_u / (1 − c) = h s_u / (h s_u + (1 − h) s_w) is the steady state of
/// w = w(1 − s_w) + h(s_w w + s_u(T − w)) ⇔ w s_w (1 − h) = h s_u (T − w), and
/// x(t) = x* + (x0 − x*)·c^t.
#[test]
fn closed_form_unequal_exit_rates_without_retirement() {
    for (s_w, s_u, h) in [(0.12, 0.05, 0.3), (0.03, 0.09, 0.6), (0.4, 0.3, 0.4)] {
        let mut sc = base();
        sc.horizon = 45;
        sc.retirement_age = 75;
        sc.attrition = Attrition {
            with: s_w,
            without: s_u,
        };
        sc.hire_share = h;
        sc.initial = Some(vec![band(15, 20, 12.0, 88.0), band(21, 29, 5.0, 45.0)]);
        sc.hire_age_profile = vec![hire(15, 18, 1.0), hire(19, 29, 1.0)];
        let path = DeterministicModel::new(&sc).unwrap().path();
        let c = (1.0 - s_w) * (1.0 - h) + h * (1.0 - s_u);
        let x_star = h * s_u / (h * s_u + (1.0 - h) * s_w);
        let x0 = 17.0 / 150.0;
        for t in 0..path.len() {
            let want = x_star + (x0 - x_star) * c.powi(t as i32);
            close(path.share(t), want, 1e-12, &format!("s_w={s_w} t={t}"));
        }
    }
}

/// equilibrium_share with unequal exit rates so high that retirement no longer matters
/// ((1 − s)^(R − 20) < 1e-13 for every hire): the no-retirement steady state above,
/// x* = h s_u / (h s_u + (1 − h) s_w).
#[test]
fn equilibrium_share_without_retirement_effect() {
    for (s_w, s_u, h) in [(0.6, 0.45, 0.3), (0.5, 0.7, 0.25)] {
        let mut sc = base();
        sc.attrition = Attrition {
            with: s_w,
            without: s_u,
        };
        sc.hire_share = h;
        sc.hire_age_profile = vec![hire(15, 20, 1.0)];
        let model = DeterministicModel::new(&sc).unwrap();
        let want = h * s_u / (h * s_u + (1.0 - h) * s_w);
        close(
            equilibrium_share(&model),
            want,
            1e-9,
            "equilibrium, no retirement",
        );
    }
}

/// equilibrium_share with retirement: in the stationary state a hire of group g at age b is
/// counted at the end of the next k = 0..=R−1−b years with weight (1 − s_g)^k, so the stock of
/// g is H_g·L_g with L_g = Σ_b p_b Σ_{k=0}^{R−1−b} (1 − s_g)^k and the share is
/// h·L_w / (h·L_w + (1 − h)·L_u).
#[test]
fn equilibrium_share_with_retirement() {
    let mut sc = base();
    sc.attrition = Attrition {
        with: 0.15,
        without: 0.10,
    };
    sc.hire_share = 0.3;
    sc.hire_age_profile = vec![hire(18, 29, 2.0), hire(30, 50, 1.0)];
    let model = DeterministicModel::new(&sc).unwrap();
    let r = i32::from(sc.retirement_age);
    let lifetime = |s: f64| {
        let mut acc = 0.0;
        for (from, to, w) in [(18, 29, 2.0 / 3.0), (30, 50, 1.0 / 3.0)] {
            for b in from..=to {
                let years: f64 = (0..r - b).map(|k| (1.0 - s).powi(k)).sum();
                acc += w / f64::from(to - from + 1) * years;
            }
        }
        acc
    };
    let (l_w, l_u) = (lifetime(0.15), lifetime(0.10));
    let want = 0.3 * l_w / (0.3 * l_w + 0.7 * l_u);
    close(
        equilibrium_share(&model),
        want,
        1e-9,
        "equilibrium with retirement",
    );
}

// ---------------------------------------------------------------------------------------
// Semantics
// ---------------------------------------------------------------------------------------

/// Integer ages: someone aged R − 1 turns R in the next year's step 2 and leaves; someone
/// aged R − 2 stays one more year; someone already past R leaves in the first year.
#[test]
fn retirement_with_integer_ages() {
    let mut sc = base();
    sc.retirement_age = 60;
    sc.attrition = Attrition {
        with: 0.0,
        without: 0.0,
    };
    sc.hire_share = 0.0; // every hire is `without`: `with` shows who stays
    sc.initial = Some(vec![
        band(30, 30, 0.0, 10.0),
        band(58, 58, 1.0, 0.0),
        band(59, 59, 2.0, 0.0),
        band(63, 63, 4.0, 0.0),
    ]);
    let path = DeterministicModel::new(&sc).unwrap().path();
    assert_eq!(path.with[0], 7.0);
    assert_eq!(
        path.with[1], 1.0,
        "ages 59 and 63 leave in year 1, 58 stays"
    );
    assert_eq!(
        path.with[2], 0.0,
        "the 58-year-old (now 59) leaves in year 2"
    );
    assert_eq!(
        path.headcount[1], 17.0,
        "hires refill to the constant target"
    );
}

#[test]
fn growth_and_no_dismissals() {
    let mut sc = base();
    sc.headcount_growth = -0.3;
    sc.attrition = Attrition {
        with: 0.01,
        without: 0.01,
    };
    let path = DeterministicModel::new(&sc).unwrap().path();
    // Year 1: 1 % exits and a few retirements are less than the 30 % cut: nobody hired,
    // nobody dismissed: headcount above the target.
    assert!(path.headcount[1] > 510.0 * 0.7);
    assert!(path.with[1] < path.with[0]);
    sc.headcount_growth = 0.1;
    let path = DeterministicModel::new(&sc).unwrap().path();
    for t in 0..path.len() {
        close(
            path.headcount[t],
            510.0 * 1.1f64.powi(t as i32),
            1e-9,
            "growth",
        );
    }
}

#[test]
fn parity_year_counts_the_start_year() {
    let mut sc = base();
    sc.target.share = 30.0 / 510.0; // exactly the initial share
    let model = DeterministicModel::new(&sc).unwrap();
    let path = model.path();
    assert!(path.share(0) >= model.target(0));
    assert_eq!(parity_year(&model, &path), Some(year(2025)));
    sc.target.share = 0.9;
    let model = DeterministicModel::new(&sc).unwrap();
    assert_eq!(parity_year(&model, &model.path()), None);
    assert_eq!(required_hire_share(&model, year(2026)), None);
}

#[test]
fn target_trend_is_clipped() {
    let mut sc = base();
    sc.target = Target {
        share: 0.9,
        trend_per_year: 0.05,
    };
    let model = DeterministicModel::new(&sc).unwrap();
    close(model.target(0), 0.9, 0.0, "t=0");
    close(model.target(1), 0.95, 1e-15, "t=1");
    assert_eq!(model.target(3), 1.0);
    sc.target = Target {
        share: 0.1,
        trend_per_year: -0.05,
    };
    assert_eq!(DeterministicModel::new(&sc).unwrap().target(5), 0.0);
}

// ---------------------------------------------------------------------------------------
// Independent implementation
// ---------------------------------------------------------------------------------------

#[test]
fn matches_independent_reference() {
    let path = format!(
        "{}/tests/fixtures/projection_reference.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let fx: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert!(fx["source"].as_str().is_some_and(|s| !s.is_empty()));
    assert_eq!(fx["generated_by"], "tools/projection/reference.py");
    let sc: Scenario = serde_json::from_value(fx["scenario"].clone()).unwrap();
    let out = project(
        &sc,
        &MonteCarloOptions {
            runs: 0,
            ..Default::default()
        },
    )
    .unwrap();
    let years = fx["years"].as_array().unwrap();
    assert_eq!(out.years.len(), years.len());
    let mut without_hires = 0;
    for (got, want) in out.years.iter().zip(years) {
        let y = want["year"].as_u64().unwrap();
        assert_eq!(u64::from(got.year.get()), y);
        for (name, g) in [
            ("headcount", got.headcount),
            ("with", got.with),
            ("share", got.share),
            ("target", got.target),
        ] {
            close(
                g,
                want[name].as_f64().unwrap(),
                1e-9,
                &format!("{y} {name}"),
            );
        }
        without_hires += usize::from(y > 2024 && want["hires"].as_f64() == Some(0.0));
    }
    assert!(
        without_hires > 0,
        "the reference exercises the no-dismissal clip"
    );
    assert_eq!(
        out.parity_year.map(|y| u64::from(y.get())),
        fx["parity_year"].as_u64()
    );
    // The reference is the exact infimum; the crate returns the upper end of a 2⁻²⁰ bracket.
    let want = fx["required_hire_share"].as_f64().unwrap();
    let got = out.required_hire_share.unwrap();
    assert!(
        got >= want - 1e-9 && got <= want + 2f64.powi(-20) + 1e-9,
        "required_hire_share {got} vs {want}"
    );
    close(
        out.equilibrium_share,
        fx["equilibrium_share"].as_f64().unwrap(),
        1e-9,
        "equilibrium_share",
    );
}

// ---------------------------------------------------------------------------------------
// Required hire share
// ---------------------------------------------------------------------------------------

#[test]
fn required_hire_share_brackets_the_target() {
    let mut sc = base();
    sc.target.share = 0.25;
    sc.required_by = Some(year(2040));
    let model = DeterministicModel::new(&sc).unwrap();
    let h = required_hire_share(&model, year(2040)).unwrap();
    let t = 15;
    assert!(model.share_after(h, 0.0, t) >= model.target(t));
    assert!(model.share_after(h - 1e-6, 0.0, t) < model.target(t));
    assert!(h > 0.3 && h < 1.0, "{h}");
    // Already reached at h = 0: 0.
    sc.target.share = 0.0;
    let model = DeterministicModel::new(&sc).unwrap();
    assert_eq!(required_hire_share(&model, year(2040)), Some(0.0));
}

/// With unequal exit rates and retirement, share(Y) need not be monotone in h (see
/// `projection::solve`): here a with group that leaves almost at once (s_w = 0.99) and a
/// one-age hiring profile. The search still returns an h that reaches the target.
#[test]
fn hire_share_monotonicity_can_fail_with_unequal_exits_and_retirement() {
    let mut sc = base();
    sc.horizon = 100;
    sc.start_year = year(2000);
    sc.retirement_age = 51;
    sc.attrition = Attrition {
        with: 0.99,
        without: 0.0002,
    };
    sc.hire_age_profile = vec![hire(24, 24, 1.0)];
    sc.initial = Some(vec![band(21, 21, 2.78, 6.96)]);
    let model = DeterministicModel::new(&sc).unwrap();
    let low = model.path_with(0.7, 0.0, 100);
    let high = model.path_with(0.9, 0.0, 100);
    let worst = (0..low.len())
        .map(|t| high.share(t) - low.share(t))
        .fold(f64::INFINITY, f64::min);
    assert!(
        worst < -1e-3,
        "expected a year where h = 0.9 is below h = 0.7: {worst}"
    );
    for y in [2030, 2060, 2090] {
        let t = usize::from(y - 2000);
        if let Some(h) = required_hire_share(&model, year(y)) {
            assert!(model.share_after(h, 0.0, t) >= model.target(t));
        }
    }
}

// ---------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------

fn error_of(f: impl FnOnce(&mut Scenario)) -> String {
    let mut sc = base();
    f(&mut sc);
    sc.validate().unwrap_err().to_string()
}

#[test]
fn validation_messages_name_the_key() {
    let cases: Vec<(String, &str)> = vec![
        (error_of(|s| s.attrition.with = 1.0), "attrition.with = 1: muss in [0, 1) liegen"),
        (error_of(|s| s.attrition.without = -0.1), "attrition.without = -0.1"),
        (error_of(|s| s.horizon = 0), "horizon = 0: muss zwischen 1 und 100 liegen"),
        (error_of(|s| s.horizon = 101), "horizon = 101"),
        (error_of(|s| s.retirement_age = 49), "retirement_age = 49: muss zwischen 50 und 75"),
        (error_of(|s| s.headcount_growth = 0.5), "headcount_growth = 0.5: muss in (-0.5, 0.5)"),
        (error_of(|s| s.headcount_growth = f64::NAN), "headcount_growth = NaN"),
        (error_of(|s| s.hire_share = 1.5), "hire_share = 1.5: muss in [0, 1]"),
        (
            error_of(|s| s.hire_age_profile[0].age_from = 14),
            "hire_age_profile[0] = 14–29: Altersband muss innerhalb von 15 bis retirement_age − 1 = 66",
        ),
        (error_of(|s| s.hire_age_profile[1].age_to = 67), "hire_age_profile[1] = 30–67"),
        (error_of(|s| s.hire_age_profile[1].weight = 0.0), "hire_age_profile[1].weight = 0: muss positiv"),
        (
            error_of(|s| s.hire_age_profile[1].age_from = 29),
            "hire_age_profile: Altersbänder 18–29 und 29–45 überschneiden sich",
        ),
        (error_of(|s| s.hire_age_profile.clear()), "hire_age_profile ist leer"),
        (error_of(|s| s.target.share = 1.2), "target.share = 1.2: muss in [0, 1]"),
        (error_of(|s| s.target.trend_per_year = 2.0), "target.trend_per_year = 2"),
        (
            error_of(|s| s.required_by = Some(year(2046))),
            "required_by = 2046: muss zwischen start_year = 2025 und start_year + horizon = 2045 liegen",
        ),
        (
            error_of(|s| s.initial.as_mut().unwrap()[1].age_from = 30),
            "initial: Altersbänder 20–34 und 30–49 überschneiden sich",
        ),
        (error_of(|s| s.initial.as_mut().unwrap()[0].with = -1.0), "initial[0].with = -1"),
        (error_of(|s| s.initial.as_mut().unwrap()[0].age_to = 121), "initial[0] = 20–121"),
        (
            error_of(|s| s.initial = Some(vec![band(20, 30, 0.0, 0.0)])),
            "initial: Anfangsbestand ist 0 Personen",
        ),
        (error_of(|s| s.initial = None), "initial fehlt"),
        (
            error_of(|s| s.start_year = serde_json::from_value(Value::from(1900)).unwrap()),
            "start_year = 1900: muss zwischen 1950 und 2200 liegen",
        ),
        (
            error_of(|s| s.start_year = year(2190)),
            "horizon = 20: start_year + horizon = 2210 liegt nach 2200",
        ),
    ];
    for (got, want) in cases {
        assert!(got.starts_with(want), "{got:?} should start with {want:?}");
    }
    // Without `initial`, city and wave suffice for validation, not for the projection.
    let mut sc = base();
    sc.initial = None;
    sc.city = Some(abbild_core::Ags::parse("05916000").unwrap());
    sc.wave = Some(abbild_core::Wave::new(2024).unwrap());
    assert_eq!(sc.validate(), Ok(()));
    assert_eq!(
        project(&sc, &MonteCarloOptions::default()).unwrap_err(),
        ScenarioError::MissingInitial
    );
    // All problems at once, in key order.
    let mut sc = base();
    sc.horizon = 0;
    sc.hire_share = 2.0;
    assert_eq!(sc.problems().len(), 2);
}

/// The Monte Carlo counts persons; an absurd growth over 100 years is refused with the year.
#[test]
fn monte_carlo_refuses_absurd_headcounts() {
    let mut sc = base();
    sc.horizon = 100;
    sc.headcount_growth = 0.49;
    assert!(DeterministicModel::new(&sc).is_ok());
    let err = project(&sc, &MonteCarloOptions::default()).unwrap_err();
    assert!(
        matches!(err, ScenarioError::TooLarge { year: 2062, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("headcount_growth oder horizon"));
    assert!(project(
        &sc,
        &MonteCarloOptions {
            runs: 0,
            ..Default::default()
        }
    )
    .is_ok());
}

#[test]
fn scenario_serde_round_trip_and_unknown_keys() {
    let sc = base();
    let json = serde_json::to_value(&sc).unwrap();
    assert_eq!(
        serde_json::from_value::<Scenario>(json.clone()).unwrap(),
        sc
    );
    let mut bad = json.clone();
    bad["hire_rate"] = Value::from(0.3);
    let err = serde_json::from_value::<Scenario>(bad)
        .unwrap_err()
        .to_string();
    assert!(err.contains("hire_rate"), "{err}");
    let mut bad = json;
    bad["attrition"]["other"] = Value::from(0.1);
    assert!(serde_json::from_value::<Scenario>(bad).is_err());
    // Defaults: retirement_age 67, growth 0, trend 0, required_by = end of horizon.
    let minimal: Scenario = serde_json::from_value(serde_json::json!({
        "start_year": 2025, "horizon": 10,
        "attrition": {"with": 0.05, "without": 0.04},
        "hire_share": 0.3,
        "hire_age_profile": [{"age_from": 20, "age_to": 30, "weight": 1.0}],
        "target": {"share": 0.3},
        "initial": [{"age_from": 20, "age_to": 60, "with": 10.0, "without": 90.0}]
    }))
    .unwrap();
    assert_eq!(minimal.retirement_age, 67);
    assert_eq!(minimal.headcount_growth, 0.0);
    assert_eq!(minimal.target.trend_per_year, 0.0);
    assert_eq!(minimal.required_year(), year(2035));
    assert_eq!(minimal.validate(), Ok(()));
}

// ---------------------------------------------------------------------------------------
// Monte Carlo
// ---------------------------------------------------------------------------------------

#[test]
fn quantile_type7_values() {
    let x = [1.0, 2.0, 3.0, 4.0];
    close(quantile_type7(&x, 0.05).unwrap(), 1.15, 1e-15, "p05");
    close(quantile_type7(&x, 0.5).unwrap(), 2.5, 1e-15, "p50");
    close(quantile_type7(&x, 0.95).unwrap(), 3.85, 1e-15, "p95");
    assert_eq!(quantile_type7(&[7.0], 0.95), Some(7.0));
    assert_eq!(quantile_type7(&[], 0.5), None);
}

#[test]
fn integer_initial_state_by_largest_remainder() {
    let mut sc = base();
    sc.initial = Some(vec![
        band(20, 29, 0.4, 10.4),  // fractions .4 .4
        band(30, 39, 1.0, 5.7),   // .0 .7
        band(40, 40, 2.45, 0.45), // .45 .45
    ]);
    // Σ = 20.4 → 20 persons; floors 0+10+1+5+2+0 = 18; the 2 largest remainders: .7, then .45 (first).
    let mc = MonteCarlo::new(&sc).unwrap();
    let (with, without) = mc.initial();
    let w: u64 = with.iter().sum();
    let u: u64 = without.iter().sum();
    assert_eq!(w + u, 20);
    assert_eq!(with[20..30].iter().sum::<u64>(), 0);
    assert_eq!(without[20..30].iter().sum::<u64>(), 10);
    assert_eq!(without[30..40].iter().sum::<u64>(), 6);
    assert_eq!(with[40], 3);
    assert_eq!(without[40], 0);
    // Spread evenly: 10 persons over 10 ages = 1 each; 1 person in 10 ages sits at the 5th.
    assert!(without[20..30].iter().all(|&c| c == 1));
    assert_eq!(with[30..40], [0, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
    assert_eq!(mc.targets()[0], 20);
}

#[test]
fn monte_carlo_is_deterministic_for_any_thread_count() {
    let sc = base();
    let mc = MonteCarlo::new(&sc).unwrap();
    let one = mc.bands(&MonteCarloOptions {
        runs: 101,
        seed: 42,
        threads: 1,
    });
    for threads in [2, 3, 7] {
        let many = mc.bands(&MonteCarloOptions {
            runs: 101,
            seed: 42,
            threads,
        });
        assert_eq!(one, many, "threads = {threads}");
    }
    assert_eq!(mc.run(5, 42), mc.run(5, 42));
    assert_ne!(mc.run(5, 42), mc.run(6, 42));
    assert_ne!(mc.run(5, 42), mc.run(5, 43));
    let other = mc.bands(&MonteCarloOptions {
        runs: 101,
        seed: 43,
        threads: 1,
    });
    assert_ne!(one, other);
}

#[test]
fn monte_carlo_run_keeps_the_integer_target() {
    let mut sc = base();
    sc.headcount_growth = 0.02;
    let mc = MonteCarlo::new(&sc).unwrap();
    let run = mc.run(0, 1);
    for (t, (&n, &w)) in run.headcount.iter().zip(&run.with).enumerate() {
        assert!(w <= n);
        // Positive growth: hires always fill up to round(T(t)).
        assert_eq!(n, mc.targets()[t], "t = {t}");
    }
}

/// For a large staff the median run is close to the deterministic path.
#[test]
fn monte_carlo_median_follows_the_deterministic_path() {
    let mut sc = base();
    sc.horizon = 30;
    sc.headcount_growth = -0.005;
    sc.initial = Some(
        sc.initial
            .unwrap()
            .into_iter()
            .map(|b| band(b.age_from, b.age_to, b.with * 400.0, b.without * 400.0))
            .collect(),
    ); // 204,000 staff
    let out = project(
        &sc,
        &MonteCarloOptions {
            runs: 60,
            seed: 7,
            threads: 2,
        },
    )
    .unwrap();
    for y in &out.years {
        let p50 = y.p50.unwrap();
        close(
            p50,
            y.share,
            2e-3,
            &format!("{} p50 vs deterministic", y.year),
        );
        assert!(y.p05.unwrap() <= p50 && p50 <= y.p95.unwrap());
    }
    // The bands widen away from the (fixed) initial state.
    let first = &out.years[0];
    assert_eq!(first.p05, first.p95);
    let last = out.years.last().unwrap();
    assert!(last.p95.unwrap() > last.p05.unwrap());
}

/// Mean of many runs against the deterministic model for a 5,000-staff city (the MC differs
/// from the deterministic model only by integer rounding and chance).
#[test]
fn monte_carlo_mean_close_to_deterministic_for_a_city() {
    let mut sc = base();
    sc.horizon = 30;
    sc.initial = Some(
        sc.initial
            .unwrap()
            .into_iter()
            .map(|b| band(b.age_from, b.age_to, b.with * 10.0, b.without * 10.0))
            .collect(),
    );
    let model = DeterministicModel::new(&sc).unwrap();
    let path = model.path();
    let mc = MonteCarlo::new(&sc).unwrap();
    let runs = 400;
    let mut mean = vec![0.0; path.len()];
    for i in 0..runs {
        let r = mc.run(i, 99);
        for (m, (&n, &w)) in mean.iter_mut().zip(r.headcount.iter().zip(&r.with)) {
            *m += w as f64 / n as f64 / f64::from(runs);
        }
    }
    for (t, m) in mean.iter().enumerate() {
        // sd of one run's share ≤ ~0.01 here; of the mean of 400 ≤ 0.0005.
        close(*m, path.share(t), 2e-3, &format!("t = {t}"));
    }
}

#[test]
fn projection_json_snapshot() {
    let mut sc = base();
    sc.horizon = 6;
    sc.headcount_growth = 0.01;
    sc.target = Target {
        share: 0.1,
        trend_per_year: 0.01,
    };
    sc.required_by = Some(year(2029));
    let out = project(
        &sc,
        &MonteCarloOptions {
            runs: 200,
            seed: 2024,
            threads: 1,
        },
    )
    .unwrap();
    insta::assert_json_snapshot!("projection_small", out);
}

// ---------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------

/// Strictly increasing ages from `fracs` mapped into `lo..=hi`, paired into non-overlapping bands.
fn bands_from(fracs: &[f64], lo: u8, hi: u8) -> Vec<(u8, u8)> {
    let mut ages: Vec<u8> = fracs
        .iter()
        .map(|f| lo + (f * f64::from(hi - lo + 1)).floor().min(f64::from(hi - lo)) as u8)
        .collect();
    ages.sort_unstable();
    ages.dedup();
    if ages.len() == 1 {
        return vec![(ages[0], ages[0])];
    }
    ages.chunks_exact(2).map(|c| (c[0], c[1])).collect()
}

#[derive(Debug, Clone)]
struct Params {
    horizon: u16,
    retirement_age: u8,
    growth: f64,
    s_w: f64,
    s_u: f64,
    h: f64,
    target: f64,
    trend: f64,
    profile: Vec<f64>,
    weights: Vec<f64>,
    initial: Vec<f64>,
    counts: Vec<(f64, f64)>,
}

fn params() -> impl Strategy<Value = Params> {
    (
        1u16..=40,
        50u8..=75,
        -0.3f64..0.3,
        0.0f64..0.6,
        0.0f64..0.6,
        0.0f64..=1.0,
        0.0f64..=1.0,
        -0.01f64..0.01,
        prop::collection::vec(0.0f64..1.0, 1..6),
        prop::collection::vec(0.1f64..5.0, 3),
        prop::collection::vec(0.0f64..1.0, 1..8),
        prop::collection::vec((0.0f64..200.0, 0.0f64..200.0), 4),
    )
        .prop_map(
            |(
                horizon,
                r,
                growth,
                s_w,
                s_u,
                h,
                target,
                trend,
                profile,
                weights,
                initial,
                counts,
            )| {
                Params {
                    horizon,
                    retirement_age: r,
                    growth,
                    s_w,
                    s_u,
                    h,
                    target,
                    trend,
                    profile,
                    weights,
                    initial,
                    counts,
                }
            },
        )
}

/// A valid scenario from the parameters; `max_age` bounds every initial and hiring age.
fn scenario_of(p: &Params, max_age: Option<u8>) -> Scenario {
    let r = p.retirement_age;
    let hire_hi = max_age.map_or(r - 1, |m| m.min(r - 1));
    let init_hi = max_age.unwrap_or(80);
    let profile = bands_from(&p.profile, 15, hire_hi)
        .into_iter()
        .enumerate()
        .map(|(i, (a, b))| hire(a, b, p.weights[i % p.weights.len()]))
        .collect();
    let mut initial: Vec<InitialBand> = bands_from(&p.initial, 15, init_hi)
        .into_iter()
        .enumerate()
        .map(|(i, (a, b))| {
            let (w, u) = p.counts[i % p.counts.len()];
            band(a, b, w, u)
        })
        .collect();
    initial[0].without += 1.0;
    let sc = Scenario {
        start_year: year(2025),
        horizon: p.horizon,
        retirement_age: r,
        headcount_growth: p.growth,
        attrition: Attrition {
            with: p.s_w,
            without: p.s_u,
        },
        hire_share: p.h,
        hire_age_profile: profile,
        target: Target {
            share: p.target,
            trend_per_year: p.trend,
        },
        required_by: None,
        initial: Some(initial),
        city: None,
        wave: None,
    };
    sc.validate().unwrap();
    sc
}

fn assert_monotone(model: &DeterministicModel, h1: f64, h2: f64) -> Result<(), TestCaseError> {
    let (lo, hi) = (h1.min(h2), h1.max(h2));
    let years = usize::from(model.horizon());
    let a = model.path_with(lo, model.growth(), years);
    let b = model.path_with(hi, model.growth(), years);
    for t in 0..a.len() {
        prop_assert!(
            b.share(t) >= a.share(t) - 1e-12,
            "t = {t}: h = {hi} gives {} < {} for h = {lo}",
            b.share(t),
            a.share(t)
        );
    }
    Ok(())
}

fn assert_required(model: &DeterministicModel, p: &Params) -> Result<(), TestCaseError> {
    let t = usize::from(p.horizon);
    let y = year(2025 + p.horizon);
    let target = model.target(t);
    match required_hire_share(model, y) {
        Some(h) => {
            prop_assert!((0.0..=1.0).contains(&h));
            prop_assert!(model.share_after(h, model.growth(), t) >= target);
            if h > 0.0 {
                let below = (h - 1e-6).max(0.0);
                prop_assert!(
                    model.share_after(below, model.growth(), t) < target,
                    "h = {h}"
                );
            }
        }
        None => prop_assert!(model.share_after(1.0, model.growth(), t) < target),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, .. ProptestConfig::default() })]

    /// Shares stay in [0, 1] and headcount positive, for any valid scenario.
    #[test]
    fn share_stays_in_unit_interval(p in params()) {
        let sc = scenario_of(&p, None);
        let model = DeterministicModel::new(&sc).unwrap();
        let path = model.path();
        for t in 0..path.len() {
            prop_assert!(path.headcount[t] > 0.0);
            let s = path.share(t);
            prop_assert!((0.0..=1.0).contains(&s), "t = {t}: {s}");
        }
        let e = equilibrium_share(&model);
        prop_assert!((0.0..=1.0).contains(&e));
    }

    /// Equal exit rates (with retirement and any growth): share is monotone in h, and the
    /// required hire share brackets the target to 1e-6.
    #[test]
    fn monotone_in_hire_share_with_equal_exit_rates(p in params(), h2 in 0.0f64..=1.0) {
        let mut sc = scenario_of(&p, None);
        sc.attrition.without = sc.attrition.with;
        let model = DeterministicModel::new(&sc).unwrap();
        assert_monotone(&model, p.h, h2)?;
        assert_required(&model, &p)?;
    }

    /// Unequal exit rates, nobody retiring within the horizon (any growth, including the
    /// no-dismissal clip): monotone in h, and the required hire share brackets the target.
    #[test]
    fn monotone_in_hire_share_without_retirement(p in params(), h2 in 0.0f64..=1.0) {
        let mut p = p;
        p.retirement_age = 75;
        p.horizon = p.horizon.min(30);
        let sc = scenario_of(&p, Some(44)); // 44 + 30 < 75
        let model = DeterministicModel::new(&sc).unwrap();
        assert_monotone(&model, p.h, h2)?;
        assert_required(&model, &p)?;
    }

    /// Any valid scenario: the returned hire share reaches the target.
    #[test]
    fn required_hire_share_reaches_target(p in params()) {
        let sc = scenario_of(&p, None);
        let model = DeterministicModel::new(&sc).unwrap();
        let t = usize::from(p.horizon);
        if let Some(h) = required_hire_share(&model, year(2025 + p.horizon)) {
            prop_assert!(model.share_after(h, model.growth(), t) >= model.target(t));
        }
    }

    /// Monte Carlo quantiles are ordered and in [0, 1].
    #[test]
    fn monte_carlo_bands_are_ordered(p in params(), seed in any::<u64>()) {
        let sc = scenario_of(&p, None);
        let out = project(&sc, &MonteCarloOptions { runs: 25, seed, threads: 1 }).unwrap();
        for y in &out.years {
            if let (Some(a), Some(b), Some(c)) = (y.p05, y.p50, y.p95) {
                prop_assert!(0.0 <= a && a <= b && b <= c && c <= 1.0, "{y:?}");
            }
        }
    }
}

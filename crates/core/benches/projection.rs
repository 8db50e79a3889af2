//! Criterion benchmarks of the projection (issue: a full projection with 1000 Monte Carlo
//! runs over 30 years for one city in under 200 ms):
//! `cargo bench -p abbild-core --bench projection -- --warm-up-time 1 --measurement-time 5`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use abbild_core::projection::{
    equilibrium_share, project, required_hire_share, Attrition, DeterministicModel, HireBand,
    InitialBand, MonteCarlo, MonteCarloOptions, Scenario, Target,
};
use abbild_core::Year;
use criterion::Criterion;
use std::hint::black_box;
use std::time::Instant;

/// On-CPU time of this thread in ns (first field of `/proc/thread-self/schedstat`), so the
/// report is meaningful on a shared machine; `None` where unavailable. The kernel updates it
/// at scheduling events, so it is meaningful only for steps of several milliseconds.
fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

/// `PROJECTION_REPORT=n`: n repetitions of each step with wall-clock and on-CPU time.
fn report(reps: u32) {
    let s = city();
    let model = DeterministicModel::new(&s).unwrap();
    let mc = MonteCarlo::new(&s).unwrap();
    let opts = MonteCarloOptions::default();
    let time = |name: &str, f: &mut dyn FnMut()| {
        f();
        let (t, c) = (Instant::now(), cpu_ns());
        for _ in 0..reps {
            f();
        }
        let wall = t.elapsed().as_secs_f64() / f64::from(reps);
        let cpu = match (c, cpu_ns()) {
            (Some(a), Some(b)) => format!("{:.3} ms", (b - a) as f64 / 1e6 / f64::from(reps)),
            _ => "n/a".into(),
        };
        println!("{name}: wall {:.3} ms, on-CPU {cpu}", wall * 1e3);
    };
    time("deterministic 30 years", &mut || {
        black_box(model.path());
    });
    time("required_hire_share", &mut || {
        black_box(required_hire_share(&model, Year::new(2040).unwrap()));
    });
    time("monte carlo 1000 x 30 years, 5000 staff", &mut || {
        black_box(mc.bands(&opts));
    });
    time("full project (1000 runs)", &mut || {
        black_box(project(&s, &opts).unwrap());
    });
}

/// A city of 5,000 staff aged 16–66 in 5-year bands (the last band 61–66), younger bands
/// with a higher share with migration history; 30 years, +0.5 %/year.
fn city() -> Scenario {
    let mut initial = Vec::new();
    let mut from = 16u8;
    let sizes = [
        200.0, 420.0, 560.0, 600.0, 620.0, 640.0, 620.0, 580.0, 480.0, 280.0,
    ];
    for (i, n) in sizes.iter().enumerate() {
        let to = if i == sizes.len() - 1 { 66 } else { from + 4 };
        let share = 0.32 - 0.025 * i as f64;
        initial.push(InitialBand {
            age_from: from,
            age_to: to,
            with: n * share,
            without: n * (1.0 - share),
        });
        from = to + 1;
    }
    let total: f64 = initial.iter().map(|b| b.with + b.without).sum();
    assert!((total - 5000.0).abs() < 1e-9);
    Scenario {
        start_year: Year::new(2025).unwrap(),
        horizon: 30,
        retirement_age: 67,
        headcount_growth: 0.005,
        attrition: Attrition {
            with: 0.045,
            without: 0.035,
        },
        hire_share: 0.3,
        hire_age_profile: vec![
            HireBand {
                age_from: 16,
                age_to: 24,
                weight: 3.0,
            },
            HireBand {
                age_from: 25,
                age_to: 34,
                weight: 4.0,
            },
            HireBand {
                age_from: 35,
                age_to: 54,
                weight: 2.0,
            },
            HireBand {
                age_from: 55,
                age_to: 62,
                weight: 0.5,
            },
        ],
        target: Target {
            share: 0.3,
            trend_per_year: 0.002,
        },
        required_by: Some(Year::new(2040).unwrap()),
        initial: Some(initial),
        city: None,
        wave: None,
    }
}

fn main() {
    if let Ok(n) = std::env::var("PROJECTION_REPORT") {
        report(n.parse().unwrap_or(10));
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    let s = city();
    let model = DeterministicModel::new(&s).unwrap();
    let mc = MonteCarlo::new(&s).unwrap();
    let opts = MonteCarloOptions::default();
    c.bench_function("projection/deterministic_30y", |b| {
        b.iter(|| black_box(model.path()))
    });
    c.bench_function("projection/equilibrium_200y", |b| {
        b.iter(|| black_box(equilibrium_share(&model)))
    });
    c.bench_function("projection/required_hire_share", |b| {
        b.iter(|| black_box(required_hire_share(&model, Year::new(2040).unwrap())))
    });
    c.bench_function("projection/monte_carlo_1000x30y_5000_staff", |b| {
        b.iter(|| black_box(mc.bands(&opts)))
    });
    c.bench_function("projection/full_project_1000_runs", |b| {
        b.iter(|| black_box(project(&s, &opts).unwrap()))
    });
    let two = MonteCarloOptions { threads: 2, ..opts };
    c.bench_function("projection/monte_carlo_1000x30y_2_threads", |b| {
        b.iter(|| black_box(mc.bands(&two)))
    });
    c.final_summary();
}

//! Criterion benchmarks of the protection step (issue 3), and a report mode for the figures
//! in the README: `SDC_REPORT=w1,baseline,random,w2 cargo bench -p abbild-core --bench sdc`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

#[path = "support/sdc_data.rs"]
mod sdc_data;

use abbild_core::sdc::{
    protect, protect_baseline, protect_with_progress, AuditMethod, Config, Microdata, Prior,
    Protection, Publish, SdcPhase,
};
use criterion::Criterion;
use std::time::{Duration, Instant};

fn config() -> Config {
    Config {
        threads: 2,
        ..Config::default()
    }
}

fn summary(name: &str, t: Duration, p: &Protection) {
    println!(
        "{name}: {:.3} s, cells {}, primary {}, secondary {}, audit cells {}, min width {}",
        t.as_secs_f64(),
        p.cells.len(),
        p.primary,
        p.secondary,
        p.audit.cells,
        p.audit.min_width
    );
}

fn run(name: &str, data: &Microdata, publish: &[Publish], cfg: &Config) -> Protection {
    let t = Instant::now();
    let mut last = None;
    let p = protect_with_progress(data, publish, cfg, &Prior::none(), &mut |pr| {
        let periodic = matches!(pr.phase, SdcPhase::Suppress | SdcPhase::Cleanup);
        if last != Some(pr.phase) || periodic && pr.done % 256 == 0 {
            println!("  {:>8.3} s {:?}", t.elapsed().as_secs_f64(), pr);
            last = Some(pr.phase);
        }
    })
    .unwrap();
    summary(name, t.elapsed(), &p);
    p
}

fn report(what: &str) {
    if what.contains("w1") {
        let (data, publish) = sdc_data::w1(1);
        run("W1 protect", &data, &publish, &config());
        if what.contains("exact") {
            let cfg = Config {
                audit: AuditMethod::ExactLp,
                ..config()
            };
            run("W1 protect, exact LP audit", &data, &publish, &cfg);
        }
        if what.contains("baseline") {
            let t = Instant::now();
            let b = protect_baseline(&data, &publish, &config(), &Prior::none()).unwrap();
            summary("W1 baseline", t.elapsed(), &b);
        }
    }
    if what.contains("city") {
        for city in 0..10u32 {
            let (data, publish) = sdc_data::w1_cities(1, Some(city));
            let p = run(
                &format!("W1 city {city} protect"),
                &data,
                &publish,
                &config(),
            );
            let _ = p;
            let t = Instant::now();
            let b = protect_baseline(&data, &publish, &config(), &Prior::none()).unwrap();
            summary(&format!("W1 city {city} baseline"), t.elapsed(), &b);
        }
    }
    if what.contains("random") {
        for seed in 1..=4u64 {
            let (data, publish) = sdc_data::random(seed);
            let t = Instant::now();
            let p = protect(&data, &publish, &config(), &Prior::none()).unwrap();
            summary(&format!("random {seed} protect"), t.elapsed(), &p);
            let t = Instant::now();
            let b = protect_baseline(&data, &publish, &config(), &Prior::none()).unwrap();
            summary(&format!("random {seed} baseline"), t.elapsed(), &b);
        }
    }
    if what.contains("w2") {
        let munis = std::env::var("SDC_W2_MUNIS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(11_000);
        let t = Instant::now();
        let (data, publish) = sdc_data::w2(2, munis, munis * 1_250_000 / 11_000);
        println!(
            "W2 data ({munis} municipalities): {:.3} s",
            t.elapsed().as_secs_f64()
        );
        run("W2 protect", &data, &publish, &config());
    }
}

fn main() {
    if let Ok(what) = std::env::var("SDC_REPORT") {
        report(&what);
        return;
    }
    let mut c = Criterion::default()
        .configure_from_args()
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    let (data, publish) = sdc_data::w1(1);
    c.bench_function("sdc/w1_protect", |b| {
        b.iter(|| protect(&data, &publish, &config(), &Prior::none()).unwrap())
    });
    c.final_summary();
}

//! W1-sized run (timing printed; run with --release -- --ignored --nocapture).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

#[path = "../benches/support/sdc_data.rs"]
mod sdc_data;

use abbild_core::sdc::{protect_baseline, protect_with_progress, Config, Prior};
use std::time::Instant;

#[test]
#[ignore = "slow in debug builds; run with --release -- --ignored"]
fn w1_protect() {
    let (data, publish) = sdc_data::w1(1);
    let exact = std::env::var("EXACT").is_ok();
    let cfg = Config {
        exact_audit: exact,
        threads: if std::env::var("T1").is_ok() { 1 } else { 2 },
        ..Config::default()
    };
    let t = Instant::now();
    let mut last = None;
    let p = protect_with_progress(&data, &publish, &cfg, &Prior::none(), &mut |pr| {
        if last != Some(pr.phase) || pr.phase == abbild_core::sdc::SdcPhase::Audit {
            println!("{:?} {:?}", t.elapsed(), pr);
            last = Some(pr.phase);
        }
    })
    .unwrap();
    println!(
        "W1: {:?}, cells {}, primary {}, secondary {}, min width {}",
        t.elapsed(),
        p.cells.len(),
        p.primary,
        p.secondary,
        p.audit.min_width
    );
    if std::env::var("BASELINE").is_ok() {
        let t = Instant::now();
        let b = protect_baseline(&data, &publish, &cfg, &Prior::none()).unwrap();
        println!(
            "baseline: {:?}, primary {}, secondary {}, min width {}",
            t.elapsed(),
            b.primary,
            b.secondary,
            b.audit.min_width
        );
    }
}

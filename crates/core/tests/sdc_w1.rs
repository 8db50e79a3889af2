//! W1-sized run (timing printed; run with --release --nocapture).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

#[path = "../benches/support/sdc_data.rs"]
mod sdc_data;

use abbild_core::sdc::{protect_with_progress, Config, Prior};
use std::time::Instant;

#[test]
#[ignore = "slow in debug builds; run with --release -- --ignored"]
fn w1_protect() {
    let (data, publish) = sdc_data::w1(1);
    let t = Instant::now();
    let mut last = None;
    let p = protect_with_progress(
        &data,
        &publish,
        &Config::default(),
        &Prior::none(),
        &mut |pr| {
            if last != Some(pr.phase) {
                println!("{:?} {:?}", t.elapsed(), pr);
                last = Some(pr.phase);
            }
        },
    )
    .unwrap();
    println!(
        "W1: {:?}, cells {}, primary {}, secondary {}, min width {}",
        t.elapsed(),
        p.cells.len(),
        p.primary,
        p.secondary,
        p.audit.min_width
    );
}

#[test]
#[ignore = "debug"]
fn w1_all_suppressed() {
    use abbild_core::sdc::{audit_pattern, LpModel};
    let (data, publish) = sdc_data::w1(1);
    // Cell (c04, f10, l00, with) and everything else of T1 and its margins suppressed.
    let mut sup = vec![(vec![0usize, 1, 2, 5], vec![4u32, 10, 0, 1])];
    sup.push((vec![0, 1, 2], vec![4, 10, 0]));
    sup.push((vec![0, 1, 5], vec![4, 10, 1]));
    sup.push((vec![0, 1, 2, 5], vec![4, 10, 0, 0]));
    let iv = audit_pattern(&data, &publish, &Prior::none(), &sup, LpModel::Auto).unwrap();
    println!("{iv:?}");
    let iv = audit_pattern(&data, &publish, &Prior::none(), &sup, LpModel::Atoms).unwrap();
    println!("{iv:?}");
}

//! Generates a workload and reports rows, sizes and time.
//!
//! `cargo run --release -p abbild-synth --example generate -- w2 /tmp/w2 [seed]`
#![allow(clippy::print_stdout, clippy::print_stderr)]

use abbild_synth::{generate, Workload};
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: generate <w1|w2> <out_dir> [seed]");
        std::process::exit(2);
    }
    let workload = match Workload::parse(&args[0]) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let out = PathBuf::from(&args[1]);
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let start = Instant::now();
    let mut last = 0;
    let result = generate(workload, seed, &out, &mut |p| {
        let pct = p.municipalities_done * 10 / p.municipalities_total;
        if pct != last {
            last = pct;
            eprintln!(
                "{:>3} % {} staff rows, {} responses",
                pct * 10,
                p.staff_rows,
                p.responses
            );
        }
    });
    let g = match result {
        Ok(g) => g,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let secs = start.elapsed().as_secs_f64();
    println!("workload {workload} seed {seed}: {secs:.2} s");
    println!(
        "municipalities {}  staff rows {}  headcount {}  responses {}  population rows {}",
        g.municipalities, g.staff_rows, g.headcount, g.responses, g.population_rows
    );
    let mut total = 0;
    for f in &g.files {
        let len = std::fs::metadata(f).map(|m| m.len()).unwrap_or(0);
        total += len;
        println!("{:>12} bytes  {}", len, f.display());
    }
    println!("{total:>12} bytes  total ({:.1} MB)", total as f64 / 1e6);
}

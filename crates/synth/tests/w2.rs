//! W2: the national workload's totals and file formats (one full generation, ~200 MB).

use abbild_core::Ags;
use abbild_synth::{generate, Workload, W2_MUNICIPALITIES, W2_STAFF};
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};

#[test]
fn w2_has_the_spec_sizes() {
    let dir = tempfile::tempdir().expect("dir");
    let g = generate(Workload::W2, 3, dir.path(), &mut |_| {}).expect("generate");
    assert_eq!(g.municipalities, W2_MUNICIPALITIES as u64);
    assert_eq!(g.headcount, W2_STAFF);
    assert_eq!(g.responses, 1_250_000);
    assert_eq!(g.population_rows, 11_000 * 19 * 2);
    assert!(
        (1_500_000..=2_000_000).contains(&g.staff_rows),
        "staff rows {}",
        g.staff_rows
    );
    let bytes: u64 = g
        .files
        .iter()
        .map(|f| std::fs::metadata(f).expect("file").len())
        .sum();
    assert!(
        (150_000_000..=230_000_000).contains(&bytes),
        "{bytes} bytes"
    );

    // Every staff row carries a valid AGS; 11,000 distinct ones; headcounts add up.
    let file = std::fs::File::open(dir.path().join("staff.csv")).expect("staff");
    let mut ags = BTreeSet::new();
    let mut headcount = 0u64;
    let mut last = String::new();
    for line in BufReader::new(file).lines().skip(1) {
        let line = line.expect("line");
        let (code, rest) = line.split_once(',').expect("columns");
        if code != last {
            let a = Ags::parse(code).expect("ags");
            assert_eq!(a.to_string(), code);
            assert!(ags.insert(a), "municipality {code} not contiguous");
            last = code.to_owned();
        }
        headcount += rest
            .rsplit(',')
            .next()
            .and_then(|h| h.parse::<u64>().ok())
            .expect("headcount");
    }
    assert_eq!(ags.len(), W2_MUNICIPALITIES);
    assert_eq!(headcount, W2_STAFF);
}

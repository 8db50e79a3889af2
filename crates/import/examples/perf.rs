//! Throughput check on a W2-sized staff file (3 million rows, ~166 MB):
//! `cargo run --release -p abbild-import --example perf`.
//! `ABBILD_PERF_ROWS` changes the size; `ABBILD_PERF_FILE` keeps (or reuses) the file.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

use abbild_import::Options;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

const FIELDS: [&str; 11] = [
    "verwaltung",
    "finanzen",
    "ordnung",
    "feuerwehr",
    "soziales",
    "kita",
    "bildung_kultur",
    "gesundheit",
    "bauen_umwelt",
    "zentrale_dienste",
    "sonstige",
];
const LEVELS: [&str; 4] = ["einfach", "mittel", "gehoben", "hoeher"];
const STATUS: [&str; 3] = ["beamte", "tarif", "azubi"];
const SEX: [&str; 4] = ["w", "m", "d", "x"];

/// Writes `rows` distinct staff segments (all six dimensions) across as many cities as needed.
fn generate(path: &Path, rows: u64) {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(
        w,
        "ags;year;field;level;status;leadership;age_from;age_to;sex;headcount"
    )
    .unwrap();
    let mut n = 0u64;
    for city in 0..100_000u32 {
        for f in FIELDS {
            for l in LEVELS {
                for s in STATUS {
                    for lead in ["ja", "nein"] {
                        for band in 0..12u32 {
                            for sex in SEX {
                                if n == rows {
                                    w.flush().unwrap();
                                    return;
                                }
                                let from = 16 + band * 4;
                                writeln!(
                                    w,
                                    "{:08};2024;{f};{l};{s};{lead};{from};{};{sex};{},0",
                                    5_000_000 + city,
                                    from + 3,
                                    n % 97
                                )
                                .unwrap();
                                n += 1;
                            }
                        }
                    }
                }
            }
        }
    }
    w.flush().unwrap();
}

fn main() {
    let rows: u64 = std::env::var("ABBILD_PERF_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3_000_000);
    let dir = tempfile::tempdir().unwrap();
    let path = std::env::var_os("ABBILD_PERF_FILE")
        .map_or_else(|| dir.path().join("staff.csv"), std::path::PathBuf::from);
    if !path.exists() {
        generate(&path, rows);
    }
    let size = std::fs::metadata(&path).unwrap().len();
    let cat = abbild_core::FieldCatalog::default();
    let t = Instant::now();
    let mut total = 0u64;
    let s = abbild_import::read_staff(&path, &Options::new(&cat), |r| {
        total += u64::from(r.headcount)
    })
    .unwrap();
    let secs = t.elapsed().as_secs_f64();
    assert_eq!(s.rows, rows);
    eprintln!(
        "{} rows, {:.1} MB in {:.2} s: {:.0} rows/s, {:.0} MB/s (headcount sum {total})",
        s.rows,
        size as f64 / 1e6,
        secs,
        s.rows as f64 / secs,
        size as f64 / 1e6 / secs
    );
}

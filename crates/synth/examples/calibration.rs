//! Generates W1 and prints the calibration figures of `docs/CALIBRATION.md`: shares under the
//! three definitions by group, response rates, benchmarks, languages.
//!
//! `cargo run --release -p abbild-synth --example calibration -- [seed]`
#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "../tests/common/mod.rs"]
mod common;

use abbild_core::records::ResponseRecord;
use abbild_core::{Answer, Class, Definition, FieldCatalog, Item};
use abbild_synth::{generate, ruhr_cities, Workload};
use std::collections::BTreeMap;

fn row(label: &str, rs: &[&ResponseRecord], headcount: u64) {
    let (mh, _) = common::share(rs.iter().copied(), Definition::Mh);
    let (eg, n) = common::share(rs.iter().copied(), Definition::Eg);
    let (nrw, _) = common::share(rs.iter().copied(), Definition::EgNrw);
    let rate = if headcount > 0 {
        rs.len() as f64 / headcount as f64
    } else {
        f64::NAN
    };
    println!(
        "{label:<22} {headcount:>7} {:>6} {:>6.1} {:>6.1} {:>6.1} {:>6.1} {n:>6}",
        rs.len(),
        100.0 * rate,
        100.0 * mh,
        100.0 * eg,
        100.0 * nrw
    );
}

type Key = String;
type Grouping<'a> = Box<dyn Fn(&abbild_core::SegmentKey) -> Key + 'a>;

fn header(title: &str) {
    println!(
        "\n{title:<22} {:>7} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}",
        "staff", "resp", "rate%", "mh%", "eg%", "nrw%", "n_eg"
    );
}

fn main() {
    let seed = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let dir = tempfile::tempdir().expect("temp dir");
    let g = generate(Workload::W1, seed, dir.path(), &mut |_| {}).expect("generate");
    let staff = common::read_staff(dir.path());
    let resp = common::read_responses(dir.path());
    let pop = common::read_population(dir.path());
    let cat = FieldCatalog::default();
    println!(
        "W1 seed {seed}: {} staff rows, {} headcount, {} responses",
        g.staff_rows, g.headcount, g.responses
    );

    let groupings: Vec<(&str, Grouping)> = vec![
        (
            "field",
            Box::new(|k| cat.code(k.field.expect("field")).to_owned()),
        ),
        (
            "level",
            Box::new(|k| k.level.expect("level").code().to_owned()),
        ),
        (
            "status",
            Box::new(|k| k.status.expect("status").code().to_owned()),
        ),
        (
            "leadership",
            Box::new(|k| {
                if k.leadership == Some(true) {
                    "yes".into()
                } else {
                    "no".into()
                }
            }),
        ),
        ("age", Box::new(|k| k.age.expect("age").to_string())),
        ("sex", Box::new(|k| k.sex.expect("sex").code().to_owned())),
        ("city", Box::new(|_| String::new())),
    ];
    let all: Vec<&ResponseRecord> = resp.iter().collect();
    header("overall");
    row("all", &all, g.headcount);
    for (name, f) in &groupings {
        if *name == "city" {
            continue;
        }
        header(name);
        let mut hc: BTreeMap<Key, u64> = BTreeMap::new();
        for s in &staff {
            *hc.entry(f(&s.key)).or_default() += u64::from(s.headcount);
        }
        let mut rs: BTreeMap<Key, Vec<&ResponseRecord>> = BTreeMap::new();
        for r in &resp {
            rs.entry(f(&r.key)).or_default().push(r);
        }
        for (k, n) in &hc {
            row(k, rs.get(k).map(Vec::as_slice).unwrap_or(&[]), *n);
        }
    }

    // Structure: women, Beamte and leadership per field.
    println!(
        "\n{:<22} {:>6} {:>6} {:>6} {:>6} {:>6}",
        "structure", "share", "w%", "beamte%", "azubi%", "lead%"
    );
    let total: u64 = staff.iter().map(|s| u64::from(s.headcount)).sum();
    for (f, def) in cat.iter() {
        let of: Vec<_> = staff.iter().filter(|s| s.key.field == Some(f)).collect();
        let n: u64 = of.iter().map(|s| u64::from(s.headcount)).sum();
        let part = |p: &dyn Fn(&abbild_core::SegmentKey) -> bool| -> f64 {
            100.0
                * of.iter()
                    .filter(|s| p(&s.key))
                    .map(|s| f64::from(s.headcount))
                    .sum::<f64>()
                / n as f64
        };
        println!(
            "{:<22} {:>6.1} {:>6.1} {:>6.1} {:>6.1} {:>6.1}",
            def.code,
            100.0 * n as f64 / total as f64,
            part(&|k| k.sex == Some(abbild_core::Sex::W)),
            part(&|k| k.status == Some(abbild_core::Status::Beamte)),
            part(&|k| k.status == Some(abbild_core::Status::Azubi)),
            part(&|k| k.leadership == Some(true)),
        );
    }

    // Cities: population share, crude and age-standardised benchmark, respondents.
    println!(
        "\n{:<22} {:>7} {:>6} {:>6} {:>6} {:>6} {:>6}",
        "city", "staff", "rate%", "pop%", "b*%", "eg%", "nrw%"
    );
    for c in ruhr_cities()
        .expect("cities")
        .into_iter()
        .filter(|c| c.member)
    {
        let p: Vec<_> = pop.iter().filter(|p| p.ags == c.ags).collect();
        let persons: u64 = p.iter().map(|p| p.persons).sum();
        let with: u64 = p.iter().map(|p| p.with_migration).sum();
        let st: Vec<_> = staff.iter().filter(|s| s.ags == c.ags).collect();
        let n: u64 = st.iter().map(|s| u64::from(s.headcount)).sum();
        let mut bstar = 0.0;
        for s in &st {
            let band = s.key.age.expect("age");
            let (pp, pw) = p
                .iter()
                .filter(|p| band.contains(p.age))
                .fold((0u64, 0u64), |(a, b), p| {
                    (a + p.persons, b + p.with_migration)
                });
            bstar += f64::from(s.headcount) / n as f64 * pw as f64 / pp as f64;
        }
        let rs: Vec<_> = resp.iter().filter(|r| r.ags == c.ags).collect();
        let (eg, _) = common::share(rs.iter().copied(), Definition::Eg);
        let (nrw, _) = common::share(rs.iter().copied(), Definition::EgNrw);
        println!(
            "{:<22} {n:>7} {:>6.1} {:>6.1} {:>6.1} {:>6.1} {:>6.1}",
            c.name,
            100.0 * rs.len() as f64 / n as f64,
            100.0 * with as f64 / persons as f64,
            100.0 * bstar,
            100.0 * eg,
            100.0 * nrw
        );
    }

    // Item non-response and unknown classes.
    println!("\nitem non-response:");
    for item in Item::ALL {
        let u = resp
            .iter()
            .filter(|r| r.answers.get(item) == Answer::Unknown)
            .count();
        println!(
            "  {:<24} {:>5.2} %",
            item.code(),
            100.0 * u as f64 / resp.len() as f64
        );
    }
    for d in Definition::ALL {
        let u = resp
            .iter()
            .filter(|r| d.classify(r.answers) == Class::Unknown)
            .count();
        println!(
            "  class unknown {:<10} {:>5.2} %",
            d.code(),
            100.0 * u as f64 / resp.len() as f64
        );
    }

    // Languages.
    let mut langs: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let (mut any_with, mut n_with, mut any_without, mut n_without) = (0, 0, 0, 0);
    for r in &resp {
        let with = Definition::EgNrw.classify(r.answers) == Class::With;
        if with {
            n_with += 1;
            any_with += usize::from(!r.languages.is_empty());
        } else {
            n_without += 1;
            any_without += usize::from(!r.languages.is_empty());
        }
        for l in &r.languages {
            let e = langs.entry(l.to_string()).or_default();
            if with {
                e.0 += 1;
            } else {
                e.1 += 1;
            }
        }
    }
    println!(
        "\nlanguages: any listed by {:.1} % with (eg_nrw), {:.1} % others",
        100.0 * any_with as f64 / n_with as f64,
        100.0 * any_without as f64 / n_without as f64
    );
    let mut v: Vec<_> = langs.into_iter().collect();
    v.sort_by_key(|(_, (a, b))| std::cmp::Reverse(a + b));
    for (l, (a, b)) in v {
        println!("  {l}: {} ({a} with, {b} without)", a + b);
    }
}

//! Reads the generated CSV files back with the core parsers (shared by the tests and the
//! calibration example).
#![allow(dead_code)]

use abbild_core::dims::parse_yes_no;
use abbild_core::records::{Lang, PopulationRecord, ResponseRecord, Source, StaffRecord};
use abbild_core::{
    AgeBand, Ags, Answer, Answers, Definition, FieldCatalog, Item, Level, SegmentKey, Sex, Status,
    Wave, Year,
};
use std::path::Path;

fn rows(path: &Path, header: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).expect("readable UTF-8 file");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(header), "header of {}", path.display());
    lines
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect()
}

fn segment(cat: &FieldCatalog, c: &[String]) -> SegmentKey {
    let from = AgeBand::parse_bound(&c[4]).expect("age_from");
    let to = AgeBand::parse_bound(&c[5]).expect("age_to");
    SegmentKey {
        field: Some(cat.parse(&c[0]).expect("field")),
        level: Some(Level::parse(&c[1]).expect("level")),
        status: Some(Status::parse(&c[2]).expect("status")),
        leadership: Some(parse_yes_no(&c[3]).expect("leadership")),
        age: Some(AgeBand::new(from, to).expect("age band")),
        sex: Some(Sex::parse(&c[6]).expect("sex")),
    }
}

pub const STAFF_HEADER: &str =
    "ags,year,field,level,status,leadership,age_from,age_to,sex,headcount";
pub const POPULATION_HEADER: &str =
    "ags,year,definition,source,age_from,age_to,sex,persons,with_migration";

pub fn responses_header() -> String {
    let items: Vec<&str> = Item::ALL.iter().map(|i| i.code()).collect();
    format!(
        "ags,wave,field,level,status,leadership,age_from,age_to,sex,{},languages",
        items.join(",")
    )
}

pub fn read_staff(dir: &Path) -> Vec<StaffRecord> {
    let cat = FieldCatalog::default();
    rows(&dir.join("staff.csv"), STAFF_HEADER)
        .into_iter()
        .map(|c| {
            assert_eq!(c.len(), 10);
            StaffRecord {
                ags: Ags::parse(&c[0]).expect("ags"),
                year: Year::parse(&c[1]).expect("year"),
                key: segment(&cat, &c[2..9]),
                headcount: c[9].parse().expect("headcount"),
            }
        })
        .collect()
}

pub fn read_responses(dir: &Path) -> Vec<ResponseRecord> {
    let cat = FieldCatalog::default();
    rows(&dir.join("responses.csv"), &responses_header())
        .into_iter()
        .map(|c| {
            assert_eq!(c.len(), 17);
            let mut answers = Answers::default();
            for (k, item) in Item::ALL.into_iter().enumerate() {
                answers.set(item, Answer::parse(&c[9 + k]).expect("answer"));
            }
            let languages = Lang::parse_list(&c[16]).expect("languages");
            let written: Vec<String> = languages.iter().map(ToString::to_string).collect();
            assert_eq!(written.join(";"), c[16], "languages sorted and unique");
            ResponseRecord {
                ags: Ags::parse(&c[0]).expect("ags"),
                wave: Wave::parse(&c[1]).expect("wave"),
                key: segment(&cat, &c[2..9]),
                answers,
                languages,
            }
        })
        .collect()
}

pub fn read_population(dir: &Path) -> Vec<PopulationRecord> {
    rows(&dir.join("population.csv"), POPULATION_HEADER)
        .into_iter()
        .map(|c| {
            assert_eq!(c.len(), 9);
            let from = AgeBand::parse_bound(&c[4]).expect("age_from");
            let to = AgeBand::parse_bound(&c[5]).expect("age_to");
            PopulationRecord {
                ags: Ags::parse(&c[0]).expect("ags"),
                year: Year::parse(&c[1]).expect("year"),
                definition: Definition::parse(&c[2]).expect("definition"),
                source: Source::parse(&c[3]).expect("source"),
                age: AgeBand::new(from, to).expect("band"),
                sex: Some(Sex::parse(&c[6]).expect("sex")),
                persons: c[7].parse().expect("persons"),
                with_migration: c[8].parse().expect("with_migration"),
            }
        })
        .collect()
}

/// Share `with` among classifiable responses under `d`, and the classifiable count.
pub fn share<'a>(rs: impl IntoIterator<Item = &'a ResponseRecord>, d: Definition) -> (f64, usize) {
    let (mut with, mut n) = (0usize, 0usize);
    for r in rs {
        match d.classify(r.answers) {
            abbild_core::Class::With => {
                with += 1;
                n += 1;
            }
            abbild_core::Class::Without => n += 1,
            abbild_core::Class::Unknown => {}
        }
    }
    (
        if n == 0 {
            f64::NAN
        } else {
            with as f64 / n as f64
        },
        n,
    )
}

//! LimeSurvey exports through a mapping file.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use abbild_core::answers::{Answer, Item};
use abbild_core::{Ags, FieldCatalog, Wave};
use abbild_import::limesurvey::{read_limesurvey_bytes, Mapping};
use abbild_import::Options;

const MAPPING: &str = "limesurvey;abbild;values
G01Q01;self_born_abroad;Y=yes|N=no|A3=unknown
G01Q02;mother_born_abroad;Y=yes|N=no
G02Q01;field;A1=verwaltung|A2=kita
G02Q05;age;A1=15-24|A2=25-34
G02Q06[SQ001];languages;Y=tr
G02Q06[SQ002];languages;Y=ar
";

/// As LimeSurvey writes it: metadata columns first, an IP address and dates included.
const EXPORT: &str = "id,submitdate,lastpage,startlanguage,seed,ipaddr,G01Q01,G01Q02,G02Q01,G02Q05,G02Q06[SQ001],G02Q06[SQ002]
1,2026-05-04 09:13:22,3,de,12345,10.1.2.3,Y,N,A2,A2,Y,Y
2,2026-05-04 09:14:01,3,de,67890,10.1.2.4,N,N,A1,A1,,

3,2026-05-04 09:20:45,3,de,11111,10.1.2.5,A3,,A1,,,
";

fn read(
    export: &str,
) -> Result<Vec<abbild_core::records::ResponseRecord>, abbild_import::ImportError> {
    let cat = FieldCatalog::default();
    let opts = Options {
        catalog: &cat,
        sheet: None,
    };
    let mapping = Mapping::read("zuordnung.csv", MAPPING.as_bytes()).unwrap();
    let mut rows = Vec::new();
    read_limesurvey_bytes(
        "limesurvey.csv",
        export.as_bytes(),
        &mapping,
        Ags::parse("05916000").unwrap(),
        Some(Wave::new(2026).unwrap()),
        &opts,
        |r| rows.push(r),
    )?;
    Ok(rows)
}

#[test]
fn mapped_columns_become_responses_and_metadata_is_dropped() {
    let rows = read(EXPORT).unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].answers.get(Item::SelfBornAbroad), Answer::Yes);
    assert_eq!(rows[0].answers.get(Item::MotherBornAbroad), Answer::No);
    assert_eq!(rows[0].languages.len(), 2);
    assert_eq!(rows[0].key.age.map(|a| (a.from, a.to)), Some((25, 34)));
    assert_eq!(rows[2].answers.get(Item::SelfBornAbroad), Answer::Unknown);
    assert_eq!(rows[2].key.age, None);
    assert!(rows.iter().all(|r| r.wave.get() == 2026));
    // Nothing of the metadata columns can be in a ResponseRecord: it has no field for them.
    let dbg = format!("{rows:?}");
    assert!(!dbg.contains("10.1.2.3") && !dbg.contains("09:13"));
}

#[test]
fn errors_name_the_export_row() {
    // Row 5 of the export (header = 1, blank row 4 kept) has an unmapped answer code.
    let bad = EXPORT.replace(
        "3,2026-05-04 09:20:45,3,de,11111,10.1.2.5,A3",
        "3,2026-05-04 09:20:45,3,de,11111,10.1.2.5,A9",
    );
    let e = read(&bad).unwrap_err();
    assert_eq!(e.row_errors.len(), 1, "{e:?}");
    assert_eq!(e.row_errors[0].row, 5);
    assert_eq!(e.row_errors[0].value, "A9");
}

#[test]
fn a_mapping_with_unknown_columns_is_refused() {
    let e = Mapping::read("z.csv", b"limesurvey,abbild,values\nQ1,name,\n").unwrap_err();
    assert!(e.row_errors[0]
        .expected
        .to_string()
        .contains("self_born_abroad"));
    let cat = FieldCatalog::default();
    let opts = Options {
        catalog: &cat,
        sheet: None,
    };
    let m = Mapping::read("z.csv", b"limesurvey,abbild,values\nG09Q09,field,\n").unwrap();
    let e = read_limesurvey_bytes(
        "ls.csv",
        EXPORT.as_bytes(),
        &m,
        Ags::parse("05916000").unwrap(),
        Some(Wave::new(2026).unwrap()),
        &opts,
        |_| {},
    )
    .unwrap_err();
    assert!(format!("{:?}", e.file_errors).contains("G09Q09"));
}

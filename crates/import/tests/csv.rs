//! CSV as German offices produce it: semicolons, BOM, Windows-1252, decimal commas.
#![allow(clippy::unwrap_used)]

mod common;

use abbild_core::dims::{Level, Sex, Status};
use abbild_core::records::{Lang, Source};
use abbild_core::{AgeBand, Ags, Answer, Definition, Dim, DimSet, Item, Wave, Year};
use abbild_import::{Col, Format, Kind, TextEncoding};
use common::*;

const STAFF_DE: &str =
    "Tätigkeitsfeld;AGS;Jahr;Ebene;Status;Leitung;Alter von;Alter bis;Geschlecht;Beschäftigte\r\n\
Kindertagesbetreuung, Erziehung;05916000;2024;EG 9b;Tarifbeschäftigte;ja;30;34;weiblich;12,0\r\n\
Bürgerdienste;5916000;2024;Höherer Dienst;Beamte;nein;35;39;m;3\r\n\
;;;;;;;;;\r\n";

#[test]
fn german_excel_semicolon_windows1252() {
    let (recs, s) = staff("staff.csv", &cp1252(STAFF_DE)).unwrap();
    assert_eq!(recs.len(), 2);
    assert_eq!(s.rows, 2);
    assert_eq!(
        s.format,
        Format::Csv {
            delimiter: ';',
            encoding: TextEncoding::Windows1252
        }
    );
    let cat = catalog();
    let r = &recs[0];
    assert_eq!(r.ags, Ags::parse("05916000").unwrap());
    assert_eq!(r.year, Year::new(2024).unwrap());
    assert_eq!(cat.code(r.key.field.unwrap()), "kita");
    assert_eq!(r.key.level, Some(Level::Gehoben));
    assert_eq!(r.key.status, Some(Status::Tarif));
    assert_eq!(r.key.leadership, Some(true));
    assert_eq!(r.key.age, Some(AgeBand::new(30, 34).unwrap()));
    assert_eq!(r.key.sex, Some(Sex::W));
    assert_eq!(r.headcount, 12);
    let r = &recs[1];
    assert_eq!(r.ags.to_string(), "05916000");
    assert_eq!(cat.code(r.key.field.unwrap()), "verwaltung");
    assert_eq!(r.key.level, Some(Level::Hoeher));
    assert_eq!(r.key.leadership, Some(false));
    assert_eq!(r.key.sex, Some(Sex::M));
    let all: DimSet = Dim::ALL.into_iter().collect();
    assert_eq!(s.dims, all);
    assert_eq!(s.kind, Kind::Staff);
    assert_eq!(s.sha256.len(), 64);
}

#[test]
fn utf8_with_bom_gives_the_same_records() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(STAFF_DE.as_bytes());
    let (a, sa) = staff("staff.csv", &bytes).unwrap();
    let (b, sb) = staff("staff.csv", &cp1252(STAFF_DE)).unwrap();
    assert_eq!(a, b);
    assert!(matches!(
        sa.format,
        Format::Csv {
            encoding: TextEncoding::Utf8Bom,
            ..
        }
    ));
    // Different bytes, different hash: the hash identifies the upload, not its content.
    assert_ne!(sa.sha256, sb.sha256);
}

#[test]
fn comma_delimited_with_quotes_and_codes() {
    let text = "ags,year,field,headcount\n\
                05513000,2023,\"Kindertagesbetreuung, Erziehung\",\"7,0\"\n\
                05513000,2023,kita_no,1\n";
    let e = err_text(staff("s.csv", text.as_bytes()));
    assert!(
        e.starts_with("s.csv, Zeile 3, Spalte \"field\": Wert \"kita_no\""),
        "{e}"
    );
    let text =
        "ags,year,field,headcount\n05513000,2023,\"Kindertagesbetreuung, Erziehung\",\"7,0\"\n";
    let (recs, s) = staff("s.csv", text.as_bytes()).unwrap();
    assert_eq!(recs[0].headcount, 7);
    assert_eq!(s.dims, DimSet::EMPTY.with(Dim::Field));
    assert_eq!(
        s.columns,
        vec![Col::Ags, Col::Year, Col::Field, Col::Headcount]
    );
    assert!(matches!(
        s.format,
        Format::Csv {
            delimiter: ',',
            encoding: TextEncoding::Utf8
        }
    ));
}

#[test]
fn headers_are_case_and_umlaut_insensitive() {
    let text = "AGS;JAHR;TAETIGKEITSFELD;beschaeftigte\n05916000;2024;kita;1\n";
    let (recs, _) = staff("s.csv", text.as_bytes()).unwrap();
    assert_eq!(recs.len(), 1);
}

#[test]
fn trailing_empty_header_columns_are_tolerated_if_empty() {
    let text = "ags;year;headcount;;\n05916000;2024;5;;\n";
    assert_eq!(staff("s.csv", text.as_bytes()).unwrap().0.len(), 1);
    let text = "ags;year;headcount;;\n05916000;2024;5;;x\n";
    assert_eq!(
        err_text(staff("s.csv", text.as_bytes())),
        "s.csv, Zeile 2, Spalte \"E\": Wert \"x\" – erwartet keinen Wert – die Spalte hat keine Überschrift"
    );
}

#[test]
fn short_rows_read_missing_cells_as_empty() {
    // Some exporters drop trailing empty cells; in a survey file they mean "keine Angabe".
    let text = "ags;wave;sex;self_born_abroad\n05916000;2024\n";
    let (recs, _) = responses("r.csv", text.as_bytes()).unwrap();
    assert_eq!(recs[0].key.sex, None);
    assert_eq!(recs[0].answers.get(Item::SelfBornAbroad), Answer::Unknown);
}

#[test]
fn german_survey_export() {
    let headers: Vec<&str> = Item::ALL.iter().map(|i| i.header_de()).collect();
    let text = format!(
        "AGS;Welle;Tätigkeitsfeld;Ebene;Geschlecht;Alter von;Alter bis;{};Sprachen\n\
         05916000;2024;Kindertagesbetreuung, Erziehung;;w;;;ja;nein;weiß nicht;Nein;JA;;k. A.;\"tr;ar\"\n\
         05916000;2024;;gehoben;;25;29;;;;;;;;\n",
        headers.join(";")
    );
    let (recs, s) = responses("antworten.csv", &cp1252(&text)).unwrap();
    assert_eq!(recs.len(), 2);
    let r = &recs[0];
    assert_eq!(r.wave, Wave::new(2024).unwrap());
    assert_eq!(catalog().code(r.key.field.unwrap()), "kita");
    assert_eq!(r.key.level, None);
    assert_eq!(r.key.sex, Some(Sex::W));
    assert_eq!(r.key.age, None);
    let expect = [
        Answer::Yes,
        Answer::No,
        Answer::Unknown,
        Answer::No,
        Answer::Yes,
        Answer::Unknown,
        Answer::Unknown,
    ];
    for (i, a) in Item::ALL.iter().zip(expect) {
        assert_eq!(r.answers.get(*i), a, "{i:?}");
    }
    assert_eq!(
        r.languages,
        vec![Lang::parse("ar").unwrap(), Lang::parse("tr").unwrap()]
    );
    let r = &recs[1];
    assert_eq!(r.key.field, None);
    assert_eq!(r.key.level, Some(Level::Gehoben));
    assert_eq!(r.key.age, Some(AgeBand::new(25, 29).unwrap()));
    assert!(r.languages.is_empty());
    assert_eq!(
        s.dims,
        [Dim::Field, Dim::Level, Dim::Sex, Dim::Age]
            .into_iter()
            .collect()
    );
}

#[test]
fn missing_item_columns_mean_unknown() {
    let text = "ags;wave;self_born_abroad\n05916000;2024;ja\n";
    let (recs, s) = responses("r.csv", text.as_bytes()).unwrap();
    assert_eq!(recs[0].answers.get(Item::SelfBornAbroad), Answer::Yes);
    assert_eq!(recs[0].answers.get(Item::FatherBornAbroad), Answer::Unknown);
    assert_eq!(s.dims, DimSet::EMPTY);
}

#[test]
fn population_file() {
    let text = "AGS;Jahr;Definition;Quelle;Alter von;Alter bis;Geschlecht;Einwohner;mit Migrationsgeschichte\n\
                05916000;2022;Einwanderungsgeschichte;Zensus 2022;0;4;w;4000;1800,0\n\
                05916000;2022;eg;zensus2022;0;4;m;4100;1900\n";
    let (recs, s) = population("bev.csv", text.as_bytes()).unwrap();
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0].definition, Definition::Eg);
    assert_eq!(recs[0].source, Source::Zensus2022);
    assert_eq!(recs[0].age, AgeBand::new(0, 4).unwrap());
    assert_eq!(recs[0].sex, Some(Sex::W));
    assert_eq!((recs[0].persons, recs[0].with_migration), (4000, 1800));
    assert_eq!(s.dims, [Dim::Age, Dim::Sex].into_iter().collect());
}

#[test]
fn population_without_sex_column() {
    let text = "ags;year;definition;source;age_from;age_to;persons;with_migration\n\
                05916000;2022;mh;mikrozensus;0;120;150000;57000\n";
    let (recs, _) = population("bev.csv", text.as_bytes()).unwrap();
    assert_eq!(recs[0].sex, None);
    assert_eq!(recs[0].age, AgeBand::new(0, 120).unwrap());
}

#[test]
fn utf16_excel_unicode_text() {
    let text = "ags\tyear\theadcount\r\n05916000\t2024\t4\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let (recs, s) = staff("s.txt", &bytes).unwrap();
    assert_eq!(recs[0].headcount, 4);
    assert_eq!(
        s.format,
        Format::Csv {
            delimiter: '\t',
            encoding: TextEncoding::Utf16Le
        }
    );
}

#[test]
fn reads_from_a_path() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("personal.csv");
    std::fs::write(&p, cp1252(STAFF_DE)).unwrap();
    let cat = catalog();
    let mut n = 0;
    let s = abbild_import::read_staff(&p, &abbild_import::Options::new(&cat), |_| n += 1).unwrap();
    assert_eq!((n, s.rows), (2, 2));
    let e = abbild_import::read_staff(
        &dir.path().join("fehlt.csv"),
        &abbild_import::Options::new(&cat),
        |_| {},
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("fehlt.csv: Datei kann nicht gelesen werden:"),
        "{e}"
    );
}

#[test]
fn identical_bytes_have_identical_hash() {
    let a = staff("a.csv", STAFF_DE.as_bytes()).unwrap().1;
    let b = staff("b.csv", STAFF_DE.as_bytes()).unwrap().1;
    assert_eq!(a.sha256, b.sha256);
}

#[test]
fn excel_sep_line_is_honoured_and_not_counted() {
    let text = "sep=;\r\nags;year;headcount\r\n05916000;2024;1\r\n05916000;2023;x\r\n";
    let e = err_text(staff("s.csv", text.as_bytes()));
    assert!(
        e.starts_with("s.csv, Zeile 3, Spalte \"headcount\": Wert \"x\""),
        "{e}"
    );
    let text = "sep=,\nags,year,headcount\n05916000,2024,\"1,0\"\n";
    assert_eq!(staff("s.csv", text.as_bytes()).unwrap().0[0].headcount, 1);
}

#[test]
fn row_numbers_match_excel_for_crlf_lf_cr_and_blank_lines() {
    for text in [
        "ags;year;headcount\r\n05916000;2024;1\r\n\r\n05916000;2023;x\r\n",
        "ags;year;headcount\n05916000;2024;1\n\n05916000;2023;x\n",
        "ags;year;headcount\r05916000;2024;1\r\r05916000;2023;x\r",
        "\r\nags;year;headcount\r\n05916000;2024;1\r\n05916000;2023;x\r\n",
        "ags;year;headcount\r\n\"05916000\";\"20\r\n24\";1\r\n05916000;2023;x\r\n",
    ] {
        let e = err_text(staff("s.csv", text.as_bytes()));
        assert!(e.contains("Zeile 4, Spalte \"headcount\""), "{text:?}: {e}");
    }
}

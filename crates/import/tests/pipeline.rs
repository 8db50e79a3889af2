//! Apprentice pipeline files (SPEC §3): German Excel CSV, English CSV, XLSX, and every rule of
//! the file with the exact message a user sees.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use abbild_core::{Class, DimSet};
use abbild_import::template::HELP_SHEET;
use abbild_import::{columns, Col, FileError, Format, Kind, Options, TextEncoding};
use calamine::{Data, Reader, Xlsx};
use common::*;
use rust_xlsxwriter::Workbook;

/// As a city's HR office would export it from German Excel: German headers, German group
/// names, decimal comma, a trailing empty row.
const PIPE_DE: &str = "AGS;Jahr;Ausbildungsberuf;Stufe;Reihenfolge;Gruppe;Anzahl\r\n\
05916000;2024;Verwaltungsfachangestellte/r;beworben;1;mit;120\r\n\
05916000;2024;Verwaltungsfachangestellte/r;beworben;1;ohne;200\r\n\
05916000;2024;Verwaltungsfachangestellte/r;Einstellungstest;2;mit;60,0\r\n\
05916000;2024;Verwaltungsfachangestellte/r;Einstellungstest;2;ohne;130\r\n\
05916000;2024;Verwaltungsfachangestellte/r;Gespräch;3;mit;20\r\n\
05916000;2024;Verwaltungsfachangestellte/r;Gespräch;3;ohne;45\r\n\
05916000;2024;Verwaltungsfachangestellte/r;eingestellt;4;Mit Migrationsgeschichte;6\r\n\
05916000;2024;Verwaltungsfachangestellte/r;eingestellt;4;ohne;14\r\n\
05916000;2024;Straßenwärter/in;beworben;1;unbekannt;9\r\n\
;;;;;;\r\n";

const HEAD: &str = "AGS;Jahr;Ausbildungsberuf;Stufe;Reihenfolge;Gruppe;Anzahl\n";

fn err(text: &str) -> String {
    err_text(pipeline("p.csv", text.as_bytes()))
}

#[test]
fn german_excel_semicolon_windows1252() {
    let (recs, s) = pipeline("bewerbungen.csv", &cp1252(PIPE_DE)).unwrap();
    assert_eq!(recs.len(), 9);
    assert_eq!(s.rows, 9);
    assert_eq!(s.kind, Kind::Pipeline);
    assert_eq!(s.dims, DimSet::EMPTY);
    assert_eq!(
        s.format,
        Format::Csv {
            delimiter: ';',
            encoding: TextEncoding::Windows1252
        }
    );
    assert_eq!(
        s.columns,
        vec![
            Col::Ags,
            Col::Year,
            Col::Occupation,
            Col::Stage,
            Col::StageOrder,
            Col::Group,
            Col::Count
        ]
    );
    let r = &recs[2];
    assert_eq!(r.ags.to_string(), "05916000");
    assert_eq!(r.year.get(), 2024);
    assert_eq!(r.occupation.as_str(), "Verwaltungsfachangestellte/r");
    assert_eq!(r.stage.as_str(), "Einstellungstest");
    assert_eq!(r.stage_order, 2);
    assert_eq!(r.group, Class::With);
    assert_eq!(r.count, 60);
    assert_eq!(recs[4].stage.as_str(), "Gespräch");
    assert_eq!(recs[6].group, Class::With);
    assert_eq!(recs[8].occupation.as_str(), "Straßenwärter/in");
    assert_eq!(recs[8].group, Class::Unknown);
}

#[test]
fn utf8_bom_and_english_comma_file_give_the_same_records() {
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(PIPE_DE.as_bytes());
    let (a, sa) = pipeline("p.csv", &bom).unwrap();
    let (b, _) = pipeline("p.csv", &cp1252(PIPE_DE)).unwrap();
    assert_eq!(a, b);
    assert!(matches!(
        sa.format,
        Format::Csv {
            encoding: TextEncoding::Utf8Bom,
            ..
        }
    ));

    let en = "ags,year,occupation,stage,stage_order,group,count\n\
              05916000,2024,Verwaltungsfachangestellte/r,beworben,1,with,120\n\
              05916000,2024,Verwaltungsfachangestellte/r,Einstellungstest,2,with,\"60,0\"\n";
    let (recs, s) = pipeline("p.csv", en.as_bytes()).unwrap();
    assert_eq!(recs[..], [a[0].clone(), a[2].clone()]);
    assert!(matches!(
        s.format,
        Format::Csv {
            delimiter: ',',
            encoding: TextEncoding::Utf8
        }
    ));
}

#[test]
fn xlsx_with_numbers_as_floats() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, spec) in columns(Kind::Pipeline).iter().enumerate() {
        ws.write_string(0, c as u16, spec.col.header_de()).unwrap();
    }
    for (r, (stage, order, count)) in [("beworben", 1.0, 80.0), ("test", 2.0, 35.0)]
        .into_iter()
        .enumerate()
    {
        let r = r as u32 + 1;
        ws.write_number(r, 0, 5_513_000.0).unwrap();
        ws.write_number(r, 1, 2023.0).unwrap();
        ws.write_string(r, 2, "Fachinformatiker/in").unwrap();
        ws.write_string(r, 3, stage).unwrap();
        ws.write_number(r, 4, order).unwrap();
        ws.write_string(r, 5, "ohne").unwrap();
        ws.write_number(r, 6, count).unwrap();
    }
    let bytes = wb.save_to_buffer().unwrap();
    let (recs, s) = pipeline("bewerbungen.xlsx", &bytes).unwrap();
    assert!(matches!(s.format, Format::Xlsx { .. }));
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0].ags.to_string(), "05513000");
    assert_eq!(recs[1].stage_order, 2);
    assert_eq!(recs[1].count, 35);
    assert_eq!(recs[1].group, Class::Without);

    // Funnel errors use spreadsheet rows in XLSX too.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in [
        "ags",
        "year",
        "occupation",
        "stage",
        "stage_order",
        "group",
        "count",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (stage, order, count)) in [("applied", 1.0, 10.0), ("hired", 2.0, 11.0)]
        .into_iter()
        .enumerate()
    {
        // Row 2 left empty.
        let r = 2 * r as u32 + 1;
        ws.write_string(r, 0, "05916000").unwrap();
        ws.write_number(r, 1, 2024.0).unwrap();
        ws.write_string(r, 2, "Erzieher/in").unwrap();
        ws.write_string(r, 3, stage).unwrap();
        ws.write_number(r, 4, order).unwrap();
        ws.write_string(r, 5, "with").unwrap();
        ws.write_number(r, 6, count).unwrap();
    }
    let bytes = wb.save_to_buffer().unwrap();
    assert_eq!(
        err_text(pipeline("p.xlsx", &bytes)),
        "p.xlsx, Zeile 4, Spalte \"count\": Wert \"11\" – erwartet höchstens 10 wie die vorige \
         Stufe \"applied\" in Zeile 2 (gleicher Beruf, gleiche Gruppe) – eine Stufe kann nicht \
         mehr Personen haben als die davor"
    );
}

#[test]
fn unknown_and_missing_columns() {
    assert_eq!(
        err("AGS;Jahr;Ausbildungsberuf;Stufe;Reihenfolge;Gruppe;Anzahl;Geschlecht\n"),
        "p.csv: Spalte \"Geschlecht\" (Spalte H) ist unbekannt (sie gehört in die Datei \
         „Personalbestand“) – erlaubt sind: ags [AGS], year [Jahr], occupation \
         [Ausbildungsberuf], stage [Stufe], stage_order [Reihenfolge], group [Gruppe], count \
         [Anzahl]"
    );
    let e = pipeline("p.csv", b"AGS;Jahr;Ausbildungsberuf;Stufe;Gruppe;Anzahl\n").unwrap_err();
    assert_eq!(
        e.file_errors,
        vec![FileError::MissingColumn {
            code: "stage_order".into(),
            header_de: "Reihenfolge".into()
        }]
    );
    assert_eq!(
        e.to_string(),
        "p.csv: Pflichtspalte \"Reihenfolge\" (stage_order) fehlt"
    );
}

#[test]
fn every_bad_cell_names_row_column_value_and_expectation() {
    let long = "x".repeat(61);
    let text = format!(
        "{HEAD}\
         05916000;2024;Verwaltungsfachangestellte/r;beworben;1;vielleicht;10\n\
         05916000;2024;;{long};0;;-3\n\
         5916;2024;Erzieher/in;beworben;1,5;mit;1.000\n"
    );
    let e = pipeline("p.csv", text.as_bytes()).unwrap_err();
    let msgs = e.messages();
    assert_eq!(
        msgs,
        vec![
            "p.csv, Zeile 2, Spalte \"Gruppe\": Wert \"vielleicht\" – erwartet with, without oder unknown (mit/ohne/unbekannt)".to_owned(),
            "p.csv, Zeile 3, Spalte \"Ausbildungsberuf\": Wert \"\" – erwartet Name des Ausbildungsberufs (1 bis 120 Zeichen, ohne Steuerzeichen)".to_owned(),
            format!("p.csv, Zeile 3, Spalte \"Stufe\": Wert \"{}…\" – erwartet Name der Stufe (1 bis 60 Zeichen), z. B. beworben, test, gespräch, angebot, eingestellt", &long[..60]),
            "p.csv, Zeile 3, Spalte \"Reihenfolge\": Wert \"0\" – erwartet ganze Zahl ab 1 (Position der Stufe im Verfahren: 1 = Bewerbung)".to_owned(),
            "p.csv, Zeile 3, Spalte \"Gruppe\": Wert \"\" – erwartet with, without oder unknown (mit/ohne/unbekannt)".to_owned(),
            "p.csv, Zeile 3, Spalte \"Anzahl\": Wert \"-3\" – erwartet ganze Zahl ≥ 0 (keine negativen Werte)".to_owned(),
            "p.csv, Zeile 4, Spalte \"AGS\": Wert \"5916\" – erwartet 8-stelliger Amtlicher Gemeindeschlüssel, z. B. 05916000".to_owned(),
            "p.csv, Zeile 4, Spalte \"Reihenfolge\": Wert \"1,5\" – erwartet ganze Zahl ab 1 (Position der Stufe im Verfahren: 1 = Bewerbung)".to_owned(),
            "p.csv, Zeile 4, Spalte \"Anzahl\": Wert \"1.000\" – erwartet ganze Zahl ohne Tausendertrennzeichen – drei Stellen nach Punkt oder Komma sind mehrdeutig (Tausender oder Nachkommastellen?)".to_owned(),
        ]
    );
    assert_eq!(
        german(&e.row_errors)[0],
        (
            "p.csv",
            2,
            "Gruppe",
            "vielleicht",
            "with, without oder unknown (mit/ohne/unbekannt)".to_owned()
        )
    );
}

#[test]
fn funnel_growth_names_both_rows() {
    let text = format!(
        "{HEAD}\
         05916000;2024;Fachinformatiker/in;beworben;1;mit;40\n\
         05916000;2024;Fachinformatiker/in;test;2;mit;50\n\
         05916000;2024;Fachinformatiker/in;beworben;1;ohne;30\n\
         05916000;2024;Fachinformatiker/in;test;2;ohne;30\n"
    );
    let e = pipeline("p.csv", text.as_bytes()).unwrap_err();
    assert_eq!(
        german(&e.row_errors),
        vec![(
            "p.csv",
            3,
            "Anzahl",
            "50",
            "höchstens 40 wie die vorige Stufe \"beworben\" in Zeile 2 (gleicher Beruf, \
                       gleiche Gruppe) – eine Stufe kann nicht mehr Personen haben als die davor"
                .to_owned()
        )]
    );
}

#[test]
fn funnel_follows_the_stage_order_not_the_row_order() {
    // Stages listed backwards, a stage missing for one group (compared with the one before
    // it), another occupation and another year with larger numbers: all fine.
    let ok = format!(
        "{HEAD}\
         05916000;2024;Erzieher/in;eingestellt;5;ohne;3\n\
         05916000;2024;Erzieher/in;angebot;4;ohne;4\n\
         05916000;2024;Erzieher/in;beworben;1;ohne;50\n\
         05916000;2024;Erzieher/in;beworben;1;unbekannt;8\n\
         05916000;2024;Erzieher/in;eingestellt;5;unbekannt;2\n\
         05916000;2024;Brandmeisteranwärter/in;beworben;1;ohne;500\n\
         05916000;2023;Erzieher/in;eingestellt;5;ohne;30\n\
         05916000;2023;Erzieher/in;beworben;1;ohne;300\n"
    );
    assert_eq!(pipeline("p.csv", ok.as_bytes()).unwrap().0.len(), 8);

    // Growth across a gap in the order is caught against the last stage present.
    let bad = format!(
        "{HEAD}\
         05916000;2024;Erzieher/in;eingestellt;5;unbekannt;9\n\
         05916000;2024;Erzieher/in;beworben;1;unbekannt;8\n"
    );
    assert_eq!(
        err(&bad),
        "p.csv, Zeile 2, Spalte \"Anzahl\": Wert \"9\" – erwartet höchstens 8 wie die vorige \
         Stufe \"beworben\" in Zeile 3 (gleicher Beruf, gleiche Gruppe) – eine Stufe kann nicht \
         mehr Personen haben als die davor"
    );
}

#[test]
fn duplicate_rows_are_refused() {
    let text = format!(
        "{HEAD}\
         05916000;2024;Fachinformatiker/in;beworben;1;mit;40\n\
         05916000;2024;Fachinformatiker/in;test;2;mit;10\n\
         05916000;2024;Fachinformatiker/in;beworben;1;Mit Migrationsgeschichte;40\n\
         05916000;2024;Fachinformatiker/in;beworben;1;ohne;40\n\
         05916000;2024;Fachinformatiker/in;beworben;1;with;41\n"
    );
    let e = pipeline("p.csv", text.as_bytes()).unwrap_err();
    assert_eq!(
        e.messages(),
        vec![
            "p.csv, Zeile 4: Wert \"05916000 / 2024 / Fachinformatiker/in / beworben / with\" – \
             erwartet jede Kombination aus AGS, Jahr, Ausbildungsberuf, Stufe und Gruppe nur \
             einmal – sie steht schon in Zeile 2",
            "p.csv, Zeile 6: Wert \"05916000 / 2024 / Fachinformatiker/in / beworben / with\" – \
             erwartet jede Kombination aus AGS, Jahr, Ausbildungsberuf, Stufe und Gruppe nur \
             einmal – sie steht schon in Zeile 2",
        ]
    );
}

#[test]
fn stage_names_and_orders_match_one_to_one() {
    let text = format!(
        "{HEAD}\
         05916000;2024;Fachinformatiker/in;beworben;1;mit;40\n\
         05916000;2024;Fachinformatiker/in;test;2;mit;20\n\
         05916000;2024;Fachinformatiker/in;beworben;1;ohne;30\n\
         05916000;2024;Fachinformatiker/in;test;3;ohne;10\n\
         05916000;2024;Fachinformatiker/in;gespräch;2;ohne;5\n"
    );
    let e = pipeline("p.csv", text.as_bytes()).unwrap_err();
    assert_eq!(
        e.messages(),
        vec![
            "p.csv, Zeile 5, Spalte \"Reihenfolge\": Wert \"3\" – erwartet 2 wie für die Stufe \
             \"test\" in Zeile 3 – jede Stufe hat je Beruf und Jahr nur eine Reihenfolge",
            "p.csv, Zeile 6, Spalte \"Stufe\": Wert \"gespräch\" – erwartet \"test\" wie in \
             Zeile 3 – die Reihenfolge 2 gehört je Beruf und Jahr zu nur einer Stufe",
        ]
    );

    // Each occupation (and year) may number its own stages.
    let ok = format!(
        "{HEAD}\
         05916000;2024;Fachinformatiker/in;test;2;mit;20\n\
         05916000;2024;Erzieher/in;test;3;mit;20\n\
         05916000;2023;Fachinformatiker/in;test;3;mit;20\n\
         05513000;2024;Fachinformatiker/in;gespräch;2;mit;20\n"
    );
    assert_eq!(pipeline("p.csv", ok.as_bytes()).unwrap().0.len(), 4);
}

#[test]
fn kind_parses_german_and_english_names() {
    for (raw, kind) in [
        ("pipeline", Kind::Pipeline),
        ("Azubi", Kind::Pipeline),
        ("Bewerbungsverfahren", Kind::Pipeline),
        ("exits", Kind::Exits),
        ("Abgänge", Kind::Exits),
    ] {
        assert_eq!(Kind::parse(raw).unwrap(), kind, "{raw}");
    }
    assert_eq!(
        Kind::parse("azubis").unwrap_err().expected.to_string(),
        "staff, responses, population, pipeline oder exits"
    );
}

fn sheet_rows(bytes: &[u8], sheet: &str) -> Vec<Vec<String>> {
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

#[test]
fn template_explains_the_funnel_rules_and_filled_template_imports() {
    let cat = catalog();
    let bytes = abbild_import::write_template_bytes(Kind::Pipeline, &cat).unwrap();
    let help = sheet_rows(&bytes, HELP_SHEET);
    let group = help.iter().find(|r| r[1] == "group").unwrap();
    assert_eq!(group[0], "Gruppe");
    assert!(group[5].contains("with = mit Migrationsgeschichte"));
    let all: String = help.iter().map(|r| r[0].clone()).collect();
    assert!(
        all.contains("Keine Stufe darf mehr Personen zählen als die vorige Stufe"),
        "{all}"
    );

    // A user fills the data sheet with the examples: it imports.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, spec) in columns(Kind::Pipeline).iter().enumerate() {
        ws.write_string(0, c as u16, spec.col.header_de()).unwrap();
        ws.write_string(1, c as u16, spec.col.example(&cat))
            .unwrap();
    }
    let bytes = wb.save_to_buffer().unwrap();
    let (recs, _) = pipeline("vorlage.xlsx", &bytes).unwrap();
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0].count, 120);
    assert_eq!(recs[0].group, Class::With);
}

#[test]
fn reading_from_a_path_works_like_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bewerbungen.csv");
    std::fs::write(&p, cp1252(PIPE_DE)).unwrap();
    let cat = catalog();
    let mut n = 0;
    let s = abbild_import::read_pipeline(&p, &Options::new(&cat), |_| n += 1).unwrap();
    assert_eq!((n, s.rows), (9, 9));
}

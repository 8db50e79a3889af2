//! Exits files (SPEC §3): German Excel CSV, English CSV, XLSX, and every rule of the file with
//! the exact message a user sees.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use abbild_core::dims::Level;
use abbild_core::records::ExitReason;
use abbild_core::{Class, Dim, DimSet};
use abbild_import::{columns, Col, Format, Kind, TextEncoding};
use common::*;
use rust_xlsxwriter::Workbook;

const EXITS_DE: &str = "AGS;Jahr;Tätigkeitsfeld;Ebene;Gruppe;Grund;Beschäftigte;Abgänge\r\n\
05916000;2024;Kindertagesbetreuung, Erziehung;EG 9b;mit;Kündigung;250;12\r\n\
05916000;2024;Kindertagesbetreuung, Erziehung;EG 9b;mit;Ruhestand;250;5,0\r\n\
05916000;2024;Kindertagesbetreuung, Erziehung;EG 9b;ohne;Kündigung;700;20\r\n\
05916000;2024;Kindertagesbetreuung, Erziehung;EG 9b;ohne;nicht übernommen;700;0\r\n\
05916000;2024;Bürgerdienste;mittel;unbekannt;Sonstiges;40;1\r\n";

const HEAD: &str = "AGS;Jahr;Tätigkeitsfeld;Gruppe;Grund;Beschäftigte;Abgänge\n";

fn err(text: &str) -> String {
    err_text(exits("e.csv", text.as_bytes()))
}

#[test]
fn german_excel_semicolon_windows1252() {
    let (recs, s) = exits("abgaenge.csv", &cp1252(EXITS_DE)).unwrap();
    assert_eq!(recs.len(), 5);
    assert_eq!(s.kind, Kind::Exits);
    assert_eq!(s.dims, DimSet::EMPTY.with(Dim::Field).with(Dim::Level));
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
            Col::Field,
            Col::Level,
            Col::Group,
            Col::Reason,
            Col::HeadcountStart,
            Col::Exits
        ]
    );
    let cat = catalog();
    let r = &recs[1];
    assert_eq!(r.ags.to_string(), "05916000");
    assert_eq!(r.year.get(), 2024);
    assert_eq!(cat.code(r.key.field.unwrap()), "kita");
    assert_eq!(r.key.level, Some(Level::Gehoben));
    assert_eq!(r.key.sex, None);
    assert_eq!(r.group, Class::With);
    assert_eq!(r.reason, Some(ExitReason::Retirement));
    assert_eq!((r.headcount, r.exits), (250, 5));
    assert_eq!(recs[3].reason, Some(ExitReason::NotTakenOver));
    assert_eq!(recs[4].group, Class::Unknown);
    assert_eq!(cat.code(recs[4].key.field.unwrap()), "verwaltung");
}

#[test]
fn english_comma_file_without_reason_column() {
    let text = "ags,year,group,headcount,exits\n\
                05513000,2024,with,\"1200,0\",80\n\
                05513000,2024,without,3000,150\n\
                05513000,2023,without,2950,140\n";
    let (recs, s) = exits("e.csv", text.as_bytes()).unwrap();
    assert_eq!(recs.len(), 3);
    assert_eq!(s.dims, DimSet::EMPTY);
    assert!(recs.iter().all(|r| r.reason.is_none()));
    assert_eq!((recs[0].headcount, recs[0].exits), (1200, 80));
}

#[test]
fn xlsx_with_numbers_as_floats() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, spec) in columns(Kind::Exits).iter().enumerate() {
        ws.write_string(0, c as u16, spec.col.header_de()).unwrap();
    }
    // Only some columns filled: the segment columns stay, so every cell must be given.
    let cat = catalog();
    for (c, spec) in columns(Kind::Exits).iter().enumerate() {
        ws.write_string(1, c as u16, spec.col.example(&cat))
            .unwrap();
    }
    ws.write_number(1, 0, 5_916_000.0).unwrap();
    ws.write_boolean(1, 5, false).unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let (recs, s) = exits("abgaenge.xlsx", &bytes).unwrap();
    assert!(matches!(s.format, Format::Xlsx { .. }));
    assert_eq!(recs.len(), 1);
    let r = &recs[0];
    assert_eq!(r.ags.to_string(), "05916000");
    assert_eq!(r.key.leadership, Some(false));
    assert_eq!(r.group, Class::With);
    assert_eq!(r.reason, Some(ExitReason::Resignation));
    assert_eq!((r.headcount, r.exits), (250, 12));
}

#[test]
fn exits_above_headcount() {
    assert_eq!(
        err(&format!("{HEAD}05916000;2024;kita;mit;Kündigung;20;30\n")),
        "e.csv, Zeile 2, Spalte \"Abgänge\": Wert \"30\" – erwartet höchstens so viele wie \
         \"Beschäftigte\" (20)"
    );
}

#[test]
fn rows_differing_only_in_reason_repeat_the_headcount() {
    let e = exits(
        "e.csv",
        format!(
            "{HEAD}\
             05916000;2024;kita;mit;Kündigung;250;12\n\
             05916000;2024;kita;ohne;Kündigung;700;12\n\
             05916000;2024;kita;mit;Ruhestand;260;5\n"
        )
        .as_bytes(),
    )
    .unwrap_err();
    assert_eq!(
        german(&e.row_errors),
        vec![(
            "e.csv",
            4,
            "Beschäftigte",
            "260",
            "250 wie in Zeile 2 – Zeilen, die sich nur im Grund unterscheiden, zählen \
                       dieselben Beschäftigten"
                .to_owned()
        )]
    );
}

#[test]
fn exits_of_all_reasons_together_stay_within_the_headcount() {
    assert_eq!(
        err(&format!(
            "{HEAD}\
             05916000;2024;kita;mit;Kündigung;20;8\n\
             05916000;2024;kita;mit;Ruhestand;20;8\n\
             05916000;2024;finanzen;mit;Ruhestand;20;8\n\
             05916000;2024;kita;mit;Vertragsende;20;8\n"
        )),
        "e.csv, Zeile 5, Spalte \"Abgänge\": Wert \"8\" – erwartet zusammen mit den anderen \
         Gründen höchstens \"Beschäftigte\" (20) – die Zeilen 2, 3, 5 ergeben zusammen 24 Abgänge"
    );
}

#[test]
fn a_row_without_reason_next_to_rows_with_reasons() {
    assert_eq!(
        err(&format!(
            "{HEAD}\
             05916000;2024;kita;mit;Kündigung;250;12\n\
             05916000;2024;kita;mit;;250;17\n"
        )),
        "e.csv, Zeile 3, Spalte \"Grund\": Wert \"\" – erwartet einen Grund – für dieselbe \
         Gruppe stehen Abgänge je Grund (Zeile 2); eine Zeile ohne Grund zusätzlich würde Abgänge \
         doppelt zählen"
    );
}

#[test]
fn duplicate_rows_are_refused() {
    assert_eq!(
        err(&format!(
            "{HEAD}\
             05916000;2024;kita;mit;Kündigung;250;12\n\
             05916000;2024;Kindertagesbetreuung;with;resignation;250;12\n"
        )),
        "e.csv, Zeile 3: Wert \"05916000 / 2024 / kita / with / resignation\" – erwartet jede \
         Kombination aus AGS, Jahr, Segment, Gruppe und Grund nur einmal – sie steht schon in \
         Zeile 2"
    );
    // Without a reason column, the group alone identifies the row.
    assert_eq!(
        err_text(exits(
            "e.csv",
            b"ags;year;group;headcount;exits\n05916000;2024;mit;10;1\n05916000;2024;ohne;10;1\n05916000;2024;with;10;1\n"
        )),
        "e.csv, Zeile 4: Wert \"05916000 / 2024 / with\" – erwartet jede Kombination aus AGS, \
         Jahr, Segment, Gruppe und Grund nur einmal – sie steht schon in Zeile 2"
    );
}

#[test]
fn bad_cells_name_row_column_value_and_expectation() {
    let e = exits(
        "e.csv",
        format!(
            "{HEAD}\
             05916000;2024;;mit;Urlaub;20;1\n\
             05916000;2024;kita;;Kündigung;x;1\n"
        )
        .as_bytes(),
    )
    .unwrap_err();
    assert_eq!(
        e.messages(),
        vec![
            "e.csv, Zeile 2, Spalte \"Tätigkeitsfeld\": Wert \"\" – erwartet ein Tätigkeitsfeld-Code: verwaltung, finanzen, ordnung, feuerwehr, soziales, kita, bildung_kultur, gesundheit, bauen_umwelt, zentrale_dienste, sonstige",
            "e.csv, Zeile 2, Spalte \"Grund\": Wert \"Urlaub\" – erwartet retirement, resignation, contract_end, not_taken_over oder other (Ruhestand, Kündigung, Vertragsende, nicht übernommen, Sonstiges)",
            "e.csv, Zeile 3, Spalte \"Gruppe\": Wert \"\" – erwartet with, without oder unknown (mit/ohne/unbekannt)",
            "e.csv, Zeile 3, Spalte \"Beschäftigte\": Wert \"x\" – erwartet ganze Zahl ≥ 0, z. B. 12 (12,0 geht auch)",
        ]
    );
}

#[test]
fn columns_of_other_files_are_named() {
    assert_eq!(
        err("AGS;Jahr;Gruppe;Beschäftigte;Abgänge;Anzahl\n"),
        "e.csv: Spalte \"Anzahl\" (Spalte F) ist unbekannt (sie gehört in die Datei \
         „Bewerbungsverfahren Ausbildung“) – erlaubt sind: ags [AGS], year [Jahr], field \
         [Tätigkeitsfeld], level [Ebene], status [Status], leadership [Leitung], age_from [Alter \
         von], age_to [Alter bis], sex [Geschlecht], group [Gruppe], reason [Grund], headcount \
         [Beschäftigte], exits [Abgänge]"
    );
    assert_eq!(
        err("AGS;Jahr;Gruppe;Beschäftigte\n"),
        "e.csv: Pflichtspalte \"Abgänge\" (exits) fehlt"
    );
}

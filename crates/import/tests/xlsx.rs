//! XLSX input (written with rust_xlsxwriter, read back) and the downloadable templates.
#![allow(clippy::unwrap_used)]

mod common;

use abbild_core::dims::Level;
use abbild_core::{Answer, Item};
use abbild_import::template::{DATA_SHEET, HELP_SHEET};
use abbild_import::{columns, map_headers, Format, Kind, Options};
use calamine::{Data, Reader, Xlsx};
use common::*;
use rust_xlsxwriter::Workbook;

/// A staff workbook as HR would fill it: AGS typed as a number, counts as floats.
fn staff_workbook() -> Vec<u8> {
    let mut wb = Workbook::new();
    let notes = wb.add_worksheet();
    notes.set_name("Hinweise").unwrap();
    notes
        .write_string(0, 0, "bitte Blatt Daten ausfüllen")
        .unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("Daten 2024").unwrap();
    for (c, h) in [
        "AGS",
        "Jahr",
        "Tätigkeitsfeld",
        "Ebene",
        "Leitung",
        "Beschäftigte",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_number(1, 0, 5_916_000.0).unwrap();
    ws.write_number(1, 1, 2024.0).unwrap();
    ws.write_string(1, 2, "Kindertagesbetreuung, Erziehung")
        .unwrap();
    ws.write_string(1, 3, "EG 9b").unwrap();
    ws.write_boolean(1, 4, true).unwrap();
    ws.write_number(1, 5, 25.0).unwrap();
    // Row 3 left empty; Excel users leave gaps.
    ws.write_string(3, 0, "05916000").unwrap();
    ws.write_number(3, 1, 2024.0).unwrap();
    ws.write_string(3, 2, "finanzen").unwrap();
    ws.write_string(3, 3, "A 13").unwrap();
    ws.write_string(3, 4, "nein").unwrap();
    ws.write_number(3, 5, 7.0).unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn xlsx_named_sheet_with_numbers_as_floats() {
    let bytes = staff_workbook();
    let cat = catalog();
    let mut opts = Options::new(&cat);
    opts.sheet = Some("daten 2024".into());
    let mut recs = Vec::new();
    let s =
        abbild_import::read_staff_bytes("personal.xlsx", &bytes, &opts, |r| recs.push(r)).unwrap();
    assert_eq!(
        s.format,
        Format::Xlsx {
            sheet: "Daten 2024".into()
        }
    );
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0].ags.to_string(), "05916000");
    assert_eq!(recs[0].headcount, 25);
    assert_eq!(recs[0].key.level, Some(Level::Gehoben));
    assert_eq!(recs[0].key.leadership, Some(true));
    assert_eq!(recs[1].key.level, Some(Level::Hoeher));
    assert_eq!(recs[1].key.leadership, Some(false));
}

#[test]
fn xlsx_errors_use_spreadsheet_rows_and_sheet_names() {
    let bytes = staff_workbook();
    // First sheet is the notes sheet: its "header" is an unknown column.
    let e = err_text(staff("personal.xlsx", &bytes));
    assert!(
        e.starts_with(
            "personal.xlsx: Spalte \"bitte Blatt Daten ausfüllen\" (Spalte A) ist unbekannt"
        ),
        "{e}"
    );
    let cat = catalog();
    let mut opts = Options::new(&cat);
    opts.sheet = Some("Daten 2025".into());
    let e = abbild_import::read_staff_bytes("personal.xlsx", &bytes, &opts, |_| {}).unwrap_err();
    assert_eq!(
        e.to_string(),
        "personal.xlsx: Tabellenblatt \"Daten 2025\" nicht gefunden – vorhanden: \"Hinweise\", \"Daten 2024\""
    );

    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["ags", "year", "headcount"].iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    ws.write_string(3, 0, "05916000").unwrap();
    ws.write_number(3, 1, 2024.0).unwrap();
    ws.write_number(3, 2, 2.5).unwrap();
    ws.write_number(4, 3, 1.0).unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let e = err_text(staff("s.xlsx", &bytes));
    assert_eq!(
        e,
        "s.xlsx, Zeile 4, Spalte \"headcount\": Wert \"2.5\" – erwartet ganze Zahl ≥ 0 ohne Nachkommastellen (Personen werden gezählt)\n\
         s.xlsx, Zeile 5, Spalte \"D\": Wert \"1\" – erwartet keinen Wert – die Spalte hat keine Überschrift\n\
         s.xlsx, Zeile 5, Spalte \"ags\": Wert \"\" – erwartet 8-stelliger Amtlicher Gemeindeschlüssel, z. B. 05916000\n\
         s.xlsx, Zeile 5, Spalte \"year\": Wert \"\" – erwartet Jahreszahl zwischen 1950 und 2200\n\
         s.xlsx, Zeile 5, Spalte \"headcount\": Wert \"\" – erwartet ganze Zahl ≥ 0, z. B. 12 (12,0 geht auch)"
    );
}

#[test]
fn xlsx_from_path_with_sheet_suffix() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("personal.xlsx");
    std::fs::write(&p, staff_workbook()).unwrap();
    let cat = catalog();
    let mut n = 0;
    let with_sheet = dir.path().join("personal.xlsx#Daten 2024");
    let s = abbild_import::read_staff(&with_sheet, &Options::new(&cat), |_| n += 1).unwrap();
    assert_eq!((n, s.rows), (2, 2));
}

#[test]
fn xlsx_responses() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let mut headers = vec!["ags", "wave"];
    headers.extend(Item::ALL.iter().map(|i| i.code()));
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_number(1, 0, 5_916_000.0).unwrap();
    ws.write_number(1, 1, 2024.0).unwrap();
    ws.write_string(1, 2, "ja").unwrap();
    ws.write_number(1, 3, 0.0).unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let (recs, _) = responses("r.xlsx", &bytes).unwrap();
    assert_eq!(recs[0].answers.get(Item::SelfBornAbroad), Answer::Yes);
    assert_eq!(recs[0].answers.get(Item::SelfGermanAtBirth), Answer::No);
    assert_eq!(recs[0].answers.get(Item::SelfGermanNow), Answer::Unknown);
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
fn templates_round_trip_through_the_header_mapping() {
    let cat = catalog();
    let dir = tempfile::tempdir().unwrap();
    for kind in Kind::ALL {
        let path = dir.path().join(format!("{}.xlsx", kind.code()));
        abbild_import::write_template(kind, &cat, &path).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(&bytes)).unwrap();
        assert_eq!(wb.sheet_names(), vec![DATA_SHEET, HELP_SHEET]);
        drop(wb);

        let data = sheet_rows(&bytes, DATA_SHEET);
        let headers = &data[0];
        let expected: Vec<&str> = columns(kind).iter().map(|s| s.col.header_de()).collect();
        assert_eq!(headers, &expected);
        let layout = map_headers(kind, headers).unwrap();
        assert_eq!(
            layout.cols,
            columns(kind).iter().map(|s| s.col).collect::<Vec<_>>()
        );

        let help = sheet_rows(&bytes, HELP_SHEET);
        for spec in columns(kind) {
            let row = help
                .iter()
                .find(|r| r[0] == spec.col.header_de())
                .unwrap_or_else(|| panic!("{kind}: {} not explained", spec.col.code()));
            assert_eq!(row[1], spec.col.code());
            assert_eq!(row[2], if spec.required { "ja" } else { "nein" });
            assert!(!row[3].is_empty() && !row[5].is_empty());
        }
        // An empty template is refused as "header only", never imported as nothing.
        let e = err_text(match kind {
            Kind::Staff => staff("t.xlsx", &bytes).map(|_| ()),
            Kind::Responses => responses("t.xlsx", &bytes).map(|_| ()),
            Kind::Population => population("t.xlsx", &bytes).map(|_| ()),
            Kind::Pipeline => pipeline("t.xlsx", &bytes).map(|_| ()),
            Kind::Exits => exits("t.xlsx", &bytes).map(|_| ()),
        });
        assert_eq!(
            e,
            "t.xlsx: Die Datei enthält nur die Kopfzeile, keine Daten"
        );
    }
}

#[test]
fn template_explains_field_codes_and_pay_grades() {
    let cat = catalog();
    let bytes = abbild_import::write_template_bytes(Kind::Staff, &cat).unwrap();
    let help = sheet_rows(&bytes, HELP_SHEET);
    let field = help.iter().find(|r| r[1] == "field").unwrap();
    assert!(field[5].contains("kita = Kindertagesbetreuung, Erziehung"));
    assert!(field[5].contains("zentrale_dienste = Personal, IT, Organisation"));
    let level = help.iter().find(|r| r[1] == "level").unwrap();
    assert!(level[5].contains("EG 9b"));
    assert!(level[5].contains("hoeher = Höherer Dienst (LG 2.2)"));
}

#[test]
fn filled_template_imports() {
    // Fill the template's data sheet the way a user would, then import it.
    let cat = catalog();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(DATA_SHEET).unwrap();
    for (c, spec) in columns(Kind::Population).iter().enumerate() {
        ws.write_string(0, c as u16, spec.col.header_de()).unwrap();
        ws.write_string(1, c as u16, spec.col.example(&cat))
            .unwrap();
    }
    let bytes = wb.save_to_buffer().unwrap();
    let (recs, _) = population("bev.xlsx", &bytes).unwrap();
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0].with_migration, 4321);
}

/// Found by the `xlsx_any` fuzz target: a cell refers to a shared string beyond the table,
/// and calamine 0.31 panics (index out of bounds). The importer must answer with an error.
#[test]
fn calamine_panic_becomes_an_error() {
    let bytes = include_bytes!("data/fuzz-calamine-sst-index.xlsx");
    assert_eq!(
        err_text(staff("kaputt.xlsx", bytes)),
        "kaputt.xlsx: XLSX-Datei kann nicht gelesen werden: die Datei ist beschädigt (ungültige XLSX-Struktur)"
    );
}

//! Every kind of import error, with the exact message a user sees.
#![allow(clippy::unwrap_used)]

mod common;

use abbild_import::{FileError, ImportError, MAX_ROW_ERRORS};
use common::*;

fn staff_err(text: &str) -> ImportError {
    staff("staff.csv", text.as_bytes()).unwrap_err()
}

#[test]
fn bad_level_names_file_row_column_value_and_expectation() {
    let e =
        staff_err("AGS;Jahr;Ebene;Beschäftigte\n05916000;2024;gehoben;3\n05916000;2024;gehobn;4\n");
    assert_eq!(
        german(&e.row_errors),
        vec![("staff.csv", 3, "Ebene", "gehobn", "einfach, mittel, gehoben oder hoeher (oder eine Entgelt-/Besoldungsgruppe wie EG 9b, A 11, S 8a)".to_owned())]
    );
    assert_eq!(
        e.to_string(),
        "staff.csv, Zeile 3, Spalte \"Ebene\": Wert \"gehobn\" – erwartet einfach, mittel, gehoben oder hoeher (oder eine Entgelt-/Besoldungsgruppe wie EG 9b, A 11, S 8a)"
    );
}

#[test]
fn unknown_column_lists_the_allowed_ones() {
    let e = staff_err("AGS;Jahr;Ebnee;Beschäftigte\n05916000;2024;gehoben;3\n");
    assert_eq!(e.file_errors.len(), 1);
    assert_eq!(
        e.to_string(),
        "staff.csv: Spalte \"Ebnee\" (Spalte C) ist unbekannt – meinten Sie \"level\" („Ebene“)? \
         – erlaubt sind: ags [AGS], year [Jahr], \
         field [Tätigkeitsfeld], level [Ebene], status [Status], leadership [Leitung], \
         age_from [Alter von], age_to [Alter bis], sex [Geschlecht], headcount [Beschäftigte]"
    );
}

#[test]
fn missing_required_column() {
    let e = staff_err("AGS;Jahr\n05916000;2024\n");
    assert_eq!(
        e.file_errors,
        vec![FileError::MissingColumn {
            code: "headcount".into(),
            header_de: "Beschäftigte".into()
        }]
    );
    assert_eq!(
        e.to_string(),
        "staff.csv: Pflichtspalte \"Beschäftigte\" (headcount) fehlt"
    );
}

#[test]
fn header_problems_are_reported_together() {
    let e = staff_err("ags;Jahr;year;Alter von;Welle\n");
    insta::assert_snapshot!("header_problems", e.to_string());
}

#[test]
fn duplicate_column_under_two_names() {
    let e = staff_err("ags;Jahr;year;headcount\n05916000;2024;2024;1\n");
    assert_eq!(
        e.to_string(),
        "staff.csv: Spalte \"year\" kommt doppelt vor (Spalten B und C)"
    );
}

#[test]
fn age_from_without_age_to() {
    let e = staff_err("ags;year;Alter von;headcount\n05916000;2024;30;1\n");
    assert_eq!(
        e.to_string(),
        "staff.csv: Spalte \"Alter von\" ist vorhanden, aber \"Alter bis\" fehlt – ein Altersband braucht beide Grenzen"
    );
}

#[test]
fn duplicate_staff_segment_names_both_rows() {
    let e = staff_err(
        "ags;year;field;level;headcount\n\
         05916000;2024;kita;gehoben;3\n\
         05916000;2024;kita;mittel;3\n\
         05916000;2024;Kindertagesbetreuung;EG 9b;1\n",
    );
    assert_eq!(
        e.to_string(),
        "staff.csv, Zeile 4: Wert \"05916000 / 2024 / kita / gehoben\" – erwartet jedes Segment nur einmal – dieselbe Kombination steht schon in Zeile 2"
    );
}

#[test]
fn same_segment_in_other_city_or_year_is_fine() {
    let text = "ags;year;field;headcount\n05916000;2024;kita;3\n05513000;2024;kita;3\n05916000;2023;kita;3\n";
    assert_eq!(staff("s.csv", text.as_bytes()).unwrap().0.len(), 3);
}

#[test]
fn with_migration_above_persons() {
    let e = population(
        "bev.csv",
        "ags;year;definition;source;age_from;age_to;Einwohner;mit Migrationsgeschichte\n\
         05916000;2022;eg;zensus2022;0;4;1000;1200\n"
            .as_bytes(),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "bev.csv, Zeile 2, Spalte \"mit Migrationsgeschichte\": Wert \"1200\" – erwartet höchstens so viele wie \"Einwohner\" (1000)"
    );
}

#[test]
fn age_from_above_age_to() {
    let e = population(
        "bev.csv",
        "ags;year;definition;source;Alter von;Alter bis;persons;with_migration\n\
         05916000;2022;eg;zensus2022;30;20;1000;200\n"
            .as_bytes(),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "bev.csv, Zeile 2, Spalte \"Alter von/Alter bis\": Wert \"30-20\" – erwartet Altersband mit 0 ≤ Alter von ≤ Alter bis ≤ 120"
    );
}

#[test]
fn duplicate_population_row() {
    let e = population(
        "bev.csv",
        "ags;year;definition;source;age_from;age_to;persons;with_migration\n\
         05916000;2022;eg;zensus2022;0;4;1000;200\n\
         05916000;2022;Einwanderungsgeschichte;Zensus;0;4;1000;200\n"
            .as_bytes(),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "bev.csv, Zeile 3: Wert \"05916000 / 2022 / eg / zensus2022 / 0-4\" – erwartet jede Kombination aus AGS, Jahr, Definition, Quelle, Altersband und Geschlecht nur einmal – sie steht schon in Zeile 2"
    );
}

#[test]
fn ambiguous_thousands_separator() {
    let e = staff_err("ags;year;headcount\n05916000;2024;1.234\n");
    assert_eq!(
        e.to_string(),
        "staff.csv, Zeile 2, Spalte \"headcount\": Wert \"1.234\" – erwartet ganze Zahl ohne Tausendertrennzeichen – drei Stellen nach Punkt oder Komma sind mehrdeutig (Tausender oder Nachkommastellen?)"
    );
}

#[test]
fn fractional_and_negative_counts() {
    let e = staff_err("ags;year;headcount\n05916000;2024;2,5\n05916000;2023;-1\n");
    assert_eq!(
        e.messages(),
        vec![
            "staff.csv, Zeile 2, Spalte \"headcount\": Wert \"2,5\" – erwartet ganze Zahl ≥ 0 ohne Nachkommastellen (Personen werden gezählt)",
            "staff.csv, Zeile 3, Spalte \"headcount\": Wert \"-1\" – erwartet ganze Zahl ≥ 0 (keine negativen Werte)",
        ]
    );
}

#[test]
fn empty_segment_cell_in_staff_file() {
    let e = staff_err("ags;year;Geschlecht;headcount\n05916000;2024;;3\n");
    assert_eq!(
        e.to_string(),
        "staff.csv, Zeile 2, Spalte \"Geschlecht\": Wert \"\" – erwartet w, m, d oder x (keine Angabe)"
    );
}

#[test]
fn every_bad_cell_of_a_row_is_reported() {
    let e = staff_err("ags;year;field;headcount\n5916;1800;Raumfahrt;x\n");
    let cols: Vec<&str> = e.row_errors.iter().map(|r| r.column.as_str()).collect();
    assert_eq!(cols, ["ags", "year", "field", "headcount"]);
    assert_eq!(
        e.row_errors[0].to_string(),
        "staff.csv, Zeile 2, Spalte \"ags\": Wert \"5916\" – erwartet 8-stelliger Amtlicher Gemeindeschlüssel, z. B. 05916000"
    );
    assert_eq!(
        e.row_errors[1].to_string(),
        "staff.csv, Zeile 2, Spalte \"year\": Wert \"1800\" – erwartet Jahreszahl zwischen 1950 und 2200"
    );
}

#[test]
fn survey_age_band_needs_both_bounds() {
    let e = responses(
        "r.csv",
        "ags;wave;Alter von;Alter bis\n05916000;2024;25;\n".as_bytes(),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "r.csv, Zeile 2, Spalte \"Alter bis\": Wert \"\" – erwartet beide Altersgrenzen oder keine (beide leer = keine Angabe)"
    );
}

#[test]
fn bad_answer_and_language() {
    let e = responses(
        "r.csv",
        "ags;wave;Selbst im Ausland geboren;Sprachen\n05916000;2024;vielleicht;türkisch\n"
            .as_bytes(),
    )
    .unwrap_err();
    assert_eq!(
        e.messages(),
        vec![
            "r.csv, Zeile 2, Spalte \"Selbst im Ausland geboren\": Wert \"vielleicht\" – erwartet yes/no/unknown bzw. ja/nein/weiß nicht (leer = weiß nicht)",
            "r.csv, Zeile 2, Spalte \"Sprachen\": Wert \"türkisch\" – erwartet ISO-639-1-Sprachcode aus zwei Buchstaben, z. B. tr, ar, pl",
        ]
    );
}

#[test]
fn error_list_is_capped() {
    let mut text = String::from("ags;year;headcount\n");
    for i in 0..80 {
        text.push_str(&format!("05916000;{};viele\n", 1950 + i));
    }
    let e = staff_err(&text);
    assert_eq!(e.row_errors.len(), MAX_ROW_ERRORS);
    assert!(e.truncated);
    let msgs = e.messages();
    assert_eq!(
        msgs.last().unwrap(),
        "… und weitere Fehler (nur die ersten 50 werden gezeigt)"
    );
    insta::assert_snapshot!("capped_tail", msgs[MAX_ROW_ERRORS - 2..].join("\n"));
}

#[test]
fn file_level_errors() {
    assert_eq!(
        err_text(staff("leer.csv", b"")),
        "leer.csv: Die Datei ist leer (keine Kopfzeile gefunden)"
    );
    assert_eq!(
        err_text(staff("leer.csv", b"\n\r\n;;\n")),
        "leer.csv: Die Datei ist leer (keine Kopfzeile gefunden)"
    );
    assert_eq!(
        err_text(staff("kopf.csv", b"ags;year;headcount\n")),
        "kopf.csv: Die Datei enthält nur die Kopfzeile, keine Daten"
    );
    assert_eq!(
        err_text(staff("alt.xls", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")),
        "alt.xls: Keine CSV- oder XLSX-Datei: altes Excel-Format (.xls) – bitte als XLSX oder CSV speichern"
    );
    assert_eq!(
        err_text(staff("bild.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")),
        "bild.png: Keine CSV- oder XLSX-Datei: die Datei enthält Binärdaten"
    );
    assert_eq!(
        err_text(staff("kaputt.xlsx", b"ags;year\n")),
        "kaputt.xlsx: Die Datei heißt .xlsx, ist aber keine Excel-Arbeitsmappe (vielleicht eine \
         umbenannte Text- oder CSV-Datei). Bitte in Excel öffnen und als „Excel-Arbeitsmappe \
         (*.xlsx)“ speichern oder mit der Endung .csv hochladen."
    );
    let e = err_text(staff("kaputt.xlsx", b"PK\x03\x04garbage"));
    assert!(
        e.starts_with("kaputt.xlsx: XLSX-Datei kann nicht gelesen werden: "),
        "{e}"
    );
}

#[test]
fn one_bad_row_refuses_the_whole_file() {
    let mut seen = 0;
    let cat = catalog();
    let r = abbild_import::read_staff_bytes(
        "s.csv",
        b"ags;year;headcount\n05916000;2024;1\n05916000;2023;x\n",
        &abbild_import::Options::new(&cat),
        |_| seen += 1,
    );
    // The sink saw the good row (streaming); the Err tells the caller to discard it.
    assert!(r.is_err());
    assert_eq!(seen, 1);
}

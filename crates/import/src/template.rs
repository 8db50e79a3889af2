//! Downloadable XLSX templates: the German headers on sheet "Daten", and an explanation of
//! every column on sheet "Erläuterungen".
//!
//! Why templates at all: HR departments export from many systems; a template with the exact
//! headers and the allowed codes next to them avoids most import errors before they happen.

use crate::schema::{columns, Col};
use crate::Kind;
use abbild_core::FieldCatalog;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, FormatAlign, Workbook, Worksheet, XlsxError,
};
use std::path::Path;

/// Name of the data sheet (the importer reads the first sheet, which is this one).
pub const DATA_SHEET: &str = "Daten";
/// Name of the explanation sheet.
pub const HELP_SHEET: &str = "Erläuterungen";

/// Rows of the data sheet that get input help (drop-down lists).
const VALIDATED_ROWS: u32 = 100_000;

#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("Vorlage kann nicht erstellt werden: {0}")]
    Xlsx(#[from] XlsxError),
}

/// Writes the template for `kind` to `path`.
pub fn write_template(
    kind: Kind,
    catalog: &FieldCatalog,
    path: &Path,
) -> Result<(), TemplateError> {
    build(kind, catalog)?.save(path)?;
    Ok(())
}

/// The template as XLSX bytes (for downloads from the web interface).
pub fn write_template_bytes(kind: Kind, catalog: &FieldCatalog) -> Result<Vec<u8>, TemplateError> {
    Ok(build(kind, catalog)?.save_to_buffer()?)
}

fn build(kind: Kind, catalog: &FieldCatalog) -> Result<Workbook, TemplateError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let head = Format::new()
        .set_bold()
        .set_background_color(0x00DD_EBF7)
        .set_align(FormatAlign::Top);
    // AGS with leading zero must stay text, or Excel turns 05916000 into 5916000.
    let text = Format::new().set_num_format("@");

    let data = wb.add_worksheet();
    data.set_name(DATA_SHEET)?;
    for (i, spec) in columns(kind).iter().enumerate() {
        let c = u16::try_from(i).unwrap_or(u16::MAX);
        let header = spec.col.header_de();
        data.write_string_with_format(0, c, header, &head)?;
        let width = header.chars().count().clamp(10, 40) as f64 + 2.0;
        data.set_column_width(c, width)?;
        if matches!(spec.col, Col::Ags | Col::Languages) {
            data.set_column_format(c, &text)?;
        }
        add_validation(data, c, spec.col, catalog)?;
    }
    data.set_freeze_panes(1, 0)?;

    let help = wb.add_worksheet();
    help.set_name(HELP_SHEET)?;
    let titles = [
        "Spalte",
        "Code (englisch)",
        "Pflicht",
        "Bedeutung",
        "Meaning",
        "Erlaubte Werte",
        "Beispiel",
    ];
    for (i, t) in titles.iter().enumerate() {
        help.write_string_with_format(0, u16::try_from(i).unwrap_or(0), *t, &head)?;
    }
    for (c, w) in [24.0, 22.0, 8.0, 50.0, 40.0, 60.0, 14.0]
        .into_iter()
        .enumerate()
    {
        help.set_column_width(u16::try_from(c).unwrap_or(0), w)?;
    }
    help.set_freeze_panes(1, 0)?;
    let mut row = 1u32;
    for spec in columns(kind) {
        let col = spec.col;
        let allowed = col
            .allowed(catalog)
            .into_iter()
            .map(|(v, m)| format!("{v} = {m}"))
            .collect::<Vec<_>>()
            .join("\n");
        help.write_string_with_format(row, 0, col.header_de(), &bold)?;
        help.write_string(row, 1, col.code())?;
        help.write_string(row, 2, if spec.required { "ja" } else { "nein" })?;
        help.write_string_with_format(row, 3, col.meaning_de(), &wrap)?;
        help.write_string_with_format(row, 4, col.meaning_en(), &wrap)?;
        help.write_string_with_format(row, 5, &allowed, &wrap)?;
        help.write_string_with_format(row, 6, col.example(catalog), &wrap)?;
        row += 1;
    }
    row += 1;
    let notes = [
        "Hinweise",
        "Die erste Zeile des Blatts „Daten“ enthält die Spaltenüberschriften; ab Zeile 2 eine Zeile je Datensatz.",
        "Überschriften dürfen deutsch (wie hier) oder als englischer Code geschrieben werden; unbekannte Spalten werden abgelehnt.",
        "Optionale Spalten dürfen gelöscht werden. „Alter von“ und „Alter bis“ nur gemeinsam.",
        "Zahlen ohne Tausendertrennzeichen; 12,0 wird als 12 gelesen.",
        "Ein Import ist ganz oder gar nicht: bei einem Fehler wird nichts übernommen.",
    ];
    for (i, n) in notes.iter().chain(kind_notes(kind)).enumerate() {
        if i == 0 {
            help.write_string_with_format(row, 0, *n, &bold)?;
        } else {
            help.write_string(row, 0, *n)?;
        }
        row += 1;
    }
    Ok(wb)
}

/// Rules of the whole file that a column description cannot carry; the importer enforces
/// them, so stating them up front saves a round of corrections.
fn kind_notes(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Staff | Kind::Responses | Kind::Population => &[],
        Kind::Pipeline => &[
            "Je Stadt, Jahr, Ausbildungsberuf und Gruppe eine Zeile je Stufe; die Reihenfolge 1 ist die erste Stufe (Bewerbung).",
            "Eine Stufe trägt je Beruf und Jahr immer dieselbe Reihenfolge, und jede Reihenfolge gehört zu genau einer Stufe.",
            "Keine Stufe darf mehr Personen zählen als die vorige Stufe derselben Gruppe.",
        ],
        Kind::Exits => &[
            "„Beschäftigte“ ist der Bestand der Gruppe zu Jahresbeginn, „Abgänge“ die im Lauf des Jahres Ausgeschiedenen.",
            "Mit Spalte „Grund“: eine Zeile je Grund; diese Zeilen nennen dieselbe Zahl Beschäftigte, und ihre Abgänge zusammen übersteigen sie nicht.",
            "Eine Zeile ohne Grund zählt alle Abgänge der Gruppe; sie steht dann nicht zusätzlich neben Zeilen je Grund.",
        ],
    }
}

/// Adds a drop-down of the codes where the list is short. Informational only: German
/// labels, aliases and pay grades (`EG 9b`) are valid too and must not be blocked by Excel.
fn add_validation(
    ws: &mut Worksheet,
    c: u16,
    col: Col,
    catalog: &FieldCatalog,
) -> Result<(), TemplateError> {
    let list: Vec<String> = match col {
        Col::Field
        | Col::Level
        | Col::Status
        | Col::Sex
        | Col::Definition
        | Col::Source
        | Col::Leadership
        | Col::Group
        | Col::Reason
        | Col::Item(_) => col
            .allowed(catalog)
            .into_iter()
            .map(|(v, _)| v)
            .filter(|v| !v.contains('…') && !v.starts_with('('))
            .collect(),
        _ => return Ok(()),
    };
    // Excel limits list literals to 255 characters; long catalogs get no drop-down.
    let Ok(dv) = DataValidation::new().allow_list_strings(&list) else {
        return Ok(());
    };
    let dv = dv.set_error_style(DataValidationErrorStyle::Information);
    ws.add_data_validation(1, c, VALIDATED_ROWS, c, &dv)?;
    Ok(())
}

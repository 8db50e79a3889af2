//! The report as an Excel workbook: a sources sheet first, then one sheet per table with
//! German (or English) headers and number formats. No hidden sheets, no formulas, no
//! comments: what a reader sees is all there is.

use crate::model::Report;
use crate::ReportError;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

/// The workbook's bytes. Deterministic: the document date is fixed, so the same report gives
/// the same bytes.
pub fn xlsx(r: &Report) -> Result<Vec<u8>, ReportError> {
    let tr = r.lang().tr();
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(r.title())
            .set_author(r.author())
            .set_creation_datetime(&created),
    );
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let fmts = abbild_export::output::XlsxFormats::default();
    {
        let ws = wb.add_worksheet();
        ws.set_name(tr.get("report-sources"))?;
        ws.set_column_width(0, 28)?;
        ws.set_column_width(1, 60)?;
        ws.set_column_width(2, 100)?;
        ws.write_string_with_format(0, 0, r.title(), &bold)?;
        ws.write_string(1, 0, r.subtitle())?;
        let mut y = 3u32;
        for (k, v) in r.sources() {
            ws.write_string_with_format(y, 0, k, &bold)?;
            ws.write_string_with_format(y, 1, v, &wrap)?;
            y += 1;
        }
        y += 1;
        ws.write_string_with_format(y, 0, tr.get("report-col-table"), &bold)?;
        ws.write_string_with_format(y, 1, tr.get("report-col-title"), &bold)?;
        ws.write_string_with_format(y, 2, tr.get("report-sheet-notes"), &bold)?;
        for t in r.tables() {
            y += 1;
            ws.write_string(y, 0, &t.id)?;
            ws.write_string(y, 1, &t.title)?;
            ws.write_string(y, 2, &t.note)?;
        }
    }
    for t in r.tables() {
        let ws = wb.add_worksheet();
        ws.set_name(t.sheet_name())?;
        for (i, c) in t.cols.iter().enumerate() {
            let x = u16::try_from(i).unwrap_or(u16::MAX);
            ws.write_string_with_format(0, x, c, &bold)?;
            let width = if i == 0 { 28.0 } else { 14.0 };
            ws.set_column_width(x, (c.chars().count() as f64 + 2.0).clamp(10.0, width))?;
        }
        ws.set_freeze_panes(1, 1)?;
        for (ri, row) in t.rows.iter().enumerate() {
            let y = u32::try_from(ri + 1).unwrap_or(u32::MAX);
            for (ci, c) in row.iter().enumerate() {
                let x = u16::try_from(ci).unwrap_or(u16::MAX);
                abbild_export::output::write_xlsx_cell(ws, (y, x), c, &fmts, &tr)?;
            }
        }
        let below = u32::try_from(t.rows.len() + 2).unwrap_or(u32::MAX);
        ws.write_string(below, 0, &t.note)?;
    }
    Ok(wb.save_to_buffer()?)
}

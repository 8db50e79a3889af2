//! Turning file bytes into rows of text cells: CSV (any of the encodings German offices
//! produce) and XLSX, behind one streaming interface.
//!
//! Rows are handed to a `TableSink` one at a time and never collected, so a 3-million-row
//! staff file costs the memory of its bytes, not of its records.

use crate::error::FileError;
use calamine::{DataRef, Reader, Xlsx};
use std::borrow::Cow;
use std::io::Cursor;
use std::panic::AssertUnwindSafe;

/// Text encoding a CSV file was read in (reported back so the UI can show it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    /// UTF-8 with byte order mark (Excel "CSV UTF-8").
    Utf8Bom,
    /// Windows-1252, the default of German Excel's plain "CSV (Trennzeichen-getrennt)".
    Windows1252,
    /// UTF-16 with BOM (Excel "Unicode-Text").
    Utf16Le,
    Utf16Be,
}

/// How a file was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Format {
    Csv {
        delimiter: char,
        encoding: TextEncoding,
    },
    Xlsx {
        sheet: String,
    },
}

/// Whether to keep reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flow {
    Continue,
    Stop,
}

/// The cells of one row, as text.
pub(crate) trait Cells {
    /// Cell `i`, or `""` if the row is shorter.
    fn get(&self, i: usize) -> &str;
    /// Number of cells present.
    fn len(&self) -> usize;
    /// True if every cell is empty or whitespace (such rows are skipped: Excel leaves them).
    fn is_blank(&self) -> bool {
        (0..self.len()).all(|i| self.get(i).trim().is_empty())
    }
}

/// Receives the header row, then each non-blank data row, with spreadsheet row numbers.
pub(crate) trait TableSink {
    fn header(&mut self, row: u64, cells: &[&str]) -> Flow;
    fn row<C: Cells>(&mut self, row: u64, cells: &C) -> Flow;
}

/// Reads `bytes` as CSV or XLSX (sniffed) and streams its rows into `sink`.
pub(crate) fn read_table<S: TableSink>(
    name: &str,
    bytes: &[u8],
    sheet: Option<&str>,
    sink: &mut S,
) -> Result<Format, FileError> {
    let lower = name.to_ascii_lowercase();
    if bytes.starts_with(b"PK\x03\x04") || lower.ends_with(".xlsx") || lower.ends_with(".xlsm") {
        if !bytes.starts_with(b"PK") {
            return Err(FileError::NotXlsx);
        }
        return read_xlsx(bytes, sheet, sink);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) || lower.ends_with(".xls") {
        return Err(FileError::Format {
            reason: "altes Excel-Format (.xls) – bitte als XLSX oder CSV speichern".into(),
        });
    }
    if lower.ends_with(".ods") {
        return Err(FileError::Format {
            reason: "OpenDocument (.ods) – bitte als XLSX oder CSV speichern".into(),
        });
    }
    read_csv(bytes, sink)
}

/// Decodes CSV bytes to UTF-8 text. Borrowed when already UTF-8, so the common case copies
/// nothing.
fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, TextEncoding), FileError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(s) => Ok((Cow::Borrowed(s), TextEncoding::Utf8Bom)),
            Err(e) => Err(FileError::Format {
                reason: format!(
                    "UTF-8-Datei (mit BOM) enthält ungültige Zeichen ab Byte {}",
                    e.valid_up_to() + 3
                ),
            }),
        };
    }
    for (bom, enc, tag) in [
        (
            &b"\xFF\xFE"[..],
            encoding_rs::UTF_16LE,
            TextEncoding::Utf16Le,
        ),
        (
            &b"\xFE\xFF"[..],
            encoding_rs::UTF_16BE,
            TextEncoding::Utf16Be,
        ),
    ] {
        if bytes.starts_with(bom) {
            let (text, had_errors) = enc.decode_without_bom_handling(&bytes[2..]);
            if had_errors {
                return Err(FileError::Format {
                    reason: "UTF-16-Datei enthält ungültige Zeichen".into(),
                });
            }
            return Ok((text, tag));
        }
    }
    if bytes.contains(&0) {
        return Err(FileError::Format {
            reason: "die Datei enthält Binärdaten".into(),
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((Cow::Borrowed(s), TextEncoding::Utf8)),
        // Not UTF-8: German Excel's plain CSV is Windows-1252, which decodes every byte.
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            Ok((text, TextEncoding::Windows1252))
        }
    }
}

/// Picks the delimiter from the header line: the most frequent of `;`, `,` and tab outside
/// quotes. Header cells never contain a decimal comma, so the count is unambiguous.
fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted && counts.iter().any(|c| *c > 0) => break,
            b';' if !quoted => counts[0] += 1,
            b',' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let cands = [b';', b',', b'\t'];
    let mut best = 1; // comma when nothing else is found (single-column file)
    for i in [0, 2] {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    cands[best]
}

/// Spreadsheet row numbers from byte offsets.
///
/// Why not `csv::Position::line`: with CRLF line ends (every Excel CSV) it reports one line
/// too few for every record after the header. Counting terminators up to the record's first
/// byte is exact, also for empty lines (Excel shows them as rows) and quoted line breaks.
struct LineCounter<'a> {
    text: &'a [u8],
    /// Terminator byte: `\n`, or `\r` for old Mac files that have no `\n` at all.
    term: u8,
    pos: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a [u8]) -> Self {
        let term = if !text.contains(&b'\n') && text.contains(&b'\r') {
            b'\r'
        } else {
            b'\n'
        };
        LineCounter {
            text,
            term,
            pos: 0,
            line: 1,
        }
    }

    /// 1-based line of the record starting at (or just after the terminator at) `offset`.
    fn line_at(&mut self, offset: usize) -> u64 {
        let mut start = offset.min(self.text.len()).max(self.pos);
        while matches!(self.text.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let term = self.term;
        let n = self.text[self.pos..start]
            .iter()
            .filter(|b| **b == term)
            .count();
        self.line += n as u64;
        self.pos = start;
        self.line
    }
}

/// A CSV record. `StringRecord` validates UTF-8 once per record rather than once per cell
/// (measurably faster on millions of short cells); the text was decoded to UTF-8 before, so
/// validation cannot fail.
/// Excel's `sep=;` first line: names the delimiter and is not shown as a row in Excel, so it
/// is dropped here too (and row numbers start at the header, as in Excel).
fn excel_sep_line(text: &str) -> Option<(u8, &str)> {
    let rest = text.strip_prefix("sep=")?;
    let d = *rest.as_bytes().first()?;
    let after = rest.get(1..)?;
    let after = after
        .strip_prefix("\r\n")
        .or_else(|| after.strip_prefix('\n'))
        .or_else(|| after.strip_prefix('\r'))?;
    (d.is_ascii_punctuation() || d == b'\t').then_some((d, after))
}

struct CsvRow<'a>(&'a csv::StringRecord);

impl Cells for CsvRow<'_> {
    fn get(&self, i: usize) -> &str {
        self.0.get(i).unwrap_or("")
    }
    fn len(&self) -> usize {
        self.0.len()
    }
}

fn read_csv<S: TableSink>(bytes: &[u8], sink: &mut S) -> Result<Format, FileError> {
    let (text, encoding) = decode(bytes)?;
    let (delimiter, body) = match excel_sep_line(&text) {
        Some((d, rest)) => (d, rest),
        None => (sniff_delimiter(&text), &text[..]),
    };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(body.as_bytes());
    let mut rec = csv::StringRecord::new();
    let mut lines = LineCounter::new(body.as_bytes());
    let mut header_seen = false;
    loop {
        match rdr.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                return Err(FileError::Read {
                    reason: e.to_string(),
                })
            }
        }
        let offset = rec
            .position()
            .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
        let row = lines.line_at(offset);
        let cells = CsvRow(&rec);
        if cells.is_blank() {
            continue;
        }
        let flow = if header_seen {
            sink.row(row, &cells)
        } else {
            header_seen = true;
            let hdr: Vec<&str> = (0..cells.len()).map(|i| cells.get(i)).collect();
            sink.header(row, &hdr)
        };
        if flow == Flow::Stop {
            break;
        }
    }
    if !header_seen {
        return Err(FileError::Empty);
    }
    Ok(Format::Csv {
        delimiter: char::from(delimiter),
        encoding,
    })
}

/// One XLSX row: cell texts by column, reused between rows to avoid allocations.
struct XlsxRow {
    cells: Vec<String>,
    used: usize,
}

impl Cells for XlsxRow {
    fn get(&self, i: usize) -> &str {
        if i < self.used {
            self.cells.get(i).map_or("", String::as_str)
        } else {
            ""
        }
    }
    fn len(&self) -> usize {
        self.used
    }
}

impl XlsxRow {
    fn clear(&mut self) {
        for c in &mut self.cells[..self.used] {
            c.clear();
        }
        self.used = 0;
    }
    fn set(&mut self, col: usize, value: &DataRef<'_>) {
        if self.cells.len() <= col {
            self.cells.resize_with(col + 1, String::new);
        }
        let slot = &mut self.cells[col];
        slot.clear();
        cell_text(value, slot);
        if col >= self.used {
            self.used = col + 1;
        }
    }
}

/// Highest column index accepted (Excel's limit is XFD = 16383); protects against absurd
/// positions in broken files.
const MAX_COL: u32 = 16_383;

/// Text of a cell as a user would type it: integral floats without `.0` (Excel stores every
/// number as a float, and `05916000` typed without quotes arrives as 5916000).
fn cell_text(v: &DataRef<'_>, out: &mut String) {
    use std::fmt::Write;
    match v {
        DataRef::Empty => {}
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            out.push_str(s);
        }
        DataRef::SharedString(s) => out.push_str(s),
        DataRef::Int(i) => {
            let _ = write!(out, "{i}");
        }
        DataRef::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 9.0e15 {
                let _ = write!(out, "{}", *f as i64);
            } else {
                let _ = write!(out, "{f}");
            }
        }
        DataRef::Bool(b) => out.push_str(if *b { "ja" } else { "nein" }),
        DataRef::DateTime(d) => {
            let _ = write!(out, "{d}");
        }
        DataRef::Error(e) => {
            let _ = write!(out, "{e}");
        }
    }
}

/// Runs a calamine call, turning a panic into an error.
///
/// Why: calamine 0.31 panics on some malformed files (fuzzing found a shared-string index
/// beyond the table); an uploaded file must never take a server thread down. Only effective
/// with `panic = "unwind"` (the default).
fn guarded<T>(f: impl FnOnce() -> Result<T, calamine::XlsxError>) -> Result<T, FileError> {
    match std::panic::catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r.map_err(|e| FileError::Xlsx {
            reason: e.to_string(),
        }),
        Err(_) => Err(FileError::Xlsx {
            reason: "die Datei ist beschädigt (ungültige XLSX-Struktur)".into(),
        }),
    }
}

fn read_xlsx<S: TableSink>(
    bytes: &[u8],
    sheet: Option<&str>,
    sink: &mut S,
) -> Result<Format, FileError> {
    let mut wb: Xlsx<_> = guarded(|| Xlsx::new(Cursor::new(bytes)))?;
    let names = wb.sheet_names();
    let chosen = match sheet {
        None => names.first().cloned().ok_or_else(|| FileError::Xlsx {
            reason: "die Arbeitsmappe enthält kein Tabellenblatt".into(),
        })?,
        Some(want) => names
            .iter()
            .find(|n| n.as_str() == want)
            .or_else(|| {
                names
                    .iter()
                    .find(|n| abbild_core::fold(n) == abbild_core::fold(want))
            })
            .cloned()
            .ok_or_else(|| FileError::SheetNotFound {
                sheet: want.to_owned(),
                available: names.clone(),
            })?,
    };
    let mut reader = guarded(|| wb.worksheet_cells_reader(&chosen))?;
    let mut row = XlsxRow {
        cells: Vec::new(),
        used: 0,
    };
    let mut current: Option<u32> = None;
    let mut header_seen = false;
    let mut stop = false;
    let mut emit = |row: &mut XlsxRow, r: u32, header_seen: &mut bool| -> Flow {
        if row.is_blank() {
            row.clear();
            return Flow::Continue;
        }
        let n = u64::from(r) + 1;
        let flow = if *header_seen {
            sink.row(n, row)
        } else {
            *header_seen = true;
            let hdr: Vec<&str> = (0..row.len()).map(|i| row.get(i)).collect();
            sink.header(n, &hdr)
        };
        row.clear();
        flow
    };
    while let Some(cell) = guarded(|| reader.next_cell())? {
        let (r, c) = cell.get_position();
        let v = cell.get_value();
        if matches!(v, DataRef::Empty) {
            continue;
        }
        if c > MAX_COL {
            return Err(FileError::Xlsx {
                reason: format!(
                    "Zelle in Zeile {} außerhalb der Spalte XFD",
                    u64::from(r) + 1
                ),
            });
        }
        match current {
            Some(cur) if cur == r => {}
            Some(cur) if r < cur => {
                return Err(FileError::Xlsx {
                    reason: format!(
                        "Zeilen nicht in aufsteigender Reihenfolge (Zeile {} nach {})",
                        u64::from(r) + 1,
                        u64::from(cur) + 1
                    ),
                });
            }
            Some(cur) => {
                if emit(&mut row, cur, &mut header_seen) == Flow::Stop {
                    stop = true;
                    break;
                }
                current = Some(r);
            }
            None => current = Some(r),
        }
        row.set(c as usize, v);
    }
    if !stop {
        if let Some(cur) = current {
            // The flow after the last row does not matter.
            let _ = emit(&mut row, cur, &mut header_seen);
        }
    }
    if !header_seen {
        return Err(FileError::Empty);
    }
    Ok(Format::Xlsx { sheet: chosen })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_sniffing() {
        assert_eq!(sniff_delimiter("ags;year;headcount\n1,0;2;3"), b';');
        assert_eq!(sniff_delimiter("ags,year,headcount\n1;2;3"), b',');
        assert_eq!(sniff_delimiter("\"a;b\",c\n"), b',');
        assert_eq!(sniff_delimiter("ags\tyear\n"), b'\t');
        assert_eq!(sniff_delimiter("ags\n"), b',');
        assert_eq!(sniff_delimiter("\n\nags;year\n"), b';');
    }

    #[test]
    fn excel_sep_line_sets_delimiter() {
        assert_eq!(
            excel_sep_line("sep=;\r\nags;year"),
            Some((b';', "ags;year"))
        );
        assert_eq!(excel_sep_line("sep=,\nags"), Some((b',', "ags")));
        assert_eq!(excel_sep_line("sep=;ags"), None);
        assert_eq!(excel_sep_line("sep="), None);
        assert_eq!(excel_sep_line("ags;year"), None);
    }

    #[test]
    fn decoding() {
        let (t, e) = decode(b"\xEF\xBB\xBFa;b").unwrap();
        assert_eq!((t.as_ref(), e), ("a;b", TextEncoding::Utf8Bom));
        let (t, e) = decode(b"T\xE4tigkeitsfeld").unwrap();
        assert_eq!(
            (t.as_ref(), e),
            ("Tätigkeitsfeld", TextEncoding::Windows1252)
        );
        let (t, e) = decode(b"\xFF\xFEa\0;\0").unwrap();
        assert_eq!((t.as_ref(), e), ("a;", TextEncoding::Utf16Le));
        assert!(decode(b"a\0b").is_err());
    }
}

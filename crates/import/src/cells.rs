//! The cells file of `abbild protect`: any dimension columns plus `count` (one row per
//! finest cell). Read with the same reader as every other input (CSV in any encoding and
//! delimiter, or XLSX), with the same row-level errors.

use crate::error::{FileError, ImportError, RowError, MAX_ROW_ERRORS};
use crate::source::{read_table, Cells, Flow, TableSink};
use abbild_core::sdc::Microdata;
use std::path::Path;

struct CellSink {
    file: String,
    dims: Vec<String>,
    count_col: usize,
    rows: Vec<(Vec<String>, u64)>,
    errors: Vec<RowError>,
    header_error: Option<FileError>,
}

impl TableSink for CellSink {
    fn header(&mut self, _row: u64, cells: &[&str]) -> Flow {
        let names: Vec<String> = cells.iter().map(|c| c.trim().to_owned()).collect();
        match names
            .iter()
            .position(|n| abbild_core::fold(n) == "count" || abbild_core::fold(n) == "anzahl")
        {
            Some(i) => {
                self.count_col = i;
                self.dims = names
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .map(|(_, n)| n.clone())
                    .collect();
                if let Some(dup) = self
                    .dims
                    .iter()
                    .enumerate()
                    .find(|(j, d)| self.dims[..*j].contains(d))
                {
                    self.header_error = Some(FileError::Format {
                        reason: format!("Spalte \"{}\" doppelt", dup.1),
                    });
                    return Flow::Stop;
                }
                if self.dims.iter().any(String::is_empty) {
                    self.header_error = Some(FileError::Format {
                        reason: "eine Spalte hat keine Überschrift".into(),
                    });
                    return Flow::Stop;
                }
                Flow::Continue
            }
            None => {
                self.header_error = Some(FileError::Format {
                    reason: "Spalte \"count\" (Anzahl) fehlt: die Zellen-Datei braucht Dimensionsspalten und count".into(),
                });
                Flow::Stop
            }
        }
    }

    fn row<C: Cells>(&mut self, row: u64, cells: &C) -> Flow {
        let raw = cells.get(self.count_col).trim();
        let count = match raw.strip_suffix(".0").unwrap_or(raw).parse::<u64>() {
            Ok(c) => c,
            Err(_) => {
                self.errors.push(RowError::new(
                    &self.file,
                    row,
                    "count",
                    raw,
                    abbild_i18n::Message::new("exp-count"),
                ));
                return if self.errors.len() >= MAX_ROW_ERRORS {
                    Flow::Stop
                } else {
                    Flow::Continue
                };
            }
        };
        let values = (0..self.dims.len() + 1)
            .filter(|j| *j != self.count_col)
            .map(|j| cells.get(j).trim().to_owned())
            .collect();
        self.rows.push((values, count));
        Flow::Continue
    }
}

/// Reads a cells file into the protection step's microdata. Duplicate cells are an error.
pub fn read_cells(path: &Path) -> Result<Microdata, ImportError> {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let bytes = std::fs::read(path).map_err(|e| {
        ImportError::file(
            &name,
            FileError::Read {
                reason: e.to_string(),
            },
        )
    })?;
    let mut sink = CellSink {
        file: name.clone(),
        dims: Vec::new(),
        count_col: 0,
        rows: Vec::new(),
        errors: Vec::new(),
        header_error: None,
    };
    read_table(&name, &bytes, None, &mut sink).map_err(|e| ImportError::file(&name, e))?;
    if let Some(e) = sink.header_error {
        return Err(ImportError::file(&name, e));
    }
    if !sink.errors.is_empty() {
        return Err(ImportError {
            file: name,
            file_errors: Vec::new(),
            row_errors: sink.errors,
            truncated: false,
        });
    }
    Microdata::from_rows(sink.dims, sink.rows).map_err(|e| {
        ImportError::file(
            &name,
            FileError::Format {
                reason: e.to_string(),
            },
        )
    })
}

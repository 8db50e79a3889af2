//! abbild-import: reads the input files of SPEC §3 (staff headcount, survey responses,
//! population benchmark, apprentice pipeline, exits) from CSV or XLSX into validated core
//! records.
//!
//! Records are streamed into a caller-supplied sink while the file is read, so large files
//! never exist twice in memory. The price: the sink may already have received records when
//! an error turns up later in the file. **On `Err`, callers must discard everything the sink
//! received** — an import is all-or-nothing (SPEC §3), and the store enforces it by
//! committing only after `Ok`.
//!
//! [`Summary::sha256`] hashes the raw file bytes so that re-importing the same file can be
//! recognised and refused or made idempotent.

pub mod cells;
pub mod error;
pub mod limesurvey;
mod localise;
pub mod schema;
pub mod source;
pub mod template;

mod rows;
mod values;

pub use error::{FileError, ImportError, RowError, MAX_ROW_ERRORS};
pub use schema::{columns, map_headers, match_header, Col, ColumnSpec, Layout};
pub use source::{Format, TextEncoding};
pub use template::{write_template, write_template_bytes, TemplateError};

use abbild_core::records::{
    ExitRecord, PipelineRecord, PopulationRecord, ResponseRecord, StaffRecord,
};
use abbild_core::{Dim, DimSet, FieldCatalog, ParseError};
use error::{column_letter, Collector};
use rows::{
    Cx, ExitParser, PipelineParser, PopulationParser, ResponseParser, RowParser, StaffParser,
};
use sha2::{Digest, Sha256};
use source::{Cells, Flow, TableSink};
use std::path::{Path, PathBuf};

/// The kind of input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Staff,
    Responses,
    Population,
    /// Apprentice recruitment pipeline: persons per stage and group.
    Pipeline,
    /// Exits per group (and optionally segment and reason) against the start-of-year headcount.
    Exits,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Staff,
        Kind::Responses,
        Kind::Population,
        Kind::Pipeline,
        Kind::Exits,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Kind::Staff => "staff",
            Kind::Responses => "responses",
            Kind::Population => "population",
            Kind::Pipeline => "pipeline",
            Kind::Exits => "exits",
        }
    }

    pub fn label_de(self) -> &'static str {
        match self {
            Kind::Staff => "Personalbestand",
            Kind::Responses => "Befragungsantworten",
            Kind::Population => "Bevölkerungsvergleich",
            Kind::Pipeline => "Bewerbungsverfahren Ausbildung",
            Kind::Exits => "Abgänge",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        match abbild_core::fold(raw).as_str() {
            "staff" | "personal" | "personalbestand" | "beschaeftigte" => Ok(Kind::Staff),
            "responses"
            | "response"
            | "survey"
            | "antworten"
            | "befragung"
            | "befragungsantworten" => Ok(Kind::Responses),
            "population" | "benchmark" | "bevoelkerung" | "bevoelkerungsvergleich" => {
                Ok(Kind::Population)
            }
            "pipeline"
            | "apprentices"
            | "azubi"
            | "auszubildende"
            | "ausbildung"
            | "bewerbungen"
            | "bewerbungsverfahren"
            | "bewerbungsverfahren ausbildung" => Ok(Kind::Pipeline),
            "exits" | "exit" | "retention" | "abgaenge" | "abgang" | "personalabgaenge" => {
                Ok(Kind::Exits)
            }
            _ => Err(ParseError::new(
                raw,
                abbild_core::one_of(&["staff", "responses", "population", "pipeline", "exits"]),
            )),
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// Import options.
#[derive(Debug, Clone)]
pub struct Options<'a> {
    /// The installation's Tätigkeitsfeld classification.
    pub catalog: &'a FieldCatalog,
    /// XLSX sheet to read (default: the first). Ignored for CSV. A `#Sheet` suffix on the
    /// path takes precedence.
    pub sheet: Option<String>,
}

impl<'a> Options<'a> {
    pub fn new(catalog: &'a FieldCatalog) -> Self {
        Options {
            catalog,
            sheet: None,
        }
    }
}

/// What was read, returned only when the whole file was valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub kind: Kind,
    /// Data rows accepted (= records given to the sink).
    pub rows: u64,
    /// Segment dimensions the file carries (the analysis can group only by these).
    pub dims: DimSet,
    /// Columns found, canonical, in file order.
    pub columns: Vec<Col>,
    /// Hex SHA-256 of the raw file bytes, for idempotent re-imports.
    pub sha256: String,
    pub format: Format,
}

/// Reads a staff headcount file (SPEC §3). See the crate docs: discard the sink's records on `Err`.
pub fn read_staff(
    path: &Path,
    opts: &Options<'_>,
    sink: impl FnMut(StaffRecord),
) -> Result<Summary, ImportError> {
    read_path::<StaffParser>(Kind::Staff, path, opts, sink)
}

/// Reads a survey response file (SPEC §3). See the crate docs: discard the sink's records on `Err`.
pub fn read_responses(
    path: &Path,
    opts: &Options<'_>,
    sink: impl FnMut(ResponseRecord),
) -> Result<Summary, ImportError> {
    read_path::<ResponseParser>(Kind::Responses, path, opts, sink)
}

/// Reads a population benchmark file (SPEC §3). See the crate docs: discard the sink's records on `Err`.
pub fn read_population(
    path: &Path,
    opts: &Options<'_>,
    sink: impl FnMut(PopulationRecord),
) -> Result<Summary, ImportError> {
    read_path::<PopulationParser>(Kind::Population, path, opts, sink)
}

/// Reads an apprentice pipeline file (SPEC §3). Besides the cells, the whole file is checked:
/// no stage has more persons than the one before it (per city, year, occupation and group),
/// stage names and orders match one to one, and no row repeats. See the crate docs: discard
/// the sink's records on `Err`.
pub fn read_pipeline(
    path: &Path,
    opts: &Options<'_>,
    sink: impl FnMut(PipelineRecord),
) -> Result<Summary, ImportError> {
    read_path::<PipelineParser>(Kind::Pipeline, path, opts, sink)
}

/// Reads an exits file (SPEC §3). Besides the cells, the whole file is checked: exits never
/// exceed the headcount, rows that differ only in the reason repeat the headcount and their
/// exits together stay within it, and no row repeats. See the crate docs: discard the sink's
/// records on `Err`.
pub fn read_exits(
    path: &Path,
    opts: &Options<'_>,
    sink: impl FnMut(ExitRecord),
) -> Result<Summary, ImportError> {
    read_path::<ExitParser>(Kind::Exits, path, opts, sink)
}

/// Like [`read_staff`], on bytes already in memory (uploads); `name` is used in messages
/// and to recognise `.xlsx`.
pub fn read_staff_bytes(
    name: &str,
    bytes: &[u8],
    opts: &Options<'_>,
    sink: impl FnMut(StaffRecord),
) -> Result<Summary, ImportError> {
    run::<StaffParser, _>(Kind::Staff, name, bytes, opts.sheet.as_deref(), opts, sink)
}

/// Like [`read_responses`], on bytes already in memory.
pub fn read_responses_bytes(
    name: &str,
    bytes: &[u8],
    opts: &Options<'_>,
    sink: impl FnMut(ResponseRecord),
) -> Result<Summary, ImportError> {
    run::<ResponseParser, _>(
        Kind::Responses,
        name,
        bytes,
        opts.sheet.as_deref(),
        opts,
        sink,
    )
}

/// Like [`read_population`], on bytes already in memory.
pub fn read_population_bytes(
    name: &str,
    bytes: &[u8],
    opts: &Options<'_>,
    sink: impl FnMut(PopulationRecord),
) -> Result<Summary, ImportError> {
    run::<PopulationParser, _>(
        Kind::Population,
        name,
        bytes,
        opts.sheet.as_deref(),
        opts,
        sink,
    )
}

/// Like [`read_pipeline`], on bytes already in memory.
pub fn read_pipeline_bytes(
    name: &str,
    bytes: &[u8],
    opts: &Options<'_>,
    sink: impl FnMut(PipelineRecord),
) -> Result<Summary, ImportError> {
    run::<PipelineParser, _>(
        Kind::Pipeline,
        name,
        bytes,
        opts.sheet.as_deref(),
        opts,
        sink,
    )
}

/// Like [`read_exits`], on bytes already in memory.
pub fn read_exits_bytes(
    name: &str,
    bytes: &[u8],
    opts: &Options<'_>,
    sink: impl FnMut(ExitRecord),
) -> Result<Summary, ImportError> {
    run::<ExitParser, _>(Kind::Exits, name, bytes, opts.sheet.as_deref(), opts, sink)
}

/// Splits `data.xlsx#Blatt 2` into path and sheet, unless a file of that full name exists.
fn split_sheet(path: &Path) -> (PathBuf, Option<String>) {
    if !path.exists() {
        if let Some((file, sheet)) = path.to_str().and_then(|s| s.rsplit_once('#')) {
            if !sheet.is_empty() && Path::new(file).exists() {
                return (PathBuf::from(file), Some(sheet.to_owned()));
            }
        }
    }
    (path.to_path_buf(), None)
}

fn read_path<P: RowParser>(
    kind: Kind,
    path: &Path,
    opts: &Options<'_>,
    sink: impl FnMut(P::Rec),
) -> Result<Summary, ImportError> {
    let (path, sheet) = split_sheet(path);
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let bytes = std::fs::read(&path).map_err(|e| {
        ImportError::file(
            &name,
            FileError::Read {
                reason: e.to_string(),
            },
        )
    })?;
    let sheet = sheet.or_else(|| opts.sheet.clone());
    run::<P, _>(kind, &name, &bytes, sheet.as_deref(), opts, sink)
}

/// Glue between the table reader and a row parser: maps the header, checks stray cells,
/// forwards records, stops at the error cap.
struct Driver<'a, P: RowParser, F: FnMut(P::Rec)> {
    kind: Kind,
    catalog: &'a FieldCatalog,
    layout: Option<(Layout, P)>,
    header_errors: Vec<FileError>,
    errors: Collector,
    rows: u64,
    sink: F,
}

impl<P: RowParser, F: FnMut(P::Rec)> TableSink for Driver<'_, P, F> {
    fn header(&mut self, _row: u64, cells: &[&str]) -> Flow {
        match schema::map_headers(self.kind, cells) {
            Ok(layout) => {
                let parser = P::new(&layout);
                self.layout = Some((layout, parser));
                Flow::Continue
            }
            Err(e) => {
                self.header_errors = e;
                Flow::Stop
            }
        }
    }

    fn row<C: Cells>(&mut self, row: u64, cells: &C) -> Flow {
        let Some((layout, parser)) = self.layout.as_mut() else {
            return Flow::Stop;
        };
        // Cells under a blank header or right of the last header: refuse rather than drop.
        let stray = layout
            .blank
            .iter()
            .copied()
            .chain(layout.width()..cells.len())
            .find(|&i| !cells.get(i).trim().is_empty());
        if let Some(i) = stray {
            self.errors.push(
                row,
                &column_letter(i),
                cells.get(i),
                abbild_i18n::Message::new("exp-no-value-without-header"),
            );
        }
        let mut cx = Cx {
            layout,
            catalog: self.catalog,
            errors: &mut self.errors,
        };
        if let Some(rec) = parser.row(&mut cx, row, cells) {
            if stray.is_none() {
                self.rows += 1;
                (self.sink)(rec);
            }
        }
        if self.errors.full() {
            Flow::Stop
        } else {
            Flow::Continue
        }
    }
}

fn run<P: RowParser, F: FnMut(P::Rec)>(
    kind: Kind,
    name: &str,
    bytes: &[u8],
    sheet: Option<&str>,
    opts: &Options<'_>,
    sink: F,
) -> Result<Summary, ImportError> {
    let mut d: Driver<'_, P, F> = Driver {
        kind,
        catalog: opts.catalog,
        layout: None,
        header_errors: Vec::new(),
        errors: Collector::new(name),
        rows: 0,
        sink,
    };
    let format =
        source::read_table(name, bytes, sheet, &mut d).map_err(|e| ImportError::file(name, e))?;
    if let Some((layout, parser)) = d.layout.as_mut() {
        if !d.errors.full() {
            parser.finish(&mut Cx {
                layout,
                catalog: opts.catalog,
                errors: &mut d.errors,
            });
        }
    }
    // Whole-file checks report late; show everything in file order.
    d.errors.rows.sort_by_key(|e| e.row);
    if !d.header_errors.is_empty() {
        return Err(ImportError {
            file: name.to_owned(),
            file_errors: d.header_errors,
            row_errors: Vec::new(),
            truncated: false,
        });
    }
    if !d.errors.is_empty() {
        return Err(ImportError {
            file: name.to_owned(),
            file_errors: Vec::new(),
            row_errors: d.errors.rows,
            truncated: d.errors.truncated,
        });
    }
    let Some((layout, _)) = d.layout else {
        return Err(ImportError::file(name, FileError::Empty));
    };
    if d.rows == 0 {
        return Err(ImportError::file(name, FileError::NoRows));
    }
    Ok(Summary {
        kind,
        rows: d.rows,
        dims: dims_of(&layout),
        columns: layout.cols.clone(),
        sha256: hex::encode(Sha256::digest(bytes)),
        format,
    })
}

/// Segment dimensions carried by a file layout.
fn dims_of(layout: &Layout) -> DimSet {
    [
        (Col::Field, Dim::Field),
        (Col::Level, Dim::Level),
        (Col::Status, Dim::Status),
        (Col::Leadership, Dim::Leadership),
        (Col::AgeFrom, Dim::Age),
        (Col::Sex, Dim::Sex),
    ]
    .into_iter()
    .filter(|(c, _)| layout.has(*c))
    .map(|(_, d)| d)
    .collect()
}

//! Responses collected with LimeSurvey (issue 5): a LimeSurvey CSV/XLSX export plus a mapping
//! file become abbild's response rows.
//!
//! The mapping names, per LimeSurvey column, the abbild column it feeds and how its answer
//! codes translate (`Y=yes|N=no|A3=unknown`). Every LimeSurvey column the mapping does not name
//! is dropped unread — `id`, `submitdate`, `startdate`, `datestamp`, `ipaddr`, `refurl`,
//! `token`, `seed` never reach abbild. The mapped rows are then validated by the normal
//! responses importer, so errors name the row as the spreadsheet shows it.
//!
//! Mapping file (CSV or XLSX), header `limesurvey,abbild,values`:
//!
//! ```text
//! limesurvey,abbild,values
//! G01Q01,self_born_abroad,Y=yes|N=no|A3=unknown
//! G02Q01,field,A1=verwaltung|A2=kita
//! G02Q05,age,A1=15-24|A2=25-34
//! G02Q06[SQ001],languages,Y=tr
//! ```
//!
//! `age` takes a band `from-to`; several columns may feed `languages` (multiple choice).

use crate::error::{FileError, ImportError, RowError, MAX_ROW_ERRORS};
use crate::source::{read_table, Cells, Flow, TableSink};
use crate::{Options, Summary};
use abbild_core::records::ResponseRecord;
use abbild_core::{Ags, Wave};
use std::collections::BTreeMap;

/// Abbild columns a LimeSurvey column may feed.
const TARGETS: [&str; 15] = [
    "field",
    "level",
    "status",
    "leadership",
    "age",
    "sex",
    "self_born_abroad",
    "self_german_at_birth",
    "self_german_now",
    "mother_born_abroad",
    "father_born_abroad",
    "mother_german_at_birth",
    "father_german_at_birth",
    "languages",
    "wave",
];

/// One mapped LimeSurvey column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappedColumn {
    pub limesurvey: String,
    pub abbild: String,
    /// LimeSurvey answer code → abbild value; codes not listed pass through unchanged.
    pub values: BTreeMap<String, String>,
}

/// The mapping file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mapping {
    pub columns: Vec<MappedColumn>,
}

struct MapSink {
    file: String,
    cols: [usize; 3],
    rows: Vec<MappedColumn>,
    errors: Vec<RowError>,
    header_error: Option<FileError>,
}

impl TableSink for MapSink {
    fn header(&mut self, _row: u64, cells: &[&str]) -> Flow {
        let find = |n: &str| cells.iter().position(|c| c.trim().eq_ignore_ascii_case(n));
        match (find("limesurvey"), find("abbild"), find("values")) {
            (Some(a), Some(b), Some(c)) => {
                self.cols = [a, b, c];
                Flow::Continue
            }
            _ => {
                self.header_error = Some(FileError::Format {
                    reason: "die Zuordnungsdatei braucht die Spalten limesurvey, abbild und values"
                        .into(),
                });
                Flow::Stop
            }
        }
    }

    fn row<C: Cells>(&mut self, row: u64, cells: &C) -> Flow {
        let ls = cells.get(self.cols[0]).trim().to_owned();
        let target = cells.get(self.cols[1]).trim().to_ascii_lowercase();
        if !TARGETS.contains(&target.as_str()) {
            self.errors.push(RowError::new(
                &self.file,
                row,
                "abbild",
                &target,
                abbild_i18n::Message::new("exp-abbild-column").with("columns", TARGETS.join(", ")),
            ));
        }
        let mut values = BTreeMap::new();
        for pair in cells
            .get(self.cols[2])
            .split('|')
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            match pair.split_once('=') {
                Some((k, v)) => {
                    values.insert(k.trim().to_owned(), v.trim().to_owned());
                }
                None => self.errors.push(RowError::new(
                    &self.file,
                    row,
                    "values",
                    pair,
                    abbild_i18n::Message::new("exp-value-pairs"),
                )),
            }
        }
        self.rows.push(MappedColumn {
            limesurvey: ls,
            abbild: target,
            values,
        });
        if self.errors.len() >= MAX_ROW_ERRORS {
            Flow::Stop
        } else {
            Flow::Continue
        }
    }
}

impl Mapping {
    pub fn read(name: &str, bytes: &[u8]) -> Result<Self, ImportError> {
        let mut sink = MapSink {
            file: name.to_owned(),
            cols: [0, 1, 2],
            rows: Vec::new(),
            errors: Vec::new(),
            header_error: None,
        };
        read_table(name, bytes, None, &mut sink).map_err(|e| ImportError::file(name, e))?;
        if let Some(e) = sink.header_error {
            return Err(ImportError::file(name, e));
        }
        if !sink.errors.is_empty() {
            return Err(ImportError {
                file: name.to_owned(),
                file_errors: Vec::new(),
                row_errors: sink.errors,
                truncated: false,
            });
        }
        Ok(Mapping { columns: sink.rows })
    }
}

/// Collects the export's mapped columns as canonical CSV text, keeping row numbers.
struct ExportSink<'a> {
    mapping: &'a Mapping,
    /// Per mapping entry, the export's column index.
    index: Vec<usize>,
    missing: Vec<String>,
    out: String,
    /// The output columns after `ags`, in order.
    head: Vec<&'static str>,
    last_row: u64,
    ags: Ags,
    wave: Option<Wave>,
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

impl TableSink for ExportSink<'_> {
    fn header(&mut self, row: u64, cells: &[&str]) -> Flow {
        for m in &self.mapping.columns {
            match cells.iter().position(|c| c.trim() == m.limesurvey) {
                Some(i) => self.index.push(i),
                None => {
                    self.missing.push(m.limesurvey.clone());
                    self.index.push(usize::MAX);
                }
            }
        }
        let mut head = vec!["ags"];
        if self.wave.is_some() {
            head.push("wave");
        }
        for t in TARGETS {
            if t == "wave" && self.wave.is_some() {
                continue;
            }
            if self.mapping.columns.iter().any(|m| m.abbild == t) {
                if t == "age" {
                    head.extend(["age_from", "age_to"]);
                } else {
                    head.push(t);
                }
            }
        }
        self.out.push_str(&head.join(","));
        self.out.push('\n');
        self.head = head;
        self.last_row = row;
        if self.missing.is_empty() {
            Flow::Continue
        } else {
            Flow::Stop
        }
    }

    fn row<C: Cells>(&mut self, row: u64, cells: &C) -> Flow {
        // Blank rows keep their place, so that row numbers in errors match the export.
        for _ in self.last_row + 1..row {
            self.out.push_str(&",".repeat(self.head.len() - 1));
            self.out.push('\n');
        }
        self.last_row = row;
        let mut by_target: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for (m, &i) in self.mapping.columns.iter().zip(&self.index) {
            let raw = cells.get(i).trim();
            if raw.is_empty() {
                continue;
            }
            let v = m.values.get(raw).cloned().unwrap_or_else(|| raw.to_owned());
            by_target.entry(m.abbild.as_str()).or_default().push(v);
        }
        let mut rec: Vec<String> = Vec::with_capacity(self.head.len());
        for h in &self.head {
            let v = match *h {
                "ags" => self.ags.to_string(),
                "wave" => match self.wave {
                    Some(w) => w.to_string(),
                    None => by_target
                        .get("wave")
                        .map(|v| v.join(" "))
                        .unwrap_or_default(),
                },
                "languages" => by_target
                    .get("languages")
                    .map(|v| v.join(";"))
                    .unwrap_or_default(),
                "age_from" | "age_to" => {
                    let band = by_target
                        .get("age")
                        .map(|v| v.join(" "))
                        .unwrap_or_default();
                    match band.split_once('-') {
                        Some((f, _)) if *h == "age_from" => f.trim().to_owned(),
                        Some((_, t)) => t.trim().to_owned(),
                        None => band,
                    }
                }
                t => by_target.get(t).map(|v| v.join(" ")).unwrap_or_default(),
            };
            rec.push(csv_field(&v));
        }
        self.out.push_str(&rec.join(","));
        self.out.push('\n');
        Flow::Continue
    }
}

/// Reads a LimeSurvey export for one city (and wave, unless the mapping provides `wave`)
/// through `mapping`, and validates it like a responses file.
pub fn read_limesurvey_bytes(
    name: &str,
    bytes: &[u8],
    mapping: &Mapping,
    ags: Ags,
    wave: Option<Wave>,
    opts: &Options<'_>,
    sink: impl FnMut(ResponseRecord),
) -> Result<Summary, ImportError> {
    let mut conv = ExportSink {
        mapping,
        index: Vec::new(),
        missing: Vec::new(),
        out: String::new(),
        head: Vec::new(),
        last_row: 1,
        ags,
        wave,
    };
    read_table(name, bytes, opts.sheet.as_deref(), &mut conv)
        .map_err(|e| ImportError::file(name, e))?;
    if !conv.missing.is_empty() {
        return Err(ImportError::file(
            name,
            FileError::Format {
                reason: format!(
                    "die Zuordnung nennt Spalten, die der Export nicht hat: {}",
                    conv.missing.join(", ")
                ),
            },
        ));
    }
    let mut summary = crate::read_responses_bytes(name, conv.out.as_bytes(), opts, sink)?;
    // Idempotency is about the file the analyst has, not our intermediate text.
    summary.sha256 = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(bytes))
    };
    Ok(summary)
}

//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::unwrap_used)]

use abbild_core::records::{
    ExitRecord, PipelineRecord, PopulationRecord, ResponseRecord, StaffRecord,
};
use abbild_core::FieldCatalog;
use abbild_import::{ImportError, Options, RowError, Summary};

pub fn catalog() -> FieldCatalog {
    FieldCatalog::default()
}

pub fn staff(name: &str, bytes: &[u8]) -> Result<(Vec<StaffRecord>, Summary), ImportError> {
    let cat = catalog();
    let mut out = Vec::new();
    let s = abbild_import::read_staff_bytes(name, bytes, &Options::new(&cat), |r| out.push(r))?;
    Ok((out, s))
}

pub fn responses(name: &str, bytes: &[u8]) -> Result<(Vec<ResponseRecord>, Summary), ImportError> {
    let cat = catalog();
    let mut out = Vec::new();
    let s = abbild_import::read_responses_bytes(name, bytes, &Options::new(&cat), |r| out.push(r))?;
    Ok((out, s))
}

pub fn population(
    name: &str,
    bytes: &[u8],
) -> Result<(Vec<PopulationRecord>, Summary), ImportError> {
    let cat = catalog();
    let mut out = Vec::new();
    let s =
        abbild_import::read_population_bytes(name, bytes, &Options::new(&cat), |r| out.push(r))?;
    Ok((out, s))
}

pub fn pipeline(name: &str, bytes: &[u8]) -> Result<(Vec<PipelineRecord>, Summary), ImportError> {
    let cat = catalog();
    let mut out = Vec::new();
    let s = abbild_import::read_pipeline_bytes(name, bytes, &Options::new(&cat), |r| out.push(r))?;
    Ok((out, s))
}

pub fn exits(name: &str, bytes: &[u8]) -> Result<(Vec<ExitRecord>, Summary), ImportError> {
    let cat = catalog();
    let mut out = Vec::new();
    let s = abbild_import::read_exits_bytes(name, bytes, &Options::new(&cat), |r| out.push(r))?;
    Ok((out, s))
}

/// Encodes text as Windows-1252, as German Excel writes "CSV (Trennzeichen-getrennt)".
pub fn cp1252(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable, "test text not representable in Windows-1252");
    bytes.into_owned()
}

/// The error of an import that must fail, as its full message.
pub fn err_text<T>(r: Result<T, ImportError>) -> String {
    match r {
        Ok(_) => panic!("import unexpectedly succeeded"),
        Err(e) => e.to_string(),
    }
}

/// The row errors as plain values, with what was expected in German (the command line's words).
pub fn german(rows: &[RowError]) -> Vec<(&str, u64, &str, &str, String)> {
    rows.iter()
        .map(|r| {
            (
                r.file.as_str(),
                r.row,
                r.column.as_str(),
                r.value.as_str(),
                r.expected.to_string(),
            )
        })
        .collect()
}

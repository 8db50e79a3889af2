//! Renders protected count tables (`abbild protect`).

use crate::{ExportError, Released};
use abbild_core::disclosure::ProtectedTables;
use std::io::Write;

/// JSON: `{"k","tables":[{"dims","cells":[{"key","value","status"}]}],"primary","secondary","audit","protection"}`.
pub fn json(rel: &Released<ProtectedTables>) -> Result<String, ExportError> {
    Ok(serde_json::to_string_pretty(rel)?)
}

/// CSV: one row per published cell; dimensions a cell is a margin over are empty.
pub fn csv<W: Write>(rel: &Released<ProtectedTables>, out: W) -> Result<(), ExportError> {
    let t = rel.body();
    let mut dims: Vec<String> = Vec::new();
    for table in &t.tables {
        for d in &table.dims {
            if !dims.contains(d) {
                dims.push(d.clone());
            }
        }
    }
    let mut w = crate::CsvOut::new(out, crate::CsvStyle::Canonical)?;
    let mut header = vec!["table".to_owned()];
    header.extend(dims.iter().cloned());
    header.extend(["value", "status"].map(str::to_owned));
    w.record(&header)?;
    for table in &t.tables {
        let name = if table.dims.is_empty() {
            "total".to_owned()
        } else {
            table.dims.join("×")
        };
        for c in &table.cells {
            let mut rec = vec![name.clone()];
            rec.extend(dims.iter().map(|d| {
                c.key
                    .iter()
                    .find(|(k, _)| k == d)
                    .map_or(String::new(), |(_, v)| v.clone())
            }));
            rec.push(c.value.map_or(String::new(), |v| v.to_string()));
            rec.push(
                serde_json::to_value(c.status)?
                    .as_str()
                    .unwrap_or("")
                    .to_owned(),
            );
            w.record(&rec)?;
        }
    }
    w.finish()?;
    Ok(())
}

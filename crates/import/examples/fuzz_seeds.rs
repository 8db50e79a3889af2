//! Writes the empty templates of every file kind as XLSX seeds for the `xlsx_any` fuzz target:
//! `cargo run -p abbild-import --example fuzz_seeds -- fuzz/corpus/xlsx_any`.
#![allow(clippy::print_stderr)]

use abbild_core::FieldCatalog;
use abbild_import::Kind;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).ok_or("usage: fuzz_seeds DIR")?);
    std::fs::create_dir_all(&dir)?;
    let cat = FieldCatalog::default();
    for kind in Kind::ALL {
        let path = dir.join(format!("seed-template-{}.xlsx", kind.code()));
        std::fs::write(&path, abbild_import::write_template_bytes(kind, &cat)?)?;
        eprintln!("{}", path.display());
    }
    Ok(())
}

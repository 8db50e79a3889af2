//! CSV bytes of any shape must yield records or an error, never a panic.
#![no_main]

use abbild_core::FieldCatalog;
use abbild_import::{read_pipeline_bytes, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let catalog = FieldCatalog::default();
    let opts = Options::new(&catalog);
    let mut n = 0u64;
    if let Ok(s) = read_pipeline_bytes("fuzz.csv", data, &opts, |_| n += 1) {
        assert_eq!(s.rows, n);
    }
});

//! XLSX bytes of any shape, read as each of the five file kinds, must never panic.
#![no_main]

use abbild_core::FieldCatalog;
use abbild_import::{
    read_exits_bytes, read_pipeline_bytes, read_population_bytes, read_responses_bytes,
    read_staff_bytes, Options,
};
use libfuzzer_sys::fuzz_target;
use std::sync::Once;

static HOOK: Once = Once::new();

/// calamine 0.31 has known panics on malformed files; abbild-import catches them
/// (`catch_unwind`) and reports a broken file. libfuzzer-sys aborts in its panic hook before
/// unwinding, so let panics located in calamine unwind into that guard, and keep aborting on
/// every other panic (ours, or an uncaught one).
fn tolerate_calamine_panics() {
    HOOK.call_once(|| {
        let fuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_calamine = info
                .location()
                .is_some_and(|l| l.file().contains("/calamine-"));
            if !in_calamine {
                fuzzer_hook(info);
            }
        }));
    });
}

fuzz_target!(|data: &[u8]| {
    tolerate_calamine_panics();
    let catalog = FieldCatalog::default();
    let opts = Options::new(&catalog);
    let _ = read_staff_bytes("fuzz.xlsx", data, &opts, |_| {});
    let _ = read_responses_bytes("fuzz.xlsx", data, &opts, |_| {});
    let _ = read_population_bytes("fuzz.xlsx", data, &opts, |_| {});
    let _ = read_pipeline_bytes("fuzz.xlsx", data, &opts, |_| {});
    let _ = read_exits_bytes("fuzz.xlsx", data, &opts, |_| {});
});

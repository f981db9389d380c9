//! Fuzzes every format of the monthly report with names from the input: the input's parts
//! (split at NUL) name the province, its department and its communes, and every renderer writes
//! the report. Any input must give `Ok` or `Err`, never a panic; no name may add a line to the
//! text or the Markdown report.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        chiso766_fuzz::renderers(text);
    }
});

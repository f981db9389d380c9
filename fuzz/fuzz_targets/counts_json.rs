//! Fuzzes `Counts::from_json` (the interchange JSON) and, when the text reads as counts, scoring
//! them under a built-in edition: any input must give `Ok` or `Err`, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        chiso766_fuzz::score_counts(chiso766::Counts::from_json(text));
    }
});

//! Fuzzes `Counts::from_csv` (the interchange CSV) and, when the bytes read as counts, scoring
//! them under a built-in edition: any input must give `Ok` or `Err`, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| chiso766_fuzz::score_counts(chiso766::Counts::from_csv(data)));

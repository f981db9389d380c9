//! Fuzzes `portal::Capture`: the national portal's evaluation responses read into counts. The input
//! is one response body, or several separated by NUL bytes, added in turn to one capture; then its
//! counts, their score, and the comparison with the portal's own scores. Any input must give `Ok`
//! or `Err`, never a panic.
#![no_main]

use std::sync::OnceLock;

use chiso766::portal::Capture;
use chiso766::{score, Methodology, ScoreOptions};
use libfuzzer_sys::fuzz_target;

fn dvcqg() -> &'static Methodology {
    static METHODOLOGY: OnceLock<Methodology> = OnceLock::new();
    METHODOLOGY.get_or_init(|| Methodology::builtin("dvcqg-2026").expect("a built-in edition"))
}

fuzz_target!(|data: &[u8]| {
    let mut capture = Capture::new();
    let mut added = false;
    for body in data.split(|&b| b == 0).take(4) {
        if let Ok(text) = std::str::from_utf8(body) {
            added |= capture.add(text).is_ok();
        }
    }
    if added {
        if let Ok(counts) = capture.counts(None) {
            if let Ok(card) = score(dvcqg(), &counts, &ScoreOptions::default()) {
                let _ = capture.compare(&card);
            }
        }
    }
});

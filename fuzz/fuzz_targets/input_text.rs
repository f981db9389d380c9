//! Fuzzes `input::read_text`, the text layer every JSON input goes through (UTF-8 with or without
//! a byte-order mark, UTF-16 with one, NUL bytes and other encodings refused), and `printable` on
//! what it reads: any input must give `Ok` or `Err`, never a panic.
#![no_main]

use chiso766::input::read_text;
use chiso766::printable::printable;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = read_text(data, "fuzz") {
        let _ = printable(&text);
    }
});

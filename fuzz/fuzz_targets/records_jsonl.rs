//! Fuzzes the raw-record readers on JSON Lines (through the `input` text layer); see
//! [`chiso766_fuzz::records`] for how the first byte picks the reader and the options. Every
//! record is read; any input must give `Ok` or `Err` records, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| chiso766_fuzz::records(data, chiso766::record::Format::JsonLines));

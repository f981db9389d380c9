//! Fuzzes the plans on the demo province: targets (a criterion, a group or the total, at any
//! number), overtaking goals and what-if scenarios read from the input, each answered and worded.
//! The input is lines: `UNIT` first, then `SCOPE=POINTS` targets, `rank=N` or `above=UNIT`
//! goals, and from a line `{` on, a scenario's JSON. Any input must give `Ok` or `Err`, never a
//! panic, a hang or the memory a knapsack as wide as the target would take.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        chiso766_fuzz::plans(text);
    }
});

//! Fuzzes `Methodology::from_json` (an edition as data, with its validation): any input must give
//! `Ok` or `Err`, never a panic. An edition that reads is written back out and scores Phú Thọ's
//! 2026 counts (the crate's example, naming no edition), which runs its rules on real numbers.
#![no_main]

use std::sync::OnceLock;

use chiso766::{score, Counts, Methodology, ScoreOptions};
use libfuzzer_sys::fuzz_target;

fn phu_tho() -> &'static Counts {
    static COUNTS: OnceLock<Counts> = OnceLock::new();
    COUNTS.get_or_init(|| Counts::from_json(chiso766::examples::PHU_THO_2026).expect("the example"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(methodology) = Methodology::from_json(text) {
        let _ = methodology.to_json();
        let mut counts = phu_tho().clone();
        counts.methodology = None; // scored under whichever edition is given
        let _ = score(&methodology, &counts, &ScoreOptions::default());
    }
});

//! The main job on the embedded default: Phú Thọ's 2026 counts (SPEC §3) scored by `dvcqg-2026`
//! and printed as a Vietnamese scorecard — each criterion's counts, rate and points, each group, the
//! total (61,89) and the decision's five-group view.
//!
//! Run: `cargo run --release --example score_province`

mod common;

use std::process::ExitCode;

use chiso766::{report, score, Counts, Methodology, ScoreOptions};

fn run() -> chiso766::Result<String> {
    let counts = Counts::from_json(chiso766::examples::PHU_THO_2026)?;
    let methodology = Methodology::builtin(counts.methodology_name())?;
    let card = score(&methodology, &counts, &ScoreOptions::default())?;
    report::unit_text(&card, "H44", None)
}

fn main() -> ExitCode {
    if std::env::args().len() > 1 {
        return common::usage(
            "score_province takes no arguments (score a file with the `score` example)",
            "usage: cargo run --release --example score_province",
        );
    }
    common::finish(run())
}

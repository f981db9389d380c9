//! Re-scores a folder of the national portal's responses and prints every published score beside
//! ours, mismatches first, in Vietnamese; exits with status 1 when any score differs.
//!
//! ```text
//! cargo run --release --example compare_portal -- DIR --set month-all [--period 2026-08] [--json]
//! ```
//!
//! `DIR` is laid out as the portal's paths are (`transparency/month-all.json`,
//! `dvc-progress-tree/month-all.json`…), as `../shared/data/portal/phu-tho-2026` is. The period
//! comes from the folder's manifest when it has one; `--period` names it otherwise, and must agree
//! with the manifest when both are given.

use std::io::Write as _;
use std::process::ExitCode;

use chiso766::portal::{CaptureSet, Comparison, ScoreLine};
use chiso766::report::{format_count, format_points};
use chiso766::{score, Error, ErrorKind, Methodology, Period, ScoreOptions};

const USAGE: &str =
    "usage: compare_portal DIR --set month-all|quarter-all|year-all|… [--period 2026-08] [--json]";

struct Args {
    dir: String,
    set: String,
    period: Option<String>,
    json: bool,
}

fn parse_args() -> Result<Args, String> {
    let (mut dir, mut set, mut period, mut json) = (None, None, None, false);
    let mut words = std::env::args().skip(1);
    while let Some(word) = words.next() {
        let mut value = || words.next().ok_or(format!("{word} needs a value"));
        match word.as_str() {
            "--set" => set = Some(value()?),
            "--period" => period = Some(value()?),
            "--json" => json = true,
            "-h" | "--help" => return Err(String::new()),
            other if other.starts_with("--") => return Err(format!("unexpected argument {other}")),
            other if dir.is_none() => dir = Some(other.to_owned()),
            other => return Err(format!("unexpected argument {other}")),
        }
    }
    Ok(Args {
        dir: dir.ok_or("the folder of responses is required")?,
        set: set.ok_or("--set is required (e.g. month-all)")?,
        period,
        json,
    })
}

fn points(value: Option<chiso766::Decimal>) -> String {
    value.map_or_else(|| "không có".to_owned(), |v| format_points(v, 2))
}

fn line(score: &ScoreLine) -> String {
    let mark = match score.agrees {
        Some(true) => "khớp    ",
        Some(false) => "KHÁC    ",
        None => "bỏ qua  ",
    };
    format!(
        "{mark} {:<14} {:<34} {:<34} Cổng: {:>7}  Tính lại: {:>7}",
        score.unit,
        chiso766::input::printable(&score.name),
        score.place,
        points(score.portal),
        points(score.ours)
    )
}

fn text(set: &str, period: Option<Period>, comparison: &Comparison) -> String {
    let mut out = format!(
        "So sánh với điểm Cổng Dịch vụ công quốc gia đã công bố: bộ {set}, {} (dvcqg-2026)\n",
        period.map_or_else(|| "kỳ không rõ".to_owned(), |p| p.label_vi())
    );
    out.push_str(&format!(
        "Đã so sánh {} điểm: {} khớp, {} khác; {} điểm không so sánh (thiếu số liệu để tính lại).\n\n",
        format_count(comparison.compared as u64),
        format_count((comparison.compared - comparison.mismatches.len()) as u64),
        format_count(comparison.mismatches.len() as u64),
        format_count(comparison.skipped as u64)
    ));
    // Mismatches first, then the scores that agree, then those not compared.
    let order = |s: &&ScoreLine| match s.agrees {
        Some(false) => 0,
        Some(true) => 1,
        None => 2,
    };
    let mut scores: Vec<&ScoreLine> = comparison.scores.iter().collect();
    scores.sort_by_key(order);
    for score in scores {
        out.push_str(&line(score));
        out.push('\n');
    }
    out
}

fn run(args: &Args) -> Result<(String, bool), Error> {
    let read = CaptureSet::read(std::path::Path::new(&args.dir), &args.set)?;
    let given = args
        .period
        .as_deref()
        .map(str::parse::<Period>)
        .transpose()?;
    let period = match (given, read.period) {
        (Some(given), Some(manifest)) if given != manifest => {
            return Err(Error::from(ErrorKind::Syntax {
                problem: format!(
                    "--period {given}, but the manifest of {} says the set {} was requested for \
                     {manifest}",
                    args.dir, args.set
                ),
            }))
        }
        (given, manifest) => given.or(manifest),
    };
    let counts = read.capture.counts(period)?;
    let card = score(
        &Methodology::builtin("dvcqg-2026")?,
        &counts,
        &ScoreOptions::default(),
    )?;
    let comparison = read.capture.compare(&card);
    let agree = comparison.mismatches.is_empty();
    let out = if args.json {
        let document = serde_json::json!({
            "set": args.set,
            "period": period,
            "methodology": "dvcqg-2026",
            "comparison": comparison,
        });
        serde_json::to_string_pretty(&document).map_err(|e| {
            Error::from(ErrorKind::Syntax {
                problem: e.to_string(),
            })
        })?
    } else {
        text(&args.set, period, &comparison)
    };
    Ok((out, agree))
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(problem) => {
            if !problem.is_empty() {
                eprintln!("error: {problem}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok((out, agree)) => {
            let _ = writeln!(std::io::stdout().lock(), "{}", out.trim_end());
            if agree {
                ExitCode::SUCCESS
            } else {
                eprintln!("error: some published scores differ from ours (marked KHÁC)");
                ExitCode::FAILURE
            }
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

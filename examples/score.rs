//! Scores and ranks every unit of an interchange file (SPEC §6).
//!
//! ```text
//! cargo run --release --example score -- FILE.json|FILE.csv [--json] [--lenient]
//!     [--methodology M.json] [--unit CODE]
//! ```
//!
//! Without `--json` it prints the ranking by total within each peer set and, with `--unit`, that
//! unit's scorecard; with `--json`, the scorecard with every unit's criteria, groups, total and ranks
//! (decimals as strings). Errors go to standard error with a non-zero exit code.

mod common;

use std::process::ExitCode;

use chiso766::{rank_all, report, score, Counts, Error, Methodology, RankMethod, ScoreOptions};

struct Args {
    file: String,
    json: bool,
    lenient: bool,
    methodology: Option<String>,
    unit: Option<String>,
}

const USAGE: &str =
    "usage: score FILE.json|FILE.csv [--json] [--lenient] [--methodology M.json] [--unit CODE]";

fn parse_args() -> Result<Args, String> {
    let mut args = std::env::args().skip(1);
    let (mut file, mut json, mut lenient, mut methodology, mut unit) =
        (None, false, false, None, None);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--json" => json = true,
            "--lenient" => lenient = true,
            "--methodology" => methodology = Some(args.next().ok_or("--methodology needs a file")?),
            "--unit" => unit = Some(args.next().ok_or("--unit needs a unit code")?),
            "-h" | "--help" => return Err(String::new()),
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
            _ if file.is_some() => return Err(format!("unexpected argument {arg}")),
            _ => file = Some(arg),
        }
    }
    let file = file.ok_or("no input file")?;
    Ok(Args {
        file,
        json,
        lenient,
        methodology,
        unit,
    })
}

/// A JSON file as text: a byte-order mark or UTF-16 is handled, other encodings are refused
/// with the line.
fn read(path: &str) -> Result<String, Error> {
    chiso766::input::read_file(path)
}

fn run(args: &Args) -> Result<String, Error> {
    let counts = if args.file.to_ascii_lowercase().ends_with(".csv") {
        let file = std::fs::File::open(&args.file).map_err(|source| chiso766::ErrorKind::Io {
            path: args.file.clone(),
            source,
        })?;
        Counts::from_csv(file)
    } else {
        Counts::from_json(&read(&args.file)?)
    }
    .map_err(|e| e.in_source(&args.file))?;
    if counts.units.is_empty() {
        eprintln!("warning: {}: the file holds no units", args.file);
    }
    let methodology = match &args.methodology {
        Some(path) => Methodology::from_json(&read(path)?).map_err(|e| e.in_source(path))?,
        None => Methodology::builtin(counts.methodology_name())?,
    };
    let options = ScoreOptions {
        lenient: args.lenient,
        ..ScoreOptions::default()
    };
    let card = score(&methodology, &counts, &options)?;
    let rankings = rank_all(&card, RankMethod::Competition)?;
    if args.json {
        let json = report::scorecard_json(&card, &rankings);
        return serde_json::to_string_pretty(&json).map_err(|e| {
            Error::from(chiso766::ErrorKind::Syntax {
                problem: e.to_string(),
            })
        });
    }
    let mut out = String::new();
    if let Some(code) = &args.unit {
        out.push_str(&report::unit_text(&card, code, rankings.first())?);
    } else {
        out.push_str(&format!(
            "Phương pháp tính: {} — {} đơn vị\n",
            methodology.name(),
            card.units().len()
        ));
        if let Some(total) = rankings.first() {
            out.push_str(&report::ranking_text(&card, total));
        }
    }
    for d in card.diagnostics() {
        out.push_str(&format!(
            "lưu ý: đơn vị {}, tiêu chí {}: {}\n",
            d.unit, d.criterion, d.message
        ));
    }
    Ok(out)
}

fn main() -> ExitCode {
    match parse_args() {
        Ok(args) => common::finish(run(&args)),
        Err(problem) => common::usage(&problem, USAGE),
    }
}

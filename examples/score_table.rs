//! Scores and ranks many units with the compiled plan ([`chiso766::compiled`]), timed: the
//! synthetic national set (3,934 units) by default, or a counts file.
//!
//! ```text
//! cargo run --release --example score_table -- [FILE.json|FILE.csv] [--runs N] [--check]
//!     [--wide COUNTS.csv] [--results RESULTS.csv]
//! ```
//!
//! Prints the median time of score + rank (total and every group, every peer set) over `--runs`
//! runs, the counts already laid out (file reading excluded). `--check` compares every total and
//! rank with `score` and `rank`; `--wide` writes the counts one row per unit (`code, peer, then
//! num and den of each criterion`) for a peer implementation; `--results` writes each unit's
//! total and group points in hundredths and its ranks.

mod common;

use std::fmt::Write as _;
use std::process::ExitCode;
use std::time::Instant;

use chiso766::compiled::{CountTable, PointTable, Ranks, ScoringPlan};
use chiso766::examples::synthetic::national_counts;
use chiso766::{
    rank, score, Counts, CriterionCount, Error, ErrorKind, Methodology, RankBy, RankMethod,
    ScoreOptions,
};

const USAGE: &str = "usage: score_table [FILE.json|FILE.csv] [--runs N] [--check] \
[--wide COUNTS.csv] [--results RESULTS.csv]";

#[derive(Default)]
struct Args {
    file: Option<String>,
    runs: usize,
    check: bool,
    wide: Option<String>,
    results: Option<String>,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args {
        runs: 101,
        ..Args::default()
    };
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--runs" => {
                parsed.runs = (value("--runs")?.parse().ok())
                    .filter(|&n: &usize| n > 0)
                    .ok_or("--runs needs a positive whole number")?
            }
            "--check" => parsed.check = true,
            "--wide" => parsed.wide = Some(value("--wide")?),
            "--results" => parsed.results = Some(value("--results")?),
            "-h" | "--help" => return Err(String::new()),
            other if other.starts_with('-') => return Err(format!("unknown option {other}")),
            file => parsed.file = Some(file.to_owned()),
        }
    }
    Ok(parsed)
}

/// What stops the example: the crate's errors, or a check that fails.
type Failure = Box<dyn std::error::Error>;

fn write(path: &str, text: &str) -> Result<(), Error> {
    std::fs::write(path, text).map_err(|source| {
        ErrorKind::Io {
            path: path.to_owned(),
            source,
        }
        .into()
    })
}

/// The counts one row per unit: code, peer set, then num and den of each criterion.
fn wide(methodology: &Methodology, counts: &Counts, table: &CountTable) -> Result<String, Failure> {
    let mut out = String::from("code,peer");
    for (_, criterion) in methodology.criteria() {
        let _ = write!(out, ",{0}_num,{0}_den", criterion.code);
    }
    out.push('\n');
    for (row, unit) in counts.units.iter().enumerate() {
        let peer = table.peer_set(row).map_or_else(String::new, |p| {
            format!("{}/{}", p.level.as_str(), p.under.as_deref().unwrap_or(""))
        });
        let _ = write!(out, "{},{peer}", unit.unit.code);
        for (_, criterion) in methodology.criteria() {
            match unit.criteria.get(&criterion.code) {
                Some(CriterionCount::Counted { num, den }) => {
                    let _ = write!(out, ",{num},{den}");
                }
                _ => {
                    return Err(format!(
                        "unit {}, criterion {}: the wide file holds own counts only: every \
                         criterion counted",
                        unit.unit.code, criterion.code
                    )
                    .into())
                }
            }
        }
        out.push('\n');
    }
    Ok(out)
}

/// Each unit's total and group points in hundredths, and its ranks.
fn results(
    methodology: &Methodology,
    table: &CountTable,
    points: &PointTable,
    ranks: &Ranks,
) -> String {
    let hundredths = |p: Option<chiso766::Decimal>| {
        p.map_or_else(String::new, |p| {
            (p * chiso766::Decimal::ONE_HUNDRED).normalize().to_string()
        })
    };
    let show = |r: Option<u32>| r.map_or_else(String::new, |r| r.to_string());
    let mut out = String::from("code,total,rank");
    for group in methodology.groups() {
        let _ = write!(out, ",{0},{0}_rank", group.code);
    }
    out.push('\n');
    for (row, code) in table.codes().iter().enumerate() {
        let _ = write!(
            out,
            "{code},{},{}",
            hundredths(points.total(row)),
            show(ranks.total(row))
        );
        for g in 0..methodology.groups().len() {
            let _ = write!(
                out,
                ",{},{}",
                hundredths(points.group(row, g)),
                show(ranks.group(row, g))
            );
        }
        out.push('\n');
    }
    out
}

/// Every total and rank of the plan against `score` and `rank`; the number of units checked.
fn check(
    methodology: &Methodology,
    counts: &Counts,
    points: &PointTable,
    ranks: &Ranks,
) -> Result<usize, Failure> {
    let card = score(methodology, counts, &ScoreOptions::default())?;
    let by_total = rank(&card, &RankBy::Total, RankMethod::Competition)?;
    let mut by_group = Vec::new();
    for group in methodology.groups() {
        by_group.push(rank(
            &card,
            &RankBy::Group(group.code.clone()),
            RankMethod::Competition,
        )?);
    }
    for (row, unit) in card.units().iter().enumerate() {
        let code = &unit.unit.code;
        let mut same = points.total(row) == unit.total
            && by_total.get(code).map(|r| r.rank) == Some(ranks.total(row));
        for (g, group) in unit.groups.iter().enumerate() {
            same &= points.group(row, g) == group.points
                && by_group.get(g).and_then(|r| r.get(code)).map(|r| r.rank)
                    == Some(ranks.group(row, g));
        }
        if !same {
            return Err(format!("unit {code}: the compiled plan and score/rank disagree").into());
        }
    }
    Ok(card.units().len())
}

fn run(args: &Args) -> Result<String, Failure> {
    let counts = match &args.file {
        None => national_counts(&Methodology::builtin("dvcqg-2026")?),
        Some(path) if path.to_ascii_lowercase().ends_with(".csv") => {
            let file = std::fs::File::open(path).map_err(|source| ErrorKind::Io {
                path: path.clone(),
                source,
            })?;
            Counts::from_csv(file).map_err(|e| e.in_source(path))?
        }
        Some(path) => {
            Counts::from_json(&chiso766::input::read_file(path)?).map_err(|e| e.in_source(path))?
        }
    };
    let methodology = Methodology::builtin(counts.methodology_name())?;
    let plan = ScoringPlan::new(&methodology);
    let table = plan.table(&counts, &ScoreOptions::default())?;
    let mut times = Vec::with_capacity(args.runs);
    let mut last = None;
    for _ in 0..args.runs {
        let start = Instant::now();
        let points = plan.score(&table)?;
        let ranks = points.ranks(&table);
        times.push(start.elapsed());
        last = Some((points, ranks));
    }
    times.sort();
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    let mut out = format!(
        "{} units, {}: score + rank (total and {} groups) median {:.3} ms over {} runs\n",
        table.len(),
        methodology.name(),
        methodology.groups().len(),
        median.as_secs_f64() * 1e3,
        args.runs
    );
    let Some((points, ranks)) = last else {
        return Ok(out);
    };
    if args.check {
        let checked = check(&methodology, &counts, &points, &ranks)?;
        let _ = writeln!(
            out,
            "{checked} units: every total and rank equals score and rank"
        );
    }
    if let Some(path) = &args.wide {
        write(path, &wide(&methodology, &counts, &table)?)?;
    }
    if let Some(path) = &args.results {
        write(path, &results(&methodology, &table, &points, &ranks))?;
    }
    Ok(out)
}

fn main() -> ExitCode {
    match parse(std::env::args().skip(1)) {
        Ok(args) => common::finish(run(&args)),
        Err(problem) => common::usage(&problem, USAGE),
    }
}

//! Replays record files as a stream of events through a live scorecard ([`chiso766::live`]),
//! printing a province's score and rank as they change, as a one-stop system would see them
//! dossier after dossier.
//!
//! ```text
//! cargo run --release --example gen_records -- --dossiers 200000 --provinces 3 --out /tmp/live
//! cargo run --release --example live -- /tmp/live [--province H10] [--period 2026-09]
//!     [--start N] [--every K]
//! ```
//!
//! `DIR` holds the files `gen_records` writes (`units.csv`, `procedures.csv`, `dossiers.csv`,
//! optionally `petitions.csv` and `counts.json`). The first `--start` dossiers (default 0) are
//! counted before the replay; every other dossier, then every petition, is an event. The
//! province's total is printed when it changes, at most once every `--every` events (default
//! 1,000), and at the end, with the median time an event took.

mod common;

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use chiso766::count::{RecordFiles, Tally};
use chiso766::input::read_file;
use chiso766::live::{Event, LiveScorecard};
use chiso766::printable::printable;
use chiso766::record::{read_dossiers, read_petitions, Format};
use chiso766::report::{format_count, format_points};
use chiso766::{Counts, Decimal, Error, ErrorKind, Methodology, Period, ScoreOptions};

const USAGE: &str = "usage: live DIR [--province CODE] [--period P] [--start N] [--every K]";

struct Args {
    dir: String,
    province: Option<String>,
    period: String,
    start: usize,
    every: usize,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let (mut dir, mut province, mut period, mut start, mut every) =
        (None, None, "2026-09".to_owned(), 0, 1_000);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        let mut number = |name: &str| {
            value(name)?
                .parse::<usize>()
                .map_err(|_| format!("{name} needs a whole number"))
        };
        match arg.as_str() {
            "--province" => province = Some(value("--province")?),
            "--period" => period = value("--period")?,
            "--start" => start = number("--start")?,
            "--every" => every = number("--every")?.max(1),
            "-h" | "--help" => return Err(String::new()),
            other if other.starts_with('-') => {
                return Err(format!("unknown option {}", printable(other)))
            }
            other => dir = Some(other.to_owned()),
        }
    }
    Ok(Args {
        dir: dir.ok_or("give the directory of the record files")?,
        province,
        period,
        start,
        every,
    })
}

/// The province's line: “sau 1.000 sự kiện: UBND tỉnh 1 (H10) 63,27 điểm, xếp hạng 1/3”.
fn line(live: &LiveScorecard, period: &Period, code: &str, name: &str, events: usize) -> String {
    let Some(scores) = live.scores(period) else {
        return String::new();
    };
    let total = scores
        .total(code)
        .map_or("chưa đủ số liệu".to_owned(), |t| {
            format!("{} điểm", format_points(t, 2))
        });
    let rank = scores
        .rank(code)
        .map_or("chưa xếp hạng".to_owned(), |(rank, of)| {
            format!("xếp hạng {rank}/{of}")
        });
    format!(
        "sau {} sự kiện: {name} ({code}) {total}, {rank}",
        format_count(events as u64)
    )
}

fn run(args: Args) -> Result<String, Error> {
    let dir = Path::new(&args.dir);
    let path = |name: &str| dir.join(name).to_string_lossy().into_owned();
    let period: Period = args.period.parse()?;
    let counting =
        RecordFiles::new(&path("procedures.csv"), &path("units.csv")).counting(vec![period])?;
    // The optional files: absent is fine, unreadable is an error.
    let counts_path = path("counts.json");
    let extra = if Path::new(&counts_path).exists() {
        let text = read_file(&counts_path)?;
        Some(Counts::from_json(&text).map_err(|e| e.in_source(&counts_path))?)
    } else {
        None
    };
    let province = match &args.province {
        Some(code) => counting.tree().get(code),
        None => counting.tree().units().iter().find(|u| u.parent.is_none()),
    }
    .ok_or_else(|| ErrorKind::UnknownUnit {
        unit: args.province.clone().unwrap_or_default(),
    })?
    .clone();

    let dossiers_path = path("dossiers.csv");
    let mut dossiers = read_dossiers(common::open(&dossiers_path)?, Format::Csv, &dossiers_path)?;
    let mut tally = Tally::default();
    for row in dossiers.by_ref().take(args.start) {
        let row = row?;
        (counting.add_dossier(&mut tally, &row.record))
            .map_err(|e| e.at(&dossiers_path, Some(row.line)))?;
    }
    let methodology = Methodology::builtin("dvcqg-2026")?;
    let mut live = LiveScorecard::new(
        counting,
        &tally,
        &methodology,
        extra,
        ScoreOptions::default(),
    )?;
    drop(tally);

    // Names and codes from the office's files are printed by the one rule for text a person reads.
    let (code, name) = (printable(&province.code), printable(&province.name));
    let (code, name) = (code.as_ref(), name.as_ref());
    let mut out = format!(
        "Điểm trực tiếp kỳ {}, {} hồ sơ tính trước:\n{}\n",
        period.label_vi(),
        format_count(args.start as u64),
        line(&live, &period, code, name, 0)
    );
    let petitions_path = path("petitions.csv");
    let petitions = if Path::new(&petitions_path).exists() {
        let file = common::open(&petitions_path)?;
        Some(read_petitions(file, Format::Csv, &petitions_path)?)
    } else {
        None
    };
    let events = (dossiers
        .map(|row| row.map(|r| (Event::Dossier(r.record), r.line, &dossiers_path))))
    .chain(
        (petitions.into_iter().flatten())
            .map(|row| row.map(|r| (Event::Petition(r.record), r.line, &petitions_path))),
    );
    let mut times = Vec::new();
    let (mut applied, mut shown, mut last_printed) = (0usize, None::<Option<Decimal>>, 0usize);
    for event in events {
        let (event, line_number, file) = event?;
        let started = Instant::now();
        live.apply(&event)
            .map_err(|e| e.at(file, Some(line_number)))?;
        times.push(started.elapsed());
        applied += 1;
        let total = live.scores(&period).and_then(|s| s.total(code));
        if shown != Some(total) && applied - last_printed >= args.every {
            out.push_str(&line(&live, &period, code, name, applied));
            out.push('\n');
            (shown, last_printed) = (Some(total), applied);
        }
    }
    out.push_str(&format!(
        "Cuối cùng — {}\n",
        line(&live, &period, code, name, applied)
    ));
    times.sort_unstable();
    if let Some(median) = times.get(times.len() / 2) {
        // Tenths of a microsecond, rounded half up.
        let tenths = (median.as_nanos() + 50) / 100;
        let micros = Decimal::new(i64::try_from(tenths).unwrap_or(i64::MAX), 1);
        out.push_str(&format!(
            "{} sự kiện, trung vị {} µs mỗi sự kiện\n",
            format_count(applied as u64),
            format_points(micros, 1)
        ));
    }
    Ok(out)
}

fn main() -> ExitCode {
    match parse(std::env::args().skip(1)) {
        Ok(args) => common::finish(run(args)),
        Err(problem) => common::usage(&problem, USAGE),
    }
}

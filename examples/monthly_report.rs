//! Writes a province's monthly one-stop report (SPEC §8) from its one-stop-shop system's raw
//! records: received, carried over, settled early, on time and late, returned, in process, online
//! and digitized shares, each rate against the previous period, the units and fields to watch,
//! the appendix table, and, with the counts records cannot give (`--counts`), the index report of
//! the same period (groups against the peers' average, rankings, trend).
//!
//! ```text
//! cargo run --release --example monthly_report -- --procedures P.csv --dossiers D.csv
//!     [--petitions K.csv] --units U.csv [--holidays H.csv] [--counts C.json]
//!     --period 2026-05 [--previous 2026-04] [--province H44]
//!     [--on-time settled_in_time|due_in_period|late_share] [--min-volume 50] [--trend 6]
//!     [--format text|md|html|xlsx|csv|json] [--out FILE] [--day-first] [--lenient-timelines]
//! ```
//!
//! The previous period defaults to the one before of the same kind (for `2026-04-21..2026-05-20`,
//! `2026-03-21..2026-04-20`). The report covers `--province` and the units below it; without it,
//! the only top unit of the tree, or every unit when there are several. A period not yet over is
//! marked provisional (tạm tính). `--format xlsx` needs `--out` and the `xlsx` feature
//! (`cargo run --release --features xlsx --example monthly_report -- …`).

mod common;

use std::fs::File;
use std::io::Write as _;
use std::process::ExitCode;

use chiso766::calendar::Moment;
use chiso766::count::{RecordFiles, Tally};
use chiso766::input::read_file;
use chiso766::record::Format;
use chiso766::report::{self, IndexReport, MonthlyOptions, MonthlyReport};
use chiso766::stats::{OnTimeDefinition, Statistics};
use chiso766::{score, Counts, Error, ErrorKind, Methodology, Period, ScoreOptions};

const USAGE: &str = "usage: monthly_report --procedures P.csv --dossiers D.csv [--petitions K.csv] \
--units U.csv [--holidays H.csv] [--counts C.json] --period 2026-05 [--previous 2026-04] \
[--province CODE] [--on-time settled_in_time|due_in_period|late_share] [--min-volume N] [--trend N] \
[--format text|md|html|xlsx|csv|json] [--out FILE] [--day-first] [--lenient-timelines]";

/// The most periods counted in one pass (the period, the one compared with, and the trend's).
const MOST_PERIODS: usize = chiso766::count::MAX_PERIODS;

#[derive(Default)]
struct Args {
    procedures: Option<String>,
    dossiers: Option<String>,
    petitions: Option<String>,
    units: Option<String>,
    holidays: Option<String>,
    counts: Option<String>,
    period: Option<String>,
    previous: Option<String>,
    province: Option<String>,
    on_time: OnTimeDefinition,
    min_volume: Option<u64>,
    trend: Option<usize>,
    format: String,
    out: Option<String>,
    reading: chiso766::ReadOptions,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        format: "text".into(),
        ..Args::default()
    };
    let mut words = std::env::args().skip(1);
    while let Some(word) = words.next() {
        let mut value = || words.next().ok_or(format!("{word} needs a value"));
        match word.as_str() {
            "--procedures" => args.procedures = Some(value()?),
            "--dossiers" => args.dossiers = Some(value()?),
            "--petitions" => args.petitions = Some(value()?),
            "--units" => args.units = Some(value()?),
            "--holidays" => args.holidays = Some(value()?),
            "--counts" => args.counts = Some(value()?),
            "--period" => args.period = Some(value()?),
            "--previous" => args.previous = Some(value()?),
            "--province" => args.province = Some(value()?),
            "--on-time" => {
                args.on_time = value()?.parse().map_err(|e: Error| e.to_string())?;
            }
            "--min-volume" => {
                let text = value()?;
                args.min_volume = Some(
                    text.parse()
                        .map_err(|_| format!("--min-volume takes a number, not {text}"))?,
                );
            }
            "--trend" => {
                let text = value()?;
                let n: usize = text
                    .parse()
                    .map_err(|_| format!("--trend takes a number of periods, not {text}"))?;
                if !(1..=MOST_PERIODS).contains(&n) {
                    return Err(format!(
                        "--trend is 1 to {MOST_PERIODS} periods (the period and earlier ones, counted in one pass)"
                    ));
                }
                args.trend = Some(n);
            }
            "--format" => {
                let format = value()?;
                if !["text", "md", "html", "xlsx", "csv", "json"].contains(&format.as_str()) {
                    return Err(format!(
                        "--format is text, md, html, xlsx, csv or json, not {format}"
                    ));
                }
                args.format = format;
            }
            "--out" => args.out = Some(value()?),
            "--day-first" => args.reading.day_first_dates = true,
            "--lenient-timelines" => args.reading.lenient_timelines = true,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unexpected argument {other}")),
        }
    }
    if args.procedures.is_none()
        || args.dossiers.is_none()
        || args.units.is_none()
        || args.period.is_none()
    {
        return Err("--procedures, --dossiers, --units and --period are required".into());
    }
    if args.format == "xlsx" && args.out.is_none() {
        return Err("--format xlsx writes a workbook: give --out FILE.xlsx".into());
    }
    Ok(args)
}

fn io_error(path: &str) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| {
        ErrorKind::Io {
            path: path.to_owned(),
            source,
        }
        .into()
    }
}

/// The periods counted in one pass: the period, the one it is compared with, then the trend's
/// earlier periods of the same kind (each the one before the last); and the positions of the
/// trend's earlier periods among them, nearest first.
fn periods(args: &Args) -> Result<(Vec<Period>, Vec<usize>), Error> {
    let period: Period = args.period.as_deref().unwrap_or_default().parse()?;
    let previous = match &args.previous {
        Some(text) => text.parse()?,
        None => period.previous()?,
    };
    if std::mem::discriminant(&period.kind()) != std::mem::discriminant(&previous.kind()) {
        eprintln!("lưu ý: kỳ so sánh {previous} không cùng loại với kỳ báo cáo {period}");
    }
    let mut periods = vec![period, previous];
    let mut trend = Vec::new();
    let mut earlier = period;
    // The trend shows `--trend` periods, this one last.
    for _ in 1..args.trend.unwrap_or(6) {
        let Ok(before) = earlier.previous() else {
            break;
        };
        earlier = before;
        match periods.iter().position(|p| *p == before) {
            Some(at) => trend.push(at),
            None if periods.len() < MOST_PERIODS => {
                trend.push(periods.len());
                periods.push(before);
            }
            None => break,
        }
    }
    Ok((periods, trend))
}

fn today() -> Option<chiso766::Date> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    let seconds = i64::try_from(now.as_secs()).ok()?;
    Moment::from_unix_seconds(seconds).ok().map(Moment::date)
}

fn run(args: &Args) -> Result<String, Error> {
    let (periods, trend) = periods(args)?;
    let extra = match &args.counts {
        Some(path) => Some(Counts::from_json(&read_file(path)?).map_err(|e| e.in_source(path))?),
        None => None,
    };
    let mut files = RecordFiles::new(
        args.procedures.as_deref().unwrap_or_default(),
        args.units.as_deref().unwrap_or_default(),
    )
    .reading(args.reading.clone());
    if let Some(path) = &args.holidays {
        files = files.holidays(path);
    }
    let counting = files.counting(periods.clone())?.with_statistics();
    if let (Some(path), Some(extra)) = (&args.counts, &extra) {
        counting
            .check_counts(extra)
            .map_err(|e| e.in_source(path))?;
    }
    let mut tally = Tally::default();
    counting.add_dossier_file(&mut tally, args.dossiers.as_deref().unwrap_or_default())?;
    if let Some(path) = &args.petitions {
        let file = File::open(path).map_err(io_error(path))?;
        let mut rows =
            chiso766::ReadOptions::default().petitions(file, Format::of_path(path), path)?;
        for row in rows.by_ref() {
            let row = row?;
            counting
                .add_petition(&mut tally, &row.record)
                .map_err(|e| e.at(path, Some(row.line)))?;
        }
        common::warn(rows.warnings());
    }
    common::warn(tally.warnings());
    if tally.repeat_count() > 0 {
        let shown: Vec<&str> = tally
            .repeated()
            .iter()
            .take(5)
            .map(String::as_str)
            .collect();
        eprintln!(
            "lưu ý: {} bản ghi có mã lặp lại, bản ghi sau được dùng: {}",
            report::format_count(tally.repeat_count()),
            shown.join(", ")
        );
    }
    let stats = Statistics::of(&counting, &tally)?;
    let counts = counting.counts(&tally, extra.as_ref())?;
    let with_records = counting.records_per_period(&tally);
    drop(tally);

    let tree = counting.tree();
    let scope = match &args.province {
        Some(code) => Some(code.clone()),
        None => {
            let mut tops = tree.units().iter().filter(|u| u.parent.is_none());
            match (tops.next(), tops.next()) {
                (Some(top), None) => Some(top.code.clone()),
                _ => None,
            }
        }
    };
    let (period, previous) = match periods.as_slice() {
        [period, previous, ..] => (*period, *previous),
        _ => {
            return Err(Error::from(ErrorKind::Syntax {
                problem: "a report needs its period and the previous one".into(),
            }))
        }
    };
    let provisional = today().is_some_and(|today| today <= period.last_day());
    let options = MonthlyOptions {
        on_time: args.on_time,
        min_volume: args.min_volume.unwrap_or(50),
        scope: scope.clone(),
        provisional,
    };
    let mut monthly = MonthlyReport::build(
        &stats,
        &period,
        Some(&previous),
        (counts.first(), counts.get(1)),
        &options,
    )?;
    if let Some(code) = &scope {
        let methodology = Methodology::builtin("dvcqg-2026")?;
        let cards = (counts.iter())
            .map(|c| score(&methodology, c, &ScoreOptions::default()))
            .collect::<Result<Vec<_>, _>>()?;
        // The trend, oldest first, leaves out earlier periods without any record.
        let history: Vec<_> = (trend.iter().rev())
            .filter(|&&at| with_records.get(at).is_some_and(|(d, p)| d + p > 0))
            .filter_map(|&at| cards.get(at))
            .collect();
        let Some(card) = cards.first() else {
            return Err(Error::from(ErrorKind::Syntax {
                problem: "no period was scored".into(),
            }));
        };
        let index = IndexReport::build(card, code, cards.get(1), &history, provisional)?;
        monthly = monthly.with_index(index);
    }
    write(args, &monthly)
}

/// Renders the report in the chosen format, to `--out` or as the program's output.
fn write(args: &Args, monthly: &MonthlyReport) -> Result<String, Error> {
    let bytes: Vec<u8> = match args.format.as_str() {
        "md" => report::markdown::monthly(monthly).into_bytes(),
        "html" => report::html::monthly(monthly).into_bytes(),
        "csv" => {
            let mut out = Vec::new();
            report::csv::appendix(monthly, &mut out)?;
            out
        }
        "json" => serde_json::to_vec_pretty(monthly).map_err(|e| {
            Error::from(ErrorKind::Syntax {
                problem: e.to_string(),
            })
        })?,
        "xlsx" => xlsx(monthly)?,
        _ => report::text::monthly(monthly).into_bytes(),
    };
    match &args.out {
        Some(path) => {
            let mut file = File::create(path).map_err(io_error(path))?;
            file.write_all(&bytes).map_err(io_error(path))?;
            Ok(format!(
                "đã ghi {} ({} byte)",
                path,
                report::format_count(bytes.len() as u64)
            ))
        }
        None => String::from_utf8(bytes).map_err(|e| {
            Error::from(ErrorKind::Syntax {
                problem: e.to_string(),
            })
        }),
    }
}

#[cfg(feature = "xlsx")]
fn xlsx(monthly: &MonthlyReport) -> Result<Vec<u8>, Error> {
    report::xlsx::workbook(monthly)
}

#[cfg(not(feature = "xlsx"))]
fn xlsx(_: &MonthlyReport) -> Result<Vec<u8>, Error> {
    Err(Error::from(ErrorKind::Syntax {
        problem: "Excel output needs the xlsx feature: cargo run --release --features xlsx \
                  --example monthly_report -- …"
            .into(),
    }))
}

fn main() -> ExitCode {
    match parse_args() {
        Ok(args) => common::finish(run(&args)),
        Err(problem) => common::usage(&problem, USAGE),
    }
}

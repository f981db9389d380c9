//! Counts and scores every unit from a one-stop-shop system's raw records (SPEC §7).
//!
//! ```text
//! cargo run --release --example score_records -- --procedures P.csv --dossiers D.csv
//!     [--petitions K.csv] [--units U.csv] [--holidays H.csv] [--counts C.json]
//!     --period 2026-03 [--period 2026-Q1 ...] [--json] [--explain DOSSIER_ID] [--counts-out C.csv]
//!     [--deadline date|instant] [--no-due-date statutory|on-time|overdue] [--stopped-on-time]
//!     [--missing-officer-overdue] [--long-appointment-overdue] [--as-of "2026-03-15 17:00"]
//! ```
//!
//! Files ending in `.jsonl` are read as JSON Lines, others as CSV. The unit tree comes from
//! `--units`, or else from the units of `--counts`, which also supplies the criteria records cannot
//! give (publication, sync). With `--json` it prints, per period, the `score` example's JSON (each
//! criterion with its `num` and `den`); with `--explain`, why one dossier counts as it does; with
//! `--counts-out`, it also writes the period's interchange counts as CSV. The other options select
//! the local systems' counting policies ([`CountOptions`]); the portal's are the default.

mod common;

use std::fs::File;
use std::io::Write as _;
use std::process::ExitCode;

use chiso766::calendar::Moment;
use chiso766::count::{CountOptions, Deadline, NoDueDate, RecordFiles, Stopped, Tally};
use chiso766::input::read_file;
use chiso766::record::Format;
use chiso766::{
    rank_all, report, score, Counts, Error, ErrorKind, Methodology, Period, RankMethod,
    ReadOptions, ScoreOptions, Warning,
};

#[derive(Default)]
struct Args {
    procedures: Option<String>,
    dossiers: Option<String>,
    petitions: Option<String>,
    units: Option<String>,
    holidays: Option<String>,
    counts: Option<String>,
    periods: Vec<String>,
    json: bool,
    explain: Option<String>,
    counts_out: Option<String>,
    options: CountOptions,
    reading: ReadOptions,
}

const USAGE: &str =
    "usage: score_records --procedures P.csv --dossiers D.csv [--petitions K.csv] [--units U.csv] \
[--holidays H.csv] [--counts C.json] --period 2026-03 [--period …] [--json] [--explain DOSSIER_ID] [--counts-out C.csv] \
[--deadline date|instant] [--no-due-date statutory|on-time|overdue] [--stopped-on-time] [--missing-officer-overdue] \
[--long-appointment-overdue] [--as-of TIME] [--day-first] [--lenient-timelines] [--max-line-bytes N]";

fn parse_args() -> Result<Args, String> {
    let mut args = Args::default();
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
            "--period" => args.periods.push(value()?),
            "--explain" => args.explain = Some(value()?),
            "--counts-out" => args.counts_out = Some(value()?),
            "--json" => args.json = true,
            "--deadline" => {
                args.options.deadline = match value()?.as_str() {
                    "date" => Deadline::Date,
                    "instant" => Deadline::Instant,
                    other => return Err(format!("--deadline is date or instant, not {other}")),
                }
            }
            "--no-due-date" => {
                args.options.no_due_date = match value()?.as_str() {
                    "statutory" => NoDueDate::StatutoryTime,
                    "on-time" => NoDueDate::OnTime,
                    "overdue" => NoDueDate::Overdue,
                    other => {
                        return Err(format!(
                            "--no-due-date is statutory, on-time or overdue, not {other}"
                        ))
                    }
                }
            }
            "--stopped-on-time" => args.options.stopped = Stopped::OnTime,
            "--missing-officer-overdue" => args.options.missing_officer_overdue = true,
            "--long-appointment-overdue" => args.options.long_appointment_overdue = true,
            "--as-of" => {
                let text = value()?;
                let moment = Moment::parse(&text).map_err(|e| format!("--as-of: {e}"))?;
                args.options.as_of = Some(moment);
            }
            "--day-first" => args.reading.day_first_dates = true,
            "--lenient-timelines" => args.reading.lenient_timelines = true,
            "--max-line-bytes" => {
                let text = value()?;
                args.reading.max_line_bytes = text
                    .parse()
                    .map_err(|_| format!("--max-line-bytes takes a number of bytes, not {text}"))?;
            }
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unexpected argument {other}")),
        }
    }
    if args.procedures.is_none() || args.dossiers.is_none() || args.periods.is_empty() {
        return Err("--procedures, --dossiers and --period are required".into());
    }
    if args.counts_out.is_some() && args.periods.len() != 1 {
        return Err("--counts-out writes the counts of one period: give one --period".into());
    }
    Ok(args)
}

fn run(args: &Args) -> Result<String, Error> {
    let reading = &args.reading;
    let periods = args
        .periods
        .iter()
        .map(|p| p.parse())
        .collect::<Result<Vec<Period>, _>>()?;
    let extra = match &args.counts {
        Some(path) => Some(Counts::from_json(&read_file(path)?).map_err(|e| e.in_source(path))?),
        None => None,
    };
    // Units read from a file carry the days they exist; those from a counts file do not.
    let procedures = args.procedures.as_deref().unwrap_or_default();
    let mut files = match (&args.units, &extra) {
        (Some(path), _) => RecordFiles::new(procedures, path),
        (None, Some(counts)) => RecordFiles::with_units(
            procedures,
            counts.units.iter().map(|u| u.unit.clone()).collect(),
        ),
        (None, None) => {
            return Err(Error::from(ErrorKind::Syntax {
                problem: "give --units or --counts for the unit tree".into(),
            }))
        }
    }
    .reading(reading.clone())
    .options(args.options);
    if let Some(path) = &args.holidays {
        files = files.holidays(path);
    }
    let counting = files.counting(periods)?;
    if let (Some(path), Some(extra)) = (&args.counts, &extra) {
        counting
            .check_counts(extra)
            .map_err(|e| e.in_source(path))?;
    }

    let path = args.dossiers.as_deref().unwrap_or_default();
    if let Some(id) = &args.explain {
        for row in reading.dossiers(common::open(path)?, Format::of_path(path), path)? {
            let row = row?;
            if &row.record.id != id {
                continue;
            }
            let methodology = Methodology::builtin("dvcqg-2026")?;
            let mut out = format!("Hồ sơ {} ({} dòng {}):\n", row.record.id, path, row.line);
            for line in counting
                .explain(&row.record)
                .map_err(|e| e.at(path, Some(row.line)))?
            {
                let mark = match (line.in_denominator, line.in_numerator) {
                    (false, _) => "không tính",
                    (true, true) => "đạt",
                    (true, false) => "không đạt",
                };
                let name = methodology
                    .criterion(line.criterion)
                    .map_or(line.criterion, |c| c.name.as_str());
                out.push_str(&format!(
                    "  {} — {name} ({}): {mark}; {}\n",
                    line.period.label_vi(),
                    line.criterion,
                    line.reason
                ));
            }
            return Ok(out);
        }
        return Err(Error::from(ErrorKind::Syntax {
            problem: format!("dossier {id} is not in {path}"),
        }));
    }
    let mut tally = Tally::default();
    counting.add_dossier_file(&mut tally, path)?;
    if let Some(path) = &args.petitions {
        let mut rows = reading.petitions(common::open(path)?, Format::of_path(path), path)?;
        for row in rows.by_ref() {
            let row = row?;
            counting
                .add_petition(&mut tally, &row.record)
                .map_err(|e| e.at(path, Some(row.line)))?;
        }
        common::warn(rows.warnings());
    }
    common::warn(tally.warnings());
    if args.explain.is_some() {
        return Err(Error::from(ErrorKind::Syntax {
            problem: "the dossier to explain is not in the file".into(),
        }));
    }

    let methodology = Methodology::builtin("dvcqg-2026")?;
    let mut out = String::new();
    // The JSON report is written a period at a time, so only one period's document is in memory.
    let stdout = std::io::stdout();
    let mut json_out = std::io::BufWriter::new(stdout.lock());
    let mut documents = 0;
    let write_error = |e: std::io::Error| {
        Error::from(ErrorKind::Io {
            path: "standard output".into(),
            source: e,
        })
    };
    for (period, (dossiers, petitions)) in counting
        .periods()
        .iter()
        .zip(counting.records_per_period(&tally))
    {
        if dossiers + petitions == 0 {
            common::warn(&[Warning {
                source: period.to_string(),
                line: None,
                message: "kỳ này không có hồ sơ hay PAKN nào trong dữ liệu".into(),
            }]);
        }
    }
    let all_counts = counting.counts(&tally, extra.as_ref())?;
    let undated = counting.undated(&tally);
    let read = format!(
        "đã đọc {} hồ sơ, {} PAKN",
        report::format_count(tally.dossiers() as u64),
        report::format_count(tally.petitions() as u64)
    );
    let repeats = (!tally.repeated().is_empty()).then(|| {
        let shown: Vec<&str> = tally
            .repeated()
            .iter()
            .take(5)
            .map(String::as_str)
            .collect();
        format!(
            "lưu ý: {} mã hồ sơ lặp lại, bản ghi sau được dùng: {}\n",
            report::format_count(tally.repeat_count()),
            shown.join(", ")
        )
    });
    // The counts are all the reports need: the tally (memory for every id) goes before scoring.
    drop(tally);
    for (counts, undated) in all_counts.into_iter().zip(undated) {
        if let Some(path) = &args.counts_out {
            let file = File::create(path).map_err(|source| ErrorKind::Io {
                path: path.clone(),
                source,
            })?;
            counts
                .to_csv(std::io::BufWriter::new(file))
                .map_err(|e| e.in_source(path))?;
        }
        let card = score(&methodology, &counts, &ScoreOptions::default())?;
        let rankings = rank_all(&card, RankMethod::Competition)?;
        if args.json {
            let document = report::scorecard_json(&card, &rankings);
            let opening = if documents == 0 { "[\n" } else { ",\n" };
            json_out
                .write_all(opening.as_bytes())
                .map_err(write_error)?;
            serde_json::to_writer_pretty(&mut json_out, &document)
                .map_err(|e| write_error(e.into()))?;
            documents += 1;
            continue;
        }
        let period = counts.period.map(|p| p.label_vi()).unwrap_or_default();
        out.push_str(&format!("\n=== {period} ({read})\n"));
        if let Some(total) = rankings.first() {
            out.push_str(&report::ranking_text(&card, total));
        }
        if undated > 0 {
            out.push_str(&format!(
                "lưu ý: {undated} hồ sơ không có hạn xử lý để đánh giá (tính là đúng hạn)\n"
            ));
        }
    }
    if let Some(note) = repeats {
        if args.json {
            eprint!("{note}");
        } else {
            out.push_str(&note);
        }
    }
    if args.json {
        let closing = if documents == 0 { "[]\n" } else { "\n]\n" };
        json_out
            .write_all(closing.as_bytes())
            .map_err(write_error)?;
        json_out.flush().map_err(write_error)?;
    }
    Ok(out)
}

fn main() -> ExitCode {
    match parse_args() {
        Ok(args) => common::finish(run(&args)),
        Err(problem) => common::usage(&problem, USAGE),
    }
}

//! `chiso766 report`: the month's one-stop report (SPEC §8), with the index report of the same
//! period when its counts are given, in one or several formats.

use std::path::{Path, PathBuf};

use chiso766::calendar::Moment;
use chiso766::count::MAX_PERIODS;
use chiso766::report::{self, Document, IndexReport, MonthlyOptions, MonthlyReport, TrendPoint};
use chiso766::stats::{OnTimeDefinition, Statistics};
use chiso766::{score, Counts, Period, ScoreOptions, Scorecard};
use jiff::civil::Date;

use crate::args::{Format, ReportArgs};
use crate::failure::Failure;
use crate::inputs::{self, Sources};
use crate::messages::Context;
use crate::output;
use crate::progress;

/// The periods counted in one pass: the period, the one it is compared with (when there is one),
/// the year to date (when it is not the period itself), then the trend's earlier periods of the
/// same kind; and the positions of the year to date and of the trend's earlier periods.
struct Periods {
    all: Vec<Period>,
    compared: bool,
    year_to_date: Option<usize>,
    trend: Vec<usize>,
}

/// The year to date of `period` (seed `000_…`: “từ 1/1 đến 24/5/2022”): from 1 January to the
/// period's last day, or, for a month of an office's own cycle (the 21st to the 20th), from that
/// day of the December before; `None` for any other range (its year has no start the report can
/// know) and when it is the period itself.
fn year_to_date(period: &Period) -> Option<Period> {
    let (first, last) = (period.first_day(), period.last_day());
    let start = if first.day() == 1 {
        Date::new(last.year(), 1, 1).ok()?
    } else {
        let cycle_month = first
            .checked_add(jiff::Span::new().months(1))
            .ok()?
            .yesterday()
            .ok()?;
        if cycle_month != last {
            return None;
        }
        Date::new(last.year() - 1, 12, first.day()).ok()?
    };
    (start < first)
        .then(|| Period::range(start, last).ok())
        .flatten()
}

/// Writes the report of `--period`.
pub fn run(
    args: &ReportArgs,
    profile: Option<&Path>,
    context: &mut Context,
) -> Result<(), Failure> {
    let sources = Sources::load(profile, args.counting.given(), context)?;
    sources.require_dossiers()?;
    let targets = targets(args, &sources)?;
    let periods = periods(args)?;
    let counting = sources.counting(periods.all.clone(), true)?;
    let scope = scope(&sources, &counting)?;
    let tally = sources.tally(&counting, context)?;
    let given = sources.given_counts()?;
    super::count::unused(&counting, &given);
    let stats = Statistics::of(&counting, &tally)?;
    let counts = counting.counts_given(&tally, &given)?;
    let with_records = counting.records_per_period(&tally);
    drop(tally);
    partial_previous(&periods, &with_records);
    let monthly = build(
        args,
        &sources,
        &periods,
        &stats,
        &counts,
        &with_records,
        scope,
    )?;
    blank_document_note(&monthly.document, &targets);
    write(&monthly, &targets)
}

/// Says when a document to sign (Word, HTML) goes out with its header and signer all blank:
/// dotted lines are right for the day and number, not for who issues and signs it.
fn blank_document_note(document: &Document, targets: &Targets) {
    let signed = (targets.iter()).any(|(format, _)| matches!(format, Format::Docx | Format::Html));
    let blank = document.issuer_parent.is_none()
        && document.issuer.is_none()
        && document.place.is_none()
        && document.signer_title.is_empty()
        && document.signer_name.is_none();
    if signed && blank {
        progress::note(
            "phần đầu và cuối văn bản (cơ quan, địa danh, người ký) để dòng chấm: khai báo \
             issuer_parent, issuer, place, signer_title, signer_name và recipients ở mục [report] \
             của chiso766.toml",
        );
    }
}

/// The unit the report is about: the profile's or the command line's province, else the only
/// top unit of the tree.
fn scope(
    sources: &Sources,
    counting: &chiso766::count::Counting,
) -> Result<Option<String>, Failure> {
    let tree = counting.tree();
    if let Some(code) = &sources.province {
        if tree.get(code).is_none() {
            return Err(Failure::usage(
                format!("không có đơn vị {code} trong danh sách đơn vị"),
                "sửa province trong chiso766.toml (hoặc --province) theo mã trong danh sách đơn vị",
            ));
        }
        return Ok(Some(code.clone()));
    }
    let mut tops = tree.units().iter().filter(|u| u.parent.is_none());
    Ok(match (tops.next(), tops.next()) {
        (Some(top), None) => Some(top.code.clone()),
        _ => None,
    })
}

fn periods(args: &ReportArgs) -> Result<Periods, Failure> {
    let period = inputs::period(&args.period)?;
    let previous = match &args.previous {
        Some(text) => {
            let previous = inputs::period(text)?;
            if previous.first_day() > period.last_day() || previous == period {
                return Err(Failure::usage(
                    format!("kỳ so sánh {previous} không ở trước kỳ báo cáo {period}"),
                    "--previous là một kỳ trước kỳ báo cáo, ví dụ --period 2026-10 --previous 2026-09",
                ));
            }
            Some(previous)
        }
        None if args.no_previous => None,
        // The first period a calendar covers has none before it: the report says so.
        None => period.previous().ok(),
    };
    match previous {
        Some(previous)
            if std::mem::discriminant(&period.kind())
                != std::mem::discriminant(&previous.kind()) =>
        {
            progress::note(&format!(
                "kỳ so sánh {previous} không cùng loại với kỳ báo cáo {period}"
            ));
        }
        Some(_) => {}
        None if args.no_previous => {}
        None => progress::note(&format!("kỳ {period} không có kỳ trước để so sánh")),
    }
    let mut all = vec![period];
    all.extend(previous);
    let year_to_date = year_to_date(&period).map(|ytd| {
        all.push(ytd);
        all.len() - 1
    });
    let mut trend = Vec::new();
    let mut earlier = period;
    for _ in 1..args.trend.unwrap_or(6) {
        let Ok(before) = earlier.previous() else {
            break;
        };
        earlier = before;
        match all.iter().position(|p| *p == before) {
            Some(at) => trend.push(at),
            None if all.len() < MAX_PERIODS => {
                trend.push(all.len());
                all.push(before);
            }
            None => break,
        }
    }
    Ok(Periods {
        all,
        compared: previous.is_some(),
        year_to_date,
        trend,
    })
}

/// Says when the period compared with holds far fewer records than the period reported: an export
/// of the month alone holds only the dossiers of the month before still open in it, and every
/// comparison with that month would be wrong.
fn partial_previous(periods: &Periods, with_records: &[(usize, usize)]) {
    let (Some(&(now, _)), Some(&(before, _))) = (with_records.first(), with_records.get(1)) else {
        return;
    };
    if !periods.compared || now < 20 || before * 2 >= now {
        return;
    }
    let (period, previous) = (periods.all[0], periods.all[1]);
    progress::note(&format!(
        "{} chỉ có {} hồ sơ tiếp nhận trong dữ liệu, so với {} của {}: nếu tệp xuất chỉ có hồ sơ \
         của kỳ báo cáo, các so sánh với kỳ trước trong báo cáo không đúng. Xuất thêm hồ sơ của \
         kỳ trước, hoặc lập báo cáo với --no-previous để bỏ phần so sánh",
        previous.label_vi(),
        chiso766::report::format_count(before as u64),
        chiso766::report::format_count(now as u64),
        period.label_vi()
    ));
}

/// Today, by the clock of this computer (in Vietnam's time).
fn today() -> Option<Date> {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .and_then(|d| i64::try_from(d.as_secs()).ok())
        .and_then(|s| Moment::from_unix_seconds(s).ok())
        .map(|now| now.date())
}

/// Whether the period is not over yet (its figures are provisional).
fn open_period(period: &Period) -> bool {
    today().is_some_and(|today| today <= period.last_day())
}

/// The parts of the signed document from the profile's `[report]` (SPEC §11); what it leaves
/// blank stays a dotted line to fill in by hand. A signer's title of two lines (“KT. CHÁNH VĂN
/// PHÒNG” over “PHÓ CHÁNH VĂN PHÒNG”) is written with a line break between them.
fn document(sources: &Sources) -> Document {
    let report = sources.profile.as_ref().map(|p| &p.report);
    let field = |key: &str| {
        report
            .and_then(|r| r.document.get(key))
            .map(|at| at.value.clone())
            .filter(|v| !v.trim().is_empty())
    };
    Document {
        issuer_parent: field("issuer_parent"),
        issuer: field("issuer"),
        symbol: field("symbol"),
        place: field("place"),
        written_on: today(),
        signer_title: field("signer_title")
            .map(|t| t.lines().map(str::to_owned).collect())
            .unwrap_or_default(),
        signer_name: field("signer_name"),
        recipients: (report.iter())
            .flat_map(|r| &r.recipients)
            .map(|at| at.value.clone())
            .collect(),
    }
}

/// The report value: the month's statistics, and the index when the scope's counts are complete
/// enough to score.
fn build(
    args: &ReportArgs,
    sources: &Sources,
    periods: &Periods,
    stats: &Statistics,
    counts: &[Counts],
    with_records: &[(usize, usize)],
    scope: Option<String>,
) -> Result<MonthlyReport, Failure> {
    let period = periods.all[0];
    let previous = periods.compared.then(|| periods.all[1]);
    let provisional = open_period(&period);
    let options = MonthlyOptions {
        on_time: on_time(args, sources)?,
        min_volume: args.min_volume.unwrap_or(50),
        scope: scope.clone(),
        provisional,
        year_to_date: periods.year_to_date.map(|at| periods.all[at]),
    };
    let monthly = MonthlyReport::build(
        stats,
        &period,
        previous.as_ref(),
        (counts.first(), counts.get(1).filter(|_| periods.compared)),
        &options,
    )?
    .with_document(document(sources));
    let Some(code) = scope else {
        return Ok(monthly);
    };
    let (cards, earlier) = scored(sources, periods, (counts, with_records), &code)?;
    let Some(card) = cards.first() else {
        return Ok(monthly);
    };
    let before = if periods.compared { cards.get(1) } else { None };
    let index = IndexReport::build_after(card, &code, before, &earlier, provisional)?;
    Ok(monthly.with_index(index))
}

/// How on time is defined: `--on-time`, else the profile's, else the default.
fn on_time(args: &ReportArgs, sources: &Sources) -> Result<OnTimeDefinition, Failure> {
    let asked = args.on_time.as_deref().or_else(|| {
        (sources.profile.as_ref()).and_then(|p| p.report.on_time.as_ref().map(|a| a.value.as_str()))
    });
    Ok(match asked {
        Some(text) => text.parse::<OnTimeDefinition>()?,
        None => OnTimeDefinition::default(),
    })
}

/// Each period's `counts` scored: the scorecards of this period and the one compared, and the
/// points of unit `code` in the trend's periods with records (`with_records`), oldest first.
fn scored(
    sources: &Sources,
    periods: &Periods,
    (counts, with_records): (&[Counts], &[(usize, usize)]),
    code: &str,
) -> Result<(Vec<Scorecard>, Vec<TrendPoint>), Failure> {
    // Each period is scored in turn and kept only as the scope's point of the trend, but for
    // this period and the one compared: every unit's scores of a year would hold gigabytes.
    let kept = if periods.compared { 2 } else { 1 };
    let (mut cards, mut points) = (Vec::new(), Vec::new());
    for (at, counts) in counts.iter().enumerate() {
        let card = score(&sources.methodology, counts, &ScoreOptions::default())?;
        // The trend leaves out earlier periods without any record.
        let in_trend =
            periods.trend.contains(&at) && with_records.get(at).is_some_and(|(d, p)| d + p > 0);
        if in_trend {
            points.push((at, TrendPoint::of(&card, code)?));
        }
        if at < kept {
            cards.push(card);
        }
    }
    // Oldest first, as the trend is read.
    let earlier: Vec<TrendPoint> = (periods.trend.iter().rev())
        .filter_map(|at| {
            points
                .iter()
                .find(|(p, _)| p == at)
                .map(|(_, point)| point.clone())
        })
        .collect();
    Ok((cards, earlier))
}

/// Where each format goes: a file, or standard output (`None`).
type Targets = Vec<(Format, Option<PathBuf>)>;

/// The formats asked for (or the profile's, or text) and where each goes: `--out` is a file for
/// one format and a folder for several; the profile's `out` is a folder, used unless `--format`
/// names one format read on screen (text, Markdown, JSON), which is printed.
fn targets(args: &ReportArgs, sources: &Sources) -> Result<Targets, Failure> {
    let report = sources.profile.as_ref().map(|p| &p.report);
    let mut formats = if args.format.is_empty() {
        report.map(|r| r.formats.clone()).unwrap_or_default()
    } else {
        args.format.clone()
    };
    if formats.is_empty() {
        formats.push(Format::Text);
    }
    formats.sort();
    formats.dedup();
    let folder = report.and_then(|r| r.out.as_ref().map(|o| o.value.clone()));
    let on_screen = matches!(
        formats.as_slice(),
        [Format::Text | Format::Md | Format::Json]
    );
    let folder = folder.filter(|_| args.format.is_empty() || !on_screen);
    let period = inputs::period(&args.period)?;
    let name = |format: Format| {
        format!(
            "bao-cao-{}.{}",
            output::period_in_name(&period),
            extension(format)
        )
    };
    let into = |dir: &Path| {
        formats
            .iter()
            .map(|f| (*f, Some(dir.join(name(*f)))))
            .collect()
    };
    match (&args.out, formats.as_slice()) {
        (Some(out), [one]) if !out.is_dir() && !ends_in_separator(out) => {
            Ok(vec![(*one, Some(out.clone()))])
        }
        (Some(dir), _) => Ok(into(dir)),
        (None, _) if folder.is_some() => Ok(into(folder.as_deref().unwrap_or(Path::new(".")))),
        (None, [Format::Xlsx]) => Err(Failure::usage(
            "sổ tính Excel cần tệp để ghi",
            "thêm --out bao-cao.xlsx",
        )),
        (None, [Format::Docx]) => Err(Failure::usage(
            "văn bản Word cần tệp để ghi",
            "thêm --out bao-cao.docx",
        )),
        (None, [one]) => Ok(vec![(*one, None)]),
        (None, _) => Err(Failure::usage(
            "nhiều định dạng cần một thư mục để ghi",
            "thêm --out THƯ_MỤC (hoặc out = \"bao-cao\" ở mục [report] của chiso766.toml)",
        )),
    }
}

fn ends_in_separator(path: &Path) -> bool {
    path.to_string_lossy().ends_with(['/', '\\'])
}

fn extension(format: Format) -> &'static str {
    match format {
        Format::Text => "txt",
        Format::Md => "md",
        Format::Html => "html",
        Format::Csv => "csv",
        Format::Json => "json",
        Format::Xlsx => "xlsx",
        Format::Docx => "docx",
    }
}

/// Renders the report in each format, to its file or to standard output.
fn write(monthly: &MonthlyReport, targets: &Targets) -> Result<(), Failure> {
    for (format, path) in targets {
        let bytes: Vec<u8> = match format {
            Format::Text => report::text::monthly(monthly).into_bytes(),
            Format::Md => report::markdown::monthly(monthly).into_bytes(),
            Format::Html => report::html::monthly(monthly).into_bytes(),
            Format::Csv => {
                let mut out = Vec::new();
                report::csv::appendix(monthly, &mut out)?;
                out
            }
            Format::Json => serde_json::to_vec_pretty(monthly).unwrap_or_default(),
            Format::Xlsx => report::xlsx::workbook(monthly)?,
            Format::Docx => report::docx::monthly(monthly)?,
        };
        match path {
            Some(path) => {
                output::write(path, &bytes)?;
                progress::done(&format!(
                    "Đã ghi {} ({} byte)",
                    path.display(),
                    report::format_count(bytes.len() as u64)
                ));
            }
            None => output::print(&String::from_utf8_lossy(&bytes)),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::year_to_date;
    use chiso766::Period;

    fn ytd(period: &str) -> Option<String> {
        year_to_date(&period.parse::<Period>().unwrap()).map(|p| p.to_string())
    }

    #[test]
    fn the_year_to_date_starts_where_the_offices_year_does() {
        let calendar_month = ytd("2026-10").unwrap();
        assert!(calendar_month.starts_with("2026-01-01"), "{calendar_month}");
        // A month of the 21st-to-20th cycle: its year began on 21 December.
        let cycle_month = ytd("2026-09-21..2026-10-20").unwrap();
        assert!(cycle_month.starts_with("2025-12-21"), "{cycle_month}");
        // A week, or January itself: no year to date to add.
        assert_eq!(ytd("2026-03-10..2026-03-16"), None);
        assert_eq!(ytd("2026-01"), None);
    }
}

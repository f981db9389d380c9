//! `chiso766 compare DIR --set S`: the portal's published scores beside ours, differences first.

use chiso766::portal::{CaptureSet, Comparison, NotCompared, ScoreLine, TotalLine};
use chiso766::printable::{listed, printable};
use chiso766::report::{format_count, format_points, NamedCriterion};
use chiso766::{score, Methodology, Period, ScoreOptions};

use crate::args::CompareArgs;
use crate::failure::Failure;
use crate::messages::Context;
use crate::output;

/// Prints the comparison; a difference ends the run with status 1.
pub fn run(args: &CompareArgs, context: &mut Context) -> Result<(), Failure> {
    let read = if args.partial {
        CaptureSet::read_partial(&args.dir, &args.set)?
    } else {
        CaptureSet::read(&args.dir, &args.set)?
    };
    let given = args
        .period
        .as_deref()
        .map(crate::inputs::period)
        .transpose()?;
    let period = match (given, read.period) {
        (Some(given), Some(manifest)) if given != manifest => {
            return Err(Failure::usage(
                format!(
                    "--period {given}, nhưng tệp manifest của {} ghi bộ {} là của kỳ {manifest}",
                    args.dir.display(),
                    args.set
                ),
                "bỏ --period, hoặc ghi đúng kỳ của bộ phản hồi",
            ))
        }
        (given, manifest) => given.or(manifest),
    };
    let methodology = Methodology::builtin(chiso766::methodology::DEFAULT)?;
    *context = std::mem::take(context).with_methodology(&methodology);
    let counts = read.capture.counts(period)?;
    let card = score(&methodology, &counts, &ScoreOptions::default())?;
    let comparison = read.capture.compare(&card)?;
    if args.json {
        let document = serde_json::json!({
            "set": args.set,
            "period": period,
            "methodology": methodology.name(),
            "comparison": comparison,
        });
        output::print(&serde_json::to_string_pretty(&document).unwrap_or_default());
    } else {
        output::print(&text(args, period, &comparison, &methodology));
    }
    if comparison.mismatches.is_empty() {
        Ok(())
    } else {
        eprintln!(
            "lỗi: {} điểm đã công bố khác với điểm tính lại (đánh dấu KHÁC)",
            format_count(comparison.mismatches.len() as u64)
        );
        Err(Failure::Differences)
    }
}

fn points(value: Option<chiso766::Decimal>) -> String {
    value.map_or_else(|| "không có".to_owned(), |v| format_points(v, 2))
}

/// A criterion by its number and name, a group by its name.
fn place(methodology: &Methodology, code: &str) -> String {
    let named = NamedCriterion::all(methodology, &[code.to_owned()]);
    match named.first() {
        Some(c) if !c.number.is_empty() => format!("{} {}", c.number, printable(&c.name)),
        Some(c) => printable(&c.name).into_owned(),
        None => printable(code).into_owned(),
    }
}

/// A total with its rank, as “58,13 (hạng 140/148)”.
fn ranked(total: Option<chiso766::Decimal>, rank: Option<u32>, of: u32) -> String {
    match (total, rank) {
        (Some(total), Some(rank)) => format!(
            "{} (hạng {}/{})",
            format_points(total, 2),
            format_count(rank.into()),
            format_count(of.into())
        ),
        (total, _) => points(total),
    }
}

/// The widths of the name and place columns: the longest of the lines printed, so that no name
/// pushes its line out of step with the others.
struct Widths {
    name: usize,
    place: usize,
}

impl Widths {
    fn of(comparison: &Comparison, methodology: &Methodology) -> Widths {
        let chars = |text: &str| listed(text).chars().count();
        let names = (comparison.totals.iter().map(|t| chars(&t.name)))
            .chain(comparison.scores.iter().map(|s| chars(&s.name)));
        let places =
            (comparison.scores.iter()).map(|s| place(methodology, &s.place).chars().count());
        Widths {
            name: names.max().unwrap_or(0),
            place: places.max().unwrap_or(0),
        }
    }
}

fn total_line(total: &TotalLine, widths: &Widths) -> String {
    let mark = match total.agrees {
        Some(false) => "KHÁC                ",
        Some(true) => "khớp                ",
        None => "không so sánh được  ",
    };
    format!(
        "{mark} {:<14} {:<name$} Tổng điểm  Cổng: {:>22}  Tính lại: {:>22}",
        printable(&total.unit),
        listed(&total.name),
        ranked(total.portal, total.portal_rank, total.portal_of),
        ranked(total.ours, total.rank, total.of),
        name = widths.name,
    )
}

fn line(score: &ScoreLine, methodology: &Methodology, widths: &Widths) -> String {
    let mark = match (score.agrees, score.not_compared) {
        (Some(false), _) => "KHÁC                ",
        (Some(true), _) => "khớp                ",
        (None, Some(NotCompared::NotPublished)) => "không so sánh được  ",
        (None, Some(NotCompared::Given)) => "lấy theo Cổng       ",
        (None, _) => "thiếu số liệu       ",
    };
    format!(
        "{mark} {:<14} {:<name$} {:<place$} Cổng: {:>9}  Tính lại: {:>9}",
        printable(&score.unit),
        listed(&score.name),
        place(methodology, &score.place),
        points(score.portal),
        points(score.ours),
        name = widths.name,
        place = widths.place,
    )
}

/// How many scores and totals were compared, and how many agree: two paragraphs.
fn summary(comparison: &Comparison) -> String {
    let mut summary = String::new();
    let count = |wanted: fn(&ScoreLine) -> bool| {
        format_count(comparison.scores.iter().filter(|s| wanted(s)).count() as u64)
    };
    summary.push_str(&format!(
        "Đã so sánh {} điểm: {} khớp, {} khác; {} điểm Cổng không công bố giá trị (không so \
         sánh được); {} điểm nhóm lấy theo Cổng (Cổng không công bố số liệu các tiêu chí); {} \
         điểm thiếu số liệu để tính lại.\n",
        format_count(comparison.compared as u64),
        count(|s| s.agrees == Some(true)),
        count(|s| s.agrees == Some(false)),
        format_count(comparison.unpublished as u64),
        count(|s| s.not_compared == Some(NotCompared::Given)),
        count(|s| s.not_compared == Some(NotCompared::NoCounts)),
    ));
    let totals = |wanted: Option<bool>| {
        format_count(
            comparison
                .totals
                .iter()
                .filter(|t| t.agrees == wanted)
                .count() as u64,
        )
    };
    summary.push_str(&format!(
        "Tổng điểm và thứ hạng của {} đơn vị: {} khớp, {} khác, {} chưa so sánh được (thiếu \
         điểm một nhóm).\n\n",
        format_count(comparison.totals.len() as u64),
        totals(Some(true)),
        totals(Some(false)),
        totals(None),
    ));
    summary
}

fn text(
    args: &CompareArgs,
    period: Option<Period>,
    comparison: &Comparison,
    methodology: &Methodology,
) -> String {
    let mut out = format!(
        "So sánh với điểm Cổng Dịch vụ công quốc gia đã công bố: bộ {}, {} ({})\n",
        args.set,
        period.map_or_else(|| "kỳ không rõ".to_owned(), |p| p.label_vi()),
        methodology.name()
    );
    out.push_str(&summary(comparison));
    let widths = Widths::of(comparison, methodology);
    let mut lines: Vec<&TotalLine> = comparison.totals.iter().collect();
    lines.sort_by_key(|t| match t.agrees {
        Some(false) => 0,
        Some(true) => 1,
        None => 2,
    });
    for total in lines {
        out.push_str(&total_line(total, &widths));
        out.push('\n');
    }
    out.push('\n');
    // Differences first, then the scores that agree, then those not compared.
    let order = |s: &&ScoreLine| match (s.agrees, s.not_compared) {
        (Some(false), _) => 0,
        (Some(true), _) => 1,
        (None, Some(NotCompared::NotPublished)) => 2,
        (None, _) => 3,
    };
    let mut scores: Vec<&ScoreLine> = comparison.scores.iter().collect();
    scores.sort_by_key(order);
    for score in scores {
        out.push_str(&line(score, methodology, &widths));
        out.push('\n');
    }
    out
}

//! `chiso766 compare DIR --set S`: the portal's published scores beside ours, differences first.

use chiso766::input::printable;
use chiso766::portal::{CaptureSet, Comparison, NotCompared, ScoreLine};
use chiso766::report::{format_count, format_points, NamedCriterion};
use chiso766::{score, Methodology, Period, ScoreOptions};

use crate::args::CompareArgs;
use crate::failure::Failure;
use crate::messages::Context;
use crate::output;

/// Prints the comparison; a difference ends the run with status 1.
pub fn run(args: &CompareArgs, context: &mut Context) -> Result<(), Failure> {
    let read = CaptureSet::read(&args.dir, &args.set)?;
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
    let comparison = read.capture.compare(&card);
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

fn line(score: &ScoreLine, methodology: &Methodology) -> String {
    let mark = match (score.agrees, score.not_compared) {
        (Some(false), _) => "KHÁC                ",
        (Some(true), _) => "khớp                ",
        (None, Some(NotCompared::NotPublished)) => "không so sánh được  ",
        (None, _) => "thiếu số liệu       ",
    };
    format!(
        "{mark} {:<14} {:<34} {:<60} Cổng: {:>9}  Tính lại: {:>9}",
        printable(&score.unit),
        printable(&score.name),
        place(methodology, &score.place),
        points(score.portal),
        points(score.ours)
    )
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
    out.push_str(&format!(
        "Đã so sánh {} điểm: {} khớp, {} khác; {} điểm Cổng không công bố giá trị (không so \
         sánh được); {} điểm thiếu số liệu để tính lại.\n\n",
        format_count(comparison.compared as u64),
        format_count((comparison.compared - comparison.mismatches.len()) as u64),
        format_count(comparison.mismatches.len() as u64),
        format_count(comparison.unpublished as u64),
        format_count(comparison.skipped as u64)
    ));
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
        out.push_str(&line(score, methodology));
        out.push('\n');
    }
    out
}

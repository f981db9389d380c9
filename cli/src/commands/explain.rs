//! `chiso766 explain DOSSIER_ID`: one dossier's standing at each period's end and its part in
//! each criterion, in Vietnamese.

use std::path::Path;

use chiso766::count::{DossierStatus, Explanation, Standing};
use chiso766::printable::printable;
use chiso766::record::{Dossier, Format, Located};
use chiso766::Period;

use crate::args::ExplainArgs;
use crate::failure::Failure;
use crate::inputs::{open, periods, shown, Sources};
use crate::messages::Context;
use crate::output;

/// Finds the dossier in the dossier files (the last row of its id wins, as in a count) and
/// explains it.
pub fn run(
    args: &ExplainArgs,
    profile: Option<&Path>,
    context: &mut Context,
) -> Result<(), Failure> {
    let sources = Sources::load(profile, args.given(), context)?;
    sources.require_dossiers()?;
    let (dossier, file) = find(&sources, &args.dossier)?;
    let periods = match args.period.is_empty() {
        true => of_reception(&dossier.record)?,
        false => periods(&args.period)?,
    };
    let counting = sources.counting(periods.clone(), false)?;
    let at = |e: chiso766::Error| e.at(&file, Some(dossier.line));
    let lines = counting.explain(&dossier.record).map_err(at)?;
    let status = counting.standing(&dossier.record).map_err(at)?;
    let explained = Explained {
        dossier: &dossier,
        file: &file,
        periods: &periods,
        lines: &lines,
        status,
    };
    output::print(&if args.json {
        json(&explained)
    } else {
        text(&explained, context)
    });
    Ok(())
}

/// A dossier, where it was read, and what the counting says of it in each period.
struct Explained<'e> {
    dossier: &'e Located<Dossier>,
    file: &'e str,
    periods: &'e [Period],
    lines: &'e [Explanation],
    status: DossierStatus,
}

/// The explanation as JSON: each period's standing, then each criterion's verdict.
fn json(explained: &Explained<'_>) -> String {
    let standings: Vec<serde_json::Value> = (explained.periods.iter().enumerate())
        .map(|(p, period)| {
            let standing = explained.status.in_period(p);
            serde_json::json!({
                "period": period,
                "standing": standing.map(|s| s.standing),
                "new": standing.map(|s| s.new),
            })
        })
        .collect();
    let document = serde_json::json!({
        "dossier": explained.dossier.record.id,
        "file": explained.file,
        "line": explained.dossier.line,
        "standings": standings,
        "criteria": explained.lines,
    });
    serde_json::to_string_pretty(&document).unwrap_or_default()
}

/// The explanation in Vietnamese, period by period.
fn text(explained: &Explained<'_>, context: &Context) -> String {
    let record = &explained.dossier.record;
    let mut out = format!(
        "Hồ sơ {} ({}, dòng {}), đơn vị {}, thủ tục {}\n",
        printable(&record.id),
        explained.file,
        explained.dossier.line,
        printable(&record.unit),
        printable(&record.procedure)
    );
    for (p, period) in explained.periods.iter().enumerate() {
        let standing = match explained.status.in_period(p) {
            Some(s) => format!(
                "{}{}",
                standing_vi(s.standing),
                if s.new {
                    " (tiếp nhận mới trong kỳ)"
                } else {
                    " (kỳ trước chuyển qua)"
                }
            ),
            None => {
                "không thuộc kỳ này (tiếp nhận sau kỳ, hoặc đã giải quyết xong trước kỳ)".to_owned()
            }
        };
        out.push_str(&format!("{}: {standing}\n", period.label_vi()));
        for line in explained.lines.iter().filter(|l| l.period == *period) {
            out.push_str(&criterion_line(line, context));
        }
    }
    out
}

/// One criterion's verdict on the dossier.
fn criterion_line(line: &Explanation, context: &Context) -> String {
    let mark = match (line.in_denominator, line.in_numerator) {
        (false, _) => "không tính",
        (true, true) => "đạt",
        (true, false) => "không đạt",
    };
    format!(
        "  {}: {mark}; {}\n",
        context.criterion(line.criterion),
        line.reason
    )
}

/// A standing as the monthly report says it.
fn standing_vi(standing: Standing) -> &'static str {
    match standing {
        Standing::Early => "đã giải quyết trước hạn",
        Standing::OnTime => "đã giải quyết đúng hạn",
        Standing::Late => "đã giải quyết quá hạn",
        Standing::Returned => "trả lại, rút (dừng xử lý)",
        Standing::WaitingSupplement => "đang giải quyết, chờ công dân bổ sung",
        Standing::WithinTime => "đang giải quyết, trong hạn",
        Standing::PastDue => "đang giải quyết, đã quá hạn",
    }
}

/// The month and the year of the dossier's reception (or submission).
fn of_reception(dossier: &Dossier) -> Result<Vec<Period>, Failure> {
    let Some(moment) = dossier.received_at.or(dossier.submitted_at) else {
        return Err(Failure::usage(
            "hồ sơ không có ngày tiếp nhận hay ngày nộp, nên không biết kỳ để giải thích",
            "ghi --period KỲ, ví dụ --period 2026-10",
        ));
    };
    let date = moment.date();
    let month = u8::try_from(date.month()).unwrap_or(1);
    Ok(vec![
        Period::month(date.year(), month)?,
        Period::year(date.year())?,
    ])
}

/// The dossier's last row, and its file, in the dossier files.
fn find(sources: &Sources, id: &str) -> Result<(Located<Dossier>, String), Failure> {
    let mut found = None;
    for path in &sources.dossiers {
        let name = shown(path);
        let bar = crate::progress::bytes(path, "Đang tìm");
        let file = crate::progress::Reading::new(open(path)?, bar.as_ref());
        let mut rows = sources
            .reading
            .dossiers(file, Format::of_path(&name), &name)?;
        let mut row = Located {
            record: Dossier::new("", "", ""),
            line: 0,
        };
        while let Some(read) = rows.read_into(&mut row) {
            read?;
            if row.record.id == id {
                found = Some((row.clone(), name.clone()));
            }
        }
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
    }
    found.ok_or_else(|| {
        Failure::usage(
            format!("không có hồ sơ {} trong các tệp hồ sơ", printable(id)),
            "kiểm tra mã hồ sơ (chép đúng từ tệp xuất)",
        )
    })
}

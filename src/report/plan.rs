//! An improvement plan as Vietnamese text: where the points went, then what each target takes
//! (“Để tiêu chí 2.1 … đạt 19,00/20 điểm: khắc phục thêm 50 trong 100 hồ sơ chưa đạt, hoặc
//! thêm 991 hồ sơ mới đạt”), in the words of what each criterion counts.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::index::realistic_add;
use crate::methodology::{Counted, Methodology};
use crate::notation::{counted_noun, format_count, format_points};
use crate::plan::{
    Combination, CriterionLoss, Goal, LeastChange, Lever, Overtaking, PointsLost, Standing, WhatIf,
};
use crate::printable::listed;
use crate::printable::printable;

/// Points to the hundredth, or a dash when there are none.
fn points(value: Option<Decimal>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format_points(v, 2))
}

/// What one case of criterion `code` is (a case in general for a code the methodology lacks).
fn counted_of(methodology: &Methodology, code: &str) -> Counted {
    (methodology.criterion(code)).map_or(Counted::Case, |c| c.counted)
}

/// How a case is made to meet a criterion: a dossier or a petition is put right (“khắc phục”),
/// a procedure or a service is made to meet it (“đáp ứng yêu cầu cho”).
fn fix_verb(counted: Counted) -> &'static str {
    match counted {
        Counted::Procedure | Counted::Service => "đáp ứng yêu cầu cho",
        Counted::Case | Counted::Dossier | Counted::Petition => "khắc phục",
    }
}

/// `k` of the `failing` cases made to meet the criterion: a dossier or a petition is put right
/// (“khắc phục thêm 5 trong 9 hồ sơ chưa đạt”), a procedure or a service is made to meet it
/// (“đáp ứng yêu cầu cho thêm 2 trong 4 thủ tục chưa đạt”); all of them, said as all.
fn fix_phrase(counted: Counted, k: u64, failing: u64) -> String {
    let (noun, verb) = (counted_noun(counted), fix_verb(counted));
    // All of them, said as all; the one there is, said as one.
    match (k == failing, failing) {
        (true, 1) => format!("{verb} 1 {noun} chưa đạt"),
        (true, _) => format!("{verb} toàn bộ {} {noun} chưa đạt", format_count(failing)),
        (false, _) => format!(
            "{verb} thêm {} trong {} {noun} chưa đạt",
            format_count(k),
            format_count(failing)
        ),
    }
}

/// `k` new cases that meet the criterion: “thêm 12 hồ sơ mới đạt”.
fn add_phrase(counted: Counted, k: u64) -> String {
    format!("thêm {} {} mới đạt", format_count(k), counted_noun(counted))
}

/// Why fixing is no answer: nothing left to put right, or all of it not enough.
fn no_fix_phrase(counted: Counted, failing: u64) -> String {
    let noun = counted_noun(counted);
    match failing {
        0 => format!("không còn {noun} chưa đạt"),
        n => format!("{} vẫn chưa đủ", fix_phrase(counted, n, n)),
    }
}

/// How the target is reached, by either lever, in the words of what the criterion counts.
fn levers_sentence(change: &LeastChange) -> String {
    let counted = change.counted;
    let noun = counted_noun(counted);
    let failing = change.den.saturating_sub(change.num);
    let fix = change.fix.map(|k| match k {
        0 => "đã đạt".to_owned(),
        k => fix_phrase(counted, k, failing),
    });
    // More new cases than the unit had in the period is no plan: that lever is not offered.
    let add = (realistic_add(change).filter(|&k| k > 0)).map(|k| add_phrase(counted, k));
    let beyond_volume = change.add.is_some() && add.is_none();
    // Why one lever is missing, said as what it means, not as a lever “not enough”.
    let no_fix = no_fix_phrase(counted, failing);
    match (fix, add) {
        (Some(fix), Some(add)) => format!("{fix}, hoặc {add}"),
        (Some(fix), None) if beyond_volume || change.only_fix => fix,
        (None, None) if change.only_fix && change.target <= change.max => {
            format!("không thể đạt được ({no_fix})")
        }
        (Some(fix), None) => format!("{fix} (chỉ thêm {noun} mới đạt thì không đủ)"),
        (None, Some(add)) => format!("{add} ({no_fix})"),
        (None, None) if change.target > change.max => format!(
            "không thể đạt được (vượt điểm tối đa {})",
            format_points(change.max, 0)
        ),
        (None, None) if beyond_volume => format!(
            "không thể đạt được trong kỳ (cần thêm nhiều {noun} mới hơn {} {noun} của kỳ)",
            format_count(change.den)
        ),
        (None, None) => "không thể đạt được".to_owned(),
    }
}

/// What a target takes, in one sentence.
pub fn change_sentence(change: &LeastChange) -> String {
    let what = format!(
        "Để tiêu chí {} {} đạt {}/{} điểm (hiện {})",
        change.number,
        printable(&change.name),
        format_points(change.target, 2),
        format_points(change.max, 0),
        points(change.points)
    );
    if change.fix == Some(0) {
        return format!("{what}: đã đạt.");
    }
    if let Some(owner) = &change.owned_by {
        return format!(
            "{what}: số liệu này của {}, chỉ đơn vị đó thay đổi được.",
            printable(&owner.name)
        );
    }
    if change.ratio_only {
        let noun = counted_noun(change.counted);
        return format!(
            "{what}: Cổng chỉ công bố tỷ lệ, không công bố số {noun}, nên không tính được số \
             {noun} cần khắc phục."
        );
    }
    let how = levers_sentence(change);
    let mut sentence = format!("{what}: {how}.");
    for pooled in &change.pooled {
        let after = pooled.after_fix.or(pooled.after_add);
        let name = printable(&pooled.name);
        let _ = match after {
            None => Ok(()),
            Some(_) if after == pooled.points => write!(
                sentence,
                " Điểm tiêu chí này của {name} không đổi ({}).",
                points(after)
            ),
            Some(_) => write!(
                sentence,
                " Điểm tiêu chí này của {name} theo đó: {} → {}.",
                points(pooled.points),
                points(after)
            ),
        };
    }
    sentence
}

/// What a group or total target takes, in one sentence: the fewest cases, and each criterion's
/// share.
pub fn combination_sentence(methodology: &Methodology, plan: &Combination) -> String {
    let (what, max) = match methodology.group(&plan.scope) {
        Some(group) => (format!("nhóm {}", printable(&group.name)), group.max),
        None => ("tổng điểm".to_owned(), methodology.total_max()),
    };
    let head = format!(
        "Để {what} đạt {}/{} điểm (hiện {})",
        format_points(plan.target, 2),
        format_points(max, 0),
        format_points(plan.points, 2)
    );
    format!("{head}: {}", what_it_takes(methodology, plan))
}

/// What a combination takes, after its goal: “cần ít nhất 27 thủ tục, gồm …; khi đó đạt 68,02
/// điểm.”, or why there is none.
fn what_it_takes(methodology: &Methodology, plan: &Combination) -> String {
    if plan.points_given && plan.cases != Some(0) {
        return "chỉ có điểm nhóm đã công bố, không có số liệu từng tiêu chí, nên không lập được \
                kế hoạch cho nhóm này."
            .to_owned();
    }
    let Some(cases) = plan.cases else {
        if plan.target > plan.max {
            return format!(
                "không thể đạt được (vượt điểm tối đa {}).",
                format_points(plan.max, 0)
            );
        }
        return "không thể đạt được bằng các số liệu của đơn vị.".to_owned();
    };
    if cases == 0 {
        return "đã đạt.".to_owned();
    }
    let shares: Vec<String> = (plan.shares.iter())
        .map(|share| {
            let number = methodology
                .criterion_number(&share.code)
                .unwrap_or_default();
            let name = printable(
                (methodology.criterion(&share.code))
                    .map_or(share.code.as_str(), |c| c.name.as_str()),
            );
            let counted = counted_of(methodology, &share.code);
            let (k, noun) = (format_count(share.k), counted_noun(counted));
            let how = match share.lever {
                Lever::Fix => format!("{} {k} {noun}", fix_verb(counted)),
                Lever::Add => format!("thêm mới {k} {noun}"),
            };
            format!(
                "{number} {name}: {how} ({} → {} điểm)",
                points(share.points_before),
                points(share.points_after)
            )
        })
        .collect();
    // What the cases are: one noun when the changes count one kind, else the kinds named.
    let mut nouns: Vec<&str> = Vec::new();
    for share in &plan.shares {
        let noun = counted_noun(counted_of(methodology, &share.code));
        if !nouns.contains(&noun) {
            nouns.push(noun);
        }
    }
    let what = match nouns.as_slice() {
        [noun] => (*noun).to_owned(),
        _ => format!("thay đổi ({})", nouns.join(" và ")),
    };
    format!(
        "cần ít nhất {} {what}, gồm {}; khi đó đạt {} điểm.",
        format_count(cases),
        shares.join("; "),
        points(plan.points_after)
    )
}

/// Points lost, then each target's least change.
pub fn plan_text(
    methodology: &Methodology,
    lost: &PointsLost,
    changes: &[LeastChange],
    combinations: &[Combination],
) -> String {
    let mut out = String::new();
    write_lost(&mut out, methodology, lost);
    write_costliest(&mut out, methodology, lost);
    if !changes.is_empty() || !combinations.is_empty() {
        let _ = writeln!(out, "\nCần làm gì:");
        for plan in combinations {
            let _ = writeln!(out, "- {}", combination_sentence(methodology, plan));
        }
        for change in changes {
            let _ = writeln!(out, "- {}", change_sentence(change));
        }
    }
    out
}

/// Writes the unit's points lost in all, then each group's.
fn write_lost(out: &mut String, methodology: &Methodology, lost: &PointsLost) {
    let max = methodology.total_max();
    let _ = writeln!(
        out,
        "{}: {}",
        printable(&lost.name),
        match lost
            .total
            .and_then(|lost| Some((lost, max.checked_sub(lost)?)))
        {
            Some((lost, total)) => format!(
                "bị mất {} điểm (đạt {}/{})",
                format_points(lost, 2),
                format_points(total, 2),
                format_points(max, 0)
            ),
            None => "chưa tính được điểm bị mất (thiếu số liệu)".to_owned(),
        }
    );
    for group in &lost.groups {
        let _ = writeln!(
            out,
            "  Nhóm {}: {}/{} điểm, mất {}",
            printable(&group.name),
            points(group.points),
            format_points(group.max, 0),
            points(group.points_lost)
        );
    }
}

/// Writes the five criteria that lost the most points, with why the unit cannot recover
/// some of them itself.
fn write_costliest(out: &mut String, methodology: &Methodology, lost: &PointsLost) {
    let _ = writeln!(out, "Tiêu chí mất nhiều điểm nhất:");
    for criterion in lost
        .criteria
        .iter()
        .filter(|c| c.points_lost.is_some_and(|l| l > Decimal::ZERO))
        .take(5)
    {
        let _ = writeln!(
            out,
            "  {} {}: {}/{} điểm, mất {}{}",
            criterion.number,
            printable(&criterion.name),
            points(criterion.points),
            format_points(criterion.max, 0),
            points(criterion.points_lost),
            loss_notes(methodology, criterion)
        );
    }
}

/// What a lost criterion's line adds in brackets (empty when nothing): whose count it is when
/// not the unit's own, and that nothing was counted this period.
fn loss_notes(methodology: &Methodology, criterion: &CriterionLoss) -> String {
    let owner =
        (criterion.owned_by.as_ref()).map(|o| format!("số liệu của {}", printable(&o.name)));
    let noun = counted_noun(counted_of(methodology, &criterion.code));
    let empty =
        (criterion.nothing_counted).then(|| format!("kỳ này không có {noun} nào để tính tỷ lệ"));
    let notes: Vec<String> = owner.into_iter().chain(empty).collect();
    if notes.is_empty() {
        String::new()
    } else {
        format!(" ({})", notes.join("; "))
    }
}

/// An overtaking goal and what it takes, in one sentence, naming both units by name and rank:
/// “Để xếp trên UBND xã Hy Cương (hạng 143/148), UBND xã Tam Sơn (hạng 148/148) cần …”.
pub fn overtake_sentence(methodology: &Methodology, overtaking: &Overtaking) -> String {
    let of = overtaking.of;
    let placed = |standing: &Standing| {
        let rank = standing
            .rank
            .map_or_else(|| "chưa xếp hạng".to_owned(), |r| format!("hạng {r}/{of}"));
        format!("{} ({rank})", listed(&standing.name))
    };
    let unit = placed(&overtaking.unit);
    let goal = match (&overtaking.goal, &overtaking.rival) {
        (Goal::Above(_), Some(rival)) => format!("xếp trên {}", placed(rival)),
        (Goal::Above(code), None) => format!("xếp trên {}", printable(code)),
        (Goal::Rank(rank), _) => format!(
            "đạt hạng {}/{}",
            format_count(u64::from(*rank)),
            format_count(u64::from(of))
        ),
    };
    match &overtaking.combination {
        None => format!("Để {goal}, {unit}: đã đạt."),
        Some(plan) => format!(
            "Để {goal}, {unit} phải đạt tổng điểm {} (hiện {}): {}",
            points(overtaking.total_needed),
            format_points(plan.points, 2),
            what_it_takes(methodology, plan)
        ),
    }
}

/// A what-if scenario's effect: how many units' totals or ranks move, and each of them by name
/// (`name_of` gives a unit's name from its code; a unit without one is shown by its code).
pub fn what_if_text<'n>(result: &WhatIf, name_of: impl Fn(&str) -> Option<&'n str>) -> String {
    let moved: Vec<_> = (result.units.iter())
        .filter(|d| d.points.is_some_and(|p| !p.is_zero()) || d.rank_change.is_some_and(|r| r != 0))
        .collect();
    let mut out = format!(
        "\nKịch bản {}: {} đơn vị thay đổi điểm hoặc thứ hạng.\n",
        if result.name.is_empty() {
            "giả định".into()
        } else {
            printable(&result.name)
        },
        format_count(moved.len() as u64)
    );
    if moved.is_empty() {
        out.push_str("  Không đơn vị nào thay đổi điểm hay thứ hạng.\n");
    }
    for delta in moved {
        let rank = match (delta.rank_before, delta.rank_after) {
            (Some(before), Some(after)) => format!(", hạng {before} → {after}"),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "  {}: {} → {} điểm{rank}",
            printable(name_of(&delta.code).unwrap_or(&delta.code)),
            points(delta.before),
            points(delta.after)
        );
    }
    out
}

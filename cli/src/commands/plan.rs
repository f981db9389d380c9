//! `chiso766 plan`: what a unit must fix, and how much, to rise (SPEC §9), on a counts file, a
//! capture of the portal, or the profile's records of a period.

use std::path::Path;

use chiso766::interchange::Source;
use chiso766::plan::{
    cheapest_combination, findings, least_change, overtake, points_lost, sensitivity, what_if,
    Combination, Finding, Goal, LeastChange, Overtaking, PointsLost, RankRange, Scenario,
    Thresholds, WhatIf,
};
use chiso766::portal::CaptureSet;
use chiso766::rank::Ranked;
use chiso766::{
    rank, report, score, Counts, CriterionCount, Decimal, Methodology, RankBy, RankMethod,
    ScoreOptions, Scorecard,
};
use serde_json::{json, Value};

use crate::args::PlanArgs;
use crate::failure::Failure;
use crate::inputs::{load_methodology, read_counts, shown, Sources};
use crate::messages::Context;
use crate::output;

/// What the plan is made of: the counts and the methodology they are scored under.
struct Basis {
    counts: Counts,
    methodology: Methodology,
}

/// The editions of the methodology (`--sensitivity`) and the unit's ranks under them.
type Ranges = (Vec<String>, Option<RankRange>);

/// Everything the plan shows for the unit.
struct Plan {
    card: Scorecard,
    lost: PointsLost<'static>,
    changes: Vec<LeastChange>,
    combinations: Vec<Combination>,
    found: Vec<Finding<'static>>,
    overtaking: Option<Overtaking>,
    scenario: Option<WhatIf>,
    ranges: Option<Ranges>,
}

/// Prints the unit's plan, in Vietnamese or as JSON.
pub fn run(args: &PlanArgs, profile: Option<&Path>, context: &mut Context) -> Result<(), Failure> {
    let basis = basis(args, profile, context)?;
    *context = std::mem::take(context).with_methodology(&basis.methodology);
    let plan = plan(args, &basis)?;
    let ranking = rank(&plan.card, &RankBy::Total, RankMethod::Competition)?;
    let placed = ranking.get(&args.unit);
    let out = if args.json {
        serde_json::to_string_pretty(&json(args, &basis.methodology, &plan, placed))
            .unwrap_or_default()
    } else {
        text(args, &basis.methodology, &plan, placed)
    };
    output::print(&out);
    Ok(())
}

/// The plan: points lost, the targets' least changes and cheapest combinations (or the three
/// criteria that lost the most, to their maximum), the findings, and what was asked besides.
fn plan(args: &PlanArgs, basis: &Basis) -> Result<Plan, Failure> {
    let Basis {
        counts,
        methodology,
    } = basis;
    let targets = targets(args, methodology)?;
    let card = score(methodology, counts, &ScoreOptions::default())?;
    // Kept beside the scorecard it was found in: its own words.
    let lost = points_lost(&card, &args.unit)?.into_owned();
    let (wide, narrow): (Vec<_>, Vec<_>) =
        (targets.iter()).partition(|(code, _)| methodology.criterion(code).is_none());
    let combinations = (wide.iter())
        .map(|(code, points)| cheapest_combination(&card, &args.unit, code, *points))
        .collect::<Result<Vec<_>, _>>()?;
    let criteria: Vec<(String, Decimal)> = if targets.is_empty() {
        costliest_own(&card, &args.unit, &lost)
    } else {
        narrow.into_iter().cloned().collect()
    };
    let changes = (criteria.iter())
        .map(|(code, points)| least_change(&card, &args.unit, code, *points))
        .collect::<Result<Vec<_>, _>>()?;
    let found = findings(&card, &args.unit, &[], &Thresholds::default())?;
    let goal = match (&args.overtake, args.rank) {
        (Some(rival), _) => Some(Goal::Above(rival.clone())),
        (None, Some(rank)) => Some(Goal::Rank(rank)),
        (None, None) => None,
    };
    let overtaking = goal
        .as_ref()
        .map(|g| overtake(&card, &args.unit, g))
        .transpose()?;
    Ok(Plan {
        card,
        lost,
        changes,
        combinations,
        found,
        overtaking,
        scenario: scenario(args, basis)?,
        ranges: ranges(args, basis)?,
    })
}

/// The unit's own criteria that lost the most, three at most, each to its maximum: the plan's
/// criteria when none is asked for.
fn costliest_own(card: &Scorecard, unit: &str, lost: &PointsLost<'_>) -> Vec<(String, Decimal)> {
    // Not another unit's (publication is the province's), not a bare published rate, not one
    // that does not apply.
    let own = |code: &str| {
        (card.unit(unit).and_then(|u| u.criterion(code))).is_some_and(|c| {
            matches!(c.source, Some(Source::Own | Source::Pooled))
                && matches!(c.count, Some(CriterionCount::Counted { .. }))
        })
    };
    (lost.criteria.iter())
        .filter(|c| c.points_lost.is_some_and(|l| l > Decimal::ZERO) && own(&c.code))
        .take(3)
        .map(|c| (c.code.to_string(), c.max))
        .collect()
}

/// The scenario of `--scenario`, if asked, applied to the counts.
fn scenario(args: &PlanArgs, basis: &Basis) -> Result<Option<WhatIf>, Failure> {
    let Some(path) = &args.scenario else {
        return Ok(None);
    };
    let name = shown(path);
    let scenario =
        Scenario::from_json(&chiso766::input::read_file(&name)?).map_err(|e| e.in_source(&name))?;
    let applied = what_if(&basis.methodology, &basis.counts, &scenario);
    Ok(Some(applied.map_err(|e| e.in_source(&name))?))
}

/// With `--sensitivity`, the editions of the methodology and the unit's ranks under them.
fn ranges(args: &PlanArgs, basis: &Basis) -> Result<Option<Ranges>, Failure> {
    if !args.sensitivity {
        return Ok(None);
    }
    let mut editions = vec![basis.methodology.clone()];
    editions.extend(Methodology::variants()?);
    let all = sensitivity(&basis.counts, &editions)?;
    let mine = all.units.into_iter().find(|u| u.code == args.unit);
    Ok(Some((all.editions, mine)))
}

/// The plan as JSON: the unit's total, rank and `of` at the top, then each part.
fn json(args: &PlanArgs, methodology: &Methodology, plan: &Plan, placed: Option<&Ranked>) -> Value {
    let unit = plan.card.unit(&args.unit);
    json!({
        "unit": args.unit,
        "name": unit.map(|u| u.unit.name.clone()),
        "methodology": methodology.name(),
        "period": plan.card.period(),
        "total": unit.and_then(|u| u.total).map(|t| t.to_string()),
        "rank": placed.and_then(|r| r.rank),
        "of": placed.map(|r| r.of),
        "points_lost": plan.lost.criteria.iter().map(|c| json!({
            "code": c.code, "points_lost": c.points_lost.map(|p| p.to_string()),
            "owned_by": c.owned_by,
        })).collect::<Vec<_>>(),
        "groups_lost": plan.lost.groups,
        "total_lost": plan.lost.total.map(|t| t.to_string()),
        "targets": plan.changes.iter().map(|c| json!({
            "code": c.code, "target": c.target.to_string(), "fix": c.fix, "add": c.add,
            "reachable": c.reachable, "points": c.points.map(|p| p.to_string()),
            "owned_by": c.owned_by, "pooled": c.pooled, "only_fix": c.only_fix, "counted": c.counted,
            "ratio_only": c.ratio_only,
        })).collect::<Vec<_>>(),
        "combinations": plan.combinations.iter().map(|c| json!({
            "code": c.scope, "target": c.target.to_string(), "points": c.points.to_string(),
            "cases": c.cases, "reachable": c.cases.is_some(),
            "points_after": c.points_after.map(|p| p.to_string()),
            "shares": c.shares.iter().map(|s| json!({
                "code": s.code, "lever": s.lever, "k": s.k,
                "points_before": s.points_before.map(|p| p.to_string()),
                "points_after": s.points_after.map(|p| p.to_string()),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "overtake": plan.overtaking,
        "findings": plan.found,
        "what_if": plan.scenario,
        "sensitivity": plan.ranges.as_ref().map(|(editions, range)| json!({"editions": editions, "unit": range})),
    })
}

/// The plan in Vietnamese.
fn text(
    args: &PlanArgs,
    methodology: &Methodology,
    plan: &Plan,
    placed: Option<&Ranked>,
) -> String {
    let name = (plan.card.unit(&args.unit)).map_or(args.unit.as_str(), |u| u.unit.name.as_str());
    let period = plan.card.period().map(|p| p.label_vi()).unwrap_or_default();
    let standing = placed
        .map(|r| format!(", {}", report::rank_label(r)))
        .unwrap_or_default();
    let mut out = format!(
        "Kế hoạch cải thiện: {} ({}) — {period}, phương pháp {}{standing}\n",
        chiso766::printable::printable(name),
        chiso766::printable::printable(&args.unit),
        chiso766::printable::printable(methodology.name()),
    );
    if let Some(overtaking) = &plan.overtaking {
        out.push_str("Mục tiêu thứ hạng:\n");
        out.push_str(&format!(
            "- {}\n",
            report::overtake_sentence(methodology, overtaking)
        ));
    }
    out.push_str(&report::plan_text(
        methodology,
        &plan.lost,
        &plan.changes,
        &plan.combinations,
    ));
    if !plan.found.is_empty() {
        out.push_str("\nNhận xét:\n");
        for finding in &plan.found {
            out.push_str(&format!("- {}\n", report::finding_sentence(finding)));
        }
    }
    if let Some(result) = &plan.scenario {
        out.push_str(&report::what_if_text(result, |code| {
            plan.card.unit(code).map(|u| u.unit.name.as_str())
        }));
    }
    if let Some((editions, Some(range))) = &plan.ranges {
        out.push_str("\nĐộ nhạy của thứ hạng theo các biến thể phương pháp:\n");
        for (edition, rank) in editions.iter().zip(&range.ranks) {
            let rank = rank.map_or_else(|| "chưa xếp hạng".to_owned(), |r| format!("hạng {r}"));
            out.push_str(&format!("  {edition}: {rank}\n"));
        }
        if let (Some(best), Some(worst)) = (range.best, range.worst) {
            out.push_str(&format!("  Từ hạng {best} đến hạng {worst}.\n"));
        }
    }
    out
}

/// The counts planned on: a counts file, a capture of the portal, or the profile's records.
fn basis(args: &PlanArgs, profile: Option<&Path>, context: &mut Context) -> Result<Basis, Failure> {
    if let Some(path) = &args.file {
        let counts = read_counts(path)?;
        let methodology = match &args.counting.methodology {
            Some(given) => load_methodology(Some(given), None)?,
            None => Methodology::builtin(counts.methodology_name())?,
        };
        return Ok(Basis {
            counts,
            methodology,
        });
    }
    if let (Some(dir), Some(set)) = (&args.portal, &args.set) {
        let read = if args.partial {
            CaptureSet::read_partial(dir, set)?
        } else {
            CaptureSet::read(dir, set)?
        };
        let given = args
            .period
            .as_deref()
            .map(crate::inputs::period)
            .transpose()?;
        let counts = read.capture.counts(given.or(read.period))?;
        let methodology = load_methodology(args.counting.methodology.as_deref(), None)?;
        return Ok(Basis {
            counts,
            methodology,
        });
    }
    let Some(period) = &args.period else {
        return Err(Failure::usage(
            "chưa có số liệu để lập kế hoạch",
            "ghi tệp số liệu (chiso766 plan so-lieu.json --unit MÃ), hoặc --portal THƯ_MỤC --set \
             month-all, hoặc --period KỲ để đếm từ dữ liệu hồ sơ của cấu hình",
        ));
    };
    let sources = Sources::load(profile, args.counting.given(), context)?;
    sources.require_dossiers()?;
    let periods = crate::inputs::periods(std::slice::from_ref(period))?;
    let counting = sources.counting(periods, false)?;
    let tally = sources.tally(&counting, context)?;
    let given = sources.given_counts()?;
    super::count::unused(&counting, &given);
    let counts = counting.counts_given(&tally, &given)?.into_iter().next();
    Ok(Basis {
        counts: counts.ok_or_else(|| Failure::usage("không đếm được kỳ nào", "ghi --period KỲ"))?,
        methodology: sources.methodology,
    })
}

/// The targets given (`code=points`), checked against the methodology.
fn targets(args: &PlanArgs, methodology: &Methodology) -> Result<Vec<(String, Decimal)>, Failure> {
    let mut targets = Vec::new();
    for text in &args.target {
        let Some((code, points)) = text.split_once('=') else {
            return Err(Failure::usage(
                format!("mục tiêu “{text}” không có dạng MÃ=ĐIỂM"),
                "ví dụ --target total=72 hoặc --target DOSSIER_ON_TIME=19,5",
            ));
        };
        let code = code.trim();
        let known = code == "total"
            || methodology.group(code).is_some()
            || methodology.criterion(code).is_some();
        if !known {
            return Err(Failure::usage(
                format!(
                    "“{code}” không phải total, nhóm hay tiêu chí của {}",
                    methodology.name()
                ),
                "ghi total, mã nhóm (TDGQ…) hoặc mã tiêu chí (DOSSIER_ON_TIME…)",
            ));
        }
        let points = points.trim();
        // Digits and one decimal separator: no sign, no underscore, no exponent.
        let plain = points
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
            && points.bytes().filter(|b| *b == b'.' || *b == b',').count() <= 1;
        let points: Decimal = Some(points)
            .filter(|_| plain)
            // Exactly as written: more digits than a decimal holds are refused, not rounded.
            .and_then(|p| Decimal::from_str_exact(&p.replace(',', ".")).ok())
            .ok_or_else(|| {
                Failure::usage(
                    format!(
                        "“{}” không phải số điểm",
                        chiso766::printable::printable(points)
                    ),
                    "ví dụ --target total=72 hoặc --target TDGQ=19,5",
                )
            })?;
        targets.push((code.to_owned(), points));
    }
    Ok(targets)
}

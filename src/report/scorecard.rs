//! A scorecard as Vietnamese text (one unit's criteria, groups and total; a ranking table) and as
//! JSON for other programs.

use std::fmt::Write as _;

use rust_decimal::Decimal;
use serde_json::{json, Map, Value};

use crate::error::{ErrorKind, Result};
use crate::input::printable;
use crate::interchange::{CriterionCount, Source};
use crate::methodology::Methodology;
use crate::notation::{
    fixed, format_count, format_decimal, format_percent, format_points, rank_label,
};
use crate::printable::listed;
use crate::rank::{RankBy, Ranking};
use crate::score::{GroupScore, Scorecard, UnitScore};

fn lookup<'a>(card: &'a Scorecard, code: &str) -> Result<&'a UnitScore> {
    card.unit(code).ok_or_else(|| {
        ErrorKind::UnknownUnit {
            unit: code.to_owned(),
        }
        .into()
    })
}

/// One line of the scorecard table: points, rate and counts right-aligned, then the label, so
/// long Vietnamese names never push the figures out of their columns.
fn table_line(out: &mut String, points: &str, rate: &str, counts: &str, label: &str) {
    let _ = writeln!(out, "{points:>10} {rate:>8} {counts:>17}  {label}");
}

fn group_line(out: &mut String, label: &str, group: &GroupScore, places: u32) {
    let points = match group.points {
        Some(p) => format!("{}/{}", format_points(p, places), format_decimal(group.max)),
        None => format!("—/{}", format_decimal(group.max)),
    };
    table_line(out, &points, "", "", label);
}

/// Missing criteria or groups as officials read them: number and name, the first five and how
/// many more (“1.1 Tỷ lệ TTHC công bố đúng hạn; 2.1 …; và 3 tiêu chí khác”).
pub(crate) fn missing_vi(methodology: &Methodology, codes: &[String]) -> String {
    let named: Vec<String> = codes
        .iter()
        .take(5)
        .map(|code| {
            match (
                methodology.criterion_number(code),
                methodology.criterion(code),
            ) {
                (Some(number), Some(criterion)) => format!("{number} {}", criterion.name),
                _ => match methodology.group(code) {
                    Some(group) => format!("nhóm {}", group.name),
                    None => printable(code).into_owned(),
                },
            }
        })
        .collect();
    let more = codes.len().saturating_sub(named.len());
    let more = if more > 0 {
        format!("; và {more} tiêu chí khác")
    } else {
        String::new()
    };
    format!("{}{more}", named.join("; "))
}

/// One unit's scorecard as Vietnamese text: each criterion's counts, rate and points, each group,
/// the total, the methodology's views, the rank when a total ranking is given, and what to fix
/// (the criteria that lost the most, the cheapest targets, the findings).
///
/// Errors: `code` is not a unit of the scorecard.
pub fn unit_text(card: &Scorecard, code: &str, ranking: Option<&Ranking>) -> Result<String> {
    let unit = lookup(card, code)?;
    let methodology = card.methodology();
    let places = methodology.rounding().places;
    let mut out = String::new();
    let period = card
        .period()
        .map(|p| p.label_vi())
        .unwrap_or_else(|| "kỳ không rõ".into());
    let _ = writeln!(
        out,
        "{} ({}) — {period}",
        printable(&unit.unit.name),
        printable(&unit.unit.code)
    );
    let _ = writeln!(
        out,
        "Phương pháp tính: {} — {}",
        methodology.name(),
        methodology.title()
    );
    let total = match unit.total {
        Some(total) => format!(
            "{}/{}",
            format_points(total, places),
            format_decimal(methodology.total_max())
        ),
        None => format!(
            "chưa đủ số liệu (thiếu: {})",
            missing_vi(methodology, &unit.missing)
        ),
    };
    let rank = ranking
        .and_then(|r| r.get(code))
        .map(|r| format!(" — {}", rank_label(r)))
        .unwrap_or_default();
    let _ = writeln!(out, "Tổng điểm: {total}{rank}\n");
    if unit.total.is_none() {
        let missing = super::NamedCriterion::to_give(methodology, &unit.missing);
        let _ = writeln!(
            out,
            "{}\n",
            super::missing_sentence(&missing, card.period())
        );
    }
    table_line(&mut out, "Điểm", "Tỷ lệ", "Số liệu", "Nhóm, tiêu chí");
    for (number, group) in (1..).zip(methodology.groups()) {
        if let Some(score) = unit.group(&group.code) {
            group_line(
                &mut out,
                &format!("{number}. {} ({})", group.name, group.code),
                score,
                places,
            );
        }
        for (sub, criterion) in (1..).zip(&group.criteria) {
            let Some(score) = unit.criterion(&criterion.code) else {
                continue;
            };
            let counts = match (score.count, &score.needs) {
                (None, _) => "thiếu số liệu".to_owned(),
                (Some(CriterionCount::NotApplicable), _) => "không áp dụng".to_owned(),
                (Some(CriterionCount::Counted { num, den }), None) => {
                    format!("{}/{}", format_count(num), format_count(den))
                }
                // Counted, but its rate is multiplied by a criterion whose count is missing.
                (Some(CriterionCount::Counted { num, den }), Some(needs)) => {
                    format!("{}/{}, thiếu {needs}", format_count(num), format_count(den))
                }
            };
            let origin = match &score.source {
                Some(Source::Pooled) => " (cộng từ đơn vị trực thuộc)".to_owned(),
                Some(Source::Inherited(from)) => format!(" (lấy theo {from})"),
                Some(Source::Ratio) => " (chỉ có tỷ lệ công bố)".to_owned(),
                _ => String::new(),
            };
            let points = match (score.is_missing(), score.points) {
                (true, _) => "—".to_owned(),
                (false, None) => "không chấm".to_owned(),
                (false, Some(p)) => format_points(p, places),
            };
            let rate = if score.is_missing() {
                String::new()
            } else {
                format_percent(score.percent, places)
            };
            // A rate multiplied by another criterion's says so, or it would not follow from its
            // counts (25.273/37.476 shown as 64,30%).
            let factor = match (&criterion.rate_times, &score.needs) {
                (Some(code), None) => unit.criterion(code).and_then(|by| {
                    let number = methodology.criterion_number(code)?;
                    Some(format!(
                        " (× {} theo {number})",
                        format_percent(by.percent, places)
                    ))
                }),
                _ => None,
            };
            let label = format!(
                "  {number}.{sub} {}{origin}{}",
                criterion.name,
                factor.unwrap_or_default()
            );
            table_line(
                &mut out,
                &format!("{points}/{}", format_decimal(score.max)),
                &rate,
                &counts,
                &label,
            );
        }
        for monitor in methodology
            .monitors()
            .iter()
            .filter(|m| m.group.as_deref() == Some(&group.code))
        {
            if let Some(value) = unit.monitors.iter().find(|v| v.code == monitor.code) {
                let shown = match monitor.display {
                    crate::methodology::MonitorDisplay::Percent => {
                        format_percent(value.value, places)
                    }
                    crate::methodology::MonitorDisplay::Average => value
                        .value
                        .map(|v| format_points(v, places))
                        .unwrap_or_else(|| "không có".into()),
                };
                let counts = match value.count {
                    CriterionCount::Counted { num, den } => {
                        format!("{}/{}", format_count(num), format_count(den))
                    }
                    CriterionCount::NotApplicable => "không áp dụng".to_owned(),
                };
                let label = format!("  {} (theo dõi, không tính điểm)", monitor.name);
                table_line(&mut out, "", &shown, &counts, &label);
            }
        }
    }
    for view in methodology.views() {
        let _ = writeln!(out, "\n{}:", view.name);
        if let Some(scores) = unit.view(&view.code) {
            for (group, score) in view.groups.iter().zip(&scores.groups) {
                group_line(
                    &mut out,
                    &format!("{} ({})", group.name, group.code),
                    score,
                    places,
                );
            }
        }
    }
    // What to fix: where the points went, the cheapest targets, the findings.
    let fix = super::prose::fix_section(&super::index::what_to_fix(card, code, &[])?);
    if !fix.paragraphs.is_empty() || !fix.bullets.is_empty() {
        let _ = writeln!(out, "\nCần khắc phục:");
        for paragraph in &fix.paragraphs {
            let _ = writeln!(out, "{paragraph}");
        }
        for bullet in &fix.bullets {
            let _ = writeln!(out, "- {bullet}");
        }
    }
    Ok(out)
}

/// A ranking as a Vietnamese text table, one peer set after another.
pub fn ranking_text(card: &Scorecard, ranking: &Ranking) -> String {
    let places = card.methodology().rounding().places;
    let by = match ranking.by() {
        RankBy::Total => "tổng điểm".to_owned(),
        RankBy::Group(code) => format!("nhóm {code}"),
    };
    let points =
        |p: Option<Decimal>| p.map_or_else(|| "—".to_owned(), |v| format_points(v, places));
    let groups = card.methodology().groups();
    let period = card
        .period()
        .map(|p| p.label_vi())
        .unwrap_or_else(|| "kỳ không rõ".into());
    let mut out = String::new();
    let mut current = None;
    for entry in ranking.entries() {
        if current != Some(&entry.peers) {
            let under = entry
                .peers
                .under
                .as_deref()
                .map(|u| format!(" thuộc {}", printable(u)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "\nXếp hạng theo {by}: các {}{under} — {period}",
                entry.peers.level.label_vi()
            );
            let header: String = groups.iter().map(|g| format!(" {:>6}", g.code)).collect();
            let _ = writeln!(out, "  Hạng  Điểm  {header}  Đơn vị");
            current = Some(&entry.peers);
        }
        let Some(unit) = card.unit(&entry.code) else {
            continue;
        };
        let rank = entry.rank.map_or_else(|| "—".to_owned(), |r| r.to_string());
        let columns: String = unit
            .groups
            .iter()
            .map(|g| format!(" {:>6}", points(g.points)))
            .collect();
        let note = match entry.rank {
            None => " (chưa đủ số liệu, chưa xếp hạng)",
            Some(_) => "",
        };
        let _ = writeln!(
            out,
            "  {rank:>4} {:>6}  {columns}  {} {}{note}",
            points(entry.value),
            printable(&entry.code),
            listed(&unit.unit.name)
        );
    }
    out
}

/// A scorecard as JSON: methodology, period, and per unit its completeness, total, groups, views,
/// criteria (`num`, `den`, `rate` as a percentage, `points`), its rank in each given ranking
/// (`"rank": {"total": 12, "CKMB": 3}`) and the size of each peer set (`"rank_of": {"total": 34}`).
/// Decimals are strings so no precision is lost; an incomplete unit's total and ranks are `null`.
pub fn scorecard_json(card: &Scorecard, rankings: &[Ranking]) -> Value {
    let places = card.methodology().rounding().places;
    let text = |d: Decimal| Value::String(fixed(d, places).to_string());
    let group_json = |g: &GroupScore| json!({"points": g.points.map(text), "max": g.max.to_string(), "applicable_max": g.applicable_max.to_string()});
    let units: Vec<Value> = card
        .units()
        .iter()
        .map(|u| {
            let groups: Map<String, Value> = u.groups.iter().map(|g| (g.code.clone(), group_json(g))).collect();
            let views: Map<String, Value> = u
                .views
                .iter()
                .map(|v| {
                    let groups: Map<String, Value> = v.groups.iter().map(|g| (g.code.clone(), group_json(g))).collect();
                    (v.code.clone(), Value::Object(groups))
                })
                .collect();
            let criteria: Map<String, Value> = u
                .criteria
                .iter()
                .map(|c| {
                    let (num, den, na) = match c.count {
                        Some(CriterionCount::Counted { num, den }) => (json!(num), json!(den), false),
                        Some(CriterionCount::NotApplicable) => (Value::Null, Value::Null, true),
                        None => (Value::Null, Value::Null, false),
                    };
                    let source = match &c.source {
                        None => Value::Null,
                        Some(Source::Own) => json!("own"),
                        Some(Source::Pooled) => json!("pooled"),
                        Some(Source::Inherited(from)) => json!(format!("inherited:{from}")),
                        Some(Source::Ratio) => json!("ratio"),
                    };
                    let value = json!({
                        "missing": c.is_missing(), "needs": c.needs, "not_applicable": na, "num": num, "den": den,
                        "rate": c.percent.map(text), "points": c.points.map(text), "max": c.max.to_string(),
                        "source": source, "capped": c.capped,
                    });
                    (c.code.clone(), value)
                })
                .collect();
            let monitors: Map<String, Value> = u
                .monitors
                .iter()
                .map(|m| (m.code.clone(), json!({"value": m.value.map(text)})))
                .collect();
            let (mut ranks, mut rank_of) = (Map::new(), Map::new());
            for ranking in rankings {
                let key = match ranking.by() {
                    RankBy::Total => "total".to_owned(),
                    RankBy::Group(code) => code.clone(),
                };
                let entry = ranking.get(&u.unit.code);
                ranks.insert(key.clone(), json!(entry.and_then(|e| e.rank)));
                rank_of.insert(key, json!(entry.map(|e| e.of)));
            }
            json!({
                "code": u.unit.code, "name": u.unit.name, "level": u.unit.level.as_str(), "parent": u.unit.parent,
                "complete": u.is_complete(), "missing": u.missing, "total": u.total.map(text),
                "groups": groups, "views": views, "criteria": criteria, "monitors": monitors, "rank": ranks,
                "rank_of": rank_of,
            })
        })
        .collect();
    let diagnostics: Vec<Value> = card
        .diagnostics()
        .iter()
        .map(|d| json!({"unit": d.unit, "criterion": d.criterion, "message": d.message}))
        .collect();
    json!({
        "methodology": card.methodology().name(),
        "period": card.period(),
        "units": units,
        "diagnostics": diagnostics,
    })
}

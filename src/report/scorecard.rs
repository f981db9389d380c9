//! A scorecard as Vietnamese text (one unit's criteria, groups and total; a ranking table) and as
//! JSON for other programs.

use std::fmt::Write as _;

use rust_decimal::Decimal;
use serde_json::{json, Map, Value};

use super::index::WhatToFix;
use crate::error::{ErrorKind, Result};
use crate::interchange::{CriterionCount, Source};
use crate::methodology::{Criterion, Methodology, MonitorDisplay};
use crate::notation::{
    fixed, format_count, format_decimal, format_percent, format_points, rank_label,
};
use crate::printable::listed;
use crate::printable::printable;
use crate::rank::{RankBy, Ranked, Ranking};
use crate::score::{CriterionScore, Diagnostic, GroupScore, Noticed, Scorecard, UnitScore};

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

/// What lenient scoring noticed and did, as officials read it: “tử số 12 lớn hơn mẫu số 10; tỷ lệ
/// được tính tối đa 100%”.
pub fn diagnostic_text(diagnostic: &Diagnostic) -> String {
    match diagnostic.noticed {
        Noticed::Capped { num, den } => format!(
            "tử số {} lớn hơn mẫu số {}; tỷ lệ được tính tối đa 100%",
            format_count(num),
            format_count(den)
        ),
    }
}

/// One unit's scorecard as a report shows it: its scores, its rank when a total ranking is
/// given, and what to fix (the criteria that lost the most, the cheapest targets, the findings),
/// all computed when it is built, so that its text only writes them.
#[derive(Debug, Clone)]
pub struct UnitSheet<'c> {
    card: &'c Scorecard,
    unit: &'c UnitScore,
    rank: Option<&'c Ranked>,
    fix: WhatToFix,
}

impl<'c> UnitSheet<'c> {
    /// The sheet of unit `code`, ranked in `ranking` when given.
    ///
    /// Errors: `code` is not a unit of the scorecard; what to fix cannot be planned (see
    /// [`Planner`](crate::plan::Planner)).
    pub fn build(
        card: &'c Scorecard,
        code: &str,
        ranking: Option<&'c Ranking>,
    ) -> Result<UnitSheet<'c>> {
        Ok(UnitSheet {
            card,
            unit: lookup(card, code)?,
            rank: ranking.and_then(|r| r.get(code)),
            fix: super::index::what_to_fix(card, code, &[])?,
        })
    }

    /// The sheet as Vietnamese text: the unit and its total, each group's and criterion's
    /// counts, rate and points, the methodology's views, and what to fix.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.head(&mut out);
        table_line(&mut out, "Điểm", "Tỷ lệ", "Số liệu", "Nhóm, tiêu chí");
        let methodology = self.card.methodology();
        for (number, group) in (1..).zip(methodology.groups()) {
            if let Some(score) = self.unit.group(&group.code) {
                let label = format!("{number}. {} ({})", group.name, group.code);
                group_line(&mut out, &label, score, self.places());
            }
            for (sub, criterion) in (1..).zip(&group.criteria) {
                if let Some(score) = self.unit.criterion(&criterion.code) {
                    self.criterion_line(&mut out, (number, sub), criterion, score);
                }
            }
            self.monitor_lines(&mut out, &group.code);
        }
        self.views(&mut out);
        self.fix_lines(&mut out);
        out
    }

    /// The methodology's places of points.
    fn places(&self) -> u32 {
        self.card.methodology().rounding().places
    }

    /// The unit, the period, the methodology, the total and rank, and what is missing.
    fn head(&self, out: &mut String) {
        let (unit, methodology) = (self.unit, self.card.methodology());
        let period = (self.card.period())
            .map(|p| p.label_vi())
            .unwrap_or_else(|| "kỳ không rõ".into());
        let (name, code) = (printable(&unit.unit.name), printable(&unit.unit.code));
        let _ = writeln!(out, "{name} ({code}) — {period}");
        let _ = writeln!(
            out,
            "Phương pháp tính: {} — {}",
            methodology.name(),
            methodology.title()
        );
        let total = match unit.total {
            Some(total) => format!(
                "{}/{}",
                format_points(total, self.places()),
                format_decimal(methodology.total_max())
            ),
            None => format!(
                "chưa đủ số liệu (thiếu: {})",
                missing_vi(methodology, &unit.missing)
            ),
        };
        let rank = (self.rank)
            .map(|r| format!(" — {}", rank_label(r)))
            .unwrap_or_default();
        let _ = writeln!(out, "Tổng điểm: {total}{rank}\n");
        if unit.total.is_none() {
            let missing = super::NamedCriterion::to_give(methodology, &unit.missing);
            let sentence = super::missing_sentence(&missing, self.card.period());
            let _ = writeln!(out, "{sentence}\n");
        }
    }

    /// A criterion's line: its points of its maximum, its rate, its counts, and its label with
    /// where its count comes from and the rate that multiplies it.
    fn criterion_line(
        &self,
        out: &mut String,
        (number, sub): (usize, usize),
        criterion: &Criterion,
        score: &CriterionScore,
    ) {
        let places = self.places();
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
        let label = format!(
            "  {number}.{sub} {}{}{}",
            criterion.name,
            origin(score.source.as_ref()),
            self.factor(criterion, score).unwrap_or_default()
        );
        let points = format!("{points}/{}", format_decimal(score.max));
        table_line(out, &points, &rate, &counts(score), &label);
    }

    /// A rate multiplied by another criterion's says so, or it would not follow from its counts
    /// (25.273/37.476 shown as 64,30%): “ (× 97,00% theo 4.4)”.
    fn factor(&self, criterion: &Criterion, score: &CriterionScore) -> Option<String> {
        let (Some(code), None) = (&criterion.rate_times, &score.needs) else {
            return None;
        };
        let by = self.unit.criterion(code)?;
        let number = self.card.methodology().criterion_number(code)?;
        let percent = format_percent(by.percent, self.places());
        Some(format!(" (× {percent} theo {number})"))
    }

    /// The lines of the monitors of group `group`: watched, not scored.
    fn monitor_lines(&self, out: &mut String, group: &str) {
        let places = self.places();
        let monitors = self.card.methodology().monitors().iter();
        for monitor in monitors.filter(|m| m.group.as_deref() == Some(group)) {
            let Some(value) = self.unit.monitors.iter().find(|v| v.code == monitor.code) else {
                continue;
            };
            let shown = match monitor.display {
                MonitorDisplay::Percent => format_percent(value.value, places),
                MonitorDisplay::Average => (value.value)
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
            table_line(out, "", &shown, &counts, &label);
        }
    }

    /// The methodology's views: each group's points as the view groups them.
    fn views(&self, out: &mut String) {
        for view in self.card.methodology().views() {
            let _ = writeln!(out, "\n{}:", view.name);
            let Some(scores) = self.unit.view(&view.code) else {
                continue;
            };
            for (group, score) in view.groups.iter().zip(&scores.groups) {
                let label = format!("{} ({})", group.name, group.code);
                group_line(out, &label, score, self.places());
            }
        }
    }

    /// What to fix: where the points went, the cheapest targets, the findings.
    fn fix_lines(&self, out: &mut String) {
        let fix = super::prose::fix_section(&self.fix);
        if fix.paragraphs.is_empty() && fix.bullets.is_empty() {
            return;
        }
        let _ = writeln!(out, "\nCần khắc phục:");
        for paragraph in &fix.paragraphs {
            let _ = writeln!(out, "{paragraph}");
        }
        for bullet in &fix.bullets {
            let _ = writeln!(out, "- {bullet}");
        }
    }
}

/// A criterion's counts as the sheet shows them: “96/100”, missing, not applicable, or counted
/// but waiting for the count of the criterion that multiplies it.
fn counts(score: &CriterionScore) -> String {
    match (score.count, &score.needs) {
        (None, _) => "thiếu số liệu".to_owned(),
        (Some(CriterionCount::NotApplicable), _) => "không áp dụng".to_owned(),
        (Some(CriterionCount::Counted { num, den }), None) => {
            format!("{}/{}", format_count(num), format_count(den))
        }
        (Some(CriterionCount::Counted { num, den }), Some(needs)) => {
            format!("{}/{}, thiếu {needs}", format_count(num), format_count(den))
        }
    }
}

/// Where a criterion's count comes from, when not the unit's own: “ (cộng từ đơn vị trực thuộc)”.
fn origin(source: Option<&Source>) -> String {
    match source {
        Some(Source::Pooled) => " (cộng từ đơn vị trực thuộc)".to_owned(),
        Some(Source::Inherited(from)) => format!(" (lấy theo {from})"),
        Some(Source::Ratio) => " (chỉ có tỷ lệ công bố)".to_owned(),
        _ => String::new(),
    }
}

/// One unit's scorecard as Vietnamese text: [`UnitSheet::build`], then [`UnitSheet::text`].
///
/// Errors: as [`UnitSheet::build`].
pub fn unit_text(card: &Scorecard, code: &str, ranking: Option<&Ranking>) -> Result<String> {
    Ok(UnitSheet::build(card, code, ranking)?.text())
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
    let json = UnitJson {
        places: card.methodology().rounding().places,
        rankings,
    };
    let units: Vec<Value> = card.units().iter().map(|u| json.unit(u)).collect();
    let diagnostics: Vec<Value> = card
        .diagnostics()
        .iter()
        .map(|d| {
            json!({"unit": d.unit, "criterion": d.criterion, "noticed": d.noticed,
                   "message": diagnostic_text(d)})
        })
        .collect();
    json!({
        "methodology": card.methodology().name(),
        "period": card.period(),
        "units": units,
        "diagnostics": diagnostics,
    })
}

/// A scorecard's units as JSON ([`scorecard_json`]): decimals at the methodology's places, ranks
/// in the given rankings.
struct UnitJson<'r> {
    places: u32,
    rankings: &'r [Ranking],
}

impl UnitJson<'_> {
    /// `d` as a string of the methodology's places.
    fn text(&self, d: Decimal) -> Value {
        Value::String(fixed(d, self.places).to_string())
    }

    /// Unit `u`'s object: its fields, completeness, total, groups, views, criteria, monitors and
    /// ranks.
    fn unit(&self, u: &UnitScore) -> Value {
        let views: Map<String, Value> = u
            .views
            .iter()
            .map(|v| (v.code.clone(), Value::Object(self.groups(&v.groups))))
            .collect();
        let criteria: Map<String, Value> = (u.criteria.iter())
            .map(|c| (c.code.clone(), self.criterion(c)))
            .collect();
        let monitors: Map<String, Value> = u
            .monitors
            .iter()
            .map(|m| {
                (
                    m.code.clone(),
                    json!({"value": m.value.map(|d| self.text(d))}),
                )
            })
            .collect();
        let (ranks, rank_of) = self.ranks(&u.unit.code);
        json!({
            "code": u.unit.code, "name": u.unit.name, "level": u.unit.level.as_str(), "parent": u.unit.parent,
            "complete": u.is_complete(), "missing": u.missing, "total": u.total.map(|d| self.text(d)),
            "groups": self.groups(&u.groups), "views": views, "criteria": criteria, "monitors": monitors, "rank": ranks,
            "rank_of": rank_of,
        })
    }

    /// Each group's points, maximum and applicable maximum, by code.
    fn groups(&self, groups: &[GroupScore]) -> Map<String, Value> {
        let group = |g: &GroupScore| json!({"points": g.points.map(|d| self.text(d)), "max": g.max.to_string(), "applicable_max": g.applicable_max.to_string()});
        groups.iter().map(|g| (g.code.clone(), group(g))).collect()
    }

    /// A criterion's object: its count, rate, points, maximum and source.
    fn criterion(&self, c: &CriterionScore) -> Value {
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
        json!({
            "missing": c.is_missing(), "needs": c.needs, "not_applicable": na, "num": num, "den": den,
            "rate": c.percent.map(|d| self.text(d)), "points": c.points.map(|d| self.text(d)), "max": c.max.to_string(),
            "source": source, "capped": c.capped,
        })
    }

    /// The unit `code`'s rank in each ranking and the size of its peer set there, by the
    /// ranking's key (`total` or the group's code).
    fn ranks(&self, code: &str) -> (Map<String, Value>, Map<String, Value>) {
        let (mut ranks, mut rank_of) = (Map::new(), Map::new());
        for ranking in self.rankings {
            let key = match ranking.by() {
                RankBy::Total => "total".to_owned(),
                RankBy::Group(code) => code.clone(),
            };
            let entry = ranking.get(code);
            ranks.insert(key.clone(), json!(entry.and_then(|e| e.rank)));
            rank_of.insert(key, json!(entry.map(|e| e.of)));
        }
        (ranks, rank_of)
    }
}

//! The index report (SPEC §8, last paragraph; seed `003_…`) as a value: a province's total and
//! groups against the maximum and the average of its peers, each group's criteria as rates and
//! points, the ranking of its departments and of its communes with the change since the previous
//! scorecard, a trend over up to twelve periods, and the leadership table of all its peers.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::error::{ErrorKind, Result};
use crate::interchange::CriterionCount;
use crate::methodology::{Methodology, Rounding};
use crate::period::Period;
use crate::plan::{points_lost, CriterionLoss, Finding, LeastChange, Planner};
use crate::rank::{deltas, rank, Delta, RankBy, RankMethod, Ranking};
use crate::score::{CriterionScore, Scorecard, UnitScore};
use crate::unit::{Level, PeerSet};

/// The most periods a trend shows.
pub const TREND_PERIODS: usize = 12;

/// One criterion's line: counts, rate, points and what it lost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CriterionLine {
    /// The criterion's number in the methodology (`2.1`).
    pub number: String,
    /// Its code.
    pub code: String,
    /// Its Vietnamese name.
    pub name: String,
    /// The numerator, when counted.
    pub num: Option<u64>,
    /// The denominator, when counted.
    pub den: Option<u64>,
    /// The rate as a rounded percentage.
    pub rate: Option<Decimal>,
    /// The points.
    pub points: Option<Decimal>,
    /// The maximum.
    pub max: Decimal,
    /// Max − points, when scored.
    pub points_lost: Option<Decimal>,
}

/// One group's line, against the maximum and the peers' average.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupLine {
    /// The group's code.
    pub code: String,
    /// Its Vietnamese name.
    pub name: String,
    /// The unit's points.
    pub points: Option<Decimal>,
    /// The maximum.
    pub max: Decimal,
    /// The mean of the peers' points (the average of the published values, rounded as points).
    pub peer_average: Option<Decimal>,
    /// Its criteria.
    pub criteria: Vec<CriterionLine>,
}

/// A unit's place in a ranking, with its change since the previous scorecard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RankLine {
    /// The unit's code.
    pub code: String,
    /// The unit's name.
    pub name: String,
    /// Its total.
    pub total: Option<Decimal>,
    /// Its rank among its peers (competition ranking).
    pub rank: Option<u32>,
    /// How many are ranked.
    pub of: u32,
    /// Points gained since the previous scorecard.
    pub points_change: Option<Decimal>,
    /// Places climbed since the previous scorecard (positive is better).
    pub rank_change: Option<i64>,
}

/// The ranking of one kind of unit below the province (its departments, its communes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubRanking {
    /// The level ranked.
    pub level: Level,
    /// Its label: “sở, ban, ngành”, “xã, phường”.
    pub label: &'static str,
    /// Best first.
    pub entries: Vec<RankLine>,
}

/// One period of the trend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrendPoint {
    /// The period.
    pub period: Option<Period>,
    /// The unit's total.
    pub total: Option<Decimal>,
    /// Its rank among its peers.
    pub rank: Option<u32>,
    /// How many were ranked.
    pub of: u32,
}

/// One peer's line of the leadership table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeadershipRow {
    /// The unit's code.
    pub code: String,
    /// The unit's name.
    pub name: String,
    /// Its points in each group, in the methodology's order.
    pub groups: Vec<Option<Decimal>>,
    /// Its total.
    pub total: Option<Decimal>,
    /// Its rank.
    pub rank: Option<u32>,
}

/// The index report of one unit (a province) for one scorecard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndexReport {
    /// The methodology that scored it.
    pub methodology: String,
    /// The period.
    pub period: Option<Period>,
    /// Not closed yet: provisional (tạm tính).
    pub provisional: bool,
    /// The unit's code.
    pub code: String,
    /// The unit's name.
    pub name: String,
    /// Its level: whom its peers are (a province's are the provinces of the whole country).
    pub level: Level,
    /// Its total; `None` when criteria are missing (see [`IndexReport::is_complete`]).
    pub total: Option<Decimal>,
    /// The maximum total.
    pub max: Decimal,
    /// The mean of its peers' totals.
    pub peer_average: Option<Decimal>,
    /// Its rank among its peers.
    pub rank: Option<u32>,
    /// How many peers are ranked.
    pub of: u32,
    /// The previous scorecard's period, when one was given.
    pub previous: Option<Period>,
    /// Points gained since the previous scorecard.
    pub points_change: Option<Decimal>,
    /// Places climbed since the previous scorecard.
    pub rank_change: Option<i64>,
    /// The groups, in the methodology's order.
    pub groups: Vec<GroupLine>,
    /// Its departments, districts and communes, each ranked among their peers.
    pub rankings: Vec<SubRanking>,
    /// Its total and rank over the periods given, oldest first, this one last.
    pub trend: Vec<TrendPoint>,
    /// Group codes of the leadership table's columns.
    pub group_codes: Vec<String>,
    /// All its peers: six groups, total and rank, best first.
    pub leadership: Vec<LeadershipRow>,
    /// What to fix: the criteria that lost the most, the three cheapest targets, the findings.
    pub what_to_fix: WhatToFix,
    /// The criteria (or groups) without counts, which keep the unit from a total, in the
    /// methodology's order.
    pub missing: Vec<NamedCriterion>,
}

/// A criterion as officials name it: its number and Vietnamese name (`1.1 Tỷ lệ TTHC công bố
/// đúng hạn`), and its code for programs. A group given as points is named by its name alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NamedCriterion {
    /// The criterion's (or group's) code.
    pub code: String,
    /// Its number (`1.1`); empty for a group.
    pub number: String,
    /// Its Vietnamese name.
    pub name: String,
}

impl NamedCriterion {
    /// Of the criteria missing, those a person must give, named: a criterion missing only because
    /// the criterion its rate is multiplied by is missing too (online dossiers without the sync
    /// rate) comes with that one, so it is left out.
    pub fn to_give(methodology: &Methodology, missing: &[String]) -> Vec<NamedCriterion> {
        let given: Vec<String> = (missing.iter())
            .filter(|code| {
                let factor = methodology
                    .criterion(code)
                    .and_then(|c| c.rate_times.as_ref());
                !factor.is_some_and(|f| missing.contains(f))
            })
            .cloned()
            .collect();
        NamedCriterion::all(methodology, &given)
    }

    /// The criteria or groups of `methodology` with these codes, named; a code it does not
    /// define is named by itself.
    pub fn all(methodology: &Methodology, codes: &[String]) -> Vec<NamedCriterion> {
        (codes.iter())
            .map(|code| {
                let number = methodology.criterion_number(code).unwrap_or_default();
                let name = match (methodology.criterion(code), methodology.group(code)) {
                    (Some(criterion), _) => criterion.name.clone(),
                    (None, Some(group)) => format!("nhóm {}", group.name),
                    (None, None) => code.clone(),
                };
                NamedCriterion {
                    code: code.clone(),
                    number,
                    name,
                }
            })
            .collect()
    }
}

/// The “what to fix” section (SPEC §9): where the points went and the cheapest ways back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WhatToFix {
    /// The criteria that lost points, most first (at most five).
    pub points_lost: Vec<CriterionLoss<'static>>,
    /// The three cheapest targets: for the criteria that lost points, one more point (or their
    /// maximum), the fewest cases first; a target that only more new cases than the criterion's
    /// own volume of the period would reach is no target.
    pub cheapest: Vec<LeastChange>,
    /// The findings, most serious first.
    pub findings: Vec<Finding<'static>>,
}

/// The section for unit `code`: points lost, the three targets that take the fewest cases, and
/// the findings (with `history` for the falls).
pub(crate) fn what_to_fix(
    card: &Scorecard,
    code: &str,
    earlier: &[TrendPoint],
) -> Result<WhatToFix> {
    let planner = Planner::new(card);
    let lost = points_lost(card, code)?;
    let losing: Vec<CriterionLoss> = (lost.criteria.into_iter())
        .filter(|c| c.points_lost.is_some_and(|l| l > Decimal::ZERO))
        .collect();
    let mut cheapest = Vec::new();
    for criterion in &losing {
        let Some(points) = criterion.points else {
            continue;
        };
        let target = (points + Decimal::ONE).min(criterion.max);
        let change = planner.least_change(code, &criterion.code, target)?;
        if change.fix.is_some() || realistic_add(&change).is_some() {
            cheapest.push(change);
        }
    }
    let cost = |c: &LeastChange| {
        (c.fix.into_iter().chain(realistic_add(c)))
            .min()
            .unwrap_or(u64::MAX)
    };
    cheapest.sort_by(|a, b| cost(a).cmp(&cost(b)).then_with(|| a.code.cmp(&b.code)));
    cheapest.truncate(3);
    Ok(WhatToFix {
        points_lost: (losing.into_iter().take(5))
            .map(CriterionLoss::into_owned)
            .collect(),
        cheapest,
        findings: (planner
            .findings_after(code, &earlier.iter().map(|p| p.total).collect::<Vec<_>>())?)
        .into_iter()
        .map(Finding::into_owned)
        .collect(),
    })
}

/// The cases a target takes by adding new ones, when no more than the criterion's own volume of
/// the period (its denominator): more new cases than the unit had is no plan. With no case in
/// the period, the first one is.
pub(crate) fn realistic_add(change: &LeastChange) -> Option<u64> {
    change.add.filter(|&k| k <= change.den.max(1))
}

/// The mean of some points, rounded as the methodology rounds points.
fn mean(values: impl Iterator<Item = Decimal>, rounding: &Rounding) -> Option<Decimal> {
    let (mut sum, mut n) = (Decimal::ZERO, 0u32);
    for v in values {
        sum = sum.checked_add(v)?;
        n += 1;
    }
    (n > 0).then(|| rounding.apply(sum / Decimal::from(n)))
}

/// The units of a scorecard in the peer set of `peers`, with their scores.
fn members<'a>(card: &'a Scorecard, peers: &'a PeerSet) -> impl Iterator<Item = &'a UnitScore> {
    card.units()
        .iter()
        .filter(move |u| card.tree().peer_set(&u.unit.code).as_ref() == Some(peers))
}

impl IndexReport {
    /// The index report of the unit `code` in `card`, with changes since `previous` and a trend
    /// over `history` (earlier scorecards, oldest first; the last eleven are kept, this one is
    /// added).
    ///
    /// Errors: `code` is not in the scorecard; a previous scorecard of another methodology.
    pub fn build(
        card: &Scorecard,
        code: &str,
        previous: Option<&Scorecard>,
        history: &[&Scorecard],
        provisional: bool,
    ) -> Result<IndexReport> {
        let earlier = (history.iter())
            .map(|c| TrendPoint::of(c, code))
            .collect::<Result<Vec<_>>>()?;
        IndexReport::build_after(card, code, previous, &earlier, provisional)
    }

    /// [`IndexReport::build`] with `earlier` the unit's standing in earlier periods (oldest
    /// first), each made by [`TrendPoint::of`] from its scorecard: a run over many periods keeps
    /// one point per period, not every unit's scores.
    ///
    /// Errors: `code` is not in the scorecard; a previous scorecard of another methodology.
    pub fn build_after(
        card: &Scorecard,
        code: &str,
        previous: Option<&Scorecard>,
        earlier: &[TrendPoint],
        provisional: bool,
    ) -> Result<IndexReport> {
        let unit = card.unit(code).ok_or_else(|| ErrorKind::UnknownUnit {
            unit: code.to_owned(),
        })?;
        let methodology = card.methodology();
        let totals = rank(card, &RankBy::Total, RankMethod::Competition)?;
        let changes: BTreeMap<String, Delta> = match previous {
            Some(previous) => deltas(previous, card, &RankBy::Total, RankMethod::Competition)?
                .into_iter()
                .map(|d| (d.code.clone(), d))
                .collect(),
            None => BTreeMap::new(),
        };
        let peers = card.tree().peer_set(code);
        let peer_units: Vec<&UnitScore> = match &peers {
            Some(peers) => members(card, peers).collect(),
            None => vec![unit],
        };
        let (placed, change) = (totals.get(code), changes.get(code));
        Ok(IndexReport {
            missing: NamedCriterion::to_give(methodology, &unit.missing),
            methodology: methodology.name().to_owned(),
            period: card.period(),
            provisional,
            code: code.to_owned(),
            name: unit.unit.name.clone(),
            level: unit.unit.level,
            total: unit.total,
            max: methodology.total_max(),
            peer_average: mean(
                peer_units.iter().filter_map(|u| u.total),
                methodology.rounding(),
            ),
            rank: placed.and_then(|r| r.rank),
            of: placed.map_or(0, |r| r.of),
            previous: previous.and_then(Scorecard::period),
            points_change: change.and_then(|d| d.points),
            rank_change: change.and_then(|d| d.rank_change),
            groups: group_lines(methodology, unit, &peer_units),
            rankings: sub_rankings(card, code, &totals, &changes),
            trend: trend(card, code, &totals, earlier),
            group_codes: methodology
                .groups()
                .iter()
                .map(|g| g.code.clone())
                .collect(),
            leadership: leadership(methodology, &peer_units, &totals),
            what_to_fix: what_to_fix(card, code, earlier)?,
        })
    }
}

impl IndexReport {
    /// Whether every criterion was counted and the unit has a total: only then are the index's
    /// tables worth printing. Without it, the report says in one sentence what is missing and
    /// how to give it ([`IndexReport::missing`]).
    pub fn is_complete(&self) -> bool {
        self.total.is_some()
    }
}

/// A criterion's line: its counts, rate, points and what it lost.
fn criterion_line(methodology: &Methodology, score: &CriterionScore) -> CriterionLine {
    let (num, den) = match score.count {
        Some(CriterionCount::Counted { num, den }) => (Some(num), Some(den)),
        _ => (None, None),
    };
    CriterionLine {
        number: methodology
            .criterion_number(&score.code)
            .unwrap_or_default(),
        code: score.code.clone(),
        name: (methodology.criterion(&score.code))
            .map(|c| c.name.clone())
            .unwrap_or_default(),
        num,
        den,
        rate: score.percent,
        points: score.points,
        max: score.max,
        points_lost: score.points.and_then(|p| score.max.checked_sub(p)),
    }
}

/// The unit's groups, each against the mean of its peers, with its criteria.
fn group_lines(
    methodology: &Methodology,
    unit: &UnitScore,
    peer_units: &[&UnitScore],
) -> Vec<GroupLine> {
    (methodology.groups().iter())
        .map(|group| GroupLine {
            code: group.code.clone(),
            name: group.name.clone(),
            points: unit.group(&group.code).and_then(|g| g.points),
            max: group.max,
            peer_average: mean(
                (peer_units.iter()).filter_map(|u| u.group(&group.code).and_then(|g| g.points)),
                methodology.rounding(),
            ),
            criteria: (group.criteria.iter())
                .filter_map(|criterion| unit.criterion(&criterion.code))
                .map(|score| criterion_line(methodology, score))
                .collect(),
        })
        .collect()
}

/// The unit's total and rank over the last of `earlier` and this scorecard, oldest first.
fn trend(
    card: &Scorecard,
    code: &str,
    totals: &Ranking,
    earlier: &[TrendPoint],
) -> Vec<TrendPoint> {
    let skip = earlier.len().saturating_sub(TREND_PERIODS - 1);
    let mut trend: Vec<TrendPoint> = earlier.iter().skip(skip).cloned().collect();
    trend.push(trend_point(card, totals, code));
    trend
}

impl TrendPoint {
    /// Unit `code`'s total and rank among its peers in `card`: one point of a trend.
    ///
    /// Errors: the scorecard cannot be ranked.
    pub fn of(card: &Scorecard, code: &str) -> Result<TrendPoint> {
        let ranking = rank(card, &RankBy::Total, RankMethod::Competition)?;
        Ok(trend_point(card, &ranking, code))
    }
}

/// Every peer's groups, total and rank, best first.
fn leadership(
    methodology: &Methodology,
    peer_units: &[&UnitScore],
    totals: &Ranking,
) -> Vec<LeadershipRow> {
    let mut rows: Vec<LeadershipRow> = (peer_units.iter())
        .map(|u| LeadershipRow {
            code: u.unit.code.clone(),
            name: u.unit.name.clone(),
            groups: (methodology.groups().iter())
                .map(|g| u.group(&g.code).and_then(|g| g.points))
                .collect(),
            total: u.total,
            rank: totals.get(&u.unit.code).and_then(|r| r.rank),
        })
        .collect();
    rows.sort_by(|a, b| {
        (a.rank.is_none(), a.rank, &a.code).cmp(&(b.rank.is_none(), b.rank, &b.code))
    });
    rows
}

fn trend_point(card: &Scorecard, ranking: &Ranking, code: &str) -> TrendPoint {
    let placed = ranking.get(code);
    TrendPoint {
        period: card.period(),
        total: card.unit(code).and_then(|u| u.total),
        rank: placed.and_then(|r| r.rank),
        of: placed.map_or(0, |r| r.of),
    }
}

/// The unit's children ranked among their peers, one ranking per level, best first.
fn sub_rankings(
    card: &Scorecard,
    code: &str,
    totals: &Ranking,
    changes: &BTreeMap<String, Delta>,
) -> Vec<SubRanking> {
    let mut by_level: BTreeMap<u8, SubRanking> = BTreeMap::new();
    for entry in totals.entries() {
        if entry.peers.under.as_deref() != Some(code) {
            continue;
        }
        let Some(unit) = card.unit(&entry.code) else {
            continue;
        };
        let level = entry.peers.level;
        let order = match level {
            Level::Ministry | Level::Province => 0,
            Level::Department => 1,
            Level::District => 2,
            Level::Commune => 3,
        };
        let change = changes.get(&entry.code);
        by_level
            .entry(order)
            .or_insert_with(|| SubRanking {
                level,
                label: level.label_vi(),
                entries: Vec::new(),
            })
            .entries
            .push(RankLine {
                code: entry.code.clone(),
                name: unit.unit.name.clone(),
                total: entry.value,
                rank: entry.rank,
                of: entry.of,
                points_change: change.and_then(|d| d.points),
                rank_change: change.and_then(|d| d.rank_change),
            });
    }
    by_level.into_values().collect()
}

//! Improvement plans (SPEC §9): where a unit's points went, and the least change of its counts
//! that reaches a target, exactly as the portal would score it.
//!
//! - [`points_lost`]: each criterion's and group's maximum less its points, and the total's,
//!   ordered so the costliest come first.
//! - [`cheapest_combination`]: for a group or the total, the fewest cases across the unit's
//!   criteria; [`overtake`]: to rank above a unit, or to reach a rank, in the peer set.
//! - [`findings`]: the dashboards' rules (weak groups and criteria, below the peers' median,
//!   too small to judge, strengths, falls, costly units below), thresholds in [`Thresholds`].
//! - [`sensitivity`]: every unit's rank range under the methodology's named variants.
//! - [`what_if`]: a [`Scenario`] of changes to counts re-scored, each unit's change of points and
//!   rank.
//! - [`Planner`]: the same answers for many units of one scorecard, the methodology compiled once
//!   (criteria scored on integers: [`least_change`]'s `k` is solved in closed form where the rule
//!   allows) and the peers' medians computed once.
//! - [`least_change`]: for a criterion and a target of points, the least `k` by each lever —
//!   *fix* (`num + k`: late dossiers settled on time, existing dossiers paid online) and *add*
//!   (`num + k, den + k`: new dossiers that succeed) — or “cannot be reached”. `k` is exact: each
//!   candidate is scored by the criterion's own interpreter (rule, threshold, rounding half away
//!   from zero, the payment criteria's floating point, the factor of a coupled criterion such as
//!   ONLINE_DOSSIERS × DOSSIER_SYNC), and points never fall as `k` grows, so a binary search
//!   finds the least `k` whose rounded points reach the target. A unit whose count is pooled into
//!   its province's also moves the province: [`LeastChange::pooled`] says by how much.
//!
//! ```
//! use chiso766::plan::least_change;
//! use chiso766::{score, Counts, Decimal, Methodology, ScoreOptions};
//!
//! let counts = Counts::from_json(r#"{"period": "2026-05", "units": [{"code": "X", "name": "Xã X",
//!     "level": "commune", "criteria": {"DOSSIER_ON_TIME": {"num": 900, "den": 1000}}}]}"#)?;
//! let card = score(&Methodology::builtin("dvcqg-2026")?, &counts, &ScoreOptions::default())?;
//! // 900/1000 scores 18.00 of 20; 19.00 needs 50 late dossiers settled on time, or 991 new ones.
//! let plan = least_change(&card, "X", "DOSSIER_ON_TIME", Decimal::new(19, 0))?;
//! assert_eq!((plan.fix, plan.add), (Some(50), Some(991)));
//! # Ok::<(), chiso766::Error>(())
//! ```

mod combine;
mod findings;
mod overtake;
mod search;
mod sensitivity;
mod what_if;

pub use combine::{cheapest_combination, Combination, Share};
pub use findings::{findings, Facts, Finding, Kind, NotOwn, Severity, Thresholds};
pub use overtake::{overtake, Goal, Overtaking, Standing};
pub use sensitivity::{sensitivity, RankRange, Sensitivity};
pub use what_if::{what_if, Change, Scenario, WhatIf};

use std::borrow::Cow;
use std::sync::OnceLock;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::error::{Error, ErrorKind, Problem, Result};
use crate::interchange::{CriterionCount, Source};
use crate::methodology::{Counted, Methodology};
use crate::score::{CriterionScore, Scorecard, UnitScore};
use findings::Medians;
use search::{points_of, ticks_reaching, Prepared, Scorer};

/// The unit a count belongs to, when it is not the planned unit's own (publication criteria are
/// the province's, shown unchanged on its sub-units): only that unit can change it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Owner {
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
}

impl Owner {
    /// The owner of a count from `source`, when it is inherited from another unit of `card`.
    pub(super) fn of(card: &Scorecard, source: Option<&Source>) -> Option<Owner> {
        let Some(Source::Inherited(code)) = source else {
            return None;
        };
        Some(Owner {
            code: code.clone(),
            name: card
                .unit(code)
                .map_or_else(|| code.clone(), |u| u.unit.name.clone()),
        })
    }
}

/// What one criterion lost. Its words are borrowed from the scorecard and the planner that
/// found it ([`CriterionLoss::into_owned`] keeps them longer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CriterionLoss<'a> {
    /// Its number in the methodology (`2.1`).
    pub number: Cow<'a, str>,
    /// Its code.
    pub code: Cow<'a, str>,
    /// Its Vietnamese name.
    pub name: Cow<'a, str>,
    /// Its group's code.
    pub group: Cow<'a, str>,
    /// Its maximum.
    pub max: Decimal,
    /// Its points; `None` when it could not be scored (missing).
    pub points: Option<Decimal>,
    /// Max − points; `None` when not scored.
    pub points_lost: Option<Decimal>,
    /// The unit whose count it is, when not this unit's own.
    pub owned_by: Option<Owner>,
    /// Nothing was counted (a zero denominator): the points are the criterion's policy for
    /// that, not a rate.
    pub nothing_counted: bool,
}

impl CriterionLoss<'_> {
    /// The same, owning its words.
    pub fn into_owned(self) -> CriterionLoss<'static> {
        CriterionLoss {
            number: Cow::Owned(self.number.into_owned()),
            code: Cow::Owned(self.code.into_owned()),
            name: Cow::Owned(self.name.into_owned()),
            group: Cow::Owned(self.group.into_owned()),
            ..self
        }
    }
}

/// What one group lost, its words borrowed as a [`CriterionLoss`]'s.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupLoss<'a> {
    /// Its code.
    pub code: Cow<'a, str>,
    /// Its Vietnamese name.
    pub name: Cow<'a, str>,
    /// Its maximum.
    pub max: Decimal,
    /// Its points, when complete.
    pub points: Option<Decimal>,
    /// Max − points, when complete.
    pub points_lost: Option<Decimal>,
}

impl GroupLoss<'_> {
    /// The same, owning its words.
    pub fn into_owned(self) -> GroupLoss<'static> {
        GroupLoss {
            code: Cow::Owned(self.code.into_owned()),
            name: Cow::Owned(self.name.into_owned()),
            ..self
        }
    }
}

/// Where a unit's points went. Its words are borrowed from the scorecard and the planner that
/// found them: a nation's plans copy no name ([`PointsLost::into_owned`] keeps them longer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PointsLost<'a> {
    /// The unit's code.
    pub unit: Cow<'a, str>,
    /// The unit's name.
    pub name: Cow<'a, str>,
    /// The total's maximum less the total, when complete.
    pub total: Option<Decimal>,
    /// The groups, most lost first (ties in the methodology's order).
    pub groups: Vec<GroupLoss<'a>>,
    /// The criteria, most lost first (ties in the methodology's order; unscored ones last).
    pub criteria: Vec<CriterionLoss<'a>>,
}

impl PointsLost<'_> {
    /// The same, owning its words.
    pub fn into_owned(self) -> PointsLost<'static> {
        PointsLost {
            unit: Cow::Owned(self.unit.into_owned()),
            name: Cow::Owned(self.name.into_owned()),
            total: self.total,
            groups: self.groups.into_iter().map(GroupLoss::into_owned).collect(),
            criteria: (self.criteria.into_iter())
                .map(CriterionLoss::into_owned)
                .collect(),
        }
    }
}

/// The scores of unit `code` in `card`.
///
/// Errors: an unknown unit.
fn unit_of<'a>(card: &'a Scorecard, code: &str) -> Result<&'a UnitScore> {
    card.unit(code).ok_or_else(|| {
        ErrorKind::UnknownUnit {
            unit: code.to_owned(),
        }
        .into()
    })
}

/// A criterion's number and name: “2.1 Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn”.
fn label(methodology: &Methodology, code: &str) -> String {
    let number = methodology.criterion_number(code).unwrap_or_default();
    let name = methodology.criterion(code).map_or("", |c| c.name.as_str());
    format!("{number} {name}")
}

/// Orders losses most first, unscored last, ties kept in their order.
fn most_lost_first<T>(items: &mut [T], lost: impl Fn(&T) -> Option<Decimal>) {
    items.sort_by(|a, b| match (lost(a), lost(b)) {
        (Some(a), Some(b)) => b.cmp(&a),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
}

/// Where the points of unit `code` went: per criterion, group and total:
/// [`Planner::points_lost`] for many units.
///
/// Errors: `code` is not in the scorecard.
pub fn points_lost<'a>(card: &'a Scorecard, code: &str) -> Result<PointsLost<'a>> {
    // Without numbers made ahead, each criterion's is made as it is met.
    losses(card, code, &[])
}

/// Every criterion's number in the methodology (`2.1`), in its order, as the methodology
/// numbers them.
fn numbers(methodology: &Methodology) -> Vec<String> {
    (methodology.criteria())
        .map(|(_, c)| methodology.criterion_number(&c.code).unwrap_or_default())
        .collect()
}

/// [`points_lost`], with the methodology's criteria numbered by `numbers` (in its order; a
/// criterion beyond them is numbered as it is met).
fn losses<'a>(card: &'a Scorecard, code: &str, numbers: &'a [String]) -> Result<PointsLost<'a>> {
    let unit = unit_of(card, code)?;
    let methodology = card.methodology();
    // Differences of rounded points are exact; shown with the methodology's places (4.00).
    let lost = |max: Decimal, points: Option<Decimal>| {
        points
            .and_then(|p| max.checked_sub(p))
            .map(|l| methodology.rounding().apply(l))
    };
    // Scores come in the methodology's order; a code elsewhere is looked up.
    let defined: Vec<&crate::methodology::Criterion> =
        methodology.criteria().map(|(_, c)| c).collect();
    let definition = |at: usize, code: &str| -> (Cow<'a, str>, Cow<'a, str>) {
        let criterion = defined.get(at).filter(|c| c.code == code);
        match (criterion, numbers.get(at)) {
            (Some(c), Some(number)) => (number.into(), c.name.as_str().into()),
            _ => (
                methodology
                    .criterion_number(code)
                    .unwrap_or_default()
                    .into(),
                (methodology.criterion(code))
                    .map_or("", |c| c.name.as_str())
                    .into(),
            ),
        }
    };
    let mut criteria: Vec<CriterionLoss> = (unit.criteria.iter().enumerate())
        .map(|(at, score)| (score, definition(at, &score.code)))
        .map(|(score, (number, name))| CriterionLoss {
            number,
            code: score.code.as_str().into(),
            name,
            group: score.group.as_str().into(),
            max: score.max,
            points: score.points.filter(|_| !score.is_missing()),
            points_lost: lost(score.max, score.points.filter(|_| !score.is_missing())),
            owned_by: Owner::of(card, score.source.as_ref()),
            nothing_counted: matches!(score.count, Some(CriterionCount::Counted { den: 0, .. })),
        })
        .collect();
    most_lost_first(&mut criteria, |c| c.points_lost);
    let mut groups: Vec<GroupLoss> = (unit.groups.iter())
        .map(|g| GroupLoss {
            code: g.code.as_str().into(),
            name: (methodology.group(&g.code))
                .map_or("", |m| m.name.as_str())
                .into(),
            max: g.max,
            points: g.points,
            points_lost: lost(g.max, g.points),
        })
        .collect();
    most_lost_first(&mut groups, |g| g.points_lost);
    Ok(PointsLost {
        unit: unit.unit.code.as_str().into(),
        name: unit.unit.name.as_str().into(),
        total: lost(methodology.total_max(), unit.total),
        groups,
        criteria,
    })
}

/// How a change is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Lever {
    /// `num + k`, the denominator unchanged: existing cases put right.
    Fix,
    /// `num + k, den + k`: new cases that succeed.
    Add,
}

/// The points an ancestor whose count pools this unit's would score after the change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PooledEffect {
    /// The ancestor's code.
    pub unit: String,
    /// Its name.
    pub name: String,
    /// Its points now.
    pub points: Option<Decimal>,
    /// Its points after the unit's least fix, when there is one.
    pub after_fix: Option<Decimal>,
    /// Its points after the unit's least addition, when there is one.
    pub after_add: Option<Decimal>,
}

/// The least change of one criterion's count that reaches a target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeastChange {
    /// The unit's code.
    pub unit: String,
    /// The criterion's code.
    pub code: String,
    /// Its number (`2.1`).
    pub number: String,
    /// Its Vietnamese name.
    pub name: String,
    /// The target, in points.
    pub target: Decimal,
    /// The criterion's maximum.
    pub max: Decimal,
    /// Its points now.
    pub points: Option<Decimal>,
    /// Its numerator now.
    pub num: u64,
    /// Its denominator now.
    pub den: u64,
    /// The least `k` by fixing (`num + k`), `None` when fixing cannot reach the target.
    pub fix: Option<u64>,
    /// The least `k` by adding (`num + k, den + k`), `None` when adding cannot reach it.
    pub add: Option<u64>,
    /// Whether either lever reaches the target.
    pub reachable: bool,
    /// The count is not the unit's own but its ancestor's (publication criteria, shown unchanged
    /// on sub-units): only that unit can change it.
    pub owned_by: Option<Owner>,
    /// The ancestors whose pooled count the change raises too.
    pub pooled: Vec<PooledEffect>,
    /// The criterion is changed only by fixing ([`Criterion::only_fix`]): `add` is no lever.
    ///
    /// [`Criterion::only_fix`]: crate::methodology::Criterion::only_fix
    pub only_fix: bool,
    /// The count is only a published rate ([`Source::Ratio`]): no number of cases can be
    /// planned on it, so neither lever is counted.
    pub ratio_only: bool,
    /// What one case of the criterion is ([`Criterion::counted`]).
    ///
    /// [`Criterion::counted`]: crate::methodology::Criterion::counted
    pub counted: Counted,
}

/// The largest `k` the add lever tries: beyond it, `den + k` could overflow the interpreter's
/// arithmetic with a factor, and no office adds that many dossiers.
pub const MOST_ADDED: u64 = 1 << 40;

/// A criterion's count (num, den) and where it came from, when a plan can change it: counted,
/// and scored (neither missing, nor missing the count its rate needs).
fn count_of(score: &CriterionScore) -> Option<((u64, u64), Option<&Source>)> {
    match score.count? {
        CriterionCount::Counted { num, den } if !score.is_missing() => {
            Some(((num, den), score.source.as_ref()))
        }
        _ => None,
    }
}

/// A criterion's count as the factor of another's rate: one not applicable counts as 0/0, as
/// the interpreter takes it.
fn factor_count(score: &CriterionScore) -> Option<(u64, u64)> {
    match score.count? {
        CriterionCount::Counted { num, den } => Some((num, den)),
        CriterionCount::NotApplicable => Some((0, 0)),
    }
}

/// Plans for the units of one scorecard: the methodology's criteria compiled once, the peers'
/// medians computed on first use, so that planning every unit of a province or of the nation
/// costs, per unit, only that unit's own search. The free functions of this module ([`findings`],
/// [`least_change`], [`cheapest_combination`]) each build one for a single answer.
///
/// ```
/// use chiso766::plan::Planner;
/// use chiso766::{score, Counts, Decimal, Methodology, ScoreOptions};
///
/// let counts = Counts::from_json(r#"{"period": "2026-05", "units": [
///     {"code": "X", "name": "Xã X", "level": "commune",
///      "criteria": {"DOSSIER_ON_TIME": {"num": 70, "den": 100}}},
///     {"code": "Y", "name": "Xã Y", "level": "commune",
///      "criteria": {"DOSSIER_ON_TIME": {"num": 95, "den": 100}}}]}"#)?;
/// let card = score(&Methodology::builtin("dvcqg-2026")?, &counts, &ScoreOptions::default())?;
/// let planner = Planner::new(&card);
/// for unit in card.units() {
///     // One more point of group TDGQ (Tiến độ, kết quả giải quyết), and the findings.
///     let now = unit.group("TDGQ").and_then(|g| g.points).unwrap();
///     let plan = planner.cheapest_combination(&unit.unit.code, "TDGQ", now + Decimal::ONE)?;
///     let found = planner.findings(&unit.unit.code, &[])?;
///     println!("{}: {:?} cases, {} findings", unit.unit.code, plan.cases, found.len());
/// }
/// // X: 70/100 on time is 14.00 of 20; 15.00 takes 5 late dossiers settled on time.
/// let plan = planner.cheapest_combination("X", "TDGQ", Decimal::from(15))?;
/// assert_eq!(plan.cases, Some(5));
/// # Ok::<(), chiso766::Error>(())
/// ```
pub struct Planner<'a> {
    card: &'a Scorecard,
    thresholds: Thresholds,
    prepared: Vec<Prepared<'a>>,
    /// Criteria with the maxima transfers give them for some units, by position.
    moved: Vec<(usize, Prepared<'a>)>,
    medians: OnceLock<Medians>,
    /// The units ranked on the total, for overtaking.
    standings: OnceLock<overtake::Standings>,
    /// Each criterion's number and name (“2.1 Tỷ lệ hồ sơ …”), by position, for findings.
    labels: Vec<String>,
    /// Each criterion's number (`2.1`), in the methodology's order.
    numbers: Vec<String>,
}

impl<'a> Planner<'a> {
    /// A planner for the units of `card`, with the default [`Thresholds`] for findings.
    pub fn new(card: &'a Scorecard) -> Planner<'a> {
        let (prepared, moved) = Prepared::all(card.methodology());
        Planner {
            card,
            thresholds: Thresholds::default(),
            prepared,
            moved,
            medians: OnceLock::new(),
            standings: OnceLock::new(),
            labels: (card.methodology().criteria())
                .map(|(_, c)| label(card.methodology(), &c.code))
                .collect(),
            numbers: numbers(card.methodology()),
        }
    }

    /// Where the points of unit `code` went: per criterion, group and total, as
    /// [`points_lost`] says.
    ///
    /// Errors: `code` is not in the scorecard.
    pub fn points_lost(&self, code: &str) -> Result<PointsLost<'_>> {
        losses(self.card, code, &self.numbers)
    }

    /// The same planner with other thresholds for findings.
    pub fn with_thresholds(self, thresholds: Thresholds) -> Planner<'a> {
        Planner { thresholds, ..self }
    }

    /// The scorecard planned for.
    pub fn card(&self) -> &'a Scorecard {
        self.card
    }

    /// `plan` answered for each unit of `codes`, on every core of the machine (the planner
    /// shared, the peers' medians computed once before), in the order of `codes`: the plans of
    /// a province or of the nation at once.
    ///
    /// ```
    /// use chiso766::plan::Planner;
    /// use chiso766::{score, Counts, Methodology, ScoreOptions};
    ///
    /// let counts = Counts::from_json(r#"{"units": [
    ///     {"code": "X", "name": "Xã X", "level": "commune",
    ///      "criteria": {"DOSSIER_ON_TIME": {"num": 70, "den": 100}}}]}"#)?;
    /// let card = score(&Methodology::builtin("dvcqg-2026")?, &counts, &ScoreOptions::default())?;
    /// let codes: Vec<String> = card.units().iter().map(|u| u.unit.code.clone()).collect();
    /// // The plans borrow the planner's words: it outlives them.
    /// let planner = Planner::new(&card);
    /// let plans = planner.each_unit(&codes, |planner, code| {
    ///     (planner.points_lost(code), planner.findings(code, &[]))
    /// })?;
    /// assert_eq!(plans.len(), 1);
    /// # Ok::<(), chiso766::Error>(())
    /// ```
    ///
    /// Errors: a thread that failed (never expected: `plan`'s own errors are its answers).
    pub fn each_unit<'s, T: Send>(
        &'s self,
        codes: &[String],
        plan: impl Fn(&'s Planner<'a>, &str) -> T + Sync,
    ) -> Result<Vec<T>> {
        self.medians.get_or_init(|| findings::medians(self.card));
        // Units cost unlike amounts (a province's plan weighs more than a commune's): the cores
        // take small runs of them in turn rather than a half each.
        const RUN: usize = 16;
        let runs: Vec<&[String]> = codes.chunks(RUN).collect();
        let done = crate::cores::in_turn("planning", runs, |run| {
            run.iter().map(|c| plan(self, c)).collect::<Vec<T>>()
        })?;
        Ok(done.into_iter().flatten().collect())
    }

    /// The number and name of criterion `code`, at position `at` in the methodology.
    fn label(&self, at: usize, code: &str) -> std::borrow::Cow<'_, str> {
        match (self.prepared.get(at).filter(|p| p.criterion.code == code))
            .and_then(|_| self.labels.get(at))
        {
            Some(label) => label.as_str().into(),
            None => label(self.card.methodology(), code).into(),
        }
    }

    /// The criterion at position `at`, prepared with the maximum `max` it has for a unit.
    fn prepared(&self, at: usize, max: Decimal) -> Option<&Prepared<'a>> {
        let own = self.prepared.get(at)?;
        if own.criterion.max == max {
            return Some(own);
        }
        (self.moved.iter())
            .find(|(position, moved)| *position == at && moved.criterion.max == max)
            .map(|(_, moved)| moved)
    }

    /// `unit`'s score of the criterion at position `at` (scores come in the methodology's
    /// order; a code that differs is looked up).
    fn score_at<'u>(&self, unit: &'u UnitScore, at: usize) -> Option<&'u CriterionScore> {
        let code = &self.prepared.get(at)?.criterion.code;
        (unit.criteria.get(at).filter(|s| &s.code == code)).or_else(|| unit.criterion(code))
    }

    /// The criterion at position `at` of `unit`, ready to score candidate counts.
    fn scorer<'s>(&'s self, at: usize, unit: &'s UnitScore) -> Option<Scorer<'s>> {
        let max = self.score_at(unit, at)?.max;
        Some(Scorer {
            prepared: self.prepared(at, max)?,
            methodology: self.card.methodology(),
            unit: &unit.unit.code,
        })
    }

    /// The position of criterion `code` in the methodology.
    fn position(&self, code: &str) -> Option<usize> {
        self.prepared.iter().position(|p| p.criterion.code == code)
    }

    /// The least change of unit `code`'s criterion `criterion` whose points reach `target`, by
    /// each lever (see the module's documentation).
    ///
    /// A target is met when the rounded points reach it (16.005 is read as 16.01); a target met
    /// already takes `k = 0`; one above the criterion's maximum cannot be reached. The count a
    /// rate is multiplied by is held as it is: new dossiers added to ONLINE_DOSSIERS do not
    /// enter DOSSIER_SYNC (plan both with [`Planner::cheapest_combination`]).
    ///
    /// Errors: an unknown unit or criterion; a criterion whose count is missing (or the count
    /// its rate is multiplied by), or not applicable to the unit.
    pub fn least_change(
        &self,
        code: &str,
        criterion: &str,
        target: Decimal,
    ) -> Result<LeastChange> {
        let (card, methodology) = (self.card, self.card.methodology());
        let unit = unit_of(card, code)?;
        let definition = definition_of(methodology, code, criterion)?;
        let asked = Asked {
            code,
            criterion,
            definition,
            at: self.position(criterion),
            score: unit.criterion(criterion),
        };
        let ((num, den), source) =
            (asked.score.and_then(count_of)).ok_or_else(|| asked.missing())?;
        let scorer = asked.scorer(self, unit)?;
        let points = asked.score.and_then(|s| s.points);
        let owned_by = Owner::of(card, source);
        let ratio_only = source == Some(&Source::Ratio);
        let max = scorer.prepared.criterion.max;
        let (fix, add) = if points.is_some_and(|p| p >= target) {
            // Met already, whoever owns the count.
            (Some(0), Some(0))
        } else if owned_by.is_some() || ratio_only || target > max {
            (None, None)
        } else {
            let factor = asked.factor_of(unit);
            let wanted = ticks_reaching(target, methodology.rounding().places);
            (
                scorer.least((num, den), factor, Lever::Fix, 0, wanted)?,
                scorer.least((num, den), factor, Lever::Add, 0, wanted)?,
            )
        };
        Ok(LeastChange {
            unit: code.to_owned(),
            code: criterion.to_owned(),
            number: methodology.criterion_number(criterion).unwrap_or_default(),
            name: definition.name.clone(),
            target,
            max,
            points,
            num,
            den,
            reachable: fix.is_some() || add.is_some(),
            fix,
            add,
            owned_by,
            pooled: self.pooled_effects(&asked, fix, add)?,
            only_fix: definition.only_fix,
            ratio_only,
            counted: definition.counted,
        })
    }

    /// Each ancestor whose count pools the asked unit's (a province's, from its units'), with
    /// its points after the unit's least fix and least addition: it moves too.
    fn pooled_effects(
        &self,
        asked: &Asked<'_>,
        fix: Option<u64>,
        add: Option<u64>,
    ) -> Result<Vec<PooledEffect>> {
        let card = self.card;
        let places = card.methodology().rounding().places;
        let mut pooled = Vec::new();
        for ancestor in card.tree().ancestors(asked.code) {
            let Some(above) = card.unit(&ancestor.code) else {
                break;
            };
            let Some(((a_num, a_den), Some(Source::Pooled))) =
                above.criterion(asked.criterion).and_then(count_of)
            else {
                break;
            };
            let a_factor = asked.factor_of(above);
            let scorer = asked.scorer(self, above)?;
            let at = |count: Option<(u64, u64)>| -> Result<Option<Decimal>> {
                Ok(match count {
                    Some(count) => scorer.ticks(count, a_factor)?.map(|t| points_of(t, places)),
                    None => None,
                })
            };
            let after_fix = match fix {
                Some(k) => at(a_num.checked_add(k).map(|n| (n, a_den)))?,
                None => None,
            };
            let after_add = match add {
                Some(k) => at(a_num.checked_add(k).zip(a_den.checked_add(k)))?,
                None => None,
            };
            pooled.push(PooledEffect {
                unit: ancestor.code.clone(),
                name: ancestor.name.clone(),
                points: above.criterion(asked.criterion).and_then(|s| s.points),
                after_fix,
                after_add,
            });
        }
        Ok(pooled)
    }
}

/// The definition of `criterion`, asked about for unit `code`.
///
/// Errors: `criterion` is not one of the methodology's.
fn definition_of<'m>(
    methodology: &'m Methodology,
    code: &str,
    criterion: &str,
) -> Result<&'m crate::methodology::Criterion> {
    methodology.criterion(criterion).ok_or_else(|| {
        ErrorKind::UnknownCriterion {
            unit: code.to_owned(),
            criterion: criterion.to_owned(),
            methodology: methodology.name().to_owned(),
        }
        .into()
    })
}

/// One unit's criterion as [`Planner::least_change`] was asked about it: what its steps share.
struct Asked<'s> {
    /// The unit's code.
    code: &'s str,
    /// The criterion's code.
    criterion: &'s str,
    /// The criterion's definition in the methodology.
    definition: &'s crate::methodology::Criterion,
    /// The criterion's position in the methodology.
    at: Option<usize>,
    /// The unit's score of the criterion.
    score: Option<&'s CriterionScore>,
}

impl Asked<'_> {
    /// The error of a count that cannot be planned on, said of the unit's own count whichever
    /// unit's scorer was missing (the unit's count is what the caller gave).
    fn missing(&self) -> Error {
        let problem = match self.score.and_then(|s| s.count) {
            Some(CriterionCount::NotApplicable) => Problem::NotApplicable,
            Some(_) => Problem::FactorMissing,
            None => Problem::CountMissing,
        };
        Error::from(ErrorKind::InvalidField {
            unit: self.code.to_owned(),
            field: self.criterion.to_owned(),
            problem,
        })
    }

    /// The count `unit`'s rate is multiplied by, held as it is: fixing online dossiers does
    /// not sync them.
    fn factor_of(&self, unit: &UnitScore) -> Option<(u64, u64)> {
        (self.definition.rate_times.as_deref())
            .and_then(|times| unit.criterion(times).and_then(factor_count))
    }

    /// The criterion of `unit`, ready to score candidate counts.
    fn scorer<'p>(&self, planner: &'p Planner<'_>, unit: &'p UnitScore) -> Result<Scorer<'p>> {
        (self.at)
            .and_then(|at| planner.scorer(at, unit))
            .ok_or_else(|| self.missing())
    }
}

/// The least change of unit `code`'s criterion `criterion` whose points reach `target`, by each
/// lever (see the module's documentation): [`Planner::least_change`] for a single answer.
///
/// Errors: an unknown unit or criterion; a criterion whose count is missing.
pub fn least_change(
    card: &Scorecard,
    code: &str,
    criterion: &str,
    target: Decimal,
) -> Result<LeastChange> {
    Planner::new(card).least_change(code, criterion, target)
}

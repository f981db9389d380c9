//! Counts → scores: each criterion's rate and points, each group as the sum of its rounded criteria,
//! the total as the sum of the groups, and the methodology's other views of the same groups.
//!
//! [`score`] is the entry point. A unit missing a criterion is *incomplete*: its complete groups are
//! still scored, its total is absent, and [`UnitScore::missing`] says why.
//!
//! ```
//! use chiso766::{score, Counts, Methodology, ScoreOptions};
//!
//! let counts = Counts::from_json(r#"{"period": "2026", "units": [
//!   {"code": "H44", "name": "UBND tỉnh Phú Thọ", "level": "province",
//!    "criteria": {"DOSSIER_ON_TIME": {"num": 528684, "den": 597918}}}]}"#)?;
//! let card = score(&Methodology::builtin("dvcqg-2026")?, &counts, &ScoreOptions::default())?;
//! let h44 = card.unit("H44").unwrap();
//! assert_eq!(h44.group("TDGQ").unwrap().points.unwrap().to_string(), "17.68");
//! assert_eq!(h44.total, None); // the other 20 criteria are missing
//! # Ok::<(), chiso766::Error>(())
//! ```

use rust_decimal::Decimal;

use crate::error::{ErrorKind, Problem, Result};
use crate::interchange::{Counts, CriterionCount, Origin, Slots, Source, UnitCounts};
use crate::methodology::{Criterion, Evaluation, Methodology, MonitorDisplay, Pooling, ViewGroup};
use crate::period::Period;
use crate::unit::{Unit, UnitTree};

/// How scoring treats questionable input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ScoreOptions {
    /// Cap a numerator above its denominator at 100% and record a [`Diagnostic`], instead of
    /// failing (the default is strict).
    pub lenient: bool,
    /// Fill a unit's missing counts from the unit tree (pooled children, inherited publication
    /// criteria), as the portal does; on by default.
    pub roll_up: bool,
}

impl Default for ScoreOptions {
    fn default() -> ScoreOptions {
        ScoreOptions {
            lenient: false,
            roll_up: true,
        }
    }
}

/// The scores of every unit for one period, stamped with the methodology that produced them.
#[derive(Debug, Clone)]
pub struct Scorecard {
    methodology: Methodology,
    period: Option<Period>,
    units: Vec<UnitScore>,
    diagnostics: Vec<Diagnostic>,
    tree: UnitTree,
}

/// One unit's scores.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct UnitScore {
    /// The unit.
    pub unit: Unit,
    /// Every criterion of the methodology, in its order, scored or missing.
    pub criteria: Vec<CriterionScore>,
    /// The monitoring metrics the input gave (0 points).
    pub monitors: Vec<MonitorValue>,
    /// Every group of the methodology, in its order.
    pub groups: Vec<GroupScore>,
    /// The methodology's views (e.g. the decision's five groups).
    pub views: Vec<ViewScore>,
    /// The total, when every group is complete.
    pub total: Option<Decimal>,
    /// Codes of the criteria (or, for group-level groups, the groups) that are missing.
    pub missing: Vec<String>,
}

/// One criterion's score for one unit.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CriterionScore {
    /// The criterion's code.
    pub code: String,
    /// The code of its group.
    pub group: String,
    /// Its maximum points.
    pub max: Decimal,
    /// The count used, `None` when missing.
    pub count: Option<CriterionCount>,
    /// Where the count came from, `None` when missing.
    pub source: Option<Source>,
    /// `num / den` unrounded; `None` when missing, not applicable or the denominator is 0.
    pub rate: Option<Decimal>,
    /// The rate as a rounded percentage (the portal's `ratio`); `None` exactly when `rate` is.
    pub percent: Option<Decimal>,
    /// The rounded points; `None` when missing or not scored.
    pub points: Option<Decimal>,
    /// Whether lenient scoring capped the numerator.
    pub capped: bool,
    /// The criterion whose rate multiplies this one's ([`Criterion::rate_times`]), when its count
    /// is missing: this criterion is then unscored and missing too, though its own count is known.
    ///
    /// [`Criterion::rate_times`]: crate::methodology::Criterion::rate_times
    pub needs: Option<String>,
}

impl CriterionScore {
    /// Whether the criterion cannot be scored: its count is missing, or the count its rate needs.
    pub fn is_missing(&self) -> bool {
        self.count.is_none() || self.needs.is_some()
    }
}

/// A monitoring metric's value for one unit.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MonitorValue {
    /// The metric's code.
    pub code: String,
    /// The count used.
    pub count: CriterionCount,
    /// The rounded value: a percentage or an average, by the metric's display; `None` when the
    /// denominator is 0 or the metric is not applicable.
    pub value: Option<Decimal>,
}

/// One group's score for one unit.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GroupScore {
    /// The group's code.
    pub code: String,
    /// Its maximum points.
    pub max: Decimal,
    /// The maximum of the criteria that are scored (the maximum less not-applicable criteria).
    pub applicable_max: Decimal,
    /// The sum of its criteria's rounded points (or the points given directly); `None` when a
    /// criterion is missing.
    pub points: Option<Decimal>,
    /// Whether the points were given directly, not scored from counts (a group-level
    /// methodology, or a group the portal publishes without its criteria's counts).
    pub given: bool,
}

/// One view of the groups for one unit.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ViewScore {
    /// The view's code.
    pub code: String,
    /// The view's groups.
    pub groups: Vec<GroupScore>,
}

/// Something scoring changed or noticed without failing (lenient mode), as data:
/// [`report::diagnostic_text`](crate::report::diagnostic_text) words it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// The unit's code.
    pub unit: String,
    /// The criterion's code.
    pub criterion: String,
    /// What was noticed, and done.
    pub noticed: Noticed,
}

/// What scoring noticed of a count, and did, without failing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Noticed {
    /// A numerator above its denominator: the rate taken as 100%.
    Capped {
        /// The numerator counted.
        num: u64,
        /// The denominator counted.
        den: u64,
    },
}

impl UnitScore {
    /// Whether every criterion (and directly given group) is present, so the total exists.
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty()
    }

    /// The group with this code.
    pub fn group(&self, code: &str) -> Option<&GroupScore> {
        self.groups.iter().find(|g| g.code == code)
    }

    /// The criterion with this code.
    pub fn criterion(&self, code: &str) -> Option<&CriterionScore> {
        self.criteria.iter().find(|c| c.code == code)
    }

    /// The view with this code.
    pub fn view(&self, code: &str) -> Option<&ViewScore> {
        self.views.iter().find(|v| v.code == code)
    }
}

/// A scorecard as data: `{"methodology": "dvcqg-2026", "period": "2026-09", "units": [...],
/// "diagnostics": [...]}` (the edition by name; the unit tree is in the units' `parent`).
impl serde::Serialize for Scorecard {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut card = serializer.serialize_struct("Scorecard", 4)?;
        card.serialize_field("methodology", self.methodology.name())?;
        card.serialize_field("period", &self.period)?;
        card.serialize_field("units", &self.units)?;
        card.serialize_field("diagnostics", &self.diagnostics)?;
        card.end()
    }
}

impl Scorecard {
    /// The methodology that produced the scores.
    pub fn methodology(&self) -> &Methodology {
        &self.methodology
    }

    /// The period scored, when the input said.
    pub fn period(&self) -> Option<Period> {
        self.period
    }

    /// The units' scores, in input order.
    pub fn units(&self) -> &[UnitScore] {
        &self.units
    }

    /// The scores of the unit with this code.
    pub fn unit(&self, code: &str) -> Option<&UnitScore> {
        self.tree.position(code).and_then(|i| self.units.get(i))
    }

    /// What lenient scoring changed.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The unit tree of the scored units.
    pub fn tree(&self) -> &UnitTree {
        &self.tree
    }
}

/// Scores every unit of `counts` by `methodology`.
///
/// Errors: the counts name another methodology; a duplicate unit, unknown parent or cycle; an
/// unknown criterion or group code; group points out of range; a numerator above its denominator
/// (unless [`ScoreOptions::lenient`]); a zero denominator under an `error` policy; overflow.
pub fn score(
    methodology: &Methodology,
    counts: &Counts,
    options: &ScoreOptions,
) -> Result<Scorecard> {
    let (tree, slots) = resolve(methodology, counts, options)?;
    let scoring = Scoring {
        methodology,
        counts,
        options,
        criteria_count: methodology.criteria().count(),
    };
    let mut diagnostics = Vec::new();
    let mut units = Vec::with_capacity(counts.units.len());
    for (unit_counts, slots) in counts.units.iter().zip(&slots) {
        units.push(scoring.unit(unit_counts, slots, &mut diagnostics)?);
    }
    Ok(Scorecard {
        methodology: methodology.clone(),
        period: counts.period,
        units,
        diagnostics,
        tree,
    })
}

/// One criterion's or monitoring metric's resolved count and where it came from, if any.
type Slot = Option<(CriterionCount, Origin)>;

/// What scoring every unit shares: the methodology, the input and the options.
struct Scoring<'a> {
    /// The methodology scored by.
    methodology: &'a Methodology,
    /// The input, for the codes of the units counts are inherited from.
    counts: &'a Counts,
    /// How questionable input is treated.
    options: &'a ScoreOptions,
    /// How many criteria the methodology has: a unit's first slots are theirs, the rest are its
    /// monitoring metrics'.
    criteria_count: usize,
}

impl Scoring<'_> {
    /// One unit's scores from its resolved slots, adding to `diagnostics` what lenient scoring
    /// changed.
    fn unit(
        &self,
        unit_counts: &UnitCounts,
        slots: &[Slot],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<UnitScore> {
        let unit = &unit_counts.unit;
        let (criteria_slots, monitor_slots) = slots.split_at(self.criteria_count.min(slots.len()));
        let criteria = self.criteria(unit, criteria_slots, diagnostics)?;
        // The criteria of a group given as points are not missing: the group is known.
        let mut missing: Vec<String> = criteria
            .iter()
            .filter(|c| c.is_missing() && !unit_counts.groups.contains_key(&c.group))
            .map(|c| c.code.clone())
            .collect();
        let groups = self.groups(unit_counts, &criteria, &mut missing)?;
        let total = sum_points(groups.iter().map(|g| g.points), &unit.code, "total")?;
        let views = self.views(&groups, &unit.code)?;
        Ok(UnitScore {
            unit: unit.clone(),
            criteria,
            monitors: self.monitors(monitor_slots),
            groups,
            views,
            total,
            missing,
        })
    }

    /// Every group's score, in the methodology's order: the points given, or the sum of its
    /// criteria; a group scored only by points that were not given is added to `missing`.
    fn groups(
        &self,
        unit_counts: &UnitCounts,
        criteria: &[CriterionScore],
        missing: &mut Vec<String>,
    ) -> Result<Vec<GroupScore>> {
        let mut groups = Vec::with_capacity(self.methodology.groups().len());
        for group in self.methodology.groups() {
            let given = unit_counts.groups.get(&group.code).copied();
            let score = if given.is_some() || group.criteria.is_empty() {
                if given.is_none() {
                    missing.push(group.code.clone());
                }
                GroupScore {
                    code: group.code.clone(),
                    max: group.max,
                    applicable_max: group.max,
                    points: given,
                    given: given.is_some(),
                }
            } else {
                let members = criteria.iter().filter(|c| c.group == group.code);
                sum_group(&group.code, group.max, members, &unit_counts.unit.code)?
            };
            groups.push(score);
        }
        Ok(groups)
    }

    /// The methodology's views of the unit's `groups` (e.g. the decision's five groups).
    fn views(&self, groups: &[GroupScore], unit: &str) -> Result<Vec<ViewScore>> {
        (self.methodology.views().iter())
            .map(|view| {
                let groups = (view.groups.iter())
                    .map(|vg| view_group(vg, groups, unit))
                    .collect::<Result<Vec<_>>>()?;
                Ok(ViewScore {
                    code: view.code.clone(),
                    groups,
                })
            })
            .collect()
    }

    /// The values of the monitoring metrics the input gave, from their slots.
    fn monitors(&self, slots: &[Slot]) -> Vec<MonitorValue> {
        let methodology = self.methodology;
        (methodology.monitors().iter())
            .zip(slots)
            .filter_map(|(m, slot)| slot.map(|(count, _)| (m, count)))
            .map(|(m, count)| MonitorValue {
                code: m.code.clone(),
                count,
                value: monitor_value(count, m.display, methodology),
            })
            .collect()
    }

    /// Every criterion's score for `unit`, in the methodology's order, from its slots, adding
    /// to `diagnostics` the numerators capped at their denominators.
    fn criteria(
        &self,
        unit: &Unit,
        slots: &[Slot],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<Vec<CriterionScore>> {
        let methodology = self.methodology;
        let rounding = methodology.rounding();
        let mut scores = Vec::with_capacity(slots.len());
        let maxima = maxima(methodology, slots);
        for (((group, criterion), slot), max) in methodology.criteria().zip(slots).zip(maxima) {
            let moved;
            let criterion = if max == criterion.max {
                criterion
            } else {
                moved = Criterion {
                    max,
                    ..criterion.clone()
                };
                &moved
            };
            let (factor, needs) = factor_of(methodology, criterion, slots);
            let count = slot.map(|(count, _)| count);
            let evaluation = match count {
                Some(count) if needs.is_none() => {
                    self.evaluate(criterion, &unit.code, count, factor, diagnostics)?
                }
                _ => Evaluation {
                    rate: None,
                    points: None,
                    capped: false,
                },
            };
            scores.push(CriterionScore {
                code: criterion.code.clone(),
                group: group.code.clone(),
                max: criterion.max,
                count,
                source: slot.map(|(_, origin)| self.source(origin)),
                rate: evaluation.rate,
                percent: evaluation
                    .rate
                    .map(|r| rounding.apply(r * Decimal::ONE_HUNDRED)),
                points: evaluation.points,
                capped: evaluation.capped,
                needs,
            });
        }
        Ok(scores)
    }

    /// The rate and points of `criterion` for `count` (multiplied by `factor`'s rate), adding
    /// to `diagnostics` a numerator capped at its denominator, which lenient scoring allows.
    fn evaluate(
        &self,
        criterion: &Criterion,
        unit: &str,
        count: CriterionCount,
        factor: Option<(u64, u64)>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<Evaluation> {
        let rounding = self.methodology.rounding();
        let (num, den) = match count {
            CriterionCount::NotApplicable => return criterion.without_denominator(rounding, unit),
            CriterionCount::Counted { num, den } => (num, den),
        };
        let e = criterion.evaluate_times(num, den, factor, rounding, self.options.lenient, unit)?;
        if e.capped {
            diagnostics.push(Diagnostic {
                unit: unit.to_owned(),
                criterion: criterion.code.clone(),
                noticed: Noticed::Capped { num, den },
            });
        }
        Ok(e)
    }

    /// Where a count came from, as a score says it (an inherited count by its unit's code).
    fn source(&self, origin: Origin) -> Source {
        match origin {
            Origin::Own => Source::Own,
            Origin::Pooled => Source::Pooled,
            Origin::Ratio => Source::Ratio,
            Origin::Inherited(from) => Source::Inherited(
                (self.counts.units.get(from))
                    .map(|u| u.unit.code.clone())
                    .unwrap_or_default(),
            ),
        }
    }
}

/// Checks `counts` against `methodology` (the methodology they name, the unit tree, group
/// points given directly) and resolves every unit's count of each criterion and monitoring
/// metric, rolled up the tree unless `options` say not to: what scoring starts from.
pub(crate) fn resolve(
    methodology: &Methodology,
    counts: &Counts,
    options: &ScoreOptions,
) -> Result<(UnitTree, Vec<Slots>)> {
    if let Some(named) = (counts.methodology.as_ref()).filter(|n| *n != methodology.name()) {
        return Err(ErrorKind::MethodologyMismatch {
            expected: methodology.name().to_owned(),
            found: named.clone(),
        }
        .into());
    }
    let tree = UnitTree::new(counts.units.iter().map(|u| u.unit.clone()))?;
    check_group_points(methodology, counts)?;
    let slot_codes: Vec<(&str, Pooling)> = (methodology.criteria())
        .map(|(_, c)| (c.code.as_str(), c.pooling))
        .chain(
            methodology
                .monitors()
                .iter()
                .map(|m| (m.code.as_str(), m.pooling)),
        )
        .collect();
    let mut slots = counts.slots(&slot_codes, methodology.name(), &tree, options.roll_up)?;
    clear_given_groups(methodology, counts, &mut slots);
    Ok((tree, slots))
}

/// A group given as points has no counts for the unit: its criteria hold none, not even one
/// inherited from an ancestor, so nothing inside the group is scored or planned for it.
fn clear_given_groups(methodology: &Methodology, counts: &Counts, slots: &mut [Slots]) {
    for (unit, slots) in counts.units.iter().zip(slots.iter_mut()) {
        for group in methodology
            .groups()
            .iter()
            .filter(|g| unit.groups.contains_key(&g.code))
        {
            for criterion in &group.criteria {
                let at = methodology
                    .criteria()
                    .position(|(_, c)| c.code == criterion.code);
                if let Some(slot) = at.and_then(|at| slots.get_mut(at)) {
                    *slot = None;
                }
            }
        }
    }
}

/// Group points given directly must name a group scored that way, within its maximum, with no
/// more decimals than the methodology rounds to.
fn check_group_points(methodology: &Methodology, counts: &Counts) -> Result<()> {
    for u in &counts.units {
        let unit = &u.unit.code;
        for (code, points) in &u.groups {
            let fail = |problem: Problem| -> Result<()> {
                Err(ErrorKind::InvalidGroup {
                    unit: unit.clone(),
                    group: code.clone(),
                    problem,
                }
                .into())
            };
            let Some(g) = methodology.group(code) else {
                return fail(Problem::NotAGroup {
                    methodology: methodology.name().to_owned(),
                });
            };
            if let Some(counted) = g.criteria.iter().find(|c| u.criteria.contains_key(&c.code)) {
                fail(Problem::GroupGivenAndCounted {
                    criterion: counted.code.clone(),
                })?;
            }
            if let Some(problem) = methodology.group_points_problem(g, *points) {
                fail(problem)?;
            }
        }
    }
    Ok(())
}

/// Each criterion's maximum for the unit of `slots`: a transfer of points between criteria
/// changes some maxima for one unit alone, when it has nothing to count.
fn maxima(methodology: &Methodology, slots: &[Slot]) -> Vec<Decimal> {
    methodology.maxima(|code| {
        let at = methodology.criteria().position(|(_, c)| c.code == code)?;
        Some(match slots.get(at).copied().flatten()?.0 {
            CriterionCount::Counted { den, .. } => den == 0,
            CriterionCount::NotApplicable => true,
        })
    })
}

/// The count `criterion`'s rate is multiplied by, when it has one, as `(factor, needs)`: the
/// factor's count (one not applicable counts as 0/0), or the factor's code when its count is
/// missing, for then this criterion cannot be scored either and is missing too.
fn factor_of(
    methodology: &Methodology,
    criterion: &Criterion,
    slots: &[Slot],
) -> (Option<(u64, u64)>, Option<String>) {
    let Some(code) = criterion.rate_times.as_ref() else {
        return (None, None);
    };
    let count = (methodology.criteria())
        .position(|(_, c)| &c.code == code)
        .and_then(|at| slots.get(at).copied().flatten());
    match count {
        Some((CriterionCount::Counted { num, den }, _)) => (Some((num, den)), None),
        Some((CriterionCount::NotApplicable, _)) => (Some((0, 0)), None),
        None => (None, Some(code.clone())),
    }
}

/// One group of a view: the sum of its member groups among the unit's `groups`.
fn view_group(vg: &ViewGroup, groups: &[GroupScore], unit: &str) -> Result<GroupScore> {
    let members: Vec<&GroupScore> = (groups.iter())
        .filter(|g| vg.members.contains(&g.code))
        .collect();
    Ok(GroupScore {
        code: vg.code.clone(),
        max: members.iter().map(|g| g.max).sum(),
        applicable_max: members.iter().map(|g| g.applicable_max).sum(),
        points: sum_points(members.iter().map(|g| g.points), unit, &vg.code)?,
        given: members.iter().any(|g| g.given),
    })
}

/// A group's score as the sum of its `members`' points, out of `max` less what is not scored.
fn sum_group<'a>(
    code: &str,
    max: Decimal,
    members: impl Iterator<Item = &'a CriterionScore> + Clone,
    unit: &str,
) -> Result<GroupScore> {
    let not_scored: Decimal = members
        .clone()
        .filter(|c| !c.is_missing() && c.points.is_none())
        .map(|c| c.max)
        .sum();
    let points = sum_points(
        members.map(|c| (!c.is_missing()).then(|| c.points.unwrap_or(Decimal::ZERO))),
        unit,
        code,
    )?;
    Ok(GroupScore {
        code: code.to_owned(),
        max,
        applicable_max: max - not_scored,
        points,
        given: false,
    })
}

/// The sum of the parts, `None` when any part is missing.
fn sum_points(
    parts: impl Iterator<Item = Option<Decimal>>,
    unit: &str,
    place: &str,
) -> Result<Option<Decimal>> {
    let mut sum = Decimal::ZERO;
    for part in parts {
        let Some(part) = part else { return Ok(None) };
        sum = sum.checked_add(part).ok_or_else(|| ErrorKind::Overflow {
            unit: unit.to_owned(),
            place: place.to_owned(),
        })?;
    }
    Ok(Some(sum))
}

/// A monitoring metric's value as the methodology displays it (a percent or an average), rounded;
/// `None` when not applicable or the denominator is 0.
fn monitor_value(
    count: CriterionCount,
    display: MonitorDisplay,
    methodology: &Methodology,
) -> Option<Decimal> {
    let CriterionCount::Counted { num, den } = count else {
        return None;
    };
    let ratio = Decimal::from(num).checked_div(Decimal::from(den))?;
    let value = match display {
        MonitorDisplay::Percent => ratio.checked_mul(Decimal::ONE_HUNDRED)?,
        MonitorDisplay::Average => ratio,
    };
    Some(methodology.rounding().apply(value))
}

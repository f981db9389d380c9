//! Findings (SPEC §9): the rules dashboards use to flag a unit, with their thresholds as
//! configuration; each finding is its facts, which
//! [`report::finding_sentence`](crate::report::finding_sentence) words for officials.
//!
//! A group below 80% of its maximum; a criterion below 80% with a denominator above 3; a criterion
//! more than 1 point below the median of the unit's peers (critical above 3); a denominator of 3
//! or less, too small to judge; a strength at 95% or more; a total that fell in each of the last
//! three periods; and, for a unit with units below it, which of them cost it the most pooled
//! points (what it would gain if that unit's cases met the target rate).

use std::borrow::Cow;
use std::collections::HashMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{ErrorKind, Result};
use crate::interchange::{CriterionCount, Source};
use crate::methodology::{Counted, Rule};
use crate::printable::printable;
use crate::score::{CriterionScore, GroupScore, Scorecard, UnitScore};
use crate::unit::{Level, PeerSet};

use super::{Owner, Planner};

/// The findings' thresholds. The defaults are the dashboards'.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Thresholds {
    /// A group below this share of its maximum is weak (0.80).
    pub group_share: Decimal,
    /// A criterion whose rate, in percent, is below this is weak (80).
    pub criterion_percent: Decimal,
    /// A denominator at or below this is too small to judge (3).
    pub too_small: u64,
    /// Points below the peers' median that make a finding (1).
    pub below_median: Decimal,
    /// … and a critical one (3).
    pub critical_below_median: Decimal,
    /// A rate, in percent, at or above this is a strength (95).
    pub strength_percent: Decimal,
    /// Consecutive falls of the total that make a finding (3).
    pub falls: usize,
    /// How many units below it a unit's costliest list names (5).
    pub costly_units: usize,
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        Thresholds {
            group_share: Decimal::new(80, 2),
            criterion_percent: Decimal::from(80),
            too_small: 3,
            below_median: Decimal::ONE,
            critical_below_median: Decimal::from(3),
            strength_percent: Decimal::from(95),
            falls: 3,
            costly_units: 5,
        }
    }
}

/// What kind of finding, in the order findings of one severity are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A group below its share of the maximum.
    WeakGroup,
    /// A criterion below its rate threshold, with enough cases.
    WeakCriterion,
    /// A criterion below the peers' median.
    BelowPeers,
    /// Too few cases to judge.
    TooSmall,
    /// A strength.
    Strength,
    /// The total fell period after period.
    Falling,
    /// A unit below that costs this one pooled points.
    CostlyUnit,
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Critical (nghiêm trọng).
    Critical,
    /// A warning (cần cải thiện).
    Warning,
    /// For information.
    Info,
}

/// One finding, as data: [`report::finding_sentence`](crate::report::finding_sentence) words
/// it (a unit's findings are judged for every plan; words are written only where read). Its
/// names are borrowed from the scorecard and the planner that found it
/// ([`Finding::into_owned`] keeps them longer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding<'a> {
    /// How serious.
    pub severity: Severity,
    /// The criterion, group or unit it is about.
    pub code: Cow<'a, str>,
    /// What was found, with the figures its sentence gives.
    pub facts: Facts<'a>,
}

impl Finding<'_> {
    /// The same, owning its names.
    pub fn into_owned(self) -> Finding<'static> {
        Finding {
            severity: self.severity,
            code: Cow::Owned(self.code.into_owned()),
            facts: self.facts.into_owned(),
        }
    }

    /// Its kind.
    pub fn kind(&self) -> Kind {
        match self.facts {
            Facts::WeakGroup { .. } => Kind::WeakGroup,
            Facts::WeakCriterion { .. } => Kind::WeakCriterion,
            Facts::BelowPeers { .. } => Kind::BelowPeers,
            Facts::TooSmall { .. } => Kind::TooSmall,
            Facts::Strength { .. } => Kind::Strength,
            Facts::Falling { .. } => Kind::Falling,
            Facts::CostlyUnit { .. } => Kind::CostlyUnit,
        }
    }
}

/// What a finding found, one variant per [`Kind`], with the names and figures its sentence
/// gives (a criterion by its number and name, “2.1 Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn”).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Facts<'a> {
    /// A group below its share of the maximum.
    WeakGroup {
        /// The group's name.
        group: Cow<'a, str>,
        /// Its points.
        points: Decimal,
        /// Its maximum.
        max: Decimal,
        /// The share of the maximum it falls below, in percent (80).
        bar: Decimal,
        /// What of it the unit cannot change itself, if anything.
        not_own: Option<NotOwn>,
    },
    /// A criterion below its rate threshold, with enough cases.
    WeakCriterion {
        /// The criterion's number and name.
        criterion: Cow<'a, str>,
        /// Its rate, in percent.
        percent: Decimal,
        /// The threshold it falls below, in percent (80).
        bar: Decimal,
    },
    /// A criterion's points more than the bar below its peers' median.
    BelowPeers {
        /// The criterion's number and name.
        criterion: Cow<'a, str>,
        /// Its points.
        points: Decimal,
        /// How far below the median.
        gap: Decimal,
        /// The peers' median points.
        median: Decimal,
        /// The unit's tier, which names its peers (the other provinces, ministries or units).
        peers: Level,
    },
    /// Too few cases to judge.
    TooSmall {
        /// The criterion's number and name.
        criterion: Cow<'a, str>,
        /// Its denominator.
        cases: u64,
        /// What a case is.
        counted: Counted,
    },
    /// A strength: a rate at or above the bar.
    Strength {
        /// The criterion's number and name.
        criterion: Cow<'a, str>,
        /// Its rate, in percent.
        percent: Decimal,
    },
    /// The total fell period after period.
    Falling {
        /// How many periods in a row.
        periods: usize,
    },
    /// A unit below that costs this one pooled points.
    CostlyUnit {
        /// The unit below, by name.
        below: Cow<'a, str>,
        /// This unit, by name.
        unit: Cow<'a, str>,
        /// The points this unit would gain if that unit's cases met the rate of full points.
        gain: Decimal,
    },
}

impl Facts<'_> {
    /// The same, owning its names.
    pub fn into_owned(self) -> Facts<'static> {
        let own = |name: Cow<'_, str>| Cow::Owned(name.into_owned());
        match self {
            Facts::WeakGroup {
                group,
                points,
                max,
                bar,
                not_own,
            } => Facts::WeakGroup {
                group: own(group),
                points,
                max,
                bar,
                not_own,
            },
            Facts::WeakCriterion {
                criterion,
                percent,
                bar,
            } => Facts::WeakCriterion {
                criterion: own(criterion),
                percent,
                bar,
            },
            Facts::BelowPeers {
                criterion,
                points,
                gap,
                median,
                peers,
            } => Facts::BelowPeers {
                criterion: own(criterion),
                points,
                gap,
                median,
                peers,
            },
            Facts::TooSmall {
                criterion,
                cases,
                counted,
            } => Facts::TooSmall {
                criterion: own(criterion),
                cases,
                counted,
            },
            Facts::Strength { criterion, percent } => Facts::Strength {
                criterion: own(criterion),
                percent,
            },
            Facts::Falling { periods } => Facts::Falling { periods },
            Facts::CostlyUnit { below, unit, gain } => Facts::CostlyUnit {
                below: own(below),
                unit: own(unit),
                gain,
            },
        }
    }
}

/// What of a weak group the unit cannot change itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NotOwn {
    /// The group is known only as its points (the portal publishes a sub-unit's online services
    /// so), without its criteria's counts.
    GivenAsPoints,
    /// Points lost on counts that are another unit's (the province's publication criteria).
    Owners {
        /// The points lost on them.
        points: Decimal,
        /// The unit whose counts they are, by name.
        owner: String,
    },
}

/// The two middle values of `values` (one, twice, for an odd count), found by selection, not
/// a sort: a nation's peers are thousands of values per criterion.
fn middles<T: Ord + Copy>(values: &mut [T]) -> Option<(T, T)> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let (below, &mut upper, _) = values.select_nth_unstable(n / 2);
    let lower = if n % 2 == 1 {
        upper
    } else {
        *below.iter().max()?
    };
    Some((lower, upper))
}

/// The middle value of `values`, or the mean of the two middle ones. Points with no more than
/// `places` decimals are compared as whole numbers of their smallest step, several times faster
/// than decimals; any other value sends them all to be compared as decimals.
fn median(mut values: Vec<Decimal>, places: u32) -> Option<Decimal> {
    let steps: Option<Vec<i64>> = values.iter().map(|&v| in_steps(v, places)).collect();
    let (lower, upper) = match steps {
        Some(mut steps) => {
            let (lower, upper) = middles(&mut steps)?;
            (Decimal::new(lower, places), Decimal::new(upper, places))
        }
        None => middles(&mut values)?,
    };
    Some(if lower == upper {
        upper
    } else {
        (lower + upper) / Decimal::TWO
    })
}

/// `value` as a whole number of `10^-places`, when it has no more decimals and fits.
fn in_steps(value: Decimal, places: u32) -> Option<i64> {
    let finer = places.checked_sub(value.scale())?;
    let scaled = value.mantissa().checked_mul(10i128.checked_pow(finer)?)?;
    i64::try_from(scaled).ok()
}

/// The findings on unit `code` of `card`, with `history` its earlier scorecards (oldest first)
/// for the falls, most serious first: [`Planner::findings`] for a single answer.
///
/// Errors: an unknown unit.
pub fn findings(
    card: &Scorecard,
    code: &str,
    history: &[&Scorecard],
    thresholds: &Thresholds,
) -> Result<Vec<Finding<'static>>> {
    let planner = Planner::new(card).with_thresholds(thresholds.clone());
    let found = planner.findings(code, history)?;
    Ok(found.into_iter().map(Finding::into_owned).collect())
}

/// Each peer set's median points, per criterion (by its position in the methodology) and
/// maximum (a transfer of points gives some units another maximum: they are compared with the
/// units that share it), rounded as the methodology rounds points.
pub(super) type Medians = HashMap<PeerSet, Vec<ByMaximum<Decimal>>>;

/// One criterion's values in a peer set, for each maximum it has there.
pub(super) type ByMaximum<T> = Vec<(Decimal, T)>;

/// The median points of every criterion in every peer set of `card`: the sets' members found in
/// one pass, then each set's medians on every core (a nation has sixty-odd sets).
pub(super) fn medians(card: &Scorecard) -> Medians {
    let mut sets: HashMap<PeerSet, Vec<usize>> = HashMap::new();
    for (at, unit) in card.units().iter().enumerate() {
        if let Some(peers) = card.tree().peer_set(&unit.unit.code) {
            sets.entry(peers).or_default().push(at);
        }
    }
    let sets: Vec<(PeerSet, Vec<usize>)> = sets.into_iter().collect();
    let of_set = |at: usize| {
        let (peers, members) = sets.get(at)?;
        Some((peers.clone(), set_medians(card, members)))
    };
    let positions: Vec<usize> = (0..sets.len()).collect();
    // A thread that failed leaves the work to this one.
    let done = crate::cores::in_turn("medians", positions.clone(), of_set)
        .unwrap_or_else(|_| positions.into_iter().map(of_set).collect());
    done.into_iter().flatten().collect()
}

/// The median points of every criterion among the units of `card` at positions `members`, for
/// each maximum it has among them, rounded as the methodology rounds points.
fn set_medians(card: &Scorecard, members: &[usize]) -> Vec<ByMaximum<Decimal>> {
    let rounding = card.methodology().rounding();
    let criteria = card.methodology().criteria().count();
    let mut points: Vec<ByMaximum<Vec<Decimal>>> = vec![Vec::new(); criteria];
    for unit in members.iter().filter_map(|&at| card.units().get(at)) {
        let scored = (unit.criteria.iter().enumerate()).filter(|(_, c)| !c.is_missing());
        for (at, score) in scored {
            let (Some(p), Some(by_max)) = (score.points, points.get_mut(at)) else {
                continue;
            };
            match by_max.iter_mut().find(|(max, _)| *max == score.max) {
                Some((_, values)) => values.push(p),
                None => {
                    // Room for every member's points, grown no further.
                    let mut values = Vec::with_capacity(members.len());
                    values.push(p);
                    by_max.push((score.max, values));
                }
            }
        }
    }
    (points.into_iter())
        .map(|by_max| {
            (by_max.into_iter())
                .filter_map(|(max, values)| {
                    Some((max, rounding.apply(median(values, rounding.places)?)))
                })
                .collect()
        })
        .collect()
}

/// The median of the criterion at position `at` with maximum `max` in one peer set's medians.
fn median_of(medians: &[ByMaximum<Decimal>], at: usize, max: Decimal) -> Option<Decimal> {
    let by_max = medians.get(at)?;
    by_max
        .iter()
        .find(|(m, _)| *m == max)
        .map(|(_, median)| *median)
}

impl Planner<'_> {
    /// The findings on unit `code`, with `history` its earlier scorecards (oldest first) for
    /// the falls, most serious first.
    ///
    /// Errors: an unknown unit.
    pub fn findings(&self, code: &str, history: &[&Scorecard]) -> Result<Vec<Finding<'_>>> {
        let earlier: Vec<Option<Decimal>> = (history.iter())
            .map(|c| c.unit(code).and_then(|u| u.total))
            .collect();
        self.findings_after(code, &earlier)
    }

    /// The findings on unit `code`, with `earlier` its totals in earlier periods (oldest first)
    /// for the falls, most serious first: [`Planner::findings`] without keeping the earlier
    /// scorecards.
    ///
    /// Errors: an unknown unit.
    pub fn findings_after(
        &self,
        code: &str,
        earlier: &[Option<Decimal>],
    ) -> Result<Vec<Finding<'_>>> {
        let card = self.card;
        let unit = card.unit(code).ok_or_else(|| ErrorKind::UnknownUnit {
            unit: code.to_owned(),
        })?;
        let medians = (card.tree().peer_set(code))
            .and_then(|peers| self.medians.get_or_init(|| medians(card)).get(&peers));
        let mut judge = Judge {
            planner: self,
            unit,
            medians: medians.map(Vec::as_slice),
            // Room for a finding or two on each criterion and group, grown no further.
            found: Vec::with_capacity(2 * (unit.criteria.len() + unit.groups.len())),
        };
        judge.weak_groups();
        judge.criteria();
        judge.falls(earlier);
        judge.costly_units()?;
        let mut found = judge.found;
        // Most serious first; of one severity, kind by kind (each in the methodology's order).
        found.sort_by_key(|f| (f.severity, f.kind()));
        Ok(found)
    }
}

/// One unit being judged: what every rule reads, and the findings made so far.
struct Judge<'p, 'a> {
    /// The planner, for its thresholds, scorecard and prepared criteria.
    planner: &'p Planner<'a>,
    /// The unit's scores.
    unit: &'p UnitScore,
    /// The medians of the unit's peer set, per criterion, if it has one.
    medians: Option<&'p [ByMaximum<Decimal>]>,
    /// The findings so far, in the order the rules make them, their names borrowed.
    found: Vec<Finding<'p>>,
}

impl<'p> Judge<'p, '_> {
    /// Records one finding about `code`.
    fn push(&mut self, severity: Severity, code: impl Into<Cow<'p, str>>, facts: Facts<'p>) {
        self.found.push(Finding {
            severity,
            code: code.into(),
            facts,
        });
    }

    /// Finds the groups below their share of the maximum.
    fn weak_groups(&mut self) {
        let (card, unit): (&'p Scorecard, _) = (self.planner.card, self.unit);
        let share = self.planner.thresholds.group_share;
        for group in &unit.groups {
            let Some(points) = group.points else {
                continue;
            };
            if points >= group.max * share {
                continue;
            }
            let name = (card.methodology().group(&group.code)).map_or("", |g| g.name.as_str());
            let facts = Facts::WeakGroup {
                group: name.into(),
                points,
                max: group.max,
                bar: (share * Decimal::ONE_HUNDRED).normalize(),
                not_own: not_the_units_own(card, unit, group),
            };
            self.push(Severity::Warning, group.code.as_str(), facts);
        }
    }

    /// Judges each scored criterion of the unit's own: its size, its rate, its peers.
    fn criteria(&mut self) {
        let (planner, unit) = (self.planner, self.unit);
        let scored = (unit.criteria.iter().enumerate()).filter(|(_, c)| !c.is_missing());
        for (at, score) in scored {
            if matches!(score.source, Some(Source::Inherited(_))) {
                continue;
            }
            let label = planner.label(at, &score.code);
            let too_small = self.size_or_rate(at, score, label.clone());
            // Too few cases to judge are not judged against the peers either.
            if !too_small {
                self.against_peers(at, score, label);
            }
        }
    }

    /// Finds a criterion with too few cases to judge or else a weak or strong rate; returns
    /// whether it had too few cases.
    fn size_or_rate(&mut self, at: usize, score: &'p CriterionScore, label: Cow<'p, str>) -> bool {
        let thresholds = &self.planner.thresholds;
        let den = match score.count {
            Some(CriterionCount::Counted { den, .. }) => den,
            _ => 0,
        };
        // A bare published rate is no number of cases: its size cannot be judged.
        let cases = score.source != Some(Source::Ratio);
        if cases && den > 0 && den <= thresholds.too_small {
            let methodology = self.planner.card.methodology();
            let definition = (self.planner.prepared.get(at).map(|p| p.criterion.as_ref()))
                .filter(|c| c.code == score.code)
                .or_else(|| methodology.criterion(&score.code));
            let facts = Facts::TooSmall {
                criterion: label,
                cases: den,
                counted: definition.map_or(Counted::Case, |c| c.counted),
            };
            self.push(Severity::Info, score.code.as_str(), facts);
            return true;
        }
        let Some(percent) = score.percent else {
            return false;
        };
        // A goalpost gives full points below 100%: a criterion at its maximum is not weak.
        let full = score.points.is_some_and(|p| p >= score.max);
        if percent < thresholds.criterion_percent && !full {
            let facts = Facts::WeakCriterion {
                criterion: label,
                percent,
                bar: thresholds.criterion_percent.normalize(),
            };
            self.push(Severity::Warning, score.code.as_str(), facts);
        } else if percent >= thresholds.strength_percent {
            let facts = Facts::Strength {
                criterion: label,
                percent,
            };
            self.push(Severity::Info, score.code.as_str(), facts);
        }
        false
    }

    /// Finds a criterion's points too far below its peers' median (critical further below).
    fn against_peers(&mut self, at: usize, score: &'p CriterionScore, label: Cow<'p, str>) {
        let thresholds = &self.planner.thresholds;
        let middle = self.medians.and_then(|m| median_of(m, at, score.max));
        let (Some(points), Some(middle)) = (score.points, middle) else {
            return;
        };
        let gap = middle - points;
        if gap <= thresholds.below_median {
            return;
        }
        let severity = if gap > thresholds.critical_below_median {
            Severity::Critical
        } else {
            Severity::Warning
        };
        let facts = Facts::BelowPeers {
            criterion: label,
            points,
            gap,
            median: middle,
            peers: self.unit.unit.level,
        };
        self.push(severity, score.code.as_str(), facts);
    }

    /// Finds falls of the total, period after period, ending with this one (`earlier` the
    /// totals before it, oldest first).
    fn falls(&mut self, earlier: &[Option<Decimal>]) {
        let totals: Vec<Option<Decimal>> = (earlier.iter().copied())
            .chain(std::iter::once(self.unit.total))
            .collect();
        let falls = totals
            .windows(2)
            .rev()
            .take_while(|w| matches!(w, [Some(a), Some(b)] if b < a))
            .count();
        let wanted = self.planner.thresholds.falls;
        if wanted > 0 && falls >= wanted {
            let facts = Facts::Falling { periods: falls };
            self.push(Severity::Warning, self.unit.unit.code.as_str(), facts);
        }
    }

    /// Finds the units below that cost this one the most pooled points.
    fn costly_units(&mut self) -> Result<()> {
        // Officials know units by name (the finding's code is the unit's, for programs).
        let named = |unit: &'p UnitScore| printable(&unit.unit.name);
        for (below, gain) in costly_units(self.planner, self.unit)? {
            let facts = Facts::CostlyUnit {
                below: named(below),
                unit: named(self.unit),
                gain,
            };
            self.push(Severity::Warning, below.unit.code.as_str(), facts);
        }
        Ok(())
    }
}

/// What of a weak group the unit cannot change itself (none when all of it is its own): points
/// lost on counts that are another unit's (the province's publication criteria), or a group the
/// portal publishes only as points.
fn not_the_units_own(card: &Scorecard, unit: &UnitScore, group: &GroupScore) -> Option<NotOwn> {
    // A group of criteria known only as its points (the portal publishes a sub-unit's online
    // services so); a methodology of groups alone has nothing more to say.
    let has_criteria =
        (card.methodology().group(&group.code)).is_some_and(|g| !g.criteria.is_empty());
    if group.given && has_criteria {
        return Some(NotOwn::GivenAsPoints);
    }
    let mut owner = None;
    let mut lost = Decimal::ZERO;
    for score in unit.criteria.iter().filter(|c| c.group == group.code) {
        let (Some(of), Some(points)) = (Owner::of(card, score.source.as_ref()), score.points)
        else {
            continue;
        };
        lost += score.max - points;
        owner.get_or_insert(of);
    }
    match owner {
        Some(owner) if lost > Decimal::ZERO => Some(NotOwn::Owners {
            points: lost,
            owner: printable(&owner.name).into_owned(),
        }),
        _ => None,
    }
}

/// For a unit whose counts are pooled from its units: how many points each of them costs it,
/// the points it would gain if that unit's cases of each pooled criterion met the rate of full
/// points (100%, or a goalpost's threshold). The costliest first.
fn costly_units<'a>(
    planner: &Planner<'a>,
    unit: &UnitScore,
) -> Result<Vec<(&'a UnitScore, Decimal)>> {
    let card = planner.card;
    let mut costs = Vec::new();
    for child in card.tree().children(&unit.unit.code) {
        let Some(below) = card.unit(&child.code) else {
            continue;
        };
        let gain = pooled_gain(planner, unit, below)?;
        if gain > Decimal::ZERO {
            costs.push((below, gain));
        }
    }
    costs.sort_by(|a, b| (b.1.cmp(&a.1)).then_with(|| a.0.unit.code.cmp(&b.0.unit.code)));
    costs.truncate(planner.thresholds.costly_units);
    Ok(costs)
}

/// The points `unit` would gain over all its pooled criteria if the cases of `below`, one of
/// its units, met each one's rate of full points.
fn pooled_gain(planner: &Planner<'_>, unit: &UnitScore, below: &UnitScore) -> Result<Decimal> {
    let mut gain = Decimal::ZERO;
    for at in 0..planner.prepared.len() {
        if let Some(more) = criterion_gain(planner, at, unit, below)? {
            gain += more;
        }
    }
    Ok(gain)
}

/// The points `unit` would gain on the criterion at position `at` if the cases of `below` met
/// its rate of full points; `None` when the criterion is not pooled or `below` meets the rate
/// already.
fn criterion_gain(
    planner: &Planner<'_>,
    at: usize,
    unit: &UnitScore,
    below: &UnitScore,
) -> Result<Option<Decimal>> {
    let methodology = planner.card.methodology();
    let (Some(mine), Some(theirs)) = (planner.score_at(unit, at), planner.score_at(below, at))
    else {
        return Ok(None);
    };
    // The definition with the unit's maximum (a transfer of points gives some units another).
    let Some(prepared) = planner.prepared(at, mine.max) else {
        return Ok(None);
    };
    let (Some(CriterionCount::Counted { num, den }), Some(Source::Pooled)) =
        (mine.count, mine.source.as_ref())
    else {
        return Ok(None);
    };
    let Some(CriterionCount::Counted { num: n, den: d }) = theirs.count else {
        return Ok(None);
    };
    let criterion = &prepared.criterion;
    // The rate of full points: 100%, or a goalpost's threshold.
    let full = match criterion.rule {
        Rule::Goalpost { threshold } => threshold,
        Rule::Linear => Decimal::ONE,
    };
    let wanted = u64::try_from((Decimal::from(d) * full).ceil())
        .unwrap_or(d)
        .min(d);
    if wanted <= n {
        return Ok(None);
    }
    // Scored as `score` scores it: a factor not applicable counts as 0/0.
    let factor = (prepared.factor)
        .and_then(|f| planner.score_at(unit, f))
        .and_then(super::factor_count);
    // A child's bare published rate is not pooled into its parent's count: its cases can exceed
    // the parent's, and then its gain is not the parent's to count.
    let Some(raised) = num.checked_sub(n).and_then(|rest| rest.checked_add(wanted)) else {
        return Ok(None);
    };
    let now = mine.points.unwrap_or(Decimal::ZERO);
    let after = criterion
        .evaluate_times(
            raised,
            den,
            factor,
            methodology.rounding(),
            true,
            &unit.unit.code,
        )?
        .points
        .unwrap_or(now);
    Ok(Some(after - now))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    use super::median;

    // The medians of a nation's sixty-odd peer sets, computed set by set on every core, are the
    // sorted middles of each set's points, criterion by criterion and maximum by maximum.
    #[cfg(feature = "synthetic")]
    #[test]
    fn a_nations_medians_are_each_peer_sets_sorted_middles() {
        use std::collections::HashMap;

        use crate::examples::synthetic::national_counts;
        use crate::methodology::Methodology;
        use crate::score::{score, ScoreOptions};

        let methodology = Methodology::builtin("dvcqg-2026").unwrap();
        let card = score(
            &methodology,
            &national_counts(&methodology),
            &ScoreOptions::default(),
        )
        .unwrap();
        let mut expected: HashMap<_, HashMap<(usize, Decimal), Vec<Decimal>>> = HashMap::new();
        for unit in card.units() {
            let peers = card.tree().peer_set(&unit.unit.code).unwrap();
            let scored = (unit.criteria.iter().enumerate()).filter(|(_, c)| !c.is_missing());
            for (at, score) in scored {
                if let Some(points) = score.points {
                    let set = expected.entry(peers.clone()).or_default();
                    set.entry((at, score.max)).or_default().push(points);
                }
            }
        }
        let medians = super::medians(&card);
        assert!(expected.len() > 60, "{} peer sets", expected.len());
        assert_eq!(medians.len(), expected.len());
        for (peers, values) in expected {
            for ((at, max), mut points) in values {
                points.sort();
                let n = points.len();
                let middle = match n % 2 {
                    1 => points[n / 2],
                    _ => (points[n / 2 - 1] + points[n / 2]) / Decimal::TWO,
                };
                let rounded = card.methodology().rounding().apply(middle);
                assert_eq!(super::median_of(&medians[&peers], at, max), Some(rounded));
            }
        }
    }

    proptest! {
        // The selection's median is the sorted list's: its middle, or its two middles' mean,
        // whether the values are compared as whole steps (none finer than the places) or not.
        #[test]
        fn the_median_is_the_sorted_middle(
            values in proptest::collection::vec((-2_000i64..=2_000, 0u32..=3), 0..40),
            places in 2u32..=3,
        ) {
            let values: Vec<Decimal> = values.into_iter().map(|(m, s)| Decimal::new(m, s)).collect();
            let mut sorted = values.clone();
            sorted.sort();
            let n = sorted.len();
            let expected = match n {
                0 => None,
                _ if n % 2 == 1 => Some(sorted[n / 2]),
                _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / Decimal::TWO),
            };
            prop_assert_eq!(median(values, places), expected);
        }
    }
}

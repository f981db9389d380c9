//! The cheapest combination of changes across a unit's criteria that brings a group or the total
//! to a target (SPEC §9), in the fewest cases.
//!
//! Why the answer is exact: a criterion's points are a monotone step function of `k` for each
//! lever, so for every level of points it can reach there is a least `k` (found by the same
//! binary search as [`least_change`](super::least_change)), and no other `k` is worth
//! considering. Each criterion thus offers a short menu — reach this many more hundredths for
//! that many cases — and choosing one entry per criterion so that the gains add up to the target
//! at the least total cost is a knapsack over hundredths of a point, solved exactly by dynamic
//! programming. Criteria whose rates multiply (ONLINE_DOSSIERS × DOSSIER_SYNC) do not add up
//! independently, so the pair is one entry of the knapsack: every level of the factor criterion
//! with every level of the other at that factor.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Serialize;

use super::{count_of, least_k, points_at, Lever, MOST_ADDED};
use crate::counts::Source;
use crate::error::{ErrorKind, Result};
use crate::methodology::{Criterion, Methodology};
use crate::score::{Scorecard, UnitScore};

/// One criterion's share of a combination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Share {
    /// The criterion's code.
    pub code: String,
    /// The lever.
    pub lever: Lever,
    /// How many cases.
    pub k: u64,
    /// Its points before.
    pub points_before: Option<Decimal>,
    /// Its points after.
    pub points_after: Option<Decimal>,
}

/// The cheapest combination that brings a group or the total to a target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Combination {
    /// The unit's code.
    pub unit: String,
    /// `total`, or the group's code.
    pub scope: String,
    /// The target, in points.
    pub target: Decimal,
    /// The points now.
    pub points: Decimal,
    /// The points after the combination, when it reaches the target.
    pub points_after: Option<Decimal>,
    /// The cases the combination takes in all; `None` when the target cannot be reached.
    pub cases: Option<u64>,
    /// Each criterion's share, largest first.
    pub shares: Vec<Share>,
}

/// Changes to a unit's criteria: (the criterion's position among the planned ones, lever, k).
type Changes = Vec<(usize, Lever, u64)>;

/// One way to raise an entry of the knapsack: its gain in hundredths, its cost in cases, and
/// the changes it makes.
#[derive(Debug, Clone)]
struct Choice {
    gain: usize,
    cost: u64,
    changes: Changes,
}

/// Points to hundredths (the methodology's places) as a whole number.
fn units(value: Decimal, places: u32) -> i64 {
    (value * Decimal::from(10i64.pow(places)))
        .trunc()
        .to_i64()
        .unwrap_or(0)
}

/// A criterion of the unit as the planner sees it.
struct Item<'a> {
    code: &'a str,
    definition: &'a Criterion,
    count: (u64, u64),
    in_scope: bool,
}

/// The least `k` of each lever to reach `target` points, searched from `from` (the levers' least
/// `k` for a lower target, `None` once a lever cannot reach one).
fn least_of_each(
    score: &dyn Fn((u64, u64)) -> Result<Option<Decimal>>,
    (num, den): (u64, u64),
    target: Decimal,
    from: [Option<u64>; 2],
) -> Result<[Option<u64>; 2]> {
    let at = |count: Option<(u64, u64)>| match count {
        Some(count) => score(count),
        None => Ok(None),
    };
    let [fix_from, add_from] = from;
    let fix = match fix_from {
        Some(from) => least_k(from, den.saturating_sub(num), target, |k| {
            at(num.checked_add(k).map(|n| (n, den)))
        })?,
        None => None,
    };
    let add = match add_from {
        Some(from) => least_k(from, MOST_ADDED, target, |k| {
            at(num.checked_add(k).zip(den.checked_add(k)))
        })?,
        None => None,
    };
    Ok([fix, add])
}

/// The count after `k` cases by `lever`.
fn after((num, den): (u64, u64), lever: Lever, k: u64) -> (u64, u64) {
    match lever {
        Lever::Fix => (num.saturating_add(k), den),
        Lever::Add => (num.saturating_add(k), den.saturating_add(k)),
    }
}

/// Every level of points a criterion can reach above `from`, each at its least cost, up to a
/// gain of `need` hundredths (the first level at or past it included).
fn levels(
    score: &dyn Fn((u64, u64)) -> Result<Option<Decimal>>,
    count: (u64, u64),
    from: Decimal,
    need: usize,
    places: u32,
) -> Result<Vec<(usize, Lever, u64, Decimal)>> {
    let step = Decimal::new(1, places);
    let mut found = Vec::new();
    let mut reached = from;
    let mut searched_from = [Some(0), Some(0)];
    loop {
        let least = least_of_each(score, count, reached + step, searched_from)?;
        searched_from = least;
        let choice = match least {
            [Some(fix), Some(add)] if add < fix => (Lever::Add, add),
            [Some(fix), _] => (Lever::Fix, fix),
            [None, Some(add)] => (Lever::Add, add),
            [None, None] => break,
        };
        let Some(points) = score(after(count, choice.0, choice.1))? else {
            break;
        };
        let gain = usize::try_from(units(points - from, places)).unwrap_or(0);
        found.push((gain, choice.0, choice.1, points));
        reached = points;
        if gain >= need {
            break;
        }
    }
    Ok(found)
}

/// A criterion's points for a count, at a factor, as the portal scores them.
fn scorer<'a>(
    definition: &'a Criterion,
    methodology: &'a Methodology,
    factor: Option<(u64, u64)>,
    unit: &'a str,
) -> impl Fn((u64, u64)) -> Result<Option<Decimal>> + 'a {
    move |count| points_at(definition, methodology, count, factor, unit)
}

/// The cheapest combination of changes to unit `code`'s criteria that brings `scope` (`total`
/// or a group's code) to `target` points (see the module's documentation). Criteria whose count
/// is the unit's ancestor's (publication criteria on a sub-unit) are left as they are.
///
/// Errors: an unknown unit or group; the scope's points cannot be computed (a criterion is
/// missing).
pub fn cheapest_combination(
    card: &Scorecard,
    code: &str,
    scope: &str,
    target: Decimal,
) -> Result<Combination> {
    let methodology = card.methodology();
    let places = methodology.rounding().places;
    let unit: &UnitScore = card.unit(code).ok_or_else(|| ErrorKind::UnknownUnit {
        unit: code.to_owned(),
    })?;
    // The scope's points, and its criteria (`None`: every criterion, for the total).
    let (points, codes): (Option<Decimal>, Option<Vec<&str>>) = if scope == "total" {
        (unit.total, None)
    } else {
        let group = unit.group(scope).ok_or_else(|| {
            crate::Error::from(ErrorKind::InvalidField {
                unit: code.to_owned(),
                field: scope.to_owned(),
                problem: format!("not a group of {}, nor `total`", methodology.name()),
            })
        })?;
        let codes = (methodology.group(scope).into_iter())
            .flat_map(|g| g.criteria.iter().map(|c| c.code.as_str()))
            .collect();
        (group.points, Some(codes))
    };
    let in_scope = |c: &str| codes.as_ref().map_or(true, |codes| codes.contains(&c));
    let points = points.ok_or_else(|| {
        crate::Error::from(ErrorKind::InvalidField {
            unit: code.to_owned(),
            field: scope.to_owned(),
            problem: format!("cannot be planned: missing {}", unit.missing.join(", ")),
        })
    })?;
    let need = usize::try_from(units(target - points, places).max(0)).unwrap_or(0);
    // The criteria the unit can change: counted here (not inherited), within the scope or
    // multiplying one that is.
    let items: Vec<Item<'_>> = (methodology.criteria())
        .filter_map(|(_, definition)| {
            let (count, source) = count_of(unit, &definition.code)?;
            let multiplies_in_scope = methodology.criteria().any(|(_, c)| {
                c.rate_times.as_deref() == Some(&definition.code) && in_scope(&c.code)
            });
            let in_scope = in_scope(&definition.code);
            let owned = !matches!(source, Some(Source::Inherited(_)));
            (owned && (in_scope || multiplies_in_scope)).then_some(Item {
                code: definition.code.as_str(),
                definition,
                count,
                in_scope,
            })
        })
        .collect();
    let count_by = |c: &str| items.iter().position(|i| i.code == c);
    let current =
        |item: &Item<'_>, factor| scorer(item.definition, methodology, factor, code)(item.count);
    // The knapsack's entries: a criterion alone, or a factor with the criteria it multiplies.
    let mut entries: Vec<Vec<Choice>> = Vec::new();
    let mut taken = vec![false; items.len()];
    for (i, item) in items.iter().enumerate() {
        if taken[i] {
            continue;
        }
        let multiplied: Vec<usize> = (items.iter().enumerate())
            .filter(|(_, other)| other.definition.rate_times.as_deref() == Some(item.code))
            .map(|(j, _)| j)
            .collect();
        let factor_of = |it: &Item<'_>| {
            (it.definition.rate_times.as_deref())
                .and_then(|f| count_of(unit, f).map(|(count, _)| count))
        };
        if item.definition.rate_times.is_some()
            && count_by(item.definition.rate_times.as_deref().unwrap_or("")).is_some()
        {
            // Planned with its factor, below.
            continue;
        }
        taken[i] = true;
        let own_from = current(item, factor_of(item))?.unwrap_or(Decimal::ZERO);
        let own_levels = levels(
            &scorer(item.definition, methodology, factor_of(item), code),
            item.count,
            own_from,
            need,
            places,
        )?;
        let mut options = vec![Choice {
            gain: 0,
            cost: 0,
            changes: Vec::new(),
        }];
        // The factor's own levels (0 included), and at each, the levels of those it multiplies.
        let factor_steps = std::iter::once((0usize, Lever::Fix, 0u64)).chain(
            own_levels
                .iter()
                .map(|&(gain, lever, k, _)| (gain, lever, k)),
        );
        for (own_gain, own_lever, own_k) in factor_steps {
            let own_gain = if item.in_scope { own_gain } else { 0 };
            let factor_count = after(item.count, own_lever, own_k);
            let mut combos = vec![(own_gain, own_k, vec![(i, own_lever, own_k)])];
            for &j in &multiplied {
                taken[j] = true;
                let other = &items[j];
                let before = current(other, factor_of(other))?.unwrap_or(Decimal::ZERO);
                let at_factor = scorer(other.definition, methodology, Some(factor_count), code);
                let base = at_factor(other.count)?.unwrap_or(Decimal::ZERO);
                let lift = units(base - before, places);
                let mut next = Vec::new();
                let other_levels = levels(&at_factor, other.count, base, need, places)?;
                for (gain, k, changes) in &combos {
                    let start = usize::try_from((*gain as i64 + lift).max(0)).unwrap_or(0);
                    next.push((start, *k, changes.clone()));
                    for &(g, lever, ok, _) in &other_levels {
                        let mut changes = changes.clone();
                        changes.push((j, lever, ok));
                        next.push((start + g, k.saturating_add(ok), changes));
                    }
                }
                combos = next;
            }
            for (gain, cost, changes) in combos {
                options.push(Choice {
                    gain,
                    cost,
                    changes,
                });
            }
        }
        entries.push(options);
    }
    // dp[g]: the least cost that gains at least g hundredths (g capped at `need`), and how.
    let mut dp: Vec<Option<(u64, Changes)>> = vec![None; need + 1];
    if let Some(first) = dp.first_mut() {
        *first = Some((0, Vec::new()));
    }
    for options in &entries {
        let mut next = dp.clone();
        for (g, best) in dp.iter().enumerate() {
            let Some((cost, changes)) = best else {
                continue;
            };
            for option in options.iter().filter(|o| o.cost > 0 || o.gain > 0) {
                let to = (g + option.gain).min(need);
                let total = cost.saturating_add(option.cost);
                if next[to].as_ref().map_or(true, |(c, _)| total < *c) {
                    let mut all = changes.clone();
                    all.extend(option.changes.iter().filter(|(_, _, k)| *k > 0).cloned());
                    next[to] = Some((total, all));
                }
            }
        }
        dp = next;
    }
    let best = dp.get(need).cloned().flatten();
    let mut shares = Vec::new();
    let mut points_after = None;
    if let Some((_, changes)) = &best {
        // Every criterion's count after the combination, and its factor's.
        let final_count = |at: usize| {
            let count = items.get(at).map_or((0, 0), |i| i.count);
            (changes.iter().find(|(x, _, _)| *x == at))
                .map_or(count, |&(_, l, k)| after(count, l, k))
        };
        let final_factor = |item: &Item<'_>| {
            let factor = item.definition.rate_times.as_deref()?;
            match count_by(factor) {
                Some(at) => Some(final_count(at)),
                None => count_of(unit, factor).map(|(count, _)| count),
            }
        };
        for &(j, lever, k) in changes {
            let Some(item) = items.get(j) else { continue };
            shares.push(Share {
                code: item.code.to_owned(),
                lever,
                k,
                points_before: unit.criterion(item.code).and_then(|s| s.points),
                points_after: scorer(item.definition, methodology, final_factor(item), code)(
                    final_count(j),
                )?,
            });
        }
        // The scope's points after: its criteria's rounded points, as changed, added up.
        let mut sum = Decimal::ZERO;
        for score in unit.criteria.iter().filter(|c| in_scope(&c.code)) {
            let points = match count_by(&score.code) {
                Some(at) => {
                    let item = &items[at];
                    scorer(item.definition, methodology, final_factor(item), code)(final_count(at))?
                }
                None => score.points,
            };
            sum += points.unwrap_or(Decimal::ZERO);
        }
        points_after = Some(sum);
    }
    shares.sort_by(|a, b| b.k.cmp(&a.k).then_with(|| a.code.cmp(&b.code)));
    Ok(Combination {
        unit: code.to_owned(),
        scope: scope.to_owned(),
        target,
        points,
        points_after,
        cases: best.map(|(cost, _)| cost),
        shares,
    })
}

//! The cheapest combination of changes across a unit's criteria that brings a group or the total
//! to a target (SPEC §9), in the fewest cases.
//!
//! Why the answer is exact: a criterion's points are a monotone step function of `k` for each
//! lever, so for every step of points it can reach there is a least `k` (the same search as
//! [`least_change`](super::least_change)), and no other `k` is worth considering. Each criterion
//! thus offers a short menu — this many more ticks (hundredths) for that many cases — and
//! choosing one entry per criterion so that the gains add up to the target at the least total
//! cost is a knapsack over ticks, solved exactly by dynamic programming (pruned only by bounds
//! that no cheaper answer can cross). Criteria whose rates multiply (ONLINE_DOSSIERS ×
//! DOSSIER_SYNC) do not add up independently, so the pair is one entry whose menu comes from the
//! changes `exact_pair` proves sufficient: the factor now and at each of its own steps with the
//! other's steps up to one case more than the factor's count ([`Pair::fixes_at_own_step`]), the
//! factor full with every step of the other, and the balanced and boundary changes in between.
//! A brute force over every count of the factor checks it in the tests.

use rust_decimal::Decimal;
use serde::Serialize;

use super::search::{least_k, points_of, ticks_reaching, Prepared, Scorer, Ticks};
use super::{count_of, factor_count, unit_of, Lever, Planner};
use crate::error::{Error, ErrorKind, Problem, Result};
use crate::interchange::Source;
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
    /// The scope's maximum: a target above it cannot be reached.
    pub max: Decimal,
    /// The points after the combination, when it reaches the target.
    pub points_after: Option<Decimal>,
    /// The cases the combination takes in all; `None` when the target cannot be reached.
    pub cases: Option<u64>,
    /// Each criterion's share, largest first.
    pub shares: Vec<Share>,
    /// The group is given as points, without its criteria's counts (the portal publishes a
    /// sub-unit's online services so): nothing inside it can be planned.
    pub points_given: bool,
}

/// A change to one of a unit's criteria: (its position among the planned ones, lever, k).
type Change = (usize, Lever, u64);

/// One way to raise an entry of the knapsack: its gain in ticks (capped at the need), its cost
/// in cases, and the changes it makes: one criterion's, and those of the criteria a factor
/// multiplies (the first two kept apart, so that a factor and the one criterion it multiplies
/// need no allocation).
#[derive(Debug, Clone)]
struct Choice {
    gain: usize,
    cost: u64,
    first: Change,
    second: Option<Change>,
    rest: Vec<Change>,
}

impl Choice {
    /// Every change the choice makes, the first first.
    fn changes(&self) -> impl Iterator<Item = &Change> {
        std::iter::once(&self.first)
            .chain(&self.second)
            .chain(&self.rest)
    }
}

/// One step of a criterion's points: `gain` ticks above where the search started, first reached
/// with `k` cases by `lever`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Level {
    gain: Ticks,
    lever: Lever,
    k: u64,
}

/// A criterion of the unit as the planner sees it.
struct Item<'a> {
    /// Its position in the methodology.
    at: usize,
    code: &'a str,
    scorer: Scorer<'a>,
    count: (u64, u64),
    /// The count of the criterion whose rate multiplies this one's, as it is now.
    factor: Option<(u64, u64)>,
    in_scope: bool,
}

impl Item<'_> {
    /// Whether the criterion already scores its maximum: no change can raise it.
    fn at_maximum(&self) -> Result<bool> {
        let max = self.scorer.prepared.criterion.max;
        let places = self.scorer.methodology.rounding().places;
        Ok(self.scorer.ticks(self.count, self.factor)? == Some(ticks_reaching(max, places)))
    }
}

/// The count after `k` cases by `lever`.
fn after((num, den): (u64, u64), lever: Lever, k: u64) -> (u64, u64) {
    match lever {
        Lever::Fix => (num.saturating_add(k), den),
        Lever::Add => (num.saturating_add(k), den.saturating_add(k)),
    }
}

/// Every step of points a criterion can reach above `from` ticks at `factor`, each at its least
/// cost, until a gain of `need` ticks (the first step at or past it included) or a cost above
/// `most` cases, written to `found` (emptied first): fixing's steps in closed form where the
/// criterion has one (checked against the search by a property test), the search for the rest.
/// `steps` is room the closed form works in, kept by the caller for every criterion.
fn levels(
    scorer: &Scorer<'_>,
    (count, factor): ((u64, u64), Option<(u64, u64)>),
    (from, need, most): (Ticks, Ticks, u64),
    found: &mut Vec<Level>,
    steps: &mut Vec<(Ticks, u64)>,
) -> Result<()> {
    found.clear();
    let bounds = (from, need, most);
    let Some(exhausted) = scorer.fix_steps(count, factor, bounds, steps) else {
        return searched_levels(scorer, (count, factor), bounds, found, true);
    };
    found.extend(steps.iter().map(|&(ticks, k)| Level {
        gain: ticks - from,
        lever: Lever::Fix,
        k,
    }));
    let gained = found.last().map_or(0, |l| l.gain);
    // Fixing ran out of cases before the need: the search goes on, adding.
    if exhausted && gained < need {
        return searched_levels(scorer, (count, factor), bounds, found, false);
    }
    Ok(())
}

/// [`levels`] by searching each next step's least `k`, on from the steps `found` already, by
/// fixing while `fixing` and then by adding.
fn searched_levels(
    scorer: &Scorer<'_>,
    (count, factor): ((u64, u64), Option<(u64, u64)>),
    (from, need, most): (Ticks, Ticks, u64),
    found: &mut Vec<Level>,
    fixing: bool,
) -> Result<()> {
    let mut reached = from + found.last().map_or(0, |l| l.gain);
    // Each lever's least `k` for the last step: the next step's is no smaller. `None` once a
    // lever can go no higher.
    let (mut fix, mut add) = (fixing.then_some(0), Some(0));
    while reached - from < need {
        let target = reached + 1;
        if let Some(from) = fix {
            fix = scorer.least(count, factor, Lever::Fix, from, target)?;
        }
        // For the same k, fixing gives a rate no lower than adding ((n + k) / d against
        // (n + k) / (d + k)), and points never fall as the rate rises: adding is the cheaper
        // lever only where fixing cannot reach (nothing to fix, or a zero denominator).
        let (lever, k) = if let Some(f) = fix {
            (Lever::Fix, f)
        } else {
            if let Some(from) = add {
                add = scorer.least(count, factor, Lever::Add, from, target)?;
            }
            match add {
                Some(a) => (Lever::Add, a),
                None => break,
            }
        };
        if k > most {
            break;
        }
        let Some(points) = scorer.ticks(after(count, lever, k), factor)? else {
            break;
        };
        found.push(Level {
            gain: points - from,
            lever,
            k,
        });
        reached = points;
    }
    Ok(())
}

/// The cheapest way to each gain an entry of the knapsack offers, gains capped at the need.
///
/// Kept sparse: `cost[g]` is the cheapest offer of gain `g` so far (`u64::MAX` for none) and
/// `at[g]` where it is in `offers`, written in place as cheaper ones come. An entry offers a
/// few gains of the need's hundred; two words a gain keep a need of a million ticks small.
struct Menu {
    cost: Vec<u64>,
    at: Vec<usize>,
    offers: Vec<Choice>,
}

impl Menu {
    /// An empty menu for gains up to `need` ticks.
    fn new(need: usize) -> Menu {
        Menu {
            cost: vec![u64::MAX; need + 1],
            at: vec![0; need + 1],
            offers: Vec::new(),
        }
    }

    /// Offers `gain` ticks for `cost` cases by `first` and `more`, written down only when the
    /// offer is the cheapest yet for its gain.
    fn offer(&mut self, gain: Ticks, cost: u64, first: Change, more: &[Change]) {
        let need = self.cost.len() - 1;
        let gain = usize::try_from(gain).map_or(0, |g| g.min(need));
        // Nothing gained: not changing the entry at all is cheaper. A smaller gain costing no
        // less than a way to the whole need is beaten by it.
        if gain == 0 || (gain < need && cost >= self.cheapest_to_need()) {
            return;
        }
        let (Some(slot), Some(at)) = (self.cost.get_mut(gain), self.at.get_mut(gain)) else {
            return;
        };
        if cost >= *slot {
            return;
        }
        let written = match self.offers.get_mut(*at).filter(|_| *slot < u64::MAX) {
            Some(written) => written,
            None => {
                *at = self.offers.len();
                self.offers.push(Choice {
                    gain,
                    cost,
                    first,
                    second: None,
                    rest: Vec::new(),
                });
                let Some(written) = self.offers.last_mut() else {
                    return;
                };
                written
            }
        };
        *slot = cost;
        written.cost = cost;
        written.first = first;
        written.second = more.first().copied();
        written.rest.clear();
        written.rest.extend(more.iter().skip(1));
    }

    /// The least cost of a way to the whole need offered so far (`u64::MAX` without one).
    fn cheapest_to_need(&self) -> u64 {
        self.cost.last().copied().unwrap_or(u64::MAX)
    }

    /// The choices nothing beats, cheapest first (a choice is dropped when a larger gain costs
    /// no more), taken out in gain order without a sort: the menu is empty again, ready for
    /// the next entry.
    fn take_choices(&mut self) -> Vec<Choice> {
        let mut choices = Vec::with_capacity(self.offers.len());
        let mut cheapest_above = u64::MAX;
        for (&cost, &at) in self.cost.iter().zip(&self.at).rev() {
            if cost < cheapest_above {
                cheapest_above = cost;
                choices.extend(self.offers.get(at).cloned());
            }
        }
        for offer in self.offers.drain(..) {
            if let Some(slot) = self.cost.get_mut(offer.gain) {
                *slot = u64::MAX;
            }
        }
        choices.reverse();
        choices
    }
}

/// A criterion multiplied by the factor being planned: its points now, and at one count of the
/// factor the points it is lifted by the factor alone, and its own steps above them.
struct Multiplied {
    at: usize,
    before: Ticks,
    lift: Ticks,
    levels: Vec<Level>,
}

/// Offers every combination of the multiplied criteria's steps, on top of the factor's change
/// `factor` and the `changes` so far, their `gain` and `cost`.
fn spread(
    rest: &[Multiplied],
    (gain, cost): (Ticks, u64),
    factor: Change,
    changes: &mut Vec<Change>,
    menu: &mut Menu,
) {
    let Some((first, rest)) = rest.split_first() else {
        menu.offer(gain, cost, factor, changes);
        return;
    };
    let gain = gain + first.lift;
    spread(rest, (gain, cost), factor, changes, menu);
    for level in &first.levels {
        changes.push((first.at, level.lever, level.k));
        let after = (gain + level.gain, cost.saturating_add(level.k));
        spread(rest, after, factor, changes, menu);
        changes.pop();
    }
}

/// A factor and the one criterion it multiplies, both counted and moved by fixing, planned
/// together exactly ([`Pair::exact_pair`]).
struct Pair<'p, 'a> {
    /// The factor.
    factor: &'p Item<'a>,
    /// The factor's position among the planned criteria.
    factor_at: usize,
    /// The criterion it multiplies.
    other: &'p Item<'a>,
    /// That criterion's position among the planned criteria.
    other_at: usize,
    /// The factor's own points now, in ticks.
    own_from: Ticks,
    /// The multiplied criterion's points now, in ticks.
    before: Ticks,
}

impl<'p, 'a> Pair<'p, 'a> {
    /// The factor `items[i]` (its own points now `own_from`) with the criteria it multiplies
    /// (`multiplied`), as a pair when it multiplies one and both count something, neither
    /// above its denominator (lenient scoring caps those).
    fn of(
        items: &'p [Item<'a>],
        i: usize,
        multiplied: &[usize],
        own_from: Ticks,
    ) -> Result<Option<Pair<'p, 'a>>> {
        let proper = |(num, den): (u64, u64)| den > 0 && num <= den;
        let (Some(factor), [j]) = (items.get(i), multiplied) else {
            return Ok(None);
        };
        let Some(other) = items
            .get(*j)
            .filter(|o| proper(o.count) && proper(factor.count))
        else {
            return Ok(None);
        };
        Ok(Some(Pair {
            factor,
            factor_at: i,
            other,
            other_at: *j,
            own_from,
            before: other.scorer.ticks(other.count, other.factor)?.unwrap_or(0),
        }))
    }

    /// Makes the pair's menu exact, both moved by fixing (adding never beats fixing while
    /// there is something to fix: `(n + k) / d` is no lower than `(n + k) / (d + k)`, for
    /// either rate), offering to `menu` the changes gaining up to `need` ticks within `most`
    /// cases.
    ///
    /// Why it is exact. The multiplied criterion's points depend on the product `x × y` of its
    /// numerator and the factor's (their denominators fixed); the factor's own on `y` alone.
    /// Take a cheapest change `(y, x)` for some gain. Moving one case from the factor to the
    /// other criterion when `y ≥ x + 2` turns the product into `x y + y − x − 1 > x y`, at the
    /// same cost; the other way when `x ≥ y + 2`. Such moves keep the gain unless they cross
    /// one of the factor's own steps or a limit, so some cheapest change has either
    /// `|x − y| ≤ 1`, or the factor at one of its own steps (tried with the steps of the
    /// other criterion up to `x ≤ y + 1`, [`Pair::fixes_at_own_step`]), or at 0 or its
    /// denominator, or the other criterion at its count now or its denominator with the factor
    /// at the least count that lifts it a step. This offers the balanced changes and those of
    /// the last kind to `menu`; the caller tries the factor's own steps, 0 and its denominator.
    fn exact_pair(&self, need: Ticks, most: u64, menu: &mut Menu) -> Result<()> {
        self.boundary_changes(need, most, menu)?;
        self.balanced_changes(need, most, menu)
    }

    /// The factor's own gain at count `y`, in ticks (none outside the scope).
    fn own(&self, y: u64) -> Result<Ticks> {
        let factor = self.factor;
        Ok(if factor.in_scope {
            (factor.scorer.ticks((y, factor.count.1), factor.factor)?).unwrap_or(0) - self.own_from
        } else {
            0
        })
    }

    /// With the factor fixed by `k` (0, or one of its own steps) below its denominator, the
    /// most cases of the other criterion worth fixing with it: up to one more than the
    /// factor's count (`None`: any, the factor full or added to).
    ///
    /// Why the rest are beaten. A fix `(y, x)` with `x ≥ y + 2` is worth no less as
    /// `(y + 1, x − 1)`: the same cases, a larger product, and the factor's own points do not
    /// fall as it rises. Of the cheapest changes to a gain take one whose counts are closest;
    /// then `x ≥ y + 2` only with `x` at its count now (the factor then at the least count
    /// reaching the gain: at its count now, one of its own steps with the other unchanged, or
    /// a boundary change) or the factor full; `y ≥ x + 2` only with the factor at one of its
    /// own steps (else `(y − 1, x + 1)` is as good and closer), at its count now, or the other
    /// full (a boundary change, or an own step); and a balanced one more than two above the
    /// first balanced count for its product is cheaper one case lower, unless the factor is at
    /// an own step. So with the factor now or at an own step `y`, only `x ≤ y + 1` needs
    /// trying.
    fn fixes_at_own_step(&self, lever: Lever, k: u64) -> Option<u64> {
        let ((y_now, y_den), (x_now, _)) = (self.factor.count, self.other.count);
        let y = y_now.checked_add(k)?;
        (lever == Lever::Fix && y < y_den).then(|| (y + 1).saturating_sub(x_now))
    }

    /// Offers the changes that move the factor to `y` and the other criterion to `x`, when
    /// they cost no more than `most` cases; returns what they cost.
    fn offer(&self, (y, x): (u64, u64), most: u64, menu: &mut Menu) -> Result<u64> {
        let ((y_now, y_den), (x_now, x_den)) = (self.factor.count, self.other.count);
        let (kf, ko) = (y - y_now, x - x_now);
        let cost = kf.saturating_add(ko);
        if cost <= most {
            let points = (self.other.scorer)
                .ticks((x, x_den), Some((y, y_den)))?
                .unwrap_or(0);
            let other = [(self.other_at, Lever::Fix, ko)];
            let more = if ko > 0 { &other[..] } else { &[] };
            menu.offer(
                self.own(y)? + points - self.before,
                cost,
                (self.factor_at, Lever::Fix, kf),
                more,
            );
        }
        Ok(cost)
    }

    /// Offers, with the other criterion at its count now and full, each least count of the
    /// factor that lifts it a step.
    fn boundary_changes(&self, need: Ticks, most: u64, menu: &mut Menu) -> Result<()> {
        let ((y_now, y_den), (x_now, x_den)) = (self.factor.count, self.other.count);
        let scorer = &self.other.scorer;
        for x in [x_now, x_den] {
            let mut y = y_now;
            let mut reached = scorer.ticks((x, x_den), Some((y, y_den)))?.unwrap_or(0);
            while reached - self.before < need {
                let Some(next) = scorer.least_factor((x, x_den), y_den, y, reached + 1)? else {
                    break;
                };
                if self.offer((next, x), most, menu)? > most {
                    break;
                }
                y = next;
                reached = (scorer.ticks((x, x_den), Some((y, y_den)))?).unwrap_or(reached + 1);
            }
        }
        Ok(())
    }

    /// Offers the balanced changes: for each step of the other criterion, the least x at each
    /// y falls as y grows, so the y where x ≤ y + 1 first holds is found ([`Reaching`]); the
    /// balanced ones are it and the next two.
    fn balanced_changes(&self, need: Ticks, most: u64, menu: &mut Menu) -> Result<()> {
        let (y_now, y_den) = self.factor.count;
        // A higher step needs more of x at every y: its first balanced y is no lower, so each
        // search goes on from the last.
        let mut from = y_now;
        for target in (self.before + 1)..=(self.before + need) {
            let reaching = Reaching::of(self, target);
            let Some(first) = reaching.first_balanced(from)? else {
                break;
            };
            from = first;
            let mut cheapest = u64::MAX;
            for y in first..=first.saturating_add(2).min(y_den) {
                if let Some(x) = reaching.at(y)? {
                    cheapest = cheapest.min(self.offer((y, x), most, menu)?);
                }
            }
            // Higher steps need larger products: their balanced changes cost no less.
            if cheapest > most {
                break;
            }
        }
        Ok(())
    }

    /// The least count of the other criterion that scores `target` ticks with the factor at
    /// `y`, by fixing (searched).
    fn least_x(&self, y: u64, target: Ticks) -> Result<Option<u64>> {
        let ((_, y_den), (x_now, x_den)) = (self.factor.count, self.other.count);
        Ok((self.other.scorer)
            .least((x_now, x_den), Some((y, y_den)), Lever::Fix, 0, target)?
            .map(|k| x_now + k))
    }
}

/// The other criterion of a [`Pair`] reaching one step, `target` ticks, at each count of the
/// factor: from the least product of the two numerators that reaches it where the criterion
/// has a closed form (the least `x` at `y` is then `⌈product / y⌉`), searched elsewhere.
struct Reaching<'s, 'p, 'a> {
    pair: &'s Pair<'p, 'a>,
    target: Ticks,
    /// The least product, when in closed form (`Some(None)`: no product reaches).
    product: Option<Option<u128>>,
}

impl<'s, 'p, 'a> Reaching<'s, 'p, 'a> {
    /// The other criterion of `pair` reaching `target` ticks.
    fn of(pair: &'s Pair<'p, 'a>, target: Ticks) -> Reaching<'s, 'p, 'a> {
        let ((_, y_den), (_, x_den)) = (pair.factor.count, pair.other.count);
        let product = pair.other.scorer.least_product(x_den, y_den, target);
        Reaching {
            pair,
            target,
            product,
        }
    }

    /// The least count of the other criterion that reaches the step with the factor at `y`,
    /// by fixing: none above its denominator.
    fn at(&self, y: u64) -> Result<Option<u64>> {
        let Some(product) = self.product else {
            return self.pair.least_x(y, self.target);
        };
        let (x_now, x_den) = self.pair.other.count;
        let least = match product {
            Some(0) => Some(0),
            Some(product) if y > 0 => u64::try_from(product.div_ceil(u128::from(y))).ok(),
            _ => None,
        };
        Ok(least.filter(|&x| x <= x_den).map(|x| x.max(x_now)))
    }

    /// The least count `y ≥ from` of the factor, up to its denominator, at which the step is
    /// reached with `x ≤ y + 1`; `None` when none is. From the product: the least `y` with
    /// `y (y + 1) ≥ product`, from the largest of `from`, `x`'s count now less one and
    /// `⌈product / x's denominator⌉` on (no square root: the search multiplies).
    fn first_balanced(&self, from: u64) -> Result<Option<u64>> {
        let ((_, y_den), (x_now, x_den)) = (self.pair.factor.count, self.pair.other.count);
        let Some(product) = self.product else {
            let balanced = |y: u64| -> Result<bool> {
                Ok(self
                    .pair
                    .least_x(y, self.target)?
                    .is_some_and(|x| x <= y + 1))
            };
            return least_k(from, y_den, &balanced);
        };
        let Some(product) = product else {
            return Ok(None);
        };
        let lower = [
            u128::from(from),
            u128::from(x_now.saturating_sub(1)),
            product.div_ceil(u128::from(x_den.max(1))),
        ]
        .into_iter()
        .max()
        .and_then(|y| u64::try_from(y).ok());
        let Some(lower) = lower else {
            return Ok(None);
        };
        let square = |y: u64| Ok(u128::from(y) * (u128::from(y) + 1) >= product);
        least_k(lower, y_den, &square)
    }
}

/// The cheapest combination of changes to unit `code`'s criteria that brings `scope` (`total`
/// or a group's code) to `target` points (see the module's documentation):
/// [`Planner::cheapest_combination`] for a single answer.
///
/// Errors: an unknown unit or group; the scope's points cannot be computed (a criterion is
/// missing).
pub fn cheapest_combination(
    card: &Scorecard,
    code: &str,
    scope: &str,
    target: Decimal,
) -> Result<Combination> {
    Planner::new(card).cheapest_combination(code, scope, target)
}

/// The entries of the knapsack for `items`: each criterion alone, or a factor with the criteria
/// it multiplies, every way to each gain up to `need_ticks` at its least cost, none above
/// `most` cases.
fn entries_of(items: &[Item<'_>], need_ticks: Ticks, most: u64) -> Result<Vec<Vec<Choice>>> {
    let need = usize::try_from(need_ticks).unwrap_or(usize::MAX);
    let planned = |at: usize| items.iter().position(|i| i.at == at);
    let factor_planned = |item: &Item<'_>| item.scorer.prepared.factor.and_then(planned).is_some();
    // The knapsack's entries: a criterion alone, or a factor with the criteria it multiplies.
    let mut entries: Vec<Vec<Choice>> = Vec::with_capacity(items.len());
    // One menu, emptied by each entry's choices; room for the steps of each criterion.
    let mut menu = Menu::new(need);
    // A criterion takes a step a tick at most: room for the need's steps, grown no further.
    let room = need.saturating_add(2).min(ROOM_FOR_STEPS);
    let (mut own_levels, mut steps) = (Vec::with_capacity(room), Vec::with_capacity(room));
    for (i, item) in items.iter().enumerate() {
        if factor_planned(item) {
            // Planned with its factor, below.
            continue;
        }
        // The criteria it multiplies that can still gain: one at its maximum stays there
        // whatever the factor does (a factor's changes only raise its rate).
        let mut multiplied: Vec<usize> = Vec::new();
        for (j, other) in items.iter().enumerate() {
            if other.scorer.prepared.factor == Some(item.at) && !other.at_maximum()? {
                multiplied.push(j);
            }
        }
        // A factor outside the scope is planned only for what it lifts.
        if multiplied.is_empty() && !item.in_scope {
            continue;
        }
        let own_from = item.scorer.ticks(item.count, item.factor)?.unwrap_or(0);
        // A factor outside the scope earns nothing itself: all its steps may be worth taking.
        let own_need = if item.in_scope {
            need_ticks
        } else {
            Ticks::MAX
        };
        levels(
            &item.scorer,
            (item.count, item.factor),
            (own_from, own_need, most),
            &mut own_levels,
            &mut steps,
        )?;
        if multiplied.is_empty() {
            entries.push(alone(i, &own_levels, &mut menu, need));
            continue;
        }
        factor_menu(
            items,
            i,
            &multiplied,
            (own_from, &own_levels),
            (need_ticks, most),
            &mut menu,
            &mut steps,
        )?;
        entries.push(menu.take_choices());
    }
    Ok(entries)
}

/// The choices of `items[i]`, a criterion alone, from its steps `levels`: each step as it is
/// when every next one costs more (the steps then beat each other nowhere), else through `menu`.
fn alone(i: usize, levels: &[Level], menu: &mut Menu, need: usize) -> Vec<Choice> {
    let rising = levels.windows(2).all(|w| matches!(w, [a, b] if a.k < b.k));
    if !rising {
        for level in levels {
            menu.offer(level.gain, level.k, (i, level.lever, level.k), &[]);
        }
        return menu.take_choices();
    }
    // Gains capped at the need: past it, a step is the dearer way to the same need.
    let mut choices = Vec::with_capacity(levels.len());
    for level in levels {
        let Ok(gain) = usize::try_from(level.gain) else {
            continue;
        };
        if gain == 0 {
            continue;
        }
        choices.push(Choice {
            gain: gain.min(need),
            cost: level.k,
            first: (i, level.lever, level.k),
            second: None,
            rest: Vec::new(),
        });
        if gain >= need {
            break;
        }
    }
    choices
}

/// The menu of the factor `items[i]` with the criteria it multiplies (`multiplied`): from its
/// points now (`own_from`, in ticks) and its own steps, every step of its own tried with every
/// step of theirs, and, for one multiplied criterion, the changes [`Pair::exact_pair`] proves
/// enough (of theirs, only the steps [`Pair::fixes_at_own_step`] leaves).
fn factor_menu(
    items: &[Item<'_>],
    i: usize,
    multiplied: &[usize],
    (own_from, own_levels): (Ticks, &[Level]),
    (need_ticks, most): (Ticks, u64),
    menu: &mut Menu,
    steps: &mut Vec<(Ticks, u64)>,
) -> Result<()> {
    let Some(item) = items.get(i) else {
        return Ok(());
    };
    // The factor's counts worth trying: now, each step of its own points, and, when it
    // multiplies one criterion and both count something, the counts `exact_pair`
    // proves enough.
    let mut changes: Vec<(Lever, u64)> = std::iter::once((Lever::Fix, 0))
        .chain(own_levels.iter().map(|l| (l.lever, l.k)))
        .collect();
    let pair = Pair::of(items, i, multiplied, own_from)?;
    if let Some(pair) = &pair {
        pair.exact_pair(need_ticks, most, menu)?;
        let full = item.count.1.saturating_sub(item.count.0);
        if full <= most && changes.iter().all(|&(_, k)| k != full) {
            changes.push((Lever::Fix, full));
        }
    }
    let mut at_factor = multiplied_now(items, multiplied)?;
    let mut spread_changes = Vec::new();
    for (lever, k) in changes {
        // A change costing no less than a way already found to the whole need is beaten by
        // it, whatever it gains: the factor's dearer steps are not tried.
        if k > 0 && k >= menu.cheapest_to_need() {
            continue;
        }
        let factor_count = after(item.count, lever, k);
        let own_gain = if item.in_scope {
            item.scorer.ticks(factor_count, item.factor)?.unwrap_or(0) - own_from
        } else {
            0
        };
        // Beyond the cheapest way to the need found so far, nothing is worth it.
        let mut others_most =
            (most.min(menu.cheapest_to_need().saturating_sub(1))).saturating_sub(k);
        if let Some(fixes) = (pair.as_ref()).and_then(|p| p.fixes_at_own_step(lever, k)) {
            others_most = others_most.min(fixes);
        }
        let bounds = (own_gain, need_ticks, others_most);
        lift_multiplied(items, factor_count, &mut at_factor, bounds, steps)?;
        spread(
            &at_factor,
            (own_gain, k),
            (i, lever, k),
            &mut spread_changes,
            menu,
        );
    }
    Ok(())
}

/// The criteria `items[j]` of `multiplied` with their points now; their lift and steps are
/// written anew at each count of the factor, in the same room.
fn multiplied_now(items: &[Item<'_>], multiplied: &[usize]) -> Result<Vec<Multiplied>> {
    let mut at_factor = Vec::with_capacity(multiplied.len());
    for &j in multiplied {
        let Some(other) = items.get(j) else { continue };
        let before = other.scorer.ticks(other.count, other.factor)?.unwrap_or(0);
        at_factor.push(Multiplied {
            at: j,
            before,
            lift: 0,
            levels: Vec::new(),
        });
    }
    Ok(at_factor)
}

/// Writes each multiplied criterion's lift and steps with the factor at `factor_count`: what
/// the factor lifts it by, then its own steps on from there, until the need left after the
/// factor's own gain and the lifts so far (`own_gain`, `need_ticks`), within `most` cases.
fn lift_multiplied(
    items: &[Item<'_>],
    factor_count: (u64, u64),
    at_factor: &mut [Multiplied],
    (own_gain, need_ticks, most): (Ticks, Ticks, u64),
    steps: &mut Vec<(Ticks, u64)>,
) -> Result<()> {
    let mut lifted = own_gain;
    for multiplied in at_factor {
        let Some(other) = items.get(multiplied.at) else {
            continue;
        };
        let base = (other.scorer.ticks(other.count, Some(factor_count)))?.unwrap_or(0);
        multiplied.lift = base - multiplied.before;
        lifted += multiplied.lift;
        levels(
            &other.scorer,
            (other.count, Some(factor_count)),
            (base, need_ticks - lifted, most),
            &mut multiplied.levels,
            steps,
        )?;
    }
    Ok(())
}

/// The cheapest combination of `items`' changes that gains `need_ticks`, costing no more than
/// `most` cases: its cases and its changes, or no cases when none does.
fn cheapest_within(
    items: &[Item<'_>],
    need_ticks: Ticks,
    most: u64,
) -> Result<(Option<u64>, Vec<Change>)> {
    let need = usize::try_from(need_ticks).unwrap_or(usize::MAX);
    let (entries, ratios) = ordered_entries(items, need_ticks, most)?;
    let (cases, log) = knapsack(&entries, &cheapest_from(&ratios), (need, most));
    let changes = match cases {
        Some(_) => taken_changes(&entries, &log, need),
        None => Vec::new(),
    };
    Ok((cases, changes))
}

/// The knapsack's entries for `items` ([`entries_of`]) that offer anything, those of the
/// cheapest cost per tick first (a tight bound is known early); and that cost per tick of
/// each, as a ratio `(cost, gain)`.
fn ordered_entries(
    items: &[Item<'_>],
    need_ticks: Ticks,
    most: u64,
) -> Result<(Vec<Vec<Choice>>, Vec<Ratio>)> {
    // An entry with nothing worth taking (a criterion at its maximum, or every step too dear)
    // changes no cost: the knapsack passes it by.
    let mut entries: Vec<(Ratio, Vec<Choice>)> = (entries_of(items, need_ticks, most)?)
        .into_iter()
        .filter_map(|choices| Some((cheapest_per_tick(&choices)?, choices)))
        .collect();
    entries.sort_by_cached_key(|((cost, gain), _)| {
        (u128::from(*cost) << 32) / u128::from((*gain).max(1))
    });
    Ok(entries
        .into_iter()
        .map(|(ratio, choices)| (choices, ratio))
        .unzip())
}

/// A cost per tick, as the ratio `(cost, gain)` of a choice.
type Ratio = (u64, u64);

/// The cheapest cost per tick among `choices`, as a ratio `(cost, gain)` (the first of equals);
/// `None` without a choice.
fn cheapest_per_tick(choices: &[Choice]) -> Option<Ratio> {
    (choices.iter())
        .map(|c| (c.cost, c.gain as u64))
        .min_by(|a, b| {
            (u128::from(a.0) * u128::from(b.1)).cmp(&(u128::from(b.0) * u128::from(a.1)))
        })
}

/// For each entry, the cheapest cost per tick of it and of every entry after it (`ratios` each
/// entry's own), as a ratio `(cost, gain)`; one more, past the last, of none (`(u64::MAX, 1)`).
fn cheapest_from(ratios: &[Ratio]) -> Vec<Ratio> {
    let mut cheapest: Vec<Ratio> = vec![(u64::MAX, 1); ratios.len() + 1];
    for (e, &(cost, gain)) in ratios.iter().enumerate().rev() {
        let mut best = cheapest.get(e + 1).copied().unwrap_or((u64::MAX, 1));
        if u128::from(cost) * u128::from(best.1) < u128::from(best.0) * u128::from(gain) {
            best = (cost, gain);
        }
        if let Some(slot) = cheapest.get_mut(e) {
            *slot = best;
        }
    }
    cheapest
}

/// Whether `r` more ticks from entries at and after the one with ratio `(c, g)` cost more
/// than `left` cases: ⌈c × r / g⌉ > left, as c × r > left × g (no division).
fn beyond(r: usize, (c, g): Ratio, left: u64) -> bool {
    u128::from(c) * r as u128 > u128::from(left) * u128::from(g.max(1))
}

/// A better way the knapsack wrote down: (entry, gain reached, its choice, gain it started
/// from).
type Logged = (usize, usize, usize, usize);

/// The knapsack over `entries`: the least cases that gain the whole `need` ticks, none above
/// `most` (`None` when no way does), and the log of each better way written down. `cheapest[e]`
/// is the cheapest cost per tick of entry `e` and every entry after it ([`cheapest_from`]).
///
/// cost[g]: the least cases that gain at least g ticks (g capped at the need) with the entries
/// so far, u64::MAX where no way is known. Pruning keeps it exact: the best known way to the
/// need (`most` at first) bounds every combination worth extending, and no gain of r ticks from
/// entries e.. costs less than r times `cheapest[e]`.
/// Choices come cheapest first, so the first one past the bound ends the row. A way pruned
/// stays pruned until a cheaper one takes its place (the bound only falls, and the cheapest
/// cost per tick of the entries left only rises): each row goes through the ways still worth
/// extending ([`Ways`]), not through every gain.
fn knapsack(
    entries: &[Vec<Choice>],
    cheapest: &[Ratio],
    (need, most): (usize, u64),
) -> (Option<u64>, Vec<Logged>) {
    let width = need + 1;
    let mut cost: Vec<u64> = vec![u64::MAX; width];
    if let Some(first) = cost.first_mut() {
        *first = 0;
    }
    let mut next = cost.clone();
    let (mut ways, mut after) = (Ways::new(width), Ways::new(width));
    ways.add(0);
    // Each entry betters a few ways: room for a few per tick of the need, rarely grown.
    let mut log: Vec<Logged> = Vec::with_capacity(width.saturating_mul(4).min(ROOM_FOR_LOG));
    for (e, choices) in entries.iter().enumerate() {
        next.copy_from_slice(&cost);
        after.words.copy_from_slice(&ways.words);
        let ratio = cheapest.get(e).copied().unwrap_or((0, 1));
        for from in ways.iter() {
            let spent = cost.get(from).copied().unwrap_or(u64::MAX);
            let bound = next.get(need).copied().unwrap_or(u64::MAX).min(most);
            if spent > bound || beyond(need - from, ratio, bound - spent) {
                // Unless this row found a cheaper way to the same gain (only the ways to lower
                // gains, gone through already, reach it).
                if next.get(from) == Some(&spent) {
                    after.remove(from);
                }
                continue;
            }
            for (c, choice) in choices.iter().enumerate() {
                let to = (from + choice.gain).min(need);
                let total = spent.saturating_add(choice.cost);
                if total > bound {
                    break;
                }
                if let Some(slot) = next.get_mut(to).filter(|slot| total < **slot) {
                    *slot = total;
                    after.add(to);
                    log.push((e, to, c, from));
                }
            }
        }
        std::mem::swap(&mut cost, &mut next);
        std::mem::swap(&mut ways, &mut after);
    }
    (cost.get(need).copied().filter(|&c| c < u64::MAX), log)
}

/// The gains of the knapsack's ways still worth extending, a bit each, gone through in rising
/// order.
struct Ways {
    words: Vec<u64>,
}

impl Ways {
    /// No way, for gains below `width`.
    fn new(width: usize) -> Ways {
        Ways {
            words: vec![0; width.div_ceil(64)],
        }
    }

    /// Adds the way to gain `gain`.
    fn add(&mut self, gain: usize) {
        if let Some(word) = self.words.get_mut(gain / 64) {
            *word |= 1 << (gain % 64);
        }
    }

    /// Removes the way to gain `gain`.
    fn remove(&mut self, gain: usize) {
        if let Some(word) = self.words.get_mut(gain / 64) {
            *word &= !(1 << (gain % 64));
        }
    }

    /// The gains, rising.
    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        (self.words.iter().enumerate()).flat_map(|(w, &word)| {
            let mut bits = word;
            std::iter::from_fn(move || {
                let bit = bits.trailing_zeros() as usize;
                (bits != 0).then(|| {
                    bits &= bits - 1;
                    w * 64 + bit
                })
            })
        })
    }
}

/// The changes of the cheapest combination: the knapsack's `log` walked back from the `need`,
/// where the last log of each entry at the gain sought is the choice the combination took.
fn taken_changes(entries: &[Vec<Choice>], log: &[Logged], need: usize) -> Vec<Change> {
    let mut changes: Vec<Change> = Vec::new();
    let (mut gain, mut taken_by) = (need, None);
    for &(e, to, c, from) in log.iter().rev() {
        if to != gain || taken_by == Some(e) {
            continue;
        }
        if let Some(choice) = entries.get(e).and_then(|choices| choices.get(c)) {
            changes.extend(choice.changes().filter(|(_, _, k)| *k > 0));
        }
        (gain, taken_by) = (from, Some(e));
        // Back at no gain: the walk is over (no way to no gain is written down).
        if gain == 0 {
            break;
        }
    }
    changes
}

/// The most steps room is made for at once (a plan's steps are about its need in ticks, the
/// portal's +1 point a hundred): a wider need grows its room as it goes.
const ROOM_FOR_STEPS: usize = 1_024;

/// The most logged ways room is made for at once, as [`ROOM_FOR_STEPS`] (64 KiB, below the
/// size the allocator maps afresh from the system each time).
const ROOM_FOR_LOG: usize = 2_048;

/// The widest need in ticks a plan weighs: the knapsack holds a few words per tick, so a
/// methodology whose maxima are millions of points is refused rather than planned out of memory
/// (the portal's total is 10,000 ticks).
const WIDEST_NEED: Ticks = 1_000_000;

/// What a combination is asked to raise: the total or a group of one unit.
struct Scope {
    /// The points now.
    points: Decimal,
    /// Its maximum.
    max: Decimal,
    /// The group's position in the methodology; `None` for the total.
    group: Option<usize>,
    /// A group given as points, without its criteria's counts.
    given: bool,
}

impl Planner<'_> {
    /// The cheapest combination of changes to unit `code`'s criteria that brings `scope`
    /// (`total` or a group's code) to `target` points (see the module's documentation).
    /// Criteria whose count is the unit's ancestor's (publication criteria on a sub-unit) are
    /// left as they are. A target above the scope's maximum cannot be reached, and is answered
    /// so before anything is weighed.
    ///
    /// Errors: an unknown unit or group; the scope's points cannot be computed (a criterion is
    /// missing); a methodology whose maxima are too fine to plan (more than a million of its
    /// smallest steps between the points now and the target).
    pub fn cheapest_combination(
        &self,
        code: &str,
        scope: &str,
        target: Decimal,
    ) -> Result<Combination> {
        let unit = unit_of(self.card, code)?;
        let of = self.scope(unit, scope)?;
        let places = self.card.methodology().rounding().places;
        let mut combination = Combination {
            points_given: of.given,
            unit: code.to_owned(),
            scope: scope.to_owned(),
            target,
            points: of.points,
            max: of.max,
            points_after: None,
            cases: None,
            shares: Vec::new(),
        };
        if target > of.max {
            return Ok(combination);
        }
        let need = ticks_reaching(target, places).saturating_sub(ticks_reaching(of.points, places));
        let need_ticks = need.max(0);
        if need_ticks > WIDEST_NEED {
            return Err(ErrorKind::InvalidField {
                unit: code.to_owned(),
                field: scope.to_owned(),
                problem: Problem::TooFineToPlan {
                    steps: need_ticks.unsigned_abs(),
                    most: WIDEST_NEED.unsigned_abs(),
                },
            }
            .into());
        }
        let items = self.items(unit, of.group);
        let most = least_alone(&items, need_ticks)?;
        let (cases, changes) = cheapest_within(&items, need_ticks, most)?;
        if cases.is_some() {
            combination.cases = cases;
            let after = self.after_changes(unit, &items, &changes, of.group)?;
            combination.points_after = Some(of.points + after.gain);
            combination.shares = after.shares;
        }
        Ok(combination)
    }

    /// The points, maximum and group of `scope` (`total` or a group's code) for `unit`.
    fn scope(&self, unit: &UnitScore, scope: &str) -> Result<Scope> {
        let methodology = self.card.methodology();
        let code = &unit.unit.code;
        let field_error = |problem| {
            Error::from(ErrorKind::InvalidField {
                unit: code.clone(),
                field: scope.to_owned(),
                problem,
            })
        };
        let missing = || {
            field_error(Problem::MissingCriteria {
                criteria: unit.missing.clone(),
            })
        };
        if scope == "total" {
            return Ok(Scope {
                points: unit.total.ok_or_else(missing)?,
                max: methodology.total_max(),
                group: None,
                given: false,
            });
        }
        let invalid = || {
            field_error(Problem::NotGroupOrTotal {
                methodology: methodology.name().to_owned(),
            })
        };
        let score = unit.group(scope).ok_or_else(invalid)?;
        let at = (methodology.groups().iter().position(|g| g.code == scope)).ok_or_else(invalid)?;
        Ok(Scope {
            points: score.points.ok_or_else(missing)?,
            max: score.max,
            group: Some(at),
            given: score.given,
        })
    }

    /// The criteria of `unit` a combination for `group` (`None`: the total) can change: counted
    /// here (not inherited, not a bare rate), within the scope or multiplying one that is.
    fn items<'s>(&'s self, unit: &'s UnitScore, group: Option<usize>) -> Vec<Item<'s>> {
        let in_scope = |p: &Prepared<'_>| group.map_or(true, |g| p.group == g);
        let score_at = |at: usize| self.score_at(unit, at);
        let mut items = Vec::with_capacity(self.prepared.len());
        items.extend(
            (self.prepared.iter().enumerate()).filter_map(|(at, prepared)| {
                let (count, source) = count_of(score_at(at)?)?;
                let multiplies_in_scope =
                    (self.prepared.iter()).any(|other| other.factor == Some(at) && in_scope(other));
                // Neither another unit's count nor a bare rate is a number of cases to change.
                let owned = !matches!(source, Some(Source::Inherited(_) | Source::Ratio));
                (owned && (in_scope(prepared) || multiplies_in_scope)).then_some(())?;
                Some(Item {
                    at,
                    code: prepared.criterion.code.as_str(),
                    scorer: self.scorer(at, unit)?,
                    count,
                    factor: prepared.factor.and_then(score_at).and_then(factor_count),
                    in_scope: in_scope(prepared),
                })
            }),
        );
        items
    }

    /// Each changed criterion's share, and what the scope gains, after `changes` to `items`.
    fn after_changes(
        &self,
        unit: &UnitScore,
        items: &[Item<'_>],
        changes: &[Change],
        group: Option<usize>,
    ) -> Result<After> {
        let places = self.card.methodology().rounding().places;
        let planned = |at: usize| items.iter().position(|i| i.at == at);
        // Every criterion's count after the combination, and its factor's.
        let final_count = |at: usize| {
            let count = items.get(at).map_or((0, 0), |i| i.count);
            (changes.iter().find(|(x, _, _)| *x == at))
                .map_or(count, |&(_, l, k)| after(count, l, k))
        };
        let final_points = |at: usize| -> Result<Option<Decimal>> {
            let Some(item) = items.get(at) else {
                return Ok(None);
            };
            let factor = match item.scorer.prepared.factor.and_then(planned) {
                Some(factor) => Some(final_count(factor)),
                None => item.factor,
            };
            Ok((item.scorer.ticks(final_count(at), factor)?).map(|t| points_of(t, places)))
        };
        let mut shares = Vec::new();
        for &(j, lever, k) in changes {
            let Some(item) = items.get(j) else { continue };
            shares.push(Share {
                code: item.code.to_owned(),
                lever,
                k,
                points_before: unit.criterion(item.code).and_then(|s| s.points),
                points_after: final_points(j)?,
            });
        }
        shares.sort_by(|a, b| b.k.cmp(&a.k).then_with(|| a.code.cmp(&b.code)));
        // The scope gains each changed criterion's rounded points as changed, less its points
        // now (a group given as points, with no criteria to change, stays as given).
        let mut gain = Decimal::ZERO;
        for (at, prepared) in self.prepared.iter().enumerate() {
            let in_scope = group.map_or(true, |g| prepared.group == g);
            let (true, Some(score), Some(planned)) =
                (in_scope, self.score_at(unit, at), planned(at))
            else {
                continue;
            };
            let after = final_points(planned)?;
            gain += after.unwrap_or(Decimal::ZERO) - score.points.unwrap_or(Decimal::ZERO);
        }
        Ok(After { shares, gain })
    }
}

/// A combination's effect: each changed criterion's share, and the points its scope gains.
struct After {
    shares: Vec<Share>,
    gain: Decimal,
}

/// The fewest cases of a single change of `items` in scope that gains `need_ticks` alone (its
/// factor held): no combination is worth more, so no step beyond it is tried. `u64::MAX` when
/// none does; 0 when nothing is needed.
fn least_alone(items: &[Item<'_>], need_ticks: Ticks) -> Result<u64> {
    if need_ticks == 0 {
        return Ok(0);
    }
    let mut most = u64::MAX;
    for item in items.iter().filter(|i| i.in_scope) {
        let Some(now) = item.scorer.ticks(item.count, item.factor)? else {
            continue;
        };
        // Fixing costs no more than adding for the same gain: adding counts only where fixing
        // cannot reach.
        let least =
            |lever| (item.scorer).least(item.count, item.factor, lever, 0, now + need_ticks);
        if let Some(k) = least(Lever::Fix)?.map_or_else(|| least(Lever::Add), |k| Ok(Some(k)))? {
            most = most.min(k);
        }
    }
    Ok(most)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{levels, searched_levels, Item, Pair, Reaching};
    use crate::methodology::Methodology;
    use crate::plan::search::{Prepared, Scorer};

    /// Every edition the crate carries, and the default rounded the two other ways.
    fn editions() -> Vec<Methodology> {
        let mut all = vec![Methodology::builtin("dvcqg-2026").unwrap()];
        all.extend(Methodology::variants().unwrap());
        let json = all[0].to_json().unwrap();
        for strategy in ["toward_zero", "half_even"] {
            let other = json
                .replace("half_away_from_zero", strategy)
                .replace("\"dvcqg-2026\"", &format!("\"dvcqg-2026-{strategy}\""));
            all.push(Methodology::from_json(&other).unwrap());
        }
        all
    }

    fn count() -> impl Strategy<Value = (u64, u64)> {
        prop_oneof![
            (0u64..=12).prop_flat_map(|den| (0..=den, Just(den))),
            (0u64..=300_000).prop_flat_map(|den| (0..=den, Just(den))),
            // Counts whose steps outgrow 64 bits: the closed form climbs in 128.
            (0u64..=(1 << 40)).prop_flat_map(|den| (0..=den, Just(den))),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        // The closed form's steps are the search's, for every criterion of every edition and
        // rounding, with a factor or without, for any need and bound of cost.
        #[test]
        fn closed_form_steps_are_the_searched_ones(
            count in count(),
            factor in proptest::option::of(count()),
            need in 1i64..=2_500,
            most in prop_oneof![Just(u64::MAX), 0u64..=5_000],
        ) {
            for methodology in editions() {
                let (prepared, _) = Prepared::all(&methodology);
                for prepared in &prepared {
                    let scorer = Scorer { prepared, methodology: &methodology, unit: "X" };
                    let factor = prepared.criterion.rate_times.as_ref().and(factor);
                    let from = scorer.ticks(count, factor).unwrap().unwrap_or(0);
                    let (mut fast, mut searched) = (Vec::new(), Vec::new());
                    let bounds = (from, need, most);
                    levels(&scorer, (count, factor), bounds, &mut fast, &mut Vec::new()).unwrap();
                    searched_levels(&scorer, (count, factor), bounds, &mut searched, true)
                        .unwrap();
                    prop_assert_eq!(fast, searched, "{}", prepared.criterion.code);
                }
            }
        }

        // The coupled pair's balanced changes from the least product are the searched ones:
        // the least count of the multiplied criterion at each count of the factor, and the
        // first count of the factor where it is no more than one above.
        #[test]
        fn balanced_counts_from_the_product_are_the_searched_ones(
            (other, factor) in (count(), count()),
            step in 1i64..=2_500,
            from in 0u64..=300_000,
            ys in proptest::collection::vec(0u64..=(1 << 40), 4),
        ) {
            let proper = |(num, den): (u64, u64)| den > 0 && num <= den;
            prop_assume!(proper(other) && proper(factor));
            for methodology in editions() {
                let (prepared, _) = Prepared::all(&methodology);
                let coupled = prepared.iter().enumerate().filter_map(|(at, p)| Some((at, p.factor?)));
                for (at, factor_at) in coupled {
                    let item = |at: usize, count, factor| Item {
                        at,
                        code: "",
                        scorer: Scorer { prepared: &prepared[at], methodology: &methodology, unit: "X" },
                        count,
                        factor,
                        in_scope: true,
                    };
                    let (f, o) = (item(factor_at, factor, None), item(at, other, Some(factor)));
                    let before = o.scorer.ticks(other, Some(factor)).unwrap().unwrap_or(0);
                    let pair = Pair { factor: &f, factor_at: 0, other: &o, other_at: 1, own_from: 0, before };
                    let closed = Reaching::of(&pair, before + step);
                    prop_assume!(closed.product.is_some());
                    let searched = Reaching { product: None, ..Reaching::of(&pair, before + step) };
                    prop_assert_eq!(closed.first_balanced(from).unwrap(), searched.first_balanced(from).unwrap());
                    for &y in ys.iter().chain(&[0, factor.0, factor.1]) {
                        let y = y.min(factor.1);
                        prop_assert_eq!(closed.at(y).unwrap(), searched.at(y).unwrap(), "y {}", y);
                    }
                }
            }
        }
    }
}

//! The search for the least change: candidate counts scored by each criterion compiled to
//! integer arithmetic (the interpreter behind it), the least `k` solved in closed form where the
//! criterion's form allows and found by a checked search elsewhere.

use std::borrow::Cow;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::{Lever, MOST_ADDED};
use crate::error::Result;
use crate::methodology::{
    Criterion, IntegerCriterion, Methodology, PercentTable, Rule, Ticks as CompiledTicks,
};

/// Points as a whole number of ticks, the methodology's smallest step (a hundredth on the
/// portal): plans compare and add points as integers.
pub(super) type Ticks = i64;

/// `value` in ticks, rounded up: the least whole number of ticks that reaches it; `Ticks::MIN`
/// or `Ticks::MAX` beyond them (a target no count reaches, or any count does).
pub(super) fn ticks_reaching(value: Decimal, places: u32) -> Ticks {
    let beyond = if value.is_sign_negative() {
        Ticks::MIN
    } else {
        Ticks::MAX
    };
    let scale = 10i64.checked_pow(places).map(Decimal::from);
    (scale.and_then(|scale| value.checked_mul(scale)))
        .and_then(|scaled| scaled.ceil().to_i64())
        .unwrap_or(beyond)
}

/// `ticks` as points with the methodology's places.
pub(super) fn points_of(ticks: Ticks, places: u32) -> Decimal {
    Decimal::new(ticks, places)
}

/// A criterion of the methodology ready for planning, compiled once for every unit.
pub(super) struct Prepared<'a> {
    /// The criterion, or a copy with the maximum a [`Transfer`](crate::methodology::Transfer)
    /// gives it for some units.
    pub(super) criterion: Cow<'a, Criterion>,
    /// Its group's position in the methodology.
    pub(super) group: usize,
    /// The position of the criterion whose rate multiplies this one's.
    pub(super) factor: Option<usize>,
    integer: IntegerCriterion,
    /// The payment criteria's points by percentage, for their steps in closed form.
    percents: Option<PercentTable>,
    /// For [`Scorer::guess`]: the ticks a rate of 1 would earn below a goalpost (max ×
    /// 10^places, over the goalpost's threshold), or `None` when they do not fit a double.
    ticks_per_rate: Option<f64>,
}

impl<'a> Prepared<'a> {
    /// Every criterion of `methodology`, in its order; then, as (position, prepared), the
    /// criteria with the other maxima that transfers give them.
    pub(super) fn all(
        methodology: &'a Methodology,
    ) -> (Vec<Prepared<'a>>, Vec<(usize, Prepared<'a>)>) {
        let position = |code: &str| methodology.criteria().position(|(_, c)| c.code == code);
        let prepare = |group: usize, criterion: Cow<'a, Criterion>| {
            // A goalpost's full points come at its threshold rather than at a rate of 1.
            let full_at = match criterion.rule {
                Rule::Linear => Decimal::ONE,
                Rule::Goalpost { threshold } => threshold,
            };
            let places = i32::try_from(methodology.rounding().places).ok();
            let ticks_per_rate = (places.zip(criterion.max.to_f64()))
                .zip(full_at.to_f64())
                .map(|((places, max), share)| max * 10f64.powi(places) / share);
            let integer = IntegerCriterion::new(&criterion, methodology.rounding());
            Prepared {
                group,
                factor: criterion.rate_times.as_deref().and_then(position),
                integer,
                percents: integer.percent_table(),
                ticks_per_rate,
                criterion,
            }
        };
        let groups = (methodology.groups().iter().enumerate())
            .flat_map(|(group, g)| g.criteria.iter().map(move |c| (group, c)));
        let all: Vec<Prepared<'a>> = groups
            .clone()
            .map(|(group, criterion)| prepare(group, Cow::Borrowed(criterion)))
            .collect();
        // Every criterion's maximum with every transfer applied: those that differ.
        let moved = methodology.maxima(|_| Some(true));
        let others = (groups.zip(moved).enumerate())
            .filter(|(_, ((_, criterion), max))| criterion.max != *max)
            .map(|(at, ((group, criterion), max))| {
                let criterion = Criterion {
                    max,
                    ..criterion.clone()
                };
                (at, prepare(group, Cow::Owned(criterion)))
            })
            .collect();
        (all, others)
    }
}

/// A prepared criterion of one unit, scoring candidate counts as the portal would: by the
/// compiled form, with the interpreter behind it for what the compiled form leaves to it.
pub(super) struct Scorer<'a> {
    pub(super) prepared: &'a Prepared<'a>,
    pub(super) methodology: &'a Methodology,
    pub(super) unit: &'a str,
}

impl Scorer<'_> {
    /// The points of `(num, den)`, with the coupled criterion's count as factor, in ticks;
    /// `None` when not scored. A numerator above its denominator is capped, as lenient scoring
    /// does.
    pub(super) fn ticks(
        &self,
        (num, den): (u64, u64),
        factor: Option<(u64, u64)>,
    ) -> Result<Option<Ticks>> {
        match self.prepared.integer.ticks(num, den, factor) {
            CompiledTicks::Points(ticks) => Ok(Some(ticks)),
            CompiledTicks::NotScored => Ok(None),
            CompiledTicks::Interpret => {
                let rounding = self.methodology.rounding();
                let points = (self.prepared.criterion).points_times(
                    num,
                    den,
                    factor,
                    rounding,
                    num > den,
                    self.unit,
                )?;
                // Rounded points are a whole number of ticks.
                Ok(points.map(|p| ticks_reaching(p, rounding.places)))
            }
        }
    }

    /// Fixing's steps above `from` ticks in closed form, as (ticks, k) with `k ≤ most`, pushed
    /// to `steps` (emptied first), and whether fixing ran out of cases before the need
    /// ([`IntegerCriterion::fix_steps`]); `None` where the criterion has no closed form, or the count
    /// is above its denominator.
    ///
    /// [`IntegerCriterion::fix_steps`]: crate::methodology::integer::IntegerCriterion::fix_steps
    pub(super) fn fix_steps(
        &self,
        (num, den): (u64, u64),
        factor: Option<(u64, u64)>,
        (from, need, most): (Ticks, Ticks, u64),
        steps: &mut Vec<(Ticks, u64)>,
    ) -> Option<bool> {
        if num > den {
            return None;
        }
        let bounds = (from, need, num.saturating_add(most));
        let integer = &self.prepared.integer;
        let exhausted = match integer.fix_steps(den, factor, bounds, steps) {
            Some(exhausted) => exhausted,
            None => {
                (self.prepared.percents.as_ref())?.fix_steps((num, den), factor, bounds, steps)?
            }
        };
        // Numerators to cases, in place.
        for (_, numerator) in steps.iter_mut() {
            *numerator = numerator.checked_sub(num)?;
        }
        Some(exhausted)
    }

    /// The least `k` from `from` on (no smaller one reaches) whose count by `lever` scores at
    /// least `target` ticks; `None` when the lever cannot reach it.
    pub(super) fn least(
        &self,
        (num, den): (u64, u64),
        factor: Option<(u64, u64)>,
        lever: Lever,
        from: u64,
        target: Ticks,
    ) -> Result<Option<u64>> {
        // New cases of a criterion whose cases come to the unit (petitions) are no lever.
        if lever == Lever::Add && self.prepared.criterion.only_fix {
            return Ok(None);
        }
        let limit = match lever {
            Lever::Fix => den.saturating_sub(num),
            Lever::Add => MOST_ADDED,
        };
        let reaches = |k: u64| -> Result<bool> {
            let count = match lever {
                Lever::Fix => num.checked_add(k).map(|n| (n, den)),
                // Past u64: no such count, no points.
                Lever::Add => num.checked_add(k).zip(den.checked_add(k)),
            };
            Ok(match count {
                Some(count) => self.ticks(count, factor)?.is_some_and(|p| p >= target),
                None => false,
            })
        };
        if lever == Lever::Fix {
            if let Some(numerator) = self.prepared.integer.least_numerator(den, factor, target) {
                return Ok(numerator.map(|n| n.saturating_sub(num).max(from)));
            }
        }
        // Added cases keep the rate below 100%, where fixing every case puts it: when that
        // falls short, no number of added cases reaches (one probe, not a gallop to the limit).
        if lever == Lever::Add && num <= den && den > 0 {
            let full = self.ticks((den, den), factor)?;
            if full.is_some_and(|p| p < target) {
                return Ok(None);
            }
        }
        match self.guess((num, den), factor, lever, target) {
            Some(guess) => least_k_near(from, limit, guess, &reaches),
            None => least_k(from, limit, &reaches),
        }
    }

    /// The least product of this criterion's numerator over `den` and its factor's over
    /// `factor_den` that scores `target` ticks, in closed form
    /// ([`IntegerCriterion::least_product`]); `None` where the criterion has none (search
    /// instead), `Some(None)` when no product does.
    ///
    /// [`IntegerCriterion::least_product`]: crate::methodology::integer::IntegerCriterion::least_product
    pub(super) fn least_product(
        &self,
        den: u64,
        factor_den: u64,
        target: Ticks,
    ) -> Option<Option<u128>> {
        self.prepared.integer.least_product(den, factor_den, target)
    }

    /// The least numerator `y` of this criterion's factor, from `from` up to the factor's
    /// denominator `factor_den`, at which `count` scores at least `target` ticks (the factor
    /// fixed, not added to); `None` when even a full factor falls short. The points depend on
    /// `num × y / (den × factor_den)` alone, so the closed form for a numerator serves with the
    /// roles swapped.
    pub(super) fn least_factor(
        &self,
        (num, den): (u64, u64),
        factor_den: u64,
        from: u64,
        target: Ticks,
    ) -> Result<Option<u64>> {
        if num <= den && den > 0 {
            let swapped =
                (self.prepared.integer).least_numerator(factor_den, Some((num, den)), target);
            if let Some(least) = swapped {
                return Ok(least.map(|y| y.max(from)));
            }
        }
        let reaches = |y: u64| -> Result<bool> {
            Ok(self
                .ticks((num, den), Some((y, factor_den)))?
                .is_some_and(|p| p >= target))
        };
        least_k(from, factor_den, &reaches)
    }

    /// Where the least `k` should be by real arithmetic (points = max × rate, or max × rate / t
    /// below a goalpost, reaching the target less half a tick): only a first probe, which
    /// [`least_k_near`] checks, so a rounding strategy or float arithmetic it ignores costs time,
    /// never exactness.
    fn guess(
        &self,
        (num, den): (u64, u64),
        factor: Option<(u64, u64)>,
        lever: Lever,
        target: Ticks,
    ) -> Option<u64> {
        let times = match factor {
            None => 1.0,
            Some((f_num, f_den)) => f_num.min(f_den) as f64 / f_den as f64,
        };
        // The criterion's own rate that the target needs.
        let rate = (target as f64 - 0.5) / self.prepared.ticks_per_rate? / times;
        if !rate.is_finite() || rate > 1.0 {
            return None;
        }
        let (num, den) = (num as f64, den as f64);
        let k = match lever {
            Lever::Fix => rate * den - num,
            Lever::Add if rate < 1.0 => (rate * den - num) / (1.0 - rate),
            Lever::Add => return None,
        };
        // Saturating: a guess past u64 is simply not used.
        Some(k.max(0.0).ceil() as u64)
    }
}

/// The least `k` in `from..=limit` that `reaches`, where no `k` below `from` does; `None` when
/// even `limit` falls short. Points never fall as `k` grows, so the search gallops up from
/// `from` and then halves the last step.
pub(super) fn least_k(
    from: u64,
    limit: u64,
    reaches: &dyn Fn(u64) -> Result<bool>,
) -> Result<Option<u64>> {
    if from > limit {
        return Ok(None);
    }
    if reaches(from)? {
        return Ok(Some(from));
    }
    let (mut low, mut step) = (from, 1u64);
    let mut high = loop {
        let probe = low.saturating_add(step).min(limit);
        if reaches(probe)? {
            break probe;
        }
        if probe == limit {
            return Ok(None);
        }
        low = probe;
        step = step.saturating_mul(2);
    };
    // reaches(high) and not reaches(low): narrow until they are neighbours.
    while high - low > 1 {
        let mid = low + (high - low) / 2;
        if reaches(mid)? {
            high = mid;
        } else {
            low = mid;
        }
    }
    Ok(Some(high))
}

/// [`least_k`], starting at a guess: when `guess − 1` does not reach, nothing below it does and
/// the search goes up from `guess`; otherwise it steps down until a `k` that does not reach.
/// A good guess costs two probes; a bad one only time.
fn least_k_near(
    from: u64,
    limit: u64,
    guess: u64,
    reaches: &dyn Fn(u64) -> Result<bool>,
) -> Result<Option<u64>> {
    if guess <= from || guess > limit {
        return least_k(from, limit, reaches);
    }
    if !reaches(guess - 1)? {
        return least_k(guess, limit, reaches);
    }
    let (mut high, mut step) = (guess - 1, 1u64);
    loop {
        let probe = high.saturating_sub(step).max(from);
        if !reaches(probe)? {
            return least_k(probe + 1, high, reaches);
        }
        if probe == from {
            return Ok(Some(from));
        }
        high = probe;
        step = step.saturating_mul(2);
    }
}

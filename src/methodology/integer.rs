//! Criteria compiled to integer arithmetic: the interpreter's rounded points as a whole number of
//! *ticks* (hundredths of a point on the portal), computed on 64-bit integers where counts and
//! constants allow and on `u128` otherwise, without a `Decimal`: for the loops that score a
//! criterion thousands of times (plans search for the least change by scoring candidate counts;
//! [`crate::compiled`] scores a nation).
//!
//! The interpreter stays the reference. A compiled criterion answers only what it computes the
//! same way — `max × n / d` (or the goalpost's `max × n / (d × t)`) as one exact integer quotient
//! rounded with the methodology's strategy, and the payment criteria's double arithmetic step for
//! step — and says [`Ticks::Interpret`] for everything else (a numerator above its denominator, a
//! zero-denominator error, a product past 128 bits), so a caller falls back to the interpreter.
//! Property tests check that both agree on random counts for every criterion of every edition.

use rust_decimal::Decimal;

use super::interpret::to_f64;
use super::{
    effective_factor, Arithmetic, Criterion, Rounding, RoundingStrategy, Rule, ZeroDenominator,
};

/// A compiled criterion's answer for one count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ticks {
    /// The rounded points, in ticks (`points × 10^places`).
    Points(i64),
    /// Not scored (a zero denominator under the `not_applicable` policy).
    NotScored,
    /// Ask the interpreter: it gives the answer, or the error.
    Interpret,
}

/// How the points are computed, with every constant folded in at compile time.
#[derive(Debug, Clone, Copy)]
enum Form {
    /// `round(n × times / (d × per))`; with a goalpost, full points when
    /// `n × goal_den ≥ d × goal_num` (the rate reaches `goal_num / goal_den`).
    Exact {
        times: u128,
        per: u128,
        goal: Option<(u128, u128)>,
    },
    /// The portal's payment arithmetic ([`Arithmetic::PortalFloatPercentFirst`]): the percentage
    /// rounded to ticks, then `max × pct / divisor` in doubles (capped at `max` for a goalpost).
    PortalFloat {
        max: f64,
        divisor: f64,
        goalpost: bool,
    },
    /// Not compiled (a maximum or threshold too precise for the integer forms).
    Interpret,
}

/// The common case in 64 bits: an exact form whose constants are small, half away from zero.
/// `max × n / d` rounded is then one 64-bit division, with none of the general path's 128-bit
/// arithmetic.
#[derive(Debug, Clone, Copy)]
struct Small {
    times: u64,
    per: u64,
    goal: Option<(u64, u64)>,
}

impl Small {
    /// The constants, when each is below 2²¹.
    fn new(form: Form, strategy: RoundingStrategy) -> Option<Small> {
        let small = |v: u128| u64::try_from(v).ok().filter(|&v| v < 1 << 21);
        match (form, strategy) {
            (Form::Exact { times, per, goal }, RoundingStrategy::HalfAwayFromZero) => Some(Small {
                times: small(times)?,
                per: small(per)?,
                goal: match goal {
                    Some((num, den)) => Some((small(num)?, small(den)?)),
                    None => None,
                },
            }),
            _ => None,
        }
    }

    /// The ticks of `n / d` (`0 < d`, `n <= d`: the count times its factor), when both are
    /// below 2⁴⁰ (so that every product below stays under 2⁶²); `None` sends the count down
    /// the general path.
    #[inline]
    fn ticks(&self, n: u64, d: u64, max: i64) -> Option<i64> {
        if d >= 1 << 40 {
            return None;
        }
        if let Some((goal_num, goal_den)) = self.goal {
            if n * goal_den >= d * goal_num {
                return Some(max);
            }
        }
        let (n, d) = (n * self.times, d * self.per);
        // round(n / d), half up, is ⌊(2n + d) / 2d⌋.
        i64::try_from((2 * n + d) / (2 * d)).ok()
    }
}

/// An unsigned word the ladder of steps climbs in: 64 bits when its numbers fit them (nearly
/// always, and many times cheaper), 128 when they do not.
trait Word: Copy + Ord + std::ops::Sub<Output = Self> + From<bool> + From<u64> {
    /// `self + other`, `None` on overflow.
    fn plus(self, other: Self) -> Option<Self>;
    /// `value` in this width, `None` when it does not fit.
    fn of(value: u128) -> Option<Self>;
    /// This value in 64 bits, `None` when it does not fit.
    fn narrow(self) -> Option<u64>;
}

impl Word for u64 {
    fn plus(self, other: u64) -> Option<u64> {
        self.checked_add(other)
    }

    fn of(value: u128) -> Option<u64> {
        u64::try_from(value).ok()
    }

    fn narrow(self) -> Option<u64> {
        Some(self)
    }
}

impl Word for u128 {
    fn plus(self, other: u128) -> Option<u128> {
        self.checked_add(other)
    }

    fn of(value: u128) -> Option<u128> {
        Some(value)
    }

    fn narrow(self) -> Option<u64> {
        u64::try_from(self).ok()
    }
}

/// The midpoints `(2T − offset) × b` of successive steps `T`, each divided by `a` (`a > 0`) as a
/// quotient and a rest: the next step adds `2b`, a quotient and a carry, with no division.
struct Midpoints<W> {
    quotient: W,
    rest: W,
    step_quotient: W,
    step_rest: W,
    by: W,
}

impl<W: Word> Midpoints<W> {
    /// The midpoint of step `first`; `None` on overflow, or numbers too wide for `W`.
    fn new(b: u128, a: u128, first: u128, offset: u128) -> Option<Midpoints<W>> {
        let (quotient, rest) = divide(b.checked_mul(first.checked_mul(2)? - offset)?, a);
        let (step_quotient, step_rest) = divide(b.checked_mul(2)?, a);
        Some(Midpoints {
            quotient: W::of(quotient)?,
            rest: W::of(rest)?,
            step_quotient: W::of(step_quotient)?,
            step_rest: W::of(step_rest)?,
            by: W::of(a)?,
        })
    }

    /// The midpoint divided, rounded up: the least numerator reaching the step; `None` past
    /// the word's last value.
    fn divided_up(&self) -> Option<W> {
        self.quotient.plus(W::from(self.rest > W::from(false)))
    }

    /// On to the next step; `None` on overflow.
    fn advance(&mut self) -> Option<()> {
        self.quotient = self.quotient.plus(self.step_quotient)?;
        self.rest = self.rest.plus(self.step_rest)?;
        if self.rest >= self.by {
            self.rest = self.rest - self.by;
            self.quotient = self.quotient.plus(W::from(true))?;
        }
        Some(())
    }
}

/// The least numerators of successive steps of points over a count ([`IntegerCriterion::fix_steps`]):
/// the midpoints' divided up, capped by a goalpost's threshold, up to the criterion's maximum.
struct Ladder<W> {
    midpoints: Midpoints<W>,
    threshold: Option<W>,
    max: i64,
}

impl<W: Word> Ladder<W> {
    /// The ladder from step `first` (see [`Midpoints::new`]); `None` on overflow, or numbers
    /// too wide for `W`.
    fn new(
        (b, a): (u128, u128),
        (first, offset): (u128, u128),
        threshold: Option<u128>,
        max: i64,
    ) -> Option<Ladder<W>> {
        Some(Ladder {
            midpoints: Midpoints::new(b, a, first, offset)?,
            threshold: match threshold {
                Some(t) => Some(W::of(t)?),
                None => None,
            },
            max,
        })
    }

    /// The least numerator reaching the current step; `None` past the word's last value.
    #[inline]
    fn least(&self) -> Option<W> {
        let formula = self.midpoints.divided_up()?;
        Some(self.threshold.map_or(formula, |t| formula.min(t)))
    }

    /// The last step that `numerator` (the least reaching step `target`) reaches too, the
    /// midpoints moved on past it; `None` on overflow.
    #[inline]
    fn reached(&mut self, target: i64, numerator: W) -> Option<i64> {
        // At a threshold, all of them.
        if self.threshold == Some(numerator) {
            return Some(self.max);
        }
        let mut reached = target;
        while reached < self.max {
            self.midpoints.advance()?;
            if self.least()? != numerator {
                break;
            }
            reached += 1;
        }
        Some(reached)
    }

    /// Pushes to `steps` each step from `first` on as (the ticks it reaches, its least
    /// numerator), up to a gain of `need` ticks above `from` or a numerator above `most`;
    /// whether they ended because the next step needs more than `den`. `None` on overflow.
    fn climb(
        mut self,
        first: i64,
        den: u64,
        (from, need, most): (i64, i64, u64),
        steps: &mut Vec<(i64, u64)>,
    ) -> Option<bool> {
        let mut target = first;
        while target <= self.max {
            let numerator = self.least()?;
            if numerator > W::from(den) {
                return Some(true);
            }
            if numerator > W::from(most) {
                break;
            }
            let reached = self.reached(target, numerator)?;
            steps.push((reached, numerator.narrow()?));
            if reached - from >= need || reached >= self.max {
                break;
            }
            target = reached + 1;
        }
        Some(false)
    }
}

/// A criterion compiled against a rounding.
#[derive(Debug, Clone, Copy)]
pub(crate) struct IntegerCriterion {
    form: Form,
    small: Option<Small>,
    strategy: RoundingStrategy,
    /// `10^places`.
    scale: u128,
    max: i64,
    zero_denominator: Ticks,
}

/// `n / d` and its rest (`d > 0`).
fn divide(n: u128, d: u128) -> (u128, u128) {
    // Counts of real units fit 64 bits, whose division is many times faster than 128 bits'.
    match (u64::try_from(n), u64::try_from(d)) {
        (Ok(n), Ok(d)) => (u128::from(n / d), u128::from(n % d)),
        _ => (n / d, n % d),
    }
}

/// `n / d` rounded up (`d > 0`).
fn divide_up(n: u128, d: u128) -> u128 {
    let (quotient, rest) = divide(n, d);
    quotient + u128::from(rest > 0)
}

/// `n / d` rounded to a whole number with `strategy` (both non-negative, `d > 0`).
fn round(n: u128, d: u128, strategy: RoundingStrategy) -> u128 {
    let (quotient, rest) = divide(n, d);
    // Compared as `rest` against `d - rest`, which cannot overflow as `2 × rest` could.
    let up = match strategy {
        RoundingStrategy::HalfAwayFromZero => rest >= d - rest,
        RoundingStrategy::HalfEven => rest > d - rest || (rest == d - rest && quotient % 2 == 1),
        RoundingStrategy::TowardZero => false,
    };
    quotient + u128::from(up)
}

/// A non-negative decimal as `(mantissa, 10^scale)`.
fn parts(value: Decimal) -> Option<(u128, u128)> {
    Some((
        u128::try_from(value.mantissa()).ok()?,
        10u128.checked_pow(value.scale())?,
    ))
}

/// A finite, non-negative double as `mantissa × 2^power`, exactly.
fn binary_parts(value: f64) -> Option<(u64, i32)> {
    if !value.is_finite() || value < 0.0 {
        return None;
    }
    let bits = value.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    Some(match exponent {
        0 => (fraction, -1074),
        _ => (fraction | 1 << 52, exponent - 1075),
    })
}

/// The portal's payment double from the percentage in ticks: `max × pct / divisor`, capped at
/// `max` for a goalpost. Both integers are below 2⁵³, so each conversion is exact and the
/// division correctly rounded: the double the interpreter gets from the rounded percentage.
fn payment_double(percent_ticks: u64, scale: u64, max: f64, divisor: f64, goalpost: bool) -> f64 {
    let percent = percent_ticks as f64 / scale as f64;
    let points = max * percent / divisor;
    if goalpost {
        points.min(max)
    } else {
        points
    }
}

/// The exact binary value of a finite, non-negative double times `scale`, rounded with
/// `strategy`: what `Decimal::from_f64_retain` followed by the rounding gives (the double's value
/// is never within its 28 digits of a midpoint it is not equal to).
fn round_double(value: f64, scale: u128, strategy: RoundingStrategy) -> Option<u128> {
    let (mantissa, power) = binary_parts(value)?;
    let scaled = u128::from(mantissa).checked_mul(scale)?;
    match u32::try_from(-power) {
        // A whole number: no rounding.
        Err(_) => scaled.checked_mul(1u128.checked_shl(power.unsigned_abs())?),
        // Below 2⁻¹²⁶ × scaled, far under half a tick: nothing.
        Ok(shift) if shift >= 127 => (scaled < 1 << 126).then_some(0),
        Ok(0) => Some(scaled),
        // A division by a power of two is a shift, and its rest a mask.
        Ok(shift) => {
            let (quotient, rest, half) = (
                scaled >> shift,
                scaled & ((1 << shift) - 1),
                1 << (shift - 1),
            );
            let up = match strategy {
                RoundingStrategy::HalfAwayFromZero => rest >= half,
                RoundingStrategy::HalfEven => rest > half || (rest == half && quotient % 2 == 1),
                RoundingStrategy::TowardZero => false,
            };
            Some(quotient + u128::from(up))
        }
    }
}

impl IntegerCriterion {
    /// Compiles `criterion` for `rounding`.
    pub(crate) fn new(criterion: &Criterion, rounding: &Rounding) -> IntegerCriterion {
        let scale = 10u128
            .checked_pow(rounding.places)
            .filter(|_| rounding.places <= 9);
        let max = (parts(criterion.max).zip(scale)).and_then(|((m, per), scale)| {
            i64::try_from(round(m.checked_mul(scale)?, per, rounding.strategy)).ok()
        });
        let (Some(scale), Some(max)) = (scale, max) else {
            return IntegerCriterion {
                form: Form::Interpret,
                small: None,
                strategy: rounding.strategy,
                scale: 1,
                max: 0,
                zero_denominator: Ticks::Interpret,
            };
        };
        let form = match criterion.arithmetic {
            Arithmetic::Exact => IntegerCriterion::exact(criterion, scale),
            Arithmetic::PortalFloatPercentFirst => IntegerCriterion::portal_float(criterion),
        }
        .unwrap_or(Form::Interpret);
        IntegerCriterion {
            form,
            small: Small::new(form, rounding.strategy),
            strategy: rounding.strategy,
            scale,
            max,
            zero_denominator: match criterion.zero_denominator {
                ZeroDenominator::Zero => Ticks::Points(0),
                ZeroDenominator::Full => Ticks::Points(max),
                ZeroDenominator::NotApplicable => Ticks::NotScored,
                ZeroDenominator::Error => Ticks::Interpret,
            },
        }
    }

    fn exact(criterion: &Criterion, scale: u128) -> Option<Form> {
        let (max, max_per) = parts(criterion.max)?;
        let times = max.checked_mul(scale)?;
        Some(match criterion.rule {
            Rule::Linear => Form::Exact {
                times,
                per: max_per,
                goal: None,
            },
            Rule::Goalpost { threshold } => {
                let (goal_num, goal_den) = parts(threshold)?;
                Form::Exact {
                    times: times.checked_mul(goal_den)?,
                    per: max_per.checked_mul(goal_num)?,
                    goal: Some((goal_num, goal_den)),
                }
            }
        })
    }

    fn portal_float(criterion: &Criterion) -> Option<Form> {
        let max = to_f64(criterion.max)?;
        Some(match criterion.rule {
            Rule::Linear => Form::PortalFloat {
                max,
                divisor: 100.0,
                goalpost: false,
            },
            Rule::Goalpost { threshold } => Form::PortalFloat {
                max,
                divisor: to_f64(threshold.checked_mul(Decimal::ONE_HUNDRED)?)?,
                goalpost: true,
            },
        })
    }

    /// The points of `num / den` times the factor by the common case's 64-bit path, when it
    /// applies; `None` for [`IntegerCriterion::ticks`] to decide.
    #[inline]
    pub(crate) fn quick(&self, num: u64, den: u64, factor: Option<(u64, u64)>) -> Option<i64> {
        if den == 0 || num > den {
            return None;
        }
        let (factor_num, factor_den) = effective_factor(factor);
        let (n, d) = (num.checked_mul(factor_num)?, den.checked_mul(factor_den)?);
        match self.form {
            Form::Exact { .. } => self.small?.ticks(n, d, self.max),
            Form::PortalFloat {
                max,
                divisor,
                goalpost,
            } => {
                let ticks = self.portal_float_ticks(n.into(), d.into(), max, divisor, goalpost)?;
                i64::try_from(ticks).ok()
            }
            Form::Interpret => None,
        }
    }

    /// The points of a count without factor by the 64-bit path (for a column scored in one
    /// tight loop), when this criterion has one: `None` from the returned function sends the
    /// count to [`IntegerCriterion::ticks`].
    pub(crate) fn plain(&self) -> Option<impl Fn(u64, u64) -> Option<i64> + Copy> {
        let (small, max) = (self.small?, self.max);
        matches!(self.form, Form::Exact { .. }).then_some(move |num: u64, den: u64| {
            if den == 0 || num > den {
                return None;
            }
            small.ticks(num, den, max)
        })
    }

    /// The points of `num / den`, times the factor's `num / den` when the criterion has one
    /// (`None`: no factor; a factor with no denominator counts as 0, one above 1 as 1, as the
    /// interpreter takes them).
    #[inline]
    pub(crate) fn ticks(&self, num: u64, den: u64, factor: Option<(u64, u64)>) -> Ticks {
        if den == 0 {
            return self.zero_denominator;
        }
        if num > den {
            return Ticks::Interpret;
        }
        if let Some(ticks) = self.quick(num, den, factor) {
            return Ticks::Points(ticks);
        }
        let (factor_num, factor_den) = effective_factor(factor);
        let n = u128::from(num) * u128::from(factor_num);
        let d = u128::from(den) * u128::from(factor_den);
        let ticks = match self.form {
            Form::Exact { times, per, goal } => self.exact_ticks(n, d, times, per, goal),
            Form::PortalFloat {
                max,
                divisor,
                goalpost,
            } => self.portal_float_ticks(n, d, max, divisor, goalpost),
            Form::Interpret => None,
        };
        match ticks.and_then(|t| i64::try_from(t).ok()) {
            Some(t) => Ticks::Points(t),
            None => Ticks::Interpret,
        }
    }

    /// The least numerator over `den` (times the factor) whose points reach `target` ticks,
    /// solved in closed form: `Some(None)` when no numerator up to `den` does, `None` when the
    /// criterion is not of an exact integer form (search instead). It is the least product
    /// ([`IntegerCriterion::least_product`]) over the factor's numerator, rounded up.
    pub(crate) fn least_numerator(
        &self,
        den: u64,
        factor: Option<(u64, u64)>,
        target: i64,
    ) -> Option<Option<u64>> {
        if den == 0 || !matches!(self.form, Form::Exact { .. }) {
            return None;
        }
        if target <= 0 {
            return Some(Some(0));
        }
        let (factor_num, factor_den) = effective_factor(factor);
        let product = self.least_product(den, factor_den, target)?;
        // ⌈⌈m / a⌉ / y⌉ = ⌈m / (a y)⌉: the product's least bound divides by the factor's numerator.
        Some(
            (product.filter(|_| factor_num > 0))
                .map(|product| divide_up(product, u128::from(factor_num)))
                .and_then(|n| u64::try_from(n).ok())
                .filter(|&n| n <= den),
        )
    }

    /// The least product of the numerator over `den` and the factor's numerator over
    /// `factor_den` whose points reach `target` ticks (≥ 1), solved in closed form: the points
    /// depend on that product alone. `Some(None)` when no product does (a goalpost's target
    /// above its maximum, or a criterion worth nothing), `None` when the criterion is not of an
    /// exact integer form (search instead).
    ///
    /// With `x = p × times / (d × per)` the unrounded ticks of product `p` over `d = den ×
    /// factor_den`, rounding reaches `target` exactly when `x ≥ target − ½` (half away from
    /// zero; half even also for an even target, above it for an odd one) or `x ≥ target`
    /// (toward zero); a goalpost's full points also come at its threshold.
    pub(crate) fn least_product(
        &self,
        den: u64,
        factor_den: u64,
        target: i64,
    ) -> Option<Option<u128>> {
        let Form::Exact { times, per, goal } = self.form else {
            return None;
        };
        let target = u128::try_from(target).ok().filter(|&t| t > 0 && den > 0)?;
        if goal.is_some() && target > u128::try_from(self.max).ok()? {
            return Some(None);
        }
        let d = u128::from(den).checked_mul(u128::from(factor_den))?;
        // p × times × 2 ≥ bound × d × per, bound = 2 × target − 1 (or 2 × target).
        let (a, b) = (times.checked_mul(2)?, d.checked_mul(per)?);
        let by_formula = if a == 0 {
            None
        } else {
            let midpoint = b.checked_mul(2 * target - 1)?;
            Some(match self.strategy {
                RoundingStrategy::HalfAwayFromZero => divide_up(midpoint, a),
                RoundingStrategy::HalfEven if target % 2 == 0 => divide_up(midpoint, a),
                // An odd target is reached only above the midpoint (which rounds to even).
                RoundingStrategy::HalfEven => divide(midpoint, a).0 + 1,
                RoundingStrategy::TowardZero => divide_up(b.checked_mul(2 * target)?, a),
            })
        };
        let by_threshold = match goal {
            Some((goal_num, goal_den)) => Some(divide_up(d.checked_mul(goal_num)?, goal_den)),
            None => None,
        };
        Some(match (by_formula, by_threshold) {
            (Some(f), Some(t)) => Some(f.min(t)),
            (f, t) => f.or(t),
        })
    }

    /// The steps of points that fixing reaches over `den` (times the factor), in closed form:
    /// each step above `from` ticks as (the ticks it reaches, the least numerator reaching them),
    /// in order, up to a gain of `need` ticks or a numerator above `most`; and whether they
    /// ended because the next step needs more than `den` (fixing has run out of cases). `None`
    /// when the criterion is not of an exact integer form, or rounds half to even (whose
    /// midpoints do not step evenly): search instead.
    ///
    /// The least numerator of step `T` is [`IntegerCriterion::least_numerator`]'s, `⌈(2T − 1) × b / a⌉`
    /// (or `2T` toward zero), capped by a goalpost's threshold; the midpoints step by `2b`, so
    /// each next one is an addition and a carry, no division.
    ///
    /// The steps are pushed to `steps` (emptied first), a buffer the caller keeps for every
    /// criterion it plans; the answer is whether fixing ran out.
    pub(crate) fn fix_steps(
        &self,
        den: u64,
        factor: Option<(u64, u64)>,
        (from, need, most): (i64, i64, u64),
        steps: &mut Vec<(i64, u64)>,
    ) -> Option<bool> {
        steps.clear();
        let Form::Exact { times, per, goal } = self.form else {
            return None;
        };
        let first = from.checked_add(1)?;
        let offset: u128 = match self.strategy {
            RoundingStrategy::HalfAwayFromZero => 1,
            RoundingStrategy::TowardZero => 0,
            RoundingStrategy::HalfEven => return None,
        };
        if den == 0 || first < 1 {
            return None;
        }
        let (factor_num, factor_den) = effective_factor(factor);
        let d = u128::from(den).checked_mul(u128::from(factor_den))?;
        let a = u128::from(factor_num).checked_mul(times)?.checked_mul(2)?;
        let b = d.checked_mul(per)?;
        if first > self.max {
            return Some(false);
        }
        if a == 0 {
            return Some(true);
        }
        let threshold = match goal {
            Some((goal_num, goal_den)) => Some(divide_up(
                d.checked_mul(goal_num)?,
                u128::from(factor_num).checked_mul(goal_den)?,
            )),
            None => None,
        };
        let start = (u128::try_from(first).ok()?, offset);
        let bounds = (from, need, most);
        // In 64 bits when the numbers fit them; again in 128 when they outgrow them.
        if let Some(ladder) = Ladder::<u64>::new((b, a), start, threshold, self.max) {
            if let Some(exhausted) = ladder.climb(first, den, bounds, steps) {
                return Some(exhausted);
            }
            steps.clear();
        }
        Ladder::<u128>::new((b, a), start, threshold, self.max)?.climb(first, den, bounds, steps)
    }

    fn exact_ticks(
        &self,
        n: u128,
        d: u128,
        times: u128,
        per: u128,
        goal: Option<(u128, u128)>,
    ) -> Option<u128> {
        if let Some((goal_num, goal_den)) = goal {
            if n.checked_mul(goal_den)? >= d.checked_mul(goal_num)? {
                return u128::try_from(self.max).ok();
            }
        }
        Some(round(
            n.checked_mul(times)?,
            d.checked_mul(per)?,
            self.strategy,
        ))
    }

    /// The portal's payment arithmetic ([`Form::PortalFloat`]) for `n / d`: the percentage
    /// rounded to ticks, then the points as the portal's doubles give them, rounded.
    fn portal_float_ticks(
        &self,
        n: u128,
        d: u128,
        max: f64,
        divisor: f64,
        goalpost: bool,
    ) -> Option<u128> {
        self.percent_points(self.percent_ticks(n, d)?, max, divisor, goalpost)
    }

    /// The percentage of `n / d` (`n <= d`) in ticks, rounded with the strategy: at most
    /// 100 × scale.
    #[inline]
    fn percent_ticks(&self, n: u128, d: u128) -> Option<u64> {
        if let (RoundingStrategy::HalfAwayFromZero, Ok(n), Ok(d), Ok(scale)) = (
            self.strategy,
            u64::try_from(n),
            u64::try_from(d),
            u64::try_from(self.scale),
        ) {
            // Half up in 64 bits, when it fits: ⌊(2 n × 100 × scale + d) / 2d⌋.
            let twice = n.checked_mul(200).and_then(|t| t.checked_mul(scale));
            if let Some((x, y)) = twice.and_then(|t| Some((t.checked_add(d)?, d.checked_mul(2)?))) {
                return Some(x / y);
            }
        }
        u64::try_from(round(n.checked_mul(100 * self.scale)?, d, self.strategy)).ok()
    }

    /// The payment points, in ticks, of a percentage in ticks: `max × pct / divisor` in the
    /// portal's doubles, whose exact binary value is rounded with the strategy.
    fn percent_points(
        &self,
        percent_ticks: u64,
        max: f64,
        divisor: f64,
        goalpost: bool,
    ) -> Option<u128> {
        let scale = u64::try_from(self.scale).ok()?;
        let points = payment_double(percent_ticks, scale, max, divisor, goalpost);
        if self.strategy == RoundingStrategy::HalfAwayFromZero {
            // The common case in 64 bits: the double's value times scale, half up by a shift.
            let (mantissa, power) = binary_parts(points)?;
            let shift = u32::try_from(-power).ok().filter(|s| (1..64).contains(s));
            if let (Some(scaled), Some(shift)) = (mantissa.checked_mul(scale), shift) {
                let rest = scaled & ((1 << shift) - 1);
                return Some(u128::from(scaled >> shift) + u128::from(rest >= 1 << (shift - 1)));
            }
        }
        round_double(points, self.scale, self.strategy)
    }

    /// The points of every percentage in ticks, for a criterion of the portal's payment
    /// arithmetic: its points depend on a count only through the rounded percentage, so a
    /// column of counts costs a division and a lookup per cell instead of the doubles'
    /// arithmetic. `None` for other forms, or more than 2¹⁷ percentages.
    pub(crate) fn percent_table(&self) -> Option<PercentTable> {
        let Form::PortalFloat {
            max,
            divisor,
            goalpost,
        } = self.form
        else {
            return None;
        };
        let top = u64::try_from(100 * self.scale)
            .ok()
            .filter(|&t| t <= 1 << 17)?;
        let points = (0..=top)
            .map(|p| {
                let ticks = self.percent_points(p, max, divisor, goalpost)?;
                i64::try_from(ticks).ok()
            })
            .collect::<Option<Vec<i64>>>()?;
        Some(PercentTable {
            integer: *self,
            points,
        })
    }
}

/// A payment criterion's points by percentage in ticks (see [`IntegerCriterion::percent_table`]).
#[derive(Debug, Clone)]
pub(crate) struct PercentTable {
    integer: IntegerCriterion,
    points: Vec<i64>,
}

impl PercentTable {
    /// Fixing's steps over `den` (no factor), as [`IntegerCriterion::fix_steps`] gives them for the
    /// exact forms: the points depend on the count only through its rounded percentage, so
    /// each step's least percentage is found in the table (which never falls), and its least
    /// numerator is `⌈d × (2P − 1) / (200 × scale)⌉`, where half up reaches `P`. `None` for
    /// another rounding than half away from zero, a factor, or a count above its denominator.
    pub(crate) fn fix_steps(
        &self,
        (num, den): (u64, u64),
        factor: Option<(u64, u64)>,
        (from, need, most): (i64, i64, u64),
        steps: &mut Vec<(i64, u64)>,
    ) -> Option<bool> {
        steps.clear();
        let half_up = self.integer.strategy == RoundingStrategy::HalfAwayFromZero;
        if !half_up || factor.is_some() || den == 0 || num > den {
            return None;
        }
        let (d, per) = (u128::from(den), 200 * self.integer.scale);
        let mut percent = usize::try_from(self.integer.percent_ticks(num.into(), d)?).ok()?;
        let mut target = from.checked_add(1)?;
        loop {
            // The table never falls: the first percentage reaching the target, by bisection.
            percent += (self.points.get(percent..))
                .map_or(0, |rest| rest.partition_point(|&p| p < target));
            let twice = (2 * percent as u128).checked_sub(1)?;
            let numerator = divide_up(d.checked_mul(twice)?, per);
            if percent >= self.points.len() || numerator > d {
                return Some(true);
            }
            let numerator = u64::try_from(numerator).ok()?;
            if numerator > most {
                return Some(false);
            }
            let reached = self.ticks(numerator, den, None)?;
            steps.push((reached, numerator));
            if reached - from >= need {
                return Some(false);
            }
            target = reached + 1;
        }
    }

    /// The points of `num / den` times the factor, as [`IntegerCriterion::quick`] gives them.
    #[inline]
    pub(crate) fn ticks(&self, num: u64, den: u64, factor: Option<(u64, u64)>) -> Option<i64> {
        if den == 0 || num > den {
            return None;
        }
        let (factor_num, factor_den) = effective_factor(factor);
        let (n, d) = (num.checked_mul(factor_num)?, den.checked_mul(factor_den)?);
        let percent = self.integer.percent_ticks(n.into(), d.into())?;
        self.points.get(usize::try_from(percent).ok()?).copied()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::methodology::Methodology;

    /// Every criterion of every edition shipped with the crate, with its methodology.
    fn editions() -> Vec<Methodology> {
        let mut all: Vec<Methodology> = (super::super::BUILT_IN.iter())
            .map(|name| Methodology::builtin(name).unwrap())
            .collect();
        all.extend(Methodology::variants().unwrap());
        all
    }

    /// The interpreter's points in ticks, or `None` when it scores nothing or fails.
    fn interpreted(
        criterion: &Criterion,
        rounding: &Rounding,
        count: (u64, u64),
        factor: Option<(u64, u64)>,
    ) -> Option<i64> {
        let points = criterion
            .points_times(count.0, count.1, factor, rounding, false, "U")
            .ok()??;
        i64::try_from(points.mantissa()).ok()
    }

    /// A count `num <= den`: small ones (where rounding midpoints sit) and large ones.
    fn count() -> impl Strategy<Value = (u64, u64)> {
        prop_oneof![0u64..=40, 0u64..=2_000_000, 0u64..=(1 << 40)]
            .prop_flat_map(|den| (0..=den, Just(den)))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]

        #[test]
        fn compiled_points_equal_the_interpreters(
            count in count(),
            factor in proptest::option::of(count()),
        ) {
            for methodology in editions() {
                for (_, criterion) in methodology.criteria() {
                    let integer = IntegerCriterion::new(criterion, methodology.rounding());
                    let factor = criterion.rate_times.as_ref().and(factor);
                    let expected = interpreted(criterion, methodology.rounding(), count, factor);
                    match integer.ticks(count.0, count.1, factor) {
                        Ticks::Points(t) => prop_assert_eq!(Some(t), expected, "{}", criterion.code),
                        Ticks::NotScored => prop_assert_eq!(expected, None, "{}", criterion.code),
                        Ticks::Interpret => prop_assert!(false, "{} {:?} not compiled", criterion.code, count),
                    }
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        // The closed form's numerator reaches the target and one less does not, for every
        // rounding strategy.
        #[test]
        fn least_numerator_is_the_least(
            count in count(),
            factor in proptest::option::of(count()),
            target in 0i64..=2100,
            strategy in prop_oneof![
                Just(RoundingStrategy::HalfAwayFromZero),
                Just(RoundingStrategy::HalfEven),
                Just(RoundingStrategy::TowardZero),
            ],
        ) {
            let rounding = Rounding { places: 2, strategy };
            for methodology in editions() {
                for (_, criterion) in methodology.criteria() {
                    let integer = IntegerCriterion::new(criterion, &rounding);
                    let factor = criterion.rate_times.as_ref().and(factor);
                    let den = count.1;
                    let Some(least) = integer.least_numerator(den, factor, target) else {
                        continue;
                    };
                    let reaches = |n: u64| matches!(
                        integer.ticks(n, den, factor), Ticks::Points(t) if t >= target
                    );
                    match least {
                        Some(n) => {
                            prop_assert!(reaches(n), "{} {n}/{den} misses {target}", criterion.code);
                            prop_assert!(n == 0 || !reaches(n - 1), "{} {}/{den} reaches {target}", criterion.code, n - 1);
                        }
                        None => prop_assert!(!reaches(den), "{} {den}/{den} reaches {target}", criterion.code),
                    }
                }
            }
        }
    }

    // A midpoint whose rounded-up quotient is past 64 bits is no numerator in them: the ladder
    // says so (and is climbed again in 128), it does not wrap.
    #[test]
    fn a_quotient_at_the_words_end_is_no_numerator() {
        // A midpoint of u64::MAX × 3 + 1 over 3: u64::MAX, and a rest of 1.
        let at_end = Midpoints::<u64> {
            quotient: u64::MAX,
            rest: 1,
            step_quotient: 0,
            step_rest: 1,
            by: 3,
        };
        assert_eq!(at_end.divided_up(), None);
        let wide = Midpoints::<u128> {
            quotient: u128::from(u64::MAX),
            rest: 1,
            step_quotient: 0,
            step_rest: 1,
            by: 3,
        };
        assert_eq!(wide.divided_up(), Some(u128::from(u64::MAX) + 1));
    }

    // Every rounding strategy, on every rule and arithmetic, at the midpoints of small counts.
    #[test]
    fn every_strategy_agrees_on_small_counts() {
        for strategy in [
            RoundingStrategy::HalfAwayFromZero,
            RoundingStrategy::HalfEven,
            RoundingStrategy::TowardZero,
        ] {
            let rounding = Rounding {
                places: 2,
                strategy,
            };
            for methodology in editions() {
                for (_, criterion) in methodology.criteria() {
                    let integer = IntegerCriterion::new(criterion, &rounding);
                    for den in 0..=64 {
                        for num in 0..=den {
                            let expected = interpreted(criterion, &rounding, (num, den), None);
                            let got = match integer.ticks(num, den, None) {
                                Ticks::Points(t) => Some(t),
                                Ticks::NotScored => None,
                                Ticks::Interpret => panic!("{} not compiled", criterion.code),
                            };
                            assert_eq!(
                                got, expected,
                                "{} {num}/{den} {strategy:?}",
                                criterion.code
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn rounding_strategies_on_whole_numbers() {
        let half = RoundingStrategy::HalfAwayFromZero;
        assert_eq!(round(5, 2, half), 3);
        assert_eq!(round(7, 2, RoundingStrategy::HalfEven), 4);
        assert_eq!(round(5, 2, RoundingStrategy::HalfEven), 2);
        assert_eq!(round(9, 10, RoundingStrategy::TowardZero), 0);
        assert_eq!(round(4, 2, half), 2);
    }

    // 5.925 is the double 5.92499999…: its exact value rounds down; 0.625 is exact and rounds up.
    #[test]
    fn doubles_round_by_their_binary_value() {
        let half = RoundingStrategy::HalfAwayFromZero;
        assert_eq!(round_double(6.0 * 98.75 / 100.0, 100, half), Some(592));
        assert_eq!(round_double(0.625, 100, half), Some(63));
        assert_eq!(round_double(6.0, 100, half), Some(600));
        assert_eq!(round_double(1e-300, 100, half), Some(0));
        assert_eq!(round_double(f64::NAN, 100, half), None);
    }
}

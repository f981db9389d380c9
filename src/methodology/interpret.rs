//! The interpreter: the one place where a criterion's definition turns a numerator and a denominator
//! into a rate and points.

use rust_decimal::Decimal;

use super::wide::{quotient, Wide};
use super::{effective_factor, Arithmetic, Criterion, Rounding, Rule, ZeroDenominator};
use crate::error::{Error, ErrorKind, Result};

/// What one criterion scores for one count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Evaluation {
    /// `numerator / denominator`, unrounded (capped at 1 in lenient mode); `None` when the
    /// denominator is 0.
    pub rate: Option<Decimal>,
    /// The rounded points; `None` when the criterion is not scored (a zero denominator under the
    /// `not_applicable` policy).
    pub points: Option<Decimal>,
    /// Whether a numerator above its denominator was capped (lenient mode only).
    pub capped: bool,
}

/// A count scored: its rounded points, the numerator as scored (capped when lenient), and the
/// factor as used.
struct Scored {
    points: Decimal,
    num: u64,
    capped: bool,
    factor: (u64, u64),
}

impl Criterion {
    /// Scores `num / den` for `unit` by this criterion's rule, zero-denominator policy and
    /// arithmetic, rounding the points with `rounding`.
    ///
    /// A numerator above its denominator is an error unless `lenient`, which caps the rate at 100% and
    /// sets [`Evaluation::capped`].
    ///
    /// ```
    /// use chiso766::Methodology;
    ///
    /// let m = Methodology::builtin("dvcqg-2026")?;
    /// let on_time = m.criterion("DOSSIER_ON_TIME").unwrap();
    /// let e = on_time.evaluate(528_684, 597_918, m.rounding(), false, "H44")?;
    /// assert_eq!(e.points.unwrap().to_string(), "17.68");
    /// # Ok::<(), chiso766::Error>(())
    /// ```
    pub fn evaluate(
        &self,
        num: u64,
        den: u64,
        rounding: &Rounding,
        lenient: bool,
        unit: &str,
    ) -> Result<Evaluation> {
        self.evaluate_times(num, den, None, rounding, lenient, unit)
    }

    /// As [`Criterion::evaluate`], the rate multiplied by `factor`, the count `(num, den)` of the
    /// criterion this one's [`Criterion::rate_times`] names: `num / den × fnum / fden` with one
    /// division, the factor counting as 0 when `fden` is 0.
    ///
    /// ```
    /// use chiso766::Methodology;
    ///
    /// let m = Methodology::builtin("dvcqg-2026")?;
    /// let online = m.criterion("ONLINE_DOSSIERS").unwrap();
    /// assert_eq!(online.rate_times.as_deref(), Some("DOSSIER_SYNC"));
    /// // 40% online, 90% synced: 36%, against a 50% goalpost of 6 points.
    /// let e = online.evaluate_times(40, 100, Some((90, 100)), m.rounding(), false, "H44")?;
    /// assert_eq!(e.points.unwrap().to_string(), "4.32");
    /// # Ok::<(), chiso766::Error>(())
    /// ```
    pub fn evaluate_times(
        &self,
        num: u64,
        den: u64,
        factor: Option<(u64, u64)>,
        rounding: &Rounding,
        lenient: bool,
        unit: &str,
    ) -> Result<Evaluation> {
        if den == 0 {
            return self.without_denominator(rounding, unit);
        }
        let Scored {
            points,
            num,
            capped,
            factor: (factor_num, factor_den),
        } = self.scored(num, den, factor, rounding, lenient, unit)?;
        let fraction = |n: u64, d: u64| Decimal::from(n).checked_div(Decimal::from(d));
        let rate = fraction(num, den)
            .zip(fraction(factor_num, factor_den))
            .and_then(|(rate, factor)| rate.checked_mul(factor))
            .ok_or_else(|| self.overflow(unit))?;
        Ok(Evaluation {
            rate: Some(rate),
            points: Some(points),
            capped,
        })
    }

    /// The rounded points alone of [`Criterion::evaluate_times`], without the rate's decimal
    /// division: what planning asks of a criterion thousands of times.
    pub(crate) fn points_times(
        &self,
        num: u64,
        den: u64,
        factor: Option<(u64, u64)>,
        rounding: &Rounding,
        lenient: bool,
        unit: &str,
    ) -> Result<Option<Decimal>> {
        if den == 0 {
            return Ok(self.without_denominator(rounding, unit)?.points);
        }
        Ok(Some(
            self.scored(num, den, factor, rounding, lenient, unit)?
                .points,
        ))
    }

    fn overflow(&self, unit: &str) -> Error {
        ErrorKind::Overflow {
            unit: unit.to_owned(),
            place: format!("criterion {}", self.code),
        }
        .into()
    }

    /// The rounded points of `num / den` (den > 0) times the factor.
    fn scored(
        &self,
        num: u64,
        den: u64,
        factor: Option<(u64, u64)>,
        rounding: &Rounding,
        lenient: bool,
        unit: &str,
    ) -> Result<Scored> {
        let (num, capped) = if num > den {
            if !lenient {
                return Err(ErrorKind::NumeratorExceedsDenominator {
                    unit: unit.to_owned(),
                    criterion: self.code.clone(),
                    num,
                    den,
                }
                .into());
            }
            (den, true)
        } else {
            (num, false)
        };
        let (factor_num, factor_den) = effective_factor(factor);
        let wide = |a: u64, b: u64| Wide::from_u128(u128::from(a)).times(u128::from(b));
        let (product_num, product_den) = (
            wide(num, factor_num).ok_or_else(|| self.overflow(unit))?,
            wide(den, factor_den).ok_or_else(|| self.overflow(unit))?,
        );
        let points = match self.arithmetic {
            Arithmetic::Exact => self.exact_points(product_num, product_den, rounding),
            Arithmetic::PortalFloatPercentFirst => {
                self.portal_float_points(product_num, product_den, rounding)
            }
        }
        .ok_or_else(|| self.overflow(unit))?;
        Ok(Scored {
            points: rounding.apply(points),
            num,
            capped,
            factor: (factor_num, factor_den),
        })
    }

    /// Scores a criterion that has nothing to count (a zero denominator, or marked not applicable).
    pub fn without_denominator(&self, rounding: &Rounding, unit: &str) -> Result<Evaluation> {
        let points = match self.zero_denominator {
            ZeroDenominator::Zero => Some(rounding.apply(Decimal::ZERO)),
            ZeroDenominator::Full => Some(rounding.apply(self.max)),
            ZeroDenominator::NotApplicable => None,
            ZeroDenominator::Error => {
                return Err(ErrorKind::ZeroDenominator {
                    unit: unit.to_owned(),
                    criterion: self.code.clone(),
                }
                .into())
            }
        };
        Ok(Evaluation {
            rate: None,
            points,
            capped: false,
        })
    }

    /// `max × num / den`, or `min(max, max × num / (den × threshold))`, computed on integers with
    /// one division, so that no intermediate rounding of the rate can move a result across a
    /// rounding midpoint; the result has enough places for `rounding` to round it exactly.
    fn exact_points(&self, num: Wide, den: Wide, rounding: &Rounding) -> Option<Decimal> {
        let mantissa = |d: Decimal| u128::try_from(d.mantissa()).ok();
        let power = |d: Decimal| 10u128.checked_pow(d.scale());
        let numerator = num.times(mantissa(self.max)?)?;
        let denominator = den.times(power(self.max)?)?;
        match self.rule {
            Rule::Linear => quotient(numerator, denominator, rounding.places),
            Rule::Goalpost { threshold } => {
                // At or above the threshold: full points.
                if num.times(power(threshold)?)? >= den.times(mantissa(threshold)?)? {
                    return Some(self.max);
                }
                quotient(
                    numerator.times(power(threshold)?)?,
                    denominator.times(mantissa(threshold)?)?,
                    rounding.places,
                )
            }
        }
    }

    /// The portal's payment arithmetic (see [`Arithmetic::PortalFloatPercentFirst`]).
    fn portal_float_points(&self, num: Wide, den: Wide, rounding: &Rounding) -> Option<Decimal> {
        let hundred = Decimal::ONE_HUNDRED;
        let percent = rounding.apply(quotient(num.times(100)?, den, rounding.places)?);
        let (percent, max) = (to_f64(percent)?, to_f64(self.max)?);
        let points = match self.rule {
            Rule::Linear => max * percent / 100.0,
            Rule::Goalpost { threshold } => {
                (max * percent / to_f64(threshold.checked_mul(hundred)?)?).min(max)
            }
        };
        // `from_f64_retain` keeps the double's binary value (to 28 significant digits, far finer than
        // the distance from any double near these magnitudes to a rounding midpoint it is not equal
        // to), which is what Java's `new BigDecimal(double)` rounds.
        Decimal::from_f64_retain(points)
    }
}

/// The double nearest to `value`, as Java's `BigDecimal.doubleValue` gives it.
pub(super) fn to_f64(value: Decimal) -> Option<f64> {
    // Powers of ten up to 10²² are exact doubles.
    const POWERS: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    let mantissa = value.mantissa();
    match POWERS.get(value.scale() as usize) {
        // An exact mantissa over an exact power: one correctly rounded IEEE division.
        Some(power) if mantissa.unsigned_abs() < 1 << 53 => Some(mantissa as f64 / power),
        // Rust's float parsing rounds correctly too; it serves the rare wide values.
        _ => value.to_string().parse().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::methodology::{Pooling, RoundingStrategy};

    fn payment(max: u32, rule: Rule) -> Criterion {
        Criterion {
            code: "X".into(),
            name: "x".into(),
            max: Decimal::from(max),
            rule,
            zero_denominator: ZeroDenominator::Zero,
            arithmetic: Arithmetic::PortalFloatPercentFirst,
            pooling: Pooling::Sum,
            rate_times: None,
            how_to_count: None,
            only_fix: false,
            counted: Default::default(),
        }
    }

    const PORTAL: Rounding = Rounding {
        places: 2,
        strategy: RoundingStrategy::HalfAwayFromZero,
    };

    // 6 × 98.75 / 100 is the double 5.92499999…, which the portal rounds down.
    #[test]
    fn payment_rounds_the_doubles_binary_value() {
        let c = payment(6, Rule::Linear);
        let e = c.evaluate(7900, 8000, &PORTAL, false, "U").unwrap();
        assert_eq!(e.points.unwrap().to_string(), "5.92");
        let exact = Criterion {
            arithmetic: Arithmetic::Exact,
            ..c
        };
        let e = exact.evaluate(7900, 8000, &PORTAL, false, "U").unwrap();
        assert_eq!(e.points.unwrap().to_string(), "5.93");
    }

    // A double that is exactly a midpoint (0.625 = 5/8) rounds up, as HALF_UP does.
    #[test]
    fn payment_exact_binary_midpoint_rounds_up() {
        let c = payment(1, Rule::Linear);
        let e = c
            .evaluate(
                625,
                1000,
                &Rounding {
                    places: 2,
                    ..PORTAL
                },
                false,
                "U",
            )
            .unwrap();
        assert_eq!(e.points.unwrap().to_string(), "0.63");
    }
}

//! The interpreter: the one place where a criterion's definition turns a numerator and a denominator
//! into a rate and points.

use rust_decimal::Decimal;

use super::{Arithmetic, Criterion, Rounding, Rule, ZeroDenominator};
use crate::error::{ErrorKind, Result};

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
        if den == 0 {
            return self.without_denominator(rounding, unit);
        }
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
        let overflow = || ErrorKind::Overflow {
            unit: unit.to_owned(),
            place: format!("criterion {}", self.code),
        };
        let (num, den) = (Decimal::from(num), Decimal::from(den));
        let rate = num.checked_div(den).ok_or_else(overflow)?;
        let points = match self.arithmetic {
            Arithmetic::Exact => self.exact_points(num, den).ok_or_else(overflow)?,
            Arithmetic::PortalFloatPercentFirst => self
                .portal_float_points(num, den, rounding)
                .ok_or_else(overflow)?,
        };
        Ok(Evaluation {
            rate: Some(rate),
            points: Some(rounding.apply(points)),
            capped,
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

    /// `max × num / den`, or `min(max, max × num / (den × threshold))`, with a single division so
    /// that no intermediate rounding of the rate can move a result across a rounding midpoint.
    fn exact_points(&self, num: Decimal, den: Decimal) -> Option<Decimal> {
        let scaled = self.max.checked_mul(num)?;
        match self.rule {
            Rule::Linear => scaled.checked_div(den),
            Rule::Goalpost { threshold } => Some(
                scaled
                    .checked_div(den.checked_mul(threshold)?)?
                    .min(self.max),
            ),
        }
    }

    /// The portal's payment arithmetic (see [`Arithmetic::PortalFloatPercentFirst`]).
    fn portal_float_points(
        &self,
        num: Decimal,
        den: Decimal,
        rounding: &Rounding,
    ) -> Option<Decimal> {
        let hundred = Decimal::ONE_HUNDRED;
        let percent = rounding.apply(num.checked_mul(hundred)?.checked_div(den)?);
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
fn to_f64(value: Decimal) -> Option<f64> {
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

//! Exact quotients of products too wide for a `Decimal`: a criterion whose rate is multiplied by
//! another's scores `max × num × fnum / (den × fden)`, and two 64-bit counts multiplied need 128
//! bits before the maximum and the powers of ten join them.

use std::cmp::Ordering;

use rust_decimal::Decimal;

/// An unsigned 256-bit integer, as four 64-bit limbs, least significant first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Wide([u64; 4]);

impl Ord for Wide {
    fn cmp(&self, other: &Wide) -> Ordering {
        self.0.iter().rev().cmp(other.0.iter().rev())
    }
}

impl PartialOrd for Wide {
    fn partial_cmp(&self, other: &Wide) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Wide {
    const ZERO: Wide = Wide([0; 4]);

    pub(super) fn from_u128(n: u128) -> Wide {
        Wide([n as u64, (n >> 64) as u64, 0, 0])
    }

    /// `self × n`, `None` past 2²⁵⁶.
    pub(super) fn times(self, n: u128) -> Option<Wide> {
        let factor = [n as u64, (n >> 64) as u64];
        let mut product = [0u64; 6];
        for (i, &a) in self.0.iter().enumerate() {
            let mut carry = 0u128;
            for (j, &b) in factor.iter().enumerate() {
                let slot = product.get_mut(i + j)?;
                let sum = u128::from(a) * u128::from(b) + u128::from(*slot) + carry;
                *slot = sum as u64;
                carry = sum >> 64;
            }
            let mut k = i + factor.len();
            while carry != 0 {
                let slot = product.get_mut(k)?;
                let sum = u128::from(*slot) + carry;
                *slot = sum as u64;
                carry = sum >> 64;
                k += 1;
            }
        }
        match product {
            [a, b, c, d, 0, 0] => Some(Wide([a, b, c, d])),
            _ => None,
        }
    }

    fn bit(&self, i: usize) -> bool {
        self.0
            .get(i / 64)
            .is_some_and(|limb| limb >> (i % 64) & 1 == 1)
    }

    /// `self × 2 + bit`, and the bit shifted out.
    fn shifted_in(self, bit: bool) -> (Wide, bool) {
        let mut out = [0u64; 4];
        let mut carry = u64::from(bit);
        for (o, &limb) in out.iter_mut().zip(&self.0) {
            *o = limb << 1 | carry;
            carry = limb >> 63;
        }
        (Wide(out), carry == 1)
    }

    fn wrapping_sub(self, other: Wide) -> Wide {
        let mut out = [0u64; 4];
        let mut borrow = false;
        for ((o, &a), &b) in out.iter_mut().zip(&self.0).zip(&other.0) {
            let (d, b1) = a.overflowing_sub(b);
            let (d, b2) = d.overflowing_sub(u64::from(borrow));
            *o = d;
            borrow = b1 || b2;
        }
        Wide(out)
    }

    /// `self / divisor` and the remainder (binary long division); `None` for a zero divisor.
    fn div_rem(self, divisor: Wide) -> Option<(Wide, Wide)> {
        if divisor == Wide::ZERO {
            return None;
        }
        let (mut quotient, mut rest) = (Wide::ZERO, Wide::ZERO);
        for i in (0..256).rev() {
            let (shifted, overflowed) = rest.shifted_in(self.bit(i));
            // A remainder shifted past 2²⁵⁶ is certainly at least the divisor.
            let fits = overflowed || shifted >= divisor;
            rest = if fits {
                shifted.wrapping_sub(divisor)
            } else {
                shifted
            };
            quotient = quotient.shifted_in(fits).0;
        }
        Some((quotient, rest))
    }

    fn to_u128(self) -> Option<u128> {
        match self.0 {
            [a, b, 0, 0] => Some(u128::from(a) | u128::from(b) << 64),
            _ => None,
        }
    }
}

/// `numerator / denominator` as a decimal with `places + 2` places that any rounding to `places`
/// (half away from zero, half even, toward zero) rounds as it would the exact quotient: the digit
/// after `places` is exact, and a last digit 1 stands for any non-zero rest (so a value just above
/// a midpoint is not taken for the midpoint). `None` for a zero denominator or a quotient too large.
pub(super) fn quotient(numerator: Wide, denominator: Wide, places: u32) -> Option<Decimal> {
    let scaled = numerator.times(10u128.checked_pow(places.checked_add(1)?)?)?;
    let (digits, rest) = match (scaled.to_u128(), denominator.to_u128()) {
        // Counts of real units take this path; the long division is for the rest.
        (Some(n), Some(d)) => (n.checked_div(d)?, n.checked_rem(d)?),
        _ => {
            let (digits, rest) = scaled.div_rem(denominator)?;
            (digits.to_u128()?, u128::from(rest != Wide::ZERO))
        }
    };
    let sticky = u128::from(rest != 0);
    let mantissa = digits.checked_mul(10)?.checked_add(sticky)?;
    Decimal::try_from_i128_with_scale(i128::try_from(mantissa).ok()?, places.checked_add(2)?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn products_and_quotients_are_exact() {
        let max = u128::from(u64::MAX);
        let square = Wide::from_u128(max).times(max).unwrap();
        // (2⁶⁴ − 1)² / (2⁶⁴ − 1) = 2⁶⁴ − 1, no rest.
        let (q, r) = square.div_rem(Wide::from_u128(max)).unwrap();
        assert_eq!((q.to_u128(), r), (Some(max), Wide::ZERO));
        assert_eq!(
            Wide::from_u128(u128::MAX)
                .times(u128::MAX)
                .map(|w| w > square),
            Some(true)
        );
        assert_eq!(
            square.times(u128::MAX).and_then(|w| w.times(u128::MAX)),
            None
        );
        // 1/8 at 2 places: 0.125 exactly, a midpoint, kept as one.
        let eighth = quotient(Wide::from_u128(1), Wide::from_u128(8), 2).unwrap();
        assert_eq!(eighth.to_string(), "0.1250");
        // 1/3: the digit after the places, then a sticky 1 for the rest.
        let third = quotient(Wide::from_u128(1), Wide::from_u128(3), 2).unwrap();
        assert_eq!(third.to_string(), "0.3331");
        assert_eq!(quotient(Wide::from_u128(1), Wide::ZERO, 2), None);
    }
}

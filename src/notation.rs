//! Numbers as Vietnamese officials write them: decimal comma, thousands dot (9.003; 99,97%);
//! shared by the reports and the plans' findings, re-exported from [`report`](crate::report).

use rust_decimal::Decimal;

use crate::methodology::Counted;
use crate::period::Period;
use crate::rank::Ranked;

/// A decimal in Vietnamese notation: decimal comma, thousands dot, the value's own decimals.
pub fn format_decimal(value: Decimal) -> String {
    let mut out = String::with_capacity(24);
    // Writing into a `String` cannot fail.
    let _ = write_decimal(&mut out, value);
    out
}

/// A decimal in Vietnamese notation written where a sentence is being written, with nothing
/// allocated: `format!("{}", DecimalText(value))` reads as [`format_decimal`]`(value)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecimalText(pub Decimal);

impl std::fmt::Display for DecimalText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write_decimal(f, self.0)
    }
}

/// Points with a fixed number of decimals as [`format_points`] writes them (7,96; 0,00), to be
/// written into a sentence with nothing allocated.
pub fn points_text(value: Decimal, places: u32) -> DecimalText {
    DecimalText(fixed(value, places))
}

/// Writes `value` to `out` in Vietnamese notation ([`format_decimal`]).
fn write_decimal(out: &mut impl std::fmt::Write, value: Decimal) -> std::fmt::Result {
    // The digits of the mantissa with the point `scale` places from the right, as `Display`
    // writes them (trailing zeros kept), without its general formatting.
    let mut buffer = Digits::new();
    let digits = buffer.of(value.mantissa().unsigned_abs());
    let scale = value.scale() as usize;
    if value.is_sign_negative() && !value.is_zero() {
        out.write_char('-')?;
    }
    // Fewer digits than places: the whole part is 0 and the fraction is padded with zeros.
    let whole_len = digits.len().saturating_sub(scale);
    let (whole, fraction) = digits.split_at(whole_len);
    if whole.is_empty() {
        out.write_char('0')?;
    }
    write_grouped(out, whole)?;
    if scale > 0 {
        out.write_char(',')?;
        for _ in fraction.len()..scale {
            out.write_char('0')?;
        }
        out.write_str(ascii(fraction))?;
    }
    Ok(())
}

/// Digits as text (they are ASCII).
fn ascii(digits: &[u8]) -> &str {
    std::str::from_utf8(digits).unwrap_or_default()
}

/// A count in Vietnamese notation: 597.918.
pub fn format_count(value: u64) -> String {
    let mut buffer = Digits::new();
    let digits = buffer.of(value.into());
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    // Writing into a `String` cannot fail.
    let _ = write_grouped(&mut out, digits);
    out
}

/// Room for the decimal digits of any `u128` (39 of them), written from the right.
struct Digits([u8; 40]);

impl Digits {
    fn new() -> Digits {
        Digits([b'0'; 40])
    }

    /// The digits of `value`, most significant first ("0" for zero). Written by hand: the
    /// general formatting machinery and its allocation cost more than a report's numbers.
    fn of(&mut self, mut value: u128) -> &[u8] {
        let mut start = self.0.len();
        while let Some(slot) = start.checked_sub(1).and_then(|at| self.0.get_mut(at)) {
            // Ten divides the value in 64 bits once it fits them, many times faster.
            let digit = match u64::try_from(value) {
                Ok(small) => {
                    value = u128::from(small / 10);
                    small % 10
                }
                Err(_) => {
                    let digit = value % 10;
                    value /= 10;
                    digit as u64
                }
            };
            *slot = b'0' + digit as u8;
            start -= 1;
            if value == 0 {
                break;
            }
        }
        self.0.get(start..).unwrap_or_default()
    }
}

/// Writes `digits` to `out` with a dot between each three from the right.
fn write_grouped(out: &mut impl std::fmt::Write, digits: &[u8]) -> std::fmt::Result {
    // The first group is what is left over the threes (a whole three when none is).
    let first = match digits.len() % 3 {
        0 => 3.min(digits.len()),
        rest => rest,
    };
    let (head, tail) = digits.split_at(first);
    out.write_str(ascii(head))?;
    for group in tail.chunks(3) {
        out.write_char('.')?;
        out.write_str(ascii(group))?;
    }
    Ok(())
}

/// What one case of a criterion is called in Vietnamese: “hồ sơ”, “thủ tục”, “dịch vụ”.
pub fn counted_noun(counted: Counted) -> &'static str {
    match counted {
        Counted::Case => "trường hợp",
        Counted::Dossier => "hồ sơ",
        Counted::Procedure => "thủ tục",
        Counted::Service => "dịch vụ",
        Counted::Petition => "phản ánh, kiến nghị",
    }
}

/// Points with a fixed number of decimals, in Vietnamese notation: 7,96; 0,00.
pub fn format_points(value: Decimal, places: u32) -> String {
    format_decimal(fixed(value, places))
}

/// A percentage in Vietnamese notation, or “không có” when there is none (a zero denominator is
/// not 0%), as the monthly report writes it.
pub fn format_percent(value: Option<Decimal>, places: u32) -> String {
    match value {
        Some(v) => format!("{}%", format_points(v, places)),
        None => "không có".to_owned(),
    }
}

/// “xếp hạng 12/34”, or “chưa xếp hạng” for an incomplete unit.
pub fn rank_label(ranked: &Ranked) -> String {
    match ranked.rank {
        Some(rank) => format!("xếp hạng {rank}/{}", ranked.of),
        None => "chưa xếp hạng".to_owned(),
    }
}

pub(crate) fn fixed(value: Decimal, places: u32) -> Decimal {
    let mut value = value;
    if value.scale() < places {
        value.rescale(places);
    }
    value
}

/// A date as officials write it: 1/10/2026.
pub(crate) fn format_date(date: jiff::civil::Date) -> String {
    format!("{}/{}/{}", date.day(), date.month(), date.year())
}

/// A period's days as a report says them: “từ ngày 21/9/2026 đến ngày 20/10/2026”.
pub(crate) fn format_days(period: &Period) -> String {
    format!(
        "từ ngày {} đến ngày {}",
        format_date(period.first_day()),
        format_date(period.last_day())
    )
}

/// `text` with its first letter in capitals (“sở, ban, ngành” heads a cell as “Sở, ban, ngành”),
/// or in small letters (“Tổng …” as a clause after a colon: “tổng …”).
pub(crate) fn first_letter(text: &str, capital: bool) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        if capital {
            first.to_uppercase().chain(chars).collect()
        } else {
            first.to_lowercase().chain(chars).collect()
        }
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    use super::{format_count, format_decimal, points_text, DecimalText};

    /// The notation from `Display`: its digits, the comma for the point, dots every three
    /// digits of the whole part, no sign on a zero.
    fn reference(value: Decimal) -> String {
        let text = value.abs().to_string();
        let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
        let mut grouped = String::new();
        for (i, digit) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                grouped.push('.');
            }
            grouped.push(digit);
        }
        let sign = if value.is_sign_negative() && !value.is_zero() {
            "-"
        } else {
            ""
        };
        match fraction {
            "" => format!("{sign}{grouped}"),
            _ => format!("{sign}{grouped},{fraction}"),
        }
    }

    proptest! {
        #[test]
        fn decimals_are_written_as_display_writes_them(
            mantissa in prop_oneof![-100_000i128..=100_000, any::<i64>().prop_map(i128::from),
                                    (-(1i128 << 95))..(1i128 << 95)],
            scale in 0u32..=28,
        ) {
            let value = Decimal::from_i128_with_scale(mantissa, scale);
            prop_assert_eq!(format_decimal(value), reference(value));
            // Written into a sentence, the same text.
            prop_assert_eq!(format!("({})", DecimalText(value)), format!("({})", reference(value)));
            prop_assert_eq!(points_text(value, 2).to_string(), reference(super::fixed(value, 2)));
        }

        #[test]
        fn counts_are_grouped_by_three(value in any::<u64>()) {
            prop_assert_eq!(format_count(value), reference(Decimal::from(value)));
        }
    }

    #[test]
    fn edges() {
        assert_eq!(format_decimal(Decimal::new(-5, 3)), "-0,005");
        assert_eq!(format_decimal(Decimal::new(0, 2)), "0,00");
        assert_eq!(format_decimal(Decimal::new(900_312, 2)), "9.003,12");
        assert_eq!(
            format_decimal(Decimal::MAX),
            "79.228.162.514.264.337.593.543.950.335"
        );
        assert_eq!(format_count(0), "0");
        assert_eq!(format_count(597_918), "597.918");
    }
}

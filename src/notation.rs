//! Numbers as Vietnamese officials write them: decimal comma, thousands dot (9.003; 99,97%);
//! shared by the reports and the plans' findings, re-exported from [`report`](crate::report).

use rust_decimal::Decimal;

use crate::period::Period;
use crate::rank::Ranked;

/// A decimal in Vietnamese notation: decimal comma, thousands dot, the value's own decimals.
pub fn format_decimal(value: Decimal) -> String {
    // The digits of the mantissa with the point `scale` places from the right, as `Display`
    // writes them (trailing zeros kept), without its general formatting.
    let digits = value.mantissa().unsigned_abs().to_string();
    let scale = value.scale() as usize;
    let text = if digits.len() <= scale {
        "0".repeat(scale + 1 - digits.len()) + &digits
    } else {
        digits
    };
    let (whole, fraction) = text.split_at(text.len() - scale);
    let mut out = String::with_capacity(text.len() + text.len() / 3 + 2);
    if value.is_sign_negative() && !value.is_zero() {
        out.push('-');
    }
    out.push_str(&group_thousands(whole));
    if !fraction.is_empty() {
        out.push(',');
        out.push_str(fraction);
    }
    out
}

/// A count in Vietnamese notation: 597.918.
pub fn format_count(value: u64) -> String {
    group_thousands(&value.to_string())
}

fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(digit);
    }
    out
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

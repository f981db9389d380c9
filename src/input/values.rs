//! Values as offices write them: whole numbers, dates and codes, read one way in every reader,
//! with a hint when a value is probably meant otherwise (a thousands dot, a decimal comma, a date
//! written day first).

use jiff::civil::Date;

use super::printable;
use crate::calendar::Moment;

/// A whole number ≥ 0 written in digits only: no sign, separator, fraction or exponent. The error
/// says what was probably meant.
pub(crate) fn whole_number<T: TryFrom<u64>>(text: &str) -> Result<T, String> {
    let shown = printable(text);
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if digits(text) {
        let too_large = || format!("'{shown}' is too large for this field");
        let value: u64 = text.parse().map_err(|_| too_large())?;
        return T::try_from(value).map_err(|_| too_large());
    }
    let hint = if let Some(rest) = text.strip_prefix('-').filter(|r| r.parse::<f64>().is_ok()) {
        if rest.parse::<f64>() == Ok(0.0) {
            "has a minus sign; write 0".to_owned()
        } else {
            "is negative".to_owned()
        }
    } else if let Some(rest) = text.strip_prefix('+').filter(|r| digits(r)) {
        format!("has a plus sign; write {rest}")
    } else if let Some(whole) = grouped(text, '.').or_else(|| grouped(text, ',')) {
        format!("has a thousands separator; write {whole}")
    } else if text.contains('_') && digits(&text.replace('_', "")) {
        format!("has underscores; write {}", text.replace('_', ""))
    } else if text
        .split_once(',')
        .is_some_and(|(a, b)| digits(a) && digits(b))
    {
        "is not a whole number (a decimal comma)".to_owned()
    } else if let Some((whole, fraction)) =
        text.split_once('.').filter(|(a, b)| digits(a) && digits(b))
    {
        if fraction.bytes().all(|b| b == b'0') {
            format!("has a fraction; write {whole}")
        } else {
            "is not a whole number".to_owned()
        }
    } else if text.contains(['e', 'E']) && text.parse::<f64>().is_ok() {
        "is in exponent notation; write the number in digits".to_owned()
    } else {
        "is not a whole number ≥ 0".to_owned()
    };
    Err(format!("'{shown}' {hint}"))
}

/// `2.900` or `1.234.567` (groups of three after the first) as `2900`, `1234567`.
fn grouped(text: &str, separator: char) -> Option<String> {
    let mut groups = text.split(separator);
    let first = groups.next()?;
    let rest: Vec<&str> = groups.collect();
    let ok = !rest.is_empty()
        && (1..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_digit())
        && rest
            .iter()
            .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
    ok.then(|| text.replace(separator, ""))
}

/// `dd/mm/yyyy` (or `d/m/yyyy`) and what follows it, as `(year, month, day, rest)`.
fn day_first(text: &str) -> Option<(i16, i8, i8, &str)> {
    let (date, rest) = match text.split_once([' ', 'T']) {
        Some((date, rest)) => (date, rest),
        None => (text, ""),
    };
    let mut parts = date.split(['/', '-', '.']);
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    let small = |s: &str| (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    if parts.next().is_some() || !small(d) || !small(m) || y.len() != 4 {
        return None;
    }
    Some((y.parse().ok()?, m.parse().ok()?, d.parse().ok()?, rest))
}

fn day_first_hint(text: &str) -> String {
    match day_first(text) {
        Some((y, m, d, _)) => format!(
            "; it looks like a date written day first: write {y:04}-{m:02}-{d:02}, or read the \
             file with day-first dates (ReadOptions::day_first_dates, --day-first)"
        ),
        None => String::new(),
    }
}

/// A date `YYYY-MM-DD`, or, with `day_first`, `dd/mm/yyyy`.
pub(crate) fn date(text: &str, day_first_dates: bool) -> Result<Date, String> {
    if day_first_dates {
        if let Some((y, m, d, "")) = day_first(text) {
            return Date::new(y, m, d).map_err(|_| format!("'{text}' is not a date"));
        }
    }
    text.parse::<Date>().map_err(|_| {
        format!(
            "'{}' is not a date YYYY-MM-DD{}",
            printable(text),
            if day_first_dates {
                String::new()
            } else {
                day_first_hint(text)
            }
        )
    })
}

/// An instant as [`Moment::parse`] reads it, or, with `day_first`, `dd/mm/yyyy[ HH:MM[:SS]]` in
/// Vietnam's time.
pub(crate) fn moment(text: &str, day_first_dates: bool) -> Result<Moment, String> {
    if day_first_dates {
        if let Some((y, m, d, rest)) = day_first(text) {
            let iso = format!("{y:04}-{m:02}-{d:02} {rest}");
            return Moment::parse(iso.trim_end()).map_err(|_| format!("'{text}' is not a time"));
        }
    }
    Moment::parse(text).map_err(|e| {
        let hint = if day_first_dates {
            String::new()
        } else {
            day_first_hint(text)
        };
        format!("{}{hint}", e.kind())
    })
}

/// Text in Unicode's composed form (NFC), so that `Phường` typed on a Mac (decomposed, NFD) and on
/// Windows are one spelling in every reader: codes and names are compared as text.
///
/// Inlined for the ASCII text of nearly every field, which is composed already: a call returning
/// the text would cost more than the check.
#[inline]
pub(crate) fn composed(text: &str) -> std::borrow::Cow<'_, str> {
    if text.is_ascii() {
        std::borrow::Cow::Borrowed(text)
    } else {
        composed_unicode(text)
    }
}

/// [`composed`] for text beyond ASCII.
fn composed_unicode(text: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.nfc().collect())
    }
}

/// Checks a code (of a unit, a procedure, a dossier): one line of text, no control characters.
pub(crate) fn check_code(text: &str) -> Result<(), String> {
    // Printable ASCII, nearly every code, needs no look at characters.
    if text.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        return Ok(());
    }
    match text.chars().find(|c| c.is_control()) {
        Some(c) => Err(format!(
            "'{}' holds a control character (U+{:04X}); a code is one line of text",
            printable(text),
            u32::from(c)
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::{check_code, date, moment, whole_number};

    // Printable ASCII passes at once; a control character is refused whether it is ASCII (a
    // tab, DEL) or beyond (NEL, U+0085), in text that is otherwise Vietnamese or not.
    #[test]
    fn codes_hold_no_control_character() {
        for code in ["H44.101", "2.000815", "Phường 1", "HS-2026/0001 ~"] {
            assert_eq!(check_code(code), Ok(()), "{code}");
        }
        for code in ["H44\t101", "H44\u{7f}", "Phường\u{85}1", "\u{0}"] {
            assert!(check_code(code).is_err(), "{code:?}");
        }
    }

    #[test]
    fn whole_numbers_are_digits_and_the_error_says_what_was_meant() {
        assert_eq!(whole_number::<u64>("2900"), Ok(2900));
        let error = |t: &str| whole_number::<u64>(t).unwrap_err();
        assert_eq!(
            error("2.900"),
            "'2.900' has a thousands separator; write 2900"
        );
        assert_eq!(
            error("1.234.567"),
            "'1.234.567' has a thousands separator; write 1234567"
        );
        assert_eq!(error("+5"), "'+5' has a plus sign; write 5");
        assert_eq!(error("-0"), "'-0' has a minus sign; write 0");
        assert_eq!(error("-3"), "'-3' is negative");
        assert_eq!(error("1_000"), "'1_000' has underscores; write 1000");
        assert_eq!(
            error("12,5"),
            "'12,5' is not a whole number (a decimal comma)"
        );
        assert_eq!(
            error("1e1"),
            "'1e1' is in exponent notation; write the number in digits"
        );
        assert_eq!(
            error("99999999999999999999"),
            "'99999999999999999999' is too large for this field"
        );
        assert_eq!(
            whole_number::<u32>("4294967296").unwrap_err(),
            "'4294967296' is too large for this field"
        );
    }

    #[test]
    fn day_first_dates_are_read_only_when_asked() {
        let error = date("30/09/2026", false).unwrap_err();
        assert!(error.contains("write 2026-09-30"), "{error}");
        assert_eq!(date("30/09/2026", true).unwrap().to_string(), "2026-09-30");
        assert!(date("31/02/2026", true).is_err());
        let at = moment("30/09/2026 23:59", true).unwrap();
        assert_eq!(at.to_string(), "2026-09-30T23:59:00+07:00");
        assert!(moment("30/09/2026 23:59", false)
            .unwrap_err()
            .contains("day first"));
    }
}

//! Values as offices write them: whole numbers, dates and codes, read one way in every reader,
//! with a hint when a value is probably meant otherwise (a thousands dot, a decimal comma, a date
//! written day first).

use jiff::civil::Date;

use crate::calendar::Moment;
use crate::error::{DateHint, ErrorKind, NumberHint, Problem};

/// A whole number ≥ 0 written in digits only: no sign, separator, fraction or exponent. The error
/// says what was probably meant.
pub(crate) fn whole_number<T: TryFrom<u64>>(text: &str) -> Result<T, Problem> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let fail = |hint| Problem::NotWholeNumber {
        value: text.to_owned(),
        hint,
    };
    if digits(text) {
        let value: u64 = text.parse().map_err(|_| fail(NumberHint::TooLarge))?;
        return T::try_from(value).map_err(|_| fail(NumberHint::TooLarge));
    }
    Err(fail(number_hint(text, digits)))
}

/// What a number that is not written in digits only was probably meant to be.
fn number_hint(text: &str, digits: impl Fn(&str) -> bool) -> NumberHint {
    if let Some(rest) = text.strip_prefix('-').filter(|r| r.parse::<f64>().is_ok()) {
        if rest.parse::<f64>() == Ok(0.0) {
            NumberHint::MinusZero
        } else {
            NumberHint::Negative
        }
    } else if let Some(rest) = text.strip_prefix('+').filter(|r| digits(r)) {
        NumberHint::PlusSign {
            write: rest.to_owned(),
        }
    } else if let Some(whole) = grouped(text, '.').or_else(|| grouped(text, ',')) {
        NumberHint::Thousands { write: whole }
    } else if text.contains('_') && digits(&text.replace('_', "")) {
        NumberHint::Underscores {
            write: text.replace('_', ""),
        }
    } else if text
        .split_once(',')
        .is_some_and(|(a, b)| digits(a) && digits(b))
    {
        NumberHint::DecimalComma
    } else if let Some((whole, fraction)) =
        text.split_once('.').filter(|(a, b)| digits(a) && digits(b))
    {
        if fraction.bytes().all(|b| b == b'0') {
            NumberHint::Fraction {
                write: whole.to_owned(),
            }
        } else {
            NumberHint::NotWhole
        }
    } else if text.contains(['e', 'E']) && text.parse::<f64>().is_ok() {
        NumberHint::Exponent
    } else {
        NumberHint::Other
    }
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

/// What a date or time that cannot be read probably is: written day first, or a spreadsheet's
/// day number.
fn date_hint(text: &str, day_first_dates: bool) -> DateHint {
    if let Some(date) = serial_day(text) {
        return DateHint::SerialNumber { date };
    }
    match day_first(text) {
        Some((y, m, d, _)) if !day_first_dates => DateHint::DayFirst {
            iso: format!("{y:04}-{m:02}-{d:02}"),
        },
        _ => DateHint::None,
    }
}

/// The date a spreadsheet's serial day number stands for (day 1 is 1900-01-01, and, as Excel
/// counts a 29 February 1900 that never was, day 46300 is 2026-10-05), for numbers between 1980
/// and 2100 with or without a fraction of a day (`46300.5` is noon).
fn serial_day(text: &str) -> Option<Date> {
    let whole = match text.split_once(['.', ',']) {
        Some((whole, fraction)) if fraction.bytes().all(|b| b.is_ascii_digit()) => whole,
        Some(_) => return None,
        None => text,
    };
    if whole.len() != 5 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let days: i64 = whole.parse().ok()?;
    // 29221 is 1980-01-01, 73051 is 2100-01-01.
    if !(29_221..73_051).contains(&days) {
        return None;
    }
    let epoch = jiff::civil::date(1899, 12, 30);
    epoch.checked_add(jiff::Span::new().days(days)).ok()
}

/// A date `YYYY-MM-DD`, or, with `day_first`, `dd/mm/yyyy`.
pub(crate) fn date(text: &str, day_first_dates: bool) -> Result<Date, Problem> {
    if day_first_dates {
        if let Some((y, m, d, "")) = day_first(text) {
            return Date::new(y, m, d).map_err(|_| Problem::NotDate {
                value: text.to_owned(),
                hint: DateHint::NoSuchDay,
            });
        }
    }
    text.parse::<Date>().map_err(|_| Problem::NotDate {
        value: text.to_owned(),
        hint: date_hint(text, day_first_dates),
    })
}

/// An instant as [`Moment::parse`] reads it, or, with `day_first`, `dd/mm/yyyy[ HH:MM[:SS]]` in
/// Vietnam's time.
pub(crate) fn moment(text: &str, day_first_dates: bool) -> Result<Moment, Problem> {
    if day_first_dates {
        if let Some((y, m, d, rest)) = day_first(text) {
            let iso = format!("{y:04}-{m:02}-{d:02} {rest}");
            return Moment::parse(iso.trim_end()).map_err(|_| Problem::NotTime {
                value: text.to_owned(),
                hint: DateHint::None,
            });
        }
    }
    Moment::parse(text).map_err(|_| Problem::NotTime {
        value: text.to_owned(),
        hint: date_hint(text, day_first_dates),
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

/// Checks a code (of a unit, a procedure, a dossier): one line of visible text, no control,
/// direction or zero-width character (two codes that look alike must be the same code).
pub(crate) fn check_code(text: &str) -> Result<(), Problem> {
    // Printable ASCII, nearly every code, needs no look at characters.
    if text.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        return Ok(());
    }
    match text.chars().find(|&c| crate::printable::is_hidden(c)) {
        Some(character) => Err(Problem::ControlCharacter {
            value: text.to_owned(),
            character,
        }),
        None => Ok(()),
    }
}

/// Text for a cell of a CSV file that Excel opens: a leading `=`, `+`, `-`, `@`, tab or carriage
/// return would make Excel run it as a formula, so such text is guarded by an apostrophe, which
/// [`excel_unguarded`] takes off again when the file is read back.
pub(crate) fn excel_guarded(text: &str) -> std::borrow::Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => std::borrow::Cow::Owned(format!("'{text}")),
        _ => std::borrow::Cow::Borrowed(text),
    }
}

/// A CSV writer for Excel in the Vietnamese locale, which reads a file so without asking: the
/// byte-order mark written (else Excel takes the text for the ANSI code page), `;` between fields
/// (the decimal comma takes `,`), lines ending in CRLF. `what` names the output in errors.
pub(crate) fn excel_csv_writer<W: std::io::Write>(
    mut out: W,
    what: &str,
) -> crate::error::Result<csv::Writer<W>> {
    out.write_all("\u{feff}".as_bytes())
        .map_err(|source| ErrorKind::Io {
            path: what.to_owned(),
            source,
        })?;
    Ok(csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(out))
}

/// Text read from a cell [`excel_guarded`] wrote: its guarding apostrophe taken off.
pub(crate) fn excel_unguarded(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::{check_code, date, moment, whole_number};
    use crate::error::{DateHint, Problem};

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
        let error = |t: &str| whole_number::<u64>(t).unwrap_err().to_string();
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
            whole_number::<u32>("4294967296").unwrap_err().to_string(),
            "'4294967296' is too large for this field"
        );
    }

    // Excel writes a date it took for a number as its serial day: 46300 is 2026-10-05.
    #[test]
    fn a_spreadsheets_day_number_is_named_with_its_date() {
        for text in ["46300", "46300.5", "46300,75"] {
            let problem = date(text, false).unwrap_err();
            assert_eq!(
                problem,
                Problem::NotDate {
                    value: text.into(),
                    hint: DateHint::SerialNumber {
                        date: jiff::civil::date(2026, 10, 5)
                    }
                },
                "{text}"
            );
            assert!(matches!(
                moment(text, true).unwrap_err(),
                Problem::NotTime {
                    hint: DateHint::SerialNumber { .. },
                    ..
                }
            ));
        }
        // Not five digits, or a year out of reach: no guess.
        for text in ["4630", "463000", "12345", "46300.5x"] {
            assert!(matches!(
                date(text, false).unwrap_err(),
                Problem::NotDate {
                    hint: DateHint::None,
                    ..
                }
            ));
        }
    }

    #[test]
    fn day_first_dates_are_read_only_when_asked() {
        let error = date("30/09/2026", false).unwrap_err().to_string();
        assert!(error.contains("write 2026-09-30"), "{error}");
        assert_eq!(date("30/09/2026", true).unwrap().to_string(), "2026-09-30");
        assert!(date("31/02/2026", true).is_err());
        let at = moment("30/09/2026 23:59", true).unwrap();
        assert_eq!(at.to_string(), "2026-09-30T23:59:00+07:00");
        assert!(moment("30/09/2026 23:59", false)
            .unwrap_err()
            .to_string()
            .contains("day first"));
    }
}

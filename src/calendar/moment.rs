//! Instants in Vietnam's civil time, and the day arithmetic behind them.

use std::fmt;

use jiff::civil::Date;

use super::YEARS;
use crate::error::{Error, ErrorKind, Result};

/// Vietnam's offset from UTC: +07:00 all year (no daylight saving).
const OFFSET: i64 = 7 * 3600;

/// An instant, as whole seconds since 1970-01-01T00:00:00Z, read and shown in Vietnam's civil time
/// (UTC+07:00): `2026-09-30T23:30:00+07:00` is 30 September even though it is 16:30 UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Moment(i64);

impl Moment {
    /// The instant `seconds` after 1970-01-01T00:00:00Z.
    ///
    /// Errors: the instant falls outside the years a calendar covers (1970–2199 in Vietnam), which
    /// also keeps all day arithmetic far from overflow.
    pub fn from_unix_seconds(seconds: i64) -> Result<Moment> {
        let first = Moment::from_local(days_from_civil(YEARS.0, 1, 1), 0);
        let last = Moment::from_local(days_from_civil(YEARS.1, 12, 31), 86_399);
        if (first.0..=last.0).contains(&seconds) {
            Ok(Moment(seconds))
        } else {
            Err(ErrorKind::Syntax {
                problem: format!(
                    "{seconds} seconds after 1970-01-01T00:00Z is outside the years {}–{}",
                    YEARS.0, YEARS.1
                ),
            }
            .into())
        }
    }

    /// The instant of seconds taken from a `Moment` earlier (so already in range).
    pub(crate) fn from_checked_seconds(seconds: i64) -> Moment {
        Moment(seconds)
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    pub fn unix_seconds(self) -> i64 {
        self.0
    }

    /// The instant at `second` after midnight of the civil day `day` (days since 1970-01-01) in
    /// Vietnam.
    pub(crate) fn from_local(day: i32, second: i64) -> Moment {
        Moment(i64::from(day) * 86_400 + second - OFFSET)
    }

    /// The start (00:00 in Vietnam) of a civil date.
    pub fn start_of(date: Date) -> Moment {
        Moment::from_local(
            days_from_civil(date.year(), date.month() as u8, date.day() as u8),
            0,
        )
    }

    /// The civil day in Vietnam, as days since 1970-01-01.
    pub(crate) fn local_day(self) -> i32 {
        (self.0 + OFFSET).div_euclid(86_400) as i32
    }

    /// Seconds after midnight in Vietnam.
    pub(crate) fn local_second_of_day(self) -> i64 {
        (self.0 + OFFSET).rem_euclid(86_400)
    }

    /// The civil date in Vietnam.
    pub fn date(self) -> Date {
        let (y, m, d) = civil_from_days(self.local_day());
        jiff::civil::date(y, m as i8, d as i8)
    }

    /// Reads an instant: RFC 3339 (`2026-03-02T08:15:00+07:00`, `…Z`), or Vietnam's local time as
    /// `YYYY-MM-DD HH:MM[:SS]` (a `T` may replace the space) or `YYYY-MM-DD` (midnight). Years run
    /// from 1970 to 2199.
    pub fn parse(text: &str) -> Result<Moment> {
        parse(text.as_bytes()).ok_or_else(|| {
            Error::from(ErrorKind::Syntax {
                problem: format!(
                    "'{text}' is not a time (RFC 3339, YYYY-MM-DD HH:MM[:SS] or YYYY-MM-DD, years {}–{})",
                    YEARS.0, YEARS.1
                ),
            })
        })
    }
}

impl fmt::Display for Moment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = civil_from_days(self.local_day());
        let s = self.local_second_of_day();
        write!(
            f,
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}+07:00",
            s / 3600,
            s / 60 % 60,
            s % 60
        )
    }
}

/// Digits at `at..at + n` as a number, if they are all digits.
fn digits(bytes: &[u8], at: usize, n: usize) -> Option<i64> {
    let slice = bytes.get(at..at + n)?;
    slice.iter().try_fold(0i64, |acc, &b| {
        b.is_ascii_digit().then(|| acc * 10 + i64::from(b - b'0'))
    })
}

/// A hand-written parser: timestamps are most of a dossier file, and this is several times faster
/// than a general one while accepting exactly the documented forms.
fn parse(bytes: &[u8]) -> Option<Moment> {
    let year = digits(bytes, 0, 4)?;
    if bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return None;
    }
    let (month, day) = (digits(bytes, 5, 2)?, digits(bytes, 8, 2)?);
    if !(i64::from(YEARS.0)..=i64::from(YEARS.1)).contains(&year)
        || !(1..=12).contains(&month)
        || day < 1
        || day > i64::from(days_in_month(year as i16, month as u8))
    {
        return None;
    }
    let month_start = MONTH_STARTS.get(((year - i64::from(YEARS.0)) * 12 + month - 1) as usize)?;
    let date = month_start + day as i32 - 1;
    if bytes.len() == 10 {
        return Some(Moment::from_local(date, 0));
    }
    if !matches!(bytes.get(10), Some(b' ' | b'T' | b't')) || bytes.get(13) != Some(&b':') {
        return None;
    }
    let (hour, minute) = (digits(bytes, 11, 2)?, digits(bytes, 14, 2)?);
    let mut at = 16;
    let mut second = 0;
    if bytes.get(at) == Some(&b':') {
        second = digits(bytes, at + 1, 2)?;
        at += 3;
        // Fractions of a second are accepted and dropped: the rules work in seconds.
        if bytes.get(at) == Some(&b'.') {
            at += 1;
            while bytes.get(at).is_some_and(u8::is_ascii_digit) {
                at += 1;
            }
        }
    }
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let local = hour * 3600 + minute * 60 + second;
    let offset = match bytes.get(at..) {
        Some([]) => OFFSET,
        Some([b'Z' | b'z']) => 0,
        Some([sign @ (b'+' | b'-'), rest @ ..])
            if rest.len() == 5 && rest.get(2) == Some(&b':') =>
        {
            let (h, m) = (digits(rest, 0, 2)?, digits(rest, 3, 2)?);
            if h > 23 || m > 59 {
                return None;
            }
            let offset = h * 3600 + m * 60;
            if *sign == b'-' {
                -offset
            } else {
                offset
            }
        }
        _ => return None,
    };
    Some(Moment(i64::from(date) * 86_400 + local - offset))
}

fn days_in_month(year: i16, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub(crate) const fn days_from_civil(year: i16, month: u8, day: u8) -> i32 {
    let y = year as i32 - (month <= 2) as i32;
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The day number of the first of each month of the years a [`Moment`] is read in, by
/// `(year - YEARS.0) * 12 + month - 1`: five of them on each dossier row make the arithmetic
/// above a noticeable share of reading a file, and this table (11 KB) is built at compile time.
const MONTH_STARTS: [i32; MONTHS] = {
    let mut starts = [0; MONTHS];
    let mut i = 0;
    while i < MONTHS {
        starts[i] = days_from_civil(YEARS.0 + (i / 12) as i16, (i % 12) as u8 + 1, 1);
        i += 1;
    }
    starts
};
const MONTHS: usize = (YEARS.1 - YEARS.0 + 1) as usize * 12;

/// The date of a day number (the inverse of [`days_from_civil`]).
pub(crate) fn civil_from_days(days: i32) -> (i16, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i32::from(month <= 2)) as i16;
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip() {
        for day in [-1, 0, 1, 10_957, 20_454, 20_725, 84_000] {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
        }
        assert_eq!(days_from_civil(2026, 9, 30), 20_726);
        // The parser's table agrees with the arithmetic at both ends of the years read.
        for (year, month, day) in [(1970, 1, 1), (2026, 2, 28), (2028, 2, 29), (2199, 12, 31)] {
            let text = format!("{year:04}-{month:02}-{day:02}");
            let moment = parse(text.as_bytes()).map(Moment::local_day);
            assert_eq!(moment, Some(days_from_civil(year, month, day)), "{text}");
        }
    }
}

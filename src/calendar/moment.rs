//! Instants in Vietnam's civil time, and the day arithmetic behind them.

use std::fmt;

use jiff::civil::Date;

use super::YEARS;
use crate::error::{DateHint, Error, ErrorKind, Problem, Result};

/// Vietnam's offset from UTC: +07:00 all year (no daylight saving).
const OFFSET: i64 = 7 * 3600;

/// The first and last instants whose day in Vietnam is within the calendar's years.
const FIRST: i64 = days_from_civil(YEARS.0, 1, 1) as i64 * 86_400 - OFFSET;
/// See [`FIRST`].
const LAST: i64 = days_from_civil(YEARS.1, 12, 31) as i64 * 86_400 + 86_399 - OFFSET;

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
        if (FIRST..=LAST).contains(&seconds) {
            Ok(Moment(seconds))
        } else {
            Err(Error::calendar(format!(
                "{seconds} seconds after 1970-01-01T00:00Z is outside the years {}–{}",
                YEARS.0, YEARS.1
            )))
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
        Moment::from_local(day_number(date), 0)
    }

    /// The civil day in Vietnam, as days since 1970-01-01.
    pub(crate) fn local_day(self) -> i32 {
        let seconds = self.0 + OFFSET;
        // Moments start at 1970-01-01 in Vietnam, so the seconds are never negative, and unsigned
        // division is cheaper than Euclid's (the dossier rules ask for days several times).
        match u64::try_from(seconds) {
            Ok(seconds) => (seconds / 86_400) as i32,
            Err(_) => seconds.div_euclid(86_400) as i32,
        }
    }

    /// Seconds after midnight in Vietnam.
    pub(crate) fn local_second_of_day(self) -> i64 {
        (self.0 + OFFSET).rem_euclid(86_400)
    }

    /// The civil date and time in Vietnam.
    pub fn civil(self) -> jiff::civil::DateTime {
        let second = self.local_second_of_day();
        let time = jiff::civil::time(
            (second / 3600) as i8,
            (second / 60 % 60) as i8,
            (second % 60) as i8,
            0,
        );
        self.date().to_datetime(time)
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
            Error::from(ErrorKind::InvalidValue {
                problem: Problem::NotTime {
                    value: text.to_owned(),
                    hint: DateHint::None,
                },
            })
        })
    }
}

impl Moment {
    /// The instant as Vietnamese officials write it: “09:00 ngày 6/3/2026” (seconds shown only
    /// when not zero).
    pub fn label_vi(self) -> String {
        let (y, m, d) = civil_from_days(self.local_day());
        let s = self.local_second_of_day();
        let seconds = if s % 60 == 0 {
            String::new()
        } else {
            format!(":{:02}", s % 60)
        };
        format!(
            "{:02}:{:02}{seconds} ngày {d}/{m}/{y}",
            s / 3600,
            s / 60 % 60
        )
    }
}

/// An instant serializes as its RFC 3339 text in Vietnam's time, which [`Moment::parse`] reads.
impl serde::Serialize for Moment {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
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
    let moment = match <&[u8; 25]>::try_from(bytes).ok().and_then(parse_rfc3339) {
        Some(moment) => moment,
        None => parse_any(bytes)?,
    };
    // The written year is in range, but another offset can move the day in Vietnam out of it
    // (`2199-12-31T23:59:59-12:00` is 1 January 2200 in Vietnam), and it would not print back.
    (FIRST..=LAST).contains(&moment.0).then_some(moment)
}

/// The form nearly every exported timestamp has, `YYYY-MM-DDTHH:MM:SS+07:00`, read eight bytes at
/// a time ([`rfc3339_pairs`]). `None` sends the text to [`parse_any`], which accepts what this
/// does (the same instant) and more, and names the error.
fn parse_rfc3339(b: &[u8; 25]) -> Option<Moment> {
    let (date, time, zone, last) = rfc3339_pairs(b)?;
    let byte = |x: u64, i: u32| ((x >> (8 * i)) & 0xFF) as i64;
    let day = written_day(
        byte(date, 0) * 100 + byte(date, 2),
        byte(date, 5),
        byte(time, 0),
    )?;
    let local = second_of_day(byte(time, 3), byte(time, 6), byte(zone, 1))?;
    let offset = offset_seconds(b[19] == b'-', byte(zone, 4), byte(zone, 7) + last)?;
    Some(Moment(i64::from(day) * 86_400 + local - offset))
}

/// The three words of eight bytes of the RFC 3339 form (`YYYY-MM-`, `DDTHH:MM`, `:SS+07:0`),
/// each pair of digits made a number in its first byte, and the last digit; `None` when a byte
/// is not what the form has there. Each byte's digit value is taken at once (`^ b'0'`), all
/// digits are checked at once, and each pair is made a number by one multiply
/// (`10 × first + second` lands in the first's byte).
#[inline(always)]
fn rfc3339_pairs(b: &[u8; 25]) -> Option<(u64, u64, u64, i64)> {
    const ZEROS: u64 = 0x3030_3030_3030_3030;
    let word = |at: usize| {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(b.get(at..at + 8)?);
        Some(u64::from_le_bytes(bytes) ^ ZEROS)
    };
    let (date, time, zone) = (word(0)?, word(8)?, word(16)?);
    let last = u64::from(b[24] ^ b'0');
    // Digit bytes must be 0..=9 after the XOR: "YYYY-MM-", "DDTHH:MM", ":SS+07:0".
    const DATE_DIGITS: u64 = 0x00FF_FF00_FFFF_FFFF;
    const TIME_DIGITS: u64 = 0xFFFF_00FF_FF00_FFFF;
    const ZONE_DIGITS: u64 = 0xFF00_FFFF_00FF_FF00;
    let not_digits = |x: u64, mask: u64| {
        let x = x & mask;
        (x | ((x & 0x7F7F_7F7F_7F7F_7F7F) + 0x7676_7676_7676_7676)) & mask & 0x8080_8080_8080_8080
    };
    let separators = date & !DATE_DIGITS == 0x1D00_001D_0000_0000 // '-' at 4 and 7
        && time & !TIME_DIGITS & !0x00FF_0000 == 0x0A00_0000_0000 // ':' at 13 ('T' apart)
        && zone & !ZONE_DIGITS & !0xFF00_0000 == 0x000A_0000_0000_000A; // ':' at 16, 22 (sign apart)
    if !separators
        || not_digits(date, DATE_DIGITS)
            | not_digits(time, TIME_DIGITS)
            | not_digits(zone, ZONE_DIGITS)
            != 0
        || last > 9
        || !matches!(b[10], b'T' | b't' | b' ')
        || !matches!(b[19], b'+' | b'-')
    {
        return None;
    }
    // Separators cleared first: a byte above 9 would carry into its neighbour.
    let pairs = |x: u64, digits: u64| {
        let x = x & digits;
        x.wrapping_mul(10).wrapping_add(x >> 8)
    };
    Some((
        pairs(date, DATE_DIGITS),
        pairs(time, TIME_DIGITS),
        pairs(zone, ZONE_DIGITS),
        last as i64,
    ))
}

/// Every documented form (see [`Moment::parse`]).
fn parse_any(bytes: &[u8]) -> Option<Moment> {
    let year = digits(bytes, 0, 4)?;
    if bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return None;
    }
    let date = written_day(year, digits(bytes, 5, 2)?, digits(bytes, 8, 2)?)?;
    if bytes.len() == 10 {
        return Some(Moment::from_local(date, 0));
    }
    if !matches!(bytes.get(10), Some(b' ' | b'T' | b't')) || bytes.get(13) != Some(&b':') {
        return None;
    }
    let (hour, minute) = (digits(bytes, 11, 2)?, digits(bytes, 14, 2)?);
    let (second, at) = seconds_at(bytes, 16)?;
    let local = second_of_day(hour, minute, second)?;
    let offset = offset_at(bytes, at)?;
    Some(Moment(i64::from(date) * 86_400 + local - offset))
}

// The parsers' helpers (these and `rfc3339_pairs`) are always inlined: as calls they cost
// `parse_any` a sixth more instructions (measured with callgrind), and timestamps are most of a
// dossier file.

/// The seconds written from `at` (`:SS`, with any fraction of a second), 0 when none, and where
/// the text goes on; `None` when they are not written so.
#[inline(always)]
fn seconds_at(bytes: &[u8], mut at: usize) -> Option<(i64, usize)> {
    if bytes.get(at) != Some(&b':') {
        return Some((0, at));
    }
    let second = digits(bytes, at + 1, 2)?;
    at += 3;
    // Fractions of a second are accepted and dropped: the rules work in seconds.
    if bytes.get(at) == Some(&b'.') {
        at += 1;
        // At least one digit, as RFC 3339 has it.
        let start = at;
        while bytes.get(at).is_some_and(u8::is_ascii_digit) {
            at += 1;
        }
        if at == start {
            return None;
        }
    }
    Some((second, at))
}

/// The offset from UTC, in seconds, of the zone written from `at` to the end: none (Vietnam's
/// time), `Z`, or `±HH:MM`; `None` for anything else.
#[inline(always)]
fn offset_at(bytes: &[u8], at: usize) -> Option<i64> {
    match bytes.get(at..) {
        Some([]) => Some(OFFSET),
        Some([b'Z' | b'z']) => Some(0),
        Some([sign @ (b'+' | b'-'), rest @ ..])
            if rest.len() == 5 && rest.get(2) == Some(&b':') =>
        {
            offset_seconds(*sign == b'-', digits(rest, 0, 2)?, digits(rest, 3, 2)?)
        }
        _ => None,
    }
}

/// The day number (days since 1970-01-01) of a date within [`YEARS`]; `None` for a date that
/// does not exist or lies outside them.
#[inline(always)]
fn written_day(year: i64, month: i64, day: i64) -> Option<i32> {
    if !(i64::from(YEARS.0)..=i64::from(YEARS.1)).contains(&year)
        || !(1..=12).contains(&month)
        || day < 1
        || day > i64::from(days_in_month(year as i16, month as u8))
    {
        return None;
    }
    let month_start = MONTH_STARTS.get(((year - i64::from(YEARS.0)) * 12 + month - 1) as usize)?;
    Some(month_start + day as i32 - 1)
}

/// The second of the day of a time of day; `None` for one that does not exist.
#[inline(always)]
fn second_of_day(hour: i64, minute: i64, second: i64) -> Option<i64> {
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    Some(hour * 3600 + minute * 60 + second)
}

/// An offset from UTC of `hours` and `minutes`, in seconds, west of it when `negative`; `None`
/// for one that does not exist.
#[inline(always)]
fn offset_seconds(negative: bool, hours: i64, minutes: i64) -> Option<i64> {
    if hours > 23 || minutes > 59 {
        return None;
    }
    let offset = hours * 3600 + minutes * 60;
    Some(if negative { -offset } else { offset })
}

/// The days of `month` in `year`.
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
/// How many months the calendar's years hold.
const MONTHS: usize = (YEARS.1 - YEARS.0 + 1) as usize * 12;

/// A civil date's day number (days since 1970-01-01).
pub(crate) fn day_number(date: Date) -> i32 {
    days_from_civil(date.year(), date.month() as u8, date.day() as u8)
}

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

    // The fixed-position reader accepts what the general one does, as the same instant, and
    // nothing else: every text built from these timestamp-like pieces, valid or not (the pieces
    // have no fractions of a second, which only the general reader takes).
    #[test]
    fn the_fast_form_reads_as_the_general_one() {
        let years = [
            "1969",
            "1970",
            "2026",
            "2028",
            "2199",
            "2200",
            "20a6",
            "2\u{7f}26",
        ];
        let months = ["00", "01", "02", "09", "12", "13", "1x", "/1"];
        let days = ["00", "01", "28", "29", "30", "31", "32", ":1"];
        let separators = ["T", "t", " ", "_"];
        let hours = ["00", "07", "23", "24", "-1"];
        let rests = [":00:00", ":59:59", ":60:00", ":00:60", "-00:00", ":0a:00"];
        let zones = [
            "+07:00", "-07:00", "+00:00", "+23:59", "+24:00", "+07-00", "+07:60", "*07:00", "Z",
        ];
        let mut fast_read = 0;
        for y in years {
            for m in months {
                for d in days {
                    for t in separators {
                        for h in hours {
                            for r in rests {
                                for z in zones {
                                    let text = format!("{y}-{m}-{d}{t}{h}{r}{z}");
                                    let bytes = text.as_bytes();
                                    let general = parse_any(bytes);
                                    if let Ok(fixed) = <&[u8; 25]>::try_from(bytes) {
                                        let fast = parse_rfc3339(fixed);
                                        assert_eq!(fast, general, "{text}");
                                        fast_read += usize::from(fast.is_some());
                                    }
                                    // `parse` also keeps the day in Vietnam within the years.
                                    let in_range =
                                        general.filter(|m| (FIRST..=LAST).contains(&m.0));
                                    assert_eq!(parse(bytes), in_range, "{text}");
                                }
                            }
                        }
                    }
                }
            }
        }
        // Many texts took the fast path, so the comparison above is not vacuous.
        assert!(fast_read > 1000, "{fast_read}");
    }

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

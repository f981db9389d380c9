//! Scoring periods (kỳ đánh giá): a month, a quarter, a year, or an explicit range of civil dates in
//! Vietnam (some provinces report from the 21st to the 20th).
//!
//! Text forms are `2026`, `2026-Q3`, `2026-09`, and `2025-09-21..2025-10-20`; in JSON a range is
//! `{"from": "2025-09-21", "to": "2025-10-20"}`. Both ends of a range are included.
//!
//! ```
//! use chiso766::Period;
//!
//! let q3: Period = "2026-Q3".parse()?;
//! assert_eq!(q3.first_day().to_string(), "2026-07-01");
//! assert_eq!(q3.last_day().to_string(), "2026-09-30");
//! # Ok::<(), chiso766::Error>(())
//! ```

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::calendar::YEARS;
use crate::error::{DateHint, Error, ErrorKind, Problem};

/// A scoring period. A year's score uses the year's pooled counts, never an average of months.
///
/// Build one by parsing text or with [`Period::year`], [`Period::quarter`], [`Period::month`] and
/// [`Period::range`], which check their arguments, so every `Period` names real dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period(PeriodKind);

/// What kind of period a [`Period`] is, for callers that branch on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PeriodKind {
    /// A calendar year.
    Year(i16),
    /// A quarter of a year.
    Quarter {
        /// The year.
        year: i16,
        /// The quarter, 1 to 4.
        quarter: u8,
    },
    /// A calendar month.
    Month {
        /// The year.
        year: i16,
        /// The month, 1 to 12.
        month: u8,
    },
    /// An explicit range of civil dates, both ends included.
    Range {
        /// The first day.
        from: Date,
        /// The last day.
        to: Date,
    },
}

impl Period {
    /// A calendar year, 1970 to 2199 (the years a calendar covers).
    pub fn year(year: i16) -> Result<Period, Error> {
        check_year(year)?;
        Ok(Period(PeriodKind::Year(year)))
    }

    /// A quarter, 1 to 4.
    pub fn quarter(year: i16, quarter: u8) -> Result<Period, Error> {
        check_year(year)?;
        if !(1..=4).contains(&quarter) {
            return Err(invalid(
                &format!("{year}-Q{quarter}"),
                Problem::QuarterOutside,
            ));
        }
        Ok(Period(PeriodKind::Quarter { year, quarter }))
    }

    /// A calendar month, 1 to 12.
    pub fn month(year: i16, month: u8) -> Result<Period, Error> {
        check_year(year)?;
        if !(1..=12).contains(&month) {
            return Err(invalid(
                &format!("{year}-{month:02}"),
                Problem::MonthOutside,
            ));
        }
        Ok(Period(PeriodKind::Month { year, month }))
    }

    /// A range of civil dates, both ends included, within the years 1970 to 2199; it must not end
    /// before it starts.
    pub fn range(from: Date, to: Date) -> Result<Period, Error> {
        if !(YEARS.0..=YEARS.1).contains(&from.year()) || !(YEARS.0..=YEARS.1).contains(&to.year())
        {
            return Err(invalid(&format!("{from}..{to}"), Problem::YearOutside));
        }
        if to < from {
            return Err(invalid(&format!("{from}..{to}"), Problem::RangeBackwards));
        }
        Ok(Period(PeriodKind::Range { from, to }))
    }

    /// What kind of period this is.
    pub fn kind(&self) -> PeriodKind {
        self.0
    }

    /// The first civil day of the period.
    pub fn first_day(&self) -> Date {
        match self.0 {
            PeriodKind::Year(year) => first_of(year, 1),
            PeriodKind::Quarter { year, quarter } => first_of(year, quarter * 3 - 2),
            PeriodKind::Month { year, month } => first_of(year, month),
            PeriodKind::Range { from, .. } => from,
        }
    }

    /// The last civil day of the period.
    pub fn last_day(&self) -> Date {
        match self.0 {
            PeriodKind::Year(year) => first_of(year, 12).last_of_month(),
            PeriodKind::Quarter { year, quarter } => first_of(year, quarter * 3).last_of_month(),
            PeriodKind::Month { year, month } => first_of(year, month).last_of_month(),
            PeriodKind::Range { to, .. } => to,
        }
    }

    /// Whether a civil date lies in the period.
    pub fn contains(&self, date: Date) -> bool {
        self.first_day() <= date && date <= self.last_day()
    }

    /// The previous period of the same kind, for a report's comparison: the month, quarter or
    /// year before; for a range running from one day of a month to the day before it next month
    /// (the 21st to the 20th), the same days a month earlier; for any other range, the range of
    /// the same length ending the day before it starts.
    ///
    /// ```
    /// use chiso766::Period;
    ///
    /// let previous = |text: &str| text.parse::<Period>().unwrap().previous().unwrap().to_string();
    /// assert_eq!(previous("2026-01"), "2025-12");
    /// assert_eq!(previous("2026-Q1"), "2025-Q4");
    /// assert_eq!(previous("2026-03-21..2026-04-20"), "2026-02-21..2026-03-20");
    /// assert_eq!(previous("2026-03-01..2026-03-10"), "2026-02-19..2026-02-28");
    /// ```
    ///
    /// Errors: the previous period would begin before 1970.
    pub fn previous(&self) -> Result<Period, Error> {
        match self.0 {
            PeriodKind::Year(year) => Period::year(year - 1),
            PeriodKind::Quarter { year, quarter: 1 } => Period::quarter(year - 1, 4),
            PeriodKind::Quarter { year, quarter } => Period::quarter(year, quarter - 1),
            PeriodKind::Month { year, month: 1 } => Period::month(year - 1, 12),
            PeriodKind::Month { year, month } => Period::month(year, month - 1),
            PeriodKind::Range { from, to } => {
                let month = jiff::Span::new().months(1);
                let monthly = from
                    .checked_add(month)
                    .ok()
                    .and_then(|next| next.yesterday().ok())
                    == Some(to)
                    && from.day() <= 28;
                let earlier = if monthly {
                    from.checked_sub(month).ok().zip(to.checked_sub(month).ok())
                } else {
                    let days = jiff::Span::new()
                        .days(i64::from(to.since(from).map_or(0, |s| s.get_days())) + 1);
                    from.checked_sub(days).ok().zip(to.checked_sub(days).ok())
                };
                let (from, to) =
                    earlier.ok_or_else(|| invalid(&self.to_string(), Problem::YearOutside))?;
                Period::range(from, to)
            }
        }
    }

    /// The Vietnamese label used in reports: “năm 2026”, “quý III/2026”, “tháng 9/2026”,
    /// “từ 21/9/2025 đến 20/10/2025”.
    pub fn label_vi(&self) -> String {
        match self.0 {
            PeriodKind::Year(year) => format!("năm {year}"),
            PeriodKind::Quarter { year, quarter } => {
                let roman = match quarter {
                    1 => "I",
                    2 => "II",
                    3 => "III",
                    _ => "IV",
                };
                format!("quý {roman}/{year}")
            }
            PeriodKind::Month { year, month } => format!("tháng {month}/{year}"),
            PeriodKind::Range { from, to } => format!(
                "từ {}/{}/{} đến {}/{}/{}",
                from.day(),
                from.month(),
                from.year(),
                to.day(),
                to.month(),
                to.year()
            ),
        }
    }
}

impl Period {
    /// Reads a period as [`label_vi`](Period::label_vi) writes it (“tháng 10/2026”, “quý
    /// III/2026”, “năm 2026”, “từ 21/9/2026 đến 20/10/2026”), whatever its case: a counts
    /// template writes its period so, because Excel turns `2026-10` into a date.
    ///
    /// ```
    /// use chiso766::Period;
    /// assert_eq!(Period::from_label_vi("Tháng 10/2026"), Some("2026-10".parse()?));
    /// assert_eq!(Period::from_label_vi("quý III/2026"), Some("2026-Q3".parse()?));
    /// assert_eq!(Period::from_label_vi("10/2026"), None);
    /// # Ok::<(), chiso766::Error>(())
    /// ```
    pub fn from_label_vi(text: &str) -> Option<Period> {
        let folded = crate::input::fold(text);
        let number = |s: &str| s.trim().parse::<u16>().ok();
        if let Some(rest) = folded.strip_prefix("năm ") {
            return Period::year(i16::try_from(number(rest)?).ok()?).ok();
        }
        if let Some(rest) = folded.strip_prefix("tháng ") {
            let (month, year) = rest.split_once('/')?;
            let (month, year) = (u8::try_from(number(month)?).ok()?, number(year)?);
            return Period::month(i16::try_from(year).ok()?, month).ok();
        }
        if let Some(rest) = folded.strip_prefix("quý ") {
            let (roman, year) = rest.split_once('/')?;
            let quarter = ["i", "ii", "iii", "iv"]
                .iter()
                .position(|r| *r == roman.trim())?;
            return Period::quarter(i16::try_from(number(year)?).ok()?, quarter as u8 + 1).ok();
        }
        let (from, to) = folded.strip_prefix("từ ")?.split_once(" đến ")?;
        let day = |d: &str| {
            let mut parts = d.trim().split('/').map(number);
            let (day, month, year) = (parts.next()??, parts.next()??, parts.next()??);
            Date::new(
                i16::try_from(year).ok()?,
                i8::try_from(month).ok()?,
                i8::try_from(day).ok()?,
            )
            .ok()
        };
        Period::range(day(from)?, day(to)?).ok()
    }
}

/// The first day of a month of a year that the constructors have checked (years 1970 to 2199,
/// months 1 to 12), which always exists.
fn first_of(year: i16, month: u8) -> Date {
    jiff::civil::date(year, month as i8, 1)
}

/// Periods lie within the years a calendar covers (the days a record can be on): a period far
/// from any data (`0001-01-01..9999-12-31`) is a mistake, not a wide net.
fn check_year(year: i16) -> Result<(), Error> {
    if (YEARS.0..=YEARS.1).contains(&year) {
        Ok(())
    } else {
        Err(invalid(&year.to_string(), Problem::YearOutside))
    }
}

fn invalid(value: &str, problem: Problem) -> Error {
    ErrorKind::InvalidPeriod {
        value: value.to_owned(),
        problem,
    }
    .into()
}

fn parse_year(value: &str, text: &str) -> Result<i16, Error> {
    if text.len() != 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid(value, Problem::PeriodForm));
    }
    match text.parse::<i16>() {
        Ok(year) if (YEARS.0..=YEARS.1).contains(&year) => Ok(year),
        _ => Err(invalid(value, Problem::YearOutside)),
    }
}

fn parse_date(value: &str, text: &str) -> Result<Date, Error> {
    text.parse::<Date>().map_err(|_| {
        invalid(
            value,
            Problem::NotDate {
                value: text.to_owned(),
                hint: DateHint::None,
            },
        )
    })
}

impl FromStr for Period {
    type Err = Error;

    fn from_str(value: &str) -> Result<Period, Error> {
        let text = value.trim();
        if let Some((from, to)) = text.split_once("..") {
            return Period::range(parse_date(value, from)?, parse_date(value, to)?);
        }
        match text.split_once('-') {
            None => Period::year(parse_year(value, text)?),
            Some((year, rest)) => {
                let year = parse_year(value, year)?;
                if let Some(q) = rest.strip_prefix('Q').or_else(|| rest.strip_prefix('q')) {
                    let digits = q.bytes().all(|b| b.is_ascii_digit());
                    match q.parse::<u8>() {
                        Ok(quarter @ 1..=4) if q.len() == 1 && digits => {
                            Period::quarter(year, quarter)
                        }
                        _ => Err(invalid(value, Problem::QuarterOutside)),
                    }
                } else {
                    // Digits only: `u8` would also read `+1`.
                    let digits = rest.bytes().all(|b| b.is_ascii_digit());
                    match rest.parse::<u8>() {
                        Ok(month @ 1..=12) if rest.len() == 2 && digits => {
                            Period::month(year, month)
                        }
                        _ => Err(invalid(value, Problem::PeriodForm)),
                    }
                }
            }
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            PeriodKind::Year(year) => write!(f, "{year}"),
            PeriodKind::Quarter { year, quarter } => write!(f, "{year}-Q{quarter}"),
            PeriodKind::Month { year, month } => write!(f, "{year}-{month:02}"),
            PeriodKind::Range { from, to } => write!(f, "{from}..{to}"),
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum PeriodRepr {
    Text(String),
    Range { from: String, to: String },
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            PeriodKind::Range { from, to } => PeriodRepr::Range {
                from: from.to_string(),
                to: to.to_string(),
            },
            _ => PeriodRepr::Text(self.to_string()),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Period, D::Error> {
        let period = match PeriodRepr::deserialize(deserializer)? {
            PeriodRepr::Text(text) => text.parse(),
            PeriodRepr::Range { from, to } => {
                let value = format!("{from}..{to}");
                parse_date(&value, &from).and_then(|f| Period::range(f, parse_date(&value, &to)?))
            }
        };
        period.map_err(serde::de::Error::custom)
    }
}

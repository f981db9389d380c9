//! Civil time in Vietnam and working time: instants ([`Moment`]) read as UTC+07:00, the working
//! week (07:00–11:30 and 13:30–17:00, Monday to Friday), days off and make-up working days
//! ([`Calendar`]), adding working days or hours to an instant and measuring working time between two.
//!
//! The official days off and make-up Saturdays for civil servants, 2022–2026, are built in as data
//! with the notice that fixed each ([`Calendar::vietnam`], [`VIETNAM_HOLIDAYS_CSV`]); a province adds
//! or overrides days from a `holidays.csv` of its own ([`crate::record::read_holidays`],
//! [`Calendar::with_days`]).
//!
//! ```
//! use chiso766::calendar::{Calendar, Moment};
//!
//! let calendar = Calendar::vietnam()?;
//! // Received Friday 30/1/2026 at 10:00; 3 working days later is Wednesday 4/2 at 10:00.
//! let received = Moment::parse("2026-01-30 10:00")?;
//! assert_eq!(calendar.add_working_days(received, 3)?.to_string(), "2026-02-04T10:00:00+07:00");
//! // Tết: Friday 13/2 to Monday 23/2 holds one working day (13/2) plus the morning of the 23rd.
//! let before = Moment::parse("2026-02-13T07:00:00+07:00")?;
//! let after = Moment::parse("2026-02-23T11:30:00+07:00")?;
//! assert_eq!(calendar.working_seconds_between(before, after), (8 + 4) * 3600 + 30 * 60);
//! # Ok::<(), chiso766::Error>(())
//! ```

mod moment;

use std::collections::BTreeMap;

use jiff::civil::Date;

use crate::error::{Error, Result};

pub use moment::Moment;
pub(crate) use moment::{civil_from_days, day_number, days_from_civil};

/// The official days off and make-up Saturdays, 2022–2026, as a `holidays.csv` (SPEC §7) with the
/// notice that fixed each: what [`Calendar::vietnam`] holds, and where an office's own file may
/// start from.
pub const VIETNAM_HOLIDAYS_CSV: &str = include_str!("holidays-vn.csv");

/// The first and last years a calendar covers, and so the years a [`Moment`] may fall in.
pub const YEARS: (i16, i16) = (1970, 2199);

/// Whether a listed date is a day off or a working day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DayKind {
    /// A weekday off (holiday, compensatory day, swapped day).
    Off,
    /// A weekend day worked (làm bù).
    Workday,
}

/// A date that departs from the working week, with its name and the notice that fixed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecialDay {
    /// The civil date.
    pub date: Date,
    /// Off or worked.
    pub kind: DayKind,
    /// The Vietnamese name, e.g. “Tết Nguyên đán Bính Ngọ”.
    pub name: String,
    /// The notice or law that fixed it, when known.
    pub source: Option<String>,
}

/// Working hours of a working day, as sessions `(start, end)` in seconds after midnight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    sessions: Vec<(u32, u32)>,
}

impl Schedule {
    /// The one-stop-shop day: 07:00–11:30 and 13:30–17:00 (8 hours).
    pub fn one_stop_shop() -> Schedule {
        Schedule {
            sessions: vec![(7 * 3600, 11 * 3600 + 1800), (13 * 3600 + 1800, 17 * 3600)],
        }
    }

    /// Sessions given as `(start, end)` seconds after midnight; they must be non-empty, in order
    /// and not overlapping, within the day.
    pub fn new(sessions: Vec<(u32, u32)>) -> Result<Schedule> {
        let mut previous_end = 0;
        for &(start, end) in &sessions {
            if start < previous_end || end <= start || end > 86_400 {
                return Err(Error::calendar(format!(
                    "working session {start}–{end} s is empty, out of order or past midnight"
                )));
            }
            previous_end = end;
        }
        if sessions.is_empty() {
            return Err(Error::calendar("a working day needs at least one session"));
        }
        Ok(Schedule { sessions })
    }

    /// Working seconds in a working day (28,800 for the one-stop-shop day).
    pub fn day_seconds(&self) -> i64 {
        self.sessions.iter().map(|&(s, e)| i64::from(e - s)).sum()
    }

    /// Working seconds of a working day before `second` after midnight.
    fn worked_before(&self, second: i64) -> i64 {
        self.sessions
            .iter()
            .map(|&(s, e)| (second.min(i64::from(e)) - i64::from(s)).max(0))
            .sum()
    }

    /// The second after midnight by which `worked` seconds of a working day have passed; a total
    /// reached exactly at a session's end is that end (17:00, not 07:00 the next day).
    fn second_when(&self, worked: i64) -> i64 {
        let mut left = worked;
        let mut last_end = 0;
        for &(s, e) in &self.sessions {
            let length = i64::from(e - s);
            if left <= length {
                return i64::from(s) + left;
            }
            left -= length;
            last_end = i64::from(e);
        }
        last_end
    }
}

/// Working days and hours in Vietnam: a weekly schedule (Monday to Friday) and the dates that
/// depart from it.
#[derive(Debug, Clone)]
pub struct Calendar {
    schedule: Schedule,
    special: BTreeMap<Date, SpecialDay>,
    /// Working seconds before each day, from 1 January of the first covered year; one entry more
    /// than there are days, so the last is the total.
    before_day: Vec<i64>,
    first_day: i32,
}

/// The built-in table's days. It is read with the `csv` crate alone: a fixed file of four plain
/// columns needs none of what the record reader does for an office's files (their headers and
/// words, Excel's damage), and the reader stands above the calendar. A test holds the two
/// readings equal.
fn built_in_days() -> Result<Vec<SpecialDay>> {
    let malformed = |what: String| Error::calendar(format!("built-in holidays: {what}"));
    let mut reader = csv::Reader::from_reader(VIETNAM_HOLIDAYS_CSV.as_bytes());
    let mut days = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| malformed(e.to_string()))?;
        let field = |i: usize| row.get(i).unwrap_or_default();
        let date: Date = (field(0).parse()).map_err(|_| malformed(format!("date {}", field(0))))?;
        let kind = match field(1) {
            "off" => DayKind::Off,
            "workday" => DayKind::Workday,
            other => return Err(malformed(format!("kind {other}"))),
        };
        days.push(SpecialDay {
            date,
            kind,
            name: field(2).to_owned(),
            source: Some(field(3).to_owned()).filter(|s| !s.is_empty()),
        });
    }
    Ok(days)
}

impl Calendar {
    /// The official civil-servant calendar, 2022–2026, with the one-stop-shop working day.
    ///
    /// Errors only if the built-in table were malformed, which a test rules out.
    pub fn vietnam() -> Result<Calendar> {
        Ok(Calendar::new(Schedule::one_stop_shop(), built_in_days()?))
    }

    /// A calendar with this schedule and these special days (a later entry for a date replaces an
    /// earlier one).
    pub fn new(schedule: Schedule, days: impl IntoIterator<Item = SpecialDay>) -> Calendar {
        let special = days.into_iter().map(|d| (d.date, d)).collect();
        let mut calendar = Calendar {
            schedule,
            special,
            before_day: Vec::new(),
            first_day: days_from_civil(YEARS.0, 1, 1),
        };
        calendar.index();
        calendar
    }

    /// This calendar with more special days, each replacing the built-in entry for its date (a
    /// province's own days off, a newly announced swap).
    pub fn with_days(mut self, days: impl IntoIterator<Item = SpecialDay>) -> Calendar {
        for day in days {
            self.special.insert(day.date, day);
        }
        self.index();
        self
    }

    fn index(&mut self) {
        let last = days_from_civil(YEARS.1, 12, 31);
        let day_seconds = self.schedule.day_seconds();
        let mut total = 0;
        self.before_day = Vec::with_capacity((last - self.first_day + 2) as usize);
        for day in self.first_day..=last {
            self.before_day.push(total);
            if self.is_working_day_number(day) {
                total += day_seconds;
            }
        }
        self.before_day.push(total);
    }

    fn is_working_day_number(&self, day: i32) -> bool {
        let (y, m, d) = civil_from_days(day);
        let date = jiff::civil::date(y, m as i8, d as i8);
        match self.special.get(&date).map(|s| s.kind) {
            Some(DayKind::Off) => false,
            Some(DayKind::Workday) => true,
            // 1970-01-01 was a Thursday: day 0 → weekday 3 with Monday = 0.
            None => (day + 3).rem_euclid(7) < 5,
        }
    }

    /// The working schedule.
    pub fn schedule(&self) -> &Schedule {
        &self.schedule
    }

    /// The dates that depart from the working week, in date order.
    pub fn special_days(&self) -> impl Iterator<Item = &SpecialDay> {
        self.special.values()
    }

    /// Whether civil servants work on this date.
    pub fn is_working_day(&self, date: Date) -> bool {
        let day = day_number(date);
        self.working_before_day(day + 1) != self.working_before_day(day)
    }

    /// Working seconds from the start of the covered range to the start of `day`.
    fn working_before_day(&self, day: i32) -> i64 {
        let index = (day - self.first_day).clamp(0, self.before_day.len() as i32 - 1);
        self.before_day.get(index as usize).copied().unwrap_or(0)
    }

    /// Working seconds from the start of the covered range to `at`.
    fn working_before(&self, at: Moment) -> i64 {
        let (day, second) = (at.local_day(), at.local_second_of_day());
        let start = self.working_before_day(day);
        if self.working_before_day(day + 1) == start {
            start
        } else {
            start + self.schedule.worked_before(second)
        }
    }

    /// Working seconds between two instants: negative when `to` is before `from`.
    pub fn working_seconds_between(&self, from: Moment, to: Moment) -> i64 {
        self.working_before(to) - self.working_before(from)
    }

    /// The instant at which `seconds` of working time have passed since `from` (an instant outside
    /// working hours starts at the next working session).
    ///
    /// Errors: the result falls outside the years the calendar covers.
    pub fn add_working_seconds(&self, from: Moment, seconds: i64) -> Result<Moment> {
        let target = self
            .working_before(from)
            .checked_add(seconds.max(0))
            .ok_or_else(|| out_of_range(from))?;
        if seconds == 0 {
            return Ok(from);
        }
        // The last day that starts strictly before the target: the target lies within it.
        let index = self.before_day.partition_point(|&before| before < target);
        if index == 0 || index >= self.before_day.len() {
            return Err(out_of_range(from));
        }
        let day = self.first_day + index as i32 - 1;
        let worked = target - self.before_day[index - 1];
        Ok(Moment::from_local(day, self.schedule.second_when(worked)))
    }

    /// [`Calendar::add_working_seconds`] of `days` whole working days (8 hours each on the
    /// one-stop-shop schedule).
    pub fn add_working_days(&self, from: Moment, days: i64) -> Result<Moment> {
        let seconds = days
            .checked_mul(self.schedule.day_seconds())
            .ok_or_else(|| out_of_range(from))?;
        self.add_working_seconds(from, seconds)
    }
}

fn out_of_range(from: Moment) -> Error {
    Error::calendar(format!(
        "working time from {from} goes past the years the calendar covers ({}–{})",
        YEARS.0, YEARS.1
    ))
}

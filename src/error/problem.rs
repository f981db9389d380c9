//! What is wrong, as data: the kinds of problem an [`ErrorKind`](super::ErrorKind) carries, so a
//! caller can branch on them and a program can write them in its own words (the `chiso766`
//! command writes Vietnamese from them). `Display` gives the crate's English message.

use std::fmt;

use jiff::civil::Date;
use rust_decimal::Decimal;

use jiff::civil::DateTime;

use crate::printable::printable;

/// The years a calendar covers, as messages name them (`calendar::YEARS`; a test holds them
/// equal): written here so that errors, under every room, import no room above them.
const YEARS: (i16, i16) = (1970, 2199);

/// What is wrong with a value, a record, a file's layout, a count or a request.
///
/// New problems may be added in minor releases.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    // ---- A field's value ----
    /// The field is empty or absent.
    Missing,
    /// The field is empty while another, which needs it, is given (`max_time_unit` while
    /// `max_time` is).
    MissingWhile {
        /// The field that is given.
        given: &'static str,
    },
    /// The field is empty, and so is the one that stands in for it (`received_at`, then
    /// `submitted_at`).
    MissingWithFallback {
        /// The field that would stand in for it.
        fallback: &'static str,
    },
    /// Not a whole number ≥ 0 written in digits only.
    NotWholeNumber {
        /// The text found.
        value: String,
        /// What was probably meant.
        hint: NumberHint,
    },
    /// Not a date `YYYY-MM-DD` (nor `dd/mm/yyyy` when dates are read day first).
    NotDate {
        /// The text found.
        value: String,
        /// What was probably meant.
        hint: DateHint,
    },
    /// Not a time (RFC 3339, `YYYY-MM-DD HH:MM[:SS]` or `YYYY-MM-DD`, years 1970–2199).
    NotTime {
        /// The text found.
        value: String,
        /// What was probably meant.
        hint: DateHint,
    },
    /// Not a boolean: `0`, `1`, `true`, `false`, or one of the office's own words for them.
    NotFlag {
        /// The text found.
        value: String,
        /// The office's own words accepted besides (see [`Vocabulary`](crate::input::Vocabulary)).
        words: Vec<String>,
    },
    /// Not one of the field's values.
    NotOneOf {
        /// The text found.
        value: String,
        /// The values the field takes, then the office's own words for them.
        accepted: Vec<String>,
    },
    /// A code (of a unit, procedure, dossier) holding a control, direction or zero-width
    /// character.
    ControlCharacter {
        /// The text found.
        value: String,
        /// The character.
        character: char,
    },
    /// In JSON, an array or object where text is expected.
    NotText {
        /// `"an array"` or `"an object"`.
        found: &'static str,
    },
    /// A date outside the years a calendar covers.
    OutsideYears {
        /// The date found.
        date: Date,
    },
    /// A unit's code is empty.
    EmptyCode,

    // ---- A record's moments ----
    /// A moment before one it must follow (a dossier due before it was received), each as a
    /// civil date and time in Vietnam (UTC+07:00).
    Before {
        /// The later moment, as found.
        moment: DateTime,
        /// The field it must follow.
        earlier_field: &'static str,
        /// That field's moment.
        earlier: DateTime,
        /// `"dossier"` or `"petition"`.
        record: &'static str,
        /// The record's id.
        id: String,
    },
    /// A supplement requested, with a supplement count of 0.
    SupplementCountZero {
        /// The dossier's id.
        id: String,
    },

    // ---- A record against the units and the catalogue ----
    /// A unit code the unit list does not hold.
    UnknownUnitCode {
        /// The code found.
        code: String,
        /// The code it probably was before a spreadsheet changed it.
        meant: Option<Mangled>,
    },
    /// A procedure code the catalogue does not hold.
    UnknownProcedure {
        /// The code found.
        code: String,
        /// The code it probably was before a spreadsheet changed it.
        meant: Option<Mangled>,
    },
    /// A procedure listed for several tiers, none of them the unit's.
    NoTierFits {
        /// The procedure's code.
        code: String,
    },
    /// A unit that does not exist on the day of a record.
    NotInEffect {
        /// The unit's code.
        code: String,
        /// The record's day.
        day: Date,
        /// The first day the unit exists, if limited.
        from: Option<Date>,
        /// The last day it exists, if limited.
        to: Option<Date>,
    },
    /// A procedure's statutory time that runs past the years the calendar covers.
    MaxTimeBeyondCalendar {
        /// The procedure's code.
        procedure: String,
        /// Its `max_time`.
        time: i64,
        /// Its unit, as the catalogue names it (`working_days`, `hours`, `days`).
        unit: &'static str,
        /// The moment the time runs from.
        start: String,
    },
    /// A deadline moved by the citizen's supplement time past the years the calendar covers.
    DeadlineBeyondCalendar,
    /// A unit whose `valid_to` is before its `valid_from`.
    EndsBeforeBegins,

    // ---- Counts (SPEC §6) ----
    /// A criterion given twice for a unit.
    GivenTwice,
    /// The numerator's or the denominator's own problem.
    Part {
        /// Which.
        part: CountPart,
        /// What is wrong with it.
        problem: Box<Problem>,
    },
    /// In JSON, a number where another kind of value is found.
    NotNumber {
        /// The value found, as JSON.
        found: String,
    },
    /// In JSON, a count that is neither `{"num", "den"}` nor `{"not_applicable": true}`.
    NotCountObject {
        /// The value found, as JSON.
        found: String,
    },
    /// In JSON, a key a count does not have.
    UnexpectedKey {
        /// The key.
        key: String,
    },
    /// `not_applicable` given with a numerator and denominator.
    NotApplicableWithCounts,
    /// `not_applicable` that is not a boolean.
    NotApplicableValue {
        /// The value found.
        value: String,
    },
    /// A CSV row naming no criterion but giving values.
    EmptyCriterion,
    /// A CSV row giving both points and a count.
    PointsAndCounts,
    /// A criterion given in an accompanying counts file that the records count.
    CountedFromRecords,
    /// A live change of a count that the records count.
    ChangeRecordsInstead,
    /// A live change of a unit that is not in every period's counts.
    NotInEveryPeriod,
    /// A group given twice for a unit.
    GroupGivenTwice,
    /// Group points that are not a number.
    PointsNotNumber {
        /// The text found.
        value: String,
    },
    /// Negative group points.
    PointsNegative {
        /// The text found.
        value: String,
    },
    /// Group points in a file accompanying records.
    GroupWithRecords,
    /// A code that is not a group of the methodology.
    NotAGroup {
        /// The methodology.
        methodology: String,
    },
    /// A criterion named as a rate only (`ratio_only`) with no count given for it.
    RatioWithoutCount,
    /// Points given for a group whose criteria the unit gives counts of too: one or the other.
    GroupGivenAndCounted {
        /// The first of the group's criteria the unit gives a count of.
        criterion: String,
    },
    /// Group points above the group's maximum.
    PointsAboveMax {
        /// The points.
        points: Decimal,
        /// The maximum.
        max: Decimal,
    },
    /// Group points with more decimals than the methodology rounds to.
    PointsTooPrecise {
        /// The points.
        points: Decimal,
        /// The methodology's decimals.
        places: u32,
    },

    // ---- Periods ----
    /// Not a period in any of its forms.
    PeriodForm,
    /// A year outside 1970–2199.
    YearOutside,
    /// A quarter other than Q1–Q4.
    QuarterOutside,
    /// A month other than 01–12.
    MonthOutside,
    /// A range that ends before it starts.
    RangeBackwards,
    /// Two counts files for one period (or two that name no period).
    CountsTwice,
    /// Counts for another period than the one counted.
    OtherPeriod {
        /// The period the counts are for.
        named: String,
        /// The period being counted.
        counted: String,
    },

    // ---- A file's layout ----
    /// The file is empty.
    EmptyFile,
    /// The file holds NUL bytes: not text.
    BinaryFile,
    /// A line longer than the limit.
    LineTooLong {
        /// The limit, in bytes.
        limit: usize,
    },
    /// A CSV record longer than the limit (a quote left open).
    RecordTooLong {
        /// The limit, in bytes.
        limit: usize,
    },
    /// A CSV file without a header row.
    NoHeader,
    /// A column the reader uses named twice in the header, so which one holds it is unclear.
    ColumnTwice {
        /// The column.
        column: String,
        /// Its first position, from 1.
        first: usize,
        /// Its second position.
        second: usize,
    },
    /// A column the file must have.
    MissingColumn {
        /// The field's name (SPEC §7 or §6).
        field: String,
        /// The header the office's words name for it, when they name one.
        header: Option<String>,
        /// A header of the file that is probably a misspelling of it.
        similar: Option<String>,
        /// The header is one column holding separators: the separator may be wrong.
        one_column: bool,
    },
    /// A row with another number of fields than the header.
    RowWidth {
        /// The row's fields.
        found: usize,
        /// The header's.
        expected: usize,
    },
    /// A column the interchange CSV does not have.
    UnknownColumn {
        /// The column.
        column: String,
        /// The known column it is probably a misspelling of.
        similar: Option<&'static str>,
        /// The columns the file may have.
        expected: &'static [&'static str],
    },
    /// `num` without `den`, or the reverse.
    ColumnsTogether,
    /// Neither `num`/`den` nor `points` columns.
    NoCountColumns,
    /// JSON that cannot be read (the parser's own message).
    Json {
        /// What the parser found, with its line and column.
        detail: String,
    },

    // ---- Plans and scenarios (SPEC §9) ----
    /// A unit without a total, which cannot be ranked.
    Incomplete,
    /// A unit asked to rank above itself.
    AboveItself,
    /// A rival of another peer set.
    OtherPeers {
        /// The rival.
        rival: String,
    },
    /// A rank of 0.
    RankZero,
    /// A rank below the last of the units ranked.
    RankBeyond {
        /// How many units are ranked.
        of: u32,
    },
    /// A target that is not a group or `total`.
    NotGroupOrTotal {
        /// The methodology.
        methodology: String,
    },
    /// A plan too fine to weigh: the target is more of the methodology's smallest steps of
    /// points away than a plan holds.
    TooFineToPlan {
        /// The steps (ticks) between the points now and the target.
        steps: u64,
        /// The most a plan weighs.
        most: u64,
    },
    /// A group or total that cannot be planned: criteria are missing.
    MissingCriteria {
        /// The missing criteria's codes.
        criteria: Vec<String>,
    },
    /// A criterion that cannot be planned: not applicable to the unit.
    NotApplicable,
    /// A criterion that cannot be planned: the count its rate is multiplied by is missing.
    FactorMissing,
    /// A criterion that cannot be planned: its count is missing.
    CountMissing,
    /// A scenario's change that gives none or several of its forms.
    ChangeForm,
    /// A rate that is not a percentage.
    NotPercentage {
        /// The rate.
        rate: Decimal,
    },
    /// A rate of a denominator too large to apply.
    RateTooLarge {
        /// The rate.
        rate: Decimal,
        /// The denominator.
        den: u64,
    },
    /// A change that takes a count out of range.
    CountOutOfRange {
        /// Which.
        part: CountPart,
    },
    /// A change that leaves the numerator above the denominator.
    NumeratorAbove {
        /// The numerator.
        num: u64,
        /// The denominator.
        den: u64,
    },
    /// A code that is not a criterion of the methodology.
    NotACriterion {
        /// The code.
        criterion: String,
        /// The methodology.
        methodology: String,
    },
    /// A change naming both a unit and a level, or neither.
    UnitOrLevel,
    /// A unit without a count of its own to change.
    NoOwnCount {
        /// The criterion.
        criterion: String,
    },
    /// No unit with its own count to change.
    NothingToChange,
}

/// What a number that is not a whole number ≥ 0 was probably meant to be.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum NumberHint {
    /// Too large for the field.
    TooLarge,
    /// `-0`: write 0.
    MinusZero,
    /// Negative.
    Negative,
    /// `+5`: write the digits.
    PlusSign {
        /// The number meant.
        write: String,
    },
    /// `2.900` or `2,900`: a thousands separator.
    Thousands {
        /// The number meant.
        write: String,
    },
    /// `1_000`.
    Underscores {
        /// The number meant.
        write: String,
    },
    /// `12,5`: a decimal comma.
    DecimalComma,
    /// `5.0`: a fraction of zeros.
    Fraction {
        /// The number meant.
        write: String,
    },
    /// `12.5`.
    NotWhole,
    /// `1e1`.
    Exponent,
    /// Anything else.
    Other,
}

/// What a date or time that cannot be read was probably meant to be.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DateHint {
    /// Nothing recognised.
    None,
    /// Written day first (`30/09/2026`) in a file not read with day-first dates.
    DayFirst {
        /// The date, `YYYY-MM-DD`.
        iso: String,
    },
    /// A spreadsheet's serial day number (`46300` is 2026-10-05): Excel turned the date into a
    /// number.
    SerialNumber {
        /// The date the number stands for.
        date: Date,
    },
    /// Read day first, `dd/mm/yyyy` holds no such day (`31/02/2026`).
    NoSuchDay,
}

/// The numerator or the denominator of a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountPart {
    /// `num`.
    Numerator,
    /// `den`.
    Denominator,
}

/// A code a spreadsheet changed, and the code it was: the code found (then `meant` is the list's
/// code), or the list's own code (then `meant` is the list's changed code, and the code found is
/// the one it was).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mangled {
    /// The list's code: as it was, or, when `in_list`, as the spreadsheet changed it.
    pub meant: String,
    /// How it was changed.
    pub by: Mangling,
    /// Whether the list (the catalogue, the unit list) holds the changed code.
    pub in_list: bool,
}

/// How a spreadsheet changes a code it takes for a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Mangling {
    /// `1.001233` written back with the locale's decimal comma, `1,001233`.
    DecimalComma,
    /// `1.001233` read with `.` as a thousands separator, `1001233`.
    DotDropped,
    /// `1.001230` written back as `1.00123`.
    TrailingZeros,
    /// `0123` written back as `123`.
    LeadingZeros,
}

impl CountPart {
    /// The part's name in a message.
    fn name(self) -> &'static str {
        match self {
            CountPart::Numerator => "numerator",
            CountPart::Denominator => "denominator",
        }
    }
}

impl fmt::Display for NumberHint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NumberHint::TooLarge => f.write_str("is too large for this field"),
            NumberHint::MinusZero => f.write_str("has a minus sign; write 0"),
            NumberHint::Negative => f.write_str("is negative"),
            NumberHint::PlusSign { write } => write!(f, "has a plus sign; write {write}"),
            NumberHint::Thousands { write } => {
                write!(f, "has a thousands separator; write {write}")
            }
            NumberHint::Underscores { write } => write!(f, "has underscores; write {write}"),
            NumberHint::DecimalComma => f.write_str("is not a whole number (a decimal comma)"),
            NumberHint::Fraction { write } => write!(f, "has a fraction; write {write}"),
            NumberHint::NotWhole => f.write_str("is not a whole number"),
            NumberHint::Exponent => {
                f.write_str("is in exponent notation; write the number in digits")
            }
            NumberHint::Other => f.write_str("is not a whole number ≥ 0"),
        }
    }
}

impl fmt::Display for DateHint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateHint::None | DateHint::NoSuchDay => Ok(()),
            DateHint::DayFirst { iso } => write!(
                f,
                "; it looks like a date written day first: write {iso}, or read the file with \
                 day-first dates (ReadOptions::day_first_dates, --day-first)"
            ),
            DateHint::SerialNumber { date } => write!(
                f,
                "; it looks like a spreadsheet's day number for {date}: format the column as text \
                 or as a date YYYY-MM-DD before saving"
            ),
        }
    }
}

impl Mangled {
    /// The known code that `code`, not known itself, probably was before a spreadsheet took it for a
    /// number (`1,001233` or `1001233` for `1.001233`, `1.00123` for `1.001230`, `123` for
    /// `0123`); else the known code that a spreadsheet probably made of `code` (the list changed,
    /// the record right).
    pub(crate) fn traced<'k, K>(code: &str, known: K) -> Option<Mangled>
    where
        K: IntoIterator<Item = &'k str>,
        K::IntoIter: Clone,
    {
        let mut known = known.into_iter();
        Mangled::changed_into(code, known.clone()).or_else(|| {
            known.find_map(|listed| {
                let changed = Mangled::changed_into(listed, [code])?;
                Some(Mangled {
                    meant: listed.to_owned(),
                    in_list: true,
                    ..changed
                })
            })
        })
    }

    /// The known code that a spreadsheet probably changed into `code`.
    fn changed_into<'k>(code: &str, known: impl IntoIterator<Item = &'k str>) -> Option<Mangled> {
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        // Whole digits and a fraction: the form a spreadsheet gives a number.
        let numeric = |s: &str| match s.split_once(['.', ',']) {
            Some((whole, fraction)) => digits(whole) && digits(fraction),
            None => digits(s),
        };
        if !numeric(code) {
            return None;
        }
        let dotted = code.replace(',', ".");
        let trimmed = |s: &str| match s.split_once('.') {
            Some((whole, fraction)) => format!("{whole}.{}", fraction.trim_end_matches('0')),
            None => s.to_owned(),
        };
        known.into_iter().find_map(|meant| {
            let by = if code.contains(',') && meant == dotted {
                Mangling::DecimalComma
            } else if digits(code) && meant.contains('.') && meant.replace('.', "") == code {
                Mangling::DotDropped
            } else if numeric(meant)
                && meant.contains('.')
                && dotted.contains('.')
                && meant != dotted
                && trimmed(meant) == trimmed(&dotted)
            {
                Mangling::TrailingZeros
            } else if digits(code)
                && digits(meant)
                && meant.len() > code.len()
                && meant.trim_start_matches('0') == code
            {
                Mangling::LeadingZeros
            } else {
                return None;
            };
            Some(Mangled {
                meant: meant.to_owned(),
                by,
                in_list: false,
            })
        })
    }
}

impl fmt::Display for Mangled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let how = match self.by {
            Mangling::DecimalComma => "written with a decimal comma",
            Mangling::DotDropped => "its dot dropped",
            Mangling::TrailingZeros => "its trailing zeros dropped",
            Mangling::LeadingZeros => "its leading zeros dropped",
        };
        match self.in_list {
            false => write!(
                f,
                "probably {} read as a number by a spreadsheet ({how}); format the column as \
                 text before saving",
                self.meant
            ),
            true => write!(
                f,
                "the list holds {}, probably this code read as a number by a spreadsheet ({how}); \
                 format the list's code column as text before saving",
                self.meant
            ),
        }
    }
}

/// A value as an error quotes it: control characters written out, so no input forges a line.
fn quoted(value: &str) -> std::borrow::Cow<'_, str> {
    printable(value)
}

/// A hint at what a code that is not known may have meant, to add to a message.
fn hint_of(meant: &Option<Mangled>) -> String {
    meant.as_ref().map(|m| format!(": {m}")).unwrap_or_default()
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(text) = self.plain() {
            return f.write_str(text);
        }
        match self {
            Problem::MissingWhile { given } => write!(f, "is missing while {given} is given"),
            Problem::MissingWithFallback { fallback } => {
                write!(f, "is missing, and so is {fallback}")
            }
            Problem::NotWholeNumber { value, hint } => write!(f, "'{}' {hint}", quoted(value)),
            Problem::NotDate {
                value,
                hint: DateHint::NoSuchDay,
            } => write!(f, "'{}' is not a date", quoted(value)),
            Problem::NotDate { value, hint } => {
                write!(f, "'{}' is not a date YYYY-MM-DD{hint}", quoted(value))
            }
            Problem::NotTime { value, hint } => write!(
                f,
                "'{}' is not a time (RFC 3339, YYYY-MM-DD HH:MM[:SS] or YYYY-MM-DD, years {}–{}){hint}",
                quoted(value),
                YEARS.0,
                YEARS.1
            ),
            Problem::NotFlag { value, words } if words.is_empty() => {
                write!(f, "'{}' is not 0, 1, true or false", quoted(value))
            }
            Problem::NotFlag { value, words } => write!(
                f,
                "'{}' is not 0, 1, true, false or one of {}",
                quoted(value),
                words.join(", ")
            ),
            Problem::NotOneOf { value, accepted } => write!(
                f,
                "'{}' is not one of {}",
                quoted(value),
                accepted.join(", ")
            ),
            Problem::ControlCharacter { value, character } => write!(
                f,
                "'{}' holds a control or invisible character (U+{:04X}); a code is one line \
                 of visible text",
                quoted(value),
                u32::from(*character)
            ),
            Problem::NotText { found } => write!(f, "expected text, found {found}"),
            Problem::OutsideYears { date } => write!(
                f,
                "{date} is outside {}–{}",
                YEARS.0,
                YEARS.1
            ),
            _ => self.fmt_record(f),
        }
    }
}

impl Problem {
    /// The message of a problem with a record's moments.
    fn fmt_record(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Before {
                moment,
                earlier_field,
                earlier,
                record,
                id,
            } => write!(
                f,
                "{moment}+07:00 is before {earlier_field} {earlier}+07:00 ({record} {})",
                quoted(id)
            ),
            Problem::SupplementCountZero { id } => write!(
                f,
                "is 0 while supplement_requested_at is given (dossier {})",
                quoted(id)
            ),
            _ => self.fmt_reference(f),
        }
    }

    /// The message of a problem with a record against the units and the catalogue.
    fn fmt_reference(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::UnknownUnitCode { code, meant } => write!(
                f,
                "unit {} is not in the unit list{}",
                quoted(code),
                hint_of(meant)
            ),
            Problem::UnknownProcedure { code, meant } => write!(
                f,
                "procedure {} is not in the catalogue{}",
                quoted(code),
                hint_of(meant)
            ),
            Problem::NoTierFits { code } => write!(
                f,
                "procedure {} is listed for several tiers, none of them the unit's",
                quoted(code)
            ),
            Problem::NotInEffect {
                code,
                day,
                from,
                to,
            } => {
                let show = |d: &Option<Date>| d.map_or_else(|| "…".to_owned(), |d| d.to_string());
                write!(
                    f,
                    "unit {} does not exist on {day} (it exists from {} to {})",
                    quoted(code),
                    show(from),
                    show(to)
                )
            }
            Problem::MaxTimeBeyondCalendar {
                procedure,
                time,
                unit,
                start,
            } => write!(
                f,
                "procedure {}: its max_time of {time} {} from {start} ends after the years the \
                 calendar covers; check max_time in the procedure catalogue",
                quoted(procedure),
                unit.replace('_', " ")
            ),
            _ => self.fmt_count(f),
        }
    }

    /// The message of a problem with a count, a group or a period.
    fn fmt_count(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::GroupGivenAndCounted { criterion } => write!(
                f,
                "the group's points are given and so is the count of its criterion {criterion}; \
                 give either the group's points or its criteria's counts"
            ),
            Problem::Part { part, problem } => write!(f, "the {} {problem}", part.name()),
            Problem::NotNumber { found } => write!(f, "must be a number, found {found}"),
            Problem::NotCountObject { found } => write!(
                f,
                "expected {{\"num\": …, \"den\": …}} or {{\"not_applicable\": true}}, found {found}"
            ),
            Problem::UnexpectedKey { key } => write!(f, "unexpected field '{}'", quoted(key)),
            Problem::NotApplicableValue { value } => write!(
                f,
                "not_applicable must be 0, 1, true or false, found '{}'",
                quoted(value)
            ),
            Problem::PointsNotNumber { value } => {
                write!(f, "points '{}' are not a number", quoted(value))
            }
            Problem::PointsNegative { value } => write!(f, "points {} are negative", quoted(value)),
            Problem::NotAGroup { methodology } => {
                write!(f, "not a group of methodology {methodology}")
            }
            Problem::PointsAboveMax { points, max } => {
                write!(f, "points {points} exceed the group's maximum {max}")
            }
            Problem::PointsTooPrecise { points, places } => {
                write!(f, "points {points} have more than {places} decimals")
            }
            Problem::YearOutside => write!(f, "the year must be {} to {}", YEARS.0, YEARS.1),
            Problem::OtherPeriod { named, counted } => write!(
                f,
                "the counts are for {named} but {counted} is being counted; give counts for that \
                 period, or counts that name no period"
            ),
            _ => self.fmt_layout(f),
        }
    }

    /// The message of a problem with a file's layout.
    fn fmt_layout(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::LineTooLong { limit } => write!(
                f,
                "the line is longer than {limit} bytes (the limit is ReadOptions::max_line_bytes)"
            ),
            Problem::RecordTooLong { limit } => write!(
                f,
                "a record longer than {limit} bytes starts here (a quote left open?)"
            ),
            Problem::ColumnTwice {
                column,
                first,
                second,
            } => write!(
                f,
                "the column '{}' is given twice in the header (columns {first} and {second})",
                quoted(column)
            ),
            Problem::MissingColumn {
                field,
                header,
                similar,
                one_column,
            } => fmt_missing_column(f, field, header.as_deref(), similar.as_deref(), *one_column),
            Problem::RowWidth { found, expected } => write!(
                f,
                "found a row with {found} fields, but the header has {expected}"
            ),
            Problem::UnknownColumn {
                column,
                similar,
                expected,
            } => match similar {
                Some(known) => write!(
                    f,
                    "unknown column '{}' (did you mean {known}?)",
                    quoted(column)
                ),
                None => write!(
                    f,
                    "unknown column '{}' (expected {})",
                    quoted(column),
                    expected.join(", ")
                ),
            },
            Problem::Json { detail } => f.write_str(detail),
            _ => self.fmt_plan(f),
        }
    }

    /// The message of a problem with a plan or a scenario.
    fn fmt_plan(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::OtherPeers { rival } => {
                write!(f, "{} is not ranked among the same units", quoted(rival))
            }
            Problem::RankBeyond { of } => write!(f, "only {of} units are ranked"),
            Problem::NotGroupOrTotal { methodology } => {
                write!(f, "not a group of {methodology}, nor `total`")
            }
            Problem::MissingCriteria { criteria } => {
                write!(f, "cannot be planned: missing {}", criteria.join(", "))
            }
            Problem::TooFineToPlan { steps, most } => write!(
                f,
                "the target is {steps} of the methodology's smallest steps away; a plan weighs \
                 at most {most}"
            ),
            Problem::NotPercentage { rate } => write!(f, "rate {rate} is not a percentage"),
            Problem::RateTooLarge { rate, den } => write!(f, "rate {rate} of {den}"),
            Problem::CountOutOfRange { part } => write!(f, "the {} leaves 0..u64", part.name()),
            Problem::NumeratorAbove { num, den } => write!(
                f,
                "the numerator {num} would exceed the denominator {den}"
            ),
            Problem::NotACriterion {
                criterion,
                methodology,
            } => write!(f, "{} is not a criterion of {methodology}", quoted(criterion)),
            Problem::NoOwnCount { criterion } => write!(
                f,
                "has no count of its own for {criterion} (a pooled count is changed at the units below)"
            ),
            _ => Ok(()),
        }
    }
}

/// The message of a missing column: the column, the field it is for when the header names it
/// otherwise, a known column it may have been meant as, and a hint at the separator when the
/// header is one column.
fn fmt_missing_column(
    f: &mut fmt::Formatter<'_>,
    field: &str,
    header: Option<&str>,
    similar: Option<&str>,
    one_column: bool,
) -> fmt::Result {
    match header {
        Some(header) => write!(
            f,
            "the column '{}' (for {field}) is missing",
            quoted(header)
        )?,
        None => write!(f, "the column '{field}' is missing")?,
    }
    if let Some(similar) = similar {
        write!(f, " (did you mean the column '{}'?)", quoted(similar))?;
    }
    if one_column {
        f.write_str(" (the header is one column: is the separator right?)")?;
    }
    Ok(())
}

impl Problem {
    /// The message of a problem that carries no data, about a record or a count.
    fn plain(&self) -> Option<&'static str> {
        Some(match self {
            Problem::Missing => "is missing",
            Problem::EmptyCode => "the code is empty",
            Problem::DeadlineBeyondCalendar => {
                "the deadline, moved by the citizen's supplement time, is past the years the \
                 calendar covers"
            }
            Problem::EndsBeforeBegins => {
                "the unit ends before it begins (valid_to is before valid_from)"
            }
            Problem::GivenTwice => "the criterion is given twice",
            Problem::NotApplicableWithCounts => "not_applicable cannot be given with num and den",
            Problem::EmptyCriterion => "the criterion column is empty",
            Problem::PointsAndCounts => {
                "a row gives either points (a group) or num and den (a criterion), not both"
            }
            Problem::CountedFromRecords => {
                "this criterion is counted from the records; remove it from the counts file"
            }
            Problem::ChangeRecordsInstead => {
                "this criterion is counted from the records; change the records instead"
            }
            Problem::NotInEveryPeriod => {
                "the unit is not in every period's counts (it did not exist in one of them); \
                 build the scorecard again with counts that name it"
            }
            Problem::GroupGivenTwice => "the group is given twice",
            Problem::RatioWithoutCount => {
                "the criterion is named in ratio_only but has no count in criteria; give its \
                 count (the rate as a fraction, e.g. 1/1 for 100%)"
            }
            Problem::GroupWithRecords => {
                "group points cannot accompany counted records (they would replace the groups' \
                 criteria); give the criteria's counts"
            }
            _ => return self.plain_file(),
        })
    }

    /// The message of a problem that carries no data, about a period or a file.
    fn plain_file(&self) -> Option<&'static str> {
        Some(match self {
            Problem::PeriodForm => {
                "expected YYYY, YYYY-Qn, YYYY-MM (01 to 12) or FROM..TO dates, e.g. 2026, 2026-Q3, \
                 2026-05, 2026-04-21..2026-05-20"
            }
            Problem::QuarterOutside => "the quarter must be Q1 to Q4",
            Problem::MonthOutside => "the month must be 01 to 12",
            Problem::RangeBackwards => "the range ends before it starts",
            Problem::CountsTwice => "two counts files are given for this period",
            Problem::EmptyFile => "the file is empty",
            Problem::BinaryFile => {
                "the file holds NUL bytes, so it is not text: a binary file, or UTF-16 saved \
                 without its byte-order mark (save it again as “CSV UTF-8”)"
            }
            Problem::NoHeader => "the file has no header row",
            Problem::ColumnsTogether => "the columns 'num' and 'den' go together",
            Problem::NoCountColumns => "there is neither a 'num'/'den' nor a 'points' column",
            _ => return self.plain_plan(),
        })
    }

    /// The message of a problem that carries no data, about a ranking, a plan or a scenario.
    fn plain_plan(&self) -> Option<&'static str> {
        Some(match self {
            Problem::Incomplete => "the unit is incomplete: it has no total to rank",
            Problem::AboveItself => "a unit cannot rank above itself",
            Problem::RankZero => "ranks start at 1",
            Problem::NotApplicable => {
                "the criterion is not applicable to this unit: no change of it can be planned"
            }
            Problem::FactorMissing => {
                "the count its rate is multiplied by is missing: no change can be planned"
            }
            Problem::CountMissing => "the count is missing: no change of it can be planned",
            Problem::ChangeForm => {
                "give one of num/den (absolute), add_num/add_den (relative), rate or rate_at_least \
                 (percent)"
            }
            Problem::UnitOrLevel => "name a unit or a level, not both",
            Problem::NothingToChange => "no unit with its own count to change",
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{Mangled, Mangling};
    // Messages name the years a calendar covers without importing the calendar.
    #[test]
    fn the_years_named_are_the_calendars() {
        assert_eq!(super::YEARS, crate::calendar::YEARS);
    }
    // Excel takes a procedure code for a number and writes it back otherwise.
    #[test]
    fn codes_a_spreadsheet_changed_are_traced_to_the_code_meant() {
        let known = ["1.001233", "1.001230", "2.000815", "0123", "H44.07"];
        let traced = |code: &str| Mangled::traced(code, known).map(|m| (m.meant, m.by));
        assert_eq!(
            traced("1,001233"),
            Some(("1.001233".into(), Mangling::DecimalComma))
        );
        assert_eq!(
            traced("1001233"),
            Some(("1.001233".into(), Mangling::DotDropped))
        );
        assert_eq!(
            traced("1.00123"),
            Some(("1.001230".into(), Mangling::TrailingZeros))
        );
        assert_eq!(
            traced("1,00123"),
            Some(("1.001230".into(), Mangling::TrailingZeros))
        );
        assert_eq!(traced("123"), Some(("0123".into(), Mangling::LeadingZeros)));
        // Codes that are simply unknown, or not numbers, are not traced.
        for code in ["1.009999", "H44.7", "9", "2.000816", "abc"] {
            assert_eq!(traced(code), None, "{code}");
        }
        // The list changed, the record right.
        let listed = ["1,000123", "2.000815"];
        let traced = Mangled::traced("1.000123", listed).unwrap();
        assert_eq!(
            (traced.meant.as_str(), traced.by, traced.in_list),
            ("1,000123", Mangling::DecimalComma, true)
        );
    }
}

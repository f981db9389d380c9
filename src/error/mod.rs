//! Errors: one type for everything that can go wrong, with a [`kind`](Error::kind) for callers that
//! branch and a message that names the unit, criterion, field or line so a civil servant can act on it.

mod problem;

use std::fmt;

pub use problem::{CountPart, DateHint, Mangled, Mangling, NumberHint, Problem};

/// The error type of every fallible operation in this crate.
///
/// Its message says what is wrong and where (“unit H44.07, criterion DOSSIER_ON_TIME: numerator 12
/// is greater than denominator 10”, prefixed with the file and line when the input came from one).
/// Match on [`Error::kind`] to branch on the category.
pub struct Error {
    inner: Box<Inner>,
}

#[derive(Debug)]
struct Inner {
    kind: ErrorKind,
    location: Option<Location>,
}

/// Where in an input an error was found: the source (a file name, or a description such as
/// `"counts CSV"`) and, for line-oriented input, the 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file or input the error was found in.
    pub source: String,
    /// The 1-based line, when the input is line-oriented.
    pub line: Option<u64>,
}

/// What went wrong. New kinds may be added in minor releases.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A methodology definition is inconsistent (codes, maxima, thresholds, views).
    #[error("methodology {methodology}: {place}: {problem}")]
    InvalidMethodology {
        /// The methodology's name.
        methodology: String,
        /// The group, criterion, view or field at fault.
        place: String,
        /// What is wrong with it.
        problem: String,
    },
    /// A methodology name that is neither built in nor loaded.
    #[error("unknown methodology '{name}' (built in: {})", .built_in.join(", "))]
    UnknownMethodology {
        /// The name asked for.
        name: String,
        /// The names built in.
        built_in: Vec<String>,
    },
    /// Two things that must use the same methodology do not.
    #[error("methodology mismatch: the input is for '{found}' but '{expected}' is being used")]
    MethodologyMismatch {
        /// The methodology in use.
        expected: String,
        /// The methodology the input names.
        found: String,
    },
    /// Input that cannot be read at all: malformed JSON or CSV, a missing column.
    #[error("{problem}")]
    Syntax {
        /// What the reader found.
        problem: String,
    },
    /// Parts of a count or a score that another setup made (another unit tree, catalogue or
    /// periods, another layout of tables) given to this one: count or score them again with one.
    #[error("{part}")]
    SetupMismatch {
        /// What came from elsewhere.
        part: SetupPart,
    },
    /// A count beyond what the crate's integers hold (2⁶⁴ cases, 2³² units or dossiers of a
    /// table), or a live count taken below zero.
    #[error("{what}: a count beyond its range")]
    CountOverflow {
        /// What was being counted.
        what: Overflowed,
    },
    /// A period asked of counts or statistics that did not count it.
    #[error("period {period} was not counted (counted: {})", .counted.join(", "))]
    PeriodNotCounted {
        /// The period asked, as written (`2026-09`), or by its position (`#3`) where a caller
        /// gave a position past the periods counted.
        period: String,
        /// The periods counted.
        counted: Vec<String>,
    },
    /// More or fewer periods than one pass counts.
    #[error("between 1 and {most} periods are counted in one pass, not {given}")]
    PeriodCount {
        /// The periods given.
        given: usize,
        /// The most one pass counts.
        most: usize,
    },
    /// Working time outside what the calendar holds: an instant outside its years, a working
    /// day's sessions out of order, a built-in day off that does not read.
    #[error("calendar: {problem}")]
    Calendar {
        /// What is wrong.
        problem: String,
    },
    /// A file being written could not be made (a report's CSV, workbook or Word document, a
    /// counts file): what it was, and why.
    #[error("cannot write {what}: {problem}")]
    Write {
        /// The file being written.
        what: Written,
        /// Why.
        problem: String,
    },
    /// A fault of the crate itself, never of its input: please report it.
    #[error("internal error: {problem}")]
    Internal {
        /// What failed.
        problem: Internal,
    },
    /// A unit's field holds a value that is not allowed (an unknown level, an empty code).
    #[error("unit {unit}, field {field}: {problem}")]
    InvalidField {
        /// The unit's code.
        unit: String,
        /// The field's name.
        field: String,
        /// What is wrong with the value.
        problem: Problem,
    },
    /// A criterion code the methodology does not define.
    #[error("unit {unit}: unknown criterion {criterion} for methodology {methodology}")]
    UnknownCriterion {
        /// The unit's code.
        unit: String,
        /// The code found in the input.
        criterion: String,
        /// The methodology in use.
        methodology: String,
    },
    /// A group code the methodology does not define, or one that is scored from criteria.
    #[error("unit {unit}, group {group}: {problem}")]
    InvalidGroup {
        /// The unit's code.
        unit: String,
        /// The group code found in the input.
        group: String,
        /// What is wrong.
        problem: Problem,
    },
    /// A group or view code asked for (e.g. to rank by) that the methodology does not define.
    #[error("methodology {methodology} has no group {group}")]
    UnknownGroup {
        /// The code asked for.
        group: String,
        /// The methodology in use.
        methodology: String,
    },
    /// A count that is not a non-negative whole number, or a criterion given twice.
    #[error("unit {unit}, criterion {criterion}: {problem}")]
    InvalidCount {
        /// The unit's code.
        unit: String,
        /// The criterion's code.
        criterion: String,
        /// What is wrong with the count.
        problem: Problem,
    },
    /// A numerator larger than its denominator (strict mode).
    #[error(
        "unit {unit}, criterion {criterion}: numerator {num} is greater than denominator {den}"
    )]
    NumeratorExceedsDenominator {
        /// The unit's code.
        unit: String,
        /// The criterion's code.
        criterion: String,
        /// The numerator.
        num: u64,
        /// The denominator.
        den: u64,
    },
    /// A zero denominator under a criterion whose policy is `error`.
    #[error("unit {unit}, criterion {criterion}: the denominator is 0, which this methodology treats as an error")]
    ZeroDenominator {
        /// The unit's code.
        unit: String,
        /// The criterion's code.
        criterion: String,
    },
    /// A computation that does not fit the number types (absurdly large counts).
    #[error("unit {unit}, {place}: arithmetic overflow")]
    Overflow {
        /// The unit's code.
        unit: String,
        /// The criterion or group being computed.
        place: String,
    },
    /// A unit code asked for that the scorecard or input does not hold.
    #[error("there is no unit {unit}")]
    UnknownUnit {
        /// The code asked for.
        unit: String,
    },
    /// The same unit code twice.
    #[error("duplicate unit code {unit}")]
    DuplicateUnit {
        /// The repeated code.
        unit: String,
    },
    /// A procedure listed twice for the same level in the catalogue.
    #[error("procedure {procedure} is listed twice for the {level} level")]
    DuplicateProcedure {
        /// The procedure's code.
        procedure: String,
        /// The level (`province`, `commune`, `ministry`).
        level: String,
    },
    /// A parent code that names no unit.
    #[error("unit {unit}: parent {parent} does not exist{}", .meant.as_ref().map(|m| format!(": {m}")).unwrap_or_default())]
    UnknownParent {
        /// The unit's code.
        unit: String,
        /// The parent code it names.
        parent: String,
        /// The code it probably was before a spreadsheet changed it.
        meant: Option<Mangled>,
    },
    /// Units whose parents lead back to themselves.
    #[error("units form a cycle of parents: {}", .units.join(" → "))]
    ParentCycle {
        /// The units on the cycle, in parent order, the first repeated at the end.
        units: Vec<String>,
    },
    /// A CSV row repeats a unit with a field that contradicts its first row.
    #[error(
        "unit {unit}, field {field}: '{repeated}' contradicts '{first}' given on an earlier row"
    )]
    ConflictingUnitField {
        /// The unit's code.
        unit: String,
        /// The field that differs.
        field: String,
        /// The value on the first row.
        first: String,
        /// The value on this row.
        repeated: String,
    },
    /// A field of a raw record (dossier, petition, procedure, unit) that cannot be read, or a
    /// record the counting setup refuses (an unknown unit or procedure).
    #[error("field {field}: {problem}")]
    InvalidRecord {
        /// The field's name (SPEC §7).
        field: String,
        /// The column's header in the file, when it is not the field's name (an office's own
        /// header, see [`Vocabulary`](crate::input::Vocabulary)).
        column: Option<String>,
        /// What is wrong with it.
        problem: Problem,
    },
    /// A file whose layout cannot be read: empty, binary, no header, a column missing or named
    /// twice, a row of another width, a line over the limit, JSON that does not parse.
    #[error("{problem}")]
    Layout {
        /// What is wrong.
        problem: Problem,
    },
    /// A value given outside any file (an option's time or period) that cannot be read.
    #[error("{problem}")]
    InvalidValue {
        /// What is wrong.
        problem: Problem,
    },
    /// A period that cannot be read (`YYYY`, `YYYY-Qn`, `YYYY-MM` or a date range).
    #[error("period '{value}': {problem}")]
    InvalidPeriod {
        /// The text found.
        value: String,
        /// What is wrong with it.
        problem: Problem,
    },
    /// Text that is not UTF-8 (nor UTF-16 with a byte-order mark): a file saved in Windows-1258,
    /// TCVN3 or VNI.
    #[error(
        "the text is not UTF-8 (read as Windows-1258 it says '{as_windows_1258}'); save the file \
         again as UTF-8 — in Excel “CSV UTF-8 (Comma delimited)”; a TCVN3 or VNI file must be \
         converted to Unicode first (e.g. with Unikey's converter)"
    )]
    Encoding {
        /// The line, read as Windows-1258 (the Vietnamese Windows code page) so the office
        /// recognises its own text; control characters written out.
        as_windows_1258: String,
    },
    /// A response of the national portal whose shape is not one this crate reads.
    #[error("portal response ({endpoint}): {problem}")]
    PortalResponse {
        /// The endpoint, or `unknown` when it could not be recognised.
        endpoint: String,
        /// What is wrong.
        problem: String,
    },
    /// A capture folder without any response of the set: the set or the folder is misnamed.
    #[error("{dir}: no response of set {set} (expected e.g. {dir}/transparency/{set}.json)")]
    NoResponseOfSet {
        /// The folder.
        dir: String,
        /// The capture set.
        set: String,
    },
    /// A response the portal capture should hold and does not: the set is read whole (declare
    /// it partial to read what there is).
    #[error("{path}: the response of set {set} is missing from the capture")]
    ResponseMissing {
        /// The file expected.
        path: String,
        /// The capture set.
        set: String,
    },
    /// A response in which the portal refused the request (its `code` is not `OK`).
    #[error("the portal answered {code}, not OK")]
    PortalRefused {
        /// The response's `code`.
        code: String,
    },
    /// A path that is not a regular file (a folder, a device, a pipe): it is not read, for a pipe
    /// would wait for a writer forever and a device never ends.
    #[error("{path}: not a regular file")]
    NotAFile {
        /// The path.
        path: String,
    },
    /// A file larger than an input of its kind can be.
    #[error("{path}: larger than {limit} bytes")]
    FileTooLarge {
        /// The file.
        path: String,
        /// The most bytes read.
        limit: u64,
    },
    /// A file that cannot be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
}

/// What of a count or a score another setup made ([`ErrorKind::SetupMismatch`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SetupPart {
    /// A tally counted by another `Counting` (other units, procedures or periods).
    #[error("the tally comes from another counting setup (units, procedures or periods differ)")]
    Tally,
    /// Records of this setup added to a tally that holds another setup's.
    #[error(
        "the tally holds records of another counting setup (other units, procedures or periods); \
         add these records to a tally of their own"
    )]
    ForeignTally,
    /// A tally into which a tally of another setup was merged.
    #[error(
        "the tally mixes records counted by different setups (a tally of other units, procedures \
         or periods was merged or added into it); count them again with one"
    )]
    MixedTally,
    /// Sums of another counting setup.
    #[error("the sums come from another counting setup (units, procedures or periods differ)")]
    Sums,
    /// Processing statistics of other units, periods or catalogues.
    #[error("statistics of other units, periods or catalogues cannot be merged")]
    Statistics,
    /// Processing statistics asked of a counting set up without them.
    #[error("processing statistics need a counting set up with_statistics()")]
    NoStatistics,
    /// Records counted by another setup added to these sums.
    #[error("the records come from another counting setup (units, procedures or periods differ)")]
    Records,
    /// Tables another layout made, or fewer or more than its periods.
    #[error("the tables were not made by this layout (RecordTables::tables)")]
    Tables,
    /// Points scored from another table.
    #[error("the points were scored from another table")]
    Points,
}

/// What was counted past its range ([`ErrorKind::CountOverflow`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Overflowed {
    /// The sums of a count, added up (2⁶⁴ cases at most).
    #[error("the sums")]
    Sums,
    /// A live count, past 2⁶⁴ or below zero.
    #[error("a live count")]
    LiveCount,
    /// A dossier table (2³² dossiers, units and procedures at most).
    #[error("a dossier table (2³² dossiers, units and procedures at most)")]
    DossierTable,
}

/// A file the crate writes ([`ErrorKind::Write`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Written {
    /// A report's table as CSV for Excel.
    #[error("the CSV file")]
    Csv,
    /// A report as a Word document.
    #[error("the Word document")]
    Word,
    /// A report as an Excel workbook.
    #[error("the Excel workbook")]
    Workbook,
    /// Interchange counts as CSV.
    #[error("the counts CSV")]
    Counts,
    /// The counts template to fill in.
    #[error("the counts template")]
    Template,
}

/// A fault of the crate itself ([`ErrorKind::Internal`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Internal {
    /// A thread of the work failed.
    #[error("a thread of {work} failed")]
    ThreadFailed {
        /// The work.
        work: &'static str,
    },
    /// A task shared among the cores was not run.
    #[error("a task of {work} was not run")]
    TaskNotRun {
        /// The work.
        work: &'static str,
    },
    /// Parts of one computation that do not fit together.
    #[error("{what}")]
    Inconsistent {
        /// What does not fit.
        what: &'static str,
    },
}

impl Error {
    /// The category of this error.
    pub fn kind(&self) -> &ErrorKind {
        &self.inner.kind
    }

    /// Where in the input the error was found, when known.
    pub fn location(&self) -> Option<&Location> {
        self.inner.location.as_ref()
    }

    /// Names the file (or other input) the error was found in, keeping the line if one is known:
    /// `Counts::from_csv(file)?` reports “counts CSV line 5: …”, and `.map_err(|e| e.in_source("tinh.csv"))`
    /// makes it “tinh.csv line 5: …”.
    pub fn in_source(mut self, source: &str) -> Error {
        let line = self.inner.location.take().and_then(|l| l.line);
        self.inner.location = Some(Location {
            source: source.to_owned(),
            line,
        });
        self
    }

    /// Attaches a location — the file and, for line-oriented input, the line — unless the error
    /// already has one (a reader's own, more precise location wins).
    pub fn at(mut self, source: &str, line: Option<u64>) -> Error {
        if self.inner.location.is_none() {
            self.inner.location = Some(Location {
                source: source.to_owned(),
                line,
            });
        }
        self
    }

    /// Moves the error's line by `lines` (an error found in a part of a file, numbered from the
    /// part).
    pub(crate) fn shift_line(mut self, lines: u64) -> Error {
        if let Some(Location {
            line: Some(line), ..
        }) = &mut self.inner.location
        {
            *line += lines;
        }
        self
    }

    /// An error of a file's layout.
    pub(crate) fn layout(problem: Problem) -> Error {
        ErrorKind::Layout { problem }.into()
    }

    /// An error of a record's field.
    pub(crate) fn record(field: &str, problem: Problem) -> Error {
        ErrorKind::InvalidRecord {
            field: field.to_owned(),
            column: None,
            problem,
        }
        .into()
    }

    /// Whether the error concerns one row of a file only, so that the rows after it can still
    /// be read: a field that cannot be read, a record refused, a row of another width.
    pub fn is_row_local(&self) -> bool {
        matches!(
            self.kind(),
            ErrorKind::InvalidRecord { .. }
                | ErrorKind::Layout {
                    problem: Problem::RowWidth { .. } | Problem::Json { .. }
                }
        )
    }

    /// Parts another setup made ([`ErrorKind::SetupMismatch`]).
    pub(crate) fn setup(part: SetupPart) -> Error {
        ErrorKind::SetupMismatch { part }.into()
    }

    /// A fault of the crate itself ([`ErrorKind::Internal`]).
    pub(crate) fn internal(problem: Internal) -> Error {
        ErrorKind::Internal { problem }.into()
    }

    /// A count beyond its range ([`ErrorKind::CountOverflow`]).
    pub(crate) fn count_overflow(what: Overflowed) -> Error {
        ErrorKind::CountOverflow { what }.into()
    }

    /// Working time the calendar cannot hold ([`ErrorKind::Calendar`]).
    pub(crate) fn calendar(problem: impl Into<String>) -> Error {
        ErrorKind::Calendar {
            problem: problem.into(),
        }
        .into()
    }

    /// A file that could not be written ([`ErrorKind::Write`]).
    pub(crate) fn write(what: Written, problem: impl fmt::Display) -> Error {
        ErrorKind::Write {
            what,
            problem: problem.to_string(),
        }
        .into()
    }

    pub(crate) fn syntax(problem: impl Into<String>) -> Error {
        ErrorKind::Syntax {
            problem: problem.into(),
        }
        .into()
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Error {
        Error {
            inner: Box::new(Inner {
                kind,
                location: None,
            }),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner.location {
            Some(Location {
                source,
                line: Some(line),
            }) => write!(f, "{source} line {line}: {}", self.inner.kind),
            Some(Location { source, line: None }) => write!(f, "{source}: {}", self.inner.kind),
            None => write!(f, "{}", self.inner.kind),
        }
    }
}

/// `Debug` shows the readable message, so `fn main() -> Result<(), chiso766::Error>` prints what
/// went wrong and where rather than the error's insides.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.inner.kind)
    }
}

/// The result type of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

//! Streaming readers for CSV and JSON Lines: one row in memory at a time.

use std::borrow::Cow;
use std::io;

use jiff::civil::Date;
use serde_json::{Map, Value};

use super::fields::{Field, Layout, RecordKind};
use super::{
    Channel, Dossier, Located, OnlineLevel, Payment, Petition, Procedure, ProcedureLevel, TimeUnit,
    UnitRow,
};
use crate::calendar::{DayKind, Moment, SpecialDay, YEARS};
use crate::error::{Error, ErrorKind, Problem, Result};
use crate::input::{
    self, csv::CsvReader, csv::CsvRecord, json, Notice, ReadOptions, Text, Warning,
};
use crate::unit::{Level, Unit};

/// The two record formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CSV with a header row.
    Csv,
    /// One JSON object per line, with the CSV's column names as keys.
    JsonLines,
}

impl Format {
    /// The format a file name suggests: `.jsonl`/`.ndjson` are JSON Lines, anything else CSV.
    pub fn of_path(path: &str) -> Format {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
            Format::JsonLines
        } else {
            Format::Csv
        }
    }
}

/// One row, whichever format it came from, the file's layout, and how its dates are written.
struct Row<'a> {
    fields: Fields<'a>,
    layout: &'a Layout,
    day_first: bool,
}

/// A row's fields, as the format holds them.
enum Fields<'a> {
    /// A CSV record's text and its fields' byte ranges.
    Csv(&'a str, &'a [(usize, usize)]),
    /// A JSON Lines record's object.
    Json(&'a Map<String, Value>),
}

/// A field's value, or the field and what is wrong with it.
type FieldResult<T> = std::result::Result<T, FieldError>;

/// A field and what is wrong with it, boxed: a field is read many times a row and rarely wrong,
/// and a problem is large, so the result read stays the size of its value (the processor waits
/// on copies of large results).
struct FieldError(Box<(Field, Problem)>);

/// The error of `field`.
#[cold]
fn fail(field: Field, problem: Problem) -> FieldError {
    FieldError(Box::new((field, problem)))
}

impl FieldError {
    /// The crate's error, naming the column as the file's `layout` heads it.
    #[cold]
    fn into_error(self, layout: &Layout) -> Error {
        let (field, problem) = *self.0;
        ErrorKind::InvalidRecord {
            field: field.name().to_owned(),
            column: layout.name(field).map(str::to_owned),
            problem,
        }
        .into()
    }
}

/// `text.trim()`, but a field with no space at either end — nearly all of them — costs two byte
/// comparisons instead of a Unicode scan.
fn trim(text: &str) -> &str {
    let bytes = text.as_bytes();
    let spaced = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_whitespace() || !b.is_ascii());
    if spaced(bytes.first()) || spaced(bytes.last()) {
        text.trim()
    } else {
        text
    }
}

impl<'a> Row<'a> {
    /// The row of `fields`, read by `layout`, its dates written day first when `day_first`.
    fn new(fields: Fields<'a>, layout: &'a Layout, day_first: bool) -> Row<'a> {
        Row {
            fields,
            layout,
            day_first,
        }
    }
}

impl Row<'_> {
    /// The field's text, trimmed; `None` when absent or empty. In JSON a number or a boolean
    /// stands for its text; an array or object where text is expected is an error.
    fn text(&self, field: Field) -> FieldResult<Option<Cow<'_, str>>> {
        let text = match &self.fields {
            // Trimmed here, for the fields read, rather than every field by the reader.
            Fields::Csv(line, fields) => {
                let Some(&(start, end)) = self.layout.column(field).and_then(|c| fields.get(c))
                else {
                    return Ok(None);
                };
                // Returned at once: the text moved through the steps below costs a tenth of
                // reading a file (the processor waits on the copies).
                let text = trim(line.get(start..end).unwrap_or_default());
                return Ok(Some(input::composed(text)).filter(|t| !t.is_empty()));
            }
            Fields::Json(object) => match object.get(self.layout.key(field)) {
                None | Some(Value::Null) => return Ok(None),
                Some(Value::String(s)) => Cow::Borrowed(trim(s)),
                Some(Value::Number(n)) => Cow::Owned(n.to_string()),
                Some(Value::Bool(b)) => Cow::Borrowed(if *b { "true" } else { "false" }),
                Some(other) => {
                    let found = if other.is_array() {
                        "an array"
                    } else {
                        "an object"
                    };
                    return Err(fail(field, Problem::NotText { found }));
                }
            },
        };
        let text = match text {
            Cow::Borrowed(t) => input::composed(t),
            Cow::Owned(t) => {
                // Composed again only when it changes (a JSON number's text never does).
                let recomposed = match input::composed(&t) {
                    Cow::Owned(c) => Some(c),
                    Cow::Borrowed(_) => None,
                };
                Cow::Owned(recomposed.unwrap_or(t))
            }
        };
        Ok(Some(text).filter(|t| !t.is_empty()))
    }

    /// The field's text with the office's word for a value replaced by the value it stands for.
    #[inline]
    fn word(&self, field: Field) -> FieldResult<Option<Cow<'_, str>>> {
        let text = self.text(field)?;
        // Most fields of most files have no words of the office's: nothing to look up.
        if !self.layout.has_words(field) {
            return Ok(text);
        }
        Ok(text.map(|text| self.layout.word(field, text)))
    }

    /// A code (of a unit, procedure, dossier…): visible text, no control or invisible character.
    fn code(&self, field: Field) -> FieldResult<Option<Cow<'_, str>>> {
        let text = self.text(field)?;
        if let Some(text) = &text {
            input::check_code(text).map_err(|problem| fail(field, problem))?;
        }
        Ok(text)
    }

    /// The field's code, which must be given.
    fn required_code(&self, field: Field) -> FieldResult<String> {
        self.code(field)?
            .map(Cow::into_owned)
            .ok_or_else(|| fail(field, Problem::Missing))
    }

    /// The field's code into `out`, whose memory is reused.
    fn required_code_into(&self, field: Field, out: &mut String) -> FieldResult<()> {
        let text = self
            .code(field)?
            .ok_or_else(|| fail(field, Problem::Missing))?;
        out.clear();
        out.push_str(&text);
        Ok(())
    }

    /// The field's date, if given.
    fn date(&self, field: Field) -> FieldResult<Option<Date>> {
        match self.text(field)? {
            None => Ok(None),
            Some(text) => input::date(&text, self.day_first)
                .map(Some)
                .map_err(|problem| fail(field, problem)),
        }
    }

    /// The field's text, if given.
    fn optional(&self, field: Field) -> FieldResult<Option<String>> {
        Ok(self.text(field)?.map(Cow::into_owned))
    }

    /// The field's instant, if given.
    fn moment(&self, field: Field) -> FieldResult<Option<Moment>> {
        match self.text(field)? {
            None => Ok(None),
            Some(text) => input::moment(&text, self.day_first)
                .map(Some)
                .map_err(|problem| fail(field, problem)),
        }
    }

    /// The field's yes or no (`1`/`true`, `0`/`false`, or the office's words for them), if given.
    fn flag(&self, field: Field) -> FieldResult<Option<bool>> {
        let Some(text) = self.word(field)? else {
            return Ok(None);
        };
        match text.as_ref() {
            "1" | "true" => Ok(Some(true)),
            "0" | "false" => Ok(Some(false)),
            other => Err(fail(
                field,
                Problem::NotFlag {
                    value: other.to_owned(),
                    words: self.layout.words(field),
                },
            )),
        }
    }

    /// The field's whole number, if given.
    fn number<T: TryFrom<u64>>(&self, field: Field) -> FieldResult<Option<T>> {
        match self.text(field)? {
            None => Ok(None),
            Some(text) => input::whole_number(&text)
                .map(Some)
                .map_err(|problem| fail(field, problem)),
        }
    }

    /// One of `choices` (the field's values as the specification writes them, or the office's
    /// words for them).
    fn choice<T: Copy>(&self, field: Field, choices: &[(&str, T)]) -> FieldResult<Option<T>> {
        let Some(text) = self.word(field)? else {
            return Ok(None);
        };
        if let Some((_, value)) = choices.iter().find(|(name, _)| *name == text) {
            return Ok(Some(*value));
        }
        let mut accepted: Vec<String> = choices.iter().map(|(n, _)| (*n).to_owned()).collect();
        accepted.extend(self.layout.words(field));
        Err(fail(
            field,
            Problem::NotOneOf {
                value: text.into_owned(),
                accepted,
            },
        ))
    }
}

/// The dossier of a row.
fn dossier(row: &Row<'_>) -> FieldResult<Dossier> {
    let mut dossier = Dossier::blank();
    fill_dossier(row, &mut dossier)?;
    Ok(dossier)
}

/// Reads a row into `dossier`, reusing its strings' memory (a file's rows then cost no allocation).
fn fill_dossier(row: &Row<'_>, dossier: &mut Dossier) -> FieldResult<()> {
    let yes = |field: Field| row.flag(field).map(|f| f.unwrap_or(false));
    row.required_code_into(Field::DossierId, &mut dossier.id)?;
    row.required_code_into(Field::UnitCode, &mut dossier.unit)?;
    row.required_code_into(Field::ProcedureCode, &mut dossier.procedure)?;
    dossier.submitted_at = row.moment(Field::SubmittedAt)?;
    dossier.received_at = row.moment(Field::ReceivedAt)?;
    dossier.due_at = row.moment(Field::DueAt)?;
    dossier.finished_at = row.moment(Field::FinishedAt)?;
    dossier.returned_at = row.moment(Field::ReturnedAt)?;
    dossier.stopped_at = row.moment(Field::StoppedAt)?;
    dossier.supplement_count = row.number(Field::SupplementCount)?.unwrap_or(0);
    dossier.supplement_requested_at = row.moment(Field::SupplementRequestedAt)?;
    dossier.supplement_completed_at = row.moment(Field::SupplementCompletedAt)?;
    dossier.channel = row
        .choice(
            Field::Channel,
            &[
                ("1", Channel::InPerson),
                ("2", Channel::Online),
                ("3", Channel::Postal),
            ],
        )?
        .unwrap_or(Channel::InPerson);
    dossier.payment = row
        .choice(
            Field::PaidOnline,
            &[
                ("0", Payment::NotOnline),
                ("1", Payment::NationalPortal),
                ("2", Payment::LocalGateway),
            ],
        )?
        .unwrap_or(Payment::NotOnline);
    dossier.fee_nonzero = row.flag(Field::FeeNonzero)?;
    dossier.result_file = yes(Field::ResultFile)?;
    dossier.component_files = yes(Field::ComponentFiles)?;
    dossier.reused_data = yes(Field::ReusedData)?;
    dossier.from_personal_storage = yes(Field::FromPersonalStorage)?;
    dossier.vneid = yes(Field::Vneid)?;
    dossier.disliked = yes(Field::Disliked)?;
    dossier.has_petition = yes(Field::HasPetition)?;
    dossier.officer = row.optional(Field::Officer)?;
    dossier.e_receipt = row.flag(Field::EReceipt)?;
    Ok(())
}

/// The petition of a row.
fn petition(row: &Row<'_>) -> FieldResult<Petition> {
    Ok(Petition {
        id: row.required_code(Field::PetitionId)?,
        unit: row.required_code(Field::UnitCode)?,
        received_at: row
            .moment(Field::ReceivedAt)?
            .ok_or_else(|| fail(Field::ReceivedAt, Problem::Missing))?,
        transferred_at: row.moment(Field::TransferredAt)?,
        refused_at: row.moment(Field::RefusedAt)?,
        supplement_requested_at: row.moment(Field::SupplementRequestedAt)?,
        handling_started_at: row.moment(Field::HandlingStartedAt)?,
        published_at: row.moment(Field::PublishedAt)?,
        likes: row.number(Field::Likes)?.unwrap_or(0),
        dislikes: row.number(Field::Dislikes)?.unwrap_or(0),
        repeated: row.flag(Field::Repeated)?.unwrap_or(false),
    })
}

/// The catalogue's procedure of a row.
fn procedure(row: &Row<'_>) -> FieldResult<Procedure> {
    let yes = |field: Field| row.flag(field).map(|f| f.unwrap_or(false));
    let max_time = row.number(Field::MaxTime)?;
    let max_time_unit = row.choice(
        Field::MaxTimeUnit,
        &[
            ("working_days", TimeUnit::WorkingDays),
            ("days", TimeUnit::Days),
            ("hours", TimeUnit::Hours),
        ],
    )?;
    if max_time.is_some() && max_time_unit.is_none() {
        return Err(fail(
            Field::MaxTimeUnit,
            Problem::MissingWhile { given: "max_time" },
        ));
    }
    Ok(Procedure {
        code: row.required_code(Field::ProcedureCode)?,
        name: row.optional(Field::Name)?.unwrap_or_default(),
        level: row
            .choice(
                Field::Level,
                &[
                    ("province", ProcedureLevel::Province),
                    ("commune", ProcedureLevel::Commune),
                    ("ministry", ProcedureLevel::Ministry),
                ],
            )?
            .ok_or_else(|| fail(Field::Level, Problem::Missing))?,
        online_level: row
            .choice(
                Field::OnlineLevel,
                &[
                    ("none", OnlineLevel::None),
                    ("partial", OnlineLevel::Partial),
                    ("full", OnlineLevel::Full),
                ],
            )?
            .unwrap_or(OnlineLevel::None),
        full_online_eligible: yes(Field::FullOnlineEligible)?,
        paper_result_required: yes(Field::PaperResultRequired)?,
        fee_bearing: yes(Field::FeeBearing)?,
        for_citizens: yes(Field::ForCitizens)?,
        max_time,
        max_time_unit,
        field: row.optional(Field::Domain)?,
    })
}

/// The unit list's unit of a row.
fn unit_row(row: &Row<'_>) -> FieldResult<UnitRow> {
    let level = row
        .choice(
            Field::Level,
            &[
                ("ministry", Level::Ministry),
                ("province", Level::Province),
                ("department", Level::Department),
                ("district", Level::District),
                ("commune", Level::Commune),
            ],
        )?
        .ok_or_else(|| fail(Field::Level, Problem::Missing))?;
    Ok(UnitRow {
        unit: Unit {
            code: row.required_code(Field::Code)?,
            name: row.optional(Field::Name)?.unwrap_or_default(),
            level,
            parent: row.code(Field::Parent)?.map(Cow::into_owned),
        },
        valid_from: row.date(Field::ValidFrom)?,
        valid_to: row.date(Field::ValidTo)?,
    })
}

/// The calendar's special day of a row.
fn holiday(row: &Row<'_>) -> FieldResult<SpecialDay> {
    let date = row
        .date(Field::Date)?
        .ok_or_else(|| fail(Field::Date, Problem::Missing))?;
    if !(YEARS.0..=YEARS.1).contains(&date.year()) {
        return Err(fail(Field::Date, Problem::OutsideYears { date }));
    }
    Ok(SpecialDay {
        date,
        kind: row
            .choice(
                Field::Kind,
                &[("off", DayKind::Off), ("workday", DayKind::Workday)],
            )?
            .ok_or_else(|| fail(Field::Kind, Problem::Missing))?,
        name: row.optional(Field::Name)?.unwrap_or_default(),
        source: row.optional(Field::Source)?,
    })
}

/// Where records' rows come from, with the room each way of reading reuses row after row.
enum Source<R: io::Read> {
    /// A full CSV reader, for any CSV file.
    Csv {
        reader: Box<CsvReader<R>>,
        layout: Box<Layout>,
        record: CsvRecord,
    },
    /// CSV without quotes, split at its separator line by line: several times faster than a full
    /// CSV reader. Used for the parts of a file cut for the cores; a part that turns out to hold a
    /// quote or a lone carriage return (where a line is not simply a row) ends, and says so
    /// ([`Records::needs_csv_reader`]).
    Plain {
        text: Text<R>,
        layout: Box<Layout>,
        separator: u8,
        /// Fields per row (the header's).
        width: usize,
        line: Vec<u8>,
        fields: Vec<(usize, usize)>,
    },
    /// JSON Lines, one object a line.
    Json {
        text: Text<R>,
        layout: Box<Layout>,
        line: Vec<u8>,
    },
}

/// A stream of records of one kind, each with its line; an error names the file, line and field.
pub struct Records<T, R: io::Read> {
    source: Source<R>,
    parse: fn(&Row<'_>) -> FieldResult<T>,
    /// The record's own consistency (its moments in order).
    check: fn(&T) -> Option<(&'static str, Problem)>,
    day_first: bool,
    lenient_timelines: bool,
    failed: bool,
    /// A plain CSV part met a quote or a lone carriage return.
    not_plain: bool,
    rows: u64,
    /// Records counted leniently so far.
    lenient: u64,
    warnings: Vec<Warning>,
    /// Reads on after a row that cannot be read (see [`Records::resume_after_errors`]).
    resume: bool,
}

/// How a kind of record is read from a row, and checked once read.
type Reading<T> = (
    RecordKind,
    fn(&Row<'_>) -> FieldResult<T>,
    fn(&T) -> Option<(&'static str, Problem)>,
);

/// How dossiers are read and checked.
const DOSSIERS: Reading<Dossier> = (RecordKind::Dossiers, dossier, Dossier::timeline_problem);

/// A CSV file's layout from its header row; an error names the header line.
fn layout_of<R: io::Read>(
    reader: &CsvReader<R>,
    kind: RecordKind,
    options: &ReadOptions,
) -> Result<Box<Layout>> {
    Layout::of_csv(kind, reader.header(), options)
        .map(Box::new)
        .map_err(|problem| Error::layout(problem).at(reader.name(), Some(reader.header_line())))
}

/// Each byte of `word` that equals `byte`, as its high bit (exact: no carry crosses bytes).
fn bytes_equal(word: u64, byte: u8) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let x = word ^ (u64::from(byte) * 0x0101_0101_0101_0101);
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// Splits a line at its separators into fields' byte ranges; false if it holds a quote or a
/// carriage return (it is then not plain CSV). Separators are dense — twenty on a dossier row —
/// so the line is looked at eight bytes at a time, all three bytes at once, rather than searched
/// byte by byte or hit by hit.
fn split_at(line: &[u8], separator: u8, fields: &mut Vec<(usize, usize)>) -> bool {
    fields.clear();
    let mut start = 0;
    let mut at = 0;
    let mut words = line.chunks_exact(8);
    for chunk in &mut words {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_le_bytes(word);
        if bytes_equal(word, b'"') | bytes_equal(word, b'\r') != 0 {
            return false;
        }
        let mut hits = bytes_equal(word, separator);
        while hits != 0 {
            let hit = at + (hits.trailing_zeros() / 8) as usize;
            fields.push((start, hit));
            start = hit + 1;
            hits &= hits - 1;
        }
        at += 8;
    }
    for (i, &byte) in words.remainder().iter().enumerate() {
        if byte == b'"' || byte == b'\r' {
            return false;
        }
        if byte == separator {
            fields.push((start, at + i));
            start = at + i + 1;
        }
    }
    fields.push((start, line.len()));
    true
}

/// The next line of a part read as plain CSV, or why there is none.
enum Next<T> {
    /// The line (or object) and its number.
    Line(T, u64),
    /// The end of the input.
    End,
    /// A line with a quote or a lone carriage return: the part needs the CSV reader.
    NotPlain,
    /// A line that cannot be read.
    Failed(Error),
}

/// The next non-blank line of a plain CSV part, split at `separator` into `fields`; a row of
/// another width than the header's is an error.
#[inline]
fn plain_line<'l, R: io::Read>(
    text: &mut Text<R>,
    line: &'l mut Vec<u8>,
    separator: u8,
    width: usize,
    fields: &mut Vec<(usize, usize)>,
) -> Next<&'l str> {
    loop {
        match text.read_line(line) {
            Ok(false) => return Next::End,
            Ok(true) if line.is_empty() => continue,
            Ok(true) => break,
            Err(e) => return Next::Failed(e),
        }
    }
    if !split_at(line, separator, fields) {
        return Next::NotPlain;
    }
    let at = text.line();
    if fields.len() != width {
        return Next::Failed(text.error(Problem::RowWidth {
            found: fields.len(),
            expected: width,
        }));
    }
    match text.utf8(line, at) {
        Ok(line) => Next::Line(line, at),
        Err(e) => Next::Failed(e),
    }
}

/// The next non-blank line of a JSON Lines input, as an object.
fn json_line<R: io::Read>(text: &mut Text<R>, line: &mut Vec<u8>) -> Next<Map<String, Value>> {
    loop {
        match text.read_line(line) {
            Ok(false) => return Next::End,
            Ok(true) if line.iter().all(u8::is_ascii_whitespace) => continue,
            Ok(true) => break,
            Err(e) => return Next::Failed(e),
        }
    }
    let at = text.line();
    let object = text.utf8(line, at).and_then(|line| {
        json::object(line).map_err(|e| {
            text.error(Problem::Json {
                detail: e.to_string(),
            })
        })
    });
    match object {
        Ok(object) => Next::Line(object, at),
        Err(e) => Next::Failed(e),
    }
}

/// The columns a dossier file lacks that its counts rest on, as warnings.
fn no_columns(layout: &Layout, kind: RecordKind, name: &str, line: u64) -> Vec<Warning> {
    (layout.absent(kind).into_iter())
        .map(|(field, instead)| Warning {
            source: name.to_owned(),
            line: Some(line),
            notice: Notice::NoColumn {
                field: field.to_owned(),
                instead: instead.map(str::to_owned),
            },
        })
        .collect()
}

/// Unknown columns of a CSV file's header that look like a misspelt known one, as warnings.
fn near_misses<R: io::Read>(
    reader: &CsvReader<R>,
    kind: RecordKind,
    options: &ReadOptions,
) -> Vec<Warning> {
    let known = Layout::known_names(kind, options);
    reader.near_misses(&known.iter().map(String::as_str).collect::<Vec<_>>())
}

impl<T, R: io::Read> Records<T, R> {
    /// The records of `reader`, a file called `name` in `format`, read as `reading` says.
    ///
    /// Errors: a CSV file's header that does not read.
    fn open(
        reader: R,
        format: Format,
        name: &str,
        options: &ReadOptions,
        reading: Reading<T>,
    ) -> Result<Records<T, R>> {
        let kind = reading.0;
        let mut warnings = Vec::new();
        let source = match format {
            Format::Csv => {
                let reader = CsvReader::new(reader, name, options)?;
                warnings = near_misses(&reader, kind, options);
                let layout = layout_of(&reader, kind, options)?;
                warnings.extend(no_columns(&layout, kind, name, reader.header_line()));
                Source::Csv {
                    layout,
                    reader: Box::new(reader),
                    record: CsvRecord::default(),
                }
            }
            Format::JsonLines => Source::Json {
                text: Text::new(reader, name, options)?,
                layout: Box::new(Layout::of_json(kind, options)),
                line: Vec::new(),
            },
        };
        Ok(Records::over(source, options, reading, warnings))
    }

    /// The records of `source`, with the `warnings` found opening it.
    fn over(
        source: Source<R>,
        options: &ReadOptions,
        (_, parse, check): Reading<T>,
        warnings: Vec<Warning>,
    ) -> Records<T, R> {
        Records {
            source,
            parse,
            check,
            day_first: options.day_first_dates,
            lenient_timelines: options.lenient_timelines,
            failed: false,
            not_plain: false,
            rows: 0,
            lenient: 0,
            warnings,
            resume: false,
        }
    }

    /// Reads on after a row that cannot be read ([`Error::is_row_local`]: a field, a record
    /// refused, a row of another width), as a check of a whole file does to list every problem;
    /// after any other error the stream still ends.
    pub fn resume_after_errors(mut self) -> Records<T, R> {
        self.resume = true;
        self
    }

    /// The name of the file read, for errors.
    fn name(&self) -> &str {
        match &self.source {
            Source::Csv { reader, .. } => reader.name(),
            Source::Plain { text, .. } | Source::Json { text, .. } => text.name(),
        }
    }

    /// Lines read so far (a CSV file's header included).
    pub(crate) fn lines_read(&self) -> u64 {
        match &self.source {
            Source::Csv { reader, .. } => reader.lines_read(),
            Source::Plain { text, .. } | Source::Json { text, .. } => text.line(),
        }
    }

    /// What was found that does not stop the file being read: unknown columns that look like a
    /// misspelt known one, and, once the records are all read, a file with no records.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// Whether a part read as unquoted CSV turned out to need the CSV reader: it ended early, at a
    /// line with a quote or a lone carriage return.
    pub(crate) fn needs_csv_reader(&self) -> bool {
        self.not_plain
    }

    /// Reads the next row and hands it to `read`; `None` at the end.
    fn with_row<U>(
        &mut self,
        read: impl FnOnce(&Row<'_>) -> FieldResult<U>,
    ) -> Option<Result<(U, u64)>> {
        let day_first = self.day_first;
        let (parsed, line, layout) = match &mut self.source {
            Source::Csv {
                reader,
                layout,
                record,
            } => {
                match reader.read(record) {
                    Ok(false) => return self.end(),
                    Ok(true) => {}
                    Err(e) => return Some(Err(e)),
                }
                let (text, fields) = record.parts();
                let row = Row::new(Fields::Csv(text, fields), layout, day_first);
                (read(&row), record.line(), &**layout)
            }
            Source::Plain {
                text,
                layout,
                separator,
                width,
                line,
                fields,
            } => {
                let (line, at) = match plain_line(text, line, *separator, *width, fields) {
                    Next::Line(line, at) => (line, at),
                    Next::End => return None,
                    Next::NotPlain => {
                        self.not_plain = true;
                        return None;
                    }
                    Next::Failed(e) => return Some(Err(e)),
                };
                let row = Row::new(Fields::Csv(line, fields), layout, day_first);
                (read(&row), at, &**layout)
            }
            Source::Json { text, layout, line } => {
                let (object, at) = match json_line(text, line) {
                    Next::Line(object, at) => (object, at),
                    Next::End | Next::NotPlain => return self.end(),
                    Next::Failed(e) => return Some(Err(e)),
                };
                let row = Row::new(Fields::Json(&object), layout, day_first);
                (read(&row), at, &**layout)
            }
        };
        let parsed = parsed.map_err(|failed| failed.into_error(layout));
        Some(self.counted(parsed, line))
    }

    /// Counts a row read at `line`, and says where it is when it failed.
    fn counted<U>(&mut self, parsed: Result<U>, line: u64) -> Result<(U, u64)> {
        self.rows += 1;
        match parsed {
            Ok(value) => Ok((value, line)),
            Err(e) => Err(e.at(self.name(), Some(line))),
        }
    }

    /// The end of a whole file: a file with a header (or nothing but blank lines) and no records
    /// is worth a warning.
    fn end<U>(&mut self) -> Option<U> {
        if self.rows == 0 && !self.warnings.iter().any(|w| w.notice == Notice::NoRecords) {
            self.warnings.push(Warning {
                source: self.name().to_owned(),
                line: None,
                notice: Notice::NoRecords,
            });
        }
        None
    }

    /// The next record, read and checked, with its line; `None` at the end.
    fn next_record(&mut self) -> Option<Result<Located<T>>> {
        let parse = self.parse;
        let read = self.with_row(parse);
        read.map(|r| {
            r.and_then(|(record, line)| {
                self.checked(&record, line)?;
                Ok(Located { record, line })
            })
        })
    }

    /// Refuses a record whose moments contradict each other, or, read leniently, reports it.
    fn checked(&mut self, record: &T, line: u64) -> Result<()> {
        let Some((field, problem)) = (self.check)(record) else {
            return Ok(());
        };
        if !self.lenient_timelines {
            return Err(Error::record(field, problem).at(self.name(), Some(line)));
        }
        self.lenient += 1;
        let source = self.name().to_owned();
        if self.lenient <= LENIENT_LISTED {
            self.warnings.push(Warning {
                source,
                line: Some(line),
                notice: Notice::CountedAsWritten {
                    field: field.to_owned(),
                    problem,
                },
            });
            return Ok(());
        }
        // A dirty file of millions of such rows keeps one warning that counts the rest, so
        // memory does not grow with rows.
        let count = self.lenient - LENIENT_LISTED;
        match (self.warnings.iter_mut())
            .find(|w| matches!(w.notice, Notice::MoreCountedAsWritten { .. }))
        {
            Some(summary) => summary.notice = Notice::MoreCountedAsWritten { count },
            None => self.warnings.push(Warning {
                source,
                line: None,
                notice: Notice::MoreCountedAsWritten { count },
            }),
        }
        Ok(())
    }

    /// Whether the stream ends after `read`: after an error, unless it is a row's own and the
    /// stream resumes after those.
    fn ends_after<U>(&self, read: &Option<Result<U>>) -> bool {
        match read {
            Some(Err(e)) => !(self.resume && e.is_row_local()),
            _ => false,
        }
    }
}

/// Records counted leniently that are each listed as a warning; the rest are counted in one.
const LENIENT_LISTED: u64 = 100;

impl<R: io::Read> Records<Dossier, R> {
    /// Reads the next dossier into `target`, reusing its memory; `None` at the end. Like the
    /// iterator, the stream ends after an error.
    pub fn read_into(&mut self, target: &mut Located<Dossier>) -> Option<Result<()>> {
        if self.failed {
            return None;
        }
        let read = self.with_row(|row| fill_dossier(row, &mut target.record));
        let read = read.map(|r| {
            r.and_then(|((), line)| {
                target.line = line;
                self.checked(&target.record, line)
            })
        });
        self.failed = self.ends_after(&read);
        read
    }
}

impl<T, R: io::Read> Iterator for Records<T, R> {
    type Item = Result<Located<T>>;

    /// The next record; after an error the stream ends, since the reader's state is unknown
    /// (unless it [resumes after a row's own errors](Records::resume_after_errors)).
    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let next = self.next_record();
        self.failed = self.ends_after(&next);
        next
    }
}

/// Reads a part of a dossier file cut at a line end: `header` is the file's CSV header line
/// (empty for JSON Lines), `body` the part's lines, read as unquoted CSV (see
/// [`Records::needs_csv_reader`]). Lines are numbered from the part, the header being line 1.
pub(crate) fn read_dossier_part<R: io::Read>(
    header: &[u8],
    header_warnings: bool,
    body: R,
    format: Format,
    name: &str,
    options: &ReadOptions,
) -> Result<Records<Dossier, R>> {
    let mut warnings = Vec::new();
    let source = match format {
        Format::JsonLines => Source::Json {
            text: Text::part(body, name, options, 0),
            layout: Box::new(Layout::of_json(RecordKind::Dossiers, options)),
            line: Vec::new(),
        },
        Format::Csv => {
            let head = CsvReader::new(header, name, options)?;
            let layout = layout_of(&head, RecordKind::Dossiers, options)?;
            if header_warnings {
                warnings = near_misses(&head, RecordKind::Dossiers, options);
                let line = head.header_line();
                warnings.extend(no_columns(&layout, RecordKind::Dossiers, name, line));
            }
            Source::Plain {
                layout,
                separator: head.separator(),
                width: head.header().len(),
                text: Text::part(body, name, options, 1),
                line: Vec::new(),
                fields: Vec::new(),
            }
        }
    };
    Ok(Records::over(source, options, DOSSIERS, warnings))
}

impl ReadOptions {
    /// Reads dossiers (`dossiers.csv`) under these options. `name` names the input in errors.
    pub fn dossiers<R: io::Read>(
        &self,
        reader: R,
        format: Format,
        name: &str,
    ) -> Result<Records<Dossier, R>> {
        Records::open(reader, format, name, self, DOSSIERS)
    }

    /// Reads petitions (`petitions.csv`) under these options.
    pub fn petitions<R: io::Read>(
        &self,
        reader: R,
        format: Format,
        name: &str,
    ) -> Result<Records<Petition, R>> {
        let reading: Reading<Petition> =
            (RecordKind::Petitions, petition, Petition::timeline_problem);
        Records::open(reader, format, name, self, reading)
    }

    /// Reads the procedure catalogue (`procedures.csv`) under these options.
    pub fn procedures<R: io::Read>(
        &self,
        reader: R,
        format: Format,
        name: &str,
    ) -> Result<Records<Procedure, R>> {
        let reading: Reading<Procedure> = (RecordKind::Procedures, procedure, |_| None);
        Records::open(reader, format, name, self, reading)
    }

    /// Reads days off and make-up working days (`holidays.csv`) under these options.
    pub fn holidays<R: io::Read>(
        &self,
        reader: R,
        format: Format,
        name: &str,
    ) -> Result<Records<SpecialDay, R>> {
        let reading: Reading<SpecialDay> = (RecordKind::Holidays, holiday, |_| None);
        Records::open(reader, format, name, self, reading)
    }

    /// Reads units (`units.csv`) under these options.
    pub fn units<R: io::Read>(
        &self,
        reader: R,
        format: Format,
        name: &str,
    ) -> Result<Records<UnitRow, R>> {
        let reading: Reading<UnitRow> = (RecordKind::Units, unit_row, |_| None);
        Records::open(reader, format, name, self, reading)
    }
}

/// Reads dossiers (`dossiers.csv`). `name` names the input in errors. Other limits and date forms:
/// [`ReadOptions::dossiers`].
pub fn read_dossiers<R: io::Read>(
    reader: R,
    format: Format,
    name: &str,
) -> Result<Records<Dossier, R>> {
    ReadOptions::default().dossiers(reader, format, name)
}

/// Reads petitions (`petitions.csv`).
pub fn read_petitions<R: io::Read>(
    reader: R,
    format: Format,
    name: &str,
) -> Result<Records<Petition, R>> {
    ReadOptions::default().petitions(reader, format, name)
}

/// Reads the procedure catalogue (`procedures.csv`).
pub fn read_procedures<R: io::Read>(
    reader: R,
    format: Format,
    name: &str,
) -> Result<Records<Procedure, R>> {
    ReadOptions::default().procedures(reader, format, name)
}

/// Reads days off and make-up working days (`holidays.csv`: `date,kind,name[,source]`, `kind`
/// being `off` or `workday`), as the built-in table is written.
pub fn read_holidays<R: io::Read>(
    reader: R,
    format: Format,
    name: &str,
) -> Result<Records<SpecialDay, R>> {
    ReadOptions::default().holidays(reader, format, name)
}

/// Reads units (`units.csv`). Their tree is [`UnitTree::new`](crate::UnitTree::new) of the rows'
/// units; the days each exists apply to a count through
/// [`Counting::with_unit_dates`](crate::count::Counting::with_unit_dates).
pub fn read_units<R: io::Read>(
    reader: R,
    format: Format,
    name: &str,
) -> Result<Records<UnitRow, R>> {
    ReadOptions::default().units(reader, format, name)
}

#[cfg(test)]
mod tests {
    use super::split_at;

    use proptest::prelude::*;

    proptest! {
        // Eight bytes at a time finds what a byte-by-byte look finds, whatever the bytes (those
        // whose value differs from ',', '"' or '\r' in the high bit only included).
        #[test]
        fn commas_split_as_byte_by_byte(line in proptest::collection::vec(
            prop::sample::select(vec![b',', b'"', b'\r', b'a', 0xAC, 0xA2, 0x8D, 0xFF, 0]),
            0..40,
        )) {
            let mut fields = Vec::new();
            let plain = split_at(&line, b',', &mut fields);
            prop_assert_eq!(plain, !line.iter().any(|b| matches!(b, b'"' | b'\r')));
            if plain {
                let mut expected = Vec::new();
                let mut start = 0;
                for (i, _) in line.iter().enumerate().filter(|(_, b)| **b == b',') {
                    expected.push((start, i));
                    start = i + 1;
                }
                expected.push((start, line.len()));
                prop_assert_eq!(fields, expected);
            }
        }
    }
}

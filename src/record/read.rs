//! Streaming readers for CSV and JSON Lines: one row in memory at a time.

use std::borrow::Cow;
use std::io::{self, BufRead, BufReader};
use std::str::FromStr;

use jiff::civil::Date;
use serde_json::{Map, Value};

use super::{
    Channel, Dossier, Located, OnlineLevel, Payment, Petition, Procedure, ProcedureLevel, TimeUnit,
    UnitRow,
};
use crate::calendar::{DayKind, Moment, SpecialDay, YEARS};
use crate::error::{Error, ErrorKind, Result};
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

/// The fields (CSV columns, JSON keys) the readers know, resolved to column positions once per
/// file so that reading a row does no lookup by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Source,
    Kind,
    Date,
    MaxTimeUnit,
    OnlineLevel,
    PaidOnline,
    Channel,
    Code,
    ComponentFiles,
    Disliked,
    Dislikes,
    DossierId,
    DueAt,
    FeeBearing,
    FeeNonzero,
    FinishedAt,
    ForCitizens,
    FromPersonalStorage,
    FullOnlineEligible,
    HandlingStartedAt,
    HasPetition,
    Level,
    Likes,
    MaxTime,
    Name,
    Officer,
    PaperResultRequired,
    Parent,
    PetitionId,
    ProcedureCode,
    PublishedAt,
    ReceivedAt,
    RefusedAt,
    Repeated,
    ResultFile,
    ReturnedAt,
    ReusedData,
    StoppedAt,
    SubmittedAt,
    SupplementCompletedAt,
    SupplementCount,
    SupplementRequestedAt,
    TransferredAt,
    UnitCode,
    ValidFrom,
    ValidTo,
    Vneid,
}

impl Field {
    const ALL: [Field; 47] = [
        Field::Source,
        Field::Kind,
        Field::Date,
        Field::MaxTimeUnit,
        Field::OnlineLevel,
        Field::PaidOnline,
        Field::Channel,
        Field::Code,
        Field::ComponentFiles,
        Field::Disliked,
        Field::Dislikes,
        Field::DossierId,
        Field::DueAt,
        Field::FeeBearing,
        Field::FeeNonzero,
        Field::FinishedAt,
        Field::ForCitizens,
        Field::FromPersonalStorage,
        Field::FullOnlineEligible,
        Field::HandlingStartedAt,
        Field::HasPetition,
        Field::Level,
        Field::Likes,
        Field::MaxTime,
        Field::Name,
        Field::Officer,
        Field::PaperResultRequired,
        Field::Parent,
        Field::PetitionId,
        Field::ProcedureCode,
        Field::PublishedAt,
        Field::ReceivedAt,
        Field::RefusedAt,
        Field::Repeated,
        Field::ResultFile,
        Field::ReturnedAt,
        Field::ReusedData,
        Field::StoppedAt,
        Field::SubmittedAt,
        Field::SupplementCompletedAt,
        Field::SupplementCount,
        Field::SupplementRequestedAt,
        Field::TransferredAt,
        Field::UnitCode,
        Field::ValidFrom,
        Field::ValidTo,
        Field::Vneid,
    ];

    fn name(self) -> &'static str {
        match self {
            Field::Source => "source",
            Field::Kind => "kind",
            Field::Date => "date",
            Field::MaxTimeUnit => "max_time_unit",
            Field::OnlineLevel => "online_level",
            Field::PaidOnline => "paid_online",
            Field::Channel => "channel",
            Field::Code => "code",
            Field::ComponentFiles => "component_files",
            Field::Disliked => "disliked",
            Field::Dislikes => "dislikes",
            Field::DossierId => "dossier_id",
            Field::DueAt => "due_at",
            Field::FeeBearing => "fee_bearing",
            Field::FeeNonzero => "fee_nonzero",
            Field::FinishedAt => "finished_at",
            Field::ForCitizens => "for_citizens",
            Field::FromPersonalStorage => "from_personal_storage",
            Field::FullOnlineEligible => "full_online_eligible",
            Field::HandlingStartedAt => "handling_started_at",
            Field::HasPetition => "has_petition",
            Field::Level => "level",
            Field::Likes => "likes",
            Field::MaxTime => "max_time",
            Field::Name => "name",
            Field::Officer => "officer",
            Field::PaperResultRequired => "paper_result_required",
            Field::Parent => "parent",
            Field::PetitionId => "petition_id",
            Field::ProcedureCode => "procedure_code",
            Field::PublishedAt => "published_at",
            Field::ReceivedAt => "received_at",
            Field::RefusedAt => "refused_at",
            Field::Repeated => "repeated",
            Field::ResultFile => "result_file",
            Field::ReturnedAt => "returned_at",
            Field::ReusedData => "reused_data",
            Field::StoppedAt => "stopped_at",
            Field::SubmittedAt => "submitted_at",
            Field::SupplementCompletedAt => "supplement_completed_at",
            Field::SupplementCount => "supplement_count",
            Field::SupplementRequestedAt => "supplement_requested_at",
            Field::TransferredAt => "transferred_at",
            Field::UnitCode => "unit_code",
            Field::ValidFrom => "valid_from",
            Field::ValidTo => "valid_to",
            Field::Vneid => "vneid",
        }
    }
}

/// Each field's column, by `Field as usize`.
type Columns = [Option<usize>; Field::ALL.len()];

/// One row, whichever format it came from.
enum Row<'a> {
    Csv(&'a csv::StringRecord, &'a Columns),
    /// A line of unquoted CSV and its fields' byte ranges.
    Plain(&'a str, &'a [(usize, usize)], &'a Columns),
    Json(&'a Map<String, Value>),
}

type FieldResult<T> = std::result::Result<T, (String, String)>;

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

impl Row<'_> {
    /// The field's text; `None` when absent or empty.
    fn text(&self, field: Field) -> Option<Cow<'_, str>> {
        let text = match self {
            // Trimmed here, for the fields read, rather than every field by the CSV reader.
            Row::Csv(record, columns) => Cow::Borrowed(trim(record.get(columns[field as usize]?)?)),
            Row::Plain(line, fields, columns) => {
                let &(start, end) = fields.get(columns[field as usize]?)?;
                Cow::Borrowed(trim(line.get(start..end)?))
            }
            Row::Json(object) => match object.get(field.name())? {
                Value::Null => return None,
                Value::String(s) => Cow::Borrowed(trim(s)),
                other => Cow::Owned(other.to_string()),
            },
        };
        Some(text).filter(|t| !t.is_empty())
    }

    fn required(&self, field: Field) -> FieldResult<String> {
        self.text(field)
            .map(Cow::into_owned)
            .ok_or_else(|| (field.name().to_owned(), "is missing".to_owned()))
    }

    fn date(&self, field: Field) -> FieldResult<Option<Date>> {
        match self.text(field) {
            None => Ok(None),
            Some(text) => text.parse().map(Some).map_err(|_| {
                (
                    field.name().to_owned(),
                    format!("'{text}' is not a date YYYY-MM-DD"),
                )
            }),
        }
    }

    /// The field's text into `out`, whose memory is reused.
    fn required_into(&self, field: Field, out: &mut String) -> FieldResult<()> {
        let text = self
            .text(field)
            .ok_or_else(|| (field.name().to_owned(), "is missing".to_owned()))?;
        out.clear();
        out.push_str(&text);
        Ok(())
    }

    fn optional(&self, field: Field) -> Option<String> {
        self.text(field).map(Cow::into_owned)
    }

    fn moment(&self, field: Field) -> FieldResult<Option<Moment>> {
        match self.text(field) {
            None => Ok(None),
            Some(text) => Moment::parse(&text)
                .map(Some)
                .map_err(|e| (field.name().to_owned(), e.to_string())),
        }
    }

    fn flag(&self, field: Field) -> FieldResult<Option<bool>> {
        match self.text(field).as_deref() {
            None => Ok(None),
            Some("1" | "true") => Ok(Some(true)),
            Some("0" | "false") => Ok(Some(false)),
            Some(other) => Err((
                field.name().to_owned(),
                format!("'{other}' is not 0, 1, true or false"),
            )),
        }
    }

    fn number<T: FromStr>(&self, field: Field) -> FieldResult<Option<T>> {
        match self.text(field) {
            None => Ok(None),
            Some(text) => text.parse().map(Some).map_err(|_| {
                (
                    field.name().to_owned(),
                    format!("'{text}' is not a whole number ≥ 0"),
                )
            }),
        }
    }

    fn choice<T: Copy>(&self, field: Field, choices: &[(&str, T)]) -> FieldResult<Option<T>> {
        match self.text(field) {
            None => Ok(None),
            Some(text) => choices
                .iter()
                .find(|(name, _)| *name == text)
                .map(|(_, value)| Some(*value))
                .ok_or_else(|| {
                    let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
                    (
                        field.name().to_owned(),
                        format!("'{text}' is not one of {}", names.join(", ")),
                    )
                }),
        }
    }
}

fn dossier(row: &Row<'_>) -> FieldResult<Dossier> {
    let mut dossier = Dossier::blank();
    fill_dossier(row, &mut dossier)?;
    Ok(dossier)
}

/// Reads a row into `dossier`, reusing its strings' memory (a file's rows then cost no allocation).
fn fill_dossier(row: &Row<'_>, dossier: &mut Dossier) -> FieldResult<()> {
    let yes = |field: Field| row.flag(field).map(|f| f.unwrap_or(false));
    row.required_into(Field::DossierId, &mut dossier.id)?;
    row.required_into(Field::UnitCode, &mut dossier.unit)?;
    row.required_into(Field::ProcedureCode, &mut dossier.procedure)?;
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
    dossier.officer = row.optional(Field::Officer);
    Ok(())
}

fn petition(row: &Row<'_>) -> FieldResult<Petition> {
    Ok(Petition {
        id: row.required(Field::PetitionId)?,
        unit: row.required(Field::UnitCode)?,
        received_at: row
            .moment(Field::ReceivedAt)?
            .ok_or_else(|| ("received_at".to_owned(), "is missing".to_owned()))?,
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
        return Err((
            "max_time_unit".to_owned(),
            "is missing while max_time is given".to_owned(),
        ));
    }
    Ok(Procedure {
        code: row.required(Field::ProcedureCode)?,
        name: row.optional(Field::Name).unwrap_or_default(),
        level: row
            .choice(
                Field::Level,
                &[
                    ("province", ProcedureLevel::Province),
                    ("commune", ProcedureLevel::Commune),
                    ("ministry", ProcedureLevel::Ministry),
                ],
            )?
            .ok_or_else(|| ("level".to_owned(), "is missing".to_owned()))?,
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
    })
}

fn unit_row(row: &Row<'_>) -> FieldResult<UnitRow> {
    let level = row.required(Field::Level)?;
    Ok(UnitRow {
        unit: Unit {
            code: row.required(Field::Code)?,
            name: row.optional(Field::Name).unwrap_or_default(),
            level: Level::from_str(&level).map_err(|problem| ("level".to_owned(), problem))?,
            parent: row.optional(Field::Parent),
        },
        valid_from: row.date(Field::ValidFrom)?,
        valid_to: row.date(Field::ValidTo)?,
    })
}

fn holiday(row: &Row<'_>) -> FieldResult<SpecialDay> {
    let date = row
        .date(Field::Date)?
        .ok_or_else(|| ("date".to_owned(), "is missing".to_owned()))?;
    if !(YEARS.0..=YEARS.1).contains(&date.year()) {
        return Err((
            "date".to_owned(),
            format!("{date} is outside {}–{}", YEARS.0, YEARS.1),
        ));
    }
    Ok(SpecialDay {
        date,
        kind: row
            .choice(
                Field::Kind,
                &[("off", DayKind::Off), ("workday", DayKind::Workday)],
            )?
            .ok_or_else(|| ("kind".to_owned(), "is missing".to_owned()))?,
        name: row.optional(Field::Name).unwrap_or_default(),
        source: row.optional(Field::Source),
    })
}

enum Source<R> {
    Csv {
        reader: csv::Reader<R>,
        columns: Box<Columns>,
        record: csv::StringRecord,
    },
    /// CSV without quotes, split at commas line by line: several times faster than a full CSV
    /// reader. Used for the parts of a file cut for the cores; a part that turns out to hold a
    /// quote or a lone carriage return (where a line is not simply a row) ends, and says so
    /// ([`Records::needs_csv_reader`]).
    Plain {
        lines: BufReader<R>,
        columns: Box<Columns>,
        /// Fields per row (the header's).
        width: usize,
        line: u64,
        text: Vec<u8>,
        fields: Vec<(usize, usize)>,
    },
    Json {
        lines: io::Lines<BufReader<R>>,
        line: u64,
    },
}

/// A stream of records of one kind, each with its line; an error names the file, line and field.
pub struct Records<T, R> {
    source: Source<R>,
    name: String,
    parse: fn(&Row<'_>) -> FieldResult<T>,
    failed: bool,
    /// A plain CSV part met a quote or a lone carriage return.
    not_plain: bool,
}

/// A CSV reader past its header row, and the header.
fn csv_reader<R: io::Read>(reader: R, name: &str) -> Result<(csv::Reader<R>, csv::StringRecord)> {
    // Fields are trimmed when read (`Row::text`), only the ones used.
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::Headers)
        .from_reader(reader);
    let headers = reader
        .headers()
        .cloned()
        .map_err(|e| Error::syntax(format!("cannot read the header row: {e}")).at(name, Some(1)))?;
    Ok((reader, headers))
}

/// The fields a dossier file must have.
const DOSSIER_FIELDS: [Field; 3] = [Field::DossierId, Field::UnitCode, Field::ProcedureCode];

/// Each field's column in a CSV header row; an error names the first required field missing.
fn columns_of(headers: &csv::StringRecord, required: &[Field], name: &str) -> Result<Box<Columns>> {
    let columns = Field::ALL.map(|field| headers.iter().position(|h| h == field.name()));
    if let Some(missing) = required.iter().find(|f| columns[**f as usize].is_none()) {
        return Err(
            Error::syntax(format!("the column '{}' is missing", missing.name())).at(name, Some(1)),
        );
    }
    Ok(Box::new(columns))
}

/// Reads the next line of unquoted CSV into `text`, its fields' ranges into `fields`; `Ok(false)`
/// at the end, and also when the line holds a quote or a lone carriage return (`*not_plain` is
/// then set).
fn plain_line(
    lines: &mut impl BufRead,
    text: &mut Vec<u8>,
    fields: &mut Vec<(usize, usize)>,
    line: &mut u64,
    not_plain: &mut bool,
) -> io::Result<bool> {
    loop {
        text.clear();
        if lines.read_until(b'\n', text)? == 0 {
            return Ok(false);
        }
        *line += 1;
        let mut end = text.len();
        if text.last() == Some(&b'\n') {
            end -= 1;
        }
        if end > 0 && text.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        text.truncate(end);
        // An empty line is no row, as for the CSV reader.
        if text.is_empty() {
            continue;
        }
        if !split_at_commas(text, fields) {
            *not_plain = true;
            return Ok(false);
        }
        return Ok(true);
    }
}

/// Each byte of `word` that equals `byte`, as its high bit (exact: no carry crosses bytes).
fn bytes_equal(word: u64, byte: u8) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let x = word ^ (u64::from(byte) * 0x0101_0101_0101_0101);
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// Splits a line at its commas into fields' byte ranges; false if it holds a quote or a carriage
/// return (it is then not plain CSV). Commas are dense — twenty on a dossier row — so the line is
/// looked at eight bytes at a time, all three bytes at once, rather than searched byte by byte or
/// hit by hit.
fn split_at_commas(line: &[u8], fields: &mut Vec<(usize, usize)>) -> bool {
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
        let mut commas = bytes_equal(word, b',');
        while commas != 0 {
            let comma = at + (commas.trailing_zeros() / 8) as usize;
            fields.push((start, comma));
            start = comma + 1;
            commas &= commas - 1;
        }
        at += 8;
    }
    for (i, &byte) in words.remainder().iter().enumerate() {
        match byte {
            b'"' | b'\r' => return false,
            b',' => {
                fields.push((start, at + i));
                start = at + i + 1;
            }
            _ => {}
        }
    }
    fields.push((start, line.len()));
    true
}

impl<T, R: io::Read> Records<T, R> {
    fn open(
        reader: R,
        format: Format,
        name: &str,
        required: &[Field],
        parse: fn(&Row<'_>) -> FieldResult<T>,
    ) -> Result<Records<T, R>> {
        let source = match format {
            Format::Csv => {
                let (reader, headers) = csv_reader(reader, name)?;
                Source::Csv {
                    columns: columns_of(&headers, required, name)?,
                    reader,
                    record: csv::StringRecord::new(),
                }
            }
            Format::JsonLines => Source::Json {
                lines: BufReader::new(reader).lines(),
                line: 0,
            },
        };
        Ok(Records {
            source,
            name: name.to_owned(),
            parse,
            failed: false,
            not_plain: false,
        })
    }

    /// Lines read so far (a CSV file's header included).
    pub(crate) fn lines_read(&self) -> u64 {
        match &self.source {
            Source::Csv { record, .. } => record.position().map_or(1, |p| p.line()),
            Source::Plain { line, .. } | Source::Json { line, .. } => *line,
        }
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
        let (parsed, line) = match &mut self.source {
            Source::Csv {
                reader,
                columns,
                record,
            } => {
                let line = record.position().map_or(2, |p| p.line() + 1);
                match reader.read_record(record) {
                    Ok(false) => return None,
                    Ok(true) => {}
                    Err(e) => {
                        return Some(Err(Error::syntax(e.to_string()).at(&self.name, Some(line))))
                    }
                }
                let line = record.position().map_or(line, |p| p.line());
                (read(&Row::Csv(record, columns)), line)
            }
            Source::Plain {
                lines,
                columns,
                width,
                line,
                text,
                fields,
            } => {
                match plain_line(lines, text, fields, line, &mut self.not_plain) {
                    Ok(false) => return None,
                    Ok(true) => {}
                    Err(e) => {
                        return Some(Err(Error::syntax(e.to_string()).at(&self.name, Some(*line))))
                    }
                }
                if fields.len() != *width {
                    let problem = format!(
                        "found a row with {} fields, but the header has {width}",
                        fields.len()
                    );
                    return Some(Err(Error::syntax(problem).at(&self.name, Some(*line))));
                }
                let Ok(text) = std::str::from_utf8(text) else {
                    let problem = "the line is not valid UTF-8".to_owned();
                    return Some(Err(Error::syntax(problem).at(&self.name, Some(*line))));
                };
                (read(&Row::Plain(text, fields, columns)), *line)
            }
            Source::Json { lines, line } => {
                let text = loop {
                    *line += 1;
                    match lines.next()? {
                        Err(e) => {
                            return Some(Err(
                                Error::syntax(e.to_string()).at(&self.name, Some(*line))
                            ))
                        }
                        Ok(text) if text.trim().is_empty() => continue,
                        Ok(text) => break text,
                    }
                };
                let object = match serde_json::from_str::<Map<String, Value>>(&text) {
                    Ok(object) => object,
                    Err(e) => {
                        let error = Error::syntax(format!("not a JSON object: {e}"));
                        return Some(Err(error.at(&self.name, Some(*line))));
                    }
                };
                (read(&Row::Json(&object)), *line)
            }
        };
        Some(match parsed {
            Ok(value) => Ok((value, line)),
            Err((field, problem)) => {
                Err(Error::from(ErrorKind::InvalidRecord { field, problem })
                    .at(&self.name, Some(line)))
            }
        })
    }

    fn next_record(&mut self) -> Option<Result<Located<T>>> {
        let parse = self.parse;
        self.with_row(parse)
            .map(|r| r.map(|(record, line)| Located { record, line }))
    }
}

impl<R: io::Read> Records<Dossier, R> {
    /// Reads the next dossier into `target`, reusing its memory; `None` at the end. Like the
    /// iterator, the stream ends after an error.
    pub fn read_into(&mut self, target: &mut Located<Dossier>) -> Option<Result<()>> {
        if self.failed {
            return None;
        }
        let read = self.with_row(|row| fill_dossier(row, &mut target.record));
        self.failed = matches!(read, Some(Err(_)));
        read.map(|r| r.map(|((), line)| target.line = line))
    }
}

impl<T, R: io::Read> Iterator for Records<T, R> {
    type Item = Result<Located<T>>;

    /// The next record; after an error the stream ends, since the reader's state is unknown.
    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let next = self.next_record();
        self.failed = matches!(next, Some(Err(_)));
        next
    }
}

/// Reads dossiers (`dossiers.csv`). `name` names the input in errors.
pub fn read_dossiers<R: io::Read>(
    reader: R,
    format: Format,
    name: &str,
) -> Result<Records<Dossier, R>> {
    Records::open(reader, format, name, &DOSSIER_FIELDS, dossier)
}

/// Reads a part of a dossier file cut at a line end: `header` is the file's CSV header line
/// (empty for JSON Lines), `body` the part's lines, read as unquoted CSV (see
/// [`Records::needs_csv_reader`]). Lines are numbered from the part, the header being line 1.
pub(crate) fn read_dossier_part<R: io::Read>(
    header: &[u8],
    body: R,
    format: Format,
    name: &str,
) -> Result<Records<Dossier, R>> {
    let source = match format {
        Format::JsonLines => return Records::open(body, format, name, &DOSSIER_FIELDS, dossier),
        Format::Csv => {
            let (_, headers) = csv_reader(header, name)?;
            Source::Plain {
                lines: BufReader::with_capacity(1 << 20, body),
                columns: columns_of(&headers, &DOSSIER_FIELDS, name)?,
                width: headers.len(),
                line: 1,
                text: Vec::new(),
                fields: Vec::new(),
            }
        }
    };
    Ok(Records {
        source,
        name: name.to_owned(),
        parse: dossier,
        failed: false,
        not_plain: false,
    })
}

/// Reads petitions (`petitions.csv`).
pub fn read_petitions<R: io::Read>(
    reader: R,
    format: Format,
    name: &str,
) -> Result<Records<Petition, R>> {
    Records::open(
        reader,
        format,
        name,
        &[Field::PetitionId, Field::UnitCode, Field::ReceivedAt],
        petition,
    )
}

/// Reads the procedure catalogue (`procedures.csv`).
pub fn read_procedures<R: io::Read>(
    reader: R,
    format: Format,
    name: &str,
) -> Result<Records<Procedure, R>> {
    Records::open(
        reader,
        format,
        name,
        &[Field::ProcedureCode, Field::Level],
        procedure,
    )
}

/// Reads days off and make-up working days (`holidays.csv`: `date,kind,name[,source]`, `kind`
/// being `off` or `workday`), as the built-in table is written.
pub fn read_holidays<R: io::Read>(
    reader: R,
    format: Format,
    name: &str,
) -> Result<Records<SpecialDay, R>> {
    Records::open(reader, format, name, &[Field::Date, Field::Kind], holiday)
}

/// Reads units (`units.csv`). Their tree is [`UnitTree::new`](crate::UnitTree::new) of the rows'
/// units; the days each exists apply to a count through
/// [`Counting::with_unit_dates`](crate::count::Counting::with_unit_dates).
pub fn read_units<R: io::Read>(
    reader: R,
    format: Format,
    name: &str,
) -> Result<Records<UnitRow, R>> {
    Records::open(reader, format, name, &[Field::Code, Field::Level], unit_row)
}

#[cfg(test)]
mod tests {
    use super::{split_at_commas, Field};

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
            let plain = split_at_commas(&line, &mut fields);
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

    // `Row::text` indexes the column table by `field as usize`.
    #[test]
    fn fields_are_listed_in_declaration_order() {
        for (i, field) in Field::ALL.iter().enumerate() {
            assert_eq!(*field as usize, i, "{}", field.name());
        }
    }
}

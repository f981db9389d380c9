//! Streaming readers for CSV and JSON Lines: one row in memory at a time.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{self, BufRead, BufReader};
use std::str::FromStr;

use serde_json::{Map, Value};

use super::{
    Channel, Dossier, Located, OnlineLevel, Payment, Petition, Procedure, ProcedureLevel, TimeUnit,
    UnitRow,
};
use crate::calendar::Moment;
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

/// One row, whichever format it came from.
enum Row<'a> {
    Csv(&'a csv::StringRecord, &'a HashMap<String, usize>),
    Json(&'a Map<String, Value>),
}

type FieldResult<T> = std::result::Result<T, (String, String)>;

impl Row<'_> {
    /// The field's text; `None` when absent or empty.
    fn text(&self, field: &str) -> Option<Cow<'_, str>> {
        let text = match self {
            Row::Csv(record, columns) => Cow::Borrowed(record.get(*columns.get(field)?)?),
            Row::Json(object) => match object.get(field)? {
                Value::Null => return None,
                Value::String(s) => Cow::Borrowed(s.as_str()),
                other => Cow::Owned(other.to_string()),
            },
        };
        Some(text).filter(|t| !t.is_empty())
    }

    fn required(&self, field: &str) -> FieldResult<String> {
        self.text(field)
            .map(Cow::into_owned)
            .ok_or_else(|| (field.to_owned(), "is missing".to_owned()))
    }

    fn optional(&self, field: &str) -> Option<String> {
        self.text(field).map(Cow::into_owned)
    }

    fn moment(&self, field: &str) -> FieldResult<Option<Moment>> {
        match self.text(field) {
            None => Ok(None),
            Some(text) => Moment::parse(&text)
                .map(Some)
                .map_err(|e| (field.to_owned(), e.to_string())),
        }
    }

    fn flag(&self, field: &str) -> FieldResult<Option<bool>> {
        match self.text(field).as_deref() {
            None => Ok(None),
            Some("1" | "true") => Ok(Some(true)),
            Some("0" | "false") => Ok(Some(false)),
            Some(other) => Err((
                field.to_owned(),
                format!("'{other}' is not 0, 1, true or false"),
            )),
        }
    }

    fn number<T: FromStr>(&self, field: &str) -> FieldResult<Option<T>> {
        match self.text(field) {
            None => Ok(None),
            Some(text) => text.parse().map(Some).map_err(|_| {
                (
                    field.to_owned(),
                    format!("'{text}' is not a whole number ≥ 0"),
                )
            }),
        }
    }

    fn choice<T: Copy>(&self, field: &str, choices: &[(&str, T)]) -> FieldResult<Option<T>> {
        match self.text(field) {
            None => Ok(None),
            Some(text) => choices
                .iter()
                .find(|(name, _)| *name == text)
                .map(|(_, value)| Some(*value))
                .ok_or_else(|| {
                    let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
                    (
                        field.to_owned(),
                        format!("'{text}' is not one of {}", names.join(", ")),
                    )
                }),
        }
    }
}

fn dossier(row: &Row<'_>) -> FieldResult<Dossier> {
    let yes = |field: &str| row.flag(field).map(|f| f.unwrap_or(false));
    Ok(Dossier {
        id: row.required("dossier_id")?,
        unit: row.required("unit_code")?,
        procedure: row.required("procedure_code")?,
        submitted_at: row.moment("submitted_at")?,
        received_at: row.moment("received_at")?,
        due_at: row.moment("due_at")?,
        finished_at: row.moment("finished_at")?,
        returned_at: row.moment("returned_at")?,
        stopped_at: row.moment("stopped_at")?,
        supplement_count: row.number("supplement_count")?.unwrap_or(0),
        supplement_requested_at: row.moment("supplement_requested_at")?,
        supplement_completed_at: row.moment("supplement_completed_at")?,
        channel: row
            .choice(
                "channel",
                &[
                    ("1", Channel::InPerson),
                    ("2", Channel::Online),
                    ("3", Channel::Postal),
                ],
            )?
            .unwrap_or(Channel::InPerson),
        payment: row
            .choice(
                "paid_online",
                &[
                    ("0", Payment::NotOnline),
                    ("1", Payment::NationalPortal),
                    ("2", Payment::LocalGateway),
                ],
            )?
            .unwrap_or(Payment::NotOnline),
        fee_nonzero: row.flag("fee_nonzero")?,
        result_file: yes("result_file")?,
        component_files: yes("component_files")?,
        reused_data: yes("reused_data")?,
        from_personal_storage: yes("from_personal_storage")?,
        vneid: yes("vneid")?,
        disliked: yes("disliked")?,
        has_petition: yes("has_petition")?,
        officer: row.optional("officer"),
    })
}

fn petition(row: &Row<'_>) -> FieldResult<Petition> {
    Ok(Petition {
        id: row.required("petition_id")?,
        unit: row.required("unit_code")?,
        received_at: row
            .moment("received_at")?
            .ok_or_else(|| ("received_at".to_owned(), "is missing".to_owned()))?,
        transferred_at: row.moment("transferred_at")?,
        refused_at: row.moment("refused_at")?,
        supplement_requested_at: row.moment("supplement_requested_at")?,
        handling_started_at: row.moment("handling_started_at")?,
        published_at: row.moment("published_at")?,
        likes: row.number("likes")?.unwrap_or(0),
        dislikes: row.number("dislikes")?.unwrap_or(0),
        repeated: row.flag("repeated")?.unwrap_or(false),
    })
}

fn procedure(row: &Row<'_>) -> FieldResult<Procedure> {
    let yes = |field: &str| row.flag(field).map(|f| f.unwrap_or(false));
    let max_time = row.number("max_time")?;
    let max_time_unit = row.choice(
        "max_time_unit",
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
        code: row.required("procedure_code")?,
        name: row.optional("name").unwrap_or_default(),
        level: row
            .choice(
                "level",
                &[
                    ("province", ProcedureLevel::Province),
                    ("commune", ProcedureLevel::Commune),
                    ("ministry", ProcedureLevel::Ministry),
                ],
            )?
            .ok_or_else(|| ("level".to_owned(), "is missing".to_owned()))?,
        online_level: row
            .choice(
                "online_level",
                &[
                    ("none", OnlineLevel::None),
                    ("partial", OnlineLevel::Partial),
                    ("full", OnlineLevel::Full),
                ],
            )?
            .unwrap_or(OnlineLevel::None),
        full_online_eligible: yes("full_online_eligible")?,
        paper_result_required: yes("paper_result_required")?,
        fee_bearing: yes("fee_bearing")?,
        for_citizens: yes("for_citizens")?,
        max_time,
        max_time_unit,
    })
}

fn unit_row(row: &Row<'_>) -> FieldResult<UnitRow> {
    let date = |field: &str| -> FieldResult<Option<jiff::civil::Date>> {
        match row.text(field) {
            None => Ok(None),
            Some(text) => text.parse().map(Some).map_err(|_| {
                (
                    field.to_owned(),
                    format!("'{text}' is not a date YYYY-MM-DD"),
                )
            }),
        }
    };
    let level = row.required("level")?;
    Ok(UnitRow {
        unit: Unit {
            code: row.required("code")?,
            name: row.optional("name").unwrap_or_default(),
            level: Level::from_str(&level).map_err(|problem| ("level".to_owned(), problem))?,
            parent: row.optional("parent"),
        },
        valid_from: date("valid_from")?,
        valid_to: date("valid_to")?,
    })
}

enum Source<R> {
    Csv {
        reader: csv::Reader<R>,
        columns: HashMap<String, usize>,
        record: csv::StringRecord,
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
}

impl<T, R: io::Read> Records<T, R> {
    fn open(
        reader: R,
        format: Format,
        name: &str,
        required: &[&str],
        parse: fn(&Row<'_>) -> FieldResult<T>,
    ) -> Result<Records<T, R>> {
        let source = match format {
            Format::Csv => {
                let mut reader = csv::ReaderBuilder::new()
                    .trim(csv::Trim::All)
                    .from_reader(reader);
                let headers = reader.headers().map_err(|e| {
                    Error::syntax(format!("cannot read the header row: {e}")).at(name, Some(1))
                })?;
                let columns: HashMap<String, usize> = headers
                    .iter()
                    .enumerate()
                    .map(|(i, h)| (h.to_owned(), i))
                    .collect();
                if let Some(missing) = required.iter().find(|c| !columns.contains_key(**c)) {
                    return Err(Error::syntax(format!("the column '{missing}' is missing"))
                        .at(name, Some(1)));
                }
                Source::Csv {
                    reader,
                    columns,
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
        })
    }

    fn next_record(&mut self) -> Option<Result<Located<T>>> {
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
                ((self.parse)(&Row::Csv(record, columns)), line)
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
                ((self.parse)(&Row::Json(&object)), *line)
            }
        };
        Some(match parsed {
            Ok(record) => Ok(Located { record, line }),
            Err((field, problem)) => {
                Err(Error::from(ErrorKind::InvalidRecord { field, problem })
                    .at(&self.name, Some(line)))
            }
        })
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
    Records::open(
        reader,
        format,
        name,
        &["dossier_id", "unit_code", "procedure_code"],
        dossier,
    )
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
        &["petition_id", "unit_code", "received_at"],
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
        &["procedure_code", "level"],
        procedure,
    )
}

/// Reads units (`units.csv`).
pub fn read_units<R: io::Read>(
    reader: R,
    format: Format,
    name: &str,
) -> Result<Records<UnitRow, R>> {
    Records::open(reader, format, name, &["code", "level"], unit_row)
}

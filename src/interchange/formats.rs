//! Reading and writing the interchange format v1 (SPEC §6) as JSON and as CSV.
//!
//! Both readers check what they can without a methodology — whole non-negative counts, known
//! levels, one value per unit and criterion, unit fields that agree across CSV rows — and leave to
//! scoring what needs one (unknown criterion codes, a numerator above its denominator).

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::{json, Map, Value};

use super::{Counts, CriterionCount, UnitCounts};
use crate::error::{CountPart, Error, ErrorKind, Problem, Result, Written};
use crate::input::csv::{suggestion, CsvReader, CsvRecord};
use crate::input::{
    check_code, composed, excel_csv_writer, excel_guarded, excel_unguarded, fold, json,
    whole_number, ReadOptions,
};
use crate::period::Period;
use crate::printable::printable;
use crate::unit::{Level, Unit};

/// A counts file in JSON, as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonCounts {
    #[serde(default)]
    methodology: Option<String>,
    #[serde(default)]
    period: Option<Period>,
    units: Vec<JsonUnit>,
}

/// One unit of a counts file in JSON, as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonUnit {
    code: String,
    name: String,
    level: String,
    #[serde(default)]
    parent: Option<String>,
    #[serde(default)]
    criteria: Entries,
    #[serde(default)]
    groups: Entries,
    /// Criteria whose count is only a published rate ([`UnitCounts::ratio_only`]).
    #[serde(default)]
    ratio_only: BTreeSet<String>,
}

/// A JSON object's entries in order, duplicates kept, so a key given twice is reported rather than
/// silently overwritten.
#[derive(Default)]
struct Entries(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Entries, D::Error> {
        struct EntriesVisitor;
        impl<'de> Visitor<'de> for EntriesVisitor {
            type Value = Entries;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Entries, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(EntriesVisitor)
    }
}

impl CriterionCount {
    /// The count as the interchange writes it: `{"num": …, "den": …}` or
    /// `{"not_applicable": true}`.
    fn to_value(self) -> Value {
        match self {
            CriterionCount::Counted { num, den } => json!({"num": num, "den": den}),
            CriterionCount::NotApplicable => json!({"not_applicable": true}),
        }
    }
}

/// A count serializes as the interchange writes it.
impl serde::Serialize for CriterionCount {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        self.to_value().serialize(serializer)
    }
}

/// Counts serialize as the interchange JSON (SPEC §6), which [`Counts::from_json`] reads back.
impl serde::Serialize for Counts {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        self.to_value().serialize(serializer)
    }
}

impl Counts {
    /// Reads counts from the interchange JSON.
    pub fn from_json(json: &str) -> Result<Counts> {
        let raw: JsonCounts = json::from_str(json).map_err(|e| {
            // The parser's message names the line and column.
            Error::layout(Problem::Json {
                detail: e.to_string(),
            })
            .at("counts JSON", None)
        })?;
        let mut units = Vec::with_capacity(raw.units.len());
        for u in raw.units {
            let unit = make_unit(u.code, u.name, &u.level, u.parent)?;
            let mut counts = UnitCounts {
                unit,
                criteria: BTreeMap::new(),
                groups: BTreeMap::new(),
                ratio_only: BTreeSet::new(),
            };
            for (criterion, value) in u.criteria.0 {
                let count = json_count(&counts.unit.code, &criterion, &value)?;
                insert_criterion(&mut counts, criterion, count)?;
            }
            for (group, value) in u.groups.0 {
                let points = json_points(&counts.unit.code, &group, &value)?;
                insert_group(&mut counts, group, points)?;
            }
            if let Some(uncounted) = u
                .ratio_only
                .iter()
                .find(|c| !counts.criteria.contains_key(*c))
            {
                return Err(ErrorKind::InvalidCount {
                    unit: counts.unit.code.clone(),
                    criterion: uncounted.clone(),
                    problem: Problem::RatioWithoutCount,
                }
                .into());
            }
            counts.ratio_only = u.ratio_only;
            units.push(counts);
        }
        Ok(Counts {
            methodology: raw.methodology,
            period: raw.period,
            units,
        })
    }

    /// Writes the counts as interchange JSON, which [`Counts::from_json`] reads back.
    pub fn to_json(&self) -> String {
        // A `Value` built from strings and integers always serializes.
        serde_json::to_string_pretty(&self.to_value()).unwrap_or_default()
    }

    /// The counts as an interchange JSON value (what `Serialize` writes).
    fn to_value(&self) -> Value {
        let units: Vec<Value> = self
            .units
            .iter()
            .map(|u| {
                let mut unit = Map::new();
                unit.insert("code".into(), json!(u.unit.code));
                unit.insert("name".into(), json!(u.unit.name));
                unit.insert("level".into(), json!(u.unit.level.as_str()));
                unit.insert("parent".into(), json!(u.unit.parent));
                if !u.criteria.is_empty() {
                    let criteria: Map<String, Value> = u
                        .criteria
                        .iter()
                        .map(|(code, count)| (code.clone(), count.to_value()))
                        .collect();
                    unit.insert("criteria".into(), Value::Object(criteria));
                }
                if !u.groups.is_empty() {
                    let groups: Map<String, Value> = u
                        .groups
                        .iter()
                        .map(|(code, points)| (code.clone(), json!(points.to_string())))
                        .collect();
                    unit.insert("groups".into(), Value::Object(groups));
                }
                if !u.ratio_only.is_empty() {
                    unit.insert("ratio_only".into(), json!(u.ratio_only));
                }
                Value::Object(unit)
            })
            .collect();
        json!({
            "methodology": self.methodology,
            "period": self.period,
            "units": units,
        })
    }

    /// Reads counts from interchange CSV: one row per unit and criterion, with the columns
    /// `unit_code,unit_name,level,parent,criterion,num,den` in any order, plus, when needed,
    /// `points` (group rows, where `criterion` holds the group code), `not_applicable` (`1`/`true`),
    /// `period` and `methodology` (the same on every row).
    ///
    /// A unit's fields repeat on each of its rows; a repeat that contradicts the first row is an
    /// error naming the line.
    pub fn from_csv(reader: impl io::Read) -> Result<Counts> {
        let mut csv = CsvReader::new(reader, "counts CSV", &ReadOptions::default())?;
        let columns = Columns::new(csv.header())
            .map_err(|problem| Error::layout(problem).at(csv.name(), Some(csv.header_line())))?;
        let mut counts = Counts {
            methodology: None,
            period: None,
            units: Vec::new(),
        };
        let mut methodology: Option<String> = None;
        let mut positions: BTreeMap<String, usize> = BTreeMap::new();
        let mut record = CsvRecord::default();
        while csv.read(&mut record)? {
            read_csv_row(
                &columns,
                &record,
                &mut counts,
                &mut methodology,
                &mut positions,
            )
            .map_err(|e| e.at(csv.name(), Some(record.line())))?;
        }
        counts.methodology = methodology;
        Ok(counts)
    }

    /// Writes the counts as interchange CSV (with `period` and `methodology` columns), which
    /// [`Counts::from_csv`] reads back.
    pub fn to_csv(&self, writer: impl io::Write) -> Result<()> {
        self.write_csv(csv::Writer::from_writer(writer), false)
    }

    /// Writes the counts as CSV for Excel in the Vietnamese locale, which
    /// [`Counts::from_csv`] reads back too: UTF-8 with a byte-order mark, `;` between fields,
    /// lines ending in CRLF, Vietnamese headers ([`VIETNAMESE_COLUMNS`]), the period and the level as
    /// officials write them (Excel turns `2026-10` into a date), text Excel would take for a formula guarded.
    pub fn to_excel_csv(&self, writer: impl io::Write) -> Result<()> {
        self.write_csv(excel_csv_writer(writer, "counts CSV")?, true)
    }

    fn write_csv<W: io::Write>(&self, mut csv: csv::Writer<W>, excel: bool) -> Result<()> {
        let fail = |e: csv::Error| Error::write(Written::Counts, e);
        let header = COLUMNS.map(|column| match excel {
            true => vietnamese_header(column),
            false => column,
        });
        csv.write_record(header).map_err(fail)?;
        let period = match (self.period, excel) {
            (Some(p), true) => p.label_vi(),
            (Some(p), false) => p.to_string(),
            (None, _) => String::new(),
        };
        let cell = |text: &str| match excel {
            true => excel_guarded(text).into_owned(),
            false => text.to_owned(),
        };
        for u in &self.units {
            let unit = &u.unit;
            let parent = unit.parent.as_deref().unwrap_or("");
            let mut row = |code: &str, num: String, den: String, points: String, na: &str| {
                csv.write_record([
                    cell(&unit.code),
                    cell(&unit.name),
                    match excel {
                        true => unit.level.label_vi().to_owned(),
                        false => unit.level.as_str().to_owned(),
                    },
                    cell(parent),
                    cell(code),
                    num,
                    den,
                    points,
                    na.to_owned(),
                    period.clone(),
                    cell(self.methodology.as_deref().unwrap_or_default()),
                ])
            };
            for (code, count) in &u.criteria {
                match count {
                    CriterionCount::Counted { num, den } => {
                        row(code, num.to_string(), den.to_string(), String::new(), "")
                    }
                    CriterionCount::NotApplicable => {
                        row(code, String::new(), String::new(), String::new(), "1")
                    }
                }
                .map_err(fail)?;
            }
            for (code, points) in &u.groups {
                row(code, String::new(), String::new(), points.to_string(), "").map_err(fail)?;
            }
            // A unit with nothing counted still exists: one row that names no criterion.
            if u.criteria.is_empty() && u.groups.is_empty() {
                row("", String::new(), String::new(), String::new(), "").map_err(fail)?;
            }
        }
        csv.flush().map_err(|e| Error::write(Written::Counts, e))
    }
}

/// A unit as every reader makes it: code, name and parent trimmed, codes one line of text.
fn make_unit(code: String, name: String, level: &str, parent: Option<String>) -> Result<Unit> {
    let clean = |text: &str| composed(text.trim()).into_owned();
    let (code, name) = (clean(&code), clean(&name));
    let parent = parent.map(|p| clean(&p));
    for (field, value) in [("code", Some(&code)), ("parent", parent.as_ref())] {
        if let Some(problem) = value.and_then(|v| check_code(v).err()) {
            return Err(ErrorKind::InvalidField {
                unit: printable(&code).into_owned(),
                field: field.into(),
                problem,
            }
            .into());
        }
    }
    if code.is_empty() {
        return Err(ErrorKind::InvalidField {
            unit: format!("'{name}'"),
            field: "code".into(),
            problem: Problem::EmptyCode,
        }
        .into());
    }
    let level = level_of(level.trim()).map_err(|problem| ErrorKind::InvalidField {
        unit: code.clone(),
        field: "level".into(),
        problem,
    })?;
    let parent = parent.filter(|p| !p.is_empty());
    Ok(Unit {
        code,
        name,
        level,
        parent,
    })
}

/// Adds a unit's count of `criterion`.
///
/// Errors: the criterion is given twice.
fn insert_criterion(
    counts: &mut UnitCounts,
    criterion: String,
    count: CriterionCount,
) -> Result<()> {
    match counts.criteria.entry(criterion) {
        Entry::Vacant(slot) => {
            slot.insert(count);
            Ok(())
        }
        Entry::Occupied(slot) => Err(ErrorKind::InvalidCount {
            unit: counts.unit.code.clone(),
            criterion: slot.key().clone(),
            problem: Problem::GivenTwice,
        }
        .into()),
    }
}

/// Adds a unit's points of `group`.
///
/// Errors: the group is given twice.
fn insert_group(counts: &mut UnitCounts, group: String, points: Decimal) -> Result<()> {
    match counts.groups.entry(group) {
        Entry::Vacant(slot) => {
            slot.insert(points);
            Ok(())
        }
        Entry::Occupied(slot) => Err(ErrorKind::InvalidGroup {
            unit: counts.unit.code.clone(),
            group: slot.key().clone(),
            problem: Problem::GroupGivenTwice,
        }
        .into()),
    }
}

/// The error of a unit's count of `criterion`.
fn invalid_count(unit: &str, criterion: &str, problem: Problem) -> Error {
    ErrorKind::InvalidCount {
        unit: unit.to_owned(),
        criterion: criterion.to_owned(),
        problem,
    }
    .into()
}

/// A count as JSON writes it: `{"num": …, "den": …}` or `{"not_applicable": true}`.
fn json_count(unit: &str, criterion: &str, value: &Value) -> Result<CriterionCount> {
    let fail = |problem: Problem| invalid_count(unit, criterion, problem);
    let Value::Object(fields) = value else {
        return Err(fail(Problem::NotCountObject {
            found: value.to_string(),
        }));
    };
    if let Some(unexpected) = fields
        .keys()
        .find(|k| !matches!(k.as_str(), "num" | "den" | "not_applicable"))
    {
        return Err(fail(Problem::UnexpectedKey {
            key: unexpected.clone(),
        }));
    }
    match fields.get("not_applicable") {
        None | Some(Value::Bool(false)) => {}
        Some(Value::Bool(true)) if fields.len() == 1 => return Ok(CriterionCount::NotApplicable),
        Some(Value::Bool(true)) => return Err(fail(Problem::NotApplicableWithCounts)),
        Some(other) => {
            return Err(fail(Problem::NotApplicableValue {
                value: other.to_string(),
            }))
        }
    }
    let field = |name: &str, part: CountPart| -> Result<u64> {
        let problem = match fields.get(name) {
            None | Some(Value::Null) => Problem::Missing,
            Some(Value::Number(n)) => match parse_count(&n.to_string()) {
                Ok(count) => return Ok(count),
                Err(problem) => problem,
            },
            Some(other) => Problem::NotNumber {
                found: other.to_string(),
            },
        };
        Err(fail(Problem::Part {
            part,
            problem: Box::new(problem),
        }))
    };
    Ok(CriterionCount::Counted {
        num: field("num", CountPart::Numerator)?,
        den: field("den", CountPart::Denominator)?,
    })
}

/// A count: a whole number from 0 to 2⁶⁴ − 1, written in digits only.
fn parse_count(text: &str) -> std::result::Result<u64, Problem> {
    whole_number(text)
}

/// A group's points as JSON writes them: a number, or its text.
fn json_points(unit: &str, group: &str, value: &Value) -> Result<Decimal> {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    };
    parse_points(unit, group, &text)
}

/// A group's points from their text.
fn parse_points(unit: &str, group: &str, text: &str) -> Result<Decimal> {
    let fail = |problem: Problem| -> Error {
        ErrorKind::InvalidGroup {
            unit: unit.to_owned(),
            group: group.to_owned(),
            problem,
        }
        .into()
    };
    let points = Decimal::from_str(text).map_err(|_| {
        fail(Problem::PointsNotNumber {
            value: text.to_owned(),
        })
    })?;
    if points.is_sign_negative() && !points.is_zero() {
        return Err(fail(Problem::PointsNegative {
            value: text.to_owned(),
        }));
    }
    Ok(points)
}

/// The interchange CSV's columns: the first five are required, `num` and `den` go together, and
/// `points` replaces them on group rows.
const COLUMNS: [&str; 11] = [
    "unit_code",
    "unit_name",
    "level",
    "parent",
    "criterion",
    "num",
    "den",
    "points",
    "not_applicable",
    "period",
    "methodology",
];

/// Columns written for the people who fill a counts file in (a template's: the criterion's
/// number and name, what to count), which readers pass over.
pub const NOTE_COLUMNS: [&str; 3] = ["criterion_number", "criterion_name", "how_to_count"];

/// The Vietnamese header of each column, which a counts file for Excel (a template) uses and every
/// reader accepts as the column's own name.
pub const VIETNAMESE_COLUMNS: [(&str, &str); 14] = [
    ("unit_code", "Mã đơn vị"),
    ("unit_name", "Tên đơn vị"),
    ("level", "Cấp"),
    ("parent", "Mã đơn vị cấp trên"),
    ("criterion", "Mã tiêu chí"),
    ("num", "Tử số"),
    ("den", "Mẫu số"),
    ("points", "Điểm"),
    ("not_applicable", "Không áp dụng"),
    ("period", "Kỳ"),
    ("methodology", "Phương pháp tính"),
    ("criterion_number", "Số tiêu chí"),
    ("criterion_name", "Tên tiêu chí"),
    ("how_to_count", "Cách tính"),
];

/// A level by its interchange name or by the Vietnamese label an Excel file writes
/// ([`Level::label_vi`]), in any case.
fn level_of(text: &str) -> std::result::Result<Level, Problem> {
    Level::from_str(text).or_else(|problem| {
        let folded = fold(text);
        (Level::ALL.into_iter())
            .find(|level| fold(level.label_vi()) == folded || fold(level.as_str()) == folded)
            .ok_or(problem)
    })
}

/// The Vietnamese header of a column, as files for Excel write it.
pub(super) fn vietnamese_header(column: &str) -> &str {
    (VIETNAMESE_COLUMNS.iter())
        .find(|(name, _)| *name == column)
        .map_or(column, |(_, vietnamese)| vietnamese)
}

/// A header as the column it names: its own name, or the one its Vietnamese header stands for.
fn column_name(header: &str) -> &str {
    let folded = fold(header);
    (VIETNAMESE_COLUMNS.iter())
        .find(|(_, vietnamese)| fold(vietnamese) == folded)
        .map_or(header, |(name, _)| name)
}

/// Positions of the interchange CSV's columns.
struct Columns {
    code: usize,
    name: usize,
    level: usize,
    parent: usize,
    criterion: usize,
    num: Option<usize>,
    den: Option<usize>,
    points: Option<usize>,
    not_applicable: Option<usize>,
    period: Option<usize>,
    methodology: Option<usize>,
}

impl Columns {
    /// The columns of a header row.
    fn new(headers: &[String]) -> std::result::Result<Columns, Problem> {
        // Columns without a name (Excel's trailing separators) hold nothing to read.
        let names: Vec<&str> = headers.iter().map(|h| column_name(h)).collect();
        let named = (names.iter().enumerate()).filter(|(_, n)| !n.is_empty());
        // Every column a counts file may have: SPEC §6's and the notes of a template.
        let known: Vec<&str> = VIETNAMESE_COLUMNS.iter().map(|(name, _)| *name).collect();
        if let Some((at, unknown)) = named.clone().find(|(_, h)| !known.contains(h)) {
            return Err(Problem::UnknownColumn {
                column: headers
                    .get(at)
                    .cloned()
                    .unwrap_or_else(|| (*unknown).to_owned()),
                similar: suggestion(unknown, &known),
                expected: &COLUMNS,
            });
        }
        for (at, name) in named {
            if let Some(again) = names.iter().skip(at + 1).position(|n| n == name) {
                return Err(Problem::ColumnTwice {
                    column: headers.get(at).cloned().unwrap_or_default(),
                    first: at + 1,
                    second: at + again + 2,
                });
            }
        }
        let find = |name: &str| names.iter().position(|h| *h == name);
        let require = |name: &str| {
            find(name).ok_or_else(|| Problem::MissingColumn {
                field: name.to_owned(),
                header: None,
                similar: None,
                one_column: false,
            })
        };
        let columns = Columns {
            code: require("unit_code")?,
            name: require("unit_name")?,
            level: require("level")?,
            parent: require("parent")?,
            criterion: require("criterion")?,
            num: find("num"),
            den: find("den"),
            points: find("points"),
            not_applicable: find("not_applicable"),
            period: find("period"),
            methodology: find("methodology"),
        };
        if columns.num.is_some() != columns.den.is_some() {
            return Err(Problem::ColumnsTogether);
        }
        if columns.num.is_none() && columns.points.is_none() {
            return Err(Problem::NoCountColumns);
        }
        Ok(columns)
    }
}

/// A row's cells, trimmed; a cell a template guarded against Excel's formulas reads as it was
/// written.
struct Cells<'r>(&'r CsvRecord);

impl<'r> Cells<'r> {
    /// The cell of column `i`, empty when there is none.
    fn get(&self, i: Option<usize>) -> &'r str {
        excel_unguarded(i.and_then(|i| self.0.get(i)).unwrap_or("").trim())
    }
}

/// Reads one row of a counts file in CSV into `counts`: the file-wide fields it gives, its
/// unit, and its criterion or group.
fn read_csv_row(
    columns: &Columns,
    record: &CsvRecord,
    counts: &mut Counts,
    methodology: &mut Option<String>,
    positions: &mut BTreeMap<String, usize>,
) -> Result<()> {
    let cells = Cells(record);
    let get = |i| cells.get(i);
    let code = get(Some(columns.code));
    // A template writes its period as officials do (“tháng 10/2026”): Excel turns `2026-10` into
    // a date.
    let period = |text: &str| {
        text.parse::<Period>()
            .or_else(|e| Period::from_label_vi(text).ok_or(e))
    };
    agree_on_file_field(
        code,
        "period",
        get(columns.period),
        period,
        &mut counts.period,
    )?;
    let name = |text: &str| Ok(text.to_owned());
    agree_on_file_field(
        code,
        "methodology",
        get(columns.methodology),
        name,
        methodology,
    )?;
    let Some(entry) = unit_entry(columns, &cells, counts, positions)? else {
        return Ok(());
    };
    read_criterion(columns, &cells, entry)
}

/// The unit of a row, agreeing with its earlier rows: its entry in the counts.
fn unit_entry<'c>(
    columns: &Columns,
    cells: &Cells<'_>,
    counts: &'c mut Counts,
    positions: &mut BTreeMap<String, usize>,
) -> Result<Option<&'c mut UnitCounts>> {
    let get = |i| cells.get(i);
    let code = get(Some(columns.code));
    let unit = make_unit(
        code.to_owned(),
        get(Some(columns.name)).to_owned(),
        get(Some(columns.level)),
        Some(get(Some(columns.parent)).to_owned()),
    )?;
    let at = match positions.get(code) {
        Some(&at) => at,
        None => {
            positions.insert(code.to_owned(), counts.units.len());
            counts.units.push(UnitCounts {
                unit: unit.clone(),
                criteria: BTreeMap::new(),
                groups: BTreeMap::new(),
                ratio_only: BTreeSet::new(),
            });
            counts.units.len() - 1
        }
    };
    let Some(entry) = counts.units.get_mut(at) else {
        return Ok(None);
    };
    agree_on_unit(&entry.unit, &unit)?;
    Ok(Some(entry))
}

/// The criterion (or group) a row gives its unit.
fn read_criterion(columns: &Columns, cells: &Cells<'_>, entry: &mut UnitCounts) -> Result<()> {
    let get = |i| cells.get(i);
    let code = entry.unit.code.clone();
    let code = code.as_str();
    let criterion = get(Some(columns.criterion));
    let (num, den, points) = (get(columns.num), get(columns.den), get(columns.points));
    let not_applicable = get(columns.not_applicable);
    if criterion.is_empty() {
        // A row naming no criterion and giving nothing declares a unit with no counts.
        if [num, den, points, not_applicable]
            .iter()
            .all(|v| v.is_empty())
        {
            return Ok(());
        }
        return Err(invalid_count(code, "(empty)", Problem::EmptyCriterion));
    }
    let not_applicable = match not_applicable {
        "" | "0" | "false" => false,
        "1" | "true" => true,
        other => {
            let value = other.to_owned();
            return Err(invalid_count(
                code,
                criterion,
                Problem::NotApplicableValue { value },
            ));
        }
    };
    if !points.is_empty() {
        if !num.is_empty() || !den.is_empty() || not_applicable {
            return Err(invalid_count(code, criterion, Problem::PointsAndCounts));
        }
        let points = parse_points(code, criterion, points)?;
        return insert_group(entry, criterion.to_owned(), points);
    }
    match row_count(code, criterion, (num, den), not_applicable)? {
        Some(count) => insert_criterion(entry, criterion.to_owned(), count),
        None => Ok(()),
    }
}

/// The count a row gives `criterion` of unit `code`: not applicable when it says so, else its
/// numerator and denominator; `None` for a row left blank.
fn row_count(
    code: &str,
    criterion: &str,
    (num, den): (&str, &str),
    not_applicable: bool,
) -> Result<Option<CriterionCount>> {
    if not_applicable {
        if !num.is_empty() || !den.is_empty() {
            return Err(invalid_count(
                code,
                criterion,
                Problem::NotApplicableWithCounts,
            ));
        }
        return Ok(Some(CriterionCount::NotApplicable));
    }
    if num.is_empty() && den.is_empty() {
        // A row left blank (a template not yet filled in) gives nothing: the criterion stays
        // missing, which is not zero.
        return Ok(None);
    }
    Ok(Some(CriterionCount::Counted {
        num: count_part(code, criterion, num, CountPart::Numerator)?,
        den: count_part(code, criterion, den, CountPart::Denominator)?,
    }))
}

/// One part of a count of `criterion` of unit `code`, read from `text`; the error names the
/// part.
fn count_part(code: &str, criterion: &str, text: &str, part: CountPart) -> Result<u64> {
    let problem = if text.is_empty() {
        Problem::Missing
    } else {
        match parse_count(text) {
            Ok(count) => return Ok(count),
            Err(problem) => problem,
        }
    };
    let problem = Problem::Part {
        part,
        problem: Box::new(problem),
    };
    Err(invalid_count(code, criterion, problem))
}

/// A file-wide field given on rows must be the same on every row that gives it.
fn agree_on_file_field<T: PartialEq + fmt::Display>(
    unit: &str,
    field: &str,
    text: &str,
    parse: impl Fn(&str) -> Result<T>,
    slot: &mut Option<T>,
) -> Result<()> {
    if text.is_empty() {
        return Ok(());
    }
    let value = parse(text)?;
    match slot {
        None => *slot = Some(value),
        Some(first) if *first == value => {}
        Some(first) => {
            return Err(ErrorKind::ConflictingUnitField {
                unit: unit.to_owned(),
                field: field.to_owned(),
                first: first.to_string(),
                repeated: text.to_owned(),
            }
            .into())
        }
    }
    Ok(())
}

/// A unit given on several rows must be the same unit on each.
fn agree_on_unit(first: &Unit, repeated: &Unit) -> Result<()> {
    let conflict = |field: &str, a: &str, b: &str| -> Result<()> {
        Err(ErrorKind::ConflictingUnitField {
            unit: first.code.clone(),
            field: field.to_owned(),
            first: a.to_owned(),
            repeated: b.to_owned(),
        }
        .into())
    };
    if first.name != repeated.name {
        return conflict("unit_name", &first.name, &repeated.name);
    }
    if first.level != repeated.level {
        return conflict("level", first.level.as_str(), repeated.level.as_str());
    }
    if first.parent != repeated.parent {
        let show = |p: &Option<String>| p.clone().unwrap_or_else(|| "(none)".into());
        return conflict("parent", &show(&first.parent), &show(&repeated.parent));
    }
    Ok(())
}

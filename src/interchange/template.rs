//! A counts file to fill in: the criteria records cannot give (publication, sync, …) as an
//! interchange CSV (SPEC §6) whose `num` and `den` an office writes in Excel, with columns that say
//! what each row asks for. Read back with [`Counts::from_csv`](super::Counts::from_csv): the note
//! columns are passed over, and a row left blank leaves its criterion missing.

use std::io::Write;

use crate::error::{Error, ErrorKind, Result, Written};
use crate::input::{excel_csv_writer, excel_guarded};
use crate::period::Period;
use crate::unit::Unit;

/// The rows of a counts file to fill in, for one period under one methodology.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// The methodology's name.
    pub methodology: String,
    /// The period the counts are for.
    pub period: Period,
    /// One row per unit and criterion to give, in the order written.
    pub rows: Vec<TemplateRow>,
}

/// One unit's count of one criterion, to fill in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateRow {
    /// The unit.
    pub unit: Unit,
    /// The criterion's code.
    pub criterion: String,
    /// Its number in the methodology (`1.1`).
    pub number: String,
    /// Its Vietnamese name.
    pub name: String,
    /// What to count, in Vietnamese, as the methodology says.
    pub how_to_count: String,
}

/// The template's columns: those a person reads first, then the rest of SPEC §6; each headed in
/// Vietnamese ([`VIETNAMESE_COLUMNS`](super::VIETNAMESE_COLUMNS)), which the readers accept.
const COLUMNS: [&str; 12] = [
    "unit_code",
    "unit_name",
    "criterion_number",
    "criterion_name",
    "num",
    "den",
    "how_to_count",
    "criterion",
    "level",
    "parent",
    "period",
    "methodology",
];

impl Template {
    /// Writes the template as CSV for Excel in the Vietnamese locale: UTF-8 with a byte-order
    /// mark, `;` between fields, lines ending in CRLF, Vietnamese headers, the period and the level as officials
    /// write them, text Excel would take for a formula guarded by an apostrophe (taken off again when
    /// read back).
    ///
    /// Errors: writing fails.
    pub fn to_csv(&self, out: impl Write) -> Result<()> {
        let what = "counts template";
        let io = |source: std::io::Error| -> Error {
            ErrorKind::Io {
                path: what.into(),
                source,
            }
            .into()
        };
        let mut writer = excel_csv_writer(out, what)?;
        let fail = |e: csv::Error| Error::write(Written::Template, e);
        let header = COLUMNS.map(super::formats::vietnamese_header);
        writer.write_record(header).map_err(fail)?;
        // As officials write it (“tháng 10/2026”): Excel turns `2026-10` into a date.
        let period = self.period.label_vi();
        for row in &self.rows {
            let unit = &row.unit;
            let cells = [
                unit.code.as_str(),
                &unit.name,
                &row.number,
                &row.name,
                "",
                "",
                &row.how_to_count,
                &row.criterion,
                unit.level.label_vi(),
                unit.parent.as_deref().unwrap_or(""),
                &period,
                &self.methodology,
            ];
            writer
                .write_record(cells.iter().map(|c| excel_guarded(c).as_bytes().to_vec()))
                .map_err(fail)?;
        }
        writer.flush().map_err(io)
    }
}

//! The appendix as CSV for Excel in the Vietnamese locale: UTF-8 with a byte-order mark (so Excel
//! reads the accents), `;` between fields, a decimal comma, no thousands separator (so Excel reads
//! numbers as numbers), and text cells that Excel would take for a formula (`=`, `+`, `-`, `@`, a
//! tab or a carriage return first) guarded by a leading apostrophe.
//!
//! The file holds the units alone, one row each, the same rows as the workbook's sheet “Thống kê
//! hồ sơ”: its number (STT), code, name, tier (“Cấp”: Cấp tỉnh, Cấp huyện, Cấp xã, Bộ, ngành),
//! then the counts and the rates (percentage points, 99,97; empty when there is nothing to
//! measure). No tier or total row follows, so a pivot or a sum over a column gives the scope's
//! figure without counting anything twice; the tiers' and the whole's figures are the sums of
//! the rows by “Cấp” and in all, and the report's other renderings print them.

use std::io::Write;

use rust_decimal::Decimal;

use super::monthly::MonthlyReport;
use super::table::{self, Cell};
use crate::error::{Error, ErrorKind, Result, Written};
use crate::input::{excel_csv_writer, excel_guarded};

/// A decimal with a comma: 99,97.
fn comma(value: Decimal) -> String {
    value.to_string().replace('.', ",")
}

fn field(cell: &Cell) -> String {
    match cell {
        Cell::Text(text) => excel_guarded(text).into_owned(),
        Cell::Count(n) => n.to_string(),
        Cell::Integer(n) => n.map(|n| n.to_string()).unwrap_or_default(),
        Cell::Percent(p) | Cell::Points(p) | Cell::Change(p) => p.map(comma).unwrap_or_default(),
        Cell::Places(n) => n.map(|n| n.to_string()).unwrap_or_default(),
        // Day/month/year, as Excel in the Vietnamese locale reads a date.
        Cell::Date(_) => cell.display(),
    }
}

/// Writes the appendix's unit rows, each with its tier, to `out` (no tier or total row: see the
/// [module](self)).
///
/// Errors: writing fails.
pub fn appendix(report: &MonthlyReport, out: impl Write) -> Result<()> {
    let table = table::appendix_units(report);
    let io = |e: std::io::Error| {
        Error::from(ErrorKind::Io {
            path: "CSV".into(),
            source: e,
        })
    };
    let mut writer = excel_csv_writer(out, "CSV")?;
    let csv_error = |e: csv::Error| Error::write(Written::Csv, e);
    writer
        .write_record(table.header.iter().map(|h| excel_guarded(h).into_owned()))
        .map_err(csv_error)?;
    for row in &table.rows {
        writer
            .write_record(row.iter().map(field))
            .map_err(csv_error)?;
    }
    writer.flush().map_err(io)
}

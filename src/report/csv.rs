//! The appendix as CSV for Excel in the Vietnamese locale: UTF-8 with a byte-order mark (so Excel
//! reads the accents), `;` between fields, a decimal comma, no thousands separator (so Excel reads
//! numbers as numbers), and text cells that Excel would take for a formula (`=`, `+`, `-`, `@`, a
//! tab or a carriage return first) guarded by a leading apostrophe.

use std::io::Write;

use rust_decimal::Decimal;

use super::monthly::MonthlyReport;
use super::table::{self, Cell};
use crate::error::{ErrorKind, Result};
use crate::input::{excel_csv_writer, excel_guarded};

/// A decimal with a comma: 99,97.
fn comma(value: Decimal) -> String {
    value.to_string().replace('.', ",")
}

fn field(cell: &Cell) -> String {
    match cell {
        Cell::Text(text) => excel_guarded(text).into_owned(),
        Cell::Count(n) => n.to_string(),
        Cell::Percent(p) | Cell::Points(p) | Cell::Change(p) => p.map(comma).unwrap_or_default(),
        Cell::Places(n) => n.map(|n| n.to_string()).unwrap_or_default(),
    }
}

/// Writes the appendix (every unit, each tier, the whole) to `out`.
///
/// Errors: writing fails.
pub fn appendix(report: &MonthlyReport, out: impl Write) -> Result<()> {
    let table = table::appendix(report);
    let io = |e: std::io::Error| {
        crate::Error::from(ErrorKind::Io {
            path: "CSV".into(),
            source: e,
        })
    };
    let mut writer = excel_csv_writer(out, "CSV")?;
    let csv_error = |e: csv::Error| crate::Error::syntax(format!("CSV: {e}"));
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

//! The report as an Excel workbook (feature `xlsx`): one sheet per table — “Thống kê hồ sơ” (the
//! appendix), “Điểm 6 nhóm”, “Số liệu thành phần”, “Xếp hạng”, “Diễn biến”, “Bảng tổng hợp” —
//! numbers stored as numbers under number formats (Excel shows them with the reader's separators:
//! 9.003 and 99,97 in the Vietnamese locale), header rows frozen, columns sized to their
//! contents, and a missing value left empty, never 0.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::monthly::MonthlyReport;
use super::table::{all, Cell, Table};
use crate::error::Result;

fn excel(error: XlsxError) -> crate::Error {
    crate::Error::syntax(format!("Excel workbook: {error}"))
}

/// The report as the bytes of an `.xlsx` file.
///
/// Errors: the workbook cannot be written (a value Excel cannot hold).
pub fn workbook(report: &MonthlyReport) -> Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    for table in all(report) {
        let sheet = workbook.add_worksheet();
        write_sheet(sheet, &table).map_err(excel)?;
    }
    workbook.save_to_buffer().map_err(excel)
}

fn write_sheet(sheet: &mut Worksheet, table: &Table) -> std::result::Result<(), XlsxError> {
    sheet.set_name(table.title)?;
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color("#EEEEEE");
    let count = Format::new().set_num_format("#,##0");
    let points = Format::new().set_num_format("0.00");
    let percent = Format::new().set_num_format("0.00\"%\"");
    let change = Format::new().set_num_format("+0.00;-0.00;0.00");
    let places = Format::new().set_num_format("+0;-0;0");
    let mut widths: Vec<usize> = table
        .header
        .iter()
        .map(|h| h.chars().count().min(18))
        .collect();
    for (col, title) in (0u16..).zip(&table.header) {
        sheet.write_string_with_format(0, col, title, &header)?;
    }
    for (row, cells) in (1u32..).zip(&table.rows) {
        for ((col, cell), width) in (0u16..).zip(cells).zip(widths.iter_mut()) {
            *width = (*width).max(cell.display().chars().count());
            match cell {
                Cell::Text(text) => {
                    sheet.write_string(row, col, text)?;
                }
                Cell::Count(n) => {
                    // Counts of dossiers stay far below 2^53, where doubles are exact.
                    sheet.write_number_with_format(row, col, *n as f64, &count)?;
                }
                Cell::Percent(Some(p)) => {
                    sheet.write_with_format(row, col, *p, &percent)?;
                }
                Cell::Points(Some(p)) => {
                    sheet.write_with_format(row, col, *p, &points)?;
                }
                Cell::Change(Some(c)) => {
                    sheet.write_with_format(row, col, *c, &change)?;
                }
                Cell::Places(Some(n)) => {
                    // Places in a ranking: small whole numbers, exact as doubles.
                    sheet.write_number_with_format(row, col, *n as f64, &places)?;
                }
                // Nothing to measure: an empty cell, never 0.
                Cell::Percent(None)
                | Cell::Points(None)
                | Cell::Change(None)
                | Cell::Places(None) => {}
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    for (col, width) in (0u16..).zip(widths) {
        sheet.set_column_width(col, (width.clamp(4, 60) + 2) as f64)?;
    }
    Ok(())
}

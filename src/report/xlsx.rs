//! The report as an Excel workbook (feature `xlsx`) an analyst can pivot:
//!
//! - “Thông tin”: what the figures are — the province, the period and its days, the period
//!   compared with, whether they are provisional (tạm tính), how the on-time rate is computed,
//!   the index's methodology edition, when the report was written, how to read the sheets.
//! - “Thống kê hồ sơ”: one row per unit with its tier (“Cấp”) and nothing else, so a column's sum
//!   is the province's figure and a pivot by “Cấp” gives the tiers'; the tiers' and the whole's
//!   rows are on “Tổng hợp theo cấp”, in the same columns.
//! - The index's tables when there is one: “Điểm 6 nhóm”, “Số liệu thành phần”, “Xếp hạng”,
//!   “Diễn biến”, “Bảng tổng hợp”.
//!
//! Numbers are stored as numbers under number formats (Excel shows them with the reader's
//! separators: 9.003 and 87,35% in the Vietnamese locale): a rate as its fraction (0,8735) under a
//! percent format, a rank and how many were ranked as two whole numbers, an STT as a number. A
//! missing value is an empty cell, never 0. Each table's header row has an autofilter and stays
//! frozen with the columns that name a row; each prints on landscape A4, one page wide, the
//! header row repeated on every page.

use rust_decimal::Decimal;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::monthly::MonthlyReport;
use super::table::{information, sheets, Cell, Table};
use crate::error::{Error, Result, Written};
use crate::printable::shortened;

/// The most characters Excel holds in a cell.
const EXCEL_CELL_MOST: usize = 32_767;

/// The first sheet's name.
const INFORMATION_TITLE: &str = "Thông tin";

/// The width of the “Thông tin” sheet's values, in widths of a digit: it fits portrait A4, and
/// holds about ten letters more.
const INFORMATION_WIDTH: usize = 70;

/// Excel's paper size index of A4.
const A4: u8 = 9;

/// Page numbers, centred in the footer: “Trang 2/5”.
const PAGE_FOOTER: &str = "&CTrang &P/&N";

fn excel(error: XlsxError) -> Error {
    Error::write(Written::Workbook, error)
}

/// The report as the bytes of an `.xlsx` file.
///
/// Errors: the workbook cannot be written (a value Excel cannot hold).
pub fn workbook(report: &MonthlyReport) -> Result<Vec<u8>> {
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    write_information(workbook.add_worksheet(), &information(report), &formats).map_err(excel)?;
    for table in sheets(report) {
        write_table(workbook.add_worksheet(), &table, &formats).map_err(excel)?;
    }
    workbook.save_to_buffer().map_err(excel)
}

/// The formats of the cells, one per kind.
struct Formats {
    header: Format,
    label: Format,
    wrap: Format,
    count: Format,
    integer: Format,
    points: Format,
    percent: Format,
    change: Format,
    places: Format,
    date: Format,
}

impl Formats {
    fn new() -> Formats {
        let number = |format: &str| Format::new().set_num_format(format);
        Formats {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_background_color("#EEEEEE"),
            label: Format::new().set_bold().set_align(FormatAlign::Top),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            count: number("#,##0"),
            integer: number("0"),
            points: number("0.00"),
            percent: number("0.00%"),
            change: number("+0.00;-0.00;0.00"),
            places: number("+0;-0;0"),
            date: number("dd/mm/yyyy"),
        }
    }
}

/// One cell, stored as its kind: text as text, a number as a number under its format, a date as
/// a date; nothing at all when there is no value (an empty text included), never 0.
fn write_cell(
    sheet: &mut Worksheet,
    (row, col): (u32, u16),
    cell: &Cell,
    formats: &Formats,
) -> std::result::Result<(), XlsxError> {
    match cell {
        Cell::Text(text) if text.is_empty() => {}
        Cell::Text(text) => {
            // Excel holds at most 32,767 characters in a cell: a longer name is cut, and the
            // workbook is still written.
            sheet.write_string(row, col, shortened(text, EXCEL_CELL_MOST))?;
        }
        Cell::Count(n) => {
            // Counts of dossiers stay far below 2^53, where doubles are exact.
            sheet.write_number_with_format(row, col, *n as f64, &formats.count)?;
        }
        Cell::Integer(Some(n)) => {
            // An STT or a rank: small whole numbers, exact as doubles.
            sheet.write_number_with_format(row, col, *n as f64, &formats.integer)?;
        }
        Cell::Percent(Some(p)) => {
            // Excel's percent format shows a fraction: 87,35 points are stored as 0,8735.
            sheet.write_with_format(row, col, *p / Decimal::ONE_HUNDRED, &formats.percent)?;
        }
        Cell::Points(Some(p)) => {
            sheet.write_with_format(row, col, *p, &formats.points)?;
        }
        Cell::Change(Some(c)) => {
            sheet.write_with_format(row, col, *c, &formats.change)?;
        }
        Cell::Places(Some(n)) => {
            // Places in a ranking: small whole numbers, exact as doubles.
            sheet.write_number_with_format(row, col, *n as f64, &formats.places)?;
        }
        Cell::Date(Some(date)) => {
            let date = ExcelDateTime::from_ymd(
                u16::try_from(date.year())
                    .map_err(|_| XlsxError::DateTimeRangeError(date.to_string()))?,
                date.month().unsigned_abs(),
                date.day().unsigned_abs(),
            )?;
            sheet.write_datetime_with_format(row, col, date, &formats.date)?;
        }
        // Nothing to measure: an empty cell, never 0.
        Cell::Integer(None)
        | Cell::Percent(None)
        | Cell::Points(None)
        | Cell::Change(None)
        | Cell::Places(None)
        | Cell::Date(None) => {}
    }
    Ok(())
}

/// The “Thông tin” sheet: a label and its value on each line.
fn write_information(
    sheet: &mut Worksheet,
    lines: &[(&'static str, Cell)],
    formats: &Formats,
) -> std::result::Result<(), XlsxError> {
    sheet.set_name(INFORMATION_TITLE)?;
    sheet.set_column_width(0, 24)?;
    sheet.set_column_width(1, INFORMATION_WIDTH as f64)?;
    sheet.set_column_format(1, &formats.wrap)?;
    for (row, (label, value)) in (0u32..).zip(lines) {
        sheet.write_string_with_format(row, 0, *label, &formats.label)?;
        write_cell(sheet, (row, 1), value, formats)?;
        fit_height(
            sheet,
            row,
            [(value.display().as_str(), INFORMATION_WIDTH + 10)],
        )?;
    }
    sheet
        .set_paper_size(A4)
        .set_print_fit_to_pages(1, 0)
        .set_footer(PAGE_FOOTER);
    Ok(())
}

/// A table's sheet: the header, the rows, the columns sized to their contents, then the
/// analyst's and the printer's setup.
fn write_table(
    sheet: &mut Worksheet,
    table: &Table,
    formats: &Formats,
) -> std::result::Result<(), XlsxError> {
    sheet.set_name(table.title)?;
    let mut widths: Vec<usize> = table.header.iter().map(|h| header_width(h)).collect();
    for (col, title) in (0u16..).zip(&table.header) {
        sheet.write_string_with_format(0, col, title, &formats.header)?;
    }
    for (row, cells) in (1u32..).zip(&table.rows) {
        for ((col, cell), width) in (0u16..).zip(cells).zip(widths.iter_mut()) {
            *width = (*width).max(cell.display().chars().count());
            write_cell(sheet, (row, col), cell, formats)?;
        }
    }
    let widths: Vec<usize> = widths.into_iter().map(|w| w.clamp(4, 40) + 1).collect();
    for (col, width) in (0u16..).zip(&widths) {
        sheet.set_column_width(col, *width as f64)?;
    }
    let header = table.header.iter().map(String::as_str).zip(widths);
    fit_height(sheet, 0, header)?;
    set_up(sheet, table)
}

/// Gives row `row` the height of its tallest wrapped cell, each given as its text and its
/// column's width: not every spreadsheet fits a row to wrapped text when it opens a file.
fn fit_height<'a>(
    sheet: &mut Worksheet,
    row: u32,
    cells: impl IntoIterator<Item = (&'a str, usize)>,
) -> std::result::Result<(), XlsxError> {
    let lines = (cells.into_iter())
        .map(|(text, width)| wrapped_lines(text, width))
        .max()
        .unwrap_or(1);
    if lines > 1 {
        sheet.set_row_height(row, 15.0 * lines as f64)?;
    }
    Ok(())
}

/// How many lines `text` takes when wrapped at word boundaries to `width` characters, about as
/// a spreadsheet wraps it (a character is taken as wide as a digit).
fn wrapped_lines(text: &str, width: usize) -> usize {
    let (mut lines, mut used) = (1, 0);
    for word in text.split_whitespace() {
        let length = word.chars().count();
        if used == 0 {
            used = length;
        } else if used + 1 + length < width {
            used += 1 + length;
        } else {
            lines += 1;
            used = length;
        }
    }
    lines
}

/// The width a header asks of its column: it wraps, so its first eight characters or its
/// longest word, whichever is wider. Narrow columns keep a 24-column table legible on one
/// landscape page.
fn header_width(header: &str) -> usize {
    let longest_word = (header.split_whitespace())
        .map(|word| word.chars().count())
        .max()
        .unwrap_or(0);
    longest_word.max(header.chars().count().min(8))
}

/// What lets an analyst filter and scroll a table, and print it: an autofilter on the header;
/// the header row and the columns that name a row frozen; landscape A4, one page wide, the
/// header row on every page, page numbers in the footer.
fn set_up(sheet: &mut Worksheet, table: &Table) -> std::result::Result<(), XlsxError> {
    let last_col = u16::try_from(table.header.len().saturating_sub(1))
        .map_err(|_| XlsxError::RowColumnLimitError)?;
    let last_row = u32::try_from(table.rows.len()).map_err(|_| XlsxError::RowColumnLimitError)?;
    let key_columns =
        u16::try_from(table.key_columns).map_err(|_| XlsxError::RowColumnLimitError)?;
    sheet.autofilter(0, 0, last_row, last_col)?;
    sheet.set_freeze_panes(1, key_columns)?;
    sheet.set_repeat_rows(0, 0)?;
    sheet
        .set_landscape()
        .set_paper_size(A4)
        .set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3)
        .set_print_fit_to_pages(1, 0)
        .set_footer(PAGE_FOOTER);
    Ok(())
}

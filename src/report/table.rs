//! The report's tables (the appendix, the index's groups, criteria, rankings, trend and
//! leadership table) as rows of typed cells, so each rendering formats a number its own way: text
//! and HTML as officials write it, CSV with a decimal comma, Excel as a number with a number
//! format.
//!
//! The printed appendix ([`appendix`]) ends with each tier's and the whole's rows; a workbook
//! keeps the units ([`appendix_units`]) apart from those totals ([`appendix_totals`]), so that a
//! sum or a pivot over the units counts nothing twice. Ranks are whole numbers with how many were
//! ranked in a column of its own, so a spreadsheet sorts and filters them.

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::index::IndexReport;
use super::monthly::{Figures, MonthlyReport};
use super::prose::rate;
use crate::notation::{first_letter, format_count, format_date, format_points};
use crate::printable::listed;
use crate::stats::ProcessingCounts;

/// One cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Cell {
    Text(String),
    /// A number of dossiers (9.003).
    Count(u64),
    /// A whole number that names a place rather than a quantity (an STT, a rank, how many were
    /// ranked): written without a thousands dot, empty when there is none.
    Integer(Option<u64>),
    /// A percentage, in percentage points (99,97 for 99,97%), empty when there is none; a
    /// spreadsheet stores it as the fraction (0,9997) under a percent format.
    Percent(Option<Decimal>),
    /// Points (61,89), empty when there are none.
    Points(Option<Decimal>),
    /// A change in points, signed (+1,23), empty when there is none.
    Change(Option<Decimal>),
    /// A change in places, signed (+2), empty when there is none.
    Places(Option<i64>),
    /// A civil date (31/10/2026), empty when there is none.
    // Only the workbook's information sheet holds one so far.
    #[cfg_attr(not(feature = "xlsx"), allow(dead_code))]
    Date(Option<Date>),
}

impl Cell {
    /// The cell as officials read it, a text cut as a listed name is (one name of 100,000
    /// characters would otherwise widen every row of a text table): 9.003; 99,97%; “không có” for a rate with nothing to
    /// measure; +1,23 for a change.
    pub(crate) fn display(&self) -> String {
        match self {
            Cell::Text(text) => listed(text),
            Cell::Count(n) => format_count(*n),
            Cell::Integer(n) => n.map_or_else(String::new, |n| n.to_string()),
            Cell::Percent(p) => rate(*p),
            Cell::Points(p) => p.map_or_else(String::new, |p| format_points(p, 2)),
            Cell::Change(None) | Cell::Places(None) => String::new(),
            Cell::Change(Some(c)) if c.is_sign_positive() && !c.is_zero() => {
                format!("+{}", format_points(*c, 2))
            }
            Cell::Change(Some(c)) => format_points(*c, 2),
            Cell::Places(Some(n)) if *n > 0 => format!("+{n}"),
            Cell::Places(Some(n)) => n.to_string(),
            Cell::Date(d) => d.map_or_else(String::new, format_date),
        }
    }

    /// Whether the cell is a number (right-aligned); a date is one too, as in a spreadsheet.
    pub(crate) fn is_number(&self) -> bool {
        !matches!(self, Cell::Text(_))
    }
}

/// A table with a title and its header.
pub(crate) struct Table {
    /// The Excel sheet's name (at most 31 characters) and the HTML/Markdown heading.
    pub(crate) title: &'static str,
    pub(crate) header: Vec<String>,
    pub(crate) rows: Vec<Vec<Cell>>,
    /// How many leading columns name a row (its number, code and name): a spreadsheet keeps
    /// them in view beside the header while the reader scrolls right.
    #[cfg_attr(not(feature = "xlsx"), allow(dead_code))]
    pub(crate) key_columns: usize,
}

/// The groups' table's title.
const GROUPS_TITLE: &str = "Điểm 6 nhóm";

/// The criteria's table's title.
const CRITERIA_TITLE: &str = "Số liệu thành phần";

/// The unit sheet's title: one row per unit, and nothing else, so a column sums to the whole.
pub(crate) const UNITS_TITLE: &str = "Thống kê hồ sơ";

/// The title of the tiers' and the whole's rows, kept apart from the units so that no total is
/// counted twice in a sum or a pivot over the units.
#[cfg(feature = "xlsx")]
pub(crate) const TOTALS_TITLE: &str = "Tổng hợp theo cấp";

const APPENDIX_HEADER: [&str; 26] = [
    "STT",
    "Mã",
    "Đơn vị",
    "Cấp",
    "Tiếp nhận mới",
    "Trực tuyến",
    "Trực tiếp, bưu chính",
    "Kỳ trước chuyển qua",
    "Tổng nhận giải quyết",
    "Đã giải quyết",
    "Trước hạn",
    "Đúng hạn",
    "Quá hạn",
    "Trả lại, rút",
    "Đang giải quyết",
    "Trong hạn",
    "Đang quá hạn",
    "Chờ bổ sung",
    "Đến hạn",
    "Đến hạn, đúng hạn",
    "Tỷ lệ đúng hạn",
    "Tỷ lệ trực tuyến",
    "Số hóa thành phần",
    "Số hóa kết quả",
    "Thanh toán trực tuyến",
    "Biên lai điện tử",
];

/// What names a row of the appendix: its number (units only), code, name and tier.
struct RowName<'a> {
    number: Option<u64>,
    code: &'a str,
    name: &'a str,
    tier: &'a str,
}

fn appendix_cells(row: RowName<'_>, f: &Figures) -> Vec<Cell> {
    let c: &ProcessingCounts = &f.stats;
    let mut cells = vec![
        Cell::Integer(row.number),
        Cell::Text(row.code.to_owned()),
        Cell::Text(row.name.to_owned()),
        Cell::Text(row.tier.to_owned()),
    ];
    cells.extend(
        [
            c.new,
            c.new_online,
            c.new_in_person,
            c.carried_over,
            c.to_settle,
            c.settled,
            c.early,
            c.on_time,
            c.late,
            c.returned,
            c.in_process,
            c.within_time,
            c.past_due,
            c.waiting_supplement,
            c.due_in_period,
            c.due_returned_on_time,
        ]
        .map(Cell::Count),
    );
    cells.extend(
        [
            f.rates.on_time,
            f.rates.online,
            f.rates.digitized_inputs,
            f.rates.digitized_results,
            // The report names leaders in these two: the appendix shows what it rests on.
            f.rates.online_payment,
            f.rates.e_receipts,
        ]
        .map(Cell::Percent),
    );
    cells
}

fn appendix_table(title: &'static str, rows: Vec<Vec<Cell>>) -> Table {
    Table {
        title,
        header: strings(&APPENDIX_HEADER),
        rows,
        key_columns: 3,
    }
}

fn unit_rows(report: &MonthlyReport) -> Vec<Vec<Cell>> {
    (1..)
        .zip(&report.units)
        .map(|(n, u)| {
            let name = RowName {
                number: Some(n),
                code: &u.code,
                name: &u.name,
                tier: u.tier.label_vi(),
            };
            appendix_cells(name, &u.figures)
        })
        .collect()
}

fn total_rows(report: &MonthlyReport) -> Vec<Vec<Cell>> {
    let tier_names: Vec<String> = (report.levels.iter())
        .map(|level| format!("Cộng {}", level.label.to_lowercase()))
        .collect();
    let mut rows: Vec<Vec<Cell>> = (report.levels.iter().zip(&tier_names))
        .map(|(level, name)| {
            let name = RowName {
                number: None,
                code: "",
                name,
                tier: level.label,
            };
            appendix_cells(name, &level.figures)
        })
        .collect();
    let (code, name, tier) = match &report.province.unit {
        Some(unit) => (
            unit.code.as_str(),
            format!("Tổng cộng: {}", unit.name),
            report.scope_label(),
        ),
        None => ("", "Tổng cộng".to_owned(), "Tổng cộng"),
    };
    let name = RowName {
        number: None,
        code,
        name: &name,
        tier,
    };
    rows.push(appendix_cells(name, &report.province.figures));
    rows
}

/// The appendix's unit rows alone, each with its tier (cấp): what a pivot table reads, since a
/// column's sum over them is the scope's figure.
pub(crate) fn appendix_units(report: &MonthlyReport) -> Table {
    appendix_table(UNITS_TITLE, unit_rows(report))
}

/// The appendix's totals alone: each tier, then the whole, in the units' columns.
#[cfg(feature = "xlsx")]
pub(crate) fn appendix_totals(report: &MonthlyReport) -> Table {
    appendix_table(TOTALS_TITLE, total_rows(report))
}

/// The appendix (phụ lục) as printed: every unit, then each tier, then the whole.
pub(crate) fn appendix(report: &MonthlyReport) -> Table {
    let mut rows = unit_rows(report);
    rows.extend(total_rows(report));
    appendix_table(UNITS_TITLE, rows)
}

/// Where a workbook's reader learns what its figures are: the scope, the period and its days,
/// the period compared with, whether the figures are provisional, how the on-time rate is
/// computed, the methodology edition of the index, when the report was written, and how to read
/// the sheets and an empty cell. Each line is a label and its value.
#[cfg(feature = "xlsx")]
pub(crate) fn information(report: &MonthlyReport) -> Vec<(&'static str, Cell)> {
    let text = |t: &str| Cell::Text(t.to_owned());
    let (scope, name, code, whole) = match &report.province.unit {
        Some(unit) if report.province.level == Some(crate::unit::Level::Province) => {
            ("Tỉnh", &*unit.name, &*unit.code, "toàn tỉnh")
        }
        Some(unit) => ("Đơn vị báo cáo", &*unit.name, &*unit.code, "toàn đơn vị"),
        None => (
            "Phạm vi",
            "Tất cả đơn vị được thống kê",
            "",
            "tất cả đơn vị",
        ),
    };
    let compared = (report.previous.as_ref())
        .map(|p| format!("{} ({})", p.label_vi(), crate::notation::format_days(p)))
        .unwrap_or_default();
    let status = if report.provisional {
        "Tạm tính (kỳ báo cáo chưa kết thúc)"
    } else {
        "Kỳ báo cáo đã kết thúc"
    };
    let methodology = (report.index.as_ref()).map_or("", |i| i.methodology.as_str());
    vec![
        (scope, text(name)),
        ("Mã đơn vị", text(code)),
        ("Kỳ báo cáo", Cell::Text(report.period.label_vi())),
        (
            "Thời gian",
            Cell::Text(crate::notation::format_days(&report.period)),
        ),
        ("Kỳ so sánh", Cell::Text(compared)),
        ("Số liệu", text(status)),
        (
            "Tỷ lệ trước và đúng hạn",
            text(report.on_time_definition.describe_vi()),
        ),
        ("Mã cách tính", text(report.on_time_definition.as_str())),
        ("Phương pháp tính Chỉ số", text(methodology)),
        ("Ngày lập báo cáo", Cell::Date(report.document.written_on)),
        (
            UNITS_TITLE,
            Cell::Text(format!(
                "Mỗi dòng một đơn vị, không có dòng cộng: tổng một cột là số liệu {whole}."
            )),
        ),
        (
            TOTALS_TITLE,
            text("Dòng cộng từng cấp và dòng tổng cộng, cùng các cột."),
        ),
        (
            "Ô để trống",
            text("Không có số liệu để tính (mẫu số bằng 0), không phải 0."),
        ),
    ]
}

/// The six groups against their maxima and the peers' average (`peers`: the average's header).
pub(crate) fn groups(index: &IndexReport, peers: &str) -> Table {
    let mut rows: Vec<Vec<Cell>> = (1..)
        .zip(&index.groups)
        .map(|(n, g)| {
            vec![
                Cell::Integer(Some(n)),
                Cell::Text(g.code.clone()),
                Cell::Text(g.name.clone()),
                Cell::Points(g.points),
                Cell::Points(Some(g.max)),
                Cell::Points(g.peer_average),
                Cell::Points(g.points.and_then(|p| g.max.checked_sub(p))),
            ]
        })
        .collect();
    rows.push(vec![
        Cell::Integer(None),
        Cell::Text(String::new()),
        Cell::Text("Tổng điểm".to_owned()),
        Cell::Points(index.total),
        Cell::Points(Some(index.max)),
        Cell::Points(index.peer_average),
        Cell::Points(index.total.and_then(|t| index.max.checked_sub(t))),
    ]);
    Table {
        title: GROUPS_TITLE,
        header: strings(&["STT", "Mã", "Nhóm", "Điểm", "Tối đa", peers, "Điểm bị mất"]),
        rows,
        key_columns: 3,
    }
}

/// Every criterion, by number, code and name: counts, rate, points, maximum, points lost.
pub(crate) fn criteria(index: &IndexReport) -> Table {
    let count = |n: Option<u64>| n.map_or(Cell::Text(String::new()), Cell::Count);
    Table {
        title: CRITERIA_TITLE,
        header: strings(&[
            "Số hiệu",
            "Mã",
            "Tiêu chí",
            "Tử số",
            "Mẫu số",
            "Tỷ lệ",
            "Điểm",
            "Tối đa",
            "Điểm bị mất",
        ]),
        rows: (index.groups.iter())
            .flat_map(|g| &g.criteria)
            .map(|c| {
                vec![
                    Cell::Text(c.number.clone()),
                    Cell::Text(c.code.clone()),
                    Cell::Text(c.name.clone()),
                    count(c.num),
                    count(c.den),
                    Cell::Percent(c.rate),
                    Cell::Points(c.points),
                    Cell::Points(Some(c.max)),
                    Cell::Points(c.points_lost),
                ]
            })
            .collect(),
        key_columns: 3,
    }
}

/// A rank and how many were ranked, as two whole numbers.
fn rank_cells(rank: Option<u32>, of: u32) -> [Cell; 2] {
    [
        Cell::Integer(rank.map(u64::from)),
        Cell::Integer(Some(u64::from(of))),
    ]
}

/// The rankings of the units below: one block of rows per level.
pub(crate) fn rankings(index: &IndexReport) -> Table {
    let mut rows = Vec::new();
    for ranking in &index.rankings {
        for line in &ranking.entries {
            // “Sở, ban, ngành” heads a cell as the tiers' “Cấp tỉnh” does.
            let mut cells = vec![Cell::Text(first_letter(ranking.label, true))];
            cells.extend(rank_cells(line.rank, line.of));
            cells.extend([
                Cell::Text(line.code.clone()),
                Cell::Text(line.name.clone()),
                Cell::Points(line.total),
                Cell::Change(line.points_change),
                Cell::Places(line.rank_change),
            ]);
            rows.push(cells);
        }
    }
    Table {
        title: "Xếp hạng",
        header: strings(&[
            "Cấp",
            "Hạng",
            "Trong số",
            "Mã",
            "Đơn vị",
            "Tổng điểm",
            "Thay đổi điểm",
            "Thay đổi hạng",
        ]),
        rows,
        key_columns: 5,
    }
}

/// A group's column header: its Vietnamese name with its code, “Công khai, minh bạch (CKMB)”;
/// a code the groups do not name stays as it is.
fn group_header(index: &IndexReport, code: &str) -> String {
    match index.groups.iter().find(|g| g.code == code) {
        Some(group) => format!("{} ({code})", group.name),
        None => code.to_owned(),
    }
}

/// The leadership table: all peers, six groups, total, rank.
pub(crate) fn leadership(index: &IndexReport) -> Table {
    let mut header = strings(&["Hạng", "Trong số", "Mã", "Đơn vị"]);
    header.extend(index.group_codes.iter().map(|c| group_header(index, c)));
    header.push("Tổng điểm".to_owned());
    Table {
        title: "Bảng tổng hợp",
        header,
        rows: (index.leadership.iter())
            .map(|row| {
                let mut cells = Vec::from(rank_cells(row.rank, index.of));
                cells.extend([Cell::Text(row.code.clone()), Cell::Text(row.name.clone())]);
                cells.extend(row.groups.iter().map(|p| Cell::Points(*p)));
                cells.push(Cell::Points(row.total));
                cells
            })
            .collect(),
        key_columns: 4,
    }
}

/// The trend: total and rank per period.
pub(crate) fn trend(index: &IndexReport) -> Table {
    Table {
        title: "Diễn biến",
        header: strings(&["Kỳ", "Tổng điểm", "Hạng", "Trong số"]),
        rows: (index.trend.iter())
            .map(|t| {
                let mut cells = vec![
                    Cell::Text(t.period.map_or_else(String::new, |p| p.label_vi())),
                    Cell::Points(t.total),
                ];
                cells.extend(rank_cells(t.rank, t.of));
                cells
            })
            .collect(),
        key_columns: 1,
    }
}

fn strings(labels: &[&str]) -> Vec<String> {
    labels.iter().map(|l| (*l).to_owned()).collect()
}

/// The index's tables, when there is an index with a total: groups, criteria, rankings, trend,
/// leadership. Without a total the report says in one sentence what is missing, rather than
/// print tables of blanks.
fn index_tables(report: &MonthlyReport) -> Vec<Table> {
    let Some(index) = report.index.as_ref().filter(|i| i.is_complete()) else {
        return Vec::new();
    };
    // A province's peers are the country's provinces (SPEC §8: “điểm trung bình cả nước”).
    let peers = format!("Trung bình {}", index.peers_label());
    vec![
        groups(index, &peers),
        criteria(index),
        rankings(index),
        trend(index),
        leadership(index),
    ]
}

/// Every table of the report as a document prints it: the appendix, then the index's when there
/// is one, without the methodology's codes of groups and criteria (`PUBLISH_ON_TIME`), which
/// only a program reads: an official reads their numbers and names.
pub(crate) fn all(report: &MonthlyReport) -> Vec<Table> {
    let mut tables = vec![appendix(report)];
    tables.extend(
        (index_tables(report).into_iter()).map(|table| match table.title {
            GROUPS_TITLE | CRITERIA_TITLE => without_column(table, "Mã"),
            _ => table,
        }),
    );
    tables
}

/// `table` without the column headed `header`.
fn without_column(mut table: Table, header: &str) -> Table {
    let Some(at) = table.header.iter().position(|h| h == header) else {
        return table;
    };
    table.header.remove(at);
    for row in &mut table.rows {
        if at < row.len() {
            row.remove(at);
        }
    }
    if at < table.key_columns {
        table.key_columns -= 1;
    }
    table
}

/// Every table of a workbook, one sheet each: the units alone, the tiers' and the whole's
/// totals, then the index's tables when there is one.
#[cfg(feature = "xlsx")]
pub(crate) fn sheets(report: &MonthlyReport) -> Vec<Table> {
    let mut tables = vec![appendix_units(report), appendix_totals(report)];
    tables.extend(index_tables(report));
    tables
}

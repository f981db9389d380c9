//! The report's tables (the appendix, the index's groups, criteria, rankings, trend and
//! leadership table) as rows of typed cells, so each rendering formats a number its own way: text
//! and HTML as officials write it, CSV with a decimal comma, Excel as a number with a number
//! format.

use rust_decimal::Decimal;

use super::index::IndexReport;
use super::monthly::{Figures, MonthlyReport};
use super::prose::rate;
use crate::input::printable;
use crate::notation::{format_count, format_points};
use crate::stats::ProcessingCounts;

/// One cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Cell {
    Text(String),
    Count(u64),
    /// A percentage (99,97%), empty when there is none.
    Percent(Option<Decimal>),
    /// Points (61,89), empty when there are none.
    Points(Option<Decimal>),
    /// A change in points, signed (+1,23), empty when there is none.
    Change(Option<Decimal>),
    /// A change in places, signed (+2), empty when there is none.
    Places(Option<i64>),
}

impl Cell {
    /// The cell as officials read it: 9.003; 99,97%; “không có” for a rate with nothing to
    /// measure; +1,23 for a change.
    pub(crate) fn display(&self) -> String {
        match self {
            Cell::Text(text) => printable(text).into_owned(),
            Cell::Count(n) => format_count(*n),
            Cell::Percent(p) => rate(*p),
            Cell::Points(p) => p.map_or_else(String::new, |p| format_points(p, 2)),
            Cell::Change(None) | Cell::Places(None) => String::new(),
            Cell::Change(Some(c)) if c.is_sign_positive() && !c.is_zero() => {
                format!("+{}", format_points(*c, 2))
            }
            Cell::Change(Some(c)) => format_points(*c, 2),
            Cell::Places(Some(n)) if *n > 0 => format!("+{n}"),
            Cell::Places(Some(n)) => n.to_string(),
        }
    }

    /// Whether the cell is a number (right-aligned).
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
}

const APPENDIX_HEADER: [&str; 23] = [
    "STT",
    "Mã",
    "Đơn vị",
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
];

fn appendix_cells(number: String, code: &str, name: &str, f: &Figures) -> Vec<Cell> {
    let c: &ProcessingCounts = &f.stats;
    let mut cells = vec![
        Cell::Text(number),
        Cell::Text(code.to_owned()),
        Cell::Text(name.to_owned()),
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
        ]
        .map(Cell::Percent),
    );
    cells
}

/// The appendix (phụ lục): every unit, then each tier, then the whole.
pub(crate) fn appendix(report: &MonthlyReport) -> Table {
    let mut rows: Vec<Vec<Cell>> = (1..)
        .zip(&report.units)
        .map(|(n, u)| appendix_cells(n.to_string(), &u.code, &u.name, &u.figures))
        .collect();
    for level in &report.levels {
        rows.push(appendix_cells(
            String::new(),
            "",
            level.label,
            &level.figures,
        ));
    }
    let (code, name) = match &report.province.unit {
        Some(unit) => (unit.code.as_str(), format!("Tổng cộng: {}", unit.name)),
        None => ("", "Tổng cộng".to_owned()),
    };
    rows.push(appendix_cells(
        String::new(),
        code,
        &name,
        &report.province.figures,
    ));
    Table {
        title: "Thống kê hồ sơ",
        header: APPENDIX_HEADER.map(str::to_owned).to_vec(),
        rows,
    }
}

/// The six groups against their maxima and the peers' average.
pub(crate) fn groups(index: &IndexReport) -> Table {
    let mut rows: Vec<Vec<Cell>> = (index.groups.iter())
        .map(|g| {
            vec![
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
        Cell::Text(String::new()),
        Cell::Text("Tổng điểm".to_owned()),
        Cell::Points(index.total),
        Cell::Points(Some(index.max)),
        Cell::Points(index.peer_average),
        Cell::Points(index.total.and_then(|t| index.max.checked_sub(t))),
    ]);
    Table {
        title: "Điểm 6 nhóm",
        header: strings(&[
            "Mã",
            "Nhóm",
            "Điểm",
            "Tối đa",
            "Trung bình cùng cấp",
            "Điểm bị mất",
        ]),
        rows,
    }
}

/// Every criterion: counts, rate, points, maximum, points lost.
pub(crate) fn criteria(index: &IndexReport) -> Table {
    let count = |n: Option<u64>| n.map_or(Cell::Text(String::new()), Cell::Count);
    Table {
        title: "Số liệu thành phần",
        header: strings(&[
            "STT",
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
    }
}

/// The rankings of the units below: one block of rows per level.
pub(crate) fn rankings(index: &IndexReport) -> Table {
    let mut rows = Vec::new();
    for ranking in &index.rankings {
        for line in &ranking.entries {
            rows.push(vec![
                Cell::Text(ranking.label.to_owned()),
                Cell::Text(
                    line.rank
                        .map_or_else(String::new, |r| format!("{r}/{}", line.of)),
                ),
                Cell::Text(line.code.clone()),
                Cell::Text(line.name.clone()),
                Cell::Points(line.total),
                Cell::Change(line.points_change),
                Cell::Places(line.rank_change),
            ]);
        }
    }
    Table {
        title: "Xếp hạng",
        header: strings(&[
            "Cấp",
            "Hạng",
            "Mã",
            "Đơn vị",
            "Tổng điểm",
            "Thay đổi điểm",
            "Thay đổi hạng",
        ]),
        rows,
    }
}

/// The leadership table: all peers, six groups, total, rank.
pub(crate) fn leadership(index: &IndexReport) -> Table {
    let mut header = strings(&["Hạng", "Mã", "Đơn vị"]);
    header.extend(index.group_codes.iter().cloned());
    header.push("Tổng điểm".to_owned());
    Table {
        title: "Bảng tổng hợp",
        header,
        rows: (index.leadership.iter())
            .map(|row| {
                let mut cells = vec![
                    Cell::Text(row.rank.map_or_else(String::new, |r| r.to_string())),
                    Cell::Text(row.code.clone()),
                    Cell::Text(row.name.clone()),
                ];
                cells.extend(row.groups.iter().map(|p| Cell::Points(*p)));
                cells.push(Cell::Points(row.total));
                cells
            })
            .collect(),
    }
}

/// The trend: total and rank per period.
pub(crate) fn trend(index: &IndexReport) -> Table {
    Table {
        title: "Diễn biến",
        header: strings(&["Kỳ", "Tổng điểm", "Xếp hạng"]),
        rows: (index.trend.iter())
            .map(|t| {
                vec![
                    Cell::Text(t.period.map_or_else(String::new, |p| p.label_vi())),
                    Cell::Points(t.total),
                    Cell::Text(t.rank.map_or_else(String::new, |r| format!("{r}/{}", t.of))),
                ]
            })
            .collect(),
    }
}

fn strings(labels: &[&str]) -> Vec<String> {
    labels.iter().map(|l| (*l).to_owned()).collect()
}

/// Every table of the report: the appendix, then the index's when there is one.
pub(crate) fn all(report: &MonthlyReport) -> Vec<Table> {
    let mut tables = vec![appendix(report)];
    if let Some(index) = &report.index {
        tables.extend([
            groups(index),
            criteria(index),
            rankings(index),
            trend(index),
            leadership(index),
        ]);
    }
    tables
}

//! The monthly report as data an analyst pivots (issue 20, part 4): the CSV appendix for Excel in
//! the Vietnamese locale and the workbook, read back (calamine for the cells, the sheets' XML for
//! formats, filter, panes and page setup) against the report value of the hand-made province X
//! (`tests/monthly.rs`: UBND tỉnh X, Sở Tư pháp, xã An Bình, and a commune named like a formula).

use crate::monthly::report;
use chiso766::report as render;

/// The CSV's lines, after the byte-order mark Excel needs to read the accents.
fn csv_lines(provisional: bool) -> Vec<String> {
    let mut bytes = Vec::new();
    render::csv::appendix(&report(provisional), &mut bytes).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.starts_with('\u{feff}'), "a byte-order mark for Excel");
    (text.trim_start_matches('\u{feff}').lines())
        .map(str::to_owned)
        .collect()
}

/// The CSV line of unit `code`, after its STT.
fn csv_line<'a>(lines: &'a [String], code: &str) -> &'a str {
    let line = lines.iter().find(|l| l.split(';').nth(1) == Some(code));
    let line = line.unwrap_or_else(|| panic!("no line for {code}"));
    line.split_once(';').unwrap().1
}

#[test]
fn csv_for_excel_in_the_vietnamese_locale() {
    let lines = csv_lines(false);
    assert!(
        lines[0].starts_with("STT;Mã;Đơn vị;Cấp;Tiếp nhận mới"),
        "{}",
        lines[0]
    );
    // X.01: its tier, on-time rate 80,00 with a decimal comma; counts without a thousands
    // separator.
    let x01 = csv_line(&lines, "X.01");
    assert!(
        x01.starts_with("X.01;Sở Tư pháp;Cấp tỉnh;9;1;8;1;10;5;2;2;1;1;4;2;1;1;6;4;80,00;"),
        "{x01}"
    );
    // A name Excel would run as a formula is guarded; a missing rate is an empty field.
    let x102 = csv_line(&lines, "X.102");
    assert!(x102.contains(";'=1+1 <b>xã Hòa</b>;Cấp xã;0;"), "{x102}");
    assert!(x102.ends_with(";;;;"), "{x102}");
}

#[test]
fn the_csv_holds_the_units_alone_each_with_its_tier() {
    let lines = csv_lines(false);
    let report = report(false);
    // The header and one line per unit: no tier or total line for a pivot to count twice.
    assert_eq!(lines.len(), 1 + report.units.len());
    for ((n, line), unit) in (1..).zip(&lines[1..]).zip(&report.units) {
        let fields: Vec<&str> = line.split(';').collect();
        assert_eq!(fields[0], n.to_string());
        assert_eq!(fields[1], unit.code);
        assert_eq!(fields[3], unit.tier.label_vi());
    }
    // Summed by hand over the units, a column gives the province's figure.
    let to_settle: u64 = (lines[1..].iter())
        .map(|l| l.split(';').nth(8).unwrap().parse::<u64>().unwrap())
        .sum();
    assert_eq!(to_settle, report.province.figures.stats.to_settle);
}

#[cfg(feature = "xlsx")]
mod excel {
    use std::io::{Cursor, Read};

    use calamine::{Data, DataType, Range, Reader, Xlsx};
    use chiso766::report::{Document, MonthlyReport};
    use rust_decimal::prelude::ToPrimitive;
    use rust_decimal::Decimal;
    use serde_json::Value;

    use super::{render, report};

    fn bytes(report: &MonthlyReport) -> Vec<u8> {
        render::xlsx::workbook(report).unwrap()
    }

    fn sheet(report: &MonthlyReport, name: &str) -> Range<Data> {
        let mut book = Xlsx::new(Cursor::new(bytes(report))).unwrap();
        book.worksheet_range(name).unwrap()
    }

    /// The column whose header is `title`.
    fn column(range: &Range<Data>, title: &str) -> usize {
        let header = range.rows().next().unwrap();
        (header.iter())
            .position(|cell| *cell == Data::String(title.to_owned()))
            .unwrap_or_else(|| panic!("no column “{title}” in {header:?}"))
    }

    fn text(value: &str) -> Data {
        Data::String(value.to_owned())
    }

    /// A rate in percentage points as the workbook stores it: the fraction, 87,35 as 0,8735.
    fn fraction(rate: Option<Decimal>) -> Data {
        rate.map_or(Data::Empty, |r| {
            Data::Float((r / Decimal::ONE_HUNDRED).to_f64().unwrap())
        })
    }

    #[test]
    fn the_sheets_an_analyst_opens() {
        let book = Xlsx::new(Cursor::new(bytes(&report(false)))).unwrap();
        assert_eq!(
            book.sheet_names(),
            [
                "Thông tin",
                "Thống kê hồ sơ",
                "Tổng hợp theo cấp",
                "Điểm 6 nhóm",
                "Số liệu thành phần",
                "Xếp hạng",
                "Diễn biến",
                "Bảng tổng hợp"
            ]
        );
    }

    /// The “Thông tin” sheet as (label, value) lines.
    fn information(report: &MonthlyReport) -> Vec<(String, Data)> {
        (sheet(report, "Thông tin").rows())
            .map(|row| {
                (
                    row[0].to_string(),
                    row.get(1).cloned().unwrap_or(Data::Empty),
                )
            })
            .collect()
    }

    fn line<'a>(lines: &'a [(String, Data)], label: &str) -> &'a Data {
        let found = lines.iter().find(|(l, _)| l == label);
        &found.unwrap_or_else(|| panic!("no line “{label}”")).1
    }

    #[test]
    fn the_information_sheet_says_what_the_figures_are() {
        let lines = information(&report(false));
        assert_eq!(*line(&lines, "Tỉnh"), text("UBND tỉnh X"));
        assert_eq!(*line(&lines, "Mã đơn vị"), text("X"));
        assert_eq!(*line(&lines, "Kỳ báo cáo"), text("tháng 5/2026"));
        assert_eq!(
            *line(&lines, "Thời gian"),
            text("từ ngày 1/5/2026 đến ngày 31/5/2026")
        );
        assert_eq!(
            *line(&lines, "Kỳ so sánh"),
            text("tháng 4/2026 (từ ngày 1/4/2026 đến ngày 30/4/2026)")
        );
        assert_eq!(*line(&lines, "Số liệu"), text("Kỳ báo cáo đã kết thúc"));
        assert_eq!(
            *line(&lines, "Tỷ lệ trước và đúng hạn"),
            text("số hồ sơ giải quyết trước hạn và đúng hạn trên tổng số hồ sơ đã giải quyết")
        );
        assert_eq!(*line(&lines, "Mã cách tính"), text("settled_in_time"));
        assert_eq!(
            *line(&lines, "Phương pháp tính Chỉ số"),
            text("qd766-groups")
        );
        // Not written on a given day: an empty cell, not a made-up date.
        assert_eq!(*line(&lines, "Ngày lập báo cáo"), Data::Empty);
        // How to read the sheets and an empty cell.
        assert_eq!(
            *line(&lines, "Thống kê hồ sơ"),
            text("Mỗi dòng một đơn vị, không có dòng cộng: tổng một cột là số liệu toàn tỉnh.")
        );
        assert_eq!(
            *line(&lines, "Ô để trống"),
            text("Không có số liệu để tính (mẫu số bằng 0), không phải 0.")
        );
    }

    #[test]
    fn provisional_figures_and_the_day_written() {
        let written = jiff::civil::date(2026, 6, 3);
        let report = report(true).with_document(Document {
            written_on: Some(written),
            ..Document::default()
        });
        let lines = information(&report);
        assert_eq!(
            *line(&lines, "Số liệu"),
            text("Tạm tính (kỳ báo cáo chưa kết thúc)")
        );
        // A date, as Excel counts days: from 30 December 1899.
        let days = written
            .since(jiff::civil::date(1899, 12, 30))
            .unwrap()
            .get_days();
        match line(&lines, "Ngày lập báo cáo") {
            Data::DateTime(date) => assert_eq!(date.as_f64(), f64::from(days)),
            other => panic!("not a date: {other:?}"),
        }
    }

    #[test]
    fn one_row_per_unit_each_with_its_tier_and_numbers_as_numbers() {
        let report = report(false);
        let units = sheet(&report, "Thống kê hồ sơ");
        let json: Value = serde_json::to_value(&report).unwrap();
        let json_units = json["units"].as_array().unwrap();
        // The header and the units: no tier or total row among them.
        assert_eq!(units.height(), 1 + report.units.len());
        let (tier, on_time) = (column(&units, "Cấp"), column(&units, "Tỷ lệ đúng hạn"));
        let rows = units.rows().skip(1).zip(&report.units).zip(json_units);
        for (n, ((row, unit), json)) in (1..).zip(rows) {
            assert_eq!(row[0], Data::Float(f64::from(n)), "STT is a number");
            assert_eq!(row[1], text(json["code"].as_str().unwrap()));
            assert_eq!(row[tier], text(unit.tier.label_vi()));
            assert_eq!(
                row[column(&units, "Tổng nhận giải quyết")],
                Data::Float(json["stats"]["to_settle"].as_u64().unwrap() as f64),
                "counts are numbers, not text"
            );
            // 80,00% is stored as 0,8; no rate is an empty cell, never 0.
            assert_eq!(row[on_time], fraction(unit.figures.rates.on_time));
        }
        let row_of = |code: &str| {
            let row = units.rows().find(|row| row[1] == text(code));
            row.unwrap_or_else(|| panic!("no row for {code}"))
        };
        assert_eq!(row_of("X.01")[on_time], Data::Float(0.8));
        assert_eq!(row_of("X.102")[on_time], Data::Empty);
    }

    #[test]
    fn a_column_summed_over_the_units_is_the_provinces_figure() {
        let report = report(false);
        let units = sheet(&report, "Thống kê hồ sơ");
        let whole = &report.province.figures.stats;
        for (title, figure) in [
            ("Tiếp nhận mới", whole.new),
            ("Tổng nhận giải quyết", whole.to_settle),
            ("Đã giải quyết", whole.settled),
            ("Đang quá hạn", whole.past_due),
            ("Đến hạn", whole.due_in_period),
        ] {
            let col = column(&units, title);
            let sum: f64 = (units.rows().skip(1))
                .map(|row| row[col].as_f64().unwrap())
                .sum();
            assert_eq!(sum, figure as f64, "{title}");
        }
    }

    #[test]
    fn the_tiers_and_the_whole_on_a_sheet_of_their_own() {
        let report = report(false);
        let totals = sheet(&report, "Tổng hợp theo cấp");
        assert_eq!(totals.height(), 1 + report.levels.len() + 1);
        let (tier, to_settle, on_time) = (
            column(&totals, "Cấp"),
            column(&totals, "Tổng nhận giải quyết"),
            column(&totals, "Tỷ lệ đúng hạn"),
        );
        let rows: Vec<&[Data]> = totals.rows().skip(1).collect();
        for (row, level) in rows.iter().zip(&report.levels) {
            assert_eq!(row[tier], text(level.label));
            assert_eq!(row[0], Data::Empty, "a total has no STT");
        }
        let last = rows.last().unwrap();
        assert_eq!(last[tier], text("Toàn tỉnh"));
        assert_eq!(
            last[to_settle],
            Data::Float(report.province.figures.stats.to_settle as f64)
        );
        // 83,33% (5 of 6 settled in time) as the fraction 0,8333.
        assert_eq!(last[on_time], Data::Float(0.8333));
    }

    #[test]
    fn ranks_are_numbers_beside_how_many_were_ranked() {
        let report = report(false);
        let rankings = sheet(&report, "Xếp hạng");
        let (rank, of) = (column(&rankings, "Hạng"), column(&rankings, "Trong số"));
        // The communes: X.102 first of two, X.101 second.
        let communes: Vec<(Data, Data, Data)> = (rankings.rows().skip(1))
            .filter(|row| row[0] == text("Xã, phường"))
            .map(|row| {
                (
                    row[column(&rankings, "Mã")].clone(),
                    row[rank].clone(),
                    row[of].clone(),
                )
            })
            .collect();
        assert_eq!(
            communes,
            [
                (text("X.102"), Data::Float(1.0), Data::Float(2.0)),
                (text("X.101"), Data::Float(2.0), Data::Float(2.0)),
            ]
        );
        let trend = sheet(&report, "Diễn biến");
        let may = trend.rows().nth(2).unwrap();
        assert_eq!(may[0], text("tháng 5/2026"));
        assert_eq!(
            (
                &may[column(&trend, "Hạng")],
                &may[column(&trend, "Trong số")]
            ),
            (&Data::Float(2.0), &Data::Float(3.0))
        );
        let leadership = sheet(&report, "Bảng tổng hợp");
        let x = leadership.rows().nth(2).unwrap();
        assert_eq!(x[column(&leadership, "Mã")], text("X"));
        assert_eq!(x[column(&leadership, "Hạng")], Data::Float(2.0));
        assert_eq!(x[column(&leadership, "Trong số")], Data::Float(3.0));
    }

    #[test]
    fn groups_are_named_beside_their_codes() {
        let report = report(false);
        let leadership = sheet(&report, "Bảng tổng hợp");
        let col = column(&leadership, "Công khai, minh bạch (CKMB)");
        assert_eq!(leadership.rows().nth(2).unwrap()[col], Data::Float(15.0));
        let groups = sheet(&report, "Điểm 6 nhóm");
        let first = groups.rows().nth(1).unwrap();
        assert_eq!(
            first[..4],
            [
                Data::Float(1.0),
                text("CKMB"),
                text("Công khai, minh bạch"),
                Data::Float(15.0)
            ]
        );
        // X is a province: its peers are the country's provinces.
        column(&groups, "Trung bình cả nước");
        let criteria = sheet(&report, "Số liệu thành phần");
        assert_eq!(
            criteria.height(),
            1,
            "a group-level edition has no criteria: the header alone"
        );
        assert_eq!(
            criteria.rows().next().unwrap()[..3],
            [text("Số hiệu"), text("Mã"), text("Tiêu chí")]
        );
    }

    /// A part of the workbook's zip, as text.
    fn part(bytes: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut text = String::new();
        zip.by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    #[test]
    fn the_unit_sheet_filters_freezes_at_the_name_and_prints_landscape() {
        let report = report(false);
        let bytes = bytes(&report);
        // Sheet 2 is “Thống kê hồ sơ”: 26 columns (A to Z), the header and the units.
        let units = part(&bytes, "xl/worksheets/sheet2.xml");
        let filter = format!(r#"<autoFilter ref="A1:Z{}"/>"#, 1 + report.units.len());
        assert!(units.contains(&filter), "{units}");
        // Row 1 and the columns up to the unit's name (STT, Mã, Đơn vị) stay in view.
        assert!(
            units.contains(r#"<pane xSplit="3" ySplit="1" topLeftCell="D2" activePane="bottomRight" state="frozen"/>"#),
            "{units}"
        );
        assert!(units.contains(r#"<pageSetUpPr fitToPage="1"/>"#), "{units}");
        let page = units.split("<pageSetup ").nth(1).unwrap();
        let page = page.split("/>").next().unwrap();
        // A4, landscape, one page wide and as many pages down as it takes.
        for setting in [
            r#"paperSize="9""#,
            r#"orientation="landscape""#,
            r#"fitToHeight="0""#,
        ] {
            assert!(page.contains(setting), "{setting} in {page}");
        }
        // The header row is printed on every page.
        let workbook = part(&bytes, "xl/workbook.xml");
        assert!(
            workbook.contains("_xlnm.Print_Titles\" localSheetId=\"1\">'Thống kê hồ sơ'!$1:$1<"),
            "{workbook}"
        );
        // Rates under a percent format, not "%" glued to points.
        let styles = part(&bytes, "xl/styles.xml");
        assert!(styles.contains(r#"formatCode="0.00%""#), "{styles}");
        assert!(!styles.contains("&quot;%&quot;"), "{styles}");
        // The information sheet is a list to read, not a table to filter.
        let information = part(&bytes, "xl/worksheets/sheet1.xml");
        assert!(!information.contains("<autoFilter"), "{information}");
    }
}

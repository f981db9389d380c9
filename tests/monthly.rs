//! The monthly one-stop report (SPEC §8) and the index report, built from hand-made records and
//! scorecards whose figures are worked out by hand, and each rendering of the one report value.

use chiso766::calendar::{Calendar, Moment};
use chiso766::count::{CountOptions, Counting};
use chiso766::record::{Channel, Dossier};
use chiso766::report::{self, IndexReport, MonthlyOptions, MonthlyReport};
use chiso766::stats::{Statistics, Tier};
use chiso766::{Level, Unit, UnitTree};
use serde_json::Value;

use crate::common::{dec, score_json};
use crate::counting::catalogue;
use crate::stats::may_dossiers;

fn tree() -> UnitTree {
    let unit = |code: &str, name: &str, level, parent: Option<&str>| Unit {
        code: code.into(),
        name: name.into(),
        level,
        parent: parent.map(Into::into),
    };
    UnitTree::new([
        unit("X", "UBND tỉnh X", Level::Province, None),
        unit("X.01", "Sở Tư pháp", Level::Department, Some("X")),
        unit("X.101", "UBND xã An Bình", Level::Commune, Some("X")),
        // A name Excel would run as a formula, and one HTML would read as markup.
        unit("X.102", "=1+1 <b>xã Hòa</b>", Level::Commune, Some("X")),
    ])
    .unwrap()
}

fn statistics() -> Statistics {
    let mut procedures = catalogue();
    procedures[0].field = Some("Đất đai".into());
    let periods = vec!["2026-05".parse().unwrap(), "2026-04".parse().unwrap()];
    let counting = Counting::new(
        tree(),
        procedures,
        Calendar::vietnam().unwrap(),
        periods,
        CountOptions::default(),
    )
    .unwrap()
    .with_statistics();
    let mut dossiers = may_dossiers();
    // A commune's online dossier, digitized, settled two working days early.
    dossiers.push(Dossier {
        received_at: Some(Moment::parse("2026-05-11 08:00").unwrap()),
        due_at: Some(Moment::parse("2026-05-14 17:00").unwrap()),
        finished_at: Some(Moment::parse("2026-05-12 10:00").unwrap()),
        channel: Channel::Online,
        component_files: true,
        result_file: true,
        ..Dossier::new("Z", "X.101", "C.PART")
    });
    let tally = counting.count_dossiers(&dossiers).unwrap();
    Statistics::of(&counting, &tally).unwrap()
}

/// Scores of May and April 2026 at group level: provinces X, Y, Z, and X's units.
fn scorecards() -> (chiso766::Scorecard, chiso766::Scorecard) {
    let card = |period: &str, rows: &[(&str, &str, Option<&str>, [u32; 6])]| {
        let units: Vec<String> = rows
            .iter()
            .map(|(code, level, parent, g)| {
                let parent = parent.map_or("null".to_owned(), |p| format!("\"{p}\""));
                format!(
                    r#"{{"code": "{code}", "name": "Đơn vị {code}", "level": "{level}", "parent": {parent},
                        "groups": {{"CKMB": "{}", "TDGQ": "{}", "DVCTT": "{}", "TTTT": "{}", "MDHL": "{}", "MDSH": "{}"}}}}"#,
                    g[0], g[1], g[2], g[3], g[4], g[5]
                )
            })
            .collect();
        score_json(&format!(
            r#"{{"methodology": "qd766-groups", "period": "{period}", "units": [{}]}}"#,
            units.join(",")
        ))
    };
    let may = card(
        "2026-05",
        &[
            ("X", "province", None, [15, 18, 10, 8, 16, 12]),
            ("Y", "province", None, [14, 17, 9, 7, 15, 11]),
            ("Z", "province", None, [16, 19, 11, 9, 17, 14]),
            ("X.01", "department", Some("X"), [13, 17, 9, 7, 15, 10]),
            ("X.101", "commune", Some("X"), [12, 16, 8, 6, 14, 9]),
            ("X.102", "commune", Some("X"), [14, 18, 10, 8, 16, 12]),
        ],
    );
    let april = card(
        "2026-04",
        &[
            ("X", "province", None, [15, 17, 10, 8, 16, 12]),
            ("Y", "province", None, [16, 18, 11, 8, 15, 12]),
            ("Z", "province", None, [16, 19, 11, 9, 17, 13]),
            ("X.01", "department", Some("X"), [13, 17, 9, 7, 14, 10]),
            ("X.101", "commune", Some("X"), [12, 16, 8, 6, 14, 10]),
            ("X.102", "commune", Some("X"), [14, 18, 10, 8, 15, 12]),
        ],
    );
    (may, april)
}

fn report(provisional: bool) -> MonthlyReport {
    let stats = statistics();
    let options = MonthlyOptions {
        scope: Some("X".into()),
        provisional,
        min_volume: 5,
        ..MonthlyOptions::default()
    };
    let (may, april) = scorecards();
    let index = IndexReport::build(&may, "X", Some(&april), &[&april], provisional).unwrap();
    MonthlyReport::build(
        &stats,
        &"2026-05".parse().unwrap(),
        Some(&"2026-04".parse().unwrap()),
        (None, None),
        &options,
    )
    .unwrap()
    .with_index(index)
}

#[test]
fn the_province_its_tiers_and_its_units() {
    let report = report(false);
    let whole = &report.province.figures.stats;
    // X.01's ten dossiers in play (see the statistics tests) and the commune's one.
    assert_eq!(
        (whole.to_settle, whole.new, whole.carried_over),
        (11, 10, 1)
    );
    assert_eq!((whole.settled, whole.early), (6, 3));
    assert_eq!(report.province.figures.rates.on_time, Some(dec("83.33"))); // 5 / 6
    let tiers: Vec<(Tier, u64)> = (report.levels.iter())
        .map(|l| (l.tier, l.figures.stats.to_settle))
        .collect();
    assert_eq!(tiers, [(Tier::Province, 10), (Tier::Commune, 1)]);
    let codes: Vec<&str> = report.units.iter().map(|u| u.code.as_str()).collect();
    assert_eq!(codes, ["X", "X.01", "X.101", "X.102"]);
    // April: I settled early and A in process at X.01; online 0 of 2 then, 2 of 10 now (B, Z).
    let changes = report.province.figures.changes.unwrap();
    assert_eq!(
        report.province.figures.previous.unwrap().online,
        Some(dec("0.00"))
    );
    assert_eq!(changes.online, Some(dec("20.00")));
    assert_eq!(changes.on_time, Some(dec("-16.67")));
}

#[test]
fn what_the_report_names() {
    let h = report(false).highlights;
    let late: Vec<(&str, u64, u64)> = (h.late_holders.iter())
        .map(|l| (l.unit.code.as_str(), l.late, l.past_due))
        .collect();
    assert_eq!(late, [("X.01", 1, 1)]);
    let names = |units: &[report::Named]| units.iter().map(|u| u.code.clone()).collect::<Vec<_>>();
    assert_eq!(names(&h.all_on_time), ["X.101"]);
    assert_eq!(names(&h.all_digitized), ["X.101"]);
    // X.102 received nothing; the province itself has units below it, so it is not named.
    assert_eq!(names(&h.no_dossiers), ["X.102"]);
    assert_eq!(h.low_volume.len(), 1);
    assert_eq!(
        (h.low_volume[0].unit.code.as_str(), h.low_volume[0].count),
        ("X.101", 1)
    );
    let commune = h.leaders.iter().find(|l| l.tier == Tier::Commune).unwrap();
    assert!(
        commune.leader.is_none(),
        "X.101 holds fewer than the minimum volume"
    );
    assert_eq!(commune.largest.as_ref().unwrap().unit.code, "X.101");
    assert_eq!(h.late_fields.len(), 1);
    assert_eq!(
        (h.late_fields[0].field.as_str(), h.late_fields[0].late),
        ("Đất đai", 2)
    );
}

#[test]
fn the_index_report_against_the_peers() {
    let index = report(false).index.unwrap();
    assert_eq!(index.total, Some(dec("79")));
    assert_eq!((index.rank, index.of), (Some(2), 3));
    assert_eq!(index.peer_average, Some(dec("79.33"))); // (79 + 73 + 86) / 3
    assert_eq!(index.points_change, Some(dec("1")));
    assert_eq!(index.rank_change, Some(1)); // third in April, second in May
    assert_eq!(index.groups[0].peer_average, Some(dec("15.00")));
    let communes = index
        .rankings
        .iter()
        .find(|r| r.level == Level::Commune)
        .unwrap();
    let order: Vec<(&str, Option<u32>)> = (communes.entries.iter())
        .map(|e| (e.code.as_str(), e.rank))
        .collect();
    assert_eq!(order, [("X.102", Some(1)), ("X.101", Some(2))]);
    assert_eq!(communes.entries[1].points_change, Some(dec("-1")));
    assert_eq!(communes.entries[1].rank_change, Some(0));
    let leaders: Vec<&str> = index.leadership.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(leaders, ["Z", "X", "Y"]);
    let trend: Vec<Option<String>> = (index.trend.iter())
        .map(|t| t.period.map(|p| p.to_string()))
        .collect();
    assert_eq!(
        trend,
        [Some("2026-04".to_owned()), Some("2026-05".to_owned())]
    );
}

#[test]
fn json_is_the_value_itself() {
    let json: Value = serde_json::to_value(report(false)).unwrap();
    assert_eq!(json["period"], "2026-05");
    let unit = &json["units"][1];
    assert_eq!(
        (unit["code"].as_str(), unit["level"].as_str()),
        (Some("X.01"), Some("department"))
    );
    for key in [
        "new",
        "new_online",
        "new_in_person",
        "carried_over",
        "to_settle",
        "settled",
        "early",
        "on_time",
        "late",
        "returned",
        "in_process",
        "waiting_supplement",
        "within_time",
        "past_due",
        "due_in_period",
        "due_returned_on_time",
    ] {
        assert!(unit["stats"][key].is_u64(), "stats.{key} is a count");
    }
    assert_eq!(unit["stats"]["to_settle"], 10);
    assert_eq!(unit["rates"]["on_time"], "80.00");
    // X.102 received nothing: no rate, not 0%.
    assert!(json["units"][3]["rates"]["online"].is_null());
    assert_eq!(json["levels"][0]["tier"], "province");
    assert_eq!(json["province"]["code"], "X");
    assert_eq!(json["index"]["peer_average"], "79.33");
}

#[test]
fn text_snapshot() {
    insta::assert_snapshot!(report::text::monthly(&report(true)));
}

#[test]
fn markdown_snapshot() {
    insta::assert_snapshot!(report::markdown::monthly(&report(false)));
}

#[test]
fn csv_for_excel_in_the_vietnamese_locale() {
    let mut bytes = Vec::new();
    report::csv::appendix(&report(false), &mut bytes).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.starts_with('\u{feff}'), "a byte-order mark for Excel");
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert!(
        lines[0].starts_with("STT;Mã;Đơn vị;Tiếp nhận mới"),
        "{}",
        lines[0]
    );
    // X.01: on-time rate 80,00 with a decimal comma; counts without a thousands separator.
    assert!(
        lines[2].starts_with("2;X.01;Sở Tư pháp;9;1;8;1;10;5;2;2;1;1;4;2;1;1;6;4;80,00;"),
        "{}",
        lines[2]
    );
    // A name Excel would run as a formula is guarded; a missing rate is an empty field.
    assert!(lines[4].contains(";'=1+1 <b>xã Hòa</b>;0;"), "{}", lines[4]);
    assert!(lines[4].ends_with(";;;;"), "{}", lines[4]);
}

#[test]
fn html_is_self_contained_and_escaped() {
    let html = report::html::monthly(&report(true));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script"), "readable without JavaScript");
    let without_svg_namespace = html.replace("http://www.w3.org/2000/svg", "");
    assert!(
        !without_svg_namespace.contains("http:") && !without_svg_namespace.contains("https:"),
        "nothing fetched"
    );
    assert!(html.contains("@page { size: A4;"));
    assert!(html.contains("=1+1 &lt;b&gt;xã Hòa&lt;/b&gt;"));
    assert!(!html.contains("<b>xã Hòa"));
    // Charts: the tiers' dossiers, the groups, the trend, the two rankings.
    assert_eq!(html.matches("<svg").count(), 5);
    assert!(html.contains("Số liệu tạm tính"));
}

#[cfg(feature = "xlsx")]
#[test]
fn the_workbook_read_back_equals_the_json() {
    use calamine::{Data, Reader, Xlsx};

    let report = report(false);
    let bytes = report::xlsx::workbook(&report).unwrap();
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "Thống kê hồ sơ",
            "Điểm 6 nhóm",
            "Số liệu thành phần",
            "Xếp hạng",
            "Diễn biến",
            "Bảng tổng hợp"
        ]
    );
    let sheet = book.worksheet_range("Thống kê hồ sơ").unwrap();
    let json: Value = serde_json::to_value(&report).unwrap();
    for (row, unit) in sheet.rows().skip(1).zip(json["units"].as_array().unwrap()) {
        assert_eq!(
            row[1],
            Data::String(unit["code"].as_str().unwrap().to_owned())
        );
        // Counts are numbers, not text.
        assert_eq!(
            row[3],
            Data::Float(unit["stats"]["new"].as_u64().unwrap() as f64)
        );
        assert_eq!(
            row[7],
            Data::Float(unit["stats"]["to_settle"].as_u64().unwrap() as f64)
        );
        match unit["rates"]["on_time"].as_str() {
            Some(rate) => assert_eq!(row[19], Data::Float(rate.parse().unwrap())),
            // No rate: an empty cell, never 0.
            None => assert_eq!(row[19], Data::Empty),
        }
    }
    let groups = book.worksheet_range("Điểm 6 nhóm").unwrap();
    assert_eq!(groups.get((1, 2)), Some(&Data::Float(15.0)));
    let criteria = book.worksheet_range("Số liệu thành phần").unwrap();
    assert_eq!(
        criteria.height(),
        1,
        "a group-level edition has no criteria: the header alone"
    );
}

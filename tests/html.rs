//! The HTML report as the document an official signs (SPEC §11): the header's parts in the
//! decree's order, dotted lines for what the office has not given, the body on portrait A4 and
//! the appendix on landscape A4 pages, page numbers from page 2, and charts that stay readable:
//! a trend on an axis from 0, shares on the status bars, a ranking of 100 communes drawn as its
//! top and bottom ten. Built from a province of one department and 100 communes.

use chiso766::calendar::Calendar;
use chiso766::count::{CountOptions, Counting};
use chiso766::report::{self, Document, IndexReport, MonthlyOptions, MonthlyReport, BLANK};
use chiso766::stats::Statistics;
use chiso766::{Level, Scorecard, Unit, UnitTree};

use crate::common::score_json;
use crate::counting::catalogue;
use crate::stats::may_dossiers;

/// How many communes the province has.
const COMMUNES: usize = 100;

fn unit(code: &str, name: &str, level: Level, parent: Option<&str>) -> Unit {
    Unit {
        code: code.into(),
        name: name.into(),
        level,
        parent: parent.map(Into::into),
    }
}

/// Province X: its department X.01 (whose May dossiers are worked out in the statistics tests)
/// and communes X.101 to X.200.
fn tree() -> UnitTree {
    let mut units = vec![
        unit("X", "UBND tỉnh X", Level::Province, None),
        unit("X.01", "Sở Tư pháp", Level::Department, Some("X")),
    ];
    units.extend((1..=COMMUNES).map(|n| {
        let code = format!("X.{}", 100 + n);
        unit(&code, &format!("UBND xã Số {n}"), Level::Commune, Some("X"))
    }));
    UnitTree::new(units).unwrap()
}

fn statistics() -> Statistics {
    let periods = vec!["2026-05".parse().unwrap(), "2026-04".parse().unwrap()];
    let counting = Counting::new(
        tree(),
        catalogue(),
        Calendar::vietnam().unwrap(),
        periods,
        CountOptions::default(),
    )
    .unwrap()
    .with_statistics();
    let tally = counting.count_dossiers(&may_dossiers()).unwrap();
    Statistics::of(&counting, &tally).unwrap()
}

/// A scorecard at group level: provinces X, Y, Z, X's department and its communes, whose points
/// differ by commune and by `shift` (the month).
fn scorecard(period: &str, shift: u32) -> Scorecard {
    let row = |code: &str, level: &str, parent: Option<&str>, g: [u32; 6]| {
        let parent = parent.map_or("null".to_owned(), |p| format!("\"{p}\""));
        format!(
            r#"{{"code": "{code}", "name": "Đơn vị {code}", "level": "{level}", "parent": {parent},
                "groups": {{"CKMB": "{}", "TDGQ": "{}", "DVCTT": "{}", "TTTT": "{}", "MDHL": "{}", "MDSH": "{}"}}}}"#,
            g[0], g[1], g[2], g[3], g[4], g[5]
        )
    };
    let mut rows = vec![
        row("X", "province", None, [15, 18 - shift, 10, 8, 16, 12]),
        row("Y", "province", None, [14, 17, 9, 7, 15, 11]),
        row("Z", "province", None, [16, 19, 11, 9, 17, 14]),
        row("X.01", "department", Some("X"), [13, 17, 9, 7, 15, 10]),
    ];
    rows.extend((1..=COMMUNES as u32).map(|n| {
        let code = format!("X.{}", 100 + n);
        let g = [
            8 + n % 9,
            10 + (n + shift) % 9,
            5 + n % 6,
            4 + n % 5,
            9 + n % 8,
            6 + n % 12,
        ];
        row(&code, "commune", Some("X"), g)
    }));
    score_json(&format!(
        r#"{{"methodology": "qd766-groups", "period": "{period}", "units": [{}]}}"#,
        rows.join(",")
    ))
}

/// The report of province X for May 2026, with its index over three months.
fn report(document: Document) -> MonthlyReport {
    let options = MonthlyOptions {
        scope: Some("X".into()),
        min_volume: 5,
        ..MonthlyOptions::default()
    };
    let (march, april, may) = (
        scorecard("2026-03", 0),
        scorecard("2026-04", 2),
        scorecard("2026-05", 1),
    );
    let index = IndexReport::build(&may, "X", Some(&april), &[&march, &april], false).unwrap();
    MonthlyReport::build(
        &statistics(),
        &"2026-05".parse().unwrap(),
        Some(&"2026-04".parse().unwrap()),
        (None, None),
        &options,
    )
    .unwrap()
    .with_index(index)
    .with_document(document)
}

/// The parts of Phú Thọ's office, as its profile gives them.
fn phu_tho() -> Document {
    Document {
        issuer_parent: Some("Uỷ ban nhân dân tỉnh Phú Thọ".into()),
        issuer: Some("Văn phòng".into()),
        symbol: Some("BC-VP".into()),
        place: Some("Phú Thọ".into()),
        written_on: Some("2026-06-02".parse().unwrap()),
        signer_title: vec!["KT. Chánh văn phòng".into(), "Phó Chánh văn phòng".into()],
        signer_name: Some("Nguyễn Văn An".into()),
        recipients: vec!["Văn phòng Chính phủ (Cục KSTTHC)".into(), "Lưu: VT".into()],
    }
}

/// The figure whose drawing is labelled `label`, from its `<svg` to its `</figure>`.
fn figure<'a>(html: &'a str, label: &str) -> &'a str {
    let at = html
        .find(&format!("aria-label=\"{label}\""))
        .unwrap_or_else(|| panic!("no figure {label}"));
    let end = at + html[at..].find("</figure>").unwrap();
    &html[at..end]
}

/// The numbers of every `name="…"` attribute in `text`, in order.
fn attributes(text: &str, name: &str) -> Vec<f64> {
    let key = format!(" {name}=\"");
    text.match_indices(&key)
        .map(|(at, _)| {
            let rest = &text[at + key.len()..];
            rest[..rest.find('"').unwrap()].parse().unwrap()
        })
        .collect()
}

#[test]
fn the_header_parts_come_in_the_decrees_order() {
    let document = phu_tho();
    let html = report::html::monthly(&report(document.clone()));
    let mut parts = vec![
        // A long parent body breaks before its place, as offices set it.
        "<p class=\"parent\">UỶ BAN NHÂN DÂN<br>TỈNH PHÚ THỌ</p>".to_owned(),
        document.issuer_line(),
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".to_owned(),
        "Độc lập - Tự do - Hạnh phúc".to_owned(),
        document.number_line(),
        document.date_line(),
        "<p class=\"kind\">BÁO CÁO</p>".to_owned(),
        "<h1>Kết quả tiếp nhận, giải quyết thủ tục hành chính".to_owned(),
        "<main class=\"body\">".to_owned(),
        "Nơi nhận:".to_owned(),
    ];
    parts.extend(document.recipient_lines());
    parts.extend(document.signer_lines());
    parts.extend([
        "<div class=\"room\"></div>".to_owned(),
        document.signer_name_line(),
        "<h2>Phụ lục</h2>".to_owned(),
        document.appendix_reference(),
    ]);
    assert_eq!(
        document.signer_lines(),
        ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"]
    );
    let mut last = 0;
    for part in &parts {
        let at = html[last..]
            .find(part.as_str())
            .unwrap_or_else(|| panic!("{part} is missing or out of order"));
        last += at + part.len();
    }
    // The parent body in capitals, the office in bold capitals; the date line in italics.
    assert!(html.contains("<p class=\"office\">VĂN PHÒNG</p>"));
    assert!(html.contains("<p class=\"date\">Phú Thọ, ngày …… tháng …… năm 2026</p>"));
    // “BÁO CÁO” is said once above the subject, not again at its start.
    assert!(!html.contains("<h1>Báo cáo"));
}

#[test]
fn blank_parts_are_dotted_lines_to_fill_in() {
    let blank = Document::default();
    let html = report::html::monthly(&report(blank.clone()));
    for line in [
        format!(
            "<p class=\"parent\">{}</p>",
            blank.parent_lines().join("<br>")
        ),
        format!("<p class=\"office\">{}</p>", blank.issuer_line()),
        format!("<p class=\"number\">{}</p>", blank.number_line()),
        format!("<p class=\"date\">{}</p>", blank.date_line()),
        format!("<p>{}</p>", blank.recipient_lines()[0]),
        format!("<div class=\"signer\">\n<p>{}</p>", blank.signer_lines()[0]),
        format!(
            "<div class=\"room\"></div>\n<p>{}</p>",
            blank.signer_name_line()
        ),
    ] {
        assert!(line.contains(BLANK), "{line} has no dotted line");
        assert!(html.contains(&line), "{line}");
    }
}

#[test]
fn the_body_is_portrait_a4_and_the_appendix_landscape() {
    let html = report::html::monthly(&report(phu_tho()));
    // The decree's margins: top 20, right 15, bottom 20, left 30 mm; 13 pt, justified, indented.
    assert!(html.contains("@page { size: A4; margin: 20mm 15mm 20mm 30mm;"));
    assert!(html.contains("font-size: 13pt;"));
    assert!(html.contains(".body p, .body li { text-align: justify; text-indent: 1cm;"));
    // Page numbers centred at the top, not on the first page.
    assert!(html.contains("@top-center { content: counter(page);"));
    assert!(html.contains("@page :first { @top-center { content: none; } }"));
    // The appendix on a named landscape page, after the signature, its header repeated on each
    // page and no row split between two.
    assert!(html.contains("@page appendix { size: A4 landscape;"));
    assert!(html.contains(".appendix { page: appendix;"));
    assert!(html.contains("thead { display: table-header-group; }"));
    assert!(html.contains("tr { break-inside: avoid;"));
    let footer = html.find("</footer>").unwrap();
    let appendix = html.find("<section class=\"appendix\">").unwrap();
    assert!(footer < appendix);
    assert_eq!(
        html.matches("<table>").count(),
        html[appendix..].matches("<table>").count()
    );
}

#[test]
fn every_appendix_column_has_its_width_and_names_the_widest() {
    let html = report::html::monthly(&report(phu_tho()));
    let appendix = &html[html.find("<section class=\"appendix\">").unwrap()..];
    for table in appendix.split("<table>").skip(1) {
        let table = &table[..table.find("</table>").unwrap()];
        let head = &table[table.find("<thead>").unwrap()..table.find("</thead>").unwrap()];
        assert_eq!(table.matches("<col ").count(), head.matches("<th>").count());
    }
    // The units' table: fixed widths summing to the whole, the unit's name the widest column so
    // that it wraps to two lines at most.
    let units = appendix.split("<table>").nth(1).unwrap();
    let widths: Vec<f64> = units[..units.find("</colgroup>").unwrap()]
        .split("width: ")
        .skip(1)
        .map(|w| w[..w.find('%').unwrap()].parse().unwrap())
        .collect();
    assert!(
        (widths.iter().sum::<f64>() - 100.0).abs() < 0.1,
        "{widths:?}"
    );
    let headers: Vec<&str> = units
        .split("<th>")
        .skip(1)
        .map(|h| &h[..h.find("</th>").unwrap()])
        .collect();
    let name = headers.iter().position(|h| *h == "Đơn vị").unwrap();
    let widest = widths.iter().cloned().fold(0.0, f64::max);
    assert_eq!(widths[name], widest, "{headers:?} {widths:?}");
}

#[test]
fn charts_do_not_split_across_pages() {
    let html = report::html::monthly(&report(phu_tho()));
    assert!(html.contains("figure { margin: 4mm 0 6mm; break-inside: avoid;"));
    assert!(html.contains(
        "figure svg { display: block; width: 100%; height: auto; break-inside: avoid; }"
    ));
    // The status bars, the groups, the trend, the department's and the communes' rankings: each
    // once, in the body, before the signature.
    let footer = html.find("<footer").unwrap();
    assert_eq!(html.matches("<figure>").count(), 5);
    assert_eq!(html[..footer].matches("<figure>").count(), 5);
    assert!(!html.contains("<script"), "readable without JavaScript");
    let without_svg_namespace = html.replace("http://www.w3.org/2000/svg", "");
    assert!(!without_svg_namespace.contains("http"), "nothing fetched");
}

#[test]
fn the_trend_stands_on_an_axis_from_zero() {
    let report = report(phu_tho());
    let html = report::html::monthly(&report);
    let trend = figure(&html, "Diễn biến tổng điểm");
    // Tick labels: “0” at the bottom, the maximum (100) at the top, steps between.
    let ticks: Vec<(&str, f64)> = trend
        .split("<text ")
        .filter(|t| t.contains("text-anchor=\"end\">") && !t.contains("class=\"halo\""))
        .map(|t| {
            let label = &t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()];
            (label, attributes(&format!(" {t}"), "y")[0])
        })
        .collect();
    let labels: Vec<&str> = ticks.iter().map(|(l, _)| *l).collect();
    assert_eq!(labels, ["0", "20", "40", "60", "80", "100"]);
    let zero = ticks[0].1;
    assert!(ticks.iter().all(|(_, y)| *y <= zero));
    assert!(trend.contains(">Điểm</text>"), "the axis is titled");
    assert!(html.contains("trục dọc từ 0 đến 100 điểm"));
    // Every point above the zero line, each labelled once with its total.
    let points = attributes(trend, "cy");
    let index = report.index.as_ref().unwrap();
    assert_eq!(
        points.len(),
        index.trend.iter().filter(|t| t.total.is_some()).count()
    );
    assert!(points.iter().all(|y| *y < zero));
    assert_eq!(trend.matches("class=\"halo\"").count(), points.len());
    for total in index.trend.iter().filter_map(|t| t.total) {
        assert!(trend.contains(&format!(">{}</text>", report::format_points(total, 2))));
    }
}

#[test]
fn the_status_bars_show_each_share_and_the_province_whole() {
    let report = report(phu_tho());
    let html = report::html::monthly(&report);
    let standing = figure(&html, "Tình trạng hồ sơ theo cấp");
    assert!(standing.contains(">Toàn tỉnh</text>"));
    assert!(!standing.contains("Toàn bộ"));
    // X.01's dossiers are the province's: 4 of its 10 to settle settled in time, 1 late.
    assert!(standing.contains(">40,00%</text>"), "{standing}");
    assert!(standing.contains(">10,00%</text>"), "{standing}");
    for part in [
        "Giải quyết trước và đúng hạn",
        "Giải quyết quá hạn",
        "Trả lại, rút",
        "Đang giải quyết trong hạn",
        "Đang giải quyết quá hạn",
        "Chờ bổ sung",
    ] {
        assert!(
            standing.contains(&format!(">{part}</text>")),
            "legend: {part}"
        );
    }
}

#[test]
fn a_ranking_of_100_communes_draws_its_top_and_bottom_ten() {
    let report = report(phu_tho());
    let html = report::html::monthly(&report);
    let index = report.index.as_ref().unwrap();
    let communes = (index.rankings.iter())
        .find(|r| r.level == Level::Commune)
        .unwrap();
    assert_eq!(communes.entries.len(), COMMUNES);
    let chart = figure(&html, &format!("Xếp hạng các {}", communes.label));
    assert_eq!(chart.matches("<rect ").count(), 20);
    let drawn =
        |line: &chiso766::report::RankLine| chart.contains(&format!(". {}</text>", line.name));
    assert!(communes.entries[..10].iter().all(drawn));
    assert!(communes.entries[90..].iter().all(drawn));
    assert!(!communes.entries[10..90].iter().any(drawn));
    // The caption says what is left out and where to find it.
    let caption = &chart[chart.find("<figcaption>").unwrap()..];
    assert!(
        caption.contains("10 đơn vị đứng đầu và 10 đơn vị cuối bảng"),
        "{caption}"
    );
    assert!(caption.contains("80 đơn vị ở giữa"), "{caption}");
    assert!(caption.contains("Phụ lục"), "{caption}");
    // The department's short ranking is drawn whole, without a gap.
    let departments = (index.rankings.iter())
        .find(|r| r.level == Level::Department)
        .unwrap();
    let chart = figure(&html, &format!("Xếp hạng các {}", departments.label));
    assert_eq!(chart.matches("<rect ").count(), departments.entries.len());
    assert!(!chart.contains("ở giữa"));
}

// Issue 22: no name forges a line, turns itself around or hides in any format, and one name of
// 100,000 characters widens no table and stops no workbook: tables and charts cut it, the prose
// says it once.
#[test]
fn names_forge_nothing_in_any_format() {
    let mut report = report(phu_tho());
    let forged = "Tỉnh X\n\nFORGED HEADING\n===\u{1b}[31m";
    let province = (report.province.unit.as_mut()).expect("the fixture has a province");
    province.name = forged.into();
    let turned = "Xã\u{202e}gnp.exe z\u{200b}w";
    let entity = "Xã A&rlm;B&ZeroWidthSpace;C";
    let long = "ơ".repeat(100_000);
    if let Some(index) = report.index.as_mut() {
        for ranking in &mut index.rankings {
            if let Some(first) = ranking.entries.first_mut() {
                first.name = turned.into();
            }
            if let Some(last) = ranking.entries.last_mut() {
                last.name = long.clone();
            }
        }
    }
    if let Some(unit) = report.units.first_mut() {
        unit.name = long.clone();
    }
    if let Some(unit) = report.units.get_mut(1) {
        unit.name = entity.into();
    }
    let text = report::text::monthly(&report);
    let markdown = report::markdown::monthly(&report);
    let html = report::html::monthly(&report);
    for (format, out) in [("text", &text), ("markdown", &markdown), ("html", &html)] {
        assert!(!out.contains("\nFORGED HEADING"), "{format}");
        for hidden in ['\u{1b}', '\u{202e}', '\u{200b}'] {
            assert!(!out.contains(hidden), "{format}: {hidden:?}");
        }
        // Tables and charts hold the name cut: the whole of it is said at most in the prose.
        let whole = out.matches(long.as_str()).count();
        assert!(whole <= 2, "{format}: the whole name {whole} times");
        assert!(out.contains(&format!("{}…", "ơ".repeat(119))), "{format}");
    }
    // Rows are no longer padded to the long name's width.
    let wide = text.lines().filter(|l| l.chars().count() > 2_000).count();
    assert!(wide <= 2, "{wide} lines over 2,000 characters");
    assert!(
        html.contains("Xã\\u{202e}gnp.exe z\\u{200b}w"),
        "the chart's label"
    );
    // Markdown would turn an entity into the character it names.
    assert!(
        markdown.contains("Xã A\\&rlm;B\\&ZeroWidthSpace;C"),
        "{markdown}"
    );
    assert!(html.contains("Xã A&amp;rlm;B&amp;ZeroWidthSpace;C"));
    #[cfg(feature = "xlsx")]
    assert!(report::xlsx::workbook(&report).is_ok());
}

// Issue 22 §5: a run over many periods keeps one point of the trend per period, not every unit's
// scores; the index report is the same either way.
#[test]
fn the_index_report_from_trend_points_is_the_one_from_scorecards() {
    use chiso766::report::TrendPoint;
    let (march, april, may) = (
        scorecard("2026-03", 0),
        scorecard("2026-04", 2),
        scorecard("2026-05", 1),
    );
    let whole = IndexReport::build(&may, "X", Some(&april), &[&march, &april], false).unwrap();
    let points = [
        TrendPoint::of(&march, "X").unwrap(),
        TrendPoint::of(&april, "X").unwrap(),
    ];
    drop(march);
    let kept = IndexReport::build_after(&may, "X", Some(&april), &points, false).unwrap();
    assert_eq!(kept, whole);
    assert_eq!(kept.trend.len(), 3);
}

//! The monthly one-stop report (SPEC §8) and the index report, built from hand-made records and
//! scorecards whose figures are worked out by hand, and each rendering of the one report value.

use chiso766::calendar::{Calendar, Moment};
use chiso766::count::{CountOptions, Counting};
use chiso766::record::{Channel, Dossier};
use chiso766::report::{self, format_points, IndexReport, MonthlyOptions, MonthlyReport, BLANK};
use chiso766::stats::{OnTimeDefinition, ProcessingCounts, Statistics, Tier};
use chiso766::{Level, Period, Unit, UnitTree};
use serde_json::Value;

use crate::common::{dec, dvcqg, score_json, unit_json};
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

/// The year to date of May 2026: 1 January to 31 May.
fn year_to_date() -> Period {
    "2026-01-01..2026-05-31".parse().unwrap()
}

/// The months of 2026 up to May, whose sum the year to date is.
const MONTHS: [&str; 5] = ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"];

fn statistics() -> Statistics {
    let mut procedures = catalogue();
    procedures[0].field = Some("Đất đai".into());
    let mut periods: Vec<Period> = vec!["2026-05".parse().unwrap(), "2026-04".parse().unwrap()];
    periods.push(year_to_date());
    periods.extend(MONTHS[..3].iter().map(|m| m.parse::<Period>().unwrap()));
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
    // A February dossier of the department, settled on time: in the year to date only.
    dossiers.push(Dossier {
        received_at: Some(Moment::parse("2026-02-02 08:00").unwrap()),
        due_at: Some(Moment::parse("2026-02-05 17:00").unwrap()),
        finished_at: Some(Moment::parse("2026-02-05 09:00").unwrap()),
        ..Dossier::new("F1", "X.01", "P.FULL")
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

/// May's report of province X against April, with the year to date, under `on_time`.
fn built(provisional: bool, on_time: OnTimeDefinition) -> MonthlyReport {
    let options = MonthlyOptions {
        scope: Some("X".into()),
        provisional,
        min_volume: 5,
        on_time,
        year_to_date: Some(year_to_date()),
    };
    MonthlyReport::build(
        &statistics(),
        &"2026-05".parse().unwrap(),
        Some(&"2026-04".parse().unwrap()),
        (None, None),
        &options,
    )
    .unwrap()
}

pub(crate) fn report(provisional: bool) -> MonthlyReport {
    let (may, april) = scorecards();
    let index = IndexReport::build(&may, "X", Some(&april), &[&april], provisional).unwrap();
    built(provisional, OnTimeDefinition::default()).with_index(index)
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
    assert_eq!(report.province.level, Some(Level::Province));
    assert_eq!(report.scope_label(), "Toàn tỉnh");
    let tiers: Vec<(Tier, u64, usize)> = (report.levels.iter())
        .map(|l| (l.tier, l.figures.stats.to_settle, l.units))
        .collect();
    // The province itself received nothing in any period: not a unit among its department.
    assert_eq!(tiers, [(Tier::Province, 10, 1), (Tier::Commune, 1, 2)]);
    let codes: Vec<&str> = report.units.iter().map(|u| u.code.as_str()).collect();
    assert_eq!(codes, ["X.01", "X.101", "X.102"]);
    // April: I settled early and A in process at X.01; online 0 of 2 then, 2 of 10 now (B, Z).
    let changes = report.province.figures.changes.unwrap();
    assert_eq!(
        report.province.figures.previous.unwrap().online,
        Some(dec("0.00"))
    );
    assert_eq!(changes.online, Some(dec("20.00")));
    assert_eq!(changes.on_time, Some(dec("-16.67")));
}

// A unit with units below it holding dossiers of its own stays a unit of its tier; a commune
// with nothing (X.102) stays too: only a head of others with nothing is left out.
#[test]
fn a_province_with_dossiers_of_its_own_is_one_of_its_units() {
    let mut procedures = catalogue();
    procedures[0].field = Some("Đất đai".into());
    let counting = Counting::new(
        tree(),
        procedures,
        Calendar::vietnam().unwrap(),
        vec!["2026-05".parse().unwrap()],
        CountOptions::default(),
    )
    .unwrap()
    .with_statistics();
    let dossiers = [Dossier {
        received_at: Some(Moment::parse("2026-05-11 08:00").unwrap()),
        ..Dossier::new("P1", "X", "P.FULL")
    }];
    let stats = Statistics::of(&counting, &counting.count_dossiers(&dossiers).unwrap()).unwrap();
    let options = MonthlyOptions {
        scope: Some("X".into()),
        ..MonthlyOptions::default()
    };
    let report = MonthlyReport::build(
        &stats,
        &"2026-05".parse().unwrap(),
        None,
        (None, None),
        &options,
    )
    .unwrap();
    let codes: Vec<&str> = report.units.iter().map(|u| u.code.as_str()).collect();
    assert_eq!(codes, ["X", "X.01", "X.101", "X.102"]);
    assert_eq!(report.levels[0].units, 2);
}

#[test]
fn the_year_to_date_is_the_sum_of_its_months() {
    let stats = statistics();
    let report = report(false);
    let year = report.year_to_date.as_ref().unwrap();
    assert_eq!(year.period, year_to_date());
    assert!(year.figures.changes.is_none());
    // What flows in a period adds up over the months: received, settled and how, returned.
    let flows = |c: &ProcessingCounts| {
        [
            c.new,
            c.new_online,
            c.settled,
            c.early,
            c.on_time,
            c.late,
            c.returned,
            c.digitized_inputs,
            c.digitized_results,
        ]
    };
    let mut sum = [0u64; 9];
    for month in MONTHS {
        let at = (stats.periods().iter())
            .position(|p| *p == month.parse::<Period>().unwrap())
            .unwrap();
        let counts = stats.pooled(at, "X").unwrap();
        for (total, part) in sum.iter_mut().zip(flows(&counts)) {
            *total += part;
        }
    }
    assert_eq!(flows(&year.figures.stats), sum);
    // May's ten new, and F1 in February, A and I in April: 13 new; May's 6 settled, F1, I.
    assert_eq!(
        (year.figures.stats.new, year.figures.stats.settled),
        (13, 8)
    );
    // What stands at the end (in process) is May's: the year ends where May does.
    assert_eq!(
        year.figures.stats.in_process,
        report.province.figures.stats.in_process
    );
    let tiers: Vec<(Tier, u64)> = (year.levels.iter())
        .map(|l| (l.tier, l.figures.stats.new))
        .collect();
    assert_eq!(tiers, [(Tier::Province, 12), (Tier::Commune, 1)]);
    let text = report::text::monthly(&report);
    assert!(
        text.contains(
            "Lũy kế từ đầu năm (từ ngày 1/1/2026 đến ngày 31/5/2026): tổng số hồ sơ nhận giải \
             quyết là 13 hồ sơ (tiếp nhận mới 13 hồ sơ,"
        ),
        "{text}"
    );
    assert!(
        text.contains("Kỳ báo cáo: từ ngày 1/5/2026 đến ngày 31/5/2026."),
        "{text}"
    );
    // A year to date the statistics did not count is an error, not a silent omission.
    let options = MonthlyOptions {
        year_to_date: Some("2026".parse().unwrap()),
        ..MonthlyOptions::default()
    };
    let may: Period = "2026-05".parse().unwrap();
    assert!(MonthlyReport::build(&stats, &may, None, (None, None), &options).is_err());
}

#[test]
fn each_rate_with_its_change_beside_it() {
    let text = report::text::monthly(&report(false));
    assert!(
        text.contains("tỷ lệ hồ sơ nộp trực tuyến là 20,00%, tăng 20,00% so với tháng 4/2026."),
        "{text}"
    );
    assert!(
        text.contains("tỷ lệ hồ sơ trước và đúng hạn là 83,33%, giảm 16,67% so với tháng 4/2026."),
        "{text}"
    );
    // Within a sentence the period is named once.
    assert!(
        text.contains(
            "Tỷ lệ số hóa thành phần hồ sơ đạt 20,00%, tăng 20,00% so với tháng 4/2026; tỷ lệ số \
             hóa kết quả đạt 33,33%, tăng 33,33%."
        ),
        "{text}"
    );
    // Not the eleven changes in one sentence; the late share's rise restates the on-time fall,
    // and the share under partly or fully online procedures restates the online share.
    assert!(!text.contains("So với tháng 4/2026:"), "{text}");
    assert!(!text.contains("quá hạn tăng"), "{text}");
    assert!(!text.contains("một phần và toàn trình"), "{text}");
    // A level's rates too.
    assert!(
        text.contains("tỷ lệ hồ sơ trước và đúng hạn là 80,00%, giảm 20,00% so với tháng 4/2026."),
        "{text}"
    );
}

#[test]
fn the_late_share_due_in_the_period_has_no_change_of_its_own() {
    let report = built(false, OnTimeDefinition::DueInPeriod);
    let rates = &report.province.figures.rates;
    let text = report::text::monthly(&report);
    let late = format!(
        "hồ sơ quá hạn chưa có kết quả là {} hồ sơ (chiếm {}%).",
        report.province.figures.stats.due_late(),
        format_points(rates.late.unwrap(), 2)
    );
    assert!(text.contains(&late), "{late}\n{text}");
    let on_time = format!("(đạt {}%, ", format_points(rates.on_time.unwrap(), 2));
    assert!(text.contains(&on_time), "{on_time}\n{text}");
}

#[test]
fn what_the_report_names() {
    let h = report(false).highlights;
    let late: Vec<(&str, u64, u64)> = (h.late_holders.entries.iter())
        .map(|l| (l.unit.code.as_str(), l.late, l.past_due))
        .collect();
    assert_eq!(late, [("X.01", 1, 1)]);
    assert_eq!(h.past_due_holders.leading().len(), 1);
    let pending: Vec<(&str, u64, u64)> = (h.returned_or_waiting.leading().iter())
        .map(|p| (p.unit.code.as_str(), p.returned, p.waiting_supplement))
        .collect();
    assert_eq!(pending, [("X.01", 1, 1)]);
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
    // A unit alone leads nothing: the department is the province tier's only unit, and of the
    // two communes only X.101 received anything (and fewer than the minimum volume).
    for tier in &h.leaders {
        assert!(tier.on_time.is_empty() && tier.online_payment.is_empty());
        assert!(tier.e_receipts.is_empty() && tier.largest.is_empty());
    }
    assert_eq!(h.late_fields.leading().len(), 1);
    assert_eq!(
        (
            h.late_fields.entries[0].field.as_str(),
            h.late_fields.entries[0].late
        ),
        ("Đất đai", 2)
    );
    // April had no on-time rate falls: May's rates rose but for on time (100% → 83,33%).
    let falls: Vec<(&str, String)> = (h.falls.iter())
        .map(|f| (f.key, f.change.to_string()))
        .collect();
    assert_eq!(falls, [("on_time", "-16.67".to_owned())]);
}

/// A province of four communes: three with three new dossiers each (two late, in two fields
/// each), one with one on time; six fields with one late dossier each.
fn tied_report() -> MonthlyReport {
    tied_report_from(1)
}

/// The tied province, its leaders compared among units with at least `min_volume` to settle.
fn tied_report_from(min_volume: u64) -> MonthlyReport {
    let unit = |code: &str, level, parent: Option<&str>| Unit {
        code: code.into(),
        name: format!("Đơn vị {code}"),
        level,
        parent: parent.map(Into::into),
    };
    let tree = UnitTree::new([
        unit("P", Level::Province, None),
        unit("P.1", Level::Commune, Some("P")),
        unit("P.2", Level::Commune, Some("P")),
        unit("P.3", Level::Commune, Some("P")),
        unit("P.4", Level::Commune, Some("P")),
    ])
    .unwrap();
    let base = catalogue()[2].clone(); // C.PART, a commune procedure
    let procedures: Vec<_> = (1..=6)
        .map(|f| chiso766::record::Procedure {
            code: format!("F{f}"),
            field: Some(format!("Lĩnh vực {f}")),
            ..base.clone()
        })
        .collect();
    let may: Period = "2026-05".parse().unwrap();
    let counting = Counting::new(
        tree,
        procedures,
        Calendar::vietnam().unwrap(),
        vec![may],
        CountOptions::default(),
    )
    .unwrap()
    .with_statistics();
    let at = |text: &str| Some(Moment::parse(text).unwrap());
    let dossier = |id: String, unit: &str, procedure: &str, finished: &str| Dossier {
        received_at: at("2026-05-04 08:00"),
        due_at: at("2026-05-06 17:00"),
        finished_at: at(finished),
        ..Dossier::new(&id, unit, procedure)
    };
    let mut dossiers = Vec::new();
    for (c, unit) in ["P.1", "P.2", "P.3"].into_iter().enumerate() {
        dossiers.push(dossier(format!("{unit}-a"), unit, "F1", "2026-05-05 10:00"));
        for late in 0..2 {
            let field = format!("F{}", 2 * c + late + 1);
            dossiers.push(dossier(
                format!("{unit}-{late}"),
                unit,
                &field,
                "2026-05-08 10:00",
            ));
        }
    }
    dossiers.push(dossier("P.4-a".into(), "P.4", "F1", "2026-05-05 10:00"));
    let tally = counting.count_dossiers(&dossiers).unwrap();
    let stats = Statistics::of(&counting, &tally).unwrap();
    let options = MonthlyOptions {
        scope: Some("P".into()),
        min_volume,
        ..MonthlyOptions::default()
    };
    MonthlyReport::build(&stats, &may, None, (None, None), &options).unwrap()
}

// Leaders are compared among units with enough dossiers, and the sentence says so; units at the
// same rate lead together, whatever their volumes.
#[test]
fn leaders_name_their_threshold_and_tie_on_the_rate() {
    let text = report::text::monthly(&tied_report());
    assert!(
        text.contains(
            "(so sánh giữa các đơn vị có từ 1 hồ sơ cần giải quyết trở lên): Đơn vị P.4 (100,00%, \
             không có hồ sơ quá hạn) dẫn đầu về tỷ lệ hồ sơ trước và đúng hạn"
        ),
        "{text}"
    );
    // Below ten dossiers every unit is “few”: the report says so, not a list of all of them.
    let text = report::text::monthly(&tied_report_from(10));
    assert!(
        text.contains("Tất cả 4 đơn vị đều tiếp nhận dưới 10 hồ sơ trong kỳ."),
        "{text}"
    );
    assert!(!text.contains("Có 4 đơn vị tiếp nhận dưới"), "{text}");
    // From three dossiers up, P.4 is out and P.1, P.2, P.3 share the top at 33,33%.
    let text = report::text::monthly(&tied_report_from(3));
    assert!(
        text.contains(
            "(so sánh giữa các đơn vị có từ 3 hồ sơ cần giải quyết trở lên): Đơn vị P.1 (33,33%, \
             còn 2 hồ sơ quá hạn), Đơn vị P.2 (33,33%, còn 2 hồ sơ quá hạn) và Đơn vị P.3 \
             (33,33%, còn 2 hồ sơ quá hạn) cùng dẫn đầu về tỷ lệ hồ sơ trước và đúng hạn"
        ),
        "{text}"
    );
}

#[test]
fn ties_are_named_not_hidden() {
    let report = tied_report();
    let h = &report.highlights;
    let communes = &h.leaders[0];
    // Three units with the same largest volume are three.
    let largest: Vec<(&str, u64)> = (communes.largest.iter())
        .map(|s| (s.unit.code.as_str(), s.count))
        .collect();
    assert_eq!(largest, [("P.1", 3), ("P.2", 3), ("P.3", 3)]);
    // P.4 settled its one on time: it leads alone.
    let leaders: Vec<&str> = communes
        .on_time
        .iter()
        .map(|s| s.unit.code.as_str())
        .collect();
    assert_eq!(leaders, ["P.4"]);
    // Six fields with one late dossier each: all six named, not five.
    assert_eq!(h.late_fields.len(), 6);
    assert_eq!(h.late_fields.leading().len(), 6);
    let text = report::text::monthly(&report);
    assert!(
        text.contains(
            "Đơn vị P.1, Đơn vị P.2 và Đơn vị P.3 cùng có số lượng hồ sơ tiếp nhận cao nhất (3 hồ \
             sơ)."
        ),
        "{text}"
    );
    assert!(
        text.contains("Lĩnh vực 5 (1 hồ sơ); Lĩnh vực 6 (1 hồ sơ)."),
        "{text}"
    );
    assert!(
        text.contains(
            "Có 3 đơn vị còn hồ sơ quá hạn: Đơn vị P.1 (2 hồ sơ); Đơn vị P.2 (2 hồ sơ); Đơn vị P.3 \
             (2 hồ sơ)."
        ),
        "{text}"
    );
}

#[test]
fn the_drafted_sections_come_from_the_figures() {
    let text = report::text::monthly(&report(false));
    let draft = "(Dự thảo từ số liệu; đơn vị rà soát, bổ sung.)";
    assert_eq!(text.matches(draft).count(), 3, "{text}");
    let at = |title: &str| {
        text.find(title)
            .unwrap_or_else(|| panic!("{title}\n{text}"))
    };
    // SPEC §11's order.
    let order = [
        "Kỳ báo cáo:",
        "2. Kết quả theo cấp",
        "3. Đơn vị, lĩnh vực cần lưu ý",
        "4. Kết quả Bộ chỉ số",
        "5. Cần khắc phục",
        "6. Hạn chế, tồn tại",
        "7. Nguyên nhân",
        "8. Nhiệm vụ, giải pháp tháng 6/2026",
    ];
    assert!(order.windows(2).all(|w| at(w[0]) < at(w[1])), "{text}");
    for line in [
        "- Một số tỷ lệ giảm so với tháng 4/2026: tỷ lệ hồ sơ trước và đúng hạn còn 83,33% \
         (giảm 16,67%).",
        "- Còn 1 hồ sơ giải quyết quá hạn trong kỳ và 1 hồ sơ đang giải quyết đã quá hạn, tại 1 \
         đơn vị (mục 3).",
        "- Còn 1 hồ sơ trả lại, rút và 1 hồ sơ chờ bổ sung, nhiều nhất ở Sở Tư pháp.",
        "- Một số nhóm, tiêu chí của Bộ chỉ số đạt thấp: nhóm Số hóa hồ sơ 12,00/22 điểm.",
        "- Hồ sơ quá hạn nhiều ở các lĩnh vực Đất đai (2 hồ sơ): quy trình, thời gian giải quyết",
        "- Các đơn vị giải quyết dứt điểm hồ sơ đã quá hạn: Sở Tư pháp (1 hồ sơ).",
        "- Các đơn vị có giải pháp nâng lại các tỷ lệ đã giảm trong tháng 5/2026: tỷ lệ hồ sơ trước và đúng \
         hạn.",
    ] {
        assert!(text.contains(line), "{line}\n{text}");
    }
    assert!(
        text.contains(&format!("Nguyên nhân chủ quan: {BLANK}")),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "Các đơn vị báo cáo kết quả thực hiện trước ngày {BLANK}/{BLANK}/{BLANK}."
        )),
        "{text}"
    );
}

#[test]
fn a_province_is_compared_with_the_whole_country() {
    let report = report(false);
    let index = report.index.as_ref().unwrap();
    assert_eq!(index.level, Level::Province);
    assert_eq!(index.peers_label(), "cả nước");
    assert!(index.is_complete());
    let text = report::text::monthly(&report);
    assert!(
        text.contains("điểm trung bình cả nước là 79,33 điểm. So với tháng 4/2026 tăng 1,00 điểm, tăng 1 bậc."),
        "{text}"
    );
    assert!(text.contains("(trung bình cả nước 15,00)"), "{text}");
    assert!(!text.contains("cùng cấp"), "{text}");
    // No internal codes where an official reads.
    assert!(!text.contains("qd766-groups"), "{text}");
    // A commune's peers are the communes of its province.
    let (may, _) = scorecards();
    let commune = IndexReport::build(&may, "X.101", None, &[], false).unwrap();
    assert_eq!(commune.peers_label(), "cùng cấp trong tỉnh");
}

#[test]
fn without_the_counts_the_index_is_one_sentence() {
    let json = r#"{"methodology": "qd766-groups", "period": "2026-05", "units": [
        {"code": "X", "name": "UBND tỉnh X", "level": "province",
         "groups": {"CKMB": "15", "TDGQ": "18", "DVCTT": "10", "TTTT": "8", "MDHL": "16"}}]}"#;
    let index = IndexReport::build(&score_json(json), "X", None, &[], false).unwrap();
    assert!(!index.is_complete());
    let report = built(false, OnTimeDefinition::default()).with_index(index);
    let text = report::text::monthly(&report);
    let start = text.find("4. Kết quả Bộ chỉ số").unwrap();
    let section = &text[start
        ..text[start..]
            .find("\n5. ")
            .map_or(text.len(), |e| start + e)];
    assert!(
        section.contains("Chưa đủ số liệu để tính tổng điểm: thiếu 1 tiêu chí (nhóm Số hóa hồ sơ)"),
        "{section}"
    );
    assert!(
        section.contains("“chiso766 template --period 2026-05”"),
        "{section}"
    );
    assert!(!section.contains("—"), "{section}");
    assert!(!section.contains("Nhóm Công khai"), "{section}");
    // Nor does the appendix print the index's tables of blanks: the statistics alone.
    let appendix = &text[text.find("PHỤ LỤC").unwrap()..];
    assert!(appendix.contains("Thống kê hồ sơ"), "{appendix}");
    for index_table in ["Điểm 6 nhóm", "Số liệu thành phần", "Bảng tổng hợp"] {
        assert!(!appendix.contains(index_table), "{appendix}");
    }
}

/// Provinces P, Q and R of `dvcqg-2026`, every criterion 10/10 but P's: on time 90/100, full
/// content 87/89, certified copies 1/2, and no petitions; P without the criteria `without`.
fn criteria_report(without: &[&str]) -> MonthlyReport {
    let methodology = dvcqg();
    let full = |code: &str, given: &[(&str, u64, u64)]| {
        let mut counts: Vec<(&str, u64, u64)> = (methodology.criteria())
            .map(|(_, c)| c.code.as_str())
            .filter(|c| given.iter().all(|g| g.0 != *c))
            .map(|c| (c, 10, 10))
            .collect();
        counts.extend_from_slice(given);
        if code == "P" {
            counts.retain(|(c, _, _)| !without.contains(c));
        }
        unit_json(code, "province", None, &counts)
    };
    let units = [
        full(
            "P",
            &[
                ("DOSSIER_ON_TIME", 90, 100),
                ("PUBLIC_CONTENT_FULL", 87, 89),
                ("ELECTRONIC_CERTIFIED_COPY", 1, 2),
                ("PETITION_PROCESSING_ON_TIME", 0, 0),
                ("PETITION_HANDLING_SATISFACTION", 0, 0),
            ],
        ),
        full("Q", &[]),
        full("R", &[]),
    ];
    let card = score_json(&format!(
        r#"{{"methodology": "dvcqg-2026", "period": "2026-05", "units": [{}]}}"#,
        units.join(",")
    ));
    let index = IndexReport::build(&card, "P", None, &[], false).unwrap();
    built(false, OnTimeDefinition::default()).with_index(index)
}

#[test]
fn what_to_fix_in_three_parts_each_criterion_once() {
    let text = report::text::monthly(&criteria_report(&[]));
    let start = text.find("5. Cần khắc phục").unwrap();
    let fixes = &text[start..start + text[start..].find("\n6. ").unwrap()];
    assert!(
        fixes.contains("\na) Các tiêu chí mất nhiều điểm nhất: 2.1 "),
        "{fixes}"
    );
    assert!(
        fixes.contains("\nb) Cách nâng điểm với ít trường hợp nhất: "),
        "{fixes}"
    );
    assert!(fixes.contains("\nc) Nhận xét:"), "{fixes}");
    // 1.3 needs 2 of its 89 procedures fixed; adding would take 711, more than the 89 it has.
    assert!(
        fixes.contains(
            "Để tiêu chí 1.3 Tỷ lệ TTHC được công khai có đầy đủ các bộ phận tạo thành đạt \
             2,00/2 điểm (hiện 1,96): đáp ứng yêu cầu cho toàn bộ 2 thủ tục chưa đạt."
        ),
        "{fixes}"
    );
    assert!(!fixes.contains("711"), "{fixes}");
    // 2.1 from 18 to 19: fix 5 of the 10 late, or add 100 new on time (as many as it had).
    assert!(
        fixes.contains("khắc phục thêm 5 trong 10 hồ sơ chưa đạt, hoặc thêm 100 hồ sơ mới đạt"),
        "{fixes}"
    );
    assert!(
        fixes.contains("- Tiêu chí 6.7 Tỷ lệ cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính: chỉ có 2 trường hợp, chưa đủ cơ sở đánh giá."),
        "{fixes}"
    );
    // The remarks name each criterion once; strengths are not things to fix.
    let remarks = &fixes[fixes.find("c) Nhận xét:").unwrap()..];
    assert_eq!(remarks.matches("Tiêu chí 2.1 ").count(), 1, "{remarks}");
    assert!(!fixes.contains("Điểm mạnh"), "{fixes}");
    assert!(!fixes.contains("mẫu số"), "{fixes}");
    // Nothing to measure and full points, said so; the strengths beside the index.
    assert!(
        text.contains(
            "5.1 Tỷ lệ phản ánh, kiến nghị (PAKN) xử lý đúng hạn: không phát sinh PAKN trong kỳ \
             (đạt tối đa 6/6 điểm)"
        ),
        "{text}"
    );
    assert!(
        text.contains("Các tiêu chí đạt kết quả tốt: 1.1 "),
        "{text}"
    );
    // The month's rates and the index's criteria named alike are told apart, once.
    assert_eq!(
        text.matches("Lưu ý: số liệu thống kê của kỳ").count(),
        1,
        "{text}"
    );
    assert!(text.contains("còn tiêu chí 3.3 (100,00%)"), "{text}");
    assert!(text.contains("còn tiêu chí 2.1 (90,00%)"), "{text}");
    // No internal codes in the body (the appendix's tables give them beside the names).
    let body = &text[..text.find("PHỤ LỤC").unwrap()];
    assert!(
        !body.contains("DOSSIER_ON_TIME") && !body.contains("dvcqg-2026"),
        "{body}"
    );
    // The tasks: the least change, the date left blank.
    assert!(
        text.contains("- Bộ chỉ số: để tiêu chí 6.7 Tỷ lệ cung cấp dịch vụ chứng thực bản sao"),
        "{text}"
    );
}

// Without a total, the index is one sentence, and the note on the rates named alike goes with
// the criteria to fix, where the index's 2.1 is first read beside the month's on-time rate.
#[test]
fn rates_named_alike_are_told_apart_where_first_read() {
    let report = criteria_report(&["PUBLISH_ON_TIME"]);
    assert!(!report.index.as_ref().unwrap().is_complete());
    let text = report::text::monthly(&report);
    let start = text.find("5. Cần khắc phục").unwrap();
    let fixes = &text[start..start + text[start..].find("\n6. ").unwrap()];
    assert!(
        fixes.contains("\nLưu ý: số liệu thống kê của kỳ và tiêu chí cùng tên"),
        "{fixes}"
    );
    assert_eq!(text.matches("Lưu ý:").count(), 1, "{text}");
    assert!(!text.contains("Các tiêu chí đạt kết quả tốt"), "{text}");
    // Without the index, one rate of each name: nothing to tell apart.
    let plain = report::text::monthly(&built(false, OnTimeDefinition::default()));
    assert!(!plain.contains("Lưu ý:"), "{plain}");
}

#[test]
fn the_index_report_against_the_peers() {
    let index = report(false).index.unwrap();
    assert_eq!(index.total, Some(dec("79")));
    assert_eq!((index.rank, index.of), (Some(2), 3));
    assert_eq!(index.peer_average, Some(dec("79.33"))); // (79 + 73 + 86) / 3
    assert_eq!(index.points_change, Some(dec("1")));
    assert_eq!(index.rank_change, Some(1)); // third in April, second in May
    assert_eq!(index.previous, Some("2026-04".parse().unwrap()));
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
    let unit = &json["units"][0];
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
    assert!(json["units"][2]["rates"]["online"].is_null());
    assert_eq!(json["levels"][0]["tier"], "province");
    assert_eq!(json["province"]["code"], "X");
    assert_eq!(json["province"]["level"], "province");
    assert_eq!(json["year_to_date"]["period"]["from"], "2026-01-01");
    assert_eq!(json["highlights"]["late_holders"]["named"], 1);
    assert_eq!(json["index"]["peer_average"], "79.33");
    assert_eq!(json["index"]["level"], "province");
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

//! Reports in Vietnamese (decimal comma, thousands dot, “xếp hạng 12/34”) and the JSON scorecard.

use chiso766::report::{
    format_count, format_decimal, format_percent, ranking_text, scorecard_json, unit_text,
};
use chiso766::{rank, Counts, RankBy, RankMethod, ScoreOptions};

use crate::common::{dec, dvcqg, score_json};

#[test]
fn vietnamese_numbers() {
    assert_eq!(format_decimal(dec("61.89")), "61,89");
    assert_eq!(format_decimal(dec("1234567.8")), "1.234.567,8");
    assert_eq!(format_decimal(dec("-12.5")), "-12,5");
    assert_eq!(format_decimal(dec("999")), "999");
    assert_eq!(format_decimal(dec("1000")), "1.000");
    assert_eq!(format_decimal(dec("0")), "0");
    assert_eq!(format_decimal(dec("0.05")), "0,05");
    assert_eq!(format_decimal(dec("0.00")), "0,00");
    assert_eq!(format_decimal(dec("-0.5")), "-0,5");
    assert_eq!(format_decimal(dec("7.90")), "7,90");
    // As `Display` writes the digits, for any decimal: the point a comma, thousands dotted.
    let mut runner = proptest::test_runner::TestRunner::default();
    runner
        .run(
            &(proptest::num::i64::ANY, 0u32..=12),
            |(mantissa, scale)| {
                let value = rust_decimal::Decimal::new(mantissa, scale);
                let shown = value.abs().to_string();
                let (whole, fraction) = shown.split_once('.').unwrap_or((&shown, ""));
                let grouped: String = (whole.chars().rev().collect::<Vec<_>>().chunks(3))
                    .map(|c| c.iter().collect::<String>())
                    .collect::<Vec<_>>()
                    .join(".")
                    .chars()
                    .rev()
                    .collect();
                let sign = if value.is_sign_negative() && !value.is_zero() {
                    "-"
                } else {
                    ""
                };
                let comma = if fraction.is_empty() { "" } else { "," };
                proptest::prop_assert_eq!(
                    format_decimal(value),
                    format!("{sign}{grouped}{comma}{fraction}")
                );
                Ok(())
            },
        )
        .unwrap();
    assert_eq!(format_count(597_918), "597.918");
    assert_eq!(format_count(0), "0");
    assert_eq!(format_percent(Some(dec("88.42")), 2), "88,42%");
    assert_eq!(format_percent(Some(dec("100")), 2), "100,00%");
    assert_eq!(format_percent(None, 2), "không có");
}

// Report snapshot: a small unit, whole, so a change in wording or layout is reviewed, not missed.
#[test]
fn unit_text_snapshot() {
    let json = r#"{"methodology": "qd766-groups", "period": "2026-Q3", "units": [
        {"code": "H44", "name": "UBND tỉnh Phú Thọ", "level": "province", "groups": {"CKMB": "7.96", "TDGQ": "17.68", "DVCTT": "8.56", "TTTT": "6.67", "MDHL": "11.43", "MDSH": "9.59"}},
        {"code": "H45", "name": "UBND tỉnh B", "level": "province", "groups": {"CKMB": "9", "TDGQ": "18", "DVCTT": "9", "TTTT": "7", "MDHL": "12", "MDSH": "10"}}]}"#;
    let card = score_json(json);
    let ranking = rank(&card, &RankBy::Total, RankMethod::Competition).unwrap();
    let text = unit_text(&card, "H44", Some(&ranking)).unwrap();
    let expected = "\
UBND tỉnh Phú Thọ (H44) — quý III/2026
Phương pháp tính: qd766-groups — Bộ chỉ số 766 ở mức nhóm: điểm sáu nhóm chỉ số do Cổng DVCQG công bố
Tổng điểm: 61,89/100 — xếp hạng 2/2

      Điểm    Tỷ lệ           Số liệu  Nhóm, tiêu chí
   7,96/18                             1. Công khai, minh bạch (CKMB)
  17,68/20                             2. Tiến độ, kết quả giải quyết (TDGQ)
   8,56/12                             3. Dịch vụ công trực tuyến (DVCTT)
   6,67/10                             4. Thanh toán trực tuyến (TTTT)
  11,43/18                             5. Mức độ hài lòng (MDHL)
   9,59/22                             6. Số hóa hồ sơ (MDSH)

Năm nhóm chỉ số của Quyết định 766/QĐ-TTg:
   7,96/18                             Công khai, minh bạch (CKMB)
  17,68/20                             Tiến độ, kết quả giải quyết (TDGQ)
  15,23/22                             Cung cấp dịch vụ trực tuyến (CCDVTT)
  11,43/18                             Mức độ hài lòng (MDHL)
   9,59/22                             Số hóa hồ sơ (MDSH)

Cần khắc phục:
- Nhóm Công khai, minh bạch đạt 7,96/18 điểm, dưới 80% điểm tối đa.
- Nhóm Dịch vụ công trực tuyến đạt 8,56/12 điểm, dưới 80% điểm tối đa.
- Nhóm Thanh toán trực tuyến đạt 6,67/10 điểm, dưới 80% điểm tối đa.
- Nhóm Mức độ hài lòng đạt 11,43/18 điểm, dưới 80% điểm tối đa.
- Nhóm Số hóa hồ sơ đạt 9,59/22 điểm, dưới 80% điểm tối đa.
";
    assert_eq!(text, expected);
    let table = ranking_text(&card, &ranking);
    let expected = "
Xếp hạng theo tổng điểm: các tỉnh, thành phố — quý III/2026
  Hạng  Điểm     CKMB   TDGQ  DVCTT   TTTT   MDHL   MDSH  Đơn vị
     1  65,00     9,00  18,00   9,00   7,00  12,00  10,00  H45 UBND tỉnh B
     2  61,89     7,96  17,68   8,56   6,67  11,43   9,59  H44 UBND tỉnh Phú Thọ
";
    assert_eq!(table, expected);
}

#[test]
fn unit_text_shows_missing_and_zero_denominators() {
    let json = r#"{"period": "2026-09", "units": [{"code": "X", "name": "UBND xã X", "level": "commune",
        "criteria": {"DOSSIER_ON_TIME": {"num": 0, "den": 0}, "PETITION_PROCESSING_ON_TIME": {"num": 0, "den": 0}}}]}"#;
    let card = score_json(json);
    let text = unit_text(&card, "X", None).unwrap();
    assert!(
        text.contains("Tổng điểm: chưa đủ số liệu (thiếu: 1.1 Tỷ lệ TTHC công bố đúng hạn; 1.2 "),
        "{text}"
    );
    // Every missing criterion is named, with how to give it.
    assert!(
        text.contains(
            "Chưa đủ số liệu để tính tổng điểm: thiếu 18 tiêu chí (1.1 Tỷ lệ TTHC công bố đúng \
             hạn; 1.2 "
        ),
        "{text}"
    );
    assert!(
        text.contains("6.7 Tỷ lệ cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính). "),
        "{text}"
    );
    assert!(
        text.contains("lập tệp mẫu bằng lệnh “chiso766 template --period 2026-09”"),
        "{text}"
    );
    assert!(
        text.contains(
            "   0,00/20 không có               0/0    2.1 Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn"
        ),
        "{text}"
    );
    assert!(
        text.contains("    6,00/6 không có               0/0    5.1"),
        "{text}"
    );
    assert!(
        text.contains(
            "       —/6              thiếu số liệu    5.2 Tỷ lệ hài lòng trong xử lý PAKN"
        ),
        "{text}"
    );
    let error = unit_text(&card, "Y", None).unwrap_err();
    assert_eq!(error.to_string(), "there is no unit Y");
}

#[test]
fn scorecard_json_shape() {
    let counts = Counts::from_json(chiso766::examples::PHU_THO_2026).unwrap();
    let card = chiso766::score(&dvcqg(), &counts, &ScoreOptions::default()).unwrap();
    let total = rank(&card, &RankBy::Total, RankMethod::Competition).unwrap();
    let json = scorecard_json(&card, &[total]);
    assert_eq!(json["methodology"], "dvcqg-2026");
    assert_eq!(json["period"], "2026");
    let unit = &json["units"][0];
    assert_eq!(unit["code"], "H44");
    assert_eq!(unit["complete"], true);
    assert_eq!(unit["total"], "61.89");
    assert_eq!(unit["groups"]["CKMB"]["points"], "7.96");
    assert_eq!(unit["groups"]["CKMB"]["max"], "18");
    assert_eq!(unit["views"]["qd766"]["CCDVTT"]["points"], "15.23");
    assert_eq!(unit["criteria"]["PUBLISH_ON_TIME"]["rate"], "0.00");
    assert_eq!(unit["criteria"]["PUBLISH_ON_TIME"]["points"], "0.00");
    assert_eq!(unit["criteria"]["DOSSIER_ON_TIME"]["num"], 528684);
    assert_eq!(unit["criteria"]["DOSSIER_ON_TIME"]["rate"], "88.42");
    assert_eq!(
        unit["monitors"]["PETITION_CLASSIFICATION_TTHC"]["value"],
        "72.46"
    );
    assert_eq!(unit["rank"]["total"], 1);
    assert_eq!(unit["rank_of"]["total"], 1);
}

// No input can forge a line of a report or drive a terminal: line breaks and escape codes in
// names are written out, not obeyed.
#[test]
fn names_cannot_forge_report_lines() {
    let json = r#"{"period": "2026-09", "units": [{"code": "X", "name": "UBND xã X\nTổng điểm: 100,00/100 — xếp hạng 1/1\u001b[2J", "level": "commune",
        "criteria": {"DOSSIER_ON_TIME": {"num": 1, "den": 2}}}]}"#;
    let card = score_json(json);
    let text = unit_text(&card, "X", None).unwrap();
    let first = text.lines().next().unwrap();
    assert_eq!(
        first,
        "UBND xã X\\u{a}Tổng điểm: 100,00/100 — xếp hạng 1/1\\u{1b}[2J (X) — tháng 9/2026"
    );
    assert!(!text.contains('\u{1b}'));
    let ranking = chiso766::rank(
        &card,
        &chiso766::RankBy::Total,
        chiso766::RankMethod::Competition,
    )
    .unwrap();
    let table = ranking_text(&card, &ranking);
    // A blank line, the heading, the column names and the unit's one row.
    assert_eq!(table.lines().count(), 4, "{table}");
    assert!(!table.contains('\u{1b}'));
}

// The online share's rate is multiplied by the sync rate (SPEC §4.2); its line says so, or the rate
// would not follow from the counts beside it.
#[test]
fn a_rate_multiplied_by_another_says_so() {
    let json = r#"{"period": "2026-09", "units": [{"code": "X", "name": "UBND xã X", "level": "commune",
        "criteria": {"ONLINE_DOSSIERS": {"num": 50, "den": 100}, "DOSSIER_SYNC": {"num": 9, "den": 10}}}]}"#;
    let card = score_json(json);
    let text = unit_text(&card, "X", None).unwrap();
    let line = text.lines().find(|l| l.contains("3.3")).unwrap();
    assert!(
        line.contains("45,00%") && line.contains("50/100") && line.ends_with("(× 90,00% theo 1.4)"),
        "{line}"
    );
}

// Results are data: a scorecard, its ranking and the counts serialize with stable field names, and
// counts serialize as the interchange reads them back.
#[test]
fn results_serialize_with_stable_names() {
    let json = r#"{"methodology": "dvcqg-2026", "period": "2026-09", "units": [{"code": "X", "name": "UBND xã X", "level": "commune",
        "criteria": {"DOSSIER_ON_TIME": {"num": 1, "den": 2}, "PUBLISH_ON_TIME": {"not_applicable": true}}}]}"#;
    let card = score_json(json);
    let value = serde_json::to_value(&card).unwrap();
    assert_eq!(value["methodology"], "dvcqg-2026");
    assert_eq!(value["period"], "2026-09");
    let unit = &value["units"][0];
    assert_eq!(unit["unit"]["code"], "X");
    let on_time = unit["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "DOSSIER_ON_TIME")
        .unwrap();
    assert_eq!(on_time["count"], serde_json::json!({"num": 1, "den": 2}));
    assert_eq!(on_time["max"], "20");
    assert_eq!(on_time["points"], "10.00");
    let ranking = chiso766::rank(
        &card,
        &chiso766::RankBy::Total,
        chiso766::RankMethod::Competition,
    )
    .unwrap();
    let value = serde_json::to_value(&ranking).unwrap();
    assert_eq!(value["by"], "total");
    assert_eq!(value["method"], "competition");
    assert_eq!(value["entries"][0]["peers"]["level"], "commune");
    let counts = chiso766::Counts::from_json(json).unwrap();
    let back = chiso766::Counts::from_json(&serde_json::to_string(&counts).unwrap()).unwrap();
    assert_eq!(back, counts);
}

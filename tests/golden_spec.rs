//! Golden figures published by the national portal, quoted in SPEC §3 (Phú Thọ, 2026).

use crate::common::{counts_json, group_points, score_json, unit_json};

// Portal, Phú Thọ (H44), year 2026 as captured on 26/09/2026: every group and the total.
#[test]
fn phu_tho_2026_province() {
    let card = score_json(chiso766::examples::PHU_THO_2026);
    let h44 = card.unit("H44").unwrap();
    let groups: Vec<(String, String)> = h44
        .groups
        .iter()
        .map(|g| (g.code.clone(), g.points.unwrap().to_string()))
        .collect();
    let expected = [
        ("CKMB", "7.96"),
        ("TDGQ", "17.68"),
        ("DVCTT", "8.56"),
        ("TTTT", "6.67"),
        ("MDHL", "11.43"),
        ("MDSH", "9.59"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(groups, expected);
    assert_eq!(h44.total.unwrap().to_string(), "61.89");
    assert!(h44.is_complete());
    assert_eq!(card.methodology().name(), "dvcqg-2026");
}

// Portal, Phú Thọ 2026: criterion points shown in the responses for the province.
#[test]
fn phu_tho_2026_criteria() {
    let card = score_json(chiso766::examples::PHU_THO_2026);
    let h44 = card.unit("H44").unwrap();
    let points = |code: &str| h44.criterion(code).unwrap().points.unwrap().to_string();
    assert_eq!(points("PUBLIC_CONTENT_FULL"), "1.96");
    assert_eq!(points("DOSSIER_RECEIVING_SATISFACTION"), "5.89");
    assert_eq!(points("PETITION_PROCESSING_ON_TIME"), "3.12");
    assert_eq!(points("PETITION_HANDLING_SATISFACTION"), "2.42");
    assert_eq!(points("ORIGINAL_RESULT_AVAILABLE"), "4.35");
    assert_eq!(points("SO_HOA_GIAY_TO_GIAI_QUYET"), "0.97");
    assert_eq!(points("REUSED_DIGITIZED_DATA"), "0.57");
    assert_eq!(points("CITIZEN_DATA_CONNECTED_DOSSIER"), "1.09");
    assert_eq!(points("CITIZEN_DATA_CONNECTED_FORMALITY"), "0.61");
    let percent = |code: &str| h44.criterion(code).unwrap().percent.unwrap().to_string();
    assert_eq!(percent("DOSSIER_ON_TIME"), "88.42");
    assert_eq!(percent("PUBLIC_CONTENT_FULL"), "97.75");
}

fn payment(code: &str, dossiers: (u64, u64), procedures: (u64, u64), fees: (u64, u64)) -> String {
    let unit = unit_json(
        code,
        "commune",
        None,
        &[
            ("ONLINE_PAYMENT_DOSSIERS", dossiers.0, dossiers.1),
            ("ONLINE_PAYMENT_PROCEDURES", procedures.0, procedures.1),
            ("FEE_INTEGRATED_PROCEDURES", fees.0, fees.1),
        ],
    );
    group_points(&score_json(&counts_json(&[unit])), code, "TTTT")
}

// Portal, Phú Thọ 2026, payment of sub-units (SPEC §3).
#[test]
fn payment_of_sub_units() {
    assert_eq!(payment("BQL", (18, 18), (2, 3), (0, 3)), "7.67");
    assert_eq!(payment("SCT", (118, 118), (12, 13), (0, 13)), "8.00");
    assert_eq!(payment("SGD", (0, 2), (0, 2), (0, 2)), "0.00");
}

// Portal, Phú Thọ, August 2026: the payment arithmetic in binary floating point, where exact decimals
// would give 6.92, 5.20 and 5.98.
#[test]
fn payment_float_arithmetic() {
    assert_eq!(payment("H44.156", (552, 559), (8, 33), (5, 33)), "6.91");
    assert_eq!(payment("H44.197", (745, 1133), (9, 32), (7, 32)), "5.19");
    assert_eq!(payment("H44.144", (295, 377), (13, 37), (6, 37)), "5.99");
}

fn satisfaction(dossiers: (u64, u64), on_time: (u64, u64), satisfied: (u64, u64)) -> String {
    let unit = unit_json(
        "U",
        "department",
        None,
        &[
            ("DOSSIER_RECEIVING_SATISFACTION", dossiers.0, dossiers.1),
            ("PETITION_PROCESSING_ON_TIME", on_time.0, on_time.1),
            ("PETITION_HANDLING_SATISFACTION", satisfied.0, satisfied.1),
        ],
    );
    group_points(&score_json(&counts_json(&[unit])), "U", "MDHL")
}

// Portal, Phú Thọ 2026, satisfaction of sub-units: no petitions scores 6 + 6 (SPEC §3).
#[test]
fn satisfaction_of_sub_units() {
    assert_eq!(satisfaction((156, 161), (0, 0), (0, 0)), "18.00");
    assert_eq!(satisfaction((755, 1120), (0, 4), (0, 4)), "4.49");
    assert_eq!(satisfaction((5679, 6200), (0, 2), (0, 2)), "6.00");
}

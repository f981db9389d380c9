//! Methodology editions as data: the built-in editions, validation of loaded ones, and editions a
//! newcomer writes in JSON (selectable policies, rules and rounding).

use chiso766::methodology::{Pooling, Rule, ZeroDenominator};
use chiso766::{score, Counts, CriterionCount, Decimal, ErrorKind, Methodology, ScoreOptions};
use serde_json::Value;

use crate::common::{counts_json, dec, dvcqg, unit_json};

#[test]
fn dvcqg_2026_has_six_groups_and_21_criteria() {
    let m = dvcqg();
    let groups: Vec<(&str, String)> = m
        .groups()
        .iter()
        .map(|g| (g.code.as_str(), g.max.to_string()))
        .collect();
    assert_eq!(
        groups,
        [
            ("CKMB", "18".into()),
            ("TDGQ", "20".into()),
            ("DVCTT", "12".into()),
            ("TTTT", "10".into()),
            ("MDHL", "18".into()),
            ("MDSH", "22".into())
        ]
    );
    assert_eq!(m.criteria().count(), 21);
    assert_eq!(m.total_max(), dec("100"));
    let payment = m.criterion("ONLINE_PAYMENT_PROCEDURES").unwrap();
    assert_eq!(
        payment.rule,
        Rule::Goalpost {
            threshold: dec("0.8")
        }
    );
    assert_eq!(payment.pooling, Pooling::None);
    assert_eq!(
        m.criterion("PETITION_PROCESSING_ON_TIME")
            .unwrap()
            .zero_denominator,
        ZeroDenominator::Full
    );
    assert_eq!(
        m.criterion("PUBLISH_ON_TIME").unwrap().pooling,
        Pooling::Inherit
    );
    // The decision's five groups: DVCTT + TTTT = "Cung cấp dịch vụ trực tuyến", 22 points.
    let view = &m.views()[0];
    assert_eq!(view.groups.len(), 5);
    assert_eq!(view.groups[2].members, ["DVCTT", "TTTT"]);
}

#[test]
fn qd766_groups_has_group_maxima_only() {
    let m = Methodology::builtin("qd766-groups").unwrap();
    let maxima: Vec<String> = m.groups().iter().map(|g| g.max.to_string()).collect();
    assert_eq!(maxima, ["18", "20", "12", "10", "18", "22"]);
    assert_eq!(m.criteria().count(), 0);
}

#[test]
fn unknown_builtin_is_an_error() {
    let error = Methodology::builtin("dvcqg-2019").unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::UnknownMethodology { name, .. } if name == "dvcqg-2019")
    );
    assert!(
        error.to_string().contains("dvcqg-2026, qd766-groups"),
        "{error}"
    );
}

#[test]
fn saved_and_loaded_is_identical() {
    for name in chiso766::methodology::BUILT_IN {
        let m = Methodology::builtin(name).unwrap();
        assert_eq!(Methodology::from_json(&m.to_json().unwrap()).unwrap(), m);
    }
}

/// The built-in edition as JSON, changed by `edit`, then loaded.
fn edited(edit: impl FnOnce(&mut Value)) -> chiso766::Result<Methodology> {
    let mut json: Value = serde_json::from_str(&dvcqg().to_json().unwrap()).unwrap();
    edit(&mut json);
    Methodology::from_json(&json.to_string())
}

fn invalid_because(edit: impl FnOnce(&mut Value), place: &str, problem_part: &str) {
    let error = edited(edit).unwrap_err();
    match error.kind() {
        ErrorKind::InvalidMethodology {
            place: p, problem, ..
        } => {
            assert_eq!(p, place);
            assert!(problem.contains(problem_part), "{problem}");
        }
        other => panic!("unexpected error {other:?}"),
    }
}

#[test]
fn validation_names_what_is_wrong_and_where() {
    invalid_because(
        |j| j["groups"][1]["criteria"][0]["max"] = "19".into(),
        "group TDGQ",
        "add up to 19",
    );
    invalid_because(
        |j| {
            j["groups"][1]["max"] = "21".into();
            j["groups"][1]["criteria"][0]["max"] = "21".into();
        },
        "groups",
        "add up to 101",
    );
    invalid_because(
        |j| j["groups"][2]["criteria"][0]["rule"]["threshold"] = "1.5".into(),
        "criterion ONLINE_PROCEDURES",
        "not in (0, 1]",
    );
    invalid_because(
        |j| j["groups"][2]["criteria"][0]["rule"]["threshold"] = "0".into(),
        "criterion ONLINE_PROCEDURES",
        "not in (0, 1]",
    );
    invalid_because(
        |j| j["groups"][1]["criteria"][0]["code"] = "DOSSIER_SYNC".into(),
        "criterion DOSSIER_SYNC",
        "used twice",
    );
    invalid_because(
        |j| j["groups"][2]["criteria"][2]["rate_times"] = "NO_SUCH".into(),
        "criterion ONLINE_DOSSIERS",
        "NO_SUCH is not a criterion",
    );
    invalid_because(
        |j| j["groups"][2]["criteria"][2]["rate_times"] = "ONLINE_DOSSIERS".into(),
        "criterion ONLINE_DOSSIERS",
        "no chains",
    );
    invalid_because(
        |j| j["groups"][0]["criteria"][3]["rate_times"] = "ONLINE_DOSSIERS".into(),
        "criterion DOSSIER_SYNC",
        "no chains",
    );
    invalid_because(
        |j| j["views"][0]["groups"][2]["members"] = serde_json::json!(["DVCTT"]),
        "view qd766",
        "does not cover",
    );
    invalid_because(|j| j["format"] = 2.into(), "format", "not supported");
    let transfer = |from: &str, to: &str, when: &[&str]| serde_json::json!([{"when_nothing_to_count": when, "from": from, "to": to}]);
    invalid_because(
        |j| {
            j["transfers"] = transfer(
                "PETITION_HANDLING_SATISFACTION",
                "DOSSIER_ON_TIME",
                &["PETITION_HANDLING_SATISFACTION"],
            )
        },
        "transfer PETITION_HANDLING_SATISFACTION → DOSSIER_ON_TIME",
        "same group",
    );
    invalid_because(
        |j| {
            j["transfers"] = transfer(
                "PETITION_HANDLING_SATISFACTION",
                "DOSSIER_RECEIVING_SATISFACTION",
                &["NO_SUCH"],
            )
        },
        "transfer PETITION_HANDLING_SATISFACTION → DOSSIER_RECEIVING_SATISFACTION",
        "NO_SUCH is not a criterion",
    );
    invalid_because(
        |j| {
            j["transfers"] = transfer(
                "PETITION_HANDLING_SATISFACTION",
                "DOSSIER_RECEIVING_SATISFACTION",
                &[],
            )
        },
        "transfer PETITION_HANDLING_SATISFACTION → DOSSIER_RECEIVING_SATISFACTION",
        "is empty",
    );
}

// A transfer of points is part of the definition: it survives a save and load, and moves a
// maximum only for the units where its condition holds.
#[test]
fn a_transfer_moves_a_maximum_where_nothing_is_counted() {
    let split = Methodology::variants()
        .unwrap()
        .into_iter()
        .find(|m| m.name() == "dvcqg-2026-no-petitions-split")
        .unwrap();
    assert_eq!(
        Methodology::from_json(&split.to_json().unwrap()).unwrap(),
        split
    );
    assert_eq!(split.transfers().len(), 1);
    let position = |code: &str| split.criteria().position(|(_, c)| c.code == code).unwrap();
    let nothing = |code: &str| Some(code.starts_with("PETITION"));
    let maxima = split.maxima(nothing);
    assert_eq!(
        maxima[position("PETITION_HANDLING_SATISFACTION")],
        Decimal::ZERO
    );
    assert_eq!(
        maxima[position("DOSSIER_RECEIVING_SATISFACTION")],
        Decimal::from(12)
    );
    assert_eq!(maxima.iter().sum::<Decimal>(), Decimal::ONE_HUNDRED);
    // A count that is missing is not nothing: the maxima stay.
    let unknown = split.maxima(|_| None);
    assert_eq!(
        unknown[position("DOSSIER_RECEIVING_SATISFACTION")],
        Decimal::from(6)
    );
}

#[test]
fn unknown_fields_are_rejected() {
    let error = edited(|j| j["groups"][0]["weight"] = 1.into()).unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Syntax { .. }));
    assert!(error.to_string().contains("weight"), "{error}");
}

fn one_unit(methodology: &Methodology, criteria: &[(&str, u64, u64)]) -> chiso766::Scorecard {
    let json = counts_json(&[unit_json("U", "commune", None, criteria)])
        .replace("dvcqg-2026", methodology.name());
    score(
        methodology,
        &Counts::from_json(&json).unwrap(),
        &ScoreOptions::default(),
    )
    .unwrap()
}

// In 2025 units without fee-bearing procedures got full payment points; in 2026 they get 0.
#[test]
fn zero_denominator_policy_is_selectable() {
    let payment = [
        ("ONLINE_PAYMENT_DOSSIERS", 0, 0),
        ("ONLINE_PAYMENT_PROCEDURES", 0, 0),
        ("FEE_INTEGRATED_PROCEDURES", 0, 0),
    ];
    let card = one_unit(&dvcqg(), &payment);
    assert_eq!(
        card.unit("U").unwrap().group("TTTT").unwrap().points,
        Some(dec("0"))
    );
    let full = edited(|j| {
        j["name"] = "local-2025".into();
        for c in j["groups"][3]["criteria"].as_array_mut().unwrap() {
            c["zero_denominator"] = "full".into();
        }
    })
    .unwrap();
    let card = one_unit(&full, &payment);
    assert_eq!(
        card.unit("U").unwrap().group("TTTT").unwrap().points,
        Some(dec("10.00"))
    );
    assert_eq!(card.methodology().name(), "local-2025");
}

#[test]
fn zero_denominator_error_and_not_applicable_policies() {
    let strict = edited(|j| {
        j["name"] = "strict".into();
        j["groups"][1]["criteria"][0]["zero_denominator"] = "error".into();
    })
    .unwrap();
    let json = counts_json(&[unit_json(
        "H44.07",
        "department",
        None,
        &[("DOSSIER_ON_TIME", 0, 0)],
    )])
    .replace("dvcqg-2026", "strict");
    let error = score(
        &strict,
        &Counts::from_json(&json).unwrap(),
        &ScoreOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "unit H44.07, criterion DOSSIER_ON_TIME: the denominator is 0, which this methodology treats as an error"
    );

    let optional = edited(|j| {
        j["name"] = "optional".into();
        j["groups"][3]["criteria"][1]["zero_denominator"] = "not_applicable".into();
    })
    .unwrap();
    let card = one_unit(
        &optional,
        &[
            ("ONLINE_PAYMENT_DOSSIERS", 50, 100),
            ("ONLINE_PAYMENT_PROCEDURES", 0, 0),
            ("FEE_INTEGRATED_PROCEDURES", 1, 1),
        ],
    );
    let group = card.unit("U").unwrap().group("TTTT").unwrap().clone();
    assert_eq!(group.points, Some(dec("5.00")));
    assert_eq!(group.applicable_max, dec("8"));
    let criterion = card
        .unit("U")
        .unwrap()
        .criterion("ONLINE_PAYMENT_PROCEDURES")
        .unwrap();
    assert_eq!((criterion.points, criterion.rate), (None, None));
}

// The technical description gives SO_HOA_GIAY_TO_GIAI_QUYET an 80% goalpost; the portal scores it
// linearly. Both are a line of JSON.
#[test]
fn rule_is_selectable() {
    let counts = [("SO_HOA_GIAY_TO_GIAI_QUYET", 145_096, 597_918)];
    let linear = one_unit(&dvcqg(), &counts);
    assert_eq!(
        linear
            .unit("U")
            .unwrap()
            .criterion("SO_HOA_GIAY_TO_GIAI_QUYET")
            .unwrap()
            .points,
        Some(dec("0.97"))
    );
    let goalpost = edited(|j| {
        j["name"] = "technical-description".into();
        j["groups"][5]["criteria"][1]["rule"] =
            serde_json::json!({"kind": "goalpost", "threshold": "0.8"});
    })
    .unwrap();
    let card = one_unit(&goalpost, &counts);
    // 4 × 0.24267… / 0.8 = 1.2133…
    assert_eq!(
        card.unit("U")
            .unwrap()
            .criterion("SO_HOA_GIAY_TO_GIAI_QUYET")
            .unwrap()
            .points,
        Some(dec("1.21"))
    );
}

#[test]
fn rounding_strategy_is_selectable() {
    // 20 × 1/160 = 0.125: a midpoint at two places.
    let counts = [("DOSSIER_ON_TIME", 1, 160)];
    assert_eq!(
        one_unit(&dvcqg(), &counts)
            .unit("U")
            .unwrap()
            .criterion("DOSSIER_ON_TIME")
            .unwrap()
            .points,
        Some(dec("0.13"))
    );
    let even = edited(|j| {
        j["name"] = "bankers".into();
        j["rounding"]["strategy"] = "half_even".into();
    })
    .unwrap();
    assert_eq!(
        one_unit(&even, &counts)
            .unit("U")
            .unwrap()
            .criterion("DOSSIER_ON_TIME")
            .unwrap()
            .points,
        Some(dec("0.12"))
    );
}

// A local one-stop system's own table, written by hand: integer points, a 14-point payment group
// with 30% goalposts, and 104 points in all.
#[test]
fn a_new_edition_is_json_only() {
    let mut json: Value = serde_json::from_str(&dvcqg().to_json().unwrap()).unwrap();
    json["name"] = "tinh-x-2025".into();
    json["total_max"] = "104".into();
    json["rounding"] = serde_json::json!({"places": 0, "strategy": "half_away_from_zero"});
    json["groups"][3] = serde_json::json!({
        "code": "TTTT", "name": "Thanh toán trực tuyến", "max": "14",
        "criteria": [
            {"code": "ONLINE_PAYMENT_DOSSIERS", "name": "Hồ sơ thanh toán trực tuyến", "max": "10",
             "rule": {"kind": "goalpost", "threshold": "0.3"}, "zero_denominator": "full"},
            {"code": "ONLINE_PAYMENT_PROCEDURES", "name": "TTHC có thanh toán trực tuyến", "max": "4",
             "rule": {"kind": "goalpost", "threshold": "0.3"}, "zero_denominator": "full", "pooling": "none"}
        ]
    });
    let m = Methodology::from_json(&json.to_string()).unwrap();
    let card = one_unit(
        &m,
        &[
            ("ONLINE_PAYMENT_DOSSIERS", 20, 100),
            ("ONLINE_PAYMENT_PROCEDURES", 0, 0),
        ],
    );
    let unit = card.unit("U").unwrap();
    // 10 × 0.2 / 0.3 = 6.67 → 7; no procedures → full 4.
    assert_eq!(unit.group("TTTT").unwrap().points, Some(dec("11")));
    // The five-group view follows the new maximum: 12 + 14.
    assert_eq!(unit.view("qd766").unwrap().groups[2].max, dec("26"));
}

// SPEC §4.2: the share of online dossiers is multiplied by the sync rate (§4.4). Worked by hand
// against the 50% goalpost of 6 points: 40% online × 90% synced = 36% → 6 × 0.36 / 0.5 = 4.32;
// fully synced, 40% → 4.80; nothing to sync (0/0) multiplies by 0; a sync count missing leaves
// the online share unscored, and the unit incomplete.
#[test]
fn online_dossiers_are_multiplied_by_the_sync_rate() {
    let online = |sync: Option<(u64, u64)>| {
        let mut criteria = vec![("ONLINE_DOSSIERS", 40, 100)];
        criteria.extend(sync.map(|(num, den)| ("DOSSIER_SYNC", num, den)));
        let counts = Counts::from_json(&counts_json(&[unit_json(
            "H01", "province", None, &criteria,
        )]))
        .unwrap();
        let card = score(&dvcqg(), &counts, &ScoreOptions::default()).unwrap();
        let unit = card.unit("H01").unwrap();
        let score = unit.criterion("ONLINE_DOSSIERS").unwrap();
        (
            score.points.map(|p| p.to_string()),
            score.percent.map(|p| p.to_string()),
            unit.missing.contains(&"ONLINE_DOSSIERS".to_owned()),
        )
    };
    let scored =
        |points: &str, percent: &str| (Some(points.to_owned()), Some(percent.to_owned()), false);
    assert_eq!(online(Some((90, 100))), scored("4.32", "36.00"));
    assert_eq!(online(Some((100, 100))), scored("4.80", "40.00"));
    assert_eq!(online(Some((0, 0))), scored("0.00", "0.00"));
    assert_eq!(online(None), (None, None, true));
    // Unscored, the online share keeps its own count, says what it needs, and leaves its group
    // incomplete.
    let counts = Counts::from_json(&counts_json(&[unit_json(
        "H01",
        "province",
        None,
        &[("ONLINE_DOSSIERS", 40, 100)],
    )]))
    .unwrap();
    let card = score(&dvcqg(), &counts, &ScoreOptions::default()).unwrap();
    let unit = card.unit("H01").unwrap();
    let online = unit.criterion("ONLINE_DOSSIERS").unwrap();
    assert_eq!(
        online.count,
        Some(CriterionCount::Counted { num: 40, den: 100 })
    );
    assert_eq!(online.needs.as_deref(), Some("DOSSIER_SYNC"));
    assert!(online.is_missing());
    assert_eq!(unit.group("DVCTT").unwrap().points, None);
    // Counts near 2⁶⁴ multiply exactly: (2⁶⁴−1)/(2⁶⁴−1) × 1/8 = 12.5% → 6 × 0.25 = 1.50.
    let m = dvcqg();
    let c = m.criterion("ONLINE_DOSSIERS").unwrap();
    let e = c
        .evaluate_times(u64::MAX, u64::MAX, Some((1, 8)), m.rounding(), false, "H01")
        .unwrap();
    assert_eq!(e.points.unwrap().to_string(), "1.50");
}

// The guide's table of criteria is the built-in edition's: every criterion, in order, with its
// name, maximum and rule.
#[test]
fn the_guides_table_lists_every_criterion() {
    let guide = include_str!("../src/doc/guide.md");
    let rows: Vec<Vec<&str>> = guide
        .lines()
        // The criteria's rows start with their number, `| 1.1 |`.
        .filter(|l| l.starts_with("| ") && l.as_bytes().get(2).is_some_and(u8::is_ascii_digit))
        .map(|l| l.trim_matches('|').split(" | ").map(str::trim).collect())
        .collect();
    let methodology = dvcqg();
    let criteria: Vec<_> = methodology.criteria().collect();
    assert_eq!(rows.len(), criteria.len());
    for (row, (_, criterion)) in rows.iter().zip(criteria) {
        assert_eq!(row[1], format!("`{}`", criterion.code));
        assert_eq!(row[2], criterion.name);
        assert_eq!(row[3], criterion.max.to_string());
        let rule = match criterion.rule {
            Rule::Linear => "linear".to_owned(),
            Rule::Goalpost { threshold } => format!(
                "goalpost {}%",
                (threshold * rust_decimal::Decimal::from(100)).normalize()
            ),
        };
        assert!(
            row[4].starts_with(&rule),
            "{}: {} vs {rule}",
            criterion.code,
            row[4]
        );
    }
}

// Issue 22: a methodology's names are printed in every report: one holding a line break, a
// control, a direction or a zero-width character is refused by name, not printed raw.
#[test]
fn a_name_that_acts_rather_than_shows_is_refused() {
    let json = Methodology::builtin("dvcqg-2026")
        .unwrap()
        .to_json()
        .unwrap();
    let group = Methodology::builtin("dvcqg-2026").unwrap().groups()[0]
        .name
        .clone();
    for hidden in ["\\n\\nFORGED", "\\u001b[31m", "\\u202e", "\\u200b"] {
        let forged = json
            .replacen(&format!("\"{group}\""), &format!("\"{group}{hidden}\""), 1)
            .replace("\"dvcqg-2026\"", "\"dvcqg-2026-forged\"");
        assert_ne!(forged, json);
        let error = Methodology::from_json(&forged).unwrap_err().to_string();
        assert!(
            error.contains("acts rather than shows"),
            "{hidden}: {error}"
        );
    }
}

//! The interchange format v1 (SPEC §6): JSON and CSV, missing vs zero, and the errors bad input
//! gets — each naming the unit, the criterion and the problem.

use chiso766::{score, Counts, CriterionCount, ErrorKind, Methodology, Period, ScoreOptions};

use crate::common::{counts_json, dec, dvcqg, score_json, unit_json};

fn read_error(json: &str) -> String {
    Counts::from_json(json).unwrap_err().to_string()
}

fn score_error(json: &str, options: ScoreOptions) -> chiso766::Error {
    score(&dvcqg(), &Counts::from_json(json).unwrap(), &options).unwrap_err()
}

#[test]
fn methodology_defaults_and_period_forms() {
    let counts =
        Counts::from_json(r#"{"period": {"from": "2025-09-21", "to": "2025-10-20"}, "units": []}"#)
            .unwrap();
    assert_eq!(counts.methodology, None);
    assert_eq!(counts.methodology_name(), "dvcqg-2026");
    assert_eq!(counts.period.unwrap().to_string(), "2025-09-21..2025-10-20");
    for (text, label) in [
        ("2026", "năm 2026"),
        ("2026-Q3", "quý III/2026"),
        ("2026-09", "tháng 9/2026"),
    ] {
        let json = format!(r#"{{"period": "{text}", "units": []}}"#);
        let period = Counts::from_json(&json).unwrap().period.unwrap();
        assert_eq!(
            (period.to_string(), period.label_vi()),
            (text.to_owned(), label.to_owned())
        );
    }
    for bad in ["2026-13", "2026-Q5", "26", "2026-9"] {
        let error = read_error(&format!(r#"{{"period": "{bad}", "units": []}}"#));
        assert!(error.contains(&format!("period '{bad}'")), "{error}");
    }
    let backwards =
        read_error(r#"{"period": {"from": "2025-10-20", "to": "2025-09-21"}, "units": []}"#);
    assert!(backwards.contains("ends before it starts"), "{backwards}");
}

#[test]
fn period_boundaries() {
    let q3: Period = "2026-Q3".parse().unwrap();
    assert!(q3.contains("2026-09-30".parse().unwrap()));
    assert!(!q3.contains("2026-10-01".parse().unwrap()));
    let february: Period = "2028-02".parse().unwrap();
    assert_eq!(february.last_day().to_string(), "2028-02-29");
}

// The period a monthly report compares with: the one before of the same kind.
#[test]
fn the_previous_period_of_the_same_kind() {
    let previous = |text: &str| {
        text.parse::<Period>()
            .unwrap()
            .previous()
            .map(|p| p.to_string())
    };
    assert_eq!(previous("2026-03").unwrap(), "2026-02");
    assert_eq!(previous("2026-Q1").unwrap(), "2025-Q4");
    assert_eq!(previous("2026").unwrap(), "2025");
    // The 21st to the 20th: the same days a month earlier, across a year's end too.
    assert_eq!(
        previous("2026-01-21..2026-02-20").unwrap(),
        "2025-12-21..2026-01-20"
    );
    // A range that is not a month from one day to the day before: the days just before it.
    assert_eq!(
        previous("2026-01-31..2026-02-27").unwrap(),
        "2026-01-03..2026-01-30"
    );
    assert_eq!(
        previous("2026-03-01..2026-03-01").unwrap(),
        "2026-02-28..2026-02-28"
    );
    // Nothing before 1970.
    assert!(previous("1970").is_err());
    // A period written otherwise says how to write one.
    let error = "may-2026".parse::<Period>().unwrap_err().to_string();
    assert!(error.contains("expected YYYY, YYYY-Qn, YYYY-MM"), "{error}");
    assert!(previous("1970-01-01..1970-01-31").is_err());
}

#[test]
fn bad_counts_name_unit_criterion_and_problem() {
    let cases = [
        (r#"{"num": -3, "den": 10}"#, "unit H44.07, criterion DOSSIER_ON_TIME: the numerator '-3' is negative"),
        (r#"{"num": 2.5, "den": 10}"#, "unit H44.07, criterion DOSSIER_ON_TIME: the numerator '2.5' is not a whole number"),
        (r#"{"num": 2, "den": "10"}"#, "unit H44.07, criterion DOSSIER_ON_TIME: the denominator must be a number, found \"10\""),
        (r#"{"num": 2}"#, "unit H44.07, criterion DOSSIER_ON_TIME: the denominator is missing"),
        (r#"{"num": 2, "den": 3, "extra": 1}"#, "unit H44.07, criterion DOSSIER_ON_TIME: unexpected field 'extra'"),
        (r#"{"num": 2, "den": 3, "not_applicable": true}"#, "unit H44.07, criterion DOSSIER_ON_TIME: not_applicable cannot be given with num and den"),
        (r#"[2, 3]"#, "unit H44.07, criterion DOSSIER_ON_TIME: expected {\"num\": …, \"den\": …} or {\"not_applicable\": true}, found [2,3]"),
        // Written otherwise than in digits: the error says what was meant.
        (r#"{"num": 5.0, "den": 10}"#, "unit H44.07, criterion DOSSIER_ON_TIME: the numerator '5.0' has a fraction; write 5"),
        (r#"{"num": 1e30, "den": 10}"#, "unit H44.07, criterion DOSSIER_ON_TIME: the numerator '1e+30' is in exponent notation; write the number in digits"),
        (r#"{"num": -0, "den": 10}"#, "unit H44.07, criterion DOSSIER_ON_TIME: the numerator '-0.0' has a minus sign; write 0"),
        // A key given twice inside a count: not the last one silently kept (5/5 would read 1/5).
        (r#"{"num": 5, "num": 1, "den": 5}"#, "counts JSON: the key 'num' is given twice in units[0].criteria.DOSSIER_ON_TIME at line 1 column 117"),
    ];
    for (count, expected) in cases {
        let json = format!(
            r#"{{"units": [{{"code": "H44.07", "name": "Sở", "level": "department", "criteria": {{"DOSSIER_ON_TIME": {count}}}}}]}}"#
        );
        assert_eq!(read_error(&json), expected);
    }
}

#[test]
fn a_criterion_given_twice_is_an_error_not_an_overwrite() {
    let json = r#"{"units": [{"code": "H44", "name": "P", "level": "province",
        "criteria": {"DOSSIER_ON_TIME": {"num": 1, "den": 2}, "DOSSIER_ON_TIME": {"num": 2, "den": 2}}}]}"#;
    assert_eq!(
        read_error(json),
        "counts JSON: the key 'DOSSIER_ON_TIME' is given twice in units[0].criteria at line 2 column 79"
    );
}

#[test]
fn bad_unit_fields() {
    let json = r#"{"units": [{"code": "H44", "name": "P", "level": "tinh"}]}"#;
    assert_eq!(
        read_error(json),
        "unit H44, field level: 'tinh' is not one of ministry, province, department, district, commune"
    );
    let json = r#"{"units": [{"code": "H44", "name": "P", "level": "province", "colour": 1}]}"#;
    assert!(read_error(json).contains("unknown field `colour`"));
}

#[test]
fn scoring_errors() {
    let unknown = counts_json(&[unit_json(
        "H44",
        "province",
        None,
        &[("DOSIER_ON_TIME", 1, 2)],
    )]);
    assert_eq!(
        score_error(&unknown, ScoreOptions::default()).to_string(),
        "unit H44: unknown criterion DOSIER_ON_TIME for methodology dvcqg-2026"
    );
    let over = counts_json(&[unit_json(
        "H44.07",
        "department",
        None,
        &[("DOSSIER_ON_TIME", 12, 10)],
    )]);
    let error = score_error(&over, ScoreOptions::default());
    assert_eq!(
        error.to_string(),
        "unit H44.07, criterion DOSSIER_ON_TIME: numerator 12 is greater than denominator 10"
    );
    assert!(matches!(
        error.kind(),
        ErrorKind::NumeratorExceedsDenominator {
            num: 12,
            den: 10,
            ..
        }
    ));
    let duplicate = counts_json(&[
        unit_json("H44", "province", None, &[]),
        unit_json("H44", "province", None, &[]),
    ]);
    assert_eq!(
        score_error(&duplicate, ScoreOptions::default()).to_string(),
        "duplicate unit code H44"
    );
    let orphan = counts_json(&[unit_json("H44.07", "department", Some("H45"), &[])]);
    assert_eq!(
        score_error(&orphan, ScoreOptions::default()).to_string(),
        "unit H44.07: parent H45 does not exist"
    );
    let other = r#"{"methodology": "qd766-groups", "units": []}"#;
    assert!(matches!(
        score_error(other, ScoreOptions::default()).kind(),
        ErrorKind::MethodologyMismatch { .. }
    ));
}

#[test]
fn lenient_caps_and_records_a_diagnostic() {
    let over = counts_json(&[unit_json(
        "H44.07",
        "department",
        None,
        &[("DOSSIER_ON_TIME", 12, 10)],
    )]);
    let options = ScoreOptions {
        lenient: true,
        ..ScoreOptions::default()
    };
    let card = score(&dvcqg(), &Counts::from_json(&over).unwrap(), &options).unwrap();
    let criterion = card
        .unit("H44.07")
        .unwrap()
        .criterion("DOSSIER_ON_TIME")
        .unwrap();
    assert_eq!(
        (criterion.points, criterion.percent, criterion.capped),
        (Some(dec("20")), Some(dec("100")), true)
    );
    assert_eq!(card.diagnostics().len(), 1);
    assert_eq!(card.diagnostics()[0].unit, "H44.07");
    assert_eq!(
        chiso766::report::diagnostic_text(&card.diagnostics()[0]),
        "tử số 12 lớn hơn mẫu số 10; tỷ lệ được tính tối đa 100%"
    );
}

#[test]
fn missing_is_not_zero() {
    let json = counts_json(&[
        unit_json("A", "province", None, &[("DOSSIER_ON_TIME", 0, 0)]),
        unit_json("B", "province", None, &[]),
    ]);
    let card = score_json(&json);
    let a = card.unit("A").unwrap();
    let zero = a.criterion("DOSSIER_ON_TIME").unwrap();
    assert_eq!(
        (zero.points, zero.rate, zero.percent),
        (Some(dec("0")), None, None)
    );
    assert_eq!(a.group("TDGQ").unwrap().points, Some(dec("0")));
    let b = card.unit("B").unwrap();
    assert_eq!(b.group("TDGQ").unwrap().points, None);
    assert_eq!(b.criterion("DOSSIER_ON_TIME").unwrap().points, None);
    assert_eq!(b.missing.len(), 21);
    assert_eq!((a.total, b.total), (None, None));
}

#[test]
fn incomplete_unit_keeps_its_complete_groups() {
    let json = counts_json(&[unit_json(
        "U",
        "commune",
        None,
        &[("DOSSIER_ON_TIME", 9, 10)],
    )]);
    let card = score_json(&json);
    let unit = card.unit("U").unwrap();
    assert_eq!(unit.group("TDGQ").unwrap().points, Some(dec("18")));
    assert_eq!(unit.group("CKMB").unwrap().points, None);
    assert!(!unit.is_complete());
    assert_eq!(unit.total, None);
}

#[test]
fn not_applicable_keeps_a_unit_complete() {
    let mut counts = Counts::from_json(chiso766::examples::PHU_THO_2026).unwrap();
    counts.units[0].criteria.insert(
        "ELECTRONIC_CERTIFIED_COPY".into(),
        CriterionCount::NotApplicable,
    );
    let card = score(&dvcqg(), &counts, &ScoreOptions::default()).unwrap();
    let h44 = card.unit("H44").unwrap();
    assert!(h44.is_complete());
    // Scored by the criterion's zero-denominator policy (0 points): 61.89 − 2.
    assert_eq!(h44.total, Some(dec("59.89")));
}

const CSV: &str = "\
unit_code,unit_name,level,parent,criterion,num,den
H44,UBND tỉnh Phú Thọ,province,,DOSSIER_ON_TIME,528684,597918
H44.07,Sở Tư pháp,department,H44,DOSSIER_ON_TIME,96,100
H44,UBND tỉnh Phú Thọ,province,,PUBLISH_ON_TIME,0,89
";

#[test]
fn csv_reads_like_json() {
    let from_csv = Counts::from_csv(CSV.as_bytes()).unwrap();
    let json = counts_json(&[
        unit_json(
            "H44",
            "province",
            None,
            &[
                ("DOSSIER_ON_TIME", 528684, 597918),
                ("PUBLISH_ON_TIME", 0, 89),
            ],
        ),
        unit_json(
            "H44.07",
            "department",
            Some("H44"),
            &[("DOSSIER_ON_TIME", 96, 100)],
        ),
    ]);
    let mut from_json = Counts::from_json(&json).unwrap();
    // The CSV names neither a period nor an edition; the JSON names both.
    from_json.period = None;
    from_json.methodology = None;
    from_json.units[0].unit.name = "UBND tỉnh Phú Thọ".into();
    from_json.units[1].unit.name = "Sở Tư pháp".into();
    assert_eq!(from_csv, from_json);
}

#[test]
fn csv_errors_name_the_line() {
    let conflicting = format!("{CSV}H44,UBND tỉnh Phú Thọ,commune,,DOSSIER_SYNC,1,1\n");
    let error = Counts::from_csv(conflicting.as_bytes()).unwrap_err();
    assert_eq!(error.to_string(), "counts CSV line 5: unit H44, field level: 'commune' contradicts 'province' given on an earlier row");
    assert_eq!(error.location().unwrap().line, Some(5));
    let negative = CSV.replace("96,100", "-96,100");
    assert_eq!(
        Counts::from_csv(negative.as_bytes()).unwrap_err().to_string(),
        "counts CSV line 3: unit H44.07, criterion DOSSIER_ON_TIME: the numerator '-96' is negative"
    );
    let unknown_column = CSV.replacen("den", "den,note", 1);
    assert!(Counts::from_csv(unknown_column.as_bytes())
        .unwrap_err()
        .to_string()
        .starts_with("counts CSV line 1: unknown column 'note'"));
    let ragged = format!("{CSV}H44,x\n");
    assert!(Counts::from_csv(ragged.as_bytes())
        .unwrap_err()
        .to_string()
        .starts_with("counts CSV line 5:"));
}

#[test]
fn csv_groups_and_file_fields() {
    let csv = "\
unit_code,unit_name,level,parent,criterion,points,period,methodology
H46,UBND tỉnh Thừa Thiên Huế,province,,CKMB,8.8,2022,qd766-groups
H46,UBND tỉnh Thừa Thiên Huế,province,,TDGQ,15.6,2022,qd766-groups
";
    let counts = Counts::from_csv(csv.as_bytes()).unwrap();
    assert_eq!(counts.methodology.as_deref(), Some("qd766-groups"));
    assert_eq!(counts.period, Some(Period::year(2022).unwrap()));
    assert_eq!(counts.units[0].groups["CKMB"], dec("8.8"));
    let conflicting = csv.replacen("TDGQ,15.6,2022", "TDGQ,15.6,2023", 1);
    assert_eq!(
        Counts::from_csv(conflicting.as_bytes()).unwrap_err().to_string(),
        "counts CSV line 3: unit H46, field period: '2023' contradicts '2022' given on an earlier row"
    );
}

#[test]
fn round_trips() {
    let counts = Counts::from_json(chiso766::examples::PHU_THO_2026).unwrap();
    assert_eq!(Counts::from_json(&counts.to_json()).unwrap(), counts);
    let mut csv = Vec::new();
    counts.to_csv(&mut csv).unwrap();
    assert_eq!(Counts::from_csv(csv.as_slice()).unwrap(), counts);
}

#[test]
fn group_points_are_checked_against_the_methodology() {
    let m = Methodology::builtin("qd766-groups").unwrap();
    let json = |groups: &str| {
        format!(
            r#"{{"methodology": "qd766-groups", "units": [{{"code": "H46", "name": "T", "level": "province", "groups": {groups}}}]}}"#
        )
    };
    let error = |groups: &str| {
        score(
            &m,
            &Counts::from_json(&json(groups)).unwrap(),
            &ScoreOptions::default(),
        )
        .unwrap_err()
        .to_string()
    };
    assert_eq!(
        error(r#"{"CKMB": "18.5"}"#),
        "unit H46, group CKMB: points 18.5 exceed the group's maximum 18"
    );
    assert_eq!(
        error(r#"{"XYZ": "1"}"#),
        "unit H46, group XYZ: not a group of methodology qd766-groups"
    );
    assert_eq!(
        error(r#"{"CKMB": "8.885"}"#),
        "unit H46, group CKMB: points 8.885 have more than 2 decimals"
    );
    assert_eq!(
        Counts::from_json(&json(r#"{"CKMB": "-1"}"#))
            .unwrap_err()
            .to_string(),
        "unit H46, group CKMB: points -1 are negative"
    );
    // A group of criteria may be given as points in their place, not beside one of them.
    let criteria_group = r#"{"units": [{"code": "H46", "name": "T", "level": "province", "groups": {"CKMB": "8"},
        "criteria": {"DOSSIER_SYNC": {"num": 1, "den": 1}}}]}"#;
    let error = score(
        &dvcqg(),
        &Counts::from_json(criteria_group).unwrap(),
        &ScoreOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "unit H46, group CKMB: the group's points are given and so is the count of its criterion \
         DOSSIER_SYNC; give either the group's points or its criteria's counts"
    );
    let given = r#"{"units": [{"code": "H46", "name": "T", "level": "province", "groups": {"CKMB": "8"}}]}"#;
    let card = score(
        &dvcqg(),
        &Counts::from_json(given).unwrap(),
        &ScoreOptions::default(),
    )
    .unwrap();
    let ckmb = card.unit("H46").unwrap().group("CKMB").unwrap();
    assert_eq!((ckmb.points, ckmb.given), (Some(dec("8")), true));
}

// A count that is only a published rate says so in the interchange JSON, and back; naming a
// criterion as a rate without its count is an error naming both.
#[test]
fn a_rate_only_count_round_trips() {
    let text = r#"{"units": [{"code": "X", "name": "X", "level": "commune",
        "criteria": {"ELECTRONIC_CERTIFIED_COPY": {"num": 1, "den": 1}}, "ratio_only": ["ELECTRONIC_CERTIFIED_COPY"]}]}"#;
    let counts = Counts::from_json(text).unwrap();
    assert!(counts.units[0]
        .ratio_only
        .contains("ELECTRONIC_CERTIFIED_COPY"));
    assert_eq!(Counts::from_json(&counts.to_json()).unwrap(), counts);
    let card = score(&dvcqg(), &counts, &ScoreOptions::default()).unwrap();
    let copy = card
        .unit("X")
        .unwrap()
        .criterion("ELECTRONIC_CERTIFIED_COPY")
        .unwrap();
    assert_eq!(copy.source, Some(chiso766::interchange::Source::Ratio));
    let error = Counts::from_json(&text.replace("ELECTRONIC_CERTIFIED_COPY\"]", "DOSSIER_SYNC\"]"))
        .unwrap_err();
    assert!(
        error.to_string().contains("DOSSIER_SYNC") && error.to_string().contains("ratio_only"),
        "{error}"
    );
}

// A CSV cannot name its edition: scoring it under an edition chosen explicitly works (a JSON file
// that names another edition is still a mismatch).
#[test]
fn counts_that_name_no_edition_are_scored_under_the_one_chosen() {
    let json = dvcqg()
        .to_json()
        .unwrap()
        .replacen("\"dvcqg-2026\"", "\"tinh-2026\"", 1);
    let edition = Methodology::from_json(&json).unwrap();
    assert_eq!(edition.name(), "tinh-2026");
    let csv =
        "unit_code,unit_name,level,parent,criterion,num,den\nH44,P,province,,DOSSIER_ON_TIME,1,2\n";
    let counts = Counts::from_csv(csv.as_bytes()).unwrap();
    let card = score(&edition, &counts, &ScoreOptions::default()).unwrap();
    assert_eq!(card.methodology().name(), "tinh-2026");
    let named = Counts::from_json(&counts_json(&[unit_json(
        "H44",
        "province",
        None,
        &[("DOSSIER_ON_TIME", 1, 2)],
    )]))
    .unwrap();
    assert_eq!(named.methodology.as_deref(), Some("dvcqg-2026"));
    let error = score(&edition, &named, &ScoreOptions::default())
        .map(|_| ())
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::MethodologyMismatch { .. }),
        "{error}"
    );
}

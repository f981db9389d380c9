//! Rankings within peer sets (competition, dense, ordinal), ties, incomplete units, and the change
//! between two scorecards.

use chiso766::{
    deltas, rank, Counts, ErrorKind, Methodology, RankBy, RankMethod, ScoreOptions, Scorecard,
};

use crate::common::dec;

/// A group-level scorecard: each unit gives its six group points (or fewer, to be incomplete).
fn groups_card(units: &[(&str, &str, Option<&str>, [&str; 6])]) -> Scorecard {
    let codes = ["CKMB", "TDGQ", "DVCTT", "TTTT", "MDHL", "MDSH"];
    let units: Vec<String> = units
        .iter()
        .map(|(code, level, parent, points)| {
            let groups: Vec<String> = codes
                .iter()
                .zip(points)
                .filter(|(_, p)| !p.is_empty())
                .map(|(c, p)| format!(r#""{c}": "{p}""#))
                .collect();
            let parent = parent.map(|p| format!(r#""{p}""#)).unwrap_or_else(|| "null".into());
            format!(r#"{{"code": "{code}", "name": "{code}", "level": "{level}", "parent": {parent}, "groups": {{{}}}}}"#, groups.join(", "))
        })
        .collect();
    let json = format!(
        r#"{{"methodology": "qd766-groups", "period": "2022", "units": [{}]}}"#,
        units.join(", ")
    );
    chiso766::score(
        &Methodology::builtin("qd766-groups").unwrap(),
        &Counts::from_json(&json).unwrap(),
        &ScoreOptions::default(),
    )
    .unwrap()
}

fn ranks(card: &Scorecard, by: &RankBy, method: RankMethod) -> Vec<(String, Option<u32>, u32)> {
    rank(card, by, method)
        .unwrap()
        .entries()
        .iter()
        .map(|r| (r.code.clone(), r.rank, r.of))
        .collect()
}

fn owned(expected: &[(&str, Option<u32>, u32)]) -> Vec<(String, Option<u32>, u32)> {
    expected
        .iter()
        .map(|(c, r, o)| (c.to_string(), *r, *o))
        .collect()
}

fn provinces() -> Scorecard {
    groups_card(&[
        ("D", "province", None, ["9", "15", "3", "2", "16", "8"]), // 53
        ("B", "province", None, ["9", "16", "3", "2", "16", "8"]), // 54
        ("A", "province", None, ["9", "15", "3", "2", "16", "8"]), // 53
        ("C", "province", None, ["9", "16", "3", "2", "16", "8"]), // 54
        ("E", "province", None, ["8", "15", "3", "2", "16", "8"]), // 52
        ("F", "province", None, ["8", "15", "3", "2", "16", ""]),  // incomplete
    ])
}

#[test]
fn competition_dense_and_ordinal() {
    let card = provinces();
    assert_eq!(
        ranks(&card, &RankBy::Total, RankMethod::Competition),
        owned(&[
            ("B", Some(1), 5),
            ("C", Some(1), 5),
            ("A", Some(3), 5),
            ("D", Some(3), 5),
            ("E", Some(5), 5),
            ("F", None, 5)
        ])
    );
    assert_eq!(
        ranks(&card, &RankBy::Total, RankMethod::Dense),
        owned(&[
            ("B", Some(1), 5),
            ("C", Some(1), 5),
            ("A", Some(2), 5),
            ("D", Some(2), 5),
            ("E", Some(3), 5),
            ("F", None, 5)
        ])
    );
    assert_eq!(
        ranks(&card, &RankBy::Total, RankMethod::Ordinal),
        owned(&[
            ("B", Some(1), 5),
            ("C", Some(2), 5),
            ("A", Some(3), 5),
            ("D", Some(4), 5),
            ("E", Some(5), 5),
            ("F", None, 5)
        ])
    );
}

#[test]
fn by_group_and_by_view_group() {
    let card = provinces();
    let ckmb = ranks(
        &card,
        &RankBy::Group("CKMB".into()),
        RankMethod::Competition,
    );
    assert_eq!(ckmb[0], ("A".to_string(), Some(1), 6));
    assert_eq!(ckmb[4], ("E".to_string(), Some(5), 6));
    // The decision's "Cung cấp dịch vụ trực tuyến" (DVCTT + TTTT): everyone ties at 5.
    let online = ranks(
        &card,
        &RankBy::Group("CCDVTT".into()),
        RankMethod::Competition,
    );
    assert!(online.iter().all(|(_, r, _)| *r == Some(1)));
    let error = rank(&card, &RankBy::Group("XYZ".into()), RankMethod::Dense).unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::UnknownGroup { .. }));
}

#[test]
fn peer_sets_keep_departments_and_communes_apart() {
    let card = groups_card(&[
        ("H44", "province", None, ["9", "15", "3", "2", "16", "8"]),
        (
            "H44.07",
            "department",
            Some("H44"),
            ["9", "15", "3", "2", "16", "8"],
        ),
        (
            "H44.08",
            "department",
            Some("H44"),
            ["9", "16", "3", "2", "16", "8"],
        ),
        (
            "H44.101",
            "commune",
            Some("H44"),
            ["9", "17", "3", "2", "16", "8"],
        ),
        ("H45", "province", None, ["9", "16", "3", "2", "16", "8"]),
        (
            "H45.101",
            "commune",
            Some("H45"),
            ["9", "15", "3", "2", "16", "8"],
        ),
    ]);
    let ranking = rank(&card, &RankBy::Total, RankMethod::Competition).unwrap();
    let place = |code: &str| {
        let r = ranking.get(code).unwrap();
        (r.rank, r.of)
    };
    assert_eq!(place("H45"), (Some(1), 2));
    assert_eq!(place("H44"), (Some(2), 2));
    assert_eq!(place("H44.08"), (Some(1), 2));
    assert_eq!(place("H44.07"), (Some(2), 2));
    assert_eq!(place("H44.101"), (Some(1), 1));
    assert_eq!(place("H45.101"), (Some(1), 1));
}

// Seed 003: Thừa Thiên Huế's 2022 groups as published (one decimal). Their sum is 54.0 although the
// portal published 54.1: the groups were rounded for publication, the total was not.
#[test]
fn published_groups_are_summed_as_given() {
    let card = groups_card(&[(
        "H57",
        "province",
        None,
        ["8.8", "15.6", "3.0", "2.5", "16.1", "8.0"],
    )]);
    let unit = card.unit("H57").unwrap();
    assert_eq!(unit.total, Some(dec("54.0")));
    assert_eq!(
        unit.view("qd766").unwrap().groups[2].points,
        Some(dec("5.5"))
    );
}

#[test]
fn deltas_between_two_periods() {
    let before = groups_card(&[
        ("A", "province", None, ["9", "15", "3", "2", "16", "8"]),
        ("B", "province", None, ["9", "16", "3", "2", "16", "8"]),
        ("C", "province", None, ["9", "14", "3", "2", "16", "8"]),
    ]);
    let after = groups_card(&[
        ("A", "province", None, ["9", "17", "3", "2", "16", "8.25"]),
        ("B", "province", None, ["9", "16", "3", "2", "16", "8"]),
        ("D", "province", None, ["9", "16", "3", "2", "16", "8"]),
    ]);
    let changes = deltas(&before, &after, &RankBy::Total, RankMethod::Competition).unwrap();
    let a = &changes[0];
    assert_eq!(
        (a.before, a.after, a.points),
        (Some(dec("53")), Some(dec("55.25")), Some(dec("2.25")))
    );
    assert_eq!(
        (a.rank_before, a.rank_after, a.rank_change),
        (Some(2), Some(1), Some(1))
    );
    let b = &changes[1];
    assert_eq!((b.points, b.rank_change), (Some(dec("0")), Some(-1)));
    let d = &changes[2];
    assert_eq!((d.code.as_str(), d.before, d.points), ("D", None, None));
    let c = &changes[3];
    assert_eq!(
        (c.code.as_str(), c.after, c.rank_before),
        ("C", None, Some(3))
    );

    let other = chiso766::score(
        &crate::common::dvcqg(),
        &Counts::from_json(chiso766::examples::PHU_THO_2026).unwrap(),
        &ScoreOptions::default(),
    )
    .unwrap();
    let error = deltas(&before, &other, &RankBy::Total, RankMethod::Competition).unwrap_err();
    assert!(matches!(
        error.kind(),
        ErrorKind::MethodologyMismatch { .. }
    ));
}

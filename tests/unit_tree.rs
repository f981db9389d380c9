//! The unit tree: validation, peer sets, and the roll-up of counts (pooled dossier counts, inherited
//! publication criteria).

use chiso766::interchange::Source;
use chiso766::{score, Counts, CriterionCount, ErrorKind, Level, ScoreOptions, Unit, UnitTree};

use crate::common::{counts_json, dec, dvcqg, score_json, unit_json};

fn unit(code: &str, level: Level, parent: Option<&str>) -> Unit {
    Unit {
        code: code.into(),
        name: format!("Đơn vị {code}"),
        level,
        parent: parent.map(Into::into),
    }
}

#[test]
fn validation() {
    let error = UnitTree::new([
        unit("A", Level::Province, None),
        unit("A", Level::Province, None),
    ])
    .unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::DuplicateUnit { unit } if unit == "A"));
    let error = UnitTree::new([unit("A.1", Level::Commune, Some("B"))]).unwrap_err();
    assert_eq!(error.to_string(), "unit A.1: parent B does not exist");
    // A parent a spreadsheet changed is traced to the code it was.
    let error = UnitTree::new([
        unit("01", Level::Province, None),
        unit("01.101", Level::Commune, Some("1")),
    ])
    .unwrap_err();
    match error.kind() {
        ErrorKind::UnknownParent {
            meant: Some(meant), ..
        } => assert_eq!(meant.meant, "01"),
        other => panic!("{other:?}"),
    }
    assert!(error.to_string().contains("probably 01 read as a number"));
    let error = UnitTree::new([
        unit("P", Level::Province, None),
        unit("X", Level::District, Some("Z")),
        unit("Y", Level::District, Some("X")),
        unit("Z", Level::District, Some("Y")),
    ])
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "units form a cycle of parents: X → Z → Y → X"
    );
    let error = UnitTree::new([unit("S", Level::Commune, Some("S"))]).unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::ParentCycle { units } if units == &["S", "S"]));
}

#[test]
fn ancestors_children_and_peer_sets() {
    // Before July 2025: province → district → commune.
    let tree = UnitTree::new([
        unit("H57", Level::Province, None),
        unit("H57.36", Level::District, Some("H57")),
        unit("H57.36.1", Level::Commune, Some("H57.36")),
        unit("H57.03", Level::Department, Some("H57")),
        unit("H44", Level::Province, None),
    ])
    .unwrap();
    let ancestors: Vec<&str> = tree
        .ancestors("H57.36.1")
        .map(|u| u.code.as_str())
        .collect();
    assert_eq!(ancestors, ["H57.36", "H57"]);
    let children: Vec<&str> = tree.children("H57").map(|u| u.code.as_str()).collect();
    assert_eq!(children, ["H57.36", "H57.03"]);
    let commune = tree.peer_set("H57.36.1").unwrap();
    assert_eq!(
        (commune.level, commune.under.as_deref()),
        (Level::Commune, Some("H57"))
    );
    assert_eq!(tree.peer_set("H44").unwrap().under, None);
    assert_eq!(tree.peer_set("H57").unwrap(), tree.peer_set("H44").unwrap());
}

/// The count a unit ended up with for a criterion (own, pooled, inherited or missing).
fn count_of(card: &chiso766::Scorecard, unit: &str, criterion: &str) -> Option<CriterionCount> {
    card.unit(unit).unwrap().criterion(criterion).unwrap().count
}

fn province_with_children(province: &[(&str, u64, u64)]) -> String {
    counts_json(&[
        unit_json("H44", "province", None, province),
        unit_json(
            "H44.07",
            "department",
            Some("H44"),
            &[("DOSSIER_ON_TIME", 90, 100), ("ONLINE_PROCEDURES", 5, 10)],
        ),
        unit_json(
            "H44.101",
            "commune",
            Some("H44"),
            &[("DOSSIER_ON_TIME", 280, 300), ("ONLINE_PROCEDURES", 7, 10)],
        ),
    ])
}

#[test]
fn a_province_without_dossier_counts_gets_the_pooled_sum() {
    let json = province_with_children(&[("PUBLISH_ON_TIME", 80, 89)]);
    let card = score_json(&json);
    let province = card.unit("H44").unwrap();
    let pooled = province.criterion("DOSSIER_ON_TIME").unwrap();
    assert_eq!(
        pooled.count,
        Some(CriterionCount::Counted { num: 370, den: 400 })
    );
    assert_eq!(pooled.source, Some(Source::Pooled));
    // 20 × 370/400 = 18.50: pooled counts, not the mean of 18.00 and 18.67.
    assert_eq!(pooled.points, Some(dec("18.50")));
    // Procedures overlap between units and are not added up.
    assert_eq!(province.criterion("ONLINE_PROCEDURES").unwrap().count, None);
    // Publication is computed once for the province and shown unchanged on its sub-units.
    let commune = card
        .unit("H44.101")
        .unwrap()
        .criterion("PUBLISH_ON_TIME")
        .unwrap();
    assert_eq!(
        commune.count,
        Some(CriterionCount::Counted { num: 80, den: 89 })
    );
    assert_eq!(commune.source, Some(Source::Inherited("H44".into())));
}

#[test]
fn a_province_with_its_own_counts_keeps_them() {
    let json = province_with_children(&[("DOSSIER_ON_TIME", 1, 2)]);
    let card = score_json(&json);
    let own = card
        .unit("H44")
        .unwrap()
        .criterion("DOSSIER_ON_TIME")
        .unwrap();
    assert_eq!(
        (own.count, own.source.clone()),
        (
            Some(CriterionCount::Counted { num: 1, den: 2 }),
            Some(Source::Own)
        )
    );
}

#[test]
fn a_child_missing_a_count_leaves_the_pool_missing() {
    let json = counts_json(&[
        unit_json("H44", "province", None, &[]),
        unit_json(
            "H44.07",
            "department",
            Some("H44"),
            &[("DOSSIER_ON_TIME", 90, 100)],
        ),
        unit_json("H44.101", "commune", Some("H44"), &[]),
    ]);
    let card = score_json(&json);
    assert_eq!(count_of(&card, "H44", "DOSSIER_ON_TIME"), None);
}

#[test]
fn pooling_goes_through_every_tier() {
    let json = counts_json(&[
        unit_json("H57", "province", None, &[]),
        unit_json("H57.36", "district", Some("H57"), &[]),
        unit_json(
            "H57.36.1",
            "commune",
            Some("H57.36"),
            &[("DOSSIER_SYNC", 10, 10)],
        ),
        unit_json(
            "H57.36.2",
            "commune",
            Some("H57.36"),
            &[("DOSSIER_SYNC", 5, 10)],
        ),
        unit_json(
            "H57.03",
            "department",
            Some("H57"),
            &[("DOSSIER_SYNC", 30, 30)],
        ),
    ]);
    let card = score_json(&json);
    let sync = |code: &str| {
        card.unit(code)
            .unwrap()
            .criterion("DOSSIER_SYNC")
            .unwrap()
            .count
    };
    assert_eq!(
        sync("H57.36"),
        Some(CriterionCount::Counted { num: 15, den: 20 })
    );
    assert_eq!(
        sync("H57"),
        Some(CriterionCount::Counted { num: 45, den: 50 })
    );
}

#[test]
fn roll_up_can_be_turned_off() {
    let json = province_with_children(&[]);
    let options = ScoreOptions {
        roll_up: false,
        ..ScoreOptions::default()
    };
    let card = score(&dvcqg(), &Counts::from_json(&json).unwrap(), &options).unwrap();
    assert_eq!(count_of(&card, "H44", "DOSSIER_ON_TIME"), None);
}

// A chain of 20,000 units, each the parent of the next, costs time and memory linear in the units
// (it was quadratic: 43 s and 1.1 GB): every dossier is pooled into each unit above it, and every
// commune is ranked under the province.
#[test]
fn a_deep_chain_of_units_counts_pools_and_ranks() {
    use chiso766::calendar::{Calendar, Moment};
    use chiso766::count::{CountOptions, Counting};
    use chiso766::record::Dossier;
    use chiso766::{rank_all, RankMethod};

    const DEPTH: usize = 20_000;
    let code = |i: usize| {
        if i == 0 {
            "X".to_owned()
        } else {
            format!("C{i:05}")
        }
    };
    let units = (0..DEPTH).map(|i| Unit {
        code: code(i),
        name: format!("Đơn vị {i}"),
        level: if i == 0 {
            Level::Province
        } else {
            Level::Commune
        },
        parent: (i > 0).then(|| code(i - 1)),
    });
    let tree = UnitTree::new(units).unwrap();
    let deepest = tree.peer_set(&code(DEPTH - 1)).unwrap();
    assert_eq!(deepest.under.as_deref(), Some("X"));
    let counting = Counting::new(
        tree,
        crate::counting::catalogue(),
        Calendar::vietnam().unwrap(),
        vec!["2026-03".parse().unwrap()],
        CountOptions::default(),
    )
    .unwrap();
    // One dossier in each commune, settled the day it came.
    let dossiers: Vec<Dossier> = (1..DEPTH)
        .map(|i| Dossier {
            received_at: Some(Moment::parse("2026-03-02 08:00").unwrap()),
            finished_at: Some(Moment::parse("2026-03-02 10:00").unwrap()),
            ..Dossier::new(&format!("HS-{i}"), &code(i), "C.PART")
        })
        .collect();
    let tally = counting.count_dossiers(&dossiers).unwrap();
    let counts = &counting.counts(&tally, None).unwrap()[0];
    let on_time = |unit: &str| {
        let found = counts.units.iter().find(|u| u.unit.code == unit).unwrap();
        found.criteria["DOSSIER_ON_TIME"]
    };
    // A unit pools its own dossier and every one below it.
    for depth in [1, 2, DEPTH / 2, DEPTH - 1] {
        let below = (DEPTH - depth) as u64;
        assert_eq!(
            on_time(&code(depth)),
            CriterionCount::Counted {
                num: below,
                den: below
            },
            "depth {depth}"
        );
    }
    let card = score(&dvcqg(), counts, &ScoreOptions::default()).unwrap();
    let rankings = rank_all(&card, RankMethod::Competition).unwrap();
    let by_total = &rankings[0];
    let entry = by_total.get(&code(DEPTH - 1)).unwrap();
    assert_eq!(entry.peers.under.as_deref(), Some("X"));
    let communes = by_total
        .entries()
        .iter()
        .filter(|e| e.peers == entry.peers)
        .count();
    assert_eq!(communes, DEPTH - 1, "all communes are one peer set");
}

//! The compiled scoring plan (`chiso766::compiled`) gives what `score` and `rank` give: the same
//! points to the hundredth and the same competition ranks, on every edition, on random unit
//! trees with missing, empty, not-applicable and huge counts.

use std::collections::BTreeMap;

use chiso766::compiled::ScoringPlan;
use chiso766::{
    rank, score, Counts, CriterionCount, Level, Methodology, RankBy, RankMethod, ScoreOptions,
    Unit, UnitCounts,
};
use proptest::prelude::*;

/// Every edition shipped with the crate that scores criteria, and two a user might write as
/// JSON: three places rounded half even, and one place rounded toward zero (the paths the
/// compiled plan's 64-bit shortcut leaves to its general arithmetic).
fn editions() -> Vec<Methodology> {
    let mut all = vec![Methodology::builtin("dvcqg-2026").unwrap()];
    all.extend(Methodology::variants().unwrap());
    let json = all[0].to_json().unwrap();
    for (name, places, strategy) in [
        ("json-three-places-half-even", 3, "half_even"),
        ("json-one-place-toward-zero", 1, "toward_zero"),
    ] {
        let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
        value["name"] = name.into();
        value["rounding"] = serde_json::json!({ "places": places, "strategy": strategy });
        all.push(Methodology::from_json(&value.to_string()).unwrap());
    }
    all
}

/// A count as units report them: often small, sometimes empty or not applicable, sometimes past
/// 2³², sometimes missing (`None`).
fn count() -> impl Strategy<Value = Option<CriterionCount>> {
    prop_oneof![
        1 => Just(None),
        1 => Just(Some(CriterionCount::NotApplicable)),
        1 => Just(Some(CriterionCount::Counted { num: 0, den: 0 })),
        8 => (1u64..=60).prop_flat_map(|den| (0..=den, Just(den)))
            .prop_map(|(num, den)| Some(CriterionCount::Counted { num, den })),
        2 => (1u64..=5_000_000_000).prop_flat_map(|den| (0..=den, Just(den)))
            .prop_map(|(num, den)| Some(CriterionCount::Counted { num, den })),
    ]
}

/// A province with departments and communes (which pool into it), each criterion counted or not.
fn tree(codes: Vec<String>) -> impl Strategy<Value = Counts> {
    let width = codes.len();
    proptest::collection::vec(proptest::collection::vec(count(), width), 3..12).prop_map(
        move |units| {
            let units = (units.into_iter().enumerate())
                .map(|(i, counts)| {
                    let (code, level, parent) = match i {
                        0 => ("P".to_owned(), Level::Province, None),
                        i if i % 3 == 1 => (format!("S{i}"), Level::Department, Some("P".into())),
                        i => (format!("X{i}"), Level::Commune, Some("P".into())),
                    };
                    let criteria: BTreeMap<String, CriterionCount> = (codes.iter().cloned())
                        .zip(counts)
                        .filter_map(|(code, count)| Some((code, count?)))
                        .collect();
                    UnitCounts {
                        unit: Unit {
                            name: code.clone(),
                            code,
                            level,
                            parent,
                        },
                        criteria,
                        groups: BTreeMap::new(),
                        ratio_only: Default::default(),
                    }
                })
                .collect();
            Counts {
                methodology: None,
                period: None,
                units,
            }
        },
    )
}

fn codes() -> Vec<String> {
    (Methodology::builtin("dvcqg-2026").unwrap().criteria())
        .map(|(_, c)| c.code.clone())
        .collect()
}

/// Checks the plan against `score` and `rank` on `counts` under `methodology`.
fn agree(
    methodology: &Methodology,
    counts: &Counts,
    options: &ScoreOptions,
) -> Result<(), TestCaseError> {
    let plan = ScoringPlan::new(methodology);
    let expected = score(methodology, counts, options);
    let table = plan.table(counts, options);
    let (card, table) = match (expected, table) {
        (Ok(card), Ok(table)) => (card, table),
        (Err(_), Err(_)) => return Ok(()),
        (Ok(_), Err(e)) => return Err(TestCaseError::fail(format!("table failed: {e}"))),
        (Err(e), Ok(table)) => {
            // A numerator above its denominator is found when scoring, not when laying out.
            prop_assert!(
                plan.score(&table).is_err(),
                "score failed ({e}) but the plan did not"
            );
            return Ok(());
        }
    };
    let points = plan
        .score(&table)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let ranks = points.ranks(&table);
    let by_total = rank(&card, &RankBy::Total, RankMethod::Competition).unwrap();
    let by_groups: Vec<_> = (methodology.groups().iter())
        .map(|g| {
            rank(
                &card,
                &RankBy::Group(g.code.clone()),
                RankMethod::Competition,
            )
            .unwrap()
        })
        .collect();
    for (row, unit) in card.units().iter().enumerate() {
        let code = &unit.unit.code;
        prop_assert_eq!(table.position(code), Some(row));
        prop_assert_eq!(points.total(row), unit.total, "{} total", code);
        let ranked = by_total.get(code).unwrap();
        prop_assert_eq!(
            (ranks.total(row), ranks.of(row)),
            (ranked.rank, ranked.of),
            "{} rank",
            code
        );
        for (g, group) in unit.groups.iter().enumerate() {
            prop_assert_eq!(
                points.group(row, g),
                group.points,
                "{} {}",
                code,
                group.code
            );
            prop_assert_eq!(
                ranks.group(row, g),
                by_groups[g].get(code).unwrap().rank,
                "{} rank {}",
                code,
                group.code
            );
        }
        for (c, criterion) in unit.criteria.iter().enumerate() {
            prop_assert_eq!(
                points.is_missing(row, c),
                criterion.is_missing(),
                "{} {}",
                code,
                criterion.code
            );
            if !criterion.is_missing() {
                prop_assert_eq!(
                    points.criterion(row, c),
                    criterion.points,
                    "{} {}",
                    code,
                    criterion.code
                );
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn the_plan_scores_and_ranks_as_score_and_rank_do(counts in tree(codes()), lenient: bool, roll_up: bool) {
        let options = ScoreOptions { lenient, roll_up };
        for methodology in editions() {
            agree(&methodology, &counts, &options)?;
        }
    }
}

// The portal's own figures, through the plan: Phú Thọ's published total.
#[test]
fn the_embedded_province_scores_as_published() {
    let methodology = Methodology::builtin("dvcqg-2026").unwrap();
    let counts = Counts::from_json(chiso766::examples::PHU_THO_2026).unwrap();
    agree(&methodology, &counts, &ScoreOptions::default()).unwrap();
    let plan = ScoringPlan::new(&methodology);
    let table = plan.table(&counts, &ScoreOptions::default()).unwrap();
    let points = plan.score(&table).unwrap();
    let h44 = table.position("H44").unwrap();
    assert_eq!(points.total(h44).unwrap().to_string(), "61.89");
    // A table laid out for another methodology is refused.
    let groups = Methodology::variants().unwrap().remove(0);
    assert!(ScoringPlan::new(&groups).score(&table).is_err());
}

// Group points given directly (the 2022 results' edition) are ranked as given.
#[test]
fn group_points_given_directly_are_ranked() {
    let methodology = Methodology::builtin("qd766-groups").unwrap();
    let unit = |code: &str, points: &str| UnitCounts {
        unit: Unit {
            code: code.into(),
            name: code.into(),
            level: Level::Province,
            parent: None,
        },
        criteria: BTreeMap::new(),
        groups: methodology
            .groups()
            .iter()
            .map(|g| (g.code.clone(), points.parse().unwrap()))
            .collect(),
        ratio_only: Default::default(),
    };
    let counts = Counts {
        methodology: None,
        period: None,
        units: vec![unit("A", "5.5"), unit("B", "7.25"), unit("C", "5.5")],
    };
    agree(&methodology, &counts, &ScoreOptions::default()).unwrap();
}

// A nation-sized table is scored and ranked on two cores (when the machine has them): the same
// points and ranks as `score` and `rank`, unit by unit.
#[test]
fn a_nation_scores_and_ranks_as_score_and_rank_do() {
    let methodology = Methodology::builtin("dvcqg-2026").unwrap();
    let counts = chiso766::examples::synthetic::national_counts(&methodology);
    assert_eq!(counts.units.len(), 3_934);
    agree(&methodology, &counts, &ScoreOptions::default()).unwrap();
}

// Several tables scored and ranked together (two by two on two cores, the odd one out in halves)
// give what each scored and ranked alone gives, in the tables' order; one table in error fails
// the whole.
#[test]
fn tables_scored_together_score_as_each_alone() {
    let methodology = Methodology::builtin("dvcqg-2026").unwrap();
    let plan = ScoringPlan::new(&methodology);
    let options = ScoreOptions::default();
    let mut nation = chiso766::examples::synthetic::national_counts(&methodology);
    let forward = plan.table(&nation, &options).unwrap();
    nation.units.reverse();
    let backward = plan.table(&nation, &options).unwrap();
    let province = Counts::from_json(chiso766::examples::PHU_THO_2026).unwrap();
    let small = plan.table(&province, &options).unwrap();
    let alone = |table| {
        let points = plan.score(table).unwrap();
        let ranks = points.ranks(table);
        (points, ranks)
    };
    let lists = [
        vec![],
        vec![&forward],
        vec![&small, &forward],
        vec![&forward, &small, &backward],
        vec![&backward, &forward, &small, &forward],
        vec![&small, &small, &small],
    ];
    for list in lists {
        let tables: Vec<_> = list.iter().map(|&t| t.clone()).collect();
        let together = plan.score_and_rank(&tables).unwrap();
        let each: Vec<_> = list.iter().map(|&t| alone(t)).collect();
        assert_eq!(together, each, "{} tables", list.len());
    }
    // Tables in error — a numerator above its denominator (found when scoring), a table laid
    // out for another methodology — fail the whole with the first one's error, whichever core
    // and whichever step reached it, as scoring them one by one does.
    let variant = Methodology::variants().unwrap().remove(0);
    let unnamed = Counts {
        methodology: None,
        ..province
    };
    let other = ScoringPlan::new(&variant)
        .table(&unnamed, &options)
        .unwrap();
    let above = |code: &str| {
        let mut counts = chiso766::examples::synthetic::national_counts(&methodology);
        let unit = counts
            .units
            .iter_mut()
            .find(|u| u.unit.code == code)
            .unwrap();
        let count = CriterionCount::Counted { num: 7, den: 3 };
        unit.criteria.insert("DOSSIER_SYNC".into(), count);
        plan.table(&counts, &options).unwrap()
    };
    let (first, second) = (above("H10.101"), above("H11.101"));
    let lists = [
        vec![&first, &forward, &other],
        vec![&forward, &first, &second, &forward],
        vec![&forward, &other, &backward],
        vec![&other, &first],
        vec![&small, &forward, &first, &forward, &second],
    ];
    for list in lists {
        let tables: Vec<_> = list.iter().map(|&t| t.clone()).collect();
        let expected = list.iter().find_map(|&t| plan.score(t).err()).unwrap();
        let error = plan.score_and_rank(&tables).unwrap_err();
        assert_eq!(error.to_string(), expected.to_string());
    }
}

// A nation's three periods of record counts, filled on two cores (each writing its half of the
// units' rows), equal the tables laid out from the interchange counts of the same sums; and
// filling the tables again with other sums gives those sums' tables.
#[test]
fn a_nations_tables_filled_on_two_cores_equal_the_interchange_counts() {
    let methodology = Methodology::builtin("dvcqg-2026").unwrap();
    let plan = ScoringPlan::new(&methodology);
    let options = ScoreOptions::default();
    let nation = chiso766::examples::synthetic::nation(34);
    let counting = nation.counting(&["2026-09", "2026-Q3", "2026"]).unwrap();
    let extra = nation.extra_counts(766);
    let layout = plan
        .record_tables(&counting, Some(&extra), &options)
        .unwrap();
    let mut tables = None;
    for seed in [766, 767] {
        let dossiers: Vec<_> = nation.dossiers(30_000, seed).collect();
        let sums = counting.count_unique(&dossiers).unwrap();
        let expected: Vec<_> = (counting.counts_of(&sums, Some(&extra)).unwrap().iter())
            .map(|counts| plan.table(counts, &options).unwrap())
            .collect();
        let tables = tables.get_or_insert_with(|| layout.tables(&sums).unwrap());
        layout.fill(&sums, tables).unwrap();
        assert_eq!(tables.len(), 3);
        assert_eq!(*tables, expected, "seed {seed}");
    }
}

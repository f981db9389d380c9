//! The live scorecard (`chiso766::live`): after any sequence of events it equals a batch count and
//! score of the final records; a refused event changes nothing.

use chiso766::calendar::Moment;
use chiso766::compiled::ScoringPlan;
use chiso766::count::{Counting, Tally};
use chiso766::examples::synthetic::{nation, Nation};
use chiso766::live::{Event, LiveScorecard};
use chiso766::record::{Dossier, Petition};
use chiso766::{CriterionCount, ErrorKind, Methodology, Period, ScoreOptions};
use proptest::prelude::*;

const PERIODS: [&str; 3] = ["2026-09", "2026-Q3", "2026"];

/// The criteria the synthetic nation's accompanying counts give.
const EXTRA: [&str; 4] = [
    "DOSSIER_SYNC",
    "CITIZEN_DATA_CONNECTED_FORMALITY",
    "ELECTRONIC_CERTIFIED_COPY",
    "PUBLISH_ON_TIME",
];

fn periods() -> Vec<Period> {
    PERIODS.iter().map(|p| p.parse().unwrap()).collect()
}

fn counting(nation: &Nation) -> Counting {
    nation.counting(&PERIODS).unwrap()
}

/// A change of unit `unit`'s accompanying count of `criterion`.
fn count_event(unit: &str, criterion: &str, count: Option<CriterionCount>) -> Event {
    Event::Count {
        unit: unit.into(),
        criterion: criterion.into(),
        count,
    }
}

/// Applies an event that must be refused; its error.
fn refused(live: &mut LiveScorecard, event: &Event) -> chiso766::Error {
    live.apply(event).expect_err("the event is refused")
}

/// The default methodology with a zero denominator of criterion `code` an error.
fn zero_is_an_error(code: &str) -> Methodology {
    let json = Methodology::builtin("dvcqg-2026")
        .unwrap()
        .to_json()
        .unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
    value["name"] = format!("{code}-zero-is-an-error").into();
    for group in value["groups"].as_array_mut().unwrap() {
        for criterion in group["criteria"].as_array_mut().unwrap() {
            if criterion["code"] == code {
                criterion["zero_denominator"] = "error".into();
            }
        }
    }
    Methodology::from_json(&value.to_string()).unwrap()
}

/// The tally of `dossiers` and `petitions`, added in order (a later record of an id replaces the
/// earlier one).
fn tally(counting: &Counting, dossiers: &[Dossier], petitions: &[Petition]) -> Tally {
    let mut tally = Tally::default();
    for dossier in dossiers {
        counting.add_dossier(&mut tally, dossier).unwrap();
    }
    for petition in petitions {
        counting.add_petition(&mut tally, petition).unwrap();
    }
    tally
}

/// Checks that the live scorecard equals a batch count and score of `tally`: every unit's
/// points by criterion, group and total, and its ranks by the total and each group.
fn assert_equals_batch(live: &LiveScorecard, tally: &Tally, methodology: &Methodology) {
    let counting = counting(&nation(1));
    let plan = ScoringPlan::new(methodology);
    let counts = counting.counts(tally, Some(live.extra_counts())).unwrap();
    let groups = methodology.groups().len();
    let criteria = methodology.criteria().count();
    for (counts, period) in counts.iter().zip(periods()) {
        let table = plan.table(counts, &ScoreOptions::default()).unwrap();
        let points = plan.score(&table).unwrap();
        let ranks = points.ranks(&table);
        let scores = live.scores(&period).unwrap();
        assert_eq!(scores.table().codes(), table.codes());
        for (row, code) in table.codes().iter().enumerate() {
            let at = format!("{period} {code}");
            assert_eq!(scores.total(code), points.total(row), "total, {at}");
            let rank = ranks.total(row).map(|r| (r, ranks.of(row)));
            assert_eq!(scores.rank(code), rank, "rank, {at}");
            for g in 0..groups {
                assert_eq!(
                    scores.points().group(row, g),
                    points.group(row, g),
                    "{at} group {g}"
                );
                let live_rank = scores.group_rank(code, g).map(|(rank, _)| rank);
                assert_eq!(live_rank, ranks.group(row, g), "{at} group {g}'s rank");
            }
            for c in 0..criteria {
                let (live, batch) = (scores.points(), &points);
                assert_eq!(
                    live.criterion(row, c),
                    batch.criterion(row, c),
                    "{at} criterion {c}"
                );
                assert_eq!(
                    live.is_missing(row, c),
                    batch.is_missing(row, c),
                    "{at} criterion {c}"
                );
            }
        }
    }
}

/// One event of a test: a dossier or petition (a new one, or a new state of an earlier id), or
/// a change of an accompanying count.
#[derive(Debug, Clone)]
enum Step {
    Dossier {
        seed: u64,
        id: usize,
    },
    Petition {
        seed: u64,
        id: usize,
    },
    Count {
        unit: usize,
        criterion: usize,
        count: Option<CriterionCount>,
    },
}

fn step() -> impl Strategy<Value = Step> {
    let count = prop_oneof![
        1 => Just(None),
        1 => Just(Some(CriterionCount::NotApplicable)),
        4 => (0u64..=50).prop_flat_map(|den| (0..=den, Just(den)))
            .prop_map(|(num, den)| Some(CriterionCount::Counted { num, den })),
    ];
    prop_oneof![
        6 => (any::<u64>(), 0usize..400).prop_map(|(seed, id)| Step::Dossier { seed, id }),
        2 => (any::<u64>(), 0usize..60).prop_map(|(seed, id)| Step::Petition { seed, id }),
        1 => (0usize..116, 0usize..EXTRA.len(), count)
            .prop_map(|(unit, criterion, count)| Step::Count { unit, criterion, count }),
    ]
}

/// Every edition to check the live scorecard under: the default, and a variant whose transfers
/// move points between criteria when a unit has no petitions.
fn editions() -> Vec<Methodology> {
    let mut all = vec![Methodology::builtin("dvcqg-2026").unwrap()];
    all.extend(Methodology::variants().unwrap());
    all
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    // Live == batch after any sequence of events: dossiers new or replaced (moving between
    // units, procedures and periods), petitions, and counts changed, added or taken away.
    #[test]
    fn live_equals_batch_after_any_events(
        steps in proptest::collection::vec(step(), 1..40),
        edition in 0usize..4,
    ) {
        let nation = nation(1);
        let editions = editions();
        let methodology = &editions[edition % editions.len()];
        let mut dossiers: Vec<Dossier> = nation.dossiers(300, 766).collect();
        let mut petitions: Vec<Petition> = nation.petitions(40, 766).collect();
        let start = tally(&counting(&nation), &dossiers, &petitions);
        let mut live = LiveScorecard::new(
            counting(&nation),
            &start,
            methodology,
            Some(nation.extra_counts(766)),
            ScoreOptions::default(),
        )
        .unwrap();
        for step in steps {
            let event = match step {
                Step::Dossier { seed, id } => {
                    let mut dossier = nation.dossiers(1, seed).next().unwrap();
                    dossier.id = format!("HS766-{id:09}");
                    dossiers.push(dossier.clone());
                    Event::Dossier(dossier)
                }
                Step::Petition { seed, id } => {
                    let mut petition = nation.petitions(1, seed).next().unwrap();
                    petition.id = format!("PAKN766-{id:08}");
                    petitions.push(petition.clone());
                    Event::Petition(petition)
                }
                Step::Count { unit, criterion, count } => Event::Count {
                    unit: nation.units[unit].unit.code.clone(),
                    criterion: EXTRA[criterion].to_owned(),
                    count,
                },
            };
            live.apply(&event).unwrap();
        }
        let end = tally(&counting(&nation), &dossiers, &petitions);
        assert_equals_batch(&live, &end, methodology);
    }
}

/// A scorecard of the synthetic province's first 300 dossiers and 40 petitions.
fn small_live(methodology: &Methodology) -> (Nation, Vec<Dossier>, LiveScorecard) {
    let nation = nation(1);
    let dossiers: Vec<Dossier> = nation.dossiers(300, 766).collect();
    let petitions: Vec<Petition> = nation.petitions(40, 766).collect();
    let start = tally(&counting(&nation), &dossiers, &petitions);
    let live = LiveScorecard::new(
        counting(&nation),
        &start,
        methodology,
        Some(nation.extra_counts(766)),
        ScoreOptions::default(),
    )
    .unwrap();
    (nation, dossiers, live)
}

// A dossier settled a month late lowers its unit's score for the year, as a batch would.
#[test]
fn a_late_dossier_lowers_its_unit() {
    let methodology = Methodology::builtin("dvcqg-2026").unwrap();
    let (nation, mut dossiers, mut live) = small_live(&methodology);
    let year: Period = "2026".parse().unwrap();
    let at = (dossiers.iter())
        .position(|d| d.finished_at.is_some() && d.finished_at < d.due_at)
        .unwrap();
    let unit = dossiers[at].unit.clone();
    let before = live.scores(&year).unwrap().total(&unit).unwrap();
    let mut late = dossiers[at].clone();
    let due = late.due_at.unwrap().unix_seconds();
    late.finished_at = Some(Moment::from_unix_seconds(due + 30 * 86_400).unwrap());
    late.returned_at = late.finished_at;
    live.apply(&Event::Dossier(late.clone())).unwrap();
    let after = live.scores(&year).unwrap().total(&unit).unwrap();
    assert!(after < before, "{unit}: {before} → {after}");
    dossiers.push(late);
    let petitions: Vec<Petition> = nation.petitions(40, 766).collect();
    assert_equals_batch(
        &live,
        &tally(&counting(&nation), &dossiers, &petitions),
        &methodology,
    );
}

// Refused events name what is wrong and change nothing.
#[test]
fn refused_events_change_nothing() {
    let methodology = Methodology::builtin("dvcqg-2026").unwrap();
    let (nation, dossiers, mut live) = small_live(&methodology);
    let september: Period = "2026-09".parse().unwrap();
    let before = live.scores(&september).unwrap().points().clone();
    let mut stranger = dossiers[0].clone();
    stranger.unit = "H99.999".into();
    let error = refused(&mut live, &Event::Dossier(stranger));
    assert!(error.to_string().contains("H99.999"), "{error}");
    let from_records = count_event(
        "H10",
        "DOSSIER_ON_TIME",
        Some(CriterionCount::Counted { num: 1, den: 2 }),
    );
    let error = refused(&mut live, &from_records);
    assert!(
        matches!(error.kind(), ErrorKind::InvalidCount { .. }),
        "{error}"
    );
    let above = count_event(
        "H10.101",
        "DOSSIER_SYNC",
        Some(CriterionCount::Counted { num: 3, den: 2 }),
    );
    let error = refused(&mut live, &above);
    assert!(
        matches!(error.kind(), ErrorKind::NumeratorExceedsDenominator { .. }),
        "{error}"
    );
    let unknown = count_event("H10.101", "NOT_A_CRITERION", None);
    let error = refused(&mut live, &unknown);
    assert!(
        matches!(error.kind(), ErrorKind::UnknownCriterion { .. }),
        "{error}"
    );
    let after = live.scores(&september).unwrap().points().clone();
    for row in 0..nation.units.len() {
        assert_eq!(before.total(row), after.total(row));
    }
}

// A record whose new state the methodology cannot score (a zero denominator under an `error`
// policy, in its old unit) is taken back whole: counts, points and ranks as before.
#[test]
fn an_unscorable_event_is_taken_back() {
    let methodology = zero_is_an_error("DOSSIER_ON_TIME");
    let nation = nation(1);
    // September's dossiers only (so every period holds the same), every unit with some, and
    // commune H10.150 with a single one.
    let september_only = |d: &Dossier| {
        d.received_at
            .unwrap()
            .date()
            .to_string()
            .starts_with("2026-09")
    };
    let mut dossiers: Vec<Dossier> = nation
        .dossiers(30_000, 766)
        .filter(september_only)
        .collect();
    let single = dossiers
        .iter()
        .find(|d| d.unit == "H10.150")
        .unwrap()
        .clone();
    dossiers.retain(|d| d.unit != "H10.150");
    dossiers.push(single.clone());
    let covered = |unit: &str| dossiers.iter().any(|d| d.unit == unit);
    assert!(nation.units.iter().skip(16).all(|u| covered(&u.unit.code)));
    let start = tally(&counting(&nation), &dossiers, &[]);
    let mut live = LiveScorecard::new(
        counting(&nation),
        &start,
        &methodology,
        Some(nation.extra_counts(766)),
        ScoreOptions::default(),
    )
    .unwrap();
    let september: Period = "2026-09".parse().unwrap();
    let before = live.scores(&september).unwrap().total("H10.150");
    let rank = live.scores(&september).unwrap().rank("H10");
    // The commune's only dossier moves to another commune: its denominator would be zero.
    let mut moved = single;
    moved.unit = "H10.151".into();
    let error = refused(&mut live, &Event::Dossier(moved));
    assert!(
        matches!(error.kind(), ErrorKind::ZeroDenominator { .. }),
        "{error}"
    );
    assert_eq!(live.scores(&september).unwrap().total("H10.150"), before);
    assert_eq!(live.scores(&september).unwrap().rank("H10"), rank);
    assert_equals_batch(&live, &start, &methodology);
}

// What a new user's trial found: a monitoring metric's count may pass its denominator (an
// average); a refused count, or taking away a count never given, leaves the accompanying counts
// as they were; a petition published before it was received is refused, as its reader does.
#[test]
fn counts_and_petitions_as_their_readers_take_them() {
    let methodology = Methodology::builtin("dvcqg-2026").unwrap();
    let (nation, _, mut live) = small_live(&methodology);
    let average = count_event(
        "H10",
        "AVG_PROCESSING_DAYS",
        Some(CriterionCount::Counted { num: 120, den: 10 }),
    );
    live.apply(&average).unwrap();
    let before = live.extra_counts().clone();
    let never_given = count_event("H10.101", "PUBLISH_ON_TIME", None);
    live.apply(&never_given).unwrap();
    assert_eq!(live.extra_counts(), &before);
    let mut late = nation.petitions(1, 9).next().unwrap();
    let received = late.received_at.unix_seconds();
    late.published_at = Some(Moment::from_unix_seconds(received - 86_400).unwrap());
    let error = refused(&mut live, &Event::Petition(late));
    assert!(error.to_string().contains("published_at"), "{error}");
}

// A count refused in an unnamed unit leaves no empty entry behind.
#[test]
fn a_refused_count_leaves_the_counts_as_they_were() {
    let methodology = zero_is_an_error("DOSSIER_SYNC");
    let nation = nation(1);
    let dossiers: Vec<Dossier> = nation.dossiers(300, 766).collect();
    let mut extra = nation.extra_counts(766);
    extra.units.retain(|u| u.unit.code != "H10.150");
    // H10.150's sync comes from nowhere: a missing count, not an error.
    let start = tally(&counting(&nation), &dossiers, &[]);
    let mut live = LiveScorecard::new(
        counting(&nation),
        &start,
        &methodology,
        Some(extra),
        ScoreOptions::default(),
    )
    .unwrap();
    let before = live.extra_counts().clone();
    let empty = count_event(
        "H10.150",
        "DOSSIER_SYNC",
        Some(CriterionCount::Counted { num: 0, den: 0 }),
    );
    let error = refused(&mut live, &empty);
    assert!(
        matches!(error.kind(), ErrorKind::ZeroDenominator { .. }),
        "{error}"
    );
    assert_eq!(live.extra_counts(), &before);
}

// A tally counted for other periods is refused, by a batch count and by a live scorecard: its
// entries' periods would be read as this setup's.
#[test]
fn a_tally_of_another_setup_is_refused() {
    let nation = nation(1);
    let other = nation.counting(&["2026-10", "2026-09", "2026"]).unwrap();
    let dossiers: Vec<Dossier> = nation.dossiers(300, 766).collect();
    let foreign = other.count_dossiers(&dossiers).unwrap();
    let error = counting(&nation).counts(&foreign, None).unwrap_err();
    assert!(
        error.to_string().contains("another counting setup"),
        "{error}"
    );
    let methodology = Methodology::builtin("dvcqg-2026").unwrap();
    let live = LiveScorecard::new(
        counting(&nation),
        &foreign,
        &methodology,
        None,
        ScoreOptions::default(),
    );
    assert!(live.is_err());
    // Sums of a setup of the same sizes (other periods) are refused too.
    let plan = chiso766::compiled::ScoringPlan::new(&methodology);
    let ours = counting(&nation);
    let layout = plan
        .record_tables(&ours, None, &ScoreOptions::default())
        .unwrap();
    let same_shape = nation.counting(&["2026-03", "2026-Q1", "2026"]).unwrap();
    let error = layout
        .tables(&same_shape.count_unique(&dossiers).unwrap())
        .unwrap_err();
    assert!(
        error.to_string().contains("another counting setup"),
        "{error}"
    );
    assert!(layout
        .tables(&ours.count_unique(&dossiers).unwrap())
        .is_ok());
    // A record of another setup is refused by a tally of this one, at once; a refused record
    // leaves an empty tally fit for any setup.
    let mut ours_so_far = tally(&ours, &dossiers[..10], &[]);
    let error = other
        .add_dossier(&mut ours_so_far, &dossiers[10])
        .unwrap_err();
    assert!(error.to_string().contains("tally of their own"), "{error}");
    let mut empty = Tally::default();
    let mut stranger = dossiers[0].clone();
    stranger.unit = "H99".into();
    assert!(other.add_dossier(&mut empty, &stranger).is_err());
    assert!(ours.counts(&empty, None).is_ok());
    // A tally of both setups' records (merged) is fit for neither, and says so.
    let mut mixed = tally(&ours, &dossiers[..10], &[]);
    mixed.merge(foreign);
    let error = ours.counts(&mixed, None).unwrap_err();
    assert!(error.to_string().contains("mixes records"), "{error}");
    assert!(other.counts(&mixed, None).is_err());
}

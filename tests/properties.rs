//! Invariants, stated in words and checked on generated inputs (proptest).

use std::collections::BTreeMap;

use chiso766::{
    rank, score, Counts, CriterionCount, Level, Methodology, RankBy, RankMethod, ScoreOptions,
    Unit, UnitCounts,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::common::dvcqg;

/// A count as units report them: often small, sometimes empty, sometimes near 2⁶⁴.
fn counted() -> impl Strategy<Value = CriterionCount> {
    prop_oneof![
        1 => Just((0u64, 0u64)),
        6 => (0u64..=2_000).prop_flat_map(|den| (0..=den, Just(den))),
        3 => (0u64..=5_000_000_000).prop_flat_map(|den| (0..=den, Just(den))),
        1 => (0u64..=u64::MAX).prop_flat_map(|den| (0..=den, Just(den))),
    ]
    .prop_map(|(num, den)| CriterionCount::Counted { num, den })
}

fn unit_counts(code: &str, criteria: BTreeMap<String, CriterionCount>) -> UnitCounts {
    UnitCounts {
        unit: Unit {
            code: code.into(),
            name: code.into(),
            level: Level::Province,
            parent: None,
        },
        criteria,
        groups: BTreeMap::new(),
        ratio_only: Default::default(),
    }
}

/// Every criterion of `dvcqg-2026` with a generated count.
fn full_unit() -> impl Strategy<Value = BTreeMap<String, CriterionCount>> {
    let codes: Vec<String> = dvcqg().criteria().map(|(_, c)| c.code.clone()).collect();
    proptest::collection::vec(counted(), codes.len())
        .prop_map(move |counts| codes.iter().cloned().zip(counts).collect())
}

fn card_of(criteria: BTreeMap<String, CriterionCount>) -> chiso766::Scorecard {
    let counts = Counts {
        methodology: Some("dvcqg-2026".into()),
        period: None,
        units: vec![unit_counts("U", criteria)],
    };
    score(&dvcqg(), &counts, &ScoreOptions::default()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    // Every criterion stays within [0, its maximum]; a group is the sum of its rounded criteria and
    // stays within its maximum; the total is the sum of the groups and at most 100.
    #[test]
    fn points_stay_within_their_caps(criteria in full_unit()) {
        let card = card_of(criteria);
        let unit = card.unit("U").unwrap();
        for c in &unit.criteria {
            let points = c.points.unwrap();
            prop_assert!(points >= Decimal::ZERO && points <= c.max, "{} = {}", c.code, points);
            prop_assert_eq!(points.scale(), 2);
        }
        let mut sum_of_groups = Decimal::ZERO;
        for g in &unit.groups {
            let sum: Decimal = unit.criteria.iter().filter(|c| c.group == g.code).map(|c| c.points.unwrap()).sum();
            prop_assert_eq!(g.points, Some(sum));
            prop_assert!(sum <= g.max);
            sum_of_groups += sum;
        }
        prop_assert_eq!(unit.total, Some(sum_of_groups));
        prop_assert!(sum_of_groups <= Decimal::ONE_HUNDRED);
    }

    // Raising a numerator never lowers a criterion's points, in exact and in the portal's float
    // arithmetic alike.
    #[test]
    fn a_higher_numerator_never_scores_less(index in 0usize..21, (num, den, more) in (1u64..=10_000_000).prop_flat_map(|den| (0..=den, Just(den))).prop_flat_map(|(num, den)| (Just(num), Just(den), 0..=den - num))) {
        let m = dvcqg();
        let (_, criterion) = m.criteria().nth(index).unwrap();
        let before = criterion.evaluate(num, den, m.rounding(), false, "U").unwrap().points.unwrap();
        let after = criterion.evaluate(num + more, den, m.rounding(), false, "U").unwrap().points.unwrap();
        prop_assert!(after >= before, "{}: {}/{} → {}, {}/{} → {}", criterion.code, num, den, before, num + more, den, after);
    }

    // A factor of 1 (k/k) leaves a criterion's points as they are, and a larger factor never
    // lowers them, for counts over the whole 64-bit range.
    #[test]
    fn a_rate_factor_scales_the_points_exactly(index in 0usize..21, (num, den) in (1u64..=u64::MAX).prop_flat_map(|den| (0..=den, Just(den))), k in 1u64..=u64::MAX, (f, g) in (1u64..=u64::MAX).prop_flat_map(|g| (0..=g, Just(g)))) {
        let m = dvcqg();
        let (_, c) = m.criteria().nth(index).unwrap();
        let plain = c.evaluate(num, den, m.rounding(), false, "U").unwrap().points;
        let times_one = c.evaluate_times(num, den, Some((k, k)), m.rounding(), false, "U").unwrap().points;
        prop_assert_eq!(plain, times_one, "{}", c.code);
        let lower = c.evaluate_times(num, den, Some((f / 2, g)), m.rounding(), false, "U").unwrap().points;
        let higher = c.evaluate_times(num, den, Some((f, g)), m.rounding(), false, "U").unwrap().points;
        prop_assert!(lower <= higher && higher <= plain, "{}: {:?} {:?} {:?}", c.code, lower, higher, plain);
    }

    // More dossiers on time never lower a unit's total.
    #[test]
    fn more_on_time_dossiers_never_lower_the_total(criteria in full_unit(), extra in 0u64..1_000) {
        let before = card_of(criteria.clone()).unit("U").unwrap().total.unwrap();
        let mut improved = criteria;
        if let Some(CriterionCount::Counted { num, den }) = improved.get_mut("DOSSIER_ON_TIME") {
            *num = (*num).saturating_add(extra).min(*den);
        }
        let after = card_of(improved).unit("U").unwrap().total.unwrap();
        prop_assert!(after >= before);
    }

    // A methodology saved to JSON and loaded back scores identically.
    #[test]
    fn a_saved_methodology_scores_identically(criteria in full_unit()) {
        let m = dvcqg();
        let copy = Methodology::from_json(&m.to_json().unwrap()).unwrap();
        let counts = Counts { methodology: Some("dvcqg-2026".into()), period: None, units: vec![unit_counts("U", criteria)] };
        let a = score(&m, &counts, &ScoreOptions::default()).unwrap();
        let b = score(&copy, &counts, &ScoreOptions::default()).unwrap();
        prop_assert_eq!(a.units(), b.units());
    }

    // Ranks depend on the scores, not on the order of the input.
    #[test]
    fn ranks_do_not_depend_on_input_order(
        points in proptest::collection::vec((0u32..=1800, 0u32..=2000, 0u32..=1200, 0u32..=1000, 0u32..=1800, 0u32..=2200), 1..40),
        seed in any::<u64>(),
    ) {
        let make = |order: &[usize]| {
            let units = order.iter().map(|&i| {
                let (a, b, c, d, e, f) = points[i];
                let groups = ["CKMB", "TDGQ", "DVCTT", "TTTT", "MDHL", "MDSH"].iter().zip([a, b, c, d, e, f])
                    .map(|(g, p)| (g.to_string(), Decimal::new(i64::from(p) / 10 * 10, 2))).collect();
                UnitCounts { groups, ..unit_counts(&format!("P{i:02}"), BTreeMap::new()) }
            }).collect();
            let counts = Counts { methodology: Some("qd766-groups".into()), period: None, units };
            let card = score(&Methodology::builtin("qd766-groups").unwrap(), &counts, &ScoreOptions::default()).unwrap();
            let mut ranks: Vec<(String, Option<u32>)> = [RankMethod::Competition, RankMethod::Dense, RankMethod::Ordinal].iter()
                .flat_map(|&m| rank(&card, &RankBy::Total, m).unwrap().entries().iter().map(|r| (r.code.clone(), r.rank)).collect::<Vec<_>>())
                .collect();
            ranks.sort();
            ranks
        };
        let forward: Vec<usize> = (0..points.len()).collect();
        let mut shuffled = forward.clone();
        // A deterministic shuffle from the seed.
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        prop_assert_eq!(make(&forward), make(&shuffled));
    }

    // Any text given as interchange JSON or CSV yields counts or an error, never a panic, and so
    // does scoring whatever was read.
    #[test]
    fn any_text_is_read_or_refused(text in "\\PC{0,300}") {
        if let Ok(counts) = Counts::from_json(&text) {
            let _ = score(&dvcqg(), &counts, &ScoreOptions::default());
        }
        if let Ok(counts) = Counts::from_csv(text.as_bytes()) {
            let _ = score(&dvcqg(), &counts, &ScoreOptions { lenient: true, ..ScoreOptions::default() });
        }
        let _ = chiso766::portal::Capture::new().add(&text);
    }

    // A portal response with any values in its fields — negative, fractional, huge, null, text —
    // is read or refused, and what is read scores or is refused, never a panic.
    #[test]
    fn any_portal_values_are_read_or_refused(values in proptest::collection::vec(
        prop_oneof![Just("null".to_owned()), Just("-1".to_owned()), Just("2.5".to_owned()), Just("1e30".to_owned()),
                    Just("18446744073709551615".to_owned()), Just("\"7\"".to_owned()), (0u64..1000).prop_map(|n| n.to_string())],
        9,
    )) {
        let body = format!(
            r#"{{"data": {{"overview": {{"departmentId": "p", "departmentName": "P", "departmentType": "PROVINCE", "totalScore": {},
                "metrics": [{{"code": "DOSSIER_SYNC", "numerator": {}, "denominator": {}, "ratio": {}, "score": {}, "maxScore": {}}},
                            {{"code": "PUBLISH_ON_TIME", "numerator": null, "denominator": null, "ratio": {}, "score": {}, "maxScore": {}}}]}},
                "evaluation": []}}}}"#,
            values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7], values[8]
        );
        let mut capture = chiso766::portal::Capture::new();
        if capture.add(&body).is_ok() {
            if let Ok(counts) = capture.counts(None) {
                if let Ok(card) = score(&dvcqg(), &counts, &ScoreOptions::default()) {
                    let _ = capture.compare(&card);
                }
            }
        }
    }

    // Well-formed but hostile interchange input — duplicate codes, unknown or cyclic parents,
    // unknown criteria, numerators above denominators, counts near 2⁶⁴ — is scored or refused,
    // never a panic.
    #[test]
    fn hostile_counts_are_scored_or_refused(
        units in proptest::collection::vec((0u8..6, proptest::option::of(0u8..6), proptest::collection::vec((0usize..23, any::<u64>(), any::<u64>()), 0..8)), 0..8),
        lenient in any::<bool>(),
    ) {
        let mut codes: Vec<String> = dvcqg().criteria().map(|(_, c)| c.code.clone()).collect();
        codes.push("PETITION_CLASSIFICATION_TTHC".into());
        codes.push("NOT_A_CRITERION".into());
        let units: Vec<String> = units.iter().map(|(code, parent, criteria)| {
            let criteria: Vec<String> = criteria.iter().map(|(i, n, d)| format!(r#""{}": {{"num": {n}, "den": {d}}}"#, codes[*i % codes.len()])).collect();
            let parent = parent.map(|p| format!(r#""U{p}""#)).unwrap_or_else(|| "null".into());
            format!(r#"{{"code": "U{code}", "name": "u", "level": "commune", "parent": {parent}, "criteria": {{{}}}}}"#, criteria.join(","))
        }).collect();
        let json = format!(r#"{{"units": [{}]}}"#, units.join(","));
        if let Ok(counts) = Counts::from_json(&json) {
            let _ = score(&dvcqg(), &counts, &ScoreOptions { lenient, ..ScoreOptions::default() });
        }
    }
}

mod records {
    use chiso766::count::{CountOptions, Tally};
    use chiso766::record::{
        read_dossiers, read_petitions, Channel, Dossier, DossierTable, Format, Payment,
    };
    use chiso766::stats::{ProcessingCounts, Statistics};
    use chiso766::{Counts, CriterionCount};
    use proptest::prelude::*;

    use crate::counting::dossier;

    /// Counting as the tests of counting set it up, but lenient on timelines: the generated
    /// dossiers include moments out of order (a deadline before reception), whose documented
    /// counting these properties cover too.
    fn counting(periods: &[&str], options: CountOptions) -> chiso766::count::Counting {
        crate::counting::counting(periods, options)
            .with_read_options(chiso766::ReadOptions::new().lenient_timelines(true))
    }

    /// A dossier of February to April 2026 with generated moments and flags.
    fn arb_dossier() -> impl Strategy<Value = Dossier> {
        (
            (0u32..89, 0u32..24, any::<bool>()),
            (
                proptest::option::of(0u32..20),
                proptest::option::of(0u32..30),
                proptest::option::of(0u32..30),
            ),
            (0u32..3, 0u8..4, 0u8..3, proptest::option::of(any::<bool>())),
            proptest::collection::vec(any::<bool>(), 7),
        )
            .prop_map(
                |(
                    (day, hour, commune),
                    (due, finished, stopped),
                    (supplements, channel, paid, fee),
                    flags,
                )| {
                    let moment = |offset: u32, hour: u32| {
                        let start = chiso766::calendar::Moment::parse("2026-02-01 00:00")
                            .unwrap()
                            .unix_seconds();
                        chiso766::calendar::Moment::from_unix_seconds(
                            start + i64::from(offset) * 86_400 + i64::from(hour) * 3600,
                        )
                        .ok()
                    };
                    let (unit, procedure) = if commune {
                        ("X.101", "C.PART")
                    } else {
                        ("X.01", "P.FULL")
                    };
                    Dossier {
                        unit: unit.into(),
                        procedure: procedure.into(),
                        received_at: moment(day, hour),
                        due_at: due.and_then(|d| moment(day + d, 17)),
                        finished_at: finished.and_then(|d| moment(day + d, 10)),
                        stopped_at: stopped.and_then(|d| moment(day + d, 9)),
                        supplement_count: supplements,
                        supplement_requested_at: (supplements > 0)
                            .then(|| moment(day, 23))
                            .flatten(),
                        supplement_completed_at: (supplements > 0 && flags[0])
                            .then(|| moment(day + 2, 8))
                            .flatten(),
                        channel: [
                            Channel::InPerson,
                            Channel::Online,
                            Channel::Postal,
                            Channel::Online,
                        ][usize::from(channel)],
                        payment: [
                            Payment::NotOnline,
                            Payment::NationalPortal,
                            Payment::LocalGateway,
                        ][usize::from(paid)],
                        fee_nonzero: fee,
                        result_file: flags[1],
                        component_files: flags[2],
                        reused_data: flags[3],
                        vneid: flags[4],
                        disliked: flags[5],
                        has_petition: flags[6],
                        ..dossier("", "2026-02-01")
                    }
                },
            )
    }

    fn arb_dossiers() -> impl Strategy<Value = Vec<Dossier>> {
        proptest::collection::vec(arb_dossier(), 0..60).prop_map(|mut dossiers| {
            for (i, d) in dossiers.iter_mut().enumerate() {
                d.id = format!("HS-{i}");
            }
            dossiers
        })
    }

    const PERIODS: [&str; 4] = ["2026-02", "2026-03", "2026-Q1", "2026"];

    fn counting_for(period: &str) -> chiso766::count::Counting {
        counting(&[period], CountOptions::default()).with_statistics()
    }

    fn count_all(dossiers: &[Dossier]) -> Vec<Counts> {
        let counting = counting(&PERIODS, CountOptions::default());
        let mut tally = Tally::default();
        for d in dossiers {
            counting.add_dossier(&mut tally, d).unwrap();
        }
        counting.counts(&tally, None).unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        // Counting two disjoint parts and merging gives the counts of the whole, and so does
        // counting in parallel on every core.
        #[test]
        fn merged_parts_count_as_the_whole(dossiers in arb_dossiers(), cut in 0usize..60) {
            let cut = cut.min(dossiers.len());
            let counting = counting(&PERIODS, CountOptions::default());
            let (mut first, mut second) = (Tally::default(), Tally::default());
            for d in &dossiers[..cut] {
                counting.add_dossier(&mut first, d).unwrap();
            }
            for d in &dossiers[cut..] {
                counting.add_dossier(&mut second, d).unwrap();
            }
            first.merge(second);
            let whole = count_all(&dossiers);
            prop_assert_eq!(&counting.counts(&first, None).unwrap(), &whole);
            let parallel = counting.count_dossiers(&dossiers).unwrap();
            prop_assert_eq!(&counting.counts(&parallel, None).unwrap(), &whole);
            // Unique ids: sums straight from the records, and sums of parts merged, agree too.
            let unique = counting.count_unique(&dossiers).unwrap();
            prop_assert_eq!(&counting.counts_of(&unique, None).unwrap(), &whole);
            let mut sums = counting.count_unique(&dossiers[..cut]).unwrap();
            sums.merge(&counting.count_unique(&dossiers[cut..]).unwrap()).unwrap();
            prop_assert_eq!(&counting.counts_of(&sums, None).unwrap(), &whole);
            // A dossier table counts the same.
            let mut table = DossierTable::new();
            for d in &dossiers {
                table.push(d).unwrap();
            }
            prop_assert_eq!(&counting.counts_of(&counting.count_table(&table).unwrap(), None).unwrap(), &whole);
        }

        // Ids repeated within and across the parts of a count: counting on every core (each
        // part's repeats found when it is sealed, the parts' across them when merged), or a tally
        // built one dossier at a time merged with one counted on every core, keeps the later
        // record of each id and reports the same repeats as adding the dossiers one by one.
        #[test]
        fn repeated_ids_count_once_however_the_parts_fall(mut dossiers in arb_dossiers(), ids in proptest::collection::vec(0u8..12, 60), cut in 0usize..60) {
            for (d, id) in dossiers.iter_mut().zip(ids) {
                d.id = format!("HS-{id}");
            }
            let cut = cut.min(dossiers.len());
            let counting = counting(&PERIODS, CountOptions::default());
            let mut one_by_one = Tally::default();
            for d in &dossiers {
                counting.add_dossier(&mut one_by_one, d).unwrap();
            }
            let whole = counting.counts(&one_by_one, None).unwrap();
            let sorted = |tally: &Tally| {
                let mut ids = tally.repeated().to_vec();
                ids.sort();
                ids
            };
            let parallel = counting.count_dossiers(&dossiers).unwrap();
            prop_assert_eq!(&counting.counts(&parallel, None).unwrap(), &whole);
            prop_assert_eq!(parallel.dossiers(), one_by_one.dossiers());
            prop_assert_eq!(sorted(&parallel), sorted(&one_by_one));
            let mut mixed = Tally::default();
            for d in &dossiers[..cut] {
                counting.add_dossier(&mut mixed, d).unwrap();
            }
            mixed.merge(counting.count_dossiers(&dossiers[cut..]).unwrap());
            // Dossiers added one at a time after a merge still replace the merged ones.
            if let Some(last) = dossiers.last() {
                counting.add_dossier(&mut mixed, last).unwrap();
                counting.add_dossier(&mut one_by_one, last).unwrap();
            }
            prop_assert_eq!(&counting.counts(&mixed, None).unwrap(), &counting.counts(&one_by_one, None).unwrap());
            prop_assert_eq!(mixed.dossiers(), one_by_one.dossiers());
            prop_assert_eq!(sorted(&mixed), sorted(&one_by_one));
        }

        // Periods counted together in one pass count as each period counted alone (a dossier
        // judged in several periods is judged at each period's end).
        #[test]
        fn periods_together_count_as_each_alone(dossiers in arb_dossiers()) {
            let together = count_all(&dossiers);
            for (p, period) in PERIODS.iter().enumerate() {
                let counting = counting(&[period], CountOptions::default());
                let mut tally = Tally::default();
                for d in &dossiers {
                    counting.add_dossier(&mut tally, d).unwrap();
                }
                let alone = counting.counts(&tally, None).unwrap();
                prop_assert_eq!(&alone[0], &together[p], "{}", period);
            }
        }

        // The order of the records does not matter (ids are unique here).
        #[test]
        fn order_does_not_matter(mut dossiers in arb_dossiers()) {
            let forward = count_all(&dossiers);
            dossiers.reverse();
            prop_assert_eq!(count_all(&dossiers), forward);
        }

        // No count exceeds its denominator, and a year holds at least what its months hold.
        #[test]
        fn counts_never_exceed_their_denominators(dossiers in arb_dossiers()) {
            let counts = count_all(&dossiers);
            for period in &counts {
                for unit in &period.units {
                    for (code, count) in &unit.criteria {
                        if let CriterionCount::Counted { num, den } = count {
                            prop_assert!(num <= den, "{} {}: {}/{}", unit.unit.code, code, num, den);
                        }
                    }
                }
            }
            let received = |p: usize| match counts[p].units[0].criteria["DOSSIER_ON_TIME"] {
                CriterionCount::Counted { den, .. } => den,
                CriterionCount::NotApplicable => 0,
            };
            prop_assert!(received(3) >= received(2) && received(2) >= received(0) + received(1));
        }

        // The identities of the monthly report (SPEC §8) hold for every unit and period, whatever
        // the records (moments out of order included), and statistics counted on every core,
        // one dossier at a time, or in one pass with other periods agree.
        #[test]
        fn processing_statistics_keep_their_identities(dossiers in arb_dossiers(), ids in proptest::collection::vec(0u8..40, 60)) {
            let mut dossiers = dossiers;
            for (d, id) in dossiers.iter_mut().zip(ids) {
                d.id = format!("HS-{id}");
            }
            let counting = counting(&PERIODS, CountOptions::default()).with_statistics();
            let mut one_by_one = Tally::default();
            for d in &dossiers {
                counting.add_dossier(&mut one_by_one, d).unwrap();
            }
            let stats = Statistics::of(&counting, &one_by_one).unwrap();
            let parallel = Statistics::of(&counting, &counting.count_dossiers(&dossiers).unwrap()).unwrap();
            for (p, period) in PERIODS.iter().enumerate() {
                let alone = counting_for(period);
                let alone = Statistics::of(&alone, &alone.count_dossiers(&dossiers).unwrap()).unwrap();
                let mut units_sum = ProcessingCounts::default();
                for code in ["X", "X.01", "X.101"] {
                    let c = stats.own(p, code).unwrap();
                    prop_assert_eq!(c, parallel.own(p, code).unwrap());
                    prop_assert_eq!(c, alone.own(0, code).unwrap(), "{} {}", period, code);
                    prop_assert_eq!(c.to_settle, c.settled + c.returned + c.in_process);
                    prop_assert_eq!(c.in_process, c.within_time + c.past_due + c.waiting_supplement);
                    prop_assert_eq!(c.settled, c.early + c.on_time + c.late);
                    prop_assert_eq!(c.to_settle, c.new + c.carried_over);
                    prop_assert_eq!(c.new, c.new_online + c.new_in_person);
                    prop_assert!(c.due_returned_on_time <= c.due_in_period);
                    prop_assert!(c.due_in_period <= c.to_settle - c.returned - c.waiting_supplement);
                    prop_assert!(c.new_postal <= c.new_in_person && c.new_online_full <= c.new_online_partial_or_full);
                    units_sum.add(&c).unwrap();
                }
                prop_assert_eq!(stats.pooled(p, "X").unwrap(), units_sum);
                // Counted on the same records, the report's new dossiers are the index's (the
                // province's count is pooled).
                let counts = counting.counts(&one_by_one, None).unwrap();
                let province = counts[p].units.iter().find(|u| u.unit.code == "X").unwrap();
                let received = match province.criteria.get("DOSSIER_ON_TIME") {
                    Some(CriterionCount::Counted { den, .. }) => *den,
                    _ => 0,
                };
                prop_assert_eq!(units_sum.new, received);
            }
        }

        // Any text as a dossier or petition file yields records or errors, never a panic.
        #[test]
        fn any_record_text_is_read_or_refused(body in "\\PC{0,200}", header in 0usize..3) {
            let headers = ["dossier_id,unit_code,procedure_code,received_at,due_at,channel,supplement_count,vneid\n", "", "petition_id,unit_code,received_at,likes\n"];
            let text = format!("{}{body}", headers[header]);
            let counting = counting(&PERIODS, CountOptions::default());
            for format in [Format::Csv, Format::JsonLines] {
                if let Ok(rows) = read_dossiers(text.as_bytes(), format, "d") {
                    for row in rows.flatten() {
                        let _ = counting.add_dossier(&mut Tally::default(), &row.record);
                    }
                }
                if let Ok(rows) = read_petitions(text.as_bytes(), format, "k") {
                    for row in rows.flatten() {
                        let _ = counting.add_petition(&mut Tally::default(), &row.record);
                    }
                }
            }
        }
    }
}

proptest! {
    // A time that parses prints as one that parses back to the same instant, whatever its offset.
    #[test]
    fn a_printed_time_parses_back(
        // The edges of the range (its first and last days) drawn often.
        year in prop_oneof![1969i32..=1970, 2199i32..=2200, 1971i32..2199],
        month in prop_oneof![Just(1u8), Just(12u8), 1u8..=12],
        day in prop_oneof![Just(1u8), Just(31u8), 1u8..=31],
        hour in 0u8..24, minute in 0u8..60, second in 0u8..60,
        offset in -12i32..=14, half in proptest::bool::ANY,
    ) {
        let sign = if offset < 0 { '-' } else { '+' };
        let minutes = if half { 30 } else { 0 };
        let text = format!(
            "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{sign}{:02}:{minutes:02}",
            offset.abs()
        );
        if let Ok(moment) = chiso766::calendar::Moment::parse(&text) {
            let printed = moment.to_string();
            prop_assert_eq!(chiso766::calendar::Moment::parse(&printed).ok(), Some(moment), "{} → {}", text, printed);
        }
    }
}

proptest! {
    // Counts written as CSV read back the same: units with nothing counted, not-applicable
    // criteria, group points, names with separators, quotes and line breaks, the period and the
    // edition.
    #[test]
    fn counts_round_trip_through_csv(
        units in proptest::collection::vec(
            (
                "[A-Z][0-9]{1,3}",
                // Precomposed Vietnamese letters (names are read in composed form).
                "[a-zA-Zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ ,;\"\n]{1,12}",
                proptest::collection::btree_map(
                    prop::sample::select(dvcqg().criteria().map(|(_, c)| c.code.clone()).collect::<Vec<_>>()),
                    prop_oneof![counted(), Just(CriterionCount::NotApplicable)],
                    0..4,
                ),
            ),
            0..5,
        ),
        period in prop::sample::select(vec!["2026", "2026-Q3", "2026-09"]),
    ) {
        let mut seen = std::collections::BTreeSet::new();
        let units: Vec<UnitCounts> = units
            .into_iter()
            .filter(|(code, _, _)| seen.insert(code.clone()))
            .map(|(code, name, criteria)| UnitCounts {
                unit: Unit { code, name: name.trim().to_owned(), level: Level::Commune, parent: None },
                criteria,
                groups: BTreeMap::new(),
                ratio_only: Default::default(),
            })
            .collect();
        prop_assume!(!units.is_empty());
        let counts = Counts {
            methodology: Some("dvcqg-2026".into()),
            period: Some(period.parse().unwrap()),
            units,
        };
        let mut csv = Vec::new();
        counts.to_csv(&mut csv).unwrap();
        prop_assert_eq!(Counts::from_csv(&csv[..]).unwrap(), counts);
    }
}

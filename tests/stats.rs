//! Processing statistics (SPEC §8) on hand-made dossiers whose standing is worked out by hand:
//! every status at the period's edges, the three on-time definitions, the seeds' arithmetic.

use chiso766::calendar::{Calendar, DayKind, Moment, SpecialDay};
use chiso766::count::{CountOptions, Counting, Tally};
use chiso766::record::{read_dossiers, Channel, Dossier, Format, Payment};
use chiso766::stats::{percent, OnTimeDefinition, ProcessingCounts, Rates, Statistics, Tier};
use chiso766::Decimal;

use crate::counting::{catalogue, units};

fn at(text: &str) -> Option<Moment> {
    Some(Moment::parse(text).unwrap())
}

pub fn counting(periods: &[&str], calendar: Calendar) -> Counting {
    let mut procedures = catalogue();
    procedures[0].field = Some("Đất đai".into());
    let periods = periods.iter().map(|p| p.parse().unwrap()).collect();
    Counting::new(
        units(),
        procedures,
        calendar,
        periods,
        CountOptions::default(),
    )
    .unwrap()
    .with_statistics()
}

/// A dossier of department X.01 under P.FULL (5 working days, fee-bearing, fully online).
fn dossier(id: &str, received: &str, due: Option<&str>, finished: Option<&str>) -> Dossier {
    Dossier {
        received_at: at(received),
        due_at: due.and_then(at),
        finished_at: finished.and_then(at),
        ..Dossier::new(id, "X.01", "P.FULL")
    }
}

/// May 2026 at X.01, worked out by hand (1/5 is a public holiday; 16–17/5 a weekend).
pub fn may_dossiers() -> Vec<Dossier> {
    vec![
        // A: received in the last minute of April, settled on its due day: carried over, on time.
        Dossier {
            result_file: true,
            ..dossier(
                "A",
                "2026-04-30T23:59:00+07:00",
                Some("2026-05-12 17:00"),
                Some("2026-05-12 09:00"),
            )
        },
        // B: received at the first second of May, settled the working day before: new, early.
        Dossier {
            channel: Channel::Online,
            payment: Payment::NationalPortal,
            component_files: true,
            e_receipt: Some(true),
            ..dossier(
                "B",
                "2026-05-01T00:00:00+07:00",
                Some("2026-05-13 17:00"),
                Some("2026-05-12 16:00"),
            )
        },
        // C: settled on Saturday for a Monday due day, no working day between: on time.
        Dossier {
            channel: Channel::Postal,
            e_receipt: Some(false),
            ..dossier(
                "C",
                "2026-05-11 08:00",
                Some("2026-05-18 17:00"),
                Some("2026-05-16 10:00"),
            )
        },
        // D: settled the day after its due day: late.
        dossier(
            "D",
            "2026-05-06 08:00",
            Some("2026-05-13 17:00"),
            Some("2026-05-14 10:00"),
        ),
        // E: refused the day after reception, no result: returned.
        Dossier {
            stopped_at: at("2026-05-06 09:00"),
            ..dossier("E", "2026-05-05 08:00", Some("2026-05-12 17:00"), None)
        },
        // F: a supplement requested and never supplied: waiting for a supplement.
        Dossier {
            supplement_count: 1,
            supplement_requested_at: at("2026-05-22 09:00"),
            ..dossier("F", "2026-05-20 08:00", Some("2026-05-27 17:00"), None)
        },
        // G: due in June, unfinished: in process within time.
        dossier("G", "2026-05-28 08:00", Some("2026-06-03 17:00"), None),
        // H: due on 11/5, unfinished: in process past due, due in May and not met.
        dossier("H", "2026-05-04 08:00", Some("2026-05-11 17:00"), None),
        // K: received at 23:59 on the last day, no due date: 5 working days from then, in June.
        dossier("K", "2026-05-31T23:59:00+07:00", None, None),
        // M: two working days waiting for the citizen move the deadline from 8/5 to 12/5;
        // settled on 11/5, a working day before: early, due in May and met.
        Dossier {
            supplement_count: 1,
            supplement_requested_at: at("2026-05-05 08:00"),
            supplement_completed_at: at("2026-05-07 08:00"),
            ..dossier(
                "M",
                "2026-05-04 08:00",
                Some("2026-05-08 17:00"),
                Some("2026-05-11 10:00"),
            )
        },
        // I: received and settled in April: not in play in May.
        dossier(
            "I",
            "2026-04-10 08:00",
            Some("2026-04-24 17:00"),
            Some("2026-04-20 10:00"),
        ),
        // J: received at the first second of June: not in play in May.
        dossier(
            "J",
            "2026-06-01T00:00:00+07:00",
            Some("2026-06-05 17:00"),
            None,
        ),
    ]
}

fn statistics(periods: &[&str], dossiers: &[Dossier]) -> Statistics {
    let counting = counting(periods, Calendar::vietnam().unwrap());
    let tally = counting.count_dossiers(dossiers).unwrap();
    Statistics::of(&counting, &tally).unwrap()
}

fn may() -> ProcessingCounts {
    statistics(&["2026-05", "2026-04"], &may_dossiers())
        .own(0, "X.01")
        .unwrap()
}

#[test]
fn every_status_at_the_edges_of_may() {
    let may = may();
    assert_eq!((may.to_settle, may.new, may.carried_over), (10, 9, 1));
    assert_eq!(
        (may.settled, may.early, may.on_time, may.late),
        (5, 2, 2, 1)
    );
    assert_eq!(may.returned, 1);
    assert_eq!(
        (
            may.in_process,
            may.waiting_supplement,
            may.within_time,
            may.past_due
        ),
        (4, 1, 2, 1)
    );
    assert_eq!((may.due_in_period, may.due_returned_on_time), (6, 4));
    assert_eq!(may.due_late(), 2);
}

#[test]
fn channels_digitization_payment_and_receipts_of_new_dossiers() {
    let may = may();
    assert_eq!(
        (
            may.new_online,
            may.new_in_person,
            may.new_postal,
            may.new_online_full
        ),
        (1, 8, 1, 1)
    );
    assert_eq!((may.digitized_inputs, may.digitized_results), (1, 1));
    assert_eq!((may.owing_fees, may.paid_online), (9, 1));
    assert_eq!((may.e_receipt_recorded, may.e_receipts), (2, 1));
}

#[test]
fn the_previous_period_is_counted_in_the_same_pass() {
    let april = statistics(&["2026-05", "2026-04"], &may_dossiers())
        .own(1, "X.01")
        .unwrap();
    // I received and settled early in April; A received in April's last minute, in process.
    assert_eq!((april.new, april.carried_over, april.to_settle), (2, 0, 2));
    assert_eq!((april.settled, april.early, april.within_time), (1, 1, 1));
}

#[test]
fn the_three_on_time_definitions() {
    let may = may();
    let rate = |definition| {
        Rates::of(&may, definition, None)
            .on_time
            .unwrap()
            .to_string()
    };
    assert_eq!(rate(OnTimeDefinition::SettledInTime), "80.00"); // 4 / 5
    assert_eq!(rate(OnTimeDefinition::DueInPeriod), "66.67"); // 4 / 6
    assert_eq!(rate(OnTimeDefinition::LateShare), "80.00"); // (10 − 1 − 1) / 10
    let late = Rates::of(&may, OnTimeDefinition::DueInPeriod, None)
        .late
        .unwrap();
    assert_eq!(late.to_string(), "33.33"); // 2 / 6
    assert_eq!(
        "late_share".parse::<OnTimeDefinition>().unwrap(),
        OnTimeDefinition::LateShare
    );
    assert!("due".parse::<OnTimeDefinition>().is_err());
}

#[test]
fn a_make_up_saturday_makes_a_saturday_settlement_early() {
    let saturday = SpecialDay {
        date: "2026-05-16".parse().unwrap(),
        kind: DayKind::Workday,
        name: "Làm bù".into(),
        source: None,
    };
    let calendar = Calendar::vietnam().unwrap().with_days([saturday]);
    let counting = counting(&["2026-05"], calendar);
    let c = &may_dossiers()[2];
    let tally = counting.count_dossiers(std::slice::from_ref(c)).unwrap();
    let counts = Statistics::of(&counting, &tally)
        .unwrap()
        .own(0, "X.01")
        .unwrap();
    assert_eq!((counts.early, counts.on_time), (1, 0));
}

#[test]
fn a_21st_to_20th_month() {
    let dossiers = [
        dossier(
            "before",
            "2026-04-20T23:59:00+07:00",
            Some("2026-04-28 17:00"),
            Some("2026-04-22 09:00"),
        ),
        dossier(
            "first",
            "2026-04-21T00:00:00+07:00",
            Some("2026-04-28 17:00"),
            None,
        ),
        dossier(
            "last",
            "2026-05-20T23:59:00+07:00",
            Some("2026-05-27 17:00"),
            None,
        ),
        dossier(
            "after",
            "2026-05-21T00:00:00+07:00",
            Some("2026-05-28 17:00"),
            None,
        ),
    ];
    let stats = statistics(&["2026-04-21..2026-05-20"], &dossiers);
    let counts = stats.own(0, "X.01").unwrap();
    // "before" was received on the 20th and settled on the 22nd: carried over and settled.
    assert_eq!((counts.new, counts.carried_over), (2, 1));
    assert_eq!((counts.settled, counts.early), (1, 1));
    // "first" is past due at the end of 20/5; "last" within time.
    assert_eq!((counts.past_due, counts.within_time), (1, 1));
}

#[test]
fn a_repeated_id_counts_once_with_its_later_record() {
    let mut dossiers = may_dossiers();
    // H is settled on time after all: its later record wins.
    dossiers.push(dossier(
        "H",
        "2026-05-04 08:00",
        Some("2026-05-11 17:00"),
        Some("2026-05-11 10:00"),
    ));
    let counts = statistics(&["2026-05"], &dossiers).own(0, "X.01").unwrap();
    assert_eq!(
        (counts.to_settle, counts.past_due, counts.on_time),
        (10, 0, 3)
    );
}

#[test]
fn levels_the_province_and_late_dossiers_by_field() {
    let mut dossiers = may_dossiers();
    dossiers.push(Dossier {
        received_at: at("2026-05-04 08:00"),
        due_at: at("2026-05-06 17:00"),
        ..Dossier::new("X1", "X.101", "C.PART")
    });
    let stats = statistics(&["2026-05"], &dossiers);
    let tiers = stats.by_tier(0, Some("X")).unwrap();
    let tier = |t| tiers.iter().find(|(tier, _)| *tier == t).unwrap().1;
    assert_eq!(tier(Tier::Province).to_settle, 10);
    assert_eq!(tier(Tier::Commune).past_due, 1);
    let province = stats.pooled(0, "X").unwrap();
    assert_eq!((province.to_settle, province.past_due), (11, 2));
    // Late or past due under P.FULL (“Đất đai”): D and H; C.PART has no field.
    assert_eq!(
        stats.late_by_field(0, Some("X")).unwrap(),
        vec![("Đất đai".to_owned(), 2)]
    );
    assert!(stats.own(0, "Y").is_err());
    assert!(stats.own(3, "X").is_err());
}

#[test]
fn statistics_need_a_counting_set_up_for_them() {
    let plain = Counting::new(
        units(),
        catalogue(),
        Calendar::vietnam().unwrap(),
        vec!["2026-05".parse().unwrap()],
        CountOptions::default(),
    )
    .unwrap();
    let error = Statistics::of(&plain, &Tally::default()).unwrap_err();
    assert!(error.to_string().contains("with_statistics"), "{error}");
}

#[test]
fn statistics_from_a_file_equal_those_from_memory_and_merge() {
    let csv =
        "dossier_id,unit_code,procedure_code,received_at,due_at,finished_at,channel,e_receipt\n\
               A,X.01,P.FULL,2026-05-04 08:00,2026-05-08 17:00,2026-05-07 10:00,2,1\n\
               B,X.01,P.FULL,2026-05-04 08:00,2026-05-08 17:00,,1,0\n";
    let counting = counting(&["2026-05"], Calendar::vietnam().unwrap());
    let rows: Vec<Dossier> = read_dossiers(csv.as_bytes(), Format::Csv, "dossiers.csv")
        .unwrap()
        .map(|row| row.unwrap().record)
        .collect();
    assert_eq!(rows[0].e_receipt, Some(true));
    let mut tally = Tally::default();
    counting
        .add_dossiers_from(
            &mut tally,
            read_dossiers(csv.as_bytes(), Format::Csv, "d.csv").unwrap(),
            "d.csv",
        )
        .unwrap();
    let from_file = Statistics::of(&counting, &tally).unwrap();
    let (first, second) = rows.split_at(1);
    let mut merged = Statistics::of(&counting, &counting.count_dossiers(first).unwrap()).unwrap();
    let other = Statistics::of(&counting, &counting.count_dossiers(second).unwrap()).unwrap();
    merged.merge(&other).unwrap();
    assert_eq!(
        merged.own(0, "X.01").unwrap(),
        from_file.own(0, "X.01").unwrap()
    );
    let counts = from_file.own(0, "X.01").unwrap();
    assert_eq!(
        (counts.new, counts.early, counts.past_due, counts.e_receipts),
        (2, 1, 1, 1)
    );
}

#[test]
fn the_seeds_arithmetic() {
    let rate = |num, den| percent(num, den).unwrap().to_string();
    assert_eq!(rate(6_668, 6_670), "99.97"); // Hà Tĩnh, settled in time
    assert_eq!(rate(2_197, 6_719), "32.70"); // Hà Tĩnh, online share
    assert_eq!(rate(5_243, 5_256), "99.75"); // Vĩnh Phúc, due in the period
    assert_eq!(rate(117, 5_256), "2.23"); // Vĩnh Phúc, returned or withdrawn
    assert_eq!(rate(13, 5_256), "0.25"); // Vĩnh Phúc, late
    assert_eq!(percent(0, 0), None);
    // 1/800 = 0,125% exactly: half away from zero gives 0,13 (banker's rounding would give 0,12).
    assert_eq!(percent(1, 800), Some(Decimal::new(13, 2)));
}

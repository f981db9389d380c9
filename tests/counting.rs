//! Raw records → counts (SPEC §4, §7), on hand-made records whose counts are worked out by hand:
//! one test per rule and edge.

use chiso766::calendar::{Calendar, Moment, Schedule};
use chiso766::count::{CountOptions, Counting, Deadline, NoDueDate, Stopped, Tally};
use chiso766::record::{
    read_dossiers, read_petitions, Channel, Dossier, DossierTable, Format, OnlineLevel, Payment,
    Petition, Procedure, ProcedureLevel, TimeUnit,
};
use chiso766::{Counts, CriterionCount, Level, Period, Unit, UnitTree};

fn at(text: &str) -> Option<Moment> {
    Some(Moment::parse(text).unwrap())
}

pub fn units() -> UnitTree {
    let unit = |code: &str, level, parent: Option<&str>| Unit {
        code: code.into(),
        name: code.into(),
        level,
        parent: parent.map(Into::into),
    };
    UnitTree::new([
        unit("X", Level::Province, None),
        unit("X.01", Level::Department, Some("X")),
        unit("X.101", Level::Commune, Some("X")),
    ])
    .unwrap()
}

fn procedure(
    code: &str,
    level: ProcedureLevel,
    online: OnlineLevel,
    fee: bool,
    days: Option<u32>,
) -> Procedure {
    Procedure {
        code: code.into(),
        name: code.into(),
        level,
        online_level: online,
        full_online_eligible: online == OnlineLevel::Full,
        paper_result_required: false,
        fee_bearing: fee,
        for_citizens: true,
        max_time: days,
        max_time_unit: days.map(|_| TimeUnit::WorkingDays),
        field: None,
    }
}

pub fn catalogue() -> Vec<Procedure> {
    vec![
        procedure(
            "P.FULL",
            ProcedureLevel::Province,
            OnlineLevel::Full,
            true,
            Some(5),
        ),
        procedure(
            "P.NONE",
            ProcedureLevel::Province,
            OnlineLevel::None,
            false,
            Some(1),
        ),
        procedure(
            "C.PART",
            ProcedureLevel::Commune,
            OnlineLevel::Partial,
            true,
            Some(3),
        ),
        Procedure {
            paper_result_required: true,
            ..procedure(
                "C.PAPER",
                ProcedureLevel::Commune,
                OnlineLevel::Full,
                false,
                None,
            )
        },
    ]
}

/// A dossier of the department under P.FULL, received at `received`, in person, nothing else set.
pub fn dossier(id: &str, received: &str) -> Dossier {
    Dossier {
        received_at: at(received),
        ..Dossier::new(id, "X.01", "P.FULL")
    }
}

pub fn counting(periods: &[&str], options: CountOptions) -> Counting {
    let periods = periods.iter().map(|p| p.parse().unwrap()).collect();
    Counting::new(
        units(),
        catalogue(),
        Calendar::vietnam().unwrap(),
        periods,
        options,
    )
    .unwrap()
}

fn counted(counting: &Counting, dossiers: &[Dossier]) -> Vec<Counts> {
    let mut tally = Tally::default();
    for d in dossiers {
        counting.add_dossier(&mut tally, d).unwrap();
    }
    counting.counts(&tally, None).unwrap()
}

fn count(counts: &Counts, unit: &str, criterion: &str) -> (u64, u64) {
    let unit = counts.units.iter().find(|u| u.unit.code == unit).unwrap();
    match unit.criteria[criterion] {
        CriterionCount::Counted { num, den } => (num, den),
        CriterionCount::NotApplicable => panic!("not applicable"),
    }
}

/// Whether one dossier counts as on time in March 2026.
fn on_time(d: Dossier, options: CountOptions) -> bool {
    let counts = counted(&counting(&["2026-03"], options), &[d]);
    match count(&counts[0], "X.01", "DOSSIER_ON_TIME") {
        (num, 1) => num == 1,
        other => panic!("the dossier is not in March: {other:?}"),
    }
}

#[test]
fn period_boundary_in_vietnam_time() {
    let march_end = dossier("A", "2026-03-31 23:59");
    // 17:00 UTC on 31/3 is 00:00 on 1/4 in Vietnam.
    let april_start = dossier("B", "2026-03-31T17:00:00Z");
    let counts = counted(
        &counting(
            &["2026-03", "2026-04", "2026-Q1", "2026"],
            CountOptions::default(),
        ),
        &[march_end, april_start],
    );
    let received = |i: usize| count(&counts[i], "X.01", "DOSSIER_ON_TIME").1;
    assert_eq!(
        [received(0), received(1), received(2), received(3)],
        [1, 1, 1, 2]
    );
}

#[test]
fn finished_after_due_is_overdue_and_the_explanation_says_so() {
    let d = Dossier {
        due_at: at("2026-03-04 17:00"),
        finished_at: at("2026-03-06 09:00"),
        ..dossier("A", "2026-03-02 08:15")
    };
    assert!(!on_time(d.clone(), CountOptions::default()));
    let lines = counting(&["2026-03"], CountOptions::default())
        .explain(&d)
        .unwrap();
    let line = lines
        .iter()
        .find(|l| l.criterion == "DOSSIER_ON_TIME")
        .unwrap();
    assert!(line.in_denominator && !line.in_numerator);
    assert_eq!(
        line.reason.to_string(),
        "quá hạn: xử lý xong lúc 09:00 ngày 6/3/2026, hạn 17:00 ngày 4/3/2026"
    );
    // The reason is data too.
    let value = serde_json::to_value(line).unwrap();
    assert_eq!(value["reason"]["kind"], "timeliness");
    let late = &value["reason"]["verdict"]["ended_late"];
    assert_eq!(late["how"], "finished");
    assert_eq!(late["due"], "2026-03-04T17:00:00+07:00");
}

#[test]
fn deadline_by_date_or_by_instant() {
    let d = Dossier {
        due_at: at("2026-03-04 17:00"),
        finished_at: at("2026-03-04 18:30"),
        ..dossier("A", "2026-03-02 08:15")
    };
    assert!(on_time(d.clone(), CountOptions::default()));
    assert!(!on_time(
        d,
        CountOptions {
            deadline: Deadline::Instant,
            ..CountOptions::default()
        }
    ));
}

// Due Wednesday 4/3 17:00; the citizen took from Tuesday 08:00 to Thursday 08:00 (16 working hours)
// to supplement; the deadline moves to Friday 6/3 17:00, and finishing Friday 09:00 is on time.
#[test]
fn supplement_time_is_subtracted() {
    let d = Dossier {
        due_at: at("2026-03-04 17:00"),
        finished_at: at("2026-03-06 09:00"),
        supplement_count: 1,
        supplement_requested_at: at("2026-03-03 08:00"),
        supplement_completed_at: at("2026-03-05 08:00"),
        ..dossier("A", "2026-03-02 08:15")
    };
    assert!(on_time(
        d.clone(),
        CountOptions {
            deadline: Deadline::Instant,
            ..CountOptions::default()
        }
    ));
    let without = Dossier {
        supplement_count: 0,
        supplement_requested_at: None,
        supplement_completed_at: None,
        ..d
    };
    assert!(!on_time(without, CountOptions::default()));
}

#[test]
fn two_supplements_are_overdue() {
    let d = Dossier {
        due_at: at("2026-03-04 17:00"),
        finished_at: at("2026-03-03 09:00"),
        supplement_count: 2,
        ..dossier("A", "2026-03-02 08:15")
    };
    assert!(!on_time(d, CountOptions::default()));
}

// A pending single supplement stops the clock at the request.
#[test]
fn a_pending_supplement_ends_at_the_request() {
    let d = Dossier {
        due_at: at("2026-03-04 17:00"),
        supplement_count: 1,
        supplement_requested_at: at("2026-03-03 10:00"),
        ..dossier("A", "2026-03-02 08:15")
    };
    assert!(on_time(d, CountOptions::default()));
}

// No due date: P.FULL allows 5 working days. Received Thursday 23/4/2026 09:00, the deadline skips
// Monday 27/4 (Giỗ Tổ), 30/4 and 1/5: Tuesday 5/5 09:00. Finishing Monday 4/5 is on time; a calendar
// without the holidays would have made it due on Thursday 30/4.
#[test]
fn a_holiday_inside_a_deadline() {
    let d = Dossier {
        finished_at: at("2026-05-04 16:00"),
        ..dossier("A", "2026-04-23 09:00")
    };
    let april = |calendar: Calendar| {
        let counting = Counting::new(
            units(),
            catalogue(),
            calendar,
            vec!["2026-Q2".parse().unwrap()],
            CountOptions::default(),
        )
        .unwrap();
        count(
            &counted(&counting, std::slice::from_ref(&d))[0],
            "X.01",
            "DOSSIER_ON_TIME",
        )
    };
    assert_eq!(april(Calendar::vietnam().unwrap()), (1, 1));
    assert_eq!(april(Calendar::new(Schedule::one_stop_shop(), [])), (0, 1));
}

// P.NONE allows 1 working day. Received Friday 9/1/2026 17:00; Saturday 10/1 is a make-up working
// day, so it is due Saturday 17:00 and finishing Monday 12/1 is late.
#[test]
fn a_make_up_saturday_is_a_working_day() {
    let d = Dossier {
        procedure: "P.NONE".into(),
        finished_at: at("2026-01-12 08:00"),
        ..dossier("A", "2026-01-09 17:00")
    };
    let counting = counting(&["2026-01"], CountOptions::default());
    assert_eq!(
        count(&counted(&counting, &[d])[0], "X.01", "DOSSIER_ON_TIME"),
        (0, 1)
    );
}

#[test]
fn finished_has_priority_over_returned() {
    let d = Dossier {
        due_at: at("2026-03-04 17:00"),
        finished_at: at("2026-03-04 10:00"),
        returned_at: at("2026-03-10 10:00"),
        ..dossier("A", "2026-03-02 08:15")
    };
    assert!(on_time(d.clone(), CountOptions::default()));
    let returned_only = Dossier {
        finished_at: None,
        ..d
    };
    assert!(!on_time(returned_only, CountOptions::default()));
}

#[test]
fn a_refused_dossier() {
    let d = Dossier {
        due_at: at("2026-03-04 17:00"),
        stopped_at: at("2026-03-09 10:00"),
        ..dossier("A", "2026-03-02 08:15")
    };
    assert!(!on_time(d.clone(), CountOptions::default()));
    assert!(on_time(
        d,
        CountOptions {
            stopped: Stopped::OnTime,
            ..CountOptions::default()
        }
    ));
}

#[test]
fn unfinished_dossiers_are_judged_at_the_end_of_the_period() {
    let past = Dossier {
        due_at: at("2026-03-30 17:00"),
        ..dossier("A", "2026-03-25 08:00")
    };
    assert!(!on_time(past.clone(), CountOptions::default()));
    let not_yet = Dossier {
        due_at: at("2026-04-02 17:00"),
        ..dossier("A", "2026-03-25 08:00")
    };
    assert!(on_time(not_yet, CountOptions::default()));
    // For the still open period, judged now instead.
    assert!(on_time(
        past,
        CountOptions {
            as_of: at("2026-03-28 12:00"),
            ..CountOptions::default()
        }
    ));
}

#[test]
fn no_due_date_policies() {
    let undated = Dossier {
        procedure: "C.PAPER".into(),
        unit: "X.101".into(),
        finished_at: at("2026-03-20 10:00"),
        ..dossier("A", "2026-03-02 08:15")
    };
    let counting = counting(&["2026-03"], CountOptions::default());
    let mut tally = Tally::default();
    counting.add_dossier(&mut tally, &undated).unwrap();
    assert_eq!(
        count(
            &counting.counts(&tally, None).unwrap()[0],
            "X.101",
            "DOSSIER_ON_TIME"
        ),
        (1, 1)
    );
    assert_eq!(counting.undated(&tally), [1]);
    let overdue = chiso766::count::CountOptions {
        no_due_date: NoDueDate::Overdue,
        ..CountOptions::default()
    };
    let counts = counted(&self::counting(&["2026-03"], overdue), &[undated]);
    assert_eq!(count(&counts[0], "X.101", "DOSSIER_ON_TIME"), (0, 1));
}

#[test]
fn missing_officer_policy() {
    let d = Dossier {
        due_at: at("2026-03-04 17:00"),
        finished_at: at("2026-03-03 10:00"),
        ..dossier("A", "2026-03-02 08:15")
    };
    let local = CountOptions {
        missing_officer_overdue: true,
        ..CountOptions::default()
    };
    assert!(!on_time(d.clone(), local));
    assert!(on_time(
        Dossier {
            officer: Some("Nguyễn Văn A".into()),
            ..d
        },
        local
    ));
}

// Seed 003, footnote 2: some provinces count as overdue a dossier whose appointment is longer
// than the published processing time. P.FULL allows 5 working days: received Monday 2 March
// 08:15, the latest appointment is Monday 9 March 08:15. An appointment on the 10th, finished
// early, is overdue under that policy only; one on the 9th at 17:00 is allowed by date, not by
// instant.
#[test]
fn long_appointment_policy() {
    let d = |due: &str| Dossier {
        due_at: at(due),
        finished_at: at("2026-03-04 10:00"),
        ..dossier("A", "2026-03-02 08:15")
    };
    let local = CountOptions {
        long_appointment_overdue: true,
        ..CountOptions::default()
    };
    assert!(on_time(d("2026-03-10 08:00"), CountOptions::default()));
    assert!(!on_time(d("2026-03-10 08:00"), local));
    assert!(on_time(d("2026-03-09 17:00"), local));
    let by_instant = CountOptions {
        deadline: Deadline::Instant,
        ..local
    };
    assert!(!on_time(d("2026-03-09 17:00"), by_instant));
    assert!(on_time(d("2026-03-09 08:15"), by_instant));
    let why = counting(&["2026-03"], local)
        .explain(&d("2026-03-10 08:00"))
        .unwrap();
    assert_eq!(
        why[0].reason.to_string(),
        "quá hạn: ngày hẹn 08:00 ngày 10/3/2026 muộn hơn thời hạn công bố cho phép, \
         08:15 ngày 9/3/2026 (quy định của địa phương)"
    );
}

#[test]
fn a_duplicate_id_is_one_dossier_and_the_later_row_wins() {
    let csv = "dossier_id,unit_code,procedure_code,received_at,due_at,finished_at\n\
               A,X.01,P.FULL,2026-03-02 08:00,2026-03-04 17:00,2026-03-09 10:00\n\
               B,X.01,P.FULL,2026-03-02 08:00,2026-03-04 17:00,2026-03-03 10:00\n\
               A,X.01,P.FULL,2026-03-02 08:00,2026-03-04 17:00,2026-03-04 10:00\n";
    let counting = counting(&["2026-03"], CountOptions::default());
    let mut tally = Tally::default();
    for row in read_dossiers(csv.as_bytes(), Format::Csv, "dossiers.csv").unwrap() {
        counting
            .add_dossier(&mut tally, &row.unwrap().record)
            .unwrap();
    }
    assert_eq!(tally.repeated(), ["A"]);
    assert_eq!(
        count(
            &counting.counts(&tally, None).unwrap()[0],
            "X.01",
            "DOSSIER_ON_TIME"
        ),
        (2, 2)
    );
}

#[test]
fn channels_and_online_dossiers() {
    let online = |channel, procedure: &str, result_file| Dossier {
        channel,
        procedure: procedure.into(),
        unit: "X.101".into(),
        result_file,
        ..dossier(
            &format!("{channel:?}{procedure}{result_file}"),
            "2026-03-02 08:00",
        )
    };
    let dossiers = [
        online(Channel::InPerson, "C.PART", false),
        online(Channel::Online, "C.PART", false),
        online(Channel::Postal, "C.PART", false),
        // A paper result needs an electronic result to count as online.
        online(Channel::Online, "C.PAPER", false),
        online(Channel::Online, "C.PAPER", true),
    ];
    let counts = counted(&counting(&["2026-03"], CountOptions::default()), &dossiers);
    assert_eq!(count(&counts[0], "X.101", "ONLINE_DOSSIERS"), (2, 5));
    // Online services of the commune: C.PART and C.PAPER, both with an online dossier.
    assert_eq!(
        count(&counts[0], "X.101", "ONLINE_SERVICES_WITH_DOSSIERS"),
        (2, 2)
    );
    // The province answers for its whole territory: 4 procedures, 3 offered online.
    assert_eq!(count(&counts[0], "X", "ONLINE_PROCEDURES"), (3, 4));
    assert_eq!(count(&counts[0], "X", "ONLINE_DOSSIERS"), (2, 5));
    // The department has no dossier: 0 of 0, which is a count, not a missing one.
    assert_eq!(count(&counts[0], "X.01", "ONLINE_DOSSIERS"), (0, 0));
    let read = "dossier_id,unit_code,procedure_code,received_at,channel\nA,X.101,C.PART,2026-03-02,\nB,X.101,C.PART,2026-03-02,3\n";
    let channels: Vec<Channel> = read_dossiers(read.as_bytes(), Format::Csv, "d.csv")
        .unwrap()
        .map(|r| r.unwrap().record.channel)
        .collect();
    assert_eq!(channels, [Channel::InPerson, Channel::Postal]);
}

#[test]
fn payment_counts() {
    let paid = |id: &str, payment, fee_nonzero| Dossier {
        payment,
        fee_nonzero,
        ..dossier(id, "2026-03-02 08:00")
    };
    let dossiers = [
        paid("A", Payment::NationalPortal, Some(true)),
        paid("B", Payment::LocalGateway, None),
        paid("C", Payment::NotOnline, Some(true)),
        // Fees synced as zero leave the denominator.
        paid("D", Payment::NotOnline, Some(false)),
        Dossier {
            procedure: "P.NONE".into(),
            ..paid("E", Payment::NotOnline, None)
        },
    ];
    let counts = counted(&counting(&["2026-03"], CountOptions::default()), &dossiers);
    assert_eq!(count(&counts[0], "X.01", "ONLINE_PAYMENT_DOSSIERS"), (2, 3));
    // Fee-bearing province procedures: P.FULL only, paid online and with fee data.
    assert_eq!(
        count(&counts[0], "X.01", "ONLINE_PAYMENT_PROCEDURES"),
        (1, 1)
    );
    assert_eq!(
        count(&counts[0], "X.01", "FEE_INTEGRATED_PROCEDURES"),
        (1, 1)
    );
    // The province: P.FULL and C.PART are fee-bearing; only P.FULL was paid online.
    assert_eq!(count(&counts[0], "X", "ONLINE_PAYMENT_PROCEDURES"), (1, 2));
}

#[test]
fn digitization_and_satisfaction() {
    let d = |id: &str| Dossier {
        due_at: at("2026-03-20 17:00"),
        finished_at: at("2026-03-03 10:00"),
        ..dossier(id, "2026-03-02 08:00")
    };
    let dossiers = [
        Dossier {
            result_file: true,
            component_files: true,
            reused_data: true,
            vneid: true,
            ..d("A")
        },
        Dossier {
            component_files: true,
            from_personal_storage: true,
            disliked: true,
            ..d("B")
        },
        Dossier {
            has_petition: true,
            ..d("C")
        },
        Dossier {
            finished_at: at("2026-03-25 10:00"),
            ..d("D")
        },
    ];
    let counts = &counted(&counting(&["2026-03"], CountOptions::default()), &dossiers)[0];
    assert_eq!(count(counts, "X.01", "ORIGINAL_RESULT_AVAILABLE"), (1, 4));
    assert_eq!(count(counts, "X.01", "SO_HOA_GIAY_TO_GIAI_QUYET"), (2, 4));
    assert_eq!(count(counts, "X.01", "REUSED_DIGITIZED_DATA"), (1, 4));
    assert_eq!(
        count(counts, "X.01", "SYNCED_WITH_DVCQG_PERSONAL_STORAGE"),
        (1, 4)
    );
    assert_eq!(
        count(counts, "X.01", "CITIZEN_DATA_CONNECTED_DOSSIER"),
        (1, 4)
    );
    // On time and neither disliked nor petitioned: A only (D is late).
    assert_eq!(
        count(counts, "X.01", "DOSSIER_RECEIVING_SATISFACTION"),
        (1, 4)
    );
    assert_eq!(count(counts, "X.01", "DOSSIER_ON_TIME"), (3, 4));
}

// Petitions: refuse within 2 working days, answer within 15 + 2, counted from the latest transfer.
#[test]
fn petitions() {
    let petition = |id: &str| Petition {
        id: id.into(),
        unit: "X.101".into(),
        received_at: at("2026-03-02 08:00").unwrap(),
        transferred_at: None,
        refused_at: None,
        supplement_requested_at: None,
        handling_started_at: None,
        published_at: None,
        likes: 0,
        dislikes: 0,
        repeated: false,
    };
    let petitions = [
        Petition {
            refused_at: at("2026-03-04 08:00"),
            ..petition("refused in time")
        },
        Petition {
            refused_at: at("2026-03-05 08:00"),
            ..petition("refused late")
        },
        Petition {
            published_at: at("2026-03-20 10:00"),
            likes: 1,
            dislikes: 3,
            ..petition("answered, disliked")
        },
        Petition {
            published_at: at("2026-03-30 10:00"),
            transferred_at: at("2026-03-10 08:00"),
            ..petition("transferred")
        },
        Petition {
            published_at: at("2026-03-10 10:00"),
            repeated: true,
            ..petition("repeated")
        },
    ];
    let counting = counting(&["2026-03"], CountOptions::default());
    let mut tally = Tally::default();
    for p in &petitions {
        counting.add_petition(&mut tally, p).unwrap();
    }
    let counts = &counting.counts(&tally, None).unwrap()[0];
    assert_eq!(
        count(counts, "X.101", "PETITION_PROCESSING_ON_TIME"),
        (4, 5)
    );
    assert_eq!(
        count(counts, "X.101", "PETITION_HANDLING_SATISFACTION"),
        (2, 5)
    );
    assert_eq!(count(counts, "X", "PETITION_PROCESSING_ON_TIME"), (4, 5));
    assert_eq!(count(counts, "X.01", "PETITION_PROCESSING_ON_TIME"), (0, 0));
}

#[test]
fn a_counts_file_supplies_what_records_cannot() {
    let counting = counting(&["2026-03"], CountOptions::default());
    let extra = Counts::from_json(r#"{"units": [{"code": "X", "name": "X", "level": "province",
        "criteria": {"PUBLISH_ON_TIME": {"num": 8, "den": 10}, "DOSSIER_SYNC": {"num": 1, "den": 1}}}]}"#).unwrap();
    let counts = &counting.counts(&Tally::default(), Some(&extra)).unwrap()[0];
    assert_eq!(count(counts, "X", "PUBLISH_ON_TIME"), (8, 10));
    let clash = Counts::from_json(
        r#"{"units": [{"code": "X", "name": "X", "level": "province",
        "criteria": {"DOSSIER_ON_TIME": {"num": 8, "den": 10}}}]}"#,
    )
    .unwrap();
    let error = counting
        .counts(&Tally::default(), Some(&clash))
        .unwrap_err()
        .to_string();
    assert_eq!(error, "unit X, criterion DOSSIER_ON_TIME: this criterion is counted from the records; remove it from the counts file");
}

#[test]
fn record_errors_name_the_file_line_and_field() {
    let error = |csv: &str| {
        read_dossiers(csv.as_bytes(), Format::Csv, "dossiers.csv")
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        error("dossier_id,unit_code,procedure_code,due_at\nA,X.01,P.FULL,2026-02-30\n"),
        "dossiers.csv line 2: field due_at: '2026-02-30' is not a time (RFC 3339, YYYY-MM-DD HH:MM[:SS] or YYYY-MM-DD, years 1970–2199)"
    );
    assert_eq!(
        error("dossier_id,unit_code\nA,X.01\n"),
        "dossiers.csv line 1: the column 'procedure_code' is missing"
    );
    assert_eq!(
        error("dossier_id,unit_code,procedure_code,channel\nA,X.01,P,4\n"),
        "dossiers.csv line 2: field channel: '4' is not one of 1, 2, 3"
    );
    assert_eq!(
        error("dossier_id,unit_code,procedure_code,vneid\nA,X.01,P,yes\n"),
        "dossiers.csv line 2: field vneid: 'yes' is not 0, 1, true or false"
    );
    assert_eq!(
        error("dossier_id,unit_code,procedure_code\n,X.01,P\n"),
        "dossiers.csv line 2: field dossier_id: is missing"
    );
    let jsonl = "{\"dossier_id\": \"A\", \"unit_code\": \"X.01\", \"procedure_code\": \"P\", \"supplement_count\": -1}\n";
    let error = read_dossiers(jsonl.as_bytes(), Format::JsonLines, "dossiers.jsonl")
        .unwrap()
        .next()
        .unwrap()
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "dossiers.jsonl line 1: field supplement_count: '-1' is negative"
    );

    let counting = counting(&["2026-03"], CountOptions::default());
    let unknown = Dossier {
        unit: "Y".into(),
        ..dossier("A", "2026-03-02")
    };
    let error = counting
        .add_dossier(&mut Tally::default(), &unknown)
        .unwrap_err();
    assert_eq!(
        error.at("dossiers.csv", Some(7)).to_string(),
        "dossiers.csv line 7: field unit_code: unit Y is not in the unit list"
    );
    let unknown = Dossier {
        procedure: "Q".into(),
        ..dossier("A", "2026-03-02")
    };
    assert!(counting
        .add_dossier(&mut Tally::default(), &unknown)
        .unwrap_err()
        .to_string()
        .contains("procedure Q is not in the catalogue"));
}

#[test]
fn json_lines_read_like_csv() {
    let csv = "petition_id,unit_code,received_at,likes,repeated\nK1,X.101,2026-03-02 08:00,3,1\n";
    let jsonl = "{\"petition_id\": \"K1\", \"unit_code\": \"X.101\", \"received_at\": \"2026-03-02 08:00\", \"likes\": 3, \"repeated\": true}\n\n";
    let from_csv: Vec<Petition> = read_petitions(csv.as_bytes(), Format::Csv, "k.csv")
        .unwrap()
        .map(|r| r.unwrap().record)
        .collect();
    let from_jsonl: Vec<Petition> = read_petitions(jsonl.as_bytes(), Format::JsonLines, "k.jsonl")
        .unwrap()
        .map(|r| r.unwrap().record)
        .collect();
    assert_eq!(from_csv, from_jsonl);
    assert_eq!(from_csv[0].likes, 3);
}

#[test]
fn periods_are_checked() {
    let too_many: Vec<Period> = (1..=9).map(|m| Period::month(2026, m).unwrap()).collect();
    assert!(Counting::new(
        units(),
        catalogue(),
        Calendar::vietnam().unwrap(),
        too_many,
        CountOptions::default()
    )
    .is_err());
}

/// A dossier file of `rows` rows (about 5 MB for 70,000, so it is cut into parts on 2 cores), the
/// first id repeated at the end with a different outcome, written to a temporary file.
pub fn big_file(name: &str, rows: usize, jsonl: bool, quoted: bool) -> std::path::PathBuf {
    use std::io::Write;
    let path = std::env::temp_dir().join(format!("chiso766-{}-{name}", std::process::id()));
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let row = |i: usize, finished: &str| {
        let unit = if i % 2 == 0 { "X.01" } else { "X.101" };
        let procedure = if i % 2 == 0 { "P.FULL" } else { "C.PART" };
        let day = 2 + i % 20;
        (
            format!("HS-{i:07}"),
            unit,
            procedure,
            format!("2026-03-{day:02} 08:00"),
            format!("2026-03-{:02} 17:00", day + 2),
            finished.replace("DD", &format!("{:02}", day + 1 + (i % 5))),
        )
    };
    if !jsonl {
        writeln!(
            out,
            "dossier_id,unit_code,procedure_code,received_at,due_at,finished_at,channel,note"
        )
        .unwrap();
    }
    for i in 0..=rows {
        let (id, unit, procedure, received, due, finished) = if i == rows {
            row(0, "2026-03-31 10:00")
        } else {
            row(i, "2026-03-DD 10:00")
        };
        let channel = 1 + i % 2;
        if jsonl {
            writeln!(out, r#"{{"dossier_id": "{id}", "unit_code": "{unit}", "procedure_code": "{procedure}", "received_at": "{received}", "due_at": "{due}", "finished_at": "{finished}", "channel": {channel}}}"#).unwrap();
        } else {
            let note = if quoted && i == 7 {
                "\"a note, quoted\""
            } else {
                ""
            };
            writeln!(
                out,
                "{id},{unit},{procedure},{received},{due},{finished},{channel},{note}"
            )
            .unwrap();
        }
    }
    path
}

// A file large enough to be cut into parts counts exactly as when read row by row, keeps the later
// record of an id repeated across the cut, and reports lines as in the whole file.
#[test]
fn a_large_file_counts_the_same_in_parts() {
    let counting = counting(&["2026-03"], CountOptions::default());
    for (name, jsonl, quoted) in [
        ("parts.csv", false, false),
        ("parts.jsonl", true, false),
        ("quoted.csv", false, true),
    ] {
        let path = big_file(name, 70_000, jsonl, quoted);
        let text = path.to_str().unwrap();
        let format = if jsonl {
            Format::JsonLines
        } else {
            Format::Csv
        };
        let mut whole = Tally::default();
        for row in read_dossiers(std::fs::File::open(&path).unwrap(), format, text).unwrap() {
            counting
                .add_dossier(&mut whole, &row.unwrap().record)
                .unwrap();
        }
        let mut parts = Tally::default();
        counting.add_dossier_file(&mut parts, text).unwrap();
        assert_eq!(parts.repeated(), ["HS-0000000"], "{name}");
        assert_eq!(parts.dossiers(), 70_000);
        assert_eq!(
            counting.counts(&parts, None).unwrap(),
            counting.counts(&whole, None).unwrap(),
            "{name}"
        );
        // The repeat at the end finished on 31/3, after its due date: the later record won.
        let counts = counting.counts(&parts, None).unwrap();
        let on_time = count(&counts[0], "X.01", "DOSSIER_ON_TIME");
        assert_eq!(on_time.1, 35_000);
        std::fs::remove_file(&path).unwrap();
    }
    // An error late in the file names its line in the whole file.
    let path = big_file("bad.csv", 70_000, false, false);
    let text = std::fs::read_to_string(&path).unwrap().replacen(
        "HS-0060000,X.01,P.FULL,2026-03-02",
        "HS-0060000,X.01,P.FULL,2026-02-30",
        1,
    );
    std::fs::write(&path, text).unwrap();
    let error = counting
        .add_dossier_file(&mut Tally::default(), path.to_str().unwrap())
        .unwrap_err();
    assert_eq!(error.location().unwrap().line, Some(60_002), "{error}");
    std::fs::remove_file(&path).unwrap();
}

// The parts of a file are split at commas without a CSV reader; line ends and blank lines that a
// CSV reader accepts count the same, and a malformed row late in the file is refused at its line,
// as the CSV reader refuses it.
#[test]
fn a_large_file_in_any_line_ending_counts_as_read_row_by_row() {
    let counting = counting(&["2026-03"], CountOptions::default());
    let path = big_file("endings.csv", 70_000, false, false);
    let original = std::fs::read(&path).unwrap();
    let replace = |from: &[u8], to: &[u8]| -> Vec<u8> {
        let mut out = Vec::with_capacity(original.len() * 2);
        let mut rest = &original[..];
        while let Some(at) = rest.windows(from.len()).position(|w| w == from) {
            out.extend_from_slice(&rest[..at]);
            out.extend_from_slice(to);
            rest = &rest[at + from.len()..];
        }
        out.extend_from_slice(rest);
        out
    };
    let row_by_row = |bytes: &[u8]| {
        let mut tally = Tally::default();
        for row in read_dossiers(bytes, Format::Csv, "f").unwrap() {
            counting.add_dossier(&mut tally, &row?.record)?;
        }
        counting.counts(&tally, None)
    };
    let in_parts = |bytes: &[u8]| {
        std::fs::write(&path, bytes).unwrap();
        let mut tally = Tally::default();
        counting.add_dossier_file(&mut tally, path.to_str().unwrap())?;
        counting.counts(&tally, None)
    };
    let expected = row_by_row(&original).unwrap();
    for (name, bytes) in [
        ("CRLF", replace(b"\n", b"\r\n")),
        ("CR", replace(b"\n", b"\r")),
        ("blank lines", replace(b"\nHS-00400", b"\n\nHS-00400")),
    ] {
        assert_eq!(in_parts(&bytes).unwrap(), expected, "{name}");
    }
    // Row 60,000 is on line 60,002 (after the header and HS-0000000).
    for (name, bytes) in [
        (
            "a missing field",
            replace(b"HS-0060000,X.01,P.FULL,", b"HS-0060000,X.01,"),
        ),
        (
            "invalid UTF-8",
            replace(b"HS-0060000,X.01,P.FULL,", b"HS-0060000,X.01,P.\xff,"),
        ),
    ] {
        let ours = in_parts(&bytes).unwrap_err();
        let reader = row_by_row(&bytes).unwrap_err();
        assert_eq!(
            ours.location().unwrap().line,
            Some(60_002),
            "{name}: {ours}"
        );
        assert_eq!(
            reader.location().unwrap().line,
            Some(60_002),
            "{name}: {reader}"
        );
    }
    std::fs::remove_file(&path).unwrap();
}

// A dossier table keeps one dossier per id, the later pushed winning as in a file, and counts as a
// tally of the same dossiers; a dossier it cannot count is named in the error.
#[test]
fn a_dossier_table_counts_as_a_tally() {
    let counting = counting(&["2026-03", "2026"], CountOptions::default());
    let finished = |id: &str, unit: &str, on: &str| Dossier {
        unit: unit.into(),
        due_at: at("2026-03-04 17:00"),
        finished_at: at(on),
        ..dossier(id, "2026-03-02 08:00")
    };
    let dossiers = [
        finished("A", "X.01", "2026-03-03 09:00"),
        finished("B", "X.101", "2026-03-06 09:00"),
        // A again, now late and in another unit: it replaces the first.
        finished("A", "X.101", "2026-03-05 09:00"),
    ];
    let mut table = DossierTable::new();
    let mut tally = Tally::default();
    for d in &dossiers {
        table.push(d).unwrap();
        counting.add_dossier(&mut tally, d).unwrap();
    }
    assert_eq!((table.len(), table.repeated()), (2, &["A".to_owned()][..]));
    let from_table = counting
        .counts_of(&counting.count_table(&table).unwrap(), None)
        .unwrap();
    assert_eq!(from_table, counting.counts(&tally, None).unwrap());
    // Both late, both in X.101 (pooled into the province X above it), none left in X.01.
    assert_eq!(count(&from_table[0], "X.101", "DOSSIER_ON_TIME"), (0, 2));
    assert_eq!(count(&from_table[1], "X", "DOSSIER_ON_TIME"), (0, 2));
    assert_eq!(count(&from_table[1], "X.01", "DOSSIER_ON_TIME"), (0, 0));

    let mut bad = table.clone();
    bad.push(&finished("C", "X.999", "2026-03-03 09:00"))
        .unwrap();
    let error = counting.count_table(&bad).unwrap_err().to_string();
    assert!(
        error.contains("dossier C") && error.contains("X.999"),
        "{error}"
    );
    let mut bad = table;
    bad.push(&Dossier {
        procedure: "P.UNLISTED".into(),
        ..dossier("D", "2026-03-02 08:00")
    })
    .unwrap();
    let error = counting.count_table(&bad).unwrap_err().to_string();
    assert!(
        error.contains("dossier D") && error.contains("P.UNLISTED"),
        "{error}"
    );
}

// A table counts one unit's dossiers together, many at a time; with eight periods (the most) and
// more dossiers in a unit than its batch holds (255), it still counts as a tally, whose sums are
// added one dossier at a time. Worked by hand: 1,000 dossiers in X.01, dossier i received on
// day i % 28 + 1 of month i % 6 + 1 (January to June), online when i % 3 = 0, finished late
// (the day after its due date) when i % 7 = 0.
#[test]
fn a_table_with_many_dossiers_per_unit_in_eight_periods_counts_as_a_tally() {
    let periods = [
        "2026-01", "2026-02", "2026-03", "2026-Q1", "2026-04", "2026-05", "2026-06", "2026",
    ];
    let counting = counting(&periods, CountOptions::default());
    let dossiers: Vec<Dossier> = (0..1000)
        .map(|i| {
            let day = format!("2026-{:02}-{:02}", i % 6 + 1, i % 28 + 1);
            let received = at(&format!("{day} 08:00")).unwrap();
            let finished = if i % 7 == 0 { 86_400 } else { 0 };
            Dossier {
                channel: if i % 3 == 0 {
                    Channel::Online
                } else {
                    Channel::InPerson
                },
                due_at: Some(received),
                finished_at: Some(
                    Moment::from_unix_seconds(received.unix_seconds() + finished).unwrap(),
                ),
                ..dossier(&format!("HS-{i}"), &format!("{day} 08:00"))
            }
        })
        .collect();
    let mut table = DossierTable::new();
    for d in &dossiers {
        table.push(d).unwrap();
    }
    let from_table = counting
        .counts_of(&counting.count_table(&table).unwrap(), None)
        .unwrap();
    assert_eq!(from_table, counted(&counting, &dossiers));
    // By hand, for the month i % 6 = m: received 167 dossiers (m < 4) or 166; on time all but
    // those with i % 7 = 0; online those with i % 3 = 0.
    let by_hand = |keep: &dyn Fn(usize) -> bool| {
        let of = |month: usize| (0..1000).filter(|i| i % 6 == month && keep(*i)).count() as u64;
        [
            of(0),
            of(1),
            of(2),
            of(0) + of(1) + of(2),
            of(3),
            of(4),
            of(5),
            (0..6).map(of).sum(),
        ]
    };
    let received = by_hand(&|_| true);
    let on_time = by_hand(&|i| i % 7 != 0);
    let online = by_hand(&|i| i % 3 == 0);
    assert_eq!((received[0], received[5], received[7]), (167, 166, 1000));
    for (p, counts) in from_table.iter().enumerate() {
        assert_eq!(
            count(counts, "X.01", "DOSSIER_ON_TIME"),
            (on_time[p], received[p]),
            "{}",
            periods[p]
        );
        assert_eq!(
            count(counts, "X", "ONLINE_DOSSIERS"),
            (online[p], received[p]),
            "{}",
            periods[p]
        );
    }
}

// A tally or sums made by another setup is refused, not misread.
#[test]
fn a_tally_from_another_setup_is_refused() {
    let two_months = counting(&["2026-03", "2026-04"], CountOptions::default());
    let mut tally = Tally::default();
    two_months
        .add_dossier(&mut tally, &dossier("A", "2026-04-02 08:00"))
        .unwrap();
    let march = counting(&["2026-03"], CountOptions::default());
    let error = march.counts(&tally, None).unwrap_err();
    assert!(
        error.to_string().contains("another counting setup"),
        "{error}"
    );
    let sums = two_months
        .count_unique(&[dossier("A", "2026-04-02 08:00")])
        .unwrap();
    assert!(march.counts_of(&sums, None).is_err());
}

// Units exist from `valid_from` to `valid_to` (units.csv). Here commune X.101 ends on 28 February
// 2026: a dossier it received at 23:59 that day counts in February; one received at 17:30 UTC
// that day (00:30 on 1 March in Vietnam) is an error naming the unit and the day; March's counts
// leave the commune out, February's keep it.
#[test]
fn a_unit_counts_only_on_the_days_it_exists() {
    use chiso766::record::UnitRow;
    let row = |code: &str, from: Option<&str>, to: Option<&str>| UnitRow {
        unit: (units().units().iter().find(|u| u.code == code).unwrap()).clone(),
        valid_from: from.map(|d| d.parse().unwrap()),
        valid_to: to.map(|d| d.parse().unwrap()),
    };
    let counting = counting(&["2026-02", "2026-03"], CountOptions::default())
        .with_unit_dates(&[row("X.101", None, Some("2026-02-28"))])
        .unwrap();
    let commune = |id: &str, received: &str| Dossier {
        received_at: at(received),
        ..Dossier::new(id, "X.101", "C.PART")
    };
    let counts = counted(&counting, &[commune("A", "2026-02-28T23:59:00+07:00")]);
    assert_eq!(count(&counts[0], "X.101", "DOSSIER_ON_TIME"), (1, 1));
    assert_eq!(count(&counts[0], "X", "DOSSIER_ON_TIME"), (1, 1));
    let march: Vec<&str> = counts[1]
        .units
        .iter()
        .map(|u| u.unit.code.as_str())
        .collect();
    assert_eq!(march, ["X", "X.01"]);

    let mut tally = Tally::default();
    let error = counting
        .add_dossier(&mut tally, &commune("B", "2026-02-28T17:30:00Z"))
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("unit X.101 does not exist on 2026-03-01 (it exists from … to 2026-02-28)"),
        "{error}"
    );

    // A unit that ends before it begins, or is not in the tree, is refused.
    let backwards = row("X.01", Some("2026-03-01"), Some("2026-02-01"));
    let error = self::counting(&["2026-03"], CountOptions::default())
        .with_unit_dates(&[backwards])
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("unit X.01, field valid_to: the unit ends before it begins"),
        "{error}"
    );
    let twice = [
        row("X.01", None, None),
        row("X.01", None, Some("2026-12-31")),
    ];
    assert!(self::counting(&["2026-03"], CountOptions::default())
        .with_unit_dates(&twice)
        .is_err());
    let mut stranger = row("X.01", None, None);
    stranger.unit.code = "Y".into();
    assert!(self::counting(&["2026-03"], CountOptions::default())
        .with_unit_dates(&[stranger])
        .is_err());
}

// Many repeats inside each part of a count on every core (each of 5,000 ids four times, its last
// record the only one on time): the last record of each id wins, as when added one by one.
#[test]
fn a_part_with_many_repeats_keeps_each_ids_last_record() {
    let counting = counting(&["2026-03"], CountOptions::default());
    let dossiers: Vec<Dossier> = (0..20_000)
        .map(|i| Dossier {
            id: format!("HS-{}", i % 5_000),
            due_at: at("2026-03-04 17:00"),
            finished_at: if i >= 15_000 {
                at("2026-03-03 10:00")
            } else {
                at("2026-03-09 10:00")
            },
            ..dossier("", "2026-03-02 08:00")
        })
        .collect();
    let parallel = counting.count_dossiers(&dossiers).unwrap();
    assert_eq!(parallel.dossiers(), 5_000);
    assert_eq!(parallel.repeat_count(), 15_000);
    assert_eq!(parallel.repeated().len(), chiso766::count::REPEATS_KEPT);
    let counts = counting.counts(&parallel, None).unwrap();
    assert_eq!(count(&counts[0], "X.01", "DOSSIER_ON_TIME"), (5_000, 5_000));
}

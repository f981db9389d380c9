//! Civil time in Vietnam and working time (SPEC §5): the built-in days off, make-up Saturdays,
//! adding and measuring working time, and a province's own days.

use chiso766::calendar::{Calendar, DayKind, Moment, Schedule, SpecialDay};
use chiso766::record::{read_holidays, Format};

fn holidays(text: &str, format: Format) -> chiso766::Result<Vec<SpecialDay>> {
    read_holidays(text.as_bytes(), format, "holidays.csv")?
        .map(|row| row.map(|r| r.record))
        .collect()
}

fn at(text: &str) -> Moment {
    Moment::parse(text).unwrap()
}

fn date(text: &str) -> jiff::civil::Date {
    text.parse().unwrap()
}

#[test]
fn instants_are_read_in_vietnam_time() {
    // 16:30 UTC on 30/9 is 23:30 in Vietnam: still September.
    assert_eq!(at("2026-09-30T16:30:00Z").date(), date("2026-09-30"));
    assert_eq!(at("2026-09-30T17:00:00Z").date(), date("2026-10-01"));
    assert_eq!(
        at("2026-09-30 23:59").to_string(),
        "2026-09-30T23:59:00+07:00"
    );
    assert_eq!(at("2026-09-30T23:59:59+07:00"), at("2026-09-30T16:59:59Z"));
    assert_eq!(at("2026-10-01"), at("2026-10-01T00:00:00+07:00"));
    assert_eq!(
        at("2026-03-02T08:15:00.250+07:00").to_string(),
        "2026-03-02T08:15:00+07:00"
    );
    assert_eq!(
        at("2026-03-02T03:15:00-05:00").to_string(),
        "2026-03-02T15:15:00+07:00"
    );
    for bad in [
        "2026-02-30",
        "2026-13-01",
        "2026-1-5",
        "26-01-05",
        "2026-01-05 25:00",
        "2026-01-05 10:00+7",
        "1969-12-31",
        "2026-01-05 10:00:60",
        "",
    ] {
        let error = Moment::parse(bad).unwrap_err().to_string();
        assert!(error.contains("is not a time"), "{bad}: {error}");
    }
}

#[test]
fn the_built_in_table() {
    let calendar = Calendar::vietnam().unwrap();
    let days: Vec<&SpecialDay> = calendar.special_days().collect();
    assert_eq!(days.len(), 64);
    assert!(days
        .iter()
        .all(|d| d.source.is_some() && !d.name.is_empty()));
    let workdays: Vec<String> = days
        .iter()
        .filter(|d| d.kind == DayKind::Workday)
        .map(|d| d.date.to_string())
        .collect();
    assert_eq!(
        workdays,
        ["2024-05-04", "2025-04-26", "2026-01-10", "2026-08-22"]
    );
    for off in [
        "2026-01-02",
        "2026-02-17",
        "2026-04-27",
        "2026-08-31",
        "2026-09-01",
        "2026-11-24",
        "2025-05-02",
        "2024-04-29",
    ] {
        assert!(!calendar.is_working_day(date(off)), "{off}");
    }
    for working in ["2026-01-10", "2026-01-05", "2026-11-23", "2024-05-04"] {
        assert!(calendar.is_working_day(date(working)), "{working}");
    }
    assert!(!calendar.is_working_day(date("2026-01-11")), "a Sunday");
}

#[test]
fn adding_working_time() {
    let calendar = Calendar::vietnam().unwrap();
    // Monday 10:00 + 3 working days = Thursday 10:00.
    assert_eq!(
        calendar
            .add_working_days(at("2026-03-02 10:00"), 3)
            .unwrap(),
        at("2026-03-05 10:00")
    );
    // Eight working hours from 07:00 end at 17:00 the same day, not 07:00 the next.
    assert_eq!(
        calendar
            .add_working_days(at("2026-03-02 07:00"), 1)
            .unwrap(),
        at("2026-03-02 17:00")
    );
    // Outside working hours, the clock starts at the next session: Saturday → Monday 07:00.
    assert_eq!(
        calendar
            .add_working_seconds(at("2026-03-07 09:00"), 3600)
            .unwrap(),
        at("2026-03-09 08:00")
    );
    // The lunch break does not count.
    assert_eq!(
        calendar
            .add_working_seconds(at("2026-03-02 11:00"), 3600)
            .unwrap(),
        at("2026-03-02 14:00")
    );
    // Friday 2/1/2026 is off (swapped) and Saturday 10/1 is worked: Thursday 1/1 is off too.
    assert_eq!(
        calendar
            .add_working_days(at("2025-12-31 17:00"), 1)
            .unwrap(),
        at("2026-01-05 17:00")
    );
    assert_eq!(
        calendar
            .add_working_days(at("2026-01-09 17:00"), 1)
            .unwrap(),
        at("2026-01-10 17:00")
    );
    // A holiday inside a deadline: 5 working days from Thursday 23/4/2026 skip Monday 27/4 (Giỗ Tổ),
    // Thursday 30/4 and Friday 1/5.
    assert_eq!(
        calendar
            .add_working_days(at("2026-04-23 09:00"), 5)
            .unwrap(),
        at("2026-05-05 09:00")
    );
}

#[test]
fn measuring_working_time() {
    let calendar = Calendar::vietnam().unwrap();
    let hours = |a: &str, b: &str| calendar.working_seconds_between(at(a), at(b)) as f64 / 3600.0;
    assert_eq!(hours("2026-03-02 07:00", "2026-03-02 17:00"), 8.0);
    assert_eq!(hours("2026-03-02 11:00", "2026-03-02 14:00"), 1.0);
    assert_eq!(hours("2026-03-06 16:00", "2026-03-09 08:00"), 2.0);
    assert_eq!(hours("2026-03-09 08:00", "2026-03-06 16:00"), -2.0);
    // The whole Tết break of 2026 holds no working time.
    assert_eq!(hours("2026-02-13 17:00", "2026-02-23 07:00"), 0.0);
}

#[test]
fn a_province_adds_and_overrides_days() {
    let csv = "date,kind,name\n2026-11-23,off,Nghỉ bù Ngày Văn hóa (đề xuất)\n2026-11-28,workday,Làm bù\n2026-11-24,workday,Không nghỉ\n";
    let days = holidays(csv, Format::Csv).unwrap();
    let jsonl = "{\"date\": \"2026-11-23\", \"kind\": \"off\", \"name\": \"Nghỉ bù Ngày Văn hóa (đề xuất)\"}\n\
                 {\"date\": \"2026-11-28\", \"kind\": \"workday\", \"name\": \"Làm bù\"}\n\
                 {\"date\": \"2026-11-24\", \"kind\": \"workday\", \"name\": \"Không nghỉ\"}\n";
    assert_eq!(holidays(jsonl, Format::JsonLines).unwrap(), days);
    let calendar = Calendar::vietnam().unwrap().with_days(days);
    assert!(!calendar.is_working_day(date("2026-11-23")));
    assert!(calendar.is_working_day(date("2026-11-24")));
    assert!(calendar.is_working_day(date("2026-11-28")));
    assert_eq!(
        calendar
            .add_working_days(at("2026-11-20 17:00"), 1)
            .unwrap(),
        at("2026-11-24 17:00")
    );

    let bad = "date,kind\n2026-11-23,holiday\n";
    assert_eq!(
        holidays(bad, Format::Csv).unwrap_err().to_string(),
        "holidays.csv line 2: field kind: 'holiday' is not one of off, workday"
    );
    let bad = "date,kind\n2026-02-30,off\n";
    assert!(holidays(bad, Format::Csv)
        .unwrap_err()
        .to_string()
        .starts_with("holidays.csv line 2: field date:"));
}

// Instants built from numbers stay within the calendar's years, and working time that would run
// past them is an error, not an overflow.
#[test]
fn out_of_range_instants_and_durations_are_errors() {
    assert!(Moment::from_unix_seconds(i64::MAX).is_err());
    // The first instant is midnight of 1 January 1970 in Vietnam, 17:00 UTC the day before.
    assert_eq!(
        Moment::from_unix_seconds(-25_200).unwrap(),
        at("1970-01-01")
    );
    assert!(Moment::from_unix_seconds(-25_201).is_err());
    assert_eq!(
        Moment::from_unix_seconds(at("2199-12-31 23:59:59").unix_seconds()).unwrap(),
        at("2199-12-31 23:59:59")
    );
    assert!(Moment::from_unix_seconds(at("2199-12-31 23:59:59").unix_seconds() + 1).is_err());
    let noon = Moment::from_unix_seconds(at("2026-03-02 12:00").unix_seconds()).unwrap();
    assert_eq!(noon, at("2026-03-02 12:00"));
    let calendar = Calendar::vietnam().unwrap();
    assert!(calendar.add_working_seconds(noon, i64::MAX).is_err());
    assert!(calendar.add_working_days(noon, i64::MAX / 2).is_err());
    assert!(calendar.add_working_days(noon, 60_000).is_err());
}

#[test]
fn another_schedule() {
    let schedule = Schedule::new(vec![(8 * 3600, 12 * 3600), (13 * 3600, 17 * 3600)]).unwrap();
    let calendar = Calendar::new(schedule, []);
    assert_eq!(
        calendar
            .add_working_days(at("2026-03-02 08:00"), 1)
            .unwrap(),
        at("2026-03-02 17:00")
    );
    assert!(Schedule::new(vec![(10, 5)]).is_err());
    assert!(Schedule::new(vec![]).is_err());
}

// The range is of days in Vietnam, whatever offset a time is written with: a time written in
// 2199 that is already 2200 in Vietnam is refused (it would print as a time that does not parse).
#[test]
fn the_range_of_years_is_of_days_in_vietnam() {
    assert!(Moment::parse("2199-12-31T23:59:59-12:00").is_err());
    assert!(Moment::parse("2199-12-31T16:59:59Z").is_ok());
    assert!(Moment::parse("2199-12-31T17:00:00Z").is_err());
    assert!(Moment::parse("1970-01-01T00:30:00+08:00").is_err());
    assert!(Moment::parse("1970-01-01 00:00").is_ok());
    // A fraction of a second has digits (found by fuzzing: a bare '.' was accepted).
    assert!(Moment::parse("2026-03-02 08:15:00.+07:00").is_err());
    assert!(Moment::parse("2026-03-02 08:15:00.5+07:00").is_ok());
    // A month is two digits (found by fuzzing: '+1' was read as 01).
    assert!("2026-+1".parse::<chiso766::Period>().is_err());
    assert!("2026-Q+".parse::<chiso766::Period>().is_err());
}

// The built-in days, read by the calendar alone, are what the record reader makes of the same
// file: every day, its kind, name and notice.
#[test]
fn the_built_in_table_reads_as_an_offices_holidays_file() {
    let read = holidays(chiso766::calendar::VIETNAM_HOLIDAYS_CSV, Format::Csv).unwrap();
    let calendar = Calendar::vietnam().unwrap();
    let built_in: Vec<&SpecialDay> = calendar.special_days().collect();
    assert_eq!(built_in.len(), 64);
    assert_eq!(built_in, read.iter().collect::<Vec<_>>());
    assert!(built_in
        .iter()
        .all(|d| d.source.is_some() && !d.name.is_empty()));
}

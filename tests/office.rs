//! Files as an office exports them (SPEC §10): its own headers and words, typed problems a program
//! can word in its own language, Excel's mangling named, counts templates read back, a file
//! checked row by row.

use chiso766::count::{Counting, RecordFiles, Tally};
use chiso766::error::{CountPart, DateHint, Mangling, NumberHint, Problem};
use chiso766::input::{read_header, Notice, Vocabulary};
use chiso766::interchange::{NOTE_COLUMNS, VIETNAMESE_COLUMNS};
use chiso766::record::{Channel, Format, RecordKind};
use chiso766::{Counts, CriterionCount, ErrorKind, Level, Methodology, ReadOptions};

const UNITS: &str = "code,name,level,parent\nP,Tỉnh P,province,\nP.01,Sở A,department,P\n\
                     P.101,Xã B,commune,P\nP.102,Xã C,commune,P\n";
const PROCEDURES: &str =
    "procedure_code,level,fee_bearing\n1.001233,province,1\n1.001230,province,0\n2.000001,commune,0\n";

/// The catalogue and units written to a folder, and a counting setup of October 2026.
fn setup(name: &str) -> (std::path::PathBuf, Counting) {
    let dir = std::env::temp_dir().join(format!("chiso766-office-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("units.csv"), UNITS).unwrap();
    std::fs::write(dir.join("procedures.csv"), PROCEDURES).unwrap();
    let path = |f: &str| dir.join(f).to_string_lossy().into_owned();
    let counting = RecordFiles::new(&path("procedures.csv"), &path("units.csv"))
        .counting(vec!["2026-10".parse().unwrap()])
        .unwrap();
    (dir, counting)
}

fn office_words() -> Vocabulary {
    let mut words = Vocabulary::new();
    for (field, header) in [
        ("dossier_id", "Mã hồ sơ"),
        ("unit_code", "Mã đơn vị"),
        ("procedure_code", "Mã TTHC"),
        ("received_at", "Ngày tiếp nhận"),
        ("channel", "Hình thức nộp"),
        ("vneid", "VNeID"),
    ] {
        words.set_column("dossiers", field, header);
    }
    words.add_value("dossiers", "channel", "Trực tuyến", "2");
    words.add_value("dossiers", "channel", "Trực tiếp", "1");
    words.add_value("dossiers", "vneid", "Có", "1");
    words
}

// Headers match whatever their case, spaces or composition; words too; the rest of the row is
// read as SPEC §7 says.
#[test]
fn an_offices_headers_and_words_are_read_as_the_specifications() {
    let csv = "MÃ HỒ SƠ ;Mã  đơn vị;Mã TTHC;Ngày tiếp nhận;Hình thức nộp;VNeID;Ghi chú\n\
               HS-1;P.101;2.000001;05/10/2026 08:00;TRỰC TUYẾN;có;x\n\
               HS-2;P.101;2.000001;05/10/2026 09:00;Trực tiếp;0;\n";
    let options = ReadOptions::new()
        .day_first_dates(true)
        .vocabulary(office_words());
    let rows: Vec<_> = options
        .dossiers(csv.as_bytes(), Format::Csv, "ho-so.csv")
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows[0].record.channel, Channel::Online);
    assert!(rows[0].record.vneid);
    assert_eq!(rows[1].record.channel, Channel::InPerson);
    assert!(!rows[1].record.vneid);
    assert_eq!(
        rows[0].record.received_at.unwrap().to_string(),
        "2026-10-05T08:00:00+07:00"
    );
}

// A word the office did not declare is a typed problem listing the values and the words it
// accepts, and the error names the column as the file heads it.
#[test]
fn an_unknown_word_is_a_typed_problem_naming_the_column() {
    let csv = "Mã hồ sơ,Mã đơn vị,Mã TTHC,Ngày tiếp nhận,Hình thức nộp,VNeID\n\
               HS-1,P.101,2.000001,2026-10-05,Qua mạng,1\n";
    let options = ReadOptions::new().vocabulary(office_words());
    let error = options
        .dossiers(csv.as_bytes(), Format::Csv, "ho-so.csv")
        .unwrap()
        .next()
        .unwrap()
        .unwrap_err();
    let ErrorKind::InvalidRecord {
        field,
        column,
        problem,
    } = error.kind()
    else {
        panic!("{error}");
    };
    assert_eq!(
        (field.as_str(), column.as_deref()),
        ("channel", Some("Hình thức nộp"))
    );
    assert_eq!(
        problem,
        &Problem::NotOneOf {
            value: "Qua mạng".into(),
            accepted: ["1", "2", "3", "Trực tuyến", "Trực tiếp"]
                .map(String::from)
                .to_vec(),
        }
    );
    assert_eq!(error.location().unwrap().line, Some(2));
}

// A header the office names that the file lacks is an error, even for an optional field; a
// required field without its column names the header that is probably it.
#[test]
fn missing_columns_name_the_header_meant() {
    let options = ReadOptions::new().vocabulary(office_words());
    let csv = "Mã hồ sơ,Mã đơn vị,Mã TTHC\nHS-1,P.101,2.000001\n";
    let error = options
        .dossiers(csv.as_bytes(), Format::Csv, "ho-so.csv")
        .err()
        .unwrap();
    assert!(
        matches!(
            error.kind(),
            ErrorKind::Layout { problem: Problem::MissingColumn { field, header: Some(header), .. } }
                if field == "received_at" && header == "Ngày tiếp nhận"
        ),
        "{error}"
    );
    let csv = "dossier_id,unit_cod,procedure_code\nHS-1,P.101,2.000001\n";
    let error = chiso766::record::read_dossiers(csv.as_bytes(), Format::Csv, "d.csv")
        .err()
        .unwrap();
    assert_eq!(
        error.to_string(),
        "d.csv line 1: the column 'unit_code' is missing (did you mean the column 'unit_cod'?)"
    );
}

// Excel writes a procedure code as a number; the counting names the code meant.
#[test]
fn codes_and_dates_a_spreadsheet_changed_are_named() {
    let (_, counting) = setup("mangled");
    for (code, expected, by) in [
        ("1,001233", "1.001233", Mangling::DecimalComma),
        ("1001233", "1.001233", Mangling::DotDropped),
        ("1.00123", "1.001230", Mangling::TrailingZeros),
    ] {
        let dossier = chiso766::record::Dossier {
            received_at: Some(chiso766::calendar::Moment::parse("2026-10-05").unwrap()),
            ..chiso766::record::Dossier::new("HS-1", "P.01", code)
        };
        let error = counting.check_dossier(&dossier).unwrap_err();
        let ErrorKind::InvalidRecord {
            problem:
                Problem::UnknownProcedure {
                    meant: Some(traced),
                    ..
                },
            ..
        } = error.kind()
        else {
            panic!("{code}: {error}");
        };
        assert_eq!((traced.meant.as_str(), traced.by), (expected, by), "{code}");
    }
    let csv = "dossier_id,unit_code,procedure_code,received_at\nHS-1,P.01,1.001233,46300\n";
    let error = chiso766::record::read_dossiers(csv.as_bytes(), Format::Csv, "d.csv")
        .unwrap()
        .next()
        .unwrap()
        .unwrap_err();
    assert!(
        matches!(
            error.kind(),
            ErrorKind::InvalidRecord {
                problem: Problem::NotTime {
                    hint: DateHint::SerialNumber { .. },
                    ..
                },
                ..
            }
        ),
        "{error}"
    );
}

// A check of a whole file lists every row's problem and reads on; a problem of the file's layout
// still ends it.
#[test]
fn a_file_is_checked_row_by_row() {
    let csv = "dossier_id,unit_code,procedure_code,received_at,channel,supplement_count\n\
               HS-1,P.101,2.000001,2026-10-05,2,0\n\
               HS-2,P.101,2.000001,2026-10-05,5,0\n\
               HS-3,P.101,2.000001,2026-10-05,2,2.900\n\
               HS-4,P.101,2.000001\n\
               HS-5,P.101,2.000001,2026-10-05,1,0\n";
    let rows: Vec<_> = chiso766::record::read_dossiers(csv.as_bytes(), Format::Csv, "d.csv")
        .unwrap()
        .resume_after_errors()
        .collect();
    assert_eq!(rows.len(), 5);
    let problems: Vec<u64> = (rows.iter())
        .filter_map(|r| r.as_ref().err())
        .map(|e| e.location().unwrap().line.unwrap())
        .collect();
    assert_eq!(problems, [3, 4, 5]);
    assert!(matches!(
        rows[2].as_ref().unwrap_err().kind(),
        ErrorKind::InvalidRecord {
            problem: Problem::NotWholeNumber {
                hint: NumberHint::Thousands { .. },
                ..
            },
            ..
        }
    ));
    assert!(rows[4].is_ok());
    // Without resuming, the stream ends at the first problem, as before.
    let read = chiso766::record::read_dossiers(csv.as_bytes(), Format::Csv, "d.csv").unwrap();
    assert_eq!(read.count(), 2);
}

// The template asks each unit for what it must give: publication of the province, sync of the
// units below it, the criteria that do not pool of every unit; read back blank, nothing is
// given; filled, it completes the counts.
#[test]
fn a_template_is_written_filled_and_read_back() {
    let (_, counting) = setup("template");
    let methodology = Methodology::builtin("dvcqg-2026").unwrap();
    let period = "2026-10".parse().unwrap();
    let template = counting.template(&methodology, &period, Some("P")).unwrap();
    let rows: Vec<(&str, &str)> = (template.rows.iter())
        .map(|r| (r.unit.code.as_str(), r.criterion.as_str()))
        .collect();
    assert_eq!(
        &rows[..4],
        [
            ("P", "PUBLISH_ON_TIME"),
            ("P", "PUBLIC_UPDATE_ON_TIME"),
            ("P", "PUBLIC_CONTENT_FULL"),
            ("P.01", "DOSSIER_SYNC"),
        ]
    );
    assert_eq!(rows.len(), 3 + 3 + 4 + 4);
    assert_eq!(template.rows[0].number, "1.1");
    assert!(template.rows[0]
        .how_to_count
        .starts_with("Tử số: số TTHC được công bố đúng hạn"));
    let mut csv = Vec::new();
    template.to_csv(&mut csv).unwrap();
    let text = String::from_utf8(csv).unwrap();
    // Headed in Vietnamese for the office's Excel; its period written as officials write it.
    assert!(text.starts_with(
        "\u{feff}Mã đơn vị;Tên đơn vị;Số tiêu chí;Tên tiêu chí;Tử số;Mẫu số;Cách tính;Mã tiêu chí;"
    ));
    for note in NOTE_COLUMNS {
        let (_, vietnamese) = VIETNAMESE_COLUMNS.iter().find(|(n, _)| *n == note).unwrap();
        assert!(text.lines().next().unwrap().contains(vietnamese));
    }
    assert!(text
        .lines()
        .nth(1)
        .unwrap()
        .ends_with(";tháng 10/2026;dvcqg-2026"));
    // And its level as the unit lists write it (read back as the level it names).
    assert!(
        text.contains(";PUBLISH_ON_TIME;tỉnh, thành phố;;"),
        "{text}"
    );
    assert!(text.contains(";DOSSIER_SYNC;sở, ban, ngành;P;"), "{text}");
    // Blank, it gives nothing; the units are there.
    let blank = Counts::from_csv(text.as_bytes()).unwrap();
    assert_eq!(blank.units.len(), 4);
    assert_eq!(blank.units[0].unit.level, chiso766::unit::Level::Province);
    assert!(blank.units.iter().all(|u| u.criteria.is_empty()));
    assert_eq!(blank.period, Some(period));
    counting.check_counts(&blank).unwrap();
    // One row filled.
    let filled = text.replacen(
        "Tỷ lệ TTHC công bố đúng hạn;;;",
        "Tỷ lệ TTHC công bố đúng hạn;9;10;",
        1,
    );
    let counts = Counts::from_csv(filled.as_bytes()).unwrap();
    let province = counts.units.iter().find(|u| u.unit.code == "P").unwrap();
    assert_eq!(
        province.criteria["PUBLISH_ON_TIME"],
        CriterionCount::Counted { num: 9, den: 10 }
    );
    assert_eq!(province.criteria.len(), 1);
    // Half a row is an error naming the part missing.
    let half = text.replacen(
        "Tỷ lệ TTHC công bố đúng hạn;;;",
        "Tỷ lệ TTHC công bố đúng hạn;9;;",
        1,
    );
    let error = Counts::from_csv(half.as_bytes()).unwrap_err();
    assert!(
        matches!(
            error.kind(),
            ErrorKind::InvalidCount {
                problem: Problem::Part {
                    part: CountPart::Denominator,
                    ..
                },
                ..
            }
        ),
        "{error}"
    );
}

// Each period takes the counts that name it, or those that name none.
#[test]
fn each_period_takes_its_own_counts() {
    let (dir, _) = setup("given");
    let path = |f: &str| dir.join(f).to_string_lossy().into_owned();
    let counting = RecordFiles::new(&path("procedures.csv"), &path("units.csv"))
        .counting(vec!["2026-10".parse().unwrap(), "2026-09".parse().unwrap()])
        .unwrap();
    let given = |period: &str, num: u64| {
        Counts::from_json(&format!(
            r#"{{"period": "{period}", "units": [{{"code": "P", "name": "Tỉnh P", "level": "province",
                "criteria": {{"PUBLISH_ON_TIME": {{"num": {num}, "den": 10}}}}}}]}}"#
        ))
        .unwrap()
    };
    let tally = Tally::default();
    let counts = counting
        .counts_given(
            &tally,
            &[
                given("2026-09", 5),
                given("2026-10", 9),
                given("2026-01", 1),
            ],
        )
        .unwrap();
    let published = |c: &Counts| {
        let p = c.units.iter().find(|u| u.unit.code == "P").unwrap();
        p.criteria.get("PUBLISH_ON_TIME").copied()
    };
    assert_eq!(
        published(&counts[0]),
        Some(CriterionCount::Counted { num: 9, den: 10 })
    );
    assert_eq!(
        published(&counts[1]),
        Some(CriterionCount::Counted { num: 5, den: 10 })
    );
    let all = [given("2026-01", 1)];
    assert_eq!(counting.unused(&all).len(), 1);
    // Two for one period are an error.
    let error = counting
        .counts_given(&tally, &[given("2026-10", 9), given("2026-10", 8)])
        .unwrap_err();
    assert!(matches!(
        error.kind(),
        ErrorKind::InvalidPeriod {
            problem: Problem::CountsTwice,
            ..
        }
    ));
}

// A program shows how far a dossier file has been read: every byte is told, on every core.
#[test]
fn a_dossier_file_reports_its_progress() {
    let (dir, counting) = setup("progress");
    let mut csv = String::from("dossier_id,unit_code,procedure_code,received_at\n");
    // Over 1 MiB, so two cores read it in parts.
    for i in 0..40_000 {
        csv.push_str(&format!("HS-{i},P.101,2.000001,2026-10-05\n"));
    }
    let file = dir.join("dossiers.csv");
    std::fs::write(&file, &csv).unwrap();
    let read = std::sync::atomic::AtomicU64::new(0);
    let mut tally = Tally::default();
    counting
        .add_dossier_file_reporting(&mut tally, &file.to_string_lossy(), &|n| {
            read.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
        })
        .unwrap();
    assert_eq!(tally.dossiers(), 40_000);
    // Cut into parts for the cores, the file is told from its first line after the header; read
    // whole on one core, all of it.
    let header = "dossier_id,unit_code,procedure_code,received_at\n".len();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let expected = if cores > 1 {
        csv.len() - header
    } else {
        csv.len()
    };
    assert_eq!(read.into_inner(), expected as u64);
}

// A warning's kind is data; its English text stays for the library's users.
#[test]
fn warnings_are_typed() {
    let csv = "dossier_id,unit_code,procedure_code,recieved_at,finished_at\n";
    let mut rows = chiso766::record::read_dossiers(csv.as_bytes(), Format::Csv, "d.csv").unwrap();
    assert!(rows.next().is_none());
    let notices: Vec<&Notice> = rows.warnings().iter().map(|w| &w.notice).collect();
    // The misspelt column, the columns the counts rest on that are absent (reception, due date,
    // channel, payment, files), and a file without rows.
    assert_eq!(
        notices,
        [
            &Notice::UnknownColumn {
                column: "recieved_at".into(),
                similar: "received_at".into()
            },
            &Notice::NoColumn {
                field: "received_at".into(),
                instead: None
            },
            &Notice::NoColumn {
                field: "due_at".into(),
                instead: None
            },
            &Notice::NoColumn {
                field: "channel".into(),
                instead: None
            },
            &Notice::NoColumn {
                field: "paid_online".into(),
                instead: None
            },
            &Notice::NoColumn {
                field: "result_file".into(),
                instead: None
            },
            &Notice::NoColumn {
                field: "component_files".into(),
                instead: None
            },
            &Notice::NoRecords
        ]
    );
    // Without the end of processing, the hand-over is read in its place, and said so.
    let csv = "dossier_id,unit_code,procedure_code,received_at,due_at,returned_at\n";
    let rows = chiso766::record::read_dossiers(csv.as_bytes(), Format::Csv, "d.csv").unwrap();
    assert_eq!(
        rows.warnings()[0].notice,
        Notice::NoColumn {
            field: "finished_at".into(),
            instead: Some("returned_at".into())
        }
    );
}

// A program recognising an office's file reads its header as every reader does.
#[test]
fn a_files_header_is_read_with_a_sample() {
    let csv = "\u{feff}Mã hồ sơ;Ngày tiếp nhận\r\nHS-1;05/10/2026\r\nHS-2;06/10/2026\r\n";
    let (header, rows) = read_header(csv.as_bytes(), "x.csv", &ReadOptions::new(), 1).unwrap();
    assert_eq!(header.names, ["Mã hồ sơ", "Ngày tiếp nhận"]);
    assert_eq!(header.separator, b';');
    assert_eq!(rows, [vec!["HS-1".to_owned(), "05/10/2026".to_owned()]]);
    // The kinds of file and their fields, for a program to check a profile against.
    assert_eq!(
        RecordKind::Units.values("level").unwrap()[1],
        Level::Province.as_str()
    );
}

// Every period reads back from the label officials write (a template's period column).
#[test]
fn periods_read_back_from_their_vietnamese_labels() {
    let mut periods: Vec<chiso766::Period> = Vec::new();
    for year in [1970, 2025, 2026, 2199] {
        periods.push(chiso766::Period::year(year).unwrap());
        for quarter in 1..=4 {
            periods.push(chiso766::Period::quarter(year, quarter).unwrap());
        }
        for month in 1..=12 {
            periods.push(chiso766::Period::month(year, month).unwrap());
        }
    }
    periods.push("2026-09-21..2026-10-20".parse().unwrap());
    periods.push("2026-10-01..2026-10-01".parse().unwrap());
    for period in periods {
        let label = period.label_vi();
        assert_eq!(
            chiso766::Period::from_label_vi(&label),
            Some(period),
            "{label}"
        );
        assert_eq!(
            chiso766::Period::from_label_vi(&label.to_uppercase()),
            Some(period),
            "{label}"
        );
    }
    for text in [
        "tháng 13/2026",
        "quý V/2026",
        "năm 1969",
        "2026-10",
        "tháng 10",
        "",
    ] {
        assert_eq!(chiso766::Period::from_label_vi(text), None, "{text}");
    }
}

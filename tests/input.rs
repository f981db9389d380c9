//! Files from real offices (Excel on Windows, one-stop systems with dirty data): line numbers as
//! `grep -n` shows them, encodings, separators, hints, and nothing accepted silently.

use chiso766::count::{CountOptions, Tally};
use chiso766::input::{read_text, Notice, Warning};
use chiso766::record::{read_dossiers, read_petitions, read_units, Format};
use chiso766::{Counts, ErrorKind, ReadOptions};

use crate::counting::{big_file, counting};

const DOSSIER_HEADER: &str = "dossier_id,unit_code,procedure_code,received_at,due_at,finished_at";

/// The warnings besides those of columns the file lacks (channel, payment, files: see
/// `office::warnings_are_typed`), which a short file of a few columns always has.
fn besides_absent_columns(warnings: &[Warning]) -> Vec<&Warning> {
    (warnings.iter())
        .filter(|w| !matches!(w.notice, Notice::NoColumn { .. }))
        .collect()
}

fn counts_csv_error(text: &[u8]) -> chiso766::Error {
    Counts::from_csv(text).unwrap_err()
}

fn dossier_error(text: &[u8]) -> chiso766::Error {
    read_dossiers(text, Format::Csv, "dossiers.csv")
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .unwrap_err()
}

fn line_of(error: &chiso766::Error) -> Option<u64> {
    error.location().and_then(|l| l.line)
}

fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
    let mut bytes = if little_endian {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for unit in text.encode_utf16() {
        bytes.extend(if little_endian {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        });
    }
    bytes
}

// The line an error names is the physical line, whatever ends the lines and whatever lies
// between rows (blank lines, a quoted name spread over two lines).
#[test]
fn errors_name_the_physical_line_in_any_line_ending() {
    let counts = "unit_code,unit_name,level,parent,criterion,num,den\n\
                  H44,\"UBND tỉnh\nPhú Thọ\",province,,DOSSIER_ON_TIME,1,2\n\
                  \n\
                  H44.07,Sở,department,H44,DOSSIER_ON_TIME,-96,100\n";
    let dossiers = format!(
        "{DOSSIER_HEADER}\nHS-1,X.01,P.FULL,2026-03-02,2026-03-04,\n\n\"HS-2\",X.01,P.FULL,2026-02-30,,\n"
    );
    let petitions =
        "petition_id,unit_code,received_at\nPA-1,X.01,2026-03-02\nPA-2,X.01,yesterday\n";
    for (ending, name) in [("\n", "LF"), ("\r\n", "CRLF"), ("\r", "CR")] {
        let text = |t: &str| t.replace('\n', ending).into_bytes();
        let error = counts_csv_error(&text(counts));
        assert_eq!(line_of(&error), Some(5), "{name}: {error}");
        let error = dossier_error(&text(&dossiers));
        assert_eq!(line_of(&error), Some(4), "{name}: {error}");
        let error = read_petitions(&text(petitions)[..], Format::Csv, "petitions.csv")
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap_err();
        assert_eq!(line_of(&error), Some(3), "{name}: {error}");
    }
}

// A JSON Lines file of more than 1 MiB is read in parts on every core; a bad line late in it is
// named as it is in the file (the parts used to add a line each).
#[test]
fn a_large_json_lines_file_names_the_bad_line() {
    let counting = counting(&["2026-03"], CountOptions::default());
    let path = big_file("lines.jsonl", 20_000, true, false);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.len() > 1 << 20, "the file must be cut into parts");
    let line = 15_001;
    let bad: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i + 1 == line {
                l.replace("2026-03", "2026-13")
            } else {
                l.to_owned()
            }
        })
        .collect();
    std::fs::write(&path, bad.join("\n") + "\n").unwrap();
    let error = counting
        .add_dossier_file(&mut Tally::default(), path.to_str().unwrap())
        .unwrap_err();
    assert_eq!(line_of(&error), Some(line as u64), "{error}");
    std::fs::remove_file(&path).unwrap();
}

// Excel's encodings: UTF-8 with a byte-order mark (CSV and JSON), UTF-16 with one ("Unicode
// text"), and Windows-1258, which is refused with the line and how to save the file again.
#[test]
fn encodings_from_excel_are_read_or_refused_with_the_fix() {
    let csv = "unit_code,unit_name,level,parent,criterion,num,den\nH44,Phú Thọ,province,,DOSSIER_ON_TIME,1,2\n";
    let expected = Counts::from_csv(csv.as_bytes()).unwrap();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(csv.as_bytes());
    assert_eq!(Counts::from_csv(&bom[..]).unwrap(), expected);
    for little_endian in [true, false] {
        assert_eq!(
            Counts::from_csv(&utf16(csv, little_endian)[..]).unwrap(),
            expected
        );
    }
    let json = r#"{"units": [{"code": "H44", "name": "Phú Thọ", "level": "province", "criteria": {"DOSSIER_ON_TIME": {"num": 1, "den": 2}}}]}"#;
    let with_bom = format!("\u{FEFF}{json}");
    assert_eq!(
        Counts::from_json(&with_bom).unwrap(),
        Counts::from_json(json).unwrap()
    );
    let dossiers = format!("{DOSSIER_HEADER}\nHS-1,X.01,P.FULL,2026-03-02,2026-03-04,\n");
    let rows = read_dossiers(&utf16(&dossiers, true)[..], Format::Csv, "d.csv")
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    assert_eq!(rows[0].record.id, "HS-1");

    // "Phường Hạ Long" in Windows-1258, on line 3.
    let mut cp1258 =
        b"code,name,level\nX1,A,province\nX2,Ph\xFD\xF2ng H\xD2\xA3 Long,commune\n".to_vec();
    let error = read_units(&cp1258[..], Format::Csv, "units.csv")
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap_err();
    // The row is shown as the office's file has it: its fields and separators.
    match error.kind() {
        ErrorKind::Encoding { as_windows_1258 } => assert!(
            as_windows_1258.starts_with("X2,Ph") && as_windows_1258.ends_with(" Long,commune"),
            "{as_windows_1258}"
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(line_of(&error), Some(3), "{error}");
    assert!(
        error
            .to_string()
            .starts_with("units.csv line 3: the text is not UTF-8"),
        "{error}"
    );
    assert!(error.to_string().contains("CSV UTF-8"), "{error}");
    cp1258.splice(0..0, *b"{");
    let error = read_text(&cp1258[..], "counts.json").unwrap_err();
    assert_eq!(line_of(&error), Some(3), "{error}");
}

// Excel in the Vietnamese locale separates with ';' (a decimal comma takes ','); tab-separated
// text is read too.
#[test]
fn separators_are_found_from_the_header_row() {
    let comma = "unit_code,unit_name,level,parent,criterion,num,den\nH44,\"Phú Thọ; tỉnh\",province,,DOSSIER_ON_TIME,1,2\n";
    let expected = Counts::from_csv(comma.as_bytes()).unwrap();
    for separator in [";", "\t"] {
        let text = comma.replace(',', separator);
        assert_eq!(
            Counts::from_csv(text.as_bytes()).unwrap(),
            expected,
            "{separator:?}"
        );
    }
    let dossiers =
        format!("{DOSSIER_HEADER}\nHS-1,X.01,P.FULL,2026-03-02,2026-03-04,\n").replace(',', ";");
    let rows = read_dossiers(dossiers.as_bytes(), Format::Csv, "d.csv")
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    assert_eq!(rows[0].record.unit, "X.01");
}

// What was probably meant is said: a thousands dot, a decimal comma, a date written day first
// (read only when asked: 03/04/2026 could be either order).
#[test]
fn hints_say_what_was_probably_meant() {
    let error = counts_csv_error(
        b"unit_code,unit_name,level,parent,criterion,num,den\nH44,P,province,,DOSSIER_ON_TIME,2.900,3.000\n",
    );
    assert_eq!(
        error.to_string(),
        "counts CSV line 2: unit H44, criterion DOSSIER_ON_TIME: the numerator '2.900' has a thousands separator; write 2900"
    );
    let day_first = format!("{DOSSIER_HEADER}\nHS-1,X.01,P.FULL,02/03/2026 08:15,04/03/2026,\n");
    let error = dossier_error(day_first.as_bytes());
    assert!(error.to_string().contains("write 2026-03-02"), "{error}");
    let rows = ReadOptions::new()
        .day_first_dates(true)
        .dossiers(day_first.as_bytes(), Format::Csv, "d.csv")
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    assert_eq!(
        rows[0].record.received_at.unwrap().to_string(),
        "2026-03-02T08:15:00+07:00"
    );
    let error = dossier_error(
        format!("{DOSSIER_HEADER},supplement_count\nHS-1,X.01,P.FULL,,,,+5\n").as_bytes(),
    );
    assert!(
        error
            .to_string()
            .ends_with("field supplement_count: '+5' has a plus sign; write 5"),
        "{error}"
    );
}

// An empty file, a binary one (or /dev/zero) and an endless line are errors at once; a file with a
// header and no rows is read with a warning.
#[test]
fn empty_binary_and_endless_inputs() {
    let error = dossier_error(b"");
    assert_eq!(error.to_string(), "dossiers.csv: the file is empty");
    assert!(Counts::from_csv(&b""[..])
        .unwrap_err()
        .to_string()
        .contains("the file is empty"));
    let error = dossier_error(&[0u8; 4096]);
    assert!(error.to_string().contains("NUL bytes"), "{error}");
    // Refused when opened, on the first block read (not after reading forever).
    let zero = std::fs::File::open("/dev/zero").unwrap();
    let error = read_dossiers(zero, Format::Csv, "/dev/zero")
        .map(|_| ())
        .unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("/dev/zero line 1: the file holds NUL bytes"),
        "{error}"
    );
    // A 2 MiB line against a 1 MiB limit: refused at its line, not read to the end.
    let mut long = format!("{DOSSIER_HEADER}\nHS-1,X.01,P.FULL,,,\nHS-2,X.01,").into_bytes();
    long.extend(std::iter::repeat_n(b'x', 2 << 20));
    let error = dossier_error(&long);
    assert_eq!(line_of(&error), Some(3), "{error}");
    assert!(
        error.to_string().contains("longer than 1048576 bytes"),
        "{error}"
    );
    let rows = ReadOptions::new()
        .max_line_bytes(4 << 20)
        .dossiers(&long[..], Format::Csv, "d.csv")
        .unwrap()
        .collect::<Result<Vec<_>, _>>();
    assert!(rows
        .unwrap_err()
        .to_string()
        .contains("found a row with 3 fields"));

    let mut rows = read_dossiers(DOSSIER_HEADER.as_bytes(), Format::Csv, "d.csv").unwrap();
    assert!(rows.next().is_none());
    assert_eq!(
        besides_absent_columns(rows.warnings())[0].to_string(),
        "d.csv: the file holds no records"
    );
}

// A key or a column given twice is an error in every reader, not the first or last silently kept;
// a column the reader does not use may be given twice (an export's two "Ghi chú").
#[test]
fn a_key_or_column_given_twice_is_an_error() {
    let error = dossier_error(b"dossier_id,unit_code,procedure_code,unit_code\nHS-1,X.01,P,X.02\n");
    assert_eq!(
        error.to_string(),
        "dossiers.csv line 1: the column 'unit_code' is given twice in the header (columns 2 and 4)"
    );
    let unused = b"dossier_id,note,unit_code,procedure_code,note,,\nHS-1,a,X.01,P,b,,\n";
    let rows = read_dossiers(&unused[..], Format::Csv, "d.csv").unwrap();
    assert_eq!(
        rows.map(|r| r.unwrap().record.unit).collect::<Vec<_>>(),
        ["X.01"]
    );
    let error = counts_csv_error(b"unit_code,unit_name,level,parent,criterion,num,den,num\n");
    assert!(
        error
            .to_string()
            .contains("the column 'num' is given twice"),
        "{error}"
    );
    let jsonl = b"{\"dossier_id\": \"HS-1\", \"unit_code\": \"X.01\", \"unit_code\": \"X.02\", \"procedure_code\": \"P\"}\n";
    let error = read_dossiers(&jsonl[..], Format::JsonLines, "d.jsonl")
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("d.jsonl line 1: the key 'unit_code' is given twice"),
        "{error}"
    );
    let mut capture = chiso766::portal::Capture::new();
    let error = capture.add(r#"{"data": {"a": 1, "a": 2}}"#).unwrap_err();
    assert!(
        error.to_string().contains("the key 'a' is given twice"),
        "{error}"
    );
}

// A misspelt column is not silently ignored while the dossier falls back on another field.
#[test]
fn a_misspelt_column_is_a_warning_that_names_the_right_one() {
    let text = "dossier_id,unit_code,procedure_code,recieved_at\nHS-1,X.01,P.FULL,2026-03-02\n";
    let rows = read_dossiers(text.as_bytes(), Format::Csv, "dossiers.csv").unwrap();
    assert_eq!(
        rows.warnings()[0].to_string(),
        "dossiers.csv line 1: the column 'recieved_at' is not one this file may have, so it is ignored: did you mean received_at?"
    );
    let error = counts_csv_error(b"unit_code,unit_name,level,parent,criterion,numerator,den\n");
    assert!(
        error.to_string().contains("unknown column 'numerator'"),
        "{error}"
    );
    let error = counts_csv_error(b"unit_cod,unit_name,level,parent,criterion,num,den\n");
    assert!(
        error.to_string().contains("did you mean unit_code?"),
        "{error}"
    );
}

// Codes are read by one rule in every reader: trimmed, one line of text; a JSON array where text
// is expected is refused.
#[test]
fn codes_follow_one_rule_in_every_reader() {
    let json = r#"{"units": [{"code": " H1 ", "name": "P", "level": "province", "criteria": {}}]}"#;
    let csv = "unit_code,unit_name,level,parent,criterion,num,den\n H1 ,P,province,,DOSSIER_ON_TIME,1,2\n";
    assert_eq!(Counts::from_json(json).unwrap().units[0].unit.code, "H1");
    // A name typed decomposed (NFD, as on a Mac) is the composed spelling in every reader.
    let nfd = "Phu\u{031B}o\u{031B}\u{0300}ng";
    let nfd_json =
        format!(r#"{{"units": [{{"code": "{nfd}", "name": "{nfd}", "level": "commune"}}]}}"#);
    let unit = &Counts::from_json(&nfd_json).unwrap().units[0].unit;
    assert_eq!(
        (unit.code.as_str(), unit.name.as_str()),
        ("Phường", "Phường")
    );
    let nfd_csv = format!("{DOSSIER_HEADER}\nHS-1,{nfd},P,,,\n");
    let rows = read_dossiers(nfd_csv.as_bytes(), Format::Csv, "d.csv")
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    assert_eq!(rows[0].record.unit, "Phường");
    assert_eq!(
        Counts::from_csv(csv.as_bytes()).unwrap().units[0].unit.code,
        "H1"
    );
    let forged =
        r#"{"units": [{"code": "H1\nTổng điểm: 100,00/100", "name": "P", "level": "province"}]}"#;
    let error = Counts::from_json(forged).unwrap_err();
    assert!(
        error.to_string().contains("control or invisible character"),
        "{error}"
    );
    // A code that looks like another (a zero width, a turned direction) is refused too.
    for hidden in [r"H1\u200b", r"H\u202e1"] {
        let twin =
            format!(r#"{{"units": [{{"code": "{hidden}", "name": "P", "level": "province"}}]}}"#);
        let error = Counts::from_json(&twin).unwrap_err();
        assert!(error.to_string().contains("invisible character"), "{error}");
    }
    let jsonl =
        b"{\"dossier_id\": [\"HS-1\"], \"unit_code\": \"X.01\", \"procedure_code\": \"P\"}\n";
    let error = read_dossiers(&jsonl[..], Format::JsonLines, "d.jsonl")
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "d.jsonl line 1: field dossier_id: expected text, found an array"
    );
}

// `fn main() -> Result<(), chiso766::Error>` prints the message, not the error's insides.
#[test]
fn debug_shows_the_readable_message() {
    let error = counts_csv_error(b"");
    assert_eq!(format!("{error:?}"), error.to_string());
}

// Moments in an order that cannot happen are refused with the dossier, the line and both fields;
// read leniently, the record is counted as written and reported.
#[test]
fn impossible_timelines_are_errors_or_reported() {
    let header = "dossier_id,unit_code,procedure_code,submitted_at,received_at,due_at,finished_at,stopped_at,supplement_count,supplement_requested_at,supplement_completed_at";
    let cases = [
        ("HS-1,X.01,P,,2026-03-02 08:00,2026-03-01 17:00,,,,,", "field due_at: 2026-03-01T17:00:00+07:00 is before received_at 2026-03-02T08:00:00+07:00 (dossier HS-1)"),
        ("HS-2,X.01,P,,2026-03-02 08:00,,2026-03-01 09:00,,,,", "field finished_at: 2026-03-01T09:00:00+07:00 is before received_at 2026-03-02T08:00:00+07:00 (dossier HS-2)"),
        ("HS-3,X.01,P,,2026-03-02 08:00,,,2026-03-01 09:00,,,", "field stopped_at: 2026-03-01T09:00:00+07:00 is before received_at 2026-03-02T08:00:00+07:00 (dossier HS-3)"),
        ("HS-4,X.01,P,2026-03-03 08:00,2026-03-02 08:00,,,,,,", "field received_at: 2026-03-02T08:00:00+07:00 is before submitted_at 2026-03-03T08:00:00+07:00 (dossier HS-4)"),
        ("HS-5,X.01,P,,2026-03-02 08:00,,,,1,2026-03-05 08:00,2026-03-04 08:00", "field supplement_completed_at: 2026-03-04T08:00:00+07:00 is before supplement_requested_at 2026-03-05T08:00:00+07:00 (dossier HS-5)"),
        ("HS-6,X.01,P,,2026-03-02 08:00,,,,0,2026-03-03 08:00,", "field supplement_count: is 0 while supplement_requested_at is given (dossier HS-6)"),
    ];
    for (row, problem) in cases {
        let text = format!("{header}\nHS-0,X.01,P,,2026-03-02 08:00,,,,,,\n{row}\n");
        assert_eq!(
            dossier_error(text.as_bytes()).to_string(),
            format!("dossiers.csv line 3: {problem}")
        );
        let mut rows = ReadOptions::new()
            .lenient_timelines(true)
            .dossiers(text.as_bytes(), Format::Csv, "dossiers.csv")
            .unwrap();
        assert_eq!(rows.by_ref().count(), 2);
        assert_eq!(
            besides_absent_columns(rows.warnings())[0].to_string(),
            format!("dossiers.csv line 3: {problem}; counted as written")
        );
    }
    let petitions =
        "petition_id,unit_code,received_at,published_at\nPA-1,X.01,2026-03-02,2026-03-01\n";
    let error = read_petitions(petitions.as_bytes(), Format::Csv, "petitions.csv")
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "petitions.csv line 2: field published_at: 2026-03-01T00:00:00+07:00 is before received_at 2026-03-02T00:00:00+07:00 (petition PA-1)"
    );
}

// A file counted in parts on every core keeps its warnings, each at its line in the whole file:
// the header's once, a record counted leniently at its own line.
#[test]
fn warnings_of_a_file_counted_in_parts_name_their_lines() {
    let counting = counting(&["2026-03"], CountOptions::default())
        .with_read_options(ReadOptions::new().lenient_timelines(true));
    let path = big_file("warnings.csv", 70_000, false, false);
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replacen(",channel,note\n", ",channel,offcer\n", 1)
        // Row 60,000 (line 60,002) due the day before it was received.
        .replacen(
            "HS-0060000,X.01,P.FULL,2026-03-02 08:00,2026-03-04",
            "HS-0060000,X.01,P.FULL,2026-03-02 08:00,2026-03-01",
            1,
        );
    std::fs::write(&path, text).unwrap();
    let mut tally = Tally::default();
    counting
        .add_dossier_file(&mut tally, path.to_str().unwrap())
        .unwrap();
    let warnings = besides_absent_columns(tally.warnings());
    let lines: Vec<Option<u64>> = warnings.iter().map(|w| w.line).collect();
    assert_eq!(lines, [Some(1), Some(60_002)], "{warnings:?}");
    assert!(warnings[0]
        .notice
        .to_string()
        .ends_with("did you mean officer?"));
    assert!(warnings[1].notice.to_string().starts_with("field due_at:"));
    std::fs::remove_file(&path).unwrap();
}

// Counts accompanying records are checked against the records' setup rather than merged
// blindly: another period, group points, a unit described otherwise than in units.csv.
#[test]
fn accompanying_counts_must_agree_with_the_records() {
    let counting = counting(&["2026-09"], CountOptions::default());
    let extra = |period: &str, unit: &str, given: &str| {
        Counts::from_json(&format!(
            r#"{{{period} "units": [{{"code": "X", {unit}, "parent": null, {given}}}]}}"#
        ))
        .unwrap()
    };
    let fine = r#""criteria": {"PUBLISH_ON_TIME": {"num": 8, "den": 10}}"#;
    let x = r#""name": "X", "level": "province""#;
    assert!(counting.check_counts(&extra("", x, fine)).is_ok());
    assert!(counting
        .check_counts(&extra(r#""period": "2026-09","#, x, fine))
        .is_ok());
    let cases = [
        (extra(r#""period": "2019","#, x, fine), "period '2019': the counts are for 2019 but 2026-09 is being counted; give counts for that period, or counts that name no period"),
        (extra("", x, r#""groups": {"CKMB": "15.64"}"#), "unit X, group CKMB: group points cannot accompany counted records (they would replace the groups' criteria); give the criteria's counts"),
        (extra("", r#""name": "Tỉnh Y", "level": "province""#, fine), "unit X, field name: 'Tỉnh Y' contradicts 'X' given on an earlier row"),
        (extra("", r#""name": "X", "level": "commune""#, fine), "unit X, field level: 'commune' contradicts 'province' given on an earlier row"),
    ];
    for (counts, expected) in cases {
        assert_eq!(
            counting.check_counts(&counts).unwrap_err().to_string(),
            expected
        );
        // Counting with them fails the same way.
        let error = counting
            .counts(&Tally::default(), Some(&counts))
            .unwrap_err();
        assert_eq!(error.to_string(), expected);
    }
}

// The export's files read into a counting setup in one call, each error naming the file and the
// line of the unit or procedure at fault.
#[test]
fn a_counting_setup_from_files_names_the_line_at_fault() {
    use chiso766::count::RecordFiles;
    let dir = std::env::temp_dir().join(format!("chiso766-setup-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_owned()
    };
    let procedures = write(
        "procedures.csv",
        "procedure_code,level,max_time,max_time_unit\nP,province,5,working_days\nC,commune,3,working_days\n",
    );
    let periods = || vec!["2026-09".parse().unwrap()];
    let good = write(
        "good-units.csv",
        "code,name,level,parent\nX,X,province,\nX.01,D,department,X\n",
    );
    assert!(RecordFiles::new(&procedures, &good)
        .counting(periods())
        .is_ok());
    let cases = [
        ("code,name,level,parent\nX,X,province,\nX.01,D,department,X\n\nX.01,E,department,X\n", 5, "duplicate unit code X.01"),
        ("code,name,level,parent\nX,X,province,\nX.01,D,department,Y\n", 3, "unit X.01: parent Y does not exist"),
        ("code,name,level,parent,valid_from,valid_to\nX,X,province,,2026-01-01,2025-12-31\n", 2, "unit X, field valid_to: the unit ends before it begins (valid_to is before valid_from)"),
        ("code,name,level,parent\nA,A,commune,B\nB,B,commune,A\n", 2, "units form a cycle of parents"),
    ];
    for (units, line, message) in cases {
        let path = write("units.csv", units);
        let error = RecordFiles::new(&procedures, &path)
            .counting(periods())
            .unwrap_err();
        assert_eq!(line_of(&error), Some(line), "{error}");
        assert!(
            error
                .to_string()
                .starts_with(&format!("{path} line {line}: {message}")),
            "{error}"
        );
    }
    let twice = write(
        "procedures.csv",
        "procedure_code,level\nP,province\nC,commune\nP,commune\nP,province\n",
    );
    let error = RecordFiles::new(&twice, &good)
        .counting(periods())
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        format!("{twice} line 5: procedure P is listed twice for the province level")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

// A period far from any data is refused; a period the records do not reach is told apart.
#[test]
fn periods_outside_the_data() {
    for far in ["0001-01-01..9999-12-31", "1969-12", "2200", "1900-Q1"] {
        let error = far.parse::<chiso766::Period>().unwrap_err();
        assert!(
            error.to_string().contains("the year must be 1970 to 2199"),
            "{far}: {error}"
        );
    }
    let counting = counting(&["2026-03", "2019-03"], CountOptions::default());
    let dossiers = vec![crate::counting::dossier("HS-1", "2026-03-02 08:00")];
    let tally = counting.count_dossiers(&dossiers).unwrap();
    assert_eq!(counting.records_per_period(&tally), [(1, 0), (0, 0)]);
}

// Dossiers built in memory are checked as read ones are: a deadline before reception is refused
// unless counting leniently.
#[test]
fn dossiers_in_memory_get_the_timeline_check() {
    let backwards = chiso766::record::Dossier {
        due_at: Some(chiso766::calendar::Moment::parse("2026-03-01 17:00").unwrap()),
        ..crate::counting::dossier("HS-1", "2026-03-02 08:00")
    };
    let strict = counting(&["2026-03"], CountOptions::default());
    let error = strict
        .count_dossiers(std::slice::from_ref(&backwards))
        .unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("dossier HS-1: field due_at: "),
        "{error}"
    );
    assert!(strict
        .add_dossier(&mut Tally::default(), &backwards)
        .is_err());
    let lenient = counting(&["2026-03"], CountOptions::default())
        .with_read_options(ReadOptions::new().lenient_timelines(true));
    assert_eq!(lenient.count_dossiers(&[backwards]).unwrap().dossiers(), 1);
}

// A header after blank lines is named at its own line.
#[test]
fn a_header_after_blank_lines_is_named_at_its_line() {
    let error = dossier_error(b"\n\ndossier_id,unit_code\nHS-1,X.01\n");
    assert_eq!(
        error.to_string(),
        "dossiers.csv line 3: the column 'procedure_code' is missing"
    );
    let rows = read_dossiers(
        &b"\r\ndossier_id,unit_code,procedure_code,recieved_at\n"[..],
        Format::Csv,
        "d.csv",
    )
    .unwrap();
    assert_eq!(rows.warnings()[0].line, Some(2));
}

// A dirty file read leniently lists the first hundred contradicting records and counts the rest
// in one warning, so its warnings do not grow with its rows.
#[test]
fn lenient_warnings_stay_bounded() {
    let mut text =
        String::from("dossier_id,unit_code,procedure_code,received_at,due_at,finished_at\n");
    for i in 0..250 {
        text.push_str(&format!(
            "HS-{i},X.01,P,2026-03-02 08:00,2026-03-01 17:00,\n"
        ));
    }
    let mut rows = ReadOptions::new()
        .lenient_timelines(true)
        .dossiers(text.as_bytes(), Format::Csv, "d.csv")
        .unwrap();
    assert_eq!(rows.by_ref().count(), 250);
    let warnings = besides_absent_columns(rows.warnings());
    assert_eq!(warnings.len(), 101);
    assert_eq!(warnings[99].line, Some(101));
    assert_eq!(
        warnings[100].to_string(),
        "d.csv: 150 more records with contradicting moments counted as written"
    );
}

// Issue 22: a quoted field across lines keeps its line ends as written: a lone `\r` is not read
// as `\n`, so a name is the same when read and when printed, and equal to itself in another file.
#[test]
fn a_quoted_line_end_is_kept_as_written() {
    use chiso766::input::{read_header, ReadOptions};
    let text = "code,name\r\nX1,\"Xã\rMột\"\r\nX2,\"Xã\r\nHai\"\r\nX3,\"Xã\nBa\"\n";
    let (header, rows) =
        read_header(text.as_bytes(), "units.csv", &ReadOptions::default(), 9).unwrap();
    assert_eq!(header.names, ["code", "name"]);
    let names: Vec<&str> = rows.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(names, ["Xã\rMột", "Xã\r\nHai", "Xã\nBa"]);
    // The same, its `\r\n` cut by the reader's buffer wherever it falls.
    let long = format!("code,name\r\nX1,\"{}\r\nHai\"\r\n", "a".repeat(70_000));
    let (_, rows) = read_header(long.as_bytes(), "units.csv", &ReadOptions::default(), 1).unwrap();
    assert!(rows[0][1].ends_with("a\r\nHai"));
}

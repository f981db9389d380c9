//! The `chiso766` program run as an office runs it: the built binary on a small export with
//! Vietnamese headers and words, every command, the bad inputs offices send, and the help.

mod office;

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// A fresh folder for one test.
fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chiso766-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The program, run in `dir`.
fn chiso766(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("chiso766").unwrap();
    command.current_dir(dir);
    command
}

fn run(dir: &Path, args: &[&str]) -> Output {
    chiso766(dir).args(args).output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs and expects exit status `code`; returns standard output and error.
fn expect(dir: &Path, args: &[&str], code: i32) -> (String, String) {
    let output = run(dir, args);
    assert_eq!(
        output.status.code(),
        Some(code),
        "chiso766 {}\nstdout: {}\nstderr: {}",
        args.join(" "),
        stdout(&output),
        stderr(&output)
    );
    (stdout(&output), stderr(&output))
}

/// The export in a folder with the profile `init` writes for it.
fn office_with_profile(name: &str) -> PathBuf {
    let dir = folder(name);
    office::write(&dir);
    expect(&dir, &["init"], 0);
    dir
}

/// Fills a template as an office does in Excel: each row's num and den, saved back with `;`.
fn fill(template: &Path, out: &Path, counts: &[(&str, &str, u64, u64)]) {
    let text = std::fs::read_to_string(template).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(';').collect();
    let at = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (unit, criterion) = (at("Mã đơn vị"), at("Mã tiêu chí"));
    let (num, den) = (at("Tử số"), at("Mẫu số"));
    let mut filled = vec![header.join(";")];
    // The notes hold no `;` outside quotes in these rows, so a split is the CSV's.
    for line in lines {
        let mut cells = split_csv(line);
        let given = counts
            .iter()
            .find(|(u, c, _, _)| *u == cells[unit] && *c == cells[criterion]);
        if let Some((_, _, n, d)) = given {
            cells[num] = n.to_string();
            cells[den] = d.to_string();
        }
        filled.push(
            cells
                .iter()
                .map(|c| {
                    if c.contains(';') {
                        format!("\"{c}\"")
                    } else {
                        c.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join(";"),
        );
    }
    office::write_excel_csv(out, &(filled.join("\n") + "\n"));
}

/// A `;` line split into fields, quotes taken off.
fn split_csv(line: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => cells.push(String::new()),
            c => cells.last_mut().unwrap().push(c),
        }
    }
    cells
}

// ---- Help ----

#[test]
fn the_help_is_in_vietnamese_and_exits_0() {
    let dir = folder("help");
    let (help, _) = expect(&dir, &["--help"], 0);
    insta::assert_snapshot!("help", help);
    for command in [
        "score", "count", "report", "plan", "compare", "explain", "template", "check", "init",
    ] {
        let (help, _) = expect(&dir, &[command, "--help"], 0);
        assert!(help.contains("Cách dùng: chiso766 "), "{command}: {help}");
        assert!(!help.contains("Usage"), "{command}: {help}");
        assert!(!help.contains("Possible values"), "{command}: {help}");
    }
    let (version, _) = expect(&dir, &["--version"], 0);
    assert!(version.starts_with("chiso766 "), "{version}");
}

#[test]
fn a_bad_command_line_is_said_in_vietnamese_with_exit_2() {
    let dir = folder("usage");
    let (_, error) = expect(&dir, &["nothing"], 2);
    assert!(error.contains("không có lệnh nothing"), "{error}");
    let (_, error) = expect(&dir, &["report"], 2);
    assert!(error.contains("thiếu --period"), "{error}");
    let (_, error) = expect(&dir, &["report", "--period", "2026-10", "--colour"], 2);
    assert!(error.contains("không có tùy chọn --colour"), "{error}");
    // A misspelt command or option is answered with the one meant.
    let (_, error) = expect(&dir, &["reprot"], 2);
    assert!(
        error.contains("không có lệnh reprot; có phải ý là report?"),
        "{error}"
    );
    let (_, error) = expect(&dir, &["report", "--perod", "2026-10"], 2);
    assert!(error.contains("có phải ý là --period?"), "{error}");
    // A flag is never a value.
    let (_, error) = expect(
        &dir,
        &["plan", "x.json", "--unit", "A", "--overtake", "--json"],
        2,
    );
    assert!(error.contains("--overtake"), "{error}");
    let (_, error) = expect(
        &dir,
        &["report", "--period", "2026-10", "--format", "pdf"],
        2,
    );
    assert!(
        error.contains("“pdf” không dùng được cho --format"),
        "{error}"
    );
    assert!(!error.contains("error:"), "{error}");
}

// ---- An office's month ----

#[test]
fn init_maps_the_offices_own_headers_and_words() {
    let dir = office_with_profile("init");
    let profile = std::fs::read_to_string(dir.join("chiso766.toml")).unwrap();
    for line in [
        "province = \"T99\"",
        "dossiers = \"ho-so-thang-10.csv\"",
        "dossier_id = \"Mã hồ sơ\"",
        "received_at = \"Ngày tiếp nhận\"",
        "due_at = \"Hạn xử lý\"",
        "finished_at = \"Ngày có kết quả\"",
        "channel = \"Hình thức nộp\"",
        "\"Trực tuyến\" = 2",
        "\"Bưu chính công ích\" = 3",
        "\"Xã, phường\" = \"commune\"",
        "day_first = true",
        "# received_at",
    ] {
        if line.starts_with('#') {
            // Petitions' and dossiers' received_at are both recognised: no line left to fill.
            continue;
        }
        assert!(profile.contains(line), "{line}\n{profile}");
    }
    // A field without a column is a line to complete.
    assert!(profile.contains("# returned_at = \"\""), "{profile}");
    // Written once: a second init refuses to overwrite.
    let (_, error) = expect(&dir, &["init"], 2);
    assert!(error.contains("đã có"), "{error}");
}

#[test]
fn an_offices_month_from_init_to_the_report() {
    let dir = office_with_profile("month");
    let (checked, _) = expect(&dir, &["check"], 0);
    assert!(
        checked.contains("ho-so-thang-10.csv (hồ sơ): 12 dòng dữ liệu; không có lỗi"),
        "{checked}"
    );
    assert!(checked.contains("Không có lỗi"), "{checked}");

    // From the records alone: the report names what is missing and how to give it.
    let (text, _) = expect(
        &dir,
        &["report", "--period", "2026-10", "--format", "text"],
        0,
    );
    // Received: 11 new (3 online; 8 in person or by post), 1 carried over from September.
    assert!(
        text.contains(
            "Tổng số hồ sơ nhận giải quyết là 12 hồ sơ (tiếp nhận mới 11 hồ sơ, trong đó trực \
             tiếp hoặc qua dịch vụ bưu chính công ích 8 hồ sơ, trực tuyến 3 hồ sơ; kỳ trước \
             chuyển qua 1 hồ sơ); tỷ lệ hồ sơ nộp trực tuyến là 27,27%, tăng 27,27% so với tháng \
             9/2026."
        ),
        "{text}"
    );
    // Settled: early HS01, HS04, HS07, HS12; on the due day HS02, HS09, HS11; late HS03, HS10.
    assert!(
        text.contains(
            "Đã giải quyết 9 hồ sơ (trước hạn 4 hồ sơ, đúng hạn 3 hồ sơ, quá hạn 2 hồ sơ); tỷ lệ \
             hồ sơ trước và đúng hạn là 77,78%."
        ),
        "{text}"
    );
    // In process at 31/10: HS06 within time, HS05 past its due day 27/10; HS08 withdrawn.
    assert!(
        text.contains(
            "Đang giải quyết 2 hồ sơ (trong hạn 1 hồ sơ, quá hạn 1 hồ sơ, chờ bổ sung 0 hồ sơ). \
             Trả lại, rút 1 hồ sơ (chiếm 8,33%, tăng 8,33% so với tháng 9/2026)."
        ),
        "{text}"
    );
    assert!(
        text.contains("thiếu 6 tiêu chí (1.1 Tỷ lệ TTHC công bố đúng hạn;"),
        "{text}"
    );
    assert!(
        text.contains("“chiso766 template --period 2026-10”"),
        "{text}"
    );

    // The template: publication for the province, sync for the units below it, the rest for all.
    let (said, _) = expect(&dir, &["template", "--period", "2026-10"], 0);
    assert!(
        said.contains("14 dòng cần điền (6 tiêu chí, 4 đơn vị)"),
        "{said}"
    );
    let template = dir.join("so-lieu-bo-sung-2026-10.csv");
    let filled = dir.join("so-lieu-2026-10.csv");
    let mut counts = vec![
        ("T99", "PUBLISH_ON_TIME", 9, 10),
        ("T99", "PUBLIC_UPDATE_ON_TIME", 8, 10),
        ("T99", "PUBLIC_CONTENT_FULL", 10, 10),
        ("T99.01", "DOSSIER_SYNC", 5, 6),
        ("T99.101", "DOSSIER_SYNC", 6, 6),
        ("T99.102", "DOSSIER_SYNC", 6, 6),
    ];
    for unit in ["T99", "T99.01", "T99.101", "T99.102"] {
        counts.push((unit, "CITIZEN_DATA_CONNECTED_FORMALITY", 1, 2));
        counts.push((unit, "ELECTRONIC_CERTIFIED_COPY", 1, 1));
    }
    fill(&template, &filled, &counts);
    let (text, _) = expect(
        &dir,
        &[
            "report",
            "--period",
            "2026-10",
            "--format",
            "text",
            "--counts",
            "so-lieu-2026-10.csv",
        ],
        0,
    );
    // 1.1 = 6 × 9/10; sync pooled from the units below: 17/18 = 94,44%, 5,67 points.
    assert!(
        text.contains("1.1 Tỷ lệ TTHC công bố đúng hạn 90,00% (5,40/6 điểm)"),
        "{text}"
    );
    assert!(
        text.contains("1.4 Tỷ lệ hồ sơ đồng bộ lên Cổng DVCQG 94,44% (5,67/6 điểm)"),
        "{text}"
    );
    // CKMB = 5,40 + 3,20 + 2,00 + 5,67; TDGQ = 20 × 8/11 (HS03, HS05, HS10 late).
    assert!(
        text.contains("Nhóm Công khai, minh bạch: 16,27/18 điểm"),
        "{text}"
    );
    assert!(
        text.contains("2.1 Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn 72,73% (14,55/20 điểm)"),
        "{text}"
    );
    assert!(!text.contains("Chưa đủ số liệu"), "{text}");

    // Every format into a folder, the workbook too.
    let (_, notes) = expect(
        &dir,
        &[
            "report",
            "--period",
            "2026-10",
            "--counts",
            "so-lieu-2026-10.csv",
            "--format",
            "html",
            "--format",
            "xlsx",
            "--format",
            "csv",
            "--out",
            "bao-cao",
        ],
        0,
    );
    for name in [
        "bao-cao-2026-10.html",
        "bao-cao-2026-10.xlsx",
        "bao-cao-2026-10.csv",
    ] {
        assert!(dir.join("bao-cao").join(name).is_file(), "{name}: {notes}");
    }
}

#[test]
fn the_profile_names_the_formats_and_the_folder() {
    let dir = office_with_profile("formats");
    // init writes formats = ["docx", "html", "xlsx"] into out = "bao-cao".
    expect(&dir, &["report", "--period", "2026-10"], 0);
    assert!(dir.join("bao-cao/bao-cao-2026-10.docx").is_file());
    assert!(dir.join("bao-cao/bao-cao-2026-10.html").is_file());
    assert!(dir.join("bao-cao/bao-cao-2026-10.xlsx").is_file());
    // One format for the screen is printed; one for a file goes to the profile's folder.
    std::fs::remove_dir_all(dir.join("bao-cao")).unwrap();
    let (text, _) = expect(
        &dir,
        &["report", "--period", "2026-10", "--format", "text"],
        0,
    );
    assert!(text.contains("Đã giải quyết"), "{text}");
    expect(
        &dir,
        &["report", "--period", "2026-10", "--format", "xlsx"],
        0,
    );
    assert!(dir.join("bao-cao/bao-cao-2026-10.xlsx").is_file());
    assert!(!dir.join("bao-cao/bao-cao-2026-10.html").exists());
}

// The signed document's parts come from the profile's [report] (SPEC §11): a signer's title of
// two lines is two lines, recipients keep their order, and what is left blank stays blank for the
// document to show a dotted line.
#[test]
fn the_profile_fills_the_document_header() {
    let dir = office_with_profile("document");
    let path = dir.join("chiso766.toml");
    let profile = std::fs::read_to_string(&path).unwrap();
    let filled = profile
        .replace(
            "issuer_parent = \"\"",
            "issuer_parent = \"UỶ BAN NHÂN DÂN TỈNH PHÚ THỌ\"",
        )
        .replace("symbol = \"\"", "symbol = \"BC-VP\"")
        .replace(
            "signer_title = \"\"",
            "signer_title = \"KT. CHÁNH VĂN PHÒNG\\nPHÓ CHÁNH VĂN PHÒNG\"",
        )
        .replace(
            "recipients = []",
            "recipients = [\"Văn phòng Chính phủ (Cục KSTTHC)\", \"Lưu: VT\"]",
        );
    assert_ne!(filled, profile);
    std::fs::write(&path, filled).unwrap();
    let (json, _) = expect(
        &dir,
        &["report", "--period", "2026-10", "--format", "json"],
        0,
    );
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let document = &value["document"];
    assert_eq!(document["issuer_parent"], "UỶ BAN NHÂN DÂN TỈNH PHÚ THỌ");
    assert_eq!(document["issuer"], serde_json::Value::Null);
    assert_eq!(document["symbol"], "BC-VP");
    assert_eq!(
        document["signer_title"],
        serde_json::json!(["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"])
    );
    assert_eq!(
        document["recipients"],
        serde_json::json!(["Văn phòng Chính phủ (Cục KSTTHC)", "Lưu: VT"])
    );
    // Written today: its year goes on the date line.
    assert!(document["written_on"]
        .as_str()
        .is_some_and(|d| d.len() == 10));
    // A Word document alone goes to the profile's folder, as a file must.
    let (_, error) = expect(
        &dir,
        &["report", "--period", "2026-10", "--format", "docx"],
        0,
    );
    assert!(
        dir.join("bao-cao/bao-cao-2026-10.docx").is_file(),
        "{error}"
    );
}

// ---- Bad input, as offices send it ----

/// Replaces `from` by `to` in the office's dossier file.
fn edit_dossiers(dir: &Path, from: &str, to: &str) {
    let path = dir.join("ho-so-thang-10.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn an_unknown_word_lists_the_words_the_profile_accepts() {
    let dir = office_with_profile("word");
    edit_dossiers(&dir, "Trực tuyến;1;Có;Có", "Qua mạng;1;Có;Có");
    let (_, error) = expect(&dir, &["report", "--period", "2026-10"], 2);
    assert!(
        error.starts_with(
            "lỗi: ho-so-thang-10.csv, dòng 2, cột “Hình thức nộp” (channel): “Qua mạng”"
        ),
        "{error}"
    );
    assert!(error.contains("“Trực tiếp”, “Trực tuyến”"), "{error}");
    assert!(error.contains("[values.dossiers.channel]"), "{error}");
    assert!(error.contains("\"Qua mạng\" = 2"), "{error}");
    assert!(
        error.contains("mọi lỗi của các tệp cùng lúc: chiso766 check"),
        "{error}"
    );
    // `check` lists it too, and fails; another word has its own line to add.
    edit_dossiers(
        &dir,
        "Bưu chính công ích;0;Không;Không",
        "Qua bưu điện;0;Không;Không",
    );
    let (listing, _) = expect(&dir, &["check"], 2);
    assert!(listing.contains("“Qua mạng”"), "{listing}");
    assert!(listing.contains("\"Qua mạng\" = 2"), "{listing}");
    assert!(listing.contains("\"Qua bưu điện\" = 3"), "{listing}");
}

#[test]
fn a_code_excel_turned_into_a_number_is_named() {
    let dir = office_with_profile("excel");
    edit_dossiers(&dir, "HS03;T99.01;1.000001", "HS03;T99.01;1,000001");
    let (_, error) = expect(&dir, &["report", "--period", "2026-10"], 2);
    assert!(error.contains("dòng 4"), "{error}");
    assert!(
        error.contains("thủ tục “1,000001” không có trong danh mục"),
        "{error}"
    );
    assert!(
        error.contains("Excel đã coi mã “1.000001” là số"),
        "{error}"
    );
    // A date Excel turned into its day number.
    let dir = office_with_profile("serial");
    edit_dossiers(
        &dir,
        "HS02;T99.01;1.000002;02/10/2026 09:00",
        "HS02;T99.01;1.000002;46297",
    );
    let (_, error) = expect(&dir, &["report", "--period", "2026-10"], 2);
    assert!(
        error.contains("Excel đã đổi ngày 2/10/2026 thành số"),
        "{error}"
    );
    // The catalogue changed, the dossiers right: the catalogue is named as the one to mend.
    let dir = office_with_profile("excel-catalogue");
    let path = dir.join("thu-tuc.csv");
    let catalogue = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, catalogue.replacen("\n1.000001;", "\n1,000001;", 1)).unwrap();
    let (_, error) = expect(&dir, &["report", "--period", "2026-10"], 2);
    assert!(
        error.contains("danh mục thủ tục lại có mã “1,000001”: có lẽ Excel đã coi mã này là số"),
        "{error}"
    );
    assert!(error.contains("sửa mã trong danh mục thủ tục"), "{error}");
}

#[test]
fn a_misspelt_required_column_suggests_the_right_one() {
    // Without a profile: SPEC §7 headers, one misspelt.
    let dir = folder("misspelt");
    std::fs::write(
        dir.join("procedures.csv"),
        "procedure_code,level\n2.000001,commune\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("units.csv"),
        "code,name,level,parent\nX,Xã X,commune,\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("dossiers.csv"),
        "dosier_id,unit_code,procedure_code,received_at\nHS1,X,2.000001,2026-10-01\n",
    )
    .unwrap();
    let args = [
        "count",
        "--period",
        "2026-10",
        "--procedures",
        "procedures.csv",
        "--units",
        "units.csv",
        "--dossiers",
        "dossiers.csv",
    ];
    let (_, error) = expect(&dir, &args, 2);
    assert!(
        error.contains("không có cột “dossier_id”; có phải ý là cột “dosier_id”?"),
        "{error}"
    );
    // With a profile that names a header the file lacks: the profile's line.
    let dir = office_with_profile("mapped");
    let profile = dir.join("chiso766.toml");
    let text = std::fs::read_to_string(&profile).unwrap();
    std::fs::write(
        &profile,
        text.replace("dossier_id = \"Mã hồ sơ\"", "dossier_id = \"Số hồ sơ\""),
    )
    .unwrap();
    let (_, error) = expect(&dir, &["report", "--period", "2026-10"], 2);
    assert!(
        error.contains("không có cột “Số hồ sơ” (cột dossier_id, theo chiso766.toml)"),
        "{error}"
    );
    assert!(error.contains("chiso766.toml, dòng "), "{error}");
}

#[test]
fn the_profile_says_which_line_is_wrong() {
    let dir = office_with_profile("profile");
    let profile = dir.join("chiso766.toml");
    let text = std::fs::read_to_string(&profile).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("unit_code = \"Mã đơn vị\""))
        .unwrap()
        + 1;
    std::fs::write(
        &profile,
        text.replace("unit_code = \"Mã đơn vị\"", "unit_code = \"Mã hồ sơ\""),
    )
    .unwrap();
    let (_, error) = expect(&dir, &["check"], 2);
    assert!(
        error.contains(&format!(
            "chiso766.toml, dòng {line}: cột “Mã hồ sơ” đã gán cho dossier_id"
        )),
        "{error}"
    );
    std::fs::write(&profile, text.replace("[read]", "[read]\nday_frist = true")).unwrap();
    let (_, error) = expect(&dir, &["check"], 2);
    assert!(
        error.contains("tên “day_frist” không dùng ở mục [read]"),
        "{error}"
    );
    assert!(error.contains("có phải ý là “day_first”?"), "{error}");
}

#[test]
fn day_first_applies_to_every_file_read_petitions_included() {
    let dir = folder("day-first");
    std::fs::write(
        dir.join("procedures.csv"),
        "procedure_code,level\n2.000001,commune\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("units.csv"),
        "code,name,level,parent\nP,Tỉnh P,province,\nX,Xã X,commune,P\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("dossiers.csv"),
        "dossier_id,unit_code,procedure_code,received_at,due_at,finished_at\n\
         HS1,X,2.000001,01/10/2026 08:00,06/10/2026 17:00,02/10/2026 10:00\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("petitions.csv"),
        "petition_id,unit_code,received_at,published_at\nPA1,X,05/10/2026 08:00,08/10/2026 10:00\n",
    )
    .unwrap();
    let (json, _) = expect(
        &dir,
        &[
            "count",
            "--period",
            "2026-10",
            "--day-first",
            "--procedures",
            "procedures.csv",
            "--units",
            "units.csv",
            "--dossiers",
            "dossiers.csv",
            "--petitions",
            "petitions.csv",
        ],
        0,
    );
    let counts = chiso766::Counts::from_json(&json).unwrap();
    let commune = counts.units.iter().find(|u| u.unit.code == "X").unwrap();
    assert_eq!(
        commune.criteria["PETITION_PROCESSING_ON_TIME"],
        chiso766::CriterionCount::Counted { num: 1, den: 1 }
    );
}

// ---- The other commands ----

#[test]
fn count_score_plan_and_explain_on_the_offices_records() {
    let dir = office_with_profile("commands");
    // Two periods to files named by period.
    expect(
        &dir,
        &[
            "count",
            "--period",
            "2026-10",
            "--period",
            "2026-09",
            "--out",
            "so-lieu.json",
        ],
        0,
    );
    let counts = dir.join("so-lieu-2026-10.json");
    assert!(dir.join("so-lieu-2026-09.json").is_file());
    let (ranking, _) = expect(&dir, &["score", "so-lieu-2026-10.json"], 0);
    assert!(ranking.contains("UBND tỉnh Thử Nghiệm"), "{ranking}");
    assert!(ranking.contains("4 đơn vị chưa có tổng điểm"), "{ranking}");
    let (card, _) = expect(
        &dir,
        &["score", "so-lieu-2026-10.json", "--unit", "T99.101"],
        0,
    );
    assert!(
        card.contains("UBND xã An Bình (T99.101) — tháng 10/2026"),
        "{card}"
    );
    assert!(!card.contains("N/A"), "{card}");
    let (json, _) = expect(&dir, &["score", "so-lieu-2026-10.json", "--json"], 0);
    assert!(json.contains("\"units\""), "{json}");
    // A plan with the unit's standing in the JSON.
    let (plan, _) = expect(
        &dir,
        &[
            "plan",
            counts.to_str().unwrap(),
            "--unit",
            "T99.01",
            "--target",
            "DOSSIER_ON_TIME=20",
            "--json",
        ],
        0,
    );
    let plan: serde_json::Value = serde_json::from_str(&plan).unwrap();
    assert_eq!(plan["targets"][0]["fix"], 2, "{plan}");
    assert!(
        plan.get("rank").is_some() && plan.get("of").is_some(),
        "{plan}"
    );
    // Targets of any size are answered at once, none a panic or a knapsack as wide as it.
    for target in [
        "DOSSIER_ON_TIME=792281625142643375935439504",
        "TDGQ=1000000000000000000000000000",
        "TDGQ=100000000000000000000",
        "TDGQ=1000000",
    ] {
        let (plan, _) = expect(
            &dir,
            &[
                "plan",
                counts.to_str().unwrap(),
                "--unit",
                "T99.01",
                "--target",
                target,
            ],
            0,
        );
        assert!(
            plan.contains("không thể đạt được (vượt điểm tối đa "),
            "{plan}"
        );
    }
    // More digits than a decimal holds are refused, not rounded to another target.
    let (_, error) = expect(
        &dir,
        &[
            "plan",
            counts.to_str().unwrap(),
            "--unit",
            "T99.01",
            "--target",
            "TDGQ=19.99999999999999999999999999999",
        ],
        2,
    );
    assert!(error.contains("không phải số điểm"), "{error}");
    // The same plan from the records and the period.
    let (plan, _) = expect(
        &dir,
        &[
            "plan",
            "--period",
            "2026-10",
            "--unit",
            "T99.01",
            "--target",
            "DOSSIER_ON_TIME=20",
        ],
        0,
    );
    assert!(
        plan.starts_with("Kế hoạch cải thiện: Sở Nội vụ (T99.01) — tháng 10/2026"),
        "{plan}"
    );
    assert!(
        plan.contains("khắc phục toàn bộ 2 hồ sơ chưa đạt"),
        "{plan}"
    );
    // One dossier explained: HS03 was settled late.
    let (explained, _) = expect(&dir, &["explain", "HS03"], 0);
    assert!(
        explained.contains("tháng 10/2026: đã giải quyết quá hạn (tiếp nhận mới trong kỳ)"),
        "{explained}"
    );
    assert!(
        explained.contains("2.1 Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn: không đạt; quá hạn"),
        "{explained}"
    );
    let (_, error) = expect(&dir, &["explain", "HS99"], 2);
    assert!(error.contains("không có hồ sơ HS99"), "{error}");
}

#[test]
fn score_refuses_bad_counts_in_vietnamese() {
    let dir = folder("score-bad");
    std::fs::write(
        dir.join("c.csv"),
        "unit_code,unit_name,level,parent,criterion,num,den\nX,Xã X,commune,,DOSSIER_ON_TIME,12,10\n",
    )
    .unwrap();
    let (_, error) = expect(&dir, &["score", "c.csv"], 2);
    assert!(
        error.contains("đơn vị X, tiêu chí 2.1 Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn: tử số 12 lớn hơn mẫu số 10"),
        "{error}"
    );
    expect(&dir, &["score", "c.csv", "--lenient"], 0);
    std::fs::write(
        dir.join("d.csv"),
        "unit_code,unit_name,level,parent,criterion,num,den\nX,Xã X,commune,,DOSSIER_ON_TIME,2.900,3000\n",
    )
    .unwrap();
    let (_, error) = expect(&dir, &["score", "d.csv"], 2);
    assert!(
        error.contains("tử số “2.900” có dấu phân cách hàng nghìn; ghi 2900"),
        "{error}"
    );
    let (_, error) = expect(&dir, &["score", "khong-co.json"], 2);
    assert!(
        error.contains("khong-co.json: không tìm thấy tệp"),
        "{error}"
    );
}

/// The portal's captures beside the repository, when present.
fn captures() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/portal/phu-tho-2026");
    dir.is_dir().then_some(dir)
}

// A commune planned on the portal's capture: its total and rank at the top of the JSON, its
// default targets its own criteria (not the province's publication, not the online services the
// portal gives only as points), and the Vietnamese plan naming the province as the owner.
#[test]
fn a_commune_is_planned_on_the_portals_capture() {
    let Some(captures) = captures() else {
        eprintln!("skipped: ../shared/data/portal is not beside the repository");
        return;
    };
    let dir = folder("plan-portal");
    let portal = captures.to_str().unwrap();
    let args = [
        "plan",
        "--portal",
        portal,
        "--set",
        "month-all",
        "--unit",
        "H44.104",
    ];
    let (json, _) = expect(&dir, &[&args[..], &["--json"]].concat(), 0);
    let plan: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        (&plan["total"], &plan["rank"], &plan["of"]),
        (
            &serde_json::json!("58.13"),
            &serde_json::json!(140),
            &serde_json::json!(148)
        ),
        "{plan}"
    );
    let targets: Vec<&str> = (plan["targets"].as_array().unwrap().iter())
        .map(|t| t["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        targets,
        [
            "DOSSIER_ON_TIME",
            "SYNCED_WITH_DVCQG_PERSONAL_STORAGE",
            "SO_HOA_GIAY_TO_GIAI_QUYET"
        ]
    );
    let extra = [
        "--target",
        "PUBLISH_ON_TIME=6",
        "--target",
        "DVCTT=8",
        "--overtake",
        "H44.105",
    ];
    let (text, _) = expect(&dir, &[&args[..], &extra[..]].concat(), 0);
    let lines: Vec<&str> = text.lines().collect();
    // The rank's goal first, under its heading, as one sentence.
    assert_eq!(lines[1], "Mục tiêu thứ hạng:", "{text}");
    assert!(
        lines[2].starts_with("- Để xếp trên UBND xã Xuân Lũng (hạng 57/148), UBND xã Hy Cương (hạng 140/148) phải đạt tổng điểm 64,39 (hiện 58,13): cần ít nhất "),
        "{text}"
    );
    assert_eq!(lines[2].matches("Để ").count(), 1, "{text}");
    assert!(lines[2].ends_with("khi đó đạt 64,39 điểm."), "{text}");
    // Dossiers put right, procedures made to meet the criterion, each named as what it is.
    assert!(
        lines[2].contains(
            "cần ít nhất 250 thay đổi (hồ sơ và thủ tục), gồm 2.1 Tỷ lệ hồ sơ xử lý trước hạn, \
             đúng hạn: khắc phục 210 hồ sơ (13,45 → 16,76 điểm)"
        ),
        "{text}"
    );
    assert!(
        lines[2].contains(": đáp ứng yêu cầu cho 18 thủ tục"),
        "{text}"
    );
    assert!(
        text.contains("UBND xã Hy Cương: bị mất 41,87 điểm (đạt 58,13/100)"),
        "{text}"
    );
    assert!(
        text.contains("1.1 Tỷ lệ TTHC công bố đúng hạn: 0,00/6 điểm, mất 6,00 (số liệu của UBND tỉnh Phú Thọ; kỳ này không có thủ tục nào để tính tỷ lệ)"),
        "{text}"
    );
    assert!(
        text.contains(
            "(hiện 0,00): số liệu này của UBND tỉnh Phú Thọ, chỉ đơn vị đó thay đổi được."
        ),
        "{text}"
    );
    assert!(
        text.contains("chỉ có điểm nhóm đã công bố, không có số liệu từng tiêu chí"),
        "{text}"
    );
    assert!(!text.contains("chưa đủ cơ sở đánh giá"), "{text}");
    // A weak group says what of it the commune cannot change itself.
    assert!(
        text.contains(
            "Nhóm Công khai, minh bạch đạt 7,96/18 điểm, dưới 80% điểm tối đa. Trong đó 10,04 \
             điểm bị mất thuộc số liệu của UBND tỉnh Phú Thọ, đơn vị này không tự thay đổi được."
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "Nhóm Dịch vụ công trực tuyến đạt 6,32/12 điểm, dưới 80% điểm tối đa. Chỉ có điểm \
             của nhóm này, không có số liệu từng tiêu chí."
        ),
        "{text}"
    );
    // By default, what the commune's own fixes do to the province's pooled points.
    let (text, _) = expect(&dir, &args, 0);
    assert!(
        text.contains("Điểm tiêu chí này của UBND tỉnh Phú Thọ theo đó: 15,68 → 15,72."),
        "{text}"
    );
}

#[test]
fn compare_exits_1_on_a_difference() {
    let Some(captures) = captures() else {
        eprintln!("skipped: ../shared/data/portal is not beside the repository");
        return;
    };
    let dir = folder("compare");
    let (text, _) = expect(
        &dir,
        &["compare", captures.to_str().unwrap(), "--set", "month-all"],
        0,
    );
    assert!(
        text.contains(
            ": 2.777 khớp, 0 khác; 340 điểm Cổng không công bố giá trị (không so sánh được)"
        ),
        "{text}"
    );
    // Criteria by number and name, not by code.
    assert!(
        text.contains("1.4 Tỷ lệ hồ sơ đồng bộ lên Cổng DVCQG"),
        "{text}"
    );
    assert!(!text.contains("DOSSIER_SYNC"), "{text}");
    // A published score changed by a hundredth is found.
    let tampered = dir.join("capture");
    copy(&captures, &tampered);
    let year = tampered.join("dvc-progress-tree/year-all.json");
    let text = std::fs::read_to_string(&year).unwrap();
    std::fs::write(
        &year,
        text.replacen("\"totalScore\":17.68,", "\"totalScore\":17.69,", 1),
    )
    .unwrap();
    let (text, error) = expect(
        &dir,
        &["compare", tampered.to_str().unwrap(), "--set", "year-all"],
        1,
    );
    // The province's total differs first, then the group's score.
    assert!(
        text.lines().nth(4).is_some_and(|l| l.starts_with("KHÁC")
            && l.contains("Cổng:       61,90 (hạng 1/1)  Tính lại:       61,89 (hạng 1/1)")),
        "{text}"
    );
    assert!(
        text.contains("Tổng điểm và thứ hạng của 164 đơn vị: 163 khớp, 1 khác"),
        "{text}"
    );
    assert!(error.contains("khác với điểm tính lại"), "{error}");
    // Names of every length (“Ban quản lý các khu công nghiệp - Tỉnh Phú Thọ” among them) keep
    // the columns in step: the totals' lines are one width, the scores' another.
    let widths = |marker: &str| -> std::collections::BTreeSet<usize> {
        (text.lines())
            .filter(|l| l.contains(marker) && (l.starts_with("khớp") || l.starts_with("KHÁC")))
            .map(|l| l.chars().count())
            .collect()
    };
    assert_eq!(widths("Tổng điểm  Cổng:").len(), 1, "{text}");
    assert_eq!(widths("  Tính lại:").len(), 2, "{text}");
    assert!(
        text.contains("Ban quản lý các khu công nghiệp - Tỉnh Phú Thọ"),
        "{text}"
    );
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn no_progress_bar_when_standard_error_is_not_a_terminal() {
    let dir = folder("progress");
    std::fs::write(
        dir.join("procedures.csv"),
        "procedure_code,level,max_time,max_time_unit\n2.000001,commune,3,working_days\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("units.csv"),
        "code,name,level,parent\nX,Xã X,commune,\n",
    )
    .unwrap();
    // About 6 MB: over the size that shows a bar on a terminal.
    let mut dossiers =
        String::from("dossier_id,unit_code,procedure_code,received_at,finished_at\n");
    for i in 0..120_000 {
        dossiers.push_str(&format!(
            "HS-{i:09},X,2.000001,2026-10-01 08:00,2026-10-02 08:00\n"
        ));
    }
    std::fs::write(dir.join("dossiers.csv"), dossiers).unwrap();
    let (_, error) = expect(
        &dir,
        &[
            "count",
            "--period",
            "2026-10",
            "--procedures",
            "procedures.csv",
            "--units",
            "units.csv",
            "--dossiers",
            "dossiers.csv",
            "--out",
            "c.json",
        ],
        0,
    );
    assert!(
        !error.contains("Đang đếm") && !error.contains('\u{1b}'),
        "{error}"
    );
}

// An export whose headers are none of the usual ones, and whose words are its own: `init`
// recognises them by their words, and the month reads as the usual export does.
#[test]
fn init_recognises_unusual_headers_by_their_words() {
    let dir = folder("unusual");
    office::write(&dir);
    let dossiers = office::DOSSIERS
        .replacen(
            "Mã hồ sơ;Mã đơn vị;Mã TTHC;Ngày tiếp nhận;Hạn xử lý;Ngày có kết quả;Ngày dừng xử lý;Hình thức nộp",
            "Số hồ sơ;Đơn vị xử lý;Mã TTHC;Thời điểm tiếp nhận;Hạn trả kết quả;Ngày hoàn thành;Ngày từ chối;Kênh nộp",
            1,
        )
        .replace(";Trực tuyến;", ";Nộp trực tuyến;")
        .replace(";Trực tiếp;", ";Nộp trực tiếp;")
        .replace(";Bưu chính công ích;", ";Qua bưu điện;");
    office::write_excel_csv(&dir.join("ho-so-thang-10.csv"), &dossiers);
    let (said, _) = expect(&dir, &["init"], 0);
    assert!(
        said.contains("ho-so-thang-10.csv: hồ sơ — nhận ra 11/11 cột"),
        "{said}"
    );
    let profile = std::fs::read_to_string(dir.join("chiso766.toml")).unwrap();
    for line in [
        "dossier_id = \"Số hồ sơ\"",
        "unit_code = \"Đơn vị xử lý\"",
        "received_at = \"Thời điểm tiếp nhận\"",
        "due_at = \"Hạn trả kết quả\"",
        "finished_at = \"Ngày hoàn thành\"",
        "stopped_at = \"Ngày từ chối\"",
        "channel = \"Kênh nộp\"",
        "\"Nộp trực tuyến\" = 2",
        "\"Qua bưu điện\" = 3",
    ] {
        assert!(profile.contains(line), "{line}\n{profile}");
    }
    expect(&dir, &["check"], 0);
    let (text, _) = expect(
        &dir,
        &["report", "--period", "2026-10", "--format", "text"],
        0,
    );
    assert!(
        text.contains(
            "Đã giải quyết 9 hồ sơ (trước hạn 4 hồ sơ, đúng hạn 3 hồ sơ, quá hạn 2 hồ sơ)"
        ),
        "{text}"
    );
}

#[test]
fn check_lists_repeated_ids_and_reads_past_unused_twin_columns() {
    let dir = office_with_profile("repeats");
    // A second "Ghi chú" twice, unused; HS02's row again at the end.
    let dossiers = office::DOSSIERS.replacen(
        "Số hóa thành phần\n",
        "Số hóa thành phần;Ghi chú;Ghi chú\n",
        1,
    );
    let mut lines: Vec<String> = dossiers.lines().map(str::to_owned).collect();
    for line in lines.iter_mut().skip(1) {
        line.push_str(";;");
    }
    let again = lines[2].clone();
    lines.push(again);
    office::write_excel_csv(&dir.join("ho-so-thang-10.csv"), &(lines.join("\n") + "\n"));
    let (listing, _) = expect(&dir, &["check"], 0);
    assert!(
        listing.contains(
            "ho-so-thang-10.csv, dòng 14: mã HS02 đã có ở dòng 3; khi tính, dòng sau được dùng"
        ),
        "{listing}"
    );
    assert!(listing.contains("Không có lỗi (1 cảnh báo)"), "{listing}");
}

// A month's export alone holds only the month before's dossiers still open: the comparison with
// it is said to be doubtful, and can be left out.
#[test]
fn a_thin_previous_month_is_noted_and_can_be_left_out() {
    let dir = office_with_profile("previous");
    let mut dossiers = office::DOSSIERS.to_owned();
    // Twenty more October dossiers, so October holds many more than September.
    for i in 0..20 {
        dossiers.push_str(&format!(
            "HSX{i:02};T99.101;2.000001;07/10/2026 08:00;12/10/2026 17:00;08/10/2026 10:00;;Trực tiếp;0;Có;Có\n"
        ));
    }
    office::write_excel_csv(&dir.join("ho-so-thang-10.csv"), &dossiers);
    let (text, notes) = expect(
        &dir,
        &["report", "--period", "2026-10", "--format", "text"],
        0,
    );
    assert!(
        notes.contains(
            "tháng 9/2026 chỉ có 1 hồ sơ tiếp nhận trong dữ liệu, so với 31 của tháng 10/2026"
        ),
        "{notes}"
    );
    assert!(text.contains("so với tháng 9/2026"), "{text}");
    let (text, _) = expect(
        &dir,
        &[
            "report",
            "--period",
            "2026-10",
            "--format",
            "text",
            "--no-previous",
        ],
        0,
    );
    assert!(!text.contains("so với tháng 9/2026"), "{text}");
}

// An export without a dossier id and with the hand-over date in place of the end of processing:
// `init` leaves a line to fill for the one, a line to fill if the file has it for the other, and
// the check names the empty line; with the id filled, the reading says what the hand-over means.
#[test]
fn init_marks_what_to_fill_and_the_hand_over_stands_in_for_the_end() {
    let dir = folder("hand-over");
    office::write(&dir);
    let dossiers = office::DOSSIERS.replacen(
        "Mã hồ sơ;Mã đơn vị;Mã TTHC;Ngày tiếp nhận;Hạn xử lý;Ngày có kết quả;Ngày dừng xử lý;Hình thức nộp;",
        "Ký hiệu;Mã đơn vị;Mã TTHC;Ngày tiếp nhận;Hạn xử lý;Ngày trả kết quả;Ngày dừng xử lý;Ghi chú;",
        1,
    );
    office::write_excel_csv(&dir.join("ho-so-thang-10.csv"), &dossiers);
    let (said, _) = expect(&dir, &["init"], 0);
    assert!(
        said.contains("ĐIỀN: chưa tìm thấy cột bắt buộc dossier_id"),
        "{said}"
    );
    assert!(
        said.contains("ĐIỀN nếu tệp có: chưa tìm thấy cột finished_at (ngày xử lý xong), channel"),
        "{said}"
    );
    let profile = std::fs::read_to_string(dir.join("chiso766.toml")).unwrap();
    let empty = (profile
        .lines()
        .position(|l| l.starts_with("dossier_id = \"\"   # ĐIỀN")))
    .unwrap_or_else(|| panic!("{profile}"));
    assert!(
        profile.contains("# finished_at = \"\"   # ĐIỀN nếu tệp có cột này"),
        "{profile}"
    );
    let (_, error) = expect(&dir, &["check"], 2);
    assert!(
        error.contains(&format!("chiso766.toml, dòng {}", empty + 1)),
        "{error}"
    );
    assert!(error.contains("“dossier_id” để trống"), "{error}");
    let filled = profile.replacen("dossier_id = \"\"", "dossier_id = \"Ký hiệu\"", 1);
    std::fs::write(dir.join("chiso766.toml"), filled).unwrap();
    let (listing, _) = expect(&dir, &["check"], 0);
    assert!(
        listing.contains("không có cột finished_at: hồ sơ được coi là giải quyết xong vào ngày trả kết quả (returned_at)"),
        "{listing}"
    );
    // Without the channel, every dossier is in person: said, not left for the rates to show.
    assert!(
        listing.contains(
            "không có cột channel: mọi hồ sơ được tính là nộp trực tiếp, nên số hồ sơ trực tuyến"
        ),
        "{listing}"
    );
}

// Before the office has a profile, and with a profile that names no file, every command says
// what is missing and how to get it, rather than counting nothing.
#[test]
fn a_missing_or_empty_profile_says_how_to_make_one() {
    let dir = folder("no-profile");
    for command in [&["check"][..], &["report", "--period", "2026-10"]] {
        let (_, error) = expect(&dir, command, 2);
        assert!(
            error.contains("thư mục này không có tệp cấu hình chiso766.toml"),
            "{error}"
        );
        assert!(error.contains("chạy chiso766 init"), "{error}");
    }
    std::fs::write(dir.join("chiso766.toml"), "").unwrap();
    let (_, error) = expect(&dir, &["check"], 2);
    assert!(error.contains("tệp cấu hình trống"), "{error}");
    assert!(!error.contains("xuất lại tệp"), "{error}");
    std::fs::write(dir.join("chiso766.toml"), "province = \"T99\"\n").unwrap();
    let (listing, _) = expect(&dir, &["check"], 2);
    for kind in ["danh mục thủ tục", "danh sách đơn vị", "hồ sơ"] {
        assert!(
            listing.contains(&format!(
                "Chưa có tệp {kind}: 1 lỗi\n  lỗi: chiso766.toml chưa ghi tệp {kind}"
            )),
            "{listing}"
        );
    }
    assert!(listing.contains("Có 3 lỗi cần sửa"), "{listing}");
}

// A period is given as officials write it as well as in digits; a period neither way says both.
#[test]
fn a_period_is_given_as_officials_write_it() {
    let dir = office_with_profile("period-words");
    let report =
        |period: &str| expect(&dir, &["report", "--period", period, "--format", "text"], 0).0;
    assert_eq!(report("Tháng 10/2026"), report("2026-10"));
    let (_, error) = expect(&dir, &["report", "--period", "10/2026"], 2);
    assert!(
        error.contains("ghi --period 2026-10 hoặc --period \"tháng 10/2026\""),
        "{error}"
    );
    let (_, error) = expect(&dir, &["report", "--period", "tháng mười"], 2);
    assert!(error.contains("“tháng 5/2026”"), "{error}");
}

// A column whose words are all different (text in the wrong column) is listed as the first words,
// each with its line to add, then one group for the rest: the listing stays the size of a screen.
#[test]
fn many_unknown_words_are_listed_within_a_screen() {
    let dir = office_with_profile("many-words");
    let path = dir.join("ho-so-thang-10.csv");
    let mut text = std::fs::read_to_string(&path).unwrap();
    for i in 0..200 {
        text.push_str(&format!(
            "HSX{i};T99.01;1.000001;01/10/2026 08:00;07/10/2026 17:00;;;Kênh số {i};0;Không;Không\n"
        ));
    }
    std::fs::write(&path, text).unwrap();
    let (listing, _) = expect(&dir, &["check"], 2);
    // Twenty words with their own line to add, and one for the group of the rest.
    let lines_to_add = listing.matches("\"Kênh số ").count();
    assert_eq!(lines_to_add, 20 + 1, "{listing}");
    // The rest's group shows its first five rows; the 175 others are named by line.
    assert!(
        listing.contains("… và 175 dòng khác cùng lỗi này"),
        "{listing}"
    );
    assert!(listing.lines().count() < 120, "{listing}");
}

// Issue 22: a methodology file of other rules under a built-in's name is refused (a report names
// its methodology); a copy of the built-in, or the same rules under a new name, is read.
#[test]
fn a_methodology_under_a_built_ins_name_must_be_the_built_in() {
    let dir = folder("methodology-name");
    let json = chiso766::Methodology::builtin("dvcqg-2026")
        .unwrap()
        .to_json()
        .unwrap();
    let other = json.replacen("\"0.5\"", "\"0.6\"", 1);
    assert_ne!(other, json);
    std::fs::write(dir.join("copy.json"), &json).unwrap();
    std::fs::write(dir.join("other.json"), &other).unwrap();
    let renamed = other.replace("\"dvcqg-2026\"", "\"dvcqg-2026-tinh\"");
    std::fs::write(dir.join("renamed.json"), renamed).unwrap();
    let counts = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/data/demo-province.json");
    let run_plan = |file: &str, code: i32| {
        let path = dir.join(file);
        let args = [
            "plan",
            counts.to_str().unwrap(),
            "--unit",
            "X01.102",
            "--methodology",
            path.to_str().unwrap(),
        ];
        expect(&dir, &args, code)
    };
    run_plan("copy.json", 0);
    let (_, error) = run_plan("other.json", 2);
    assert!(
        error.contains("mang tên dvcqg-2026 của phương pháp có sẵn nhưng khác quy tắc"),
        "{error}"
    );
    // The same rules under a new name, for counts that name it.
    let demo = std::fs::read_to_string(&counts).unwrap();
    let named = demo.replacen("\"dvcqg-2026\"", "\"dvcqg-2026-tinh\"", 1);
    assert_ne!(named, demo);
    std::fs::write(dir.join("so-lieu.json"), named).unwrap();
    let (plan, _) = expect(
        &dir,
        &[
            "plan",
            "so-lieu.json",
            "--unit",
            "X01.102",
            "--methodology",
            dir.join("renamed.json").to_str().unwrap(),
        ],
        0,
    );
    assert!(plan.contains("phương pháp dvcqg-2026-tinh"), "{plan}");
}

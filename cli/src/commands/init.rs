//! `chiso766 init [FOLDER]`: a commented `chiso766.toml` from the headers of the files in a
//! folder, mapping the headers it recognises and leaving the others as lines to complete.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chiso766::input::{read_header, Header};
use chiso766::printable::printable;
use chiso766::record::RecordKind;
use chiso766::ReadOptions;

use crate::args::InitArgs;
use crate::failure::Failure;
use crate::inputs::{open, shown};
use crate::messages::Context;
use crate::output;
use crate::profile::{toml_string, toml_value, FILE_NAME};
use crate::words;

/// How many rows of a record file are looked at for dates and words.
const SAMPLE: usize = 500;

/// One file of the folder and what it was taken for.
struct Seen {
    path: PathBuf,
    header: Header,
    rows: Vec<Vec<String>>,
    /// The kinds it fits, best first, with their scores.
    fits: Vec<(RecordKind, usize)>,
}

/// What was guessed for one kind of file.
struct Guess<'s> {
    files: Vec<&'s Seen>,
    /// Field → the file's header for it.
    columns: BTreeMap<&'static str, String>,
    /// Headers of the file not taken for any field.
    unused: Vec<String>,
    /// Field → (word, the value guessed, if any).
    words: BTreeMap<&'static str, Vec<(String, Option<&'static str>)>>,
}

/// Writes the profile and says what it guessed.
pub fn run(args: &InitArgs) -> Result<(), Failure> {
    let folder = args.folder.clone().unwrap_or_else(|| PathBuf::from("."));
    if !folder.is_dir() {
        return Err(Failure::usage(
            format!("{} không phải thư mục", folder.display()),
            "ghi thư mục chứa các tệp xuất của hệ thống một cửa",
        ));
    }
    let target = folder.join(FILE_NAME);
    output::refuse_overwrite(&target, args.force)?;
    let seen = look(&folder)?;
    let chosen = choose(&seen);
    if chosen.is_empty() {
        return Err(Failure::usage(
            format!("không nhận ra tệp dữ liệu nào trong {}", folder.display()),
            "đặt vào thư mục các tệp CSV xuất từ hệ thống (hồ sơ, danh mục thủ tục, danh sách đơn \
             vị…), có dòng tiêu đề, rồi chạy lại",
        ));
    }
    let guesses: BTreeMap<RecordKind, Guess<'_>> = chosen
        .into_iter()
        .map(|(kind, files)| (kind, guess(kind, files)))
        .collect();
    let text = profile_text(&folder, &guesses, &seen);
    output::write(&target, text.as_bytes())?;
    output::print(&said(&target, &guesses, &seen));
    Ok(())
}

/// Every CSV or JSON Lines file of the folder with its header and first rows.
fn look(folder: &Path) -> Result<Vec<Seen>, Failure> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(folder)
        .map_err(|source| {
            Failure::Library(
                chiso766::ErrorKind::Io {
                    path: shown(folder),
                    source,
                }
                .into(),
            )
        })?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.to_string_lossy().to_ascii_lowercase();
            p.is_file() && (name.ends_with(".csv") || name.ends_with(".txt"))
        })
        .collect();
    paths.sort();
    let mut seen = Vec::new();
    for path in paths {
        let name = shown(&path);
        let read = open(&path).and_then(|file| {
            read_header(file, &name, &ReadOptions::default(), SAMPLE).map_err(Failure::Library)
        });
        match read {
            Ok((header, rows)) => {
                let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                let file_name = file_name.unwrap_or_default();
                let mut fits: Vec<(RecordKind, usize)> = (RecordKind::ALL.iter())
                    .filter_map(|k| words::fit(*k, &header.names, &file_name).map(|s| (*k, s)))
                    .collect();
                fits.sort_by_key(|(_, score)| std::cmp::Reverse(*score));
                seen.push(Seen {
                    path,
                    header,
                    rows,
                    fits,
                });
            }
            Err(failure) => {
                if let Some(message) = failure.message(&Context::new()) {
                    eprintln!("bỏ qua: {}", message.text());
                }
            }
        }
    }
    Ok(seen)
}

/// Each file's kind: its best fit; several dossier or petition files are kept, one file of each
/// other kind (the best).
fn choose(seen: &[Seen]) -> BTreeMap<RecordKind, Vec<&Seen>> {
    let mut chosen: BTreeMap<RecordKind, Vec<&Seen>> = BTreeMap::new();
    for file in seen {
        if let Some((kind, _)) = file.fits.first() {
            chosen.entry(*kind).or_default().push(file);
        }
    }
    for (kind, files) in chosen.iter_mut() {
        if !matches!(kind, RecordKind::Dossiers | RecordKind::Petitions) {
            files.sort_by_key(|f| std::cmp::Reverse(f.fits.first().map_or(0, |(_, s)| *s)));
            files.truncate(1);
        }
    }
    chosen
}

/// The headers and words of one kind's files.
fn guess<'s>(kind: RecordKind, files: Vec<&'s Seen>) -> Guess<'s> {
    let Some(first) = files.first() else {
        return Guess {
            files,
            columns: BTreeMap::new(),
            unused: Vec::new(),
            words: BTreeMap::new(),
        };
    };
    let columns = words::map_headers(kind, &first.header.names);
    let unused: Vec<String> = (first.header.names.iter())
        .filter(|h| !h.is_empty() && !columns.values().any(|c| c == *h))
        .cloned()
        .collect();
    let found = (columns.iter())
        .filter_map(|(field, header)| {
            let words = words_of(kind, field, header, first)?;
            Some((*field, words))
        })
        .collect();
    Guess {
        files,
        columns,
        unused,
        words: found,
    }
}

/// The office's words in a column of fixed values (those that are not the specification's), each
/// with the value guessed; for a yes/no column, both words once one is seen (the other may come
/// next month).
fn words_of(
    kind: RecordKind,
    field: &str,
    header: &str,
    file: &Seen,
) -> Option<Vec<(String, Option<&'static str>)>> {
    let values = kind.values(field)?;
    let at = file.header.names.iter().position(|h| h == header)?;
    let mut distinct: Vec<String> = Vec::new();
    for value in file.rows.iter().filter_map(|row| row.get(at)) {
        let usual = values.contains(&value.as_str());
        if !value.is_empty() && !usual && !distinct.contains(value) && distinct.len() < 20 {
            distinct.push(value.clone());
        }
    }
    if distinct.is_empty() {
        return None;
    }
    let mut words: Vec<(String, Option<&'static str>)> = (distinct.into_iter())
        .map(|w| {
            let value = words::value_of(kind, field, &w);
            (w, value)
        })
        .collect();
    if values.contains(&"true") {
        for (word, value) in [("Có", "1"), ("Không", "0")] {
            if !words.iter().any(|(_, v)| *v == Some(value)) {
                words.push((word.to_owned(), Some(value)));
            }
        }
    }
    Some(words)
}

/// Whether the sampled dates of the guessed columns are written day first (`05/10/2026`).
fn day_first(guesses: &BTreeMap<RecordKind, Guess<'_>>) -> bool {
    let dated = [
        "received_at",
        "submitted_at",
        "due_at",
        "finished_at",
        "date",
        "valid_from",
    ];
    guesses.values().any(|g| {
        g.files.iter().any(|file| {
            g.columns
                .iter()
                .filter(|(f, _)| dated.contains(f))
                .any(|(_, header)| {
                    let at = file.header.names.iter().position(|h| h == header);
                    file.rows
                        .iter()
                        .filter_map(|r| at.and_then(|a| r.get(a)))
                        .any(|v| {
                            let date = v.split([' ', 'T']).next().unwrap_or("");
                            let parts: Vec<&str> = date.split('/').collect();
                            parts.len() == 3 && parts[2].len() == 4
                        })
                })
        })
    })
}

/// The province: the unit without a parent in the units file.
fn province(guess: Option<&Guess<'_>>) -> Option<String> {
    let guess = guess?;
    let file = guess.files.first()?;
    let at = |field: &str| {
        let header = guess.columns.get(field)?;
        file.header.names.iter().position(|h| h == header)
    };
    let code = at("code")?;
    let parent = at("parent");
    let tops: Vec<&String> = file
        .rows
        .iter()
        .filter(|r| parent.and_then(|p| r.get(p)).map_or(true, |p| p.is_empty()))
        .filter_map(|r| r.get(code))
        .collect();
    match tops.as_slice() {
        [one] => Some((*one).clone()),
        _ => None,
    }
}

/// The profile's text, commented for the office to complete.
fn profile_text(folder: &Path, guesses: &BTreeMap<RecordKind, Guess<'_>>, seen: &[Seen]) -> String {
    let mut out = String::from(
        "# Cấu hình của chiso766 cho đơn vị, lập bằng `chiso766 init`.\n\
         # Kiểm tra các dòng dưới đây và điền các dòng có chữ ĐIỀN (dòng bắt đầu bằng # là dòng\n\
         # tắt: bỏ dấu # ở đầu khi đã điền), rồi chạy `chiso766 check` để đọc thử mọi tệp.\n\n",
    );
    let province = province(guesses.get(&RecordKind::Units));
    match &province {
        Some(code) => {
            let _ = writeln!(
                out,
                "province = {}               # mã đơn vị của báo cáo (tỉnh)",
                toml_string(code)
            );
        }
        None => out.push_str(
            "province = \"\"               # ĐIỀN: mã tỉnh trong danh sách đơn vị, ví dụ \"H44\"\n",
        ),
    }
    out.push_str("methodology = \"dvcqg-2026\"   # phương pháp tính của Cổng DVCQG năm 2026\n");
    files_text(&mut out, folder, guesses);
    out.push_str("# counts = [\"so-lieu-bo-sung-2026-10.csv\"]   # số liệu không lấy được từ hồ sơ: lập bằng `chiso766 template`\n\n[read]\n");
    let _ = writeln!(
        out,
        "day_first = {}   # true: ngày viết kiểu 05/10/2026 (ngày/tháng/năm)",
        day_first(guesses)
    );
    for (kind, guess) in guesses {
        columns_text(&mut out, *kind, guess);
        values_text(&mut out, *kind, guess);
    }
    let unknown: Vec<&Seen> = seen
        .iter()
        .filter(|s| {
            !guesses
                .values()
                .any(|g| g.files.iter().any(|f| f.path == s.path))
        })
        .collect();
    for file in unknown {
        let _ = writeln!(
            out,
            "\n# Tệp {} không nhận ra loại (tiêu đề: {}).",
            file.path.display(),
            file.header
                .names
                .iter()
                .map(|h| printable(h).into_owned())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    out.push_str(REPORT_SECTION);
    out
}

/// The `[files]` section: each kind's file, or a line to complete.
fn files_text(out: &mut String, folder: &Path, guesses: &BTreeMap<RecordKind, Guess<'_>>) {
    out.push_str("\n[files]                       # đường dẫn tính từ thư mục của tệp này\n");
    for kind in RecordKind::ALL {
        let name =
            |p: &PathBuf| toml_string(&p.strip_prefix(folder).unwrap_or(p).to_string_lossy());
        match guesses.get(&kind).map(|g| &g.files) {
            Some(files) if files.len() == 1 => {
                let _ = writeln!(out, "{} = {}", kind.name(), name(&files[0].path));
            }
            Some(files) => {
                let list: Vec<String> = files.iter().map(|f| name(&f.path)).collect();
                let _ = writeln!(out, "{} = [{}]", kind.name(), list.join(", "));
            }
            None => {
                let _ = writeln!(
                    out,
                    "# {} = \"\"   # không tìm thấy tệp {}",
                    kind.name(),
                    kind.name()
                );
            }
        }
    }
}

/// The `[columns.KIND]` section: recognised headers mapped, the others commented.
fn columns_text(out: &mut String, kind: RecordKind, guess: &Guess<'_>) {
    let _ = writeln!(
        out,
        "\n[columns.{}]   # tên chuẩn = tiêu đề cột trong tệp",
        kind.name()
    );
    for field in kind.fields() {
        let describe = words::describe(kind, field);
        match guess.columns.get(field) {
            Some(header) if header == field => {
                let _ = writeln!(out, "# {field}: cột cùng tên, không cần khai báo");
            }
            Some(header) => {
                let _ = writeln!(out, "{field} = {}   # {describe}", toml_string(header));
            }
            None if kind.required().any(|r| r == field) => {
                let _ = writeln!(
                    out,
                    "{field} = \"\"   # ĐIỀN: {describe} — bắt buộc, chưa tìm thấy cột"
                );
            }
            None if kind.counts_rest_on().any(|r| r == field) => {
                let _ = writeln!(
                    out,
                    "# {field} = \"\"   # ĐIỀN nếu tệp có cột này (và bỏ dấu # đầu dòng): \
                     {describe} — số liệu dựa vào cột này"
                );
            }
            None => {
                let _ = writeln!(out, "# {field} = \"\"   # {describe} — chưa tìm thấy cột");
            }
        }
    }
    for header in &guess.unused {
        let _ = writeln!(
            out,
            "# cột {} trong tệp không dùng đến",
            toml_string(header)
        );
    }
}

/// The `[values.KIND.FIELD]` sections: the words found in the files, with the values guessed.
fn values_text(out: &mut String, kind: RecordKind, guess: &Guess<'_>) {
    for (field, found) in &guess.words {
        let _ = writeln!(
            out,
            "\n[values.{}.{field}]   # từ trong tệp = giá trị chuẩn",
            kind.name()
        );
        for (word, value) in found {
            match value {
                Some(value) => {
                    let meaning = words::meaning(field, value).unwrap_or("");
                    let _ = writeln!(
                        out,
                        "{} = {}   # {meaning}",
                        toml_string(word),
                        toml_value(value)
                    );
                }
                None => {
                    let choices: Vec<String> = (kind.values(field).unwrap_or(&[]).iter())
                        .map(|v| format!("{v} ({})", words::meaning(field, v).unwrap_or("")))
                        .collect();
                    let _ = writeln!(
                        out,
                        "# {} =    # ĐIỀN một trong: {}",
                        toml_string(word),
                        choices.join(", ")
                    );
                }
            }
        }
    }
}

const REPORT_SECTION: &str = "
[report]
on_time = \"settled_in_time\"   # cách tính tỷ lệ đúng hạn: settled_in_time, due_in_period, late_share
formats = [\"docx\", \"html\", \"xlsx\"]   # định dạng: docx, html, xlsx, text, md, csv, json
out = \"bao-cao\"                # thư mục ghi báo cáo
# Phần đầu và cuối văn bản (Nghị định 30/2020/NĐ-CP); để trống thì để dòng chấm để điền tay:
issuer_parent = \"\"   # ví dụ \"UỶ BAN NHÂN DÂN TỈNH PHÚ THỌ\"
issuer = \"\"          # ví dụ \"VĂN PHÒNG\"
symbol = \"\"          # ký hiệu sau số văn bản, ví dụ \"BC-VP\" (Số: …/BC-VP)
place = \"\"           # ví dụ \"Phú Thọ\"
signer_title = \"\"    # ví dụ \"CHÁNH VĂN PHÒNG\", hoặc hai dòng: \"KT. CHÁNH VĂN PHÒNG\\nPHÓ CHÁNH VĂN PHÒNG\"
signer_name = \"\"
recipients = []      # ví dụ [\"Văn phòng Chính phủ (Cục KSTTHC)\", \"Lưu: VT\"]
";

/// What `init` tells the office.
fn said(target: &Path, guesses: &BTreeMap<RecordKind, Guess<'_>>, seen: &[Seen]) -> String {
    let mut out = format!("Đã ghi {}.\n", target.display());
    for (kind, guess) in guesses {
        for file in &guess.files {
            let name = file
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned());
            let _ = writeln!(
                out,
                "- {}: {} — nhận ra {}/{} cột",
                name.unwrap_or_default(),
                words::kind_vi(*kind),
                guess.columns.len(),
                file.header.names.iter().filter(|h| !h.is_empty()).count(),
            );
        }
        out.push_str(&guess_lines(*kind, guess));
    }
    for file in seen.iter().filter(|s| s.fits.is_empty()) {
        let headers: Vec<String> = (file.header.names.iter())
            .map(|h| printable(h).into_owned())
            .collect();
        let _ = writeln!(
            out,
            "- {}: không nhận ra là tệp gì (tiêu đề: {}) — nếu cần, khai báo ở mục [files] và \
             [columns] của tệp cấu hình",
            file.path.display(),
            headers.join(", ")
        );
    }
    out.push_str(
        "Tiếp theo: mở tệp cấu hình, hoàn thiện các dòng có ĐIỀN, rồi chạy chiso766 check.\n",
    );
    out
}

/// What was not guessed for one kind of file: the required columns missing, the columns not used,
/// the words not understood.
fn guess_lines(kind: RecordKind, guess: &Guess<'_>) -> String {
    let mut out = String::new();
    let not_found = |fields: &mut dyn Iterator<Item = &'static str>| -> String {
        (fields.filter(|f| !guess.columns.contains_key(f)))
            .map(|f| format!("{f} ({})", words::describe(kind, f)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let missing = not_found(&mut kind.required());
    if !missing.is_empty() {
        let _ = writeln!(
            out,
            "  ĐIỀN: chưa tìm thấy cột bắt buộc {missing} — ghi tiêu đề của nó ở mục [columns.{}]",
            kind.name()
        );
    }
    let absent = not_found(&mut kind.counts_rest_on());
    if !absent.is_empty() {
        let _ = writeln!(
            out,
            "  ĐIỀN nếu tệp có: chưa tìm thấy cột {absent} mà số liệu dựa vào — ghi tiêu đề ở mục \
             [columns.{}]",
            kind.name()
        );
    }
    let unused: Vec<String> = guess
        .unused
        .iter()
        .map(|h| format!("“{}”", printable(h)))
        .collect();
    if !unused.is_empty() {
        let _ = writeln!(out, "  cột không dùng đến: {}", unused.join(", "));
    }
    for (field, words) in &guess.words {
        let unknown: Vec<String> = (words.iter())
            .filter(|(_, v)| v.is_none())
            .map(|(w, _)| format!("“{}”", printable(w)))
            .collect();
        if !unknown.is_empty() {
            let _ = writeln!(
                out,
                "  ĐIỀN: chưa đoán được nghĩa của {} ở cột {} ({}) — điền ở mục [values.{}.{field}]",
                unknown.join(", "),
                field,
                words::describe(kind, field),
                kind.name()
            );
        }
    }
    out
}

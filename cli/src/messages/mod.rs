//! The library's errors and warnings in Vietnamese, written from their kinds
//! ([`chiso766::ErrorKind`], [`chiso766::error::Problem`], [`Notice`]), each naming the file, line,
//! column and value, and saying what to do.

mod fixes;
mod kinds;
mod problems;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chiso766::input::Notice;
use chiso766::printable::printable;
use chiso766::record::RecordKind;
use chiso766::report::format_count;
use chiso766::{Methodology, Warning};

/// What a message says: where, what is wrong, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The file and line, the unit and criterion (empty when nowhere in particular).
    pub place: String,
    /// What is wrong.
    pub what: String,
    /// What to do.
    pub fix: Option<String>,
}

impl Message {
    /// The message as a block of text: `place: what`, then `  Cách sửa: …`.
    pub fn text(&self) -> String {
        let mut out = if self.place.is_empty() {
            self.what.clone()
        } else {
            format!("{}: {}", self.place, self.what)
        };
        if let Some(fix) = &self.fix {
            let _ = write!(out, "\n  Cách sửa: {fix}");
        }
        out
    }
}

/// What the messages know of the run: the methodology (to name criteria by number and name) and
/// which file is which kind (to name the profile's sections in a fix).
#[derive(Default)]
pub struct Context {
    methodology: Option<Methodology>,
    kinds: BTreeMap<String, RecordKind>,
    /// The profile's path and its headers.
    profile: Option<(String, Headers)>,
    /// Dates are read day first.
    day_first: bool,
}

/// By kind and field, the header the profile names and the line naming it.
type Headers = BTreeMap<(RecordKind, String), (String, usize)>;

impl Context {
    /// No methodology yet, no files known.
    pub fn new() -> Context {
        Context::default()
    }

    /// Names criteria under `methodology`.
    pub fn with_methodology(mut self, methodology: &Methodology) -> Context {
        self.methodology = Some(methodology.clone());
        self
    }

    /// Dates are read day first (`05/10/2026`): messages show that form.
    pub fn day_first(&mut self, yes: bool) {
        self.day_first = yes;
    }

    /// The file named `source` in errors is of `kind`.
    pub fn file(&mut self, source: &str, kind: RecordKind) {
        self.kinds.insert(source.to_owned(), kind);
    }

    /// The profile read, so a fix can name its lines.
    pub fn profile(&mut self, profile: &crate::profile::Profile) {
        let lines = (profile.columns.iter())
            .flat_map(|(kind, columns)| {
                columns.iter().map(|m| {
                    (
                        (*kind, m.field.value.clone()),
                        (m.header.value.clone(), m.header.line),
                    )
                })
            })
            .collect();
        self.profile = Some((profile.shown(), lines));
    }

    /// A field as the office's file heads it, `“Ngày tiếp nhận”`, or its own name when the
    /// profile names no header for it.
    pub fn header_of(&self, kind: RecordKind, field: &str) -> String {
        let header =
            (self.profile.as_ref()).and_then(|(_, headers)| headers.get(&(kind, field.to_owned())));
        match header {
            Some((header, _)) => format!("cột “{}”", printable(header)),
            None => format!("cột {field}"),
        }
    }

    /// A criterion as officials name it: `2.1 Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn`, or its code.
    pub fn criterion(&self, code: &str) -> String {
        let fallback = Methodology::builtin(chiso766::methodology::DEFAULT).ok();
        let methodology = self.methodology.as_ref().or(fallback.as_ref());
        match methodology.and_then(|m| Some((m.criterion_number(code)?, m.criterion(code)?))) {
            Some((number, criterion)) => format!("{number} {}", criterion.name),
            None => printable(code).into_owned(),
        }
    }

    /// The error in Vietnamese.
    pub fn error(&self, error: &chiso766::Error) -> Message {
        let place = match error.location() {
            Some(location) => {
                let file = printable(&location.source).into_owned();
                match location.line {
                    Some(line) => format!("{file}, dòng {}", format_count(line)),
                    None => file,
                }
            }
            None => String::new(),
        };
        let kind = error
            .location()
            .and_then(|l| self.kinds.get(&l.source))
            .copied();
        let source = error.location().map(|l| l.source.as_str());
        let (what, fix) = self.kind(error.kind(), kind, source);
        let place = match (place.is_empty(), what.0.is_empty()) {
            (false, false) => format!("{place}, {}", what.0),
            (true, false) => what.0,
            (_, true) => place,
        };
        Message {
            place,
            what: what.1,
            fix,
        }
    }

    /// A warning in Vietnamese.
    pub fn warning(&self, warning: &Warning) -> Message {
        let file = printable(&warning.source).into_owned();
        let place = match warning.line {
            Some(line) => format!("{file}, dòng {}", format_count(line)),
            None => file,
        };
        let (what, fix) = match &warning.notice {
            Notice::UnknownColumn { column, similar } => (
                format!(
                    "cột “{}” không phải cột của tệp này nên bị bỏ qua; có phải ý là “{}”?",
                    printable(column),
                    printable(similar)
                ),
                Some(
                    "sửa tên cột trong tệp, hoặc khai báo cột ở mục [columns] của chiso766.toml"
                        .to_owned(),
                ),
            ),
            Notice::NoRecords => ("tệp không có dòng dữ liệu nào".to_owned(), None),
            Notice::NoColumn { field, instead } => no_column(field, instead.as_deref()),
            Notice::CountedAsWritten { field, problem } => (
                format!(
                    "cột {field}: {}; vẫn tính như đã ghi",
                    self.problem(problem)
                ),
                None,
            ),
            Notice::MoreCountedAsWritten { count } => (
                format!(
                    "thêm {} bản ghi có thời điểm mâu thuẫn, vẫn tính như đã ghi",
                    format_count(*count)
                ),
                None,
            ),
            other => (printable(&other.to_string()).into_owned(), None),
        };
        Message { place, what, fix }
    }
}

/// What a dossier file without a column the counts rest on means (`instead`: the field read in
/// its place), and what to do.
fn no_column(field: &str, instead: Option<&str>) -> (String, Option<String>) {
    let means = match (field, instead) {
        ("received_at", Some(_)) => {
            "hồ sơ được xếp vào kỳ theo ngày nộp (submitted_at) thay cho ngày tiếp nhận"
        }
        ("received_at", None) => {
            "tệp cũng không có cột ngày nộp (submitted_at), nên hồ sơ không xếp được vào kỳ nào và bị báo lỗi"
        }
        ("due_at", _) => "hồ sơ được đánh giá đúng hạn theo thời hạn giải quyết của thủ tục",
        ("finished_at", Some(_)) => {
            "hồ sơ được coi là giải quyết xong vào ngày trả kết quả (returned_at), nên hồ sơ \
             xong đúng hạn nhưng trả muộn bị tính là quá hạn"
        }
        ("finished_at", None) => "không hồ sơ nào được tính là đã giải quyết",
        ("channel", _) => {
            "mọi hồ sơ được tính là nộp trực tiếp, nên số hồ sơ trực tuyến và các tỷ lệ trực \
             tuyến bằng 0"
        }
        ("paid_online", _) => {
            "không hồ sơ nào được tính là thanh toán trực tuyến, nên tỷ lệ thanh toán trực tuyến \
             bằng 0"
        }
        ("result_file", _) => {
            "không hồ sơ nào được tính là có kết quả điện tử: tỷ lệ số hóa kết quả bằng 0, và hồ \
             sơ nộp trực tuyến của thủ tục phải trả kết quả bản giấy không được tính là trực tuyến"
        }
        _ => "tỷ lệ số hóa thành phần hồ sơ bằng 0",
    };
    (
        format!("tệp hồ sơ không có cột {field}: {means}"),
        Some(format!(
            "nếu tệp có cột này dưới tên khác, khai báo ở mục [columns.dossiers] của \
             chiso766.toml: {field} = \"Tên cột trong tệp\""
        )),
    )
}

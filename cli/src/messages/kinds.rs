//! The library's error kinds in Vietnamese: where each is, what is wrong, what to do.

use chiso766::error::{Mangled, Overflowed, Problem, SetupPart, Written};
use chiso766::printable::printable;
use chiso766::record::RecordKind;
use chiso766::report::format_count;
use chiso766::ErrorKind;

use super::Context;

/// Where, what is wrong, and what to do.
pub(super) type Said = ((String, String), Option<String>);

impl Context {
    /// The kind's place (`cột …`, `đơn vị …, tiêu chí …`), what is wrong, and the fix.
    pub(super) fn kind(
        &self,
        kind: &ErrorKind,
        file: Option<RecordKind>,
        source: Option<&str>,
    ) -> Said {
        if let Some((place, problem, field)) = self.with_problem(kind, file) {
            let fix = self.fix(problem, file, field, source);
            return ((place, self.problem(problem)), fix);
        }
        match kind {
            ErrorKind::Encoding { as_windows_1258 } => (
                (
                    String::new(),
                    format!(
                        "tệp không phải mã UTF-8 (đọc theo bảng mã Windows-1258 thì là \
                         “{as_windows_1258}”)"
                    ),
                ),
                Some(
                    "lưu lại tệp dạng UTF-8: trong Excel chọn Save As → “CSV UTF-8 (Comma \
                     delimited)”; tệp gõ bằng TCVN3 hay VNI phải chuyển sang Unicode trước (ví dụ \
                     bằng công cụ chuyển mã của Unikey)"
                        .to_owned(),
                ),
            ),
            ErrorKind::Io { path, source } => {
                ((printable(path).into_owned(), io_problem(source)), None)
            }
            other => self
                .about_units(other)
                .unwrap_or_else(|| self.about_scores(other)),
        }
    }

    /// The kinds that carry a [`Problem`]: where, the problem, and the field it is about.
    fn with_problem<'k>(
        &self,
        kind: &'k ErrorKind,
        file: Option<RecordKind>,
    ) -> Option<(String, &'k Problem, &'k str)> {
        Some(match kind {
            ErrorKind::InvalidRecord {
                field,
                column,
                problem,
            } => (self.column(field, column.as_deref(), file), problem, field),
            ErrorKind::Layout { problem } | ErrorKind::InvalidValue { problem } => {
                (String::new(), problem, "")
            }
            ErrorKind::InvalidPeriod { value, problem } => {
                (format!("kỳ “{}”", printable(value)), problem, "")
            }
            ErrorKind::InvalidField {
                unit: code,
                field,
                problem,
            } => (
                format!("{}, trường {}", unit_named(code), printable(field)),
                problem,
                field,
            ),
            ErrorKind::InvalidCount {
                unit: code,
                criterion,
                problem,
            } => (
                format!(
                    "{}, tiêu chí {}",
                    unit_named(code),
                    self.criterion(criterion)
                ),
                problem,
                "",
            ),
            ErrorKind::InvalidGroup {
                unit: code,
                group,
                problem,
            } => (
                format!("{}, nhóm {}", unit_named(code), printable(group)),
                problem,
                "",
            ),
            _ => return None,
        })
    }

    /// A record's column as the file heads it: a record refused by the counting names the
    /// field, and the profile names its column.
    fn column(&self, field: &str, column: Option<&str>, file: Option<RecordKind>) -> String {
        let header = column.map(str::to_owned).or_else(|| {
            let (_, headers) = self.profile.as_ref()?;
            headers
                .get(&(file?, field.to_owned()))
                .map(|(h, _)| h.clone())
        });
        match header {
            Some(column) => format!("cột “{}” ({field})", printable(&column)),
            None => format!("cột {field}"),
        }
    }

    /// The kinds about the unit list and the catalogue.
    fn about_units(&self, kind: &ErrorKind) -> Option<Said> {
        let said = |what: String, fix: &str| Some(((String::new(), what), Some(fix.to_owned())));
        match kind {
            ErrorKind::UnknownUnit { unit: code } => said(
                format!("không có {}", unit_named(code)),
                "kiểm tra mã đơn vị trong danh sách đơn vị",
            ),
            ErrorKind::DuplicateUnit { unit: code } => said(
                format!("mã {} có hai lần", unit_named(code)),
                "mỗi đơn vị chỉ ghi một dòng",
            ),
            ErrorKind::DuplicateProcedure { procedure, level } => said(
                format!(
                    "thủ tục {} có hai dòng cho cấp {level}",
                    printable(procedure)
                ),
                "mỗi thủ tục chỉ ghi một dòng cho mỗi cấp",
            ),
            ErrorKind::UnknownParent {
                unit: code,
                parent,
                meant,
            } => Some(unknown_parent(code, parent, meant)),
            ErrorKind::ParentCycle { units } => {
                let units: Vec<String> = units.iter().map(|u| printable(u).into_owned()).collect();
                said(
                    format!(
                        "các đơn vị là cấp trên của nhau thành vòng: {}",
                        units.join(" → ")
                    ),
                    "sửa mã cấp trên để các đơn vị không thành vòng",
                )
            }
            ErrorKind::ConflictingUnitField {
                unit: code,
                field,
                first,
                repeated,
            } => Some(conflicting_unit_field(
                code,
                field,
                (first.as_str(), repeated.as_str()),
            )),
            _ => None,
        }
    }

    /// The kinds about methodologies, counts and scores as a whole, and the rest.
    fn about_scores(&self, kind: &ErrorKind) -> Said {
        let plain = |what: String| ((String::new(), what), None);
        match kind {
            ErrorKind::UnknownMethodology { name, built_in } => (
                (
                    String::new(),
                    format!("không có phương pháp tính “{}”", printable(name)),
                ),
                Some(format!(
                    "dùng một phương pháp có sẵn ({}) hoặc đường dẫn tệp JSON của phương pháp",
                    built_in.join(", ")
                )),
            ),
            ErrorKind::MethodologyMismatch { expected, found } => plain(format!(
                "số liệu ghi phương pháp “{}” nhưng đang tính theo “{}”",
                printable(found),
                printable(expected)
            )),
            ErrorKind::InvalidMethodology {
                methodology,
                place,
                problem,
            } => plain(format!(
                "phương pháp tính {} không hợp lệ ở {}: {}",
                printable(methodology),
                printable(place),
                printable(problem)
            )),
            ErrorKind::UnknownCriterion {
                unit: code,
                criterion,
                methodology,
            } => (
                (
                    unit_named(code),
                    format!(
                        "tiêu chí {} không có trong phương pháp {}",
                        printable(criterion),
                        printable(methodology)
                    ),
                ),
                Some("sửa mã tiêu chí theo danh sách của phương pháp tính".to_owned()),
            ),
            ErrorKind::UnknownGroup { group, methodology } => plain(format!(
                "phương pháp {} không có nhóm {}",
                printable(methodology),
                printable(group)
            )),
            ErrorKind::PortalResponse { endpoint, problem } => plain(format!(
                "phản hồi của Cổng DVCQG ({}) không đọc được: {}",
                printable(endpoint),
                printable(problem)
            )),
            ErrorKind::Syntax { problem } => {
                plain(format!("không xử lý được dữ liệu: {}", printable(problem)))
            }
            other => self.about_files(other),
        }
    }

    /// The kinds about files and responses that are not there or not what they should be.
    fn about_files(&self, kind: &ErrorKind) -> Said {
        match kind {
            ErrorKind::NoResponseOfSet { dir, set } => no_response_of_set(dir, set),
            ErrorKind::ResponseMissing { path, set } => (
                (
                    printable(path).into_owned(),
                    format!(
                        "thiếu phản hồi của bộ {} trong thư mục Cổng",
                        printable(set)
                    ),
                ),
                Some(
                    "tải lại phản hồi còn thiếu; hoặc ghi --partial để chỉ so sánh các phản hồi \
                     đang có"
                        .to_owned(),
                ),
            ),
            ErrorKind::PortalRefused { code } => (
                (
                    String::new(),
                    format!(
                        "Cổng DVCQG trả lời “{}”, không phải OK: phản hồi này không có số liệu",
                        printable(code)
                    ),
                ),
                Some("tải lại phản hồi khi Cổng trả lời OK".to_owned()),
            ),
            ErrorKind::NotAFile { path } => (
                (
                    printable(path).into_owned(),
                    "không phải tệp thường (là thư mục, thiết bị hoặc ống dẫn) nên không đọc"
                        .to_owned(),
                ),
                Some("ghi đường dẫn tới đúng tệp dữ liệu".to_owned()),
            ),
            ErrorKind::FileTooLarge { path, limit } => (
                (
                    printable(path).into_owned(),
                    format!("tệp lớn hơn {} byte", format_count(*limit)),
                ),
                Some(
                    "kiểm tra lại tệp: tệp số liệu, phương pháp và phản hồi của Cổng không lớn \
                     như vậy"
                        .to_owned(),
                ),
            ),
            other => self.about_counts(other),
        }
    }

    /// The kinds about counts that cannot be scored, and the rest.
    fn about_counts(&self, kind: &ErrorKind) -> Said {
        let plain = |what: String| ((String::new(), what), None);
        match kind {
            ErrorKind::NumeratorExceedsDenominator {
                unit: code,
                criterion,
                num,
                den,
            } => (
                (
                    format!(
                        "{}, tiêu chí {}",
                        unit_named(code),
                        self.criterion(criterion)
                    ),
                    format!(
                        "tử số {} lớn hơn mẫu số {}",
                        format_count(*num),
                        format_count(*den)
                    ),
                ),
                Some(
                    "sửa số liệu; hoặc chạy với --lenient để tính tỷ lệ tối đa 100% (có ghi lưu ý)"
                        .to_owned(),
                ),
            ),
            ErrorKind::ZeroDenominator {
                unit: code,
                criterion,
            } => (
                (
                    format!(
                        "{}, tiêu chí {}",
                        unit_named(code),
                        self.criterion(criterion)
                    ),
                    "mẫu số bằng 0, phương pháp tính này coi là lỗi".to_owned(),
                ),
                None,
            ),
            ErrorKind::Overflow { unit: code, place } => plain(format!(
                "{}, {}: số quá lớn để tính",
                unit_named(code),
                printable(place)
            )),
            other => about_setup(other),
        }
    }
}

/// Unit `code`, as a place: “đơn vị 01”.
fn unit_named(code: &str) -> String {
    format!("đơn vị {}", printable(code))
}

/// A unit whose `parent` is not in the list, perhaps a code a spreadsheet changed (`meant`).
fn unknown_parent(code: &str, parent: &str, meant: &Option<Mangled>) -> Said {
    (
        (
            String::new(),
            format!(
                "{}: đơn vị cấp trên {} không có trong danh sách đơn vị{}",
                unit_named(code),
                printable(parent),
                super::problems::mangled(meant, "danh sách đơn vị")
            ),
        ),
        Some(
            match meant {
                Some(_) => {
                    "định dạng cột mã là Văn bản (Text) trong Excel rồi lưu lại, hoặc sửa mã \
                     cấp trên cho đúng"
                }
                None => "thêm đơn vị cấp trên vào danh sách, hoặc sửa mã cấp trên",
            }
            .to_owned(),
        ),
    )
}

/// A unit's `field` written `first`, then otherwise (`repeated`) on another line or file.
fn conflicting_unit_field(code: &str, field: &str, (first, repeated): (&str, &str)) -> Said {
    (
        (
            format!("{}, trường {}", unit_named(code), printable(field)),
            format!(
                "“{}” khác với “{}” đã ghi trước đó",
                printable(repeated),
                printable(first)
            ),
        ),
        Some("ghi thông tin của một đơn vị giống nhau ở mọi dòng và mọi tệp".to_owned()),
    )
}

/// No response of portal set `set` in folder `dir`.
fn no_response_of_set(dir: &str, set: &str) -> Said {
    (
        (
            printable(dir).into_owned(),
            format!("không có phản hồi nào của bộ {}", printable(set)),
        ),
        Some(format!(
            "kiểm tra thư mục và tên bộ (month-all, quarter-all, year-all, \
             month-formality…): mỗi phản hồi nằm ở THƯ_MỤC/transparency/{}.json, \
             THƯ_MỤC/dvc-progress-tree/{}.json…",
            printable(set),
            printable(set)
        )),
    )
}

/// The kinds about how the library was used or failed itself: parts of another setup, counts
/// beyond range, periods not counted, working time, files not written, internal faults.
fn about_setup(kind: &ErrorKind) -> Said {
    let plain = |what: String| ((String::new(), what), None);
    match kind {
        ErrorKind::SetupMismatch { part } => (
            (String::new(), setup_part(*part).to_owned()),
            Some(
                "đếm lại toàn bộ hồ sơ bằng cùng một lần thiết lập (cùng đơn vị, thủ tục và kỳ)"
                    .to_owned(),
            ),
        ),
        ErrorKind::CountOverflow { what } => plain(format!("{} vượt giới hạn", overflowed(*what))),
        ErrorKind::PeriodNotCounted { period, counted } => (
            (
                format!("kỳ {}", printable(period)),
                format!(
                    "kỳ này chưa được đếm (đã đếm: {})",
                    printable(&counted.join(", "))
                ),
            ),
            Some("thêm kỳ này vào --period khi đếm".to_owned()),
        ),
        ErrorKind::PeriodCount { given, most } => (
            (
                String::new(),
                format!("mỗi lần đếm được từ 1 đến {most} kỳ, không phải {given}"),
            ),
            Some(format!(
                "chia thành nhiều lần đếm, mỗi lần không quá {most} kỳ"
            )),
        ),
        ErrorKind::Calendar { problem } => plain(format!("lịch làm việc: {}", printable(problem))),
        ErrorKind::Write { what, problem } => (
            (
                String::new(),
                format!("không ghi được {}: {}", written(*what), printable(problem)),
            ),
            Some("kiểm tra thư mục ghi ra còn chỗ trống và có quyền ghi".to_owned()),
        ),
        ErrorKind::Internal { problem } => (
            (
                String::new(),
                format!("lỗi bên trong chương trình (chi tiết cho nhóm phát triển: {problem})"),
            ),
            Some(
                "chạy lại lệnh; nếu vẫn lỗi, gửi lệnh đã chạy và các tệp dữ liệu cho nhóm phát \
                 triển chiso766"
                    .to_owned(),
            ),
        ),
        other => plain(printable(&other.to_string()).into_owned()),
    }
}

/// What of a count came from another setup, in Vietnamese.
fn setup_part(part: SetupPart) -> &'static str {
    match part {
        SetupPart::Tally => {
            "số liệu đếm (tally) thuộc một lần thiết lập khác (đơn vị, thủ tục hoặc kỳ khác)"
        }
        SetupPart::ForeignTally => "đang thêm hồ sơ vào số liệu đếm của một lần thiết lập khác",
        SetupPart::MixedTally => "số liệu đếm trộn hồ sơ của nhiều lần thiết lập khác nhau",
        SetupPart::Sums | SetupPart::Records => {
            "số liệu cộng dồn thuộc một lần thiết lập khác (đơn vị, thủ tục hoặc kỳ khác)"
        }
        SetupPart::Statistics => "không gộp được thống kê của đơn vị, kỳ hoặc danh mục khác",
        SetupPart::NoStatistics => "lần đếm này không được thiết lập để thống kê tình hình xử lý",
        SetupPart::Tables | SetupPart::Points => {
            "bảng số liệu hoặc bảng điểm thuộc một bố cục khác"
        }
        _ => "số liệu thuộc một lần thiết lập khác",
    }
}

/// What was counted past its range, in Vietnamese.
fn overflowed(what: Overflowed) -> &'static str {
    match what {
        Overflowed::Sums => "số đếm cộng dồn (tối đa 2⁶⁴ trường hợp)",
        Overflowed::LiveCount => "số đếm trực tiếp (vượt 2⁶⁴ hoặc nhỏ hơn 0)",
        Overflowed::DossierTable => "bảng hồ sơ (tối đa 2³² hồ sơ, đơn vị và thủ tục)",
        _ => "số đếm",
    }
}

/// A file the library writes, in Vietnamese.
fn written(what: Written) -> &'static str {
    match what {
        Written::Csv => "tệp CSV",
        Written::Word => "văn bản Word",
        Written::Workbook => "sổ tính Excel",
        Written::Counts => "tệp số liệu CSV",
        Written::Template => "mẫu số liệu cần điền",
        _ => "tệp",
    }
}

/// The operating system's error in Vietnamese.
fn io_problem(source: &std::io::Error) -> String {
    use std::io::ErrorKind as Io;
    match source.kind() {
        Io::NotFound => "không tìm thấy tệp hoặc thư mục".to_owned(),
        Io::PermissionDenied => "không có quyền đọc hoặc ghi".to_owned(),
        Io::IsADirectory => "đây là thư mục, không phải tệp".to_owned(),
        Io::NotADirectory => "một phần của đường dẫn không phải thư mục".to_owned(),
        Io::AlreadyExists => "tệp đã có".to_owned(),
        Io::InvalidData => "tệp không đọc được (dữ liệu không hợp lệ)".to_owned(),
        _ => format!("lỗi hệ thống khi đọc hoặc ghi ({source})"),
    }
}

//! The library's errors and warnings in Vietnamese, written from their kinds ([`ErrorKind`],
//! [`Problem`], [`Notice`]), each naming the file, line, column and value, and saying what to do.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chiso766::error::{CountPart, DateHint, Mangled, Mangling, NumberHint, Problem};
use chiso766::input::{printable, Notice};
use chiso766::record::RecordKind;
use chiso766::report::format_count;
use chiso766::{ErrorKind, Methodology, Warning};

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

    /// The kind's place (`cột …`, `đơn vị …, tiêu chí …`), what is wrong, and the fix.
    fn kind(
        &self,
        kind: &ErrorKind,
        file: Option<RecordKind>,
        source: Option<&str>,
    ) -> ((String, String), Option<String>) {
        let unit = |u: &str| format!("đơn vị {}", printable(u));
        match kind {
            ErrorKind::InvalidRecord {
                field,
                column,
                problem,
            } => {
                // A record refused by the counting names the field; the profile names its column.
                let header = column.clone().or_else(|| {
                    let (_, headers) = self.profile.as_ref()?;
                    headers.get(&(file?, field.clone())).map(|(h, _)| h.clone())
                });
                let place = match header {
                    Some(column) => format!("cột “{}” ({field})", printable(&column)),
                    None => format!("cột {field}"),
                };
                let what = self.problem(problem);
                ((place, what), self.fix(problem, file, field, source))
            }
            ErrorKind::Layout { problem } | ErrorKind::InvalidValue { problem } => (
                (String::new(), self.problem(problem)),
                self.fix(problem, file, "", source),
            ),
            ErrorKind::InvalidPeriod { value, problem } => (
                (
                    format!("kỳ “{}”", printable(value)),
                    self.problem(problem),
                ),
                self.fix(problem, file, "", source),
            ),
            ErrorKind::InvalidField {
                unit: code,
                field,
                problem,
            } => (
                (
                    format!("{}, trường {}", unit(code), printable(field)),
                    self.problem(problem),
                ),
                self.fix(problem, file, field, source),
            ),
            ErrorKind::InvalidCount {
                unit: code,
                criterion,
                problem,
            } => (
                (
                    format!("{}, tiêu chí {}", unit(code), self.criterion(criterion)),
                    self.problem(problem),
                ),
                self.fix(problem, file, "", source),
            ),
            ErrorKind::InvalidGroup {
                unit: code,
                group,
                problem,
            } => (
                (
                    format!("{}, nhóm {}", unit(code), printable(group)),
                    self.problem(problem),
                ),
                self.fix(problem, file, "", source),
            ),
            ErrorKind::Encoding { as_windows_1258 } => (
                (
                    String::new(),
                    format!(
                        "tệp không phải mã UTF-8 (đọc theo bảng mã Windows-1258 thì là “{as_windows_1258}”)"
                    ),
                ),
                Some(
                    "lưu lại tệp dạng UTF-8: trong Excel chọn Save As → “CSV UTF-8 (Comma \
                     delimited)”; tệp gõ bằng TCVN3 hay VNI phải chuyển sang Unicode trước (ví dụ \
                     bằng công cụ chuyển mã của Unikey)"
                        .to_owned(),
                ),
            ),
            ErrorKind::Io { path, source } => (
                (printable(path).into_owned(), io_problem(source)),
                None,
            ),
            other => self.other_kind(other),
        }
    }

    /// The kinds about units, criteria and methodologies as a whole.
    fn other_kind(&self, kind: &ErrorKind) -> ((String, String), Option<String>) {
        let unit = |u: &str| format!("đơn vị {}", printable(u));
        let plain = |what: String| ((String::new(), what), None);
        match kind {
            ErrorKind::UnknownMethodology { name } => (
                (
                    String::new(),
                    format!("không có phương pháp tính “{}”", printable(name)),
                ),
                Some(format!(
                    "dùng một phương pháp có sẵn ({}) hoặc đường dẫn tệp JSON của phương pháp",
                    chiso766::methodology::BUILT_IN.join(", ")
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
                    unit(code),
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
            ErrorKind::NumeratorExceedsDenominator {
                unit: code,
                criterion,
                num,
                den,
            } => (
                (
                    format!("{}, tiêu chí {}", unit(code), self.criterion(criterion)),
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
                    format!("{}, tiêu chí {}", unit(code), self.criterion(criterion)),
                    "mẫu số bằng 0, phương pháp tính này coi là lỗi".to_owned(),
                ),
                None,
            ),
            ErrorKind::Overflow { unit: code, place } => plain(format!(
                "{}, {}: số quá lớn để tính",
                unit(code),
                printable(place)
            )),
            ErrorKind::UnknownUnit { unit: code } => (
                (String::new(), format!("không có {}", unit(code))),
                Some("kiểm tra mã đơn vị trong danh sách đơn vị".to_owned()),
            ),
            ErrorKind::DuplicateUnit { unit: code } => (
                (String::new(), format!("mã {} có hai lần", unit(code))),
                Some("mỗi đơn vị chỉ ghi một dòng".to_owned()),
            ),
            ErrorKind::DuplicateProcedure { procedure, level } => (
                (
                    String::new(),
                    format!(
                        "thủ tục {} có hai dòng cho cấp {}",
                        printable(procedure),
                        level
                    ),
                ),
                Some("mỗi thủ tục chỉ ghi một dòng cho mỗi cấp".to_owned()),
            ),
            ErrorKind::UnknownParent { unit: code, parent } => (
                (
                    unit(code),
                    format!(
                        "đơn vị cấp trên {} không có trong danh sách đơn vị",
                        printable(parent)
                    ),
                ),
                Some("thêm đơn vị cấp trên vào danh sách, hoặc sửa mã cấp trên".to_owned()),
            ),
            ErrorKind::ParentCycle { units } => plain(format!(
                "các đơn vị là cấp trên của nhau thành vòng: {}",
                units
                    .iter()
                    .map(|u| printable(u).into_owned())
                    .collect::<Vec<_>>()
                    .join(" → ")
            )),
            ErrorKind::ConflictingUnitField {
                unit: code,
                field,
                first,
                repeated,
            } => (
                (
                    format!("{}, trường {}", unit(code), printable(field)),
                    format!(
                        "“{}” khác với “{}” đã ghi trước đó",
                        printable(repeated),
                        printable(first)
                    ),
                ),
                Some("ghi thông tin của một đơn vị giống nhau ở mọi dòng và mọi tệp".to_owned()),
            ),
            ErrorKind::PortalResponse { endpoint, problem } => plain(format!(
                "phản hồi của Cổng DVCQG ({}) không đọc được: {}",
                printable(endpoint),
                printable(problem)
            )),
            ErrorKind::Syntax { problem } => {
                plain(format!("không xử lý được dữ liệu: {}", printable(problem)))
            }
            other => plain(printable(&other.to_string()).into_owned()),
        }
    }

    /// What is wrong, in Vietnamese.
    pub fn problem(&self, problem: &Problem) -> String {
        let v = |value: &str| format!("“{}”", printable(value));
        match problem {
            Problem::Missing => "để trống".to_owned(),
            Problem::MissingWhile { given } => format!("để trống trong khi {given} có giá trị"),
            Problem::MissingWithFallback { fallback } => format!(
                "để trống, và {fallback} cũng để trống: không biết hồ sơ thuộc kỳ nào"
            ),
            Problem::NotWholeNumber { value, hint } => {
                format!("{} {}", v(value), number_hint(hint))
            }
            Problem::NotDate { value, hint } => match hint {
                DateHint::NoSuchDay => format!("{} không phải một ngày có thật", v(value)),
                hint => format!(
                    "{} không phải ngày dạng năm-tháng-ngày (YYYY-MM-DD){}",
                    v(value),
                    date_hint(hint)
                ),
            },
            Problem::NotTime { value, hint } => format!(
                "{} không phải thời điểm dạng YYYY-MM-DD HH:MM[:SS], YYYY-MM-DD hoặc RFC 3339 \
                 (năm 1970–2199){}",
                v(value),
                date_hint(hint)
            ),
            Problem::NotFlag { value, words } => {
                let mut text = format!("{} không phải 0, 1, true hay false", v(value));
                if !words.is_empty() {
                    let _ = write!(text, ", cũng không phải các từ cấu hình chấp nhận ({})", quoted_list(words));
                }
                text
            }
            Problem::NotOneOf { value, accepted } => format!(
                "{} không phải giá trị được chấp nhận; các giá trị được chấp nhận: {}",
                v(value),
                quoted_list(accepted)
            ),
            Problem::ControlCharacter { value, character } => format!(
                "{} chứa ký tự điều khiển (U+{:04X}); mã phải nằm trên một dòng",
                v(value),
                u32::from(*character)
            ),
            Problem::NotText { found } => format!(
                "cần văn bản nhưng gặp {}",
                if found.contains("array") { "một mảng JSON" } else { "một đối tượng JSON" }
            ),
            Problem::OutsideYears { date } => {
                format!("ngày {} nằm ngoài các năm 1970–2199", date_vi(*date))
            }
            Problem::EmptyCode => "mã để trống".to_owned(),
            Problem::Before {
                moment,
                earlier_field,
                earlier,
                record,
                id,
            } => format!(
                "{moment} sớm hơn {earlier_field} {earlier} ({} {})",
                if *record == "petition" { "PAKN" } else { "hồ sơ" },
                printable(id)
            ),
            Problem::SupplementCountZero { id } => format!(
                "bằng 0 trong khi có ngày yêu cầu bổ sung (supplement_requested_at) (hồ sơ {})",
                printable(id)
            ),
            Problem::UnknownUnitCode { code, meant } => format!(
                "đơn vị {} không có trong danh sách đơn vị{}",
                v(code),
                mangled(meant)
            ),
            Problem::UnknownProcedure { code, meant } => format!(
                "thủ tục {} không có trong danh mục thủ tục{}",
                v(code),
                mangled(meant)
            ),
            Problem::NoTierFits { code } => format!(
                "thủ tục {} có trong danh mục ở các cấp khác nhưng không có ở cấp của đơn vị",
                v(code)
            ),
            Problem::NotInEffect {
                code,
                day,
                from,
                to,
            } => {
                let show = |d: &Option<chiso766::Date>| d.map_or_else(|| "…".to_owned(), date_vi);
                format!(
                    "đơn vị {} không tồn tại vào ngày {} (tồn tại từ {} đến {})",
                    v(code),
                    date_vi(*day),
                    show(from),
                    show(to)
                )
            }
            Problem::MaxTimeBeyondCalendar {
                procedure,
                time,
                unit,
                start,
            } => format!(
                "thủ tục {}: thời hạn {time} {} tính từ {start} vượt quá các năm có lịch làm việc (đến 2199)",
                v(procedure),
                match *unit {
                    "working_days" => "ngày làm việc",
                    "hours" => "giờ làm việc",
                    _ => "ngày",
                }
            ),
            Problem::DeadlineBeyondCalendar => {
                "hạn xử lý, sau khi cộng thời gian chờ bổ sung, vượt quá các năm có lịch làm việc"
                    .to_owned()
            }
            Problem::EndsBeforeBegins => {
                "đơn vị kết thúc trước khi bắt đầu (valid_to sớm hơn valid_from)".to_owned()
            }
            other => self.count_problem(other),
        }
    }

    /// What is wrong with a count, a group, a period, a file's layout or a plan.
    fn count_problem(&self, problem: &Problem) -> String {
        let v = |value: &str| format!("“{}”", printable(value));
        match problem {
            Problem::GivenTwice => "tiêu chí được ghi hai lần".to_owned(),
            Problem::Part { part, problem } => {
                format!("{} {}", part_vi(*part), self.problem(problem))
            }
            Problem::NotNumber { found } => format!("phải là số, gặp {}", printable(found)),
            Problem::NotCountObject { found } => format!(
                "cần {{\"num\": …, \"den\": …}} hoặc {{\"not_applicable\": true}}, gặp {}",
                printable(found)
            ),
            Problem::UnexpectedKey { key } => format!("khóa {} không được dùng ở đây", v(key)),
            Problem::NotApplicableWithCounts => {
                "not_applicable không ghi cùng num và den".to_owned()
            }
            Problem::NotApplicableValue { value } => format!(
                "not_applicable phải là 0, 1, true hoặc false, gặp {}",
                v(value)
            ),
            Problem::EmptyCriterion => "cột criterion để trống".to_owned(),
            Problem::PointsAndCounts => {
                "một dòng ghi điểm (của nhóm) hoặc num và den (của tiêu chí), không ghi cả hai"
                    .to_owned()
            }
            Problem::CountedFromRecords | Problem::ChangeRecordsInstead => {
                "tiêu chí này được đếm từ dữ liệu hồ sơ".to_owned()
            }
            Problem::NotInEveryPeriod => "đơn vị không có trong số liệu của mọi kỳ".to_owned(),
            Problem::GroupGivenTwice => "nhóm được ghi hai lần".to_owned(),
            Problem::PointsNotNumber { value } => format!("điểm {} không phải số", v(value)),
            Problem::PointsNegative { value } => format!("điểm {} là số âm", v(value)),
            Problem::GroupWithRecords => {
                "không dùng điểm nhóm cùng dữ liệu hồ sơ (điểm nhóm sẽ thay các tiêu chí)"
                    .to_owned()
            }
            Problem::NotAGroup { methodology } => {
                format!("không phải nhóm của phương pháp {}", printable(methodology))
            }
            Problem::GroupFromCriteria => {
                "nhóm này được tính từ các tiêu chí, không ghi điểm nhóm".to_owned()
            }
            Problem::PointsAboveMax { points, max } => {
                format!("điểm {points} vượt điểm tối đa {max} của nhóm")
            }
            Problem::PointsTooPrecise { points, places } => {
                format!("điểm {points} có nhiều hơn {places} chữ số thập phân")
            }
            Problem::PeriodForm => "không phải kỳ dạng năm (2026), quý (2026-Q3), tháng (2026-05) \
                                    hay khoảng ngày (2026-04-21..2026-05-20)"
                .to_owned(),
            Problem::YearOutside => "năm phải từ 1970 đến 2199".to_owned(),
            Problem::QuarterOutside => "quý phải từ Q1 đến Q4".to_owned(),
            Problem::MonthOutside => "tháng phải từ 01 đến 12".to_owned(),
            Problem::RangeBackwards => "khoảng ngày kết thúc trước khi bắt đầu".to_owned(),
            Problem::CountsTwice => "có hai tệp số liệu bổ sung cho cùng một kỳ".to_owned(),
            Problem::OtherPeriod { named, counted } => format!(
                "tệp số liệu là của kỳ {} nhưng đang tính kỳ {}",
                printable(named),
                printable(counted)
            ),
            other => self.layout_problem(other),
        }
    }

    /// What is wrong with a file's layout, or with a plan.
    fn layout_problem(&self, problem: &Problem) -> String {
        let v = |value: &str| format!("“{}”", printable(value));
        match problem {
            Problem::EmptyFile => "tệp rỗng".to_owned(),
            Problem::BinaryFile => {
                "tệp chứa byte NUL nên không phải văn bản (tệp nhị phân, hay UTF-16 lưu không có \
                 BOM)"
                    .to_owned()
            }
            Problem::LineTooLong { limit } => {
                format!("dòng dài hơn {} byte", format_count(*limit as u64))
            }
            Problem::RecordTooLong { limit } => format!(
                "một bản ghi dài hơn {} byte bắt đầu ở dòng này (dấu ngoặc kép chưa đóng?)",
                format_count(*limit as u64)
            ),
            Problem::NoHeader => "tệp không có dòng tiêu đề".to_owned(),
            Problem::ColumnTwice { column } => {
                format!("cột {} có hai lần trong dòng tiêu đề", v(column))
            }
            Problem::UnnamedColumns => "dòng tiêu đề có nhiều hơn một cột không tên".to_owned(),
            Problem::MissingColumn {
                field,
                header,
                similar,
                one_column,
            } => {
                let mut text = match header {
                    Some(header) => format!(
                        "không có cột {} (cột {field}, theo chiso766.toml)",
                        v(header)
                    ),
                    None => format!("không có cột {}", v(field)),
                };
                if let Some(similar) = similar {
                    let _ = write!(text, "; có phải ý là cột {}?", v(similar));
                }
                if *one_column {
                    text.push_str("; dòng tiêu đề chỉ có một cột: dấu phân cách có đúng không?");
                }
                text
            }
            Problem::RowWidth { found, expected } => {
                format!("dòng có {found} ô nhưng dòng tiêu đề có {expected} cột")
            }
            Problem::UnknownColumn {
                column,
                similar,
                expected,
            } => match similar {
                Some(similar) => format!(
                    "cột {} không phải cột của tệp số liệu; có phải ý là {}?",
                    v(column),
                    similar
                ),
                None => format!(
                    "cột {} không phải cột của tệp số liệu (các cột: {})",
                    v(column),
                    expected.join(", ")
                ),
            },
            Problem::ColumnsTogether => "hai cột num và den phải đi cùng nhau".to_owned(),
            Problem::NoCountColumns => "không có cột num, den hay points".to_owned(),
            Problem::Json { detail } => format!(
                "không đọc được JSON (bộ đọc JSON báo: {})",
                printable(detail)
            ),
            other => self.plan_problem(other),
        }
    }

    /// What is wrong with a plan's or a scenario's request.
    fn plan_problem(&self, problem: &Problem) -> String {
        match problem {
            Problem::Incomplete => "đơn vị chưa đủ số liệu nên chưa có tổng điểm để xếp hạng".to_owned(),
            Problem::AboveItself => "một đơn vị không thể xếp trên chính nó".to_owned(),
            Problem::OtherPeers { rival } => format!(
                "{} không được xếp hạng cùng nhóm đơn vị",
                printable(rival)
            ),
            Problem::RankZero => "thứ hạng bắt đầu từ 1".to_owned(),
            Problem::NotGroupOrTotal { methodology } => format!(
                "không phải nhóm của phương pháp {}, cũng không phải total",
                printable(methodology)
            ),
            Problem::MissingCriteria { criteria } => format!(
                "chưa lập được kế hoạch vì thiếu số liệu: {}",
                criteria
                    .iter()
                    .map(|c| self.criterion(c))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            Problem::NotApplicable => {
                "tiêu chí không áp dụng cho đơn vị này nên không lập kế hoạch được".to_owned()
            }
            Problem::FactorMissing => {
                "thiếu số liệu của tiêu chí nhân với tỷ lệ này (đồng bộ hồ sơ)".to_owned()
            }
            Problem::CountMissing => "thiếu số liệu của tiêu chí này".to_owned(),
            Problem::ChangeForm => "mỗi thay đổi ghi đúng một trong: num/den, add_num/add_den, \
                                    rate hoặc rate_at_least"
                .to_owned(),
            Problem::NotPercentage { rate } => {
                format!("tỷ lệ {rate} không phải phần trăm (0 đến 100)")
            }
            Problem::RateTooLarge { rate, den } => {
                format!("tỷ lệ {rate} của mẫu số {den} quá lớn")
            }
            Problem::CountOutOfRange { part } => {
                format!("{} vượt ngoài phạm vi số đếm được", part_vi(*part))
            }
            Problem::NumeratorAbove { num, den } => format!(
                "tử số {} sẽ lớn hơn mẫu số {}",
                format_count(*num),
                format_count(*den)
            ),
            Problem::NotACriterion {
                criterion,
                methodology,
            } => format!(
                "{} không phải tiêu chí của phương pháp {}",
                printable(criterion),
                printable(methodology)
            ),
            Problem::UnitOrLevel => "ghi một đơn vị hoặc một cấp, không ghi cả hai".to_owned(),
            Problem::NoOwnCount { criterion } => format!(
                "không có số liệu riêng của tiêu chí {} (số liệu cộng dồn thì thay đổi ở đơn vị cấp dưới)",
                self.criterion(criterion)
            ),
            Problem::NothingToChange => "không có đơn vị nào có số liệu riêng để thay đổi".to_owned(),
            other => printable(&other.to_string()).into_owned(),
        }
    }

    /// How to fix it, when there is more to say than what is wrong.
    fn fix(
        &self,
        problem: &Problem,
        file: Option<RecordKind>,
        field: &str,
        source: Option<&str>,
    ) -> Option<String> {
        let section = |what: &str| match file {
            Some(kind) => format!("[{what}.{}]", kind.name()),
            None => format!("[{what}.TÊN_TỆP]"),
        };
        Some(match problem {
            Problem::NotOneOf { value, .. } => {
                let guessed = file.and_then(|kind| crate::words::value_of(kind, field, value));
                let values: Vec<String> = (file.and_then(|kind| kind.values(field)))
                    .unwrap_or(&[])
                    .iter()
                    .map(|v| match crate::words::meaning(field, v) {
                        Some(meaning) => format!("{} ({meaning})", value_literal(v)),
                        None => value_literal(v),
                    })
                    .collect();
                format!(
                    "ghi một trong các giá trị được chấp nhận, hoặc khai báo từ này ở mục \
                     {}.{field}] của chiso766.toml với giá trị nó chỉ{}: \"{}\" = {}",
                    section("values").trim_end_matches(']'),
                    if values.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", values.join(", "))
                    },
                    printable(value),
                    guessed.map_or_else(|| "GIÁ_TRỊ".to_owned(), value_literal)
                )
            }
            Problem::NotFlag { value, .. } => format!(
                "ghi 0 hoặc 1, hoặc khai báo từ này ở mục {}.{field}] của chiso766.toml, ví dụ \
                 “{}” = 1",
                section("values").trim_end_matches(']'),
                printable(value)
            ),
            Problem::NotDate {
                hint: DateHint::DayFirst { .. },
                ..
            }
            | Problem::NotTime {
                hint: DateHint::DayFirst { .. },
                ..
            } => "đặt day_first = true ở mục [read] của chiso766.toml (hoặc chạy với --day-first)"
                .to_owned(),
            Problem::NotDate {
                hint: DateHint::SerialNumber { .. },
                ..
            }
            | Problem::NotTime {
                hint: DateHint::SerialNumber { .. },
                ..
            } => "trong Excel định dạng cột ngày là Text (Văn bản) hoặc dạng yyyy-mm-dd hh:mm rồi \
                 xuất lại tệp"
                .to_owned(),
            Problem::UnknownProcedure { meant: Some(_), .. }
            | Problem::UnknownUnitCode { meant: Some(_), .. } => {
                "trong Excel định dạng cột mã là Text (Văn bản) trước khi nhập hay xuất tệp, để \
                 Excel không đổi mã thành số"
                    .to_owned()
            }
            Problem::UnknownProcedure { meant: None, .. } => {
                "thêm thủ tục vào danh mục thủ tục, hoặc sửa mã thủ tục của hồ sơ".to_owned()
            }
            Problem::UnknownUnitCode { meant: None, .. } => {
                "thêm đơn vị vào danh sách đơn vị, hoặc sửa mã đơn vị".to_owned()
            }
            Problem::Before { .. } | Problem::SupplementCountZero { .. } => {
                "sửa thời điểm trong tệp; hoặc đặt lenient_timelines = true ở mục [read] của \
                 chiso766.toml (hay --lenient-timelines) để vẫn tính, mỗi hồ sơ ghi một cảnh báo"
                    .to_owned()
            }
            Problem::MissingColumn {
                header: Some(_),
                field: missing,
                ..
            } => {
                let line = (self.profile.as_ref()).and_then(|(path, lines)| {
                    let (_, line) = lines.get(&(file?, missing.clone()))?;
                    Some(format!(" ({path}, dòng {line})")).filter(|_| !path.is_empty())
                });
                format!(
                    "sửa tiêu đề của {missing} ở mục {}{} cho đúng tiêu đề trong tệp",
                    section("columns"),
                    line.unwrap_or_else(|| " của chiso766.toml".to_owned())
                )
            }
            Problem::MissingColumn {
                header: None,
                field,
                ..
            } => {
                let usual =
                    (file.zip(source)).and_then(|(kind, path)| usual_header(kind, field, path));
                match usual {
                    Some(header) => format!(
                        "cột “{}” trong tệp thường chứa {}: khai báo ở mục {} của chiso766.toml \
                         dòng {field} = \"{}\" (lệnh chiso766 init lập sẵn các dòng này)",
                        printable(&header),
                        crate::words::describe(file.unwrap_or(RecordKind::Dossiers), field),
                        section("columns"),
                        header.replace('"', "\\\"")
                    ),
                    None => format!(
                        "thêm cột {field}, hoặc khai báo tiêu đề của nó ở mục {} của \
                         chiso766.toml, ví dụ {field} = \"Tên cột trong tệp\"",
                        section("columns")
                    ),
                }
            }
            Problem::RowWidth { .. } => {
                "một ô có dấu phân cách (, hoặc ;) mà không nằm trong ngoặc kép, hoặc dòng bị \
                 cắt: mở tệp bằng Excel và lưu lại dạng “CSV UTF-8”"
                    .to_owned()
            }
            Problem::LineTooLong { .. } => {
                "kiểm tra tệp có đúng là tệp CSV; nếu dòng dài thật, đặt max_line_bytes lớn hơn ở \
                 mục [read] của chiso766.toml"
                    .to_owned()
            }
            Problem::BinaryFile => "lưu lại tệp dạng “CSV UTF-8” trong Excel".to_owned(),
            Problem::NotWholeNumber { .. } | Problem::Part { .. } => {
                "ghi số nguyên không âm, chỉ gồm chữ số".to_owned()
            }
            Problem::CountedFromRecords => {
                "bỏ tiêu chí này khỏi tệp số liệu bổ sung: nó được đếm từ hồ sơ".to_owned()
            }
            Problem::GroupWithRecords => {
                "ghi số liệu của các tiêu chí thay cho điểm nhóm".to_owned()
            }
            Problem::OtherPeriod { .. } => {
                "dùng tệp số liệu của đúng kỳ (lệnh template --period KỲ lập tệp mẫu của kỳ)"
                    .to_owned()
            }
            Problem::PeriodForm | Problem::MonthOutside | Problem::QuarterOutside => {
                "ví dụ --period 2026-10 (tháng), 2026-Q3 (quý), 2026 (năm), \
                 2026-09-21..2026-10-20 (khoảng ngày)"
                    .to_owned()
            }
            _ => return None,
        })
    }
}

/// A header of the file at `path` that usually names `field` of `kind` (`MÃ HỒ SƠ` for
/// `dossier_id`), to say which column an office's file has for a field it lacks.
fn usual_header(kind: RecordKind, field: &str, path: &str) -> Option<String> {
    let file = std::fs::File::open(path).ok()?;
    let (header, _) =
        chiso766::input::read_header(file, path, &chiso766::ReadOptions::default(), 0).ok()?;
    header
        .names
        .into_iter()
        .find(|h| crate::words::field_of(kind, h) == Some(field))
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

fn part_vi(part: CountPart) -> &'static str {
    match part {
        CountPart::Numerator => "tử số",
        CountPart::Denominator => "mẫu số",
    }
}

/// A date as officials write it: 5/10/2026.
pub fn date_vi(date: chiso766::Date) -> String {
    format!("{}/{}/{}", date.day(), date.month(), date.year())
}

fn number_hint(hint: &NumberHint) -> String {
    match hint {
        NumberHint::TooLarge => "quá lớn".to_owned(),
        NumberHint::MinusZero => "có dấu trừ; ghi 0".to_owned(),
        NumberHint::Negative => "là số âm".to_owned(),
        NumberHint::PlusSign { write } => format!("có dấu cộng; ghi {write}"),
        NumberHint::Thousands { write } => {
            format!("có dấu phân cách hàng nghìn; ghi {write}")
        }
        NumberHint::Underscores { write } => format!("có dấu gạch dưới; ghi {write}"),
        NumberHint::DecimalComma => "có phần thập phân (dấu phẩy), không phải số nguyên".to_owned(),
        NumberHint::Fraction { write } => format!("có phần thập phân; ghi {write}"),
        NumberHint::NotWhole => "không phải số nguyên".to_owned(),
        NumberHint::Exponent => "viết dạng lũy thừa; ghi đủ các chữ số".to_owned(),
        _ => "không phải số nguyên không âm".to_owned(),
    }
}

fn date_hint(hint: &DateHint) -> String {
    match hint {
        DateHint::DayFirst { iso } => {
            format!("; có vẻ là ngày viết kiểu ngày/tháng/năm, tức {iso}")
        }
        DateHint::SerialNumber { date } => format!(
            "; có vẻ Excel đã đổi ngày {} thành số thứ tự ngày",
            date_vi(*date)
        ),
        _ => String::new(),
    }
}

/// A code a spreadsheet changed, as the message says it.
fn mangled(meant: &Option<Mangled>) -> String {
    let Some(meant) = meant else {
        return String::new();
    };
    let how = match meant.by {
        Mangling::DecimalComma => "ghi lại với dấu phẩy thập phân",
        Mangling::DotDropped => "bỏ mất dấu chấm",
        Mangling::TrailingZeros => "bỏ mất các số 0 ở cuối",
        Mangling::LeadingZeros => "bỏ mất các số 0 ở đầu",
        _ => "đổi đi",
    };
    format!(
        "; có lẽ Excel đã coi mã “{}” là số và {how}",
        printable(&meant.meant)
    )
}

/// Words as a list: “Trực tiếp”, “Trực tuyến”.
fn quoted_list(words: &[String]) -> String {
    words
        .iter()
        .map(|w| format!("“{}”", printable(w)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A value as the profile writes it: numbers bare, words quoted.
fn value_literal(value: &str) -> String {
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        value.to_owned()
    } else {
        format!("\"{value}\"")
    }
}

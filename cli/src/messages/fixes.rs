//! What to do about a problem, in Vietnamese: the profile's section and line, the word to
//! declare, the setting to change in Excel.

use chiso766::error::{DateHint, Mangled, Problem};
use chiso766::printable::printable;
use chiso766::record::RecordKind;

use crate::profile::{toml_string, toml_value};

use super::Context;

impl Context {
    /// How to fix it, when there is more to say than what is wrong.
    pub(super) fn fix(
        &self,
        problem: &Problem,
        file: Option<RecordKind>,
        field: &str,
        source: Option<&str>,
    ) -> Option<String> {
        let section = |what: &str| section(what, file);
        Some(match problem {
            Problem::NotOneOf { value, .. } => {
                let guessed = file.and_then(|kind| crate::words::value_of(kind, field, value));
                let values: Vec<String> = (file.and_then(|kind| kind.values(field)))
                    .unwrap_or(&[])
                    .iter()
                    .map(|v| match crate::words::meaning(field, v) {
                        Some(meaning) => format!("{} ({meaning})", toml_value(v)),
                        None => toml_value(v),
                    })
                    .collect();
                format!(
                    "ghi một trong các giá trị được chấp nhận, hoặc khai báo từ này ở mục \
                     {}.{field}] của chiso766.toml với giá trị nó chỉ{}: {} = {}",
                    section("values").trim_end_matches(']'),
                    if values.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", values.join(", "))
                    },
                    toml_string(value),
                    guessed.map_or_else(|| "GIÁ_TRỊ".to_owned(), toml_value)
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
            _ => return self.fix_record(problem, file, source),
        })
    }

    /// How to fix a record that names what the units or the catalogue lack, or whose moments
    /// contradict each other.
    fn fix_record(
        &self,
        problem: &Problem,
        file: Option<RecordKind>,
        source: Option<&str>,
    ) -> Option<String> {
        Some(match problem {
            Problem::UnknownProcedure {
                meant: Some(Mangled { in_list: true, .. }),
                ..
            } => "sửa mã trong danh mục thủ tục, và trong Excel định dạng cột mã của danh mục là \
                  Text (Văn bản) trước khi lưu, để Excel không đổi mã thành số"
                .to_owned(),
            Problem::UnknownUnitCode {
                meant: Some(Mangled { in_list: true, .. }),
                ..
            } => "sửa mã trong danh sách đơn vị, và trong Excel định dạng cột mã của danh sách là \
                  Text (Văn bản) trước khi lưu, để Excel không đổi mã thành số"
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
            _ => return self.fix_layout(problem, file, source),
        })
    }

    /// How to fix a file's layout.
    fn fix_layout(
        &self,
        problem: &Problem,
        file: Option<RecordKind>,
        source: Option<&str>,
    ) -> Option<String> {
        Some(match problem {
            Problem::MissingColumn {
                header: Some(_),
                field: missing,
                ..
            } => self.fix_header(missing, file),
            Problem::MissingColumn {
                header: None,
                field,
                ..
            } => fix_missing_column(field, file, source),
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
            Problem::EmptyFile | Problem::NoHeader => {
                "xuất lại tệp từ hệ thống: tệp phải có dòng tiêu đề rồi các dòng dữ liệu".to_owned()
            }
            Problem::ColumnTwice { .. } => {
                "đổi tên một trong hai cột trong tệp (hoặc xóa cột thừa), để mỗi cột có một tên"
                    .to_owned()
            }
            _ => return fix_counts(problem, source),
        })
    }

    /// How to fix the profile's header of column `missing`, which the file does not have: at
    /// the profile's line, when known.
    fn fix_header(&self, missing: &str, file: Option<RecordKind>) -> String {
        let line = (self.profile.as_ref()).and_then(|(path, lines)| {
            let (_, line) = lines.get(&(file?, missing.to_owned()))?;
            Some(format!(" ({path}, dòng {line})")).filter(|_| !path.is_empty())
        });
        format!(
            "sửa tiêu đề của {missing} ở mục {}{} cho đúng tiêu đề trong tệp",
            section("columns", file),
            line.unwrap_or_else(|| " của chiso766.toml".to_owned())
        )
    }
}

/// How to fix a file without column `field` and no header for it in the profile: declare the
/// header the file usually has for it, or add the column.
fn fix_missing_column(field: &str, file: Option<RecordKind>, source: Option<&str>) -> String {
    let usual = (file.zip(source)).and_then(|(kind, path)| usual_header(kind, field, path));
    match usual {
        Some(header) => format!(
            "cột “{}” trong tệp thường chứa {}: khai báo ở mục {} của chiso766.toml \
             dòng {field} = {} (lệnh chiso766 init lập sẵn các dòng này)",
            printable(&header),
            crate::words::describe(file.unwrap_or(RecordKind::Dossiers), field),
            section("columns", file),
            toml_string(&header)
        ),
        None => format!(
            "thêm cột {field}, hoặc khai báo tiêu đề của nó ở mục {} của \
             chiso766.toml, ví dụ {field} = \"Tên cột trong tệp\"",
            section("columns", file)
        ),
    }
}

/// How to fix a count, or a period (in a file when `source` names one, else on the command line).
fn fix_counts(problem: &Problem, source: Option<&str>) -> Option<String> {
    Some(match problem {
        Problem::NotWholeNumber { .. } | Problem::Part { .. } => {
            "ghi số nguyên không âm, chỉ gồm chữ số".to_owned()
        }
        Problem::CountedFromRecords => {
            "bỏ tiêu chí này khỏi tệp số liệu bổ sung: nó được đếm từ hồ sơ".to_owned()
        }
        Problem::GroupWithRecords => "ghi số liệu của các tiêu chí thay cho điểm nhóm".to_owned(),
        Problem::OtherPeriod { .. } => {
            "dùng tệp số liệu của đúng kỳ (lệnh template --period KỲ lập tệp mẫu của kỳ)".to_owned()
        }
        Problem::PeriodForm | Problem::MonthOutside | Problem::QuarterOutside => match source {
            Some(_) => "ghi kỳ như tệp mẫu ghi, ví dụ “tháng 10/2026”, “quý III/2026”, “năm 2026” \
                        (hoặc 2026-10); nếu Excel đổi ô thành ngày, định dạng cột Kỳ là Văn bản \
                        (Text) rồi ghi lại"
                .to_owned(),
            None => "ví dụ --period 2026-10 (tháng), 2026-Q3 (quý), 2026 (năm), \
                     2026-09-21..2026-10-20 (khoảng ngày), hoặc --period \"tháng 10/2026\""
                .to_owned(),
        },
        _ => return None,
    })
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

/// A section of the profile for a kind of file: `[columns.dossiers]`.
fn section(what: &str, file: Option<RecordKind>) -> String {
    match file {
        Some(kind) => format!("[{what}.{}]", kind.name()),
        None => format!("[{what}.TÊN_TỆP]"),
    }
}

//! What is wrong, in Vietnamese: every [`Problem`] a library error carries.

use std::fmt::Write as _;

use chiso766::error::{CountPart, DateHint, Mangled, Mangling, NumberHint, Problem};
use chiso766::printable::printable;
use chiso766::record::RecordKind;
use chiso766::report::format_count;
use jiff::civil::DateTime;

use super::Context;

impl Context {
    /// What is wrong, in Vietnamese.
    pub fn problem(&self, problem: &Problem) -> String {
        match problem {
            Problem::Missing => "để trống".to_owned(),
            Problem::MissingWhile { given } => format!("để trống trong khi {given} có giá trị"),
            Problem::MissingWithFallback { fallback } => {
                format!("để trống, và {fallback} cũng để trống: không biết hồ sơ thuộc kỳ nào")
            }
            Problem::NotWholeNumber { value, hint } => {
                format!("{} {}", quoted(value), number_hint(hint))
            }
            Problem::NotDate { value, hint } => match hint {
                DateHint::NoSuchDay => format!("{} không phải một ngày có thật", quoted(value)),
                hint => format!(
                    "{} không phải ngày dạng năm-tháng-ngày (YYYY-MM-DD){}",
                    quoted(value),
                    date_hint(hint)
                ),
            },
            Problem::NotTime { value, hint } => self.not_time(value, hint),
            Problem::NotFlag { value, words } => not_flag(value, words),
            Problem::NotOneOf { value, accepted } => format!(
                "{} không phải giá trị được chấp nhận; các giá trị được chấp nhận: {}",
                quoted(value),
                quoted_list(accepted)
            ),
            Problem::ControlCharacter { value, character } => format!(
                "{} chứa ký tự điều khiển hoặc ký tự ẩn (U+{:04X}); mã phải là một dòng chữ \
                 nhìn thấy được",
                quoted(value),
                u32::from(*character)
            ),
            Problem::NotText { found } => format!(
                "cần văn bản nhưng gặp {}",
                if found.contains("array") {
                    "một mảng JSON"
                } else {
                    "một đối tượng JSON"
                }
            ),
            Problem::OutsideYears { date } => {
                format!("ngày {} nằm ngoài các năm 1970–2199", date_vi(*date))
            }
            Problem::EmptyCode => "mã để trống".to_owned(),
            other => self.record_problem(other),
        }
    }

    /// A value that is not a moment in the forms read (day first when the profile says so).
    fn not_time(&self, value: &str, hint: &DateHint) -> String {
        format!(
            "{} không phải thời điểm dạng {} (năm 1970–2199){}",
            quoted(value),
            if self.day_first {
                "ngày/tháng/năm giờ:phút (05/10/2026 08:30), ngày/tháng/năm hoặc \
                 YYYY-MM-DD HH:MM"
            } else {
                "YYYY-MM-DD HH:MM[:SS], YYYY-MM-DD hoặc RFC 3339"
            },
            date_hint(hint)
        )
    }

    /// What is wrong with a record's moments, or with a record against the units and the
    /// catalogue.
    fn record_problem(&self, problem: &Problem) -> String {
        match problem {
            Problem::Before {
                moment,
                earlier_field,
                earlier,
                record,
                id,
            } => self.before((moment, earlier), earlier_field, record, id),
            Problem::SupplementCountZero { id } => format!(
                "bằng 0 trong khi có ngày yêu cầu bổ sung (supplement_requested_at) (hồ sơ {})",
                printable(id)
            ),
            Problem::UnknownUnitCode { code, meant } => format!(
                "đơn vị {} không có trong danh sách đơn vị{}",
                quoted(code),
                mangled(meant, "danh sách đơn vị")
            ),
            Problem::UnknownProcedure { code, meant } => format!(
                "thủ tục {} không có trong danh mục thủ tục{}",
                quoted(code),
                mangled(meant, "danh mục thủ tục")
            ),
            Problem::NoTierFits { code } => format!(
                "thủ tục {} có trong danh mục ở các cấp khác nhưng không có ở cấp của đơn vị",
                quoted(code)
            ),
            Problem::NotInEffect {
                code,
                day,
                from,
                to,
            } => not_in_effect(code, *day, (*from, *to)),
            Problem::MaxTimeBeyondCalendar {
                procedure,
                time,
                unit,
                start,
            } => format!(
                "thủ tục {}: thời hạn {time} {} tính từ {start} vượt quá các năm có lịch làm việc (đến 2199)",
                quoted(procedure),
                time_unit_vi(unit)
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

    /// A record's `moment` earlier than `earlier`, the moment of `earlier_field`, in record
    /// `record` (a dossier or a petition) `id`.
    fn before(
        &self,
        (moment, earlier): (&DateTime, &DateTime),
        earlier_field: &str,
        record: &str,
        id: &str,
    ) -> String {
        let (kind, word) = if record == "petition" {
            (RecordKind::Petitions, "PAKN")
        } else {
            (RecordKind::Dossiers, "hồ sơ")
        };
        format!(
            "{} sớm hơn {} ({}) của {word} {}",
            datetime_vi(moment),
            datetime_vi(earlier),
            self.header_of(kind, earlier_field),
            printable(id)
        )
    }

    /// What is wrong with a count or a group.
    fn count_problem(&self, problem: &Problem) -> String {
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
            Problem::UnexpectedKey { key } => format!("khóa {} không được dùng ở đây", quoted(key)),
            Problem::NotApplicableWithCounts => {
                "not_applicable không ghi cùng num và den".to_owned()
            }
            Problem::NotApplicableValue { value } => format!(
                "not_applicable phải là 0, 1, true hoặc false, gặp {}",
                quoted(value)
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
            Problem::RatioWithoutCount => "tiêu chí có trong ratio_only nhưng không có số liệu \
                trong criteria; ghi số liệu của nó (tỷ lệ dưới dạng phân số, ví dụ 1/1 cho 100%)"
                .to_owned(),
            Problem::PointsNotNumber { value } => format!("điểm {} không phải số", quoted(value)),
            Problem::PointsNegative { value } => format!("điểm {} là số âm", quoted(value)),
            Problem::GroupWithRecords => {
                "không dùng điểm nhóm cùng dữ liệu hồ sơ (điểm nhóm sẽ thay các tiêu chí)"
                    .to_owned()
            }
            Problem::NotAGroup { methodology } => {
                format!("không phải nhóm của phương pháp {}", printable(methodology))
            }
            Problem::GroupGivenAndCounted { criterion } => format!(
                "đã ghi điểm của nhóm này, lại ghi cả số liệu tiêu chí {} của nhóm; chỉ ghi \
                 một trong hai: điểm nhóm hoặc số liệu các tiêu chí",
                printable(criterion)
            ),
            Problem::PointsAboveMax { points, max } => {
                format!("điểm {points} vượt điểm tối đa {max} của nhóm")
            }
            Problem::PointsTooPrecise { points, places } => {
                format!("điểm {points} có nhiều hơn {places} chữ số thập phân")
            }
            other => self.period_problem(other),
        }
    }

    /// What is wrong with a period, or with the counts of one.
    fn period_problem(&self, problem: &Problem) -> String {
        match problem {
            Problem::PeriodForm => {
                "không phải kỳ dạng năm (2026), quý (2026-Q3), tháng (2026-05), \
                                    khoảng ngày (2026-04-21..2026-05-20), hay như văn bản viết \
                                    (“tháng 5/2026”, “quý III/2026”, “năm 2026”)"
                    .to_owned()
            }
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

    /// What is wrong with a file's layout, or with a plan or a scenario.
    fn layout_problem(&self, problem: &Problem) -> String {
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
            Problem::ColumnTwice {
                column,
                first,
                second,
            } => format!(
                "cột {} có hai lần trong dòng tiêu đề (cột thứ {first} và thứ {second}), nên không \
                 biết cột nào chứa dữ liệu",
                quoted(column)
            ),
            Problem::MissingColumn {
                field,
                header,
                similar,
                one_column,
            } => missing_column(field, header.as_deref(), similar.as_deref(), *one_column),
            Problem::RowWidth { found, expected } => {
                format!("dòng có {found} ô nhưng dòng tiêu đề có {expected} cột")
            }
            Problem::UnknownColumn {
                column,
                similar,
                expected,
            } => unknown_column(column, *similar, expected),
            Problem::ColumnsTogether => {
                "hai cột num (Tử số) và den (Mẫu số) phải đi cùng nhau".to_owned()
            }
            Problem::NoCountColumns => {
                "không có cột num (Tử số), den (Mẫu số) hay points (Điểm)".to_owned()
            }
            Problem::Json { detail } => format!(
                "không đọc được JSON (bộ đọc JSON báo: {})",
                printable(detail)
            ),
            other => self.plan_problem(other),
        }
    }
    /// What is wrong with a ranking's or a plan's request, or with a scenario.
    fn plan_problem(&self, problem: &Problem) -> String {
        match problem {
            Problem::Incomplete => {
                "đơn vị chưa đủ số liệu nên chưa có tổng điểm để xếp hạng".to_owned()
            }
            Problem::AboveItself => "một đơn vị không thể xếp trên chính nó".to_owned(),
            Problem::OtherPeers { rival } => {
                format!("{} không được xếp hạng cùng nhóm đơn vị", printable(rival))
            }
            Problem::RankZero => "thứ hạng bắt đầu từ 1".to_owned(),
            Problem::RankBeyond { of } => {
                format!(
                    "chỉ có {} đơn vị được xếp hạng cùng nhóm",
                    format_count(u64::from(*of))
                )
            }
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
            Problem::TooFineToPlan { steps, most } => format!(
                "mục tiêu cách điểm hiện tại {} bước điểm nhỏ nhất của phương pháp tính, quá \
                 {} bước mà một kế hoạch cân nhắc được",
                format_count(*steps),
                format_count(*most)
            ),
            Problem::NotApplicable => {
                "tiêu chí không áp dụng cho đơn vị này nên không lập kế hoạch được".to_owned()
            }
            Problem::FactorMissing => {
                "thiếu số liệu của tiêu chí nhân với tỷ lệ này (đồng bộ hồ sơ)".to_owned()
            }
            Problem::CountMissing => "thiếu số liệu của tiêu chí này".to_owned(),
            other => self.change_problem(other),
        }
    }

    /// What is wrong with a scenario's change.
    fn change_problem(&self, problem: &Problem) -> String {
        match problem {
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
}

/// A value that is neither 0, 1, true nor false, nor one of the profile's `words`.
fn not_flag(value: &str, words: &[String]) -> String {
    let mut text = format!("{} không phải 0, 1, true hay false", quoted(value));
    if !words.is_empty() {
        let _ = write!(
            text,
            ", cũng không phải các từ cấu hình chấp nhận ({})",
            quoted_list(words)
        );
    }
    text
}

/// Unit `code` not in effect on `day`, which exists over `(from, to)` (open at `None`).
fn not_in_effect(
    code: &str,
    day: chiso766::Date,
    (from, to): (Option<chiso766::Date>, Option<chiso766::Date>),
) -> String {
    let show = |d: Option<chiso766::Date>| d.map_or_else(|| "…".to_owned(), date_vi);
    format!(
        "đơn vị {} không tồn tại vào ngày {} (tồn tại từ {} đến {})",
        quoted(code),
        date_vi(day),
        show(from),
        show(to)
    )
}

/// No column `field` (headed `header` in the profile), with a `similar` one to suggest, and a
/// word on the separator when the header has `one_column`.
fn missing_column(
    field: &str,
    header: Option<&str>,
    similar: Option<&str>,
    one_column: bool,
) -> String {
    let mut text = match header {
        Some(header) => format!(
            "không có cột {} (cột {field}, theo chiso766.toml)",
            quoted(header)
        ),
        None => format!("không có cột {}", quoted(field)),
    };
    if let Some(similar) = similar {
        let _ = write!(text, "; có phải ý là cột {}?", quoted(similar));
    }
    if one_column {
        text.push_str("; dòng tiêu đề chỉ có một cột: dấu phân cách có đúng không?");
    }
    text
}

/// A column not of a counts file, with the `similar` one meant or the `expected` ones.
fn unknown_column(column: &str, similar: Option<&str>, expected: &[&str]) -> String {
    match similar {
        Some(similar) => format!(
            "cột {} không phải cột của tệp số liệu; có phải ý là {}?",
            quoted(column),
            similar
        ),
        None => format!(
            "cột {} không phải cột của tệp số liệu (các cột: {})",
            quoted(column),
            expected.join(", ")
        ),
    }
}

/// A procedure's unit of time (`working_days`, `hours`, `days`) in words.
fn time_unit_vi(unit: &str) -> &'static str {
    match unit {
        "working_days" => "ngày làm việc",
        "hours" => "giờ làm việc",
        _ => "ngày",
    }
}

fn part_vi(part: CountPart) -> &'static str {
    match part {
        CountPart::Numerator => "tử số",
        CountPart::Denominator => "mẫu số",
    }
}

/// A date as officials write it: 5/10/2026.
fn date_vi(date: chiso766::Date) -> String {
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

/// A code a spreadsheet changed (in the record, or in `list`), as the message says it.
pub(super) fn mangled(meant: &Option<Mangled>, list: &str) -> String {
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
    match meant.in_list {
        false => format!(
            "; có lẽ Excel đã coi mã “{}” là số và {how}",
            printable(&meant.meant)
        ),
        true => format!(
            "; {list} lại có mã “{}”: có lẽ Excel đã coi mã này là số và {how} khi lập {list}",
            printable(&meant.meant)
        ),
    }
}

/// A value as the messages quote it: “2026-13-01”.
fn quoted(value: &str) -> String {
    format!("“{}”", printable(value))
}

/// Words as a list: “Trực tiếp”, “Trực tuyến”.
fn quoted_list(words: &[String]) -> String {
    words
        .iter()
        .map(|w| quoted(w))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A date and time as officials write it: 10:30 ngày 5/10/2026 (seconds when not zero).
fn datetime_vi(at: &jiff::civil::DateTime) -> String {
    let seconds = match at.second() {
        0 => String::new(),
        s => format!(":{s:02}"),
    };
    format!(
        "{:02}:{:02}{seconds} ngày {}",
        at.hour(),
        at.minute(),
        date_vi(at.date())
    )
}

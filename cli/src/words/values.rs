//! The words one-stop-shop systems' exports usually give fields' values, and what each value
//! means, in Vietnamese.

use chiso766::record::RecordKind;

/// Usual words for fields' values (folded, without diacritics, as matched) and what they stand
/// for: `(field, word, value)`. A field of `units` or `procedures` named `level` has its own.
pub(super) const VALUES: &[(&str, &str, &str)] = &[
    ("channel", "truc tiep", "1"),
    ("channel", "tai quay", "1"),
    ("channel", "mot cua", "1"),
    ("channel", "truc tuyen", "2"),
    ("channel", "qua mang", "2"),
    ("channel", "dich vu cong truc tuyen", "2"),
    ("channel", "online", "2"),
    ("channel", "buu chinh", "3"),
    ("channel", "buu chinh cong ich", "3"),
    ("channel", "qua buu dien", "3"),
    ("paid_online", "khong", "0"),
    ("paid_online", "cong dvcqg", "1"),
    ("paid_online", "cong dich vu cong quoc gia", "1"),
    ("paid_online", "cong tinh", "2"),
    ("online_level", "mot phan", "partial"),
    ("online_level", "toan trinh", "full"),
    ("online_level", "khong", "none"),
    ("online_level", "cung cap thong tin", "none"),
    ("max_time_unit", "ngay lam viec", "working_days"),
    ("max_time_unit", "ngay", "days"),
    ("max_time_unit", "gio", "hours"),
    ("kind", "nghi", "off"),
    ("kind", "ngay nghi", "off"),
    ("kind", "lam bu", "workday"),
    ("kind", "ngay lam bu", "workday"),
    ("level", "tinh", "province"),
    ("level", "cap tinh", "province"),
    ("level", "ubnd tinh", "province"),
    ("level", "so", "department"),
    ("level", "so, ban, nganh", "department"),
    ("level", "so ban nganh", "department"),
    ("level", "huyen", "district"),
    ("level", "cap huyen", "district"),
    ("level", "xa", "commune"),
    ("level", "cap xa", "commune"),
    ("level", "xa, phuong", "commune"),
    ("level", "xa phuong", "commune"),
    ("level", "phuong", "commune"),
    ("level", "bo", "ministry"),
    ("level", "bo, nganh", "ministry"),
];

/// Words for a boolean's values.
pub(super) const FLAG_WORDS: &[(&str, &str)] = &[
    ("co", "1"),
    ("x", "1"),
    ("dung", "1"),
    ("da", "1"),
    ("khong", "0"),
    ("sai", "0"),
    ("chua", "0"),
];

/// What each value of `field` means, in Vietnamese, for messages and the profile's comments.
pub fn meaning(field: &str, value: &str) -> Option<&'static str> {
    Some(match (field, value) {
        ("channel", "1") => "trực tiếp",
        ("channel", "2") => "trực tuyến",
        ("channel", "3") => "bưu chính công ích",
        ("paid_online", "0") => "không thanh toán trực tuyến",
        ("paid_online", "1") => "thanh toán trên Cổng DVCQG",
        ("paid_online", "2") => "thanh toán trên cổng của bộ, tỉnh",
        ("online_level", "none") => "không cung cấp trực tuyến",
        ("online_level", "partial") => "trực tuyến một phần",
        ("online_level", "full") => "trực tuyến toàn trình",
        ("max_time_unit", "working_days") => "ngày làm việc",
        ("max_time_unit", "days") => "ngày",
        ("max_time_unit", "hours") => "giờ làm việc",
        ("kind", "off") => "ngày nghỉ",
        ("kind", "workday") => "ngày làm bù",
        ("level", "ministry") => "bộ, ngành",
        ("level", "province") => "tỉnh",
        ("level", "department") => "sở, ban, ngành",
        ("level", "district") => "huyện",
        ("level", "commune") => "xã, phường",
        (_, "1") => "có",
        (_, "0") => "không",
        _ => return None,
    })
}

/// What a field holds, in Vietnamese, for the profile's comments.
pub fn describe(kind: RecordKind, field: &str) -> &'static str {
    match (kind, field) {
        (RecordKind::Units, "code") => "mã đơn vị",
        (RecordKind::Units, "name") => "tên đơn vị",
        (RecordKind::Units, "level") => "cấp: province, department, commune…",
        (RecordKind::Procedures, "name") => "tên thủ tục",
        (RecordKind::Procedures, "level") => "cấp thực hiện: province, commune, ministry",
        (RecordKind::Holidays, "name") => "tên ngày nghỉ",
        (_, "dossier_id") => "mã hồ sơ",
        (_, "unit_code") => "mã đơn vị xử lý",
        (_, "procedure_code") => "mã thủ tục",
        (_, "submitted_at") => "ngày nộp",
        (_, "received_at") => "ngày tiếp nhận",
        (_, "due_at") => "hạn xử lý, ngày hẹn trả",
        (_, "finished_at") => "ngày xử lý xong",
        (_, "returned_at") => "ngày trả kết quả",
        (_, "stopped_at") => "ngày dừng xử lý, từ chối, rút",
        (_, "supplement_count") => "số lần yêu cầu bổ sung",
        (_, "supplement_requested_at") => "ngày yêu cầu bổ sung",
        (_, "supplement_completed_at") => "ngày công dân bổ sung xong",
        (_, "channel") => "hình thức nộp: 1 trực tiếp, 2 trực tuyến, 3 bưu chính",
        (_, "paid_online") => "thanh toán trực tuyến: 0 không, 1 Cổng DVCQG, 2 cổng tỉnh",
        (_, "fee_nonzero") => "phí đồng bộ khác 0 (0/1)",
        (_, "result_file") => "có tệp kết quả điện tử (0/1)",
        (_, "component_files") => "có số hóa thành phần hồ sơ (0/1)",
        (_, "reused_data") => "có tái sử dụng dữ liệu số hóa (0/1)",
        (_, "from_personal_storage") => "lấy từ kho dữ liệu cá nhân (0/1)",
        (_, "vneid") => "xác thực VNeID, dùng dữ liệu dân cư (0/1)",
        (_, "disliked") => "công dân không hài lòng (0/1)",
        (_, "has_petition") => "có phản ánh về hồ sơ (0/1)",
        (_, "officer") => "cán bộ xử lý",
        (_, "e_receipt") => "có biên lai điện tử (0/1)",
        (_, "online_level") => "mức độ trực tuyến: none, partial, full",
        (_, "full_online_eligible") => "đủ điều kiện toàn trình (0/1)",
        (_, "paper_result_required") => "trả kết quả bản giấy (0/1)",
        (_, "fee_bearing") => "có phí, lệ phí (0/1)",
        (_, "for_citizens") => "dành cho công dân (0/1)",
        (_, "max_time") => "thời hạn giải quyết",
        (_, "max_time_unit") => "đơn vị thời hạn: working_days, days, hours",
        (_, "field") => "lĩnh vực",
        (_, "parent") => "mã đơn vị cấp trên",
        (_, "valid_from") => "ngày bắt đầu hiệu lực",
        (_, "valid_to") => "ngày hết hiệu lực",
        (_, "petition_id") => "mã PAKN",
        (_, "transferred_at") => "ngày chuyển xử lý",
        (_, "refused_at") => "ngày từ chối",
        (_, "handling_started_at") => "ngày bắt đầu xử lý",
        (_, "published_at") => "ngày công khai kết quả",
        (_, "likes") => "số lượt hài lòng",
        (_, "dislikes") => "số lượt không hài lòng",
        (_, "repeated") => "trùng phản ánh trước (0/1)",
        (_, "date") => "ngày",
        (_, "kind") => "loại: off (nghỉ), workday (làm bù)",
        (_, "source") => "căn cứ",
        _ => "",
    }
}

/// A kind of record file, as an office calls it.
pub fn kind_vi(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Procedures => "danh mục thủ tục",
        RecordKind::Dossiers => "hồ sơ",
        RecordKind::Petitions => "phản ánh, kiến nghị",
        RecordKind::Units => "danh sách đơn vị",
        RecordKind::Holidays => "ngày nghỉ",
    }
}

//! The words one-stop-shop systems' exports usually use: headers for SPEC §7's fields and words
//! for their values, so `init` can map an office's file and a message can suggest a word's value.
//! Matched after folding and without diacritics (`Ma ho so` is `Mã hồ sơ`).

use chiso766::input::bare;
use chiso766::record::RecordKind;

/// Usual headers for each kind's fields, the SPEC name first understood too.
const HEADERS: &[(RecordKind, &str, &[&str])] = &[
    (
        RecordKind::Dossiers,
        "dossier_id",
        &[
            "Mã hồ sơ",
            "Số hồ sơ",
            "Mã HS",
            "Số biên nhận",
            "Mã biên nhận",
        ],
    ),
    (
        RecordKind::Dossiers,
        "unit_code",
        &["Mã đơn vị", "Mã cơ quan", "Mã đơn vị xử lý", "Mã ĐV"],
    ),
    (
        RecordKind::Dossiers,
        "procedure_code",
        &["Mã thủ tục", "Mã TTHC", "Mã thủ tục hành chính"],
    ),
    (
        RecordKind::Dossiers,
        "submitted_at",
        &["Ngày nộp", "Thời gian nộp", "Ngày gửi", "Ngày nộp hồ sơ"],
    ),
    (
        RecordKind::Dossiers,
        "received_at",
        &[
            "Ngày tiếp nhận",
            "Ngày nhận",
            "Thời gian tiếp nhận",
            "Ngày nhận hồ sơ",
        ],
    ),
    (
        RecordKind::Dossiers,
        "due_at",
        &[
            "Hạn xử lý",
            "Ngày hẹn trả",
            "Hạn giải quyết",
            "Ngày hẹn trả kết quả",
            "Hạn trả kết quả",
        ],
    ),
    (
        RecordKind::Dossiers,
        "finished_at",
        &[
            "Ngày có kết quả",
            "Ngày hoàn thành",
            "Ngày xử lý xong",
            "Ngày kết thúc xử lý",
            "Ngày giải quyết xong",
        ],
    ),
    (
        RecordKind::Dossiers,
        "returned_at",
        &["Ngày trả kết quả", "Ngày trả", "Thời gian trả kết quả"],
    ),
    (
        RecordKind::Dossiers,
        "stopped_at",
        &[
            "Ngày dừng xử lý",
            "Ngày từ chối",
            "Ngày rút hồ sơ",
            "Ngày dừng",
            "Ngày trả lại",
        ],
    ),
    (
        RecordKind::Dossiers,
        "supplement_count",
        &["Số lần bổ sung", "Số lần yêu cầu bổ sung"],
    ),
    (
        RecordKind::Dossiers,
        "supplement_requested_at",
        &["Ngày yêu cầu bổ sung"],
    ),
    (
        RecordKind::Dossiers,
        "supplement_completed_at",
        &[
            "Ngày bổ sung xong",
            "Ngày hoàn thành bổ sung",
            "Ngày công dân bổ sung",
        ],
    ),
    (
        RecordKind::Dossiers,
        "channel",
        &[
            "Hình thức nộp",
            "Kênh nộp",
            "Kênh tiếp nhận",
            "Hình thức tiếp nhận",
            "Kênh thực hiện",
        ],
    ),
    (
        RecordKind::Dossiers,
        "paid_online",
        &["Thanh toán trực tuyến", "Hình thức thanh toán"],
    ),
    (
        RecordKind::Dossiers,
        "fee_nonzero",
        &["Có phí", "Có phí, lệ phí", "Phí khác 0"],
    ),
    (
        RecordKind::Dossiers,
        "result_file",
        &["Có kết quả điện tử", "Kết quả điện tử", "Có tệp kết quả"],
    ),
    (
        RecordKind::Dossiers,
        "component_files",
        &[
            "Số hóa thành phần",
            "Có số hóa thành phần hồ sơ",
            "Số hóa hồ sơ",
        ],
    ),
    (
        RecordKind::Dossiers,
        "reused_data",
        &["Tái sử dụng dữ liệu", "Sử dụng lại dữ liệu số hóa"],
    ),
    (
        RecordKind::Dossiers,
        "from_personal_storage",
        &["Kho dữ liệu cá nhân", "Từ kho dữ liệu cá nhân"],
    ),
    (
        RecordKind::Dossiers,
        "vneid",
        &["VNeID", "Xác thực VNeID", "Dữ liệu dân cư"],
    ),
    (RecordKind::Dossiers, "disliked", &["Không hài lòng"]),
    (
        RecordKind::Dossiers,
        "has_petition",
        &["Có phản ánh", "Có PAKN"],
    ),
    (
        RecordKind::Dossiers,
        "officer",
        &["Cán bộ xử lý", "Người xử lý"],
    ),
    (
        RecordKind::Dossiers,
        "e_receipt",
        &["Biên lai điện tử", "Có biên lai điện tử"],
    ),
    (
        RecordKind::Procedures,
        "procedure_code",
        &["Mã thủ tục", "Mã TTHC", "Mã thủ tục hành chính"],
    ),
    (
        RecordKind::Procedures,
        "name",
        &["Tên thủ tục", "Tên TTHC", "Tên thủ tục hành chính"],
    ),
    (RecordKind::Procedures, "level", &["Cấp thực hiện", "Cấp"]),
    (
        RecordKind::Procedures,
        "online_level",
        &[
            "Mức độ DVC",
            "Mức độ dịch vụ công trực tuyến",
            "Mức độ trực tuyến",
            "Mức độ",
        ],
    ),
    (
        RecordKind::Procedures,
        "full_online_eligible",
        &["Đủ điều kiện toàn trình"],
    ),
    (
        RecordKind::Procedures,
        "paper_result_required",
        &["Kết quả bản giấy", "Trả kết quả bản giấy"],
    ),
    (
        RecordKind::Procedures,
        "fee_bearing",
        &["Có phí, lệ phí", "Có phí", "Có thu phí"],
    ),
    (
        RecordKind::Procedures,
        "for_citizens",
        &["Dành cho công dân", "Đối tượng công dân"],
    ),
    (
        RecordKind::Procedures,
        "max_time",
        &["Thời hạn giải quyết", "Thời gian giải quyết", "Thời hạn"],
    ),
    (
        RecordKind::Procedures,
        "max_time_unit",
        &["Đơn vị thời hạn", "Đơn vị thời gian"],
    ),
    (RecordKind::Procedures, "field", &["Lĩnh vực"]),
    (
        RecordKind::Units,
        "code",
        &["Mã đơn vị", "Mã cơ quan", "Mã ĐV"],
    ),
    (RecordKind::Units, "name", &["Tên đơn vị", "Tên cơ quan"]),
    (
        RecordKind::Units,
        "level",
        &["Cấp", "Cấp đơn vị", "Cấp hành chính"],
    ),
    (
        RecordKind::Units,
        "parent",
        &[
            "Mã đơn vị cấp trên",
            "Đơn vị cấp trên",
            "Mã cấp trên",
            "Mã đơn vị cha",
        ],
    ),
    (
        RecordKind::Units,
        "valid_from",
        &["Hiệu lực từ", "Ngày bắt đầu", "Từ ngày"],
    ),
    (
        RecordKind::Units,
        "valid_to",
        &["Hiệu lực đến", "Ngày kết thúc", "Đến ngày"],
    ),
    (
        RecordKind::Petitions,
        "petition_id",
        &["Mã PAKN", "Mã phản ánh", "Số PAKN", "Mã phản ánh kiến nghị"],
    ),
    (
        RecordKind::Petitions,
        "unit_code",
        &["Mã đơn vị", "Mã cơ quan", "Mã đơn vị xử lý"],
    ),
    (
        RecordKind::Petitions,
        "received_at",
        &["Ngày tiếp nhận", "Ngày nhận", "Ngày gửi"],
    ),
    (
        RecordKind::Petitions,
        "transferred_at",
        &["Ngày chuyển", "Ngày chuyển xử lý"],
    ),
    (RecordKind::Petitions, "refused_at", &["Ngày từ chối"]),
    (
        RecordKind::Petitions,
        "supplement_requested_at",
        &["Ngày yêu cầu bổ sung"],
    ),
    (
        RecordKind::Petitions,
        "handling_started_at",
        &["Ngày bắt đầu xử lý", "Ngày xử lý"],
    ),
    (
        RecordKind::Petitions,
        "published_at",
        &["Ngày công khai", "Ngày công bố kết quả", "Ngày trả lời"],
    ),
    (
        RecordKind::Petitions,
        "likes",
        &["Số lượt hài lòng", "Lượt thích", "Hài lòng"],
    ),
    (
        RecordKind::Petitions,
        "dislikes",
        &[
            "Số lượt không hài lòng",
            "Lượt không thích",
            "Không hài lòng",
        ],
    ),
    (
        RecordKind::Petitions,
        "repeated",
        &["Trùng lặp", "Phản ánh trùng", "Trùng"],
    ),
    (RecordKind::Holidays, "date", &["Ngày"]),
    (RecordKind::Holidays, "kind", &["Loại ngày", "Loại"]),
    (
        RecordKind::Holidays,
        "name",
        &["Tên ngày", "Tên", "Ghi chú"],
    ),
    (RecordKind::Holidays, "source", &["Nguồn", "Căn cứ"]),
];

/// Usual words for fields' values (folded, without diacritics, as matched) and what they stand
/// for: `(field, word, value)`. A field of `units` or `procedures` named `level` has its own.
const VALUES: &[(&str, &str, &str)] = &[
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
const FLAG_WORDS: &[(&str, &str)] = &[
    ("co", "1"),
    ("x", "1"),
    ("dung", "1"),
    ("da", "1"),
    ("khong", "0"),
    ("sai", "0"),
    ("chua", "0"),
];

/// A header as matched: folded, without diacritics, spaces and dashes as underscores.
pub fn key(text: &str) -> String {
    bare(text).replace([' ', '-'], "_")
}

/// The field of `kind` a header usually names.
pub fn field_of(kind: RecordKind, header: &str) -> Option<&'static str> {
    let wanted = key(header);
    if let Some(field) = kind.fields().find(|f| *f == wanted) {
        return Some(field);
    }
    HEADERS
        .iter()
        .filter(|(k, _, _)| *k == kind)
        .find(|(_, _, headers)| headers.iter().any(|h| key(h) == wanted))
        .map(|(_, field, _)| *field)
}

/// What an office's `word` for a value of `field` usually stands for.
pub fn value_of(kind: RecordKind, field: &str, word: &str) -> Option<&'static str> {
    let wanted = bare(word);
    let values = kind.values(field)?;
    if values.contains(&wanted.as_str()) {
        return None;
    }
    if values.contains(&"true") {
        return FLAG_WORDS
            .iter()
            .find(|(w, _)| *w == wanted)
            .map(|(_, v)| *v);
    }
    VALUES
        .iter()
        .filter(|(f, _, v)| *f == field && values.contains(v))
        .find(|(_, w, _)| *w == wanted)
        .map(|(_, _, v)| *v)
}

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

/// The score of `kind` for a file with `headers`: how many of its fields they name, the
/// required ones counting double; `None` when a required field is not named.
pub fn fit(kind: RecordKind, headers: &[String]) -> Option<usize> {
    let named: Vec<&str> = headers.iter().filter_map(|h| field_of(kind, h)).collect();
    let required: Vec<&str> = kind.required().collect();
    if !required.iter().all(|r| named.contains(r)) {
        return None;
    }
    let distinct = kind.fields().filter(|f| named.contains(f)).count();
    Some(distinct + required.len())
}

#[cfg(test)]
mod tests {
    use super::{bare, field_of, fit, value_of};
    use chiso766::record::RecordKind;

    #[test]
    fn usual_headers_are_recognised_whatever_their_spelling() {
        assert_eq!(
            field_of(RecordKind::Dossiers, "MÃ HỒ SƠ"),
            Some("dossier_id")
        );
        assert_eq!(
            field_of(RecordKind::Dossiers, "Ma ho so"),
            Some("dossier_id")
        );
        assert_eq!(
            field_of(RecordKind::Dossiers, "Ngày tiếp nhận"),
            Some("received_at")
        );
        assert_eq!(
            field_of(RecordKind::Dossiers, "received_at"),
            Some("received_at")
        );
        assert_eq!(field_of(RecordKind::Units, "Mã đơn vị"), Some("code"));
        assert_eq!(field_of(RecordKind::Dossiers, "Ghi chú"), None);
        assert_eq!(bare("Đơn vị"), "don vi");
    }

    #[test]
    fn usual_words_stand_for_their_values() {
        assert_eq!(
            value_of(RecordKind::Dossiers, "channel", "Trực tuyến"),
            Some("2")
        );
        assert_eq!(
            value_of(RecordKind::Dossiers, "channel", "Qua mạng"),
            Some("2")
        );
        assert_eq!(value_of(RecordKind::Dossiers, "vneid", "Có"), Some("1"));
        assert_eq!(
            value_of(RecordKind::Units, "level", "Xã, phường"),
            Some("commune")
        );
        assert_eq!(value_of(RecordKind::Procedures, "level", "Sở"), None);
        // A value the specification writes needs no word.
        assert_eq!(value_of(RecordKind::Dossiers, "channel", "2"), None);
    }

    #[test]
    fn a_file_is_recognised_by_its_required_headers() {
        let headers = |h: &[&str]| h.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let dossiers = headers(&["Mã hồ sơ", "Mã đơn vị", "Mã thủ tục", "Ngày tiếp nhận"]);
        assert!(fit(RecordKind::Dossiers, &dossiers).is_some());
        assert_eq!(fit(RecordKind::Units, &dossiers), None);
        let units = headers(&["Mã đơn vị", "Tên đơn vị", "Cấp", "Mã đơn vị cấp trên"]);
        assert!(fit(RecordKind::Units, &units).is_some());
        assert_eq!(fit(RecordKind::Dossiers, &units), None);
    }
}

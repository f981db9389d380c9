//! The headers one-stop-shop systems' exports usually give SPEC §7's fields: whole headers,
//! and the keywords a header holds when it is none of them.

use chiso766::record::RecordKind;

/// Usual headers for each kind's fields, the SPEC name first understood too.
pub(super) const HEADERS: &[(RecordKind, &str, &[&str])] = &[
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

/// Keywords a header holds for a field when it is none of the usual headers: every word of one of
/// `with` (a phrase), none of `without`; matched on whole words, folded and without diacritics. The
/// first rule that fits a header takes it.
pub(super) struct Keywords {
    pub(super) kind: RecordKind,
    pub(super) field: &'static str,
    pub(super) with: &'static [&'static str],
    pub(super) without: &'static [&'static str],
}

const fn rule(
    kind: RecordKind,
    field: &'static str,
    with: &'static [&'static str],
    without: &'static [&'static str],
) -> Keywords {
    Keywords {
        kind,
        field,
        with,
        without,
    }
}

use RecordKind::{Dossiers, Holidays, Petitions, Procedures, Units};

/// The keyword rules, the narrower first.
pub(super) const KEYWORDS: &[Keywords] = &[
    rule(Dossiers, "supplement_count", &["lan bo sung"], &[]),
    rule(
        Dossiers,
        "supplement_requested_at",
        &["yeu cau bo sung"],
        &["so lan"],
    ),
    rule(
        Dossiers,
        "supplement_completed_at",
        &["bo sung"],
        &["yeu cau", "so lan"],
    ),
    rule(
        Dossiers,
        "dossier_id",
        &["ho so"],
        &[
            "ngay",
            "thoi",
            "han",
            "ten",
            "trang thai",
            "loai",
            "nop",
            "lan",
            "so hoa",
            "so luong",
        ],
    ),
    rule(Dossiers, "dossier_id", &["bien nhan"], &["ngay", "thoi"]),
    rule(Dossiers, "unit_code", &["don vi"], &["ten", "thoi", "ngay"]),
    rule(
        Dossiers,
        "procedure_code",
        &["thu tuc"],
        &["ten", "linh vuc", "muc do", "ngay"],
    ),
    rule(
        Dossiers,
        "procedure_code",
        &["tthc"],
        &["ten", "linh vuc", "muc do", "ngay"],
    ),
    rule(Dossiers, "channel", &["kenh"], &[]),
    rule(Dossiers, "channel", &["hinh thuc nop"], &[]),
    rule(Dossiers, "channel", &["hinh thuc tiep nhan"], &[]),
    rule(Dossiers, "channel", &["phuong thuc nop"], &[]),
    rule(
        Dossiers,
        "channel",
        &["hinh thuc"],
        &["thanh toan", "ket qua", "phi"],
    ),
    rule(
        Dossiers,
        "received_at",
        &["tiep nhan"],
        &["don vi", "nguoi", "can bo", "so", "ma", "bo phan"],
    ),
    rule(
        Dossiers,
        "submitted_at",
        &["nop"],
        &["nguoi", "so", "ma", "phi"],
    ),
    rule(Dossiers, "returned_at", &["tra ket qua"], &["han", "hen"]),
    rule(
        Dossiers,
        "returned_at",
        &["ngay tra"],
        &["han", "hen", "tra lai"],
    ),
    rule(Dossiers, "due_at", &["han"], &["thoi han"]),
    rule(Dossiers, "due_at", &["hen tra"], &[]),
    rule(Dossiers, "finished_at", &["hoan thanh"], &[]),
    rule(Dossiers, "finished_at", &["co ket qua"], &["dien tu"]),
    rule(Dossiers, "finished_at", &["xu ly xong"], &[]),
    rule(Dossiers, "finished_at", &["giai quyet xong"], &[]),
    rule(Dossiers, "stopped_at", &["dung"], &[]),
    rule(Dossiers, "stopped_at", &["tu choi"], &[]),
    rule(Dossiers, "stopped_at", &["rut"], &[]),
    rule(Dossiers, "stopped_at", &["tra lai"], &[]),
    rule(Dossiers, "paid_online", &["thanh toan"], &[]),
    rule(Dossiers, "e_receipt", &["bien lai"], &[]),
    rule(Dossiers, "result_file", &["ket qua dien tu"], &[]),
    rule(Dossiers, "component_files", &["so hoa"], &["ket qua"]),
    rule(Dossiers, "vneid", &["vneid"], &[]),
    rule(Dossiers, "vneid", &["dan cu"], &[]),
    rule(Dossiers, "officer", &["can bo"], &["tiep nhan"]),
    rule(Procedures, "max_time_unit", &["don vi", "han"], &[]),
    rule(Procedures, "max_time_unit", &["don vi", "thoi gian"], &[]),
    rule(Procedures, "max_time", &["thoi han"], &["don vi"]),
    rule(
        Procedures,
        "max_time",
        &["thoi gian giai quyet"],
        &["don vi"],
    ),
    rule(
        Procedures,
        "procedure_code",
        &["ma"],
        &["linh vuc", "don vi", "cap"],
    ),
    rule(Procedures, "name", &["ten"], &[]),
    rule(Procedures, "level", &["cap"], &[]),
    rule(Procedures, "online_level", &["muc do"], &[]),
    rule(Procedures, "fee_bearing", &["phi"], &[]),
    rule(Procedures, "paper_result_required", &["ban giay"], &[]),
    rule(Procedures, "field", &["linh vuc"], &[]),
    rule(Units, "parent", &["cap tren"], &[]),
    rule(Units, "parent", &["truc thuoc"], &[]),
    rule(Units, "code", &["ma"], &[]),
    rule(Units, "name", &["ten"], &[]),
    rule(Units, "level", &["cap"], &[]),
    rule(
        Petitions,
        "petition_id",
        &["pakn"],
        &["ngay", "noi dung", "thoi"],
    ),
    rule(
        Petitions,
        "petition_id",
        &["phan anh"],
        &["ngay", "noi dung", "thoi"],
    ),
    rule(Petitions, "unit_code", &["don vi"], &["ten"]),
    rule(Petitions, "received_at", &["tiep nhan"], &[]),
    rule(Petitions, "published_at", &["cong khai"], &[]),
    rule(Petitions, "published_at", &["tra loi"], &[]),
    rule(Petitions, "dislikes", &["khong hai long"], &[]),
    rule(Petitions, "likes", &["hai long"], &[]),
    rule(Petitions, "dislikes", &["khong thich"], &[]),
    rule(Petitions, "likes", &["thich"], &[]),
    rule(Holidays, "kind", &["loai"], &[]),
    rule(Holidays, "name", &["ten"], &[]),
    rule(Holidays, "date", &["ngay"], &[]),
];

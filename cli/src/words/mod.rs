//! The words one-stop-shop systems' exports usually use: headers for SPEC §7's fields and words
//! for their values, so `init` can map an office's file and a message can suggest a word's value.
//! Matched after folding and without diacritics (`Ma ho so` is `Mã hồ sơ`).

mod headers;
mod values;

use std::collections::BTreeMap;

use chiso766::input::bare;
use chiso766::record::RecordKind;

pub use values::{describe, kind_vi, meaning};

/// A header as matched: folded, without diacritics, spaces and dashes as underscores.
pub fn key(text: &str) -> String {
    bare(text).replace([' ', '-'], "_")
}

/// The field of `kind` a header usually names, whole: the field's own name or a usual header.
fn usual_field(kind: RecordKind, header: &str) -> Option<&'static str> {
    let wanted = key(header);
    if let Some(field) = kind.fields().find(|f| *f == wanted) {
        return Some(field);
    }
    (headers::HEADERS.iter())
        .filter(|(k, _, _)| *k == kind)
        .find(|(_, _, headers)| headers.iter().any(|h| key(h) == wanted))
        .map(|(_, field, _)| *field)
}

/// Whether `header` holds the words of `phrase`, in order, as whole words.
fn holds(header: &str, phrase: &str) -> bool {
    format!(" {header} ").contains(&format!(" {phrase} "))
}

/// The field of `kind` a header's keywords point to, among those not taken.
fn keyword_field(
    kind: RecordKind,
    header: &str,
    taken: &BTreeMap<&str, String>,
) -> Option<&'static str> {
    let bare = bare(header).replace(['_', '-', '(', ')', ',', '.', '/'], " ");
    let bare = bare.split_whitespace().collect::<Vec<_>>().join(" ");
    (headers::KEYWORDS.iter())
        .filter(|rule| rule.kind == kind && !taken.contains_key(rule.field))
        .find(|rule| {
            rule.with.iter().all(|w| holds(&bare, w))
                && !rule.without.iter().any(|w| holds(&bare, w))
        })
        .map(|rule| rule.field)
}

/// The fields of `kind` a file's headers name, with the header naming each: the usual headers
/// first, then, for the headers left, their keywords (`Thời điểm tiếp nhận` is `received_at`).
pub fn map_headers(kind: RecordKind, headers: &[String]) -> BTreeMap<&'static str, String> {
    let mut mapped: BTreeMap<&'static str, String> = BTreeMap::new();
    for header in headers {
        if let Some(field) = usual_field(kind, header) {
            mapped.entry(field).or_insert_with(|| header.clone());
        }
    }
    for header in headers {
        if mapped.values().any(|h| h == header) {
            continue;
        }
        if let Some(field) = keyword_field(kind, header, &mapped) {
            mapped.insert(field, header.clone());
        }
    }
    mapped
}

/// The field of `kind` a header usually names (whole, or by its keywords).
pub fn field_of(kind: RecordKind, header: &str) -> Option<&'static str> {
    usual_field(kind, header).or_else(|| keyword_field(kind, header, &BTreeMap::new()))
}

/// What an office's `word` for a value of `field` usually stands for.
pub fn value_of(kind: RecordKind, field: &str, word: &str) -> Option<&'static str> {
    let wanted = bare(word);
    let values = kind.values(field)?;
    if values.contains(&wanted.as_str()) {
        return None;
    }
    if values.contains(&"true") {
        return (values::FLAG_WORDS.iter())
            .find(|(w, _)| *w == wanted)
            .map(|(_, v)| *v);
    }
    let usual = (values::VALUES.iter())
        .filter(|(f, _, v)| *f == field && values.contains(v))
        .find(|(_, w, _)| *w == wanted)
        .map(|(_, _, v)| *v);
    usual.or_else(|| by_keyword(field, &wanted))
}

/// A channel or payment word by what it holds: `Nộp trực tuyến` is online.
fn by_keyword(field: &str, word: &str) -> Option<&'static str> {
    let rules: &[(&str, &str)] = match field {
        "channel" => &[
            ("truc tuyen", "2"),
            ("qua mang", "2"),
            ("online", "2"),
            ("dich vu cong", "2"),
            ("buu", "3"),
            ("truc tiep", "1"),
            ("tai quay", "1"),
            ("mot cua", "1"),
        ],
        "paid_online" => &[
            ("chua", "0"),
            ("khong", "0"),
            ("dvcqg", "1"),
            ("quoc gia", "1"),
            ("tinh", "2"),
            ("bo", "2"),
        ],
        "max_time_unit" => &[
            ("gio", "hours"),
            ("lam viec", "working_days"),
            ("ngay", "days"),
        ],
        "online_level" => &[
            ("toan trinh", "full"),
            ("mot phan", "partial"),
            ("khong", "none"),
        ],
        _ => &[],
    };
    rules
        .iter()
        .find(|(phrase, _)| holds(word, phrase))
        .map(|(_, value)| *value)
}

/// The kinds a file's name suggests (`ho-so-thang-10.csv` holds dossiers).
fn named_kind(name: &str) -> Option<RecordKind> {
    let name = key(name);
    let hints: [(&[&str], RecordKind); 5] = [
        (&["ho_so", "hoso", "dossier"], RecordKind::Dossiers),
        (
            &["thu_tuc", "thutuc", "tthc", "procedure"],
            RecordKind::Procedures,
        ),
        (&["don_vi", "donvi", "unit", "co_quan"], RecordKind::Units),
        (
            &["pakn", "phan_anh", "kien_nghi", "petition"],
            RecordKind::Petitions,
        ),
        (&["ngay_nghi", "holiday", "nghi_le"], RecordKind::Holidays),
    ];
    hints
        .into_iter()
        .find(|(words, _)| words.iter().any(|w| name.contains(w)))
        .map(|(_, kind)| kind)
}

/// How well a file fits `kind`: its required fields named count most, then every field named,
/// then a file name that says so; `None` when fewer than two fields, or no required one, are
/// named.
pub fn fit(kind: RecordKind, headers: &[String], file_name: &str) -> Option<usize> {
    let mapped = map_headers(kind, headers);
    let required = kind.required().filter(|f| mapped.contains_key(f)).count();
    if required == 0 || mapped.len() < 2 {
        return None;
    }
    let named = usize::from(named_kind(file_name) == Some(kind));
    Some(10 * required + mapped.len() + 5 * named)
}

#[cfg(test)]
mod tests {
    use super::{bare, field_of, fit, map_headers, value_of};
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

    fn headers(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_file_is_recognised_by_its_required_headers() {
        let dossiers = headers(&["Mã hồ sơ", "Mã đơn vị", "Mã thủ tục", "Ngày tiếp nhận"]);
        let fits = |kind, h: &[String]| fit(kind, h, "export.csv");
        assert!(fits(RecordKind::Dossiers, &dossiers) > fits(RecordKind::Petitions, &dossiers));
        assert_eq!(fits(RecordKind::Units, &dossiers), None);
        let units = headers(&["Mã đơn vị", "Tên đơn vị", "Cấp", "Mã đơn vị cấp trên"]);
        assert!(fits(RecordKind::Units, &units).is_some());
        assert_eq!(fits(RecordKind::Dossiers, &units), None);
    }

    // Headers that are none of the usual ones are recognised by their words.
    #[test]
    fn unusual_headers_are_recognised_by_their_keywords() {
        let export = headers(&[
            "STT",
            "Số hồ sơ",
            "Đơn vị xử lý",
            "Mã TTHC",
            "Người nộp",
            "Thời điểm tiếp nhận",
            "Hạn trả kết quả",
            "Ngày hoàn thành",
            "Ngày trả kết quả",
            "Kênh nộp",
            "Ghi chú",
        ]);
        let mapped = map_headers(RecordKind::Dossiers, &export);
        let expected = [
            ("dossier_id", "Số hồ sơ"),
            ("unit_code", "Đơn vị xử lý"),
            ("procedure_code", "Mã TTHC"),
            ("received_at", "Thời điểm tiếp nhận"),
            ("due_at", "Hạn trả kết quả"),
            ("finished_at", "Ngày hoàn thành"),
            ("returned_at", "Ngày trả kết quả"),
            ("channel", "Kênh nộp"),
        ];
        for (field, header) in expected {
            assert_eq!(
                mapped.get(field).map(String::as_str),
                Some(header),
                "{field}"
            );
        }
        assert_eq!(mapped.len(), expected.len(), "{mapped:?}");
        // “Hình thức” alone is how the dossier came; of payment or of the result it is not.
        let mapped = map_headers(
            RecordKind::Dossiers,
            &headers(&[
                "Hình thức nhận kết quả",
                "Hình thức",
                "Hình thức thanh toán",
            ]),
        );
        assert_eq!(mapped.get("channel").map(String::as_str), Some("Hình thức"));
        let mapped = map_headers(
            RecordKind::Petitions,
            &headers(&["Số lượt thích", "Số lượt không thích"]),
        );
        assert_eq!(
            mapped.get("likes").map(String::as_str),
            Some("Số lượt thích")
        );
        assert_eq!(
            mapped.get("dislikes").map(String::as_str),
            Some("Số lượt không thích")
        );
        let catalogue = headers(&[
            "Mã TTHC",
            "Tên TTHC",
            "Cấp",
            "Thời hạn",
            "Đơn vị tính thời hạn",
        ]);
        let mapped = map_headers(RecordKind::Procedures, &catalogue);
        assert_eq!(
            mapped.get("max_time_unit").map(String::as_str),
            Some("Đơn vị tính thời hạn")
        );
        assert_eq!(mapped.get("max_time").map(String::as_str), Some("Thời hạn"));
    }

    #[test]
    fn channel_words_are_recognised_by_what_they_hold() {
        let channel = |w| value_of(RecordKind::Dossiers, "channel", w);
        assert_eq!(channel("Nộp trực tiếp"), Some("1"));
        assert_eq!(channel("Nộp trực tuyến"), Some("2"));
        assert_eq!(channel("Qua bưu điện"), Some("3"));
        assert_eq!(channel("Khác"), None);
        let paid = |w| value_of(RecordKind::Dossiers, "paid_online", w);
        assert_eq!(paid("Chưa thanh toán trực tuyến"), Some("0"));
        assert_eq!(paid("Qua Cổng DVCQG"), Some("1"));
        assert_eq!(paid("Qua Cổng DVC tỉnh"), Some("2"));
        let unit = |w| value_of(RecordKind::Procedures, "max_time_unit", w);
        assert_eq!(unit("Giờ làm việc"), Some("hours"));
        assert_eq!(unit("Ngày làm việc"), Some("working_days"));
    }
}

//! The report as a Word document (SPEC §11): read back from its XML, the parts of an
//! administrative document of Decree 30/2020/NĐ-CP, the two sections (portrait body, landscape
//! appendix), the margins, the typeface, and the page number at the top from page 2.

use std::io::Read;

use chiso766::report::{self, Document};

use crate::monthly::report as monthly_report;

/// The parts of the `.docx` package, by name.
fn parts(bytes: &[u8]) -> Vec<(String, String)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut text = String::new();
            file.read_to_string(&mut text).unwrap();
            (file.name().to_owned(), text)
        })
        .collect()
}

fn part<'p>(parts: &'p [(String, String)], name: &str) -> &'p str {
    let found = parts.iter().find(|(n, _)| n == name);
    &found.unwrap_or_else(|| panic!("no part {name}")).1
}

fn office() -> Document {
    Document {
        issuer_parent: Some("Uỷ ban nhân dân tỉnh Phú Thọ".into()),
        issuer: Some("VĂN PHÒNG".into()),
        symbol: Some("BC-VP".into()),
        place: Some("Phú Thọ".into()),
        written_on: Some(jiff::civil::date(2026, 11, 3)),
        signer_title: vec!["KT. CHÁNH VĂN PHÒNG".into(), "PHÓ CHÁNH VĂN PHÒNG".into()],
        signer_name: Some("Nguyễn Văn A".into()),
        recipients: vec![
            "Văn phòng Chính phủ (Cục KSTTHC)".into(),
            "Chủ tịch, các PCT UBND tỉnh;".into(),
            "Lưu: VT".into(),
        ],
    }
}

/// The text of every `<w:t>` of a part, in order, so a phrase split across runs still reads.
fn text_of(xml: &str) -> String {
    let mut out = String::new();
    for piece in xml.split("<w:t").skip(1) {
        let Some(start) = piece.find('>') else {
            continue;
        };
        let body = &piece[start + 1..];
        if let Some(end) = body.find("</w:t>") {
            out.push_str(&body[..end]);
            out.push('\n');
        }
    }
    out
}

#[test]
fn the_parts_of_the_decree_in_order() {
    let report = monthly_report(false).with_document(office());
    let parts = parts(&report::docx::monthly(&report).unwrap());
    let text = text_of(part(&parts, "word/document.xml"));
    let order = [
        // A long parent body breaks before its place, as offices set it.
        "UỶ BAN NHÂN DÂN\nTỈNH PHÚ THỌ",
        "VĂN PHÒNG",
        "Số: ……/BC-VP",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Phú Thọ, ngày …… tháng …… năm 2026",
        "BÁO CÁO",
        "Kết quả tiếp nhận, giải quyết thủ tục hành chính tháng 5/2026",
        // The tasks end with the date units report back by, to the issuing office, left blank.
        "- Các đơn vị báo cáo kết quả thực hiện về Văn phòng Uỷ ban nhân dân tỉnh Phú Thọ trước \
         ngày ……/……/…….",
        "Nơi nhận:",
        "- Văn phòng Chính phủ (Cục KSTTHC);",
        "- Chủ tịch, các PCT UBND tỉnh;",
        "- Lưu: VT.",
        "KT. CHÁNH VĂN PHÒNG",
        "PHÓ CHÁNH VĂN PHÒNG",
        "Nguyễn Văn A",
        "Phụ lục",
        "(Kèm theo Báo cáo số ……/BC-VP ngày …… tháng …… năm 2026 của Văn phòng Uỷ ban nhân dân \
         tỉnh Phú Thọ)",
    ];
    let mut from = 0;
    for expected in order {
        let at = text[from..]
            .find(expected)
            .unwrap_or_else(|| panic!("“{expected}” not found after byte {from} in:\n{text}"));
        from += at + expected.len();
    }
}

#[test]
fn blank_parts_are_dotted_lines_to_fill_in() {
    let report = monthly_report(false);
    let parts = parts(&report::docx::monthly(&report).unwrap());
    let text = text_of(part(&parts, "word/document.xml"));
    for line in [
        "Số: ……/BC-……",
        "……, ngày …… tháng …… năm ……",
        "- ……;",
        "- Lưu: VT.",
    ] {
        assert!(text.contains(line), "“{line}” not in:\n{text}");
    }
}

/// The attributes of every `<w:sectPr>`'s page size and margins, in order.
fn sections(xml: &str) -> Vec<&str> {
    xml.split("<w:sectPr")
        .skip(1)
        .map(|s| &s[..s.find("</w:sectPr>").unwrap()])
        .collect()
}

#[test]
fn a_portrait_body_and_a_landscape_appendix() {
    let report = monthly_report(false).with_document(office());
    let parts = parts(&report::docx::monthly(&report).unwrap());
    let document = part(&parts, "word/document.xml");
    let sections = sections(document);
    assert_eq!(sections.len(), 2, "{document}");
    let (body, appendix) = (sections[0], sections[1]);
    // A4 portrait, then A4 landscape.
    assert!(body.contains(r#"w:w="11906" w:h="16838""#), "{body}");
    assert!(
        appendix.contains(r#"w:w="16838" w:h="11906""#),
        "{appendix}"
    );
    assert!(appendix.contains(r#"w:orient="landscape""#), "{appendix}");
    // The decree's margins: top and bottom 20 mm, right 15 mm, left 30 mm, in twips.
    for margin in [
        r#"w:top="1133""#,
        r#"w:right="850""#,
        r#"w:bottom="1133""#,
        r#"w:left="1700""#,
    ] {
        assert!(body.contains(margin), "{margin} not in {body}");
    }
    // The page number from page 2: the first section's first page has a page of its own with
    // no header given (a blank one, by the standard), the others the default header.
    assert!(body.contains("<w:titlePg"), "{body}");
    assert!(!body.contains(r#"w:type="first""#), "{body}");
    assert!(body.contains(r#"w:type="default""#), "{body}");
    let numbered = (parts.iter())
        .filter(|(name, _)| name.starts_with("word/header"))
        .filter(|(_, xml)| xml.contains("PAGE"))
        .count();
    assert!(numbered >= 1, "no header holds the PAGE field");
    // The appendix's table holds every unit.
    let appendix_text = text_of(&document[document.find("Phụ lục").unwrap()..]);
    for unit in &report.units {
        assert!(
            appendix_text.contains(&unit.code),
            "{} not in the appendix",
            unit.code
        );
    }
}

#[test]
fn times_new_roman_at_fourteen_points() {
    let report = monthly_report(false);
    let parts = parts(&report::docx::monthly(&report).unwrap());
    let styles = part(&parts, "word/styles.xml");
    assert!(styles.contains(r#"w:ascii="Times New Roman""#), "{styles}");
    assert!(styles.contains(r#"<w:sz w:val="28""#), "{styles}");
    let document = part(&parts, "word/document.xml");
    // The body is justified with its first line indented.
    assert!(document.contains(r#"<w:jc w:val="both""#));
    assert!(document.contains(r#"w:firstLine="567""#));
}

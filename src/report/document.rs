//! The parts of the administrative document around a report's body (SPEC §11, Decree
//! 30/2020/NĐ-CP, Appendix I): who issues it, its number, where and when, who signs it and who
//! receives it, and the lines they make. A part the office has not given is a dotted line to fill
//! in by hand, never a guess.

use jiff::civil::Date;
use serde::{Serialize, Serializer};

use crate::period::{Period, PeriodKind};

/// What fills a blank part of the document: a dotted line for the office to write on.
pub const BLANK: &str = "……";

/// The national name, at the top right of every administrative document.
pub const NATION: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";

/// The motto under the national name.
pub const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";

/// The kind of document, above its subject.
pub const KIND: &str = "BÁO CÁO";

/// The heading of the recipients' list.
pub const RECIPIENTS: &str = "Nơi nhận:";

/// The heading of the appendix.
pub const APPENDIX: &str = "Phụ lục";

/// The line that ends a body whose tables follow as an appendix (seed `000_…`).
pub const WITH_APPENDIX: &str = "(Có Phụ lục kèm theo)";

/// The report's subject under `BÁO CÁO`: “Kết quả tiếp nhận, giải quyết thủ tục hành chính tháng
/// 10/2026”.
pub fn subject(period: Period) -> String {
    let period = match period.kind() {
        PeriodKind::Range { .. } => format!("kỳ {}", period.label_vi()),
        _ => period.label_vi(),
    };
    format!("Kết quả tiếp nhận, giải quyết thủ tục hành chính {period}")
}

/// The document's parts the office gives (its profile's `[report]` fields), all optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Document {
    /// The parent body, in capitals: “UỶ BAN NHÂN DÂN TỈNH PHÚ THỌ”.
    pub issuer_parent: Option<String>,
    /// The issuing office, in capitals: “VĂN PHÒNG”.
    pub issuer: Option<String>,
    /// The document's symbol after its number: “BC-VP” in “Số: …/BC-VP”.
    pub symbol: Option<String>,
    /// The place in the date line: “Phú Thọ”.
    pub place: Option<String>,
    /// The day the report was written; its year goes on the date line, whose day and month are
    /// left for the day it is signed.
    #[serde(serialize_with = "iso_date")]
    pub written_on: Option<Date>,
    /// The signer's authority and title, one line each: “KT. CHÁNH VĂN PHÒNG”, “PHÓ CHÁNH VĂN
    /// PHÒNG”.
    pub signer_title: Vec<String>,
    /// The signer's name.
    pub signer_name: Option<String>,
    /// The recipients, in order (the last is usually “Lưu: VT, …”).
    pub recipients: Vec<String>,
}

fn iso_date<S: Serializer>(date: &Option<Date>, serializer: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(date) => serializer.serialize_some(&date.to_string()),
        None => serializer.serialize_none(),
    }
}

/// A part as written, or the dotted line when it is blank.
fn or_blank(part: Option<&str>) -> &str {
    part.map(str::trim)
        .filter(|p| !p.is_empty())
        .unwrap_or(BLANK)
}

impl Document {
    /// The parent body, in capitals, on as many lines as the letterhead sets it: a long name
    /// breaks before its place (“UỶ BAN NHÂN DÂN” over “TỈNH PHÚ THỌ”), as offices set it,
    /// never inside the place's name.
    pub fn parent_lines(&self) -> Vec<String> {
        let parent = or_blank(self.issuer_parent.as_deref()).to_uppercase();
        let at = (PLACE_KINDS.iter())
            .filter_map(|kind| parent.find(&format!(" {kind} ")))
            .min()
            .filter(|_| parent.chars().count() > PARENT_LINE);
        match at {
            Some(at) => vec![parent[..at].to_owned(), parent[at + 1..].to_owned()],
            None => vec![parent],
        }
    }

    /// The issuing office's line, in capitals.
    pub fn issuer_line(&self) -> String {
        or_blank(self.issuer.as_deref()).to_uppercase()
    }

    /// “Số: …/BC-VP”: the number is given when the document is registered, so it stays blank.
    pub fn number_line(&self) -> String {
        format!("Số: {BLANK}/{}", self.symbol_text())
    }

    fn symbol_text(&self) -> String {
        match self.symbol.as_deref().map(str::trim) {
            Some(symbol) if !symbol.is_empty() => symbol.to_owned(),
            _ => format!("BC-{BLANK}"),
        }
    }

    /// “Phú Thọ, ngày … tháng … năm 2026”: the day and month are written when it is signed.
    pub fn date_line(&self) -> String {
        format!(
            "{}, ngày {BLANK} tháng {BLANK} năm {}",
            or_blank(self.place.as_deref()),
            self.year()
        )
    }

    fn year(&self) -> String {
        self.written_on
            .map_or_else(|| BLANK.to_owned(), |d| d.year().to_string())
    }

    /// The issuing office as a sentence names it, when given: “VĂN PHÒNG” under “UỶ BAN NHÂN DÂN
    /// TỈNH PHÚ THỌ” with the place “Phú Thọ” is “Văn phòng Uỷ ban nhân dân tỉnh Phú Thọ”, a
    /// department (“SỞ NỘI VỤ”) is named by itself; the place keeps its capitals from the
    /// profile's `place`, which capitals alone cannot tell.
    pub fn issuer_in_sentence(&self) -> Option<String> {
        let issuer = self
            .issuer
            .as_deref()
            .map(str::trim)
            .filter(|i| !i.is_empty())?;
        let place = self
            .place
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty());
        let mut named = sentence_case(issuer);
        if let Some(place) = place {
            named = named.replace(&place.to_lowercase(), place);
        }
        let parent = self.issuer_parent.as_deref().map(str::trim);
        if let (Some(parent), Some(place)) = (parent, place) {
            let (upper, place_upper) = (parent.to_uppercase(), place.to_uppercase());
            // An office (“Văn phòng”) is named with the body it belongs to, unless it says its
            // place; a department (“Sở Nội vụ”) is named by itself.
            let names_place = issuer.to_uppercase().contains(&place_upper)
                || !issuer.to_uppercase().starts_with("VĂN PHÒNG");
            if let (Some(body), false) = (upper.strip_suffix(&place_upper), names_place) {
                named = format!("{named} {} {place}", sentence_case(body.trim_end()));
            }
        }
        Some(named)
    }

    /// The appendix's reference line: “(Kèm theo Báo cáo số …/BC-VP ngày … tháng … năm 2026 của
    /// Văn phòng)”.
    pub fn appendix_reference(&self) -> String {
        let issuer = self
            .issuer_in_sentence()
            .unwrap_or_else(|| BLANK.to_owned());
        format!(
            "(Kèm theo Báo cáo số {BLANK}/{} ngày {BLANK} tháng {BLANK} năm {} của {issuer})",
            self.symbol_text(),
            self.year()
        )
    }

    /// The signer's lines, in capitals, or a dotted line for the title when none is given.
    pub fn signer_lines(&self) -> Vec<String> {
        let lines: Vec<String> = (self.signer_title.iter())
            .map(|l| l.trim().to_uppercase())
            .filter(|l| !l.is_empty())
            .collect();
        if lines.is_empty() {
            vec![BLANK.to_owned()]
        } else {
            lines
        }
    }

    /// The signer's name, or a dotted line to write it on.
    pub fn signer_name_line(&self) -> String {
        or_blank(self.signer_name.as_deref()).to_owned()
    }

    /// The recipients as the decree lists them: “- Văn phòng Chính phủ;” … “- Lưu: VT.”; a
    /// dotted line and the archive when none are given.
    pub fn recipient_lines(&self) -> Vec<String> {
        let given: Vec<&str> = (self.recipients.iter())
            .map(|r| r.trim().trim_end_matches([';', '.']).trim())
            .filter(|r| !r.is_empty())
            .collect();
        let recipients = if given.is_empty() {
            vec![BLANK, "Lưu: VT"]
        } else {
            given
        };
        let last = recipients.len() - 1;
        (recipients.iter().enumerate())
            .map(|(i, r)| format!("- {r}{}", if i == last { "." } else { ";" }))
            .collect()
    }
}

/// The kinds of place a body's name ends with, where a long name breaks onto a second line.
const PLACE_KINDS: [&str; 6] = ["TỈNH", "THÀNH PHỐ", "HUYỆN", "QUẬN", "XÃ", "PHƯỜNG"];

/// The longest parent body's name set on one line of the letterhead, in characters.
const PARENT_LINE: usize = 24;

/// Abbreviations that stay in capitals inside a sentence.
const ABBREVIATIONS: [&str; 6] = ["UBND", "HĐND", "TTHC", "MTTQ", "VP", "KT."];

/// “VĂN PHÒNG UBND TỈNH” as a sentence names it: “Văn phòng UBND tỉnh”; a name already in mixed
/// case is kept as written.
fn sentence_case(text: &str) -> String {
    if text.chars().any(char::is_lowercase) {
        return text.to_owned();
    }
    let words: Vec<String> = (text.split_whitespace().enumerate())
        .map(|(i, word)| {
            if ABBREVIATIONS.contains(&word) {
                return word.to_owned();
            }
            crate::notation::first_letter(&word.to_lowercase(), i == 0)
        })
        .collect();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::Document;

    fn office(issuer: &str) -> Document {
        Document {
            issuer_parent: Some("UỶ BAN NHÂN DÂN TỈNH PHÚ THỌ".into()),
            issuer: Some(issuer.into()),
            place: Some("Phú Thọ".into()),
            ..Document::default()
        }
    }

    #[test]
    fn the_issuer_as_a_sentence_names_it() {
        let named = |issuer: &str| office(issuer).issuer_in_sentence().unwrap();
        assert_eq!(named("VĂN PHÒNG"), "Văn phòng Uỷ ban nhân dân tỉnh Phú Thọ");
        assert_eq!(
            named("VĂN PHÒNG UBND TỈNH PHÚ THỌ"),
            "Văn phòng UBND tỉnh Phú Thọ"
        );
        assert_eq!(named("Sở Nội vụ"), "Sở Nội vụ");
        assert_eq!(Document::default().issuer_in_sentence(), None);
    }

    #[test]
    fn a_long_parent_breaks_before_its_place() {
        assert_eq!(
            office("VĂN PHÒNG").parent_lines(),
            ["UỶ BAN NHÂN DÂN", "TỈNH PHÚ THỌ"]
        );
        let short = Document {
            issuer_parent: Some("UBND TỈNH PHÚ THỌ".into()),
            ..Document::default()
        };
        assert_eq!(short.parent_lines(), ["UBND TỈNH PHÚ THỌ"]);
        assert_eq!(Document::default().parent_lines(), ["……"]);
    }
}

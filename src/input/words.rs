//! An office's own words: the headers and values its exports use for the specification's names
//! (SPEC §10), matched after trimming, Unicode NFC and case folding.
//!
//! A one-stop-shop system exports `Mã hồ sơ` where SPEC §7 says `dossier_id`, and `Trực tuyến`
//! where it says channel `2`. A [`Vocabulary`] says so once, and every reader under
//! [`ReadOptions::vocabulary`](super::ReadOptions::vocabulary) reads the office's file as it is:
//!
//! ```
//! use chiso766::input::Vocabulary;
//! use chiso766::record::{Channel, Format};
//! use chiso766::ReadOptions;
//!
//! let mut words = Vocabulary::new();
//! words.set_column("dossiers", "dossier_id", "Mã hồ sơ");
//! words.set_column("dossiers", "unit_code", "Mã đơn vị");
//! words.set_column("dossiers", "procedure_code", "Mã thủ tục");
//! words.set_column("dossiers", "channel", "Hình thức nộp");
//! words.add_value("dossiers", "channel", "Trực tuyến", "2");
//!
//! let csv = "MÃ HỒ SƠ;Mã đơn vị;Mã thủ tục;Hình thức nộp\nHS-1;H44.101;1.001;trực tuyến\n";
//! let options = ReadOptions::new().vocabulary(words);
//! let dossier = options.dossiers(csv.as_bytes(), Format::Csv, "ho-so.csv")?.next().unwrap()?;
//! assert_eq!(dossier.record.channel, Channel::Online);
//! # Ok::<(), chiso766::Error>(())
//! ```

use std::collections::BTreeMap;

use super::composed;

/// An office's headers and words for the fields of each kind of file (`dossiers`, `petitions`,
/// `procedures`, `units`, `holidays`: [`RecordKind::name`](crate::record::RecordKind::name)).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Vocabulary {
    files: BTreeMap<String, FileWords>,
}

/// The headers and words of one kind of file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileWords {
    /// Field → the header as the office writes it.
    columns: BTreeMap<String, String>,
    /// Field → its words, in the order given.
    values: BTreeMap<String, Vec<Word>>,
}

/// One of an office's words for a field's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The word as the office writes it (`Trực tuyến`).
    pub word: String,
    /// The word folded ([`fold`]), as it is matched.
    pub folded: String,
    /// The value it stands for, as the specification writes it (`2`).
    pub value: String,
}

impl Vocabulary {
    /// No words: every file is read with the specification's own names.
    pub fn new() -> Vocabulary {
        Vocabulary::default()
    }

    /// Whether no file has words of its own.
    pub fn is_empty(&self) -> bool {
        self.files.values().all(FileWords::is_empty)
    }

    /// The column headed `header` in `file`'s kind of file holds `field` (a name of SPEC §7).
    /// A later call for the same field replaces the header.
    pub fn set_column(&mut self, file: &str, field: &str, header: &str) {
        let words = self.files.entry(file.to_owned()).or_default();
        words.columns.insert(field.to_owned(), header.to_owned());
    }

    /// `word` in `field` of `file`'s kind of file stands for `value`, as the specification writes
    /// it (`"Trực tuyến"` for channel `"2"`, `"Có"` for a boolean `"1"`).
    pub fn add_value(&mut self, file: &str, field: &str, word: &str, value: &str) {
        let words = self.files.entry(file.to_owned()).or_default();
        words
            .values
            .entry(field.to_owned())
            .or_default()
            .push(Word {
                word: word.to_owned(),
                folded: fold(word),
                value: value.to_owned(),
            });
    }

    /// The words of one kind of file, if it has any.
    pub fn file(&self, file: &str) -> Option<&FileWords> {
        self.files.get(file)
    }
}

impl FileWords {
    /// Whether the file has no words of its own.
    pub fn is_empty(&self) -> bool {
        self.columns.is_empty() && self.values.is_empty()
    }

    /// The header the office gives `field`.
    pub fn header(&self, field: &str) -> Option<&str> {
        self.columns.get(field).map(String::as_str)
    }

    /// Every field given a header, with it.
    pub fn columns(&self) -> impl Iterator<Item = (&str, &str)> {
        self.columns.iter().map(|(f, h)| (f.as_str(), h.as_str()))
    }

    /// The office's words for `field`'s values.
    pub fn words(&self, field: &str) -> &[Word] {
        self.values.get(field).map_or(&[], Vec::as_slice)
    }

    /// Every field given words.
    pub fn fields_with_words(&self) -> impl Iterator<Item = &str> {
        self.values.keys().map(String::as_str)
    }
}

/// Text as headers and words are matched: trimmed, runs of spaces made one, in Unicode's composed
/// form (NFC) and lower case, so `"MÃ HỒ SƠ "` and `"Mã hồ sơ"` are one header.
pub fn fold(text: &str) -> String {
    let composed = composed(text.trim());
    let mut out = String::with_capacity(composed.len());
    let mut space = false;
    for c in composed.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if std::mem::take(&mut space) {
            out.push(' ');
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// Text folded ([`fold`]) and stripped of its diacritics (`đ` as `d`), to find the header an
/// office probably meant when none matches: `Ma ho so` for `Mã hồ sơ`.
pub fn bare(text: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    fold(text)
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{bare, fold};

    #[test]
    fn headers_match_whatever_their_case_spaces_and_composition() {
        assert_eq!(fold("  MÃ HỒ  SƠ "), "mã hồ sơ");
        // "Mã" typed on a Mac: decomposed.
        assert_eq!(fold("Ma\u{0303} hồ sơ"), fold("Mã hồ sơ"));
        assert_eq!(fold("ĐƠN VỊ"), "đơn vị");
        assert_eq!(bare("Mã đơn vị"), "ma don vi");
    }
}

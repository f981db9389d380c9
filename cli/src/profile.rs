//! The office's profile, `chiso766.toml` (SPEC §10): where its files are and how to read them
//! (its own headers and words), and the report's fields. Read with `toml` into spanned values and
//! checked key by key, so that every problem names the profile's line, in Vietnamese.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chiso766::input::{fold, Vocabulary};
use chiso766::record::RecordKind;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::args::Format;

/// Why a profile could not be used.
#[derive(Debug)]
pub enum ProfileError {
    /// The file could not be read.
    Unreadable(chiso766::Error),
    /// Its content is wrong at a line.
    At {
        /// The profile's path.
        path: String,
        /// The line, when known.
        line: Option<usize>,
        /// What is wrong.
        what: String,
        /// What to do.
        fix: Option<String>,
    },
}

/// The profile's file name, looked for in the current folder.
pub const FILE_NAME: &str = "chiso766.toml";

/// A value of the profile with the line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At<T> {
    /// The value.
    pub value: T,
    /// Its line in the profile.
    pub line: usize,
}

/// An office's profile.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    /// Where it was read from.
    pub path: PathBuf,
    /// The unit whose report this is.
    pub province: Option<At<String>>,
    /// A built-in methodology's name, or the path of an edition's JSON.
    pub methodology: Option<At<String>>,
    /// The files, relative to the profile's folder made absolute.
    pub files: Files,
    /// How files are read.
    pub read: Read,
    /// The office's headers, per kind of file.
    pub columns: BTreeMap<RecordKind, Vec<Mapped>>,
    /// The office's words for fields' values, per kind of file.
    pub values: BTreeMap<RecordKind, Vec<Alias>>,
    /// The report's settings and the document's fields.
    pub report: Report,
}

/// A field given the office's header (`[columns.KIND]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapped {
    /// The field (SPEC §7).
    pub field: At<String>,
    /// The header in the office's file.
    pub header: At<String>,
}

/// A word of the office's for a field's value (`[values.KIND.FIELD]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// The field (SPEC §7).
    pub field: At<String>,
    /// The office's word.
    pub word: At<String>,
    /// The value it stands for, as the specification writes it.
    pub value: String,
}

/// The `[files]` section.
#[derive(Debug, Clone, Default)]
pub struct Files {
    /// The procedure catalogue.
    pub procedures: Option<At<PathBuf>>,
    /// The dossiers, one file or several.
    pub dossiers: Vec<At<PathBuf>>,
    /// The petitions.
    pub petitions: Vec<At<PathBuf>>,
    /// The units.
    pub units: Option<At<PathBuf>>,
    /// The province's own days off.
    pub holidays: Option<At<PathBuf>>,
    /// The counts records cannot give (templates filled in), one per period.
    pub counts: Vec<At<PathBuf>>,
}

/// The `[read]` section.
#[derive(Debug, Clone, Default)]
pub struct Read {
    /// Dates written day first.
    pub day_first: bool,
    /// Records with contradicting moments counted, with a warning each.
    pub lenient_timelines: bool,
    /// The longest line, in bytes.
    pub max_line_bytes: Option<usize>,
    /// The separator the office insists on.
    pub separator: Option<u8>,
}

/// The `[report]` section.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The on-time definition's name.
    pub on_time: Option<At<String>>,
    /// The formats written by default.
    pub formats: Vec<Format>,
    /// The folder (or file) written to by default.
    pub out: Option<At<PathBuf>>,
    /// The fields of the signed document (SPEC §11), by key.
    pub document: BTreeMap<&'static str, At<String>>,
    /// The recipients (`Nơi nhận`).
    pub recipients: Vec<At<String>>,
}

/// The document fields of `[report]` (SPEC §11), with what each is.
pub const DOCUMENT_FIELDS: [(&str, &str); 6] = [
    ("issuer_parent", "cơ quan chủ quản"),
    ("issuer", "cơ quan ban hành"),
    ("symbol", "ký hiệu văn bản"),
    ("place", "địa danh"),
    ("signer_title", "chức vụ người ký"),
    ("signer_name", "họ tên người ký"),
];

const TOP_KEYS: [&str; 7] = [
    "province",
    "methodology",
    "files",
    "read",
    "columns",
    "values",
    "report",
];
const FILE_KEYS: [&str; 6] = [
    "procedures",
    "dossiers",
    "petitions",
    "units",
    "holidays",
    "counts",
];
const READ_KEYS: [&str; 5] = [
    "day_first",
    "lenient_timelines",
    "max_line_bytes",
    "separator",
    "encoding",
];
const REPORT_KEYS: [&str; 10] = [
    "on_time",
    "formats",
    "out",
    "issuer_parent",
    "issuer",
    "symbol",
    "place",
    "signer_title",
    "signer_name",
    "recipients",
];

/// The profile being read: its text (for lines) and path (for errors).
struct Reader<'t> {
    text: &'t str,
    path: &'t Path,
}

type Entry<'a, 'i> = (
    &'a Spanned<std::borrow::Cow<'i, str>>,
    &'a Spanned<DeValue<'i>>,
);

impl Profile {
    /// The profile at `given`, or `chiso766.toml` in the current folder if there is one.
    ///
    /// Errors: a profile given that cannot be read; any problem of its content.
    pub fn find(given: Option<&Path>) -> Result<Option<Profile>, ProfileError> {
        match given {
            Some(path) => Profile::read(path).map(Some),
            None => {
                let path = Path::new(FILE_NAME);
                if path.is_file() {
                    Profile::read(path).map(Some)
                } else {
                    Ok(None)
                }
            }
        }
    }

    /// Reads and checks the profile at `path`.
    pub fn read(path: &Path) -> Result<Profile, ProfileError> {
        let text = match chiso766::input::read_file(&path.to_string_lossy()) {
            Err(error) if is_empty(&error) => String::new(),
            read => read.map_err(ProfileError::Unreadable)?,
        };
        if text.trim().is_empty() {
            return Err(ProfileError::At {
                path: path.display().to_string(),
                line: None,
                what: "tệp cấu hình trống".to_owned(),
                fix: Some(format!(
                    "xoá tệp rồi chạy chiso766 init ở thư mục có các tệp xuất từ hệ thống một cửa \
                     để lập lại {FILE_NAME}, hoặc ghi vào tệp ít nhất province = \"MÃ TỈNH\" và \
                     mục [files]"
                )),
            });
        }
        Profile::parse(&text, path)
    }

    /// Checks the profile's text, read from `path` (for its folder and in errors).
    pub fn parse(text: &str, path: &Path) -> Result<Profile, ProfileError> {
        let reader = Reader { text, path };
        let table = DeTable::parse(text).map_err(|e| {
            let line = e.span().map(|s| reader.line_of(s.start));
            reader.error(
                line,
                format!(
                    "không đọc được cú pháp TOML (bộ đọc TOML báo: {})",
                    e.message().trim()
                ),
                Some(
                    "kiểm tra dấu ngoặc kép quanh chữ, dấu = giữa tên và giá trị, tên mục trong \
                     [ ] và mỗi tên chỉ ghi một lần trong một mục"
                        .to_owned(),
                ),
            )
        })?;
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut profile = Profile {
            path: path.to_path_buf(),
            ..Profile::default()
        };
        for (key, value) in table.get_ref().iter() {
            reader.known(key, &TOP_KEYS, "")?;
            match key.get_ref().as_ref() {
                "province" => profile.province = Some(reader.text_of(value, "province")?),
                "methodology" => profile.methodology = Some(reader.text_of(value, "methodology")?),
                "files" => profile.files = reader.files(value, &dir)?,
                "read" => profile.read = reader.read_section(value)?,
                "columns" => profile.columns = reader.columns(value)?,
                "values" => profile.values = reader.values(value)?,
                _ => profile.report = reader.report(value, &dir)?,
            }
        }
        reader.require(&profile)?;
        Ok(profile)
    }

    /// The office's headers and words, for the readers.
    pub fn vocabulary(&self) -> Vocabulary {
        let mut vocabulary = Vocabulary::new();
        for (kind, columns) in &self.columns {
            for mapped in columns {
                vocabulary.set_column(kind.name(), &mapped.field.value, &mapped.header.value);
            }
        }
        for (kind, words) in &self.values {
            for alias in words {
                vocabulary.add_value(
                    kind.name(),
                    &alias.field.value,
                    &alias.word.value,
                    &alias.value,
                );
            }
        }
        vocabulary
    }

    /// The profile's name as errors show it.
    pub fn shown(&self) -> String {
        self.path.display().to_string()
    }
}

/// Whether the library refused a file for being empty.
fn is_empty(error: &chiso766::Error) -> bool {
    matches!(
        error.kind(),
        chiso766::ErrorKind::Layout {
            problem: chiso766::error::Problem::EmptyFile
        }
    )
}

impl Reader<'_> {
    /// The 1-based line of byte `at`.
    fn line_of(&self, at: usize) -> usize {
        let before = self.text.get(..at).unwrap_or(self.text);
        before.bytes().filter(|b| *b == b'\n').count() + 1
    }

    fn error(&self, line: Option<usize>, what: String, fix: Option<String>) -> ProfileError {
        ProfileError::At {
            path: self.path.display().to_string(),
            line,
            what,
            fix,
        }
    }

    fn at<T>(&self, value: &Spanned<T>) -> usize {
        self.line_of(value.span().start)
    }

    /// Errors unless `key` is one of `known` (in section `section`), naming the closest.
    fn known(
        &self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        known: &[&str],
        section: &str,
    ) -> Result<(), ProfileError> {
        let name = key.get_ref().as_ref();
        if known.contains(&name) {
            return Ok(());
        }
        let place = if section.is_empty() {
            "đầu tệp".to_owned()
        } else {
            format!("mục [{section}]")
        };
        let similar = chiso766::input::suggestion(name, known);
        Err(self.error(
            Some(self.at(key)),
            format!("tên “{name}” không dùng ở {place}"),
            Some(match similar {
                Some(similar) => format!(
                    "có phải ý là “{similar}”? Các tên dùng được: {}",
                    known.join(", ")
                ),
                None => format!("các tên dùng được: {}", known.join(", ")),
            }),
        ))
    }

    fn table<'a, 'i>(
        &self,
        value: &'a Spanned<DeValue<'i>>,
        name: &str,
    ) -> Result<&'a DeTable<'i>, ProfileError> {
        value.get_ref().as_table().ok_or_else(|| {
            self.error(
                Some(self.at(value)),
                format!(
                    "“{name}” phải là một mục (bảng TOML), không phải {}",
                    type_vi(value.get_ref())
                ),
                Some(format!(
                    "viết [{name}] trên một dòng riêng, các giá trị ở các dòng dưới"
                )),
            )
        })
    }

    fn text_of(
        &self,
        value: &Spanned<DeValue<'_>>,
        name: &str,
    ) -> Result<At<String>, ProfileError> {
        match value.get_ref().as_str() {
            Some(text) if !text.trim().is_empty() => Ok(At {
                value: text.trim().to_owned(),
                line: self.at(value),
            }),
            Some(_) => Err(self.error(
                Some(self.at(value)),
                format!("“{name}” để trống"),
                Some("ghi giá trị vào giữa hai dấu ngoặc kép".to_owned()),
            )),
            None => Err(self.error(
                Some(self.at(value)),
                format!(
                    "“{name}” phải là chữ trong ngoặc kép, không phải {}",
                    type_vi(value.get_ref())
                ),
                None,
            )),
        }
    }

    /// A text that may be empty (a document field left for Word).
    fn text_or_empty(
        &self,
        value: &Spanned<DeValue<'_>>,
        name: &str,
    ) -> Result<At<String>, ProfileError> {
        match value.get_ref().as_str() {
            Some(text) => Ok(At {
                value: text.trim().to_owned(),
                line: self.at(value),
            }),
            None => self.text_of(value, name),
        }
    }

    fn boolean(&self, value: &Spanned<DeValue<'_>>, name: &str) -> Result<bool, ProfileError> {
        value.get_ref().as_bool().ok_or_else(|| {
            self.error(
                Some(self.at(value)),
                format!(
                    "“{name}” phải là true hoặc false, không phải {}",
                    type_vi(value.get_ref())
                ),
                None,
            )
        })
    }

    /// One text or a list of texts.
    fn texts(
        &self,
        value: &Spanned<DeValue<'_>>,
        name: &str,
    ) -> Result<Vec<At<String>>, ProfileError> {
        match value.get_ref().as_array() {
            Some(items) => items.iter().map(|item| self.text_of(item, name)).collect(),
            None => Ok(vec![self.text_of(value, name)?]),
        }
    }

    fn files(&self, value: &Spanned<DeValue<'_>>, dir: &Path) -> Result<Files, ProfileError> {
        let mut files = Files::default();
        for (key, value) in self.table(value, "files")?.iter() {
            self.known(key, &FILE_KEYS, "files")?;
            let name = key.get_ref().as_ref();
            let paths: Vec<At<PathBuf>> = self
                .texts(value, name)?
                .into_iter()
                .map(|at| At {
                    value: dir.join(&at.value),
                    line: at.line,
                })
                .collect();
            let one = |paths: Vec<At<PathBuf>>| -> Result<Option<At<PathBuf>>, ProfileError> {
                if paths.len() > 1 {
                    return Err(self.error(
                        Some(self.at(value)),
                        format!("“{name}” chỉ ghi một tệp"),
                        None,
                    ));
                }
                Ok(paths.into_iter().next())
            };
            match name {
                "procedures" => files.procedures = one(paths)?,
                "units" => files.units = one(paths)?,
                "holidays" => files.holidays = one(paths)?,
                "dossiers" => files.dossiers = paths,
                "petitions" => files.petitions = paths,
                _ => files.counts = paths,
            }
        }
        Ok(files)
    }

    fn read_section(&self, value: &Spanned<DeValue<'_>>) -> Result<Read, ProfileError> {
        let mut read = Read::default();
        for (key, value) in self.table(value, "read")?.iter() {
            self.known(key, &READ_KEYS, "read")?;
            let name = key.get_ref().as_ref();
            match name {
                "day_first" => read.day_first = self.boolean(value, name)?,
                "lenient_timelines" => read.lenient_timelines = self.boolean(value, name)?,
                "max_line_bytes" => read.max_line_bytes = Some(self.positive(value, name)?),
                "separator" => read.separator = Some(self.separator(value)?),
                _ => self.encoding(value)?,
            }
        }
        Ok(read)
    }

    fn positive(&self, value: &Spanned<DeValue<'_>>, name: &str) -> Result<usize, ProfileError> {
        let number = value.get_ref().as_integer().and_then(|n| {
            let text = n.as_str().replace('_', "");
            text.parse::<usize>().ok().filter(|n| *n > 0)
        });
        number.ok_or_else(|| {
            self.error(
                Some(self.at(value)),
                format!("“{name}” phải là một số nguyên dương"),
                None,
            )
        })
    }

    fn separator(&self, value: &Spanned<DeValue<'_>>) -> Result<u8, ProfileError> {
        match value.get_ref().as_str() {
            Some(",") => Ok(b','),
            Some(";") => Ok(b';'),
            Some("\t" | "tab") => Ok(b'\t'),
            _ => Err(self.error(
                Some(self.at(value)),
                "separator phải là \",\", \";\" hoặc \"tab\"".to_owned(),
                Some(
                    "bỏ dòng này để chương trình tự nhận dấu phân cách từ dòng tiêu đề".to_owned(),
                ),
            )),
        }
    }

    fn encoding(&self, value: &Spanned<DeValue<'_>>) -> Result<(), ProfileError> {
        match value.get_ref().as_str().map(|e| e.to_ascii_lowercase()) {
            Some(e) if e == "utf-8" || e == "utf8" => Ok(()),
            _ => Err(self.error(
                Some(self.at(value)),
                "chương trình đọc tệp UTF-8 (và UTF-16 có BOM), không đọc bảng mã khác".to_owned(),
                Some(
                    "lưu lại tệp dạng “CSV UTF-8” trong Excel và ghi encoding = \"utf-8\", hoặc \
                     bỏ dòng này"
                        .to_owned(),
                ),
            )),
        }
    }

    /// The kind of file a `[columns.…]` or `[values.…]` section names.
    fn kind(
        &self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        section: &str,
    ) -> Result<RecordKind, ProfileError> {
        let names: Vec<&str> = RecordKind::ALL.iter().map(|k| k.name()).collect();
        self.known(key, &names, section)?;
        RecordKind::from_name(key.get_ref()).ok_or_else(|| {
            self.error(
                Some(self.at(key)),
                format!("không có loại tệp “{}”", key.get_ref()),
                None,
            )
        })
    }

    /// A field of `kind`: one the specification names.
    fn field(
        &self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        kind: RecordKind,
        section: &str,
    ) -> Result<At<String>, ProfileError> {
        let fields: Vec<&str> = kind.fields().collect();
        self.known(key, &fields, section)?;
        Ok(At {
            value: key.get_ref().to_string(),
            line: self.at(key),
        })
    }

    fn columns(
        &self,
        value: &Spanned<DeValue<'_>>,
    ) -> Result<BTreeMap<RecordKind, Vec<Mapped>>, ProfileError> {
        let mut columns = BTreeMap::new();
        for (key, value) in self.table(value, "columns")?.iter() {
            let kind = self.kind(key, "columns")?;
            let section = format!("columns.{}", kind.name());
            let mut mapped: Vec<Mapped> = Vec::new();
            for (field, header) in self.table(value, &section)?.iter() {
                let field = self.field(field, kind, &section)?;
                let header = self.text_of(header, &field.value)?;
                if let Some(first) = mapped
                    .iter()
                    .find(|m| fold(&m.header.value) == fold(&header.value))
                {
                    return Err(self.error(
                        Some(header.line),
                        format!(
                            "cột “{}” đã gán cho {} ở dòng {}, không gán thêm cho {}",
                            header.value, first.field.value, first.header.line, field.value
                        ),
                        Some(
                            "mỗi cột trong tệp chỉ chứa một loại thông tin: sửa một trong hai dòng"
                                .to_owned(),
                        ),
                    ));
                }
                mapped.push(Mapped { field, header });
            }
            columns.insert(kind, mapped);
        }
        Ok(columns)
    }

    fn values(
        &self,
        value: &Spanned<DeValue<'_>>,
    ) -> Result<BTreeMap<RecordKind, Vec<Alias>>, ProfileError> {
        let mut values = BTreeMap::new();
        for (key, value) in self.table(value, "values")?.iter() {
            let kind = self.kind(key, "values")?;
            let mut words = Vec::new();
            for entry in self
                .table(value, &format!("values.{}", kind.name()))?
                .iter()
            {
                words.extend(self.words(kind, entry)?);
            }
            values.insert(kind, words);
        }
        Ok(values)
    }

    /// One field's words in `[values.KIND.FIELD]`.
    fn words(
        &self,
        kind: RecordKind,
        (key, value): Entry<'_, '_>,
    ) -> Result<Vec<Alias>, ProfileError> {
        let section = format!("values.{}", kind.name());
        let field = self.field(key, kind, &section)?;
        let Some(accepted) = kind.values(&field.value) else {
            return Err(self.error(
                Some(field.line),
                format!("cột {} không có tập giá trị cố định nên không khai báo từ cho nó", field.value),
                Some("chỉ khai báo từ cho các cột như channel, paid_online, level, online_level, các cột có/không".to_owned()),
            ));
        };
        let section = format!("{section}.{}", field.value);
        let mut words: Vec<Alias> = Vec::new();
        for (word, meant) in self.table(value, &section)?.iter() {
            let word = At {
                value: word.get_ref().to_string(),
                line: self.at(word),
            };
            let meant_text = self.meant_value(&word.value, meant, (&field.value, accepted))?;
            self.check_new_word(&words, &word)?;
            words.push(Alias {
                field: field.clone(),
                word,
                value: meant_text,
            });
        }
        Ok(words)
    }

    /// The value `meant` that `word` stands for in column `field`: one of the column's
    /// `accepted` values, written as a number, a text or a boolean.
    fn meant_value(
        &self,
        word: &str,
        meant: &Spanned<DeValue<'_>>,
        (field, accepted): (&str, &[&str]),
    ) -> Result<String, ProfileError> {
        let meant_text = match meant.get_ref() {
            DeValue::Integer(n) => n.as_str().to_owned(),
            DeValue::String(s) => s.trim().to_owned(),
            DeValue::Boolean(b) => if *b { "1" } else { "0" }.to_owned(),
            other => {
                return Err(self.error(
                    Some(self.at(meant)),
                    format!(
                        "giá trị của “{}” phải là số hoặc chữ, không phải {}",
                        word,
                        type_vi(other)
                    ),
                    None,
                ))
            }
        };
        if !accepted.contains(&meant_text.as_str()) {
            return Err(self.error(
                Some(self.at(meant)),
                format!(
                    "“{}” không phải giá trị của cột {}; các giá trị: {}",
                    meant_text,
                    field,
                    accepted.join(", ")
                ),
                None,
            ));
        }
        Ok(meant_text)
    }

    /// Errors when `word` was declared already among `words` (whatever the case).
    fn check_new_word(&self, words: &[Alias], word: &At<String>) -> Result<(), ProfileError> {
        let Some(first) = (words.iter()).find(|a| fold(&a.word.value) == fold(&word.value)) else {
            return Ok(());
        };
        Err(self.error(
            Some(word.line),
            format!(
                "từ “{}” trùng với “{}” ở dòng {} (không phân biệt hoa thường)",
                word.value, first.word.value, first.word.line
            ),
            None,
        ))
    }

    fn report(&self, value: &Spanned<DeValue<'_>>, dir: &Path) -> Result<Report, ProfileError> {
        let mut report = Report::default();
        for (key, value) in self.table(value, "report")?.iter() {
            self.known(key, &REPORT_KEYS, "report")?;
            let name = key.get_ref().as_ref();
            match name {
                "on_time" => report.on_time = Some(self.text_of(value, name)?),
                "formats" => report.formats = self.formats(value)?,
                "out" => {
                    let out = self.text_of(value, name)?;
                    report.out = Some(At {
                        value: dir.join(out.value),
                        line: out.line,
                    });
                }
                "recipients" => report.recipients = self.texts(value, name)?,
                _ => {
                    let field = DOCUMENT_FIELDS
                        .iter()
                        .find(|(k, _)| *k == name)
                        .map(|(k, _)| *k);
                    if let Some(field) = field {
                        report
                            .document
                            .insert(field, self.text_or_empty(value, name)?);
                    }
                }
            }
        }
        Ok(report)
    }

    fn formats(&self, value: &Spanned<DeValue<'_>>) -> Result<Vec<Format>, ProfileError> {
        use clap::ValueEnum;
        let mut formats = Vec::new();
        for name in self.texts(value, "formats")? {
            let format = Format::from_str(&name.value, true).map_err(|_| {
                let known: Vec<String> = Format::value_variants()
                    .iter()
                    .filter_map(|f| f.to_possible_value().map(|v| v.get_name().to_owned()))
                    .collect();
                self.error(
                    Some(name.line),
                    format!("không có định dạng “{}”", name.value),
                    Some(format!("các định dạng: {}", known.join(", "))),
                )
            })?;
            formats.push(format);
        }
        Ok(formats)
    }

    /// Errors unless the keys every profile has are there.
    fn require(&self, profile: &Profile) -> Result<(), ProfileError> {
        if profile.province.is_none() {
            return Err(self.error(
                None,
                "thiếu province: mã đơn vị của báo cáo".to_owned(),
                Some(
                    "thêm dòng province = \"H44\" (mã tỉnh trong danh sách đơn vị) ở đầu tệp"
                        .to_owned(),
                ),
            ));
        }
        Ok(())
    }
}

/// The kind of a TOML value, as the messages name it.
fn type_vi(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "chữ",
        DeValue::Integer(_) | DeValue::Float(_) => "số",
        DeValue::Boolean(_) => "true/false",
        DeValue::Datetime(_) => "ngày giờ",
        DeValue::Array(_) => "danh sách",
        DeValue::Table(_) => "một mục",
    }
}

/// A TOML string: quoted, with `"` and `\` escaped and every control character written as a
/// `\u` escape, so that a column named across lines is one value, never a setting of its own.
pub(crate) fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || chiso766::printable::is_hidden(c) => {
                let code = u32::from(c);
                let _ = if code > 0xFFFF {
                    write!(out, "\\U{code:08X}")
                } else {
                    write!(out, "\\u{code:04X}")
                };
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A value as the profile writes it: whole numbers bare, words (an empty one included) as
/// [`toml_string`]s.
pub(crate) fn toml_value(value: &str) -> String {
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        value.to_owned()
    } else {
        toml_string(value)
    }
}

#[cfg(test)]
mod tests {
    use super::{toml_string, Profile, ProfileError};
    use std::path::Path;

    fn error(text: &str) -> (Option<usize>, String) {
        match Profile::parse(text, Path::new("chiso766.toml")) {
            Err(ProfileError::At { line, what, .. }) => (line, what),
            other => panic!("expected a profile error, got {other:?}"),
        }
    }

    #[test]
    fn a_profile_is_read_with_its_lines() {
        let text = "province = \"H44\"\n[files]\ndossiers = [\"a.csv\", \"b.csv\"]\n\
                    [columns.dossiers]\ndossier_id = \"Mã hồ sơ\"\n\
                    [values.dossiers.channel]\n\"Trực tuyến\" = 2\n";
        let profile = Profile::parse(text, Path::new("/x/chiso766.toml")).unwrap();
        assert_eq!(profile.files.dossiers.len(), 2);
        assert_eq!(profile.files.dossiers[1].value, Path::new("/x/b.csv"));
        let columns = &profile.columns[&chiso766::record::RecordKind::Dossiers];
        assert_eq!(
            (columns[0].field.value.as_str(), columns[0].header.line),
            ("dossier_id", 5)
        );
        let words = profile.vocabulary();
        let dossiers = words.file("dossiers").unwrap();
        assert_eq!(dossiers.header("dossier_id"), Some("Mã hồ sơ"));
        assert_eq!(dossiers.words("channel")[0].value, "2");
    }

    #[test]
    fn every_problem_names_its_line() {
        assert_eq!(error("province = \"H44\"\nprovinse = 1\n").0, Some(2));
        let (line, what) = error("province = \"H44\"\n[columns.dossiers]\ndosier_id = \"A\"\n");
        assert_eq!(line, Some(3));
        assert!(what.contains("dosier_id"), "{what}");
        // Two names mapped to one header, whatever its case.
        let (line, what) = error(
            "province = \"H44\"\n[columns.dossiers]\ndossier_id = \"Mã\"\nunit_code = \"MÃ \"\n",
        );
        assert_eq!(line, Some(4));
        assert!(what.contains("đã gán cho dossier_id ở dòng 3"), "{what}");
        // A value the field does not take.
        let (line, _) = error("province = \"H44\"\n[values.dossiers.channel]\n\"Qua mạng\" = 5\n");
        assert_eq!(line, Some(3));
        // A TOML syntax error, and a name given twice.
        assert_eq!(error("province = \"H44\n").0, Some(1));
        assert_eq!(error("province = \"H44\"\nprovince = \"H45\"\n").0, Some(2));
        assert!(error("[files]\n").1.contains("thiếu province"));
    }

    // Issue 22: a column named across lines is one value of the profile, never a setting of its
    // own, and reads back as it was.
    #[test]
    fn a_header_across_lines_is_one_toml_value() {
        let header = "zz\nofficer = 'dossier_id'\r\n#\u{1b}\u{202e}\"\\";
        let line = format!("officer = {}\n", toml_string(header));
        assert_eq!(line.lines().count(), 1, "{line}");
        let table: toml::Table = toml::from_str(&line).unwrap();
        assert_eq!(table.len(), 1);
        assert_eq!(table["officer"].as_str(), Some(header));
    }
}

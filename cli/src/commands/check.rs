//! `chiso766 check`: reads every file of the profile and lists every problem (file, line, column,
//! what to do) without counting: what an office runs on a new export.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use chiso766::count::Counting;
use chiso766::error::Problem;
use chiso766::printable::printable;
use chiso766::record::{Format, Located, RecordKind, Records};
use chiso766::report::format_count;
use chiso766::{Error, ErrorKind, Period, Warning};

use crate::args::CheckArgs;
use crate::failure::Failure;
use crate::inputs::{open, read_counts, shown, Sources};
use crate::messages::{Context, Message};
use crate::output;
use crate::profile::DOCUMENT_FIELDS;
use crate::progress;

/// Problems of one kind (same file, column and problem): the first few shown, with the fix once.
struct Group {
    shown: Vec<String>,
    fix: Option<String>,
    lines: Vec<u64>,
    count: u64,
}

/// One file checked: its heading, its name (none when no file is given), and its problems
/// grouped by key, in the order met.
struct Checked {
    heading: String,
    name: Option<String>,
    groups: Vec<(String, Group)>,
}

/// Everything the check found, file by file.
struct Findings<'c> {
    context: &'c Context,
    show: usize,
    /// Per file, in the order checked.
    files: Vec<Checked>,
    rows: BTreeMap<String, u64>,
    errors: u64,
    warnings: Vec<Warning>,
    /// Ids given twice: the file, and the id with its two lines.
    repeats: Vec<(String, (String, u64, u64))>,
    repeat_count: u64,
}

impl Findings<'_> {
    fn file(&mut self, name: &str, what: &str) {
        self.heading(format!("Tệp {} ({what})", printable(name)), Some(name));
    }

    fn heading(&mut self, heading: String, name: Option<&str>) {
        self.files.push(Checked {
            heading,
            name: name.map(str::to_owned),
            groups: Vec::new(),
        });
    }

    fn error(&mut self, error: &Error) {
        let message = self.context.error(error);
        let line = error.location().and_then(|l| l.line);
        let (key, fallback) = group_key(error);
        // A column of words all different (text in the wrong column) groups as one problem once
        // its first words have groups of their own, so the listing stays the size of a screen.
        let key = match fallback {
            Some(fallback) if !self.has_group(&key) && self.word_groups() >= WORD_GROUPS => {
                fallback
            }
            _ => key,
        };
        self.add(key, line, message);
    }

    /// Whether the current file has a group of `key`.
    fn has_group(&self, key: &str) -> bool {
        (self.files.last()).is_some_and(|f| f.groups.iter().any(|(k, _)| k == key))
    }

    /// The groups of unknown words in the current file.
    fn word_groups(&self) -> usize {
        (self.files.last()).map_or(0, |f| {
            (f.groups.iter()).filter(|(k, _)| k.contains(WORD)).count()
        })
    }

    /// A file the profile does not name, under its own heading.
    fn absent(&mut self, kind: RecordKind, sources: &Sources) {
        let what = crate::words::kind_vi(kind);
        self.heading(format!("Chưa có tệp {what}"), None);
        if let Some(message) = sources.absent(kind).message(self.context) {
            self.add(kind.name().to_owned(), None, message);
        }
    }

    /// One problem, grouped with those of its `key` in the current file.
    fn add(&mut self, key: String, line: Option<u64>, message: Message) {
        self.errors += 1;
        let Some(Checked { groups, .. }) = self.files.last_mut() else {
            return;
        };
        let at = match groups.iter().position(|(k, _)| *k == key) {
            Some(at) => at,
            None => {
                groups.push((
                    key,
                    Group {
                        shown: Vec::new(),
                        fix: message.fix.clone(),
                        lines: Vec::new(),
                        count: 0,
                    },
                ));
                groups.len() - 1
            }
        };
        if let Some((_, group)) = groups.get_mut(at) {
            group.count += 1;
            if group.shown.len() < self.show {
                let shown = Message {
                    fix: None,
                    ..message
                };
                group.shown.push(shown.text());
            } else if let Some(line) = line.filter(|_| group.lines.len() < 10) {
                group.lines.push(line);
            }
        }
    }
}

/// The unknown words of a file given groups of their own, at most.
const WORD_GROUPS: usize = 20;

/// The mark of a group of one unknown word.
const WORD: &str = "|word|";

/// Errors of one kind group together: the same column and problem, and for a word the file uses
/// that the profile does not know, the same word (each needs a line of its own in the profile),
/// with the column and problem as the group when the words are too many.
fn group_key(error: &Error) -> (String, Option<String>) {
    let kind = |problem: &Problem| format!("{:?}", std::mem::discriminant(problem));
    match error.kind() {
        ErrorKind::InvalidRecord {
            field,
            problem: problem @ (Problem::NotOneOf { value, .. } | Problem::NotFlag { value, .. }),
            ..
        } => (
            format!("{field}{WORD}{}", chiso766::input::fold(value)),
            Some(format!("{field}|{}", kind(problem))),
        ),
        ErrorKind::InvalidRecord { field, problem, .. } => {
            (format!("{field}|{}", kind(problem)), None)
        }
        other => (format!("{:?}", std::mem::discriminant(other)), None),
    }
}

/// Checks every file; lists what it found; fails (exit 2) when anything must be fixed.
pub fn run(args: &CheckArgs, profile: Option<&Path>, context: &mut Context) -> Result<(), Failure> {
    let sources = Sources::load(profile, args.given(), context)?;
    if sources.nothing_given() {
        return Err(sources.absent(RecordKind::Dossiers));
    }
    let mut out = summary(&sources);
    let mut findings = Findings {
        context,
        show: args.show.max(1),
        files: Vec::new(),
        rows: BTreeMap::new(),
        errors: 0,
        warnings: Vec::new(),
        repeats: Vec::new(),
        repeat_count: 0,
    };
    let setup = check_setup(&sources, &mut findings);
    if sources.dossiers.is_empty() {
        findings.absent(RecordKind::Dossiers, &sources);
    }
    for path in &sources.dossiers {
        check_records(
            path,
            RecordKind::Dossiers,
            &sources,
            setup.as_ref(),
            &mut findings,
        );
    }
    for path in &sources.petitions {
        check_records(
            path,
            RecordKind::Petitions,
            &sources,
            setup.as_ref(),
            &mut findings,
        );
    }
    for path in &sources.counts {
        check_counts(path, setup.as_ref(), &mut findings);
    }
    out.push_str(&listing(&findings));
    output::print(&out);
    if findings.errors > 0 {
        return Err(Failure::Problems);
    }
    Ok(())
}

/// What is checked: the profile and its files.
fn summary(sources: &Sources) -> String {
    let mut out = String::new();
    if let Some(profile) = &sources.profile {
        out.push_str(&format!("Cấu hình: {}\n", profile.shown()));
        let document: Vec<String> = DOCUMENT_FIELDS
            .iter()
            .filter_map(|(key, label)| {
                let value = profile.report.document.get(key)?;
                Some(format!(
                    "{label}: {}",
                    if value.value.is_empty() {
                        "(để trống)"
                    } else {
                        &value.value
                    }
                ))
            })
            .collect();
        if !document.is_empty() {
            out.push_str(&format!(
                "Phần đầu và cuối văn bản báo cáo: {}.\n",
                document.join("; ")
            ));
        }
        if !profile.report.recipients.is_empty() {
            out.push_str(&format!(
                "Nơi nhận: {} nơi.\n",
                profile.report.recipients.len()
            ));
        }
    }
    out.push_str(&format!(
        "Đơn vị báo cáo: {}; phương pháp tính: {}; ngày {}.\n\n",
        sources
            .province
            .as_deref()
            .map(|p| printable(p).into_owned())
            .unwrap_or_else(|| "(chưa ghi)".to_owned()),
        sources.methodology.name(),
        if sources.reading.day_first_dates {
            "viết kiểu ngày/tháng/năm"
        } else {
            "viết kiểu năm-tháng-ngày"
        }
    ));
    out
}

/// Reads the catalogue, the units and the days off (each listing every row's problem), then sets
/// up counting; `None` when that cannot be done.
fn check_setup(sources: &Sources, findings: &mut Findings<'_>) -> Option<Counting> {
    let clean_before = findings.errors;
    let files = [
        (&sources.procedures, RecordKind::Procedures),
        (&sources.units, RecordKind::Units),
        (&sources.holidays, RecordKind::Holidays),
    ];
    for (path, kind) in files {
        match path {
            Some(path) => check_records(path, kind, sources, None, findings),
            None if kind != RecordKind::Holidays => findings.absent(kind, sources),
            None => {}
        }
    }
    if findings.errors > clean_before {
        return None;
    }
    // Any period serves to check records; the current year is the likeliest.
    let year = Period::year(jiff::Zoned::now().year()).ok()?;
    match sources.counting(vec![year], false) {
        Ok(counting) => Some(counting),
        Err(Failure::Library(error)) => {
            findings.heading(
                "Cây đơn vị (danh mục thủ tục và danh sách đơn vị)".to_owned(),
                None,
            );
            findings.error(&error);
            None
        }
        Err(_) => None,
    }
}

/// Reads one record file row by row, listing every problem; dossiers and petitions are also
/// checked against the setup when there is one.
fn check_records(
    path: &Path,
    kind: RecordKind,
    sources: &Sources,
    setup: Option<&Counting>,
    findings: &mut Findings<'_>,
) {
    let name = shown(path);
    findings.file(&name, crate::words::kind_vi(kind));
    let file = match open(path) {
        Ok(file) => file,
        Err(Failure::Library(error)) => return findings.error(&error),
        Err(_) => return,
    };
    let bar = progress::bytes(path, "Đang kiểm tra");
    let reader = progress::Reading::new(file, bar.as_ref());
    let format = Format::of_path(&name);
    let options = &sources.reading;
    let result = match kind {
        RecordKind::Dossiers => options.dossiers(reader, format, &name).map(|rows| {
            each(rows, findings, &name, |d, line, repeats| {
                repeats.see(&d.id, line);
                setup.map_or(Ok(()), |s| s.check_dossier(d))
            })
        }),
        RecordKind::Petitions => options.petitions(reader, format, &name).map(|rows| {
            each(rows, findings, &name, |p, line, repeats| {
                repeats.see(&p.id, line);
                setup.map_or(Ok(()), |s| s.check_petition(p))
            })
        }),
        RecordKind::Procedures => options
            .procedures(reader, format, &name)
            .map(|rows| each(rows, findings, &name, |_, _, _| Ok(()))),
        RecordKind::Units => options
            .units(reader, format, &name)
            .map(|rows| each(rows, findings, &name, |_, _, _| Ok(()))),
        RecordKind::Holidays => options
            .holidays(reader, format, &name)
            .map(|rows| each(rows, findings, &name, |_, _, _| Ok(()))),
    };
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if let Err(error) = result {
        findings.error(&error);
    }
}

/// Every row of `rows`, checked by `check` once read; each problem listed, the reading resuming
/// after a row's own.
fn each<T, R: Read>(
    rows: Records<T, R>,
    findings: &mut Findings<'_>,
    name: &str,
    check: impl Fn(&T, u64, &mut Repeats) -> chiso766::Result<()>,
) {
    let mut rows = rows.resume_after_errors();
    let mut count = 0;
    let mut repeats = Repeats::default();
    for row in rows.by_ref() {
        count += 1;
        match row {
            Ok(Located { record, line }) => {
                if let Err(error) = check(&record, line, &mut repeats) {
                    findings.error(&error.at(name, Some(line)));
                }
            }
            Err(error) => findings.error(&error),
        }
    }
    findings.warnings.extend(rows.warnings().iter().cloned());
    findings.rows.insert(name.to_owned(), count);
    findings
        .repeats
        .extend(repeats.found.into_iter().map(|r| (name.to_owned(), r)));
    findings.repeat_count += repeats.count;
}

/// Ids seen more than once in a file: a count keeps the later row, which an office should know.
#[derive(Default)]
struct Repeats {
    /// Each id's first line, by the id's hash (a file of millions of rows keeps no text per id).
    lines: std::collections::HashMap<u64, u64>,
    /// The first few repeats: the id, its first line, the repeat's line.
    found: Vec<(String, u64, u64)>,
    count: u64,
}

impl Repeats {
    /// How many repeats are listed one by one.
    const LISTED: usize = 10;

    fn see(&mut self, id: &str, line: u64) {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        id.hash(&mut hasher);
        if let Some(&first) = self.lines.get(&hasher.finish()) {
            self.count += 1;
            if self.found.len() < Repeats::LISTED {
                self.found.push((id.to_owned(), first, line));
            }
        } else {
            self.lines.insert(hasher.finish(), line);
        }
    }
}

/// A counts file (a template filled in): read, and checked against the units.
fn check_counts(path: &Path, setup: Option<&Counting>, findings: &mut Findings<'_>) {
    let name = shown(path);
    findings.file(&name, "số liệu bổ sung");
    match read_counts(path) {
        Ok(counts) => {
            findings.rows.insert(
                name.clone(),
                counts.units.iter().map(|u| u.criteria.len() as u64).sum(),
            );
            if let Some(Err(error)) = setup.map(|s| s.check_given(&counts)) {
                findings.error(&error.in_source(&name));
            }
        }
        Err(Failure::Library(error)) => findings.error(&error),
        Err(_) => {}
    }
}

/// The findings as the office reads them.
fn listing(findings: &Findings<'_>) -> String {
    let mut out = String::new();
    for Checked {
        heading,
        name,
        groups,
    } in &findings.files
    {
        let errors: u64 = groups.iter().map(|(_, g)| g.count).sum();
        let rows = (name.as_ref())
            .and_then(|name| findings.rows.get(name))
            .map(|r| format!("{} dòng dữ liệu; ", format_count(*r)))
            .unwrap_or_default();
        let verdict = if errors == 0 {
            "không có lỗi".to_owned()
        } else {
            format!("{} lỗi", format_count(errors))
        };
        out.push_str(&format!("{heading}: {rows}{verdict}\n"));
        for (_, group) in groups {
            out.push_str(&group_text(group));
        }
    }
    out.push_str(&warnings_text(findings));
    out.push('\n');
    if findings.errors == 0 {
        out.push_str(&format!(
            "Không có lỗi{}: các tệp đọc được, có thể lập báo cáo (chiso766 report --period KỲ).\n",
            match findings.warnings.len() as u64 + findings.repeat_count {
                0 => String::new(),
                n => format!(" ({} cảnh báo)", format_count(n)),
            }
        ));
    } else {
        out.push_str(&format!(
            "Có {} lỗi cần sửa. Sửa các lỗi trên rồi chạy lại chiso766 check.\n",
            format_count(findings.errors)
        ));
    }
    out
}

/// The warnings, as lines: the ids repeated (the first few, then how many more), then the others.
fn warnings_text(findings: &Findings<'_>) -> String {
    let mut out = String::new();
    for (name, (id, first, again)) in &findings.repeats {
        out.push_str(&format!(
            "cảnh báo: {}, dòng {}: mã {} đã có ở dòng {}; khi tính, dòng sau được dùng\n",
            printable(name),
            format_count(*again),
            printable(id),
            format_count(*first)
        ));
    }
    let more = findings
        .repeat_count
        .saturating_sub(findings.repeats.len() as u64);
    if more > 0 {
        out.push_str(&format!(
            "cảnh báo: … và {} mã lặp lại khác\n",
            format_count(more)
        ));
    }
    for warning in &findings.warnings {
        out.push_str(&format!(
            "cảnh báo: {}\n",
            findings.context.warning(warning).text()
        ));
    }
    out
}

/// One group of problems: the first few, the fix once, how many more and on which lines.
fn group_text(group: &Group) -> String {
    let mut out = String::new();
    for message in &group.shown {
        out.push_str(&format!("  lỗi: {}\n", message.replace('\n', "\n  ")));
    }
    if let Some(fix) = &group.fix {
        out.push_str(&format!("    Cách sửa: {fix}\n"));
    }
    let more = group.count - group.shown.len() as u64;
    if more > 0 {
        let lines: Vec<String> = group.lines.iter().map(|l| format_count(*l)).collect();
        let lines = match lines.len() {
            0 => String::new(),
            n if more > n as u64 => format!(": dòng {}, …", lines.join(", ")),
            _ => format!(": dòng {}", lines.join(", ")),
        };
        out.push_str(&format!(
            "  … và {} dòng khác cùng lỗi này{lines}\n",
            format_count(more)
        ));
    }
    out
}

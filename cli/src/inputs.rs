//! Where a command's data come from: the profile, with each file or option given on the command
//! line taking its place; one set of read options for every file read.

use std::path::{Path, PathBuf};

use chiso766::calendar::Moment;
use chiso766::count::{CountOptions, Counting, Deadline, NoDueDate, RecordFiles, Stopped, Tally};
use chiso766::printable::printable;
use chiso766::record::Format;
use chiso766::record::RecordKind::{self, Dossiers, Procedures, Units};
use chiso766::{Counts, Methodology, Period, ReadOptions};

use crate::args::{DeadlineArg, Files, Given, NoDueDateArg, Policies, Reading};
use crate::failure::Failure;
use crate::messages::Context;
use crate::profile::{Profile, FILE_NAME};
use crate::progress;

/// The files and options of one run.
pub struct Sources {
    /// The profile, if one was read.
    pub profile: Option<Profile>,
    /// The procedure catalogue.
    pub procedures: Option<PathBuf>,
    /// The dossier files, in order (a later repeat of an id wins).
    pub dossiers: Vec<PathBuf>,
    /// The petition files.
    pub petitions: Vec<PathBuf>,
    /// The units.
    pub units: Option<PathBuf>,
    /// The province's own days off.
    pub holidays: Option<PathBuf>,
    /// The counts records cannot give.
    pub counts: Vec<PathBuf>,
    /// The unit whose report this is.
    pub province: Option<String>,
    /// How every file is read.
    pub reading: ReadOptions,
    /// The counting policies.
    pub options: CountOptions,
    /// The methodology.
    pub methodology: Methodology,
}

/// A path as errors name it.
pub fn shown(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

impl Sources {
    /// The profile at `profile` (or `chiso766.toml` in the current folder, if there is one) with
    /// each file and option `given` on the command line in its place.
    ///
    /// Errors: the profile's; a methodology that cannot be loaded; a policy that cannot be read.
    pub fn load(
        profile: Option<&Path>,
        given: Given<'_>,
        context: &mut Context,
    ) -> Result<Sources, Failure> {
        let Given {
            files,
            reading,
            policies,
            methodology,
        } = given;
        Sources::resolve(
            Profile::find(profile)?,
            files,
            reading,
            policies,
            methodology,
            context,
        )
    }

    /// The profile's files and options, each replaced by the command line's when given.
    fn resolve(
        profile: Option<Profile>,
        files: &Files,
        reading: &Reading,
        policies: Option<&Policies>,
        methodology: Option<&str>,
        context: &mut Context,
    ) -> Result<Sources, Failure> {
        let of =
            |given: &Option<PathBuf>, profile_file: Option<PathBuf>| given.clone().or(profile_file);
        let many = |given: &[PathBuf], profile_files: Vec<PathBuf>| {
            if given.is_empty() {
                profile_files
            } else {
                given.to_vec()
            }
        };
        let p = profile.as_ref().map(|p| &p.files);
        let values = |f: fn(&crate::profile::Files) -> &Vec<crate::profile::At<PathBuf>>| {
            p.map(|p| f(p).iter().map(|a| a.value.clone()).collect())
                .unwrap_or_default()
        };
        let methodology = load_methodology(
            methodology.or(profile
                .as_ref()
                .and_then(|p| p.methodology.as_ref().map(|m| m.value.as_str()))),
            profile.as_ref(),
        )?;
        *context = std::mem::take(context).with_methodology(&methodology);
        if let Some(profile) = &profile {
            context.profile(profile);
        }
        let sources = Sources {
            procedures: of(
                &files.procedures,
                p.and_then(|p| p.procedures.as_ref().map(|a| a.value.clone())),
            ),
            dossiers: many(&files.dossiers, values(|p| &p.dossiers)),
            petitions: many(&files.petitions, values(|p| &p.petitions)),
            units: of(
                &files.units,
                p.and_then(|p| p.units.as_ref().map(|a| a.value.clone())),
            ),
            holidays: of(
                &files.holidays,
                p.and_then(|p| p.holidays.as_ref().map(|a| a.value.clone())),
            ),
            counts: many(&files.counts, values(|p| &p.counts)),
            province: files.province.clone().or(profile
                .as_ref()
                .and_then(|p| p.province.as_ref().map(|a| a.value.clone()))),
            reading: read_options(profile.as_ref(), reading),
            options: policies.map(count_options).transpose()?.unwrap_or_default(),
            methodology,
            profile,
        };
        sources.name_files(context);
        context.day_first(sources.reading.day_first_dates);
        Ok(sources)
    }

    /// Tells the messages which file is which kind.
    fn name_files(&self, context: &mut Context) {
        let one = [
            (&self.procedures, RecordKind::Procedures),
            (&self.units, RecordKind::Units),
            (&self.holidays, RecordKind::Holidays),
        ];
        for (path, kind) in one {
            if let Some(path) = path {
                context.file(&shown(path), kind);
            }
        }
        for path in &self.dossiers {
            context.file(&shown(path), RecordKind::Dossiers);
        }
        for path in &self.petitions {
            context.file(&shown(path), RecordKind::Petitions);
        }
    }

    /// The procedure catalogue and the units, which every count needs.
    pub fn required(&self) -> Result<(PathBuf, PathBuf), Failure> {
        let procedures = (self.procedures.clone()).ok_or_else(|| self.absent(Procedures))?;
        let units = (self.units.clone()).ok_or_else(|| self.absent(Units))?;
        Ok((procedures, units))
    }

    /// Errors unless there is at least one dossier file.
    pub fn require_dossiers(&self) -> Result<(), Failure> {
        match self.dossiers.is_empty() {
            true => Err(self.absent(Dossiers)),
            false => Ok(()),
        }
    }

    /// Whether neither a profile nor the command line gives any file to count from.
    pub fn nothing_given(&self) -> bool {
        self.profile.is_none()
            && self.procedures.is_none()
            && self.units.is_none()
            && self.dossiers.is_empty()
    }

    /// Why a command needing a file of `kind` cannot run: the profile does not name one, or there
    /// is no profile at all.
    pub fn absent(&self, kind: RecordKind) -> Failure {
        let (key, what) = (kind.name(), crate::words::kind_vi(kind));
        match &self.profile {
            _ if self.nothing_given() => Failure::usage(
                format!(
                    "thư mục này không có tệp cấu hình {FILE_NAME}, và dòng lệnh không ghi tệp nào"
                ),
                format!(
                    "chạy chiso766 init ở thư mục có các tệp xuất từ hệ thống một cửa để lập \
                     {FILE_NAME} (hoặc chỉ đến tệp cấu hình bằng --profile TỆP), hoặc ghi từng tệp \
                     trên dòng lệnh: --procedures, --units, --dossiers"
                ),
            ),
            Some(profile) => Failure::usage(
                format!("{} chưa ghi tệp {what}", profile.shown()),
                format!(
                    "ghi {key} = \"tệp.csv\" ở mục [files] của {}, hoặc chạy với --{key} TỆP",
                    profile.shown()
                ),
            ),
            None => Failure::usage(
                format!("chưa có tệp {what}"),
                format!(
                    "chạy với --{key} TỆP (hoặc ghi {key} = \"tệp.csv\" ở mục [files] của \
                     {FILE_NAME}, lệnh chiso766 init lập tệp này)"
                ),
            ),
        }
    }

    /// The counting setup of `periods`, with the processing statistics when `statistics`.
    pub fn counting(&self, periods: Vec<Period>, statistics: bool) -> Result<Counting, Failure> {
        let (procedures, units) = self.required()?;
        let mut files = RecordFiles::new(&shown(&procedures), &shown(&units))
            .reading(self.reading.clone())
            .options(self.options);
        if let Some(path) = &self.holidays {
            files = files.holidays(&shown(path));
        }
        let counting = files.counting(periods)?;
        Ok(if statistics {
            counting.with_statistics()
        } else {
            counting
        })
    }

    /// Every dossier and petition file counted into one tally, dossier files with a progress
    /// bar; warnings printed.
    pub fn tally(&self, counting: &Counting, context: &Context) -> Result<Tally, Failure> {
        let mut tally = Tally::default();
        for path in &self.dossiers {
            let name = shown(path);
            let bar = progress::bytes(path, "Đang đếm");
            let advance = |n: u64| {
                if let Some(bar) = &bar {
                    bar.inc(n);
                }
            };
            counting.add_dossier_file_reporting(&mut tally, &name, &advance)?;
            if let Some(bar) = bar {
                bar.finish_and_clear();
            }
        }
        for path in &self.petitions {
            let name = shown(path);
            // The same options as every other file: the office's words, dates day first.
            let mut rows = self
                .reading
                .petitions(open(path)?, Format::of_path(&name), &name)?;
            for row in rows.by_ref() {
                let row = row?;
                counting
                    .add_petition(&mut tally, &row.record)
                    .map_err(|e| e.at(&name, Some(row.line)))?;
            }
            progress::warn(rows.warnings(), context);
        }
        progress::warn(tally.warnings(), context);
        if tally.repeat_count() > 0 {
            let shown: Vec<String> = (tally.repeated().iter().take(5))
                .map(|id| chiso766::printable::printable(id).into_owned())
                .collect();
            progress::note(&format!(
                "{} mã hồ sơ hoặc PAKN có nhiều dòng, dòng sau cùng được dùng: {}",
                chiso766::report::format_count(tally.repeat_count()),
                shown.join(", ")
            ));
        }
        Ok(tally)
    }

    /// The counts records cannot give, each file read (JSON, or CSV as `template` writes it).
    pub fn given_counts(&self) -> Result<Vec<Counts>, Failure> {
        self.counts.iter().map(|path| read_counts(path)).collect()
    }

    /// The profile's path, when one was read.
    pub fn profile_dir(&self) -> PathBuf {
        self.profile
            .as_ref()
            .and_then(|p| p.path.parent().map(Path::to_path_buf))
            .unwrap_or_default()
    }
}

/// Opens a file for reading; the error names it.
pub fn open(path: &Path) -> Result<std::fs::File, Failure> {
    std::fs::File::open(path).map_err(|source| {
        Failure::Library(
            chiso766::ErrorKind::Io {
                path: shown(path),
                source,
            }
            .into(),
        )
    })
}

/// An interchange counts file: CSV by its extension, JSON otherwise.
pub fn read_counts(path: &Path) -> Result<Counts, Failure> {
    let name = shown(path);
    let counts = if name.to_ascii_lowercase().ends_with(".csv") {
        Counts::from_csv(open(path)?)
    } else {
        Counts::from_json(&chiso766::input::read_file(&name)?)
    };
    Ok(counts.map_err(|e| e.in_source(&name))?)
}

/// The methodology named, or the file at the path given, or the default edition.
pub fn load_methodology(
    given: Option<&str>,
    profile: Option<&Profile>,
) -> Result<Methodology, Failure> {
    let Some(given) = given else {
        return Ok(Methodology::builtin(chiso766::methodology::DEFAULT)?);
    };
    if chiso766::methodology::BUILT_IN.contains(&given) {
        return Ok(Methodology::builtin(given)?);
    }
    let path = match profile.and_then(|p| p.path.parent()) {
        Some(dir) if Path::new(given).is_relative() => dir.join(given),
        _ => PathBuf::from(given),
    };
    if !path.is_file() {
        return Ok(Methodology::builtin(given)?);
    }
    let name = shown(&path);
    let methodology = Methodology::from_json(&chiso766::input::read_file(&name)?)
        .map_err(|e| e.in_source(&name))?;
    // A report names its methodology: an edition of other rules under a built-in's name would
    // say it was scored as the portal scores.
    let named = methodology.name();
    if chiso766::methodology::BUILT_IN.contains(&named)
        && Methodology::builtin(named).is_ok_and(|built_in| built_in != methodology)
    {
        return Err(Failure::usage(
            format!(
                "{name}: phương pháp tính mang tên {} của phương pháp có sẵn nhưng khác quy tắc",
                printable(named)
            ),
            "đặt tên khác cho phương pháp trong tệp (ví dụ dvcqg-2026-tinh)",
        ));
    }
    Ok(methodology)
}

/// The read options of the profile, each replaced by the command line's when given.
fn read_options(profile: Option<&Profile>, reading: &Reading) -> ReadOptions {
    let read = profile.map(|p| p.read.clone()).unwrap_or_default();
    let mut options = ReadOptions::new()
        .day_first_dates(reading.day_first || read.day_first)
        .lenient_timelines(reading.lenient_timelines || read.lenient_timelines);
    if let Some(bytes) = reading.max_line_bytes.or(read.max_line_bytes) {
        options = options.max_line_bytes(bytes);
    }
    if let Some(separator) = read.separator {
        options = options.separator(separator);
    }
    if let Some(profile) = profile {
        options = options.vocabulary(profile.vocabulary());
    }
    options
}

/// The counting policies given.
fn count_options(policies: &Policies) -> Result<CountOptions, Failure> {
    let mut options = CountOptions::default();
    if let Some(deadline) = policies.deadline {
        options.deadline = match deadline {
            DeadlineArg::Date => Deadline::Date,
            DeadlineArg::Instant => Deadline::Instant,
        };
    }
    if let Some(policy) = policies.no_due_date {
        options.no_due_date = match policy {
            NoDueDateArg::Statutory => NoDueDate::StatutoryTime,
            NoDueDateArg::OnTime => NoDueDate::OnTime,
            NoDueDateArg::Overdue => NoDueDate::Overdue,
        };
    }
    if policies.stopped_on_time {
        options.stopped = Stopped::OnTime;
    }
    options.missing_officer_overdue = policies.missing_officer_overdue;
    options.long_appointment_overdue = policies.long_appointment_overdue;
    if let Some(text) = &policies.as_of {
        options.as_of = Some(Moment::parse(text)?);
    }
    Ok(options)
}

/// A period as given on the command line: `2026-10`, or as officials write it (“tháng 10/2026”,
/// as a counts file writes it too).
pub fn period(text: &str) -> Result<Period, Failure> {
    if let Some(period) = Period::from_label_vi(text) {
        return Ok(period);
    }
    text.parse()
        .map_err(|error| match month_without_word(text) {
            Some(month) => Failure::usage(
                format!("kỳ “{}” thiếu chữ “tháng”", printable(text)),
                format!(
                    "ghi --period {month} hoặc --period \"{}\"",
                    month.label_vi()
                ),
            ),
            None => Failure::from(error),
        })
}

/// The month `10/2026` names, as officials write it without the word (“tháng 10/2026”).
fn month_without_word(text: &str) -> Option<Period> {
    Period::from_label_vi(&format!("tháng {}", text.trim()))
}

/// Periods as given on the command line.
pub fn periods(texts: &[String]) -> Result<Vec<Period>, Failure> {
    let mut periods: Vec<Period> = Vec::new();
    for text in texts {
        let period = period(text)?;
        if periods.contains(&period) {
            return Err(Failure::usage(
                format!("kỳ {period} được ghi hai lần"),
                "ghi mỗi kỳ một lần",
            ));
        }
        periods.push(period);
    }
    Ok(periods)
}

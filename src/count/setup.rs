//! From a system's export files to a ready counting setup in one call, every error naming its file
//! and line: the procedure catalogue, the units with the days they exist, and the province's own
//! days off.

use std::fs::File;

use super::{CountOptions, Counting};
use crate::calendar::Calendar;
use crate::error::{Error, ErrorKind, Result};
use crate::input::ReadOptions;
use crate::period::Period;
use crate::record::{Format, Located, UnitRow};
use crate::unit::{Unit, UnitTree};

/// The files a count of records needs besides the records themselves (SPEC §7): `procedures.csv`,
/// `units.csv` and, optionally, `holidays.csv` (CSV, or JSON Lines for `.jsonl`).
///
/// ```no_run
/// use chiso766::count::{CountOptions, RecordFiles, Tally};
///
/// let periods = vec!["2026-09".parse()?];
/// let counting = RecordFiles::new("procedures.csv", "units.csv")
///     .holidays("holidays.csv")
///     .options(CountOptions::default())
///     .counting(periods)?;
/// let mut tally = Tally::default();
/// counting.add_dossier_file(&mut tally, "dossiers.csv")?;
/// # Ok::<(), chiso766::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct RecordFiles {
    procedures: String,
    units: Units,
    holidays: Option<String>,
    reading: ReadOptions,
    options: CountOptions,
}

/// Where the units come from.
#[derive(Debug, Clone)]
enum Units {
    /// `units.csv`, with the days each exists.
    File(String),
    /// Given (e.g. by an interchange counts file): each exists on every day.
    Given(Vec<Unit>),
}

impl RecordFiles {
    /// The catalogue and the units, read under the default options.
    pub fn new(procedures: &str, units: &str) -> RecordFiles {
        RecordFiles::over(procedures, Units::File(units.to_owned()))
    }

    /// The catalogue, and units given rather than read (those of an interchange counts file),
    /// each existing on every day.
    pub fn with_units(procedures: &str, units: Vec<Unit>) -> RecordFiles {
        RecordFiles::over(procedures, Units::Given(units))
    }

    fn over(procedures: &str, units: Units) -> RecordFiles {
        RecordFiles {
            procedures: procedures.to_owned(),
            units,
            holidays: None,
            reading: ReadOptions::default(),
            options: CountOptions::default(),
        }
    }

    /// Adds the province's own days off and make-up working days to the built-in calendar.
    pub fn holidays(mut self, path: &str) -> RecordFiles {
        self.holidays = Some(path.to_owned());
        self
    }

    /// How every file, the dossier files counted later included, is read.
    pub fn reading(mut self, options: ReadOptions) -> RecordFiles {
        self.reading = options;
        self
    }

    /// The counting policies.
    pub fn options(mut self, options: CountOptions) -> RecordFiles {
        self.options = options;
        self
    }

    /// Reads the files and sets up counting for `periods`.
    ///
    /// Errors: a file that cannot be read; a record that cannot be read; a unit given twice, a
    /// parent that does not exist, a cycle, a unit that ends before it begins, a procedure listed
    /// twice for a level (each naming the file and the line); as [`Counting::new`].
    pub fn counting(&self, periods: Vec<Period>) -> Result<Counting> {
        let (units, units_path): (Vec<Located<UnitRow>>, &str) = match &self.units {
            Units::File(path) => (
                self.reading
                    .units(open(path)?, Format::of_path(path), path)?
                    .collect::<Result<_>>()?,
                path,
            ),
            Units::Given(units) => {
                let rows = units.iter().map(|unit| Located {
                    record: UnitRow {
                        unit: unit.clone(),
                        valid_from: None,
                        valid_to: None,
                    },
                    line: 0,
                });
                (rows.collect(), "the units given")
            }
        };
        let procedures: Vec<Located<_>> = self
            .reading
            .procedures(
                open(&self.procedures)?,
                Format::of_path(&self.procedures),
                &self.procedures,
            )?
            .collect::<Result<_>>()?;
        let mut calendar = Calendar::vietnam()?;
        if let Some(path) = &self.holidays {
            let days = self
                .reading
                .holidays(open(path)?, Format::of_path(path), path)?
                .map(|row| row.map(|r| r.record))
                .collect::<Result<Vec<_>>>()?;
            calendar = calendar.with_days(days);
        }
        let unit_line = |e: Error| locate_unit(e, &units, units_path);
        let tree =
            UnitTree::new(units.iter().map(|row| row.record.unit.clone())).map_err(unit_line)?;
        let catalogue = procedures.iter().map(|row| row.record.clone()).collect();
        let counting = Counting::new(tree, catalogue, calendar, periods, self.options)
            .map_err(|e| locate_procedure(e, &procedures, &self.procedures))?;
        let rows: Vec<UnitRow> = units.iter().map(|row| row.record.clone()).collect();
        Ok(counting
            .with_unit_dates(&rows)
            .map_err(unit_line)?
            .with_read_options(self.reading.clone()))
    }
}

fn open(path: &str) -> Result<File> {
    File::open(path).map_err(|source| {
        ErrorKind::Io {
            path: path.to_owned(),
            source,
        }
        .into()
    })
}

/// Names the line of the unit an error is about: the second row of a unit given twice, the row of
/// a unit whose parent is unknown or which ends before it begins, the first row of a cycle.
fn locate_unit(error: Error, rows: &[Located<UnitRow>], path: &str) -> Error {
    // The `nth` row of unit `code`.
    let row = |code: &str, nth: usize| {
        rows.iter()
            .filter(|r| r.record.unit.code == code)
            .nth(nth)
            .map(|r| r.line)
    };
    let line = match error.kind() {
        ErrorKind::DuplicateUnit { unit } => row(unit, 1),
        ErrorKind::UnknownParent { unit, .. } | ErrorKind::InvalidField { unit, .. } => {
            row(unit, 0)
        }
        ErrorKind::ParentCycle { units } => units.first().and_then(|u| row(u, 0)),
        _ => None,
    };
    // Units given rather than read have no line.
    error.at(path, line.filter(|&l| l > 0))
}

/// Names the line of the second listing of a procedure listed twice for a level.
fn locate_procedure(error: Error, rows: &[Located<crate::record::Procedure>], path: &str) -> Error {
    let ErrorKind::DuplicateProcedure { procedure, level } = error.kind() else {
        return error;
    };
    let line = rows
        .iter()
        .filter(|r| &r.record.code == procedure && r.record.level.as_str() == level)
        .nth(1)
        .map(|row| row.line);
    error.at(path, line)
}

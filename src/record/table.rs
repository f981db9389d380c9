//! Dossiers held compactly in memory, for counting the same records many times (several periods,
//! policies or “as of” instants) at memory speed.

use std::io;

use super::{Core, Dossier, Records};
use crate::error::{Error, Overflowed, Result};
use crate::fast_hash::{FastMap, Fingerprint};

/// Codes stored once each, rows holding their number (dictionary encoding).
#[derive(Debug, Clone, Default)]
pub(crate) struct Dictionary {
    codes: Vec<String>,
    numbers: FastMap<String, u32>,
}

impl Dictionary {
    /// The code's number; `None` when the dictionary is full (2³² codes).
    fn number(&mut self, code: &str) -> Option<u32> {
        if let Some(&n) = self.numbers.get(code) {
            return Some(n);
        }
        let n = u32::try_from(self.codes.len()).ok()?;
        self.codes.push(code.to_owned());
        self.numbers.insert(code.to_owned(), n);
        Some(n)
    }

    /// The codes, by number.
    pub(crate) fn codes(&self) -> &[String] {
        &self.codes
    }

    /// The code numbered `n` (empty past the end).
    pub(crate) fn code(&self, n: u32) -> &str {
        self.codes.get(n as usize).map_or("", String::as_str)
    }
}

/// The id number of a row whose dossier a later row of the same id replaced.
const REPLACED: u32 = u32::MAX;

/// One dossier of a [`DossierTable`], in its unit's rows.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TableRow {
    /// The procedure's number in the table's procedure dictionary.
    pub(crate) procedure: u32,
    /// The id's number (the order the ids were first pushed in), or `REPLACED`.
    id: u32,
    pub(crate) core: Core,
}

/// The rows of one unit, or of a stretch of them: what one core counts at a time.
#[derive(Debug, Clone, Copy)]
pub(crate) struct UnitRows<'a> {
    /// The unit's number in the table's unit dictionary.
    pub(crate) unit: u32,
    rows: &'a [TableRow],
}

impl<'a> UnitRows<'a> {
    /// The dossiers, with their id numbers (replaced ones left out).
    pub(crate) fn dossiers(self) -> impl Iterator<Item = (u32, &'a TableRow)> {
        (self.rows.iter())
            .filter(|row| row.id != REPLACED)
            .map(|row| (row.id, row))
    }
}

/// Dossiers in memory: unit and procedure codes are stored once and referred to by number,
/// instants as seconds, and each unit's dossiers lie together, so counting one unit after another
/// keeps its sums in the cache. A repeated id replaces the earlier dossier (the later row wins, as
/// in a file) and is reported, so every id in the table is unique and counting it
/// ([`Counting::count_table`](crate::count::Counting::count_table)) needs no map of ids.
///
/// ```
/// use chiso766::calendar::Moment;
/// use chiso766::record::{Dossier, DossierTable};
///
/// let mut table = DossierTable::new();
/// let received = Some(Moment::parse("2026-03-02 08:15")?);
/// table.push(&Dossier { received_at: received, ..Dossier::new("HS-1", "H44.101", "2.000815") })?;
/// table.push(&Dossier { received_at: received, ..Dossier::new("HS-1", "H44.102", "2.000815") })?;
/// assert_eq!(table.len(), 1);
/// assert_eq!(table.repeated(), ["HS-1"]);
/// # Ok::<(), chiso766::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct DossierTable {
    /// Rows by unit number.
    by_unit: Vec<Vec<TableRow>>,
    /// The ids one after another; id number `i` ends at `id_ends[i]`.
    ids: String,
    id_ends: Vec<usize>,
    /// Where each id's row is: unit number and position among the unit's rows.
    by_id: FastMap<Fingerprint, (u32, u32)>,
    pub(crate) units: Dictionary,
    pub(crate) procedures: Dictionary,
    repeated: Vec<String>,
}

impl DossierTable {
    /// An empty table.
    pub fn new() -> DossierTable {
        DossierTable::default()
    }

    /// Reads every dossier of a stream into a table.
    ///
    /// Errors: the stream's first error (naming the file, line and field); more than 2³² dossiers.
    pub fn read<R: io::Read>(mut records: Records<Dossier, R>) -> Result<DossierTable> {
        let mut table = DossierTable::new();
        let mut row = super::Located {
            record: Dossier::blank(),
            line: 0,
        };
        while let Some(read) = records.read_into(&mut row) {
            read?;
            table.push(&row.record)?;
        }
        Ok(table)
    }

    /// Adds a dossier; one whose id is already in the table replaces it, and the id is reported in
    /// [`DossierTable::repeated`].
    ///
    /// Errors: more than 2³² − 1 dossiers, or 2³² units or procedures.
    pub fn push(&mut self, dossier: &Dossier) -> Result<()> {
        let full = || Error::count_overflow(Overflowed::DossierTable);
        let unit = self.units.number(&dossier.unit).ok_or_else(full)?;
        let procedure = self
            .procedures
            .number(&dossier.procedure)
            .ok_or_else(full)?;
        let key = Fingerprint::of(&dossier.id);
        let earlier = self.by_id.get(&key).copied();
        let id = match earlier.and_then(|at| row_at(&mut self.by_unit, at)) {
            Some(earlier_row) => {
                self.repeated.push(dossier.id.clone());
                std::mem::replace(&mut earlier_row.id, REPLACED)
            }
            None => {
                let id = u32::try_from(self.id_ends.len())
                    .ok()
                    .filter(|&id| id != REPLACED)
                    .ok_or_else(full)?;
                self.ids.push_str(&dossier.id);
                self.id_ends.push(self.ids.len());
                id
            }
        };
        let row = TableRow {
            procedure,
            id,
            core: dossier.core(),
        };
        // A repeat in the same unit takes its earlier row's place; in another, the earlier row
        // stays, marked replaced, so that no other row moves.
        let same_unit = earlier.filter(|&(earlier_unit, _)| earlier_unit == unit);
        if let Some(earlier_row) = same_unit.and_then(|at| row_at(&mut self.by_unit, at)) {
            *earlier_row = row;
            return Ok(());
        }
        if self.by_unit.len() <= unit as usize {
            self.by_unit.resize_with(unit as usize + 1, Vec::new);
        }
        let rows = self.by_unit.get_mut(unit as usize).ok_or_else(full)?;
        let at = u32::try_from(rows.len()).map_err(|_| full())?;
        rows.push(row);
        self.by_id.insert(key, (unit, at));
        Ok(())
    }

    /// How many dossiers (distinct ids) the table holds.
    pub fn len(&self) -> usize {
        self.id_ends.len()
    }

    /// Whether the table holds no dossier.
    pub fn is_empty(&self) -> bool {
        self.id_ends.is_empty()
    }

    /// Ids pushed more than once (the later dossier replaced the earlier).
    pub fn repeated(&self) -> &[String] {
        &self.repeated
    }

    /// The id numbered `id`.
    pub(crate) fn id(&self, id: u32) -> &str {
        let id = id as usize;
        let start = id
            .checked_sub(1)
            .and_then(|r| self.id_ends.get(r))
            .copied()
            .unwrap_or(0);
        let end = self.id_ends.get(id).copied().unwrap_or(start);
        self.ids.get(start..end).unwrap_or("")
    }

    /// The rows cut into `parts` runs of about equal size, each run a list of stretches of one
    /// unit's rows, so that each core counts one run.
    pub(crate) fn cut(&self, parts: usize) -> Vec<Vec<UnitRows<'_>>> {
        let total: usize = self.by_unit.iter().map(Vec::len).sum();
        let size = total.div_ceil(parts.max(1)).max(1);
        let mut runs = vec![Vec::new()];
        let mut room = size;
        for (unit, rows) in (0u32..).zip(&self.by_unit) {
            let mut rows = &rows[..];
            while !rows.is_empty() {
                if room == 0 {
                    runs.push(Vec::new());
                    room = size;
                }
                let (taken, rest) = rows.split_at(room.min(rows.len()));
                room -= taken.len();
                if let Some(run) = runs.last_mut() {
                    run.push(UnitRows { unit, rows: taken });
                }
                rows = rest;
            }
        }
        runs
    }
}

/// The row at position `at.1` among unit `at.0`'s.
fn row_at(by_unit: &mut [Vec<TableRow>], (unit, at): (u32, u32)) -> Option<&mut TableRow> {
    by_unit.get_mut(unit as usize)?.get_mut(at as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[(&str, &str)]) -> DossierTable {
        let mut table = DossierTable::new();
        for (id, unit) in rows {
            let dossier = Dossier::new(id, unit, "P");
            table.push(&dossier).unwrap_or_else(|e| panic!("{id}: {e}"));
        }
        table
    }

    /// Each run as (unit code, ids) per stretch.
    fn runs(table: &DossierTable, parts: usize) -> Vec<Vec<(String, Vec<String>)>> {
        table
            .cut(parts)
            .iter()
            .map(|run| {
                run.iter()
                    .map(|stretch| {
                        let ids = stretch.dossiers().map(|(id, _)| table.id(id).to_owned());
                        (table.units.code(stretch.unit).to_owned(), ids.collect())
                    })
                    .collect()
            })
            .collect()
    }

    // Rows are cut into runs of equal size, a unit's rows split between runs where the cut falls,
    // each unit's rows in the order pushed.
    #[test]
    fn rows_are_cut_into_equal_runs_of_unit_stretches() {
        let t = table(&[
            ("1", "A"),
            ("2", "B"),
            ("3", "A"),
            ("4", "B"),
            ("5", "B"),
            ("6", "A"),
        ]);
        let owned = |unit: &str, ids: &[&str]| {
            (
                unit.to_owned(),
                ids.iter().map(|id| (*id).to_owned()).collect(),
            )
        };
        assert_eq!(
            runs(&t, 2),
            [
                vec![owned("A", &["1", "3", "6"])],
                vec![owned("B", &["2", "4", "5"])]
            ]
        );
        assert_eq!(
            runs(&t, 4),
            [
                vec![owned("A", &["1", "3"])],
                vec![owned("A", &["6"]), owned("B", &["2"])],
                vec![owned("B", &["4", "5"])],
            ]
        );
        assert_eq!(runs(&DossierTable::new(), 2), [vec![]]);
    }

    // A repeated id replaces its row: in place within the same unit, and in another unit the
    // earlier row is left out of the count; the id keeps its number.
    #[test]
    fn a_repeated_id_replaces_its_row() {
        let t = table(&[("1", "A"), ("2", "A"), ("1", "A"), ("2", "B"), ("2", "B")]);
        assert_eq!(
            (t.len(), t.repeated()),
            (2, &["1", "2", "2"].map(String::from)[..])
        );
        let units: Vec<_> = runs(&t, 1).concat();
        assert_eq!(
            units,
            [
                ("A".to_owned(), vec!["1".to_owned()]),
                ("B".to_owned(), vec!["2".to_owned()])
            ]
        );
    }
}

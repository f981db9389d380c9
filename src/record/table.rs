//! Dossiers held compactly in memory, for counting the same records many times (several periods,
//! policies or “as of” instants) at memory speed.

use std::io;

use super::{Core, Dossier, Records};
use crate::error::Result;
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
}

/// One dossier of a [`DossierTable`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct TableRow {
    /// The unit's number in the table's unit dictionary.
    pub(crate) unit: u32,
    /// The procedure's number in the table's procedure dictionary.
    pub(crate) procedure: u32,
    pub(crate) core: Core,
}

/// Dossiers in memory, about 100 bytes each: unit and procedure codes are stored once and
/// referred to by number, instants as seconds. A repeated id replaces the earlier dossier (the
/// later row wins, as in a file) and is reported, so every id in the table is unique and counting it
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
    pub(crate) rows: Vec<TableRow>,
    /// The ids one after another; row `i`'s ends at `id_ends[i]`.
    ids: String,
    id_ends: Vec<usize>,
    by_id: FastMap<Fingerprint, u32>,
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
    /// Errors: more than 2³² dossiers, units or procedures.
    pub fn push(&mut self, dossier: &Dossier) -> Result<()> {
        let full = || {
            crate::Error::syntax("a dossier table holds at most 2³² dossiers, units and procedures")
        };
        if self.rows.len() >= u32::MAX as usize {
            return Err(full());
        }
        let row = TableRow {
            unit: self.units.number(&dossier.unit).ok_or_else(full)?,
            procedure: self
                .procedures
                .number(&dossier.procedure)
                .ok_or_else(full)?,
            core: dossier.core(),
        };
        let key = Fingerprint::of(&dossier.id);
        if let Some(&at) = self.by_id.get(&key) {
            if let Some(earlier) = self.rows.get_mut(at as usize) {
                *earlier = row;
            }
            self.repeated.push(dossier.id.clone());
            return Ok(());
        }
        self.by_id.insert(key, self.rows.len() as u32);
        self.rows.push(row);
        self.ids.push_str(&dossier.id);
        self.id_ends.push(self.ids.len());
        Ok(())
    }

    /// How many dossiers (distinct ids) the table holds.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the table holds no dossier.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Ids pushed more than once (the later dossier replaced the earlier).
    pub fn repeated(&self) -> &[String] {
        &self.repeated
    }

    /// The id of the dossier in row `row`.
    pub(crate) fn id(&self, row: usize) -> &str {
        let start = row
            .checked_sub(1)
            .and_then(|r| self.id_ends.get(r))
            .copied()
            .unwrap_or(0);
        let end = self.id_ends.get(row).copied().unwrap_or(start);
        self.ids.get(start..end).unwrap_or("")
    }
}

//! Sums: records added up per period and unit, mergeable by addition.

use super::records::{FEE_DATA, ONLINE, PAID_ONLINE};
use crate::error::Result;

// The three procedure sets kept per period and unit.
pub(super) const ONLINE_SERVICE_USED: usize = 0;
pub(super) const PAID_PROCEDURE: usize = 1;
pub(super) const FEE_DATA_PROCEDURE: usize = 2;

/// Records added up per period and unit: the counts of each fact, and the procedures that had an
/// online dossier, an online payment or synced fee data. Sums of disjoint records add up
/// ([`Sums::merge`]), so parts counted apart — on other cores or machines — combine exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sums {
    periods: usize,
    units: usize,
    /// 64-bit words per procedure set.
    words: usize,
    /// Per period and unit: dossiers with each fact bit.
    pub(super) dossiers: Vec<[u64; 16]>,
    /// Per period and unit: petitions counted, on time, satisfied.
    pub(super) petitions: Vec<[u64; 3]>,
    /// Per period and unit, three procedure sets of `words` words each.
    procedure_sets: Vec<u64>,
}

impl Sums {
    pub(super) fn new(periods: usize, units: usize, procedures: usize) -> Sums {
        let words = procedures.div_ceil(64);
        Sums {
            periods,
            units,
            words,
            dossiers: vec![[0; 16]; periods * units],
            petitions: vec![[0; 3]; periods * units],
            procedure_sets: vec![0; periods * units * 3 * words],
        }
    }

    pub(super) fn fits(&self, periods: usize, units: usize, procedures: usize) -> bool {
        (self.periods, self.units, self.words) == (periods, units, procedures.div_ceil(64))
    }

    pub(super) fn add_dossier(&mut self, period: usize, chain: &[u32], procedure: u32, facts: u16) {
        let (word, mask) = (procedure as usize / 64, 1u64 << (procedure % 64));
        for &u in chain {
            let at = self.at(period, u as usize);
            let counters = &mut self.dossiers[at];
            let mut bits = facts;
            while bits != 0 {
                counters[bits.trailing_zeros() as usize & 15] += 1;
                bits &= bits - 1;
            }
            for (set, fact) in [
                (ONLINE_SERVICE_USED, ONLINE),
                (PAID_PROCEDURE, PAID_ONLINE),
                (FEE_DATA_PROCEDURE, FEE_DATA),
            ] {
                if facts & fact != 0 {
                    self.procedure_sets[(at * 3 + set) * self.words + word] |= mask;
                }
            }
        }
    }

    pub(super) fn add_petition(&mut self, period: usize, chain: &[u32], facts: u8) {
        for &u in chain {
            let at = self.at(period, u as usize);
            for (bit, slot) in self.petitions[at].iter_mut().enumerate() {
                *slot += u64::from(facts >> bit & 1);
            }
        }
    }

    /// The position of a unit's sums for a period: a unit's periods lie side by side, since a
    /// dossier updates all the periods it falls in for the same units.
    pub(super) fn at(&self, period: usize, unit: usize) -> usize {
        unit * self.periods + period
    }

    pub(super) fn has(&self, at: usize, set: usize, procedure: u32) -> bool {
        let index = (at * 3 + set) * self.words + procedure as usize / 64;
        self.procedure_sets
            .get(index)
            .is_some_and(|w| w >> (procedure % 64) & 1 == 1)
    }

    /// Adds the sums of other, disjoint records counted by the same setup.
    ///
    /// Errors: the sums come from another counting setup.
    pub fn merge(&mut self, other: &Sums) -> Result<()> {
        if (self.periods, self.units, self.words) != (other.periods, other.units, other.words) {
            return Err(crate::Error::syntax(
                "the sums come from another counting setup",
            ));
        }
        for (mine, theirs) in self.dossiers.iter_mut().zip(&other.dossiers) {
            for (a, b) in mine.iter_mut().zip(theirs) {
                *a += b;
            }
        }
        for (mine, theirs) in self.petitions.iter_mut().zip(&other.petitions) {
            for (a, b) in mine.iter_mut().zip(theirs) {
                *a += b;
            }
        }
        for (mine, theirs) in self.procedure_sets.iter_mut().zip(&other.procedure_sets) {
            *mine |= theirs;
        }
        Ok(())
    }
}

//! Sums: records added up per period and unit, mergeable by addition.

use super::periods::{PeriodFacts, MAX_PERIODS};
use super::records::{FEE_DATA, ONLINE, PAID_ONLINE};
use crate::error::Result;

// The three procedure sets kept per period and unit.
pub(super) const ONLINE_SERVICE_USED: usize = 0;
pub(super) const PAID_PROCEDURE: usize = 1;
pub(super) const FEE_DATA_PROCEDURE: usize = 2;

/// The fact bits whose dossiers mark their procedure in a set, by set.
const SET_FACTS: [(usize, u16); 3] = [
    (ONLINE_SERVICE_USED, ONLINE),
    (PAID_PROCEDURE, PAID_ONLINE),
    (FEE_DATA_PROCEDURE, FEE_DATA),
];

/// Records added up per period and unit (each record in the unit that handled it, before pooling
/// up the tree): the counts of each fact, and the procedures that had an online dossier, an online
/// payment or synced fee data. Sums of disjoint records add up
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
    /// The procedure sets, by unit, then word of the set, then period, then set: the words a
    /// dossier marks in all its periods and sets lie together.
    procedure_sets: Vec<u64>,
}

/// The error of a count beyond 2⁶⁴.
fn overflow() -> crate::Error {
    crate::Error::syntax("a count exceeds 2⁶⁴ once the sums are added up")
}

/// The error of records that do not fit these sums.
fn foreign() -> crate::Error {
    crate::Error::syntax(
        "the records come from another counting setup (units, procedures or periods differ)",
    )
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

    /// The position of a unit's sums for a period: a unit's periods lie side by side, since a
    /// dossier updates all the periods it falls in for the same unit.
    pub(super) fn at(&self, period: usize, unit: usize) -> usize {
        unit * self.periods + period
    }

    /// The position of word `word` of a procedure set.
    fn word_at(&self, period: usize, unit: usize, set: usize, word: usize) -> usize {
        ((unit * self.words + word) * self.periods + period) * 3 + set
    }

    /// Word `word` of a procedure set (procedures `64 × word` to `64 × word + 63`), 0 past the end.
    pub(super) fn set_word(&self, period: usize, unit: usize, set: usize, word: usize) -> u64 {
        let at = self.word_at(period, unit, set, word);
        self.procedure_sets.get(at).copied().unwrap_or(0)
    }

    /// Marks a dossier's procedure in the sets its facts call for.
    fn mark(&mut self, period: usize, unit: u32, procedure: u32, facts: u16) -> Result<()> {
        for (set, fact) in SET_FACTS {
            if facts & fact != 0 {
                let at = self.word_at(period, unit as usize, set, procedure as usize / 64);
                *self.procedure_sets.get_mut(at).ok_or_else(foreign)? |= 1 << (procedure % 64);
            }
        }
        Ok(())
    }

    /// Adds a dossier to its own unit (the units above it get it when the sums are pooled).
    ///
    /// Errors: facts in a period, or a unit or procedure, these sums do not hold.
    pub(super) fn add_dossier(
        &mut self,
        unit: u32,
        procedure: u32,
        facts: PeriodFacts,
    ) -> Result<()> {
        if procedure as usize >= self.words * 64 || facts.any_from(self.periods) {
            return Err(foreign());
        }
        for period in 0..self.periods {
            let facts = facts.get(period);
            if facts == 0 {
                continue;
            }
            let at = self.at(period, unit as usize);
            count_bits(self.dossiers.get_mut(at).ok_or_else(foreign)?, facts);
            self.mark(period, unit, procedure, facts)?;
        }
        Ok(())
    }

    /// An adder of many dossiers of the unit at `unit`, one after another (see [`UnitAdder`]).
    ///
    /// Errors: a unit these sums do not hold.
    pub(super) fn unit(&mut self, unit: usize) -> Result<UnitAdder<'_>> {
        let (periods, words) = (self.periods, self.words);
        let counters = (self.dossiers)
            .get_mut(unit * periods..(unit + 1) * periods)
            .ok_or_else(foreign)?;
        let block = words * 3 * periods;
        let sets = (self.procedure_sets)
            .get_mut(unit * block..(unit + 1) * block)
            .ok_or_else(foreign)?;
        Ok(UnitAdder {
            periods,
            counters,
            sets,
            planes: [[0; PLANES]; 2],
            pending: 0,
        })
    }

    /// Adds a petition to its own unit, as [`Sums::add_dossier`].
    pub(super) fn add_petition(&mut self, unit: u32, facts: &[u8; MAX_PERIODS]) -> Result<()> {
        for (period, &facts) in facts.iter().enumerate().filter(|(_, f)| **f != 0) {
            if period >= self.periods {
                return Err(foreign());
            }
            let at = self.at(period, unit as usize);
            count_bits(
                self.petitions.get_mut(at).ok_or_else(foreign)?,
                u16::from(facts),
            );
        }
        Ok(())
    }

    /// The sums pooled up the unit tree: each unit's records added to every unit of its `chain`
    /// (itself and its ancestors, by position). Records are added to their own unit only while
    /// counting, which keeps the work per record small; pooling is once per unit.
    ///
    /// Errors: a count beyond 2⁶⁴.
    pub(super) fn pooled(&self, chains: &[Vec<u32>]) -> Result<Sums> {
        let mut pooled = Sums::new(self.periods, self.units, self.words * 64);
        let block = self.words * 3 * self.periods;
        for (unit, chain) in chains.iter().enumerate().take(self.units) {
            let own = unit * self.periods..(unit + 1) * self.periods;
            let own_sets = unit * block..(unit + 1) * block;
            for &above in chain {
                let above = above as usize;
                let to = above * self.periods..(above + 1) * self.periods;
                add_all(
                    &mut pooled.dossiers[to.clone()],
                    &self.dossiers[own.clone()],
                )?;
                add_all(&mut pooled.petitions[to], &self.petitions[own.clone()])?;
                let to_sets = above * block..(above + 1) * block;
                for (a, b) in pooled.procedure_sets[to_sets]
                    .iter_mut()
                    .zip(&self.procedure_sets[own_sets.clone()])
                {
                    *a |= b;
                }
            }
        }
        Ok(pooled)
    }

    /// Adds the sums of other, disjoint records counted by the same setup.
    ///
    /// Errors: the sums come from another counting setup; a count beyond 2⁶⁴.
    pub fn merge(&mut self, other: &Sums) -> Result<()> {
        if (self.periods, self.units, self.words) != (other.periods, other.units, other.words) {
            return Err(crate::Error::syntax(
                "the sums come from another counting setup",
            ));
        }
        add_all(&mut self.dossiers, &other.dossiers)?;
        add_all(&mut self.petitions, &other.petitions)?;
        for (mine, theirs) in self.procedure_sets.iter_mut().zip(&other.procedure_sets) {
            *mine |= theirs;
        }
        Ok(())
    }
}

/// Adds one to the counter of each bit set in `bits` (of the first `N`), all counters at once and
/// without a branch: the bits vary from record to record, and a loop over the set bits mispredicts.
/// Records are added one at a time, each at most once to a counter, so a counter cannot pass 2⁶⁴
/// before the machine runs out of records to count; sums are added up with a check
/// ([`Sums::merge`], [`Sums::pooled`]).
fn count_bits<const N: usize>(counters: &mut [u64; N], bits: u16) {
    for (i, counter) in counters.iter_mut().enumerate() {
        *counter += u64::from(bits >> i & 1);
    }
}

/// Adds counters to counters, checked.
fn add_all<const N: usize>(to: &mut [[u64; N]], from: &[[u64; N]]) -> Result<()> {
    for (mine, theirs) in to.iter_mut().zip(from) {
        for (a, b) in mine.iter_mut().zip(theirs) {
            *a = a.checked_add(*b).ok_or_else(overflow)?;
        }
    }
    Ok(())
}

/// Bit planes per vertical counter: they hold counts up to 2⁸ − 1.
const PLANES: usize = 8;

/// Adds the dossiers of one unit to [`Sums`], for records grouped by unit (a
/// [`DossierTable`](crate::record::DossierTable)). A dossier's facts in four periods fill one
/// 64-bit word (16 bits a period), and the counts of those 64 bits are kept as vertical counters:
/// plane `k` holds bit `k` of all 64 counts, so adding a dossier is eight ANDs and XORs
/// (a carry rippling through the planes) whatever its facts, where [`Sums::add_dossier`] adds to
/// sixteen counters per period. The planes are emptied into the sums before they can overflow, and
/// when the adder is dropped.
pub(super) struct UnitAdder<'a> {
    periods: usize,
    /// The unit's counters, by period.
    counters: &'a mut [[u64; 16]],
    /// The unit's procedure sets, laid out as in [`Sums`]: by word, then period, then set.
    sets: &'a mut [u64],
    /// Per word of four periods, the planes.
    planes: [[u64; PLANES]; 2],
    /// Dossiers added since the planes were last emptied.
    pending: u32,
}

impl UnitAdder<'_> {
    /// Adds a dossier under the procedure at `procedure`.
    ///
    /// Errors: facts in a period, or a procedure, these sums do not hold.
    #[inline]
    pub(super) fn add(&mut self, procedure: u32, facts: PeriodFacts) -> Result<()> {
        let periods = self.periods;
        let block = 3 * periods;
        let start = procedure as usize / 64 * block;
        let (Some(sets), false) = (
            self.sets.get_mut(start..start + block),
            facts.any_from(periods),
        ) else {
            return Err(foreign());
        };
        // The procedure's bit, set in each period's word of each set its facts call for.
        let bit = 1u64 << (procedure % 64);
        for (period, words) in sets.chunks_exact_mut(3).enumerate() {
            let facts = facts.get(period);
            for (word, (_, fact)) in words.iter_mut().zip(SET_FACTS) {
                *word |= u64::from(facts & fact != 0) * bit;
            }
        }
        // The second word holds periods 5 to 8, rarely counted.
        for (planes, word) in self
            .planes
            .iter_mut()
            .zip(facts.0)
            .take(periods.div_ceil(4))
        {
            let mut carry = word;
            for plane in planes {
                let next = *plane & carry;
                *plane ^= carry;
                carry = next;
            }
        }
        self.pending += 1;
        if self.pending == (1 << PLANES) - 1 {
            self.empty_planes();
        }
        Ok(())
    }

    /// Adds the planes' counts to the sums and clears them.
    fn empty_planes(&mut self) {
        for (w, planes) in self.planes.iter_mut().enumerate() {
            for (k, plane) in planes.iter_mut().enumerate() {
                let mut bits = std::mem::take(plane);
                while bits != 0 {
                    let lane = bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    let counter = (self.counters.get_mut(w * 4 + lane / 16))
                        .and_then(|counters| counters.get_mut(lane % 16));
                    if let Some(counter) = counter {
                        *counter += 1 << k;
                    }
                }
            }
        }
        self.pending = 0;
    }
}

impl Drop for UnitAdder<'_> {
    fn drop(&mut self) {
        self.empty_planes();
    }
}

//! Sums: records added up per period and unit, mergeable by addition.

use super::criteria::Masks;
use super::periods::{PeriodFacts, EVERY_PERIOD, FEE_DATA, MAX_PERIODS, ONLINE, PAID_ONLINE};
use crate::error::Result;

// The three procedure sets kept per period and unit.
pub(super) const ONLINE_SERVICE_USED: usize = 0;
pub(super) const PAID_PROCEDURE: usize = 1;
pub(super) const FEE_DATA_PROCEDURE: usize = 2;

/// The fact bits whose dossiers mark their procedure in a set, by set.
pub(super) const SET_FACTS: [(usize, u16); 3] = [
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
    /// The key of the counting setup that made them: sums of another setup, even of the same
    /// sizes, hold other units, procedures or periods.
    setup: u64,
    periods: usize,
    units: usize,
    procedures: usize,
    /// Words of four periods' facts (see [`PeriodFacts`]).
    fact_words: usize,
    /// Groups of sixteen procedures.
    groups: usize,
    /// Per period and unit: dossiers with each fact bit.
    pub(super) dossiers: Vec<[u64; 16]>,
    /// Per period and unit: petitions counted, on time, satisfied.
    pub(super) petitions: Vec<[u64; 3]>,
    /// The procedure sets, by unit, then set, then word of four periods, then group of sixteen
    /// procedures: a word's bit `16 × (period % 4) + procedure % 16` is set when the procedure is
    /// in the set in that period. Laid out as [`PeriodFacts`] are, so that a dossier marks its
    /// procedure in all its periods at once.
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
    /// Empty sums of counting setup `setup` (its key) of these sizes.
    pub(super) fn new(periods: usize, units: usize, procedures: usize, setup: u64) -> Sums {
        let (fact_words, groups) = (periods.div_ceil(4), procedures.div_ceil(16));
        Sums {
            setup,
            periods,
            units,
            procedures,
            fact_words,
            groups,
            dossiers: vec![[0; 16]; periods * units],
            petitions: vec![[0; 3]; periods * units],
            procedure_sets: vec![0; units * 3 * fact_words * groups],
        }
    }

    /// Whether these sums were made by counting setup `setup`.
    pub(super) fn made_by(&self, setup: u64) -> bool {
        self.setup == setup
    }

    /// The words of a unit's procedure sets.
    fn block(&self) -> usize {
        3 * self.fact_words * self.groups
    }

    /// The position of a unit's sums for a period: a unit's periods lie side by side, since a
    /// dossier updates all the periods it falls in for the same unit.
    pub(super) fn at(&self, period: usize, unit: usize) -> usize {
        unit * self.periods + period
    }

    /// Adds to `used` (per period, per set) how many procedures unit `unit` holds in each
    /// procedure set among those `masks` give (per set).
    pub(super) fn used_procedures(&self, unit: usize, masks: [Masks; 3], used: &mut [[u64; 3]]) {
        let block = self.block();
        if block == 0 {
            // No procedures: no set holds any.
            return;
        }
        let sets = (self.procedure_sets.get(unit * block..(unit + 1) * block)).unwrap_or_default();
        for (set, (lanes, masks)) in sets
            .chunks(self.fact_words * self.groups)
            .zip(masks)
            .enumerate()
        {
            for (word, lanes) in lanes.chunks(self.groups).enumerate() {
                // Four periods' sixteen procedures of each group side by side: each period's
                // count in its own lane, without a branch.
                let mut counts = [0u32; 4];
                for (&lanes, &mask) in lanes.iter().skip(masks.first).zip(masks.groups) {
                    let held = lanes & (u64::from(mask) * EVERY_PERIOD);
                    for (lane, count) in counts.iter_mut().enumerate() {
                        *count += (held >> (16 * lane) & 0xFFFF).count_ones();
                    }
                }
                for (lane, count) in counts.into_iter().enumerate() {
                    if let Some(used) = used.get_mut(4 * word + lane).and_then(|u| u.get_mut(set)) {
                        *used += u64::from(count);
                    }
                }
            }
        }
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
        if procedure as usize >= self.procedures || facts.any_from(self.periods) {
            return Err(foreign());
        }
        for period in 0..self.periods {
            let facts = facts.get(period);
            if facts != 0 {
                let at = self.at(period, unit as usize);
                count_bits(self.dossiers.get_mut(at).ok_or_else(foreign)?, facts);
            }
        }
        let (fact_words, groups, block) = (self.fact_words, self.groups, self.block());
        let start = unit as usize * block;
        let sets = (self.procedure_sets.get_mut(start..start + block)).ok_or_else(foreign)?;
        mark(sets, fact_words, groups, procedure, facts);
        Ok(())
    }

    /// An adder of many dossiers of the unit at `unit`, one after another (see [`UnitAdder`]).
    ///
    /// Errors: a unit these sums do not hold.
    pub(super) fn unit(&mut self, unit: usize) -> Result<UnitAdder<'_>> {
        let (periods, procedures, block) = (self.periods, self.procedures, self.block());
        let (fact_words, groups) = (self.fact_words, self.groups);
        let counters = (self.dossiers)
            .get_mut(unit * periods..(unit + 1) * periods)
            .ok_or_else(foreign)?;
        let sets = (self.procedure_sets)
            .get_mut(unit * block..(unit + 1) * block)
            .ok_or_else(foreign)?;
        Ok(UnitAdder {
            periods,
            procedures,
            fact_words,
            groups,
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

    /// The sums pooled up the unit tree: each unit's records added to itself and every ancestor.
    /// Records are added to their own unit only while counting, which keeps the work per record
    /// small; here every unit's pooled block is added into its parent's once, children before
    /// parents (`bottom_up`), so the work is linear in units however deep the tree.
    ///
    /// Errors: a count beyond 2⁶⁴ (every partial sum is part of a final one, so this fails
    /// exactly when a pooled count would pass 2⁶⁴).
    pub(super) fn pooled(&self, bottom_up: &[usize], parents: &[Option<usize>]) -> Result<Sums> {
        let mut pooled = self.clone();
        let block = self.block();
        let periods = self.periods;
        for &unit in bottom_up {
            let Some(Some(parent)) = parents.get(unit).copied() else {
                continue;
            };
            add_block(&mut pooled.dossiers, unit, parent, periods)?;
            add_block(&mut pooled.petitions, unit, parent, periods)?;
            let (from, to) = two_blocks(&mut pooled.procedure_sets, unit, parent, block)?;
            for (a, b) in to.iter_mut().zip(from.iter()) {
                *a |= b;
            }
        }
        Ok(pooled)
    }

    /// Adds the sums of other, disjoint records counted by the same setup.
    ///
    /// Errors: the sums come from another counting setup; a count beyond 2⁶⁴.
    pub fn merge(&mut self, other: &Sums) -> Result<()> {
        if other.setup != self.setup
            || (other.periods, other.units, other.procedures)
                != (self.periods, self.units, self.procedures)
        {
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

/// Marks a dossier's procedure in the sets its facts call for, in every period at once: `sets` is
/// one unit's procedure sets, laid out as in [`Sums`].
#[inline]
fn mark(sets: &mut [u64], fact_words: usize, groups: usize, procedure: u32, facts: PeriodFacts) {
    let (group, bit) = (procedure as usize / 16, procedure % 16);
    for (set, fact) in SET_FACTS {
        let lanes = facts.lanes_with(fact);
        for w in 0..fact_words {
            let word = sets.get_mut((set * fact_words + w) * groups + group);
            if let (Some(word), Some(lanes)) = (word, lanes.get(w)) {
                *word |= lanes << bit;
            }
        }
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

/// The `size`-long blocks of units `from` and `to` (different units) of `items`, the first to read
/// and the second to write.
fn two_blocks<T>(items: &mut [T], from: usize, to: usize, size: usize) -> Result<(&[T], &mut [T])> {
    let foreign = || crate::Error::syntax("pooled sums: a unit outside the sums");
    if from == to {
        return Err(foreign());
    }
    let (low, high) = (from.min(to), from.max(to));
    let (head, tail) = items.split_at_mut(high * size);
    let low_block = head
        .get_mut(low * size..(low + 1) * size)
        .ok_or_else(foreign)?;
    let high_block = tail.get_mut(..size).ok_or_else(foreign)?;
    Ok(if from < to {
        (low_block, high_block)
    } else {
        (high_block, low_block)
    })
}

/// Adds unit `from`'s block of `size` counters into unit `to`'s.
fn add_block<const N: usize>(
    items: &mut [[u64; N]],
    from: usize,
    to: usize,
    size: usize,
) -> Result<()> {
    let (from, to) = two_blocks(items, from, to, size)?;
    add_all(to, from)
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
    procedures: usize,
    fact_words: usize,
    groups: usize,
    /// The unit's counters, by period.
    counters: &'a mut [[u64; 16]],
    /// The unit's procedure sets, laid out as in [`Sums`].
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
        if procedure as usize >= self.procedures || facts.any_from(self.periods) {
            return Err(foreign());
        }
        mark(self.sets, self.fact_words, self.groups, procedure, facts);
        // The second word holds periods 5 to 8, rarely counted.
        for (planes, word) in self.planes.iter_mut().zip(facts.0).take(self.fact_words) {
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
        // Each period's counters read off the planes lane by lane, without a branch per bit.
        for (period, counters) in self.counters.iter_mut().enumerate() {
            let Some(planes) = self.planes.get(period / 4) else {
                break;
            };
            let first = 16 * (period % 4);
            for (i, counter) in counters.iter_mut().enumerate() {
                *counter += (planes.iter().enumerate())
                    .map(|(k, plane)| (plane >> (first + i) & 1) << k)
                    .sum::<u64>();
            }
        }
        self.planes = [[0; PLANES]; 2];
        self.pending = 0;
    }
}

impl Drop for UnitAdder<'_> {
    fn drop(&mut self) {
        self.empty_planes();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::count::periods::PeriodFacts;

    /// Facts `facts` in each of `periods`.
    fn in_periods(periods: &[usize], facts: u16) -> PeriodFacts {
        let mut words = [0u64; 2];
        for &p in periods {
            words[p / 4] |= u64::from(facts) << (16 * (p % 4));
        }
        PeriodFacts(words)
    }

    // Procedures on both sides of every boundary of the layout (16 a group, 64 a word), in
    // periods of both words of facts, marked one dossier at a time and a unit at a time, read back
    // as 64-procedure words equal to the sets built by hand.
    #[test]
    fn procedure_sets_read_back_as_marked() {
        let (periods, units, procedures) = (6, 2, 150);
        let dossiers: [(usize, u32, &[usize], u16); 7] = [
            (0, 0, &[0, 5], ONLINE),
            (0, 15, &[3], PAID_ONLINE | ONLINE),
            (0, 16, &[4], FEE_DATA),
            (1, 63, &[0, 1, 2, 3, 4, 5], ONLINE | FEE_DATA),
            (1, 64, &[2], PAID_ONLINE),
            (1, 149, &[5], ONLINE | PAID_ONLINE | FEE_DATA),
            (1, 100, &[1], 1),
        ];
        let mut one_by_one = Sums::new(periods, units, procedures, 0);
        let mut by_unit = Sums::new(periods, units, procedures, 0);
        for unit in 0..units {
            let mut adder = by_unit.unit(unit).unwrap();
            for &(u, procedure, ps, facts) in dossiers.iter().filter(|d| d.0 == unit) {
                adder.add(procedure, in_periods(ps, facts)).unwrap();
                one_by_one
                    .add_dossier(u as u32, procedure, in_periods(ps, facts))
                    .unwrap();
            }
        }
        assert_eq!(one_by_one, by_unit);
        // Each procedure alone as the mask: counted once in exactly the periods it was marked.
        for (set, fact) in SET_FACTS {
            for unit in 0..units {
                for procedure in 0..procedures {
                    let alone = [1u16 << (procedure % 16)];
                    let mut masks = [Masks::default(); 3];
                    masks[set] = Masks {
                        first: procedure / 16,
                        groups: &alone,
                    };
                    let mut used = [[0u64; 3]; 8];
                    by_unit.used_procedures(unit, masks, &mut used);
                    for (period, used) in used.iter().enumerate() {
                        let marked = dossiers.iter().any(|&(u, pr, ps, facts)| {
                            u == unit
                                && pr as usize == procedure
                                && ps.contains(&period)
                                && facts & fact != 0
                        });
                        let expected = [0, 1, 2].map(|s| u64::from(s == set && marked));
                        assert_eq!(
                            *used, expected,
                            "set {set}, unit {unit}, procedure {procedure}, period {period}"
                        );
                    }
                }
            }
        }
        // A procedure or period these sums do not hold is refused.
        assert!(one_by_one.add_dossier(0, 150, in_periods(&[0], 1)).is_err());
        assert!(one_by_one.add_dossier(0, 1, in_periods(&[6], 1)).is_err());
        assert!(by_unit.unit(2).is_err());
    }
}

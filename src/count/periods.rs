//! The counted periods as counting sees them: the civil days each spans, the moment each is judged
//! at, which of them a day falls in, and a dossier's facts in each ([`PeriodFacts`]).

use crate::calendar::{day_number, Moment};
use crate::period::Period;

/// A counted period as the standing sees it: its first and last civil day and the moment it is
/// judged at (its last second, or the `as_of` instant).
#[derive(Debug, Clone, Copy)]
pub(super) struct Span {
    pub(super) first: i32,
    pub(super) last: i32,
    pub(super) judged_at: Moment,
}

// What a dossier contributes in one period, as bits.
pub(super) const COUNTED: u16 = 1;
pub(super) const ON_TIME: u16 = 1 << 1;
pub(super) const ONLINE: u16 = 1 << 2;
pub(super) const OWES_FEES: u16 = 1 << 3;
pub(super) const PAID_ONLINE: u16 = 1 << 4;
pub(super) const E_RESULT: u16 = 1 << 5;
pub(super) const DIGITIZED: u16 = 1 << 6;
pub(super) const REUSED: u16 = 1 << 7;
pub(super) const PERSONAL_STORAGE: u16 = 1 << 8;
pub(super) const CITIZEN_DATA: u16 = 1 << 9;
pub(super) const SATISFIED: u16 = 1 << 10;
pub(super) const UNDATED: u16 = 1 << 11;
/// Synced non-zero fee data (for FEE_INTEGRATED_PROCEDURES).
pub(super) const FEE_DATA: u16 = 1 << 12;

/// At most this many periods are counted in one pass.
pub const MAX_PERIODS: usize = 8;

/// A one at the bottom of each of four periods' places: times 16 bits, those bits in all four.
pub(super) const EVERY_PERIOD: u64 = 0x0001_0001_0001_0001;

/// A dossier's facts in each period: period `p`'s 16 bits at bits `16p` to `16p + 15` of two words
/// (four periods a word). Kept in registers, not as an array of periods, because an array written
/// period by period and then read whole stalls the read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct PeriodFacts(pub(super) [u64; 2]);

impl PeriodFacts {
    /// The facts in period `p` (none past [`MAX_PERIODS`]).
    pub(super) fn get(self, p: usize) -> u16 {
        let [low, high] = self.0;
        let word = match p / 4 {
            0 => low,
            1 => high,
            _ => 0,
        };
        (word >> (16 * (p % 4))) as u16
    }

    /// These facts with `facts` added in period `p` (below [`MAX_PERIODS`]).
    fn with(self, p: usize, facts: u16) -> PeriodFacts {
        let [low, high] = self.0;
        let facts = u64::from(facts) << (16 * (p % 4));
        PeriodFacts(match p / 4 {
            0 => [low | facts, high],
            1 => [low, high | facts],
            _ => [low, high],
        })
    }

    /// In each period's place, a one at the bottom when the period's facts include `fact` (a single
    /// bit).
    pub(super) fn lanes_with(self, fact: u16) -> [u64; 2] {
        let shift = fact.trailing_zeros();
        self.0.map(|word| word >> shift & EVERY_PERIOD)
    }

    /// Whether there are facts in period `p` or after it.
    pub(super) fn any_from(self, p: usize) -> bool {
        let [low, high] = self.0;
        match p {
            0..4 => (low >> (16 * p)) | high != 0,
            4..8 => high >> (16 * (p - 4)) != 0,
            _ => false,
        }
    }
}

/// One counted period.
#[derive(Debug, Clone, Copy)]
struct Bounds {
    /// First and last civil day (days since 1970-01-01).
    first: i32,
    last: i32,
    /// The moment unfinished dossiers are judged at.
    judged_at: Moment,
}

/// A set of periods, as bits (bit `p` = period `p`), with what counting needs of them together.
#[derive(Debug, Clone, Copy, Default)]
struct Together {
    /// Sixteen one-bits in each of the periods' places of [`PeriodFacts`].
    places: [u64; 2],
    /// The earliest moment any of them is judged at.
    earliest: Option<Moment>,
}

/// The counted periods. Which of them a dossier's day falls in is looked up in a table of days
/// rather than compared period by period: each comparison is a branch that the days of successive
/// dossiers send one way or the other at random.
#[derive(Debug, Clone)]
pub(super) struct CountedPeriods {
    bounds: Vec<Bounds>,
    /// The first day of the table.
    first_day: i32,
    /// Per day from `first_day` to the last day of any period: the periods it falls in.
    days: Vec<u8>,
    /// Per set of periods (by its bits).
    sets: Vec<Together>,
}

impl CountedPeriods {
    /// The periods (at most [`MAX_PERIODS`]; the caller checks), judged at their last second in
    /// Vietnam, or at `as_of` when it is earlier.
    pub(super) fn new(periods: &[Period], as_of: Option<Moment>) -> CountedPeriods {
        let bounds: Vec<Bounds> = (periods.iter().take(MAX_PERIODS))
            .map(|p| {
                let (first, last) = (day_number(p.first_day()), day_number(p.last_day()));
                let end = Moment::from_local(last, 86_399);
                Bounds {
                    first,
                    last,
                    judged_at: as_of.map_or(end, |as_of| as_of.min(end)),
                }
            })
            .collect();
        let first_day = bounds.iter().map(|b| b.first).min().unwrap_or(0);
        let last_day = bounds.iter().map(|b| b.last).max().unwrap_or(first_day);
        let days = (first_day..=last_day)
            .map(|day| {
                (bounds.iter().enumerate())
                    .filter(|(_, b)| (b.first..=b.last).contains(&day))
                    .fold(0u8, |set, (p, _)| set | 1 << p)
            })
            .collect();
        let sets = (0..=u8::MAX)
            .map(|set| {
                let mut together = Together::default();
                for (p, b) in bounds.iter().enumerate().filter(|(p, _)| set >> p & 1 == 1) {
                    together.places = PeriodFacts(together.places).with(p, u16::MAX).0;
                    together.earliest = Some(
                        together
                            .earliest
                            .map_or(b.judged_at, |e| e.min(b.judged_at)),
                    );
                }
                together
            })
            .collect();
        CountedPeriods {
            bounds,
            first_day,
            days,
            sets,
        }
    }

    /// The first and last civil day of period `p`.
    pub(super) fn days_of(&self, p: usize) -> (i32, i32) {
        self.bounds.get(p).map_or((0, -1), |b| (b.first, b.last))
    }

    /// Each period's days and moment of judgement, in order.
    pub(super) fn spans(&self) -> impl Iterator<Item = Span> + '_ {
        self.bounds.iter().map(|b| Span {
            first: b.first,
            last: b.last,
            judged_at: b.judged_at,
        })
    }

    /// The moment period `p` is judged at.
    pub(super) fn judged_at(&self, p: usize) -> Moment {
        self.bounds
            .get(p)
            .map_or(Moment::from_local(0, 0), |b| b.judged_at)
    }

    /// The periods a civil day falls in, as bits.
    fn set_of(&self, day: i32) -> u8 {
        (day.checked_sub(self.first_day))
            .and_then(|offset| usize::try_from(offset).ok())
            .and_then(|offset| self.days.get(offset))
            .copied()
            .unwrap_or(0)
    }

    /// The periods a civil day falls in, as indices.
    pub(super) fn of_day(&self, day: i32) -> impl Iterator<Item = usize> {
        let set = self.set_of(day);
        (0..MAX_PERIODS).filter(move |p| set >> p & 1 == 1)
    }

    /// A dossier's facts in the periods its day falls in, given its facts judged at a moment
    /// (`facts_at`), the moment from which they no longer change (`settled`; `None` while they may),
    /// and the facts that do not depend on the moment (`lasting`). Facts are judged as few times as
    /// can be: once, at the earliest moment of judgement, for a dossier settled by then.
    #[inline]
    pub(super) fn facts<E>(
        &self,
        day: i32,
        settled: Option<Moment>,
        lasting: u16,
        mut facts_at: impl FnMut(Moment) -> Result<u16, E>,
    ) -> Result<PeriodFacts, E> {
        let set = self.set_of(day);
        let Some(together) = self.sets.get(usize::from(set)) else {
            return Ok(PeriodFacts::default());
        };
        let Some(earliest) = together.earliest else {
            return Ok(PeriodFacts::default());
        };
        if settled.is_some_and(|s| s <= earliest) {
            let every = u64::from(lasting | facts_at(earliest)?) * EVERY_PERIOD;
            let [low, high] = together.places;
            return Ok(PeriodFacts([every & low, every & high]));
        }
        // Not settled at some period's judgement: period by period, judging again only when the
        // moment differs in whether the dossier had settled by then or, if not, in the instant.
        let mut facts = PeriodFacts::default();
        let mut last: Option<(Option<Moment>, u16)> = None;
        for p in self.of_day(day) {
            let judged_at = self.judged_at(p);
            let key = settled.map_or(true, |s| s > judged_at).then_some(judged_at);
            let judged = match last {
                Some((known, judged)) if known == key => judged,
                _ => facts_at(judged_at)?,
            };
            last = Some((key, judged));
            facts = facts.with(p, lasting | judged);
        }
        Ok(facts)
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::convert::Infallible;

    use super::*;

    fn day(text: &str) -> i32 {
        let moment = Moment::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        moment.local_day()
    }

    fn month_quarter_year() -> CountedPeriods {
        let periods: Vec<Period> = ["2026-09", "2026-Q3", "2026"]
            .iter()
            .map(|p| p.parse().unwrap())
            .collect();
        CountedPeriods::new(&periods, None)
    }

    // The table of days gives the periods at their boundaries, at 23:59 and 00:00 in Vietnam.
    #[test]
    fn a_day_falls_in_the_periods_that_span_it() {
        let periods = month_quarter_year();
        let of = |text: &str| periods.of_day(day(text)).collect::<Vec<_>>();
        assert_eq!(of("2025-12-31 23:59"), [] as [usize; 0]);
        assert_eq!(of("2026-01-01 00:00"), [2]);
        assert_eq!(of("2026-06-30 23:59"), [2]);
        assert_eq!(of("2026-07-01 00:00"), [1, 2]);
        assert_eq!(of("2026-08-31 23:59"), [1, 2]);
        assert_eq!(of("2026-09-01 00:00"), [0, 1, 2]);
        assert_eq!(of("2026-09-30 23:59"), [0, 1, 2]);
        assert_eq!(of("2026-10-01 00:00"), [2]);
        assert_eq!(of("2026-12-31 23:59"), [2]);
        assert_eq!(of("2027-01-01 00:00"), [] as [usize; 0]);
    }

    // A dossier settled before the earliest judgement is judged once; one still open is judged
    // once per distinct moment (the month and the quarter both end on 30 September).
    #[test]
    fn facts_are_judged_once_per_distinct_moment() {
        let periods = month_quarter_year();
        let asked = RefCell::new(Vec::new());
        let facts_at = |at: Moment| {
            asked.borrow_mut().push(at);
            // On time (bit 1) when judged in September, not after.
            Ok::<u16, Infallible>(if at.local_day() <= day("2026-09-30 12:00") {
                2
            } else {
                0
            })
        };
        let september = day("2026-09-15 08:00");
        let settled = Moment::parse("2026-09-20 10:00").ok();
        let facts = periods.facts(september, settled, 1, facts_at).unwrap();
        assert_eq!(
            [facts.get(0), facts.get(1), facts.get(2), facts.get(3)],
            [3, 3, 3, 0]
        );
        assert_eq!(asked.borrow().len(), 1);

        asked.borrow_mut().clear();
        let facts = periods.facts(september, None, 1, facts_at).unwrap();
        assert_eq!([facts.get(0), facts.get(1), facts.get(2)], [3, 3, 1]);
        let ends = ["2026-09-30 23:59:59", "2026-12-31 23:59:59"].map(|t| Moment::parse(t).ok());
        assert_eq!(
            asked.borrow().iter().map(|m| Some(*m)).collect::<Vec<_>>(),
            ends
        );

        // Settled in November: judged at the end of September (open) and once for the year.
        asked.borrow_mut().clear();
        let november = Moment::parse("2026-11-02 09:00").ok();
        let facts = periods.facts(september, november, 1, facts_at).unwrap();
        assert_eq!([facts.get(0), facts.get(1), facts.get(2)], [3, 3, 1]);
        assert_eq!(asked.borrow().len(), 2);

        // A day in no period has no facts and is not judged.
        asked.borrow_mut().clear();
        let facts = periods
            .facts(day("2027-01-05 08:00"), settled, 1, facts_at)
            .unwrap();
        assert_eq!(facts, PeriodFacts::default());
        assert!(asked.borrow().is_empty());
    }

    #[test]
    fn facts_beyond_a_period_are_found() {
        let facts = PeriodFacts::default().with(5, 1);
        assert_eq!((facts.get(5), facts.get(4), facts.get(8)), (1, 0, 0));
        assert!(facts.any_from(0) && facts.any_from(5) && !facts.any_from(6));
        assert!(PeriodFacts::default().with(2, 4).any_from(2));
        assert!(!PeriodFacts::default().with(2, 4).any_from(3));
    }
}

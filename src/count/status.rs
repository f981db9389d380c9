//! Where a dossier stands at the end of a period, for the monthly one-stop report (SPEC §8): new or
//! carried over, settled early, on time or late, returned, or still in process (waiting for the
//! citizen's supplement, within time, past due), and whether it fell due in the period.
//!
//! The standing is judged once per dossier and period while counting (the same pass that counts
//! the index's criteria) and kept as bits in the dossier's tally entry ([`DossierStatus`]), so a
//! repeated id replaces its earlier standing as it replaces its counts. The statistics module adds
//! the bits up.

use serde::Serialize;

use super::periods::{Span, MAX_PERIODS};
use super::rules::{self, judge_dossier, CountOptions, Verdict};
use crate::calendar::{Calendar, Moment};
use crate::error::Result;
use crate::record::{Channel, Core, Procedure};

/// Where a dossier in play stands at the end of a period (SPEC §8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Settled (finished, or its result returned) in the period, on a working day before the due
    /// day (trước hạn).
    Early,
    /// Settled in the period, on the due day or with no working day left before it (đúng hạn).
    OnTime,
    /// Settled in the period after its deadline (quá hạn).
    Late,
    /// Its processing ended in the period by `stopped_at` alone: refused, handed back
    /// unprocessed, withdrawn (trả lại, rút).
    Returned,
    /// In process at the period's end, waiting for the citizen's supplement (chờ bổ sung).
    WaitingSupplement,
    /// In process at the period's end, not past its deadline (trong hạn).
    WithinTime,
    /// In process at the period's end and past its deadline (quá hạn).
    PastDue,
}

impl Standing {
    const ALL: [Standing; 7] = [
        Standing::Early,
        Standing::OnTime,
        Standing::Late,
        Standing::Returned,
        Standing::WaitingSupplement,
        Standing::WithinTime,
        Standing::PastDue,
    ];

    /// Its code in the bits (0 is "not in play").
    fn code(self) -> u64 {
        match self {
            Standing::Early => 1,
            Standing::OnTime => 2,
            Standing::Late => 3,
            Standing::Returned => 4,
            Standing::WaitingSupplement => 5,
            Standing::WithinTime => 6,
            Standing::PastDue => 7,
        }
    }

    /// Settled early or on time.
    pub fn settled_in_time(self) -> bool {
        matches!(self, Standing::Early | Standing::OnTime)
    }
}

/// A dossier's standing in one period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodStanding {
    /// Where it stands at the period's end.
    pub standing: Standing,
    /// Received in the period (tiếp nhận mới); otherwise carried over from before it.
    pub new: bool,
    /// Fell due in the period (not returned, not waiting for a supplement): `Some(true)` when it
    /// was settled by its due date, `Some(false)` when settled after it or still unsettled at the
    /// period's end.
    pub due: Option<bool>,
}

// Six bits per period at 6p: the standing's code (3 bits), new, due in the period, due and met.
const BITS_PER_PERIOD: u32 = 6;
const NEW: u64 = 1 << 3;
const DUE: u64 = 1 << 4;
const DUE_MET: u64 = 1 << 5;
// What does not depend on the period, above the periods' bits.
const LASTING: u32 = BITS_PER_PERIOD * MAX_PERIODS as u32;
const ONLINE: u64 = 1 << LASTING;
const POSTAL: u64 = 1 << (LASTING + 1);
const COMPONENT_FILES: u64 = 1 << (LASTING + 2);
const RESULT_FILE: u64 = 1 << (LASTING + 3);
const OWES_FEES: u64 = 1 << (LASTING + 4);
const PAID_ONLINE: u64 = 1 << (LASTING + 5);
const E_RECEIPT_RECORDED: u64 = 1 << (LASTING + 6);
const E_RECEIPT: u64 = 1 << (LASTING + 7);

/// A dossier's standing in each counted period and its channel and flags, as bits (0: in play in
/// no period).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DossierStatus(pub(crate) u64);

impl DossierStatus {
    /// Its standing in period `p`, or `None` when it is not in play there (received after the
    /// period, or settled or returned before it began).
    pub fn in_period(self, p: usize) -> Option<PeriodStanding> {
        if p >= MAX_PERIODS {
            return None;
        }
        let bits = self.0 >> (BITS_PER_PERIOD * p as u32);
        let code = bits & 7;
        let standing = *Standing::ALL.get((code as usize).checked_sub(1)?)?;
        Some(PeriodStanding {
            standing,
            new: bits & NEW != 0,
            due: (bits & DUE != 0).then_some(bits & DUE_MET != 0),
        })
    }

    /// Submitted online (channel 2).
    pub fn online(self) -> bool {
        self.0 & ONLINE != 0
    }

    /// Sent through the public postal service (channel 3).
    pub fn postal(self) -> bool {
        self.0 & POSTAL != 0
    }

    /// Its components carry files (digitized inputs).
    pub fn component_files(self) -> bool {
        self.0 & COMPONENT_FILES != 0
    }

    /// An electronic result file is attached (digitized result).
    pub fn result_file(self) -> bool {
        self.0 & RESULT_FILE != 0
    }

    /// It owes fees (a fee-bearing procedure, unless its synced fees are all zero; SPEC §4.3).
    pub fn owes_fees(self) -> bool {
        self.0 & OWES_FEES != 0
    }

    /// It owes fees and paid them online.
    pub fn paid_online(self) -> bool {
        self.0 & PAID_ONLINE != 0
    }

    /// Whether an electronic receipt was issued, where the record says.
    pub fn e_receipt(self) -> Option<bool> {
        (self.0 & E_RECEIPT_RECORDED != 0).then_some(self.0 & E_RECEIPT != 0)
    }
}

/// The standing of a dossier received at `received` in each of `spans`, with its lasting flags.
pub(super) fn status(
    dossier: &Core,
    procedure: &Procedure,
    received: Moment,
    calendar: &Calendar,
    options: &CountOptions,
    spans: impl Iterator<Item = Span>,
) -> Result<DossierStatus> {
    let mut bits = lasting_flags(dossier, procedure);
    let settled = dossier.finished_at.get().or(dossier.returned_at.get());
    let standings = Standings {
        dossier,
        calendar,
        settled,
        // The end of processing: settled, else returned by a stop alone.
        end: settled.or(dossier.stopped_at.get()),
        received_day: received.local_day(),
    };
    // A verdict no longer changes once the dossier has ended; judged again only when it may.
    let mut last: Option<(Option<Moment>, Verdict)> = None;
    let final_at = rules::settled_at(dossier);
    for (p, span) in spans.enumerate().take(MAX_PERIODS) {
        if !standings.in_play(span) {
            continue;
        }
        let key = final_at
            .map_or(true, |s| s > span.judged_at)
            .then_some(span.judged_at);
        let verdict = match last {
            Some((known, verdict)) if known == key => verdict,
            _ => judge_dossier(dossier, procedure, calendar, options, span.judged_at)?,
        };
        last = Some((key, verdict));
        bits |= standings.period_bits(verdict, span) << (BITS_PER_PERIOD * p as u32);
    }
    Ok(DossierStatus(bits))
}

/// `bit` when `holds`, else 0.
#[inline]
fn flag(bit: u64, holds: bool) -> u64 {
    bit * u64::from(holds)
}

/// The bits of what does not depend on the period: the dossier's channel, files and fees.
#[inline]
fn lasting_flags(dossier: &Core, procedure: &Procedure) -> u64 {
    let owes = rules::owes_fees(dossier, procedure);
    flag(ONLINE, dossier.channel == Channel::Online)
        | flag(POSTAL, dossier.channel == Channel::Postal)
        | flag(COMPONENT_FILES, dossier.component_files)
        | flag(RESULT_FILE, dossier.result_file)
        | flag(OWES_FEES, owes)
        | flag(PAID_ONLINE, owes & rules::paid_online(dossier))
        | flag(E_RECEIPT_RECORDED, dossier.e_receipt.is_some())
        | flag(E_RECEIPT, dossier.e_receipt == Some(true))
}

/// What a dossier's standing in a period is judged by, besides its verdict there.
struct Standings<'d> {
    dossier: &'d Core,
    calendar: &'d Calendar,
    /// When it was settled (finished, else its result returned).
    settled: Option<Moment>,
    /// When its processing ended: settled, else stopped.
    end: Option<Moment>,
    /// Its civil day of reception.
    received_day: i32,
}

impl Standings<'_> {
    /// Whether the dossier is in play in `span`: received by its end, not ended before it began.
    #[inline]
    fn in_play(&self, span: Span) -> bool {
        self.received_day <= span.last && !self.end.is_some_and(|end| end.local_day() < span.first)
    }

    /// The period's bits (before the shift to its place) of a dossier judged `verdict` at the
    /// end of `span`: its standing's code, new, due in the period, due and met.
    #[inline]
    fn period_bits(&self, verdict: Verdict, span: Span) -> u64 {
        let standing = self.standing(verdict, span.judged_at);
        let due_day = due_of(verdict, self.dossier).map(Moment::local_day);
        let due = standing != Standing::Returned
            && standing != Standing::WaitingSupplement
            && due_day.is_some_and(|day| (span.first..=span.last).contains(&day));
        standing.code()
            | flag(NEW, self.received_day >= span.first)
            | flag(DUE, due)
            | flag(DUE_MET, due & standing.settled_in_time())
    }

    /// Where the dossier stands at `judged_at`, judged `verdict` then.
    #[inline]
    fn standing(&self, verdict: Verdict, judged_at: Moment) -> Standing {
        let ended_by_then = self.end.filter(|end| *end <= judged_at);
        let waiting = match (
            self.dossier.supplement_requested_at.get(),
            self.dossier.supplement_completed_at.get(),
        ) {
            (Some(requested), completed) => {
                requested <= judged_at && completed.map_or(true, |c| c > judged_at)
            }
            _ => false,
        };
        match ended_by_then {
            Some(end) if self.settled.is_some() => settled_standing(verdict, end, self.calendar),
            Some(_) => Standing::Returned,
            None if waiting => Standing::WaitingSupplement,
            None if verdict.on_time() => Standing::WithinTime,
            None => Standing::PastDue,
        }
    }
}

/// Early, on time or late, for a dossier settled at `end`: in time by the counting rules' verdict,
/// and early when a working day was left before the due day.
fn settled_standing(verdict: Verdict, end: Moment, calendar: &Calendar) -> Standing {
    if !verdict.on_time() {
        return Standing::Late;
    }
    match verdict {
        Verdict::EndedOnTime { due, .. } => {
            let (from, to) = (end.local_day(), due.local_day());
            let working_left = from < to
                && calendar.working_seconds_between(
                    Moment::from_local(from, 0),
                    Moment::from_local(to, 0),
                ) > 0;
            if working_left {
                Standing::Early
            } else {
                Standing::OnTime
            }
        }
        // In time without a deadline to be early against (no due date, stopped on time by policy).
        _ => Standing::OnTime,
    }
}

/// The deadline the verdict judged by (moved by supplement time), else the dossier's due date.
fn due_of(verdict: Verdict, dossier: &Core) -> Option<Moment> {
    match verdict {
        Verdict::EndedOnTime { due, .. }
        | Verdict::EndedLate { due, .. }
        | Verdict::InProcess { due, .. }
        | Verdict::PastDue { due, .. } => Some(due),
        _ => dossier.due_at.get(),
    }
}

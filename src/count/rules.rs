//! The counting rules of SPEC §4: what makes a dossier on time, online, paid online, digitized…
//! and a petition handled on time. Each rule returns a verdict that both the counting and a
//! dossier's explanation use, so the two can never disagree.

use crate::calendar::{Calendar, Moment};
use crate::error::{Error, Problem, Result};
use crate::record::{Channel, Core, OnlineLevel, Payment, Petition, Procedure, Stamp, TimeUnit};

/// How a deadline is compared with the end of processing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Deadline {
    /// By civil date: finishing any time on the due date is on time (the portal's).
    #[default]
    Date,
    /// By instant: finishing after the due time, even on the due date, is late.
    Instant,
}

/// How a dossier without a due date is judged.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum NoDueDate {
    /// Against the procedure's statutory maximum time from reception, in its unit (the portal's).
    #[default]
    StatutoryTime,
    /// Counted on time.
    OnTime,
    /// Counted overdue.
    Overdue,
}

/// How a stopped, refused or withdrawn dossier is judged.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Stopped {
    /// Like any other: its end is the stop, compared with the deadline (the portal's).
    #[default]
    ByDeadline,
    /// Always on time (some local systems: a dossier returned to the citizen is not late).
    OnTime,
}

/// The counting policies. The defaults are the portal's; the others are local systems' variants.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CountOptions {
    /// Compare deadlines by date or by instant.
    pub deadline: Deadline,
    /// Judge a dossier without a due date.
    pub no_due_date: NoDueDate,
    /// Judge a stopped, refused or withdrawn dossier.
    pub stopped: Stopped,
    /// Count a dossier without the handling officer's name as overdue (seed 003, footnote 2).
    pub missing_officer_overdue: bool,
    /// Count a dossier as overdue when its appointment (due date) is later than the procedure's
    /// published processing time allows from reception (seed 003, footnote 2: an appointment
    /// “longer than the time published in the internal procedure”), compared as deadlines are
    /// ([`CountOptions::deadline`]). The catalogue's maximum time stands for the published time.
    pub long_appointment_overdue: bool,
    /// Judge unfinished dossiers at this instant instead of the end of the period (for the current,
    /// still open period).
    pub as_of: Option<Moment>,
}

/// Why a dossier is on time or overdue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Ended (`how`) at `end`, on or before `due`.
    EndedOnTime {
        /// How processing ended.
        how: End,
        /// When.
        end: Moment,
        /// The deadline, moved later by any supplement time.
        due: Moment,
    },
    /// Ended after its deadline.
    EndedLate {
        /// How processing ended.
        how: End,
        /// When.
        end: Moment,
        /// The deadline, moved later by any supplement time.
        due: Moment,
    },
    /// Still in process at `judged_at`, not yet past `due`.
    InProcess {
        /// The moment of judgement (the period's end, or the `as_of` instant).
        judged_at: Moment,
        /// The deadline.
        due: Moment,
    },
    /// Still in process at `judged_at` and past `due`.
    PastDue {
        /// The moment of judgement.
        judged_at: Moment,
        /// The deadline.
        due: Moment,
    },
    /// More than one supplement was requested.
    SeveralSupplements(u32),
    /// No handling officer recorded (local policy).
    MissingOfficer,
    /// The appointment is later than the published processing time allows (local policy).
    AppointmentTooLong {
        /// The appointment (due date).
        due: Moment,
        /// The latest appointment the published time allows.
        allowed: Moment,
    },
    /// Stopped, refused or withdrawn, counted on time by policy.
    StoppedOnTime,
    /// No due date, by policy on time (`true`) or overdue.
    NoDueDateByPolicy(bool),
    /// No due date and no statutory time to judge by: counted on time, and reported.
    NoDeadline,
}

/// How a dossier's processing ended, in the portal's order of priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum End {
    /// Processed (đã xử lý xong).
    Finished,
    /// Result returned (đã trả kết quả).
    Returned,
    /// Stopped, refused or withdrawn.
    Stopped,
    /// Waiting for the citizen's only supplement: the clock stopped at the request.
    SupplementPending,
}

impl Verdict {
    /// Whether the dossier counts as on time.
    pub fn on_time(self) -> bool {
        match self {
            Verdict::EndedOnTime { .. }
            | Verdict::InProcess { .. }
            | Verdict::StoppedOnTime
            | Verdict::NoDeadline => true,
            Verdict::NoDueDateByPolicy(on_time) => on_time,
            Verdict::EndedLate { .. }
            | Verdict::PastDue { .. }
            | Verdict::SeveralSupplements(_)
            | Verdict::MissingOfficer
            | Verdict::AppointmentTooLong { .. } => false,
        }
    }
}

/// A record's field error (shared by the counting, which judges records with these rules).
pub(super) fn invalid(field: &str, problem: Problem) -> Error {
    Error::record(field, problem)
}

/// Judges whether a dossier is on time, as of `judged_at` (SPEC §4.1).
#[inline]
pub(crate) fn judge_dossier(
    dossier: &Core,
    procedure: &Procedure,
    calendar: &Calendar,
    options: &CountOptions,
    judged_at: Moment,
) -> Result<Verdict> {
    if let Some(verdict) = overdue_by_policy(dossier, procedure, calendar, options)? {
        return Ok(verdict);
    }
    let supplement = (
        dossier.supplement_requested_at.get(),
        dossier.supplement_completed_at.get(),
    );
    let end = end_by(dossier, supplement, judged_at);
    if options.stopped == Stopped::OnTime && matches!(end, Some((End::Stopped, _))) {
        return Ok(Verdict::StoppedOnTime);
    }
    let Some(due) = due_date(dossier, procedure, calendar, options)? else {
        return Ok(match options.no_due_date {
            NoDueDate::StatutoryTime => Verdict::NoDeadline,
            NoDueDate::OnTime => Verdict::NoDueDateByPolicy(true),
            NoDueDate::Overdue => Verdict::NoDueDateByPolicy(false),
        });
    };
    let due = after_supplement(due, supplement, calendar)?;
    let deadline = options.deadline;
    Ok(match end {
        Some((how, end)) if in_time(deadline, end, due) => Verdict::EndedOnTime { how, end, due },
        Some((how, end)) => Verdict::EndedLate { how, end, due },
        None if in_time(deadline, judged_at, due) => Verdict::InProcess { judged_at, due },
        None => Verdict::PastDue { judged_at, due },
    })
}

/// Whether `at` is in time for `due`, compared by date or by instant.
#[inline]
fn in_time(deadline: Deadline, at: Moment, due: Moment) -> bool {
    match deadline {
        Deadline::Date => at.local_day() <= due.local_day(),
        Deadline::Instant => at <= due,
    }
}

/// The verdict of the local policies that make a dossier overdue whatever its end (no officer,
/// several supplements, an appointment too long), if one does.
#[inline]
fn overdue_by_policy(
    dossier: &Core,
    procedure: &Procedure,
    calendar: &Calendar,
    options: &CountOptions,
) -> Result<Option<Verdict>> {
    if options.missing_officer_overdue && !dossier.has_officer {
        return Ok(Some(Verdict::MissingOfficer));
    }
    if dossier.supplement_count > 1 {
        return Ok(Some(Verdict::SeveralSupplements(dossier.supplement_count)));
    }
    if options.long_appointment_overdue {
        let appointment = dossier.due_at.get();
        if let (Some(due), Some(allowed)) =
            (appointment, statutory_due(dossier, procedure, calendar)?)
        {
            if !in_time(options.deadline, due, allowed) {
                return Ok(Some(Verdict::AppointmentTooLong { due, allowed }));
            }
        }
    }
    Ok(None)
}

/// The dossier's first end state by priority and its moment, if it happened by `judged_at`
/// (`supplement`: the supplement's request and completion).
#[inline]
fn end_by(
    dossier: &Core,
    supplement: (Option<Moment>, Option<Moment>),
    judged_at: Moment,
) -> Option<(End, Moment)> {
    let pending_supplement = match supplement {
        (Some(requested), None) => Some(requested),
        _ => None,
    };
    [
        (End::Finished, dossier.finished_at.get()),
        (End::Returned, dossier.returned_at.get()),
        (End::Stopped, dossier.stopped_at.get()),
        (End::SupplementPending, pending_supplement),
    ]
    .into_iter()
    .find_map(|(how, at)| at.map(|at| (how, at)))
    .filter(|(_, at)| *at <= judged_at)
}

/// The deadline `due` moved later by the citizen's supplement time (its request to its
/// completion), which does not count against the unit.
#[inline]
fn after_supplement(
    due: Moment,
    supplement: (Option<Moment>, Option<Moment>),
    calendar: &Calendar,
) -> Result<Moment> {
    // A supplement completed before it was requested (refused by the readers unless read with
    // lenient timelines) suspends no time.
    match supplement {
        (Some(requested), Some(completed)) => {
            let pause = calendar
                .working_seconds_between(requested, completed)
                .max(0);
            calendar
                .add_working_seconds(due, pause)
                .map_err(|_| invalid("supplement_completed_at", Problem::DeadlineBeyondCalendar))
        }
        _ => Ok(due),
    }
}

/// The moment from which a dossier's verdict no longer depends on the moment of judgement: its
/// last end state (finished, returned, stopped, or a supplement still pending) has happened.
/// `None` while none has: an unfinished dossier is judged at each moment anew.
pub(crate) fn settled_at(dossier: &Core) -> Option<Moment> {
    // An absent stamp is below every instant, so the latest is a plain maximum.
    let pending_supplement = if dossier.supplement_completed_at.is_none() {
        dossier.supplement_requested_at
    } else {
        Stamp::NONE
    };
    (dossier.finished_at)
        .max(dossier.returned_at)
        .max(dossier.stopped_at)
        .max(pending_supplement)
        .get()
}

/// The due date, or for a dossier without one (under the statutory-time policy), reception plus
/// the procedure's maximum time in its unit; `None` when there is nothing to judge by.
fn due_date(
    dossier: &Core,
    procedure: &Procedure,
    calendar: &Calendar,
    options: &CountOptions,
) -> Result<Option<Moment>> {
    if let Some(due) = dossier.due_at.get() {
        return Ok(Some(due));
    }
    if options.no_due_date != NoDueDate::StatutoryTime {
        return Ok(None);
    }
    statutory_due(dossier, procedure, calendar)
}

/// Reception (else submission) plus the procedure's maximum time in its unit; `None` when either
/// is unknown.
fn statutory_due(
    dossier: &Core,
    procedure: &Procedure,
    calendar: &Calendar,
) -> Result<Option<Moment>> {
    let (Some(start), Some(time), Some(unit)) = (
        dossier.received_at.get().or(dossier.submitted_at.get()),
        procedure.max_time,
        procedure.max_time_unit,
    ) else {
        return Ok(None);
    };
    let time = i64::from(time);
    let due = match unit {
        TimeUnit::WorkingDays => calendar.add_working_days(start, time),
        TimeUnit::Hours => calendar.add_working_seconds(start, time * 3600),
        TimeUnit::Days => Moment::from_unix_seconds(start.unix_seconds() + time * 86_400),
    };
    // The procedure's time, not the dossier, is what cannot be: say so, with both.
    due.map(Some).map_err(|_| {
        let unit = match unit {
            TimeUnit::WorkingDays => "working_days",
            TimeUnit::Hours => "hours",
            TimeUnit::Days => "days",
        };
        invalid(
            "procedure_code",
            Problem::MaxTimeBeyondCalendar {
                procedure: procedure.code.clone(),
                time,
                unit,
                start: start.to_string(),
            },
        )
    })
}

/// Whether a dossier counts as submitted online: channel 2 and, for a procedure with a paper result,
/// an electronic result attached (SPEC §4.2).
pub(crate) fn is_online(dossier: &Core, procedure: &Procedure) -> bool {
    // `&` and `|`, not `&&` and `||`: the flags vary from dossier to dossier, and a branch on
    // each would often be mispredicted.
    (dossier.channel == Channel::Online) & (!procedure.paper_result_required | dossier.result_file)
}

/// Whether a dossier is in the payment denominator: a fee-bearing procedure, unless the fees it
/// synced are all zero (SPEC §4.3).
pub(crate) fn owes_fees(dossier: &Core, procedure: &Procedure) -> bool {
    procedure.fee_bearing & (dossier.fee_nonzero != Some(false))
}

/// Whether a dossier was paid online (national portal or local gateway).
pub(crate) fn paid_online(dossier: &Core) -> bool {
    dossier.payment != Payment::NotOnline
}

/// Whether a dossier is digitized: component files, and an electronic result where a paper result
/// is required (SPEC §4.6).
pub(crate) fn is_digitized(dossier: &Core, procedure: &Procedure) -> bool {
    dossier.component_files & (!procedure.paper_result_required | dossier.result_file)
}

/// Whether a procedure offers an online service.
pub(crate) fn offers_online(procedure: &Procedure) -> bool {
    procedure.online_level != OnlineLevel::None
}

/// Petition deadlines in working days (SPEC §4.7): refuse, request a supplement, handle and then
/// publish, counted from reception or the latest transfer.
const REFUSE_DAYS: i64 = 2;
const SUPPLEMENT_DAYS: i64 = 5;
const ANSWER_DAYS: i64 = 15 + 2;

/// Whether a petition is handled on time, as of `judged_at`, and why.
pub(crate) fn judge_petition(
    petition: &Petition,
    calendar: &Calendar,
    judged_at: Moment,
) -> (bool, String) {
    let start = petition.transferred_at.unwrap_or(petition.received_at);
    let day = calendar.schedule().day_seconds();
    let within = |at: Moment, days: i64| calendar.working_seconds_between(start, at) <= days * day;
    if let Some(refused) = petition.refused_at.filter(|at| *at <= judged_at) {
        let on_time = within(refused, REFUSE_DAYS);
        return (
            on_time,
            format!("refused at {refused}, {REFUSE_DAYS} working days allowed from {start}"),
        );
    }
    if let Some(requested) = petition
        .supplement_requested_at
        .filter(|at| *at <= judged_at)
    {
        if !within(requested, SUPPLEMENT_DAYS) {
            return (false, format!("supplement requested at {requested}, more than {SUPPLEMENT_DAYS} working days after {start}"));
        }
    }
    match petition.published_at.filter(|at| *at <= judged_at) {
        Some(published) => (
            within(published, ANSWER_DAYS),
            format!(
                "answer published at {published}, {ANSWER_DAYS} working days allowed from {start}"
            ),
        ),
        None => (
            within(judged_at, ANSWER_DAYS),
            format!("in process at {judged_at}, {ANSWER_DAYS} working days allowed from {start}"),
        ),
    }
}

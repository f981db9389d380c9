//! Raw records → criterion counts, by the portal's counting rules (SPEC §4; the local variants
//! are [`CountOptions`]).
//!
//! A [`Counting`] holds what the rules need (unit tree, procedure catalogue, calendar, periods,
//! policies) and counts dossiers and petitions into a [`Tally`], which merges with the tally of
//! other records (on other cores or machines) and turns into the interchange [`Counts`](crate::Counts)
//! of each period; [`Counting::explain`] says why one dossier counts as it does. Set up
//! [`with_statistics`](Counting::with_statistics), the same pass also judges where each dossier
//! stands for the monthly report ([`DossierStatus`]).
//!
//! This module does the counting; what it counts into, the interchange counts that scoring reads
//! from any source, is [`interchange`](crate::interchange).

mod assemble;
mod counting;
mod criteria;
mod explain;
mod files;
mod live;
mod periods;
mod rules;
mod setup;
mod status;
mod sums;
mod tally;
mod template;

pub use counting::Counting;
pub use criteria::criteria_from_records;
pub(crate) use criteria::RECORD_CRITERIA;
pub use explain::{Explanation, Reason};
pub(crate) use live::{LiveCounts, Undo};
pub use periods::MAX_PERIODS;
pub use rules::{CountOptions, Deadline, End, NoDueDate, Stopped, Verdict};
pub use setup::RecordFiles;
pub use status::{DossierStatus, PeriodStanding, Standing};
pub(crate) use sums::Pooled;
pub use sums::Sums;
pub use tally::{Tally, REPEATS_KEPT};

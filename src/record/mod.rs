//! Raw records of a one-stop-shop system (SPEC §7): the procedure catalogue (TTHC), dossiers (hồ
//! sơ), petitions (PAKN), units and holidays, read from CSV (a header row, columns in any order, unknown
//! columns ignored) or JSON Lines with the same keys, one record at a time.
//!
//! Timestamps are RFC 3339 or Vietnam's local time ([`Moment::parse`]); booleans are `0/1` or
//! `true/false`; an empty field is missing. Every error names the file, the line and the field.
//!
//! ```
//! use chiso766::record::{read_dossiers, Channel, Format};
//!
//! let csv = "dossier_id,unit_code,procedure_code,received_at,due_at,finished_at,channel\n\
//!            HS-1,H44.101,1.001,2026-03-02 08:15,2026-03-04 17:00,2026-03-06 09:00,2\n";
//! let dossiers: Vec<_> = read_dossiers(csv.as_bytes(), Format::Csv, "dossiers.csv")?.collect::<Result<_, _>>()?;
//! assert_eq!(dossiers[0].record.channel, Channel::Online);
//! assert_eq!(dossiers[0].line, 2);
//! # Ok::<(), chiso766::Error>(())
//! ```

mod fields;
mod read;
mod table;

use jiff::civil::Date;

use crate::calendar::Moment;
use crate::error::Problem;
use crate::unit::Unit;

pub use fields::RecordKind;
pub(crate) use read::read_dossier_part;
pub use read::{
    read_dossiers, read_holidays, read_petitions, read_procedures, read_units, Format, Records,
};
pub use table::DossierTable;

/// A procedure of the catalogue (thủ tục hành chính), one row per code and level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Procedure {
    /// The national procedure code, e.g. `2.000815`.
    pub code: String,
    /// Its name.
    pub name: String,
    /// The tier that handles it.
    pub level: ProcedureLevel,
    /// The online service offered.
    pub online_level: OnlineLevel,
    /// Whether it may be offered fully online.
    pub full_online_eligible: bool,
    /// Whether its result is a paper document (so an online dossier needs an electronic result).
    pub paper_result_required: bool,
    /// Whether it carries fees or charges.
    pub fee_bearing: bool,
    /// Whether it serves citizens (as opposed to businesses only).
    pub for_citizens: bool,
    /// The statutory maximum time, in `max_time_unit`.
    pub max_time: Option<u32>,
    /// The unit of `max_time`.
    pub max_time_unit: Option<TimeUnit>,
    /// Its field (lĩnh vực: “Đất đai”, “Hộ tịch”…), when the catalogue gives one (the optional
    /// `field` column): the monthly report names the fields with the most late dossiers.
    pub field: Option<String>,
}

/// The tier a procedure belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProcedureLevel {
    /// Handled by a ministry.
    Ministry,
    /// Handled at province level (the province and its departments).
    Province,
    /// Handled by communes and wards.
    Commune,
}

impl ProcedureLevel {
    /// The catalogue's name: `ministry`, `province` or `commune`.
    pub fn as_str(self) -> &'static str {
        match self {
            ProcedureLevel::Ministry => "ministry",
            ProcedureLevel::Province => "province",
            ProcedureLevel::Commune => "commune",
        }
    }
}

/// The online service a procedure offers (dịch vụ công trực tuyến).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OnlineLevel {
    /// None.
    None,
    /// Partly online (một phần).
    Partial,
    /// Fully online (toàn trình).
    Full,
}

/// The unit of a statutory time limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeUnit {
    /// Working days (ngày làm việc).
    WorkingDays,
    /// Calendar days.
    Days,
    /// Working hours.
    Hours,
}

/// How a dossier was submitted (kênh thực hiện).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// In person (1, or missing).
    InPerson,
    /// Online (2).
    Online,
    /// Through the public postal service (3).
    Postal,
}

/// How a dossier's fees were paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Payment {
    /// Not paid online (0, or missing).
    NotOnline,
    /// Paid online on the national portal (1).
    NationalPortal,
    /// Paid online on the ministry's or province's gateway (2).
    LocalGateway,
}

/// A dossier (hồ sơ): one request to one unit under one procedure, with the moments of its life.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dossier {
    /// The dossier's id; a repeated id is one dossier, the later row winning.
    pub id: String,
    /// The code of the unit that handled it.
    pub unit: String,
    /// The procedure's code.
    pub procedure: String,
    /// Submission.
    pub submitted_at: Option<Moment>,
    /// Reception (ngày tiếp nhận): the dossier belongs to the period of this date.
    pub received_at: Option<Moment>,
    /// The due date (ngày hẹn trả).
    pub due_at: Option<Moment>,
    /// Processing finished (đã xử lý xong).
    pub finished_at: Option<Moment>,
    /// Result returned (đã trả kết quả).
    pub returned_at: Option<Moment>,
    /// Stopped, refused or withdrawn.
    pub stopped_at: Option<Moment>,
    /// How many times a supplement was requested from the citizen.
    pub supplement_count: u32,
    /// When a supplement was requested.
    pub supplement_requested_at: Option<Moment>,
    /// When the citizen completed it.
    pub supplement_completed_at: Option<Moment>,
    /// How it was submitted.
    pub channel: Channel,
    /// How its fees were paid.
    pub payment: Payment,
    /// Whether the fees synced to the portal are non-zero (`None`: no fee data synced).
    pub fee_nonzero: Option<bool>,
    /// Whether an electronic result file is attached.
    pub result_file: bool,
    /// Whether files are attached to its components (digitized).
    pub component_files: bool,
    /// Whether a component reuses digitized data.
    pub reused_data: bool,
    /// Whether a component comes from, or the result is linked to, the citizen's data store.
    pub from_personal_storage: bool,
    /// Whether the applicant was authenticated with VNeID or the population database was used.
    pub vneid: bool,
    /// Whether the citizen disliked the handling.
    pub disliked: bool,
    /// Whether a petition was filed about it.
    pub has_petition: bool,
    /// The handling officer's name, where the system records it (for the local “missing officer”
    /// policy).
    pub officer: Option<String>,
    /// Whether an electronic fee receipt (biên lai điện tử) was issued, where the system records
    /// it (the optional `e_receipt` column; `None` when not recorded).
    pub e_receipt: Option<bool>,
}

/// Moments of a record in an order that cannot happen: of `(later field, its moment, earlier
/// field, its moment)` pairs, the first whose moments are the wrong way round, as the later field
/// and the problem.
#[inline]
fn out_of_order(
    id: &str,
    record: &'static str,
    pairs: &[(&'static str, Option<Moment>, &'static str, Option<Moment>)],
) -> Option<(&'static str, Problem)> {
    pairs
        .iter()
        .find_map(|&(later, at, earlier_field, before)| match (at, before) {
            (Some(at), Some(before)) if at < before => Some((
                later,
                Problem::Before {
                    moment: at.civil(),
                    earlier_field,
                    earlier: before.civil(),
                    record,
                    id: id.to_owned(),
                },
            )),
            _ => None,
        })
}

impl Dossier {
    /// The first contradiction in the dossier's moments, as `(field, problem)`: received before it
    /// was submitted; due, finished, returned or stopped before it was received; a supplement
    /// completed before it was requested; a request with a supplement count of 0. Readers refuse
    /// such a dossier unless told to count it ([`ReadOptions::lenient_timelines`](crate::ReadOptions)).
    pub fn timeline_problem(&self) -> Option<(&'static str, Problem)> {
        let received = self.received_at;
        if let Some(problem) = out_of_order(
            &self.id,
            "dossier",
            &[
                ("received_at", received, "submitted_at", self.submitted_at),
                ("due_at", self.due_at, "received_at", received),
                ("finished_at", self.finished_at, "received_at", received),
                ("returned_at", self.returned_at, "received_at", received),
                ("stopped_at", self.stopped_at, "received_at", received),
                (
                    "supplement_completed_at",
                    self.supplement_completed_at,
                    "supplement_requested_at",
                    self.supplement_requested_at,
                ),
            ],
        ) {
            return Some(problem);
        }
        (self.supplement_count == 0 && self.supplement_requested_at.is_some()).then(|| {
            (
                "supplement_count",
                Problem::SupplementCountZero {
                    id: self.id.clone(),
                },
            )
        })
    }

    /// A dossier of `unit` under `procedure`, every other field empty (no moments, in person, not
    /// paid online, no flags), to be filled in with struct update syntax:
    ///
    /// ```
    /// use chiso766::calendar::Moment;
    /// use chiso766::record::{Channel, Dossier};
    ///
    /// let d = Dossier {
    ///     received_at: Some(Moment::parse("2026-03-02 08:15")?),
    ///     channel: Channel::Online,
    ///     ..Dossier::new("HS-1", "H44.101", "2.000815")
    /// };
    /// assert_eq!(d.unit, "H44.101");
    /// # Ok::<(), chiso766::Error>(())
    /// ```
    pub fn new(id: &str, unit: &str, procedure: &str) -> Dossier {
        Dossier {
            id: id.to_owned(),
            unit: unit.to_owned(),
            procedure: procedure.to_owned(),
            submitted_at: None,
            received_at: None,
            due_at: None,
            finished_at: None,
            returned_at: None,
            stopped_at: None,
            supplement_count: 0,
            supplement_requested_at: None,
            supplement_completed_at: None,
            channel: Channel::InPerson,
            payment: Payment::NotOnline,
            fee_nonzero: None,
            result_file: false,
            component_files: false,
            reused_data: false,
            from_personal_storage: false,
            vneid: false,
            disliked: false,
            has_petition: false,
            officer: None,
            e_receipt: None,
        }
    }

    /// A dossier with every field empty, to read rows into.
    pub(crate) fn blank() -> Dossier {
        Dossier::new("", "", "")
    }

    /// What the counting rules read of this dossier.
    pub(crate) fn core(&self) -> Core {
        Core {
            submitted_at: Stamp::of(self.submitted_at),
            received_at: Stamp::of(self.received_at),
            due_at: Stamp::of(self.due_at),
            finished_at: Stamp::of(self.finished_at),
            returned_at: Stamp::of(self.returned_at),
            stopped_at: Stamp::of(self.stopped_at),
            supplement_requested_at: Stamp::of(self.supplement_requested_at),
            supplement_completed_at: Stamp::of(self.supplement_completed_at),
            supplement_count: self.supplement_count,
            channel: self.channel,
            payment: self.payment,
            fee_nonzero: self.fee_nonzero,
            result_file: self.result_file,
            component_files: self.component_files,
            reused_data: self.reused_data,
            from_personal_storage: self.from_personal_storage,
            vneid: self.vneid,
            disliked: self.disliked,
            has_petition: self.has_petition,
            has_officer: self.officer.is_some(),
            e_receipt: self.e_receipt,
        }
    }
}

/// An optional instant in 8 bytes (`Option<Moment>` takes 16): a [`Core`] is read once per
/// dossier and period, so its size is memory traffic.
/// Ordered as instants, with no instant below them all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Stamp(i64);

impl Stamp {
    /// No instant. Moments lie within 1970–2199, so this value is never one.
    pub(crate) const NONE: Stamp = Stamp(i64::MIN);

    pub(crate) fn of(moment: Option<Moment>) -> Stamp {
        moment.map_or(Stamp::NONE, |m| Stamp(m.unix_seconds()))
    }

    /// Whether there is no instant.
    pub(crate) fn is_none(self) -> bool {
        self == Stamp::NONE
    }

    pub(crate) fn get(self) -> Option<Moment> {
        (self != Stamp::NONE).then(|| Moment::from_checked_seconds(self.0))
    }
}

/// A dossier as the counting rules see it: its moments and flags, without its id and codes (which
/// counting resolves to positions once). [`DossierTable`] keeps dossiers in this form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Core {
    pub(crate) submitted_at: Stamp,
    pub(crate) received_at: Stamp,
    pub(crate) due_at: Stamp,
    pub(crate) finished_at: Stamp,
    pub(crate) returned_at: Stamp,
    pub(crate) stopped_at: Stamp,
    pub(crate) supplement_requested_at: Stamp,
    pub(crate) supplement_completed_at: Stamp,
    pub(crate) supplement_count: u32,
    pub(crate) channel: Channel,
    pub(crate) payment: Payment,
    pub(crate) fee_nonzero: Option<bool>,
    pub(crate) result_file: bool,
    pub(crate) component_files: bool,
    pub(crate) reused_data: bool,
    pub(crate) from_personal_storage: bool,
    pub(crate) vneid: bool,
    pub(crate) disliked: bool,
    pub(crate) has_petition: bool,
    pub(crate) has_officer: bool,
    pub(crate) e_receipt: Option<bool>,
}

/// A petition (phản ánh, kiến nghị — PAKN).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Petition {
    /// The petition's id.
    pub id: String,
    /// The code of the unit handling it.
    pub unit: String,
    /// Reception: the petition belongs to the period of this date.
    pub received_at: Moment,
    /// The latest transfer to the unit; deadlines run from it when present.
    pub transferred_at: Option<Moment>,
    /// Refused.
    pub refused_at: Option<Moment>,
    /// A supplement requested from the petitioner.
    pub supplement_requested_at: Option<Moment>,
    /// Handling started.
    pub handling_started_at: Option<Moment>,
    /// The answer published.
    pub published_at: Option<Moment>,
    /// Citizens' likes of the answer.
    pub likes: u32,
    /// Citizens' dislikes of the answer.
    pub dislikes: u32,
    /// Whether it repeats an earlier petition.
    pub repeated: bool,
}

impl Petition {
    /// The first contradiction in the petition's moments, as `(field, problem)`: transferred or
    /// published before it was received.
    pub fn timeline_problem(&self) -> Option<(&'static str, Problem)> {
        let received = Some(self.received_at);
        out_of_order(
            &self.id,
            "petition",
            &[
                (
                    "transferred_at",
                    self.transferred_at,
                    "received_at",
                    received,
                ),
                ("published_at", self.published_at, "received_at", received),
            ],
        )
    }
}

/// A unit with the dates it exists (units.csv): the tree changes, e.g. on 1 July 2025.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitRow {
    /// The unit.
    pub unit: Unit,
    /// The first day it exists, if limited.
    pub valid_from: Option<Date>,
    /// The last day it exists, if limited.
    pub valid_to: Option<Date>,
}

/// A record with the line it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    /// The record.
    pub record: T,
    /// The 1-based line of the file.
    pub line: u64,
}

//! The counts of the monthly report for one unit (or level, or province) and period.

use serde::Serialize;

use crate::count::{DossierStatus, PeriodStanding, Standing};
use crate::error::{ErrorKind, Result};
use crate::record::OnlineLevel;

/// How many dossiers a unit received, settled and holds in one period (SPEC §8), with the flags
/// the report's shares are made of. Every field is a count of dossiers.
///
/// The identities hold by construction and are checked by the tests: `to_settle = settled +
/// returned + in_process`, `in_process = within_time + past_due + waiting_supplement`, `settled =
/// early + on_time + late`, `to_settle = new + carried_over`, `new = new_online + new_in_person`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ProcessingCounts {
    /// Received in the period (tiếp nhận mới).
    pub new: u64,
    /// … online (channel 2).
    pub new_online: u64,
    /// … in person or by post (channels 1 and 3).
    pub new_in_person: u64,
    /// … of which by the public postal service (channel 3).
    pub new_postal: u64,
    /// … online, under a procedure offered fully online (toàn trình).
    pub new_online_full: u64,
    /// … online, under a procedure offered partly or fully online (một phần và toàn trình).
    pub new_online_partial_or_full: u64,
    /// Received before the period and not settled at its start (kỳ trước chuyển qua).
    pub carried_over: u64,
    /// New plus carried over (tổng số hồ sơ nhận giải quyết).
    pub to_settle: u64,
    /// Settled in the period (đã giải quyết).
    pub settled: u64,
    /// … on a working day before the due day (trước hạn).
    pub early: u64,
    /// … on the due day (đúng hạn).
    pub on_time: u64,
    /// … after the deadline (quá hạn).
    pub late: u64,
    /// Ended in the period by a stop alone: refused, handed back, withdrawn (trả lại, rút).
    pub returned: u64,
    /// Still in process at the period's end (đang giải quyết).
    pub in_process: u64,
    /// … waiting for the citizen's supplement (chờ bổ sung).
    pub waiting_supplement: u64,
    /// … within time (trong hạn).
    pub within_time: u64,
    /// … past due (quá hạn).
    pub past_due: u64,
    /// Fell due in the period, neither returned nor waiting for a supplement (đến hạn giải quyết).
    pub due_in_period: u64,
    /// … settled by the due date (đã có kết quả trước và đúng hạn).
    pub due_returned_on_time: u64,
    /// New, with files attached to their components (số hóa thành phần hồ sơ).
    pub digitized_inputs: u64,
    /// Settled, with an electronic result attached (số hóa kết quả).
    pub digitized_results: u64,
    /// New, owing fees.
    pub owing_fees: u64,
    /// … paid online (thanh toán trực tuyến).
    pub paid_online: u64,
    /// … whose record says whether an electronic receipt was issued.
    pub e_receipt_recorded: u64,
    /// … with an electronic receipt (biên lai điện tử).
    pub e_receipts: u64,
}

impl ProcessingCounts {
    /// Counts one dossier standing as `standing` in the period. Counts are of dossiers held in
    /// memory, so adding one cannot overflow.
    pub(crate) fn add_dossier(
        &mut self,
        standing: PeriodStanding,
        status: DossierStatus,
        online_level: OnlineLevel,
    ) {
        let one = |holds: bool| u64::from(holds);
        self.to_settle += 1;
        if standing.new {
            let online = status.online();
            self.new += 1;
            self.new_online += one(online);
            self.new_in_person += one(!online);
            self.new_postal += one(status.postal());
            self.new_online_full += one(online && online_level == OnlineLevel::Full);
            self.new_online_partial_or_full += one(online && online_level != OnlineLevel::None);
            self.digitized_inputs += one(status.component_files());
            let owes = status.owes_fees();
            self.owing_fees += one(owes);
            self.paid_online += one(status.paid_online());
            let receipt = status.e_receipt().filter(|_| owes);
            self.e_receipt_recorded += one(receipt.is_some());
            self.e_receipts += one(receipt == Some(true));
        } else {
            self.carried_over += 1;
        }
        match standing.standing {
            Standing::Early => self.early += 1,
            Standing::OnTime => self.on_time += 1,
            Standing::Late => self.late += 1,
            Standing::Returned => self.returned += 1,
            Standing::WaitingSupplement => self.waiting_supplement += 1,
            Standing::WithinTime => self.within_time += 1,
            Standing::PastDue => self.past_due += 1,
        }
        match standing.standing {
            Standing::Early | Standing::OnTime | Standing::Late => {
                self.settled += 1;
                self.digitized_results += one(status.result_file());
            }
            Standing::WaitingSupplement | Standing::WithinTime | Standing::PastDue => {
                self.in_process += 1
            }
            Standing::Returned => {}
        }
        if let Some(met) = standing.due {
            self.due_in_period += 1;
            self.due_returned_on_time += one(met);
        }
    }

    /// Adds `other`'s counts (another unit's, or another part's of the same records).
    ///
    /// Errors: a sum past `u64::MAX` (counts merged from outside, never from one tally).
    pub fn add(&mut self, other: &ProcessingCounts) -> Result<()> {
        let pairs: [(&mut u64, u64); 25] = [
            (&mut self.new, other.new),
            (&mut self.new_online, other.new_online),
            (&mut self.new_in_person, other.new_in_person),
            (&mut self.new_postal, other.new_postal),
            (&mut self.new_online_full, other.new_online_full),
            (
                &mut self.new_online_partial_or_full,
                other.new_online_partial_or_full,
            ),
            (&mut self.carried_over, other.carried_over),
            (&mut self.to_settle, other.to_settle),
            (&mut self.settled, other.settled),
            (&mut self.early, other.early),
            (&mut self.on_time, other.on_time),
            (&mut self.late, other.late),
            (&mut self.returned, other.returned),
            (&mut self.in_process, other.in_process),
            (&mut self.waiting_supplement, other.waiting_supplement),
            (&mut self.within_time, other.within_time),
            (&mut self.past_due, other.past_due),
            (&mut self.due_in_period, other.due_in_period),
            (&mut self.due_returned_on_time, other.due_returned_on_time),
            (&mut self.digitized_inputs, other.digitized_inputs),
            (&mut self.digitized_results, other.digitized_results),
            (&mut self.owing_fees, other.owing_fees),
            (&mut self.paid_online, other.paid_online),
            (&mut self.e_receipt_recorded, other.e_receipt_recorded),
            (&mut self.e_receipts, other.e_receipts),
        ];
        for (sum, part) in pairs {
            *sum = sum.checked_add(part).ok_or_else(|| ErrorKind::Overflow {
                unit: String::new(),
                place: "processing statistics".to_owned(),
            })?;
        }
        Ok(())
    }

    /// Late dossiers as the due-in-period definition counts them: due in the period and not
    /// settled by the due date (counts built by hand that break `due_returned_on_time ≤
    /// due_in_period` give 0).
    pub fn due_late(&self) -> u64 {
        self.due_in_period.saturating_sub(self.due_returned_on_time)
    }

    /// Settled early or on time.
    pub fn settled_in_time(&self) -> u64 {
        self.early + self.on_time
    }

    /// Dossiers holding the unit back: settled late or still in process past due.
    pub fn late_or_past_due(&self) -> u64 {
        self.late + self.past_due
    }
}

//! The report's rates (SPEC §8): percentages with two decimals, half away from zero, and none
//! (“không có”, never 0%) when the denominator is zero.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use super::ProcessingCounts;
use crate::error::{Error, ErrorKind, Result};
use crate::methodology::{Rounding, RoundingStrategy};

/// The three definitions of the on-time rate found in provinces' reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum OnTimeDefinition {
    /// (early + on time) / settled (seed `000_…`: 6.668 / 6.670 = 99,97%). The default.
    #[default]
    SettledInTime,
    /// Dossiers due in the period settled by their due date / dossiers due in the period (seed
    /// `004_…`: 5.243 / 5.256 = 99,75%).
    DueInPeriod,
    /// 100% − (settled late + past due in process) / to settle (Gia Lai's statistics).
    LateShare,
}

impl OnTimeDefinition {
    /// The name used on command lines and in JSON: `settled_in_time`, `due_in_period`,
    /// `late_share`.
    pub fn as_str(self) -> &'static str {
        match self {
            OnTimeDefinition::SettledInTime => "settled_in_time",
            OnTimeDefinition::DueInPeriod => "due_in_period",
            OnTimeDefinition::LateShare => "late_share",
        }
    }

    /// What the rate is out of, in Vietnamese, for the report's notes.
    pub fn describe_vi(self) -> &'static str {
        match self {
            OnTimeDefinition::SettledInTime => {
                "số hồ sơ giải quyết trước hạn và đúng hạn trên tổng số hồ sơ đã giải quyết"
            }
            OnTimeDefinition::DueInPeriod => {
                "số hồ sơ đến hạn đã có kết quả trước và đúng hạn trên tổng số hồ sơ đến hạn giải quyết"
            }
            OnTimeDefinition::LateShare => {
                "100% trừ tỷ lệ hồ sơ quá hạn (đã giải quyết quá hạn và đang giải quyết quá hạn) trên tổng số hồ sơ nhận giải quyết"
            }
        }
    }

    /// The on-time rate of `counts` under this definition, as (numerator, denominator).
    pub fn fraction(self, counts: &ProcessingCounts) -> (u64, u64) {
        match self {
            OnTimeDefinition::SettledInTime => (counts.settled_in_time(), counts.settled),
            OnTimeDefinition::DueInPeriod => (counts.due_returned_on_time, counts.due_in_period),
            OnTimeDefinition::LateShare => (
                counts.to_settle.saturating_sub(counts.late_or_past_due()),
                counts.to_settle,
            ),
        }
    }
}

impl fmt::Display for OnTimeDefinition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OnTimeDefinition {
    type Err = Error;

    fn from_str(text: &str) -> Result<OnTimeDefinition> {
        [
            OnTimeDefinition::SettledInTime,
            OnTimeDefinition::DueInPeriod,
            OnTimeDefinition::LateShare,
        ]
        .into_iter()
        .find(|d| d.as_str() == text)
        .ok_or_else(|| {
            ErrorKind::InvalidValue {
                problem: crate::error::Problem::NotOneOf {
                    value: text.to_owned(),
                    accepted: ["settled_in_time", "due_in_period", "late_share"]
                        .map(str::to_owned)
                        .to_vec(),
                },
            }
            .into()
        })
    }
}

impl Serialize for OnTimeDefinition {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A percentage with two decimals (half away from zero), or `None` for a zero denominator.
pub fn percent(num: u64, den: u64) -> Option<Decimal> {
    if den == 0 {
        return None;
    }
    let rounding = Rounding {
        places: 2,
        strategy: RoundingStrategy::HalfAwayFromZero,
    };
    // A u64 times 100 fits in a Decimal's 96 bits, and the quotient is exact to 28 digits.
    Some(rounding.apply(Decimal::from(num) * Decimal::ONE_HUNDRED / Decimal::from(den)))
}

/// A unit's rates in one period. Each is a percentage with two decimals, or `None` when nothing
/// was there to measure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Rates {
    /// On time, under the report's definition.
    #[serde(serialize_with = "as_percent")]
    pub on_time: Option<Decimal>,
    /// Late, out of the same denominator (settled late / settled; due and not met / due; settled
    /// late or past due / to settle).
    #[serde(serialize_with = "as_percent")]
    pub late: Option<Decimal>,
    /// New online / new.
    #[serde(serialize_with = "as_percent")]
    pub online: Option<Decimal>,
    /// New online under fully online procedures / new.
    #[serde(serialize_with = "as_percent")]
    pub full_online: Option<Decimal>,
    /// New online under partly or fully online procedures / new.
    #[serde(serialize_with = "as_percent")]
    pub partial_or_full_online: Option<Decimal>,
    /// Online services with at least one online dossier / online services (from the index's
    /// ONLINE_SERVICES_WITH_DOSSIERS count, when the report has counts).
    #[serde(serialize_with = "as_percent")]
    pub services_used: Option<Decimal>,
    /// New with digitized components / new.
    #[serde(serialize_with = "as_percent")]
    pub digitized_inputs: Option<Decimal>,
    /// Settled with an electronic result / settled.
    #[serde(serialize_with = "as_percent")]
    pub digitized_results: Option<Decimal>,
    /// New paid online / new owing fees.
    #[serde(serialize_with = "as_percent")]
    pub online_payment: Option<Decimal>,
    /// New owing fees with an electronic receipt / those whose record says.
    #[serde(serialize_with = "as_percent")]
    pub e_receipts: Option<Decimal>,
    /// Returned (refused, withdrawn) / the on-time rate's base when that is the dossiers due in
    /// the period (seed `004_…`: 117 of 5.256 = 2,23%), else / to settle.
    #[serde(serialize_with = "as_percent")]
    pub returned: Option<Decimal>,
}

impl Rates {
    /// The rates of `counts`, the on-time rate by `definition`; `services` is the
    /// (services used, online services) pair when known.
    pub fn of(
        counts: &ProcessingCounts,
        definition: OnTimeDefinition,
        services: Option<(u64, u64)>,
    ) -> Rates {
        let (on_time, out_of) = definition.fraction(counts);
        let returned_of = match definition {
            OnTimeDefinition::DueInPeriod => counts.due_in_period,
            _ => counts.to_settle,
        };
        Rates {
            on_time: percent(on_time, out_of),
            late: percent(out_of.saturating_sub(on_time), out_of),
            online: percent(counts.new_online, counts.new),
            full_online: percent(counts.new_online_full, counts.new),
            partial_or_full_online: percent(counts.new_online_partial_or_full, counts.new),
            services_used: services.and_then(|(used, all)| percent(used, all)),
            digitized_inputs: percent(counts.digitized_inputs, counts.new),
            digitized_results: percent(counts.digitized_results, counts.settled),
            online_payment: percent(counts.paid_online, counts.owing_fees),
            e_receipts: percent(counts.e_receipts, counts.e_receipt_recorded),
            returned: percent(counts.returned, returned_of),
        }
    }
}

impl Rates {
    /// Each rate with its JSON key and its Vietnamese label, in the report's order.
    pub fn labelled(&self) -> [(&'static str, &'static str, Option<Decimal>); 11] {
        [
            ("on_time", "Tỷ lệ hồ sơ trước và đúng hạn", self.on_time),
            ("late", "Tỷ lệ hồ sơ quá hạn", self.late),
            ("online", "Tỷ lệ hồ sơ nộp trực tuyến", self.online),
            (
                "full_online",
                "Tỷ lệ hồ sơ trực tuyến toàn trình",
                self.full_online,
            ),
            (
                "partial_or_full_online",
                "Tỷ lệ hồ sơ trực tuyến một phần và toàn trình",
                self.partial_or_full_online,
            ),
            (
                "services_used",
                "Tỷ lệ dịch vụ công trực tuyến phát sinh hồ sơ",
                self.services_used,
            ),
            (
                "digitized_inputs",
                "Tỷ lệ số hóa thành phần hồ sơ",
                self.digitized_inputs,
            ),
            (
                "digitized_results",
                "Tỷ lệ số hóa kết quả",
                self.digitized_results,
            ),
            (
                "online_payment",
                "Tỷ lệ thanh toán trực tuyến",
                self.online_payment,
            ),
            ("e_receipts", "Tỷ lệ biên lai điện tử", self.e_receipts),
            ("returned", "Tỷ lệ hồ sơ trả lại, rút", self.returned),
        ]
    }

    /// Each rate minus `before`'s, in percentage points (`None` where either has none).
    pub fn change_since(&self, before: &Rates) -> Rates {
        let diff = |now: Option<Decimal>, then: Option<Decimal>| {
            now.zip(then).and_then(|(now, then)| now.checked_sub(then))
        };
        Rates {
            on_time: diff(self.on_time, before.on_time),
            late: diff(self.late, before.late),
            online: diff(self.online, before.online),
            full_online: diff(self.full_online, before.full_online),
            partial_or_full_online: diff(
                self.partial_or_full_online,
                before.partial_or_full_online,
            ),
            services_used: diff(self.services_used, before.services_used),
            digitized_inputs: diff(self.digitized_inputs, before.digitized_inputs),
            digitized_results: diff(self.digitized_results, before.digitized_results),
            online_payment: diff(self.online_payment, before.online_payment),
            e_receipts: diff(self.e_receipts, before.e_receipts),
            returned: diff(self.returned, before.returned),
        }
    }
}

/// A percentage as JSON: `"99.97"`, or null.
fn as_percent<S: Serializer>(value: &Option<Decimal>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => serializer.serialize_str(&v.to_string()),
        None => serializer.serialize_none(),
    }
}

//! Why a dossier counts, or not, in each criterion: a structured reason for programs and its
//! Vietnamese wording for the officials who read it (“quá hạn: xử lý xong lúc 09:00 ngày 6/3/2026,
//! hạn 17:00 ngày 4/3/2026”).

use super::counting::{received, Counting};
use super::criteria::DOSSIER_CRITERIA;
use crate::error::Result;
use crate::record::Dossier;

use std::fmt;

use serde::Serialize;

use super::rules::{End, Verdict};
use crate::period::Period;
use crate::record::{Channel, Payment};

/// One line of a dossier's explanation: a criterion in a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// The period.
    pub period: Period,
    /// The criterion's code.
    pub criterion: &'static str,
    /// Whether the dossier is in the criterion's denominator.
    pub in_denominator: bool,
    /// Whether it is in the numerator (it earns the criterion's points).
    pub in_numerator: bool,
    /// Why, as data; its `Display` is the Vietnamese wording.
    pub reason: Reason,
}

/// The facts a criterion's verdict on a dossier rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// Settled (or in process) on time or not (DOSSIER_ON_TIME).
    Timeliness {
        /// The verdict.
        verdict: Verdict,
    },
    /// Satisfied unless late, disliked or petitioned (DOSSIER_RECEIVING_SATISFACTION).
    Satisfaction {
        /// The timeliness verdict.
        verdict: Verdict,
        /// The citizen disliked the handling.
        disliked: bool,
        /// A petition was filed about it.
        petition: bool,
    },
    /// Submitted online (ONLINE_DOSSIERS): the channel, and an electronic result where the
    /// procedure's result is a paper document.
    Online {
        /// How it was submitted.
        channel: Channel,
        /// The procedure's result is a paper document.
        paper_result_required: bool,
        /// An electronic result is attached.
        electronic_result: bool,
    },
    /// Paid online (ONLINE_PAYMENT_DOSSIERS).
    Payment {
        /// The procedure carries fees or charges.
        fee_bearing: bool,
        /// The fees synced to the portal are non-zero (`None`: not synced).
        fees_nonzero: Option<bool>,
        /// How the fees were paid.
        payment: Payment,
    },
    /// Digitized (SO_HOA_GIAY_TO_GIAI_QUYET): component files, and an electronic result where one
    /// is required.
    Digitized {
        /// Files are attached to its components.
        component_files: bool,
        /// An electronic result is attached.
        electronic_result: bool,
        /// The procedure's result is a paper document (so an electronic one is required).
        result_required: bool,
    },
    /// The criterion's own fact about the dossier holds or not.
    Fact {
        /// Whether it holds.
        holds: bool,
    },
}

fn yes_no(value: bool) -> &'static str {
    if value {
        "có"
    } else {
        "không"
    }
}

/// How a dossier was submitted, in Vietnamese.
fn channel_text(channel: Channel) -> &'static str {
    match channel {
        Channel::InPerson => "trực tiếp",
        Channel::Online => "trực tuyến",
        Channel::Postal => "qua bưu chính công ích",
    }
}

/// How a dossier's fees were paid, in Vietnamese.
fn payment_text(payment: Payment) -> &'static str {
    match payment {
        Payment::NotOnline => "không trực tuyến",
        Payment::NationalPortal => "trực tuyến trên Cổng DVCQG",
        Payment::LocalGateway => "trực tuyến trên cổng của bộ, tỉnh",
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Timeliness { verdict } => write!(f, "{}", verdict.describe()),
            Reason::Satisfaction {
                verdict,
                disliked,
                petition,
            } => write!(
                f,
                "{}; người dân không hài lòng: {}; có PAKN: {}",
                verdict.describe(),
                yes_no(*disliked),
                yes_no(*petition)
            ),
            Reason::Online {
                channel,
                paper_result_required,
                electronic_result,
            } => write!(
                f,
                "kênh nộp: {}; TTHC trả kết quả giấy: {}; có kết quả điện tử: {}",
                channel_text(*channel),
                yes_no(*paper_result_required),
                yes_no(*electronic_result)
            ),
            Reason::Payment {
                fee_bearing,
                fees_nonzero,
                payment,
            } => write!(
                f,
                "TTHC có phí, lệ phí: {}; phí đồng bộ khác 0: {}; thanh toán: {}",
                yes_no(*fee_bearing),
                fees_nonzero.map_or("chưa đồng bộ", yes_no),
                payment_text(*payment)
            ),
            Reason::Digitized {
                component_files,
                electronic_result,
                result_required,
            } => write!(
                f,
                "có tệp thành phần hồ sơ: {}; có kết quả điện tử: {} (bắt buộc: {})",
                yes_no(*component_files),
                yes_no(*electronic_result),
                yes_no(*result_required)
            ),
            Reason::Fact { holds } => write!(f, "đạt điều kiện của tiêu chí: {}", yes_no(*holds)),
        }
    }
}

impl Verdict {
    /// The verdict in Vietnamese, e.g. “quá hạn: xử lý xong lúc 09:00 ngày 6/3/2026, hạn 17:00
    /// ngày 4/3/2026”.
    pub fn describe(self) -> String {
        let how = |end: End| match end {
            End::Finished => "xử lý xong",
            End::Returned => "đã trả kết quả",
            End::Stopped => "dừng xử lý",
            End::SupplementPending => "chờ bổ sung theo yêu cầu",
        };
        match self {
            Verdict::EndedOnTime { how: h, end, due } => format!(
                "đúng hạn: {} lúc {}, hạn {}",
                how(h),
                end.label_vi(),
                due.label_vi()
            ),
            Verdict::EndedLate { how: h, end, due } => format!(
                "quá hạn: {} lúc {}, hạn {}",
                how(h),
                end.label_vi(),
                due.label_vi()
            ),
            Verdict::InProcess { judged_at, due } => format!(
                "đúng hạn: đang xử lý lúc {}, hạn {}",
                judged_at.label_vi(),
                due.label_vi()
            ),
            Verdict::PastDue { judged_at, due } => format!(
                "quá hạn: đang xử lý lúc {}, hạn {}",
                judged_at.label_vi(),
                due.label_vi()
            ),
            Verdict::SeveralSupplements(n) => {
                format!("quá hạn: yêu cầu bổ sung {n} lần (quá một lần)")
            }
            Verdict::MissingOfficer => {
                "quá hạn: không ghi nhận cán bộ xử lý (quy định của địa phương)".to_owned()
            }
            Verdict::AppointmentTooLong { due, allowed } => format!(
                "quá hạn: ngày hẹn {} muộn hơn thời hạn công bố cho phép, {} (quy định của địa phương)",
                due.label_vi(),
                allowed.label_vi()
            ),
            Verdict::StoppedOnTime => {
                "đúng hạn: dừng, từ chối hoặc rút hồ sơ (quy định của địa phương)".to_owned()
            }
            Verdict::NoDueDateByPolicy(true) => {
                "đúng hạn: không có hạn xử lý (theo quy định đã chọn)".to_owned()
            }
            Verdict::NoDueDateByPolicy(false) => {
                "quá hạn: không có hạn xử lý (theo quy định đã chọn)".to_owned()
            }
            Verdict::NoDeadline => {
                "đúng hạn: không có hạn xử lý và không có thời hạn luật định để đánh giá (được báo cáo)"
                    .to_owned()
            }
        }
    }
}

impl Counting {
    /// Why a dossier counts (or not) in each criterion, for each period it falls in.
    pub fn explain(&self, dossier: &Dossier) -> Result<Vec<Explanation>> {
        let unit = self.unit_position(&dossier.unit)?;
        let procedure = self.catalogue_entry(self.procedure_of(&dossier.procedure, unit)?)?;
        let core = dossier.core();
        let day = received(&core)?.local_day();
        self.check_in_effect(unit, day)?;
        let mut lines = Vec::new();
        for p in self.counted.of_day(day) {
            let (facts, verdict) =
                self.dossier_facts(&core, procedure, self.counted.judged_at(p))?;
            for (criterion, num, den) in DOSSIER_CRITERIA {
                let reason = match criterion {
                    "DOSSIER_ON_TIME" => Reason::Timeliness { verdict },
                    "DOSSIER_RECEIVING_SATISFACTION" => Reason::Satisfaction {
                        verdict,
                        disliked: dossier.disliked,
                        petition: dossier.has_petition,
                    },
                    "ONLINE_DOSSIERS" => Reason::Online {
                        channel: dossier.channel,
                        paper_result_required: procedure.paper_result_required,
                        electronic_result: dossier.result_file,
                    },
                    "ONLINE_PAYMENT_DOSSIERS" => Reason::Payment {
                        fee_bearing: procedure.fee_bearing,
                        fees_nonzero: dossier.fee_nonzero,
                        payment: dossier.payment,
                    },
                    "SO_HOA_GIAY_TO_GIAI_QUYET" => Reason::Digitized {
                        component_files: dossier.component_files,
                        electronic_result: dossier.result_file,
                        result_required: procedure.paper_result_required,
                    },
                    _ => Reason::Fact {
                        holds: facts & num != 0,
                    },
                };
                lines.push(Explanation {
                    period: self.periods[p],
                    criterion,
                    in_denominator: facts & den != 0,
                    in_numerator: facts & num != 0 && facts & den != 0,
                    reason,
                });
            }
        }
        Ok(lines)
    }
}

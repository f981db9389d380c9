//! A deterministic synthetic nation: 34 provinces with their departments and communes, a procedure
//! catalogue, and dossiers and petitions with rates like the portal's (about 88% on time, most
//! dossiers online, two thirds of fees paid online), for examples, benchmarks and tests. Its
//! dossiers live as a one-stop office's do: some wait for the citizen's supplement, some are
//! handed back unprocessed, some stay in process past their deadline, and many cross from one
//! month into the next. The same seed always gives the same records.

use std::collections::{BTreeMap, BTreeSet};

use crate::calendar::{days_from_civil, Calendar, Moment};
use crate::count::{CountOptions, Counting};
use crate::error::Result;
use crate::interchange::{Counts, CriterionCount, UnitCounts};
use crate::methodology::Methodology;
use crate::period::Period;
use crate::record::{
    Channel, Dossier, OnlineLevel, Payment, Petition, Procedure, ProcedureLevel, TimeUnit, UnitRow,
};
use crate::unit::{Level, Unit, UnitTree};

/// A small, fast, deterministic generator (xorshift64*), so no random-number crate is needed.
#[derive(Debug, Clone)]
pub struct Numbers(u64);

impl Numbers {
    /// A generator for this seed.
    pub fn new(seed: u64) -> Numbers {
        Numbers(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// True with the given chance in percent.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// The units and procedures of a synthetic nation.
#[derive(Debug, Clone)]
pub struct Nation {
    /// Provinces, then each province's departments and communes.
    pub units: Vec<UnitRow>,
    /// The catalogue: province and commune procedures.
    pub procedures: Vec<Procedure>,
    /// Positions in `units` of the units that handle dossiers (departments and communes).
    handlers: Vec<usize>,
}

/// The fields (lĩnh vực) procedures are spread over, as catalogues name them.
const FIELDS: [&str; 10] = [
    "Đất đai",
    "Hộ tịch",
    "Chứng thực",
    "Xây dựng",
    "Thành lập và hoạt động doanh nghiệp",
    "Bảo trợ xã hội",
    "Người có công",
    "Giáo dục và Đào tạo",
    "Y tế",
    "Giao thông vận tải",
];

/// `provinces` provinces (34 for the nation), each with 15 departments and 100 communes; 200
/// province procedures and 120 commune procedures.
pub fn nation(provinces: usize) -> Nation {
    let mut units = Vec::new();
    let mut handlers = Vec::new();
    for p in 0..provinces {
        add_province(p, &mut units, &mut handlers);
    }
    Nation {
        units,
        procedures: procedures(&mut Numbers::new(766)),
        handlers,
    }
}

/// Adds the `p`-th province with its 15 departments and 100 communes to `units`, and the
/// positions of those that handle dossiers (all but the province) to `handlers`.
fn add_province(p: usize, units: &mut Vec<UnitRow>, handlers: &mut Vec<usize>) {
    let province = format!("H{:02}", 10 + p);
    units.push(unit_row(
        province.clone(),
        format!("UBND tỉnh {}", p + 1),
        Level::Province,
        None,
    ));
    let departments = (1..=15).map(|d| {
        (
            format!("{province}.{d:02}"),
            format!("Sở {d} tỉnh {}", p + 1),
            Level::Department,
        )
    });
    let communes = (101..=200).map(|c| {
        (
            format!("{province}.{c}"),
            format!("UBND xã {c} tỉnh {}", p + 1),
            Level::Commune,
        )
    });
    for (code, name, level) in departments.chain(communes) {
        handlers.push(units.len());
        units.push(unit_row(code, name, level, Some(&province)));
    }
}

/// A unit list's row for a unit valid throughout.
fn unit_row(code: String, name: String, level: Level, parent: Option<&str>) -> UnitRow {
    UnitRow {
        unit: Unit {
            code,
            name,
            level,
            parent: parent.map(str::to_owned),
        },
        valid_from: None,
        valid_to: None,
    }
}

/// The catalogue: 200 province procedures, then 120 commune procedures, their online levels,
/// fees and times drawn from `numbers`.
fn procedures(numbers: &mut Numbers) -> Vec<Procedure> {
    let mut procedures = Vec::new();
    for (level, prefix, count) in [
        (ProcedureLevel::Province, "1", 200),
        (ProcedureLevel::Commune, "2", 120),
    ] {
        for i in 0..count {
            let online_level = match numbers.below(10) {
                0..=3 => OnlineLevel::None,
                4..=6 => OnlineLevel::Partial,
                _ => OnlineLevel::Full,
            };
            procedures.push(Procedure {
                code: format!("{prefix}.{i:06}"),
                name: format!("Thủ tục {prefix}.{i:06}"),
                level,
                online_level,
                full_online_eligible: online_level == OnlineLevel::Full,
                paper_result_required: numbers.chance(40),
                fee_bearing: numbers.chance(35),
                for_citizens: numbers.chance(80),
                max_time: Some(1 + numbers.below(20) as u32),
                max_time_unit: Some(TimeUnit::WorkingDays),
                field: FIELDS.get(i % FIELDS.len()).map(|f| (*f).to_owned()),
            });
        }
    }
    procedures
}

/// The day synthetic times count from: 1 January 2026.
const START: i32 = days_from_civil(2026, 1, 1);

/// The moment `seconds` after the start of 2026, local time.
fn moment_at(seconds: u64) -> Option<Moment> {
    Some(Moment::from_local(START, seconds as i64))
}

impl Nation {
    /// `count` dossiers received in 2026 (January to October), deterministic for `seed`.
    pub fn dossiers(&self, count: usize, seed: u64) -> impl Iterator<Item = Dossier> + '_ {
        let mut numbers = Numbers::new(seed);
        let province_procedures = self
            .procedures
            .iter()
            .filter(|p| p.level == ProcedureLevel::Province)
            .count() as u64;
        // A nation of no provinces has no unit to receive a dossier.
        let count = if self.handlers.is_empty() { 0 } else { count };
        (0..count).map(move |i| {
            let (unit, procedure) = self.pick(&mut numbers, province_procedures);
            let course = Course::draw(&mut numbers, procedure);
            course.dossier(&mut numbers, format!("HS{seed}-{i:09}"), unit, procedure)
        })
    }

    /// A unit that handles dossiers and a procedure of its level, drawn from `numbers` (the
    /// catalogue's first `province_procedures` are the province's, the rest the communes').
    fn pick(&self, numbers: &mut Numbers, province_procedures: u64) -> (&Unit, &Procedure) {
        let commune_procedures = self.procedures.len() as u64 - province_procedures;
        let handler = self.handlers[numbers.below(self.handlers.len() as u64) as usize];
        let unit = &self.units[handler].unit;
        let procedure_index = if unit.level == Level::Department {
            numbers.below(province_procedures)
        } else {
            province_procedures + numbers.below(commune_procedures)
        };
        (unit, &self.procedures[procedure_index as usize])
    }

    /// A counting setup for this nation's records: its units and catalogue, the official
    /// calendar, the portal's rules, for `periods` (written as [`Period`] reads them: `2026-09`,
    /// `2026-Q3`, `2026`).
    ///
    /// Errors: a period that does not read; more than [`MAX_PERIODS`](crate::count::MAX_PERIODS).
    pub fn counting(&self, periods: &[&str]) -> Result<Counting> {
        let tree = UnitTree::new(self.units.iter().map(|row| row.unit.clone()))?;
        let periods = (periods.iter())
            .map(|p| p.parse())
            .collect::<Result<Vec<Period>>>()?;
        Counting::new(
            tree,
            self.procedures.clone(),
            Calendar::vietnam()?,
            periods,
            CountOptions::default(),
        )
    }

    /// The counts records cannot give, for every unit, deterministic for `seed`: publication per
    /// province (shown unchanged on its sub-units by the roll-up), sync, procedures connected to
    /// the population database, certified copies. With them a count of the nation's records
    /// scores every unit completely under `dvcqg-2026` (they name no methodology, so any edition
    /// of the same criteria scores them).
    pub fn extra_counts(&self, seed: u64) -> Counts {
        let mut numbers = Numbers::new(seed);
        let units = (self.units.iter())
            .map(|row| {
                let mut criteria = BTreeMap::new();
                let mut put = |code: &str, den: u64, low: u64| {
                    let num = den * (low + numbers.below(101 - low)) / 100;
                    criteria.insert(code.to_owned(), CriterionCount::Counted { num, den });
                };
                if row.unit.parent.is_none() {
                    put("PUBLISH_ON_TIME", 90, 40);
                    put("PUBLIC_UPDATE_ON_TIME", 70, 40);
                    put("PUBLIC_CONTENT_FULL", 90, 90);
                }
                put("DOSSIER_SYNC", 1000, 95);
                put("CITIZEN_DATA_CONNECTED_FORMALITY", 300, 10);
                put("ELECTRONIC_CERTIFIED_COPY", 1, 100);
                UnitCounts {
                    unit: row.unit.clone(),
                    criteria,
                    groups: BTreeMap::new(),
                    ratio_only: BTreeSet::new(),
                }
            })
            .collect();
        Counts {
            methodology: None,
            period: None,
            units,
        }
    }

    /// `count` petitions received in 2026, deterministic for `seed`.
    pub fn petitions(&self, count: usize, seed: u64) -> impl Iterator<Item = Petition> + '_ {
        let mut numbers = Numbers::new(seed ^ 0x5041_4B4E);
        let count = if self.handlers.is_empty() { 0 } else { count };
        (0..count).map(move |i| {
            let handler = self.handlers[numbers.below(self.handlers.len() as u64) as usize];
            let received = numbers.below(303) * 86_400 + 3600 * (1 + numbers.below(9));
            Petition {
                id: format!("PAKN{seed}-{i:08}"),
                unit: self.units[handler].unit.code.clone(),
                received_at: Moment::from_local(START, received as i64),
                transferred_at: None,
                refused_at: if numbers.chance(10) {
                    moment_at(received + 86_400)
                } else {
                    None
                },
                supplement_requested_at: None,
                handling_started_at: moment_at(received + 3600),
                published_at: if numbers.chance(80) {
                    moment_at(received + 86_400 * numbers.below(30))
                } else {
                    None
                },
                likes: numbers.below(5) as u32,
                dislikes: numbers.below(3) as u32,
                repeated: numbers.chance(3),
            }
        })
    }
}

/// How one synthetic dossier goes: its times, in seconds from the start of 2026, and how it
/// ends.
struct Course {
    /// When it was received.
    received: u64,
    /// When it is due.
    due: u64,
    /// When it was or would be finished.
    finished: u64,
    /// When a supplement was requested and when it came, if it did.
    supplement: Option<(u64, Option<u64>)>,
    /// Handed back unprocessed.
    handed_back: bool,
    /// Processing ended.
    done: bool,
    /// Submitted online.
    online: bool,
}

impl Course {
    /// A dossier's course for `procedure`, drawn from `numbers`.
    fn draw(numbers: &mut Numbers, procedure: &Procedure) -> Course {
        // Working hours of a day in 2026 up to 31 October.
        let received = numbers.below(303) * 86_400 + 3600 * (7 + numbers.below(10));
        let day = received / 86_400 * 86_400;
        let days = u64::from(procedure.max_time.unwrap_or(5));
        // Due at 17:00 after the statutory days; 88% finish before, the rest up to ten days late,
        // always in working hours.
        let due = day + days * 86_400 + 17 * 3600;
        let finished_day = if numbers.chance(88) {
            numbers.below(days + 1)
        } else {
            days + 1 + numbers.below(10)
        };
        // One in twenty waits for the citizen's supplement (a day or two after reception);
        // most supply it within three days, which moves the deadline, and a few never do.
        let supplement = numbers.chance(5).then(|| {
            let requested = received + 86_400 * (1 + numbers.below(2));
            let completed = numbers
                .chance(80)
                .then(|| requested + 86_400 * (1 + numbers.below(3)));
            (requested, completed)
        });
        let pause = supplement.map_or(0, |(requested, completed)| {
            completed.map_or(0, |completed| completed - requested)
        });
        let finished = (day + pause + finished_day * 86_400 + 3600 * (8 + numbers.below(9)))
            .max(received + 3600);
        // Processing ends unless a supplement never came; 2 in 100 are handed back unprocessed.
        let waiting = matches!(supplement, Some((_, None)));
        let handed_back = !waiting && numbers.chance(2);
        let done = !waiting && !handed_back && numbers.chance(94);
        let online = procedure.online_level != OnlineLevel::None && numbers.chance(95);
        Course {
            received,
            due,
            finished,
            supplement,
            handed_back,
            done,
            online,
        }
    }

    /// The dossier `id` of `unit` for `procedure` that goes this way, its other facts drawn
    /// from `numbers` (in the order of its fields, which the seed's records depend on).
    fn dossier(
        &self,
        numbers: &mut Numbers,
        id: String,
        unit: &Unit,
        procedure: &Procedure,
    ) -> Dossier {
        let fee = procedure.fee_bearing;
        Dossier {
            id,
            unit: unit.code.clone(),
            procedure: procedure.code.clone(),
            submitted_at: moment_at(self.received.saturating_sub(3600)),
            received_at: moment_at(self.received),
            due_at: moment_at(self.due),
            finished_at: if self.done {
                moment_at(self.finished)
            } else {
                None
            },
            returned_at: if self.done && numbers.chance(90) {
                moment_at(self.finished + 3600)
            } else {
                None
            },
            stopped_at: if self.handed_back {
                moment_at(self.received + 86_400 * (1 + numbers.below(3)))
            } else {
                None
            },
            supplement_count: u32::from(self.supplement.is_some()),
            supplement_requested_at: self
                .supplement
                .and_then(|(requested, _)| moment_at(requested)),
            supplement_completed_at: self
                .supplement
                .and_then(|(_, completed)| completed)
                .and_then(moment_at),
            channel: channel(numbers, self.online),
            payment: payment(numbers, fee),
            fee_nonzero: if fee { Some(numbers.chance(95)) } else { None },
            result_file: numbers.chance(72),
            component_files: numbers.chance(25),
            reused_data: numbers.chance(23),
            from_personal_storage: numbers.chance(1),
            vneid: numbers.chance(54),
            disliked: numbers.chance(1),
            has_petition: numbers.chance(1),
            officer: None,
            e_receipt: if fee { Some(numbers.chance(88)) } else { None },
        }
    }
}

/// The channel a dossier came by: online if so, else by post for 2 in 100, else in person.
fn channel(numbers: &mut Numbers, online: bool) -> Channel {
    if online {
        Channel::Online
    } else if numbers.chance(2) {
        Channel::Postal
    } else {
        Channel::InPerson
    }
}

/// How a dossier's fee was paid: of fee-bearing ones, 70% on the national portal and 15% on a
/// local gateway (drawn for every dossier, so the draws that follow do not depend on the fee).
fn payment(numbers: &mut Numbers, fee: bool) -> Payment {
    match (fee, numbers.below(100)) {
        (true, 0..=69) => Payment::NationalPortal,
        (true, 70..=84) => Payment::LocalGateway,
        _ => Payment::NotOnline,
    }
}

/// The counts of a synthetic national set: 34 provinces, each with 14 or 15 departments (500 in
/// all) and 100 communes, every criterion of `methodology` counted with a rate between 20% and
/// 100% (denominators around 400,000 for a province, 8,000 for a department, 3,000 for a
/// commune): 3,934 units, as benchmarks score them.
///
/// ```
/// use chiso766::examples::synthetic::national_counts;
/// use chiso766::Methodology;
///
/// let counts = national_counts(&Methodology::builtin("dvcqg-2026")?);
/// assert_eq!(counts.units.len(), 3_934);
/// # Ok::<(), chiso766::Error>(())
/// ```
pub fn national_counts(methodology: &Methodology) -> Counts {
    let mut numbers = Numbers::new(0x766_2026);
    let mut units = Vec::new();
    let mut add = |code: String, level: Level, parent: Option<String>, size: u64| {
        let criteria: BTreeMap<String, CriterionCount> = (methodology.criteria())
            .map(|(_, c)| {
                let den = size / 2 + numbers.below(size);
                let percent = 20 + numbers.below(81);
                let count = CriterionCount::Counted {
                    num: den * percent / 100,
                    den,
                };
                (c.code.clone(), count)
            })
            .collect();
        units.push(UnitCounts {
            unit: Unit {
                name: format!("Đơn vị {code}"),
                code,
                level,
                parent,
            },
            criteria,
            groups: BTreeMap::new(),
            ratio_only: BTreeSet::new(),
        });
    };
    for p in 0..34u32 {
        let province = format!("H{:02}", 10 + p);
        add(province.clone(), Level::Province, None, 400_000);
        for d in 0..(14 + u32::from(p < 24)) {
            let code = format!("{province}.{:02}", d + 1);
            add(code, Level::Department, Some(province.clone()), 8_000);
        }
        for c in 0..100u32 {
            let code = format!("{province}.{}", 101 + c);
            add(code, Level::Commune, Some(province.clone()), 3_000);
        }
    }
    Counts {
        methodology: Some(methodology.name().to_owned()),
        period: "2026-09".parse().ok(),
        units,
    }
}

//! Writes a realistic synthetic province or nation as record files (SPEC §7), deterministic for a
//! seed: `units.csv`, `procedures.csv`, `dossiers.csv`, `petitions.csv`, and `counts.json` with the
//! criteria records cannot give (publication, sync, certified copies), so `score_records` can score
//! every unit completely.
//!
//! ```text
//! cargo run --release --example gen_records -- --dossiers 1000000 --seed 766 --out /tmp/nation
//!     [--provinces 34] [--petitions N]
//! cargo run --release --example score_records -- --procedures /tmp/nation/procedures.csv \
//!     --dossiers /tmp/nation/dossiers.csv --petitions /tmp/nation/petitions.csv \
//!     --units /tmp/nation/units.csv --counts /tmp/nation/counts.json --period 2026-09
//! ```

mod common;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

use chiso766::calendar::Moment;
use chiso766::examples::synthetic::nation;
use chiso766::record::{Channel, OnlineLevel, Payment, ProcedureLevel, TimeUnit};

const USAGE: &str =
    "usage: gen_records --dossiers N --out DIR [--seed S] [--provinces P] [--petitions N]";

struct Args {
    dossiers: usize,
    petitions: Option<usize>,
    seed: u64,
    provinces: usize,
    out: String,
}

fn parse_args() -> Result<Args, String> {
    let (mut dossiers, mut petitions, mut seed, mut provinces, mut out) =
        (None, None, 766, 34, None);
    let mut words = std::env::args().skip(1);
    while let Some(word) = words.next() {
        if matches!(word.as_str(), "-h" | "--help") {
            return Err(String::new());
        }
        let value = words.next().ok_or(format!("{word} needs a value"))?;
        let number = || {
            value
                .parse::<u64>()
                .map_err(|_| format!("{word}: '{value}' is not a whole number"))
        };
        match word.as_str() {
            "--dossiers" => dossiers = Some(number()? as usize),
            "--petitions" => petitions = Some(number()? as usize),
            "--seed" => seed = number()?,
            "--provinces" => provinces = number()? as usize,
            "--out" => out = Some(value),
            other => return Err(format!("unexpected argument {other}")),
        }
    }
    if !(1..=200).contains(&provinces) {
        return Err(format!("--provinces is 1 to 200, not {provinces}"));
    }
    Ok(Args {
        dossiers: dossiers.ok_or("--dossiers N is required")?,
        petitions,
        seed,
        provinces,
        out: out.ok_or("--out DIR is required")?,
    })
}

fn create(dir: &str, name: &str) -> std::io::Result<BufWriter<File>> {
    Ok(BufWriter::with_capacity(
        1 << 20,
        File::create(format!("{dir}/{name}"))?,
    ))
}

fn moment(at: Option<Moment>) -> String {
    at.map(|m| m.to_string()).unwrap_or_default()
}

fn run(args: &Args) -> std::io::Result<String> {
    std::fs::create_dir_all(&args.out)?;
    let nation = nation(args.provinces);
    let mut units = create(&args.out, "units.csv")?;
    writeln!(units, "code,name,level,parent,valid_from,valid_to")?;
    for row in &nation.units {
        let u = &row.unit;
        writeln!(
            units,
            "{},{},{},{},,",
            u.code,
            u.name,
            u.level,
            u.parent.as_deref().unwrap_or("")
        )?;
    }
    units.flush()?;

    let mut procedures = create(&args.out, "procedures.csv")?;
    writeln!(procedures, "procedure_code,name,level,online_level,full_online_eligible,paper_result_required,fee_bearing,for_citizens,max_time,max_time_unit,field")?;
    for p in &nation.procedures {
        let level = match p.level {
            ProcedureLevel::Province => "province",
            ProcedureLevel::Commune => "commune",
            ProcedureLevel::Ministry => "ministry",
        };
        let online = match p.online_level {
            OnlineLevel::None => "none",
            OnlineLevel::Partial => "partial",
            OnlineLevel::Full => "full",
        };
        let unit = match p.max_time_unit {
            Some(TimeUnit::WorkingDays) => "working_days",
            Some(TimeUnit::Days) => "days",
            Some(TimeUnit::Hours) => "hours",
            None => "",
        };
        let flag = |b: bool| u8::from(b);
        writeln!(
            procedures,
            "{},{},{level},{online},{},{},{},{},{},{unit},{}",
            p.code,
            p.name,
            flag(p.full_online_eligible),
            flag(p.paper_result_required),
            flag(p.fee_bearing),
            flag(p.for_citizens),
            p.max_time.map(|t| t.to_string()).unwrap_or_default(),
            p.field.as_deref().unwrap_or_default()
        )?;
    }
    procedures.flush()?;

    let mut dossiers = create(&args.out, "dossiers.csv")?;
    writeln!(dossiers, "dossier_id,unit_code,procedure_code,submitted_at,received_at,due_at,finished_at,returned_at,stopped_at,supplement_count,supplement_requested_at,supplement_completed_at,channel,paid_online,fee_nonzero,result_file,component_files,reused_data,from_personal_storage,vneid,disliked,has_petition,e_receipt")?;
    for d in nation.dossiers(args.dossiers, args.seed) {
        let flag = |b: bool| u8::from(b);
        let channel = match d.channel {
            Channel::InPerson => 1,
            Channel::Online => 2,
            Channel::Postal => 3,
        };
        let paid = match d.payment {
            Payment::NotOnline => 0,
            Payment::NationalPortal => 1,
            Payment::LocalGateway => 2,
        };
        writeln!(
            dossiers,
            "{},{},{},{},{},{},{},{},{},{},{},{},{channel},{paid},{},{},{},{},{},{},{},{},{}",
            d.id,
            d.unit,
            d.procedure,
            moment(d.submitted_at),
            moment(d.received_at),
            moment(d.due_at),
            moment(d.finished_at),
            moment(d.returned_at),
            moment(d.stopped_at),
            d.supplement_count,
            moment(d.supplement_requested_at),
            moment(d.supplement_completed_at),
            d.fee_nonzero
                .map(|f| u8::from(f).to_string())
                .unwrap_or_default(),
            flag(d.result_file),
            flag(d.component_files),
            flag(d.reused_data),
            flag(d.from_personal_storage),
            flag(d.vneid),
            flag(d.disliked),
            flag(d.has_petition),
            d.e_receipt
                .map(|f| u8::from(f).to_string())
                .unwrap_or_default()
        )?;
    }
    dossiers.flush()?;

    let petition_count = args.petitions.unwrap_or(args.dossiers / 1000);
    let mut petitions = create(&args.out, "petitions.csv")?;
    writeln!(petitions, "petition_id,unit_code,received_at,transferred_at,refused_at,supplement_requested_at,handling_started_at,published_at,likes,dislikes,repeated")?;
    for p in nation.petitions(petition_count, args.seed) {
        writeln!(
            petitions,
            "{},{},{},{},{},{},{},{},{},{},{}",
            p.id,
            p.unit,
            p.received_at,
            moment(p.transferred_at),
            moment(p.refused_at),
            moment(p.supplement_requested_at),
            moment(p.handling_started_at),
            moment(p.published_at),
            p.likes,
            p.dislikes,
            u8::from(p.repeated)
        )?;
    }
    petitions.flush()?;

    // The criteria records cannot give: publication, sync, certified copies.
    let counts = nation.extra_counts(args.seed);
    std::fs::write(format!("{}/counts.json", args.out), counts.to_json())?;
    Ok(format!(
        "{} units, {} procedures, {} dossiers, {petition_count} petitions written to {}",
        nation.units.len(),
        nation.procedures.len(),
        args.dossiers,
        args.out
    ))
}

fn main() -> ExitCode {
    match parse_args() {
        Ok(args) => common::finish(run(&args)),
        Err(problem) => common::usage(&problem, USAGE),
    }
}

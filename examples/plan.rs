//! What a unit must fix, and how much, to rise (SPEC §9): the points it lost, and for each target
//! the least number of cases to put right (fix) or to add, exactly as the portal would score them.
//!
//! ```text
//! cargo run --release --example plan -- FILE.json|FILE.csv --unit CODE
//!     [--target total=70] [--target TDGQ=19] [--target DOSSIER_ON_TIME=19]
//!     [--overtake CODE | --rank N] [--scenario S.json] [--sensitivity] [--json]
//!     [--methodology M.json]
//! ```
//!
//! A target names a criterion, a group or `total`. For a group or the total, the plan is the
//! cheapest combination of changes across the unit's criteria, with each one's share. Without
//! `--target`, the three criteria that lost the most points are planned to their maximum.
//! `--overtake` plans the least change to rank above a unit of the same peer set, `--rank` to
//! reach a rank; `--scenario` re-scores every unit under a what-if scenario
//! ([`chiso766::plan::Scenario`]) and lists the units whose total or rank moves;
//! `--sensitivity` ranks the unit under the methodology's named variants.
//! With `--json`: `{"unit", "points_lost": [{"code", "points_lost"}], "targets": [{"code",
//! "target", "fix", "add", "reachable"}]}` (k as integers, null when a lever cannot reach it).

mod common;

use std::process::ExitCode;

use chiso766::plan::{
    cheapest_combination, findings, least_change, overtake, points_lost, sensitivity, what_if,
    Goal, Scenario, Thresholds,
};
use chiso766::{report, score, Counts, Decimal, Error, ErrorKind, Methodology, ScoreOptions};
use serde_json::json;

const USAGE: &str = "usage: plan FILE.json|FILE.csv --unit CODE \
[--target total|GROUP|CRITERION=POINTS]... [--overtake CODE | --rank N] [--scenario S.json] [--json] \
[--sensitivity] [--methodology M.json]

  --target T=P     plan criterion, group or `total` T to P points (repeatable); a target is met
                   when the rounded points reach it; without --target, the three criteria that
                   lost the most are planned to their maximum
  --overtake CODE  the least change to rank above unit CODE of the same peer set
  --rank N         the least change to reach rank N
  --scenario S     re-score every unit under a what-if scenario (JSON, see chiso766::plan::Scenario)
  --sensitivity    the unit's rank under the methodology's named variants
  --json           machine-readable output (k as integers, null when a lever cannot reach)
  --methodology M  score under the edition in JSON file M (default dvcqg-2026)

  Levers: fix = num + k (late dossiers settled on time), add = num + k, den + k (new dossiers);
  the count a rate is multiplied by (DOSSIER_SYNC for ONLINE_DOSSIERS) is held as it is.";

struct Args {
    file: String,
    unit: String,
    targets: Vec<(String, Decimal)>,
    json: bool,
    methodology: Option<String>,
    goal: Option<Goal>,
    scenario: Option<String>,
    sensitivity: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut words = std::env::args().skip(1);
    let (mut file, mut unit, mut targets, mut json, mut methodology) =
        (None, None, Vec::new(), false, None);
    let (mut goal, mut scenario, mut variants) = (None, None, false);
    while let Some(word) = words.next() {
        let mut value = || words.next().ok_or(format!("{word} needs a value"));
        match word.as_str() {
            "--unit" => unit = Some(value()?),
            "--target" => {
                let text = value()?;
                let (code, points) = text
                    .split_once('=')
                    .ok_or(format!("--target is CRITERION=POINTS, not {text}"))?;
                let points: Decimal = points.trim().replace(',', ".").parse().map_err(|_| {
                    format!("--target {text}: '{points}' is not a number of points")
                })?;
                targets.push((code.trim().to_owned(), points));
            }
            "--json" => json = true,
            "--overtake" if goal.is_none() => goal = Some(Goal::Above(value()?)),
            "--rank" if goal.is_none() => {
                let text = value()?;
                let rank = text
                    .parse()
                    .map_err(|_| format!("--rank takes a rank (1, 2, …), not {text}"))?;
                goal = Some(Goal::Rank(rank));
            }
            "--overtake" | "--rank" => return Err("give --overtake or --rank, once".into()),
            "--scenario" => scenario = Some(value()?),
            "--sensitivity" => variants = true,
            "--methodology" => methodology = Some(value()?),
            "-h" | "--help" => return Err(String::new()),
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
            _ if file.is_some() => return Err(format!("unexpected argument {word}")),
            _ => file = Some(word),
        }
    }
    Ok(Args {
        file: file.ok_or("no input file")?,
        unit: unit.ok_or("--unit CODE is required")?,
        targets,
        json,
        methodology,
        goal,
        scenario,
        sensitivity: variants,
    })
}

fn run(args: &Args) -> Result<String, Error> {
    let counts = if args.file.ends_with(".csv") {
        let file = std::fs::File::open(&args.file).map_err(|source| ErrorKind::Io {
            path: args.file.clone(),
            source,
        })?;
        Counts::from_csv(file)
    } else {
        Counts::from_json(&chiso766::input::read_file(&args.file)?)
    }
    .map_err(|e| e.in_source(&args.file))?;
    let methodology = match &args.methodology {
        Some(path) => Methodology::from_json(&chiso766::input::read_file(path)?)
            .map_err(|e| e.in_source(path))?,
        None => Methodology::builtin(counts.methodology_name())?,
    };
    let card = score(&methodology, &counts, &ScoreOptions::default())?;
    let lost = points_lost(&card, &args.unit)?;
    for (code, _) in &args.targets {
        let known = code == "total"
            || methodology.group(code).is_some()
            || methodology.criterion(code).is_some();
        if !known {
            return Err(Error::from(ErrorKind::Syntax {
                problem: format!(
                    "--target {code}: not `total`, a group or a criterion of {}",
                    methodology.name()
                ),
            }));
        }
    }
    let (wide, narrow): (Vec<_>, Vec<_>) =
        (args.targets.iter()).partition(|(code, _)| methodology.criterion(code).is_none());
    let combinations = (wide.iter())
        .map(|(code, points)| cheapest_combination(&card, &args.unit, code, *points))
        .collect::<Result<Vec<_>, _>>()?;
    let targets: Vec<(String, Decimal)> = if args.targets.is_empty() {
        // The three criteria that lost the most, to their maximum.
        (lost.criteria.iter())
            .filter(|c| c.points_lost.is_some_and(|l| l > Decimal::ZERO))
            .take(3)
            .map(|c| (c.code.clone(), c.max))
            .collect()
    } else {
        narrow.into_iter().cloned().collect()
    };
    let changes = (targets.iter())
        .map(|(code, points)| least_change(&card, &args.unit, code, *points))
        .collect::<Result<Vec<_>, _>>()?;
    let found = findings(&card, &args.unit, &[], &Thresholds::default())?;
    let overtaking = (args.goal.as_ref())
        .map(|goal| overtake(&card, &args.unit, goal))
        .transpose()?;
    let scenario = match &args.scenario {
        Some(path) => {
            let scenario = Scenario::from_json(&chiso766::input::read_file(path)?)
                .map_err(|e| e.in_source(path))?;
            Some(what_if(&methodology, &counts, &scenario).map_err(|e| e.in_source(path))?)
        }
        None => None,
    };
    let ranges = if args.sensitivity {
        let mut editions = vec![methodology.clone()];
        editions.extend(Methodology::variants()?);
        let all = sensitivity(&counts, &editions)?;
        let mine = all.units.into_iter().find(|u| u.code == args.unit);
        Some((all.editions, mine))
    } else {
        None
    };
    if args.json {
        let document = json!({
            "unit": args.unit,
            "methodology": methodology.name(),
            "period": card.period(),
            "points_lost": lost.criteria.iter().map(|c| json!({
                "code": c.code, "points_lost": c.points_lost.map(|p| p.to_string()),
            })).collect::<Vec<_>>(),
            "groups_lost": lost.groups,
            "total_lost": lost.total.map(|t| t.to_string()),
            "targets": changes.iter().map(|c| json!({
                "code": c.code, "target": format!("{:.2}", c.target), "fix": c.fix, "add": c.add,
                "reachable": c.reachable, "points": c.points.map(|p| p.to_string()),
                "owned_by": c.owned_by, "pooled": c.pooled,
            })).collect::<Vec<_>>(),
            "combinations": combinations.iter().map(|c| json!({
                "code": c.scope, "target": format!("{:.2}", c.target), "points": c.points.to_string(),
                "cases": c.cases, "reachable": c.cases.is_some(),
                "points_after": c.points_after.map(|p| p.to_string()),
                "shares": c.shares.iter().map(|s| json!({
                    "code": s.code, "lever": s.lever, "k": s.k,
                    "points_before": s.points_before.map(|p| p.to_string()),
                    "points_after": s.points_after.map(|p| p.to_string()),
                })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "overtake": overtaking,
            "findings": found,
            "what_if": scenario,
            "sensitivity": ranges.as_ref().map(|(editions, range)| json!({"editions": editions, "unit": range})),
        });
        return serde_json::to_string_pretty(&document).map_err(|e| {
            Error::from(ErrorKind::Syntax {
                problem: e.to_string(),
            })
        });
    }
    let unit = card
        .unit(&args.unit)
        .map_or(args.unit.as_str(), |u| u.unit.name.as_str());
    let period = card.period().map(|p| p.label_vi()).unwrap_or_default();
    let mut out = format!(
        "Kế hoạch cải thiện: {} ({}) — {period}, phương pháp {}\n{}",
        chiso766::input::printable(unit),
        args.unit,
        methodology.name(),
        report::plan_text(&methodology, &lost, &changes, &combinations)
    );
    if !found.is_empty() {
        out.push_str("\nNhận xét:\n");
        for finding in &found {
            out.push_str(&format!("- {}\n", finding.message));
        }
    }
    if let Some(overtaking) = &overtaking {
        out.push_str(&format!(
            "- {}\n",
            report::overtake_sentence(&methodology, overtaking)
        ));
    }
    if let Some(result) = &scenario {
        out.push_str(&report::what_if_text(result));
    }
    if let Some((editions, Some(range))) = &ranges {
        out.push_str("\nĐộ nhạy của thứ hạng theo các biến thể phương pháp:\n");
        for (edition, rank) in editions.iter().zip(&range.ranks) {
            let rank = rank.map_or_else(|| "chưa xếp hạng".to_owned(), |r| format!("hạng {r}"));
            out.push_str(&format!("  {edition}: {rank}\n"));
        }
        if let (Some(best), Some(worst)) = (range.best, range.worst) {
            out.push_str(&format!("  Từ hạng {best} đến hạng {worst}.\n"));
        }
    }
    Ok(out)
}

fn main() -> ExitCode {
    match parse_args() {
        Ok(args) => common::finish(run(&args)),
        Err(problem) => common::usage(&problem, USAGE),
    }
}

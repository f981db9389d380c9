//! What the fuzz targets share: reading every record of a file under options picked by the input's
//! first byte, and scoring counts that were read.

use std::sync::OnceLock;

use chiso766::record::{DossierTable, Format, Records};
use chiso766::{score, Counts, Methodology, ReadOptions, ScoreOptions};

/// Reads every record of a stream that opened, then its warnings.
fn drain<T>(records: chiso766::Result<Records<T, &[u8]>>) {
    if let Ok(mut records) = records {
        records.by_ref().for_each(drop);
        let _ = records.warnings();
    }
}

/// Reads `data` as a record file in `format`. The first byte `b` picks the reader, `b % 6`:
/// dossiers, petitions, procedures, units, holidays, or dossiers into a `DossierTable`; and the
/// `ReadOptions`, the bits of `b / 6`: 1 day-first dates, 2 lenient timelines, 4 lines of at most
/// 200 bytes (`'0'`…`'5'` are the defaults). The rest is the file.
pub fn records(data: &[u8], format: Format) {
    let Some((&pick, input)) = data.split_first() else {
        return;
    };
    let bits = pick / 6;
    let options = ReadOptions::new()
        .day_first_dates(bits & 1 != 0)
        .lenient_timelines(bits & 2 != 0)
        .max_line_bytes(if bits & 4 != 0 { 200 } else { 1 << 20 });
    let name = "fuzz";
    match pick % 6 {
        0 => drain(options.dossiers(input, format, name)),
        1 => drain(options.petitions(input, format, name)),
        2 => drain(options.procedures(input, format, name)),
        3 => drain(options.units(input, format, name)),
        4 => drain(options.holidays(input, format, name)),
        _ => {
            if let Ok(records) = options.dossiers(input, format, name) {
                let _ = DossierTable::read(records);
            }
        }
    }
}

/// `dvcqg-2026`, or `qd766-groups` for counts that name it (scoring checks the name first).
fn methodology(name: &str) -> &'static Methodology {
    static DVCQG: OnceLock<Methodology> = OnceLock::new();
    static GROUPS: OnceLock<Methodology> = OnceLock::new();
    let (cell, name) = match name {
        "qd766-groups" => (&GROUPS, "qd766-groups"),
        _ => (&DVCQG, "dvcqg-2026"),
    };
    cell.get_or_init(|| Methodology::builtin(name).expect("a built-in edition"))
}

/// Scores counts that were read, under the edition they name.
pub fn score_counts(counts: chiso766::Result<Counts>) {
    if let Ok(counts) = counts {
        let methodology = methodology(counts.methodology_name());
        let _ = score(methodology, &counts, &ScoreOptions::default());
    }
}

/// The demo province's counts and scorecard, made once.
fn demo() -> &'static (Counts, chiso766::Scorecard) {
    static DEMO: OnceLock<(Counts, chiso766::Scorecard)> = OnceLock::new();
    DEMO.get_or_init(|| {
        let counts = Counts::from_json(include_str!("../../examples/data/demo-province.json"))
            .expect("the demo's counts");
        let card = score(methodology("dvcqg-2026"), &counts, &ScoreOptions::default())
            .expect("the demo's scores");
        (counts, card)
    })
}

/// Plans on the demo province from `text` (see the `plans` target): every target answered by
/// both levers and the cheapest combination, the goals by overtaking, the scenario by what-if,
/// and each answer worded.
pub fn plans(text: &str) {
    use chiso766::plan::{points_lost, what_if, Goal, Planner, Scenario};
    use chiso766::report;
    let (counts, card) = demo();
    let methodology = methodology("dvcqg-2026");
    let planner = Planner::new(card);
    let (head, scenario) = match text.find("\n{") {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    let mut lines = head.lines();
    let unit = lines.next().unwrap_or_default().trim();
    if let Ok(lost) = points_lost(card, unit) {
        let _ = report::plan_text(methodology, &lost, &[], &[]);
    }
    for line in lines.take(8) {
        let Some((scope, value)) = line.split_once('=') else {
            continue;
        };
        let goal = match scope {
            "rank" => value.parse().ok().map(Goal::Rank),
            "above" => Some(Goal::Above(value.to_owned())),
            _ => None,
        };
        if let Some(goal) = goal {
            if let Ok(overtaking) = planner.overtake(unit, &goal) {
                let _ = report::overtake_sentence(methodology, &overtaking);
            }
            continue;
        }
        let Ok(points) = value.trim().parse::<chiso766::Decimal>() else {
            continue;
        };
        if let Ok(change) = planner.least_change(unit, scope, points) {
            let _ = report::change_sentence(&change);
        }
        if let Ok(combination) = planner.cheapest_combination(unit, scope, points) {
            let _ = report::combination_sentence(methodology, &combination);
        }
    }
    if let Some(Ok(scenario)) = scenario.map(Scenario::from_json) {
        if let Ok(result) = what_if(methodology, counts, &scenario) {
            let _ = report::what_if_text(&result, |_| None);
        }
    }
}

/// The monthly report of a province whose units `text` names (see the `renderers` target),
/// written in every format; no name may hide in or add a line to what a person reads.
pub fn renderers(text: &str) {
    let mut names = text.split('\0');
    let mut next = |fallback: &str| names.next().unwrap_or(fallback).to_owned();
    let mut units = vec![
        (String::from("F"), next("Tỉnh F"), "province", None),
        ("F.01".into(), next("Sở F"), "department", Some("F")),
    ];
    for n in 0..12 {
        units.push((format!("F.{}", 101 + n), next("Xã"), "commune", Some("F")));
    }
    let _ = written(&units);
}

/// Every format of the report of `units` (code, name, level, parent).
fn written(units: &[(String, String, &str, Option<&str>)]) -> chiso766::Result<()> {
    use chiso766::calendar::Calendar;
    use chiso766::count::{CountOptions, Counting};
    use chiso766::report::{self, IndexReport, MonthlyOptions, MonthlyReport};
    use chiso766::stats::Statistics;
    let period: chiso766::Period = "2026-05".parse()?;
    let tree = chiso766::UnitTree::new(
        (units.iter())
            .map(|(code, name, level, parent)| chiso766::Unit {
                code: code.clone(),
                name: name.clone(),
                level: level.parse().unwrap_or(chiso766::Level::Commune),
                parent: parent.map(str::to_owned),
            })
            .collect::<Vec<_>>(),
    )?;
    let counting = Counting::new(
        tree,
        Vec::new(),
        Calendar::vietnam()?,
        vec![period],
        CountOptions::default(),
    )?
    .with_statistics();
    let tally = counting.count_dossiers(&[])?;
    let stats = Statistics::of(&counting, &tally)?;
    let options = MonthlyOptions {
        scope: Some("F".into()),
        ..MonthlyOptions::default()
    };
    let counts = Counts::from_json(&groups_json(units))?;
    let card = score(methodology("qd766-groups"), &counts, &ScoreOptions::default())?;
    let index = IndexReport::build(&card, "F", None, &[], false)?;
    let monthly =
        MonthlyReport::build(&stats, &period, None, (None, None), &options)?.with_index(index);
    let text = report::text::monthly(&monthly);
    let markdown = report::markdown::monthly(&monthly);
    let html = report::html::monthly(&monthly);
    for out in [&text, &markdown, &html] {
        assert!(!out.contains(['\u{1b}', '\u{202e}', '\u{2028}', '\u{200b}']));
    }
    report::csv::appendix(&monthly, std::io::sink())?;
    report::xlsx::workbook(&monthly)?;
    report::docx::monthly(&monthly)?;
    Ok(())
}

/// The units' counts as group points (the `qd766-groups` edition), each a little different.
fn groups_json(units: &[(String, String, &str, Option<&str>)]) -> String {
    let entries: Vec<String> = (units.iter().enumerate())
        .map(|(i, (code, name, level, parent))| {
            let unit = serde_json::json!({
                "code": code, "name": name, "level": level, "parent": parent,
                "groups": {"CKMB": "15.64", "TDGQ": format!("{}.05", 10 + i % 9), "DVCTT": "8.36",
                           "TTTT": "10", "MDHL": "17.86", "MDSH": "20.79"},
            });
            unit.to_string()
        })
        .collect();
    format!(
        r#"{{"methodology": "qd766-groups", "period": "2026-05", "units": [{}]}}"#,
        entries.join(",")
    )
}

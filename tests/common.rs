//! Helpers shared by the test modules.

use chiso766::{score, Counts, Methodology, ScoreOptions, Scorecard};
use rust_decimal::Decimal;

pub fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

pub fn dvcqg() -> Methodology {
    Methodology::builtin("dvcqg-2026").unwrap()
}

/// Scores interchange JSON with the default (strict) options under the methodology it names.
pub fn score_json(json: &str) -> Scorecard {
    let counts = Counts::from_json(json).unwrap();
    let methodology = Methodology::builtin(counts.methodology_name()).unwrap();
    score(&methodology, &counts, &ScoreOptions::default()).unwrap()
}

/// One unit's interchange JSON with the given criteria (`"CODE": [num, den]`).
pub fn unit_json(
    code: &str,
    level: &str,
    parent: Option<&str>,
    criteria: &[(&str, u64, u64)],
) -> String {
    let criteria: Vec<String> = criteria
        .iter()
        .map(|(c, n, d)| format!(r#""{c}": {{"num": {n}, "den": {d}}}"#))
        .collect();
    let parent = parent
        .map(|p| format!(r#""{p}""#))
        .unwrap_or_else(|| "null".into());
    format!(
        r#"{{"code": "{code}", "name": "Đơn vị {code}", "level": "{level}", "parent": {parent}, "criteria": {{{}}}}}"#,
        criteria.join(", ")
    )
}

pub fn counts_json(units: &[String]) -> String {
    format!(
        r#"{{"methodology": "dvcqg-2026", "period": "2026", "units": [{}]}}"#,
        units.join(", ")
    )
}

/// Points of a group of a unit, as text.
pub fn group_points(card: &Scorecard, unit: &str, group: &str) -> String {
    card.unit(unit)
        .unwrap()
        .group(group)
        .unwrap()
        .points
        .unwrap()
        .to_string()
}

//! `chiso766 score FILE`: counts (SPEC §6, JSON or CSV) → scorecards and rankings.

use chiso766::report::{self, NamedCriterion};
use chiso766::{rank_all, score, Methodology, RankMethod, ScoreOptions, Scorecard};

use crate::args::ScoreArgs;
use crate::failure::Failure;
use crate::inputs::{load_methodology, read_counts};
use crate::messages::Context;
use crate::output;

/// Scores and ranks every unit of the file; prints the ranking, one unit's scorecard, or JSON.
pub fn run(args: &ScoreArgs, context: &mut Context) -> Result<(), Failure> {
    let counts = read_counts(&args.file)?;
    let methodology = match &args.methodology {
        Some(given) => load_methodology(Some(given), None)?,
        None => Methodology::builtin(counts.methodology_name())?,
    };
    *context = std::mem::take(context).with_methodology(&methodology);
    let options = ScoreOptions {
        lenient: args.lenient,
        ..ScoreOptions::default()
    };
    let card = score(&methodology, &counts, &options)?;
    let rankings = rank_all(&card, RankMethod::Competition)?;
    if args.json {
        let json = report::scorecard_json(&card, &rankings);
        output::print(&serde_json::to_string_pretty(&json).unwrap_or_default());
        return Ok(());
    }
    let mut out = match &args.unit {
        Some(code) => report::unit_text(&card, code, rankings.first())?,
        None => ranking(&card, &methodology, &rankings),
    };
    for d in card.diagnostics() {
        out.push_str(&format!(
            "lưu ý: đơn vị {}, tiêu chí {}: {}\n",
            chiso766::printable::printable(&d.unit),
            context.criterion(&d.criterion),
            report::diagnostic_text(d)
        ));
    }
    output::print(&out);
    Ok(())
}

/// The ranking by total, and what the incomplete units lack.
fn ranking(card: &Scorecard, methodology: &Methodology, rankings: &[chiso766::Ranking]) -> String {
    let mut out = format!(
        "Phương pháp tính: {} — {} đơn vị\n",
        methodology.name(),
        card.units().len()
    );
    if card.units().is_empty() {
        out.push_str("Tệp không có đơn vị nào.\n");
    }
    if let Some(total) = rankings.first() {
        out.push_str(&report::ranking_text(card, total));
    }
    let mut missing: Vec<String> = Vec::new();
    for unit in card.units().iter().filter(|u| u.total.is_none()) {
        for code in &unit.missing {
            if !missing.contains(code) {
                missing.push(code.clone());
            }
        }
    }
    // In the methodology's order.
    let order: Vec<&str> = methodology
        .criteria()
        .map(|(_, c)| c.code.as_str())
        .collect();
    missing.sort_by_key(|c| order.iter().position(|o| o == c).unwrap_or(usize::MAX));
    if !missing.is_empty() {
        let incomplete = card.units().iter().filter(|u| u.total.is_none()).count();
        out.push_str(&format!(
            "\n{incomplete} đơn vị chưa có tổng điểm. {}\n",
            report::missing_sentence(
                &NamedCriterion::to_give(methodology, &missing),
                card.period()
            )
        ));
    }
    out
}

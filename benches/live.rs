//! Live scores of the synthetic nation (3,944 units, a month, a quarter and the year) with
//! 10,000,000 dossiers already counted: the time one event takes (a dossier received or settled
//! anew, half of them replacing an earlier state), against a full re-score (every record's sums →
//! tables → scores → ranks of every period, by the fastest batch path), which is what keeping the
//! score current would cost without the live scorecard.
//!
//! Run: `cargo bench -p chiso766-bench --bench live` (`LIVE_DOSSIERS=N` for another volume).
//! After criterion's own figures it prints the median per event and `event/rescore = R`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use chiso766::compiled::{RecordTables, ScoringPlan};
use chiso766::count::{Counting, Tally};
use chiso766::examples::synthetic::nation;
use chiso766::live::{Event, LiveScorecard};
use chiso766::record::Dossier;
use chiso766::{Methodology, ScoreOptions};
use criterion::{criterion_group, criterion_main, Criterion};

/// Dossiers counted before the events, in parts of this many (to bound the memory of records).
const PART: usize = 1_000_000;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort_unstable();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

/// The events: new states of dossiers, half of them replacing one already counted.
fn events(nation: &chiso766::examples::synthetic::Nation, counted: usize) -> Vec<Event> {
    nation
        .dossiers(100_000, 767)
        .enumerate()
        .map(|(i, mut dossier): (usize, Dossier)| {
            if i % 2 == 0 && counted > 0 {
                // An id counted already: a later state of that dossier.
                dossier.id = format!("HS766-{:09}", (i * 7_919) % counted);
            }
            Event::Dossier(dossier)
        })
        .collect()
}

/// The full re-score, by the fastest batch path: every record's sums → tables (laid out once)
/// → scores → ranks of every period.
fn rescore(
    counting: &Counting,
    tally: &Tally,
    layout: &RecordTables,
    plan: &ScoringPlan,
) -> Option<usize> {
    let tables = layout.tables(&counting.sums(tally).ok()?).ok()?;
    let ranked = plan.score_and_rank(&tables).ok()?;
    Some(
        ranked
            .iter()
            .filter(|(_, ranks)| ranks.total(0).is_some())
            .count(),
    )
}

fn bench(c: &mut Criterion) {
    let volume: usize = (std::env::var("LIVE_DOSSIERS").ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000_000);
    let nation = nation(34);
    let (Ok(counting), Ok(methodology)) = (
        nation.counting(&["2026-09", "2026-Q3", "2026"]),
        Methodology::builtin("dvcqg-2026"),
    ) else {
        return;
    };
    // The records so far, counted a part at a time.
    let mut tally = Tally::default();
    let mut all = nation.dossiers(volume, 766).peekable();
    while all.peek().is_some() {
        let part: Vec<Dossier> = all.by_ref().take(PART).collect();
        let Ok(counted) = counting.count_dossiers(&part) else {
            return;
        };
        tally.merge(counted);
    }
    let petitions: Vec<_> = nation.petitions(volume / 50, 766).collect();
    for petition in &petitions {
        if counting.add_petition(&mut tally, petition).is_err() {
            return;
        }
    }
    let extra = nation.extra_counts(766);
    let plan = ScoringPlan::new(&methodology);
    let Ok(mut live) = LiveScorecard::new(
        counting.clone(),
        &tally,
        &methodology,
        Some(extra.clone()),
        ScoreOptions::default(),
    ) else {
        return;
    };
    let Ok(layout) = plan.record_tables(&counting, Some(&extra), &ScoreOptions::default()) else {
        return;
    };
    let events = events(&nation, volume);
    let name = format!("live, {volume} dossiers counted");
    let mut group = c.benchmark_group(name);
    group.sample_size(10);
    let mut next = events.iter().cycle();
    group.bench_function("one event (a dossier's new state)", |b| {
        b.iter(|| next.next().map(|event| live.apply(black_box(event))))
    });
    group.bench_function(
        "full re-score (sums → tables → scores → ranks, 3 periods)",
        |b| b.iter(|| rescore(&counting, black_box(&tally), &layout, &plan)),
    );
    group.finish();

    // The medians the issue asks for, timed one by one.
    let per_event = median(
        (events.iter().take(50_000))
            .map(|event| {
                let started = Instant::now();
                let _ = black_box(live.apply(event));
                started.elapsed()
            })
            .collect(),
    );
    let full = median(
        (0..5)
            .map(|_| {
                let started = Instant::now();
                black_box(rescore(&counting, &tally, &layout, &plan));
                started.elapsed()
            })
            .collect(),
    );
    println!(
        "median per event: {:.2} µs; full re-score: {:.1} ms; event/rescore = {:.2e}",
        per_event.as_secs_f64() * 1e6,
        full.as_secs_f64() * 1e3,
        per_event.as_secs_f64() / full.as_secs_f64()
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);

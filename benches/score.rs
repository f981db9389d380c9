//! Scoring and ranking a national set: 34 provinces, 500 departments and 3,400 communes, every
//! criterion of `dvcqg-2026` counted, as a month's run for the whole country would be; and plans
//! for every unit (points lost, findings, the cheapest way to one more point of total).
//!
//! Run: `cargo bench -p chiso766-bench --bench score`

use std::hint::black_box;

use chiso766::compiled::ScoringPlan;
use chiso766::examples::synthetic::national_counts;
use chiso766::plan::Planner;
use chiso766::{rank, score, Methodology, RankBy, RankMethod, ScoreOptions};
use criterion::{criterion_group, criterion_main, Criterion};

fn bench(c: &mut Criterion) {
    let Ok(methodology) = Methodology::builtin("dvcqg-2026") else {
        return;
    };
    let counts = national_counts(&methodology);
    assert_eq!(counts.units.len(), 3_934);
    let options = ScoreOptions::default();
    let mut group = c.benchmark_group("national set (3,934 units)");
    group.sample_size(30);
    group.bench_function("score", |b| {
        b.iter(|| score(&methodology, black_box(&counts), &options))
    });
    let Ok(card) = score(&methodology, &counts, &options) else {
        return;
    };
    let keys: Vec<RankBy> = std::iter::once(RankBy::Total)
        .chain(
            methodology
                .groups()
                .iter()
                .map(|g| RankBy::Group(g.code.clone())),
        )
        .collect();
    group.bench_function("rank by total and six groups", |b| {
        b.iter(|| {
            keys.iter()
                .map(|by| rank(black_box(&card), by, RankMethod::Competition).ok())
                .collect::<Option<Vec<_>>>()
        })
    });
    group.bench_function("score and rank", |b| {
        b.iter(|| {
            let card = score(&methodology, black_box(&counts), &options).ok()?;
            keys.iter()
                .map(|by| rank(&card, by, RankMethod::Competition).ok())
                .collect::<Option<Vec<_>>>()
        })
    });
    // The compiled plan: the counts laid out once, then scored and ranked by total and groups.
    let plan = ScoringPlan::new(&methodology);
    group.bench_function("compiled: counts → table", |b| {
        b.iter(|| plan.table(black_box(&counts), &options))
    });
    let Ok(table) = plan.table(&counts, &options) else {
        return;
    };
    group.bench_function("compiled: score + rank", |b| {
        b.iter(|| {
            plan.score(black_box(&table))
                .map(|points| points.ranks(&table))
        })
    });
    group.finish();

    // Plans for every unit of the set, on every core, as a nation's run makes them.
    let mut plans = c.benchmark_group("plans");
    plans.sample_size(10);
    let codes: Vec<String> = (card.units().iter()).map(|u| u.unit.code.clone()).collect();
    let name = format!(
        "{} units: points lost, findings, total + 1 point",
        codes.len()
    );
    plans.bench_function(name, |b| {
        b.iter(|| {
            let planner = Planner::new(black_box(&card));
            planner.each_unit(&codes, |planner, code| {
                let card = planner.card();
                let total = card.unit(code).and_then(|u| u.total);
                (
                    planner.points_lost(code).is_ok(),
                    planner.findings(code, &[]).map(|f| f.len()),
                    total.map(|t| {
                        planner.cheapest_combination(code, "total", t + chiso766::Decimal::ONE)
                    }),
                )
            })
        })
    });
    plans.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Counting dossiers from in-memory records: the synthetic nation (3,944 units), 1,000,000
//! dossiers of 2026, counted for a month, a quarter and the year on every core, then turned into
//! interchange counts; then the sums of every unit and period to scores and ranks.
//!
//! Run: `cargo bench -p chiso766-bench --bench count`

use std::hint::black_box;

use chiso766::compiled::ScoringPlan;

use chiso766::examples::synthetic::nation;
use chiso766::record::{Dossier, DossierTable};
use chiso766::{Methodology, ScoreOptions};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn bench(c: &mut Criterion) {
    let nation = nation(34);
    let dossiers: Vec<Dossier> = nation.dossiers(1_000_000, 766).collect();
    let Ok(counting) = nation.counting(&["2026-09", "2026-Q3", "2026"]) else {
        return;
    };
    let mut group = c.benchmark_group("count 1,000,000 dossiers");
    group.sample_size(10);
    group.throughput(Throughput::Elements(dossiers.len() as u64));
    group.bench_function("tally (every core, 3 periods)", |b| {
        b.iter(|| counting.count_dossiers(black_box(&dossiers)))
    });
    group.bench_function(
        "unique ids, straight to sums (every core, 3 periods)",
        |b| b.iter(|| counting.count_unique(black_box(&dossiers))),
    );
    let mut table = DossierTable::new();
    for dossier in &dossiers {
        if table.push(dossier).is_err() {
            return;
        }
    }
    group.bench_function(
        "dossier table, straight to sums (every core, 3 periods)",
        |b| b.iter(|| counting.count_table(black_box(&table))),
    );
    let Ok(tally) = counting.count_dossiers(&dossiers) else {
        return;
    };
    group.bench_function("counts of 3,944 units", |b| {
        b.iter(|| counting.counts(black_box(&tally), None))
    });
    group.finish();

    // After counting: the sums of every unit and period to ranks, with the accompanying counts
    // (publication, sync…) that complete every unit.
    let (Ok(sums), Ok(methodology)) = (
        counting.count_unique(&dossiers),
        Methodology::builtin("dvcqg-2026"),
    ) else {
        return;
    };
    let extra = nation.extra_counts(766);
    let options = ScoreOptions::default();
    let plan = ScoringPlan::new(&methodology);
    let Ok(layout) = plan.record_tables(&counting, Some(&extra), &options) else {
        return;
    };
    let mut after = c.benchmark_group("3,944 units × 3 periods, from sums");
    after.sample_size(30);
    after.bench_function("sums → interchange counts", |b| {
        b.iter(|| counting.counts_of(black_box(&sums), Some(&extra)))
    });
    after.bench_function("sums → tables → scores → ranks (compiled)", |b| {
        b.iter(|| {
            let tables = layout.tables(black_box(&sums))?;
            plan.score_and_rank(&tables)
        })
    });
    let Ok(mut tables) = layout.tables(&sums) else {
        return;
    };
    after.bench_function("sums → tables filled in place", |b| {
        b.iter(|| layout.fill(black_box(&sums), &mut tables))
    });
    after.bench_function(
        "sums → tables filled in place → scores → ranks (compiled)",
        |b| {
            b.iter(|| {
                layout.fill(black_box(&sums), &mut tables)?;
                plan.score_and_rank(&tables)
            })
        },
    );
    after.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

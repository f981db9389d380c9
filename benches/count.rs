//! Counting dossiers from in-memory records: the synthetic nation (3,944 units), 1,000,000
//! dossiers of 2026, counted for a month, a quarter and the year on every core, then turned into
//! interchange counts.
//!
//! Run: `cargo bench -p chiso766-bench --bench count`

use std::hint::black_box;

use chiso766::calendar::Calendar;
use chiso766::count::{CountOptions, Counting};
use chiso766::examples::synthetic::nation;
use chiso766::record::{Dossier, DossierTable};
use chiso766::{Period, UnitTree};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn bench(c: &mut Criterion) {
    let nation = nation(34);
    let dossiers: Vec<Dossier> = nation.dossiers(1_000_000, 766).collect();
    let (Ok(tree), Ok(calendar)) = (
        UnitTree::new(nation.units.iter().map(|row| row.unit.clone())),
        Calendar::vietnam(),
    ) else {
        return;
    };
    let periods: Vec<Period> = ["2026-09", "2026-Q3", "2026"]
        .iter()
        .filter_map(|p| p.parse().ok())
        .collect();
    let Ok(counting) = Counting::new(
        tree,
        nation.procedures.clone(),
        calendar,
        periods,
        CountOptions::default(),
    ) else {
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
}

criterion_group!(benches, bench);
criterion_main!(benches);

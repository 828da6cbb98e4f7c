//! Batch grouping throughput on NHS England's sample episodes, repeated to a trust-sized file.
//! Target: ≥ 500,000 episodes per second on one core. Needs the bundle (`codegroup build-data`)
//! and `../shared/data/sources`.

use codegroup::grouping::batch::{self, Options};
use codegroup::{build, Dataset};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::path::Path;

fn episodes(c: &mut Criterion) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(repo.join("data/out/codegroup.bundle")).expect("run `codegroup build-data` first");
    let dataset = Dataset::from_bytes(&bytes).expect("bundle loads");
    let sources = repo.join("../shared/data/sources");
    let (reference, _) = build::hrg::read_reference(&sources, &repo.join("data")).expect("reference data");
    let sample = std::fs::read_to_string(sources.join("ansalls-hrg-grouper-analysis/APC_Sample_Test_Data_2024_25.csv")).expect("sample file");
    let (header, rows) = sample.split_once('\n').expect("a header");
    let rows = rows.trim_end();
    let copies = 130_000 / rows.lines().count() + 1;
    let mut input = String::from(header);
    input.push('\n');
    for _ in 0..copies {
        input.push_str(rows);
        input.push('\n');
    }
    let n = input.lines().count() as u64 - 1;

    let mut group = c.benchmark_group("group-batch");
    group.throughput(Throughput::Elements(n));
    group.sample_size(10);
    group.bench_function(format!("{n} episodes"), |b| {
        b.iter(|| batch::run(&reference, &dataset.classification, input.as_bytes(), std::io::sink(), Options::default()).expect("batch runs"))
    });
    group.finish();
}

criterion_group!(benches, episodes);
criterion_main!(benches);

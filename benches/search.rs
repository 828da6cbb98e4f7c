//! Search latency on the real bundle (`data/out/codegroup.bundle`; build it with
//! `cargo run --release -- build-data`). Prints the median and p99 per-query latency over a
//! mixed query set (codes, prefixes typed letter by letter, words, typos, synonyms), the
//! bundle load time, and the search section's share of the compressed bundle; then runs the
//! same work under criterion.

use std::time::{Duration, Instant};

use codegroup::bundle::Container;
use codegroup::search::{self, Query};
use codegroup::{Dataset, System};
use criterion::{black_box, criterion_group, Criterion};

const BUNDLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/out/codegroup.bundle");

fn bundle_bytes() -> Vec<u8> {
    std::fs::read(BUNDLE).unwrap_or_else(|e| panic!("{BUNDLE}: {e}; run `cargo run --release -- build-data` first"))
}

/// What a coder types, keystroke by keystroke where they type words.
fn mixed_queries() -> Vec<(String, Option<System>)> {
    let mut queries: Vec<(String, Option<System>)> = Vec::new();
    let codes = ["I21.4", "i214", "I21 .4", "G20X", "k40", "K40.1", "W371", "N18.4", "S72.0", "J18", "E11.9", "Z94.2"];
    queries.extend(codes.iter().map(|q| (q.to_string(), None)));
    let typed = [
        "appendicectomy",
        "pneumonia",
        "myocardial infarction",
        "total hip replacement",
        "fracture neck of femur",
        "cholecystectomy",
        "urinary tract infection",
        "chronic kidney disease stage 4",
    ];
    for word in typed {
        for end in (1..=word.len()).filter(|&e| word.is_char_boundary(e)) {
            queries.push((word[..end].to_string(), None));
        }
    }
    let words = ["heart failure", "haemorrhage subarachnoid", "hemorrhage subarachnoid", "type 2 diabetes", "inguinal hernia repair", "colonoscopy", "oesophagitis", "tumour of brain"];
    let typos = ["pnuemonia", "cholecystecomy", "diabetis", "hypertnsion", "apendicectomy", "osteoarthritus", "fractured nek of femur"];
    let synonyms = ["THR", "MI", "NSTEMI", "heart attack", "CKD stage 4", "#NOF", "lap chole", "COPD", "TURP", "c-section"];
    queries.extend(words.iter().chain(&typos).chain(&synonyms).map(|q| (q.to_string(), None)));
    queries.extend(["hip", "hernia", "cataract"].iter().map(|q| (q.to_string(), Some(System::Opcs4))));
    queries
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// Per-query latencies (each query timed alone, several rounds) and load times, printed once.
fn report() {
    let bytes = bundle_bytes();
    let mut loads: Vec<Duration> = (0..10)
        .map(|_| {
            let start = Instant::now();
            black_box(Dataset::from_bytes(&bytes).expect("bundle loads"));
            start.elapsed()
        })
        .collect();
    loads.sort();
    let data = Dataset::from_bytes(&bytes).expect("bundle loads");
    let container = Container::from_bytes(&bytes).expect("bundle loads");
    let section = container.section(search::SECTION).expect("bundle has a search index");
    let mut index_loads: Vec<Duration> = (0..10)
        .map(|_| {
            let start = Instant::now();
            black_box(search::Index::from_bytes(section).expect("search index loads"));
            start.elapsed()
        })
        .collect();
    index_loads.sort();

    let queries = mixed_queries();
    let mut per_query: Vec<Vec<Duration>> = vec![Vec::new(); queries.len()];
    for round in 0..21 {
        for ((text, system), times) in queries.iter().zip(&mut per_query) {
            let start = Instant::now();
            black_box(data.search.search(&data.classification, &Query { text, system: *system, limit: 20 }));
            if round > 0 {
                times.push(start.elapsed()); // round 0 warms caches and builds the typo automata
            }
        }
    }
    let mut samples: Vec<Duration> = per_query.iter().flatten().copied().collect();
    samples.sort();
    let mut slowest: Vec<(Duration, &str)> = per_query
        .iter_mut()
        .zip(&queries)
        .map(|(times, (text, _))| {
            times.sort();
            (percentile(times, 0.5), text.as_str())
        })
        .collect();
    slowest.sort();

    let mut without_search = container.clone();
    without_search.sections.remove(search::SECTION);
    let search_share = bytes.len() - without_search.to_bytes().len();

    println!("search latency over {} queries x 20 rounds: median {:?}, p99 {:?}, max {:?}", queries.len(), percentile(&samples, 0.5), percentile(&samples, 0.99), samples[samples.len() - 1]);
    println!("slowest queries (median): {:?}", slowest.iter().rev().take(8).collect::<Vec<_>>());
    println!("bundle load (Dataset::from_bytes, {} bytes): median {:?}, max {:?}", bytes.len(), percentile(&loads, 0.5), loads[loads.len() - 1]);
    println!("search index load (Index::from_bytes): median {:?}", percentile(&index_loads, 0.5));
    println!(
        "search section: {} bytes raw, {} bytes of the {}-byte compressed bundle",
        section.len(),
        search_share,
        bytes.len()
    );
}

fn bench(c: &mut Criterion) {
    let bytes = bundle_bytes();
    let data = Dataset::from_bytes(&bytes).expect("bundle loads");
    let queries = mixed_queries();
    c.bench_function("search: mixed query set (one pass)", |b| {
        b.iter(|| {
            for (text, system) in &queries {
                black_box(data.search.search(&data.classification, &Query { text, system: *system, limit: 20 }));
            }
        })
    });
    c.bench_function("bundle load", |b| b.iter(|| black_box(Dataset::from_bytes(&bytes).expect("bundle loads"))));
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(5));
    targets = bench
}

fn main() {
    report();
    benches();
    Criterion::default().configure_from_args().final_summary();
}

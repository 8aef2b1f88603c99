//! Criterion benches for the engine: `address::parse` per family, and the scanner on a
//! mixed corpus (prose with addresses and decoys), on prose alone, and on the decoy corpus,
//! with throughput in bytes. Run: `cargo bench --bench engine`.
use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use sightline::address;
use sightline::scan::{self, Scanner};

const FAMILIES: &[(&str, &str)] = &[
    ("btc-p2pkh", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"),
    ("btc-p2sh", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"),
    ("btc-bech32", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"),
    ("btc-taproot", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"),
    ("evm-eip55", "0x098B716B8Aaf21512996dC57EB0615e2383E2f96"),
    ("evm-lower", "0xd882cfc20f52f2599d84b8e8d58c7fb62cfe344b"),
    ("cashaddr", "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a"),
    ("litecoin", "LaizKtS5DUhPuP1nTQcc83MS7HwK6vk85z"),
    ("tron", "TA3rH2A7iHnm6pKH8gr9cK1EZnShnmZdFg"),
    ("xrp", "rnXyVQzgxZe7TR1EPzTkGj2jxH4LMJYh66"),
    ("monero", "44dZUJ7w1T3fKAvFW8XyXUVoAGSbFvXef2wcbnsjNKGWYorpLJBjth5VKSFhLGkpYKJb2J341tdZHBnbpv72WL7e8zuxfR2"),
    ("solana", "42RLPACwZPx3vYYmxSueqsogfynBDqXK298EDsNoyoHi"),
    ("bnb", "bnb136ns6lfw4zs5hg4n85vdthaad7hq5m4gtkgf23"),
    ("invalid-b58", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb"),
];

const WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "in",
    "is",
    "you",
    "that",
    "it",
    "he",
    "was",
    "for",
    "on",
    "are",
    "as",
    "with",
    "his",
    "they",
    "at",
    "be",
    "this",
    "have",
    "from",
    "or",
    "one",
    "had",
    "by",
    "word",
    "but",
    "not",
    "what",
    "all",
    "were",
    "we",
    "when",
    "your",
    "can",
    "said",
    "there",
    "transaction",
    "wallet",
    "address",
    "sent",
    "received",
    "block",
    "confirmed",
    "fee",
    "network",
    "exchange",
    "balance",
    "token",
    "contract",
    "2024",
    "12:30",
    "USD",
    "0.05",
];

/// Deterministic mixed corpus: prose, one address about every 1.5 KB, decoys as often.
fn corpus(bytes: usize) -> String {
    let decoys = [
        "0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060",
        "c1bd4b6b8d1f7c5c0e5f1c5e3a6ea3e6a4e7b8e7f7e2d0c3e4f5a6b7c8d9e0f1",
        "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG",
        "3f1e2d4c-5b6a-4789-8abc-def012345678",
        "5d41402abc4b2a76b9719d911017c592e4f5a6b7",
        "U29tZSBiYXNlNjQgYmxvYiB0aGF0IGlzIG5vdCBhbiBhZGRyZXNzIGF0IGFsbA==",
    ];
    let mut s = String::with_capacity(bytes + 256);
    let mut x: u64 = 0x9e3779b97f4a7c15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    while s.len() < bytes {
        let r = next();
        match r % 200 {
            0..=1 => s.push_str(FAMILIES[(r >> 8) as usize % (FAMILIES.len() - 1)].1),
            2..=3 => s.push_str(decoys[(r >> 8) as usize % decoys.len()]),
            _ => s.push_str(WORDS[(r >> 8) as usize % WORDS.len()]),
        }
        s.push(if r % 13 == 0 { '\n' } else { ' ' });
    }
    s
}

fn prose(bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 32);
    let mut i = 0usize;
    while s.len() < bytes {
        s.push_str(WORDS[(i * 7 + i / 3) % WORDS.len()]);
        s.push(' ');
        i += 1;
    }
    s
}

fn decoy_corpus() -> Vec<u8> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/decoys");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    files.sort();
    files
        .iter()
        .flat_map(|p| std::fs::read(p).unwrap_or_default())
        .collect()
}

fn bench_parse(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse");
    for (name, a) in FAMILIES {
        g.bench_with_input(BenchmarkId::from_parameter(name), a, |b, a| {
            b.iter(|| address::parse(black_box(a)))
        });
    }
    g.finish();
}

fn bench_scan(c: &mut Criterion) {
    let mut g = c.benchmark_group("scan");
    let mixed = corpus(1 << 20);
    let plain = prose(1 << 20);
    let decoys = decoy_corpus();
    for (name, text) in [
        ("mixed-1MiB", mixed.as_bytes()),
        ("prose-1MiB", plain.as_bytes()),
        ("decoys", &decoys[..]),
    ] {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("scan", name), text, |b, t| {
            b.iter(|| scan::scan_bytes(black_box(t)).len())
        });
    }
    g.throughput(Throughput::Bytes(mixed.len() as u64));
    g.bench_function("stream-64KiB-chunks/mixed-1MiB", |b| {
        b.iter(|| {
            let mut s = Scanner::new();
            let mut n = 0usize;
            for c in mixed.as_bytes().chunks(64 << 10) {
                s.feed(c, |_| n += 1);
            }
            s.finish(|_| n += 1);
            n
        })
    });
    g.finish();
}

criterion_group!(benches, bench_parse, bench_scan);
criterion_main!(benches);

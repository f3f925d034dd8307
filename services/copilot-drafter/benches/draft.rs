//! Latency of the default drafter over a generated knowledge base of 1,000 articles
//! (about 1,700 passages: a third of them are long enough to be split by section): criterion's statistics for one draft, then a
//! percentile report from 1,000 timed drafts, since criterion reports means, not tails.
//!
//! `cargo bench -p baton-copilot-drafter`

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use baton_copilot_drafter::draft::{Drafter, Question};
use baton_copilot_drafter::index::KnowledgeIndex;
use baton_copilot_drafter::knowledge::{Article, parse_article};
use criterion::Criterion;

const ARTICLES: usize = 1_000;
const DRAFTS: usize = 1_000;

/// A deterministic pseudo-random sequence (xorshift), so every run benchmarks the same base.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as usize
    }

    fn pick<'a>(&mut self, words: &'a [String]) -> &'a str {
        &words[self.next() % words.len()]
    }
}

/// A vocabulary of made-up but pronounceable words: topic words are rarer than common ones,
/// as in a real base.
fn vocabulary(rng: &mut Rng, size: usize) -> Vec<String> {
    const SYLLABLES: &[&str] = &[
        "ka", "lo", "mi", "ren", "sto", "va", "qui", "bel", "dor", "fen", "gra", "hul", "jin",
        "mor", "nel", "pra", "sul", "tev", "wix", "zan",
    ];
    (0..size)
        .map(|_| {
            let parts = 2 + rng.next() % 2;
            (0..parts)
                .map(|_| SYLLABLES[rng.next() % SYLLABLES.len()])
                .collect()
        })
        .collect()
}

fn sentence(rng: &mut Rng, topic: &[String], common: &[String]) -> String {
    let length = 8 + rng.next() % 10;
    let mut words: Vec<&str> = (0..length)
        .map(|_| {
            if rng.next().is_multiple_of(3) {
                rng.pick(topic)
            } else {
                rng.pick(common)
            }
        })
        .collect();
    words.insert(0, "The");
    format!("{}.", words.join(" "))
}

fn knowledge_base() -> (Vec<Article>, Vec<String>) {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let common = vocabulary(&mut rng, 800);
    let rare = vocabulary(&mut rng, 6_000);
    let mut articles = Vec::with_capacity(ARTICLES);
    let mut questions = Vec::with_capacity(DRAFTS);
    for n in 0..ARTICLES {
        let topic: Vec<String> = (0..12).map(|_| rng.pick(&rare).to_owned()).collect();
        let mut markdown = format!("# {} {} {}\n\n", topic[0], topic[1], topic[2]);
        // Every article has three sections; about a third are long enough to be split.
        let per_section = if n.is_multiple_of(3) { 6 } else { 2 };
        for section in 0..3 {
            markdown.push_str(&format!(
                "## {} {}\n\n",
                topic[3 + section],
                rng.pick(&common)
            ));
            for _ in 0..per_section {
                markdown.push_str(&sentence(&mut rng, &topic, &common));
                markdown.push(' ');
            }
            markdown.push_str("\n\n- ");
            markdown.push_str(&sentence(&mut rng, &topic, &common));
            markdown.push_str("\n\n");
        }
        articles.push(
            parse_article(format!("kb/{n:04}.md"), &n.to_string(), &markdown).expect("article"),
        );
    }
    // Questions: title words of a random article among filler and a common word; one in five
    // matches nothing well (words outside the base).
    let outside = vocabulary(&mut rng, 200);
    for n in 0..DRAFTS {
        let article = &articles[rng.next() % articles.len()];
        let title: Vec<&str> = article.title.split(' ').collect();
        let question = if n.is_multiple_of(5) {
            format!(
                "hi, how do I {} the {} {}?",
                rng.pick(&common),
                rng.pick(&outside),
                rng.pick(&outside)
            )
        } else {
            format!(
                "Hello, my {} {} is not {} since the {}, can you help?",
                title[rng.next() % title.len()],
                title[rng.next() % title.len()],
                rng.pick(&common),
                title[rng.next() % title.len()],
            )
        };
        questions.push(question);
    }
    (articles, questions)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn main() {
    let (articles, questions) = knowledge_base();
    let started = Instant::now();
    let index = KnowledgeIndex::build(articles);
    let build = started.elapsed();
    let drafter = Drafter::default();
    let earlier = ["I have a problem with my account since yesterday"];

    // Warm up (stemmer caches, allocator), then time each draft.
    for question in questions.iter().take(100) {
        black_box(drafter.draft(
            &index,
            &Question {
                latest: question,
                ..Question::default()
            },
        ));
    }
    let mut times = Vec::with_capacity(questions.len());
    let mut drafted = Vec::new();
    for question in &questions {
        let question = Question {
            latest: question,
            earlier: earlier.to_vec(),
            reason: Some("The customer asked to speak with a person"),
            customer_name: Some("Ana"),
        };
        let started = Instant::now();
        let draft = black_box(drafter.draft(&index, &question));
        let took = started.elapsed();
        times.push(took);
        if draft.is_some() {
            drafted.push(took);
        }
    }
    times.sort_unstable();
    drafted.sort_unstable();
    let mean = times.iter().sum::<Duration>() / times.len() as u32;
    println!(
        "knowledge base: {ARTICLES} articles, {} passages, indexed in {build:.2?}",
        index.passages()
    );
    println!(
        "{} drafts: mean {mean:.2?}, p50 {:.2?}, p90 {:.2?}, p99 {:.2?}, max {:.2?}",
        times.len(),
        percentile(&times, 50.0),
        percentile(&times, 90.0),
        percentile(&times, 99.0),
        times[times.len() - 1],
    );
    if !drafted.is_empty() {
        println!(
            "  of which {} with a suggestion: p50 {:.2?}, p99 {:.2?}",
            drafted.len(),
            percentile(&drafted, 50.0),
            percentile(&drafted, 99.0),
        );
    }

    let mut criterion = Criterion::default().configure_from_args();
    let mut next = 0;
    criterion.bench_function("draft (1,000 articles)", |b| {
        b.iter(|| {
            next = (next + 1) % questions.len();
            let question = Question {
                latest: &questions[next],
                ..Question::default()
            };
            black_box(drafter.draft(&index, &question))
        })
    });
    criterion.final_summary();
}

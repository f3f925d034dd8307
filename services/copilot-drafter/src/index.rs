//! Retrieval over one agent's knowledge base: BM25 (the `bm25` crate: English stop words and
//! stemming) ranks passages, and an idf-weighted coverage turns the best match into a 0..1
//! confidence.
//!
//! BM25 scores are good for ordering but have no fixed scale (they grow with the query's
//! length and the corpus), so they cannot be compared with a threshold. Coverage can: it is
//! the share of the question's information (each distinct term weighted by its idf) that the
//! passage contains. A term the knowledge base has never seen gets the highest idf, so "can I
//! pay in bitcoin?" against a base that never mentions bitcoin scores low even though
//! "pay" matches a billing article — which is exactly when the drafter should stay silent.

use std::collections::{HashMap, HashSet};

use bm25::{Embedder, EmbedderBuilder, Embedding, Language, Scorer};

use crate::knowledge::{Article, Passage};

/// Words customers use to be polite or to frame a question, that say nothing about what
/// they ask. They are dropped from queries (not from articles): left in, "hi" and "thanks"
/// would count as unmatched information and lower the confidence of a perfect match.
const FILLER: &[&str] = &[
    "hi",
    "hello",
    "hey",
    "hiya",
    "thanks",
    "thank",
    "thx",
    "please",
    "pls",
    "help",
    "question",
    "quick",
    "wondering",
    "wonder",
    "know",
    "need",
    "want",
    "wanted",
    "would",
    "could",
    "like",
    "get",
    "got",
    "able",
    "trying",
    "try",
    "tried",
    "anyone",
    "someone",
    "hope",
    "hoping",
    "ok",
    "okay",
    "sure",
    "guys",
    "team",
    "tell",
    "let",
    "possible",
    "way",
    "good",
    "morning",
    "afternoon",
    "evening",
    "cheers",
    "regards",
    "also",
    "still",
    "yes",
    "no",
    "really",
    "just",
    "actually",
    "me",
    "something",
    "anything",
    "thing",
    "things",
    "do",
    "does",
    "did",
];

/// Credit for a question term found in the article but outside the matching passage: a
/// section of a long article is read in the context of the rest ("delivery to Germany"
/// matches the delivery-times section, and Germany is named in the costs section).
const ELSEWHERE_IN_ARTICLE: f32 = 0.5;

/// One part of a question with its weight: the latest customer message weighs most.
#[derive(Debug, Clone, Copy)]
pub struct QueryPart<'a> {
    /// The text.
    pub text: &'a str,
    /// Its weight in ranking and coverage.
    pub weight: f32,
    /// Whether it counts towards the confidence (context such as the handoff reason helps
    /// ranking but should not make a draft look less or more certain).
    pub counts_for_confidence: bool,
}

/// A passage that matches a question.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// The article (index into [`KnowledgeIndex::articles`]).
    pub article: usize,
    /// The passage within the article.
    pub passage: usize,
    /// Weighted BM25 score: orders hits.
    pub score: f32,
    /// Share of the question's idf-weighted terms found in the passage, 0..1.
    pub confidence: f32,
}

/// An agent's knowledge base, indexed in memory.
pub struct KnowledgeIndex {
    articles: Vec<Article>,
    /// (article, passage) of each indexed document; the document id is the position here.
    documents: Vec<(usize, usize)>,
    /// The distinct terms of each document, for coverage.
    terms: Vec<HashSet<u32>>,
    /// The distinct terms of each article (all its passages), for coverage.
    article_terms: Vec<HashSet<u32>>,
    /// In how many documents each term occurs.
    frequency: HashMap<u32, u32>,
    embedder: Embedder,
    scorer: Scorer<usize>,
}

impl std::fmt::Debug for KnowledgeIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KnowledgeIndex")
            .field("articles", &self.articles.len())
            .field("passages", &self.documents.len())
            .finish()
    }
}

impl KnowledgeIndex {
    /// Indexes `articles`.
    pub fn build(articles: Vec<Article>) -> Self {
        let mut documents = Vec::new();
        let mut texts = Vec::new();
        for (a, article) in articles.iter().enumerate() {
            for (p, passage) in article.passages.iter().enumerate() {
                documents.push((a, p));
                texts.push(document_text(article, passage));
            }
        }
        let corpus: Vec<&str> = texts.iter().map(String::as_str).collect();
        let embedder: Embedder =
            EmbedderBuilder::with_fit_to_corpus(Language::English, &corpus).build();
        let mut scorer = Scorer::new();
        let mut terms = Vec::with_capacity(texts.len());
        let mut article_terms: Vec<HashSet<u32>> = Vec::with_capacity(articles.len());
        let mut frequency: HashMap<u32, u32> = HashMap::new();
        for (id, text) in texts.iter().enumerate() {
            let embedding = embedder.embed(text);
            let distinct: HashSet<u32> = embedding.indices().copied().collect();
            for term in &distinct {
                *frequency.entry(*term).or_default() += 1;
            }
            if let Some((article, _)) = documents.get(id) {
                if article_terms.len() <= *article {
                    article_terms.resize_with(article + 1, HashSet::new);
                }
                article_terms[*article].extend(distinct.iter().copied());
            }
            terms.push(distinct);
            scorer.upsert(&id, embedding);
        }
        Self {
            articles,
            documents,
            terms,
            article_terms,
            frequency,
            embedder,
            scorer,
        }
    }

    /// An index of nothing (no knowledge configured).
    pub fn empty() -> Self {
        Self::build(Vec::new())
    }

    /// The articles.
    pub fn articles(&self) -> &[Article] {
        &self.articles
    }

    /// Number of indexed passages.
    pub fn passages(&self) -> usize {
        self.documents.len()
    }

    /// The passage of `hit`.
    pub fn passage(&self, hit: &Hit) -> Option<(&Article, &Passage)> {
        let article = self.articles.get(hit.article)?;
        Some((article, article.passages.get(hit.passage)?))
    }

    /// The distinct terms of `text` (stemmed, stop words and filler removed) in the index's
    /// term space.
    pub fn terms(&self, text: &str) -> HashSet<u32> {
        self.embedder
            .embed(&without_filler(text))
            .indices()
            .copied()
            .collect()
    }

    /// How informative `term` is: BM25's idf; highest for terms no passage contains.
    pub fn idf(&self, term: u32) -> f32 {
        let n = self.documents.len() as f32;
        let df = self.frequency.get(&term).copied().unwrap_or(0) as f32;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    /// The best `limit` passages for the question made of `parts`, best first.
    pub fn search(&self, parts: &[QueryPart<'_>], limit: usize) -> Vec<Hit> {
        let queries: Vec<(Embedding, HashSet<u32>, QueryPart<'_>)> = parts
            .iter()
            .filter(|part| part.weight > 0.0)
            .map(|part| {
                let embedding = self.embedder.embed(&without_filler(part.text));
                let distinct = embedding.indices().copied().collect();
                (embedding, distinct, *part)
            })
            .collect();
        let mut scores: HashMap<usize, f32> = HashMap::new();
        for (embedding, _, part) in &queries {
            for matched in self.scorer.matches(embedding) {
                *scores.entry(matched.id).or_default() += part.weight * matched.score;
            }
        }
        let mut ranked: Vec<(usize, f32)> = scores.into_iter().collect();
        // Ties go to the earlier passage, so results do not depend on hash order.
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(limit);

        // The question's information: per part, the idf of each distinct term. Parts are
        // normalised to their own information, so a long earlier message cannot outweigh
        // the latest one; parts with no information (all filler) do not count.
        let informative: Vec<Information> = queries
            .iter()
            .filter(|(_, _, part)| part.counts_for_confidence)
            .filter_map(|(_, distinct, part)| {
                let terms: Vec<(u32, f32)> = distinct
                    .iter()
                    .map(|term| (*term, self.idf(*term)))
                    .collect();
                let total: f32 = terms.iter().map(|(_, idf)| idf).sum();
                (total > 0.0).then_some(Information {
                    weight: part.weight,
                    total,
                    terms,
                })
            })
            .collect();
        let weights: f32 = informative.iter().map(|part| part.weight).sum();

        ranked
            .into_iter()
            .filter_map(|(id, score)| {
                let (article, passage) = *self.documents.get(id)?;
                let has = self.terms.get(id)?;
                let around = self.article_terms.get(article)?;
                let covered: f32 = informative
                    .iter()
                    .map(|part| {
                        let found: f32 = part
                            .terms
                            .iter()
                            .map(|(term, idf)| {
                                if has.contains(term) {
                                    *idf
                                } else if around.contains(term) {
                                    idf * ELSEWHERE_IN_ARTICLE
                                } else {
                                    0.0
                                }
                            })
                            .sum();
                        part.weight * found / part.total
                    })
                    .sum();
                let confidence = if weights > 0.0 {
                    (covered / weights).clamp(0.0, 1.0)
                } else {
                    0.0
                };
                Some(Hit {
                    article,
                    passage,
                    score,
                    confidence,
                })
            })
            .collect()
    }
}

/// The information in one part of a question.
struct Information {
    /// The part's weight.
    weight: f32,
    /// The sum of its terms' idf.
    total: f32,
    /// Its distinct terms with their idf.
    terms: Vec<(u32, f32)>,
}

/// What is indexed for a passage: the article's title and the section heading count as
/// text, so "refund policy" finds the article titled "Refunds" even when its body says
/// "money back".
fn document_text(article: &Article, passage: &Passage) -> String {
    let mut text = article.title.clone();
    text.push('\n');
    if let Some(heading) = &passage.heading {
        text.push_str(heading);
        text.push('\n');
    }
    text.push_str(&passage.text());
    text
}

fn without_filler(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|word| !word.is_empty())
        .filter(|word| {
            let lower = word.to_lowercase();
            !FILLER.contains(&lower.as_str())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::parse_article;

    fn index() -> KnowledgeIndex {
        let articles = [
            (
                "kb/refunds.md",
                "# Refunds\n\nWe refund annual plans within 30 days of payment. Monthly plans are not refunded.",
            ),
            (
                "kb/password.md",
                "# Resetting your password\n\nClick Forgot password on the sign-in page and follow the emailed link.",
            ),
            (
                "kb/export.md",
                "# Exporting data\n\nGo to Settings, then Export, and choose CSV or JSON.",
            ),
        ];
        KnowledgeIndex::build(
            articles
                .iter()
                .filter_map(|(path, md)| parse_article((*path).into(), "x", md))
                .collect(),
        )
    }

    fn ask(index: &KnowledgeIndex, text: &str) -> Vec<Hit> {
        index.search(
            &[QueryPart {
                text,
                weight: 1.0,
                counts_for_confidence: true,
            }],
            3,
        )
    }

    #[test]
    fn the_matching_article_ranks_first_with_high_confidence() {
        let index = index();
        let hits = ask(&index, "Hi! How do I reset my password please?");
        assert_eq!(index.articles()[hits[0].article].path, "kb/password.md");
        assert!(hits[0].confidence > 0.9, "{hits:?}");
    }

    #[test]
    fn unknown_terms_lower_the_confidence() {
        let index = index();
        let hits = ask(&index, "Can I get a refund in bitcoin for my hoverboard?");
        assert_eq!(index.articles()[hits[0].article].path, "kb/refunds.md");
        assert!(hits[0].confidence < 0.5, "{hits:?}");
    }

    #[test]
    fn nothing_matches_nothing() {
        let index = index();
        assert!(ask(&index, "hello thanks").is_empty());
        assert!(KnowledgeIndex::empty().search(&[], 3).is_empty());
    }
}

//! An agent's knowledge base as operators write it: Markdown files, or folders of them,
//! named by the agent configuration's `knowledge` paths.
//!
//! Paths are relative to the knowledge directory (`BATON_KNOWLEDGE_DIR`) and, with every
//! link resolved, must stay under it; only regular Markdown files are read, at most
//! [`MAX_FILE_BYTES`] of each. Drafts quote these files into helpdesk notes: anything else
//! the pod can read (its environment under `/proc`, mounted secrets) must never be quoted.
//!
//! One file is one article. Its title is its first `# ` heading (else the file name); a long
//! article is split into passages at its `## ` sections, so retrieval can point at the part
//! that answers and a long article does not win on length alone. Markdown syntax is reduced
//! to plain text here, once, so the drafter only ever quotes clean sentences.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use baton_config::knowledge::{check_path, is_markdown};

/// Articles longer than this (in words) are split into one passage per `## ` section.
pub const SPLIT_ABOVE_WORDS: usize = 200;

/// Files larger than this are skipped: a knowledge article is not a megabyte of text, and
/// one stray export must not stall every draft of the agent.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;
/// Folder depth walked below a configured folder (guards against symlink loops).
const MAX_DEPTH: usize = 16;
/// Files read per agent at most.
const MAX_FILES: usize = 20_000;

/// One knowledge article.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// Its title: the first `# ` heading, else the file stem.
    pub title: String,
    /// Where it is, as the operator names it: the configured path, joined with the file's
    /// path below it for folders (e.g. `kb/billing/refunds.md`).
    pub path: String,
    /// Its passages, in order; at least one.
    pub passages: Vec<Passage>,
}

/// A retrievable part of an article: the whole article, or one `## ` section of a long one.
#[derive(Debug, Clone, PartialEq)]
pub struct Passage {
    /// The section heading, when the article was split.
    pub heading: Option<String>,
    /// The passage's content in reading order.
    pub blocks: Vec<Block>,
}

/// A unit of plain text within a passage.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph: one or more sentences.
    Paragraph(String),
    /// One list item (bullet or numbered step): quoted as one sentence.
    Item(String),
    /// A sub-heading (`###` and deeper): indexed, never quoted.
    Heading(String),
}

impl Passage {
    /// The sentences that may be quoted in a draft, in order.
    pub fn sentences(&self) -> Vec<&str> {
        let mut sentences = Vec::new();
        for block in &self.blocks {
            match block {
                Block::Paragraph(text) => sentences.extend(split_sentences(text)),
                Block::Item(text) => sentences.push(text.as_str()),
                Block::Heading(_) => {}
            }
        }
        sentences
    }

    /// Everything in the passage as one text, for indexing.
    pub fn text(&self) -> String {
        let mut text = String::new();
        for block in &self.blocks {
            let (Block::Paragraph(part) | Block::Item(part) | Block::Heading(part)) = block;
            text.push_str(part);
            text.push('\n');
        }
        text
    }
}

/// A file of the knowledge base and its modification time, to notice edits.
pub type Fingerprint = Vec<(PathBuf, Option<SystemTime>, u64)>;

/// A loaded knowledge base.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The articles, in path order.
    pub articles: Vec<Article>,
    /// The files they came from, with their modification times.
    pub fingerprint: Fingerprint,
    /// What could not be read, for the logs.
    pub problems: Vec<String>,
}

/// The Markdown files named by `entries` (files or folders, relative to `root`), in a
/// stable order, with the path each is cited by. Entries breaking the rule of knowledge
/// paths, and files or links leading outside `root`, are reported and skipped.
pub fn files(root: &Path, entries: &[String]) -> (Vec<(PathBuf, String)>, Vec<String>) {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    let root = match root.canonicalize() {
        Ok(root) => root,
        Err(err) => {
            problems.push(format!("knowledge directory {}: {err}", root.display()));
            return (found, problems);
        }
    };
    for entry in entries {
        if let Err(refused) = check_path(entry) {
            problems.push(format!("{refused}; skipped"));
            continue;
        }
        let path = match inside(&root, &root.join(entry)) {
            Ok(path) => path,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        if path.is_dir() {
            let label = entry.trim_end_matches('/');
            walk(&root, &path, label, 0, &mut found, &mut problems);
        } else if is_article(&path) {
            found.push((path, entry.clone()));
        } else {
            problems.push(format!(
                "{}: not a Markdown file or a folder; skipped",
                path.display()
            ));
        }
        if found.len() > MAX_FILES {
            problems.push(format!("more than {MAX_FILES} files; the rest are ignored"));
            found.truncate(MAX_FILES);
            break;
        }
    }
    (found, problems)
}

/// `path` with every link resolved, when that is under `root` (itself resolved).
fn inside(root: &Path, path: &Path) -> Result<PathBuf, String> {
    let resolved = path
        .canonicalize()
        .map_err(|err| format!("{}: {err}", path.display()))?;
    if resolved.starts_with(root) {
        Ok(resolved)
    } else {
        Err(format!(
            "{}: leads outside the knowledge directory {}; skipped",
            path.display(),
            root.display()
        ))
    }
}

/// A regular Markdown file: not a device, a pipe or a socket, which have no end or no size.
fn is_article(path: &Path) -> bool {
    path.is_file() && is_markdown(path)
}

fn walk(
    root: &Path,
    dir: &Path,
    label: &str,
    depth: usize,
    found: &mut Vec<(PathBuf, String)>,
    problems: &mut Vec<String>,
) {
    if depth > MAX_DEPTH || found.len() > MAX_FILES {
        return;
    }
    let mut children: Vec<_> = match std::fs::read_dir(dir) {
        Ok(children) => children.filter_map(Result::ok).collect(),
        Err(err) => {
            problems.push(format!("{}: {err}", dir.display()));
            return;
        }
    };
    // Sorted, so citations and tie-breaks do not depend on the file system's order.
    children.sort_by_key(std::fs::DirEntry::file_name);
    for child in children {
        let name = child.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        // A link inside the folder may point anywhere.
        let path = match inside(root, &child.path()) {
            Ok(path) => path,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        let child_label = format!("{label}/{name}");
        if path.is_dir() {
            walk(root, &path, &child_label, depth + 1, found, problems);
        } else if is_article(&path) {
            found.push((path, child_label));
        }
    }
}

/// The file's text, read no further than [`MAX_FILE_BYTES`] whatever its size claims (it
/// may grow while read); `None` when it is longer.
fn read_capped(path: &Path) -> std::io::Result<Option<String>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Ok(None);
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|err| std::io::Error::new(std::io::ErrorKind::InvalidData, err))
}

/// The modification times of the knowledge base's files: a different fingerprint means an
/// article was added, removed or edited.
pub fn fingerprint(root: &Path, entries: &[String]) -> Fingerprint {
    let (files, _) = files(root, entries);
    files
        .into_iter()
        .map(|(path, _)| {
            let meta = std::fs::metadata(&path).ok();
            let modified = meta.as_ref().and_then(|meta| meta.modified().ok());
            let len = meta.map_or(0, |meta| meta.len());
            (path, modified, len)
        })
        .collect()
}

/// Reads every article named by `entries`. Unreadable files are reported, not fatal: one
/// broken file should not take the whole knowledge base down.
pub fn load(root: &Path, entries: &[String]) -> Loaded {
    let (files, mut problems) = files(root, entries);
    let mut loaded = Loaded::default();
    for (path, label) in files {
        let meta = match std::fs::metadata(&path) {
            Ok(meta) => meta,
            Err(err) => {
                problems.push(format!("{}: {err}", path.display()));
                continue;
            }
        };
        match read_capped(&path) {
            Ok(None) => problems.push(format!(
                "{}: larger than {MAX_FILE_BYTES} bytes; skipped",
                path.display()
            )),
            Ok(Some(markdown)) => {
                let stem = path
                    .file_stem()
                    .map(|stem| stem.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if let Some(article) = parse_article(label, &stem, &markdown) {
                    loaded.articles.push(article);
                }
            }
            Err(err) => problems.push(format!("{}: {err}", path.display())),
        }
        loaded
            .fingerprint
            .push((path, meta.modified().ok(), meta.len()));
    }
    loaded.problems = problems;
    loaded
}

/// Parses one Markdown article; `None` when it has no text at all.
pub fn parse_article(path: String, stem: &str, markdown: &str) -> Option<Article> {
    let mut title = None;
    // Sections: the text before the first `## ` (no heading), then one per `## `.
    let mut sections: Vec<(Option<String>, Vec<Block>)> = vec![(None, Vec::new())];
    let mut paragraph = String::new();
    let mut in_fence = false;
    let mut lines = markdown.lines().peekable();

    // YAML front matter carries metadata, not prose.
    if lines.peek().is_some_and(|line| line.trim() == "---") {
        lines.next();
        for line in lines.by_ref() {
            if line.trim() == "---" {
                break;
            }
        }
    }

    let flush = |paragraph: &mut String, blocks: &mut Vec<Block>| {
        let text = clean_inline(paragraph.trim());
        if !text.is_empty() {
            blocks.push(Block::Paragraph(text));
        }
        paragraph.clear();
    };

    for line in lines {
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        // Code is not something to paste into a reply to a customer.
        if in_fence {
            continue;
        }
        let Some((_, blocks)) = sections.last_mut() else {
            continue;
        };
        if trimmed.is_empty() {
            flush(&mut paragraph, blocks);
        } else if let Some(text) = trimmed.strip_prefix("# ") {
            flush(&mut paragraph, blocks);
            if title.is_none() {
                title = Some(clean_inline(text));
            } else {
                blocks.push(Block::Heading(clean_inline(text)));
            }
        } else if let Some(text) = trimmed.strip_prefix("## ") {
            flush(&mut paragraph, blocks);
            sections.push((Some(clean_inline(text)), Vec::new()));
        } else if trimmed.starts_with('#') {
            flush(&mut paragraph, blocks);
            let text = clean_inline(trimmed.trim_start_matches('#'));
            if !text.is_empty() {
                blocks.push(Block::Heading(text));
            }
        } else if let Some(item) = list_item(trimmed) {
            flush(&mut paragraph, blocks);
            let text = clean_inline(item);
            if !text.is_empty() {
                blocks.push(Block::Item(text));
            }
        } else {
            let text = trimmed.trim_start_matches('>').trim();
            // Tables read as a sentence per row.
            let text = text.trim_matches('|').replace('|', ",");
            if text.chars().all(|c| matches!(c, '-' | ',' | ':' | ' ')) {
                continue;
            }
            if !paragraph.is_empty() {
                paragraph.push(' ');
            }
            paragraph.push_str(&text);
        }
    }
    if let Some((_, blocks)) = sections.last_mut() {
        flush(&mut paragraph, blocks);
    }

    let title = title
        .filter(|title| !title.is_empty())
        .unwrap_or_else(|| stem.replace(['-', '_'], " "));
    let words: usize = sections
        .iter()
        .flat_map(|(_, blocks)| blocks)
        .map(|block| {
            let (Block::Paragraph(text) | Block::Item(text) | Block::Heading(text)) = block;
            text.split_whitespace().count()
        })
        .sum();
    let sections: Vec<_> = sections
        .into_iter()
        .filter(|(heading, blocks)| heading.is_some() || !blocks.is_empty())
        .collect();
    if words == 0 {
        return None;
    }
    let passages = if words > SPLIT_ABOVE_WORDS && sections.len() > 1 {
        sections
            .into_iter()
            .filter(|(_, blocks)| !blocks.is_empty())
            .map(|(heading, blocks)| Passage { heading, blocks })
            .collect()
    } else {
        // A short article is one passage; its section headings stay as indexed text.
        let mut blocks = Vec::new();
        for (heading, section) in sections {
            blocks.extend(heading.map(Block::Heading));
            blocks.extend(section);
        }
        vec![Passage {
            heading: None,
            blocks,
        }]
    };
    Some(Article {
        title,
        path,
        passages,
    })
}

/// The text of a bullet (`-`, `*`, `+`) or numbered (`1.`, `2)`) list item.
fn list_item(line: &str) -> Option<&str> {
    for bullet in ["- ", "* ", "+ "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return Some(rest.trim_start_matches("[ ] ").trim_start_matches("[x] "));
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits < 4 {
        let rest = &line[digits..];
        if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some(rest);
        }
    }
    None
}

/// Markdown inline syntax reduced to plain text: links and images to their text, emphasis
/// and code marks dropped, HTML tags removed.
fn clean_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '!' if text[at + 1..].starts_with('[') => {}
            '[' => {
                // `[text](url)` → `text`; a lone bracket stays.
                if let Some(close) = text[at..].find("](")
                    && let Some(end) = text[at + close..].find(')')
                {
                    out.push_str(&text[at + 1..at + close]);
                    let resume = at + close + end + 1;
                    while chars.peek().is_some_and(|(next, _)| *next < resume) {
                        chars.next();
                    }
                } else {
                    out.push(c);
                }
            }
            '<' => {
                if let Some(end) = text[at..].find('>') {
                    let resume = at + end + 1;
                    while chars.peek().is_some_and(|(next, _)| *next < resume) {
                        chars.next();
                    }
                } else {
                    out.push(c);
                }
            }
            '*' | '`' => {}
            '_' if text[at..].starts_with("__") => {
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Splits a paragraph after `.`, `!` or `?` followed by a space and a capital letter or a
/// digit, so abbreviations like "e.g. an invoice" stay whole.
pub fn split_sentences(text: &str) -> Vec<&str> {
    let mut sentences = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (at, c) in text.char_indices() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let after = at + 1;
        if bytes.get(after) != Some(&b' ') {
            continue;
        }
        let next = text[after..].trim_start().chars().next();
        if next.is_some_and(|next| next.is_uppercase() || next.is_ascii_digit()) {
            let sentence = text[start..after].trim();
            if !sentence.is_empty() {
                sentences.push(sentence);
            }
            start = after;
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        sentences.push(rest);
    }
    sentences
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_sections_and_markdown_are_read() {
        let markdown = "---\nid: 7\n---\n# Resetting your password\n\nUse the **Forgot password** link on the [sign-in page](https://x.test/login). \
                        We email you a link. It expires after 1 hour.\n\n## If no email arrives\n\n- Check your spam folder.\n- Ask your admin, e.g. to resend it.\n\n```\ncurl x\n```\n";
        let article =
            parse_article("kb/password.md".into(), "password", markdown).expect("article");
        assert_eq!(article.title, "Resetting your password");
        assert_eq!(article.passages.len(), 1, "short articles stay whole");
        let sentences = article.passages[0].sentences();
        assert_eq!(
            sentences,
            vec![
                "Use the Forgot password link on the sign-in page.",
                "We email you a link.",
                "It expires after 1 hour.",
                "Check your spam folder.",
                "Ask your admin, e.g. to resend it.",
            ]
        );
        assert!(article.passages[0].text().contains("If no email arrives"));
        assert!(!article.passages[0].text().contains("curl"));
    }

    #[test]
    fn long_articles_are_split_by_section_and_untitled_ones_use_the_stem() {
        let filler = "Words that make this section long enough to split. ".repeat(25);
        let markdown = format!("Intro.\n\n## First\n\n{filler}\n\n## Second\n\n{filler}\n");
        let article =
            parse_article("kb/long-read.md".into(), "long-read", &markdown).expect("article");
        assert_eq!(article.title, "long read");
        let headings: Vec<_> = article.passages.iter().map(|p| p.heading.clone()).collect();
        assert_eq!(
            headings,
            vec![None, Some("First".into()), Some("Second".into())]
        );
    }

    #[test]
    fn empty_files_are_not_articles() {
        assert!(parse_article("kb/empty.md".into(), "empty", "\n\n").is_none());
    }

    #[test]
    fn folders_are_walked_in_order_and_missing_paths_reported() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("kb/sub")).expect("mkdir");
        std::fs::write(dir.path().join("kb/b.md"), "# B\n\nBee.").expect("write");
        std::fs::write(dir.path().join("kb/sub/a.md"), "# A\n\nAy.").expect("write");
        std::fs::write(dir.path().join("kb/notes.txt"), "not markdown").expect("write");
        let loaded = load(dir.path(), &["kb/".into(), "missing.md".into()]);
        let paths: Vec<_> = loaded.articles.iter().map(|a| a.path.as_str()).collect();
        assert_eq!(paths, vec!["kb/b.md", "kb/sub/a.md"]);
        assert_eq!(loaded.problems.len(), 1);
        assert_eq!(loaded.fingerprint.len(), 2);
    }

    #[cfg(unix)]
    #[test]
    fn nothing_outside_the_knowledge_directory_is_read_whatever_the_path_or_link() {
        use std::os::unix::fs::symlink;
        let elsewhere = tempfile::tempdir().expect("tempdir");
        let secret = elsewhere.path().join("secret.md");
        std::fs::write(&secret, "# Secret\n\nThe API key is hunter2.").expect("write");
        let dir = tempfile::tempdir().expect("tempdir");
        let kb = dir.path().join("kb");
        std::fs::create_dir(&kb).expect("mkdir");
        std::fs::write(kb.join("a.md"), "# A\n\nAy.").expect("write");
        symlink(&secret, kb.join("leak.md")).expect("link");
        symlink(elsewhere.path(), kb.join("elsewhere")).expect("link");
        // A device behind a Markdown name: it has no end.
        symlink("/dev/zero", dir.path().join("zero.md")).expect("link");
        let climbing = format!(
            "../{}/secret.md",
            elsewhere
                .path()
                .file_name()
                .expect("name")
                .to_string_lossy()
        );
        let entries = [
            "/proc/self/environ".to_owned(),
            secret.to_string_lossy().into_owned(),
            climbing,
            "zero.md".to_owned(),
            "kb/".to_owned(),
        ];

        let loaded = load(dir.path(), &entries);

        let paths: Vec<_> = loaded.articles.iter().map(|a| a.path.as_str()).collect();
        assert_eq!(paths, vec!["kb/a.md"], "{:?}", loaded.problems);
        assert_eq!(loaded.problems.len(), 6, "{:?}", loaded.problems);
        assert!(
            loaded.problems.iter().all(|p| !p.contains("hunter2")),
            "{:?}",
            loaded.problems
        );
    }

    #[test]
    fn a_file_over_the_cap_is_skipped_unread() {
        let dir = tempfile::tempdir().expect("tempdir");
        let size = usize::try_from(MAX_FILE_BYTES).expect("size") + 1;
        std::fs::write(dir.path().join("export.md"), "a".repeat(size)).expect("write");
        let loaded = load(dir.path(), &["export.md".into()]);
        assert!(loaded.articles.is_empty());
        assert!(
            loaded.problems[0].contains("larger than"),
            "{:?}",
            loaded.problems
        );
    }
}

#[cfg(test)]
mod unicode {
    use baton_testkit::unicode::{bounded, customer_text, customer_texts};
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(bounded())]

        /// Knowledge articles are written by operators, but in every language and with
        /// pasted text: any of it is read without panicking.
        #[test]
        fn any_markdown_is_read(lines in customer_texts(), text in customer_text()) {
            let markdown = format!(
                "# {text}\n\n{}\n\n## {text}\n- {text}\n1. {text}\n[{text}]({text}) <{text}",
                lines.join("\n")
            );
            for passage in parse_article("kb/a.md".into(), "a", &markdown)
                .into_iter()
                .flat_map(|article| article.passages)
            {
                let _ = passage.sentences();
                let _ = passage.text();
            }
            let _ = split_sentences(&text);
            let _ = clean_inline(&text);
            let _ = list_item(&text);
        }
    }
}

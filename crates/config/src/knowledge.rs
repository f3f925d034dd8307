//! The rule of an agent configuration's `knowledge` paths: Markdown files (`.md`), or
//! folders of them, relative to the copilot-drafter's `BATON_KNOWLEDGE_DIR`. Drafts quote
//! what these files say into helpdesk notes, so a path must never reach other files
//! (`/proc/self/environ` would quote the pod's secrets; `/dev/zero` never ends).
//!
//! Validation refuses a configuration breaking the rule; the drafter checks it again before
//! reading (a stored configuration may predate it) and also resolves links, refusing what
//! lands outside the directory — something only the drafter's file system can tell.

use std::path::{Component, Path};

/// `Ok` when `entry` may be a `knowledge` path; otherwise why not, for the operator.
pub fn check_path(entry: &str) -> Result<(), String> {
    if entry.trim().is_empty() {
        return Err("knowledge path is empty".into());
    }
    let path = Path::new(entry);
    for component in path.components() {
        match component {
            Component::Normal(_) | Component::CurDir => {}
            Component::ParentDir => {
                return Err(format!(
                    "knowledge path {entry:?} climbs out of BATON_KNOWLEDGE_DIR with `..`"
                ));
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(format!(
                    "knowledge path {entry:?} is absolute; name a Markdown file or folder relative to BATON_KNOWLEDGE_DIR"
                ));
            }
        }
    }
    let names_a_folder = entry.ends_with('/') || path.extension().is_none();
    if !names_a_folder && !is_markdown(path) {
        return Err(format!(
            "knowledge path {entry:?} is not a Markdown file (.md) or a folder"
        ));
    }
    Ok(())
}

/// Whether `path` names a Markdown file, by its extension.
pub fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_markdown_files_and_folders_are_knowledge() {
        for entry in [
            "kb/",
            "kb",
            "./kb/faq.md",
            "billing/Refunds.MD",
            "guide.markdown",
        ] {
            assert_eq!(check_path(entry), Ok(()), "{entry}");
        }
    }

    #[test]
    fn absolute_climbing_empty_and_other_files_are_refused() {
        for (entry, why) in [
            ("/proc/self/environ", "absolute"),
            ("/srv/kb/", "absolute"),
            ("../secrets.md", "climbs out"),
            ("kb/../../etc/", "climbs out"),
            (" ", "empty"),
            ("kb/notes.txt", "not a Markdown file"),
            ("creds.json", "not a Markdown file"),
        ] {
            let refused = check_path(entry).err().unwrap_or_default();
            assert!(refused.contains(why), "{entry}: {refused}");
        }
    }
}

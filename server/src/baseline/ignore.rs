//! `.ignore` and `.gitignore` rules read from a tree at a revision, applied as the
//! workspace walk (`ignore::WalkBuilder`) applies them on disk: an ignored folder hides
//! everything below it; for each path, `.ignore` files win over `.gitignore` files,
//! which win over `.git/info/exclude`, and within each kind the deepest folder's rules
//! decide.

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::Match;

/// The folder the repository-wide exclude file applies from.
pub const IGNORE_ROOT: &str = "";

#[derive(Default)]
pub struct TreeIgnores {
    /// (precedence: `.ignore` 0, `.gitignore` 1, exclude 2; folder relative to the
    /// repository root; rules relative to it), sorted by precedence, deepest first.
    matchers: Vec<(u8, String, Gitignore)>,
    /// The workspace folder relative to the repository root (`""` at the root).
    prefix: String,
}

impl TreeIgnores {
    /// Adds the rules of the ignore file `name` of folder `dir` (relative to the
    /// repository root). Lines that are not valid patterns are skipped, as git does.
    pub fn add(&mut self, dir: &str, name: &str, bytes: &[u8]) {
        let rank = match name {
            ".ignore" => 0,
            ".gitignore" => 1,
            _ => 2,
        };
        // Paths are given relative to `dir` already, so the matcher strips nothing.
        let mut builder = GitignoreBuilder::new(".");
        for line in String::from_utf8_lossy(bytes).lines() {
            let _ = builder.add_line(None, line);
        }
        if let Ok(matcher) = builder.build() {
            if !matcher.is_empty() {
                self.matchers.push((rank, dir.to_string(), matcher));
            }
        }
    }

    /// Fixes the workspace folder and the order in which the rules are asked.
    pub fn finish(&mut self, prefix: &str) {
        self.prefix = prefix.to_string();
        self.matchers
            .sort_by(|a, b| a.0.cmp(&b.0).then(b.1.len().cmp(&a.1.len())));
    }

    /// Whether the workspace-relative file `rel` is ignored, by its own rules or because
    /// a folder on its way is.
    pub fn is_ignored(&self, rel: &str) -> bool {
        if self.matchers.is_empty() {
            return false;
        }
        let full = if self.prefix.is_empty() {
            rel.to_string()
        } else {
            format!("{}/{rel}", self.prefix)
        };
        // Only the levels below the workspace root: the walk starts there.
        let first = if self.prefix.is_empty() {
            0
        } else {
            self.prefix.len() + 1
        };
        let mut ends: Vec<usize> = full[first..]
            .match_indices('/')
            .map(|(i, _)| first + i)
            .collect();
        ends.push(full.len());
        let last = ends.len() - 1;
        ends.iter()
            .enumerate()
            .any(|(i, &end)| self.decides_ignored(&full[..end], i < last))
    }

    /// The first rule that matches `path` (relative to the repository root) decides.
    fn decides_ignored(&self, path: &str, is_dir: bool) -> bool {
        for (_, dir, matcher) in &self.matchers {
            let rel = if dir.is_empty() {
                path
            } else {
                match path
                    .strip_prefix(dir.as_str())
                    .and_then(|r| r.strip_prefix('/'))
                {
                    Some(r) => r,
                    None => continue,
                }
            };
            match matcher.matched(rel, is_dir) {
                Match::None => continue,
                Match::Ignore(_) => return true,
                Match::Whitelist(_) => return false,
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deeper_rules_win_and_ignored_folders_hide_their_files() {
        let mut ig = TreeIgnores::default();
        ig.add("", ".gitignore", b"*.log\nbuild/\n");
        ig.add("ws/keep", ".gitignore", b"!important.log\n");
        ig.finish("ws");
        assert!(ig.is_ignored("a.log"));
        assert!(!ig.is_ignored("keep/important.log"));
        assert!(
            ig.is_ignored("build/x.rs"),
            "an ignored folder hides its files"
        );
        assert!(!ig.is_ignored("src/build.rs"));
        assert!(!ig.is_ignored("src/main.rs"));
    }

    #[test]
    fn ignore_files_win_over_gitignore() {
        let mut ig = TreeIgnores::default();
        ig.add("", ".gitignore", b"gen.rs\n");
        ig.add("", ".ignore", b"!gen.rs\n");
        ig.finish("");
        assert!(!ig.is_ignored("gen.rs"));
    }
}

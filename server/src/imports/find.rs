//! The files `[workspace] imports` globs name. The workspace walk skips `vendor/` and
//! ignored files, where exports usually live, so imports are found by their own small
//! walk: from each glob's literal prefix, regular files only (no symbolic links), in
//! path order.

use globset::GlobMatcher;
use std::path::Path;

/// Deep enough for any sensible layout; a deeper tree is not searched further.
const MAX_DEPTH: usize = 16;

pub fn files(root: &Path, globs: &[(String, GlobMatcher)]) -> Vec<String> {
    let mut out = Vec::new();
    for (glob, matcher) in globs {
        let base = literal_prefix(glob);
        walk(root, &base, 0, &mut |rel| {
            if matcher.is_match(rel) {
                out.push(rel.to_string());
            }
        });
    }
    out.sort();
    out.dedup();
    out
}

/// The folders before the first glob character: `vendor/traces` of `vendor/traces/*.json`.
fn literal_prefix(glob: &str) -> String {
    let mut parts = Vec::new();
    for part in glob.split('/') {
        if part.contains(['*', '?', '[', '{']) {
            break;
        }
        parts.push(part);
    }
    // The last literal part may be the file itself.
    if parts.len() == glob.split('/').count() {
        parts.pop();
    }
    parts.join("/")
}

fn walk(root: &Path, rel: &str, depth: usize, found: &mut dyn FnMut(&str)) {
    if depth > MAX_DEPTH {
        return;
    }
    let Ok(entries) = std::fs::read_dir(root.join(rel)) else {
        return;
    };
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let name = entry.file_name().to_string_lossy().into_owned();
        let child = if rel.is_empty() {
            name
        } else {
            format!("{rel}/{name}")
        };
        if kind.is_dir() {
            walk(root, &child, depth + 1, found);
        } else if kind.is_file() {
            found(&child);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_stop_at_the_first_glob() {
        assert_eq!(literal_prefix("vendor/traces/*.json"), "vendor/traces");
        assert_eq!(literal_prefix("vendor/**/x.json"), "vendor");
        assert_eq!(literal_prefix("exports/a.json"), "exports");
        assert_eq!(literal_prefix("*.json"), "");
    }
}

//! Every tracker's export, read once per run (and again by the language server when an
//! export file changes): each key's title and status.

use super::config::Trackers;
use super::export::{self, Record};
use crate::text::{Pos, Range};
use rustc_hash::FxHashMap;

/// An export that could not be used, as a finding on the export file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportProblem {
    /// The export's workspace-relative path.
    pub path: String,
    pub range: Range,
    pub message: String,
}

/// Titles and statuses by tracker name and lookup key.
#[derive(Debug, Default)]
pub struct Statuses {
    by_tracker: FxHashMap<String, FxHashMap<String, Record>>,
    pub problems: Vec<ExportProblem>,
}

impl Statuses {
    /// The exported record of `key` in tracker `tracker`.
    pub fn get(&self, tracker: &str, key: &str) -> Option<&Record> {
        self.by_tracker.get(tracker)?.get(key)
    }
}

/// Reads every configured export through `read` (the disk, an open buffer, or a base
/// revision's tree); `max_size` bounds what is read.
/// Implements: REQ-TRACKER-STATUS
pub fn load(
    trackers: &Trackers,
    max_size: u64,
    read: &(dyn Fn(&str) -> Option<Vec<u8>> + Sync),
) -> Statuses {
    let mut out = Statuses::default();
    for t in &trackers.list {
        let Some(path) = &t.export else { continue };
        let problem = |line: usize, column: usize, message: String| {
            let at = Pos {
                line: line.saturating_sub(1) as u32,
                col: column.saturating_sub(1) as u32,
            };
            ExportProblem {
                path: path.clone(),
                range: Range { start: at, end: at },
                message,
            }
        };
        let Some(data) = read(path) else {
            out.problems.push(problem(
                1,
                1,
                format!(
                    "{path}: the export of tracker `{}` cannot be read (missing?); its keys have no status",
                    t.name
                ),
            ));
            continue;
        };
        if data.len() as u64 > max_size {
            out.problems.push(problem(
                1,
                1,
                format!(
                    "{path} is {} bytes, over `max-file-size` ({max_size} bytes); the export of tracker `{}` was not read",
                    data.len(),
                    t.name
                ),
            ));
            continue;
        }
        match export::read(path, &data, t.format) {
            Ok(records) => {
                let map = out.by_tracker.entry(t.name.clone()).or_default();
                for r in records {
                    map.insert(r.key.clone(), r);
                }
            }
            Err(e) => out.problems.push(problem(
                e.line,
                e.column,
                format!(
                    "{path}:{}:{}: the export of tracker `{}` is malformed: {}",
                    e.line.max(1),
                    e.column.max(1),
                    t.name,
                    e.message
                ),
            )),
        }
    }
    out
}

// Verifies: REQ-TRACKER-STATUS
#[cfg(test)]
mod tests {
    use super::*;
    use crate::trackers::config::{resolve, RawTrackers};

    #[test]
    fn a_broken_export_costs_only_its_tracker() {
        let raw: RawTrackers = toml::from_str(
            "[jira]\nurl = \"https://j/{key}\"\nexport = \"j.json\"\n[github]\nrepo = \"a/b\"\nexport = \"gh.json\"\n[ops]\npattern = \"OPS-[0-9]+\"\nurl = \"https://o/{key}\"\nexport = \"missing.csv\"\n",
        )
        .unwrap();
        let t = resolve(raw).unwrap();
        let read = |p: &str| match p {
            "j.json" => Some(b"{\"issues\": [}".to_vec()),
            "gh.json" => {
                Some(b"[{\"number\": 4, \"title\": \"T\", \"state\": \"CLOSED\"}]".to_vec())
            }
            _ => None,
        };
        let s = load(&t, 1 << 20, &read);
        assert!(s.get("github", "4").is_some_and(|r| r.status.is_closed()));
        assert!(s.get("jira", "PAY-1").is_none());
        let messages: Vec<&str> = s.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(s.problems.len(), 2, "{messages:?}");
        assert!(
            messages[0].starts_with("j.json:1:13: the export of tracker `jira` is malformed"),
            "{messages:?}"
        );
        assert!(messages[1].contains("missing.csv: the export of tracker `ops` cannot be read"));
        let big = load(&t, 4, &read);
        assert!(big
            .problems
            .iter()
            .any(|p| p.message.contains("over `max-file-size`")));
    }
}

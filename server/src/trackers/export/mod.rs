//! Reading the files a team exports from its tracker: each key's title and status,
//! offline. Formats are sniffed (`.csv` is Jira's CSV; a JSON object is Jira's REST
//! search, a JSON array `gh issue list --json`), unless `format` says.
//!
//! A file that cannot be read gives no statuses and one problem naming the file and the
//! position; every other tracker still works.

mod github;
mod jira_csv;
mod jira_json;

use super::config::Format;
use serde::Serialize;

/// How far a tracker item is, in Jira's three status categories (GitHub: open is `New`,
/// closed is `Done`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    New,
    InProgress,
    Done,
}

/// A key's status as the export names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Status {
    /// The tracker's own word: "In Review", "Done", "closed".
    pub name: String,
    pub category: Category,
}

impl Status {
    pub fn is_closed(&self) -> bool {
        self.category == Category::Done
    }
}

/// One exported item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The key mentions look it up by (a GitHub issue's number).
    pub key: String,
    pub title: String,
    pub status: Status,
}

/// Why a file could not be read: a message and the 1-based line and column, when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl ReadError {
    fn at(line: usize, column: usize, message: impl Into<String>) -> ReadError {
        ReadError {
            line,
            column,
            message: message.into(),
        }
    }

    fn json(e: &serde_json::Error) -> ReadError {
        let text = e.to_string();
        // serde_json appends " at line L column C"; the position is reported separately.
        let message = text
            .rsplit_once(" at line ")
            .map_or(text.as_str(), |(m, _)| m)
            .to_string();
        ReadError::at(e.line(), e.column(), message)
    }
}

/// The format of `path`'s `data`: as configured, else sniffed.
pub fn sniff(path: &str, data: &[u8], format: Option<Format>) -> Result<Format, ReadError> {
    if let Some(f) = format {
        return Ok(f);
    }
    if path.to_ascii_lowercase().ends_with(".csv") {
        return Ok(Format::JiraCsv);
    }
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    match data.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => Ok(Format::JiraJson),
        Some(b'[') => Ok(Format::GithubJson),
        _ => Err(ReadError::at(
            1,
            1,
            "cannot tell the format (not .csv, not a JSON object or array); set `format` to \"jira-json\", \"jira-csv\" or \"github-json\"",
        )),
    }
}

/// Reads one export.
/// Implements: REQ-TRACKER-STATUS
pub fn read(path: &str, data: &[u8], format: Option<Format>) -> Result<Vec<Record>, ReadError> {
    let data_no_bom = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    match sniff(path, data, format)? {
        Format::JiraJson => jira_json::read(data_no_bom),
        Format::JiraCsv => jira_csv::read(data_no_bom),
        Format::GithubJson => github::read(data_no_bom),
    }
}

/// Jira's category from a status name, for exports without the category: the usual
/// names of finished work are done, anything else counts as not started.
fn category_of_name(name: &str) -> Category {
    const DONE: &[&str] = &[
        "done",
        "closed",
        "resolved",
        "released",
        "complete",
        "completed",
    ];
    const STARTED: &[&str] = &["in progress", "in review", "review", "testing", "in qa"];
    let n = name.trim().to_ascii_lowercase();
    if DONE.contains(&n.as_str()) {
        Category::Done
    } else if STARTED.contains(&n.as_str()) {
        Category::InProgress
    } else {
        Category::New
    }
}

/// Jira's `statusCategory.key` (`new`, `indeterminate`, `done`), else from the name.
fn category_of_key(key: Option<&str>, name: &str) -> Category {
    match key.map(|k| k.trim().to_ascii_lowercase()).as_deref() {
        Some("done") => Category::Done,
        Some("indeterminate") | Some("in progress") => Category::InProgress,
        Some("new") | Some("to do") | Some("undefined") => Category::New,
        _ => category_of_name(name),
    }
}

// Verifies: REQ-TRACKER-STATUS
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_sniffed_unless_configured() {
        assert_eq!(sniff("a.CSV", b"x", None).unwrap(), Format::JiraCsv);
        assert_eq!(sniff("a.json", b" \n{", None).unwrap(), Format::JiraJson);
        assert_eq!(
            sniff("a.json", b"\xEF\xBB\xBF[", None).unwrap(),
            Format::GithubJson
        );
        assert_eq!(
            sniff("a.txt", b"x", Some(Format::JiraCsv)).unwrap(),
            Format::JiraCsv
        );
        let e = sniff("a.txt", b"hello", None).unwrap_err();
        assert!(e.message.contains("set `format`"), "{e:?}");
    }

    #[test]
    fn categories_come_from_keys_then_names() {
        assert_eq!(category_of_key(Some("done"), "Shipped"), Category::Done);
        assert_eq!(
            category_of_key(Some("indeterminate"), "Done"),
            Category::InProgress
        );
        assert_eq!(category_of_key(None, "Resolved"), Category::Done);
        assert_eq!(category_of_key(None, "In Review"), Category::InProgress);
        assert_eq!(category_of_key(None, "Backlog"), Category::New);
    }
}

//! Tracker keys of one file, found when the file is extracted (so they are cached with
//! its facts and hold nothing from other files).
//!
//! - Markdown: keys anywhere in an item's heading and body (the innermost item holding
//!   them), and on `Tracks:` lines; fenced code and inline code spans are skipped.
//! - Code and other text: keys on `Tracks:` lines only, tracking the IDs named by the
//!   annotations of the same comment (the lines around it that are comments or carry
//!   `Implements:`/`Verifies:`).
//!
//! The prefilter is one `memmem` for `Tracks:` per file (and, in Markdown, whether the
//! file defines items), so a file without either costs nothing more.

use super::matcher::{self, Found};
use super::Mention;
use crate::facts::{FileFacts, SourceKind};
use crate::ids::IdScanner;
use crate::text::{LineIndex, Pos, Range};

/// Adds the file's tracker mentions to `facts`.
/// Implements: REQ-TRACKER-LINKS
pub fn add_mentions(
    text: &str,
    facts: &mut FileFacts,
    trackers: &super::config::Trackers,
    scanner: &IdScanner,
) {
    if trackers.is_empty() {
        return;
    }
    let has_tracks = memchr::memmem::find(text.as_bytes(), b"Tracks:").is_some();
    let markdown = facts.kind == SourceKind::Markdown;
    let has_items = markdown && !facts.definitions.is_empty();
    if !has_tracks && !has_items {
        return;
    }
    let index = LineIndex::new(text);
    let extents = if markdown {
        item_extents(facts, &index, text.len())
    } else {
        Vec::new()
    };
    let written = written_ids(facts);
    let mut fence: Option<u8> = None;
    let mut out = Vec::new();
    let all: Vec<&str> = lines(text).map(|(_, l)| l).collect();
    for (n, &line) in all.iter().enumerate() {
        let n = n as u32;
        if markdown {
            let t = line.trim_start();
            let marker = t.bytes().next().filter(|b| *b == b'`' || *b == b'~');
            if let Some(m) =
                marker.filter(|&m| t.starts_with(if m == b'`' { "```" } else { "~~~" }))
            {
                fence = match fence {
                    None => Some(m),
                    Some(open) if open == m => None,
                    other => other,
                };
                continue;
            }
            if fence.is_some() {
                continue;
            }
        }
        let tracks_at = matcher::tracks_marker(line);
        let start = index.line_start(n).unwrap_or(0);
        let item = markdown.then(|| innermost(&extents, start)).flatten();
        if tracks_at.is_none() && item.is_none() {
            continue;
        }
        let code_spans = if markdown {
            code_spans(line)
        } else {
            Vec::new()
        };
        let ids = scanner.find_all(line);
        let blocked = |s: usize, e: usize| {
            ids.iter().any(|m| m.start < e && s < m.end)
                || code_spans.iter().any(|&(a, b)| a < e && s < b)
                || written.iter().any(|r| {
                    r.start.line == n && (r.start.col as usize) < e && s < r.end.col as usize
                })
        };
        let mut found: Vec<(Found, bool)> = Vec::new();
        match tracks_at {
            Some(at) => {
                // The keys after the marker; text before it (a bullet, the comment
                // marker) is still item text in Markdown.
                let after = &line[at..];
                let shifted = |s: usize, e: usize| blocked(s + at, e + at);
                for mut f in matcher::find(trackers, after, true, &shifted) {
                    f.start += at;
                    f.end += at;
                    found.push((f, true));
                }
                if item.is_some() {
                    let before = &line[..at];
                    found.extend(
                        matcher::find(trackers, before, false, &blocked)
                            .into_iter()
                            .map(|f| (f, false)),
                    );
                }
            }
            None => found.extend(
                matcher::find(trackers, line, false, &blocked)
                    .into_iter()
                    .map(|f| (f, false)),
            ),
        }
        if found.is_empty() {
            continue;
        }
        let items = match item {
            Some(i) => vec![facts.definitions[i].id.clone()],
            None => comment_items(&all, facts, n),
        };
        for (f, tracks) in found {
            out.push(Mention {
                tracker: trackers.list[f.tracker].name.clone(),
                key: f.key,
                url: f.url,
                lookup: f.lookup,
                range: Range {
                    start: Pos {
                        line: n,
                        col: f.start as u32,
                    },
                    end: Pos {
                        line: n,
                        col: f.end as u32,
                    },
                },
                items: items.clone(),
                tracks,
            });
        }
    }
    out.sort_by_key(|m| m.range);
    facts.trackers = out;
}

/// Lines with their 0-based numbers, without `\n` or `\r\n`.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .enumerate()
}

/// Where IDs are written in the file (headings, links, annotations, references): a key
/// pattern never claims them, whatever their prefix (dialect IDs such as `FR-001`).
fn written_ids(facts: &FileFacts) -> Vec<Range> {
    let mut out: Vec<Range> = facts.definitions.iter().map(|d| d.range).collect();
    out.extend(facts.links.iter().map(|l| l.to.range));
    out.extend(facts.annotations.iter().map(|a| a.target.range));
    out.extend(facts.references.iter().map(|r| r.occ.range));
    out.retain(|r| r.start.line == r.end.line);
    out
}

/// Each definition's bytes, from its heading's line to the end of its body.
fn item_extents(facts: &FileFacts, index: &LineIndex, len: usize) -> Vec<(usize, usize)> {
    facts
        .definitions
        .iter()
        .map(|d| {
            let start = index.line_start(d.heading.start.line).unwrap_or(0);
            (start.min(len), d.body.1.max(start).min(len))
        })
        .collect()
}

/// The smallest item extent holding `offset`.
fn innermost(extents: &[(usize, usize)], offset: usize) -> Option<usize> {
    extents
        .iter()
        .enumerate()
        .filter(|(_, &(s, e))| s <= offset && offset < e.max(s + 1))
        .min_by_key(|(_, &(s, e))| e - s)
        .map(|(i, _)| i)
}

/// Byte ranges of inline code spans (between matching backtick runs) in one line.
fn code_spans(line: &str) -> Vec<(usize, usize)> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'`' {
            i += 1;
            continue;
        }
        let open = i;
        while i < bytes.len() && bytes[i] == b'`' {
            i += 1;
        }
        let run = i - open;
        let fence = &line[open..i];
        match line[i..].find(fence) {
            Some(rel) => {
                let close = i + rel + run;
                out.push((open, close));
                i = close;
            }
            None => break,
        }
    }
    out
}

/// Whether a line of code reads as part of a comment: it starts with a comment marker or
/// carries an annotation (a docstring's lines need not start with anything).
fn comment_like(line: &str) -> bool {
    const MARKERS: &[&str] = &[
        "//", "#", "/*", "*", "--", ";", "\"\"\"", "'''", "<!--", "%",
    ];
    let t = line.trim_start();
    MARKERS.iter().any(|m| t.starts_with(m))
        || t.contains("Implements:")
        || t.contains("Verifies:")
        || matcher::tracks_marker(t).is_some()
}

/// The IDs that the annotations of the comment holding line `n` name.
fn comment_items(all: &[&str], facts: &FileFacts, n: u32) -> Vec<String> {
    let mut first = n as usize;
    while first > 0 && comment_like(all[first - 1]) {
        first -= 1;
    }
    let mut last = n as usize;
    while last + 1 < all.len() && comment_like(all[last + 1]) {
        last += 1;
    }
    let mut out: Vec<String> = Vec::new();
    for a in &facts.annotations {
        let line = a.target.range.start.line as usize;
        if (first..=last).contains(&line) && !out.contains(&a.target.id) {
            out.push(a.target.id.clone());
        }
    }
    out
}

// Verifies: REQ-TRACKER-LINKS
#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::ids::IdScanner;
    use crate::workspace::{index_bytes, Outcome};

    fn config() -> Config {
        Config::parse(
            "[trackers.jira]\npattern = \"PAY-[0-9]+\"\nurl = \"https://j/{key}\"\n[trackers.github]\nrepo = \"acme/pay\"\n",
            "test",
        )
        .unwrap()
    }

    /// (key, line, items) of each mention in a file.
    fn mentions(rel: &str, text: &str) -> Vec<(String, u32, Vec<String>)> {
        let config = config();
        let scanner = IdScanner::new(&config.prefixes());
        match index_bytes(rel, text.as_bytes(), &config, &scanner) {
            Outcome::Facts(f, _) => f
                .trackers
                .into_iter()
                .map(|m| (m.key, m.range.start.line, m.items))
                .collect(),
            _ => Vec::new(),
        }
    }

    fn m(key: &str, line: u32, items: &[&str]) -> (String, u32, Vec<String>) {
        (
            key.to_string(),
            line,
            items.iter().map(|s| s.to_string()).collect(),
        )
    }

    #[test]
    fn markdown_items_own_the_keys_in_their_text() {
        let text = "# Intro PAY-1\n\n## REQ-1: Pay (PAY-2)\nDerives from: BRIEF-1\nSee PAY-3 and `PAY-4`.\n```\nPAY-5\n```\n### REQ-2: Sub\nTracks: PAY-6, #9\n";
        assert_eq!(
            mentions("docs/r.md", text),
            [
                m("PAY-2", 2, &["REQ-1"]),
                m("PAY-3", 4, &["REQ-1"]),
                m("PAY-6", 9, &["REQ-2"]),
                m("#9", 9, &["REQ-2"]),
            ]
        );
    }

    #[test]
    fn code_tracks_lines_track_the_ids_of_their_comment() {
        let text = "// Implements: REQ-1, REQ-3\n// Tracks: PAY-1\nfn a() {}\n\n// Tracks: PAY-2\nfn b() {}\nlet s = \"PAY-9\";\n";
        assert_eq!(
            mentions("src/a.rs", text),
            [m("PAY-1", 1, &["REQ-1", "REQ-3"]), m("PAY-2", 4, &[])]
        );
        let text = "def f():\n    \"\"\"Does f.\n\n    Verifies: REQ-2\n    Tracks: acme/pay#3\n    \"\"\"\n";
        assert_eq!(
            mentions("tests/test_f.py", text),
            [m("acme/pay#3", 4, &["REQ-2"])]
        );
    }

    #[test]
    fn a_tracks_line_alone_makes_a_file_worth_keeping() {
        assert_eq!(
            mentions("src/b.py", "# Tracks: PAY-7\n"),
            [m("PAY-7", 0, &[])]
        );
        assert!(mentions("src/c.py", "x = 'PAY-7'\n").is_empty());
    }
}

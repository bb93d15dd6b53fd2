//! Finding trace IDs (`PREFIX-KEY`) in text.
//!
//! Only the prefixes of configured layers count, so `UTF-8` or `ISO-9001` are never IDs
//! unless a layer says so. KEY groups are uppercase letters and digits, which keeps prose
//! such as "TC-based" or "RB-tree" from turning into broken references.
//!
//! The same Aho-Corasick automaton serves as the byte prefilter (does this file contain
//! trace data at all?) and as the scanner, so a file without IDs costs one SIMD pass.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// Scans text for IDs with a fixed set of prefixes.
/// Implements: REQ-IDS
#[derive(Debug, Clone)]
pub struct IdScanner {
    automaton: AhoCorasick,
}

/// One ID found in a text, as a byte range into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdMatch {
    pub start: usize,
    pub end: usize,
}

impl IdScanner {
    /// Builds a scanner for the given prefixes (e.g. `["REQ", "BRIEF"]`).
    pub fn new<S: AsRef<str>>(prefixes: &[S]) -> Self {
        let patterns: Vec<String> = prefixes
            .iter()
            .map(|p| format!("{}-", p.as_ref()))
            .collect();
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            // Patterns are plain uppercase literals validated by the config loader; the
            // builder only fails on pathological sizes, which a config cannot reach.
            .unwrap_or_else(|_| AhoCorasick::new(Vec::<String>::new()).expect("empty automaton"));
        IdScanner { automaton }
    }

    /// Cheap check used before any parsing: could this text contain an ID?
    pub fn may_contain_id(&self, bytes: &[u8]) -> bool {
        self.automaton
            .find_iter(bytes)
            .any(|m| id_end(bytes, m.start(), m.end()).is_some())
    }

    /// All IDs in `text`, in order.
    pub fn find_all(&self, text: &str) -> Vec<IdMatch> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        for m in self.automaton.find_iter(bytes) {
            if let Some(end) = id_end(bytes, m.start(), m.end()) {
                out.push(IdMatch {
                    start: m.start(),
                    end,
                });
            }
        }
        out
    }

    /// The ID that exactly spans `text`, if it is one (used for heading parsing).
    pub fn id_at_start<'t>(&self, text: &'t str) -> Option<&'t str> {
        let m = self.find_all(text).into_iter().next()?;
        (m.start == 0).then(|| &text[m.start..m.end])
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn is_key_byte(b: u8) -> bool {
    b.is_ascii_uppercase() || b.is_ascii_digit()
}

/// Given a prefix match `start..after_dash`, returns where the ID ends, or `None` when
/// the match is not an ID (glued to a preceding word, or no KEY group after the dash).
fn id_end(bytes: &[u8], start: usize, after_dash: usize) -> Option<usize> {
    if start > 0 {
        let before = bytes[start - 1];
        if is_word_byte(before) || before == b'-' {
            return None;
        }
    }
    let mut end = after_dash;
    loop {
        let group_start = end;
        while end < bytes.len() && is_key_byte(bytes[end]) {
            end += 1;
        }
        if end == group_start {
            // A dash with no group after it: back off to before that dash.
            if group_start == after_dash {
                return None;
            }
            end = group_start - 1;
            break;
        }
        if end < bytes.len() && bytes[end] == b'-' {
            end += 1;
            continue;
        }
        break;
    }
    // `REQ-7abc`, `REQ-7_x` or `REQ-7é`: glued to more word characters, so not an ID.
    if end < bytes.len() {
        if is_word_byte(bytes[end]) {
            return None;
        }
        if bytes[end] >= 0x80 {
            let tail = &bytes[end..bytes.len().min(end + 4)];
            let ch = std::str::from_utf8(tail)
                .ok()
                .or_else(|| std::str::from_utf8(&tail[..tail.len().min(3)]).ok())
                .or_else(|| std::str::from_utf8(&tail[..tail.len().min(2)]).ok())
                .and_then(|s| s.chars().next());
            if ch.is_some_and(char::is_alphanumeric) {
                return None;
            }
        }
    }
    Some(end)
}

/// The prefix of an ID: everything before the first `-`; for a dialect ID, the class
/// key of its layer (`crate::dialects::class_of`).
pub fn prefix_of(id: &str) -> &str {
    if let Some(class) = crate::dialects::class_of(id) {
        return class;
    }
    id.split_once('-').map_or(id, |(p, _)| p)
}

// Verifies: REQ-IDS
#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<&str> {
        let s = IdScanner::new(&["REQ", "BRIEF", "RM", "TC", "RB"]);
        s.find_all(text)
            .into_iter()
            .map(|m| &text[m.start..m.end])
            .collect()
    }

    #[test]
    fn finds_simple_and_grouped_ids() {
        assert_eq!(ids("see REQ-7 and REQ-AUTH-7."), ["REQ-7", "REQ-AUTH-7"]);
        assert_eq!(ids("BRIEF-SSO, RM-1"), ["BRIEF-SSO", "RM-1"]);
    }

    #[test]
    fn rejects_words_that_only_look_like_ids() {
        assert!(ids("TC-based RB-tree UTF-8 XREQ-1 FOO-REQ-1 REQ-7abc REQ-").is_empty());
    }

    #[test]
    fn trailing_dash_is_not_part_of_the_id() {
        assert_eq!(ids("REQ-7- next"), ["REQ-7"]);
        assert_eq!(ids("(REQ-1)"), ["REQ-1"]);
    }

    #[test]
    fn prefilter_agrees_with_scanner() {
        let s = IdScanner::new(&["REQ"]);
        assert!(s.may_contain_id(b"x REQ-1 y"));
        assert!(!s.may_contain_id(b"REQ- REQUEST-1 req-1"));
    }

    #[test]
    fn non_ascii_neighbours() {
        assert_eq!(ids("→REQ-1← 🙂REQ-2"), ["REQ-1", "REQ-2"]);
        assert!(ids("REQ-1é").is_empty());
    }

    #[test]
    fn id_at_start_only_matches_at_offset_zero() {
        let s = IdScanner::new(&["REQ"]);
        assert_eq!(s.id_at_start("REQ-1: Title"), Some("REQ-1"));
        assert_eq!(s.id_at_start("About REQ-1"), None);
    }
}

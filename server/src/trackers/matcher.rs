//! Finding tracker keys in one line of text.
//!
//! Every configured tracker's pattern runs over the line; a match counts only at word
//! boundaries, never where a trace ID is written (layer prefixes win: `REQ-1` is never a
//! Jira key), and the first tracker in name order wins where two overlap.

use super::config::{Kind, Tracker, Trackers};

/// One key found in a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Index into `Trackers::list`.
    pub tracker: usize,
    pub key: String,
    pub url: String,
    /// The key an export knows it by (`None`: another GitHub repository's issue).
    pub lookup: Option<String>,
    /// Byte offsets into the line.
    pub start: usize,
    pub end: usize,
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether `start..end` of `line` stands alone: no word character glued to either end,
/// and for `org/repo#1` and `#1` no path or entity (`a/org/repo#1`, `&#1;`) before it.
fn at_boundaries(line: &str, start: usize, end: usize) -> bool {
    let bytes = line.as_bytes();
    let before = start.checked_sub(1).map(|i| bytes[i]);
    let after = bytes.get(end).copied();
    let glued_before = before.is_some_and(|b| is_word_byte(b) || b == b'/' || b == b'&');
    let glued_after = after.is_some_and(is_word_byte);
    !glued_before && !glued_after
}

/// The keys in `line`. `tracks` says the line is (the rest of) a `Tracks:` line, where
/// GitHub's bare `#123` counts too; `blocked(start, end)` is true where an ID is written.
/// Implements: REQ-TRACKER-LINKS
pub fn find(
    trackers: &Trackers,
    line: &str,
    tracks: bool,
    blocked: &dyn Fn(usize, usize) -> bool,
) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    for (ti, t) in trackers.list.iter().enumerate() {
        let bare = t.tracks_only.as_ref().filter(|_| tracks);
        for re in std::iter::once(&t.pattern).chain(bare) {
            // Matching without captures first: most hits in item text are trace IDs,
            // which are blocked, and captures cost several times a plain find.
            for m in re.find_iter(line) {
                if m.is_empty() || !at_boundaries(line, m.start(), m.end()) {
                    continue;
                }
                if blocked(m.start(), m.end()) {
                    continue;
                }
                let Some(caps) = re.captures_at(line, m.start()) else {
                    continue;
                };
                let key = caps
                    .name("key")
                    .map_or(m.as_str(), |k| k.as_str())
                    .to_string();
                out.push(Found {
                    tracker: ti,
                    url: t.url(&caps, &key),
                    lookup: lookup(t, &caps, &key),
                    key,
                    start: m.start(),
                    end: m.end(),
                });
            }
        }
    }
    // Earlier trackers (name order) win overlaps; then position order.
    out.sort_by_key(|f| (f.start, f.tracker));
    let mut kept: Vec<Found> = Vec::with_capacity(out.len());
    for f in out {
        if kept.last().is_none_or(|k| f.start >= k.end) {
            kept.push(f);
        }
    }
    kept
}

/// How an export names the key: GitHub issues by number, within the configured repo.
fn lookup(t: &Tracker, caps: &regex::Captures<'_>, key: &str) -> Option<String> {
    if t.kind != Kind::Github {
        return Some(key.to_string());
    }
    let number = caps.name("number")?.as_str();
    let same_repo = match (caps.name("org"), caps.name("repo"), &t.repo) {
        (None, None, _) => true,
        (Some(o), Some(r), Some((org, repo))) => {
            o.as_str().eq_ignore_ascii_case(org) && r.as_str().eq_ignore_ascii_case(repo)
        }
        _ => false,
    };
    same_repo.then(|| number.trim_start_matches('0').to_string())
}

/// Where the keys of a `Tracks:` line start: just after the marker, when the line has
/// one (as a word: `Tracks:` after a comment marker, a bullet or the line start).
pub fn tracks_marker(line: &str) -> Option<usize> {
    let at = line.find("Tracks:")?;
    let glued = line.as_bytes()[..at]
        .last()
        .is_some_and(|&b| is_word_byte(b));
    (!glued).then_some(at + "Tracks:".len())
}

// Verifies: REQ-TRACKER-LINKS
#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::IdScanner;
    use crate::trackers::config::{resolve, RawTrackers};

    fn trackers() -> Trackers {
        let raw: RawTrackers = toml::from_str(
            r#"
[jira]
url = "https://acme.atlassian.net/browse/{key}"
[github]
repo = "acme/pay"
[azure]
url = "https://dev.azure.com/acme/pay/_workitems/edit/{number}"
[figma]
"#,
        )
        .unwrap();
        resolve(raw).unwrap()
    }

    /// Keys in `line` with the default layer prefixes blocked, as (key, url).
    fn keys(line: &str, tracks: bool) -> Vec<(String, String)> {
        let scanner = IdScanner::new(&["REQ", "BRIEF", "RM", "TC", "RB", "DES"]);
        let ids = scanner.find_all(line);
        let blocked = |s: usize, e: usize| ids.iter().any(|m| m.start < e && s < m.end);
        find(&trackers(), line, tracks, &blocked)
            .into_iter()
            .map(|f| (f.key, f.url))
            .collect()
    }

    fn just_keys(line: &str, tracks: bool) -> Vec<String> {
        keys(line, tracks).into_iter().map(|(k, _)| k).collect()
    }

    #[test]
    fn jira_keys_at_word_boundaries_and_layer_prefixes_win() {
        assert_eq!(
            keys("see PAY-123.", false),
            [(
                "PAY-123".to_string(),
                "https://acme.atlassian.net/browse/PAY-123".to_string()
            )]
        );
        assert_eq!(
            just_keys("REQ-1 and DES-22 and RM-3", false),
            Vec::<String>::new()
        );
        assert_eq!(just_keys("xPAY-1 PAY-1x PAY_1 (OPS-7)", false), ["OPS-7"]);
    }

    #[test]
    fn github_refs_bare_numbers_only_on_tracks_lines() {
        assert_eq!(
            keys("fixed in acme/pay#12 and other/lib#3", false),
            [
                (
                    "acme/pay#12".to_string(),
                    "https://github.com/acme/pay/issues/12".to_string()
                ),
                (
                    "other/lib#3".to_string(),
                    "https://github.com/other/lib/issues/3".to_string()
                ),
            ]
        );
        // "#1 priority" and colours are prose, not issues.
        assert_eq!(
            just_keys("our #1 priority, colour #333", false),
            Vec::<String>::new()
        );
        assert_eq!(
            keys(" #7, #8", true),
            [
                (
                    "#7".to_string(),
                    "https://github.com/acme/pay/issues/7".to_string()
                ),
                (
                    "#8".to_string(),
                    "https://github.com/acme/pay/issues/8".to_string()
                ),
            ]
        );
        assert_eq!(just_keys("&#38; a/b/c#1", true), Vec::<String>::new());
    }

    #[test]
    fn azure_and_figma() {
        assert_eq!(
            keys("AB#42 and xAB#43", false),
            [(
                "AB#42".to_string(),
                "https://dev.azure.com/acme/pay/_workitems/edit/42".to_string()
            )]
        );
        let url = "https://www.figma.com/file/AbC123xyz/Checkout-flow?node-id=1-2";
        assert_eq!(
            keys(&format!("Design: [flow]({url}) done"), false),
            [("AbC123xyz".to_string(), url.to_string())]
        );
        assert_eq!(
            just_keys("https://figma.com/design/Zz9/x", false),
            ["Zz9".to_string()]
        );
        assert_eq!(
            just_keys("https://www.figma.com/community/file", false),
            Vec::<String>::new()
        );
    }

    #[test]
    fn github_lookups_are_numbers_in_the_configured_repo() {
        let t = trackers();
        let none = |_: usize, _: usize| false;
        let f = find(&t, "acme/pay#012 other/x#4 #5", true, &none);
        let lookups: Vec<Option<String>> = f.into_iter().map(|f| f.lookup).collect();
        assert_eq!(
            lookups,
            [Some("12".to_string()), None, Some("5".to_string())]
        );
    }

    #[test]
    fn tracks_marker_needs_a_word_start() {
        assert_eq!(tracks_marker("// Tracks: PAY-1"), Some(10));
        assert_eq!(tracks_marker("- Tracks: PAY-1"), Some(9));
        assert_eq!(tracks_marker("Backtracks: PAY-1"), None);
        assert_eq!(tracks_marker("no marker"), None);
    }
}

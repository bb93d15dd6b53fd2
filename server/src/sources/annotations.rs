//! The annotation grammar inside a comment: `Implements: A, B`, `@implements A`,
//! `Verifies: A`, `@verifies A`. Every other ID in the comment is a plain reference.
//! IDs inside backticks are examples, as in Markdown code spans.

use crate::facts::AnnotationKind;
use crate::ids::IdScanner;

/// One ID found in a comment, relative to the comment text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentId {
    pub start: usize,
    pub end: usize,
    /// `Some` when the ID is in an `Implements:`/`Verifies:` list.
    pub annotation: Option<AnnotationKind>,
}

const KEYWORDS: &[(&str, AnnotationKind)] = &[
    ("implements:", AnnotationKind::Implements),
    ("@implements", AnnotationKind::Implements),
    ("verifies:", AnnotationKind::Verifies),
    ("@verifies", AnnotationKind::Verifies),
];

/// The first annotation keyword in `text`: where its list starts, and its kind. Dialect
/// citations (`Verifies: 001-albums/FR-001`) use the same keywords.
pub fn first_keyword(text: &str) -> Option<(usize, AnnotationKind)> {
    let lower = text.to_ascii_lowercase();
    KEYWORDS
        .iter()
        .filter_map(|(k, kind)| lower.find(k).map(|i| (i + k.len(), *kind)))
        .min_by_key(|(end, _)| *end)
}

/// Classifies every ID in `comment`.
/// Implements: REQ-ANNOTATIONS
pub fn scan_comment(comment: &str, scanner: &IdScanner) -> Vec<CommentId> {
    let mut out = Vec::new();
    for m in scanner.find_all(comment) {
        let line_start = comment[..m.start].rfind('\n').map_or(0, |i| i + 1);
        let before = &comment[line_start..m.start];
        if inside_backticks(before) {
            continue;
        }
        out.push(CommentId {
            start: m.start,
            end: m.end,
            annotation: annotation_before(before, scanner),
        });
    }
    out
}

/// An odd number of backticks before the ID on its line means it sits in a code span.
fn inside_backticks(before: &str) -> bool {
    before.bytes().filter(|&b| b == b'`').count() % 2 == 1
}

/// Finds the keyword governing an ID: the last keyword on the line before it, with only
/// other IDs and separators in between.
fn annotation_before(before: &str, scanner: &IdScanner) -> Option<AnnotationKind> {
    let lower = before.to_ascii_lowercase();
    let (kw_end, kind) = KEYWORDS
        .iter()
        .filter_map(|(kw, kind)| lower.rfind(kw).map(|i| (i + kw.len(), *kind)))
        .max_by_key(|(end, _)| *end)?;
    let between = &before[kw_end..];
    let mut rest = String::with_capacity(between.len());
    let mut last = 0;
    for m in scanner.find_all(between) {
        rest.push_str(&between[last..m.start]);
        last = m.end;
    }
    rest.push_str(&between[last..]);
    let separators_only = rest
        .split(|c: char| c.is_whitespace() || ",;{}[]()".contains(c))
        .all(|w| w.is_empty() || w.eq_ignore_ascii_case("and"));
    separators_only.then_some(kind)
}

// Verifies: REQ-ANNOTATIONS
#[cfg(test)]
mod tests {
    use super::*;
    use AnnotationKind::*;

    fn scan(c: &str) -> Vec<(&str, Option<AnnotationKind>)> {
        let s = IdScanner::new(&["REQ", "DES"]);
        scan_comment(c, &s)
            .into_iter()
            .map(|i| (&c[i.start..i.end], i.annotation))
            .collect()
    }

    #[test]
    fn keyword_lists() {
        assert_eq!(
            scan("// Implements: REQ-1, REQ-2 and DES-3"),
            [
                ("REQ-1", Some(Implements)),
                ("REQ-2", Some(Implements)),
                ("DES-3", Some(Implements))
            ]
        );
        assert_eq!(scan(" * @verifies REQ-1"), [("REQ-1", Some(Verifies))]);
        assert_eq!(scan("# verifies: {REQ-1}"), [("REQ-1", Some(Verifies))]);
    }

    #[test]
    fn prose_after_the_list_is_a_reference() {
        assert_eq!(
            scan("// Implements: REQ-1 but see REQ-2"),
            [("REQ-1", Some(Implements)), ("REQ-2", None)]
        );
        assert_eq!(scan("// relates to REQ-4"), [("REQ-4", None)]);
    }

    #[test]
    fn keywords_apply_per_line() {
        assert_eq!(
            scan("/* Implements: REQ-1\n   REQ-2 */"),
            [("REQ-1", Some(Implements)), ("REQ-2", None)]
        );
    }

    #[test]
    fn backticked_ids_are_examples() {
        assert_eq!(
            scan("// write `Implements: REQ-1` above a function; REQ-2"),
            [("REQ-2", None)]
        );
    }
}

//! Kiro's citation lists: `Requirements 1.1, 2.3`, `Requirement 5.1`, ranges such as
//! `2.1-2.4` or `1.1–1.9` (hyphen or en dash), and a whole requirement (`12`). Used by
//! `_Requirements:_` lines in tasks.md, `**Validates:**` lines in design.md and tasks.md,
//! and `Validates:` markers in code.

/// One cited item, with its byte span in the text given to `parse_list`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cited {
    /// Criterion `req.index`.
    Criterion { req: u32, index: u32 },
    /// A whole requirement.
    Requirement(u32),
    /// `a.b-c.d` across requirements: never valid.
    CrossRange(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub cited: Cited,
    pub start: usize,
    pub end: usize,
}

/// The citations of a list such as `1.1, 2.1-2.3 and 4` (after its keyword). Stops at
/// the first word that is not a number, a range or a separator, so the prose after a
/// list is not read as part of it.
/// Implements: REQ-DIALECT-KIRO
pub fn parse_list(text: &str) -> Vec<Citation> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace() || c == b',' || c == b';' || c == b'*' || c == b'_' {
            i += 1;
            continue;
        }
        if text[i..].starts_with("and ") {
            i += 4;
            continue;
        }
        let Some((first, after_first)) = number(text, i) else {
            break;
        };
        let (range_end, rest) = match dash(text, after_first) {
            Some(after_dash) => match number(text, after_dash) {
                Some((second, after_second)) => (Some(second), after_second),
                None => (None, after_first),
            },
            None => (None, after_first),
        };
        match (first, range_end) {
            (Num::Dotted(r, a), Some(Num::Dotted(r2, b))) if r == r2 => {
                let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
                for index in lo..=hi.min(lo + 999) {
                    out.push(Citation {
                        cited: Cited::Criterion { req: r, index },
                        start: i,
                        end: rest,
                    });
                }
            }
            (Num::Dotted(..), Some(_)) => out.push(Citation {
                cited: Cited::CrossRange(text[i..rest].to_string()),
                start: i,
                end: rest,
            }),
            (Num::Whole(a), Some(Num::Whole(b))) => {
                for r in a.min(b)..=a.max(b).min(a.min(b) + 999) {
                    out.push(Citation {
                        cited: Cited::Requirement(r),
                        start: i,
                        end: rest,
                    });
                }
            }
            (Num::Whole(_), Some(_)) => out.push(Citation {
                cited: Cited::CrossRange(text[i..rest].to_string()),
                start: i,
                end: rest,
            }),
            (Num::Dotted(req, index), None) => out.push(Citation {
                cited: Cited::Criterion { req, index },
                start: i,
                end: after_first,
            }),
            (Num::Whole(r), None) => match acceptance_criteria(text, after_first) {
                // `23 (ACs 1–5, 8)`: criteria of requirement 23 by their numbers.
                Some((inner, inner_at, close)) => {
                    for c in parse_list(inner) {
                        let index = match c.cited {
                            Cited::Requirement(index) => index,
                            _ => continue,
                        };
                        out.push(Citation {
                            cited: Cited::Criterion { req: r, index },
                            start: inner_at + c.start,
                            end: inner_at + c.end,
                        });
                    }
                    i = close;
                    continue;
                }
                None => out.push(Citation {
                    cited: Cited::Requirement(r),
                    start: i,
                    end: after_first,
                }),
            },
        }
        i = rest;
    }
    out
}

/// Where the list after `Requirements`/`Requirement` begins in `text`, if the text has
/// that keyword (`Validates: Requirements 1.1`, `_Requirements: 1.1_`).
pub fn after_requirements_keyword(text: &str) -> Option<usize> {
    let lower = text.to_ascii_lowercase();
    let at = lower.find("requirement")?;
    let mut end = at + "requirement".len();
    if lower[end..].starts_with('s') {
        end += 1;
    }
    let rest = &text[end..];
    let skipped = rest.len() - rest.trim_start_matches([':', '*', '_', ' ']).len();
    Some(end + skipped)
}

/// Prose mentions such as "see Requirement 16.2" or "Requirements 3.1 and 3.2": the
/// citations after each `Requirement`/`Requirements` word that a space (not a colon, which
/// makes a citation list) follows. Spans are relative to `text`. With `criteria_only`, a
/// whole requirement (`Requirement 3`) is not read, for comments in code, where the words
/// are too common to mean a Kiro item.
/// Implements: REQ-DIALECT-KIRO
pub fn mentions(text: &str, criteria_only: bool) -> Vec<Citation> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices("Requirement") {
        let word_start = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric() && c != '_');
        let mut end = at + "Requirement".len();
        if text[end..].starts_with('s') {
            end += 1;
        }
        let rest = &text[end..];
        let spaces = rest.len() - rest.trim_start_matches(' ').len();
        if !word_start || spaces == 0 || !rest[spaces..].starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let list_at = end + spaces;
        out.extend(
            parse_list(&text[list_at..])
                .into_iter()
                .filter(|c| !criteria_only || matches!(c.cited, Cited::Criterion { .. }))
                .map(|c| Citation {
                    start: list_at + c.start,
                    end: list_at + c.end,
                    cited: c.cited,
                }),
        );
    }
    out
}

/// `(AC 9)` or `(ACs 1–5, 8–11)` right after a requirement number: the list inside,
/// where it starts, and where the parenthesis closes.
fn acceptance_criteria(text: &str, at: usize) -> Option<(&str, usize, usize)> {
    let rest = &text[at..];
    let lead = rest.len() - rest.trim_start_matches(' ').len();
    let inner = rest[lead..].strip_prefix('(')?;
    let word = ["ACs ", "AC "].into_iter().find(|w| inner.starts_with(w))?;
    let start = at + lead + 1 + word.len();
    let close = text[start..].find(')')? + start;
    Some((&text[start..close], start, close + 1))
}

#[derive(Debug, Clone, Copy)]
enum Num {
    Whole(u32),
    Dotted(u32, u32),
}

fn digits(text: &str, i: usize) -> Option<(u32, usize)> {
    let len = text[i..].bytes().take_while(u8::is_ascii_digit).count();
    if len == 0 || len > 6 {
        return None;
    }
    Some((text[i..i + len].parse().ok()?, i + len))
}

fn number(text: &str, i: usize) -> Option<(Num, usize)> {
    let (a, after) = digits(text, i)?;
    if text[after..].starts_with('.') {
        if let Some((b, end)) = digits(text, after + 1) {
            return Some((Num::Dotted(a, b), end));
        }
    }
    Some((Num::Whole(a), after))
}

fn dash(text: &str, i: usize) -> Option<usize> {
    let rest = &text[i..];
    let trimmed = rest.trim_start_matches(' ');
    let skipped = rest.len() - trimmed.len();
    for d in ["-", "–", "—"] {
        if let Some(after) = trimmed.strip_prefix(d) {
            let after_trim = after.trim_start_matches(' ');
            return Some(i + skipped + d.len() + (after.len() - after_trim.len()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    // Verifies: REQ-DIALECT-KIRO
    use super::*;

    fn cited(text: &str) -> Vec<Cited> {
        parse_list(text).into_iter().map(|c| c.cited).collect()
    }

    fn crit(req: u32, index: u32) -> Cited {
        Cited::Criterion { req, index }
    }

    #[test]
    fn lists_ranges_and_whole_requirements() {
        assert_eq!(cited("1.1, 2.3"), [crit(1, 1), crit(2, 3)]);
        assert_eq!(
            cited("2.1-2.3, 3.1–3.2"),
            [crit(2, 1), crit(2, 2), crit(2, 3), crit(3, 1), crit(3, 2)]
        );
        assert_eq!(
            cited("1.1 – 1.2 and 4"),
            [crit(1, 1), crit(1, 2), Cited::Requirement(4)]
        );
        assert_eq!(cited("12 (descope record)"), [Cited::Requirement(12)]);
        assert_eq!(cited("1.3-2.2"), [Cited::CrossRange("1.3-2.2".into())]);
        assert_eq!(cited("5.1**"), [crit(5, 1)]);
        assert_eq!(cited("see the design"), []);
        assert_eq!(
            cited("23 (ACs 1–2, 8), 20 (AC 9)"),
            [crit(23, 1), crit(23, 2), crit(23, 8), crit(20, 9)]
        );
    }

    #[test]
    fn prose_after_the_list_is_not_read() {
        assert_eq!(cited("1.2 when the user logs in 3 times"), [crit(1, 2)]);
    }

    #[test]
    fn prose_mentions_need_a_space_not_a_colon() {
        let m = |t: &str, only: bool| -> Vec<Cited> {
            mentions(t, only).into_iter().map(|c| c.cited).collect()
        };
        assert_eq!(
            m("see Requirement 16.2 for the limits", false),
            [crit(16, 2)]
        );
        assert_eq!(
            m("Requirements 3.1 and 3.2.", false),
            [crit(3, 1), crit(3, 2)]
        );
        assert_eq!(m("as Requirement 4 says", false), [Cited::Requirement(4)]);
        assert_eq!(m("as Requirement 4 says, and 4.2", true), []);
        assert_eq!(m("_Requirements: 1.1_", false), []);
        assert_eq!(m("NonFunctionalRequirement 2.1", false), []);
        assert_eq!(m("the Requirements section", false), []);
        let t = "per Requirement 2.3";
        let c = &mentions(t, true)[0];
        assert_eq!(&t[c.start..c.end], "2.3");
    }

    #[test]
    fn the_keyword_is_found_in_either_number() {
        let t = "**Validates: Requirements 1.1, 7.1**";
        assert_eq!(&t[after_requirements_keyword(t).unwrap()..], "1.1, 7.1**");
        let t = "_Requirements: 2.1_";
        assert_eq!(&t[after_requirements_keyword(t).unwrap()..], "2.1_");
        let t = "Validates: Requirement 5.1";
        assert_eq!(&t[after_requirements_keyword(t).unwrap()..], "5.1");
    }
}

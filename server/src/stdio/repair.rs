//! Lone UTF-16 surrogate escapes in JSON strings, repaired to U+FFFD before decoding.
//!
//! JavaScript clients, and clients that split large edits at UTF-16 boundaries, send
//! `"\ud800"` without its pair. serde_json rejects such a string, which would lose the
//! whole message; replacing the escape by `\uFFFD` keeps the document. The replacement is
//! one UTF-16 unit for one UTF-16 unit, so positions the client computes in UTF-16 stay
//! valid for the repaired text; and `\uFFFD` has as many bytes as `\udXXX`, so the body
//! keeps its length.

use std::borrow::Cow;

/// Implements: REQ-LSP-FRAMING
/// `body` with every unpaired `\uD800`–`\uDFFF` escape replaced by `\uFFFD`, and how many
/// were replaced. Paired surrogates and escaped backslashes (`\\ud800` is a backslash then
/// text) are left alone. Borrowed when nothing needed repair.
pub fn lone_surrogates(body: &[u8]) -> (Cow<'_, [u8]>, usize) {
    let mut repaired: Option<Vec<u8>> = None;
    let mut count = 0;
    let mut i = 0;
    // Backslashes are only legal inside strings, so escapes can be found without
    // tracking string state: an escape is a backslash and the character after it.
    while let Some(at) = body.get(i..).and_then(|rest| memchr::memchr(b'\\', rest)) {
        let esc = i + at;
        if body.get(esc + 1) != Some(&b'u') {
            i = esc + 2;
            continue;
        }
        let Some(unit) = hex_unit(body, esc + 2) else {
            i = esc + 2;
            continue;
        };
        match unit {
            0xD800..=0xDBFF => {
                let pair = body.get(esc + 6) == Some(&b'\\')
                    && body.get(esc + 7) == Some(&b'u')
                    && matches!(hex_unit(body, esc + 8), Some(0xDC00..=0xDFFF));
                if pair {
                    i = esc + 12;
                    continue;
                }
            }
            0xDC00..=0xDFFF => {}
            _ => {
                i = esc + 6;
                continue;
            }
        }
        let out = repaired.get_or_insert_with(|| body.to_vec());
        out[esc..esc + 6].copy_from_slice(b"\\uFFFD");
        count += 1;
        i = esc + 6;
    }
    match repaired {
        Some(out) => (Cow::Owned(out), count),
        None => (Cow::Borrowed(body), 0),
    }
}

/// The UTF-16 unit of the four hex digits at `at`, if there are four.
fn hex_unit(body: &[u8], at: usize) -> Option<u16> {
    let digits = body.get(at..at + 4)?;
    let text = std::str::from_utf8(digits).ok()?;
    if !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u16::from_str_radix(text, 16).ok()
}

#[cfg(test)]
// Verifies: REQ-LSP-FRAMING
mod tests {
    use super::*;

    fn repair(s: &str) -> (String, usize) {
        let (out, n) = lone_surrogates(s.as_bytes());
        (String::from_utf8(out.into_owned()).unwrap(), n)
    }

    fn decoded(s: &str) -> String {
        serde_json::from_slice::<String>(&lone_surrogates(s.as_bytes()).0).unwrap()
    }

    #[test]
    fn a_valid_pair_is_kept() {
        assert_eq!(repair(r#""\ud83d\ude00""#), (r#""\ud83d\ude00""#.into(), 0));
        assert_eq!(decoded(r#""\ud83d\ude00""#), "😀");
        assert!(matches!(
            lone_surrogates(br#""\uD83D\uDE00""#).0,
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn a_lone_high_surrogate_becomes_the_replacement_character() {
        assert_eq!(repair(r#""a\ud800b""#), (r#""a\uFFFDb""#.into(), 1));
        assert_eq!(decoded(r#""a\ud800b""#), "a\u{FFFD}b");
        // At the very end of the body, and followed by a non-surrogate escape.
        assert_eq!(repair(r#"\ud800"#).1, 1);
        assert_eq!(decoded(r#""\uD800\u0041""#), "\u{FFFD}A");
    }

    #[test]
    fn a_lone_low_surrogate_becomes_the_replacement_character() {
        assert_eq!(decoded(r#""x\udc00""#), "x\u{FFFD}");
        // Two highs in a row: the first is lone, the second pairs with the low.
        assert_eq!(decoded(r#""\ud800\ud83d\ude00""#), "\u{FFFD}😀");
        // A low then a high: both lone.
        assert_eq!(repair(r#""\ude00\ud83d""#).1, 2);
    }

    #[test]
    fn an_escaped_backslash_before_u_is_not_an_escape() {
        assert_eq!(repair(r#""\\ud800""#), (r#""\\ud800""#.into(), 0));
        assert_eq!(decoded(r#""\\ud800""#), "\\ud800");
        // Three backslashes: an escaped backslash, then a real (lone) escape.
        assert_eq!(decoded(r#""\\\ud800""#), "\\\u{FFFD}");
    }

    #[test]
    fn the_length_is_kept_and_utf16_positions_agree() {
        let body = r#""\ud800 REQ-A-1""#;
        let (out, _) = lone_surrogates(body.as_bytes());
        assert_eq!(out.len(), body.len());
        let text = decoded(body);
        // The client counted the lone surrogate as one UTF-16 unit; so does U+FFFD.
        let before_id: usize = text[..text.find("REQ").unwrap()].encode_utf16().count();
        assert_eq!(before_id, 2);
    }

    #[test]
    fn truncated_or_bad_escapes_are_left_to_the_json_parser() {
        for s in [r#""\u12""#, r#""\uZZZZ""#, "\"\\"] {
            let (out, n) = lone_surrogates(s.as_bytes());
            assert_eq!((out.as_ref(), n), (s.as_bytes(), 0));
        }
        assert_eq!(repair(r#""\ud800\u12""#), (r#""\uFFFD\u12""#.into(), 1));
        assert!(serde_json::from_slice::<String>(br#""\u12""#).is_err());
    }
}

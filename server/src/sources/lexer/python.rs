//! Python: `#` comments, and docstrings, the string that is the first statement of the
//! module or of a `def`/`class` body (what `grammars/python/comments.scm` captures).
//! Every other string is data. A string with an ID in a place where the lexer cannot be
//! sure which of the two it is (a comment before it, more code after it on its line, a
//! body on the header's line) makes it decline.

use super::{is_ident_byte, line_end, Declined, Found, Span};

/// What the current logical line has shown so far.
#[derive(Default)]
struct Line {
    /// Tokens seen on the line.
    tokens: usize,
    /// The line is a `def` or `class` header (`async def` too).
    header: bool,
    /// The header's `:` has been seen (at bracket depth 0).
    colon: bool,
    /// Tokens after that colon: the body shares the header's line.
    after_colon: usize,
    indent: usize,
    first_word_async: bool,
    /// A comment follows the header's colon, before the body.
    comment_after_colon: bool,
}

pub(super) fn lex(b: &[u8], found: &mut Found) -> Result<(), Declined> {
    let mut i = 0;
    let mut depth = 0usize;
    let mut line = Line::default();
    // The next statement may be a docstring: at the module start, or after a header.
    let mut docstring_next = true;
    // Indentation of the header that opened the body (`None` at the module level).
    let mut body_of: Option<usize> = None;
    // A comment sits between the header (or the file start) and the next statement.
    let mut comment_before = false;
    let mut line_start = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b' ' | b'\t' | b'\x0c' | b'\r' => i += 1,
            b'\\' if matches!(b.get(i + 1), Some(b'\n')) => i += 2,
            b'\\' if b.get(i + 1) == Some(&b'\r') && b.get(i + 2) == Some(&b'\n') => i += 3,
            b'\n' => {
                i += 1;
                if depth == 0 {
                    if line.tokens > 0 {
                        found.logical_line_end(i - 1);
                        docstring_next = line.header && line.colon && line.after_colon == 0;
                        body_of = docstring_next.then_some(line.indent);
                        comment_before = line.comment_after_colon;
                    }
                    line = Line::default();
                    line_start = i;
                }
            }
            b'#' => {
                let end = line_end(b, i);
                let end = if end > i && b[end - 1] == b'\r' {
                    end - 1
                } else {
                    end
                };
                found.comment(i, end);
                if line.tokens == 0 {
                    comment_before = true;
                }
                line.comment_after_colon |= line.colon;
                i = end;
            }
            _ => {
                if line.tokens == 0 && depth == 0 {
                    line.indent = i - line_start;
                }
                let first = line.tokens == 0 && depth == 0;
                if first {
                    found.logical_line(i);
                }
                let (prefix_end, is_string) = string_prefix(b, i);
                if !is_string && matches!(c, b'"' | b'\'') {
                    return Err(Declined("a quote glued to a name"));
                }
                if is_string {
                    let start = i;
                    let end = string_end(b, prefix_end)?;
                    let has_id = found.has_id(start, end);
                    if has_id {
                        if first && docstring_next {
                            let indented = body_of.is_none_or(|h| line.indent > h);
                            if comment_before || !indented || !statement_ends(b, end) {
                                return Err(Declined("a string that may be a docstring"));
                            }
                            found.spans.push(Span {
                                start,
                                end,
                                docstring: true,
                            });
                        } else if line.colon && line.header {
                            return Err(Declined("a string in a one-line body"));
                        }
                    }
                    i = end;
                } else if is_ident_byte(c) {
                    let s = i;
                    while i < b.len() && is_ident_byte(b[i]) {
                        i += 1;
                    }
                    let word = &b[s..i];
                    if first {
                        line.header = word == b"def" || word == b"class";
                        line.first_word_async = word == b"async";
                    } else if line.tokens == 1 && line.first_word_async && word == b"def" {
                        line.header = true;
                    }
                } else {
                    match c {
                        b'(' | b'[' | b'{' => depth += 1,
                        b')' | b']' | b'}' => {
                            depth = depth
                                .checked_sub(1)
                                .ok_or(Declined("an unbalanced bracket"))?;
                        }
                        b':' if depth == 0 && line.header && !line.colon => {
                            line.colon = true;
                            line.tokens += 1;
                            i += 1;
                            continue;
                        }
                        _ => {}
                    }
                    i += 1;
                }
                if line.colon {
                    line.after_colon += 1;
                }
                line.tokens += 1;
            }
        }
    }
    Ok(())
}

/// Where a string literal's quotes start if one starts at `i` (after a prefix such as
/// `rb` or `f`), and whether one does.
fn string_prefix(b: &[u8], i: usize) -> (usize, bool) {
    let mut k = i;
    while k < b.len() && k - i < 2 && matches!(b[k] | 0x20, b'r' | b'b' | b'u' | b'f') {
        k += 1;
    }
    let quote = matches!(b.get(k), Some(b'"' | b'\''));
    let prefix_ok = match &b[i..k] {
        [] => true,
        [_] => true,
        [x, y] => {
            let (x, y) = (x | 0x20, y | 0x20);
            matches!((x, y), (b'r', b'b' | b'f') | (b'b' | b'f', b'r'))
        }
        _ => false,
    };
    // A prefix glued to a longer name (`bar"` cannot occur) or `ur` (Python 2) fails.
    let glued = i > 0 && is_ident_byte(b[i - 1]);
    (k, quote && prefix_ok && !glued)
}

/// The end of the string whose quotes start at `q`; the prefix decides about f-string
/// holes, which the lexer only accepts when they hold no quote or comment.
fn string_end(b: &[u8], q: usize) -> Result<usize, Declined> {
    let prefix = &b[..q];
    let is_f = prefix
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_alphabetic())
        .any(|c| c | 0x20 == b'f');
    let quote = b[q];
    let triple = b.len() >= q + 3 && b[q + 1] == quote && b[q + 2] == quote;
    let mut i = if triple { q + 3 } else { q + 1 };
    let mut hole = 0usize;
    while i < b.len() {
        let c = b[i];
        if hole > 0 {
            match c {
                b'{' => hole += 1,
                b'}' => hole -= 1,
                b'\'' | b'"' | b'#' | b'\\' => {
                    return Err(Declined("an f-string hole with literals"))
                }
                b'\n' if !triple => return Err(Declined("an f-string hole past its line")),
                _ => {}
            }
            i += 1;
            continue;
        }
        match c {
            b'\\' => i += 2,
            b'{' if is_f && b.get(i + 1) == Some(&b'{') => i += 2,
            b'{' if is_f => {
                hole = 1;
                i += 1;
            }
            b'\n' if !triple => return Err(Declined("a string running past its line")),
            _ if c == quote => {
                if !triple {
                    return Ok(i + 1);
                }
                if b.len() >= i + 3 && b[i + 1] == quote && b[i + 2] == quote {
                    return Ok(i + 3);
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    Err(Declined("an unterminated string"))
}

/// Whether the statement ends right after a string ending at `end` (only blanks or a
/// comment before the end of the line), so the string is the whole statement.
fn statement_ends(b: &[u8], end: usize) -> bool {
    let rest = &b[end..line_end(b, end)];
    let rest = rest.trim_ascii_start();
    rest.is_empty() || rest.starts_with(b"#") || rest == b"\r"
}

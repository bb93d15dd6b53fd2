//! `//` and `/* */` languages: the blocks open around an annotation's comment, and the
//! head of the code that follows it.

use super::heads::{self, Place};
use super::{tokenize, Attachment, Head, Located, Tok};
use crate::facts::SymbolKind;
use crate::languages::CodeLanguage;
use crate::sources::lexer::{Declined, Outline, Span};

/// A bracket open at the comment.
struct Open {
    at: usize,
    byte: u8,
    /// Where the statement that opens it starts (after the last `;`, `{` or `}` of its
    /// level).
    head_start: usize,
}

pub(super) fn attach(
    text: &str,
    lang: &CodeLanguage,
    outline: &Outline,
    span: &Span,
) -> Result<Attachment, Declined> {
    let comment = &text[span.start..span.end];
    // `//!` and `/*!` document the enclosing item.
    let inner = comment.starts_with("//!") || comment.starts_with("/*!");
    let (stack, boundary) = open_at(&outline.punct, span.start)?;
    // A comment inside a statement (between a signature and its `{`) belongs to it.
    if skip_code_free(text, lang, outline, boundary, span.start) < span.start
        && !statement_ended(text, lang, outline, span.start)
    {
        return Err(Declined("a comment inside a statement"));
    }
    let mut containers: Vec<Located> = Vec::new();
    let mut place = Place::Top;
    for open in &stack {
        let (head, start, end) = match open.byte {
            b'{' => {
                let start = skip_code_free(text, lang, outline, open.head_start, open.at);
                let head = head_text(text, outline, start, open.at)?;
                (
                    heads::classify(lang.name, head, b'{', place, false)?,
                    start,
                    open.at,
                )
            }
            // Only a test call (`describe("x", () => {`) holds annotations we name.
            b'(' => (
                heads::call_entry(lang.name, text, open.at)?,
                open.at,
                open.at,
            ),
            _ => return Err(Declined("an annotation inside brackets")),
        };
        match head {
            Head::Def { kind, name, test } => {
                place = if open.byte == b'(' {
                    Place::Call
                } else {
                    place_inside(kind)
                };
                containers.push(Located {
                    kind,
                    name,
                    test,
                    start,
                    end,
                });
            }
            // A test call's callback, a linkage block or an anonymous namespace.
            Head::Transparent => {
                if place == Place::Call {
                    place = Place::Body;
                }
            }
            Head::Plain => return Err(Declined("an annotation in a block that is no definition")),
        }
    }
    if place == Place::Call {
        return Err(Declined("an annotation among a call's arguments"));
    }
    let follow = if inner {
        None
    } else {
        following(text, lang, outline, span.end, place)?
    };
    Ok(match follow {
        Some(def) => Attachment {
            containers,
            attached: Some(def),
        },
        None => {
            let attached = containers.pop();
            Attachment {
                containers,
                attached,
            }
        }
    })
}

/// What the members of a definition of `kind` are.
fn place_inside(kind: SymbolKind) -> Place {
    match kind {
        SymbolKind::Function | SymbolKind::Method | SymbolKind::Test => Place::Body,
        SymbolKind::Module => Place::Top,
        other => Place::Members(other),
    }
}

/// The brackets open at byte `at`, outermost first, and where the statement at `at`
/// starts. `Err` when they do not nest.
fn open_at(punct: &[(usize, u8)], at: usize) -> Result<(Vec<Open>, usize), Declined> {
    let mut stack: Vec<Open> = Vec::new();
    let mut boundary = 0;
    for &(p, c) in punct.iter().take_while(|(p, _)| *p < at) {
        match c {
            b'{' | b'(' | b'[' => {
                stack.push(Open {
                    at: p,
                    byte: c,
                    head_start: boundary,
                });
                boundary = p + 1;
            }
            b'}' | b')' | b']' => {
                let open = stack.pop().ok_or(Declined("an unbalanced bracket"))?;
                if open.byte != opening(c) {
                    return Err(Declined("mismatched brackets"));
                }
                // A closed block ends a statement; after closed parentheses the statement
                // around them goes on from where it began.
                boundary = if c == b'}' { p + 1 } else { open.head_start };
            }
            b';' => boundary = p + 1,
            _ => {}
        }
    }
    Ok((stack, boundary))
}

fn opening(close: u8) -> u8 {
    match close {
        b'}' => b'{',
        b')' => b'(',
        _ => b'[',
    }
}

/// The first byte at or after `from` (and before `to`) that is neither white space nor
/// inside a comment.
fn skip_comments(text: &str, outline: &Outline, mut from: usize, to: usize) -> usize {
    let b = text.as_bytes();
    let comments = &outline.comments;
    let mut k = comments.partition_point(|c| c.1 <= from);
    while from < to {
        if b[from].is_ascii_whitespace() {
            from += 1;
        } else if k < comments.len() && comments[k].0 <= from {
            from = comments[k].1.max(from + 1);
            k += 1;
        } else {
            break;
        }
    }
    from
}

/// Like `skip_comments`, and past preprocessor directives (`#include`, `#pragma`),
/// which are no part of the code after them.
fn skip_code_free(
    text: &str,
    lang: &CodeLanguage,
    outline: &Outline,
    from: usize,
    to: usize,
) -> usize {
    let mut start = skip_comments(text, outline, from, to);
    while lang.lexicon.preprocessor && start < to && text.as_bytes()[start] == b'#' {
        let mut line_end = text[start..].find('\n').map_or(text.len(), |k| start + k);
        while line_end < text.len() && text[..line_end].trim_end_matches('\r').ends_with('\\') {
            line_end = text[line_end + 1..]
                .find('\n')
                .map_or(text.len(), |k| line_end + 1 + k);
        }
        start = skip_comments(text, outline, line_end.min(to), to);
    }
    start
}

/// Whether the code before the comment at `at` ends a statement though no `;` or brace
/// does: a line end in Go and JavaScript (semicolons are inserted there after names,
/// literals and closing brackets), or a C++ access label (`public:`).
fn statement_ended(text: &str, lang: &CodeLanguage, outline: &Outline, at: usize) -> bool {
    let b = text.as_bytes();
    let mut p = at;
    let mut k = outline.comments.partition_point(|c| c.0 < at);
    loop {
        while p > 0 && b[p - 1].is_ascii_whitespace() {
            p -= 1;
        }
        if k > 0 && outline.comments[k - 1].1 >= p && outline.comments[k - 1].0 < p {
            p = outline.comments[k - 1].0;
            k -= 1;
        } else {
            break;
        }
    }
    let Some(&last) = p.checked_sub(1).and_then(|i| b.get(i)) else {
        return true;
    };
    let on_earlier_line = text[p..at].contains('\n');
    match lang.name {
        "go" | "javascript" | "typescript" | "tsx" => {
            on_earlier_line && (last.is_ascii_alphanumeric() || b"_$)]\"'`".contains(&last))
        }
        "cpp" => {
            last == b':'
                && ["public", "private", "protected"]
                    .iter()
                    .any(|w| text[..p - 1].trim_end().ends_with(w))
        }
        _ => false,
    }
}

/// The text of `start..end`, which must hold no comment.
fn head_text<'t>(
    text: &'t str,
    outline: &Outline,
    start: usize,
    end: usize,
) -> Result<&'t str, Declined> {
    let k = outline.comments.partition_point(|c| c.1 <= start);
    if outline.comments.get(k).is_some_and(|c| c.0 < end) {
        return Err(Declined("a comment inside a head"));
    }
    Ok(&text[start..end])
}

/// The definition that the code after the comment (ending at `from`) starts, if any:
/// its head runs to the first `{` (in JavaScript even inside parentheses, where
/// callbacks start), or `;` outside brackets, or the end of the enclosing block.
fn following(
    text: &str,
    lang: &CodeLanguage,
    outline: &Outline,
    from: usize,
    place: Place,
) -> Result<Option<Located>, Declined> {
    let start = skip_comments(text, outline, from, text.len());
    if start >= text.len() || text.as_bytes()[start] == b'}' {
        return Ok(None);
    }
    let js = heads::is_js(lang.name);
    let mut depth = 0usize;
    let mut end = text.len();
    let mut term = 0u8;
    let k = outline.punct.partition_point(|(p, _)| *p < start);
    for &(p, c) in &outline.punct[k..] {
        match c {
            b'(' | b'[' => depth += 1,
            b'{' if js || depth == 0 => {
                (end, term) = (p, b'{');
                break;
            }
            b'{' => depth += 1,
            b')' | b']' | b'}' if depth > 0 => depth -= 1,
            b'}' => {
                (end, term) = (p, b'}');
                break;
            }
            b')' | b']' => return Err(Declined("a head that closes a bracket it did not open")),
            b';' if depth == 0 => {
                (end, term) = (p, b';');
                break;
            }
            _ => {}
        }
    }
    let head = head_text(text, outline, start, end)?;
    match heads::classify(lang.name, head, term, place, true)? {
        Head::Def { kind, name, test } => Ok(Some(Located {
            kind,
            name,
            test,
            start,
            end,
        })),
        // The parse looks a few nodes deep into what follows a comment, so a block it
        // reaches (an anonymous namespace, `export default {`, `return class {`) may
        // hold the definition it attaches to.
        Head::Transparent => Err(Declined("a block after the comment")),
        Head::Plain if term == b'{' && !block_is_deep(lang.name, head)? => {
            Err(Declined("a block after the comment"))
        }
        Head::Plain => Ok(None),
    }
}

/// Whether the `{` ending a plain head opens a block the parse does not look into: one
/// after `)` or `=>` (a body), after `=` (the value, behind its left side), or after a
/// name that is no keyword (a struct literal, `if x {`).
fn block_is_deep(lang: &str, head: &str) -> Result<bool, Declined> {
    let toks = tokens(lang, head)?;
    Ok(match toks.last().map(|t| t.1) {
        Some(Tok::Punct(")" | "=>" | "=")) => true,
        Some(Tok::Word(w)) => {
            toks.len() > 1
                && !matches!(
                    w,
                    "return"
                        | "default"
                        | "yield"
                        | "throw"
                        | "await"
                        | "else"
                        | "do"
                        | "try"
                        | "finally"
                        | "loop"
                        | "unsafe"
                        | "async"
                        | "static"
                        | "case"
                        | "in"
                        | "of"
                        | "new"
                        | "typeof"
                        | "void"
                        | "class"
                        | "struct"
                        | "union"
                        | "enum"
                        | "namespace"
                        | "extern"
                        | "const"
                        | "move"
                        | "synchronized"
                        | "checked"
                        | "unchecked"
                        | "fixed"
                        | "lock"
                        | "get"
                        | "set"
                        | "init"
                )
        }
        _ => false,
    })
}

/// Tokens of a head, for the classifiers.
pub(super) fn tokens<'a>(lang: &str, head: &'a str) -> Result<Vec<super::Spanned<'a>>, Declined> {
    let quotes: &[u8] = if heads::is_js(lang) { b"\"'`" } else { b"\"" };
    tokenize(head, quotes)
}

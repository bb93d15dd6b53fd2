//! The check fast path: find the comments (and Python docstrings) that hold IDs with a
//! small lexer, without a tree-sitter parse.
//!
//! A comment's text is all `check` needs from a file to know its annotations and
//! references; the symbol an annotation attaches to only shows in messages, and `check`
//! resolves the few it prints with a full parse afterwards (`check::resolve_symbols`).
//! The lexer knows each language's comment and literal syntax from its `Lexicon`
//! (`languages.rs`). Wherever that syntax leaves a doubt (a `/` that may start a regex,
//! JSX text, a comment on a preprocessor line, a Python string that may or may not be a
//! docstring) it declines, and the caller parses the file with tree-sitter as before.
//! `tests/cli/fast_path.rs` runs both paths over every fixture and compares the reports.

mod c_like;
mod python;
#[cfg(test)]
mod tests;

use crate::ids::IdMatch;
use crate::languages::{LexFamily, Lexicon};

/// A comment or docstring, as a byte range of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    /// A Python docstring rather than a comment.
    pub docstring: bool,
}

/// Why the lexer gave up on a file; the caller parses it instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Declined(pub &'static str);

/// The comments and docstrings of `text` that contain one of `ids` (sorted, as
/// `IdScanner::find_all` returns them), in order.
/// Implements: REQ-FAST-CHECK
pub fn comments_with_ids(
    text: &str,
    lexicon: &Lexicon,
    ids: &[IdMatch],
) -> Result<Vec<Span>, Declined> {
    let mut found = Found::new(ids);
    lex(text, lexicon, &mut found)?;
    Ok(found.spans)
}

/// What one lex of a file tells `sources::shallow_symbols` about its structure, besides the
/// comments with IDs.
#[derive(Debug, Default)]
pub struct Outline {
    /// The comments and docstrings that contain an ID, as `comments_with_ids` returns them.
    pub spans: Vec<Span>,
    /// Every comment (not docstrings), in order.
    pub comments: Vec<(usize, usize)>,
    /// `//` and `/* */` languages: each `{ } ( ) [ ] ;` outside comments and literals, in
    /// order (template literal holes included, their delimiters not).
    pub punct: Vec<(usize, u8)>,
    /// Python: where each logical line's first token is (brackets closed, outside
    /// strings).
    pub lines: Vec<usize>,
    /// Python: where each logical line ends (its newline), in the same order; the last
    /// may be missing at the end of the file.
    pub line_ends: Vec<usize>,
}

/// Lexes `text` and records its outline; `Err` where `comments_with_ids` would decline.
pub fn outline(text: &str, lexicon: &Lexicon, ids: &[IdMatch]) -> Result<Outline, Declined> {
    let mut found = Found::new(ids);
    found.outline = Some(Outline::default());
    lex(text, lexicon, &mut found)?;
    let mut outline = found.outline.take().unwrap_or_default();
    outline.spans = found.spans;
    Ok(outline)
}

fn lex(text: &str, lexicon: &Lexicon, found: &mut Found) -> Result<(), Declined> {
    let bytes = text.as_bytes();
    // A lone carriage return ends a line for some grammars and not others.
    if memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n')) {
        return Err(Declined("a carriage return without a line feed"));
    }
    match lexicon.family {
        LexFamily::CLike => c_like::lex(bytes, lexicon, found),
        LexFamily::Python => python::lex(bytes, found),
    }
}

/// Collects the spans that contain an ID, walking the sorted IDs alongside the lexer.
struct Found<'a> {
    ids: &'a [IdMatch],
    next: usize,
    spans: Vec<Span>,
    /// Recorded only when asked for (`outline`): `check`'s scan of every file skips it.
    outline: Option<Outline>,
}

impl<'a> Found<'a> {
    fn new(ids: &'a [IdMatch]) -> Self {
        Found {
            ids,
            next: 0,
            spans: Vec::new(),
            outline: None,
        }
    }

    /// Whether structure is being recorded, so the lexer stops at brackets too.
    fn wants_outline(&self) -> bool {
        self.outline.is_some()
    }

    fn punct(&mut self, at: usize, byte: u8) {
        if let Some(o) = &mut self.outline {
            o.punct.push((at, byte));
        }
    }

    fn logical_line(&mut self, first_token: usize) {
        if let Some(o) = &mut self.outline {
            o.lines.push(first_token);
        }
    }

    fn logical_line_end(&mut self, newline: usize) {
        if let Some(o) = &mut self.outline {
            o.line_ends.push(newline);
        }
    }

    /// Whether an ID starts inside `start..end` (spans arrive in order).
    fn has_id(&mut self, start: usize, end: usize) -> bool {
        while self.next < self.ids.len() && self.ids[self.next].start < start {
            self.next += 1;
        }
        self.next < self.ids.len() && self.ids[self.next].start < end
    }

    /// Records a comment when it holds an ID.
    fn comment(&mut self, start: usize, end: usize) {
        if let Some(o) = &mut self.outline {
            o.comments.push((start, end));
        }
        if self.has_id(start, end) {
            self.spans.push(Span {
                start,
                end,
                docstring: false,
            });
        }
    }
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// The end of the line starting at or after `i` (the index of its `\n`, or the length).
fn line_end(b: &[u8], i: usize) -> usize {
    memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |k| i + k)
}

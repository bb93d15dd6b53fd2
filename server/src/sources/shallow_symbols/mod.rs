//! Names the definition an annotation attaches to from the lexer's outline of its file
//! (brackets, comments, logical lines) instead of a tree-sitter parse.
//!
//! `check` reads code with the comment lexer and only needs symbols for the annotations
//! its report mentions ("implemented by method `Ledger.post`"). A parse costs far more
//! than the rest of `check` on those files, and compiling a language's structure query
//! costs up to 45 ms (C++). Most annotations sit right above a definition whose head
//! (`pub fn post(`, `def post(`, `TEST(Ledger, Sums) {`) names it, inside containers
//! whose heads do too. This module reads those heads, following the attachment rules of
//! `sources::code` and the captures of `grammars/<language>/*.scm`.
//!
//! It answers only where it is sure. Any head it does not recognise as either a
//! definition or certainly no definition, any annotation inside a function body or an
//! argument list, any preprocessor conditional, makes it decline, and `check` parses
//! the file as before. `tests/cli/fast_path.rs` compares whole reports both ways, and a
//! unit test compares every annotation of the repository's own code and fixtures with
//! the parse.

mod braces;
mod heads;
mod python;
#[cfg(test)]
mod tests;

use super::code::qualify;
use super::lexer::{self, Declined, Span};
use crate::facts::{Annotation, FileFacts, Symbol, SymbolKind};
use crate::ids::IdScanner;
use crate::languages::{CodeLanguage, LexFamily};
use crate::text::LineIndex;

/// What a head is, as far as symbols go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Head {
    /// A definition the structure query captures. `test`: tests.scm marks its range as
    /// test code.
    Def {
        kind: SymbolKind,
        name: String,
        test: bool,
    },
    /// A block that is no definition but may hold definitions, whose names it does not
    /// change (`namespace {`, `extern "C" {`, the callback of `describe("x", () => {`).
    Transparent,
    /// Certainly no definition (a field, a call, `use`).
    Plain,
}

/// A definition found around an annotation, with its position for the symbol's range.
#[derive(Debug, Clone)]
pub(crate) struct Located {
    pub kind: SymbolKind,
    pub name: String,
    pub test: bool,
    pub start: usize,
    pub end: usize,
}

/// The definitions an annotation's comment relates to: the one it attaches to (a
/// following definition or else the innermost enclosing one) and that one's containers,
/// outermost first.
#[derive(Debug, Default)]
pub(crate) struct Attachment {
    pub containers: Vec<Located>,
    pub attached: Option<Located>,
}

/// Fills in the symbols of the annotations `wanted` picks, as `code::resolve_symbols`
/// would from a parse. `Err` when any of them is beyond this module; nothing is changed
/// then.
/// Implements: REQ-FAST-CHECK
pub fn resolve_symbols(
    text: &str,
    lang: &'static CodeLanguage,
    scanner: &IdScanner,
    facts: &mut FileFacts,
    wanted: impl Fn(&Annotation) -> bool,
) -> Result<(), Declined> {
    let ids = scanner.find_all(text);
    let outline = lexer::outline(text, &lang.lexicon, &ids)?;
    let index = LineIndex::new(text);
    let is_test_file = facts.is_test_file;
    let mut symbols: Vec<Option<Symbol>> = vec![None; outline.spans.len()];
    let mut resolved = Vec::new();
    for (a, annotation) in facts.annotations.iter().enumerate() {
        if !wanted(annotation) {
            continue;
        }
        let p = annotation.target.range.start;
        let at = index
            .line_start(p.line)
            .ok_or(Declined("an annotation past the end"))?
            + p.col as usize;
        let k = outline.spans.partition_point(|s| s.end <= at);
        let span = outline
            .spans
            .get(k)
            .filter(|s| s.start <= at)
            .ok_or(Declined("an annotation outside the comments"))?;
        if symbols[k].is_none() {
            let attachment = match lang.lexicon.family {
                LexFamily::CLike => braces::attach(text, lang, &outline, span)?,
                LexFamily::Python => python::attach(text, &outline, span)?,
            };
            symbols[k] = Some(symbol(attachment, span, lang, &index, is_test_file));
        }
        resolved.push((a, k));
    }
    for (a, k) in resolved {
        if let Some(symbol) = &symbols[k] {
            facts.annotations[a].symbol = symbol.clone();
        }
    }
    Ok(())
}

/// The symbol as `code::symbol_for` builds it (`code::qualify` names it); test code is a
/// test file, a test definition or anything inside a test range.
fn symbol(
    attachment: Attachment,
    comment: &Span,
    lang: &CodeLanguage,
    index: &LineIndex,
    is_test_file: bool,
) -> Symbol {
    let Attachment {
        containers,
        attached,
    } = attachment;
    let in_tests = containers.iter().any(|c| c.test);
    let Some(d) = attached else {
        return Symbol {
            kind: SymbolKind::File,
            name: String::new(),
            range: index.range(comment.start, comment.end),
            is_test: is_test_file || in_tests,
        };
    };
    let outer: Vec<(SymbolKind, &str)> = containers
        .iter()
        .map(|c| (c.kind, c.name.as_str()))
        .collect();
    let (kind, name) = qualify(d.kind, &d.name, &outer, lang.path_separator);
    Symbol {
        kind,
        name,
        // The head, not the whole definition: `check` shows no symbol ranges.
        range: index.range(d.start, d.end),
        is_test: is_test_file || kind == SymbolKind::Test || d.test || in_tests,
    }
}

/// A token of a definition head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tok<'a> {
    /// An identifier or keyword (letters, digits, `_`, `$`, and non-ASCII).
    Word(&'a str),
    /// A string literal with its quotes.
    Str(&'a str),
    /// One punctuation character; `::`, `=>` and `->` are one token.
    Punct(&'a str),
}

impl<'a> Tok<'a> {
    pub fn is(&self, s: &str) -> bool {
        match self {
            Tok::Word(w) | Tok::Punct(w) => *w == s,
            Tok::Str(_) => false,
        }
    }

    pub fn word(&self) -> Option<&'a str> {
        match self {
            Tok::Word(w) => Some(w),
            _ => None,
        }
    }
}

/// A token with its byte offset in the head.
pub(crate) type Spanned<'a> = (usize, Tok<'a>);

/// Splits a head into tokens. `quotes` are the bytes that start strings in this
/// language's heads; any other quote is punctuation (Rust lifetimes, C chars).
pub(crate) fn tokenize<'a>(head: &'a str, quotes: &[u8]) -> Result<Vec<Spanned<'a>>, Declined> {
    let b = head.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80 {
            let s = i;
            while i < b.len()
                && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'$' || b[i] >= 0x80)
            {
                i += 1;
            }
            out.push((s, Tok::Word(&head[s..i])));
        } else if quotes.contains(&c) {
            let s = i;
            i += 1;
            while i < b.len() && b[i] != c {
                if b[i] == b'\\' {
                    return Err(Declined("an escape in a head's string"));
                }
                i += 1;
            }
            if i >= b.len() {
                return Err(Declined("an unterminated string in a head"));
            }
            i += 1;
            out.push((s, Tok::Str(&head[s..i])));
        } else {
            let two = head.get(i..i + 2);
            let len = match two {
                Some("::" | "=>" | "->") => 2,
                _ => 1,
            };
            // Multi-byte characters outside identifiers are not code we name.
            let Some(p) = head.get(i..i + len) else {
                return Err(Declined("an unexpected character in a head"));
            };
            out.push((i, Tok::Punct(p)));
            i += len;
        }
    }
    Ok(out)
}

/// The index of the token closing the bracket group that opens at `open`
/// (`(`, `[`, `<` or `{`), counting only that bracket pair.
pub(crate) fn close_of(toks: &[Spanned], open: usize) -> Option<usize> {
    let (o, c) = match toks.get(open)?.1 {
        Tok::Punct("(") => ("(", ")"),
        Tok::Punct("[") => ("[", "]"),
        Tok::Punct("<") => ("<", ">"),
        Tok::Punct("{") => ("{", "}"),
        _ => return None,
    };
    let mut depth = 0usize;
    for (k, (_, t)) in toks.iter().enumerate().skip(open) {
        if t.is(o) {
            depth += 1;
        } else if t.is(c) {
            depth -= 1;
            if depth == 0 {
                return Some(k);
            }
        }
    }
    None
}

//! Python: definitions from logical lines and their indentation.

use super::{Attachment, Located};
use crate::facts::SymbolKind;
use crate::sources::lexer::{Declined, Outline, Span};

const UNSURE: Declined = Declined("a Python layout the outline does not know");

/// A logical line's start, indentation and what its first words make it.
struct Line<'t> {
    at: usize,
    indent: usize,
    text: &'t str,
}

pub(super) fn attach(text: &str, outline: &Outline, span: &Span) -> Result<Attachment, Declined> {
    let lines = &outline.lines;
    // A comment among a statement's lines (in brackets, or after its code) belongs to
    // the statement.
    let k = lines.partition_point(|&at| at < span.start);
    if k > 0
        && outline
            .line_ends
            .get(k - 1)
            .is_none_or(|&end| end > span.start)
    {
        return Err(Declined("a comment inside a statement"));
    }
    let line = |k: usize| -> Result<Line, Declined> { line_at(text, lines[k]) };
    if span.docstring {
        // The first statement of a body documents the `def` or `class` above it.
        let k = lines
            .binary_search(&span.start)
            .map_err(|_| Declined("a docstring that starts no line"))?;
        let mut chain = enclosing(text, lines, k)?;
        let attached = chain.pop();
        if attached.is_none() && line(k)?.indent != 0 {
            return Err(UNSURE);
        }
        return Ok(Attachment {
            containers: chain,
            attached,
        });
    }
    // The first logical line after the comment, past decorators.
    let mut k = lines.partition_point(|&at| at < span.end);
    let first = k;
    while k < lines.len() && line(k)?.text.starts_with('@') {
        k += 1;
    }
    if k < lines.len() {
        if let Some(def) = definition(&line(k)?)? {
            let containers = enclosing(text, lines, k)?;
            return Ok(Attachment {
                containers,
                attached: Some(def),
            });
        }
    }
    // No definition follows: the one around the comment, judged from the next statement,
    // which must sit where the comment does (a comment before a dedent may belong to
    // either block).
    if first >= lines.len() {
        return Err(UNSURE);
    }
    let column = span.start - line_start(text, span.start);
    if line(first)?.indent != column {
        return Err(UNSURE);
    }
    let mut chain = enclosing(text, lines, first)?;
    let attached = chain.pop();
    Ok(Attachment {
        containers: chain,
        attached,
    })
}

/// The identifier `t` starts with, and the rest.
fn first_word(t: &str) -> (&str, &str) {
    let len = t
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(t.len());
    t.split_at(len)
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |k| k + 1)
}

fn line_at(text: &str, at: usize) -> Result<Line<'_>, Declined> {
    let start = line_start(text, at);
    if text[start..at].bytes().any(|c| c != b' ') {
        return Err(Declined("tabs or code before a logical line"));
    }
    let end = text[at..].find('\n').map_or(text.len(), |k| at + k);
    Ok(Line {
        at,
        indent: at - start,
        text: &text[at..end],
    })
}

/// The definition a logical line starts, if it starts one.
fn definition(line: &Line) -> Result<Option<Located>, Declined> {
    let t = line.text;
    let (first, rest) = first_word(t);
    let (kind, rest) = match first {
        "def" => (SymbolKind::Function, rest),
        "class" => (SymbolKind::Class, rest),
        "async" => match first_word(rest.trim_start()) {
            ("def", rest) => (SymbolKind::Function, rest),
            _ => return Ok(None),
        },
        _ => return Ok(None),
    };
    if !rest.starts_with([' ', '\t']) {
        return Err(UNSURE);
    }
    let rest = rest.trim_start();
    let len = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    let name = &rest[..len];
    if name.is_empty()
        || !name.is_ascii()
        || !matches!(rest[len..].chars().next(), Some('(' | ':' | '['))
    {
        return Err(UNSURE);
    }
    let test = match kind {
        SymbolKind::Class => name.starts_with("Test"),
        _ => name.starts_with("test"),
    };
    Ok(Some(Located {
        kind,
        name: name.to_string(),
        test,
        start: line.at,
        end: line.at + t.len(),
    }))
}

/// The definitions whose bodies hold logical line `k`, outermost first: each is the
/// nearest earlier line indented less than the one before. Any other block header
/// (`if`, `with`) in that chain declines.
fn enclosing(text: &str, lines: &[usize], k: usize) -> Result<Vec<Located>, Declined> {
    let mut indent = line_at(text, lines[k])?.indent;
    let mut chain = Vec::new();
    let mut j = k;
    while indent > 0 && j > 0 {
        j -= 1;
        let line = line_at(text, lines[j])?;
        if line.indent >= indent {
            continue;
        }
        let def = definition(&line)?.ok_or(UNSURE)?;
        chain.push(def);
        indent = line.indent;
    }
    if indent > 0 {
        return Err(UNSURE);
    }
    chain.reverse();
    Ok(chain)
}

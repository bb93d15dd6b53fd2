//! Languages with `//` and `/* */` comments: C, C++, C#, Go, Java, JavaScript,
//! TypeScript and Rust. Code between literals is skipped a run of bytes at a time; only
//! the bytes that can start a comment or a literal stop the scan.

use super::{is_ident_byte, line_end, Declined, Found};
use crate::languages::{Backtick, Lexicon, SingleQuote, StringForms};

type Lexed = Result<usize, Declined>;

/// Lexes `b`, reporting comments to `found`.
pub(super) fn lex(b: &[u8], lx: &Lexicon, found: &mut Found) -> Result<(), Declined> {
    let stops = stop_bytes(lx, found.wants_outline());
    let mut i = 0;
    if lx.hashbang && b.starts_with(b"#!") && !b.starts_with(b"#![") {
        i = line_end(b, 0);
    }
    if lx.regex_literals || lx.jsx {
        // Line separators end `//` comments in JavaScript only; HTML-like comments are
        // comments there. Both are too rare to lex.
        if memchr::memmem::find(b, "\u{2028}".as_bytes()).is_some()
            || memchr::memmem::find(b, "\u{2029}".as_bytes()).is_some()
            || memchr::memmem::find(b, b"<!--").is_some()
            || memchr::memmem::find(b, b"-->").is_some()
        {
            return Err(Declined("a JavaScript line separator or HTML comment"));
        }
    }
    // Brace depth inside each open `${` of a template literal, innermost last.
    let mut holes: Vec<u32> = Vec::new();
    // The last comment, so a look back for the previous token can skip it.
    let mut last_comment = 0..0;
    // Open parentheses: whether each follows `if`, `while`, `for` or `with`, after which
    // the `)` ends a statement head and a `/` starts a regex.
    let mut parens: Vec<bool> = Vec::new();
    let mut last_close = Close::default();
    while i < b.len() {
        if !stops[b[i] as usize] {
            i += 1;
            continue;
        }
        i = match b[i] {
            b'/' => match b.get(i + 1) {
                Some(b'/') => {
                    let end = line_comment_end(b, i, lx);
                    found.comment(i, end);
                    last_comment = i..end;
                    end
                }
                Some(b'*') => {
                    let end = block_comment_end(b, i, lx)?;
                    found.comment(i, end);
                    last_comment = i..end;
                    end
                }
                _ if lx.regex_literals => slash(b, i, &last_comment, last_close)?,
                _ => i + 1,
            },
            b'"' => double_quote(b, i, lx)?,
            b'\'' => single_quote(b, i, lx)?,
            b'`' => match lx.backtick {
                Backtick::RawString => delimited(b, i + 1, b"`", "an unterminated raw string")?,
                Backtick::Template => template(b, i + 1, &mut holes)?,
                Backtick::Plain => i + 1,
            },
            b'#' if lx.preprocessor && first_on_line(b, i) => {
                let end = directive(b, i, lx)?;
                if found.wants_outline() && is_conditional_branch(&b[i..end]) {
                    // Braces in `#if`/`#else` branches need not balance in the text.
                    return Err(Declined("an `#else` or `#elif` branch"));
                }
                end
            }
            b'{' => {
                if let Some(depth) = holes.last_mut() {
                    *depth += 1;
                }
                found.punct(i, b'{');
                i + 1
            }
            b'}' => match holes.last_mut() {
                Some(0) => {
                    holes.pop();
                    template(b, i + 1, &mut holes)?
                }
                Some(depth) => {
                    *depth -= 1;
                    found.punct(i, b'}');
                    i + 1
                }
                None => {
                    found.punct(i, b'}');
                    i + 1
                }
            },
            b'(' => {
                let head = word_before(b, skip_blanks_back(b, i));
                parens.push(matches!(head, b"if" | b"while" | b"for" | b"with"));
                found.punct(i, b'(');
                i + 1
            }
            b')' => {
                last_close = Close {
                    at: Some(i),
                    statement_head: parens.pop().unwrap_or(false),
                };
                found.punct(i, b')');
                i + 1
            }
            c @ (b'[' | b']' | b';') => {
                found.punct(i, c);
                i + 1
            }
            b'<' if lx.jsx => {
                let element_start = b
                    .get(i + 1)
                    .is_some_and(|&c| c.is_ascii_alphabetic() || c == b'>');
                let previous = previous_token(b, i, &last_comment, last_close);
                if element_start && previous != Previous::Operand {
                    return Err(Declined("possible JSX"));
                }
                i + 1
            }
            _ => i + 1,
        };
    }
    if !holes.is_empty() {
        return Err(Declined("an unterminated template literal"));
    }
    Ok(())
}

/// Bytes that may start a comment, a literal or a directive in this language, and the
/// brackets when the outline is recorded.
fn stop_bytes(lx: &Lexicon, outline: bool) -> [bool; 256] {
    let mut t = [false; 256];
    if outline {
        for c in *b"{}()[];" {
            t[c as usize] = true;
        }
    }
    for c in [b'/', b'"', b'\''] {
        t[c as usize] = true;
    }
    if lx.backtick != Backtick::Plain {
        t[b'`' as usize] = true;
    }
    if lx.preprocessor {
        t[b'#' as usize] = true;
    }
    if lx.backtick == Backtick::Template {
        t[b'{' as usize] = true;
        t[b'}' as usize] = true;
    }
    if lx.jsx {
        t[b'<' as usize] = true;
    }
    if lx.regex_literals {
        t[b'(' as usize] = true;
        t[b')' as usize] = true;
    }
    t
}

/// The last `)` seen, and whether it closed the head of an `if`/`while`/`for`/`with`.
#[derive(Debug, Clone, Copy, Default)]
struct Close {
    at: Option<usize>,
    statement_head: bool,
}

fn skip_blanks_back(b: &[u8], mut p: usize) -> usize {
    while p > 0 && b[p - 1].is_ascii_whitespace() {
        p -= 1;
    }
    p
}

fn line_comment_end(b: &[u8], start: usize, lx: &Lexicon) -> usize {
    let mut end = line_end(b, start);
    if lx.line_comment_continues {
        // `// ... \` continues on the next line.
        while end < b.len() && continues(b, end) {
            end = line_end(b, end + 1);
        }
    }
    // The comment node stops before a `\r\n` line ending.
    if end > start && b[end - 1] == b'\r' {
        end - 1
    } else {
        end
    }
}

/// Whether the line ending at the `\n` at `nl` ends with a backslash.
fn continues(b: &[u8], nl: usize) -> bool {
    let before = if nl > 0 && b[nl - 1] == b'\r' {
        nl - 1
    } else {
        nl
    };
    before > 0 && b[before - 1] == b'\\'
}

fn block_comment_end(b: &[u8], start: usize, lx: &Lexicon) -> Lexed {
    let mut depth = 1;
    let mut i = start + 2;
    while i + 1 < b.len() {
        match (b[i], b[i + 1]) {
            (b'*', b'/') => {
                depth -= 1;
                i += 2;
                if depth == 0 || !lx.nested_block_comments {
                    return Ok(i);
                }
            }
            (b'/', b'*') if lx.nested_block_comments => {
                depth += 1;
                i += 2;
            }
            _ => i += 1,
        }
    }
    Err(Declined("an unterminated block comment"))
}

/// The end of a literal that runs to `close`, with backslash escapes.
fn escaped(b: &[u8], mut i: usize, close: u8, multiline: bool) -> Lexed {
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            c if c == close => return Ok(i + 1),
            b'\n' if !multiline => return Err(Declined("a literal running past its line")),
            _ => i += 1,
        }
    }
    Err(Declined("an unterminated literal"))
}

/// The end of a literal that runs to the first `close` sequence, without escapes.
fn delimited(b: &[u8], i: usize, close: &[u8], what: &'static str) -> Lexed {
    memchr::memmem::find(&b[i..], close)
        .map(|k| i + k + close.len())
        .ok_or(Declined(what))
}

/// The identifier that ends right before `i`.
fn word_before(b: &[u8], i: usize) -> &[u8] {
    let mut s = i;
    while s > 0 && is_ident_byte(b[s - 1]) {
        s -= 1;
    }
    &b[s..i]
}

fn double_quote(b: &[u8], i: usize, lx: &Lexicon) -> Lexed {
    match lx.strings {
        StringForms::Plain => {
            if lx.preprocessor && word_before(b, i).ends_with(b"R") {
                // C has no raw strings, but a C++ header may be read as C.
                return Err(Declined("a raw string prefix in C"));
            }
            escaped(b, i + 1, b'"', false)
        }
        StringForms::Rust => {
            let mut k = i;
            while k > 0 && b[k - 1] == b'#' {
                k -= 1;
            }
            let hashes = i - k;
            match word_before(b, k) {
                b"r" | b"br" | b"cr" => {
                    let mut close = vec![b'"'];
                    close.extend(std::iter::repeat_n(b'#', hashes));
                    delimited(b, i + 1, &close, "an unterminated raw string")
                }
                _ if hashes > 0 => Err(Declined("`#` before a string")),
                _ => escaped(b, i + 1, b'"', true),
            }
        }
        StringForms::Cpp => match word_before(b, i) {
            b"R" | b"LR" | b"uR" | b"UR" | b"u8R" => {
                let open = memchr::memchr(b'(', &b[i + 1..])
                    .map(|k| i + 1 + k)
                    .filter(|&o| o - i <= 17)
                    .ok_or(Declined("a raw string without its delimiter"))?;
                let mut close = vec![b')'];
                close.extend_from_slice(&b[i + 1..open]);
                close.push(b'"');
                delimited(b, open + 1, &close, "an unterminated raw string")
            }
            _ => escaped(b, i + 1, b'"', false),
        },
        StringForms::Java => {
            if b[i..].starts_with(b"\"\"\"") {
                escaped_run(b, i + 3, b"\"\"\"")
            } else {
                escaped(b, i + 1, b'"', false)
            }
        }
        StringForms::CSharp => csharp_string(b, i),
    }
}

/// The end of a literal closed by `close`, with backslash escapes, over lines.
fn escaped_run(b: &[u8], mut i: usize, close: &[u8]) -> Lexed {
    while i < b.len() {
        if b[i] == b'\\' {
            i += 2;
        } else if b[i..].starts_with(close) {
            return Ok(i + close.len());
        } else {
            i += 1;
        }
    }
    Err(Declined("an unterminated text block"))
}

/// C# strings: `"..."`, `@"..."` (verbatim, `""` escapes a quote), `$"..{x}.."`
/// (interpolated) and `"""..."""` raw strings, prefixes in either order.
fn csharp_string(b: &[u8], i: usize) -> Lexed {
    let mut k = i;
    let (mut verbatim, mut interpolated) = (false, false);
    while k > 0 && matches!(b[k - 1], b'@' | b'$') {
        verbatim |= b[k - 1] == b'@';
        interpolated |= b[k - 1] == b'$';
        k -= 1;
    }
    let quotes = b[i..].iter().take_while(|&&c| c == b'"').count();
    if quotes >= 3 {
        let close = vec![b'"'; quotes];
        let end = delimited(b, i + quotes, &close, "an unterminated raw string")?;
        if interpolated && b[i..end].contains(&b'{') {
            return Err(Declined("an interpolated raw string"));
        }
        return Ok(end);
    }
    let mut j = i + 1;
    while j < b.len() {
        match b[j] {
            b'\\' if !verbatim => j += 2,
            b'"' if verbatim && b.get(j + 1) == Some(&b'"') => j += 2,
            b'"' => return Ok(j + 1),
            b'\n' if !verbatim => return Err(Declined("a string running past its line")),
            b'{' if interpolated && b.get(j + 1) == Some(&b'{') => j += 2,
            b'{' if interpolated => j = interpolation_hole(b, j + 1)?,
            _ => j += 1,
        }
    }
    Err(Declined("an unterminated string"))
}

/// The end of a `{...}` hole of a C# interpolated string; holes with literals or
/// comments inside are left to the parser.
fn interpolation_hole(b: &[u8], mut j: usize) -> Lexed {
    let mut depth = 0;
    while j < b.len() {
        match b[j] {
            b'{' => depth += 1,
            b'}' if depth == 0 => return Ok(j + 1),
            b'}' => depth -= 1,
            b'"' | b'\'' | b'/' | b'@' | b'$' | b'\n' => {
                return Err(Declined("an interpolation hole with literals"))
            }
            _ => {}
        }
        j += 1;
    }
    Err(Declined("an unterminated interpolation hole"))
}

fn single_quote(b: &[u8], i: usize, lx: &Lexicon) -> Lexed {
    match lx.single_quote {
        SingleQuote::String => escaped(b, i + 1, b'\'', false),
        SingleQuote::Char => {
            if lx.preprocessor && in_number(b, i) {
                // `1'000'000`: a C++14 digit separator (C23 has them too).
                if lx.strings == StringForms::Cpp {
                    return Ok(i + 1);
                }
                return Err(Declined("a digit separator in C"));
            }
            escaped(b, i + 1, b'\'', false)
        }
        SingleQuote::CharOrLifetime => {
            if b.get(i + 1) == Some(&b'\\') {
                return escaped(b, i + 1, b'\'', false);
            }
            let Some(&first) = b.get(i + 1) else {
                return Err(Declined("a quote at the end of the file"));
            };
            let width = utf8_width(first);
            if b.get(i + 1 + width) == Some(&b'\'') {
                Ok(i + 2 + width) // 'x'
            } else if is_ident_byte(first) {
                Ok(i + 1) // 'a lifetime or 'label
            } else {
                Err(Declined("a quote that is neither a char nor a lifetime"))
            }
        }
    }
}

fn utf8_width(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// Whether the quote at `i` sits inside a number token (`1'000`, `0x1'F`).
fn in_number(b: &[u8], i: usize) -> bool {
    let mut s = i;
    while s > 0 && (b[s - 1].is_ascii_alphanumeric() || matches!(b[s - 1], b'_' | b'.' | b'\'')) {
        s -= 1;
    }
    s < i && b[s].is_ascii_digit()
}

fn first_on_line(b: &[u8], i: usize) -> bool {
    b[..i]
        .iter()
        .rev()
        .take_while(|&&c| c != b'\n')
        .all(|&c| c == b' ' || c == b'\t')
}

/// A preprocessor directive runs to the end of its (continued) line. Its text is not
/// lexed as code (`#error don't` holds no char literal); a comment in it is left to the
/// parser, since grammars differ on where a directive's argument stops.
fn directive(b: &[u8], i: usize, lx: &Lexicon) -> Lexed {
    let mut end = line_end(b, i);
    if lx.line_comment_continues {
        while end < b.len() && continues(b, end) {
            end = line_end(b, end + 1);
        }
    }
    let text = &b[i..end];
    if memchr::memmem::find(text, b"//").is_some() || memchr::memmem::find(text, b"/*").is_some() {
        return Err(Declined("a comment on a preprocessor line"));
    }
    Ok(end)
}

/// `#else`, `#elif` and their variants: the text holds two versions of some code.
fn is_conditional_branch(directive: &[u8]) -> bool {
    let word = directive[1..]
        .iter()
        .skip_while(|c| c.is_ascii_whitespace())
        .take_while(|c| c.is_ascii_alphabetic())
        .copied()
        .collect::<Vec<u8>>();
    word.starts_with(b"el")
}

/// A template literal's text from `i` (after the backtick or a hole's `}`) to its end or
/// its next `${` hole, whose code the main loop then lexes.
fn template(b: &[u8], mut i: usize, holes: &mut Vec<u32>) -> Lexed {
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'`' => return Ok(i + 1),
            b'$' if b.get(i + 1) == Some(&b'{') => {
                holes.push(0);
                return Ok(i + 2);
            }
            _ => i += 1,
        }
    }
    Err(Declined("an unterminated template literal"))
}

/// What the token before a `/` or `<` says about it.
#[derive(Debug, PartialEq, Eq)]
enum Previous {
    /// An operand ends there: `/` divides, `<` compares.
    Operand,
    /// An operator or keyword: `/` starts a regex, `<` may start JSX.
    Operator,
    /// `)`, `}`, `++`, `!`, `>`...: either, depending on grammar context the lexer lacks.
    Unknown,
}

const REGEX_KEYWORDS: &[&[u8]] = &[
    b"return",
    b"typeof",
    b"instanceof",
    b"in",
    b"of",
    b"new",
    b"delete",
    b"void",
    b"throw",
    b"case",
    b"do",
    b"else",
    b"yield",
    b"await",
];

fn previous_token(
    b: &[u8],
    i: usize,
    last_comment: &std::ops::Range<usize>,
    last_close: Close,
) -> Previous {
    let p = skip_blanks_back(b, i);
    if p == 0 {
        return Previous::Operator;
    }
    if last_comment.contains(&(p - 1)) {
        return Previous::Unknown; // the token before the comment is not at hand
    }
    let c = b[p - 1];
    if is_ident_byte(c) || c == b'$' {
        let word = word_before(b, p);
        let word_start = p - word.len();
        let is_property = word_start > 0 && b[word_start - 1] == b'.';
        if word.first().is_some_and(u8::is_ascii_digit) || is_property {
            return Previous::Operand;
        }
        return if REGEX_KEYWORDS.contains(&word) {
            Previous::Operator
        } else {
            Previous::Operand
        };
    }
    match c {
        b')' if last_close.at == Some(p - 1) && last_close.statement_head => Previous::Operator,
        b')' if last_close.at == Some(p - 1) => Previous::Operand,
        b']' | b'"' | b'\'' | b'`' => Previous::Operand,
        b'>' if p >= 2 && b[p - 2] == b'=' => Previous::Operator,
        b')' | b'}' | b'!' | b'>' | b'/' => Previous::Unknown,
        b'+' | b'-' if p >= 2 && b[p - 2] == c => Previous::Unknown,
        _ => Previous::Operator,
    }
}

/// A `/` that starts no comment: division or a regex literal.
fn slash(b: &[u8], i: usize, last_comment: &std::ops::Range<usize>, last_close: Close) -> Lexed {
    match previous_token(b, i, last_comment, last_close) {
        Previous::Operand => Ok(i + 1),
        Previous::Operator => regex(b, i + 1),
        Previous::Unknown => {
            // Either reading lexes the rest of the line the same when it holds no other
            // slash, quote or backtick (a regex needs its closing slash on this line).
            let rest = &b[i + 1..line_end(b, i)];
            if rest.iter().any(|c| matches!(c, b'/' | b'"' | b'\'' | b'`')) {
                Err(Declined("a slash that may start a regex"))
            } else {
                Ok(i + 1)
            }
        }
    }
}

fn regex(b: &[u8], mut i: usize) -> Lexed {
    let mut in_class = false;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'\n' => return Err(Declined("a regex running past its line")),
            b'[' => {
                in_class = true;
                i += 1;
            }
            b']' => {
                in_class = false;
                i += 1;
            }
            b'/' if !in_class => return Ok(i + 1),
            _ => i += 1,
        }
    }
    Err(Declined("an unterminated regex"))
}

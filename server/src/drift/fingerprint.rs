//! Fingerprints: a stable hash of an item's normalized content.
//!
//! Normalization keeps what a reader would call the meaning and folds what an editor
//! changes without meaning to: line breaks inside a paragraph, runs of spaces, emphasis
//! markers, list bullets. So reflowing a paragraph or switching `*` for `-` changes
//! nothing, while changing a word changes the fingerprint.

use crate::contract::Operation;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::fmt;

/// 64 bits of XXH3 over the normalized content. XXH3's output is fixed by its
/// specification, so fingerprints in a committed lock stay valid across builds and
/// platforms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fingerprint(pub u64);

/// Hex text in JSON (exports, the lock's readers); the bare number in binary formats
/// (the facts cache), where 16 characters per fingerprint would cost size and parsing.
impl Serialize for Fingerprint {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.collect_str(self)
        } else {
            s.serialize_u64(self.0)
        }
    }
}

impl<'de> serde::Deserialize<'de> for Fingerprint {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if d.is_human_readable() {
            let s = String::deserialize(d)?;
            Fingerprint::parse(&s)
                .ok_or_else(|| serde::de::Error::custom("a fingerprint is 16 hex digits"))
        } else {
            u64::deserialize(d).map(Fingerprint)
        }
    }
}

impl Fingerprint {
    pub fn of(content: &str) -> Fingerprint {
        Fingerprint::of_bytes(content.as_bytes())
    }

    pub fn of_bytes(content: &[u8]) -> Fingerprint {
        Fingerprint(xxhash_rust::xxh3::xxh3_64(content))
    }

    /// Parses the 16 hex digits written by `Display`.
    pub fn parse(s: &str) -> Option<Fingerprint> {
        if s.len() != 16 {
            return None;
        }
        u64::from_str_radix(s, 16).ok().map(Fingerprint)
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl From<Fingerprint> for String {
    fn from(f: Fingerprint) -> String {
        f.to_string()
    }
}

/// The normalized content of a Markdown item: its title on the first line, then one line
/// per block of its own body (paragraph, list item, table row, code line). `Derives
/// from:` lines are left out: they are the item's links, reviewed as links, not its text.
/// Implements: REQ-FINGERPRINTS
pub fn markdown_content(title: &str, body: &str) -> String {
    let mut out = Content::default();
    out.word(title);
    out.end_block();
    let kept = without_derives_lines(body);
    let parser = Parser::new_ext(
        &kept,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS,
    );
    let mut in_code_block = false;
    for event in parser {
        match event {
            Event::Start(Tag::CodeBlock(_)) => {
                out.end_block();
                in_code_block = true;
            }
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Text(t) if in_code_block => {
                // Code keeps its lines; only trailing spaces are noise.
                for line in t.lines() {
                    out.raw_line(line.trim_end());
                }
            }
            Event::Text(t) | Event::Code(t) => out.word(&t),
            Event::Html(t) | Event::InlineHtml(t) => out.word(&t),
            Event::SoftBreak | Event::HardBreak => out.space(),
            Event::TaskListMarker(done) => out.word(if done { "[x]" } else { "[ ]" }),
            Event::Start(Tag::Item) => {
                out.end_block();
                out.word("- ");
            }
            Event::Start(Tag::TableCell) => out.word(" | "),
            Event::Start(
                Tag::Paragraph | Tag::Heading { .. } | Tag::BlockQuote(_) | Tag::TableRow,
            )
            | Event::Start(Tag::TableHead)
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableRow
                | TagEnd::TableHead,
            ) => out.end_block(),
            Event::Rule => {
                out.end_block();
                out.raw_line("---");
            }
            _ => {}
        }
    }
    out.finish()
}

/// The normalized content of an operation: its method and path, then its parameters and
/// responses in a fixed order, so reordering them in the document changes nothing.
/// Implements: REQ-FINGERPRINTS
pub fn operation_content(op: &Operation) -> String {
    let mut lines = vec![op.signature()];
    let mut params: Vec<String> = op
        .parameters
        .iter()
        .map(|p| {
            let required = if p.required { " required" } else { "" };
            format!("parameter {} in {}{required}", p.name, p.location)
        })
        .collect();
    params.sort();
    lines.extend(params);
    let mut responses: Vec<String> = op
        .responses
        .iter()
        .map(|r| {
            let description = r
                .description
                .as_deref()
                .map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "))
                .unwrap_or_default();
            format!("response {}: {description}", r.code)
                .trim_end()
                .to_string()
        })
        .collect();
    responses.sort();
    lines.extend(responses);
    lines.join("\n")
}

/// `body` without its `Derives from:` lines (list markers and emphasis allowed in front).
fn without_derives_lines(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    for line in body.split_inclusive('\n') {
        if crate::sources::markdown::starts_derives(line) {
            // Keep the line break so a paragraph around the line does not merge into
            // its neighbour's block.
            out.push('\n');
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Builds normalized text: words of a block joined by one space, blocks on their own
/// lines, no empty lines.
#[derive(Default)]
struct Content {
    lines: Vec<String>,
    current: String,
    pending_space: bool,
}

impl Content {
    fn word(&mut self, text: &str) {
        for (i, part) in text.split_whitespace().enumerate() {
            let leading_space = i > 0 || text.starts_with(char::is_whitespace);
            if !self.current.is_empty() && (self.pending_space || leading_space) {
                self.current.push(' ');
            }
            self.current.push_str(part);
            self.pending_space = false;
        }
        if text.ends_with(char::is_whitespace) {
            self.pending_space = true;
        }
    }

    fn space(&mut self) {
        self.pending_space = true;
    }

    fn raw_line(&mut self, line: &str) {
        self.end_block();
        if !line.is_empty() {
            self.lines.push(line.to_string());
        }
    }

    fn end_block(&mut self) {
        if !self.current.is_empty() {
            self.lines.push(std::mem::take(&mut self.current));
        }
        self.pending_space = false;
    }

    fn finish(mut self) -> String {
        self.end_block();
        self.lines.join("\n")
    }
}

// Verifies: REQ-FINGERPRINTS
#[cfg(test)]
mod tests {
    use super::*;

    fn fp(title: &str, body: &str) -> Fingerprint {
        Fingerprint::of(&markdown_content(title, body))
    }

    #[test]
    fn reflowing_a_paragraph_changes_nothing() {
        let a = "\nPayments are captured within two seconds of\nauthorisation, or the order is cancelled.\n";
        let b = "\n\nPayments are captured   within two seconds of authorisation,\n  or the order is cancelled.\n\n";
        assert_eq!(fp("Capture", a), fp("Capture", b));
        assert_eq!(
            markdown_content("Capture", a),
            "Capture\nPayments are captured within two seconds of authorisation, or the order is cancelled."
        );
    }

    #[test]
    fn formatting_noise_is_folded() {
        let a = "Use *idempotency keys* on **every** retry.\n\n* one\n* two\n";
        let b = "Use _idempotency keys_ on __every__ retry.\n\n- one\n- two\n";
        assert_eq!(fp("T", a), fp("T", b));
    }

    #[test]
    fn changing_a_word_or_the_title_changes_the_fingerprint() {
        let body = "Payments are captured within two seconds.\n";
        assert_ne!(
            fp("T", body),
            fp("T", "Payments are captured within five seconds.\n")
        );
        assert_ne!(fp("T", body), fp("Other title", body));
        // Blocks matter: splitting a paragraph in two is a change.
        assert_ne!(fp("T", "a b\n"), fp("T", "a\n\nb\n"));
    }

    #[test]
    fn derives_lines_are_not_content() {
        let a = "Text.\n\nDerives from: `BRIEF-1`\n";
        let b = "Text.\n\n- **Derives from:** `BRIEF-2`, `BRIEF-3`\n";
        assert_eq!(fp("T", a), fp("T", b));
    }

    #[test]
    fn code_blocks_keep_their_lines() {
        let a = "```\nlet x = 1;\nlet y = 2;\n```\n";
        let b = "```\nlet x = 1; let y = 2;\n```\n";
        assert_ne!(fp("T", a), fp("T", b));
        assert_eq!(markdown_content("T", a), "T\nlet x = 1;\nlet y = 2;");
    }

    #[test]
    fn fingerprints_print_and_parse_as_16_hex_digits() {
        let f = Fingerprint::of("x");
        let s = f.to_string();
        assert_eq!(s.len(), 16);
        assert_eq!(Fingerprint::parse(&s), Some(f));
        assert_eq!(Fingerprint::parse("xyz"), None);
        // Fixed by the XXH3 specification: a change here would invalidate every lock.
        assert_eq!(Fingerprint::of("").to_string(), "2d06800538d394c2");
    }
}

//! Markdown: headings that start with an ID define items; `Derives from:` lines link them
//! upstream; any other ID in prose is a reference. Code spans and code blocks are
//! examples and are skipped.

use crate::drift::fingerprint::{markdown_content, Fingerprint};
use crate::facts::{DefKind, Definition, FileFacts, Link, Occurrence, Reference};
use crate::ids::IdScanner;
use crate::text::LineIndex;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

struct Heading {
    level: u8,
    start: usize,
    end: usize,
    /// Index into `definitions` when the heading defines an item.
    def: Option<usize>,
}

/// Extracts definitions, links and references from Markdown `text` into `facts`.
/// Implements: REQ-MARKDOWN
pub fn extract(text: &str, scanner: &IdScanner, facts: &mut FileFacts) {
    let index = LineIndex::new(text);
    let mut headings: Vec<Heading> = Vec::new();
    // Prose ID occurrences (byte ranges) outside headings, resolved to links/refs later.
    let mut prose: Vec<(usize, usize)> = Vec::new();
    let mut heading_refs: Vec<(usize, usize)> = Vec::new();

    let mut code_depth = 0usize;
    let mut heading: Option<HeadingState> = None;
    // Consecutive text events are merged so an ID split across events is still seen.
    let mut pending: Option<(usize, usize)> = None;

    let parser = Parser::new_ext(
        text,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS,
    );
    for (event, range) in parser.into_offset_iter() {
        if !matches!(event, Event::Text(_)) {
            if let Some((s, e)) = pending.take() {
                scan_prose(
                    text,
                    s,
                    e,
                    scanner,
                    heading.is_some(),
                    &mut prose,
                    &mut heading_refs,
                );
            }
        }
        match event {
            Event::Start(Tag::CodeBlock(_)) | Event::Start(Tag::HtmlBlock) => code_depth += 1,
            Event::End(TagEnd::CodeBlock) | Event::End(TagEnd::HtmlBlock) => {
                code_depth = code_depth.saturating_sub(1)
            }
            Event::Start(Tag::Heading { level, .. }) if code_depth == 0 => {
                heading = Some(HeadingState {
                    level: heading_level(level),
                    start: range.start,
                    end: range.end,
                    first_inline: None,
                    plain: String::new(),
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = heading.take() {
                    let def = define(text, &h, scanner, &index, facts);
                    headings.push(Heading {
                        level: h.level,
                        start: h.start,
                        end: h.end,
                        def,
                    });
                }
            }
            Event::Text(t) if code_depth == 0 => {
                if let Some(h) = heading.as_mut() {
                    if h.first_inline.is_none() {
                        h.first_inline = Some(Inline::Text(range.start));
                    }
                    h.plain.push_str(&t);
                }
                pending = match pending {
                    Some((s, e)) if e == range.start => Some((s, range.end)),
                    Some((s, e)) => {
                        scan_prose(
                            text,
                            s,
                            e,
                            scanner,
                            heading.is_some(),
                            &mut prose,
                            &mut heading_refs,
                        );
                        Some((range.start, range.end))
                    }
                    None => Some((range.start, range.end)),
                };
            }
            Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    if h.first_inline.is_none() {
                        h.first_inline = Some(Inline::Code);
                    }
                    h.plain.push_str(&t);
                }
            }
            _ => {}
        }
    }
    if let Some((s, e)) = pending.take() {
        scan_prose(text, s, e, scanner, false, &mut prose, &mut heading_refs);
    }

    // Bodies run to the next heading of the same or a higher level.
    for i in 0..headings.len() {
        let Some(d) = headings[i].def else { continue };
        let level = headings[i].level;
        let body_end = headings[i + 1..]
            .iter()
            .find(|h| h.level <= level)
            .map_or(text.len(), |h| h.start);
        facts.definitions[d].body = (headings[i].end, body_end);
        // The item's own text stops at its first sub-item: a brief's fingerprint must not
        // change when one of its requirements does.
        let own_end = headings[i + 1..]
            .iter()
            .find(|h| h.level <= level || h.def.is_some())
            .map_or(text.len(), |h| h.start);
        let def = &mut facts.definitions[d];
        def.content = markdown_content(&def.title, &text[headings[i].end..own_end]);
        def.fingerprint = Fingerprint::of(&def.content);
    }

    for (s, e) in heading_refs {
        // The defining ID itself is not a reference.
        if facts
            .definitions
            .iter()
            .any(|d| index.range(s, e) == d.range)
        {
            continue;
        }
        let in_item = enclosing_item(facts, s);
        facts.references.push(Reference {
            occ: occurrence(text, s, e, &index),
            in_item,
            prose: false,
        });
    }
    for (s, e) in prose {
        let in_item = enclosing_item(facts, s);
        let occ = occurrence(text, s, e, &index);
        match in_item {
            Some(from) if is_derives_line(text, s) => facts.links.push(Link { from, to: occ }),
            in_item => facts.references.push(Reference {
                occ,
                in_item,
                prose: false,
            }),
        }
    }
}

enum Inline {
    Text(usize),
    Code,
}

struct HeadingState {
    level: u8,
    start: usize,
    end: usize,
    first_inline: Option<Inline>,
    plain: String,
}

fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

/// Records a definition when the heading's first inline text starts with an ID.
fn define(
    text: &str,
    h: &HeadingState,
    scanner: &IdScanner,
    index: &LineIndex,
    facts: &mut FileFacts,
) -> Option<usize> {
    let Some(Inline::Text(start)) = h.first_inline else {
        return None;
    };
    let id = scanner.id_at_start(&text[start..])?;
    let title = h
        .plain
        .trim_start()
        .strip_prefix(id)
        .unwrap_or("")
        .trim_start()
        .trim_start_matches([':', '—', '–', '-'])
        .trim()
        .to_string();
    // The heading range includes the trailing newline; the diagnostic belongs on the line.
    let heading_end = text[h.start..h.end].trim_end().len() + h.start;
    facts.definitions.push(Definition {
        id: id.to_string(),
        title,
        range: index.range(start, start + id.len()),
        heading: index.range(h.start, heading_end),
        level: h.level,
        body: (h.end, h.end),
        kind: DefKind::Heading,
        content: String::new(),
        fingerprint: Fingerprint(0),
    });
    Some(facts.definitions.len() - 1)
}

fn scan_prose(
    text: &str,
    start: usize,
    end: usize,
    scanner: &IdScanner,
    in_heading: bool,
    prose: &mut Vec<(usize, usize)>,
    heading_refs: &mut Vec<(usize, usize)>,
) {
    for m in scanner.find_all(&text[start..end]) {
        let (s, e) = (start + m.start, start + m.end);
        if in_heading {
            heading_refs.push((s, e));
        } else {
            prose.push((s, e));
        }
    }
}

fn occurrence(text: &str, s: usize, e: usize, index: &LineIndex) -> Occurrence {
    Occurrence {
        id: text[s..e].to_string(),
        range: index.range(s, e),
    }
}

/// The innermost item whose heading or body contains `offset`.
fn enclosing_item(facts: &FileFacts, offset: usize) -> Option<String> {
    facts
        .definitions
        .iter()
        .filter(|d| d.body.0 <= offset && offset < d.body.1)
        .max_by_key(|d| d.body.0)
        .map(|d| d.id.clone())
}

/// Is the ID at `offset` on a `Derives from:` line, after the colon? Leading list
/// markers, quotes and emphasis (`- **Derives from:** …`) are allowed.
fn is_derives_line(text: &str, offset: usize) -> bool {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    starts_derives(&text[line_start..offset])
}

/// Does this line start with `Derives from:` (after list markers, quotes, emphasis)?
/// Shared with fingerprints, which leave these lines out.
pub(crate) fn starts_derives(line: &str) -> bool {
    let stripped = line.trim_start_matches(|c: char| c.is_whitespace() || "-*+>_".contains(c));
    stripped
        .get(..13)
        .is_some_and(|head| head.eq_ignore_ascii_case("derives from:"))
}

// Verifies: REQ-MARKDOWN
#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::SourceKind;

    fn run(text: &str) -> FileFacts {
        let scanner = IdScanner::new(&["RM", "BRIEF", "REQ"]);
        let mut f = FileFacts::new("doc.md".into(), SourceKind::Markdown, false);
        extract(text, &scanner, &mut f);
        f
    }

    #[test]
    fn heading_defines_item_with_title_and_body() {
        let f = run(
            "# PRD\n\n## REQ-1: Pay once\n\nBody text.\n\n### Notes\nmore\n\n## REQ-2 — Refunds\n",
        );
        let defs: Vec<_> = f
            .definitions
            .iter()
            .map(|d| (d.id.as_str(), d.title.as_str(), d.range.start.line))
            .collect();
        assert_eq!(defs, [("REQ-1", "Pay once", 2), ("REQ-2", "Refunds", 9)]);
        let body =
            &"# PRD\n\n## REQ-1: Pay once\n\nBody text.\n\n### Notes\nmore\n\n## REQ-2 — Refunds\n"
                [f.definitions[0].body.0..f.definitions[0].body.1];
        assert!(body.contains("Body text.") && body.contains("more") && !body.contains("Refunds"));
    }

    #[test]
    fn derives_from_lines_become_links() {
        let f = run("## REQ-1 - A\nDerives from: BRIEF-1, BRIEF-2\n- **Derives from:** BRIEF-3\nSee BRIEF-4.\n");
        let links: Vec<_> = f
            .links
            .iter()
            .map(|l| (l.from.as_str(), l.to.id.as_str()))
            .collect();
        assert_eq!(
            links,
            [
                ("REQ-1", "BRIEF-1"),
                ("REQ-1", "BRIEF-2"),
                ("REQ-1", "BRIEF-3")
            ]
        );
        let refs: Vec<_> = f
            .references
            .iter()
            .map(|r| (r.occ.id.as_str(), r.in_item.as_deref()))
            .collect();
        assert_eq!(refs, [("BRIEF-4", Some("REQ-1"))]);
        assert_eq!(f.links[0].to.range.start.line, 1);
        assert_eq!(f.links[0].to.range.start.col, 14);
    }

    #[test]
    fn code_spans_and_blocks_are_examples() {
        let f = run("## `REQ-1`: not a def\n\nUse `REQ-2` like this:\n\n```md\n## REQ-3: example\nDerives from: BRIEF-1\n```\n\n    REQ-4 indented code\n");
        assert!(f.definitions.is_empty(), "{:?}", f.definitions);
        assert!(
            f.references.is_empty() && f.links.is_empty(),
            "{:?} {:?}",
            f.references,
            f.links
        );
    }

    #[test]
    fn derives_line_outside_an_item_is_a_reference() {
        let f = run("Derives from: BRIEF-1\n");
        assert!(f.links.is_empty());
        assert_eq!(f.references.len(), 1);
    }

    #[test]
    fn setext_and_emphasised_headings() {
        let f = run("REQ-1: Setext\n=============\n\n## **REQ-2**: Bold\n");
        let ids: Vec<_> = f
            .definitions
            .iter()
            .map(|d| (d.id.as_str(), d.title.as_str()))
            .collect();
        assert_eq!(ids, [("REQ-1", "Setext"), ("REQ-2", "Bold")]);
    }

    #[test]
    fn links_text_counts_and_malformed_markdown_does_not_panic() {
        let f = run("See [REQ-9](#req-9).\n");
        assert_eq!(f.references[0].occ.id, "REQ-9");
        let f = run("## REQ-1\n```\nunclosed fence REQ-2\n<div>\n**[`x\n|a|b\n|-\n");
        assert_eq!(f.definitions.len(), 1);
        assert!(f.references.is_empty());
    }
}

//! Building a dialect file's items: definitions whose bodies run to the next item, with
//! their fingerprints, and links between items of one feature. Shared by every dialect.

use super::kiro::lines::Line;
use crate::drift::fingerprint::{markdown_content, Fingerprint};
use crate::facts::{DefKind, Definition, FileFacts, Link, Occurrence};
use crate::text::LineIndex;

pub struct Items<'a> {
    pub text: &'a str,
    pub index: &'a LineIndex,
    pub feature: &'a str,
    pub facts: &'a mut FileFacts,
    /// The dialect's canonical ID of a local ID in `feature` (`kiro_id`, `speckit_id`).
    id_of: fn(&str, &str) -> String,
    /// The definition whose body is still open.
    open: Option<usize>,
}

impl<'a> Items<'a> {
    pub fn new(
        text: &'a str,
        index: &'a LineIndex,
        feature: &'a str,
        facts: &'a mut FileFacts,
        id_of: fn(&str, &str) -> String,
    ) -> Self {
        Items {
            text,
            index,
            feature,
            facts,
            id_of,
            open: None,
        }
    }

    pub fn id(&self, local: &str) -> String {
        (self.id_of)(self.feature, local)
    }

    /// Ends the open definition's body at `at` and fingerprints it.
    pub fn close(&mut self, at: usize) {
        if let Some(i) = self.open.take() {
            let d = &mut self.facts.definitions[i];
            let end = at.max(d.body.0);
            d.body.1 = end;
            d.content = markdown_content(&d.title, &self.text[d.body.0..end]);
            d.fingerprint = Fingerprint::of(&d.content);
        }
    }

    /// Defines `local` at `name` (a span of `line`), its body starting after the line.
    pub fn define(
        &mut self,
        local: &str,
        title: &str,
        line: &Line,
        name: (usize, usize),
        level: u8,
    ) -> String {
        self.close(line.start);
        let id = self.id(local);
        self.facts.definitions.push(Definition {
            id: id.clone(),
            title: title.trim().trim_matches('*').trim().to_string(),
            range: self.index.range(name.0, name.1),
            heading: self
                .index
                .range(line.start, line.start + line.text.trim_end().len()),
            level,
            body: (line.end, line.end),
            kind: DefKind::Heading,
            content: String::new(),
            fingerprint: Fingerprint(0),
        });
        self.open = Some(self.facts.definitions.len() - 1);
        id
    }

    /// A link from item `from` to `local` of the same feature, written at `start..end`.
    pub fn link(&mut self, from: &str, local: &str, start: usize, end: usize) {
        let id = self.id(local);
        self.link_to(from, id, start, end);
    }

    /// A link from item `from` to the item with canonical ID `to`.
    pub fn link_to(&mut self, from: &str, to: String, start: usize, end: usize) {
        self.facts.links.push(Link {
            from: from.to_string(),
            to: Occurrence {
                id: to,
                range: self.index.range(start, end),
            },
        });
    }
}

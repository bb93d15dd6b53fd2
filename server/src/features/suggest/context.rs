//! What a code definition says about itself: the words of its name (weighted most), of
//! the comments on and in it, of the identifiers and strings of its body.

use super::words::words;
use crate::languages::LexFamily;
use crate::sources::code;
use crate::text::LineIndex;
use crate::workspace::{kind_for_path, FileKind};
use rustc_hash::FxHashMap;
use tree_sitter::Node;

pub struct Context {
    /// Query terms with their weights.
    pub terms: FxHashMap<String, f64>,
    pub is_test: bool,
    /// The language's line comment marker.
    pub comment: &'static str,
}

const NAME: f64 = 3.0;
const CONTAINER: f64 = 1.0;
const COMMENT: f64 = 1.0;
const IDENTIFIER: f64 = 1.0;
const STRING: f64 = 0.75;
/// A word used all over the body counts at most this much, so one busy variable does
/// not outweigh the name.
const BODY_CAP: f64 = 3.0;

/// The innermost definition that encloses or starts on 0-based `line`.
pub fn at(text: &str, path: &str, line: u32, is_test_file: bool) -> Option<Context> {
    let FileKind::Code(lang) = kind_for_path(path) else {
        return None;
    };
    let tree = code::parse(text, lang).ok()?;
    let defs = code::outline(text, &tree, lang, is_test_file).ok()?;
    let index = LineIndex::new(text);
    let from = index.line_start(line)?;
    let to = index.line_start(line + 1).unwrap_or(text.len());
    let def = defs
        .iter()
        .filter(|d| d.start < to.max(from + 1) && from <= d.end)
        .min_by_key(|d| d.end - d.start)?;
    let mut name_terms: FxHashMap<String, f64> = FxHashMap::default();
    let mut body: FxHashMap<String, f64> = FxHashMap::default();
    let (own, containers) = match def.name.rfind(['.', ':']) {
        Some(i) => (&def.name[i + 1..], &def.name[..i]),
        None => (def.name.as_str(), ""),
    };
    add(&mut name_terms, own, NAME);
    add(&mut name_terms, containers, CONTAINER);
    let node = tree
        .root_node()
        .descendant_for_byte_range(def.start, def.end)?;
    // Comments just above the definition document it.
    let mut above = node.prev_sibling();
    while let Some(n) = above.filter(|n| n.kind().contains("comment")) {
        add(&mut body, &text[n.byte_range()], COMMENT);
        above = n.prev_sibling();
    }
    walk(node, text, &mut body);
    for (term, weight) in body {
        *name_terms.entry(term).or_default() += weight.min(BODY_CAP);
    }
    Some(Context {
        terms: name_terms,
        is_test: def.is_test,
        comment: match lang.lexicon.family {
            LexFamily::CLike => "//",
            LexFamily::Python => "#",
        },
    })
}

fn add(terms: &mut FxHashMap<String, f64>, text: &str, weight: f64) {
    for w in words(text) {
        *terms.entry(w).or_default() += weight;
    }
}

/// The words of the comments, strings and identifiers under `node`.
fn walk(node: Node, text: &str, terms: &mut FxHashMap<String, f64>) {
    let mut cursor = node.walk();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        let kind = n.kind();
        let source = text.get(n.byte_range()).unwrap_or("");
        if kind.contains("comment") {
            add(terms, source, COMMENT);
        } else if kind.contains("string") {
            add(terms, source, STRING);
        } else if n.child_count() == 0 {
            if kind.contains("identifier") {
                add(terms, source, IDENTIFIER);
            }
        } else {
            stack.extend(n.children(&mut cursor));
        }
    }
}

//! Governance of code: `[governance] require-trace` names the code that must be traced,
//! and `untraced-code` reports its functions, methods and classes that nothing traces.
//!
//! For files under those globs the extraction records every definition
//! (`FileFacts::code_definitions`) with a fingerprint of its body, so that
//! `check --base` counts only definitions that are new or whose body changed.

use crate::diagnostics::Diagnostic;
use crate::facts::{AnnotationKind, CodeDefinition, FileFacts, SymbolKind};
use crate::graph::Graph;
use crate::languages::CodeLanguage;
use crate::sources::code;
use crate::text::LineIndex;
use tree_sitter::{Node, Tree};

/// The definitions of a parsed file under `require-trace`, with their fingerprints.
pub fn definitions(
    text: &str,
    tree: &Tree,
    lang: &'static CodeLanguage,
    is_test_file: bool,
) -> Vec<CodeDefinition> {
    let Ok(outlined) = code::outline(text, tree, lang, is_test_file) else {
        return Vec::new();
    };
    let index = LineIndex::new(text);
    let root = tree.root_node();
    outlined
        .into_iter()
        .map(|d| {
            let line_end = text[d.start..d.end]
                .find('\n')
                .map_or(d.end, |i| d.start + i);
            let head_end = d.start + text[d.start..line_end].trim_end().len();
            CodeDefinition {
                kind: d.kind,
                name: d.name,
                range: index.range(d.start, d.end),
                head: index.range(d.start, head_end),
                is_test: d.is_test,
                fingerprint: root
                    .descendant_for_byte_range(d.start, d.end)
                    .map_or(0, |n| fingerprint(n, text)),
            }
        })
        .collect()
}

/// A hash of the definition's tokens (the tree's leaves), comments left out: moving it,
/// re-indenting it or editing its comments changes nothing; changing its code does.
pub fn fingerprint(node: Node, text: &str) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut cursor = node.walk();
    let mut stack = vec![node];
    // Depth-first, in source order, without recursion (deep trees exist).
    while let Some(n) = stack.pop() {
        if n.kind().contains("comment") {
            continue;
        }
        if n.child_count() == 0 {
            hasher.update(text.get(n.byte_range()).unwrap_or("").as_bytes());
            hasher.update(b"\0");
            continue;
        }
        let children: Vec<Node> = n.children(&mut cursor).collect();
        stack.extend(children.into_iter().rev());
    }
    hasher.digest()
}

/// The kinds `untraced-code` asks about.
pub fn must_be_traced(d: &CodeDefinition) -> bool {
    !d.is_test
        && matches!(
            d.kind,
            SymbolKind::Function | SymbolKind::Method | SymbolKind::Class
        )
}

/// Implements: REQ-UNTRACED-CODE
/// The definitions of a file that must be traced and are not: no `Implements:` on them,
/// on a definition around them, or on the file.
pub fn untraced(file: &FileFacts) -> impl Iterator<Item = &CodeDefinition> {
    let covering: Vec<&crate::facts::Symbol> = file
        .annotations
        .iter()
        .filter(|a| a.kind == AnnotationKind::Implements)
        .map(|a| &a.symbol)
        .collect();
    let whole_file = covering.iter().any(|s| s.kind == SymbolKind::File);
    file.code_definitions.iter().filter(move |d| {
        !whole_file
            && must_be_traced(d)
            && !covering
                .iter()
                .any(|s| s.range.start <= d.range.start && d.range.end <= s.range.end)
    })
}

/// For an `untraced-code` finding: the qualified name and body fingerprint of the
/// definition it is on, which `check --base` matches it by.
pub fn finding_identity(graph: &Graph, d: &Diagnostic) -> Option<(String, u64)> {
    // `Graph::build` sorts the files by path.
    let i = graph
        .files
        .binary_search_by(|f| f.path.as_str().cmp(&d.path))
        .ok()?;
    let file = &graph.files[i];
    let def = file.code_definitions.iter().find(|c| c.head == d.range)?;
    Some((
        format!("{} {}", def.kind.label(), def.name),
        def.fingerprint,
    ))
}

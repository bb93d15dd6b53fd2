//! Source code through tree-sitter: comments and docstrings carry annotations, which
//! attach to the definition that follows them or else the one enclosing them.

use super::annotations::scan_comment;
use super::lexer::{self, Declined};
use crate::drift::fingerprint::Fingerprint;
use crate::facts::{
    Annotation, AnnotationKind, FileFacts, Occurrence, Reference, Symbol, SymbolKind,
};
use crate::ids::IdScanner;
use crate::languages::CodeLanguage;
use crate::text::LineIndex;
use std::cell::RefCell;
use tree_sitter::{Node, Parser, Query, QueryCursor, StreamingIterator, Tree};

thread_local! {
    // Parsers hold allocations worth reusing across files; one per indexing thread.
    static PARSER: RefCell<Parser> = RefCell::new(Parser::new());
}

#[derive(Debug, Clone)]
struct Def {
    start: usize,
    end: usize,
    kind: SymbolKind,
    name: String,
}

/// Why code extraction could not run; the caller falls back to the line scanner.
#[derive(Debug)]
pub struct CodeError(pub String);

/// Extracts annotations and references from `text` in `lang`.
/// Implements: REQ-ANNOTATIONS, REQ-LANGUAGES, REQ-TEST-FILES
pub fn extract(
    text: &str,
    lang: &'static CodeLanguage,
    scanner: &IdScanner,
    facts: &mut FileFacts,
) -> Result<(), CodeError> {
    let tree = parse(text, lang)?;
    extract_from_tree(text, &tree, lang, scanner, facts)
}

/// Parses `text` as `lang` with this thread's parser.
pub fn parse(text: &str, lang: &'static CodeLanguage) -> Result<Tree, CodeError> {
    let compiled = lang.compiled().map_err(|e| CodeError(e.to_string()))?;
    let tree = PARSER.with(|p| {
        let mut parser = p.borrow_mut();
        parser.set_language(&compiled.language).ok()?;
        parser.parse(text, None)
    });
    tree.ok_or_else(|| {
        CodeError(format!(
            "tree-sitter could not parse the file as {}",
            lang.name
        ))
    })
}

/// Extracts annotations and references from an already parsed file.
pub fn extract_from_tree(
    text: &str,
    tree: &Tree,
    lang: &'static CodeLanguage,
    scanner: &IdScanner,
    facts: &mut FileFacts,
) -> Result<(), CodeError> {
    let compiled = lang.compiled().map_err(|e| CodeError(e.to_string()))?;
    let root = tree.root_node();
    let query = lang
        .comments_query()
        .map_err(|e| CodeError(e.to_string()))?;
    let comments = comments_with_ids(text, root, query, scanner);
    let index = LineIndex::new(text);
    for (node, is_docstring) in comments {
        let is_test_file = facts.is_test_file;
        push_comment_ids(
            text,
            node.byte_range(),
            &index,
            scanner,
            facts,
            |want_body| {
                let (symbol, def) = symbol_for(
                    root,
                    node,
                    is_docstring,
                    text,
                    &compiled.structure,
                    lang,
                    &index,
                    is_test_file,
                );
                let body = want_body
                    .then(|| body_of(root, text, lang, &symbol, def))
                    .flatten();
                (symbol, body)
            },
        );
    }
    Ok(())
}

/// The fingerprint of the definition `def` an annotation attached to, unless it is test
/// code or the file itself (nothing to fingerprint).
fn body_of(
    root: Node,
    text: &str,
    lang: &CodeLanguage,
    symbol: &Symbol,
    def: Option<std::ops::Range<usize>>,
) -> Option<Fingerprint> {
    let def = def.filter(|_| !symbol.is_test && symbol.kind != SymbolKind::File)?;
    Some(crate::drift::body::fingerprint(
        root,
        text,
        def,
        crate::drift::body::Style::of(lang.name),
    ))
}

/// Extracts annotations and references from the comments `sources::lexer` finds, without
/// a parse. Annotations get a placeholder symbol and the facts are marked
/// `symbols_pending`; `check` resolves the symbols it reports. `Err` when the lexer
/// declines the file: the caller parses it instead.
/// Implements: REQ-FAST-CHECK
pub fn extract_fast(
    text: &str,
    lang: &'static CodeLanguage,
    scanner: &IdScanner,
    facts: &mut FileFacts,
) -> Result<(), Declined> {
    let ids = scanner.find_all(text);
    let spans = lexer::comments_with_ids(text, &lang.lexicon, &ids)?;
    let index = LineIndex::new(text);
    for span in spans {
        let is_test_file = facts.is_test_file;
        push_comment_ids(text, span.start..span.end, &index, scanner, facts, |_| {
            (
                Symbol::pending(index.range(span.start, span.end), is_test_file),
                None,
            )
        });
    }
    facts.symbols_pending = !facts.annotations.is_empty();
    facts.bodies_pending = facts
        .annotations
        .iter()
        .any(|a| a.kind == AnnotationKind::Implements);
    Ok(())
}

/// Fills in the symbols (and, for `Implements:`, the body fingerprints) of the
/// annotations `wanted` picks among facts that `extract_fast` read from `text`: one
/// parse, then the attachment rules of `extract` for their comments only. Once every
/// `Implements:` annotation has its body, the facts' `bodies_pending` is cleared. `Err`
/// when a comment the lexer found is not a comment or docstring of the tree; the caller
/// then extracts the file in full.
/// Implements: REQ-FAST-CHECK, REQ-DRIFT-CODE
pub fn resolve_symbols(
    text: &str,
    lang: &'static CodeLanguage,
    scanner: &IdScanner,
    facts: &mut FileFacts,
    wanted: impl Fn(&Annotation) -> bool,
) -> Result<(), CodeError> {
    let unknown = |what: &str| CodeError(format!("symbol resolution: {what}"));
    let compiled = lang.compiled().map_err(|e| CodeError(e.to_string()))?;
    let ids = scanner.find_all(text);
    let spans = lexer::comments_with_ids(text, &lang.lexicon, &ids).map_err(|d| unknown(d.0))?;
    let tree = parse(text, lang)?;
    let root = tree.root_node();
    let index = LineIndex::new(text);
    let mut symbols: Vec<Option<(Symbol, Option<Fingerprint>)>> = vec![None; spans.len()];
    let is_test_file = facts.is_test_file;
    let mut all_bodies = true;
    for a in facts.annotations.iter_mut() {
        if !wanted(a) {
            all_bodies &= a.kind != AnnotationKind::Implements;
            continue;
        }
        let p = a.target.range.start;
        let at = index
            .line_start(p.line)
            .ok_or_else(|| unknown("position"))?
            + p.col as usize;
        let k = spans.partition_point(|s| s.end <= at);
        let span = spans
            .get(k)
            .filter(|s| s.start <= at)
            .ok_or_else(|| unknown("no comment"))?;
        if symbols[k].is_none() {
            let node = comment_node(root, span).ok_or_else(|| unknown("no comment node"))?;
            let (symbol, def) = symbol_for(
                root,
                node,
                span.docstring,
                text,
                &compiled.structure,
                lang,
                &index,
                is_test_file,
            );
            let body = body_of(root, text, lang, &symbol, def);
            symbols[k] = Some((symbol, body));
        }
        if let Some((symbol, body)) = &symbols[k] {
            a.symbol = symbol.clone();
            if a.kind == AnnotationKind::Implements {
                a.body = *body;
            }
        }
    }
    if all_bodies {
        facts.bodies_pending = false;
    }
    Ok(())
}

/// The tree's comment (or docstring) node the lexer's span stands for: the smallest node
/// around it, starting where it starts (a line comment node may also hold the newline).
fn comment_node<'t>(root: Node<'t>, span: &lexer::Span) -> Option<Node<'t>> {
    let node = root.descendant_for_byte_range(span.start, span.end)?;
    let kind_ok = if span.docstring {
        node.kind() == "string"
    } else {
        node.kind().contains("comment")
    };
    (kind_ok && node.start_byte() == span.start && node.end_byte() >= span.end).then_some(node)
}

/// Adds the annotations and references of the comment at `range`; `make_symbol` gives
/// the symbol its annotations attach to and, when asked (the comment has an
/// `Implements:`), that definition's body fingerprint. It is called at most once per
/// comment.
fn push_comment_ids(
    text: &str,
    range: std::ops::Range<usize>,
    index: &LineIndex,
    scanner: &IdScanner,
    facts: &mut FileFacts,
    make_symbol: impl Fn(bool) -> (Symbol, Option<Fingerprint>),
) {
    let start = range.start;
    let comment = &text[range];
    let ids = scan_comment(comment, scanner);
    let implements = ids
        .iter()
        .any(|i| i.annotation == Some(AnnotationKind::Implements));
    let mut attached: Option<(Symbol, Option<Fingerprint>)> = None;
    for id in ids {
        let occ = Occurrence {
            id: comment[id.start..id.end].to_string(),
            range: index.range(start + id.start, start + id.end),
        };
        match id.annotation {
            Some(kind) => {
                let (symbol, body) = attached.get_or_insert_with(|| make_symbol(implements));
                facts.annotations.push(Annotation {
                    kind,
                    target: occ,
                    symbol: symbol.clone(),
                    body: if kind == AnnotationKind::Implements {
                        *body
                    } else {
                        None
                    },
                })
            }
            None => facts.references.push(Reference {
                occ,
                in_item: None,
                prose: false,
            }),
        }
    }
}

/// The comments and docstrings that contain an ID, found from the IDs' positions so the
/// comments query only visits the nodes around each ID, never the whole tree.
fn comments_with_ids<'t>(
    text: &str,
    root: Node<'t>,
    query: &Query,
    scanner: &IdScanner,
) -> Vec<(Node<'t>, bool)> {
    let names = query.capture_names();
    let mut out: Vec<(Node<'t>, bool)> = Vec::new();
    let mut cursor = QueryCursor::new();
    let mut covered_to = 0;
    for m in scanner.find_all(text) {
        if m.start < covered_to {
            continue; // in the comment found for an earlier ID
        }
        cursor.set_byte_range(m.start..m.end);
        let mut best: Option<(Node<'t>, bool)> = None;
        let mut matches = cursor.matches(query, root, text.as_bytes());
        while let Some(qm) = matches.next() {
            for c in qm.captures {
                let n = c.node;
                let inside = n.start_byte() <= m.start && m.end <= n.end_byte();
                let tighter = best.is_none_or(|(b, _)| n.byte_range().len() < b.byte_range().len());
                if inside && tighter {
                    best = Some((n, names[c.index as usize] == "docstring"));
                }
            }
        }
        if let Some((n, doc)) = best {
            covered_to = n.end_byte();
            out.push((n, doc));
        }
    }
    out
}

/// Definitions and test ranges from the structure query, restricted to `range` (the
/// query still reports enclosing nodes and their names).
fn structure_in(
    query: &Query,
    root: Node,
    text: &str,
    lang: &CodeLanguage,
    range: std::ops::Range<usize>,
) -> (Vec<Def>, Vec<(usize, usize)>) {
    let names = query.capture_names();
    let mut defs = Vec::new();
    let mut tests = Vec::new();
    let mut cursor = QueryCursor::new();
    cursor.set_byte_range(range);
    let mut matches = cursor.matches(query, root, text.as_bytes());
    while let Some(m) = matches.next() {
        let mut name_text = None;
        let mut container = None;
        let mut def: Option<(Node, SymbolKind)> = None;
        for c in m.captures {
            match names[c.index as usize] {
                "test" => tests.push((c.node.start_byte(), c.node.end_byte())),
                "name" => name_text = c.node.utf8_text(text.as_bytes()).ok(),
                // A receiver or owner named in the definition itself (Go methods).
                "container" => container = c.node.utf8_text(text.as_bytes()).ok(),
                cap => {
                    if let Some(kind) = cap
                        .strip_prefix("definition.")
                        .and_then(SymbolKind::from_capture)
                    {
                        def = Some((c.node, kind));
                    }
                }
            }
        }
        if let Some((node, kind)) = def {
            let name = name_text.unwrap_or("").trim_matches(['"', '\'', '`']);
            let name = match container {
                Some(c) => format!("{c}{}{name}", lang.path_separator),
                None => name.to_string(),
            };
            defs.push(Def {
                start: node.start_byte(),
                end: node.end_byte(),
                kind,
                name,
            });
        }
    }
    normalise_defs(&mut defs);
    (defs, tests)
}

/// The innermost definition enclosing byte `offset` in `text`, for editor refactors:
/// `(start byte, name, kind)`. Parses the text; `None` when nothing encloses it.
pub fn definition_at(
    text: &str,
    lang: &'static CodeLanguage,
    offset: usize,
) -> Option<(usize, String, SymbolKind)> {
    let compiled = lang.compiled().ok()?;
    let tree = PARSER.with(|p| {
        let mut parser = p.borrow_mut();
        parser.set_language(&compiled.language).ok()?;
        parser.parse(text, None)
    })?;
    let (defs, _) = structure_in(
        &compiled.structure,
        tree.root_node(),
        text,
        lang,
        offset..offset + 1,
    );
    let i = enclosing_def(&defs, offset, offset)?;
    Some((defs[i].start, defs[i].name.clone(), defs[i].kind))
}

/// A definition of a parsed file with its kind and qualified name as an annotation on it
/// would show them (`Ledger.post`, a method), its byte span, and whether it is test code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outlined {
    pub kind: SymbolKind,
    pub name: String,
    pub start: usize,
    pub end: usize,
    pub is_test: bool,
}

/// Every definition of an already parsed file, in position order (outer before inner).
pub fn outline(
    text: &str,
    tree: &Tree,
    lang: &'static CodeLanguage,
    is_test_file: bool,
) -> Result<Vec<Outlined>, CodeError> {
    let compiled = lang.compiled().map_err(|e| CodeError(e.to_string()))?;
    let (defs, tests) = structure_in(
        &compiled.structure,
        tree.root_node(),
        text,
        lang,
        0..text.len(),
    );
    let in_tests = |s: usize, e: usize| tests.iter().any(|&(ts, te)| ts <= s && e <= te);
    Ok(defs
        .iter()
        .map(|d| {
            let outer: Vec<(SymbolKind, &str)> = defs
                .iter()
                .filter(|o| {
                    o.start <= d.start && d.end <= o.end && !(o.start == d.start && o.end == d.end)
                })
                .map(|c| (c.kind, c.name.as_str()))
                .collect();
            let (kind, name) = qualify(d.kind, &d.name, &outer, lang.path_separator);
            Outlined {
                kind,
                name,
                start: d.start,
                end: d.end,
                is_test: is_test_file || kind == SymbolKind::Test || in_tests(d.start, d.end),
            }
        })
        .collect())
}

/// Sorts definitions by position and drops duplicate captures of the same node: a GoogleTest
/// `TEST(...)` is both a function and a test, a Go method matches with and without its
/// receiver. The test kind wins, then the more qualified name.
fn normalise_defs(defs: &mut Vec<Def>) {
    defs.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    defs.dedup_by(|later, earlier| {
        if later.start == earlier.start && later.end == earlier.end {
            let better = (later.kind == SymbolKind::Test, later.name.len())
                > (earlier.kind == SymbolKind::Test, earlier.name.len());
            if better {
                *earlier = later.clone();
            }
            true
        } else {
            false
        }
    });
}

#[allow(clippy::too_many_arguments)]
fn symbol_for(
    root: Node,
    comment: Node,
    is_docstring: bool,
    text: &str,
    structure: &Query,
    lang: &CodeLanguage,
    index: &LineIndex,
    is_test_file: bool,
) -> (Symbol, Option<std::ops::Range<usize>>) {
    let (start, end) = (comment.start_byte(), comment.end_byte());
    let comment_text = &text[start..end];
    // `//!` and `/*!` document the enclosing item, like docstrings.
    let inner = is_docstring || comment_text.starts_with("//!") || comment_text.starts_with("/*!");
    let follow = if inner {
        None
    } else {
        following_window(comment, text)
    };
    let window_end = follow.map_or(end, |(_, e)| e.max(end));
    let (defs, tests) = structure_in(structure, root, text, lang, start..window_end);
    let attached = follow
        .and_then(|(s, e)| {
            defs.iter()
                .enumerate()
                .filter(|(_, d)| s <= d.start && d.start < e)
                .min_by_key(|(_, d)| (d.start, usize::MAX - d.end))
                .map(|(i, _)| i)
        })
        .or_else(|| enclosing_def(&defs, start, end));

    let in_tests = |s: usize, e: usize| tests.iter().any(|&(ts, te)| ts <= s && e <= te);
    match attached {
        Some(i) => {
            let d = &defs[i];
            let containers: Vec<&Def> = defs
                .iter()
                .filter(|o| {
                    o.start <= d.start && d.end <= o.end && !(o.start == d.start && o.end == d.end)
                })
                .collect();
            let outer: Vec<(SymbolKind, &str)> = containers
                .iter()
                .map(|c| (c.kind, c.name.as_str()))
                .collect();
            let (kind, name) = qualify(d.kind, &d.name, &outer, lang.path_separator);
            let symbol = Symbol {
                kind,
                name,
                range: index.range(d.start, d.end),
                is_test: is_test_file || kind == SymbolKind::Test || in_tests(d.start, d.end),
            };
            (symbol, Some(d.start..d.end))
        }
        None => {
            let symbol = Symbol {
                kind: SymbolKind::File,
                name: String::new(),
                range: index.range(start, end),
                is_test: is_test_file || in_tests(start, end),
            };
            (symbol, None)
        }
    }
}

/// The kind and qualified name of a definition inside `containers` (outermost first): a
/// function directly inside a class, impl, interface or struct is a method, and the
/// named containers prefix its name (`Ledger.post`, `tests::sums`).
pub(crate) fn qualify(
    kind: SymbolKind,
    name: &str,
    containers: &[(SymbolKind, &str)],
    separator: &str,
) -> (SymbolKind, String) {
    let class_like = containers.last().is_some_and(|(k, _)| {
        matches!(
            k,
            SymbolKind::Class | SymbolKind::Impl | SymbolKind::Interface | SymbolKind::Struct
        )
    });
    let kind = if kind == SymbolKind::Function && class_like {
        SymbolKind::Method
    } else {
        kind
    };
    let mut qualified = String::new();
    for (_, c) in containers.iter().filter(|(_, c)| !c.is_empty()) {
        qualified.push_str(c);
        qualified.push_str(separator);
    }
    qualified.push_str(name);
    (kind, qualified)
}

/// Node kinds that may sit between a comment and the definition it documents.
fn is_preamble(kind: &str) -> bool {
    kind.contains("comment")
        || matches!(
            kind,
            "attribute_item"
                | "inner_attribute_item"
                | "decorator"
                | "attribute_list"
                | "annotation"
                | "marker_annotation"
        )
}

/// Where the definition a comment documents starts: `(start, end)` bytes of the window
/// holding the head of the next sibling that is not another comment or attribute (its
/// first few nested starts, so `export function` or decorated definitions are seen).
/// When the comment is the last node of its block (tree-sitter-python puts a comment
/// before a dedent there), the first line after it that is not blank, a comment or a
/// decorator.
fn following_window(comment: Node, text: &str) -> Option<(usize, usize)> {
    let mut sibling = comment.next_named_sibling();
    while let Some(s) = sibling {
        if !is_preamble(s.kind()) {
            break;
        }
        sibling = s.next_named_sibling();
    }
    if let Some(s) = sibling {
        let mut end = s.start_byte() + 1;
        let mut n = s;
        for _ in 0..4 {
            let mut walker = n.walk();
            let Some(child) = n
                .named_children(&mut walker)
                .find(|c| !is_preamble(c.kind()))
            else {
                break;
            };
            end = end.max(child.start_byte() + 1);
            n = child;
        }
        return Some((s.start_byte(), end.min(s.end_byte())));
    }
    let mut offset = comment.end_byte();
    for line in text[offset..].split_inclusive('\n') {
        let t = line.trim();
        let preamble = t.is_empty() || ["#", "//", "/*", "*", "@"].iter().any(|p| t.starts_with(p));
        if !preamble {
            let indent = line.len() - line.trim_start().len();
            return Some((offset + indent, offset + line.len()));
        }
        offset += line.len();
    }
    None
}

/// The innermost definition containing the range.
fn enclosing_def(defs: &[Def], start: usize, end: usize) -> Option<usize> {
    defs.iter()
        .enumerate()
        .filter(|(_, d)| d.start <= start && end <= d.end)
        .min_by_key(|(_, d)| d.end - d.start)
        .map(|(i, _)| i)
}

// Verifies: REQ-ANNOTATIONS, REQ-LANGUAGES, REQ-TEST-FILES
#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{AnnotationKind, SourceKind};
    use crate::languages::for_extension;

    fn run(ext: &str, text: &str) -> FileFacts {
        run_in(ext, text, false)
    }

    fn run_in(ext: &str, text: &str, is_test_file: bool) -> FileFacts {
        let scanner = IdScanner::new(&["REQ", "DES"]);
        let lang = for_extension(ext).unwrap();
        let mut f = FileFacts::new(
            format!("x.{ext}"),
            SourceKind::Code(lang.name),
            is_test_file,
        );
        extract(text, lang, &scanner, &mut f).unwrap();
        f
    }

    /// (kind, id, symbol description, is_test) for every annotation.
    fn anns(f: &FileFacts) -> Vec<(AnnotationKind, String, String, bool)> {
        f.annotations
            .iter()
            .map(|a| {
                (
                    a.kind,
                    a.target.id.clone(),
                    a.symbol.describe(),
                    a.symbol.is_test,
                )
            })
            .collect()
    }

    use AnnotationKind::{Implements as I, Verifies as V};

    fn a(
        k: AnnotationKind,
        id: &str,
        sym: &str,
        t: bool,
    ) -> (AnnotationKind, String, String, bool) {
        (k, id.to_string(), sym.to_string(), t)
    }

    #[test]
    fn rust_attaches_to_following_item_and_test_modules() {
        let f = run(
            "rs",
            r#"//! Implements: DES-1
/// Implements: REQ-1
#[inline]
pub fn post() { let s = "REQ-99"; }

struct Ledger;
impl Ledger {
    // Implements: REQ-2
    fn balance(&self) {}
}

#[cfg(test)]
mod tests {
    // Verifies: REQ-1
    #[test]
    #[should_panic]
    fn sums_are_exact() {
        // see REQ-3
    }
}
"#,
        );
        assert_eq!(
            anns(&f),
            [
                a(I, "DES-1", "file", false),
                a(I, "REQ-1", "function `post`", false),
                a(I, "REQ-2", "method `Ledger::balance`", false),
                a(V, "REQ-1", "test `tests::sums_are_exact`", true),
            ]
        );
        let refs: Vec<_> = f
            .references
            .iter()
            .map(|r| (r.occ.id.as_str(), r.occ.range.start.line))
            .collect();
        assert_eq!(
            refs,
            [("REQ-3", 17)],
            "string literals are data, comments are references"
        );
    }

    #[test]
    fn python_docstrings_decorators_and_dedent_comments() {
        let f = run_in(
            "py",
            r#""""Module. Implements: DES-1"""

class Ledger:
    def post(self):
        """Implements: REQ-1"""
        return "REQ-99"
# Implements: REQ-2
@cached
def balance():
    pass

# Verifies: REQ-1
def test_post():
    assert True
"#,
            true,
        );
        assert_eq!(
            anns(&f),
            [
                a(I, "DES-1", "file", true),
                a(I, "REQ-1", "test `Ledger.post`", true),
                a(I, "REQ-2", "test `balance`", true),
                a(V, "REQ-1", "test `test_post`", true),
            ]
        );
    }

    #[test]
    fn typescript_exports_methods_and_jest_blocks() {
        let f = run(
            "ts",
            r#"/** @implements REQ-1 */
export async function capture(id: string): Promise<void> {}

export class Api {
  // Implements: REQ-2
  @Get()
  list() {}
}

// Implements: DES-1
export const handler = (req: Request) => {};

describe("capture", () => {
  // Verifies: REQ-1
  it("captures once", () => {});
});
"#,
        );
        assert_eq!(
            anns(&f),
            [
                a(I, "REQ-1", "function `capture`", false),
                a(I, "REQ-2", "method `Api.list`", false),
                a(I, "DES-1", "function `handler`", false),
                a(V, "REQ-1", "test `capture.captures once`", true),
            ]
        );
    }

    #[test]
    fn go_java_csharp_cpp_tests() {
        let go = run("go", "package x\n\n// Verifies: REQ-1\nfunc TestCapture(t *testing.T) {}\n\n// Implements: REQ-1\nfunc (l *Ledger) Post() {}\n");
        assert_eq!(
            anns(&go),
            [
                a(V, "REQ-1", "test `TestCapture`", true),
                a(I, "REQ-1", "method `Ledger.Post`", false)
            ]
        );

        let java = run("java", "class LedgerTest {\n  /** Verifies: REQ-1 */\n  @Test\n  void posts() {}\n  // Implements: REQ-2\n  void helper() {}\n}\n");
        assert_eq!(
            java.annotations[0].symbol.describe(),
            "test `LedgerTest.posts`"
        );
        assert!(java.annotations[0].symbol.is_test);
        assert!(!java.annotations[1].symbol.is_test);

        let cs = run("cs", "public class LedgerTests {\n  // Verifies: REQ-1\n  [Fact]\n  public void Posts() {}\n}\n");
        assert_eq!(anns(&cs), [a(V, "REQ-1", "test `LedgerTests.Posts`", true)]);

        let cpp = run("cpp", "// Verifies: REQ-1\nTEST(Ledger, Posts) {\n}\n// Implements: REQ-2\nint Ledger::post(int x) { return x; }\n");
        assert_eq!(
            anns(&cpp),
            [
                a(V, "REQ-1", "test `Posts`", true),
                a(I, "REQ-2", "function `Ledger::post`", false)
            ]
        );

        let c = run(
            "c",
            "/* Implements: REQ-1 */\nstatic int *alloc(void) { return 0; }\n",
        );
        assert_eq!(anns(&c), [a(I, "REQ-1", "function `alloc`", false)]);

        let js = run(
            "js",
            "// Implements: REQ-1\nmodule.exports.pay = function () {};\n",
        );
        assert_eq!(anns(&js), [a(I, "REQ-1", "function `pay`", false)]);
    }

    #[test]
    fn broken_code_still_yields_annotations() {
        let f = run("rs", "// Implements: REQ-1\nfn broken( {\n");
        assert_eq!(f.annotations.len(), 1);
    }
}

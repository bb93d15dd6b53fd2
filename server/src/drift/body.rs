//! Fingerprints of code: the tokens of the definition an `Implements:` annotation is
//! attached to, so that the owner of a design hears when the code implementing it
//! changes.
//!
//! The normalisation mirrors the Markdown one: what a formatter or a reviewer's note
//! changes (whitespace, line breaks, indentation width, comments, docstrings) changes
//! nothing; any token does. The tokens are tree-sitter's leaves, taken verbatim (a string
//! literal keeps its spaces), plus any text the grammar puts in no leaf but that is not
//! whitespace (string contents in grammars without a content node). Python's blocks are
//! marked where they open and close, because there indentation is syntax: moving a line
//! out of an `if` changes the fingerprint, re-indenting the whole function does not.
//!
//! Two more things formatters change are folded: a trailing comma before a closing
//! bracket (rustfmt, Prettier and Black add one when they break a list over lines; a
//! Python one-element tuple keeps its comma, which is syntax there), and, where the
//! language makes them the same (JavaScript, TypeScript, Python), single against double
//! quotes around a string.

use super::fingerprint::Fingerprint;
use std::ops::Range;
use tree_sitter::Node;
use xxhash_rust::xxh3::Xxh3;

/// Between tokens: a byte that never occurs in UTF-8, so `ab` `c` and `a` `bc` differ.
const SEPARATOR: &[u8] = &[0xff];
const BLOCK_OPEN: &[u8] = &[0xfe, b'{'];
const BLOCK_CLOSE: &[u8] = &[0xfe, b'}'];

/// What a language's syntax makes significant beyond its tokens.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// Indentation is syntax: `block` nodes are marked, and docstrings are not code
    /// (Python).
    pub indent_blocks: bool,
    /// `'x'` and `"x"` are the same string (JavaScript, TypeScript, Python).
    pub same_quotes: bool,
}

impl Style {
    /// The style of a language by its name in `grammars/`.
    pub fn of(language: &str) -> Style {
        Style {
            indent_blocks: language == "python",
            same_quotes: matches!(language, "python" | "javascript" | "typescript" | "tsx"),
        }
    }
}

/// The fingerprint of the code in `range` (bytes of `text`, the range of a definition
/// node of the tree under `root`): its tokens in order, leaving out comments and
/// docstrings.
/// Implements: REQ-DRIFT-CODE
pub fn fingerprint(root: Node, text: &str, range: Range<usize>, style: Style) -> Fingerprint {
    let mut tokens = Tokens {
        text,
        style,
        hasher: Xxh3::new(),
        comma: None,
    };
    if let Some(node) = root.descendant_for_byte_range(range.start, range.end) {
        tokens.walk(node);
    }
    Fingerprint(tokens.hasher.digest())
}

struct Tokens<'a> {
    text: &'a str,
    style: Style,
    hasher: Xxh3,
    /// A comma not hashed yet: `Some(true)` when a closing bracket right after it
    /// drops it.
    comma: Option<bool>,
}

/// A Python docstring: a string alone in the first statement of a module, class or
/// function body (what `grammars/python/comments.scm` captures as `@docstring`).
/// `parents` are the node's ancestors, innermost last.
fn is_docstring(n: Node, parents: &[Node]) -> bool {
    if n.kind() != "expression_statement" || n.named_child_count() != 1 {
        return false;
    }
    let (Some(parent), grand) = (parents.last(), parents.len().checked_sub(2)) else {
        return false;
    };
    let only_string = n.named_child(0).is_some_and(|c| c.kind() == "string");
    let first = parent.named_child(0).is_some_and(|c| c.id() == n.id());
    let body = match parent.kind() {
        "module" => true,
        "block" => grand
            .and_then(|g| parents.get(g))
            .is_some_and(|g| matches!(g.kind(), "function_definition" | "class_definition")),
        _ => false,
    };
    only_string && first && body
}

impl Tokens<'_> {
    fn emit(&mut self, bytes: &[u8]) {
        if let Some(droppable) = self.comma.take() {
            // A trailing comma: dropped before a closing bracket.
            let closes = matches!(bytes, b")" | b"]" | b"}" | b">");
            if !(droppable && closes) {
                self.hash(b",");
            }
        }
        self.hash(bytes);
    }

    /// Hashes a held comma: what follows it is no closing bracket.
    fn flush_comma(&mut self) {
        if self.comma.take().is_some() {
            self.hash(b",");
        }
    }

    fn hash(&mut self, bytes: &[u8]) {
        self.hasher.update(bytes);
        self.hasher.update(SEPARATOR);
    }

    /// Text between two children that the grammar put in no node: whitespace, or (in
    /// some grammars) a string literal's content, which is a token.
    fn gap(&mut self, from: usize, to: usize) {
        if let Some(g) = self.text.get(from..to) {
            if !g.trim().is_empty() {
                self.emit(g.as_bytes());
            }
        }
    }

    fn leaf(&mut self, n: Node, parent: Option<Node>) {
        let Some(token) = self.text.get(n.byte_range()).filter(|t| !t.is_empty()) else {
            return;
        };
        let parent_kind = parent.map_or("", |p| p.kind());
        if token == "," {
            // Held until the next token shows whether it closes a bracket; a Python
            // one-element tuple's comma is syntax.
            let one_tuple =
                parent_kind == "tuple" && parent.is_some_and(|p| p.named_child_count() == 1);
            self.flush_comma();
            self.comma = Some(!one_tuple);
            return;
        }
        let quote = matches!(n.kind(), "'" | "\"" | "string_start" | "string_end")
            && matches!(parent_kind, "string" | "template_string");
        if self.style.same_quotes && quote && token.contains('\'') {
            self.emit(token.replace('\'', "\"").as_bytes());
        } else {
            self.emit(token.as_bytes());
        }
    }

    fn skipped(&self, n: Node, parents: &[Node]) -> bool {
        // Comments are extras in every grammar here; the flag is cheaper than the kind.
        (n.is_extra() && n.kind().contains("comment"))
            || (self.style.indent_blocks && is_docstring(n, parents))
    }

    /// Depth-first over the subtree of `top` with a cursor, not recursion (expression
    /// trees of generated code can nest thousands deep), keeping the ancestors on a
    /// stack: `Node::parent` walks down from the root each time.
    fn walk(&mut self, top: Node) {
        let mut cursor = top.walk();
        let mut parents: Vec<Node> = Vec::new();
        // Where the previous child of the current parent ended, for the gaps.
        let mut ends: Vec<usize> = vec![top.start_byte()];
        'nodes: loop {
            let n = cursor.node();
            if let Some(last) = ends.last_mut() {
                self.gap(*last, n.start_byte());
                *last = n.end_byte();
            }
            if !self.skipped(n, &parents) {
                if n.child_count() == 0 {
                    self.leaf(n, parents.last().copied());
                } else {
                    if self.style.indent_blocks && n.kind() == "block" {
                        self.emit(BLOCK_OPEN);
                    }
                    if cursor.goto_first_child() {
                        parents.push(n);
                        ends.push(n.start_byte());
                        continue 'nodes;
                    }
                }
            }
            loop {
                if parents.is_empty() {
                    break 'nodes;
                }
                if cursor.goto_next_sibling() {
                    continue 'nodes;
                }
                cursor.goto_parent();
                let parent = parents.pop().unwrap_or(top);
                if let Some(last) = ends.pop() {
                    self.gap(last, parent.end_byte());
                }
                if self.style.indent_blocks && parent.kind() == "block" {
                    self.emit(BLOCK_CLOSE);
                }
            }
        }
        // A comma at the very end is kept.
        self.flush_comma();
    }
}

// Verifies: REQ-DRIFT-CODE
#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::drift::fingerprint::Fingerprint;
    use crate::facts::AnnotationKind;
    use crate::ids::IdScanner;
    use crate::workspace::{self, Outcome};

    /// The body fingerprints of the `Implements:` annotations of `src` read as `path`.
    fn bodies(path: &str, src: &str) -> Vec<Option<Fingerprint>> {
        let config = Config::default_config();
        let scanner = IdScanner::new(&config.prefixes());
        match workspace::index_bytes(path, src.as_bytes(), &config, &scanner) {
            Outcome::Facts(f, _) => f
                .annotations
                .iter()
                .filter(|a| a.kind == AnnotationKind::Implements)
                .map(|a| a.body)
                .collect(),
            _ => panic!("{path}: no facts"),
        }
    }

    fn one(path: &str, src: &str) -> Fingerprint {
        let b = bodies(path, src);
        assert_eq!(b.len(), 1, "{path}: one annotation expected in\n{src}");
        b[0].unwrap_or_else(|| panic!("{path}: no body fingerprint for\n{src}"))
    }

    #[test]
    fn reformatting_and_comments_change_nothing_in_rust() {
        let a = "/// Implements: REQ-1\npub fn capture(key: &str) -> u32 {\n    let n = key.len() + 1; // bytes\n    n as u32\n}\n";
        let b = "/// Implements: REQ-1\n/// Captures once.\npub fn capture(\n    key: &str,\n) -> u32\n{\n    /* the length, plus one */\n    let n=key.len()+1;\n\n    n as u32\n}\n";
        assert_eq!(one("src/a.rs", a), one("src/a.rs", b));
        // The annotation itself is a comment: naming another item changes nothing.
        let c = a.replace("REQ-1", "REQ-1, REQ-2");
        assert_eq!(bodies("src/a.rs", &c)[0], Some(one("src/a.rs", a)));
    }

    #[test]
    fn a_token_change_changes_the_fingerprint() {
        let a = "// Implements: REQ-1\nfn capture(key: &str) -> usize { key.len() + 1 }\n";
        for changed in [
            a.replace("+ 1", "+ 2"),
            a.replace("capture", "capture_once"),
            a.replace("+ 1", "- 1"),
            a.replace("key.len()", "key.len().max(1)"),
        ] {
            assert_ne!(one("src/a.rs", a), one("src/a.rs", &changed), "{changed}");
        }
        // A string literal keeps its spaces: they are data.
        let s = "// Implements: REQ-1\nfn m() -> &'static str { \"a b\" }\n";
        assert_ne!(
            one("src/a.rs", s),
            one("src/a.rs", &s.replace("a b", "a  b"))
        );
        // Tokens are kept apart: `ab c` is not `a bc`.
        let t = "// Implements: REQ-1\nfn m() { ab(c) }\n";
        let u = "// Implements: REQ-1\nfn m() { a(bc) }\n";
        assert_ne!(one("src/a.rs", t), one("src/a.rs", u));
    }

    #[test]
    fn only_the_annotated_definition_counts() {
        let a = "// Implements: REQ-1\nfn capture() -> u32 { 1 }\n\nfn other() -> u32 { 2 }\n";
        let b = a.replace("{ 2 }", "{ 3 }");
        assert_eq!(one("src/a.rs", a), one("src/a.rs", &b));
        // A comment inside a body attaches to the enclosing function, which is hashed.
        let c = "fn capture() -> u32 {\n    // Implements: REQ-1\n    1\n}\n";
        assert_ne!(
            one("src/a.rs", c),
            one("src/a.rs", &c.replace("1\n}", "2\n}"))
        );
    }

    #[test]
    fn python_docstrings_are_not_code_and_indentation_is() {
        let a = "def capture(key):\n    \"\"\"Implements: REQ-1\"\"\"\n    if key:\n        n = len(key)\n    return n\n";
        // Another docstring text, two-space indentation, a comment: the same code.
        let b = "def capture(key):\n  \"\"\"Captures once.\n\n  Implements: REQ-1\n  \"\"\"\n  # only when given\n  if key:\n      n = len( key )\n  return n\n";
        assert_eq!(one("src/a.py", a), one("src/a.py", b));
        // `return n` moved into the `if`: the same tokens, another program.
        let c = a.replace("\n    return n", "\n        return n");
        assert_ne!(one("src/a.py", a), one("src/a.py", &c));
    }

    #[test]
    fn trailing_commas_and_quote_styles_are_formatting() {
        let py = "# Implements: REQ-1\ndef f(a, b):\n    return g(a, 'x')\n";
        let black = "# Implements: REQ-1\ndef f(\n    a,\n    b,\n):\n    return g(a, \"x\")\n";
        assert_eq!(one("src/a.py", py), one("src/a.py", black));
        // A one-element tuple keeps its comma: `(a,)` is not `(a)`.
        let tuple = "# Implements: REQ-1\ndef f(a):\n    return (a,)\n";
        assert_ne!(
            one("src/a.py", tuple),
            one("src/a.py", &tuple.replace("(a,)", "(a)"))
        );
        let js = "// Implements: REQ-1\nfunction f(a) { return g({ a: 'x', b: [1, 2] }); }\n";
        let prettier = "// Implements: REQ-1\nfunction f(a) {\n  return g({\n    a: \"x\",\n    b: [1, 2,],\n  });\n}\n";
        assert_eq!(one("src/a.js", js), one("src/a.js", prettier));
        // Nested lists, and a comma that is not trailing is a token.
        let rs = "// Implements: REQ-1\nfn f() { g(a, h(b)) }\n";
        assert_eq!(
            one("src/a.rs", rs),
            one(
                "src/a.rs",
                "// Implements: REQ-1\nfn f() { g(a, h(b,),) }\n"
            )
        );
        assert_ne!(
            one("src/a.rs", rs),
            one("src/a.rs", &rs.replace("a, h", "a h"))
        );
        // In Rust a quote is a char, not a string.
        let rs = "// Implements: REQ-1\nfn f() { g('x') }\n";
        assert_ne!(
            one("src/a.rs", rs),
            one("src/a.rs", &rs.replace("'x'", "\"x\""))
        );
    }

    #[test]
    fn typescript_go_and_java_bodies() {
        let ts = "// Implements: REQ-1\nexport function capture(key: string): number {\n  return key.length + 1;\n}\n";
        let ts2 = "// Implements: REQ-1\nexport function capture(key: string): number { return key.length+1; }\n";
        assert_eq!(one("src/a.ts", ts), one("src/a.ts", ts2));
        assert_ne!(
            one("src/a.ts", ts),
            one("src/a.ts", &ts.replace("+ 1", "+ 2"))
        );
        let go = "package x\n\n// Implements: REQ-1\nfunc (l *Ledger) Post(n int) int {\n\treturn n + 1\n}\n";
        let go2 =
            "package x\n\n// Implements: REQ-1\nfunc (l *Ledger) Post(n int) int { return n+1 }\n";
        assert_eq!(one("a.go", go), one("a.go", go2));
        let java = "class L {\n  /** Implements: REQ-1 */\n  int post(int n) {\n    return n + 1;\n  }\n}\n";
        assert_ne!(
            one("L.java", java),
            one("L.java", &java.replace("n + 1", "n + 2"))
        );
    }

    #[test]
    fn file_level_annotations_and_tests_have_no_body() {
        assert_eq!(
            bodies("src/a.rs", "//! Implements: REQ-1\nfn capture() {}\n"),
            [None]
        );
        assert_eq!(bodies("notes.sh", "# Implements: REQ-1\necho hi\n"), [None]);
        let config = Config::default_config();
        let scanner = IdScanner::new(&config.prefixes());
        let Outcome::Facts(f, _) = workspace::index_bytes(
            "tests/a.rs",
            b"// Verifies: REQ-1\n#[test]\nfn t() {}\n",
            &config,
            &scanner,
        ) else {
            panic!("no facts");
        };
        assert_eq!(f.annotations[0].body, None, "tests are not fingerprinted");
    }
}

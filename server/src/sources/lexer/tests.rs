//! The lexer against hand-written tricky inputs, and against tree-sitter: wherever it
//! accepts a file, the annotations and references must be exactly the parser's.

// Verifies: REQ-FAST-CHECK
use super::*;
use crate::facts::{FileFacts, SourceKind};
use crate::ids::IdScanner;
use crate::languages::for_extension;
use crate::sources::code;

fn scanner() -> IdScanner {
    IdScanner::new(&["RM", "BRIEF", "REQ", "DES", "TC", "RB"])
}

/// The comment texts holding IDs, as the lexer finds them.
fn lexed(ext: &str, text: &str) -> Result<Vec<String>, Declined> {
    let lang = for_extension(ext).unwrap();
    let ids = scanner().find_all(text);
    let spans = comments_with_ids(text, &lang.lexicon, &ids)?;
    Ok(spans
        .iter()
        .map(|s| text[s.start..s.end].to_string())
        .collect())
}

/// (kind, id, line, column) of annotations, and (id, line, column) of references.
type Extracted = (Vec<(String, String, u32, u32)>, Vec<(String, u32, u32)>);

fn summary(f: &FileFacts) -> Extracted {
    (
        f.annotations
            .iter()
            .map(|a| {
                let p = a.target.range.start;
                (format!("{:?}", a.kind), a.target.id.clone(), p.line, p.col)
            })
            .collect(),
        f.references
            .iter()
            .map(|r| {
                (
                    r.occ.id.clone(),
                    r.occ.range.start.line,
                    r.occ.range.start.col,
                )
            })
            .collect(),
    )
}

/// Asserts the fast path finds exactly the comments `expected` and that its facts equal
/// the tree-sitter extraction's.
#[track_caller]
fn check(ext: &str, text: &str, expected: &[&str]) {
    assert_eq!(
        lexed(ext, text).unwrap(),
        expected,
        "comments with IDs in:\n{text}"
    );
    assert_same_as_parser(ext, text);
}

/// Asserts that the lexer declines `text`.
#[track_caller]
fn declines(ext: &str, text: &str) {
    assert!(lexed(ext, text).is_err(), "the lexer accepted:\n{text}");
}

/// Where the fast path accepts `text`, its facts equal the full extraction's.
#[track_caller]
fn assert_same_as_parser(ext: &str, text: &str) -> bool {
    let lang = for_extension(ext).unwrap();
    let s = scanner();
    let mut fast = FileFacts::new("x".into(), SourceKind::Code(lang.name), false);
    if code::extract_fast(text, lang, &s, &mut fast).is_err() {
        return false;
    }
    let mut full = FileFacts::new("x".into(), SourceKind::Code(lang.name), false);
    code::extract(text, lang, &s, &mut full).unwrap();
    assert_eq!(
        summary(&fast),
        summary(&full),
        "fast and full differ on:\n{text}"
    );
    true
}

#[test]
fn strings_hide_comment_markers_and_ids() {
    check(
        "rs",
        "let a = \"// REQ-1\"; // REQ-2\nlet b = \"/* REQ-3 */\"; /* REQ-4 */\n",
        &["// REQ-2", "/* REQ-4 */"],
    );
    check(
        "go",
        "x := \"// REQ-1\" // REQ-2\ny := `// REQ-3\n` // REQ-4\nz := '\"' // REQ-5\n",
        &["// REQ-2", "// REQ-4", "// REQ-5"],
    );
    check(
        "py",
        "x = \"# REQ-1\"  # REQ-2\ny = '# REQ-3' + \"it's\"  # REQ-4\n",
        &["# REQ-2", "# REQ-4"],
    );
    check(
        "java",
        "class A {\n  String s = \"// REQ-1\"; // REQ-2\n  char c = '\"'; // REQ-3\n}\n",
        &["// REQ-2", "// REQ-3"],
    );
}

#[test]
fn comments_hide_quotes() {
    check(
        "c",
        "// it's REQ-1\nint x; /* \"REQ-2 */ char *s = \"REQ-3\";\n",
        &["// it's REQ-1", "/* \"REQ-2 */"],
    );
    check(
        "ts",
        "// don't: REQ-1\nconst s = 'REQ-2'; /* ` REQ-3 */\n",
        &["// don't: REQ-1", "/* ` REQ-3 */"],
    );
    check("py", "# it's \"REQ-1\nx = 'REQ-2'\n", &["# it's \"REQ-1"]);
}

#[test]
fn rust_nested_block_comments_raw_strings_and_lifetimes() {
    check(
        "rs",
        "/* outer /* inner REQ-1 */ still REQ-2 */ fn f() {}\n",
        &["/* outer /* inner REQ-1 */ still REQ-2 */"],
    );
    check(
        "rs",
        "let r = r#\"a \" // REQ-1 \"#; // REQ-2\nlet b = br\"/* REQ-3\"; // REQ-4\n",
        &["// REQ-2", "// REQ-4"],
    );
    check(
        "rs",
        "fn f<'a>(x: &'a str) -> char { 'outer: loop { break 'outer; } '\"' } // REQ-1\nconst Q: char = '\\''; // REQ-2\nconst U: char = '\u{e9}'; // REQ-3\n",
        &["// REQ-1", "// REQ-2", "// REQ-3"],
    );
}

#[test]
fn javascript_templates_and_regexes() {
    check(
        "js",
        "const t = `// REQ-1 ${a /* REQ-2 */ + `${'// REQ-3'}`} // REQ-4`; // REQ-5\n",
        &["/* REQ-2 */", "// REQ-5"],
    );
    check(
        "ts",
        "const re = /\"\\/[/]/g; // REQ-1\nconst half = total / 2; // REQ-2\nreturn /'/.test(s); // REQ-3\n",
        &["// REQ-1", "// REQ-2", "// REQ-3"],
    );
    // After `)` a slash divides, unless the parentheses held an `if` condition.
    check("ts", "const x = (a + b) / 2; // REQ-1\n", &["// REQ-1"]);
    check("js", "if (ok) /'/.test(s); // REQ-1\n", &["// REQ-1"]);
    // After `}` it may be either; the lexer declines when the rest of the line matters.
    declines("js", "function f() {}\n/'/.test(s); // REQ-1\n");
    check("js", "x = {}\n/ 2;\n// REQ-1\n", &["// REQ-1"]);
    // JSX text is not code: an apostrophe there starts no string.
    declines("jsx", "const e = <p>Don't // REQ-1</p>;\n");
    declines("tsx", "return <div>it's</div>; // REQ-1\n");
    check(
        "tsx",
        "const m = new Map<string, number>(); // REQ-1\n",
        &["// REQ-1"],
    );
    check(
        "js",
        "#!/usr/bin/env node // REQ-1\n// REQ-2\n",
        &["// REQ-2"],
    );
}

#[test]
fn python_docstrings_and_ordinary_strings() {
    let text = r#""""Module. Implements: REQ-1"""

def f():
    """Implements: REQ-2"""
    x = "Implements: REQ-3"
    """Not first: REQ-4"""
    return x

class A(Base):
    '''REQ-5'''
    def g(self, s: str = "REQ-6") -> str:
        return f"{s}: REQ-7"

if True:
    """REQ-8"""
"#;
    check(
        "py",
        text,
        &[
            "\"\"\"Module. Implements: REQ-1\"\"\"",
            "\"\"\"Implements: REQ-2\"\"\"",
            "'''REQ-5'''",
        ],
    );
    check(
        "py",
        "async def f(\n    a,\n    b: dict = {'k': 1},\n):\n    r\"\"\"REQ-1\"\"\"\n",
        &["r\"\"\"REQ-1\"\"\""],
    );
    // A comment before the docstring, code after it, or a body on the header's line
    // leave the parser's view uncertain.
    declines("py", "# header\n\"\"\"REQ-1\"\"\"\n");
    declines("py", "def f():\n    \"\"\"REQ-1\"\"\".strip()\n");
    declines("py", "def f(): \"REQ-1\"\n");
    declines("py", "x = f\"{d['k']} REQ-1\"\n");
}

#[test]
fn csharp_verbatim_interpolated_and_raw_strings() {
    check(
        "cs",
        "var a = @\"C:\\dir\\\"\" // REQ-1\"; // REQ-2\nvar b = $\"{x} // REQ-3\"; // REQ-4\nvar c = \"\"\"\n  \" // REQ-5\n  \"\"\"; // REQ-6\n",
        &["// REQ-2", "// REQ-4", "// REQ-6"],
    );
    check(
        "cs",
        "#region it's here\n// REQ-1\n#endregion\n",
        &["// REQ-1"],
    );
    declines("cs", "var d = $\"{dict[\"k\"]} // REQ-1\";\n");
    declines("cs", "#if DEBUG // REQ-1\n#endif\n");
}

#[test]
fn java_text_blocks_and_cpp_raw_strings() {
    check(
        "java",
        "class A {\n  String t = \"\"\"\n    \"// REQ-1\" \\\"\"\"\n    \"\"\"; // REQ-2\n}\n",
        &["// REQ-2"],
    );
    check(
        "cpp",
        "auto s = R\"x(\")// REQ-1)\" )x\"; // REQ-2\nint n = 1'000'000; // REQ-3\nauto w = L'x'; // REQ-4\n",
        &["// REQ-2", "// REQ-3", "// REQ-4"],
    );
    check(
        "c",
        "// continued \\\n   REQ-1\nint x; // REQ-2\n#include <a/b.h>\n#error don't\n// REQ-3\n",
        &["// continued \\\n   REQ-1", "// REQ-2", "// REQ-3"],
    );
    declines("c", "#define URL \"http://x\" // REQ-1\n");
}

#[test]
fn unterminated_literals_decline() {
    declines("rs", "/* REQ-1\n");
    declines("go", "x := \"REQ-1\n");
    declines("py", "x = '''REQ-1\n");
    declines("ts", "const t = `REQ-1 ${x\n");
    declines("rs", "// REQ-1\r\rfn f() {}\n");
}

/// Every code file of the fixtures and the demo: where the lexer accepts it, it agrees
/// with tree-sitter. Most files must be accepted, or the fast path would be idle.
#[test]
fn fixture_files_agree_with_the_parser() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut accepted = 0;
    let mut total = 0;
    for dir in ["tests/fixtures", "examples", "server/src"] {
        for entry in ignore::WalkBuilder::new(root.join(dir)).build().flatten() {
            let path = entry.path();
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if for_extension(ext).is_none() || !path.is_file() {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            total += 1;
            if assert_same_as_parser(ext, &text) {
                accepted += 1;
            }
        }
    }
    assert!(total > 50, "found only {total} code files");
    assert!(
        accepted * 10 >= total * 8,
        "the lexer accepted only {accepted} of {total} files"
    );
}

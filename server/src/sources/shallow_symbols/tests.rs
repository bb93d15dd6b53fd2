//! The outline must name every symbol it names exactly as the parse does. Each snippet
//! is read both ways; where the outline answers, every annotation's description and
//! test flag must match the parse's.

// Verifies: REQ-FAST-CHECK
use super::resolve_symbols;
use crate::config::Config;
use crate::facts::FileFacts;
use crate::ids::IdScanner;
use crate::workspace::{self, Extraction, FileKind, Outcome};

/// Symbol descriptions (with `+test` for test code) from the parse, and from the
/// outline when it answers.
fn both(path: &str, src: &str) -> (Vec<String>, Option<Vec<String>>) {
    let config = Config::default_config();
    let scanner = IdScanner::new(&config.prefixes());
    let FileKind::Code(lang) = workspace::kind_for_path(path) else {
        panic!("{path} is not code");
    };
    let facts = |extraction| match workspace::index_bytes_with(
        path,
        src.as_bytes(),
        &config,
        &scanner,
        extraction,
    ) {
        Outcome::Facts(f, _) => f,
        _ => panic!("{path}: no facts"),
    };
    let describe = |f: &FileFacts| -> Vec<String> {
        f.annotations
            .iter()
            .map(|a| {
                let test = if a.symbol.is_test { "+test" } else { "" };
                format!("{}{test}", a.symbol.describe())
            })
            .collect()
    };
    let full = facts(Extraction::Full);
    let mut fast = facts(Extraction::Fast);
    assert!(
        fast.symbols_pending,
        "{path}: the lexer declined the snippet itself"
    );
    let outline = resolve_symbols(src, lang, &scanner, &mut fast, |_| true)
        .ok()
        .map(|()| describe(&fast));
    (describe(&full), outline)
}

/// The outline answers, and as the parse does; returns the descriptions.
#[track_caller]
fn answers(path: &str, src: &str) -> Vec<String> {
    let (full, outline) = both(path, src);
    assert_eq!(outline.as_ref(), Some(&full), "{path}:\n{src}");
    full
}

/// The outline may decline, but never disagrees.
#[track_caller]
fn never_wrong(path: &str, src: &str) {
    let (full, outline) = both(path, src);
    if let Some(outline) = outline {
        assert_eq!(outline, full, "{path}:\n{src}");
    }
}

#[test]
fn rust_items_impls_and_test_modules() {
    let names = answers(
        "src/lib.rs",
        r#"//! Implements: REQ-1
use std::fmt;

// Implements: REQ-2
pub(crate) async fn post() {}

pub struct Ledger;

impl<T> fmt::Display for Wrapper<T> where T: Copy {
    // Implements: REQ-3
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { Ok(()) }
}

pub trait Store {
    // Implements: REQ-4
    fn get(&self) -> u8;
}

fn outer() {
    // Implements: REQ-5
    let x = 1;
    // Implements: REQ-6
    fn inner() {}
}

// Implements: REQ-7
macro_rules! m { () => {} }

#[cfg(test)]
mod tests {
    use super::*;

    /// Docs first.
    // Verifies: REQ-1
    #[test]
    #[allow(dead_code)]
    fn sums() {}

    // Verifies: REQ-2
    fn helper() {}
}
"#,
    );
    assert_eq!(
        names,
        [
            "file",
            "function `post`",
            "method `Wrapper<T>::fmt`",
            "method `Store::get`",
            "function `outer`",
            "function `outer::inner`",
            "function `m`",
            "test `tests::sums`+test",
            "test `tests::helper`+test",
        ]
    );
}

#[test]
fn rust_doubtful_places_never_disagree() {
    for src in [
        "fn f() {\n    let v = vec![\n        // Implements: REQ-1\n        1,\n    ];\n}\n",
        "fn f() {\n    if x {\n        // Implements: REQ-1\n        g();\n    }\n}\n",
        "#[test]\n// Verifies: REQ-1\nfn t() {}\n",
        "extern \"C\" {\n    // Implements: REQ-1\n    fn c_fn();\n}\n",
        "unsafe impl Send for X {}\n// Implements: REQ-1\nunsafe impl Sync for X {}\n",
        "#![allow(dead_code)]\n// Implements: REQ-1\nfn f() {}\n",
        "lazy_static! {\n    // Implements: REQ-1\n    static ref X: u8 = 1;\n}\n",
        "enum E {\n    // Implements: REQ-1\n    A { x: u8 },\n}\n",
        "struct S {\n    // Implements: REQ-1\n    a: u8,\n}\n",
        "fn f() {\n    let c = |x| {\n        // Implements: REQ-1\n        x\n    };\n}\n",
        "// Implements: REQ-1\nconst fn f() -> u8 { 1 }\n",
        "// Implements: REQ-1\npub const X: u8 = 1;\n",
        "fn f() {\n    match x {\n        // Implements: REQ-1\n        A => {}\n    }\n}\n",
        "// Implements: REQ-1\n#[tokio::test(flavor = \"multi_thread\")]\nasync fn t() {}\n",
        "// Implements: REQ-1\n#[testing]\nfn t() {}\n",
    ] {
        never_wrong("src/lib.rs", src);
    }
}

#[test]
fn python_decorators_docstrings_and_bodies() {
    let names = answers(
        "pkg/ledger.py",
        r#""""Module docs. Implements: REQ-1"""
import os


class Ledger:
    # Implements: REQ-2
    @property
    def total(self):
        """Implements: REQ-3"""
        return 1

    # Implements: REQ-4
    async def post(self, x):
        y = 1
        # Implements: REQ-5
        return y


@cached(
    "/x",
)
# Implements: REQ-6
def handler():
    pass


class TestLedger:
    # Verifies: REQ-2
    def helper(self):
        pass


# Verifies: REQ-3
def test_sums():
    pass
"#,
    );
    assert_eq!(
        names,
        [
            "file",
            "method `Ledger.total`",
            "method `Ledger.total`",
            "method `Ledger.post`",
            "method `Ledger.post`",
            "function `handler`",
            "test `TestLedger.helper`+test",
            "test `test_sums`+test",
        ]
    );
}

#[test]
fn python_doubtful_places_never_disagree() {
    for src in [
        "def f():\n    x = 1\n    # Implements: REQ-1\ny = 2\n",
        "def f():\n    if x:\n        # Implements: REQ-1\n        g()\n",
        "def f():\n\t# Implements: REQ-1\n\tg()\n",
        "class A:\n    def f(self):\n        pass\n    # Implements: REQ-1\n\n\ndef g():\n    pass\n",
        "x = [\n    1,\n]\n# Implements: REQ-1\nclass   Spaced :\n    pass\n",
        "# Implements: REQ-1\nf = lambda: 1\n",
        "def f():\n    pass\n# Implements: REQ-1\n",
        "with open(p) as h:\n    # Implements: REQ-1\n    def f():\n        pass\n",
    ] {
        never_wrong("pkg/m.py", src);
    }
}

#[test]
fn go_functions_methods_and_types() {
    let names = answers(
        "svc/ledger.go",
        r#"package svc

// Implements: REQ-1
func (l *Ledger) Post(x int) error { return nil }

// Implements: REQ-2
func (List[T]) Len() int { return 0 }

// Implements: REQ-3
type Ledger struct {
	// Implements: REQ-4
	Name string
}

// Verifies: REQ-1
func TestPost(t *testing.T) {
	// Verifies: REQ-2
	x := 1
}
"#,
    );
    assert_eq!(
        names,
        [
            "method `Ledger.Post`",
            "method `List.Len`",
            "struct `Ledger`",
            "struct `Ledger`",
            "test `TestPost`+test",
            "test `TestPost`+test",
        ]
    );
    for src in [
        "package p\n\nvar f = func() {\n\t// Implements: REQ-1\n\tg()\n}\n",
        "package p\n\n// Implements: REQ-1\ntype (\n\tA struct{}\n)\n",
        "package p\n\n// Implements: REQ-1\ntype G[T any] struct{}\n",
        "package p\n\nfunc f() {\n\t// Implements: REQ-1\n\ttype local struct{}\n}\n",
    ] {
        never_wrong("p/p.go", src);
    }
}

#[test]
fn java_and_csharp_members() {
    let names = answers(
        "src/test/java/LedgerTest.java",
        r#"package a;

import org.junit.jupiter.api.Test;

class LedgerTest {
    private static final Logger LOG = Logger.getLogger(LedgerTest.class.getName());

    /**
     * Verifies: REQ-1
     */
    @Test
    @DisplayName("sums")
    void sums() {
        // Verifies: REQ-2
        int x = 1;
    }

    // Implements: REQ-3
    public <T> List<Map<String, T>> build(T x) { return null; }

    // Implements: REQ-4
    LedgerTest() {}

    // Implements: REQ-5
    static class Inner {}
}
"#,
    );
    assert_eq!(
        names,
        [
            "test `LedgerTest.sums`+test",
            "test `LedgerTest.sums`+test",
            "test `LedgerTest.build`+test",
            "test `LedgerTest.LedgerTest`+test",
            "class `LedgerTest.Inner`+test",
        ]
    );
    let names = answers(
        "src/Ledger.cs",
        r#"using Xunit;

namespace Acme.Ledger
{
    [TestClass]
    public class LedgerTests
    {
        // Verifies: REQ-1
        [Fact, Trait("a", "b")]
        public async Task Sums() { Assert.True(x >= 0); }

        // Implements: REQ-2
        public T Get<T>(int id) where T : class => default;

        // Implements: REQ-3
        public int Count { get; set; }
    }
}
"#,
    );
    assert_eq!(
        names,
        [
            "test `Acme.Ledger.LedgerTests.Sums`+test",
            "test `Acme.Ledger.LedgerTests.Get`+test",
            "class `Acme.Ledger.LedgerTests`+test",
        ]
    );
    for (path, src) in [
        ("A.java", "enum E {\n    // Implements: REQ-1\n    A, B;\n}\n"),
        ("A.java", "class A {\n    Runnable r = new Runnable() {\n        // Implements: REQ-1\n        public void run() {}\n    };\n}\n"),
        ("A.java", "class A {\n    static {\n        // Implements: REQ-1\n        init();\n    }\n}\n"),
        ("A.java", "class A {\n    // Implements: REQ-1\n    @org.junit.Test\n    void t() {}\n}\n"),
        ("A.cs", "class A {\n    // Implements: REQ-1\n    public static A operator +(A a, A b) => a;\n}\n"),
        ("A.cs", "class A {\n    void F() {\n        // Implements: REQ-1\n        int Add(int a) { return a; }\n    }\n}\n"),
        ("A.cs", "namespace N;\n\n// Implements: REQ-1\npublic record struct R(int X);\n"),
        ("A.cs", "class A {\n    // Implements: REQ-1\n    ~A() {}\n    // Implements: REQ-2\n    public (int, int) Pair() => (1, 2);\n}\n"),
    ] {
        never_wrong(path, src);
    }
}

#[test]
fn c_and_cpp_functions_namespaces_and_gtest() {
    let names = answers(
        "src/ledger.c",
        r#"#include <stdio.h>

// Implements: REQ-1
static const char *name(void) { return "x"; }

// Implements: REQ-2
typedef struct point { int x; } point_t;

// Verifies: REQ-3
void test_sums(void) {}
"#,
    );
    assert_eq!(
        names,
        ["function `name`", "struct `point`", "test `test_sums`+test"]
    );
    let names = answers(
        "src/ledger.cpp",
        r#"#include <gtest/gtest.h>

namespace acme::ledger {
namespace {

// Verifies: REQ-1
TEST(LedgerTest, Sums) {
    // Verifies: REQ-2
    EXPECT_EQ(1, 1);
}

}  // namespace

class Ledger : public Base {
public:
    // Implements: REQ-3
    explicit Ledger(std::string name) : name_(std::move(name)) {}

    // Implements: REQ-4
    int total(const std::string& text) const {
        return 0;
    }
};

// Implements: REQ-5
std::vector<int> Ledger::post(int x) const {
    return {};
}
}
"#,
    );
    assert_eq!(
        names,
        [
            "test `acme::ledger::Sums`+test",
            "test `acme::ledger::Sums`+test",
            "method `acme::ledger::Ledger::Ledger`",
            "method `acme::ledger::Ledger::total`",
            "function `acme::ledger::Ledger::post`",
        ]
    );
    for (path, src) in [
        ("a.c", "// Implements: REQ-1\nint **table(void) { return 0; }\n"),
        ("a.c", "// Implements: REQ-1\n#define X 1\nint f(void) { return X; }\n"),
        ("a.c", "// Implements: REQ-1\nEXPORT int f(void) { return 0; }\n"),
        ("a.c", "#ifdef A\nint f(void) {\n#else\nint f(int a) {\n#endif\n    // Implements: REQ-1\n    return 0;\n}\n"),
        ("a.c", "// Implements: REQ-1\nint f(a)\nint a;\n{ return a; }\n"),
        ("a.cpp", "// Implements: REQ-1\ntemplate <typename T>\nT id(T x) { return x; }\n"),
        ("a.cpp", "struct A {\n    // Implements: REQ-1\n    bool operator==(const A&) const { return true; }\n};\n"),
        ("a.cpp", "extern \"C\" {\n// Implements: REQ-1\nint f(void) { return 0; }\n}\n"),
        ("a.cpp", "// Implements: REQ-1\nenum class Color : int { Red };\n"),
        ("a.cpp", "// Implements: REQ-1\nauto f() -> int { return 1; }\n"),
        ("a.cpp", "void f() {\n    auto g = [](int x) {\n        // Implements: REQ-1\n        return x;\n    };\n}\n"),
        ("a.cpp", "class A {\n    // Implements: REQ-1\n    ~A() {}\n    // Implements: REQ-2\n    virtual void f() = 0;\n};\n"),
    ] {
        never_wrong(path, src);
    }
}

#[test]
fn javascript_and_typescript_tests_classes_and_functions() {
    let names = answers(
        "web/ledger.test.js",
        r#"import { describe, it } from "vitest";

describe("Ledger", () => {
  // Verifies: REQ-1
  it("sums", () => {
    // Verifies: REQ-2
    const x = 1;
  });

  // Verifies: REQ-3
  it.only('posts', async function () {});
});
"#,
    );
    assert_eq!(
        names,
        [
            "test `Ledger.sums`+test",
            "test `Ledger.sums`+test",
            "test `Ledger.posts`+test",
        ]
    );
    let names = answers(
        "web/ledger.ts",
        r#"// Implements: REQ-1
export async function post(x: number): Promise<number> {
  return x;
}

// Implements: REQ-2
export const handler = async (req: Request): Promise<void> => {
  return;
};

/**
 * Implements: REQ-3
 */
export default class Ledger {
  private readonly name: string;

  // Implements: REQ-4
  public static async create(): Promise<Ledger> { return new Ledger(); }

  // Implements: REQ-5
  #secret() {}

  // Implements: REQ-6
  onClick = () => {};
}

// Implements: REQ-7
module.exports.legacy = function () {};

// Implements: REQ-8
export interface Options {
  name: string;
}
"#,
    );
    assert_eq!(
        names,
        [
            "function `post`",
            "function `handler`",
            "class `Ledger`",
            "method `Ledger.create`",
            "method `Ledger.#secret`",
            "class `Ledger`",
            "function `legacy`",
            "interface `Options`",
        ]
    );
    for (path, src) in [
        ("a.ts", "const o = {\n  // Implements: REQ-1\n  m() {},\n};\n"),
        ("a.ts", "// Implements: REQ-1\nconst a = 1, f = () => {};\n"),
        ("a.ts", "describe(`t ${x}`, () => {\n  // Implements: REQ-1\n  it('a', () => {});\n});\n"),
        ("a.ts", "describe.each([1])('t %s', () => {\n  // Implements: REQ-1\n  it('a', () => {});\n});\n"),
        ("a.ts", "interface I {\n  // Implements: REQ-1\n  m(): void\n  n: string\n}\n"),
        ("a.ts", "(function () {\n  // Implements: REQ-1\n  function f() {}\n})();\n"),
        ("a.ts", "// Implements: REQ-1\nconst f = (() => {\n  return 1;\n})();\n"),
        ("a.ts", "// Implements: REQ-1\nexport default function () {}\n"),
        ("a.ts", "class A {\n  // Implements: REQ-1\n  get() { return 1; }\n  // Implements: REQ-2\n  static {}\n}\n"),
        ("a.ts", "namespace N.M {\n  // Implements: REQ-1\n  export function f() {}\n}\n"),
        ("a.js", "app.get('/x', (req, res) => {\n  // Implements: REQ-1\n  res.end();\n});\n"),
        ("a.js", "// Implements: REQ-1\nfunction* gen() {}\n"),
    ] {
        never_wrong(path, src);
    }
}

/// The code files under `dirs` of this repository: path relative to its root, language
/// name and text.
fn repository_code(dirs: &[&str]) -> Vec<(String, &'static str, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut out = Vec::new();
    for dir in dirs {
        for entry in ignore::Walk::new(root.join(dir)).flatten() {
            let path = entry.path();
            let rel = path
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let FileKind::Code(lang) = workspace::kind_for_path(&rel) else {
                continue;
            };
            if let Ok(src) = std::fs::read_to_string(path) {
                out.push((rel, lang.name, src));
            }
        }
    }
    out
}

/// Whether the fast path read `src` and left symbols for the outline to name.
fn symbols_pending(rel: &str, src: &str) -> bool {
    let config = Config::default_config();
    let scanner = IdScanner::new(&config.prefixes());
    matches!(
        workspace::index_bytes_with(rel, src.as_bytes(), &config, &scanner, Extraction::Fast),
        Outcome::Facts(f, _) if f.symbols_pending
    )
}

/// Every annotation in this repository's own code, fixtures and demo: the outline must
/// agree with the parse wherever it answers, and answer for most files.
#[test]
fn repository_sweep_agrees_with_the_parse() {
    let (mut answered, mut declined) = (0, 0);
    for (rel, _, src) in
        repository_code(&["server/src", "examples", "tests/fixtures", "extensions"])
    {
        if !symbols_pending(&rel, &src) {
            continue;
        }
        match both(&rel, &src) {
            (full, Some(outline)) => {
                assert_eq!(outline, full, "{rel}");
                answered += 1;
            }
            (_, None) => declined += 1,
        }
    }
    assert!(answered > 50, "the outline answered for {answered} files");
    assert!(
        declined * 5 < answered,
        "{declined} declined, {answered} answered"
    );
}

/// An annotation comment before every third line of the demo and fixture code: wherever
/// the outline answers, it must agree with the parse. (`server/examples/outline_fuzz.rs`
/// does the same over any tree, e.g. the cargo registry.)
#[test]
fn inserted_comments_agree_with_the_parse() {
    let (mut answered, mut tried) = (0, 0);
    for (rel, lang, src) in repository_code(&["examples", "tests/fixtures"]) {
        let marker = if lang == "python" { "#" } else { "//" };
        let lines: Vec<&str> = src.split_inclusive('\n').collect();
        for at in (0..lines.len()).step_by(3) {
            let indent: String = lines[at]
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .collect();
            let mut text = String::new();
            for (k, line) in lines.iter().enumerate() {
                if k == at {
                    text.push_str(&format!("{indent}{marker} Implements: REQ-FUZZ-1\n"));
                }
                text.push_str(line);
            }
            if !symbols_pending(&rel, &text) {
                continue;
            }
            tried += 1;
            if let (full, Some(outline)) = both(&rel, &text) {
                assert_eq!(outline, full, "{rel} with a comment before line {}", at + 1);
                answered += 1;
            }
        }
    }
    assert!(answered * 2 > tried, "answered {answered} of {tried}");
}

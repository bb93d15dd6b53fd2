//! "Create missing test stub": a skipped or failing test with a `Verifies:` line, in the
//! language and framework of the requirement's implementation, placed where that
//! language's conventions put tests. Supported: pytest, Rust `#[test]`, Jest/Vitest, Go
//! testing, JUnit 5 and xUnit.

use super::Texts;
use crate::facts::AnnotationKind;
use crate::graph::Graph;
use crate::text::{LineIndex, Pos};
use std::path::Path;

/// Text to insert at `at` in `path`, creating the file first when `create`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stub {
    pub path: String,
    pub create: bool,
    pub at: Pos,
    pub text: String,
}

/// Implements: REQ-LSP-ACTIONS
/// The stub for requirement `id`, based on its first implementation (direct, or through
/// an item derived from it). `None` when there is no implementation in a supported
/// language to model the test on.
pub fn test_stub(graph: &Graph, texts: &dyn Texts, root: &Path, id: &str) -> Option<Stub> {
    let title = graph
        .definition(id)
        .map(|(_, d)| d.title.clone())
        .unwrap_or_default();
    let impls = graph.coverage(id, AnnotationKind::Implements);
    impls
        .iter()
        .find_map(|(f, _)| stub_for(&f.path, id, &title, texts, root))
}

fn split(path: &str) -> (&str, &str, &str) {
    let (dir, file) = path.rsplit_once('/').unwrap_or(("", path));
    let (stem, ext) = file.rsplit_once('.').unwrap_or((file, ""));
    (dir, stem, ext)
}

fn join(dir: &str, file: &str) -> String {
    if dir.is_empty() {
        file.to_string()
    } else {
        format!("{dir}/{file}")
    }
}

/// `REQ-PAY-1` → `req_pay_1` / `ReqPay1`.
fn snake(id: &str) -> String {
    id.to_ascii_lowercase().replace('-', "_")
}

fn camel(id: &str) -> String {
    id.split('-')
        .map(|g| {
            let lower = g.to_ascii_lowercase();
            let mut c = lower.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

fn stub_for(
    impl_path: &str,
    id: &str,
    title: &str,
    texts: &dyn Texts,
    root: &Path,
) -> Option<Stub> {
    let (dir, stem, ext) = split(impl_path);
    let what = escape(&format!("{id}: {title}"));
    let message = escape(&format!("test for {id} not written yet"));
    match ext {
        "py" => {
            let tests_dir = python_tests_dir(root, dir);
            let path = join(&tests_dir, &format!("test_{stem}.py"));
            let body = format!(
                "def test_{}():\n    \"\"\"Verifies: {id}\n\n    {what}\n    \"\"\"\n    raise NotImplementedError(\"{message}\")\n",
                snake(id)
            );
            Some(append_or_create(texts, path, body, None))
        }
        "rs" => {
            let body = format!(
                "\n#[cfg(test)]\nmod {}_tests {{\n    // Verifies: {id}\n    #[test]\n    fn {}_is_verified() {{\n        panic!(\"{message}\");\n    }}\n}}\n",
                snake(id),
                snake(id)
            );
            Some(append_or_create(texts, impl_path.to_string(), body, None))
        }
        "go" => {
            let path = join(dir, &format!("{stem}_test.go"));
            let body = format!(
                "\n// Verifies: {id}\nfunc Test{}(t *testing.T) {{\n\tt.Skip(\"{message}\")\n}}\n",
                camel(id)
            );
            let package = texts
                .text(impl_path)
                .and_then(|t| {
                    t.lines()
                        .find_map(|l| l.strip_prefix("package ").map(|p| p.trim().to_string()))
                })
                .unwrap_or_else(|| "main".into());
            let header = format!("package {package}\n\nimport \"testing\"\n");
            Some(append_or_create(texts, path, body, Some(header)))
        }
        "ts" | "tsx" | "js" | "jsx" | "mjs" | "cjs" | "mts" | "cts" => {
            let test_ext = match ext {
                "tsx" => "ts",
                "jsx" => "js",
                e => e,
            };
            let path = join(dir, &format!("{stem}.test.{test_ext}"));
            let body = format!("\n// Verifies: {id}\nit.todo(\"{what}\");\n");
            let header = if uses_vitest(root, dir) {
                "import { it } from \"vitest\";\n".to_string()
            } else {
                String::new()
            };
            Some(append_or_create(texts, path, body, Some(header)))
        }
        "java" => {
            let test_dir = dir.replacen("src/main/java", "src/test/java", 1);
            let class = format!("{stem}Test");
            let path = join(&test_dir, &format!("{class}.java"));
            let method = format!(
                "    // Verifies: {id}\n    @Test\n    @Disabled(\"{message}\")\n    void {}() {{}}\n",
                lower_first(&camel(id))
            );
            let package = texts
                .text(impl_path)
                .and_then(|t| {
                    t.lines().find_map(|l| {
                        l.trim()
                            .strip_prefix("package ")
                            .map(|p| p.trim_end_matches(';').to_string())
                    })
                })
                .map(|p| format!("package {p};\n\n"))
                .unwrap_or_default();
            let file = format!(
                "{package}import org.junit.jupiter.api.Disabled;\nimport org.junit.jupiter.api.Test;\n\nclass {class} {{\n{method}}}\n"
            );
            Some(insert_in_class_or_create(texts, path, method, file))
        }
        "cs" => {
            let class = format!("{stem}Tests");
            let path = join(dir, &format!("{class}.cs"));
            let method = format!(
                "    // Verifies: {id}\n    [Fact(Skip = \"{message}\")]\n    public void {}()\n    {{\n    }}\n",
                camel(id)
            );
            let namespace = texts
                .text(impl_path)
                .and_then(|t| {
                    t.lines().find_map(|l| {
                        l.trim()
                            .strip_prefix("namespace ")
                            .map(|n| n.trim_end_matches([';', '{', ' ']).to_string())
                    })
                })
                .map(|n| format!("namespace {n};\n\n"))
                .unwrap_or_default();
            let file = format!("using Xunit;\n\n{namespace}public class {class}\n{{\n{method}}}\n");
            Some(insert_in_class_or_create(texts, path, method, file))
        }
        _ => None,
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_ascii_lowercase().to_string() + c.as_str())
        .unwrap_or_default()
}

/// Appends to an existing file, or creates it with `header` first.
fn append_or_create(texts: &dyn Texts, path: String, body: String, header: Option<String>) -> Stub {
    match texts.text(&path) {
        Some(existing) => {
            let at = LineIndex::new(&existing).pos(existing.len());
            let sep = if existing.ends_with('\n') || existing.is_empty() {
                ""
            } else {
                "\n"
            };
            Stub {
                path,
                create: false,
                at,
                text: format!("{sep}{body}"),
            }
        }
        None => {
            let header = header.unwrap_or_default();
            Stub {
                path,
                create: true,
                at: Pos::default(),
                text: format!("{header}{}", body.trim_start_matches('\n')),
            }
        }
    }
}

/// Inserts a method before the last `}` of an existing file, or creates the file.
fn insert_in_class_or_create(
    texts: &dyn Texts,
    path: String,
    method: String,
    file: String,
) -> Stub {
    match texts.text(&path) {
        Some(existing) => match existing.rfind('}') {
            Some(i) => {
                let line_start = existing[..i].rfind('\n').map_or(0, |n| n + 1);
                let at = LineIndex::new(&existing).pos(line_start);
                Stub {
                    path,
                    create: false,
                    at,
                    text: format!("\n{method}"),
                }
            }
            None => append_or_create(texts, path, method, None),
        },
        None => Stub {
            path,
            create: true,
            at: Pos::default(),
            text: file,
        },
    }
}

/// Python tests go in the nearest `tests/` directory beside an ancestor of the module
/// (`pkg/tests` or `service/tests`), else next to the module.
fn python_tests_dir(root: &Path, dir: &str) -> String {
    let mut cur = dir.to_string();
    loop {
        let candidate = join(&cur, "tests");
        if root.join(&candidate).is_dir() {
            return candidate;
        }
        match cur.rsplit_once('/') {
            Some((parent, _)) => cur = parent.to_string(),
            None if !cur.is_empty() => cur = String::new(),
            None => return dir.to_string(),
        }
    }
}

/// Whether the nearest `package.json` above `dir` mentions vitest (else Jest globals).
fn uses_vitest(root: &Path, dir: &str) -> bool {
    let mut cur = root.join(dir);
    loop {
        let pkg = cur.join("package.json");
        if let Ok(text) = std::fs::read_to_string(&pkg) {
            return text.contains("\"vitest\"");
        }
        if cur == root || !cur.pop() {
            return false;
        }
    }
}

// Verifies: REQ-LSP-ACTIONS
#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::sync::Arc;

    struct Map(HashMap<String, Arc<str>>);
    impl Texts for Map {
        fn text(&self, path: &str) -> Option<Arc<str>> {
            self.0.get(path).cloned()
        }
    }

    fn texts(files: &[(&str, &str)]) -> Map {
        Map(files
            .iter()
            .map(|(p, t)| (p.to_string(), Arc::from(*t)))
            .collect())
    }

    #[test]
    fn names() {
        assert_eq!(snake("REQ-PAY-1"), "req_pay_1");
        assert_eq!(camel("REQ-PAY-1"), "ReqPay1");
    }

    #[test]
    fn go_stub_creates_a_test_file_in_the_package() {
        let t = texts(&[("svc/fraud/rules.go", "package fraud\n\nfunc Score() {}\n")]);
        let s = stub_for(
            "svc/fraud/rules.go",
            "REQ-9",
            "Scores",
            &t,
            Path::new("/nonexistent"),
        )
        .unwrap();
        assert_eq!(s.path, "svc/fraud/rules_test.go");
        assert!(s.create);
        assert_eq!(s.text, "package fraud\n\nimport \"testing\"\n// Verifies: REQ-9\nfunc TestReq9(t *testing.T) {\n\tt.Skip(\"test for REQ-9 not written yet\")\n}\n");
    }

    #[test]
    fn python_stub_appends_to_an_existing_test_file() {
        let t = texts(&[
            ("app/billing.py", "def bill(): pass\n"),
            ("app/test_billing.py", "def test_x():\n    pass"),
        ]);
        let s = stub_for(
            "app/billing.py",
            "REQ-2",
            "Bills",
            &t,
            Path::new("/nonexistent"),
        )
        .unwrap();
        assert_eq!(s.path, "app/test_billing.py");
        assert!(!s.create);
        assert_eq!(s.at, Pos { line: 1, col: 8 });
        assert!(
            s.text
                .starts_with("\ndef test_req_2():\n    \"\"\"Verifies: REQ-2"),
            "{}",
            s.text
        );
    }

    #[test]
    fn java_and_csharp_stubs_insert_before_the_closing_brace() {
        let t = texts(&[(
            "src/test/java/a/LedgerTest.java",
            "package a;\nclass LedgerTest {\n  @Test void x() {}\n}\n",
        )]);
        let s = stub_for(
            "src/main/java/a/Ledger.java",
            "REQ-3",
            "T",
            &t,
            Path::new("/x"),
        )
        .unwrap();
        assert_eq!(s.path, "src/test/java/a/LedgerTest.java");
        assert_eq!(s.at, Pos { line: 3, col: 0 });
        assert!(
            s.text
                .contains("@Disabled(\"test for REQ-3 not written yet\")\n    void req3() {}"),
            "{}",
            s.text
        );

        let t = texts(&[(
            "Books/Ledger.cs",
            "namespace Books;\npublic class Ledger {}\n",
        )]);
        let s = stub_for("Books/Ledger.cs", "REQ-4", "T", &t, Path::new("/x")).unwrap();
        assert!(s.create);
        assert!(s.text.starts_with("using Xunit;\n\nnamespace Books;\n\npublic class LedgerTests\n{\n    // Verifies: REQ-4\n    [Fact(Skip"), "{}", s.text);
    }

    #[test]
    fn rust_and_typescript_stubs() {
        let t = texts(&[("src/lib.rs", "pub fn a() {}")]);
        let s = stub_for("src/lib.rs", "REQ-5", "T", &t, Path::new("/x")).unwrap();
        assert_eq!(
            (s.path.as_str(), s.create, s.at),
            ("src/lib.rs", false, Pos { line: 0, col: 13 })
        );
        assert!(
            s.text.starts_with(
                "\n\n#[cfg(test)]\nmod req_5_tests {\n    // Verifies: REQ-5\n    #[test]"
            ),
            "{}",
            s.text
        );

        let s = stub_for(
            "web/src/pay.ts",
            "REQ-6",
            "Pays \"fast\"",
            &texts(&[]),
            Path::new("/x"),
        )
        .unwrap();
        assert_eq!(s.path, "web/src/pay.test.ts");
        assert_eq!(
            s.text,
            "// Verifies: REQ-6\nit.todo(\"REQ-6: Pays \\\"fast\\\"\");\n"
        );
    }
}

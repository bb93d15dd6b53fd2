// Verifies: REQ-EVIDENCE-JUNIT
//! Matching each producer's spelling of a test to the annotated test.

use super::*;
use crate::evidence::{Case, Outcome, TestCase};
use crate::facts::{Occurrence, SourceKind, Symbol};
use crate::text::{Pos, Range};
use std::sync::Arc;

fn case(classname: &str, name: &str, file: Option<&str>) -> Case {
    Case {
        case: TestCase {
            name: name.into(),
            classname: classname.into(),
            file: file.map(str::to_string),
            outcome: Outcome::Passed,
            message: None,
            duration: None,
            line: 1,
        },
        results_file: "r.xml".into(),
    }
}

/// A file with one `Verifies:` annotation per (symbol kind, symbol name), on lines 0, 1, …
fn file(path: &str, symbols: &[(SymbolKind, &str)]) -> Arc<FileFacts> {
    let mut f = FileFacts::new(path.into(), SourceKind::Code("python"), true);
    for (i, (kind, name)) in symbols.iter().enumerate() {
        let at = Pos {
            line: i as u32,
            col: 0,
        };
        let range = Range { start: at, end: at };
        f.annotations.push(Annotation {
            kind: AnnotationKind::Verifies,
            target: Occurrence {
                id: "REQ-1".into(),
                range,
            },
            symbol: Symbol {
                kind: *kind,
                name: name.to_string(),
                range,
                is_test: true,
            },
            body: None,
        });
    }
    Arc::new(f)
}

/// (path, line) → case indices.
fn matched(files: &[Arc<FileFacts>], cases: &[Case]) -> Vec<(String, u32, Vec<u32>)> {
    let mut out: Vec<_> = match_cases(files, cases)
        .into_iter()
        .flat_map(|(p, l)| l.into_iter().map(move |(pos, v)| (p.clone(), pos.line, v)))
        .collect();
    out.sort();
    out
}

use SymbolKind::{Class, Function, Method, Module, Test};

#[test]
fn words_split_every_producer_separator_and_drop_parameters() {
    assert_eq!(words("tests.test_x.TestA"), ["tests", "test_x", "TestA"]);
    assert_eq!(words("math > adds numbers"), ["math", "adds", "numbers"]);
    assert_eq!(words("math › adds"), ["math", "adds"]);
    assert_eq!(
        words("rules::tests::closest"),
        ["rules", "tests", "closest"]
    );
    assert_eq!(words("test_adds[1-2]"), ["test_adds"]);
    assert_eq!(words("Divides(10,0)"), ["Divides"]);
    assert_eq!(
        words("example.com/shop/cart"),
        ["example", "com", "shop", "cart"]
    );
}

#[test]
fn pytest_module_functions_and_class_methods() {
    let files = [file(
        "tests/test_math.py",
        &[(Function, "test_adds"), (Method, "TestDivide.test_by_zero")],
    )];
    let cases = [
        case("tests.test_math", "test_adds[1-2]", None),
        case("tests.test_math", "test_adds[3-4]", None),
        case("tests.test_math.TestDivide", "test_by_zero", None),
        case("tests.test_math.TestOther", "test_by_zero", None),
    ];
    assert_eq!(
        matched(&files, &cases),
        vec![
            ("tests/test_math.py".into(), 0, vec![0, 1]),
            ("tests/test_math.py".into(), 1, vec![2]),
        ]
    );
}

#[test]
fn the_same_name_in_two_files_goes_by_the_path_in_the_classname() {
    let files = [
        file("tests/test_a.py", &[(Function, "test_x")]),
        file("tests/test_b.py", &[(Function, "test_x")]),
    ];
    let cases = [case("tests.test_b", "test_x", None)];
    assert_eq!(
        matched(&files, &cases),
        vec![("tests/test_b.py".into(), 0, vec![0])]
    );
}

#[test]
fn a_file_attribute_decides() {
    let files = [
        file("web/math.test.js", &[(Test, "math.adds")]),
        file("api/math.test.js", &[(Test, "math.adds")]),
    ];
    let cases = [case(
        "math adds",
        "math adds",
        Some("/ci/build/api/math.test.js"),
    )];
    assert_eq!(
        matched(&files, &cases),
        vec![("api/math.test.js".into(), 0, vec![0])]
    );
}

#[test]
fn jest_words_vitest_paths_and_describe_blocks() {
    let files = [file(
        "tests/math.test.ts",
        &[
            (Test, "math"),
            (Test, "math.adds numbers"),
            (Test, "math.adds"),
        ],
    )];
    let cases = [
        case("math adds numbers", "math adds numbers", None),
        case("tests/math.test.ts", "math > adds", None),
        case("tests/math.test.ts", "math > divides", None),
    ];
    // The `it`s take their own cases; the describe block gets the one no `it` claims.
    assert_eq!(
        matched(&files, &cases),
        vec![
            ("tests/math.test.ts".into(), 0, vec![2]),
            ("tests/math.test.ts".into(), 1, vec![0]),
            ("tests/math.test.ts".into(), 2, vec![1]),
        ]
    );
}

#[test]
fn surefire_dotnet_go_nextest_and_googletest() {
    let files = [
        file(
            "src/test/java/com/acme/CalcTest.java",
            &[(Method, "CalcTest.adds")],
        ),
        file("Acme.Tests/CalcTests.cs", &[(Method, "CalcTests.Divides")]),
        file("cart/cart_test.go", &[(Function, "TestTotal")]),
        file("server/src/rules.rs", &[(Function, "tests::closest")]),
        file("tests/cli/evidence.rs", &[(Function, "reports_failures")]),
        file("test/math_test.cc", &[(Test, "MathTest.Adds")]),
    ];
    let cases = [
        case("com.acme.CalcTest", "adds()", None),
        case("Acme.Tests.CalcTests", "Divides(10,0)", None),
        case("example.com/shop/cart", "TestTotal", None),
        case("throughline", "rules::tests::closest", None),
        case("throughline::cli", "evidence::reports_failures", None),
        case("MathTest", "Adds", Some("test/math_test.cc")),
    ];
    let got = matched(&files, &cases);
    let by_path: Vec<(&str, &[u32])> = got.iter().map(|(p, _, v)| (p.as_str(), &v[..])).collect();
    assert_eq!(
        by_path,
        vec![
            ("Acme.Tests/CalcTests.cs", &[1][..]),
            ("cart/cart_test.go", &[2]),
            ("server/src/rules.rs", &[3]),
            ("src/test/java/com/acme/CalcTest.java", &[0]),
            ("test/math_test.cc", &[5]),
            ("tests/cli/evidence.rs", &[4]),
        ]
    );
}

#[test]
fn a_googletest_name_matches_inside_namespaces() {
    let mut f = (*file("test/ledger_test.cc", &[(Test, "acme::ledger::Sums")])).clone();
    f.kind = SourceKind::Code("cpp");
    let cases = [case("LedgerTest", "Sums", Some("test/ledger_test.cc"))];
    assert_eq!(
        matched(&[Arc::new(f)], &cases),
        vec![("test/ledger_test.cc".into(), 0, vec![0])]
    );
}

#[test]
fn a_module_needs_its_path_and_a_function_is_not_a_prefix() {
    let files = [file(
        "server/src/rules.rs",
        &[(Module, "tests"), (Class, "TestApi")],
    )];
    let cases = [
        // Another module's `tests`: nothing in the path backs it.
        case("throughline", "evidence::tests::x", None),
        case("throughline", "rules::tests::y", None),
    ];
    assert_eq!(
        matched(&files, &cases),
        vec![("server/src/rules.rs".into(), 0, vec![1])]
    );
    let f = [file("t.py", &[(Function, "test_a")])];
    assert!(matched(&f, &[case("t", "test_a.inner", None)]).is_empty());
}

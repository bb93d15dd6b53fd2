// Verifies: REQ-EVIDENCE-JUNIT
//! One small sample per producer, written after each one's documented output.

use super::*;

fn outcomes(cases: &[TestCase]) -> Vec<(&str, &str, Outcome)> {
    cases
        .iter()
        .map(|c| (c.classname.as_str(), c.name.as_str(), c.outcome))
        .collect()
}

#[test]
fn reads_pytest_xunit2() {
    let xml = r#"<?xml version="1.0" encoding="utf-8"?><testsuites name="pytest tests"><testsuite name="pytest" errors="0" failures="1" skipped="1" tests="3" time="0.05" timestamp="2026-01-02T10:00:00" hostname="ci"><testcase classname="tests.test_math" name="test_adds[1-2]" time="0.001" /><testcase classname="tests.test_math.TestDivide" name="test_by_zero" time="0.002"><failure message="assert 1 == 2">def test_by_zero():
&gt;       assert 1 == 2
E       assert 1 == 2

tests/test_math.py:9: AssertionError</failure></testcase><testcase classname="tests.test_math" name="test_later" time="0.000"><skipped type="pytest.skip" message="not yet">tests/test_math.py:12: not yet</skipped></testcase></testsuite></testsuites>"#;
    let cases = parse(xml.as_bytes()).unwrap();
    assert_eq!(
        outcomes(&cases),
        vec![
            ("tests.test_math", "test_adds[1-2]", Outcome::Passed),
            (
                "tests.test_math.TestDivide",
                "test_by_zero",
                Outcome::Failed
            ),
            ("tests.test_math", "test_later", Outcome::Skipped),
        ]
    );
    assert_eq!(cases[1].message.as_deref(), Some("assert 1 == 2"));
    assert_eq!(cases[2].message.as_deref(), Some("not yet"));
    assert_eq!(cases[0].duration, Some(0.001));
    assert_eq!(cases[0].file, None);
}

#[test]
fn reads_pytest_xunit1_file_attribute() {
    let xml = r#"<testsuites><testsuite name="pytest" tests="1"><testcase classname="tests.test_math" name="test_adds" file="tests/test_math.py" line="3" time="0.001"/></testsuite></testsuites>"#;
    let cases = parse(xml.as_bytes()).unwrap();
    assert_eq!(cases[0].file.as_deref(), Some("tests/test_math.py"));
}

#[test]
fn reads_jest_junit_text_failures() {
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="jest tests" tests="3" failures="1" errors="0" time="0.5">
  <testsuite name="math" errors="0" failures="1" skipped="1" timestamp="2026-01-02T10:00:00" time="0.3" tests="3">
    <testcase classname="math adds numbers" name="math adds numbers" time="0.002">
    </testcase>
    <testcase classname="math divides" name="math divides" time="0.001">
      <failure>Error: expect(received).toBe(expected) // Object.is equality

Expected: 3
Received: 2
    at Object.&lt;anonymous&gt; (/w/math.test.js:7:19)</failure>
    </testcase>
    <testcase classname="math later" name="math later" time="0">
      <skipped/>
    </testcase>
  </testsuite>
</testsuites>"#;
    let cases = parse(xml.as_bytes()).unwrap();
    assert_eq!(cases.len(), 3);
    assert_eq!(cases[1].outcome, Outcome::Failed);
    assert_eq!(
        cases[1].message.as_deref(),
        Some("Error: expect(received).toBe(expected) // Object.is equality")
    );
    assert_eq!(cases[2].outcome, Outcome::Skipped);
    assert_eq!(cases[2].line, 13);
}

#[test]
fn reads_vitest_paths_and_separators() {
    let xml = r#"<?xml version="1.0" encoding="UTF-8" ?>
<testsuites name="vitest tests" tests="2" failures="1" errors="0" time="0.01">
    <testsuite name="tests/math.test.ts" timestamp="2026-01-02T10:00:00" hostname="ci" tests="2" failures="1" errors="0" skipped="0" time="0.004">
        <testcase classname="tests/math.test.ts" name="math &gt; adds numbers" time="0.001">
        </testcase>
        <testcase classname="tests/math.test.ts" name="math &gt; divides" time="0.002">
            <failure message="expected 2 to be 3 // Object.is equality" type="AssertionError">
AssertionError: expected 2 to be 3
            </failure>
        </testcase>
    </testsuite>
</testsuites>"#;
    let cases = parse(xml.as_bytes()).unwrap();
    assert_eq!(cases[0].name, "math > adds numbers");
    assert_eq!(
        cases[1].message.as_deref(),
        Some("expected 2 to be 3 // Object.is equality")
    );
}

#[test]
fn reads_go_junit_report_with_properties_and_cdata() {
    let xml = r#"<testsuites tests="3" failures="1">
	<testsuite name="example.com/shop/cart" tests="3" failures="1" errors="0" id="0" hostname="ci" time="0.003" timestamp="2026-01-02T10:00:00Z">
		<properties><property name="go.version" value="go1.22.0"></property></properties>
		<testcase name="TestTotal" classname="example.com/shop/cart" time="0.000"></testcase>
		<testcase name="TestDiscount" classname="example.com/shop/cart" time="0.000"><failure message="Failed"><![CDATA[    cart_test.go:14: got 9, want 10]]></failure></testcase>
		<testcase name="TestDiscount/with_coupon" classname="example.com/shop/cart" time="0.000"><skipped message="cart_test.go:20: later"></skipped></testcase>
	</testsuite>
</testsuites>"#;
    let cases = parse(xml.as_bytes()).unwrap();
    assert_eq!(
        outcomes(&cases),
        vec![
            ("example.com/shop/cart", "TestTotal", Outcome::Passed),
            ("example.com/shop/cart", "TestDiscount", Outcome::Failed),
            (
                "example.com/shop/cart",
                "TestDiscount/with_coupon",
                Outcome::Skipped
            ),
        ]
    );
    assert_eq!(cases[1].message.as_deref(), Some("Failed"));
}

#[test]
fn a_failure_without_message_takes_its_first_text_line() {
    let xml = r#"<testsuite name="p"><testcase name="TestX" classname="p"><failure><![CDATA[
    x_test.go:3: boom
    more]]></failure></testcase></testsuite>"#;
    let cases = parse(xml.as_bytes()).unwrap();
    assert_eq!(cases[0].message.as_deref(), Some("x_test.go:3: boom"));
}

#[test]
fn reads_surefire_single_suite_with_error() {
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<testsuite xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="3.0" name="com.acme.CalcTest" time="0.02" tests="3" errors="1" skipped="1" failures="0">
  <properties><property name="java.version" value="21"/></properties>
  <testcase name="adds" classname="com.acme.CalcTest" time="0.001"/>
  <testcase name="divides" classname="com.acme.CalcTest" time="0.003">
    <error message="/ by zero" type="java.lang.ArithmeticException">java.lang.ArithmeticException: / by zero
	at com.acme.CalcTest.divides(CalcTest.java:14)</error>
  </testcase>
  <testcase name="later" classname="com.acme.CalcTest" time="0">
    <skipped message="not ready"/>
  </testcase>
  <testcase name="flaky" classname="com.acme.CalcTest" time="0.01">
    <flakyFailure message="first run failed" type="java.lang.AssertionError"/>
  </testcase>
</testsuite>"#;
    let cases = parse(xml.as_bytes()).unwrap();
    assert_eq!(
        outcomes(&cases),
        vec![
            ("com.acme.CalcTest", "adds", Outcome::Passed),
            ("com.acme.CalcTest", "divides", Outcome::Errored),
            ("com.acme.CalcTest", "later", Outcome::Skipped),
            ("com.acme.CalcTest", "flaky", Outcome::Passed),
        ]
    );
    assert_eq!(cases[1].message.as_deref(), Some("/ by zero"));
}

#[test]
fn reads_nextest_binaries_as_classnames() {
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="nextest-run" tests="2" failures="1" errors="0" uuid="5a1f" timestamp="2026-01-02T10:00:00Z" time="0.1">
    <testsuite name="throughline" tests="1" disabled="0" errors="0" failures="0">
        <testcase name="rules::tests::closest_prefers_small_edits" classname="throughline" timestamp="2026-01-02T10:00:00Z" time="0.01">
        </testcase>
    </testsuite>
    <testsuite name="throughline::cli" tests="1" disabled="0" errors="0" failures="1">
        <testcase name="evidence::failing_test_is_reported" classname="throughline::cli" time="0.02">
            <failure message="thread 'evidence::failing_test_is_reported' panicked at tests/cli/evidence.rs:10:5" type="test failure">assertion failed</failure>
            <system-out>running 1 test</system-out>
        </testcase>
    </testsuite>
</testsuites>"#;
    let cases = parse(xml.as_bytes()).unwrap();
    assert_eq!(cases[1].classname, "throughline::cli");
    assert_eq!(cases[1].outcome, Outcome::Failed);
    assert!(cases[1].message.as_deref().unwrap().starts_with("thread "));
}

#[test]
fn reads_dotnet_junit_logger() {
    let xml = r#"<?xml version="1.0" encoding="utf-8"?>
<testsuites>
  <testsuite name="Acme.Tests.dll" tests="2" skipped="0" failures="1" errors="0" time="0.1" timestamp="2026-01-02T10:00:00" hostname="ci" id="0" package="Acme.Tests.dll">
    <properties />
    <testcase classname="Acme.Tests.CalcTests" name="Adds" time="0.001" />
    <testcase classname="Acme.Tests.CalcTests" name="Divides(10,0)" time="0.002">
      <failure type="failure" message="Assert.Equal() Failure">   at Acme.Tests.CalcTests.Divides(Int32 a, Int32 b) in /src/CalcTests.cs:line 20</failure>
    </testcase>
    <system-out />
  </testsuite>
</testsuites>"#;
    let cases = parse(xml.as_bytes()).unwrap();
    assert_eq!(cases[1].name, "Divides(10,0)");
    assert_eq!(cases[1].message.as_deref(), Some("Assert.Equal() Failure"));
}

#[test]
fn reads_googletest_notrun_and_file() {
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<testsuites tests="3" failures="1" disabled="1" errors="0" time="0.001" timestamp="2026-01-02T10:00:00" name="AllTests">
  <testsuite name="MathTest" tests="3" failures="1" disabled="1" skipped="0" errors="0" time="0" timestamp="2026-01-02T10:00:00">
    <testcase name="Adds" file="test/math_test.cc" line="4" status="run" result="completed" time="0" classname="MathTest" />
    <testcase name="Divides" file="test/math_test.cc" line="8" status="run" result="completed" time="0" classname="MathTest">
      <failure message="test/math_test.cc:9&#x0A;Expected equality of these values:" type=""><![CDATA[test/math_test.cc:9
Expected equality of these values:]]></failure>
    </testcase>
    <testcase name="DISABLED_Later" file="test/math_test.cc" line="12" status="notrun" result="suppressed" time="0" classname="MathTest" />
  </testsuite>
</testsuites>"#;
    let cases = parse(xml.as_bytes()).unwrap();
    assert_eq!(
        outcomes(&cases),
        vec![
            ("MathTest", "Adds", Outcome::Passed),
            ("MathTest", "Divides", Outcome::Failed),
            ("MathTest", "DISABLED_Later", Outcome::Skipped),
        ]
    );
    assert_eq!(
        cases[1].message.as_deref(),
        Some("test/math_test.cc:9\nExpected equality of these values:")
    );
    assert_eq!(cases[0].file.as_deref(), Some("test/math_test.cc"));
}

#[test]
fn nested_suites_lend_their_name_and_file() {
    let xml = r#"<testsuites><testsuite name="outer" file="spec/a_spec.rb"><testsuite name="inner"><testcase name="works"/></testsuite><testcase name="also" classname=""/></testsuite></testsuites>"#;
    let cases = parse(xml.as_bytes()).unwrap();
    assert_eq!(cases[0].classname, "inner");
    assert_eq!(cases[0].file.as_deref(), Some("spec/a_spec.rb"));
    assert_eq!(cases[1].classname, "outer");
}

#[test]
fn a_truncated_file_names_the_open_element() {
    let xml = "<testsuites>\n  <testsuite name=\"x\">\n    <testcase name=\"a\"/>\n";
    let e = parse(xml.as_bytes()).unwrap_err();
    assert!(e.message.contains("<testsuite> opened at line 2"), "{e:?}");
    assert_eq!((e.line, e.column), (4, 1));
}

#[test]
fn a_malformed_file_gives_the_position() {
    let xml = "<testsuites>\n  <testsuite name=\"x\">\n    <testcase name=\"a\"></testsuite>\n</testsuites>\n";
    let e = parse(xml.as_bytes()).unwrap_err();
    assert_eq!(e.line, 3, "{e:?}");
    assert!(e.message.contains("testsuite"), "{e:?}");
}

#[test]
fn invalid_utf8_and_non_junit_are_errors() {
    let e = parse(b"<testsuites>\n<testcase name=\"\xff\"/></testsuites>").unwrap_err();
    assert_eq!((e.line, e.message.as_str()), (2, "not valid UTF-8"));
    let e = parse(b"<html><body/></html>").unwrap_err();
    assert!(e.message.contains("not a JUnit XML report"), "{e:?}");
}

//! `throughline trace ID`.
// Verifies: REQ-TRACE-CMD, REQ-LANGUAGES

use crate::common::{fixture, repo_path, run_in};

#[test]
fn trace_lists_upstream_and_downstream_with_locations() {
    let out = run_in(&repo_path("examples/payments"), &["trace", "REQ-PAY-1"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!("trace_req_pay_1", out.stdout);
}

#[test]
fn every_language_attaches_annotations_to_the_right_symbol() {
    let out = run_in(
        &fixture("languages"),
        &["trace", "REQ-1", "--format", "json"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!("trace_languages_json", out.stdout);
}

#[test]
fn unknown_id_suggests_the_closest() {
    let out = run_in(&repo_path("examples/payments"), &["trace", "REQ-PAY-12"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("did you mean `REQ-PAY-1`?"),
        "{}",
        out.stderr
    );
}

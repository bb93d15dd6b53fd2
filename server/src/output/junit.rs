//! JUnit XML for CI dashboards: one test suite per rule, one failing test case per
//! finding that fails the gate. Findings below the gate are passing cases whose text is
//! in `system-out`, so they are visible without turning the build red. With
//! `check --base`, findings the change fixed are passing cases named
//! `… (resolved since REV)`, in their rule's suite.

use super::{Resolved, Sources};
use crate::catalog::{self, Severity};
use crate::diagnostics::Diagnostic;
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

pub fn render(
    diags: &[Diagnostic],
    sources: &mut Sources,
    deny_warnings: bool,
    mut resolved: Option<&mut Resolved>,
) -> String {
    let mut report = Report::new("throughline");
    for rule in catalog::RULES {
        let mut suite = TestSuite::new(rule.code);
        let findings: Vec<&Diagnostic> = diags.iter().filter(|d| d.code == rule.code).collect();
        let fixed: Vec<&Diagnostic> = resolved.as_ref().map_or(Vec::new(), |r| {
            r.diagnostics
                .iter()
                .filter(|d| d.code == rule.code)
                .collect()
        });
        if findings.is_empty() && fixed.is_empty() {
            let mut case = TestCase::new("no findings", TestCaseStatus::success());
            case.set_classname(rule.code);
            suite.add_test_case(case);
        }
        for d in findings {
            let p = sources.line_col(&d.path, d.range);
            let location = format!("{}:{}:{}", d.path, p.line, p.column);
            let text = match &d.help {
                Some(h) => format!("{location}: {}\nhelp: {h}", d.message),
                None => format!("{location}: {}", d.message),
            };
            let fails =
                d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning);
            let mut case = if fails {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                status
                    .set_message(d.message.as_str())
                    .set_type(d.severity.label())
                    .set_description(text.as_str());
                TestCase::new(location.as_str(), status)
            } else {
                let mut case = TestCase::new(location.as_str(), TestCaseStatus::success());
                case.set_system_out(text.as_str());
                case
            };
            case.set_classname(rule.code);
            suite.add_test_case(case);
        }
        if let Some(r) = resolved.as_mut() {
            for d in fixed {
                let p = r.sources.line_col(&d.path, d.range);
                let name = format!(
                    "{}:{}:{} (resolved since {})",
                    d.path, p.line, p.column, r.rev
                );
                let mut case = TestCase::new(name.as_str(), TestCaseStatus::success());
                case.set_system_out(format!("resolved: {}", d.message).as_str());
                case.set_classname(rule.code);
                suite.add_test_case(case);
            }
        }
        report.add_test_suite(suite);
    }
    report.to_string().unwrap_or_default()
}

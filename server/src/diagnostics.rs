//! Diagnostics: what rules return and every output format renders.

use crate::catalog::Severity;
use crate::text::Range;
use serde::Serialize;

/// The other side of a problem (the first definition of a duplicate, the implementation
/// of an untested requirement, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    pub path: String,
    pub range: Range,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub path: String,
    pub range: Range,
    pub message: String,
    pub help: Option<String>,
    pub related: Vec<Related>,
    /// For `unknown-ref`: the closest defined ID, to replace the bad one with.
    pub suggestion: Option<String>,
}

/// Counts by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Editor-only; the CLI drops hints, so its reports do not carry the count.
    #[serde(skip)]
    pub hints: usize,
}

impl Summary {
    pub fn of(diags: &[Diagnostic]) -> Summary {
        let mut s = Summary::default();
        for d in diags {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
                Severity::Hint => s.hints += 1,
            }
        }
        s
    }
}

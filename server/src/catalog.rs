//! The stable rule codes: the `code` in every output, the SARIF `ruleId` and the key in
//! `throughline.toml`'s `[rules]` table. Never rename one; add new codes instead.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Error,
    Warning,
    Info,
    /// Shown in the editor only; `check` does not report hints.
    Hint,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }
}

/// Metadata for one rule.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub code: &'static str,
    pub default_severity: Severity,
    pub summary: &'static str,
    pub help: &'static str,
}

pub const DUPLICATE_ID: &str = "duplicate-id";
pub const UNKNOWN_REF: &str = "unknown-ref";
pub const UNTRACED: &str = "untraced";
pub const UNCOVERED: &str = "uncovered";
pub const MISSING_IMPL: &str = "missing-impl";
pub const MISSING_TEST: &str = "missing-test";
pub const FILE_TOO_LARGE: &str = "file-too-large";
pub const INVALID_UTF8: &str = "invalid-utf8";
pub const INTERNAL_ERROR: &str = "internal-error";
pub const INVALID_CONFIG: &str = "invalid-config";
pub const INVALID_CONTRACT: &str = "invalid-contract";
pub const UNDOCUMENTED_ROUTE: &str = "undocumented-route";
pub const UNIMPLEMENTED_OPERATION: &str = "unimplemented-operation";
pub const METHOD_MISMATCH: &str = "method-mismatch";
pub const PARAM_NAME_MISMATCH: &str = "param-name-mismatch";
pub const UNRESOLVED_PREFIX: &str = "unresolved-prefix";
pub const SUSPECT_LINK: &str = "suspect-link";
pub const STALE_LOCK_ENTRY: &str = "stale-lock-entry";
pub const CHANGED_IMPLEMENTATION: &str = "changed-implementation";
pub const INVALID_LOCK: &str = "invalid-lock";
pub const AMBIGUOUS_REF: &str = "ambiguous-ref";
pub const DONE_UNVERIFIED: &str = "done-unverified";
pub const NEEDS_CLARIFICATION: &str = "needs-clarification";
pub const MISSING_SCENARIO: &str = "missing-scenario";
pub const REMOVED_BY_CHANGE: &str = "removed-by-change";
pub const INVALID_IMPORT: &str = "invalid-import";
pub const STALE_IMPORT: &str = "stale-import";
pub const UNTRACED_CODE: &str = "untraced-code";
pub const FAILING_TEST: &str = "failing-test";
pub const SKIPPED_TEST: &str = "skipped-test";
pub const UNRUN_TEST: &str = "unrun-test";
pub const INVALID_TEST_RESULTS: &str = "invalid-test-results";
pub const CLOSED_UNVERIFIED: &str = "closed-unverified";
pub const INVALID_TRACKER_EXPORT: &str = "invalid-tracker-export";

pub const RULES: &[Rule] = &[
    Rule {
        code: DUPLICATE_ID,
        default_severity: Severity::Error,
        summary: "An ID is defined more than once.",
        help: "Give each item a unique ID; every reference must name exactly one definition.",
    },
    Rule {
        code: UNKNOWN_REF,
        default_severity: Severity::Error,
        summary: "A link, annotation or reference names an ID that is not defined.",
        help: "Fix the ID, or define the item in a Markdown heading.",
    },
    Rule {
        code: UNTRACED,
        default_severity: Severity::Warning,
        summary: "An item lacks its required upstream `Derives from:` link.",
        help: "Add a `Derives from: ID` line to the item's body.",
    },
    Rule {
        code: UNCOVERED,
        default_severity: Severity::Warning,
        summary: "Nothing downstream derives from an item that must be covered.",
        help: "Write the downstream item and give it a `Derives from:` line naming this one.",
    },
    Rule {
        code: MISSING_IMPL,
        default_severity: Severity::Warning,
        summary: "An item that needs an implementation has no `Implements:` annotation in code.",
        help: "Annotate the implementing code with a comment `Implements: ID`.",
    },
    Rule {
        code: MISSING_TEST,
        default_severity: Severity::Warning,
        summary: "An item that needs a test has no `Verifies:` annotation in a test.",
        help: "Annotate a test with a comment `Verifies: ID`.",
    },
    Rule {
        code: FILE_TOO_LARGE,
        default_severity: Severity::Warning,
        summary: "A file that contains trace IDs is larger than `max-file-size` and was not indexed.",
        help: "Split the file, exclude it, or raise `max-file-size` in throughline.toml.",
    },
    Rule {
        code: INVALID_UTF8,
        default_severity: Severity::Warning,
        summary: "A file that contains trace IDs is not valid UTF-8; it was read with replacement characters.",
        help: "Re-save the file as UTF-8.",
    },
    Rule {
        code: INTERNAL_ERROR,
        default_severity: Severity::Warning,
        summary: "Throughline hit an internal error while reading a file; the file was skipped.",
        help: "This is a bug in throughline: please report it with the file that triggers it.",
    },
    Rule {
        code: INVALID_CONFIG,
        default_severity: Severity::Error,
        summary: "throughline.toml cannot be used (language server only; the CLI exits with code 2).",
        help: "Fix the file; until then the last valid configuration, or the default, applies.",
    },
    Rule {
        code: INVALID_CONTRACT,
        default_severity: Severity::Error,
        summary: "An API contract (OpenAPI/Swagger document) cannot be read.",
        help: "Fix the document at the position shown; in the editor the last readable version stays in use.",
    },
    Rule {
        code: UNDOCUMENTED_ROUTE,
        default_severity: Severity::Warning,
        summary: "A route declared in code matches no operation of any API contract.",
        help: "Add the operation to the contract, or list the route under `[contracts] ignore-routes`.",
    },
    Rule {
        code: UNIMPLEMENTED_OPERATION,
        default_severity: Severity::Warning,
        summary: "An operation of an API contract is served by no route in code.",
        help: "Declare a route for it, or remove the operation from the contract.",
    },
    Rule {
        code: METHOD_MISMATCH,
        default_severity: Severity::Warning,
        summary: "A route's path is in the contract, but not with the route's method.",
        help: "Change the method in the code or in the contract so that they agree.",
    },
    Rule {
        code: PARAM_NAME_MISMATCH,
        default_severity: Severity::Hint,
        summary: "A route matches its operation by position, but a path parameter has another name.",
        help: "Rename the parameter on one side if the difference is not intended.",
    },
    Rule {
        code: UNRESOLVED_PREFIX,
        default_severity: Severity::Info,
        summary: "A route prefix is an expression only configuration knows; its routes are matched by their known suffix.",
        help: "Give its value under `[contracts.prefixes]` in throughline.toml, keyed by the expression as written.",
    },
    Rule {
        code: SUSPECT_LINK,
        default_severity: Severity::Warning,
        summary: "The upstream item changed since this link was last reviewed (`throughline.lock`).",
        help: "Check the downstream against the new text, then run `throughline review` or use the quick fix \"Mark as reviewed\".",
    },
    Rule {
        code: CHANGED_IMPLEMENTATION,
        default_severity: Severity::Info,
        summary: "Code implementing the item changed since its link was last reviewed (`throughline.lock`).",
        help: "Check that the code still does what the item says, then run `throughline review ID` or use \"Accept the changed implementation\".",
    },
    Rule {
        code: STALE_LOCK_ENTRY,
        default_severity: Severity::Info,
        summary: "`throughline.lock` records a link that no longer exists (an item or annotation was deleted, renamed or moved).",
        help: "Run `throughline review` to prune it.",
    },
    Rule {
        code: INVALID_LOCK,
        default_severity: Severity::Error,
        summary: "`throughline.lock` cannot be read: a corrupt line or a merge conflict left in it (language server only; the CLI exits with code 2).",
        help: "Resolve the lines named, or delete the file and run `throughline review` to accept the current state.",
    },
    Rule {
        code: AMBIGUOUS_REF,
        default_severity: Severity::Warning,
        summary: "A dialect marker in code whose feature cannot be decided.",
        help: "name the feature in the comment (`Feature: <name>`) or its `.kiro/specs/<name>` path",
    },
    Rule {
        code: DONE_UNVERIFIED,
        default_severity: Severity::Warning,
        summary: "A task marked done whose evidence is missing: a file it names does not exist, or no test verifies any criterion it cites.",
        help: "create what the task names, write the test that verifies its criteria, or untick it",
    },
    Rule {
        code: MISSING_SCENARIO,
        default_severity: Severity::Warning,
        summary: "An OpenSpec requirement has no `#### Scenario:`.",
        help: "add a `#### Scenario: <name>` with WHEN/THEN lines below the requirement",
    },
    Rule {
        code: REMOVED_BY_CHANGE,
        default_severity: Severity::Info,
        summary: "Code cites an OpenSpec requirement that a pending change removes.",
        help: "move the code to the requirement that replaces it, or remove it with the change",
    },
    Rule {
        code: INVALID_IMPORT,
        default_severity: Severity::Error,
        summary: "A `[workspace] imports` file is not a throughline export this version reads.",
        help: "re-create it with `throughline export --output FILE` in the other repository, with the same throughline version",
    },
    Rule {
        code: STALE_IMPORT,
        default_severity: Severity::Warning,
        summary: "An imported export is older than `[workspace] max-import-age`.",
        help: "export the other repository again (`throughline export --output FILE`) and update the copy here",
    },
    Rule {
        code: NEEDS_CLARIFICATION,
        default_severity: Severity::Warning,
        summary: "A `[NEEDS CLARIFICATION: …]` marker is still in a Spec Kit spec.md or plan.md.",
        help: "answer the question in the spec (Spec Kit's /clarify) before building on it",
    },
    Rule {
        code: UNTRACED_CODE,
        default_severity: Severity::Warning,
        summary: "A function, method or class under `[governance] require-trace` has no `Implements:` on it or on a definition around it.",
        help: "add a comment `Implements: ID` above it naming the item it implements",
    },
    Rule {
        code: FAILING_TEST,
        default_severity: Severity::Error,
        summary: "An item is verified by a test that failed or errored in the given test results.",
        help: "fix the code or the test; the related information names the test and its failure",
    },
    Rule {
        code: SKIPPED_TEST,
        default_severity: Severity::Warning,
        summary: "Every test of an item that is in the given test results was skipped.",
        help: "enable the test, or write one that runs",
    },
    Rule {
        code: UNRUN_TEST,
        default_severity: Severity::Info,
        summary: "Test results were given, but an annotated test of an item is not in them.",
        help: "run the test in the job that writes the results, or check that its name matches (docs/evidence.md)",
    },
    Rule {
        code: INVALID_TEST_RESULTS,
        default_severity: Severity::Error,
        summary: "A test results file (JUnit XML) cannot be read: missing, malformed, truncated, not UTF-8 or too large.",
        help: "fix the path or the file at the position shown; the other results files are still used",
    },
    Rule {
        code: CLOSED_UNVERIFIED,
        default_severity: Severity::Warning,
        summary: "A tracker item (Jira, GitHub, ...) is closed in its export while the chain item it tracks has requirements below it that are not implemented or not verified.",
        help: "finish the work the ticket tracks (implement and test it), or reopen the ticket",
    },
    Rule {
        code: INVALID_TRACKER_EXPORT,
        default_severity: Severity::Warning,
        summary: "A `[trackers.NAME] export` file is missing, too large or malformed; its keys have no status.",
        help: "re-export the file (docs/trackers.md says how), or set `format` in its `[trackers.NAME]` table",
    },
];

pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

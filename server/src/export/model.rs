//! The export format (`throughline export`, docs/export.md): the whole graph as plain
//! data for other tools and for other repositories' imports. Stable: fields are only
//! added; a change that breaks readers bumps `version`. `docs/export.schema.json` is
//! generated from these types (`throughline export --schema`) and a test keeps it equal.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The value of `format` in every export.
pub const FORMAT: &str = "throughline-export";
/// The version this binary writes, and the only one it imports.
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Export {
    /// Always `throughline-export`.
    pub format: String,
    /// The format's version: 1.
    pub version: u32,
    /// The program that wrote it, e.g. `throughline 0.1.0`.
    pub generator: String,
    /// When it was written (RFC 3339, UTC). `SOURCE_DATE_EPOCH` fixes it.
    pub generated_at: String,
    pub repository: Repository,
    pub layers: Vec<Layer>,
    pub items: Vec<Item>,
    pub annotations: Vec<Annotation>,
    pub findings: Vec<Finding>,
    /// Tracker keys (`[trackers.NAME]`) written in the repository, with what they track.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trackers: Vec<TrackerLink>,
    /// With test results: what was read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
    /// The roll-up per top-level item, as `throughline status --format json`.
    pub status: Vec<crate::drift::status::ItemStatus>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Repository {
    /// The workspace folder's name, or `[workspace] name`.
    pub name: String,
    /// The commit checked out (`HEAD`), when the workspace is in a git repository.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Layer {
    pub name: String,
    pub prefix: String,
    pub derives_from: Vec<String>,
    pub covered_by: Vec<String>,
    /// `implementation` and/or `test`.
    pub needs: Vec<String>,
}

/// Where something is: a workspace-relative path and 1-based lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Location {
    pub path: String,
    pub line: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_line: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Item {
    pub id: String,
    pub title: String,
    /// The layer's name; `None` for an ID no layer claims.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layer: Option<String>,
    /// `heading` (a Markdown item) or `operation` (an API contract operation).
    pub kind: String,
    /// The heading line to the end of the body.
    pub location: Location,
    /// 16 hex digits: the fingerprint drift compares.
    pub fingerprint: String,
    /// The normalized text the fingerprint is of (title and body).
    pub text: String,
    pub derives_from: Vec<ItemLink>,
}

/// A `Derives from:` link (or an operation's `x-requirements`) to an upstream item.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ItemLink {
    pub id: String,
    pub location: Location,
    pub state: LinkState,
}

/// A link's drift state against `throughline.lock`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum LinkState {
    /// The lock holds it and the upstream has not changed since.
    Reviewed,
    /// The upstream changed since the link was reviewed.
    Suspect,
    /// The lock does not hold it (or there is no lock).
    Unreviewed,
}

/// An `Implements:` or `Verifies:` annotation in code.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Annotation {
    /// `implements` or `verifies`.
    pub kind: String,
    /// The item it names.
    pub target: String,
    pub location: Location,
    /// The symbol it documents (`file` when none), e.g. `function`, `test`.
    pub symbol_kind: String,
    /// The symbol's name; empty for a file-level annotation.
    pub symbol: String,
    /// Whether it is test code (a test file or a test function).
    pub test: bool,
    pub state: LinkState,
    /// With test results (`--test-results`, `[evidence]`), for a `Verifies:` annotation:
    /// how its test did; absent when no results were given or none ran it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<TestResult>,
}

/// One annotated test's result in the given JUnit XML.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct TestResult {
    /// `passed`, `failed`, `errored` or `skipped`: the worst of its cases.
    pub outcome: String,
    /// The case shown: its `classname` and `name` as the runner wrote them.
    pub case: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<f64>,
    /// Where the case is: the results file and its 1-based line.
    pub location: Location,
    /// How many cases ran it (a parametrised test runs several).
    pub cases: usize,
}

/// The test results the export was made with.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Evidence {
    /// The JUnit XML files read.
    pub files: Vec<String>,
    /// Test cases in them.
    pub cases: usize,
    /// Test cases matched to no annotated test.
    pub unmatched: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Finding {
    pub code: String,
    /// `error`, `warning` or `info`.
    pub severity: String,
    pub location: Location,
    /// 1-based character column.
    pub column: u32,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Related {
    pub location: Location,
    pub message: String,
}

/// A tracker key (Jira, GitHub, Azure DevOps, Figma) written in the repository.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct TrackerLink {
    /// The `[trackers.NAME]` table it matched.
    pub tracker: String,
    pub key: String,
    pub url: String,
    pub location: Location,
    /// The chain items it tracks.
    pub items: Vec<String>,
    /// From the tracker's export, when configured: its status as the tracker words it…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// …and its category: `new`, `in-progress` or `done`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

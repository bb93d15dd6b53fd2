//! The tools' contract: names, descriptions, argument types (unknown arguments are
//! refused) and the JSON Schemas of their inputs and outputs.

use super::answers::{Findings, Status};
use super::changes::Changes;
use super::links::{Search, Suggestions};
use super::trace_answer::Trace;
use rmcp::model::{Tool, ToolAnnotations};
use schemars::JsonSchema;
use serde::Deserialize;

/// `status` takes no arguments.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoArgs {}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FindingsArgs {
    /// Only these rule codes (e.g. `missing-test`).
    pub codes: Option<Vec<String>>,
    /// Only findings in files under this workspace-relative path.
    pub path: Option<String>,
    /// Only findings about this item ID.
    pub item: Option<String>,
    /// At most this many findings (default 100).
    pub limit: Option<usize>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TraceArgs {
    /// The item's ID, e.g. `REQ-PAY-3` or `kiro:user-auth/1.2`.
    pub id: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchArgs {
    /// Words to look for in item titles and text.
    pub query: String,
    /// Only items of this layer (e.g. `requirement`).
    pub layer: Option<String>,
    /// At most this many items (default 10).
    pub limit: Option<usize>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SuggestArgs {
    /// A workspace-relative path of a code file.
    pub path: String,
    /// A 1-based line inside the function, method or class to link.
    pub line: u32,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangesArgs {
    /// A git revision: `HEAD` (the default), `HEAD~1`, a branch, a tag or a hash.
    pub base: Option<String>,
}

pub const STATUS: &str = "status";
pub const SEARCH: &str = "search";
pub const SUGGEST_LINKS: &str = "suggest_links";
pub const CHECK_CHANGES: &str = "check_changes";
pub const FINDINGS: &str = "findings";
pub const TRACE: &str = "trace";

/// Every tool, as `tools/list` shows it.
pub fn all() -> Vec<Tool> {
    let read_only = || ToolAnnotations::new().read_only(true);
    vec![
        Tool::new(
            STATUS,
            "The delivery chain's roll-up per top-level item (requirements implemented, verified, \
             suspect), plus the count of findings by rule code.",
            rmcp::model::JsonObject::new(),
        )
        .with_input_schema::<NoArgs>()
        .with_output_schema::<Status>()
        .annotate(read_only()),
        Tool::new(
            FINDINGS,
            "The findings `throughline check` reports (broken links, untested requirements, \
             suspect links, ...), filtered by rule codes, path prefix or item ID.",
            rmcp::model::JsonObject::new(),
        )
        .with_input_schema::<FindingsArgs>()
        .with_output_schema::<Findings>()
        .annotate(read_only()),
        Tool::new(
            TRACE,
            "An item's text and state, what it derives from, and everything below it: derived \
             items, the code implementing it, the tests verifying it, and mentions.",
            rmcp::model::JsonObject::new(),
        )
        .with_input_schema::<TraceArgs>()
        .with_output_schema::<Trace>()
        .annotate(read_only()),
        Tool::new(
            SEARCH,
            "Items ranked by how well their title and text match a query: how to find the ID \
             to cite in an `Implements:` or `Verifies:` comment.",
            rmcp::model::JsonObject::new(),
        )
        .with_input_schema::<SearchArgs>()
        .with_output_schema::<Search>()
        .annotate(read_only()),
        Tool::new(
            SUGGEST_LINKS,
            "For the function, method or class at a place in code, the items it most likely \
             implements (or, in a test, verifies), each with the exact comment line to insert.",
            rmcp::model::JsonObject::new(),
        )
        .with_input_schema::<SuggestArgs>()
        .with_output_schema::<Suggestions>()
        .annotate(read_only()),
        Tool::new(
            CHECK_CHANGES,
            "The findings the working tree introduces against a git revision (default HEAD), \
             and those it fixes, as `throughline check --base` reports them; `ok` is false \
             when an error or warning was introduced.",
            rmcp::model::JsonObject::new(),
        )
        .with_input_schema::<ChangesArgs>()
        .with_output_schema::<Changes>()
        .annotate(read_only()),
    ]
}

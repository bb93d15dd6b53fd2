//! API contracts: OpenAPI 3.0–3.2 and Swagger 2.0 documents, in YAML or JSON.
//!
//! A document is recognised by content (a top-level `openapi` or `swagger` key), read
//! through a position-keeping YAML parser (`yaml`), and walked leniently (`read`): a
//! missing or odd field costs that field, not the document. Each operation becomes an
//! item of the chain (`Definition` with `DefKind::Operation`), with its `x-requirements`
//! as upstream links.

pub mod read;
pub mod yaml;

use crate::facts::Occurrence;
use crate::text::Range;
use serde::Serialize;

/// HTTP methods an operation can have, in the order OpenAPI lists them. `query` is new
/// in 3.2.
pub const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace", "query",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    Yaml,
    Json,
}

/// One contract document.
#[derive(Debug, Clone, Serialize)]
pub struct Contract {
    /// `3.1.0`, `2.0`, ...
    pub version: String,
    pub format: Format,
    /// Path parts of `servers[].url` (2.0: `basePath`), e.g. `/v1`; empty when none.
    pub base_paths: Vec<String>,
    pub paths: Vec<PathItem>,
    pub operations: Vec<Operation>,
    /// The `paths` key, for edits that add a path.
    pub paths_key: Option<Range>,
}

/// A key under `paths`.
#[derive(Debug, Clone, Serialize)]
pub struct PathItem {
    pub path: String,
    pub key: Range,
    /// The whole path item (key to end of value), for edits that add a method.
    pub range: Range,
}

#[derive(Debug, Clone, Serialize)]
pub struct Parameter {
    pub name: String,
    /// `path`, `query`, `header`, `cookie`, `body`, `formData`.
    pub location: String,
    pub required: bool,
    pub range: Range,
}

#[derive(Debug, Clone, Serialize)]
pub struct Response {
    pub code: String,
    pub description: Option<String>,
}

/// One operation: a method under a path.
#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// The item ID: `operationId`, or `METHOD /path` when there is none.
    pub id: String,
    /// Lowercase, as written in the document.
    pub method: String,
    pub path: String,
    /// The method key (`get:`), where diagnostics about the operation sit.
    pub key: Range,
    /// The path key this operation is under.
    pub path_key: Range,
    pub operation_id: Option<Range>,
    pub summary: Option<String>,
    pub description: Option<String>,
    /// Path-level and operation-level parameters, `$ref`s resolved; operation-level ones
    /// override path-level ones of the same name and location.
    pub parameters: Vec<Parameter>,
    pub responses: Vec<Response>,
    /// `x-requirements` on the operation (or inherited from its path item).
    pub requirements: Vec<Occurrence>,
    /// Names of the other `x-` extensions on the operation.
    pub extensions: Vec<String>,
    pub deprecated: bool,
}

impl Operation {
    /// `GET /payments/{id}`.
    pub fn signature(&self) -> String {
        format!("{} {}", self.method.to_uppercase(), self.path)
    }
}

/// Whether a file might be a contract: a YAML or JSON file that mentions `openapi` or
/// `swagger` at all. Cheap enough to run on every file; `read::read` decides for sure.
pub fn may_be_contract(path: &str, data: &[u8]) -> bool {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    if !matches!(ext, "yaml" | "yml" | "json") {
        return false;
    }
    memchr::memmem::find(data, b"openapi").is_some()
        || memchr::memmem::find(data, b"swagger").is_some()
}

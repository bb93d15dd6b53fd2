//! Per-file facts: everything one file contributes to the trace graph.
//!
//! A `FileFacts` has no references into other files, so it can be computed in parallel,
//! cached by content and replaced on an edit without touching any other file's facts.

use crate::contract::Contract;
use crate::drift::fingerprint::Fingerprint;
use crate::routes::RouteFacts;
use crate::text::Range;
use serde::{Deserialize, Serialize};

/// What kind of source a file was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    Markdown,
    /// A tree-sitter language, by its name in `grammars/`.
    Code(&'static str),
    /// Any other text file: scanned line by line for comments.
    Text,
}

/// Read back by name (the facts cache): a language is one of `LANGUAGES`' entries.
impl<'de> Deserialize<'de> for SourceKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "kebab-case")]
        enum Named {
            Markdown,
            Code(String),
            Text,
        }
        Ok(match Named::deserialize(d)? {
            Named::Markdown => SourceKind::Markdown,
            Named::Text => SourceKind::Text,
            Named::Code(name) => SourceKind::Code(
                crate::languages::static_name(&name)
                    .ok_or_else(|| serde::de::Error::custom(format!("unknown language {name}")))?,
            ),
        })
    }
}

/// An ID occurrence with its range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Occurrence {
    pub id: String,
    pub range: Range,
}

/// A Markdown heading that defines an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Definition {
    pub id: String,
    pub title: String,
    /// Range of the ID inside the heading.
    pub range: Range,
    /// Range of the whole heading line.
    pub heading: Range,
    pub level: u8,
    /// Byte span of the body (after the heading, up to the next heading of the same or a
    /// higher level), used for hover text and fingerprints.
    pub body: (usize, usize),
    pub kind: DefKind,
    /// The normalized text drift detection compares (title and own body; for an
    /// operation its signature, parameters and responses).
    pub content: String,
    pub fingerprint: Fingerprint,
}

/// Where an item is defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DefKind {
    /// A Markdown heading.
    Heading,
    /// An API contract operation; `synthetic` when its ID is `METHOD /path` because the
    /// operation has no `operationId`.
    Operation { synthetic: bool },
}

/// A `Derives from:` link from the item `from` to an upstream ID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub from: String,
    pub to: Occurrence,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnnotationKind {
    Implements,
    Verifies,
}

/// What a code symbol is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SymbolKind {
    Function,
    Method,
    Class,
    Struct,
    Enum,
    Interface,
    Impl,
    Module,
    Test,
    /// No definition encloses or follows the annotation: the file itself.
    File,
}

impl SymbolKind {
    pub fn from_capture(name: &str) -> Option<Self> {
        Some(match name {
            "function" => SymbolKind::Function,
            "method" => SymbolKind::Method,
            "class" => SymbolKind::Class,
            "struct" => SymbolKind::Struct,
            "enum" => SymbolKind::Enum,
            "interface" => SymbolKind::Interface,
            "impl" => SymbolKind::Impl,
            "module" => SymbolKind::Module,
            "test" => SymbolKind::Test,
            _ => return None,
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            SymbolKind::Function => "function",
            SymbolKind::Method => "method",
            SymbolKind::Class => "class",
            SymbolKind::Struct => "struct",
            SymbolKind::Enum => "enum",
            SymbolKind::Interface => "interface",
            SymbolKind::Impl => "impl",
            SymbolKind::Module => "module",
            SymbolKind::Test => "test",
            SymbolKind::File => "file",
        }
    }
}

/// The code symbol an annotation is attached to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Symbol {
    pub kind: SymbolKind,
    /// Qualified name, e.g. `Ledger.post`; empty for `File`.
    pub name: String,
    pub range: Range,
    /// Inside test code: a test file, a test function, or a `#[cfg(test)]` module.
    pub is_test: bool,
}

impl Symbol {
    /// Stands in for a symbol the fast path did not look up (`FileFacts::symbols_pending`).
    pub fn pending(range: Range, is_test_file: bool) -> Symbol {
        Symbol {
            kind: SymbolKind::File,
            name: String::new(),
            range,
            is_test: is_test_file,
        }
    }

    /// "test `sums_are_exact`" or "function `post`"; "file" for file-level annotations.
    pub fn describe(&self) -> String {
        if self.kind == SymbolKind::File {
            return "file".to_string();
        }
        let kind = if self.is_test && matches!(self.kind, SymbolKind::Function | SymbolKind::Method)
        {
            "test"
        } else {
            self.kind.label()
        };
        format!("{kind} `{}`", self.name)
    }
}

/// An `Implements:`/`Verifies:` annotation in code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotation {
    pub kind: AnnotationKind,
    pub target: Occurrence,
    pub symbol: Symbol,
    /// `Implements:` attached to a definition: the fingerprint of the definition's
    /// tokens (`drift::body`), compared with the lock by `changed-implementation`.
    /// `None` for tests, file-level annotations, and while `FileFacts::bodies_pending`.
    pub body: Option<Fingerprint>,
}

/// A plain mention of an ID: navigable, must resolve, counts for no coverage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    pub occ: Occurrence,
    /// The Markdown item whose body holds the mention, if any.
    pub in_item: Option<String>,
    /// A dialect's prose mention ("see Requirement 16.2"): it navigates when it resolves
    /// and is never `unknown-ref`, since prose often means another spec's item.
    pub prose: bool,
}

/// How far a dialect task is (`- [ ]`, `- [-]`/`- [~]`, `- [x]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TaskState {
    Open,
    InProgress,
    Done,
}

/// A task of a dialect's task list (Kiro's tasks.md); also a `Definition` with the same
/// ID, whose links are the criteria it cites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub id: String,
    /// The task's checkbox line.
    pub range: Range,
    pub state: TaskState,
    pub optional: bool,
    /// Files the task names (a token with a `/` and a file extension), with their place.
    pub files: Vec<(String, Range)>,
    /// The folder of the task's feature, for files named relative to it.
    pub folder: String,
}

/// A dialect marker in a code comment, resolved against the workspace's features when
/// the graph is built (`dialects::resolve`): which feature it means may depend on files
/// other than its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marker {
    /// Consecutive comment lines (or one block comment or docstring) share a block.
    pub block: u32,
    pub line: u32,
    pub kind: MarkerKind,
    pub symbol: Symbol,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MarkerKind {
    /// `Feature: <name>`.
    Feature { name: String, range: Range },
    /// A `<specs folder>/<name>` path in the comment (`dialect` is `kiro` or `speckit`).
    SpecPath {
        dialect: String,
        name: String,
        range: Range,
    },
    /// `Implements:`/`Verifies:` naming Spec Kit items: each with the feature it is
    /// qualified with (`001-albums/FR-001`), its local ID and where it is written.
    Cites {
        kind: AnnotationKind,
        items: Vec<(Option<String>, String, Range)>,
    },
    /// `Validates: Requirements 1.1, 2.1-2.3`: each cited item and where it is written.
    Validates(Vec<(crate::dialects::refs::Cited, Range)>),
    /// "see Requirement 16.2" without `Validates:`: a reference, which navigates and counts
    /// for nothing; criteria only.
    Mentions(Vec<(crate::dialects::refs::Cited, Range)>),
    /// `Property 14`, after a `Feature:` on the same line.
    Property { number: u32, range: Range },
}

/// A definition in a file under `[governance] require-trace`, recorded whether or not it
/// is annotated, so `untraced-code` can ask which ones nothing traces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeDefinition {
    pub kind: SymbolKind,
    /// Qualified name, as an annotation's symbol shows it.
    pub name: String,
    /// The whole definition.
    pub range: Range,
    /// Its first line, from where it starts (what `untraced-code` marks).
    pub head: Range,
    pub is_test: bool,
    /// A hash of its tokens without comments (`governance::fingerprint`), so that
    /// `check --base` can tell a changed body from a moved one.
    pub fingerprint: u64,
}

/// Something wrong with the file itself (too large, not UTF-8, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileProblem {
    pub code: &'static str,
    pub range: Range,
    pub message: String,
}

/// Read back by code (the facts cache): a code is one of the catalog's.
impl<'de> Deserialize<'de> for FileProblem {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Named {
            code: String,
            range: Range,
            message: String,
        }
        let n = Named::deserialize(d)?;
        let code = crate::catalog::rule(&n.code)
            .map(|r| r.code)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown rule code {}", n.code)))?;
        Ok(FileProblem {
            code,
            range: n.range,
            message: n.message,
        })
    }
}

/// All trace data of one file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileFacts {
    /// Path relative to the workspace root, with `/` separators.
    pub path: String,
    pub kind: SourceKind,
    pub is_test_file: bool,
    pub definitions: Vec<Definition>,
    pub links: Vec<Link>,
    pub annotations: Vec<Annotation>,
    pub references: Vec<Reference>,
    pub problems: Vec<FileProblem>,
    /// The API contract, when the file is one.
    #[serde(skip)]
    pub contract: Option<Box<Contract>>,
    /// Route declarations and router wiring, when the file has any.
    #[serde(skip)]
    pub routes: Option<Box<RouteFacts>>,
    /// Dialect tasks (Kiro's tasks.md), with their state and the files they name.
    pub tasks: Vec<Task>,
    /// Dialect markers in code comments, not yet resolved to annotations.
    pub markers: Vec<Marker>,
    /// Items a pending change removes (OpenSpec's `## REMOVED Requirements`).
    pub removals: Vec<Occurrence>,
    /// Every definition, for files under `[governance] require-trace` only.
    pub code_definitions: Vec<CodeDefinition>,
    /// Annotations carry placeholder symbols: the file was read by the check fast path
    /// (`sources::lexer`), and a full extraction must replace these facts before any
    /// symbol is shown.
    pub symbols_pending: bool,
    /// The `Implements:` annotations' body fingerprints are not computed yet (the fast
    /// path does not parse); `drift::implementation::fill_bodies` computes them where
    /// the lock needs them.
    pub bodies_pending: bool,
    /// A code file with `Implements:` annotations: the XXH3 of its bytes as read, which
    /// `throughline.lock` keeps so `check` parses only files that changed since review.
    pub content_hash: Option<Fingerprint>,
    /// The repository an imported file comes from (`[workspace] imports`); `None` for
    /// the workspace's own files.
    #[serde(skip)]
    pub origin: Option<std::sync::Arc<str>>,
    /// Tracker keys written in the file (`crate::trackers::extract`).
    pub trackers: Vec<crate::trackers::Mention>,
}

impl FileFacts {
    pub fn new(path: String, kind: SourceKind, is_test_file: bool) -> Self {
        FileFacts {
            path,
            kind,
            is_test_file,
            definitions: Vec::new(),
            links: Vec::new(),
            annotations: Vec::new(),
            references: Vec::new(),
            problems: Vec::new(),
            contract: None,
            routes: None,
            tasks: Vec::new(),
            markers: Vec::new(),
            removals: Vec::new(),
            code_definitions: Vec::new(),
            symbols_pending: false,
            bodies_pending: false,
            content_hash: None,
            origin: None,
            trackers: Vec::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.definitions.is_empty()
            && self.links.is_empty()
            && self.annotations.is_empty()
            && self.references.is_empty()
            && self.problems.is_empty()
            && self.contract.is_none()
            && self.routes.is_none()
            && self.tasks.is_empty()
            && self.markers.is_empty()
            && self.removals.is_empty()
            && self.code_definitions.is_empty()
            && self.trackers.is_empty()
    }
}

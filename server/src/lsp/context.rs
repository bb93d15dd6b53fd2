//! What the request handlers share: a document resolved in a snapshot (`FileCtx`), a
//! per-request text cache, and the conversions of feature results (locations, edits,
//! diagnostics, editor settings) to LSP and back.

use super::convert;
use super::world::{self, RootSnapshot, Snapshot};
use super::writer;
use crate::config::Overrides;
use crate::facts::FileFacts;
use crate::features::{self, FileRange, Texts};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_lsp_server::ls_types::*;

/// One document of a request: the snapshot it was resolved in, its root and its text.
pub struct FileCtx {
    pub snap: Arc<Snapshot>,
    pub root: usize,
    pub rel: String,
    pub text: Arc<str>,
}

impl FileCtx {
    /// Resolves `uri` in `snap` to its root, relative path and text.
    pub fn resolve(snap: Arc<Snapshot>, uri: &Uri) -> Option<FileCtx> {
        let path = convert::uri_to_path(uri)?;
        let (root, rel) = snap.locate_index(&path)?;
        let text = snap.texts(&snap.roots[root].path).text(&rel)?;
        Some(FileCtx {
            snap,
            root,
            rel,
            text,
        })
    }

    pub fn root(&self) -> &RootSnapshot {
        &self.snap.roots[self.root]
    }

    pub fn facts(&self) -> Option<&FileFacts> {
        self.root().graph.file_facts(&self.rel)
    }

    pub fn pos(&self, p: Position, enc: convert::Encoding) -> crate::text::Pos {
        convert::from_lsp_pos(&self.text, p, enc)
    }
}

/// File texts read during one request, so a file is read once however many results it has.
#[derive(Default)]
pub struct TextCache(HashMap<PathBuf, Arc<str>>);

impl TextCache {
    pub fn get(&mut self, snap: &Snapshot, root: &RootSnapshot, rel: &str) -> Arc<str> {
        let abs = root.path.join(rel);
        self.0
            .entry(abs)
            .or_insert_with(|| {
                snap.texts(&root.path)
                    .text(rel)
                    .unwrap_or_else(|| Arc::from(""))
            })
            .clone()
    }
}

pub fn canonical(uri: &Uri) -> Option<PathBuf> {
    let p = convert::uri_to_path(uri)?;
    // Files that do not exist yet (new buffers) keep their path; their parent resolves.
    p.canonicalize().ok().or_else(|| {
        let parent = p.parent()?.canonicalize().ok()?;
        Some(parent.join(p.file_name()?))
    })
}

pub fn location(
    snap: &Snapshot,
    root: &RootSnapshot,
    fr: &FileRange,
    cache: &mut TextCache,
) -> Option<Location> {
    let abs = root.path.join(&fr.path);
    let text = cache.get(snap, root, &fr.path);
    Some(Location {
        uri: convert::path_to_uri(&abs)?,
        range: convert::to_lsp_range(&text, fr.range, snap.encoding),
    })
}

/// Feature edits as one LSP edit; files in `create` are created first when the client
/// supports resource operations (`resource_ops`), else their edits are sent as changes.
pub fn workspace_edit(
    snap: &Snapshot,
    root: &RootSnapshot,
    edits: &[features::Edit],
    create: &[String],
    resource_ops: bool,
) -> WorkspaceEdit {
    let mut cache = TextCache::default();
    let mut by_file: Vec<(String, Vec<TextEdit>)> = Vec::new();
    for e in edits {
        let text = if create.contains(&e.path) {
            Arc::from("")
        } else {
            cache.get(snap, root, &e.path)
        };
        let edit = TextEdit {
            range: convert::to_lsp_range(&text, e.range, snap.encoding),
            new_text: e.new_text.clone(),
        };
        match by_file.iter_mut().find(|(p, _)| *p == e.path) {
            Some((_, v)) => v.push(edit),
            None => by_file.push((e.path.clone(), vec![edit])),
        }
    }
    let uri = |p: &str| convert::path_to_uri(&root.path.join(p));
    if create.is_empty() || !resource_ops {
        let changes: HashMap<Uri, Vec<TextEdit>> = by_file
            .into_iter()
            .filter_map(|(p, v)| Some((uri(&p)?, v)))
            .collect();
        return WorkspaceEdit {
            changes: Some(changes),
            ..Default::default()
        };
    }
    let mut ops = Vec::new();
    for p in create {
        if let Some(u) = uri(p) {
            ops.push(DocumentChangeOperation::Op(ResourceOp::Create(
                CreateFile {
                    uri: u,
                    options: Some(CreateFileOptions {
                        overwrite: Some(false),
                        ignore_if_exists: Some(true),
                    }),
                    annotation_id: None,
                },
            )));
        }
    }
    for (p, v) in by_file {
        if let Some(u) = uri(&p) {
            ops.push(DocumentChangeOperation::Edit(TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: u,
                    version: None,
                },
                edits: v.into_iter().map(OneOf::Left).collect(),
            }));
        }
    }
    WorkspaceEdit {
        document_changes: Some(DocumentChanges::Operations(ops)),
        ..Default::default()
    }
}

/// A diagnostic of `root`'s file with `text`, in LSP form. Related locations in other
/// files are positioned in those files' texts from the same snapshot.
pub fn lsp_diagnostic(
    snap: &Snapshot,
    root: &RootSnapshot,
    text: &str,
    d: &crate::diagnostics::Diagnostic,
) -> Diagnostic {
    let texts = snap.texts(&root.path);
    let text_of = |p: &Path| -> Arc<str> {
        p.strip_prefix(&root.path)
            .ok()
            .and_then(|r| texts.text(&world::rel_string(r)))
            .unwrap_or_else(|| Arc::from(""))
    };
    writer::to_lsp_diagnostic(d, text, &root.path, snap.encoding, &text_of)
}

/// Editor settings from a JSON object; what is ignored is logged.
pub fn editor_settings(value: &Value) -> Overrides {
    let (o, warnings) = Overrides::from_json(value);
    for w in warnings {
        tracing::warn!("editor setting ignored: {w}");
    }
    o
}

//! The `LanguageServer` implementation: converts LSP requests to feature calls on a
//! snapshot, and notifications to writer mutations.

use super::convert::{self, Encoding};
use super::world::{RootSnapshot, Snapshot};
use super::writer::{self, Envelope, Mutation, Outgoing, Writer};
use crate::config::Overrides;
use crate::facts::FileFacts;
use crate::features::{
    self, actions, completion, hover, navigation, outline, rename, FileRange, Texts,
};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, OnceLock};
use tokio::sync::watch;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

pub const SHOW_TRACE: &str = "throughline.showTrace";
pub const SHOW_REFERENCES: &str = "throughline.showReferences";
/// Accepts links into `throughline.lock`; the "Mark as reviewed" actions run it. Its
/// purpose is to write the lock, and nothing else writes to disk.
pub const REVIEW: &str = "throughline.review";

/// What the client told us it can do.
#[derive(Debug, Clone, Default)]
struct ClientCaps {
    encoding: Encoding,
    push: bool,
    pull_refresh: bool,
    dynamic_watchers: bool,
    progress: bool,
    resource_ops: bool,
}

/// Implements: REQ-LSP-WORKSPACE
pub struct Backend {
    client: Client,
    tx: Mutex<Option<Sender<Envelope>>>,
    seq: AtomicU64,
    snapshots: OnceLock<watch::Receiver<Arc<Snapshot>>>,
    caps: OnceLock<ClientCaps>,
    folders: Mutex<Vec<PathBuf>>,
    /// Serializes read-modify-write cycles of `throughline.lock`.
    lock_writes: Mutex<()>,
    /// Editor settings from `initializationOptions`, applied when indexing starts.
    initial_settings: Mutex<Option<Overrides>>,
}

impl Backend {
    pub fn new(client: Client) -> Backend {
        Backend {
            client,
            tx: Mutex::new(None),
            seq: AtomicU64::new(0),
            snapshots: OnceLock::new(),
            caps: OnceLock::new(),
            folders: Mutex::new(Vec::new()),
            lock_writes: Mutex::new(()),
            initial_settings: Mutex::new(None),
        }
    }

    fn caps(&self) -> ClientCaps {
        self.caps.get().cloned().unwrap_or_default()
    }

    /// Hands a mutation to the writer. Called before any `.await` in a handler, so
    /// mutations keep the order in which the client sent them.
    fn mutate(&self, mutation: Mutation) {
        let Ok(guard) = self.tx.lock() else { return };
        if let Some(tx) = guard.as_ref() {
            let seq = self.seq.fetch_add(1, Ordering::SeqCst) + 1;
            if tx.send(Envelope { seq, mutation }).is_err() {
                tracing::error!("the writer thread has stopped");
            }
        }
    }

    /// The snapshot that includes every mutation sent before this call.
    async fn snapshot(&self) -> Option<Arc<Snapshot>> {
        let target = self.seq.load(Ordering::SeqCst);
        let mut rx = self.snapshots.get()?.clone();
        let snap = rx.wait_for(|s| s.seq >= target).await.ok()?.clone();
        Some(snap)
    }

    fn start_writer(&self, caps: &ClientCaps) {
        let (snap_tx, snap_rx) = watch::channel(Arc::new(Snapshot::empty(caps.encoding)));
        let (out_tx, mut out_rx) = tokio::sync::mpsc::unbounded_channel::<Outgoing>();
        let (tx, rx) = std::sync::mpsc::channel::<Envelope>();
        let writer = Writer::new(caps.encoding, caps.push, snap_tx, out_tx);
        let spawned = std::thread::Builder::new()
            .name("throughline-writer".into())
            .spawn(move || writer.run(rx));
        if let Err(e) = spawned {
            tracing::error!("cannot start the writer thread: {e}");
            return;
        }
        if let Ok(mut guard) = self.tx.lock() {
            *guard = Some(tx);
        }
        let _ = self.snapshots.set(snap_rx);
        let client = self.client.clone();
        let caps = caps.clone();
        tokio::spawn(async move {
            let mut progress = HashMap::new();
            while let Some(msg) = out_rx.recv().await {
                match msg {
                    Outgoing::Publish {
                        uri,
                        diagnostics,
                        version,
                    } => client.publish_diagnostics(uri, diagnostics, version).await,
                    Outgoing::Refresh => {
                        if caps.pull_refresh {
                            let _ = client.workspace_diagnostic_refresh().await;
                        }
                    }
                    Outgoing::ProgressBegin { token, title } if caps.progress => {
                        let id = NumberOrString::String(token.into());
                        if client.create_work_done_progress(id.clone()).await.is_ok() {
                            let p = client.progress(id, title).with_percentage(0).begin().await;
                            progress.insert(token, p);
                        }
                    }
                    Outgoing::ProgressReport {
                        token,
                        message,
                        percentage,
                    } => {
                        if let Some(p) = progress.get(token) {
                            p.report_with_message(message, percentage).await;
                        }
                    }
                    Outgoing::ProgressEnd { token, message } => {
                        if let Some(p) = progress.remove(token) {
                            p.finish_with_message(message).await;
                        }
                    }
                    Outgoing::ProgressBegin { .. } => {}
                    Outgoing::Log(message) => {
                        client.log_message(MessageType::INFO, message).await;
                    }
                }
            }
        });
    }

    /// Resolves a document, in the snapshot that includes every earlier change, to its
    /// root, relative path and text.
    async fn file(&self, uri: &Uri) -> Option<FileCtx> {
        let snap = self.snapshot().await?;
        Self::file_in(snap, uri)
    }

    fn file_in(snap: Arc<Snapshot>, uri: &Uri) -> Option<FileCtx> {
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

    fn location(
        &self,
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

    fn workspace_edit(
        &self,
        snap: &Snapshot,
        root: &RootSnapshot,
        edits: &[features::Edit],
        create: &[String],
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
        if create.is_empty() || !self.caps().resource_ops {
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
}

/// One document of a request: the snapshot it was resolved in, its root and its text.
struct FileCtx {
    snap: Arc<Snapshot>,
    root: usize,
    rel: String,
    text: Arc<str>,
}

impl FileCtx {
    fn root(&self) -> &RootSnapshot {
        &self.snap.roots[self.root]
    }

    fn facts(&self) -> Option<&FileFacts> {
        self.root().graph.file_facts(&self.rel)
    }

    fn pos(&self, p: Position, enc: Encoding) -> crate::text::Pos {
        convert::from_lsp_pos(&self.text, p, enc)
    }
}

/// File texts read during one request, so a file is read once however many results it has.
#[derive(Default)]
struct TextCache(HashMap<PathBuf, Arc<str>>);

impl TextCache {
    fn get(&mut self, snap: &Snapshot, root: &RootSnapshot, rel: &str) -> Arc<str> {
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

fn client_caps(params: &InitializeParams) -> ClientCaps {
    let caps = &params.capabilities;
    let utf8 = caps
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref())
        .is_some_and(|e| e.contains(&PositionEncodingKind::UTF8));
    let client_pulls = caps
        .text_document
        .as_ref()
        .is_some_and(|t| t.diagnostic.is_some());
    let mode = params
        .initialization_options
        .as_ref()
        .and_then(|o| o.get("diagnosticMode"))
        .and_then(Value::as_str)
        .unwrap_or("auto")
        .to_string();
    let push = match mode.as_str() {
        "push" => true,
        "pull" => false,
        _ => !client_pulls,
    };
    let workspace = caps.workspace.as_ref();
    ClientCaps {
        encoding: if utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        },
        push,
        pull_refresh: workspace
            .and_then(|w| w.diagnostics.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false),
        dynamic_watchers: workspace
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false),
        progress: caps
            .window
            .as_ref()
            .and_then(|w| w.work_done_progress)
            .unwrap_or(false),
        resource_ops: workspace
            .and_then(|w| w.workspace_edit.as_ref())
            .is_some_and(|e| {
                e.document_changes == Some(true)
                    && e.resource_operations
                        .as_ref()
                        .is_some_and(|ops| ops.contains(&ResourceOperationKind::Create))
            }),
    }
}

fn folders(params: &InitializeParams) -> Vec<PathBuf> {
    if let Some(f) = &params.workspace_folders {
        return f
            .iter()
            .filter_map(|f| convert::uri_to_path(&f.uri))
            .filter_map(|p| p.canonicalize().ok())
            .collect();
    }
    #[allow(deprecated)]
    let root = params.root_uri.as_ref().and_then(convert::uri_to_path);
    root.and_then(|p| p.canonicalize().ok())
        .into_iter()
        .collect()
}

fn canonical(uri: &Uri) -> Option<PathBuf> {
    let p = convert::uri_to_path(uri)?;
    // Files that do not exist yet (new buffers) keep their path; their parent resolves.
    p.canonicalize().ok().or_else(|| {
        let parent = p.parent()?.canonicalize().ok()?;
        Some(parent.join(p.file_name()?))
    })
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let caps = client_caps(&params);
        if let Ok(mut f) = self.folders.lock() {
            *f = folders(&params);
        }
        if let Some(options) = params
            .initialization_options
            .as_ref()
            .filter(|o| o.is_object())
        {
            if let Ok(mut s) = self.initial_settings.lock() {
                *s = Some(editor_settings(options));
            }
        }
        self.start_writer(&caps);
        let _ = self.caps.set(caps.clone());
        let sync = TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            save: Some(TextDocumentSyncSaveOptions::Supported(true)),
            ..Default::default()
        };
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "throughline".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            capabilities: ServerCapabilities {
                position_encoding: Some(match caps.encoding {
                    Encoding::Utf8 => PositionEncodingKind::UTF8,
                    Encoding::Utf16 => PositionEncodingKind::UTF16,
                }),
                text_document_sync: Some(TextDocumentSyncCapability::Options(sync)),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec![":".into(), " ".into(), ",".into(), "-".into()]),
                    ..Default::default()
                }),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::REFACTOR,
                        ]),
                        ..Default::default()
                    },
                )),
                code_lens_provider: Some(CodeLensOptions {
                    resolve_provider: Some(false),
                }),
                inlay_hint_provider: Some(OneOf::Left(true)),
                document_link_provider: Some(DocumentLinkOptions {
                    resolve_provider: Some(false),
                    work_done_progress_options: Default::default(),
                }),
                document_symbol_provider: Some(OneOf::Left(true)),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                rename_provider: Some(OneOf::Right(RenameOptions {
                    prepare_provider: Some(true),
                    work_done_progress_options: Default::default(),
                })),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: vec![SHOW_TRACE.into(), SHOW_REFERENCES.into(), REVIEW.into()],
                    ..Default::default()
                }),
                diagnostic_provider: (!caps.push).then(|| {
                    DiagnosticServerCapabilities::Options(DiagnosticOptions {
                        identifier: Some("throughline".into()),
                        inter_file_dependencies: true,
                        workspace_diagnostics: false,
                        ..Default::default()
                    })
                }),
                workspace: Some(WorkspaceServerCapabilities {
                    workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                        supported: Some(true),
                        change_notifications: Some(OneOf::Left(true)),
                    }),
                    file_operations: None,
                }),
                ..Default::default()
            },
            ..Default::default()
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let folders = self.folders.lock().map(|f| f.clone()).unwrap_or_default();
        if let Some(o) = self.initial_settings.lock().ok().and_then(|mut s| s.take()) {
            self.mutate(Mutation::Settings(o));
        }
        self.mutate(Mutation::Init { folders });
        if self.caps().dynamic_watchers {
            let options = DidChangeWatchedFilesRegistrationOptions {
                watchers: vec![FileSystemWatcher {
                    glob_pattern: GlobPattern::String("**/*".into()),
                    kind: None,
                }],
            };
            let registration = Registration {
                id: "throughline-watch".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(options).ok(),
            };
            if let Err(e) = self.client.register_capability(vec![registration]).await {
                tracing::warn!("file watcher registration failed: {e}");
            }
        }
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let Some(path) = canonical(&params.text_document.uri) else {
            return;
        };
        self.mutate(Mutation::Open {
            path,
            text: params.text_document.text,
            version: params.text_document.version,
        });
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let Some(path) = canonical(&params.text_document.uri) else {
            return;
        };
        self.mutate(Mutation::Change {
            path,
            version: params.text_document.version,
            changes: params.content_changes,
        });
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let Some(path) = canonical(&params.text_document.uri) else {
            return;
        };
        self.mutate(Mutation::Close { path });
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        // Saving the config applies it; clients without file watchers still get this.
        let Some(path) = canonical(&params.text_document.uri) else {
            return;
        };
        if path
            .file_name()
            .is_some_and(|n| n == crate::config::CONFIG_FILE)
        {
            self.mutate(Mutation::Watched(vec![(path, false)]));
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let events = params
            .changes
            .iter()
            .filter_map(|c| {
                let deleted = c.typ == FileChangeType::DELETED;
                let path = if deleted {
                    convert::uri_to_path(&c.uri)
                } else {
                    canonical(&c.uri)
                };
                path.map(|p| (p, deleted))
            })
            .collect();
        self.mutate(Mutation::Watched(events));
    }

    /// With `{"settings": {"throughline": {...}}}` (or the object itself) the editor
    /// settings are replaced; otherwise `throughline.toml` is re-read.
    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let settings = params
            .settings
            .get("throughline")
            .unwrap_or(&params.settings);
        if settings.is_object() {
            self.mutate(Mutation::Settings(editor_settings(settings)));
        } else {
            self.mutate(Mutation::ReloadConfig);
        }
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        let conv = |f: &Vec<WorkspaceFolder>| -> Vec<PathBuf> {
            f.iter()
                .filter_map(|f| convert::uri_to_path(&f.uri))
                .filter_map(|p| p.canonicalize().ok())
                .collect()
        };
        self.mutate(Mutation::Folders {
            added: conv(&params.event.added),
            removed: conv(&params.event.removed),
        });
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let p = params.text_document_position_params;
        let Some(ctx) = self.file(&p.text_document.uri).await else {
            return Ok(None);
        };
        let snap = ctx.snap.clone();
        let Some(facts) = ctx.facts() else {
            return Ok(None);
        };
        let pos = ctx.pos(p.position, snap.encoding);
        let word = crate::features::api::word_at(&ctx.text, pos);
        let targets = navigation::definition(&ctx.root().graph, facts, pos, word);
        let mut cache = TextCache::default();
        let locations: Vec<Location> = targets
            .iter()
            .filter_map(|t| self.location(&snap, ctx.root(), t, &mut cache))
            .collect();
        Ok((!locations.is_empty()).then_some(GotoDefinitionResponse::Array(locations)))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let p = params.text_document_position;
        let Some(ctx) = self.file(&p.text_document.uri).await else {
            return Ok(None);
        };
        let snap = ctx.snap.clone();
        let Some(facts) = ctx.facts() else {
            return Ok(None);
        };
        let pos = ctx.pos(p.position, snap.encoding);
        let found = navigation::references(
            &ctx.root().graph,
            facts,
            pos,
            params.context.include_declaration,
        );
        let mut cache = TextCache::default();
        Ok(Some(
            found
                .iter()
                .filter_map(|t| self.location(&snap, ctx.root(), t, &mut cache))
                .collect(),
        ))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        let Some(ctx) = self.file(&p.text_document.uri).await else {
            return Ok(None);
        };
        let snap = ctx.snap.clone();
        let Some(facts) = ctx.facts() else {
            return Ok(None);
        };
        let texts = snap.texts(&ctx.root().path);
        let Some(info) = hover::hover(
            &ctx.root().graph,
            &texts,
            &ctx.root().path,
            facts,
            ctx.pos(p.position, snap.encoding),
        ) else {
            return Ok(None);
        };
        Ok(Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: info.markdown,
            }),
            range: info
                .range
                .map(|r| convert::to_lsp_range(&ctx.text, r, snap.encoding)),
        }))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let p = params.text_document_position;
        let Some(ctx) = self.file(&p.text_document.uri).await else {
            return Ok(None);
        };
        let snap = ctx.snap.clone();
        let pos = ctx.pos(p.position, snap.encoding);
        let line = convert::line_of(&ctx.text, pos.line);
        let before = &line[..(pos.col as usize).min(line.len())];
        let item_layer = ctx.facts().and_then(|f| {
            f.definitions
                .iter()
                .rfind(|d| d.range.start.line <= pos.line)
                .and_then(|d| ctx.root().graph.layer_of(&d.id))
                .map(|l| l.name.clone())
        });
        // A Kiro citation (`Validates: Requirements 1.`) completes the feature's criteria.
        let line_start = crate::text::LineIndex::new(&ctx.text)
            .line_start(pos.line)
            .unwrap_or(0);
        let upto = (line_start + before.len()).min(ctx.text.len());
        let graph = &ctx.root().graph;
        let dialect =
            crate::dialects::completion::complete(graph, &ctx.rel, &ctx.text[..upto], before)
                .or_else(|| {
                    crate::dialects::cited_ids::complete(graph, &ctx.rel, &ctx.text[..upto], before)
                });
        let (candidates, partial) = match dialect {
            Some(found) => found,
            None => {
                let candidates =
                    completion::complete(&ctx.root().graph, before, item_layer.as_deref(), 200);
                (candidates, completion::context(before).1.len())
            }
        };
        if candidates.is_empty() {
            return Ok(None);
        }
        let start = crate::text::Pos {
            line: pos.line,
            col: pos.col - partial as u32,
        };
        let replace = convert::to_lsp_range(
            &ctx.text,
            crate::text::Range { start, end: pos },
            snap.encoding,
        );
        let items = candidates
            .into_iter()
            .map(|c| CompletionItem {
                label: c.id.clone(),
                detail: Some(c.title.clone()),
                label_details: Some(CompletionItemLabelDetails {
                    detail: None,
                    description: c.layer.clone(),
                }),
                kind: Some(CompletionItemKind::REFERENCE),
                sort_text: Some(format!("{}{:05}", c.rank, 0)),
                filter_text: Some(format!("{} {}", c.id, c.title)),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                    range: replace,
                    new_text: c.id,
                })),
                ..Default::default()
            })
            .enumerate()
            .map(|(i, mut item)| {
                item.sort_text = Some(format!("{i:05}"));
                item
            })
            .collect();
        Ok(Some(CompletionResponse::List(CompletionList {
            is_incomplete: false,
            items,
        })))
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        let Some(ctx) = self.file(&params.text_document.uri).await else {
            return Ok(None);
        };
        let snap = ctx.snap.clone();
        let Some(facts) = ctx.facts() else {
            return Ok(None);
        };
        let Some((range, id)) =
            rename::prepare_rename(facts, ctx.pos(params.position, snap.encoding))
        else {
            return Ok(None);
        };
        Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
            range: convert::to_lsp_range(&ctx.text, range, snap.encoding),
            placeholder: id,
        }))
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let p = params.text_document_position;
        let Some(ctx) = self.file(&p.text_document.uri).await else {
            return Ok(None);
        };
        let snap = ctx.snap.clone();
        let Some(facts) = ctx.facts() else {
            return Ok(None);
        };
        let Some((_, old)) = rename::prepare_rename(facts, ctx.pos(p.position, snap.encoding))
        else {
            return Err(Error::invalid_params("no trace ID at this position"));
        };
        match rename::rename(&ctx.root().graph, &old, &params.new_name) {
            Ok(edits) => Ok(Some(self.workspace_edit(&snap, ctx.root(), &edits, &[]))),
            Err(msg) => Err(Error::invalid_params(msg)),
        }
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let Some(ctx) = self.file(&params.text_document.uri).await else {
            return Ok(None);
        };
        let snap = ctx.snap.clone();
        let Some(facts) = ctx.facts() else {
            return Ok(None);
        };
        let items = outline::document_symbols(&ctx.root().graph, facts);
        fn convert_item(i: outline::OutlineItem, text: &str, enc: Encoding) -> DocumentSymbol {
            #[allow(deprecated)]
            DocumentSymbol {
                name: if i.title.is_empty() {
                    i.id.clone()
                } else {
                    format!("{}: {}", i.id, i.title)
                },
                detail: i.layer,
                kind: SymbolKind::KEY,
                tags: None,
                deprecated: None,
                range: convert::to_lsp_range(text, i.range, enc),
                selection_range: convert::to_lsp_range(text, i.selection, enc),
                children: Some(
                    i.children
                        .into_iter()
                        .map(|c| convert_item(c, text, enc))
                        .collect(),
                ),
            }
        }
        let symbols = items
            .into_iter()
            .map(|i| convert_item(i, &ctx.text, snap.encoding))
            .collect();
        Ok(Some(DocumentSymbolResponse::Nested(symbols)))
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        let Some(snap) = self.snapshot().await else {
            return Ok(None);
        };
        let mut out = Vec::new();
        for root in &snap.roots {
            let mut cache = TextCache::default();
            for (id, title, layer, fr) in
                outline::workspace_symbols(&root.graph, &params.query, 500)
            {
                let Some(location) = self.location(&snap, root, &fr, &mut cache) else {
                    continue;
                };
                #[allow(deprecated)]
                out.push(SymbolInformation {
                    name: if title.is_empty() {
                        id
                    } else {
                        format!("{id}: {title}")
                    },
                    kind: SymbolKind::KEY,
                    tags: None,
                    deprecated: None,
                    location,
                    container_name: layer,
                });
            }
        }
        Ok(Some(WorkspaceSymbolResponse::Flat(out)))
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        let Some(ctx) = self.file(&params.text_document.uri).await else {
            return Ok(None);
        };
        let snap = ctx.snap.clone();
        let Some(facts) = ctx.facts() else {
            return Ok(None);
        };
        let mut cache = TextCache::default();
        let status = features::drift::status_lenses(&ctx.root().graph, facts)
            .into_iter()
            .map(|(range, st)| CodeLens {
                range: convert::to_lsp_range(&ctx.text, range, snap.encoding),
                command: Some(Command {
                    title: st.summary(),
                    command: SHOW_TRACE.into(),
                    arguments: Some(vec![Value::String(st.id.clone())]),
                }),
                data: None,
            })
            .collect::<Vec<_>>();
        let lenses = navigation::code_lenses(&ctx.root().graph, facts)
            .into_iter()
            .map(|(fr, title, _)| {
                let range = convert::to_lsp_range(&ctx.text, fr.range, snap.encoding);
                let id = facts
                    .definitions
                    .iter()
                    .find(|d| d.range == fr.range)
                    .map(|d| d.id.clone())
                    .unwrap_or_default();
                let refs: Vec<Location> = navigation::references_of(&ctx.root().graph, &id, false)
                    .iter()
                    .filter_map(|r| self.location(&snap, ctx.root(), r, &mut cache))
                    .collect();
                CodeLens {
                    range,
                    command: Some(Command {
                        title,
                        command: SHOW_REFERENCES.into(),
                        arguments: Some(vec![
                            serde_json::to_value(&params.text_document.uri).unwrap_or(Value::Null),
                            serde_json::to_value(range.start).unwrap_or(Value::Null),
                            serde_json::to_value(refs).unwrap_or(Value::Null),
                        ]),
                    }),
                    data: None,
                }
            })
            .chain(status)
            .collect();
        Ok(Some(lenses))
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        let Some(ctx) = self.file(&params.text_document.uri).await else {
            return Ok(None);
        };
        let Some(facts) = ctx.facts() else {
            return Ok(Some(Vec::new()));
        };
        let enc = ctx.snap.encoding;
        let links = super::document_links::links(&ctx.root().graph, facts, &ctx.text, enc);
        Ok(Some(links))
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let Some(ctx) = self.file(&params.text_document.uri).await else {
            return Ok(None);
        };
        let snap = ctx.snap.clone();
        let Some(facts) = ctx.facts() else {
            return Ok(None);
        };
        let hints = navigation::inlay_hints(
            &ctx.root().graph,
            facts,
            params.range.start.line,
            params.range.end.line,
        )
        .into_iter()
        .map(|(pos, label)| InlayHint {
            position: convert::to_lsp_pos(&ctx.text, pos, snap.encoding),
            label: InlayHintLabel::String(label),
            kind: None,
            text_edits: None,
            tooltip: None,
            padding_left: Some(false),
            padding_right: Some(true),
            data: None,
        })
        .collect();
        Ok(Some(hints))
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let empty = || {
            DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
                RelatedFullDocumentDiagnosticReport {
                    related_documents: None,
                    full_document_diagnostic_report: FullDocumentDiagnosticReport {
                        result_id: None,
                        items: Vec::new(),
                    },
                },
            ))
        };
        let Some(snap) = self.snapshot().await else {
            return Ok(empty());
        };
        let Some(path) = canonical(&params.text_document.uri) else {
            return Ok(empty());
        };
        let Some((root, rel)) = snap.locate(&path) else {
            return Ok(empty());
        };
        let Some(diags) = root.diagnostics.get(&rel) else {
            return Ok(empty());
        };
        let texts = snap.texts(&root.path);
        let text = texts.text(&rel).unwrap_or_else(|| Arc::from(""));
        let text_of = |p: &Path| -> Arc<str> {
            p.strip_prefix(&root.path)
                .ok()
                .and_then(|r| texts.text(&super::world::rel_string(r)))
                .unwrap_or_else(|| Arc::from(""))
        };
        let items = diags
            .iter()
            .map(|d| writer::to_lsp_diagnostic(d, &text, &root.path, snap.encoding, &text_of))
            .collect();
        Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: None,
                    items,
                },
            }),
        ))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let Some(ctx) = self.file(&params.text_document.uri).await else {
            return Ok(None);
        };
        let snap = ctx.snap.clone();
        let range = crate::text::Range {
            start: ctx.pos(params.range.start, snap.encoding),
            end: ctx.pos(params.range.end, snap.encoding),
        };
        let empty = FileFacts::new(ctx.rel.clone(), crate::facts::SourceKind::Text, false);
        let facts = ctx.facts().unwrap_or(&empty);
        let diags = ctx
            .root()
            .diagnostics
            .get(&ctx.rel)
            .cloned()
            .unwrap_or_default();
        let target = code_target(&ctx.text, &ctx.rel, range.start);
        let texts = snap.texts(&ctx.root().path);
        let found = actions::code_actions(
            &ctx.root().graph,
            &texts,
            &ctx.root().path,
            facts,
            &diags,
            range,
            target.as_ref(),
        );
        let text_of = |p: &Path| -> Arc<str> {
            p.strip_prefix(&ctx.root().path)
                .ok()
                .and_then(|r| texts.text(&super::world::rel_string(r)))
                .unwrap_or_else(|| Arc::from(""))
        };
        // The diagnostic an action fixes, in LSP form.
        let fixed = |d: Option<&crate::diagnostics::Diagnostic>| {
            d.map(|d| {
                vec![writer::to_lsp_diagnostic(
                    d,
                    &ctx.text,
                    &ctx.root().path,
                    snap.encoding,
                    &text_of,
                )]
            })
        };
        let root_uri = Uri::from_file_path(&ctx.root().path);
        let reviews = features::drift::review_actions(&ctx.root().graph, facts, &diags, range)
            .into_iter()
            .map(|a| {
                let diagnostics = fixed(a.fixes.as_ref());
                let argument = serde_json::json!({
                    "root": root_uri,
                    "selections": a.selections,
                });
                CodeActionOrCommand::CodeAction(CodeAction {
                    title: a.title.clone(),
                    kind: Some(if a.fixes.is_some() {
                        CodeActionKind::QUICKFIX
                    } else {
                        CodeActionKind::SOURCE
                    }),
                    is_preferred: a.fixes.is_some().then_some(true),
                    diagnostics,
                    command: Some(Command {
                        title: a.title,
                        command: REVIEW.into(),
                        arguments: Some(vec![argument]),
                    }),
                    ..Default::default()
                })
            })
            .collect::<Vec<_>>();
        let out = found
            .into_iter()
            .map(|a| {
                let diagnostics = fixed(a.fixes.as_ref());
                CodeActionOrCommand::CodeAction(CodeAction {
                    title: a.title.clone(),
                    kind: Some(match a.kind {
                        actions::ActionKind::QuickFix => CodeActionKind::QUICKFIX,
                        actions::ActionKind::Refactor => CodeActionKind::REFACTOR,
                    }),
                    diagnostics,
                    edit: Some(self.workspace_edit(&snap, ctx.root(), &a.edits, &a.create)),
                    is_preferred: a.preferred.then_some(true),
                    ..Default::default()
                })
            })
            .chain(reviews)
            .collect();
        Ok(Some(out))
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        let Some(snap) = self.snapshot().await else {
            return Ok(None);
        };
        match params.command.as_str() {
            SHOW_TRACE => {
                // Arguments: [id] or [{"id": ...}] or [uri, position].
                let id = match params.arguments.first() {
                    Some(Value::String(s)) if !s.contains(':') => Some(s.clone()),
                    Some(Value::Object(o)) => {
                        o.get("id").and_then(Value::as_str).map(str::to_string)
                    }
                    Some(v) => {
                        let uri: Option<Uri> = serde_json::from_value(v.clone()).ok();
                        let pos: Option<Position> = params
                            .arguments
                            .get(1)
                            .and_then(|p| serde_json::from_value(p.clone()).ok());
                        uri.zip(pos).and_then(|(u, p)| {
                            let ctx = Self::file_in(snap.clone(), &u)?;
                            let facts = ctx.facts()?;
                            features::occurrence_at(facts, ctx.pos(p, snap.encoding)).map(|o| o.id)
                        })
                    }
                    None => None,
                };
                let Some(id) = id else {
                    return Err(Error::invalid_params(
                        "expected an ID, or a URI and a position",
                    ));
                };
                for root in &snap.roots {
                    if let Some(item) = crate::trace::trace(&root.graph, &id) {
                        let mut value = serde_json::to_value(item).unwrap_or(Value::Null);
                        absolutise(&mut value, &root.path);
                        return Ok(Some(value));
                    }
                }
                Ok(None)
            }
            SHOW_REFERENCES => {
                // Arguments as sent in the code lens: [uri, position, locations]; return the locations.
                Ok(params.arguments.get(2).cloned())
            }
            REVIEW => self.review(&snap, &params.arguments).map(Some),
            other => Err(Error::invalid_params(format!("unknown command `{other}`"))),
        }
    }
}

impl Backend {
    /// `throughline.review` with `[{"root": uri, "selections": [...]}]`: accepts the
    /// selected links at their upstream's current version and writes the lock.
    /// Implements: REQ-DRIFT-EDITOR
    fn review(&self, snap: &Snapshot, arguments: &[Value]) -> Result<Value> {
        use crate::drift::{links::links, review, LockState, LOCK_FILE};
        let arg = arguments.first().cloned().unwrap_or(Value::Null);
        let root_path = arg
            .get("root")
            .and_then(|v| serde_json::from_value::<Uri>(v.clone()).ok())
            .and_then(|u| canonical(&u));
        let selections: Vec<review::Selection> = arg
            .get("selections")
            .and_then(|v| serde_json::from_value(v.clone()).ok())
            .ok_or_else(|| {
                Error::invalid_params("expected {\"root\": uri, \"selections\": [...]}")
            })?;
        let root = root_path
            .as_deref()
            .and_then(|p| snap.roots.iter().find(|r| r.path == p))
            .ok_or_else(|| Error::invalid_params("`root` is not a workspace folder"))?;
        let _guard = self
            .lock_writes
            .lock()
            .map_err(|_| Error::internal_error())?;
        // The disk is the truth for a read-modify-write: the snapshot's lock may lag.
        let old = match LockState::load(&root.path) {
            LockState::Broken(e) => return Err(Error::invalid_params(e.message)),
            state => state.lock().cloned().unwrap_or_default(),
        };
        let all = links(&root.graph);
        let outcome = review::review(&root.graph, &old, &all, &selections);
        let wrote = outcome
            .lock
            .write(&root.path)
            .map_err(|e| Error::invalid_params(format!("cannot write {LOCK_FILE}: {e}")))?;
        if wrote {
            self.mutate(Mutation::Watched(vec![(root.path.join(LOCK_FILE), false)]));
        }
        Ok(serde_json::json!({
            "reviewed": outcome.selected,
            "accepted": outcome.updated.len(),
            "added": outcome.added,
            "pruned": outcome.pruned.len(),
            "implementations": outcome.implementations.len(),
            "wrote": wrote,
        }))
    }
}

/// Editor settings from a JSON object; what is ignored is logged.
fn editor_settings(value: &Value) -> Overrides {
    let (o, warnings) = Overrides::from_json(value);
    for w in warnings {
        tracing::warn!("editor setting ignored: {w}");
    }
    o
}

/// Adds an absolute `uri` next to every `path` in a trace, for editor navigation.
fn absolutise(value: &mut Value, root: &Path) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(p)) = map.get("path") {
                if let Some(uri) = convert::path_to_uri(&root.join(p)) {
                    map.insert("uri".into(), Value::String(uri.as_str().to_string()));
                }
            }
            for v in map.values_mut() {
                absolutise(v, root);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| absolutise(v, root)),
        _ => {}
    }
}

/// The code definition enclosing the cursor in an open source file, for the annotation
/// refactor.
fn code_target(text: &str, rel: &str, pos: crate::text::Pos) -> Option<actions::CodeTarget> {
    let crate::workspace::FileKind::Code(lang) = crate::workspace::kind_for_path(rel) else {
        return None;
    };
    let index = crate::text::LineIndex::new(text);
    let offset = index.line_start(pos.line)? + pos.col as usize;
    let (start, name, _) = crate::sources::code::definition_at(text, lang, offset.min(text.len()))?;
    let line = index.pos(start).line;
    let line_text = convert::line_of(text, line);
    let indent: String = line_text
        .chars()
        .take_while(|c| c.is_whitespace())
        .collect();
    let comment = if lang.name == "python" { "#" } else { "//" };
    Some(actions::CodeTarget {
        name,
        line,
        indent,
        comment,
    })
}

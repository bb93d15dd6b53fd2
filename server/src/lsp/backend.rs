//! The `LanguageServer` implementation as a table: each method hands its params to one
//! module under `requests`. `Backend` holds the two ways in: `mutate` (notifications, in
//! arrival order, to the writer thread) and `snapshot`/`file` (requests, which read the
//! writer's latest immutable snapshot and never the writer itself).

use super::context::FileCtx;
use super::requests::{self, initialize::ClientCaps};
use super::world::Snapshot;
use super::writer::{Envelope, Mutation, Outgoing, Writer};
use crate::config::Overrides;
use serde_json::Value;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, OnceLock};
use tokio::sync::watch;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

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

    pub(crate) fn client(&self) -> &Client {
        &self.client
    }

    pub(crate) fn caps(&self) -> ClientCaps {
        self.caps.get().cloned().unwrap_or_default()
    }

    /// Held while `throughline.review` reads, changes and writes the lock.
    pub(crate) fn lock_writes(&self) -> &Mutex<()> {
        &self.lock_writes
    }

    /// Hands a mutation to the writer. Called before any `.await` in a handler, so
    /// mutations keep the order in which the client sent them.
    pub(crate) fn mutate(&self, mutation: Mutation) {
        let Ok(guard) = self.tx.lock() else { return };
        if let Some(tx) = guard.as_ref() {
            let seq = self.seq.fetch_add(1, Ordering::SeqCst) + 1;
            if tx.send(Envelope { seq, mutation }).is_err() {
                tracing::error!("the writer thread has stopped");
            }
        }
    }

    /// The snapshot that includes every mutation sent before this call.
    pub(crate) async fn snapshot(&self) -> Option<Arc<Snapshot>> {
        let target = self.seq.load(Ordering::SeqCst);
        let mut rx = self.snapshots.get()?.clone();
        let snap = rx.wait_for(|s| s.seq >= target).await.ok()?.clone();
        Some(snap)
    }

    /// Implements: REQ-LSP-FAST-START
    /// `snap` again once the files whose symbols an answer about `ids` shows are parsed
    /// (`features::waiting`, `Mutation::Parse`): an answer given while the background
    /// parse runs is the one given after it.
    pub(crate) async fn with_symbols(&self, snap: Arc<Snapshot>, ids: &[String]) -> Arc<Snapshot> {
        let paths: Vec<PathBuf> = snap
            .roots
            .iter()
            .flat_map(|r| {
                ids.iter().flat_map(move |id| {
                    crate::features::waiting::files_for(&r.graph, id)
                        .into_iter()
                        .map(move |p| r.path.join(p))
                })
            })
            .collect();
        if paths.is_empty() {
            return snap;
        }
        self.mutate(Mutation::Parse(paths));
        self.snapshot().await.unwrap_or(snap)
    }

    /// Resolves a document, in the snapshot that includes every earlier change, to its
    /// root, relative path and text.
    pub(crate) async fn file(&self, uri: &Uri) -> Option<FileCtx> {
        let snap = self.snapshot().await?;
        FileCtx::resolve(snap, uri)
    }

    /// Stores what `initialize` learnt and starts the writer; indexing waits for
    /// `initialized`, which takes the folders and settings back (`initial_state`).
    pub(crate) fn start(
        &self,
        caps: &ClientCaps,
        folders: Vec<PathBuf>,
        settings: Option<Overrides>,
    ) {
        if let Ok(mut f) = self.folders.lock() {
            *f = folders;
        }
        if let Some(settings) = settings {
            if let Ok(mut s) = self.initial_settings.lock() {
                *s = Some(settings);
            }
        }
        self.start_writer(caps);
        let _ = self.caps.set(caps.clone());
    }

    /// The workspace folders and the editor settings (taken, so applied once) from
    /// `initialize`.
    pub(crate) fn initial_state(&self) -> (Vec<PathBuf>, Option<Overrides>) {
        let folders = self.folders.lock().map(|f| f.clone()).unwrap_or_default();
        let settings = self.initial_settings.lock().ok().and_then(|mut s| s.take());
        (folders, settings)
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
            let mut progress = std::collections::HashMap::new();
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
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        requests::initialize::initialize(self, params)
    }

    async fn initialized(&self, params: InitializedParams) {
        requests::initialize::initialized(self, params).await
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        requests::sync::did_open(self, params)
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        requests::sync::did_change(self, params)
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        requests::sync::did_close(self, params)
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        requests::sync::did_save(self, params)
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        requests::sync::did_change_watched_files(self, params)
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        requests::sync::did_change_configuration(self, params)
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        requests::sync::did_change_workspace_folders(self, params)
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        requests::definition::goto_definition(self, params).await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        requests::references::references(self, params).await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        requests::hover::hover(self, params).await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        requests::completion::completion(self, params).await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        requests::rename::prepare_rename(self, params).await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        requests::rename::rename(self, params).await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        requests::symbols::document_symbol(self, params).await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        requests::symbols::workspace_symbol(self, params).await
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        requests::code_lens::code_lens(self, params).await
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        requests::document_links::document_link(self, params).await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        requests::inlay_hints::inlay_hint(self, params).await
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        requests::pull_diagnostics::diagnostic(self, params).await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        requests::code_actions::code_action(self, params).await
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        requests::commands::execute_command(self, params).await
    }
}

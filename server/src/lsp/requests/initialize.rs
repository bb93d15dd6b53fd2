//! `initialize` and `initialized`: what the client can do (`ClientCaps`), what the server
//! offers in return, and the start of indexing once the client is ready.

use super::commands::{REVIEW, SHOW_REFERENCES, SHOW_TRACE};
use crate::lsp::backend::Backend;
use crate::lsp::context::editor_settings;
use crate::lsp::convert::{self, Encoding};
use crate::lsp::writer::Mutation;
use serde_json::Value;
use std::path::PathBuf;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

/// What the client told us it can do.
#[derive(Debug, Clone, Default)]
pub struct ClientCaps {
    pub encoding: Encoding,
    pub push: bool,
    pub pull_refresh: bool,
    pub dynamic_watchers: bool,
    pub progress: bool,
    pub resource_ops: bool,
}

pub fn initialize(backend: &Backend, params: InitializeParams) -> Result<InitializeResult> {
    let caps = client_caps(&params);
    let settings = params
        .initialization_options
        .as_ref()
        .filter(|o| o.is_object())
        .map(editor_settings);
    backend.start(&caps, folders(&params), settings);
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
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, CodeActionKind::REFACTOR]),
                ..Default::default()
            })),
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

pub async fn initialized(backend: &Backend, _: InitializedParams) {
    let (folders, settings) = backend.initial_state();
    if let Some(o) = settings {
        backend.mutate(Mutation::Settings(o));
    }
    backend.mutate(Mutation::Init { folders });
    if backend.caps().dynamic_watchers {
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
        if let Err(e) = backend
            .client()
            .register_capability(vec![registration])
            .await
        {
            tracing::warn!("file watcher registration failed: {e}");
        }
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

//! Notifications that change state: `didOpen`, `didChange`, `didClose`, `didSave`,
//! `didChangeWatchedFiles`, `didChangeConfiguration` and `didChangeWorkspaceFolders`.
//! Each becomes one writer mutation, sent synchronously (no `.await`) so mutations keep
//! the order in which the client sent them.

use crate::lsp::backend::Backend;
use crate::lsp::context::{canonical, editor_settings};
use crate::lsp::convert;
use crate::lsp::writer::Mutation;
use std::path::PathBuf;
use tower_lsp_server::ls_types::*;

pub fn did_open(backend: &Backend, params: DidOpenTextDocumentParams) {
    let Some(path) = canonical(&params.text_document.uri) else {
        return;
    };
    backend.mutate(Mutation::Open {
        path,
        text: params.text_document.text,
        version: params.text_document.version,
    });
}

pub fn did_change(backend: &Backend, params: DidChangeTextDocumentParams) {
    let Some(path) = canonical(&params.text_document.uri) else {
        return;
    };
    backend.mutate(Mutation::Change {
        path,
        version: params.text_document.version,
        changes: params.content_changes,
    });
}

pub fn did_close(backend: &Backend, params: DidCloseTextDocumentParams) {
    let Some(path) = canonical(&params.text_document.uri) else {
        return;
    };
    backend.mutate(Mutation::Close { path });
}

pub fn did_save(backend: &Backend, params: DidSaveTextDocumentParams) {
    // Saving the config applies it; clients without file watchers still get this.
    let Some(path) = canonical(&params.text_document.uri) else {
        return;
    };
    if path
        .file_name()
        .is_some_and(|n| n == crate::config::CONFIG_FILE)
    {
        backend.mutate(Mutation::Watched(vec![(path, false)]));
    }
}

pub fn did_change_watched_files(backend: &Backend, params: DidChangeWatchedFilesParams) {
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
    backend.mutate(Mutation::Watched(events));
}

/// With `{"settings": {"throughline": {...}}}` (or the object itself) the editor
/// settings are replaced; otherwise `throughline.toml` is re-read.
pub fn did_change_configuration(backend: &Backend, params: DidChangeConfigurationParams) {
    let settings = params
        .settings
        .get("throughline")
        .unwrap_or(&params.settings);
    if settings.is_object() {
        backend.mutate(Mutation::Settings(editor_settings(settings)));
    } else {
        backend.mutate(Mutation::ReloadConfig);
    }
}

pub fn did_change_workspace_folders(backend: &Backend, params: DidChangeWorkspaceFoldersParams) {
    let conv = |f: &Vec<WorkspaceFolder>| -> Vec<PathBuf> {
        f.iter()
            .filter_map(|f| convert::uri_to_path(&f.uri))
            .filter_map(|p| p.canonicalize().ok())
            .collect()
    };
    backend.mutate(Mutation::Folders {
        added: conv(&params.event.added),
        removed: conv(&params.event.removed),
    });
}

//! `workspace/executeCommand`: `throughline.showTrace` (an item's chain, with URIs),
//! `throughline.showReferences` (a code lens's locations) and `throughline.review`
//! (accepts links into `throughline.lock`).

use crate::features;
use crate::lsp::backend::Backend;
use crate::lsp::context::{canonical, FileCtx};
use crate::lsp::convert;
use crate::lsp::world::Snapshot;
use crate::lsp::writer::Mutation;
use serde_json::Value;
use std::path::Path;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

pub const SHOW_TRACE: &str = "throughline.showTrace";
pub const SHOW_REFERENCES: &str = "throughline.showReferences";
/// Accepts links into `throughline.lock`; the "Mark as reviewed" actions run it. Its
/// purpose is to write the lock, and nothing else writes to disk.
pub const REVIEW: &str = "throughline.review";

pub async fn execute_command(
    backend: &Backend,
    params: ExecuteCommandParams,
) -> Result<Option<Value>> {
    let Some(snap) = backend.snapshot().await else {
        return Ok(None);
    };
    match params.command.as_str() {
        SHOW_TRACE => {
            // Arguments: [id] or [{"id": ...}] or [uri, position].
            let id = match params.arguments.first() {
                Some(Value::String(s)) if !s.contains(':') => Some(s.clone()),
                Some(Value::Object(o)) => o.get("id").and_then(Value::as_str).map(str::to_string),
                Some(v) => {
                    let uri: Option<Uri> = serde_json::from_value(v.clone()).ok();
                    let pos: Option<Position> = params
                        .arguments
                        .get(1)
                        .and_then(|p| serde_json::from_value(p.clone()).ok());
                    uri.zip(pos).and_then(|(u, p)| {
                        let ctx = FileCtx::resolve(snap.clone(), &u)?;
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
            let snap = backend.with_symbols(snap, std::slice::from_ref(&id)).await;
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
        REVIEW => review(backend, &snap, &params.arguments).map(Some),
        other => Err(Error::invalid_params(format!("unknown command `{other}`"))),
    }
}

/// `throughline.review` with `[{"root": uri, "selections": [...]}]`: accepts the
/// selected links at their upstream's current version and writes the lock.
/// Implements: REQ-DRIFT-EDITOR
fn review(backend: &Backend, snap: &Snapshot, arguments: &[Value]) -> Result<Value> {
    use crate::drift::{links::links, review, LockState, LOCK_FILE};
    let arg = arguments.first().cloned().unwrap_or(Value::Null);
    let root_path = arg
        .get("root")
        .and_then(|v| serde_json::from_value::<Uri>(v.clone()).ok())
        .and_then(|u| canonical(&u));
    let selections: Vec<review::Selection> = arg
        .get("selections")
        .and_then(|v| serde_json::from_value(v.clone()).ok())
        .ok_or_else(|| Error::invalid_params("expected {\"root\": uri, \"selections\": [...]}"))?;
    let root = root_path
        .as_deref()
        .and_then(|p| snap.roots.iter().find(|r| r.path == p))
        .ok_or_else(|| Error::invalid_params("`root` is not a workspace folder"))?;
    let _guard = backend
        .lock_writes()
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
        backend.mutate(Mutation::Watched(vec![(root.path.join(LOCK_FILE), false)]));
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

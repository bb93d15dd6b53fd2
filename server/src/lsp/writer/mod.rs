//! The single writer: applies document changes and file events in order, rebuilds the
//! graph, publishes an immutable snapshot for requests, and pushes only the diagnostics
//! that changed. Runs on its own thread because indexing and rule runs are CPU work.

mod background;
mod roots;

use super::convert::{self, Encoding};
use super::full_parse::Progress;
use super::world::{innermost_root, Doc, Root, RootSnapshot, Snapshot};
use crate::config::{Overrides, CONFIG_FILE};
use crate::diagnostics::Diagnostic;
use ropey::Rope;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{mpsc::UnboundedSender, watch};
use tower_lsp_server::ls_types::{self as lsp, TextDocumentContentChangeEvent};

/// Typing bursts are coalesced: after a change, wait this long for the next one.
const DEBOUNCE: Duration = Duration::from_millis(8);
/// ...but never hold a batch longer than this.
const MAX_BATCH_WAIT: Duration = Duration::from_millis(40);
/// How often the writer looks for the background parser's batches while it runs.
const BACKGROUND_POLL: Duration = Duration::from_millis(20);
/// The progress tokens: indexing (ends with the first diagnostics), then the symbols.
pub const INDEXING: &str = "throughline/indexing";
pub const PARSING: &str = "throughline/symbols";

#[derive(Debug)]
pub enum Mutation {
    Init {
        folders: Vec<PathBuf>,
    },
    Open {
        path: PathBuf,
        text: String,
        version: i32,
    },
    Change {
        path: PathBuf,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
    },
    Close {
        path: PathBuf,
    },
    /// Files changed outside the editor: (path, deleted?).
    Watched(Vec<(PathBuf, bool)>),
    ReloadConfig,
    /// New editor settings (laid over every root's `throughline.toml`).
    Settings(Overrides),
    Folders {
        added: Vec<PathBuf>,
        removed: Vec<PathBuf>,
    },
    /// A request is about to show these files' symbols: parse those still waiting for
    /// the background parser now (`lsp::full_parse`).
    Parse(Vec<PathBuf>),
}

#[derive(Debug)]
pub struct Envelope {
    pub seq: u64,
    pub mutation: Mutation,
}

/// Messages for the async side, which talks to the client in order.
#[derive(Debug)]
pub enum Outgoing {
    Publish {
        uri: lsp::Uri,
        diagnostics: Vec<lsp::Diagnostic>,
        version: Option<i32>,
    },
    /// Pull mode: ask the client to pull again.
    Refresh,
    ProgressBegin {
        token: &'static str,
        title: String,
    },
    ProgressReport {
        token: &'static str,
        message: String,
        percentage: u32,
    },
    ProgressEnd {
        token: &'static str,
        message: String,
    },
    /// A line for the client's log (`window/logMessage`), e.g. which root was chosen.
    Log(String),
}

/// Implements: REQ-LSP-CORE, REQ-LSP-DIAGNOSTICS
pub struct Writer {
    pub encoding: Encoding,
    pub push: bool,
    roots: Vec<Root>,
    root_snaps: Vec<RootSnapshot>,
    /// Each client workspace folder and the root the rule found for it.
    folders: Vec<(PathBuf, PathBuf)>,
    docs: HashMap<PathBuf, Doc>,
    published: HashMap<PathBuf, Vec<Diagnostic>>,
    /// Files to publish again even if their diagnostics did not change (just opened).
    republish: HashSet<PathBuf>,
    snap_tx: watch::Sender<Arc<Snapshot>>,
    out: UnboundedSender<Outgoing>,
    /// Editor settings laid over each root's config.
    overrides: Arc<Overrides>,
    /// The last mutation applied: what a snapshot built without one still includes.
    last_seq: u64,
    /// A root was (re)indexed: its files wait for the background parser.
    reindexed: bool,
    background: Option<Receiver<Progress>>,
}

impl Writer {
    pub fn new(
        encoding: Encoding,
        push: bool,
        snap_tx: watch::Sender<Arc<Snapshot>>,
        out: UnboundedSender<Outgoing>,
    ) -> Writer {
        Writer {
            encoding,
            push,
            roots: Vec::new(),
            root_snaps: Vec::new(),
            folders: Vec::new(),
            docs: HashMap::new(),
            published: HashMap::new(),
            republish: HashSet::new(),
            snap_tx,
            out,
            overrides: Arc::new(Overrides::default()),
            last_seq: 0,
            reindexed: false,
            background: None,
        }
    }

    /// Runs until every sender is gone.
    pub fn run(mut self, rx: Receiver<Envelope>) {
        loop {
            // While the background parser runs, wake up for its batches too.
            let first = if self.background.is_some() {
                match rx.recv_timeout(BACKGROUND_POLL) {
                    Ok(e) => Some(e),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            } else {
                match rx.recv() {
                    Ok(e) => Some(e),
                    Err(_) => return,
                }
            };
            if let Some(first) = first {
                self.apply_batch(first, &rx);
            }
            self.drain_background();
            if std::mem::take(&mut self.reindexed) {
                self.start_background();
            }
        }
    }

    /// Applies one mutation and whatever arrives with it, rebuilds what changed and
    /// publishes.
    fn apply_batch(&mut self, first: Envelope, rx: &Receiver<Envelope>) {
        let mut batch = vec![first];
        let started = Instant::now();
        loop {
            let typing = matches!(
                batch.last().map(|e| &e.mutation),
                Some(Mutation::Change { .. })
            );
            let next = if typing && started.elapsed() < MAX_BATCH_WAIT {
                rx.recv_timeout(DEBOUNCE)
            } else {
                rx.try_recv().map_err(|_| RecvTimeoutError::Timeout)
            };
            match next {
                Ok(e) => batch.push(e),
                Err(_) => break,
            }
        }
        self.last_seq = batch.iter().map(|e| e.seq).fold(self.last_seq, u64::max);
        let batch_len = batch.len();
        let t_apply = Instant::now();
        let mut dirty: HashSet<usize> = HashSet::new();
        let mut structure_changed = false;
        for e in batch {
            structure_changed |= self.apply(e.mutation, &mut dirty);
        }
        let applied = t_apply.elapsed();
        if structure_changed {
            self.root_snaps = self.roots.iter_mut().map(Root::snapshot).collect();
            dirty = (0..self.roots.len()).collect();
        } else {
            for &i in &dirty {
                self.root_snaps[i] = self.roots[i].snapshot();
            }
        }
        let rebuilt = t_apply.elapsed();
        self.publish_snapshot(self.last_seq);
        self.publish_diagnostics(&dirty, structure_changed);
        tracing::debug!(
            batch = batch_len,
            waited_ms = (t_apply - started).as_secs_f64() * 1e3,
            apply_ms = applied.as_secs_f64() * 1e3,
            rebuild_ms = (rebuilt - applied).as_secs_f64() * 1e3,
            publish_ms = (t_apply.elapsed() - rebuilt).as_secs_f64() * 1e3,
            "applied a batch"
        );
    }

    fn root_of(&self, path: &Path) -> Option<(usize, String)> {
        innermost_root(self.roots.iter().map(|r| r.path.as_path()), path)
    }

    /// Applies one mutation; returns whether the set of roots changed.
    fn apply(&mut self, m: Mutation, dirty: &mut HashSet<usize>) -> bool {
        match m {
            Mutation::Init { folders } => {
                let _ = self.out.send(Outgoing::ProgressBegin {
                    token: INDEXING,
                    title: "Indexing workspace".into(),
                });
                self.init_roots(folders);
                // Buffers opened before indexing finished win over the disk.
                self.reapply_open_docs(None);
                let _ = self.out.send(Outgoing::ProgressEnd {
                    token: INDEXING,
                    message: format!("Indexed {} workspace folder(s)", self.folders.len()),
                });
                self.reindexed = true;
                return true;
            }
            Mutation::Folders { added, removed } => {
                self.change_folders(added, removed);
                self.reindexed = true;
                return true;
            }
            Mutation::Parse(paths) => {
                for path in paths {
                    if let Some((i, rel)) = self.root_of(&path) {
                        if self.roots[i].parse_now(&[rel.as_str()]) > 0 {
                            dirty.insert(i);
                        }
                    }
                }
            }
            Mutation::Open {
                path,
                text,
                version,
            } => {
                let adopted = self.adopt(&path);
                self.reindexed |= adopted;
                let doc = Doc {
                    rope: Rope::from_str(&text),
                    text: Arc::from(text),
                    version,
                };
                self.refresh_file(&path, Some(doc.text.clone()), dirty);
                // Publish the file's diagnostics again even if unchanged: some clients
                // (Eglot) drop diagnostics of files that were not open. What was published
                // stays known, so a buffer that fixes them all still clears them.
                self.republish.insert(path.clone());
                self.docs.insert(path, doc);
                return adopted;
            }
            Mutation::Change {
                path,
                version,
                changes,
            } => {
                let enc = self.encoding;
                let Some(doc) = self.docs.get_mut(&path) else {
                    return false;
                };
                for change in changes {
                    apply_change(&mut doc.rope, change, enc);
                }
                doc.version = version;
                doc.text = Arc::from(doc.rope.to_string());
                let text = doc.text.clone();
                self.refresh_file(&path, Some(text), dirty);
            }
            Mutation::Close { path } => {
                self.docs.remove(&path);
                let disk = std::fs::read(&path)
                    .ok()
                    .map(|b| Arc::<str>::from(String::from_utf8_lossy(&b).as_ref()));
                self.refresh_file(&path, disk, dirty);
            }
            Mutation::Watched(events) => {
                for (path, deleted) in events {
                    let Some((i, rel)) = self.root_of(&path) else {
                        continue;
                    };
                    if rel == CONFIG_FILE {
                        self.roots[i].reload_config();
                        self.reapply_open_docs(Some(i));
                        self.reindexed = true;
                        dirty.insert(i);
                    } else if !self.docs.contains_key(&path) {
                        let bytes = if deleted {
                            None
                        } else {
                            std::fs::read(&path).ok()
                        };
                        self.roots[i].update_file(&rel, bytes.as_deref());
                        dirty.insert(i);
                    }
                }
            }
            Mutation::Settings(o) => {
                self.overrides = Arc::new(o);
                for i in 0..self.roots.len() {
                    self.roots[i].overrides = self.overrides.clone();
                    self.roots[i].reload_config();
                    self.reapply_open_docs(Some(i));
                    dirty.insert(i);
                }
                self.reindexed = true;
            }
            Mutation::ReloadConfig => {
                for i in 0..self.roots.len() {
                    self.roots[i].reload_config();
                    self.reapply_open_docs(Some(i));
                    dirty.insert(i);
                }
                self.reindexed = true;
            }
        }
        false
    }

    /// After a reindex from disk, open buffers (of one root, or all) must win again.
    fn reapply_open_docs(&mut self, root: Option<usize>) {
        let open: Vec<(PathBuf, Arc<str>)> = self
            .docs
            .iter()
            .map(|(p, d)| (p.clone(), d.text.clone()))
            .collect();
        for (path, text) in open {
            if let Some((i, rel)) = self.root_of(&path) {
                if root.is_none_or(|r| r == i) {
                    self.roots[i].update_file(&rel, Some(text.as_bytes()));
                }
            }
        }
    }

    fn refresh_file(&mut self, path: &Path, text: Option<Arc<str>>, dirty: &mut HashSet<usize>) {
        let Some((i, rel)) = self.root_of(path) else {
            return;
        };
        if rel == CONFIG_FILE {
            // The config is applied from disk on save (a watched-file event), not per keystroke.
            return;
        }
        self.roots[i].update_file(&rel, text.as_deref().map(str::as_bytes));
        dirty.insert(i);
    }

    fn publish_snapshot(&self, seq: u64) {
        let docs: HashMap<PathBuf, Arc<str>> = self
            .docs
            .iter()
            .map(|(p, d)| (p.clone(), d.text.clone()))
            .collect();
        let roots = self
            .root_snaps
            .iter()
            .map(|r| RootSnapshot {
                path: r.path.clone(),
                graph: r.graph.clone(),
                diagnostics: r.diagnostics.clone(),
            })
            .collect();
        let _ = self.snap_tx.send(Arc::new(Snapshot {
            seq,
            encoding: self.encoding,
            roots,
            docs: Arc::new(docs),
        }));
    }

    /// Sends diagnostics only for files whose diagnostics changed.
    fn publish_diagnostics(&mut self, dirty: &HashSet<usize>, all: bool) {
        let mut current: HashMap<PathBuf, Vec<Diagnostic>> = HashMap::new();
        for (i, snap) in self.root_snaps.iter().enumerate() {
            if !all && !dirty.contains(&i) {
                continue;
            }
            for (rel, diags) in snap.diagnostics.iter() {
                let abs = snap.path.join(rel);
                // A file under a nested root is reported by that root alone.
                if self.root_of(&abs).is_some_and(|(j, _)| j == i) {
                    current.insert(abs, diags.clone());
                }
            }
        }
        let in_scope = |p: &Path, writer: &Writer| {
            all || writer.root_of(p).is_some_and(|(i, _)| dirty.contains(&i))
                || writer.root_of(p).is_none()
        };
        let mut changed: Vec<(PathBuf, Vec<Diagnostic>)> = Vec::new();
        for (path, diags) in &current {
            if self.published.get(path) != Some(diags) || self.republish.contains(path) {
                changed.push((path.clone(), diags.clone()));
            }
        }
        let cleared: Vec<PathBuf> = self
            .published
            .keys()
            .filter(|p| !current.contains_key(*p) && in_scope(p, self))
            .cloned()
            .collect();
        for path in cleared {
            self.published.remove(&path);
            changed.push((path, Vec::new()));
        }
        self.republish.clear();
        if changed.is_empty() {
            return;
        }
        if !self.push {
            for (path, diags) in changed {
                self.published.insert(path, diags);
            }
            let _ = self.out.send(Outgoing::Refresh);
            return;
        }
        changed.sort_by(|a, b| a.0.cmp(&b.0));
        for (path, diags) in changed {
            let Some(uri) = convert::path_to_uri(&path) else {
                continue;
            };
            let lsp_diags = self.to_lsp(&path, &diags);
            let version = self.docs.get(&path).map(|d| d.version);
            if diags.is_empty() {
                self.published.remove(&path);
            } else {
                self.published.insert(path, diags);
            }
            let _ = self.out.send(Outgoing::Publish {
                uri,
                diagnostics: lsp_diags,
                version,
            });
        }
    }

    fn text_of(&self, path: &Path) -> Arc<str> {
        match self.docs.get(path) {
            Some(d) => d.text.clone(),
            None => Arc::from(
                std::fs::read(path)
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
                    .unwrap_or_default(),
            ),
        }
    }

    fn to_lsp(&self, path: &Path, diags: &[Diagnostic]) -> Vec<lsp::Diagnostic> {
        let text = self.text_of(path);
        let root = self
            .root_of(path)
            .map(|(i, _)| self.roots[i].path.clone())
            .unwrap_or_default();
        diags
            .iter()
            .map(|d| to_lsp_diagnostic(d, &text, &root, self.encoding, &|p| self.text_of(p)))
            .collect()
    }
}

/// Converts one diagnostic; `text_of` supplies other files' texts for related locations.
pub fn to_lsp_diagnostic(
    d: &Diagnostic,
    text: &str,
    root: &Path,
    enc: Encoding,
    text_of: &dyn Fn(&Path) -> Arc<str>,
) -> lsp::Diagnostic {
    use crate::catalog::Severity;
    let severity = match d.severity {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Hint => lsp::DiagnosticSeverity::HINT,
    };
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|r| {
            let abs = root.join(&r.path);
            let uri = convert::path_to_uri(&abs)?;
            let t = text_of(&abs);
            Some(lsp::DiagnosticRelatedInformation {
                location: lsp::Location {
                    uri,
                    range: convert::to_lsp_range(&t, r.range, enc),
                },
                message: r.message.clone(),
            })
        })
        .collect();
    let message = match &d.help {
        Some(h) => format!("{}\nhelp: {h}", d.message),
        None => d.message.clone(),
    };
    lsp::Diagnostic {
        range: convert::to_lsp_range(text, d.range, enc),
        severity: Some(severity),
        code: Some(lsp::NumberOrString::String(d.code.to_string())),
        source: Some("throughline".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        data: d
            .suggestion
            .as_ref()
            .map(|s| serde_json::json!({ "suggestion": s })),
        ..Default::default()
    }
}

/// Applies one LSP content change to a rope. Positions past the end clamp to the end.
pub fn apply_change(rope: &mut Rope, change: TextDocumentContentChangeEvent, enc: Encoding) {
    let Some(range) = change.range else {
        *rope = Rope::from_str(&change.text);
        return;
    };
    let start = char_index(rope, range.start, enc);
    let end = char_index(rope, range.end, enc).max(start);
    rope.remove(start..end);
    rope.insert(start, &change.text);
}

fn char_index(rope: &Rope, p: lsp::Position, enc: Encoding) -> usize {
    let lines = rope.len_lines();
    if p.line as usize >= lines {
        return rope.len_chars();
    }
    let line = rope.line(p.line as usize);
    let line_start = rope.line_to_char(p.line as usize);
    // Columns past the end of the line mean its end, before the line break.
    let mut content_chars = line.len_chars();
    while content_chars > 0 && matches!(line.char(content_chars - 1), '\n' | '\r') {
        content_chars -= 1;
    }
    let within = match enc {
        Encoding::Utf16 => {
            let max_units = line.slice(..content_chars).len_utf16_cu();
            line.utf16_cu_to_char((p.character as usize).min(max_units))
        }
        Encoding::Utf8 => {
            let max_bytes = line.slice(..content_chars).len_bytes();
            line.byte_to_char((p.character as usize).min(max_bytes))
        }
    };
    line_start + within.min(content_chars)
}

// Verifies: REQ-LSP-CORE
#[cfg(test)]
mod tests {
    use super::*;

    fn change(l0: u32, c0: u32, l1: u32, c1: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(lsp::Range {
                start: lsp::Position {
                    line: l0,
                    character: c0,
                },
                end: lsp::Position {
                    line: l1,
                    character: c1,
                },
            }),
            range_length: None,
            text: text.into(),
        }
    }

    #[test]
    fn incremental_changes_with_utf16_columns() {
        let mut rope = Rope::from_str("🙂 REQ-1\nsecond\n");
        apply_change(&mut rope, change(0, 3, 0, 8, "REQ-22"), Encoding::Utf16);
        assert_eq!(rope.to_string(), "🙂 REQ-22\nsecond\n");
        apply_change(&mut rope, change(1, 99, 1, 99, "!"), Encoding::Utf16);
        assert_eq!(rope.to_string(), "🙂 REQ-22\nsecond!\n");
        apply_change(&mut rope, change(40, 0, 41, 0, "tail"), Encoding::Utf16);
        assert_eq!(rope.to_string(), "🙂 REQ-22\nsecond!\ntail");
    }

    #[test]
    fn utf8_columns() {
        let mut rope = Rope::from_str("é REQ-1\n");
        apply_change(&mut rope, change(0, 3, 0, 8, "BRIEF-2"), Encoding::Utf8);
        assert_eq!(rope.to_string(), "é BRIEF-2\n");
    }
}

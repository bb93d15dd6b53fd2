//! A test client that drives the real `throughline lsp` binary over stdio, like an editor.
//!
//! Fixtures are one string with `//- path` headers and at most one `$0` cursor marker,
//! written to a temporary workspace.

use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::process::{Child, Command};
use tokio::sync::{mpsc, oneshot, Mutex};

pub const TIMEOUT: Duration = Duration::from_secs(20);

/// A fixture workspace on disk, and where its cursor marker was.
pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub cursor: Option<(String, u32, u32)>,
}

impl Fixture {
    /// Parses `//- path` sections; `$0` marks the cursor (line and UTF-16 column).
    pub fn new(spec: &str) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let mut cursor = None;
        let mut current: Option<(String, String)> = None;
        let mut files = Vec::new();
        for line in spec.lines() {
            if let Some(path) = line.strip_prefix("//- ") {
                if let Some(f) = current.take() {
                    files.push(f);
                }
                current = Some((path.trim().to_string(), String::new()));
            } else if let Some((_, text)) = current.as_mut() {
                text.push_str(line);
                text.push('\n');
            }
        }
        files.extend(current);
        for (path, mut text) in files {
            if let Some(i) = text.find("$0") {
                let before = &text[..i];
                let line = before.matches('\n').count() as u32;
                let col = before.rsplit('\n').next().unwrap().encode_utf16().count() as u32;
                cursor = Some((path.clone(), line, col));
                text = text.replacen("$0", "", 1);
            }
            let abs = dir.path().join(&path);
            std::fs::create_dir_all(abs.parent().unwrap()).unwrap();
            std::fs::write(abs, text).unwrap();
        }
        Fixture { dir, cursor }
    }

    pub fn root(&self) -> PathBuf {
        self.dir.path().canonicalize().unwrap()
    }

    pub fn uri(&self, rel: &str) -> String {
        uri_of(&self.root().join(rel))
    }

    pub fn text(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root().join(rel)).unwrap()
    }

    /// `(uri, {line, character})` of the cursor marker.
    pub fn cursor(&self) -> (String, Value) {
        let (path, line, col) = self.cursor.clone().expect("fixture has a $0 cursor");
        (self.uri(&path), json!({ "line": line, "character": col }))
    }
}

pub fn uri_of(path: &Path) -> String {
    format!("file://{}", path.to_string_lossy())
}

type Pending = Arc<Mutex<HashMap<i64, oneshot::Sender<Value>>>>;

/// A running server and the messages it sent us.
pub struct Client {
    /// `None` when the server runs in-process.
    child: Option<Child>,
    stdin: Box<dyn AsyncWrite + Unpin + Send>,
    next_id: i64,
    pending: Pending,
    /// Notifications and server-to-client requests, in arrival order.
    inbox: mpsc::UnboundedReceiver<Value>,
    /// Replies to server-to-client requests, written before our next message.
    replies: mpsc::UnboundedReceiver<Value>,
    pub received: Vec<Value>,
}

impl Client {
    /// Starts the binary, sends `initialize` with `capabilities`, then `initialized`.
    pub async fn start(
        folders: &[PathBuf],
        capabilities: Value,
        options: Value,
    ) -> (Client, Value) {
        Client::start_env(folders, capabilities, options, &[]).await
    }

    /// [`Client::start`] with extra environment variables for the server.
    pub async fn start_env(
        folders: &[PathBuf],
        capabilities: Value,
        options: Value,
        env: &[(&str, &str)],
    ) -> (Client, Value) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_throughline"))
            .arg("lsp")
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .expect("throughline lsp starts");
        let stdin = Box::new(child.stdin.take().unwrap());
        let stdout = child.stdout.take().unwrap();
        Client::connect(Some(child), stdin, stdout, folders, capabilities, options).await
    }

    /// Runs the server in this process over a duplex pipe (as typos-lsp's harness does):
    /// the same `Backend`, without a process boundary.
    pub async fn in_process(
        folders: &[PathBuf],
        capabilities: Value,
        options: Value,
    ) -> (Client, Value) {
        let (client_end, server_end) = tokio::io::duplex(1 << 20);
        let (server_read, server_write) = tokio::io::split(server_end);
        let (service, socket) = tower_lsp_server::LspService::new(throughline::lsp::Backend::new);
        tokio::spawn(
            tower_lsp_server::Server::new(server_read, server_write, socket).serve(service),
        );
        let (read, write) = tokio::io::split(client_end);
        Client::connect(None, Box::new(write), read, folders, capabilities, options).await
    }

    async fn connect<R: AsyncRead + Unpin + Send + 'static>(
        child: Option<Child>,
        stdin: Box<dyn AsyncWrite + Unpin + Send>,
        stdout: R,
        folders: &[PathBuf],
        capabilities: Value,
        options: Value,
    ) -> (Client, Value) {
        let pending: Pending = Arc::new(Mutex::new(HashMap::new()));
        let (inbox_tx, inbox) = mpsc::unbounded_channel();
        let (reply_tx, replies) = mpsc::unbounded_channel::<Value>();
        tokio::spawn(read_loop(
            BufReader::new(stdout),
            pending.clone(),
            inbox_tx,
            reply_tx,
        ));
        let mut client = Client {
            child,
            stdin,
            next_id: 0,
            pending,
            inbox,
            replies,
            received: Vec::new(),
        };
        let workspace_folders: Vec<Value> = folders
            .iter()
            .map(|f| json!({ "uri": uri_of(f), "name": f.file_name().unwrap().to_string_lossy() }))
            .collect();
        let init = client
            .request(
                "initialize",
                json!({
                    "processId": null,
                    "rootUri": folders.first().map(|f| uri_of(f)),
                    "capabilities": capabilities,
                    "workspaceFolders": workspace_folders,
                    "initializationOptions": options,
                }),
            )
            .await
            .expect("initialize succeeds");
        client.notify("initialized", json!({})).await;
        (client, init)
    }

    async fn flush_replies(&mut self) {
        while let Ok(v) = self.replies.try_recv() {
            self.write(&v).await;
        }
    }

    async fn write(&mut self, msg: &Value) {
        let body = serde_json::to_string(msg).unwrap();
        let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.stdin
            .write_all(frame.as_bytes())
            .await
            .expect("server stdin open");
        self.stdin.flush().await.unwrap();
    }

    /// Writes `bytes` to the server's stdin as they are: hostile or split frames.
    pub async fn write_raw(&mut self, bytes: &[u8]) {
        self.flush_replies().await;
        self.stdin
            .write_all(bytes)
            .await
            .expect("server stdin open");
        self.stdin.flush().await.unwrap();
    }

    /// Closes the server's stdin and waits for it to exit (a liveness bound, not a
    /// performance assertion).
    pub async fn close_and_wait(mut self) -> std::process::ExitStatus {
        let mut child = self.child.take().expect("a server process");
        drop(self.stdin);
        tokio::time::timeout(TIMEOUT, child.wait())
            .await
            .expect("server exits after stdin closes")
            .unwrap()
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        self.flush_replies().await;
        self.write(&json!({ "jsonrpc": "2.0", "method": method, "params": params }))
            .await;
    }

    /// Sends a request and waits for its response: `Ok(result)` or `Err(error)`.
    pub async fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        self.flush_replies().await;
        self.next_id += 1;
        let id = self.next_id;
        let (tx, rx) = oneshot::channel();
        self.pending.lock().await.insert(id, tx);
        self.write(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }))
            .await;
        let deadline = tokio::time::Instant::now() + TIMEOUT;
        let mut rx = rx;
        let response = loop {
            // Keep answering server requests (the server may wait on one) while we wait.
            tokio::select! {
                r = &mut rx => break r.expect("response"),
                Some(reply) = self.replies.recv() => self.write(&reply).await,
                _ = tokio::time::sleep_until(deadline) => panic!("no response to {method} within {TIMEOUT:?}"),
            }
        };
        match response.get("error") {
            Some(e) => Err(e.clone()),
            None => Ok(response.get("result").cloned().unwrap_or(Value::Null)),
        }
    }

    /// Waits for the next notification or server request matching `pred`; earlier ones
    /// are kept in `received`.
    pub async fn wait_for(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(v) = self.received.iter().find(|v| pred(v)) {
            return v.clone();
        }
        let deadline = tokio::time::Instant::now() + TIMEOUT;
        loop {
            self.flush_replies().await;
            let next = tokio::time::timeout_at(deadline, self.inbox.recv()).await;
            match next {
                Ok(Some(v)) => {
                    self.received.push(v.clone());
                    if pred(&v) {
                        return v;
                    }
                }
                _ => panic!(
                    "timed out waiting for {what}; received: {:#?}",
                    self.received
                ),
            }
        }
    }

    /// Moves every message that has arrived so far into `received`, without waiting.
    pub fn drain(&mut self) {
        while let Ok(v) = self.inbox.try_recv() {
            self.received.push(v);
        }
    }

    /// The latest diagnostics published for `uri` that satisfy `pred`.
    pub async fn diagnostics_where(
        &mut self,
        uri: &str,
        pred: impl Fn(&[Value]) -> bool,
    ) -> Vec<Value> {
        let latest = |received: &[Value]| -> Option<Vec<Value>> {
            received
                .iter()
                .rev()
                .find(|v| {
                    v["method"] == "textDocument/publishDiagnostics" && v["params"]["uri"] == uri
                })
                .map(|v| {
                    v["params"]["diagnostics"]
                        .as_array()
                        .cloned()
                        .unwrap_or_default()
                })
        };
        // A file never published has no diagnostics.
        let now = latest(&self.received).unwrap_or_default();
        if pred(&now) {
            return now;
        }
        let deadline = tokio::time::Instant::now() + TIMEOUT;
        loop {
            self.flush_replies().await;
            match tokio::time::timeout_at(deadline, self.inbox.recv()).await {
                Ok(Some(v)) => {
                    self.received.push(v);
                    if let Some(d) = latest(&self.received) {
                        if pred(&d) {
                            return d;
                        }
                    }
                }
                _ => panic!(
                    "timed out waiting for diagnostics on {uri}; last: {:#?}",
                    latest(&self.received)
                ),
            }
        }
    }

    pub async fn open(&mut self, uri: &str, language: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": language, "version": 1, "text": text } }),
        )
        .await;
    }

    pub async fn shutdown(mut self) {
        let _ = self.request("shutdown", Value::Null).await;
        self.notify("exit", Value::Null).await;
        if let Some(mut child) = self.child.take() {
            let status = tokio::time::timeout(TIMEOUT, child.wait())
                .await
                .expect("server exits")
                .unwrap();
            assert!(status.success(), "server exit status {status:?}");
        }
    }
}

async fn read_loop<R: AsyncRead + Unpin>(
    mut reader: BufReader<R>,
    pending: Pending,
    inbox: mpsc::UnboundedSender<Value>,
    replies: mpsc::UnboundedSender<Value>,
) {
    loop {
        let mut length = None;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length: ") {
                length = v.parse::<usize>().ok();
            }
        }
        let Some(length) = length else {
            panic!("server wrote a frame without Content-Length")
        };
        let mut body = vec![0u8; length];
        if reader.read_exact(&mut body).await.is_err() {
            return;
        }
        let msg: Value = serde_json::from_slice(&body).expect("server writes JSON");
        let is_response = msg.get("method").is_none();
        if is_response {
            let waiting = match msg["id"].as_i64() {
                Some(id) => pending.lock().await.remove(&id),
                None => None,
            };
            match waiting {
                Some(tx) => {
                    let _ = tx.send(msg);
                }
                // Error replies to raw frames (`"id": null` or an id we chose): to the inbox.
                None => {
                    let _ = inbox.send(msg);
                }
            }
            continue;
        }
        if msg.get("id").is_some() {
            // A request from the server: acknowledge it like an editor would.
            let _ = replies.send(json!({ "jsonrpc": "2.0", "id": msg["id"], "result": null }));
        }
        let _ = inbox.send(msg);
    }
}

/// Client capabilities of a typical editor: UTF-16, push diagnostics, file creation in
/// workspace edits, dynamic file watchers, progress.
pub fn editor_caps() -> Value {
    json!({
        "general": { "positionEncodings": ["utf-16"] },
        "window": { "workDoneProgress": true },
        "workspace": {
            "workspaceEdit": { "documentChanges": true, "resourceOperations": ["create"] },
            "didChangeWatchedFiles": { "dynamicRegistration": true },
            "workspaceFolders": true
        },
        "textDocument": { "hover": { "contentFormat": ["markdown"] } }
    })
}

/// Starts a server on the fixture's root and waits until it has indexed.
pub async fn start(fixture: &Fixture) -> Client {
    start_with(fixture, editor_caps(), json!({})).await
}

pub async fn start_with(fixture: &Fixture, caps: Value, options: Value) -> Client {
    let (mut client, _) = Client::start(&[fixture.root()], caps, options).await;
    // A cheap request that waits for the first snapshot (the indexed workspace).
    client
        .request("workspace/symbol", json!({ "query": "" }))
        .await
        .expect("workspace/symbol");
    client
}

/// The `(line, character)` of a JSON range's start.
pub fn start_of(range: &Value) -> (u64, u64) {
    (
        range["start"]["line"].as_u64().unwrap(),
        range["start"]["character"].as_u64().unwrap(),
    )
}

/// The code actions at one position, as an editor asks for them.
pub async fn actions_at(client: &mut Client, uri: &str, line: u64, character: u64) -> Vec<Value> {
    let pos = json!({ "line": line, "character": character });
    let result = client
        .request("textDocument/codeAction", json!({ "textDocument": { "uri": uri }, "range": { "start": pos, "end": pos }, "context": { "diagnostics": [] } }))
        .await
        .unwrap();
    result.as_array().cloned().unwrap_or_default()
}

/// The action whose title starts with `prefix` (the test fails listing the titles).
pub fn titled<'a>(actions: &'a [Value], prefix: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with(prefix))
        .unwrap_or_else(|| {
            panic!(
                "no action starting with {prefix:?} in {:#?}",
                actions.iter().map(|a| &a["title"]).collect::<Vec<_>>()
            )
        })
}

//! `throughline mcp`: the chain for AI agents, as a Model Context Protocol server over
//! stdio, on the official Rust SDK (`rmcp`, pinned in Cargo.toml).
//!
//! The third front end over the engine, after the CLI and the language server. One
//! `Session` holds the index; each tool call first refreshes it (only changed files are
//! read again), then answers from it. No tool writes anything. stdin reaches rmcp only
//! through `crate::stdio`'s sanitising transport with line framing, so a bad line gets a
//! JSON-RPC error and the next request is served, as in the language server.

pub mod answers;
pub mod changes;
pub mod links;
pub mod tools;
pub mod trace_answer;

use crate::session::Session;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
    ListToolsResult, PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler, ServiceExt};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::sync::{Arc, Mutex};

use crate::stdio::{self, transport, Framing};

const INSTRUCTIONS: &str = "Throughline checks this repository's delivery chain: requirements \
    (Markdown headings with IDs), the code that implements them (`Implements: ID` comments) \
    and the tests that verify them (`Verifies: ID`). Call `status` for the overview, \
    `findings` for what is broken, `trace` before changing an item's code, `search` or \
    `suggest_links` to find what to cite, and `check_changes` before you finish.";

/// Implements: REQ-MCP-SERVER
/// Serves MCP on stdin/stdout for the workspace at `root` until the client closes stdin.
pub async fn serve_stdio(session: Session) -> Result<(), String> {
    let options = transport::Options {
        framing: Framing::Ndjson,
        limit: stdio::max_message_from_env(),
        extra: |_| Ok(()),
    };
    let io = transport::start(std::io::stdin(), tokio::io::stdout(), options);
    let server = Server {
        session: Arc::new(Mutex::new(session)),
    };
    let running = server
        .serve((io.input, io.output))
        .await
        .map_err(|e| format!("the MCP session did not start: {e}"))?;
    let ended = running.waiting().await;
    let _ = io.finished.await;
    ended.map(|_| ()).map_err(|e| e.to_string())
}

#[derive(Clone)]
pub struct Server {
    session: Arc<Mutex<Session>>,
}

impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new(
                "throughline",
                env!("CARGO_PKG_VERSION"),
            ))
            .with_instructions(INSTRUCTIONS)
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(tools::all()))
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        tools::all().into_iter().find(|t| t.name == name)
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let name = request.name.to_string();
        if !tools::all().iter().any(|t| t.name == name) {
            let names: Vec<String> = tools::all().iter().map(|t| t.name.to_string()).collect();
            return Err(ErrorData::invalid_params(
                format!("unknown tool `{name}`; the tools are: {}", names.join(", ")),
                None,
            ));
        }
        let args = Value::Object(request.arguments.unwrap_or_default());
        let session = self.session.clone();
        let result = tokio::task::spawn_blocking(move || {
            let mut session = session.lock().unwrap_or_else(|e| e.into_inner());
            call(&mut session, &name, args)
        })
        .await
        .unwrap_or_else(|e| error(format!("internal error: {e}")));
        Ok(result.into())
    }
}

/// Runs one tool on a fresh index.
fn call(session: &mut Session, name: &str, args: Value) -> CallToolResult {
    if let Err(e) = session.refresh() {
        return error(format!("the workspace cannot be read: {e}"));
    }
    let graph = session.graph().clone();
    let findings = session.findings().clone();
    match name {
        tools::STATUS => match parse::<tools::NoArgs>(name, args) {
            Ok(_) => reply(answers::status(&graph, &findings)),
            Err(e) => e,
        },
        tools::FINDINGS => match parse::<tools::FindingsArgs>(name, args) {
            Ok(a) => {
                let filter = answers::Filter {
                    codes: a.codes.as_deref(),
                    path: a.path.as_deref(),
                    item: a.item.as_deref(),
                    limit: a.limit.unwrap_or(100),
                };
                reply(answers::findings(&graph, &findings, &filter))
            }
            Err(e) => e,
        },
        tools::TRACE => match parse::<tools::TraceArgs>(name, args) {
            Ok(a) => {
                let id = a.id.trim();
                // The code sites it shows need their symbols named first.
                let paths = trace_answer::code_paths(&graph, id);
                let graph = if session.name_symbols(paths.iter().map(String::as_str)) {
                    session.graph().clone()
                } else {
                    graph
                };
                reply(trace_answer::answer(&graph, &session.root, id))
            }
            Err(e) => e,
        },
        tools::SEARCH => match parse::<tools::SearchArgs>(name, args) {
            Ok(a) => reply(links::search(
                &graph,
                &a.query,
                a.layer.as_deref(),
                a.limit.unwrap_or(10),
            )),
            Err(e) => e,
        },
        tools::SUGGEST_LINKS => match parse::<tools::SuggestArgs>(name, args) {
            Ok(a) => reply(links::suggest_links(&graph, &session.root, &a.path, a.line)),
            Err(e) => e,
        },
        tools::CHECK_CHANGES => match parse::<tools::ChangesArgs>(name, args) {
            Ok(a) => reply(changes::answer(
                &session.root,
                a.base.as_deref().unwrap_or("HEAD"),
            )),
            Err(e) => e,
        },
        _ => error(format!("unknown tool `{name}`")),
    }
}

/// The tool's arguments, or a tool error that names what is wrong with them (so the
/// agent can correct the call, as the MCP specification asks of input errors).
fn parse<T: DeserializeOwned>(tool: &str, args: Value) -> Result<T, CallToolResult> {
    serde_json::from_value(args).map_err(|e| error(format!("bad arguments for `{tool}`: {e}")))
}

fn reply<T: Serialize>(answer: answers::Answer<T>) -> CallToolResult {
    match answer {
        Ok((value, text)) => match serde_json::to_value(value) {
            Ok(v) => {
                let mut r = CallToolResult::structured(v);
                r.content = vec![ContentBlock::text(text)];
                r
            }
            Err(e) => error(format!("internal error: {e}")),
        },
        Err(message) => error(message),
    }
}

fn error(message: String) -> CallToolResult {
    CallToolResult::error(vec![ContentBlock::text(message)])
}

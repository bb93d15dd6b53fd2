//! End-to-end tests of the `throughline` CLI: the built binary on fixture workspaces.

mod agents;
mod bad_input;
mod baseline;
mod cache;
mod check;
mod code_drift;
mod common;
mod contracts;
mod dialects;
mod docs;
mod drift;
mod evidence;
mod export;
mod fast_path;
mod formats;
mod governance;
mod imports;
mod mcp;
mod roots;
mod route_paths;
mod trace;
mod trackers;
